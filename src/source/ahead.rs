//! Reading ahead, for a site that is on a disk rather than in the system's cache (the
//! first build after a reboot, an archive of a million briefings that does not fit in
//! the cache). The parse runs on every core, and each of its threads would wait on the
//! disk for one file at a time: two cores keep two reads in flight, and a disk (above
//! all a network or virtual one) answers many at once barely slower than one. So, while
//! a chunk of files is parsed, a few threads open the next chunk's files and ask the
//! system to read them ([`posix_fadvise`] `WILLNEED`, which returns at once): by the
//! time the parse reaches them, they are in the cache.
//!
//! A site already in the cache gains nothing from it and would pay an `open` a file:
//! a sample of its files tells first, and a site whose sample is all cached is parsed
//! as before.
//!
//! [`posix_fadvise`]: https://man7.org/linux/man-pages/man2/posix_fadvise.2.html

use rayon::prelude::*;

use super::FileRef;

/// Files parsed between two steps of the readers: the readers stay at most one chunk
/// ahead, so what they bring in is read soon, before the cache can drop it.
const CHUNK: usize = 512;

/// Threads asking for files. Each waits on the disk for a file's folder and inode while
/// it opens it (the data is asked for without waiting), so this is how many of those
/// reads are in flight at once.
const READERS: usize = 16;

/// Files sampled to tell whether the site is in the system's cache.
const SAMPLE: usize = 32;

/// Whether reading ahead runs: `on` always, `off` never, else when a sample of the
/// files is not all in the system's cache. For the benchmark and the tests.
pub const AHEAD_ENV: &str = "BRIEF_READ_AHEAD";

/// `f` of each of `files`, in their order, computed in parallel; with the files read
/// ahead of `f` when they are not in the system's cache (see the module).
pub fn par_map<T: Send>(files: &[FileRef], f: impl Fn(&FileRef) -> T + Sync) -> Vec<T> {
    par_map_with(files, wanted(files), f)
}

/// [`par_map`], reading ahead or not as `ahead` says.
fn par_map_with<T: Send>(files: &[FileRef], ahead: bool, f: impl Fn(&FileRef) -> T + Sync) -> Vec<T> {
    if !ahead || !cfg!(target_os = "linux") {
        return files.par_iter().map(&f).collect();
    }
    let window = Window::default();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..READERS {
            // A reader the system will not start is one fewer (the parse reads the files
            // itself either way).
            let _ = std::thread::Builder::new().spawn_scoped(s, || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= files.len() || !window.wait_for(i) {
                        break;
                    }
                    ask(&files[i]);
                }
            });
        }
        // However this ends (a panic in `f` too), the readers stop.
        let _stop = Stop(&window);
        let mut out = Vec::with_capacity(files.len());
        for (k, chunk) in files.chunks(CHUNK).enumerate() {
            window.open_to((k + 2) * CHUNK);
            out.par_extend(chunk.par_iter().map(&f));
        }
        out
    })
}

/// How far the readers may go.
#[derive(Default)]
struct Window {
    /// Files before this index may be asked for; `usize::MAX` once the parse is over.
    end: std::sync::Mutex<usize>,
    moved: std::sync::Condvar,
}

impl Window {
    /// Let the readers ask for the files before `end`.
    fn open_to(&self, end: usize) {
        *self.end.lock().unwrap_or_else(|e| e.into_inner()) = end;
        self.moved.notify_all();
    }

    /// Wait until file `i` may be asked for: false when the parse is over (the file is
    /// no longer worth asking for).
    fn wait_for(&self, i: usize) -> bool {
        let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
        while i >= *end {
            end = self.moved.wait(end).unwrap_or_else(|e| e.into_inner());
        }
        *end != usize::MAX
    }
}

/// Ends the readers when dropped.
struct Stop<'a>(&'a Window);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.open_to(usize::MAX);
    }
}

