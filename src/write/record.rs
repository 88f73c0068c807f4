//! The listing of an output tree as the build that made it left it: every folder with
//! its entries, and each folder's change time. Two builds later that tree is the spare
//! (see [`super::Staging`]), and its listing is what that build needs first; reading
//! every folder of a large site again costs it more than anything else it does when
//! little changed. So the record goes to the build cache, and the build after next
//! takes a folder's entries from it only when the folder is provably as recorded: the
//! same inode and the same change time (which every entry made, removed or renamed in
//! a folder moves, and nobody can set back), not changed in the last second before the
//! record was made (a change in the same clock tick would not show), and reached
//! through folders that are as recorded too. Any other folder is read. A record is
//! removed as soon as it is read, before the build changes anything in the tree, so a
//! build that stops half-way leaves no record of a tree it changed.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use super::safe_join;
use super::spare::{Kind, Listing};

/// What a record file starts with.
const MAGIC: &[u8; 16] = b"brief-tree\0\0\0\0\0\x01";

/// How long before a record was made a folder must have last changed for the record
/// to vouch for it, and a source file before a build read it for the next build to take
/// it as unchanged without reading it (see `crate::cache::parsed`): far above any file
/// system's clock tick. (`BRIEF_SETTLED_MS` sets another, for the tests, which build
/// faster than that.)
const SETTLED_NS: i128 = 1_000_000_000;

/// [`SETTLED_NS`], or what the tests set.
pub fn settled_ns() -> i128 {
    static SETTLED: std::sync::OnceLock<i128> = std::sync::OnceLock::new();
    *SETTLED.get_or_init(|| {
        std::env::var("BRIEF_SETTLED_MS")
            .ok()
            .and_then(|v| v.parse::<i128>().ok())
            .map_or(SETTLED_NS, |ms| ms * 1_000_000)
    })
}

/// The identity and change time of a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DirStamp {
    /// Its inode number.
    pub ino: u64,
    /// Its change time, in nanoseconds since 1970.
    pub ctime_ns: i128,
}

#[cfg(unix)]
impl DirStamp {
    /// The stamp of a folder `st` describes.
    pub fn of(st: &rustix::fs::Stat) -> DirStamp {
        #[allow(clippy::unnecessary_cast)]
        DirStamp { ino: st.st_ino as u64, ctime_ns: st.st_ctime as i128 * 1_000_000_000 + st.st_ctime_nsec as i128 }
    }
}

/// One recorded folder.
#[derive(Debug)]
pub(super) struct RecordedDir {
    /// The folder as it was.
    pub stamp: DirStamp,
    /// Its entries: names and what each was.
    pub entries: Vec<(String, Kind)>,
}

/// A tree's record: its folders by `/`-separated path relative to the tree (the tree
/// itself is `""`), and when it was made.
#[derive(Debug, Default)]
pub(super) struct Record {
    pub dirs: HashMap<String, RecordedDir>,
    made_ns: i128,
}

impl Record {
    /// The entries of folder `rel` when the folder now stamped `now` is as recorded and
    /// had settled when the record was made.
    pub fn vouches(&self, rel: &str, now: DirStamp) -> Option<&[(String, Kind)]> {
        self.vouches_dir(self.dirs.get(rel)?, now)
    }

    /// [`Record::vouches`], the entries moved out of the record.
    pub fn take_vouched(&mut self, rel: &str, now: DirStamp) -> Option<Vec<(String, Kind)>> {
        self.vouches(rel, now)?;
        self.dirs.remove(rel).map(|d| d.entries)
    }

    /// [`Record::vouches`] for the recorded folder `d`, already found.
    pub fn vouches_dir<'r>(&self, d: &'r RecordedDir, now: DirStamp) -> Option<&'r [(String, Kind)]> {
        (d.stamp == now && now.ctime_ns + settled_ns() <= self.made_ns).then_some(d.entries.as_slice())
    }

    /// The record as if made `ns` nanoseconds later (for tests: what it records has
    /// settled by then).
    #[cfg(test)]
    pub fn made_later(&mut self, ns: i128) {
        self.made_ns += ns;
    }

    /// The record file, in the cache folder `cache`, of the tree whose folder has inode
    /// `ino` and stands at `out` (its output) or beside it (as the spare).
    pub fn file(cache: &Path, out: &Path, ino: u64) -> Option<PathBuf> {
        Some(cache.join(format!("{}{ino:x}", Record::prefix(out)?)))
    }

    /// What the names of the record files of the trees of output `out` start with.
    pub fn prefix(out: &Path) -> Option<String> {
        Some(format!("tree-{}-", output_key(out)?))
    }

    /// Read the record at `file` and remove the file (whatever it held): `None` when
    /// there is none, or it does not read whole.
    pub fn take(file: &Path) -> Option<Record> {
        let bytes = crate::mapped::read(file).ok();
        let _ = std::fs::remove_file(file);
        decode(&bytes?)
    }
}

