//! A front-matter summary made the plain text brief's `summary:` is. Hugo renders a
//! page's `summary:` as Markdown, and Jekyll's `{{ post.excerpt }}` outputs an
//! `excerpt:` as the HTML it is: brief shows `summary:` as text, so `**bold**`, a
//! `[link](…)` or `<em>` would be shown as typed. The text readers saw is kept instead,
//! tags and Markdown syntax gone (as brief makes a body's summary plain). Pure.

use pulldown_cmark::{Options, Parser, html};

use super::{Entry, Generator, Note, NoteKind};
use crate::parse::summary::sanitize;
use crate::parse::text::html_to_text;

/// How the old site read a front-matter summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Written {
    /// Markdown, inline HTML in it (Hugo's `summary:`).
    Markdown,
    /// HTML, output as it is (Jekyll's `excerpt:`).
    Html,
}

/// The text readers saw of `raw`, read as `written`: rendered, sanitized as brief
/// sanitizes a body's summary (scripts and styles go with their content), tags dropped,
/// entities decoded, whitespace collapsed.
pub(super) fn text_of(raw: &str, written: Written) -> String {
    let html = match written {
        Written::Markdown => {
            let mut out = String::with_capacity(raw.len() + 16);
            let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
            html::push_html(&mut out, Parser::new_ext(raw, options));
            out
        }
        Written::Html => raw.to_string(),
    };
    html_to_text(&sanitize(&html))
}

/// `raw` with its whitespace collapsed, as [`text_of`] collapses it.
fn collapsed(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Make `e`'s front-matter summary, `key` at `line` of the source, the plain text the
/// old site showed, where reading it as `written` changes more than its spacing: the
/// value as written is kept under `extra.<generator>.<key>`, and the change reported.
pub(super) fn keep_summary(e: &mut Entry, generator: Generator, key: &str, line: usize, written: Written) {
    let Some(raw) = e.fm.summary.clone() else { return };
    let text = text_of(&raw, written);
    if text == collapsed(&raw) {
        return;
    }
    let gen_name = generator.name();
    let read = match written {
        Written::Markdown => "rendered it as Markdown",
        Written::Html => "output it as HTML",
    };
    let what = if text.is_empty() {
        format!(
            "{key} has no text once read as {gen_name} read it ({gen_name} {read}): brief's summary is the first \
             paragraph; as written → extra.{gen_name}.{key}"
        )
    } else {
        format!(
            "{key} → the plain text {gen_name} showed (`{text}`; {gen_name} {read}, brief's summary is plain text); \
             as written → extra.{gen_name}.{key}"
        )
    };
    e.fm.keep(generator, key, serde_json::Value::String(raw));
    e.fm.summary = Some(text).filter(|t| !t.is_empty());
    e.notes.push(Note::new(line, NoteKind::Converted, what));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_html_become_the_text_shown() {
        let md = "A **bold** word and a [link](https://example.org/x).";
        assert_eq!(text_of(md, Written::Markdown), "A bold word and a link.");
        let html = "<img src='/assets/posts/pic.png' width=100% alt='test'><p>Inspiration from <em>Kartikay</em></p>";
        assert_eq!(text_of(html, Written::Html), "Inspiration from Kartikay");
        assert_eq!(text_of(html, Written::Markdown), "Inspiration from Kartikay");
        // Jekyll ran no Markdown on it: its punctuation was shown.
        assert_eq!(text_of("A **b** &amp; <b>c</b>", Written::Html), "A **b** & c");
        assert_eq!(text_of("x <script>alert(1)</script>y", Written::Html), "x y");
    }

    #[test]
    fn plain_text_stays_as_written() {
        for s in ["Plain words, AT&T and 1 < 2.", "Quotes \"x\" and 'y' -- stay"] {
            assert_eq!(text_of(s, Written::Markdown), s);
            assert_eq!(text_of(s, Written::Html), s);
        }
    }
}
