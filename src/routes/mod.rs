//! Every output brief can make, as a [`Route`], and the only code that turns a route
//! into its URL or its output file. Index, render, the machine outputs, link checking
//! and serve all ask here; [`manifest`] checks that no two sources claim one path.

mod absolute;
mod claims;
pub mod editions;
pub mod manifest;

use crate::config::Config;
use crate::index::{DayId, Index, MonthId, TermId, YearId, page_count};
use crate::model::{Briefing, Page};

/// One output of a build. List routes carry their 1-based page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// Home page `page` (`/`, `/page/2/`).
    Home {
        /// 1-based page number.
        page: usize,
    },
    /// A briefing's page, by its position in the site's briefings.
    Briefing(usize),
    /// A standalone page, by its position in the site's pages.
    Page(usize),
    /// The list of every term of a taxonomy (`/tags/`), by the taxonomy's position.
    TermList(usize),
    /// Page `page` of a term (`/tags/nato/`, `/tags/nato/page/2/`).
    Term {
        /// The term.
        term: TermId,
        /// 1-based page number.
        page: usize,
    },
    /// A term's Atom feed (`/tags/nato/atom.xml`).
    TermFeed(TermId),
    /// Page `page` of a year (`/2024/`).
    Year {
        /// The year.
        year: YearId,
        /// 1-based page number.
        page: usize,
    },
    /// Page `page` of a month (`/2024/07/`).
    Month {
        /// The month.
        month: MonthId,
        /// 1-based page number.
        page: usize,
    },
    /// Page `page` of a day (`/2024/07/12/`).
    Day {
        /// The day.
        day: DayId,
        /// 1-based page number.
        page: usize,
    },
    /// `/archive/`.
    Archive,
    /// `/search/`.
    Search,
    /// `/404.html`.
    NotFound,
    /// `/atom.xml`.
    Atom,
    /// `/feed.json`.
    JsonFeed,
    /// The search index: `/search/data/manifest.json` and the word shards and document
    /// blocks it names ([`Routes::search_dir`]).
    SearchIndex,
    /// `/search-index.json`: the whole search index in one file, only with
    /// `search_index_json: true`.
    SearchIndexJson,
    /// `/sitemap.xml` (a sitemap index with `sitemap-N.xml` parts past 50,000 URLs);
    /// only for a site whose `base_url` has a host.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/corrections/`: every correction, newest first.
    Corrections,
    /// `/corrections/atom.xml`.
    CorrectionsFeed,
    /// A page at an old URL that leads to its briefing's current one (by position in
    /// [`Index::redirects`]).
    Redirect(usize),
    /// `/_redirects`: every old URL as a 301 for hosts that read the file.
    RedirectList,
    /// `/news-sitemap.xml`: the Google News sitemap, only when `base_url` has a host.
    NewsSitemap,
}

impl Route {
    /// The page number of a list route (1 for any other).
    pub fn page(self) -> usize {
        match self {
            Route::Home { page }
            | Route::Term { page, .. }
            | Route::Year { page, .. }
            | Route::Month { page, .. }
            | Route::Day { page, .. } => page,
            _ => 1,
        }
    }

    /// The same list at page `n`; other routes are returned as they are.
    pub fn with_page(self, n: usize) -> Route {
        match self {
            Route::Home { .. } => Route::Home { page: n },
            Route::Term { term, .. } => Route::Term { term, page: n },
            Route::Year { year, .. } => Route::Year { year, page: n },
            Route::Month { month, .. } => Route::Month { month, page: n },
            Route::Day { day, .. } => Route::Day { day, page: n },
            r => r,
        }
    }

    /// True for the routes whose pages the sitemap lists (HTML pages people land on).
    pub fn in_sitemap(self) -> bool {
        !matches!(
            self,
            Route::NotFound
                | Route::Atom
                | Route::JsonFeed
                | Route::SearchIndex
                | Route::SearchIndexJson
                | Route::Sitemap
                | Route::Robots
                | Route::NewsSitemap
                | Route::TermFeed(..)
                | Route::CorrectionsFeed
                | Route::Redirect(..)
                | Route::RedirectList
        )
    }

    /// True for the routes of old URLs (redirect pages and `_redirects`).
    pub fn is_redirect(self) -> bool {
        matches!(self, Route::Redirect(..) | Route::RedirectList)
    }
}

