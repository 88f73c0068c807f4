//! The search index a rebuild brings up to date rather than make whole: the build
//! before saved what [`SearchCache`] keeps (each briefing's record and words, and the
//! index made of them), with each briefing's source and a digest of everything its
//! record and words are made of. A rebuild reads again only the briefings whose digest
//! changed, patches the index as `serve` does after an edit, and writes only the files
//! that changed: a block or shard the last build made, still in the output as it was
//! made, is kept (see [`Outlet`]). A saved index that is damaged, another program's, or
//! of another search folder is not read, and the index is made whole.
//!
//! One file per output folder and edition, `.brief-cache/search-<output key>-<edition>`,
//! replaced whole after each build that published its output.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use super::cache::{Built, SearchCache};
use super::{DocWords, Inverted, LAYOUT, Layout, Postings, Texts, Vocab, packed};
use crate::cache::bytes::Reader;
use crate::cache::update_framed;
use crate::index::Site;
use crate::outputs::Output;
use crate::routes::{Routes, link, output_file, search_block};

/// What the file starts with.
const MAGIC: &[u8; 16] = b"brief-search\0\0\0\x01";

/// Where a rebuild's search index goes: `keep` keeps a file of the output whose bytes
/// have the given fingerprint, when the last build made it so and it is still as it was
/// made (false: it must be put); `put` writes a file, with its fingerprint to record.
pub struct Outlet<'a, E> {
    pub keep: &'a (dyn Fn(&str, u128) -> Result<bool, E> + Sync),
    pub put: &'a (dyn Fn(Output, u128) -> Result<(), E> + Sync),
}

/// The search index as a rebuild leaves it, to save for the next one.
pub struct Saved {
    cache: SearchCache,
    /// For each briefing (by position): its source and its digest (see [`marks`]).
    marks: Vec<(u64, u128)>,
    dir: String,
    /// How many briefings were read again (none: the index was made whole).
    read: Option<usize>,
    /// Files of the index kept, of how many.
    kept: usize,
    files: usize,
    /// Whether it is the index that was read back, unchanged (then it is not saved).
    pub(super) same: bool,
}

impl Saved {
    /// The file the index of edition `edition` of the output `out` is saved in, in the
    /// cache folder `dir`.
    pub fn file(dir: &Path, out: &Path, edition: usize) -> Option<PathBuf> {
        Some(dir.join(format!("search-{}-{edition}", crate::write::output_key(out)?)))
    }

    /// What the rebuild did, for its timings.
    pub fn describe(&self) -> String {
        let how = match self.read {
            Some(n) if self.cache.was_patched => format!("brought up to date ({n} briefings read again)"),
            Some(n) => format!("made whole of the saved words ({n} briefings read again)"),
            None => "made whole".to_string(),
        };
        format!("search index {how}, {} of {} files kept", self.kept, self.files)
    }

