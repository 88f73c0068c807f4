//! What a structural serve edit touches (a briefing added, deleted, retagged, redated or
//! moved): briefings are matched across the edit by source file, since their positions
//! shift, and each route of the new site is compared with the same route before the
//! edit (same URL) by what its page shows: its items, counts, neighbours and names.
//! Only routes that differ are rendered; files of routes that are gone are removed.
//!
//! The comparison knows what the default theme shows (list items and briefing pages do
//! not show term counts; only the home page, the archive, term lists and the search
//! page read site-wide counts): [`default_theme`] says when it applies.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::index::{DayId, Index, MonthId, TermId, YearId};
use crate::model::Briefing;
use crate::render::Prepared;
use crate::routes::{Route, Routes, output_file};
use crate::templates::{DEFAULT_TEMPLATES, Templates};

/// True when the templates are the default theme's, whose pages this module knows.
pub(super) fn default_theme(tpl: &Templates) -> bool {
    DEFAULT_TEMPLATES.iter().all(|(name, text)| tpl.sources.get(*name).is_some_and(|(_, t)| t == text))
}

/// One side of the edit: the briefings, their index and the shared values.
#[derive(Clone, Copy)]
pub(super) struct World<'a> {
    /// Briefings (none on the side before a structural edit, whose list became the
    /// new side's: what was shown of them is in the index and the shared values).
    pub briefings: &'a [Briefing],
    /// Their index.
    pub idx: &'a Index,
    /// Shared values.
    pub prep: &'a Prepared,
}

/// What to do after a structural edit.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// Routes of the new site to render.
    pub routes: Vec<Route>,
    /// Routes with no route at their URL before the edit (their paths are new).
    pub fresh: Vec<Route>,
    /// Output files of routes that are gone.
    pub removed: Vec<String>,
}

/// Per taxonomy of `new`, the slugs of the terms whose name (`names`) or whose name or
/// count (`values`) differ from `old`'s, or that only one side has.
struct TermChanges<'a> {
    names: Vec<rustc_hash::FxHashSet<&'a str>>,
    values: Vec<rustc_hash::FxHashSet<&'a str>>,
    /// The two sides have the same taxonomies in the same places.
    same_taxonomies: bool,
}

fn term_changes<'a>(old: &'a Index, new: &'a Index) -> TermChanges<'a> {
    let mut tc = TermChanges {
        names: Vec::new(),
        values: Vec::new(),
        same_taxonomies: old.taxonomies.len() == new.taxonomies.len()
            && old.taxonomies.iter().zip(&new.taxonomies).all(|(a, b)| a.name == b.name),
    };
    for tax in &new.taxonomies {
        let (mut names, mut values) = (rustc_hash::FxHashSet::default(), rustc_hash::FxHashSet::default());
        let before = old.taxonomies.iter().find(|t| t.name == tax.name).map(|t| t.terms.as_slice()).unwrap_or(&[]);
        // Both are sorted by slug: walk them together.
        let (mut a, mut b) = (before.iter().peekable(), tax.terms.iter().peekable());
        loop {
            match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(x), Some(y)) if x.slug == y.slug => {
                    if x.name != y.name {
                        names.insert(y.slug.as_str());
                        values.insert(y.slug.as_str());
                    } else if x.items.len() != y.items.len() {
                        values.insert(y.slug.as_str());
                    }
                    a.next();
                    b.next();
                }
                (Some(x), Some(y)) if x.slug < y.slug => {
                    names.insert(x.slug.as_str());
                    values.insert(x.slug.as_str());
                    a.next();
                }
                (Some(x), None) => {
                    names.insert(x.slug.as_str());
                    values.insert(x.slug.as_str());
                    a.next();
                }
                (_, Some(y)) => {
                    names.insert(y.slug.as_str());
                    values.insert(y.slug.as_str());
                    b.next();
                }
            }
        }
        tc.names.push(names);
        tc.values.push(values);
    }
    tc
}

