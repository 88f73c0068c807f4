//! Issue 15, target 4 (a million briefings): a build keeps the compressed bodies and the
//! rendered list items in a spill file on disk rather than in memory. Its output must be
//! byte-identical to a build that holds them (`BRIEF_SPILL=off`, as before the issue),
//! whole tree against whole tree, for the example site (three editions), a fixture with
//! bundles, pages, a draft and two taxonomies, and the multilingual `editions` fixture.

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

/// Build `site` with spilling `on` or off; the build's stderr (with `BRIEF_TIMINGS`).
fn build(site: &TestSite, args: &[&str], on: bool) -> String {
    let mut a = vec!["build"];
    a.extend_from_slice(args);
    let mut cmd = site.command(&a);
    cmd.env("BRIEF_TIMINGS", "1");
    if on {
        cmd.env_remove("BRIEF_SPILL");
    } else {
        cmd.env("BRIEF_SPILL", "off");
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

/// Build two copies of a site, one spilling and one holding everything in memory, and
/// compare their whole output trees (and, for the first file that differs, its text).
fn assert_same_output(make: impl Fn() -> TestSite, args: &[&str]) {
    let (spilled, held) = (make(), make());
    let err = build(&spilled, args, true);
    assert!(spilled_bytes(&err) > 0, "the build spilled nothing:\n{err}");
    let err = build(&held, args, false);
    assert_eq!(spilled_bytes(&err), 0, "BRIEF_SPILL=off still spilled:\n{err}");
    let (a, b) = (snapshot(&spilled.public(), None), snapshot(&held.public(), None));
    if let Some((path, _)) = a.iter().find(|(p, e)| b.get(*p) != Some(e)) {
        let read = |s: &TestSite| {
            String::from_utf8_lossy(&std::fs::read(s.public().join(path)).unwrap_or_default()).into_owned()
        };
        assert_eq!(read(&spilled), read(&held), "`{}` differs", path.display());
    }
    assert_eq!(a, b);
    assert!(a.len() > 20, "a real site: {} paths", a.len());
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

#[test]
fn issue_15_the_spill_file_leaves_nothing_behind() {
    let s = TestSite::from_fixture("spill");
    let before: Vec<_> = std::fs::read_dir(s.root()).unwrap().flatten().map(|e| e.file_name()).collect();
    build(&s, &[], true);
    let mut after: Vec<_> = std::fs::read_dir(s.root()).unwrap().flatten().map(|e| e.file_name()).collect();
    after.sort();
    let mut expected = before;
    expected.extend([".public.prev".into(), "public".into(), "urls.lock".into()]);
    expected.sort();
    assert_eq!(after, expected);
}
