//! The pages an earlier build made: for each file of the output, the fingerprint of what
//! it was made from (see `crate::render`) and how the file was when it was made (inode,
//! size, modification time to the nanosecond). A build keeps an output file instead of
//! rendering it again only when both still hold: a file changed since, by anyone, or
//! a record that does not describe the file, means rendering it.
//!
//! With it, the shape of the site the pages were made from (see `crate::render::Shape`),
//! in the same file so that the two always describe the same output.
//!
//! One file per output folder, `.brief-cache/pages-<digest of the output's path>`,
//! replaced whole after each build that published its output.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::Xxh3;

use super::bytes::Reader;
use crate::write::FileMeta;

/// What the file starts with.
const MAGIC: &[u8; 16] = b"brief-pages\0\0\0\0\x03";

/// How an output file was when a build made it, and from what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The fingerprint of its inputs.
    pub fingerprint: u128,
    inode: u64,
    len: u64,
    mtime: i64,
    mtime_nsec: i64,
}

impl Stamp {
    /// The stamp of a file made from `fingerprint`, as `m` describes it now.
    pub fn of(fingerprint: u128, m: &FileMeta) -> Stamp {
        Stamp { fingerprint, inode: m.ino, len: m.len, mtime: m.mtime, mtime_nsec: m.mtime_nsec }
    }

    /// Whether the file `m` describes is still the one this stamp was taken of (never
    /// without inodes: then there is no record, see [`Pages::open`]).
    pub fn describes(&self, m: &FileMeta) -> bool {
        cfg!(unix) && (m.ino, m.len, m.mtime, m.mtime_nsec) == (self.inode, self.len, self.mtime, self.mtime_nsec)
    }
}

/// One file of the last build's record, and whether this build keeps it as it was.
#[derive(Debug)]
pub struct Recorded {
    /// How the file was when it was made, and from what.
    pub stamp: Stamp,
    kept: AtomicBool,
}

impl Recorded {
    /// Record the file as this build leaves it: as it was (so a large site's kept pages
    /// are recorded without a copy of each path).
    pub fn keep(&self) {
        self.kept.store(true, Ordering::Relaxed);
    }

    fn is_kept(&self) -> bool {
        self.kept.load(Ordering::Relaxed)
    }
}

/// The record of one output folder: the last build's, and the one this build makes.
#[derive(Debug)]
pub struct Pages {
    file: PathBuf,
    program: u128,
    old: HashMap<Box<str>, Recorded>,
    /// Files this build made (rendered or written), with their stamps.
    new: Mutex<Vec<(Box<str>, Stamp)>>,
    /// The shapes the last build saved, one for each edition, framed (see
    /// [`frames`]; empty: none).
    old_shape: Vec<u8>,
    /// The shape of each edition of this build's site, to save.
    new_shape: Mutex<Vec<Vec<u8>>>,
}

impl Pages {
    /// The record of the output folder `out` of the site at `root`: what the last build
    /// left, when it reads whole and this program wrote it (else nothing). `None` where
    /// there is no cache: no cache folder, no way to tell this program, or a system
    /// without inodes.
    pub fn open(root: &Path, out: &Path) -> Option<Pages> {
        if !cfg!(unix) {
            return None;
        }
        let program = super::program_id()?;
        let file = Pages::file(&super::dir(root)?, out)?;
        let (old, old_shape) = crate::mapped::read(&file).ok().and_then(|b| decode(&b, program)).unwrap_or_default();
        let old =
            old.into_iter().map(|(path, stamp)| (path, Recorded { stamp, kept: AtomicBool::new(false) })).collect();
        Some(Pages { file, program, old, new: Mutex::default(), old_shape, new_shape: Mutex::default() })
    }

    /// Remove the record of the output folder `out` (a build that makes the output anew
    /// records nothing: its record would describe files that are gone).
    pub fn forget(root: &Path, out: &Path) {
        if let Some(file) = Pages::file(&root.join(super::DIR), out) {
            let _ = std::fs::remove_file(file);
        }
    }

    /// The record file of the output folder `out`, in the cache folder `dir`.
    fn file(dir: &Path, out: &Path) -> Option<PathBuf> {
        Some(dir.join(format!("pages-{}", crate::write::output_key(out)?)))
    }

