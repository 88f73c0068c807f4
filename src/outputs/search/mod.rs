//! The search index the search page reads, in pieces so that a query fetches only what it
//! needs: a small manifest; the site's words, sorted and cut into shards of about
//! [`SHARD_BYTES`], each word with the briefings that hold it and how much; and the
//! briefings' titles, URLs, dates, tags and summaries in blocks of [`BLOCK`], fetched only
//! for the results shown. Paths come from [`crate::routes`]; the format is in the README.
//! A word's weight in a briefing is what the search page scored it by when it read the
//! whole index at once (8 a time in the title, 5 in the tags, 3 in the summary, and
//! whether it is a body word), so the sharded search ranks and finds exactly what the
//! single file did (a test compares them).

mod cache;
mod patch;
mod postings;
mod saved;
#[cfg(test)]
mod tests;
mod words;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Output, html_safe_json};
use crate::index::Site;
use crate::routes::{Route, Routes, link, output_file, search_block, search_shard};
pub use cache::{Made, SearchCache};
pub use saved::{Outlet, Saved, rebuild_files};
use words::page_words;

/// A word shard is closed once it holds this many bytes (of JSON): measured on the
/// 100,000-briefing benchmark corpus, a shard of the most common words is then at most
/// about 50 KB gzipped, one of rare words a few KB, and the manifest lists a few hundred.
pub const SHARD_BYTES: usize = 32 * 1024;

/// Briefings per document block: the 50 results a page shows come from at most 50
/// blocks, about 2.5 KB each gzipped.
pub const BLOCK: usize = 16;

/// How the index is cut: bytes per word shard, briefings per document block.
#[derive(Debug, Clone, Copy)]
struct Layout {
    shard_bytes: usize,
    block: usize,
}

const LAYOUT: Layout = Layout { shard_bytes: SHARD_BYTES, block: BLOCK };

/// Document blocks read at once (in parallel) before their words join the index: what
/// a batch holds while it waits is a build's memory too.
const BATCH_BLOCKS: usize = 16;

/// Weights of one occurrence of a word in a title, the tags and the summary, as the
/// search page has always ranked them; a body word adds 2 when it is the word searched
/// for and 1 when it starts with it, at most 2 in all.
const TITLE: u32 = 8;
const TAGS: u32 = 5;
const SUMMARY: u32 = 3;

/// A briefing as the document blocks show it (the record of `/search-index.json`
/// without its words).
#[derive(Serialize)]
struct Record<'a> {
    t: &'a str,
    u: String,
    d: String,
    g: Vec<&'a str>,
    s: &'a str,
}

/// What the index needs of one briefing, its words as text.
struct RawDoc {
    /// Its record for the document block, as JSON.
    record: Vec<u8>,
    /// The words of its title, tags and summary, one after another.
    field_text: String,
    /// Each of those words (its start and end in `field_text`) with its weight, as
    /// often as it occurs.
    fields: Vec<(u32, u32, u32)>,
    /// The body's distinct words (its index terms), separated by spaces: only these of
    /// the decompressed body are kept while a batch of briefings waits to be indexed.
    body_words: String,
}

/// Where the index takes each briefing's summary (plain text) and search words from
/// when not from its body: a build's cache of them, which gives `made` (the body's)
/// for a briefing it does not hold.
pub trait Texts: Sync {
    /// Briefing `i`'s summary and search words.
    fn texts(&self, i: usize, made: &dyn Fn() -> (String, String)) -> (String, String);
}

/// Read briefing `i` for the index: decompress its body (or ask `texts`), take its
/// record and words.
fn raw_doc_with(site: &Site, i: usize, texts: Option<&dyn Texts>) -> RawDoc {
    let b = &site.briefings[i];
    let from_body = || b.content.search_texts();
    let (summary, body_words) = match texts {
        Some(t) => t.texts(i, &from_body),
        None => from_body(),
    };
    let tags: Vec<&str> = b.terms.iter().flatten().map(String::as_str).collect();
    let record = serde_json::to_vec(&Record {
        t: &b.title,
        u: link(site.cfg, &site.idx.permalinks[i]),
        d: crate::outputs::iso_date(&b.date),
        g: tags.clone(),
        s: &summary,
    })
    .unwrap_or_default();
    let mut field_text = String::new();
    let mut fields: Vec<(u32, u32, u32)> = Vec::new();
    // (The page joined the tags with spaces before splitting them into words.)
    for (text, weight) in [(b.title.as_str(), TITLE), (&tags.join(" "), TAGS), (&summary, SUMMARY)] {
        page_words(text, |w| {
            let start = field_text.len() as u32;
            field_text.push_str(w);
            fields.push((start, field_text.len() as u32, weight));
        });
    }
    RawDoc { record: html_safe_json(record), field_text, fields, body_words }
}

