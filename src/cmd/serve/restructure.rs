//! `serve` after a structural edit (a briefing added, deleted, retagged, redated or
//! moved): the index is made anew, the shared values keep what did not change, and
//! only the pages whose content differs are rendered (see [`super::structural`]).

use std::collections::HashSet;

use super::engine::{Engine, Rebuild};
use super::loaded::{record_lock, redirect_map};
use super::reindex::ListEdit;
use super::structural::{Plan, World, item_changes, plan};
use crate::diag::Diagnostic;
use crate::index::{Edition, Index, Redirect};
use crate::model::Briefing;
use crate::render::{self, Reuse};
use crate::routes::{Route, Routes, manifest};
use crate::site::index_site;

/// One change of an edit to the list of briefings: the briefing at a position removed
/// (`(Some(i), None)`), replaced (`(Some(i), Some(b))`) or a new one added (`(None,
/// Some(b))`).
pub(super) type Change = (Option<usize>, Option<Briefing>);

/// The list `old` (sorted by source) made anew by an edit.
struct Changed {
    /// The briefings after the edit, still sorted by source.
    list: Vec<Briefing>,
    /// For each of `list`, its position in `old` (none for a new one).
    from: Vec<Option<usize>>,
    /// For each of `list`, whether it was read again (new or changed).
    reread: Vec<bool>,
    /// The briefings `old` had that `list` does not, with their positions in `old`.
    gone: Vec<(usize, Briefing)>,
}

/// `list` with `changes` made, in place: a briefing replaced where it is, those removed
/// taken out in one pass, those added put where their sources sort (one at a time, or
/// merged in one pass when there are many, as after a checkout). Made anew, the list
/// (ten thousand briefings of most of a kilobyte each) took 8-12 ms of a 50 ms edit,
/// most of it the system handing over the new list's pages.
fn changed_list(mut list: Vec<Briefing>, changes: Vec<Change>) -> Changed {
    let mut from: Vec<Option<usize>> = (0..list.len()).map(Some).collect();
    let mut reread = vec![false; list.len()];
    let mut at: Vec<(usize, Option<Briefing>)> = Vec::new();
    let mut added = Vec::new();
    for (i, b) in changes {
        match i {
            Some(i) => at.push((i, b)),
            None => added.extend(b),
        }
    }
    // A position changed twice keeps its last change.
    at.sort_by_key(|(i, _)| *i);
    let mut at = at.into_iter().peekable();
    let mut removed = vec![false; list.len()];
    let mut gone = Vec::new();
    while let Some((i, b)) = at.next() {
        if at.peek().is_some_and(|(j, _)| *j == i) {
            continue;
        }
        match b {
            // The same source: the same place.
            Some(new) => {
                gone.push((i, std::mem::replace(&mut list[i], new)));
                reread[i] = true;
            }
            None => removed[i] = true,
        }
    }
    if removed.contains(&true) {
        let mut i = 0;
        let taken = list.extract_if(.., |_| {
            i += 1;
            removed[i - 1]
        });
        gone.extend(removed.iter().enumerate().filter(|(_, r)| **r).map(|(k, _)| k).zip(taken));
        let mut k = 0;
        from.retain(|_| {
            k += 1;
            !removed[k - 1]
        });
        let mut k = 0;
        reread.retain(|_| {
            k += 1;
            !removed[k - 1]
        });
    }
    gone.sort_by_key(|(i, _)| *i);
    if added.len() <= 8 {
        for b in added {
            let at = list.partition_point(|x| x.source < b.source);
            list.insert(at, b);
            from.insert(at, None);
            reread.insert(at, true);
        }
        return Changed { list, from, reread, gone };
    }
    added.sort_by(|a, b| a.source.cmp(&b.source));
    let n = list.len() + added.len();
    let mut c =
        Changed { list: Vec::with_capacity(n), from: Vec::with_capacity(n), reread: Vec::with_capacity(n), gone };
    let mut new = added.into_iter().peekable();
    for ((b, f), r) in list.into_iter().zip(from).zip(reread) {
        while let Some(a) = new.next_if(|a| a.source <= b.source) {
            c.list.push(a);
            c.from.push(None);
            c.reread.push(true);
        }
        c.list.push(b);
        c.from.push(f);
        c.reread.push(r);
    }
    for a in new {
        c.list.push(a);
        c.from.push(None);
        c.reread.push(true);
    }
    c
}

