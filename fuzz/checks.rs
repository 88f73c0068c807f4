//! The checks of every fuzz target, shared by the targets (`fuzz_targets/*.rs`) and by
//! `tests/bad_input.rs`, which replays `fuzz/seeds/` and `fuzz/regressions/` through
//! them on every `cargo test` (stable Rust, no libFuzzer). Each takes raw bytes and
//! panics when brief breaks a promise.

use std::path::Path;

use brief::config::Config;
use brief::diag::Diagnostic;
use brief::parse::frontmatter::{self, SplitError};
use brief::parse::markdown::render;
use brief::parse::slug::{is_safe_segment, slugify};
use brief::parse::summary::{MAX_WORDS, sanitize};
use brief::parse::text::html_to_text;
use brief::parse::{parse_briefing, parse_page};
use brief::yaml;

/// The longest valid UTF-8 prefix, as the real pipeline would never see the rest.
fn text(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default(),
    }
}

/// Front matter: `frontmatter::split`, then `frontmatter::parse`, the taxonomy parser
/// and the YAML helpers that find keys and value positions for messages.
pub fn fm_split_parse(data: &[u8]) {
    let text = text(data);
    match frontmatter::split(text) {
        Ok(s) => {
            // Both parts are slices of the text, in order, after the opening line.
            let base = text.as_ptr() as usize;
            let y = s.yaml.as_ptr() as usize - base;
            let b = s.body.as_ptr() as usize - base;
            assert!(y + s.yaml.len() <= b && b + s.body.len() == text.len(), "split parts out of place");
            assert_eq!(s.yaml_line, 2);
            assert_eq!(s.body_line, 3 + s.yaml.matches('\n').count(), "body_line");
            let _ = frontmatter::parse(s.yaml);
            let _ = frontmatter::parse_taxonomies(s.yaml, &["regions".to_string(), "tags".to_string()]);
            yaml_helpers(s.yaml);
        }
        Err(SplitError::Missing | SplitError::Unclosed) => {}
    }
    // The helpers also run on whole site.yaml texts.
    yaml_helpers(text);
}

fn yaml_helpers(text: &str) {
    let lines = text.lines().count();
    for k in yaml::top_level_keys(text) {
        assert!(k.line >= 1 && k.line <= lines, "key line {} of {lines}", k.line);
        let (l, c) = yaml::value_position(text, &k.name);
        assert!(l >= 1 && c >= 1);
    }
    if let Err(e) = frontmatter::parse(text) {
        assert!(!e.message.contains(" at line "), "position left in message: {}", e.message);
    }
}

/// `slug::slugify`: whatever the text, the slug is one safe path segment or empty, and
/// empty only when the text has no letters or digits.
pub fn slug(data: &[u8]) {
    let text = text(data);
    let s = slugify(text);
    if s.is_empty() {
        assert!(!text.chars().any(char::is_alphanumeric), "empty slug for text with letters or digits: {text:?}");
        return;
    }
    assert!(is_safe_segment(&s), "unsafe slug {s:?} from {text:?}");
    assert!(!s.contains(['/', '\\', '\0']) && s != "." && s != "..", "unsafe slug {s:?}");
    assert!(!s.chars().any(|c| c.is_control() || c.is_whitespace()), "control or space in slug {s:?}");
    assert!(!s.starts_with(['-', '_']) && !s.ends_with(['-', '_']), "slug {s:?} not trimmed");
    assert!(s.chars().count() <= 90, "slug of {} chars", s.chars().count());
}

/// `markdown::render`, the Markdown pipeline of every body: unique heading ids,
/// consistent word counts, and no `<script` element the input did not contain.
pub fn markdown(data: &[u8]) {
    let body = text(data);
    let r = render(body);
    assert_eq!(r.word_count, r.text.split_whitespace().count(), "word count");
    let mut ids = std::collections::HashSet::new();
    for t in &r.toc {
        assert!((1..=6).contains(&t.level));
        assert!(!t.id.is_empty(), "empty heading id");
        assert!(ids.insert(t.id.clone()), "duplicate heading id {:?}", t.id);
    }
    let input = body.to_ascii_lowercase();
    for html in std::iter::once(&r.html).chain(r.before_more.iter()).chain(r.first_paragraph.iter()) {
        if html.to_ascii_lowercase().contains("<script") {
            assert!(input.contains("<script"), "a <script> element made from text without one");
        }
    }
}

fn configs() -> &'static [Config; 2] {
    static C: std::sync::OnceLock<[Config; 2]> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let other = Config::from_str("timezone: Asia/Seoul\ntaxonomies: [tags, regions]\n", Path::new("site.yaml"))
            .expect("valid config");
        [Config::default(), other]
    })
}

