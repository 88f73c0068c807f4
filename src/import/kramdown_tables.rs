//! kramdown's table separator lines below the header: `|-----|` after a body row
//! starts a new `<tbody>`, `|=====|` starts the `<tfoot>`. Neither is a row to
//! kramdown, but brief's Markdown (GFM tables: one header, one body, no footer) reads
//! each as a row of dashes or equals signs. The lines go, reported; the footer's rows
//! stay, as body rows. kramdown's separator lines may also cross with `+`
//! (`|-----+-----|`, as its own syntax page writes them) and a table may open with one
//! (a top border): brief's tables take neither, so the header's separator is written
//! with `|` and a top border goes, reported. Pure.

use super::NoteKind;

/// A table row line: `|` first, after at most three spaces.
fn row(line: &str) -> bool {
    line.len() - line.trim_start_matches(' ').len() < 4 && line.trim_start().starts_with('|')
}

/// A separator line of `mark` (`-` or `=`): pipes, colons, `+`, spaces and at least
/// one `mark`, nothing else.
fn separator(line: &str, mark: char) -> bool {
    let t = line.trim();
    row(line) && t.contains(mark) && t.chars().all(|c| c == mark || matches!(c, '|' | ':' | '+' | ' ' | '\t'))
}

/// The separator lines to drop or write anew in `lines` (each a line's text; `prose[i]`
/// false for code, blank and attribute lines, which end a table): (index, the line's
/// new text or `None` to drop it, kind, what).
pub(super) fn separators(lines: &[&str], prose: &[bool]) -> Vec<(usize, Option<String>, NoteKind, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let run = (i..lines.len()).take_while(|&j| prose[j] && row(lines[j])).count();
        // A top border: a separator line, then the header and its separator.
        let top = run >= 4 && separator(lines[i], '-') && !separator(lines[i + 1], '-') && separator(lines[i + 2], '-');
        let head = if top { i + 1 } else { i };
        let rows = i + run - head;
        // Only a table with a header: brief reads no other as a table.
        if rows >= 3 && separator(lines[head + 1], '-') {
            if top {
                let what = format!(
                    "kramdown table top border `{}` dropped: brief's Markdown tables start with their header",
                    lines[i].trim()
                );
                out.push((i, None, NoteKind::Converted, what));
            }
            let sep = lines[head + 1];
            if sep.contains('+') {
                let what = format!("kramdown table separator `{}` written with `|` for `+`", sep.trim());
                out.push((head + 1, Some(sep.replace('+', "|")), NoteKind::Converted, what));
            }
            out.extend(
                in_table(&lines[head + 2..i + run], head + 2).into_iter().map(|(k, kind, what)| (k, None, kind, what)),
            );
        }
        i += run.max(1);
    }
    out
}

/// The separator lines among a table's body `rows` (the first at index `first`).
fn in_table(rows: &[&str], first: usize) -> Vec<(usize, NoteKind, String)> {
    let mut out = Vec::new();
    for (k, line) in rows.iter().enumerate() {
        if separator(line, '-') {
            out.push((
                first + k,
                NoteKind::Converted,
                format!(
                    "kramdown table body separator `{}` dropped: kramdown started a new `<tbody>` there, brief's \
                     Markdown tables have one body",
                    line.trim()
                ),
            ));
        } else if separator(line, '=') {
            let after = rows[k + 1..].iter().filter(|l| !separator(l, '-') && !separator(l, '=')).count();
            out.push((
                first + k,
                NoteKind::Converted,
                format!(
                    "kramdown table footer separator `{}` dropped: the {after} footer row(s) after it are body rows \
                     now, as brief's Markdown tables have no footer",
                    line.trim()
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_footer_separators_go_the_header_one_stays() {
        let lines = [
            "| H1 | H2 |",
            "|:---|---:|",
            "| a  | b  |",
            "|-----------|",
            "| c  | d  |",
            "|===========|",
            "| f1 | f2 |",
            "",
            "| x |",
            "|---|",
        ];
        let prose: Vec<bool> = lines.iter().map(|l| !l.is_empty()).collect();
        let got: Vec<usize> = separators(&lines, &prose).into_iter().map(|s| s.0).collect();
        assert_eq!(got, [3, 5]);
        let notes = separators(&lines, &prose);
        assert!(notes[1].3.contains("the 1 footer row(s)"), "{}", notes[1].3);
        // In code, or in a table without a header, nothing goes.
        assert!(separators(&lines[..7], &[true, true, true, false, true, true, true]).is_empty());
        assert!(separators(&["| a |", "| b |", "|---|"], &[true; 3]).is_empty());
    }

    /// kramdown's syntax page: a top border, separators crossed with `+`.
    #[test]
    fn a_top_border_goes_and_crossed_separators_take_pipes() {
        let lines = [
            "|-----------------+------------+-----------------+----------------|",
            "| Default aligned |Left aligned| Center aligned  | Right aligned  |",
            "|-----------------|:-----------|:---------------:|---------------:|",
            "| First body part |Second cell | Third cell      | fourth cell    |",
            "|-----------------+------------+-----------------+----------------|",
            "| Second body     | 2 line     |                 |                |",
            "|=================+============+=================+================|",
            "| Footer row      |            |                 |                |",
            "",
            "| Name | Role |",
            "|------+------|",
            "| Ann  | lead |",
        ];
        let prose: Vec<bool> = lines.iter().map(|l| !l.is_empty()).collect();
        let got: Vec<(usize, Option<String>)> = separators(&lines, &prose).into_iter().map(|s| (s.0, s.1)).collect();
        assert_eq!(got, [(0, None), (4, None), (6, None), (10, Some("|------|------|".to_string()))]);
    }
}
