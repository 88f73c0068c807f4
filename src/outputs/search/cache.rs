//! The search index as `serve` keeps it: each briefing's record and words, read again
//! only when the briefing changes, and the index last made from them (its postings, each
//! word's entry, the words in order, the blocks' hashes). An edit that leaves every
//! briefing at its number (a body, title or tags changed) patches the postings of the
//! words it touched and makes again only those entries and the blocks of the briefings
//! it changed; any other edit makes the index again whole. Either way the files are the
//! bytes a build makes (a test compares them after each kind of edit).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    DocWords, Hash, Inverted, LAYOUT, Layout, Postings, RawDoc, Vocab, block, by_number, cut, entry, js_order,
    manifest, push_number, push_varint, raw_doc, word_order,
};
use crate::index::Site;
use crate::outputs::Output;
use crate::routes::{Route, Routes, output_file, search_block};

/// The search index kept by `serve`: each briefing's record and words, so an edit
/// reads only the briefings it changed, and the files are made again from these.
pub struct SearchCache {
    vocab: Vocab,
    records: Vec<Vec<u8>>,
    words: Vec<DocWords>,
    /// The files of the index last made.
    made: Vec<String>,
    /// The index last made, while the briefings keep their numbers.
    built: Option<Built>,
    /// Briefings (by position) read again since `built` was made, with the words it
    /// has of them.
    pending: HashMap<usize, DocWords>,
    /// How many times the index was patched rather than made whole (for tests).
    #[cfg(test)]
    pub(super) patched: usize,
}

/// Files of the search index made by [`SearchCache::make`], to put in place.
pub struct Made {
    /// The files that may have changed.
    outs: Vec<Output>,
    /// The path of every file of the index.
    all: Vec<String>,
}

/// The index as last made.
struct Built {
    layout: Layout,
    /// Positions of the briefings by number.
    numbered: Vec<usize>,
    inv: Inverted,
    /// Each word's entry in its shard, by word number (empty: no postings).
    entries: Vec<Vec<u8>>,
    /// The words with postings, in the shards' order.
    order: Vec<u32>,
    /// The hash of each document block.
    blocks: Vec<u64>,
}

impl SearchCache {
    /// Read every briefing of `site`.
    pub fn new(site: &Site) -> SearchCache {
        let mut cache = SearchCache {
            vocab: Vocab::default(),
            records: Vec::new(),
            words: Vec::new(),
            made: Vec::new(),
            built: None,
            pending: HashMap::new(),
            #[cfg(test)]
            patched: 0,
        };
        // A batch at a time: a read briefing holds its whole body.
        let all: Vec<usize> = (0..site.briefings.len()).collect();
        for batch in all.chunks(1024) {
            let raws: Vec<RawDoc> = batch.par_iter().map(|&i| raw_doc(site, i)).collect();
            for raw in raws {
                cache.words.push(DocWords::of(&raw, &mut cache.vocab));
                cache.records.push(raw.record);
            }
        }
        cache
    }

    /// Read briefing `i` again after it changed (same briefings, same order).
    pub fn update(&mut self, site: &Site, i: usize) {
        let raw = raw_doc(site, i);
        let words = DocWords::of(&raw, &mut self.vocab);
        let was = std::mem::replace(&mut self.words[i], words);
        self.pending.entry(i).or_insert(was);
        self.records[i] = raw.record;
    }

