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

/// One listed folder: what it held when the build began.
#[derive(Debug)]
pub(super) struct Folder {
    /// Its stamp, taken before reading it (or found as recorded); none for a folder the
    /// walk removed something from.
    stamp: Option<DirStamp>,
    /// Whether the new output keeps this folder (as a folder above one of its files).
    seen: AtomicBool,
    /// Its entries, sorted by name, and what each was.
    names: Vec<(String, Kind)>,
    /// For each entry, whether the new output keeps it.
    kept: Vec<AtomicBool>,
}

impl Folder {
    fn new(stamp: Option<DirStamp>, mut names: Vec<(String, Kind)>) -> Folder {
        if !names.is_sorted_by(|a, b| a.0 <= b.0) {
            names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        let kept = names.iter().map(|_| AtomicBool::new(false)).collect();
        Folder { stamp, seen: AtomicBool::new(false), names, kept }
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.names.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok()
    }

    /// Its entries the new output keeps, with what each was.
    pub fn kept(&self) -> impl Iterator<Item = (&str, Kind)> {
        self.names
            .iter()
            .zip(&self.kept)
            .filter(|(_, k)| k.load(Ordering::Acquire))
            .map(|((n, kind), _)| (n.as_str(), *kind))
    }

    /// Its stamp (see [`Folder::stamp`]).
    pub fn stamp(&self) -> Option<DirStamp> {
        self.stamp
    }
}

/// Every folder of the spare tree, by `/`-separated path relative to it (the tree
/// itself is `""`), with its entries.
#[derive(Debug, Default)]
pub(super) struct Listing {
    folders: HashMap<String, Folder>,
    /// How many paths the tree held.
    len: usize,
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
        w.folders.reserve(record.as_ref().map_or(0, |r| r.dirs.len() + 64));
        #[cfg(unix)]
        {
            let open = |path: &Path| {
                use rustix::fs::{Mode, OFlags, open};
                open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty())
                    .map_err(|e| WriteError::Io { path: path.to_path_buf(), source: e.into() })
            };
            let had_record = record.is_some();
            let mut record = record;
            let walked = visit(open(root)?, root, String::new(), record.as_mut(), &mut w);
            if had_record && walked.is_err() {
                // The tree changed under the walk: read it all again.
                w = Walk::default();
                visit(open(root)?, root, String::new(), None, &mut w)?;
            } else {
                walked?;
            }
        }
        #[cfg(not(unix))]
        {
            let _ = record;
            walk_dir(root, String::new(), &mut w)?;
        }
        Ok(Listing { folders: w.folders, len: w.len, vouched: w.vouched })
    }

    /// How many paths the tree held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The listed folder `parent` and the index of `name` in it.
    fn entry(&self, rel: &str) -> Option<(&Folder, usize)> {
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let f = self.folders.get(parent)?;
        Some((f, f.find(name)?))
    }

    /// What the listed path `rel` was, now marked as needed by the new output.
    pub fn keep(&self, rel: &str) -> Option<Kind> {
        let (f, i) = self.entry(rel)?;
        let kind = f.names[i].1;
        if kind == Kind::Dir
            && let Some(dir) = self.folders.get(rel)
        {
            dir.seen.store(true, Ordering::Release);
        }
        f.kept[i].store(true, Ordering::Release);
        Some(kind)
    }

    /// Whether `rel` was listed as a folder and is marked as needed.
    pub fn is_kept_folder(&self, rel: &str) -> bool {
        self.folder_kept(rel) == Some(true)
    }

    /// When `rel` was listed as a folder: whether it is marked as needed.
    pub fn folder_kept(&self, rel: &str) -> Option<bool> {
        self.folders.get(rel).map(|f| f.seen.load(Ordering::Acquire))
    }

    /// Every folder the new output keeps (the top always), with its path.
    pub fn kept_folders(&self) -> impl Iterator<Item = (&str, &Folder)> {
        self.folders
            .iter()
            .filter(|(rel, f)| rel.is_empty() || f.seen.load(Ordering::Acquire))
            .map(|(rel, f)| (rel.as_str(), f))
    }

    /// Remove every listed path the new output did not need: a folder whole where its
    /// parent is kept, a file where its parent is kept (the rest go with their folder).
    /// Calls `midway` once, half-way through (for the interruption tests). Gives the
    /// paths removed.
    pub fn prune(&self, root: &Path, midway: &(dyn Fn() + Sync)) -> Result<Vec<String>, WriteError> {
        let mut doomed: Vec<(String, Kind)> = Vec::new();
        for (rel, f) in self.kept_folders() {
            for ((name, kind), kept) in f.names.iter().zip(&f.kept) {
                if !kept.load(Ordering::Acquire) {
                    doomed.push((join(rel, name), *kind));
                }
            }
        }
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
}

