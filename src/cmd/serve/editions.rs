//! Edits on a site with several language editions. A page reads the other editions
//! only through the versions of itself there (hreflang alternates and the language
//! menu: their URLs, which translations exist, which expired), and the whole site's
//! files (the sitemaps, `_redirects`) read every edition. So an edit that changes a
//! briefing's text but nothing that places or links it (its date, slug, terms, authors,
//! identity, old URLs, corrections, expiry, language and translation key stay) leaves
//! every other edition's pages as they are: its own edition renders what shows the
//! briefing, as for a site with one language, and the sitemaps are made again after.
//! An edit that adds, removes, retags, redates or relinks briefings of one edition
//! takes that edition's structural way (`super::restructure`), and then each other
//! edition renders the pages whose links into it changed, found by comparing every
//! page's links there before and after the edit.

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use super::engine::{Engine, Rebuild};
use super::restructure::Change;
use crate::diag::Diagnostic;
use crate::model::Briefing;
use crate::outputs::search::SearchCache;
use crate::render::Prepared;
use crate::routes::Route;
use crate::routes::editions::counterpart;
use crate::site::Loaded;
use crate::source::FileRef;

/// A page's route and what it links to in another edition: the URL of its version
/// there, and for a later page of a list that edition has fewer pages of, the URL of
/// the list's first page (what the language menu leads to).
type Link = (Route, Option<String>, Option<String>);

impl Engine {
    /// Re-render after an edit of the briefings at `md` (sorted, each once) on a site
    /// with several editions. An edit of briefings' text renders what shows them in
    /// their editions; an edit that adds, removes, moves or relinks briefings of one
    /// edition makes that edition's index anew and renders what changed there, and the
    /// other editions' pages whose versions there changed; one that does so in several
    /// editions (a pull that brings a briefing and its translation) takes each in
    /// turn. An edit that moves a briefing to another edition rebuilds the whole site.
    pub(super) fn edit_in_editions(&mut self, md: &[PathBuf]) -> Result<Rebuild, Vec<Diagnostic>> {
        let root = self.opts.root.clone();
        let content = root.join("content");
        let now = self.opts.now(&self.loaded.cfg)?;
        let publish = self.opts.publish(now);
        let n = self.loaded.editions.len();
        let mut texts: Vec<(usize, usize, Briefing)> = Vec::new();
        let mut changes: Vec<(usize, Change)> = Vec::new();
        let mut diags = Vec::new();
        for abs in md {
            let shown = crate::diag::display_path(&root, abs);
            let known = self.find_briefing(&shown);
            if !abs.is_file() {
                if self.withhold(&shown, None) {
                    return self.rebuild_all();
                }
                if let Some((e, i)) = known {
                    changes.push((e, (Some(i), None)));
                }
                continue;
            }
            let f = FileRef { abs: abs.clone(), rel: abs.strip_prefix(&content).unwrap_or(abs).to_path_buf(), shown };
            let next = &mut self.loaded.next_change;
            let (b, published) = match super::loaded::read_edited(&self.loaded.cfg, &f, &publish, next) {
                Ok(Some(read)) => read,
                Ok(None) => return self.rebuild_all(),
                Err(ds) => {
                    diags.extend(ds);
                    continue;
                }
            };
            if self.withhold(&f.shown, Some((&b, published))) {
                return self.rebuild_all();
            }
            // As a build splits them (`site::index_editions`).
            let lang = b.lang.min(n - 1);
            match known {
                Some((e, _)) if e != lang => return self.rebuild_all(),
                Some((e, i)) if published && same_place(&self.loaded.editions[e].briefings[i], &b) => {
                    texts.push((e, i, b))
                }
                Some((e, i)) => changes.push((e, (Some(i), published.then_some(b)))),
                None if published => changes.push((lang, (None, Some(b)))),
                None => {}
            }
        }
        if !diags.is_empty() {
            crate::diag::sort(&mut diags);
            return Err(diags);
        }
        if changes.is_empty() {
            return self.edit_texts(texts, now);
        }
        // Edition by edition (a pull that brings a briefing and its translation changes
        // two): each step leaves a site a build would make of the files as they were
        // then, so the next one compares against it.
        let mut editions: Vec<usize> = changes.iter().map(|(e, _)| *e).collect();
        editions.sort_unstable();
        editions.dedup();
        let mut rebuilt = Rebuild::default();
        for (k, e) in editions.into_iter().enumerate() {
            let mut all: Vec<Change> = changes.extract_if(.., |(f, _)| *f == e).map(|(_, c)| c).collect();
            all.extend(texts.extract_if(.., |(f, _, _)| *f == e).map(|(_, i, b)| (Some(i), Some(b))));
            // A later edition's failure leaves the earlier ones' edits made: the next
            // change rebuilds whole from the files.
            let r = self.restructure(e, all, None).inspect_err(|_| self.unsure |= k > 0)?;
            if r.full {
                return Ok(r);
            }
            merge(&mut rebuilt, r);
        }
        if !texts.is_empty() {
            merge(&mut rebuilt, self.edit_texts(texts, now).inspect_err(|_| self.unsure = true)?);
        }
        Ok(rebuilt)
    }

