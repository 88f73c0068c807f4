//! [`Staging`]: a build's output in progress, written into the spare tree and swapped
//! in at the end.

use rustc_hash::FxHashSet as HashSet;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use super::faults::Faults;
use super::record::{Record, dir_stamp, save_record};
use super::sink::{Outcome, Sink};
use super::spare::{self, Kind, Listing};
use super::{Content, FileMeta, MARKER, WriteError, WriteStats, check_output, check_rel, io, safe_join, swap};

/// The text of the marker file.
const MARKER_TEXT: &str = "This folder is written by brief; it is replaced whole on every build.\n";

/// What the spare tree holds so that version control and backups pass it by. It is
/// removed like any other stray file before the tree is swapped in.
const SPARE_GITIGNORE: &str = "# The output before last, kept by `brief build` to make the next build fast.\n*\n";

/// A published output: what its build wrote, and its listing being recorded.
#[derive(Debug)]
pub struct Committed {
    /// What the build wrote.
    pub stats: WriteStats,
    recording: Option<std::thread::JoinHandle<()>>,
}

impl Committed {
    /// Wait for the listing to be recorded.
    pub fn wait(self) -> WriteStats {
        if let Some(h) = self.recording {
            let _ = h.join();
        }
        self.stats
    }
}

/// A build's output in progress.
///
/// brief keeps two trees: the output (`public/`) and beside it a spare
/// (`.public.prev/`), which holds the output before last. A build brings the spare up
/// to date, from many threads at once: a file the same as in the output becomes a hard
/// link to the output's file (or stays one), a changed file is written anew (never
/// rewritten in place: it may share its bytes with the output), and at
/// [`Staging::commit`] every path the new output does not have is removed; then the
/// two folders are exchanged in one step. The output is never written to, so a build
/// stopped at any point leaves it as it was; the spare is whatever the stopped build
/// made of it, and the next build compares every file's bytes, trusting nothing.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    /// The spare tree, being brought up to date.
    dir: PathBuf,
    /// Whether there is a previous output to compare with.
    has_old: bool,
    /// The previous output's folder, open: a file of it is looked at from here rather
    /// than through the whole path (for a large site, a look at each of thousands of
    /// files it keeps).
    #[cfg(unix)]
    out_fd: Option<rustix::fd::OwnedFd>,
    /// Whether this build made the spare folder (removed again if the build fails).
    made: bool,
    /// What the spare held when the build began, once listed.
    listing: OnceLock<Listing>,
    /// The listing in progress, on its own thread while the build prepares its pages;
    /// the first file put waits for it.
    walk: Mutex<Option<std::thread::JoinHandle<Result<Listing, WriteError>>>>,
    /// Folders this build made in the spare (relative).
    created: Mutex<HashSet<String>>,
    /// The build cache, where the new output's listing is recorded for the build after
    /// next (see `super::record`), when this build records one: only over a previous
    /// output (a first build's record would cost it more than it saves).
    record_in: Option<PathBuf>,
    /// Paths this build made or replaced in the spare, with what each is now (when it
    /// records the listing).
    changed: Mutex<Vec<(String, Kind)>>,
    /// Files this build wrote into the spare: if it fails, they go again, so that the
    /// space a build that filled the disk took is free for the next one. (Not kept when
    /// this build made the spare: it goes whole.)
    fresh: Mutex<Vec<PathBuf>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    faults: Faults,
    /// The first write that failed: every later put fails the same way without
    /// touching the disk (see [`Staging::guard`]).
    stopped: OnceLock<(PathBuf, std::io::ErrorKind, String)>,
    committed: bool,
    _locks: [Option<swap::Lock>; 2],
}

