//! The search index as `serve` keeps it: each briefing's record and words, read again
//! only when the briefing changes, from which every file of the index is made again
//! after an edit.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{DocWords, Hash, Inverted, LAYOUT, Layout, RawDoc, Vocab, block, by_number, manifest, raw_doc, shards};
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
}

impl SearchCache {
    /// Read every briefing of `site`.
    pub fn new(site: &Site) -> SearchCache {
        let mut cache =
            SearchCache { vocab: Vocab::default(), records: Vec::new(), words: Vec::new(), made: Vec::new() };
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
        self.words[i] = DocWords::of(&raw, &mut self.vocab);
        self.records[i] = raw.record;
    }

    /// Follow an edit that added, removed or moved briefings: briefing `j` now was
    /// `from[j]` before; those with no position before, or with `reread(j)`, are read
    /// again, the others keep what was read of them.
    pub fn remap(&mut self, site: &Site, from: &[Option<usize>], reread: impl Fn(usize) -> bool + Sync) {
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

    /// Make the index's files again (all of them: an edit moves words between shards)
    /// and put them in `files` (output path → bytes); the files it no longer has are
    /// taken out. Returns the paths that changed and those taken out.
    pub fn refresh(&mut self, site: &Site, files: &mut HashMap<String, Arc<Vec<u8>>>) -> (Vec<String>, Vec<String>) {
        let outs = self.files_with(site, LAYOUT);
        let now: HashSet<&str> = outs.iter().map(|o| o.path.as_str()).collect();
        let removed: Vec<String> =
            self.made.iter().filter(|p| !now.contains(p.as_str()) && files.remove(*p).is_some()).cloned().collect();
        self.made = outs.iter().map(|o| o.path.clone()).collect();
        let mut changed = Vec::new();
        for o in outs {
            if files.get(&o.path).is_none_or(|b| **b != o.bytes) {
                changed.push(o.path.clone());
                files.insert(o.path, Arc::new(o.bytes));
            }
        }
        (changed, removed)
    }

    pub(super) fn files_with(&self, site: &Site, layout: Layout) -> Vec<Output> {
        let routes = Routes::new(site.cfg, site.idx);
        let dir = routes.search_dir();
        let numbered: Vec<usize> = by_number(site).collect();
        let out = std::sync::Mutex::new(Vec::new());
        let sink = |o: Output| {
            out.lock().expect("no panics while holding the lock").push(o);
            Ok::<(), std::convert::Infallible>(())
        };
        let mut hash = Hash::new();
        for (k, ids) in numbered.chunks(layout.block).enumerate() {
            let records: Vec<&[u8]> = ids.iter().map(|&i| self.records[i].as_slice()).collect();
            let bytes = block(&records);
            hash = hash.word(Hash::new().bytes(&bytes).0);
            let _ = sink(Output { path: output_file(&search_block(&dir, k)), bytes });
        }
        let mut inv = Inverted::default();
        for (n, &i) in numbered.iter().enumerate() {
            inv.add(n as u32, &self.words[i]);
        }
        let Ok((keys, shard_hash)) = shards(&self.vocab, &inv, &dir, layout.shard_bytes, &sink);
        let bytes = manifest(&dir, numbered.len(), layout.block, keys, hash.word(shard_hash.0));
        let _ = sink(Output { path: routes.file(Route::SearchIndex), bytes });
        let mut out = out.into_inner().expect("no panics while holding the lock");
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}
