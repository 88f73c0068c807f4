//! Core build: every URL kind, pagination, time zones, base_url, tags, drafts,
//! templates, atomic output, and error reporting, through the CLI.

mod common;

use common::{TestSite, item_titles};

fn three_briefings() -> TestSite {
    let s = TestSite::with_config("title: Test Desk\nbase_url: https://example.org/\ntimezone: UTC\n");
    s.briefing(
        "2024/07/a.md",
        "Alpha report",
        "2024-07-12",
        "tags: [north-korea, nato]\nsummary: \"Alpha bottom line.\"\n",
        "Alpha body.\n\n## Details\n\nMore.",
    );
    s.briefing(
        "2024/07/b.md",
        "Bravo report",
        "2024-07-12T08:00:00+00:00",
        "tags: [nato]\n",
        "Bravo first paragraph.\n\nSecond.",
    );
    s.briefing("2023/12/c.md", "Charlie report", "2023-12-31", "tags: [russia]\n", "Charlie.");
    s.write("content/pages/about.md", "---\ntitle: About us\n---\nWho we are.\n");
    s
}

#[test]
fn every_url_kind_exists_with_the_right_briefings() {
    let s = three_briefings();
    let out = s.build_ok(&[]);
    assert!(out.starts_with("built 3 briefings, "), "{out}");
    assert!(out.contains(" 3 tags, 2 days in "), "{out}");

    assert_eq!(item_titles(&s.page("index.html")), vec!["Bravo report", "Alpha report", "Charlie report"]);
    assert!(s.page("2024/07/12/alpha-report/index.html").contains("<h1>Alpha report</h1>"));
    assert_eq!(item_titles(&s.page("2024/07/12/index.html")), vec!["Bravo report", "Alpha report"]);
    assert_eq!(item_titles(&s.page("2024/07/index.html")), vec!["Bravo report", "Alpha report"]);
    assert_eq!(item_titles(&s.page("2024/index.html")), vec!["Bravo report", "Alpha report"]);
    assert_eq!(item_titles(&s.page("2023/12/31/index.html")), vec!["Charlie report"]);
    assert_eq!(item_titles(&s.page("tags/nato/index.html")), vec!["Bravo report", "Alpha report"]);
    assert_eq!(item_titles(&s.page("tags/russia/index.html")), vec!["Charlie report"]);
    let tags = s.page("tags/index.html");
    assert!(tags.contains(r#"<a href="/tags/nato/">nato</a> <span class="count">2</span>"#), "{tags}");
    let archive = s.page("archive/index.html");
    assert!(archive.contains(r#"<a href="/2024/07/">July</a> <span class="count">2</span>"#), "{archive}");
    assert!(archive.contains(r#"<a href="/2023/12/">December</a> <span class="count">1</span>"#), "{archive}");
    assert!(s.page("about/index.html").contains("Who we are."));
    for f in [
        "atom.xml",
        "feed.json",
        "tags/nato/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "search/index.html",
        "search/data/manifest.json",
        "style.css",
    ] {
        assert!(s.exists(f), "missing {f}: {:?}", s.files());
    }
    // Date navigation links neighbouring days that have briefings.
    let day = s.page("2024/07/12/index.html");
    assert!(day.contains(r#"<a href="/2023/12/31/" rel="prev">← December 31, 2023</a>"#), "{day}");
    // Summary: front matter (in the page's "Bottom line" box), else the first paragraph
    // (in lists only: the page shows that paragraph already).
    assert!(s.page("2024/07/12/alpha-report/index.html").contains("<p>Alpha bottom line.</p></section>"));
    assert!(!s.page("2024/07/12/bravo-report/index.html").contains("class=\"bluf\""));
    assert!(s.page("index.html").contains("<div class=\"summary\"><p>Bravo first paragraph.</p>\n</div>"));
    // The about page is in no index.
    assert!(!s.page("index.html").contains("Who we are."));
}

fn many(s: &TestSite, n: usize, day: &str, tag: &str) {
    for i in 0..n {
        let ts = format!("{day}T{:02}:{:02}:00Z", i / 60, i % 60);
        s.briefing(&format!("{day}/b{i:03}.md"), &format!("Item {i:03}"), &ts, &format!("tags: [{tag}]\n"), "Body.");
    }
}

#[test]
fn home_rail_lists_top_tags_by_count_and_recent_months() {
    let s = three_briefings();
    s.build_ok(&[]);
    let home = s.page("index.html");
    let rail = &home[home.find("<h2>Top tags</h2>").expect("a tag rail")..];
    let pos = |needle: &str| rail.find(needle).unwrap_or_else(|| panic!("{needle} missing in {rail}"));
    // nato has two briefings; north-korea and russia one each, by name.
    assert!(pos(">nato</a> <span class=\"count\">2</span>") < pos(">north-korea</a>"));
    assert!(pos(">north-korea</a>") < pos(">russia</a>"));
    let months = &rail[pos("<h2>Recent months</h2>")..];
    assert!(months.find(">July 2024</a>").unwrap() < months.find(">December 2023</a>").unwrap(), "{months}");
}

#[test]
fn list_items_come_from_the_item_partial_rendered_once() {
    let s = three_briefings();
    s.write("templates/partials/item.html", "<li class=\"mine\">{{ item.title }} ({{ item.reading_time }} min)</li>\n");
    s.build_ok(&[]);
    for page in ["index.html", "tags/nato/index.html", "2024/07/12/index.html", "2024/07/index.html", "2024/index.html"]
    {
        let html = s.page(page);
        assert!(html.contains("<li class=\"mine\">Alpha report (1 min)</li>"), "{page}: {html}");
    }
    // The partial gets `site` and `item` only: anything else is an error at its line.
    s.write("templates/partials/item.html", "<li>\n{{ paginator.number }}</li>\n");
    let err = s.build_err(&[]);
    assert!(err.contains("--> templates/partials/item.html:2:"), "{err}");
}

#[test]
fn fragments_render_with_site_alone_and_show_where_templates_print_them() {
    let s = three_briefings();
    // The default theme's home prints `site.fragments.rail`; a site's own rail replaces
    // it, and a fragment of its own is there for any template to print.
    s.write(
        "templates/fragments/rail.html",
        "<aside class=\"mine\">{{ site.briefing_count }} on {{ site.title }}</aside>",
    );
    s.write(
        "templates/fragments/notice.html",
        "<p>{{ t(key=\"home.title\") }} &amp; {{ site.tags | length }} tags</p>",
    );
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ site.fragments.notice | safe }}{% endblock content %}",
    );
    s.write("content/pages/about.md", "---\ntitle: About\n---\nAbout us.\n");
    s.build_ok(&[]);
    let home = s.page("index.html");
    assert!(home.contains("<aside class=\"mine\">3 on "), "{home}");
    assert!(!home.contains("Recent months"), "{home}");
    let about = s.page("about/index.html");
    assert!(about.contains("<p>Latest briefings &amp; 3 tags</p>"), "{about}");
    // A fragment gets `site` only: anything else is an error at its line.
    s.write("templates/fragments/notice.html", "<p>\n{{ page.title }}</p>");
    let err = s.build_err(&[]);
    assert!(err.contains("--> templates/fragments/notice.html:2:"), "{err}");
}

#[test]
fn exactly_twenty_briefings_fit_one_page() {
    let s = TestSite::new();
    many(&s, 20, "2024-01-05", "t");
    s.build_ok(&[]);
    for base in ["", "tags/t/", "2024/01/05/", "2024/01/", "2024/"] {
        assert_eq!(item_titles(&s.page(&format!("{base}index.html"))).len(), 20, "{base}");
        assert!(!s.exists(&format!("{base}page/2/index.html")), "{base}");
    }
}

#[test]
fn twenty_one_briefings_make_a_second_page() {
    let s = TestSite::new();
    many(&s, 21, "2024-01-05", "t");
    s.build_ok(&[]);
    for base in ["", "tags/t/", "2024/01/05/", "2024/01/", "2024/"] {
        let first = item_titles(&s.page(&format!("{base}index.html")));
        assert_eq!((first.len(), first[0].as_str()), (20, "Item 020"), "{base}");
        let second = s.page(&format!("{base}page/2/index.html"));
        assert_eq!(item_titles(&second), vec!["Item 000"], "{base}");
        assert!(!s.exists(&format!("{base}page/3/index.html")));
        // The second page's title names its number (it once kept `{n}` unfilled).
        let title = second.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        assert!(title.contains('2') && !title.contains('{'), "{base}: {title}");
    }
    assert!(s.page("index.html").contains(r#"<a href="/page/2/" rel="next">"#));
    assert!(s.page("page/2/index.html").contains(r#"<a href="/" rel="prev">"#));
}

#[test]
fn late_utc_time_lands_on_next_day_in_seoul() {
    let s = TestSite::with_config("timezone: Asia/Seoul\n");
    s.briefing("x.md", "Late night", "2024-07-11T23:30:00Z", "", "Body.");
    s.build_ok(&[]);
    assert!(s.exists("2024/07/12/late-night/index.html"), "{:?}", s.files());
    assert_eq!(item_titles(&s.page("2024/07/12/index.html")), vec!["Late night"]);
    assert!(!s.exists("2024/07/11/index.html"));
    assert!(s.page("2024/07/12/late-night/index.html").contains(r#"datetime="2024-07-12T08:30:00+09:00""#));
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let s = three_briefings();
    s.write("site.yaml", "title: T\nbase_url: https://host.example/briefs/\n");
    s.build_ok(&[]);
    let home = s.page("index.html");
    assert!(home.contains(r#"<a href="/briefs/2024/07/12/alpha-report/">Alpha report</a>"#), "{home}");
    assert!(home.contains(r#"href="/briefs/style.css""#));
    assert!(home.contains(r#"<link rel="canonical" href="https://host.example/briefs/">"#));
    for f in s.files().iter().filter(|f| f.ends_with(".html")) {
        let html = s.page(f);
        for part in html.split("href=\"/").skip(1) {
            assert!(
                part.starts_with("briefs/"),
                "{f}: root link outside the sub-path: {}",
                &part[..part.len().min(40)]
            );
        }
    }
    assert!(s.page("sitemap.xml").contains("<loc>https://host.example/briefs/2024/07/12/alpha-report/</loc>"));
}

#[test]
fn unicode_tags_keep_their_letters_and_same_slugs_merge() {
    let s = TestSite::new();
    s.briefing("a.md", "Korean", "2024-07-01", "tags: [북한, Korea Utara]\n", "x");
    s.briefing("b.md", "Indonesian", "2024-07-02", "tags: [korea utara, \"Korea  Utara\"]\n", "y");
    s.build_ok(&[]);
    assert_eq!(item_titles(&s.page("tags/북한/index.html")), vec!["Korean"]);
    assert_eq!(item_titles(&s.page("tags/korea-utara/index.html")), vec!["Indonesian", "Korean"]);
    let tags = s.page("tags/index.html");
    assert_eq!(tags.matches("/tags/korea-utara/").count(), 1, "{tags}");
}

#[test]
fn drafts_and_future_briefings_are_skipped_unless_asked() {
    let s = TestSite::new();
    s.briefing("a.md", "Published", "2024-07-01", "", "x");
    s.briefing("d.md", "Drafted", "2024-07-02", "draft: true\n", "x");
    s.briefing("f.md", "Scheduled", "2999-01-01", "", "x");
    let out = s.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(stderr.contains("1 scheduled briefing dated in the future skipped"), "{stderr}");
    assert!(stderr.contains("content/f.md"), "{stderr}");
    assert_eq!(item_titles(&s.page("index.html")), vec!["Published"]);
    assert!(!s.search_text().to_lowercase().contains("drafted"));
    s.build_ok(&["--drafts", "--future"]);
    assert_eq!(item_titles(&s.page("index.html")), vec!["Scheduled", "Drafted", "Published"]);
}

#[test]
fn site_templates_override_the_theme() {
    let s = three_briefings();
    s.write("templates/briefing.html", "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }} by override</p>{% endblock content %}");
    s.build_ok(&[]);
    assert!(s.page("2024/07/12/alpha-report/index.html").contains("<p class=\"mine\">Alpha report by override</p>"));
    assert!(s.page("index.html").contains("Alpha report"));
}

#[test]
fn a_failing_build_leaves_the_old_output_untouched() {
    let s = three_briefings();
    s.build_ok(&[]);
    let before: Vec<(String, String)> = s.files().into_iter().map(|f| (f.clone(), s.page(&f))).collect();
    s.briefing("2024/07/bad.md", "Bad", "2024-02-30", "", "x");
    s.briefing("2024/07/a.md", "Alpha changed", "2024-07-12", "", "x");
    let err = s.build_err(&[]);
    assert!(err.contains("content/2024/07/bad.md:3:7"), "{err}");
    let after: Vec<(String, String)> = s.files().into_iter().map(|f| (f.clone(), s.page(&f))).collect();
    assert_eq!(before, after);
    let entries: Vec<String> =
        std::fs::read_dir(s.root()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(!entries.iter().any(|e| e.contains("staging")), "{entries:?}");
}

#[test]
fn a_hostile_slug_cannot_escape_the_output() {
    let s = TestSite::new();
    s.briefing("a.md", "Escape", "2024-07-01", "slug: \"../../x\"\n", "x");
    s.briefing("b.md", "Abs", "2024-07-01", "slug: \"/etc/passwd\"\n", "x");
    s.build_ok(&[]);
    assert!(s.exists("2024/07/01/x/index.html"));
    assert!(s.exists("2024/07/01/etc-passwd/index.html"));
    let top: Vec<String> =
        std::fs::read_dir(s.root()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    let mut top = top;
    top.sort();
    // Beside the content: the output, the URL record and the build cache.
    assert_eq!(top, vec![".brief-cache", "content", "public", "urls.lock"]);
    let cache: Vec<String> = std::fs::read_dir(s.root().join(".brief-cache"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            !n.starts_with("pages-") && !["parsed", "bodies", "read", "index", ".gitignore"].contains(&n.as_str())
        })
        .collect();
    assert_eq!(cache, Vec::<String>::new(), "the cache holds its own files only");
}

#[test]
fn errors_name_file_line_and_hint_and_all_files_are_reported() {
    let s = TestSite::new();
    s.write("content/a-yaml.md", "---\ntitle: ok\ndate: 2024-01-01\ntags: [a, b\n---\nx\n");
    s.write("content/b-notitle.md", "---\ndate: 2024-01-01\n---\nx\n");
    s.write("content/c-baddate.md", "---\ntitle: t\ndate: 2024-13-01\n---\nx\n");
    s.write("content/d-unclosed.md", "---\ntitle: t\ndate: 2024-01-01\n");
    s.write("content/e-tags.md", "---\ntitle: t\ndate: 2024-01-01\ntags: north-korea\n---\nx\n");
    let err = s.build_err(&[]);
    for needle in [
        "error: invalid front matter",
        "--> content/a-yaml.md:",
        "error: missing title\n  --> content/b-notitle.md:1:1",
        "error: invalid date `2024-13-01`",
        "--> content/c-baddate.md:3:7",
        "3 | date: 2024-13-01",
        "error: front matter is never closed\n  --> content/d-unclosed.md:1:1",
        "--> content/e-tags.md:4:",
        "= help: write lists in brackets",
        "5 errors",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    // Sorted by path.
    assert!(err.find("a-yaml").unwrap() < err.find("e-tags").unwrap());
    assert!(!s.root().join("public").exists());
}

#[test]
fn duplicate_permalinks_name_both_files() {
    let s = TestSite::new();
    s.briefing("a.md", "Same", "2024-07-01", "", "x");
    s.briefing("b.md", "Same", "2024-07-01", "", "y");
    let err = s.build_err(&[]);
    assert!(err.contains("two sources for URL `/2024/07/01/same/`: `content/a.md` and `content/b.md`"), "{err}");
    assert!(err.contains("help: give one of them a different `slug:`"), "{err}");
}

#[test]
fn template_errors_point_at_the_template_line() {
    let s = three_briefings();
    s.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ term.nope.deeper }}\n{% endblock content %}\n",
    );
    let err = s.build_err(&[]);
    assert!(err.contains("--> templates/tag.html:3:"), "{err}");
    s.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ term.name }\n{% endblock content %}\n",
    );
    let err = s.build_err(&[]);
    assert!(err.contains("template syntax error"), "{err}");
    assert!(err.contains("--> templates/tag.html:3:"), "{err}");
}

/// An unknown filter, function or test is an error at its place in the template file
/// (`templates/briefing.html:L:C`, not `briefing.html` and ` --> templates`), with a
/// hint about filters rather than about `extends`/`include`; each one is reported.
#[test]
fn unknown_filters_and_functions_point_at_the_template_file() {
    let s = three_briefings();
    s.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ term.name | shout }}</p>\n{{ nofn() }}\n{% endblock content %}\n",
    );
    let err = s.build_err(&[]);
    assert_eq!(
        err,
        "error: template error: unknown filter `shout`\n  --> templates/tag.html:3:19\n  |\n\
         3 | <p>{{ term.name | shout }}</p>\n  |                   ^\n  = help: `shout` is neither one of \
         Tera 2's filters (listed at https://keats.github.io/tera/docs/#built-in-filters) nor brief's own: \
         `date` (see docs/templates.md)\n\n\
         error: template error: unknown function `nofn`\n  --> templates/tag.html:4:4\n  |\n4 | {{ nofn() }}\n  |    ^\n\
         \x20 = help: `nofn` is neither one of Tera 2's functions (listed at \
         https://keats.github.io/tera/docs/#built-in-functions) nor brief's own: `t` (see docs/templates.md)\n\n2 errors\n"
    );
}

#[test]
fn unknown_keys_warn_and_strict_makes_them_errors() {
    let s = TestSite::new();
    s.briefing("a.md", "T", "2024-07-01", "tag: [x]\n", "x");
    let out = s.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning: unknown front-matter key `tag`\n  --> content/a.md:4:1"), "{stderr}");
    assert!(stderr.contains("did you mean `tags`?"), "{stderr}");
    let err = s.build_err(&["--strict"]);
    assert!(err.contains("error: unknown front-matter key `tag`"), "{err}");
    s.write("site.yaml", "titel: x\n");
    let err = s.build_err(&[]);
    assert!(err.contains("unknown key `titel` in site.yaml\n  --> site.yaml:1:1"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
}

#[test]
fn output_is_byte_identical_across_builds() {
    let s = three_briefings();
    let a = s.root().join("out-a");
    let b = s.root().join("out-b");
    s.build_ok(&["-o", a.to_str().unwrap()]);
    s.build_ok(&["-o", b.to_str().unwrap()]);
    let fa = common::files_under(&a);
    assert_eq!(fa, common::files_under(&b));
    for f in &fa {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f} differs");
    }
    let second = s.build_ok(&["-o", a.to_str().unwrap()]);
    assert!(second.contains(&format!("({} unchanged)", fa.len() - 1)), "{second}");
}

/// An output whose name starts with `old-` or `staging-` (its spare `.old-site.prev`
/// looked like what killed builds of brief before the spare tree left, `.NAME.old-PID`):
/// the spare was removed as it was made, and every build failed.
#[test]
fn an_output_named_like_a_leftover_builds_and_rebuilds() {
    let s = three_briefings();
    for name in ["old-site", "staging-1"] {
        let out = s.root().join(name);
        s.build_ok(&["-o", out.to_str().unwrap()]);
        let second = s.build_ok(&["-o", out.to_str().unwrap()]);
        assert!(second.contains("unchanged)"), "{second}");
        assert!(out.join("index.html").is_file());
        assert!(s.root().join(format!(".{name}.prev")).is_dir());
    }
    // What builds of earlier versions left beside an output still goes.
    std::fs::create_dir_all(s.root().join(".old-site.old-4242/x")).unwrap();
    std::fs::create_dir_all(s.root().join(".old-site.staging-77")).unwrap();
    s.build_ok(&["-o", s.root().join("old-site").to_str().unwrap()]);
    assert!(!s.root().join(".old-site.old-4242").exists());
    assert!(!s.root().join(".old-site.staging-77").exists());
}

#[test]
fn assets_are_copied_beside_their_briefing() {
    let s = TestSite::new();
    s.briefing("2024/07/bundle/index.md", "Bundle", "2024-07-01", "", "![map](map.png)");
    s.write("content/2024/07/bundle/map.png", b"\x89PNG fake");
    s.briefing("2024/06/loose.md", "Loose", "2024-06-01", "", "[pdf](report.pdf)");
    s.write("content/2024/06/report.pdf", b"%PDF fake");
    s.write("content/images/logo.svg", "<svg/>");
    s.build_ok(&[]);
    assert_eq!(std::fs::read(s.root().join("public/2024/07/01/bundle/map.png")).unwrap(), b"\x89PNG fake");
    assert_eq!(std::fs::read(s.root().join("public/2024/06/01/loose/report.pdf")).unwrap(), b"%PDF fake");
    assert!(s.exists("images/logo.svg"));
}

/// Markdown files with any of the extensions Jekyll's `markdown_ext` lists (`mkdown`,
/// `mkdn`, `mkd`), or `mdown` and `markdn`, in any case, are briefings, pages and
/// bundles like `.md`: built, checked, and never published as raw source beside a page.
#[test]
fn every_markdown_extension_is_a_briefing_not_an_asset() {
    let s = TestSite::with_config("title: Desk\ntimezone: UTC\n");
    let exts = ["mdown", "mkd", "mkdn", "mkdown", "markdn", "MKD", "Markdown"];
    for (k, ext) in exts.iter().enumerate() {
        s.briefing(&format!("2024/07/b{k}.{ext}"), &format!("Brief {ext}"), &format!("2024-07-1{k}"), "", "Body.");
    }
    s.briefing("2024/06/bundle/index.mkd", "Bundle", "2024-06-01", "", "![map](map.png)");
    s.write("content/2024/06/bundle/map.png", b"\x89PNG fake");
    s.write("content/pages/about.mdown", "---\ntitle: About us\n---\nWho we are.\n");
    // A briefing whose front matter is broken is an error, as in a `.md` file.
    s.write("content/2024/05/bad.mkdn", "---\ntitle: Bad\ndate: 2024-02-30\n---\nx\n");
    let err = s.fails(&["check"]);
    assert!(err.contains("content/2024/05/bad.mkdn:3:7"), "{err}");
    std::fs::remove_file(s.root().join("content/2024/05/bad.mkdn")).unwrap();

    let out = s.build_ok(&[]);
    assert!(out.starts_with("built 8 briefings, "), "{out}");
    let mut titles = item_titles(&s.page("2024/07/index.html"));
    titles.sort();
    let mut want: Vec<String> = exts.iter().map(|e| format!("Brief {e}")).collect();
    want.sort();
    assert_eq!(titles, want);
    assert!(s.page("2024/07/12/brief-mkdn/index.html").contains("<h1>Brief mkdn</h1>"));
    assert!(s.page("2024/06/01/bundle/index.html").contains("<h1>Bundle</h1>"));
    assert!(s.exists("2024/06/01/bundle/map.png"));
    assert!(s.page("about/index.html").contains("Who we are."));
    // No source is published as an asset, beside a briefing or anywhere.
    let sources: Vec<String> = s.files().into_iter().filter(|f| exts.iter().any(|e| f.ends_with(e))).collect();
    assert_eq!(sources, Vec::<String>::new());
    // Their ids are their paths without the extension, as for `.md`.
    let lock = std::fs::read_to_string(s.root().join("urls.lock")).unwrap();
    assert!(lock.contains("/2024/07/12/brief-mkdn/ 2024/07/b2\n"), "{lock}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let s = three_briefings();
    s.write("public/precious.txt", "mine");
    let err = s.build_err(&[]);
    assert!(err.contains("refusing to replace"), "{err}");
    assert_eq!(std::fs::read_to_string(s.root().join("public/precious.txt")).unwrap(), "mine");
}

#[test]
fn a_thousand_briefings_with_no_config_or_theme_build_completely() {
    let s = TestSite::new();
    let tags = ["asia", "europe", "energy", "cyber", "trade", "북한", "korea utara"];
    let mut expected = Vec::new();
    for i in 0..1000 {
        let y = 2015 + i % 10;
        let m = 1 + (i * 7) % 12;
        let d = 1 + (i * 13) % 28;
        let t1 = tags[i % tags.len()];
        let t2 = tags[(i / 3) % tags.len()];
        let title = format!("Briefing number {i}");
        s.briefing(
            &format!("{y}/{m:02}/n{i}.md"),
            &title,
            &format!("{y}-{m:02}-{d:02}"),
            &format!("tags: [\"{t1}\", \"{t2}\"]\n"),
            "Some *body* text.",
        );
        expected.push((title, format!("{y}/{m:02}/{d:02}"), [t1, t2]));
    }
    s.build_ok(&[]);
    let all_pages = |base: &str| -> String {
        let mut text = String::new();
        let mut n = 1;
        loop {
            let p = if n == 1 { format!("{base}index.html") } else { format!("{base}page/{n}/index.html") };
            if !s.exists(&p) {
                break text;
            }
            text.push_str(&s.page(&p));
            n += 1;
        }
    };
    let mut cache = std::collections::HashMap::new();
    let mut get = |base: String| cache.entry(base.clone()).or_insert_with(|| all_pages(&base)).clone();
    for (title, day, tags) in &expected {
        let slug = title.to_lowercase().replace(' ', "-");
        assert!(s.exists(&format!("{day}/{slug}/index.html")), "{title}");
        let needle = format!(">{title}</a>");
        assert!(get(format!("{day}/")).contains(&needle), "{title} not on day page");
        assert!(get(format!("{}/", &day[..7])).contains(&needle), "{title} not on month page");
        assert!(get(format!("{}/", &day[..4])).contains(&needle), "{title} not on year page");
        for t in tags {
            let ts = t.to_lowercase().replace(' ', "-");
            assert!(get(format!("tags/{ts}/")).contains(&needle), "{title} not on tag {t}");
        }
    }
    assert!(get(String::new()).matches("class=\"item-title\"").count() == 1000);
}

#[test]
fn jekyll_corpus_builds_with_every_post_on_its_day() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/jekyll-posts");
    if !src.is_dir() {
        eprintln!("skipping: {} is absent (only in the workplace checkout)", src.display());
        return;
    }
    let s = TestSite::new();
    copy_dir(&src, s.root());
    s.build_ok(&[]);
    let tz: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;
    let mut checked = 0;
    for entry in walk(&s.root().join("content")) {
        if entry.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let fm = text.split("\n---").next().unwrap();
        if fm.contains("\ndraft: true") {
            continue;
        }
        let date_line = fm.lines().find(|l| l.starts_with("date:")).expect("date");
        let raw = date_line["date:".len()..].trim().trim_matches('"');
        let day = brief::parse::parse_date(raw, &tz).unwrap().date();
        let title_line = fm.lines().find(|l| l.starts_with("title:")).expect("title");
        let title: String =
            serde_yaml::from_str::<std::collections::BTreeMap<String, String>>(title_line).unwrap()["title"].clone();
        let day_path = format!("{:04}/{:02}/{:02}/", day.year(), day.month(), day.day());
        let mut html = String::new();
        for f in s.files().iter().filter(|f| f.starts_with(&day_path)) {
            html.push_str(&s.page(f));
        }
        let esc = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(html.contains(&esc), "{title} not under /{day_path}");
        checked += 1;
    }
    assert_eq!(checked, 102);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for p in walk(from) {
        let rel = p.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&p, &dest).unwrap();
    }
}

#[test]
fn configured_taxonomies_get_the_same_pages_as_tags() {
    let s = TestSite::with_config("taxonomies: [tags, regions]\n");
    s.briefing("a.md", "Asia brief", "2024-07-01", "tags: [nato]\nregions: [East Asia, europe]\n", "x");
    s.briefing("b.md", "Europe brief", "2024-07-02", "regions: [Europe]\n", "y");
    s.build_ok(&[]);
    assert_eq!(item_titles(&s.page("regions/europe/index.html")), vec!["Europe brief", "Asia brief"]);
    assert_eq!(item_titles(&s.page("regions/east-asia/index.html")), vec!["Asia brief"]);
    assert!(s.page("regions/index.html").contains("/regions/east-asia/"));
    assert!(s.page("regions/europe/atom.xml").contains("<title>Europe brief</title>"));
    assert_eq!(item_titles(&s.page("tags/nato/index.html")), vec!["Asia brief"]);
    s.write("site.yaml", "taxonomies: [tags, regions]\n");
    s.briefing("c.md", "Bad", "2024-07-03", "regions: asia\n", "z");
    let err = s.build_err(&[]);
    assert!(err.contains("--> content/c.md:4:"), "{err}");
}