/// Every word of the site, each with a number. Words of up to 15 bytes (nearly all)
/// are looked up as one 128-bit number: no string to follow and compare; and first in
/// a small table of recent words that stays in the processor's cache (a few hundred
/// words make most of any text).
struct Vocab {
    recent: Box<[(u128, u32)]>,
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Default for Vocab {
    fn default() -> Vocab {
        // Key 0 is no word (a packed word has its length in it).
        Vocab {
            recent: vec![(0, 0); 1 << 12].into(),
            short: Default::default(),
            long: Default::default(),
            words: Vec::new(),
        }
    }
}

/// `w` packed with its length in the last byte, when it fits. (A loop over the few
/// bytes: quicker than a copy of unknown length.)
fn packed(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut v = (b.len() as u128) << 120;
    for (i, &x) in b.iter().enumerate() {
        v |= u128::from(x) << (8 * i);
    }
    Some(v)
}

impl Vocab {
    fn id(&mut self, w: &str) -> u32 {
        match packed(w) {
            Some(key) => self.id_packed(key, w),
            None => match self.long.get(w) {
                Some(&id) => id,
                None => {
                    let next = self.words.len() as u32;
                    self.long.insert(w.into(), next);
                    self.words.push(w.into());
                    next
                }
            },
        }
    }

