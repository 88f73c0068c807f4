//! Related briefings: the ones sharing the most tags, nearest in time first, looked for
//! only among the nearest briefings of each tag so the work stays linear.

use super::Taxonomy;

/// How many briefings on each side of a briefing, within one term, are considered related.
pub const RELATED_WINDOW: usize = 150;

/// How many related briefings a briefing lists.
pub const RELATED_COUNT: usize = 5;

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
///
/// The work is done in the space of ranks (positions in the order): each term's
/// briefings as their ranks, one contiguous array, and the shared counts in an array by
/// rank, so counting takes no branch and no look-up of a briefing's rank. Each
/// candidate is then taken once, from the same windows, its count cleared as it is.
/// `rank` and `order` are the index's (a briefing's position, and the briefing at a
/// position).
pub fn related(
    taxonomies: &[Taxonomy],
    tags: Option<usize>,
    rank: &[usize],
    order: &[usize],
) -> (Vec<Vec<usize>>, Vec<Fit>) {
    let all: Vec<usize> = (0..rank.len()).collect();
    related_of(taxonomies, tags, rank, order, &all)
}

/// How firmly a related list holds, for `serve` to tell whether an edit can change it
/// without making it again: the shared counts of its briefings, and how much nearer in
/// positions the best briefing left out would have to come to take the last one's place
/// (`u32::MAX` when it shares fewer terms, or there is none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    /// Shared terms of each related briefing, in the list's order.
    pub shared: [u8; RELATED_COUNT],
    /// The distance between the last related briefing and the best one left out, when
    /// they share as many terms.
    pub slack: u32,
}

/// The part of a [`related_key`]: shared terms, distance.
fn key_parts(key: u64) -> (u8, u32) {
    ((255 - (key >> 56)) as u8, ((key >> 28) & ((1 << 28) - 1)) as u32)
}

