//! Emoji codes in text (`:see_no_evil:`), which Hugo turns into emoji where the config
//! says `enableEmoji = true`; brief shows them as written, so the import points at each
//! one. Pure.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// Byte offsets and codes (`:tada:`, `:+1:`) of the emoji codes in `body`, outside code
/// and HTML: a colon, lowercase letters, digits, `_`, `+` or `-` with a letter among
/// them, and a colon.
pub(super) fn codes(body: &str) -> Vec<(usize, String)> {
    let mut skip: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) | Event::Code(_) | Event::InlineHtml(_) => {
                skip.push(range)
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = body[at..].find(':').map(|i| at + i) {
        let after = &body[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let name = &after[..len];
        let named = name.chars().any(|c| c.is_ascii_lowercase()) || name == "+1" || name == "-1";
        if len > 0 && named && after[len..].starts_with(':') && !skip.iter().any(|r| r.contains(&open)) {
            out.push((open, format!(":{name}:")));
            at = open + len + 2;
        } else {
            at = open + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_text_not_in_code() {
        let body = "Emoji :see_no_evil: and :+1: at 10:30:45, `:tada:`\n\n```\n:smile:\n```\n\n<div>:x:</div>\n\nhttp://x :heart:";
        let found: Vec<String> = codes(body).into_iter().map(|(_, c)| c).collect();
        assert_eq!(found, [":see_no_evil:", ":+1:", ":heart:"]);
        let (at, code) = &codes(body)[0];
        assert_eq!(&body[*at..*at + code.len()], ":see_no_evil:");
    }
}
