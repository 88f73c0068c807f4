//! A patched index is the index a whole build makes, after every kind of edit `serve`
//! patches for, on random sites shaped to reach every case: terms longer than the
//! related window, many briefings on one day (order ties), cut slugs, clashing URLs and
//! ids, aliases, old URLs in the lock, authors with and without profiles, expired
//! briefings.

use std::path::PathBuf;

use super::{ListEdit, patch};
use crate::config::Config;
use crate::lock::Lock;
use crate::model::{AuthorProfile, Authors, Briefing};

/// A small random number source, the same every run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, m: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % m
    }
}

/// What a random briefing is made of.
struct Shape {
    /// How many tags the pool has.
    pool: u64,
    /// One tag most briefings carry, longer than the related window.
    common: bool,
    /// Long titles from a small pool, so cut slugs collide.
    long_titles: bool,
}

fn briefing(d: &mut Dice, shape: &Shape, k: u64, cfg: &Config) -> Briefing {
    let mut tags: Vec<String> = (0..d.roll(4)).map(|_| format!("t{}", d.roll(shape.pool))).collect();
    if shape.common && d.roll(10) < 7 {
        tags.push("common".into());
    }
    if d.roll(60) == 0
        && let Some(first) = tags.first()
    {
        tags.push(first.to_uppercase());
    }
    // Mostly a title of its own; now and then one another briefing may have.
    let number = if d.roll(40) == 0 { d.roll(20) } else { 100 + k };
    // Long titles: cut slugs, the same for many when the number is past the cut.
    let title = if shape.long_titles && d.roll(2) == 0 {
        format!("Security advisory on directory traversal in the archive tools of every platform, number {number}")
    } else if shape.long_titles {
        format!("Advisory {number}: directory traversal in the archive tools of every platform we ship")
    } else {
        format!("Briefing {number}")
    };
    let mut front = format!(
        "title: \"{title}\"\ndate: 2024-0{}-1{}{}\ntags: [{}]\n",
        1 + d.roll(2),
        d.roll(4),
        if d.roll(3) == 0 { format!("T0{}:00:00Z", d.roll(10)) } else { String::new() },
        tags.join(", ")
    );
    // The smaller spelling of an author is rare, so it comes and goes.
    match d.roll(80) {
        0..=9 => front.push_str("authors: [Kim, desk a]\n"),
        10..=14 => front.push_str("authors: [desk a]\n"),
        15 => front.push_str("authors: [Desk A]\n"),
        _ => {}
    }
    if d.roll(15) == 0 {
        front.push_str(&format!("aliases: [\"/old/{}/\"]\n", d.roll(1000)));
    }
    if d.roll(20) == 0 {
        front.push_str(&format!("id: shared-{}\n", d.roll(400)));
    }
    let text = format!("---\n{front}---\nBody.\n");
    let path = PathBuf::from(format!("content/b{k:05}.md"));
    let mut b = crate::parse::parse_briefing(&path, &Default::default(), &text, cfg).item.expect("a valid briefing");
    b.expired = d.roll(25) == 0;
    b
}

fn profiles() -> Authors {
    Authors {
        profiles: vec![AuthorProfile {
            slug: "kim".into(),
            name: Some("Kim Jisoo".into()),
            bio_html: None,
            bio_text: None,
            links: Vec::new(),
        }],
    }
}

/// The lock after a build of `briefings`: what it had, and every current URL.
fn recorded(lock: Lock, briefings: &[Briefing], permalinks: &[String]) -> Lock {
    lock.with(briefings.iter().zip(permalinks).map(|(b, p)| (b.id.as_str(), p.as_str()))).0
}

