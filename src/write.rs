//! Writing the site: everything goes into a staging folder beside the output, which is
//! swapped in only when complete, so a failed or killed build leaves the old output
//! whole. Unchanged files are hard-linked from the old output rather than rewritten.
//! The only writer of the output.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::parse::slug::is_safe_segment;

/// The file brief leaves in every output folder, so it never replaces a folder it did
/// not make.
pub const MARKER: &str = ".brief-output";

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Content {
    /// These bytes.
    Bytes(Vec<u8>),
    /// A copy of this file.
    Copy(PathBuf),
}

/// What the write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written (new or changed).
    pub written: usize,
    /// Files identical to the previous build, linked rather than rewritten.
    pub unchanged: usize,
}

/// Why the write failed; the previous output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A path would leave the output folder.
    #[error("refusing to write `{0}`: it is not a safe path inside the output folder")]
    UnsafePath(String),
    /// The output folder exists and was not made by brief.
    #[error("refusing to replace `{0}`: it is not empty and was not made by brief (no `.brief-output` file)")]
    Foreign(PathBuf),
    /// The output folder would hold the site itself.
    #[error("refusing to write the site into `{0}`: it is the site folder or holds it")]
    Overlap(PathBuf),
    /// A file to copy could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An I/O error while writing the staging folder or swapping it in.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Join a `/`-separated relative path under `base`, refusing anything that is not a
/// plain path of safe segments.
pub fn safe_join(base: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    let mut p = base.to_path_buf();
    if rel.is_empty() {
        return Err(WriteError::UnsafePath(rel.into()));
    }
    for seg in rel.split('/') {
        if !is_safe_segment(seg) {
            return Err(WriteError::UnsafePath(rel.into()));
        }
        p.push(seg);
    }
    Ok(p)
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Remove staging and old folders left by builds that were killed.
fn clean_leftovers(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else { return };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(rd) = std::fs::read_dir(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }) else { return };
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && (n.contains(".staging-") || n.contains(".old-")) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Check that `out` may be replaced: it is missing, empty, or made by brief; and it is
/// not the site folder or one of its ancestors.
pub fn check_output(out: &Path, site_root: &Path) -> Result<(), WriteError> {
    let canon_root = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let canon_out = canonical_target(out);
    if canon_root.starts_with(&canon_out) || canon_out == canon_root || canon_out.parent().is_none() {
        return Err(WriteError::Overlap(out.to_path_buf()));
    }
    if canon_out.starts_with(canon_root.join("content"))
        || canon_out.starts_with(canon_root.join("templates"))
        || canon_out.starts_with(canon_root.join("static"))
        || canon_out.starts_with(canon_root.join("themes"))
    {
        return Err(WriteError::Overlap(out.to_path_buf()));
    }
    if out.is_dir() {
        let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(WriteError::Foreign(out.to_path_buf()));
        }
    } else if out.exists() {
        return Err(WriteError::Foreign(out.to_path_buf()));
    }
    Ok(())
}

