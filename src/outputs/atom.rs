//! The entries of an Atom feed and the feed's own values, as the `atom.xml` template
//! sees them.

use serde::Serialize;

use super::{id_for, rfc3339};
use crate::index::Site;
use crate::routes::{Route, Routes, link};

/// One entry of an Atom feed, as the `atom.xml` template sees it.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// Stable id: the permalink (or a tag URI when the site has no host).
    pub id: String,
    /// Title.
    pub title: String,
    /// Absolute link; a root-relative reference (`/2024/07/12/x/`) when the site has no
    /// host, which Atom resolves against the feed's own address.
    pub permalink: String,
    /// RFC 3339 publication time.
    pub published: String,
    /// RFC 3339 last update (the publication time when never updated).
    pub updated: String,
    /// Summary as plain text.
    pub summary: String,
    /// Full body HTML, with links made absolute.
    pub content: String,
    /// Authors (the site author when the briefing names none).
    pub authors: Vec<String>,
    /// Tags and the terms of other configured taxonomies (not authors): (term, scheme URL).
    pub categories: Vec<Category>,
}

/// An Atom category.
#[derive(Debug, Serialize)]
pub struct Category {
    /// The term as written.
    pub term: String,
    /// The term page's absolute URL; empty when the site has no host (an Atom `scheme`
    /// must be an absolute IRI, so the template leaves it out).
    pub scheme: String,
}

/// The feed's own values, as the `atom.xml` template sees them (`feed`).
#[derive(Debug, Serialize)]
pub struct FeedCtx<'a> {
    /// Feed title.
    pub title: &'a str,
    /// The site description.
    pub subtitle: &'a str,
    /// Stable id of the feed.
    pub id: String,
    /// Absolute URL of the feed itself (root-relative when the site has no host).
    pub url: String,
    /// Absolute URL of the page the feed follows (root-relative when the site has no host).
    pub alternate: String,
    /// RFC 3339 time of the newest change among its entries.
    pub updated: String,
    /// Feed author: the site author, else the site title.
    pub author: &'a str,
}

/// The feed values and entries of the feed at `route`, whose entries follow the page
/// `alternate` and are the newest of `items`.
pub fn feed<'a>(
    site: &Site<'a>,
    title: &'a str,
    route: Route,
    alternate: Route,
    bodies: bool,
) -> (FeedCtx<'a>, Vec<FeedEntry>) {
    let cfg = site.cfg;
    let items = feed_items(site, route);
    let entries: Vec<FeedEntry> = items.iter().map(|&i| entry(site, i, bodies)).collect();
    let updated = items
        .iter()
        .map(|&i| site.briefings[i].modified())
        .max_by_key(|z| z.timestamp())
        .map(rfc3339)
        .unwrap_or_else(|| empty_updated(site));
    let routes = Routes::new(cfg, site.idx);
    let path = routes.path(route);
    let ctx = FeedCtx {
        title,
        subtitle: &cfg.description,
        id: id_for(cfg, &path),
        url: cfg.absolute(&path),
        alternate: routes.absolute(alternate),
        updated,
        author: cfg.author.as_deref().unwrap_or(&cfg.title),
    };
    (ctx, entries)
}

/// The `updated` of a feed with no entries (Atom requires one): the date of the
/// edition's newest listed briefing (an empty corrections feed has been current since
/// then), else the newest of any edition's (an edition with no briefing of its own).
/// A site that lists no briefing at all takes the newest date its content states, in
/// any edition: an unlisted briefing's last change or, for an expired one, its expiry
/// (when it left the feeds), or a standalone page's date or update. Only a site with no
/// dated content at all says [`NO_DATE`]. Not the build's time: the same content makes
/// the same file, as incremental builds and `serve` rely on.
fn empty_updated(site: &Site) -> String {
    let newest = |s: &Site| s.idx.order.first().map(|&i| s.briefings[i].date.clone());
    let stated = |s: &Site| {
        let briefings = s
            .briefings
            .iter()
            .flat_map(|b| std::iter::once(b.modified()).chain(b.expires.as_ref().filter(|_| b.expired)));
        let pages = s.pages.iter().flat_map(|p| p.date.iter().chain(&p.updated));
        briefings.chain(pages).max_by_key(|z| z.timestamp()).cloned()
    };
    let editions = site.all_editions();
    newest(site)
        .or_else(|| editions.iter().filter_map(newest).max_by_key(|z| z.timestamp()))
        .or_else(|| editions.iter().filter_map(stated).max_by_key(|z| z.timestamp()))
        .map_or_else(|| NO_DATE.into(), |z| rfc3339(&z))
}

