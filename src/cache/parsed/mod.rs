//! Parsed briefings, kept from one build to the next: a briefing file whose text, path,
//! settings and brief are those of an entry is not parsed again, its parse (the
//! briefing and its warnings) is read back. One file, `.brief-cache/parsed`, replaced
//! whole by each build that parses its briefings; read only when it is whole (its last
//! eight bytes are a checksum of the rest) and this program wrote it with these
//! settings. An entry is found by a digest of the file's path and text, so an edited
//! file is parsed again.
//!
//! The file also records how each briefing file was when it was read (inode, size,
//! modification and change time), so that a build need not read a file that is as it
//! was, as `make` and git tell a changed file: a file is only taken as unchanged when
//! all four are as recorded and it had not changed for a second before the build that
//! recorded it began reading (a write within the same clock tick would not show); its
//! change time moves with every write and nobody can set it back.

use rustc_hash::FxHashMap as HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::ZonedDateTime as Zoned;
use jiff::tz::TimeZone;
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::config::Config;
use crate::diag::{Diagnostic, Origin, Severity};
use crate::model::{Body, Briefing, Notice, Source, UrlPos};
use crate::parse::Parsed;

pub use super::stamp::FileStamp;
use super::stamp::now_ns;

/// What the file starts with.
const MAGIC: &[u8; 16] = b"brief-parsed\0\0\0\x03";

/// The parses the last build kept, and where this build's go.
#[derive(Debug)]
pub struct Parses {
    file: PathBuf,
    /// Who may read the entries: this program with these settings.
    header: [u8; 32],
    bytes: Vec<u8>,
    /// Entry key → its bytes' range in `bytes`.
    index: HashMap<u128, (usize, usize)>,
    /// Each briefing file as the last build read it (by the path shown), and its key.
    read: HashMap<Box<[u8]>, (FileStamp, u128)>,
    /// When the last build began reading.
    since_ns: i128,
}

impl Parses {
    /// The kept parses of the site at `root` built with `cfg` (none when there is no
    /// cache folder, or the file was not whole or not written by this program with these
    /// settings).
    pub fn open(root: &Path, cfg: &Config) -> Option<Parses> {
        let program = super::program_id()?;
        let dir = super::dir(root)?;
        let settings = xxh3_128(format!("{cfg:?}").as_bytes());
        let mut header = [0; 32];
        header[..16].copy_from_slice(&program.to_le_bytes());
        header[16..].copy_from_slice(&settings.to_le_bytes());
        let file = dir.join("parsed");
        let mut p = Parses {
            file,
            header,
            bytes: Vec::new(),
            index: HashMap::default(),
            read: HashMap::default(),
            since_ns: 0,
        };
        if let Ok(bytes) = std::fs::read(&p.file)
            && let Some((index, read, since_ns)) = read_index(&bytes, &header)
        {
            p.bytes = bytes;
            p.index = index;
            p.read = read;
            p.since_ns = since_ns;
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
    pub fn entry(&self, key: u128) -> Option<&[u8]> {
        self.index.get(&key).map(|&(start, end)| &self.bytes[start..end])
    }

    /// Start replacing the file: this build's new entries go to a new file as they come
    /// ([`Saver::add`]), the kept ones ([`Saver::keep`]) follow them at
    /// [`Saver::finish`], which puts it in place of the old one (or leaves the old one,
    /// when it would be the same).
    pub fn saver(&self) -> Option<Saver> {
        let tmp = self.file.with_extension(format!("{}.tmp", std::process::id()));
        let f = std::fs::File::create(&tmp).ok()?;
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, f);
        let mut sum = Xxh3::new();
        for part in [&MAGIC[..], &self.header[..]] {
            w.write_all(part).ok()?;
            sum.update(part);
        }
        Some(Saver {
            file: self.file.clone(),
            tmp,
            out: Mutex::new(Some((w, sum, 0))),
            kept: Mutex::default(),
            read: Mutex::default(),
            since_ns: now_ns(),
        })
    }
}

/// How a file was read: the path shown, its stamp, and its entry's key.
type ReadAs = (Box<[u8]>, FileStamp, u128);

/// A cache file being written, from many threads at once (entries are found by key, so
/// their order does not matter).
pub struct Saver {
    file: PathBuf,
    tmp: PathBuf,
    /// The file, the checksum of what was written, and the entries written; `None` once
    /// a write failed.
    out: Mutex<Option<(std::io::BufWriter<std::fs::File>, Xxh3, u64)>>,
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

