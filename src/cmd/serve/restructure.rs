//! `serve` after a structural edit (a briefing added, deleted, retagged, redated or
//! moved): the index is made anew, the shared values keep what did not change, and
//! only the pages whose content differs are rendered (see [`super::structural`]).

use std::collections::HashSet;
use std::path::PathBuf;

use super::engine::{Engine, Rebuild};
use super::loaded::{record_lock, redirect_map};
use super::structural::{Plan, World, item_changes, plan};
use crate::diag::Diagnostic;
use crate::index::{Edition, Index};
use crate::model::Briefing;
use crate::render::{self, Reuse};
use crate::routes::{Route, Routes};
use crate::site::index_site;

impl Engine {
    /// The site with `briefings` (every published one, in load order) in place of the
    /// current ones; `reread` are the sources read again for this edit; `index` is
    /// their index when the caller has made it. Sites whose
    /// templates are not the default theme's, and edits that move a briefing with files
    /// beside it, are rendered whole. On error the engine keeps the last good site.
    pub(super) fn restructure(
        &mut self,
        briefings: Vec<Briefing>,
        reread: &HashSet<PathBuf>,
        index: Option<Index>,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        if !self.default_theme {
            return self.rerender_with(briefings);
        }
        let watch = crate::timing::Stopwatch::start("serve: ");
        let mark = |what: &str| watch.mark(what);
        let cfg = &self.loaded.cfg;
        let now = self.opts.now(cfg)?;
        let ed = &self.loaded.editions[0];
        let index = match index {
            Some(index) => index,
            None => index_site(cfg, "/", &briefings, &ed.pages, &self.loaded.lock, &self.loaded.authors)?,
        };
        mark("index");
        let publish = self.opts.publish(now);
        let (lock, lock_added) =
            super::loaded::lock_with(&self.loaded.lock, &publish, self.opts.locked, &briefings, &index.permalinks)?;
        let from: Vec<Option<usize>> = briefings.iter().map(|b| self.by_source.get(&b.source).copied()).collect();
        let reread: Vec<bool> = briefings.iter().map(|b| reread.contains(&b.source)).collect();
        // Files beside a briefing move with its page: a briefing with files that
        // appears, moves or goes takes the full way, which places them.
        let has_assets = |b: &Briefing| {
            self.loaded
                .assets
                .iter()
                .any(|a| a.rel.parent() == Some(b.dir.as_path()) || (b.bundle && a.rel.starts_with(&b.dir)))
        };
        let mut kept = vec![false; ed.briefings.len()];
        let mut moves_assets = false;
        for (j, b) in briefings.iter().enumerate() {
            match from[j] {
                Some(o) => {
                    kept[o] = true;
                    moves_assets |= ed.index.permalinks[o] != index.permalinks[j] && has_assets(b);
                }
                None => moves_assets |= has_assets(b),
            }
        }
        moves_assets |= kept.iter().zip(&ed.briefings).any(|(k, b)| !k && has_assets(b));
        if moves_assets {
            return self.rerender_with(briefings);
        }
        let fresh = Edition { cfg: ed.cfg.clone(), briefings, pages: ed.pages.clone(), index };
        let old_ed = std::mem::replace(&mut self.loaded.editions[0], fresh);
        let old_now = std::mem::replace(&mut self.loaded.now, now);
        let made = self.plan_structural(&old_ed, &from, &reread, &mark);
        let (prep, plan, changed) = match made {
            Some(Ok(made)) => made,
            failed => {
                let list = std::mem::replace(&mut self.loaded.editions[0], old_ed).briefings;
                self.loaded.now = old_now;
                return match failed {
                    Some(Err(d)) => Err(d),
                    // A new page over a copied file: the full way reports it.
                    _ => self.rerender_with(list),
                };
            }
        };
        // Committed from here on: the edit is good.
        self.prep = prep;
        self.loaded.lock = lock;
        self.loaded.lock_added = lock_added;
        self.lock_note = record_lock(&mut self.loaded)?;
        mark("urls.lock");
        let site = self.loaded.site(0);
        self.by_source = site.briefings.iter().enumerate().map(|(i, b)| (b.source.clone(), i)).collect();
        self.search.remap(&site, &from, |j| changed[j]);
        self.redirects = redirect_map(&self.loaded);
        mark("search records");
        // The search index is made while the pages render: it needs none of them.
        let (outs, search_made) = rayon::join(
            || render::render(&site, &self.prep, &self.loaded.templates[0], &plan.routes, Some(&self.inject)),
            || self.search.make(&site),
        );
        // Not served: the search index's next files are made whole.
        let outs = outs.inspect_err(|_| self.search.forget())?;
        mark("render, with the search index");
        let made: HashSet<&str> = outs.iter().map(|o| o.path.as_str()).collect();
        let mut removed: Vec<String> = Vec::new();
        // The sitemap is made again whole: parts it no longer has go.
        let sitemap_parts = self.files.keys().filter(|k| {
            k.strip_prefix("sitemap-")
                .and_then(|n| n.strip_suffix(".xml"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
        });
        let stale: Vec<String> =
            plan.removed.iter().cloned().chain(sitemap_parts.cloned()).filter(|p| !made.contains(p.as_str())).collect();
        for p in stale {
            if self.files.remove(&p).is_some() {
                removed.push(p);
            }
        }
        let changed_paths =
            super::loaded::serve_outputs(&mut self.files, &mut self.search, search_made, outs, &mut removed);
        mark("served");
        // Freeing ten thousand briefings takes 30-40 ms: off the edit's path, on a
        // thread of its own.
        std::thread::spawn(move || drop(old_ed));
        let lock_note = self.lock_note.take();
        Ok(Rebuild { pages: changed_paths.len(), full: false, changed: changed_paths, removed, lock_note })
    }

    /// The shared values of the edited site (now in `self.loaded`) and what to render,
    /// against the edition before the edit; `None` when a new page would take the path
    /// of a copied file.
    #[allow(clippy::type_complexity)]
    fn plan_structural(
        &self,
        old_ed: &Edition,
        from: &[Option<usize>],
        reread: &[bool],
        mark: &dyn Fn(&str),
    ) -> Option<Result<(render::Prepared, Plan, Vec<bool>), Vec<Diagnostic>>> {
        let site = self.loaded.site(0);
        let old = World { briefings: &old_ed.briefings, idx: &old_ed.index, prep: &self.prep };
        // Item values are compared by what they show; the shared values are only read
        // for site-wide counts, which `item_changes` does not need.
        let pre = World { briefings: site.briefings, idx: site.idx, prep: &self.prep };
        let (changed, same_terms) = item_changes(&old, &pre, from, reread);
        mark("changed items");
        let reuse = Reuse { old: &self.prep, from, changed: &changed, same_terms: &same_terms };
        let prep = match render::prepare_reusing(&site, &self.loaded.templates[0], Some(reuse)) {
            Ok(p) => p,
            Err(d) => return Some(Err(d)),
        };
        mark("shared values");
        let new = World { briefings: site.briefings, idx: site.idx, prep: &prep };
        let plan = plan(site.cfg, old, new, from, &changed);
        mark("affected routes");
        let routes = Routes::new(site.cfg, site.idx);
        if plan.fresh.iter().any(|&r| r != Route::SearchIndex && self.copied.contains(&routes.file(r))) {
            return None;
        }
        Some(Ok((prep, plan, changed)))
    }
}
