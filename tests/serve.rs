//! `brief serve` through the CLI: pages served from memory, edits reflected, errors
//! shown while the last good site stays up, traversal refused, many clients answered.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::TestSite;

struct Server {
    child: Child,
    addr: String,
    lines: Receiver<String>,
    /// What it printed before it was listening.
    before: Vec<String>,
}

impl Server {
    fn start(site: &TestSite, extra: &[&str]) -> Server {
        Server::start_at(site.root(), None, extra)
    }

    /// `--root ROOT` from `cwd` (the test's own folder when `None`).
    fn start_at(root: &std::path::Path, cwd: Option<&std::path::Path>, extra: &[&str]) -> Server {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("brief"));
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        let mut child = cmd
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || BufReader::new(out).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
        std::thread::spawn(move || BufReader::new(err).lines().map_while(Result::ok).for_each(|l| drop(tx2.send(l))));
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut before = Vec::new();
        loop {
            let Ok(l) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server never printed its address; it printed {before:?}");
            };
            if let Some(url) = l.strip_prefix("serving http://") {
                let addr = url.split('/').next().unwrap().to_string();
                return Server { child, addr, lines: rx, before };
            }
            before.push(l);
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.addr, path)
    }

    /// Wait until `path` satisfies `ok`, or fail after 10 s.
    fn wait_for(&self, path: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (code, body) = self.get(path);
            if ok(code, &body) {
                return body;
            }
            assert!(Instant::now() < deadline, "timed out waiting on {path}: last {code}\n{body}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn output_until(&self, needle: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(l) = self.lines.recv_timeout(Duration::from_millis(100)) {
                let hit = l.contains(needle);
                seen.push(l);
                if hit {
                    return seen;
                }
            }
        }
        panic!("never printed {needle:?}; printed {seen:#?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let code = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (code, body)
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\n", "Bravo body.");
    s
}

#[test]
fn serve_reflects_edits_shows_errors_and_recovers() {
    let s = site();
    let srv = Server::start(&s, &[]);
    let (code, home) = srv.get("/");
    assert_eq!(code, 200);
    assert!(home.contains(">First title</a>"), "{home}");
    assert!(home.contains("/__brief/events"), "reload script injected");
    let (code, page) = srv.get("/2024/07/12/first-title/");
    assert_eq!(code, 200);
    assert!(page.contains("<h1>First title</h1>"));

    // Edit: new title shows on its page, the home page, the tag page and its neighbour.
    s.briefing(
        "2024/07/a.md",
        "First title",
        "2024-07-12",
        "tags: [nato]\nsummary: \"Edited summary\"\n",
        "Alpha body, edited.",
    );
    srv.wait_for("/2024/07/12/first-title/", |c, b| c == 200 && b.contains("Alpha body, edited."));
    let lines = srv.output_until("rebuilt ");
    assert!(lines.iter().any(|l| l.contains("after a change to content/2024/07/a.md")), "{lines:?}");
    srv.wait_for("/tags/nato/", |_, b| b.contains("Edited summary"));
    srv.wait_for("/", |_, b| b.contains("Edited summary"));

    // Break the front matter: the error is shown, the last good pages still served.
    s.write("content/2024/07/a.md", "---\ntitle: First title\ndate: 2024-02-30\n---\nbroken\n");
    let page = srv.wait_for("/2024/07/12/first-title/", |_, b| b.contains("brief-error"));
    assert!(page.contains("Alpha body, edited."), "old page kept");
    assert!(page.contains("content/2024/07/a.md:3:7"), "{page}");
    let (code, _) = srv.get("/2024/07/11/other-briefing/");
    assert_eq!(code, 200);

    // Fix it: the error goes away and the new content is served.
    s.briefing("2024/07/a.md", "Renamed title", "2024-07-12", "tags: [nato]\nslug: first-title\n", "Recovered.");
    let page = srv.wait_for("/2024/07/12/first-title/", |_, b| b.contains("Recovered.") && !b.contains("brief-error"));
    assert!(page.contains("<h1>Renamed title</h1>"));
    srv.wait_for("/2024/07/11/other-briefing/", |_, b| b.contains("Renamed title") && !b.contains("First title"));

    // A byline makes an author page; `authors.yaml`, at the site root, is watched too.
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\nauthors: [Kim]\n", "Bravo body.");
    srv.wait_for("/authors/kim/", |c, b| c == 200 && b.contains("Other briefing"));
    s.write("authors.yaml", "Kim:\n  bio: \"Writes *briefs*.\"\n");
    srv.wait_for("/authors/kim/", |_, b| b.contains("Writes <em>briefs</em>."));
}