/// For each briefing after the edit: whether its list item (and what other pages show
/// of it: title, URL, dates, term and author names) may differ from before (new, re-read,
/// moved, or one of its terms or authors is now shown with another name); and whether
/// the values of its terms (names and counts) are all as they were.
pub(super) fn item_changes(
    old: &World,
    new: &World,
    from: &[Option<usize>],
    reread: &[bool],
) -> (Vec<bool>, Vec<bool>) {
    let tc = term_changes(old.idx, new.idx);
    let n = new.briefings.len();
    // The briefings in a term of `sets`: those of its list, and those in no list (an
    // expired one has a page but is in no term's list) by their own terms. Only the
    // lists of the few terms an edit changes are read, not every briefing's terms.
    let touched = |sets: &[rustc_hash::FxHashSet<&str>]| -> Vec<bool> {
        let mut v = vec![false; n];
        if sets.iter().all(|set| set.is_empty()) {
            return v;
        }
        for (t, set) in sets.iter().enumerate() {
            for id in set.iter().filter_map(|s| new.idx.term_by_slug(t, s)) {
                for &j in &new.idx.taxonomies[t].terms[id.term].items {
                    v[j] = true;
                }
            }
        }
        for j in (0..n).filter(|&j| new.idx.rank[j] == crate::index::UNLISTED) {
            let b = &new.briefings[j];
            v[j] = sets
                .iter()
                .enumerate()
                .any(|(t, set)| !set.is_empty() && new.idx.slugs_of(b, t).iter().any(|s| set.contains(s.as_str())));
        }
        v
    };
    let (names, values) = (touched(&tc.names), touched(&tc.values));
    (0..n)
        .into_par_iter()
        .map(|j| match from[j] {
            None => (true, false),
            Some(o) => {
                // A briefing not read again is the very one it was (its authors too).
                let changed =
                    reread[j] || names[j] || !tc.same_taxonomies || old.idx.permalinks[o] != new.idx.permalinks[j];
                (changed, !changed && !values[j])
            }
        })
        .unzip()
}

/// A list's identity across the edit (its URL without the page number).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key<'a> {
    Home,
    Term(&'a str, &'a str),
    TermFeed(&'a str, &'a str),
    TermList(&'a str),
    Year(i16),
    Month(i16, i8),
    Day(i16, i8, i8),
}

/// The date of a year, month or day node as `(year, month, day)`, 0 where not set.
type DateKey = (i16, i8, i8);

/// What a list page shows beyond its slice of items, comparable across the edit.
#[derive(Debug, PartialEq, Eq)]
struct Facts<'a> {
    total: usize,
    name: Option<&'a str>,
    /// Months of a year, days of a month, with their counts.
    children: Vec<(DateKey, usize)>,
    prev: Option<DateKey>,
    next: Option<DateKey>,
}

/// One side's lists, found by key.
struct Lists<'a> {
    w: World<'a>,
    routes: Routes<'a>,
    months: Vec<DateKey>,
    days: Vec<DateKey>,
    month_pos: HashMap<DateKey, usize>,
    day_pos: HashMap<DateKey, usize>,
}

