//! `brief build`: load, render, write; one closing line.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::items::Items;
use crate::cache::pages::{Pages, Stamp};
use crate::diag::Diagnostic;
use crate::outputs::search;
use crate::render::{self, Prepared};
use crate::routes::Route;
use crate::site::{Loaded, Options, copied_files, load_site_spilled};
use crate::spill::Spill;
use crate::write::{Staging, WriteError, WriteStats};

/// What a build did.
#[derive(Debug)]
pub struct Report {
    /// Briefings published.
    pub briefings: usize,
    /// File writes.
    pub stats: WriteStats,
    /// Terms of the tags taxonomy.
    pub tags: usize,
    /// Days with briefings.
    pub days: usize,
    /// Briefings dated in the future, skipped.
    pub scheduled: Vec<PathBuf>,
    /// Briefings past their `expires:`.
    pub expired: Vec<PathBuf>,
    /// When the output would next change by itself.
    pub next_change: Option<crate::site::NextChange>,
    /// URLs newly recorded in `urls.lock`.
    pub lock_added: usize,
    /// Drafts skipped.
    pub drafts: usize,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    /// The closing line.
    pub fn summary(&self) -> String {
        let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        format!(
            "built {}, {} written ({} unchanged), {}, {} in {:.2} s",
            n(self.briefings, "briefing", "briefings"),
            n(self.stats.written + self.stats.unchanged, "page", "pages"),
            self.stats.unchanged,
            n(self.tags, "tag", "tags"),
            n(self.days, "day", "days"),
            self.elapsed.as_secs_f64()
        )
    }
}

/// A finished build: its report, and the parsed site it was made from, which the caller
/// may drop or, when the process is about to end, leave for the exit to free.
pub struct Built {
    /// What the build did.
    pub report: Report,
    _site: Loaded,
    _prepared: Vec<Prepared>,
}

/// Build the site of `opts` into `output` (default `public/` in the site). Pages are
/// written as they are rendered, into a staging folder swapped in at the end.
pub fn run(opts: &Options, output: Option<PathBuf>) -> Result<Built, Vec<Diagnostic>> {
    let out = output.unwrap_or_else(|| opts.root.join("public"));
    // Bodies and list items wait on disk, beside the output where its spare tree is, in
    // a file without a name (see `crate::spill`): memory holds what the indexes need.
    let spill = || {
        out.parent()
            .map(|p| if p.as_os_str().is_empty() { std::path::Path::new(".") } else { p })
            .filter(|p| p.is_dir())
            .and_then(Spill::create)
    };
    let first = spill();
    match run_with(opts, &out, first.clone()) {
        // A body the build cache kept did not read back as it was saved (the disk
        // changed it): the build published nothing; it is made again without the kept
        // parses, as if there were none.
        Err(_) if first.as_ref().is_some_and(|s| s.lent_failed()) => {
            eprintln!("note: the build cache's parses did not read back whole: parsing every briefing again");
            crate::cache::parsed::forget(&opts.root);
            run_with(opts, &out, spill())
        }
        built => built,
    }
}

