//! The in-memory site that `serve` keeps: a full build once, then on each change only
//! the changed files are re-parsed and only the pages that show them re-rendered.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::index::{Index, Site, page_count, page_slice};
use crate::model::Briefing;
use crate::outputs::search_index::{search_index_with, search_record};
use crate::render::{self, Prepared};
use crate::routes::{self, Route, Routes, manifest, output_file};
use crate::site::{Files, Loaded, Options, copied_files, index_site, load_site};
use crate::source::{self, FileRef, Kind, Verdict};
use crate::write::Content;

/// The files of the site as served: output path → bytes.
pub type FileMap = HashMap<String, Arc<Vec<u8>>>;

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// Files rendered again.
    pub pages: usize,
    /// True when everything was rebuilt (config, template, or structure change).
    pub full: bool,
    /// The output paths that changed (all of them when `full`).
    pub changed: Vec<String>,
    /// Output paths that no longer exist (a briefing moved to a new URL).
    pub removed: Vec<String>,
}

/// The site in memory with what is needed to update it.
pub struct Engine {
    opts: Options,
    inject: String,
    loaded: Loaded,
    prep: Prepared,
    /// Briefing index by source file as shown (`content/…`).
    by_source: HashMap<PathBuf, usize>,
    /// Search record of each briefing, reused while it does not change.
    search: Vec<Arc<Vec<u8>>>,
    /// The served files.
    pub files: FileMap,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("files", &self.files.len()).finish()
    }
}

fn read_all(files: Files) -> Result<FileMap, Vec<Diagnostic>> {
    let mut map = HashMap::with_capacity(files.len());
    for (rel, c) in files {
        let bytes = match c {
            Content::Bytes(b) => b,
            Content::Copy(p) => std::fs::read(&p).map_err(|e| {
                vec![Diagnostic::error(p, format!("cannot read: {e}")).hint("check the file's permissions")]
            })?,
        };
        map.insert(rel, Arc::new(bytes));
    }
    Ok(map)
}

impl Engine {
    /// Load and render the whole site. `inject` goes before `</body>` of every page.
    pub fn new(opts: Options, inject: String) -> Result<Engine, Vec<Diagnostic>> {
        let loaded = load_site(&opts)?;
        Self::from_loaded(opts, inject, loaded)
    }

    fn from_loaded(opts: Options, inject: String, loaded: Loaded) -> Result<Engine, Vec<Diagnostic>> {
        let site = loaded.site();
        let prep = render::prepare(&site, &loaded.templates)?;
        let copied = copied_files(&loaded).map_err(|d| vec![d])?;
        let all: Vec<Route> = loaded.routes().all().into_iter().filter(|r| *r != Route::SearchIndex).collect();
        let outs = render::render(&site, &prep, &loaded.templates, &all, Some(&inject))?;
        let search: Vec<Arc<Vec<u8>>> =
            (0..loaded.briefings.len()).map(|i| Arc::new(search_record(&site, i))).collect();
        let mut files: Files = outs.into_iter().map(|o| (o.path, Content::Bytes(o.bytes))).collect();
        files.extend(copied);
        let mut files = read_all(files)?;
        let idx = search_index_with(&site, &|i, out: &mut Vec<u8>| out.extend_from_slice(&search[i]));
        files.insert(output_file(routes::SEARCH_INDEX), Arc::new(idx));
        let by_source = loaded.briefings.iter().enumerate().map(|(i, b)| (b.source.clone(), i)).collect();
        Ok(Engine { opts, inject, loaded, prep, by_source, search, files })
    }

