//! Issue 12, "Real archives build and read right", through the CLI: a site without a
//! host gets honest outputs (no sitemap, valid feeds, one warning).

mod common;

use common::TestSite;

const NO_HOST: &str =
    "warning: `base_url` has no host (`/`): no sitemap.xml is written, and feeds and meta tags link by path only";

fn warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("warning: ")).collect()
}

fn two_briefings(s: &TestSite) {
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.briefing("2024/07/b.md", "Bravo", "2024-07-11", "tags: [nato]\n", "Bravo body.");
}

// ---------------------------------------------------------------------------------
// 1. A site without a host
// ---------------------------------------------------------------------------------

#[test]
fn issue12_no_host_site_has_no_sitemap_and_warns_once() {
    let s = TestSite::new();
    two_briefings(&s);
    let stderr = s.stderr_ok(&["build"]);
    assert_eq!(warnings(&stderr), vec![NO_HOST], "{stderr}");
    assert!(
        stderr.contains(&format!("{NO_HOST}\n  --> site.yaml\n  = help: set `base_url` to the address")),
        "{stderr}"
    );
    assert_eq!(s.files().iter().filter(|f| f.contains("sitemap")).collect::<Vec<_>>(), Vec::<&String>::new());
    assert_eq!(s.page("robots.txt"), "User-agent: *\nAllow: /\n");
    // check says it too, once; a --base-url without a host is named as the flag.
    assert_eq!(warnings(&s.stderr_ok(&["check"])), vec![NO_HOST]);
    let stderr = s.stderr_ok(&["build", "--base-url", "/sub/"]);
    assert!(
        stderr.contains("warning: `base_url` has no host (`/sub/`)") && stderr.contains("  --> --base-url\n"),
        "{stderr}"
    );
    // --strict makes it an error, like every warning.
    let err = s.build_err(&["--strict"]);
    assert!(err.contains("error: `base_url` has no host (`/`)"), "{err}");
}

#[test]
fn issue12_no_host_feeds_hold_no_relative_urls_posing_as_absolute() {
    let s = TestSite::new();
    two_briefings(&s);
    s.build_ok(&[]);
    // Atom: ids are tag: URIs, links are references resolved against the feed's own
    // address (RFC 4287 allows that), and no category scheme (it must be an absolute IRI).
    for path in ["atom.xml", "tags/nato/atom.xml"] {
        let xml = s.page(path);
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}\n{xml}"));
        assert_eq!(feed.id, format!("tag:localhost,2000:/{path}"));
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, vec!["tag:localhost,2000:/2024/07/12/alpha/", "tag:localhost,2000:/2024/07/11/bravo/"]);
        assert!(xml.contains("<link rel=\"alternate\" type=\"text/html\" href=\"/2024/07/12/alpha/\"/>"), "{xml}");
        assert!(xml.contains("<category term=\"nato\"/>") && !xml.contains("scheme="), "{xml}");
    }
    // JSON Feed: its URLs must be absolute, so without a host they are left out.
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["items", "language", "title", "version"]);
    let item = json["items"][0].as_object().unwrap();
    assert_eq!(item.get("url"), None);
    assert_eq!(item["id"], "tag:localhost,2000:/2024/07/12/alpha/");
}

#[test]
fn issue12_site_with_a_host_keeps_sitemap_robots_and_feed_urls() {
    let s = TestSite::with_config("base_url: https://host.example/briefs/\n");
    two_briefings(&s);
    let stderr = s.stderr_ok(&["build"]);
    assert_eq!(warnings(&stderr), Vec::<&str>::new(), "{stderr}");
    assert!(s.page("sitemap.xml").contains("<loc>https://host.example/briefs/2024/07/12/alpha/</loc>"));
    assert_eq!(s.page("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://host.example/briefs/sitemap.xml\n");
    let atom = s.page("atom.xml");
    assert!(atom.contains("<category term=\"nato\" scheme=\"https://host.example/briefs/tags/nato/\"/>"), "{atom}");
    assert!(atom.contains("<id>https://host.example/briefs/2024/07/12/alpha/</id>"), "{atom}");
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    assert_eq!(json["home_page_url"], "https://host.example/briefs/");
    assert_eq!(json["feed_url"], "https://host.example/briefs/feed.json");
    assert_eq!(json["items"][0]["url"], "https://host.example/briefs/2024/07/12/alpha/");
}

#[test]
fn issue12_no_host_site_may_ship_its_own_sitemap() {
    let s = TestSite::new();
    two_briefings(&s);
    s.write("static/sitemap.xml", "<urlset/>\n");
    s.build_ok(&[]);
    assert_eq!(s.page("sitemap.xml"), "<urlset/>\n");
    // With a host, brief writes the sitemap: the static file clashes with it.
    s.write("site.yaml", "base_url: https://host.example/\n");
    let err = s.build_err(&[]);
    assert!(err.contains("static/sitemap.xml"), "{err}");
}
