//! Values built once per build and shared by every page: `site`, one list item per
//! briefing (and its HTML when the theme uses `item_html`), one value per term, and the
//! flattened date tree for date navigation.

mod reuse;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use tera::{Context, Value};

use super::context::{CalendarMonth, ItemCtx, LinkRef, MonthRef, SiteCtx, TaxonomyCtx, TermRef, YearRef};
use super::dates::{display_date, month_name};
use super::later::{Later, Lazily, Sketch, uses_item_html};
use crate::cache::items::Items;
use crate::diag::Diagnostic;
use crate::index::{DayId, MonthId, Site, TermId};
use crate::locale::Locale;
use crate::model::Briefing;
use crate::outputs::rfc3339;
use crate::parse::text::escape_html;
use crate::routes::{HOME, Route, Routes, date_path, link};
use crate::spill::{Spill, Spilled};
use crate::templates::Templates;

/// How many tags `site.top_tags` holds.
const TOP_TAGS: usize = 10;

/// How many months `site.recent_months` holds.
const RECENT_MONTHS: usize = 12;

/// The template that renders one list item, with `site` and `item`.
pub(super) const ITEM_TEMPLATE: &str = "partials/item.html";

/// Values built once per build and shared by every page.
pub struct Prepared {
    pub(super) site: Value,
    /// The list item of each briefing (see [`Prepared::item`]).
    items: Vec<Item>,
    /// The digest of each list item, when a build with its cache took them (else
    /// empty): see `super::memo::item_value_digest`.
    pub(super) item_digests: Vec<u128>,
    /// Each item rendered by `partials/item.html` (safe HTML), when a template uses
    /// `paginator.item_html`; else empty. On disk during a build (see [`Prepared::item_html`]).
    item_html: Vec<Kept>,
    /// Whether a template may read `paginator.items` (else a list page's paginator
    /// leaves them out: making each item's value is costly where they are spilled).
    pub(super) paginator_items: bool,
    /// The term references of each briefing (see [`Prepared::term_refs`]).
    term_refs: Vec<OnceLock<Arc<[Value]>>>,
    /// Per taxonomy: term slug → term index, and one shared value per term.
    terms: (Vec<HashMap<String, usize>>, Vec<Vec<Value>>),
    /// Every month and day with briefings, newest first, for prev/next navigation.
    pub(super) months: Vec<MonthId>,
    pub(super) days: Vec<DayId>,
    /// Position of each month and day in `months` and `days`.
    pub(super) month_pos: HashMap<MonthId, usize>,
    pub(super) day_pos: HashMap<DayId, usize>,
    /// Dates and month names in the site's language.
    pub(super) locale: Locale,
    /// Each edition's language named in itself, for the language switcher (empty on a
    /// site with one language).
    pub(super) language_names: Vec<String>,
    /// "Read in …" for each edition, in this edition's language.
    pub(super) read_in: Vec<String>,
    /// The list items, when a build makes them as pages first show them (then `items`
    /// and `item_html` are empty).
    later: Option<Later>,
}

pub use reuse::{Reuse, prepare_reusing};

/// A list item and its rendered HTML (when the theme renders items alone).
pub(super) type MadeItem = (Kept, Option<Kept>);

/// A list item or its rendered HTML, in memory or in the build's spill file.
pub(super) enum Kept {
    Held(Value),
    Spilled(Spilled),
}

/// A briefing's list item: kept, or (after a serve edit) made when a page first shows
/// it: an edit that changes a term's count changes the items of every briefing with that
/// term, and only those the edit's pages show are made.
enum Item {
    Kept(Kept),
    Later(Box<LaterItem>),
}

/// A list item made when first asked for.
struct LaterItem {
    made: OnceLock<Value>,
    /// The briefing's item before the edit, whose tags it takes anew (else it is made
    /// whole).
    base: Option<Value>,
}

impl Item {
    fn held(v: Value) -> Item {
        Item::Kept(Kept::Held(v))
    }

