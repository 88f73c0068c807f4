//! The site's single pages: the archive, the search page, the not-found page, the
//! corrections page and the pages at old URLs that lead to a briefing's current one.

use std::collections::BTreeMap;

use super::context::{CorrectionCtx, RedirectCtx, SEARCH_MESSAGES, SearchCtx};
use super::dates::display_date;
use super::{Page, Renderer};
use crate::outputs::atom::correction_anchor;
use crate::outputs::rfc3339;
use crate::routes::Route;

/// `/archive/`: every year and month (from `site.years`).
pub(super) fn archive(r: &Renderer) -> Page {
    let site = r.site.cfg.title.as_str();
    let desc = r.text("meta.archive", &[("site", site)], || format!("Every briefing of {site} by year and month"));
    let title = r.text("nav.archive", &[], || "Archive".into());
    let ctx = r.base_ctx(r.meta("archive", title, &desc, Route::Archive));
    Page { template: "archive.html", ctx }
}

/// `/search/`: the search form; the index is `/search-index.json`.
pub(super) fn search(r: &Renderer) -> Page {
    let site = r.site.cfg.title.as_str();
    let desc = r.text("meta.search", &[("site", site)], || format!("Search the briefings of {site}"));
    let title = r.text("nav.search", &[], || "Search".into());
    let mut ctx = r.base_ctx(r.meta("search", title, &desc, Route::Search));
    // Every form, not the one a count picks: the script counts in the reader's browser.
    let lang = r.site.cfg.language.as_str();
    let forms: BTreeMap<&str, BTreeMap<String, String>> = SEARCH_MESSAGES
        .iter()
        .filter_map(|key| {
            let forms = r.tpl.strings.forms(lang, key).ok()?;
            Some((key.strip_prefix("search.").unwrap_or(key), forms))
        })
        .collect();
    let strings = serde_json::to_string(&forms).unwrap_or_default();
    ctx.insert("search", &SearchCtx { strings });
    Page { template: "search.html", ctx }
}

/// `/404.html`, never indexed.
pub(super) fn not_found(r: &Renderer) -> Page {
    let title = r.text("not_found.title", &[], || "Page not found".into());
    let mut meta = r.meta("404", title, "", Route::NotFound);
    meta.noindex = true;
    Page { template: "404.html", ctx: r.base_ctx(meta) }
}

/// `/corrections/`: every correction of every listed briefing, newest first.
pub(super) fn corrections(r: &Renderer) -> Page {
    let cfg = r.site.cfg;
    let list: Vec<CorrectionCtx> = r
        .site
        .idx
        .corrections
        .iter()
        .map(|c| {
            let b = &r.site.briefings[c.briefing];
            let n = &b.corrections[c.k];
            CorrectionCtx {
                date: rfc3339(&n.date),
                date_display: display_date(&r.prep.locale, &n.date),
                // Links of the notice work from this page too.
                html: crate::links::rebase(&n.html, &r.routes.url(Route::Briefing(c.briefing)), None),
                text: n.text.clone(),
                url: format!(
                    "{}#{}",
                    r.routes.url(Route::Briefing(c.briefing)),
                    correction_anchor(b.corrections.len() - c.k)
                ),
                briefing: r.item(c.briefing),
            }
        })
        .collect();
    let site = cfg.title.as_str();
    let desc =
        r.text("meta.corrections", &[("site", site)], || format!("Every correction {site} has made, newest first"));
    let title = r.text("footer.corrections", &[], || "Corrections".into());
    let mut meta = r.meta("corrections", title, &desc, Route::Corrections);
    meta.feed_url = Some(r.routes.url(Route::CorrectionsFeed));
    meta.feed_title = Some(r.text("meta.corrections_feed", &[("site", site)], || format!("{site} — corrections")));
    let mut ctx = r.base_ctx(meta);
    ctx.insert("corrections", &list);
    Page { template: "corrections.html", ctx }
}

/// A page at an old URL leading to its briefing's current one.
pub(super) fn redirect(r: &Renderer, k: usize) -> Page {
    let red = &r.site.idx.redirects[k];
    let to = Route::Briefing(red.to);
    let b = &r.site.briefings[red.to];
    let mut meta = r.meta("redirect", b.title.clone(), "", Route::Redirect(k));
    // The canonical page is the briefing's current one; this one is never indexed.
    meta.permalink = r.routes.absolute(to);
    meta.noindex = true;
    let mut ctx = r.base_ctx(meta);
    let cfg = r.site.cfg;
    let refresh = if cfg.relative_urls {
        crate::links::relative_link(&r.routes.url(to), &cfg.base_path, &red.from)
    } else {
        r.routes.url(to)
    };
    let redirect = RedirectCtx {
        from: r.routes.url(Route::Redirect(k)),
        to: r.routes.url(to),
        refresh,
        to_absolute: r.routes.absolute(to),
        title: &b.title,
    };
    ctx.insert("redirect", &redirect);
    Page { template: "redirect.html", ctx }
}
