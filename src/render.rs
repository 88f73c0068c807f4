//! Typed contexts → Tera → output files, in parallel. Pure: it reads nothing but what
//! it is given. List pages get only their slice of prebuilt lightweight items, and
//! site-wide data is one shared value, so no page's context grows with the site.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use jiff::ZonedDateTime as Zoned;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::frontmatter::Source;
use crate::index::{Index, date_path, page_count, pager_path};
use crate::markdown::TocEntry;
use crate::model::{Briefing, Page, Unpacked};
use crate::templates::{Templates, template_diag};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output root, `/`-separated (`2024/07/12/x/index.html`).
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The parsed, indexed site that pages are rendered from.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// Settings.
    pub cfg: &'a Config,
    /// Published briefings.
    pub briefings: &'a [Briefing],
    /// Standalone pages.
    pub pages: &'a [Page],
    /// Derived indexes.
    pub idx: &'a Index,
}

/// One page or file to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// Home page `n` (1-based).
    Home(usize),
    /// A briefing page.
    Briefing(usize),
    /// A standalone page.
    Page(usize),
    /// The list of all terms of taxonomy `t`.
    TermList(usize),
    /// Page `n` of term `k` of taxonomy `t`.
    Term(usize, usize, usize),
    /// Atom feed of term `k` of taxonomy `t`.
    TermFeed(usize, usize),
    /// Page `n` of a year (index into `Index::years`).
    Year(usize, usize),
    /// Page `n` of a month.
    Month(usize, usize, usize),
    /// Page `n` of a day.
    Day(usize, usize, usize, usize),
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
    /// `/search-index.json`.
    SearchIndex,
    /// `/sitemap.xml` (and its parts past 50,000 URLs).
    Sitemap,
    /// `/robots.txt`.
    Robots,
}

/// Values built once per build and shared by every page.
pub struct Prepared {
    site: Value,
    items: Vec<Value>,
    /// Each item rendered by `partials/item.html` (safe HTML), when a template uses
    /// `paginator.item_html`; else empty.
    item_html: Vec<Value>,
    term_refs: Vec<Vec<Value>>,
    /// Per taxonomy: term slug → term index.
    /// Per taxonomy: term slug → term index, and one shared value per term.
    terms: (Vec<HashMap<String, usize>>, Vec<Vec<Value>>),
    /// Flattened date nodes for prev/next navigation, newest first.
    days: Vec<(usize, usize, usize)>,
    months: Vec<(usize, usize)>,
    /// Position of each (year, month) and (year, month, day) in `months` and `days`.
    month_pos: HashMap<(usize, usize), usize>,
    day_pos: HashMap<(usize, usize, usize), usize>,
}

/// How many tags `site.top_tags` holds.
const TOP_TAGS: usize = 10;

/// How many months `site.recent_months` holds.
const RECENT_MONTHS: usize = 12;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(m: i8) -> &'static str {
    MONTHS[(m.clamp(1, 12) - 1) as usize]
}

/// RFC 3339 with the zone's offset.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn display_date(z: &Zoned) -> String {
    let d = z.date();
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

fn iso_date(z: &Zoned) -> String {
    z.strftime("%Y-%m-%d").to_string()
}

/// Site path → link as written in HTML (`/briefs/tags/`).
pub fn link(cfg: &Config, path: &str) -> String {
    format!("{}{}", cfg.base_path, path.trim_start_matches('/'))
}

#[derive(Serialize)]
struct LinkRef {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct TermRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TaxonomyCtx<'a> {
    name: &'a str,
    url: String,
    count: usize,
    terms: Vec<TermRef<'a>>,
}

#[derive(Serialize, Clone)]
struct MonthRef {
    year: i16,
    month: i8,
    name: &'static str,
    title: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct YearRef {
    year: i16,
    url: String,
    count: usize,
    months: Vec<MonthRef>,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    timezone: &'a str,
    base_url: String,
    base_path: &'a str,
    author: Option<&'a str>,
    extra: &'a serde_json::Value,
    url: String,
    feed_url: String,
    json_feed_url: String,
    search_url: String,
    search_index_url: String,
    archive_url: String,
    tags_url: String,
    static_url: String,
    briefing_count: usize,
    taxonomies: Vec<TaxonomyCtx<'a>>,
    tags: Vec<TermRef<'a>>,
    /// The tags with the most briefings, most first (ties by name).
    top_tags: Vec<TermRef<'a>>,
    years: Vec<YearRef>,
    /// The newest months with briefings, newest first.
    recent_months: Vec<MonthRef>,
    pages: Vec<LinkRef>,
    relative_urls: bool,
    generator: &'static str,
}

#[derive(Serialize)]
/// A briefing in a list. Kept to what lists show: one exists per briefing for the
/// whole build, so every field costs memory ten-thousandfold.
struct ItemCtx<'a> {
    title: &'a str,
    url: String,
    date: String,
    date_display: String,
    updated: Option<String>,
    updated_display: Option<String>,
    summary: &'a str,
    tags: Value,
    authors: &'a [String],
    reading_time: usize,
}

