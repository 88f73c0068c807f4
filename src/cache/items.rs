//! The costly parts of list items as the last build made them, each found by a digest
//! of all it is made from: a briefing's summary HTML with its links made to work from
//! any page (from the briefing's body and URL: making one decompresses the whole body),
//! and an item rendered by the theme's `partials/item.html` (from the templates, the
//! settings, the site-wide values and the item). These are most of what preparing the
//! list items costs a rebuild; an unchanged briefing's are read back instead. So are
//! each body's summary as plain text and search words, which the search index takes
//! (else it decompresses every body).
//!
//! One file, `.brief-cache/items`: a header, then segments, each with its own checksum
//! (chained to the one before, so segments are read in the order written). A build
//! that made a few parts appends them as one segment rather than write megabytes again;
//! the file is replaced whole, with only the parts this build used, once it holds more
//! than twice as many as a build uses. A segment that does not read whole (a build
//! stopped while appending, a damaged byte) ends the file: nothing from it on is used.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// What the file starts with.
const MAGIC: &[u8; 16] = b"brief-items\0\0\0\0\x02";

/// How many parts the file may hold beyond twice those a build uses before it is
/// replaced whole.
const SLACK: usize = 64;

/// The parts the last build made, and those this build uses.
#[derive(Debug)]
pub struct Items {
    file: PathBuf,
    program: u128,
    /// The last build's file, and where each part is in it.
    old: (crate::mapped::FileBytes, HashMap<u128, (usize, usize)>),
    /// How the file ends: the length of its segments that read whole, and the checksum
    /// of the last (`None`: no file that reads).
    end: Option<(usize, u64)>,
    /// This build's parts: read back (where in the old file) or made.
    new: Mutex<Vec<(u128, Part)>>,
    /// Whether the last build's parts this build did not use are kept too (see
    /// [`Items::keep_unused`]).
    keep_unused: AtomicBool,
}

#[derive(Debug)]
enum Part {
    Old(usize, usize),
    Made(String),
}

impl Items {
    /// The parts the last build of the site at `root` left, when the file reads whole
    /// and this program wrote it (else none); `None` where there is no cache.
    pub fn open(root: &Path) -> Option<Items> {
        let program = super::program_id()?;
        let file = super::dir(root)?.join("items");
        let bytes = crate::mapped::read(&file).unwrap_or_default();
        let (index, end) = decode(&bytes, program).map_or_else(Default::default, |(i, e)| (i, Some(e)));
        Some(Items {
            file,
            program,
            old: (bytes, index),
            end,
            new: Mutex::default(),
            keep_unused: AtomicBool::new(false),
        })
    }

    /// The key of the summary of a body with digest `body` at `url`.
    pub fn summary_key(body: u64, url: &str) -> u128 {
        let mut h = Xxh3::new();
        h.update(b"summary\0");
        super::update_framed(&mut h, &body.to_le_bytes());
        super::update_framed(&mut h, url.as_bytes());
        h.digest128()
    }

    /// The key of the summary (plain text) and search words of a body with digest
    /// `body`.
    pub fn texts_key(body: u64) -> u128 {
        let mut h = Xxh3::new();
        h.update(b"texts\0");
        super::update_framed(&mut h, &body.to_le_bytes());
        h.digest128()
    }

    /// Two texts kept as one part (the first's length, a line break, then both): the
    /// ones the last build made, or `make`'s.
    pub fn get_or_make_two(&self, key: u128, make: impl Fn() -> (String, String)) -> (String, String) {
        let split = |part: &str| -> Option<(String, String)> {
            let (n, rest) = part.split_once('\n')?;
            let (a, b) = rest.split_at_checked(n.parse().ok()?)?;
            Some((a.to_string(), b.to_string()))
        };
        // One read back is split straight from the file's bytes (not copied whole first).
        if let Some((text, kept)) = self.old_part(key)
            && let Some(two) = split(text)
        {
            self.keep(key, kept);
            return two;
        }
        let mut made = None;
        let part = self
            .get_or_make(key, || {
                let (a, b) = make();
                let part = format!("{}\n{a}{b}", a.len());
                made = Some((a, b));
                Ok::<_, ()>(part)
            })
            .unwrap_or_default();
        made.or_else(|| split(&part)).unwrap_or_else(make)
    }

    /// The part of `key`: the one the last build made, or `make`'s; kept for the next
    /// build either way.
    pub fn get_or_make<E>(&self, key: u128, make: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
        let (part, kept) = match self.old_part(key) {
            Some((text, kept)) => (text.to_owned(), kept),
            None => {
                let made = make()?;
                (made.clone(), Part::Made(made))
            }
        };
        self.keep(key, kept);
        Ok(part)
    }