/// Issue 15: adding and deleting a briefing renders only what it changes, and the server
/// prints the time of that rebuild as of any other.
#[test]
fn issue_15_serve_adds_and_deletes_a_briefing_without_a_full_render() {
    let s = site();
    let srv = Server::start(&s, &[]);
    s.briefing("2024/07/c.md", "Third one", "2024-07-13", "tags: [sanctions]\n", "Charlie body.");
    srv.wait_for("/tags/sanctions/", |c, b| c == 200 && b.contains("Third one"));
    srv.wait_for("/", |_, b| b.contains("Third one"));
    let lines = srv.output_until("after a change to content/2024/07/c.md");
    let line = lines.last().unwrap();
    assert!(line.starts_with("rebuilt ") && line.contains(" ms ") && !line.contains("(full)"), "{lines:?}");
    std::fs::remove_file(s.root().join("content/2024/07/c.md")).unwrap();
    srv.wait_for("/tags/sanctions/", |c, _| c == 404);
    srv.wait_for("/", |_, b| !b.contains("Third one"));
    let lines = srv.output_until("after a change to removed files");
    let line = lines.last().unwrap();
    assert!(line.starts_with("rebuilt ") && !line.contains("(full)"), "{lines:?}");
}

/// A briefing written as `.mkd` (or any Markdown extension) while serve runs is a
/// briefing, added without a full render, and its source is not served.
#[test]
fn serve_adds_a_briefing_of_any_markdown_extension() {
    let s = site();
    let srv = Server::start(&s, &[]);
    s.briefing("2024/07/c.mkd", "Third one", "2024-07-13", "tags: [sanctions]\n", "Charlie body.");
    srv.wait_for("/2024/07/13/third-one/", |c, b| c == 200 && b.contains("Charlie body."));
    let lines = srv.output_until("after a change to content/2024/07/c.mkd");
    let line = lines.last().unwrap();
    assert!(line.starts_with("rebuilt ") && !line.contains("(full)"), "{lines:?}");
    for path in ["/2024/07/12/first-title/c.mkd", "/2024/07/13/third-one/c.mkd", "/2024/07/c.mkd"] {
        assert_eq!(srv.get(path).0, 404, "{path}");
    }
}

/// With a relative `--root`, an edit of a body renders its few pages, as with an
/// absolute one (every edit was a full render: the watcher's absolute paths were never
/// found under the relative `content/`).
#[test]
fn issue_15_serve_with_a_relative_root_updates_only_what_changed() {
    let s = site();
    let name = s.root().file_name().unwrap().to_owned();
    let srv = Server::start_at(std::path::Path::new(&name), s.root().parent(), &[]);
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\n", "Alpha body, edited.");
    srv.wait_for("/2024/07/12/first-title/", |c, b| c == 200 && b.contains("edited"));
    let lines = srv.output_until("after a change to content/2024/07/a.md");
    let line = lines.last().unwrap();
    assert!(line.starts_with("rebuilt ") && !line.contains("(full)"), "{lines:?}");
}

#[test]
fn serve_refuses_traversal_and_answers_many_clients() {
    let s = site();
    std::fs::write(s.root().join("secret.txt"), "do not serve").unwrap();
    let srv = Server::start(&s, &[]);
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/a/../../secret.txt",
        "/..\\secret.txt",
    ] {
        let (code, body) = srv.get(bad);
        assert!(code == 400 || code == 404, "{bad}: {code}");
        assert!(!body.contains("do not serve"), "{bad}");
    }
    for path in ["/secret.txt", "/site.yaml", "/content/2024/07/a.md", "//etc/passwd"] {
        let (code, body) = srv.get(path);
        assert!(code == 404 || code == 400, "{path}: {code}");
        assert!(!body.contains("do not serve") && !body.contains("title:"), "{path}");
    }
    let (code, _) = srv.get(&format!("/{}", "a".repeat(10_000)));
    assert_eq!(code, 414);
    let (code, body) = srv.get("/no/such/page/");
    assert_eq!(code, 404);
    assert!(body.contains("Page not found"));
    let (code, _) = srv.get("/2024/07/12/first-title");
    assert_eq!(code, 301);

    // 1,000 requests over 50 connections at once, all answered.
    let addr = srv.addr.clone();
    let threads: Vec<_> = (0..50)
        .map(|t| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                (0..20).filter(|i| http_get(&addr, if (t + i) % 2 == 0 { "/" } else { "/tags/nato/" }).0 == 200).count()
            })
        })
        .collect();
    let ok: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ok, 1000);
    assert_eq!(srv.get("/").0, 200);
}

