//! The search index as `serve` keeps it: each briefing's record and words, read again
//! only when the briefing changes, and the index last made from them (its postings, each
//! word's entry, the words in order, the blocks' hashes). An edit patches it: the
//! postings and entries of the words it touched are spliced at the briefing's number,
//! every later number moves by one when briefings come, go or move (one gap a list), and
//! only the blocks from the first changed number are made again. An edit that reorders
//! briefings it did not read again makes the index whole. Either way the files are the
//! bytes a build makes (a test compares them after each kind of edit).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::patch::{mark_lists, patch, shift_all};
use super::postings::Mark;
use super::{
    DocWords, Hash, Inverted, LAYOUT, Layout, Postings, RawDoc, Texts, Vocab, block, by_number, cut, entry, js_order,
    manifest, raw_doc_with, word_order,
};
use crate::index::Site;
use crate::outputs::Output;
use crate::routes::{Route, Routes, output_file, search_block};

/// The search index kept by `serve`: each briefing's record and words, so an edit
/// reads only the briefings it changed, and the files are made again from these.
pub struct SearchCache {
    pub(super) vocab: Vocab,
    pub(super) records: Vec<Vec<u8>>,
    pub(super) words: Vec<DocWords>,
    /// The files of the index last made.
    made: Vec<String>,
    /// The index last made, with the numbering it was made for.
    pub(super) built: Option<Built>,
    /// Briefings (by position) read again since `built` was made, with the words it
    /// has of them.
    pending: HashMap<usize, DocWords>,
    /// How the briefings moved since `built` was made, when they did.
    moved: Option<Moved>,
    /// Whether the index made keeps marks in its lists (see [`SearchCache::mark_all`]).
    marking: bool,
    /// Whether the index was last patched rather than made whole.
    pub(super) was_patched: bool,
    /// How many times the index was patched rather than made whole (for tests).
    #[cfg(test)]
    pub(super) patched: usize,
}

/// Files of the search index made by [`SearchCache::make`], to put in place.
pub struct Made {
    /// The files that may have changed.
    pub(super) outs: Vec<Output>,
    /// The path of every file of the index.
    all: Vec<String>,
}

/// How an edit moved the briefings (see [`SearchCache::remap`]).
struct Moved {
    /// For each briefing, its position before (none for a new one).
    old_of: Vec<Option<usize>>,
    /// For each briefing, whether it was read again.
    reread: Vec<bool>,
    /// The words `built` has of the briefings that went or were read again, by their
    /// position before.
    was: HashMap<usize, DocWords>,
}

/// The most briefings read again in their places (their numbers kept) for which the
/// index last made is patched; past it, the index is made whole from the words kept,
/// which is quicker. Each such briefing splices every list of its words: at 10,000
/// briefings, 1,000 of them took 1.6 s where making the index whole takes about 0.25 s.
pub(super) const MOST_REPLACED: usize = 128;

/// The most steps of briefings that came or went (a briefing that moved is one of each)
/// for which it is patched: each also moves every later number in every list of the
/// index (10,000 files renamed at once took 100 s, 5,000 deleted 73 s).
pub(super) const MOST_STEPS: usize = 32;

/// One step of bringing the index up to date, in the order they are taken.
enum Step {
    /// Briefing `.1` keeps number `.0`; its words were `.2`.
    Replace(u32, usize, DocWords),
    /// Number `.0` goes (its words were `.1`): the numbers after it move down one.
    Remove(u32, DocWords),
    /// Briefing `.1` takes number `.0`: the numbers from it on move up one.
    Insert(u32, usize),
}

/// The index as last made.
pub(super) struct Built {
    pub(super) layout: Layout,
    /// Positions of the briefings by number.
    pub(super) numbered: Vec<usize>,
    pub(super) inv: Inverted,
    /// Each word's entry in its shard, by word number (empty: no postings).
    pub(super) entries: Vec<Vec<u8>>,
    /// Where each word's list of body postings starts in its entry, after `["word",[`
    /// (0: not yet known).
    pub(super) body_at: Vec<u32>,
    /// The marks of each word's lists of body and field postings (see
    /// [`super::postings::mark`]), when the cache keeps them (`serve`: see
    /// [`SearchCache::mark_all`]); a list that grows long is given its own when next
    /// patched.
    pub(super) marks: Vec<[Vec<Mark>; 2]>,
    /// The words with postings, in the shards' order.
    pub(super) order: Vec<u32>,
    /// The hash of each document block.
    pub(super) blocks: Vec<u64>,
}

impl SearchCache {
    /// Read every briefing of `site`.
    pub fn new(site: &Site) -> SearchCache {
        SearchCache::new_with(site, None)
    }

