//! Hugo's site config as `hugo` builds with it: the root file, `config/_default/` and
//! `config/production/`, merged file by file the way Hugo merges them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::matter::{self, Map};
use crate::diag::Diagnostic;

fn parse_config(path: &Path) -> Result<Map, Diagnostic> {
    let text = super::read_text(path).map_err(|e| Diagnostic::error(path, e))?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let v = match ext.as_str() {
        "toml" => {
            return matter::parse_toml(&text)
                .map(folded)
                .map_err(|(l, c, m)| Diagnostic::error(path, m).at(&text, l, c.max(1)));
        }
        "json" => {
            serde_json::from_str::<Value>(&text).map_err(|e| Diagnostic::error(path, format!("invalid JSON: {e}")))?
        }
        _ if text.trim().is_empty() => Value::Null,
        _ => crate::yaml::from_str::<Value>(&text).map_err(|e| {
            Diagnostic::error(path, format!("invalid YAML: {}", e.message)).at(&text, e.line.max(1), e.col)
        })?,
    };
    Ok(folded(v.as_object().cloned().unwrap_or_default()))
}

/// `map` with keys that differ only in case made one, as Hugo reads its config
/// (apache/skywalking-website has `[languages.zh]` and `[[Languages.zh.menu.main]]` in
/// one file: the second replaced the first, and the Chinese posts were lost).
fn folded(map: Map) -> Map {
    let mut out = Map::new();
    for (k, v) in map {
        let v = match v {
            Value::Object(m) => Value::Object(folded(m)),
            v => v,
        };
        merge(&mut out, Map::from_iter([(k, v)]));
    }
    out
}

/// Where `[frontmatter] date` has `:filename` (the date of a `2003-01-21-slug.md` name):
/// `Some(true)` when it comes before the front matter's own dates (`:default`, `date`),
/// so the name's date wins; `Some(false)` when it is only the fallback for pages without
/// one (kubernetes/website's `["date", ":filename", …]`).
pub(super) fn filename_dates(cfg: &Map) -> Option<bool> {
    let fm = super::hugo::get(cfg, "frontmatter")?.as_object()?;
    let list = super::hugo::get(fm, "date")?.as_array()?;
    let names: Vec<String> = list.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect();
    let at = names.iter().position(|n| n == ":filename")?;
    let own =
        names.iter().position(|n| [":default", "date", "publishdate", "pubdate", "published"].contains(&n.as_str()));
    Some(own.is_none_or(|o| at < o))
}

/// The site config as `hugo` builds it: the root config file, then `config/_default/`
/// and `config/production/` (the environment `hugo` builds in) merged over it, each file
/// as Hugo merges it (`params.toml` under `params`, tables merged key by key), and the
/// file or folder it came from.
pub(super) fn config(root: &Path) -> Result<(Map, PathBuf), Vec<Diagnostic>> {
    let mut cfg = Map::new();
    let mut from = None;
    'root: for name in ["hugo", "config"] {
        for ext in ["toml", "yaml", "yml", "json"] {
            let p = root.join(format!("{name}.{ext}"));
            if p.is_file() {
                cfg = parse_config(&p).map_err(|d| vec![d])?;
                from = Some(PathBuf::from(format!("{name}.{ext}")));
                break 'root;
            }
        }
    }
    for env in ["_default", "production"] {
        let dir = root.join("config").join(env);
        if !dir.is_dir() {
            continue;
        }
        for rel in super::walk(&dir) {
            let stem = rel.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let ext = rel.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            // Hugo reads every config file under the folder, each by its own name.
            if !matches!(ext.as_str(), "toml" | "yaml" | "yml" | "json") {
                continue;
            }
            let part = parse_config(&dir.join(&rel)).map_err(|d| vec![d])?;
            if stem == "hugo" || stem == "config" {
                merge(&mut cfg, part);
            } else {
                merge(&mut cfg, placed(&stem, part));
            }
        }
        from.get_or_insert_with(|| PathBuf::from(format!("config/{env}")));
    }
    match from {
        Some(from) => Ok((cfg, from)),
        None => Err(vec![
            Diagnostic::error(root, "no `hugo.toml`, `config.toml` (or .yaml, .json) and no `config/_default/`: this does not look like a Hugo site")
                .hint("name the folder that holds Hugo's config, or use `brief import jekyll` or `brief import zola`"),
        ]),
    }
}

/// A config file of `config/_default/` where Hugo puts it, by its name: `params.toml`
/// under `params`; one with a language after a dot under that language
/// (`languages.ja.toml` is `[languages.ja]`, `menus.ja.toml` its `menus`, `params.ja.toml`
/// its `params`), as letsencrypt/website writes each language's settings.
fn placed(stem: &str, part: Map) -> Map {
    let table = |k: &str, v: Map| Map::from_iter([(k.to_string(), Value::Object(v))]);
    match stem.rsplit_once('.') {
        None => table(stem, part),
        Some((name, lang)) => {
            let inner = match name {
                "menu" | "menus" => table("menus", part),
                "params" => table("params", part),
                _ => part,
            };
            table("languages", table(lang, inner))
        }
    }
}

/// `src` merged into `dst` as Hugo merges config files: keys compare case-insensitively
/// (`baseurl` replaces `baseURL`), tables merge key by key, any other value replaces.
fn merge(dst: &mut Map, src: Map) {
    for (k, v) in src {
        let same = dst.keys().find(|d| d.eq_ignore_ascii_case(&k)).cloned();
        match (same.and_then(|d| dst.get_mut(&d)), v) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, new),
            (Some(slot), v) => *slot = v,
            (None, v) => {
                dst.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_with_a_language_is_that_languages_settings() {
        let part = |v: serde_json::Value| v.as_object().cloned().unwrap();
        let mut cfg = Map::new();
        merge(&mut cfg, placed("languages", part(serde_json::json!({"en": {"weight": 1}}))));
        merge(&mut cfg, placed("languages.ja", part(serde_json::json!({"title": "日本語", "weight": 2}))));
        merge(&mut cfg, placed("menus.ja", part(serde_json::json!({"main": [{"name": "寄付"}]}))));
        merge(&mut cfg, placed("params.zh-cn", part(serde_json::json!({"description": "说明"}))));
        merge(&mut cfg, placed("params", part(serde_json::json!({"author": "a"}))));
        assert_eq!(
            Value::Object(cfg),
            serde_json::json!({"languages": {"en": {"weight": 1},
                "ja": {"title": "日本語", "weight": 2, "menus": {"main": [{"name": "寄付"}]}},
                "zh-cn": {"params": {"description": "说明"}}},
                "params": {"author": "a"}})
        );
    }

    #[test]
    fn tables_merge_and_keys_compare_without_case() {
        let mut cfg =
            serde_json::json!({"baseURL": "https://staging/", "params": {"description": "d", "logo": "a.png"}})
                .as_object()
                .cloned()
                .unwrap();
        let over = serde_json::json!({"baseurl": "https://dearmep.eu/", "params": {"logo": "b.png", "author": "x"}});
        merge(&mut cfg, over.as_object().cloned().unwrap());
        assert_eq!(
            Value::Object(cfg),
            serde_json::json!({"baseURL": "https://dearmep.eu/", "params": {"description": "d", "logo": "b.png", "author": "x"}})
        );
    }
}
