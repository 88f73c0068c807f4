//! Ordering, taxonomies, the date tree, prev/next and related briefings: everything
//! derived from the parsed briefings that pages need. Pure and, but for the related
//! lists, sequential. URLs are not made here: [`crate::routes`] makes them.

mod editions;
mod related;

pub use editions::{Edition, Peers, check_translation_keys};
pub use related::{Fit, RELATED_COUNT, RELATED_WINDOW, related, related_of};

use crate::config::Config;
use crate::model::{Authors, Briefing, Page};

/// The name (and URL root) of the built-in taxonomy of authors.
pub const AUTHORS: &str = "authors";

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

/// A term: its taxonomy's position in [`Index::taxonomies`] and its own in that
/// taxonomy's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    /// Position of the taxonomy.
    pub taxonomy: usize,
    /// Position of the term in its taxonomy.
    pub term: usize,
}

/// A year of the date tree (position in [`Index::years`], newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearId(pub usize);

/// A month of the date tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthId {
    /// Position of the year.
    pub year: usize,
    /// Position of the month in its year.
    pub month: usize,
}

/// A day of the date tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DayId {
    /// Position of the year.
    pub year: usize,
    /// Position of the month in its year.
    pub month: usize,
    /// Position of the day in its month.
    pub day: usize,
}

impl DayId {
    /// The month this day is in.
    pub fn month_id(self) -> MonthId {
        MonthId { year: self.year, month: self.month }
    }
}

/// An old URL that leads to a briefing's current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old site path (`/2024/07/12/old-slug/`).
    pub from: String,
    /// The briefing it leads to.
    pub to: usize,
    /// Written by hand (`aliases:`), rather than remembered in `urls.lock`.
    pub by_hand: bool,
}

/// A correction: briefing `briefing`'s correction number `k` (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrectionId {
    /// The briefing.
    pub briefing: usize,
    /// Its position among the briefing's corrections.
    pub k: usize,
}

/// Everything derived from the parsed briefings that pages need.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Briefing indexes, newest first (ties broken by permalink). Expired briefings
    /// have pages but are in no list, so they are not here.
    pub order: Vec<usize>,
    /// Site path of each briefing (`/2024/07/12/slug/`), by briefing index, as
    /// [`crate::routes`] made it.
    pub permalinks: Vec<String>,
    /// Site path of each standalone page (`/about/`), by page index.
    pub page_paths: Vec<String>,
    /// Position of each briefing in `order` (`usize::MAX` for an expired one).
    pub rank: Vec<usize>,
    /// Up to five related briefings by shared terms of the tags taxonomy.
    pub related: Vec<Vec<usize>>,
    /// How firmly each related list holds (for `serve`'s patched index).
    pub related_fit: Vec<Fit>,
    /// Configured taxonomies in config order, then the built-in `authors` when some
    /// briefing names an author.
    pub taxonomies: Vec<Taxonomy>,
    /// Position of the built-in `authors` taxonomy in `taxonomies`, if there is one.
    pub authors: Option<usize>,
    /// Years, newest first.
    pub years: Vec<YearNode>,
    /// Every correction of a listed briefing, newest first.
    pub corrections: Vec<CorrectionId>,
    /// Old URLs and where they lead, by `from`.
    pub redirects: Vec<Redirect>,
    /// The site path of this edition's home: `/` for the default language (and a site
    /// with one), `/ko/` for another. Every path of the index (permalinks, page paths)
    /// starts with it; [`crate::routes`] puts it in front of the rest.
    pub root: String,
    /// This index writes `/_redirects`: the default edition's, when any edition has an
    /// old URL.
    pub redirect_list: bool,
}

/// The rank of a briefing that is in no list.
pub const UNLISTED: usize = usize::MAX;

impl Index {
    /// True for the default language's edition (and the only one of a one-language
    /// site): the one that also writes the site-wide files (sitemap, robots.txt, 404).
    pub fn is_main(&self) -> bool {
        self.root.len() <= 1
    }

    /// The site path `path` (`/archive/`) in this edition (`/ko/archive/`).
    pub fn rooted(&self, path: &str) -> String {
        if self.is_main() { path.to_string() } else { format!("{}{}", self.root, path.trim_start_matches('/')) }
    }

    /// The briefing just older than `i`.
    pub fn older(&self, i: usize) -> Option<usize> {
        if self.rank[i] == UNLISTED {
            return None;
        }
        self.order.get(self.rank[i] + 1).copied()
    }

    /// The briefing just newer than `i`.
    pub fn newer(&self, i: usize) -> Option<usize> {
        if self.rank[i] == UNLISTED {
            return None;
        }
        self.rank[i].checked_sub(1).map(|r| self.order[r])
    }

    /// A term.
    pub fn term(&self, id: TermId) -> &Term {
        &self.taxonomies[id.taxonomy].terms[id.term]
    }