#[derive(Serialize)]
struct Meta {
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    permalink: String,
    feed_url: Option<String>,
    feed_title: Option<String>,
    noindex: bool,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
    /// Pages are skipped between the previous link and this one (show an ellipsis).
    gap_before: bool,
}

#[derive(Serialize)]
struct Paginator {
    number: usize,
    total_pages: usize,
    total_items: usize,
    per_page: usize,
    items: Vec<Value>,
    /// `items` rendered by `partials/item.html`, once per build rather than on every
    /// list page that shows them.
    item_html: Vec<Value>,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct BriefingCtx<'a> {
    title: &'a str,
    slug: &'a str,
    date: String,
    date_display: String,
    date_iso: String,
    updated: Option<String>,
    updated_display: Option<String>,
    tags: Value,
    taxonomies: BTreeMap<&'a str, Value>,
    summary: &'a str,
    summary_text: &'a str,
    content: &'a str,
    toc: Vec<TocEntry>,
    word_count: usize,
    reading_time: usize,
    sources: &'a [Source],
    authors: &'a [String],
    url: String,
    permalink: String,
    prev: Option<Value>,
    next: Option<Value>,
    related: Vec<Value>,
    extra: &'a serde_json::Value,
    json_ld: String,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    date: Option<String>,
    date_display: Option<String>,
    updated: Option<String>,
    updated_display: Option<String>,
    summary_text: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    word_count: usize,
    url: String,
    permalink: String,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct DateNav {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct DateCtx {
    year: i16,
    month: Option<i8>,
    month_name: Option<&'static str>,
    day: Option<i8>,
    title: String,
    url: String,
    count: usize,
    prev: Option<DateNav>,
    next: Option<DateNav>,
    parent: Option<DateNav>,
    children: Vec<DateNav>,
    child_counts: Vec<usize>,
}

impl<'a> Site<'a> {
    fn briefing_path(&self, i: usize) -> &str {
        &self.idx.permalinks[i]
    }

    /// Every job of a full build, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let cfg = self.cfg;
        let n = self.briefings.len();
        let mut jobs = Vec::with_capacity(n * 2);
        for p in 1..=page_count(n, cfg.paginate) {
            jobs.push(Job::Home(p));
        }
        jobs.extend((0..n).map(Job::Briefing));
        jobs.extend((0..self.pages.len()).map(Job::Page));
        for (t, tax) in self.idx.taxonomies.iter().enumerate() {
            jobs.push(Job::TermList(t));
            for (k, term) in tax.terms.iter().enumerate() {
                for p in 1..=page_count(term.items.len(), cfg.paginate) {
                    jobs.push(Job::Term(t, k, p));
                }
                jobs.push(Job::TermFeed(t, k));
            }
        }
        for (yi, y) in self.idx.years.iter().enumerate() {
            for p in 1..=page_count(y.items.len(), cfg.paginate) {
                jobs.push(Job::Year(yi, p));
            }
            for (mi, m) in y.months.iter().enumerate() {
                for p in 1..=page_count(m.items.len(), cfg.paginate) {
                    jobs.push(Job::Month(yi, mi, p));
                }
                for (di, d) in m.days.iter().enumerate() {
                    for p in 1..=page_count(d.items.len(), cfg.paginate) {
                        jobs.push(Job::Day(yi, mi, di, p));
                    }
                }
            }
        }
        jobs.extend([
            Job::Archive,
            Job::Search,
            Job::NotFound,
            Job::Atom,
            Job::JsonFeed,
            Job::SearchIndex,
            Job::Sitemap,
            Job::Robots,
        ]);
        jobs
    }

    /// Site path of a job's page (`/tags/x/page/2/`, `/atom.xml`).
    pub fn job_path(&self, job: Job) -> String {
        let idx = self.idx;
        match job {
            Job::Home(p) => pager_path("/", p),
            Job::Briefing(i) => self.briefing_path(i).to_string(),
            Job::Page(i) => idx.page_paths[i].clone(),
            Job::TermList(t) => format!("/{}/", idx.taxonomies[t].name),
            Job::Term(t, k, p) => pager_path(&self.term_path(t, k), p),
            Job::TermFeed(t, k) => format!("{}atom.xml", self.term_path(t, k)),
            Job::Year(y, p) => pager_path(&date_path(idx.years[y].year, None, None), p),
            Job::Month(y, m, p) => {
                let yn = &idx.years[y];
                pager_path(&date_path(yn.year, Some(yn.months[m].month), None), p)
            }
            Job::Day(y, m, d, p) => {
                let yn = &idx.years[y];
                let mn = &yn.months[m];
                pager_path(&date_path(yn.year, Some(mn.month), Some(mn.days[d].day)), p)
            }
            Job::Archive => "/archive/".into(),
            Job::Search => "/search/".into(),
            Job::NotFound => "/404.html".into(),
            Job::Atom => "/atom.xml".into(),
            Job::JsonFeed => "/feed.json".into(),
            Job::SearchIndex => "/search-index.json".into(),
            Job::Sitemap => "/sitemap.xml".into(),
            Job::Robots => "/robots.txt".into(),
        }
    }

    fn term_path(&self, t: usize, k: usize) -> String {
        let tax = &self.idx.taxonomies[t];
        format!("/{}/{}/", tax.name, tax.terms[k].slug)
    }

    /// The briefings a list job shows in full (all its pages), newest first.
    pub fn job_items(&self, job: Job) -> &[usize] {
        let idx = self.idx;
        match job {
            Job::Home(_) => &idx.order,
            Job::Term(t, k, _) | Job::TermFeed(t, k) => &idx.taxonomies[t].terms[k].items,
            Job::Year(y, _) => &idx.years[y].items,
            Job::Month(y, m, _) => &idx.years[y].months[m].items,
            Job::Day(y, m, d, _) => &idx.years[y].months[m].days[d].items,
            _ => &[],
        }
    }

    /// Last change of what a job shows, for the sitemap.
    fn job_lastmod(&self, job: Job, site_latest: Option<&'a Zoned>) -> Option<&'a Zoned> {
        let b = self.briefings;
        let changed = |i: usize| b[i].updated.as_ref().unwrap_or(&b[i].date);
        let latest = |items: &[usize]| items.iter().map(|&i| changed(i)).max_by_key(|z| z.timestamp());
        let per = self.cfg.paginate;
        match job {
            Job::Briefing(i) => Some(changed(i)),
            Job::Page(i) => self.pages[i].updated.as_ref().or(self.pages[i].date.as_ref()),
            Job::Archive | Job::TermList(_) | Job::Search => site_latest,
            Job::Home(n) | Job::Term(_, _, n) | Job::Year(_, n) | Job::Month(_, _, n) | Job::Day(_, _, _, n) => {
                // A list page changes when one of its own items does.
                let items = self.job_items(job);
                let start = ((n - 1) * per).min(items.len());
                latest(&items[start..(start + per).min(items.len())])
            }
            _ => latest(self.job_items(job)),
        }
    }

    /// Build the values every page shares.
    pub fn prepare(&self, tpl: &Templates) -> Result<Prepared, Vec<Diagnostic>> {
        let cfg = self.cfg;
        let idx = self.idx;
        let term_index: Vec<HashMap<String, usize>> = idx
            .taxonomies
            .iter()
            .map(|t| t.terms.iter().enumerate().map(|(k, term)| (term.slug.clone(), k)).collect())
            .collect();
        let taxonomies: Vec<TaxonomyCtx> = idx
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| TaxonomyCtx {
                name: &tax.name,
                url: link(cfg, &format!("/{}/", tax.name)),
                count: tax.terms.len(),
                terms: tax
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(k, term)| TermRef {
                        name: &term.name,
                        slug: &term.slug,
                        url: link(cfg, &self.term_path(t, k)),
                        count: term.items.len(),
                    })
                    .collect(),
            })
            .collect();
        let tags = taxonomies.iter().find(|t| t.name == "tags").map(|t| t.terms.clone()).unwrap_or_default();
        let mut top_tags = tags.clone();
        top_tags.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(b.name)));
        top_tags.truncate(TOP_TAGS);
        let years: Vec<YearRef> = idx
            .years
            .iter()
            .map(|y| YearRef {
                year: y.year,
                url: link(cfg, &date_path(y.year, None, None)),
                count: y.items.len(),
                months: y
                    .months
                    .iter()
                    .map(|m| MonthRef {
                        year: y.year,
                        month: m.month,
                        name: month_name(m.month),
                        title: format!("{} {}", month_name(m.month), y.year),
                        url: link(cfg, &date_path(y.year, Some(m.month), None)),
                        count: m.items.len(),
                    })
                    .collect(),
            })
            .collect();
        let site = SiteCtx {
            title: &cfg.title,
            description: &cfg.description,
            language: &cfg.language,
            timezone: &cfg.timezone_name,
            base_url: cfg.base_url(),
            base_path: &cfg.base_path,
            author: cfg.author.as_deref(),
            extra: &cfg.extra,
            url: link(cfg, "/"),
            feed_url: link(cfg, "/atom.xml"),
            json_feed_url: link(cfg, "/feed.json"),
            search_url: link(cfg, "/search/"),
            search_index_url: link(cfg, "/search-index.json"),
            archive_url: link(cfg, "/archive/"),
            tags_url: link(cfg, &format!("/{}/", cfg.taxonomies.first().map(String::as_str).unwrap_or("tags"))),
            static_url: link(cfg, "/"),
            briefing_count: self.briefings.len(),
            taxonomies,
            tags,
            top_tags,
            recent_months: years.iter().flat_map(|y| &y.months).take(RECENT_MONTHS).cloned().collect(),
            years,
            pages: self
                .pages
                .iter()
                .zip(&idx.page_paths)
                .map(|(p, u)| LinkRef { title: p.title.clone(), url: link(cfg, u) })
                .collect(),
            relative_urls: cfg.relative_urls,
            generator: concat!("brief ", env!("CARGO_PKG_VERSION")),
        };
        let site = Value::from_serializable(&site);

        let terms = (term_index.clone(), self.term_values());
        let term_refs: Vec<Vec<Value>> =
            (0..self.briefings.len()).into_par_iter().map(|i| self.term_refs_of(&terms, i)).collect();
        let items: Vec<Value> =
            (0..self.briefings.len()).into_par_iter().map(|i| self.item_of(&term_refs[i], i)).collect();
        let mut days = Vec::new();
        let mut months = Vec::new();
        for (yi, y) in idx.years.iter().enumerate() {
            for (mi, m) in y.months.iter().enumerate() {
                months.push((yi, mi));
                for di in 0..m.days.len() {
                    days.push((yi, mi, di));
                }
            }
        }
        let month_pos = months.iter().enumerate().map(|(p, &m)| (m, p)).collect();
        let day_pos = days.iter().enumerate().map(|(p, &d)| (d, p)).collect();
        let item_html = if uses_item_html(tpl) {
            let html: Result<Vec<Value>, Diagnostic> =
                items.par_iter().map(|item| render_item(tpl, &site, item)).collect();
            html.map_err(|d| vec![d])?
        } else {
            Vec::new()
        };
        Ok(Prepared { site, items, item_html, term_refs, terms, days, months, month_pos, day_pos })
    }

    /// Term references (`{name, slug, url, count}`) of briefing `i`, per taxonomy.
    fn term_refs_of(&self, prep_terms: &(Vec<HashMap<String, usize>>, Vec<Vec<Value>>), i: usize) -> Vec<Value> {
        let (term_index, term_values) = prep_terms;
        self.briefings[i]
            .term_slugs
            .iter()
            .enumerate()
            .map(|(t, slugs)| {
                // One shared value per term: a briefing's list only clones references.
                let refs: Vec<Value> =
                    slugs.iter().filter_map(|s| term_index[t].get(s)).map(|&k| term_values[t][k].clone()).collect();
                Value::from(refs)
            })
            .collect()
    }

    /// One `{name, slug, url, count}` value per term of every taxonomy.
    fn term_values(&self) -> Vec<Vec<Value>> {
        let cfg = self.cfg;
        self.idx
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| {
                tax.terms
                    .iter()
                    .enumerate()
                    .map(|(k, term)| {
                        Value::from_serializable(&TermRef {
                            name: &term.name,
                            slug: &term.slug,
                            url: link(cfg, &self.term_path(t, k)),
                            count: term.items.len(),
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// The lightweight list item of briefing `i`.
    fn item_of(&self, term_refs: &[Value], i: usize) -> Value {
        let cfg = self.cfg;
        let b = &self.briefings[i];
        let path = self.briefing_path(i);
        let tags_t = self.idx.taxonomies.iter().position(|t| t.name == "tags");
        Value::from_serializable(&ItemCtx {
            title: &b.title,
            url: link(cfg, path),
            date: rfc3339(&b.date),
            date_display: display_date(&b.date),
            updated: b.updated.as_ref().map(rfc3339),
            updated_display: b.updated.as_ref().map(display_date),
            summary: &crate::urls::rebase(&b.summary_html, &link(cfg, path), None),
            tags: tags_t.map(|t| term_refs[t].clone()).unwrap_or_else(|| Value::from(Vec::<Value>::new())),
            authors: &b.authors,
            reading_time: b.reading_time,
        })
    }

    /// Refresh the shared values of briefing `i` after it changed, when the site's
    /// structure (terms, dates) did not.
    pub fn update_prepared(&self, tpl: &Templates, prep: &mut Prepared, i: usize) -> Result<(), Diagnostic> {
        prep.term_refs[i] = self.term_refs_of(&prep.terms, i);
        prep.items[i] = self.item_of(&prep.term_refs[i], i);
        if !prep.item_html.is_empty() {
            prep.item_html[i] = render_item(tpl, &prep.site, &prep.items[i])?;
        }
        Ok(())
    }

    /// Render `jobs` into memory, sorted by path. `inject` is appended before `</body>`
    /// of HTML pages (the serve reload script). Errors are collected and deduplicated.
    pub fn render(
        &self,
        prep: &Prepared,
        tpl: &Templates,
        jobs: &[Job],
        inject: Option<&str>,
    ) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let outs = std::sync::Mutex::new(Vec::with_capacity(jobs.len()));
        self.render_each(prep, tpl, jobs, inject, &|o| {
            outs.lock().expect("no panics while holding the lock").push(o);
            Ok(())
        })?;
        let mut outs = outs.into_inner().expect("no panics while holding the lock");
        outs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(outs)
    }

    /// Render `jobs` in parallel, handing each output to `sink` as soon as it is ready
    /// (a build writes it and drops it, so memory does not grow with the site).
    pub fn render_each(
        &self,
        prep: &Prepared,
        tpl: &Templates,
        jobs: &[Job],
        inject: Option<&str>,
        sink: &(dyn Fn(Output) -> Result<(), Diagnostic> + Sync),
    ) -> Result<(), Vec<Diagnostic>> {
        let diags = std::sync::Mutex::new(Vec::<Diagnostic>::new());
        jobs.par_iter().for_each(|&job| {
            let result = self.render_job(prep, tpl, job, inject, &mut |o| sink(o));
            if let Err(d) = result {
                let mut all = diags.lock().expect("no panics while holding the lock");
                if !all.contains(&d) {
                    all.push(d);
                }
            }
        });
        let mut diags = diags.into_inner().expect("no panics while holding the lock");
        crate::diag::sort(&mut diags);
        if diags.is_empty() { Ok(()) } else { Err(diags) }
    }

    fn meta(&self, kind: &'static str, title: String, description: &str, path: &str) -> Meta {
        Meta {
            kind,
            title,
            description: description.to_string(),
            url: link(self.cfg, path),
            permalink: self.cfg.absolute(path),
            feed_url: None,
            feed_title: None,
            noindex: false,
        }
    }

    fn paginator(&self, prep: &Prepared, base: &str, items: &[usize], number: usize) -> Paginator {
        let per = self.cfg.paginate;
        let total_pages = page_count(items.len(), per);
        let start = (number - 1) * per;
        let slice = &items[start.min(items.len())..(start + per).min(items.len())];
        Paginator {
            number,
            total_pages,
            total_items: items.len(),
            per_page: per,
            items: slice.iter().map(|&i| prep.items[i].clone()).collect(),
            item_html: if prep.item_html.is_empty() {
                Vec::new()
            } else {
                slice.iter().map(|&i| prep.item_html[i].clone()).collect()
            },
            first: link(self.cfg, base),
            last: link(self.cfg, &pager_path(base, total_pages)),
            previous: (number > 1).then(|| link(self.cfg, &pager_path(base, number - 1))),
            next: (number < total_pages).then(|| link(self.cfg, &pager_path(base, number + 1))),
            pages: {
                let mut prev = 0;
                pager_window(number, total_pages)
                    .into_iter()
                    .map(|n| {
                        let gap_before = prev != 0 && n > prev + 1;
                        prev = n;
                        PagerLink {
                            number: n,
                            url: link(self.cfg, &pager_path(base, n)),
                            current: n == number,
                            gap_before,
                        }
                    })
                    .collect()
            },
        }
    }

    fn html(
        &self,
        tpl: &Templates,
        name: &str,
        ctx: &Context,
        path: &str,
        inject: Option<&str>,
    ) -> Result<Output, Diagnostic> {
        let mut buf = Vec::with_capacity(16 * 1024);
        tpl.tera.render_to(name, ctx, &mut buf).map_err(|e| template_diag(&tpl.sources, &e))?;
        if self.cfg.relative_urls && path != "/404.html" {
            buf = crate::urls::relativize(&buf, &self.cfg.base_path, path);
        }
        if let Some(script) = inject {
            inject_before_body_end(&mut buf, script);
        }
        Ok(Output { path: output_file(path), bytes: buf })
    }

    fn base_ctx(&self, prep: &Prepared, meta: Meta) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", prep.site.clone());
        ctx.insert("meta", &meta);
        ctx
    }

    /// Render one job, handing its files to `sink`.
    fn render_job(
        &self,
        prep: &Prepared,
        tpl: &Templates,
        job: Job,
        inject: Option<&str>,
        sink: &mut dyn FnMut(Output) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let cfg = self.cfg;
        let path = self.job_path(job);
        let one = |o: Result<Output, Diagnostic>| o.map(|o| vec![o]);
        let outs = match job {
            Job::Home(n) => {
                let title = if n == 1 { cfg.title.clone() } else { format!("{} — page {n}", cfg.title) };
                let mut meta = self.meta("home", title, &cfg.description, &path);
                meta.feed_url = Some(link(cfg, "/atom.xml"));
                let mut ctx = self.base_ctx(prep, meta);
                ctx.insert("paginator", &self.paginator(prep, "/", &self.idx.order, n));
                one(self.html(tpl, "index.html", &ctx, &path, inject))
            }
            Job::Briefing(i) => {
                let b = &self.briefings[i];
                let body = b.content.unpack();
                let ctx_page = self.briefing_ctx(prep, i, &body);
                let mut meta = self.meta("briefing", b.title.clone(), body.summary_text(), &path);
                meta.feed_url = Some(link(cfg, "/atom.xml"));
                let mut ctx = self.base_ctx(prep, meta);
                ctx.insert("page", &ctx_page);
                one(self.html(tpl, "briefing.html", &ctx, &path, inject))
            }
            Job::Page(i) => {
                let p = &self.pages[i];
                let page = PageCtx {
                    title: &p.title,
                    date: p.date.as_ref().map(rfc3339),
                    date_display: p.date.as_ref().map(display_date),
                    updated: p.updated.as_ref().map(rfc3339),
                    updated_display: p.updated.as_ref().map(display_date),
                    summary_text: &p.summary_text,
                    content: &p.content_html,
                    toc: &p.toc,
                    word_count: p.word_count,
                    url: link(cfg, &path),
                    permalink: cfg.absolute(&path),
                    extra: &p.extra,
                };
                let mut ctx = self.base_ctx(prep, self.meta("page", p.title.clone(), &p.summary_text, &path));
                ctx.insert("page", &page);
                one(self.html(tpl, "page.html", &ctx, &path, inject))
            }
            Job::TermList(t) => {
                let tax = &self.idx.taxonomies[t];
                let title = capitalize(&tax.name);
                let mut ctx =
                    self.base_ctx(prep, self.meta("tags", title, &format!("All {} of {}", tax.name, cfg.title), &path));
                let taxv = prep.site.get_from_path(&format!("taxonomies.{t}")).cloned().unwrap_or_else(Value::none);
                ctx.insert_value("taxonomy", taxv);
                one(self.html(tpl, "tags.html", &ctx, &path, inject))
            }
            Job::Term(t, k, n) => {
                let tax = &self.idx.taxonomies[t];
                let term = &tax.terms[k];
                let base = self.term_path(t, k);
                let title = if n == 1 { term.name.clone() } else { format!("{} — page {n}", term.name) };
                let mut meta = self.meta("tag", title, &format!("Briefings on {}", term.name), &path);
                meta.feed_url = Some(link(cfg, &format!("{base}atom.xml")));
                meta.feed_title = Some(format!("{} — {}", cfg.title, term.name));
                let mut ctx = self.base_ctx(prep, meta);
                #[derive(Serialize)]
                struct TermCtx<'a> {
                    name: &'a str,
                    slug: &'a str,
                    taxonomy: &'a str,
                    url: String,
                    feed_url: String,
                    count: usize,
                }
                ctx.insert(
                    "term",
                    &TermCtx {
                        name: &term.name,
                        slug: &term.slug,
                        taxonomy: &tax.name,
                        url: link(cfg, &base),
                        feed_url: link(cfg, &format!("{base}atom.xml")),
                        count: term.items.len(),
                    },
                );
                ctx.insert("paginator", &self.paginator(prep, &base, &term.items, n));
                one(self.html(tpl, "tag.html", &ctx, &path, inject))
            }
            Job::TermFeed(t, k) => {
                let term = &self.idx.taxonomies[t].terms[k];
                let title = format!("{} — {}", cfg.title, term.name);
                self.atom(prep, tpl, &term.items, &title, &path, &self.term_path(t, k)).map(|o| vec![o])
            }
            Job::Year(..) | Job::Month(..) | Job::Day(..) => one(self.date_page(prep, tpl, job, &path, inject)),
            Job::Archive => {
                let ctx = self.base_ctx(
                    prep,
                    self.meta(
                        "archive",
                        "Archive".into(),
                        &format!("Every briefing of {} by year and month", cfg.title),
                        &path,
                    ),
                );
                one(self.html(tpl, "archive.html", &ctx, &path, inject))
            }
            Job::Search => {
                let ctx = self.base_ctx(
                    prep,
                    self.meta("search", "Search".into(), &format!("Search the briefings of {}", cfg.title), &path),
                );
                one(self.html(tpl, "search.html", &ctx, &path, inject))
            }
            Job::NotFound => {
                let mut meta = self.meta("404", "Page not found".into(), "", &path);
                meta.noindex = true;
                let ctx = self.base_ctx(prep, meta);
                one(self.html(tpl, "404.html", &ctx, &path, inject))
            }
            Job::Atom => self.atom(prep, tpl, &self.idx.order, &cfg.title, &path, "/").map(|o| vec![o]),
            Job::JsonFeed => Ok(vec![Output { path: output_file(&path), bytes: crate::feeds::json_feed(self) }]),
            Job::SearchIndex => Ok(vec![Output { path: output_file(&path), bytes: crate::feeds::search_index(self) }]),
            // Streamed: each sitemap part goes to the sink as soon as it is complete.
            Job::Sitemap => return self.sitemap_each(sink),
            Job::Robots => {
                let body = format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", cfg.absolute("/sitemap.xml"));
                Ok(vec![Output { path: output_file(&path), bytes: body.into_bytes() }])
            }
        }?;
        outs.into_iter().try_for_each(sink)
    }

    /// The sitemap files, each handed to `sink` when complete. Locations are made as
    /// they are written, not held for the whole site.
    fn sitemap_each(&self, sink: &mut dyn FnMut(Output) -> Result<(), Diagnostic>) -> Result<(), Diagnostic> {
        let cfg = self.cfg;
        let site_latest =
            self.briefings.iter().map(|b| b.updated.as_ref().unwrap_or(&b.date)).max_by_key(|z| z.timestamp());
        let jobs: Vec<Job> = self
            .jobs()
            .into_iter()
            .filter(|j| {
                !matches!(
                    j,
                    Job::NotFound
                        | Job::Atom
                        | Job::JsonFeed
                        | Job::SearchIndex
                        | Job::Sitemap
                        | Job::Robots
                        | Job::TermFeed(..)
                )
            })
            .collect();
        let entry = |k: usize| {
            let j = jobs[k];
            (cfg.absolute(&self.job_path(j)), self.job_lastmod(j, site_latest).map(rfc3339))
        };
        crate::feeds::sitemaps_each(cfg, jobs.len(), entry, sink)
    }

    fn briefing_ctx<'b>(&self, prep: &Prepared, i: usize, body: &'b Unpacked) -> BriefingCtx<'b>
    where
        'a: 'b,
    {
        let cfg = self.cfg;
        let b = &self.briefings[i];
        let path = self.briefing_path(i);
        let tags_t = self.idx.taxonomies.iter().position(|t| t.name == "tags");
        BriefingCtx {
            title: &b.title,
            slug: &b.slug,
            date: rfc3339(&b.date),
            date_display: display_date(&b.date),
            date_iso: iso_date(&b.date),
            updated: b.updated.as_ref().map(rfc3339),
            updated_display: b.updated.as_ref().map(display_date),
            tags: tags_t.map(|t| prep.term_refs[i][t].clone()).unwrap_or_else(|| Value::from(Vec::<Value>::new())),
            taxonomies: self
                .idx
                .taxonomies
                .iter()
                .enumerate()
                .map(|(t, tax)| (tax.name.as_str(), prep.term_refs[i][t].clone()))
                .collect(),
            summary: &b.summary_html,
            summary_text: body.summary_text(),
            content: body.html(),
            toc: body.toc(),
            word_count: b.word_count,
            reading_time: b.reading_time,
            sources: &b.sources,
            authors: &b.authors,
            url: link(cfg, path),
            permalink: cfg.absolute(path),
            prev: self.idx.older(i).map(|j| prep.items[j].clone()),
            next: self.idx.newer(i).map(|j| prep.items[j].clone()),
            related: self.idx.related[i].iter().map(|&j| prep.items[j].clone()).collect(),
            extra: &b.extra,
            json_ld: crate::feeds::json_ld(self, i, body.summary_text()),
        }
    }

    fn date_page(
        &self,
        prep: &Prepared,
        tpl: &Templates,
        job: Job,
        path: &str,
        inject: Option<&str>,
    ) -> Result<Output, Diagnostic> {
        let cfg = self.cfg;
        let idx = self.idx;
        let nav_year = |yi: usize| {
            let y = idx.years[yi].year;
            DateNav { title: y.to_string(), url: link(cfg, &date_path(y, None, None)) }
        };
        let nav_month = |(yi, mi): (usize, usize)| {
            let y = &idx.years[yi];
            let m = y.months[mi].month;
            DateNav {
                title: format!("{} {}", month_name(m), y.year),
                url: link(cfg, &date_path(y.year, Some(m), None)),
            }
        };
        let nav_day = |(yi, mi, di): (usize, usize, usize)| {
            let y = &idx.years[yi];
            let m = &y.months[mi];
            let d = m.days[di].day;
            DateNav {
                title: format!("{d} {} {}", month_name(m.month), y.year),
                url: link(cfg, &date_path(y.year, Some(m.month), Some(d))),
            }
        };
        let (template, kind, base, items, date) = match job {
            Job::Year(yi, _) => {
                let y = &idx.years[yi];
                let base = date_path(y.year, None, None);
                let children: Vec<DateNav> = (0..y.months.len()).map(|mi| nav_month((yi, mi))).collect();
                let d = DateCtx {
                    year: y.year,
                    month: None,
                    month_name: None,
                    day: None,
                    title: y.year.to_string(),
                    url: link(cfg, &base),
                    count: y.items.len(),
                    // Newest first: the previous year is the next index.
                    prev: (yi + 1 < idx.years.len()).then(|| nav_year(yi + 1)),
                    next: yi.checked_sub(1).map(nav_year),
                    parent: Some(DateNav { title: "Archive".into(), url: link(cfg, "/archive/") }),
                    child_counts: y.months.iter().map(|m| m.items.len()).collect(),
                    children,
                };
                ("year.html", "year", base, &y.items, d)
            }
            Job::Month(yi, mi, _) => {
                let y = &idx.years[yi];
                let m = &y.months[mi];
                let base = date_path(y.year, Some(m.month), None);
                let pos = prep.month_pos.get(&(yi, mi)).copied().unwrap_or(0);
                let d = DateCtx {
                    year: y.year,
                    month: Some(m.month),
                    month_name: Some(month_name(m.month)),
                    day: None,
                    title: format!("{} {}", month_name(m.month), y.year),
                    url: link(cfg, &base),
                    count: m.items.len(),
                    prev: prep.months.get(pos + 1).copied().map(nav_month),
                    next: pos.checked_sub(1).map(|p| nav_month(prep.months[p])),
                    parent: Some(nav_year(yi)),
                    children: (0..m.days.len()).map(|di| nav_day((yi, mi, di))).collect(),
                    child_counts: m.days.iter().map(|d| d.items.len()).collect(),
                };
                ("month.html", "month", base, &m.items, d)
            }
            Job::Day(yi, mi, di, _) => {
                let y = &idx.years[yi];
                let m = &y.months[mi];
                let day = &m.days[di];
                let base = date_path(y.year, Some(m.month), Some(day.day));
                let pos = prep.day_pos.get(&(yi, mi, di)).copied().unwrap_or(0);
                let d = DateCtx {
                    year: y.year,
                    month: Some(m.month),
                    month_name: Some(month_name(m.month)),
                    day: Some(day.day),
                    title: format!("{} {} {}", day.day, month_name(m.month), y.year),
                    url: link(cfg, &base),
                    count: day.items.len(),
                    prev: prep.days.get(pos + 1).copied().map(nav_day),
                    next: pos.checked_sub(1).map(|p| nav_day(prep.days[p])),
                    parent: Some(nav_month((yi, mi))),
                    children: Vec::new(),
                    child_counts: Vec::new(),
                };
                ("day.html", "day", base, &day.items, d)
            }
            _ => unreachable!("date_page is only called for date jobs"),
        };
        let n = match job {
            Job::Year(_, n) | Job::Month(_, _, n) | Job::Day(_, _, _, n) => n,
            _ => 1,
        };
        let title = if n == 1 { date.title.clone() } else { format!("{} — page {n}", date.title) };
        let desc = format!("Briefings of {}", date.title);
        let mut ctx = self.base_ctx(prep, self.meta(kind, title, &desc, path));
        ctx.insert("date", &date);
        ctx.insert("paginator", &self.paginator(prep, &base, items, n));
        self.html(tpl, template, &ctx, path, inject)
    }

    fn atom(
        &self,
        prep: &Prepared,
        tpl: &Templates,
        items: &[usize],
        title: &str,
        path: &str,
        alternate: &str,
    ) -> Result<Output, Diagnostic> {
        let cfg = self.cfg;
        let entries: Vec<crate::feeds::FeedEntry> =
            items.iter().take(cfg.feed_limit).map(|&i| crate::feeds::entry(self, prep, i)).collect();
        let updated = items
            .iter()
            .take(cfg.feed_limit)
            .map(|&i| self.briefings[i].updated.as_ref().unwrap_or(&self.briefings[i].date))
            .max_by_key(|z| z.timestamp())
            .map(rfc3339)
            .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
        #[derive(Serialize)]
        struct FeedCtx<'a> {
            title: &'a str,
            subtitle: &'a str,
            id: String,
            url: String,
            alternate: String,
            updated: String,
            author: &'a str,
        }
        let mut ctx = Context::new();
        ctx.insert_value("site", prep.site.clone());
        ctx.insert(
            "feed",
            &FeedCtx {
                title,
                subtitle: &cfg.description,
                id: crate::feeds::id_for(cfg, path),
                url: cfg.absolute(path),
                alternate: cfg.absolute(alternate),
                updated,
                author: cfg.author.as_deref().unwrap_or(&cfg.title),
            },
        );
        ctx.insert("entries", &entries);
        let mut buf = Vec::with_capacity(32 * 1024);
        tpl.tera.render_to("atom.xml", &ctx, &mut buf).map_err(|e| template_diag(&tpl.sources, &e))?;
        Ok(Output { path: output_file(path), bytes: buf })
    }
}

