//! The same page in another language edition: what hreflang links, the language
//! switcher and the sitemap's alternates point to.

use super::{Route, Routes};
use crate::index::{DayId, MonthId, Site, TermId, YearId, page_count};

/// The site path of every edition's home, the default language's first (see
/// [`Config::edition_root`](crate::config::Config::edition_root)).
pub fn edition_roots(cfg: &crate::config::Config) -> Vec<String> {
    (0..=cfg.languages.len()).map(|e| cfg.edition_root(e)).collect()
}

/// Route `route` of `site`'s edition as the route of edition `f` that shows the same
/// thing: a briefing's or page's translation, the same home, archive, search,
/// corrections or taxonomy, the same term (same taxonomy and slug) or date, and page
/// `n` of a list when that list has `n` pages there. `None` when `f` has no such page
/// (or only an expired translation), and for feeds, redirects and the site-wide files.
pub fn counterpart(site: &Site, route: Route, f: usize) -> Option<Route> {
    if f == site.edition {
        return Some(route);
    }
    let n = route.page();
    if n > 1 {
        // The same page number of the same list: its items differ by edition, but it is
        // the page a reader of page `n` would look for.
        let first = counterpart(site, route.with_page(1), f)?;
        let other = site.in_edition(f);
        let pages = page_count(Routes::new(other.cfg, other.idx).items(first).len(), other.cfg.paginate);
        return (n <= pages).then(|| first.with_page(n));
    }
    let other = site.in_edition(f);
    if other.edition != f {
        return None;
    }
    let (idx, to) = (site.idx, other.idx);
    match route {
        // An expired translation keeps its page, but nothing links to it (as no list
        // does): not hreflang, nor the sitemap, nor the language menu.
        Route::Briefing(i) => {
            site.peers.briefing(site.edition, i, f).filter(|&j| !other.briefings[j].expired).map(Route::Briefing)
        }
        Route::Page(i) => site.peers.page(site.edition, i, f).map(Route::Page),
        Route::Home { page: 1 } => Some(Route::Home { page: 1 }),
        Route::Archive | Route::Search | Route::Corrections => Some(route),
        Route::TermList(t) => to.taxonomies.iter().position(|x| x.name == idx.taxonomies[t].name).map(Route::TermList),
        Route::Term { term, page: 1 } => {
            let t = to.taxonomies.iter().position(|x| x.name == idx.taxonomies[term.taxonomy].name)?;
            let id: TermId = to.term_by_slug(t, &idx.term(term).slug)?;
            Some(Route::Term { term: id, page: 1 })
        }
        Route::Year { year, page: 1 } => {
            let y = to.years.iter().position(|x| x.year == idx.year(year).year)?;
            Some(Route::Year { year: YearId(y), page: 1 })
        }
        Route::Month { month, page: 1 } => {
            let m = find_month(to, idx.years[month.year].year, idx.month(month).month)?;
            Some(Route::Month { month: m, page: 1 })
        }
        Route::Day { day, page: 1 } => {
            let m = find_month(to, idx.years[day.year].year, idx.month(day.month_id()).month)?;
            let d = to.month(m).days.iter().position(|x| x.day == idx.day(day).day)?;
            Some(Route::Day { day: DayId { year: m.year, month: m.month, day: d }, page: 1 })
        }
        _ => None,
    }
}

fn find_month(idx: &crate::index::Index, year: i16, month: i8) -> Option<MonthId> {
    let y = idx.years.iter().position(|x| x.year == year)?;
    let m = idx.years[y].months.iter().position(|x| x.month == month)?;
    Some(MonthId { year: y, month: m })
}

/// One version of a page in an edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version<'a> {
    /// The edition.
    pub edition: usize,
    /// Its language code as configured (`zh-TW`): what `hreflang` says.
    pub code: &'a str,
    /// The route of the same page there, if it has one.
    pub route: Option<Route>,
    /// Its link as written in HTML, when it has the page.
    pub url: Option<String>,
    /// When it has not the page but has the list it is a later page of: the link to
    /// that list's first page.
    first: Option<String>,
    origin: &'a str,
    base_path: &'a str,
    root: &'a str,
}

impl Version<'_> {
    /// Its absolute URL, when it has the page: the origin in front of the link.
    pub fn absolute(&self) -> Option<String> {
        self.url.as_ref().map(|u| {
            let mut s = String::with_capacity(self.origin.len() + u.len());
            s.push_str(self.origin);
            s.push_str(u);
            s
        })
    }

    /// Where a language menu leads: the page itself, else the first page of the same
    /// list (for a later page the edition's list has not), else the edition's home.
    pub fn menu_url(self) -> String {
        match (self.url, self.first) {
            (Some(url), _) | (None, Some(url)) => url,
            (None, None) => format!("{}{}", self.base_path, self.root.trim_start_matches('/')),
        }
    }
}

/// The page at `route` in every edition of the site, the default language first; empty
/// for a site with one language, so its pages gain nothing. Each link is made once, and
/// only for the editions that have the page: this runs for every page and sitemap entry.
pub fn versions<'a>(site: &Site<'a>, route: Route) -> Vec<Version<'a>> {
    if site.editions.len() < 2 {
        return Vec::new();
    }
    (0..site.editions.len())
        .map(|f| {
            let other = site.in_edition(f);
            let r = counterpart(site, route, f);
            let routes = Routes::new(other.cfg, other.idx);
            let first = match r {
                None if route.page() > 1 => counterpart(site, route.with_page(1), f),
                _ => None,
            };
            Version {
                edition: f,
                code: &other.cfg.language,
                route: r,
                url: r.map(|r| routes.url(r)),
                first: first.map(|r| routes.url(r)),
                origin: &other.cfg.origin,
                base_path: &other.cfg.base_path,
                root: &other.idx.root,
            }
        })
        .collect()
}

/// The `hreflang` alternates of a page: `(hreflang, absolute URL)` for every edition
/// that has it, then `x-default` for the default language's version. None unless the
/// page exists in another language too.
pub fn alternates<'a>(versions: &[Version<'a>]) -> Vec<(&'a str, String)> {
    if versions.iter().filter(|v| v.url.is_some()).count() < 2 {
        return Vec::new();
    }
    let mut out: Vec<(&'a str, String)> = Vec::with_capacity(versions.len() + 1);
    let mut main = None;
    for v in versions {
        if let Some(abs) = v.absolute() {
            if v.edition == 0 {
                main = Some(abs.clone());
            }
            out.push((v.code, abs));
        }
    }
    if let Some(main) = main {
        out.push(("x-default", main));
    }
    out
}
