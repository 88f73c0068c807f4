//! The index after a `serve` edit made from the index before it, rather than from every
//! briefing again: what the edit did not touch keeps its place, and the rest is put in.
//! The result is the index [`crate::site::index_site`] would build, or `None` where
//! patching would not be sure of that; then the caller builds it whole.

use std::cmp::Reverse;

use rayon::prelude::*;

use crate::config::Config;
use crate::index::{self, AUTHORS, Index, Redirect, Taxonomy, Term, UNLISTED};
use crate::lock::Lock;
use crate::model::{Authors, Briefing};
use crate::routes::{self, manifest};

/// Above this many briefings read again, the index is built whole: patching checks each
/// of them against every other briefing.
const MOST_FRESH: usize = 64;

/// What an edit did to the list of briefings (sorted by source, as `content/` is read).
#[derive(Debug, Clone, Copy)]
pub(super) struct ListEdit<'a> {
    /// For each briefing after the edit, its position before it (none for a new one).
    pub(super) from: &'a [Option<usize>],
    /// For each briefing after the edit, whether it was read again (new or changed).
    pub(super) reread: &'a [bool],
    /// The briefings before the edit that are not in the list after it as they were
    /// (deleted, or read again: their versions before the edit).
    pub(super) gone: &'a [&'a Briefing],
}

/// The index of `briefings` (the list after `edit`), patched from `old` (the index of the
/// list before it, built with the same settings, pages and authors, and valid). `None`
/// when it is not patched: many briefings read again, a kept briefing whose URL a cut
/// slug would move, or a possible clash of ids or URLs, which the whole build reports.
pub(super) fn patch(
    cfg: &Config,
    old: &Index,
    briefings: &[Briefing],
    edit: ListEdit,
    lock: &Lock,
    authors: &Authors,
) -> Option<Index> {
    let watch = crate::timing::Stopwatch::start("    patch: ");
    let n = briefings.len();
    let fresh: Vec<usize> = (0..n).filter(|&j| edit.reread[j]).collect();
    if fresh.len() > MOST_FRESH || edit.from.len() != n || edit.reread.len() != n {
        return None;
    }
    // Where each briefing kept as it was went.
    let mut to: Vec<Option<usize>> = vec![None; old.permalinks.len()];
    for (j, f) in edit.from.iter().enumerate() {
        if let Some(o) = *f
            && !edit.reread[j]
        {
            *to.get_mut(o)? = Some(j);
        }
    }
    let permalinks = permalinks(cfg, old, briefings, edit, &fresh, lock)?;
    for &j in &fresh {
        let id = &briefings[j].id;
        if briefings.iter().enumerate().any(|(k, b)| k != j && b.id == *id) {
            return None;
        }
    }
    watch.mark("ids and permalinks");
    // The order: the kept briefings in their order, the fresh ones merged in by the same
    // key a full sort uses (a stable sort of positions: ties keep source order).
    let key = |j: usize| (Reverse(briefings[j].date.timestamp()), &permalinks[j], j);
    let mut adds: Vec<usize> = fresh.iter().copied().filter(|&j| !briefings[j].expired).collect();
    adds.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let kept = old.order.iter().filter_map(|&o| to[o]);
    let order = merge(kept, &adds, |a, b| key(a) < key(b));
    let mut rank = vec![UNLISTED; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }

    watch.mark("order");
    // The date tree and the corrections, which read every briefing's date, are made
    // while the terms and related lists are patched: they need only the order.
    let dated = order.clone();
    let ((years, corrections), idx) = rayon::join(
        || (index::date_tree(briefings, &dated), index::corrections(briefings, &dated)),
        || {
            let (taxonomies, authors) = patch_taxonomies(cfg, old, briefings, &to, &adds, &rank, authors)?;
            // Old URLs: the kept briefings' are as they were (their ids and URLs did not
            // change, and the lock only gained current URLs since), the fresh ones' are
            // looked up.
            let mut redirects: Vec<Redirect> = old
                .redirects
                .iter()
                .filter_map(|r| Some(Redirect { from: r.from.clone(), to: to[r.to]?, by_hand: r.by_hand }))
                .collect();
            for &j in &fresh {
                manifest::push_redirects(&mut redirects, j, &briefings[j], &permalinks[j], lock);
            }
            redirects.sort_by(|a, b| (&a.from, a.to).cmp(&(&b.from, b.to)));
            let mut idx = Index {
                years: Vec::new(),
                corrections: Vec::new(),
                order,
                permalinks,
                page_paths: old.page_paths.clone(),
                rank,
                related: Vec::new(),
                related_fit: Vec::new(),
                taxonomies,
                authors,
                redirects,
                root: old.root.clone(),
                redirect_list: false,
            };
            if !manifest::fresh_claims_are_free(briefings, &idx, &fresh) {
                return None;
            }
            (idx.related, idx.related_fit) = patch_related(cfg, old, &idx, &to, &fresh, edit.reread);
            Some(idx)
        },
    );
    let mut idx = idx?;
    (idx.years, idx.corrections) = (years, corrections);
    watch.mark("terms, redirects, URL checks, related lists; dates");
    Some(idx)
}