    /// Add the entry `bytes` of `key`, made by this build.
    pub fn add(&self, key: u128, bytes: &[u8]) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let Some((w, sum, count)) = out.as_mut() else { return };
        let mut head = [0u8; 20];
        head[..16].copy_from_slice(&key.to_le_bytes());
        head[16..].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
        if w.write_all(&head).and_then(|_| w.write_all(bytes)).is_err() {
            *out = None;
            return;
        }
        sum.update(&head);
        sum.update(bytes);
        *count += 1;
    }

    /// Record that the file shown as `shown` was `stamp` (taken before it was read)
    /// and had the key `key`.
    pub fn read_as(&self, shown: &Path, stamp: FileStamp, key: u128) {
        let path = shown.as_os_str().as_encoded_bytes().into();
        self.read.lock().unwrap_or_else(|e| e.into_inner()).push((path, stamp, key));
    }

    /// Write the kept entries of `old` (the parses this saver was made from) after the
    /// new ones, then the count, how the files were read and the checksum, and put the
    /// file in place of the old one (a file that could not be written whole goes). When
    /// nothing is new (no entry made, every entry kept, every file read as the old one
    /// says), the old file stays as it is.
    pub fn finish(self, old: &Parses) {
        let out = self.out.into_inner().unwrap_or_else(|e| e.into_inner());
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let rows = self.read.into_inner().unwrap_or_else(|e| e.into_inner());
        let same = out.as_ref().is_some_and(|(_, _, made)| *made == 0)
            && kept.len() == old.index.len()
            && rows.len() == old.read.len()
            && rows.iter().all(|(path, stamp, key)| old.unchanged_bytes(path, *stamp) == Some(*key));
        if same {
            drop(out);
            let _ = std::fs::remove_file(&self.tmp);
            return;
        }
        let mut read = Vec::with_capacity(rows.len() * 96 + 32);
        for (path, stamp, key) in &rows {
            read.extend_from_slice(&(path.len() as u32).to_le_bytes());
            read.extend_from_slice(path);
            read.extend_from_slice(&key.to_le_bytes());
            stamp.put(&mut read);
        }
        read.extend_from_slice(&self.since_ns.to_le_bytes());
        read.extend_from_slice(&(read.len() as u64 + 8).to_le_bytes());
        let done = out.is_some_and(|(mut w, mut sum, mut count)| {
            for key in kept {
                let Some(bytes) = old.entry(key) else { continue };
                let mut head = [0u8; 20];
                head[..16].copy_from_slice(&key.to_le_bytes());
                head[16..].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
                if w.write_all(&head).and_then(|_| w.write_all(bytes)).is_err() {
                    return false;
                }
                sum.update(&head);
                sum.update(bytes);
                count += 1;
            }
            let count = count.to_le_bytes();
            sum.update(&count);
            sum.update(&read);
            w.write_all(&count)
                .and_then(|_| w.write_all(&read))
                .and_then(|_| w.write_all(&sum.digest().to_le_bytes()))
                .and_then(|_| w.flush())
                .and_then(|_| std::fs::rename(&self.tmp, &self.file))
                .is_ok()
        });
        if !done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// What the index of a file says: where each entry is, how each file was read (by
/// path), and when that build began reading.
type Index = (HashMap<u128, (usize, usize)>, HashMap<Box<[u8]>, (FileStamp, u128)>, i128);

/// Where each entry of a whole file with this `header` is: magic, header, entries (key,
/// length, bytes), their count, how each file was read (path, key and stamp, then when
/// the build began reading, then the length of this part), and a checksum of all that.
fn read_index(b: &[u8], header: &[u8; 32]) -> Option<Index> {
    let body_len = b.len().checked_sub(8)?;
    if xxh3_64(&b[..body_len]) != u64::from_le_bytes(b[body_len..].try_into().ok()?) {
        return None;
    }
    let read_end = body_len.checked_sub(8)?;
    let read_len = u64::from_le_bytes(b[read_end..body_len].try_into().ok()?) as usize;
    let read_start = body_len.checked_sub(read_len)?;
    let since_at = read_end.checked_sub(16)?;
    let since_ns = i128::from_le_bytes(b.get(since_at..read_end)?.try_into().ok()?);
    let mut read = HashMap::default();
    let mut r = Reader { b: b.get(..since_at)?, at: read_start };
    while r.at < since_at {
        let n = r.u32()? as usize;
        let path: Box<[u8]> = r.take(n)?.into();
        let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let stamp = FileStamp::read(r.take(FileStamp::BYTES)?)?;
        read.insert(path, (stamp, key));
    }
    let entries_end = read_start.checked_sub(8)?;
    let count = u64::from_le_bytes(b[entries_end..read_start].try_into().ok()?) as usize;
    let mut r = Reader { b: &b[..entries_end], at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.take(32)? != header {
        return None;
    }
    let mut index = HashMap::with_capacity_and_hasher(count.min(body_len / 24), Default::default());
    while r.at < entries_end {
        let key = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
        let len = r.u32()? as usize;
        let start = r.at;
        r.take(len)?;
        index.insert(key, (start, start + len));
    }
    (index.len() == count).then_some((index, read, since_ns))
}

/// The parse `p` as bytes; `None` when it cannot be kept (a body on disk, a path that is
/// not UTF-8, a message about something other than a file).
pub fn encode(p: &Parsed<Briefing>) -> Option<Vec<u8>> {
    let mut w = Vec::with_capacity(4096);
    w.push(u8::from(p.item.is_some()));
    if let Some(b) = &p.item {
        briefing(&mut w, b)?;
    }
    w.extend_from_slice(&(p.diags.len() as u32).to_le_bytes());
    for d in &p.diags {
        let Diagnostic { severity, origin, line, col, message, source_line, hint } = d;
        let Origin::File(path) = origin else { return None };
        w.push(match severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
        put_str(&mut w, path.to_str()?);
        put_u64(&mut w, *line as u64);
        put_u64(&mut w, *col as u64);
        put_str(&mut w, message);
        put_opt(&mut w, source_line.as_deref());
        put_opt(&mut w, hint.as_deref());
    }
    Some(w)
}

fn briefing(w: &mut Vec<u8>, b: &Briefing) -> Option<()> {
    // Every field by name: a field added to `Briefing` is a compile error here.
    let Briefing {
        source,
        dir,
        bundle,
        title,
        title_html,
        slug,
        uncut_slug,
        url_pos,
        date,
        updated,
        terms,
        term_slugs,
        summary_is_explicit,
        content,
        word_count,
        reading_time,
        authors,
        author_slugs,
        sources,
        draft,
        extra,
        id,
        aliases,
        corrections,
        updates,
        expires,
        expired,
        lang,
        translation_key,
    } = b;
    put_str(w, source.to_str()?);
    put_str(w, dir.to_str()?);
    w.extend([u8::from(*bundle), u8::from(*summary_is_explicit), u8::from(*draft), u8::from(*expired)]);
    put_str(w, title);
    put_opt(w, title_html.as_deref());
    put_str(w, slug);
    put_opt(w, uncut_slug.as_deref());
    put_u64(w, url_pos.line as u64);
    put_u64(w, url_pos.col as u64);
    put_str(w, &url_pos.text);
    put_zoned(w, Some(date));
    put_zoned(w, updated.as_ref());
    put_zoned(w, expires.as_ref());
    for lists in [terms, term_slugs] {
        put_u64(w, lists.len() as u64);
        for l in lists {
            put_strs(w, l);
        }
    }
    let (block, lens, digest) = content.block()?;
    for n in lens {
        w.extend_from_slice(&n.to_le_bytes());
    }
    put_u64(w, digest);
    put_bytes(w, &block);
    put_u64(w, *word_count as u64);
    put_u64(w, *reading_time as u64);
    put_strs(w, authors);
    put_strs(w, author_slugs);
    put_u64(w, sources.len() as u64);
    for s in sources {
        put_str(w, &s.title);
        put_opt(w, s.url.as_deref());
        put_opt(w, s.publisher.as_deref());
    }
    put_str(w, &serde_json::to_string(extra).ok()?);
    put_str(w, id);
    put_strs(w, aliases);
    for notices in [corrections, updates] {
        put_u64(w, notices.len() as u64);
        for n in notices {
            put_zoned(w, Some(&n.date));
            put_str(w, &n.html);
            put_str(w, &n.text);
        }
    }
    put_u64(w, *lang as u64);
    put_str(w, translation_key);
    Some(())
}

/// A parse read back from [`encode`]'s bytes, its dates in `tz`.
pub fn decode(b: &[u8], tz: &TimeZone) -> Option<Parsed<Briefing>> {
    let mut r = Reader { b, at: 0 };
    let item = match r.take(1)?[0] {
        0 => None,
        _ => Some(read_briefing(&mut r, tz)?),
    };
    let n = r.u32()?;
    let mut diags = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let severity = if r.take(1)?[0] == 0 { Severity::Error } else { Severity::Warning };
        diags.push(Diagnostic {
            severity,
            origin: Origin::File(PathBuf::from(r.str()?)),
            line: r.u64()? as usize,
            col: r.u64()? as usize,
            message: r.string()?,
            source_line: r.opt()?,
            hint: r.opt()?,
        });
    }
    (r.at == b.len()).then_some(Parsed { item, diags })
}

fn read_briefing(r: &mut Reader, tz: &TimeZone) -> Option<Briefing> {
    let source = PathBuf::from(r.str()?);
    let dir = PathBuf::from(r.str()?);
    let flags = r.take(4)?;
    let (bundle, summary_is_explicit, draft, expired) = (flags[0] == 1, flags[1] == 1, flags[2] == 1, flags[3] == 1);
    let title = r.string()?;
    let title_html = r.opt()?.map(String::into_boxed_str);
    let slug = r.string()?;
    let uncut_slug = r.opt()?;
    let url_pos = UrlPos { line: r.u64()? as usize, col: r.u64()? as usize, text: r.string()? };
    let date = r.zoned(tz)??;
    let updated = r.zoned(tz)?;
    let expires = r.zoned(tz)?;
    let mut lists = || -> Option<Vec<Vec<String>>> { (0..r.u64()?).map(|_| r.strings()).collect() };
    let terms = lists()?;
    let term_slugs = lists()?;
    let mut lens = [0u32; 4];
    for n in &mut lens {
        *n = r.u32()?;
    }
    let digest = r.u64()?;
    let content = Body::from_block(r.bytes()?.into(), lens, digest);
    let word_count = r.u64()? as usize;
    let reading_time = r.u64()? as usize;
    let authors = r.strings()?;
    let author_slugs = r.strings()?;
    let sources = (0..r.u64()?)
        .map(|_| Some(Source { title: r.string()?, url: r.opt()?, publisher: r.opt()? }))
        .collect::<Option<Vec<_>>>()?;
    let extra = serde_json::from_str(r.str()?).ok()?;
    let id = r.string()?;
    let aliases = r.strings()?;
    let mut notices = || -> Option<Vec<Notice>> {
        (0..r.u64()?).map(|_| Some(Notice { date: r.zoned(tz)??, html: r.string()?, text: r.string()? })).collect()
    };
    let corrections = notices()?;
    let updates = notices()?;
    let lang = r.u64()? as usize;
    let translation_key = r.string()?;
    Some(Briefing {
        source,
        dir,
        bundle,
        title,
        title_html,
        slug,
        uncut_slug,
        url_pos,
        date,
        updated,
        terms,
        term_slugs,
        summary_is_explicit,
        content,
        word_count,
        reading_time,
        authors,
        author_slugs,
        sources,
        draft,
        extra,
        id,
        aliases,
        corrections,
        updates,
        expires,
        expired,
        lang,
        translation_key,
    })
}

fn put_u64(w: &mut Vec<u8>, n: u64) {
    w.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(w: &mut Vec<u8>, b: &[u8]) {
    w.extend_from_slice(&(b.len() as u32).to_le_bytes());
    w.extend_from_slice(b);
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_bytes(w, s.as_bytes());
}

fn put_opt(w: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => w.push(0),
        Some(s) => {
            w.push(1);
            put_str(w, s);
        }
    }
}

fn put_strs(w: &mut Vec<u8>, l: &[String]) {
    put_u64(w, l.len() as u64);
    for s in l {
        put_str(w, s);
    }
}

/// A time as its instant: it is read back in the site time zone, which every date of a
/// parsed briefing is in.
fn put_zoned(w: &mut Vec<u8>, z: Option<&Zoned>) {
    match z {
        None => w.push(0),
        Some(z) => {
            w.push(1);
            let ts = z.timestamp();
            w.extend_from_slice(&ts.as_second().to_le_bytes());
            w.extend_from_slice(&ts.subsec_nanosecond().to_le_bytes());
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.take(1)?[0] {
            0 => Some(None),
            _ => Some(Some(self.string()?)),
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        (0..self.u64()?).map(|_| self.string()).collect()
    }

    /// `None` when the bytes do not read; `Some(None)` for no time.
    fn zoned(&mut self, tz: &TimeZone) -> Option<Option<Zoned>> {
        if self.take(1)?[0] == 0 {
            return Some(None);
        }
        let secs = i64::from_le_bytes(self.take(8)?.try_into().ok()?);
        let nanos = i32::from_le_bytes(self.take(4)?.try_into().ok()?);
        let ts = jiff::Timestamp::new(secs, nanos).ok()?;
        Some(Some(ts.to_zoned_datetime(tz.clone())))
    }
}

#[cfg(test)]
mod tests;
