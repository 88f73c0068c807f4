//! Heading ids as the old generator made them. Hugo's Goldmark (`whats-new` for
//! `## What's new`, `bbolt-v151` for `## bbolt v1.5.1`) and kramdown make other ids than
//! brief (`what-s-new`, `bbolt-v1-5-1`), so a link to a heading (`[What's new](#whats-new)`
//! in the page, or `/old/url/#whats-new` from elsewhere) found none. Where the two
//! differ, the heading gets the old id written out (`## What's new {#whats-new}`). Pure.

use std::collections::HashMap;

use crate::parse::markdown::unique_id;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// How the old generator made a heading's id from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdStyle {
    /// Hugo's default `github`: letters, digits and `_` lowercased, each space or `-` a
    /// `-`, the rest dropped.
    GitHub,
    /// kramdown's GFM input (Jekyll's default): as `github`, combining marks kept (its
    /// `\p{Word}`), so `## हिन्दी` keeps its vowel signs.
    Gfm,
    /// Hugo's `github-ascii`: as `github` for ASCII text; Hugo strips the accents of
    /// other text first, which is not done here (such a heading keeps brief's id).
    GitHubAscii,
    /// Hugo's `blackfriday`: runs of other characters between letters and digits one `-`.
    Blackfriday,
    /// kramdown's own input: ASCII letters, digits, spaces and `-` after the first letter,
    /// spaces as `-`, lowercased; `section` when none is left.
    Kramdown,
    /// Zola's `slugify.anchors = "on"`, its default: its path slugs (other scripts
    /// transliterated, `ünïcode` → `unicode`).
    Zola,
    /// Zola's `"safe"` and `"off"`: the text as written, each ASCII space a `_`.
    ZolaAsWritten,
}

/// Hugo's style from `markup.goldmark.parser` (`autoHeadingID`, `autoHeadingIDType`);
/// `None` when Hugo made no ids.
pub(crate) fn hugo_style(config: &super::matter::Map) -> Option<IdStyle> {
    let parser = ["markup", "goldmark", "parser"].iter().try_fold(config, |m, k| super::hugo::get(m, k)?.as_object());
    let get = |k: &str| parser.and_then(|p| super::hugo::get(p, k));
    if get("autoHeadingID").and_then(serde_json::Value::as_bool) == Some(false) {
        return None;
    }
    match get("autoHeadingIDType").and_then(serde_json::Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("github-ascii") => Some(IdStyle::GitHubAscii),
        Some("blackfriday") => Some(IdStyle::Blackfriday),
        _ => Some(IdStyle::GitHub),
    }
}

/// Jekyll's style from its `kramdown` settings (`auto_ids`, `input`, GFM by default);
/// `None` when kramdown made no ids.
pub(crate) fn jekyll_style(config: &super::matter::Map) -> Option<IdStyle> {
    let k = config.get("kramdown").and_then(serde_json::Value::as_object);
    let get = |key: &str| k.and_then(|k| k.get(key));
    if get("auto_ids").and_then(serde_json::Value::as_bool) == Some(false) {
        return None;
    }
    match get("input").and_then(serde_json::Value::as_str) {
        Some(i) if i.eq_ignore_ascii_case("kramdown") => Some(IdStyle::Kramdown),
        _ => Some(IdStyle::Gfm),
    }
}

/// Zola's style from `[slugify] anchors` (`on` by default).
pub(crate) fn zola_style(config: &super::matter::Map) -> IdStyle {
    match config.get("slugify").and_then(|s| s.get("anchors")).and_then(serde_json::Value::as_str) {
        Some("safe" | "off") => IdStyle::ZolaAsWritten,
        _ => IdStyle::Zola,
    }
}

/// The id `style` makes of a heading's text (before making it unique).
fn old_id(text: &str, style: IdStyle) -> String {
    let mut out = String::new();
    match style {
        IdStyle::Zola => return super::zola::zola_slug(text),
        IdStyle::ZolaAsWritten => {
            let id = text.replace(|c: char| c.is_ascii_whitespace(), "_");
            // An id with a brace or another space cannot be written as `{#id}`: brief's
            // own stays.
            if !id.contains(|c: char| c == '{' || c == '}' || c.is_whitespace()) {
                out = id;
            }
        }
        IdStyle::GitHub | IdStyle::GitHubAscii | IdStyle::Gfm => {
            if style == IdStyle::GitHubAscii && !text.is_ascii() {
                return out;
            }
            for c in text.trim().chars() {
                if c == ' ' || c == '-' {
                    out.push('-');
                } else if c == '_' || word(c, style) {
                    out.extend(c.to_lowercase());
                }
            }
        }
        IdStyle::Blackfriday => {
            let mut dash = false;
            for c in text.chars() {
                if c.is_alphanumeric() {
                    if dash && !out.is_empty() {
                        out.push('-');
                    }
                    dash = false;
                    out.extend(c.to_lowercase());
                } else {
                    dash = true;
                }
            }
        }
        IdStyle::Kramdown => {
            let from = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
            for c in text[from..].chars() {
                if c == ' ' {
                    out.push('-');
                } else if c.is_ascii_alphanumeric() || c == '-' {
                    out.push(c.to_ascii_lowercase());
                }
            }
            if out.is_empty() {
                out.push_str("section");
            }
        }
    }
    out
}

