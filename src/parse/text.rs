//! Text helpers shared by parse and the outputs: HTML escaping, the plain text of
//! rendered HTML, and the words a search index keeps.

/// Whether XML 1.0 forbids `c` in a document: a C0 control other than tab, line feed
/// and carriage return, or U+FFFE, U+FFFF (surrogates cannot be in a `str`). HTML
/// forbids the same controls (its text may hold a form feed, which XML's may not).
pub fn is_forbidden_in_xml(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `s` with each character XML forbids (see [`is_forbidden_in_xml`]) replaced by
/// U+FFFD, as Go's XML escaping (Hugo's) does; borrowed when there is none, which a
/// byte scan tells (U+FFFE and U+FFFF start with the byte 0xEF).
pub fn replace_forbidden(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_forbidden(s.as_bytes()) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars().map(|c| if is_forbidden_in_xml(c) { '\u{FFFD}' } else { c }).collect::<String>().into()
}

/// The templates' escaping, of HTML and XML alike (Tera's `escape_fn`): Tera's own HTML
/// escaping of what [`replace_forbidden`] leaves, so a title pasted with a vertical tab
/// neither makes a feed or sitemap that XML parsers reject nor an invalid HTML page.
pub fn escape_markup(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    tera::escape_html(&replace_forbidden(input), out)
}

/// Whether the UTF-8 text `b` holds a character XML forbids, told from its bytes alone:
/// the C0 controls are single bytes, and U+FFFE and U+FFFF are `EF BF BE` and `EF BF
/// BF`. Every body and escaped value passes here, most of them with line breaks, so no
/// character is decoded; the controls are looked for in blocks without an early exit,
/// which the compiler makes vector code of.
fn has_forbidden(b: &[u8]) -> bool {
    let c0 = |x: u8| x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r';
    b.chunks(64).any(|block| block.iter().fold(false, |found, &x| found | c0(x)))
        || memchr::memchr_iter(0xEF, b)
            .any(|i| b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)))
}

/// Escape text for HTML content and attribute values; characters XML forbids become
/// U+FFFD (see [`replace_forbidden`]).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in replace_forbidden(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of a fragment of HTML we rendered or sanitized ourselves: tags dropped
/// (a space where a block or line break ends, nothing for inline ones, so
/// `<em>x</em>.` is `x.`), entities decoded, whitespace collapsed. Attribute values
/// are double-quoted in such HTML, and may hold `>`.
pub fn html_to_text(html: &str) -> String {
    const BREAKS: &[&str] = &[
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "hr",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let mut quoted = false;
        let end = after
            .bytes()
            .position(|b| {
                quoted ^= b == b'"';
                b == b'>' && !quoted
            })
            .unwrap_or(after.len());
        let tag = &after[..end];
        let name =
            tag.trim_start_matches('/').split(|c: char| c.is_ascii_whitespace() || c == '/').next().unwrap_or("");
        if BREAKS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            out.push(' ');
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words too common to help a search (all of three to five bytes).
fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "and"
            | "for"
            | "that"
            | "with"
            | "this"
            | "from"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "its"
            | "but"
            | "not"
            | "you"
            | "his"
            | "her"
            | "they"
            | "their"
            | "them"
            | "which"
            | "will"
            | "would"
            | "been"
            | "into"
            | "than"
            | "then"
            | "also"
            | "can"
            | "our"
            | "all"
            | "any"
            | "who"
            | "what"
            | "when"
            | "where"
            | "how"
            | "there"
            | "these"
            | "those"
            | "such"
            | "each"
            | "other"
    )
}

/// A character of a word for search: a letter, a mark or a number (`[\p{L}\p{M}\p{N}]`
/// in the search page's JavaScript). Marks belong to the letter before them: a vowel
/// sign or virama (`भारत`, `हिन्दी`), Arabic vowel points (`مُحَمَّد`), Thai tone marks
/// (`ใหม่`) are inside a word, not between two.
pub fn is_word_char(c: char) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark | GeneralCategoryGroup::Number
    )
}