/// [`related`] of the briefings `which` only, in that order.
pub fn related_of(
    taxonomies: &[Taxonomy],
    tags: Option<usize>,
    rank: &[usize],
    order: &[usize],
    which: &[usize],
) -> (Vec<Vec<usize>>, Vec<Fit>) {
    let n = rank.len();
    let none = || (Vec::new(), Fit { shared: [0; RELATED_COUNT], slack: u32::MAX });
    let Some(t) = tags else { return (vec![Vec::new(); which.len()], vec![none().1; which.len()]) };
    let tax = &taxonomies[t];
    // Each briefing's terms, one list after another, taken from the terms' lists (a
    // briefing is in a term's list once, and every listed briefing is in those of all its
    // terms): the briefings themselves, large and scattered in memory, are not read.
    let mut starts = vec![0usize; n + 1];
    for term in &tax.terms {
        for &j in &term.items {
            starts[j + 1] += 1;
        }
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut terms_of = vec![0u32; starts[n]];
    let mut fill = starts.clone();
    for (k, term) in tax.terms.iter().enumerate() {
        for &j in &term.items {
            terms_of[fill[j]] = k as u32;
            fill[j] += 1;
        }
    }
    // Each term's briefings by rank, newest first (the term's order).
    let ranks: Vec<Vec<u32>> = tax.terms.iter().map(|t| t.items.iter().map(|&j| rank[j] as u32).collect()).collect();
    use rayon::prelude::*;
    // Straight into two lists, in order: no list of pairs held beside them.
    let (mut lists, mut fits) = (Vec::new(), Vec::new());
    which
        .par_iter()
        .map_init(
            || vec![0u32; order.len()],
            |counts, &i| {
                if rank[i] == super::UNLISTED {
                    return none();
                }
                let me = rank[i] as u32;
                // Look only at the briefings of each term nearest in time: large terms
                // would make this quadratic, and a briefing from the same weeks is the
                // better match.
                let window = |t: u32| {
                    let items = &ranks[t as usize];
                    let pos = items.partition_point(|&r| r < me);
                    &items[pos.saturating_sub(RELATED_WINDOW)..(pos + RELATED_WINDOW + 1).min(items.len())]
                };
                let terms = &terms_of[starts[i]..starts[i + 1]];
                for &t in terms {
                    for &r in window(t) {
                        counts[r as usize] += 1;
                    }
                }
                counts[me as usize] = 0;
                // Most shared terms first, then nearest in time, then newer: packed into
                // one integer per candidate, and the six smallest kept in a sorted array
                // (the sixth, the best left out, says how firmly the list holds).
                const KEPT: usize = RELATED_COUNT + 1;
                let mut best = [(u64::MAX, 0u32); KEPT];
                for &t in terms {
                    for &r in window(t) {
                        let shared = std::mem::take(&mut counts[r as usize]);
                        if shared == 0 {
                            continue;
                        }
                        let key = related_key(shared, r.abs_diff(me) as usize, r as usize);
                        if key < best[KEPT - 1].0 {
                            let mut p = KEPT - 1;
                            while p > 0 && best[p - 1].0 > key {
                                best[p] = best[p - 1];
                                p -= 1;
                            }
                            best[p] = (key, r);
                        }
                    }
                }
                let mut fit = Fit { shared: [0; RELATED_COUNT], slack: u32::MAX };
                for (s, &(key, _)) in fit.shared.iter_mut().zip(&best).filter(|(_, (k, _))| *k != u64::MAX) {
                    *s = key_parts(key).0;
                }
                let (last, out) = (best[RELATED_COUNT - 1].0, best[RELATED_COUNT].0);
                if out != u64::MAX && key_parts(last).0 == key_parts(out).0 {
                    fit.slack = key_parts(out).1 - key_parts(last).1;
                }
                let list =
                    best[..RELATED_COUNT].iter().filter(|(k, _)| *k != u64::MAX).map(|&(_, r)| order[r as usize]);
                (list.collect(), fit)
            },
        )
        .unzip_into_vecs(&mut lists, &mut fits);
    (lists, fits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::Briefing;

    /// The rule written plainly: every candidate of every term's window counted in a map,
    /// all of them sorted by the rule, the first five kept.
    fn by_the_rule(bs: &[Briefing], tax: &Taxonomy, t: usize, rank: &[usize]) -> Vec<Vec<usize>> {
        (0..bs.len())
            .map(|i| {
                if rank[i] == super::super::UNLISTED {
                    return Vec::new();
                }
                let mut counts: std::collections::BTreeMap<usize, u32> = Default::default();
                for slug in &bs[i].term_slugs[t] {
                    let Some(term) = tax.terms.iter().find(|t| &t.slug == slug) else { continue };
                    let pos = term.items.iter().position(|&j| rank[j] >= rank[i]).unwrap_or(term.items.len());
                    let lo = pos.saturating_sub(RELATED_WINDOW);
                    let hi = (pos + RELATED_WINDOW + 1).min(term.items.len());
                    for &j in term.items[lo..hi].iter().filter(|&&j| j != i) {
                        *counts.entry(j).or_default() += 1;
                    }
                }
                let mut all: Vec<(usize, u32)> = counts.into_iter().collect();
                all.sort_by_key(|&(j, shared)| (std::cmp::Reverse(shared), rank[j].abs_diff(rank[i]), rank[j]));
                all.into_iter().take(RELATED_COUNT).map(|(j, _)| j).collect()
            })
            .collect()
    }

    #[test]
    fn related_briefings_follow_the_rule_in_random_sites() {
        let mut seed = 7u64;
        let mut next = move |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % m
        };
        let cfg = Config::default();
        // Sites of many briefings in few tags, whose terms outgrow the window on both
        // sides, and of few briefings in many tags, where most candidates share one tag and
        // ties are many, and of one tag on every briefing beside rare ones, where the
        // briefings sharing two tags can be at the edge of the common tag's window. Few days, so that many share a date; some briefings expired (not
        // listed), some with a tag twice under two spellings.
        let shapes =
            [(300, 4, false), (900, 4, false), (1200, 4, false), (150, 20, false), (400, 60, false), (1000, 40, true)];
        for (site, (n, pool, common)) in shapes.into_iter().enumerate() {
            let bs: Vec<Briefing> = (0..n)
                .map(|k| {
                    let mut tags: Vec<String> = (0..1 + next(4)).map(|_| format!("t{}", next(pool))).collect();
                    if common {
                        tags = vec!["common".into(), format!("t{}", next(pool))];
                    }
                    if next(10) == 0 {
                        tags.push(tags[0].to_uppercase());
                    }
                    let text = format!(
                        "---\ntitle: b{k}\ndate: 2024-0{}-1{}\ntags: [{}]\n---\nbody\n",
                        1 + next(3),
                        next(10),
                        tags.join(", ")
                    );
                    let path = std::path::PathBuf::from(format!("content/b{k}.md"));
                    let mut b =
                        crate::parse::parse_briefing(&path, &Default::default(), &text, &cfg).item.expect("valid");
                    b.expired = next(15) == 0;
                    b
                })
                .collect();
            let permalinks = bs.iter().map(|b| crate::routes::permalink(&cfg.permalink, b)).collect();
            let idx = super::super::build_index(&cfg, &bs, permalinks, Vec::new(), &Default::default());
            let tags = cfg.tags_taxonomy().expect("a tags taxonomy");
            let longest = idx.taxonomies[tags].terms.iter().map(|t| t.items.len()).max().unwrap_or(0);
            assert!(
                longest > 2 * RELATED_WINDOW + 1 || n < 900 || (pool > 4 && !common),
                "site {site}: its terms reach past the window"
            );
            let got = related(&idx.taxonomies, Some(tags), &idx.rank, &idx.order).0;
            assert_eq!(got, by_the_rule(&bs, &idx.taxonomies[tags], tags, &idx.rank), "site {site}");
            assert!(got.iter().any(|r| r.len() == RELATED_COUNT), "site {site} has full lists");
        }
    }
}
