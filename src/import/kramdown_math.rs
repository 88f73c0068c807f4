//! kramdown's math in a Jekyll body: `$$ … $$` that is a block of its own (blank lines
//! or the start and end of a container around it) is display math, `$$ … $$` anywhere
//! else inline math. kramdown passes the LaTeX through untouched and, with its default
//! engine (MathJax), writes `\[…\]` and `\(…\)` for MathJax or KaTeX on the page to
//! typeset; brief's Markdown would read the LaTeX as Markdown (`\\` a `\`, `\{` a `{`,
//! `f^*(x) … g^*(x)` emphasis, `'` a curly quote). Each becomes kramdown's output with
//! every ASCII punctuation character backslash-escaped, which CommonMark reads as that
//! very character: the built page holds what kramdown's held, byte for byte. Never in
//! code (fences, indented, spans) or raw HTML; a lone `$` is no math. Pure.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// A body with its math converted.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Math {
    /// The new text.
    pub text: String,
    /// How many display maths.
    pub display: usize,
    /// How many inline maths.
    pub inline: usize,
    /// The offset of the first, in the text given.
    pub first: Option<usize>,
}

/// One `$$ … $$`: its bytes with the delimiters, and whether it is display math.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    whole: Range<usize>,
    display: bool,
}

/// Where the text is code or raw HTML, as brief's Markdown reads it.
fn verbatim(text: &str) -> Vec<Range<usize>> {
    let mut skip = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::parse::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_) => skip.push(range),
            _ => {}
        }
    }
    skip
}

/// Whether a line holds nothing but blockquote markers and whitespace.
fn blank(line: &str) -> bool {
    line.trim_start_matches([' ', '\t', '>']).trim().is_empty()
}

/// What precedes math on its line when it opens a block: blockquote markers and
/// whitespace, maybe a list marker (`- `, `1. `) after them. `Some(true)` for a list
/// item's first line, whose content starts a block whatever the line above.
fn opens_block(before: &str) -> Option<bool> {
    let rest = before.trim_start_matches([' ', '\t', '>']);
    if rest.is_empty() {
        return Some(false);
    }
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let after = match rest.strip_prefix(['-', '+', '*']) {
        Some(a) => a,
        None if digits.len() < rest.len() => digits.strip_prefix(['.', ')'])?,
        None => return None,
    };
    (after.starts_with([' ', '\t']) && after.trim().is_empty()).then_some(true)
}

