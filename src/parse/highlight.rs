//! Syntax highlighting of fenced code blocks into CSS-classed HTML, once per distinct
//! block and build. Pure (but for a cache that only ever returns what it would compute).
//!
//! syntect with two-face's syntax set (bat's curated Sublime syntaxes, a superset of
//! syntect's own) and Oniguruma, the regex engine those grammars are written for (twice
//! as fast as the pure-Rust `fancy-regex` on them). Tokens become `<span class="hl-…">`,
//! never `style=` attributes: colours live in the theme's `content.css` (light and
//! dark), which [`stylesheet`] generates.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::text::escape_html;

/// Every class gets this prefix so the highlighting CSS cannot touch the site's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Class of the `<pre>` of a highlighted block: the stylesheet gives it the theme's
/// text and background colours.
pub const CODE_CLASS: &str = "hl-code";

/// Fence tokens that syntect's own lookup (file extension or syntax name, any case)
/// does not resolve, mapped to one it does. Only real equivalents are listed: a
/// language shown with an unrelated grammar would mislead readers, so anything else
/// stays unknown and the caller warns.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"), // shell sessions: prompts render as plain words, commands are highlighted
    ("shellsession", "bash"),
    ("text", "txt"),
    ("plain", "txt"),
    ("plaintext", "txt"),
    ("golang", "go"),
    ("docker", "dockerfile"),
    ("csharp", "cs"),
    ("jsonc", "json"), // Sublime's JSON syntax accepts comments
    // Hugo's (Chroma's) names for Go templates, which its own documentation and theme
    // sites write about: HTML with `{{ }}` actions, and plain text with them.
    ("go-html-template", "html"),
    ("gohtml", "html"),
    ("go-text-template", "txt"),
];

/// The syntax set, deserialised once per process (tens of ms, and only when a body has
/// a fenced block with a language) and shared by all rayon threads: `SyntaxSet` is
/// `Sync` and compiles each regex lazily, once. The "newlines" variant matches
/// `LinesWithEndings` below.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        bound_backtracking();
        two_face::syntax::extra_newlines()
    })
}

/// The most steps of backtracking Oniguruma takes in one match attempt and in one
/// search (all its attempts along a line), as fancy-regex's default bound. Past it the
/// search fails, and syntect takes a failed search as no match. Oniguruma's own bounds
/// are 10,000,000 a match and none a search: a long word (20 KB of letters, as a base64
/// blob is, in a Lua or Makefile block) took 8 s, quadratic in its length. Bounded, 300
/// blocks of 20 KB lines of ten kinds in 30 languages take 3.7 s of CPU instead of
/// 21.0 s, with the same HTML.
const RETRY_LIMIT: u32 = 1_000_000;

/// Sets [`RETRY_LIMIT`] for every search made after it: called once, before the syntax
/// set exists, so before any of its regexes runs.
fn bound_backtracking() {
    // SAFETY: the two functions only store a number in a global that Oniguruma reads
    // when a search begins; this runs once (under the `OnceLock` of `syntaxes`), before
    // any regex of the set exists, and no other code of the program uses Oniguruma.
    unsafe {
        onig_sys::onig_set_retry_limit_in_match(RETRY_LIMIT.into());
        onig_sys::onig_set_retry_limit_in_search(RETRY_LIMIT.into());
    }
}

/// A fence info string reduced to a lookup token: `Rust {.numberLines}` → `rust`,
/// `rust,ignore` → `rust` (rustdoc-style fences are common in Rust writing).
pub fn normalise(info: &str) -> String {
    let mut plain = String::with_capacity(info.len());
    let mut depth = 0usize;
    for c in info.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain.split(|c: char| c.is_whitespace() || c == ',').find(|w| !w.is_empty()).unwrap_or("").to_lowercase()
}

/// The syntax for a token from [`normalise`], or `None` when there is no grammar for it.
fn find_syntax(token: &str) -> Option<&'static SyntaxReference> {
    if token.is_empty() {
        return None;
    }
    let token = ALIASES.iter().find(|(alias, _)| *alias == token).map_or(token, |(_, target)| target);
    syntaxes().find_syntax_by_token(token)
}

/// True when `token` (from [`normalise`]) names a language brief can highlight.
pub fn is_known(token: &str) -> bool {
    find_syntax(token).is_some()
}

