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

    /// The links after edition `e`'s briefings changed as `from` and `reread` say (for
    /// each briefing now, its position before, and whether it was read again); every
    /// other edition is as it was. The links [`Peers::link`] makes of `editions`, made
    /// by moving the kept briefings' links and looking up the few new ones' keys rather
    /// than hashing every key of every edition (for `serve`: a tenth of an edit's time
    /// on a site of two languages). Within each edition keys must be unique, as
    /// [`crate::site`] checks.
    pub fn relink(&mut self, editions: &[Edition], e: usize, from: &[Option<usize>], reread: &[bool]) {
        const MOST_FRESH: usize = 64;
        let fresh: Vec<usize> = (0..from.len()).filter(|&j| from[j].is_none() || reread[j]).collect();
        if editions.len() < 2 || self.briefings.len() != editions.len() || fresh.len() > MOST_FRESH {
            *self = Peers::link(editions);
            return;
        }
        let mut to: Vec<Option<usize>> = vec![None; self.briefings[e].len()];
        for (j, f) in from.iter().enumerate() {
            if let Some(o) = *f
                && !reread[j]
            {
                to[o] = Some(j);
            }
        }
        // The other editions' links into `e` follow its briefings; those to briefings
        // gone or read again go (the fresh ones are linked below).
        for (f, items) in self.briefings.iter_mut().enumerate() {
            if f != e {
                for links in items.iter_mut() {
                    links.retain_mut(|(g, x)| {
                        if *g != e {
                            return true;
                        }
                        to[*x].map(|j| *x = j).is_some()
                    });
                }
            }
        }
        // A kept briefing's own links are as they were: the other editions are.
        let mut old = std::mem::take(&mut self.briefings[e]);
        let mut own: Vec<Vec<(usize, usize)>> = from
            .iter()
            .zip(reread)
            .map(|(f, r)| f.filter(|_| !r).map(|o| std::mem::take(&mut old[o])).unwrap_or_default())
            .collect();
        for &j in &fresh {
            let key = editions[e].briefings[j].translation_key.as_str();
            for (f, ed) in editions.iter().enumerate().filter(|(f, _)| *f != e) {
                if let Some(i) = ed.briefings.iter().position(|b| b.translation_key == key) {
                    own[j].push((f, i));
                    let theirs = &mut self.briefings[f][i];
                    theirs.push((e, j));
                    theirs.sort_unstable();
                }
            }
        }
        self.briefings[e] = own;
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

/// Two briefings of one language may not share a `translation_key:`: their
/// translations could not be told apart. Each error is at the later one's key, its file
/// read again under the site's `root` to find the line.
pub fn check_translation_keys(
    root: &std::path::Path,
    briefings: &[Briefing],
) -> Result<(), Vec<crate::diag::Diagnostic>> {
    let mut seen: rustc_hash::FxHashMap<&str, &Briefing> = Default::default();
    let mut diags = Vec::new();
    for b in briefings {
        if let Some(first) = seen.insert(&b.translation_key, b)
            // Equal default keys are equal ids, which `check_ids` reports.
            && (b.translation_key != b.id || first.translation_key != first.id)
        {
            diags.push(
                crate::diag::Diagnostic::error(
                    &b.source,
                    format!(
                        "translation_key `{}` of `{}` is also the key of `{}`, in the same language",
                        b.translation_key,
                        b.source.display(),
                        first.source.display()
                    ),
                )
                .hint("each language has one version of a briefing: give one of them another `translation_key:`"),
            );
            if let Ok(text) = std::fs::read_to_string(root.join(&b.source)) {
                let d = diags.pop().expect("just pushed");
                let (line, col) = crate::yaml::value_position(&text, "translation_key");
                diags.push(d.at(&text, line, col));
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::parse::parse_briefing;

    fn edition(briefings: Vec<Briefing>) -> Edition {
        let cfg = Config::default();
        let index =
            crate::site::index_site(&cfg, "/", &briefings, &[], &Default::default(), &Default::default()).unwrap();
        Edition { cfg, briefings, pages: Vec::new(), index }
    }

    fn briefing(name: &str, key: &str) -> Briefing {
        let text = format!("---\ntitle: {name}\ndate: 2024-07-10\ntranslation_key: {key}\n---\nBody.\n");
        let path = std::path::PathBuf::from(format!("content/{name}.md"));
        parse_briefing(&path, &Default::default(), &text, &Config::default()).item.expect("valid")
    }

    /// Edits of one edition's list (briefings added, removed, relinked to another key,
    /// in every order) relink as linking every edition anew does.
    #[test]
    fn relinking_one_edition_links_as_linking_all() {
        let keyed = |p: &str, n: usize, keys: &[usize]| -> Vec<Briefing> {
            (0..n)
                .map(|i| briefing(&format!("{p}{i:02}"), &format!("k{}", keys[i % keys.len()] + i / keys.len() * 10)))
                .collect()
        };
        let mut seed = 5u64;
        let mut next = |m: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % m
        };
        let mut editions = vec![
            edition(keyed("a", 12, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
            edition(keyed("b", 6, &[1, 3, 5, 7, 9, 11])),
            edition(keyed("c", 4, &[2, 3, 30, 31])),
        ];
        let mut peers = Peers::link(&editions);
        for step in 0..400 {
            let e = next(3);
            let list = std::mem::take(&mut editions[e].briefings);
            let n = list.len();
            // Keep most, read one again under another key, drop one, add one.
            let mut from: Vec<Option<usize>> = Vec::new();
            let mut reread = Vec::new();
            let mut next_list = Vec::new();
            // Keys from a small set, so that new ones meet other editions' often.
            let free = |taken: &[Briefing], k: usize| {
                (k..).map(|k| format!("k{}", k % 16)).take(16).find(|k| !taken.iter().any(|b| b.translation_key == *k))
            };
            let dropped = if next(3) == 0 { next(n.max(1)) } else { usize::MAX };
            let relinked = next(n + 1);
            for (o, mut b) in list.into_iter().enumerate() {
                if o == dropped {
                    continue;
                }
                from.push(Some(o));
                reread.push(o == relinked);
                if o == relinked {
                    b.translation_key = "moving".into();
                }
                next_list.push(b);
            }
            if let Some(j) = reread.iter().position(|r| *r) {
                let key = free(&next_list, next(16)).unwrap_or_else(|| format!("own{step}"));
                next_list[j].translation_key = key;
            }
            if next(2) == 0 {
                let at = next(next_list.len() + 1);
                let key = free(&next_list, next(16)).unwrap_or_else(|| format!("new{step}"));
                next_list.insert(at, briefing(&format!("n{step}"), &key));
                from.insert(at, None);
                reread.insert(at, true);
            }
            editions[e].briefings = next_list;
            peers.relink(&editions, e, &from, &reread);
            let all = Peers::link(&editions);
            assert_eq!(format!("{:?}", peers), format!("{all:?}"), "step {step}, edition {e}");
        }
    }
}