    /// Follow an edit that added, removed or moved briefings: briefing `j` now was
    /// `from[j]` before; those with no position before, or with `reread(j)`, are read
    /// again, the others keep what was read of them.
    pub fn remap(&mut self, site: &Site, from: &[Option<usize>], reread: impl Fn(usize) -> bool + Sync) {
        if from.len() == self.words.len() && from.iter().enumerate().all(|(j, o)| *o == Some(j)) {
            // Every briefing where it was: as edits of the re-read ones.
            for j in (0..from.len()).filter(|&j| reread(j)) {
                self.update(site, j);
            }
            return;
        }
        self.built = None;
        self.pending.clear();
        let mut records: Vec<Option<Vec<u8>>> = std::mem::take(&mut self.records).into_iter().map(Some).collect();
        let mut words: Vec<Option<DocWords>> = std::mem::take(&mut self.words).into_iter().map(Some).collect();
        let fresh: Vec<usize> = (0..site.briefings.len()).filter(|&j| from[j].is_none() || reread(j)).collect();
        let raws: Vec<RawDoc> = fresh.par_iter().map(|&j| raw_doc(site, j)).collect();
        let mut raws = fresh.into_iter().zip(raws).peekable();
        for (j, old) in from.iter().enumerate() {
            match raws.next_if(|(k, _)| *k == j) {
                Some((_, raw)) => {
                    self.words.push(DocWords::of(&raw, &mut self.vocab));
                    self.records.push(raw.record);
                }
                None => {
                    let o = old.expect("a briefing not read again was there before");
                    self.words.push(words[o].take().expect("each old briefing is taken once"));
                    self.records.push(records[o].take().expect("each old briefing is taken once"));
                }
            }
        }
    }

    /// Bring the index's files up to date in `files` (output path → bytes); the files
    /// it no longer has are taken out. Returns the paths that changed and those taken
    /// out.
    pub fn refresh(&mut self, site: &Site, files: &mut HashMap<String, Arc<Vec<u8>>>) -> (Vec<String>, Vec<String>) {
        let made = self.make(site);
        self.put(made, files)
    }

    /// The files of the index that may have changed since it was last made (the first
    /// half of [`SearchCache::refresh`], which needs no output: it can run while pages
    /// render).
    pub fn make(&mut self, site: &Site) -> Made {
        self.make_with(site, LAYOUT)
    }

    pub(super) fn make_with(&mut self, site: &Site, layout: Layout) -> Made {
        let (outs, all) = self.files(site, layout);
        Made { outs, all }
    }

    /// Forget the index last made, when what [`SearchCache::make`] made was not put in
    /// place: the next index is made whole.
    pub fn forget(&mut self) {
        self.built = None;
    }

    /// Put what [`SearchCache::make`] made into `files` (the second half of
    /// [`SearchCache::refresh`]).
    pub fn put(&mut self, made: Made, files: &mut HashMap<String, Arc<Vec<u8>>>) -> (Vec<String>, Vec<String>) {
        let Made { outs, all } = made;
        let now: HashSet<&str> = all.iter().map(String::as_str).collect();
        let removed: Vec<String> =
            self.made.iter().filter(|p| !now.contains(p.as_str()) && files.remove(*p).is_some()).cloned().collect();
        self.made = all;
        let mut changed = Vec::new();
        for o in outs {
            if files.get(&o.path).is_none_or(|b| **b != o.bytes) {
                changed.push(o.path.clone());
                files.insert(o.path, Arc::new(o.bytes));
            }
        }
        (changed, removed)
    }

    /// Every file of the index, made whole (for tests).
    #[cfg(test)]
    pub(super) fn files_with(&mut self, site: &Site, layout: Layout) -> Vec<Output> {
        self.built = None;
        self.files(site, layout).0
    }

