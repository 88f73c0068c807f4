//! A whole site in memory: config, templates, content, index. The front of the pipeline
//! shared by `build`, `check` and `serve`, so the three load, filter and index alike.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::index::{Edition, Index, Peers, Site, build_index};
use crate::lock::Lock;
use crate::model::{Asset, Authors, Briefing, Page, Withheld};
use crate::outputs::Output;
use crate::render::{self, Prepared};
use crate::routes::{self, Routes, manifest};
use crate::source::{self, Publish, Verdict};
use crate::templates::{self, Templates};
use crate::write::Content;

mod filter;

/// Settings from the command line that shape a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Include briefings dated in the future.
    pub future: bool,
    /// Override `base_url`.
    pub base_url: Option<String>,
    /// Force relative URLs.
    pub relative_urls: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Fail rather than change `urls.lock`.
    pub locked: bool,
    /// Build as of this time (`--now`, as written) rather than the clock's.
    pub now: Option<String>,
    /// Neither read nor write `.brief-cache/`.
    pub no_cache: bool,
}

impl Options {
    /// Which briefings a build with these options publishes, as of `now`.
    pub fn publish(&self, now: jiff::Timestamp) -> Publish {
        Publish { drafts: self.drafts, future: self.future, now, clock: jiff::Timestamp::now() }
    }

    /// The time the build is made at: `--now` read in the site's zone, else the clock.
    pub fn now(&self, cfg: &Config) -> Result<jiff::Timestamp, Vec<Diagnostic>> {
        match &self.now {
            None => Ok(jiff::Timestamp::now()),
            Some(t) => crate::parse::parse_date(t, &cfg.timezone).map(|z| z.timestamp()).map_err(|e| {
                vec![
                    Diagnostic::flag("--now", format!("invalid time `{t}`: {e}"))
                        .hint("write `YYYY-MM-DD` or RFC 3339, like `2024-07-12T09:00:00+09:00`"),
                ]
            }),
        }
    }
}

/// When a built site would change by itself: the next scheduled briefing or expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextChange {
    /// When.
    pub at: jiff::ZonedDateTime,
    /// The briefing that changes it.
    pub source: PathBuf,
    /// `scheduled` or `expires`.
    pub what: &'static str,
}

impl NextChange {
    /// Make `next` the time briefing `b` (found `verdict` at `now`) changes a built site
    /// by itself (comes out, expires, leaves the news sitemap if `news`), when sooner.
    pub fn consider(next: &mut Option<NextChange>, now: jiff::Timestamp, b: &Briefing, verdict: Verdict, news: bool) {
        let window = || b.date.checked_add(crate::outputs::news_sitemap::NEWS_WINDOW).ok();
        let times = match verdict {
            Verdict::Published => {
                [(b.expires.clone(), "expires"), (news.then(window).flatten(), "leaves the news sitemap")]
            }
            Verdict::Scheduled if !b.draft => [(Some(b.date.clone()), "scheduled"), (None, "")],
            _ => return,
        };
        for (at, what) in times {
            if let Some(at) = at.filter(|at| at.timestamp() > now)
                && next.as_ref().is_none_or(|n| at.timestamp() < n.at.timestamp())
            {
                *next = Some(NextChange { at, source: b.source.clone(), what });
            }
        }
    }
}

/// A loaded site: everything needed to render any page.
#[derive(Debug)]
pub struct Loaded {
    /// The site folder.
    pub root: PathBuf,
    /// Settings (of the default language; each edition has its own copy).
    pub cfg: Config,
    /// Templates, by edition: each renders in its edition's language.
    pub templates: Vec<Templates>,
    /// The language editions, the default language first (one for a site with one
    /// language): published briefings, pages and the index of each.
    pub editions: Vec<Edition>,
    /// Translations across editions.
    pub peers: Peers,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    /// The folders of the briefings and page bundles not published: their files are
    /// not copied (see [`manifest::place_assets`]).
    pub withheld: Vec<Withheld>,
    /// Authors' profiles from `authors.yaml`.
    pub authors: Authors,
    /// The time the site is built as of: the publish filter's `now` (serve moves it to
    /// each change).
    pub now: jiff::Timestamp,
    /// Warnings (errors stop the load).
    pub warnings: Vec<Diagnostic>,
    /// Briefings skipped because they are dated in the future.
    pub scheduled: Vec<PathBuf>,
    /// Briefings past their `expires:` (kept, marked, unless `expired: remove`).
    pub expired: Vec<PathBuf>,
    /// Drafts skipped.
    pub drafts: usize,
    /// When the output would next change by itself.
    pub next_change: Option<NextChange>,
    /// `urls.lock` with this build's URLs added.
    pub lock: Lock,
    /// The URLs this build adds to `urls.lock`, as `(id, url)`.
    pub lock_added: Vec<(String, String)>,
    /// The build cache's parses being saved (see `crate::cache::parsed`): a build waits
    /// for it before it ends.
    pub saving: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Loaded {
    /// A build that ends early (an error) still waits for the parses being saved, so
    /// that nothing of it is written after it returned.
    fn drop(&mut self) {
        if let Some(h) = self.saving.take() {
            let _ = h.join();
        }
    }
}

impl Loaded {
    /// The render view of edition `e`.
    pub fn site(&self, e: usize) -> Site<'_> {
        let ed = &self.editions[e];
        Site {
            cfg: &ed.cfg,
            briefings: &ed.briefings,
            pages: &ed.pages,
            idx: &ed.index,
            authors: &self.authors,
            now: self.now,
            editions: &self.editions,
            edition: e,
            peers: &self.peers,
        }
    }

