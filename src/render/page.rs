//! A standalone page from `content/pages/` (`/about/`).

use super::Renderer;
use super::context::PageCtx;
use super::dates::display_date;
use crate::diag::Diagnostic;
use crate::outputs::{Output, rfc3339};
use crate::routes::Route;

pub(super) fn render(r: &Renderer, i: usize) -> Result<Output, Diagnostic> {
    let p = &r.site.pages[i];
    let route = Route::Page(i);
    let page = PageCtx {
        title: &p.title,
        title_html: &p.title_html,
        date: p.date.as_ref().map(rfc3339),
        date_display: p.date.as_ref().map(display_date),
        updated: p.updated.as_ref().map(rfc3339),
        updated_display: p.updated.as_ref().map(display_date),
        summary_text: &p.summary_text,
        content: &p.content_html,
        toc: &p.toc,
        word_count: p.word_count,
        url: r.routes.url(route),
        permalink: r.routes.absolute(route),
        extra: &p.extra,
    };
    let mut ctx = r.base_ctx(r.meta("page", p.title.clone(), &p.summary_text, route));
    ctx.insert("page", &page);
    r.html("page.html", &ctx, route)
}
