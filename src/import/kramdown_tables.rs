//! kramdown's table separator lines below the header: `|-----|` after a body row
//! starts a new `<tbody>`, `|=====|` starts the `<tfoot>`. Neither is a row to
//! kramdown, but brief's Markdown (GFM tables: one header, one body, no footer) reads
//! each as a row of dashes or equals signs. The lines go, reported; the footer's rows
//! stay, as body rows. Pure.

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

/// The separator lines to drop in `lines` (each a line's text; `prose[i]` false for
/// code, blank and attribute lines, which end a table): (index, kind, what).
pub(super) fn separators(lines: &[&str], prose: &[bool]) -> Vec<(usize, NoteKind, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let run = (i..lines.len()).take_while(|&j| prose[j] && row(lines[j])).count();
        // Only a table with a header: brief reads no other as a table.
        if run >= 3 && separator(lines[i + 1], '-') {
            out.extend(in_table(&lines[i + 2..i + run], i + 2));
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
        assert!(notes[1].2.contains("the 1 footer row(s)"), "{}", notes[1].2);
        // In code, or in a table without a header, nothing goes.
        assert!(separators(&lines[..7], &[true, true, true, false, true, true, true]).is_empty());
        assert!(separators(&["| a |", "| b |", "|---|"], &[true; 3]).is_empty());
    }
}
