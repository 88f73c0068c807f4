//! Ordering, taxonomies, the date tree, permalinks, prev/next, related, and URL
//! ownership (two sources of one URL are an error). Pure and sequential.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Briefing, Page};

/// One term of a taxonomy (one tag) and its briefings, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Display name (when several names share a slug, the smallest of them).
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Briefing indexes, newest first.
    pub items: Vec<usize>,
}

/// A taxonomy (`tags`, or one configured in site.yaml) with its terms sorted by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Name, also its URL root.
    pub name: String,
    /// Terms sorted by slug.
    pub terms: Vec<Term>,
}

/// A day with briefings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayNode {
    /// Day of month.
    pub day: i8,
    /// Briefing indexes, newest first.
    pub items: Vec<usize>,
}

/// A month with briefings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthNode {
    /// 1 to 12.
    pub month: i8,
    /// Briefing indexes, newest first.
    pub items: Vec<usize>,
    /// Days, newest first.
    pub days: Vec<DayNode>,
}

/// A year with briefings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearNode {
    /// The year.
    pub year: i16,
    /// Briefing indexes, newest first.
    pub items: Vec<usize>,
    /// Months, newest first.
    pub months: Vec<MonthNode>,
}

/// Everything derived from the parsed briefings that pages need.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Briefing indexes, newest first (ties broken by permalink).
    pub order: Vec<usize>,
    /// Site path of each briefing (`/2024/07/12/slug/`), by briefing index.
    pub permalinks: Vec<String>,
    /// Site path of each standalone page (`/about/`), by page index.
    pub page_paths: Vec<String>,
    /// Position of each briefing in `order`.
    pub rank: Vec<usize>,
    /// Up to five related briefings by shared terms of the first taxonomy.
    pub related: Vec<Vec<usize>>,
    /// Configured taxonomies in config order.
    pub taxonomies: Vec<Taxonomy>,
    /// Years, newest first.
    pub years: Vec<YearNode>,
}

impl Index {
    /// The briefing just older than `i`.
    pub fn older(&self, i: usize) -> Option<usize> {
        self.order.get(self.rank[i] + 1).copied()
    }

    /// The briefing just newer than `i`.
    pub fn newer(&self, i: usize) -> Option<usize> {
        self.rank[i].checked_sub(1).map(|r| self.order[r])
    }
}