impl Staging {
    /// Check the output folder may be replaced, take the lock on it, and list the spare
    /// tree (made empty if there is none).
    pub fn begin(out: &Path, site_root: &Path, cache: Option<&Path>) -> Result<Staging, WriteError> {
        let t = crate::timing::Stopwatch::start("  ");
        check_output(out, site_root)?;
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let dir = swap::sibling(out, "prev");
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            // Only the link goes, never what it points to.
            std::fs::remove_file(&dir).map_err(io(&dir))?;
        }
        let (spare_lock, made) = swap::lock_or_make(&dir)?;
        let out_lock = swap::recover(out, &dir)
            .and_then(|_| {
                swap::clean_legacy_leftovers(out);
                // Another build may have replaced the output while this one waited.
                check_output(out, site_root)?;
                swap::lock_existing(out)
            })
            .inspect_err(|_| {
                if made {
                    let _ = std::fs::remove_dir(&dir);
                }
            })?;
        let has_old = out_lock.is_some();
        #[cfg(unix)]
        let out_fd = if has_old { Some(open_dir(out)?) } else { None };
        let locks = [Some(spare_lock), out_lock];
        let listing = OnceLock::new();
        let mut walk = None;
        if made {
            // The marker first, so that a build killed now leaves a spare brief knows.
            let marker = dir.join(MARKER);
            std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
            let _ = listing.set(Listing::default());
        } else {
            check_spare(&dir)?;
            // The spare's record, taken (and so removed) before anything in it changes:
            // every change waits for the listing.
            let record_file = cache.zip(dir_stamp(&dir)).and_then(|(c, st)| Record::file(c, out, st.ino));
            let root = dir.clone();
            walk = Some(std::thread::spawn(move || {
                let t = crate::timing::Stopwatch::start("  ");
                let listing = Listing::walk(&root, record_file.and_then(|f| Record::take(&f)));
                t.mark(&match &listing {
                    Ok(l) => {
                        format!("write: list the spare tree ({} paths, {} folders as recorded)", l.len(), l.vouched)
                    }
                    Err(_) => "write: list the spare tree (failed)".to_string(),
                });
                listing
            }));
        }
        t.mark("write: lock the output and its spare");
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            has_old,
            #[cfg(unix)]
            out_fd,
            made,
            listing,
            walk: Mutex::new(walk),
            created: Mutex::default(),
            record_in: cache.filter(|_| has_old).map(Path::to_path_buf),
            changed: Mutex::default(),
            fresh: Mutex::default(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            faults: Faults::from_env(),
            stopped: OnceLock::new(),
            committed: false,
            _locks: locks,
        })
    }

    /// Put one file. Returns true when it was written, false when it was identical to
    /// the previous output and linked instead.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<bool, WriteError> {
        self.guard(|| self.try_put(rel, bytes))
    }

    /// Run one put, unless one failed to write already: then fail as that one did. The
    /// build is lost by then (nothing is swapped in), so the rest is not attempted, and
    /// a full disk is reported once, not for each of thousands of files after it.
    fn guard<T>(&self, put: impl FnOnce() -> Result<T, WriteError>) -> Result<T, WriteError> {
        if let Some((path, kind, message)) = self.stopped.get() {
            return Err(WriteError::Io { path: path.clone(), source: std::io::Error::new(*kind, message.clone()) });
        }
        let result = put();
        if let Err(WriteError::Io { path, source }) = &result {
            let _ = self.stopped.set((path.clone(), source.kind(), source.to_string()));
        }
        result
    }

    fn try_put(&self, rel: &str, bytes: &[u8]) -> Result<bool, WriteError> {
        let target = safe_join(&self.dir, rel)?;
        self.faults.before_put(|| target.clone(), self.done())?;
        let changed = self.put_bytes(rel, &target, bytes)?;
        self.count(changed);
        Ok(changed)
    }

    fn put_bytes(&self, rel: &str, target: &Path, bytes: &[u8]) -> Result<bool, WriteError> {
        let listed = self.prepare(rel)?;
        if self.has_old {
            let previous = safe_join(&self.out, rel)?;
            if let Some(id) = same_content(&previous, bytes)
                && self.keep_or_link(rel, &previous, target, listed, id)
            {
                return Ok(false);
            }
        }
        let mut f = self.create(rel, target, listed).map_err(io(target))?;
        f.write_all(bytes).map_err(io(target))?;
        Ok(true)
    }

    /// Whether there is a previous output (files to keep or compare with).
    pub fn has_previous(&self) -> bool {
        self.has_old
    }

    /// Keep `rel` as the output has it, when `trusted` accepts the output's file (an
    /// earlier build made it from the inputs the new one has: see `crate::cache`): the
    /// spare's entry becomes that file, as for a file whose bytes are the same. False
    /// when there is no such file, it is not accepted, or it could not be linked (then
    /// the caller puts the bytes).
    pub fn keep_if(&self, rel: &str, trusted: impl FnOnce(&FileMeta) -> bool) -> Result<bool, WriteError> {
        self.guard(|| self.try_keep(rel, trusted))
    }

    fn try_keep(&self, rel: &str, trusted: impl FnOnce(&FileMeta) -> bool) -> Result<bool, WriteError> {
        if !self.has_old {
            return Ok(false);
        }
        check_rel(rel)?;
        let Some(m) = self.old_file(rel).filter(|m| trusted(m)) else {
            return Ok(false);
        };
        self.faults.before_put(|| self.dir.join(rel), self.done())?;
        let listed = self.prepare(rel)?;
        // Most often the spare holds that very file already: no path is needed.
        let linked = matches!((listed, inode(&m)), (Some(Kind::File(Some(a))), Some(b)) if a == b);
        if !linked
            && !self.keep_or_link(rel, &safe_join(&self.out, rel)?, &safe_join(&self.dir, rel)?, listed, inode(&m))
        {
            return Ok(false);
        }
        self.count(false);
        Ok(true)
    }

    /// The previous output's regular file `rel` (a path [`check_rel`] allows), as it is.
    #[cfg(unix)]
    fn old_file(&self, rel: &str) -> Option<FileMeta> {
        use rustix::fs::{AtFlags, FileType, statat};
        let st = statat(self.out_fd.as_ref()?, rel, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        (FileType::from_raw_mode(st.st_mode) == FileType::RegularFile).then(|| FileMeta::of_stat(&st))
    }

    #[cfg(not(unix))]
    fn old_file(&self, rel: &str) -> Option<FileMeta> {
        let m = std::fs::symlink_metadata(safe_join(&self.out, rel).ok()?).ok()?;
        m.is_file().then(|| FileMeta::of(&m))
    }

    /// The file `rel` of the output being made, once put or kept.
    pub fn made_metadata(&self, rel: &str) -> Option<FileMeta> {
        let m = std::fs::symlink_metadata(safe_join(&self.dir, rel).ok()?).ok()?;
        m.is_file().then(|| FileMeta::of(&m))
    }

    /// Put one file whose bytes `fill` writes (for outputs too large to hold whole).
    /// The bytes are compared with the previous file as they come, and written only from
    /// where they differ.
    pub fn put_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        self.guard(|| self.try_put_with(rel, fill))
    }

    fn try_put_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        let target = safe_join(&self.dir, rel)?;
        self.faults.before_put(|| target.clone(), self.done())?;
        let listed = self.prepare(rel)?;
        let previous = if self.has_old { Some(safe_join(&self.out, rel)?) } else { None };
        let (old, old_id) = match previous.as_deref().and_then(open_regular) {
            Some((f, id)) => (Some(f), id),
            None => (None, None),
        };
        let sink = Sink::new(old, || self.create(rel, &target, listed));
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, sink);
        fill(&mut w).and_then(|_| w.flush()).map_err(io(&target))?;
        let sink = w.into_inner().map_err(|e| WriteError::Io { path: target.clone(), source: e.into_error() })?;
        let changed = match (sink.finish().map_err(io(&target))?, previous) {
            (Outcome::Same, Some(previous)) => {
                if !self.keep_or_link(rel, &previous, &target, listed, old_id) {
                    let mut from = std::fs::File::open(&previous).map_err(io(&previous))?;
                    let mut to = self.create(rel, &target, listed).map_err(io(&target))?;
                    std::io::copy(&mut from, &mut to).map_err(io(&target))?;
                    true
                } else {
                    false
                }
            }
            _ => true,
        };
        self.count(changed);
        Ok(())
    }

    /// Put one file of either kind.
    pub fn put_content(&self, rel: &str, content: &Content) -> Result<bool, WriteError> {
        match content {
            Content::Bytes(b) => self.put(rel, b),
            Content::Copy(src) => {
                let bytes = std::fs::read(src).map_err(|source| WriteError::Read { path: src.clone(), source })?;
                self.put(rel, &bytes)
            }
        }
    }

    /// Remove what the new output does not have from the spare, then swap it in place
    /// of the output. The old output becomes the spare, for the next build.
    pub fn commit(mut self) -> Result<Committed, WriteError> {
        let t = crate::timing::Stopwatch::start("  ");
        let marker = self.dir.join(MARKER);
        self.put_bytes(MARKER, &marker, MARKER_TEXT.as_bytes())?;
        self.faults.point("prune");
        let removed = self.listing()?.prune(&self.dir, &|| self.faults.point("mid-prune"))?;
        t.mark(&format!("write: remove {} stray paths from the spare tree", removed.len()));
        self.faults.point("swap");
        swap::swap_in(&self.dir, &self.out, !self.faults.no_exchange, &|i| self.faults.point(&format!("swap-{i}")))?;
        self.committed = true;
        self.faults.point("swapped");
        if self.has_old {
            // The old output, now the spare: an empty folder that was not brief's goes.
            if self.dir.join(MARKER).is_file() {
                let _ = std::fs::File::create_new(self.dir.join(".gitignore"))
                    .and_then(|mut f| f.write_all(SPARE_GITIGNORE.as_bytes()));
            } else {
                let _ = std::fs::remove_dir(&self.dir);
            }
        }
        t.mark("write: swap");
        // The new output's listing is recorded on a thread of its own.
        let recording = match (self.record_in.take(), self.listing.take()) {
            (Some(cache), Some(listing)) => {
                let changed = std::mem::take(self.changed.get_mut().unwrap_or_else(|e| e.into_inner()));
                let (out, spare) = (self.out.clone(), self.dir.clone());
                Some(std::thread::spawn(move || {
                    let t = crate::timing::Stopwatch::start("  ");
                    let saved = save_record(&listing, &changed, &removed, &out, &spare, &cache);
                    t.mark(&format!(
                        "write: record the output's listing ({})",
                        if saved.is_some() { "saved" } else { "not saved" }
                    ));
                }))
            }
            _ => None,
        };
        Ok(Committed {
            stats: WriteStats {
                written: self.written.load(Ordering::SeqCst),
                unchanged: self.unchanged.load(Ordering::SeqCst),
            },
            recording,
        })
    }

    /// Note that `rel` is now `kind` in the spare, when this build records the listing.
    fn note(&self, rel: &str, kind: Kind) {
        if self.record_in.is_some()
            && let Ok(mut c) = self.changed.lock()
        {
            c.push((rel.to_string(), kind));
        }
    }

    /// What the spare held when the build began (waiting for the listing if need be).
    fn listing(&self) -> Result<&Listing, WriteError> {
        if let Some(l) = self.listing.get() {
            return Ok(l);
        }
        let mut walk = self.walk.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(handle) = walk.take() {
            let listed = handle.join().unwrap_or_else(|_| Err(self.unlisted()))?;
            let _ = self.listing.set(listed);
        }
        self.listing.get().ok_or_else(|| self.unlisted())
    }

    fn unlisted(&self) -> WriteError {
        WriteError::Io { path: self.dir.clone(), source: std::io::Error::other("the folder could not be listed") }
    }

    fn done(&self) -> usize {
        self.written.load(Ordering::SeqCst) + self.unchanged.load(Ordering::SeqCst)
    }

    fn count(&self, changed: bool) {
        if changed { &self.written } else { &self.unchanged }.fetch_add(1, Ordering::SeqCst);
    }

    /// Mark `rel` as kept and make the folders above it; what the spare held there.
    fn prepare(&self, rel: &str) -> Result<Option<Kind>, WriteError> {
        let listed = self.listing()?.keep(rel);
        if let Some((parent, _)) = rel.rsplit_once('/') {
            self.make_folder(parent)?;
        }
        Ok(listed)
    }

    /// Make the folder `rel` of the spare and mark it and those above it as kept; a
    /// file of the spare in the way is removed.
    fn make_folder(&self, rel: &str) -> Result<(), WriteError> {
        let listing = self.listing()?;
        let made = |folder: &str| self.created.lock().is_ok_and(|c| c.contains(folder));
        match listing.folder_kept(rel) {
            Some(true) => return Ok(()),
            // A folder of the spare is not made by this build (nor removed before the
            // prune), so this is its first file.
            Some(false) => {}
            None if made(rel) => return Ok(()),
            None => {}
        }
        // Folders are marked (and made) top-down, so above the deepest folder kept or
        // made already all are too; from there down, one `mkdir` for each folder that
        // is missing.
        let mut from = 0;
        let mut above = rel;
        while let Some((parent, _)) = above.rsplit_once('/') {
            if listing.is_kept_folder(parent) || made(parent) {
                from = parent.len() + 1;
                break;
            }
            above = parent;
        }
        let ends = rel[from..].match_indices('/').map(|(i, _)| from + i).chain([rel.len()]);
        for end in ends {
            let folder = &rel[..end];
            let listed = listing.keep(folder);
            match listed {
                Some(Kind::Dir) => continue,
                None if made(folder) => continue,
                _ => {}
            }
            let path = self.dir.join(folder);
            if let Some(Kind::File(_)) = listed
                && let Err(e) = std::fs::remove_file(&path)
                && !matches!(e.kind(), ErrorKind::NotFound | ErrorKind::IsADirectory)
            {
                return Err(WriteError::Io { path, source: e });
            }
            match std::fs::create_dir(&path) {
                Err(e) if e.kind() != ErrorKind::AlreadyExists => return Err(WriteError::Io { path, source: e }),
                _ => self.note(folder, Kind::Dir),
            }
            if let Ok(mut c) = self.created.lock() {
                c.insert(folder.to_string());
            }
        }
        Ok(())
    }

    /// Make `target` the previous output's file, whose bytes are the new ones: keep the
    /// spare's entry when it is that file already, else link it. False when it could
    /// not be linked (then the bytes are written).
    fn keep_or_link(&self, rel: &str, previous: &Path, target: &Path, listed: Option<Kind>, id: Option<u64>) -> bool {
        if let (Some(Kind::File(Some(a))), Some(b)) = (listed, id)
            && a == b
        {
            return true;
        }
        let _ = remove_entry(target, listed);
        let linked = match std::fs::hard_link(previous, target) {
            Ok(()) => true,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                std::fs::remove_file(target).is_ok() && std::fs::hard_link(previous, target).is_ok()
            }
            Err(_) => false,
        };
        if linked {
            self.note(rel, Kind::File(id));
        }
        linked
    }

    /// A new file at `target`, after removing what the spare held there: a file there
    /// may be the output's too (a hard link), so it is never truncated.
    fn create(&self, rel: &str, target: &Path, listed: Option<Kind>) -> std::io::Result<std::fs::File> {
        remove_entry(target, listed)?;
        let f = match std::fs::File::create_new(target) {
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                remove_entry(target, Some(Kind::File(None)))?;
                std::fs::File::create_new(target)
            }
            r => r,
        }?;
        if self.record_in.is_some() {
            self.note(rel, Kind::File(f.metadata().ok().and_then(|m| spare::inode_of(&m))));
        }
        // A spare this build made goes whole if the build fails: no need to remember
        // its files (a path per file of a large site is much memory).
        if !self.made
            && let Ok(mut fresh) = self.fresh.lock()
        {
            fresh.push(target.to_path_buf());
        }
        Ok(f)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A spare this build made holds only what it wrote; one that was there before
        // stays for the next build, which compares every file, less what this build
        // wrote (links to the output's files take no space).
        if let Some(handle) = self.walk.get_mut().ok().and_then(Option::take) {
            let _ = handle.join();
        }
        if self.committed {
            return;
        }
        if self.made {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else if let Ok(fresh) = self.fresh.get_mut() {
            for f in fresh.iter() {
                let _ = std::fs::remove_file(f);
            }
        }
    }
}

