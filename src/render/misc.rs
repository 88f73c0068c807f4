//! The site's single pages: the archive, the search page and the not-found page.

use super::{Page, Renderer};
use crate::routes::Route;

/// `/archive/`: every year and month (from `site.years`).
pub(super) fn archive(r: &Renderer) -> Page {
    let desc = format!("Every briefing of {} by year and month", r.site.cfg.title);
    let ctx = r.base_ctx(r.meta("archive", "Archive".into(), &desc, Route::Archive));
    Page { template: "archive.html", ctx }
}

/// `/search/`: the search form; the index is `/search-index.json`.
pub(super) fn search(r: &Renderer) -> Page {
    let desc = format!("Search the briefings of {}", r.site.cfg.title);
    let ctx = r.base_ctx(r.meta("search", "Search".into(), &desc, Route::Search));
    Page { template: "search.html", ctx }
}

/// `/404.html`, never indexed.
pub(super) fn not_found(r: &Renderer) -> Page {
    let mut meta = r.meta("404", "Page not found".into(), "", Route::NotFound);
    meta.noindex = true;
    Page { template: "404.html", ctx: r.base_ctx(meta) }
}
