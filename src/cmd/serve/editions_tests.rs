//! Serve edits on sites with several language editions against full builds: after
//! each edit the engine's files must be byte for byte those of a fresh build.

use std::path::{Path, PathBuf};

use super::super::engine::Engine;
use super::super::tests::{assert_matches_a_full_build, briefing, differences, jekyll_posts, seeded, took, write};
use crate::site::Options;

/// A site with two languages: an edit of a briefing's text in either edition renders
/// only what shows it (its edition's pages, then the whole site's sitemaps); an edit
/// that moves or links anything renders its edition's changed pages and the other
/// edition's pages that link to them. After each, the engine's files are a full
/// build's.
#[test]
fn text_edits_in_any_language_render_only_what_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", "paginate: 2\nbase_url: https://h.example/\nlanguages:\n  ko: { title: 브리핑 }\n");
    for (name, date, tags) in [("b0", "2024-06-01", "a, b"), ("b1", "2024-07-10", "b"), ("b2", "2024-07-11", "a")] {
        write(root, &format!("content/{name}.md"), &briefing(&format!("Brief {name}"), date, tags, ""));
    }
    let now = jiff::Timestamp::now().to_string();
    let recent = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1)).to_string();
    write(root, "content/b3.md", &briefing("Brief b3", &recent, "a", ""));
    write(root, "content/b0.ko.md", &briefing("브리핑 0", "2024-06-01", "가", "slug: beuriping-0\n"));
    write(root, "content/b1.ko.md", &briefing("브리핑 1", "2024-07-10", "가, 나", "slug: beuriping-1\n"));
    write(root, "content/b3.ko.md", &briefing("브리핑 3", &recent, "나", "slug: beuriping-3\n"));
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts.clone(), String::new()).unwrap();
    let with_body = |text: String, body: &str| text.replace("Body of", body);
    let steps: Vec<(&str, &str, String, bool)> = vec![
        ("an English body", "content/b1.md", with_body(briefing("Brief b1", "2024-07-10", "b", ""), "Edited"), false),
        (
            "a Korean body",
            "content/b1.ko.md",
            with_body(briefing("브리핑 1", "2024-07-10", "가, 나", "slug: beuriping-1\n"), "고친"),
            false,
        ),
        (
            "a Korean title under its own slug",
            "content/b0.ko.md",
            briefing("브리핑 0, 새 제목", "2024-06-01", "가", "slug: beuriping-0\n"),
            false,
        ),
        (
            "a recent Korean briefing retitled and updated (its lastmod, the news sitemap)",
            "content/b3.ko.md",
            briefing("브리핑 3, 새 제목", &recent, "나", &format!("slug: beuriping-3\nupdated: {now}\n")),
            false,
        ),
        (
            "a Korean tag (the whole site)",
            "content/b0.ko.md",
            briefing("브리핑 0, 새 제목", "2024-06-01", "가, 다", "slug: beuriping-0\n"),
            false,
        ),
        ("a Korean translation added", "content/b2.ko.md", briefing("브리핑 2", "2024-07-11", "가", ""), false),
        (
            "an English date (its translations link to the new URL)",
            "content/b0.md",
            briefing("Brief b0", "2024-06-02", "a, b", ""),
            false,
        ),
        (
            "an English title after it",
            "content/b2.md",
            briefing("Brief b2, retitled", "2024-07-11", "a", "slug: b2\n"),
            false,
        ),
        (
            "and a Korean body again",
            "content/b2.ko.md",
            with_body(briefing("브리핑 2", "2024-07-11", "가", ""), "다시"),
            false,
        ),
    ];
    for (what, rel, text, full) in steps {
        let path = write(root, rel, &text);
        let sitemaps = |e: &Engine| [e.files.get("sitemap.xml").cloned(), e.files.get("news-sitemap.xml").cloned()];
        let before = sitemaps(&engine);
        let r = engine.update(&[path]).unwrap_or_else(|d| panic!("{what}: {d:?}"));
        assert_eq!(r.full, full, "{what}: the full way");
        if !full {
            assert!(r.pages > 0 && r.pages < engine.files.len() / 2, "{what}: {} pages", r.pages);
        }
        assert_matches_a_full_build(&mut engine, &opts, what);
        if what.contains("updated") {
            let after = sitemaps(&engine);
            assert!(before[0] != after[0] && before[1] != after[1], "{what}: both sitemaps made again");
        }
    }
}