/// What a walk found: each folder with its entries.
#[derive(Default)]
struct Walk {
    folders: HashMap<String, Folder>,
    len: usize,
    vouched: usize,
}

impl Walk {
    fn add(&mut self, rel: String, stamp: Option<DirStamp>, names: Vec<(String, Kind)>) {
        self.len += names.len();
        self.folders.insert(rel, Folder::new(stamp, names));
    }
}

fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        let mut s = String::with_capacity(rel.len() + 1 + name.len());
        s.push_str(rel);
        s.push('/');
        s.push_str(name);
        s
    }
}

/// The entries of the folder `dir` (open, at `rel` in the tree at `root`) and, depth
/// first, of the folders in it: as `record` has them where it vouches for the folder,
/// else as read. Each folder is opened from the one above it, never through a link. On
/// one thread: the walk runs beside the build's own work, and must not wait for the
/// thread pool that waits for it.
///
/// What the record vouches for is moved out of it, names and all: a large site's
/// listing is mostly that, and is made without copying a name.
#[cfg(unix)]
fn visit(
    dir: rustix::fd::OwnedFd,
    root: &Path,
    rel: String,
    mut record: Option<&mut Record>,
    w: &mut Walk,
) -> Result<(), WriteError> {
    use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, openat, statat};
    let err = |e: rustix::io::Errno| WriteError::Io { path: root.join(&rel), source: e.into() };
    let mut d = Dir::new(dir).map_err(err)?;
    let stamp = DirStamp::of(&d.stat().map_err(err)?);
    // A folder below the top as recorded: its entries without reading them; each
    // folder in it is checked in turn (without opening it when it holds only files).
    let recorded = match record.as_deref_mut() {
        Some(r) if !rel.is_empty() => r.take_vouched(&rel, stamp),
        _ => None,
    };
    if let Some(entries) = recorded {
        w.vouched += 1;
        let fd = d.fd().map_err(err)?;
        let mut subs = Vec::new();
        let mut path = String::with_capacity(rel.len() + 64);
        for (name, kind) in &entries {
            if *kind != Kind::Dir {
                continue;
            }
            path.clear();
            path.push_str(&rel);
            path.push('/');
            path.push_str(name);
            if let Some(r) = record.as_deref_mut()
                && let Some((key, files)) = vouched_leaf(r, &path, fd, name)
            {
                w.vouched += 1;
                w.add(key, Some(files.0), files.1);
                continue;
            }
            subs.push((name.clone(), path.clone()));
        }
        for (name, child) in subs {
            let sub = openat(
                fd,
                name.as_str(),
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .map_err(|e| WriteError::Io { path: root.join(&child), source: e.into() })?;
            visit(sub, root, child, record.as_deref_mut(), w)?;
        }
        w.add(rel, Some(stamp), entries);
        return Ok(());
    }
    let mut removed = false;
    let mut names = Vec::new();
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
            remove_any(&root.join(&rel).join(std::ffi::OsStr::from_bytes(raw)), ft == FileType::Directory)?;
            removed = true;
            continue;
        };
        match ft {
            FileType::Directory => {
                children.push(name.to_string());
                names.push((name.to_string(), Kind::Dir));
            }
            FileType::RegularFile => names.push((name.to_string(), Kind::File(Some(e.ino())))),
            _ => {
                remove_any(&root.join(&rel).join(name), false)?;
                removed = true;
            }
        }
    }
    let fd = d.fd().map_err(err)?;
    for name in children {
        let child = join(&rel, &name);
        let sub = openat(
            fd,
            name.as_str(),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| WriteError::Io { path: root.join(&child), source: e.into() })?;
        visit(sub, root, child, record.as_deref_mut(), w)?;
    }
    w.add(rel, (!removed).then_some(stamp), names);
    Ok(())
}