/// `code` highlighted as the language `token` (from [`normalise`]): HTML-escaped text in
/// `<span class="hl-…">` tokens, the inside of a `<code>` element. `None` when the
/// language is unknown, so the caller can warn and show plain code instead. The same
/// input always gives the same output, from any thread.
pub fn highlight(token: &str, code: &str) -> Option<String> {
    let syntax = find_syntax(token)?;
    // syntect can fail on a grammar (a context it cannot find, say; a search past the
    // backtracking bound is no match, not an error). The language is known, so plain
    // escaped text is more honest than a warning.
    Some(classed(syntax, code).unwrap_or_else(|| escape_html(code)))
}

/// `code` as classed spans by `syntax`; `None` when syntect fails on the grammar.
fn classed(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

/// A whole highlighted block, `<pre class="hl-code"><code class="language-…">…</code></pre>`,
/// from a cache shared by the build: each distinct (language, code) pair is highlighted
/// once however many bodies hold it. `None` when the language is unknown.
pub fn code_block(token: &str, code: &str) -> Option<String> {
    let key = key(token, code);
    let shard = &cache()[(key as usize) % SHARDS];
    let hit = shard.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
    if let Some(packed) = hit
        && let Some(block) = unpack(&packed)
    {
        return Some(block);
    }
    // Highlight without holding the lock: two threads may do the same block at once,
    // and both get the same HTML.
    let inner = highlight(token, code)?;
    let block =
        format!("<pre class=\"{CODE_CLASS}\"><code class=\"language-{}\">{inner}</code></pre>\n", escape_html(token));
    let packed: Arc<[u8]> = lz4_flex::compress_prepend_size(block.as_bytes()).into();
    let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= SHARD_CAP {
        // `serve` runs for days: keep memory bounded; a miss only costs time.
        map.clear();
    }
    map.insert(key, packed);
    Some(block)
}

/// A cached block, decompressed.
fn unpack(packed: &[u8]) -> Option<String> {
    String::from_utf8(lz4_flex::decompress_size_prepended(packed).ok()?).ok()
}

/// Shards of the cache, so rayon threads rarely wait on one another.
const SHARDS: usize = 16;

/// Blocks a shard keeps before it starts again.
const SHARD_CAP: usize = 8192;

/// Blocks are kept LZ4-compressed: highlighted HTML is about 25 times its code (a
/// span per token, with class lists) and most blocks are never asked for again, so
/// kept whole they were most of a large build's memory; compressed they are a tenth.
type Shard = Mutex<HashMap<u128, Arc<[u8]>>>;

fn cache() -> &'static [Shard; SHARDS] {
    static CACHE: OnceLock<[Shard; SHARDS]> = OnceLock::new();
    CACHE.get_or_init(|| std::array::from_fn(|_| Mutex::new(HashMap::new())))
}

/// 128 bits of two independent SipHash runs over (language, code): a collision, which
/// would show one block's HTML for another, is as likely as guessing a 128-bit key.
fn key(token: &str, code: &str) -> u128 {
    let half = |seed: u8| {
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        token.hash(&mut h);
        code.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// Bundled themes the stylesheet is made from (both MIT-licensed, in syntect's default
/// theme dump).
#[cfg(test)]
const LIGHT_THEME: &str = "InspiredGitHub";
#[cfg(test)]
const DARK_THEME: &str = "base16-ocean.dark";

/// CSS for the `hl-` classes: the light theme unless the reader prefers dark, the dark
/// theme then. The halves sit in exclusive media queries so that a rule only the light
/// theme has cannot leak light colours onto the dark background. Checked in as the
/// default theme's `static/content.css`, after its hand-written part (a test keeps the
/// two equal).
#[cfg(test)]
pub fn stylesheet() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::css_for_theme_with_class_style;
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        // Both names are in syntect's theme dump, and CSS generation cannot fail for
        // ClassStyle values.
        css_for_theme_with_class_style(&themes.themes[name], CLASS_STYLE).expect("bundled theme renders to CSS")
    };
    // The backgrounds text sits on: the theme's own, the default theme's `--panel` that
    // `.content pre` uses (light #f3f5f7, dark #1a1d21), and the diff line colours.
    let light = readable(&css(LIGHT_THEME), &[0xffffff, 0xf3f5f7, 0xffecec, 0xeaffea]);
    let dark = readable(&css(DARK_THEME), &[0x2b303b, 0x1a1d21]);
    format!(
        "/* Code highlighting, generated by brief from syntect themes {LIGHT_THEME} (light) and {DARK_THEME} (dark),\n   \
         text colours darkened or lightened to a contrast of at least {MIN_CONTRAST}:1 (WCAG AA). */\n\
         @media not all and (prefers-color-scheme: dark) {{\n{light}}}\n\
         @media (prefers-color-scheme: dark) {{\n{dark}}}\n"
    )
}

