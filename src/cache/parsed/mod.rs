//! Parsed briefings, kept from one build to the next: a briefing file whose text, path,
//! settings and brief are those of an entry is not parsed again, its parse (the
//! briefing and its warnings) is read back. An entry is found by a digest of the file's
//! path and text, so an edited file is parsed again.
//!
//! Two files. `.brief-cache/parsed` holds the entries without their bodies, in
//! segments, each with a checksum chained to the one before: a build that parsed a few
//! files appends one; the file is written anew once it would hold more than about twice
//! what a build uses. It is read only as far as its
//! segments read whole, and only when this program wrote it with these settings.
//! How each file was read is in `.brief-cache/read` (see [`read`]).
//! `.brief-cache/bodies` holds the bodies, which are most of the bytes: a build that
//! spills its bodies leaves those it reads back there (the file is lent to its spill:
//! see [`crate::spill::Spill::lend`]), so that a rebuild neither reads nor copies them;
//! a body is checked against its digest when it is read. Both files start with the same
//! random id, so that a pair written by two builds is not read as one; nothing in them
//! is ever written over (bytes are appended, or a new file put in place of the old), so
//! a build reading them sees what it checked.
//!
//! The file also records how each briefing file was when it was read (inode, size,
//! modification and change time), so that a build need not read a file that is as it
//! was, as `make` and git tell a changed file: a file is only taken as unchanged when
//! all four are as recorded and it had not changed for a second before the build that
//! recorded it began reading (a write within the same clock tick would not show); its
//! change time moves with every write and nobody can set it back.

use rustc_hash::FxHashMap as HashMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::tz::TimeZone;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::config::Config;
use crate::model::{Body, Briefing};
use crate::parse::Parsed;
use crate::spill::Spill;

mod codec;
mod read;
#[cfg(test)]
use codec::decode;
pub use codec::encode;
use codec::{BODY_AT, Reader};
use read::ReadAs;

pub use super::stamp::FileStamp;
use super::stamp::now_ns;

/// What the file of entries starts with.
const MAGIC: &[u8; 16] = b"brief-parsed\0\0\0\x05";

/// Where the first segment starts: after the magic, the header and the id.
const SEGMENTS_AT: usize = 16 + 32 + 16;

/// Where an entry is in the file of entries, and the base of its segment's bodies.
type Place = (usize, usize, u64);

/// The parses the last build kept, and where this build's go.
#[derive(Debug)]
pub struct Parses {
    file: PathBuf,
    bodies: PathBuf,
    read_file: PathBuf,
    /// Who may read the entries: this program with these settings.
    header: [u8; 32],
    /// The file of entries as read.
    bytes: crate::mapped::FileBytes,
    /// The bodies file (when it has the entries' id), and how long it was.
    bodies_file: Option<File>,
    bodies_len: u64,
    /// Entry key → where it is.
    index: HashMap<u128, Place>,
    /// Each briefing file as the last build read it (by the path shown), and its key.
    read: HashMap<Box<[u8]>, (FileStamp, u128)>,
    /// When the last build began reading.
    since_ns: i128,
    /// How the file of entries ends: the length of its segments that read whole and the
    /// checksum of the last (`None`: no file that reads).
    end: Option<(usize, u64)>,
}

impl Parses {
    /// The kept parses of the site at `root` built with `cfg` (none when there is no
    /// cache folder, or the files do not read, or were not written by this program with
    /// these settings).
    pub fn open(root: &Path, cfg: &Config) -> Option<Parses> {
        let program = super::program_id()?;
        let dir = super::dir(root)?;
        let settings = xxh3_128(format!("{cfg:?}").as_bytes());
        let mut header = [0; 32];
        header[..16].copy_from_slice(&program.to_le_bytes());
        header[16..].copy_from_slice(&settings.to_le_bytes());
        let mut p = Parses {
            file: dir.join("parsed"),
            bodies: dir.join("bodies"),
            read_file: dir.join("read"),
            header,
            bytes: Default::default(),
            bodies_file: None,
            bodies_len: 0,
            index: HashMap::default(),
            read: HashMap::default(),
            since_ns: 0,
            end: None,
        };
        let bytes = crate::mapped::read(&p.file).unwrap_or_default();
        let bodies = File::open(&p.bodies).ok().filter(|f| {
            let mut id = [0; 16];
            read_at(f, &mut id, 0).is_ok() && bytes.get(48..SEGMENTS_AT) == Some(&id[..])
        });
        if let Some(bodies) = bodies
            && let Some(found) = read_index(&bytes, &header)
        {
            p.bodies_len = bodies.metadata().map_or(0, |m| m.len());
            p.bodies_file = Some(bodies);
            p.bytes = bytes;
            p.index = found.entries;
            p.end = Some(found.end);
        }
        if let Some((table, since_ns)) = read::open(&p.read_file, &header) {
            (p.read, p.since_ns) = (table, since_ns);
        }
        Some(p)
    }

