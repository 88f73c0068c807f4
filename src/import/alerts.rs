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

/// The first line of an alert: the quote marker with its space (`> `), the type as
/// written, whether a folding sign follows it, and the title after it.
struct Head<'a> {
    marker: &'a str,
    kind: &'a str,
    sign: bool,
    title: &'a str,
}

fn head(line: &str) -> Option<Head<'_>> {
    let line = line.trim_end_matches(['\n', '\r']);
    if !quoted(line) {
        return None;
    }
    let gt = line.find('>')?;
    let after = &line[gt + 1..];
    let rest = after.strip_prefix(' ').unwrap_or(after);
    let marker = &line[..line.len() - rest.len()];
    let inner = rest.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = &inner[..close];
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let tail = &inner[close + 1..];
    let sign = tail.starts_with(['+', '-']);
    let title = tail.get(usize::from(sign)..).unwrap_or("").trim();
    Some(Head { marker, kind, sign, title })
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
        let Some(h) = head(line).filter(|_| starts_quote) else {
            c.text.push_str(line);
            continue;
        };
        if !TYPES.contains(&h.kind.to_ascii_lowercase().as_str()) {
            if other == 0 {
                first_other = at;
            }
            other += 1;
            let shown = format!("`[!{}]`", h.kind.to_uppercase());
            if !others.contains(&shown) {
                others.push(shown);
            }
            c.text.push_str(line);
            continue;
        }
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
        c.text.push_str(&format!("{}[!{}]{end}", h.marker, h.kind));
        if !h.title.is_empty() {
            c.text.push_str(&format!("{}**{}**{end}", h.marker, h.title));
            // Its own paragraph, where the quote goes on (a lazy line would leave it).
            if lines.get(i + 1).is_some_and(|l| quoted(l)) {
                c.text.push_str(&format!("{}{end}", h.marker.trim_end()));
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
}