/// Site path of the home page; every other path is relative to the same base.
pub const HOME: &str = "/";
/// Site path of the archive.
pub const ARCHIVE: &str = "/archive/";
/// Site path of the search page.
pub const SEARCH: &str = "/search/";
/// Site path of the not-found page.
pub const NOT_FOUND: &str = "/404.html";
/// Site path of the site's Atom feed.
pub const ATOM: &str = "/atom.xml";
/// Site path of the site's JSON Feed.
pub const JSON_FEED: &str = "/feed.json";
/// Site path of the folder of the search index: its manifest, word shards and document
/// blocks.
pub const SEARCH_DATA: &str = "/search/data/";
/// Site path of the search index in one file (`search_index_json: true`).
pub const SEARCH_INDEX_JSON: &str = "/search-index.json";
/// Site path of the sitemap (or sitemap index).
pub const SITEMAP: &str = "/sitemap.xml";
/// Site path of robots.txt.
pub const ROBOTS: &str = "/robots.txt";
/// Site path of the corrections page.
pub const CORRECTIONS: &str = "/corrections/";
/// Site path of the corrections feed.
pub const CORRECTIONS_FEED: &str = "/corrections/atom.xml";
/// Site path of the redirect list for hosts that read it (Netlify, Cloudflare Pages).
pub const REDIRECTS: &str = "/_redirects";
/// Site path of the Google News sitemap.
pub const NEWS_SITEMAP: &str = "/news-sitemap.xml";

/// The most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_MAX: usize = 50_000;

/// The first segment of every pager path (`/page/2/`): no slug may take it.
pub const PAGER_SEGMENT: &str = "page";

/// Site path → link as written in HTML (`/briefs/tags/`): the base path in front.
pub fn link(cfg: &Config, path: &str) -> String {
    format!("{}{}", cfg.base_path, path.trim_start_matches('/'))
}

/// Site path → output file (`/a/` → `a/index.html`, `/atom.xml` → `atom.xml`).
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') { format!("{p}index.html") } else { p.to_string() }
}

/// Site path of page `n` (1-based) of a list whose first page is `base`.
pub fn pager_path(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}{PAGER_SEGMENT}/{n}/") }
}

/// Fill the permalink pattern for a briefing.
pub fn permalink(pattern: &str, b: &Briefing) -> String {
    permalink_with(pattern, b, &b.slug)
}

/// `pattern` with each placeholder filled in, in one pass (the placeholders' names
/// start with different letters, and what fills one never makes another).
fn permalink_with(pattern: &str, b: &Briefing, slug: &str) -> String {
    use std::fmt::Write as _;
    let d = b.date.date();
    let mut out = String::with_capacity(pattern.len() + slug.len() + 8);
    let mut rest = pattern;
    while let Some(k) = rest.find(':') {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        rest = if let Some(r) = tail.strip_prefix(":year") {
            let _ = write!(out, "{:04}", d.year());
            r
        } else if let Some(r) = tail.strip_prefix(":month") {
            let _ = write!(out, "{:02}", d.month());
            r
        } else if let Some(r) = tail.strip_prefix(":day") {
            let _ = write!(out, "{:02}", d.day());
            r
        } else if let Some(r) = tail.strip_prefix(":slug") {
            out.push_str(slug);
            r
        } else {
            out.push(':');
            &tail[1..]
        };
    }
    out.push_str(rest);
    out
}

/// [`permalinks`] with who published what read from `lock`.
pub fn locked_permalinks(pattern: &str, briefings: &[Briefing], lock: &crate::lock::Lock) -> Vec<String> {
    // Who published which URL, for cut slugs only (the rare case that needs it).
    let owners: rustc_hash::FxHashMap<&str, Vec<&str>> = if briefings.iter().any(|b| b.uncut_slug.is_some()) {
        let mut m: rustc_hash::FxHashMap<&str, Vec<&str>> = Default::default();
        for (id, url) in lock.entries() {
            m.entry(url).or_default().push(id);
        }
        m
    } else {
        Default::default()
    };
    let published = |i: usize, url: &str| match owners.get(url) {
        None => Publisher::Nobody,
        Some(ids) if ids.contains(&briefings[i].id.as_str()) => Publisher::This,
        Some(_) => Publisher::Other,
    };
    permalinks(pattern, briefings, &published)
}

