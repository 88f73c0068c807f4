//! Jekyll's excerpt, kept as brief's summary: Jekyll's excerpt of a post is its text
//! before the first `excerpt_separator` (the site's, or the post's own; `"\n\n"`, the
//! first paragraph, when neither names one). brief's summary is the text before the
//! first `<!-- more -->`, else the first paragraph. So a custom separator becomes
//! brief's marker at its first place, and a `<!-- more -->` Jekyll did not cut at is
//! dropped: brief would have shown the text before it as the author's summary. Each
//! change is reported. Pure.

use super::NoteKind;

/// Jekyll's separator when the site names none: the first paragraph.
pub(super) const DEFAULT: &str = "\n\n";

/// A body with its excerpt marked as brief marks a summary, and what changed (at
/// offsets of the body as written).
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// The new body: every line where it was.
    pub body: String,
    /// (offset in the body as written, kind, what).
    pub notes: Vec<(usize, NoteKind, String)>,
}

/// Whether `comment` (`<!-- … -->`) is brief's summary marker.
fn is_marker(comment: &str) -> bool {
    comment.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).is_some_and(|inner| inner.trim() == "more")
}

/// Whether offset `at` of `body` is on a line of code (`code[i]` for line `i`).
fn in_code(body: &str, code: &[bool], at: usize) -> bool {
    let line = body[..at].matches('\n').count();
    code.get(line).copied().unwrap_or(false)
}

/// brief's summary markers in `body` outside code: their byte ranges.
fn markers(body: &str, code: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = body[from..].find("<!--").map(|k| from + k) {
        let Some(end) = body[start + 4..].find("-->").map(|k| start + 4 + k + 3) else { break };
        if is_marker(&body[start..end]) && !in_code(body, code, start) {
            out.push((start, end));
        }
        from = end;
    }
    out
}

/// How the report writes a separator: escaped, as in YAML's double quotes.
fn shown(separator: &str) -> String {
    format!("\"{}\"", separator.escape_debug())
}

/// The marker put at a custom separator's first place `at`, as an edit (start, end,
/// text) and its note; none where it first comes in code, or is brief's marker already.
fn mark(body: &str, code: &[bool], separator: &str, at: usize) -> (Option<(usize, usize)>, (usize, NoteKind, String)) {
    let lead = separator.len() - separator.trim_start().len();
    let trimmed = separator.trim();
    if in_code(body, code, at + lead) {
        let text = format!(
            "`excerpt_separator` {} first comes in code here: Jekyll's excerpt ended here, brief's summary is the \
             first paragraph",
            shown(separator)
        );
        return (None, (at + lead, NoteKind::NotConverted, text));
    }
    // A comment goes (Jekyll showed nothing of it); text stays, with the marker before it.
    let comment = trimmed.starts_with("<!--") && trimmed.ends_with("-->");
    let span = if comment { (at + lead, at + lead + trimmed.len()) } else { (at, at) };
    let text = format!(
        "`excerpt_separator` {} → `<!-- more -->` at its first place: the summary is the text before it, as \
         Jekyll's excerpt was",
        shown(separator)
    );
    (Some(span), (at + lead, NoteKind::Converted, text))
}

/// Mark Jekyll's excerpt of `body`, cut at `separator`, as brief's summary.
pub(super) fn keep(body: &str, separator: &str) -> Kept {
    let custom = !separator.is_empty() && separator != DEFAULT;
    let found = body.find(separator).filter(|_| custom);
    let code = super::kramdown::code_lines(body);
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    let mut notes = Vec::new();
    match found {
        // brief's own marker: brief cuts there too.
        Some(_) if is_marker(separator.trim()) => {}
        Some(at) => {
            let (span, note) = mark(body, &code, separator, at);
            if let Some((s, e)) = span {
                edits.push((s, e, "<!-- more -->"));
            }
            notes.push(note);
        }
        None if custom => notes.push((
            0,
            NoteKind::Info,
            format!(
                "no `excerpt_separator` {} in the post: Jekyll's excerpt was the whole post, brief's summary is its \
                 first paragraph",
                shown(separator)
            ),
        )),
        None => {}
    }
    // brief cuts at its first marker: those before Jekyll's cut go.
    let cut = found.unwrap_or(usize::MAX);
    for (s, e) in markers(body, &code).into_iter().filter(|(s, _)| *s < cut) {
        let why = if custom { String::new() } else { ": the first paragraph, as brief's summary is".to_string() };
        edits.push((s, e, ""));
        notes.push((
            s,
            NoteKind::Converted,
            format!(
                "`{}` dropped: Jekyll's excerpt did not end here (`excerpt_separator` {}{why}), and brief would have \
                 shown the text before it as the author's summary",
                &body[s..e],
                shown(separator),
            ),
        ));
    }
    edits.sort_by_key(|x| x.0);
    let mut out = String::with_capacity(body.len() + 16);
    let mut from = 0;
    for (s, e, with) in edits {
        out.push_str(&body[from..s]);
        out.push_str(with);
        from = e;
    }
    out.push_str(&body[from..]);
    notes.sort_by_key(|n| n.0);
    Kept { body: out, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_separator_becomes_the_marker_at_its_first_place() {
        let k = keep("First para.\n\nSecond para.\n<!--break-->\nRest.\n<!--break-->\n", "<!--break-->");
        assert_eq!(k.body, "First para.\n\nSecond para.\n<!-- more -->\nRest.\n<!--break-->\n");
        assert_eq!(k.notes.len(), 1);
        // A text separator: the marker before it, the text kept (Jekyll showed it).
        assert_eq!(keep("A [[more]] B\n", "[[more]]").body, "A <!-- more -->[[more]] B\n");
        // brief's own marker: nothing to do.
        let k = keep("A\n\n<!--more-->\n\nB\n", "<!--more-->");
        assert_eq!((k.body.as_str(), k.notes.len()), ("A\n\n<!--more-->\n\nB\n", 0));
    }

    #[test]
    fn a_marker_jekyll_did_not_cut_at_is_dropped() {
        let k = keep("First para.\n\nSecond para.\n\n<!--more-->\n\nRest.\n\n```\n<!--more-->\n```\n", DEFAULT);
        assert_eq!(k.body, "First para.\n\nSecond para.\n\n\n\nRest.\n\n```\n<!--more-->\n```\n");
        assert_eq!(k.notes.iter().map(|n| (n.0, n.1)).collect::<Vec<_>>(), [(27, NoteKind::Converted)]);
        // Before a custom separator, too; after it brief cuts at its own marker first.
        let k = keep("A <!-- more --> B\n<!--break-->\nC\n<!--more-->\n", "<!--break-->");
        assert_eq!(k.body, "A  B\n<!-- more -->\nC\n<!--more-->\n");
        // No separator in the post: Jekyll's excerpt was all of it.
        let k = keep("A\n\n<!--more-->\n", "<!--break-->");
        assert_eq!((k.body.as_str(), k.notes[0].1, k.notes[1].1), ("A\n\n\n", NoteKind::Info, NoteKind::Converted));
    }
}
