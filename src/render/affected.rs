//! What an edit of some briefings touches, when it leaves the index as it was: the
//! routes whose output can differ. `serve` re-renders just those after such an edit; a
//! build keeps every other page of the kinds [`covers`] names without making its
//! context, when nothing but those briefings changed since the last build (see
//! [`super::Shape`]). Also whether the site's structure (terms, dates, pages) stayed the
//! same.

use std::collections::HashSet;

use crate::index::{Index, Site, page_count, page_slice};
use crate::routes::{Route, Routes};

/// True when two indexes have the same terms, dates and pages, with the same counts:
/// then every list page keeps its URL and only its items may change.
pub fn same_structure(a: &Index, b: &Index) -> bool {
    a.page_paths == b.page_paths
        && a.taxonomies.len() == b.taxonomies.len()
        && a.taxonomies.iter().zip(&b.taxonomies).all(|(x, y)| {
            x.terms.len() == y.terms.len()
                && x.terms
                    .iter()
                    .zip(&y.terms)
                    .all(|(s, t)| s.slug == t.slug && s.name == t.name && s.items.len() == t.items.len())
        })
        && a.years.len() == b.years.len()
        && a.years.iter().zip(&b.years).all(|(x, y)| {
            x.year == y.year
                && x.items.len() == y.items.len()
                && x.months.len() == y.months.len()
                && x.months.iter().zip(&y.months).all(|(m, n)| {
                    m.month == n.month
                        && m.items.len() == n.items.len()
                        && m.days.len() == n.days.len()
                        && m.days.iter().zip(&n.days).all(|(d, e)| d.day == e.day && d.items.len() == e.items.len())
                })
        })
}

/// Whether [`affected_routes`] names every route of `route`'s kind that an edit of some
/// briefings can change, when the index is the same: the pages that show briefings by
/// position (their own, lists, feeds, redirects). The others (the archive, the lists of
/// terms, corrections, standalone pages, search, machine files) are not weighed there.
pub fn covers(route: Route) -> bool {
    matches!(
        route,
        Route::Briefing(_)
            | Route::Home { .. }
            | Route::Term { .. }
            | Route::Year { .. }
            | Route::Month { .. }
            | Route::Day { .. }
            | Route::TermFeed(_)
            | Route::Atom
            | Route::Redirect(_)
    )
}

/// The routes whose output can differ after `changed` briefings were edited: their own
/// pages and the redirect pages from their old URLs, pages whose prev/next or related
/// lists changed or name them, every list page
/// whose slice changed or holds them, their term feeds, the site feeds when they hold
/// them, the corrections page and feed when they show them, the sitemap when a date it
/// lists changed, and the news sitemap.
pub fn affected_routes(site: &Site, old: &Index, changed: &HashSet<usize>, lastmod_changed: bool) -> Vec<Route> {
    let new = site.idx;
    let per = site.cfg.paginate;
    let mut out: HashSet<Route> = HashSet::new();
    for j in 0..site.briefings.len() {
        let touches = changed.contains(&j)
            || old.older(j) != new.older(j)
            || old.newer(j) != new.newer(j)
            || old.related[j] != new.related[j]
            || new.related[j].iter().any(|r| changed.contains(r))
            || new.older(j).is_some_and(|r| changed.contains(&r))
            || new.newer(j).is_some_and(|r| changed.contains(&r));
        if touches {
            out.insert(Route::Briefing(j));
        }
    }
    let (old_routes, new_routes) = (Routes::new(site.cfg, old), Routes::new(site.cfg, new));
    let shows_change = |a: &[usize], b: &[usize]| a != b || b.iter().any(|i| changed.contains(i));
    for route in new_routes.all() {
        if route.is_redirect() {
            // Re-made as a whole when the redirects change; a redirect page also shows
            // the title of the briefing it leads to.
            if let Route::Redirect(k) = route
                && changed.contains(&new.redirects[k].to)
            {
                out.insert(route);
            }
            continue;
        }
        let (a, b) = (old_routes.items(route), new_routes.items(route));
        let affected = match route {
            Route::Home { page }
            | Route::Term { page, .. }
            | Route::Year { page, .. }
            | Route::Month { page, .. }
            | Route::Day { page, .. } => {
                debug_assert!(page <= page_count(b.len(), per));
                shows_change(page_slice(a, page, per), page_slice(b, page, per))
            }
            Route::TermFeed(..) | Route::Atom | Route::JsonFeed => {
                let n = site.cfg.feed_limit;
                // An empty feed is dated by briefings it does not show (`outputs::atom`).
                (b.is_empty() && !changed.is_empty()) || shows_change(&a[..a.len().min(n)], &b[..b.len().min(n)])
            }
            // Each correction shows its briefing (a list item on the page, its title and
            // authors in the feed); with none, the feed's `updated` is the newest
            // briefing's date (with none listed, the newest date of any: `outputs::atom`).
            Route::Corrections | Route::CorrectionsFeed => {
                old.corrections != new.corrections
                    || new.corrections.iter().any(|c| changed.contains(&c.briefing))
                    || (new.corrections.is_empty()
                        && (old.order.first() != new.order.first()
                            || new.order.first().is_some_and(|i| changed.contains(i))
                            || (new.order.is_empty() && !changed.is_empty())))
            }
            Route::Sitemap => lastmod_changed,
            // It lists only the last two days: an edit of an older briefing leaves it as it
            // is (an edit that moves a briefing's date takes the full way).
            Route::NewsSitemap => changed
                .iter()
                .any(|&i| site.briefings[i].date.timestamp() >= site.now - crate::outputs::news_sitemap::NEWS_WINDOW),
            _ => false,
        };
        if affected {
            out.insert(route);
        }
    }
    let mut v: Vec<Route> = out.into_iter().collect();
    v.sort();
    v
}