    /// Warnings of the last load.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.loaded.warnings
    }

    /// Number of published briefings.
    pub fn briefing_count(&self) -> usize {
        self.loaded.briefings.len()
    }

    /// Update after `changed` (absolute or root-relative paths) changed on disk. On error
    /// the engine keeps the last good site.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Vec<Diagnostic>> {
        let root = self.opts.root.clone();
        let content = root.join("content");
        let mut md: Vec<PathBuf> = Vec::new();
        let mut full = false;
        for p in changed {
            let p = if p.is_absolute() { p.clone() } else { root.join(p) };
            let in_content = p.starts_with(&content);
            if p.strip_prefix(&root).is_ok_and(source::is_hidden) {
                continue;
            }
            let kind = source::kind_of(p.strip_prefix(&content).unwrap_or(&p));
            // Editors' temporary files come and go within one batch of events.
            let known_asset = self.loaded.assets.iter().any(|a| a.path == p);
            if !p.exists() && kind == Kind::Asset && !known_asset && in_content {
                continue;
            }
            if in_content && kind == Kind::Briefing {
                md.push(p);
            } else {
                full = true;
            }
        }
        if full {
            return self.rebuild_all();
        }
        if md.is_empty() {
            return Ok(Rebuild { pages: 0, full: false, changed: Vec::new(), removed: Vec::new() });
        }
        md.sort();
        md.dedup();
        // Re-parse the changed briefings; anything but an edit of a published briefing
        // that stays published changes the structure and goes the full way, still
        // without re-reading the other files.
        let mut edits: Vec<(usize, Briefing)> = Vec::new();
        let mut structural = false;
        let mut diags = Vec::new();
        let mut briefings = None::<Vec<Briefing>>;
        for abs in &md {
            let rel = abs.strip_prefix(&content).unwrap_or(abs).to_path_buf();
            let shown = crate::diag::display_path(&root, abs);
            let known = self.by_source.get(&shown).copied();
            if !abs.is_file() {
                if let Some(i) = known {
                    structural = true;
                    briefings
                        .get_or_insert_with(|| self.loaded.briefings.clone())
                        .retain(|b| b.source != self.loaded.briefings[i].source);
                }
                continue;
            }
            let f = FileRef { abs: abs.clone(), rel, shown };
            let parsed = source::load_briefing(&f, &self.loaded.cfg);
            let mut ds = parsed.diags;
            source::apply_strict(&mut ds, self.loaded.cfg.strict);
            if ds.iter().any(Diagnostic::is_error) {
                diags.extend(ds);
                continue;
            }
            let Some(b) = parsed.item else { continue };
            let published = self.opts.publish().verdict(&b) == Verdict::Published;
            match (known, published) {
                (Some(i), true) if !structural => edits.push((i, b)),
                (Some(i), _) => {
                    structural = true;
                    let list = briefings.get_or_insert_with(|| self.loaded.briefings.clone());
                    let src = self.loaded.briefings[i].source.clone();
                    list.retain(|x| x.source != src);
                    if published {
                        list.push(b);
                    }
                }
                (None, true) => {
                    structural = true;
                    briefings.get_or_insert_with(|| self.loaded.briefings.clone()).push(b);
                }
                (None, false) => {}
            }
        }
        if !diags.is_empty() {
            crate::diag::sort(&mut diags);
            return Err(diags);
        }
        if structural {
            let mut list = briefings.unwrap_or_else(|| self.loaded.briefings.clone());
            for (i, b) in edits {
                let src = self.loaded.briefings[i].source.clone();
                if let Some(slot) = list.iter_mut().find(|x| x.source == src) {
                    *slot = b;
                }
            }
            list.sort_by(|a, b| a.source.cmp(&b.source));
            return self.rerender_with(list);
        }
        self.apply_edits(edits)
    }

    fn rebuild_all(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let fresh = Engine::new(self.opts.clone(), self.inject.clone())?;
        let pages = fresh.files.len();
        *self = fresh;
        Ok(Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new() })
    }

    /// New briefing list, same config and templates: index, prepare, render all.
    fn rerender_with(&mut self, briefings: Vec<Briefing>) -> Result<Rebuild, Vec<Diagnostic>> {
        let index = index_site(&self.loaded.cfg, &briefings, &self.loaded.pages)?;
        let loaded = Loaded {
            root: self.loaded.root.clone(),
            cfg: self.loaded.cfg.clone(),
            templates: crate::templates::load(&self.opts.root, &self.loaded.cfg.theme)?,
            briefings,
            pages: self.loaded.pages.clone(),
            assets: self.loaded.assets.clone(),
            index,
            warnings: Vec::new(),
            scheduled: Vec::new(),
            drafts: 0,
        };
        let fresh = Engine::from_loaded(self.opts.clone(), self.inject.clone(), loaded)?;
        let pages = fresh.files.len();
        *self = fresh;
        Ok(Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new() })
    }

    /// Edits that keep every briefing published and the site's structure: re-render
    /// only the pages that show a changed briefing or whose neighbours changed.
    fn apply_edits(&mut self, edits: Vec<(usize, Briefing)>) -> Result<Rebuild, Vec<Diagnostic>> {
        let watch = crate::timing::Stopwatch::start("serve: ");
        let mark = |what: &str| watch.mark(what);
        // The common edit (title, summary, body) keeps every briefing's date, slug and
        // terms: the index cannot change, so it is not rebuilt.
        let same_place = edits.iter().all(|(i, b)| {
            let o = &self.loaded.briefings[*i];
            o.date.timestamp() == b.date.timestamp()
                && o.slug == b.slug
                && o.uncut_slug == b.uncut_slug
                && o.terms == b.terms
        });
        let lastmod_changed = edits.iter().any(|(i, b)| {
            let o = &self.loaded.briefings[*i];
            o.updated.as_ref().map(|z| z.timestamp()) != b.updated.as_ref().map(|z| z.timestamp())
        });
        if same_place {
            for (i, b) in edits.iter() {
                self.loaded.briefings[*i] = b.clone();
            }
            mark("index unchanged");
            return self.rerender_changed(edits.iter().map(|(i, _)| *i).collect(), None, lastmod_changed, &mark);
        }
        // A new slug with the same date and terms (a retitled briefing, usually) only
        // moves URLs: the index is patched, not rebuilt. Not for cut slugs, whose URL
        // depends on the other briefings' (routes::permalinks): those index anew.
        let slugs_only = edits.iter().all(|(i, b)| {
            let o = &self.loaded.briefings[*i];
            o.date.timestamp() == b.date.timestamp()
                && o.terms == b.terms
                && o.uncut_slug.is_none()
                && b.uncut_slug.is_none()
        });
        let mut briefings = std::mem::take(&mut self.loaded.briefings);
        let mut olds = Vec::with_capacity(edits.len());
        for (i, b) in &edits {
            olds.push((*i, std::mem::replace(&mut briefings[*i], b.clone())));
        }
        let changed: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let cfg = &self.loaded.cfg;
        let patched = slugs_only
            .then(|| {
                let permalinks = changed.iter().map(|&i| routes::permalink(&cfg.permalink, &briefings[i])).collect();
                crate::index::with_new_permalinks(&self.loaded.index, &briefings, &changed, permalinks)
            })
            .flatten()
            .map(|idx| {
                manifest::check_changed_urls(&briefings, &self.loaded.pages, &idx, &changed)?;
                Ok(idx)
            });
        let built = patched.unwrap_or_else(|| index_site(cfg, &briefings, &self.loaded.pages));
        let new_index = match built {
            Ok(ix) => ix,
            Err(d) => {
                // Put the previous versions back: the engine keeps the last good site.
                for (i, b) in olds {
                    briefings[i] = b;
                }
                self.loaded.briefings = briefings;
                return Err(d);
            }
        };
        mark("index");
        // A briefing that moved to a new URL and has files beside it takes the full way,
        // so its assets move too.
        let moved_with_assets = edits.iter().any(|(i, b)| {
            self.loaded.index.permalinks[*i] != new_index.permalinks[*i]
                && self
                    .loaded
                    .assets
                    .iter()
                    .any(|a| a.rel.parent() == Some(b.dir.as_path()) || (b.bundle && a.rel.starts_with(&b.dir)))
        });
        // Another briefing's URL can change too when cut slugs stop or start colliding
        // (routes::permalinks): rare, so it takes the full way.
        let others_moved = self
            .loaded
            .index
            .permalinks
            .iter()
            .zip(&new_index.permalinks)
            .enumerate()
            .any(|(i, (o, n))| o != n && !edits.iter().any(|(e, _)| *e == i));
        if moved_with_assets || others_moved || !same_structure(&self.loaded.index, &new_index) {
            let result = self.rerender_with(briefings.clone());
            if result.is_err() {
                for (i, b) in olds {
                    briefings[i] = b;
                }
                self.loaded.briefings = briefings;
            }
            return result;
        }
        let old_index = std::mem::replace(&mut self.loaded.index, new_index);
        self.loaded.briefings = briefings;
        self.rerender_changed(edits.iter().map(|(i, _)| *i).collect(), Some(old_index), true, &mark)
    }

    /// Re-render what shows the `changed` briefings; `old_index` is the index before the
    /// change when it was rebuilt.
    fn rerender_changed(
        &mut self,
        changed: HashSet<usize>,
        old_index: Option<Index>,
        lastmod_changed: bool,
        mark: &dyn Fn(&str),
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        let site = self.loaded.site();
        for &i in &changed {
            render::update_prepared(&site, &self.loaded.templates, &mut self.prep, i).map_err(|d| vec![d])?;
            self.search[i] = Arc::new(search_record(&site, i));
        }
        let old = old_index.as_ref().unwrap_or(&self.loaded.index);
        let mut removed = Vec::new();
        for &i in &changed {
            if old.permalinks[i] != site.idx.permalinks[i] {
                let gone = output_file(&old.permalinks[i]);
                if self.files.remove(&gone).is_some() {
                    removed.push(gone);
                }
            }
        }
        let affected = affected_routes(&site, old, &changed, lastmod_changed);
        mark("affected routes");
        let outs = render::render(&site, &self.prep, &self.loaded.templates, &affected, Some(&self.inject))?;
        mark("render");
        let mut changed_paths = Vec::with_capacity(outs.len() + 1);
        for o in outs {
            changed_paths.push(o.path.clone());
            self.files.insert(o.path, Arc::new(o.bytes));
        }
        let search = &self.search;
        let idx = search_index_with(&site, &|i, out: &mut Vec<u8>| out.extend_from_slice(&search[i]));
        self.files.insert(output_file(routes::SEARCH_INDEX), Arc::new(idx));
        changed_paths.push(output_file(routes::SEARCH_INDEX));
        mark("search index");
        Ok(Rebuild { pages: changed_paths.len(), full: false, changed: changed_paths, removed })
    }
}

