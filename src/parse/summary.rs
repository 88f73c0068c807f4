//! A briefing's summary, as list pages, feeds, meta tags and the search index show it:
//! well-formed, safe HTML (ammonia) and the same text without tags, cut to a readable
//! length when it was taken from the body rather than written as a summary. Pure.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::text::{escape_html, html_to_text};

/// The most words a summary taken from the first paragraph keeps.
pub const MAX_WORDS: usize = 60;

/// A sentence end is a good place to cut only when this many words come before it;
/// otherwise the summary is cut after [`MAX_WORDS`] words with an ellipsis.
const MIN_WORDS: usize = 10;

/// The elements a summary keeps: inline formatting, links and the paragraphs around
/// them. Everything else is dropped and its text kept, except `script` and `style`,
/// which go with their content.
const TAGS: &[&str] = &[
    "p", "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "strong", "sub",
    "sup",
];

/// A summary as HTML and as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Sanitized HTML.
    pub html: String,
    /// The same text without tags.
    pub text: String,
    /// The author wrote it (front matter `summary:`, or the text before
    /// `<!-- more -->`), rather than it being taken from the first paragraph.
    pub explicit: bool,
}

/// The summary: front matter `summary:` (plain text, escaped), else the HTML of the text
/// before `<!-- more -->`, else the HTML of the first paragraph, cut to about
/// [`MAX_WORDS`] words. Rendered HTML is sanitized either way: it may hold raw HTML the
/// author wrote for the body, unbalanced or unknown tags included.
pub fn summarize(front: Option<&str>, before_more: Option<&str>, first_paragraph: Option<&str>) -> Summary {
    if let Some(s) = front.map(str::trim).filter(|s| !s.is_empty()) {
        return Summary { html: format!("<p>{}</p>", escape_html(s)), text: s.to_string(), explicit: true };
    }
    let (html, explicit) = match (before_more, first_paragraph) {
        (Some(h), _) => (sanitize(h), true),
        (None, Some(h)) => (cut(&sanitize(h), MAX_WORDS), false),
        (None, None) => (String::new(), false),
    };
    Summary { text: html_to_text(&html), html, explicit }
}

/// `html` with only [`TAGS`], `href` and `title` on links and `title` on `abbr`,
/// `http`, `https` and `mailto` links (and relative ones), every element closed.
pub fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::empty();
        b.tags(TAGS.iter().copied().collect())
            .generic_attributes(HashSet::new())
            .tag_attributes(HashMap::from([
                ("a", HashSet::from(["href", "title"])),
                ("abbr", HashSet::from(["title"])),
            ]))
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .url_relative(ammonia::UrlRelative::PassThrough)
            // The author's own links, as in the body: no `rel` added (`noopener` means
            // nothing without `target`, and `noreferrer` would differ from the body).
            .link_rel(None)
            .strip_comments(true);
        b
    });
    if !html.contains(['<', '&']) {
        return html.to_string();
    }
    // Trailing whitespace is put back as it was: given to html5ever after an unclosed
    // `<b>`, it would come back wrapped in a second `<b>` outside the paragraph.
    let body = html.trim_end();
    let mut out = CLEANER.clean(body).to_string();
    out.push_str(&html[body.len()..]);
    out
}

/// Characters that end a sentence, and those that may follow one before the space
/// (closing quotes and brackets).
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn closes_sentence(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '」' | '』')
}

/// Elements without an end tag.
fn is_void(name: &str) -> bool {
    matches!(name, "br" | "wbr" | "img" | "hr" | "input" | "area" | "col" | "embed" | "source" | "track")
}

