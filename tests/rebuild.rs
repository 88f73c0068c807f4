//! Issue 15: a rebuild over an existing `public/` brings the spare tree beside it
//! (`.public.prev/`, the output before last) up to date and exchanges the two. These
//! tests check that whatever the spare and the output hold (a series of edits, stray
//! files, files edited in place, symbolic links, a folder that is not brief's, two
//! builds at once, the fallback swap), the output is byte for byte a clean build of
//! the same site, nothing outside the output and its spare is touched, and unchanged
//! files are neither rewritten nor copied.
//!
//! The interruptions of this write path (killed builds) are in tests/interrupt.rs.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{GITIGNORE, TestSite, assert_same_tree, leftovers, snapshot, spare, spare_tree, tree};

/// A clean build of the site into a new folder outside it, as a tree: no output
/// before, and no build cache read or written.
fn clean_build(s: &TestSite, name: &str) -> BTreeMap<String, (u64, u64)> {
    let out = s.tmp().join("clean").join(name);
    let _ = fs::remove_dir_all(&out);
    s.build_ok(&["--no-cache", "-o", out.to_str().unwrap()]);
    tree(&out)
}

/// Build into `public/`, then check it against a clean build of the same site, and
/// that the spare holds what `public/` held before (the output before last).
#[track_caller]
fn rebuild_and_check(s: &TestSite, step: &str) -> String {
    let previous = s.public().exists().then(|| tree(&s.public()));
    let summary = s.build_ok(&[]);
    let expected = clean_build(s, step);
    assert_same_tree(&tree(&s.public()), &expected, &format!("public/ after `{step}`"));
    assert!(!s.public().join(GITIGNORE).exists(), "public/ has the spare's .gitignore after `{step}`");
    if let Some(previous) = previous {
        assert_same_tree(&spare_tree(s.root()), &previous, &format!("the spare after `{step}`"));
        assert_eq!(fs::read_to_string(spare(s.root()).join(GITIGNORE)).unwrap().lines().last(), Some("*"));
    }
    assert_eq!(leftovers(s.root()), Vec::<String>::new(), "after `{step}`");
    summary
}

/// Every file of `dir`: relative path → (inode, modification time in ns).
fn identities(dir: &Path) -> BTreeMap<PathBuf, (u64, i128)> {
    snapshot(dir, None)
        .into_iter()
        .filter(|(_, e)| matches!(e, common::Entry::File { .. }))
        .map(|(p, _)| {
            let m = fs::metadata(dir.join(&p)).unwrap();
            let ns = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
            (p, (m.ino(), ns))
        })
        .collect()
}

fn site() -> TestSite {
    let s = TestSite::with_config("title: Rebuilds\nbase_url: https://example.org/\n");
    for i in 0..12 {
        let (m, d) = (1 + i % 3, 1 + i % 5);
        s.briefing(
            &format!("2024/{m:02}/b{i}.md"),
            &format!("Briefing {i}"),
            &format!("2024-{m:02}-{d:02}"),
            &format!("tags: [t{}, all]\n", i % 4),
            &format!("Body of briefing {i}.\n\n## Details\n\nMore."),
        );
    }
    s.write("content/2024/01/map.png", b"\x89PNG one");
    s
}

#[test]
fn rebuilds_match_a_clean_build_through_a_series_of_changes() {
    series(&site());
}

/// The same series where the spare's listing is taken from the record the build
/// before last made wherever its folders are as recorded (in a real build only folders
/// that had not changed for a second before the record was made count: these builds
/// follow each other faster than that).
#[test]
fn rebuilds_match_a_clean_build_when_the_spare_listing_is_taken_from_its_record() {
    let s = site();
    s.set_env("BRIEF_SETTLED_MS", "0");
    series(&s);
    let timings = |s: &TestSite| {
        let out = s.command(&["build"]).env("BRIEF_TIMINGS", "1").output().unwrap();
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let line = err.lines().find(|l| l.contains("list the spare tree")).unwrap_or_default().to_string();
        let recorded: usize = line
            .split(", ")
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count of recorded folders in {err}"));
        recorded
    };
    timings(&s);
    let all = timings(&s);
    assert!(all > 10, "nothing changed, yet only {all} folders were taken from the record");

    // The spare changed behind brief's back, deep in it: a stray file, a file gone, a
    // file replaced, a folder made a link to the outside.
    let outside = s.tmp().join("outside-deep");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("index.html"), "not brief's").unwrap();
    let outside_before = snapshot(&outside, None);
    let expected = clean_build(&s, "tampered");
    let folder = |p: &str| p.rsplit_once('/').unwrap().0.to_string();
    let sp = spare(s.root());
    // Files three folders deep or more, each in a folder of its own.
    let mut deep: Vec<String> = Vec::new();
    for p in tree(&sp).into_keys() {
        if p.matches('/').count() >= 3 && sp.join(&p).is_file() && !deep.iter().any(|d| folder(d) == folder(&p)) {
            deep.push(p);
        }
    }
    assert!(deep.len() >= 4, "{deep:?}");
    fs::write(sp.join(folder(&deep[0])).join("stray.html"), "stray").unwrap();
    fs::remove_file(sp.join(&deep[1])).unwrap();
    fs::remove_file(sp.join(&deep[2])).unwrap();
    fs::write(sp.join(&deep[2]), "replaced").unwrap();
    let recorded = timings(&s);
    assert!(recorded > 10 && recorded < all, "{recorded} folders of {all} taken from the record after three changed");
    assert_same_tree(&tree(&s.public()), &expected, "public/ after the spare was tampered with");
    timings(&s);
    timings(&s);
    // A folder made a link to the outside: the walk does not follow it.
    let linked = folder(&deep[3]);
    fs::remove_dir_all(sp.join(&linked)).unwrap();
    std::os::unix::fs::symlink(&outside, sp.join(&linked)).unwrap();
    timings(&s);
    assert_same_tree(&tree(&s.public()), &expected, "public/ after a folder of the spare became a link");
    assert_eq!(snapshot(&outside, None), outside_before, "the outside folder changed");
    timings(&s);
    assert_same_tree(&tree(&s.public()), &expected, "public/ a build later");
    assert_same_tree(&spare_tree(s.root()), &expected, "the spare a build later");
    // A damaged record is not read: the spare is read whole.
    for e in fs::read_dir(s.root().join(".brief-cache")).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("tree-") {
            let mut b = fs::read(e.path()).unwrap();
            let mid = b.len() / 2;
            b[mid] ^= 0x55;
            fs::write(e.path(), b).unwrap();
        }
    }
    assert_eq!(timings(&s), 0, "a damaged record was read");
    assert_same_tree(&tree(&s.public()), &expected, "public/ after a damaged record");
}

