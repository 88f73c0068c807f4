//! The one place that knows the YAML crate: parse a YAML text into our types, with
//! error positions, and list top-level keys with their lines. Swap the crate here only.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A YAML error with a 1-based position inside the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, as the YAML crate says it, without its own position suffix.
    pub message: String,
    /// 1-based line in the YAML text (0 when unknown).
    pub line: usize,
    /// 1-based column in the YAML text (0 when unknown).
    pub col: usize,
}

/// Deserialize `text` into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map(|l| to_text_position(text, l.line(), l.column())).unwrap_or((0, 0));
        let (message, context) = split_message(&e.to_string());
        let context = context.map(|(l, c)| to_text_position(text, l, c));
        // Some reader errors give a byte position instead: "... at position 26".
        if let Some((msg, pos)) = message.rsplit_once(" at position ")
            && let Ok(offset) = pos.trim().parse::<usize>()
        {
            let mut offset = offset.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text[..offset];
            let l = before.matches('\n').count() + 1;
            let c = before.rsplit('\n').next().map(|s| s.chars().count() + 1).unwrap_or(1);
            return YamlError { message: msg.to_string(), line: l, col: c };
        }
        // serde reports a repeated key where the mapping starts; point at the repeat.
        if let Some(key) = message.strip_prefix("duplicate field `").and_then(|r| r.split('`').next())
            && let Some(k) = top_level_keys(text).into_iter().filter(|k| k.name == key).nth(1)
        {
            return YamlError { message: format!("duplicate field `{key}`: it is given twice"), line: k.line, col: 1 };
        }
        // "found unexpected end of stream at line 3 column 1, while scanning a quoted
        // scalar at line 1 column 8": the problem starts where the construct does.
        match context {
            // A simple key is one line long, so the key the parser was scanning is the
            // mistake (a key without its `:`), though it finds out lines later, at a
            // valid key: the key's place is shown, the other named in the message.
            // The place it was noticed is said relative to the key's, since a caller
            // moves both by where the YAML starts in its file (front matter).
            Some((l, c)) if message.ends_with(" while scanning a simple key") && (l, c) != (line, col) => {
                let below = line.saturating_sub(l);
                let noticed = match below {
                    0 => format!("noticed at column {col}"),
                    1 => format!("noticed on the next line, column {col}"),
                    n => format!("noticed {n} lines below, column {col}"),
                };
                YamlError { message: format!("{message} ({noticed})"), line: l, col: c }
            }
            Some((l, c)) if never_closed(text, &message, l, line) => YamlError { message, line: l, col: c },
            _ => YamlError { message, line, col },
        }
    })
}

/// Whether the error is a construct opened at line `opened` and never closed, so its
/// start is the place to show: a quoted scalar, a flow list or map, or a key the parser
/// was scanning, whose problem the parser only finds at the end of the text or at a
/// later line that starts a new top-level entry. Any other context, such as the
/// "block mapping" of the whole front matter around a stray quote, is no place: the
/// problem's own position is.
fn never_closed(text: &str, message: &str, opened: usize, problem: usize) -> bool {
    let construct = message.contains(" while scanning ") || message.contains(" while parsing a flow ");
    construct && problem > opened && text.lines().nth(problem - 1).is_none_or(|l| !l.starts_with([' ', '\t']))
}

