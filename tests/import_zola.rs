//! `brief import zola` on the shapes real Zola sites have that the fixtures of
//! tests/import.rs do not: each test is named for what a real site showed.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{TestSite, brief, files_under};

fn import_into(source: &Path, dest: &Path) -> Output {
    brief().args(["import", "zola"]).arg(source).arg(dest).output().unwrap()
}

/// canxin121/duckquill-blog keeps its settings in `zola.toml`, the name Zola reads
/// first (`config.toml` is the older one): the import read no site there.
#[test]
fn a_site_configured_in_zola_toml_imports() {
    let site = TestSite::new();
    site.write(
        "zola/zola.toml",
        "title = \"canxin's blog\"\nbase_url = \"https://blog.example.org\"\ndescription = \"canxin 的博客\"\n\
         taxonomies = [{ name = \"tags\", feed = true }]\n\n[extra]\naccent_color = \"#ff7800\"\n",
    );
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n");
    site.write(
        "zola/content/blog/fix-dns-leaks/index.md",
        "+++\ntitle = \"Mihomo DNS 泄露修复\"\ndate = 2026-09-04\nslug = \"fix-dns-leaks\"\n[taxonomies]\n\
         tags = [\"DNS\", \"DNS 泄露\"]\n+++\n\n## 先检测\n\nText.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    let config = fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert!(config.contains("title: canxin's blog"), "{config}");
    assert!(config.contains("accent_color"), "{config}");
    let files = files_under(&dest.join("content"));
    assert_eq!(files, ["blog/fix-dns-leaks/index.md", "pages/blog.md"], "{report}");
}

/// With both files, Zola reads `zola.toml`; so does the import.
#[test]
fn zola_toml_wins_over_config_toml() {
    let site = TestSite::new();
    site.write("zola/zola.toml", "title = \"New\"\nbase_url = \"https://example.org\"\n");
    site.write("zola/config.toml", "title = \"Old\"\nbase_url = \"https://example.org\"\n");
    site.write("zola/content/a.md", "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\nText.\n");
    let (_, dest) = site.import("zola", &[]);
    let config = fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert!(config.contains("title: New"), "{config}");
}

/// salif/linkita's translated bundles show `![…](../../images/markdown-syntax.png)`,
/// `/images/markdown-syntax.png` from `/ar/markdown-syntax/`; the briefing's URL is
/// deeper (`/ar/2023/10/20/markdown-syntax/`), and the image was a broken link.
#[test]
fn a_relative_link_out_of_a_bundle_keeps_leading_where_it_did() {
    let site = TestSite::new();
    site.write(
        "zola/zola.toml",
        "base_url = \"https://example.org/linkita\"\ntitle = \"Linkita\"\ndefault_language = \"en\"\n\n\
         [languages.ar]\ntitle = \"لينكيتا\"\n",
    );
    site.write("zola/static/images/markdown-syntax.png", "png");
    site.write(
        "zola/content/markdown-syntax/index.ar.md",
        "+++\ntitle = \"دليل تنسيق ماركداون\"\ndate = 2023-10-20\n+++\n\n## الصور\n\n\
         ![دليل ماركداون](../../images/markdown-syntax.png)\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(report.contains("none broken"), "{report}");
    let body = fs::read_to_string(dest.join("content/ar/markdown-syntax/index.md")).unwrap();
    assert!(body.contains("![دليل ماركداون](/linkita/images/markdown-syntax.png)"), "{body}");
    assert!(
        report.contains("index.ar.md:8: converted: relative link `../../images/markdown-syntax.png` → /linkita/images/markdown-syntax.png"),
        "{report}"
    );
}

/// comaps/website sets `[slugify] paths = "safe"` ("allows to have localized URLs"), so
/// Zola published `slug: "GeekNews-CoMaps-Organic-Maps의-커뮤니티-주도-포크"` and
/// `slug: "2025.06.30-release-is-out"` as written; the import kept old URLs slugged as
/// under Zola's default (`geeknews-comaps-organic-mapsyi-keomyuniti-judo-pokeu`), which the
/// old site never served. Zola puts folders in a URL as they are named, in every mode.
#[test]
fn old_urls_follow_zolas_slugify_paths_setting() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "base_url = \"https://www.comaps.app\"\ntitle = \"CoMaps\"\n\
         taxonomies = [{name = \"category\", paginate_by = 50, feed = true}]\n\n\
         # Allows to have localized URLs.\n[slugify]\npaths = \"safe\"\ntaxonomies = \"on\"\n",
    );
    site.write("zola/content/news/_index.md", "---\ntitle: \"News and Releases\"\nsort_by: date\n---\n");
    site.write(
        "zola/content/news/2025-05-12/1/index.md",
        "---\ntitle: \"GeekNews: CoMaps - Organic Maps의 커뮤니티 주도 포크\"\ndescription: \n\
         date: 2025-05-12T09:00:00+09:00\nslug: \"GeekNews-CoMaps-Organic-Maps의-커뮤니티-주도-포크\"\n\
         taxonomies:\n    category: [\"Media Coverage\"]\n---\n\nGeekNews —\n",
    );
    site.write(
        "zola/content/news/2025-06-30/2/index.md",
        "---\ntitle: \"2025.06.30 release is out!\"\ndescription: \ndate: 2025-06-30T09:00:00-00:00\n\
         slug: \"2025.06.30-release-is-out\"\n---\n\nGet a new `2025.06.30-22` release.\n",
    );
    site.write("zola/content/News/Crème Brûlée.md", "---\ntitle: \"Crème\"\ndate: 2025-07-14\n---\nText.\n");
    let (report, _) = site.import("zola", &[]);
    for url in [
        "old URL: /news/2025-05-12/GeekNews-CoMaps-Organic-Maps의-커뮤니티-주도-포크/ (its URL on the old site)",
        "old URL: /news/2025-06-30/2025.06.30-release-is-out/ (its URL on the old site)",
        "old URL: /News/Crème%20Brûlée/ (its URL on the old site)",
    ] {
        assert!(report.contains(url), "{url}\n{report}");
    }

    // Under Zola's default, page names are slugged, and folders still are not.
    site.write("zola/config.toml", "base_url = \"https://www.comaps.app\"\ntitle = \"CoMaps\"\n");
    let out = import_into(&site.root().join("zola"), &site.tmp().join("out-on"));
    let report = String::from_utf8_lossy(&out.stdout);
    for url in [
        "old URL: /news/2025-06-30/2025-06-30-release-is-out/",
        "old URL: /News/creme-brulee/",
        "old URL: /news/2025-05-12/geeknews-comaps-organic-mapsyi-keomyuniti-judo-pokeu/",
    ] {
        assert!(report.contains(url), "{url}\n{report}");
    }
}

