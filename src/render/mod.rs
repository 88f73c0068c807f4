//! Typed contexts → Tera → output files, in parallel. Pure: it reads nothing but what
//! it is given. One module per page kind; list pages get only their slice of prebuilt
//! lightweight items, and site-wide data is one shared value, so no page's context
//! grows with the site.

mod affected;
mod briefing;
mod context;
mod dates;
mod fragments;
mod home;
mod later;
mod memo;
mod misc;
mod page;
mod prepare;
mod shape;
mod taxonomy;

pub use affected::{affected_routes, covers, same_structure};
pub use later::Sketch;
pub use memo::Memo;
pub use prepare::{Prepared, Reuse, prepare, prepare_reusing, prepare_spilled, update_prepared};
pub use shape::Shape;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::Diagnostic;
use crate::index::{Site, page_count, page_slice};
use crate::outputs::Output;
use crate::outputs::atom;
use crate::routes::{NOT_FOUND, Route, Routes, output_file};
use crate::templates::Templates;
use context::{AltLink, LanguageLink, Meta, PagerLink, Paginator};

/// Where rendered files go: each is handed over as soon as it is ready.
pub type Sink<'s> = dyn Fn(Output) -> Result<(), Diagnostic> + Sync + 's;

/// Render `routes` into memory, sorted by path. `inject` is put before `</body>` of HTML
/// pages (the serve reload script). Errors are collected and deduplicated.
pub fn render(
    site: &Site,
    prep: &Prepared,
    tpl: &Templates,
    routes: &[Route],
    inject: Option<&str>,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let outs = std::sync::Mutex::new(Vec::with_capacity(routes.len()));
    render_each(site, prep, tpl, routes, inject, None, &|o| {
        outs.lock().expect("no panics while holding the lock").push(o);
        Ok(())
    })?;
    let mut outs = outs.into_inner().expect("no panics while holding the lock");
    outs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outs)
}

/// Render `routes` in parallel, handing each output to `sink` as soon as it is ready (a
/// build writes it and drops it, so memory does not grow with the site). With a `memo`,
/// a page whose fingerprint is the one an earlier build made its file from is kept
/// rather than rendered.
pub fn render_each(
    site: &Site,
    prep: &Prepared,
    tpl: &Templates,
    routes: &[Route],
    inject: Option<&str>,
    memo: Option<&dyn Memo>,
    sink: &Sink<'_>,
) -> Result<(), Vec<Diagnostic>> {
    let base = memo.map_or(0, |_| memo::base(site, tpl, &prep.site, inject));
    // Only items held in memory are known by address (a spilled item is a new value
    // each time, and is walked where it is shown).
    let known = std::sync::OnceLock::new();
    match (memo, prep.item_digests_made()) {
        // Items made as pages first show them: each one's digest is taken then.
        (Some(_), Some(made)) => {
            let _ = known.set(memo::Known::as_made(made));
        }
        (Some(_), None) if prep.items_held() && prep.item_digests.len() == site.briefings.len() => {
            let _ = known.set(memo::known_digests(
                (0..site.briefings.len()).map(|i| (prep.item(site, i), prep.item_digests[i])),
            ));
        }
        (Some(m), None) if prep.items_held() && !m.keeps_by_inputs() => {
            let _ = known.set(memo::known_items((0..site.briefings.len()).into_par_iter().map(|i| prep.item(site, i))));
        }
        (Some(_), None) if prep.items_held() => {}
        _ => {
            let _ = known.set(Default::default());
        }
    }
    let r = Renderer {
        site: *site,
        routes: Routes::new(site.cfg, site.idx),
        prep,
        tpl,
        inject,
        memo,
        base,
        known,
        list_size: Default::default(),
    };
    let diags = std::sync::Mutex::new(Vec::<Diagnostic>::new());
    routes.par_iter().for_each(|&route| {
        if let Err(d) = r.route(route, sink) {
            let mut all = diags.lock().expect("no panics while holding the lock");
            if !all.contains(&d) {
                all.push(d);
            }
        }
    });
    let mut diags = diags.into_inner().expect("no panics while holding the lock");
    // A list item made as a page first showed it, whose template failed.
    if let Some(d) = prep.item_failure()
        && !diags.contains(&d)
    {
        diags.push(d);
    }
    crate::diag::sort(&mut diags);
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// What every page kind renders with.
struct Renderer<'a> {
    site: Site<'a>,
    routes: Routes<'a>,
    prep: &'a Prepared,
    tpl: &'a Templates,
    inject: Option<&'a str>,
    memo: Option<&'a dyn Memo>,
    /// What every page's fingerprint starts from (with a memo).
    base: u128,
    /// The list items' digests (with a memo), made when a page first needs them unless
    /// made before the render.
    known: std::sync::OnceLock<memo::Known<'a>>,
    /// The largest list page rendered so far: the next one's buffer is made that size,
    /// not grown (copied) while the template writes it.
    list_size: std::sync::atomic::AtomicUsize,
}

