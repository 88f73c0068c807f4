//! The URL checks of a `serve` edit: the errors a full [`check_urls`] would give, found
//! from the claims the edit made rather than by claiming every URL again.
//!
//! [`check_urls`]: super::manifest::check_urls

use std::path::Path;

use rustc_hash::FxHashMap;

use super::manifest::{Owner, at_url_lines, clash, redirect_clash};
use super::{ARCHIVE, CORRECTIONS, PAGER_SEGMENT, SEARCH, date_path, taxonomy_path, term_path};
use crate::diag::Diagnostic;
use crate::index::Index;
use crate::model::{Briefing, Page};

/// What generated page, if any, has the site path `url` (the pages a full check claims
/// before any briefing).
fn generated_owner<'a>(idx: &'a Index, url: &str) -> Option<Owner<'a>> {
    let url = if idx.is_main() { url } else { url.strip_prefix(idx.root.trim_end_matches('/'))? };
    let segs: Vec<&str> = url.trim_matches('/').split('/').collect();
    let (base, pager) = match segs.split_last() {
        Some((&PAGER_SEGMENT, rest)) if !rest.is_empty() => (rest, true),
        _ => (&segs[..], false),
    };
    match segs.as_slice() {
        ["archive"] => return Some(Owner::BuiltIn(ARCHIVE)),
        ["search"] => return Some(Owner::BuiltIn(SEARCH)),
        ["corrections"] => return Some(Owner::BuiltIn(CORRECTIONS)),
        [PAGER_SEGMENT] => return Some(Owner::BuiltIn("/page/")),
        _ => {}
    }
    for t in &idx.taxonomies {
        match base {
            [name] if *name == t.name && !pager => return Some(Owner::TaxonomyIndex(&t.name)),
            [name, slug] if *name == t.name => {
                if let Ok(k) = t.terms.binary_search_by(|term| term.slug.as_str().cmp(slug)) {
                    return Some(Owner::Term { taxonomy: &t.name, name: &t.terms[k].name, pager });
                }
            }
            _ => {}
        }
    }
    let base_path = format!("/{}/", base.join("/"));
    for y in &idx.years {
        if base_path == date_path(y.year, None, None) {
            return Some(Owner::Date { kind: "year", pager });
        }
        for m in &y.months {
            if base_path == date_path(y.year, Some(m.month), None) {
                return Some(Owner::Date { kind: "month", pager });
            }
            if m.days.iter().any(|d| base_path == date_path(y.year, Some(m.month), Some(d.day))) {
                return Some(Owner::Date { kind: "day", pager });
            }
        }
    }
    None
}

/// After an edit that read the briefings `fresh` again (new, changed) and patched the
/// index, whether [`check_urls`] would pass, given that it passed before the edit: a
/// clash needs a claim the edit made, and the edit's claims are the fresh briefings'
/// URLs, old URLs and aliases, and the term and date pages they list on. False when one
/// of them has a second owner (or may have): the full check then says which.
pub fn fresh_claims_are_free(briefings: &[Briefing], idx: &Index, fresh: &[usize]) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Claim {
        Source(usize),
        Redirect(usize),
        Generated,
    }
    let mut claims: FxHashMap<String, Claim> = Default::default();
    let mut put = |url: String, c: Claim| match claims.get(&url) {
        Some(&old) if old != c => false,
        _ => {
            claims.insert(url, c);
            true
        }
    };
    let mut free = true;
    for &j in fresh {
        free &= put(idx.permalinks[j].clone(), Claim::Source(j));
        for r in idx.redirects.iter().filter(|r| r.to == j) {
            free &= put(r.from.clone(), Claim::Redirect(j));
        }
        if idx.rank[j] == crate::index::UNLISTED {
            continue;
        }
        let b = &briefings[j];
        for (t, tax) in idx.taxonomies.iter().enumerate() {
            let slugs = idx.slugs_of(b, t);
            if !slugs.is_empty() {
                free &= put(idx.rooted(&taxonomy_path(&tax.name)), Claim::Generated);
            }
            for slug in slugs {
                let base = idx.rooted(&term_path(&tax.name, slug));
                free &= put(format!("{base}{PAGER_SEGMENT}/"), Claim::Generated);
                free &= put(base, Claim::Generated);
            }
        }
        let d = b.date.date();
        for path in [
            date_path(d.year(), None, None),
            date_path(d.year(), Some(d.month()), None),
            date_path(d.year(), Some(d.month()), Some(d.day())),
        ] {
            let base = idx.rooted(&path);
            free &= put(format!("{base}{PAGER_SEGMENT}/"), Claim::Generated);
            free &= put(base, Claim::Generated);
        }
    }
    if !free {
        return false;
    }
    let own = |url: &str, k: usize| matches!(claims.get(url), Some(&Claim::Source(j)) if j == k);
    let sources_free = idx.permalinks.iter().enumerate().all(|(k, p)| !claims.contains_key(p) || own(p, k))
        && idx.page_paths.iter().all(|p| !claims.contains_key(p));
    let redirects_free = idx.redirects.iter().all(|r| match claims.get(&r.from) {
        None => true,
        Some(&Claim::Redirect(j)) => r.to == j,
        Some(_) => false,
    });
    sources_free
        && redirects_free
        && claims.iter().all(|(url, c)| *c == Claim::Generated || generated_owner(idx, url).is_none())
}

/// After the briefings `changed` got new URLs (and nothing else moved), the errors a
/// full [`check_urls`] would give about them: for `serve`, without claiming every URL
/// again.
pub fn check_changed_urls(
    briefings: &[Briefing],
    pages: &[Page],
    idx: &Index,
    changed: &[usize],
) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for &i in changed {
        let url = idx.permalinks[i].as_str();
        let src = briefings[i].source.as_path();
        if let Some(owner) = generated_owner(idx, url) {
            diags.extend(clash(url, Owner::Source(src), owner));
            continue;
        }
        // As in a full check: of the sources of one URL, in path order, the first owns it
        // and each later one is an error.
        let mut sources: Vec<&Path> = (0..briefings.len())
            .filter(|&j| idx.permalinks[j] == url)
            .map(|j| briefings[j].source.as_path())
            .chain(pages.iter().zip(&idx.page_paths).filter(|(_, u)| *u == url).map(|(p, _)| p.source.as_path()))
            .collect();
        sources.sort();
        for later in sources.iter().skip(1) {
            if let Some(d) = clash(url, Owner::Source(later), Owner::Source(sources[0]))
                && !diags.contains(&d)
            {
                diags.push(d);
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(at_url_lines(briefings, diags)) }
}

/// After the briefings `changed` got new URLs (and nothing else moved), the redirect
/// errors a full [`check_urls`] would give: a new URL that is another briefing's old
/// URL or alias. (The old URLs that now redirect were those briefings' own pages, so no
/// other page can hold them.)
pub fn check_changed_redirects(briefings: &[Briefing], idx: &Index, changed: &[usize]) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for &i in changed {
        let url = idx.permalinks[i].as_str();
        for r in idx.redirects.iter().filter(|r| r.from == url && r.to != i) {
            diags.push(redirect_clash(r, briefings, Owner::Source(&briefings[i].source)));
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}