/// comaps/website has `[languages.zh-Hans]` and `[languages.pt-BR]`: Zola served
/// `content/about-us/index.zh-Hans.md` at `/zh-Hans/about-us/`, the code as configured.
/// brief's edition is `/zh-hans/`, and the import took that for the old URL too, so the
/// old address, another path on a static host, was lost without a word.
#[test]
fn a_zola_language_code_with_capitals_keeps_them_in_old_urls() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "base_url = \"https://www.comaps.app\"\ntitle = \"CoMaps\"\n\n\
         [languages.zh-Hans.translations]\nlanguage = \"简体中文\"\n\
         [languages.pt-BR.translations]\nlanguage = \"Português (Brasil)\"\n",
    );
    site.write("zola/content/about-us/index.md", "---\ntitle: \"About Us\"\nweight: 10\n---\n");
    site.write("zola/content/about-us/index.zh-Hans.md", "---\ntitle: 关于我们\nweight: 10\n---\n");
    site.write("zola/content/news/launch.pt-BR.md", "---\ntitle: \"Lançamento\"\ndate: 2025-07-03\n---\nTexto.\n");
    let (report, dest) = site.import("zola", &[]);
    // An old URL that differs from the new one only in case is reported, not redirected:
    // a file system that ignores case would make the redirect file the page's own.
    for line in [
        "not converted: old URL `/zh-Hans/about-us/` (its URL on the old site) differs from the new URL `/zh-hans/about-us/` only in case",
        "old URL: /pt-BR/news/launch/ (its URL on the old site) → alias of /pt-br/2025/07/03/launch/",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    assert!(!dest.join("static/zh-Hans").exists(), "{report}");
}

/// tandiljuan/tandiljuan.github.io names its posts `2025-01-04_-_zola-kickoff.en.md`:
/// the import dropped the date and `_` and wrote `-_zola-kickoff.md`, a name shell tools
/// read as an option. Zola's slug, and now the file, is `zola-kickoff`; the English and
/// Spanish files stay one briefing.
#[test]
fn a_separator_left_after_the_date_is_not_in_the_new_file_name() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "base_url = \"https://example.com\"\ntitle = \"Random Ramblings\"\ndefault_language = \"xx\"\n\n\
         [languages.en]\ntitle = \"Random Ramblings\"\n\n[languages.es]\ntitle = \"Divagues Diversos\"\n",
    );
    for (lang, title) in [("en", "Zola Kickoff"), ("es", "Arrancando con Zola")] {
        site.write(
            &format!("zola/content/blog/2025/01/2025-01-04_-_zola-kickoff.{lang}.md"),
            format!("+++\ntitle = \"{title}\"\ndate = 2025-01-04T15:51:26-03:00\n+++\nText.\n"),
        );
    }
    let (report, dest) = site.import("zola", &[]);
    let files = files_under(&dest.join("content"));
    assert_eq!(files, ["en/blog/2025/01/zola-kickoff.md", "es/blog/2025/01/zola-kickoff.md"], "{report}");
    assert!(report.contains("old URL: /es/blog/2025/01/zola-kickoff/ (its URL on the old site)"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // One briefing in two languages: each language has the other's translation.
    let table: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  en ") || l.starts_with("  es ")).collect();
    assert_eq!(
        table,
        ["  en                1         0         -         1", "  es                1         0         1         -"],
        "{stdout}"
    );
}

/// matrix-org/matrix.org gives some posts a `path` whose last part starts with the date
/// (`path = "/blog/2024/10/2024-10-15-security-disclosure-…"`): the briefing's slug was
/// that whole part, so its URL said the date twice
/// (`/2024/10/15/2024-10-15-security-disclosure-…/`). The slug is the name after the
/// date, as for Hugo's `/:year-:month-:day-:title/`; the old path redirects.
#[test]
fn a_path_whose_last_part_starts_with_the_date_gives_the_name_alone_as_slug() {
    let site = TestSite::new();
    site.write("zola/config.toml", "base_url = \"https://matrix.org\"\ntitle = \"Matrix.org\"\n");
    site.write(
        "zola/content/blog/2024/10/2024-10-15-security-disclosure.md",
        "+++\ntitle = \"Security disclosure for matrix-js-sdk\"\ndate = \"2024-10-15T11:39:35Z\"\n\
         path = \"/blog/2024/10/2024-10-15-security-disclosure\"\n+++\n\nHi all,\n",
    );
    let (report, dest) = site.import("zola", &[]);
    let text = fs::read_to_string(dest.join("content/blog/2024/10/security-disclosure.md")).unwrap();
    assert!(text.contains("slug: security-disclosure\n"), "{text}");
    assert!(
        report.contains(
            "old URL: /blog/2024/10/2024-10-15-security-disclosure/ (path) → alias of /2024/10/15/security-disclosure/"
        ),
        "{report}"
    );
}

/// matrix-org/matrix.org's This Week in Matrix quotes each project's news, pictures
/// too: `> {{figure(img="…", caption="…")}}`. Its template makes four lines; filled in,
/// the first stayed in the quote and the others fell out of it: an indented code block
/// showing the `<img>` tag, a stray `</figure>` and the rest of the quote as text.
#[test]
fn a_zola_shortcode_filled_in_inside_a_quote_stays_in_the_quote() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Matrix.org\"\nbase_url = \"https://matrix.org\"\n");
    site.write(
        "zola/templates/shortcodes/figure.html",
        "<figure style=\"height:100%;\">\n    <img decoding=\"async\" src=\"{{ img }}\" alt=\"{{ caption }}\" />\n    \
         <figcaption>{{ caption }}</figcaption>\n</figure>",
    );
    site.write("zola/static/blog/img/board.png", "png");
    site.write(
        "zola/content/blog/2024-09-22-twim.md",
        "+++\ntitle = \"This Week in Matrix 2024-09-22\"\ndate = 2024-09-22\n+++\n\n\
         > We had our first Governing Board gathering.\n>\n\
         > {{figure(img=\"/blog/img/board.png\", caption=\"The Governing Board\")}}\n>\n\
         > No votes were taken.\n\nAfter.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2024/09/22/twim/index.html")).unwrap();
    let quote = &page[page.find("<blockquote>").unwrap()..page.find("</blockquote>").unwrap()];
    assert!(quote.contains("<img decoding=\"async\" src=\"/blog/img/board.png\""), "{quote}\n{report}");
    assert!(quote.contains("No votes were taken."), "{quote}");
    assert!(!page.contains("<pre>"), "{page}");
}

