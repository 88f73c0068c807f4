//! Which files of its `content/` and `static/` Zola read: none `ignored_content` matches
//! (globs, matched with the crate Zola matches them with against the absolute path: a
//! file's, and a folder's, whose files are then left too), none whose name starts with
//! `.` as a page, none of `static/` that `ignored_static` matches (against the path in
//! it); brief reads no hidden file or editor's backup of its own `content/` either.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::matter::{Map, list_of};
use super::{Found, Note, NoteKind};

/// One of Zola's lists of globs.
struct Globs {
    key: &'static str,
    patterns: Vec<String>,
    set: GlobSet,
}

impl Globs {
    /// The patterns of `key` in `cfg` that are globs; one that is not is noted in `found`
    /// (Zola stops on it) and not applied.
    fn of(found: &mut Found, cfg: &Map, cfg_path: &Path, key: &'static str) -> Globs {
        let (mut patterns, mut set) = (Vec::new(), GlobSetBuilder::new());
        for p in cfg.get(key).map(|v| list_of(v, false)).unwrap_or_default() {
            match Glob::new(&p) {
                Ok(g) => {
                    set.add(g);
                    patterns.push(p);
                }
                Err(e) => {
                    let text = format!("{key} pattern `{p}` is no glob ({e}): Zola stops on it; not applied");
                    found.site_notes.push((cfg_path.to_path_buf(), Note::new(0, NoteKind::NotConverted, text)));
                }
            }
        }
        Globs { key, patterns, set: set.build().unwrap_or_else(|_| GlobSet::empty()) }
    }

    /// Why `path` is left: the first pattern it matches.
    fn reason(&self, path: &Path, cfg_path: &Path) -> Option<String> {
        let at = *self.set.matches(path).first()?;
        Some(format!(
            "matches `{}` of `{}` ({}): Zola did not read it, so it is not imported",
            self.patterns[at],
            self.key,
            cfg_path.display()
        ))
    }
}

/// The site's `ignored_content` and `ignored_static`.
pub(super) struct Ignored {
    content: Globs,
    statics: Globs,
    /// The content folder, absolute, as Zola matched paths in it.
    content_dir: PathBuf,
    cfg_path: PathBuf,
}

impl Ignored {
    /// The globs of `cfg` (from `cfg_path`) for the site at `root`.
    pub(super) fn of(found: &mut Found, root: &Path, cfg: &Map, cfg_path: &Path) -> Ignored {
        let content_dir = root.join("content");
        Ignored {
            content: Globs::of(found, cfg, cfg_path, "ignored_content"),
            statics: Globs::of(found, cfg, cfg_path, "ignored_static"),
            content_dir: std::path::absolute(&content_dir).unwrap_or(content_dir),
            cfg_path: cfg_path.to_path_buf(),
        }
    }

    /// Why `rel` of Zola's `content/` is not imported, if it is not.
    pub(super) fn content(&self, rel: &Path, is_dir: bool) -> Option<String> {
        if let Some(reason) = self.content.reason(&self.content_dir.join(rel), &self.cfg_path) {
            return Some(reason);
        }
        let name = rel.file_name()?.to_string_lossy();
        if !is_dir && name.starts_with('.') && super::is_markdown(rel) {
            return Some("a Markdown file whose name starts with `.`: Zola makes no page of it".into());
        }
        crate::source::is_ignored_name(&name).then(|| {
            let what = if is_dir { "folder" } else { "file" };
            format!(
                "a hidden {what} or an editor's backup (`.name`, `#name`, `name~`), which brief never reads in \
                 content/: not imported"
            )
        })
    }

    /// Why `rel` of Zola's `static/` is not imported, if it is not.
    pub(super) fn statics(&self, rel: &Path, _is_dir: bool) -> Option<String> {
        self.statics.reason(rel, &self.cfg_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_globs_cross_folders_and_a_bad_one_is_noted() {
        let cfg = serde_json::json!({
            "ignored_content": ["*.Rmd", "**/drafts", "[bad"],
            "ignored_static": ["*.psd"],
        });
        let mut found = Found::default();
        let ig = Ignored::of(&mut found, Path::new("/site"), cfg.as_object().unwrap(), Path::new("config.toml"));
        assert_eq!(found.site_notes.len(), 1);
        assert!(ig.content(Path::new("blog/b/index.Rmd"), false).is_some());
        assert!(ig.content(Path::new("blog/drafts"), true).is_some());
        assert!(ig.content(Path::new("blog/.x.md"), false).is_some());
        assert_eq!(ig.content(Path::new("blog/b/index.md"), false), None);
        assert_eq!(ig.content(Path::new("blog/public"), true), None);
        assert!(ig.statics(Path::new("img/a/logo.psd"), false).is_some());
        assert_eq!(ig.statics(Path::new("img/logo.png"), false), None);
    }
}