/// The folder `rel` (named `name` in the folder open at `parent`) moved out of `record`
/// with its stamp and entries, when it holds only files as recorded and the record
/// vouches for it: then it need not be opened.
#[cfg(unix)]
#[allow(clippy::type_complexity)]
fn vouched_leaf(
    record: &mut Record,
    rel: &str,
    parent: rustix::fd::BorrowedFd<'_>,
    name: &str,
) -> Option<(String, (DirStamp, Vec<(String, Kind)>))> {
    use rustix::fs::{AtFlags, FileType, statat};
    if !record.dirs.get(rel)?.entries.iter().all(|e| e.1 != Kind::Dir) {
        return None;
    }
    let st = statat(parent, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
    if FileType::from_raw_mode(st.st_mode) != FileType::Directory {
        return None;
    }
    let stamp = DirStamp::of(&st);
    record.vouches(rel, stamp)?;
    let (key, d) = record.dirs.remove_entry(rel)?;
    Some((key, (stamp, d.entries)))
}

/// The entries of one folder and, depth first, of the folders in it.
#[cfg(not(unix))]
fn walk_dir(root: &Path, rel: String, w: &mut Walk) -> Result<(), WriteError> {
    let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(&rel) };
    let mut names = Vec::new();
    let mut children = Vec::new();
    for e in std::fs::read_dir(&dir).map_err(io(&dir))? {
        let e = e.map_err(io(&dir))?;
        let ft = e.file_type().map_err(io(&e.path()))?;
        let Some(name) = e.file_name().to_str().map(str::to_owned) else {
            remove_any(&e.path(), ft.is_dir())?;
            continue;
        };
        if ft.is_dir() {
            children.push(join(&rel, &name));
            names.push((name, Kind::Dir));
        } else if ft.is_file() {
            names.push((name, Kind::File(None)));
        } else {
            remove_any(&e.path(), false)?;
        }
    }
    for child in children {
        walk_dir(root, child, w)?;
    }
    w.add(rel, None, names);
    Ok(())
}

fn remove_any(path: &Path, dir: bool) -> Result<(), WriteError> {
    if dir { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }.map_err(io(path))
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::write::record::save;

    fn tree(root: &Path) {
        for (path, text) in [("a/b/one.html", "1"), ("a/b/two.html", "2"), ("a/c/three.html", "3"), ("top.html", "t")] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    /// A listing read from disk and one taken from a record (every folder vouched for)
    /// mark, and prune, the same paths: what is not kept goes, a kept folder's other
    /// entries go, and a folder kept as a file's place is not emptied by its walk.
    #[test]
    fn a_listing_from_disk_or_from_its_record_keeps_and_prunes_the_same() {
        for from_record in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("spare");
            tree(&root);
            let record = from_record.then(|| {
                let read = Listing::walk(&root, None).unwrap();
                let dirs: Vec<_> = read
                    .folders
                    .iter()
                    .map(|(rel, f)| {
                        (rel.as_str(), f.stamp.unwrap(), f.names.iter().map(|(n, k)| (n.as_str(), *k)).collect())
                    })
                    .collect();
                // Stamps as they are, recorded as if long settled: every folder but
                // the top (always read) is vouched for.
                let file = dir.path().join("record");
                save(&file, &dirs).unwrap();
                let mut r = Record::take(&file).unwrap();
                r.made_later(10_000_000_000);
                r
            });
            let listing = Listing::walk(&root, record).unwrap();
            assert_eq!(listing.len(), 7, "a, top.html, b, c and three files (from the record: {from_record})");
            assert_eq!(listing.vouched, if from_record { 3 } else { 0 });
            for rel in ["a", "a/b", "a/b/one.html"] {
                assert!(listing.keep(rel).is_some(), "{rel}");
            }
            assert_eq!(
                listing.keep("a/b/one.html"),
                Some(Kind::File(Some(
                    std::fs::metadata(root.join("a/b/one.html"))
                        .map(|m| std::os::unix::fs::MetadataExt::ino(&m))
                        .unwrap()
                )))
            );
            assert!(listing.is_kept_folder("a/b") && !listing.is_kept_folder("a/c"));
            assert_eq!(listing.keep("a/missing"), None);
            let mut removed = listing.prune(&root, &|| {}).unwrap();
            removed.sort();
            assert_eq!(removed, ["a/b/two.html", "a/c", "top.html"], "from the record: {from_record}");
            assert!(
                root.join("a/b/one.html").is_file() && !root.join("a/c").exists() && !root.join("top.html").exists()
            );
        }
    }
}