/// Serialize `value` as a YAML block (for files brief writes: front matter and
/// site.yaml of an imported site). Values that would not survive a round trip as
/// strings are quoted by the YAML crate.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// Turn a YAML parser position (which counts `\r`, `\r\n`, `\n`, NEL, LS and PS as line
/// breaks) into a position in `\n`-separated lines of `text`, as the rest of brief and
/// every editor count them.
fn to_text_position(text: &str, line: usize, col: usize) -> (usize, usize) {
    if line == 0 {
        return (0, 0);
    }
    let mut yaml_line = 1;
    let mut yaml_col = 1;
    let mut offset = text.len();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if yaml_line == line && yaml_col == col {
            offset = i;
            break;
        }
        match c {
            '\r' => {
                if chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                yaml_line += 1;
                yaml_col = 1;
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                yaml_line += 1;
                yaml_col = 1;
            }
            _ => yaml_col += 1,
        }
        if yaml_line > line {
            offset = chars.peek().map(|(i, _)| *i).unwrap_or(text.len());
            break;
        }
    }
    let before = &text[..offset];
    let l = before.matches('\n').count() + 1;
    let c = before.rsplit('\n').next().map(|s| s.chars().count() + 1).unwrap_or(1);
    (l, c)
}

/// Remove serde_yaml's " at line L column C" parts (we print the place ourselves) and
/// return the position of a ", while …" context when there is one.
fn split_message(raw: &str) -> (String, Option<(usize, usize)>) {
    let position = |s: &str| -> Option<(usize, usize)> {
        let rest = s.split(" at line ").nth(1)?;
        let mut it = rest.split(" column ");
        let l = it.next()?.trim().parse().ok()?;
        let c = it.next()?.split(|ch: char| !ch.is_ascii_digit()).next()?.parse().ok()?;
        Some((l, c))
    };
    let strip = |s: &str| s.split(" at line ").next().unwrap_or(s).trim().to_string();
    match raw.split_once(", while ") {
        Some((problem, context)) => (format!("{} while {}", strip(problem), strip(context)), position(context)),
        None => (strip(raw), None),
    }
}

/// A top-level key of a YAML mapping and the 1-based line it sits on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key as written (unquoted).
    pub name: String,
    /// 1-based line.
    pub line: usize,
}

/// Top-level keys of a block mapping, in order, by their lines.
///
/// The YAML crate forgets positions after parsing, so this finds the lines of keys
/// for messages about them (unknown key, bad value). It only reads lines that start a
/// top-level entry; anything it does not understand is skipped, never an error.
pub fn top_level_keys(text: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(first) = line.chars().next() else { continue };
        if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '&' | '*' | '!' | '|' | '>') {
            continue;
        }
        let (raw, quoted) = if first == '"' || first == '\'' {
            match line[1..].find(first) {
                Some(end) => (&line[1..1 + end], true),
                None => continue,
            }
        } else {
            match line.find(':') {
                Some(end) => (&line[..end], false),
                None => continue,
            }
        };
        let after = if quoted { &line[raw.len() + 2..] } else { &line[raw.len()..] };
        if !after.starts_with(':') {
            continue;
        }
        keys.push(Key { name: raw.trim().to_string(), line: i + 1 });
    }
    keys
}

/// 1-based (line, column) of the value of top-level `key`, or of the key itself when
/// the value is on later lines; (1, 1) if the key is not found.
pub fn value_position(text: &str, key: &str) -> (usize, usize) {
    for k in top_level_keys(text) {
        if k.name == key {
            let line = text.lines().nth(k.line - 1).unwrap_or("");
            let colon = line.find(':').map(|c| c + 1).unwrap_or(0);
            let rest = &line[colon..];
            let value_start = colon + (rest.len() - rest.trim_start().len());
            let col = if value_start < line.len() { value_start + 1 } else { 1 };
            return (k.line, line[..col - 1].chars().count() + 1);
        }
    }
    (1, 1)
}