/// The taxonomies after the edit (see [`patch_terms`]), the authors' last, and where
/// the authors' is; `None` when the settings' taxonomies are not `old`'s.
fn patch_taxonomies(
    cfg: &Config,
    old: &Index,
    briefings: &[Briefing],
    to: &[Option<usize>],
    adds: &[usize],
    rank: &[usize],
    authors: &Authors,
) -> Option<(Vec<Taxonomy>, Option<usize>)> {
    let mut taxonomies: Vec<Taxonomy> = Vec::with_capacity(cfg.taxonomies.len() + 1);
    for (t, name) in cfg.taxonomies.iter().enumerate() {
        let before = old.taxonomies.get(t).filter(|x| x.name == *name)?;
        let terms =
            patch_terms(&before.terms, to, adds, rank, |i| (&briefings[i].terms[t], &briefings[i].term_slugs[t]));
        taxonomies.push(Taxonomy { name: name.clone(), terms });
    }
    let old_authors: &[Term] = match old.authors {
        Some(a) => &old.taxonomies[a].terms,
        None => &[],
    };
    let mut author_terms =
        patch_terms(old_authors, to, adds, rank, |i| (&briefings[i].authors, &briefings[i].author_slugs));
    for term in &mut author_terms {
        if let Some(name) = authors.get(&term.slug).and_then(|p| p.name.clone()) {
            term.name = name;
        }
    }
    let authors_pos = (!author_terms.is_empty()).then(|| {
        taxonomies.push(Taxonomy { name: AUTHORS.into(), terms: author_terms });
        taxonomies.len() - 1
    });
    Some((taxonomies, authors_pos))
}

/// Every briefing's URL after the edit: the kept ones' as they were, the fresh ones'
/// made. A cut slug's URL depends on the briefings whose URLs it would share
/// ([`routes::permalinks`]): when a kept briefing's uncut URL is a fresh or gone one's,
/// all are made again (and `None` if that moves a kept one); else the fresh ones are
/// made among themselves. The lock may have gained URLs since `old` was built, but only
/// URLs briefings had then: a kept briefing that shares its uncut URL with no fresh or
/// gone one keeps the place it had (a URL another briefing had was already not its).
fn permalinks(
    cfg: &Config,
    old: &Index,
    briefings: &[Briefing],
    edit: ListEdit,
    fresh: &[usize],
    lock: &Lock,
) -> Option<Vec<String>> {
    let n = briefings.len();
    let pattern = &cfg.permalink;
    // The edition's URLs are under its root, as the index's are.
    let root = old.root.as_str();
    let link = |b: &Briefing| routes::rooted(root, routes::permalink(pattern, b));
    let kept = |j: usize| edit.from[j].filter(|_| !edit.reread[j]);
    let mut links: Vec<String> =
        (0..n).map(|j| kept(j).map(|o| old.permalinks[o].clone()).unwrap_or_default()).collect();
    let cut = fresh.iter().map(|&j| &briefings[j]).chain(edit.gone.iter().copied()).any(|b| b.uncut_slug.is_some())
        || briefings.iter().any(|b| b.uncut_slug.is_some());
    if !cut {
        for &j in fresh {
            links[j] = link(&briefings[j]);
        }
        return Some(links);
    }
    // The uncut URLs the edit brings or takes away; a kept briefing's (its URL, unless
    // its slug was cut and so may have moved).
    let touched: rustc_hash::FxHashSet<String> =
        fresh.iter().map(|&j| &briefings[j]).chain(edit.gone.iter().copied()).map(link).collect();
    let shares = (0..n).filter_map(|j| kept(j).map(|o| (j, o))).any(|(j, o)| {
        if briefings[j].uncut_slug.is_some() {
            touched.contains(&link(&briefings[j]))
        } else {
            touched.contains(&old.permalinks[o])
        }
    });
    if shares {
        let all = routes::locked_permalinks(pattern, root, briefings, lock, briefings);
        let moved = (0..n).any(|j| kept(j).is_some_and(|o| all[j] != old.permalinks[o]));
        return (!moved).then_some(all);
    }
    // No kept briefing shares a URL with a fresh one: the fresh ones' groups are their own.
    let own: Vec<Briefing> = fresh.iter().map(|&j| briefings[j].clone()).collect();
    for (&j, link) in fresh.iter().zip(routes::locked_permalinks(pattern, root, &own, lock, briefings)) {
        links[j] = link;
    }
    Some(links)
}

