//! Which files of its source folder Jekyll reads, as its `EntryFilter` decides at every
//! depth: none whose name starts with `.`, `_`, `#` or `~` or ends with `~` (but
//! `_posts` and `_drafts`, and the site's own underscore folders at the top), none
//! `exclude:` or Jekyll's default excludes name, unless `include:` names it
//! (`.htaccess` by default).

use std::path::Path;

use globset::{GlobBuilder, GlobMatcher};

use super::matter::{Map, list_of, text_of};

/// What Jekyll 4 always excludes, merged with the config's `exclude:`.
const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// One `exclude:` or `include:` pattern.
struct Pattern {
    text: String,
    glob: Option<GlobMatcher>,
    /// One of Jekyll's own excludes.
    default: bool,
}

impl Pattern {
    fn new(text: &str, default: bool) -> Pattern {
        let text = text.trim_start_matches('/').to_string();
        // `File.fnmatch` without flags: `*` crosses `/`, as globset's does by default.
        let glob = GlobBuilder::new(&text).backslash_escape(true).build().ok().map(|g| g.compile_matcher());
        Pattern { text, glob, default }
    }

    /// Jekyll's `glob_include?`: the pattern matches the path, the path starts with it
    /// (so `vendor/bundle/` leaves all it holds, and `docs` leaves `docs-old` too, as in
    /// Jekyll), or it names this folder with a `/` after it.
    fn matches(&self, rel: &str, is_dir: bool) -> bool {
        !self.text.is_empty()
            && (rel.starts_with(&self.text)
                || (is_dir && self.text == format!("{rel}/"))
                || self.glob.as_ref().is_some_and(|g| g.is_match(rel)))
    }
}

/// The site's entry filter.
pub(super) struct Filter {
    include: Vec<Pattern>,
    exclude: Vec<Pattern>,
    /// Where Jekyll wrote the site (`destination`, `_site` by default).
    dest: String,
}

impl Filter {
    /// The filter of the config `cfg`.
    pub(super) fn of(cfg: &Map) -> Filter {
        let listed = |key: &str| cfg.get(key).map(|v| list_of(v, false));
        let include: Vec<String> = listed("include").unwrap_or_else(|| vec![".htaccess".into()]);
        let own = listed("exclude").unwrap_or_default().into_iter().map(|p| (p, false));
        let exclude = DEFAULT_EXCLUDES.iter().map(|p| (p.to_string(), true)).chain(own);
        Filter {
            exclude: exclude.filter(|(p, _)| !include.contains(p)).map(|(p, d)| Pattern::new(&p, d)).collect(),
            include: include.iter().map(|p| Pattern::new(p, false)).collect(),
            dest: cfg.get("destination").and_then(text_of).unwrap_or_else(|| "_site".into()),
        }
    }

    /// `include:` names `rel` (its path, or its name wherever it is).
    pub(super) fn included(&self, rel: &str, is_dir: bool) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        self.include.iter().any(|p| p.matches(rel, is_dir) || p.matches(name, is_dir))
    }

    /// Why Jekyll read no file of `rel` (a folder's: none of its files), if it did not.
    pub(super) fn leave(&self, rel: &Path, is_dir: bool) -> Option<String> {
        let rel = rel.to_string_lossy().replace('\\', "/");
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let what = if is_dir { "folder" } else { "file" };
        if rel.trim_end_matches('/') == self.dest.trim_matches('/').trim_start_matches("./") {
            return Some(format!("the folder Jekyll wrote the site to (`destination`: {}), not read", self.dest));
        }
        let included = self.included(&rel, is_dir);
        if let Some(p) = self.exclude.iter().find(|p| p.matches(&rel, is_dir)).filter(|_| !included) {
            return Some(if p.default {
                format!("Jekyll leaves out every `{}` (one of its default excludes): not imported", p.text)
            } else {
                format!("`exclude:` names it (`{}`): Jekyll did not read it, so it is not imported", p.text)
            });
        }
        let top = !rel.contains('/');
        let special = name.starts_with(['.', '_', '#', '~']) || name.ends_with('~');
        let kept = included
            || (is_dir && matches!(name, "_posts" | "_drafts"))
            || (top && is_dir && name.starts_with('_'))
            || (top && name.starts_with("_config."));
        (special && !kept).then(|| {
            format!(
                "a {what} whose name starts with `{}`{}: Jekyll reads none unless `include:` names it, so it is \
                 not imported",
                if name.ends_with('~') { "…" } else { &name[..1] },
                if name.ends_with('~') { " or ends with `~`" } else { "" },
            )
        })
    }
}

/// A config read from YAML, for the tests.
#[cfg(test)]
fn cfg(yaml: &str) -> Map {
    match serde_yaml::from_str::<serde_json::Value>(yaml).unwrap() {
        serde_json::Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn left(f: &Filter, rel: &str, dir: bool) -> bool {
        f.leave(Path::new(rel), dir).is_some()
    }

    #[test]
    fn jekyll_reads_every_name_but_its_special_ones_at_any_depth() {
        let f = Filter::of(&cfg("title: x\n"));
        for (rel, dir) in [("public", true), ("resources/img/a.png", false), ("assets/vendor", true), ("target", true)]
        {
            assert!(!left(&f, rel, dir), "{rel}");
        }
        for (rel, dir) in [(".git", true), ("assets/.DS_Store", false), ("css/_x.scss", false), ("a.md~", false)] {
            assert!(left(&f, rel, dir), "{rel}");
        }
        // Its own folders and the config, read by the importer; the default include.
        for (rel, dir) in [("_layouts", true), ("blog/_posts", true), ("_config.yml", false), ("x/.htaccess", false)] {
            assert!(!left(&f, rel, dir), "{rel}");
        }
        for (rel, dir) in [("_site", true), ("_redirects", false), ("node_modules", true), ("vendor/bundle", true)] {
            assert!(left(&f, rel, dir), "{rel}");
        }
    }

    #[test]
    fn exclude_is_merged_with_the_defaults_and_include_wins() {
        let f = Filter::of(&cfg("exclude: [README.md, '*.gemspec', scripts/]\ninclude: [_redirects, node_modules]\n"));
        assert!(left(&f, "README.md", false));
        assert!(left(&f, "lib/x.gemspec", false));
        assert!(left(&f, "scripts", true));
        assert!(left(&f, "Gemfile", false));
        assert!(!left(&f, "_redirects", false));
        assert!(!left(&f, "node_modules", true));
        // `include:` replaces the default `.htaccess`.
        assert!(left(&f, ".htaccess", false));
    }
}