/// A briefing file as the last build read it (inode, size, modification and change
/// time) is not read again; one written since is, even at the same size with its
/// modification time set back.
#[test]
fn a_source_file_is_read_again_whenever_it_was_written_since() {
    let s = site();
    s.set_env("BRIEF_SETTLED_MS", "0");
    let unread = |s: &TestSite| -> usize {
        let out = s.command(&["build"]).env("BRIEF_TIMINGS", "1").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        let line = err.lines().find(|l| l.contains("files not read")).unwrap_or_default();
        line.split('(')
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{err}"))
    };
    unread(&s);
    unread(&s);
    // Nothing changed: no briefing file is read, and neither the parse cache nor the
    // record of the pages (every one kept) is written.
    let parsed = s.root().join(".brief-cache/parsed");
    let pages = fs::read_dir(s.root().join(".brief-cache"))
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("pages-"))
        .expect("a record of the pages");
    let identity = |p: &Path| {
        let m = fs::metadata(p).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let (before_cache, before_pages) = (identity(&parsed), identity(&pages));
    assert_eq!(unread(&s), 12, "nothing changed: no briefing file is read");
    assert_eq!(identity(&parsed), before_cache, "the parse cache was written again though nothing changed");
    assert_eq!(identity(&pages), before_pages, "the record of the pages was written again though every page was kept");
    // The same length, the modification time set back: only the change time tells.
    let path = s.root().join("content/2024/01/b0.md");
    let before = fs::metadata(&path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replace("Body of briefing 0.", "Body of briefing X.");
    assert_eq!(edited.len(), text.len());
    fs::write(&path, &edited).unwrap();
    fs::File::options().write(true).open(&path).unwrap().set_modified(before.modified().unwrap()).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before.modified().unwrap());
    assert_eq!(unread(&s), 11, "the rewritten file was not read");
    assert_ne!(identity(&parsed), before_cache, "the parse cache kept the old parse");
    assert_ne!(identity(&pages), before_pages, "the record of the pages still has the old page");
    assert!(s.page("2024/01/01/briefing-0/index.html").contains("Body of briefing X."));
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "same length"), "public/ after the edit");
}