/// The contrast every text colour of the stylesheet has with its backgrounds.
#[cfg(test)]
const MIN_CONTRAST: f64 = 4.5;

/// WCAG relative luminance of a `0xRRGGBB` colour.
#[cfg(test)]
fn luminance(rgb: u32) -> f64 {
    let channel = |shift: u32| {
        let c = f64::from((rgb >> shift) & 0xff) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

/// WCAG contrast ratio of two colours.
#[cfg(test)]
fn contrast(a: u32, b: u32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `rgb` mixed toward black (`toward` 0) or white (`toward` 0xffffff) by `t` (0 to 1).
#[cfg(test)]
fn mix(rgb: u32, toward: u32, t: f64) -> u32 {
    let c = |shift: u32| {
        let (a, b) = (f64::from((rgb >> shift) & 0xff), f64::from((toward >> shift) & 0xff));
        ((a + (b - a) * t).round() as u32).min(255) << shift
    };
    c(16) | c(8) | c(0)
}

/// The theme CSS with each rule's text colour moved toward black (on light
/// backgrounds) or white (on dark ones), in small steps, until it reaches
/// [`MIN_CONTRAST`] with its rule's own background, or else with every one of
/// `backgrounds`. Hue is kept; colours that pass already are left alone.
#[cfg(test)]
fn readable(css: &str, backgrounds: &[u32]) -> String {
    let hex = |block: &str, key: &str| {
        block.lines().find_map(|l| l.trim().strip_prefix(key)).and_then(|v| {
            let v = v.trim().trim_end_matches(';').trim_start_matches('#');
            (v.len() == 6).then(|| u32::from_str_radix(v, 16).ok()).flatten()
        })
    };
    let mut out = String::with_capacity(css.len());
    for block in css.split_inclusive('}') {
        let Some(fg) = hex(block, "color:") else {
            out.push_str(block);
            continue;
        };
        let own = hex(block, "background-color:");
        let bgs: Vec<u32> = own.map_or_else(|| backgrounds.to_vec(), |b| vec![b]);
        let light_bg = luminance(bgs[0]) > 0.18;
        let toward = if light_bg { 0x000000 } else { 0xffffff };
        let ok = |c: u32| bgs.iter().all(|&b| contrast(c, b) >= MIN_CONTRAST);
        let fixed = (0..=100).map(|k| mix(fg, toward, f64::from(k) / 100.0)).find(|&c| ok(c)).unwrap_or(toward);
        out.push_str(&block.replacen(&format!("color: #{fg:06x}"), &format!("color: #{fixed:06x}"), 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gives_classed_spans_without_inline_styles() {
        let html = highlight("rust", "fn main() { let x = 1; }\n").unwrap();
        assert!(html.starts_with(r#"<span class="hl-source hl-rust">"#), "{html}");
        assert!(html.contains(r#"<span class="hl-storage hl-type hl-function hl-rust">fn</span>"#), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_or_empty_language_gives_none() {
        assert_eq!(highlight("no-such-language", "x"), None);
        assert_eq!(highlight("", "x"), None);
        assert_eq!(highlight(&normalise("{.numberLines}"), "x"), None);
        assert!(code_block("no-such-language", "x").is_none());
    }

    #[test]
    fn html_in_code_is_escaped() {
        let html = highlight("html", "<script>alert('&')</script>\n").unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        assert!(html.contains("&amp;"), "{html}");
    }

    #[test]
    fn info_string_is_normalised() {
        assert_eq!(normalise("Rust {.numberLines startFrom=3}"), "rust");
        assert_eq!(normalise("rust,ignore"), "rust");
        assert_eq!(normalise("  PY  title=x"), "py");
        assert_eq!(normalise("{.x} sh"), "sh");
    }

    #[test]
    fn common_aliases_resolve() {
        for lang in [
            "sh",
            "bash",
            "shell",
            "console",
            "zsh",
            "js",
            "javascript",
            "yml",
            "yaml",
            "py",
            "rs",
            "json",
            "c",
            "ts",
            "toml",
            "dockerfile",
            "docker",
            "go",
            "golang",
            "html",
            "diff",
            "sql",
            "cpp",
            "text",
            "makefile",
            "go-html-template",
            "go-text-template",
        ] {
            assert!(is_known(lang), "{lang}");
        }
    }

    /// Every grammar of the set compiles and runs on code: none falls back to plain
    /// text (the error path of [`highlight`]). PowerShell is one of the 7 grammars
    /// two-face leaves out of its set for fancy-regex, which cannot run them (with
    /// ARM Assembly, Hosts File, JavaScript (Babel), Elixir's regular expressions, Salt
    /// State and VimHelp): its blocks were plain, with an unknown-language warning.
    #[test]
    fn every_grammar_highlights_code() {
        let code = "Get-ChildItem | Where-Object { $_.Length -gt 1kb } # c\n$x = @{ a = 1 }\n\
                    let s = \"q\" + 'r' (1, 2.5) [3] <t>; // d\n";
        let failed: Vec<&str> =
            syntaxes().syntaxes().iter().filter(|s| classed(s, code).is_none()).map(|s| s.name.as_str()).collect();
        assert!(failed.is_empty(), "grammars that fail: {failed:?}");
        let ps = highlight("powershell", code).unwrap();
        assert!(ps.contains(r#"<span class="hl-support hl-function hl-powershell">Get-ChildItem</span>"#), "{ps}");
    }

    /// Oniguruma's backtracking is bounded once the syntax set is made (its default
    /// bound of a search is none).
    #[test]
    fn backtracking_is_bounded() {
        assert!(is_known("lua"));
        // SAFETY: the getters read the globals `bound_backtracking` set.
        let (in_match, in_search) =
            unsafe { (onig_sys::onig_get_retry_limit_in_match(), onig_sys::onig_get_retry_limit_in_search()) };
        assert_eq!((in_match, in_search), (RETRY_LIMIT.into(), RETRY_LIMIT.into()));
        // A word Lua's grammar backtracks on still gives highlighted HTML.
        let line = format!("{}!", "a".repeat(2000));
        let html = highlight("lua", &line).unwrap();
        assert!(
            html.starts_with(r#"<span class="hl-source hl-lua">"#),
            "{}",
            html.chars().take(80).collect::<String>()
        );
    }

    #[test]
    fn cached_blocks_equal_fresh_ones_across_threads() {
        let code = "def f(x):\n    return {'a': x, \"b\": [1, 2.5]}  # c\n";
        let fresh = highlight("python", code).unwrap();
        let blocks: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(|| code_block("python", code).unwrap())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let expected = format!("<pre class=\"hl-code\"><code class=\"language-python\">{fresh}</code></pre>\n");
        assert!(blocks.iter().all(|b| *b == expected));
        // A hit (the block is cached now) gives the same HTML.
        assert_eq!(code_block("python", code).unwrap(), expected);
        // Same code, another language: another entry.
        assert_ne!(code_block("ruby", code).unwrap(), blocks[0]);
    }

    /// The generated part of the theme's content.css (after its marker line) is what
    /// [`stylesheet`] makes; `BRIEF_BLESS=1 cargo test theme_stylesheet` rewrites it
    /// after a change of themes or a syntect update.
    #[test]
    fn theme_stylesheet_is_generated() {
        const MARKER: &str = "/* Generated code highlighting starts here. */\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/content.css");
        let css = stylesheet();
        let on_disk = std::fs::read_to_string(path).unwrap();
        let (hand, generated) = on_disk.split_once(MARKER).expect("content.css has its marker line");
        if std::env::var_os("BRIEF_BLESS").is_some() {
            std::fs::write(path, format!("{hand}{MARKER}{css}")).unwrap();
        } else {
            assert!(generated == css, "{path} is out of date: run `BRIEF_BLESS=1 cargo test theme_stylesheet`");
        }
        assert!(css.contains("@media not all and (prefers-color-scheme: dark)"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert_eq!(css.matches(&format!(".{CODE_CLASS} {{")).count(), 2);
    }

    #[test]
    fn every_text_colour_is_readable() {
        let css = stylesheet();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").unwrap();
        assert_eq!(readable(light, &[0xffffff, 0xf3f5f7, 0xffecec, 0xeaffea]), light);
        assert_eq!(readable(dark, &[0x2b303b, 0x1a1d21]), dark);
        assert!((contrast(0xffffff, 0x000000) - 21.0).abs() < 1e-9);
        assert_eq!(mix(0x808080, 0xffffff, 1.0), 0xffffff);
    }
}
