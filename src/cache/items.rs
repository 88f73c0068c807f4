//! The costly parts of list items as the last build made them, each found by a digest
//! of all it is made from: a briefing's summary HTML with its links made to work from
//! any page (from the briefing's body and URL: making one decompresses the whole body),
//! and an item rendered by the theme's `partials/item.html` (from the templates, the
//! settings, the site-wide values and the item). These are most of what preparing the
//! list items costs a rebuild; an unchanged briefing's are read back instead. One file,
//! `.brief-cache/items`, replaced whole after each build that used it.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// What the file starts with.
const MAGIC: &[u8; 16] = b"brief-items\0\0\0\0\x01";

/// The parts the last build made, and those this build uses.
#[derive(Debug)]
pub struct Items {
    file: PathBuf,
    program: u128,
    /// The last build's file, and where each part is in it.
    old: (Vec<u8>, HashMap<u128, (usize, usize)>),
    /// This build's parts: read back (where in the old file) or made.
    new: Mutex<Vec<(u128, Part)>>,
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
        let bytes = std::fs::read(&file).unwrap_or_default();
        let index = decode(&bytes, program).unwrap_or_default();
        Some(Items { file, program, old: (bytes, index), new: Mutex::default() })
    }

    /// The key of the summary of a body with digest `body` at `url`.
    pub fn summary_key(body: u64, url: &str) -> u128 {
        let mut h = Xxh3::new();
        h.update(b"summary\0");
        super::update_framed(&mut h, &body.to_le_bytes());
        super::update_framed(&mut h, url.as_bytes());
        h.digest128()
    }

    /// The part of `key`: the one the last build made, or `make`'s; kept for the next
    /// build either way.
    pub fn get_or_make<E>(&self, key: u128, make: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
        let (part, kept) = match self.old.1.get(&key) {
            // Checked as UTF-8 when the file was read.
            Some(&(at, n)) => (String::from_utf8_lossy(&self.old.0[at..at + n]).into_owned(), Part::Old(at, n)),
            None => {
                let made = make()?;
                (made.clone(), Part::Made(made))
            }
        };
        self.new.lock().unwrap_or_else(|e| e.into_inner()).push((key, kept));
        Ok(part)
    }

    /// How many parts were read back rather than made.
    pub fn reused(&self) -> usize {
        let new = self.new.lock().unwrap_or_else(|e| e.into_inner());
        new.iter().filter(|(_, p)| matches!(p, Part::Old(..))).count()
    }

    /// Replace the saved parts with those this build used (none: no file; the same as
    /// the file holds: the file stays).
    pub fn save(self) -> std::io::Result<()> {
        let new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        if new.is_empty() {
            // Nothing was made this way (the bodies were on disk): nothing to keep.
            return match std::fs::remove_file(&self.file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        // Every part read back, and as many as the file holds: it stays as it is.
        if new.len() == self.old.1.len() && new.iter().all(|(_, p)| matches!(p, Part::Old(..))) {
            let mut keys: Vec<u128> = new.iter().map(|(k, _)| *k).collect();
            keys.sort_unstable();
            keys.dedup();
            if keys.len() == self.old.1.len() {
                return Ok(());
            }
        }
        let old = &self.old.0;
        fn part<'a>(old: &'a [u8], p: &'a Part) -> &'a [u8] {
            match p {
                Part::Old(at, n) => &old[*at..at + n],
                Part::Made(s) => s.as_bytes(),
            }
        }
        let mut b = Vec::with_capacity(64 + new.iter().map(|(_, p)| 20 + part(old, p).len()).sum::<usize>());
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&self.program.to_le_bytes());
        b.extend_from_slice(&(new.len() as u64).to_le_bytes());
        for (key, p) in &new {
            let bytes = part(old, p);
            b.extend_from_slice(&key.to_le_bytes());
            b.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            b.extend_from_slice(bytes);
        }
        let sum = xxh3_64(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let tmp = self.file.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&tmp, &b)?;
        std::fs::rename(&tmp, &self.file).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// Where each part of a saved file is, when the file is whole and `program` wrote it.
fn decode(b: &[u8], program: u128) -> Option<HashMap<u128, (usize, usize)>> {
    let body = b.len().checked_sub(8)?;
    if !b.starts_with(MAGIC) || xxh3_64(&b[..body]) != u64::from_le_bytes(b[body..].try_into().ok()?) {
        return None;
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize| -> Option<(usize, &[u8])> {
        let start = at;
        at = at.checked_add(n).filter(|&end| end <= body)?;
        Some((start, &b[start..at]))
    };
    if u128::from_le_bytes(take(16)?.1.try_into().ok()?) != program {
        return None;
    }
    let count = u64::from_le_bytes(take(8)?.1.try_into().ok()?) as usize;
    let mut out = HashMap::with_capacity_and_hasher(count.min(body / 20), Default::default());
    for _ in 0..count {
        let key = u128::from_le_bytes(take(16)?.1.try_into().ok()?);
        let n = u32::from_le_bytes(take(4)?.1.try_into().ok()?) as usize;
        let (start, text) = take(n)?;
        std::str::from_utf8(text).ok()?;
        out.insert(key, (start, n));
    }
    (at == body).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
