//! The index of the last build (`crate::index`), kept with a digest of everything it was
//! made from: brief itself, the settings, each briefing's place and front matter (see
//! [`super::digests`]: not its body, nor the counts taken from it, which the index does
//! not read), the standalone pages, `urls.lock` and the authors' profiles. A build
//! whose inputs to an edition's index have that digest reads the index back instead of
//! making it again (most of what a rebuild after an edit of a body spends before its
//! pages). One file for each language edition (`.brief-cache/index` for the default
//! language's, `index-1`, `index-2`… for the others, in the order of `languages:`),
//! checked whole.

use std::path::Path;

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::bytes::Reader;
use super::digests::Put;
use crate::config::Config;
use crate::index::{CorrectionId, DayNode, Fit, Index, MonthNode, Redirect, Taxonomy, Term, YearNode};
use crate::lock::Lock;
use crate::model::{Authors, Briefing, Page};

/// What the file starts with. Version 2: an edition under its own root looks up who
/// published a cut slug's URL in urls.lock by the URL under that root (version 1's
/// indexes of such editions may have given the URL to another briefing).
const MAGIC: &[u8; 16] = b"brief-index\0\0\0\0\x02";

/// The file's name in the cache folder (the default edition's).
const FILE: &str = "index";

/// The file of edition `e`'s index.
fn file(dir: &Path, e: usize) -> std::path::PathBuf {
    if e == 0 { dir.join(FILE) } else { dir.join(format!("{FILE}-{e}")) }
}

/// The digest of everything [`crate::site::index_site`] reads; `None` where the program
/// cannot be told.
pub fn key(
    cfg: &Config,
    root: &str,
    briefings: &[Briefing],
    pages: &[Page],
    lock: &Lock,
    authors: &Authors,
) -> Option<u128> {
    let mut h = Xxh3::new();
    h.update(&super::program_id()?.to_le_bytes());
    super::update_framed(&mut h, format!("{cfg:?}").as_bytes());
    super::update_framed(&mut h, root.as_bytes());
    let each: Vec<u8> = briefings
        .par_iter()
        .map_init(Vec::new, |buf, b| {
            let d = super::digests::of(buf, b);
            let mut out = [0; 32];
            out[..16].copy_from_slice(&d.place.to_le_bytes());
            out[16..].copy_from_slice(&d.front.to_le_bytes());
            out
        })
        .flatten_iter()
        .collect();
    super::update_framed(&mut h, &each);
    super::update_framed(&mut h, format!("{pages:?}").as_bytes());
    super::update_framed(&mut h, format!("{authors:?}").as_bytes());
    for (id, url) in lock.entries() {
        super::update_framed(&mut h, id.as_bytes());
        super::update_framed(&mut h, url.as_bytes());
    }
    Some(h.digest128())
}

/// The index kept under `key` in the cache folder `dir`, when the file reads whole.
pub fn read(dir: &Path, e: usize, key: u128) -> Option<Index> {
    let b = crate::mapped::read(&file(dir, e)).ok()?;
    let (body, sum) = b.split_at_checked(b.len().checked_sub(8)?)?;
    if xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader(body.strip_prefix(MAGIC)?);
    if r.u128()? != key {
        return None;
    }
    let idx = decode(&mut r)?;
    r.0.is_empty().then_some(idx)
}

