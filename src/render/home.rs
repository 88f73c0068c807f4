//! The home page and its pagination (`/`, `/page/2/`): every briefing, newest first.

use super::{Page, Renderer};
use crate::routes::Route;

pub(super) fn render(r: &Renderer, page: usize) -> Page {
    let cfg = r.site.cfg;
    let route = Route::Home { page };
    let title = r.paged(&cfg.title, page);
    let mut meta = r.meta("home", title, &cfg.description, route);
    meta.feed_url = Some(r.routes.url(Route::Atom));
    let mut ctx = r.base_ctx(meta);
    ctx.insert("paginator", &r.paginator(route));
    Page { template: "index.html", ctx }
}