/// 1-based (line, column) of the value of `field` in item `k` (0-based) of the
/// top-level list `key` (items found by their `-` lines), else of the item's `-` line,
/// else of the key. Quotes around the value are skipped.
pub fn list_item_field_position(text: &str, key: &str, k: usize, field: &str) -> (usize, usize) {
    let Some(start) = top_level_keys(text).into_iter().find(|x| x.name == key).map(|x| x.line) else {
        return (1, 1);
    };
    let pat = format!("{field}:");
    let mut item = None::<usize>;
    let mut item_line = None;
    for (i, l) in text.lines().enumerate().skip(start) {
        let trimmed = l.trim_start();
        if !l.starts_with([' ', '\t', '-']) && !trimmed.is_empty() && !trimmed.starts_with('#') {
            break; // the next top-level key
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            item = Some(item.map_or(0, |n| n + 1));
            item_line = Some(i);
        }
        if item == Some(k) {
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            if let Some(at) = body.find(&pat).filter(|&at| at == 0 || body[..at].ends_with([' ', '{', ','])) {
                let offset = l.len() - body.len() + at + pat.len();
                let rest = &l[offset..];
                let mut value = offset + (rest.len() - rest.trim_start().len());
                if l[value..].starts_with(['"', '\'']) {
                    value += 1; // point at the value, not its quote
                }
                return (i + 1, l[..value.min(l.len())].chars().count() + 1);
            }
        }
        if item.is_some_and(|n| n > k) {
            break;
        }
    }
    match (item_line, item) {
        (Some(i), Some(n)) if n >= k => {
            // The `-` line of item k: count items again to find it.
            let mut seen = None::<usize>;
            for (j, l) in text.lines().enumerate().skip(start) {
                let t = l.trim_start();
                if t.starts_with("- ") || t == "-" {
                    seen = Some(seen.map_or(0, |n| n + 1));
                    if seen == Some(k) {
                        return (j + 1, l.len() - t.len() + 1);
                    }
                }
            }
            (i + 1, 1)
        }
        _ => (start, 1),
    }
}

/// 1-based (line, column) of the value of every `key:` inside the entry of the
/// top-level key on line `entry_line` (its own line after the key, for a flow mapping,
/// and the indented lines below it), in order; a value's opening quote is skipped.
///
/// Like [`top_level_keys`], this reads lines, not YAML: it is for pointing messages at
/// nested values, which the YAML crate does not locate.
pub fn entry_value_positions(text: &str, entry_line: usize, key: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(entry_line.saturating_sub(1)) {
        let from = if i + 1 == entry_line {
            match key_end(line) {
                Some(end) => end,
                None => return out,
            }
        } else {
            let first = line.chars().next();
            if first.is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-') {
                break; // the next top-level entry
            }
            0
        };
        let mut at = from;
        while let Some(k) = line[at..].find(key) {
            let start = at + k;
            let end = start + key.len();
            at = end;
            let before = line[..start].chars().next_back();
            let boundary = before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-'));
            let rest = &line[end..];
            if !boundary || !(rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t")) {
                continue;
            }
            let value = &rest[1..];
            let mut v = end + 1 + (value.len() - value.trim_start().len());
            if line[v..].starts_with(['"', '\'']) {
                v += 1;
            }
            out.push((i + 1, line[..v.min(line.len())].chars().count() + 1));
        }
    }
    out
}

/// 1-based (line, column) of item `k` (0-based) of the top-level list `key`, written
/// in brackets (`tags: [a, "b"]`, over several lines too) or as `- ` lines; else of
/// the key's value. A quoted item is shown at its quote, so an empty `""` is found.
pub fn list_item_position(text: &str, key: &str, k: usize) -> (usize, usize) {
    let (line_no, col) = value_position(text, key);
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.get(line_no - 1) else { return (line_no, col) };
    let at = first.char_indices().nth(col - 1).map_or(first.len(), |(i, _)| i);
    if !first[at..].starts_with('[') {
        return block_item_position(&lines, line_no, k).unwrap_or((line_no, col));
    }
    let (mut depth, mut item, mut quote, mut escaped, mut want) = (0usize, 0usize, None::<char>, false, false);
    for (n, line) in lines.iter().enumerate().skip(line_no - 1) {
        let from = if n == line_no - 1 { at } else { 0 };
        let mut prev = ' ';
        for (i, c) in line[from..].char_indices() {
            let i = from + i;
            if want && !c.is_whitespace() {
                want = false;
                if c == ']' && depth == 1 {
                    break;
                }
                if item == k {
                    return (n + 1, line[..i].chars().count() + 1);
                }
            }
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if q == '"' && c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                prev = c;
                continue;
            }
            match c {
                '#' if prev.is_whitespace() => break, // a comment to the line's end
                '[' | '{' => {
                    depth += 1;
                    want = depth == 1;
                }
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return (line_no, col);
                    }
                }
                ',' if depth == 1 => {
                    item += 1;
                    want = true;
                }
                '"' | '\'' => quote = Some(c),
                _ => {}
            }
            prev = c;
        }
    }
    (line_no, col)
}