/// `html` cut to at most `max` words: at the last sentence end that has at least
/// [`MIN_WORDS`] words before it, else after word `max` with an ellipsis; open elements
/// are closed. Words are runs of text between whitespace, across tags. `html` must be
/// sanitized (html5ever writes every `<` of text as `&lt;` and quotes attribute values
/// with `"`), so a `<` always starts a tag and a `"` inside a tag a quoted value.
pub fn cut(html: &str, max: usize) -> String {
    let bytes = html.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut after_end = false;
    let mut open: Vec<&str> = Vec::new();
    // Where the text may be cut, with the elements open there.
    let mut pending: Option<(usize, usize, Vec<&str>)> = None;
    let mut sentence: Option<(usize, Vec<&str>)> = None;
    let mut word_cut: Option<(usize, Vec<&str>)> = None;
    let mut longer = false;
    let mut i = 0;
    while i < bytes.len() {
        // The next tag (its name, and whether it closes) or character.
        let (tag, c, next) = if bytes[i] == b'<' {
            let mut j = i + 1;
            let mut quoted = false;
            while j < bytes.len() && (quoted || bytes[j] != b'>') {
                quoted ^= bytes[j] == b'"';
                j += 1;
            }
            let tag = &html[i + 1..j.min(bytes.len())];
            let name = tag.trim_start_matches('/').split(|c: char| c.is_ascii_whitespace() || c == '/').next();
            (Some((name.unwrap_or(""), tag.starts_with('/'))), ' ', j + 1)
        } else {
            let c = html[i..].chars().next().unwrap_or(' ');
            (None, c, i + c.len_utf8())
        };
        // Words end at whitespace, and at a line break or paragraph edge.
        let boundary = match tag {
            Some((name, _)) => matches!(name, "br" | "p"),
            None => c.is_whitespace(),
        };
        if boundary {
            if in_word {
                if words == max {
                    word_cut = Some((i, open.clone()));
                }
                if after_end {
                    pending = Some((i, words, open.clone()));
                }
            }
            in_word = false;
            after_end = false;
        }
        match tag {
            Some((name, true)) => {
                if let Some(k) = open.iter().rposition(|t| *t == name) {
                    open.truncate(k);
                }
            }
            Some((name, false)) if !is_void(name) => open.push(name),
            Some(_) => {}
            None if boundary => {}
            None => {
                if !in_word {
                    // A word starts: the sentence before it ended unless it starts in
                    // lowercase (`e.g. this`, `U.S. officials`).
                    if let Some((at, n, o)) = pending.take()
                        && n >= MIN_WORDS
                        && !c.is_lowercase()
                    {
                        sentence = Some((at, o));
                    }
                    if words == max {
                        longer = true;
                        break;
                    }
                    words += 1;
                    in_word = true;
                }
                after_end = ends_sentence(c) || (after_end && closes_sentence(c));
            }
        }
        i = next;
    }
    if !longer {
        return html.to_string();
    }
    let (mut out, open, ellipsis) = match (sentence, word_cut) {
        (Some((at, o)), _) => (html[..at].to_string(), o, false),
        (None, Some((at, o))) => {
            let kept = html[..at].trim_end_matches([',', ';', ':', '-', '–', '—']);
            (kept.to_string(), o, true)
        }
        // Unreachable: `longer` means word `max` ended at a space.
        (None, None) => return html.to_string(),
    };
    // The ellipsis goes inside the paragraph but after any link or emphasis around it.
    let outer_p = open.iter().position(|t| *t == "p");
    for (k, name) in open.iter().enumerate().rev() {
        if ellipsis && Some(k) == outer_p {
            out.push('…');
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    if ellipsis && outer_p.is_none() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> String {
        (1..=n).map(|k| format!("W{k}")).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn front_matter_summary_is_plain_text() {
        let s = summarize(Some(" <b>Bold</b> & more "), Some("<p>x</p>"), None);
        assert_eq!(
            s,
            Summary {
                html: "<p>&lt;b&gt;Bold&lt;/b&gt; &amp; more</p>".into(),
                text: "<b>Bold</b> & more".into(),
                explicit: true
            }
        );
    }

    #[test]
    fn raw_html_is_made_well_formed_and_safe() {
        let cases = [
            ("<p>Use Vec<T> and <crate> here.</p>\n", "<p>Use Vec and  here.</p>\n"),
            ("<p>An <b>unclosed bold.</p>\n", "<p>An <b>unclosed bold.</b></p>\n"),
            ("<p>Before <script>alert(1)</script>after.</p>\n", "<p>Before after.</p>\n"),
            ("<p>Half <script>alert(1)</p>\n", "<p>Half </p>\n"),
            (
                "<p><a href=\"javascript:alert(1)\" onclick=\"x()\">bad</a> <a href=\"/x/\" title=\"t\" class=\"c\">ok</a></p>",
                "<p><a>bad</a> <a href=\"/x/\" title=\"t\">ok</a></p>",
            ),
            (
                "<p><img src=\"m.png\" alt=\"map\"><em>kept</em> <span style=\"x\">text</span></p>",
                "<p><em>kept</em> text</p>",
            ),
            ("<p>a <!-- note --> b</p>", "<p>a  b</p>"),
        ];
        for (raw, clean) in cases {
            assert_eq!(sanitize(raw), clean, "{raw}");
            // Well-formed: cleaning again changes nothing.
            assert_eq!(sanitize(clean), clean, "{clean}");
        }
        let s = summarize(None, None, Some("<p>Use Vec<T> and <crate> here.</p>\n"));
        assert_eq!((s.text.as_str(), s.explicit), ("Use Vec and here.", false));
    }

    #[test]
    fn text_before_more_is_explicit_and_not_cut() {
        let long = format!("<p>{}.</p>\n<ul>\n<li>item</li>\n</ul>\n", words(100));
        let s = summarize(None, Some(&long), Some("<p>x</p>"));
        assert!(s.explicit);
        assert_eq!(s.html, format!("<p>{}.</p>\n\nitem\n\n", words(100)));
        assert_eq!(s.text, format!("{}. item", words(100)));
    }

    #[test]
    fn a_long_first_paragraph_is_cut_at_a_sentence_end() {
        let para = format!("<p>{}. {}. {}.</p>\n", words(30), words(25), words(40));
        let s = summarize(None, None, Some(&para));
        assert_eq!(s.html, format!("<p>{}. {}.</p>", words(30), words(25)));
        assert_eq!(s.text, format!("{}. {}.", words(30), words(25)));
        assert!(!s.explicit);
        // Short enough: kept whole.
        let short = format!("<p>{}. {}.</p>\n", words(30), words(30));
        assert_eq!(summarize(None, None, Some(&short)).html, short);
    }

    #[test]
    fn without_a_sentence_end_the_cut_is_after_a_word_with_an_ellipsis() {
        let para = format!("<p>{}, <em>{} and</em> more</p>\n", words(58), "w59 w60");
        assert_eq!(cut(&para, MAX_WORDS), format!("<p>{}, <em>w59 w60</em>…</p>", words(58)));
        let para = format!("<p>{}, <a href=\"/x/\">link {}</a></p>", words(59), words(5));
        assert_eq!(cut(&para, MAX_WORDS), format!("<p>{}, <a href=\"/x/\">link</a>…</p>", words(59)));
        // A comma before the cut goes.
        assert_eq!(cut("<p>a b, c d</p>", 2), "<p>a b…</p>");
    }

    #[test]
    fn abbreviations_and_short_openings_are_not_sentence_ends() {
        // `U.S. officials`: lowercase after the dot; `Short.` has too few words before it.
        let para = format!("<p>Short. The U.S. officials said {}. Then {}.</p>", words(20), words(60));
        let out = cut(&para, MAX_WORDS);
        assert_eq!(out, format!("<p>Short. The U.S. officials said {}.</p>", words(20)));
        // Closing quotes and tags after the full stop still end the sentence.
        let para = format!("<p>“{}.” <em>{}.</em> {}</p>", words(12), words(12), words(60));
        assert_eq!(cut(&para, MAX_WORDS), format!("<p>“{}.” <em>{}.</em></p>", words(12), words(12)));
    }

    #[test]
    fn cut_output_is_well_formed() {
        for para in [
            format!("<p><strong>{} <em>{}</em></strong> tail</p>", words(40), words(40)),
            format!("<p><a href=\"/a?b=&quot;>&quot;\">{}</a></p>", words(80)),
            format!("<p>{}<br>{}</p>", words(50), words(50)),
        ] {
            let out = cut(&sanitize(&para), MAX_WORDS);
            assert_eq!(sanitize(&out), out, "{para}");
            assert!(html_to_text(&out).split_whitespace().count() <= MAX_WORDS, "{out}");
        }
    }
}
