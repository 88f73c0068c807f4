//! Issue 15, target 4 (a million briefings): from 5,000 briefing files on, a build keeps
//! the bodies and the rendered list items in a spill file on disk rather than
//! in memory (`BRIEF_SPILL=bodies` does so at any size), and from 100,000 briefings on
//! the list items themselves (`BRIEF_SPILL=all` does so at any size). Its
//! output must be byte-identical to a build that holds everything (`BRIEF_SPILL=off`, as
//! before the issue), whole tree against whole tree, for the example site (three
//! editions), a fixture with bundles, pages, a draft and two taxonomies, and the
//! multilingual `editions` fixture.

mod common;

use std::path::Path;

use common::{TestSite, copy_tree, snapshot};

/// The example site of the repository (site.yaml, authors.yaml and content/).
fn example_site() -> TestSite {
    let s = TestSite::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), s.root().join("site.yaml")).unwrap();
    std::fs::copy(repo.join("authors.yaml"), s.root().join("authors.yaml")).unwrap();
    copy_tree(&repo.join("content"), &s.root().join("content"));
    s
}

/// Build `site` with `BRIEF_SPILL` set to `spill` (unset when empty); the build's stderr
/// (with `BRIEF_TIMINGS`).
fn build(site: &TestSite, args: &[&str], spill: &str) -> String {
    let mut a = vec!["build"];
    a.extend_from_slice(args);
    let mut cmd = site.command(&a);
    cmd.env("BRIEF_TIMINGS", "1");
    if spill.is_empty() {
        cmd.env_remove("BRIEF_SPILL");
    } else {
        cmd.env("BRIEF_SPILL", spill);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "build failed:\n{stderr}");
    stderr
}

/// Bytes the build put in its spill file, from its timing line.
fn spilled_bytes(stderr: &str) -> u64 {
    stderr.lines().find_map(|l| l.strip_prefix("timing: spill: ")?.split(' ').next()?.parse().ok()).unwrap_or(0)
}

/// Build four copies of a site: as a build of its size does (which holds everything in
/// memory, for these small sites), spilling bodies and rendered items (`bodies`), the
/// list items too (`all`), and holding everything (`off`); compare their whole output trees
/// (and, for the first file that differs, its text).
fn assert_same_output(make: impl Fn() -> TestSite, args: &[&str]) {
    let held = make();
    let err = build(&held, args, "off");
    assert_eq!(spilled_bytes(&err), 0, "BRIEF_SPILL=off still spilled:\n{err}");
    let want = snapshot(&held.public(), None);
    assert!(want.len() > 20, "a real site: {} paths", want.len());
    let mut sizes = Vec::new();
    for mode in ["", "bodies", "all"] {
        let spilled = make();
        let err = build(&spilled, args, mode);
        sizes.push(spilled_bytes(&err));
        let got = snapshot(&spilled.public(), None);
        if let Some((path, _)) = got.iter().find(|(p, e)| want.get(*p) != Some(e)) {
            let read = |s: &TestSite| {
                String::from_utf8_lossy(&std::fs::read(s.public().join(path)).unwrap_or_default()).into_owned()
            };
            assert_eq!(read(&spilled), read(&held), "`{}` differs (BRIEF_SPILL={mode})", path.display());
        }
        assert_eq!(got, want, "BRIEF_SPILL={mode}");
        if mode.is_empty() {
            continue;
        }
        // Again, with every parse and list item read back from the build cache into the
        // spill, and every page rendered (the record of pages made is dropped).
        for e in std::fs::read_dir(spilled.root().join(".brief-cache")).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with("pages-") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        let err = build(&spilled, args, mode);
        let read_back = err
            .lines()
            .find_map(|l| l.strip_prefix("timing:   parse cache: ")?.split(' ').next()?.parse::<usize>().ok());
        assert!(read_back.is_some_and(|n| n > 0), "BRIEF_SPILL={mode}: nothing read back from the cache:\n{err}");
        assert!(spilled_bytes(&err) > 0, "BRIEF_SPILL={mode}: the rebuild spilled nothing:\n{err}");
        assert_eq!(snapshot(&spilled.public(), None), want, "BRIEF_SPILL={mode}, read back from the cache");
        // A body the disk changed in the cache's bodies file (those read back are left
        // there, and read when a page needs them): the build finds it as it reads it,
        // publishes nothing of that attempt, and builds again parsing every briefing.
        let cache = spilled.root().join(".brief-cache");
        let mut bodies = std::fs::read(cache.join("bodies")).unwrap();
        let at = bodies.windows(3).position(|w| w == b"<p>").expect("a body in the cache");
        bodies[at + 1] = b'q';
        std::fs::write(cache.join("bodies"), &bodies).unwrap();
        for e in std::fs::read_dir(&cache).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with("pages-") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        let err = build(&spilled, args, mode);
        assert!(
            err.contains("note: the build cache's parses did not read back whole: parsing every briefing again"),
            "BRIEF_SPILL={mode}:\n{err}"
        );
        assert_eq!(snapshot(&spilled.public(), None), want, "BRIEF_SPILL={mode}, after a changed body in the cache");
        assert!(!std::fs::read(cache.join("bodies")).unwrap().windows(3).any(|w| w == b"<q>"), "a changed body kept");
    }
    // A small site holds everything; `bodies` spills its bodies, `all` the list items too.
    assert!(sizes[0] == 0 && 0 < sizes[1] && sizes[1] < sizes[2], "bytes spilled (default, bodies, all): {sizes:?}");
}