    fn later(base: Option<Value>) -> Item {
        Item::Later(Box::new(LaterItem { made: OnceLock::new(), base }))
    }
}

/// What is costly to make of a list item, kept when the item is spilled.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct ItemParts {
    date_display: String,
    updated_display: Option<String>,
    summary: String,
}

impl Prepared {
    /// Whether the list items are rendered by `partials/item.html`.
    pub(super) fn has_item_html(&self) -> bool {
        !self.item_html.is_empty() || self.later.as_ref().is_some_and(Later::has_html)
    }

    /// What a rebuild weighs before it makes the list items (see [`Sketch`]).
    pub fn sketch(&self) -> Sketch<'_> {
        Sketch {
            site: &self.site,
            language_names: &self.language_names,
            read_in: &self.read_in,
            item_html: self.has_item_html(),
        }
    }

    /// The failure of a list item's template met when a page first showed the item
    /// (the build must fail with it).
    pub(super) fn item_failure(&self) -> Option<Diagnostic> {
        self.later.as_ref().and_then(Later::failure)
    }

    /// How many list items a build made as pages first showed them (`None`: all were
    /// made at once).
    pub fn items_made_later(&self) -> Option<usize> {
        self.later.as_ref().map(Later::made)
    }

    /// The digests of the list items a build made as pages first showed them, by the
    /// address of each one's map (`None`: the items were all made at once).
    pub(super) fn item_digests_made(&self) -> Option<&std::sync::Mutex<super::memo::Digests>> {
        self.later.as_ref().map(Later::digests)
    }

    /// Whether every list item is held in memory (none spilled; one made when first
    /// asked for is held from then on).
    pub(super) fn items_held(&self) -> bool {
        self.items.iter().all(|k| !matches!(k, Item::Kept(Kept::Spilled(_))))
    }

    /// The term references of briefing `i` of `site` (the site these values were made
    /// for), per taxonomy of the index.
    pub(super) fn term_refs(&self, site: &Site, i: usize) -> &Arc<[Value]> {
        self.term_refs[i].get_or_init(|| term_refs_of(site, &self.terms, i).into())
    }

    /// The list item of briefing `i` of `site` (the site these values were made for).
    pub(super) fn item(&self, site: &Site, i: usize) -> Value {
        if let Some(later) = &self.later {
            return later.item(self, site, i);
        }
        match &self.items[i] {
            Item::Kept(Kept::Held(v)) => v.clone(),
            Item::Kept(Kept::Spilled(s)) => {
                let parts = serde_json::from_slice::<ItemParts>(&s.read()).unwrap_or_else(|e| {
                    s.spill().fail(format!("a list item does not decode: {e}"));
                    ItemParts { date_display: String::new(), updated_display: None, summary: String::new() }
                });
                item_value(site, self.term_refs(site, i), i, &parts)
            }
            Item::Later(later) => later
                .made
                .get_or_init(|| {
                    let refs = self.term_refs(site, i);
                    later
                        .base
                        .as_ref()
                        .and_then(|base| with_tags(base, tags_of(site, refs)))
                        .unwrap_or_else(|| item_value(site, refs, i, &item_parts(site, &self.locale, i, None)))
                })
                .clone(),
        }
    }

    /// The rendered list items of the briefings `slice` (safe HTML), those spilled read
    /// together (see [`Spilled::read_each`]).
    pub(super) fn items_html(&self, site: &Site, tpl: &Templates, slice: &[usize]) -> Vec<Value> {
        if let Some(later) = &self.later {
            return slice.iter().map(|&i| later.html(self, site, tpl, i)).collect();
        }
        let spilled: Vec<&Spilled> = slice
            .iter()
            .filter_map(|&i| match &self.item_html[i] {
                Kept::Spilled(s) => Some(s),
                Kept::Held(_) => None,
            })
            .collect();
        let mut read = Spilled::read_each(&spilled).into_iter();
        slice
            .iter()
            .map(|&i| match &self.item_html[i] {
                Kept::Held(v) => v.clone(),
                Kept::Spilled(s) => item_html_value(s, read.next().unwrap_or_default()),
            })
            .collect()
    }

    /// The rendered list item of briefing `i` (safe HTML).
    pub(super) fn item_html(&self, i: usize) -> Value {
        match &self.item_html[i] {
            Kept::Held(v) => v.clone(),
            Kept::Spilled(s) => item_html_value(s, s.read()),
        }
    }
}

