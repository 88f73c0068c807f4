//! Issues 6 and 15: a build interrupted at any point of the write stage (an injected
//! write error, the process aborted or killed with `kill -9`, a full disk) leaves the
//! previous `public/` complete and unchanged, or (stopped after the swap) the whole new
//! site; and the next build succeeds and makes what a clean build makes.
//!
//! A build brings the spare tree beside the output (`.public.prev/`, the output before
//! last) up to date and then exchanges the two folders; `public/` itself is never
//! written to. A stopped build leaves the spare as it was left; the next build compares
//! every file, so that does not matter.
//!
//! - `injected_write_failure_…` uses `BRIEF_FAIL_WRITE_AFTER=N` (see src/write/mod.rs):
//!   the N+1-th file write fails; with no spare yet, and with one.
//! - `abort_at_every_step_…` uses `BRIEF_WRITE_FAULT` to abort the process (SIGABRT:
//!   like `kill -9`, nothing is cleaned up) at each step of the write: while files are
//!   put, before and half-way through the removal of stray paths, just before and just
//!   after the swap, and between the renames of the fallback swap (systems without
//!   `renameat2(RENAME_EXCHANGE)`), alone and one after another.
//! - `kill_9_during_the_write_stage_…` builds ~3000 briefings and kills the build with
//!   `kill -9` once it has put 0, 1, 50 and half of the files into the spare.
//! - `full_disk_…` needs root and `mount -t tmpfs`; elsewhere it prints SKIP and passes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{assert_same_tree, brief, brief_std, is_root, leftovers, spare, spare_tree, tree};

/// `brief --root ROOT build ARGS` with a timeout; output captured.
fn build(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = brief();
    c.arg("--root").arg(root).arg("build").args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.timeout(Duration::from_secs(300)).output().expect("run brief");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    assert!(out.status.code().is_some(), "killed or timed out: {:?}\n{stderr}", out.status);
    out
}

#[track_caller]
fn build_ok(root: &Path, args: &[&str]) -> String {
    let out = build(root, args, &[]);
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Write `n` briefings whose text carries `variant`, so a new variant changes every page
/// (and the tags, so the old tags' folders vanish).
fn write_briefings(root: &Path, n: usize, variant: &str) {
    for i in 0..n {
        let (y, m, d) = (2000 + i % 20, 1 + i % 12, 1 + i % 28);
        let dir = root.join(format!("content/{y}/{m:02}"));
        fs::create_dir_all(&dir).unwrap();
        let text = format!(
            "---\ntitle: \"Briefing {i} {variant}\"\ndate: {y}-{m:02}-{d:02}\ntags: [{variant}-{}, all]\n---\nBody of briefing {i}, {variant}.\n\n## Details\n\nMore text about {variant}.\n",
            i % 50
        );
        fs::write(dir.join(format!("b{i}.md")), text).unwrap();
    }
}

fn site(n: usize, variant: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("site.yaml"), "title: Interrupted\nbase_url: https://example.org/\n").unwrap();
    write_briefings(&root, n, variant);
    (tmp, root)
}

/// A clean build of the site at `root` into a folder beside it, to compare against (no
/// build cache read or written).
fn reference(root: &Path, tmp: &Path, name: &str) -> BTreeMap<String, (u64, u64)> {
    let out = tmp.join(name);
    build_ok(root, &["--no-cache", "-o", out.to_str().unwrap()]);
    tree(&out)
}