/// A published URL keeps working when its briefing's version in that language goes
/// and another language's stays, or when the briefing moves to another language: it
/// leads to the version left (DESIGN section 9: a briefing's identity is its path
/// without the language part). A version deleted or added back is an edit of its own
/// edition that changes another edition's old URLs, without rebuilding whole.
#[test]
fn an_old_url_follows_its_briefing_into_another_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", "base_url: https://h.example/\nlanguages:\n  ko: { title: 브리핑 }\n");
    write(root, "content/b1.md", &briefing("Brief b1", "2024-07-10", "b", ""));
    write(root, "content/b1.ko.md", &briefing("브리핑 1", "2024-07-10", "가", "slug: beuriping-1\n"));
    // An alias: the site has old URLs throughout (the first one, or the last one gone,
    // makes or takes `_redirects` and rebuilds whole).
    write(root, "content/b2.md", &briefing("Brief b2", "2024-07-11", "a", "aliases: [/b2-old/]\n"));
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts.clone(), String::new()).unwrap();
    let (en1, ko1, en2) =
        ("2024/07/10/brief-b1/index.html", "ko/2024/07/10/beuriping-1/index.html", "2024/07/11/brief-b2/index.html");
    let page = |e: &Engine, f: &str| {
        String::from_utf8(e.files.get(f).unwrap_or_else(|| panic!("{f} missing")).to_vec()).unwrap()
    };
    let leads_to = |e: &Engine, f: &str, to: &str| {
        let p = page(e, f);
        assert!(p.contains(&format!("url={to}\"")) && p.contains("noindex"), "{f} should lead to {to}: {p}");
        let list = page(e, "_redirects");
        let from = format!("/{}", f.trim_end_matches("index.html"));
        assert!(list.contains(&format!("{from} {to} 301\n")), "_redirects: {list}");
    };
    assert!(!page(&engine, en1).contains("noindex"));
    // The English version goes; the Korean one stays: its English URL leads to it.
    std::fs::remove_file(root.join("content/b1.md")).unwrap();
    let r = engine.update(&[root.join("content/b1.md")]).unwrap();
    assert!(!r.full, "an edit of one edition");
    assert!(r.changed.iter().any(|c| c == en1), "{:?}", r.changed);
    leads_to(&engine, en1, "/ko/2024/07/10/beuriping-1/");
    assert_matches_a_full_build(&mut engine, &opts, "the English version deleted");
    // Added back: the URL is its page again.
    let p = write(root, "content/b1.md", &briefing("Brief b1", "2024-07-10", "b", ""));
    let r = engine.update(&[p]).unwrap();
    assert!(!r.full);
    assert!(!page(&engine, en1).contains("noindex"), "the page again");
    assert!(!page(&engine, "_redirects").contains("/2024/07/10/brief-b1/"), "no redirect left");
    assert_matches_a_full_build(&mut engine, &opts, "the English version added back");
    // The Korean version goes: its URL leads to the English one.
    std::fs::remove_file(root.join("content/b1.ko.md")).unwrap();
    let r = engine.update(&[root.join("content/b1.ko.md")]).unwrap();
    assert!(!r.full);
    leads_to(&engine, ko1, "/2024/07/10/brief-b1/");
    assert_matches_a_full_build(&mut engine, &opts, "the Korean version deleted");
    // A briefing moved to the other language (`lang:`) takes its old URL with it.
    let p = write(root, "content/b2.md", &briefing("Brief b2", "2024-07-11", "a", "aliases: [/b2-old/]\nlang: ko\n"));
    engine.update(&[p]).unwrap();
    leads_to(&engine, en2, "/ko/2024/07/11/brief-b2/");
    assert_matches_a_full_build(&mut engine, &opts, "a briefing moved to Korean");
    // Gone from every language: its old URLs lead nowhere, as a deleted briefing's do.
    std::fs::remove_file(root.join("content/b2.md")).unwrap();
    engine.update(&[root.join("content/b2.md")]).unwrap();
    assert!(!engine.files.contains_key(en2), "no version left");
    assert_matches_a_full_build(&mut engine, &opts, "the moved briefing deleted");
    // The Korean version back, then an edit that would give its English URL to it but
    // is refused (a key taken twice): the site and the editions' URLs stay as they were.
    let p = write(root, "content/b1.ko.md", &briefing("브리핑 1", "2024-07-10", "가", "slug: beuriping-1\n"));
    engine.update(&[p]).unwrap();
    assert_matches_a_full_build(&mut engine, &opts, "the Korean version back");
    let (files, views) = (engine.files.clone(), engine.views.clone());
    std::fs::remove_file(root.join("content/b1.md")).unwrap();
    let dup = write(root, "content/b9.md", &briefing("Brief b9", "2024-07-12", "b", "translation_key: b1.ko\n"));
    let p = write(root, "content/b8.md", &briefing("Brief b8", "2024-07-12", "b", "translation_key: b1.ko\n"));
    let d = engine.update(&[root.join("content/b1.md"), dup, p]).expect_err("a key taken twice");
    assert!(d.iter().any(|d| d.to_string().contains("translation_key")), "{d:?}");
    assert!(engine.files == files, "the site as it was");
    assert!(engine.views == views, "the editions' URLs of the lock as they were");
}

