//! How each briefing file was when the last build read it: `.brief-cache/read`, written
//! whole by each build whose files were not all as the last one read them. Apart from
//! the parses, which a build appends to: a table of ten thousand files is a megabyte,
//! and the parses' file would otherwise grow by one at every rebuild. The two need not
//! agree: a file is taken as unchanged only when its stamp is as recorded, and then the
//! key recorded with it is the key of its text, whose entry is used if the parses have
//! it and the file read again if not.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::FileStamp;
use super::codec::Reader;

/// What the file starts with.
const MAGIC: &[u8; 16] = b"brief-read\0\0\0\0\0\x01";

/// How a file was read: the path shown, its stamp, and its entry's key.
pub type ReadAs = (Box<[u8]>, FileStamp, u128);

/// Each file by the path shown: its stamp and key.
pub type Table = HashMap<Box<[u8]>, (FileStamp, u128)>;

/// The table at `file` written with `header`, and when that build began reading; `None`
/// when there is none, or it does not read whole.
pub fn open(file: &Path, header: &[u8; 32]) -> Option<(Table, i128)> {
    let b = crate::mapped::read(file).ok()?;
    let body_len = b.len().checked_sub(8)?;
    if xxh3_64(&b[..body_len]) != u64::from_le_bytes(b[body_len..].try_into().ok()?) {
        return None;
    }
    if b.get(..16)? != MAGIC || b.get(16..48)? != header {
        return None;
    }
    let since_at = body_len.checked_sub(16)?;
    let since_ns = i128::from_le_bytes(b.get(since_at..body_len)?.try_into().ok()?);
    let mut table = HashMap::default();
    let mut r = Reader { b: &b[..since_at], at: 48 };
    while r.at < since_at {
        let n = r.u32()? as usize;
        let path: Box<[u8]> = r.take(n)?.into();
        let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let stamp = FileStamp::read(r.take(FileStamp::BYTES)?)?;
        table.insert(path, (stamp, key));
    }
    Some((table, since_ns))
}

/// Put `rows`, read by a build that began reading at `since_ns`, in place of the table
/// at `file` (through a file of its own, renamed: a table is whole or not there).
pub fn save(file: &Path, header: &[u8; 32], rows: &[ReadAs], since_ns: i128) -> std::io::Result<()> {
    let mut b = Vec::with_capacity(rows.len() * 96 + 80);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(header);
    for (path, stamp, key) in rows {
        b.extend_from_slice(&(path.len() as u32).to_le_bytes());
        b.extend_from_slice(path);
        b.extend_from_slice(&key.to_le_bytes());
        stamp.put(&mut b);
    }
    b.extend_from_slice(&since_ns.to_le_bytes());
    b.extend_from_slice(&xxh3_64(&b).to_le_bytes());
    let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
    std::fs::write(&tmp, &b)?;
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("read");
        let stamp = FileStamp { ino: 9, len: 3, mtime_ns: 10, ctime_ns: 11 };
        let rows: Vec<ReadAs> =
            vec![(b"content/a.md".as_slice().into(), stamp, 5), ("b/북한.md".as_bytes().into(), stamp, 6)];
        save(&file, &[7; 32], &rows, 12).unwrap();
        let (table, since) = open(&file, &[7; 32]).expect("whole");
        assert_eq!(since, 12);
        assert_eq!(table.len(), 2);
        assert_eq!(table.get("b/북한.md".as_bytes()), Some(&(stamp, 6)));
        assert!(open(&file, &[8; 32]).is_none(), "another program's or other settings'");
        let b = std::fs::read(&file).unwrap();
        for at in [0, 20, 60, b.len() - 20, b.len() - 1] {
            let mut bad = b.clone();
            bad[at] ^= 1;
            std::fs::write(&file, &bad).unwrap();
            assert!(open(&file, &[7; 32]).is_none(), "a changed byte at {at}");
        }
        std::fs::write(&file, &b[..b.len() - 3]).unwrap();
        assert!(open(&file, &[7; 32]).is_none(), "a cut file");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["read"], "no temporary file stays");
    }
}
