//! The list items of a build. A clean build (and any rebuild that renders most pages)
//! makes every item at once, in the order lists show them, and spills their HTML as it
//! goes ([`made`]). A rebuild in which only some briefings changed (the site's
//! [`super::Shape`] says which) keeps nearly every page by its stamp alone and shows
//! few items again: there each item is made when a page first asks for it ([`Later`]),
//! from the list items' cache, and the rest are never made. Making all 10,000 items of
//! the benchmark site was a fifth of such a rebuild's CPU (`perf`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use tera::Value;

use super::memo::Digests;
use super::prepare::{ITEM_TEMPLATE, ItemParts, Kept, MadeItem, Prepared, in_index_order, item_parts, item_value};
use crate::cache::items::Items;
use crate::diag::Diagnostic;
use crate::index::Site;
use crate::locale::Locale;
use crate::spill::Spill;
use crate::templates::Templates;

/// From this many briefings in one edition on, a build keeps the list items themselves
/// on disk too (what is costly to make of each: its dates in the site's language and
/// its summary), and makes each item's value anew every time a page shows it: about 1.7
/// KB less per briefing, for some CPU time a smaller site need not spend.
/// `BRIEF_SPILL=all` spills them at any size (for tests).
const SPILL_ITEMS_FROM: usize = 100_000;

/// What a rebuild weighs before it makes the list items: what [`super::Shape::of`]
/// takes of the values every page shares (none of them an item).
pub struct Sketch<'a> {
    /// The site-wide value every page sees.
    pub(super) site: &'a Value,
    /// Each edition's language named in itself.
    pub(super) language_names: &'a [String],
    /// "Read in …" for each edition.
    pub(super) read_in: &'a [String],
    /// Whether list items are rendered by `partials/item.html`.
    pub(super) item_html: bool,
}

/// Asked, once the values every page shares are made, whether the list items should
/// be made only when first shown (true: the rebuild keeps most pages).
pub type Lazily<'a> = &'a (dyn Fn(&Sketch) -> bool + Sync);

/// List items made when a page first shows them, read from the list items' cache where
/// it has their parts.
pub(super) struct Later {
    items: Vec<OnceLock<(Value, u128)>>,
    /// Each item's HTML (empty when no template reads `item_html`).
    html: Vec<OnceLock<Value>>,
    cache: Arc<Items>,
    /// What every rendered item is made with (see `super::memo::item_key`).
    base: u128,
    /// The first item whose template failed: the build fails with it.
    failed: Mutex<Option<Diagnostic>>,
    /// How many items were made.
    made: AtomicUsize,
    /// The digest of each item made, by the address of its map (see
    /// `super::memo::Known`).
    digests: Mutex<Digests>,
}

impl Later {
    pub(super) fn new(count: usize, with_html: bool, cache: Arc<Items>, base: u128) -> Later {
        // The parts of items not made are those of briefings that did not change: they
        // stay in the cache for the builds after this one.
        cache.keep_unused();
        Later {
            items: std::iter::repeat_with(OnceLock::new).take(count).collect(),
            html: std::iter::repeat_with(OnceLock::new).take(if with_html { count } else { 0 }).collect(),
            cache,
            base,
            failed: Mutex::new(None),
            made: AtomicUsize::new(0),
            digests: Mutex::default(),
        }
    }

    pub(super) fn has_html(&self) -> bool {
        !self.html.is_empty()
    }

    /// The list item of briefing `i`.
    pub(super) fn item(&self, prep: &Prepared, site: &Site, i: usize) -> Value {
        self.made_item(prep, site, i).0.clone()
    }

    /// The list item of briefing `i` and its digest.
    fn made_item(&self, prep: &Prepared, site: &Site, i: usize) -> &(Value, u128) {
        self.items[i].get_or_init(|| {
            self.made.fetch_add(1, Ordering::Relaxed);
            let parts = item_parts(site, &prep.locale, i, Some(&self.cache));
            let item = item_value(site, prep.term_refs(site, i), i, &parts);
            let digest = super::memo::item_value_digest(&item);
            // Its map stays where it is (a value's clones share it) while the item is
            // held, which is until the render ends.
            if let Some(map) = item.as_map() {
                let mut digests = self.digests.lock().unwrap_or_else(|e| e.into_inner());
                digests.insert(std::ptr::from_ref(map) as usize, digest);
            }
            (item, digest)
        })
    }

    /// The digests of the items made, by the address of each one's map.
    pub(super) fn digests(&self) -> &Mutex<Digests> {
        &self.digests
    }