/// Number of pages for `len` items at `per` a page; at least one.
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// Site path of page `n` (1-based) of a list whose first page is `base`.
pub fn pager_path(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

/// Fill the permalink pattern for a briefing.
pub fn permalink(pattern: &str, b: &Briefing) -> String {
    let d = b.date.date();
    pattern
        .replace(":year", &format!("{:04}", d.year()))
        .replace(":month", &format!("{:02}", d.month()))
        .replace(":day", &format!("{:02}", d.day()))
        .replace(":slug", &b.slug)
}

/// Site path of a year, month or day page.
pub fn date_path(year: i16, month: Option<i8>, day: Option<i8>) -> String {
    match (month, day) {
        (Some(m), Some(d)) => format!("/{year:04}/{m:02}/{d:02}/"),
        (Some(m), None) => format!("/{year:04}/{m:02}/"),
        _ => format!("/{year:04}/"),
    }
}

/// Build the index. Errors name both sources of any URL claimed twice.
pub fn build_index(cfg: &Config, briefings: &[Briefing], pages: &[Page]) -> Result<Index, Vec<Diagnostic>> {
    use rayon::prelude::*;
    let permalinks: Vec<String> = briefings.par_iter().map(|b| permalink(&cfg.permalink, b)).collect();
    let mut order: Vec<usize> = (0..briefings.len()).collect();
    let stamps: Vec<jiff::Timestamp> = briefings.iter().map(|b| b.date.timestamp()).collect();
    order.sort_by(|&a, &b| stamps[b].cmp(&stamps[a]).then_with(|| permalinks[a].cmp(&permalinks[b])));
    let mut rank = vec![0; briefings.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }

    let mut taxonomies = Vec::with_capacity(cfg.taxonomies.len());
    for (t, name) in cfg.taxonomies.iter().enumerate() {
        let mut by_slug: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut terms: Vec<Term> = Vec::new();
        for &i in &order {
            for (term, slug) in briefings[i].terms[t].iter().zip(&briefings[i].term_slugs[t]) {
                let k = *by_slug.entry(slug.as_str()).or_insert_with(|| {
                    terms.push(Term { name: term.clone(), slug: slug.clone(), items: Vec::new() });
                    terms.len() - 1
                });
                let entry = &mut terms[k];
                if term < &entry.name {
                    entry.name = term.clone();
                }
                if entry.items.last() != Some(&i) {
                    entry.items.push(i);
                }
            }
        }
        terms.sort_by(|a, b| a.slug.cmp(&b.slug));
        taxonomies.push(Taxonomy { name: name.clone(), terms });
    }

    let mut years: Vec<YearNode> = Vec::new();
    for &i in &order {
        let d = briefings[i].date.date();
        if years.last().is_none_or(|y| y.year != d.year()) {
            years.push(YearNode { year: d.year(), items: Vec::new(), months: Vec::new() });
        }
        let y = years.last_mut().expect("pushed above");
        y.items.push(i);
        if y.months.last().is_none_or(|m| m.month != d.month()) {
            y.months.push(MonthNode { month: d.month(), items: Vec::new(), days: Vec::new() });
        }
        let m = y.months.last_mut().expect("pushed above");
        m.items.push(i);
        if m.days.last().is_none_or(|x| x.day != d.day()) {
            m.days.push(DayNode { day: d.day(), items: Vec::new() });
        }
        m.days.last_mut().expect("pushed above").items.push(i);
    }

    let page_paths: Vec<String> = pages.iter().map(|p| format!("/{}/", p.slug)).collect();
    let mut idx = Index { order, permalinks, page_paths, rank, related: Vec::new(), taxonomies, years };
    // URL ownership does not depend on related briefings: check it meanwhile.
    let (related, urls) =
        rayon::join(|| related(briefings, &idx.taxonomies, &idx.rank), || check_urls(briefings, pages, &idx));
    idx.related = related;
    urls.map_err(|diags| at_url_lines(briefings, diags))?;
    Ok(idx)
}

/// Point each diagnostic about a briefing's URL at the line the URL comes from.
fn at_url_lines(briefings: &[Briefing], mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for d in &mut diags {
        if let Some(b) = briefings.iter().find(|b| b.source == d.path) {
            let (line, col, text) = &b.url_pos;
            d.line = *line;
            d.col = *col;
            d.source_line = Some(text.clone());
        }
    }
    diags
}

/// The index after the briefings `changed` got new slugs but kept their dates and terms,
/// patched rather than rebuilt (for `serve`). `None` when a new URL moves a briefing
/// among others of the same time (ties are ordered by URL): then build the index anew.
pub fn with_new_slugs(
    cfg: &Config,
    old: &Index,
    briefings: &[Briefing],
    pages: &[Page],
    changed: &[usize],
) -> Option<Result<Index, Vec<Diagnostic>>> {
    let mut idx = old.clone();
    for &i in changed {
        idx.permalinks[i] = permalink(&cfg.permalink, &briefings[i]);
    }
    let key = |j: usize| (std::cmp::Reverse(briefings[j].date.timestamp()), &idx.permalinks[j]);
    for &i in changed {
        let r = idx.rank[i];
        let before = r.checked_sub(1).map(|p| idx.order[p]);
        let after = idx.order.get(r + 1).copied();
        if before.is_some_and(|j| key(j) > key(i)) || after.is_some_and(|j| key(i) > key(j)) {
            return None;
        }
    }
    let mut diags = Vec::new();
    for &i in changed {
        let url = idx.permalinks[i].as_str();
        let src = briefings[i].source.as_path();
        if let Some(owner) = generated_owner(&idx, url) {
            diags.extend(clash(url, Owner::Source(src), owner));
            continue;
        }
        // As in a full check: of the sources of one URL, in path order, the first owns it
        // and each later one is an error.
        let mut sources: Vec<&std::path::Path> = (0..briefings.len())
            .filter(|&j| idx.permalinks[j] == url)
            .map(|j| briefings[j].source.as_path())
            .chain(pages.iter().zip(&idx.page_paths).filter(|(_, u)| *u == url).map(|(p, _)| p.source.as_path()))
            .collect();
        sources.sort();
        for later in sources.iter().skip(1) {
            if let Some(d) = clash(url, Owner::Source(later), Owner::Source(sources[0])) {
                if !diags.contains(&d) {
                    diags.push(d);
                }
            }
        }
    }
    Some(if diags.is_empty() { Ok(idx) } else { Err(at_url_lines(briefings, diags)) })
}

/// What generated page, if any, has the site path `url` (the pages a full check claims
/// before any briefing).
fn generated_owner<'a>(idx: &'a Index, url: &str) -> Option<Owner<'a>> {
    let segs: Vec<&str> = url.trim_matches('/').split('/').collect();
    let (base, pager) = match segs.split_last() {
        Some((&"page", rest)) if !rest.is_empty() => (rest, true),
        _ => (&segs[..], false),
    };
    match segs.as_slice() {
        ["archive"] => return Some(Owner::BuiltIn("/archive/")),
        ["search"] => return Some(Owner::BuiltIn("/search/")),
        ["page"] => return Some(Owner::BuiltIn("/page/")),
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

/// Up to five briefings sharing the most terms of the first taxonomy; ties go to the
/// one nearest in time, then the newer, so the order is deterministic.
fn related(briefings: &[Briefing], taxonomies: &[Taxonomy], rank: &[usize]) -> Vec<Vec<usize>> {
    let Some(tax) = taxonomies.first() else { return vec![Vec::new(); briefings.len()] };
    let mut term_of: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (k, t) in tax.terms.iter().enumerate() {
        term_of.insert(t.slug.as_str(), k);
    }
    let slugs: Vec<Vec<usize>> = briefings
        .iter()
        .map(|b| b.term_slugs[0].iter().filter_map(|s| term_of.get(s.as_str()).copied()).collect())
        .collect();
    use rayon::prelude::*;
    let n = briefings.len();
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(counts, touched), i| {
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

/// What claims a URL; described in words only when two claim the same one.
#[derive(Clone, Copy)]
enum Owner<'a> {
    BuiltIn(&'static str),
    TaxonomyIndex(&'a str),
    Term { taxonomy: &'a str, name: &'a str, pager: bool },
    Date { kind: &'static str, pager: bool },
    Source(&'a std::path::Path),
}

impl Owner<'_> {
    fn describe(&self, url: &str) -> String {
        match *self {
            Owner::BuiltIn(root) => format!("built-in page {root}"),
            Owner::TaxonomyIndex(name) => format!("{name} index"),
            Owner::Term { taxonomy, name, pager: false } => format!("page of {taxonomy} `{name}`"),
            Owner::Term { taxonomy, name, pager: true } => format!("pagination of {taxonomy} `{name}`"),
            Owner::Date { kind, pager: false } => format!("{kind} page {url}"),
            Owner::Date { kind, pager: true } => {
                format!("pagination of {kind} page {}", url.strip_suffix("page/").unwrap_or(url))
            }
            Owner::Source(_) => "briefing".into(),
        }
    }
}

/// The error for `who` claiming `url` that `other` claimed first, when a source file is
/// one of them (generated pages never clash with each other).
fn clash(url: &str, who: Owner<'_>, other: Owner<'_>) -> Option<Diagnostic> {
    let (path, msg) = match (who, other) {
        (Owner::Source(s), Owner::Source(o)) => {
            (s, format!("two sources for URL `{url}`: `{}` and `{}`", o.display(), s.display()))
        }
        (Owner::Source(s), other) => {
            (s, format!("URL `{url}` of `{}` is already the {}", s.display(), other.describe(url)))
        }
        (who, Owner::Source(o)) => {
            (o, format!("URL `{url}` of `{}` is also needed for the {}", o.display(), who.describe(url)))
        }
        _ => return None,
    };
    Some(Diagnostic::error(path, msg).hint("give one of them a different `slug:` in its front matter"))
}

fn check_urls<'a>(briefings: &'a [Briefing], pages: &'a [Page], idx: &'a Index) -> Result<(), Vec<Diagnostic>> {
    let mut owners: rustc_hash::FxHashMap<String, Owner<'a>> = Default::default();
    owners.reserve(briefings.len() * 3);
    let mut diags = Vec::new();
    let mut claim = |url: String, who: Owner<'a>| match owners.get(&url) {
        Some(&other) => diags.extend(clash(&url, who, other)),
        None => {
            owners.insert(url, who);
        }
    };
    for root in ["/archive/", "/search/", "/page/"] {
        claim(root.to_string(), Owner::BuiltIn(root));
    }
    for t in &idx.taxonomies {
        claim(format!("/{}/", t.name), Owner::TaxonomyIndex(&t.name));
        for term in &t.terms {
            let base = format!("/{}/{}/", t.name, term.slug);
            claim(base.clone(), Owner::Term { taxonomy: &t.name, name: &term.name, pager: false });
            claim(format!("{base}page/"), Owner::Term { taxonomy: &t.name, name: &term.name, pager: true });
        }
    }
    for y in &idx.years {
        let yp = date_path(y.year, None, None);
        claim(yp.clone(), Owner::Date { kind: "year", pager: false });
        claim(format!("{yp}page/"), Owner::Date { kind: "year", pager: true });
        for m in &y.months {
            let mp = date_path(y.year, Some(m.month), None);
            claim(mp.clone(), Owner::Date { kind: "month", pager: false });
            claim(format!("{mp}page/"), Owner::Date { kind: "month", pager: true });
            for d in &m.days {
                let dp = date_path(y.year, Some(m.month), Some(d.day));
                claim(format!("{dp}page/"), Owner::Date { kind: "day", pager: true });
                claim(dp, Owner::Date { kind: "day", pager: false });
            }
        }
    }
    let mut sources: Vec<(&String, &std::path::Path)> = briefings
        .iter()
        .zip(&idx.permalinks)
        .map(|(b, p)| (p, b.source.as_path()))
        .chain(pages.iter().zip(&idx.page_paths).map(|(p, u)| (u, p.source.as_path())))
        .collect();
    sources.sort_by(|a, b| a.1.cmp(b.1));
    for (url, src) in sources {
        claim(url.clone(), Owner::Source(src));
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_briefing;
    use std::path::{Path, PathBuf};

    fn b(name: &str, date: &str, tags: &str, slug: Option<&str>) -> Briefing {
        let slug = slug.map(|s| format!("slug: {s}\n")).unwrap_or_default();
        let text = format!("---\ntitle: {name}\ndate: {date}\ntags: [{tags}]\n{slug}---\nbody\n");
        parse_briefing(Path::new(&format!("content/{name}.md")), PathBuf::new(), false, &text, &Config::default())
            .item
            .expect("valid")
    }

    #[test]
    fn orders_newest_first_and_builds_date_tree() {
        let bs =
            vec![b("a", "2024-07-10", "x", None), b("c", "2024-07-12", "x, y", None), b("b", "2023-01-01", "y", None)];
        let idx = build_index(&Config::default(), &bs, &[]).unwrap();
        assert_eq!(idx.order, vec![1, 0, 2]);
        assert_eq!(idx.permalinks[1], "/2024/07/12/c/");
        let years: Vec<_> = idx.years.iter().map(|y| (y.year, y.items.len(), y.months.len())).collect();
        assert_eq!(years, vec![(2024, 2, 1), (2023, 1, 1)]);
        assert_eq!(idx.years[0].months[0].days.iter().map(|d| d.day).collect::<Vec<_>>(), vec![12, 10]);
        assert_eq!((idx.older(1), idx.newer(1)), (Some(0), None));
    }

    #[test]
    fn tags_with_same_slug_merge() {
        let bs = vec![b("a", "2024-07-10", "North Korea", None), b("c", "2024-07-12", "north korea", None)];
        let idx = build_index(&Config::default(), &bs, &[]).unwrap();
        assert_eq!(idx.taxonomies[0].terms.len(), 1);
        assert_eq!(idx.taxonomies[0].terms[0].slug, "north-korea");
        assert_eq!(idx.taxonomies[0].terms[0].items, vec![1, 0]);
    }

    #[test]
    fn duplicate_permalinks_name_both_files() {
        let bs = vec![b("a", "2024-07-10", "x", Some("same")), b("b", "2024-07-10", "x", Some("same"))];
        let errs = build_index(&Config::default(), &bs, &[]).unwrap_err();
        assert_eq!(errs[0].message, "two sources for URL `/2024/07/10/same/`: `content/a.md` and `content/b.md`");
    }

    #[test]
    fn slug_page_collides_with_day_pagination() {
        let bs = vec![b("a", "2024-07-10", "x", Some("page"))];
        let errs = build_index(&Config::default(), &bs, &[]).unwrap_err();
        assert_eq!(
            errs[0].message,
            "URL `/2024/07/10/page/` of `content/a.md` is already the pagination of day page /2024/07/10/"
        );
    }

    #[test]
    fn patched_slugs_match_a_rebuilt_index() {
        let cfg = Config::default();
        let mut bs = vec![
            b("a", "2024-07-10", "x", None),
            b("b", "2024-07-10", "x, y", None),
            b("c", "2024-07-11", "y", None),
            b("d", "2024-07-12", "x", None),
        ];
        let old = build_index(&cfg, &bs, &[]).unwrap();
        // Same day as `a`, still after it by URL: patched.
        bs[1] = b("b", "2024-07-10", "x, y", Some("bz"));
        let patched = with_new_slugs(&cfg, &old, &bs, &[], &[1]).expect("order kept").unwrap();
        let rebuilt = build_index(&cfg, &bs, &[]).unwrap();
        assert_eq!(
            (&patched.permalinks, &patched.order, &patched.related, &patched.taxonomies, &patched.years),
            (&rebuilt.permalinks, &rebuilt.order, &rebuilt.related, &rebuilt.taxonomies, &rebuilt.years)
        );
        // Now before `a` by URL: the order changes, so no patch.
        bs[1] = b("b", "2024-07-10", "x, y", Some("0"));
        assert!(with_new_slugs(&cfg, &old, &bs, &[], &[1]).is_none());
        // Colliding with another briefing, or with a generated page: the errors of a rebuild.
        for (slug, d_date) in [("d", "2024-07-10"), ("page", "2024-07-12")] {
            bs[3] = b("d", d_date, "x", None);
            bs[1] = b("b", "2024-07-10", "x, y", None);
            let old = build_index(&cfg, &bs, &[]).unwrap();
            bs[1] = b("b", "2024-07-10", "x, y", Some(slug));
            let patched = with_new_slugs(&cfg, &old, &bs, &[], &[1]).expect("order kept").unwrap_err();
            assert_eq!(patched, build_index(&cfg, &bs, &[]).unwrap_err(), "slug {slug}");
        }
    }

    #[test]
    fn related_by_shared_tags() {
        let bs = vec![
            b("a", "2024-07-10", "x, y", None),
            b("b", "2024-07-11", "x", None),
            b("c", "2024-07-09", "x, y", None),
            b("d", "2024-07-08", "z", None),
        ];
        let idx = build_index(&Config::default(), &bs, &[]).unwrap();
        assert_eq!(idx.related[0], vec![2, 1]);
        assert_eq!(idx.related[3], Vec::<usize>::new());
    }

    #[test]
    fn pagination_paths() {
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(pager_path("/tags/x/", 1), "/tags/x/");
        assert_eq!(pager_path("/tags/x/", 2), "/tags/x/page/2/");
    }
}