    /// What the last build recorded of `file` (relative to the output).
    pub fn get(&self, file: &str) -> Option<&Recorded> {
        self.old.get(file)
    }

    /// Record `file` as this build made it.
    pub fn record(&self, file: &str, stamp: Stamp) {
        self.new.lock().unwrap_or_else(|e| e.into_inner()).push((file.into(), stamp));
    }

    /// The shape of edition `e` the last build saved with its record (empty when none).
    pub fn shape(&self, e: usize) -> &[u8] {
        frames(&self.old_shape).and_then(|f| f.get(e).copied()).unwrap_or_default()
    }

    /// Save `shape` as edition `e`'s with this build's record.
    pub fn set_shape(&self, e: usize, shape: Vec<u8>) {
        let mut shapes = self.new_shape.lock().unwrap_or_else(|e| e.into_inner());
        if shapes.len() <= e {
            shapes.resize(e + 1, Vec::new());
        }
        shapes[e] = shape;
    }

    /// How many files this build recorded.
    pub fn recorded(&self) -> usize {
        self.new.lock().unwrap_or_else(|e| e.into_inner()).len() + self.old.values().filter(|r| r.is_kept()).count()
    }

    /// Replace the saved record with this build's (after its output was published),
    /// unless it is the saved one (every page kept).
    pub fn save(self) -> std::io::Result<()> {
        let new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let shapes = self.new_shape.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut shape = Vec::with_capacity(shapes.iter().map(|s| s.len() + 8).sum::<usize>());
        for s in &shapes {
            shape.extend_from_slice(&(s.len() as u64).to_le_bytes());
            shape.extend_from_slice(s);
        }
        if shape == self.old_shape && new.is_empty() && self.old.values().all(Recorded::is_kept) {
            return Ok(());
        }
        let kept = self.old.iter().filter(|(_, r)| r.is_kept()).map(|(path, r)| (path, &r.stamp));
        let all: Vec<(&Box<str>, &Stamp)> = kept.chain(new.iter().map(|(path, s)| (path, s))).collect();
        let mut b = Vec::with_capacity(64 + all.len() * 96);
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&self.program.to_le_bytes());
        b.extend_from_slice(&(all.len() as u64).to_le_bytes());
        for (path, s) in all {
            b.extend_from_slice(&s.fingerprint.to_le_bytes());
            b.extend_from_slice(&s.inode.to_le_bytes());
            b.extend_from_slice(&s.len.to_le_bytes());
            b.extend_from_slice(&s.mtime.to_le_bytes());
            b.extend_from_slice(&s.mtime_nsec.to_le_bytes());
            b.extend_from_slice(&(path.len() as u32).to_le_bytes());
            b.extend_from_slice(path.as_bytes());
        }
        b.extend_from_slice(&(shape.len() as u64).to_le_bytes());
        b.extend_from_slice(&shape);
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let tmp = self.file.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&tmp, &b)?;
        std::fs::rename(&tmp, &self.file).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// The shapes framed in `b` (each its length first); `None` unless they fill it.
fn frames(mut b: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (n, rest) = b.split_first_chunk::<8>()?;
        let n = usize::try_from(u64::from_le_bytes(*n)).ok()?;
        let (frame, rest) = rest.split_at_checked(n)?;
        out.push(frame);
        b = rest;
    }
    Some(out)
}

fn checksum(b: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(b);
    h.digest()
}

/// A saved record's stamps by file, and its shape.
type Record = (HashMap<Box<str>, Stamp>, Vec<u8>);