/// Issue 15 on a site with two languages: adding, deleting, retagging, redating and
/// relinking briefings of either edition takes that edition's structural way, and the
/// other edition renders the pages whose versions changed (hreflang links and the
/// language menu of a translation, of a tag's pages, of a day's), edition by edition
/// when an edit changes both; only what moves a briefing to another edition rebuilds
/// whole. After
/// each edit the engine's files are a full build's, and what a build refuses is refused.
#[test]
fn structural_edits_in_any_language_match_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", "paginate: 2\nbase_url: https://h.example/\nlanguages:\n  ko: { title: 브리핑 }\n");
    for (name, date, tags) in
        [("b0", "2024-06-01", "a, b"), ("b1", "2024-07-10", "b"), ("b2", "2024-07-11", "a"), ("b3", "2024-07-12", "a")]
    {
        write(root, &format!("content/{name}.md"), &briefing(&format!("Brief {name}"), date, tags, ""));
    }
    write(root, "content/b0.ko.md", &briefing("브리핑 0", "2024-06-01", "가", "slug: beuriping-0\n"));
    write(root, "content/b1.ko.md", &briefing("브리핑 1", "2024-07-10", "가, 나", "slug: beuriping-1\n"));
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts.clone(), String::new()).unwrap();
    let ko = |title: &str, date: &str, tags: &str, extra: &str| briefing(title, date, tags, extra);
    // Each step: what it is, the files it writes (or deletes, with no text), and
    // whether it takes the full way.
    type Files<'a> = Vec<(&'a str, Option<String>)>;
    let steps: Vec<(&str, Files, bool)> = vec![
        (
            "a Korean translation added (its English version gains hreflang links)",
            vec![("content/b2.ko.md", Some(ko("브리핑 2", "2024-07-11", "가", "slug: beuriping-2\n")))],
            false,
        ),
        (
            "a Korean briefing of its own, on a new day",
            vec![("content/k1.ko.md", Some(ko("한국 1", "2024-07-20", "나", "slug: hanguk-1\n")))],
            false,
        ),
        (
            "a Korean tag the English edition has (its tag page gains a Korean version)",
            vec![("content/k1.ko.md", Some(ko("한국 1", "2024-07-20", "나, a", "slug: hanguk-1\n")))],
            false,
        ),
        (
            "a second and third Korean briefing of that tag (a page 2 both editions have)",
            vec![
                ("content/k2.ko.md", Some(ko("한국 2", "2024-07-21", "a", "slug: hanguk-2\n"))),
                ("content/k3.ko.md", Some(ko("한국 3", "2024-07-22", "a", "slug: hanguk-3\n"))),
            ],
            false,
        ),
        (
            "an English redate (the site's first old URL: `_redirects` appears)",
            vec![("content/b3.md", Some(briefing("Brief b3", "2024-07-13", "a", "")))],
            false,
        ),
        (
            "a Korean redate to another month (its old URL redirects)",
            vec![("content/b1.ko.md", Some(ko("브리핑 1", "2024-08-10", "가, 나", "slug: beuriping-1\n")))],
            false,
        ),
        (
            "a Korean retitle under a new slug",
            vec![("content/b0.ko.md", Some(ko("브리핑 영", "2024-06-01", "가", "slug: beuriping-yeong\n")))],
            false,
        ),
        ("an English briefing deleted, its translation kept", vec![("content/b1.md", None)], false),
        (
            "a Korean briefing linked to an English one by its key",
            vec![("content/k2.ko.md", Some(ko("한국 2", "2024-07-21", "a", "slug: hanguk-2\ntranslation_key: b3\n")))],
            false,
        ),
        (
            "a Korean translation expired (kept, linked from nowhere)",
            vec![(
                "content/b2.ko.md",
                Some(ko("브리핑 2", "2024-07-11", "가", "slug: beuriping-2\nexpires: 2024-07-12\n")),
            )],
            false,
        ),
        ("a Korean briefing deleted, a tag's page 2 with it", vec![("content/k3.ko.md", None)], false),
        (
            "an English briefing added back",
            vec![("content/b1.md", Some(briefing("Brief b1", "2024-07-10", "b", "")))],
            false,
        ),
        (
            "a briefing moved to the other edition",
            vec![("content/k1.ko.md", Some(ko("한국 1", "2024-07-20", "나, a", "slug: hanguk-1\nlang: en\n")))],
            true,
        ),
        (
            "both editions' lists at once",
            vec![
                ("content/b4.md", Some(briefing("Brief b4", "2024-07-14", "b", ""))),
                ("content/k4.ko.md", Some(ko("한국 4", "2024-07-14", "나", "slug: hanguk-4\n"))),
            ],
            false,
        ),
        (
            "a briefing and its translation at once, with a text edit in each edition",
            vec![
                ("content/b5.md", Some(briefing("Brief b5", "2024-07-15", "a", ""))),
                ("content/b5.ko.md", Some(ko("브리핑 5", "2024-07-15", "a", "slug: beuriping-5\n"))),
                ("content/b0.md", Some(briefing("Brief b0", "2024-06-01", "a, b", "").replace("Body of", "Edited"))),
                (
                    "content/k2.ko.md",
                    Some(
                        ko("한국 2", "2024-07-21", "a", "slug: hanguk-2\ntranslation_key: b3\n")
                            .replace("Body of", "고친"),
                    ),
                ),
            ],
            false,
        ),
    ];
    for (what, files, full) in steps {
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|(rel, text)| match text {
                Some(text) => write(root, rel, text),
                None => {
                    std::fs::remove_file(root.join(rel)).unwrap();
                    root.join(rel)
                }
            })
            .collect();
        let r = engine.update(&paths).unwrap_or_else(|d| panic!("{what}: {d:?}"));
        assert_eq!(r.full, full, "{what}: the full way");
        if !full {
            // Under half the site's files for each edition whose list the edit changed.
            let most = engine.files.len() * paths.len().min(2) / 2;
            assert!(r.pages > 0 && r.pages < most, "{what}: {} pages", r.pages);
        }
        assert_matches_a_full_build(&mut engine, &opts, what);
        for k in &r.removed {
            assert!(!engine.files.contains_key(k), "{what}: {k} reported removed but still there");
        }
        for k in &r.changed {
            assert!(engine.files.contains_key(k), "{what}: {k} reported changed but missing");
        }
    }
    // Two Korean briefings of one key: refused as a build refuses it, the site kept.
    let before = engine.files.clone();
    let p = write(root, "content/k5.ko.md", &ko("한국 5", "2024-07-23", "나", "slug: hanguk-5\ntranslation_key: b0\n"));
    let d = engine.update(std::slice::from_ref(&p)).expect_err("a key taken twice in one language");
    assert!(d.iter().any(|d| d.to_string().contains("translation_key `b0`")), "{d:?}");
    assert!(Engine::new(opts.clone(), String::new()).is_err(), "a build refuses it too");
    assert!(before.iter().all(|(k, v)| engine.files.get(k) == Some(v)), "the last good site is served");
    std::fs::remove_file(&p).unwrap();
    engine.update(std::slice::from_ref(&p)).unwrap();
    assert_matches_a_full_build(&mut engine, &opts, "the refused briefing removed");
}