#[test]
fn non_loopback_bind_warns_and_ctrl_c_stops() {
    let s = site();
    let mut srv = Server::start(&s, &["--bind", "0.0.0.0"]);
    let port = srv.addr.rsplit(':').next().unwrap().to_string();
    let (code, _) = http_get(&format!("127.0.0.1:{port}"), "/");
    assert_eq!(code, 200);
    let status = Command::new("kill").args(["-INT", &srv.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let lines = srv.output_until("stopped");
    let _ = lines;
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(st) = srv.child.try_wait().unwrap() {
            break st;
        }
        assert!(Instant::now() < deadline, "server did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success());
}

#[test]
fn non_loopback_bind_prints_a_warning() {
    let s = site();
    let srv = Server::start(&s, &["--bind", "0.0.0.0"]);
    assert!(
        srv.before
            .iter()
            .any(|l| l.contains("warning: serving on 0.0.0.0 makes the site reachable from other machines")),
        "{:?}",
        srv.before
    );
    let quiet = Server::start(&s, &[]);
    assert!(!quiet.before.iter().any(|l| l.contains("warning")), "{:?}", quiet.before);
}

/// Issue 14: serve records new URLs in urls.lock and says so, and an old URL answers
/// with a real 301 to the current one, also right after a retitle in the session.
#[test]
fn serve_answers_old_urls_with_a_301_and_records_new_ones() {
    let s = site();
    let srv = Server::start(&s, &[]);
    assert!(srv.before.iter().any(|l| l == "urls.lock: recorded 2 new URLs"), "{:?}", srv.before);
    let lock = std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
    assert!(lock.contains("/2024/07/12/first-title/ 2024/07/a\n"), "{lock}");
    // A retitle moves the briefing; its old URL now redirects.
    s.briefing("2024/07/a.md", "Second title", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    srv.wait_for("/2024/07/12/second-title/", |c, b| c == 200 && b.contains("<h1>Second title</h1>"));
    let lines = srv.output_until("urls.lock: recorded 1 new URL");
    assert!(!lines.is_empty());
    let (code, _) = srv.get("/2024/07/12/first-title/");
    assert_eq!(code, 301);
    let raw = raw_get(&srv.addr, "/2024/07/12/first-title/");
    assert!(raw.contains("\r\nlocation: /2024/07/12/second-title/\r\n"), "{raw}");
    let lock = std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
    assert!(lock.contains("/2024/07/12/second-title/ 2024/07/a\n"), "{lock}");
}

/// The whole response, headers included (lowercased names as hyper writes them).
fn raw_get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    String::from_utf8_lossy(&buf).into_owned()
}

/// Issue 12: emoji tag pages are served at their percent-encoded paths, as a browser
/// asks for them.
#[test]
fn issue_12_serve_answers_emoji_tag_paths() {
    let s = TestSite::from_fixture("emoji_tags");
    let srv = Server::start(&s, &[]);
    let (code, page) = srv.get("/tags/%F0%9F%9A%80/");
    assert_eq!(code, 200, "{page}");
    assert!(page.contains(">Launch 3</a>"), "{page}");
    let (code, _) = srv.get("/tags/%F0%9F%9A%80/page/2/");
    assert_eq!(code, 200);
    let (code, feed) = srv.get("/tags/%F0%9F%87%B0%F0%9F%87%B7/atom.xml");
    assert_eq!(code, 200);
    assert!(feed.contains("<title>Launch 1</title>"), "{feed}");
}

/// Issue 13: a site with several languages serves every edition, and an edit of a
/// translation shows on its page and on the translation it links to.
#[test]
fn serve_serves_every_edition_and_follows_edits_of_translations() {
    let s = TestSite::with_config("title: Desk\nlanguage: en\nlanguages:\n  ko: { title: 데스크 }\n");
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.briefing("ko/2024/07/a.md", "첫 제목", "2024-07-12", "tags: [나토]\n", "본문.");
    let srv = Server::start(&s, &[]);
    // It counts every edition's briefings, as `brief build` does (an ooni/ooni.org report
    // in four languages was "built 3 briefings", its English ones alone).
    assert!(srv.before.iter().any(|l| l.starts_with("built 2 briefings in memory")), "{:?}", srv.before);
    let (code, home) = srv.get("/ko/");
    assert_eq!(code, 200);
    assert!(home.contains("첫 제목") && !home.contains("First title"), "{home}");
    let (code, page) = srv.get("/2024/07/12/first-title/");
    assert_eq!(code, 200);
    assert!(page.contains(r#"hreflang="ko""#), "{page}");
    s.briefing("ko/2024/07/a.md", "새 제목", "2024-07-12", "tags: [나토]\n", "고친 본문.");
    srv.wait_for(&encoded("/ko/2024/07/12/새-제목/"), |c, b| c == 200 && b.contains("고친 본문."));
    srv.wait_for("/2024/07/12/first-title/", |_, b| b.contains("/ko/2024/07/12/새-제목/"));
    // The Korean old URL now answers with a redirect to the new one.
    let (code, _) = srv.get(&encoded("/ko/2024/07/12/첫-제목/"));
    assert_eq!(code, 301);
}

/// A path with its non-ASCII bytes percent-encoded, as a browser sends it.
fn encoded(path: &str) -> String {
    path.bytes().map(|b| if b.is_ascii() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Issue 15: a source folder made after serve started (a site's first `i18n/` or
/// `templates/`), or replaced whole (a checkout that swaps `content/`), is watched from
/// then on: edits in it keep showing. The watch had followed the folder it was given,
/// so the new folder's edits went unseen and serve kept an old site.
#[test]
fn issue_15_serve_watches_source_folders_made_or_replaced_while_it_runs() {
    let s = site();
    let srv = Server::start(&s, &[]);
    s.write("i18n/en.yaml", "nav:\n  latest: Newest\n");
    srv.wait_for("/", |_, b| b.contains("Newest"));
    srv.output_until("after a change to i18n");
    s.write("i18n/en.yaml", "nav:\n  latest: Freshest\n");
    srv.wait_for("/", |_, b| b.contains("Freshest"));

    // content/ replaced by a copy of itself, then a briefing in it edited.
    let content = s.root().join("content");
    let copy = s.root().join("content-copy");
    common::copy_tree(&content, &copy);
    std::fs::remove_dir_all(&content).unwrap();
    std::fs::rename(&copy, &content).unwrap();
    srv.output_until("after a change to content");
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\n", "Alpha body, after the checkout.");
    srv.wait_for("/2024/07/12/first-title/", |_, b| b.contains("Alpha body, after the checkout."));
}

/// The path a browser asks for to get output file `rel` (`a/index.html` is `/a/`).
fn request_path(rel: &str) -> String {
    let path = if rel == "index.html" {
        "/".to_string()
    } else if let Some(dir) = rel.strip_suffix("/index.html") {
        format!("/{dir}/")
    } else {
        format!("/{rel}")
    };
    encoded(&path)
}

/// Every file a clean build of the site makes (with the server's address as its base
/// URL) is served with the same bytes, the reload script taken out; a page at an old URL
/// is answered with a 301 instead.
#[track_caller]
fn assert_serves_a_clean_build(srv: &Server, s: &TestSite, step: &str) {
    let out = s.tmp().join(format!("clean-{}", step.replace(' ', "-")));
    s.build_ok(&["--no-cache", "--base-url", &format!("http://{}/", srv.addr), "-o", out.to_str().unwrap()]);
    let reload = "<script>(function(){var s=new EventSource(\"/__brief/events\");s.onmessage=function(){location.reload()};})();</script>";
    let mut left = common::files_under(&out);
    left.retain(|f| f != ".brief-output");
    // The files for machines (sitemaps) follow the pages a moment later.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        left.retain(|rel| {
            let want = String::from_utf8_lossy(&std::fs::read(out.join(rel)).unwrap()).into_owned();
            match srv.get(&request_path(rel)) {
                (301, _) => !want.contains("http-equiv=\"refresh\""),
                (200, got) => got.replace(reload, "") != want,
                _ => true,
            }
        });
        if left.is_empty() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(left.is_empty(), "after `{step}`, serve differs from a clean build in:\n{}", left.join("\n"));
}

/// Issue 15: an edit that keeps the index (a new title under a slug of its own, a new
/// time on the same day) re-renders the corrections page and feed when they show the
/// briefing: the page lists it as an item, the feed gives its title, and a feed without
/// corrections is as new as the newest briefing. They were left as they were.
#[test]
fn issue_15_serve_remakes_the_corrections_when_an_edit_shows_there() {
    let s = site();
    let srv = Server::start(&s, &[]);
    assert_serves_a_clean_build(&srv, &s, "start");
    // The newest briefing at another time of its day: the empty feed's `updated`.
    s.briefing(
        "2024/07/a.md",
        "First title",
        "2024-07-12T09:30:00Z",
        "tags: [nato]\nslug: first-title\n",
        "Alpha body.",
    );
    srv.wait_for("/2024/07/12/first-title/", |_, b| b.contains("09:30"));
    assert_serves_a_clean_build(&srv, &s, "a new time");
    let corrected = "tags: [nato]\nslug: other\ncorrections:\n  - { date: 2024-07-13, text: \"A name was wrong.\" }\n";
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", corrected, "Bravo body.");
    srv.wait_for("/corrections/", |_, b| b.contains("A name was wrong."));
    assert_serves_a_clean_build(&srv, &s, "a correction");
    s.briefing("2024/07/b.md", "Other briefing, retitled", "2024-07-11", corrected, "Bravo body.");
    srv.wait_for("/2024/07/11/other/", |_, b| b.contains("Other briefing, retitled"));
    assert_serves_a_clean_build(&srv, &s, "a new title");
}

/// Issue 15: a draft shown by `serve --drafts` and published by taking `draft:` away
/// keeps its page, and its URL goes into urls.lock as a build records it, so a later
/// retitle leaves a redirect from it. The edit kept the index, and the URL was not
/// recorded.
#[test]
fn issue_15_serve_records_the_url_of_a_draft_it_publishes() {
    let s = site();
    s.briefing("2024/07/c.md", "Drafted", "2024-07-10", "draft: true\n", "Charlie body.");
    let srv = Server::start(&s, &["--drafts"]);
    let lock = || std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
    assert_eq!(srv.get("/2024/07/10/drafted/").0, 200);
    assert!(!lock().contains("/2024/07/10/drafted/"), "{}", lock());
    s.briefing("2024/07/c.md", "Drafted", "2024-07-10", "", "Charlie body, published.");
    srv.wait_for("/2024/07/10/drafted/", |_, b| b.contains("published."));
    srv.output_until("urls.lock: recorded 1 new URL");
    assert!(lock().contains("/2024/07/10/drafted/ 2024/07/c\n"), "{}", lock());
    s.briefing("2024/07/c.md", "Published", "2024-07-10", "", "Charlie body, published.");
    srv.wait_for("/2024/07/10/published/", |c, _| c == 200);
    assert_eq!(srv.get("/2024/07/10/drafted/").0, 301);
}

/// Issue 15: urls.lock edited while serve runs is read again, as the next build reads
/// it: a line deleted by hand gives its URL away (the old URL stops redirecting), and
/// serve's next record does not bring the line back. Serve kept its own copy and wrote
/// the line back with its next new URL.
#[test]
fn issue_15_serve_reads_urls_lock_again_when_it_is_edited() {
    let s = site();
    let srv = Server::start(&s, &[]);
    s.briefing("2024/07/a.md", "Second title", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    srv.wait_for("/2024/07/12/second-title/", |c, _| c == 200);
    srv.output_until("urls.lock: recorded 1 new URL");
    assert_eq!(srv.get("/2024/07/12/first-title/").0, 301);
    let lock = || std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
    let old_line = "/2024/07/12/first-title/ 2024/07/a\n";
    assert!(lock().contains(old_line), "{}", lock());
    std::fs::write(s.root().join("urls.lock"), lock().replace(old_line, "")).unwrap();
    srv.wait_for("/2024/07/12/first-title/", |c, _| c == 404);
    s.briefing("2024/07/b.md", "Other, retitled", "2024-07-11", "tags: [nato]\n", "Bravo body.");
    srv.wait_for("/2024/07/11/other-retitled/", |c, _| c == 200);
    srv.output_until("urls.lock: recorded 1 new URL");
    assert!(!lock().contains(old_line), "{}", lock());
    assert_serves_a_clean_build(&srv, &s, "urls.lock edited");
}

/// Issue 15: an alias added while serve runs that is the site's feed is an error, as a
/// build says, and the feed stays served. Serve's check of an edit's new URLs knew the
/// generated pages but not the files made at fixed paths, and served the redirect page
/// in place of the feed.
#[test]
fn issue_15_serve_refuses_an_alias_that_is_a_feed() {
    let s = site();
    let srv = Server::start(&s, &[]);
    assert_serves_a_clean_build(&srv, &s, "start");
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\naliases: [/atom.xml]\n", "Bravo body.");
    let page = srv.wait_for("/", |_, b| b.contains("brief-error"));
    assert!(page.contains("alias `/atom.xml` of `content/2024/07/b.md` is the built-in page /atom.xml"), "{page}");
    let (code, feed) = srv.get("/atom.xml");
    assert_eq!(code, 200);
    assert!(feed.starts_with("<?xml"), "{feed}");
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\naliases: [/old/b/]\n", "Bravo body.");
    srv.wait_for("/", |_, b| !b.contains("brief-error"));
    assert_serves_a_clean_build(&srv, &s, "the alias fixed");
}

/// Issue 15: an alias that names a file of `static/` is refused by serve as by a build,
/// whether the edit that adds it keeps the briefing's URL (a content edit) or moves it
/// (a new title); the static file is served meanwhile, and urls.lock keeps only URLs
/// that were served.
#[test]
fn issue_15_serve_refuses_an_alias_that_is_a_static_file() {
    let s = site();
    s.write("static/legacy/index.html", "<p>legacy page</p>\n");
    let srv = Server::start(&s, &[]);
    assert_serves_a_clean_build(&srv, &s, "start");
    let want =
        "`static/legacy/index.html` would overwrite `/legacy/index.html`, the redirect to `content/2024/07/b.md`";
    for (title, why) in [("Other briefing", "same URL"), ("Other briefing renamed", "new URL")] {
        s.briefing("2024/07/b.md", title, "2024-07-11", "tags: [nato]\naliases: [/legacy/]\n", "Bravo body.");
        let page = srv.wait_for("/", |_, b| b.contains("brief-error"));
        assert!(page.contains(want), "{why}: {page}");
        // The file, not a redirect (with the error shown over it, as on every page).
        let (code, legacy) = srv.get("/legacy/");
        assert!(code == 200 && legacy.contains("<p>legacy page</p>") && !legacy.contains("refresh"), "{why}: {legacy}");
        // A URL of a site that was not served is not recorded (serve wrote the new
        // title's URL into urls.lock before it found the clash, and the next build
        // made a redirect from a URL never published).
        let lock = std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
        assert!(!lock.contains("renamed"), "{why}: {lock}");
        s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\n", "Bravo body.");
        srv.wait_for("/", |_, b| !b.contains("brief-error"));
        assert_serves_a_clean_build(&srv, &s, why);
    }
}

/// Issue 15: a new title whose page does not render (a template fails on the briefing's
/// values) is not served and its URL is not recorded in urls.lock: serve recorded it
/// before it rendered the edit, and the next build made a redirect from a URL that was
/// never published.
#[test]
fn issue_15_serve_records_no_url_of_an_edit_that_fails_to_render() {
    let s = site();
    s.write(
        "templates/briefing.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p>{{ page.extra.n * 2 }}</p>{% endblock content %}",
    );
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\nextra: {n: 1}\n", "Alpha body.");
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\nextra: {n: 2}\n", "Bravo body.");
    s.briefing("2024/05/c.md", "Third one", "2024-05-01", "tags: [other]\nextra: {n: 1}\n", "Charlie body.");
    s.briefing("2024/04/d.md", "Fourth one", "2024-04-01", "tags: [misc]\nextra: {n: 1}\n", "Delta body.");
    let srv = Server::start(&s, &[]);
    assert_serves_a_clean_build(&srv, &s, "start");
    for (title, why) in [("Other briefing", "same URL"), ("Other briefing renamed", "new URL")] {
        // A body edit and a new title, each with a value the template cannot double.
        let front = format!("title: {title}\ndate: 2024-07-11\ntags: [nato]\nextra: {{n: three}}\n");
        s.raw_briefing("2024/07/b.md", &front, "Bravo body, edited.");
        let page = srv.wait_for("/", |_, b| b.contains("brief-error"));
        assert!(page.contains("briefing.html"), "{why}: {page}");
        let lock = std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
        assert!(!lock.contains("renamed"), "{why}: {lock}");
        // An edit of another briefing (whose page does not show this one) meanwhile
        // does not build either, as a build of the site fails: the pages stay as they
        // were served and the error stays shown. Serve had rendered them from the
        // failed edit's state (the home listing the new title, its link to a page never
        // made) and cleared the error.
        s.briefing("2024/04/d.md", "Fourth one", "2024-04-01", "tags: [misc]\nextra: {n: 1}\n", "Delta, edited.");
        std::thread::sleep(Duration::from_millis(1500));
        let (_, home) = srv.get("/");
        assert!(home.contains("brief-error"), "{why}: {home}");
        for never in ["renamed", "Bravo body, edited", "Delta, edited"] {
            assert!(!home.contains(never), "{why}: {never}: {home}");
        }
        s.briefing("2024/04/d.md", "Fourth one", "2024-04-01", "tags: [misc]\nextra: {n: 1}\n", "Delta body.");
        s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\nextra: {n: 4}\n", "Bravo body.");
        srv.wait_for("/", |_, b| !b.contains("brief-error"));
        assert_serves_a_clean_build(&srv, &s, why);
    }
}

/// Issue 15: while a briefing's file fails (front matter that does not parse), an edit
/// of another briefing does not clear the error, as a build of the site would still
/// fail: the failed file is made again with each change until it is mended. Serve had
/// served the other edit on its own and cleared the error.
#[test]
fn issue_15_serve_keeps_an_error_until_the_failing_file_is_mended() {
    let s = site();
    let srv = Server::start(&s, &[]);
    assert_serves_a_clean_build(&srv, &s, "start");
    s.raw_briefing("2024/07/b.md", "title: Other briefing\ndate: 2024-07-11\ntags: [nato\n", "Bravo body.");
    srv.wait_for("/", |_, b| b.contains("brief-error"));
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\n", "Alpha body, edited.");
    std::thread::sleep(Duration::from_millis(1500));
    let (_, home) = srv.get("/");
    assert!(home.contains("brief-error") && home.contains("content/2024/07/b.md"), "{home}");
    s.briefing("2024/07/b.md", "Other briefing", "2024-07-11", "tags: [nato]\n", "Bravo body.");
    srv.wait_for("/", |_, b| !b.contains("brief-error"));
    assert!(srv.get("/2024/07/12/first-title/").1.contains("Alpha body, edited."));
    assert_serves_a_clean_build(&srv, &s, "mended");
}

/// Issue 15: a new title that gives an expired briefing (a page in no list) a new URL is
/// served as a build makes it. Serve's check that the new URL keeps the briefing's place
/// among others of its time read the place of a briefing that has none, and its watch
/// thread panicked: no edit was served after it.
#[test]
fn issue_15_serve_follows_a_new_url_of_an_expired_briefing() {
    let s = site();
    s.briefing("2024/07/c.md", "Gone soon", "2024-07-10", "expires: 2024-08-01\n", "Charlie body.");
    let srv = Server::start(&s, &[]);
    assert_serves_a_clean_build(&srv, &s, "start");
    s.briefing("2024/07/c.md", "Gone already", "2024-07-10", "expires: 2024-08-01\n", "Charlie body.");
    srv.wait_for("/2024/07/10/gone-already/", |c, _| c == 200);
    assert_serves_a_clean_build(&srv, &s, "a new title");
    s.briefing("2024/07/a.md", "First title", "2024-07-12", "tags: [nato]\n", "Alpha body, edited after.");
    srv.wait_for("/2024/07/12/first-title/", |_, b| b.contains("edited after"));
    assert_serves_a_clean_build(&srv, &s, "an edit after");
}

/// A briefing scheduled a few seconds ahead comes out while serve runs, and one set to
/// expire leaves the lists, with no file changed: serve rebuilds when the time comes, as
/// a build then would, and says so. It kept the site of the moment it started (even
/// after edits of other files) until it was restarted.
#[test]
fn serve_publishes_a_scheduled_briefing_when_its_time_comes() {
    let s = site();
    let at = |secs: i64| {
        let t = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(secs);
        t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    };
    s.briefing("2024/07/c.md", "Embargoed story", &at(4), "tags: [nato]\n", "Charlie body.");
    s.briefing("2024/07/d.md", "Fleeting story", "2024-07-09", &format!("expires: {}\n", at(6)), "Delta body.");
    let srv = Server::start(&s, &[]);
    let (_, home) = srv.get("/");
    assert!(!home.contains("Embargoed story") && home.contains("Fleeting story"), "{home}");
    let said = srv.output_until("scheduled at");
    assert!(said.iter().any(|l| l.contains("(full)") && l.contains("c.md scheduled at")), "{said:#?}");
    srv.wait_for("/", |_, b| b.contains("Embargoed story"));
    assert_serves_a_clean_build(&srv, &s, "published on time");
    srv.output_until("expires at");
    srv.wait_for("/", |_, b| !b.contains("Fleeting story"));
    assert_serves_a_clean_build(&srv, &s, "expired on time");
}

/// A folder of briefings moved out of `content/` (or removed whole) takes them off the
/// site: the watcher reports the folder alone, which serve took for an editor's
/// temporary file and passed by, serving the briefings until a later change.
#[test]
fn serve_drops_the_briefings_of_a_folder_moved_away() {
    let s = site();
    s.briefing("2023/01/c.md", "Old story", "2023-01-05", "tags: [nato]\n", "Charlie body.");
    let srv = Server::start(&s, &[]);
    assert_eq!(srv.get("/2023/01/05/old-story/").0, 200);
    std::fs::rename(s.root().join("content/2023"), s.tmp().join("away")).unwrap();
    srv.wait_for("/2023/01/05/old-story/", |c, _| c == 404);
    assert_serves_a_clean_build(&srv, &s, "a folder moved away");
}

/// A page bundle (`content/pages/team/index.md`) is served at `/team/` with its files
/// beside it, as a build makes it, after an edit of the page and a file added to its
/// folder.
#[test]
fn serve_follows_a_page_bundle_and_the_files_of_its_folder() {
    let s = site();
    s.write("content/pages/team/index.md", "---\ntitle: Team\n---\n![x](photo.png)\n");
    s.write("content/pages/team/photo.png", "photo");
    let srv = Server::start(&s, &[]);
    assert_eq!(srv.get("/team/photo.png"), (200, "photo".to_string()));
    s.write("content/pages/team/index.md", "---\ntitle: Our team\n---\n![x](photo.png) [cv](cv.pdf)\n");
    srv.wait_for("/team/", |c, b| c == 200 && b.contains("<h1>Our team</h1>"));
    s.write("content/pages/team/cv.pdf", "cv");
    srv.wait_for("/team/cv.pdf", |c, _| c == 200);
    assert_eq!(srv.get("/pages/team/cv.pdf").0, 404);
    assert_serves_a_clean_build(&srv, &s, "a page bundle");
}

/// The files of a draft are served only with it: a draft bundle's map comes with its
/// page when `draft:` is taken away and goes when it is put back, and a file served at
/// its own path (its folder had no briefing) goes when a draft is written beside it.
/// They were served at their content path all along.
#[test]
fn serve_publishes_the_files_of_a_draft_only_with_it() {
    let s = site();
    s.briefing("2024/07/secret/index.md", "Secret", "2024-07-03", "draft: true\n", "![m](map.png)");
    s.write("content/2024/07/secret/map.png", "map");
    let srv = Server::start(&s, &[]);
    assert_eq!(srv.get("/2024/07/secret/map.png").0, 404);
    assert_serves_a_clean_build(&srv, &s, "a draft bundle");
    s.briefing("2024/07/secret/index.md", "Secret", "2024-07-03", "", "![m](map.png)");
    srv.wait_for("/2024/07/03/secret/map.png", |c, b| c == 200 && b == "map");
    assert_serves_a_clean_build(&srv, &s, "the bundle published");
    s.briefing("2024/07/secret/index.md", "Secret", "2024-07-03", "draft: true\n", "![m](map.png)");
    srv.wait_for("/2024/07/03/secret/map.png", |c, _| c == 404);
    assert_serves_a_clean_build(&srv, &s, "the bundle made a draft again");
    s.write("content/2024/09/chart.png", "chart");
    srv.wait_for("/2024/09/chart.png", |c, _| c == 200);
    s.briefing("2024/09/d.md", "Delta", "2024-09-01", "draft: true\n", "![c](chart.png)");
    srv.wait_for("/2024/09/chart.png", |c, _| c == 404);
    assert_serves_a_clean_build(&srv, &s, "a draft beside a file");
}
