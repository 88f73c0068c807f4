//! The engine's own tests: incremental updates against full rebuilds.
use super::*;

use super::super::tests::{briefing, write};

/// A title whose slug is cut before its last words.
const LONG: &str = "Ruby security advisory on directory traversal in Dir.mktmpdir and Tempfile.create, CVE-2018-6914";

/// After each kind of change, the incremental result must equal a full rebuild.
#[test]
fn incremental_updates_match_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", "paginate: 2\nbase_url: https://h.example/\n");
    for i in 0..7 {
        write(
            root,
            &format!("content/b{i}.md"),
            &briefing(
                &format!("Brief {i}"),
                &format!("2024-07-{:02}", 10 + i % 3),
                if i % 2 == 0 { "a, b" } else { "b" },
                "",
            ),
        );
    }
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts.clone(), String::new()).unwrap();
    // A briefing of the last hour is in the news sitemap, which shows its title.
    let fresh = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1)).to_string();
    let steps: Vec<(&str, String, bool)> = vec![
        // A new slug that moves the briefing past a same-day one (index rebuilt),
        // then one that keeps its place (index patched).
        ("content/b2.md", briefing("Brief 2", "2024-07-12", "a, b", "slug: zz-two\n"), false),
        ("content/b2.md", briefing("Brief 2", "2024-07-12", "a, b", "slug: zz-three\n"), false),
        ("content/b3.md", briefing("Brief 3 retitled", "2024-07-10", "b", ""), false),
        (
            "content/b3.md",
            briefing("Brief 3 retitled", "2024-07-10", "b", "updated: 2024-07-20\nsummary: \"New sum\"\n"),
            false,
        ),
        // An author appears, changes spelling, gains a briefing; then gets a profile.
        ("content/b3.md", briefing("Brief 3 retitled", "2024-07-10", "b", "authors: [Kim]\n"), true),
        ("content/b3.md", briefing("Brief 3 retitled", "2024-07-10", "b", "authors: [kim]\n"), true),
        ("content/b1.md", briefing("Brief 1", "2024-07-11", "b", "authors: [Kim, Lee]\n"), true),
        ("content/b1.md", briefing("Brief 1 retitled", "2024-07-11", "b", "authors: [Kim, Lee]\n"), false),
        ("authors.yaml", "Kim:\n  name: Kim Jisoo\n  bio: Writes.\n".to_string(), true),
        ("content/b4.md", briefing("Brief 4", "2024-07-12", "b", "slug: moved\n"), false),
        ("content/b5.md", briefing("Brief 5", "2024-07-09", "a, b", ""), true),
        ("content/b6.md", briefing("Brief 6", "2024-07-12", "c", ""), true),
        ("content/b7.md", briefing("Brief 7 new", "2024-07-11", "a", ""), true),
        // Long titles whose cut slugs collide on one day: kept apart, and together
        // again when one of them no longer collides (issue 12).
        ("content/b1.md", briefing(&format!("{LONG} Korean"), "2024-07-11", "b", ""), false),
        ("content/b7.md", briefing(&format!("{LONG} Japanese"), "2024-07-11", "a", ""), false),
        ("content/b7.md", briefing(&format!("{LONG} Japanese, edited"), "2024-07-11", "a", ""), false),
        ("content/b1.md", briefing("Brief 1 short again", "2024-07-11", "b", ""), false),
        ("content/b8.md", briefing("Fresh news", &fresh, "a", "slug: fresh\n"), true),
        ("content/b8.md", briefing("Fresh news, retitled", &fresh, "a", "slug: fresh\n"), false),
    ];
    for (rel, text, _structural) in steps {
        let p = write(root, rel, &text);
        engine.update(&[p]).unwrap();
        engine.catch_up().unwrap();
        let fresh = Engine::new(opts.clone(), String::new()).unwrap();
        let mut keys: Vec<&String> = fresh.files.keys().collect();
        keys.sort();
        let mut mine: Vec<&String> = engine.files.keys().collect();
        mine.sort();
        assert_eq!(mine, keys, "after {rel}");
        for k in keys {
            assert_eq!(
                String::from_utf8_lossy(&engine.files[k]),
                String::from_utf8_lossy(&fresh.files[k]),
                "{k} differs after changing {rel}"
            );
        }
    }
    // A broken file is an error and leaves the site as it was.
    let before = engine.files.clone();
    let p = write(root, "content/b1.md", "---\ntitle: x\ndate: 2024-02-30\n---\n");
    let err = engine.update(&[p]).unwrap_err();
    assert_eq!(err[0].line, 3);
    assert_eq!(engine.files.len(), before.len());
    assert!(engine.files.iter().all(|(k, v)| before[k] == *v));
    // A deleted briefing disappears.
    std::fs::remove_file(root.join("content/b0.md")).unwrap();
    let r = engine.update(&[root.join("content/b0.md")]).unwrap();
    assert!(!r.full, "a deletion renders only what it changes (issue 15)");
    assert!(r.removed.contains(&"2024/07/10/brief-0/index.html".to_string()));
    assert!(!engine.files.contains_key("2024/07/10/brief-0/index.html"));
}

