//! A Jekyll site's `_config.yml` (or `.yaml`, `.toml`): read, its `source:` folder
//! found, and the settings that have a home in site.yaml mapped.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::matter::{self, Map, text_of};
use super::{Found, Generator, Note, NoteKind};
use crate::diag::Diagnostic;

const GEN: Generator = Generator::Jekyll;

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

/// `title:` and `description:` written per language (`{en: …, de: …}`, which polyglot
/// sites read as `site.description[site.active_lang]`): the site's language's text is
/// the site's (else the first one), each other language's goes to its entry of
/// `languages:`; a text for a language the site has not is kept under
/// `extra.jekyll.<key>` and reported. Run after the languages are known.
pub(super) fn per_language(cfg: &Map, cfg_path: &Path, found: &mut Found) {
    let norm = |l: &str| l.trim().replace('_', "-").to_lowercase();
    for key in ["title", "description"] {
        let Some(Value::Object(texts)) = cfg.get(key) else { continue };
        let s = &mut found.settings;
        let mut placed = Vec::new();
        let mut left = Map::new();
        let mut site = None;
        for (code, v) in texts {
            let Some(text) = text_of(v) else {
                left.insert(code.clone(), v.clone());
                continue;
            };
            if norm(code) == norm(&s.language) {
                site = Some((code.clone(), text));
            } else if let Some((c, m)) = s.languages.0.iter_mut().find(|(c, _)| norm(c) == norm(code)) {
                m.insert(key.into(), Value::String(text));
                placed.push(format!("`languages.{c}.{key}`"));
            } else {
                left.insert(code.clone(), v.clone());
            }
        }
        // Without a text in the site's language, the first is the site's.
        let site = site.or_else(|| texts.iter().find_map(|(c, v)| Some((c.clone(), text_of(v)?))));
        if let Some((code, text)) = site {
            if key == "title" {
                s.title = text;
            } else {
                s.description = text;
            }
            placed.insert(0, format!("`{key}` (`{code}`'s)"));
        }
        if !placed.is_empty() {
            found.site_notes.push((
                cfg_path.to_path_buf(),
                Note::new(0, NoteKind::Converted, format!("`{key}` per language → {}", placed.join(", "))),
            ));
        }
        if !left.is_empty() {
            let codes: Vec<String> = left.keys().map(|c| format!("`{c}`")).collect();
            found.site_notes.push((
                cfg_path.to_path_buf(),
                Note::new(
                    0,
                    NoteKind::NotConverted,
                    format!(
                        "`{key}` in {}: not a language of the site (brief's languages come from jekyll-polyglot's \
                         `languages:`), or not text; kept under extra.jekyll.{key}",
                        codes.join(", ")
                    ),
                ),
            ));
            super::langs::keep(&mut found.settings.extra, GEN, key, Value::Object(left));
        }
    }
}

/// Keys of an `author:` map that are a link of the author: (key, the link's title).
const AUTHOR_LINKS: &[(&str, &str)] =
    &[("url", ""), ("uri", ""), ("website", ""), ("homepage", ""), ("email", "Email")];

/// The keys of an `author:` map other than `name` (site.yaml's `author` is a name
/// only): a URL or email becomes a link of the author's `authors.yaml` entry when a
/// post names the author (brief warns of an entry no briefing names); anything else
/// is kept under `extra.jekyll.author` and reported. Run after the posts are read.
pub(super) fn author_fields(cfg: &Map, cfg_path: &Path, found: &mut Found) {
    let Some(Value::Object(author)) = cfg.get("author") else { return };
    let name = author.get("name").and_then(text_of);
    let named = name.as_ref().is_some_and(|n| found.entries.iter().any(|e| e.fm.authors.contains(n)));
    let mut links = Vec::new();
    let mut linked = Vec::new();
    let mut left = Map::new();
    for (k, v) in author.iter().filter(|(k, _)| k.as_str() != "name") {
        let link = AUTHOR_LINKS.iter().find(|(key, _)| *key == k.as_str()).zip(text_of(v));
        let link = link.map(|((key, title), url)| {
            let url = if *key == "email" && !url.starts_with("mailto:") { format!("mailto:{url}") } else { url };
            (title.to_string(), url)
        });
        match link.filter(|(_, url)| named && crate::parse::check_url(url)) {
            Some(link) => {
                linked.push(format!("`{k}`"));
                links.push(link);
            }
            None => {
                left.insert(k.clone(), v.clone());
            }
        }
    }
    let who = name.as_deref().map_or("the author map (without `name`)".to_string(), |n| format!("author `{n}`"));
    if let (Some(n), false) = (&name, links.is_empty()) {
        let found_links = std::collections::BTreeMap::from([(n.clone(), links)]);
        found.authors_yaml = super::author_links::add_links(found.authors_yaml.take(), &found_links);
        found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(0, NoteKind::Converted, format!("{who}'s {} → links in authors.yaml", linked.join(", "))),
        ));
    }
    if !left.is_empty() {
        let keys: Vec<String> = left.keys().map(|k| format!("`{k}`")).collect();
        let why = if named {
            "site.yaml's `author` is a name only"
        } else {
            "site.yaml's `author` is a name only, and no post names the author for an entry in authors.yaml"
        };
        found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(
                0,
                NoteKind::NotConverted,
                format!("{who}'s {}: {why}; kept under extra.jekyll.author", keys.join(", ")),
            ),
        ));
        super::langs::keep(&mut found.settings.extra, GEN, "author", Value::Object(left));
    }
}

