//! Hugo's `ignoreFiles`: Go regular expressions matched against a content file's path
//! as Hugo saw it (absolute), and against each folder above it in the content folder;
//! a file either matches was never read by Hugo, so it is skipped and named.

use std::path::{Path, PathBuf};

use regex::Regex;

use super::hugo::get;
use super::matter::{Map, list_of};
use super::tree::File;
use super::{Found, Note, NoteKind, Skip};

/// The site's `ignoreFiles` patterns that compile, and the config file they are in.
pub(super) struct Ignored {
    patterns: Vec<Regex>,
    cfg_path: PathBuf,
}

impl Ignored {
    /// The patterns of `cfg` (from `cfg_path`); one that does not compile is noted in
    /// `found` and not applied (Hugo stops on it).
    pub(super) fn new(found: &mut Found, cfg: &Map, cfg_path: &Path) -> Ignored {
        let mut patterns = Vec::new();
        for p in get(cfg, "ignoreFiles").map(|v| list_of(v, false)).unwrap_or_default() {
            match Regex::new(&p) {
                Ok(re) => patterns.push(re),
                Err(e) => {
                    let error = e.to_string().lines().last().unwrap_or_default().trim().to_string();
                    let text = format!(
                        "ignoreFiles pattern `{p}` is no regular expression ({error}): Hugo stops on it; not applied"
                    );
                    found.site_notes.push((cfg_path.to_path_buf(), Note::new(0, NoteKind::NotConverted, text)));
                }
            }
        }
        Ignored { patterns, cfg_path: cfg_path.to_path_buf() }
    }

    /// The pattern that matches `abs` or a folder above it under `dir`, if one does.
    fn matching(&self, dir: &Path, abs: &Path) -> Option<&Regex> {
        if self.patterns.is_empty() {
            return None;
        }
        let abs = std::path::absolute(abs).unwrap_or_else(|_| abs.to_path_buf());
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let paths = abs.ancestors().take_while(|a| a.starts_with(&dir) && *a != dir);
        let paths: Vec<String> = paths.map(|p| p.to_string_lossy().replace('\\', "/")).collect();
        self.patterns.iter().find(|re| paths.iter().any(|p| re.is_match(p)))
    }

    /// `files` of the content folder `dir` (shown as `shown_dir`) but those a pattern
    /// matches, each of which is a skip in `found`.
    pub(super) fn filter(&self, found: &mut Found, dir: &Path, shown_dir: &Path, files: Vec<File>) -> Vec<File> {
        let mut kept = Vec::with_capacity(files.len());
        for f in files {
            match self.matching(dir, &f.abs) {
                Some(re) => {
                    let reason = format!(
                        "matches `{}` of `ignoreFiles` ({}): Hugo did not read it, so it is not imported",
                        re.as_str(),
                        self.cfg_path.display()
                    );
                    found.skipped.push(Skip { source: shown_dir.join(&f.rel), reason, post: false });
                }
                None => kept.push(f),
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(patterns: serde_json::Value) -> (Ignored, Found) {
        let cfg = serde_json::json!({ "IgnoreFiles": patterns });
        let mut found = Found::default();
        (Ignored::new(&mut found, cfg.as_object().unwrap(), Path::new("hugo.toml")), found)
    }

    #[test]
    fn patterns_match_the_absolute_path_and_the_folders_above_it() {
        let (ig, found) = ignored(serde_json::json!(["README[-]+[a-z]*\\.md", "/docs$", "^OWNERS$"]));
        assert!(found.site_notes.is_empty());
        let dir = Path::new("/site/content");
        let hit = |p: &str| ig.matching(dir, Path::new(p)).map(|re| re.as_str().to_string());
        assert_eq!(hit("/site/content/blog/README-zh.md").as_deref(), Some("README[-]+[a-z]*\\.md"));
        assert_eq!(hit("/site/content/docs/a/index.md").as_deref(), Some("/docs$"));
        // Hugo matches the whole path: `^OWNERS$` matches no file of a content folder.
        assert_eq!(hit("/site/content/blog/OWNERS"), None);
        // The content folder itself is no folder of the file's.
        let (ig, _) = ignored(serde_json::json!(["/content$"]));
        assert_eq!(ig.matching(dir, Path::new("/site/content/a.md")).map(Regex::as_str), None);
    }

    #[test]
    fn a_pattern_go_refuses_is_noted_and_not_applied() {
        let (ig, found) = ignored(serde_json::json!(["\\.(?!md$)", "\\.txt$"]));
        assert_eq!(ig.patterns.len(), 1);
        let notes: Vec<&str> = found.site_notes.iter().map(|(_, n)| n.text.as_str()).collect();
        assert_eq!(
            notes,
            ["ignoreFiles pattern `\\.(?!md$)` is no regular expression (error: look-around, including \
              look-ahead and look-behind, is not supported): Hugo stops on it; not applied"]
        );
    }
}