    /// The files that may have changed since the index was last made, and the path of
    /// every file of the index.
    fn files(&mut self, site: &Site, layout: Layout) -> (Vec<Output>, Vec<String>) {
        let routes = Routes::new(site.cfg, site.idx);
        let dir = routes.search_dir();
        let numbered: Vec<usize> = by_number(site).collect();
        let pending = std::mem::take(&mut self.pending);
        let mut built = match self.built.take() {
            Some(b) if b.layout.block == layout.block && b.layout.shard_bytes == layout.shard_bytes => {
                if b.numbered == numbered { Some(b) } else { None }
            }
            _ => None,
        };
        let out = std::sync::Mutex::new(Vec::new());
        let sink = |o: Output| {
            out.lock().expect("no panics while holding the lock").push(o);
            Ok::<(), std::convert::Infallible>(())
        };
        let block_of = |k: usize| {
            let ids = &numbered[k * layout.block..((k + 1) * layout.block).min(numbered.len())];
            let records: Vec<&[u8]> = ids.iter().map(|&i| self.records[i].as_slice()).collect();
            let bytes = block(&records);
            let h = Hash::new().bytes(&bytes).0;
            (Output { path: output_file(&search_block(&dir, k)), bytes }, h)
        };
        let blocks = numbered.len().div_ceil(layout.block);
        match &mut built {
            Some(b) => {
                #[cfg(test)]
                {
                    self.patched += 1;
                }
                // Expired briefings have pages but no number: they are in no list.
                let mut number = vec![None; self.words.len()];
                for (n, &i) in numbered.iter().enumerate() {
                    number[i] = Some(n as u32);
                }
                let mut edits: Vec<(u32, usize, DocWords)> =
                    pending.into_iter().filter_map(|(i, was)| Some((number[i]?, i, was))).collect();
                edits.sort_unstable_by_key(|e| e.0);
                b.entries.resize_with(self.vocab.words.len(), Vec::new);
                if b.inv.lists.len() < self.vocab.words.len() {
                    b.inv.lists.resize_with(self.vocab.words.len(), Postings::default);
                }
                for (n, i, was) in &edits {
                    for (w, had, has) in patch(b, &self.vocab, *n, was, &self.words[*i]) {
                        reorder(&mut b.order, &self.vocab, w, had, has);
                    }
                }
                let mut changed_blocks: Vec<usize> = edits.iter().map(|e| e.0 as usize / layout.block).collect();
                changed_blocks.dedup();
                for k in changed_blocks {
                    let (o, h) = block_of(k);
                    b.blocks[k] = h;
                    let _ = sink(o);
                }
            }
            None => {
                let made: Vec<(Output, u64)> = (0..blocks).into_par_iter().map(block_of).collect();
                let mut hashes = Vec::with_capacity(made.len());
                for (o, h) in made {
                    hashes.push(h);
                    let _ = sink(o);
                }
                let mut inv = Inverted::default();
                for (n, &i) in numbered.iter().enumerate() {
                    inv.add(n as u32, &self.words[i]);
                }
                let entries: Vec<Vec<u8>> = (0..inv.lists.len())
                    .into_par_iter()
                    .map(|w| {
                        let mut e = Vec::new();
                        if !inv.lists[w].is_empty() {
                            entry(&mut e, &self.vocab.words[w], &inv.lists[w]);
                        }
                        e
                    })
                    .collect();
                let order = word_order(&self.vocab, &inv);
                built = Some(Built { layout, numbered, inv, entries, order, blocks: hashes });
            }
        }
        let b = built.as_ref().expect("made above");
        let hash = b.blocks.iter().fold(Hash::new(), |h, &x| h.word(x));
        let Ok((keys, shard_hash)) = cut(
            &self.vocab,
            &b.order,
            &dir,
            layout.shard_bytes,
            |w, buf| buf.extend_from_slice(&b.entries[w as usize]),
            &sink,
        );
        let bytes = manifest(&dir, b.numbered.len(), layout.block, keys, hash.word(shard_hash.0));
        let _ = sink(Output { path: routes.file(Route::SearchIndex), bytes });
        let mut out = out.into_inner().expect("no panics while holding the lock");
        out.sort_by(|a, b| a.path.cmp(&b.path));
        // Every block (those not made again are as they were), the shards, the manifest.
        let mut all: Vec<String> = (0..blocks).map(|k| output_file(&search_block(&dir, k))).collect();
        all.extend(out.iter().map(|o| o.path.clone()));
        all.sort();
        all.dedup();
        self.built = built;
        (out, all)
    }
}