/// A rendered list item read back from `s`: its bytes as safe HTML.
fn item_html_value(s: &Spilled, bytes: Vec<u8>) -> Value {
    let html = String::from_utf8(bytes).unwrap_or_else(|e| {
        s.spill().fail(format!("a list item does not decode: {e}"));
        String::new()
    });
    Value::safe_string(&html)
}

/// Build the values every page shares, every one in memory.
pub fn prepare(site: &Site, tpl: &Templates) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_spilled(site, tpl, None, None, None)
}

/// Build the values every page shares; with a `spill`, the rendered list items go to it
/// as they are made. A briefing's body is read (from the spill, in a build) for its
/// summary, or its summary and rendered item are taken from the last build's `items`
/// (when bodies are held in memory: a site large enough to spill them keeps no items
/// either).
pub fn prepare_spilled(
    site: &Site,
    tpl: &Templates,
    spill: Option<&Arc<Spill>>,
    items: Option<&Arc<Items>>,
    lazily: Option<Lazily>,
) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_with(site, tpl, None, spill, items, lazily)
}

fn prepare_with(
    site: &Site,
    tpl: &Templates,
    reuse: Option<Reuse>,
    spill: Option<&Arc<Spill>>,
    items: Option<&Arc<Items>>,
    lazily: Option<Lazily>,
) -> Result<Prepared, Vec<Diagnostic>> {
    let cfg = site.cfg;
    let idx = site.idx;
    let routes = Routes::new(cfg, idx);
    let (locale, _) = Locale::new(&cfg.language);
    let term_index: Vec<HashMap<String, usize>> = idx
        .taxonomies
        .iter()
        .map(|t| t.terms.iter().enumerate().map(|(k, term)| (term.slug.clone(), k)).collect())
        .collect();
    let make_site = || site_value(site, tpl, &routes, &locale);
    let (site_value, kept) = match reuse {
        // After a serve edit, what is kept is taken while the site's value is made.
        Some(r) => {
            let (v, kept) = rayon::join(make_site, || (reuse::term_refs(site, r), reuse::items(site, r)));
            (v, Some(kept))
        }
        None => (make_site(), None),
    };
    let site_value = site_value.map_err(|d| vec![d])?;

    let terms = (term_index, term_values(site, &routes));
    let months: Vec<MonthId> = idx.month_ids().collect();
    let days: Vec<DayId> = idx.day_ids().collect();
    let month_pos = months.iter().enumerate().map(|(p, &m)| (m, p)).collect();
    let day_pos = days.iter().enumerate().map(|(p, &d)| (d, p)).collect();
    let language_names: Vec<String> = site
        .editions
        .iter()
        .map(|ed| {
            tpl.strings.lookup(&ed.cfg.language, "language.name", None).unwrap_or_else(|_| ed.cfg.language.clone())
        })
        .collect();
    let read_in: Vec<String> = language_names
        .iter()
        .map(|name| tpl.strings.format(&cfg.language, "nav.read_in", None, &[("language", name)]).unwrap_or_default())
        .collect();
    let mut item_digests = Vec::new();
    let mut later = None;
    let (term_refs, items, item_html) = match kept {
        // After a serve edit, what is new is made when a page first asks for it.
        Some((term_refs, items)) => (term_refs, items, Vec::new()),
        None => {
            let with_html = uses_item_html(tpl);
            let sketch =
                Sketch { site: &site_value, language_names: &language_names, read_in: &read_in, item_html: with_html };
            match items.filter(|_| lazily.is_some_and(|lazily| lazily(&sketch))) {
                // A rebuild that keeps most pages: items and their term values are made
                // when a page first shows them.
                Some(cache) => {
                    let base = super::memo::base(site, tpl, &site_value, None);
                    later = Some(Later::new(site.briefings.len(), with_html, cache.clone(), base));
                    (std::iter::repeat_with(OnceLock::new).take(site.briefings.len()).collect(), Vec::new(), Vec::new())
                }
                None => {
                    let term_refs: Vec<Arc<[Value]>> = (0..site.briefings.len())
                        .into_par_iter()
                        .map(|i| term_refs_of(site, &terms, i).into())
                        .collect();
                    let (items, item_html, digests) =
                        super::later::made(site, tpl, &site_value, &term_refs, &locale, with_html, spill, items)?;
                    item_digests = digests;
                    (
                        term_refs.into_iter().map(OnceLock::from).collect(),
                        items.into_iter().map(Item::Kept).collect(),
                        item_html,
                    )
                }
            }
        }
    };
    let mut prep = Prepared {
        site: site_value,
        items,
        item_digests,
        item_html,
        paginator_items: tpl.may_read_paginator_items(),
        term_refs,
        terms,
        months,
        days,
        month_pos,
        day_pos,
        locale,
        language_names,
        read_in,
        later,
    };
    if let Some(r) = reuse {
        prep.item_html = reuse::item_html(site, tpl, &prep, r).map_err(|d| vec![d])?;
    }
    Ok(prep)
}