fn run_with(opts: &Options, out: &Path, spill: Option<Arc<Spill>>) -> Result<Built, Vec<Diagnostic>> {
    let start = Instant::now();
    let t = crate::timing::Stopwatch::start("");
    let out = out.to_path_buf();
    let write_err = |e: WriteError| match e {
        WriteError::Read { path, source } => {
            Diagnostic::error(crate::diag::display_path(&opts.root, &path), format!("cannot read: {source}"))
                .hint("check the file's permissions; the previous output is unchanged")
        }
        e => Diagnostic::error(crate::diag::display_path(&opts.root, &out), e.to_string())
            .hint("the previous output is unchanged; fix the cause and build again"),
    };
    // The output is locked and its spare tree listed (on a thread of its own) while the
    // site loads.
    let cache = if opts.no_cache { None } else { crate::cache::dir(&opts.root) };
    let staging = Staging::begin(&out, &opts.root, cache.as_deref()).map_err(|e| vec![write_err(e)])?;
    // The pages the last build made into this output, to keep those whose inputs are
    // the same rather than render them again. A build with no previous output has
    // nothing to keep: it takes no fingerprints (they cost a first build about 5% of its
    // time), and the next build, which renders every page too, records them. So are the
    // list items' costly parts (kept where pages are). Both records (megabytes on a
    // large site) are read while the site loads.
    let (loaded, (pages, items)) = rayon::join(
        || load_site_spilled(opts, spill.clone(), true),
        || {
            let pages = match (opts.no_cache, staging.has_previous()) {
                (true, _) => None,
                (false, true) => Pages::open(&opts.root, &out),
                (false, false) => {
                    Pages::forget(&opts.root, &out);
                    None
                }
            };
            let items = pages.as_ref().and_then(|_| Items::open(&opts.root)).map(Arc::new);
            (pages, items)
        },
    );
    let mut loaded = loaded?;
    t.mark("load (config, templates, discover, parse, index)");
    // A rebuild that keeps most of its output frees little, and what it would give back
    // it takes again page by page (a page fault each) moments later.
    let keeps = pages.is_some() && loaded.briefing_count() < crate::spill::UNCACHED_FROM;
    if !keeps {
        crate::memory::release_free();
    }
    // Static files are checked against every generated file before anything is
    // rendered, so a clash costs nothing.
    let extra = copied_files(&loaded).map_err(|d| vec![d])?;
    let kept = AtomicUsize::new(0);
    let kept_same = AtomicUsize::new(0);
    // The search indexes a rebuild brought up to date, to save for the next one.
    let to_save = std::sync::Mutex::new(Vec::new());
    let program = crate::cache::program_id();
    let mut prepared = Vec::with_capacity(loaded.editions.len());
    let apart = [Route::Sitemap, Route::SearchIndex, Route::SearchIndexJson];
    for e in 0..loaded.editions.len() {
        let site = loaded.site(e);
        let templates = &loaded.templates[e];
        let all = loaded.routes(e).all();
        let sitemap = all.contains(&Route::Sitemap);
        let routes: Vec<Route> = all.into_iter().filter(|r| !apart.contains(r)).collect();
        // The site's shape and which briefings changed since the last build, weighed
        // once the values every page shares are made and before the list items are:
        // when only some briefings changed, an item is made when a page that shows it
        // is (see `render::Sketch`), and most never are.
        let weighed = std::sync::OnceLock::new();
        let weigh = |sketch: &render::Sketch| {
            weighed.get_or_init(|| {
                let shape = render::Shape::of(&site, sketch, templates);
                let old = pages.as_ref().and_then(|p| render::Shape::decode(p.shape(e)));
                let changed = old.and_then(|old| shape.changed_since(&old));
                (shape, changed)
            })
        };
        let lazily = |sketch: &render::Sketch| weigh(sketch).1.is_some();
        let prepare = || {
            let prep = render::prepare_spilled(&site, templates, spill.as_ref(), items.as_ref(), Some(&lazily))?;
            // The bodies read for the items' summaries are garbage now.
            if !keeps {
                crate::memory::release_free();
            }
            Ok::<_, Vec<Diagnostic>>(prep)
        };
        let render_pages = |prep: &Prepared| {
            // What changed since the last build, when it is only some briefings: the
            // pages that cannot show them are kept without being made (see
            // `render::Shape`).
            let mut changed = None;
            let memo = pages.as_ref().map(|pages| {
                let (shape, since) = weigh(&prep.sketch());
                let same = since.as_ref().map(|c| {
                    changed = Some(c.len());
                    render::affected_routes(&site, site.idx, c, true).into_iter().collect()
                });
                pages.set_shape(e, shape.encode());
                Staged { staging: &staging, pages, err: &write_err, kept: &kept, kept_same: &kept_same, same }
            });
            render::render_each(
                &site,
                prep,
                templates,
                &routes,
                None,
                memo.as_ref().map(|m| m as &dyn render::Memo),
                &|o| staging.put(&o.path, &o.bytes).map(|_| ()).map_err(write_err),
            )
            .map(|()| changed)
        };
        // A rebuild with its caches keeps most pages, and brings the search index the
        // last build saved up to date (see `outputs::search::Saved`): it starts beside
        // the shared values. A first build (and one too large for the caches) makes the
        // index whole after them, so that its postings are not held while the shared
        // values peak.
        // The search index is made on one thread (reading its briefings in parallel)
        // while the others render pages, each of its files written as soon as it is
        // made; the index in one file, when asked for, is streamed to its file, never
        // whole in memory. So is the sitemap, made there first (megabytes on a large
        // site, and while the search index is still small).
        let search_files = || {
            if sitemap {
                crate::outputs::sitemap::sitemaps_streamed(&site, |path, fill| {
                    staging.put_with(path, |w| fill(w)).map_err(write_err)
                })
                .map_err(|d| vec![d])?;
            }
            let sink = |o: crate::outputs::Output| staging.put(&o.path, &o.bytes).map(|_| ()).map_err(write_err);
            let described = match (&items, &pages, program) {
                // A rebuild brings the index the last build saved up to date, taking the
                // summaries and words of unchanged bodies from its cache rather than
                // decompress every body, and keeps the files of it that did not change.
                (Some(items), Some(pages), Some(program)) if keeps => {
                    let texts = KeptTexts { items, site: &site };
                    let file = cache.as_deref().and_then(|dir| search::Saved::file(dir, &out, e));
                    let bytes = file.as_ref().and_then(|f| crate::mapped::read(f).ok());
                    // Its files kept are counted by the index, not with the pages.
                    let uncounted = AtomicUsize::new(0);
                    let memo = Staged {
                        staging: &staging,
                        pages,
                        err: &write_err,
                        kept: &uncounted,
                        kept_same: &uncounted,
                        same: None,
                    };
                    let keep = |path: &str, fingerprint: u128| render::Memo::keep(&memo, path, fingerprint);
                    let put = |o: crate::outputs::Output, fingerprint: u128| {
                        staging.put(&o.path, &o.bytes).map_err(write_err)?;
                        render::Memo::made(&memo, &o.path, fingerprint)
                    };
                    let outlet = search::Outlet { keep: &keep, put: &put };
                    let saved = search::rebuild_files(&site, &texts, bytes.as_deref(), program, &outlet)
                        .map_err(|d| vec![d])?;
                    let described = saved.describe();
                    if let Some(file) = file {
                        to_save.lock().unwrap_or_else(|e| e.into_inner()).push((file, saved));
                    }
                    Ok(Some(described))
                }
                (Some(items), _, _) => {
                    let texts = KeptTexts { items, site: &site };
                    search::search_files_with(&site, &texts, &sink).map(|()| None)
                }
                _ => search::search_files(&site, &sink).map(|()| None),
            }
            .map_err(|d: Diagnostic| vec![d])?;
            if site.cfg.search_index_json {
                let file = loaded.routes(e).file(Route::SearchIndexJson);
                staging
                    .put_with(&file, |w| crate::outputs::search_index::write_search_index(&site, w))
                    .map_err(|e| vec![write_err(e)])?;
            }
            Ok::<Option<String>, Vec<Diagnostic>>(described)
        };
        let (made, search) = if keeps {
            // Each side is timed on its own (they overlap).
            rayon::join(
                || {
                    let t = crate::timing::Stopwatch::start("  ");
                    let prep = prepare()?;
                    t.mark("prepare (beside the search index)");
                    let c = render_pages(&prep)?;
                    t.mark("render and write pages (beside the search index)");
                    Ok((prep, c))
                },
                || {
                    let t = crate::timing::Stopwatch::start("  ");
                    let r = search_files();
                    match &r {
                        Ok(Some(how)) => t.mark(&format!("sitemap and search index (beside the pages; {how})")),
                        _ => t.mark("sitemap and search index (beside the pages)"),
                    }
                    r
                },
            )
        } else {
            let prep = prepare()?;
            t.mark("prepare");
            let (made, search) = rayon::join(|| render_pages(&prep), search_files);
            (made.map(|c| (prep, c)), search)
        };
        let (prep, changed) = made?;
        search?;
        prepared.push(prep);
        let stage = if keeps {
            "prepare, render and write pages, search index"
        } else {
            "render and write pages, search index"
        };
        match changed {
            Some(n) => t.mark(&format!("{stage} (shape: only {n} briefings changed since the last build)")),
            None => t.mark(stage),
        }
    }
    extra
        .par_iter()
        .try_for_each(|(rel, c)| staging.put_content(rel, c).map(|_| ()).map_err(write_err))
        .map_err(|d| vec![d])?;
    // A body or list item that could not be read back made a wrong page: publish nothing.
    if let Some(s) = &spill {
        s.check().map_err(|e| {
            vec![
                Diagnostic::error(crate::diag::display_path(&opts.root, &out), e)
                    .hint("the previous output is unchanged; check the disk and build again"),
            ]
        })?;
    }
    let (kept, kept_same) = (kept.into_inner(), kept_same.into_inner());
    let reused = items.as_ref().map(|i| i.reused());
    // The list items' cache is saved while the output is swapped in: it holds parts by
    // the digests of what they are made of, true whatever this build publishes.
    let stats = std::thread::scope(|scope| {
        if let Some(items) = items {
            scope.spawn(move || items.save());
        }
        let to_save = to_save.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(program) = program.filter(|_| !to_save.is_empty()) {
            scope.spawn(move || {
                for (file, saved) in to_save {
                    let _ = saved.save(&file, program);
                }
            });
        }
        let committed = staging.commit().map_err(|e| vec![write_err(e)])?;
        // The record follows the published output (a cache: a failure to save it only
        // costs the next build its reuse).
        match pages {
            Some(pages) => {
                t.mark(&format!(
                    "pages: {kept} kept without rendering ({kept_same} of them by the shape alone), {} recorded",
                    pages.recorded()
                ));
                let _ = pages.save();
            }
            None => t.mark("pages: 0 kept without rendering, none recorded"),
        }
        if let Some(n) = reused {
            let later: Option<usize> = prepared.iter().filter_map(Prepared::items_made_later).reduce(|a, b| a + b);
            match later {
                Some(m) => t.mark(&format!("list items: {m} made as pages showed them; {n} summaries, search texts and rendered items read back")),
                None => t.mark(&format!("list items: {n} summaries, search texts and rendered items read back")),
            }
        }
        // The lock follows the output: it records what is now published.
        if !loaded.lock_added.is_empty() {
            let written =
                crate::source::write_lock(&opts.root, &mut loaded.lock).map_err(|e| {
                    vec![Diagnostic::error(crate::lock::FILE, format!("cannot write: {e}")).hint(
                        "the site was built; check the site folder's permissions and build again to record its URLs",
                    )]
                })?;
            if !written {
                eprintln!(
                    "warning: urls.lock changed during the build: its {} new URLs were not recorded, to keep \
                         what was written there; build again to record them",
                    loaded.lock_added.len()
                );
                loaded.lock_added.clear();
            }
        }
        if let Some(h) = loaded.saving.take() {
            let _ = h.join();
        }
        let stats = committed.stats;
        committed.wait();
        // The records of outputs built long ago go (this output's were just written).
        if let Some(dir) = &cache {
            crate::cache::prune_outputs(dir, &out);
        }
        Ok::<_, Vec<Diagnostic>>(stats)
    })?;
    t.mark("static files, assets and swap");
    if let Some(s) = &spill {
        t.mark(&format!("spill: {} bytes of bodies and list items kept on disk", s.len()));
    }
    let report = Report {
        briefings: loaded.briefing_count(),
        stats,
        tags: loaded
            .editions
            .iter()
            .map(|ed| ed.cfg.tags_taxonomy().map_or(0, |t| ed.index.taxonomies[t].terms.len()))
            .sum(),
        days: loaded.editions.iter().flat_map(|ed| &ed.index.years).flat_map(|y| &y.months).map(|m| m.days.len()).sum(),
        scheduled: std::mem::take(&mut loaded.scheduled),
        expired: std::mem::take(&mut loaded.expired),
        next_change: loaded.next_change.take(),
        lock_added: loaded.lock_added.len(),
        drafts: loaded.drafts,
        warnings: std::mem::take(&mut loaded.warnings),
        elapsed: start.elapsed(),
    };
    Ok(Built { report, _site: loaded, _prepared: prepared })
}

