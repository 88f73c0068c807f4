//! What `serve` keeps beside the rendered pages of a loaded site: its old URLs as 301s,
//! its lock file written, its files read into memory.

use std::collections::HashMap;
use std::sync::Arc;

use super::engine::FileMap;
use crate::diag::Diagnostic;
use crate::routes::{Route, output_file};
use crate::site::{Files, Loaded};
use crate::write::Content;

/// Old URLs as output files (what a request resolves to) → the link of their page.
pub(super) fn redirect_map(loaded: &Loaded) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (e, ed) in loaded.editions.iter().enumerate() {
        let routes = loaded.routes(e);
        map.extend(ed.index.redirects.iter().map(|r| (output_file(&r.from), routes.url(Route::Briefing(r.to)))));
    }
    map
}

/// A lock with new URLs (none when it lacked none), and those `(id, url)` it lacked
/// before.
pub(super) type Locked = (Option<crate::lock::Lock>, Vec<(String, String)>);

/// The lock with the URLs of the published briefings of `current` (each with its URL)
/// added, and those it lacked; an error when there are some and serve runs `--locked`.
pub(super) fn lock_with<'a>(
    lock: &crate::lock::Lock,
    withheld: &[crate::model::Withheld],
    publish: &crate::source::Publish,
    locked: bool,
    current: impl Iterator<Item = (&'a crate::model::Briefing, &'a str)>,
) -> Result<Locked, Vec<Diagnostic>> {
    let current: Vec<(&crate::model::Briefing, &str)> = current.filter(|(b, _)| publish.is_public(b)).collect();
    let added = lock.missing(current.iter().map(|(b, p)| (b.id.as_str(), *p)));
    check_added(lock, withheld, locked, &added, &current)?;
    // Nothing new, the usual case: the lock is not copied.
    let next = (!added.is_empty()).then(|| lock.clone().with_added(&added));
    Ok((next, added))
}

/// The errors of URLs an edit would record (`added`, of the briefings `edited` with
/// their URLs), as a build gives them: a URL the lock keeps for a briefing not published
/// now (its file is there: `withheld`) is not for the edit to take; under `--locked`,
/// any new URL.
fn check_added(
    lock: &crate::lock::Lock,
    withheld: &[crate::model::Withheld],
    locked: bool,
    added: &[(String, String)],
    edited: &[(&crate::model::Briefing, &str)],
) -> Result<(), Vec<Diagnostic>> {
    let unpublished: Vec<String> = withheld.iter().filter(|w| !w.id.is_empty()).map(|w| w.id.clone()).collect();
    let aliases = crate::lock::held_alias_errors(lock, &unpublished, edited.iter().map(|(b, _)| *b));
    if !aliases.is_empty() {
        return Err(aliases);
    }
    if added.is_empty() {
        return Ok(());
    }
    let held = crate::lock::held_urls(lock, added, &unpublished);
    if !held.is_empty() {
        return Err(crate::lock::held_url_errors(&held, |id, url| {
            edited.iter().find(|(b, u)| b.id == id && *u == url).map(|(b, _)| *b)
        }));
    }
    if locked {
        return Err(vec![crate::lock::lacks_error(added, "of this edit", "serve without --locked to record them")]);
    }
    Ok(())
}

/// Write the URLs this load adds to `urls.lock`, and say what was recorded.
pub(super) fn record_lock(loaded: &mut Loaded) -> Result<Option<String>, Vec<Diagnostic>> {
    if loaded.lock_added.is_empty() {
        return Ok(None);
    }
    let written = crate::source::write_lock(&loaded.root, &mut loaded.lock).map_err(|e| {
        vec![
            Diagnostic::error(crate::lock::FILE, format!("cannot write: {e}"))
                .hint("check the site folder's permissions"),
        ]
    })?;
    let n = std::mem::take(&mut loaded.lock_added).len();
    // Changed since it was read (an editor's save, truncated as serve read it): left as
    // it is; the change makes serve read it again and record what it lacks then.
    if !written {
        return Ok(Some("urls.lock changed while it was read: reading it again".into()));
    }
    Ok(Some(format!("urls.lock: recorded {n} new URL{}", if n == 1 { "" } else { "s" })))
}