/// What the names of the build cache's records of the output folder `out` (this
/// module's `tree-…` and `crate::cache::pages`' `pages-…`) have after their kind's
/// prefix: a digest of its absolute path.
pub fn output_key(out: &Path) -> Option<String> {
    let out = std::path::absolute(out).ok()?;
    Some(format!("{:016x}", xxh3_64(out.as_os_str().as_encoded_bytes())))
}

/// One folder to record: its path, its stamp and its entries.
pub(super) type DirToRecord<'a> = (&'a str, DirStamp, Vec<(&'a str, Kind)>);

/// Write the record of `dirs`, made now, to `file` (beside it, then renamed over it).
pub(super) fn save(file: &Path, dirs: &[DirToRecord]) -> std::io::Result<()> {
    let made_ns = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    std::fs::write(file.with_extension("tmp"), encode(made_ns as i128, dirs))?;
    std::fs::rename(file.with_extension("tmp"), file)
}

fn encode(made_ns: i128, dirs: &[DirToRecord]) -> Vec<u8> {
    let mut b = Vec::with_capacity(64 + dirs.iter().map(|d| 48 + d.2.len() * 40).sum::<usize>());
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&made_ns.to_le_bytes());
    b.extend_from_slice(&(dirs.len() as u64).to_le_bytes());
    for (rel, stamp, entries) in dirs {
        put_str(&mut b, rel);
        b.extend_from_slice(&stamp.ino.to_le_bytes());
        b.extend_from_slice(&stamp.ctime_ns.to_le_bytes());
        b.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (name, kind) in entries {
            put_str(&mut b, name);
            let (tag, ino) = match kind {
                Kind::Dir => (0u8, 0),
                Kind::File(None) => (1, 0),
                Kind::File(Some(ino)) => (2, *ino),
            };
            b.push(tag);
            b.extend_from_slice(&ino.to_le_bytes());
        }
    }
    let sum = xxh3_64(&b);
    b.extend_from_slice(&sum.to_le_bytes());
    b
}

/// Record the listing of the output `out` just swapped in (see `super::record`): the
/// spare's listing, less `pruned`, with what this build changed; each folder's stamp
/// as the walk took it, or taken now where this build changed the folder.
pub(super) fn save_record(
    listing: &Listing,
    changed: &[(String, Kind)],
    pruned: &[String],
    out: &Path,
    spare: &Path,
    cache: &Path,
) -> Option<()> {
    use rustc_hash::FxHashMap as HashMap;
    let now: HashMap<&str, Kind> = changed.iter().map(|(rel, kind)| (rel.as_str(), *kind)).collect();
    let mut touched: std::collections::HashSet<&str> = pruned.iter().map(|r| parent_of(r)).collect();
    touched.extend(now.keys().map(|rel| parent_of(rel)));
    // What this build made or replaced, by folder: a few paths, where the listing
    // has the rest of the tree.
    let mut made: HashMap<&str, Vec<(&str, Kind)>> = HashMap::default();
    for (rel, kind) in &now {
        if *kind == Kind::Dir {
            made.entry(rel).or_default();
        }
        let name = rel.rsplit_once('/').map_or(*rel, |(_, n)| n);
        made.entry(parent_of(rel)).or_default().push((name, *kind));
    }
    let mut dirs = Vec::with_capacity(listing.len() / 2 + made.len() + 1);
    let stamp_of = |rel: &str, recorded: Option<DirStamp>| match recorded.filter(|_| !touched.contains(rel)) {
        Some(st) => Some(st),
        None if rel.is_empty() => dir_stamp(out),
        None => dir_stamp(&safe_join(out, rel).ok()?),
    };
    for (rel, folder) in listing.kept_folders() {
        // A folder of the spare that a file of the new output replaced.
        if now.get(rel).is_some_and(|k| *k != Kind::Dir) {
            continue;
        }
        let mut entries: Vec<(&str, Kind)> = folder.kept().collect();
        if let Some(mine) = made.remove(rel) {
            // By name, as a folder may hold tens of thousands (a large site's pages).
            let mut at: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.0, i)).collect();
            for (name, kind) in mine {
                match at.get(name) {
                    Some(&i) => entries[i].1 = kind,
                    None => {
                        at.insert(name, entries.len());
                        entries.push((name, kind));
                    }
                }
            }
        }
        dirs.push((rel, stamp_of(rel, folder.stamp())?, entries));
    }
    for (rel, entries) in made {
        dirs.push((rel, stamp_of(rel, None)?, entries));
    }
    let file = Record::file(cache, out, dir_stamp(out)?.ino)?;
    save(&file, &dirs).ok()?;
    // Records of trees that are gone go; the spare's stays, for the next build.
    let keep = dir_stamp(spare).and_then(|st| Record::file(cache, out, st.ino));
    let prefix = Record::prefix(out)?;
    for e in std::fs::read_dir(cache).ok()?.flatten() {
        let path = e.path();
        if e.file_name().to_string_lossy().starts_with(&prefix) && path != file && Some(&path) != keep.as_ref() {
            let _ = std::fs::remove_file(path);
        }
    }
    Some(())
}

