//! Language editions (DESIGN section 8): each is a whole indexed site of its own under
//! its root (`/`, `/ko/`), and [`Peers`] links the translations of one briefing or page
//! across them.

use rustc_hash::FxHashMap;

use super::Index;
use crate::config::Config;
use crate::model::{Briefing, Page};

/// One language edition, indexed: its settings (language, title, description), its
/// briefings and pages, and the index of them alone.
#[derive(Debug)]
pub struct Edition {
    /// The site's settings in this edition's language (see [`Config::for_edition`]).
    pub cfg: Config,
    /// Its published briefings.
    pub briefings: Vec<Briefing>,
    /// Its standalone pages.
    pub pages: Vec<Page>,
    /// Its index; [`Index::root`] is where it lives.
    pub index: Index,
}

/// The translations of every briefing and page: for edition `e` and item `i`, the
/// `(edition, item)` of each version in another language. Empty on a site with one
/// language.
#[derive(Debug, Default)]
pub struct Peers {
    briefings: Links,
    pages: Links,
}

/// For each edition, for each of its items, the `(edition, item)` of each of its
/// versions in another language.
pub type Links = Vec<Vec<Vec<(usize, usize)>>>;

impl Peers {
    /// Link translations by their `translation_key` (within one edition keys are
    /// unique: [`crate::site`] checks it before).
    pub fn link(editions: &[Edition]) -> Peers {
        if editions.len() < 2 {
            return Peers::default();
        }
        let briefings = link_by(editions, |ed| ed.briefings.iter().map(|b| b.translation_key.as_str()).collect());
        let pages = link_by(editions, |ed| ed.pages.iter().map(|p| p.translation_key.as_str()).collect());
        Peers { briefings, pages }
    }

    /// Briefing `i` of edition `e` in edition `f`, if translated.
    pub fn briefing(&self, e: usize, i: usize, f: usize) -> Option<usize> {
        find(&self.briefings, e, i, f)
    }

    /// Page `i` of edition `e` in edition `f`, if translated.
    pub fn page(&self, e: usize, i: usize, f: usize) -> Option<usize> {
        find(&self.pages, e, i, f)
    }

    /// Every link: of the briefings, then of the pages, each by edition and item (for
    /// digests of what pages read: see `crate::render::Shape`).
    pub fn all(&self) -> [&Links; 2] {
        [&self.briefings, &self.pages]
    }

    /// The number of briefings of edition `e` with a version in edition `f`.
    pub fn translated(&self, e: usize, f: usize) -> usize {
        self.briefings.get(e).map_or(0, |v| v.iter().filter(|p| p.iter().any(|&(g, _)| g == f)).count())
    }
}

fn find(table: &[Vec<Vec<(usize, usize)>>], e: usize, i: usize, f: usize) -> Option<usize> {
    table.get(e)?.get(i)?.iter().find(|&&(g, _)| g == f).map(|&(_, j)| j)
}

fn link_by<'a>(editions: &'a [Edition], keys: impl Fn(&'a Edition) -> Vec<&'a str>) -> Links {
    let keys: Vec<Vec<&str>> = editions.iter().map(keys).collect();
    let mut by_key: FxHashMap<&str, Vec<(usize, usize)>> = Default::default();
    for (e, ks) in keys.iter().enumerate() {
        for (i, k) in ks.iter().enumerate() {
            by_key.entry(k).or_default().push((e, i));
        }
    }
    keys.iter()
        .enumerate()
        .map(|(e, ks)| {
            ks.iter()
                .map(|k| {
                    by_key.get(k).map(|all| all.iter().copied().filter(|&(g, _)| g != e).collect()).unwrap_or_default()
                })
                .collect()
        })
        .collect()
}
