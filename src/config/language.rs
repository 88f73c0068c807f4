//! The language codes of `site.yaml` (`language:` and the keys of `languages:`): their
//! shape, and where a bad one is written.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::yaml;

/// Whether `code` has the shape of a BCP 47 tag: ASCII letters and digits in subtags of
/// 1 to 8 joined by `-` or `_`, the first of 2 to 8 letters (`en`, `zh_TW`, `sr-Latn-RS`),
/// or a private-use or grandfathered tag (`x-desk`, `i-klingon`). Not `_` (jekyll-polyglot's
/// stand-in for "no language"), nor `e n`, nor `en-`.
pub(super) fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let first = parts.next().unwrap_or_default();
    let first_ok = if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        code.len() > 2
    } else {
        (2..=8).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic())
    };
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The error for a code that is not a language tag, at `(line, col)` of `text`.
pub(super) fn invalid_code(path: &Path, text: &str, code: &str, (line, col): (usize, usize)) -> Diagnostic {
    let hint = if code.trim() == "_" {
        "`_` is jekyll-polyglot's stand-in for no language: write the site's own, like `en`, `ko` or `zh-TW`"
    } else {
        "use a BCP 47 tag like `en`, `ko` or `zh-TW`"
    };
    Diagnostic::error(path, format!("invalid language code `{code}`")).at(text, line, col).hint(hint)
}

/// 1-based (line, column) of key `k` (0-based) of the top-level mapping `key`, written as
/// a block (`languages:` then `  ko: {…}` lines) or in braces (`languages: {ko: {}}`); a
/// quote before the key is skipped. Else the position of `key`'s value.
pub(super) fn mapping_key_position(text: &str, key: &str, k: usize) -> (usize, usize) {
    let fallback = yaml::value_position(text, key);
    let Some(start) = yaml::top_level_keys(text).into_iter().find(|x| x.name == key).map(|x| x.line) else {
        return fallback;
    };
    let lines: Vec<&str> = text.lines().collect();
    let first = lines[start - 1];
    let after_colon = first.find(':').map_or(first.len(), |c| c + 1);
    let value = first[after_colon..].trim_start();
    let found = if value.starts_with('{') {
        flow_key(&lines, start - 1, first.len() - value.len(), k)
    } else {
        block_key(&lines, start, k)
    };
    found.unwrap_or(fallback)
}

/// Key `k` of a block mapping whose lines start at index `from`: the lines at the first
/// indentation met, up to the next top-level line.
fn block_key(lines: &[&str], from: usize, k: usize) -> Option<(usize, usize)> {
    let mut indent = None;
    let mut n = 0;
    for (i, l) in lines.iter().enumerate().skip(from) {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = l.len() - trimmed.len();
        if at == 0 {
            return None; // the next top-level key
        }
        if *indent.get_or_insert(at) != at {
            continue;
        }
        if n == k {
            return Some((i + 1, key_column(l, at)));
        }
        n += 1;
    }
    None
}

/// Key `k` of a mapping in braces that opens at byte `open` of line index `line`: the
/// places after its `{` and each `,` outside quotes and inner brackets.
fn flow_key(lines: &[&str], line: usize, open: usize, k: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut quote = None;
    let mut expect_key = false;
    let mut n = 0;
    for (i, l) in lines.iter().enumerate().skip(line) {
        let from = if i == line { open } else { 0 };
        for (at, c) in l.char_indices().skip_while(|(at, _)| *at < from) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, c) if expect_key && depth == 1 && !c.is_whitespace() && c != '}' => {
                    expect_key = false;
                    if n == k {
                        return Some((i + 1, key_column(l, at)));
                    }
                    n += 1;
                    if matches!(c, '"' | '\'') {
                        quote = Some(c);
                    }
                }
                (None, '"' | '\'') => quote = Some(c),
                (None, '{' | '[') => {
                    depth += 1;
                    expect_key = depth == 1;
                }
                (None, '}' | ']') => {
                    depth -= 1;
                    if depth == 0 {
                        return None;
                    }
                }
                (None, ',') => expect_key = depth == 1,
                (None, '#') if l[..at].ends_with(char::is_whitespace) => break,
                _ => {}
            }
        }
    }
    None
}

/// The 1-based column of a key that starts at byte `at` of `line`, past its quote.
fn key_column(line: &str, at: usize) -> usize {
    let at = if line[at..].starts_with(['"', '\'']) { at + 1 } else { at };
    line[..at].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "ko", "zh-TW", "zh_TW", "sr-Latn-RS", "es-419", "yue", "tlh", "x-desk", "i-klingon", "EN-gb"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in
            ["_", "-", "", "e", "e n", "en-", "en--gb", "x", "x-", "1en", "en-toolongtag", "ko!", "한국어", "_en"]
        {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn keys_of_a_block_mapping() {
        let text =
            "title: x\nlanguages:\n  # the editions\n  ko: {title: \"한\"}\n\n  \"_\":\n    title: y\n  id: {}\nz: 1\n";
        let at = |k| mapping_key_position(text, "languages", k);
        assert_eq!([at(0), at(1), at(2)], [(4, 3), (6, 4), (8, 3)]);
        // Past the last key, or no such mapping: the value of `key`, or (1, 1).
        assert_eq!((at(3), mapping_key_position(text, "nope", 0)), ((2, 1), (1, 1)));
    }

    #[test]
    fn keys_of_a_mapping_in_braces() {
        let text = "languages: { ko: {title: \"a, b\"}, 'x,y': [1, 2],\n  _: {} }  # c, d\n";
        let at = |k| mapping_key_position(text, "languages", k);
        assert_eq!([at(0), at(1), at(2)], [(1, 14), (1, 36), (2, 3)]);
        assert_eq!(at(3), (1, 12));
    }
}