/// The folder `rel` is in (`""` for the top).
fn parent_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(p, _)| p)
}

/// The stamp of the folder at `path` (not a link), where the system has inodes.
#[cfg(unix)]
pub(super) fn dir_stamp(path: &Path) -> Option<DirStamp> {
    use std::os::unix::fs::MetadataExt as _;
    let m = std::fs::symlink_metadata(path).ok().filter(|m| m.is_dir())?;
    Some(DirStamp { ino: m.ino(), ctime_ns: m.ctime() as i128 * 1_000_000_000 + m.ctime_nsec() as i128 })
}

#[cfg(not(unix))]
fn dir_stamp(_: &Path) -> Option<DirStamp> {
    None
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(&(s.len() as u32).to_le_bytes());
    b.extend_from_slice(s.as_bytes());
}

fn decode(b: &[u8]) -> Option<Record> {
    let body = b.len().checked_sub(8)?;
    if !b.starts_with(MAGIC) || xxh3_64(&b[..body]) != u64::from_le_bytes(b[body..].try_into().ok()?) {
        return None;
    }
    let mut r = Reader { b: &b[MAGIC.len()..body] };
    let made_ns = i128::from_le_bytes(r.take(16)?.try_into().ok()?);
    let count = r.u64()? as usize;
    let mut dirs = HashMap::with_capacity_and_hasher(count.min(r.b.len() / 32), Default::default());
    for _ in 0..count {
        let rel = r.str()?.to_owned();
        let ino = r.u64()?;
        let ctime_ns = i128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let n = r.u64()? as usize;
        let mut entries = Vec::with_capacity(n.min(r.b.len() / 13));
        for _ in 0..n {
            let name = r.str()?.to_owned();
            let tag = r.take(1)?[0];
            let ino = r.u64()?;
            entries.push((
                name,
                match tag {
                    0 => Kind::Dir,
                    1 => Kind::File(None),
                    2 => Kind::File(Some(ino)),
                    _ => return None,
                },
            ));
        }
        dirs.insert(rel, RecordedDir { stamp: DirStamp { ino, ctime_ns }, entries });
    }
    r.b.is_empty().then_some(Record { dirs, made_ns })
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.b.split_at_checked(n)?;
        self.b = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        let mut dirs = HashMap::default();
        dirs.insert(
            String::new(),
            RecordedDir {
                stamp: DirStamp { ino: 7, ctime_ns: 1 },
                entries: vec![("2024".into(), Kind::Dir), ("index.html".into(), Kind::File(Some(9)))],
            },
        );
        dirs.insert(
            "2024".into(),
            RecordedDir {
                stamp: DirStamp { ino: 8, ctime_ns: 2_000_000_000 },
                entries: vec![("feed.xml".into(), Kind::File(None))],
            },
        );
        Record { dirs, made_ns: 2_500_000_000 }
    }

    fn save_sample(file: &Path) {
        let r = sample();
        let dirs: Vec<DirToRecord> = r
            .dirs
            .iter()
            .map(|(rel, d)| (rel.as_str(), d.stamp, d.entries.iter().map(|(n, k)| (n.as_str(), *k)).collect()))
            .collect();
        std::fs::write(file, encode(r.made_ns, &dirs)).unwrap();
    }

    #[test]
    fn a_record_reads_back_and_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tree");
        save_sample(&file);
        let r = Record::take(&file).unwrap();
        assert!(!file.exists(), "a record is removed when read");
        assert!(Record::take(&file).is_none());
        assert_eq!(r.made_ns, 2_500_000_000);
        assert_eq!(r.dirs[""].entries, sample().dirs[""].entries);
        assert_eq!(r.dirs["2024"].stamp, DirStamp { ino: 8, ctime_ns: 2_000_000_000 });
    }

    #[test]
    fn a_folder_is_vouched_for_only_as_recorded_and_settled() {
        let r = sample();
        // Settled a second before the record: vouched for.
        assert!(r.vouches("", DirStamp { ino: 7, ctime_ns: 1 }).is_some());
        // Changed since, another folder, or changed within the last second.
        assert!(r.vouches("", DirStamp { ino: 7, ctime_ns: 2 }).is_none());
        assert!(r.vouches("", DirStamp { ino: 6, ctime_ns: 1 }).is_none());
        assert!(r.vouches("2024", DirStamp { ino: 8, ctime_ns: 2_000_000_000 }).is_none());
        assert!(r.vouches("2025", DirStamp { ino: 8, ctime_ns: 1 }).is_none());
    }

    #[test]
    fn a_damaged_record_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tree");
        save_sample(&file);
        let good = std::fs::read(&file).unwrap();
        for cut in [0, 10, good.len() / 2, good.len() - 1] {
            std::fs::write(&file, &good[..cut]).unwrap();
            assert!(Record::take(&file).is_none(), "cut at {cut}");
        }
        let mut flipped = good.clone();
        flipped[40] ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        assert!(Record::take(&file).is_none());
    }
}
