//! Markdown → HTML with heading ids, a table of contents, the summary, the plain text
//! and a word count, in one pass of pulldown-cmark per body. Pure.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use super::slug::slugify;

pub use crate::model::TocEntry;

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// HTML of the text before `<!-- more -->`, when the marker is present.
    pub before_more: Option<String>,
    /// HTML of the first paragraph, if any.
    pub first_paragraph: Option<String>,
    /// Headings in order.
    pub toc: Vec<TocEntry>,
    /// Plain text of the body, words separated by single spaces.
    pub text: String,
    /// Words in the body.
    pub word_count: usize,
}

/// The extensions brief turns on: tables, footnotes, strikethrough, task lists,
/// heading attributes and smart punctuation.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

fn is_more_marker(html: &str) -> bool {
    let t = html.trim();
    t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).is_some_and(|inner| inner.trim() == "more")
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Render a line of inline Markdown (a correction's text) as (HTML, plain text): code,
/// emphasis, strong, strikethrough and links to `http(s)`, `mailto`, `/` or `#` targets;
/// raw HTML is shown as text, block structure is flattened to one line.
pub fn render_inline(text: &str) -> (String, String) {
    let mut plain = String::new();
    let mut keep_link = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    for ev in Parser::new_ext(text, options()) {
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

/// Render `body` to HTML.
pub fn render(body: &str) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(body, options()).collect();
    let mut out = Rendered::default();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut more_at = None;
    let mut first_para = None;
    let mut para_start = None;
    let mut depth_para = 0usize;
    let mut words = Words::default();

    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = level_num(*level);
                let explicit = id.as_ref().map(|s| s.to_string());
                let mut title = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        title.push_str(t);
                    }
                    j += 1;
                }
                let base = explicit.unwrap_or_else(|| {
                    let s = slugify(&title);
                    if s.is_empty() { "section".to_string() } else { s }
                });
                let id = unique_id(&mut used, base);
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                    *slot = Some(CowStr::from(id.clone()));
                }
                out.toc.push(TocEntry { level, id, title: title.trim().to_string() });
            }
            // Footnote ids get a prefix so `[^main]` cannot collide with a heading id.
            Event::FootnoteReference(name) => {
                let prefixed = format!("fn-{name}");
                events[i] = Event::FootnoteReference(CowStr::from(prefixed));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let prefixed = format!("fn-{name}");
                events[i] = Event::Start(Tag::FootnoteDefinition(CowStr::from(prefixed)));
            }
            // Task-list boxes get an accessible name.
            Event::TaskListMarker(done) => {
                let html = if *done {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"done\"> "
                } else {
                    "<input disabled=\"\" type=\"checkbox\" aria-label=\"not done\"> "
                };
                events[i] = Event::InlineHtml(CowStr::Borrowed(html));
            }
            Event::Start(Tag::Paragraph) => {
                if depth_para == 0 && para_start.is_none() && first_para.is_none() {
                    para_start = Some(i);
                }
                depth_para += 1;
            }
            Event::End(TagEnd::Paragraph) => {
                depth_para = depth_para.saturating_sub(1);
                words.separate();
                if let (Some(s), None) = (para_start, first_para) {
                    first_para = Some((s, i + 1));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) if more_at.is_none() && is_more_marker(h) => {
                more_at = Some(i);
            }
            Event::Text(t) | Event::Code(t) => words.push(&mut out.text, t),
            Event::SoftBreak | Event::HardBreak => words.separate(),
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => words.separate(),
            _ => {}
        }
        i += 1;
    }
    out.word_count = words.count;
    if let Some((s, e)) = first_para {
        let mut h = String::new();
        html::push_html(&mut h, events[s..e].iter().cloned());
        out.first_paragraph = Some(h);
    }
    if let Some(m) = more_at {
        let mut h = String::new();
        html::push_html(&mut h, events[..m].iter().cloned());
        out.before_more = Some(h);
    }
    out.html.reserve(body.len() + body.len() / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
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
    let mut urls = Vec::new();
    let mut text = String::new();
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options())
        .map(|e| match e {
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

/// Builds the plain text of a body as its words separated by single spaces, counting
/// them, in one pass (words are what `str::split_whitespace` gives).
#[derive(Default)]
struct Words {
    count: usize,
    /// The last character pushed was part of a word (no whitespace since).
    in_word: bool,
}

impl Words {
    /// A break between words, whatever follows.
    fn separate(&mut self) {
        self.in_word = false;
    }

    fn push(&mut self, text: &mut String, s: &str) {
        // Most text holds no whitespace but single spaces: then its words are known
        // from the spaces alone. Anything else (tab to CR, a lead byte of U+0085, U+00A0,
        // U+1680, U+2000-U+205F or U+3000, or two spaces) takes the character walk.
        let special = s.bytes().fold(false, |acc, b| acc | matches!(b, 0x09..=0x0D | 0xC2 | 0xE1..=0xE3));
        if special || s.contains("  ") {
            return self.push_slow(text, s);
        }
        if s.starts_with(' ') {
            self.in_word = false;
        }
        let core = s.trim_matches(' ');
        if !core.is_empty() {
            if !self.in_word {
                self.count += 1;
                if !text.is_empty() {
                    text.push(' ');
                }
            }
            self.count += core.bytes().filter(|&b| b == b' ').count();
            text.push_str(core);
            self.in_word = true;
        }
        if s.ends_with(' ') {
            self.in_word = false;
        }
    }

    /// `push` for text that may hold any whitespace.
    fn push_slow(&mut self, text: &mut String, s: &str) {
        let mut run: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if let Some(start) = run.take() {
                    self.word(text, &s[start..i]);
                }
                self.in_word = false;
            } else if run.is_none() {
                run = Some(i);
            }
        }
        if let Some(start) = run {
            self.word(text, &s[start..]);
        }
    }

    /// Append a piece of a word (a word may continue across events: `*x*y`).
    fn word(&mut self, text: &mut String, piece: &str) {
        if !self.in_word {
            self.count += 1;
            if !text.is_empty() {
                text.push(' ');
            }
        }
        text.push_str(piece);
        self.in_word = true;
    }
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    if !used.contains_key(&base) {
        used.insert(base.clone(), 0);
        return base;
    }
    let mut n = used[&base];
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base, n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_and_toc() {
        let r = render("# Intro\n\ntext\n\n## Intro\n\n## Custom {#mine}\n");
        assert_eq!(
            r.html,
            "<h1 id=\"intro\">Intro</h1>\n<p>text</p>\n<h2 id=\"intro-1\">Intro</h2>\n<h2 id=\"mine\">Custom</h2>\n"
        );
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(ids, vec![(1, "intro"), (2, "intro-1"), (2, "mine")]);
    }

    #[test]
    fn more_marker_and_first_paragraph() {
        let r = render("First *para*.\n\nSecond.\n\n<!-- more -->\n\nRest.\n");
        assert_eq!(r.first_paragraph.as_deref(), Some("<p>First <em>para</em>.</p>\n"));
        assert_eq!(r.before_more.as_deref(), Some("<p>First <em>para</em>.</p>\n<p>Second.</p>\n"));
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
        );
        for needle in [
            "<table>",
            "<del>gone</del>",
            "\u{201c}quoted\u{201d}",
            "aria-label=\"done\"",
            "id=\"fn-1\"",
            "href=\"#fn-1\"",
        ] {
            assert!(r.html.contains(needle), "missing {needle} in {}", r.html);
        }
    }

    #[test]
    fn words_match_split_whitespace() {
        for body in [
            "a  b\u{a0}c\td\u{2003}e",
            "*x*y z\n\nnext para",
            "`code` and **bold**text",
            "  lead\n- item one\n- item\u{85}two\n",
            "| a | b |\n|---|---|\n| c d | e |\n",
            "“Quoted” words -- and don't\u{3000}stop  here\u{2028}now",
            "x\u{a0}\u{a0}y z ",
        ] {
            let r = render(body);
            let mut raw = String::new();
            for e in Parser::new_ext(body, options()) {
                match e {
                    Event::Text(t) | Event::Code(t) => raw.push_str(&t),
                    Event::SoftBreak
                    | Event::HardBreak
                    | Event::End(
                        TagEnd::Paragraph
                        | TagEnd::Heading(_)
                        | TagEnd::Item
                        | TagEnd::TableCell
                        | TagEnd::BlockQuote(_)
                        | TagEnd::CodeBlock
                        | TagEnd::FootnoteDefinition,
                    ) => raw.push(' '),
                    _ => {}
                }
            }
            let expected: Vec<&str> = raw.split_whitespace().collect();
            assert_eq!(r.word_count, expected.len(), "{body:?}");
            assert_eq!(r.text.split(' ').collect::<Vec<_>>(), expected, "{body:?}");
        }
    }

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

    #[test]
    fn words_are_counted() {
        let r = render("One two `three`.\n\n- four\n- five six\n");
        assert_eq!(r.word_count, 6);
        assert_eq!(r.text, "One two three. four five six");
    }
}
