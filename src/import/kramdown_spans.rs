//! kramdown's span attribute lists in a Jekyll body's prose, right after an inline
//! element (`` `x.sh`{: .filepath} ``, `![a](b.png){: width="700" }`), also wrapped
//! onto the next line of their paragraph, dropped and reported; and extensions
//! (`{::comment}`), reported. Inline code is never touched. Pure.

use super::NoteKind;
use super::kramdown::{Class, attributes, dropped};

/// Span attribute lists in prose, outside inline code; and extensions, reported.
pub(super) fn spans(
    lines: &[(usize, &str)],
    class: &[Class],
    out: &mut [Option<String>],
    notes: &mut Vec<(usize, NoteKind, String)>,
) {
    // A code span may run on over the next lines of its paragraph: (line, byte) after it.
    let mut i = 0;
    let mut skip_to: Option<(usize, usize)> = None;
    // The rest of a list that wrapped onto a later line: (line, byte after its `}`).
    let mut head_cut: Option<(usize, usize)> = None;
    while i < lines.len() {
        if class[i] != Class::Prose {
            i += 1;
            skip_to = None;
            continue;
        }
        let (start, line) = lines[i];
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let mut b = match skip_to.take() {
            Some((l, at)) if l == i => at,
            _ => 0,
        };
        let headless = head_cut.take().filter(|h| h.0 == i).map(|(_, at)| {
            cuts.push((0, at));
            b = at;
        });
        let bytes = line.as_bytes();
        let mut next_line = None;
        while b < bytes.len() {
            match bytes[b] {
                b'\\' => b += 2,
                b'`' => {
                    let n = bytes[b..].iter().take_while(|x| **x == b'`').count();
                    match close_span(lines, class, i, b + n, n) {
                        Some((l, at)) if l == i => b = at,
                        Some((l, at)) => {
                            next_line = Some((l, at));
                            break;
                        }
                        None => b += n,
                    }
                }
                b'{' if line[b..].starts_with("{::") => {
                    let end = line[b..].find('}').map_or(line.len(), |e| b + e + 1);
                    notes.push((
                        start + b,
                        NoteKind::NotConverted,
                        format!("kramdown extension `{}` left as it was: brief's Markdown has none", &line[b..end]),
                    ));
                    b = end;
                }
                b'{' if line[b..].starts_with("{:") && !line[b..].starts_with("{:/") => {
                    let Some(e) = line[b..].find('}') else {
                        // kramdown reads a span list on over the lines of its paragraph
                        // (ruby-lang.org's `[…][3]{:` then `  lang="Mongrel"}`).
                        if let Some((l, e, inner)) = wrapped(lines, class, i, b)
                            && let Some(tokens) = attributes(&inner)
                        {
                            let (kind, text) = dropped(&inner, &tokens, true);
                            notes.push((start + b, kind, text));
                            cuts.push((b, line.len()));
                            out[i + 1..l].fill(None);
                            head_cut = Some((l, e + 1));
                            next_line = Some((l, 0));
                        }
                        break;
                    };
                    let inner = &line[b + 2..b + e];
                    if let Some(tokens) = attributes(inner) {
                        let (kind, text) = dropped(inner, &tokens, true);
                        notes.push((start + b, kind, text));
                        cuts.push((b, b + e + 1));
                    }
                    b += e + 1;
                }
                _ => b += 1,
            }
        }
        if !cuts.is_empty() {
            let mut text = String::new();
            let mut from = 0;
            for (s, e) in cuts {
                text.push_str(&line[from..s]);
                from = e;
            }
            text.push_str(&line[from..]);
            // A line that held only the end of a wrapped list goes, so its paragraph stays one.
            out[i] = (headless.is_none() || !text.trim().is_empty()).then_some(text);
        }
        match next_line {
            Some((l, at)) => {
                i = l;
                skip_to = Some((l, at));
            }
            None => i += 1,
        }
    }
}

/// A span list opening at byte `b` of line `i` and closing on a later line of its
/// paragraph: (that line, the byte of its `}`, the list's text joined on one line).
fn wrapped(lines: &[(usize, &str)], class: &[Class], i: usize, b: usize) -> Option<(usize, usize, String)> {
    let mut inner = lines[i].1[b + 2..].trim_end().to_string();
    for (l, &(_, text)) in lines.iter().enumerate().skip(i + 1) {
        if class[l] != Class::Prose {
            return None;
        }
        let e = text.find('}');
        inner.push(' ');
        inner.push_str(text[..e.unwrap_or(text.len())].trim());
        if let Some(e) = e {
            return Some((l, e, inner));
        }
    }
    None
}

/// Where a code span opened by `n` backticks before byte `from` of line `i` ends: the
/// line and the byte after its closing run; `None` when its paragraph never closes it.
fn close_span(lines: &[(usize, &str)], class: &[Class], i: usize, from: usize, n: usize) -> Option<(usize, usize)> {
    let mut l = i;
    let mut b = from;
    while l < lines.len() && (l == i || class[l] == Class::Prose) {
        let bytes = lines[l].1.as_bytes();
        while b < bytes.len() {
            if bytes[b] == b'`' {
                let run = bytes[b..].iter().take_while(|x| **x == b'`').count();
                if run == n {
                    return Some((l, b + run));
                }
                b += run;
            } else {
                b += 1;
            }
        }
        l += 1;
        b = 0;
    }
    None
}
