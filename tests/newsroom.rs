//! Issue 14: published URLs never break (urls.lock, redirects, aliases), corrections
//! and updates on the record, expiring and scheduled briefings, `--now`.

mod common;

use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::with_config("title: Desk\nbase_url: https://news.example.org/\n");
    s.briefing("2024/07/a.md", "Alpha report", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.briefing("2024/07/b.md", "Bravo report", "2024-07-11", "tags: [nato]\n", "Bravo body.");
    s
}

fn lock(s: &TestSite) -> String {
    std::fs::read_to_string(s.root().join("urls.lock")).unwrap()
}

/// The lines of urls.lock that are not comments.
fn lock_lines(s: &TestSite) -> Vec<String> {
    lock(s).lines().filter(|l| !l.starts_with('#')).map(str::to_string).collect()
}

#[test]
fn a_retitled_briefing_keeps_its_old_urls_as_redirects_in_one_hop() {
    let s = site();
    let err = String::from_utf8(s.run(&["build"]).stderr).unwrap();
    assert!(err.contains("note: urls.lock: recorded 2 new URLs; commit it with your content"), "{err}");
    assert_eq!(
        lock_lines(&s),
        vec!["/2024/07/12/alpha-report/ 2024/07/a", "/2024/07/11/bravo-report/ 2024/07/b"],
        "sorted by id, one line per URL"
    );
    // A headline edit changes the slug; then another one.
    s.briefing("2024/07/a.md", "Alpha report, revised", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.build_ok(&[]);
    s.briefing("2024/07/a.md", "Alpha final", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.build_ok(&[]);
    assert_eq!(
        lock_lines(&s),
        vec![
            "/2024/07/12/alpha-final/ 2024/07/a",
            "/2024/07/12/alpha-report-revised/ 2024/07/a",
            "/2024/07/12/alpha-report/ 2024/07/a",
            "/2024/07/11/bravo-report/ 2024/07/b",
        ]
    );
    // Both old URLs lead straight to the current one: no chain.
    for old in ["2024/07/12/alpha-report/index.html", "2024/07/12/alpha-report-revised/index.html"] {
        let page = s.page(old);
        assert!(page.contains(r#"<meta http-equiv="refresh" content="0; url=/2024/07/12/alpha-final/">"#), "{page}");
        assert!(page.contains(r#"<link rel="canonical" href="https://news.example.org/2024/07/12/alpha-final/">"#));
        assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
        assert!(page.contains(r#"<a href="/2024/07/12/alpha-final/">Alpha final</a>"#), "a visible link: {page}");
    }
    assert_eq!(
        s.page("_redirects"),
        "/2024/07/12/alpha-report-revised/ /2024/07/12/alpha-final/ 301\n/2024/07/12/alpha-report/ /2024/07/12/alpha-final/ 301\n"
    );
    // Redirect pages are not in the sitemap.
    assert!(!s.page("sitemap.xml").contains("alpha-report"));
    // Nothing new to record: the lock is left alone and the build says nothing of it.
    let err = String::from_utf8(s.run(&["build"]).stderr).unwrap();
    assert!(!err.contains("urls.lock"), "{err}");
}

#[test]
fn locked_fails_instead_of_changing_the_lock() {
    let s = site();
    s.build_ok(&[]);
    let before = lock(&s);
    let page_before = s.page("index.html");
    s.briefing("2024/07/a.md", "Alpha renamed", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    let err = s.build_err(&["--locked"]);
    assert!(
        err.contains("error: urls.lock lacks 1 URL this build publishes: `/2024/07/12/alpha-renamed/ 2024/07/a`"),
        "{err}"
    );
    assert!(err.contains("help: build without --locked"), "{err}");
    assert_eq!(lock(&s), before, "the lock is unchanged");
    assert_eq!(s.page("index.html"), page_before, "the output is unchanged");
    // `check --locked` says the same, and plain `check` writes nothing.
    assert!(s.fails(&["check", "--locked"]).contains("urls.lock lacks 1 URL"));
    assert!(s.run(&["check"]).status.success());
    assert_eq!(lock(&s), before);
}

#[test]
fn aliases_redirect_by_hand() {
    let s = site();
    s.briefing(
        "2024/07/c.md",
        "Charlie",
        "2024-07-10",
        "aliases: [/news/2024/charlie.html, /old/charlie/]\n",
        "Charlie body.",
    );
    s.build_ok(&[]);
    for old in ["news/2024/charlie.html", "old/charlie/index.html"] {
        assert!(s.page(old).contains("url=/2024/07/10/charlie/"), "{old}");
    }
    assert!(s.page("_redirects").contains("/old/charlie/ /2024/07/10/charlie/ 301\n"));
    // With relative links the refresh works from a folder or file:// too.
    s.build_ok(&["--relative-urls"]);
    assert!(s.page("old/charlie/index.html").contains(r#"content="0; url=../../2024/07/10/charlie/index.html""#));
}

/// An alias is a URL: its redirect page is the file a static server sends for it, with
/// the escapes decoded (`/post%20formats/` is the folder `post formats/`, as Jekyll
/// writes a category with a space). A space written as is means the same URL.
#[test]
fn an_alias_with_escapes_redirects_from_the_file_a_server_sends_for_it() {
    let s = site();
    s.briefing(
        "2024/07/c.md",
        "Charlie",
        "2024-07-10",
        "aliases: [\"/post%20formats/charlie/\", \"/edge case/charlie/\", \"/%EB%B6%81%ED%95%9C/c/\", \"/a%2Fb/\"]\n",
        "Charlie body.",
    );
    s.briefing(
        "2024/07/d.md",
        "Delta",
        "2024-07-11",
        "",
        "[old](/post%20formats/charlie/) [older](/edge%20case/charlie/)",
    );
    s.build_ok(&[]);
    for file in
        ["post formats/charlie/index.html", "edge case/charlie/index.html", "북한/c/index.html", "a%2Fb/index.html"]
    {
        assert!(s.page(file).contains("url=/2024/07/10/charlie/"), "{file}");
    }
    let redirects = s.page("_redirects");
    for from in ["/post%20formats/charlie/", "/edge%20case/charlie/", "/%EB%B6%81%ED%95%9C/c/"] {
        assert!(redirects.contains(&format!("{from} /2024/07/10/charlie/ 301\n")), "{redirects}");
    }
    assert!(!s.root().join("public/post%20formats").exists());
    let out = s.run(&["check"]);
    assert!(out.status.success(), "links to the old URLs resolve: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_redirect_never_shadows_a_page() {
    // An alias that is another briefing's URL.
    let s = site();
    s.briefing("2024/07/c.md", "Charlie", "2024-07-10", "aliases: [/2024/07/11/bravo-report/]\n", "C.");
    let err = s.build_err(&[]);
    assert!(
        err.contains(
            "error: alias `/2024/07/11/bravo-report/` of `content/2024/07/c.md` is the page of `content/2024/07/b.md`"
        ),
        "{err}"
    );
    // An old URL of the lock that another briefing now takes.
    let s = site();
    s.build_ok(&[]);
    s.briefing("2024/07/a.md", "Alpha moved", "2024-07-12", "tags: [nato]\n", "A.");
    s.build_ok(&[]);
    s.briefing("2024/07/d.md", "Delta", "2024-07-12", "slug: alpha-report\n", "D.");
    let err = s.build_err(&[]);
    assert!(
        err.contains(
            "error: old URL `/2024/07/12/alpha-report/` of `content/2024/07/a.md` is the page of `content/2024/07/d.md`"
        ),
        "{err}"
    );
    assert!(err.contains("delete the line `/2024/07/12/alpha-report/ 2024/07/a` from urls.lock"), "{err}");
    // At the line of the briefing that takes the URL, with no word of translations on a
    // site of one language (stop 53: at `a.md`, with no line).
    assert!(err.contains("--> content/2024/07/d.md:4:7"), "{err}");
    assert!(err.contains("give `content/2024/07/d.md` another slug"), "{err}");
    assert!(!err.contains("translations"), "{err}");
    // Deleting the line gives the URL away.
    let kept: String =
        lock(&s).lines().filter(|l| !l.starts_with("/2024/07/12/alpha-report/ ")).map(|l| format!("{l}\n")).collect();
    s.write("urls.lock", kept);
    s.build_ok(&[]);
    assert!(s.page("2024/07/12/alpha-report/index.html").contains("<h1>Delta</h1>"));
}

/// An alias that is the home page, a built-in page, another briefing's page or not a
/// site path is shown at the alias itself, as other front-matter errors are: the
/// clashes named the file alone, with no line.
#[test]
fn every_alias_error_points_at_its_alias() {
    let s = site();
    s.briefing("2024/07/c.md", "Charlie", "2024-07-10", "aliases:\n  - /old/c/\n  - /\n", "C.");
    let err = s.build_err(&[]);
    assert!(
        err.contains(
            "error: alias `/` of `content/2024/07/c.md` is the built-in page /\n  --> content/2024/07/c.md:6:5\n"
        ),
        "{err}"
    );
    for alias in ["/atom.xml", "/2024/07/11/bravo-report/", "x?y"] {
        let s = site();
        s.briefing("2024/07/c.md", "Charlie", "2024-07-10", &format!("aliases: [/old/c/, \"{alias}\"]\n"), "C.");
        let err = s.build_err(&[]);
        assert!(err.contains("  --> content/2024/07/c.md:4:20\n"), "{alias}: {err}");
    }
}

/// Issue 15: an old URL may not take the file of a feed, the 404 page, robots.txt or
/// another edition's page or old URL either. Such a redirect page was written over the
/// other file, whichever came last, so a cached rebuild (which keeps some pages and
/// renders others) and a clean build left different files at the path.
#[test]
fn issue_15_a_redirect_never_shadows_a_generated_file_or_another_editions_url() {
    for (alias, what) in [
        ("/atom.xml", "built-in page /atom.xml"),
        ("/feed.json", "built-in page /feed.json"),
        ("/404.html", "built-in page /404.html"),
        ("/robots.txt", "built-in page /robots.txt"),
        ("/tags/nato/atom.xml", "feed of tags `nato`"),
        ("/corrections/atom.xml", "built-in page /corrections/atom.xml"),
    ] {
        let s = site();
        s.briefing("2024/07/c.md", "Charlie", "2024-07-10", &format!("aliases: [\"{alias}\"]\n"), "C.");
        let err = s.build_err(&[]);
        assert!(err.contains(&format!("error: alias `{alias}` of `content/2024/07/c.md` is the {what}")), "{err}");
        assert!(err.contains("help: remove the alias"), "{err}");
    }
    let editions = || {
        let s = TestSite::with_config(
            "title: Desk\nbase_url: https://news.example.org/\nlanguage: en\nlanguages:\n  ko: {}\n",
        );
        s.briefing("2024/07/a.md", "Alpha report", "2024-07-12", "tags: [nato]\n", "Alpha body.");
        s
    };
    // A Korean briefing's alias that is a page of the default edition.
    for (alias, what) in [
        ("/archive/", "built-in page /archive/"),
        ("/tags/nato/", "page of tags `nato`"),
        ("/2024/07/", "month page /2024/07/"),
    ] {
        let s = editions();
        s.briefing("ko/2024/07/k.md", "케이", "2024-07-11", &format!("aliases: [\"{alias}\"]\n"), "K.");
        let err = s.build_err(&[]);
        assert!(err.contains(&format!("error: alias `{alias}` of `content/ko/2024/07/k.md` is the {what}")), "{err}");
    }
    // One alias in two editions.
    let s = editions();
    s.briefing("2024/07/b.md", "Bravo report", "2024-07-11", "aliases: [/legacy/x/]\n", "B.");
    s.briefing("ko/2024/07/k.md", "케이", "2024-07-11", "aliases: [/legacy/x/]\n", "K.");
    let err = s.build_err(&[]);
    assert!(
        err.contains(
            "error: alias `/legacy/x/` of `content/ko/2024/07/k.md` is the redirect to `content/2024/07/b.md`"
        ),
        "{err}"
    );
}

#[test]
fn a_deleted_briefing_keeps_its_url_in_the_lock_and_no_page() {
    let s = site();
    s.build_ok(&[]);
    std::fs::remove_file(s.root().join("content/2024/07/b.md")).unwrap();
    s.build_ok(&[]);
    assert!(lock_lines(&s).contains(&"/2024/07/11/bravo-report/ 2024/07/b".to_string()));
    assert!(!s.exists("2024/07/11/bravo-report/index.html"), "the old URL answers 404.html");
    // It comes back: the same URL, no redirect.
    s.briefing("2024/07/b.md", "Bravo report", "2024-07-11", "tags: [nato]\n", "Bravo body.");
    s.build_ok(&[]);
    assert!(s.page("2024/07/11/bravo-report/index.html").contains("<h1>Bravo report</h1>"));
}

#[test]
fn an_id_outlives_the_file_and_two_files_may_not_share_one() {
    let s = site();
    s.briefing("2024/07/e.md", "Echo", "2024-07-09", "id: echo-story\n", "E.");
    s.build_ok(&[]);
    assert!(lock_lines(&s).contains(&"/2024/07/09/echo/ echo-story".to_string()));
    // Moved to another file and retitled: the id keeps its history.
    std::fs::remove_file(s.root().join("content/2024/07/e.md")).unwrap();
    s.briefing("2024/moved.md", "Echo retold", "2024-07-09", "id: echo-story\n", "E.");
    s.build_ok(&[]);
    assert!(s.page("2024/07/09/echo/index.html").contains("url=/2024/07/09/echo-retold/"));
    s.briefing("2024/07/f.md", "Foxtrot", "2024-07-09", "id: echo-story\n", "F.");
    let err = s.build_err(&[]);
    assert!(
        err.contains("id `echo-story` of `content/2024/moved.md` is also the id of `content/2024/07/f.md`")
            || err.contains("id `echo-story` of `content/2024/07/f.md` is also the id of `content/2024/moved.md`"),
        "{err}"
    );
}

#[test]
fn a_broken_lock_line_points_at_its_line() {
    let s = site();
    s.write("urls.lock", "# mine\n/2024/07/12/alpha-report/ 2024/07/a\nnot a path\n");
    let err = s.build_err(&[]);
    assert!(err.contains("error: not a `URL ID` line\n  --> urls.lock:3:1"), "{err}");
}

#[test]
fn corrections_and_updates_are_on_the_record() {
    let s = site();
    s.briefing(
        "2024/07/a.md",
        "Alpha report",
        "2024-07-12T09:00:00Z",
        "tags: [nato]\ncorrections:\n  - date: 2024-07-13T08:00:00Z\n    text: \"The summit was in *Washington*, not Vilnius.\"\n  - date: 2024-07-12T20:00:00Z\n    text: \"A figure was wrong <b>here</b>.\"\nupdates:\n  - date: 2024-07-14T07:00:00Z\n    text: \"Added the [declaration](https://example.org/d).\"\n",
        "Alpha body.",
    );
    s.briefing(
        "2024/07/b.md",
        "Bravo report",
        "2024-07-11",
        "corrections:\n  - date: 2024-07-13T09:00:00Z\n    text: Bravo fix.\n",
        "Bravo body.",
    );
    s.build_ok(&[]);
    let page = s.page("2024/07/12/alpha-report/index.html");
    let notices = page.split("<section class=\"record\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(notices.contains(r#"<li id="correction-2" class="correction"><strong>Correction</strong>, <time datetime="2024-07-13T08:00:00+00:00">July 13, 2024</time>: The summit was in <em>Washington</em>, not Vilnius.</li>"#), "{notices}");
    assert!(notices.contains("A figure was wrong &lt;b&gt;here&lt;/b&gt;."), "raw HTML in a notice is text: {notices}");
    assert!(notices.contains(r#"<a href="https://example.org/d">declaration</a>"#), "{notices}");
    assert!(notices.find("correction-2").unwrap() < notices.find("correction-1").unwrap(), "newest first");
    // Corrections and updates in one list, newest first: the update of July 14 before the
    // corrections of July 13 and 12 (all corrections came first, then all updates).
    assert!(notices.find(r#"id="update-1""#).unwrap() < notices.find("correction-2").unwrap(), "{notices}");
    // dateModified is the newest notice; JSON-LD carries the corrections.
    assert!(page.contains(r#""dateModified":"2024-07-14T07:00:00+00:00""#), "{page}");
    assert!(page.contains(r#""@type":"CorrectionComment","datePublished":"2024-07-13T08:00:00+00:00","text":"The summit was in Washington, not Vilnius.""#));
    // The feed entry's updated follows.
    let feed = feed_rs::parser::parse(s.page("atom.xml").as_bytes()).unwrap();
    let alpha = feed.entries.iter().find(|e| e.title.as_ref().unwrap().content == "Alpha report").unwrap();
    assert_eq!(alpha.updated.unwrap().to_rfc3339(), "2024-07-14T07:00:00+00:00");
    // The byline's "Updated" and the list item's say the same time (none of them wrote
    // `updated:`), on the page and in lists.
    let updated = r#"Updated <time datetime="2024-07-14T07:00:00+00:00">July 14, 2024"#;
    assert!(page.contains(updated), "{page}");
    assert!(s.page("2024/07/12/index.html").contains(updated));
    assert!(
        s.page("2024/07/11/bravo-report/index.html").contains(r#"Updated <time datetime="2024-07-13T09:00:00+00:00">"#)
    );
    // Every correction of the site, newest first, on a page and in a feed.
    let list = s.page("corrections/index.html");
    let order: Vec<usize> =
        ["Bravo fix.", "Washington", "A figure was wrong"].iter().map(|t| list.find(t).expect(t)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{list}");
    assert!(list.contains(r#"href="/2024/07/12/alpha-report/#correction-2""#), "{list}");
    let feed = feed_rs::parser::parse(s.page("corrections/atom.xml").as_bytes()).unwrap();
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    assert_eq!(titles, vec!["Correction: Bravo report", "Correction: Alpha report", "Correction: Alpha report"]);
    assert_eq!(feed.entries[1].links[0].href, "https://news.example.org/2024/07/12/alpha-report/#correction-2");
}

#[test]
fn malformed_notices_point_at_their_line() {
    let s = site();
    s.write(
        "content/2024/07/a.md",
        "---\ntitle: A\ndate: 2024-07-12\ncorrections:\n  - date: 2024-07-13\n  - text: no date\n  - date: 2024-02-30\n    text: bad date\n---\nBody.\n",
    );
    let err = s.build_err(&[]);
    assert!(err.contains("error: corrections entry 1 has no text\n  --> content/2024/07/a.md:5:3"), "{err}");
    assert!(err.contains("error: corrections entry 2 has no date\n  --> content/2024/07/a.md:6:3"), "{err}");
    assert!(err.contains("error: invalid date `2024-02-30` in corrections entry 3"), "{err}");
    assert!(err.contains("content/2024/07/a.md:7:11"), "{err}");
    let s = site();
    s.write(
        "content/2024/07/a.md",
        "---\ntitle: A\ndate: 2024-07-12\nupdates:\n  - date: 2024-07-14\n    txt: typo\n---\n",
    );
    let err = s.build_err(&[]);
    assert!(err.contains("unknown field `txt`") && err.contains("--> content/2024/07/a.md:6:5"), "{err}");
    // A notice dated after the build is shown at once: a warning at its date (stop 53:
    // published without a word), an error with --strict.
    let s = site();
    s.write(
        "content/2024/07/a.md",
        "---\ntitle: A\ndate: 2024-07-12\ncorrections:\n  - date: 2024-07-13\n    text: Fixed.\n  - date: 2024-07-20\n    text: Later.\nupdates:\n  - date: 2024-07-21\n    text: Even later.\n---\nBody.\n",
    );
    let err = s.stderr_ok(&["build", "--now", "2024-07-15"]);
    assert!(
        err.contains("warning: correction dated 2024-07-20, later than this build: it is shown now, with that date\n  --> content/2024/07/a.md:7:11"),
        "{err}"
    );
    assert!(err.contains("warning: update dated 2024-07-21") && err.contains("content/2024/07/a.md:10:11"), "{err}");
    assert!(!err.contains("2024-07-13,"), "{err}");
    assert!(s.page("2024/07/12/a/index.html").contains("Later."));
    s.build_err(&["--now", "2024-07-15", "--strict"]);
    assert!(!s.stderr_ok(&["build", "--now", "2024-07-22"]).contains("warning"));
}

#[test]
fn an_expired_briefing_leaves_every_list_but_keeps_its_page() {
    let s = site();
    s.briefing("2024/07/c.md", "Charlie", "2024-07-10", "tags: [nato]\nexpires: 2024-07-20T12:00:00Z\n", "C body.");
    // Before it expires: listed, and the build says when the output will change.
    let out = s.run(&["build", "--now", "2024-07-15"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("note: the output changes by itself at 2024-07-20T12:00:00+00:00 (content/2024/07/c.md expires); rebuild then"),
        "{err}"
    );
    assert!(s.page("index.html").contains("Charlie"));
    // After: its page stays, marked, and nothing lists it.
    let out = s.run(&["build", "--now", "2024-07-21"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("note: 1 briefing past its `expires:` taken out of every list:\n  content/2024/07/c.md"),
        "{err}"
    );
    assert!(err.contains("note: nothing scheduled or expiring"), "{err}");
    let page = s.page("2024/07/10/charlie/index.html");
    assert!(page.contains("This briefing expired on"), "{page}");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    for f in [
        "index.html",
        "tags/nato/index.html",
        "2024/07/index.html",
        "atom.xml",
        "feed.json",
        "search/data/d/0.json",
        "search/data/w/0.json",
        "sitemap.xml",
        "tags/nato/atom.xml",
    ] {
        assert!(!s.page(f).contains("Charlie") && !s.page(f).contains("charlie"), "{f} still lists it");
    }
    assert!(!s.exists("2024/07/10/index.html"), "its day has no other briefing");
    assert!(!s.page("2024/07/11/bravo-report/index.html").contains("Charlie"), "not a neighbour either");
    // `expired: remove` drops the page too.
    s.write("site.yaml", "title: Desk\nbase_url: https://news.example.org/\nexpired: remove\n");
    s.build_ok(&["--now", "2024-07-21"]);
    assert!(!s.exists("2024/07/10/charlie/index.html"));
}

/// The text of the first `<p class="meta">` of a page, or of its `<label for="q">`.
fn page_meta(html: &str) -> String {
    let start = html.find(r#"<p class="meta">"#).or_else(|| html.find(r#"<label for="q">"#)).expect("a meta line");
    let line = &html[start..];
    let text = &line[line.find('>').unwrap() + 1..];
    text[..text.find('<').unwrap()].to_string()
}

#[test]
fn counts_leave_out_an_expired_briefing_as_the_lists_do() {
    let s = site();
    s.write(
        "content/2024/07/a.md",
        "---\ntitle: Alpha report\ndate: 2024-07-12\ntags: [nato]\nauthors: [Desk A]\n---\nA.\n",
    );
    s.briefing(
        "2024/07/c.md",
        "Charlie",
        "2024-07-10",
        "tags: [nato, gone]\nauthors: [Desk A, Desk C]\nexpires: 2024-07-20T12:00:00Z\n",
        "C body.",
    );
    s.build_ok(&["--now", "2024-07-21"]);
    let metas: Vec<(&str, String)> =
        ["archive/index.html", "tags/index.html", "authors/index.html", "search/index.html"]
            .into_iter()
            .map(|f| (f, page_meta(&s.page(f))))
            .collect();
    assert_eq!(
        metas,
        vec![
            ("archive/index.html", "2 briefings in 2024".to_string()),
            ("tags/index.html", "1 tag across 2 briefings".to_string()),
            ("authors/index.html", "1 author across 2 briefings".to_string()),
            ("search/index.html", "Search 2 briefings by title, tag, summary or text".to_string()),
        ]
    );
    let manifest: serde_json::Value = serde_json::from_str(&s.page("search/data/manifest.json")).unwrap();
    assert_eq!(manifest["docs"], 2);
    // Term counts too: `nato` lists two, and the expired briefing's other terms are gone.
    let count = |html: &str, term: &str| {
        let at = html.find(&format!(">{term}</a> <span class=\"count\">")).map(|i| &html[i..]);
        at.map(|t| t[t.find("count\">").unwrap() + 7..].split('<').next().unwrap().to_string())
    };
    let (tags, authors) = (s.page("tags/index.html"), s.page("authors/index.html"));
    assert_eq!(
        [count(&tags, "nato"), count(&tags, "gone"), count(&authors, "Desk A"), count(&authors, "Desk C")],
        [Some("2".to_string()), None, Some("1".to_string()), None]
    );
}

#[test]
fn an_expired_briefing_adds_no_empty_page_to_the_home_list() {
    let s = site();
    s.write("site.yaml", "title: Desk\nbase_url: https://news.example.org/\npaginate: 2\n");
    s.briefing("2024/07/c.md", "Charlie", "2024-07-10", "expires: 2024-07-20T12:00:00Z\n", "C body.");
    s.build_ok(&["--now", "2024-07-21"]);
    assert_eq!(common::item_titles(&s.page("index.html")), ["Alpha report", "Bravo report"]);
    let pages: Vec<String> = common::files_under(&s.public()).into_iter().filter(|f| f.starts_with("page/")).collect();
    assert_eq!(pages, Vec::<String>::new(), "two listed briefings fill one page");
    assert!(!s.page("sitemap.xml").contains("/page/2/"));
}

#[test]
fn now_builds_as_of_another_time_and_check_lists_the_schedule() {
    let s = site();
    s.briefing("2024/07/g.md", "Golf", "2024-07-20T09:00:00+09:00", "", "G.");
    let out = s.run(&["build", "--now", "2024-07-19"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note: 1 scheduled briefing dated in the future skipped"), "{err}");
    assert!(err.contains("at 2024-07-20T00:00:00+00:00 (content/2024/07/g.md scheduled)"), "{err}");
    assert!(!s.page("index.html").contains("Golf"));
    s.build_ok(&["--now", "2024-07-20T00:00:00Z"]);
    assert!(s.page("index.html").contains("Golf"));
    let out = s.run(&["check", "--now", "2024-07-19"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note: scheduled: content/2024/07/g.md"), "{err}");
    let err = s.fails(&["build", "--now", "yesterday"]);
    assert!(err.contains("error: invalid time `yesterday`") && err.contains("--> --now"), "{err}");
}

/// A build as of a later time is a preview: what is dated after the clock's time is
/// published nowhere yet, so urls.lock does not record it, and a headline changed
/// before the release leaves no redirect from the embargoed one (stop 53: it did).
#[test]
fn a_preview_as_of_a_later_time_records_nothing_dated_after_the_clock() {
    let s = site();
    s.briefing("2099/12/budget.md", "Embargo: budget full text", "2099-12-20T09:00:00Z", "", "Budget.");
    s.build_ok(&[]);
    let preview = s.root().join("preview");
    let err = s.stderr_ok(&["build", "--now", "2099-12-21", "-o", preview.to_str().unwrap()]);
    assert!(preview.join("2099/12/20/embargo-budget-full-text/index.html").exists(), "the preview shows it");
    assert!(!err.contains("urls.lock"), "{err}");
    assert!(!lock(&s).contains("2099/12/budget"), "{}", lock(&s));
    s.briefing("2099/12/budget.md", "Budget: tax cuts for all", "2099-12-20T09:00:00Z", "", "Budget.");
    s.build_ok(&["--now", "2099-12-21"]);
    assert!(!lock(&s).contains("embargo"), "{}", lock(&s));
    assert!(!s.root().join("public/2099/12/20/embargo-budget-full-text").exists());
    assert!(!s.exists("_redirects"), "no old URL at all");
    // As of an earlier time, what was published then is recorded, as before.
    s.briefing("2024/07/c.md", "Charlie report", "2024-07-13", "", "C.");
    s.build_ok(&["--now", "2024-07-14"]);
    assert!(lock(&s).contains("/2024/07/13/charlie-report/ 2024/07/c"), "{}", lock(&s));
}

/// Regression: `content/index.md` had the empty id (a bundle named by its folder, and
/// it has none), so the first build wrote a urls.lock line without an id, and every
/// later build and check failed reading it. A file name holding a line break would
/// have split its line in two.
#[test]
fn every_id_written_to_the_lock_reads_back() {
    let s = site();
    s.briefing("index.md", "Root index", "2024-02-01", "", "At the top of content.");
    s.build_ok(&[]);
    assert!(lock_lines(&s).contains(&"/2024/02/01/root-index/ index".to_string()), "{:?}", lock_lines(&s));
    s.build_ok(&[]);
    s.stderr_ok(&["check"]);
    s.write("content/2024/07/two\nlines.md", "---\ntitle: Two lines\ndate: 2024-07-02\n---\nBody.\n");
    let err = s.build_err(&[]);
    assert!(err.contains("the file's path holds control characters (a line break, say), and so would its id"), "{err}");
    assert!(err.contains("give it an `id:`"), "{err}");
    assert!(!lock(&s).contains("two"), "nothing of it recorded: {}", lock(&s));
}

/// A file renamed (its id is its path) keeps its URL, and its older URLs follow it: the
/// new id takes over the URLs of the id no file has now, said in a warning once, and
/// recorded, so a later headline fix leaves none of them behind. A long headline's cut
/// slug is taken over too: before, the gone id's URL counted as another briefing's, so
/// the renamed file took its uncut slug, and its published URL answered 404.
#[test]
fn a_renamed_file_keeps_its_urls() {
    let s = site();
    s.build_ok(&[]);
    s.briefing("2024/07/a.md", "Alpha report, revised", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.build_ok(&[]);
    std::fs::rename(s.root().join("content/2024/07/a.md"), s.root().join("content/2024/07/alpha.md")).unwrap();
    let err = s.stderr_ok(&["build"]);
    assert!(
        err.contains("warning: it publishes `/2024/07/12/alpha-report-revised/`, a URL of `2024/07/a`, which no file has now: that briefing's file was renamed or moved, so this is it, and its other old URL now leads here"),
        "{err}"
    );
    assert!(err.contains("content/2024/07/alpha.md"), "{err}");
    assert!(err.contains("write `id: 2024/07/a`"), "{err}");
    let redirect = r#"<meta http-equiv="refresh" content="0; url=/2024/07/12/alpha-report-revised/">"#;
    assert!(s.page("2024/07/12/alpha-report/index.html").contains(redirect), "the first URL leads to the renamed file");
    assert!(s.page("2024/07/12/alpha-report-revised/index.html").contains("Alpha body."));
    let published = s.public();
    let rebuilt = common::tree(&published);
    // Recorded: the next build says nothing, and a clean one makes the same site.
    let err = s.stderr_ok(&["build"]);
    assert!(!err.contains("warning"), "{err}");
    std::fs::remove_dir_all(s.public()).unwrap();
    std::fs::remove_dir_all(s.root().join(".brief-cache")).unwrap();
    s.build_ok(&[]);
    common::assert_same_tree(&common::tree(&published), &rebuilt, "a clean build after the rename");
    // A headline fix after the rename: every URL the briefing had leads to the new one.
    s.briefing("2024/07/alpha.md", "Alpha final", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.build_ok(&[]);
    for old in ["alpha-report", "alpha-report-revised"] {
        let page = s.page(&format!("2024/07/12/{old}/index.html"));
        assert!(page.contains(r#"content="0; url=/2024/07/12/alpha-final/">"#), "{old}: {page}");
    }
    // A long headline, cut: the renamed file keeps the cut slug it published.
    let long = "Ceasefire talks resume in Doha as mediators press both sides for a ninety-day humanitarian pause";
    s.briefing("2024/07/talks.md", long, "2024-07-10", "", "Talks body.");
    s.build_ok(&[]);
    let cut = "2024/07/10/ceasefire-talks-resume-in-doha-as-mediators-press-both-sides-for-a-ninety-day/index.html";
    assert!(s.page(cut).contains("Talks body."));
    std::fs::rename(s.root().join("content/2024/07/talks.md"), s.root().join("content/2024/07/doha-talks.md")).unwrap();
    let err = s.stderr_ok(&["build"]);
    assert!(err.contains("a URL of `2024/07/talks`, which no file has now"), "{err}");
    assert!(s.page(cut).contains("Talks body."), "the cut URL is still the briefing's page");
    assert!(!s.exists(
        "2024/07/10/ceasefire-talks-resume-in-doha-as-mediators-press-both-sides-for-a-ninety-day-humanitarian-pause"
    ));
}

/// An alias whose last part has no extension is a folder, as Hugo writes it: `/old` was
/// the file `old`, which a static host sends as a download, and `/2024/05` (a month's
/// folder) failed the build with a bare system error at the output, while `check`
/// passed. A clash of an alias is pointed at where the alias is written.
#[test]
fn an_alias_without_an_extension_is_a_folder() {
    let s = site();
    s.raw_briefing("2024/07/c.md", "title: Charlie\ndate: 2024-07-10\naliases:\n  - /old\n  - /legacy.html\n", "C.");
    s.build_ok(&[]);
    assert!(s.page("old/index.html").contains(r#"content="0; url=/2024/07/10/charlie/">"#));
    assert!(s.page("legacy.html").contains(r#"content="0; url=/2024/07/10/charlie/">"#), "a file name stays a file");
    assert!(s.page("_redirects").contains("/old/ /2024/07/10/charlie/ 301\n"), "{}", s.page("_redirects"));
    s.raw_briefing("2024/07/d.md", "title: Delta\ndate: 2024-07-09\naliases: [/x/, \"/2024/07\"]\n", "D.");
    for args in [&["build"][..], &["check"][..]] {
        let err = s.fails(args);
        assert!(
            err.contains("error: alias `/2024/07/` of `content/2024/07/d.md` is the month page /2024/07/"),
            "{err}"
        );
        assert!(err.contains("content/2024/07/d.md:4:"), "at the alias's line: {err}");
        assert!(err.contains(r#"4 | aliases: [/x/, "/2024/07"]"#), "{err}");
    }
    s.raw_briefing("2024/07/d.md", "title: Delta\ndate: 2024-07-09\naliases: [/old/]\n", "D.");
    let err = s.fails(&["build"]);
    assert!(
        err.contains("error: alias `/old/` of `content/2024/07/d.md` is also an old URL of `content/2024/07/c.md`"),
        "{err}"
    );
    // One alias alone, not in a list, as Hugo reads it (it was a type error).
    s.raw_briefing("2024/07/d.md", "title: Delta\ndate: 2024-07-09\naliases: /single\n", "D.");
    s.build_ok(&[]);
    assert!(s.page("single/index.html").contains(r#"content="0; url=/2024/07/09/delta/">"#));
    s.raw_briefing("2024/07/d.md", "title: Delta\ndate: 2024-07-09\naliases: 5\n", "D.");
    let err = s.fails(&["build"]);
    assert!(err.contains("expected a site path, or a list of them"), "{err}");
}

/// What a second look at takeovers found: a second rename took over from both earlier
/// ids (two warnings, URLs counted twice); a draft that still has the id counted as
/// gone; a file made again at the renamed one's path clashed with the lines taken over;
/// and with cut slugs, a briefing that had published its whole slug's URL took the
/// renamed one's cut URL (and its identity).
#[test]
fn takeovers_move_the_lines_once_and_only_from_ids_no_file_has() {
    let s = site();
    s.build_ok(&[]);
    s.briefing("2024/07/a.md", "Alpha two", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    s.build_ok(&[]);
    let dir = s.root().join("content/2024/07");
    std::fs::rename(dir.join("a.md"), dir.join("b2.md")).unwrap();
    s.build_ok(&[]);
    std::fs::rename(dir.join("b2.md"), dir.join("c.md")).unwrap();
    let err = s.stderr_ok(&["build"]);
    assert_eq!(err.matches("warning: it publishes").count(), 1, "{err}");
    assert!(err.contains("a URL of `2024/07/b2`, which no file has now"), "{err}");
    assert!(err.contains("recorded 2 new URLs"), "{err}");
    assert_eq!(
        lock_lines(&s).iter().filter(|l| l.contains("alpha")).cloned().collect::<Vec<_>>(),
        vec!["/2024/07/12/alpha-report/ 2024/07/c", "/2024/07/12/alpha-two/ 2024/07/c"],
        "the lines moved to the new id"
    );
    // A file made again at a renamed file's path is a new briefing.
    s.briefing("2024/07/a.md", "Another alpha", "2024-07-13", "", "New.");
    s.build_ok(&[]);
    assert!(s.page("2024/07/12/alpha-report/index.html").contains("url=/2024/07/12/alpha-two/"));
    // A draft keeps its id: a copy of a briefing is not a rename of it.
    std::fs::copy(dir.join("b.md"), dir.join("b-copy.md")).unwrap();
    s.briefing("2024/07/b.md", "Bravo next", "2024-07-14", "draft: true\n", "Draft.");
    // Nor may the copy take the draft's URL: the draft would clash with it when it comes
    // back (stop 53: the lock kept the URL for both ids, without a word).
    let err = s.fails(&["build"]);
    assert!(!err.contains("warning: it publishes"), "{err}");
    assert!(
        err.contains("error: it publishes `/2024/07/11/bravo-report/`, which urls.lock keeps for `2024/07/b`: that briefing's file is there, but it is not published now"),
        "{err}"
    );
    assert!(err.contains("--> content/2024/07/b-copy.md:2:8"), "at the title the URL comes from: {err}");
    assert!(lock_lines(&s).contains(&"/2024/07/11/bravo-report/ 2024/07/b".to_string()), "the draft keeps its line");
    assert!(!lock(&s).contains("2024/07/b-copy"), "nothing recorded for the copy: {}", lock(&s));
    // Nor may an alias take it (stop 53: its redirect led the draft's readers to
    // another story).
    std::fs::remove_file(dir.join("b-copy.md")).unwrap();
    s.briefing("2024/07/e.md", "Echo", "2024-07-15", "aliases: [/2024/07/11/bravo-report/]\n", "E.");
    let err = s.fails(&["build"]);
    assert!(
        err.contains("error: alias `/2024/07/11/bravo-report/` is a URL urls.lock keeps for `2024/07/b`")
            && err.contains("--> content/2024/07/e.md:4:11"),
        "{err}"
    );
    std::fs::remove_file(dir.join("e.md")).unwrap();
    std::fs::copy(dir.join("a.md"), dir.join("b-copy.md")).unwrap();
    s.briefing("2024/07/b-copy.md", "Bravo report", "2024-07-11", "", "Copy.");
    s.briefing("2024/07/b.md", "Bravo report", "2024-07-11", "", "Back.");
    s.fails(&["build"]);
    std::fs::remove_file(dir.join("b-copy.md")).unwrap();
    s.build_ok(&[]);
    assert!(s.page("2024/07/11/bravo-report/index.html").contains("Back."), "the draft back at its URL");

    // Cut slugs: m published the cut URL, n its whole slug; m renamed keeps the cut one.
    let s = site();
    let head = "Ceasefire talks resume in Doha as mediators press both sides for a ninety-day humanitarian";
    s.briefing("2024/07/m.md", &format!("{head} pause"), "2024-07-10", "", "Pause.");
    s.build_ok(&[]);
    s.briefing("2024/07/n.md", &format!("{head} corridor"), "2024-07-10", "", "Corridor.");
    s.build_ok(&[]);
    let cut = "2024/07/10/ceasefire-talks-resume-in-doha-as-mediators-press-both-sides-for-a-ninety-day";
    let whole = format!("{cut}-humanitarian-corridor");
    assert!(s.page(&format!("{whole}/index.html")).contains("Corridor."));
    std::fs::rename(s.root().join("content/2024/07/m.md"), s.root().join("content/2024/07/z.md")).unwrap();
    let err = s.stderr_ok(&["build"]);
    assert!(err.contains("a URL of `2024/07/m`"), "{err}");
    assert!(err.contains("content/2024/07/z.md"), "the renamed file took it over: {err}");
    assert!(s.page(&format!("{cut}/index.html")).contains("Pause."));
    assert!(s.page(&format!("{whole}/index.html")).contains("Corridor."), "n keeps its URL");
}

/// The content files under public/ (the test's are `.png`, `.csv` and `.svg`).
fn copied(s: &TestSite) -> Vec<String> {
    s.files().into_iter().filter(|f| [".png", ".csv", ".svg"].iter().any(|e| f.ends_with(e))).collect()
}

/// The files of a briefing or page bundle that is not published (a draft, one
/// scheduled, one expired and removed) are not published either, at their content
/// path or anywhere: a draft's chart is as embargoed as the draft. Loose files beside
/// a published briefing stay, files in a folder without briefings keep their path,
/// and `--drafts`, `--future` or the draft's release bring each file with its page.
#[test]
fn the_files_of_an_unpublished_briefing_are_not_published() {
    let s = TestSite::with_config("title: Desk\ntimezone: UTC\nexpired: remove\n");
    let now = ["--now", "2024-12-01"];
    s.briefing("2024/07/a.md", "Alpha", "2024-07-01", "", "![c](chart.png)");
    s.briefing("2024/07/d.md", "Delta", "2024-07-02", "draft: true\n", "![c](chart.png)");
    s.write("content/2024/07/chart.png", "beside a published and a draft briefing");
    s.briefing("2024/07/secret/index.md", "Secret", "2024-07-03", "draft: true\n", "![m](map.png)");
    s.write("content/2024/07/secret/map.png", "a draft bundle's map");
    s.write("content/2024/07/secret/data/poll.csv", "a draft bundle's data");
    s.briefing("2024/08/fut.md", "Future", "2099-07-01", "", "![f](f.png)");
    s.write("content/2024/08/f.png", "beside a scheduled briefing only");
    s.briefing("2024/09/old.md", "Old", "2024-09-01", "expires: 2024-10-01\n", "![o](o.png)");
    s.write("content/2024/09/o.png", "beside an expired and removed briefing only");
    s.write("content/pages/team/index.md", "---\ntitle: Team\ndraft: true\n---\n![p](photo.png)\n");
    s.write("content/pages/team/photo.png", "a draft page bundle's photo");
    s.write("content/images/logo.svg", "<svg/>");
    s.build_ok(&now);
    assert_eq!(copied(&s), ["2024/07/01/alpha/chart.png", "images/logo.svg"]);
    s.build_ok(&[&now[..], &["--drafts", "--future"]].concat());
    assert_eq!(
        copied(&s),
        [
            "2024/07/01/alpha/chart.png",
            "2024/07/02/delta/chart.png",
            "2024/07/03/secret/data/poll.csv",
            "2024/07/03/secret/map.png",
            "2099/07/01/future/f.png",
            "images/logo.svg",
            "team/photo.png",
        ]
    );
    // The draft bundle released: a rebuild (the cache read back) brings its files,
    // byte for byte what a clean build makes.
    s.build_ok(&now);
    s.briefing("2024/07/secret/index.md", "Secret", "2024-07-03", "", "![m](map.png)");
    s.build_ok(&now);
    let clean = s.tmp().join("clean");
    s.build_ok(&[&now[..], &["--no-cache", "-o", clean.to_str().unwrap()]].concat());
    common::assert_same_tree(&common::tree(&s.public()), &common::tree(&clean), "a rebuild after the release");
    assert_eq!(
        copied(&s),
        [
            "2024/07/01/alpha/chart.png",
            "2024/07/03/secret/data/poll.csv",
            "2024/07/03/secret/map.png",
            "images/logo.svg"
        ]
    );
}

/// On a site with several languages a bundle's files go with the editions whose version
/// is published: beside the English page only while the Korean one is a draft, and
/// nowhere while both are.
#[test]
fn a_bundles_files_go_only_with_its_published_translations() {
    let s = TestSite::with_config("title: Desk\ntimezone: UTC\nlanguage: en\nlanguages:\n  ko: {}\n");
    s.briefing("2024/07/a.md", "Alpha", "2024-07-01", "", "Body.");
    s.briefing("2024/07/x/index.md", "Map", "2024-07-02", "", "![m](map.png)");
    s.briefing("2024/07/x/index.ko.md", "지도", "2024-07-02", "draft: true\n", "![m](map.png)");
    s.write("content/2024/07/x/map.png", "map");
    s.build_ok(&[]);
    assert_eq!(copied(&s), ["2024/07/02/map/map.png"]);
    s.briefing("2024/07/x/index.md", "Map", "2024-07-02", "draft: true\n", "![m](map.png)");
    s.build_ok(&[]);
    assert_eq!(copied(&s), Vec::<String>::new());
    s.build_ok(&["--drafts"]);
    assert_eq!(copied(&s), ["2024/07/02/map/map.png", "ko/2024/07/02/지도/map.png"]);
}
