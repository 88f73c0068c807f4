//! Hugo's alerts beyond GitHub's (Obsidian's form, which Hugo's blockquote hooks read):
//! a title after the type (`> [!TIP] Pro Tip`) or a folding sign (`> [!NOTE]-`).
//! brief renders GitHub's five types written alone (`> [!TIP]`), so such an alert of
//! one of them becomes that, its title kept in bold as the alert's first line and its
//! sign dropped (brief's alerts do not fold); an alert of another type (`[!INFO]`,
//! `[!SUCCESS]`) has no form in brief and is left as written, counted in the report.
//! Never inside fenced or indented code. Pure.

use super::NoteKind;
use super::deflist::{blank, fence};
use super::finish::Converted;
use super::kramdown::indent;

/// The types brief renders (`> [!NOTE]`), as GitHub has them.
const TYPES: &[&str] = &["note", "tip", "important", "warning", "caution"];

/// The first line of an alert: the quote marker up to its `>`, the type as written,
/// whether a folding sign follows it, and the title after it.
struct Head<'a> {
    marker: &'a str,
    kind: &'a str,
    sign: bool,
    title: &'a str,
}

/// The head of an alert in a quote of its own: `>` after at most three spaces, then at
/// most four (the marker's space and three of indent, as CommonMark and Hugo read
/// `>   [!TIP] Title`), then the type in `[!…]`.
fn head(line: &str) -> Option<Head<'_>> {
    let line = line.trim_end_matches(['\n', '\r']);
    if !quoted(line) {
        return None;
    }
    let gt = line.find('>')?;
    let after = &line[gt + 1..];
    let rest = after.trim_start_matches(' ');
    if after.len() - rest.len() > 4 {
        return None;
    }
    let (kind, tail) = kind_of(rest)?;
    let sign = tail.starts_with(['+', '-']);
    let title = tail.get(usize::from(sign)..).unwrap_or("").trim();
    Some(Head { marker: &line[..=gt], kind, sign, title })
}

/// The type of `[!TYPE]…` at the start of `rest`, and what follows it.
fn kind_of(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = &inner[..close];
    (!kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic())).then(|| (kind, &inner[close + 1..]))
}

/// The containers a line opens, from its start: how many quote markers (`>`), whether
/// a list item's marker (`-`, `*`, `+`, `1.`, `1)`) is among them, whether the last is a
/// `>`, and the text after them.
fn containers(line: &str) -> (usize, bool, bool, &str) {
    let mut rest = line.trim_end_matches(['\n', '\r']);
    let (mut depth, mut list, mut last_gt) = (0, false, false);
    loop {
        let t = rest.trim_start_matches(' ');
        if rest.len() - t.len() > 4 {
            break;
        }
        if let Some(r) = t.strip_prefix('>') {
            (depth, last_gt, rest) = (depth + 1, true, r);
            continue;
        }
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let m = if t.starts_with(['-', '*', '+']) {
            1
        } else if (1..10).contains(&digits) && t[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        if m > 0 && t[m..].starts_with(' ') {
            (list, last_gt, rest) = (true, false, &t[m..]);
            continue;
        }
        rest = t;
        break;
    }
    (depth, list, last_gt, rest)
}

/// The head of an alert inside a list item or a nested quote (`- > [!NOTE] Title`,
/// `> > [!TIP]`): its type, and whether a title or a folding sign follows it. brief
/// leaves these as written and counts them.
fn contained(line: &str) -> Option<(&str, bool)> {
    let (depth, list, last_gt, rest) = containers(line);
    if !last_gt || (depth < 2 && !list) {
        return None;
    }
    let (kind, tail) = kind_of(rest.trim_start_matches(' '))?;
    Some((kind, !tail.trim().is_empty()))
}

/// `title` with its ASCII punctuation escaped, so it stays text inside `**…**` (a lone
/// `*` or a `\` at its end broke the bold).
fn escaped(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + 4);
    super::kramdown_math::push_literal(&mut out, title);
    out
}

/// A line inside a block quote (`>` after at most three spaces).
fn quoted(line: &str) -> bool {
    indent(line) < 4 && line.trim_start().starts_with('>')
}