    /// The last build's part of `key`, if it has one. Checked as UTF-8 when the file was
    /// read; checked again here (nothing is taken on trust) by `from_utf8`, whose ASCII
    /// path is several times quicker than `from_utf8_lossy`'s (which was 2.6% of a
    /// rebuild's CPU, `perf`).
    fn old_part(&self, key: u128) -> Option<(&str, Part)> {
        let &(at, n) = self.old.1.get(&key)?;
        Some((std::str::from_utf8(&self.old.0[at..at + n]).unwrap_or_default(), Part::Old(at, n)))
    }

    /// Keep `part` under `key` for the next build.
    fn keep(&self, key: u128, part: Part) {
        self.new.lock().unwrap_or_else(|e| e.into_inner()).push((key, part));
    }

    /// Keep the parts of the last build this one does not use, for the builds after
    /// it: a rebuild that makes only the list items its pages show again (the others'
    /// briefings did not change, and their parts are as good as they were).
    pub fn keep_unused(&self) {
        self.keep_unused.store(true, Ordering::Relaxed);
    }

    /// How many parts were read back rather than made.
    pub fn reused(&self) -> usize {
        let new = self.new.lock().unwrap_or_else(|e| e.into_inner());
        new.iter().filter(|(_, p)| matches!(p, Part::Old(..))).count()
    }

