//! Markdown → HTML with heading ids, a table of contents, the summary, the plain text
//! and a word count, in one pass of pulldown-cmark per body; on the way, code blocks are
//! highlighted, GitHub alerts and captioned images get their own markup, a first heading
//! that repeats the title is dropped and headings are shifted under the page's `<h1>`.
//! Pure.

use std::collections::HashMap;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Tag, TagEnd, html};

mod inline;
mod quotes;
mod words;

pub use inline::{Restricted, render_inline, render_restricted};

use super::highlight;
use super::slug::slugify;
use super::text::escape_html;
use words::Words;

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
    /// Fenced code blocks whose language brief cannot highlight (shown as plain code).
    pub unknown_langs: Vec<UnknownLang>,
}

/// A fenced code block in a language brief has no grammar for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang {
    /// The language as looked up (lowercase, first word of the fence's info string).
    pub lang: String,
    /// 1-based line of the fence in the body.
    pub line: usize,
    /// 1-based column of the info string on that line.
    pub col: usize,
}

/// What rendering a body needs to know about its page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings<'a> {
    /// The page's title: a first heading that repeats it is dropped (the page shows the
    /// title as its `<h1>` already).
    pub title: Option<&'a str>,
    /// Shift the body's headings so its highest renders as `<h2>` (ids kept).
    pub shift_headings: bool,
}

/// The extensions brief turns on: tables, footnotes, strikethrough, task lists,
/// heading attributes, smart punctuation and GitHub's alerts (`> [!NOTE]`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
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

