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

/// A strings file's YAML errors are placed and worded as site.yaml's and front
/// matter's: the stray quote itself (after a comment), an unclosed list at its `[`,
/// and the position printed once, not also inside the message.
#[test]
fn a_strings_file_yaml_error_points_where_front_matter_errors_do() {
    let s = site("de");
    s.write("i18n/de.yaml", "# Deutsch\n\nnav:\n  latest: \"a \"b\" c\"\n");
    let err = s.build_err(&[]);
    assert!(
        err.starts_with(
            "error: invalid interface strings: did not find expected key while parsing a block mapping\n  --> i18n/de.yaml:4:15\n"
        ),
        "{err}"
    );
    s.write("i18n/de.yaml", "nav:\n  latest: [oops\n  archive: Archiv\nsearch: x\n");
    let err = s.build_err(&[]);
    assert!(err.contains("  --> i18n/de.yaml:2:11\n"), "{err}");
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

/// An English site with French, Korean, Arabic and Japanese editions, each with what
/// makes the theme write text of its own: lists past their first page (one briefing a
/// page), tags, an author, a correction, an old URL, an expired briefing (French) and a
/// standalone page with an update (Arabic, Japanese).
fn editions() -> TestSite {
    let s = TestSite::with_config(
        "title: Desk\nlanguage: en\nbase_url: https://d.example/\npaginate: 1\n\
         languages:\n  fr: {}\n  ko: {}\n  ar: {}\n  ja: {}\n",
    );
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "tags: [nato]\n", "Alpha body.");
    for lang in ["fr", "ko", "ar"] {
        let a = format!(
            "tags: [nato, dprk]\nauthors: [Kim]\naliases: [/{lang}/old/a/]\n\
             corrections:\n  - date: 2024-07-13T08:00:00Z\n    text: Fixed a figure.\n"
        );
        s.briefing(&format!("{lang}/2024/07/a.md"), "Alpha <&>", "2024-07-12", &a, "Alpha body.");
        s.briefing(&format!("{lang}/2024/06/b.md"), "Bravo", "2024-06-19", "tags: [nato]\nauthors: [Kim]\n", "B.");
        s.briefing(&format!("{lang}/2024/08/c.md"), "Charlie", "2024-08-02", "tags: [nato]\n", "C.");
    }
    s.briefing("fr/2024/07/d.md", "Delta", "2024-07-10", "expires: 2024-07-20T12:00:00Z\n", "D.");
    for lang in ["ar", "ja"] {
        s.write(
            &format!("content/{lang}/pages/about.md"),
            "---\ntitle: About\ndate: 2024-07-01\nupdated: 2024-07-05\n---\nAbout us.\n",
        );
    }
    s.build_ok(&[]);
    s
}

/// `html` has every `present` text and no `absent` one; a failure names them all.
#[track_caller]
fn assert_has(html: &str, present: &[&str], absent: &[&str]) {
    let missing: Vec<&&str> = present.iter().filter(|p| !html.contains(**p)).collect();
    let found: Vec<&&str> = absent.iter().filter(|a| html.contains(**a)).collect();
    assert!(missing.is_empty() && found.is_empty(), "missing {missing:?}, unwanted {found:?} in:\n{html}");
}

