//! Bytes a build keeps on disk rather than in memory (issue 15, "a million briefings"):
//! the compressed bodies of the briefings and the rendered list items, which are most of
//! a parsed site's memory and are each read only a few times a build. They go into one
//! anonymous file beside the output (where the spare tree lives), written once as they
//! are made and read back with positioned reads; the file has no name (or loses it at
//! once where the system cannot make a nameless file), so nothing of it is ever seen in
//! the folder, and the system frees it when the build ends, however it ends.
//!
//! Small pieces (a list item, a body) are many: each thread gathers its pieces in a
//! region of the file held in memory (1 MiB), written whole when the next piece does not
//! fit, so the system sees one write where it would see hundreds, each of which cleared
//! the rest of a new page of the file and took the file's lock in turn with the other
//! threads (at a million briefings, 7% of the build's time). A piece still in a region
//! is read from memory.
//!
//! A failed write of a piece alone keeps its bytes in memory instead (the build goes
//! on, only larger); a failed write of a region, or a failed read, is remembered and
//! fails the build before its output is swapped in ([`Spill::check`]), so a bad disk
//! never yields a site with a missing body.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The environment variable that turns spilling off (`BRIEF_SPILL=off`): every body and
/// list item is then held in memory, as `check` and `serve` always do; or spills bodies
/// and rendered list items whatever the site's size (`BRIEF_SPILL=bodies`), or the list
/// items too (`BRIEF_SPILL=all`; see [`crate::render::prepare_spilled`]). For comparing them (a test builds each way and
/// compares the trees) and for a system where the file cannot be made.
pub const SPILL_ENV: &str = "BRIEF_SPILL";

/// The file the bytes go to.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the file was made, for messages.
    dir: PathBuf,
    /// The end of what was reserved (for pieces and regions).
    end: AtomicU64,
    /// Bytes put.
    kept: AtomicU64,
    /// The region each thread is filling (by rayon's thread index; other threads share
    /// the last).
    regions: Box<[Region]>,
    /// The first read that failed (and whether it was of the lent file).
    failed: OnceLock<(bool, String)>,
    /// `BRIEF_SPILL=all`: spill whatever can be, whatever the site's size.
    all: bool,
    /// `BRIEF_SPILL=bodies` (or `all`): spill bodies and rendered list items whatever
    /// the site's size.
    bodies: bool,
    /// A file whose bytes the build reads as it reads its own (the build cache's parses,
    /// whose bodies are left there rather than copied: see [`Spill::lend`]).
    lent: OnceLock<File>,
}

/// How many bytes a region holds (a multiple of the page size, so that every region
/// starts on a page).
const REGION: u64 = 1 << 20;

/// Pieces larger than this are written alone, not through a region.
const ALONE: usize = 64 * 1024;

/// The most bytes [`Spilled::read_each`] reads at once.
const RUN: u64 = 256 * 1024;

/// The most bytes between two pieces [`Spilled::read_each`] reads in one run (read
/// and left): a few list items, cheaper to read than a second read costs.
const GAP: u64 = 4096;

/// Regions (threads filling one at a time).
const REGIONS: usize = 16;

/// A region of the file being filled in memory.
#[derive(Debug)]
struct Region {
    /// Where it starts in the file (`u64::MAX` when none is reserved), for a read to
    /// tell without the lock whether a piece may be here.
    at: AtomicU64,
    /// What was put in it so far.
    bytes: Mutex<Vec<u8>>,
}

impl Default for Region {
    fn default() -> Region {
        Region { at: AtomicU64::new(u64::MAX), bytes: Mutex::default() }
    }
}

/// From this many briefing files in a site on, a build keeps their bodies and rendered
/// list items in the spill file. Below it they stay in memory (a small site holds
/// little). At 10,000 briefings spilling them holds 24 MiB less at the peak (97 MiB
/// against 73) for about 1% more wall time (8 alternating clean builds each way).
pub const SPILL_BODIES_FROM: usize = 5_000;

/// From this many briefing files on, a build that spills bodies does not keep its
/// parses and list items in the build cache: the cache would double the disk the site
/// takes. Below it the cache is kept and a body read back from it goes to the spill.
pub const UNCACHED_FROM: usize = 50_000;

/// Bytes in a [`Spill`]: where they are and how many.
#[derive(Debug, Clone)]
pub struct Spilled {
    spill: Arc<Spill>,
    at: u64,
    len: u32,
    /// In the lent file rather than the spill's own.
    lent: bool,
}