/// A character an id keeps: for Goldmark a letter or decimal digit as Go tells them
/// (`unicode.IsLetter`, `IsDigit`: the vowel signs of `हिन्दी` are neither); for
/// kramdown's GFM a Ruby `\p{Word}` (alphabetic, digit or combining mark).
fn word(c: char, style: IdStyle) -> bool {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
    let digit = c.general_category() == GeneralCategory::DecimalNumber;
    if style == IdStyle::Gfm {
        c.is_alphabetic() || digit || c.general_category_group() == GeneralCategoryGroup::Mark
    } else {
        c.general_category_group() == GeneralCategoryGroup::Letter || digit
    }
}

/// Headings given the old generator's ids.
pub(crate) struct Kept {
    /// The body with the ids written.
    pub text: String,
    /// How many were written.
    pub n: usize,
    /// The first such heading's line, as it was and as it is written, and how many
    /// lines the same as it come before it (a Markdown example in a code block).
    pub first: Option<(String, String, usize)>,
}

/// Write the old ids into `text`, the converted body of `e`, and note how many (and the
/// first, at its line in the file) in `e`'s report; `old` names the generator.
pub(crate) fn keep_in(e: &mut super::Entry, text: &mut String, style: IdStyle, old: &str) {
    let kept = keep(text, style);
    if kept.n == 0 {
        return;
    }
    *text = kept.text;
    let n = kept.n;
    let (was, written, nth) = kept.first.unwrap_or_default();
    // The first heading's line in the file: the same line of the same text.
    let line = nth_line(&e.body, &was, nth)
        .filter(|_| !was.is_empty())
        .map_or(0, |at| e.body_line + super::matter::line_at(&e.body, at) - 1);
    e.notes.push(super::Note::new(
        line,
        super::NoteKind::Converted,
        format!(
            "{n} heading id(s) written as {old} made them, where brief's own differ, so links to them keep working (the first: `{written}`)"
        ),
    ));
}

/// The start of the `nth` (from 0) line of `text` that is `line`.
pub(crate) fn nth_line(text: &str, line: &str, nth: usize) -> Option<usize> {
    let mut at = 0;
    let mut seen = 0;
    for l in text.split_inclusive('\n') {
        if l.trim_end_matches(['\n', '\r']) == line {
            if seen == nth {
                return Some(at);
            }
            seen += 1;
        }
        at += l.len();
    }
    None
}