/// Gem themes that load plugins of their own: Jekyll requires a gem theme's runtime
/// dependencies, and minima's gemspec (the theme of `jekyll new`) lists these.
const THEME_PLUGINS: &[(&str, &[&str])] = &[("minima", &["jekyll-feed", "jekyll-seo-tag"])];

/// The plugins the site loads, by gem name: `plugins:` of the config (`gems:` before
/// Jekyll 3.5), the gems of the Gemfile's `jekyll_plugins` group, which Jekyll
/// requires without their being named in the config, and those its `theme:` gem
/// depends on.
pub(super) fn plugins(root: &Path, cfg: &Map) -> Vec<String> {
    let mut names: Vec<String> =
        ["plugins", "gems"].iter().filter_map(|k| cfg.get(*k)).flat_map(|v| matter::list_of(v, false)).collect();
    if let Ok(text) = super::read_text(&root.join("Gemfile")) {
        names.extend(gemfile_plugins(&text));
    }
    let theme = cfg.get("theme").and_then(text_of).unwrap_or_default();
    for (_, deps) in THEME_PLUGINS.iter().filter(|(t, _)| *t == theme) {
        names.extend(deps.iter().map(|d| d.to_string()));
    }
    names
}

/// A Gemfile's statements, comments gone: a call spread over lines (each but the last
/// ending in `,`, `(` or `\\`) as one, `a; b` as two, and a one-line `… do … end` as
/// its opening, its body and its `end`.
fn statements(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let code = line.split('#').next().unwrap_or_default().trim();
        if !cur.is_empty() && !code.is_empty() {
            cur.push(' ');
        }
        cur.push_str(code.trim_end_matches('\\'));
        if code.ends_with([',', '(', '\\']) {
            continue;
        }
        lines.push(std::mem::take(&mut cur));
    }
    lines.push(cur);
    let mut out = Vec::new();
    for part in lines.iter().flat_map(|l| l.split(';')).map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(" do ") {
            Some((head, body)) if body.trim() == "end" || body.trim_end().ends_with(" end") => {
                out.push(format!("{head} do"));
                let body = body.trim_end().strip_suffix("end").unwrap_or_default().trim();
                if !body.is_empty() {
                    out.push(body.to_string());
                }
                out.push("end".to_string());
            }
            _ => out.push(part.to_string()),
        }
    }
    out
}

/// The gems of a Gemfile's `jekyll_plugins` group: inside `group :jekyll_plugins do …
/// end`, or named with `group: :jekyll_plugins` (`:group => …`, `group: [...]`).
fn gemfile_plugins(text: &str) -> Vec<String> {
    // Each block open at this statement: true for a `jekyll_plugins` group.
    let mut open: Vec<bool> = Vec::new();
    let mut names = Vec::new();
    for code in statements(text) {
        let code = code.as_str();
        let word = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default();
        if word == "end" {
            open.pop();
        } else if word == "gem" {
            let mut quoted = code.split(['"', '\'']);
            let (Some(_), Some(name)) = (quoted.next(), quoted.next()) else { continue };
            let rest = code.split_once(name).map_or("", |(_, r)| r);
            if open.iter().any(|g| *g) || (rest.contains("group") && rest.contains(":jekyll_plugins")) {
                names.push(name.to_string());
            }
        } else if code.ends_with(" do") || code.contains(" do |") || matches!(word, "if" | "unless" | "case" | "begin")
        {
            open.push(word == "group" && code.contains(":jekyll_plugins"));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemfile_plugins_are_those_of_the_jekyll_plugins_group() {
        let text = "source \"https://rubygems.org\"\ngem \"jekyll\", \"~> 4.3\" # not a plugin\n\
                    gem 'jekyll-sitemap', group: :jekyll_plugins\n\
                    group :jekyll_plugins do\n  if ENV['X']\n    gem 'jekyll-seo-tag'\n  end\n  \
                    gem \"jekyll-feed\", \"~> 0.12\"\nend\n\
                    platforms :mingw, :x64_mingw do\n  gem \"tzinfo\"\nend\ngem \"webrick\"\n";
        assert_eq!(gemfile_plugins(text), ["jekyll-sitemap", "jekyll-seo-tag", "jekyll-feed"]);
    }

    #[test]
    fn gemfile_plugins_in_one_line_groups_and_calls_over_lines() {
        let text = "group :jekyll_plugins do gem \"jekyll-feed\" end\ngem \"jekyll-seo-tag\",\n    \"~> 2.8\",\n    \
                    group: :jekyll_plugins\ngem \"webrick\"; gem 'jekyll-sitemap', group: :jekyll_plugins\n";
        assert_eq!(gemfile_plugins(text), ["jekyll-feed", "jekyll-seo-tag", "jekyll-sitemap"]);
    }
}
