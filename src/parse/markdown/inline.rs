//! Markdown that is not a body: a correction's one line, an author's bio. The same
//! extensions as bodies, but raw HTML is shown as text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

use super::options;

/// Render a line of inline Markdown (a correction's text) as (HTML, plain text): code,
/// emphasis, strong, strikethrough and links to `http(s)`, `mailto`, `/` or `#` targets;
/// raw HTML is shown as text, block structure is flattened to one line.
pub fn render_inline(text: &str) -> (String, String) {
    let text = &*crate::parse::text::replace_forbidden(text);
    let mut plain = String::new();
    let mut keep_link = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    for (ev, _) in super::quotes::parse(text, options()) {
        match ev {
            Event::Text(t) => {
                plain.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                plain.push_str(&t);
                events.push(Event::Code(t));
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                plain.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                events.push(Event::Text(CowStr::Borrowed(" ")));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let ok = ["http://", "https://", "mailto:", "/", "#"].iter().any(|p| dest_url.starts_with(p));
                keep_link.push(ok);
                if ok {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) if keep_link.pop() == Some(true) => events.push(Event::End(TagEnd::Link)),
            Event::Start(t @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => events.push(Event::Start(t)),
            Event::End(t @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => events.push(Event::End(t)),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) if !plain.is_empty() => {
                plain.push(' ');
                events.push(Event::Text(CowStr::Borrowed(" ")));
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len() + 16);
    html::push_html(&mut out, events.into_iter());
    (out.trim_end().to_string(), plain.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Markdown that is not a body (an author's bio in `authors.yaml`), rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restricted {
    /// The HTML.
    pub html: String,
    /// The plain text, words separated by single spaces.
    pub text: String,
    /// The destination of every link and image, for the caller to check.
    pub urls: Vec<String>,
}

/// Render Markdown that is not a body: the same extensions, but raw HTML is shown as
/// text.
pub fn render_restricted(markdown: &str) -> Restricted {
    let markdown = &*crate::parse::text::replace_forbidden(markdown);
    let mut urls = Vec::new();
    let mut text = String::new();
    let events: Vec<Event<'_>> = super::quotes::parse(markdown, options())
        .map(|(e, _)| match e {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            e => e,
        })
        .inspect(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => urls.push(dest_url.to_string()),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => text.push(' '),
            _ => {}
        })
        .collect();
    let mut html = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut html, events.into_iter());
    Restricted { html, text: text.split_whitespace().collect::<Vec<_>>().join(" "), urls }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_markdown_escapes_raw_html_and_lists_links() {
        let r = render_restricted("A *bio* <script>x</script> [site](https://e.org/).\n\nNext ![i](javascript:x)");
        assert_eq!(
            r.html,
            "<p>A <em>bio</em> &lt;script&gt;x&lt;/script&gt; <a href=\"https://e.org/\">site</a>.</p>\n<p>Next <img src=\"javascript:x\" alt=\"i\" /></p>\n"
        );
        assert_eq!(r.text, "A bio <script>x</script> site. Next i");
        assert_eq!(r.urls, vec!["https://e.org/", "javascript:x"]);
    }
}