/// Call `each` with every word of `text` for search: runs of [`is_word_char`], where a
/// dot between two numbers stays inside the word, so a version or a figure (`2.5.0`,
/// `1.5`) is one word, found by a query of itself; the search page's `words()` splits so
/// too. A dot after a word (`2024.`) or between letters (`example.org`) splits.
pub fn word_runs<'a>(text: &'a str, mut each: impl FnMut(&'a str)) {
    let mut start = None;
    let mut after_number = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inside =
            is_word_char(c) || (c == '.' && after_number && chars.peek().is_some_and(|&(_, d)| d.is_numeric()));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                each(&text[from..i]);
                start = None;
            }
            _ => {}
        }
        after_number = c.is_numeric();
    }
    if let Some(from) = start {
        each(&text[from..]);
    }
}

/// Whether `bytes[i]` is a dot between two ASCII digits (see [`word_runs`]).
pub fn dot_in_number(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'.' && i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// The distinct words of `text` worth searching: lowercase, two or more characters,
/// no stop words, in first-seen order.
pub fn search_words(text: &str) -> String {
    if text.is_ascii() { ascii_search_words(text) } else { unicode_search_words(text) }
}

/// [`search_words`] of any text.
fn unicode_search_words(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    seen.reserve(lower.len() / 8);
    let mut out = String::with_capacity(lower.len() / 2);
    fn consider<'a>(w: &'a str, seen: &mut rustc_hash::FxHashSet<&'a str>, out: &mut String) {
        // Stop words are three to five bytes long: longer words skip that check.
        if w.len() < 2 || (w.len() < 5 && w.chars().count() < 2) || (w.len() <= 5 && is_stop_word(w)) || !seen.insert(w)
        {
            return;
        }
        push_word(out, w);
    }
    word_runs(&lower, |w| {
        if !w.chars().any(is_cjk) {
            consider(w, &mut seen, &mut out);
            return;
        }
        cjk_pieces(w, |piece, cjk| {
            if !cjk {
                consider(piece, &mut seen, &mut out);
            } else if seen.insert(piece) {
                push_word(&mut out, piece);
            }
        });
    });
    out
}

/// [`search_words`] of ASCII text (most bodies), on bytes: for ASCII, alphanumeric
/// bytes are exactly the alphanumeric characters, every index is a character boundary,
/// and a word of two bytes or more has two characters or more.
fn ascii_search_words(text: &str) -> String {
    /// Letters and digits, by byte.
    static WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = (b as u8).is_ascii_alphanumeric();
            b += 1;
        }
        table
    };
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut seen: rustc_hash::FxHashSet<&str> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(bytes.len() / 8, Default::default());
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && !WORD[usize::from(bytes[i])] {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && (WORD[usize::from(bytes[i])] || dot_in_number(bytes, i)) {
            i += 1;
        }
        let w = &lower[start..i];
        // Stop words are three to five bytes long.
        if w.len() >= 2 && !(w.len() <= 5 && is_stop_word(w)) && seen.insert(w) {
            push_word(&mut out, w);
        }
    }
    out
}

/// The pieces a word holding Chinese or Japanese is indexed and searched by: runs of
/// other letters whole (`cjk` false); runs of Han and Kana, which are written without
/// spaces, as overlapping two-character pieces, a lone character as itself (`cjk`
/// true). The search index and the search page split the same way.
pub fn cjk_pieces<'a>(word: &'a str, mut each: impl FnMut(&'a str, bool)) {
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        let cjk = is_cjk(c);
        let end = rest.char_indices().find(|&(_, d)| is_cjk(d) != cjk).map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        if !cjk || run.chars().nth(1).is_none() {
            each(run, cjk);
        } else {
            let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
            for k in 0..starts.len() - 2 {
                each(&run[starts[k]..starts[k + 2]], true);
            }
        }
        rest = tail;
    }
}

fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// Han ideographs, Hiragana and Katakana (with the long-vowel mark and half-width
/// forms): the scripts written without spaces between words. The same ranges as the
/// search page's `CJK` pattern.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_become_u_fffd_and_others_pass() {
        assert!(matches!(replace_forbidden("북한 ，\t\n\r\u{7f}\u{fffd}"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(
            replace_forbidden("a\u{0}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}b"),
            "a\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}b"
        );
        // Past the first block of 64 bytes, and last.
        let long = format!("{}\u{b}{}\u{ffff}", "x".repeat(100), "，".repeat(30));
        assert_eq!(replace_forbidden(&long), format!("{}\u{FFFD}{}\u{FFFD}", "x".repeat(100), "，".repeat(30)));
        assert!(matches!(replace_forbidden(&"，\n".repeat(100)), std::borrow::Cow::Borrowed(_)));
        let mut out = Vec::new();
        escape_markup("<a \u{b}b> & 'c\"", &mut out).unwrap();
        let mut tera = Vec::new();
        tera::escape_html("<a \u{FFFD}b> & 'c\"", &mut tera).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(tera).unwrap());
        assert_eq!(escape_html("x\u{c}<"), "x\u{FFFD}&lt;");
    }

    #[test]
    fn han_and_kana_runs_become_bigrams() {
        assert_eq!(search_words("朝鲜谴责北约"), "朝鲜 鲜谴 谴责 责北 北约");
        assert_eq!(search_words("北朝鮮のミサイル発射"), "北朝 朝鮮 鮮の のミ ミサ サイ イル ル発 発射");
        // Mixed with Latin and Hangul, which keep their words; a lone character stays.
        assert_eq!(search_words("NATO 정상회의 声明 中"), "nato 정상회의 声明 中");
        assert_eq!(search_words("北约NATO峰会"), "北约 nato 峰会");
    }

    #[test]
    fn stop_words_are_three_to_five_bytes() {
        let text = "the and for that with this from are was were has have had its but not you his her they their \
                    them which will would been into than then also can our all any who what when where how there \
                    these those such each other";
        for w in text.split_whitespace() {
            assert!(is_stop_word(w) && (3..=5).contains(&w.len()), "{w}");
        }
        assert_eq!(search_words(text), "");
    }

    #[test]
    fn html_to_text_spaces_blocks_only() {
        assert_eq!(
            html_to_text("<p>First <em>para</em>. <code>a&lt;b&gt;</code></p>\n<p>Two&nbsp;&amp; more</p>"),
            "First para. a<b> Two & more"
        );
        assert_eq!(html_to_text("<p>a<br>b <a href=\"/x?q=&quot;>&quot;\" title=\"t>\">link</a></p>"), "a b link");
        assert_eq!(html_to_text("<ul><li>one</li><li>two</li></ul>"), "one two");
    }

    /// The byte path gives what the path for any text gives.
    #[test]
    fn ascii_search_words_are_the_unicode_ones() {
        for text in [
            "The NATO summit, the nato Summit: a b cd",
            "x1 2024-07-01 their THEIR them's o'clock e.g. U.S. sanctions—talks (talks) [1]",
            "  leading, trailing.  ",
            "",
            "a",
            "Them which WOULD where there these those such ab ab",
            "Ruby 2.5.0 and 2.5.1, v3.1. 1.5% 1..2 .5 5. example.org 10.0.0.1",
        ] {
            assert_eq!(super::ascii_search_words(text), super::unicode_search_words(text), "{text:?}");
        }
    }

    #[test]
    fn search_words_are_distinct_and_lowercase() {
        assert_eq!(search_words("The NATO summit, the nato Summit: 북한 a"), "nato summit 북한");
        assert_eq!(search_words("zeta alpha zeta"), "zeta alpha");
        // A version is one word; a dot that is not between numbers splits.
        assert_eq!(search_words("Fixed in 2.5.0 (not 2.4.9). Upgrade."), "fixed in 2.5.0 2.4.9 upgrade");
        assert_eq!(search_words("Исправлено в 2.5.0."), "исправлено 2.5.0");
    }
}
