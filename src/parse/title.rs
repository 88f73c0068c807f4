//! A title's inline Markdown: the HTML shown in headings and list links, and the plain
//! text for `<title>`, meta tags, feeds, JSON-LD and the search index. Pure.
//!
//! Titles get code spans, emphasis, strong emphasis and strikethrough. Links and images
//! keep only their text (a title is itself a link on list pages, and links do not nest);
//! raw HTML is shown as the text it is, never as markup; smart punctuation is off, so a
//! title's quotes stay as typed everywhere.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::text::escape_html;

/// A title as HTML and as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// Safe HTML: escaped text with `<code>`, `<em>`, `<strong>` and `<del>` only.
    pub html: String,
    /// The text, Markdown syntax removed (`` `arone` was removed `` → `arone was removed`).
    pub text: String,
}

/// Render the inline Markdown of `raw`, a title as written in front matter.
pub fn render_title(raw: &str) -> Title {
    let flat: String = raw.trim().chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    if !flat.contains(['`', '*', '_', '~', '\\', '&', '[', '<']) {
        // Nothing Markdown would change: the common case costs one scan.
        return Title { html: escape_html(&flat), text: flat };
    }
    let source = inline_only(&flat);
    let mut html = String::with_capacity(flat.len() + 16);
    let mut text = String::with_capacity(flat.len());
    let mut paragraphs = 0;
    for event in Parser::new_ext(&source, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Paragraph) => paragraphs += 1,
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => html.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => html.push_str("</del>"),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link | TagEnd::Image) => {}
            Event::Code(t) => {
                html.push_str("<code>");
                html.push_str(&escape_html(&t));
                html.push_str("</code>");
                text.push_str(&t);
            }
            // Raw HTML in a title is text: `<script>` shows as `<script>`.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                html.push_str(&escape_html(&t));
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                html.push(' ');
                text.push(' ');
            }
            // Anything else would be a block `inline_only` did not foresee: show the
            // title as written rather than lose part of it.
            _ => paragraphs += 2,
        }
    }
    if paragraphs != 1 || text.trim().is_empty() {
        return Title { html: escape_html(&flat), text: flat };
    }
    Title { html, text }
}

/// `title` with a backslash before whatever would start a block rather than a
/// paragraph (`# x` a heading, `2024. x` a list, `> x` a quote, a fence, raw HTML, a
/// link definition), so Markdown reads it as one line of inline text.
fn inline_only(title: &str) -> Cow<'_, str> {
    let bytes = title.as_bytes();
    let first = bytes[0];
    let next_is_blank = |k: usize| bytes.get(k).is_none_or(|b| matches!(b, b' ' | b'\t'));
    let run = bytes.iter().take_while(|&&b| b == first).count();
    let escape_at = match first {
        b'#' if run <= 6 && next_is_blank(run) => Some(0),
        b'>' | b'<' => Some(0),
        b'-' | b'+' | b'*' if next_is_blank(1) => Some(0),
        // A thematic break: three or more of one of `-*_`, spaces between allowed.
        b'-' | b'*' | b'_'
            if title.bytes().filter(|b| !matches!(b, b' ' | b'\t')).all(|b| b == first)
                && title.bytes().filter(|&b| b == first).count() >= 3 =>
        {
            Some(0)
        }
        b'`' if run >= 3 && !title[run..].contains('`') => Some(0),
        b'~' if run >= 3 => Some(0),
        b'[' if title.find("]:").is_some_and(|end| !title[..end].contains(']')) => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) && next_is_blank(digits + 1))
                .then_some(digits)
        }
        _ => None,
    };
    match escape_at {
        Some(k) => Cow::Owned(format!("{}\\{}", &title[..k], &title[k..])),
        None => Cow::Borrowed(title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(raw: &str) -> (String, String) {
        let t = render_title(raw);
        (t.html, t.text)
    }

    #[test]
    fn inline_markdown_becomes_html_and_plain_text() {
        assert_eq!(
            both("`arone` was removed from crates.io"),
            ("<code>arone</code> was removed from crates.io".into(), "arone was removed from crates.io".into())
        );
        assert_eq!(
            both("*Emphasis*, **strong** and ~~gone~~"),
            (
                "<em>Emphasis</em>, <strong>strong</strong> and <del>gone</del>".into(),
                "Emphasis, strong and gone".into()
            )
        );
        assert_eq!(
            both("_Under_ `a<b>` & c"),
            ("<em>Under</em> <code>a&lt;b&gt;</code> &amp; c".into(), "Under a<b> & c".into())
        );
    }

    #[test]
    fn plain_titles_are_only_escaped() {
        let raw = "Tom & Jerry \"quoted\" 'single' 🚀 북한";
        assert_eq!(both(raw), (escape_html(raw), raw.to_string()));
        assert_eq!(
            both("snake_case_name and 2 * 3 * 4"),
            ("snake_case_name and 2 * 3 * 4".into(), "snake_case_name and 2 * 3 * 4".into())
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let raw = "<script>alert(1)</script> x\" onmouseover=\"alert(1) <img src=x onerror=alert(1)>";
        let (html, text) = both(raw);
        assert_eq!(text, raw);
        assert_eq!(html, escape_html(raw));
        let (html, text) = both("Use <b>bold</b> and *this*");
        assert_eq!(html, "Use &lt;b&gt;bold&lt;/b&gt; and <em>this</em>");
        assert_eq!(text, "Use <b>bold</b> and this");
    }

    #[test]
    fn links_and_images_keep_their_text() {
        assert_eq!(
            both("See [the advisory](https://e.org/) now"),
            ("See the advisory now".into(), "See the advisory now".into())
        );
        assert_eq!(both("A ![map](m.png) here"), ("A map here".into(), "A map here".into()));
    }

    #[test]
    fn block_syntax_at_the_start_stays_text() {
        for raw in [
            "# Not a heading",
            "2024. A year in review",
            "1) First",
            "> Quoted",
            "- Dash",
            "+ Plus",
            "* Star",
            "---",
            "* * *",
            "___",
            "```rust",
            "~~~ fenced",
            "[x]: https://e.org/",
            "<div>block</div>",
            "<!-- comment -->",
        ] {
            let (html, text) = both(raw);
            assert_eq!(text, raw, "{raw}");
            assert_eq!(html, escape_html(raw), "{raw}");
        }
        // Inline syntax at the start still works.
        assert_eq!(both("**Bold** start").0, "<strong>Bold</strong> start");
        assert_eq!(both("```code``` start").0, "<code>code</code> start");
        assert_eq!(both("#hashtag title").0, "#hashtag title");
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(
            both("Two\nlines\r\n- not a list"),
            ("Two lines  - not a list".into(), "Two lines  - not a list".into())
        );
    }
}
