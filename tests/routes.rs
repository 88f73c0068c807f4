//! Issue 11: one route table and one manifest of outputs, so build, check and serve
//! agree on who owns each path; and "tags" means one taxonomy everywhere.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{TestSite, brief_std};

/// What `brief serve` printed before it was listening, or up to its exit.
fn serve_output(s: &TestSite) -> String {
    let mut child = brief_std()
        .arg("--root")
        .arg(s.root())
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || BufReader::new(err).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(100)) {
            let done = l.contains("serving an error page");
            seen.push(l);
            if done {
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    seen.join("\n")
}

/// A static file or a content asset at the path of a generated page was silently
/// written over the page by `build` (which checked against an empty set), while
/// `check` and `serve` refused the site. Now all three refuse it, the same way.
#[test]
fn issue_11_a_copied_file_over_a_generated_page_fails_build_check_and_serve() {
    let cases: [(&str, &str, &str); 6] = [
        ("static/tags/nato/index.html", "would overwrite `/tags/nato/index.html`, the page of tags `nato`", "static"),
        // A file where brief makes a folder, or in a folder where brief makes a file: the
        // build failed with a bare system error at the output, and `check` passed.
        (
            "static/search",
            "would be the file `/search`, where brief makes a folder (`/search/index.html`, the built-in page /search/)",
            "static",
        ),
        (
            "static/atom.xml/old.xml",
            "would be in a folder `/atom.xml`, where brief makes a file (the built-in page /atom.xml)",
            "static",
        ),
        (
            "static/2024/07/12/index.html",
            "would overwrite `/2024/07/12/index.html`, the day page /2024/07/12/",
            "static",
        ),
        (
            "content/2024/07/12/index.html",
            "would overwrite `/2024/07/12/index.html`, the day page /2024/07/12/",
            "asset",
        ),
        ("static/atom.xml", "would overwrite `/atom.xml`, the built-in page /atom.xml", "static"),
    ];
    for (file, message, _) in cases {
        let s = TestSite::new();
        s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "tags: [nato]\n", "Body.");
        s.write(file, "<p>mine</p>\n");
        let expected = format!("error: `{file}` {message}\n  --> {file}\n");
        let build = s.build_err(&[]);
        assert!(build.contains(&expected), "build:\n{build}");
        assert!(!s.public().exists(), "nothing written");
        let check = s.fails(&["check"]);
        assert!(check.contains(&expected), "check:\n{check}");
        let serve = serve_output(&s);
        assert!(serve.contains(&expected), "serve:\n{serve}");
    }
}

/// A static file beside the generated pages, at a path no page takes, is copied.
#[test]
fn a_static_file_beside_generated_pages_is_copied() {
    let s = TestSite::new();
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "tags: [nato]\n", "Body.");
    s.write("static/tags/nato/banner.svg", "<svg/>");
    s.build_ok(&[]);
    assert_eq!(s.page("tags/nato/banner.svg"), "<svg/>");
}

/// With `taxonomies: [regions, tags]` the nav's "Tags" link pointed at /regions/ and
/// related briefings followed regions. "tags" is now the taxonomy named so, whatever
/// the order; the first one only when none is named `tags`.
#[test]
fn issue_11_tags_means_the_tags_taxonomy_whatever_the_order() {
    let s = TestSite::with_config("taxonomies: [regions, tags]\n");
    s.briefing("a.md", "Alpha", "2024-07-12", "regions: [asia]\ntags: [nato]\n", "A.");
    s.briefing("b.md", "Bravo", "2024-07-11", "regions: [europe]\ntags: [nato]\n", "B.");
    s.briefing("c.md", "Charlie", "2024-07-10", "regions: [asia]\ntags: [russia]\n", "C.");
    let out = s.build_ok(&[]);
    assert!(out.contains(" 2 tags, "), "the count is of tags, not regions: {out}");
    let home = s.page("index.html");
    assert!(home.contains(r#"<li><a href="/tags/">Tags</a></li>"#), "{home}");
    // Related by shared tags (Bravo shares nato), not by shared regions (Charlie: asia).
    let alpha = s.page("2024/07/12/alpha/index.html");
    let related = alpha.split("Related briefings").nth(1).expect("a related list");
    assert!(related.contains("Bravo") && !related.contains("Charlie"), "{related}");
    // Without a taxonomy named tags, the first one is what "tags" means; the menu names
    // it by its own title.
    let s = TestSite::with_config("taxonomies: [regions]\n");
    s.briefing("a.md", "Alpha", "2024-07-12", "regions: [asia]\n", "A.");
    s.build_ok(&[]);
    assert!(s.page("index.html").contains(r#"<li><a href="/regions/">Regions</a></li>"#));
}

/// `brief check` on a link holding `%` before a multi-byte character used to slice
/// inside the character and panic.
#[test]
fn issue_11_check_reports_a_percent_before_multibyte_text_without_panic() {
    let s = TestSite::new();
    s.briefing("a.md", "Alpha", "2024-07-12", "", "A <a href=\"100%한\">share</a> and <a href=\"#100%한\">this</a>.");
    let err = s.fails(&["check"]);
    assert!(err.contains("broken link `100%한`"), "{err}");
    assert!(err.contains("broken anchor `#100%한`"), "{err}");
}