/// matrix-org/matrix.org's figure shortcode writes its caption through Zola's Markdown
/// filter, `<figcaption>{{ caption | markdown | safe }}</figcaption>`: every picture of
/// every This Week in Matrix was left as `{{figure(…)}}` text, reported as logic.
#[test]
fn a_zola_shortcode_argument_rendered_as_markdown_is_filled_in() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Matrix.org\"\nbase_url = \"https://matrix.org\"\n");
    site.write(
        "zola/templates/shortcodes/figure.html",
        "<figure style=\"height:100%;\">\n    <img src=\"{{ img }}\" alt=\"{{ caption }}\" />\n    \
         <figcaption>{{ caption | markdown | safe }}</figcaption>\n</figure>",
    );
    site.write("zola/static/blog/img/board.png", "png");
    site.write(
        "zola/content/blog/2024-09-22-twim.md",
        "+++\ntitle = \"This Week in Matrix 2024-09-22\"\ndate = 2024-09-22\n+++\n\n\
         {{figure(img=\"/blog/img/board.png\", caption=\"The *Governing* Board\")}}\n\nAfter.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(report.contains("→ the site's shortcode template, filled in"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2024/09/22/twim/index.html")).unwrap();
    assert!(page.contains("<figcaption><p>The <em>Governing</em> Board</p>\n</figcaption>"), "{page}");
}

/// bevyengine/bevy-website kept a post in `content/news/2024-??-??-dream-job/` (its date
/// not yet known when written); the import wrote that name into the new site, where a
/// checkout on Windows fails on the `?`.
#[test]
fn a_name_windows_refuses_is_written_portably() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Bevy Engine\"\nbase_url = \"https://bevyengine.org\"\n");
    site.write(
        "zola/content/news/2024-??-??-dream-job/index.md",
        "+++\ntitle = \"I landed my dream job. Now what?\"\ndate = 2024-08-10\n+++\n\n![me](TODO.svg)\n",
    );
    site.write("zola/content/news/2024-??-??-dream-job/TODO.svg", "<svg/>");
    let (report, dest) = site.import("zola", &[]);
    assert!(dest.join("content/news/2024-dream-job/index.md").is_file(), "{report}");
    assert!(dest.join("content/news/2024-dream-job/TODO.svg").is_file(), "{report}");
    assert!(report.contains("has characters Windows does not allow in a file name"), "{report}");
    let text = fs::read_to_string(dest.join("content/news/2024-dream-job/index.md")).unwrap();
    assert!(text.contains("- /news/2024-dream-job/\n"), "{text}");
}

/// helix-editor/website's asciinema shortcode sizes its player with
/// `{{ width | default(value="150") }}`, bevyengine/bevy-website's callout its kind with
/// `{{ type | default(value="info") }}`: each call was left as text, reported as logic.
#[test]
fn a_zola_shortcode_argument_with_a_default_is_filled_in() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Helix\"\nbase_url = \"https://helix-editor.com\"\n");
    site.write(
        "zola/templates/shortcodes/asciinema.html",
        "<div id=\"{{ id }}\"></div>\n<script src=\"/asciinema-player.min.js\"></script>\n<script>\n  \
         AsciinemaPlayer.create(\"/{{ id }}.cast\", document.getElementById(\"{{ id }}\"), {\n    \
         cols: \"{{ width | default(value=\"150\") }}\",\n    rows: \"{{ height | default(value=\"35\") }}\",\n  });\n</script>",
    );
    site.write("zola/static/asciinema-player.min.js", "//");
    site.write("zola/static/smart-tab.cast", "{}");
    site.write(
        "zola/content/news/release-23.10-highlights.md",
        "+++\ntitle = \"Release 23.10 Highlights\"\ndate = 2023-10-24T00:00:00Z\n+++\n\n## Smart tab\n\n\
         {{ asciinema(id=\"smart-tab\", height=\"20\") }}\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(report.contains("→ the site's shortcode template, filled in"), "{report}");
    let text = fs::read_to_string(dest.join("content/news/release-23.10-highlights.md")).unwrap();
    assert!(text.contains("cols: \"150\",\n    rows: \"20\","), "{text}");
}

