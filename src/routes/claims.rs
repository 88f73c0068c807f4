//! The URL checks of a `serve` edit: the errors a full [`check_urls`] would give, found
//! from the claims the edit made rather than by claiming every URL again.
//!
//! [`check_urls`]: super::manifest::check_urls

use std::path::Path;

use rustc_hash::FxHashMap;

use super::manifest::{Owner, at_url_lines, clash, redirect_clash};
use super::{
    ARCHIVE, ATOM, CORRECTIONS, CORRECTIONS_FEED, JSON_FEED, NEWS_SITEMAP, NOT_FOUND, PAGER_SEGMENT, REDIRECTS, ROBOTS,
    SEARCH, SEARCH_DATA, SEARCH_INDEX_JSON, SITEMAP, date_path, taxonomy_path, term_path,
};
use crate::diag::Diagnostic;
use crate::index::{Edition, Index};
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
    // A date page: the node the numbers name, if its path is exactly this one (the
    // numbers are looked up rather than every node's path made).
    let base_path = format!("/{}/", base.join("/"));
    let num = |k: usize| base.get(k).and_then(|s| s.parse::<i16>().ok());
    let y = idx.years.iter().find(|y| Some(y.year) == num(0))?;
    let month = || y.months.iter().find(|m| Some(i16::from(m.month)) == num(1));
    let (kind, path) = match base.len() {
        1 => ("year", date_path(y.year, None, None)),
        2 => ("month", date_path(y.year, Some(month()?.month), None)),
        3 => {
            let m = month()?;
            let d = m.days.iter().find(|d| Some(i16::from(d.day)) == num(2))?;
            ("day", date_path(y.year, Some(m.month), Some(d.day)))
        }
        _ => return None,
    };
    (path == base_path).then_some(Owner::Date { kind, pager })
}

/// Whether the old URL `url` may be a file made at a fixed path (a feed, `robots.txt`,
/// the search index) rather than a page, which [`check_urls`] does not claim: `serve`
/// takes the full way for such a redirect, whose check of every file says whether it is
/// one (a sitemap is made only with a host, say).
pub fn may_be_a_made_file(idx: &Index, url: &str) -> bool {
    let url = if idx.is_main() { Some(url) } else { url.strip_prefix(idx.root.trim_end_matches('/')) };
    let fixed =
        [NOT_FOUND, ATOM, JSON_FEED, SEARCH_INDEX_JSON, SITEMAP, ROBOTS, CORRECTIONS_FEED, REDIRECTS, NEWS_SITEMAP];
    url.is_some_and(|u| {
        fixed.contains(&u)
            || u.starts_with(SEARCH_DATA)
            || u.ends_with("/atom.xml")
            || (u.starts_with("/sitemap-") && u.ends_with(".xml"))
    })
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

/// On a site with several languages, no page of one edition may take a URL under
/// another edition's root (a briefing or page of the default language at `/ko/…`), and
/// no old URL may be another edition's page.
pub fn check_edition_roots(editions: &[Edition]) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let roots: Vec<(&str, &str)> =
        editions.iter().skip(1).map(|ed| (ed.index.root.as_str(), ed.cfg.language.as_str())).collect();
    let mut pages: FxHashMap<&str, &Path> = FxHashMap::default();
    for ed in editions {
        let urls = ed.briefings.iter().zip(&ed.index.permalinks).map(|(b, u)| (u, b.source.as_path()));
        for (url, src) in urls.chain(ed.pages.iter().zip(&ed.index.page_paths).map(|(p, u)| (u, p.source.as_path()))) {
            pages.insert(url, src);
            if ed.index.is_main()
                && let Some((root, code)) = roots.iter().find(|(r, _)| url.starts_with(r))
            {
                diags.push(
                    Diagnostic::error(
                        src,
                        format!("URL `{url}` of `{}` is under `{root}`, the `{code}` edition's root", src.display()),
                    )
                    .hint("give it another `slug:`, or set its `lang:` if it belongs to that edition"),
                );
            }
        }
    }
    for ed in editions {
        for r in &ed.index.redirects {
            if let Some(other) = pages.get(r.from.as_str()) {
                diags.push(redirect_clash(r, &ed.briefings, Owner::Source(other)));
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(at_url_lines(&[], diags)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// A briefing whose URL is a year, month or day page's is a clash; one a digit off is
    /// not (each date page's path is found from the numbers of the URL).
    #[test]
    fn a_fresh_url_on_a_date_page_is_a_clash() {
        // The second briefing's own date pages are elsewhere: the page it lands on is the
        // first one's.
        let cases = [
            ("/:slug/", "2025-03-02", "2024", true),
            ("/:year/:slug/", "2024-08-02", "07", true),
            ("/:year/:month/:slug/", "2024-07-02", "12", true),
            ("/:year/:month/:slug/", "2024-07-02", "13", false),
            ("/:year/:slug/", "2024-08-02", "7", false),
            ("/:year/:month/:slug/", "2024-07-02", "012", false),
        ];
        for (pattern, date, slug, clash) in cases {
            let cfg = Config { permalink: pattern.into(), ..Config::default() };
            let make = |k: usize, date: &str, slug: &str| {
                let text = format!("---\ntitle: B {k}\ndate: {date}\nslug: \"{slug}\"\n---\nBody.\n");
                let path = std::path::PathBuf::from(format!("content/b{k}.md"));
                crate::parse::parse_briefing(&path, &Default::default(), &text, &cfg).item.expect("valid")
            };
            let bs = vec![make(0, "2024-07-12", "a"), make(1, date, slug)];
            let permalinks = bs.iter().map(|b| crate::routes::permalink(&cfg.permalink, b)).collect();
            let idx = crate::index::build_index(&cfg, &bs, permalinks, Vec::new(), &Default::default());
            assert_eq!(!fresh_claims_are_free(&bs, &idx, &[1]), clash, "{pattern} with slug {slug}");
            assert_eq!(
                super::super::manifest::check_urls(&bs, &[], &idx).is_err(),
                clash,
                "the full check agrees: {pattern} with slug {slug}"
            );
        }
    }
}