impl<'a> Lists<'a> {
    fn new(cfg: &'a Config, w: World<'a>) -> Lists<'a> {
        let idx = w.idx;
        let mk = |m: MonthId| (idx.years[m.year].year, idx.month(m).month, 0);
        let dk = |d: DayId| (idx.years[d.year].year, idx.month(d.month_id()).month, idx.day(d).day);
        let months: Vec<DateKey> = idx.month_ids().map(mk).collect();
        let days: Vec<DateKey> = idx.day_ids().map(dk).collect();
        let month_pos = months.iter().enumerate().map(|(p, k)| (*k, p)).collect();
        let day_pos = days.iter().enumerate().map(|(p, k)| (*k, p)).collect();
        Lists { w, routes: Routes::new(cfg, idx), months, days, month_pos, day_pos }
    }

    fn key(&self, route: Route) -> Option<Key<'a>> {
        let idx = self.w.idx;
        let term = |id: TermId| (idx.taxonomies[id.taxonomy].name.as_str(), idx.term(id).slug.as_str());
        Some(match route {
            Route::Home { .. } => Key::Home,
            Route::Term { term: id, .. } => Key::Term(term(id).0, term(id).1),
            Route::TermFeed(id) => Key::TermFeed(term(id).0, term(id).1),
            Route::TermList(t) => Key::TermList(idx.taxonomies[t].name.as_str()),
            Route::Year { year, .. } => Key::Year(idx.year(year).year),
            Route::Month { month, .. } => Key::Month(idx.years[month.year].year, idx.month(month).month),
            Route::Day { day, .. } => {
                let (y, m, d) = self.day_key(day);
                Key::Day(y, m, d)
            }
            _ => return None,
        })
    }

    fn day_key(&self, d: DayId) -> DateKey {
        let idx = self.w.idx;
        (idx.years[d.year].year, idx.month(d.month_id()).month, idx.day(d).day)
    }

    /// The route of this side with `key`, at page `page`.
    fn find(&self, key: &Key, page: usize) -> Option<Route> {
        let idx = self.w.idx;
        let tax = |name: &str| idx.taxonomies.iter().position(|t| t.name == name);
        let term = |name: &str, slug: &str| tax(name).and_then(|t| idx.term_by_slug(t, slug));
        let year = |y: i16| idx.years.iter().position(|n| n.year == y);
        let month = |y: i16, m: i8| {
            year(y).and_then(|yi| {
                idx.years[yi].months.iter().position(|n| n.month == m).map(|mi| MonthId { year: yi, month: mi })
            })
        };
        Some(match *key {
            Key::Home => Route::Home { page },
            Key::Term(name, slug) => Route::Term { term: term(name, slug)?, page },
            Key::TermFeed(name, slug) => Route::TermFeed(term(name, slug)?),
            Key::TermList(name) => Route::TermList(tax(name)?),
            Key::Year(y) => Route::Year { year: YearId(year(y)?), page },
            Key::Month(y, m) => Route::Month { month: month(y, m)?, page },
            Key::Day(y, m, d) => {
                let mid = month(y, m)?;
                let di = idx.month(mid).days.iter().position(|n| n.day == d)?;
                Route::Day { day: DayId { year: mid.year, month: mid.month, day: di }, page }
            }
        })
    }

    fn facts(&self, route: Route) -> Facts<'a> {
        let idx = self.w.idx;
        let total = self.routes.items(route).len();
        let mut f = Facts { total, name: None, children: Vec::new(), prev: None, next: None };
        match route {
            Route::Term { term, .. } | Route::TermFeed(term) => f.name = Some(idx.term(term).name.as_str()),
            Route::Year { year, .. } => {
                let y = idx.year(year);
                f.children = y.months.iter().map(|m| ((y.year, m.month, 0), m.items.len())).collect();
                f.prev = idx.years.get(year.0 + 1).map(|n| (n.year, 0, 0));
                f.next = year.0.checked_sub(1).map(|p| (idx.years[p].year, 0, 0));
            }
            Route::Month { month, .. } => {
                let (y, m) = (idx.years[month.year].year, idx.month(month).month);
                f.children = idx.month(month).days.iter().map(|d| ((y, m, d.day), d.items.len())).collect();
                let pos = self.month_pos[&(y, m, 0)];
                f.prev = self.months.get(pos + 1).copied();
                f.next = pos.checked_sub(1).map(|p| self.months[p]);
            }
            Route::Day { day, .. } => {
                let pos = self.day_pos[&self.day_key(day)];
                f.prev = self.days.get(pos + 1).copied();
                f.next = pos.checked_sub(1).map(|p| self.days[p]);
            }
            _ => {}
        }
        f
    }
}