/// Put briefing number `n` into the postings of `b` with the words `now` instead of
/// `was`, as [`Inverted::add`] would have put it, and change the words' entries to
/// match. Returns each word touched, whether it had postings and whether it has them.
fn patch(b: &mut Built, vocab: &Vocab, n: u32, was: &DocWords, now: &DocWords) -> Vec<(u32, bool, bool)> {
    let mut body: Vec<u32> = was.body.iter().chain(&now.body).copied().collect();
    body.sort_unstable();
    body.dedup();
    let mut fields: Vec<u32> = was.fields.iter().chain(&now.fields).map(|&(w, _)| w).collect();
    fields.sort_unstable();
    fields.dedup();
    let mut words: Vec<u32> = body.iter().chain(&fields).copied().collect();
    words.sort_unstable();
    words.dedup();
    let mut touched = Vec::with_capacity(words.len());
    for w in words {
        let (p, e) = (&mut b.inv.lists[w as usize], &mut b.entries[w as usize]);
        let had = !p.is_empty();
        // The entry's lists start after `["word",[`.
        let word = &vocab.words[w as usize];
        let body_at = serde_json::to_string(word).map_or(0, |j| j.len()) + 3;
        if body.binary_search(&w).is_ok() {
            let times = now.body.iter().filter(|&&x| x == w).count();
            splice(&mut p.body, &mut p.body_last, had.then_some((&mut *e, body_at)), 1, n, times, None);
        }
        if fields.binary_search(&w).is_ok() {
            let weight = now.fields.iter().find(|&&(x, _)| x == w).map(|&(_, f)| f);
            let at = had.then(|| e[body_at..].iter().position(|&c| c == b']').map_or(0, |k| body_at + k + 3));
            splice(
                &mut p.fields,
                &mut p.fields_last,
                at.map(|at| (&mut *e, at)),
                2,
                n,
                usize::from(weight.is_some()),
                weight,
            );
        }
        let has = !p.is_empty();
        if !had || !has {
            // A word new to the index is written whole; one gone has no entry.
            e.clear();
            if has {
                entry(e, word, p);
            }
        }
        touched.push((w, had, has));
    }
    touched
}

/// Replace the elements of briefing `n` in one list of postings: `list` (LEB128 gaps,
/// with `stride - 1` more numbers an element: the weight of a field), whose last
/// briefing is `last`, and the same numbers as JSON text in `json` from its offset
/// (just after the list's `[`), when given. The new elements are `copies` of `n`, each
/// with `extra` after its gap. Only the numbers about `n` change: the gaps before and
/// after stay as they are.
fn splice(
    list: &mut Vec<u8>,
    last: &mut u32,
    json: Option<(&mut Vec<u8>, usize)>,
    stride: usize,
    n: u32,
    copies: usize,
    extra: Option<u32>,
) {
    // Find the first element at `n` or later (a) and the first after `n` (b).
    let (mut pos, mut doc, mut num) = (0usize, 0u32, 0usize);
    let mut a: Option<(usize, usize, u32)> = None;
    let mut b: Option<(usize, usize, u32, usize)> = None;
    while pos < list.len() {
        let (gap, len) = read_varint(&list[pos..]);
        let d = doc + gap;
        if a.is_none() && d >= n {
            a = Some((pos, num, doc));
        }
        if d > n {
            b = Some((pos, num, d, len));
            break;
        }
        doc = d;
        pos += len;
        for _ in 1..stride {
            pos += read_varint(&list[pos..]).1;
        }
        num += stride;
    }
    let count = match b {
        Some(_) => None,
        None => Some(num),
    };
    let (a_byte, a_num, prev) = a.unwrap_or((list.len(), num, doc));
    let mut nums: Vec<u32> = Vec::with_capacity(copies * stride + 1);
    let mut from = prev;
    for _ in 0..copies {
        nums.push(n - from);
        from = n;
        nums.extend(extra);
    }
    let end_byte = match b {
        Some((p, _, next, len)) => {
            nums.push(next - from);
            p + len
        }
        None => {
            *last = from;
            list.len()
        }
    };
    let mut bytes = Vec::with_capacity(nums.len() * 2);
    for &x in &nums {
        push_varint(&mut bytes, x);
    }
    list.splice(a_byte..end_byte, bytes);
    let Some((json, at)) = json else { return };
    // The same numbers in the text: from number `a_num` to number `b + 1` (b's gap), or
    // to the end of the list.
    let start_of = |i: usize| {
        let mut commas = 0;
        let mut p = at;
        while commas < i && json[p] != b']' {
            if json[p] == b',' {
                commas += 1;
            }
            p += 1;
        }
        p
    };
    let s0 = start_of(a_num);
    let mut text: Vec<u8> = Vec::with_capacity(nums.len() * 4);
    let (s0, s1) = match (b, count) {
        (Some((_, b_num, ..)), _) => {
            for &x in &nums {
                push_number(&mut text, x);
                text.push(b',');
            }
            let s1 = start_of(b_num + 1);
            if json[s1] == b']' {
                // `b` was the last number.
                text.pop();
            }
            (s0, s1)
        }
        (None, count) => {
            let end = s0 + json[s0..].iter().position(|&c| c == b']').unwrap_or(0);
            let count = count.unwrap_or(0);
            if nums.is_empty() {
                // The numbers from `a_num` on go, with the comma before them.
                (if a_num > 0 && a_num < count { s0 - 1 } else { s0 }, end)
            } else {
                if a_num == count && count > 0 {
                    text.push(b',');
                }
                for (k, &x) in nums.iter().enumerate() {
                    if k > 0 {
                        text.push(b',');
                    }
                    push_number(&mut text, x);
                }
                (s0, end)
            }
        }
    };
    json.splice(s0..s1, text);
}

