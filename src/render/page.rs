//! A standalone page from `content/pages/` (`/about/`).

use super::context::PageCtx;
use super::dates::display_date;
use super::{Page, Renderer};
use crate::outputs::rfc3339;
use crate::routes::Route;

pub(super) fn render(r: &Renderer, i: usize) -> Page {
    let p = &r.site.pages[i];
    let route = Route::Page(i);
    let page = PageCtx {
        title: &p.title,
        title_html: &p.title_html,
        date: p.date.as_ref().map(rfc3339),
        date_display: p.date.as_ref().map(|z| display_date(&r.prep.locale, z)),
        updated: p.updated.as_ref().map(rfc3339),
        updated_display: p.updated.as_ref().map(|z| display_date(&r.prep.locale, z)),
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
    Page { template: "page.html", ctx }
}