/// The routes to render and the files to remove after a structural edit, from the
/// sides `old` and `new`, `from` (each new briefing's old position) and `changed`
/// (from [`item_changes`]).
pub(super) fn plan<'a>(
    cfg: &'a Config,
    old: World<'a>,
    new: World<'a>,
    from: &[Option<usize>],
    changed: &[bool],
) -> Plan {
    let per = cfg.paginate;
    let same = |j: usize, o: usize| from[j] == Some(o) && !changed[j];
    let same_opt = |j: Option<usize>, o: Option<usize>| match (j, o) {
        (None, None) => true,
        (Some(j), Some(o)) => same(j, o),
        _ => false,
    };
    let same_list = |a: &[usize], b: &[usize]| a.len() == b.len() && a.iter().zip(b).all(|(&j, &o)| same(j, o));
    let field = |w: &World, path: &str| w.prep.site_field(path);
    let count_same = field(&old, "briefing_count") == field(&new, "briefing_count");
    let rail_same = field(&old, "top_tags") == field(&new, "top_tags")
        && field(&old, "recent_months") == field(&new, "recent_months")
        && old.prep.site_field("tags").and_then(|v| v.len()) == new.prep.site_field("tags").and_then(|v| v.len());
    let (ol, nl) = rayon::join(|| Lists::new(cfg, old), || Lists::new(cfg, new));
    let (old_routes, new_routes) = (Routes::new(cfg, old.idx), Routes::new(cfg, new.idx));
    let redirects_same = old.idx.redirect_list == new.idx.redirect_list
        && old.idx.redirects.len() == new.idx.redirects.len()
        && old
            .idx
            .redirects
            .iter()
            .zip(&new.idx.redirects)
            .all(|(a, b)| a.from == b.from && a.by_hand == b.by_hand && same(b.to, a.to));
    let all = new_routes.all();
    // Each route is compared on its own: in parallel, while the files of routes gone are
    // found.
    let (flags, removed) = rayon::join(
        || {
            all.par_iter()
                .map(|&route| match route {
                    Route::Briefing(j) => match from[j] {
                        None => (true, true),
                        Some(o) => {
                            let moved = old.idx.permalinks[o] != new.idx.permalinks[j];
                            let shows_change = changed[j]
                                || !same_opt(new.idx.older(j), old.idx.older(o))
                                || !same_opt(new.idx.newer(j), old.idx.newer(o))
                                || !same_list(&new.idx.related[j], &old.idx.related[o]);
                            (shows_change, moved)
                        }
                    },
                    Route::Home { page }
                    | Route::Term { page, .. }
                    | Route::Year { page, .. }
                    | Route::Month { page, .. }
                    | Route::Day { page, .. } => {
                        let key = nl.key(route).expect("a list route has a key");
                        match ol
                            .find(&key, page)
                            .filter(|r| page <= crate::index::page_count(old_routes.items(*r).len(), per))
                        {
                            None => (true, true),
                            Some(o) => {
                                let a = crate::index::page_slice(new_routes.items(route), page, per);
                                let b = crate::index::page_slice(old_routes.items(o), page, per);
                                let rail = matches!(route, Route::Home { .. }) && !rail_same;
                                (rail || nl.facts(route) != ol.facts(o) || !same_list(a, b), false)
                            }
                        }
                    }
                    Route::TermFeed(..) | Route::Atom | Route::JsonFeed => {
                        let o = match nl.key(route) {
                            Some(key) => ol.find(&key, 1),
                            None => Some(route),
                        };
                        match o {
                            None => (true, true),
                            Some(o) => {
                                let n = cfg.feed_limit;
                                let (a, b) = (new_routes.items(route), old_routes.items(o));
                                let named = nl.key(route).is_none() || nl.facts(route).name == ol.facts(o).name;
                                (!named || !same_list(&a[..a.len().min(n)], &b[..b.len().min(n)]), false)
                            }
                        }
                    }
                    Route::TermList(t) => {
                        let key = nl.key(route).expect("a term list has a key");
                        match ol.find(&key, 1) {
                            None => (true, true),
                            Some(Route::TermList(s)) => {
                                let path = |w: &World, t: usize| {
                                    if w.idx.authors == Some(t) {
                                        "authors".to_string()
                                    } else {
                                        format!("taxonomies.{t}")
                                    }
                                };
                                (!count_same || field(&new, &path(&new, t)) != field(&old, &path(&old, s)), false)
                            }
                            Some(_) => (true, false),
                        }
                    }
                    Route::Archive => (!count_same || field(&new, "years") != field(&old, "years"), false),
                    Route::Search => (!count_same, false),
                    Route::Corrections | Route::CorrectionsFeed => {
                        let (a, b) = (&new.idx.corrections, &old.idx.corrections);
                        let same_corr = a.len() == b.len()
                            && a.iter().zip(b).all(|(x, y)| x.k == y.k && same(x.briefing, y.briefing));
                        // With no correction the feed's `updated` is the newest briefing's date.
                        let same_newest = same_opt(new.idx.order.first().copied(), old.idx.order.first().copied());
                        (!same_corr || (a.is_empty() && !same_newest), false)
                    }
                    Route::Redirect(k) => {
                        let known = old.idx.redirects.iter().any(|r| r.from == new.idx.redirects[k].from);
                        (!redirects_same, !known)
                    }
                    Route::RedirectList => (!redirects_same, old.idx.redirects.is_empty() || !old.idx.redirect_list),
                    // Made from every briefing (the sitemap and its dates, the last two days of
                    // news, the one-file search index): made again.
                    Route::Sitemap | Route::NewsSitemap | Route::SearchIndexJson => (true, false),
                    // The search index has its own cache; standalone pages, robots.txt and the
                    // 404 page show nothing of the briefings.
                    Route::SearchIndex | Route::Page(..) | Route::Robots | Route::NotFound => (false, false),
                })
                .collect::<Vec<(bool, bool)>>()
        },
        || gone(cfg, &ol, &nl, from),
    );
    let mut plan = Plan::default();
    for (&route, (render, fresh)) in all.iter().zip(flags) {
        if render {
            plan.routes.push(route);
        }
        if fresh {
            plan.fresh.push(route);
        }
    }
    plan.removed = removed;
    plan
}