pub(super) fn read_all(files: Files) -> Result<FileMap, Vec<Diagnostic>> {
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

/// Serve the rendered `outs` and the search index's files `made`: the paths that
/// changed, with the search files it removed added to `removed`.
pub(super) fn serve_outputs(
    files: &mut FileMap,
    search: &mut crate::outputs::search::SearchCache,
    made: crate::outputs::search::Made,
    outs: Vec<crate::outputs::Output>,
    removed: &mut Vec<String>,
) -> Vec<String> {
    let mut changed = Vec::with_capacity(outs.len() + 1);
    for o in outs {
        changed.push(o.path.clone());
        files.insert(o.path, std::sync::Arc::new(o.bytes));
    }
    let (search_changed, search_removed) = search.put(made, files);
    changed.extend(search_changed);
    removed.extend(search_removed);
    changed
}

/// The briefing at `f` as an edit left it (read with `cfg`), and whether it is
/// published (an expired one kept as expired is); `None` when the file holds none, the
/// error diagnostics when it does not read. `next` becomes the time it changes the site
/// by itself (comes out, expires) when that is sooner.
pub(super) fn read_edited(
    cfg: &crate::config::Config,
    f: &crate::source::FileRef,
    publish: &crate::source::Publish,
    next: &mut Option<crate::site::NextChange>,
) -> Result<Option<(crate::model::Briefing, bool)>, Vec<Diagnostic>> {
    use crate::source::{self, Verdict};
    let parsed = source::load_briefing(f, cfg);
    let mut ds = parsed.diags;
    source::apply_strict(&mut ds, cfg.strict);
    if ds.iter().any(Diagnostic::is_error) {
        return Err(ds);
    }
    let Some(mut b) = parsed.item else { return Ok(None) };
    let verdict = publish.verdict(&b);
    crate::site::NextChange::consider(next, publish.now, &b, verdict, crate::routes::has_news_sitemap(cfg));
    if verdict == Verdict::Expired && !cfg.remove_expired {
        b.expired = true;
    }
    let published = verdict == Verdict::Published || b.expired;
    Ok(Some((b, published)))
}

impl super::engine::Engine {
    /// The URLs of edited briefings (each with its URL) that a build would record and
    /// urls.lock lacks: those of the really published ones; an error under `--locked`.
    pub(super) fn new_urls<'a>(
        &self,
        edited: impl Iterator<Item = (&'a crate::model::Briefing, &'a str)>,
    ) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
        let publish = self.opts.publish(self.opts.now(&self.loaded.cfg)?);
        let edited: Vec<(&crate::model::Briefing, &str)> = edited.filter(|(b, _)| publish.is_public(b)).collect();
        let added = self.loaded.lock.missing(edited.iter().map(|(b, u)| (b.id.as_str(), *u)));
        check_added(&self.loaded.lock, &self.loaded.withheld, self.opts.locked, &added, &edited)?;
        Ok(added)
    }

    /// Keep the site's withheld folders (see [`crate::model::Withheld`]) as the briefing
    /// file at `shown` now is (`read`: what it holds and whether that is published; none
    /// when it is gone), and say whether that changed for a folder with files beside
    /// it: which files are published changed, and the edit takes the full way, which
    /// places them (a draft published, a briefing made a draft, a draft bundle added or
    /// deleted).
    pub(super) fn withhold(&mut self, shown: &std::path::Path, read: Option<(&crate::model::Briefing, bool)>) -> bool {
        let old = self.loaded.withheld.iter().position(|w| w.source == shown).map(|i| self.loaded.withheld.remove(i));
        let now = read.filter(|(_, published)| !published).map(|(b, _)| crate::model::Withheld::of(b));
        let held = |w: &crate::model::Withheld| self.loaded.assets.iter().any(|a| w.holds(&a.rel));
        let files = old != now && (old.as_ref().is_some_and(held) || now.as_ref().is_some_and(held));
        self.loaded.withheld.extend(now);
        files
    }

    /// Whether the site as last loaded had the file at `p` (absolute), or files under it.
    pub(super) fn had(&self, p: &std::path::Path) -> bool {
        let shown = crate::diag::display_path(&self.opts.root, p);
        // The first edition's list is sorted by source (see `Engine::position_of`): the
        // files under `shown` come right where it would be. (An editor's temporary file
        // is removed with every save: no scan of the whole list for it.)
        let first = &self.loaded.editions[0].briefings;
        let at = first.partition_point(|b| b.source.as_path() < shown.as_path());
        first.get(at).is_some_and(|b| b.source.starts_with(&shown))
            || self.loaded.assets.iter().any(|a| a.path.starts_with(p))
            || self.loaded.editions[1..].iter().any(|ed| ed.briefings.iter().any(|b| b.source.starts_with(&shown)))
            || self.loaded.editions.iter().any(|ed| ed.pages.iter().any(|pg| pg.source.starts_with(&shown)))
    }
}
