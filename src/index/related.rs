//! Related briefings: the ones sharing the most tags, nearest in time first, looked for
//! only among the nearest briefings of each tag so the work stays linear.

use super::Taxonomy;
use crate::model::Briefing;

/// How many briefings on each side of a briefing, within one term, are considered related.
const RELATED_WINDOW: usize = 150;

/// How many related briefings a briefing lists.
const RELATED_COUNT: usize = 5;

/// Sort key of a related candidate: more shared terms, then a smaller distance in the
/// order, then a smaller rank (newer) sort first. Distances and ranks are capped at 2^28
/// (268 million briefings) and counts at 255, far beyond any site.
fn related_key(shared: u32, distance: usize, rank: usize) -> u64 {
    const CAP: u64 = (1 << 28) - 1;
    let shared = u64::from(shared.min(255));
    ((255 - shared) << 56) | ((distance as u64).min(CAP) << 28) | (rank as u64).min(CAP)
}

/// Up to five briefings sharing the most terms of taxonomy `tags` (the tags taxonomy's
/// position, if any); ties go to the one nearest in time, then the newer, so the order
/// is deterministic.
pub fn related(
    briefings: &[Briefing],
    taxonomies: &[Taxonomy],
    tags: Option<usize>,
    rank: &[usize],
) -> Vec<Vec<usize>> {
    let Some(t) = tags else { return vec![Vec::new(); briefings.len()] };
    let tax = &taxonomies[t];
    let mut term_of: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (k, t) in tax.terms.iter().enumerate() {
        term_of.insert(t.slug.as_str(), k);
    }
    let slugs: Vec<Vec<usize>> = briefings
        .iter()
        .map(|b| b.term_slugs[t].iter().filter_map(|s| term_of.get(s.as_str()).copied()).collect())
        .collect();
    use rayon::prelude::*;
    let n = briefings.len();
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(counts, touched), i| {
                if rank[i] == super::UNLISTED {
                    return Vec::new();
                }
                for &t in &slugs[i] {
                    // Look only at the briefings of the term nearest in time: large terms
                    // would make this quadratic, and a briefing from the same weeks is the
                    // better match.
                    let items = &tax.terms[t].items;
                    let pos = items.binary_search_by_key(&rank[i], |&j| rank[j]).unwrap_or_else(|p| p);
                    let lo = pos.saturating_sub(RELATED_WINDOW);
                    let hi = (pos + RELATED_WINDOW + 1).min(items.len());
                    for &j in &items[lo..hi] {
                        if j != i {
                            if counts[j] == 0 {
                                touched.push(j);
                            }
                            counts[j] += 1;
                        }
                    }
                }
                // Most shared terms first, then nearest in time, then newer: packed into
                // one integer per candidate, and the five smallest kept in a sorted array.
                let mut best = [(u64::MAX, 0usize); RELATED_COUNT];
                for &j in touched.iter() {
                    let key = related_key(counts[j], rank[j].abs_diff(rank[i]), rank[j]);
                    if key < best[RELATED_COUNT - 1].0 {
                        let mut p = RELATED_COUNT - 1;
                        while p > 0 && best[p - 1].0 > key {
                            best[p] = best[p - 1];
                            p -= 1;
                        }
                        best[p] = (key, j);
                    }
                }
                let best: Vec<usize> = best.iter().filter(|(k, _)| *k != u64::MAX).map(|&(_, j)| j).collect();
                for &j in touched.iter() {
                    counts[j] = 0;
                }
                touched.clear();
                best
            },
        )
        .collect()
}
