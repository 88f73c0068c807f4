//! The shape of an edition: digests of everything its pages are made from, taken apart
//! so that a rebuild can tell "only these briefings changed" without making any page's
//! context. One digest covers what every page can read but the briefings (templates
//! and strings, settings, the site-wide value, the index, standalone pages, authors);
//! each briefing has three (see `crate::cache::digests`): what places it in the index
//! and lists (date, slug, terms, authors, identity, old URLs, corrections, expiry), the
//! rest of its front matter and the counts taken from its body, and its body. When the
//! first digest and every briefing's place are as the last build recorded, the index is
//! the one that build had, and the pages that can differ are the ones
//! [`super::affected_routes`] names for the briefings whose other digests changed, as
//! for an edit in `serve`. The build keeps every other page of the kinds it weighs
//! ([`super::affected::covers`]) by its stamp alone.
//!
//! On a site with several editions, a page also reads the other editions (its
//! versions there: hreflang alternates and the language menu, see
//! `crate::routes::editions`): where each has the same page, found through its index,
//! its settings, its standalone pages, which of its briefings expired, and the links
//! between translations. Those go into the first digest of every edition, so that an
//! edit that moves anything in one edition weighs every edition as changed whole, while
//! an edit of a briefing's body or its other front matter changes only its own
//! edition's pages that show it. Each edition's shape is saved with the record of pages
//! (`crate::cache::pages`), so that it always describes the output that record
//! describes.

use std::collections::HashSet;
use std::fmt::Write as _;

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use super::Sketch;
use crate::cache::digests::Put;
use crate::index::Site;
use crate::model::Briefing;
use crate::templates::Templates;

/// What the encoding starts with.
const MAGIC: &[u8; 8] = b"shape 1\0";

/// The digests of one edition's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Everything but the briefings.
    whole: u128,
    /// Each briefing's, in the site's order.
    briefings: Vec<Of>,
}

/// The digests of one briefing (see `crate::cache::digests`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Of {
    /// What places it.
    place: u128,
    /// The rest of its front matter, and the counts taken from its body.
    rest: u128,
    /// Its body (rendered, summary, headings, search words).
    body: u64,
}

impl Shape {
    /// The shape of `site` (one edition) as `tpl` and the shared values `prep`
    /// sketches make its pages.
    pub fn of(site: &Site, prep: &Sketch, tpl: &Templates) -> Shape {
        let mut s = Streamed::new();
        let base = super::memo::base(site, tpl, prep.site, None);
        crate::cache::index::put_index(&mut s, site.idx);
        // The rest as Debug output: every field, in a fixed order.
        let _ = write!(
            s,
            "{base:x}\0{:?}\0{:?}\0{}\0{:?}\0{:?}\0{}",
            site.pages, site.authors, site.edition, prep.language_names, prep.read_in, prep.item_html
        );
        if site.editions.len() > 1 {
            others(&mut s, site);
        }
        let whole = s.finish();
        let briefings = site.briefings.par_iter().map_init(Vec::new, of).collect();
        Shape { whole, briefings }
    }

    /// The briefings (by position) that changed since `old`, when nothing else did:
    /// the same inputs but the briefings, the same briefings in the same places.
    pub fn changed_since(&self, old: &Shape) -> Option<HashSet<usize>> {
        if self.whole != old.whole || self.briefings.len() != old.briefings.len() {
            return None;
        }
        let mut changed = HashSet::new();
        for (i, (a, b)) in self.briefings.iter().zip(&old.briefings).enumerate() {
            if a.place != b.place {
                return None;
            }
            if a != b {
                changed.insert(i);
            }
        }
        Some(changed)
    }

    /// The shape as bytes (for the record of pages, which checks them whole).
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(MAGIC.len() + 24 + self.briefings.len() * 40);
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&self.whole.to_le_bytes());
        b.extend_from_slice(&(self.briefings.len() as u64).to_le_bytes());
        for o in &self.briefings {
            b.extend_from_slice(&o.place.to_le_bytes());
            b.extend_from_slice(&o.rest.to_le_bytes());
            b.extend_from_slice(&o.body.to_le_bytes());
        }
        b
    }

    /// A shape from [`Shape::encode`]'s bytes; `None` unless they are whole.
    pub fn decode(b: &[u8]) -> Option<Shape> {
        let rest = b.strip_prefix(MAGIC)?;
        let (whole, rest) = rest.split_at_checked(16)?;
        let (n, rest) = rest.split_at_checked(8)?;
        let n = usize::try_from(u64::from_le_bytes(n.try_into().ok()?)).ok()?;
        if rest.len() != n.checked_mul(40)? {
            return None;
        }
        let briefings = rest
            .chunks_exact(40)
            .map(|c| Of {
                place: u128::from_le_bytes(c[..16].try_into().expect("16 bytes")),
                rest: u128::from_le_bytes(c[16..32].try_into().expect("16 bytes")),
                body: u64::from_le_bytes(c[32..].try_into().expect("8 bytes")),
            })
            .collect();
        Some(Shape { whole: u128::from_le_bytes(whole.try_into().ok()?), briefings })
    }
}