/// Whether to read `files` ahead: [`AHEAD_ENV`], else whether any of a sample spread
/// over them is not in the system's cache. Sites too small for a second chunk never
/// are (there is nothing to overlap).
fn wanted(files: &[FileRef]) -> bool {
    match std::env::var(AHEAD_ENV).as_deref() {
        Ok("on") => return true,
        Ok("off") => return false,
        _ => {}
    }
    if files.len() < 2 * CHUNK {
        return false;
    }
    let step = files.len() / SAMPLE;
    (0..SAMPLE).any(|k| !cached(&files[k * step]))
}

/// Ask the system to read `f` into its cache, without waiting for the data. Errors are
/// the parse's to report (it reads the file itself).
#[cfg(target_os = "linux")]
fn ask(f: &FileRef) {
    if let Ok(file) = open(f) {
        let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::WillNeed);
    }
}

/// `f` opened to read, without waiting for a writer should it be a named pipe (the
/// parse reports what it is).
#[cfg(target_os = "linux")]
fn open(f: &FileRef) -> rustix::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    rustix::fs::open(&f.abs, OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC, Mode::empty())
}

#[cfg(not(target_os = "linux"))]
fn ask(_: &FileRef) {}

/// Whether the start of `f` is in the system's cache: a read that may not wait on the
/// disk (`RWF_NOWAIT`) succeeds. An empty or unreadable file counts as cached (there is
/// nothing to bring in).
#[cfg(target_os = "linux")]
fn cached(f: &FileRef) -> bool {
    let Ok(file) = open(f) else { return true };
    let mut byte = [0u8; 1];
    let mut bufs = [std::io::IoSliceMut::new(&mut byte)];
    !matches!(
        rustix::io::preadv2(&file, &mut bufs, 0, rustix::io::ReadWriteFlags::NOWAIT),
        Err(rustix::io::Errno::AGAIN)
    )
}

#[cfg(not(target_os = "linux"))]
fn cached(_: &FileRef) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &std::path::Path, n: usize) -> Vec<FileRef> {
        (0..n)
            .map(|i| {
                let rel = std::path::PathBuf::from(format!("{i:05}.md"));
                let abs = dir.join(&rel);
                if i % 7 != 3 {
                    std::fs::write(&abs, format!("file {i}\n")).unwrap();
                }
                FileRef { abs, shown: rel.clone(), rel }
            })
            .collect()
    }

    /// Each file's text, or the error reading it: what the parse would see.
    fn read(f: &FileRef) -> Result<String, std::io::ErrorKind> {
        std::fs::read_to_string(&f.abs).map_err(|e| e.kind())
    }

    #[test]
    fn reading_ahead_keeps_the_order_and_every_result() {
        let dir = tempfile::tempdir().unwrap();
        // Over several chunks, the last one short; every seventh file missing.
        let fs = files(dir.path(), 3 * CHUNK + 17);
        let plain: Vec<_> = fs.iter().map(read).collect();
        assert_eq!(plain[3], Err(std::io::ErrorKind::NotFound));
        assert_eq!(plain[4].as_deref(), Ok("file 4\n"));
        for ahead in [true, false] {
            assert_eq!(par_map_with(&fs, ahead, read), plain, "ahead: {ahead}");
            assert_eq!(par_map_with(&fs[..5], ahead, read), plain[..5]);
            assert!(par_map_with(&[], ahead, read).is_empty());
        }
        assert_eq!(par_map(&fs, read), plain);
    }

    /// A named pipe (reached through a link inside `content/`) holds no reader: the
    /// sample and the readers open without waiting for a writer.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_holds_no_reader() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe.md");
        rustix::fs::mknodat(rustix::fs::CWD, &pipe, rustix::fs::FileType::Fifo, rustix::fs::Mode::RUSR, 0).unwrap();
        let f = FileRef { abs: pipe, rel: "pipe.md".into(), shown: "pipe.md".into() };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            ask(&f);
            cached(&f);
            let _ = tx.send(());
        });
        assert_eq!(rx.recv_timeout(std::time::Duration::from_secs(10)), Ok(()), "a reader waited on the pipe");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_just_written_is_in_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let fs = files(dir.path(), 2);
        assert!(cached(&fs[0]) && cached(&fs[1]));
    }
}
