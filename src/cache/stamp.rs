//! How a source file was when a build read it (see [`super::parsed`]).

use std::path::Path;

/// How a briefing file was when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub(super) ino: u64,
    pub(super) len: u64,
    pub(super) mtime_ns: i128,
    pub(super) ctime_ns: i128,
}

impl FileStamp {
    /// The file at `path` as it is now (following a link, as reading it does); `None`
    /// where the system has no inodes or it cannot be read.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<FileStamp> {
        FileStamp::of_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The file `m` describes (an open file's, or a path's).
    #[cfg(unix)]
    pub fn of_metadata(m: &std::fs::Metadata) -> Option<FileStamp> {
        use std::os::unix::fs::MetadataExt as _;
        let m = Some(m).filter(|m| m.is_file())?;
        let ns = |s: i64, n: i64| s as i128 * 1_000_000_000 + n as i128;
        Some(FileStamp {
            ino: m.ino(),
            len: m.len(),
            mtime_ns: ns(m.mtime(), m.mtime_nsec()),
            ctime_ns: ns(m.ctime(), m.ctime_nsec()),
        })
    }

    /// Never, without inodes.
    #[cfg(not(unix))]
    pub fn of(_: &Path) -> Option<FileStamp> {
        None
    }

    /// Never, without inodes.
    #[cfg(not(unix))]
    pub fn of_metadata(_: &std::fs::Metadata) -> Option<FileStamp> {
        None
    }

    pub(super) const BYTES: usize = 8 + 8 + 16 + 16;

    pub(super) fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.ino.to_le_bytes());
        w.extend_from_slice(&self.len.to_le_bytes());
        w.extend_from_slice(&self.mtime_ns.to_le_bytes());
        w.extend_from_slice(&self.ctime_ns.to_le_bytes());
    }

    pub(super) fn read(b: &[u8]) -> Option<FileStamp> {
        Some(FileStamp {
            ino: u64::from_le_bytes(b.get(0..8)?.try_into().ok()?),
            len: u64::from_le_bytes(b.get(8..16)?.try_into().ok()?),
            mtime_ns: i128::from_le_bytes(b.get(16..32)?.try_into().ok()?),
            ctime_ns: i128::from_le_bytes(b.get(32..48)?.try_into().ok()?),
        })
    }
}

/// Nanoseconds since 1970, now.
pub(super) fn now_ns() -> i128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}