/// The canonical form of a path that may not exist yet (its nearest existing ancestor
/// canonicalized, the rest appended).
fn canonical_target(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let mut existing = abs.as_path();
    let mut tail = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut c = c;
            for t in tail.iter().rev() {
                c.push(t);
            }
            return c;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// Replace the file at `path` with `text` atomically: written beside it, then renamed
/// over it, so a reader sees the old file or the new one, never half of one.
pub fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Write `files` as the new content of `out`, atomically replacing what was there.
#[cfg(test)]
fn write_output(out: &Path, site_root: &Path, files: Vec<(String, Content)>) -> Result<WriteStats, WriteError> {
    use rayon::prelude::*;
    let staging = Staging::begin(out, site_root)?;
    files.par_iter().try_for_each(|(rel, content)| staging.put_content(rel, content).map(|_| ()))?;
    staging.commit()
}

/// A build's output in progress: files are put into a staging folder beside the output
/// (from many threads at once), then [`Staging::commit`] swaps it in. Dropping it
/// without committing removes the staging folder and leaves the old output as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    fail_after: Option<usize>,
    committed: bool,
    /// Whether there is a previous output to compare with.
    has_old: bool,
    /// Folders already created in the staging folder.
    dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Check the output folder may be replaced and create an empty staging folder.
    pub fn begin(out: &Path, site_root: &Path) -> Result<Staging, WriteError> {
        check_output(out, site_root)?;
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        clean_leftovers(out);
        let dir = sibling(out, "staging");
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        // Fault injection for the interruption tests: fail the write after N files, as
        // a full disk would.
        let fail_after =
            std::env::var_os("BRIEF_FAIL_WRITE_AFTER").and_then(|v| v.to_str().and_then(|s| s.parse().ok()));
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            fail_after,
            committed: false,
            has_old: out.is_dir(),
            dirs: Default::default(),
        })
    }

    /// Put one file. Returns true when it was written, false when it was identical to
    /// the previous output and linked instead.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<bool, WriteError> {
        let target = safe_join(&self.dir, rel)?;
        if let Some(n) = self.fail_after
            && self.written.load(Ordering::SeqCst) + self.unchanged.load(Ordering::SeqCst) >= n
        {
            return Err(WriteError::Io {
                path: target,
                source: std::io::Error::other("injected write failure (BRIEF_FAIL_WRITE_AFTER)"),
            });
        }
        if let Some(parent) = target.parent() {
            let known = self.dirs.lock().map(|d| d.contains(parent)).unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(parent.to_path_buf());
                }
            }
        }
        if self.has_old {
            let previous = safe_join(&self.out, rel)?;
            if same_file_content(&previous, bytes) && std::fs::hard_link(&previous, &target).is_ok() {
                self.unchanged.fetch_add(1, Ordering::SeqCst);
                return Ok(false);
            }
        }
        let mut f = std::fs::File::create(&target).map_err(io(&target))?;
        f.write_all(bytes).map_err(io(&target))?;
        self.written.fetch_add(1, Ordering::SeqCst);
        Ok(true)
    }

    /// Put one file whose bytes `fill` writes (for outputs too large to hold whole).
    pub fn put_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), WriteError> {
        let target = safe_join(&self.dir, rel)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let f = std::fs::File::create(&target).map_err(io(&target))?;
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, f);
        fill(&mut w).and_then(|_| w.flush()).map_err(io(&target))?;
        drop(w);
        // Keep the previous file (and its time) when the new one is the same.
        if self.has_old {
            let previous = safe_join(&self.out, rel)?;
            if same_files(&previous, &target)
                && std::fs::remove_file(&target).is_ok()
                && std::fs::hard_link(&previous, &target).is_ok()
            {
                self.unchanged.fetch_add(1, Ordering::SeqCst);
                return Ok(());
            }
        }
        self.written.fetch_add(1, Ordering::SeqCst);
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

    /// Swap the staging folder in place of the output.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        let marker = self.dir.join(MARKER);
        std::fs::write(&marker, "This folder is written by brief; it is replaced whole on every build.\n")
            .map_err(io(&marker))?;
        swap_in(&self.dir, &self.out)?;
        self.committed = true;
        Ok(WriteStats {
            written: self.written.load(Ordering::SeqCst),
            unchanged: self.unchanged.load(Ordering::SeqCst),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn same_files(a: &Path, b: &Path) -> bool {
    match (std::fs::symlink_metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) if ma.is_file() && ma.len() == mb.len() => {
            std::fs::read(b).is_ok_and(|bytes| same_file_content(a, &bytes))
        }
        _ => false,
    }
}

fn same_file_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

/// Put `staging` in place of `out`: one atomic exchange where the system has it, else
/// two renames (the old output is kept until the new one is in place).
fn swap_in(staging: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(io(out));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous output.
            let _ = std::fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    let old = sibling(out, "old");
    std::fs::rename(out, &old).map_err(io(out))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(WriteError::Io { path: out.to_path_buf(), source: e });
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let base = Path::new("/tmp/out");
        assert!(safe_join(base, "a/b/index.html").is_ok());
        for bad in ["../x", "a/../../x", "/abs", "a//b", "", "a/./b", "a\\..\\b"] {
            assert!(safe_join(base, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_swaps_and_keeps_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let out = site.join("public");
        let files = vec![("a/index.html".to_string(), Content::Bytes(b"one".to_vec()))];
        let s = write_output(&out, &site, files.clone()).unwrap();
        assert_eq!(s, WriteStats { written: 1, unchanged: 0 });
        let s = write_output(&out, &site, files).unwrap();
        assert_eq!(s, WriteStats { written: 0, unchanged: 1 });
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(&site).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_foreign_and_overlapping_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("docs")).unwrap();
        std::fs::write(site.join("docs/mine.txt"), "keep").unwrap();
        let files = vec![("index.html".to_string(), Content::Bytes(b"x".to_vec()))];
        assert!(matches!(write_output(&site.join("docs"), &site, files.clone()), Err(WriteError::Foreign(_))));
        assert!(matches!(write_output(&site, &site, files.clone()), Err(WriteError::Overlap(_))));
        assert!(matches!(write_output(dir.path(), &site, files), Err(WriteError::Overlap(_))));
        assert_eq!(std::fs::read_to_string(site.join("docs/mine.txt")).unwrap(), "keep");
    }
}