impl Spill {
    /// A spill file in `dir`, unless `BRIEF_SPILL=off`. `None` when it cannot be made
    /// (the caller then holds everything in memory, as before).
    pub fn create(dir: &Path) -> Option<Arc<Spill>> {
        let setting = std::env::var(SPILL_ENV).unwrap_or_default();
        if setting == "off" || setting == "0" {
            return None;
        }
        let file = anonymous_file(dir).ok()?;
        let all = setting == "all";
        let bodies = all || setting == "bodies";
        Some(Arc::new(Spill {
            file,
            dir: dir.to_path_buf(),
            end: AtomicU64::new(0),
            kept: AtomicU64::new(0),
            regions: (0..REGIONS).map(|_| Region::default()).collect(),
            failed: OnceLock::new(),
            all,
            bodies,
            lent: OnceLock::new(),
        }))
    }

    /// Read the bytes [`Spill::refer`] names from `file` (the build cache's file of
    /// parses, open for reading): nobody writes over what a file of the cache holds (a
    /// build appends to it or puts a new file in its place), so bytes checked when it
    /// was read stay as they were. False when a file was lent already.
    pub fn lend(&self, file: File) -> bool {
        self.lent.set(file).is_ok()
    }

    /// The `len` bytes at `at` in the lent file. A read of them that fails (no file was
    /// lent, or it is shorter) fails the build, as for the spill's own bytes.
    pub fn refer(self: &Arc<Self>, at: u64, len: u32) -> Spilled {
        Spilled { spill: Arc::clone(self), at, len, lent: true }
    }

    /// Whether a site of `briefings` briefing files spills bodies and rendered list
    /// items: from [`SPILL_BODIES_FROM`] on, or at any size with `BRIEF_SPILL=bodies`.
    pub fn takes_bodies(&self, briefings: usize) -> bool {
        self.bodies || briefings >= SPILL_BODIES_FROM
    }

    /// Whether to spill whatever can be, whatever the site's size (`BRIEF_SPILL=all`).
    pub fn all(&self) -> bool {
        self.all
    }

    /// Put `bytes` in the file (in this thread's region, or alone when large); `None` if
    /// a write alone failed (the caller keeps them in memory). Safe to call from many
    /// threads at once.
    pub fn put(self: &Arc<Self>, bytes: &[u8]) -> Option<Spilled> {
        let len = u32::try_from(bytes.len()).ok()?;
        let at = if bytes.len() > ALONE {
            // Whole pages, so that the regions after it start on a page.
            let at = self.end.fetch_add(u64::from(len).next_multiple_of(4096), Ordering::Relaxed);
            write_at(&self.file, bytes, at).ok()?;
            at
        } else {
            let region = &self.regions[rayon::current_thread_index().map_or(REGIONS - 1, |i| i % REGIONS)];
            let mut held = region.bytes.lock().unwrap_or_else(|e| e.into_inner());
            let mut start = region.at.load(Ordering::Acquire);
            if start == u64::MAX || held.len() + bytes.len() > REGION as usize {
                if !held.is_empty()
                    && let Err(e) = write_at(&self.file, &held, start)
                {
                    self.fail(format!("cannot write: {e}"));
                }
                held.clear();
                held.reserve(REGION as usize);
                start = self.end.fetch_add(REGION, Ordering::Relaxed);
                region.at.store(start, Ordering::Release);
            }
            let at = start + held.len() as u64;
            held.extend_from_slice(bytes);
            at
        };
        self.kept.fetch_add(u64::from(len), Ordering::Relaxed);
        Some(Spilled { spill: Arc::clone(self), at, len, lent: false })
    }

    /// The bytes at `at` when they are still in a region being filled.
    fn held(&self, at: u64, len: usize) -> Option<Vec<u8>> {
        self.regions.iter().find_map(|region| {
            let start = region.at.load(Ordering::Acquire);
            if start == u64::MAX || at < start || at >= start + REGION {
                return None;
            }
            let held = region.bytes.lock().unwrap_or_else(|e| e.into_inner());
            // Under the lock the region is the one loaded above, or a later one (then
            // this one was written to the file before the lock was let go).
            let from = usize::try_from(at.checked_sub(region.at.load(Ordering::Acquire))?).ok()?;
            held.get(from..from.checked_add(len)?).map(<[u8]>::to_vec)
        })
    }

    /// The region being filled that `at` falls in, if any: a piece is in that region's
    /// bytes in memory, or else in the file.
    fn region_of(&self, at: u64) -> Option<usize> {
        self.regions.iter().position(|region| {
            let start = region.at.load(Ordering::Acquire);
            start != u64::MAX && at >= start && at < start + REGION
        })
    }

    /// Bytes spilled so far.
    pub fn len(&self) -> u64 {
        self.kept.load(Ordering::Relaxed)
    }

