//! Feeds, sitemap, search index, metadata and relative URLs, read back by real parsers.

mod common;

use common::TestSite;

const HOSTILE: &str = "Tom & Jerry <script>alert(1)</script> \\\"quoted\\\" 'single' 🚀 북한";
const HOSTILE_PLAIN: &str = "Tom & Jerry <script>alert(1)</script> \"quoted\" 'single' 🚀 북한";

fn site() -> TestSite {
    let s = TestSite::with_config(
        "title: \"Desk & Co\"\nbase_url: https://host.example/briefs/\ntimezone: Asia/Seoul\nauthor: The Desk\n",
    );
    s.briefing(
        "2024/07/a.md",
        HOSTILE,
        "2024-07-12T09:30:00+09:00",
        "updated: 2024-07-13T10:00:00+09:00\ntags: [nato, \"R&D <b>\"]\nauthors: [Kim, Lee]\nsummary: \"Sum <i>& more</i>\"\nsources:\n  - title: KCNA & co\n    url: https://example.org/k?a=1&b=2\n    publisher: KCNA\n",
        "Body with <em>html</em>, [a link](#sec) and ![map](map.png).\n\n## Sec\n\nMore text about zebras.",
    );
    s.briefing("2024/07/b.md", "Plain second", "2024-07-11", "tags: [nato]\n", "Second body mentions giraffes.");
    s.briefing("2024/07/d.md", "Secret draft", "2024-07-10", "draft: true\n", "Draft body mentions okapis.");
    s.write("content/pages/about.md", "---\ntitle: About\n---\nAbout us.\n");
    s
}