    /// The term of taxonomy `t` with this slug.
    pub fn term_by_slug(&self, t: usize, slug: &str) -> Option<TermId> {
        let terms = &self.taxonomies[t].terms;
        terms.binary_search_by(|term| term.slug.as_str().cmp(slug)).ok().map(|term| TermId { taxonomy: t, term })
    }

    /// Each of `n` briefings once: those listed, newest first, then the others (expired
    /// ones, which have pages but are in no list).
    pub fn list_order(&self, n: usize) -> Vec<usize> {
        let mut listed = vec![false; n];
        let mut seq = Vec::with_capacity(n);
        for &i in &self.order {
            if !std::mem::replace(&mut listed[i], true) {
                seq.push(i);
            }
        }
        seq.extend((0..n).filter(|&i| !listed[i]));
        seq
    }

    /// The positions of the subject taxonomies (every one but `authors`): what "terms"
    /// mean in feeds' categories, keywords, search tags and `page.taxonomies`.
    pub fn subjects(&self) -> std::ops::Range<usize> {
        0..self.authors.unwrap_or(self.taxonomies.len())
    }

    /// The slugs briefing `b` has in taxonomy `t`.
    pub fn slugs_of<'b>(&self, b: &'b Briefing, t: usize) -> &'b [String] {
        if Some(t) == self.authors { &b.author_slugs } else { &b.term_slugs[t] }
    }

    /// The author terms of briefing `b`, in the order it names them.
    pub fn authors_of(&self, b: &Briefing) -> Vec<TermId> {
        let Some(t) = self.authors else { return Vec::new() };
        b.author_slugs.iter().filter_map(|s| self.term_by_slug(t, s)).collect()
    }

    /// A year.
    pub fn year(&self, id: YearId) -> &YearNode {
        &self.years[id.0]
    }

    /// A month.
    pub fn month(&self, id: MonthId) -> &MonthNode {
        &self.years[id.year].months[id.month]
    }

    /// A day.
    pub fn day(&self, id: DayId) -> &DayNode {
        &self.years[id.year].months[id.month].days[id.day]
    }

    /// Every month, newest first.
    pub fn month_ids(&self) -> impl Iterator<Item = MonthId> + '_ {
        self.years
            .iter()
            .enumerate()
            .flat_map(|(y, yn)| (0..yn.months.len()).map(move |m| MonthId { year: y, month: m }))
    }

    /// Every day, newest first.
    pub fn day_ids(&self) -> impl Iterator<Item = DayId> + '_ {
        self.month_ids().flat_map(move |m| {
            (0..self.month(m).days.len()).map(move |d| DayId { year: m.year, month: m.month, day: d })
        })
    }
}

/// The parsed, indexed site: what every page and machine output is made from.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// Settings.
    pub cfg: &'a Config,
    /// Published briefings.
    pub briefings: &'a [Briefing],
    /// Standalone pages.
    pub pages: &'a [Page],
    /// Derived indexes.
    pub idx: &'a Index,
    /// Authors' profiles from `authors.yaml`.
    pub authors: &'a Authors,
    /// The time the build is made at: what the publish filter and the news sitemap
    /// count from.
    pub now: jiff::Timestamp,
    /// Every edition of the site (empty for a site built without editions, as unit tests
    /// do), this one among them.
    pub editions: &'a [Edition],
    /// The position of this edition in `editions`.
    pub edition: usize,
    /// Translations across editions.
    pub peers: &'a Peers,
}

impl<'a> Site<'a> {
    /// The same site in edition `f` (itself when the site has no editions).
    pub fn in_edition(&self, f: usize) -> Site<'a> {
        match self.editions.get(f) {
            Some(ed) if f != self.edition => {
                Site { cfg: &ed.cfg, briefings: &ed.briefings, pages: &ed.pages, idx: &ed.index, edition: f, ..*self }
            }
            _ => *self,
        }
    }

    /// Every edition of the site, the default first (just this one when it has none).
    pub fn all_editions(&self) -> Vec<Site<'a>> {
        if self.editions.is_empty() {
            return vec![*self];
        }
        (0..self.editions.len()).map(|f| self.in_edition(f)).collect()
    }

    /// The position of the tags taxonomy in [`Index::taxonomies`]: see
    /// [`Config::tags_taxonomy`].
    pub fn tags(&self) -> Option<usize> {
        self.cfg.tags_taxonomy()
    }

    /// The names of briefing `i`'s authors as shown: each author's name in
    /// `authors.yaml`, else as briefings write it.
    pub fn author_names(&self, i: usize) -> Vec<&str> {
        self.idx.authors_of(&self.briefings[i]).into_iter().map(|id| self.idx.term(id).name.as_str()).collect()
    }
}