/// The default theme wrote these in English on every edition.
#[test]
fn list_pages_count_in_the_editions_language() {
    let s = editions();
    assert_has(&s.page("ko/index.html"), &[">태그 2개 모두 보기</a>"], &["All 2 tags"]);
    assert_has(&s.page("ko/tags/index.html"), &["브리핑 3건, 태그 2개"], &["across", "briefings"]);
    assert_has(&s.page("ko/authors/index.html"), &["브리핑 3건, 필자 1명"], &["across", "1 author"]);
    assert_has(&s.page("ko/archive/index.html"), &["2024년 브리핑 3건"], &["briefings in 2024"]);
    let corrections = s.page("ko/corrections/index.html");
    assert_has(
        &corrections,
        &["최신순. 지금까지 1건 · ", r#"<span class="vh"> (Alpha &lt;&amp;&gt;)</span>"#],
        &["so far", " on Alpha"],
    );
    let fr = s.page("fr/tags/index.html");
    assert_has(&fr, &["<p class=\"meta\">2 thèmes pour "], &["across"]);
}

#[test]
fn the_search_page_and_its_script_speak_the_editions_language() {
    let s = editions();
    let search = s.page("ko/search/index.html");
    assert_has(
        &search,
        &[
            ">브리핑 3건을 제목, 태그, 요약, 본문으로 검색</label>",
            r#"<noscript><p class="notice">검색하려면 JavaScript가 필요합니다. 대신 <a href="/ko/archive/">보관함</a>이나 <a href="/ko/tags/">태그</a>를 둘러보세요.</p></noscript>"#,
        ],
        &["Search 3 briefings", "needs JavaScript", "briefings match"],
    );
    // The messages of search.js, every plural form, for the browser to choose from.
    let start = search.find(r#"data-strings=""#).expect("search messages on the status line") + 14;
    let attr = &search[start..start + search[start..].find('"').unwrap()];
    let json: serde_json::Value = serde_json::from_str(&attr.replace("&quot;", "\"").replace("&amp;", "&")).unwrap();
    assert_eq!(json["matches"], serde_json::json!({"other": "‘{query}’ 검색 결과: 브리핑 {n}건"}));
    assert_eq!(json["load_failed"], serde_json::json!({"other": "검색 색인을 불러오지 못했습니다."}));
    let ar = s.page("ar/search/index.html");
    let start = ar.find(r#"data-strings=""#).unwrap() + 14;
    let attr = &ar[start..start + ar[start..].find('"').unwrap()];
    let json: serde_json::Value = serde_json::from_str(&attr.replace("&quot;", "\"").replace("&amp;", "&")).unwrap();
    let forms: Vec<&String> = json["matches"].as_object().unwrap().keys().collect();
    assert_eq!(forms, ["few", "many", "one", "other", "two", "zero"], "Arabic has six forms: {json}");
    let script = std::fs::read_to_string(s.public().join("search.js")).unwrap();
    assert!(script.contains(r#"status.getAttribute("data-strings")"#) && script.contains("Intl.PluralRules"));
}

#[test]
fn page_numbers_expiry_and_updates_are_translated() {
    let s = editions();
    let page2 = s.page("ar/tags/nato/page/2/index.html");
    assert_has(&page2, &[r#"<span class="page-no">، الصفحة 2</span>"#], &[", page 2"]);
    let expired = s.page("fr/2024/07/10/delta/index.html");
    assert_has(
        &expired,
        &["Ce briefing a expiré le <time datetime=\"2024-07-20T12:00:00+00:00\">20 juillet 2024</time> ;"],
        &["This briefing expired", "for the record"],
    );
    for (lang, updated) in [("ar", "حُدّثت"), ("ja", "更新")] {
        let about = s.page(&format!("{lang}/about/index.html"));
        assert_has(&about, &[&format!("<span class=\"sep\"> · </span>{updated} <time")], &["Updated"]);
    }
}

#[test]
fn an_arabic_redirect_page_reads_right_to_left() {
    let s = editions();
    let page = s.page("ar/old/a/index.html");
    assert_has(
        &page,
        &[r#"<html lang="ar" dir="rtl">"#, "<title>نُقلت: Alpha &lt;&amp;&gt; · Desk</title>"],
        &["Moved:", "is now at"],
    );
}

/// Right to left, the previous date is on the right and its arrow points there, as
/// the briefing pages' older and newer links do.
#[test]
fn date_navigation_arrows_mirror_right_to_left() {
    let s = editions();
    let link = |html: &str, rel: &str| {
        let start = html.find(&format!("rel=\"{rel}\">")).expect(rel) + rel.len() + 7;
        html[start..start + html[start..].find("</a>").unwrap()].to_string()
    };
    let ar = s.page("ar/2024/07/12/index.html");
    assert!(link(&ar, "prev").starts_with("→ ") && link(&ar, "next").ends_with(" ←"), "{ar}");
    let fr = s.page("fr/2024/07/12/index.html");
    assert_eq!((link(&fr, "prev"), link(&fr, "next")), ("← 19 juin 2024".into(), "2 août 2024 →".into()));
}

/// `home.all_tags` has a `one` form in English: "All 1 tags" was never right.
#[test]
fn one_tag_is_counted_in_the_singular() {
    let s = site("en");
    s.build_ok(&[]);
    assert_has(&s.page("index.html"), &[r#"<a href="/tags/">1 tag</a>"#], &["1 tags"]);
}

/// A month's title is a heading ("Juillet 2024"); inside a phrase the month keeps the
/// case CLDR writes it in: French lower case, German capitalized nouns.
#[test]
fn a_month_inside_a_phrase_is_not_capitalized_as_a_heading() {
    let fr = site("fr");
    fr.build_ok(&[]);
    assert_has(
        &fr.page("2024/07/index.html"),
        &[
            r#"<time datetime="2024-07">Juillet 2024</time></h1>"#,
            r#"<nav class="chips" aria-label="Jours de juillet 2024">"#,
            r#"<meta name="description" content="Briefings : juillet 2024">"#,
        ],
        &["Jours de Juillet", "Briefings : Juillet"],
    );
    let de = site("de");
    de.build_ok(&[]);
    assert_has(
        &de.page("2024/07/index.html"),
        &[r#"aria-label="Tage im Juli 2024""#, r#"content="Briefings: Juli 2024""#],
        &["im juli"],
    );
}

/// An English site with a French edition and a taxonomy of its own, `topics` (and
/// `regions`, which no French briefing uses).
fn topics_site() -> TestSite {
    let s = TestSite::with_config(
        "title: Desk\nlanguage: en\nbase_url: https://d.example/\ntaxonomies: [tags, topics, regions]\n\
         languages:\n  fr: {}\n",
    );
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "topics: [nuclear, sanctions]\nregions: [asia]\n", "A.");
    s.briefing("2024/07/b.md", "Bravo", "2024-07-13", "topics: [nuclear]\n", "B.");
    s.briefing("fr/2024/07/a.md", "Alpha", "2024-07-12", "topics: [nucléaire]\n", "A.");
    s
}

/// Issue: every edition said "N topics across M briefings" in English ("1 topics" too).
#[test]
fn a_taxonomy_of_the_sites_own_speaks_each_editions_language() {
    let s = topics_site();
    s.build_ok(&[]);
    assert_has(
        &s.page("fr/topics/index.html"),
        &[
            "<title>Topics · Desk</title>",
            r#"<meta name="description" content="Topics : tous les termes de Desk">"#,
            "<h1>Topics</h1>",
            r#"<p class="meta">1 terme pour 1 briefing</p>"#,
        ],
        &["topics across", "1 topics"],
    );
    assert_has(
        &s.page("fr/regions/index.html"),
        &[r#"<p class="empty">Aucun terme pour l’instant.</p>"#],
        &["No regions"],
    );
    assert_has(
        &s.page("fr/topics/nucléaire/index.html"),
        &[r#"<p class="kicker"><a href="/fr/topics/">Topics</a></p>"#],
        &[r#"href="/fr/tags/">Topics"#],
    );
    assert_has(&s.page("topics/index.html"), &[r#"<p class="meta">2 terms across 2 briefings</p>"#], &[]);
}

/// The site names its taxonomy in its own words, per language; a language it gives none
/// for keeps the theme's generic strings in that language rather than the site's English.
#[test]
fn the_site_names_its_taxonomy_in_each_language() {
    let s = topics_site();
    s.write(
        "i18n/en.yaml",
        "taxonomies:\n  topics:\n    title: Subjects\n    count: {one: \"{n} subject\", other: \"{n} subjects\"}\n",
    );
    s.write("i18n/fr.yaml", "taxonomies:\n  topics:\n    count: {one: \"{n} sujet\", other: \"{n} sujets\"}\n");
    s.build_ok(&[]);
    assert_has(
        &s.page("topics/index.html"),
        &[
            "<h1>Subjects</h1>",
            r#"<p class="meta">2 subjects across 2 briefings</p>"#,
            r#"content="Subjects: all terms of Desk""#,
        ],
        &["terms across"],
    );
    assert_has(
        &s.page("topics/nuclear/index.html"),
        &[r#"<p class="kicker"><a href="/topics/">Subjects</a></p>"#],
        &[],
    );
    // French: the site's count; no French title, so the English one, which check reports.
    assert_has(
        &s.page("fr/topics/index.html"),
        &["<h1>Subjects</h1>", r#"<p class="meta">1 sujet pour 1 briefing</p>"#],
        &[],
    );
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 interface string missing in `fr`, shown in the fallback language: taxonomies.topics.title"),
        "{err}"
    );
}

/// A site whose subject taxonomy is not `tags` (it plays the tags' part: the menu's link
/// goes to its list) names it in the menu as it names it elsewhere, not "Tags".
#[test]
fn the_menu_names_a_sites_only_taxonomy_by_its_title() {
    let s = TestSite::with_config(
        "title: Desk\nlanguage: en\nbase_url: https://d.example/\ntaxonomies: [topics]\nlanguages:\n  fr: {}\n",
    );
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "topics: [nuclear]\n", "A.");
    s.briefing("fr/2024/07/a.md", "Alpha", "2024-07-12", "topics: [nucléaire]\n", "A.");
    s.write("i18n/fr.yaml", "taxonomies:\n  topics:\n    title: Sujets\n");
    s.build_ok(&[]);
    assert_has(&s.page("index.html"), &[r#"<li><a href="/topics/">Topics</a></li>"#], &[">Tags</a>"]);
    assert_has(&s.page("fr/index.html"), &[r#"<li><a href="/fr/topics/">Sujets</a></li>"#], &[">Thèmes</a>"]);
}

/// A site whose only taxonomy is `categories`, with a German edition that names it.
fn categories_site() -> TestSite {
    let s = TestSite::with_config(
        "title: Desk\nlanguage: en\nbase_url: https://d.example/\ntaxonomies: [categories]\nlanguages:\n  de: {}\n",
    );
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "categories: [nuclear, sanctions]\n", "A.");
    s.briefing("2024/07/b.md", "Bravo", "2024-07-13", "categories: [nuclear]\n", "B.");
    s.briefing("de/2024/07/a.md", "Alpha", "2024-07-12", "categories: [atom, sanktionen]\n", "A.");
    s.write("i18n/de.yaml", "taxonomies:\n  categories:\n    title: Kategorien\n");
    s
}

/// The lines of a page that name the taxonomy at `site.tags_url` outside the menu: the
/// home rail's headings and links, the search label and the text shown without
/// JavaScript, the 404 page's links.
fn taxonomy_lines(html: &str) -> Vec<&str> {
    let links = html.find(r#"<ul class="links">"#).map_or("", |i| &html[i..i + html[i..].find("</ul>").unwrap()]);
    let marks = ["<h2>", r#"<p class="more">"#, r#"<label for="q">"#, "<noscript>"];
    html.lines().filter(|l| marks.iter().any(|m| l.starts_with(m))).chain(links.lines().skip(1)).collect()
}

/// Issue: a site whose taxonomy is `categories` said "Top tags", "All 2 tags", "All tags"
/// and "Browse the archive or the tags" of its list of categories, though the menu named
/// it. The theme's generic strings name it by its title, in each edition's language.
#[test]
fn a_site_without_tags_names_its_taxonomy_on_home_404_and_search() {
    let s = categories_site();
    s.build_ok(&[]);
    assert_eq!(
        taxonomy_lines(&s.page("index.html")),
        [
            "<h2>Categories</h2>",
            r#"<p class="more"><a href="/categories/">Categories: all 2</a></p>"#,
            "<h2>Recent months</h2>",
            r#"<p class="more"><a href="/archive/">Full archive</a></p>"#,
        ]
    );
    assert_eq!(
        taxonomy_lines(&s.page("404.html")),
        [
            r#"<li><a href="/">Latest briefings</a></li>"#,
            r#"<li><a href="/archive/">Archive by date</a></li>"#,
            r#"<li><a href="/categories/">Categories</a></li>"#,
            r#"<li><a href="/search/">Search</a></li>"#,
        ]
    );
    assert_eq!(
        taxonomy_lines(&s.page("search/index.html")),
        [
            r#"<label for="q">Search 2 briefings by title, summary or text</label>"#,
            r#"<noscript><p class="notice">Search needs JavaScript. Browse instead: <a href="/archive/">Archive</a> or <a href="/categories/">Categories</a>.</p></noscript>"#,
        ]
    );
    assert_eq!(
        taxonomy_lines(&s.page("de/index.html")),
        [
            "<h2>Kategorien</h2>",
            r#"<p class="more"><a href="/de/categories/">Kategorien: alle 2</a></p>"#,
            "<h2>Letzte Monate</h2>",
            r#"<p class="more"><a href="/de/archive/">Gesamtes Archiv</a></p>"#,
        ]
    );
    assert_eq!(
        taxonomy_lines(&s.page("de/search/index.html")),
        [
            r#"<label for="q">1 Briefing nach Titel, Zusammenfassung oder Text durchsuchen</label>"#,
            r#"<noscript><p class="notice">Die Suche braucht JavaScript. Alternativ: <a href="/de/archive/">Archiv</a> oder <a href="/de/categories/">Kategorien</a>.</p></noscript>"#,
        ]
    );
    // The term lists of a briefing and of a list item are labelled by its title too.
    assert_has(
        &s.page("2024/07/12/alpha/index.html"),
        &[r#"<ul class="tags" aria-label="Categories">"#],
        &[r#"aria-label="Tags""#],
    );
    assert_has(
        &s.page("de/index.html"),
        &[r#"<ul class="tags" aria-label="Kategorien">"#],
        &[r#"aria-label="Themen""#],
    );
}

/// A site's own strings for its taxonomy win in their language; an edition it gives none
/// for keeps the theme's generic ones in that edition's language.
#[test]
fn a_sites_own_strings_for_its_taxonomy_win() {
    let s = categories_site();
    s.write(
        "i18n/en.yaml",
        "taxonomies:\n  categories:\n    title: Beats & desks\n    top: Top {taxonomy}\n\
         \x20   all: {one: \"{n} category\", other: \"All {n} categories\"}\n    link: All categories\n\
         \x20   search: {one: \"Search {n} briefing by title or category\", other: \"Search {n} briefings by title or category\"}\n\
         \x20   noscript: \"Search needs JavaScript. Browse the {archive} or {taxonomy} instead.\"\n",
    );
    s.build_ok(&[]);
    assert_eq!(
        taxonomy_lines(&s.page("index.html"))[..2],
        ["<h2>Top Beats &amp; desks</h2>", r#"<p class="more"><a href="/categories/">All 2 categories</a></p>"#,]
    );
    assert_eq!(taxonomy_lines(&s.page("404.html"))[2], r#"<li><a href="/categories/">All categories</a></li>"#);
    assert_eq!(
        taxonomy_lines(&s.page("search/index.html")),
        [
            r#"<label for="q">Search 2 briefings by title or category</label>"#,
            r#"<noscript><p class="notice">Search needs JavaScript. Browse the <a href="/archive/">Archive</a> or <a href="/categories/">All categories</a> instead.</p></noscript>"#,
        ]
    );
    assert_eq!(
        taxonomy_lines(&s.page("de/index.html"))[..2],
        ["<h2>Kategorien</h2>", r#"<p class="more"><a href="/de/categories/">Kategorien: alle 2</a></p>"#]
    );
}

/// A site with `tags` keeps the tags' wording, even when another taxonomy comes first.
#[test]
fn a_site_with_tags_keeps_saying_tags() {
    let s =
        TestSite::with_config("title: Desk\nlanguage: en\nbase_url: https://d.example/\ntaxonomies: [regions, tags]\n");
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "tags: [nato, g7]\nregions: [asia]\n", "A.");
    s.build_ok(&[]);
    assert_eq!(
        taxonomy_lines(&s.page("index.html"))[..2],
        ["<h2>Top tags</h2>", r#"<p class="more"><a href="/tags/">All 2 tags</a></p>"#]
    );
    assert_eq!(taxonomy_lines(&s.page("404.html"))[2], r#"<li><a href="/tags/">All tags</a></li>"#);
    assert_eq!(
        taxonomy_lines(&s.page("search/index.html")),
        [
            r#"<label for="q">Search 1 briefing by title, tag, summary or text</label>"#,
            r#"<noscript><p class="notice">Search needs JavaScript. Browse the <a href="/archive/">archive</a> or the <a href="/tags/">tags</a> instead.</p></noscript>"#,
        ]
    );
}

/// canxin121/duckquill-blog's editions include bn and ur, for which the theme has no
/// strings: the language menu named both "English" ("Read in English"), and their
/// pages fell back to English where README says the site's default language comes
/// first. A language is never named by another's strings; the rest falls back to the
/// default language (ja here), then English.
#[test]
fn a_language_without_strings_keeps_its_own_name_and_falls_back_to_the_default() {
    let s = TestSite::with_config(
        "title: Multi\nbase_url: https://example.org/\nlanguage: ja\nlanguages:\n  bn: {title: ব্লগ}\n  ur: {title: بلاگ}\n",
    );
    s.write("content/2024/07/post.md", "---\ntitle: 投稿\ndate: 2024-07-01\n---\n本文。\n");
    s.write("content/bn/2024/07/post.md", "---\ntitle: পোস্ট\ndate: 2024-07-01\n---\nলেখা।\n");
    s.write("content/ur/2024/07/post.md", "---\ntitle: پوسٹ\ndate: 2024-07-01\n---\nمتن۔\n");
    s.build_ok(&[]);
    let home = s.page("ur/index.html");
    assert!(!home.contains(">English<"), "{home}");
    assert!(home.contains(r#"<nav class="site-nav lang-nav" aria-label="言語">"#), "{home}");
    assert!(home.contains(r#"lang="bn" title="bnで読む">bn</a>"#), "{home}");
    // Urdu is written in Arabic script: right to left, though the strings it falls
    // back to are Japanese (ltr).
    assert!(home.starts_with("<!doctype html>\n<html lang=\"ur\" dir=\"rtl\">"), "{home}");
    assert!(s.page("bn/index.html").contains(r#"<html lang="bn" dir="ltr">"#));
}