/// The template that renders one list item, with `site` and `item`.
const ITEM_TEMPLATE: &str = "partials/item.html";

/// Whether any template reads `paginator.item_html` (and `partials/item.html` exists).
fn uses_item_html(tpl: &Templates) -> bool {
    tpl.sources.contains_key(ITEM_TEMPLATE) && tpl.sources.values().any(|(_, text)| text.contains("item_html"))
}

fn render_item(tpl: &Templates, site: &Value, item: &Value) -> Result<Value, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert_value("site", site.clone());
    ctx.insert_value("item", item.clone());
    let html = tpl.tera.render(ITEM_TEMPLATE, &ctx).map_err(|e| template_diag(&tpl.sources, &e))?;
    Ok(Value::safe_string(&html))
}

/// Accessor used by feeds.
impl Prepared {
    /// Term index of slug in taxonomy `t`.
    pub fn term_of(&self, t: usize, slug: &str) -> Option<usize> {
        self.terms.0[t].get(slug).copied()
    }
}

/// Page numbers a pager shows: the first, the last, and three on each side of the
/// current one, so a list of 500 pages does not put 500 links on each of them.
pub fn pager_window(current: usize, total: usize) -> Vec<usize> {
    let lo = current.saturating_sub(3).max(1);
    let hi = (current + 3).min(total);
    let mut v = Vec::with_capacity(9);
    if lo > 1 {
        v.push(1);
    }
    v.extend(lo..=hi);
    if hi < total {
        v.push(total);
    }
    v
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Site path → output file (`/a/` → `a/index.html`, `/atom.xml` → `atom.xml`).
pub fn output_file(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') { format!("{p}index.html") } else { p.to_string() }
}

fn inject_before_body_end(buf: &mut Vec<u8>, script: &str) {
    let needle = b"</body>";
    match buf.windows(needle.len()).rposition(|w| w == needle) {
        Some(at) => {
            let tail = buf.split_off(at);
            buf.extend_from_slice(script.as_bytes());
            buf.extend_from_slice(&tail);
        }
        None => buf.extend_from_slice(script.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_window_is_bounded() {
        assert_eq!(pager_window(1, 1), vec![1]);
        assert_eq!(pager_window(1, 3), vec![1, 2, 3]);
        assert_eq!(pager_window(50, 500), vec![1, 47, 48, 49, 50, 51, 52, 53, 500]);
        assert_eq!(pager_window(500, 500), vec![1, 497, 498, 499, 500]);
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/tags/x/"), "tags/x/index.html");
        assert_eq!(output_file("/atom.xml"), "atom.xml");
    }

    #[test]
    fn injects_before_body_end() {
        let mut b = b"<body>x</body></html>".to_vec();
        inject_before_body_end(&mut b, "<script></script>");
        assert_eq!(String::from_utf8(b).unwrap(), "<body>x<script></script></body></html>");
    }
}