#[test]
fn injected_write_failure_at_any_point_leaves_public_unchanged() {
    let (tmp, root) = site(12, "first");
    build_ok(&root, &[]);
    let before = tree(&root.join("public"));
    let files = before.keys().filter(|k| !k.ends_with('/')).count();
    assert!(files > 20, "{files} files");

    write_briefings(&root, 12, "second");
    let expected = reference(&root, tmp.path(), "reference");
    assert_ne!(expected, before);
    let fail_at = |after: usize, before: &BTreeMap<String, (u64, u64)>, what: &str| {
        let n = after.to_string();
        let out = build(&root, &[], &[("BRIEF_FAIL_WRITE_AFTER", &n)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "BRIEF_FAIL_WRITE_AFTER={n} did not fail:\n{stderr}");
        assert!(stderr.contains("injected write failure"), "{stderr}");
        assert!(stderr.contains("help:"), "{stderr}");
        // The first failure stops the writes: it is reported, not every file after it
        // (one a thread that was writing at the same moment, at most).
        let errors = stderr.lines().filter(|l| l.starts_with("error:")).count();
        assert!((1..=3).contains(&errors), "{errors} errors for one failure:\n{stderr}");
        assert_same_tree(&tree(&root.join("public")), before, &format!("public/ after a failure at write {n} {what}"));
        assert_eq!(leftovers(&root), Vec::<String>::new(), "the failed build left a folder");
    };
    // The marker file is not counted by the fault injection; the rest are.
    for after in [0, 1, 3, files / 2, files - 2] {
        // With no spare yet: the build makes one, and removes it again when it fails.
        fail_at(after, &before, "with no spare");
        assert!(!spare(&root).exists(), "a failed build left the spare it made");
    }

    // With a spare (the old site again, so that it is the output before last).
    write_briefings(&root, 12, "first");
    build_ok(&root, &[]);
    assert_same_tree(&spare_tree(&root), &before, "the spare");
    let before = tree(&root.join("public"));
    write_briefings(&root, 12, "second");
    for after in [0, 1, 3, files / 2, files - 2] {
        // It stays, half brought up to date (less the files the build wrote).
        fail_at(after, &before, "with a spare");
        assert!(spare(&root).join(".brief-output").is_file());
    }
    let summary = build_ok(&root, &[]);
    assert!(summary.starts_with("built 12 briefings"), "{summary}");
    assert_eq!(leftovers(&root), Vec::<String>::new());
    assert_same_tree(&tree(&root.join("public")), &expected, "public/ after the next build");
    assert_same_tree(&spare_tree(&root), &before, "the spare after the next build");
}

/// What `public/` must be after a build stopped at a point of the write.
#[derive(Debug, Clone, Copy, PartialEq)]
enum After {
    /// The previous site (stopped before the swap).
    Old,
    /// The new site (stopped after the swap).
    New,
    /// Missing, the previous site parked beside it, until the next build puts it back
    /// (stopped between the first two renames of the fallback swap).
    Parked,
}

fn after_fault(fault: &str) -> After {
    if fault.ends_with("abort-at:swapped") || fault.ends_with("abort-at:swap-2") {
        After::New
    } else if fault.ends_with("abort-at:swap-1") {
        After::Parked
    } else {
        After::Old
    }
}

/// Run a build that must abort at `fault` (`BRIEF_WRITE_FAULT`).
#[track_caller]
fn build_aborted(root: &Path, fault: &str) {
    let out = brief()
        .arg("--root")
        .arg(root)
        .arg("build")
        .env("BRIEF_WRITE_FAULT", fault)
        .timeout(Duration::from_secs(300))
        .output()
        .expect("run brief");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    assert_eq!(out.status.signal(), Some(6), "BRIEF_WRITE_FAULT={fault} did not abort ({}):\n{stderr}", out.status);
}

#[test]
fn abort_at_every_step_of_the_write_leaves_public_old_or_new() {
    const N: usize = 40;
    // Each case: whether the site was built once (no spare yet) or twice (a spare), and
    // the aborts, one build each, before a build that ends. (`mid-prune` needs a spare
    // with paths the new site does not have: the old tags' folders.)
    let half = "abort-after:HALF";
    let cases: Vec<(usize, Vec<&str>)> = vec![
        (1, vec!["abort-after:0"]),
        (1, vec![half]),
        (1, vec!["abort-at:swap"]),
        (2, vec!["abort-after:0"]),
        (2, vec!["abort-after:1"]),
        (2, vec![half]),
        (2, vec!["abort-after:LAST"]),
        (2, vec!["abort-at:prune"]),
        (2, vec!["abort-at:mid-prune"]),
        (2, vec!["abort-at:swap"]),
        (2, vec!["abort-at:swapped"]),
        (2, vec!["no-exchange,abort-at:swap-1"]),
        (2, vec!["no-exchange,abort-at:swap-2"]),
        (2, vec![half, "abort-at:mid-prune", "abort-after:1", "no-exchange,abort-at:swap-1", "abort-at:swap"]),
        (1, vec![half, "abort-at:prune", "no-exchange,abort-at:swap-2"]),
    ];
    abort_cases(N, &cases, 3, &|root| write_briefings(root, N, "second"));
}

/// Issue 15: with the build cache, most pages of a rebuild after one edit are kept
/// rather than rendered (linked from the output, as unchanged files are); a build
/// stopped at any point of that still leaves `public/` old or new, and the next build
/// (whose record of the pages may describe the output before last) makes what a clean
/// build makes.
#[test]
fn abort_while_unchanged_pages_are_kept_leaves_public_old_or_new() {
    const N: usize = 40;
    let one_edit = |root: &Path| {
        let p = root.join("content/2007/08/b7.md");
        let text = fs::read_to_string(&p).unwrap().replace("Body of briefing 7", "Body of briefing 7, corrected");
        fs::write(p, text).unwrap();
    };
    let half = "abort-after:HALF";
    let cases: Vec<(usize, Vec<&str>)> = vec![
        (3, vec!["abort-after:1"]),
        (3, vec![half]),
        // The last file put (the new site has as many files as the old).
        (3, vec!["abort-after:PENULT"]),
        (3, vec!["abort-at:prune"]),
        (3, vec!["abort-at:swapped"]),
        (3, vec!["no-exchange,abort-at:swap-1"]),
        (3, vec![half, "abort-at:swapped", "abort-after:1", "abort-at:swap"]),
    ];
    abort_cases(N, &cases, 4, &one_edit);
}

/// Run each of `cases` (see [`abort_case`]), `at_once` at a time: each is a site of its
/// own, and most of a build is waiting.
fn abort_cases(n: usize, cases: &[(usize, Vec<&str>)], at_once: usize, change: &(dyn Fn(&Path) + Sync)) {
    for chunk in cases.chunks(at_once) {
        std::thread::scope(|scope| {
            for (builds, faults) in chunk {
                scope.spawn(move || abort_case(n, *builds, faults, change));
            }
        });
    }
}

/// One case of [`abort_at_every_step_of_the_write_leaves_public_old_or_new`]: `builds`
/// builds of the site, then `change`, then a build aborted at each of `faults`, then
/// one that ends.
fn abort_case(n: usize, builds: usize, faults: &[&str], change: &(dyn Fn(&Path) + Sync)) {
    let what = format!("{builds} build(s), then {faults:?}");
    let (tmp, root) = site(n, "first");
    for _ in 0..builds {
        build_ok(&root, &[]);
    }
    let before = tree(&root.join("public"));
    let files = before.keys().filter(|k| !k.ends_with('/')).count();
    change(&root);
    let expected = reference(&root, tmp.path(), "reference");
    assert_ne!(expected, before, "{what}: the change changes nothing");
    let mut previous = before.clone();
    for fault in faults {
        let fault = fault
            .replace("HALF", &(files / 2).to_string())
            .replace("LAST", &(files - 1).to_string())
            .replace("PENULT", &(files - 2).to_string());
        build_aborted(&root, &fault);
        let public = root.join("public");
        match after_fault(&fault) {
            After::Old => assert_same_tree(&tree(&public), &previous, &format!("{what}: public/ after {fault}")),
            After::New => {
                assert_same_tree(&tree(&public), &expected, &format!("{what}: public/ after {fault}"));
                previous = expected.clone();
            }
            After::Parked => {
                assert!(!public.exists(), "{what}: public/ after {fault}");
                let parked = tree(&root.join(".public.swap"));
                assert_same_tree(&parked, &previous, &format!("{what}: the parked output after {fault}"));
            }
        }
    }
    let summary = build_ok(&root, &[]);
    assert!(summary.starts_with(&format!("built {n} briefings")), "{what}: {summary}");
    assert_same_tree(&tree(&root.join("public")), &expected, &format!("{what}: public/ after the next build"));
    assert_eq!(leftovers(&root), Vec::<String>::new(), "{what}: leftovers after the next build");
    if previous != expected {
        assert_same_tree(&spare_tree(&root), &previous, &format!("{what}: the spare after the next build"));
    }
}

/// The inode of every file under `dir` (from the folder entries, without a stat).
fn inodes(dir: &Path) -> BTreeMap<PathBuf, u64> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, u64>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => walk(&e.path(), out),
                Ok(t) if t.is_file() => {
                    out.insert(e.path(), std::os::unix::fs::DirEntryExt::ino(&e));
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

/// Spawn a build and `kill -9` it once it has put at least `min_files` files into the
/// spare (files the spare did not hold, or held as another file, when it started; with
/// 0, as soon as it runs). Returns how many it had put, or None when the build ended
/// before it could be killed.
fn kill_during_write(root: &Path, min_files: usize) -> Option<usize> {
    let held = inodes(&spare(root));
    let mut child =
        brief_std().arg("--root").arg(root).arg("build").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    let put = loop {
        if let Some(status) = child.try_wait().unwrap() {
            eprintln!("build ended ({status}) before it could be killed with {min_files} files put");
            return None;
        }
        let n = if min_files == 0 {
            0
        } else {
            inodes(&spare(root)).iter().filter(|(p, ino)| held.get(*p) != Some(ino)).count()
        };
        if n >= min_files {
            break n;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "fewer than {min_files} files put after 300 s");
        std::thread::sleep(Duration::from_millis(5));
    };
    let pid = child.id().to_string();
    let kill = Command::new("kill").args(["-9", &pid]).status().expect("run kill");
    let status = child.wait().unwrap();
    if !kill.success() || status.signal() != Some(9) {
        eprintln!("build ended ({status}) before kill -9 reached it");
        return None;
    }
    Some(put)
}

#[test]
fn kill_9_during_the_write_stage_leaves_public_unchanged() {
    const N: usize = 3000;
    let (tmp, root) = site(N, "first");
    build_ok(&root, &[]);
    let before = tree(&root.join("public"));
    write_briefings(&root, N, "second");
    let expected = reference(&root, tmp.path(), "reference");

    // The first kill finds no spare (the build makes it); the others find the spare the
    // killed builds left. Killed as soon as the build runs, then after 1, 50 and half
    // of the ~4300 files.
    let files = before.keys().filter(|k| !k.ends_with('/')).count();
    let mut killed = 0;
    let mut last = before.clone();
    for min_files in [50, 0, 1, 50, files / 2] {
        let Some(put) = kill_during_write(&root, min_files) else { continue };
        killed += 1;
        eprintln!("killed with {put} of {files} files put");
        let now = tree(&root.join("public"));
        if now != before {
            // Only a kill after the swap may change public/, and then it holds the whole new site.
            assert_same_tree(&now, &expected, "public/ after kill -9 is neither the old site nor the new one");
        }
        assert!(min_files > 0 || now == before, "killed before any write, yet public/ changed");
        last = now;
    }
    assert!(killed > 0, "no build could be killed during its write stage");

    let summary = build_ok(&root, &[]);
    assert!(summary.starts_with(&format!("built {N} briefings")), "{summary}");
    assert_eq!(leftovers(&root), Vec::<String>::new(), "leftovers after the next build");
    assert_same_tree(&tree(&root.join("public")), &expected, "public/ after the next build");
    if last != expected {
        assert_same_tree(&spare_tree(&root), &last, "the spare after the next build");
    }
}

/// A small tmpfs, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).ok()?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!("SKIP: mount -t tmpfs failed: {}", String::from_utf8_lossy(&out.stderr).trim());
            return None;
        }
        Some(Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let ok = Command::new("umount").arg(&self.0).status().is_ok_and(|s| s.success());
        if !ok {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

#[test]
fn full_disk_during_the_write_stage_leaves_public_unchanged() {
    if !is_root() {
        eprintln!("SKIP: the full-disk test needs root to mount a small tmpfs");
        return;
    }
    // With no spare yet, and with one (whose files the failed build wrote must not keep
    // the disk full for the next build).
    for builds in [1, 2] {
        full_disk(builds);
    }
}

fn full_disk(builds: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&tmp.path().join("disk"), "2m") else { return };
    let root = disk.0.join("site");
    fs::create_dir_all(root.join("content/2024/07")).unwrap();
    fs::write(root.join("site.yaml"), "title: Small disk\n").unwrap();
    for i in 0..5 {
        fs::write(
            root.join(format!("content/2024/07/b{i}.md")),
            format!("---\ntitle: \"Small {i}\"\ndate: 2024-07-1{i}\n---\nBody {i}.\n"),
        )
        .unwrap();
    }
    for _ in 0..builds {
        build_ok(&root, &[]);
    }
    let before = tree(&root.join("public"));

    // A 600 kB asset is copied beside each of the 5 briefings of its folder: 3 MB.
    let noise: Vec<u8> = (0..600_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    fs::write(root.join("content/2024/07/map.bin"), &noise).unwrap();
    fs::write(root.join("content/2024/07/b0.md"), "---\ntitle: \"Small 0 changed\"\ndate: 2024-07-10\n---\nBody 0.\n")
        .unwrap();
    let out = build(&root, &[], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the build should fail on a full disk:\n{stderr}");
    assert!(stderr.contains("No space left on device") || stderr.contains("os error 28"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert_same_tree(&tree(&root.join("public")), &before, &format!("public/ after a full disk ({builds} builds)"));
    assert_eq!(leftovers(&root), Vec::<String>::new(), "the failed build left a folder");
    assert_eq!(spare(&root).exists(), builds > 1, "the spare after the failed build");

    fs::remove_file(root.join("content/2024/07/map.bin")).unwrap();
    build_ok(&root, &[]);
    assert_eq!(leftovers(&root), Vec::<String>::new());
    let page = fs::read_to_string(root.join("public/2024/07/10/small-0-changed/index.html")).unwrap();
    assert!(page.contains("<h1>Small 0 changed</h1>"));
    // The old URL is remembered in urls.lock and now leads to the new one.
    let old = fs::read_to_string(root.join("public/2024/07/10/small-0/index.html")).unwrap();
    assert!(old.contains(r#"<meta http-equiv="refresh" content="0; url=/2024/07/10/small-0-changed/">"#), "{old}");
}