/// A Zola page with `render = false` (Zola 0.19 on) gets no file and no URL, like a
/// section with it: the import published it at a dated URL with its old URL as an alias.
#[test]
fn a_zola_page_or_section_with_render_false_is_skipped() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Notes\"\nbase_url = \"https://zola.example.org\"\n");
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.write("zola/content/blog/shown.md", "+++\ntitle = \"Shown\"\ndate = 2023-06-10\n+++\nText.\n");
    site.write(
        "zola/content/blog/hidden.md",
        "+++\ntitle = \"Not rendered\"\ndate = 2023-06-11\nrender = false\n+++\nhidden.\n",
    );
    site.write("zola/content/notes/_index.md", "+++\ntitle = \"Notes\"\nrender = false\n+++\n");
    site.write("zola/content/notes/a-note.md", "+++\ntitle = \"A note\"\ndate = 2023-07-01\n+++\nText.\n");
    let (report, dest) = site.import("zola", &[]);
    assert_eq!(files_under(&dest.join("content")), ["blog/shown.md", "notes/a-note.md", "pages/blog.md"], "{report}");
    for name in ["content/blog/hidden.md", "content/notes/_index.md"] {
        let line = format!("  {name}: not rendered (`render = false`): Zola wrote no page for it either\n");
        assert!(report.contains(&line), "{line}\n{report}");
    }
}

/// Zola's heading ids (`slugify.anchors = "on"`) transliterate: `## Ünïcode Heading &
/// Stuff` was `#unicode-heading-stuff`, brief's `#ünïcode-heading-stuff`, so the
/// import's own `@/blog/second.md#unicode-heading-stuff` link and old links broke.
#[test]
fn zola_heading_ids_are_kept_where_brief_makes_others() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Notes\"\nbase_url = \"https://zola.example.org\"\n");
    site.write(
        "zola/content/blog/second.md",
        "+++\ntitle = \"Second\"\ndate = 2023-04-05\n+++\n## Part Two\nText.\n\n## Ünïcode Heading & Stuff\nMore.\n",
    );
    site.write(
        "zola/content/blog/first.md",
        "+++\ntitle = \"First\"\ndate = 2023-04-01\n+++\nSee [it](@/blog/second.md#unicode-heading-stuff).\n",
    );
    let (report, dest) = site.import("zola", &[]);
    let text = fs::read_to_string(dest.join("content/blog/second.md")).unwrap();
    let body = text.split_once("\n---\n").unwrap().1;
    assert_eq!(body, "## Part Two\nText.\n\n## Ünïcode Heading & Stuff {#unicode-heading-stuff}\nMore.\n", "{report}");
    assert!(report.contains("none broken"), "{report}");

    // `safe` and `off` keep the text, each space a `_`.
    site.write(
        "zola/config.toml",
        "title = \"Notes\"\nbase_url = \"https://zola.example.org\"\n[slugify]\nanchors = \"safe\"\n",
    );
    site.write(
        "zola/content/blog/first.md",
        "+++\ntitle = \"First\"\ndate = 2023-04-01\n+++\nSee [it](@/blog/second.md#Ünïcode_Heading_&_Stuff).\n",
    );
    let (report, dest) = site.import("zola", &["--force"]);
    let text = fs::read_to_string(dest.join("content/blog/second.md")).unwrap();
    let body = text.split_once("\n---\n").unwrap().1;
    assert_eq!(
        body, "## Part Two {#Part_Two}\nText.\n\n## Ünïcode Heading & Stuff {#Ünïcode_Heading_&_Stuff}\nMore.\n",
        "{report}"
    );
    assert!(report.contains("none broken"), "{report}");
}

/// Zola's feeds at `feed_filenames` other than brief's `/atom.xml` (the site's, a
/// taxonomy's with `feed = true`, a section's with `generate_feeds`) were lost without
/// a word, and so were term pages brief makes at another URL (`slugify.taxonomies =
/// "safe"` kept `/tags/C++/`).
#[test]
fn zola_feeds_elsewhere_are_listed_and_moved_term_pages_redirected() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"Z\"\nbase_url = \"https://z.example.org\"\ngenerate_feeds = true\nfeed_filenames = [\"rss.xml\"]\n\
         taxonomies = [{ name = \"tags\", feed = true }]\n[slugify]\ntaxonomies = \"safe\"\n",
    );
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\ngenerate_feeds = true\n+++\n");
    site.write(
        "zola/content/blog/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"C++\", \"rust\"]\n+++\nText.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(
        report.contains(
            "  (site): old URL: /tags/C++/ (the page of tags `C++`) → redirect file static/tags/C++/index.html\n"
        ),
        "{report}"
    );
    let lost = report.split_once("old URLs brief does not serve").unwrap().1.split_once("\n\n").unwrap().0;
    let lost: Vec<&str> = lost.lines().skip(1).collect();
    assert_eq!(
        lost,
        [
            "  /rss.xml (Zola's feed of the site) → /atom.xml",
            "  /tags/C++/rss.xml (Zola's feed of tags `C++`) → /tags/c/atom.xml",
            "  /tags/rust/rss.xml (Zola's feed of tags `rust`) → /tags/rust/atom.xml",
            "  /blog/rss.xml (Zola's feed of section `blog`) → /atom.xml, the site's feed (brief has none per section)",
        ],
        "{report}"
    );
    assert_eq!(files_under(&dest.join("static")), ["tags/C++/index.html"]);
}