    /// The routes of edition `e`.
    pub fn routes(&self, e: usize) -> Routes<'_> {
        Routes::new(&self.editions[e].cfg, &self.editions[e].index)
    }

    /// Published briefings over every edition.
    pub fn briefing_count(&self) -> usize {
        self.editions.iter().map(|e| e.briefings.len()).sum()
    }
}

/// Read the config of the site at `opts.root`, with command-line overrides applied.
pub fn load_config(opts: &Options) -> Result<Config, Vec<Diagnostic>> {
    let mut cfg = Config::load(&opts.root.join(source::CONFIG_FILE), Path::new(source::CONFIG_FILE))?;
    if let Some(b) = &opts.base_url {
        cfg.set_base_url(b).map_err(|e| {
            vec![
                Diagnostic::flag("--base-url", e.to_string())
                    .hint("use an absolute URL like `https://example.org/briefs/`"),
            ]
        })?;
    }
    if opts.relative_urls {
        cfg.relative_urls = true;
    }
    if opts.strict {
        cfg.strict = true;
    }
    Ok(cfg)
}

/// The one warning of a site whose `base_url` has no host (the default `/`): it gets no
/// sitemap and its feeds link with paths only, fine for a preview but not for
/// publishing. `serve` always has a host (its own address), so only build and check say it.
pub fn no_host_warning(opts: &Options, cfg: &Config) -> Option<Diagnostic> {
    if cfg.has_host() {
        return None;
    }
    let message = format!(
        "`base_url` has no host (`{}`): no sitemap.xml is written, and feeds and meta tags link by path only",
        cfg.base_url()
    );
    let hint = "set `base_url` to the address the site will be published at (like `base_url: https://example.org/`) before publishing";
    let origin = match opts.base_url {
        Some(_) => diag::Origin::Flag("--base-url"),
        None => diag::Origin::File(source::CONFIG_FILE.into()),
    };
    Some(Diagnostic::warning_in(origin, message).hint(hint))
}

/// Load everything, every body held in memory (for `check` and `serve`). On failure,
/// every diagnostic found (errors and warnings, sorted).
pub fn load_site(opts: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    load_site_spilled(opts, None, false)
}

