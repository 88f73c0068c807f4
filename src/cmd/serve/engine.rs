//! The in-memory site that `serve` keeps: a full build once, then on each change only
//! the changed files are re-parsed and only the pages that show them re-rendered.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::loaded::{read_all, record_lock, redirect_map};
use super::restructure::Change;
use crate::diag::Diagnostic;
use crate::index::{Edition, Index, Peers};
use crate::model::Briefing;
use crate::outputs::search::SearchCache;
use crate::render::{self, Prepared};
use crate::render::{affected_routes, same_structure};
use crate::routes::{self, Route, Routes, manifest, output_file};
use crate::site::{Files, Loaded, Options, copied_files, index_site, load_site};
use crate::source::{self, FileRef, Kind};
use crate::write::Content;

/// The files of the site as served: output path → bytes.
pub type FileMap = HashMap<String, Arc<Vec<u8>>>;

/// What a rebuild did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rebuild {
    /// Files rendered again.
    pub pages: usize,
    /// True when everything was rebuilt (config, templates, languages; see `restructure`).
    pub full: bool,
    /// The output paths that changed (all of them when `full`).
    pub changed: Vec<String>,
    /// Output paths that no longer exist (a briefing moved to a new URL).
    pub removed: Vec<String>,
    /// What was recorded in `urls.lock`, to say so.
    pub lock_note: Option<String>,
}

/// The site in memory with what is needed to update it.
pub struct Engine {
    pub(super) opts: Options,
    pub(super) inject: String,
    pub(super) loaded: Loaded,
    pub(super) prep: Prepared,
    /// What the search index holds of each briefing, read again only when it changes.
    pub(super) search: SearchCache,
    /// The same two of each other language edition, in order (none for a site with one
    /// language): an edit of a briefing's text in any edition renders only what shows
    /// it (see `super::editions`).
    pub(super) others: Vec<(Prepared, SearchCache)>,
    /// Each edition's URLs of urls.lock (see `lock::edition_lock`), kept as edits add
    /// to the lock (none for a site with one language, whose edition has them all).
    pub(super) views: Vec<crate::lock::Lock>,
    /// The served files.
    pub files: FileMap,
    /// Old URLs (as output files) and the URL each now answers with a 301.
    pub redirects: HashMap<String, String>,
    pub(super) lock_note: Option<String>,
    /// Output paths of the copied files (static files and assets): no new page may take
    /// one without the full check.
    pub(super) copied: HashSet<String>,
    /// The templates are the default theme's: structural edits render only what they
    /// change (see `structural`).
    pub(super) default_theme: bool,
    /// Files made from every briefing for machines (the sitemaps, the one-file search
    /// index), each with its edition, that an edit left to be made once its pages are
    /// served (see [`Engine::catch_up`]).
    pub(super) deferred: Vec<(usize, Route)>,
    /// An edit failed after it had changed the engine's briefings or index (its pages
    /// did not render): the next change rebuilds whole from the files, so no page is
    /// made from an edit that was never served and the error stays until it is mended.
    pub(super) unsure: bool,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("files", &self.files.len()).finish()
    }
}

impl Engine {
    /// Load and render the whole site. `inject` goes before `</body>` of every page.
    pub fn new(opts: Options, inject: String) -> Result<Engine, Vec<Diagnostic>> {
        let loaded = load_site(&opts)?;
        Self::from_loaded(opts, inject, loaded)
    }