/// `brief --root DEST ARGS`, asserted to succeed.
fn run_ok(dest: &Path, args: &[&str]) {
    let out = brief().arg("--root").arg(dest).args(args).output().unwrap();
    assert!(out.status.success(), "brief {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Undated page bundles (`projects/alpha/index.md` + `cover.png`) were flattened into
/// `content/pages/alpha.md` with the file in `content/pages/`: the image broke, and a
/// second bundle's `cover.png` overwrote the first's silently. Each stays a bundle.
#[test]
fn undated_page_bundles_stay_bundles_with_their_files() {
    let site = TestSite::new();
    site.write("zola/config.toml", "base_url = \"https://example.org\"\ntitle = \"Repro\"\n");
    for name in ["alpha", "beta"] {
        site.write(
            &format!("zola/content/projects/{name}/index.md"),
            format!("+++\ntitle = \"{name}\"\n+++\n\n![Screenshot](cover.png)\n"),
        );
        site.write(&format!("zola/content/projects/{name}/cover.png"), format!("cover of {name}"));
    }
    let (report, dest) = site.import("zola", &[]);
    let files = files_under(&dest.join("content"));
    assert_eq!(files, ["pages/alpha/cover.png", "pages/alpha/index.md", "pages/beta/cover.png", "pages/beta/index.md"]);
    run_ok(&dest, &["check"]);
    run_ok(&dest, &["build"]);
    assert_eq!(fs::read_to_string(dest.join("public/beta/cover.png")).unwrap(), "cover of beta", "{report}");
    assert_eq!(fs::read_to_string(dest.join("public/alpha/cover.png")).unwrap(), "cover of alpha");
    let old = fs::read_to_string(dest.join("public/projects/alpha/index.html")).unwrap();
    assert_eq!(old.matches("url=https://example.org/alpha/").count(), 1, "{old}");
}

/// A dated post in a section named `pages` was written under `content/pages/`, which
/// brief reads as standalone pages: its dated URL was never built and its tags dropped.
#[test]
fn a_dated_post_in_a_pages_section_is_a_briefing_at_its_dated_url() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Repro\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    site.write(
        "zola/content/pages/privacy/index.md",
        "+++\ntitle = \"Privacy Policy\"\npath = \"privacy\"\ndate = 2023-10-28\n[taxonomies]\ntags = [\"legal\"]\n+++\n\n\
         ![Seal](seal.png)\n",
    );
    site.write("zola/content/pages/privacy/seal.png", "seal");
    let (report, dest) = site.import("zola", &[]);
    let files = files_under(&dest.join("content"));
    assert_eq!(files, ["pages-posts/privacy/index.md", "pages-posts/privacy/seal.png"], "{report}");
    let note: Vec<&str> = report.lines().filter(|l| l.contains("written as `pages-posts/privacy/index.md`")).collect();
    assert_eq!(note.len(), 1, "{report}");
    run_ok(&dest, &["check"]);
    run_ok(&dest, &["build"]);
    let public = dest.join("public");
    assert_eq!(fs::read_to_string(public.join("2023/10/28/privacy/seal.png")).unwrap(), "seal");
    let tag = fs::read_to_string(public.join("tags/legal/index.html")).unwrap();
    assert_eq!(common::item_titles(&tag), ["Privacy Policy"]);
    let old = fs::read_to_string(public.join("privacy/index.html")).unwrap();
    assert!(old.contains("http-equiv=\"refresh\"") && old.contains("/2023/10/28/privacy/"), "{old}");
}

/// getzola.org's docs: `content/documentation/_index.md` has `redirect_to =
/// "documentation/getting-started/"`, so Zola wrote a redirect page at /documentation/
/// and never showed the section's text. The import published that text as the page
/// /documentation/ (the old URL stopped redirecting) and did not report it.
#[test]
fn zola_sections_with_redirect_to_lead_where_zola_sent_readers() {
    let site = TestSite::new();
    site.write("zola/config.toml", "base_url = \"https://example.org/\"\ntitle = \"Docs\"\n");
    site.write(
        "zola/content/documentation/_index.md",
        "+++\ntemplate = \"documentation.html\"\nredirect_to = \"documentation/getting-started/\"\n+++\n\nNever shown.\n",
    );
    site.write(
        "zola/content/documentation/getting-started/_index.md",
        "+++\ntitle = \"Getting started\"\n+++\nStart.\n",
    );
    site.write("zola/content/news/_index.md", "+++\nredirect_to = \"https://example.org/news/launch/\"\n+++\nOld.\n");
    site.write("zola/content/news/launch.md", "+++\ntitle = \"Launch\"\ndate = 2024-07-12\n+++\nIt launched.\n");
    site.write("zola/content/chat/_index.md", "+++\nredirect_to = \"https://chat.example.net/\"\n+++\nJoin us.\n");
    let (report, dest) = site.import("zola", &[]);
    assert_eq!(
        files_under(&dest.join("content")),
        vec!["news/launch.md", "pages/documentation-getting-started.md"],
        "{report}"
    );
    let moved = fs::read_to_string(dest.join("static/documentation/index.html")).unwrap();
    assert!(moved.contains("url=https://example.org/documentation-getting-started/\""), "{moved}");
    let aliases = common::front_matter_of(&dest.join("content/news/launch.md"))["aliases"].clone();
    assert_eq!(aliases, serde_yaml::from_str::<serde_yaml::Value>("[/news/launch/, /news/]").unwrap());
    assert!(
        report.contains(
            "  content/documentation/_index.md: a section that redirects to `documentation/getting-started/`"
        ),
        "{report}"
    );
    assert!(
        report.contains("  content/chat/_index.md: not converted: `redirect_to = \"https://chat.example.net/\"`: Zola redirected /chat/ there"),
        "{report}"
    );
    assert!(!dest.join("static/chat").exists() && !dest.join("content/pages/chat.md").exists());
}

/// Regression (review repro-9): a `redirect_to` to a section that redirects on
/// (`/old/` → `/docs/` → `/docs/start/`) was reported as a redirect to no page, as a
/// redirecting section was never a target. Loops and a section that redirects to itself
/// are reported as such, and so is the home section's `redirect_to`.
#[test]
fn zola_redirect_to_chains_are_followed_to_the_page_loops_are_reported() {
    let site = TestSite::new();
    site.write("zola/config.toml", "base_url = \"https://example.org\"\ntitle = \"Z\"\n");
    site.write("zola/content/_index.md", "+++\nredirect_to = \"docs/\"\n+++\n");
    site.write("zola/content/old/_index.md", "+++\nredirect_to = \"docs/\"\n+++\n");
    site.write("zola/content/docs/_index.md", "+++\nredirect_to = \"docs/start/\"\n+++\n");
    site.write("zola/content/docs/start/_index.md", "+++\ntitle = \"Start\"\n+++\nStart.\n");
    site.write("zola/content/a/_index.md", "+++\nredirect_to = \"b/\"\n+++\n");
    site.write("zola/content/b/_index.md", "+++\nredirect_to = \"a/\"\n+++\n");
    site.write("zola/content/self/_index.md", "+++\nredirect_to = \"self/\"\n+++\n");
    let (report, dest) = site.import("zola", &[]);
    for (file, line) in [
        (
            "old",
            "a section that redirects to `docs/` (`redirect_to`; Zola showed none of its text): its old URL /old/ leads to `content/docs/start/_index.md` now",
        ),
        (
            "docs",
            "a section that redirects to `docs/start/` (`redirect_to`; Zola showed none of its text): its old URL /docs/ leads to `content/docs/start/_index.md` now",
        ),
        ("a", "not converted: `redirect_to = \"b/\"`: the redirects from /a/ go round in a loop"),
        ("b", "not converted: `redirect_to = \"a/\"`: the redirects from /b/ go round in a loop"),
        ("self", "not converted: `redirect_to = \"self/\"`: the section redirects to itself (/self/)"),
        ("", "not converted: `redirect_to = \"docs/\"`: Zola redirected the home page there"),
    ] {
        let source =
            if file.is_empty() { "content/_index.md".to_string() } else { format!("content/{file}/_index.md") };
        assert!(report.contains(&format!("  {source}: {line}")), "{source}: {line}\n{report}");
    }
    assert!(!report.contains("not one of its pages"), "{report}");
    for old in ["old", "docs"] {
        let page = fs::read_to_string(dest.join(format!("static/{old}/index.html"))).unwrap();
        assert!(page.contains("url=https://example.org/docs-start/\""), "{page}");
    }
}

/// canxin121/duckquill-blog turns on `[markdown] definition_list = true`; Zola then
/// renders `Term` / `: definition` as a `<dl>`. The import left it as a paragraph
/// (`Mermaid : Describe graphs as text.`) and said nothing.
#[test]
fn definition_lists_are_converted_where_zola_config_enables_them() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Z\"\n\n[markdown]\ndefinition_list = true\n",
    );
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.write(
        "zola/content/blog/post.md",
        "+++\ntitle = \"Post\"\ndate = 2026-02-13\n+++\n\nMermaid\n: Describe graphs as text.\n\nKaTeX\n: Fast math rendering.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(report.contains("content/blog/post.md:6: note: definition list → HTML `<dl>`"), "{report}");
    let body = fs::read_to_string(dest.join("content/blog/post.md")).unwrap();
    assert!(body.contains("<dl>") && !body.contains(": Describe"), "{body}");
    // Off (Zola's default), the same text was a paragraph there too: it stays as written.
    site.write("zola/config.toml", "base_url = \"https://example.org\"\ntitle = \"Z\"\n");
    fs::remove_dir_all(&dest).unwrap();
    let (report, dest) = site.import("zola", &[]);
    let body = fs::read_to_string(dest.join("content/blog/post.md")).unwrap();
    assert!(!body.contains("<dl>"), "{body}\n{report}");
}