/// A `urls.lock` written by someone else after serve read it (an editor's save, which
/// serve may have read truncated) is not written over when an edit records a new URL:
/// its lines stay, and reading it again records what it lacks.
#[test]
fn a_lock_changed_since_it_was_read_is_not_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/a.md", &briefing("Alpha", "2024-07-10", "a", ""));
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts, String::new()).unwrap();
    let lock = root.join(crate::lock::FILE);
    let kept = std::fs::read_to_string(&lock).unwrap();
    assert!(kept.contains("/2024/07/10/alpha/ a"), "{kept}");
    // The file changes after the engine read it; then an edit gives Alpha a new URL.
    let by_hand = format!("{kept}/old/alpha/ a\n");
    std::fs::write(&lock, &by_hand).unwrap();
    let p = write(root, "content/a.md", &briefing("Alpha", "2024-07-10", "a", "slug: alpha-two\n"));
    engine.update(&[p]).unwrap();
    // The lock is written once the edit's pages are served, by what comes after.
    let r = engine.catch_up().unwrap();
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), by_hand);
    assert_eq!(r.lock_note.as_deref(), Some("urls.lock changed while it was read: reading it again"));
    // Read again (as the change makes serve do), the new URL is recorded beside the
    // hand-written one.
    engine.update(std::slice::from_ref(&lock)).unwrap();
    let now = std::fs::read_to_string(&lock).unwrap();
    assert!(now.contains("/old/alpha/ a\n") && now.contains("/2024/07/10/alpha-two/ a\n"), "{now}");
    // As serve wrote it, the lock is written again by the next edit.
    let p = write(root, "content/a.md", &briefing("Alpha", "2024-07-10", "a", "slug: alpha-three\n"));
    engine.update(&[p]).unwrap();
    assert!(!std::fs::read_to_string(&lock).unwrap().contains("alpha-three"), "written before the pages are served");
    assert_eq!(engine.catch_up().unwrap().lock_note.as_deref(), Some("urls.lock: recorded 1 new URL"));
    assert!(std::fs::read_to_string(&lock).unwrap().contains("/2024/07/10/alpha-three/ a\n"));
}

/// A draft keeps its URL under serve as in a build: an edit whose briefing would
/// publish it, or give it as an alias, fails at its line and records nothing (stop 53:
/// serve printed the build's error, then recorded the new briefing's line in urls.lock,
/// and the next build published it at the draft's URL).
#[test]
fn an_edit_may_not_take_a_drafts_url() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/a.md", &briefing("Alpha", "2024-07-10", "a", ""));
    write(root, "content/c.md", &briefing("Charlie", "2024-07-11", "a", ""));
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let mut engine = Engine::new(opts, String::new()).unwrap();
    let lock = root.join(crate::lock::FILE);
    let p = write(root, "content/a.md", &briefing("Alpha", "2024-07-10", "a", "draft: true\n"));
    engine.update(&[p]).unwrap();
    engine.catch_up().unwrap();
    let before = std::fs::read_to_string(&lock).unwrap();
    assert!(before.contains("/2024/07/10/alpha/ a\n"), "{before}");
    for (file, text, at) in [
        ("content/b.md", briefing("Alpha", "2024-07-10", "a", ""), (2, 8)),
        ("content/c.md", briefing("Charlie", "2024-07-11", "a", "aliases: [/2024/07/10/alpha/]\n"), (5, 11)),
    ] {
        let p = write(root, file, &text);
        let err = engine.update(std::slice::from_ref(&p)).expect_err(file);
        assert!(err[0].message.contains("urls.lock keeps for `a`: that briefing's file is there"), "{err:?}");
        assert_eq!(err[0].path(), Some(std::path::Path::new(file)), "{err:?}");
        assert_eq!((err[0].line, err[0].col), at, "{err:?}");
        engine.catch_up().unwrap();
        assert_eq!(std::fs::read_to_string(&lock).unwrap(), before, "nothing recorded");
        if file == "content/b.md" {
            std::fs::remove_file(&p).unwrap();
        } else {
            write(root, file, &briefing("Charlie", "2024-07-11", "a", ""));
        }
        engine.update(&[p]).unwrap();
    }
}
