//! Fingerprints of pages: a digest of everything a page is made from (its template and
//! every template it can include, the interface strings, the settings, its path and its
//! context), so that a build can keep the file an earlier build made from the same
//! inputs instead of rendering it again. Keeping is the caller's: it is given through
//! [`Memo`] (see `crate::cache`); rendering stays pure.

use tera::{Context, Value};
use xxhash_rust::xxh3::xxh3_128;

/// The bytes a fingerprint is taken of, gathered first and hashed in one go (many small
/// updates of a streaming hash cost more than copying them).
type Xxh3 = Vec<u8>;

trait Update {
    fn update(&mut self, bytes: &[u8]);
}

impl Update for Vec<u8> {
    fn update(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

use crate::diag::Diagnostic;
use crate::index::Site;
use crate::templates::Templates;

/// Files an earlier build made, and their fingerprints.
pub trait Memo: Sync {
    /// Keep `file` as an earlier build made it, when it was made from `fingerprint`:
    /// true when kept (then it is not rendered again).
    fn keep(&self, file: &str, fingerprint: u128) -> Result<bool, Diagnostic>;

    /// `file`, just handed to the sink, was made from `fingerprint`.
    fn made(&self, file: &str, fingerprint: u128) -> Result<(), Diagnostic>;

    /// Whether the page at `route` is known to be made from the very inputs an earlier
    /// build made its file from (see [`super::Shape`]): then [`Memo::keep_same`] is
    /// asked first, and no context is made when it keeps the file.
    fn same_inputs(&self, _route: crate::routes::Route) -> bool {
        false
    }

    /// Keep `file` as an earlier build made it, whatever it was made from: only for a
    /// page of [`Memo::same_inputs`]. True when kept.
    fn keep_same(&self, _file: &str) -> Result<bool, Diagnostic> {
        Ok(false)
    }

    /// Whether [`Memo::same_inputs`] may hold for some page: then few pages take a
    /// fingerprint, and what they share is made when the first asks.
    fn keeps_by_inputs(&self) -> bool {
        false
    }
}

/// Digests of list items by address of their map: taken of every item before the
/// render.
pub(super) type Digests = rustc_hash::FxHashMap<usize, u128>;

/// Digests of the list items a render shares between pages, by the address of their
/// map (an item shown on twenty pages is walked once): taken of every item before the
/// render (see [`known_items`]), or of each as a page first shows it (`made`, see
/// `super::later`). A page's fingerprint is the same either way.
#[derive(Default)]
pub(super) struct Known<'a> {
    taken: Digests,
    made: Option<&'a std::sync::Mutex<Digests>>,
}

impl<'a> Known<'a> {
    /// The digests of items made as pages first show them, each put in `made` then.
    pub(super) fn as_made(made: &'a std::sync::Mutex<Digests>) -> Known<'a> {
        Known { taken: Digests::default(), made: Some(made) }
    }

    fn get(&self, map: usize) -> Option<u128> {
        match self.taken.get(&map) {
            Some(&d) => Some(d),
            None => self.made?.lock().unwrap_or_else(|e| e.into_inner()).get(&map).copied(),
        }
    }
}

impl FromIterator<(usize, u128)> for Known<'_> {
    fn from_iter<I: IntoIterator<Item = (usize, u128)>>(iter: I) -> Self {
        Known { taken: iter.into_iter().collect(), made: None }
    }
}

/// The digest of each list item `items` gives, by the address of its map. The items
/// are clones of values [`super::Prepared`] holds for the whole render, so no other map
/// can be at one of those addresses while it runs. Taken on every thread: the pages
/// wait for it.
pub(super) fn known_items(items: impl rayon::iter::ParallelIterator<Item = Value>) -> Known<'static> {
    use rayon::iter::ParallelIterator as _;
    let digests: Vec<(usize, u128)> = items.map_init(Vec::new, |buf, item| item_digest(buf, &item)).flatten().collect();
    digests.into_iter().collect()
}

/// [`known_items`] on the calling thread alone: for a render that keeps most pages
/// without a fingerprint, when the first page that needs one asks (a render's threads
/// cannot wait for a parallel job they may be asked to run).
pub(super) fn known_items_in_turn(items: impl Iterator<Item = Value>) -> Known<'static> {
    let mut buf = Vec::new();
    items.filter_map(|item| item_digest(&mut buf, &item)).collect()
}

/// A list item's address and digest (`None` for an item that is not a map).
fn item_digest(buf: &mut Xxh3, item: &Value) -> Option<(usize, u128)> {
    let map = item.as_map()?;
    buf.clear();
    value(buf, item, &Known::default());
    Some((std::ptr::from_ref(map) as usize, xxh3_128(buf)))
}

/// Every key a page's context can have. `site` is the same for every page of an edition
/// and goes into [`base`]; the others into each page's [`fingerprint`]. A test checks
/// that each page kind's context has no other key.
pub(super) const CONTEXT_KEYS: &[&str] =
    &["meta", "page", "date", "paginator", "corrections", "redirect", "search", "taxonomy", "term", "feed", "entries"];

/// What every page of one edition shares: the templates with their strings, the
/// settings, the edition, the site-wide context value and what is put into each page.
pub(crate) fn base(site: &Site, tpl: &Templates, site_value: &Value, inject: Option<&str>) -> u128 {
    let mut h = Xxh3::new();
    h.update(b"brief pages 1\0");
    h.update(&tpl.digest.to_le_bytes());
    str(&mut h, &format!("{:?}", site.cfg));
    h.update(&(site.edition as u64).to_le_bytes());
    value(&mut h, site_value, &Known::default());
    str(&mut h, inject.unwrap_or_default());
    xxh3_128(&h)
}

