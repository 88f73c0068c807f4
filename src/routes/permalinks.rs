//! Briefings' URLs: the permalink pattern filled in for each, and the cut slugs that
//! collide made distinct.

use crate::model::Briefing;

/// Fill the permalink pattern for a briefing.
pub fn permalink(pattern: &str, b: &Briefing) -> String {
    permalink_with(pattern, b, &b.slug)
}

/// `pattern` with each placeholder filled in, in one pass (the placeholders' names
/// start with different letters, and what fills one never makes another).
fn permalink_with(pattern: &str, b: &Briefing, slug: &str) -> String {
    use std::fmt::Write as _;
    let d = b.date.date();
    let mut out = String::with_capacity(pattern.len() + slug.len() + 8);
    let mut rest = pattern;
    while let Some(k) = rest.find(':') {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        rest = if let Some(r) = tail.strip_prefix(":year") {
            let _ = write!(out, "{:04}", d.year());
            r
        } else if let Some(r) = tail.strip_prefix(":month") {
            let _ = write!(out, "{:02}", d.month());
            r
        } else if let Some(r) = tail.strip_prefix(":day") {
            let _ = write!(out, "{:02}", d.day());
            r
        } else if let Some(r) = tail.strip_prefix(":slug") {
            out.push_str(slug);
            r
        } else {
            out.push(':');
            &tail[1..]
        };
    }
    out.push_str(rest);
    out
}

/// `path` (a site path, `/2024/07/10/x/`) under an edition's `root` (`/ko/`); itself
/// under the default edition's root, `/`.
pub fn rooted(root: &str, path: String) -> String {
    if root.len() <= 1 { path } else { format!("{root}{}", path.trim_start_matches('/')) }
}

/// [`permalinks`] under the edition's `root`, with who published which URL read from
/// `lock` (whose URLs are under their editions' roots). A URL counts as another
/// briefing's only while one of `everyone` (the edition's briefings, `briefings` among
/// them) has an id the lock keeps it for: the URL of a briefing no file has now is free
/// for a briefing that would have it (that briefing's file renamed, say: see
/// [`crate::lock::takeovers`]).
pub fn locked_permalinks(
    pattern: &str,
    root: &str,
    briefings: &[Briefing],
    lock: &crate::lock::Lock,
    everyone: &[Briefing],
) -> Vec<String> {
    // Who published which URL, for cut slugs only (the rare case that needs it).
    let owners: rustc_hash::FxHashMap<&str, Vec<&str>> = if briefings.iter().any(|b| b.uncut_slug.is_some()) {
        let mut m: rustc_hash::FxHashMap<&str, Vec<&str>> = Default::default();
        for (id, url) in lock.entries() {
            m.entry(url).or_default().push(id);
        }
        m
    } else {
        Default::default()
    };
    let live: std::sync::OnceLock<rustc_hash::FxHashSet<&str>> = std::sync::OnceLock::new();
    let is_live = |id: &str| live.get_or_init(|| everyone.iter().map(|b| b.id.as_str()).collect()).contains(id);
    let published = |i: usize, url: &str| {
        let url = rooted(root, url.to_string());
        match owners.get(url.as_str()) {
            None => Publisher::Nobody,
            Some(ids) if ids.contains(&briefings[i].id.as_str()) => Publisher::This,
            Some(ids) if ids.iter().any(|id| is_live(id)) => Publisher::Other,
            Some(_) => Publisher::Nobody,
        }
    };
    let links = permalinks(pattern, briefings, &published);
    if root.len() <= 1 {
        return links;
    }
    links.into_iter().map(|l| rooted(root, l)).collect()
}

/// Every briefing's permalink, by briefing. Cutting a long title's slug must never be
/// what makes two URLs one: when briefings whose slugs were cut share a URL with others,
/// one keeps it (the one that has published it, as `published(i, url)` says from
/// urls.lock; else a briefing whose slug was not cut; else the oldest, ties by source
/// path) and each other cut one takes its whole slug instead (or, past [`MAX_BYTES`],
/// its cut slug and a stable hash of the whole one). The result depends only on the set
/// of briefings, not their order. URLs two briefings share for another reason stay
/// shared, for [`manifest::check_urls`] to report.
///
/// [`MAX_BYTES`]: crate::parse::slug::MAX_BYTES
pub fn permalinks(
    pattern: &str,
    briefings: &[Briefing],
    published: &(dyn Fn(usize, &str) -> Publisher + Sync),
) -> Vec<String> {
    use rayon::prelude::*;
    let mut links: Vec<String> = briefings.par_iter().map(|b| permalink(pattern, b)).collect();
    if briefings.iter().all(|b| b.uncut_slug.is_none()) {
        return links;
    }
    let mut by_url: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for (i, link) in links.iter().enumerate() {
        by_url.entry(link.as_str()).or_default().push(i);
    }
    let mut moves: Vec<(usize, String)> = Vec::new();
    for group in by_url.into_values().filter(|g| g.len() > 1) {
        if group.iter().all(|&i| briefings[i].uncut_slug.is_none()) {
            continue;
        }
        // The briefing that has published the URL keeps it (urls.lock says who): a
        // published URL never moves because another briefing came along. One that has
        // published its whole slug's URL keeps that one: it is last in line.
        let uncut = |i: usize| {
            let b = &briefings[i];
            b.uncut_slug.as_ref().map(|u| permalink_with(pattern, b, &separated_slug(&b.slug, u)))
        };
        let keeper = *group
            .iter()
            .min_by_key(|&&i| {
                let b = &briefings[i];
                let has_uncut = uncut(i).is_some_and(|u| published(i, &u) == Publisher::This);
                (
                    published(i, &links[i]) != Publisher::This,
                    has_uncut,
                    b.uncut_slug.is_some(),
                    b.date.timestamp(),
                    &b.source,
                )
            })
            .expect("a group has members");
        for &i in group.iter().filter(|&&i| i != keeper) {
            let b = &briefings[i];
            if let Some(uncut) = &b.uncut_slug {
                moves.push((i, permalink_with(pattern, b, &separated_slug(&b.slug, uncut))));
            }
        }
    }
    // A cut slug whose URL another briefing has published (urls.lock) is not taken
    // either, even with no collision now: that URL leads to the other one for good.
    for (i, b) in briefings.iter().enumerate() {
        if let Some(uncut) = &b.uncut_slug
            && !moves.iter().any(|(j, _)| *j == i)
            && published(i, &links[i]) == Publisher::Other
        {
            moves.push((i, permalink_with(pattern, b, &separated_slug(&b.slug, uncut))));
        }
    }
    for (i, link) in moves {
        links[i] = link;
    }
    links
}

/// Who has published a URL, as far as [`permalinks`] needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publisher {
    /// No briefing yet.
    Nobody,
    /// The briefing asking.
    This,
    /// Another briefing.
    Other,
}

/// The slug a briefing takes when its cut slug collides: the whole slug when it fits in
/// a folder name, else the cut slug and eight hex digits of a hash of the whole one.
pub(super) fn separated_slug(cut: &str, uncut: &str) -> String {
    if uncut.len() <= crate::parse::slug::MAX_BYTES {
        return uncut.to_string();
    }
    crate::parse::slug::with_hash(cut, uncut)
}
