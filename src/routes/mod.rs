//! Every output brief can make, as a [`Route`], and the only code that turns a route
//! into its URL or its output file. Index, render, the machine outputs, link checking
//! and serve all ask here; [`manifest`] checks that no two sources claim one path.

mod absolute;
mod claims;
pub mod editions;
mod folders;
pub mod manifest;
pub mod permalinks;

pub use permalinks::{locked_permalinks, permalink, rooted};

use crate::config::Config;
use crate::index::{DayId, Index, MonthId, TermId, YearId, page_count};
use crate::model::Page;

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

/// Site path → output file (`/a/` → `a/index.html`, `/atom.xml` → `atom.xml`): the file
/// a static server sends for it, so percent escapes are decoded (`/post%20formats/` →
/// `post formats/index.html`, as Jekyll writes a category with a space; see
/// [`decode_segment`]).
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    let file = if p.is_empty() || p.ends_with('/') { format!("{p}index.html") } else { p.to_string() };
    if !file.contains('%') {
        return file;
    }
    file.split('/').map(decode_segment).collect::<Vec<_>>().join("/")
}

/// A path segment with its percent escapes decoded, unless what they give cannot be one
/// file name as written: invalid UTF-8, a `/` or `\`, a control character, `.` or `..`
/// (kept as written: never a way out of the output folder).
fn decode_segment(seg: &str) -> std::borrow::Cow<'_, str> {
    match percent_encoding::percent_decode_str(seg).decode_utf8() {
        Ok(d)
            if !d.is_empty()
                && d != "."
                && d != ".."
                && !d.contains(['/', '\\'])
                && !d.chars().any(char::is_control) =>
        {
            d
        }
        _ => seg.into(),
    }
}

/// Site path of page `n` (1-based) of a list whose first page is `base`.
pub fn pager_path(base: &str, n: usize) -> String {
    if n <= 1 {
        return base.to_string();
    }
    let mut out = String::with_capacity(base.len() + PAGER_SEGMENT.len() + 8);
    out.push_str(base);
    out.push_str(PAGER_SEGMENT);
    out.push('/');
    push_number(&mut out, n as u64, 1);
    out.push('/');
    out
}

/// `n` in decimal, with leading zeros to at least `width` digits: what `format!` with
/// `{n:0width$}` writes, without its machinery (paths are made for every link a build
/// writes, and `format!` was 2% of its instructions).
fn push_number(out: &mut String, n: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// Site path of a standalone page.
pub fn page_path(p: &Page) -> String {
    format!("/{}/", p.slug)
}

/// Site path of a year, month or day page.
pub fn date_path(year: i16, month: Option<i8>, day: Option<i8>) -> String {
    let mut out = String::with_capacity(12);
    out.push('/');
    if year < 0 {
        out.push('-');
    }
    push_number(&mut out, u64::from(year.unsigned_abs()), if year < 0 { 3 } else { 4 });
    out.push('/');
    for part in [month, day.filter(|_| month.is_some())].into_iter().flatten() {
        push_number(&mut out, u64::from(part.unsigned_abs()), 2);
        out.push('/');
    }
    out
}

/// Site path of a taxonomy's list of terms.
pub fn taxonomy_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('/');
    out.push_str(name);
    out.push('/');
    out
}

/// Site path of a term's first page.
pub fn term_path(taxonomy: &str, slug: &str) -> String {
    let mut out = String::with_capacity(taxonomy.len() + slug.len() + 3);
    for part in [taxonomy, slug] {
        out.push('/');
        out.push_str(part);
    }
    out.push('/');
    out
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