/// The `updated` of an empty feed of a site with nothing dated: RFC 4287 requires one,
/// and the Unix epoch is the one instant that claims no change ever happened.
const NO_DATE: &str = "1970-01-01T00:00:00+00:00";

/// The briefings the feed at `route` shows, newest first.
pub fn feed_items<'s>(site: &Site<'s>, route: Route) -> &'s [usize] {
    let items = Routes::new(site.cfg, site.idx).items(route);
    &items[..items.len().min(site.cfg.feed_limit)]
}

/// The feed entry of briefing `i`; without `bodies`, its summary and content are left
/// empty (for a fingerprint that takes the body's digest instead).
pub fn entry(site: &Site, i: usize, bodies: bool) -> FeedEntry {
    let cfg = site.cfg;
    let b = &site.briefings[i];
    let path = &site.idx.permalinks[i];
    let mut categories = Vec::new();
    for t in site.idx.subjects() {
        let tax = &site.idx.taxonomies[t];
        for slug in &b.term_slugs[t] {
            if let Some(id) = site.idx.term_by_slug(t, slug) {
                let term = site.idx.term(id);
                let scheme = if cfg.has_host() {
                    cfg.absolute(&site.idx.rooted(&crate::routes::term_path(&tax.name, &term.slug)))
                } else {
                    String::new()
                };
                categories.push(Category { term: term.name.clone(), scheme });
            }
        }
    }
    let authors = match site.author_names(i) {
        names if names.is_empty() => cfg.author.iter().cloned().collect(),
        names => names.into_iter().map(str::to_string).collect(),
    };
    let body = if bodies { b.content.unpack() } else { crate::model::Unpacked::default() };
    FeedEntry {
        id: id_for(cfg, path),
        title: b.title.clone(),
        permalink: cfg.absolute(path),
        published: rfc3339(&b.date),
        updated: rfc3339(b.modified()),
        summary: body.summary_text().to_string(),
        content: crate::links::rebase(body.html(), &link(cfg, path), Some(&cfg.origin)),
        authors,
        categories,
    }
}

/// The corrections feed: one entry per correction (newest first, up to `feed_limit`),
/// each linking to the corrected briefing's notices; `entry_title` titles an entry from
/// its briefing's title.
pub fn corrections_feed<'a>(
    site: &Site<'a>,
    title: &'a str,
    entry_title: &dyn Fn(&str) -> String,
) -> (FeedCtx<'a>, Vec<FeedEntry>) {
    let cfg = site.cfg;
    let routes = Routes::new(cfg, site.idx);
    let shown = &site.idx.corrections[..site.idx.corrections.len().min(cfg.feed_limit)];
    let entries: Vec<FeedEntry> = shown
        .iter()
        .map(|c| {
            let b = &site.briefings[c.briefing];
            let n = &b.corrections[c.k];
            let path = &site.idx.permalinks[c.briefing];
            let anchor = format!("{path}#{}", correction_anchor(b.corrections.len() - c.k));
            FeedEntry {
                id: id_for(cfg, &anchor),
                title: entry_title(&b.title),
                permalink: cfg.absolute(&anchor),
                published: rfc3339(&n.date),
                updated: rfc3339(&n.date),
                summary: n.text.clone(),
                content: crate::links::rebase(&n.html, &link(cfg, path), Some(&cfg.origin)),
                authors: if b.authors.is_empty() { cfg.author.iter().cloned().collect() } else { b.authors.clone() },
                categories: Vec::new(),
            }
        })
        .collect();
    let path = routes.path(Route::CorrectionsFeed);
    let updated = shown
        .first()
        .map(|c| rfc3339(&site.briefings[c.briefing].corrections[c.k].date))
        .unwrap_or_else(|| empty_updated(site));
    let ctx = FeedCtx {
        title,
        subtitle: &cfg.description,
        id: id_for(cfg, &path),
        url: cfg.absolute(&path),
        alternate: routes.absolute(Route::Corrections),
        updated,
        author: cfg.author.as_deref().unwrap_or(&cfg.title),
    };
    (ctx, entries)
}

/// The element id of a briefing's correction number `n` (1 = the first ever made), so
/// links to it stay put when later corrections are added.
pub fn correction_anchor(n: usize) -> String {
    format!("correction-{n}")
}