    /// Replace the saved index in `file` with this one.
    pub fn save(&self, file: &Path, program: u128) -> std::io::Result<()> {
        if self.same {
            return Ok(());
        }
        let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|f| encode_to(self, program, f));
        written.and_then(|()| std::fs::rename(&tmp, file)).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// Each briefing's source, and a digest of what its record and words are made of: its
/// title, URL, date, terms and body (whose digest covers its summary and search words).
fn marks(site: &Site) -> Vec<(u64, u128)> {
    (0..site.briefings.len())
        .into_par_iter()
        .map(|i| {
            let b = &site.briefings[i];
            let mut h = Xxh3::new();
            update_framed(&mut h, b.title.as_bytes());
            update_framed(&mut h, link(site.cfg, &site.idx.permalinks[i]).as_bytes());
            update_framed(&mut h, crate::outputs::iso_date(&b.date).as_bytes());
            for t in b.terms.iter().flatten() {
                update_framed(&mut h, t.as_bytes());
            }
            h.update(&b.content.digest().to_le_bytes());
            (xxh3_64(b.source.as_os_str().as_encoded_bytes()), h.digest128())
        })
        .collect()
}

/// Make the search index of `site` into `outlet`, from the index the last build saved
/// (`saved`, the file's bytes) when it can be read, reading only the briefings that
/// changed since; summaries and words are taken from `texts`. Returns the index to save.
pub fn rebuild_files<E: Send>(
    site: &Site,
    texts: &dyn Texts,
    saved: Option<&[u8]>,
    program: u128,
    outlet: &Outlet<E>,
) -> Result<Saved, E> {
    rebuild_with(site, LAYOUT, texts, saved, program, outlet)
}

pub(super) fn rebuild_with<E: Send>(
    site: &Site,
    layout: Layout,
    texts: &dyn Texts,
    saved: Option<&[u8]>,
    program: u128,
    outlet: &Outlet<E>,
) -> Result<Saved, E> {
    let routes = Routes::new(site.cfg, site.idx);
    let dir = routes.search_dir();
    let marks = marks(site);
    let restored = saved.and_then(|b| decode(b, program, &dir, layout));
    let mut numbered_before = None;
    let (mut cache, read) = match restored {
        Some((mut cache, old)) => {
            numbered_before = cache.built.as_ref().map(|b| b.numbered.clone());
            // Each briefing's position in the saved index, by its source (each taken once).
            let mut at: FxHashMap<u64, usize> = old.iter().enumerate().map(|(o, &(id, _))| (id, o)).collect();
            let from: Vec<Option<usize>> = marks.iter().map(|(id, _)| at.remove(id)).collect();
            let reread = |j: usize| from[j].is_some_and(|o| old[o].1 != marks[j].1);
            let read = (0..from.len()).filter(|&j| from[j].is_none() || reread(j)).count();
            if from.len() != old.len() || from.iter().enumerate().any(|(j, &o)| o != Some(j)) {
                // Briefings came, went or moved: the saved index changes.
                numbered_before = None;
            }
            cache.remap_with(site, &from, reread, Some(texts));
            (cache, Some(read))
        }
        None => (SearchCache::new_with(site, Some(texts)), None),
    };
    let made = cache.make_with(site, layout);
    let numbered = &cache.built.as_ref().expect("made above").numbered;
    let same = read == Some(0) && numbered_before.as_ref() == Some(numbered);
    let blocks: Vec<String> =
        (0..numbered.len().div_ceil(layout.block)).map(|k| output_file(&search_block(&dir, k))).collect();
    let is_block: HashSet<&str> = blocks.iter().map(String::as_str).collect();
    let kept = AtomicUsize::new(0);
    let place = |o: Output| {
        let fingerprint = xxh3_128(&o.bytes);
        match (outlet.keep)(&o.path, fingerprint)? {
            true => {
                kept.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            false => (outlet.put)(o, fingerprint),
        }
    };
    // Every block (the index made only those that changed), the shards, the manifest.
    blocks.par_iter().enumerate().try_for_each(|(k, path)| {
        let ids = &numbered[k * layout.block..((k + 1) * layout.block).min(numbered.len())];
        let records: Vec<&[u8]> = ids.iter().map(|&i| cache.records[i].as_slice()).collect();
        place(Output { path: path.clone(), bytes: super::block(&records) })
    })?;
    let others: Vec<Output> = made.outs.into_iter().filter(|o| !is_block.contains(o.path.as_str())).collect();
    let files = blocks.len() + others.len();
    others.into_par_iter().try_for_each(place)?;
    Ok(Saved { cache, marks, dir, read, kept: kept.into_inner(), files, same })
}

/// A saved index's bytes.
#[cfg(test)]
pub(super) fn encode(saved: &Saved, program: u128) -> Vec<u8> {
    let mut b = Vec::new();
    encode_to(saved, program, &mut b).expect("writing to a Vec cannot fail");
    b
}

/// Write a saved index to `out`, a megabyte at a time.
fn encode_to(saved: &Saved, program: u128, out: impl Write) -> std::io::Result<()> {
    let c = &saved.cache;
    let mut w = Writer { buf: Vec::with_capacity(CHUNK + 64 * 1024), sum: Xxh3::new(), out };
    w.buf.extend_from_slice(MAGIC);
    w.buf.extend_from_slice(&program.to_le_bytes());
    w.bytes(saved.dir.as_bytes());
    w.u32(c.records.len() as u32);
    for ((&(id, key), record), words) in saved.marks.iter().zip(&c.records).zip(&c.words) {
        w.buf.extend_from_slice(&id.to_le_bytes());
        w.buf.extend_from_slice(&key.to_le_bytes());
        w.bytes(record);
        w.u32(words.fields.len() as u32);
        for &(word, weight) in &words.fields {
            w.u32(word);
            w.u32(weight);
        }
        w.u32s(&words.body);
        w.spill()?;
    }
    w.u32(c.vocab.words.len() as u32);
    for word in &c.vocab.words {
        w.bytes(word.as_bytes());
        w.spill()?;
    }
    match &c.built {
        None => w.buf.push(0),
        Some(b) => {
            w.buf.push(1);
            w.u32(b.layout.shard_bytes as u32);
            w.u32(b.layout.block as u32);
            w.u32(b.numbered.len() as u32);
            for &i in &b.numbered {
                w.u32(i as u32);
            }
            w.u32(b.inv.lists.len() as u32);
            for (p, e) in b.inv.lists.iter().zip(&b.entries) {
                w.bytes(&p.body);
                w.u32(p.body_last);
                w.bytes(&p.fields);
                w.u32(p.fields_last);
                w.bytes(e);
                w.spill()?;
            }
            w.u32s(&b.order);
            w.u32(b.blocks.len() as u32);
            for &h in &b.blocks {
                w.buf.extend_from_slice(&h.to_le_bytes());
            }
        }
    }
    w.finish()
}

/// The index saved in `b` and each briefing's mark (by position), when it is whole,
/// `program` wrote it, and it is of the search folder `dir` cut by `layout`.
pub(super) fn decode(b: &[u8], program: u128, dir: &str, layout: Layout) -> Option<(SearchCache, Vec<(u64, u128)>)> {
    let (body, sum) = b.split_at_checked(b.len().checked_sub(8)?)?;
    if xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader(body);
    if r.take(MAGIC.len())? != MAGIC || r.u128()? != program || bytes(&mut r)? != dir.as_bytes() {
        return None;
    }
    let count = u32s_len(&mut r)?;
    let (mut marks, mut records, mut words) = (Vec::with_capacity(count), Vec::with_capacity(count), Vec::new());
    words.reserve(count);
    for _ in 0..count {
        let id = u64::from_le_bytes(r.array()?);
        marks.push((id, r.u128()?));
        records.push(bytes(&mut r)?.to_vec());
        let n = u32s_len(&mut r)?;
        let mut fields = Vec::with_capacity(n);
        for _ in 0..n {
            fields.push((u32(&mut r)?, u32(&mut r)?));
        }
        words.push(DocWords { fields, body: u32s(&mut r)? });
    }
    let mut vocab = Vocab::default();
    let n = u32s_len(&mut r)?;
    vocab.words.reserve(n);
    for id in 0..n as u32 {
        let w = std::str::from_utf8(bytes(&mut r)?).ok()?;
        let fresh = match packed(w) {
            Some(key) => vocab.short.insert(key, id).is_none(),
            None => vocab.long.insert(w.into(), id).is_none(),
        };
        if !fresh {
            return None;
        }
        vocab.words.push(w.into());
    }
    let known = vocab.words.len() as u32;
    // Every word number the briefings' words use is one of the vocabulary's.
    let in_vocab = |d: &DocWords| d.body.iter().chain(d.fields.iter().map(|(w, _)| w)).all(|&w| w < known);
    if !words.iter().all(in_vocab) {
        return None;
    }
    let built = match r.take(1)? {
        [0] => None,
        [1] => {
            let saved = Layout { shard_bytes: u32(&mut r)? as usize, block: u32(&mut r)? as usize };
            if saved.shard_bytes != layout.shard_bytes || saved.block != layout.block {
                return None;
            }
            let numbered: Vec<usize> = u32s(&mut r)?.into_iter().map(|i| i as usize).collect();
            if numbered.iter().any(|&i| i >= count) {
                return None;
            }
            let lists = u32s_len(&mut r)?;
            if lists > n {
                return None;
            }
            let mut inv = Inverted { lists: Vec::with_capacity(lists) };
            let mut entries = Vec::with_capacity(lists);
            for _ in 0..lists {
                let body = bytes(&mut r)?.to_vec();
                let body_last = u32(&mut r)?;
                let fields = bytes(&mut r)?.to_vec();
                let fields_last = u32(&mut r)?;
                inv.lists.push(Postings { body, body_last, fields, fields_last });
                entries.push(bytes(&mut r)?.to_vec());
            }
            let order = u32s(&mut r)?;
            if order.iter().any(|&w| w as usize >= lists) {
                return None;
            }
            let k = u32s_len(&mut r)?;
            let mut blocks = Vec::with_capacity(k);
            for _ in 0..k {
                blocks.push(u64::from_le_bytes(r.array()?));
            }
            let (body_at, marks) = (vec![0; entries.len()], Vec::new());
            Some(Built { layout, numbered, inv, entries, body_at, marks, order, blocks })
        }
        _ => return None,
    };
    if !r.0.is_empty() {
        return None;
    }
    Some((SearchCache::from_parts(vocab, records, words, built), marks))
}

/// How many bytes of a saved index are handed on at a time.
const CHUNK: usize = 1 << 20;

/// Bytes of a saved index being written: numbers little-endian, lists after their
/// length (four bytes); handed to `out` a chunk at a time, the checksum of all of them
/// after.
struct Writer<W: Write> {
    buf: Vec<u8>,
    sum: Xxh3,
    out: W,
}

impl<W: Write> Writer<W> {
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.buf.extend_from_slice(b);
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        for &x in v {
            self.u32(x);
        }
    }
    /// Hand the bytes on once there is a chunk of them.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.sum.update(&self.buf);
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    fn finish(mut self) -> std::io::Result<()> {
        self.sum.update(&self.buf);
        let sum = self.sum.digest();
        self.buf.extend_from_slice(&sum.to_le_bytes());
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

fn u32(r: &mut Reader) -> Option<u32> {
    Some(u32::from_le_bytes(r.array()?))
}

/// A length, no longer than the bytes left (a damaged one reserves nothing).
fn u32s_len(r: &mut Reader) -> Option<usize> {
    let n = u32(r)? as usize;
    (n <= r.0.len()).then_some(n)
}

fn bytes<'a>(r: &mut Reader<'a>) -> Option<&'a [u8]> {
    let n = u32(r)? as usize;
    r.take(n)
}

fn u32s(r: &mut Reader) -> Option<Vec<u32>> {
    let n = u32s_len(r)?;
    let b = r.take(n.checked_mul(4)?)?;
    Some(b.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("four bytes"))).collect())
}
