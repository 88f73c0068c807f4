//! Serve edit timings for `bench/serve.sh` (issue 15): an ignored test that loads a
//! site into the engine and times each kind of edit. It asserts no time.
//!
//! ```sh
//! BRIEF_SERVE_SITE=/dev/shm/site cargo test --release --lib serve_edit_timings -- --ignored --nocapture
//! ```
//!
//! The time of an edit is until its pages are served; "then" is the time the files it
//! left for after take (the sitemaps: see `Engine::catch_up`), which the server makes
//! once it has told the browsers.
//!
//! `BRIEF_SERVE_SITE` is a site folder the test edits (and puts back after each edit);
//! `BRIEF_SERVE_RUNS` (default 5) edits of each kind; `BRIEF_SERVE_BEFORE=1` also times
//! structural edits the way they went before issue 15 (a full render);
//! `BRIEF_SERVE_IDLE_MS` sleeps before each timed edit, as a server sits between edits.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::engine::Engine;
use crate::site::Options;

/// A briefing's front-matter line `key: …` replaced by `line`.
fn with_line(text: &str, key: &str, line: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(&format!("{key}:")) {
                done = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn briefings(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() && !p.ends_with("pages") {
            briefings(&p, out);
        } else if crate::source::is_markdown(&p) {
            out.push(p);
        }
    }
}

/// `BRIEF_SERVE_IDLE_MS`: how long the engine sits idle before each timed edit, as it
/// does in a server between a user's edits (caches and threads go cold meanwhile).
fn idle() -> Option<std::time::Duration> {
    let ms: u64 = std::env::var("BRIEF_SERVE_IDLE_MS").ok()?.parse().ok()?;
    Some(std::time::Duration::from_millis(ms))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// One kind of edit: make it, time the engine's update (the edit's pages served) and
/// then the files it left for after (as the server makes them once it has told the
/// browsers), put the file back (untimed).
fn time_edit(
    engine: &mut Engine,
    path: &Path,
    edited: Option<&str>,
    original: Option<&str>,
) -> (f64, f64, usize, bool) {
    if let Some(idle) = idle() {
        std::thread::sleep(idle);
    }
    match edited {
        Some(t) => std::fs::write(path, t).expect("the bench site is writable"),
        None => std::fs::remove_file(path).expect("the bench site is writable"),
    }
    let start = Instant::now();
    let r = engine.update(&[path.to_path_buf()]).expect("the edit builds");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let after = engine.catch_up().expect("the files left build");
    let then_ms = start.elapsed().as_secs_f64() * 1000.0;
    match original {
        Some(t) => std::fs::write(path, t).expect("the bench site is writable"),
        None => std::fs::remove_file(path).expect("the bench site is writable"),
    }
    engine.update(&[path.to_path_buf()]).expect("the site builds again");
    engine.catch_up().expect("the site builds again");
    (ms, then_ms, r.pages + after.pages, r.full)
}

#[test]
#[ignore = "a benchmark: run by bench/serve.sh"]
fn serve_edit_timings() {
    let Some(site) = std::env::var_os("BRIEF_SERVE_SITE").map(PathBuf::from) else {
        eprintln!("set BRIEF_SERVE_SITE to a site folder to time serve edits");
        return;
    };
    let runs: usize = std::env::var("BRIEF_SERVE_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    // BRIEF_SERVE_ONLY=delete,add: only the kinds of edit whose names start so.
    let only: Vec<String> = std::env::var("BRIEF_SERVE_ONLY")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let before = std::env::var("BRIEF_SERVE_BEFORE").is_ok_and(|v| !v.is_empty() && v != "0");
    // As `brief serve` holds memory (`main` does this first): without it the kernel
    // hands mimalloc 2 MiB pages, and zeroing them was most of the first edits' time.
    crate::memory::init();
    crate::memory::hold_freed();
    let opts = Options { root: site.clone(), base_url: Some("http://127.0.0.1:1111/".into()), ..Options::default() };
    let start = Instant::now();
    let mut engine = Engine::new(opts, "<script></script>".into()).expect("the bench site builds");
    println!("loaded {} briefings in {:.0} ms", engine.briefing_count(), start.elapsed().as_secs_f64() * 1000.0);
    let mut all = Vec::new();
    briefings(&site.join("content"), &mut all);
    all.sort();
    // A briefing from the middle of the sorted list, as it is on disk.
    let victim = all[all.len() / 2].clone();
    let text = std::fs::read_to_string(&victim).expect("readable");
    let fresh = site.join("content/bench-new.md");
    let added = format!(
        "---\ntitle: \"Bench added briefing\"\ndate: 2025-12-30\ntags: [bench-tag, {}]\n---\nA new briefing.\n",
        "security"
    );
    let modes: &[bool] = if before { &[true, false] } else { &[false] };
    println!("| edit | way | median ms | min ms | max ms | files made | then, ms |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for &old_way in modes {
        let way = if old_way { "before (full render)" } else { "now" };
        type Kind<'a> = (&'a str, Box<dyn Fn(usize) -> (PathBuf, Option<String>, Option<String>) + 'a>);
        let kinds: Vec<Kind> = vec![
            ("content (a body line)", {
                let (v, t) = (victim.clone(), text.clone());
                Box::new(move |n| (v.clone(), Some(format!("{t}\nEdited {n}.\n")), Some(t.clone())))
            }),
            ("add", {
                let (f, a) = (fresh.clone(), added.clone());
                Box::new(move |_| (f.clone(), Some(a.clone()), None))
            }),
            ("delete", {
                let (v, t) = (victim.clone(), text.clone());
                Box::new(move |_| (v.clone(), None, Some(t.clone())))
            }),
            ("retag (a new tag)", {
                let (v, t) = (victim.clone(), text.clone());
                Box::new(move |_| {
                    (v.clone(), Some(with_line(&t, "tags", "tags: [bench-tag, security]")), Some(t.clone()))
                })
            }),
            ("redate (another year)", {
                let (v, t) = (victim.clone(), text.clone());
                Box::new(move |_| (v.clone(), Some(with_line(&t, "date", "date: 2017-03-04")), Some(t.clone())))
            }),
            ("retitle (new URL)", {
                let (v, t) = (victim.clone(), text.clone());
                Box::new(move |n| {
                    let title = format!("title: \"Bench retitled {n}\"");
                    let edited = with_line(&with_line(&t, "title", &title), "slug", &format!("slug: bench-{n}"));
                    (v.clone(), Some(edited), Some(t.clone()))
                })
            }),
        ];
        for (name, make) in &kinds {
            if !only.is_empty() && !only.iter().any(|o| name.starts_with(o.as_str())) {
                continue;
            }
            let (mut times, mut thens, mut pages, mut full) = (Vec::new(), Vec::new(), Vec::new(), false);
            for n in 0..runs {
                // A full render makes a new engine: say the way again each time.
                engine.default_theme = !old_way;
                let (path, edited, original) = make(n);
                let (ms, then_ms, p, f) = time_edit(&mut engine, &path, edited.as_deref(), original.as_deref());
                times.push(ms);
                thens.push(then_ms);
                pages.push(p as f64);
                full |= f;
            }
            let (lo, hi) = (times.iter().copied().fold(f64::MAX, f64::min), times.iter().copied().fold(0.0, f64::max));
            println!(
                "| {name} | {way}{} | {:.1} | {lo:.1} | {hi:.1} | {:.0} | {:.1} |",
                if full { ", full" } else { "" },
                median(&mut times),
                median(&mut pages),
                median(&mut thens)
            );
        }
    }
}