    /// Read every briefing of `site`, its summary and words from `texts` when given.
    pub(super) fn new_with(site: &Site, texts: Option<&dyn Texts>) -> SearchCache {
        let mut cache = SearchCache::from_parts(Vocab::default(), Vec::new(), Vec::new(), None);
        // A batch at a time: a read briefing holds its whole body.
        let all: Vec<usize> = (0..site.briefings.len()).collect();
        for batch in all.chunks(1024) {
            let raws: Vec<RawDoc> = batch.par_iter().map(|&i| raw_doc_with(site, i, texts)).collect();
            for raw in raws {
                cache.words.push(DocWords::of(&raw, &mut cache.vocab));
                cache.records.push(raw.record);
            }
        }
        cache
    }

    /// A cache of these briefings' words and records (by position), with the index
    /// last made of them, when there is one.
    pub(super) fn from_parts(
        vocab: Vocab,
        records: Vec<Vec<u8>>,
        words: Vec<DocWords>,
        built: Option<Built>,
    ) -> SearchCache {
        SearchCache {
            vocab,
            records,
            words,
            made: Vec::new(),
            built,
            pending: HashMap::new(),
            moved: None,
            marking: false,
            was_patched: false,
            #[cfg(test)]
            patched: 0,
        }
    }

    /// Read briefing `i` again after it changed (same briefings, same order).
    pub fn update(&mut self, site: &Site, i: usize) {
        self.update_with(site, i, None);
    }

    fn update_with(&mut self, site: &Site, i: usize, texts: Option<&dyn Texts>) {
        let raw = raw_doc_with(site, i, texts);
        let words = DocWords::of(&raw, &mut self.vocab);
        let was = std::mem::replace(&mut self.words[i], words);
        self.pending.entry(i).or_insert(was);
        self.records[i] = raw.record;
    }

    /// Follow an edit that added, removed or moved briefings: briefing `j` now was
    /// `from[j]` before; those with no position before, or with `reread(j)`, are read
    /// again, the others keep what was read of them.
    pub fn remap(&mut self, site: &Site, from: &[Option<usize>], reread: impl Fn(usize) -> bool + Sync) {
        self.remap_with(site, from, reread, None);
    }