/// Every briefing's permalink, by briefing. Cutting a long title's slug must never be
/// what makes two URLs one: when briefings whose slugs were cut share a URL with others,
/// one keeps it (the one that has published it, as `published(i, url)` says from
/// urls.lock; else a briefing whose slug was not cut; else the oldest, ties by source
/// path) and each other cut one takes its whole slug instead (or, past [`MAX_BYTES`],
/// its cut slug and a stable hash of the whole one). The result depends only on the set
/// of briefings, not their order. URLs two briefings share for another reason stay
/// shared, for [`manifest::check_urls`] to report.
///
/// [`MAX_BYTES`]: crate::parse::slug::MAX_BYTES
pub fn permalinks(
    pattern: &str,
    briefings: &[Briefing],
    published: &(dyn Fn(usize, &str) -> Publisher + Sync),
) -> Vec<String> {
    use rayon::prelude::*;
    let mut links: Vec<String> = briefings.par_iter().map(|b| permalink(pattern, b)).collect();
    if briefings.iter().all(|b| b.uncut_slug.is_none()) {
        return links;
    }
    let mut by_url: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for (i, link) in links.iter().enumerate() {
        by_url.entry(link.as_str()).or_default().push(i);
    }
    let mut moves: Vec<(usize, String)> = Vec::new();
    for group in by_url.into_values().filter(|g| g.len() > 1) {
        if group.iter().all(|&i| briefings[i].uncut_slug.is_none()) {
            continue;
        }
        // The briefing that has published the URL keeps it (urls.lock says who): a
        // published URL never moves because another briefing came along.
        let keeper = *group
            .iter()
            .min_by_key(|&&i| {
                let b = &briefings[i];
                (published(i, &links[i]) != Publisher::This, b.uncut_slug.is_some(), b.date.timestamp(), &b.source)
            })
            .expect("a group has members");
        for &i in group.iter().filter(|&&i| i != keeper) {
            let b = &briefings[i];
            if let Some(uncut) = &b.uncut_slug {
                moves.push((i, permalink_with(pattern, b, &separated_slug(&b.slug, uncut))));
            }
        }
    }
    // A cut slug whose URL another briefing has published (urls.lock) is not taken
    // either, even with no collision now: that URL leads to the other one for good.
    for (i, b) in briefings.iter().enumerate() {
        if let Some(uncut) = &b.uncut_slug
            && !moves.iter().any(|(j, _)| *j == i)
            && published(i, &links[i]) == Publisher::Other
        {
            moves.push((i, permalink_with(pattern, b, &separated_slug(&b.slug, uncut))));
        }
    }
    for (i, link) in moves {
        links[i] = link;
    }
    links
}

/// Who has published a URL, as far as [`permalinks`] needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publisher {
    /// No briefing yet.
    Nobody,
    /// The briefing asking.
    This,
    /// Another briefing.
    Other,
}

/// The slug a briefing takes when its cut slug collides: the whole slug when it fits in
/// a folder name, else the cut slug and eight hex digits of a hash of the whole one.
fn separated_slug(cut: &str, uncut: &str) -> String {
    if uncut.len() <= crate::parse::slug::MAX_BYTES {
        return uncut.to_string();
    }
    // FNV-1a: tiny, and stable across platforms and Rust versions (URLs must last).
    let hash = uncut.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("{cut}-{hash:08x}")
}

/// Site path of a standalone page.
pub fn page_path(p: &Page) -> String {
    format!("/{}/", p.slug)
}

/// Site path of a year, month or day page.
pub fn date_path(year: i16, month: Option<i8>, day: Option<i8>) -> String {
    match (month, day) {
        (Some(m), Some(d)) => format!("/{year:04}/{m:02}/{d:02}/"),
        (Some(m), None) => format!("/{year:04}/{m:02}/"),
        _ => format!("/{year:04}/"),
    }
}

/// Site path of a taxonomy's list of terms.
pub fn taxonomy_path(name: &str) -> String {
    format!("/{name}/")
}

/// Site path of a term's first page.
pub fn term_path(taxonomy: &str, slug: &str) -> String {
    format!("/{taxonomy}/{slug}/")
}

/// Whether the site has a Google News sitemap: only when `base_url` has a host, since
/// its locations must be absolute.
pub fn has_news_sitemap(cfg: &Config) -> bool {
    !cfg.origin.is_empty()
}

/// Site path of the manifest of the search index in the folder `dir`.
pub fn search_manifest(dir: &str) -> String {
    format!("{dir}manifest.json")
}

/// Site path of word shard `k` of the search index in the folder `dir` (with `k` as
/// `{}`, the pattern the manifest gives relative to `dir`).
pub fn search_shard(dir: &str, k: impl std::fmt::Display) -> String {
    format!("{dir}w/{k}.json")
}