fn check_diags(text: &str, diags: &[Diagnostic], made: bool) {
    let lines = text.lines().count().max(1);
    for d in diags {
        let shown = d.to_string();
        assert!(shown.contains("content/fuzz.md"), "diagnostic without its file: {shown}");
        assert!(d.line <= lines + 1, "line {} past the end ({lines} lines): {shown}", d.line);
        assert!(d.hint.is_some(), "diagnostic without a hint: {shown}");
    }
    let errors = diags.iter().any(Diagnostic::is_error);
    assert_eq!(made, !errors, "item made = {made} but errors = {errors}: {diags:?}");
}

/// The whole single-file pipeline: text → `parse::parse_briefing` / `parse_page` with the
/// default config and one with a second taxonomy and a time zone; every diagnostic is
/// printed. A made item is valid; a refused one says why, on a real line, with a hint.
pub fn single_file(data: &[u8]) {
    let text = text(data);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path = Path::new("content/fuzz.md");
    for cfg in configs() {
        let p = parse_briefing(path, &Default::default(), text, cfg);
        check_diags(text, &p.diags, p.item.is_some());
        if let Some(b) = &p.item {
            assert!(is_safe_segment(&b.slug), "unsafe slug {:?}", b.slug);
            assert!(!b.title.trim().is_empty());
            assert_eq!(b.terms.len(), cfg.taxonomies.len());
            for terms in &b.terms {
                for t in terms {
                    assert!(!slugify(t).is_empty(), "term {t:?} without a slug");
                }
            }
            // What lists and feeds show: a summary with no script, well-formed (the
            // sanitizer leaves it as it is) and within the word limit when taken from
            // the body; a title whose HTML holds no tag but the inline ones of Markdown.
            let body = b.content.unpack();
            let summary_html = body.summary_html();
            assert!(!summary_html.to_ascii_lowercase().contains("<script"), "script in {summary_html:?}");
            if !b.summary_is_explicit {
                assert_eq!(sanitize(summary_html), summary_html, "summary not well-formed");
                let words = html_to_text(summary_html).split_whitespace().count();
                assert!(words <= MAX_WORDS, "summary of {words} words: {summary_html:?}");
            }
            if let Some(html) = &b.title_html {
                let mut rest = html.to_string();
                for tag in ["<code>", "</code>", "<em>", "</em>", "<strong>", "</strong>", "<del>", "</del>"] {
                    rest = rest.replace(tag, "");
                }
                assert!(!rest.contains('<'), "raw tag in title HTML {html:?}");
            }
            for s in &b.sources {
                if let Some(u) = &s.url {
                    let l = u.to_ascii_lowercase();
                    assert!(
                        l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:"),
                        "source URL {u:?} let through"
                    );
                }
            }
        }
        let p = parse_page(path, &Default::default(), text, cfg);
        check_diags(text, &p.diags, p.item.is_some());
        if let Some(pg) = &p.item {
            assert!(is_safe_segment(&pg.slug), "unsafe page slug {:?}", pg.slug);
        }
    }
}

/// `Config::from_str`, the site.yaml parser: a valid config has a base path that starts
/// and ends with `/`, a permalink with `:slug`, and safe taxonomy names; every error
/// has a hint.
pub fn site_config(data: &[u8]) {
    let text = text(data);
    match Config::from_str(text, Path::new("site.yaml")) {
        Ok(c) => {
            assert!(c.base_path.starts_with('/') && c.base_path.ends_with('/'), "base_path {:?}", c.base_path);
            assert!(!c.base_path.split('/').any(|s| s == ".."), "base_path {:?}", c.base_path);
            assert!(c.permalink.contains(":slug") && c.permalink.ends_with('/'));
            assert!(c.paginate >= 1 && c.feed_limit >= 1);
            for t in &c.taxonomies {
                assert!(is_safe_segment(t), "taxonomy {t:?}");
            }
            let _ = c.absolute("/tags/");
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in &diags {
                let _ = d.to_string();
                assert!(d.hint.is_some(), "site.yaml diagnostic without a hint: {d}");
            }
        }
    }
}

/// A target's check.
pub type Check = fn(&[u8]);

/// Every target by name, for the replay test.
/// Links: whatever a page's HTML holds (`%` before multi-byte text, `..`, entities),
/// resolving its links neither panics nor yields a path that climbs out of the site.
pub fn links(data: &[u8]) {
    let html = text(data);
    for (page, base) in [("index.html", "/"), ("2024/07/12/x/index.html", "/b/")] {
        for (target, file, _) in brief::links::check::internal_links(html, page, base, "https://h.example") {
            assert!(!file.starts_with('/') || file.starts_with('\u{0}'), "absolute file `{file}` from `{target}`");
            assert!(!file.split('/').any(|s| s == ".." || s == "."), "`{file}` from `{target}` climbs out");
        }
    }
}

pub const TARGETS: &[(&str, Check)] = &[
    ("links", links),
    ("fm_split_parse", fm_split_parse),
    ("slugify", slug),
    ("markdown", markdown),
    ("single_file", single_file),
    ("site_config", site_config),
];