/// What the pages of `site`'s edition read of the other editions (see the module's
/// comment): where each has the same page as this one (its index, with every URL and
/// list), how it makes its links (its settings), its standalone pages, which of its
/// briefings expired (an expired translation is linked from nowhere), and which
/// briefings and pages are translations of which.
fn others(s: &mut Streamed, site: &Site) {
    for f in (0..site.editions.len()).filter(|&f| f != site.edition) {
        let other = site.in_edition(f);
        s.n(f);
        crate::cache::index::put_index(s, other.idx);
        let _ = write!(s, "{:?}\0{:?}\0", other.cfg, other.pages);
        s.n(other.briefings.len());
        for b in other.briefings {
            s.bytes(&[u8::from(b.expired)]);
        }
    }
    for links in site.peers.all() {
        s.n(links.len());
        for edition in links {
            s.n(edition.len());
            for versions in edition {
                s.n(versions.len());
                for &(f, j) in versions {
                    s.n(f);
                    s.n(j);
                }
            }
        }
    }
}

/// The digests of briefing `b`, written out in `buf` first.
fn of(buf: &mut Vec<u8>, b: &Briefing) -> Of {
    let d = crate::cache::digests::of(buf, b);
    let mut rest = [0; 24];
    rest[..16].copy_from_slice(&d.front.to_le_bytes());
    rest[16..].copy_from_slice(&d.counts.to_le_bytes());
    Of { place: d.place, rest: xxh3_128(&rest), body: b.content.digest() }
}

/// A digest of bytes written in pieces, taken a chunk at a time (the index of a large
/// site is megabytes; many small updates of a streaming hash cost more than copying
/// them).
struct Streamed {
    hash: Xxh3,
    buf: Vec<u8>,
}

impl Streamed {
    const CHUNK: usize = 64 * 1024;

    fn new() -> Streamed {
        Streamed { hash: Xxh3::new(), buf: Vec::with_capacity(Self::CHUNK + 1024) }
    }

    fn finish(mut self) -> u128 {
        self.hash.update(&self.buf);
        self.hash.digest128()
    }
}

impl Put for Streamed {
    fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= Self::CHUNK {
            self.hash.update(&self.buf);
            self.buf.clear();
        }
    }
}

impl std::fmt::Write for Streamed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(whole: u128, of: &[(u128, u128, u64)]) -> Shape {
        Shape { whole, briefings: of.iter().map(|&(place, rest, body)| Of { place, rest, body }).collect() }
    }

    #[test]
    fn only_briefings_that_stayed_in_place_may_change() {
        let old = shape(1, &[(1, 1, 1), (2, 2, 2), (3, 3, 3)]);
        assert_eq!(old.changed_since(&old), Some(HashSet::new()));
        let body = shape(1, &[(1, 1, 1), (2, 2, 9), (3, 3, 3)]);
        assert_eq!(body.changed_since(&old), Some(HashSet::from([1])));
        let rest = shape(1, &[(1, 9, 1), (2, 2, 2), (3, 3, 3)]);
        assert_eq!(rest.changed_since(&old), Some(HashSet::from([0])));
        // Moved, something else changed, one more or one less: nothing is known.
        assert_eq!(shape(1, &[(1, 1, 1), (9, 2, 2), (3, 3, 3)]).changed_since(&old), None);
        assert_eq!(shape(2, &[(1, 1, 1), (2, 2, 2), (3, 3, 3)]).changed_since(&old), None);
        assert_eq!(shape(1, &[(1, 1, 1), (2, 2, 2)]).changed_since(&old), None);
        assert_eq!(Shape::decode(&body.encode()), Some(body.clone()));
        let bytes = body.encode();
        assert_eq!(Shape::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Shape::decode(&[&bytes[..], &[0]].concat()), None);
        assert_eq!(Shape::decode(b""), None);
    }
}