/// [`list_item_position`] of a list of `- ` lines under the key on line `key_line`.
fn block_item_position(lines: &[&str], key_line: usize, k: usize) -> Option<(usize, usize)> {
    let mut item = 0;
    let mut indent = None;
    for (n, line) in lines.iter().enumerate().skip(key_line) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let here = line.len() - trimmed.len();
        if !(trimmed.starts_with("- ") || trimmed == "-") {
            if here == 0 {
                return None; // the next top-level key
            }
            continue;
        }
        if *indent.get_or_insert(here) != here {
            continue; // an item of a nested list
        }
        if item == k {
            let value = trimmed[1..].trim_start();
            let at = if value.is_empty() { here } else { line.len() - value.len() };
            return Some((n + 1, line[..at].chars().count() + 1));
        }
        item += 1;
    }
    None
}

/// Byte offset just after the `:` of a top-level key line (`"a: b": x` → after `"a: b":`).
fn key_end(line: &str) -> Option<usize> {
    let first = line.chars().next()?;
    let close = if first == '"' || first == '\'' { 1 + line[1..].find(first)? + 1 } else { 0 };
    line[close..].find(':').map(|c| close + c + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_keys_and_lines() {
        let text = "title: \"a: b\"\ntags:\n  - x\n\"date\": 2024-01-01\n# c\nextra:\n  k: v\n";
        let names: Vec<_> = top_level_keys(text).into_iter().map(|k| (k.name, k.line)).collect();
        assert_eq!(names, vec![("title".into(), 1), ("tags".into(), 2), ("date".into(), 4), ("extra".into(), 6)]);
    }

    #[test]
    fn list_item_fields_are_found() {
        let text = "title: x\ncorrections:\n  - date: 2024-07-13\n    text: \"first\"\n  - text: second\n    date: bad\n  - oops\ntags: [a]\n";
        assert_eq!(list_item_field_position(text, "corrections", 0, "text"), (4, 12));
        assert_eq!(list_item_field_position(text, "corrections", 1, "date"), (6, 11));
        assert_eq!(list_item_field_position(text, "corrections", 2, "date"), (7, 3));
        assert_eq!(list_item_field_position(text, "nope", 0, "date"), (1, 1));
    }

    #[test]
    fn value_position_points_at_value() {
        let text = "title: x\ndate:   2024-02-30\n";
        assert_eq!(value_position(text, "date"), (2, 9));
        assert_eq!(value_position(text, "nope"), (1, 1));
    }

    #[test]
    fn list_items_are_found_in_brackets_and_dash_lines() {
        let text = "title: x\ntags: [a, \"b, c\", ~ , '']  # four\nauthors:\n  - Kim\n  -\n  - \"\"\nx: [\n  p,\n  [q, r], s]\n";
        let at = |key, k| list_item_position(text, key, k);
        assert_eq!([at("tags", 0), at("tags", 1), at("tags", 2), at("tags", 3)], [(2, 8), (2, 11), (2, 19), (2, 23)]);
        assert_eq!([at("authors", 0), at("authors", 1), at("authors", 2)], [(4, 5), (5, 3), (6, 5)]);
        assert_eq!([at("x", 0), at("x", 1), at("x", 2)], [(8, 3), (9, 3), (9, 11)]);
        // Past the end, or no such key: the value, or (1, 1).
        assert_eq!((at("tags", 4), at("authors", 3), at("nope", 0)), ((2, 7), (3, 1), (1, 1)));
    }

    #[test]
    fn finds_nested_values_of_one_entry() {
        let text = "A:\n  bio: \"x url: y\"\n  links:\n    - {title: a, url: https://a.example/}\n    - title: b\n      url: \"mailto:b\"\n\"B: c\": {url: z}\nC:\n  url: w\n";
        // The text of the bio holds `url: ` too: callers look past `links:`.
        assert_eq!(entry_value_positions(text, 1, "url"), vec![(2, 16), (4, 23), (6, 13)]);
        assert_eq!(entry_value_positions(text, 1, "bio"), vec![(2, 9)]);
        assert_eq!(entry_value_positions(text, 7, "url"), vec![(7, 15)]);
        assert_eq!(entry_value_positions(text, 7, "c"), vec![]);
        assert_eq!(entry_value_positions(text, 8, "url"), vec![(9, 8)]);
    }

    #[test]
    fn unclosed_constructs_point_where_they_start() {
        let e = from_str::<std::collections::BTreeMap<String, String>>("title: \"abc\ndate: x\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 8), "{e:?}");
        assert_eq!(e.message, "found unexpected end of stream while scanning a quoted scalar");
        let e = from_str::<std::collections::BTreeMap<String, Vec<String>>>("a: [x]\ntags: [a, b\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 7), "{e:?}");
    }

    #[test]
    fn a_problem_inside_a_mapping_points_at_itself_not_the_mapping() {
        type Map = std::collections::BTreeMap<String, String>;
        // A stray quote: the problem is at `b`, not where the mapping (after a comment
        // and a blank line) starts.
        let e = from_str::<Map>("# c\n\ntitle: x\ndate: y\nsummary: \"a \"b\" c\"\n").unwrap_err();
        assert_eq!(
            (e.line, e.col, e.message.as_str()),
            (5, 14, "did not find expected key while parsing a block mapping")
        );
        // Inside a flow list closed on its line: the problem, not the list's `[`.
        let e =
            from_str::<std::collections::BTreeMap<String, Vec<String>>>("tags: [a, \"b\" c]\nx: [y]\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 15), "{e:?}");
        // Unclosed, the list is found out at the next key: its `[` is shown.
        let e = from_str::<std::collections::BTreeMap<String, Vec<String>>>("a: [x]\ntags: [a, b\ndate: [x]\n")
            .unwrap_err();
        assert_eq!((e.line, e.col), (2, 7), "{e:?}");
    }

    /// github/government.github.com's `_config.yml` wrote `  European Union` with no
    /// `:` under a mapping; libyaml notices it three lines on ("could not find expected
    /// ':'" at a valid `  Finland:`), while scanning the key that started at the mistake.
    #[test]
    fn a_key_without_its_colon_is_shown_where_it_is_written() {
        type Map = std::collections::BTreeMap<String, serde_yaml::Value>;
        let text =
            "organizations:\n  Brazil:\n    - interlegis\n\n  European Union\n    - europeana\n\n  Finland:\n    - x\n";
        let e = from_str::<Map>(text).unwrap_err();
        assert_eq!((e.line, e.col), (5, 3), "{e:?}");
        assert_eq!(
            e.message,
            "could not find expected ':' while scanning a simple key (noticed 3 lines below, column 3)"
        );
    }

    #[test]
    fn positions_count_only_newlines() {
        // The YAML parser counts a bare CR as a line break; editors do not.
        let e = from_str::<std::collections::BTreeMap<String, String>>("title: a\r\r\rdate: [1]\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
        let e =
            from_str::<std::collections::BTreeMap<String, String>>("title: a\u{85}\u{85}\ndate: [1]\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        assert_eq!(to_text_position("ab\r\ncd\n", 2, 2), (2, 2));
    }

    #[test]
    fn errors_carry_position() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let e = from_str::<T>("a: [1,\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
    }
}
