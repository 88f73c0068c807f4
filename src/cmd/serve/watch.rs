//! Watching a served site's sources: changes are gathered for a moment, handed to the
//! engine, and the result published to the server and open browsers.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::engine::{Engine, Rebuild};
use super::http::RELOAD_SCRIPT;
use super::{Served, print_diags, render_diags};
use crate::diag::Diagnostic;
use crate::site::Options;
use crate::source::{AUTHORS_FILE, CONFIG_FILE, SOURCE_DIRS};

/// How long after a change serve waits for more before it updates, while a file
/// changed may still be being written.
const GATHER: Duration = Duration::from_millis(15);

/// How long it waits once every file changed was written whole: closed after writing,
/// removed, or renamed into place (which Linux reports; elsewhere it waits [`GATHER`]).
/// Enough for the next file of a batch (a checkout, a save of several files) to begin.
const SETTLED: Duration = Duration::from_millis(3);

/// The changes gathered for one update.
#[derive(Debug, Default)]
struct Gathered {
    paths: Vec<PathBuf>,
    /// Files changed and not yet closed after writing: the update waits for them.
    writing: HashSet<PathBuf>,
}

/// What one event was to [`Gathered`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// A file or folder changed.
    Change,
    /// A file closed after writing: no change, but the end of one.
    Written,
    /// A read (it neither starts an update, whose time would count from it, nor keeps
    /// gathering going), or an error.
    Nothing,
}

impl Gathered {
    /// Take in one event.
    fn take(&mut self, ev: notify::Result<notify::Event>) -> Seen {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
        let Ok(ev) = ev else { return Seen::Nothing };
        match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                for p in &ev.paths {
                    self.writing.remove(p);
                }
                Seen::Written
            }
            EventKind::Access(_) => Seen::Nothing,
            kind => {
                // A file made or changed is being written until it is closed; one removed,
                // renamed (away or into place), or whose metadata alone changed is whole.
                let whole = matches!(
                    kind,
                    EventKind::Remove(_)
                        | EventKind::Create(CreateKind::Folder)
                        | EventKind::Modify(ModifyKind::Metadata(_) | ModifyKind::Name(_))
                );
                for p in &ev.paths {
                    if whole {
                        self.writing.remove(p);
                    } else {
                        self.writing.insert(p.clone());
                    }
                }
                self.paths.extend(ev.paths);
                Seen::Change
            }
        }
    }

    /// How long to wait for more after the last event.
    fn wait(&self) -> Duration {
        if self.writing.is_empty() { SETTLED } else { GATHER }
    }
}

