//! Author pages (issue 14): `/authors/`, each author's paginated page and feed, bylines
//! that link to them, `authors.yaml` profiles, and authors kept out of subject terms.

mod common;

use common::{TestSite, item_titles};

/// Three briefings by two authors (one spelled two ways), one page of one per list.
fn site() -> TestSite {
    let s = TestSite::with_config("title: Desk\nbase_url: https://host.example/b/\npaginate: 1\n");
    s.briefing("a.md", "First", "2024-07-10", "tags: [nato]\nauthors: [Kim Jisoo, Lee]\n", "A.");
    s.briefing("b.md", "Second", "2024-07-11", "tags: [nato]\nauthors: [kim jisoo]\n", "B.");
    s.briefing("c.md", "Third", "2024-07-12", "tags: [nato]\n", "C.");
    s
}

const PROFILES: &str = "\
kim-jisoo:
  name: \"Jisoo Kim & Co\"
  bio: \"Covers *NATO* <b>daily</b>; see [her notes](https://notes.example/kim).\"
  links:
    - title: Mastodon
      url: https://social.example/@kim
    - title: Email
      url: mailto:kim@example.org
";

fn json_ld(page: &str) -> serde_json::Value {
    let ld = page.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    serde_json::from_str(ld).unwrap()
}

#[test]
fn authors_get_a_list_paginated_pages_and_feeds() {
    let s = site();
    s.build_ok(&[]);
    let list = s.page("authors/index.html");
    assert!(list.contains("<h1>Authors</h1>"), "{list}");
    assert!(list.contains("2 authors across 3 briefings"), "{list}");
    assert!(list.contains(r#"<a href="/b/authors/kim-jisoo/">Kim Jisoo</a> <span class="count">2</span>"#), "{list}");
    assert!(list.contains(r#"<a href="/b/authors/lee/">Lee</a> <span class="count">1</span>"#), "{list}");
    // Newest first, one a page.
    assert_eq!(item_titles(&s.page("authors/kim-jisoo/index.html")), vec!["Second"]);
    assert_eq!(item_titles(&s.page("authors/kim-jisoo/page/2/index.html")), vec!["First"]);
    assert!(!s.exists("authors/kim-jisoo/page/3/index.html"));
    let xml = s.page("authors/kim-jisoo/atom.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    let titles: Vec<&str> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.as_str()).collect();
    assert_eq!(titles, vec!["Second", "First"]);
    assert_eq!(feed.title.unwrap().content, "Desk — Kim Jisoo");
    // Bylines link to the author pages.
    let first = s.page("2024/07/10/first/index.html");
    assert!(
        first.contains(r#"By <a href="/b/authors/kim-jisoo/" rel="author">Kim Jisoo</a>, <a href="/b/authors/lee/" rel="author">Lee</a>"#),
        "{first}"
    );
    let sitemap = s.page("sitemap.xml");
    for loc in ["authors/", "authors/kim-jisoo/", "authors/kim-jisoo/page/2/", "authors/lee/"] {
        assert!(sitemap.contains(&format!("<loc>https://host.example/b/{loc}</loc>")), "{loc}: {sitemap}");
    }
    let ld = json_ld(&first);
    assert_eq!(
        ld["author"],
        serde_json::json!([
            {"@type": "Person", "name": "Kim Jisoo", "url": "https://host.example/b/authors/kim-jisoo/"},
            {"@type": "Person", "name": "Lee", "url": "https://host.example/b/authors/lee/"},
        ])
    );
    // `check` follows every link of the new pages.
    let out = s.run(&["check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn authors_yaml_gives_a_name_bio_and_links() {
    let s = site();
    s.write("authors.yaml", PROFILES);
    s.build_ok(&[]);
    let page = s.page("authors/kim-jisoo/index.html");
    assert!(page.contains("<h1>Jisoo Kim &amp; Co</h1>"), "{page}");
    assert!(
        page.contains("<p>Covers <em>NATO</em> &lt;b&gt;daily&lt;/b&gt;; see <a href=\"https://notes.example/kim\">her notes</a>.</p>"),
        "{page}"
    );
    assert!(page.contains(r#"<li><a href="https://social.example/@kim" rel="me">Mastodon</a></li>"#), "{page}");
    assert!(page.contains(r#"<li><a href="mailto:kim@example.org" rel="me">Email</a></li>"#), "{page}");
    let description = r#"<meta name="description" content="Covers NATO &lt;b&gt;daily&lt;/b&gt;; see her notes.">"#;
    assert!(page.contains(description), "{page}");
    // The name of authors.yaml is the one shown everywhere.
    let first = s.page("2024/07/10/first/index.html");
    assert!(first.contains(r#"<a href="/b/authors/kim-jisoo/" rel="author">Jisoo Kim &amp; Co</a>"#), "{first}");
    let ld = json_ld(&first);
    assert_eq!(
        ld["author"][0],
        serde_json::json!({
            "@type": "Person",
            "name": "Jisoo Kim & Co",
            "sameAs": ["https://social.example/@kim"],
            "url": "https://host.example/b/authors/kim-jisoo/",
        })
    );
    let atom = feed_rs::parser::parse(s.page("atom.xml").as_bytes()).unwrap();
    let names: Vec<&str> = atom.entries[2].authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Jisoo Kim & Co", "Lee"]);
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    assert_eq!(json["items"][1]["authors"], serde_json::json!([{"name": "Jisoo Kim & Co"}]));
    assert!(s.page("authors/index.html").contains(">Jisoo Kim &amp; Co</a>"));
    // An author without an entry has a plain page.
    let lee = s.page("authors/lee/index.html");
    assert!(!lee.contains("class=\"bio\"") && !lee.contains("author-links"), "{lee}");
    assert!(lee.contains(r#"<meta name="description" content="Briefings by Lee">"#), "{lee}");
}

#[test]
fn authors_are_not_subject_terms() {
    let s = site();
    s.build_ok(&[]);
    let json: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    assert_eq!(json["items"][2]["tags"], serde_json::json!(["nato"]));
    let atom = feed_rs::parser::parse(s.page("atom.xml").as_bytes()).unwrap();
    let cats: Vec<&str> = atom.entries[2].categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(cats, vec!["nato"]);
    assert_eq!(json_ld(&s.page("2024/07/10/first/index.html"))["keywords"], serde_json::json!(["nato"]));
    assert_eq!(s.search_records()[2]["g"], serde_json::json!(["nato"]));
    assert!(!s.page("tags/index.html").contains("Kim"));
    assert!(!s.exists("tags/kim-jisoo/index.html"));
    // Related briefings are by shared tags, not shared authors.
    assert!(s.page("2024/07/10/first/index.html").contains("Related briefings"));
}

#[test]
fn a_site_without_authors_has_no_author_pages() {
    let s = TestSite::new();
    s.briefing("a.md", "First", "2024-07-10", "tags: [nato]\n", "A.");
    s.build_ok(&[]);
    assert!(!s.files().iter().any(|f| f.starts_with("authors/")), "{:?}", s.files());
    assert!(!s.page("2024/07/10/first/index.html").contains("By "));
}

#[test]
fn authors_yaml_problems_point_at_their_line_and_column() {
    let s = site();
    s.write("authors.yaml", "Lee:\n  bio: ok\n  links:\n    - title: Home\n      url: \"javascript:alert(1)\"\n");
    let err = s.build_err(&[]);
    assert!(
        err.contains("error: link URL `javascript:alert(1)` of author `Lee` is not allowed\n  --> authors.yaml:5:13"),
        "{err}"
    );
    assert!(err.contains("help: author links must start with `http://`, `https://` or `mailto:`"), "{err}");
    s.write("authors.yaml", "Lee:\n  bio: ok\n  website: https://x.example/\n");
    let err = s.build_err(&[]);
    assert!(
        err.contains("unknown field `website`, expected one of `name`, `bio`, `links`\n  --> authors.yaml:3:3"),
        "{err}"
    );
    // `check` reports the same.
    assert!(s.fails(&["check"]).contains("authors.yaml:3:3"));
}

#[test]
fn an_entry_for_an_author_who_wrote_nothing_is_a_warning() {
    let s = site();
    s.write("authors.yaml", "Lee: {}\nKim Jisu: {}\n");
    let out = s.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: authors.yaml describes `Kim Jisu`, but no briefing names this author\n  --> authors.yaml:2:1"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `Kim Jisoo`?"), "{stderr}");
    // A draft's author has written something: no warning, and no page yet.
    s.briefing("d.md", "Draft", "2024-07-09", "draft: true\nauthors: [Park]\n", "D.");
    s.write("authors.yaml", "Park: {}\n");
    let out = s.run(&["build"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!s.exists("authors/park/index.html"));
    s.write("authors.yaml", "Nobody: {}\n");
    assert!(s.build_err(&["--strict"]).contains("error: authors.yaml describes `Nobody`"));
}

#[test]
fn authors_cannot_be_a_configured_taxonomy() {
    let s = TestSite::with_config("taxonomies: [tags, authors]\n");
    s.briefing("a.md", "A", "2024-07-10", "", "A.");
    let err = s.build_err(&[]);
    assert!(err.contains("error: `authors` is built in, not a taxonomy to configure\n  --> site.yaml:1:13"), "{err}");
}

#[test]
fn an_author_name_needs_a_letter_or_digit() {
    let s = TestSite::new();
    s.briefing("a.md", "A", "2024-07-10", "authors: [\"—\"]\n", "A.");
    let err = s.build_err(&[]);
    assert!(err.contains("error: author `—` has no letters or digits\n  --> content/a.md:4:"), "{err}");
}

#[test]
fn a_page_at_authors_clashes_with_the_author_list() {
    let s = site();
    s.write("content/pages/authors.md", "---\ntitle: Our authors\n---\nHello.\n");
    let err = s.build_err(&[]);
    assert!(err.contains("URL `/authors/` of `content/pages/authors.md` is already the authors index"), "{err}");
    s.write("static/authors/lee/index.html", "mine");
    std::fs::remove_file(s.root().join("content/pages/authors.md")).unwrap();
    let err = s.build_err(&[]);
    assert!(err.contains("would overwrite `/authors/lee/index.html`, the page of authors `Lee`"), "{err}");
}

/// Regression (the Kubernetes blog's `author:` lists of linked names): author and tag
/// names that differ only past the 80 characters a slug is cut at were one page, and
/// the second briefing showed the first one's byline and tag.
#[test]
fn long_names_that_differ_past_the_cut_are_two_pages() {
    use brief::parse::slug::{slugify_name, slugify_term};
    let s = TestSite::new();
    let by = "[Radostin Stoyanov](https://github.com/rst0git), [Viktória Spišaková](https://github.com/viktoriaas), ";
    let tag = "Kubernetes SIG Network and the Security Response Committee statement on Ingress NGINX, part";
    let (a1, a2) = (
        format!("{by}[Adrian Reber](https://github.com/adrianreber)"),
        format!("{by}[Peter Hunt](https://github.com/haircommander)"),
    );
    let (t1, t2) = (format!("{tag} one"), format!("{tag} two"));
    s.briefing("a.md", "First", "2026-01-21", &format!("tags: [{t1:?}]\nauthors: [{a1:?}]\n"), "A.");
    s.briefing("b.md", "Second", "2026-01-22", &format!("tags: [{t2:?}]\nauthors: [{a2:?}]\n"), "B.");
    // Another spelling of the same whole slug is the same author (shown by the smaller).
    s.briefing("c.md", "Third", "2026-01-23", &format!("authors: [{:?}]\n", format!("{a2} ;")), "C.");
    s.write("authors.yaml", format!("{a2:?}:\n  bio: Three of them.\n"));
    s.build_ok(&[]);
    let dirs = |root: &str| {
        let mut d: Vec<String> = s
            .files()
            .iter()
            .filter_map(|f| f.strip_prefix(root)?.strip_suffix("/index.html").map(str::to_string))
            .filter(|d| !d.contains('/'))
            .collect();
        d.sort();
        d
    };
    let (sa1, sa2) = (slugify_name(&a1), slugify_name(&a2));
    let mut want = vec![sa1.clone(), sa2.clone()];
    want.sort();
    assert_eq!(dirs("authors/"), want);
    let (st1, st2) = (slugify_term(&t1), slugify_term(&t2));
    let mut want = vec![st1.clone(), st2.clone()];
    want.sort();
    assert_eq!(dirs("tags/"), want);
    let esc = |t: &str| t.replace('&', "&amp;");
    let second = s.page("2026/01/22/second/index.html");
    assert!(second.contains(&format!(r#"<a href="/authors/{sa2}/" rel="author">{}</a>"#, esc(&a2))), "{second}");
    assert!(second.contains(&format!(r#"href="/tags/{st2}/""#)) && second.contains(&esc(&t2)), "{second}");
    assert!(!second.contains(&esc(&t1)) && !second.contains("Adrian"), "{second}");
    let first = s.page("2026/01/21/first/index.html");
    assert!(first.contains(&format!(r#"<a href="/authors/{sa1}/" rel="author">{}</a>"#, esc(&a1))), "{first}");
    assert_eq!(item_titles(&s.page(&format!("authors/{sa2}/index.html"))), vec!["Third", "Second"]);
    assert!(s.page(&format!("authors/{sa2}/index.html")).contains("Three of them."));
    assert!(!s.page(&format!("authors/{sa1}/index.html")).contains("Three of them."));
    assert!(s.run(&["check"]).status.success());
}

/// Regression (review repro-7): a tag or author of 64 to 80 four-byte characters was
/// not cut at 80 characters, so it kept its whole slug of 256 to 320 bytes, and the
/// build failed writing a folder no file system holds. A title of such letters too.
#[test]
fn names_and_titles_of_four_byte_letters_fit_a_folder_name() {
    use brief::parse::slug::{MAX_BYTES, slugify_name, slugify_term};
    let s = TestSite::new();
    let (tag, emoji, author) = ("𠀀".repeat(64), "🚀".repeat(70), "𝐀".repeat(80));
    let extra = format!("tags: [{tag:?}, {emoji:?}]\nauthors: [{author:?}]\n");
    s.briefing("a.md", &"𠀀".repeat(64), "2026-01-21", &extra, "A.");
    // Two titles cut alike, each past the limit: one takes the cut slug, one a hash.
    s.briefing("b.md", &format!("{} b", "𠀀".repeat(90)), "2026-01-22", "", "B.");
    s.briefing("c.md", &format!("{} c", "𠀀".repeat(90)), "2026-01-22", "", "C.");
    s.build_ok(&[]);
    for (dir, slug) in
        [("tags", slugify_term(&tag)), ("tags", slugify_term(&emoji)), ("authors", slugify_name(&author))]
    {
        assert!(slug.len() <= MAX_BYTES, "{slug}");
        assert!(s.exists(&format!("{dir}/{slug}/index.html")), "{dir}/{slug}");
    }
    let pages: Vec<String> =
        s.files().into_iter().filter(|f| f.starts_with("2026/") && f.ends_with("/index.html")).collect();
    let slugs: Vec<&str> = pages.iter().filter_map(|f| f.split('/').nth(3)).filter(|s| *s != "index.html").collect();
    assert_eq!(slugs.len(), 3, "{pages:?}");
    assert!(slugs.iter().all(|s| s.len() <= MAX_BYTES), "{slugs:?}");
}