    /// Whether nothing was spilled.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// An error if some read failed or gave bytes that did not decode: what was made from
    /// them is wrong, so the build must not be published.
    pub fn check(&self) -> Result<(), String> {
        match self.failed.get() {
            None => Ok(()),
            Some((false, e)) => {
                Err(format!("cannot read back the build's spill file in `{}`: {e}", self.dir.display()))
            }
            Some((true, e)) => Err(format!(
                "cannot read back a body from the build cache (`.brief-cache/parsed`): {e}; delete `.brief-cache` and build again"
            )),
        }
    }

    /// Whether a read of the lent file failed, or what it gave was wrong: the build
    /// that fails for it may be made again without the build cache.
    pub fn lent_failed(&self) -> bool {
        self.failed.get().is_some_and(|(lent, _)| *lent)
    }

    /// Remember the first failure; see [`Spill::check`].
    pub fn fail(&self, what: impl std::fmt::Display) {
        let _ = self.failed.set((false, what.to_string()));
    }
}

impl Spilled {
    /// Read the bytes back. A failure is remembered in the spill (see [`Spill::check`])
    /// and gives no bytes.
    pub fn read(&self) -> Vec<u8> {
        let file = match self.lent {
            true => self.spill.lent.get(),
            false => match self.spill.held(self.at, self.len as usize) {
                Some(bytes) => return bytes,
                None => Some(&self.spill.file),
            },
        };
        let mut buf = vec![0; self.len as usize];
        let read = file.ok_or_else(|| io::Error::other("no file was lent")).and_then(|f| read_at(f, &mut buf, self.at));
        match read {
            Ok(()) => buf,
            Err(e) => {
                self.fail(e);
                Vec::new()
            }
        }
    }

    /// The bytes of each of `pieces`, as [`Spilled::read`] gives them; pieces that lie
    /// side by side or close in one file (the list items of a page, made in the order
    /// lists show them) are read at once, one read where there were as many as pieces.
    pub fn read_each(pieces: &[&Spilled]) -> Vec<Vec<u8>> {
        let mut by_place: Vec<usize> = (0..pieces.len()).collect();
        by_place.sort_by_key(|&k| (Arc::as_ptr(&pieces[k].spill), pieces[k].lent, pieces[k].at));
        let mut out = vec![Vec::new(); pieces.len()];
        let mut rest = &by_place[..];
        while let Some(&first) = rest.first() {
            let head = pieces[first];
            let region = head.spill.region_of(head.at);
            let mut end = head.at + u64::from(head.len);
            let mut n = 1;
            while let Some(&k) = rest.get(n) {
                let p = pieces[k];
                let joins = Arc::ptr_eq(&p.spill, &head.spill)
                    && p.lent == head.lent
                    && p.at >= end
                    && p.at - end <= GAP
                    && p.at + u64::from(p.len) - head.at <= RUN
                    && (head.lent || p.spill.region_of(p.at) == region);
                if !joins {
                    break;
                }
                end = p.at + u64::from(p.len);
                n += 1;
            }
            let (run, tail) = rest.split_at(n);
            rest = tail;
            if let [k] = run {
                out[*k] = head.read();
                continue;
            }
            // One piece as long as the run: what `read` does for it (the region held in
            // memory, or the file) holds every piece of it.
            let len = u32::try_from(end - head.at).unwrap_or(u32::MAX);
            let whole = Spilled { spill: Arc::clone(&head.spill), at: head.at, len, lent: head.lent }.read();
            for &k in run {
                let p = pieces[k];
                let from = (p.at - head.at) as usize;
                out[k] = whole.get(from..from + p.len as usize).map(<[u8]>::to_vec).unwrap_or_default();
            }
        }
        out
    }

    /// The `len` bytes from `from` of these (as many as there are).
    pub fn slice(&self, from: u32, len: u32) -> Spilled {
        let from = from.min(self.len);
        Spilled {
            spill: Arc::clone(&self.spill),
            at: self.at + u64::from(from),
            len: len.min(self.len - from),
            lent: self.lent,
        }
    }

    /// Whether the bytes are in the lent file (see [`Spill::lend`]).
    pub fn is_lent(&self) -> bool {
        self.lent
    }

    /// Remember that what was read back is wrong (see [`Spill::check`]), saying which
    /// file it was read from.
    pub fn fail(&self, what: impl std::fmt::Display) {
        let _ = self.spill.failed.set((self.lent, what.to_string()));
    }