fn series(s: &TestSite) {
    rebuild_and_check(s, "first build");
    assert!(!spare(s.root()).exists(), "a first build leaves no spare");

    // Nothing changed: the first rebuild makes the spare, the next ones find it ready.
    for step in ["no change 1", "no change 2", "no change 3"] {
        let before = identities(&s.public());
        let summary = rebuild_and_check(s, step);
        let files = before.len() - 1; // the marker is not counted
        assert!(summary.contains(&format!("{files} pages written ({files} unchanged)")), "{step}: {summary}");
        // Not rewritten, not copied: the same files, with their times.
        assert_eq!(identities(&s.public()), before, "{step}: files were rewritten");
    }

    let original = fs::read_to_string(s.root().join("content/2024/01/b0.md")).unwrap();
    s.write("content/2024/01/b0.md", original.replace("Body of briefing 0.", "Body of briefing 0, edited."));
    let (before, bytes_before) = (identities(&s.public()), tree(&s.public()));
    rebuild_and_check(s, "one body edited");
    let (after, bytes_after) = (identities(&s.public()), tree(&s.public()));
    // Written anew: exactly the files whose bytes changed (the page, the lists and
    // feeds that show its summary, the search index).
    let rewritten: Vec<String> = after
        .iter()
        .filter(|(p, id)| before.get(*p) != Some(id))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    let changed: Vec<String> =
        bytes_after.iter().filter(|(p, h)| bytes_before.get(*p) != Some(h)).map(|(p, _)| p.clone()).collect();
    assert_eq!(rewritten, changed, "files written anew vs files whose bytes changed");
    assert!(changed.contains(&"2024/01/01/briefing-0/index.html".to_string()), "{changed:?}");
    assert!(changed.len() < before.len() / 4, "{changed:?}");

    // Back to the text of two builds ago, which the spare holds: the output is still
    // what a clean build makes.
    s.write("content/2024/01/b0.md", &original);
    rebuild_and_check(s, "edit reverted");
    rebuild_and_check(s, "no change after the revert");

    let steps: Vec<(&str, Change)> = vec![
        ("title changed (the old URL redirects)", |s| {
            let p = s.root().join("content/2024/02/b1.md");
            let text = fs::read_to_string(&p).unwrap().replace("Briefing 1\"", "Briefing 1 retitled\"");
            fs::write(p, text).unwrap();
        }),
        ("a briefing removed", |s| fs::remove_file(s.root().join("content/2024/03/b2.md")).unwrap()),
        ("a briefing added", |s| {
            s.briefing("2024/05/new.md", "Brand new", "2024-05-20", "tags: [fresh]\n", "New.");
        }),
        ("tags renamed (tag folders vanish)", |s| {
            for e in walk_md(&s.root().join("content")) {
                let text = fs::read_to_string(&e).unwrap().replace("tags: [t", "tags: [u");
                fs::write(&e, text).unwrap();
            }
        }),
        ("a paragraph added after the summary (its page and the feeds change, the lists not)", |s| {
            let p = s.root().join("content/2024/02/b4.md");
            let text = fs::read_to_string(&p).unwrap() + "\nA last paragraph, far below the summary.\n";
            fs::write(p, text).unwrap();
        }),
        ("a date changed (another day, month and year)", |s| {
            let p = s.root().join("content/2024/01/b3.md");
            let text = fs::read_to_string(&p).unwrap().replace("date: 2024-01-04", "date: 2023-12-30");
            fs::write(p, text).unwrap();
        }),
        ("an asset's bytes changed", |s| {
            s.write("content/2024/01/map.png", b"\x89PNG two");
        }),
        ("asset removed", |s| fs::remove_file(s.root().join("content/2024/01/map.png")).unwrap()),
        ("a template of the site's own (every briefing page changes)", |s| {
            s.write(
                "templates/briefing.html",
                "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}",
            );
        }),
        ("an interface string of the site's own", |s| {
            s.write("i18n/en.yaml", "nav:\n  latest: Newest\n");
        }),
        ("the template goes again", |s| fs::remove_file(s.root().join("templates/briefing.html")).unwrap()),
        ("a list item template of the site's own, showing the site's title (every list changes)", |s| {
            s.write(
                "templates/partials/item.html",
                "<li class=\"item\"><a href=\"{{ item.url }}\">{{ item.title }}</a> in {{ site.title }}: {{ item.summary | safe }}</li>\n",
            );
        }),
        ("a setting in site.yaml (the title on every page)", |s| {
            s.write("site.yaml", "title: Rebuilds, renamed\nbase_url: https://example.org/\n");
        }),
        ("the list item template goes again", |s| {
            fs::remove_file(s.root().join("templates/partials/item.html")).unwrap()
        }),
        ("static file added", |s| {
            s.write("static/extra", "a file");
        }),
        ("the static file becomes a folder", |s| {
            fs::remove_file(s.root().join("static/extra")).unwrap();
            s.write("static/extra/inner.txt", "now a folder");
        }),
        ("and a file again", |s| {
            fs::remove_dir_all(s.root().join("static/extra")).unwrap();
            s.write("static/extra", "a file again");
        }),
        ("permalinks changed (every page moves)", |s| {
            s.write(
                "site.yaml",
                "title: Rebuilds, renamed\nbase_url: https://example.org/\npermalink: /briefs/:slug/\n",
            );
        }),
        ("no change at the end", |_| {}),
    ];
    for (step, change) in steps {
        change(s);
        rebuild_and_check(s, step);
    }
}

/// A change to a site between two builds.
type Change = fn(&TestSite);

fn walk_md(dir: &Path) -> Vec<PathBuf> {
    common::files_under(dir).into_iter().filter(|f| f.ends_with(".md")).map(|f| dir.join(f)).collect()
}

#[test]
fn stray_files_in_public_are_gone_after_the_next_builds() {
    let s = site();
    s.build_ok(&[]);
    let expected = clean_build(&s, "expected");
    s.write("public/stray.txt", "put here by hand");
    s.write("public/2024/stray/index.html", "and here");
    for step in ["first build after the strays", "second (they are in the spare now)", "third"] {
        s.build_ok(&[]);
        assert_same_tree(&tree(&s.public()), &expected, step);
    }
    assert_same_tree(&spare_tree(s.root()), &expected, "the spare");
}