    fn from_loaded(opts: Options, inject: String, mut loaded: Loaded) -> Result<Engine, Vec<Diagnostic>> {
        // Room for briefings added while serve runs: the first one added would otherwise
        // move the whole list (megabytes at 10,000 briefings) while the edit waits.
        for ed in &mut loaded.editions {
            ed.briefings.reserve(64);
        }
        let copied = copied_files(&loaded).map_err(|d| vec![d])?;
        let mut files: Files = Vec::new();
        let mut preps = Vec::with_capacity(loaded.editions.len());
        for e in 0..loaded.editions.len() {
            let site = loaded.site(e);
            let prep = render::prepare(&site, &loaded.templates[e])?;
            let all: Vec<Route> = loaded.routes(e).all().into_iter().filter(|r| *r != Route::SearchIndex).collect();
            let outs = render::render(&site, &prep, &loaded.templates[e], &all, Some(&inject))?;
            files.extend(outs.into_iter().map(|o| (o.path, Content::Bytes(o.bytes))));
            preps.push(prep);
        }
        let copied_paths = copied.iter().map(|(p, _)| p.clone()).collect();
        files.extend(copied);
        let mut files = read_all(files)?;
        // Each edition's search index, kept for incremental updates.
        let mut searches: Vec<SearchCache> = (0..loaded.editions.len())
            .map(|e| {
                let mut search = SearchCache::new(&loaded.site(e));
                search.refresh(&loaded.site(e), &mut files);
                search.mark_all();
                search
            })
            .collect();
        let mut preps = preps.into_iter();
        let prep = preps.next().expect("a site has a default edition");
        let search = searches.remove(0);
        let others = preps.zip(searches).collect();
        let redirects = redirect_map(&loaded);
        let default_theme = super::structural::default_theme(&loaded.templates[0]);
        // Last, as a build does: a site that fails (a redirect over a static file, a
        // template error) is not served, so its new URLs were never published.
        let lock_note = record_lock(&mut loaded)?;
        let views = super::editions::views(&loaded);
        Ok(Engine {
            opts,
            inject,
            views,
            loaded,
            prep,
            search,
            others,
            files,
            redirects,
            lock_note,
            copied: copied_paths,
            default_theme,
            deferred: Vec::new(),
            unsure: false,
        })
    }

    /// What the last load or rebuild recorded in `urls.lock`, once.
    pub fn take_lock_note(&mut self) -> Option<String> {
        self.lock_note.take()
    }