/// Zola slugs a term by `[slugify] taxonomies`, not `paths` (its `TaxonomyTerm`): the
/// import took `paths`, so with `paths = "safe"` it made a redirect from `/tags/C++/`, a
/// URL Zola never had (its page was `/tags/c/`), and with `taxonomies = "off"` it lost
/// `/tags/C++/` and `/tags/Data%20Science/` without a word (the second refused as not
/// a site path, for its space).
#[test]
fn zola_term_urls_follow_slugify_taxonomies_not_paths() {
    let post = "+++\ntitle = \"A\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"Data Science\", \"C++\", \"rust\", \"Go\"]\n+++\nText.\n";
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"Z\"\nbase_url = \"https://z.example.org\"\ntaxonomies = [{ name = \"tags\" }]\n\
         [slugify]\npaths = \"safe\"\n",
    );
    site.write("zola/content/blog/a.md", post);
    let (report, dest) = site.import("zola", &[]);
    assert!(!report.contains("/tags/C++/"), "{report}");
    assert!(!report.contains("Data Science/"), "{report}");
    assert!(files_under(&dest.join("static")).is_empty(), "{report}");

    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"Z\"\nbase_url = \"https://z.example.org\"\ntaxonomies = [{ name = \"tags\" }]\n\
         [slugify]\ntaxonomies = \"off\"\n",
    );
    site.write("zola/content/blog/a.md", post);
    let (report, dest) = site.import("zola", &[]);
    assert!(
        report.contains("old URL: /tags/C++/ (the page of tags `C++`) → redirect file static/tags/C++/index.html\n"),
        "{report}"
    );
    assert!(
        report.contains(
            "old URL: /tags/Data%20Science/ (the page of tags `Data Science`) → redirect file static/tags/Data Science/index.html\n"
        ),
        "{report}"
    );
    assert_eq!(files_under(&dest.join("static")), ["tags/C++/index.html", "tags/Data Science/index.html"]);
    // `/tags/Go/` and `/tags/go/` are one folder where case is ignored: said so.
    assert!(report.contains("/tags/Go/ (the page of tags `Go`) → /tags/go/ (differs only in case"), "{report}");
    run_ok(&dest, &["build"]);
    let page = fs::read_to_string(dest.join("public/tags/Data Science/index.html")).unwrap();
    assert!(page.contains("/tags/data-science/"), "{page}");
}