#[test]
fn a_file_edited_in_place_is_made_again() {
    let s = site();
    s.build_ok(&[]);
    s.build_ok(&[]);
    let expected = clean_build(&s, "expected");
    // The output's files and the spare's are one (hard links); writing into one in
    // place changes both, and the next builds must notice by the bytes.
    let page = s.public().join("index.html");
    assert_eq!(fs::metadata(&page).unwrap().ino(), fs::metadata(spare(s.root()).join("index.html")).unwrap().ino());
    let mut bytes = fs::read(&page).unwrap();
    bytes[0] = b'X';
    fs::OpenOptions::new().write(true).open(&page).and_then(|mut f| std::io::Write::write_all(&mut f, &bytes)).unwrap();
    for step in ["first build after the edit", "second"] {
        s.build_ok(&[]);
        assert_same_tree(&tree(&s.public()), &expected, step);
    }
}

#[test]
fn links_in_the_output_or_the_spare_are_never_followed() {
    let s = site();
    s.build_ok(&[]);
    s.build_ok(&[]);
    let expected = clean_build(&s, "expected");
    let outside = s.tmp().join("outside");
    fs::create_dir_all(outside.join("2024")).unwrap();
    fs::write(outside.join("index.html"), "not brief's").unwrap();
    fs::write(outside.join("2024/index.html"), "not brief's either").unwrap();
    let outside_before = snapshot(&outside, None);

    // A folder of the output and one of the spare replaced by links to the outside
    // folder, and a link to a file: every build writes through each of them if it
    // follows links.
    let swap_for_link = |dir: &Path, name: &str, to: &Path| {
        let p = dir.join(name);
        if p.is_dir() {
            fs::remove_dir_all(&p).unwrap();
        } else {
            let _ = fs::remove_file(&p);
        }
        std::os::unix::fs::symlink(to, &p).unwrap();
    };
    swap_for_link(&s.public(), "tags", &outside);
    swap_for_link(&spare(s.root()), "2024", &outside.join("2024"));
    swap_for_link(&spare(s.root()), "archive", &outside);
    swap_for_link(&spare(s.root()), "index.html", &outside.join("index.html"));
    for step in ["first build after the links", "second", "third"] {
        s.build_ok(&[]);
        assert_same_tree(&tree(&s.public()), &expected, step);
        assert_eq!(snapshot(&outside, None), outside_before, "{step}: the outside folder changed");
    }
    assert_same_tree(&spare_tree(s.root()), &expected, "the spare");
}

