//! Issue 12, "Real archives build and read right", through the CLI: a site without a
//! host gets honest outputs (no sitemap, valid feeds, one warning); summaries shown
//! outside their briefing are well-formed and safe; titles render their inline
//! Markdown where HTML is shown and are plain text elsewhere; a summary taken from the
//! first paragraph is cut for lists and not shown twice on the page.

mod common;

use common::{TestSite, item_titles};

/// Summaries holding raw HTML, titles holding Markdown, a long first paragraph.
const FIXTURE: &str = "fixtures/summaries_titles";

const NO_HOST: &str =
    "warning: `base_url` has no host (`/`): no sitemap.xml is written, and feeds and meta tags link by path only";

fn warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("warning: ")).collect()
}

/// The parse errors an HTML5 parser (html5ever) meets in `html`: unclosed or misnested
/// elements, stray end tags and the like.
fn html5_errors(html: &str) -> Vec<String> {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default()).one(html);
    dom.errors.borrow().iter().map(|e| e.to_string()).collect()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no `{start}` in:\n{text}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no `{end}` after `{start}`"));
    &text[from..from + len]
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
    assert_eq!(
        s.page("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://host.example/briefs/sitemap.xml\nSitemap: https://host.example/briefs/news-sitemap.xml\n"
    );
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

// ---------------------------------------------------------------------------------
// 2. Summaries outside their briefing
// ---------------------------------------------------------------------------------

#[test]
fn issue12_list_pages_with_raw_html_summaries_are_well_formed() {
    // The checker sees what a raw summary used to leave: an element left open.
    let unclosed = "<!doctype html><html lang=en><title>x</title><div class=summary><p>An <b>open</div></html>";
    assert_ne!(html5_errors(unclosed), Vec::<String>::new());
    let s = TestSite::fixture(FIXTURE);
    s.build_ok(&[]);
    let lists = [
        "index.html",
        "tags/rust/index.html",
        "tags/advisory/index.html",
        "2024/07/12/index.html",
        "2024/07/index.html",
        "2024/index.html",
    ];
    for page in lists {
        let html = s.page(page);
        assert_eq!(html5_errors(&html), Vec::<String>::new(), "{page}");
        assert!(!html.contains("<script") && !html.contains("onclick") && !html.contains("onerror"), "{page}");
    }
    let home = s.page("index.html");
    let summaries: Vec<&str> =
        home.split("<div class=\"summary\">").skip(1).map(|p| p.split("</div>").next().unwrap()).collect();
    assert_eq!(
        summaries[..2],
        [
            // Unknown tags go (their text stays), script goes with its content, and the
            // unclosed <b> is closed.
            "<p>Rust’s Vec and  names written raw, an <b>unclosed bold, and a  tag.</b></p>\n",
            // No attributes but href and title on links; no images, no spans.
            "<p>An <i>unclosed italic, a span, a <a href=\"https://example.org/\" title=\"Example\">link</a> and an  image.</i></p>\n",
        ]
    );
    assert_eq!(summaries[4], "<p>The text before the marker, with <em>unclosed emphasis.</em></p>\n");
    // The briefing's own body keeps the raw HTML its author wrote.
    let page = s.page("2024/07/12/vec-t-and-generic-crates/index.html");
    assert!(
        page.contains("<p>Rust’s Vec<T> and <crate> names written raw, an <b>unclosed bold, and a <script>alert(1)</script> tag.</p>"),
        "{page}"
    );
    // Plain-text summaries (meta description, feeds, search) match the HTML ones.
    assert!(page.contains(
        "<meta name=\"description\" content=\"Rust’s Vec and names written raw, an unclosed bold, and a tag.\">"
    ));
}

// ---------------------------------------------------------------------------------
// 3. Markdown in titles
// ---------------------------------------------------------------------------------

const PLAIN_TITLES: [&str; 6] = [
    "Vec<T> and generic crates",
    "An unclosed italic",
    "arone was removed from crates.io",
    "A draft final decision",
    "2024. A year in review",
    "<script>alert(4)</script> stays text",
];

#[test]
fn issue12_titles_render_inline_markdown_where_html_is_shown() {
    let s = TestSite::fixture(FIXTURE);
    s.build_ok(&[]);
    let html_titles = vec![
        "<code>Vec&lt;T&gt;</code> and <em>generic</em> crates",
        "An <strong>unclosed</strong> italic",
        "<code>arone</code> was removed from crates.io",
        "A <del>draft</del> final <strong>decision</strong>",
        "2024. A year in <code>review</code>",
        "&lt;script&gt;alert(4)&lt;/script&gt; stays <em>text</em>",
    ];
    for list in ["index.html", "2024/07/12/index.html"] {
        assert_eq!(item_titles(&s.page(list)), html_titles, "{list}");
    }
    let page = s.page("2024/07/12/arone-was-removed-from-crates-io/index.html");
    assert!(page.contains("<h1><code>arone</code> was removed from crates.io</h1>"), "{page}");
    // Older and newer briefings, and related ones, show the HTML too.
    assert!(page.contains("<span class=\"dir\">← Older</span> A <del>draft</del> final <strong>decision</strong></a>"));
    assert!(page.contains("<span class=\"dir\">Newer →</span> An <strong>unclosed</strong> italic</a>"));
    assert!(page.contains(
        "<a href=\"/2024/07/12/vec-t-and-generic-crates/\"><code>Vec&lt;T&gt;</code> and <em>generic</em> crates</a> <time"
    ));
    // A standalone page's heading too; the navigation shows its plain title.
    let about = s.page("about/index.html");
    assert!(about.contains("<h1>About <code>brief</code></h1>"), "{about}");
    assert!(about.contains("<a href=\"/about/\" aria-current=\"page\">About brief</a>"), "{about}");
    // A title never carries raw HTML.
    let hostile = s.page("2024/07/12/script-alert-4-script-stays-text/index.html");
    assert!(hostile.contains("<h1>&lt;script&gt;alert(4)&lt;/script&gt; stays <em>text</em></h1>"), "{hostile}");
    for f in s.files().iter().filter(|f| f.ends_with(".html") || f.ends_with(".xml")) {
        assert!(!s.page(f).contains("<script>alert(4)"), "{f}");
    }
}

#[test]
fn issue12_titles_are_plain_text_in_metadata_feeds_and_search() {
    let s = TestSite::fixture(FIXTURE);
    s.build_ok(&[]);
    let page = s.page("2024/07/12/arone-was-removed-from-crates-io/index.html");
    for tag in [
        "<title>arone was removed from crates.io · Summaries and titles</title>",
        "<meta property=\"og:title\" content=\"arone was removed from crates.io\">",
        "<meta name=\"twitter:title\" content=\"arone was removed from crates.io\">",
    ] {
        assert!(page.contains(tag), "{tag} missing:\n{page}");
    }
    let ld: serde_json::Value =
        serde_json::from_str(between(&page, "<script type=\"application/ld+json\">", "</script>")).unwrap();
    assert_eq!(ld["headline"], "arone was removed from crates.io");
    let atom = feed_rs::parser::parse(s.page("atom.xml").as_bytes()).unwrap();
    let titles: Vec<&str> = atom.entries.iter().map(|e| e.title.as_ref().unwrap().content.as_str()).collect();
    assert_eq!(titles, PLAIN_TITLES);
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    let titles: Vec<&str> = json["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, PLAIN_TITLES);
    let index = s.search_records();
    let titles: Vec<&str> = index.iter().map(|r| r["t"].as_str().unwrap()).collect();
    assert_eq!(titles, PLAIN_TITLES);
}

// ---------------------------------------------------------------------------------
// 4. The first paragraph, once
// ---------------------------------------------------------------------------------

/// The first two sentences of the 130-word first paragraph of `arone.md`: the last
/// sentence end within 60 words.
const ARONE_CUT: &str = "The crates.io team removed the arone crate on 11 July after a report that its build script downloaded and ran a binary from a server outside the registry. The crate had been published three weeks earlier under a name close to that of a popular crate, and it was downloaded about two hundred times before it was taken down.";

#[test]
fn issue12_derived_summary_is_cut_for_lists_and_not_boxed_on_the_page() {
    let s = TestSite::fixture(FIXTURE);
    s.build_ok(&[]);
    let page = s.page("2024/07/12/arone-was-removed-from-crates-io/index.html");
    assert!(!page.contains("class=\"bluf\""), "no Bottom line box for a summary nobody wrote:\n{page}");
    assert!(page.contains("rotate every credential that was reachable from it"), "the body keeps the whole paragraph");
    assert!(page.contains(&format!("<meta name=\"description\" content=\"{ARONE_CUT}\">")), "{page}");
    let home = s.page("index.html");
    let cut_html = ARONE_CUT.replace("the arone crate", "the <code>arone</code> crate");
    assert!(home.contains(&format!("<div class=\"summary\"><p>{cut_html}</p></div>")), "{home}");
    assert!(!home.contains("rotate every credential"));
    // Feeds and search carry the same cut text.
    let atom = feed_rs::parser::parse(s.page("atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.entries[2].summary.as_ref().unwrap().content, ARONE_CUT);
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    assert_eq!(json["items"][2]["summary"], ARONE_CUT);
    assert_eq!(s.search_records()[2]["s"], ARONE_CUT);
    // A summary the author wrote, in front matter or before <!-- more -->, is boxed.
    let explicit = s.page("2024/07/12/a-draft-final-decision/index.html");
    assert!(
        explicit.contains("<h2 id=\"brief--bluf\">Bottom line</h2>\n<p>The decision is final: &lt;b&gt;no&lt;/b&gt; appeal.</p></section>"),
        "{explicit}"
    );
    let more = s.page("2024/07/12/2024-a-year-in-review/index.html");
    assert!(
        more.contains("<h2 id=\"brief--bluf\">Bottom line</h2>\n<p>The text before the marker, with <em>unclosed emphasis.</em></p>\n</section>"),
        "{more}"
    );
    // A short first paragraph is whole in the list and not boxed either.
    assert!(!s.page("2024/07/12/vec-t-and-generic-crates/index.html").contains("class=\"bluf\""));
}

#[test]
fn issue12_summary_is_explicit_is_in_the_context() {
    let s = TestSite::fixture(FIXTURE);
    s.write(
        "templates/briefing.html",
        "{{ page.title }}|{{ page.title_html | safe }}|{{ page.summary_is_explicit }}|{{ page.summary_text }}\n",
    );
    s.build_ok(&[]);
    assert_eq!(
        s.page("2024/07/12/a-draft-final-decision/index.html"),
        "A draft final decision|A <del>draft</del> final <strong>decision</strong>|true|The decision is final: &lt;b&gt;no&lt;/b&gt; appeal.\n"
    );
    assert_eq!(
        s.page("2024/07/12/arone-was-removed-from-crates-io/index.html"),
        format!("arone was removed from crates.io|<code>arone</code> was removed from crates.io|false|{ARONE_CUT}\n")
    );
}