/// Zola's `[slugify] paths_keep_dates = true` keeps the date a page's name starts with
/// in its slug (`2016-10-08_a-post-with-dates.md` was `/posts/2016-10-08-a-post-with-dates/`);
/// the import ignored it, so the old URL it kept was one Zola never served. And the
/// slug the old site used is kept when a `slug` was slugged too (`slug = "Привет мир"`
/// was `/blog/privet-mir/` under Zola's default): brief's URL had `привет-мир`.
#[test]
fn zola_paths_keep_dates_and_a_slugged_slug_give_the_old_urls() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"Z\"\nbase_url = \"https://z.example.org\"\n[slugify]\npaths_keep_dates = true\n",
    );
    site.write(
        "zola/content/posts/2016-10-08_a-post-with-dates.md",
        "+++\ntitle = \"A post with dates\"\n+++\nText.\n",
    );
    site.write(
        "zola/content/blog/privet.md",
        "+++\ntitle = \"Hello\"\ndate = 2022-02-02\nslug = \"Привет мир\"\n+++\nText.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(
        report.contains(
            "old URL: /posts/2016-10-08-a-post-with-dates/ (its URL on the old site) → alias of /2016/10/08/a-post-with-dates/"
        ),
        "{report}"
    );
    let text = fs::read_to_string(dest.join("content/posts/a-post-with-dates.md")).unwrap();
    assert!(text.contains("date: 2016-10-08\n"), "{text}");
    assert!(
        report.contains("old URL: /blog/privet-mir/ (its URL on the old site) → alias of /2022/02/02/privet-mir/"),
        "{report}"
    );
    run_ok(&dest, &["build"]);
    assert!(dest.join("public/posts/2016-10-08-a-post-with-dates/index.html").is_file());
    assert!(dest.join("public/2022/02/02/privet-mir/index.html").is_file());
}

/// A review of the fixes above: a `slug` that slugs to nothing gave the post its
/// section's name as slug (and the section's URL as its old URL); a `#` in a slug kept
/// by `safe` cut the old URL as a fragment (and `/posts/F#%20notes/` was no site path,
/// so not redirected); `2020-04-02 - spaced name.md`, which Zola dates (one space may
/// come before the separator), was an undated page at a URL Zola never had.
#[test]
fn zola_slugs_of_nothing_with_a_hash_or_after_a_spaced_date_keep_their_urls() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Z\"\nbase_url = \"https://z.example.org\"\n");
    site.write("zola/content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n");
    site.write("zola/content/posts/2020-05-02_dash.md", "+++\ntitle = \"Dashes only\"\nslug = \"—\"\n+++\nText.\n");
    site.write("zola/content/posts/2020-04-02 - spaced name.md", "+++\ntitle = \"Spaced\"\n+++\nText.\n");
    let (report, dest) = site.import("zola", &[]);
    let dash = fs::read_to_string(dest.join("content/posts/dash.md")).unwrap();
    assert!(!dash.contains("slug: posts"), "{dash}");
    assert!(!dash.contains("- /posts/\n"), "{dash}");
    assert!(
        report.contains("old URL: /posts/spaced-name/ (its URL on the old site) → alias of /2020/04/02/spaced-name/"),
        "{report}"
    );
    run_ok(&dest, &["build"]);
    assert!(dest.join("public/2020/05/02/dashes-only/index.html").is_file(), "{report}");

    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"Z\"\nbase_url = \"https://z.example.org\"\n[slugify]\npaths = \"safe\"\n",
    );
    site.write(
        "zola/content/posts/notes.md",
        "+++\ntitle = \"Notes\"\ndate = 2021-01-01\nslug = \"F# notes\"\n+++\nText.\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(
        report.contains("old URL: /posts/F%23%20notes/ (its URL on the old site) → alias of /2021/01/01/"),
        "{report}"
    );
    let notes = fs::read_to_string(dest.join("content/posts/notes.md")).unwrap();
    assert!(notes.contains("slug: f-notes\n"), "{notes}");
    run_ok(&dest, &["build"]);
    assert!(dest.join("public/posts/F# notes/index.html").is_file(), "{report}");
}

/// A language's taxonomies are its own (`[languages.fr] taxonomies = [{ name = "tags",
/// feed = true }]`): the import read `feed = true` only from the top level, so the
/// French term feeds Zola served were not listed, and a top-level feed was taken for
/// every language.
#[test]
fn zola_term_feeds_follow_each_languages_own_taxonomies() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"R\"\nbase_url = \"https://r.example.org\"\ndefault_language = \"en\"\n\
         taxonomies = [{ name = \"tags\" }]\n[languages.fr]\ntitle = \"R fr\"\n\
         taxonomies = [{ name = \"tags\", feed = true }]\n",
    );
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.write("zola/content/blog/_index.fr.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.write(
        "zola/content/blog/2021-01-01-hi.md",
        "+++\ntitle = \"Hi\"\n[taxonomies]\ntags = [\"Summer\"]\n+++\nx\n",
    );
    site.write(
        "zola/content/blog/2021-01-01-hi.fr.md",
        "+++\ntitle = \"Salut\"\n[taxonomies]\ntags = [\"Été\"]\n+++\nx\n",
    );
    let (report, _) = site.import("zola", &[]);
    assert!(
        report.contains("  /fr/tags/ete/atom.xml (Zola's feed of tags `Été`) → /fr/tags/été/atom.xml\n"),
        "{report}"
    );
    assert!(!report.contains("/tags/summer/atom.xml (Zola's feed"), "{report}");
}

/// Zola takes any taxonomy name (`Categories`, `séries`) and writes its folder slugged
/// (`/categories/`, `/series/` under `[slugify] taxonomies = "on"`); brief's names are
/// lowercase ASCII, so the site.yaml the import wrote did not build ("invalid taxonomy
/// name"). The names are now brief's, the folders the same.
#[test]
fn zola_taxonomy_names_brief_refuses_become_names_it_takes() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"R\"\nbase_url = \"https://r.example.org\"\ntaxonomies = [{ name = \"Categories\" }, { name = \"séries\" }]\n",
    );
    site.write("zola/content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n");
    site.write(
        "zola/content/posts/2021-01-01_a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\nCategories = [\"News\"]\n\"séries\" = [\"Dune\"]\n+++\nx\n",
    );
    let (report, dest) = site.import("zola", &[]);
    assert!(report.contains("taxonomy `Categories` → `categories`"), "{report}");
    assert!(report.contains("taxonomy `séries` → `series`"), "{report}");
    let yaml = fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert!(yaml.contains("- categories\n") && yaml.contains("- series\n"), "{yaml}");
    run_ok(&dest, &["build"]);
    assert!(dest.join("public/categories/news/index.html").is_file(), "{report}");
    assert!(dest.join("public/series/dune/index.html").is_file(), "{report}");
}