#[test]
fn a_patched_index_is_the_index_a_whole_build_makes() {
    let cfg = Config::default();
    let authors = profiles();
    let shapes = [
        Shape { pool: 6, common: true, long_titles: false },
        Shape { pool: 40, common: false, long_titles: false },
        Shape { pool: 8, common: true, long_titles: true },
    ];
    let mut dice = Dice(11);
    let d = &mut dice;
    let (mut patched, mut whole, mut refused_valid) = (0, 0, 0);
    // What the patched indexes held, so the cases are known to be reached.
    let (mut old_urls, mut aliases, mut renamed) = (0, 0, 0);
    for (s, shape) in shapes.iter().enumerate() {
        let n = if s == 1 { 300 } else { 700 };
        let mut next_source = 0u64;
        let mut list: Vec<Briefing> = Vec::new();
        for _ in 0..n {
            list.push(briefing(d, shape, next_source, &cfg));
            next_source += 1;
        }
        // Old URLs remembered for some ids (a briefing renamed long ago).
        let mut lock = Lock::parse(
            &(0..40).map(|k| format!("/2023/01/0{}/gone-{k}/ b{:05}\n", 1 + k % 9, k * 7)).collect::<String>(),
            std::path::Path::new("urls.lock"),
        )
        .expect("a valid lock");
        let mut old = loop {
            match crate::site::index_site(&cfg, "/", &list, &[], &lock, &authors) {
                Ok(idx) => break idx,
                // A random first site may clash: drop the briefings named until it does not.
                Err(e) => list.retain(|b| !e.iter().any(|d| d.path() == Some(b.source.as_path()))),
            }
        };
        for step in 0..160 {
            // Serve records every URL after each edit; recorded only now and then here,
            // so cut slugs also meet URLs no lock holds yet.
            if step % 3 == 0 {
                lock = recorded(lock, &list, &old.permalinks);
            }
            // One to three changes: add, delete or read a briefing again (as written
            // anew, maybe with other tags, date, title, authors, id or expiry).
            let mut next: Vec<(Option<usize>, Briefing, bool)> =
                list.iter().cloned().enumerate().map(|(i, b)| (Some(i), b, false)).collect();
            for _ in 0..1 + d.roll(3) {
                match d.roll(4) {
                    // The newest or oldest briefing of a term goes: the ends of windows.
                    3 => {
                        let t = &old.taxonomies[d.roll(old.taxonomies.len() as u64) as usize];
                        if t.terms.is_empty() {
                            continue;
                        }
                        let term = &t.terms[d.roll(t.terms.len() as u64) as usize];
                        let gone = if d.roll(2) == 0 { term.items[0] } else { term.items[term.items.len() - 1] };
                        next.retain(|x| x.0 != Some(gone));
                    }
                    0 => {
                        let b = briefing(d, shape, next_source, &cfg);
                        next_source += 1;
                        next.push((None, b, true));
                    }
                    1 if next.len() > 2 => {
                        next.remove(d.roll(next.len() as u64) as usize);
                    }
                    _ => {
                        let k = d.roll(next.len() as u64) as usize;
                        let mut b = briefing(d, shape, next_source, &cfg);
                        next_source += 1;
                        b.source = next[k].1.source.clone();
                        if d.roll(4) != 0 {
                            b.id = next[k].1.id.clone();
                        }
                        next[k].1 = b;
                        next[k].2 = true;
                    }
                }
            }
            next.sort_by(|a, b| a.1.source.cmp(&b.1.source));
            let from: Vec<Option<usize>> = next.iter().map(|x| x.0).collect();
            let reread: Vec<bool> = next.iter().map(|x| x.2).collect();
            let new_list: Vec<Briefing> = next.into_iter().map(|x| x.1).collect();
            let full = crate::site::index_site(&cfg, "/", &new_list, &[], &lock, &authors);
            let mut stays = vec![false; list.len()];
            for (j, f) in from.iter().enumerate() {
                if let Some(o) = *f
                    && !reread[j]
                {
                    stays[o] = true;
                }
            }
            let gone: Vec<&Briefing> = list.iter().zip(&stays).filter(|(_, s)| !**s).map(|(b, _)| b).collect();
            let edit = ListEdit { from: &from, reread: &reread, gone: &gone };
            let got = patch(&cfg, &old, &new_list, edit, &lock, &authors);
            match (&full, &got) {
                (Err(_), Some(_)) => panic!("shape {s}, step {step}: patched an index a whole build refuses"),
                (Ok(want), Some(got)) => {
                    let mut got = got.clone();
                    assert_fits(&mut got, want, &format!("shape {s}, step {step}"));
                    assert_eq!(format!("{got:#?}"), format!("{want:#?}"), "shape {s}, step {step}");
                    patched += 1;
                    old_urls += got.redirects.iter().filter(|r| !r.by_hand).count().min(1);
                    aliases += got.redirects.iter().filter(|r| r.by_hand).count().min(1);
                    let names = got.authors.map(|a| got.taxonomies[a].terms.iter().map(|t| t.name.as_str()).collect());
                    renamed += usize::from(names.is_some_and(|n: Vec<&str>| n.contains(&"Kim Jisoo")));
                }
                (Ok(_), None) => refused_valid += 1,
                (Err(_), None) => {}
            }
            // The next edit starts from a valid site (a refused one is undone), and from
            // the patched index when there is one, as serve does.
            if let Ok(idx) = full {
                old = got.unwrap_or(idx);
                list = new_list;
                whole += 1;
            }
        }
    }
    assert!(old_urls > 100 && aliases > 100 && renamed > 100, "{old_urls} {aliases} {renamed}");
    assert!(patched * 10 >= whole * 7, "most valid edits are patched: {patched} of {whole}, {refused_valid} refused");
}

