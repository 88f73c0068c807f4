//! Front matter: split a content file into its YAML block and Markdown body, and
//! deserialize the block. Pure; the YAML crate stays behind [`crate::yaml`].

use serde::Deserialize;

use crate::yaml::{self, YamlError};

pub use crate::model::FRONT_MATTER_KEYS as KEYS;
pub use crate::model::Source;

/// A content file cut in two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown body after the closing line.
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// No closing `---` line.
    Unclosed,
}

/// Split `text` (already without a byte-order mark) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map(|i| pos + i + 1).unwrap_or(text.len());
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            return Ok(Split { yaml: &text[first_end..pos], yaml_line: 2, body: &text[end..], body_line: line + 1 });
        }
        pos = end;
        line += 1;
    }
    Err(SplitError::Unclosed)
}

/// The front matter as written, before validation.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawFrontMatter {
    /// Required.
    pub title: Option<String>,
    /// Required for briefings.
    pub date: Option<String>,
    /// Optional.
    pub updated: Option<String>,
    /// Optional; a null item (`~`) is `None`, an error where it is written.
    pub tags: Option<Vec<Option<String>>>,
    /// Optional, plain text.
    pub summary: Option<String>,
    /// Optional; a null item is `None`, as in `tags`.
    pub authors: Option<Vec<Option<String>>>,
    /// Optional.
    pub sources: Option<Vec<Source>>,
    /// Optional; else from the title.
    pub slug: Option<String>,
    /// Optional.
    pub draft: Option<bool>,
    /// Optional free-form map.
    pub extra: Option<serde_json::Value>,
    /// Optional identity (else the content path).
    pub id: Option<String>,
    /// Optional old site paths that redirect here: a list, or one path alone (as Hugo
    /// reads `aliases: /old/`).
    #[serde(deserialize_with = "one_or_many")]
    pub aliases: Option<Vec<String>>,
    /// Optional `{date, text}` corrections.
    pub corrections: Option<Vec<RawNotice>>,
    /// Optional `{date, text}` updates.
    pub updates: Option<Vec<RawNotice>>,
    /// Optional end of listing.
    pub expires: Option<String>,
    /// Optional language code (else from the file's place).
    pub lang: Option<String>,
    /// Optional key shared by translations (else the content path without language).
    pub translation_key: Option<String>,
}

/// A list of strings, or one string alone as a list of one; null is none.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Option<Vec<String>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a site path, or a list of them")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Some(vec![s.to_string()]))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut all = Vec::new();
            while let Some(one) = seq.next_element::<String>()? {
                all.push(one);
            }
            Ok(Some(all))
        }
    }
    d.deserialize_any(OneOrMany)
}

/// A correction or update as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNotice {
    /// When.
    pub date: Option<String>,
    /// What, as inline Markdown.
    pub text: Option<String>,
}

/// Deserialize front matter. An empty block gives all fields `None`.
pub fn parse(yaml_text: &str) -> Result<RawFrontMatter, YamlError> {
    if yaml_text.trim().is_empty() {
        return Ok(RawFrontMatter::default());
    }
    yaml::from_str(yaml_text)
}

/// The values of extra taxonomies (e.g. `regions: [asia]`), keyed by taxonomy name; a
/// null item is `None`, as in `tags`.
pub fn parse_taxonomies(yaml_text: &str, names: &[String]) -> Result<Vec<Vec<Option<String>>>, YamlError> {
    #[derive(Deserialize)]
    struct Any(std::collections::BTreeMap<String, serde_yaml_any::AnyValue>);
    mod serde_yaml_any {
        /// Any YAML value that we only keep when it is a list of strings.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        pub enum AnyValue {
            List(Vec<Option<String>>),
            Other(serde::de::IgnoredAny),
        }
    }
    if names.is_empty() || yaml_text.trim().is_empty() {
        return Ok(vec![Vec::new(); names.len()]);
    }
    let map: Any = yaml::from_str(yaml_text)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        match map.0.get(name) {
            Some(serde_yaml_any::AnyValue::List(v)) => out.push(v.clone()),
            Some(serde_yaml_any::AnyValue::Other(_)) => {
                let (line, col) = yaml::value_position(yaml_text, name);
                return Err(YamlError {
                    message: format!("`{name}` must be a list of strings, like `{name}: [a, b]`"),
                    line,
                    col,
                });
            }
            None => out.push(Vec::new()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!((s.yaml, s.yaml_line, s.body, s.body_line), ("title: a\n", 2, "body\n", 4));
    }

    #[test]
    fn crlf_and_dots_close() {
        let s = split("---\r\ntitle: a\r\n...\r\nbody").unwrap();
        assert_eq!((s.yaml, s.body), ("title: a\r\n", "body"));
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split("title: a\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn only_front_matter() {
        let s = split("---\ntitle: a\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn unquoted_dates_and_numbers_are_strings() {
        let fm = parse("title: 2024\ndate: 2024-07-12\ntags: [1, two]\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("2024"));
        assert_eq!(fm.date.as_deref(), Some("2024-07-12"));
        assert_eq!(fm.tags, Some(vec![Some("1".to_string()), Some("two".to_string())]));
    }

    #[test]
    fn tags_as_string_is_an_error_with_line() {
        let e = parse("title: a\ntags: north-korea\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn extra_taxonomies() {
        let v = parse_taxonomies("title: a\nregions: [asia, europe]\n", &["regions".into()]).unwrap();
        assert_eq!(v, vec![vec![Some("asia".to_string()), Some("europe".to_string())]]);
        assert!(parse_taxonomies("regions: asia\n", &["regions".into()]).is_err());
    }
}