    /// The rendered list item of briefing `i` (safe HTML); empty, with the failure kept
    /// for [`Later::failure`], when its template fails.
    pub(super) fn html(&self, prep: &Prepared, site: &Site, tpl: &Templates, i: usize) -> Value {
        if let Some(v) = self.html[i].get() {
            return v.clone();
        }
        let (item, digest) = self.made_item(prep, site, i);
        let made = cached_html(&self.cache, self.base, *digest, tpl, &prep.site, item);
        match made {
            Ok(html) => self.html[i].get_or_init(|| Value::safe_string(&html)).clone(),
            Err(d) => {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(d);
                Value::safe_string("")
            }
        }
    }

    /// How many items were made (for the stage timings).
    pub(super) fn made(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }

    /// The first failure of an item's template, if any.
    pub(super) fn failure(&self) -> Option<Diagnostic> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Every list item, their HTML (empty unless `with_html`), and their digests (empty
/// unless taken).
type AllItems = (Vec<Kept>, Vec<Kept>, Vec<u128>);

/// Every list item (and its HTML when `with_html`), made at once in the order lists
/// show them; with a `spill`, each goes to it as it is made, so they are never all in
/// memory. With the last build's `items`, an unchanged briefing's summary and rendered
/// item are read back. Returns the items, their HTML, and their digests (when taken).
#[allow(clippy::too_many_arguments)]
pub(super) fn made(
    site: &Site,
    tpl: &Templates,
    site_value: &Value,
    term_refs: &[Arc<[Value]>],
    locale: &Locale,
    with_html: bool,
    spill: Option<&Arc<Spill>>,
    items: Option<&Arc<Items>>,
) -> Result<AllItems, Vec<Diagnostic>> {
    let total: usize = site.all_editions().iter().map(|ed| ed.briefings.len()).sum();
    let spill = spill.filter(|s| s.takes_bodies(total));
    let spill_items = spill.filter(|s| s.all() || site.briefings.len() >= SPILL_ITEMS_FROM);
    let cached = items.map(|c| &**c).filter(|_| spill.is_none() || total < crate::spill::UNCACHED_FROM);
    let base = cached.map_or(0, |_| super::memo::base(site, tpl, site_value, None));
    // They are made in the order lists show them (newest first, then the unlisted), so
    // that the items of one page of a date list or the home lie side by side in the
    // spill file and are read back at once.
    let seq = site.idx.list_order(site.briefings.len());
    let made: Result<Vec<(MadeItem, Option<u128>)>, Diagnostic> = seq
        .par_iter()
        .map(|&i| {
            let parts: ItemParts = item_parts(site, locale, i, cached);
            let item = item_value(site, &term_refs[i], i, &parts);
            // The item's digest, taken once: the key of its HTML in the cache, and what
            // the render's fingerprints take for it.
            let digest = cached.map(|_| super::memo::item_value_digest(&item));
            let html = match with_html {
                true => {
                    let html = match (cached, digest) {
                        (Some(c), Some(digest)) => {
                            Value::safe_string(&cached_html(c, base, digest, tpl, site_value, &item)?)
                        }
                        _ => super::prepare::render_item(tpl, site_value, &item)?,
                    };
                    let spilled = spill.zip(html.as_str()).and_then(|(s, text)| s.put(text.as_bytes()));
                    Some(spilled.map_or(Kept::Held(html), Kept::Spilled))
                }
                false => None,
            };
            let spilled = spill_items.and_then(|s| s.put(&serde_json::to_vec(&parts).ok()?));
            Ok(((spilled.map_or(Kept::Held(item), Kept::Spilled), html), digest))
        })
        .collect();
    let made = in_index_order(made.map_err(|d| vec![d])?, &seq);
    let (made, digests): (Vec<MadeItem>, Vec<Option<u128>>) = made.into_iter().unzip();
    let (items, item_html): (Vec<Kept>, Vec<Option<Kept>>) = made.into_iter().unzip();
    let item_html: Vec<Kept> = item_html.into_iter().flatten().collect();
    let digests = digests.into_iter().collect::<Option<Vec<u128>>>().unwrap_or_default();
    Ok((items, item_html, digests))
}

/// The HTML of `item` (of digest `digest`) rendered by the theme's item template, read
/// back from the cache `c` or rendered and kept there.
fn cached_html(
    c: &Items,
    base: u128,
    digest: u128,
    tpl: &Templates,
    site_value: &Value,
    item: &Value,
) -> Result<String, Diagnostic> {
    c.get_or_make(super::memo::item_key(base, digest), || {
        super::prepare::render_item(tpl, site_value, item).map(|h| h.as_str().unwrap_or_default().to_string())
    })
}

/// Whether any template reads `paginator.item_html` (and `partials/item.html` exists).
pub(super) fn uses_item_html(tpl: &Templates) -> bool {
    tpl.sources.contains_key(ITEM_TEMPLATE) && tpl.sources.values().any(|(_, text)| text.contains("item_html"))
}