/// The `site` every page sees (with its fragments rendered).
fn site_value(site: &Site, tpl: &Templates, routes: &Routes, locale: &Locale) -> Result<Value, Diagnostic> {
    let (cfg, idx) = (site.cfg, site.idx);
    let mut taxonomies: Vec<TaxonomyCtx> = idx
        .taxonomies
        .iter()
        .enumerate()
        .map(|(t, tax)| TaxonomyCtx {
            name: &tax.name,
            title: super::taxonomy::title_of(&tpl.strings, &cfg.language, &tax.name, idx.authors == Some(t)),
            url: routes.url(Route::TermList(t)),
            count: tax.terms.len(),
            terms: (0..tax.terms.len()).map(|k| term_ref(site, routes, TermId { taxonomy: t, term: k })).collect(),
        })
        .collect();
    // `site.taxonomies` holds the subject taxonomies; authors (the last) have their own.
    let authors = idx.authors.map(|a| taxonomies.remove(a));
    let tags = site.tags().map(|t| taxonomies[t].terms.clone()).unwrap_or_default();
    let mut top_tags = tags.clone();
    top_tags.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(b.name)));
    top_tags.truncate(TOP_TAGS);
    let years: Vec<YearRef> = idx
        .years
        .iter()
        .map(|y| {
            let months: Vec<MonthRef> = y
                .months
                .iter()
                .map(|m| MonthRef {
                    year: y.year,
                    month: m.month,
                    name: month_name(locale, m.month),
                    title: locale.month_year(y.year, m.month),
                    in_text: locale.month_year_in_text(y.year, m.month),
                    url: link(cfg, &site.idx.rooted(&date_path(y.year, Some(m.month), None))),
                    count: m.items.len(),
                })
                .collect();
            let calendar = (1..=12)
                .map(|n| {
                    let found = months.iter().find(|m| m.month == n);
                    CalendarMonth {
                        month: n,
                        name: found.map(|m| m.name.clone()).unwrap_or_else(|| month_name(locale, n)),
                        url: found.map(|m| m.url.clone()),
                        count: found.map_or(0, |m| m.count),
                    }
                })
                .collect();
            YearRef {
                year: y.year,
                url: link(cfg, &site.idx.rooted(&date_path(y.year, None, None))),
                count: y.items.len(),
                months,
                calendar,
            }
        })
        .collect();
    let tags_name = site.tags().map_or("tags", |t| idx.taxonomies[t].name.as_str());
    let site_ctx = SiteCtx {
        title: &cfg.title,
        description: &cfg.description,
        language: &cfg.language,
        timezone: &cfg.timezone_name,
        base_url: cfg.base_url(),
        base_path: &cfg.base_path,
        author: cfg.author.as_deref(),
        extra: &cfg.extra,
        url: routes.url(Route::Home { page: 1 }),
        feed_url: routes.url(Route::Atom),
        json_feed_url: routes.url(Route::JsonFeed),
        search_url: routes.url(Route::Search),
        search_index_url: routes.url(Route::SearchIndex),
        archive_url: routes.url(Route::Archive),
        corrections_url: routes.url(Route::Corrections),
        tags_url: site
            .tags()
            .map(|t| routes.url(Route::TermList(t)))
            .unwrap_or_else(|| link(cfg, &site.idx.rooted("/tags/"))),
        tags_title: super::taxonomy::title_of(&tpl.strings, &cfg.language, tags_name, false),
        tags_name,
        static_url: link(cfg, HOME),
        // What the lists show: an expired briefing keeps its page but is in none.
        briefing_count: idx.order.len(),
        taxonomies,
        authors,
        tags,
        top_tags,
        recent_months: years.iter().flat_map(|y| &y.months).take(RECENT_MONTHS).cloned().collect(),
        years,
        pages: site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| LinkRef { title: p.title.clone(), url: routes.url(Route::Page(i)) })
            .collect(),
        relative_urls: cfg.relative_urls,
        generator: concat!("brief ", env!("CARGO_PKG_VERSION")),
    };
    super::fragments::with_fragments(tpl, Value::from_serializable(&site_ctx))
}