/// Remove what the spare holds at `path` (nothing when `listed` is none).
fn remove_entry(path: &Path, listed: Option<Kind>) -> std::io::Result<()> {
    let r = match listed {
        None => return Ok(()),
        Some(Kind::File(_)) => std::fs::remove_file(path),
        Some(Kind::Dir) => std::fs::remove_dir_all(path),
    };
    match r {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

/// The folder at `path` opened for looking at what is in it (not a link).
#[cfg(unix)]
fn open_dir(path: &Path) -> Result<rustix::fd::OwnedFd, WriteError> {
    use rustix::fs::{Mode, OFlags, open};
    open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty())
        .map_err(|e| WriteError::Io { path: path.to_path_buf(), source: e.into() })
}

/// The inode number of a file, where the system has them.
fn inode(m: &FileMeta) -> Option<u64> {
    cfg!(unix).then_some(m.ino)
}

/// A spare is brief's when it holds the marker, or nothing at all.
fn check_spare(dir: &Path) -> Result<(), WriteError> {
    if dir.join(MARKER).is_file() || std::fs::read_dir(dir).map_err(io(dir))?.next().is_none() {
        Ok(())
    } else {
        Err(WriteError::Foreign(dir.to_path_buf()))
    }
}

/// The file at `path` opened, when it is a regular file (not a link), and its inode.
fn open_regular(path: &Path) -> Option<(std::fs::File, Option<u64>)> {
    let m = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
    Some((std::fs::File::open(path).ok()?, spare::inode_of(&m)))
}

/// When the file at `path` (a regular file, not a link) holds exactly `bytes`: its
/// inode, where the system has one.
fn same_content(path: &Path, bytes: &[u8]) -> Option<Option<u64>> {
    let m = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file() && m.len() == bytes.len() as u64)?;
    let mut f = std::fs::File::open(path).ok()?;
    let mut old = vec![0; bytes.len()];
    std::io::Read::read_exact(&mut f, &mut old).ok()?;
    (old == bytes).then(|| spare::inode_of(&m))
}