/// Output files of the old side that no route of the new side makes.
fn gone(cfg: &Config, ol: &Lists, nl: &Lists, from: &[Option<usize>]) -> Vec<String> {
    let (old, new) = (ol.w, nl.w);
    let per = cfg.paginate;
    let (old_routes, new_routes) = (Routes::new(cfg, old.idx), Routes::new(cfg, new.idx));
    let mut kept = vec![false; old.idx.permalinks.len()];
    let mut out = Vec::new();
    for (j, o) in from.iter().enumerate() {
        if let Some(o) = *o {
            kept[o] = true;
            if old.idx.permalinks[o] != new.idx.permalinks[j] {
                out.push(output_file(&old.idx.permalinks[o]));
            }
        }
    }
    out.extend(kept.iter().enumerate().filter(|(_, k)| !**k).map(|(o, _)| output_file(&old.idx.permalinks[o])));
    let old_all = old_routes.all();
    let stale = old_all.par_iter().filter_map(|&route| {
        let exists = match route {
            Route::Home { page }
            | Route::Term { page, .. }
            | Route::Year { page, .. }
            | Route::Month { page, .. }
            | Route::Day { page, .. } => nl
                .find(&ol.key(route).expect("a list route has a key"), page)
                .is_some_and(|r| page <= crate::index::page_count(new_routes.items(r).len(), per)),
            Route::TermFeed(..) | Route::TermList(..) => nl.find(&ol.key(route).expect("keyed"), 1).is_some(),
            Route::Redirect(k) => new.idx.redirects.iter().any(|r| r.from == old.idx.redirects[k].from),
            Route::RedirectList => new.idx.redirect_list || !new.idx.redirects.is_empty(),
            _ => true,
        };
        (!exists).then(|| old_routes.file(route))
    });
    out.par_extend(stale);
    out.sort();
    out.dedup();
    out
}