/// The list before [`changed_list`] made `list` of it (every briefing of `list` read
/// again, as `reread` says, goes; the `gone` ones come back).
fn list_before(list: Vec<Briefing>, reread: &[bool], gone: Vec<(usize, Briefing)>) -> Vec<Briefing> {
    let mut list: Vec<Briefing> = list.into_iter().zip(reread).filter(|(_, r)| !**r).map(|(b, _)| b).collect();
    list.extend(gone.into_iter().map(|(_, b)| b));
    list.sort_by(|a, b| a.source.cmp(&b.source));
    list
}

impl Engine {
    /// Make what an edit left for after its pages (see `deferred`): the new URLs written
    /// into urls.lock (a record for later builds, which no page shows), the sitemaps and
    /// the one-file search index, which show no briefing to a reader. The server serves
    /// an edit's pages and tells the browsers, then makes these.
    pub fn catch_up(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let lock_note = record_lock(&mut self.loaded)?;
        let deferred = std::mem::take(&mut self.deferred);
        let mut r = Rebuild { pages: 0, full: false, changed: Vec::new(), removed: Vec::new(), lock_note };
        if deferred.is_empty() {
            return Ok(r);
        }
        let mut outs = Vec::new();
        for e in 0..self.loaded.editions.len() {
            let routes: Vec<Route> = deferred.iter().filter(|(f, _)| *f == e).map(|(_, r)| *r).collect();
            if !routes.is_empty() {
                let site = self.loaded.site(e);
                let tpl = &self.loaded.templates[e];
                outs.extend(render::render(&site, self.prep_of(e), tpl, &routes, Some(&self.inject))?);
            }
        }
        let made: HashSet<&str> = outs.iter().map(|o| o.path.as_str()).collect();
        // The sitemap (the default edition's) is made again whole: parts it no longer
        // has go.
        if deferred.contains(&(0, Route::Sitemap)) {
            r.removed = self
                .files
                .keys()
                .filter(|k| {
                    k.strip_prefix("sitemap-")
                        .and_then(|n| n.strip_suffix(".xml"))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
                        && !made.contains(k.as_str())
                })
                .cloned()
                .collect();
        }
        for p in &r.removed {
            self.files.remove(p);
        }
        for o in outs {
            r.changed.push(o.path.clone());
            self.files.insert(o.path, std::sync::Arc::new(o.bytes));
        }
        r.pages = r.changed.len();
        Ok(r)
    }

