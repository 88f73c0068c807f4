//! A briefing's own page: its body, terms, sources, neighbours, related briefings and
//! JSON-LD.

use super::Renderer;
use super::context::BriefingCtx;
use super::dates::{display_date, iso_date};
use super::prepare::{tags_of, title_html};
use crate::diag::Diagnostic;
use crate::model::Unpacked;
use crate::outputs::{Output, rfc3339};
use crate::routes::{ATOM, Route, link};

pub(super) fn render(r: &Renderer, i: usize) -> Result<Output, Diagnostic> {
    let b = &r.site.briefings[i];
    let route = Route::Briefing(i);
    let body = b.content.unpack();
    let title = title_html(b);
    let page = context(r, i, &body, &title);
    let mut meta = r.meta("briefing", b.title.clone(), body.summary_text(), route);
    meta.feed_url = Some(link(r.site.cfg, ATOM));
    let mut ctx = r.base_ctx(meta);
    ctx.insert("page", &page);
    r.html("briefing.html", &ctx, route)
}

fn context<'b>(r: &'b Renderer, i: usize, body: &'b Unpacked, title_html: &'b str) -> BriefingCtx<'b> {
    let site = &r.site;
    let b = &site.briefings[i];
    let route = Route::Briefing(i);
    let term_refs = &r.prep.term_refs[i];
    BriefingCtx {
        title: &b.title,
        title_html,
        slug: &b.slug,
        date: rfc3339(&b.date),
        date_display: display_date(&b.date),
        date_iso: iso_date(&b.date),
        updated: b.updated.as_ref().map(rfc3339),
        updated_display: b.updated.as_ref().map(display_date),
        tags: tags_of(site, term_refs),
        taxonomies: site
            .idx
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| (tax.name.as_str(), term_refs[t].clone()))
            .collect(),
        summary: &b.summary_html,
        summary_is_explicit: b.summary_is_explicit,
        summary_text: body.summary_text(),
        content: body.html(),
        toc: body.toc(),
        word_count: b.word_count,
        reading_time: b.reading_time,
        sources: &b.sources,
        authors: &b.authors,
        url: r.routes.url(route),
        permalink: r.routes.absolute(route),
        prev: site.idx.older(i).map(|j| r.item(j)),
        next: site.idx.newer(i).map(|j| r.item(j)),
        related: site.idx.related[i].iter().map(|&j| r.item(j)).collect(),
        extra: &b.extra,
        json_ld: crate::outputs::json_ld::json_ld(site, i, body.summary_text()),
    }
}