impl Prepared {
    /// The value at `path` (`top_tags`, `taxonomies.0`) of the `site` every page sees.
    pub fn site_field(&self, path: &str) -> Option<Value> {
        self.site.get_from_path(path).cloned()
    }
}

/// Refresh the shared values of briefing `i` after it changed, when the site's structure
/// (terms, dates) did not.
pub fn update_prepared(site: &Site, tpl: &Templates, prep: &mut Prepared, i: usize) -> Result<(), Diagnostic> {
    let refs: Arc<[Value]> = term_refs_of(site, &prep.terms, i).into();
    let item = item_value(site, &refs, i, &item_parts(site, &prep.locale, i, None));
    prep.term_refs[i] = OnceLock::from(refs);
    if !prep.item_html.is_empty() {
        prep.item_html[i] = Kept::Held(render_item(tpl, &prep.site, &item)?);
    }
    prep.items[i] = Item::held(item);
    prep.item_digests.clear();
    Ok(())
}

/// `{name, slug, url, count}` of a term.
fn term_ref<'a>(site: &Site<'a>, routes: &Routes, id: TermId) -> TermRef<'a> {
    let term = site.idx.term(id);
    TermRef {
        name: &term.name,
        slug: &term.slug,
        url: routes.url(Route::Term { term: id, page: 1 }),
        count: term.items.len(),
    }
}

/// Term references of briefing `i`, per taxonomy of the index (authors included).
fn term_refs_of(site: &Site, prep_terms: &(Vec<HashMap<String, usize>>, Vec<Vec<Value>>), i: usize) -> Vec<Value> {
    let (term_index, term_values) = prep_terms;
    let b = &site.briefings[i];
    (0..site.idx.taxonomies.len())
        .map(|t| {
            // One shared value per term: a briefing's list only clones references.
            let refs: Vec<Value> = site
                .idx
                .slugs_of(b, t)
                .iter()
                .filter_map(|s| term_index[t].get(s))
                .map(|&k| term_values[t][k].clone())
                .collect();
            Value::from(refs)
        })
        .collect()
}

