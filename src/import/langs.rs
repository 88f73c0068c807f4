//! The languages of a Hugo or Zola config as brief's editions: each language's title and
//! description for `languages:` in site.yaml (the default language's are the site's),
//! the rest of each language's table under `extra.<generator>.languages`, and the
//! report's notes about both. Pure.

use std::path::Path;

use serde_json::Value;

use super::matter::{Map, text_of};
use super::{Found, Generator, Note, NoteKind};

/// One language of the old config: its code, brief's settings for it (`title`,
/// `description`) and what is left of its table.
pub(crate) struct Language {
    /// The code, as the old config writes it.
    pub code: String,
    /// `title` and `description`.
    pub settings: Map,
    /// Everything else.
    pub rest: Map,
}

/// A config table by key, case-insensitively (Hugo reads keys so; Zola's are lowercase).
pub(crate) fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_object().and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

/// A language table: `title`, and `params.description` (Hugo) or `description`, as
/// brief's settings; the rest without the keys the reader used itself (`skip`).
pub(crate) fn language(code: &str, table: &Value, skip: &[&str]) -> Language {
    let mut settings = Map::new();
    let mut rest = table.as_object().cloned().unwrap_or_default();
    rest.retain(|k, _| !skip.iter().any(|s| k.eq_ignore_ascii_case(s)));
    if let Some(t) = get(table, "title").and_then(text_of) {
        settings.insert("title".into(), Value::String(t));
        rest.retain(|k, _| !k.eq_ignore_ascii_case("title"));
    }
    let in_params = get(table, "params").and_then(|p| get(p, "description")).and_then(text_of);
    if let Some(d) = in_params.clone().or_else(|| get(table, "description").and_then(text_of)) {
        settings.insert("description".into(), Value::String(d));
        if in_params.is_some() {
            for (_, p) in rest.iter_mut().filter(|(k, _)| k.eq_ignore_ascii_case("params")) {
                if let Value::Object(p) = p {
                    p.retain(|k, _| !k.eq_ignore_ascii_case("description"));
                }
            }
            rest.retain(|k, v| !k.eq_ignore_ascii_case("params") || v.as_object().is_some_and(|p| !p.is_empty()));
        } else {
            rest.retain(|k, _| !k.eq_ignore_ascii_case("description"));
        }
    }
    Language { code: code.to_string(), settings, rest }
}

/// Record `langs` (in the old site's order) in `found`'s settings, with the notes.
pub(crate) fn record(found: &mut Found, generator: Generator, cfg_path: &Path, default: &str, langs: Vec<Language>) {
    let codes: Vec<&str> = langs.iter().map(|l| l.code.as_str()).collect();
    found.site_notes.push((
        cfg_path.to_path_buf(),
        Note::new(
            0,
            NoteKind::Converted,
            format!(
                "languages {} → `languages:` in site.yaml (titles, descriptions), each edition under content/<code>/",
                codes.join(", ")
            ),
        ),
    ));
    let s = &mut found.settings;
    let mut left = Map::new();
    let mut keys = Vec::new();
    for l in langs {
        if l.code.eq_ignore_ascii_case(default) {
            // A language's own title and description win over the site's.
            if let Some(t) = l.settings.get("title").and_then(text_of) {
                s.title = t;
            }
            if let Some(d) = l.settings.get("description").and_then(text_of) {
                s.description = d;
            }
        } else {
            s.languages.0.push((l.code.clone(), l.settings));
        }
        if !l.rest.is_empty() {
            keys.extend(l.rest.keys().map(|k| format!("{}.{k}", l.code)));
            left.insert(l.code, Value::Object(l.rest));
        }
    }
    if !left.is_empty() {
        found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(
                0,
                NoteKind::Extra,
                format!("languages {} → extra.{}.languages in site.yaml", keys.join(", "), generator.name()),
            ),
        ));
        keep(&mut s.extra, generator, "languages", Value::Object(left));
    }
}

/// Keep `value` under `extra.<generator>.<key>` of site.yaml.
pub(crate) fn keep(extra: &mut Map, generator: Generator, key: &str, value: Value) {
    if let Value::Object(m) = extra.entry(generator.name()).or_insert_with(|| Value::Object(Map::new())) {
        m.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tables_give_title_and_description() {
        let l = serde_json::json!({"title": "한반도", "weight": 2, "contentDir": "content/ko", "languageName": "한국어",
            "params": {"description": "브리핑", "logo": "x.png"}});
        let ko = language("ko", &l, &["weight", "contentDir"]);
        assert_eq!(Value::Object(ko.settings), serde_json::json!({"title": "한반도", "description": "브리핑"}));
        assert_eq!(Value::Object(ko.rest), serde_json::json!({"languageName": "한국어", "params": {"logo": "x.png"}}));
        let z =
            language("ko", &serde_json::json!({"title": "노트", "description": "설명", "generate_feeds": true}), &[]);
        assert_eq!(Value::Object(z.settings), serde_json::json!({"title": "노트", "description": "설명"}));
        assert_eq!(Value::Object(z.rest), serde_json::json!({"generate_feeds": true}));
    }

    #[test]
    fn the_default_language_titles_the_site() {
        let mut found = Found::default();
        found.settings.title = "Site".into();
        let langs = vec![
            language("en", &serde_json::json!({"title": "Desk"}), &[]),
            language("ko", &serde_json::json!({"title": "데스크", "languageName": "한국어"}), &[]),
        ];
        record(&mut found, Generator::Hugo, Path::new("hugo.toml"), "en", langs);
        assert_eq!(found.settings.title, "Desk");
        assert_eq!(
            found.settings.languages.0,
            vec![("ko".to_string(), serde_json::json!({"title": "데스크"}).as_object().cloned().unwrap())]
        );
        assert_eq!(found.settings.extra["hugo"]["languages"], serde_json::json!({"ko": {"languageName": "한국어"}}));
    }
}