/// Random edits of a real archive made bilingual (a third of its posts translated, with
/// a Korean tag and the English ones): bodies, dates, titles, tags, deletions,
/// translations added, keys relinked, and a briefing pulled in with its translation,
/// in either language, each compared with a full build; what a full build refuses is
/// refused too, and undone.
#[test]
fn random_edits_of_a_bilingual_archive_match_full_builds() {
    random_edits_of_a_translated_archive(&["ko"], 11, 36);
}

/// The same in three languages (Korean and Indonesian versions of a third and a
/// quarter of the posts): an edit in one edition renders what links to it in both
/// others, and a pull brings a briefing in all three.
#[test]
fn random_edits_of_a_trilingual_archive_match_full_builds() {
    random_edits_of_a_translated_archive(&["ko", "id"], 3, 24);
}

fn random_edits_of_a_translated_archive(langs: &[&str], seed: u64, steps: usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let Some(mut files) = jekyll_posts(root) else { return };
    let cfg = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let editions: String = langs.iter().map(|c| format!("  {c}: {{ title: \"Jekyll ({c})\" }}\n")).collect();
    write(root, "site.yaml", &format!("{cfg}paginate: 5\nlanguages:\n{editions}"));
    // A post's version in language `c`: its title marked, a tag of that language added.
    let translate = |text: &str, c: &str| {
        let (mark, tag) = if c == "ko" { ("번역", "소식") } else { ("Terjemahan", "berita") };
        text.replacen("title: \"", &format!("title: \"{mark}: "), 1).replacen(
            "tags:\n",
            &format!("tags:\n  - \"{tag}\"\n"),
            1,
        )
    };
    let version = |f: &Path, c: &str| f.with_extension(format!("{c}.md"));
    let lang_of = |f: &Path| langs.iter().copied().find(|c| f.to_string_lossy().ends_with(&format!(".{c}.md")));
    for (k, c) in langs.iter().enumerate() {
        for f in files.clone().iter().filter(|f| lang_of(f).is_none()).step_by(3 + k) {
            let text = std::fs::read_to_string(f).unwrap();
            files.push(write(root, version(f, c).strip_prefix(root).unwrap().to_str().unwrap(), &translate(&text, c)));
        }
    }
    files.sort();
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts.clone(), String::new()).unwrap();
    let mut next = seeded(seed);
    let (mut agreed, mut quick) = (0, 0);
    for step in 0..steps {
        let mut f = files[next(files.len())].clone();
        // Each language's posts as often as English ones.
        let pick = next(langs.len() + 1);
        if pick > 0 && lang_of(&f).is_none() && files.contains(&version(&f, langs[pick - 1])) {
            f = version(&f, langs[pick - 1]);
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let kind = next(8);
        let what = format!("step {step}, edit {kind} of {}", f.display());
        // More files of the same edit (a briefing and its translations pulled at once).
        let mut pulled: Vec<PathBuf> = Vec::new();
        match kind {
            0 => write_file(&f, &format!("{text}\nZyzzyva{step} naïve café 北约 ミサイル the and\n")),
            1 => write_file(
                &f,
                &text.replacen("date: ", &format!("date: 20{:02}-0{}-1{}\n#", 10 + next(14), 1 + next(9), next(9)), 1),
            ),
            2 => std::fs::remove_file(&f).unwrap(),
            3 => write_file(&f, &text.replacen("title: \"", "title: \"Quokka ", 1)),
            4 => write_file(&f, &text.replacen("tags:\n", "tags:\n  - \"quokka\"\n", 1)),
            // A translation of an English post (made again when it has one).
            5 if lang_of(&f).is_none() => {
                let c = langs[next(langs.len())];
                f = version(&f, c);
                write_file(&f, &translate(&text, c));
            }
            7 => {
                let new = text.replacen("slug: \"", &format!("slug: \"pulled-{step}-"), 1);
                let new = new.replacen("title: \"", &format!("title: \"Pulled {step} "), 1);
                f = root.join(format!("content/2024/pulled-{step}.md"));
                write_file(&f, &new);
                for c in langs {
                    write_file(&version(&f, c), &translate(&new, c));
                    pulled.push(version(&f, c));
                }
            }
            // A translated post relinked to another English one (refused when that one
            // has a version in its language already), an English one unlinked by a key
            // of its own.
            _ => {
                let key = if lang_of(&f).is_some() {
                    let other = files[next(files.len())].strip_prefix(root.join("content")).unwrap().to_string_lossy();
                    let other = other.trim_end_matches(".md");
                    langs.iter().fold(other.to_string(), |o, c| o.trim_end_matches(&format!(".{c}")).to_string())
                } else {
                    format!("k{step}")
                };
                write_file(&f, &text.replacen("title: ", &format!("translation_key: \"{key}\"\ntitle: "), 1));
            }
        }
        let paths: Vec<PathBuf> = std::iter::once(f.clone()).chain(pulled.iter().cloned()).collect();
        let made = engine.update(&paths);
        match (made, Engine::new(opts.clone(), String::new())) {
            (Ok(r), Ok(fresh)) => {
                let diff = differences(&mut engine, &fresh);
                assert!(diff.is_empty(), "{what}: the engine's files differ from a full build:\n{}", diff.join("\n"));
                agreed += 1;
                quick += usize::from(!r.full);
            }
            (Err(_), Err(_)) => {
                if !pulled.is_empty() || !files.contains(&f) {
                    paths.iter().for_each(|p| std::fs::remove_file(p).unwrap());
                } else {
                    write_file(&f, &text);
                }
                engine.update(&paths).unwrap();
                continue;
            }
            (a, b) => panic!("{what}: the engine {} it, a full build {} it", took(a.is_ok()), took(b.is_ok())),
        }
        if kind == 2 {
            files.retain(|x| *x != f);
        } else {
            files.extend(paths);
        }
        files.sort();
        files.dedup();
    }
    assert!(agreed >= steps * 2 / 3, "{agreed} of {steps} edits were built");
    assert!(quick >= agreed * 2 / 3, "{quick} of {agreed} edits took the quick way");

    fn write_file(f: &Path, text: &str) {
        std::fs::write(f, text).unwrap();
    }
}