    /// Edits of briefings' text alone (`(edition, position, briefing)`), each in the
    /// place it was: what shows them in their editions is rendered; the whole site's
    /// sitemaps, which list every edition, are made after.
    fn edit_texts(
        &mut self,
        edits: Vec<(usize, usize, Briefing)>,
        now: jiff::Timestamp,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        if edits.is_empty() {
            return Ok(Rebuild::default());
        }
        let watch = crate::timing::Stopwatch::start("serve: ");
        let mark = |what: &str| watch.mark(what);
        self.loaded.now = now;
        // A draft published by this edit (shown before with `--drafts`) keeps its URL,
        // which goes into urls.lock now.
        let added =
            self.new_urls(edits.iter().map(|(e, i, b)| (b, self.loaded.editions[*e].index.permalinks[*i].as_str())))?;
        let mut rebuilt = Rebuild::default();
        let editions: Vec<usize> = {
            let mut v: Vec<usize> = edits.iter().map(|(e, _, _)| *e).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        // The whole site's sitemaps (the default edition makes them, with its pages)
        // list every edition's briefings: for an edit in another edition, they are
        // made again once the pages are served.
        let mut later = Vec::new();
        let news_from = now - crate::outputs::news_sitemap::NEWS_WINDOW;
        for e in editions {
            let mut changed = HashSet::new();
            let (mut dated, mut recent) = (false, false);
            for (_, i, b) in edits.iter().filter(|(f, _, _)| *f == e) {
                let o = &mut self.loaded.editions[e].briefings[*i];
                dated |= o.modified().timestamp() != b.modified().timestamp();
                recent |= b.date.timestamp() >= news_from;
                *o = b.clone();
                changed.insert(*i);
            }
            if e > 0 && recent {
                later.push(Route::NewsSitemap);
            }
            if e > 0 && dated {
                later.push(Route::Sitemap);
            }
            let r = self.rerender_changed(e, changed, None, dated, &mark).inspect_err(|_| self.unsure = true)?;
            rebuilt.pages += r.pages;
            rebuilt.changed.extend(r.changed);
            rebuilt.removed.extend(r.removed);
            rebuilt.lock_note = rebuilt.lock_note.or(r.lock_note);
        }
        let later: Vec<(usize, Route)> =
            later.into_iter().filter(|&r| self.has_whole_site_file(r)).map(|r| (0, r)).collect();
        defer(&mut self.deferred, later);
        self.record_urls(Ok(rebuilt), added)
    }

    /// Whether the site has `route`, one of the whole site's sitemaps (as `Routes::all`
    /// of the default edition says).
    fn has_whole_site_file(&self, route: Route) -> bool {
        match route {
            Route::Sitemap => self.loaded.routes(0).has_sitemap(),
            _ => crate::routes::has_news_sitemap(&self.loaded.editions[0].cfg),
        }
    }

    /// The whole site's sitemaps, made after an edit of the structure of edition `e`
    /// other than the default (whose plan has them).
    pub(super) fn sitemaps_later(&self, e: usize) -> Vec<(usize, Route)> {
        if e == 0 {
            return Vec::new();
        }
        [Route::Sitemap, Route::NewsSitemap]
            .into_iter()
            .filter(|&r| self.has_whole_site_file(r))
            .map(|r| (0, r))
            .collect()
    }

    /// The shared values of edition `e`.
    pub(super) fn prep_of(&self, e: usize) -> &Prepared {
        if e == 0 { &self.prep } else { &self.others[e - 1].0 }
    }

    /// Check the editions as a build does after an edit of edition `e`'s list (each
    /// language has one version of a briefing; no URL under another edition's root);
    /// `false` when the whole site's files change with it (the first old URL of any
    /// edition gives the site its `_redirects`, or the last takes it), for the full way.
    pub(super) fn check_editions(&mut self, e: usize) -> Result<bool, Vec<Diagnostic>> {
        crate::index::check_translation_keys(&self.loaded.root, &self.loaded.editions[e].briefings)?;
        crate::routes::manifest::check_edition_roots(&self.loaded.editions)?;
        let any = self.loaded.editions.iter().any(|ed| !ed.index.redirects.is_empty());
        if e == 0 {
            self.loaded.editions[0].index.redirect_list = any;
            return Ok(true);
        }
        Ok(self.loaded.editions[0].index.redirect_list == any)
    }

    /// The pages of every edition but `e` to render after an edit of `e`'s list: those
    /// whose links there differ from `before` (from [`links_into`] before the edit),
    /// and the whole site's `_redirects`, which lists every edition's old URLs.
    pub(super) fn linked_routes(&self, e: usize, before: Vec<Vec<Link>>) -> Vec<(usize, Vec<Route>)> {
        let after = links_into(&self.loaded, e);
        let mut out = Vec::new();
        for (f, (before, after)) in before.iter().zip(&after).enumerate() {
            if f == e {
                continue;
            }
            // The edition's routes are the same before and after: only `e` changed.
            let mut routes: Vec<Route> = before.iter().zip(after).filter(|(b, a)| b != a).map(|(b, _)| b.0).collect();
            if f == 0 && before.iter().any(|l| l.0 == Route::RedirectList) {
                routes.push(Route::RedirectList);
            }
            if !routes.is_empty() {
                out.push((f, routes));
            }
        }
        out
    }

    /// Add to `linked` the pages of the old URLs that `moved` (each edition's
    /// redirects before an edit of another edition moved some of its old URLs) gave to
    /// an edition, and the site's `_redirects`; the files of those it took, to remove
    /// unless another page is made there.
    pub(super) fn moved_redirects(
        &self,
        moved: &[(usize, Vec<crate::index::Redirect>)],
        linked: &mut Vec<(usize, Vec<Route>)>,
    ) -> Vec<String> {
        let mut away = Vec::new();
        for (f, old) in moved {
            let new = &self.loaded.editions[*f].index.redirects;
            let made: Vec<Route> = (0..new.len())
                .filter(|&k| !old.iter().any(|o| o.from == new[k].from && o.to == new[k].to))
                .map(Route::Redirect)
                .collect();
            away.extend(
                old.iter()
                    .filter(|o| !new.iter().any(|r| r.from == o.from))
                    .map(|o| crate::routes::output_file(&o.from)),
            );
            defer_into(linked, *f, made);
        }
        if !moved.is_empty() {
            let main = &self.loaded.editions[0].index;
            if main.redirect_list || !main.redirects.is_empty() {
                defer_into(linked, 0, vec![Route::RedirectList]);
            } else {
                away.push(crate::routes::output_file(crate::routes::REDIRECTS));
            }
        }
        away
    }

    /// Whether an old URL that `moved` (see [`Engine::moved_redirects`]) gave an
    /// edition is a copied file's path, or may be that of a file made at a fixed path
    /// (a feed) under the root it is under.
    pub(super) fn moved_onto_files(&self, moved: &[(usize, Vec<crate::index::Redirect>)]) -> bool {
        let roots = crate::routes::editions::edition_roots(&self.loaded.cfg);
        moved.iter().any(|(f, old)| {
            self.loaded.editions[*f].index.redirects.iter().filter(|r| !old.iter().any(|o| o.from == r.from)).any(|r| {
                let home = &self.loaded.editions[crate::lock::home_edition(&roots, &r.from)].index;
                crate::routes::manifest::may_be_a_made_file(home, &r.from)
                    || self.copied.contains(&crate::routes::output_file(&r.from))
            })
        })
    }

    /// The edition and position of the briefing read from `shown` (its path as
    /// messages show it).
    fn find_briefing(&self, shown: &std::path::Path) -> Option<(usize, usize)> {
        self.loaded
            .editions
            .iter()
            .enumerate()
            .find_map(|(e, ed)| ed.briefings.iter().position(|b| b.source.as_path() == shown).map(|i| (e, i)))
    }
}

/// Whether `new`, an edit of `old`, keeps everything that places the briefing in its
/// edition or that the other editions read of it: only its text and other front
/// matter changed.
fn same_place(old: &Briefing, new: &Briefing) -> bool {
    old.id == new.id
        && old.lang == new.lang
        && old.translation_key == new.translation_key
        && old.aliases == new.aliases
        && old.corrections == new.corrections
        && old.expires == new.expires
        && old.expired == new.expired
        && old.date.timestamp() == new.date.timestamp()
        && old.slug == new.slug
        && old.uncut_slug == new.uncut_slug
        && old.terms == new.terms
        && old.authors == new.authors
}

/// `r`, a later step of one edit, added to `into`.
fn merge(into: &mut Rebuild, r: Rebuild) {
    let (changed, removed): (HashSet<&String>, HashSet<&String>) =
        (r.changed.iter().collect(), r.removed.iter().collect());
    into.removed.retain(|p| !changed.contains(p));
    into.changed.retain(|p| !changed.contains(p) && !removed.contains(p));
    into.changed.extend(r.changed);
    into.removed.extend(r.removed);
    into.pages = into.changed.len();
    into.lock_note = into.lock_note.take().or(r.lock_note);
}

/// For each edition (none for `e` itself), each of its routes in order with what the
/// page links to in edition `e` (see [`Link`]).
pub(super) fn links_into(loaded: &Loaded, e: usize) -> Vec<Vec<Link>> {
    (0..loaded.editions.len())
        .map(|f| {
            if f == e {
                return Vec::new();
            }
            let site = loaded.site(f);
            let to = loaded.routes(e);
            // Old URLs' pages link to nothing in another edition (and an edit of `e`
            // may give an edition old URLs, or take some: see `locks_after`).
            loaded
                .routes(f)
                .all()
                .par_iter()
                .filter(|r| !matches!(r, Route::Redirect(_)))
                .map(|&r| {
                    let same = counterpart(&site, r, e);
                    let first = match same {
                        None if r.page() > 1 => counterpart(&site, r.with_page(1), e),
                        _ => None,
                    };
                    (r, same.map(|c| to.url(c)), first.map(|c| to.url(c)))
                })
                .collect()
        })
        .collect()
}

/// Each edition's URLs of urls.lock (see `lock::edition_lock`); none for a site with
/// one language.
pub(super) fn views(loaded: &Loaded) -> Vec<crate::lock::Lock> {
    if loaded.editions.len() < 2 {
        return Vec::new();
    }
    let lists = loaded.editions.iter().map(|ed| ed.briefings.as_slice());
    crate::lock::edition_locks(
        &crate::routes::editions::edition_roots(&loaded.cfg),
        &loaded.lock,
        lists,
        &loaded.withheld,
    )
}

/// `added` (URLs an edit put in urls.lock: the current URLs of published briefings) put
/// in the views of the editions whose briefings have them: the editions under whose
/// roots they are.
pub(super) fn add_to_views(loaded: &Loaded, views: &mut [crate::lock::Lock], added: &[(String, String)]) {
    if views.is_empty() {
        return;
    }
    let roots = crate::routes::editions::edition_roots(&loaded.cfg);
    for (f, view) in views.iter_mut().enumerate() {
        let mine: Vec<(String, String)> =
            added.iter().filter(|(_, url)| crate::lock::home_edition(&roots, url) == f).cloned().collect();
        if !mine.is_empty() {
            *view = std::mem::take(view).with_added(&mine);
        }
    }
}

/// A URL of urls.lock that an edit gives from one edition's keeping to another's:
/// `(id, url, from, to)`.
pub(super) type Moved = (String, String, usize, usize);

/// The URLs of urls.lock that an edit of edition `e` gives from one edition to another:
/// an old URL goes to another edition when a briefing leaves `e` while another language
/// has a version of it, or comes to `e` while another edition kept its old URLs
/// (`lock::lock_owner`); every other edit leaves each edition the URLs it had. `list`
/// is `e`'s list after the edit; `gone` holds what the edit took from it (the old
/// versions of briefings read again among them); `fresh(j)`: `list[j]` is new or read
/// again. Only the URLs of the briefings `e` gained or lost can move, so only those are
/// looked at.
pub(super) fn moved_urls(
    loaded: &Loaded,
    e: usize,
    list: &[Briefing],
    fresh: impl Fn(usize) -> bool,
    gone: &[&Briefing],
) -> Vec<Moved> {
    let n = loaded.editions.len();
    let roots = crate::routes::editions::edition_roots(&loaded.cfg);
    // Ids are unique in an edition (a second is an error), so an id the edit took out
    // and did not put back (or put in and did not take out) is one `e` no longer has
    // (or now has); ids of briefings the edit did not read cannot be among them.
    let left: HashSet<&str> = gone.iter().map(|b| b.id.as_str()).collect();
    let came: HashSet<&str> = (0..list.len()).filter(|&j| fresh(j)).map(|j| list[j].id.as_str()).collect();
    let mut moves = Vec::new();
    for &id in left.symmetric_difference(&came) {
        let had = left.contains(id);
        let elsewhere: Vec<bool> =
            (0..n).map(|f| f != e && loaded.editions[f].briefings.iter().any(|b| b.id == id)).collect();
        let before = |f: usize, _: &str| if f == e { had } else { elsewhere[f] };
        let after = |f: usize, _: &str| if f == e { !had } else { elsewhere[f] };
        for url in loaded.lock.urls_of(id) {
            let owner = |holds: &dyn Fn(usize, &str) -> bool| crate::lock::lock_owner(&roots, url, id, holds);
            let (a, b) = (owner(&before), owner(&after));
            if a != b {
                moves.push((id.to_string(), url.to_string(), a, b));
            }
        }
    }
    moves
}

/// `moves` made in the editions' `views` of the lock (or, with `undo`, taken back).
pub(super) fn move_urls(views: &mut [crate::lock::Lock], moves: &[Moved], undo: bool) {
    for (id, url, a, b) in moves {
        let (from, to) = if undo { (*b, *a) } else { (*a, *b) };
        views[from].remove(id, url);
        views[to].insert(id, url);
    }
}

/// Edition `ed`'s old URLs (its index's redirects) with those of the briefings whose
/// ids are `ids` made again from `view`, its URLs of urls.lock after an edit of
/// another edition moved some of theirs (see [`moved_urls`]).
pub(super) fn redirects_after(
    ed: &crate::index::Edition,
    ids: &HashSet<&str>,
    view: &crate::lock::Lock,
) -> Vec<crate::index::Redirect> {
    let mine: Vec<usize> = (0..ed.briefings.len()).filter(|&j| ids.contains(ed.briefings[j].id.as_str())).collect();
    let mut out: Vec<crate::index::Redirect> =
        ed.index.redirects.iter().filter(|r| !mine.contains(&r.to)).cloned().collect();
    for j in mine {
        crate::routes::manifest::push_redirects(&mut out, j, &ed.briefings[j], &ed.index.permalinks[j], view);
    }
    // As `manifest::redirects` sorts them.
    out.sort_by(|a, b| (&a.from, a.to).cmp(&(&b.from, b.to)));
    out
}

/// `routes` of edition `f` added to `linked` (each edition's routes to render), each once.
fn defer_into(linked: &mut Vec<(usize, Vec<Route>)>, f: usize, routes: Vec<Route>) {
    let at = match linked.iter().position(|(g, _)| *g == f) {
        Some(at) => at,
        None => {
            linked.push((f, Vec::new()));
            linked.len() - 1
        }
    };
    for r in routes {
        if !linked[at].1.contains(&r) {
            linked[at].1.push(r);
        }
    }
}

/// Leave `later` (each file with its edition) to be made once an edit's pages are
/// served (see [`Engine::catch_up`]): added to `deferred`, each once.
pub(super) fn defer(deferred: &mut Vec<(usize, Route)>, later: Vec<(usize, Route)>) {
    for r in later {
        if !deferred.contains(&r) {
            deferred.push(r);
        }
    }
}

/// Edition `e`'s prepared values and search cache, of the engine's (`prep` and
/// `search` are the default edition's, `others` every other's).
pub(super) fn state<'a>(
    prep: &'a mut Prepared,
    search: &'a mut SearchCache,
    others: &'a mut [(Prepared, SearchCache)],
    e: usize,
) -> (&'a mut Prepared, &'a mut SearchCache) {
    match e {
        0 => (prep, search),
        e => {
            let (p, s) = &mut others[e - 1];
            (p, s)
        }
    }
}

#[cfg(test)]
#[path = "editions_tests.rs"]
mod tests;