    /// Keep the parts this build used for the next (none: no file). Parts it made are
    /// appended to the file as one segment while the file holds at most about twice
    /// what a build uses; else the file is replaced by the parts used. Nothing made,
    /// and not too much held: the file stays as it is.
    pub fn save(&self) -> std::io::Result<()> {
        let mut new = std::mem::take(&mut *self.new.lock().unwrap_or_else(|e| e.into_inner()));
        if self.keep_unused.load(Ordering::Relaxed) {
            let used: rustc_hash::FxHashSet<u128> = new.iter().map(|(k, _)| *k).collect();
            let unused = self.old.1.iter().filter(|(k, _)| !used.contains(k));
            new.extend(unused.map(|(k, &(at, n))| (*k, Part::Old(at, n))));
        }
        if new.is_empty() {
            // Nothing was made this way (the bodies were on disk): nothing to keep.
            return match std::fs::remove_file(&self.file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let made: Vec<(u128, &str)> = new
            .iter()
            .filter_map(|(k, p)| match p {
                Part::Made(s) => Some((*k, s.as_str())),
                Part::Old(..) => None,
            })
            .collect();
        let held = self.old.1.len() + made.len();
        let end = self.end.filter(|_| held <= 2 * new.len() + SLACK);
        match end {
            Some(_) if made.is_empty() => Ok(()),
            Some((len, sum)) if len == self.old.0.len() => {
                let mut f = std::fs::OpenOptions::new().append(true).open(&self.file)?;
                std::io::Write::write_all(&mut f, &segment(sum, made.into_iter()))
            }
            _ => {
                let old = &self.old.0;
                let parts = new.iter().map(|(k, p)| match p {
                    Part::Old(at, n) => (*k, std::str::from_utf8(&old[*at..at + n]).unwrap_or_default()),
                    Part::Made(s) => (*k, s.as_str()),
                });
                let mut b = header(self.program).to_vec();
                b.extend_from_slice(&segment(start(self.program), parts));
                let tmp = self.file.with_extension(format!("{}.tmp", std::process::id()));
                std::fs::write(&tmp, &b)?;
                std::fs::rename(&tmp, &self.file).inspect_err(|_| {
                    let _ = std::fs::remove_file(&tmp);
                })
            }
        }
    }
}

/// Where each part is in a file: its key → its start and length.
type Where = HashMap<u128, (usize, usize)>;

/// The file's header: the magic and the program.
fn header(program: u128) -> [u8; 32] {
    let mut h = [0; 32];
    h[..16].copy_from_slice(MAGIC);
    h[16..].copy_from_slice(&program.to_le_bytes());
    h
}

/// The checksum a file's first segment is chained to.
fn start(program: u128) -> u64 {
    xxh3_64(&header(program))
}

/// A segment of `parts` after a segment whose checksum is `prev`: their count, each
/// part (key, length, text), and the checksum of the previous one's and all that.
fn segment<'a>(prev: u64, parts: impl Iterator<Item = (u128, &'a str)>) -> Vec<u8> {
    let mut b = Vec::with_capacity(4096);
    b.extend_from_slice(&prev.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    let mut count = 0u64;
    for (key, text) in parts {
        b.extend_from_slice(&key.to_le_bytes());
        b.extend_from_slice(&(text.len() as u32).to_le_bytes());
        b.extend_from_slice(text.as_bytes());
        count += 1;
    }
    b[8..16].copy_from_slice(&count.to_le_bytes());
    let sum = xxh3_64(&b);
    // The previous checksum is hashed, not written: the segment starts with the count.
    b.drain(..8);
    b.extend_from_slice(&sum.to_le_bytes());
    b
}

/// Where each part of a file `program` wrote is, from its segments that read whole, and
/// where those end (with the last one's checksum); `None` for a file with another
/// header.
fn decode(b: &[u8], program: u128) -> Option<(Where, (usize, u64))> {
    if b.get(..32)? != header(program) {
        return None;
    }
    let mut out = HashMap::default();
    let (mut at, mut sum) = (32, start(program));
    while let Some((parts, end, next)) = read_segment(b, at, sum) {
        out.extend(parts);
        (at, sum) = (end, next);
    }
    Some((out, (at, sum)))
}

/// The parts of the segment of `b` at `at` chained to checksum `prev`, where it ends and
/// its checksum; `None` unless it reads whole.
#[allow(clippy::type_complexity)]
fn read_segment(b: &[u8], at: usize, prev: u64) -> Option<(Vec<(u128, (usize, usize))>, usize, u64)> {
    let mut pos = at;
    let mut take = |n: usize| -> Option<(usize, &[u8])> {
        let start = pos;
        pos = pos.checked_add(n).filter(|&end| end <= b.len())?;
        Some((start, &b[start..pos]))
    };
    let count = u64::from_le_bytes(take(8)?.1.try_into().ok()?) as usize;
    let mut parts = Vec::with_capacity(count.min(b.len() / 20));
    for _ in 0..count {
        let key = u128::from_le_bytes(take(16)?.1.try_into().ok()?);
        let n = u32::from_le_bytes(take(4)?.1.try_into().ok()?) as usize;
        let (start, text) = take(n)?;
        std::str::from_utf8(text).ok()?;
        parts.push((key, (start, n)));
    }
    let (end, written) = take(8)?;
    let written = u64::from_le_bytes(written.try_into().ok()?);
    let mut h = Xxh3::new();
    h.update(&prev.to_le_bytes());
    h.update(&b[at..end]);
    (h.digest() == written).then_some((parts, end + 8, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_that_keeps_unused_parts_leaves_them_for_the_next() {
        let site = tempfile::tempdir().unwrap();
        let keys: Vec<u128> = (0..200u64).map(|i| Items::summary_key(i, "/a/")).collect();
        let first = Items::open(site.path()).unwrap();
        for (i, &k) in keys.iter().enumerate() {
            first.get_or_make(k, || Ok::<_, ()>(format!("<p>{i}</p>"))).unwrap();
        }
        first.save().unwrap();
        // A build that uses one part of 200: kept whole when it keeps the unused ones...
        let lazy = Items::open(site.path()).unwrap();
        assert_eq!(lazy.get_or_make(keys[0], || Err(())), Ok("<p>0</p>".into()));
        lazy.keep_unused();
        lazy.save().unwrap();
        let after = Items::open(site.path()).unwrap();
        assert_eq!(after.old.1.len(), 200, "the unused parts are kept");
        assert_eq!(after.get_or_make(keys[199], || Err(())), Ok("<p>199</p>".into()));
        // ...and cut down to what it used when it does not.
        let eager = Items::open(site.path()).unwrap();
        eager.get_or_make(keys[1], || Err(())).unwrap();
        eager.save().unwrap();
        assert_eq!(Items::open(site.path()).unwrap().old.1.len(), 1, "the file holds what the build used");
    }

    #[test]
    fn parts_read_back_and_a_damaged_file_is_ignored() {
        let site = tempfile::tempdir().unwrap();
        let s = Items::open(site.path()).unwrap();
        let (a, b) = (Items::summary_key(1, "/a/"), Items::summary_key(1, "/b/"));
        assert_ne!(a, b, "the URL is part of the key");
        let made = |text: &str| Ok::<String, ()>(text.to_string());
        assert_eq!(s.get_or_make(a, || made("<p>A</p>")), Ok("<p>A</p>".into()));
        assert_eq!(s.get_or_make(b, || made("<p>B</p>")), Ok("<p>B</p>".into()));
        assert_eq!(s.reused(), 0);
        let file = s.file.clone();
        s.save().unwrap();
        let again = Items::open(site.path()).unwrap();
        assert_eq!(again.get_or_make(a, || Err(())), Ok("<p>A</p>".into()), "kept");
        assert_eq!(again.get_or_make(Items::summary_key(2, "/a/"), || made("made")), Ok("made".into()));
        assert_eq!(again.reused(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            // Every part read back, none made: the file is not written again.
            let same = Items::open(site.path()).unwrap();
            let ino = std::fs::metadata(&file).unwrap().ino();
            let n = same.old.1.len();
            for key in same.old.1.keys().copied().collect::<Vec<_>>() {
                same.get_or_make(key, || Err(())).unwrap();
            }
            assert_eq!(same.reused(), n);
            same.save().unwrap();
            assert_eq!(std::fs::metadata(&file).unwrap().ino(), ino, "the file was written again");
        }
        let good = std::fs::read(&file).unwrap();
        for cut in [0, 20, good.len() / 2, good.len() - 1] {
            std::fs::write(&file, &good[..cut]).unwrap();
            assert!(Items::open(site.path()).unwrap().old.1.is_empty(), "cut at {cut}");
        }
        let mut flipped = good.clone();
        flipped[good.len() / 2] ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        assert!(Items::open(site.path()).unwrap().old.1.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_few_new_parts_are_appended_and_a_file_holding_too_many_is_replaced() {
        use std::os::unix::fs::MetadataExt as _;
        let site = tempfile::tempdir().unwrap();
        let made = |text: &str| Ok::<String, ()>(text.to_string());
        let key = |n: u64| Items::summary_key(n, "/x/");
        let s = Items::open(site.path()).unwrap();
        for n in 0..3 {
            s.get_or_make(key(n), || made(&format!("part {n}"))).unwrap();
        }
        let file = s.file.clone();
        s.save().unwrap();
        let (ino, len) = (std::fs::metadata(&file).unwrap().ino(), std::fs::metadata(&file).unwrap().len());
        // One part made: it is appended, the file is the same one, longer.
        let s = Items::open(site.path()).unwrap();
        for n in 0..3 {
            s.get_or_make(key(n), || Err(())).unwrap();
        }
        s.get_or_make(key(3), || made("part 3")).unwrap();
        s.save().unwrap();
        let m = std::fs::metadata(&file).unwrap();
        assert_eq!(m.ino(), ino, "appended, not replaced");
        assert!(m.len() > len);
        let back = Items::open(site.path()).unwrap();
        for n in 0..4 {
            assert_eq!(back.get_or_make(key(n), || Err(())), Ok(format!("part {n}")));
        }
        // The appended segment cut short: it is not read, the first one still is.
        let whole = std::fs::read(&file).unwrap();
        std::fs::write(&file, &whole[..whole.len() - 3]).unwrap();
        let cut = Items::open(site.path()).unwrap();
        assert_eq!(cut.get_or_make(key(0), || Err(())), Ok("part 0".into()));
        assert_eq!(cut.get_or_make(key(3), || made("again")), Ok("again".into()));
        // Its end does not read: the file is written whole again.
        cut.save().unwrap();
        assert_ne!(std::fs::metadata(&file).unwrap().ino(), ino);
        assert_eq!(Items::open(site.path()).unwrap().old.1.len(), 2);
        // A file holding far more than a build uses is replaced by what it used.
        let many = Items::open(site.path()).unwrap();
        for n in 0..100 {
            many.get_or_make(key(n), || made(&format!("part {n}"))).unwrap();
        }
        many.save().unwrap();
        let few = Items::open(site.path()).unwrap();
        few.get_or_make(key(1), || Err(())).unwrap();
        few.get_or_make(key(500), || made("new")).unwrap();
        few.save().unwrap();
        let after = Items::open(site.path()).unwrap();
        assert_eq!(after.old.1.len(), 2);
        assert_eq!(after.get_or_make(key(500), || Err(())), Ok("new".into()));
    }

    #[test]
    fn two_texts_read_back_as_they_were_made() {
        let site = tempfile::tempdir().unwrap();
        let s = Items::open(site.path()).unwrap();
        let key = Items::texts_key(7);
        assert_ne!(key, Items::summary_key(7, ""), "texts and summaries are told apart");
        let texts = || ("Two lines\nof the summary, née ☃".to_string(), "words 12 ☃".to_string());
        assert_eq!(s.get_or_make_two(key, texts), texts());
        s.save().unwrap();
        let again = Items::open(site.path()).unwrap();
        assert_eq!(again.get_or_make_two(key, || panic!("made again")), texts());
        assert_eq!(again.reused(), 1);
    }
}
