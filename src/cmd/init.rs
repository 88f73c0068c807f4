//! `brief init DIR`: write a new site: commented site.yaml, one example briefing, an
//! about page, and the default theme's templates and styles to customise.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::templates::{DEFAULT_I18N, DEFAULT_STATIC, DEFAULT_TEMPLATES};

const SITE_YAML: &str = r#"# Settings of this brief site. Every key is optional; the defaults are shown.

# Site title, used in page titles and feeds.
title: "My briefings"
# Where the site is published; may carry a sub-path like https://example.org/briefs/.
base_url: "https://example.org/"
# One line about the site, for feeds and search engines.
description: ""
# <html lang> and feed language.
language: en
# Day pages, and dates written without a time, use this IANA time zone.
timezone: UTC
# Theme folder under themes/ (the default theme is also built into brief).
theme: default
# Briefings per list page.
paginate: 20
# URL of each briefing; placeholders :year :month :day :slug.
permalink: "/:year/:month/:day/:slug/"
# Taxonomies: each gets /NAME/ and /NAME/TERM/ pages and feeds. Briefings list terms
# in front matter under the same key, e.g. `regions: [asia]`.
taxonomies: [tags]
# Entries per feed.
feed_limit: 20
# Write internal links relative to each page (the output then works from file://).
relative_urls: false
# Treat warnings (like unknown front-matter keys) as errors.
strict: false
# Shift each body's headings so its highest is an <h2>, under the page title's <h1>.
shift_headings: true
# Also write /search-index.json, the whole search index in one file, for tools that
# read it (the search page reads the sharded index under /search/data/).
search_index_json: false
"#;

const ABOUT: &str = "---\ntitle: About\n---\nWhat this site publishes, who writes it, and how to reach them.\n";

/// Every file `init` writes, relative to the new site.
pub fn skeleton(today: &str) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("site.yaml"), SITE_YAML.to_string()),
        (PathBuf::from("content/pages/about.md"), ABOUT.to_string()),
        (
            PathBuf::from(format!("content/{}/{}/welcome.md", &today[..4], &today[5..7])),
            format!(
                "---\ntitle: \"Welcome to your briefing site\"\ndate: {today}\ntags: [meta]\nsummary: \"Each briefing is one Markdown file with front matter; this is the first.\"\nsources:\n  - title: brief on crates.io\n    url: https://crates.io/crates/brief\n---\nWrite briefings under `content/`, one Markdown file each. Run `brief serve` to see\nthem as you write, and `brief build` to make the site in `public/`.\n\n## Next steps\n\n- Edit `site.yaml`: title, base URL and time zone.\n- Create a briefing with `brief new \"Title\" --tags a,b`.\n- Change the look in `themes/default/`.\n"
            ),
        ),
        (PathBuf::from(".gitignore"), "/public\n".to_string()),
    ];
    for (name, text) in DEFAULT_TEMPLATES {
        files.push((Path::new("themes/default/templates").join(name), (*text).to_string()));
    }
    for (name, text) in DEFAULT_STATIC {
        files.push((Path::new("themes/default/static").join(name), (*text).to_string()));
    }
    for (name, text) in DEFAULT_I18N {
        files.push((Path::new("themes/default/i18n").join(name), (*text).to_string()));
    }
    files
}

/// Write the skeleton into `dir`. Refuses a non-empty folder unless `force`; even then
/// existing files are kept. Returns the files written.
pub fn run(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let err = |p: &Path, e: std::io::Error| vec![Diagnostic::error(p, format!("cannot write: {e}"))];
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir).map_err(|e| err(dir, e))?.next().is_some();
        if non_empty && !force {
            return Err(vec![
                Diagnostic::error(dir, "folder is not empty")
                    .hint("choose a new folder, or pass --force to add the skeleton and keep existing files"),
            ]);
        }
    }
    let today = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).strftime("%Y-%m-%d").to_string();
    let mut written = Vec::new();
    for (rel, text) in skeleton(&today) {
        let path = dir.join(&rel);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| err(&path, e))?;
        written.push(rel);
    }
    Ok(written)
}