/// One LEB128 number at the start of `b`, and how many bytes it takes.
fn read_varint(b: &[u8]) -> (u32, usize) {
    let (mut v, mut shift) = (0u32, 0);
    for (k, &x) in b.iter().enumerate() {
        v |= u32::from(x & 0x7f) << shift;
        if x < 0x80 {
            return (v, k + 1);
        }
        shift += 7;
    }
    (v, b.len())
}

/// Keep `order` (the words with postings, in the shards' order) right after word `w`
/// had postings (`had`) and has them now (`has`).
fn reorder(order: &mut Vec<u32>, vocab: &Vocab, w: u32, had: bool, has: bool) {
    if had == has {
        return;
    }
    let word = &vocab.words[w as usize];
    let at = order.partition_point(|&x| js_order(&vocab.words[x as usize], word).is_lt());
    if has {
        order.insert(at, w);
    } else if order.get(at) == Some(&w) {
        order.remove(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of postings as `Inverted::add` writes it, and as its entry's JSON shows it.
    fn encoded(elems: &[(u32, u32)], stride: usize) -> (Vec<u8>, u32, Vec<u8>) {
        let (mut list, mut last, mut nums) = (Vec::new(), 0, Vec::new());
        for &(d, f) in elems {
            nums.push(d - last);
            if stride == 2 {
                nums.push(f);
            }
            last = d;
        }
        for &x in &nums {
            push_varint(&mut list, x);
        }
        let mut json = b"[\"w\",[".to_vec();
        for (k, &x) in nums.iter().enumerate() {
            if k > 0 {
                json.push(b',');
            }
            push_number(&mut json, x);
        }
        json.extend_from_slice(b"]]");
        (list, last, json)
    }

    #[test]
    fn a_spliced_list_is_the_list_written_anew() {
        let mut seed = 7u64;
        let mut next = |m: u32| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % u64::from(m)) as u32
        };
        for round in 0..4000 {
            let stride = 1 + (round % 2);
            let len = next(8) as usize;
            let mut docs: Vec<u32> = (0..len).map(|_| next(300)).collect();
            docs.sort_unstable();
            if stride == 2 {
                docs.dedup();
            }
            let elems: Vec<(u32, u32)> = docs.iter().map(|&d| (d, 1 + next(20))).collect();
            // Mostly a briefing of the list or next to one; big gaps take two bytes.
            let n = match next(3) {
                0 if !docs.is_empty() => docs[next(docs.len() as u32) as usize],
                _ => next(320),
            };
            let copies = if stride == 2 { next(2) as usize } else { next(3) as usize };
            let extra = (stride == 2).then(|| 1 + next(200));
            let mut want: Vec<(u32, u32)> = elems.iter().copied().filter(|&(d, _)| d != n).collect();
            let at = want.partition_point(|&(d, _)| d < n);
            for _ in 0..copies {
                want.insert(at, (n, extra.unwrap_or(0)));
            }
            let (mut list, mut last, mut json) = encoded(&elems, stride);
            splice(&mut list, &mut last, Some((&mut json, 6)), stride, n, copies, extra);
            let (list2, last2, json2) = encoded(&want, stride);
            assert_eq!(
                (String::from_utf8_lossy(&json), &list, last),
                (String::from_utf8_lossy(&json2), &list2, last2),
                "{elems:?} with {copies} of {n} (stride {stride})"
            );
        }
    }
}
