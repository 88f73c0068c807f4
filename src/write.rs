//! Writing the site: everything goes into a staging folder beside the output, which is
//! swapped in only when complete, so a failed or killed build leaves the old output
//! whole. Unchanged files are hard-linked from the old output rather than rewritten.
//! The only writer of the output.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::slug::is_safe_segment;

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

/// Write `files` as the new content of `out`, atomically replacing what was there.
pub fn write_output(out: &Path, site_root: &Path, files: Vec<(String, Content)>) -> Result<WriteStats, WriteError> {
    check_output(out, site_root)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    clean_leftovers(out);
    let staging = sibling(out, "staging");
    let result = write_staging(&staging, out, &files).and_then(|stats| {
        swap_in(&staging, out)?;
        Ok(stats)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_staging(staging: &Path, old: &Path, files: &[(String, Content)]) -> Result<WriteStats, WriteError> {
    std::fs::create_dir_all(staging).map_err(io(staging))?;
    let mut targets = Vec::with_capacity(files.len());
    for (rel, _) in files {
        targets.push(safe_join(staging, rel)?);
    }
    // Create every folder first, sequentially and once, so the parallel writes only write.
    let mut dirs: Vec<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    let fail =
        std::env::var_os("BRIEF_FAIL_WRITE_AFTER").and_then(|v| v.to_str().and_then(|s| s.parse::<usize>().ok()));
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<bool, WriteError>> = files
        .par_iter()
        .zip(targets.par_iter())
        .map(|((rel, content), target)| {
            if let Some(n) = fail {
                // Fault injection for tests: fail after n files, as a full disk would.
                if done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= n {
                    return Err(WriteError::Io {
                        path: target.clone(),
                        source: std::io::Error::other("injected write failure (BRIEF_FAIL_WRITE_AFTER)"),
                    });
                }
            }
            let bytes = match content {
                Content::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
                Content::Copy(src) => std::borrow::Cow::Owned(std::fs::read(src).map_err(io(src))?),
            };
            let previous = old.join(rel);
            if same_file_content(&previous, &bytes) && std::fs::hard_link(&previous, target).is_ok() {
                return Ok(false);
            }
            let mut f = std::fs::File::create(target).map_err(io(target))?;
            f.write_all(&bytes).map_err(io(target))?;
            Ok(true)
        })
        .collect();
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    let marker = staging.join(MARKER);
    std::fs::write(&marker, "This folder is written by brief; it is replaced whole on every build.\n")
        .map_err(io(&marker))?;
    Ok(stats)
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