/// The entries of a saved record and its shape, when it is whole and `program` wrote it.
fn decode(b: &[u8], program: u128) -> Option<Record> {
    let (body, sum) = b.split_at_checked(b.len().checked_sub(8)?)?;
    if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader(body);
    if r.take(MAGIC.len())? != MAGIC || u128::from_le_bytes(r.array()?) != program {
        return None;
    }
    let count = u64::from_le_bytes(r.array()?) as usize;
    let mut out = HashMap::with_capacity_and_hasher(count.min(body.len() / 60), Default::default());
    for _ in 0..count {
        let fingerprint = u128::from_le_bytes(r.array()?);
        let inode = u64::from_le_bytes(r.array()?);
        let len = u64::from_le_bytes(r.array()?);
        let mtime = i64::from_le_bytes(r.array()?);
        let mtime_nsec = i64::from_le_bytes(r.array()?);
        let n = u32::from_le_bytes(r.array()?) as usize;
        let path = std::str::from_utf8(r.take(n)?).ok()?;
        out.insert(path.into(), Stamp { fingerprint, inode, len, mtime, mtime_nsec });
    }
    let n = usize::try_from(u64::from_le_bytes(r.array()?)).ok()?;
    let shape = r.take(n)?.to_vec();
    r.0.is_empty().then_some((out, shape))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_damaged_one_is_ignored() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.html"), "a").unwrap();
        let m = FileMeta::of(&std::fs::metadata(out.join("a.html")).unwrap());
        let pages = Pages::open(site.path(), &out).unwrap();
        assert!(pages.get("a.html").is_none());
        pages.record("a.html", Stamp::of(7, &m));
        pages.record("b/index.html", Stamp::of(8, &m));
        pages.set_shape(1, b"the shape".to_vec());
        let file = pages.file.clone();
        pages.save().unwrap();
        let again = Pages::open(site.path(), &out).unwrap();
        assert_eq!(again.get("a.html").map(|r| r.stamp.fingerprint), Some(7));
        assert!(again.get("a.html").unwrap().stamp.describes(&m));
        assert_eq!(again.get("b/index.html").map(|r| r.stamp.fingerprint), Some(8));
        assert_eq!(again.shape(1), b"the shape");
        // An edition of which none was saved (or none there is) has none.
        assert!(again.shape(0).is_empty() && again.shape(2).is_empty());
        // The file changed since: its stamp no longer describes it.
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::write(out.join("a.html"), "b").unwrap();
        assert!(
            !again
                .get("a.html")
                .unwrap()
                .stamp
                .describes(&FileMeta::of(&std::fs::metadata(out.join("a.html")).unwrap()))
        );
        // A byte changed anywhere, or a cut file: nothing is trusted.
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(Pages::open(site.path(), &out).unwrap().get("a.html").is_none());
        assert!(Pages::open(site.path(), &out).unwrap().shape(1).is_empty());
        bytes[40] ^= 1;
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        assert!(Pages::open(site.path(), &out).unwrap().get("a.html").is_none());
        // Another program's record is not read.
        std::fs::write(&file, &bytes).unwrap();
        assert!(decode(&bytes, 1).is_none());
        assert!(site.path().join(".brief-cache/.gitignore").is_file());
    }

    /// A file kept as the last build recorded it is recorded again, without being
    /// named anew; one neither kept nor made is not; a record where every file was kept
    /// and nothing made is the saved one, left as it is.
    #[test]
    fn kept_files_are_recorded_again_and_others_dropped() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.html"), "a").unwrap();
        let m = FileMeta::of(&std::fs::metadata(out.join("a.html")).unwrap());
        let pages = Pages::open(site.path(), &out).unwrap();
        for (i, f) in ["a.html", "b.html", "c.html"].into_iter().enumerate() {
            pages.record(f, Stamp::of(i as u128, &m));
        }
        pages.save().unwrap();
        let again = Pages::open(site.path(), &out).unwrap();
        again.get("a.html").unwrap().keep();
        again.record("d.html", Stamp::of(9, &m));
        assert_eq!(again.recorded(), 2);
        again.save().unwrap();
        let third = Pages::open(site.path(), &out).unwrap();
        assert_eq!(third.get("a.html").map(|r| r.stamp), Some(Stamp::of(0, &m)));
        assert_eq!(third.get("d.html").map(|r| r.stamp.fingerprint), Some(9));
        assert!(third.get("b.html").is_none() && third.get("c.html").is_none());
        // All kept, nothing made: not written again.
        for f in ["a.html", "d.html"] {
            third.get(f).unwrap().keep();
        }
        let file = third.file.clone();
        let before = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        third.save().unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), before);
    }
}
