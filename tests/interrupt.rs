//! Issue 6: a build interrupted at any point of the write stage (an injected write
//! error, `kill -9`, a full disk) leaves the previous `public/` complete and unchanged,
//! and the next build succeeds and cleans up what the interrupted one left.
//!
//! - `injected_write_failure_…` uses `BRIEF_FAIL_WRITE_AFTER=N` (see src/write.rs): the
//!   N+1-th file write fails.
//! - `kill_9_during_the_write_stage_…` builds ~3000 briefings, waits for the
//!   `.public.staging-*` folder to appear, and kills the build with `kill -9`.
//! - `full_disk_…` needs root and `mount -t tmpfs`; elsewhere it prints SKIP and passes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Entry, brief, brief_std, is_root, tree, walk_tree};

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

#[track_caller]
fn assert_same_tree(actual: &BTreeMap<String, (u64, u64)>, expected: &BTreeMap<String, (u64, u64)>, what: &str) {
    if actual == expected {
        return;
    }
    let missing: Vec<_> = expected.keys().filter(|k| !actual.contains_key(*k)).take(10).collect();
    let extra: Vec<_> = actual.keys().filter(|k| !expected.contains_key(*k)).take(10).collect();
    let changed: Vec<_> =
        actual.iter().filter(|(k, v)| expected.get(*k).is_some_and(|e| e != *v)).map(|(k, _)| k).take(10).collect();
    panic!(
        "{what}: {} files vs {} expected; missing {missing:?}, extra {extra:?}, changed {changed:?}",
        actual.len(),
        expected.len()
    );
}

/// Staging or old folders beside `public/`.
fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

/// Write `n` briefings whose text carries `variant`, so a new variant changes every page.
fn write_briefings(root: &Path, n: usize, variant: &str) {
    for i in 0..n {
        let (y, m, d) = (2000 + i % 20, 1 + i % 12, 1 + i % 28);
        let dir = root.join(format!("content/{y}/{m:02}"));
        fs::create_dir_all(&dir).unwrap();
        let text = format!(
            "---\ntitle: \"Briefing {i} {variant}\"\ndate: {y}-{m:02}-{d:02}\ntags: [t{}, all]\n---\nBody of briefing {i}, {variant}.\n\n## Details\n\nMore text about {variant}.\n",
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

/// A clean build of the site at `root` into a folder beside it, to compare against.
fn reference(root: &Path, tmp: &Path, name: &str) -> BTreeMap<String, (u64, u64)> {
    let out = tmp.join(name);
    build_ok(root, &["-o", out.to_str().unwrap()]);
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
    // The marker file is not counted by the fault injection; the rest are.
    for after in [0, 1, 3, files / 2, files - 2] {
        let n = after.to_string();
        let out = build(&root, &[], &[("BRIEF_FAIL_WRITE_AFTER", &n)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "BRIEF_FAIL_WRITE_AFTER={n} did not fail:\n{stderr}");
        assert!(stderr.contains("injected write failure"), "{stderr}");
        assert!(stderr.contains("help:"), "{stderr}");
        assert_same_tree(&tree(&root.join("public")), &before, &format!("public/ after a failure at write {n}"));
        assert_eq!(leftovers(&root), Vec::<String>::new(), "the failed build left its staging folder");
    }
    let summary = build_ok(&root, &[]);
    assert!(summary.starts_with("built 12 briefings"), "{summary}");
    assert_eq!(leftovers(&root), Vec::<String>::new());
    assert_same_tree(&tree(&root.join("public")), &expected, "public/ after the next build");
}

/// Spawn a build and `kill -9` it once its staging folder exists and holds at least
/// `min_files` files. Returns how many it held at the kill, or None when the build
/// ended before it could be killed.
fn kill_during_write(root: &Path, min_files: usize) -> Option<usize> {
    // A folder left by an earlier killed build is not this build's staging folder.
    let old = leftovers(root);
    let mut child =
        brief_std().arg("--root").arg(root).arg("build").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    let mut staging: Option<PathBuf> = None;
    let written = loop {
        if let Some(status) = child.try_wait().unwrap() {
            eprintln!("build ended ({status}) before it could be killed with {min_files} files staged");
            return None;
        }
        if staging.is_none() {
            staging =
                leftovers(root).into_iter().find(|n| n.contains(".staging-") && !old.contains(n)).map(|n| root.join(n));
        }
        if let Some(dir) = &staging {
            let n = if min_files == 0 { 0 } else { count_files(dir) };
            if n >= min_files {
                break n;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(300), "no staging folder with {min_files} files after 300 s");
        std::thread::sleep(Duration::from_millis(if staging.is_some() { 5 } else { 1 }));
    };
    let pid = child.id().to_string();
    let kill = Command::new("kill").args(["-9", &pid]).status().expect("run kill");
    let status = child.wait().unwrap();
    if !kill.success() || status.signal() != Some(9) {
        eprintln!("build ended ({status}) before kill -9 reached it");
        return None;
    }
    Some(written)
}

fn count_files(dir: &Path) -> usize {
    walk_tree(dir, None, false).values().filter(|e| matches!(e, Entry::File { .. })).count()
}

#[test]
fn kill_9_during_the_write_stage_leaves_public_unchanged() {
    const N: usize = 3000;
    let (tmp, root) = site(N, "first");
    build_ok(&root, &[]);
    let before = tree(&root.join("public"));
    write_briefings(&root, N, "second");
    let expected = reference(&root, tmp.path(), "reference");

    // Killed as soon as the staging folder appears, then early and half-way through
    // writing the ~4300 files.
    let files = before.keys().filter(|k| !k.ends_with('/')).count();
    let mut killed = 0;
    for min_files in [0, 50, files / 2] {
        let Some(written) = kill_during_write(&root, min_files) else { continue };
        killed += 1;
        eprintln!("killed with {written} of {files} files staged");
        let now = tree(&root.join("public"));
        if now != before {
            // Only a kill after the swap may change public/, and then it holds the whole new site.
            assert_same_tree(&now, &expected, "public/ after kill -9 is neither the old site nor the new one");
        }
        assert!(min_files > 0 || now == before, "killed before any write, yet public/ changed");
    }
    assert!(killed > 0, "no build could be killed during its write stage");

    let summary = build_ok(&root, &[]);
    assert!(summary.starts_with(&format!("built {N} briefings")), "{summary}");
    assert_eq!(leftovers(&root), Vec::<String>::new(), "leftovers after the next build");
    assert_same_tree(&tree(&root.join("public")), &expected, "public/ after the next build");
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
    build_ok(&root, &[]);
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
    assert_same_tree(&tree(&root.join("public")), &before, "public/ after a full disk");
    assert_eq!(leftovers(&root), Vec::<String>::new(), "the failed build left its staging folder");

    fs::remove_file(root.join("content/2024/07/map.bin")).unwrap();
    build_ok(&root, &[]);
    assert_eq!(leftovers(&root), Vec::<String>::new());
    let page = fs::read_to_string(root.join("public/2024/07/10/small-0-changed/index.html")).unwrap();
    assert!(page.contains("<h1>Small 0 changed</h1>"));
    // The old URL is remembered in urls.lock and now leads to the new one.
    let old = fs::read_to_string(root.join("public/2024/07/10/small-0/index.html")).unwrap();
    assert!(old.contains(r#"<meta http-equiv="refresh" content="0; url=/2024/07/10/small-0-changed/">"#), "{old}");
}