fn heading_level(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A title or heading compared loosely: case, runs of spaces, straight or curly quotes
/// and `--` or `–` do not matter (smart punctuation changes the heading, not the title).
fn loose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.split_whitespace().flat_map(|w| w.chars().chain([' '])) {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
            '\u{2013}' => out.push_str("--"),
            '\u{2014}' => out.push_str("---"),
            '\u{2026}' => out.push_str("..."),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The end (exclusive) of the element that starts at `events[start]`.
fn element_end(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (k, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// The plain text of the heading whose events run from `events[start]` to its end.
fn heading_text(events: &[Event<'_>], start: usize) -> String {
    let mut title = String::new();
    for e in &events[start + 1..] {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            _ => {}
        }
    }
    title
}

/// The opening markup of a GitHub alert.
fn alert_open(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "<div class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\">Note</p>\n",
        BlockQuoteKind::Tip => "<div class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">Tip</p>\n",
        BlockQuoteKind::Important => {
            "<div class=\"alert alert-important\" role=\"note\">\n<p class=\"alert-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"alert alert-caution\" role=\"note\">\n<p class=\"alert-title\">Caution</p>\n"
        }
    }
}

/// 1-based line and column of the info string of the fence at byte `at` of `body`.
fn fence_position(body: &str, at: usize) -> (usize, usize) {
    let at = at.min(body.len());
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = body[..at].matches('\n').count() + 1;
    let rest = &body[at..];
    let fence = rest.len() - rest.trim_start_matches(['`', '~']).len();
    let after = &rest[fence..];
    let info = at + fence + (after.len() - after.trim_start_matches([' ', '\t']).len());
    (line, body[line_start..info].chars().count() + 1)
}

/// Render `body` to HTML with default settings (no title, headings as written).
pub fn render(body: &str) -> Rendered {
    render_with(body, &Settings::default())
}

/// Render `body` to HTML.
pub fn render_with(body: &str, settings: &Settings<'_>) -> Rendered {
    // Characters XML forbids (a vertical tab pasted from Word) are U+FFFD in the page,
    // its feeds and its search words alike; each is one character, so columns stay.
    let body = &*super::text::replace_forbidden(body);
    let mut events: Vec<Event<'_>> = Vec::new();
    // Byte offsets of the fenced code blocks, in order, for warnings.
    let mut fences: Vec<usize> = Vec::new();
    for (e, range) in quotes::parse(body, options()) {
        if matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))) {
            fences.push(range.start);
        }
        events.push(e);
    }
    // A body that opens with its own title would show it twice.
    if let (Some(title), Some(Event::Start(Tag::Heading { .. }))) = (settings.title, events.first())
        && loose(&heading_text(&events, 0)) == loose(title)
    {
        let end = element_end(&events, 0);
        events.drain(..end);
    }
    // Body headings sit under the page's <h1>: the highest becomes <h2>.
    let shift: i8 = if settings.shift_headings {
        let top = events
            .iter()
            .filter_map(
                |e| if let Event::Start(Tag::Heading { level, .. }) = e { Some(level_num(*level)) } else { None },
            )
            .min();
        top.map_or(0, |t| 2 - t as i8)
    } else {
        0
    };
    let shifted = |l: HeadingLevel| heading_level((level_num(l) as i8 + shift).clamp(1, 6) as u8);

    let mut out = Rendered::default();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut more_at = None;
    let mut first_para = None;
    // The first paragraph when it is a raw `<p>` block: its first element alone.
    let mut first_html: Option<String> = None;
    let mut para_start = None;
    let mut depth_para = 0usize;
    let mut words = Words::default();
    let mut fence_no = 0;
    // Where a figure's caption goes, and its text (for the words).
    let mut caption_at: Option<(usize, String)> = None;

    let mut i = 0;
    while i < events.len() {
        if caption_at.as_ref().is_some_and(|(at, _)| *at == i) {
            let (_, caption) = caption_at.take().expect("checked");
            words.separate();
            words.push(&mut out.text, &caption);
            words.separate();
        }
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level;
                let explicit = id.as_ref().map(|s| s.to_string());
                let title = heading_text(&events, i);
                let base = explicit.unwrap_or_else(|| {
                    let s = slugify(&title);
                    if s.is_empty() { "section".to_string() } else { s }
                });
                let id = unique_id(&mut used, base);
                let new_level = shifted(level);
                if let Event::Start(Tag::Heading { id: slot, level: l, .. }) = &mut events[i] {
                    *slot = Some(CowStr::from(id.clone()));
                    *l = new_level;
                }
                out.toc.push(TocEntry { level: level_num(new_level), id, title: title.trim().to_string() });
            }
            Event::End(TagEnd::Heading(level)) => {
                events[i] = Event::End(TagEnd::Heading(shifted(*level)));
                words.separate();
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
            // A paragraph that is only an image with a title is a figure with a caption
            // (a <figure> may not sit inside a <p>).
            Event::Start(Tag::Paragraph) if figure_at(&events, i).is_some() => {
                let (img_end, title) = figure_at(&events, i).expect("checked");
                events[i] = Event::Html(CowStr::Borrowed("<figure>"));
                if let Event::Start(Tag::Image { title: t, .. }) = &mut events[i + 1] {
                    *t = CowStr::Borrowed("");
                }
                let close = format!("<figcaption>{}</figcaption></figure>\n", escape_html(&title));
                events[img_end] = Event::Html(CowStr::from(close));
                caption_at = Some((img_end, title));
            }
            // A raw `<p>` block is a paragraph to the reader (text in right-to-left scripts
            // is often written so, for its `dir`).
            Event::Start(Tag::HtmlBlock) if para_start.is_none() && first_para.is_none() => {
                let end = element_end(&events, i);
                let html: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| if let Event::Html(h) = e { Some(h.as_ref()) } else { None })
                    .collect();
                if is_html_paragraph(&html) {
                    first_para = Some((i, end));
                    first_html = Some(first_element(&html).to_string());
                }
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
                    // A paragraph of images alone says nothing a summary can show.
                    if has_own_text(&events[s..i]) {
                        first_para = Some((s, i + 1));
                    } else {
                        para_start = None;
                    }
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                events[i] = Event::Html(CowStr::Borrowed(alert_open(*kind)));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events[i] = Event::Html(CowStr::Borrowed("</div>\n"));
                words.separate();
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let at = fences.get(fence_no).copied().unwrap_or(0);
                fence_no += 1;
                let token = highlight::normalise(info);
                let end = element_end(&events, i);
                let mut code = String::new();
                for e in &events[i + 1..end] {
                    if let Event::Text(t) = e {
                        code.push_str(t);
                        words.push(&mut out.text, t);
                    }
                }
                words.separate();
                if !token.is_empty() {
                    match highlight::code_block(&token, &code) {
                        Some(block) => {
                            events[i] = Event::Html(CowStr::from(block));
                            for e in &mut events[i + 1..end] {
                                *e = Event::Html(CowStr::Borrowed(""));
                            }
                        }
                        None => {
                            let (line, col) = fence_position(body, at);
                            out.unknown_langs.push(UnknownLang { lang: token, line, col });
                        }
                    }
                }
                i = end;
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h) if more_at.is_none() && is_more_marker(h) => {
                more_at = Some(i);
            }
            Event::Text(t) | Event::Code(t) => words.push(&mut out.text, t),
            Event::SoftBreak | Event::HardBreak => words.separate(),
            Event::End(
                TagEnd::Item
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
    out.first_paragraph = first_html.or_else(|| {
        first_para.map(|(s, e)| {
            let mut h = String::new();
            html::push_html(&mut h, events[s..e].iter().cloned());
            h
        })
    });
    if let Some(m) = more_at {
        let mut h = String::new();
        html::push_html(&mut h, events[..m].iter().cloned());
        out.before_more = Some(h);
    }
    out.html.reserve(body.len() + body.len() / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// Whether a raw HTML block is a `<p>` element with text.
fn is_html_paragraph(html: &str) -> bool {
    let rest = html.trim_start();
    let is_p = rest.get(..2).is_some_and(|t| t.eq_ignore_ascii_case("<p"))
        && rest[2..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace());
    is_p && !super::text::html_to_text(html).trim().is_empty()
}

/// A raw `<p>` block up to the end of its first element: lines of `<p>` elements with
/// no blank line between them are one HTML block to Markdown.
fn first_element(html: &str) -> &str {
    let end = html.as_bytes().windows(4).position(|w| w.eq_ignore_ascii_case(b"</p>"));
    end.map_or(html, |at| &html[..at + 4])
}

/// Whether a paragraph's events hold text of their own, beside the alt text of images
/// (which a summary, sanitized to text and links, drops with the image).
fn has_own_text(events: &[Event<'_>]) -> bool {
    let mut images = 0usize;
    events.iter().any(|e| match e {
        Event::Start(Tag::Image { .. }) => {
            images += 1;
            false
        }
        Event::End(TagEnd::Image) => {
            images = images.saturating_sub(1);
            false
        }
        Event::Text(t) | Event::Code(t) => images == 0 && !t.trim().is_empty(),
        _ => false,
    })
}

/// When the paragraph starting at `events[i]` holds only an image with a title: the
/// position of the paragraph's end and the title.
fn figure_at(events: &[Event<'_>], i: usize) -> Option<(usize, String)> {
    let Some(Event::Start(Tag::Image { title, .. })) = events.get(i + 1) else { return None };
    if title.trim().is_empty() {
        return None;
    }
    let img_end = element_end(events, i + 1);
    matches!(events.get(img_end), Some(Event::End(TagEnd::Paragraph))).then(|| (img_end, title.to_string()))
}

/// `base`, or `base-1`, `base-2`… when taken (`used` maps each id given to the last
/// number tried for it): brief's way, and Goldmark's and kramdown's (the importers keep
/// their ids with it).
pub(crate) fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let Some(&n) = used.get(&base) else {
        used.insert(base.clone(), 0);
        return base;
    };
    let mut n = n;
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
mod tests;