/// Zola copies all of `static/`: folders named `public`, `resources` or `vendor` were
/// dropped unreported, `.well-known/` too (which brief cannot serve: named now).
#[test]
fn zola_static_folders_of_any_name_are_copied_and_hidden_files_named() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"S\"\nbase_url = \"https://s.example\"\n");
    site.write("zola/content/blog/a.md", "+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\nText.\n");
    for f in ["public/a.css", "resources/b.css", "vendor/v.js"] {
        site.write(&format!("zola/static/{f}"), "x");
    }
    site.write("zola/static/.well-known/security.txt", "Contact: x");
    let (report, dest) = site.import("zola", &[]);
    assert_eq!(files_under(&dest.join("static")), ["public/a.css", "resources/b.css", "vendor/v.js"], "{report}");
    assert!(
        report.contains("  static/.well-known/security.txt: Zola served it at /.well-known/security.txt"),
        "{report}"
    );
}

/// ropensci's sites keep each post's R Markdown source beside its `index.md`, and Zola's
/// `ignored_content = ["*.Rmd"]` leaves it out (globs matched against the whole path, `*`
/// crossing folders, as globset matches them); `ignored_static` does the same in
/// `static/`. The import copied and published both.
#[test]
fn zola_ignored_content_and_ignored_static_are_not_imported() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"S\"\nbase_url = \"https://s.example\"\nignored_content = [\"*.Rmd\", \"**/drafts\"]\n\
         ignored_static = [\"*.psd\"]\n",
    );
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.write("zola/content/blog/b/index.md", "+++\ntitle = \"B\"\ndate = 2024-01-02\n+++\nText.\n");
    site.write("zola/content/blog/b/index.Rmd", "source");
    site.write("zola/content/blog/b/plot.png", "png");
    site.write("zola/content/blog/drafts/d.md", "+++\ntitle = \"D\"\ndate = 2024-01-03\n+++\nText.\n");
    site.write("zola/static/img/logo.psd", "psd");
    site.write("zola/static/img/logo.png", "png");
    let (report, dest) = site.import("zola", &[]);
    assert_eq!(files_under(&dest.join("content")), ["blog/b/index.md", "blog/b/plot.png", "pages/blog.md"], "{report}");
    assert_eq!(files_under(&dest.join("static")), ["img/logo.png"], "{report}");
    for line in [
        "  content/blog/b/index.Rmd: matches `*.Rmd` of `ignored_content` (config.toml): Zola did not read it",
        "  content/blog/drafts: matches `**/drafts` of `ignored_content` (config.toml)",
        "  static/img/logo.psd: matches `*.psd` of `ignored_static` (config.toml)",
    ] {
        assert!(report.contains(line), "missing `{line}` in\n{report}");
    }
}

/// bevyengine/bevy-website names its news by date; Zola renders every page whatever its
/// date (it schedules none), so a post dated ahead was live, while brief schedules it:
/// its page and old URL wait for that day. The report said nothing of it (as it does for
/// Hugo's `buildFuture` and Jekyll's `future: true`).
#[test]
fn zola_posts_dated_ahead_are_reported_as_scheduled() {
    let site = TestSite::new();
    site.write("zola/config.toml", "title = \"Bevy\"\nbase_url = \"https://bevy.example\"\n");
    site.write("zola/content/news/_index.md", "+++\ntitle = \"News\"\n+++\n");
    site.write("zola/content/news/2099-03-01-bevy-0.21.md", "+++\ntitle = \"Bevy 0.21\"\n+++\nText.\n");
    site.write("zola/content/news/past.md", "+++\ntitle = \"Past\"\ndate = 2026-01-01\n+++\nText.\n");
    site.write("zola/content/news/later-draft.md", "+++\ntitle = \"D\"\ndate = 2099-01-01\ndraft = true\n+++\nText.\n");
    let (report, _) = site.import("zola", &[]);
    let line = "  config.toml: not converted: Zola publishes every page whatever its date (it schedules none): the old \
                site published 1 post(s) dated after today (`content/news/2099-03-01-bevy-0.21.md`); brief schedules \
                them";
    assert!(report.contains(line), "missing `{line}` in\n{report}");
}

/// rust-gamedev/rust-gamedev.github.io's config still says `generate_rss = true`, Zola's
/// spelling before 0.11, which wrote the site's feed to `/rss.xml` (and a taxonomy's
/// with `rss = true` to `/tags/go/rss.xml`): neither was listed as not served.
#[test]
fn zola_generate_rss_feeds_are_listed_as_not_served() {
    let site = TestSite::new();
    site.write(
        "zola/config.toml",
        "title = \"t\"\nbase_url = \"https://e.org\"\ngenerate_rss = true\ntaxonomies = [{name = \"tags\", rss = true}]\n",
    );
    site.write(
        "zola/content/blog/a.md",
        "+++\ntitle = \"A\"\ndate = 2020-01-01\n[taxonomies]\ntags = [\"go\"]\n+++\nhi\n",
    );
    let (report, _) = site.import("zola", &[]);
    for line in [
        "  /rss.xml (Zola's feed of the site, by `generate_rss`) → /atom.xml\n",
        "  /tags/go/rss.xml (Zola's feed of tags `go`) → /tags/go/atom.xml\n",
    ] {
        assert!(report.contains(line), "missing `{line}` in\n{report}");
    }
}