/// `kept` (sorted) and `adds` (sorted) merged, `less` saying which goes first.
fn merge(kept: impl Iterator<Item = usize>, adds: &[usize], less: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut out = Vec::with_capacity(adds.len() + kept.size_hint().0);
    let mut adds = adds.iter().copied().peekable();
    for k in kept {
        while let Some(a) = adds.next_if(|&a| less(a, k)) {
            out.push(a);
        }
        out.push(k);
    }
    out.extend(adds);
    out
}

/// One taxonomy's terms after the edit: each old term's kept briefings moved to their new
/// positions, the added briefings (`adds`, listed ones) put in by rank, new terms made,
/// empty ones dropped, and the name (the smallest spelling of the slug) taken again
/// where the briefings changed.
fn patch_terms<'b>(
    old: &[Term],
    to: &[Option<usize>],
    adds: &[usize],
    rank: &[usize],
    of: impl Fn(usize) -> (&'b Vec<String>, &'b Vec<String>),
) -> Vec<Term> {
    let mut terms: Vec<(Term, bool)> = old
        .iter()
        .map(|t| {
            let items: Vec<usize> = t.items.iter().filter_map(|&o| to[o]).collect();
            let touched = items.len() != t.items.len();
            (Term { name: t.name.clone(), slug: t.slug.clone(), items }, touched)
        })
        .collect();
    let mut made: Vec<(Term, bool)> = Vec::new();
    for &i in adds {
        let (names, slugs) = of(i);
        for (name, slug) in names.iter().zip(slugs) {
            let at = match terms.binary_search_by(|(t, _)| t.slug.as_str().cmp(slug)) {
                Ok(k) => &mut terms[k],
                Err(_) => match made.iter().position(|(t, _)| t.slug == *slug) {
                    Some(k) => &mut made[k],
                    None => {
                        made.push((Term { name: name.clone(), slug: slug.clone(), items: Vec::new() }, true));
                        made.last_mut().expect("pushed above")
                    }
                },
            };
            let p = at.0.items.partition_point(|&x| rank[x] < rank[i]);
            if at.0.items.get(p) != Some(&i) {
                at.0.items.insert(p, i);
            }
            at.1 = true;
        }
    }
    terms.extend(made);
    terms.retain(|(t, _)| !t.items.is_empty());
    terms.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
    terms
        .into_iter()
        .map(|(mut t, touched)| {
            if touched {
                let names = t.items.iter().flat_map(|&i| {
                    let (names, slugs) = of(i);
                    names.iter().zip(slugs).filter(|(_, s)| **s == t.slug).map(|(n, _)| n)
                });
                t.name = names.min().expect("a term's briefings have its slug").clone();
            }
            t
        })
        .collect()
}

