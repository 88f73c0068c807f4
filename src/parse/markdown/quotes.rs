//! Smart punctuation's double quotes, mended where a quote sits between two letters.
//! Chinese, Japanese and Korean put no space around quotation marks (`"불법"이라고`,
//! `本文は"引用"です`), and pulldown-cmark, following the CommonMark reference, makes
//! a quote that can neither open nor close (letters on both sides) an opening one, so
//! the quotation closes with a second opening mark: `“불법“이라고`. Here such a quote
//! closes the quotation left open before it in the same block, as a reader expects.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The events of `text` with their byte ranges, its double quotes mended.
pub(super) fn parse(text: &str, options: Options) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    let mut open = false;
    Parser::new_ext(text, options).into_offset_iter().map(move |(e, range)| {
        let e = match e {
            // Quotes pair within one block, as the parser pairs them.
            Event::Start(ref t) if !is_inline(t) => {
                open = false;
                e
            }
            Event::End(ref t) if !is_inline_end(t) => {
                open = false;
                e
            }
            // A quote the parser made of a `"` of the text (not one the author typed).
            Event::Text(ref t) if range.len() == 1 && t.len() == 3 && text.as_bytes()[range.start] == b'"' => {
                match &**t {
                    "”" => {
                        open = false;
                        e
                    }
                    "“" if open && text[..range.start].chars().next_back().is_some_and(|c| !c.is_whitespace()) => {
                        open = false;
                        Event::Text(CowStr::Borrowed("”"))
                    }
                    "“" => {
                        open = true;
                        e
                    }
                    _ => e,
                }
            }
            e => e,
        };
        (e, range)
    })
}

fn is_inline(t: &Tag<'_>) -> bool {
    matches!(t, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript | Tag::Link { .. })
}

fn is_inline_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, parse(md, Options::ENABLE_SMART_PUNCTUATION).map(|(e, _)| e));
        out
    }

    #[test]
    fn a_quote_between_letters_closes_the_open_one() {
        assert_eq!(html("북한은 \"불법\"이라고 했다"), "<p>북한은 “불법”이라고 했다</p>\n");
        assert_eq!(html("本文は\"引用\"です"), "<p>本文は“引用”です</p>\n");
        assert_eq!(html("我能\"吞下\"玻璃, \"再\"说"), "<p>我能“吞下”玻璃, “再”说</p>\n");
        // With emphasis inside, and two quotations in one paragraph.
        assert_eq!(html("\"*강력히*\"고 \"배격\"한다"), "<p>“<em>강력히</em>”고 “배격”한다</p>\n");
    }

    #[test]
    fn other_quotes_are_as_the_parser_makes_them() {
        assert_eq!(html("He said \"no\" and \"yes.\""), "<p>He said “no” and “yes.”</p>\n");
        // A closing quote with none open stays as the parser makes it.
        assert_eq!(html("A 5'10\" man"), "<p>A 5’10“ man</p>\n");
        // An unclosed quote does not reach into the next paragraph.
        assert_eq!(html("\"open\n\nnext\"word"), "<p>“open</p>\n<p>next“word</p>\n");
        // Quotes the author typed are left alone.
        assert_eq!(html("“a“b"), "<p>“a“b</p>\n");
    }
}