    /// The spill the bytes are in.
    pub fn spill(&self) -> &Spill {
        &self.spill
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

// Elsewhere no spill file is made (see `anonymous_file`): a build holds everything.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// A file in `dir` with no name: `O_TMPFILE` where the system has it, else a hidden file
/// removed as soon as it is open (unix only: elsewhere a file open cannot be removed).
#[cfg(not(unix))]
fn anonymous_file(_: &Path) -> io::Result<File> {
    Err(io::ErrorKind::Unsupported.into())
}

/// A file in `dir` with no name: `O_TMPFILE` where the system has it, else a hidden file
/// removed as soon as it is open.
#[cfg(unix)]
fn anonymous_file(dir: &Path) -> io::Result<File> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{Mode, OFlags};
        if let Ok(fd) =
            rustix::fs::open(dir, OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC, Mode::from_raw_mode(0o600))
        {
            return Ok(File::from(fd));
        }
    }
    let path = dir.join(format!(".brief-spill-{}", std::process::id()));
    let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_back_and_leave_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::create(dir.path()).expect("a spill file");
        let a = spill.put(b"first").unwrap();
        let b = spill.put("zweite 북한".as_bytes()).unwrap();
        let empty = spill.put(b"").unwrap();
        assert_eq!((a.read(), b.read(), empty.read()), (b"first".to_vec(), "zweite 북한".as_bytes().to_vec(), vec![]));
        assert_eq!(spill.len(), 5 + "zweite 북한".len() as u64);
        assert_eq!(spill.check(), Ok(()));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, Vec::<std::ffi::OsString>::new());
    }

    /// Pieces of every size from many threads, read back while regions are still being
    /// filled, after some were written, and at the end; a region of pieces that all fit,
    /// and pieces larger than a region's room, alone.
    #[test]
    fn pieces_from_many_threads_come_back_from_regions_and_from_the_file() {
        use rayon::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::create(dir.path()).expect("a spill file");
        let piece = |i: usize| -> Vec<u8> {
            let len = match i % 50 {
                0 => ALONE + 1 + i,
                1 => 0,
                _ => (i * 7919) % 3000,
            };
            (0..len).map(|k| (i * 31 + k) as u8).collect()
        };
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let put: Vec<Spilled> = pool.install(|| {
            (0..4000)
                .into_par_iter()
                .map(|i| {
                    let s = spill.put(&piece(i)).unwrap();
                    // Read back at once: from the region, most of the time.
                    assert_eq!(s.read(), piece(i), "piece {i} just put");
                    s
                })
                .collect()
        });
        let total: u64 = (0..4000).map(|i| piece(i).len() as u64).sum();
        assert!(total > 3 * REGION, "several regions: {total} bytes");
        assert_eq!(spill.len(), total);
        // From another thread than the ones that put them (regions and file alike).
        for (i, s) in put.iter().enumerate() {
            assert_eq!(s.read(), piece(i), "piece {i}");
        }
        // Full regions went to the file.
        assert!(spill.file.metadata().unwrap().len() > 2 * REGION);
        // Read together: runs of neighbours (in regions still held, written, across
        // the two), in any order, a piece twice, and pieces from the lent file.
        let lent = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut &lent, b"0123456789").unwrap();
        assert!(spill.lend(lent));
        let (l1, l2, l3) = (spill.refer(2, 3), spill.refer(5, 2), spill.refer(0, 1));
        let mut ask: Vec<&Spilled> =
            put.iter().step_by(3).chain(&put[100..600]).chain(put.iter().rev().take(900)).collect();
        ask.extend([&l1, &put[7], &l2, &l3, &put[7]]);
        let want: Vec<Vec<u8>> = ask.iter().map(|s| s.read()).collect();
        assert_eq!(Spilled::read_each(&ask), want);
        assert_eq!(&want[want.len() - 5..], [b"234".to_vec(), piece(7), b"56".to_vec(), b"0".to_vec(), piece(7)]);
        assert_eq!(Spilled::read_each(&[]), Vec::<Vec<u8>>::new());
        assert_eq!(spill.check(), Ok(()));
    }

    #[test]
    fn a_failed_read_fails_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::create(dir.path()).expect("a spill file");
        let beyond = Spilled { spill: Arc::clone(&spill), at: 1 << 20, len: 4, lent: false };
        assert_eq!(beyond.read(), Vec::<u8>::new());
        let err = spill.check().unwrap_err();
        assert!(err.starts_with("cannot read back the build's spill file in `"), "{err}");
        // Bytes past the end of a lent file: the build fails, saying which file.
        let spill = Spill::create(dir.path()).expect("a spill file");
        assert_eq!(spill.refer(0, 1).read(), Vec::<u8>::new(), "no file lent");
        let spill = Spill::create(dir.path()).expect("a spill file");
        assert!(spill.lend(tempfile::tempfile().unwrap()));
        assert!(!spill.lend(tempfile::tempfile().unwrap()), "one file is lent");
        assert_eq!(spill.refer(2, 3).read(), Vec::<u8>::new());
        let err = spill.check().unwrap_err();
        assert!(err.starts_with("cannot read back a body from the build cache (`.brief-cache/parsed`): "), "{err}");
    }
}