/// Watch the site's folders on a thread; rebuild on change and publish the result.
pub(super) fn watch(
    build: Options,
    mut engine: Option<Engine>,
    served: Arc<RwLock<Served>>,
    reload: tokio::sync::broadcast::Sender<u64>,
) -> Result<(), Vec<Diagnostic>> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| vec![Diagnostic::stage("serve", format!("cannot watch files: {e}"))])?;
    let root = build.root.clone();
    for dir in SOURCE_DIRS {
        let p = root.join(dir);
        if p.is_dir() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| vec![Diagnostic::error(&p, format!("cannot watch: {e}"))])?;
        }
    }
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| vec![Diagnostic::error(&root, format!("cannot watch: {e}"))])?;
    std::thread::spawn(move || {
        let mut watcher = watcher;
        let mut version = 0u64;
        // The files of the last update, when it failed: made again with the next
        // change, so that a file that still fails keeps the site failing, as a build of
        // it would, until it is mended (an edit of another file alone was served and
        // cleared the error).
        let mut failed: Vec<PathBuf> = Vec::new();
        let root_canon = std::fs::canonicalize(&root).unwrap_or(root.clone());
        loop {
            // Waiting for a change, or for the time the site changes by itself.
            let first = match engine.as_ref().and_then(Engine::until_change) {
                Some(wait) => match rx.recv_timeout(wait) {
                    Ok(ev) => ev,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if let Some(e) = engine.as_mut().filter(|e| e.change_is_due()) {
                            version += 1;
                            on_time(e, &served, &reload, version);
                        }
                        continue;
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                },
                None => match rx.recv() {
                    Ok(ev) => ev,
                    Err(_) => break,
                },
            };
            let mut gathered = Gathered::default();
            if gathered.take(first) != Seen::Change {
                continue;
            }
            let seen = Instant::now();
            // BRIEF_TIMINGS=1: where the printed time goes, around the engine's own marks.
            let sw = crate::timing::Stopwatch::start("watch: ");
            // Editors write in several steps; gather the changes that arrive in the next
            // moment (each one gives another), a longer one while a file is being written.
            let mut last = seen;
            while let Ok(ev) = rx.recv_timeout((last + gathered.wait()).saturating_duration_since(Instant::now())) {
                if gathered.take(ev) != Seen::Nothing {
                    last = Instant::now();
                }
            }
            let paths = gathered.paths;
            let relevant: Vec<PathBuf> = paths
                .into_iter()
                .filter_map(|p| {
                    let rel = p.strip_prefix(&root_canon).or_else(|_| p.strip_prefix(&root)).ok()?.to_path_buf();
                    let top = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
                    let keep = SOURCE_DIRS.contains(&top.as_str())
                        || rel == std::path::Path::new(CONFIG_FILE)
                        || rel == std::path::Path::new(AUTHORS_FILE)
                        || rel == std::path::Path::new(crate::lock::FILE);
                    keep.then(|| root.join(rel))
                })
                // urls.lock as this engine writes it is no change (serve's own record);
                // a line deleted by hand (a URL given away) or a build's new lines are.
                .filter(|p| {
                    *p != root.join(crate::lock::FILE) || engine.as_ref().is_none_or(|e| !e.lock_is(&std::fs::read(p)))
                })
                .collect();
            if relevant.is_empty() {
                continue;
            }
            // A source folder made, removed or replaced since serve started (`mkdir
            // templates`, a checkout that swaps `content/`) is watched anew: a watch
            // follows a folder, not its name. The rebuild below reads the folder whole,
            // so files written into it before its watch began are not missed.
            for dir in SOURCE_DIRS {
                let p = root.join(dir);
                if relevant.contains(&p) {
                    let _ = watcher.unwatch(&p);
                    if p.is_dir()
                        && let Err(e) = watcher.watch(&p, RecursiveMode::Recursive)
                    {
                        eprintln!("warning: cannot watch {}: {e}", p.display());
                    }
                }
            }
            let mut batch = relevant.clone();
            for p in std::mem::take(&mut failed) {
                if !batch.contains(&p) {
                    batch.push(p);
                }
            }
            sw.mark("gathered the changes");
            let result = match engine.as_mut() {
                Some(e) => e.update(&batch).map(|r| (r, None)),
                None => Engine::new(build.clone(), RELOAD_SCRIPT.to_string()).map(|e| {
                    let pages = e.files.len();
                    (Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new(), lock_note: None }, Some(e))
                }),
            };
            sw.mark("updated");
            let mut names: Vec<String> = relevant
                .iter()
                .filter(|p| p.exists())
                .map(|p| crate::diag::display_path(&root, p).display().to_string())
                .collect();
            names.sort();
            names.dedup();
            if names.is_empty() {
                names.push("removed files".into());
            }
            match result {
                Ok((r, fresh)) => {
                    if let Some(f) = fresh {
                        engine = Some(f);
                    }
                    if let Some(e) = &engine {
                        show(&served, e, &r);
                    }
                    sw.mark("published");
                    println!(
                        "rebuilt {} page{}{} in {:.1} ms after a change to {}",
                        r.pages,
                        if r.pages == 1 { "" } else { "s" },
                        if r.full { " (full)" } else { "" },
                        seen.elapsed().as_secs_f64() * 1000.0,
                        names.join(", ")
                    );
                }
                Err(d) => {
                    failed = batch;
                    show_failure(&served, &d, &format!("after a change to {}", names.join(", ")));
                }
            }
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
            version += 1;
            let _ = reload.send(version);
            // Then what the edit left for after (urls.lock, the sitemaps), which no
            // reader waits for.
            if let Some(e) = engine.as_mut() {
                let start = Instant::now();
                match e.catch_up() {
                    Ok(r) => {
                        if let Some(note) = &r.lock_note {
                            println!("{note}");
                        }
                        if r.pages > 0 {
                            publish(&mut served.write().unwrap_or_else(|e| e.into_inner()), e, &r);
                            println!(
                                "then {} file{} for machines (sitemaps) in {:.1} ms",
                                r.pages,
                                if r.pages == 1 { "" } else { "s" },
                                start.elapsed().as_secs_f64() * 1000.0
                            );
                        }
                        let _ = std::io::stdout().flush();
                    }
                    Err(d) => print_diags(&d),
                }
            }
        }
    });
    Ok(())
}

