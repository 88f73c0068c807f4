//! The spare tree's listing: every folder and file it held when the build began, each
//! marked once the new output is known to need that path, so that what is left
//! unmarked at the end (and only that) is removed.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

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
}

impl Listing {
    /// Walk the tree at `root`. Anything that is neither a regular file
    /// nor a folder (a symbolic link, a socket), and any name that is not UTF-8, cannot
    /// be part of an output brief writes: it is removed now, before anything is
    /// written, so that no write can follow a link out of the tree.
    pub fn walk(root: &Path) -> Result<Listing, WriteError> {
        let mut found = Vec::new();
        walk_dir(root, "", &mut found)?;
        let entries =
            found.into_iter().map(|(rel, kind)| (rel, Listed { kind, seen: AtomicBool::new(false) })).collect();
        Ok(Listing { entries })
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
    pub fn prune(&self, root: &Path, midway: &(dyn Fn() + Sync)) -> Result<usize, WriteError> {
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
        Ok(doomed.len())
    }

    fn parent_kept(&self, rel: &str) -> bool {
        match rel.rsplit_once('/') {
            None => true,
            Some((parent, _)) => self.entries.get(parent).is_some_and(Listed::seen),
        }
    }
}

/// The entries of one folder and, depth first, of the folders in it. On one thread: the
/// walk runs beside the build's own work, and must not wait for the thread pool that
/// waits for it.
fn walk_dir(root: &Path, rel: &str, out: &mut Vec<(String, Kind)>) -> Result<(), WriteError> {
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
            out.push((child.clone(), Kind::Dir));
            walk_dir(root, &child, out)?;
        } else if ft.is_file() {
            out.push((child, Kind::File(inode(&e))));
        } else {
            remove_any(&e.path(), false)?;
        }
    }
    Ok(())
}

fn remove_any(path: &Path, dir: bool) -> Result<(), WriteError> {
    if dir { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }.map_err(io(path))
}

#[cfg(unix)]
fn inode(e: &std::fs::DirEntry) -> Option<u64> {
    use std::os::unix::fs::DirEntryExt as _;
    Some(e.ino())
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