/// A page ready to render: its template and the context the template sees.
struct Page {
    template: &'static str,
    ctx: Context,
}

/// What a route is made of.
enum Made {
    /// An HTML page.
    Html(Page),
    /// An Atom feed (XML through a template).
    Feed(Page),
    /// A machine output made without a template.
    Bytes(Vec<u8>),
    /// The sitemap, streamed part by part.
    Sitemap,
    /// The search index, streamed file by file.
    Search,
}

impl Renderer<'_> {
    /// What `route` is made of: the page kinds build their contexts here.
    fn make(&self, route: Route) -> Made {
        self.make_with(route, true)
    }

    /// What `route` is made of; without `bodies`, the briefing page and the feeds leave
    /// their bodies out (empty), for a fingerprint that takes [`Renderer::body_digests`]
    /// instead.
    fn make_with(&self, route: Route, bodies: bool) -> Made {
        match route {
            Route::Home { page } => Made::Html(home::render(self, page)),
            Route::Briefing(i) if !bodies => {
                Made::Html(briefing::render_with(self, i, &crate::model::Unpacked::default()))
            }
            Route::Briefing(i) => Made::Html(briefing::render(self, i)),
            Route::Page(i) => Made::Html(page::render(self, i)),
            Route::TermList(t) => Made::Html(taxonomy::list(self, t)),
            Route::Term { term, page } => Made::Html(taxonomy::term(self, term, page)),
            Route::TermFeed(term) => Made::Feed(taxonomy::feed(self, term, bodies)),
            Route::Year { .. } | Route::Month { .. } | Route::Day { .. } => Made::Html(dates::render(self, route)),
            Route::Archive => Made::Html(misc::archive(self)),
            Route::Search => Made::Html(misc::search(self)),
            Route::NotFound => Made::Html(misc::not_found(self)),
            Route::Atom => Made::Feed(self.atom(&self.site.cfg.title, Route::Atom, Route::Home { page: 1 }, bodies)),
            Route::JsonFeed => Made::Bytes(crate::outputs::json_feed::json_feed(&self.site)),
            Route::SearchIndex => Made::Search,
            Route::SearchIndexJson => Made::Bytes(crate::outputs::search_index::search_index(&self.site)),
            Route::Sitemap => Made::Sitemap,
            Route::Robots => Made::Bytes(crate::outputs::sitemap::robots(self.site.cfg)),
            Route::Corrections => Made::Html(misc::corrections(self)),
            Route::CorrectionsFeed => {
                let site_title = &self.site.cfg.title;
                let title = self
                    .text("meta.corrections_feed", &[("site", site_title)], || format!("{site_title} — corrections"));
                let entry =
                    |t: &str| self.text("meta.correction_entry", &[("title", t)], || format!("Correction: {t}"));
                let (feed, entries) = atom::corrections_feed(&self.site, &title, &entry);
                Made::Feed(self.feed_page(&feed, &entries))
            }
            Route::Redirect(k) => Made::Html(misc::redirect(self, k)),
            Route::RedirectList => Made::Bytes(crate::outputs::redirects::redirect_list(&self.site)),
            Route::NewsSitemap => Made::Bytes(crate::outputs::news_sitemap::news_sitemap(&self.site, self.site.now)),
        }
    }

    /// Render one route, handing its files to `sink`.
    fn route(&self, route: Route, sink: &Sink<'_>) -> Result<(), Diagnostic> {
        // A page known to be made from the last build's inputs is kept by its stamp,
        // without a context.
        if let Some(m) = self.memo
            && m.same_inputs(route)
            && m.keep_same(&self.file(route, !matches!(route, Route::Atom | Route::TermFeed(_))))?
        {
            return Ok(());
        }
        // With a memo, a briefing page and a feed are fingerprinted without their bodies,
        // by the bodies' digests: a page kept never decompresses one.
        let light = self.memo.is_some() && matches!(route, Route::Briefing(_) | Route::Atom | Route::TermFeed(_));
        let (page, html) = match self.make_with(route, !light) {
            Made::Html(page) => (page, true),
            Made::Feed(page) => (page, false),
            Made::Bytes(bytes) => return sink(self.output(route, bytes)),
            // Streamed: each sitemap part goes to the sink as soon as it is complete.
            Made::Sitemap => return crate::outputs::sitemap::sitemaps(&self.site, sink),
            Made::Search => return crate::outputs::search::search_files(&self.site, &|o| sink(o)),
        };
        let render = |page: Page| if html { self.html(page, route) } else { self.xml(page, route) };
        let Some(m) = self.memo else {
            return sink(render(page)?);
        };
        let file = self.file(route, html);
        let digests = if light { self.body_digests(route) } else { Vec::new() };
        let known = self.known.get_or_init(|| {
            memo::known_items_in_turn((0..self.site.briefings.len()).map(|i| self.prep.item(&self.site, i)))
        });
        let fingerprint = memo::fingerprint(self.base, page.template, &file, &page.ctx, known, &digests);
        if m.keep(&file, fingerprint)? {
            return Ok(());
        }
        let page = match (light, light.then(|| self.make(route))) {
            (false, _) => page,
            (true, Some(Made::Html(page) | Made::Feed(page))) => page,
            // A briefing page and a feed are always pages.
            (true, _) => return Err(Diagnostic::stage("render", format!("{route:?} is not a page"))),
        };
        sink(render(page)?)?;
        m.made(&file, fingerprint)
    }

    /// The file of the page at `route`: an HTML page's, or a feed's.
    fn file(&self, route: Route, html: bool) -> String {
        if html { output_file(&self.routes.path(route)) } else { self.routes.file(route) }
    }

    /// The digests of the bodies the page at `route` shows whole: a briefing's own, a
    /// feed's entries'.
    fn body_digests(&self, route: Route) -> Vec<u8> {
        let items: &[usize] = match route {
            Route::Briefing(i) => &[i],
            Route::Atom | Route::TermFeed(_) => atom::feed_items(&self.site, route),
            _ => &[],
        };
        items.iter().flat_map(|&i| self.site.briefings[i].content.digest().to_le_bytes()).collect()
    }

    fn output(&self, route: Route, bytes: Vec<u8>) -> Output {
        Output { path: self.routes.file(route), bytes }
    }

    /// `meta` of the page at `route`.
    fn meta(&self, kind: &'static str, title: String, description: &str, route: Route) -> Meta {
        let versions = crate::routes::editions::versions(&self.site, route);
        Meta {
            kind,
            title,
            description: description.to_string(),
            url: self.routes.url(route),
            permalink: self.routes.absolute(route),
            feed_url: None,
            feed_title: None,
            noindex: false,
            alternates: crate::routes::editions::alternates(&versions)
                .into_iter()
                .map(|(hreflang, url)| AltLink { hreflang: hreflang.to_string(), url })
                .collect(),
            languages: versions
                .into_iter()
                .map(|v| LanguageLink {
                    name: self.prep.language_names.get(v.edition).cloned().unwrap_or_else(|| v.code.to_string()),
                    read_in: self.prep.read_in.get(v.edition).cloned().unwrap_or_default(),
                    current: v.edition == self.site.edition,
                    translated: v.url.is_some(),
                    code: v.code.to_string(),
                    url: v.menu_url(),
                })
                .collect(),
        }
    }

    /// Interface string `key` in this edition's language with `args` filled in (plain
    /// text: templates escape it), else `english` (a theme whose strings lack the key).
    fn text(&self, key: &str, args: &[(&str, &str)], english: impl FnOnce() -> String) -> String {
        self.tpl.strings.format(&self.site.cfg.language, key, None, args).unwrap_or_else(|_| english())
    }

    /// The title of page `n` of a list titled `title`.
    fn paged(&self, title: &str, n: usize) -> String {
        if n <= 1 {
            return title.to_string();
        }
        let n_text = n.to_string();
        self.text("meta.page", &[("title", title), ("n", &n_text)], || format!("{title} — page {n}"))
    }

    /// A context with `site` and `meta`.
    fn base_ctx(&self, meta: Meta) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.prep.site.clone());
        ctx.insert("meta", &meta);
        ctx
    }

    /// `paginator` for page `route.page()` of the list at `route`.
    fn paginator(&self, route: Route) -> Paginator {
        let per = self.site.cfg.paginate;
        let items = self.routes.items(route);
        let number = route.page();
        let total_pages = page_count(items.len(), per);
        let slice = page_slice(items, number, per);
        let url = |n: usize| self.routes.url(route.with_page(n));
        Paginator {
            number,
            total_pages,
            total_items: items.len(),
            per_page: per,
            items: if self.prep.paginator_items {
                slice.iter().map(|&i| self.prep.item(&self.site, i)).collect()
            } else {
                Vec::new()
            },
            item_html: if self.prep.has_item_html() {
                self.prep.items_html(&self.site, self.tpl, slice)
            } else {
                Vec::new()
            },
            first: url(1),
            last: url(total_pages),
            previous: (number > 1).then(|| url(number - 1)),
            next: (number < total_pages).then(|| url(number + 1)),
            pages: {
                let mut prev = 0;
                pager_window(number, total_pages)
                    .into_iter()
                    .map(|n| {
                        let gap_before = prev != 0 && n > prev + 1;
                        prev = n;
                        PagerLink { number: n, url: url(n), current: n == number, gap_before }
                    })
                    .collect()
            },
        }
    }

    /// Render an HTML page at `route`.
    fn html(&self, page: Page, route: Route) -> Result<Output, Diagnostic> {
        use std::sync::atomic::Ordering::Relaxed;
        // List pages are alike in size (a page of items each); briefing pages vary more,
        // and most fit the usual buffer.
        let list = matches!(
            route,
            Route::Home { .. } | Route::Term { .. } | Route::Year { .. } | Route::Month { .. } | Route::Day { .. }
        );
        let seen = if list { self.list_size.load(Relaxed) } else { 0 };
        let mut buf = Vec::with_capacity((seen + seen / 8).max(16 * 1024));
        self.tpl.tera.render_to(page.template, &page.ctx, &mut buf).map_err(|e| self.tpl.diag(&e))?;
        if list {
            self.list_size.fetch_max(buf.len(), Relaxed);
        }
        let path = self.routes.path(route);
        if self.site.cfg.relative_urls && path != NOT_FOUND {
            buf = crate::links::relativize(&buf, &self.site.cfg.base_path, &path);
        }
        if let Some(script) = self.inject {
            inject_before_body_end(&mut buf, script);
        }
        Ok(Output { path: output_file(&path), bytes: buf })
    }

    /// The Atom feed at `route`, for the `atom.xml` template.
    fn atom(&self, title: &str, route: Route, alternate: Route, bodies: bool) -> Page {
        let (feed, entries) = atom::feed(&self.site, title, route, alternate, bodies);
        self.feed_page(&feed, &entries)
    }

    /// The `atom.xml` template's context for a feed.
    fn feed_page(&self, feed: &atom::FeedCtx, entries: &[atom::FeedEntry]) -> Page {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.prep.site.clone());
        ctx.insert("feed", feed);
        ctx.insert("entries", entries);
        Page { template: "atom.xml", ctx }
    }

    /// Render a feed at `route`: no relative links, nothing injected.
    fn xml(&self, page: Page, route: Route) -> Result<Output, Diagnostic> {
        let mut buf = Vec::with_capacity(32 * 1024);
        self.tpl.tera.render_to(page.template, &page.ctx, &mut buf).map_err(|e| self.tpl.diag(&e))?;
        Ok(self.output(route, buf))
    }

    /// A list item value, shared.
    fn item(&self, i: usize) -> Value {
        self.prep.item(&self.site, i)
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
    fn injects_before_body_end() {
        let mut b = b"<body>x</body></html>".to_vec();
        inject_before_body_end(&mut b, "<script></script>");
        assert_eq!(String::from_utf8(b).unwrap(), "<body>x<script></script></body></html>");
    }
}

#[cfg(test)]
mod tests_docs;