    /// Warnings of the last load.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.loaded.warnings
    }

    /// The position of the briefing read from `source` (as its `source` shows it), if
    /// the site has it: the list is kept sorted by source (as `content/` is read).
    pub(super) fn position_of(&self, source: &std::path::Path) -> Option<usize> {
        let list = &self.loaded.editions[0].briefings;
        list.binary_search_by(|b| b.source.as_path().cmp(source)).ok()
    }

    /// Whether `file` (urls.lock as read, or the error reading it) holds the URLs this
    /// engine's site was made with, as it writes them.
    pub fn lock_is(&self, file: &std::io::Result<Vec<u8>>) -> bool {
        file.as_ref().is_ok_and(|b| *b == self.loaded.lock.render().as_bytes())
    }

    /// Number of published briefings, every edition's.
    pub fn briefing_count(&self) -> usize {
        self.loaded.briefing_count()
    }

    /// Update after `changed` (absolute or root-relative paths) changed on disk. On error
    /// the engine keeps the last good site.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Vec<Diagnostic>> {
        // What the last edit left is made first (the server does so as soon as it has
        // served an edit: this is for a caller that did not).
        let behind = self.catch_up()?;
        let before = self.loaded.lock_added.len();
        let mut r = self.update_pages(changed)?;
        if !r.full && self.takes_over(before) {
            // A briefing's file with a new id publishes its old URL: its other old URLs
            // go with it (see `lock::takeovers`), which the full way records and places.
            r = self.rebuild_all()?;
        }
        if !r.full {
            r.pages += behind.pages;
            r.changed.extend(behind.changed);
            r.removed.extend(behind.removed);
        }
        r.lock_note = behind.lock_note.or(r.lock_note);
        Ok(r)
    }

    /// Whether a URL the last edit recorded (those of `lock_added` past `from`) is a
    /// takeover of a briefing no file has now.
    fn takes_over(&self, from: usize) -> bool {
        let added = self.loaded.lock_added.get(from..).unwrap_or_default();
        let lists: Vec<&[Briefing]> = self.loaded.editions.iter().map(|ed| ed.briefings.as_slice()).collect();
        // Drafts are not kept here: a takeover from one only sends the edit the full way,
        // which knows them.
        !crate::lock::site_takeovers(&self.loaded.lock, added, &lists, &[]).is_empty()
    }

    fn update_pages(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Vec<Diagnostic>> {
        let root = self.opts.root.clone();
        let content = root.join("content");
        let mut md: Vec<PathBuf> = Vec::new();
        let mut full = false;
        for p in changed {
            let p = if p.is_absolute() { p.clone() } else { root.join(p) };
            let in_content = p.starts_with(&content);
            if p.strip_prefix(&root).is_ok_and(source::is_ignored) {
                continue;
            }
            let kind = source::kind_of(p.strip_prefix(&content).unwrap_or(&p), &self.loaded.cfg);
            // Editors' temporary files come and go within one batch of events; a folder
            // removed (or moved away) with the files it held is a change of them all.
            if !p.exists() && kind == Kind::Asset && in_content && !self.had(&p) {
                continue;
            }
            if in_content && kind == Kind::Briefing {
                md.push(p);
            } else {
                full = true;
            }
        }
        if full || self.unsure || self.change_is_due() {
            return self.rebuild_all();
        }
        // Editions share translations, hreflang and the sitemap (see `super::editions`).
        if self.loaded.editions.len() > 1 {
            md.sort();
            md.dedup();
            return self.edit_in_editions(&md);
        }
        if md.is_empty() {
            return Ok(Rebuild::default());
        }
        md.sort();
        md.dedup();
        let watch = crate::timing::Stopwatch::start("serve: ");
        // Re-parse the changed briefings; anything but an edit of a published briefing
        // that stays published changes the structure and goes the full way, still
        // without re-reading the other files.
        let mut edits: Vec<(usize, Briefing)> = Vec::new();
        let mut structural = false;
        let mut diags = Vec::new();
        let mut changes: Vec<Change> = Vec::new();
        for abs in &md {
            let rel = abs.strip_prefix(&content).unwrap_or(abs).to_path_buf();
            let shown = crate::diag::display_path(&root, abs);
            let known = self.position_of(&shown);
            if !abs.is_file() {
                if self.withhold(&shown, None) {
                    return self.rebuild_all();
                }
                if let Some(i) = known {
                    structural = true;
                    changes.push((Some(i), None));
                }
                continue;
            }
            let f = FileRef { abs: abs.clone(), rel, shown };
            let publish = self.opts.publish(self.opts.now(&self.loaded.cfg)?);
            let next = &mut self.loaded.next_change;
            let (b, published) = match super::loaded::read_edited(&self.loaded.cfg, &f, &publish, next) {
                Ok(Some(read)) => read,
                Ok(None) => continue,
                Err(ds) => {
                    diags.extend(ds);
                    continue;
                }
            };
            if self.withhold(&f.shown, Some((&b, published))) {
                return self.rebuild_all();
            }
            // An edit that changes what other pages list about a briefing beyond its
            // slug (its id, old URLs, corrections, expiry) rebuilds the index.
            let keeps_record = known.is_some_and(|i| {
                let o = &self.loaded.editions[0].briefings[i];
                o.id == b.id
                    && o.aliases == b.aliases
                    && o.corrections == b.corrections
                    && o.expires == b.expires
                    && o.expired == b.expired
            });
            if known.is_some() && !keeps_record {
                structural = true;
            }
            match (known, published) {
                (Some(i), true) if !structural => edits.push((i, b)),
                (Some(i), _) => {
                    structural = true;
                    changes.push((Some(i), published.then_some(b)));
                }
                (None, true) => {
                    structural = true;
                    changes.push((None, Some(b)));
                }
                (None, false) => {}
            }
        }
        if !diags.is_empty() {
            crate::diag::sort(&mut diags);
            return Err(diags);
        }
        watch.mark("read the changed files");
        if structural {
            changes.extend(edits.into_iter().map(|(i, b)| (Some(i), Some(b))));
            return self.restructure(0, changes, None);
        }
        self.apply_edits(edits)
    }

    pub(super) fn rebuild_all(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let fresh = Engine::new(self.opts.clone(), self.inject.clone())?;
        let pages = fresh.files.len();
        *self = fresh;
        let lock_note = self.take_lock_note();
        Ok(Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new(), lock_note })
    }

    /// New briefing list, same config and templates: index, prepare, render all.
    pub(super) fn rerender_with(&mut self, briefings: Vec<Briefing>) -> Result<Rebuild, Vec<Diagnostic>> {
        let cfg = &self.loaded.cfg;
        let index =
            index_site(cfg, "/", &briefings, &self.loaded.editions[0].pages, &self.loaded.lock, &self.loaded.authors)?;
        let publish = self.opts.publish(self.opts.now(cfg)?);
        let (lock, lock_added) = super::loaded::lock_with(
            &self.loaded.lock,
            &self.loaded.withheld,
            &publish,
            self.opts.locked,
            briefings.iter().zip(index.permalinks.iter().map(String::as_str)),
        )?;
        let lock = lock.unwrap_or_else(|| self.loaded.lock.clone());
        let edition = Edition { cfg: cfg.clone(), briefings, pages: self.loaded.editions[0].pages.clone(), index };
        let loaded = Loaded {
            root: self.loaded.root.clone(),
            cfg: self.loaded.cfg.clone(),
            templates: vec![crate::templates::load(&self.opts.root, &cfg.theme, &cfg.language)?],
            peers: Peers::default(),
            editions: vec![edition],
            assets: self.loaded.assets.clone(),
            withheld: self.loaded.withheld.clone(),
            authors: self.loaded.authors.clone(),
            warnings: Vec::new(),
            scheduled: Vec::new(),
            expired: Vec::new(),
            drafts: 0,
            now: publish.now,
            next_change: self.loaded.next_change.clone(),
            lock,
            lock_added,
            saving: None,
        };
        let mut fresh = Engine::from_loaded(self.opts.clone(), self.inject.clone(), loaded)?;
        let pages = fresh.files.len();
        let lock_note = fresh.take_lock_note();
        *self = fresh;
        Ok(Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new(), lock_note })
    }

    /// Edits that keep every briefing published and the site's structure: re-render
    /// only the pages that show a changed briefing or whose neighbours changed.
    fn apply_edits(&mut self, edits: Vec<(usize, Briefing)>) -> Result<Rebuild, Vec<Diagnostic>> {
        let watch = crate::timing::Stopwatch::start("serve: ");
        let mark = |what: &str| watch.mark(what);
        // The news sitemap counts back from the time of this change.
        self.loaded.now = self.opts.now(&self.loaded.cfg)?;
        // The common edit (title, summary, body) keeps every briefing's date, slug and
        // terms: the index cannot change, so it is not rebuilt.
        let same_place = edits.iter().all(|(i, b)| {
            let o = &self.loaded.editions[0].briefings[*i];
            o.date.timestamp() == b.date.timestamp()
                && o.slug == b.slug
                && o.uncut_slug == b.uncut_slug
                && o.terms == b.terms
                && o.authors == b.authors
        });
        let lastmod_changed = edits.iter().any(|(i, b)| {
            let o = &self.loaded.editions[0].briefings[*i];
            o.modified().timestamp() != b.modified().timestamp()
        });
        if same_place {
            // A draft published by this edit (shown before with `--drafts`) keeps its
            // URL, which goes into urls.lock now.
            let ed = &self.loaded.editions[0];
            let added = self.new_urls(edits.iter().map(|(i, b)| (b, ed.index.permalinks[*i].as_str())))?;
            for (i, b) in edits.iter() {
                self.loaded.editions[0].briefings[*i] = b.clone();
            }
            mark("index unchanged");
            let rebuilt =
                self.rerender_changed(0, edits.iter().map(|(i, _)| *i).collect(), None, lastmod_changed, &mark);
            return self.record_urls(rebuilt, added);
        }
        // A new slug with the same date, terms and authors (a retitled briefing, usually)
        // only moves URLs: the index is patched, not rebuilt. Not for cut slugs, whose URL
        // depends on the other briefings' (routes::permalinks): those index anew.
        let slugs_only = edits.iter().all(|(i, b)| {
            let o = &self.loaded.editions[0].briefings[*i];
            o.date.timestamp() == b.date.timestamp()
                && o.terms == b.terms
                && o.authors == b.authors
                && o.uncut_slug.is_none()
                && b.uncut_slug.is_none()
        });
        let mut briefings = std::mem::take(&mut self.loaded.editions[0].briefings);
        let mut olds = Vec::with_capacity(edits.len());
        for (i, b) in &edits {
            olds.push((*i, std::mem::replace(&mut briefings[*i], b.clone())));
        }
        let changed: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let cfg = &self.loaded.cfg;
        let patched = slugs_only
            .then(|| {
                let permalinks = changed.iter().map(|&i| routes::permalink(&cfg.permalink, &briefings[i])).collect();
                crate::index::with_new_permalinks(&self.loaded.editions[0].index, &briefings, &changed, permalinks)
            })
            .flatten()
            .map(|idx| {
                manifest::check_changed_urls(&briefings, &self.loaded.editions[0].pages, &idx, &changed)?;
                Ok(idx)
            });
        let lock = &self.loaded.lock;
        let built = patched
            .map(|r| {
                // The old URLs now redirect; a new URL may not be another's old one.
                r.and_then(|mut idx| {
                    idx.redirects = manifest::redirects(&briefings, &idx.permalinks, lock);
                    manifest::check_changed_redirects(&briefings, &idx, &changed)?;
                    Ok(idx)
                })
            })
            .unwrap_or_else(|| {
                // Each edited briefing in its place, read again.
                let from: Vec<Option<usize>> = (0..briefings.len()).map(Some).collect();
                let mut reread = vec![false; briefings.len()];
                for &i in &changed {
                    reread[i] = true;
                }
                let gone: Vec<&Briefing> = olds.iter().map(|(_, b)| b).collect();
                let edit = super::reindex::ListEdit { from: &from, reread: &reread, gone: &gone };
                let old = &self.loaded.editions[0].index;
                super::reindex::patch(cfg, old, &briefings, edit, lock, &self.loaded.authors).map(Ok).unwrap_or_else(
                    || index_site(cfg, "/", &briefings, &self.loaded.editions[0].pages, lock, &self.loaded.authors),
                )
            });
        let new_index = match built {
            Ok(ix) => ix,
            Err(d) => {
                // Put the previous versions back: the engine keeps the last good site.
                self.put_back(briefings, olds);
                return Err(d);
            }
        };
        mark("index");
        // A briefing that moved to a new URL and has files beside it takes the full way,
        // so its assets move too.
        let moved_with_assets = edits.iter().any(|(i, b)| {
            self.loaded.editions[0].index.permalinks[*i] != new_index.permalinks[*i]
                && self
                    .loaded
                    .assets
                    .iter()
                    .any(|a| a.rel.parent() == Some(b.dir.as_path()) || (b.bundle && a.rel.starts_with(&b.dir)))
        });
        // Another briefing's URL can change too when cut slugs stop or start colliding
        // (routes::permalinks): rare, so it takes the full way.
        let others_moved = self.loaded.editions[0]
            .index
            .permalinks
            .iter()
            .zip(&new_index.permalinks)
            .enumerate()
            .any(|(i, (o, n))| o != n && !edits.iter().any(|(e, _)| *e == i));
        if moved_with_assets || others_moved || !same_structure(&self.loaded.editions[0].index, &new_index) {
            // The structural way makes the edit itself: put the site back as it was first.
            self.put_back(briefings, olds);
            let changes = edits.into_iter().map(|(i, b)| (Some(i), Some(b))).collect();
            return self.restructure(0, changes, Some(new_index));
        }
        // The new URLs go into urls.lock (the old ones are there already).
        let added = match self.new_urls(changed.iter().map(|&i| (&briefings[i], new_index.permalinks[i].as_str()))) {
            Ok(added) => added,
            Err(d) => {
                self.put_back(briefings, olds);
                return Err(d);
            }
        };
        let old_index = std::mem::replace(&mut self.loaded.editions[0].index, new_index);
        self.loaded.editions[0].briefings = briefings;
        let rebuilt = self.rerender_changed(0, edits.iter().map(|(i, _)| *i).collect(), Some(old_index), true, &mark);
        self.record_urls(rebuilt, added)
    }

    /// Make `briefings`, with the versions before an edit (`olds`) put back, the site's
    /// list again: the engine keeps the last good site.
    fn put_back(&mut self, mut briefings: Vec<Briefing>, olds: Vec<(usize, Briefing)>) {
        for (i, b) in olds {
            briefings[i] = b;
        }
        self.loaded.editions[0].briefings = briefings;
    }

    /// Once an edit has `rebuilt` the pages it changes, put `added` (see
    /// [`Engine::new_urls`]) into urls.lock, written once the pages are served
    /// ([`Engine::catch_up`] says so). An edit that fails records nothing, as a build
    /// that fails: its URLs were never served. (Rendering does not read the lock: the
    /// index has the old URLs already.) It leaves the engine [`Engine::unsure`].
    pub(super) fn record_urls(
        &mut self,
        rebuilt: Result<Rebuild, Vec<Diagnostic>>,
        added: Vec<(String, String)>,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        let rebuilt = rebuilt.inspect_err(|_| self.unsure = true)?;
        if !added.is_empty() {
            self.loaded.lock = std::mem::take(&mut self.loaded.lock).with_added(&added);
            super::editions::add_to_views(&self.loaded, &mut self.views, &added);
        }
        self.loaded.lock_added.extend(added);
        Ok(rebuilt)
    }

    /// Re-render what shows the `changed` briefings of edition `e`; `old_index` is the
    /// edition's index before the change when it was rebuilt.
    pub(super) fn rerender_changed(
        &mut self,
        e: usize,
        changed: HashSet<usize>,
        old_index: Option<Index>,
        lastmod_changed: bool,
        mark: &dyn Fn(&str),
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        let site = self.loaded.site(e);
        let (prep, search) = super::editions::state(&mut self.prep, &mut self.search, &mut self.others, e);
        for &i in &changed {
            render::update_prepared(&site, &self.loaded.templates[e], prep, i).map_err(|d| vec![d])?;
            search.update(&site, i);
        }
        let old = old_index.as_ref().unwrap_or(&self.loaded.editions[e].index);
        let mut removed = Vec::new();
        for &i in &changed {
            if old.permalinks[i] != site.idx.permalinks[i] {
                let gone = output_file(&old.permalinks[i]);
                if self.files.remove(&gone).is_some() {
                    removed.push(gone);
                }
            }
        }
        let mut affected = affected_routes(&site, old, &changed, lastmod_changed);
        if site.cfg.search_index_json {
            affected.push(Route::SearchIndexJson);
        }
        if old.redirects != site.idx.redirects {
            // Old URLs moved: every redirect page and `_redirects` are made again.
            for r in &old.redirects {
                let gone = output_file(&r.from);
                if !site.idx.redirects.iter().any(|n| n.from == r.from) && self.files.remove(&gone).is_some() {
                    removed.push(gone);
                }
            }
            if site.idx.redirects.is_empty() && self.files.remove(&output_file(routes::REDIRECTS)).is_some() {
                removed.push(output_file(routes::REDIRECTS));
            }
            affected.extend(Routes::new(site.cfg, site.idx).all().into_iter().filter(|r| r.is_redirect()));
            self.redirects = redirect_map(&self.loaded);
        }
        mark("affected routes");
        // The search index is made while the pages render: it needs none of them.
        let (outs, made) = rayon::join(
            || render::render(&site, prep, &self.loaded.templates[e], &affected, Some(&self.inject)),
            || search.make(&site),
        );
        // Not served: the search index's next files are made whole.
        let outs = outs.inspect_err(|_| search.forget())?;
        mark("render, with the search index");
        let changed_paths = super::loaded::serve_outputs(&mut self.files, search, made, outs, &mut removed);
        mark("served");
        // An old URL that is now a redirect page was made again, not removed.
        removed.retain(|p| !self.files.contains_key(p));
        let lock_note = self.lock_note.take();
        Ok(Rebuild { pages: changed_paths.len(), full: false, changed: changed_paths, removed, lock_note })
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