/// Load everything, each body moved to `spill` as soon as it is parsed (a build), so
/// that memory holds only what the indexes need.
/// With `cache` (a build, unless `--no-cache`), a briefing parsed by an earlier build
/// is read back from `.brief-cache/` rather than parsed again.
pub(crate) fn load_site_spilled(
    opts: &Options,
    spill: Option<std::sync::Arc<crate::spill::Spill>>,
    cache: bool,
) -> Result<Loaded, Vec<Diagnostic>> {
    let watch = crate::timing::Stopwatch::start("  ");
    let mark = |what: &str| watch.mark(what);
    let cfg = load_config(opts)?;
    let mut diags: Vec<Diagnostic> = no_host_warning(opts, &cfg).into_iter().collect();
    let edition_cfgs: Vec<Config> = (0..cfg.edition_codes().len()).map(|e| cfg.for_edition(e)).collect();
    let mut tpl: Option<Vec<Templates>> = Some(Vec::with_capacity(edition_cfgs.len()));
    let first_theme = &cfg.theme;
    for ec in &edition_cfgs {
        // The editions share the theme: its templates are compiled and its strings read
        // once, then given each edition's language.
        let made = match tpl.as_ref().and_then(|v| v.first()).filter(|_| &ec.theme == first_theme) {
            Some(first) => first.for_language(&ec.language),
            None => templates::load(&opts.root, &ec.theme, &ec.language),
        };
        match made {
            Ok(t) => {
                if let Some(v) = tpl.as_mut() {
                    v.push(t);
                }
            }
            Err(d) => {
                if tpl.take().is_some() {
                    diags.extend(d);
                }
            }
        }
    }
    mark("config and templates");
    for (e, ec) in edition_cfgs.iter().enumerate() {
        if !crate::locale::Locale::new(&ec.language).1 {
            let text = std::fs::read_to_string(opts.root.join(source::CONFIG_FILE)).unwrap_or_default();
            let key = if e == 0 { "language" } else { "languages" };
            let (line, col) = crate::yaml::value_position(&text, key);
            diags.push(
                Diagnostic::warning(source::CONFIG_FILE, format!("no CLDR dates for language `{}`", ec.language))
                    .at(&text, line, col)
                    .hint(
                        "dates fall back to its base language or English; use a BCP 47 tag like `en-GB`, `ko` or `zh-TW`",
                    ),
            );
        }
    }
    // The build cache's parses are read (megabytes, checked whole) while the content
    // folder is walked.
    let (found, (parses, lock)) = rayon::join(
        || source::discover(&opts.root, &opts.root.join("content"), &cfg),
        || {
            rayon::join(
                || if cache && !opts.no_cache { crate::cache::parsed::Parses::open(&opts.root, &cfg) } else { None },
                || source::read_lock(&opts.root),
            )
        },
    );
    mark("discover, with the parse cache and urls.lock read");
    let (parsed, pages, parse_diags, saving) = source::load_all(&found, &cfg, spill.as_ref(), parses);
    mark("read and parse");
    diags.extend(found.diags);
    diags.extend(parse_diags);
    let now = opts.now(&cfg)?;
    let lock = match lock {
        Ok(l) => l,
        Err(d) => {
            diags.extend(d);
            Lock::default()
        }
    };
    let publish = opts.publish(now);
    let authors = source::load_authors(&opts.root, &parsed, &cfg);
    diags.extend(authors.diags);
    let filter::Filtered { briefings, pages, drafts, scheduled, expired, unpublished, withheld, next_change } =
        filter::filter(&cfg, &publish, parsed, pages);
    diags.extend(filter::later_notices(&opts.root, &briefings, publish.now));
    source::apply_strict(&mut diags, cfg.strict);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let authors = authors.item.unwrap_or_default();
    let cache = if cache && !opts.no_cache { crate::cache::dir(&opts.root) } else { None };
    let mut editions = if has_errors {
        None
    } else {
        index_editions(&opts.root, &cfg, edition_cfgs, briefings, pages, &lock, &withheld, &authors, cache.as_deref())
            .map_err(|d| diags.extend(d))
            .ok()
    };
    mark("index");
    let (mut lock, mut lock_added) = match &editions {
        Some(eds) => lock.with(eds.iter().flat_map(|ed| {
            ed.briefings
                .iter()
                .zip(&ed.index.permalinks)
                .filter(|(b, _)| publish.is_public(b))
                .map(|(b, p)| (b.id.as_str(), p.as_str()))
        })),
        None => (lock, Vec::new()),
    };
    if let Some(eds) = &editions {
        let all = eds.iter().flat_map(|ed| &ed.briefings);
        diags.extend(crate::lock::held_alias_errors(&lock, &unpublished, all));
        let held = crate::lock::held_urls(&lock, &lock_added, &unpublished);
        let mut all = eds.iter().flat_map(|ed| ed.briefings.iter().zip(&ed.index.permalinks));
        diags.extend(crate::lock::held_url_errors(&held, |id, url| {
            all.find(|(b, p)| b.id == id && *p == url).map(|(b, _)| b)
        }));
    }
    // A briefing whose file has a new id and publishes its old URL takes its other old
    // URLs along: recorded, then the editions indexed again so they redirect now.
    if let Some(eds) = editions.take_if(|eds| {
        let lists: Vec<&[Briefing]> = eds.iter().map(|ed| ed.briefings.as_slice()).collect();
        let taken = crate::lock::site_takeovers(&lock, &lock_added, &lists, &unpublished);
        let lines: Vec<(String, String)> =
            taken.iter().flat_map(|t| t.urls.iter().map(|u| (t.id.clone(), u.clone()))).collect();
        diags.extend(crate::lock::takeover_warnings(&taken, &lists));
        lock_added.extend(lines.iter().cloned());
        lock = std::mem::take(&mut lock).with_added(&lines);
        // The gone ids' lines move to the new one: a file made again at the old path is
        // a new briefing, and a second rename takes over from one id.
        for gone in taken.iter().flat_map(|t| &t.from) {
            for url in lock.urls_of(gone).map(str::to_string).collect::<Vec<_>>() {
                lock.remove(gone, &url);
            }
        }
        !taken.is_empty()
    }) {
        lock_added.sort();
        lock_added.dedup();
        let cfgs = eds.iter().map(|ed| ed.cfg.clone()).collect();
        let (bs, ps) = eds.into_iter().fold((Vec::new(), Vec::new()), |(mut bs, mut ps), ed| {
            bs.extend(ed.briefings);
            ps.extend(ed.pages);
            (bs, ps)
        });
        editions = index_editions(&opts.root, &cfg, cfgs, bs, ps, &lock, &withheld, &authors, cache.as_deref())
            .map_err(|d| diags.extend(d))
            .ok();
    }
    if opts.locked && !lock_added.is_empty() {
        diags.push(crate::lock::lacks_error(
            &lock_added,
            "this build publishes",
            "build without --locked to record them, and commit urls.lock with the content",
        ));
    }
    match (tpl, editions) {
        (Some(templates), Some(editions)) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
            root: opts.root.clone(),
            cfg,
            templates,
            peers: Peers::link(&editions),
            editions,
            assets: found.assets,
            withheld,
            authors,
            now: publish.now,
            warnings: diags,
            scheduled,
            expired,
            drafts,
            next_change,
            lock,
            lock_added,
            saving,
        }),
        _ => {
            if let Some(h) = saving {
                let _ = h.join();
            }
            diag::sort(&mut diags);
            Err(diags)
        }
    }
}