/// The related lists of `idx` (patched from `old`), with how firmly each holds. A kept
/// briefing's list is kept when no window of its terms gained or lost a briefing (a
/// briefing of the term put in or taken out within a window's reach of it) and the
/// distances the edit shifted cannot reorder it. A briefing put in (or taken out)
/// lengthens (or shortens) by one the distance of each pair it falls between and leaves
/// the others, so `k` briefings put in or taken out (one read again is both) move the
/// gap between two distances by at most `k`, and only those put in between a briefing
/// and its last related one, or taken out within reach of the best one left out, move
/// it at all. So its list stays in order (checked at the new positions) and the best
/// briefing left out stays out while its slack exceeds what the edit can take off it
/// (the slack kept is lowered by as much, so it stays a bound; the test fails when one
/// less is taken). Every other list is made again.
fn patch_related(
    cfg: &Config,
    old: &Index,
    idx: &Index,
    to: &[Option<usize>],
    fresh: &[usize],
    reread: &[bool],
) -> (Vec<Vec<usize>>, Vec<index::Fit>) {
    let tags = cfg.tags_taxonomy();
    let n = idx.rank.len();
    let mut again = vec![false; n];
    for &j in fresh {
        again[j] = true;
    }
    let reach = index::RELATED_WINDOW + 1;
    if let Some(t) = tags
        && old.taxonomies.len() > t
    {
        // A briefing taken out of a term: the kept ones near it there.
        for term in &old.taxonomies[t].terms {
            for (q, &o) in term.items.iter().enumerate() {
                if to[o].is_none() {
                    let near = &term.items[q.saturating_sub(reach)..(q + reach + 1).min(term.items.len())];
                    for j in near.iter().filter_map(|&x| to[x]) {
                        again[j] = true;
                    }
                }
            }
        }
        // A briefing put in: the ones near it in its terms.
        for term in &idx.taxonomies[t].terms {
            for (p, j) in term.items.iter().enumerate() {
                if reread[*j] {
                    for &x in &term.items[p.saturating_sub(reach)..(p + reach + 1).min(term.items.len())] {
                        again[x] = true;
                    }
                }
            }
        }
    }
    // Where the edit put briefings into the order (their new places) and took them out
    // of it (their old places).
    let put_in: Vec<usize> = fresh.iter().map(|&j| idx.rank[j]).filter(|&r| r != UNLISTED).collect();
    let taken_out: Vec<usize> = (0..old.order.len()).filter(|&r| to[old.order[r]].is_none()).collect();
    let shift = (put_in.len() + taken_out.len()) as u64;
    // What the edit can take off the slack of the list of `o` (now `j`), whose last
    // briefing is `last` (now `last_now`): a briefing put in between it and its last
    // lengthens that distance by one; one taken out shortens a left-out briefing's when
    // between them. None is, unless within reach of the best one left out (its distance,
    // `slack` past the last's, plus the briefings taken out).
    let cost = |o: usize, j: usize, last: usize, last_now: usize, slack: u64| -> u64 {
        let (me, me_now) = (old.rank[o], idx.rank[j]);
        if me == UNLISTED || me_now == UNLISTED || old.rank[last] == UNLISTED || idx.rank[last_now] == UNLISTED {
            return shift;
        }
        let (lo, hi) = (me_now.min(idx.rank[last_now]), me_now.max(idx.rank[last_now]));
        let between = put_in.iter().filter(|&&r| lo < r && r < hi).count() as u64;
        let reach = old.rank[last].abs_diff(me) as u64 + slack + taken_out.len() as u64;
        let near = taken_out.iter().any(|&q| (q.abs_diff(me) as u64) < reach);
        between + if near { taken_out.len() as u64 } else { 0 }
    };
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut fits = vec![index::Fit::default(); n];
    // Each kept list is checked on its own: in parallel.
    type Checked = (usize, Option<(Vec<usize>, index::Fit)>);
    let checked: Vec<Checked> = to
        .par_iter()
        .enumerate()
        .filter_map(|(o, j)| j.filter(|&j| !again[j]).map(|j| (o, j)))
        .map(|(o, j)| {
            let fit = old.related_fit.get(o).copied().unwrap_or_default();
            let slack = u64::from(fit.slack);
            let list: Option<Vec<usize>> = old.related[o].iter().map(|&r| to[r]).collect();
            let holds = |list: &[usize]| {
                let me = idx.rank[j];
                // Each next one shares fewer terms, or as many and is farther, or as far
                // and older (its key is larger).
                let key = |(p, &c): (usize, &usize)| {
                    (std::cmp::Reverse(fit.shared[p]), idx.rank[c].abs_diff(me), idx.rank[c])
                };
                let keys: Vec<_> = list.iter().enumerate().map(key).collect();
                keys.windows(2).all(|w| w[0] < w[1])
            };
            let lost = match (&list, old.related[o].last()) {
                (Some(list), Some(&last)) if fit.slack != u32::MAX => cost(o, j, last, list[list.len() - 1], slack),
                _ => 0,
            };
            match list {
                Some(list) if (fit.slack == u32::MAX || slack > lost) && holds(&list) => {
                    let slack = if fit.slack == u32::MAX { u32::MAX } else { (slack - lost) as u32 };
                    (j, Some((list, index::Fit { shared: fit.shared, slack })))
                }
                _ => (j, None),
            }
        })
        .collect();
    for (j, kept) in checked {
        match kept {
            Some((list, fit)) => (related[j], fits[j]) = (list, fit),
            None => again[j] = true,
        }
    }
    let which: Vec<usize> = (0..n).filter(|&j| again[j]).collect();
    if crate::timing::enabled() {
        eprintln!("timing:     patch: related lists made again: {} of {}", which.len(), n);
    }
    let (lists, made) = index::related_of(&idx.taxonomies, tags, &idx.rank, &idx.order, &which);
    for ((&j, list), fit) in which.iter().zip(lists).zip(made) {
        related[j] = list;
        fits[j] = fit;
    }
    (related, fits)
}

#[cfg(test)]
mod tests;
