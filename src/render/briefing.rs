//! A briefing's own page: its body, terms, authors, sources, neighbours, related
//! briefings and JSON-LD.

use super::context::{BriefingCtx, NoticeCtx};
use super::dates::display_date;
use super::prepare::{authors_of, tags_of, title_html};
use super::{Page, Renderer};
use crate::model::{Notice, Unpacked};
use crate::outputs::{iso_date, rfc3339};
use crate::routes::Route;

pub(super) fn render(r: &Renderer, i: usize) -> Page {
    render_with(r, i, &r.site.briefings[i].content.unpack())
}

/// The page of briefing `i` with `body` for its body: its own, or an empty one for a
/// fingerprint that takes the body's digest instead (every value of the page that comes
/// from the body comes from it alone).
pub(super) fn render_with(r: &Renderer, i: usize, body: &Unpacked) -> Page {
    let b = &r.site.briefings[i];
    let route = Route::Briefing(i);
    let title = title_html(b);
    let page = context(r, i, body, &title);
    let mut meta = r.meta("briefing", b.title.clone(), body.summary_text(), route);
    meta.feed_url = Some(r.routes.url(Route::Atom));
    // An expired briefing keeps its page, but search engines should let it go.
    meta.noindex = b.expired;
    if b.expired {
        // Out of the translations' hreflang set too: they no longer name it, and a
        // noindex page's one-way alternates are ignored. Its language menu still leads
        // to the translations that are live.
        meta.alternates.clear();
    }
    let mut ctx = r.base_ctx(meta);
    ctx.insert("page", &page);
    Page { template: "briefing.html", ctx }
}

fn context<'b>(r: &'b Renderer, i: usize, body: &'b Unpacked, title_html: &'b str) -> BriefingCtx<'b> {
    let site = &r.site;
    let b = &site.briefings[i];
    let route = Route::Briefing(i);
    let term_refs = r.prep.term_refs(site, i);
    BriefingCtx {
        title: &b.title,
        title_html,
        slug: &b.slug,
        date: rfc3339(&b.date),
        date_display: display_date(&r.prep.locale, &b.date),
        date_iso: iso_date(&b.date),
        updated: b.last_update().map(rfc3339),
        updated_display: b.last_update().map(|z| display_date(&r.prep.locale, z)),
        tags: tags_of(site, term_refs),
        taxonomies: site.idx.subjects().map(|t| (site.idx.taxonomies[t].name.as_str(), term_refs[t].clone())).collect(),
        summary: body.summary_html(),
        summary_is_explicit: b.summary_is_explicit,
        summary_text: body.summary_text(),
        content: body.html(),
        toc: body.toc(),
        word_count: b.word_count,
        reading_time: b.reading_time,
        sources: &b.sources,
        authors: site.author_names(i),
        author_refs: authors_of(site, term_refs),
        url: r.routes.url(route),
        permalink: r.routes.absolute(route),
        prev: site.idx.older(i).map(|j| r.item(j)),
        next: site.idx.newer(i).map(|j| r.item(j)),
        related: site.idx.related[i].iter().map(|&j| r.item(j)).collect(),
        extra: &b.extra,
        json_ld: crate::outputs::json_ld::json_ld(site, i, body.summary_text()),
        corrections: notices(&r.prep.locale, &b.corrections, "correction"),
        updates: notices(&r.prep.locale, &b.updates, "update"),
        notices: {
            let moments = |list: &[Notice]| list.iter().map(|n| n.date.timestamp()).collect::<Vec<_>>();
            let mut all: Vec<_> = moments(&b.corrections)
                .into_iter()
                .zip(notices(&r.prep.locale, &b.corrections, "correction"))
                .chain(moments(&b.updates).into_iter().zip(notices(&r.prep.locale, &b.updates, "update")))
                .collect();
            // A stable sort: a correction stays before an update of the same moment.
            all.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
            all.into_iter().map(|(_, n)| n).collect()
        },
        modified: rfc3339(b.modified()),
        modified_display: display_date(&r.prep.locale, b.modified()),
        expires: b.expires.as_ref().map(rfc3339),
        expires_display: b.expires.as_ref().map(|z| display_date(&r.prep.locale, z)),
        expired: b.expired,
    }
}

/// Notices newest first, each with an id numbered from the first made.
fn notices(loc: &crate::locale::Locale, list: &[Notice], kind: &str) -> Vec<NoticeCtx> {
    list.iter()
        .enumerate()
        .map(|(k, n)| NoticeCtx {
            kind: if kind == "correction" { "correction" } else { "update" },
            id: if kind == "correction" {
                crate::outputs::atom::correction_anchor(list.len() - k)
            } else {
                format!("{kind}-{}", list.len() - k)
            },
            date: rfc3339(&n.date),
            date_display: display_date(loc, &n.date),
            html: n.html.clone(),
            text: n.text.clone(),
        })
        .collect()
}