/// Convert the alerts of `body` that brief can render, and count in the notes those
/// converted and those of types it has not (each note at the first one's offset).
pub(crate) fn convert(body: &str) -> Converted {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut c = Converted::default();
    let mut open_fence: Option<(char, usize)> = None;
    let (mut done, mut first_done) = (0, 0);
    let (mut other, mut first_other, mut others) = (0, 0, Vec::<String>::new());
    let (mut nested, mut first_nested) = (0, 0);
    let mut offset = 0;
    for (i, line) in lines.iter().enumerate() {
        let at = offset;
        offset += line.len();
        if let Some((fc, n)) = open_fence {
            if fence(line).is_some_and(|(c2, n2)| c2 == fc && n2 >= n) {
                open_fence = None;
            }
            c.text.push_str(line);
            continue;
        }
        if let Some(f) = fence(line) {
            open_fence = Some(f);
            c.text.push_str(line);
            continue;
        }
        let starts_quote = i == 0 || blank(lines[i - 1]) || !quoted(lines[i - 1]);
        let head = head(line).filter(|_| starts_quote);
        // A nested quote or one in a list item starts where the line before is less deep.
        let starts_inner = i == 0 || blank(lines[i - 1]) || containers(lines[i - 1]).0 < containers(line).0;
        let inner = if head.is_none() { contained(line).filter(|_| starts_inner) } else { None };
        let Some(kind) = head.as_ref().map(|h| h.kind).or(inner.map(|(k, _)| k)) else {
            c.text.push_str(line);
            continue;
        };
        if !TYPES.contains(&kind.to_ascii_lowercase().as_str()) {
            if other == 0 {
                first_other = at;
            }
            other += 1;
            let shown = format!("`[!{}]`", kind.to_uppercase());
            if !others.contains(&shown) {
                others.push(shown);
            }
            c.text.push_str(line);
            continue;
        }
        let Some(h) = head else {
            if inner.is_some_and(|(_, titled)| titled) {
                if nested == 0 {
                    first_nested = at;
                }
                nested += 1;
            }
            c.text.push_str(line);
            continue;
        };
        if !h.sign && h.title.is_empty() {
            c.text.push_str(line);
            continue;
        }
        if done == 0 {
            first_done = at;
        }
        done += 1;
        let end = &line[line.trim_end_matches(['\n', '\r']).len()..];
        let end = if end.is_empty() { "\n" } else { end };
        c.text.push_str(&format!("{} [!{}]{end}", h.marker, h.kind));
        if !h.title.is_empty() {
            c.text.push_str(&format!("{} **{}**{end}", h.marker, escaped(h.title)));
            // Its own paragraph, where the quote goes on (a lazy line would leave it).
            if lines.get(i + 1).is_some_and(|l| quoted(l)) {
                c.text.push_str(&format!("{}{end}", h.marker));
            }
        }
    }
    if done > 0 {
        let text = format!(
            "{done} alert(s) with a title or a folding sign (`> [!TIP] Pro Tip`, `> [!NOTE]-`) → GitHub's form \
             (`> [!TIP]`), the title in bold as the alert's first line; brief's alerts do not fold, so each shows open"
        );
        c.notes.push((first_done, NoteKind::Converted, text));
    }
    if other > 0 {
        let text = format!(
            "{other} alert(s) of a type brief does not render ({}): left as written, so each shows as a quote that \
             starts with its marker; brief renders NOTE, TIP, IMPORTANT, WARNING and CAUTION",
            others.join(", ")
        );
        c.notes.push((first_other, NoteKind::NotConverted, text));
    }
    if nested > 0 {
        let text = format!(
            "{nested} alert(s) with a title or a folding sign inside a list item or a nested quote \
             (`- > [!NOTE] Title`, `> > [!TIP]-`): left as written, so each shows as a quote that starts with its \
             marker; move it to a quote of its own, or drop the title and sign"
        );
        c.notes.push((first_nested, NoteKind::NotConverted, text));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// blowfish's exampleSite writes Obsidian-style alerts (`> [!TIP] Pro Tip`,
    /// `> [!INFO]+`, `> [!SUCCESS]`): they showed as literal text, unreported.
    #[test]
    fn titles_and_signs_convert_other_types_are_counted() {
        let body = "> [!TIP] Pro Tip\n> Use it.\n\n> [!note]-\n> Folded.\n\n> [!WARNING]\n> Plain.\n\n\
                    > [!INFO]+ More\n> x\n\n> [!SUCCESS]\n> y\n\n> [!CAUTION] Lazy\nline\n\n```\n> [!TIP] code\n```\n";
        let c = convert(body);
        assert_eq!(
            c.text,
            "> [!TIP]\n> **Pro Tip**\n>\n> Use it.\n\n> [!note]\n> Folded.\n\n> [!WARNING]\n> Plain.\n\n\
             > [!INFO]+ More\n> x\n\n> [!SUCCESS]\n> y\n\n> [!CAUTION]\n> **Lazy**\nline\n\n```\n> [!TIP] code\n```\n"
        );
        let notes: Vec<(usize, NoteKind)> = c.notes.iter().map(|n| (n.0, n.1)).collect();
        assert_eq!(notes, [(0, NoteKind::Converted), (body.find("> [!INFO]").unwrap(), NoteKind::NotConverted)]);
        assert!(c.notes[0].2.starts_with("3 alert(s)"), "{:?}", c.notes);
        assert!(c.notes[1].2.starts_with("2 alert(s) of a type brief does not render (`[!INFO]`, `[!SUCCESS]`)"));
        // Inside a quote, or indented as code, a marker is no alert's.
        let c = convert("> a\n> [!TIP] x\n\n    > [!TIP] y\n");
        assert_eq!(c.text, "> a\n> [!TIP] x\n\n    > [!TIP] y\n");
        assert!(c.notes.is_empty());
    }

    /// Regression (review repro-5): a title was put in `**…**` as written, so a lone
    /// `*` or a `\` at its end broke the bold; `>   [!TIP]` (spaces after `>`, an
    /// alert to Hugo) and alerts in list items or nested quotes were neither converted
    /// nor counted.
    #[test]
    fn titles_are_escaped_spaced_markers_convert_contained_ones_are_counted() {
        let body = "> [!TIP]- Folded *star\n> body\n\n> [!TIP] Ends with backslash \\\n> body\n\n\
                    >   [!TIP]   Spaced title\n> body\n\n>     [!TIP] code in a quote\n\n\
                    - > [!NOTE] In a list\n  > body\n\n> > [!TIP]- Nested\n> > x\n\n> > a\n> > [!TIP] no\n\n\
                    1. > [!WARNING]\n   > plain\n";
        let c = convert(body);
        assert_eq!(
            c.text,
            "> [!TIP]\n> **Folded \\*star**\n>\n> body\n\n> [!TIP]\n> **Ends with backslash \\\\**\n>\n> body\n\n\
             > [!TIP]\n> **Spaced title**\n>\n> body\n\n>     [!TIP] code in a quote\n\n\
             - > [!NOTE] In a list\n  > body\n\n> > [!TIP]- Nested\n> > x\n\n> > a\n> > [!TIP] no\n\n\
             1. > [!WARNING]\n   > plain\n"
        );
        let notes: Vec<(usize, NoteKind)> = c.notes.iter().map(|n| (n.0, n.1)).collect();
        assert_eq!(notes, [(0, NoteKind::Converted), (body.find("- > [!NOTE]").unwrap(), NoteKind::NotConverted)]);
        assert!(c.notes[0].2.starts_with("3 alert(s)"), "{:?}", c.notes);
        assert!(c.notes[1].2.starts_with("2 alert(s) with a title or a folding sign inside a list item"));
        assert_eq!(escaped("a_b [c](d) `e` \\"), "a\\_b \\[c\\]\\(d\\) \\`e\\` \\\\");
        // An alert of another type in a list item is counted with the others.
        let c = convert("- > [!INFO] x\n");
        assert!(c.notes[0].2.starts_with("1 alert(s) of a type brief does not render (`[!INFO]`)"));
    }
}