#[test]
fn atom_and_json_feeds_parse_with_every_field() {
    let s = site();
    s.build_ok(&[]);
    for (path, entries) in [("atom.xml", 2), ("tags/nato/atom.xml", 2)] {
        let xml = s.page(path);
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}\n{xml}"));
        assert_eq!(feed.entries.len(), entries, "{path}");
        let e = &feed.entries[0];
        assert_eq!(e.title.as_ref().unwrap().content, HOSTILE_PLAIN);
        // feed-rs hands back IRIs percent-encoded; decode to compare.
        let id = percent_encoding::percent_decode_str(&e.id).decode_utf8().unwrap();
        assert_eq!(id, "https://host.example/briefs/2024/07/12/tom-jerry-script-alert-1-script-quoted-single-북한/");
        assert_eq!(percent_encoding::percent_decode_str(&e.links[0].href).decode_utf8().unwrap(), id);
        assert_eq!(e.published.unwrap().to_rfc3339(), "2024-07-12T00:30:00+00:00");
        assert_eq!(e.updated.unwrap().to_rfc3339(), "2024-07-13T01:00:00+00:00");
        assert_eq!(e.summary.as_ref().unwrap().content, "Sum <i>& more</i>");
        let content = e.content.as_ref().unwrap().body.as_ref().unwrap();
        assert!(content.contains("<em>html</em>"), "{content}");
        assert!(content.contains("/2024/07/12/tom-jerry-script-alert-1-script-quoted-single-"), "{content}");
        assert!(content.contains("/#sec\""), "fragment links made absolute: {content}");
        let authors: Vec<&str> = e.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(authors, vec!["Kim", "Lee"]);
        let cats: Vec<&str> = e.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(cats, vec!["nato", "R&D <b>"]);
        for e in &feed.entries {
            assert!(!e.id.is_empty() && e.title.is_some() && !e.links.is_empty() && e.updated.is_some());
        }
        assert!(!xml.contains("Secret draft"));
    }
    assert!(xml_has(&s.page("atom.xml"), "xml:lang=\"en\""));
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["title"], "Desk & Co");
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["title"], HOSTILE_PLAIN);
    assert_eq!(items[0]["date_published"], "2024-07-12T09:30:00+09:00");
    assert_eq!(items[0]["date_modified"], "2024-07-13T10:00:00+09:00");
    assert_eq!(items[0]["authors"][0]["name"], "Kim");
    assert_eq!(items[0]["tags"], serde_json::json!(["nato", "R&D <b>"]));
    // Every page links its feeds.
    let home = s.page("index.html");
    assert!(home.contains(r#"<link rel="alternate" type="application/atom+xml""#), "{home}");
    assert!(home.contains(r#"href="/briefs/feed.json""#));
    assert!(s.page("tags/nato/index.html").contains(r#"href="/briefs/tags/nato/atom.xml""#));
}

fn xml_has(xml: &str, needle: &str) -> bool {
    xml.contains(needle)
}

/// An editor's backup or autosave beside a briefing (`x.md~`, emacs's `#x.md#`) was
/// copied into the site as an asset, and with it the whole text of a draft. They are
/// never read nor copied, in content, bundles and static files alike.
#[test]
fn editor_backups_are_never_published() {
    let s = TestSite::new();
    s.briefing("2024/07/one.md", "Public one", "2024-07-12", "", "Public body.");
    s.briefing("2024/07/secret.md", "Secret draft", "2024-07-13", "draft: true\n", "SECRET draft text.");
    let secret = std::fs::read(s.root().join("content/2024/07/secret.md")).unwrap();
    s.write("content/2024/07/secret.md~", &secret);
    s.write("content/2024/07/#secret.md#", &secret);
    s.write("content/2024/07/bundle/index.md", "---\ntitle: Bundle\ndate: 2024-07-14\n---\nB.\n");
    s.write("content/2024/07/bundle/index.md~", &secret);
    s.write("content/2024/07/bundle/photo.png", b"png");
    s.write("static/style.css~", "SECRET old style");
    s.build_ok(&[]);
    let mut leaks = Vec::new();
    let mut files = 0;
    for e in walkdir::WalkDir::new(s.root().join("public")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        files += 1;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with('~')
            || name.starts_with('#')
            || std::fs::read(e.path()).unwrap().windows(6).any(|w| w == b"SECRET")
        {
            leaks.push(e.path().display().to_string());
        }
    }
    assert!(files > 10 && leaks.is_empty(), "{leaks:?}");
    assert!(s.root().join("public/2024/07/14/bundle/photo.png").exists(), "a bundle's own files are still copied");
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let s = site();
    s.build_ok(&[]);
    for f in s.files() {
        if f.ends_with(".css") || f.ends_with(".js") || f.ends_with(".png") {
            continue;
        }
        let text = s.page(&f);
        assert!(!text.contains("<script>alert(1)"), "{f} holds the raw script");
        assert!(!text.contains("<b>\""), "{f}");
    }
    let page = s.page("2024/07/12/tom-jerry-script-alert-1-script-quoted-single-북한/index.html");
    assert!(page.contains("<h1>Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(page.contains("Body with <em>html</em>"), "the Markdown body keeps its HTML");
    assert_eq!(s.search_records()[0]["t"], HOSTILE_PLAIN);
}

#[test]
fn sitemap_locations_all_exist_and_robots_points_at_it() {
    let s = site();
    s.build_ok(&[]);
    let xml = s.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<String> =
        doc.descendants().filter(|n| n.has_tag_name("loc")).map(|n| n.text().unwrap().to_string()).collect();
    assert!(locs.len() >= 10, "{locs:?}");
    for loc in &locs {
        // A URI (RFC 3986): what is not ASCII is percent-encoded.
        assert!(loc.is_ascii(), "{loc}");
        let rel = loc.strip_prefix("https://host.example/briefs/").unwrap_or_else(|| panic!("{loc}"));
        let rel = &percent_encoding::percent_decode_str(rel).decode_utf8().unwrap();
        let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        assert!(s.exists(&file), "{loc} has no file {file}");
    }
    assert!(locs.iter().any(|l| l.ends_with("/about/")));
    assert!(!locs.iter().any(|l| l.contains("404")));
    let lastmods: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name("lastmod")).filter_map(|n| n.text()).collect();
    assert!(lastmods.contains(&"2024-07-13T10:00:00+09:00"), "updated wins: {lastmods:?}");
    assert_eq!(
        s.page("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://host.example/briefs/sitemap.xml\nSitemap: https://host.example/briefs/news-sitemap.xml\n"
    );
}

/// A briefing's date `hours` from now (negative: in the past), as RFC 3339.
fn hours_from_now(hours: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours)).to_string()
}

const NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

#[test]
fn news_sitemap_lists_the_last_two_days_newest_first() {
    let s = TestSite::with_config(
        "title: \"Desk & Co <News>\"\nbase_url: https://host.example/briefs/\nlanguage: en-GB\ntimezone: Asia/Seoul\n",
    );
    for (file, title, hours) in [
        ("a.md", HOSTILE, -1),
        ("b.md", "Yesterday", -30),
        ("c.md", "Almost two days", -47),
        ("d.md", "Just over two days", -49),
        ("e.md", "Last week", -24 * 7),
        ("f.md", "Scheduled", 2),
    ] {
        s.briefing(file, title, &hours_from_now(hours), "tags: [nato]\n", "Body.");
    }
    s.build_ok(&["--future"]);
    let xml = s.page("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    assert_eq!(root.lookup_namespace_uri(Some("news")), Some(NEWS));
    let text = |n: roxmltree::Node, ns: Option<&str>, name: &str| -> String {
        let found = n.descendants().find(|d| d.tag_name().name() == name && d.tag_name().namespace() == ns);
        found.and_then(|d| d.text()).unwrap_or_else(|| panic!("no {name} in {xml}")).to_string()
    };
    let sitemap_ns = Some("http://www.sitemaps.org/schemas/sitemap/0.9");
    let urls: Vec<roxmltree::Node> = root.children().filter(|n| n.has_tag_name("url")).collect();
    let titles: Vec<String> = urls.iter().map(|u| text(*u, Some(NEWS), "title")).collect();
    assert_eq!(titles, vec![HOSTILE_PLAIN, "Yesterday", "Almost two days"]);
    let first = urls[0];
    let page = s.files().into_iter().find(|f| f.contains("tom-jerry")).unwrap();
    let path = page.trim_end_matches("index.html");
    let loc = text(first, sitemap_ns, "loc");
    assert!(loc.is_ascii(), "a URI, percent-encoded: {loc}");
    let loc = percent_encoding::percent_decode_str(&loc).decode_utf8().unwrap().into_owned();
    assert_eq!(loc, format!("https://host.example/briefs/{path}"));
    assert_eq!(text(first, Some(NEWS), "name"), "Desk & Co <News>");
    assert_eq!(text(first, Some(NEWS), "language"), "en");
    let published = text(first, Some(NEWS), "publication_date");
    let at: jiff::Timestamp = published.parse().unwrap();
    assert!(published.ends_with("+09:00"), "RFC 3339 in the site zone: {published}");
    assert!((jiff::Timestamp::now() - at).as_hours() < 2, "{published}");
    // Every news entry is under <news:news><news:publication>.
    for u in &urls {
        let news = u.children().find(|n| n.has_tag_name((NEWS, "news"))).expect("news:news");
        let publication = news.children().find(|n| n.has_tag_name((NEWS, "publication"))).expect("publication");
        assert!(publication.children().any(|n| n.has_tag_name((NEWS, "name"))));
    }
    assert!(xml.contains("<news:title>Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"), "{xml}");
    assert!(s.page("robots.txt").ends_with("Sitemap: https://host.example/briefs/news-sitemap.xml\n"));
    // Not a page people land on: not in the sitemap.
    assert!(!s.page("sitemap.xml").contains("news-sitemap"));
}

#[test]
fn no_news_sitemap_without_a_host() {
    let s = TestSite::with_config("base_url: /briefs/\n");
    s.briefing("a.md", "Fresh", &hours_from_now(-1), "", "Body.");
    s.build_ok(&[]);
    assert!(!s.exists("news-sitemap.xml"), "{:?}", s.files());
    assert!(!s.page("robots.txt").contains("news-sitemap"));
    // With a host, a static file may not take its place.
    let s = TestSite::with_config("base_url: https://host.example/\n");
    s.briefing("a.md", "Fresh", &hours_from_now(-1), "", "Body.");
    s.write("static/news-sitemap.xml", "<urlset/>");
    let err = s.build_err(&[]);
    assert!(err.contains("would overwrite `/news-sitemap.xml`, the built-in page /news-sitemap.xml"), "{err}");
}

#[test]
fn search_index_has_every_published_briefing_and_no_draft() {
    let s = site();
    s.build_ok(&[]);
    let idx = s.search_records();
    let titles: Vec<&str> = idx.iter().map(|r| r["t"].as_str().unwrap()).collect();
    assert_eq!(titles, vec![HOSTILE_PLAIN, "Plain second"]);
    assert_eq!(idx[1]["u"], "/briefs/2024/07/11/plain-second/");
    assert!(s.search_text().contains("[\"zebras\","), "a word of the body is in a shard");
    assert!(!s.search_text().contains("okapis"));
    let search = s.page("search/index.html");
    assert!(search.contains("<noscript>"), "says what to do without JavaScript");
    assert!(search.contains("search.js"));
}

#[test]
fn briefing_metadata_json_ld_sources_and_related() {
    let s = site();
    s.build_ok(&[]);
    let page = s.page("2024/07/12/tom-jerry-script-alert-1-script-quoted-single-북한/index.html");
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains(r#"<link rel="canonical" href="https://host.example/briefs/2024/07/12/tom-jerry-script-alert-1-script-quoted-single-북한/">"#));
    assert!(page.contains(r#"<meta property="og:type" content="article">"#));
    assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert!(page.contains(r#"<meta name="description" content="Sum &lt;i&gt;&amp; more&lt;/i&gt;">"#), "{page}");
    let ld = page.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(v["@type"], "NewsArticle");
    assert_eq!(v["headline"], HOSTILE_PLAIN);
    assert_eq!(v["datePublished"], "2024-07-12T09:30:00+09:00");
    assert_eq!(v["dateModified"], "2024-07-13T10:00:00+09:00");
    assert_eq!(v["author"][0]["name"], "Kim");
    assert_eq!(v["keywords"], serde_json::json!(["nato", "R&D <b>"]));
    assert_eq!(v["url"], "https://host.example/briefs/2024/07/12/tom-jerry-script-alert-1-script-quoted-single-북한/");
    assert!(page.contains(r#"href="https://example.org/k?a=1&amp;b=2""#), "source link");
    assert!(page.contains("KCNA &amp; co"));
    assert!(page.contains(r#"href="/briefs/2024/07/11/plain-second/""#), "prev/related link");
}

#[test]
fn javascript_and_data_source_urls_are_rejected() {
    let s = TestSite::new();
    s.briefing("a.md", "A", "2024-07-01", "sources:\n  - title: x\n    url: \"javascript:alert(1)\"\n", "x");
    s.briefing("b.md", "B", "2024-07-01", "sources:\n  - title: y\n    url: \"data:text/html,hi\"\n", "x");
    let err = s.build_err(&[]);
    assert!(err.contains("error: source URL `javascript:alert(1)` is not allowed\n  --> content/a.md:6:"), "{err}");
    assert!(err.contains("--> content/b.md:6:"), "{err}");
    assert!(err.contains("help: source URLs must start with `http://`, `https://` or `mailto:`"), "{err}");
}

#[test]
fn relative_urls_make_every_internal_link_relative() {
    let s = site();
    s.write("content/2024/07/map.png", b"png");
    s.build_ok(&["--relative-urls"]);
    let page = s.page("2024/07/12/tom-jerry-script-alert-1-script-quoted-single-북한/index.html");
    assert!(page.contains(r#"href="../../../../style.css""#), "{page}");
    assert!(page.contains(r#"href="../../../../tags/nato/index.html""#));
    assert!(page.contains(r#"<link rel="canonical" href="https://host.example/briefs/"#), "canonical stays absolute");
    assert!(page.contains(r#"src="map.png""#), "relative body links untouched");
    for f in s.files().iter().filter(|f| f.ends_with(".html") && *f != "404.html") {
        let html = s.page(f);
        for attr in ["href=\"/", "src=\"/"] {
            assert!(!html.contains(attr), "{f} still has a root link");
        }
        // Every relative link resolves to a file on disk, as it would from file://.
        let dir = std::path::Path::new(f).parent().unwrap().to_path_buf();
        for part in html.split("href=\"").skip(1).chain(html.split("src=\"").skip(1)) {
            let target = part.split('"').next().unwrap().split('#').next().unwrap();
            if target.is_empty() || target.contains(':') {
                continue;
            }
            let joined = s.root().join("public").join(&dir).join(target);
            assert!(joined.exists(), "{f}: {target} does not resolve");
        }
    }
    assert!(s.page("atom.xml").contains("<id>https://host.example/briefs/"), "feeds stay absolute");
}