/// The line of `text` holding offset `at`: its start and end (before the `\n`).
fn line_of(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

/// Every `$$ … $$` of `text` as kramdown reads it: the first `$$` after an opening one
/// closes it, within its paragraph (no blank line between), neither in code nor HTML.
fn find(text: &str) -> Vec<Found> {
    let skip = verbatim(text);
    let skipped = |at: usize| skip.iter().any(|r| r.contains(&at));
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("$$").map(|i| at + i) {
        at = open + 2;
        let escaped = text[..open].chars().rev().take_while(|c| *c == '\\').count() % 2 == 1;
        if escaped || skipped(open) {
            continue;
        }
        let Some(close) = text[open + 2..].find("$$").map(|i| open + 2 + i) else { break };
        let inside = &text[open + 2..close];
        let lines: Vec<&str> = inside.split('\n').collect();
        let crosses_blank = lines.len() > 2 && lines[1..lines.len() - 1].iter().any(|l| blank(l));
        if crosses_blank || skipped(close) {
            continue;
        }
        let end = close + 2;
        let line = line_of(text, open);
        let after_line = line_of(text, close);
        let above_blank = line.start == 0 || blank(&text[line_of(text, line.start - 1)]);
        let opens = opens_block(&text[line.start..open]).is_some_and(|item| item || above_blank);
        let rest_blank = text[end..after_line.end].trim().is_empty();
        let below_blank = after_line.end >= text.len() || blank(&text[line_of(text, after_line.end + 1)]);
        found.push(Found { whole: open..end, display: opens && rest_blank && below_blank });
        at = end;
    }
    found
}

/// `s` with every ASCII punctuation character backslash-escaped; after each line break
/// the container's markers (`depth` blockquote `>`s and the whitespace around them) kept
/// as they are, and whitespace ending a line written as character references, so
/// CommonMark makes no hard break of it.
fn escaped(s: &str, depth: usize, out: &mut String) {
    for (i, line) in s.split('\n').enumerate() {
        let mut line = line;
        if i > 0 {
            out.push('\n');
            let mut left = depth;
            let keep = line.len()
                - line
                    .trim_start_matches(|c: char| {
                        c == ' '
                            || c == '\t'
                            || (c == '>' && left > 0 && {
                                left -= 1;
                                true
                            })
                    })
                    .len();
            out.push_str(&line[..keep]);
            line = &line[keep..];
        }
        let last = i == s.matches('\n').count();
        // A CRLF line ends in `\r`: the whitespace before it ends the line all the same.
        let cr = !last && line.ends_with('\r');
        let line = if cr { &line[..line.len() - 1] } else { line };
        let body = if last { line } else { line.trim_end_matches([' ', '\t']) };
        push_literal(out, body);
        for c in line[body.len()..].chars() {
            out.push_str(if c == '\t' { "&#9;" } else { "&#32;" });
        }
        if cr {
            out.push('\r');
        }
    }
}

/// Push `text` with every ASCII punctuation character backslash-escaped: CommonMark
/// reads `\X` as X, so the text renders as written, never as Markdown.
pub(super) fn push_literal(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
}

/// `text` with each math as kramdown's MathJax output, escaped so that CommonMark
/// renders exactly that.
pub(crate) fn convert(text: &str) -> Math {
    let found = find(text);
    let mut m = Math { first: found.first().map(|f| f.whole.start), ..Math::default() };
    let mut from = 0;
    for f in &found {
        m.text.push_str(&text[from..f.whole.start]);
        let line = line_of(text, f.whole.start);
        let depth = text[line.start..f.whole.start].matches('>').count();
        let latex = &text[f.whole.start + 2..f.whole.end - 2];
        let (open, close) = if f.display { ("\\[", "\\]") } else { ("\\(", "\\)") };
        escaped(&format!("{open}{latex}{close}"), depth, &mut m.text);
        if f.display {
            m.display += 1;
        } else {
            m.inline += 1;
        }
        from = f.whole.end;
    }
    m.text.push_str(&text[from..]);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, Parser::new_ext(md, crate::parse::markdown::options()));
        out
    }

    #[test]
    fn display_and_inline_math_render_as_kramdown_wrote_them() {
        let m = convert("$$ a \\\\\nb_1 * c_2 * \\{x\\} $$\n\nSo $$f'(x) -- y...$$ here.\n");
        assert_eq!((m.display, m.inline, m.first), (1, 1, Some(0)));
        assert_eq!(html(&m.text), "<p>\\[ a \\\\\nb_1 * c_2 * \\{x\\} \\]</p>\n<p>So \\(f'(x) -- y...\\) here.</p>\n");
    }

    #[test]
    fn math_in_containers_keeps_them_and_blocks_need_boundaries() {
        let m = convert("> $$ a \\\\  \n> b $$\n\n- $$ c_1 $$\n\nText\n$$ d_1 $$\n\n$$ e $$ f\n");
        assert_eq!((m.display, m.inline), (2, 2));
        assert_eq!(
            html(&m.text),
            "<blockquote>\n<p>\\[ a \\\\  \nb \\]</p>\n</blockquote>\n<ul>\n<li>\\[ c_1 \\]</li>\n</ul>\n\
             <p>Text\n\\( d_1 \\)</p>\n<p>\\( e \\) f</p>\n"
        );
    }

    #[test]
    fn whitespace_ending_a_crlf_line_makes_no_hard_break() {
        let m = convert("Some\r\n\r\n$$ a \\\\  \r\nb $$\r\n");
        assert_eq!(m.display, 1);
        assert_eq!(html(&m.text), "<p>Some</p>\n<p>\\[ a \\\\  \nb \\]</p>\n");
    }

    #[test]
    fn code_html_escaped_and_lone_dollars_are_no_math() {
        let text = "$5 and $10, \\$$ no $$\n\n`$$ a_1 $$`\n\n```\n$$ a_1 $$\n```\n\n    $$ a_1 $$\n\n<div>\n$$ a_1 $$\n</div>\n\n$$ a\n\nb $$\n";
        let m = convert(text);
        assert_eq!((m.display, m.inline), (0, 0), "{}", m.text);
        assert_eq!(m.text, text);
    }
}