#[test]
fn issue_15_spilled_build_is_byte_identical_for_the_example_site() {
    assert_same_output(example_site, &[]);
}

#[test]
fn issue_15_spilled_build_is_byte_identical_with_bundles_pages_drafts_and_taxonomies() {
    assert_same_output(|| TestSite::from_fixture("spill"), &[]);
    assert_same_output(|| TestSite::from_fixture("spill"), &["--drafts"]);
}

#[test]
fn issue_15_spilled_build_is_byte_identical_for_editions() {
    assert_same_output(|| TestSite::from_fixture("editions"), &[]);
}

/// The spill file has no name: after a first build and a rebuild (which keeps the
/// output before last as `.public.prev`) the site folder holds only what it always does.
#[test]
fn issue_15_the_spill_file_leaves_nothing_behind() {
    let s = TestSite::from_fixture("spill");
    let names = || {
        let mut v: Vec<String> = std::fs::read_dir(s.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(), ["content", "site.yaml", "templates"]);
    build(&s, &[], "all");
    assert_eq!(names(), [".brief-cache", "content", "public", "site.yaml", "templates", "urls.lock"]);
    build(&s, &[], "all");
    assert_eq!(names(), [".brief-cache", ".public.prev", "content", "public", "site.yaml", "templates", "urls.lock"]);
    // No temporary file stays in the cache either. Below 50,000 briefing files a
    // spilled build keeps its parses, index and list items there as any build does (a
    // body read back from them goes to the spill); past it, it would not (see
    // `spill::UNCACHED_FROM`).
    let mut cache: Vec<String> = std::fs::read_dir(s.root().join(".brief-cache"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !["pages-", "tree-", "search-"].iter().any(|p| n.starts_with(p)) || n.ends_with(".tmp"))
        .collect();
    cache.sort();
    assert_eq!(cache, [".gitignore", "bodies", "index", "items", "parsed", "read"]);
}

/// Reading ahead (for files on a disk rather than in the system's cache; chosen by a
/// sample of the files, forced here) changes when files are read, never what a build
/// makes: the whole tree is the same with it on and off, and so is what the build says.
#[test]
fn issue_15_reading_ahead_gives_the_same_site() {
    for make in [example_site as fn() -> TestSite, || TestSite::from_fixture("editions")] {
        let mut trees = Vec::new();
        for ahead in ["on", "off"] {
            let s = make();
            let out = s.command(&["build"]).env("BRIEF_READ_AHEAD", ahead).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(out.status.success(), "build failed (BRIEF_READ_AHEAD={ahead}):\n{stderr}");
            let said = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().to_string();
            let said = said.split(" in ").next().unwrap_or_default().to_string();
            trees.push((snapshot(&s.public(), None), said, stderr));
        }
        assert!(trees[0].0.len() > 20, "a real site: {} paths", trees[0].0.len());
        assert!(trees[0].1.starts_with("built "), "{}", trees[0].1);
        assert_eq!(trees[0], trees[1]);
    }
}