/// Rebuild whole when a scheduled briefing comes out or one expires (no file changed),
/// publish the result as version `version` and say so.
fn on_time(e: &mut Engine, served: &RwLock<Served>, reload: &tokio::sync::broadcast::Sender<u64>, version: u64) {
    let start = Instant::now();
    let (what, result) = e.rebuild_on_time();
    match result {
        Ok(r) => {
            show(served, e, &r);
            println!("rebuilt {} pages (full) in {:.1} ms: {what}", r.pages, start.elapsed().as_secs_f64() * 1000.0);
        }
        Err(d) => show_failure(served, &d, &format!("as {what}")),
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = reload.send(version);
}

/// Say what update `r` noted (urls.lock's new lines; a full rebuild loads the site
/// again, so its warnings, a renamed briefing's takeover among them) and serve its
/// result.
fn show(served: &RwLock<Served>, e: &Engine, r: &Rebuild) {
    if let Some(note) = &r.lock_note {
        println!("{note}");
    }
    if r.full {
        print_diags(e.warnings());
    }
    let mut s = served.write().unwrap_or_else(|e| e.into_inner());
    if r.full {
        s.files = e.files.clone();
    } else {
        publish(&mut s, e, r);
    }
    s.redirects = e.redirects.clone();
    s.error = None;
}

/// Say that an update failed (`when`: after what) and show its errors on every page,
/// still serving the last good site.
fn show_failure(served: &RwLock<Served>, d: &[Diagnostic], when: &str) {
    print_diags(d);
    eprintln!("build failed {when}; still serving the previous site");
    served.write().unwrap_or_else(|e| e.into_inner()).error = Some(render_diags(d));
}

/// Serve the files `r` says changed (as the engine now has them), and no longer those it
/// removed.
fn publish(s: &mut Served, e: &Engine, r: &Rebuild) {
    for k in &r.changed {
        if let Some(v) = e.files.get(k) {
            s.files.insert(k.clone(), v.clone());
        }
    }
    for k in &r.removed {
        s.files.remove(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{
        AccessKind, AccessMode, CreateKind, DataChange, EventKind, MetadataKind, ModifyKind, RemoveKind, RenameMode,
    };

    fn ev(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    /// A read (an editor or a tool opening files) is no change: it must not start an
    /// update, whose printed time would count from it.
    #[test]
    fn reads_are_no_changes() {
        let mut g = Gathered::default();
        assert_eq!(g.take(ev(EventKind::Access(AccessKind::Any), "/s/content/a.md")), Seen::Nothing);
        assert_eq!(
            g.take(ev(EventKind::Access(AccessKind::Close(AccessMode::Read)), "/s/content/a.md")),
            Seen::Nothing
        );
        assert_eq!(g.take(Err(notify::Error::generic("gone"))), Seen::Nothing);
        assert!(g.paths.is_empty());
        for kind in [EventKind::Modify(ModifyKind::Any), EventKind::Create(CreateKind::File), EventKind::Any] {
            let mut g = Gathered::default();
            assert_eq!(g.take(ev(kind, "/s/content/a.md")), Seen::Change, "{kind:?}");
            assert_eq!(g.paths, [PathBuf::from("/s/content/a.md")], "{kind:?}");
        }
    }

    /// Serve waits the long moment while a file changed may still be being written, and
    /// the short one once every file changed is whole: closed after writing, removed, or
    /// renamed into place (an editor's save through a temporary file).
    #[test]
    fn gathering_waits_for_files_being_written() {
        let a = "/s/content/a.md";
        // A file written in place: made, written, closed.
        let mut g = Gathered::default();
        assert_eq!(g.take(ev(EventKind::Create(CreateKind::File), a)), Seen::Change);
        assert_eq!(g.wait(), GATHER);
        assert_eq!(g.take(ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), a)), Seen::Change);
        assert_eq!(g.wait(), GATHER);
        assert_eq!(g.take(ev(EventKind::Access(AccessKind::Close(AccessMode::Write)), a)), Seen::Written);
        assert_eq!(g.wait(), SETTLED);
        // Another file of the same save begins: wait for it too.
        assert_eq!(g.take(ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), "/s/content/b.md")), Seen::Change);
        assert_eq!(g.wait(), GATHER);
        assert_eq!(g.paths.len(), 3);
        // Removed, or renamed into place: whole at once.
        for kind in [
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
        ] {
            let mut g = Gathered::default();
            assert_eq!(g.take(ev(kind, a)), Seen::Change, "{kind:?}");
            assert_eq!(g.wait(), SETTLED, "{kind:?}");
        }
        // A temporary file written, then renamed over the briefing.
        let mut g = Gathered::default();
        let tmp = "/s/content/.a.md.tmp";
        assert_eq!(g.take(ev(EventKind::Create(CreateKind::File), tmp)), Seen::Change);
        assert_eq!(g.take(ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), tmp)), Seen::Change);
        assert_eq!(g.take(ev(EventKind::Modify(ModifyKind::Name(RenameMode::From)), tmp)), Seen::Change);
        assert_eq!(g.take(ev(EventKind::Modify(ModifyKind::Name(RenameMode::To)), a)), Seen::Change);
        assert_eq!(g.wait(), SETTLED);
        // An event of an unknown kind may be a write.
        let mut g = Gathered::default();
        assert_eq!(g.take(ev(EventKind::Any, a)), Seen::Change);
        assert_eq!(g.wait(), GATHER);
    }
}