/// The author term refs among `term_refs` (an empty list without authors).
pub(super) fn authors_of(site: &Site, term_refs: &[Value]) -> Value {
    site.idx.authors.map(|t| term_refs[t].clone()).unwrap_or_else(|| Value::from(Vec::<Value>::new()))
}

/// One `{name, slug, url, count}` value per term of every taxonomy.
fn term_values(site: &Site, routes: &Routes) -> Vec<Vec<Value>> {
    site.idx
        .taxonomies
        .iter()
        .enumerate()
        .map(|(t, tax)| {
            (0..tax.terms.len())
                .map(|k| Value::from_serializable(&term_ref(site, routes, TermId { taxonomy: t, term: k })))
                .collect()
        })
        .collect()
}

/// The terms of the tags taxonomy among `term_refs` (an empty list without one).
pub(super) fn tags_of(site: &Site, term_refs: &[Value]) -> Value {
    site.tags().map(|t| term_refs[t].clone()).unwrap_or_else(|| Value::from(Vec::<Value>::new()))
}

/// A list item with other `tags` (the same briefing, whose terms' counts changed).
fn with_tags(item: &Value, tags: Value) -> Option<Value> {
    let mut map = item.as_map()?.clone();
    map.insert("tags".into(), tags);
    Some(Value::from(map))
}

/// What is costly to make of briefing `i`'s list item (its summary read back from the
/// last build's `items` where they have it).
pub(super) fn item_parts(site: &Site, locale: &Locale, i: usize, items: Option<&Items>) -> ItemParts {
    let b = &site.briefings[i];
    let url = link(site.cfg, &site.idx.permalinks[i]);
    let make = || crate::links::rebase(b.content.unpack().summary_html(), &url, None);
    ItemParts {
        date_display: display_date(locale, &b.date),
        updated_display: b.last_update().map(|z| display_date(locale, z)),
        summary: match items {
            Some(c) => {
                c.get_or_make(Items::summary_key(b.content.digest(), &url), || Ok::<_, ()>(make())).unwrap_or_default()
            }
            None => make(),
        },
    }
}

/// The lightweight list item of briefing `i`, from its costly `parts`.
pub(super) fn item_value(site: &Site, term_refs: &[Value], i: usize, parts: &ItemParts) -> Value {
    let b = &site.briefings[i];
    Value::from_serializable(&ItemCtx {
        title: &b.title,
        title_html: &title_html(b),
        date: rfc3339(&b.date),
        date_display: parts.date_display.clone(),
        updated: b.last_update().map(rfc3339),
        updated_display: parts.updated_display.clone(),
        summary: &parts.summary,
        url: link(site.cfg, &site.idx.permalinks[i]),
        tags: tags_of(site, term_refs),
        authors: site.author_names(i),
        reading_time: b.reading_time,
    })
}

/// A briefing's title as safe HTML (the escaped plain title when it has no Markdown).
pub(super) fn title_html(b: &Briefing) -> Cow<'_, str> {
    match &b.title_html {
        Some(html) => Cow::Borrowed(html),
        None => Cow::Owned(escape_html(&b.title)),
    }
}

/// `made[k]`, made for briefing `seq[k]`, put back in briefing order (`seq` holds each
/// briefing once).
pub(super) fn in_index_order<T>(made: Vec<T>, seq: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(made.len()).collect();
    for (t, &i) in made.into_iter().zip(seq) {
        slots[i] = Some(t);
    }
    slots.into_iter().flatten().collect()
}

pub(super) fn render_item(tpl: &Templates, site: &Value, item: &Value) -> Result<Value, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert_value("site", site.clone());
    ctx.insert_value("item", item.clone());
    let html = tpl.tera.render(ITEM_TEMPLATE, &ctx).map_err(|e| tpl.diag(&e))?;
    Ok(Value::safe_string(&html))
}
