//! One strings file read: YAML into flat dotted keys, where a map of CLDR plural
//! categories is one plural string. Every value must be a string; errors keep their
//! line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::{CATEGORIES, Entry, LoadError};

enum Node {
    Text(String),
    Map(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string (quote it if it looks like a number, true/false or null), or a map of keys to strings")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut items: Vec<(String, Node)> = Vec::new();
        while let Some(k) = map.next_key::<KeyName>()? {
            if items.iter().any(|(seen, _)| *seen == k.0) {
                return Err(de::Error::custom(format!("duplicate key `{}`", k.0)));
            }
            let v = map.next_value::<Node>()?;
            items.push((k.0, v));
        }
        let is_plural = !items.is_empty() && items.iter().all(|(k, _)| CATEGORIES.contains(&k.as_str()));
        if is_plural && !items.iter().any(|(k, _)| k == "other") {
            return Err(de::Error::custom("a plural string needs an `other` form"));
        }
        Ok(Node::Map(items))
    }
}

/// A map key: a string, or a number like the `1:` of month names.
struct KeyName(String);

impl<'de> serde::Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key (a string or a number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

pub(super) fn parse_file(path: &Path, text: &str) -> Result<BTreeMap<String, Entry>, LoadError> {
    // Through the one YAML module, so positions are those of site.yaml and front matter.
    let at = |e: crate::yaml::YamlError| LoadError {
        file: path.to_path_buf(),
        line: e.line,
        column: e.col,
        message: e.message,
    };
    // An empty file is an empty language, not an error: a site may start one that way.
    if text.trim().is_empty() || text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(BTreeMap::new());
    }
    let root: Node = crate::yaml::from_str(text).map_err(at)?;
    let Node::Map(items) = root else {
        return Err(LoadError {
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "a language file is a map of keys to strings".into(),
        });
    };
    let mut out = BTreeMap::new();
    flatten("", items, &mut out);
    Ok(out)
}

fn flatten(prefix: &str, items: Vec<(String, Node)>, out: &mut BTreeMap<String, Entry>) {
    for (k, node) in items {
        let key = if prefix.is_empty() { k } else { format!("{prefix}.{k}") };
        match node {
            Node::Text(t) => {
                out.insert(key, Entry::Text(t));
            }
            Node::Map(m) if !m.is_empty() && m.iter().all(|(c, _)| CATEGORIES.contains(&c.as_str())) => {
                let mut forms = BTreeMap::new();
                let mut nested = Vec::new();
                for (c, n) in m {
                    match n {
                        Node::Text(t) => {
                            forms.insert(c, t);
                        }
                        // `one: {…}` is a group that happens to be named like a category.
                        Node::Map(inner) => nested.push((c, Node::Map(inner))),
                    }
                }
                if nested.is_empty() {
                    out.insert(key, Entry::Plural(forms));
                } else {
                    let all: Vec<(String, Node)> =
                        forms.into_iter().map(|(c, t)| (c, Node::Text(t))).chain(nested).collect();
                    flatten_group(&key, all, out);
                }
            }
            Node::Map(m) => flatten(&key, m, out),
        }
    }
}

fn flatten_group(key: &str, items: Vec<(String, Node)>, out: &mut BTreeMap<String, Entry>) {
    for (k, node) in items {
        match node {
            Node::Text(t) => {
                out.insert(format!("{key}.{k}"), Entry::Text(t));
            }
            Node::Map(m) => flatten(&format!("{key}.{k}"), m, out),
        }
    }
}