/// A patched index's related lists are held as firmly as a whole build says (the same
/// shared counts; a slack no larger, since a kept list's slack is lowered by each edit):
/// then its fits are set to the whole build's, for the rest to be compared.
fn assert_fits(got: &mut crate::index::Index, want: &crate::index::Index, what: &str) {
    assert_eq!(got.related_fit.len(), want.related_fit.len(), "{what}");
    for (j, (g, w)) in got.related_fit.iter().zip(&want.related_fit).enumerate() {
        assert!(g.shared == w.shared && g.slack <= w.slack, "{what}: briefing {j}: {g:?} against {w:?}");
    }
    got.related_fit.clone_from(&want.related_fit);
}

/// The edit `from`/`reread` of `new` against `old`'s index, patched and built whole.
fn both(old: &[Briefing], new: &[Briefing], from: &[Option<usize>], reread: &[bool]) -> (String, String) {
    let (cfg, lock, authors) = (Config::default(), Lock::default(), Authors::default());
    let before = crate::site::index_site(&cfg, "/", old, &[], &lock, &authors).expect("valid");
    let gone: Vec<&Briefing> = old
        .iter()
        .enumerate()
        .filter(|(o, _)| !from.iter().zip(reread).any(|(f, r)| *f == Some(*o) && !r))
        .map(|(_, b)| b)
        .collect();
    let edit = ListEdit { from, reread, gone: &gone };
    let mut got = patch(&cfg, &before, new, edit, &lock, &authors).expect("patched");
    let want = crate::site::index_site(&cfg, "/", new, &[], &lock, &authors).expect("valid");
    assert_fits(&mut got, &want, "a term's spellings");
    (format!("{got:#?}"), format!("{want:#?}"))
}

#[test]
fn a_term_is_named_by_its_smallest_spelling_as_briefings_come_and_go() {
    let cfg = Config::default();
    let make = |k: usize, front: &str| {
        let text = format!("---\ntitle: B {k}\ndate: 2024-07-1{k}\n{front}---\nBody.\n");
        let path = PathBuf::from(format!("content/b{k}.md"));
        crate::parse::parse_briefing(&path, &Default::default(), &text, &cfg).item.expect("valid")
    };
    let plain = make(1, "tags: [alpha]\nauthors: [desk a]\n");
    // The same tag and author in smaller spellings, the tag given twice.
    let twice = make(2, "tags: [Alpha, alpha]\nauthors: [Desk A]\n");
    let one = vec![plain.clone()];
    let two = vec![plain, twice];
    let (got, want) = both(&two, &one, &[Some(0)], &[false]);
    assert_eq!(got, want);
    assert!(got.contains("\"alpha\"") && !got.contains("\"Alpha\""), "{got}");
    let (got, want) = both(&one, &two, &[Some(0), None], &[false, true]);
    assert_eq!(got, want);
    assert!(got.contains("name: \"Alpha\"") && got.contains("name: \"Desk A\""), "{got}");
}