/// `body` with the old id written on each heading whose id brief would make otherwise.
pub(crate) fn keep(body: &str, style: IdStyle) -> Kept {
    let mut inserts: Vec<(usize, usize, String)> = Vec::new();
    let (mut old_used, mut new_used) = (HashMap::new(), HashMap::new());
    let mut heading: Option<(usize, String, bool)> = None;
    for (event, range) in Parser::new_ext(body, crate::parse::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => heading = Some((range.start, String::new(), id.is_some())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((start, text, explicit)) = heading.take() else { continue };
                if explicit {
                    continue;
                }
                let natural = crate::parse::slug::slugify(&text);
                let natural = if natural.is_empty() { "section".to_string() } else { natural };
                let old = old_id(&text, style);
                let old = if old.is_empty() { None } else { Some(unique_id(&mut old_used, old)) };
                let ours = unique_id(&mut new_used.clone(), natural.clone());
                match old {
                    Some(old) if old != ours => {
                        // The end of the heading's line, before a closing `#` run.
                        let line_end = body[start..].find('\n').map_or(body.len(), |e| start + e);
                        let line = body[start..line_end].trim_end_matches('\r');
                        if !line.trim_start().starts_with('#') {
                            // A Setext heading: its text may run over lines; left as it is.
                            unique_id(&mut new_used, natural);
                            continue;
                        }
                        unique_id(&mut new_used, old.clone());
                        let text_end = line.trim_end();
                        let kept = text_end.trim_end_matches('#');
                        // A closing `#` run goes (brief reads no id before one); in `## C#`
                        // the `#` is text.
                        let end = if kept.len() < text_end.len() && kept.ends_with([' ', '\t']) {
                            kept.trim_end().len()
                        } else {
                            text_end.len()
                        };
                        inserts.push((start + end, start + text_end.len(), format!(" {{#{old}}}")));
                    }
                    _ => {
                        unique_id(&mut new_used, natural);
                    }
                }
            }
            _ => {}
        }
    }
    let n = inserts.len();
    let first = inserts.first().map(|(from, to, text)| {
        let start = body[..*from].rfind('\n').map_or(0, |i| i + 1);
        let end = body[*to..].find('\n').map_or(body.len(), |i| to + i);
        let was = body[start..end].trim_end_matches('\r');
        let before = body[..start].split_inclusive('\n').filter(|l| l.trim_end_matches(['\n', '\r']) == was).count();
        (was.to_string(), format!("{}{text}{}", &body[start..*from], &body[*to..end].trim_end_matches('\r')), before)
    });
    let mut out = body.to_string();
    for (from, to, text) in inserts.into_iter().rev() {
        out.replace_range(from..to, &text);
    }
    Kept { text: out, n, first }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_ids_are_kept_where_brief_makes_others() {
        // Ids as `hugo` 0.111 wrote them for these headings (github style).
        let body = "* [What's new](#whats-new)\n\n## What's new\n\n## bbolt v1.5.1 ##\n\n## C++ & Rust — a “story”\n\n\
                    ## 한국어 제목 2.0\n\n## Plain words\n\n## What's new\n\n## Mine {#mine}\n\n## C#\n\n```\n## What's\n```\n";
        let Kept { text, n, first } = keep(body, IdStyle::GitHub);
        // The report names the first heading given an id, as it was and as written.
        assert_eq!(first, Some(("## What's new".to_string(), "## What's new {#whats-new}".to_string(), 0)));
        // A heading shown in a code block before it is another line of the same text.
        let Kept { first, .. } = keep("```\n## What's new\n```\n\n## What's new\n", IdStyle::GitHub);
        let (was, _, nth) = first.unwrap();
        assert_eq!(nth, 1);
        // Past "x", the fence and the example: the heading itself.
        assert_eq!(nth_line("x\n```\n## What's new\n```\n\n## What's new\n", &was, nth), Some(25));
        assert_eq!(
            text,
            "* [What's new](#whats-new)\n\n## What's new {#whats-new}\n\n## bbolt v1.5.1 {#bbolt-v151}\n\n\
             ## C++ & Rust — a “story” {#c--rust--a-story}\n\n## 한국어 제목 2.0 {#한국어-제목-20}\n\n## Plain words\n\n\
             ## What's new {#whats-new-1}\n\n## Mine {#mine}\n\n## C#\n\n```\n## What's\n```\n"
        );
        assert_eq!(n, 5);
        // Brief reads the ids written.
        let html = crate::parse::markdown::render(&text).html;
        for id in
            ["whats-new", "bbolt-v151", "c--rust--a-story", "한국어-제목-20", "plain-words", "whats-new-1", "mine", "c"]
        {
            assert!(html.contains(&format!("id=\"{id}\"")), "no {id} in {html}");
        }
    }

    #[test]
    fn blackfriday_and_kramdown_ids() {
        assert_eq!(old_id("bbolt v1.5.1", IdStyle::Blackfriday), "bbolt-v1-5-1");
        assert_eq!(old_id("1. What's new?", IdStyle::Kramdown), "whats-new");
        assert_eq!(old_id("हिन्दी में", IdStyle::Gfm), "हिन्दी-में");
        // As hugo 0.111 wrote `## हिन्दी में`.
        assert_eq!(old_id("हिन्दी में", IdStyle::GitHub), "हनद-म");
        assert_eq!(old_id("新闻", IdStyle::Kramdown), "section");
        assert_eq!(old_id("Café au lait", IdStyle::GitHubAscii), "");
        assert_eq!(old_id("What's new", IdStyle::GitHubAscii), "whats-new");
        // Blackfriday's ids are brief's: nothing to write.
        assert_eq!(keep("## bbolt v1.5.1\n", IdStyle::Blackfriday).n, 0);
    }

    /// Zola (`slugify.anchors = "on"`) transliterates (`ünïcode-heading-stuff`) where
    /// brief keeps the letters (`ünïcode-heading-stuff`): old `#fragment` links broke.
    #[test]
    fn zola_ids_are_kept_as_each_anchors_setting_made_them() {
        let body =
            "## Part Two\n\n## Ünïcode Heading & Stuff\n\n## Notes\n\n## Notes\n\n## C++ & Rust: 2.0!\n\n## 日本\n";
        let Kept { text, n, .. } = keep(body, IdStyle::Zola);
        assert_eq!(
            text,
            "## Part Two\n\n## Ünïcode Heading & Stuff {#unicode-heading-stuff}\n\n## Notes\n\n## Notes\n\n\
             ## C++ & Rust: 2.0!\n\n## 日本 {#ri-ben}\n"
        );
        assert_eq!(n, 2);
        // `safe` and `off`: the text with `_` for spaces.
        let Kept { text, n, .. } =
            keep("## Part Two\n\n## test (hey)\n\n## a {b}\n\n## 日本\n", IdStyle::ZolaAsWritten);
        assert_eq!(text, "## Part Two {#Part_Two}\n\n## test (hey) {#test_(hey)}\n\n## a {b}\n\n## 日本\n");
        assert_eq!(n, 2);
        let html = crate::parse::markdown::render(&text).html;
        for id in ["Part_Two", "test_(hey)"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "no {id} in {html}");
        }
        let cfg =
            |anchors: &str| serde_json::from_str(&format!(r#"{{"slugify": {{"anchors": "{anchors}"}}}}"#)).unwrap();
        assert_eq!(zola_style(&cfg("safe")), IdStyle::ZolaAsWritten);
        assert_eq!(zola_style(&cfg("on")), IdStyle::Zola);
        assert_eq!(zola_style(&super::super::matter::Map::new()), IdStyle::Zola);
    }
}
