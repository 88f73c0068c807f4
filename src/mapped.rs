//! Files read by mapping them: the build cache's, which a rebuild reads back whole.

use std::path::Path;

/// Files of at least this many bytes are mapped; smaller ones are read (a mapping costs
/// two system calls more, and its pages a fault each 64 KiB).
const MAP_FROM: u64 = 256 * 1024;

/// A cache file's bytes: mapped from the system's file cache, or read.
///
/// A rebuild of 10,000 briefings reads about 70 MB of its build cache (list items,
/// search words, parses, records of pages and of the output's tree). Read into fresh
/// memory, each page of it is zeroed by the system and then copied into; mapped, the
/// pages the file cache already holds are shared, with neither. On a virtual machine
/// that hands free memory back to its host, fresh memory costs far more than that (see
/// `crate::memory::init`).
#[derive(Default)]
pub enum FileBytes {
    Mapped(memmap2::Mmap),
    #[default]
    Empty,
    Read(Vec<u8>),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(m) => m,
            FileBytes::Empty => &[],
            FileBytes::Read(v) => v,
        }
    }
}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBytes({} bytes)", self.len())
    }
}

/// The bytes of the file at `path`, mapped when it is large on a Unix system (read
/// elsewhere, or when the mapping fails).
pub fn read(path: &Path) -> std::io::Result<FileBytes> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(FileBytes::Empty);
    }
    // Unix only: Windows refuses to replace a file that is mapped, and the build cache
    // replaces the files it read (by renaming a new one over each) while it holds them.
    if cfg!(unix) && len >= MAP_FROM {
        // SAFETY: a mapped file must not shrink while mapped (its pages past the new end
        // would fault: SIGBUS). brief never shrinks a cache file: it writes a new one
        // and renames it into place (the mapping keeps the old file), or appends to it
        // (`items`: the bytes mapped stay as they are). Another program truncating
        // `.brief-cache/` files while a build reads them is the one risk, as for any
        // program that maps files (ripgrep does likewise).
        let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) };
        if let Ok(map) = map {
            return Ok(FileBytes::Mapped(map));
        }
    }
    let mut v = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    std::io::Read::read_to_end(&mut &file, &mut v)?;
    Ok(FileBytes::Read(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_files_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        let large = dir.path().join("large");
        let empty = dir.path().join("empty");
        std::fs::write(&small, b"abc").unwrap();
        let big: Vec<u8> = (0..MAP_FROM as usize + 4097).map(|i| (i % 251) as u8).collect();
        std::fs::write(&large, &big).unwrap();
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(read(&small).unwrap(), FileBytes::Read(_)));
        assert_eq!(&*read(&small).unwrap(), b"abc");
        let mapped = read(&large).unwrap();
        assert_eq!(matches!(mapped, FileBytes::Mapped(_)), cfg!(unix));
        assert_eq!(&*mapped, &big[..]);
        assert!(read(&empty).unwrap().is_empty());
        assert!(read(&dir.path().join("none")).is_err());
    }

    #[test]
    fn a_mapped_file_keeps_its_bytes_when_replaced_or_appended_to() {
        // How brief writes cache files: a new file renamed into place, or bytes appended.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("items");
        let old: Vec<u8> = vec![1; MAP_FROM as usize];
        std::fs::write(&file, &old).unwrap();
        let mapped = read(&file).unwrap();
        let mut f = std::fs::OpenOptions::new().append(true).open(&file).unwrap();
        std::io::Write::write_all(&mut f, &[2; 4096]).unwrap();
        assert_eq!(&*mapped, &old[..], "appended");
        let tmp = dir.path().join("items.tmp");
        std::fs::write(&tmp, [3; 10]).unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        assert_eq!(&*mapped, &old[..], "replaced");
        assert_eq!(&*read(&file).unwrap(), &[3; 10]);
    }
}
