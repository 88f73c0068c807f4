//! The one place that knows the YAML crate: parse a YAML text into our types, with
//! error positions, and list top-level keys with their lines. Swap the crate here only.

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
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; we print the place ourselves.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError { message, line, col }
    })
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
    fn value_position_points_at_value() {
        let text = "title: x\ndate:   2024-02-30\n";
        assert_eq!(value_position(text, "date"), (2, 9));
        assert_eq!(value_position(text, "nope"), (1, 1));
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
