//! The spare tree's listing: every folder and file it held when the build began, each
//! marked once the new output is known to need that path, so that what is left
//! unmarked at the end (and only that) is removed.

use rustc_hash::FxHashMap as HashMap;
use std::io::ErrorKind;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::record::{DirStamp, Record};
use super::{WriteError, io};

/// What a path of the spare tree was when the build began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A regular file, with its inode number where the system has one.
    File(Option<u64>),
    /// A folder.
    Dir,
}

/// One listed path.
#[derive(Debug)]
pub(super) struct Listed {
    /// What it was.
    pub kind: Kind,
    /// A folder's stamp, taken before reading it (or found as recorded); none for a
    /// folder the walk removed something from.
    stamp: Option<DirStamp>,
    /// Whether the new output keeps this path (as a file or as a folder above one).
    seen: AtomicBool,
}

impl Listed {
    /// Whether the new output needs this path.
    pub fn seen(&self) -> bool {
        self.seen.load(Ordering::Acquire)
    }
}

/// Every path of the spare tree, `/`-separated and relative to it.
#[derive(Debug, Default)]
pub(super) struct Listing {
    entries: HashMap<String, Listed>,
    /// The stamp of the tree's top folder (see [`Listed::stamp`]).
    top: Option<DirStamp>,
    /// Folders whose entries were taken from the record rather than read.
    pub vouched: usize,
}

impl Listing {
    /// Walk the tree at `root`, taking from `record` (the tree as the build that made
    /// it left it) the entries of every folder it vouches for. Anything that is neither
    /// a regular file nor a folder (a symbolic link, a socket), and any name that is
    /// not UTF-8, cannot be part of an output brief writes: it is removed now, before
    /// anything is written, so that no write can follow a link out of the tree.
    pub fn walk(root: &Path, record: Option<Record>) -> Result<Listing, WriteError> {
        let mut w = Walk::default();
        #[cfg(unix)]
        {
            let open = |path: &Path| {
                use rustix::fs::{Mode, OFlags, open};
                open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty())
                    .map_err(|e| WriteError::Io { path: path.to_path_buf(), source: e.into() })
            };
            let walked = visit(open(root)?, root, "", None, record.as_ref(), &mut w);
            if record.is_some() && walked.is_err() {
                // The tree changed under the walk: read it all again.
                w = Walk::default();
                visit(open(root)?, root, "", None, None, &mut w)?;
            } else {
                walked?;
            }
        }
        #[cfg(not(unix))]
        {
            let _ = record;
            walk_dir(root, "", &mut w.found)?;
        }
        let mut entries = HashMap::with_capacity_and_hasher(w.found.len(), Default::default());
        entries.extend(
            w.found.into_iter().map(|(rel, kind, stamp)| (rel, Listed { kind, stamp, seen: AtomicBool::new(false) })),
        );
        Ok(Listing { entries, top: w.top, vouched: w.vouched })
    }

    /// The stamp of folder `rel` taken when the walk read it (or found it as recorded).
    pub fn stamp(&self, rel: &str) -> Option<DirStamp> {
        if rel.is_empty() { self.top } else { self.entries.get(rel).and_then(|e| e.stamp) }
    }

    /// Every listed path the new output keeps, with what it was.
    pub fn kept(&self) -> impl Iterator<Item = (&str, Kind)> {
        self.entries.iter().filter(|(_, e)| e.seen()).map(|(rel, e)| (rel.as_str(), e.kind))
    }

    /// How many paths the tree held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The listed path `rel`, marked as needed by the new output.
    pub fn keep(&self, rel: &str) -> Option<&Listed> {
        let e = self.entries.get(rel)?;
        e.seen.store(true, Ordering::Release);
        Some(e)
    }

    /// The listed path `rel`, without marking it.
    pub fn get(&self, rel: &str) -> Option<&Listed> {
        self.entries.get(rel)
    }

    /// Remove every listed path the new output did not need: a folder whole where its
    /// parent is kept, a file where its parent is kept (the rest go with their folder).
    /// Calls `midway` once, half-way through (for the interruption tests).
    pub fn prune(&self, root: &Path, midway: &(dyn Fn() + Sync)) -> Result<Vec<&str>, WriteError> {
        let doomed: Vec<(&str, Kind)> = self
            .entries
            .iter()
            .filter(|(rel, e)| !e.seen() && self.parent_kept(rel))
            .map(|(rel, e)| (rel.as_str(), e.kind))
            .collect();
        let done = AtomicUsize::new(0);
        doomed.par_iter().try_for_each(|(rel, kind)| {
            if done.fetch_add(1, Ordering::SeqCst) == doomed.len() / 2 {
                midway();
            }
            let path = root.join(rel);
            let r = match kind {
                Kind::Dir => std::fs::remove_dir_all(&path),
                Kind::File(_) => std::fs::remove_file(&path),
            };
            match r {
                // Gone already, or a folder above it became a file of the new output.
                Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(()),
                r => r.map_err(io(&path)),
            }
        })?;
        Ok(doomed.into_iter().map(|(rel, _)| rel).collect())
    }

    fn parent_kept(&self, rel: &str) -> bool {
        match rel.rsplit_once('/') {
            None => true,
            Some((parent, _)) => self.entries.get(parent).is_some_and(Listed::seen),
        }
    }
}

/// What a walk found: each path, what it was, and a folder's stamp (set once the
/// folder is read or vouched for).
#[derive(Default)]
struct Walk {
    found: Vec<(String, Kind, Option<DirStamp>)>,
    /// The top folder's stamp.
    top: Option<DirStamp>,
    vouched: usize,
}