    /// The number of `w`, whose [`packed`] form is `key`.
    fn id_packed(&mut self, key: u128, w: &str) -> u32 {
        let slot = ((key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize;
        let (k, id) = self.recent[slot];
        if k == key {
            return id;
        }
        let next = self.words.len() as u32;
        let id = *self.short.entry(key).or_insert(next);
        if id == next {
            self.words.push(w.into());
        }
        self.recent[slot] = (key, id);
        id
    }
}

/// One briefing's words as numbers.
#[derive(Default, Clone)]
struct DocWords {
    /// Word and weight in the title, tags and summary, each word once.
    fields: Vec<(u32, u32)>,
    /// Body words.
    body: Vec<u32>,
}

impl DocWords {
    fn of(raw: &RawDoc, vocab: &mut Vocab) -> DocWords {
        let mut d = DocWords::default();
        d.read(raw, vocab);
        d
    }

    /// Read `raw` into `self`, keeping its allocations (a build reads every briefing
    /// into one).
    fn read(&mut self, raw: &RawDoc, vocab: &mut Vocab) {
        self.fields.clear();
        self.fields.extend(raw.fields.iter().map(|&(s, e, f)| (vocab.id(&raw.field_text[s as usize..e as usize]), f)));
        self.fields.sort_unstable_by_key(|&(w, _)| w);
        self.fields.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
        // The body's words, split on bytes: they are separated by single spaces.
        self.body.clear();
        let words = raw.body_words.as_str();
        let bytes = words.as_bytes();
        let mut start = 0;
        for end in bytes.iter().enumerate().filter(|&(_, &b)| b == b' ').map(|(i, _)| i).chain([bytes.len()]) {
            if end > start {
                // Most words have 16 bytes of text after their start: one load packs them.
                let id = match bytes.get(start..start + 16) {
                    Some(w16) if end - start <= 15 => {
                        let n = end - start;
                        let v = u128::from_le_bytes(w16.try_into().expect("16 bytes"));
                        vocab.id_packed(v & ((1u128 << (8 * n)) - 1) | (n as u128) << 120, &words[start..end])
                    }
                    _ => vocab.id(&words[start..end]),
                };
                self.body.push(id);
            }
            start = end + 1;
        }
    }
}

/// The briefings of one word, as the gaps between their numbers (the first is the
/// number itself), LEB128-encoded: about one byte each for a common word.
#[derive(Default)]
struct Postings {
    body: Vec<u8>,
    body_last: u32,
    /// Gap and weight, in turn.
    fields: Vec<u8>,
    fields_last: u32,
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The numbers of a LEB128 sequence.
fn varints(mut bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    std::iter::from_fn(move || {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let (&b, rest) = bytes.split_first()?;
            bytes = rest;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    })
}

impl Postings {
    fn is_empty(&self) -> bool {
        self.body.is_empty() && self.fields.is_empty()
    }
}

/// The inverted index: for each word (by number), its postings. Briefings must be added
/// in the order of their numbers.
#[derive(Default)]
struct Inverted {
    lists: Vec<Postings>,
}

impl Inverted {
    fn add(&mut self, doc: u32, words: &DocWords) {
        let grow = |lists: &mut Vec<Postings>, w: u32| {
            if lists.len() <= w as usize {
                lists.resize_with(w as usize + 1, Postings::default);
            }
        };
        for &w in &words.body {
            grow(&mut self.lists, w);
            let p = &mut self.lists[w as usize];
            push_varint(&mut p.body, doc - p.body_last);
            p.body_last = doc;
        }
        for &(w, f) in &words.fields {
            grow(&mut self.lists, w);
            let p = &mut self.lists[w as usize];
            push_varint(&mut p.fields, doc - p.fields_last);
            push_varint(&mut p.fields, f);
            p.fields_last = doc;
        }
    }
}

fn push_list(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'[');
    for (k, v) in varints(bytes).enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_number(out, v);
    }
    out.push(b']');
}

/// JavaScript compares strings by UTF-16 code units; the search page looks words up by
/// that order, so the shards are sorted by it too.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Decimal digits of `v` appended to `out` (several times quicker than `write!`).
fn push_number(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// The shortest start of `first` that sorts after `prev`: where a shard's words begin.
fn separator<'a>(prev: &str, first: &'a str) -> &'a str {
    for (end, _) in first.char_indices().skip(1) {
        if js_order(&first[..end], prev) == std::cmp::Ordering::Greater {
            return &first[..end];
        }
    }
    first
}

/// A 64-bit hash of the index's bytes, for the manifest's `version`: the same on every
/// platform, and quick (eight bytes a step).
#[derive(Clone, Copy)]
struct Hash(u64);

impl Hash {
    fn new() -> Hash {
        Hash(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(mut self, b: &[u8]) -> Hash {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self = self.word(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        for &x in chunks.remainder() {
            self = self.word(u64::from(x));
        }
        self.word(b.len() as u64)
    }
    fn word(self, w: u64) -> Hash {
        Hash((self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95))
    }
}

/// The manifest: how many briefings, how the files are named, where each shard's
/// words begin.
#[derive(Serialize)]
struct Manifest<'a> {
    /// Format of the index (this one is 1).
    format: u32,
    /// Changes whenever any file of the index does; the page asks for `?v=` it.
    version: String,
    /// Briefings; number 0 is the oldest.
    docs: usize,
    /// Briefings per document block.
    block: usize,
    /// Word shard `k` is this, relative to the manifest, with `{}` as `k`.
    words: String,
    /// Document block `k` likewise.
    blocks: String,
    /// The first word (or its shortest distinguishing start) of each shard, in order.
    keys: Vec<&'a str>,
}

/// Turns the inverted index into word shards, handing each to `sink`; returns the keys
/// of the shards and the hash of their bytes.
fn shards<'v, E>(
    vocab: &'v Vocab,
    inv: &Inverted,
    dir: &str,
    shard_bytes: usize,
    sink: &(impl Fn(Output) -> Result<(), E> + Sync),
) -> Result<(Vec<&'v str>, Hash), E> {
    let order = word_order(vocab, inv);
    cut(vocab, &order, dir, shard_bytes, |w, buf| entry(buf, &vocab.words[w as usize], &inv.lists[w as usize]), sink)
}

/// The words that have postings, in the order the search page looks words up by.
fn word_order(vocab: &Vocab, inv: &Inverted) -> Vec<u32> {
    let mut order: Vec<u32> = (0..inv.lists.len() as u32).filter(|&w| !inv.lists[w as usize].is_empty()).collect();
    order.par_sort_unstable_by(|&a, &b| js_order(&vocab.words[a as usize], &vocab.words[b as usize]));
    order
}

/// A word's entry in its shard: `["word",[body gaps],[field gap, weight, …]]`.
fn entry(buf: &mut Vec<u8>, word: &str, p: &Postings) {
    buf.push(b'[');
    serde_json::to_writer(&mut *buf, word).expect("writing to a Vec cannot fail");
    buf.push(b',');
    push_list(buf, &p.body);
    buf.push(b',');
    push_list(buf, &p.fields);
    buf.push(b']');
}

/// Cuts the entries of the words of `order` (each written by `write`) into shards of
/// about `shard_bytes`, handing each to `sink`; returns the keys of the shards and the
/// hash of their bytes. Where a shard ends depends only on the entries' lengths.
fn cut<'v, E>(
    vocab: &'v Vocab,
    order: &[u32],
    dir: &str,
    shard_bytes: usize,
    write: impl Fn(u32, &mut Vec<u8>),
    sink: &(impl Fn(Output) -> Result<(), E> + Sync),
) -> Result<(Vec<&'v str>, Hash), E> {
    let mut keys: Vec<&str> = Vec::new();
    let mut hash = Hash::new();
    let mut buf: Vec<u8> = Vec::with_capacity(shard_bytes * 2);
    let mut prev: &'v str = "";
    let emit = |buf: &mut Vec<u8>, k: usize, hash: &mut Hash| {
        buf.push(b']');
        *hash = hash.bytes(buf);
        let bytes = std::mem::replace(buf, Vec::with_capacity(shard_bytes * 2));
        sink(Output { path: output_file(&search_shard(dir, k)), bytes })
    };
    for &w in order {
        let word: &'v str = &vocab.words[w as usize];
        if buf.is_empty() {
            keys.push(if keys.is_empty() { "" } else { separator(prev, word) });
            buf.push(b'[');
        } else {
            buf.push(b',');
        }
        write(w, &mut buf);
        prev = word;
        if buf.len() >= shard_bytes {
            emit(&mut buf, keys.len() - 1, &mut hash)?;
        }
    }
    if !buf.is_empty() {
        emit(&mut buf, keys.len() - 1, &mut hash)?;
    }
    Ok((keys, hash))
}

/// Document block `k` from the records of the briefings numbered `k * BLOCK` on.
fn block(records: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.iter().map(|r| r.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (n, r) in records.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(r);
    }
    out.push(b']');
    out
}

/// The manifest's bytes.
fn manifest(dir: &str, docs: usize, block: usize, keys: Vec<&str>, hash: Hash) -> Vec<u8> {
    let m = Manifest {
        format: 1,
        version: format!("{:016x}", hash.0),
        docs,
        block,
        words: search_shard(dir, "{}").strip_prefix(dir).unwrap_or_default().to_string(),
        blocks: search_block(dir, "{}").strip_prefix(dir).unwrap_or_default().to_string(),
        keys,
    };
    html_safe_json(serde_json::to_vec(&m).expect("a manifest serializes"))
}

/// Briefing numbers: 0 is the oldest, so adding a briefing leaves the blocks of the
/// older ones as they were. The `n`th is briefing `order[len - 1 - n]`.
fn by_number<'a>(site: &Site<'a>) -> impl DoubleEndedIterator<Item = usize> + ExactSizeIterator + 'a {
    site.idx.order.iter().rev().copied()
}