    /// The key of the file shown as `shown` holding `text`.
    pub fn key(shown: &Path, text: &str) -> u128 {
        let mut h = Xxh3::new();
        super::update_framed(&mut h, shown.as_os_str().as_encoded_bytes());
        super::update_framed(&mut h, text.as_bytes());
        h.digest128()
    }

    /// The key of the file shown as `shown`, without reading it, when it is now as the
    /// last build read it (`now`) and had settled before that build began reading.
    pub fn unchanged(&self, shown: &Path, now: FileStamp) -> Option<u128> {
        self.unchanged_bytes(shown.as_os_str().as_encoded_bytes(), now)
    }

    fn unchanged_bytes(&self, shown: &[u8], now: FileStamp) -> Option<u128> {
        let &(then, key) = self.read.get(shown)?;
        let settled = |t: i128| t + crate::write::settled_ns() <= self.since_ns;
        (then == now && settled(then.ctime_ns) && settled(then.mtime_ns)).then_some(key)
    }

    /// Whether no briefing is as the last build read it (there was none, or its
    /// record could not be used): every file will be read.
    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }

    /// The kept entry of `key`, as bytes.
    fn entry(&self, key: u128) -> Option<&[u8]> {
        self.index.get(&key).map(|&(start, end, _)| &self.bytes[start..end])
    }

    /// The parse kept as `key`, its dates in `tz`. With `lent` (a spill this cache's
    /// bodies file was lent to: see [`Parses::lend_to`]) its body is left in the file,
    /// to be read and checked when needed; else it is read now, and an entry whose body
    /// does not read whole or match its digest is not used.
    pub fn read_back(&self, key: u128, tz: &TimeZone, lent: Option<&Arc<Spill>>) -> Option<Parsed<Briefing>> {
        let &(start, end, base) = self.index.get(&key)?;
        codec::decode_with(&self.bytes[start..end], tz, |r| {
            let at = base.checked_add(r.at)?;
            if at.checked_add(u64::from(r.len))? > self.bodies_len {
                return None;
            }
            match lent {
                Some(spill) => Some(Body::in_file(spill.refer(at, r.len), r.lens, r.digest)),
                None => {
                    let mut buf = vec![0; r.len as usize];
                    read_at(self.bodies_file.as_ref()?, &mut buf, at).ok()?;
                    let body = Body::from_block(buf.into(), r.lens, r.digest);
                    body.is_whole().then_some(body)
                }
            }
        })
    }

    /// Lend the bodies file to `spill`, so that a body read back is read from the file
    /// when needed rather than copied into memory now and written to the spill. False
    /// when there is no file or it cannot be lent.
    pub fn lend_to(&self, spill: &Spill) -> bool {
        self.bodies_file.as_ref().and_then(|f| f.try_clone().ok()).is_some_and(|f| spill.lend(f))
    }

    /// Start saving this build's parses: its new entries and their bodies go to files
    /// of their own as they come ([`Saver::add`]); [`Saver::finish`] appends them, with
    /// the kept ones' keys ([`Saver::keep`]) and how each file was read, to the old
    /// files as one segment, or writes the files anew (or leaves the old ones, when
    /// they would be the same).
    pub fn saver(&self) -> Option<Saver> {
        let id =
            xxh3_128(format!("{:?} {} {:?}", std::time::SystemTime::now(), std::process::id(), self.file).as_bytes())
                .to_le_bytes();
        let tmp = self.file.with_extension(format!("{}.tmp", std::process::id()));
        let bodies_tmp = self.bodies.with_extension(format!("{}.tmp", std::process::id()));
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, File::create(&tmp).ok()?);
        let mut b = std::io::BufWriter::with_capacity(256 * 1024, File::create(&bodies_tmp).ok()?);
        // The segment's length is put in at the end.
        for part in [&MAGIC[..], &self.header[..], &id[..], &[0; 8][..]] {
            w.write_all(part).ok()?;
        }
        b.write_all(&id).ok()?;
        let mut sum = Xxh3::new();
        sum.update(&first_prev(&self.header, &id).to_le_bytes());
        Some(Saver {
            paths: Paths { file: self.file.clone(), tmp, bodies: self.bodies.clone(), bodies_tmp },
            header: self.header,
            read_file: self.read_file.clone(),
            out: Mutex::new(Some(Out { w, sum, count: 0, b, b_len: 16 })),
            kept: Mutex::default(),
            read: Mutex::default(),
            since_ns: now_ns(),
        })
    }
}

