//! Watching a served site's sources: changes are gathered for a moment, handed to the
//! engine, and the result published to the server and open browsers.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::engine::{Engine, Rebuild};
use super::http::RELOAD_SCRIPT;
use super::{Served, print_diags, render_diags};
use crate::diag::Diagnostic;
use crate::site::Options;
use crate::source::{AUTHORS_FILE, CONFIG_FILE, SOURCE_DIRS};

/// Watch the site's folders on a thread; rebuild on change and publish the result.
/// How long after a change serve waits for more before it updates.
const GATHER: Duration = Duration::from_millis(15);

/// The paths an event says were changed; `None` for a read (or an error).
fn changed_paths(ev: notify::Result<notify::Event>) -> Option<Vec<PathBuf>> {
    ev.ok().filter(|ev| !matches!(ev.kind, notify::EventKind::Access(_))).map(|ev| ev.paths)
}

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
        while let Ok(first) = rx.recv() {
            // A file read is no change: it neither starts an update (whose time would
            // count from it) nor keeps the gathering below going.
            let Some(first) = changed_paths(first) else { continue };
            let seen = Instant::now();
            let mut paths: Vec<PathBuf> = first;
            // Editors write in several steps; gather the changes that arrive in the next
            // moment (each one gives another).
            let mut until = Instant::now() + GATHER;
            while let Ok(ev) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                if let Some(more) = changed_paths(ev) {
                    paths.extend(more);
                    until = Instant::now() + GATHER;
                }
            }
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
            let result = match engine.as_mut() {
                Some(e) => e.update(&batch).map(|r| (r, None)),
                None => Engine::new(build.clone(), RELOAD_SCRIPT.to_string()).map(|e| {
                    let pages = e.files.len();
                    (Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new(), lock_note: None }, Some(e))
                }),
            };
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
                    if let Some(note) = &r.lock_note {
                        println!("{note}");
                    }
                    if let Some(f) = fresh {
                        engine = Some(f);
                    }
                    if let Some(e) = &engine {
                        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                        if r.full {
                            s.files = e.files.clone();
                        } else {
                            publish(&mut s, e, &r);
                        }
                        s.redirects = e.redirects.clone();
                        s.error = None;
                    }
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
                    print_diags(&d);
                    eprintln!("build failed after a change to {}; still serving the previous site", names.join(", "));
                    served.write().unwrap_or_else(|e| e.into_inner()).error = Some(render_diags(&d));
                }
            }
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
            version += 1;
            let _ = reload.send(version);
            // Then the files the edit left for after (the sitemaps), which no reader
            // waits for.
            if let Some(e) = engine.as_mut() {
                let start = Instant::now();
                match e.catch_up() {
                    Ok(r) if r.pages > 0 => {
                        publish(&mut served.write().unwrap_or_else(|e| e.into_inner()), e, &r);
                        println!(
                            "then {} file{} for machines (sitemaps) in {:.1} ms",
                            r.pages,
                            if r.pages == 1 { "" } else { "s" },
                            start.elapsed().as_secs_f64() * 1000.0
                        );
                        let _ = std::io::stdout().flush();
                    }
                    Ok(_) => {}
                    Err(d) => print_diags(&d),
                }
            }
        }
    });
    Ok(())
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
    use notify::event::{AccessKind, CreateKind, EventKind, ModifyKind};

    /// A read (an editor or a tool opening files) is no change: it must not start an
    /// update, whose printed time would count from it.
    #[test]
    fn reads_are_no_changes() {
        let ev = |kind| Ok(notify::Event::new(kind).add_path(PathBuf::from("/s/content/a.md")));
        assert_eq!(changed_paths(ev(EventKind::Access(AccessKind::Any))), None);
        assert_eq!(changed_paths(Err(notify::Error::generic("gone"))), None);
        for kind in [EventKind::Modify(ModifyKind::Any), EventKind::Create(CreateKind::File), EventKind::Any] {
            assert_eq!(changed_paths(ev(kind)), Some(vec![PathBuf::from("/s/content/a.md")]), "{kind:?}");
        }
    }
}
