//! Which language edition a content file belongs to, from where it sits (DESIGN section
//! 8): a first folder under `content/` named after a configured language, else a
//! `name.<lang>.md` suffix. Front matter `lang:` (read by the parser) wins over both.
//! Pure: it looks at the path only.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// Where a content file sits, as its language and identity need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// Folder of the file relative to `content/`, where its assets sit.
    pub dir: PathBuf,
    /// The file is `index.md` (or `index.<lang>.md`) of its own folder: a bundle.
    pub bundle: bool,
    /// The edition its folder or file name gives, if any (see [`Config::edition_of`]).
    pub edition: Option<usize>,
    /// Its path under `content/` without the language folder, the language suffix and
    /// the extension (a bundle's folder): the default identity shared by translations.
    /// Empty for a place made without a path (tests and `brief new` previews).
    pub key: String,
    /// The file name without the language suffix and the extension (`about` of
    /// `about.ko.md`).
    pub stem: String,
}

impl Place {
    /// The place of the file at `rel` (relative to `content/`). On a site with one
    /// language nothing is a language part: `content/en/x.md` is the briefing `en/x`.
    pub fn of(rel: &Path, cfg: &Config) -> Place {
        let dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
        let file_stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let mut edition = None;
        let mut stem = file_stem.clone();
        let mut key_dir: PathBuf = dir.clone();
        if cfg.is_multilingual() {
            let mut parts = dir.components();
            if let Some(first) = parts.next()
                && let Some(e) = cfg.edition_of(&first.as_os_str().to_string_lossy())
            {
                edition = Some(e);
                key_dir = parts.as_path().to_path_buf();
            }
            if let Some((name, code)) = file_stem.rsplit_once('.')
                && !name.is_empty()
                && let Some(e) = cfg.edition_of(code)
            {
                edition = edition.or(Some(e));
                stem = name.to_string();
            }
        }
        let bundle = stem == "index";
        // An `index.md` at the top (of `content/` or of a language's folder) has no folder
        // to name it: it is `index`.
        let key = if bundle && !key_dir.as_os_str().is_empty() { key_dir } else { key_dir.join(&stem) };
        Place { dir, bundle, edition, key: key.to_string_lossy().replace('\\', "/"), stem }
    }

    /// The folder name of a page bundle: `team` of `pages/team/index.md` (or
    /// `pages/team/index.ko.md`, `ko/pages/team/index.md`), which names the page as a
    /// briefing bundle's folder names its briefing. `None` for any other file, an
    /// `index.md` right in `pages/` included.
    pub fn page_bundle(&self) -> Option<&str> {
        let inner = self.key.strip_prefix("pages/").filter(|_| self.bundle)?;
        inner.rsplit('/').next().filter(|name| !name.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        Config::from_str("language: en\nlanguages:\n  ko: {}\n  zh_TW: {}\n", Path::new("site.yaml")).unwrap()
    }

    #[test]
    fn folder_and_suffix_give_the_edition_and_one_key() {
        let c = cfg();
        let a = Place::of(Path::new("ko/2024/07/x.md"), &c);
        assert_eq!((a.edition, a.key.as_str(), a.dir.as_path()), (Some(1), "2024/07/x", Path::new("ko/2024/07")));
        let b = Place::of(Path::new("2024/07/x.zh-tw.md"), &c);
        assert_eq!((b.edition, b.key.as_str(), b.stem.as_str()), (Some(2), "2024/07/x", "x"));
        let d = Place::of(Path::new("en/2024/07/x.md"), &c);
        assert_eq!((d.edition, d.key.as_str()), (Some(0), "2024/07/x"));
        let plain = Place::of(Path::new("2024/07/x.md"), &c);
        assert_eq!((plain.edition, plain.key.as_str()), (None, "2024/07/x"));
        let bundle = Place::of(Path::new("2024/07/x/index.ko.md"), &c);
        assert!(bundle.bundle);
        assert_eq!((bundle.edition, bundle.key.as_str()), (Some(1), "2024/07/x"));
        // A dot that is not a configured language stays part of the name.
        let v = Place::of(Path::new("2024/07/v1.2.md"), &c);
        assert_eq!((v.edition, v.key.as_str()), (None, "2024/07/v1.2"));
    }

    #[test]
    fn a_page_bundle_is_named_by_its_folder() {
        let c = cfg();
        for rel in ["pages/team/index.md", "pages/team/index.ko.md", "ko/pages/team/index.md"] {
            assert_eq!(Place::of(Path::new(rel), &c).page_bundle(), Some("team"), "{rel}");
        }
        assert_eq!(Place::of(Path::new("pages/about/us/index.md"), &c).page_bundle(), Some("us"));
        for rel in ["pages/index.md", "ko/pages/index.md", "pages/team.md", "pages/team/photo.md", "2024/x/index.md"] {
            assert_eq!(Place::of(Path::new(rel), &c).page_bundle(), None, "{rel}");
        }
        let one = Place::of(Path::new("pages/team/index.md"), &Config::default());
        assert_eq!(one.page_bundle(), Some("team"));
    }

    #[test]
    fn one_language_sites_have_no_language_parts() {
        let c = Config::default();
        let p = Place::of(Path::new("en/2024/x.ko.md"), &c);
        assert_eq!((p.edition, p.key.as_str()), (None, "en/2024/x.ko"));
    }
}