/// Site path of document block `k` of the search index in the folder `dir` (with `k`
/// as `{}`, the pattern the manifest gives relative to `dir`).
pub fn search_block(dir: &str, k: impl std::fmt::Display) -> String {
    format!("{dir}d/{k}.json")
}

/// Site path of sitemap part `n` (1-based), when the sitemap is split.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}

/// The routes of one indexed site: what exists, and where each lives.
#[derive(Debug, Clone, Copy)]
pub struct Routes<'a> {
    cfg: &'a Config,
    idx: &'a Index,
}

impl<'a> Routes<'a> {
    /// The routes of the site `idx` indexes, with the settings of `cfg`.
    pub fn new(cfg: &'a Config, idx: &'a Index) -> Routes<'a> {
        Routes { cfg, idx }
    }

    /// Every route of a full build, in a stable order.
    pub fn all(&self) -> Vec<Route> {
        let (cfg, idx) = (self.cfg, self.idx);
        let n = idx.permalinks.len();
        let mut routes = Vec::with_capacity(n * 2);
        // The home lists what `order` holds: an expired briefing has a page but no place.
        for page in 1..=page_count(idx.order.len(), cfg.paginate) {
            routes.push(Route::Home { page });
        }
        routes.extend((0..n).map(Route::Briefing));
        routes.extend((0..idx.page_paths.len()).map(Route::Page));
        for (t, tax) in idx.taxonomies.iter().enumerate() {
            routes.push(Route::TermList(t));
            for (k, term) in tax.terms.iter().enumerate() {
                let id = TermId { taxonomy: t, term: k };
                for page in 1..=page_count(term.items.len(), cfg.paginate) {
                    routes.push(Route::Term { term: id, page });
                }
                routes.push(Route::TermFeed(id));
            }
        }
        for (y, yn) in idx.years.iter().enumerate() {
            for page in 1..=page_count(yn.items.len(), cfg.paginate) {
                routes.push(Route::Year { year: YearId(y), page });
            }
            for (m, mn) in yn.months.iter().enumerate() {
                let month = MonthId { year: y, month: m };
                for page in 1..=page_count(mn.items.len(), cfg.paginate) {
                    routes.push(Route::Month { month, page });
                }
                for (d, dn) in mn.days.iter().enumerate() {
                    let day = DayId { year: y, month: m, day: d };
                    for page in 1..=page_count(dn.items.len(), cfg.paginate) {
                        routes.push(Route::Day { day, page });
                    }
                }
            }
        }
        // The sitemap, robots.txt, 404 page, `_redirects` and the news sitemap are the
        // whole site's: the default edition writes them.
        let main = idx.is_main();
        routes.extend([Route::Archive, Route::Search]);
        if main {
            routes.push(Route::NotFound);
        }
        routes.extend([Route::Atom, Route::JsonFeed, Route::SearchIndex]);
        if cfg.search_index_json {
            routes.push(Route::SearchIndexJson);
        }
        if main && self.has_sitemap() {
            routes.push(Route::Sitemap);
        }
        if main {
            routes.push(Route::Robots);
        }
        routes.extend([Route::Corrections, Route::CorrectionsFeed]);
        routes.extend((0..idx.redirects.len()).map(Route::Redirect));
        if main && (idx.redirect_list || !idx.redirects.is_empty()) {
            routes.push(Route::RedirectList);
        }
        if main && has_news_sitemap(cfg) {
            routes.push(Route::NewsSitemap);
        }
        routes
    }

    /// True when the site has a sitemap: only with a host in `base_url`, since a
    /// sitemap's locations must be absolute URLs (sitemaps.org). Without one, nothing
    /// is generated at `/sitemap.xml` and a static file may take that path.
    pub fn has_sitemap(&self) -> bool {
        self.cfg.has_host()
    }

    /// Site path of a route (`/tags/x/page/2/`, `/atom.xml`), relative to the base. An
    /// edition's routes are under its root (`/ko/tags/x/`); the site-wide files are not.
    pub fn path(&self, route: Route) -> String {
        let idx = self.idx;
        match route {
            // Already under the root: made so by the index.
            Route::Briefing(i) => idx.permalinks[i].clone(),
            Route::Page(i) => idx.page_paths[i].clone(),
            Route::Redirect(k) => idx.redirects[k].from.clone(),
            Route::NotFound | Route::Sitemap | Route::Robots | Route::RedirectList | Route::NewsSitemap => {
                self.edition_path(route)
            }
            // The default edition's paths are their own: no copy.
            _ if idx.is_main() => self.edition_path(route),
            _ => idx.rooted(&self.edition_path(route)),
        }
    }

    /// The path of a route relative to its edition's root.
    fn edition_path(&self, route: Route) -> String {
        let idx = self.idx;
        match route {
            Route::Home { page } => pager_path(HOME, page),
            Route::Briefing(i) => idx.permalinks[i].clone(),
            Route::Page(i) => idx.page_paths[i].clone(),
            Route::TermList(t) => taxonomy_path(&idx.taxonomies[t].name),
            Route::Term { term, page } => pager_path(&self.term_base(term), page),
            Route::TermFeed(term) => format!("{}atom.xml", self.term_base(term)),
            Route::Year { year, page } => pager_path(&date_path(idx.year(year).year, None, None), page),
            Route::Month { month, page } => {
                let y = idx.years[month.year].year;
                pager_path(&date_path(y, Some(idx.month(month).month), None), page)
            }
            Route::Day { day, page } => {
                let y = idx.years[day.year].year;
                let m = idx.month(day.month_id()).month;
                pager_path(&date_path(y, Some(m), Some(idx.day(day).day)), page)
            }
            Route::Archive => ARCHIVE.into(),
            Route::Search => SEARCH.into(),
            Route::NotFound => NOT_FOUND.into(),
            Route::Atom => ATOM.into(),
            Route::JsonFeed => JSON_FEED.into(),
            Route::SearchIndex => search_manifest(SEARCH_DATA),
            Route::SearchIndexJson => SEARCH_INDEX_JSON.into(),
            Route::Sitemap => SITEMAP.into(),
            Route::Robots => ROBOTS.into(),
            Route::Corrections => CORRECTIONS.into(),
            Route::CorrectionsFeed => CORRECTIONS_FEED.into(),
            Route::Redirect(k) => idx.redirects[k].from.clone(),
            Route::RedirectList => REDIRECTS.into(),
            Route::NewsSitemap => NEWS_SITEMAP.into(),
        }
    }

    /// Site path of the search index's folder: everything in it is the index's.
    pub fn search_dir(&self) -> String {
        self.idx.rooted(SEARCH_DATA)
    }

    /// Site path of a term's first page.
    fn term_base(&self, term: TermId) -> String {
        term_path(&self.idx.taxonomies[term.taxonomy].name, &self.idx.term(term).slug)
    }

    /// The link to a route as written in HTML (`/briefs/tags/x/`).
    pub fn url(&self, route: Route) -> String {
        let path = self.path(route);
        // Under a base path of `/` a path is its own link: no copy (most sites, most
        // links of a build).
        if self.cfg.base_path == "/" && path.starts_with('/') && !path.starts_with("//") {
            path
        } else {
            link(self.cfg, &path)
        }
    }

    /// The absolute URL of a route (`https://host/briefs/tags/x/`).
    pub fn absolute(&self, route: Route) -> String {
        self.cfg.absolute(&self.path(route))
    }

    /// The output file of a route, relative to the output folder (`tags/x/index.html`).
    pub fn file(&self, route: Route) -> String {
        output_file(&self.path(route))
    }

    /// The briefings a list route or feed shows over all its pages, newest first.
    pub fn items(&self, route: Route) -> &'a [usize] {
        let idx = self.idx;
        match route {
            Route::Home { .. } | Route::Atom | Route::JsonFeed => &idx.order,
            Route::Term { term, .. } | Route::TermFeed(term) => &idx.term(term).items,
            Route::Year { year, .. } => &idx.year(year).items,
            Route::Month { month, .. } => &idx.month(month).items,
            Route::Day { day, .. } => &idx.day(day).items,
            _ => &[],
        }
    }

    /// The files a sitemap of `urls` locations takes at `max` a file: `sitemap.xml`
    /// alone, or `sitemap-N.xml` parts and `sitemap.xml` as their index.
    pub fn sitemap_files(urls: usize, max: usize) -> Vec<String> {
        if urls <= max {
            return vec![output_file(SITEMAP)];
        }
        let mut v: Vec<String> = (1..=urls.div_ceil(max)).map(|n| output_file(&sitemap_part(n))).collect();
        v.push(output_file(SITEMAP));
        v
    }
}

#[cfg(test)]
mod tests;