/// Split the briefings and pages by language and index each edition under its root;
/// each edition remembers (from `lock`) the URLs under its own root, and the old URLs
/// of briefings that moved to it from another language (see [`crate::lock::lock_owner`]). Every
/// problem of every edition is reported.
#[allow(clippy::too_many_arguments)]
pub fn index_editions(
    root: &Path,
    cfg: &Config,
    cfgs: Vec<Config>,
    briefings: Vec<Briefing>,
    pages: Vec<Page>,
    lock: &Lock,
    withheld: &[crate::model::Withheld],
    authors: &Authors,
    cache: Option<&Path>,
) -> Result<Vec<Edition>, Vec<Diagnostic>> {
    let n = cfgs.len();
    let roots = crate::routes::editions::edition_roots(cfg);
    // Split by language, each list made at its size: a briefing is large, and a list
    // grown by doubling would hold up to twice the room for the whole build.
    let split: Vec<(Vec<Briefing>, Vec<Page>)> = if n == 1 {
        vec![(briefings, pages)]
    } else {
        let mut split: Vec<(Vec<Briefing>, Vec<Page>)> = (0..n)
            .map(|e| {
                let of = |lang: usize| lang.min(n - 1) == e;
                let bs = briefings.iter().filter(|b| of(b.lang)).count();
                let ps = pages.iter().filter(|p| of(p.lang)).count();
                (Vec::with_capacity(bs), Vec::with_capacity(ps))
            })
            .collect();
        for b in briefings {
            split[b.lang.min(n - 1)].0.push(b);
        }
        for p in pages {
            split[p.lang.min(n - 1)].1.push(p);
        }
        split
    };
    // Each edition remembers the URLs of its briefings, and of no one's, under its root,
    // and those under another root of briefings that moved to it.
    let views: Vec<Lock> = if n == 1 {
        Vec::new()
    } else {
        crate::lock::edition_locks(&roots, lock, split.iter().map(|(bs, _)| bs.as_slice()), withheld)
    };
    let mut diags = Vec::new();
    let mut editions = Vec::with_capacity(n);
    for (e, (ecfg, (bs, ps))) in cfgs.into_iter().zip(split).enumerate() {
        let view = if n == 1 { lock } else { &views[e] };
        // Keys link translations: a site with one language has none to link.
        let checked = if n == 1 { Ok(()) } else { crate::index::check_translation_keys(root, &bs) };
        // Each edition's index is read back from the build cache when nothing it is
        // made of changed (not past the size from which a build keeps no cache: see
        // `spill::UNCACHED_FROM`).
        let made = match cache.filter(|_| bs.len() < crate::spill::UNCACHED_FROM) {
            Some(dir) => {
                let key = crate::cache::index::key(&ecfg, &roots[e], &bs, &ps, view, authors);
                match key.and_then(|k| crate::cache::index::read(dir, e, k)) {
                    Some(index) => Ok(index),
                    None => {
                        let made = index_site(&ecfg, &roots[e], &bs, &ps, view, authors);
                        if let (Ok(index), Some(k)) = (&made, key) {
                            crate::cache::index::save(dir, e, k, index);
                        }
                        made
                    }
                }
            }
            None => index_site(&ecfg, &roots[e], &bs, &ps, view, authors),
        };
        match (made, checked) {
            (Ok(index), Ok(())) => editions.push(Edition { cfg: ecfg, briefings: bs, pages: ps, index }),
            (a, b) => {
                diags.extend(a.err().unwrap_or_default());
                diags.extend(b.err().unwrap_or_default());
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if let Some(dir) = cache {
        crate::cache::index::forget_from(dir, n);
    }
    if n > 1 {
        manifest::check_edition_roots(&editions)?;
        let any = editions.iter().any(|ed| !ed.index.redirects.is_empty());
        editions[0].index.redirect_list = any;
    }
    Ok(editions)
}

/// Give the briefings and pages their URLs, their old URLs (from `lock` and
/// `aliases:`), and index them; two sources of one URL, or two briefings of one id, are
/// errors naming both.
pub fn index_site(
    cfg: &Config,
    root: &str,
    briefings: &[Briefing],
    pages: &[Page],
    lock: &Lock,
    authors: &Authors,
) -> Result<Index, Vec<Diagnostic>> {
    let watch = crate::timing::Stopwatch::start("    index: ");
    check_ids(briefings)?;
    let permalinks = routes::locked_permalinks(&cfg.permalink, root, briefings, lock, briefings);
    let page_paths: Vec<String> = pages.iter().map(|p| routes::rooted(root, routes::page_path(p))).collect();
    watch.mark("ids and permalinks");
    let mut idx = build_index(cfg, briefings, permalinks, page_paths, authors);
    watch.mark("order, terms and dates");
    idx.root = root.to_string();
    idx.redirect_list = false;
    idx.redirects = manifest::redirects(briefings, &idx.permalinks, lock);
    watch.mark("redirects");
    // URL ownership does not depend on related briefings: check it meanwhile.
    let ((related, fit), urls) = rayon::join(
        || crate::index::related(&idx.taxonomies, cfg.tags_taxonomy(), &idx.rank, &idx.order),
        || manifest::check_urls(briefings, pages, &idx),
    );
    idx.related = related;
    idx.related_fit = fit;
    watch.mark("related and URL checks");
    urls?;
    Ok(idx)
}

/// Two briefings may not share an id: their URLs' history would mix.
fn check_ids(briefings: &[Briefing]) -> Result<(), Vec<Diagnostic>> {
    let mut seen: rustc_hash::FxHashMap<&str, &Path> = Default::default();
    let mut diags = Vec::new();
    for b in briefings {
        if let Some(first) = seen.insert(&b.id, &b.source) {
            diags.push(
                Diagnostic::error(
                    &b.source,
                    format!("id `{}` of `{}` is also the id of `{}`", b.id, b.source.display(), first.display()),
                )
                .hint("give one of them another `id:` in its front matter"),
            );
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// Every output file: its path relative to the output root and what goes in it.
pub type Files = Vec<(String, Content)>;

/// Render every page and list every file of the full site, in memory (for `check` and
/// `serve`; `build` streams instead).
pub fn render_all(loaded: &Loaded, inject: Option<&str>) -> Result<Files, Vec<Diagnostic>> {
    let copied = copied_files(loaded).map_err(|d| vec![d])?;
    let mut files: Files = Vec::new();
    for e in 0..loaded.editions.len() {
        let site = loaded.site(e);
        let prep: Prepared = render::prepare(&site, &loaded.templates[e])?;
        let outputs: Vec<Output> = render::render(&site, &prep, &loaded.templates[e], &loaded.routes(e).all(), inject)?;
        files.extend(outputs.into_iter().map(|o| (o.path, Content::Bytes(o.bytes))));
    }
    files.extend(copied);
    Ok(files)
}

/// Theme and site static files and content assets, checked against every generated file
/// and each other (the same check in build, check and serve).
pub fn copied_files(loaded: &Loaded) -> Result<Files, Diagnostic> {
    let mut copied = source::static_files(&loaded.root, &loaded.cfg);
    copied.extend(manifest::place_assets(&loaded.editions, &loaded.withheld, &loaded.assets, &loaded.root));
    manifest::check_copied(&loaded.editions, copied)
}
