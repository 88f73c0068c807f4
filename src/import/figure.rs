//! Hugo's `figure` shortcode. Where a Markdown image with a title shows what Hugo's
//! template showed (brief makes a lone image with a title a `<figure>` whose caption is
//! the title, as text), it becomes one; where it cannot (an image wrapped in `link`, a
//! caption with Markdown in it, which Hugo renders with `markdownify`, a title and a
//! caption both, an `attr` line), the figure is written in HTML as the template writes
//! it, the caption rendered as inline Markdown with raw HTML shown as text. Pure.

use pulldown_cmark::{Event, Parser, Tag};

use super::NoteKind;
use super::shortcodes::{Arg, md_escape, named};
use crate::parse::markdown::render_inline;
use crate::parse::text::escape_html;

/// The attributes the Markdown image carries.
const MARKDOWN_KEYS: &[&str] = &["src", "title", "alt", "caption", "link"];

/// The attributes Hugo's template writes, and so the HTML figure.
const HTML_KEYS: &[&str] = &[
    "src", "title", "alt", "caption", "link", "target", "rel", "attr", "attrlink", "class", "width", "height",
    "loading",
];

/// Whether `s` reads as more than plain text in Markdown (emphasis, a link, code).
fn has_markup(s: &str) -> bool {
    Parser::new_ext(s, crate::parse::markdown::options())
        .any(|e| !matches!(e, Event::Text(_) | Event::Start(Tag::Paragraph) | Event::End(_) | Event::SoftBreak))
}

/// The figure of the shortcode's arguments `a`, or `None` without a `src`; `note` gets
/// what the report says about it (`shown` is the call as the report shows it).
pub(super) fn hugo(a: &[Arg], shown: &str, note: &mut dyn FnMut(NoteKind, String)) -> Option<String> {
    let src = named(a, "src")?;
    let (title, caption, link, attr) = (named(a, "title"), named(a, "caption"), named(a, "link"), named(a, "attr"));
    let html =
        link.is_some() || attr.is_some() || (title.is_some() && caption.is_some()) || caption.is_some_and(has_markup);
    let keys = if html { HTML_KEYS } else { MARKDOWN_KEYS };
    let dropped: Vec<&str> = a.iter().filter_map(|x| x.key.as_deref()).filter(|k| !keys.contains(k)).collect();
    if !dropped.is_empty() {
        note(NoteKind::NotConverted, format!("figure attributes `{}` dropped", dropped.join(" ")));
    }
    if !html {
        let alt = named(a, "alt").or(caption).or(title).unwrap_or("");
        let t = title.or(caption).map(|t| format!(" \"{}\"", md_escape(t, &['"']))).unwrap_or_default();
        note(NoteKind::Converted, format!("`{shown}` → Markdown image"));
        return Some(format!("![{}]({src}{t})", md_escape(alt, &['[', ']'])));
    }
    let attr_of = |k: &str| named(a, k).map(|v| format!(" {k}=\"{}\"", escape_html(v))).unwrap_or_default();
    let caption_html = caption.map(|c| render_inline(c).0);
    // Hugo's `alt`, else the caption's text (`markdownify | plainify`).
    let alt = named(a, "alt").map(str::to_string).or_else(|| caption.map(|c| render_inline(c).1));
    let mut out = format!("<figure{}>", attr_of("class"));
    if let Some(l) = link {
        out.push_str(&format!("<a href=\"{}\"{}{}>", escape_html(l), attr_of("target"), attr_of("rel")));
    }
    out.push_str(&format!("<img src=\"{}\"", escape_html(src)));
    if let Some(alt) = alt {
        out.push_str(&format!(" alt=\"{}\"", escape_html(&alt)));
    }
    out.push_str(&format!("{}{}{}>", attr_of("width"), attr_of("height"), attr_of("loading")));
    if link.is_some() {
        out.push_str("</a>");
    }
    if title.is_some() || caption.is_some() || attr.is_some() {
        out.push_str("<figcaption>");
        if let Some(t) = title {
            out.push_str(&format!("<h4>{}</h4>", escape_html(t)));
        }
        if caption.is_some() || attr.is_some() {
            out.push_str("<p>");
            out.push_str(caption_html.as_deref().unwrap_or(""));
            if let Some(at) = attr {
                let at = render_inline(at).0;
                match named(a, "attrlink") {
                    Some(l) => out.push_str(&format!("<a href=\"{}\">{at}</a>", escape_html(l))),
                    None => out.push_str(&at),
                }
            }
            out.push_str("</p>");
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
    note(
        NoteKind::Converted,
        format!("`{shown}` → HTML figure as Hugo's template writes it, the caption rendered as Markdown"),
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::shortcodes::args;
    use super::*;

    fn figure(call: &str) -> (String, Vec<(NoteKind, String)>) {
        let mut notes = Vec::new();
        let out = hugo(&args(call), "figure", &mut |k, t| notes.push((k, t))).unwrap();
        (out, notes)
    }

    /// As Hugo's `figure` template wrote these (hugo 0.1xx): the caption through
    /// `markdownify`, the image inside the link.
    #[test]
    fn a_figure_with_a_link_or_a_marked_up_caption_is_written_as_hugo_wrote_it() {
        assert_eq!(
            figure(r#"src="/images/logo.png" caption="Photo: *Reuters* / [AP](https://apnews.com)""#).0,
            "<figure><img src=\"/images/logo.png\" alt=\"Photo: Reuters / AP\"><figcaption><p>Photo: <em>Reuters</em> / \
             <a href=\"https://apnews.com\">AP</a></p></figcaption></figure>"
        );
        assert_eq!(
            figure(
                r#"src="a.png" alt="Alt text" caption="A <b>bold</b> one" link="https://example.com/full.png?a=1&b=2""#
            )
            .0,
            "<figure><a href=\"https://example.com/full.png?a=1&amp;b=2\"><img src=\"a.png\" alt=\"Alt text\"></a>\
             <figcaption><p>A &lt;b&gt;bold&lt;/b&gt; one</p></figcaption></figure>"
        );
        assert_eq!(
            figure(r#"src="b.png" title="Map" caption="Where" attr="CC BY" attrlink="https://cc.org" class="wide""#).0,
            "<figure class=\"wide\"><img src=\"b.png\" alt=\"Where\"><figcaption><h4>Map</h4><p>Where<a href=\"https://cc.org\">CC BY</a></p></figcaption></figure>"
        );
        // Plain text stays a Markdown image, which brief makes the same figure.
        let (out, notes) = figure(r#"src="cover.png" title="The cover" alt="Cover" width="300""#);
        assert_eq!(out, "![Cover](cover.png \"The cover\")");
        assert_eq!(notes[0], (NoteKind::NotConverted, "figure attributes `width` dropped".into()));
    }
}
