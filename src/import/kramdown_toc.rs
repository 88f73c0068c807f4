//! kramdown's table of contents marker: a one-item list (`* content`, `1. TOC`) with
//! the attribute list `{:toc}` on the next line, which kramdown replaces with its
//! table of contents. brief makes its own (where a briefing has three headings or
//! more), so the whole marker goes, reported; left alone, every post showed a bullet
//! "content". Pure.

use super::NoteKind;

/// A list item line: `-`, `*`, `+` or `1.`/`1)` then a space, indented less than four.
fn list_item(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let bullet = t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t']);
    let ordered = digits > 0 && t[digits..].starts_with(['.', ')']) && t[digits + 1..].starts_with([' ', '\t']);
    line.len() - t.len() < 4 && (bullet || ordered)
}

/// Whether `line` is an attribute list naming the reference `toc` (`{:toc}`, `{: toc }`).
fn toc_list(line: &str) -> bool {
    let inner = line.trim().strip_prefix("{:").and_then(|r| r.strip_suffix('}'));
    inner.is_some_and(|i| !i.starts_with(':') && i.split_whitespace().any(|w| w == "toc"))
}

/// The item line of each marker in `lines` (its `{:toc}` line is the next), with the
/// note: `prose[i]` for a line of text, `ial[i]` for an attribute list on its own line.
pub(super) fn markers(lines: &[&str], prose: &[bool], ial: &[bool]) -> Vec<(usize, NoteKind, String)> {
    let item = |j: usize| prose[j] && list_item(lines[j]);
    (1..lines.len())
        .filter(|&i| ial[i] && toc_list(lines[i]) && item(i - 1) && (i == 1 || !item(i - 2)))
        .map(|i| {
            let text = format!(
                "kramdown's table of contents marker (`{}` then `{}`) dropped: brief makes its own table of \
                 contents where a briefing has three headings or more",
                lines[i - 1].trim(),
                lines[i].trim()
            );
            (i - 1, NoteKind::Converted, text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_item_list_then_toc_is_a_marker() {
        let lines = ["* content", "{:toc}", "", "- a", "- b", "{:toc}", "", "1. TOC", "{: toc }", "Text", "{:.toc}"];
        let prose: Vec<bool> = lines.iter().map(|l| !l.is_empty() && !l.starts_with('{')).collect();
        let ial: Vec<bool> = lines.iter().map(|l| l.starts_with('{')).collect();
        let got: Vec<usize> = markers(&lines, &prose, &ial).into_iter().map(|m| m.0).collect();
        assert_eq!(got, [0, 7]);
    }
}