#[test]
fn a_spare_folder_not_made_by_brief_is_refused() {
    let s = site();
    s.build_ok(&[]);
    let before = tree(&s.public());
    fs::create_dir_all(spare(s.root())).unwrap();
    fs::write(spare(s.root()).join("mine.txt"), "keep me").unwrap();
    let err = s.build_err(&[]);
    assert!(err.contains("refusing to replace") && err.contains(".public.prev"), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert_eq!(fs::read_to_string(spare(s.root()).join("mine.txt")).unwrap(), "keep me");
    assert_same_tree(&tree(&s.public()), &before, "public/");
}

#[test]
fn two_builds_at_once_take_turns() {
    let s = site();
    for i in 0..150 {
        s.briefing(&format!("2023/06/x{i}.md"), &format!("Extra {i}"), "2023-06-01", "", "Text.");
    }
    s.build_ok(&[]);
    let expected = clean_build(&s, "expected");
    for round in 0..6 {
        // Every other round without a spare: both builds race to make it, and the one
        // that made it may find the other's old output there when it gets its turn.
        if round % 2 == 0 {
            let _ = fs::remove_dir_all(spare(s.root()));
        }
        let children: Vec<_> = (0..2)
            .map(|_| {
                let mut c = common::brief_std();
                c.current_dir(s.cwd()).arg("--root").arg(s.root()).arg("build");
                c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        assert_same_tree(&tree(&s.public()), &expected, &format!("public/ after round {round}"));
        if round % 2 == 1 {
            assert_same_tree(&spare_tree(s.root()), &expected, &format!("the spare after round {round}"));
        }
        assert_eq!(leftovers(s.root()), Vec::<String>::new());
    }
}

#[test]
fn the_fallback_swap_makes_the_same_output() {
    let s = site();
    let fallback = [("BRIEF_WRITE_FAULT", "no-exchange")];
    let build = |step: &str| {
        let previous = s.public().exists().then(|| tree(&s.public()));
        let out = s.command(&["build"]).envs(fallback).output().unwrap();
        assert!(out.status.success(), "{step}: {}", String::from_utf8_lossy(&out.stderr));
        assert_same_tree(&tree(&s.public()), &clean_build(&s, step), step);
        if let Some(previous) = previous {
            assert_same_tree(&spare_tree(s.root()), &previous, &format!("the spare after `{step}`"));
        }
        assert_eq!(leftovers(s.root()), Vec::<String>::new(), "{step}");
    };
    build("first");
    build("no change");
    s.briefing("2024/05/new.md", "Brand new", "2024-05-20", "", "New.");
    build("a briefing added");
    build("no change again");
}

/// `brief build` with stage timings; what it says of the build cache: pages kept
/// without rendering, and briefings read back rather than parsed.
fn cached_build(s: &TestSite) -> (usize, usize) {
    cached_build_into(s, &[])
}

/// [`cached_build`] with more arguments (an output folder).
fn cached_build_into(s: &TestSite, args: &[&str]) -> (usize, usize) {
    let out = s.command(&[&["build"], args].concat()).env("BRIEF_TIMINGS", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let number = |after: &str| -> usize {
        stderr
            .lines()
            .find_map(|l| l.split_once(after).map(|(_, rest)| rest))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no `{after}` in:\n{stderr}"))
    };
    (number("pages: "), number("parse cache: "))
}

#[test]
fn the_build_cache_keeps_what_did_not_change_and_trusts_nothing_else() {
    let s = site();
    let briefings = 12;
    // A first build has nothing to keep, and takes no fingerprints (it has no output to
    // keep them for); the second renders every page too, and records them; the third
    // keeps every page.
    assert_eq!(cached_build(&s), (0, 0));
    let cache = s.root().join(".brief-cache");
    assert_eq!(fs::read_to_string(cache.join(".gitignore")).unwrap().lines().last(), Some("*"));
    assert_eq!(cached_build(&s), (0, briefings));
    let (kept, read_back) = cached_build(&s);
    assert_eq!(read_back, briefings);
    let rendered = tree(&s.public()).keys().filter(|p| p.ends_with(".html") || p.ends_with(".xml")).count();
    assert!(kept > rendered / 2, "{kept} of {rendered} pages kept");
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "cached"), "after a build with every page kept");

    // One body edited: that briefing is parsed again, and its page and the lists that
    // show it are rendered again.
    let p = s.root().join("content/2024/01/b0.md");
    fs::write(&p, fs::read_to_string(&p).unwrap().replace("Body of briefing 0.", "Edited body.")).unwrap();
    let (kept_after_edit, read_back) = cached_build(&s);
    assert_eq!(read_back, briefings - 1);
    assert!(kept_after_edit < kept && kept_after_edit > kept / 2, "{kept_after_edit} of {kept}");
    assert!(s.page("2024/01/01/briefing-0/index.html").contains("Edited body."));
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "one edit"), "after one edit");

    // A record or a cache file changed by one byte, or cut short: nothing of it is
    // used, and the output is still a clean build's.
    let damage = |name: &str, cut: bool| {
        for f in fs::read_dir(&cache).unwrap().flatten().filter(|f| f.file_name().to_string_lossy().starts_with(name)) {
            let mut bytes = fs::read(f.path()).unwrap();
            if cut {
                bytes.truncate(bytes.len() - 5);
            } else {
                let k = bytes.len() / 2;
                bytes[k] ^= 0x20;
            }
            fs::write(f.path(), bytes).unwrap();
        }
    };
    damage("pages-", false);
    damage("parsed", false);
    assert_eq!(cached_build(&s), (0, 0), "a damaged cache");
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "damaged"), "after a damaged cache");
    damage("pages-", true);
    damage("parsed", true);
    assert_eq!(cached_build(&s), (0, 0), "a cut cache");
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "cut"), "after a cut cache");

    // An output file changed by hand is rendered again, not kept.
    let (kept, _) = cached_build(&s);
    s.write("public/index.html", "changed by hand");
    let (kept_after_hand_edit, _) = cached_build(&s);
    assert_eq!(kept_after_hand_edit, kept - 1);
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "hand edit"), "after a hand edit");

    // Deleting the cache is always safe.
    fs::remove_dir_all(&cache).unwrap();
    assert_eq!(cached_build(&s), (0, 0));
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "deleted"), "after the cache was deleted");

    // A build that makes the output anew (none before) forgets the record of the old one.
    fs::remove_dir_all(s.public()).unwrap();
    let _ = fs::remove_dir_all(s.root().join(".public.prev"));
    assert_eq!(cached_build(&s).0, 0);
    assert!(fs::read_dir(&cache).unwrap().flatten().all(|f| !f.file_name().to_string_lossy().starts_with("pages-")));
    assert_eq!(cached_build(&s).0, 0);
    assert!(cached_build(&s).0 > rendered / 2);
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "anew"), "after the output was made anew");

    // `--no-cache` neither reads nor writes it.
    let fresh = site();
    fresh.build_ok(&["--no-cache"]);
    fresh.build_ok(&["--no-cache"]);
    assert!(!fresh.root().join(".brief-cache").exists());
}

