//! Hugo's content folders: the site's `contentDir` and each language's, or the
//! project's `[[module.mounts]]`, which replace them (falcosecurity/falco-website mounts
//! `content/en` for `en` and `content/zh-cn` for `zh-cn`); what its other mounts are.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::hugo::get;
use super::langs;
use super::matter::{Map, text_of};
use super::{Found, Note, NoteKind, Skip};

/// One `[[module.mounts]]` of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mount {
    source: String,
    target: String,
    lang: Option<String>,
    /// It has `includeFiles` or `excludeFiles`.
    filtered: bool,
}

/// The project's mounts, in the config's order (`module.mounts`).
fn mounts(cfg: &Map) -> Vec<Mount> {
    let module = get(cfg, "module").and_then(Value::as_object);
    let list = module.and_then(|m| get(m, "mounts")).and_then(Value::as_array).cloned().unwrap_or_default();
    list.iter()
        .filter_map(Value::as_object)
        .filter_map(|m| {
            Some(Mount {
                source: get(m, "source").and_then(text_of)?.trim_end_matches('/').to_string(),
                target: get(m, "target").and_then(text_of)?.trim_matches('/').to_string(),
                lang: get(m, "lang").and_then(text_of).filter(|l| !l.trim().is_empty()),
                filtered: get(m, "includeFiles").is_some() || get(m, "excludeFiles").is_some(),
            })
        })
        .collect()
}

/// The content folders Hugo read, each with the language its files are of (unless their
/// suffix names another), the default language's first where several share one: the
/// mounts with target `content` where the project has any, else the `contentDir` of each
/// of `codes` (then of each language of `off`, read only to skip its files). Other mounts
/// are noted against `cfg_path`, and those of `static` copied.
pub(super) fn content_dirs(
    found: &mut Found,
    root: &Path,
    cfg: &Map,
    cfg_path: &Path,
    codes: &[String],
    off: &[String],
    default_lang: &str,
) -> Vec<(PathBuf, String)> {
    let languages = get(cfg, "languages").and_then(Value::as_object).cloned().unwrap_or_default();
    let main_dir = get(cfg, "contentDir").and_then(text_of).unwrap_or_else(|| "content".into());
    let dir_of = |code: &String| {
        let l = languages.iter().find(|(c, _)| c.eq_ignore_ascii_case(code)).map(|(_, l)| l.clone());
        root.join(l.and_then(|l| langs::get(&l, "contentDir").and_then(text_of)).unwrap_or_else(|| main_dir.clone()))
    };
    let all = mounts(cfg);
    let note = |found: &mut Found, kind, text: String| {
        found.site_notes.push((cfg_path.to_path_buf(), Note::new(0, kind, text)))
    };
    let mut wanted: Vec<(PathBuf, String, Option<&Mount>)> = Vec::new();
    let content: Vec<&Mount> = all.iter().filter(|m| m.target.eq_ignore_ascii_case("content")).collect();
    if content.is_empty() {
        wanted.extend(codes.iter().chain(off).map(|c| (dir_of(c), c.clone(), None)));
        if wanted.is_empty() {
            wanted.push((root.join(&main_dir), default_lang.to_string(), None));
        }
    } else {
        // Hugo's own code for a mount's `lang` where the site writes it in another case.
        let code_of = |l: &str| codes.iter().chain(off).find(|c| c.eq_ignore_ascii_case(l)).cloned();
        for m in content {
            let lang = match m.lang.as_deref() {
                None => default_lang.to_string(),
                Some(l) if l.eq_ignore_ascii_case(default_lang) => code_of(l).unwrap_or(default_lang.to_string()),
                Some(l) => match code_of(l) {
                    Some(code) => code,
                    None => {
                        undefined(found, root, m, l);
                        continue;
                    }
                },
            };
            wanted.push((root.join(&m.source), lang, Some(m)));
        }
    }
    let mut dirs: Vec<(PathBuf, String)> = Vec::new();
    for (dir, code, mount) in wanted {
        if mount.is_some_and(|m| m.filtered) {
            let text = format!(
                "module mount `{}` → `content` has `includeFiles` or `excludeFiles`: not applied, every file of it is imported",
                mount.map_or("", |m| &m.source)
            );
            note(found, NoteKind::NotConverted, text);
        }
        match dirs.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, lang)) if code.eq_ignore_ascii_case(lang) => {}
            Some((_, lang)) => {
                let (kept, other) = if code.eq_ignore_ascii_case(default_lang) {
                    (code.clone(), std::mem::replace(lang, code.clone()))
                } else {
                    (lang.clone(), code.clone())
                };
                if mount.is_some() {
                    let shown = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
                    let text = format!(
                        "module mount `{shown}` → `content` for language `{other}`: Hugo built its pages again in \
                         `{other}`; brief imports them once, in `{kept}`"
                    );
                    note(found, NoteKind::NotConverted, text);
                }
            }
            None => dirs.push((dir, code)),
        }
    }
    for m in all.iter().filter(|m| !m.target.eq_ignore_ascii_case("content")) {
        let component = m.target.split('/').next().unwrap_or_default().to_ascii_lowercase();
        // `static` → `static` is the folder brief copies anyway.
        if component == "static" && m.source.trim_start_matches("./") == m.target {
            continue;
        }
        if component == "static" {
            let (from, shown) = (root.join(&m.source), Path::new(&m.source));
            super::statics::copy_dir(found, "Hugo", (&from, shown, Path::new(&m.target)), &|_, _| None);
        } else if m.source != m.target {
            let why = match component.as_str() {
                "content" => "brief reads mounts whose target is `content` itself",
                "layouts" => "templates are not converted",
                "assets" => "Hugo Pipes assets are not processed",
                "data" => "data files are not converted",
                "i18n" => "translation strings are not converted",
                _ => "not read",
            };
            note(found, NoteKind::NotConverted, format!("module mount `{}` → `{}`: {why}", m.source, m.target));
        }
    }
    dirs
}

/// Each file of the content mount `m`, whose language `lang` the config does not
/// define, as a skip: Hugo built no page of it.
fn undefined(found: &mut Found, root: &Path, m: &Mount, lang: &str) {
    let (files, left) = super::walk_by(&root.join(&m.source), &super::statics::hugo_content);
    super::statics::skip_left(found, Path::new(&m.source), left);
    for rel in files {
        let reason = format!(
            "module mount `{}` → `content` is of language `{lang}`, which `languages` does not define: Hugo \
             built none of it, so it is not imported",
            m.source
        );
        found.skipped.push(Skip { source: Path::new(&m.source).join(rel), reason, post: false });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_are_read_with_keys_in_any_case() {
        let cfg = serde_json::json!({"Module": {"Mounts": [
            {"source": "content/zh-cn/", "Target": "content", "Lang": "zh-cn"},
            {"source": "docs", "target": "/content/docs/", "excludeFiles": "*.txt"},
            {"target": "static"}
        ]}});
        let mounts = mounts(cfg.as_object().unwrap());
        let mount = |s: &str, t: &str, l: Option<&str>, f| Mount {
            source: s.into(),
            target: t.into(),
            lang: l.map(String::from),
            filtered: f,
        };
        assert_eq!(
            mounts,
            vec![mount("content/zh-cn", "content", Some("zh-cn"), false), mount("docs", "content/docs", None, true)]
        );
    }
}