impl Walk {
    /// Set the stamp of folder `rel`, found at `at` (the top has no place).
    fn stamp(&mut self, at: Option<usize>, stamp: DirStamp) {
        match at {
            Some(k) => self.found[k].2 = Some(stamp),
            None => self.top = Some(stamp),
        }
    }
}

fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() { name.to_string() } else { format!("{rel}/{name}") }
}

/// The entries of the folder `dir` (open, at `rel` in the tree at `root`) and, depth
/// first, of the folders in it: as `record` has them where it vouches for the folder,
/// else as read. Each folder is opened from the one above it, never through a link. On
/// one thread: the walk runs beside the build's own work, and must not wait for the
/// thread pool that waits for it.
#[cfg(unix)]
fn visit(
    dir: rustix::fd::OwnedFd,
    root: &Path,
    rel: &str,
    at: Option<usize>,
    record: Option<&Record>,
    w: &mut Walk,
) -> Result<(), WriteError> {
    use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, openat, statat};
    let err = |e: rustix::io::Errno| WriteError::Io { path: root.join(rel), source: e.into() };
    let mut d = Dir::new(dir).map_err(err)?;
    let stamp = DirStamp::of(&d.stat().map_err(err)?);
    // A folder below the top as recorded: its entries without reading them; each
    // folder in it is checked in turn (without opening it when it holds only files).
    if let Some(entries) = record.filter(|_| !rel.is_empty()).and_then(|r| r.vouches(rel, stamp)) {
        w.stamp(at, stamp);
        w.vouched += 1;
        let fd = d.fd().map_err(err)?;
        for (name, kind) in entries {
            let child = join(rel, name);
            let k = w.found.len();
            if *kind != Kind::Dir {
                w.found.push((child, *kind, None));
                continue;
            }
            let leaf = record.and_then(|r| r.dirs.get(&child)).filter(|c| c.entries.iter().all(|e| e.1 != Kind::Dir));
            if let Some(recorded) = leaf
                && let Ok(st) = statat(fd, name.as_str(), AtFlags::SYMLINK_NOFOLLOW)
                && FileType::from_raw_mode(st.st_mode) == FileType::Directory
                && let Some(files) = record.and_then(|r| r.vouches_dir(recorded, DirStamp::of(&st)))
            {
                w.vouched += 1;
                w.found.reserve(files.len() + 1);
                w.found.extend(files.iter().map(|(n, k)| (join(&child, n), *k, None)));
                w.found.push((child, Kind::Dir, Some(DirStamp::of(&st))));
                continue;
            }
            let sub = openat(
                fd,
                name.as_str(),
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .map_err(|e| WriteError::Io { path: root.join(&child), source: e.into() })?;
            w.found.push((child.clone(), Kind::Dir, None));
            visit(sub, root, &child, Some(k), record, w)?;
        }
        return Ok(());
    }
    let mut removed = false;
    let mut children = Vec::new();
    while let Some(e) = d.read() {
        let e = e.map_err(err)?;
        let raw = e.file_name().to_bytes();
        if raw == b"." || raw == b".." {
            continue;
        }
        let mut ft = e.file_type();
        if ft == FileType::Unknown {
            ft = statat(d.fd().map_err(err)?, e.file_name(), AtFlags::SYMLINK_NOFOLLOW)
                .map(|st| FileType::from_raw_mode(st.st_mode))
                .map_err(err)?;
        }
        let Ok(name) = std::str::from_utf8(raw) else {
            use std::os::unix::ffi::OsStrExt as _;
            remove_any(&root.join(rel).join(std::ffi::OsStr::from_bytes(raw)), ft == FileType::Directory)?;
            removed = true;
            continue;
        };
        let child = join(rel, name);
        match ft {
            FileType::Directory => {
                children.push((name.to_string(), child.clone(), w.found.len()));
                w.found.push((child, Kind::Dir, None));
            }
            FileType::RegularFile => w.found.push((child, Kind::File(Some(e.ino())), None)),
            _ => {
                remove_any(&root.join(&child), false)?;
                removed = true;
            }
        }
    }
    if !removed {
        w.stamp(at, stamp);
    }
    let fd = d.fd().map_err(err)?;
    for (name, child, k) in children {
        let sub = openat(
            fd,
            name.as_str(),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| WriteError::Io { path: root.join(&child), source: e.into() })?;
        visit(sub, root, &child, Some(k), record, w)?;
    }
    Ok(())
}

/// The entries of one folder and, depth first, of the folders in it.
#[cfg(not(unix))]
fn walk_dir(root: &Path, rel: &str, out: &mut Vec<(String, Kind, Option<DirStamp>)>) -> Result<(), WriteError> {
    let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
    for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
        let e = e.map_err(io(&dir))?;
        let ft = e.file_type().map_err(io(&e.path()))?;
        let Some(name) = e.file_name().to_str().map(str::to_owned) else {
            remove_any(&e.path(), ft.is_dir())?;
            continue;
        };
        let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if ft.is_dir() {
            out.push((child.clone(), Kind::Dir, None));
            walk_dir(root, &child, out)?;
        } else if ft.is_file() {
            out.push((child, Kind::File(inode(&e)), None));
        } else {
            remove_any(&e.path(), false)?;
        }
    }
    Ok(())
}

fn remove_any(path: &Path, dir: bool) -> Result<(), WriteError> {
    if dir { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }.map_err(io(path))
}

#[cfg(not(unix))]
fn inode(_: &std::fs::DirEntry) -> Option<u64> {
    None
}

/// The inode number of a file's metadata, where the system has one.
#[cfg(unix)]
pub(super) fn inode_of(m: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    Some(m.ino())
}

#[cfg(not(unix))]
pub(super) fn inode_of(_: &std::fs::Metadata) -> Option<u64> {
    None
}