#[test]
fn the_cache_keeps_the_records_of_the_last_four_outputs_only() {
    let s = site();
    let cache = s.root().join(".brief-cache");
    // The outputs the cache keeps records of, told by their records' names.
    let outputs = || {
        let mut keys: Vec<String> = fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .filter_map(|f| {
                let name = f.file_name().to_string_lossy().into_owned();
                let rest = ["pages-", "tree-", "search-"].iter().find_map(|p| name.strip_prefix(p))?.to_string();
                Some(rest[..16].to_string())
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys.len()
    };
    let out = |k: usize| s.tmp().join(format!("preview-{k}")).to_str().unwrap().to_string();
    // Three builds of each of six outputs in turn: the third keeps pages.
    for k in 0..6 {
        for _ in 0..2 {
            cached_build_into(&s, &["-o", &out(k)]);
        }
        assert!(cached_build_into(&s, &["-o", &out(k)]).0 > 0, "output {k} keeps its pages");
        assert_eq!(outputs(), (k + 1).min(4), "after output {k}");
    }
    // A build half-written long ago goes; one of now may be another build's, and stays.
    let (old, new) = (cache.join("pages-0123456789abcdef.77.tmp"), cache.join("parsed.78.tmp"));
    fs::write(&old, "half").unwrap();
    fs::write(&new, "half").unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options().write(true).open(&old).unwrap().set_modified(long_ago).unwrap();
    // The last four outputs keep their pages; the first lost its record, and is
    // rendered whole, as a clean build.
    assert!(cached_build_into(&s, &["-o", &out(2)]).0 > 0);
    assert!(cached_build_into(&s, &["-o", &out(5)]).0 > 0);
    assert_eq!(cached_build_into(&s, &["-o", &out(0)]).0, 0);
    assert_same_tree(&tree(Path::new(&out(0))), &clean_build(&s, "pruned"), "an output whose record went");
    assert_eq!(outputs(), 4);
    assert!(!old.exists() && new.exists());
    // Each output kept has its saved search index; the others' went with their records.
    let searches =
        fs::read_dir(&cache).unwrap().flatten().filter(|f| f.file_name().to_string_lossy().starts_with("search-"));
    assert_eq!(searches.count(), 4);
}

/// `brief build` with stage timings: pages kept, and how many of them by the site's
/// shape alone (without a context: only some briefings changed since the last build).
fn shape_build(s: &TestSite) -> (usize, usize) {
    let out = s.command(&["build"]).env("BRIEF_TIMINGS", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let line = stderr.lines().find(|l| l.contains("pages: ")).unwrap_or_else(|| panic!("no pages line in:\n{stderr}"));
    // A build with nothing recorded says only how many it kept: none.
    let number = |after: &str| -> usize {
        line.split_once(after).map_or(0, |(_, rest)| rest.split_whitespace().next().unwrap().parse().unwrap())
    };
    (number("pages: "), number("rendering ("))
}

/// Replace `from` (which must be there) with `to` in `content/<path>`.
#[track_caller]
fn edit_briefing(s: &TestSite, path: &str, from: &str, to: &str) {
    let p = s.root().join("content").join(path);
    let text = fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{path}: {text}");
    fs::write(p, text.replace(from, to)).unwrap();
}

/// Rebuild: pages kept by the shape or not, as `shaped` says, and the output a clean
/// build's.
#[track_caller]
fn check_shaped(s: &TestSite, step: &str, shaped: bool) {
    let (kept, by_shape) = shape_build(s);
    assert_eq!(by_shape > 0, shaped, "{step}: {by_shape} of {kept} kept by the shape");
    assert_same_tree(&tree(&s.public()), &clean_build(s, step), step);
}

#[test]
fn edits_of_briefings_alone_keep_the_other_pages_by_the_shape_of_the_site() {
    let s = site();
    s.briefing("2024/02/fixed.md", "Fixed slug", "2024-02-10", "tags: [solo]\nslug: fixed\n", "Fixed.\n\nMore.");
    s.briefing("2024/03/kept.md", "Kept slug", "2024-03-20", "tags: [t2, all]\nslug: kept\n", "Kept.");
    // The first build records nothing, the second records the pages and the shape.
    assert_eq!(shape_build(&s), (0, 0));
    assert_eq!(shape_build(&s).1, 0);
    let (kept, by_shape) = shape_build(&s);
    assert!(by_shape > kept / 2, "nothing changed: {by_shape} of {kept} kept by the shape");
    let edit = |path: &str, from: &str, to: &str| edit_briefing(&s, path, from, to);
    let check = |step: &str, shaped: bool| check_shaped(&s, step, shaped);
    // The summary changes (on the lists that show it), then only the page and feeds.
    edit("2024/01/b0.md", "Body of briefing 0.", "Body of briefing 0, edited.");
    check("a body and its summary", true);
    edit("2024/02/b4.md", "More.", "More.\n\nA last paragraph, far below the summary.");
    check("a body below its summary", true);
    // A new title under a slug of its own keeps the URL: its neighbours, related
    // briefings, lists and feeds show the new title.
    edit("2024/02/fixed.md", "Fixed slug", "Fixed slug, retitled");
    check("a title under its own slug", true);
    // Briefings that list it as related show the new title too.
    edit("2024/03/kept.md", "Kept slug", "Kept slug, retitled");
    check("a related briefing's title", true);
    edit("2024/02/fixed.md", "tags: [solo]", "tags: [solo]\nsources:\n  - title: A source\n");
    check("front matter that places nothing", true);
    // A page changed by hand is made again, though its inputs are the same.
    s.write("public/tags/t2/index.html", "changed by hand");
    edit("2024/01/b0.md", "edited.", "edited twice.");
    check("a hand-edited page", true);
    // What every page can read, or what places a briefing: no shape.
    s.write("templates/partials/item.html", "<li><a href=\"{{ item.url }}\">{{ item.title }}</a></li>\n");
    check("a list item template", false);
    check("nothing after the template", true);
    edit("2024/01/b0.md", "tags: [t0, all]", "tags: [t0, all, more]");
    check("a new tag", false);
    edit("2024/02/fixed.md", "2024-02-10", "2024-02-11");
    check("a new date", false);
    fs::remove_file(s.root().join("content/2024/02/b1.md")).unwrap();
    check("a briefing removed", false);
    s.write("site.yaml", "title: Rebuilds, renamed\nbase_url: https://example.org/\n");
    check("a setting", false);
    check("nothing at the end", true);
}

/// The same on a site with two languages: an edit of a briefing's body or other front
/// matter keeps the pages of both editions by the shape; an edit in one edition that
/// changes what the other's pages link to (a translation added, removed, expired or
/// linked to another, a date that moves a page) weighs both whole. Each rebuild is a
/// clean build's output, and would not be were the other editions not weighed: an
/// English page keeps hreflang links to a Korean translation that is gone.
#[test]
fn edits_in_one_language_keep_the_pages_of_every_edition_by_the_shape() {
    let s = site();
    s.write("site.yaml", "title: Rebuilds\nbase_url: https://example.org/\nlanguages:\n  ko: { title: 재건 }\n");
    for i in 0..6 {
        let m = 1 + i % 3;
        s.briefing(
            &format!("2024/{m:02}/b{i}.ko.md"),
            &format!("브리핑 {i}"),
            &format!("2024-{m:02}-{:02}", 1 + i % 5),
            &format!("tags: [북한, t{}]\nslug: beuriping-{i}\n", i % 2),
            &format!("브리핑 {i}의 본문.\n\n## 세부 사항\n\n더."),
        );
    }
    s.briefing("2024/03/only-ko.ko.md", "한국어만", "2024-03-09", "tags: [북한]\n", "한국어로만 쓴 브리핑.");
    assert_eq!(shape_build(&s), (0, 0));
    shape_build(&s);
    let (kept, by_shape) = shape_build(&s);
    assert!(by_shape > kept / 2, "nothing changed: {by_shape} of {kept} kept by the shape");
    let edit = |path: &str, from: &str, to: &str| edit_briefing(&s, path, from, to);
    let check = |step: &str, shaped: bool| check_shaped(&s, step, shaped);
    edit("2024/01/b0.md", "Body of briefing 0.", "Body of briefing 0, edited.");
    check("an English body", true);
    edit("2024/02/b1.ko.md", "브리핑 1의 본문.", "브리핑 1의 본문, 고침.");
    check("a Korean body", true);
    edit("2024/03/b2.ko.md", "title: \"브리핑 2\"", "title: \"브리핑 2, 새 제목\"");
    check("a Korean title under its own slug", true);
    // What the English pages link to in Korean changes: both editions weighed whole.
    s.briefing("2024/02/b7.ko.md", "브리핑 7", "2024-02-03", "tags: [북한]\n", "새 번역.");
    check("a Korean translation added", false);
    check("nothing after it", true);
    fs::remove_file(s.root().join("content/2024/02/b7.ko.md")).unwrap();
    check("the translation removed", false);
    edit("2024/01/b3.ko.md", "slug: beuriping-3\n", "slug: beuriping-3\nexpires: 2024-06-01\n");
    check("a Korean translation expired", false);
    edit("2024/02/b4.ko.md", "slug: beuriping-4\n", "slug: beuriping-4\ntranslation_key: elsewhere\n");
    check("a Korean translation linked to nothing", false);
    edit("2024/03/b5.md", "date: 2024-03-01", "date: 2024-03-02");
    check("an English date (its Korean translation links to the new URL)", false);
    check("nothing at the end", true);
}

/// A rebuild in which only some briefings changed makes a list item when a page that
/// shows it is made, not before: an item template that fails for the edited briefing
/// fails that build as it fails a clean one, and the output stays as it was.
#[test]
fn a_list_item_made_as_its_page_is_still_fails_the_build_when_its_template_fails() {
    let s = site();
    s.briefing("2024/02/fixed.md", "Fixed slug", "2024-02-10", "tags: [solo]\nslug: fixed\n", "Fixed.");
    s.write(
        "templates/partials/item.html",
        "<li><a href=\"{{ item.url }}\">{{ item.title }}</a>{% if item.title == \"Boom\" %}{{ nowhere.at_all }}{% endif %}</li>\n",
    );
    assert_eq!(shape_build(&s), (0, 0));
    shape_build(&s);
    let before = tree(&s.public());
    let p = s.root().join("content/2024/02/fixed.md");
    fs::write(&p, fs::read_to_string(&p).unwrap().replace("Fixed slug", "Boom")).unwrap();
    let err = s.build_err(&[]);
    assert!(err.contains("partials/item.html"), "{err}");
    assert_same_tree(&tree(&s.public()), &before, "public/ after the failed build");
    let out = s.tmp().join("clean-boom");
    let clean = s.build_err(&["--no-cache", "-o", out.to_str().unwrap()]);
    assert_eq!(err.lines().next(), clean.lines().next(), "the same error as a clean build");
    // Put right, the rebuild keeps most pages by the shape again and matches a clean build.
    fs::write(&p, fs::read_to_string(&p).unwrap().replace("Boom", "Fixed slug, again")).unwrap();
    let (kept, by_shape) = shape_build(&s);
    assert!(by_shape > 0, "{by_shape} of {kept} kept by the shape");
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "put right"), "after the fix");
}

/// `brief build` with stage timings: what it did with the search index.
fn search_build(s: &TestSite) -> String {
    let out = s.command(&["build"]).env("BRIEF_TIMINGS", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let line =
        stderr.lines().find(|l| l.contains("search index ")).unwrap_or_else(|| panic!("no search line in:\n{stderr}"));
    line.split_once("; ").map_or("", |(_, rest)| rest).to_string()
}

/// A rebuild brings the search index the last build saved up to date, reading again
/// only the briefings that changed; a saved index damaged or cut, or an index file
/// changed by hand, is not trusted: the output is still a clean build's.
#[test]
fn a_rebuild_brings_the_saved_search_index_up_to_date_and_trusts_nothing_else() {
    let s = site();
    let check = |step: &str, want: &str| {
        let how = search_build(&s);
        assert!(how.contains(want), "{step}: {how}");
        assert_same_tree(&tree(&s.public()), &clean_build(&s, step), step);
    };
    // The first build has no output to keep files of, and saves nothing; the second
    // makes the index whole and saves it; the third reads it back.
    s.build_ok(&[]);
    check("no saved index", "search index made whole");
    check("nothing changed", "(0 briefings read again)");
    let p = s.root().join("content/2024/01/b0.md");
    fs::write(&p, fs::read_to_string(&p).unwrap().replace("Body of briefing 0.", "Body about quokkas.")).unwrap();
    check("a body edited", "(1 briefings read again)");
    assert!(fs::read_to_string(s.public().join("search/data/w/0.json")).unwrap().contains("quokkas"));
    fs::remove_file(s.root().join("content/2024/03/b2.md")).unwrap();
    s.briefing("2024/05/new.md", "Brand new wombat", "2024-05-20", "tags: [fresh]\n", "New.");
    check("one briefing removed, one added", "(1 briefings read again)");
    let saved: Vec<PathBuf> = fs::read_dir(s.root().join(".brief-cache"))
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("search-"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let bytes = fs::read(&saved[0]).unwrap();
    let mut damaged = bytes.clone();
    damaged[bytes.len() / 2] ^= 0x20;
    fs::write(&saved[0], &damaged).unwrap();
    check("a damaged saved index", "search index made whole");
    fs::write(&saved[0], &fs::read(&saved[0]).unwrap()[..bytes.len() / 3]).unwrap();
    check("a saved index cut short", "search index made whole");
    // A block of records changed by hand is written again, not kept.
    s.write("public/search/data/d/0.json", "[]");
    let how = search_build(&s);
    assert!(how.contains("(0 briefings read again)"), "{how}");
    assert_same_tree(&tree(&s.public()), &clean_build(&s, "a block changed by hand"), "a block changed by hand");
}

/// A site that drops a language leaves no index of that edition in the build cache,
/// where nothing would read it again.
#[test]
fn a_language_dropped_takes_its_index_out_of_the_build_cache() {
    let config = "title: Desk\nbase_url: https://desk.example.org/\nlanguages:\n  ko: { title: 데스크 }\n";
    let s = TestSite::with_config(&format!("{config}  id: {{ title: Meja }}\n"));
    s.raw_briefing("2024/01/a.md", "title: A\ndate: 2024-01-01\n", "A.");
    s.raw_briefing("ko/2024/01/a.md", "title: 가\ndate: 2024-01-01\n", "가.");
    s.raw_briefing("id/2024/01/a.md", "title: Sebuah\ndate: 2024-01-01\n", "Sebuah.");
    s.build_ok(&[]);
    let cache = s.root().join(".brief-cache");
    assert!(["index", "index-1", "index-2"].iter().all(|f| cache.join(f).is_file()));
    s.write("site.yaml", config);
    fs::remove_dir_all(s.root().join("content/id")).unwrap();
    s.build_ok(&[]);
    assert!(cache.join("index-1").is_file() && !cache.join("index-2").exists());
    assert!(s.exists("ko/2024/01/01/가/index.html") && !s.exists("id/index.html"));
}

/// No build takes its memory in huge pages: not a first build, a rebuild that reads its
/// build cache back (which had them at stops 48 and 49; see `brief::memory::init` for
/// why no more), a build with `--no-cache`, or a build into a new output (the stage
/// timings say which, from the kernel's `THP_enabled` of the process).
#[test]
#[cfg(target_os = "linux")]
fn no_build_asks_for_huge_pages() {
    let s = site();
    let huge = |args: &[&str]| -> bool {
        let out = s.command(args).env("BRIEF_TIMINGS", "1").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        let load = err.lines().find(|l| l.contains("timing: load")).unwrap_or_else(|| panic!("{err}"));
        load.contains(", huge pages")
    };
    assert!(!huge(&["build"]), "a first build");
    assert!(!huge(&["build"]), "a rebuild");
    let after = tree(&s.root().join("public"));
    assert!(!huge(&["build", "--no-cache"]), "a build with --no-cache");
    let elsewhere = s.root().join("elsewhere");
    assert!(!huge(&["build", "-o", elsewhere.to_str().unwrap()]), "a first build into another output");
    assert!(!huge(&["build"]), "a rebuild again");
    assert_eq!(tree(&s.root().join("public")), after);
    assert_eq!(tree(&elsewhere), after);
}
