//! A Jekyll site's `_config.yml` (or `.yaml`, `.toml`): read, its `source:` folder
//! found, and the settings that have a home in site.yaml mapped.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::matter::{self, Map, text_of};
use super::{Found, Note, NoteKind};
use crate::diag::Diagnostic;

/// Config keys that have a home in site.yaml.
const MAPPED_CONFIG: &[&str] =
    &["title", "name", "description", "url", "baseurl", "timezone", "lang", "locale", "author"];

/// The config and the name of its file, when the site has one.
pub(super) fn config(root: &Path) -> Result<(Map, Option<PathBuf>), Vec<Diagnostic>> {
    for name in ["_config.yml", "_config.yaml", "_config.toml"] {
        let path = root.join(name);
        if !path.is_file() {
            continue;
        }
        let text = super::read_text(&path).map_err(|e| vec![Diagnostic::error(&path, e)])?;
        let map = if name.ends_with("toml") {
            matter::parse_toml(&text).map_err(|(l, c, m)| vec![Diagnostic::error(name, m).at(&text, l, c.max(1))])?
        } else if text.trim().is_empty() {
            Map::new()
        } else {
            match crate::yaml::from_str::<Value>(&text) {
                Ok(Value::Object(m)) => m,
                Ok(_) => Map::new(),
                Err(e) => {
                    return Err(vec![
                        Diagnostic::error(name, format!("invalid YAML: {}", e.message))
                            .at(&text, e.line.max(1), e.col)
                            .hint("fix the file so Jekyll itself could read it, then import again"),
                    ]);
                }
            }
        };
        return Ok((map, Some(PathBuf::from(name))));
    }
    Ok((Map::new(), None))
}

/// The folder Jekyll reads the site from: `source:` of the config, else the root. A
/// `source:` naming no folder (Octopress's `source: source`, its posts copied to the
/// root's `_posts/` without that folder) would leave nothing to read: the root is read
/// instead, and a note at the config's line says so.
pub(super) fn source(root: &Path, cfg: &Map, cfg_path: &Path, found: &mut Found) -> PathBuf {
    let Some(name) = cfg.get("source").and_then(text_of) else {
        return root.to_path_buf();
    };
    let src = root.join(&name);
    if src.is_dir() {
        return src;
    }
    let text = super::read_text(&root.join(cfg_path)).unwrap_or_default();
    let line = text.lines().position(|l| l.trim_start_matches('\u{feff}').starts_with("source")).map_or(0, |i| i + 1);
    found.site_notes.push((
        cfg_path.to_path_buf(),
        Note::new(
            line,
            NoteKind::NotConverted,
            format!(
                "`source: {name}` names no folder of the site (Jekyll would find no site there either): \
                 the site's own folder is read instead"
            ),
        ),
    ));
    root.to_path_buf()
}

/// site.yaml's title, description, base URL, language, time zone and author from the
/// config; the rest kept under `extra.jekyll`.
pub(super) fn settings(cfg: &Map, cfg_path: &Path, found: &mut Found) {
    let s = &mut found.settings;
    s.title = cfg.get("title").or_else(|| cfg.get("name")).and_then(text_of).unwrap_or_else(|| "Briefings".into());
    s.description = cfg.get("description").and_then(text_of).unwrap_or_default();
    let url = cfg.get("url").and_then(text_of).unwrap_or_default();
    let baseurl = cfg.get("baseurl").and_then(text_of).unwrap_or_default();
    s.base_url = if url.contains("://") {
        format!("{}/{}", url.trim_end_matches('/'), baseurl.trim_matches('/'))
    } else {
        format!("/{}", baseurl.trim_matches('/'))
    };
    if !s.base_url.ends_with('/') {
        s.base_url.push('/');
    }
    s.language =
        cfg.get("lang").or_else(|| cfg.get("locale")).and_then(text_of).map_or("en".into(), |l| l.replace('_', "-"));
    s.timezone = "UTC".into();
    match cfg.get("timezone").and_then(text_of) {
        Some(tz) if jiff::tz::TimeZone::get(&tz).is_ok() => s.timezone = tz,
        Some(tz) => found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(0, NoteKind::NotConverted, format!("time zone `{tz}` is unknown; site.yaml says UTC")),
        )),
        None => found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(
                0,
                NoteKind::Info,
                "no `timezone`: Jekyll used the build machine's zone; dates and old URLs are read in UTC",
            ),
        )),
    }
    s.author = match cfg.get("author") {
        Some(Value::Object(a)) => a.get("name").and_then(text_of),
        Some(v) => text_of(v),
        None => None,
    };
    let mut kept = Map::new();
    for (k, v) in cfg {
        if !MAPPED_CONFIG.contains(&k.as_str()) {
            kept.insert(k.clone(), v.clone());
        }
    }
    if !kept.is_empty() {
        let keys: Vec<&str> = kept.keys().map(String::as_str).collect();
        found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(0, NoteKind::Extra, format!("{} → extra.jekyll in site.yaml", keys.join(", "))),
        ));
        s.extra.insert("jekyll".into(), Value::Object(kept));
    }
}