/// Remove the kept parses of the site at `root` (a build that found one of their
/// bodies changed on disk makes them anew).
pub fn forget(root: &Path) {
    let dir = root.join(super::DIR);
    for name in ["parsed", "bodies"] {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

/// The checksum a file's first segment is chained to.
fn first_prev(header: &[u8; 32], id: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(MAGIC);
    h.update(header);
    h.update(id);
    h.digest()
}

/// The new files being written: entries (and the checksum of what was written, after
/// the checksum the first segment is chained to, and their count), and bodies (and
/// their length, with the id).
struct Out {
    w: std::io::BufWriter<File>,
    sum: Xxh3,
    count: u64,
    b: std::io::BufWriter<File>,
    b_len: u64,
}

impl Out {
    /// Write `entry` (a copy, with where its body is put in) and its `body`.
    fn put(&mut self, key: u128, mut entry: Vec<u8>, body: &[u8]) -> std::io::Result<()> {
        if entry.first() == Some(&1) {
            let at = entry.get_mut(BODY_AT..BODY_AT + 8).ok_or(std::io::ErrorKind::InvalidData)?;
            at.copy_from_slice(&self.b_len.to_le_bytes());
            self.b.write_all(body)?;
            self.b_len += body.len() as u64;
        }
        let head = entry_head(key, &entry);
        self.w.write_all(&head)?;
        self.w.write_all(&entry)?;
        self.sum.update(&head);
        self.sum.update(&entry);
        self.count += 1;
        Ok(())
    }
}

/// Saves a build's parses, from many threads at once (entries are found by key, so
/// their order does not matter).
pub struct Saver {
    paths: Paths,
    header: [u8; 32],
    read_file: PathBuf,
    /// `None` once a write failed.
    out: Mutex<Option<Out>>,
    /// The entries of the old file this build keeps.
    kept: Mutex<Vec<u128>>,
    /// How each file was read.
    read: Mutex<Vec<ReadAs>>,
    /// When this build began reading (before the saver was made, none was read).
    since_ns: i128,
}

impl Saver {
    /// Keep the old file's entry of `key`.
    pub fn keep(&self, key: u128) {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(key);
    }

    /// Add the entry `entry` of `key` and its `body` (see [`encode`]), made by this
    /// build.
    pub fn add(&self, key: u128, entry: Vec<u8>, body: &[u8]) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(o) = out.as_mut()
            && o.put(key, entry, body).is_err()
        {
            *out = None;
        }
    }

    /// Record that the file shown as `shown` was `stamp` (taken before it was read)
    /// and had the key `key`.
    pub fn read_as(&self, shown: &Path, stamp: FileStamp, key: u128) {
        let path = shown.as_os_str().as_encoded_bytes().into();
        self.read.lock().unwrap_or_else(|e| e.into_inner()).push((path, stamp, key));
    }

    /// Save this build's parses (see [`Parses::saver`]); `old` is what the saver was
    /// made from. A segment is appended when the old files read whole to their ends and
    /// would not then hold much more than twice what this build uses (see
    /// [`appendable`]); else the kept entries and bodies follow the new ones in new
    /// files put in place of the old (files that could not be written whole go). When
    /// no entry is new and every one is kept, the files stay as they are; when every
    /// file was read as the old table says, so does the table.
    pub fn finish(self, old: &Parses) {
        let Saver { paths, header, read_file, out, kept, read, since_ns } = self;
        let out = out.into_inner().unwrap_or_else(|e| e.into_inner());
        let kept = kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let rows = read.into_inner().unwrap_or_else(|e| e.into_inner());
        let same = out.as_ref().is_some_and(|o| o.count == 0) && kept.len() == old.index.len();
        if let Some(mut o) = out.filter(|_| !same) {
            // A cache: a failure only costs the next build its reuse.
            let _ = o.w.flush().is_ok()
                && o.b.flush().is_ok()
                && match appendable(old, &kept, &o) {
                    Some((end, prev)) => paths.append(old, end, prev, o).is_ok(),
                    None => paths.rewrite(old, &kept, o).is_ok(),
                };
        }
        let _ = std::fs::remove_file(&paths.tmp);
        let _ = std::fs::remove_file(&paths.bodies_tmp);
        let same_read = rows.len() == old.read.len()
            && rows.iter().all(|(path, stamp, key)| old.unchanged_bytes(path, *stamp) == Some(*key));
        if !same_read {
            let _ = read::save(&read_file, &header, &rows, since_ns);
        }
    }
}

/// The files a saver writes: in place of `file` and `bodies`, the new `tmp` and
/// `bodies_tmp`.
struct Paths {
    file: PathBuf,
    tmp: PathBuf,
    bodies: PathBuf,
    bodies_tmp: PathBuf,
}

impl Paths {
    /// Append the new bodies to the old bodies file, then the new entries as a segment
    /// to the old file of entries, whose segments end at `end` with the checksum
    /// `prev`.
    fn append(&self, old: &Parses, end: usize, prev: u64, o: Out) -> std::io::Result<()> {
        let Out { w, count, b, .. } = o;
        drop((w, b));
        let new = std::fs::read(&self.tmp)?;
        let entries = new.get(SEGMENTS_AT + 8..).unwrap_or_default();
        let new_bodies = std::fs::read(&self.bodies_tmp)?;
        // The new bodies go where the bodies file ends (its first 16 bytes, the id, are
        // not copied: a body at `n` in the new file lands at `base + n`).
        let mut bf = std::fs::OpenOptions::new().append(true).open(&old.bodies)?;
        let base = bf.metadata()?.len().checked_sub(16).ok_or(std::io::ErrorKind::InvalidData)?;
        bf.write_all(new_bodies.get(16..).unwrap_or_default())?;
        let mut body = Vec::with_capacity(entries.len() + 16);
        body.extend_from_slice(entries);
        body.extend_from_slice(&base.to_le_bytes());
        body.extend_from_slice(&count.to_le_bytes());
        let mut sum = Xxh3::new();
        sum.update(&prev.to_le_bytes());
        sum.update(&body);
        let mut seg = Vec::with_capacity(body.len() + 16);
        seg.extend_from_slice(&(body.len() as u64).to_le_bytes());
        seg.extend_from_slice(&body);
        seg.extend_from_slice(&sum.digest().to_le_bytes());
        // Only where the file still ends as it was read: nothing is ever written over
        // (a build reading the file may have entries in it still to read). Should
        // another build append first, this segment follows its and does not read (it is
        // chained to the one before its own).
        let mut f = std::fs::OpenOptions::new().append(true).open(&self.file)?;
        if f.metadata()?.len() != end as u64 {
            return Err(std::io::ErrorKind::AlreadyExists.into());
        }
        f.write_all(&seg)
    }

    /// Write the kept entries (and their bodies, read from the old bodies file) after
    /// the new ones, end the one segment, and put both files in place of the old.
    fn rewrite(&self, old: &Parses, kept: &[u128], mut o: Out) -> std::io::Result<()> {
        for &key in kept {
            let (Some(entry), Some(&(_, _, base))) = (old.entry(key), old.index.get(&key)) else { continue };
            let body = match codec::body_ref(entry) {
                Some(r) => {
                    let mut buf = vec![0; r.len as usize];
                    let f = old.bodies_file.as_ref().ok_or(std::io::ErrorKind::NotFound)?;
                    read_at(f, &mut buf, base + r.at)?;
                    // A body the disk changed is not kept (its file is parsed again).
                    let body = Body::from_block(buf.into(), r.lens, r.digest);
                    if !body.is_whole() {
                        continue;
                    }
                    body
                }
                None => Body::default(),
            };
            o.put(key, entry.to_vec(), body.block().map_or(&[][..], |(b, _, _)| b))?;
        }
        let Out { mut w, mut sum, count, mut b, .. } = o;
        let mut end = 0u64.to_le_bytes().to_vec();
        end.extend_from_slice(&count.to_le_bytes());
        sum.update(&end);
        w.write_all(&end)?;
        w.write_all(&sum.digest().to_le_bytes())?;
        w.flush()?;
        b.flush()?;
        let f = w.get_ref();
        let len = f.metadata()?.len() - (SEGMENTS_AT as u64 + 8 + 8);
        write_at(f, &len.to_le_bytes(), SEGMENTS_AT as u64)?;
        // The bodies first: a file of entries is only read with the bodies file of its
        // id, so neither old one is read with a new one.
        std::fs::rename(&self.bodies_tmp, &self.bodies)?;
        std::fs::rename(&self.tmp, &self.file)
    }
}

/// An entry's key and length, before its bytes.
fn entry_head(key: u128, bytes: &[u8]) -> [u8; 20] {
    let mut head = [0u8; 20];
    head[..16].copy_from_slice(&key.to_le_bytes());
    head[16..].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
    head
}

/// Where the old file of entries' segments end and the checksum of the last, when this
/// build's segment may follow them: the file is still as long as when it was read, and
/// with the new segment each file would hold at most twice what this build uses of it,
/// plus as much again or a mebibyte, whichever is less.
fn appendable(old: &Parses, kept: &[u128], new: &Out) -> Option<(usize, u64)> {
    let (end, prev) = old.end?;
    let on_disk = std::fs::metadata(&old.file).ok()?.len();
    let new_entries = new.w.get_ref().metadata().ok()?.len().checked_sub((SEGMENTS_AT + 8) as u64)?;
    let new_bodies = new.b_len - 16;
    let (mut entries, mut bodies) = (new_entries, new_bodies);
    for e in kept.iter().filter_map(|&k| old.entry(k)) {
        entries += e.len() as u64 + 20;
        bodies += codec::body_ref(e).map_or(0, |r| u64::from(r.len));
    }
    let fits = |now: u64, more: u64, used: u64| now + more <= 2 * used + used.min(1 << 20);
    (on_disk == end as u64 && fits(end as u64, new_entries + 40, entries) && fits(old.bodies_len, new_bodies, bodies))
        .then_some((end, prev))
}

#[cfg(unix)]
fn write_at(f: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, bytes, at)
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// What a file says: where each entry is (the later of two with one key), and where its
/// whole segments end with the checksum of the last.
struct Found {
    entries: HashMap<u128, Place>,
    end: (usize, u64),
}

/// What a file with this `header` says: magic, header, the id it shares with its bodies
/// file, then segments, each its length, then entries (key, length, bytes), the base of
/// their bodies in the bodies file, their count, and a checksum of all that chained to
/// the one before. The first segment that does not read
/// whole ends the file; `None` when not even one does.
fn read_index(b: &[u8], header: &[u8; 32]) -> Option<Found> {
    if b.get(..16)? != MAGIC || b.get(16..48)? != header {
        return None;
    }
    let mut found: Option<Found> = None;
    let (mut at, mut prev) = (SEGMENTS_AT, first_prev(header, b.get(48..SEGMENTS_AT)?));
    while let Some((body, next)) = segment_at(b, at, prev) {
        let entries = read_segment(at + 8, body)?;
        let f = found.get_or_insert_with(|| Found {
            entries: HashMap::with_capacity_and_hasher(entries.len(), Default::default()),
            end: (0, 0),
        });
        f.entries.extend(entries);
        at += 8 + body.len() + 8;
        prev = next;
        f.end = (at, prev);
    }
    found
}

/// The body of the segment at `at` and its checksum, when it reads whole after a
/// segment whose checksum was `prev`.
fn segment_at(b: &[u8], at: usize, prev: u64) -> Option<(&[u8], u64)> {
    let len = usize::try_from(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?)).ok()?;
    let body = b.get(at + 8..(at + 8).checked_add(len)?)?;
    let sum = u64::from_le_bytes(b.get(at + 8 + len..at + 16 + len)?.try_into().ok()?);
    let mut h = Xxh3::new();
    h.update(&prev.to_le_bytes());
    h.update(body);
    (h.digest() == sum).then_some((body, sum))
}

/// The entries of a segment's body, which starts at `base` in the file, and their places.
fn read_segment(base: usize, b: &[u8]) -> Option<Vec<(u128, Place)>> {
    let entries_end = b.len().checked_sub(16)?;
    let bodies_base = u64::from_le_bytes(b[entries_end..entries_end + 8].try_into().ok()?);
    let count = u64::from_le_bytes(b[entries_end + 8..].try_into().ok()?) as usize;
    let mut r = Reader { b: &b[..entries_end], at: 0 };
    let mut entries = Vec::with_capacity(count.min(b.len() / 20));
    while r.at < entries_end {
        let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let len = r.u32()? as usize;
        let start = base + r.at;
        r.take(len)?;
        entries.push((key, (start, start + len, bodies_base)));
    }
    (entries.len() == count).then_some(entries)
}

#[cfg(test)]
mod tests;