/// Each briefing's summary and search words for the search index, kept in the list
/// items' cache by its body's digest.
struct KeptTexts<'a> {
    items: &'a Items,
    site: &'a crate::index::Site<'a>,
}

impl crate::outputs::search::Texts for KeptTexts<'_> {
    fn texts(&self, i: usize, made: &dyn Fn() -> (String, String)) -> (String, String) {
        self.items.get_or_make_two(Items::texts_key(self.site.briefings[i].content.digest()), made)
    }
}

/// The pages the last build made, kept through the staging output.
struct Staged<'a> {
    staging: &'a Staging,
    pages: &'a Pages,
    err: &'a (dyn Fn(WriteError) -> Diagnostic + Sync),
    /// Pages kept.
    kept: &'a AtomicUsize,
    /// Pages kept by [`render::Memo::keep_same`].
    kept_same: &'a AtomicUsize,
    /// When only some briefings changed since the last build: the routes that can
    /// show them.
    same: Option<HashSet<Route>>,
}

impl render::Memo for Staged<'_> {
    fn keep(&self, file: &str, fingerprint: u128) -> Result<bool, Diagnostic> {
        let Some(old) = self.pages.get(file).filter(|r| r.stamp.fingerprint == fingerprint) else {
            return Ok(false);
        };
        let kept = self.staging.keep_if(file, |m| old.stamp.describes(m)).map_err(self.err)?;
        if kept {
            // The new output's file is the very file the stamp was taken of.
            old.keep();
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        Ok(kept)
    }

    fn same_inputs(&self, route: Route) -> bool {
        self.same.as_ref().is_some_and(|affected| render::covers(route) && !affected.contains(&route))
    }

    fn keeps_by_inputs(&self) -> bool {
        self.same.is_some()
    }

    fn keep_same(&self, file: &str) -> Result<bool, Diagnostic> {
        let Some(old) = self.pages.get(file) else {
            return Ok(false);
        };
        let kept = self.staging.keep_if(file, |m| old.stamp.describes(m)).map_err(self.err)?;
        if kept {
            old.keep();
            self.kept.fetch_add(1, Ordering::Relaxed);
            self.kept_same.fetch_add(1, Ordering::Relaxed);
        }
        Ok(kept)
    }

    fn made(&self, file: &str, fingerprint: u128) -> Result<(), Diagnostic> {
        if let Some(m) = self.staging.made_metadata(file) {
            self.pages.record(file, Stamp::of(fingerprint, &m));
        }
        Ok(())
    }
}