    /// Edition `e`'s site with `changes` made to its briefings (the list stays in load
    /// order); `index` is the new list's index when the caller has made it. Sites whose
    /// templates are not the default theme's, and edits that move a briefing with files
    /// beside it, are rendered whole. On a site with several editions, the other
    /// editions' pages that link to this one's changed versions are rendered too (see
    /// `super::editions`). On error the engine keeps the last good site.
    pub(super) fn restructure(
        &mut self,
        e: usize,
        changes: Vec<Change>,
        index: Option<Index>,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        let several = self.loaded.editions.len() > 1;
        if !self.default_theme {
            if several {
                return self.rebuild_all();
            }
            let changed = changed_list(self.loaded.editions[0].briefings.clone(), changes);
            return self.rerender_with(changed.list);
        }
        // Before the list is taken: an error returned after would leave the engine without it.
        let now = self.opts.now(&self.loaded.cfg)?;
        let watch = crate::timing::Stopwatch::start("serve: ");
        let mark = |what: &str| watch.mark(what);
        // What the other editions' pages link to in this one, before the edit.
        let linked_before = several.then(|| super::editions::links_into(&self.loaded, e));
        if several {
            mark("links into the edition");
        }
        let Changed { list: briefings, from, reread, gone } =
            changed_list(std::mem::take(&mut self.loaded.editions[e].briefings), changes);
        let put_back = |engine: &mut Engine, list: Vec<Briefing>, gone: Vec<(usize, Briefing)>| {
            engine.loaded.editions[e].briefings = list_before(list, &reread, gone);
        };
        mark("list changed");
        // Each edition remembers the old URLs under its own root, and those of briefings
        // that moved to it (as a build indexes it): an edit that takes a version from
        // an edition, or brings one, may give old URLs to another.
        let moves = match several {
            true => {
                let taken: Vec<&Briefing> = gone.iter().map(|(_, b)| b).collect();
                let fresh = |j: usize| from[j].is_none() || reread[j];
                super::editions::moved_urls(&self.loaded, e, &briefings, fresh, &taken)
            }
            false => Vec::new(),
        };
        // Made in the views now, taken back if the edit is refused.
        super::editions::move_urls(&mut self.views, &moves, false);
        let ed = &self.loaded.editions[e];
        let cfg = &ed.cfg;
        let lock_view = if several { &self.views[e] } else { &self.loaded.lock };
        let index = match index {
            Some(index) => Ok(index),
            None => {
                let gone: Vec<&Briefing> = gone.iter().map(|(_, b)| b).collect();
                let edit = ListEdit { from: &from, reread: &reread, gone: &gone };
                match super::reindex::patch(cfg, &ed.index, &briefings, edit, lock_view, &self.loaded.authors) {
                    Some(index) => Ok(index),
                    None => index_site(cfg, &ed.index.root, &briefings, &ed.pages, lock_view, &self.loaded.authors),
                }
            }
        };
        mark("index");
        let publish = self.opts.publish(now);
        let locked = index.and_then(|index| {
            // The lock has the URL of every briefing the edit left where it was.
            let moved = (0..briefings.len())
                .filter(|&j| from[j].is_none_or(|o| reread[j] || ed.index.permalinks[o] != index.permalinks[j]));
            let lock = super::loaded::lock_with(
                &self.loaded.lock,
                &self.loaded.withheld,
                &publish,
                self.opts.locked,
                moved.map(|j| (&briefings[j], index.permalinks[j].as_str())),
            );
            lock.map(|lock| (index, lock))
        });
        let (index, (lock, lock_added)) = match locked {
            Ok(done) => done,
            Err(d) => {
                put_back(self, briefings, gone);
                super::editions::move_urls(&mut self.views, &moves, true);
                return Err(d);
            }
        };
        // Files beside a briefing move with its page: a briefing with files that
        // appears, moves or goes takes the full way, which places them.
        let has_assets = |b: &Briefing| {
            self.loaded
                .assets
                .iter()
                .any(|a| a.rel.parent() == Some(b.dir.as_path()) || (b.bundle && a.rel.starts_with(&b.dir)))
        };
        let mut kept = vec![false; ed.index.permalinks.len()];
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
        moves_assets |= gone.iter().any(|(o, b)| !kept[*o] && has_assets(b));
        if moves_assets {
            if several {
                put_back(self, briefings, gone);
                return self.rebuild_all();
            }
            put_back(self, briefings.clone(), gone);
            return self.rerender_with(briefings);
        }
        let fresh = Edition { cfg: ed.cfg.clone(), briefings, pages: ed.pages.clone(), index };
        let old_ed = std::mem::replace(&mut self.loaded.editions[e], fresh);
        let old_now = std::mem::replace(&mut self.loaded.now, now);
        if several {
            self.loaded.peers.relink(&self.loaded.editions, e, &from, &reread);
        }
        // The other editions that keep old URLs this edit moved: the redirects of the
        // briefings whose URLs moved, anew.
        let ids: HashSet<&str> = moves.iter().map(|m| m.0.as_str()).collect();
        let mut others: Vec<usize> = moves.iter().flat_map(|m| [m.2, m.3]).filter(|&f| f != e).collect();
        others.sort_unstable();
        others.dedup();
        let moved: Vec<(usize, Vec<Redirect>)> = others
            .into_iter()
            .map(|f| (f, super::editions::redirects_after(&self.loaded.editions[f], &ids, &self.views[f])))
            .collect();
        let moved: Vec<(usize, Vec<Redirect>)> = moved
            .into_iter()
            .map(|(f, made)| (f, std::mem::replace(&mut self.loaded.editions[f].index.redirects, made)))
            .collect();
        let checked = several.then(|| self.check_editions(e));
        if several {
            mark("translations linked, editions checked");
        }
        let made = match checked {
            Some(Err(d)) => Some(Err(d)),
            Some(Ok(false)) => None,
            // An old URL given to another edition over a copied file or a file made at
            // a fixed path: the full way reports it.
            _ if self.moved_onto_files(&moved) => None,
            _ => self.plan_structural(e, &old_ed, &from, &reread, &mark),
        };
        let (prep, plan, changed) = match made {
            Some(Ok(made)) => made,
            failed => {
                for (f, redirects) in moved {
                    self.loaded.editions[f].index.redirects = redirects;
                }
                let list = std::mem::replace(&mut self.loaded.editions[e], old_ed).briefings;
                self.loaded.now = old_now;
                // A new page over a copied file: the full way reports it.
                let whole = (failed.is_none() && !several).then(|| list.clone());
                put_back(self, list, gone);
                if several {
                    // The list as it was, linked again.
                    self.loaded.peers = crate::index::Peers::link(&self.loaded.editions);
                }
                return match (failed, whole) {
                    (Some(Err(d)), _) => {
                        super::editions::move_urls(&mut self.views, &moves, true);
                        Err(d)
                    }
                    (_, Some(list)) => self.rerender_with(list),
                    _ => self.rebuild_all(),
                };
            }
        };
        // Committed from here on: the edit is good.
        let (prep_e, search) = super::editions::state(&mut self.prep, &mut self.search, &mut self.others, e);
        let old_prep = std::mem::replace(prep_e, prep);
        if let Some(lock) = lock {
            self.loaded.lock = lock;
        }
        super::editions::add_to_views(&self.loaded, &mut self.views, &lock_added);
        // Written once the pages are served (`catch_up`), with those of an edit of
        // another edition made with this one.
        self.loaded.lock_added.extend(lock_added);
        let site = self.loaded.site(e);
        search.remap(&site, &from, |j| changed[j]);
        self.redirects = redirect_map(&self.loaded);
        mark("search records");
        // Files for machines made from every briefing wait until the pages are served
        // (see `Engine::catch_up`).
        let (later, now): (Vec<Route>, Vec<Route>) =
            plan.routes.iter().partition(|r| matches!(r, Route::Sitemap | Route::NewsSitemap | Route::SearchIndexJson));
        let mut later: Vec<(usize, Route)> = later.into_iter().map(|r| (e, r)).collect();
        if several {
            later.extend(self.sitemaps_later(e));
        }
        super::editions::defer(&mut self.deferred, later);
        // The pages of the other editions that link here: the whole site's files (the
        // default edition's) and, in each edition, those whose versions here changed.
        let mut linked = match linked_before {
            Some(before) => self.linked_routes(e, before),
            None => Vec::new(),
        };
        let moved_away = self.moved_redirects(&moved, &mut linked);
        if e == 0 && now.contains(&Route::RedirectList) {
            // Made with the edition's own pages.
            linked
                .iter_mut()
                .filter(|(f, _)| *f == 0)
                .for_each(|(_, routes)| routes.retain(|r| *r != Route::RedirectList));
        }
        mark("linked routes");
        let (prep_e, search) = super::editions::state(&mut self.prep, &mut self.search, &mut self.others, e);
        // The search index is made while the pages render: it needs none of them.
        let start = std::time::Instant::now();
        let ((outs, rendered), (search_made, searched)) = rayon::join(
            || {
                let outs = render::render(&site, prep_e, &self.loaded.templates[e], &now, Some(&self.inject));
                (outs, start.elapsed())
            },
            || {
                let made = search.make(&site);
                (made, start.elapsed())
            },
        );
        // Not served: the search index's next files are made whole.
        // The edit is in the engine but its pages are not: the next change rebuilds whole.
        let mut outs = outs.inspect_err(|_| {
            search.forget();
            self.unsure = true;
        })?;
        for (f, routes) in &linked {
            let tpl = &self.loaded.templates[*f];
            let made = render::render(&self.loaded.site(*f), self.prep_of(*f), tpl, routes, Some(&self.inject));
            outs.extend(made.inspect_err(|_| self.unsure = true)?);
        }
        if crate::timing::enabled() {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            eprintln!(
                "timing:     {} pages rendered by {:.1} ms, the search index made by {:.1} ms",
                outs.len(),
                ms(rendered),
                ms(searched)
            );
        }
        mark("render, with the search index");
        let made: HashSet<&str> = outs.iter().map(|o| o.path.as_str()).collect();
        let mut removed: Vec<String> = Vec::new();
        let stale: Vec<String> =
            plan.removed.iter().chain(&moved_away).filter(|p| !made.contains(p.as_str())).cloned().collect();
        for p in stale {
            if self.files.remove(&p).is_some() {
                removed.push(p);
            }
        }
        let (_, search) = super::editions::state(&mut self.prep, &mut self.search, &mut self.others, e);
        let changed_paths = super::loaded::serve_outputs(&mut self.files, search, search_made, outs, &mut removed);
        mark("served");
        // The old index, shared values and the briefings that went are freed off the
        // edit's path.
        std::thread::spawn(move || drop((old_ed, gone, old_prep)));
        Ok(Rebuild { pages: changed_paths.len(), full: false, changed: changed_paths, removed, lock_note: None })
    }