/// Number of pages for `len` items at `per` a page; at least one.
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// The items of page `n` (1-based) of a list of `items` at `per` a page.
pub fn page_slice(items: &[usize], n: usize, per: usize) -> &[usize] {
    let start = (n.saturating_sub(1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// Build the index from the briefings and their URLs (`permalinks`, by briefing, and
/// `page_paths`, by page, both from [`crate::routes`]); `authors` gives authors the
/// names they are shown with. Related lists are left empty: [`related`] computes them,
/// so a caller can run it beside other work.
pub fn build_index(
    cfg: &Config,
    briefings: &[Briefing],
    permalinks: Vec<String>,
    page_paths: Vec<String>,
    authors: &Authors,
) -> Index {
    let mut order: Vec<usize> = (0..briefings.len()).filter(|&i| !briefings[i].expired).collect();
    let stamps: Vec<jiff::Timestamp> = briefings.iter().map(|b| b.date.timestamp()).collect();
    order.sort_by(|&a, &b| stamps[b].cmp(&stamps[a]).then_with(|| permalinks[a].cmp(&permalinks[b])));
    let mut rank = vec![UNLISTED; briefings.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }

    let mut taxonomies = Vec::with_capacity(cfg.taxonomies.len() + 1);
    for (t, name) in cfg.taxonomies.iter().enumerate() {
        let terms = collect_terms(&order, |i| (&briefings[i].terms[t], &briefings[i].term_slugs[t]));
        taxonomies.push(Taxonomy { name: name.clone(), terms });
    }
    // Authors are a taxonomy of their own, built in: the same pages, pagination and
    // feeds as tags, but never counted among a briefing's subject terms.
    let mut author_terms = collect_terms(&order, |i| (&briefings[i].authors, &briefings[i].author_slugs));
    let authors_pos = (!author_terms.is_empty()).then(|| {
        for term in &mut author_terms {
            if let Some(name) = authors.get(&term.slug).and_then(|p| p.name.clone()) {
                term.name = name;
            }
        }
        taxonomies.push(Taxonomy { name: AUTHORS.into(), terms: author_terms });
        taxonomies.len() - 1
    });

    let years = date_tree(briefings, &order);
    let corrections = corrections(briefings, &order);

    Index {
        order,
        permalinks,
        page_paths,
        rank,
        related: Vec::new(),
        related_fit: Vec::new(),
        taxonomies,
        years,
        authors: authors_pos,
        corrections,
        redirects: Vec::new(),
        root: "/".into(),
        redirect_list: false,
    }
}

/// The date tree of the briefings in `order`, newest first.
pub fn date_tree(briefings: &[Briefing], order: &[usize]) -> Vec<YearNode> {
    let mut years: Vec<YearNode> = Vec::new();
    for &i in order {
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
    years
}

/// Every correction of the briefings in `order`, newest first.
pub fn corrections(briefings: &[Briefing], order: &[usize]) -> Vec<CorrectionId> {
    let mut corrections: Vec<CorrectionId> = order
        .iter()
        .flat_map(|&i| (0..briefings[i].corrections.len()).map(move |k| CorrectionId { briefing: i, k }))
        .collect();
    // Newest first; a tie goes to the newer briefing (the order above), then the list.
    corrections.sort_by(|a, b| {
        let t = |c: &CorrectionId| briefings[c.briefing].corrections[c.k].date.timestamp();
        t(b).cmp(&t(a))
    });
    corrections
}

/// The terms of one taxonomy, sorted by slug, each with its briefings in `order`;
/// `of(i)` gives briefing `i`'s names and slugs. Of several names with one slug the
/// smallest is kept.
fn collect_terms<'b>(order: &[usize], of: impl Fn(usize) -> (&'b Vec<String>, &'b Vec<String>)) -> Vec<Term> {
    let mut by_slug: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut terms: Vec<Term> = Vec::new();
    for &i in order {
        let (names, slugs) = of(i);
        for (term, slug) in names.iter().zip(slugs) {
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
    terms
}

/// The index after the briefings `changed` got new permalinks (`new_permalinks`, by
/// position in `changed`) but kept their dates and terms, patched rather than rebuilt
/// (for `serve`). `None` when a new URL moves a listed briefing among others of the same
/// time (ties are ordered by URL): then build the index anew.
pub fn with_new_permalinks(
    old: &Index,
    briefings: &[Briefing],
    changed: &[usize],
    new_permalinks: Vec<String>,
) -> Option<Index> {
    let mut idx = old.clone();
    for (&i, p) in changed.iter().zip(new_permalinks) {
        idx.permalinks[i] = p;
    }
    let key = |j: usize| (std::cmp::Reverse(briefings[j].date.timestamp()), &idx.permalinks[j]);
    for &i in changed {
        let r = idx.rank[i];
        // An expired briefing has a page but no place in any list to keep.
        if r == UNLISTED {
            continue;
        }
        let before = r.checked_sub(1).map(|p| idx.order[p]);
        let after = idx.order.get(r + 1).copied();
        if before.is_some_and(|j| key(j) > key(i)) || after.is_some_and(|j| key(i) > key(j)) {
            return None;
        }
    }
    Some(idx)
}

#[cfg(test)]
mod tests;