/// The digest of list item `item`: what [`known_items`] takes for it.
pub(crate) fn item_value_digest(item: &Value) -> u128 {
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|h| {
        h.clear();
        value(h, item, &Known::default());
        xxh3_128(h)
    })
}

/// The fingerprint of a list item rendered by the theme's item partial (which sees the
/// site-wide values, in `base`, and the item of digest `digest`: see
/// [`item_value_digest`]).
pub(crate) fn item_key(base: u128, digest: u128) -> u128 {
    let mut h = Vec::with_capacity(64);
    h.update(b"brief item 2\0");
    h.update(&base.to_le_bytes());
    h.update(&digest.to_le_bytes());
    xxh3_128(&h)
}

/// The digests of list items known before the render (see [`item_value_digest`]), by
/// the address of each item's map, as [`known_items`] gives them.
pub(super) fn known_digests(items: impl Iterator<Item = (Value, u128)>) -> Known<'static> {
    items.filter_map(|(item, d)| Some((std::ptr::from_ref(item.as_map()?) as usize, d))).collect()
}

/// The fingerprint of the page `file` made with `template` from `ctx` and `extra` (what
/// the context leaves out: a body's digest).
pub(super) fn fingerprint(base: u128, template: &str, file: &str, ctx: &Context, known: &Known, extra: &[u8]) -> u128 {
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|h| {
        h.clear();
        page(h, base, template, file, ctx, known);
        h.update(&(extra.len() as u64).to_le_bytes());
        h.update(extra);
        xxh3_128(h)
    })
}

fn page(h: &mut Xxh3, base: u128, template: &str, file: &str, ctx: &Context, known: &Known) {
    h.update(&base.to_le_bytes());
    str(h, template);
    str(h, file);
    for key in CONTEXT_KEYS {
        match ctx.get(key) {
            Some(v) => {
                str(h, key);
                value(h, v, known);
            }
            None => h.update(&[0]),
        }
    }
}

/// A string, its length first so that two strings never read as one. A long one (a
/// body) goes in as its own digest, rather than copied.
fn str(h: &mut Xxh3, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    if s.len() > 512 {
        h.update(&xxh3_128(s.as_bytes()).to_le_bytes());
    } else {
        h.update(s.as_bytes());
    }
}

/// A value with its kind, whether it is safe (a safe string is written unescaped), and
/// the length of every string, list and map, so that two different values never feed
/// the same bytes.
fn value(h: &mut Xxh3, v: &Value, known: &Known) {
    // The kind's name is what tells kinds apart (the kinds are not public).
    let kind = v.name();
    str(h, kind);
    h.update(&[u8::from(v.is_safe())]);
    match kind {
        "string" => str(h, v.as_str().unwrap_or_default()),
        "bool" => h.update(&[u8::from(v.as_bool().unwrap_or_default())]),
        "array" => {
            let items = v.as_array().unwrap_or_default();
            h.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                value(h, item, known);
            }
        }
        "map/struct" => {
            let Some(map) = v.as_map() else { return };
            if let Some(d) = known.get(std::ptr::from_ref(map) as usize) {
                // Marked apart from a map walked here, whose length follows.
                h.update(&[0xff]);
                h.update(&d.to_le_bytes());
                return;
            }
            h.update(&[0]);
            h.update(&(map.len() as u64).to_le_bytes());
            for (k, item) in map {
                match k.as_str() {
                    Some(s) => str(h, s),
                    None => str(h, &k.to_string()),
                }
                value(h, item, known);
            }
        }
        "bytes" => {
            let b = v.as_bytes().unwrap_or_default();
            h.update(&(b.len() as u64).to_le_bytes());
            h.update(b);
        }
        "undefined" | "none" => {}
        _ => match v.as_number() {
            Some(tera::Number::Integer(n)) => h.update(&n.to_le_bytes()),
            Some(tera::Number::Float(f)) => h.update(&f.to_bits().to_le_bytes()),
            _ => str(h, &v.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(v: Value) -> u128 {
        let mut h = Xxh3::new();
        value(&mut h, &v, &Known::default());
        xxh3_128(&h)
    }

    #[test]
    fn different_values_differ() {
        let a = Value::from(vec![Value::from("a"), Value::from("b")]);
        let b = Value::from(vec![Value::from("a\", \"b")]);
        assert_ne!(of(a.clone()), of(b));
        assert_eq!(of(a.clone()), of(a));
        assert_ne!(of(Value::from("<b>")), of(Value::safe_string("<b>")));
        assert_ne!(of(Value::from(1u64)), of(Value::from(1.0f64)));
        assert_ne!(of(Value::from("1")), of(Value::from(1u64)));
        assert_ne!(of(Value::none()), of(Value::from("")));
    }

    #[test]
    fn the_path_and_the_template_count() {
        let mut ctx = Context::new();
        ctx.insert("meta", &"x");
        let k = Known::default();
        let f = fingerprint(7, "index.html", "index.html", &ctx, &k, &[]);
        assert_eq!(f, fingerprint(7, "index.html", "index.html", &ctx, &k, &[]));
        assert_ne!(f, fingerprint(8, "index.html", "index.html", &ctx, &k, &[]));
        assert_ne!(f, fingerprint(7, "page.html", "index.html", &ctx, &k, &[]));
        assert_ne!(f, fingerprint(7, "index.html", "page/2/index.html", &ctx, &k, &[]));
        assert_ne!(f, fingerprint(7, "index.html", "index.html", &ctx, &k, &[1]));
        ctx.insert("paginator", &1);
        assert_ne!(f, fingerprint(7, "index.html", "index.html", &ctx, &k, &[]));
    }
}