/// True when two indexes have the same terms, dates and pages, with the same counts:
/// then every list page keeps its URL and only its items may change.
fn same_structure(a: &Index, b: &Index) -> bool {
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

/// The routes whose output can differ after `changed` briefings were edited: their own
/// pages, pages whose prev/next or related lists changed or name them, every list page
/// whose slice changed or holds them, their term feeds, the site feeds when they hold
/// them, and the sitemap when a date it lists changed.
fn affected_routes(site: &Site, old: &Index, changed: &HashSet<usize>, lastmod_changed: bool) -> Vec<Route> {
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
                shows_change(&a[..a.len().min(n)], &b[..b.len().min(n)])
            }
            Route::Sitemap => lastmod_changed,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn briefing(title: &str, date: &str, tags: &str, extra: &str) -> String {
        format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n{extra}---\nBody of {title}.\n")
    }

    /// A title whose slug is cut before its last words.
    const LONG: &str =
        "Ruby security advisory on directory traversal in Dir.mktmpdir and Tempfile.create, CVE-2018-6914";

    /// After each kind of change, the incremental result must equal a full rebuild.
    #[test]
    fn incremental_updates_match_a_full_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", "paginate: 2\nbase_url: https://h.example/\n");
        for i in 0..7 {
            write(
                root,
                &format!("content/b{i}.md"),
                &briefing(
                    &format!("Brief {i}"),
                    &format!("2024-07-{:02}", 10 + i % 3),
                    if i % 2 == 0 { "a, b" } else { "b" },
                    "",
                ),
            );
        }
        let opts = Options { root: root.to_path_buf(), ..Options::default() };
        let mut engine = Engine::new(opts.clone(), String::new()).unwrap();
        let steps: Vec<(&str, String, bool)> = vec![
            // A new slug that moves the briefing past a same-day one (index rebuilt),
            // then one that keeps its place (index patched).
            ("content/b2.md", briefing("Brief 2", "2024-07-12", "a, b", "slug: zz-two\n"), false),
            ("content/b2.md", briefing("Brief 2", "2024-07-12", "a, b", "slug: zz-three\n"), false),
            ("content/b3.md", briefing("Brief 3 retitled", "2024-07-10", "b", ""), false),
            (
                "content/b3.md",
                briefing("Brief 3 retitled", "2024-07-10", "b", "updated: 2024-07-20\nsummary: \"New sum\"\n"),
                false,
            ),
            ("content/b4.md", briefing("Brief 4", "2024-07-12", "b", "slug: moved\n"), false),
            ("content/b5.md", briefing("Brief 5", "2024-07-09", "a, b", ""), true),
            ("content/b6.md", briefing("Brief 6", "2024-07-12", "c", ""), true),
            ("content/b7.md", briefing("Brief 7 new", "2024-07-11", "a", ""), true),
            // Long titles whose cut slugs collide on one day: kept apart, and together
            // again when one of them no longer collides (issue 12).
            ("content/b1.md", briefing(&format!("{LONG} Korean"), "2024-07-11", "b", ""), false),
            ("content/b7.md", briefing(&format!("{LONG} Japanese"), "2024-07-11", "a", ""), false),
            ("content/b7.md", briefing(&format!("{LONG} Japanese, edited"), "2024-07-11", "a", ""), false),
            ("content/b1.md", briefing("Brief 1 short again", "2024-07-11", "b", ""), false),
        ];
        for (rel, text, _structural) in steps {
            let p = write(root, rel, &text);
            engine.update(&[p]).unwrap();
            let fresh = Engine::new(opts.clone(), String::new()).unwrap();
            let mut keys: Vec<&String> = fresh.files.keys().collect();
            keys.sort();
            let mut mine: Vec<&String> = engine.files.keys().collect();
            mine.sort();
            assert_eq!(mine, keys, "after {rel}");
            for k in keys {
                assert_eq!(
                    String::from_utf8_lossy(&engine.files[k]),
                    String::from_utf8_lossy(&fresh.files[k]),
                    "{k} differs after changing {rel}"
                );
            }
        }
        // A broken file is an error and leaves the site as it was.
        let before = engine.files.clone();
        let p = write(root, "content/b1.md", "---\ntitle: x\ndate: 2024-02-30\n---\n");
        let err = engine.update(&[p]).unwrap_err();
        assert_eq!(err[0].line, 3);
        assert_eq!(engine.files.len(), before.len());
        assert!(engine.files.iter().all(|(k, v)| before[k] == *v));
        // A deleted briefing disappears.
        std::fs::remove_file(root.join("content/b0.md")).unwrap();
        let r = engine.update(&[root.join("content/b0.md")]).unwrap();
        assert!(r.full);
        assert!(!engine.files.contains_key("2024/07/10/brief-0/index.html"));
    }
}
