//! Issue 13 (in part): a site in any language reads in it. Dates and month names come
//! from CLDR; interface strings from the theme's `i18n/<lang>.yaml` (24 languages),
//! overridden by the site's own `i18n/`; a missing string falls back and `check` says so.

mod common;

use common::TestSite;

fn site(language: &str) -> TestSite {
    let s = TestSite::with_config(&format!("title: Desk\nlanguage: {language}\nbase_url: https://d.example/\n"));
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.briefing("2024/06/b.md", "Bravo", "2024-06-19", "tags: [nato]\n", "Bravo body.");
    s
}

#[test]
fn a_korean_site_reads_in_korean() {
    let s = site("ko");
    s.build_ok(&[]);
    let home = s.page("index.html");
    assert!(home.contains(r#"<html lang="ko" dir="ltr">"#), "{home}");
    assert!(home.contains(r#"aria-current="page">최신</a>"#), "{home}");
    assert!(home.contains(">2024년 7월 12일</time>"), "CLDR long date: {home}");
    assert!(s.page("2024/07/index.html").contains("<title>2024년 7월 · Desk</title>"));
    let archive = s.page("archive/index.html");
    assert!(archive.contains(r#"<a href="/2024/06/">6월</a>"#), "{archive}");
    assert!(archive.contains(r#"<li class="none">8월 "#), "every month of the year, localized: {archive}");
}

#[test]
fn right_to_left_languages_get_dir_rtl() {
    for lang in ["ar", "he", "fa"] {
        let s = site(lang);
        s.build_ok(&[]);
        assert!(s.page("index.html").contains(&format!(r#"<html lang="{lang}" dir="rtl">"#)), "{lang}");
    }
}

#[test]
fn plural_forms_follow_cldr() {
    let s = site("ru");
    s.build_ok(&[]);
    // One briefing on the day: the `one` form; two in the tag: the `few` form.
    assert!(s.page("2024/07/12/index.html").contains("1 сводка"), "{}", s.page("2024/07/12/index.html"));
    assert!(s.page("tags/nato/index.html").contains("2 сводки"));
}

#[test]
fn the_site_overrides_one_string_and_keeps_the_rest() {
    let s = site("de");
    s.write("i18n/de.yaml", "nav:\n  latest: Aktuell\n");
    s.build_ok(&[]);
    let home = s.page("index.html");
    assert!(home.contains(r#"aria-current="page">Aktuell</a>"#), "{home}");
    assert!(home.contains(r#">Archiv</a>"#), "the theme's German for the rest: {home}");
}

#[test]
fn a_missing_string_falls_back_and_check_reports_it() {
    // Esperanto: no theme file; the site gives one string.
    let s = site("eo");
    s.write("i18n/eo.yaml", "nav:\n  latest: Plej novaj\n");
    s.build_ok(&[]);
    let home = s.page("index.html");
    assert!(home.contains(r#"aria-current="page">Plej novaj</a>"#), "{home}");
    assert!(home.contains(r#">Archive</a>"#), "falls back to English: {home}");
    let out = s.run(&["check"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("interface strings missing in `eo`, shown in the fallback language: "), "{err}");
    assert!(err.contains("--> i18n/eo.yaml"), "{err}");
    assert!(s.fails(&["check", "--strict"]).contains("missing in `eo`"));
}

#[test]
fn a_broken_strings_file_points_at_its_line() {
    let s = site("de");
    s.write("i18n/de.yaml", "nav:\n  latest: [oops\n");
    let err = s.build_err(&[]);
    assert!(err.contains("invalid interface strings") && err.contains("--> i18n/de.yaml:2:"), "{err}");
}

/// serve picks up an edit of the site's strings.
#[test]
fn serve_reloads_the_sites_strings() {
    use std::io::{BufRead, BufReader, Read, Write};
    let s = site("de");
    s.write("i18n/de.yaml", "nav:\n  latest: Aktuell\n");
    let mut child = common::brief_std()
        .arg("--root")
        .arg(s.root())
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || BufReader::new(out).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    let addr = loop {
        let l = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("serve prints its address");
        if let Some(u) = l.strip_prefix("serving http://") {
            break u.split('/').next().unwrap().to_string();
        }
    };
    let get = |path: &str| {
        let mut c = std::net::TcpStream::connect(&addr).unwrap();
        write!(c, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut buf = String::new();
        c.read_to_string(&mut buf).unwrap();
        buf
    };
    assert!(get("/").contains(">Aktuell</a>"));
    s.write("i18n/de.yaml", "nav:\n  latest: Neu hier\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !get("/").contains(">Neu hier</a>") {
        assert!(std::time::Instant::now() < deadline, "the new string never showed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
