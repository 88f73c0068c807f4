//! Issue 13: language editions (DESIGN section 8). A fixture site in English (default),
//! Arabic (right-to-left) and Chinese, with translations found by language folder,
//! `.zh.md` suffix, `lang:` and `translation_key:`; each edition has every URL of
//! section 3 under `/<code>/`, holding only its own briefings.

mod common;

use common::TestSite;

fn editions() -> TestSite {
    let s = TestSite::from_fixture("editions");
    s.build_ok(&[]);
    s
}

/// The hrefs of `<link rel="alternate" hreflang>` in a page, as `(hreflang, href)`.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang="))
        .map(|l| {
            let attr = |name: &str| {
                let start = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                l[start..start + l[start..].find('"').unwrap()].to_string()
            };
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

/// `url` with each byte past ASCII percent-encoded (as a sitemap writes URLs).
fn uri(url: &str) -> String {
    url.bytes().map(|b| if b.is_ascii() { char::from(b).to_string() } else { format!("%{b:02X}") }).collect()
}

/// The language menu of a page: `(lang, href, current)` per link.
fn switcher(html: &str) -> Vec<(String, String, bool)> {
    let start = html.find("<nav class=\"site-nav lang-nav\"").expect("a language menu");
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    nav.lines()
        .filter(|l| l.starts_with("<li><a href="))
        .map(|l| {
            let href = l.split("href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let lang = l.split(" lang=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            (lang, href, l.contains("aria-current"))
        })
        .collect()
}

const EN_NATO: &str = "2024/07/11/nato-summit-condemns-arms-transfers-to-russia/index.html";
const AR_NATO: &str = "ar/2024/07/11/قمة-الناتو-تدين-نقل-الأسلحة-إلى-روسيا/index.html";
const ZH_NATO: &str = "zh/2024/07/11/北约峰会谴责向俄罗斯转让武器/index.html";

#[test]
fn every_edition_has_every_url_with_only_its_own_briefings() {
    let s = editions();
    for root in ["", "ar/", "zh/"] {
        for f in [
            "index.html",
            "archive/index.html",
            "tags/index.html",
            "atom.xml",
            "feed.json",
            "search/index.html",
            "search/data/manifest.json",
            "corrections/index.html",
            "corrections/atom.xml",
            "2024/index.html",
            "2024/07/index.html",
            "2024/07/11/index.html",
        ] {
            assert!(s.exists(&format!("{root}{f}")), "{root}{f}");
        }
    }
    assert!(s.exists("ar/about/index.html") && s.exists("about/index.html"));
    assert!(!s.exists("zh/about/index.html"), "no Chinese about page was written");
    // One sitemap, robots.txt and 404 page for the whole site.
    for f in ["sitemap.xml", "robots.txt", "404.html"] {
        assert!(s.exists(f));
        assert!(!s.exists(&format!("ar/{f}")) && !s.exists(&format!("zh/{f}")), "{f}");
    }
    let en = s.page("index.html");
    assert!(en.contains("Seoul and Washington plan joint exercises") && !en.contains("北约") && !en.contains("قمة"));
    let ar = s.page("ar/index.html");
    assert!(ar.contains("قمة الناتو") && ar.contains("سيول تعلق"), "lang: ar puts a briefing in the Arabic edition");
    assert!(!ar.contains("NATO summit") && !ar.contains("北约"), "{ar}");
    let zh = s.page("zh/index.html");
    assert!(zh.contains("北约峰会") && zh.contains("金正恩") && zh.contains("边境附近"), "{zh}");
    assert!(!zh.contains("NATO summit") && !zh.contains("قمة"), "{zh}");
    // Date pages, feeds and search indexes hold their own edition's briefings only.
    let zh_day = s.page("zh/2024/07/11/index.html");
    assert!(zh_day.contains("北约峰会") && !zh_day.contains("NATO summit"));
    // Each edition's search index (its manifest, word shards and document blocks) is
    // under its own root and holds its own briefings.
    let en_search = s.page("search/data/d/0.json");
    assert!(en_search.contains("NATO summit") && !en_search.contains("北约"));
    let zh_search = s.page("zh/search/data/d/0.json");
    assert!(zh_search.contains("北约") && !zh_search.contains("NATO summit"));
    assert!(s.page("zh/search/data/w/0.json").contains("\"北约\""));
    assert!(s.page("zh/search/index.html").contains(r#"data-index="/zh/search/data/manifest.json""#));
}

#[test]
fn pages_say_their_language_and_direction() {
    let s = editions();
    assert!(s.page(EN_NATO).contains(r#"<html lang="en" dir="ltr">"#));
    assert!(s.page(AR_NATO).contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(s.page("ar/index.html").contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(s.page(ZH_NATO).contains(r#"<html lang="zh" dir="ltr">"#));
    // The interface is in the edition's language.
    assert!(s.page("zh/index.html").contains("最新"), "Chinese navigation");
    assert!(s.page("ar/index.html").contains("<title>موجز أمني</title>"), "the edition's own title");
    // JSON-LD names the language.
    assert!(s.page(ZH_NATO).contains(r#""inLanguage":"zh""#));
}

#[test]
fn translations_link_both_ways_with_hreflang_and_the_switcher() {
    let s = editions();
    let abs = |p: &str| format!("https://briefs.example.org/{}", p.trim_end_matches("index.html"));
    let expected = vec![
        ("en".to_string(), abs(EN_NATO)),
        ("ar".to_string(), abs(AR_NATO)),
        ("zh".to_string(), abs(ZH_NATO)),
        ("x-default".to_string(), abs(EN_NATO)),
    ];
    for page in [EN_NATO, AR_NATO, ZH_NATO] {
        assert_eq!(hreflangs(&s.page(page)), expected, "{page}");
    }
    let menu = switcher(&s.page(AR_NATO));
    let link = |p: &str| format!("/{}", p.trim_end_matches("index.html"));
    assert_eq!(
        menu,
        vec![
            ("en".into(), link(EN_NATO), false),
            ("ar".into(), link(AR_NATO), true),
            ("zh".into(), link(ZH_NATO), false)
        ]
    );
    // Linked by translation_key across different file names and folders.
    let pact = s.page("2024/06/19/kim-and-putin-sign-mutual-assistance-pact/index.html");
    assert!(
        pact.contains(r#"hreflang="zh" href="https://briefs.example.org/zh/2024/06/19/金正恩与普京签署互助条约/""#)
    );
    // Bundles: `index.zh.md` is the same briefing, and each version gets the bundle's file.
    assert!(s.page("2024/07/10/drone-sightings-near-the-border/index.html").contains(r#"hreflang="zh""#));
    assert!(s.exists("2024/07/10/drone-sightings-near-the-border/map.svg"));
    assert!(s.exists("zh/2024/07/10/边境附近发现无人机/map.svg"));
    // Pages are translated too.
    assert!(s.page("about/index.html").contains(r#"hreflang="ar" href="https://briefs.example.org/ar/about/""#));
}

#[test]
fn an_untranslated_briefing_has_no_alternates_and_the_switcher_goes_home() {
    let s = editions();
    let page = s.page("2024/07/12/seoul-and-washington-plan-joint-exercises/index.html");
    assert!(hreflangs(&page).is_empty(), "no hreflang without a translation");
    let menu = switcher(&page);
    assert_eq!(menu[1], ("ar".to_string(), "/ar/".to_string(), false));
    assert_eq!(menu[2], ("zh".to_string(), "/zh/".to_string(), false));
    // List pages that exist in every edition link to each other.
    let homes = hreflangs(&s.page("index.html"));
    assert_eq!(homes.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["en", "ar", "zh", "x-default"]);
    // A day only the English and Chinese editions have.
    let day = hreflangs(&s.page("2024/07/12/index.html"));
    assert_eq!(day.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["en", "zh", "x-default"]);
}

#[test]
fn the_same_slug_on_the_same_day_in_two_languages_does_not_clash() {
    let s = editions();
    assert!(s.page("2024/07/12/daily-digest/index.html").contains("Daily digest"));
    assert!(s.page("zh/2024/07/12/daily-digest/index.html").contains("每日摘要"));
}

#[test]
fn tags_belong_to_their_language() {
    let s = editions();
    let en = s.page("tags/nato/index.html");
    let zh = s.page("zh/tags/nato/index.html");
    assert!(en.contains("NATO summit condemns") && !en.contains("北约"), "{en}");
    assert!(zh.contains("北约峰会") && !zh.contains("NATO summit"), "{zh}");
    assert!(s.exists("zh/tags/朝鲜/atom.xml") && !s.exists("tags/朝鲜/index.html"));
    assert!(s.exists("ar/tags/الناتو/index.html"));
}

#[test]
fn month_pages_name_the_month_in_the_edition_language() {
    let s = editions();
    assert!(s.page("zh/2024/07/index.html").contains("<h1><time datetime=\"2024-07\">2024年7月</time></h1>"));
    let ar = s.page("ar/2024/07/index.html");
    assert!(ar.contains("يوليو"), "Arabic month name: {ar}");
    // The example site's Korean and Indonesian editions.
    let ex = TestSite::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), ex.root().join("site.yaml")).unwrap();
    std::fs::copy(repo.join("authors.yaml"), ex.root().join("authors.yaml")).unwrap();
    common::copy_tree(&repo.join("content"), &ex.root().join("content"));
    ex.build_ok(&[]);
    assert!(ex.page("ko/2024/07/index.html").contains("<h1><time datetime=\"2024-07\">2024년 7월</time></h1>"));
    assert!(ex.page("id/2024/07/index.html").contains("<h1><time datetime=\"2024-07\">Juli 2024</time></h1>"));
    assert!(ex.page("id/archive/index.html").contains(">Juni</a>"));
}

#[test]
fn the_sitemap_lists_every_edition_with_its_alternates() {
    let s = editions();
    let xml = s.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    const SM: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let urls: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.has_tag_name((SM, "url"))).collect();
    let loc =
        |n: &roxmltree::Node| n.children().find(|c| c.has_tag_name((SM, "loc"))).unwrap().text().unwrap().to_string();
    let locs: Vec<String> = urls.iter().map(loc).collect();
    assert!(locs.contains(&"https://briefs.example.org/ar/".to_string()));
    // Sitemap URLs are URIs (RFC 3986): each byte past ASCII percent-encoded, once.
    assert!(locs.contains(&uri("https://briefs.example.org/zh/2024/07/11/北约峰会谴责向俄罗斯转让武器/")), "{locs:?}");
    assert!(locs.iter().all(|l| l.is_ascii()), "{locs:?}");
    let nato = urls
        .iter()
        .find(|n| loc(n) == "https://briefs.example.org/2024/07/11/nato-summit-condemns-arms-transfers-to-russia/");
    let alts: Vec<(String, String)> = nato
        .unwrap()
        .children()
        .filter(|c| c.has_tag_name((XHTML, "link")))
        .map(|c| (c.attribute("hreflang").unwrap().to_string(), c.attribute("href").unwrap().to_string()))
        .collect();
    assert_eq!(alts.len(), 4, "{alts:?}");
    assert_eq!(
        alts[1],
        ("ar".into(), uri("https://briefs.example.org/ar/2024/07/11/قمة-الناتو-تدين-نقل-الأسلحة-إلى-روسيا/"))
    );
    let lonely = urls.iter().find(|n| loc(n).ends_with("/seoul-and-washington-plan-joint-exercises/")).expect("listed");
    assert_eq!(lonely.children().filter(|c| c.has_tag_name((XHTML, "link"))).count(), 0);
}

#[test]
fn each_edition_has_feeds_in_its_language() {
    let s = editions();
    for (root, lang, title) in [("", "en", "NATO summit"), ("ar/", "ar", "قمة الناتو"), ("zh/", "zh", "北约峰会")]
    {
        let atom = s.page(&format!("{root}atom.xml"));
        assert!(atom.contains(&format!(r#"xml:lang="{lang}""#)), "{root}");
        let feed = feed_rs::parser::parse(atom.as_bytes()).expect("Atom parses");
        assert!(feed.entries.iter().any(|e| e.title.as_ref().unwrap().content.contains(title)), "{root}");
        let json = s.page(&format!("{root}feed.json"));
        let parsed = feed_rs::parser::parse(json.as_bytes()).expect("JSON Feed parses");
        assert_eq!(parsed.entries.len(), feed.entries.len());
        assert!(
            json.contains(&format!(r#""language":"{lang}""#)) || json.contains(&format!(r#""language": "{lang}""#))
        );
        let tag_feed = feed_rs::parser::parse(s.page(&format!("{root}corrections/atom.xml")).as_bytes());
        assert!(tag_feed.is_ok(), "{root}corrections/atom.xml");
    }
    let zh_tag = feed_rs::parser::parse(s.page("zh/tags/朝鲜/atom.xml").as_bytes()).unwrap();
    assert_eq!(zh_tag.entries.len(), 3);
}

#[test]
fn check_reports_untranslated_briefings_per_language() {
    let s = TestSite::from_fixture("editions");
    let out = s.run(&["check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("translations:"), "{text}");
    let row = |lang: &str| text.lines().find(|l| l.trim_start().starts_with(&format!("{lang} "))).unwrap().to_string();
    let cells = |lang: &str| row(lang).split_whitespace().skip(1).map(str::to_string).collect::<Vec<_>>();
    // en: 5 briefings, 1 of them in Arabic (NATO), 3 in Chinese (NATO, pact, drones).
    assert_eq!(cells("en"), ["5", "-", "1", "3"], "{text}");
    assert_eq!(cells("ar"), ["2", "1", "-", "1"], "{text}");
    assert_eq!(cells("zh"), ["4", "3", "1", "-"], "{text}");
    assert!(
        text.contains(
            "2 `en` briefings without `zh`:\n  content/2024/07/daily-digest.md\n  content/2024/07/only-english.md"
        ),
        "{text}"
    );
}

#[test]
fn new_writes_into_the_edition_folder() {
    let s = TestSite::from_fixture("editions");
    let out = s.run(&["new", "--lang", "zh", "--date", "2024-08-01", "朝鲜发射导弹"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "content/zh/2024/08/朝鲜发射导弹.md");
    // Arabic has a folder too; a language without one would get `content/<code>/`.
    let out = s.run(&["new", "--lang", "AR", "--date", "2024-08-01", "Launch"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "content/ar/2024/08/launch.md");
    let bad = s.run(&["new", "--lang", "ko", "X"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--lang") && err.contains("language `ko` is not configured") && err.contains("en, ar, zh"),
        "{err}"
    );
}

#[test]
fn language_errors_name_the_file_and_line() {
    let s = TestSite::from_fixture("editions");
    s.write("content/2024/07/x.md", "---\ntitle: X\ndate: 2024-07-01\nlang: ko\n---\nBody.\n");
    let err = s.build_err(&[]);
    assert!(err.contains("content/2024/07/x.md:4:7") && err.contains("language `ko` is not configured"), "{err}");

    let s = TestSite::from_fixture("editions");
    s.write(
        "content/zh/2024/07/twin.md",
        "---\ntitle: 孪生\ndate: 2024-07-01\ntranslation_key: kim-putin-pact\n---\n正文。\n",
    );
    let err = s.build_err(&[]);
    assert!(
        err.contains("translation_key `kim-putin-pact`") && err.contains("content/zh/2024/06/kim-putin.md"),
        "{err}"
    );
    // At the key's line (stop 53: the file alone).
    assert!(err.contains("--> content/zh/2024/07/twin.md:4:18"), "{err}");

    // A default-language page may not take another edition's root.
    let s = TestSite::from_fixture("editions");
    s.write("content/pages/zh.md", "---\ntitle: Chinese\n---\nText.\n");
    let err = s.build_err(&[]);
    assert!(err.contains("content/pages/zh.md") && err.contains("the `zh` edition's root"), "{err}");

    let s = TestSite::with_config("language: en\nlanguages:\n  en-GB: {}\n  x!: {}\n");
    s.briefing("2024/07/a.md", "A", "2024-07-01", "", "Body.");
    let err = s.build_err(&[]);
    assert!(err.contains("invalid language code `x!`"), "{err}");
}

/// A site in English (default), French and Arabic at two briefings a page: an English
/// briefing that has expired and its live French translation, and a day that has two
/// pages in English and French but one in Arabic.
fn expiring_editions() -> TestSite {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://briefs.example.org/\nlanguage: en\npaginate: 2\n\
         languages:\n  fr: { title: Bureau }\n  ar: { title: مكتب }\n",
    );
    s.briefing("2024/02/alpha.md", "Alpha", "2024-02-01", "translation_key: alpha\nexpires: 2024-02-20\n", "Gone.");
    s.briefing("fr/2024/02/autre.md", "Alpha FR", "2024-02-02", "translation_key: alpha\n", "Un.");
    for n in 1..=3 {
        s.briefing(&format!("2024/03/n{n}.md"), &format!("Note {n}"), &format!("2024-03-15T0{n}:00:00Z"), "", "B.");
        s.briefing(
            &format!("fr/2024/03/n{n}.md"),
            &format!("Note FR {n}"),
            &format!("2024-03-15T0{n}:00:00Z"),
            "",
            "B.",
        );
    }
    s.briefing("ar/2024/03/n1.md", "ملاحظة", "2024-03-15T01:00:00Z", "", "B.");
    s.build_ok(&["--now", "2024-06-01"]);
    s
}

/// The `xhtml:link` alternates of the sitemap entry whose `loc` is `loc`, as
/// `(hreflang, href)`; `None` when no entry has that `loc`.
fn sitemap_alternates(xml: &str, loc: &str) -> Option<Vec<(String, String)>> {
    let doc = roxmltree::Document::parse(xml).expect("the sitemap is XML");
    const SM: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name((SM, "url")))
        .find(|n| n.children().any(|c| c.has_tag_name((SM, "loc")) && c.text() == Some(loc)))?;
    let links = url.children().filter(|c| c.has_tag_name((XHTML, "link")));
    Some(links.map(|c| (c.attribute("hreflang").unwrap().into(), c.attribute("href").unwrap().into())).collect())
}

#[test]
fn an_expired_translation_is_no_alternate() {
    let s = expiring_editions();
    const EN: &str = "2024/02/01/alpha/index.html";
    const FR: &str = "fr/2024/02/02/alpha-fr/index.html";
    // The French page is the only live version: no hreflang set, no x-default to the
    // expired English page, and its menu leads to the English home as for an
    // untranslated briefing.
    let fr = s.page(FR);
    assert_eq!(hreflangs(&fr), vec![]);
    assert_eq!(switcher(&fr)[0], ("en".to_string(), "/".to_string(), false));
    let xml = s.page("sitemap.xml");
    assert_eq!(sitemap_alternates(&xml, "https://briefs.example.org/fr/2024/02/02/alpha-fr/"), Some(vec![]));
    assert_eq!(sitemap_alternates(&xml, "https://briefs.example.org/2024/02/01/alpha/"), None, "expired: not listed");
    // The expired page (noindex) names no alternates either, but its menu still leads
    // readers to the live translation.
    let en = s.page(EN);
    assert_eq!(hreflangs(&en), vec![]);
    assert_eq!(switcher(&en)[1], ("fr".to_string(), "/fr/2024/02/02/alpha-fr/".to_string(), false));
}

#[test]
fn later_pages_of_a_list_link_to_the_same_page_of_the_other_editions() {
    let s = expiring_editions();
    let abs = |p: &str| format!("https://briefs.example.org{p}");
    let fr_day = s.page("fr/2024/03/15/page/2/index.html");
    assert_eq!(
        hreflangs(&fr_day),
        vec![
            ("en".to_string(), abs("/2024/03/15/page/2/")),
            ("fr".to_string(), abs("/fr/2024/03/15/page/2/")),
            ("x-default".to_string(), abs("/2024/03/15/page/2/")),
        ]
    );
    // The Arabic day has one page: the menu goes to it, and no hreflang names it.
    assert_eq!(
        switcher(&fr_day),
        vec![
            ("en".to_string(), "/2024/03/15/page/2/".to_string(), false),
            ("fr".to_string(), "/fr/2024/03/15/page/2/".to_string(), true),
            ("ar".to_string(), "/ar/2024/03/15/".to_string(), false),
        ]
    );
    let home = s.page("page/2/index.html");
    assert_eq!(
        switcher(&home),
        vec![
            ("en".to_string(), "/page/2/".to_string(), true),
            ("fr".to_string(), "/fr/page/2/".to_string(), false),
            ("ar".to_string(), "/ar/".to_string(), false),
        ]
    );
    let xml = s.page("sitemap.xml");
    assert_eq!(
        sitemap_alternates(&xml, &abs("/page/2/")),
        Some(vec![
            ("en".to_string(), abs("/page/2/")),
            ("fr".to_string(), abs("/fr/page/2/")),
            ("x-default".to_string(), abs("/page/2/")),
        ])
    );
}

#[test]
fn sitemap_urls_are_percent_encoded_once_and_feeds_keep_theirs() {
    // A base path written already encoded (`büro`) stays as it is; the slug is encoded.
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://host.example/b%C3%BCro/\nlanguage: en\nlanguages:\n  fr: { title: Bureau }\n",
    );
    s.briefing("2024/03/note.md", "Election note", "2024-03-15T08:00:00Z", "translation_key: n\n", "B.");
    s.briefing("fr/2024/03/note.md", "Note électorale", "2024-03-15T09:00:00Z", "translation_key: n\n", "B.");
    s.build_ok(&["--now", "2024-03-16"]);
    const FR: &str = "https://host.example/b%C3%BCro/fr/2024/03/15/note-%C3%A9lectorale/";
    const EN: &str = "https://host.example/b%C3%BCro/2024/03/15/election-note/";
    let xml = s.page("sitemap.xml");
    let alts = vec![("en".to_string(), EN.to_string()), ("fr".into(), FR.into()), ("x-default".into(), EN.into())];
    assert_eq!(sitemap_alternates(&xml, FR), Some(alts), "{xml}");
    let news = s.page("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&news).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert_eq!(locs, [EN, FR]);
    assert!(s.page("robots.txt").contains("Sitemap: https://host.example/b%C3%BCro/sitemap.xml\n"));
    // Atom takes IRIs, and an entry's id must not change: the feed keeps the readable URL.
    let atom = s.page("fr/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let ids: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("id")).filter_map(|n| n.text()).collect();
    assert_eq!(ids.last(), Some(&"https://host.example/b%C3%BCro/fr/2024/03/15/note-électorale/"), "{atom}");
}

#[test]
fn an_empty_feed_is_as_new_as_the_newest_briefing() {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://briefs.example.org/\nlanguage: en\ntimezone: Asia/Seoul\n\
         languages:\n  fr: { title: Bureau }\n  ar: { title: مكتب }\n",
    );
    s.briefing("2024/03/old.md", "Old", "2024-03-01", "", "B.");
    s.briefing("2024/03/new.md", "New", "2024-03-15T09:30:00+09:00", "updated: 2024-03-20T10:00:00+09:00\n", "B.");
    s.briefing("fr/2024/03/n.md", "Note", "2024-03-10", "", "B.");
    s.build_ok(&["--now", "2024-06-01"]);
    let updated = |f: &str| {
        let doc = s.page(f);
        let start = doc.find("<updated>").expect("an updated") + "<updated>".len();
        doc[start..start + doc[start..].find('<').unwrap()].to_string()
    };
    let feeds: Vec<(&str, String)> =
        ["corrections/atom.xml", "fr/corrections/atom.xml", "ar/corrections/atom.xml", "ar/atom.xml"]
            .into_iter()
            .map(|f| (f, updated(f)))
            .collect();
    assert_eq!(
        feeds,
        vec![
            // No correction: the edition's newest briefing's date.
            ("corrections/atom.xml", "2024-03-15T09:30:00+09:00".to_string()),
            ("fr/corrections/atom.xml", "2024-03-10T00:00:00+09:00".to_string()),
            // An edition with no briefing: the newest of the site.
            ("ar/corrections/atom.xml", "2024-03-15T09:30:00+09:00".to_string()),
            ("ar/atom.xml", "2024-03-15T09:30:00+09:00".to_string()),
        ]
    );
    // The site feed is as new as its newest change, as before.
    assert_eq!(updated("atom.xml"), "2024-03-20T10:00:00+09:00");
}

/// The `<updated>` of a feed of `s`.
fn feed_updated(s: &TestSite, feed: &str) -> String {
    let doc = s.page(feed);
    let start = doc.find("<updated>").expect("an updated") + "<updated>".len();
    doc[start..start + doc[start..].find('<').unwrap()].to_string()
}

/// Issue: a site that listed no briefing in any edition dated its feeds 1970. It takes
/// the newest date its content states: here an expired briefing's expiry (when it left
/// the feeds), later than its own dates and than a standalone page's.
#[test]
fn a_site_listing_no_briefing_dates_its_feeds_by_its_content() {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://briefs.example.org/\nlanguage: en\nlanguages:\n  fr: {}\n",
    );
    s.briefing("2024/03/gone.md", "Gone", "2024-03-01", "updated: 2024-03-05\nexpires: 2024-04-01T12:00:00Z\n", "B.");
    s.write("content/fr/pages/about.md", "---\ntitle: À propos\ndate: 2024-02-01\nupdated: 2024-03-20\n---\nA.\n");
    s.build_ok(&["--now", "2024-06-01"]);
    let feeds = ["atom.xml", "corrections/atom.xml", "fr/atom.xml", "fr/corrections/atom.xml"];
    let got: Vec<String> = feeds.iter().map(|f| feed_updated(&s, f)).collect();
    assert_eq!(got, vec!["2024-04-01T12:00:00+00:00"; 4]);
    // Without the briefing, the page's update is the newest date.
    std::fs::remove_file(s.root().join("content/2024/03/gone.md")).unwrap();
    s.build_ok(&["--now", "2024-06-01"]);
    assert_eq!(feed_updated(&s, "atom.xml"), "2024-03-20T00:00:00+00:00");
}

/// An edit of an unlisted briefing re-dates the empty feed on an incremental build too;
/// a site with nothing dated at all says the epoch, as documented.
#[test]
fn an_empty_feed_follows_an_edit_of_an_unlisted_briefing() {
    let s = TestSite::with_config("title: Desk\nbase_url: https://briefs.example.org/\n");
    std::fs::create_dir_all(s.root().join("content")).unwrap();
    s.build_ok(&[]);
    assert_eq!(feed_updated(&s, "atom.xml"), "1970-01-01T00:00:00+00:00");
    let front = "expires: 2024-04-01T12:00:00Z\n";
    s.briefing("2024/03/gone.md", "Gone", "2024-03-01", front, "B.");
    s.build_ok(&["--now", "2024-06-01"]);
    assert_eq!(feed_updated(&s, "atom.xml"), "2024-04-01T12:00:00+00:00");
    // `updated:` is not part of what places a briefing: the build takes the short way.
    s.briefing("2024/03/gone.md", "Gone", "2024-03-01", &format!("{front}updated: 2024-05-02\n"), "B.");
    s.build_ok(&["--now", "2024-06-01"]);
    assert_eq!(feed_updated(&s, "atom.xml"), "2024-05-02T00:00:00+00:00");
}

/// A news desk's site.yaml names its editions `zh_TW` and `en_GB` (DESIGN section 8
/// reads `zh_tw` as `zh-TW`): `<html lang>`, `hreflang` and the language menu said
/// `zh_TW`, which is no BCP 47 tag (validators and search engines reject it).
#[test]
fn a_code_written_with_an_underscore_is_written_with_a_hyphen() {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://desk.example.org/\nlanguage: en_GB\nlanguages:\n  zh_TW: { title: 區域安全簡報 }\n",
    );
    s.raw_briefing(
        "2026/03/red-sea.md",
        "title: Red Sea shipping\ndate: 2026-03-14\ntranslation_key: red-sea\n",
        "Premiums rose.",
    );
    s.raw_briefing(
        "zh_TW/2026/03/red-sea.md",
        "title: 紅海航運\ndate: 2026-03-14\ntranslation_key: red-sea\n",
        "保費再度上漲。",
    );
    s.build_ok(&[]);
    let zh = s.page("zh-tw/2026/03/14/紅海航運/index.html");
    assert!(zh.contains(r#"<html lang="zh-TW" dir="ltr">"#), "{}", &zh[..200]);
    let langs: Vec<String> = hreflangs(&zh).into_iter().map(|(l, _)| l).collect();
    assert_eq!(langs, ["en-GB", "zh-TW", "x-default"]);
    let menu: Vec<String> = switcher(&zh).into_iter().map(|(l, _, _)| l).collect();
    assert_eq!(menu, ["en-GB", "zh-TW"]);
    assert!(s.page("index.html").contains(r#"<html lang="en-GB""#));
    let sitemap = s.page("sitemap.xml");
    assert!(!sitemap.contains("zh_TW") && sitemap.contains(r#"hreflang="zh-TW""#), "{sitemap}");
}

/// A long title's cut slug that another briefing's cut slug meets later stays with the
/// briefing that published it (urls.lock says which), and the newcomer takes its whole
/// slug: in every edition. An edition under its own root looked the URL up in
/// urls.lock without its root, found nobody, and gave the cut URL to the older
/// briefing, so the published page moved.
#[test]
fn a_cut_slug_stays_with_the_briefing_that_published_it_in_every_edition() {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://desk.example.org/\nlanguages:\n  ko: { title: 데스크 }\n",
    );
    let title = "Weekly digest of security advisories for the Ruby, Python and Node ecosystems, week of 26 March";
    let cut = "weekly-digest-of-security-advisories-for-the-ruby-python-and-node-ecosystems";
    // Part `part` of the digest, at `time` on the same day, in both editions.
    let both = |name: &str, part: &str, time: &str| {
        for dir in ["", "ko/"] {
            s.raw_briefing(
                &format!("{dir}2018/03/{name}.md"),
                &format!("title: \"{title}: part {part}\"\ndate: 2018-03-28T{time}:00Z\n"),
                &format!("Part {part}."),
            );
        }
    };
    both("later", "two", "10:00");
    s.build_ok(&[]);
    for root in ["", "ko/"] {
        assert!(s.page(&format!("{root}2018/03/28/{cut}/index.html")).contains("Part two."), "{root}");
    }
    // An older briefing whose slug is cut to the same URL comes in after.
    both("earlier", "one", "09:00");
    s.build_ok(&[]);
    for root in ["", "ko/"] {
        let kept = s.page(&format!("{root}2018/03/28/{cut}/index.html"));
        assert!(kept.contains("Part two.") && !kept.contains("Part one."), "{root}: the published page stays");
        let whole = s.page(&format!("{root}2018/03/28/{cut}-week-of-26-march-part-one/index.html"));
        assert!(whole.contains("Part one."), "{root}: the newcomer takes its whole slug");
    }
}

/// A briefing's identity is its path without the language part (DESIGN section 9), so
/// its published URL keeps working when it moves to another language (`lang:`, or its
/// file into a language folder) or when only another language's version of it is left:
/// the old URL leads there, as a page and in `_redirects`, and a clean build of the
/// same files says the same.
#[test]
fn an_old_url_follows_its_briefing_into_another_language() {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://desk.example.org/\nlanguages:\n  ko: { title: 데스크 }\n",
    );
    s.raw_briefing("2024/07/border.md", "title: Border talks resume\ndate: 2024-07-03\n", "Talks resumed.");
    s.raw_briefing("2024/07/port.md", "title: Port closed\ndate: 2024-07-04\n", "The port closed.");
    s.raw_briefing(
        "2024/07/port.ko.md",
        "title: 항구 폐쇄\ndate: 2024-07-04\nslug: port-closed-ko\n",
        "항구가 폐쇄되었다.",
    );
    s.build_ok(&[]);
    let leads = |old: &str, to: &str| {
        let page = s.page(&format!("{}index.html", old.trim_start_matches('/')));
        assert!(page.contains(&format!("url={to}\"")) && page.contains("noindex"), "{old} should lead to {to}: {page}");
        let list = s.page("_redirects");
        assert!(list.contains(&format!("{old} {to} 301\n")), "{old} → {to} in _redirects: {list}");
    };
    // Moved to Korean by its front matter.
    s.raw_briefing("2024/07/border.md", "title: Border talks resume\ndate: 2024-07-03\nlang: ko\n", "Talks resumed.");
    s.build_ok(&[]);
    leads("/2024/07/03/border-talks-resume/", "/ko/2024/07/03/border-talks-resume/");
    // Its file moved into the Korean folder instead: the same briefing, the same lead.
    std::fs::remove_file(s.root().join("content/2024/07/border.md")).unwrap();
    s.raw_briefing("ko/2024/07/border.md", "title: Border talks resume\ndate: 2024-07-03\n", "Talks resumed.");
    s.build_ok(&[]);
    leads("/2024/07/03/border-talks-resume/", "/ko/2024/07/03/border-talks-resume/");
    // The English version of a translated briefing deleted: its URL leads to the Korean.
    std::fs::remove_file(s.root().join("content/2024/07/port.md")).unwrap();
    s.build_ok(&[]);
    leads("/2024/07/04/port-closed/", "/ko/2024/07/04/port-closed-ko/");
    let lock = std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
    assert!(lock.contains("/2024/07/04/port-closed/ 2024/07/port\n"), "{lock}");
    // A clean build (no build cache, no earlier output) makes the same site, byte for
    // byte.
    let rebuilt = common::tree(&s.public());
    std::fs::remove_dir_all(s.root().join(".brief-cache")).ok();
    std::fs::remove_dir_all(s.public()).unwrap();
    s.build_ok(&[]);
    common::assert_same_tree(&common::tree(&s.public()), &rebuilt, "a clean build");
    leads("/2024/07/04/port-closed/", "/ko/2024/07/04/port-closed-ko/");
    // Back in English: the URL is its page again, and leads nowhere else.
    s.raw_briefing("2024/07/port.md", "title: Port closed\ndate: 2024-07-04\n", "The port closed.");
    s.build_ok(&[]);
    let page = s.page("2024/07/04/port-closed/index.html");
    assert!(page.contains("The port closed.") && !page.contains("noindex"), "{page}");
    assert!(!s.page("_redirects").contains("/2024/07/04/port-closed/ "), "{}", s.page("_redirects"));
}

/// A translated briefing's file renamed in one language has a new id there, while its
/// translation keeps the old one, whose URL in that language the renamed file now
/// publishes: an error, as before, but one that says what happened and what to write,
/// rather than "remove the alias" (there is none). With that `id:` it builds, and the
/// translations are one briefing again.
#[test]
fn a_translation_renamed_in_one_language_is_told_to_keep_its_id() {
    let s = TestSite::with_config(
        "title: Desk\nbase_url: https://news.example.org/\nlanguage: en\nlanguages:\n  zh-TW: { title: 每日 }\n",
    );
    s.briefing("2026/12/rate-decision.md", "Central bank holds rates steady", "2026-12-03", "", "Body.");
    s.briefing("zh-tw/2026/12/rate-decision.md", "央行維持利率不變", "2026-12-03", "", "內文。");
    s.build_ok(&[]);
    let en = s.root().join("content/2026/12");
    std::fs::rename(en.join("rate-decision.md"), en.join("central-bank-rates.md")).unwrap();
    let err = s.build_err(&[]);
    assert!(
        err.contains("error: old URL `/2026/12/03/central-bank-holds-rates-steady/` of `content/zh-tw/2026/12/rate-decision.md` is the page of `content/2026/12/central-bank-rates.md`"),
        "{err}"
    );
    assert!(
        err.contains("if `content/2026/12/central-bank-rates.md` is that briefing (its file renamed or moved, or given an `id:`), give it the id its translations have (`id: 2026/12/rate-decision`)"),
        "{err}"
    );
    assert!(!err.contains("remove the alias"), "{err}");
    s.briefing(
        "2026/12/central-bank-rates.md",
        "Central bank holds rates steady",
        "2026-12-03",
        "id: 2026/12/rate-decision\n",
        "Body.",
    );
    s.build_ok(&[]);
    let page = s.page("2026/12/03/central-bank-holds-rates-steady/index.html");
    assert!(page.contains(r#"hreflang="zh-TW""#), "linked to its translation again: {page}");
}

/// A version taken off the site (a draft, scheduled, or expired under `expired: remove`)
/// keeps its URL in its own language: the URL no longer leads to a translation (stop 53:
/// the English draft's URL redirected to the French version), and a new briefing that
/// would publish it is told so at its own line (it was an error at the French file,
/// with no line). A version deleted outright still leads to the one left.
#[test]
fn a_version_taken_off_the_site_keeps_its_url_in_its_language() {
    let s = TestSite::with_config("title: Desk\nlanguage: en\nlanguages:\n  fr: { title: Bureau }\n");
    s.briefing("2026/11/a.md", "Port strike ends", "2026-11-20", "", "Body.");
    s.briefing("fr/2026/11/a.md", "La grève est finie", "2026-11-20", "", "Corps.");
    s.build_ok(&[]);
    let en = "2026/11/20/port-strike-ends/index.html";
    assert!(s.page(en).contains("Body."));
    s.briefing("2026/11/a.md", "Port strike ends", "2026-11-20", "draft: true\n", "Body.");
    s.build_ok(&[]);
    assert!(!s.exists(en), "no page, and no redirect to the French version");
    assert!(s.page("fr/2026/11/20/la-grève-est-finie/index.html").contains("Corps."));
    s.briefing("2026/11/b.md", "Port strike ends", "2026-11-20", "", "New.");
    let err = s.build_err(&[]);
    assert!(err.contains("which urls.lock keeps for `2026/11/a`: that briefing's file is there"), "{err}");
    assert!(err.contains("--> content/2026/11/b.md:2:8"), "{err}");
    std::fs::remove_file(s.root().join("content/2026/11/b.md")).unwrap();
    // Removed when expired: the same.
    s.write("site.yaml", "title: Desk\nlanguage: en\nexpired: remove\nlanguages:\n  fr: { title: Bureau }\n");
    s.briefing("2026/11/a.md", "Port strike ends", "2026-11-20", "expires: 2026-11-25\n", "Body.");
    s.build_ok(&["--now", "2026-11-30"]);
    assert!(!s.exists(en), "no page, and no redirect to the French version");
    // Deleted outright: its URL leads to the version left, as before.
    std::fs::remove_file(s.root().join("content/2026/11/a.md")).unwrap();
    s.build_ok(&[]);
    assert!(s.page(en).contains("url=/fr/2026/11/20/la-grève-est-finie/"), "{}", s.page(en));
}