    /// [`SearchCache::remap`], the summary and words of briefings read again taken from
    /// `texts` when given.
    pub(super) fn remap_with(
        &mut self,
        site: &Site,
        from: &[Option<usize>],
        reread: impl Fn(usize) -> bool + Sync,
        texts: Option<&dyn Texts>,
    ) {
        if from.len() == self.words.len() && from.iter().enumerate().all(|(j, o)| *o == Some(j)) {
            // Every briefing where it was: as edits of the re-read ones.
            for j in (0..from.len()).filter(|&j| reread(j)) {
                self.update_with(site, j, texts);
            }
            return;
        }
        if !self.pending.is_empty() || self.moved.is_some() {
            // Positions read again before this move would be lost in it.
            self.built = None;
        }
        self.pending.clear();
        let mut records: Vec<Option<Vec<u8>>> = std::mem::take(&mut self.records).into_iter().map(Some).collect();
        let mut words: Vec<Option<DocWords>> = std::mem::take(&mut self.words).into_iter().map(Some).collect();
        let fresh: Vec<usize> = (0..site.briefings.len()).filter(|&j| from[j].is_none() || reread(j)).collect();
        let raws: Vec<RawDoc> = fresh.par_iter().map(|&j| raw_doc_with(site, j, texts)).collect();
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
        // What was not taken went or was read again: the index last made has those words.
        let was = words.into_iter().enumerate().filter_map(|(o, w)| Some((o, w?))).collect();
        let reread = (0..from.len()).map(|j| from[j].is_some() && reread(j)).collect();
        self.moved = Some(Moved { old_of: from.to_vec(), reread, was });
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

    /// Keep marks in every long list of postings of the index (see
    /// [`super::postings::mark`]), from now on and in an index made whole later: `serve`
    /// does, before its first edit. A build, which patches the index once, walks the few
    /// lists it patches instead (making their marks would read each whole).
    pub fn mark_all(&mut self) {
        self.marking = true;
        if let Some(b) = &mut self.built {
            mark_lists(b);
        }
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
        self.make_with(site, layout).outs
    }

    /// How to bring `b` (made for the numbering it has) to the briefings' words now and
    /// the numbering `numbered`: none when it is to be made whole (the briefings that
    /// were not read again changed their order, which dates alone never do).
    fn steps(
        &self,
        b: &Built,
        numbered: &[usize],
        pending: HashMap<usize, DocWords>,
        moved: Option<Moved>,
    ) -> Option<Vec<Step>> {
        let count = self.words.len();
        // Expired briefings have pages but no number: they are in no list.
        let mut number = vec![None; count];
        for (n, &j) in numbered.iter().enumerate() {
            number[j] = Some(n as u32);
        }
        let (old_of, reread, mut was) = match moved {
            Some(m) if pending.is_empty() => (m.old_of, m.reread, m.was),
            Some(_) => return None,
            None => {
                if b.numbered == numbered {
                    // Each at its own number: in any order.
                    if pending.len() > MOST_REPLACED {
                        return None;
                    }
                    return Some(
                        pending.into_iter().filter_map(|(j, w)| Some(Step::Replace(number[j]?, j, w))).collect(),
                    );
                }
                let mut reread = vec![false; count];
                for &j in pending.keys() {
                    reread[j] = true;
                }
                ((0..count).map(Some).collect(), reread, pending)
            }
        };
        let changed = |j: usize| old_of[j].is_none() || reread[j];
        let old_count = b.numbered.iter().chain(old_of.iter().flatten()).max().map_or(0, |&o| o + 1);
        let mut new_of = vec![None; old_count];
        for (j, o) in old_of.iter().enumerate() {
            if let Some(o) = *o {
                new_of[o] = Some(j);
            }
        }
        // The briefings that stay as they were keep their order.
        let stay_before = b.numbered.iter().filter_map(|&o| new_of[o].filter(|&j| !changed(j)));
        let stay_now = numbered.iter().copied().filter(|&j| !changed(j));
        if !stay_before.eq(stay_now) {
            return None;
        }
        let mut steps = Vec::new();
        for (n, &o) in b.numbered.iter().enumerate().rev() {
            if new_of[o].is_none_or(changed) {
                steps.push(Step::Remove(n as u32, was.remove(&o)?));
            }
        }
        for (n, &j) in numbered.iter().enumerate() {
            if changed(j) {
                steps.push(Step::Insert(n as u32, j));
            }
        }
        (steps.len() <= MOST_STEPS).then_some(steps)
    }

    /// The files that may have changed since the index was last made, and the path of
    /// every file of the index, cut by `layout`.
    pub(super) fn make_with(&mut self, site: &Site, layout: Layout) -> Made {
        let routes = Routes::new(site.cfg, site.idx);
        let dir = routes.search_dir();
        let numbered: Vec<usize> = by_number(site).collect();
        let pending = std::mem::take(&mut self.pending);
        let moved = self.moved.take();
        let mut built = match self.built.take() {
            Some(b) if b.layout.block == layout.block && b.layout.shard_bytes == layout.shard_bytes => Some(b),
            _ => None,
        };
        let steps = built.as_ref().and_then(|b| self.steps(b, &numbered, pending, moved));
        if steps.is_none() {
            built = None;
        }
        self.was_patched = built.is_some();
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
                b.entries.resize_with(self.vocab.words.len(), Vec::new);
                b.body_at.resize(self.vocab.words.len(), 0);
                if self.marking {
                    b.marks.resize_with(self.vocab.words.len(), Default::default);
                }
                if b.inv.lists.len() < self.vocab.words.len() {
                    b.inv.lists.resize_with(self.vocab.words.len(), Postings::default);
                }
                let none = DocWords::default();
                let patch_at = |b: &mut Built, n: u32, was: &DocWords, now: &DocWords| {
                    for (w, had, has) in patch(b, &self.vocab, n, was, now, self.marking) {
                        reorder(&mut b.order, &self.vocab, w, had, has);
                    }
                };
                // The blocks made again: those of the briefings replaced, or all from the
                // first number that moved.
                let mut changed_blocks: Vec<usize> = Vec::new();
                let mut moved_from = usize::MAX;
                for step in steps.unwrap_or_default() {
                    match step {
                        Step::Replace(n, i, was) => {
                            patch_at(b, n, &was, &self.words[i]);
                            changed_blocks.push(n as usize / layout.block);
                        }
                        Step::Remove(n, was) => {
                            patch_at(b, n, &was, &none);
                            shift_all(b, &self.vocab, n + 1, -1, self.marking);
                            moved_from = moved_from.min(n as usize);
                        }
                        Step::Insert(n, i) => {
                            shift_all(b, &self.vocab, n, 1, self.marking);
                            patch_at(b, n, &none, &self.words[i]);
                            moved_from = moved_from.min(n as usize);
                        }
                    }
                }
                if moved_from != usize::MAX {
                    changed_blocks.extend(moved_from / layout.block..blocks);
                }
                changed_blocks.sort_unstable();
                changed_blocks.dedup();
                b.blocks.resize(blocks, 0);
                for k in changed_blocks {
                    let (o, h) = block_of(k);
                    b.blocks[k] = h;
                    let _ = sink(o);
                }
                b.numbered.clone_from(&numbered);
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
                let (body_at, marks) = (vec![0; entries.len()], Vec::new());
                let mut b = Built { layout, numbered, inv, entries, body_at, marks, order, blocks: hashes };
                if self.marking {
                    mark_lists(&mut b);
                }
                built = Some(b);
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
        Made { outs: out, all }
    }
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
