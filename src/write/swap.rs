//! Putting the finished spare tree in place of the output, atomically where the system
//! can exchange two folders; the lock that keeps two builds of one output apart; and
//! the repair of what a killed build left.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::{MARKER, WriteError, io};

/// A name beside the output: `.public.<tag>` for `public/`.
pub(super) fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}"))
}

/// The folder the fallback swap parks the old output in, between its renames.
pub(super) fn parking(out: &Path) -> PathBuf {
    sibling(out, "swap")
}

/// Remove the staging and old folders (`.public.staging-PID`, `.public.old-PID`) that
/// builds of earlier versions of brief left when they were killed.
pub(super) fn clean_legacy_leftovers(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else { return };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(rd) = std::fs::read_dir(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }) else { return };
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.strip_prefix(&prefix).is_some_and(is_legacy_leftover) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether `rest`, what follows `.NAME.` in a name beside the output, is `staging-PID`
/// or `old-PID`. Only there: an output named `old-site` has `.old-site.prev` beside it,
/// its spare, whose name holds `.old-` too.
fn is_legacy_leftover(rest: &str) -> bool {
    ["staging-", "old-"].iter().any(|kind| {
        rest.strip_prefix(kind).is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// An exclusive lock on a folder, held until dropped or the process ends, however it
/// ends. A build holds one on the spare and one on the output, so that two builds of
/// one output take turns. (On Linux; elsewhere builds of one output must not overlap.)
#[derive(Debug)]
pub(super) struct Lock {
    _file: Option<File>,
}

/// Lock the folder at `path`, making it if it is missing; whether this call made it
/// and finds it as made. Another build may lock the folder this call made before it
/// does, and use it (or swap it away, a folder of its old output then at `path`): what
/// this call locks counts as made only when it is still empty, so that a build never
/// takes a folder with files in it for a new one.
pub(super) fn lock_or_make(path: &Path) -> Result<(Lock, bool), WriteError> {
    loop {
        let made = std::fs::create_dir(path).is_ok();
        if let Some(lock) = lock_existing(path)? {
            let empty = std::fs::read_dir(path).map_err(io(path))?.next().is_none();
            return Ok((lock, made && empty));
        }
    }
}

/// Lock the folder at `path`, if there is one. A folder renamed while this waited for
/// its lock is not the one at `path` any more: then the one now there is locked.
#[cfg(target_os = "linux")]
pub(super) fn lock_existing(path: &Path) -> Result<Option<Lock>, WriteError> {
    use std::os::unix::fs::MetadataExt as _;
    loop {
        let f = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(WriteError::Io { path: path.to_path_buf(), source: e }),
        };
        rustix::fs::flock(&f, rustix::fs::FlockOperation::LockExclusive)
            .map_err(|e| WriteError::Io { path: path.to_path_buf(), source: e.into() })?;
        let locked = f.metadata().map_err(io(path))?;
        match std::fs::metadata(path) {
            Ok(now) if (now.dev(), now.ino()) == (locked.dev(), locked.ino()) => {
                return Ok(Some(Lock { _file: Some(f) }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            _ => continue,
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn lock_existing(path: &Path) -> Result<Option<Lock>, WriteError> {
    Ok(path.is_dir().then_some(Lock { _file: None }))
}

/// Repair what a build killed in the middle of the fallback swap left (see [`swap_in`]):
/// the old output parked at `.public.swap` goes back where it belongs.
pub(super) fn recover(out: &Path, spare: &Path) -> Result<(), WriteError> {
    let parked = parking(out);
    if !std::fs::symlink_metadata(&parked).is_ok_and(|m| m.is_dir()) || !parked.join(MARKER).is_file() {
        return Ok(());
    }
    if std::fs::symlink_metadata(out).is_err() {
        // Killed between the first two renames: the previous output comes back.
        std::fs::rename(&parked, out).map_err(io(out))
    } else if std::fs::symlink_metadata(spare).is_err() {
        // Killed before the last one: the old output is the spare.
        std::fs::rename(&parked, spare).map_err(io(spare))
    } else {
        std::fs::remove_dir_all(&parked).map_err(io(&parked))
    }
}

/// Put the finished `spare` in place of `out`. Where the system exchanges two folders
/// in one step (Linux's `renameat2(RENAME_EXCHANGE)`), the old output becomes the
/// spare at the same instant. Elsewhere three renames: the old output is parked, the
/// spare put in its place, the old output made the spare; a build killed between them
/// is repaired by the next ([`recover`]). `fault` is called between the renames.
pub(super) fn swap_in(spare: &Path, out: &Path, exchange: bool, fault: &dyn Fn(u8)) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(spare, out).map_err(io(out));
    }
    #[cfg(target_os = "linux")]
    if exchange {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, spare, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let _ = exchange;
    let parked = parking(out);
    std::fs::rename(out, &parked).map_err(io(out))?;
    fault(1);
    if let Err(e) = std::fs::rename(spare, out) {
        let _ = std::fs::rename(&parked, out);
        return Err(WriteError::Io { path: out.to_path_buf(), source: e });
    }
    fault(2);
    // The new output is in place; a failure here only costs the next build its spare.
    let _ = std::fs::rename(&parked, spare);
    Ok(())
}
