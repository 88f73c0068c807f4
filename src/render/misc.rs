//! The site's single pages: the archive, the search page and the not-found page.

use super::Renderer;
use crate::diag::Diagnostic;
use crate::outputs::Output;
use crate::routes::Route;

/// `/archive/`: every year and month (from `site.years`).
pub(super) fn archive(r: &Renderer) -> Result<Output, Diagnostic> {
    let desc = format!("Every briefing of {} by year and month", r.site.cfg.title);
    let ctx = r.base_ctx(r.meta("archive", "Archive".into(), &desc, Route::Archive));
    r.html("archive.html", &ctx, Route::Archive)
}

/// `/search/`: the search form; the index is `/search-index.json`.
pub(super) fn search(r: &Renderer) -> Result<Output, Diagnostic> {
    let desc = format!("Search the briefings of {}", r.site.cfg.title);
    let ctx = r.base_ctx(r.meta("search", "Search".into(), &desc, Route::Search));
    r.html("search.html", &ctx, Route::Search)
}

/// `/404.html`, never indexed.
pub(super) fn not_found(r: &Renderer) -> Result<Output, Diagnostic> {
    let mut meta = r.meta("404", "Page not found".into(), "", Route::NotFound);
    meta.noindex = true;
    r.html("404.html", &r.base_ctx(meta), Route::NotFound)
}
