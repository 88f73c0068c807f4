//! The output files brief makes itself, which no imported static file or old URL may
//! take: its fixed files (home, feeds, sitemap, archive, search page and index,
//! corrections), the pages and feeds of its taxonomies, the pagers, the date pages,
//! and the default theme's static files. Only those exact files: the old site's
//! `static/archive/old.pdf` or `static/tags/go.svg` take nothing of brief's.

use crate::routes::PAGER_SEGMENT;

/// Files brief writes at a fixed path of each edition.
const FIXED: &[&str] = &[
    "index.html",
    "404.html",
    "atom.xml",
    "feed.json",
    "search-index.json",
    "sitemap.xml",
    "news-sitemap.xml",
    "robots.txt",
    "_redirects",
    "archive/index.html",
    "search/index.html",
    "corrections/index.html",
    "corrections/atom.xml",
];

/// Why brief keeps the output file `rel` (relative to the output folder,
/// `/`-separated) for itself, or `None` when an imported file may have it. `taxonomies`
/// are the site's (brief's built-in `authors` is counted without being named), `editions`
/// the URL folders of the languages other than the default.
pub(crate) fn made_by_brief(rel: &str, taxonomies: &[String], editions: &[String]) -> Option<String> {
    let theme = crate::templates::DEFAULT_STATIC.iter().any(|(name, _)| *name == rel);
    if theme {
        return Some(format!("brief's theme has its own /{rel}"));
    }
    let own = format!("brief makes its own /{rel}");
    // Each edition has its home, feeds, lists and search under its folder.
    let in_edition = rel
        .split_once('/')
        .filter(|(first, _)| editions.iter().any(|e| e.eq_ignore_ascii_case(first)))
        .map_or(rel, |(_, rest)| rest);
    if FIXED.contains(&in_edition) || in_edition.starts_with("search/data/") {
        return Some(own);
    }
    if let Some(n) = in_edition.strip_prefix("sitemap-").and_then(|r| r.strip_suffix(".xml"))
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(own);
    }
    let segs: Vec<&str> = in_edition.split('/').collect();
    let (file, dirs) = segs.split_last()?;
    let is_taxonomy = |name: &str| name == crate::index::AUTHORS || taxonomies.iter().any(|t| t == name);
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let made = match *file {
        // A list page, or one of its pagers (`/page/2/`, `/tags/go/page/2/`).
        "index.html" => {
            let base = match dirs {
                [rest @ .., PAGER_SEGMENT, n] if numeric(n) => rest,
                _ => dirs,
            };
            match base {
                [] => true,
                [t] | [t, _] if is_taxonomy(t) => true,
                // Year, month and day pages.
                [y] | [y, _] | [y, _, _] => numeric(y) && base.iter().all(|s| numeric(s)),
                _ => false,
            }
        }
        // A term's feed.
        "atom.xml" => matches!(dirs, [t, _] if is_taxonomy(t)),
        _ => false,
    };
    made.then_some(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(rel: &str) -> Option<String> {
        made_by_brief(rel, &["tags".into(), "categories".into()], &["fr".into()])
    }

    #[test]
    fn only_the_files_brief_writes_are_kept_from_an_import() {
        for rel in [
            "index.html",
            "archive/index.html",
            "search/index.html",
            "search/data/manifest.json",
            "tags/index.html",
            "tags/go/index.html",
            "tags/go/atom.xml",
            "tags/go/page/2/index.html",
            "categories/index.html",
            "authors/ana/index.html",
            "page/2/index.html",
            "2024/index.html",
            "2024/01/02/index.html",
            "sitemap-3.xml",
            "robots.txt",
            "fr/atom.xml",
            "fr/tags/go/index.html",
        ] {
            assert_eq!(made(rel), Some(format!("brief makes its own /{rel}")), "{rel}");
        }
        assert_eq!(made("style.css").as_deref(), Some("brief's theme has its own /style.css"));
        for rel in [
            "archive/old.pdf",
            "tags/go.svg",
            "page/x.css",
            "search/lunr.js",
            "2019/05/photo.jpg",
            "2024/01/02/slug/index.html",
            "page/index.html.txt",
            "css/style.css",
            "index.xml",
            "de/atom.xml",
            "news/index.html",
        ] {
            assert_eq!(made(rel), None, "{rel}");
        }
    }
}
