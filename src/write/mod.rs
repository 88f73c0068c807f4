//! Writing the site, the only writer of the output. A build brings a spare copy of the
//! output (the output before last, kept beside it) up to date and exchanges it with
//! the output in one step, so a failed or killed build leaves the old output whole and
//! a reader never sees half of a site. Unchanged files are neither rewritten nor
//! copied: they are hard links to the output's files. See [`Staging`].

mod faults;
mod record;
mod sink;
mod spare;
mod staging;
mod swap;

use std::path::{Path, PathBuf};

pub use record::{output_key, settled_ns};
pub use staging::Staging;

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
    check_rel(rel)?;
    let mut p = PathBuf::with_capacity(base.as_os_str().len() + rel.len() + 1);
    p.push(base);
    for seg in rel.split('/') {
        p.push(seg);
    }
    Ok(p)
}

/// Refuse a `/`-separated relative path that is not a plain path of safe segments.
pub(super) fn check_rel(rel: &str) -> Result<(), WriteError> {
    if rel.is_empty() || !rel.split('/').all(is_safe_segment) {
        return Err(WriteError::UnsafePath(rel.into()));
    }
    Ok(())
}

/// How a file is: enough to tell that it is still the very file a build made (see
/// `crate::cache::pages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileMeta {
    /// Its inode number (0 where the system has none).
    pub ino: u64,
    /// Its size.
    pub len: u64,
    /// Its modification time: seconds since 1970 and nanoseconds (0 where the system
    /// does not give them here).
    pub mtime: i64,
    /// The nanoseconds of its modification time.
    pub mtime_nsec: i64,
}

impl FileMeta {
    /// What `m` says of its file.
    pub fn of(m: &std::fs::Metadata) -> FileMeta {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            FileMeta { ino: m.ino(), len: m.len(), mtime: m.mtime(), mtime_nsec: m.mtime_nsec() }
        }
        #[cfg(not(unix))]
        {
            FileMeta { ino: 0, len: m.len(), mtime: 0, mtime_nsec: 0 }
        }
    }

    /// What `st` says of its file.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)]
    pub(super) fn of_stat(st: &rustix::fs::Stat) -> FileMeta {
        FileMeta {
            ino: st.st_ino as u64,
            len: st.st_size as u64,
            mtime: st.st_mtime as i64,
            mtime_nsec: st.st_mtime_nsec as i64,
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
    let staging = Staging::begin(out, site_root, None)?;
    files.par_iter().try_for_each(|(rel, content)| staging.put_content(rel, content).map(|_| ()))?;
    staging.commit().map(staging::Committed::wait)
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
        let mut beside: Vec<_> = std::fs::read_dir(&site).unwrap().flatten().map(|e| e.file_name()).collect();
        beside.sort();
        assert_eq!(beside, vec![std::ffi::OsString::from(".public.prev"), std::ffi::OsString::from("public")]);
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