    /// The shared values of the edited site (now in `self.loaded`) and what to render,
    /// against the edition before the edit; `None` when a new page would take the path
    /// of a copied file, or a new old URL may be a file made at a fixed path (a feed).
    #[allow(clippy::type_complexity)]
    fn plan_structural(
        &self,
        e: usize,
        old_ed: &Edition,
        from: &[Option<usize>],
        reread: &[bool],
        mark: &dyn Fn(&str),
    ) -> Option<Result<(render::Prepared, Plan, Vec<bool>), Vec<Diagnostic>>> {
        let site = self.loaded.site(e);
        let prep = self.prep_of(e);
        // The old list was moved into the new one: the old side has its index only.
        let old = World { briefings: &[], idx: &old_ed.index, prep };
        // Item values are compared by what they show; the shared values are only read
        // for site-wide counts, which `item_changes` does not need.
        let pre = World { briefings: site.briefings, idx: site.idx, prep };
        let (changed, same_terms) = item_changes(&old, &pre, from, reread);
        mark("changed items");
        let reuse = Reuse { old: prep, from, changed: &changed, same_terms: &same_terms };
        let prep = match render::prepare_reusing(&site, &self.loaded.templates[e], Some(reuse)) {
            Ok(p) => p,
            Err(d) => return Some(Err(d)),
        };
        mark("shared values");
        let new = World { briefings: site.briefings, idx: site.idx, prep: &prep };
        let plan = plan(site.cfg, old, new, from, &changed);
        mark("affected routes");
        let routes = Routes::new(site.cfg, site.idx);
        let taken = |r: Route| match r {
            Route::SearchIndex => false,
            Route::Redirect(k) => {
                manifest::may_be_a_made_file(site.idx, &site.idx.redirects[k].from)
                    || self.copied.contains(&routes.file(r))
            }
            r => self.copied.contains(&routes.file(r)),
        };
        if plan.fresh.iter().any(|&r| taken(r)) {
            return None;
        }
        Some(Ok((prep, plan, changed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::parse::parse_briefing;

    fn briefing(name: &str, title: &str) -> Briefing {
        let text = format!("---\ntitle: {title}\ndate: 2024-07-10\n---\nBody.\n");
        let path = std::path::PathBuf::from(format!("content/{name}.md"));
        parse_briefing(&path, &Default::default(), &text, &Config::default()).item.expect("valid")
    }

    fn titles(list: &[Briefing]) -> Vec<&str> {
        list.iter().map(|b| b.title.as_str()).collect()
    }

    /// A replaced briefing stays where it was, a removed one goes with the ones after it
    /// moved along, an added one goes where its source sorts; each says where it came
    /// from, and the list made back is the one before.
    #[test]
    fn changes_are_made_in_place_and_undone() {
        let old: Vec<Briefing> = ["a", "c", "e", "g"].iter().map(|n| briefing(n, n)).collect();
        let changes: Vec<Change> = vec![
            (None, Some(briefing("d", "d new"))),
            (Some(3), None),
            (Some(1), Some(briefing("c", "c edited"))),
            (Some(0), None),
            (None, Some(briefing("b", "b new"))),
        ];
        let c = changed_list(old.clone(), changes);
        assert_eq!(titles(&c.list), ["b new", "c edited", "d new", "e"]);
        assert_eq!(c.from, [None, Some(1), None, Some(2)]);
        assert_eq!(c.reread, [true, true, true, false]);
        let gone: Vec<(usize, &str)> = c.gone.iter().map(|(i, b)| (*i, b.title.as_str())).collect();
        assert_eq!(gone, [(0, "a"), (1, "c"), (3, "g")]);
        assert_eq!(titles(&list_before(c.list, &c.reread, c.gone)), titles(&old));
    }

    /// Many briefings removed and added at once (a checkout) are taken out and merged in
    /// one pass each, in the order and with the origins one at a time would give.
    #[test]
    fn many_changes_at_once_come_out_as_one_at_a_time() {
        let name = |k: usize| format!("b{k:03}");
        let old: Vec<Briefing> = (0..60).map(|k| briefing(&name(2 * k), &name(2 * k))).collect();
        let changes = || -> Vec<Change> {
            let mut v: Vec<Change> = (0..30).map(|k| (Some(2 * k), None)).collect();
            v.extend((0..20).map(|k| (None, Some(briefing(&name(6 * k + 1), &format!("{} new", name(6 * k + 1)))))));
            v.push((Some(7), Some(briefing(&name(14), "b014 edited"))));
            v
        };
        let c = changed_list(old.clone(), changes());
        // One at a time: each change made on its own, in turn.
        let mut list: Vec<(String, Option<usize>)> =
            old.iter().enumerate().map(|(i, b)| (b.title.clone(), Some(i))).collect();
        list.retain(|(_, f)| f.is_none_or(|i| i % 2 == 1));
        for (_, b) in changes().into_iter().filter(|(i, _)| i.is_none()) {
            let b = b.unwrap();
            let at = list.partition_point(|(t, _)| t.as_str() < b.title.as_str());
            list.insert(at, (b.title, None));
        }
        for e in list.iter_mut() {
            if e.1 == Some(7) {
                e.0 = "b014 edited".into();
            }
        }
        let want: Vec<(&str, Option<usize>)> = list.iter().map(|(t, f)| (t.as_str(), *f)).collect();
        let got: Vec<(&str, Option<usize>)> =
            c.list.iter().map(|b| b.title.as_str()).zip(c.from.iter().copied()).collect();
        assert_eq!(got, want);
        assert_eq!(c.reread, c.list.iter().map(|b| b.title.contains(' ')).collect::<Vec<_>>());
        let gone: Vec<usize> = c.gone.iter().map(|(i, _)| *i).collect();
        assert_eq!(
            gone,
            (0..30)
                .map(|k| 2 * k)
                .chain([7])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(titles(&list_before(c.list, &c.reread, c.gone)), titles(&old));
    }

    /// A position changed twice (a file written, then removed, in one batch) keeps the
    /// last change, and the briefing it held goes once.
    #[test]
    fn a_position_changed_twice_keeps_its_last_change() {
        let old: Vec<Briefing> = ["a", "b"].iter().map(|n| briefing(n, n)).collect();
        let c = changed_list(old, vec![(Some(0), Some(briefing("a", "a edited"))), (Some(0), None)]);
        assert_eq!(titles(&c.list), ["b"]);
        assert_eq!(c.from, [Some(1)]);
        let gone: Vec<(usize, &str)> = c.gone.iter().map(|(i, b)| (*i, b.title.as_str())).collect();
        assert_eq!(gone, [(0, "a")]);
    }
}