/// Keep `idx` under `key` in the cache folder `dir` (a cache: a failure only costs the
/// next build the reading).
pub fn save(dir: &Path, e: usize, key: u128, idx: &Index) {
    let mut w = Vec::with_capacity(1 << 20);
    w.extend_from_slice(MAGIC);
    w.extend_from_slice(&key.to_le_bytes());
    put_index(&mut w, idx);
    let sum = xxh3_64(&w);
    w.extend_from_slice(&sum.to_le_bytes());
    let file = file(dir, e);
    let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
    if std::fs::write(&tmp, &w).and_then(|_| std::fs::rename(&tmp, &file)).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Remove the index files of editions from `n` on (a site that had more languages
/// than its `n`): nothing reads them, and the cache would keep them for good.
pub fn forget_from(dir: &Path, n: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let edition = name.to_str().and_then(|s| s.strip_prefix(FILE)?.strip_prefix('-')?.parse::<usize>().ok());
        if edition.is_some_and(|e| e >= n.max(1)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Every field of `idx`, each named, so that a new one does not compile until it is
/// written here and read in [`decode`] (the site's shape hashes the index this way too).
pub fn put_index(w: &mut impl Put, idx: &Index) {
    let Index {
        order,
        permalinks,
        page_paths,
        rank,
        related,
        related_fit,
        taxonomies,
        authors,
        years,
        corrections,
        redirects,
        root,
        redirect_list,
    } = idx;
    w.list(order);
    w.strs(permalinks);
    w.strs(page_paths);
    w.list(rank);
    w.n(related.len());
    for r in related {
        w.list(r);
    }
    w.n(related_fit.len());
    for Fit { shared, slack } in related_fit {
        w.bytes(shared);
        w.bytes(&slack.to_le_bytes());
    }
    w.n(taxonomies.len());
    for Taxonomy { name, terms } in taxonomies {
        w.str(name);
        w.n(terms.len());
        for Term { name, slug, items } in terms {
            w.str(name);
            w.str(slug);
            w.list(items);
        }
    }
    w.n(authors.map_or(0, |a| a + 1));
    w.n(years.len());
    for YearNode { year, items, months } in years {
        w.n(*year as u16 as usize);
        w.list(items);
        w.n(months.len());
        for MonthNode { month, items, days } in months {
            w.n(*month as u8 as usize);
            w.list(items);
            w.n(days.len());
            for DayNode { day, items } in days {
                w.n(*day as u8 as usize);
                w.list(items);
            }
        }
    }
    w.n(corrections.len());
    for CorrectionId { briefing, k } in corrections {
        w.n(*briefing);
        w.n(*k);
    }
    w.n(redirects.len());
    for Redirect { from, to, by_hand } in redirects {
        w.str(from);
        w.n(*to);
        w.n(usize::from(*by_hand));
    }
    w.str(root);
    w.n(usize::from(*redirect_list));
}

fn decode(r: &mut Reader) -> Option<Index> {
    let order = r.list()?;
    let permalinks = r.strs()?;
    let page_paths = r.strs()?;
    let rank = r.list()?;
    let related = (0..r.n()?).map(|_| r.list()).collect::<Option<Vec<_>>>()?;
    let related_fit = (0..r.n()?)
        .map(|_| {
            let shared = r.take(crate::index::RELATED_COUNT)?.try_into().ok()?;
            let slack = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
            Some(Fit { shared, slack })
        })
        .collect::<Option<Vec<_>>>()?;
    let taxonomies = (0..r.n()?)
        .map(|_| {
            let name = r.str()?;
            let terms = (0..r.n()?)
                .map(|_| Some(Term { name: r.str()?, slug: r.str()?, items: r.list()? }))
                .collect::<Option<Vec<_>>>()?;
            Some(Taxonomy { name, terms })
        })
        .collect::<Option<Vec<_>>>()?;
    let authors = r.n()?.checked_sub(1);
    let years = (0..r.n()?)
        .map(|_| {
            let year = r.n()? as u16 as i16;
            let items = r.list()?;
            let months = (0..r.n()?)
                .map(|_| {
                    let month = r.n()? as u8 as i8;
                    let items = r.list()?;
                    let days = (0..r.n()?)
                        .map(|_| Some(DayNode { day: r.n()? as u8 as i8, items: r.list()? }))
                        .collect::<Option<Vec<_>>>()?;
                    Some(MonthNode { month, items, days })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(YearNode { year, items, months })
        })
        .collect::<Option<Vec<_>>>()?;
    let corrections =
        (0..r.n()?).map(|_| Some(CorrectionId { briefing: r.n()?, k: r.n()? })).collect::<Option<Vec<_>>>()?;
    let redirects = (0..r.n()?)
        .map(|_| Some(Redirect { from: r.str()?, to: r.n()?, by_hand: r.n()? == 1 }))
        .collect::<Option<Vec<_>>>()?;
    let root = r.str()?;
    let redirect_list = r.n()? == 1;
    Some(Index {
        order,
        permalinks,
        page_paths,
        rank,
        related,
        related_fit,
        taxonomies,
        authors,
        years,
        corrections,
        redirects,
        root,
        redirect_list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_briefing;

    fn briefing(name: &str, front: &str, body: &str) -> Briefing {
        let text = format!("---\ntitle: {name}\n{front}---\n{body}\n");
        let path = std::path::PathBuf::from(format!("content/{name}.md"));
        parse_briefing(&path, &Default::default(), &text, &Config::default()).item.expect("valid")
    }

    fn site() -> Vec<Briefing> {
        vec![
            briefing("a", "date: 2024-07-10\ntags: [x, y]\nauthors: [Kim]\n", "Body."),
            briefing("b", "date: 2024-07-12\ntags: [y]\naliases: [/old/b/]\n", "Body."),
            briefing(
                "c",
                "date: 2023-01-01\ntags: [x]\ncorrections:\n  - date: 2023-01-02\n    text: Fixed.\n",
                "Body.",
            ),
        ]
    }

    #[test]
    fn an_index_reads_back_whole_under_its_key_only() {
        let cfg = Config::default();
        let lock = Lock::default();
        let bs = site();
        let idx = crate::site::index_site(&cfg, "/", &bs, &[], &lock, &Authors::default()).unwrap();
        assert!(!idx.redirects.is_empty() && !idx.corrections.is_empty() && idx.authors.is_some());
        let dir = tempfile::tempdir().unwrap();
        let key = key(&cfg, "/", &bs, &[], &lock, &Authors::default()).unwrap();
        save(dir.path(), 0, key, &idx);
        let back = read(dir.path(), 0, key).expect("read back");
        assert_eq!(format!("{back:?}"), format!("{idx:?}"));
        assert!(read(dir.path(), 0, key ^ 1).is_none(), "another key");
        // Each edition has a file of its own.
        assert!(read(dir.path(), 1, key).is_none(), "another edition");
        let other = crate::site::index_site(&cfg, "/ko/", &bs[..1], &[], &lock, &Authors::default()).unwrap();
        let other_key = key_of_root(&cfg, "/ko/", &bs[..1], &lock);
        save(dir.path(), 1, other_key, &other);
        assert_eq!(format!("{:?}", read(dir.path(), 1, other_key).unwrap()), format!("{other:?}"));
        assert_eq!(format!("{:?}", read(dir.path(), 0, key).unwrap()), format!("{idx:?}"));
        // A byte changed: nothing is read.
        let file = dir.path().join(FILE);
        let mut bytes = std::fs::read(&file).unwrap();
        let k = bytes.len() / 2;
        bytes[k] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(read(dir.path(), 0, key).is_none());
        assert!(read(dir.path(), 1, other_key).is_some(), "the other edition's file is its own");
    }

    #[test]
    fn the_files_of_editions_a_site_no_longer_has_go() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["index", "index-1", "index-2", "index-5", "index-x", "index-2.77.tmp", "pages"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        forget_from(dir.path(), 2);
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, ["index", "index-1", "index-2.77.tmp", "index-x", "pages"]);
        forget_from(dir.path(), 1);
        assert!(!dir.path().join("index-1").exists() && dir.path().join("index").exists());
    }

    fn key_of_root(cfg: &Config, root: &str, bs: &[Briefing], lock: &Lock) -> u128 {
        key(cfg, root, bs, &[], lock, &Authors::default()).unwrap()
    }

    #[test]
    fn the_key_moves_with_what_the_index_reads_and_not_with_the_body() {
        let cfg = Config::default();
        let of = |bs: &[Briefing], lock: &Lock| key(&cfg, "/", bs, &[], lock, &Authors::default()).unwrap();
        let lock = Lock::default();
        let bs = site();
        let k = of(&bs, &lock);
        let mut body = site();
        body[0] =
            briefing("a", "date: 2024-07-10\ntags: [x, y]\nauthors: [Kim]\n", "Another body, longer than the first.");
        assert_eq!(of(&body, &lock), k, "a body alone");
        // The index of the edited site is the one read back.
        let kept = crate::site::index_site(&cfg, "/", &bs, &[], &lock, &Authors::default()).unwrap();
        let made = crate::site::index_site(&cfg, "/", &body, &[], &lock, &Authors::default()).unwrap();
        assert_eq!(format!("{kept:?}"), format!("{made:?}"));
        for (front, what) in [
            ("date: 2024-07-11\ntags: [x, y]\nauthors: [Kim]\n", "a date"),
            ("date: 2024-07-10\ntags: [x]\nauthors: [Kim]\n", "a tag"),
            ("date: 2024-07-10\ntags: [x, y]\nauthors: [Lee]\n", "an author"),
            ("date: 2024-07-10\ntags: [x, y]\nauthors: [Kim]\nslug: other\n", "a slug"),
            ("date: 2024-07-10\ntags: [x, y]\nauthors: [Kim]\nsummary: New.\n", "the front matter"),
        ] {
            let mut edited = site();
            edited[0] = briefing("a", front, "Body.");
            assert_ne!(of(&edited, &lock), k, "{what}");
        }
        let locked = Lock::parse("/2024/07/10/a/ a\n", std::path::Path::new("urls.lock")).unwrap();
        assert_ne!(of(&bs, &locked), k, "urls.lock");
    }
}