/// Make the search index of `site`: every document block and word shard, then the
/// manifest, each handed to `sink` as soon as it is ready (a block of briefings at a
/// time is read; the inverted index, about a byte per word of each body, is the only
/// thing that grows with the site).
pub fn search_files<E: Send>(site: &Site, sink: &(impl Fn(Output) -> Result<(), E> + Sync)) -> Result<(), E> {
    files_with(site, LAYOUT, None, sink)
}

/// [`search_files`], each briefing's summary and words taken from `texts`.
pub fn search_files_with<E: Send>(
    site: &Site,
    texts: &dyn Texts,
    sink: &(impl Fn(Output) -> Result<(), E> + Sync),
) -> Result<(), E> {
    files_with(site, LAYOUT, Some(texts), sink)
}

fn files_with<E: Send>(
    site: &Site,
    layout: Layout,
    texts: Option<&dyn Texts>,
    sink: &(impl Fn(Output) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let Layout { shard_bytes, block: per_block } = layout;
    let routes = Routes::new(site.cfg, site.idx);
    let dir = routes.search_dir();
    let numbered: Vec<usize> = by_number(site).collect();
    let mut vocab = Vocab::default();
    let mut words = DocWords::default();
    let mut inv = Inverted::default();
    let mut hash = Hash::new();
    // Blocks are read in parallel a batch at a time; their words go into the one
    // inverted index in order.
    for (c, batch) in numbered.chunks(per_block * BATCH_BLOCKS).enumerate() {
        let blocks: Vec<(Hash, Vec<RawDoc>)> = batch
            .par_chunks(per_block)
            .enumerate()
            .map(|(k, ids)| {
                let raws: Vec<RawDoc> = ids.iter().map(|&i| raw_doc_with(site, i, texts)).collect();
                let records: Vec<&[u8]> = raws.iter().map(|r| r.record.as_slice()).collect();
                let bytes = block(&records);
                let h = Hash::new().bytes(&bytes);
                sink(Output { path: output_file(&search_block(&dir, c * BATCH_BLOCKS + k)), bytes })?;
                Ok((h, raws))
            })
            .collect::<Result<_, E>>()?;
        let mut n = (c * per_block * BATCH_BLOCKS) as u32;
        for (h, raws) in blocks {
            hash = hash.word(h.0);
            for raw in raws {
                words.read(&raw, &mut vocab);
                inv.add(n, &words);
                n += 1;
            }
        }
    }
    let (keys, shard_hash) = shards(&vocab, &inv, &dir, shard_bytes, sink)?;
    let bytes = manifest(&dir, numbered.len(), per_block, keys, hash.word(shard_hash.0));
    sink(Output { path: routes.file(Route::SearchIndex), bytes })
}
