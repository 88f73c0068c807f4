//! `brief import hugo` on the shapes real Hugo sites have that the fixtures of
//! tests/import.rs do not: each test is named for what a real site showed.

mod common;

use std::fs;

use common::{TestSite, brief, files_under, front_matter_of};

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

/// letsencrypt/website writes each language's settings in a file of its own,
/// `config/_default/languages.ja.toml` (and its menus in `menus.ja.toml`), which Hugo
/// reads as `[languages.ja]`. The import read no language: every edition's files were
/// English pages at `/en/…`, `/ja/…` redirects to them.
#[test]
fn hugo_config_files_named_for_a_language_are_its_settings() {
    let site = TestSite::new();
    site.write(
        "hugo/config/_default/hugo.toml",
        "baseURL = \"https://ca.example.org/\"\ndefaultContentLanguage = \"en\"\n",
    );
    site.write(
        "hugo/config/_default/languages.en.toml",
        "title = \"Free CA\"\ncontentDir = \"content/en\"\nweight = 10\n[params]\ndescription = \"A CA.\"\n",
    );
    site.write(
        "hugo/config/_default/languages.ja.toml",
        "title = \"無料の認証局\"\ncontentDir = \"content/ja\"\nlabel = \"日本語\"\nweight = 400\n\
         [params]\ndescription = \"認証局です。\"\n",
    );
    site.write("hugo/config/_default/menus.ja.toml", "[[main]]\nname = \"寄付\"\nweight = 30\n");
    let page = |title: &str| format!("---\ntitle: {title}\nslug: ipv6-support\ndate: 2020-02-07\n---\n\nText.\n");
    site.write("hugo/content/en/docs/ipv6.md", page("IPv6 Support"));
    site.write("hugo/content/ja/docs/ipv6.md", page("IPv6 のサポート"));
    let (report, dest) = site.import("hugo", &[]);
    let cfg: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(dest.join("site.yaml")).unwrap()).unwrap();
    assert_eq!(cfg["title"], yaml("Free CA"), "{report}");
    assert_eq!(cfg["languages"], yaml("{ja: {title: 無料の認証局, description: 認証局です。}}"));
    assert_eq!(
        cfg["extra"]["hugo"]["languages"]["ja"],
        yaml("{label: 日本語, menus: {main: [{name: 寄付, weight: 30}]}}")
    );
    assert_eq!(front_matter_of(&dest.join("content/en/docs/ipv6.md"))["aliases"], yaml("[/docs/ipv6-support/]"));
    assert_eq!(front_matter_of(&dest.join("content/ja/docs/ipv6.md"))["aliases"], yaml("[/ja/docs/ipv6-support/]"));
}

/// letsencrypt/website: `[uglyURLs] post = true` (a table of sections) with
/// `post = "/:year/:month/:day/:slug/"`, so Hugo served /2015/11/09/why-90-days.html,
/// the URL its posts link to. The import read no table (and no ugly URL from a
/// pattern), so it kept /2015/11/09/why-90-days/ and those links broke.
#[test]
fn hugo_ugly_urls_by_section_and_with_permalink_patterns_end_in_html() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://ca.example.org/\"\ntitle = \"CA\"\n[uglyURLs]\npost = true\n\
         [permalinks]\npost = \"/:year/:month/:day/:slug/\"\n",
    );
    site.write(
        "hugo/content/post/2015-11-9-why-90-days.markdown",
        "---\ntitle: Why ninety-day lifetimes?\ndate: 2015-11-09T00:00:00Z\nslug: why-90-days\n---\n\nText.\n",
    );
    site.write(
        "hugo/content/post/2016-3-9-new-home.md",
        "---\ntitle: New home\ndate: 2016-03-09T00:00:00Z\nslug: new-home\n---\n\nSee [why](/2015/11/09/why-90-days.html).\n",
    );
    site.write("hugo/content/docs/ipv6.md", "---\ntitle: IPv6\ndate: 2020-02-07\n---\n\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    let fm = front_matter_of(&dest.join("content/post/2015-11-9-why-90-days.md"));
    assert_eq!(fm["aliases"], yaml("[/2015/11/09/why-90-days.html]"), "{report}");
    assert_eq!(front_matter_of(&dest.join("content/docs/ipv6.md"))["aliases"], yaml("[/docs/ipv6/]"));
    // `uglyURLs = true` makes every page and section ugly.
    let all = TestSite::new();
    all.write("hugo/hugo.toml", "title = \"CA\"\nuglyURLs = true\n");
    all.write("hugo/content/news/_index.md", "---\ntitle: News\n---\n");
    all.write("hugo/content/news/launch.md", "---\ntitle: Launch\ndate: 2024-05-01\n---\n\nText.\n");
    let (report, dest) = all.import("hugo", &[]);
    assert_eq!(
        front_matter_of(&dest.join("content/news/launch.md"))["aliases"],
        yaml("[/news/launch.html]"),
        "{report}"
    );
    assert!(dest.join("static/news.html").is_file(), "{report}");
}

/// istio/istio.io is built for `https://istio.io/latest` with `canonifyURLs = true`:
/// Hugo wrote a bulletin's `[ISTIO-SECURITY-2022-004](/news/security/istio-security-2022-004)`
/// as `https://istio.io/latest/news/…`. The import kept `/news/…`, outside the new
/// site's base path, and `brief check` failed the imported site.
#[test]
fn hugo_canonify_urls_puts_paths_from_the_host_under_the_base_path() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"Istio\"\nbaseurl = \"https://istio.io/latest\"\ncanonifyURLs = true\n");
    site.write(
        "hugo/content/news/security/istio-security-2022-004/index.md",
        "---\ntitle: ISTIO-SECURITY-2022-004\npublishdate: 2022-03-09\n---\n\nText.\n",
    );
    site.write(
        "hugo/content/news/security/istio-security-2024-006/index.md",
        "---\ntitle: ISTIO-SECURITY-2024-006\npublishdate: 2024-09-19\n---\n\n\
         See [ISTIO-SECURITY-2022-004](/news/security/istio-security-2022-004).\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    let body = fs::read_to_string(dest.join("content/news/security/istio-security-2024-006/index.md")).unwrap();
    assert!(body.contains("](/latest/news/security/istio-security-2022-004)"), "{body}");
}

/// istio/istio.io builds with `buildFuture = true`: a bulletin dated ahead was on the
/// site at once. brief schedules it, so its page and old URL wait for that day, and
/// the report said nothing of it.
#[test]
fn hugo_build_future_posts_are_reported_as_scheduled() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"Istio\"\nbuildFuture = true\n");
    site.write("hugo/content/news/later.md", "---\ntitle: Ahead\npublishdate: 2099-01-15\n---\n\nText.\n");
    site.write("hugo/content/news/past.md", "---\ntitle: Past\ndate: 2022-03-09\n---\n\nText.\n");
    let (report, _) = site.import("hugo", &[]);
    let line = report.lines().find(|l| l.contains("`buildFuture = true`")).unwrap_or_default();
    assert!(line.contains("not converted: `buildFuture = true`: the old site published 1 post(s) dated after today (`content/news/later.md`)"), "{report}");
}

/// reuixiy/hugo-theme-meme's example site has `enableEmoji = true`, so Hugo showed
/// `:see_no_evil:` in its emoji post as 🙈; the import left the code as text and said
/// nothing, and the new site shows `:see_no_evil:`.
#[test]
fn hugo_emoji_codes_are_reported_where_the_config_enables_them() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"MemE\"\nenableEmoji = true\n");
    site.write(
        "hugo/content/posts/emoji-support.md",
        "+++\ntitle = \"Emoji Support\"\ndate = \"2019-03-05\"\n+++\n\nEmoji can be enabled. :see_no_evil:\n\n`:tada:` at 10:30:45\n",
    );
    let (report, _) = site.import("hugo", &[]);
    let found: Vec<&str> = report.lines().filter(|l| l.contains("emoji code")).collect();
    assert_eq!(
        found,
        [
            "  content/posts/emoji-support.md:6: not converted: emoji code `:see_no_evil:`: Hugo showed the emoji (`enableEmoji = true`); brief shows the code"
        ],
        "{report}"
    );
}

/// Hugo reads `headless: true` only in a leaf bundle's `index.md` and publishes any
/// other page with it as usual; the import dropped such a post as headless.
#[test]
fn headless_outside_a_leaf_bundle_is_ignored_as_hugo_ignores_it() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://news.example.org/\"\ntitle = \"News\"\n");
    site.write(
        "hugo/content/news/d15.md",
        "---\ntitle: \"D15 headless\"\ndate: 2021-03-09\nheadless: true\n---\nbody\n",
    );
    site.write("hugo/content/news/shared/index.md", "---\ntitle: Shared\ndate: 2021-03-10\nheadless: true\n---\n");
    site.write("hugo/content/news/shared/logo.png", "png");
    let (report, dest) = site.import("hugo", &[]);
    assert_eq!(files_under(&dest.join("content")), ["news/d15.md"], "{report}");
    assert_eq!(front_matter_of(&dest.join("content/news/d15.md"))["aliases"], yaml("[/news/d15/]"));
    assert!(report.contains("  content/news/shared/index.md: headless (never rendered by Hugo either)\n"), "{report}");
}

/// Hugo sites keep files in `static/` folders named like brief's lists (a PDF under
/// `static/archive/`, tag icons under `static/tags/`, Lunr under `static/search/`):
/// the import dropped them all as "brief makes its own /archive", and the posts'
/// links to them broke. Only the files brief writes itself are left out.
#[test]
fn static_files_in_folders_named_like_briefs_lists_are_copied() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://h5.example.org/\"\ntitle = \"H5\"\n");
    site.write(
        "hugo/content/posts/a.md",
        "---\ntitle: \"A\"\ndate: 2024-01-01\ntags: [go]\n---\n\
         See [the report](/archive/old.pdf) and ![logo](/tags/go.svg).\n",
    );
    for rel in [
        "archive/old.pdf",
        "tags/go.svg",
        "page/x.css",
        "search/lunr.js",
        "2019/05/photo.jpg",
        "atom.xml",
        "robots.txt",
        "style.css",
        "tags/index.html",
    ] {
        site.write(&format!("hugo/static/{rel}"), "x");
    }
    let (report, dest) = site.import("hugo", &[]);
    assert_eq!(
        files_under(&dest.join("static")),
        // (`posts/index.html` is the redirect file at Hugo's list of the section.)
        ["2019/05/photo.jpg", "archive/old.pdf", "page/x.css", "posts/index.html", "search/lunr.js", "tags/go.svg"],
        "{report}"
    );
    let skipped: Vec<&str> = report.lines().filter(|l| l.starts_with("  static/")).collect();
    assert_eq!(
        skipped,
        [
            "  static/atom.xml: brief makes its own /atom.xml",
            "  static/robots.txt: brief makes its own /robots.txt",
            "  static/style.css: brief's theme has its own /style.css",
            "  static/tags/index.html: brief makes its own /tags/index.html",
        ],
        "{report}"
    );
    assert!(report.contains("none broken"), "{report}");
}

/// A post named `page.md` dated 2024-01-02 took `/2024/01/02/page/`, where brief pages
/// the day's list: the imported site did not build and the import exited 1. The same
/// for a page at `/authors/` where brief lists the authors. The slug gets `-2`, as for
/// two posts with one URL, and the authors' page is left out, as the tags' is.
#[test]
fn a_post_named_page_gets_another_slug_and_a_page_at_authors_is_left_out() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://h5.example.org/\"\ntitle = \"H5\"\n");
    site.write(
        "hugo/content/posts/page.md",
        "---\ntitle: \"Page\"\ndate: 2024-01-02\nauthor: Ana\n---\nPost named page.\n",
    );
    site.write("hugo/content/authors/_index.md", "---\ntitle: \"Our authors\"\n---\nWho writes.\n");
    let (report, dest) = site.import("hugo", &[]);
    let fm = front_matter_of(&dest.join("content/posts/page.md"));
    assert_eq!((&fm["slug"], &fm["aliases"]), (&yaml("page-2"), &yaml("[/posts/page/]")), "{report}");
    assert!(
        report.contains("note: `/2024/01/02/page/` is where brief pages the day's list; this one gets `page-N`"),
        "{report}"
    );
    assert!(report.contains("  content/authors/_index.md: a page at /authors/: brief makes its own\n"), "{report}");
}

/// Hugo reads RFC 1123 and RFC 2822 dates (`cast.ToTime`); the import reported them as
/// "not a date brief reads" and made each post a page without its date.
#[test]
fn rfc_1123_dates_are_read_as_hugo_reads_them() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://h.example.org/\"\ntitle = \"H\"\n[permalinks]\nposts = \"/:year/:month/:day/:slug/\"\n",
    );
    site.write("hugo/content/posts/a.md", "---\ntitle: A\ndate: \"Thu, 04 Mar 2021 10:00:00 +0100\"\n---\nText.\n");
    site.write("hugo/content/posts/b.md", "---\ntitle: B\ndate: \"Fri, 05 Mar 2021 23:30 +0100\"\n---\nText.\n");
    site.write("hugo/content/posts/c.md", "---\ntitle: C\ndate: \"Sat, 06 Mar 2021 09:00:00 GMT\"\n---\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    let fm = |name: &str| {
        let fm = front_matter_of(&dest.join("content/posts").join(name));
        (fm["date"].clone(), fm["aliases"].clone())
    };
    assert_eq!(fm("a.md"), (yaml("2021-03-04T10:00:00+01:00"), yaml("null")), "{report}");
    assert_eq!(fm("b.md"), (yaml("2021-03-05T23:30:00+01:00"), yaml("null")), "{report}");
    assert_eq!(fm("c.md"), (yaml("2021-03-06T09:00:00+00:00"), yaml("null")), "{report}");
    assert!(!report.contains("not a date"), "{report}");
}

/// Hugo resolves a `ref`/`relref` from the page's folder first, then from the content
/// folder, and a bundle by its folder's name: in `posts/plain.md`, `leaf` is the bundle
/// `posts/leaf/` and `../blog/other.md` the post beside the section. Each was left as
/// shortcode text, "not among the imported files".
#[test]
fn refs_relative_to_the_page_and_to_a_sibling_bundle_resolve() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://ex.org/\"\ntitle = \"Refs\"\n");
    site.write("hugo/content/posts/leaf/index.md", "---\ntitle: Leaf\ndate: 2022-01-01\n---\n## Section One\n");
    site.write("hugo/content/blog/other.md", "---\ntitle: Other\ndate: 2022-01-03\n---\n## Intro\n");
    site.write(
        "hugo/content/posts/plain.md",
        "---\ntitle: Plain\ndate: 2022-01-02\n---\n\
         1. [a]({{< relref \"leaf\" >}})\n\
         2. [b]({{< ref \"leaf/index.md\" >}})\n\
         3. [c]({{< ref \"leaf/\" >}})\n\
         4. [d]({{< relref \"leaf#section-one\" >}})\n\
         5. [e]({{< relref \"../blog/other.md\" >}})\n\
         6. [f]({{< ref \"./leaf\" >}})\n\
         7. [g]({{< ref \"/posts/leaf\" >}})\n\
         8. [h]({{< ref \"other.md#intro\" >}})\n\
         9. [i]({{< ref \"../missing.md\" >}})\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    let text = fs::read_to_string(dest.join("content/posts/plain.md")).unwrap();
    let body = text.split_once("\n---\n").unwrap().1;
    assert_eq!(
        body,
        "1. [a](/2022/01/01/leaf/)\n\
         2. [b](/2022/01/01/leaf/)\n\
         3. [c](/2022/01/01/leaf/)\n\
         4. [d](/2022/01/01/leaf/#section-one)\n\
         5. [e](/2022/01/03/other/)\n\
         6. [f](/2022/01/01/leaf/)\n\
         7. [g](/2022/01/01/leaf/)\n\
         8. [h](/2022/01/03/other/#intro)\n\
         9. [i]({{< ref \"../missing.md\" >}})\n",
        "{report}"
    );
    assert!(report.contains("`../missing.md` is not among the imported files"), "{report}");
}

/// Hugo's `figure` runs its caption through `markdownify` and wraps the image in its
/// `link`: the import showed `*Reuters*` and `[AP](…)` as typed, and with a `link` made
/// no figure at all (the caption only an image title).
#[test]
fn a_hugo_figure_keeps_its_link_and_its_caption_rendered_as_markdown() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://h8.example.org/\"\ntitle = \"H8\"\n");
    site.write("hugo/static/images/logo.png", "png");
    site.write("hugo/content/posts/b/a.png", "png");
    site.write(
        "hugo/content/posts/b/index.md",
        "---\ntitle: B\ndate: 2024-02-01\n---\n\
         {{< figure src=\"a.png\" alt=\"Alt text\" caption=\"A **bold** caption\" link=\"https://example.com/full.png\" >}}\n",
    );
    site.write(
        "hugo/content/posts/d.md",
        "---\ntitle: D\ndate: 2024-02-02\n---\n\
         {{< figure src=\"/images/logo.png\" caption=\"Photo: *Reuters* / [AP](https://apnews.com)\" >}}\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = |rel: &str| fs::read_to_string(dest.join("public").join(rel).join("index.html")).unwrap();
    let figure = |html: &str| {
        html.split_once("<figure").map(|(_, r)| format!("<figure{}", r.split_once("</figure>").unwrap().0)).unwrap()
    };
    assert_eq!(
        figure(&page("2024/02/01/b")),
        "<figure><a href=\"https://example.com/full.png\"><img src=\"a.png\" alt=\"Alt text\"></a>\
         <figcaption><p>A <strong>bold</strong> caption</p></figcaption>"
    );
    assert_eq!(
        figure(&page("2024/02/02/d")),
        "<figure><img src=\"/images/logo.png\" alt=\"Photo: Reuters / AP\"><figcaption><p>Photo: <em>Reuters</em> / \
         <a href=\"https://apnews.com\">AP</a></p></figcaption>"
    );
}

/// brief gives an emoji-only tag a page (`/tags/🚀/`); the import dropped `🚀` as a
/// term "brief cannot give a page". Only a term with no letter, digit or emoji is.
#[test]
fn an_emoji_tag_is_kept_and_gets_its_page() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://h.example.org/\"\ntitle = \"H\"\n");
    site.write(
        "hugo/content/posts/launch.md",
        "---\ntitle: Launch\ndate: 2024-05-01\ntags: [\"🚀\", \"go\", \"--\"]\n---\nUp.\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    let fm = front_matter_of(&dest.join("content/posts/launch.md"));
    assert_eq!(fm["tags"], yaml("[\"🚀\", go]"), "{report}");
    assert_eq!(fm["extra"]["hugo"]["dropped_terms"], yaml("[{taxonomy: tags, term: \"--\"}]"));
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dest.join("public/tags/🚀/index.html").is_file());
}

/// URLs the old site served that no imported file had went without a word: Hugo's
/// feeds, a section's list without an `_index.md`, the `/en/` pages of
/// `defaultContentLanguageInSubdir`, and tag pages brief makes at another URL
/// (`/tags/c++/`, brief's `/tags/c/`, where `C`, `C++` and `C#` are one tag). A page
/// gets a redirect file; a feed, which no redirect page keeps, is listed.
#[test]
fn the_old_sites_lists_and_feeds_are_redirected_or_listed() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://h.example.org/\"\ntitle = \"H\"\ndefaultContentLanguage = \"en\"\n\
         defaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
    );
    site.write(
        "hugo/content/news/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntags: [C, C++, \"C#\", Node.js]\n---\nText.\n",
    );
    site.write("hugo/content/news/b.de.md", "---\ntitle: B\ndate: 2024-01-02\ntags: [Go]\n---\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    let redirects: Vec<&str> = report.lines().filter(|l| l.starts_with("  (site): old URL: ")).collect();
    assert_eq!(
        redirects,
        [
            "  (site): old URL: /en/ (the home page) → redirect file static/en/index.html",
            "  (site): old URL: /en/tags/ (the list of tags) → redirect file static/en/tags/index.html",
            "  (site): old URL: /en/tags/c/ (the page of tags `C`) → redirect file static/en/tags/c/index.html",
            "  (site): old URL: /en/tags/c%23/ (the page of tags `C#`) → redirect file static/en/tags/c#/index.html",
            "  (site): old URL: /en/tags/c++/ (the page of tags `C++`) → redirect file static/en/tags/c++/index.html",
            "  (site): old URL: /en/tags/node.js/ (the page of tags `Node.js`) → redirect file static/en/tags/node.js/index.html",
            "  (site): old URL: /de/news/ (the list of section `news`, which had no `_index.md`) → redirect file static/de/news/index.html",
            "  (site): old URL: /en/news/ (the list of section `news`, which had no `_index.md`) → redirect file static/en/news/index.html",
        ],
        "{report}"
    );
    assert!(
        report.contains(
            "  (site): note: tags `C`, `C#`, `C++` are one term in brief, at /tags/c/, which lists the posts of each"
        ),
        "{report}"
    );
    let lost = report.split_once("old URLs brief does not serve").unwrap().1.split_once("\n\n").unwrap().0;
    let lost: Vec<&str> = lost.lines().skip(1).collect();
    assert_eq!(
        lost,
        [
            "  /de/index.xml (Hugo's RSS feed of the site) → /de/atom.xml",
            "  /de/news/index.xml (Hugo's RSS feed of section `news`) → /de/atom.xml, the site's feed (brief has none per section)",
            "  /de/tags/index.xml (Hugo's RSS feed of the list of tags) → /de/atom.xml, the site's feed (brief has none of the list)",
            "  /de/tags/go/index.xml (Hugo's RSS feed of tags `Go`) → /de/tags/go/atom.xml",
            "  /en/index.xml (Hugo's RSS feed of the site) → /atom.xml",
            "  /en/news/index.xml (Hugo's RSS feed of section `news`) → /atom.xml, the site's feed (brief has none per section)",
            "  /en/tags/index.xml (Hugo's RSS feed of the list of tags) → /atom.xml, the site's feed (brief has none of the list)",
            "  /en/tags/c/index.xml (Hugo's RSS feed of tags `C`) → /tags/c/atom.xml",
            "  /en/tags/c%23/index.xml (Hugo's RSS feed of tags `C#`) → /tags/c/atom.xml",
            "  /en/tags/c++/index.xml (Hugo's RSS feed of tags `C++`) → /tags/c/atom.xml",
            "  /en/tags/node.js/index.xml (Hugo's RSS feed of tags `Node.js`) → /tags/node-js/atom.xml",
        ],
        "{report}"
    );
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let moved = fs::read_to_string(dest.join("public/en/tags/c++/index.html")).unwrap();
    assert!(moved.contains("url=https://h.example.org/tags/c/\""), "{moved}");
    assert!(dest.join("public/tags/c/index.html").is_file());
}

/// CaiJimmy/hugo-theme-stack's example site has `page = "/:slug/"` in its permalinks,
/// and its `content/page/about/index.md` has a title and no date: Hugo served it at
/// `/about-me/` (`:slug` is the title's when there is no `slug:`). The import took the
/// pattern only for pages with a date, and kept `/page/about/`, a URL the old site
/// never had, while `/about-me/` was lost. A pattern with a date in it still needs one.
#[test]
fn an_undated_page_takes_its_sections_permalink_pattern() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://s.example.org/\"\ntitle = \"S\"\n[permalinks]\npage = \"/:slug/\"\n\
         notes = \"/:year/:slug/\"\n",
    );
    site.write("hugo/content/page/about/index.md", "---\ntitle: About me\n---\n\nHello.\n");
    site.write("hugo/content/page/contact-form/index.md", "---\ntitle: Contact\nslug: write-to-us\n---\n\nMail.\n");
    site.write("hugo/content/notes/undated.md", "---\ntitle: Undated\n---\n\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    assert!(report.contains("old URL: /about-me/"), "{report}");
    assert!(!report.contains("old URL: /page/about/"), "{report}");
    assert!(!report.contains("old URL: /page/contact-form/"), "{report}");
    assert!(!report.contains("old URL: /write-to-us/"), "{report}");
    assert!(report.contains("old URL: /notes/undated/"), "{report}");
    let built = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let redirect = fs::read_to_string(dest.join("public/about-me/index.html")).unwrap();
    assert!(redirect.contains("/about/"), "{redirect}");
}

/// grifferz/ongoing-struggle's about page has `tags = ["meta", "personal"]`, and no post
/// has those tags. brief's standalone pages have no terms (the import keeps them under
/// `extra`), so brief makes no `/tags/meta/`: the report recommended a 301 from Hugo's
/// `/tags/meta/index.xml` to `/tags/meta/atom.xml`, which is never built, and made a
/// redirect file to the missing page. Now such a term's old page is listed as lost.
#[test]
fn terms_only_pages_had_are_listed_as_lost_not_redirected() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://g.example.org/\"\ntitle = \"G\"\n");
    site.write("hugo/content/about.md", "---\ntitle: About\ntags: [meta, personal]\n---\n\nHi.\n");
    site.write("hugo/content/posts/first.md", "---\ntitle: First\ndate: 2024-05-01\ntags: [meta]\n---\n\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    // `meta` has a post: its page and feed are brief's.
    assert!(report.contains("/tags/meta/index.xml (Hugo's RSS feed of tags `meta`) → /tags/meta/atom.xml"), "{report}");
    // `personal` only the page had: no redirect, no feed, and a line saying so.
    assert!(!report.contains("/tags/personal/atom.xml"), "{report}");
    assert!(
        report.contains("/tags/personal/ (the page of tags `personal`, which only standalone pages had) → nothing"),
        "{report}"
    );
    assert!(!dest.join("static/tags/personal").exists(), "{report}");
    let built = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(dest.join("public/tags/meta/atom.xml").is_file());
    assert!(!dest.join("public/tags/personal").exists());
}

/// `brief --root DEST ARGS`, asserted to succeed.
fn run_ok(dest: &std::path::Path, args: &[&str]) {
    let out = brief().arg("--root").arg(dest).args(args).output().unwrap();
    assert!(out.status.success(), "brief {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Undated leaf bundles (`page/about/index.md` + `photo.jpg`) were flattened into
/// `content/pages/about.md` with the photo in `content/pages/`: the image broke, and the
/// other bundle's `photo.jpg` overwrote it silently. Each stays a page bundle.
#[test]
fn undated_leaf_bundles_stay_page_bundles_with_their_files() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Repro\"\n");
    for name in ["about", "contact"] {
        site.write(
            &format!("hugo/content/page/{name}/index.md"),
            format!("---\ntitle: {name}\n---\n\n![Me](photo.jpg)\n"),
        );
        site.write(&format!("hugo/content/page/{name}/photo.jpg"), format!("photo of {name}"));
    }
    let (report, dest) = site.import("hugo", &[]);
    let files = files_under(&dest.join("content"));
    assert_eq!(
        files,
        ["pages/about/index.md", "pages/about/photo.jpg", "pages/contact/index.md", "pages/contact/photo.jpg"]
    );
    run_ok(&dest, &["check"]);
    run_ok(&dest, &["build"]);
    assert_eq!(fs::read_to_string(dest.join("public/about/photo.jpg")).unwrap(), "photo of about", "{report}");
    assert_eq!(fs::read_to_string(dest.join("public/contact/photo.jpg")).unwrap(), "photo of contact");
    let old = fs::read_to_string(dest.join("public/page/contact/index.html")).unwrap();
    assert_eq!(old.matches("url=https://example.org/contact/").count(), 1, "{old}");
}

/// A dated post with tags in a section named `pages` was written under
/// `content/pages/`, which brief reads as standalone pages: its dated URL was never
/// built and its tags were dropped, while the report counted a briefing.
#[test]
fn a_dated_post_in_a_pages_section_keeps_its_dated_url_and_tags() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Repro\"\n");
    site.write(
        "hugo/content/pages/launch-notes.md",
        "---\ntitle: \"Launch notes\"\ndate: 2023-10-28\ntags: [launch]\n---\n\nText.\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    assert_eq!(files_under(&dest.join("content")), ["pages-posts/launch-notes.md"], "{report}");
    let note: Vec<&str> = report.lines().filter(|l| l.contains("written as `pages-posts/launch-notes.md`")).collect();
    assert_eq!(note.len(), 1, "{report}");
    assert_eq!(front_matter_of(&dest.join("content/pages-posts/launch-notes.md"))["tags"], yaml("[launch]"));
    run_ok(&dest, &["check"]);
    run_ok(&dest, &["build"]);
    let public = dest.join("public");
    let tag = fs::read_to_string(public.join("tags/launch/index.html")).unwrap();
    assert_eq!(common::item_titles(&tag), ["Launch notes"]);
    assert!(public.join("2023/10/28/launch-notes/index.html").exists());
    let old = fs::read_to_string(public.join("pages/launch-notes/index.html")).unwrap();
    assert!(old.contains("http-equiv=\"refresh\"") && old.contains("/2023/10/28/launch-notes/"), "{old}");
}

/// adityatelange/hugo-PaperMod's example site (baseURL `…github.io/hugo-PaperMod/`)
/// shows `![papermod](../../papermod-cover.png)` from `/hugo-PaperMod/posts/x/`: the
/// browser read `/hugo-PaperMod/papermod-cover.png`. The import wrote `/cover.png`,
/// outside the base path, and the image broke.
#[test]
fn relative_links_under_a_base_path_stay_under_it() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.github.io/proj/\"\ntitle = \"Proj\"\n");
    site.write("hugo/static/cover.png", "png");
    site.write(
        "hugo/content/posts/hello.md",
        "---\ntitle: Hello\ndate: 2021-07-17\n---\n\n![cover](../../cover.png)\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    let body = fs::read_to_string(dest.join("content/posts/hello.md")).unwrap();
    assert!(body.contains("![cover](/proj/cover.png)"), "{body}");
}

/// A relative destination in a reference definition (`[2nd]: ../second/`) led where an
/// inline one does; the import rewrote only the inline ones, so each reference-style
/// link became broken, with nothing in the report.
#[test]
fn relative_reference_definitions_lead_where_they_led() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.github.io/proj/\"\ntitle = \"Proj\"\n");
    site.write(
        "hugo/content/posts/first.md",
        "---\ntitle: First\ndate: 2024-01-01\n---\n\nSee [the second][2nd].\n\n[2nd]: ../second/\n",
    );
    site.write("hugo/content/posts/second.md", "---\ntitle: Second\ndate: 2024-01-02\n---\n\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    assert!(report.contains("none broken"), "{report}");
    let body = fs::read_to_string(dest.join("content/posts/first.md")).unwrap();
    assert!(body.contains("[2nd]: /proj/posts/second/"), "{body}");
}

/// google/docsy-example's blog posts name authors as Markdown links
/// (`author: '[Patrice Chalin](https://github.com/chalin)'`), which Docsy renders with
/// `markdownify`. The import kept the Markdown as the name: bylines showed it and the
/// author's page was `/authors/patrice-chalin-https-github-com-chalin/`.
#[test]
fn an_author_written_as_a_markdown_link_is_named_by_its_text() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Docsy\"\n");
    site.write(
        "hugo/content/blog/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nauthor: '[Patrice Chalin](https://github.com/chalin)'\n---\n\nText.\n",
    );
    site.write(
        "hugo/content/blog/b.md",
        "---\ntitle: B\ndate: 2024-01-03\nauthor: Riona MacNamara ([@rionam](https://x.com/bepsays))\n---\n\nText.\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    assert!(
        report.contains(
            "content/blog/a.md: converted: author `[Patrice Chalin](https://github.com/chalin)` → `Patrice Chalin`, \
             its link `https://github.com/chalin` in authors.yaml"
        ),
        "{report}"
    );
    let a = front_matter_of(&dest.join("content/blog/a.md"));
    assert_eq!(a["authors"], yaml("[Patrice Chalin]"), "{report}");
    let authors = fs::read_to_string(dest.join("authors.yaml")).unwrap();
    let authors: serde_yaml::Value = serde_yaml::from_str(&authors).unwrap();
    assert_eq!(
        authors,
        yaml(
            "Patrice Chalin:\n  links:\n  - {title: github.com, url: 'https://github.com/chalin'}\n\
             Riona MacNamara:\n  links:\n  - {title: '@rionam', url: 'https://x.com/bepsays'}\n"
        )
    );
    run_ok(&dest, &["build"]);
    let page = fs::read_to_string(dest.join("public/authors/patrice-chalin/index.html")).unwrap();
    assert!(page.contains("https://github.com/chalin"), "{page}");
}

/// Two people linked in one `author` (`[Ann Lee](…), [Bob Ray](…)`, `[Hal](…) and
/// [Ida](…)`) are two authors, each with their own link; the text between the links
/// was taken for one name (`and`, an author page `/authors/and/`), the second dropped.
#[test]
fn several_authors_written_as_links_in_one_author_are_each_an_author() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Docsy\"\n");
    site.write(
        "hugo/content/blog/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nauthor: '[Ann Lee](https://github.com/ann), [Bob Ray](https://github.com/bob)'\n---\n\nText.\n",
    );
    site.write(
        "hugo/content/blog/b.md",
        "---\ntitle: B\ndate: 2024-01-03\nauthor: '[Hal](https://hal.dev) and [Ida](https://ida.dev)'\n---\n\nText.\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    assert_eq!(front_matter_of(&dest.join("content/blog/a.md"))["authors"], yaml("[Ann Lee, Bob Ray]"), "{report}");
    assert_eq!(front_matter_of(&dest.join("content/blog/b.md"))["authors"], yaml("[Hal, Ida]"), "{report}");
    let authors: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(dest.join("authors.yaml")).unwrap()).unwrap();
    assert_eq!(authors["Bob Ray"]["links"], yaml("[{title: github.com, url: 'https://github.com/bob'}]"));
    assert_eq!(authors["Ida"]["links"], yaml("[{title: ida.dev, url: 'https://ida.dev'}]"));
    run_ok(&dest, &["build"]);
    assert!(dest.join("public/authors/bob-ray/index.html").is_file());
    assert!(!dest.join("public/authors/and/index.html").exists());
}

/// A Hugo `summary:` is Markdown (Hugo's `.Summary` renders it; only `.RawSummary` is
/// not). The import copied `A **bold** word and a [link](…).` into brief's plain-text
/// `summary:`, so the home page, feeds and meta description showed the syntax, and the
/// report said nothing.
#[test]
fn a_hugo_summary_written_in_markdown_becomes_the_text_hugo_showed() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"S\"\n");
    site.write(
        "hugo/content/posts/b.md",
        "---\ntitle: \"Beta\"\ndate: 2024-03-02\nsummary: \"A **bold** word and a [link](https://example.org/x).\"\n---\nBody of beta.\n",
    );
    site.write(
        "hugo/content/posts/c.md",
        "---\ntitle: \"Gamma\"\ndate: 2024-03-03\nsummary: Plain words, AT&T.\n---\nBody of gamma.\n",
    );
    let (report, dest) = site.import("hugo", &[]);
    let fm = front_matter_of(&dest.join("content/posts/b.md"));
    assert_eq!(fm["summary"], yaml("A bold word and a link."), "{report}");
    assert_eq!(fm["extra"]["hugo"]["summary"], yaml("A **bold** word and a [link](https://example.org/x)."));
    let line = report.lines().find(|l| l.contains("summary →")).unwrap_or_default();
    assert!(line.contains("content/posts/b.md:4: converted: summary → the plain text hugo showed"), "{report}");
    // A plain summary stays as it is, unreported.
    assert_eq!(front_matter_of(&dest.join("content/posts/c.md"))["summary"], yaml("Plain words, AT&T."));
    assert_eq!(report.matches("summary →").count(), 1, "{report}");
    run_ok(&dest, &["build"]);
    let home = fs::read_to_string(dest.join("public/index.html")).unwrap();
    assert!(home.contains("A bold word and a link.") && !home.contains("**bold**"), "{home}");
}

/// Hugo renders no page of content past its `expiryDate` unless `buildExpired = true`.
/// The import wrote `expires:` but left brief's default `expired: keep`, so the
/// withdrawn post was published again (marked expired), its old URL leading to it.
#[test]
fn a_hugo_post_past_its_expiry_date_is_not_published_again() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"S\"\n");
    site.write(
        "hugo/content/posts/d.md",
        "---\ntitle: \"Delta\"\ndate: 2024-03-04\nexpiryDate: 2024-06-01\n---\nExpired body (withdrawn).\n",
    );
    site.write("hugo/content/posts/live.md", "---\ntitle: \"Live\"\ndate: 2024-03-05\n---\nLive body.\n");
    let (report, dest) = site.import("hugo", &[]);
    let cfg = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    assert_eq!(cfg["expired"], yaml("remove"), "{report}");
    let line = report.lines().find(|l| l.contains("`expired: remove`")).unwrap_or_default();
    assert!(line.contains("hugo.toml: converted: `expired: remove` in site.yaml"), "{report}");
    assert!(
        line.ends_with(
            "(`buildExpired` is off), so brief publishes none either (1 post(s) have one; past it now: \
             `content/posts/d.md`)"
        ),
        "{report}"
    );
    run_ok(&dest, &["build"]);
    assert!(!dest.join("public/2024/03/04/d/index.html").exists(), "{report}");
    assert!(dest.join("public/2024/03/05/live/index.html").exists());
    // With `buildExpired = true` Hugo kept the page: so does brief.
    let kept = TestSite::new();
    kept.write("hugo/hugo.toml", "title = \"S\"\nbuildExpired = true\n");
    kept.write("hugo/content/posts/d.md", "---\ntitle: D\ndate: 2024-03-04\nexpiryDate: 2024-06-01\n---\nText.\n");
    let (report, dest) = kept.import("hugo", &[]);
    let cfg = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    assert_eq!(cfg.get("expired"), None, "{report}");
    assert!(report.contains("note: `buildExpired = true`: the old site kept the pages"), "{report}");
}

/// A page (not a post) past its `expiryDate`: Hugo built none, and brief's pages do not
/// expire, so it is a draft; one that expires later stays, reported; nothing of the
/// page's empty terms or authors is kept under extra.
#[test]
fn a_hugo_page_past_its_expiry_date_is_a_draft() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"S\"\n");
    site.write("hugo/content/sale.md", "---\ntitle: Summer sale\nexpiryDate: 2021-09-01\n---\nSale ends soon.\n");
    site.write("hugo/content/later.md", "---\ntitle: Later\nexpiryDate: 2999-01-01\n---\nStill on.\n");
    let (report, dest) = site.import("hugo", &[]);
    assert!(
        report.contains(
            "content/sale.md: converted: `expiryDate: 2021-09-01` of a page, past: Hugo builds no page for it, and \
             brief's pages do not expire, so it is a draft (`draft: true`)"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "content/later.md: not converted: `expiryDate: 2999-01-01` of a page: brief's pages do not expire"
        ),
        "{report}"
    );
    let sale = fs::read_to_string(dest.join("content/pages/sale.md")).unwrap();
    assert!(sale.contains("draft: true") && !sale.contains("authors") && !sale.contains("tags"), "{sale}");
    run_ok(&dest, &["build"]);
    assert!(!dest.join("public/sale/index.html").exists(), "{report}");
    assert!(dest.join("public/later/index.html").exists(), "{report}");
}

/// falcosecurity/falco-website mounts `content/en` for `en` and `content/zh-cn` for
/// `zh-cn` in `config/_default/module.yaml` (and has `contentDir = "content/en"`, which
/// the mounts replace). The import read no mount: every Chinese post was dropped without
/// a word, or, without `contentDir`, filed in the English edition under `/zh-cn/…`. A
/// mount of a language the config does not define is Hugo's no page: each file is named.
#[test]
fn hugo_content_mounts_with_a_language_are_that_languages_content() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"Site\"\ncontentDir = \"content/en\"\n\
         defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.zh-cn]\ntitle = \"站点\"\nweight = 2\n",
    );
    site.write(
        "hugo/config/_default/module.yaml",
        "mounts:\n  - source: content/en\n    target: content\n    lang: en\n\
         \x20 - source: content/zh-cn\n    target: content\n    lang: zh-cn\n\
         \x20 - source: content/en\n    target: content\n    lang: zh-cn\n\
         \x20 - source: node_modules/lib\n    target: assets/lib\n\
         \x20 - source: content/fr\n    target: content\n    lang: fr\n\
         \x20 - source: static\n    target: static\n\
         \x20 - source: vendor/js\n    target: static/js\n",
    );
    site.write("hugo/static/logo.svg", "<svg/>\n");
    site.write("hugo/vendor/js/lib.js", "let x;\n");
    site.write("hugo/content/fr/blog/bonjour.md", "---\ntitle: Bonjour\ndate: 2024-01-02\n---\n\nTexte.\n");
    site.write("hugo/content/en/blog/hello.md", "---\ntitle: Hello\ndate: 2024-01-02\n---\n\nText.\n");
    site.write("hugo/content/zh-cn/blog/hello.md", "---\ntitle: 你好\ndate: 2024-01-02\n---\n\n文字。\n");
    let (report, dest) = site.import("hugo", &[]);
    assert_eq!(front_matter_of(&dest.join("content/en/blog/hello.md"))["aliases"], yaml("[/blog/hello/]"), "{report}");
    let zh = front_matter_of(&dest.join("content/zh-cn/blog/hello.md"));
    assert_eq!(zh["aliases"], yaml("[/zh-cn/blog/hello/]"), "{report}");
    assert_eq!(
        files_under(&dest.join("static")),
        ["blog/index.html", "js/lib.js", "logo.svg", "zh-cn/blog/index.html"],
        "{report}"
    );
    let urls: Vec<&str> = report.lines().filter(|l| l.contains("hello.md: old URL")).collect();
    assert_eq!(
        urls,
        [
            "  content/en/blog/hello.md: old URL: /blog/hello/ (its URL on the old site) → alias of /2024/01/02/hello/",
            "  content/zh-cn/blog/hello.md: old URL: /zh-cn/blog/hello/ (its URL on the old site) → alias of \
             /zh-cn/2024/01/02/hello/",
        ],
        "{report}"
    );
    let notes: Vec<&str> = report.lines().filter(|l| l.contains("module mount")).collect();
    assert_eq!(
        notes,
        [
            "  hugo.toml: not converted: module mount `content/en` → `content` for language `zh-cn`: Hugo built its \
             pages again in `zh-cn`; brief imports them once, in `en`",
            "  hugo.toml: not converted: module mount `node_modules/lib` → `assets/lib`: Hugo Pipes assets are not processed",
            "  content/fr/blog/bonjour.md: module mount `content/fr` → `content` is of language `fr`, which \
             `languages` does not define: Hugo built none of it, so it is not imported",
        ],
        "{report}"
    );
}

/// falcosecurity/falco-website has `ignoreFiles = ["README[-]+[a-z]*\\.md",
/// "content/en/docs/doc-contributor-tools", …]`: Hugo never read those files. The import
/// applied none, so each became a published page with a redirect from a URL Hugo never
/// served. A pattern Go's regexp refuses is named, not applied.
#[test]
fn hugo_ignore_files_are_skipped_and_named() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "title = \"Site\"\ncontentDir = \"content/en\"\n\
         IgnoreFiles = [\"README[-]+[a-z]*\\\\.md\", \"content/en/docs/doc-contributor-tools\", \"/drafts$\", \"x(?!y)\"]\n",
    );
    site.write("hugo/content/en/blog/post.md", "---\ntitle: Post\ndate: 2024-01-02\n---\n\nText.\n");
    site.write("hugo/content/en/blog/README-zh.md", "# 说明\n");
    site.write("hugo/content/en/docs/doc-contributor-tools/index.md", "---\ntitle: Tools\n---\n");
    site.write("hugo/content/en/drafts/idea.md", "---\ntitle: Idea\ndate: 2024-01-03\n---\n");
    let (report, dest) = site.import("hugo", &[]);
    assert_eq!(files_under(&dest.join("content")), ["blog/post.md"], "{report}");
    let lines: Vec<&str> = report.lines().filter(|l| l.contains("ignoreFiles") && !l.contains("extra.hugo")).collect();
    assert_eq!(
        lines,
        [
            "  hugo.toml: not converted: ignoreFiles pattern `x(?!y)` is no regular expression (error: look-around, \
             including look-ahead and look-behind, is not supported): Hugo stops on it; not applied",
            "  content/en/blog/README-zh.md: matches `README[-]+[a-z]*\\.md` of `ignoreFiles` (hugo.toml): Hugo did \
             not read it, so it is not imported",
            "  content/en/docs/doc-contributor-tools/index.md: matches `content/en/docs/doc-contributor-tools` of \
             `ignoreFiles` (hugo.toml): Hugo did not read it, so it is not imported",
            "  content/en/drafts/idea.md: matches `/drafts$` of `ignoreFiles` (hugo.toml): Hugo did not read it, so \
             it is not imported",
        ],
        "{report}"
    );
}

/// The lines of the report's "old URLs brief does not serve".
fn lost_urls(report: &str) -> Vec<&str> {
    let Some((_, lost)) = report.split_once("old URLs brief does not serve") else { return Vec::new() };
    lost.split_once("\n\n").map_or(lost, |(l, _)| l).lines().skip(1).collect()
}

/// falcosecurity/falco-website has `[outputFormats.RSS] baseName = "feed"`, so every
/// Hugo feed was `feed.xml`, and apache/skywalking-website `disableKinds = ["taxonomy",
/// "taxonomyTerm"]` (Hugo before 0.73's names: neither term pages nor their lists). The
/// report listed `index.xml` feeds no subscriber used and feeds and term pages Hugo never
/// made, and a leaf bundle at the top (`content/downloads/index.md`) as a section.
#[test]
fn hugo_feeds_are_listed_by_their_base_name_and_only_for_kinds_hugo_made() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"Site\"\n[outputFormats.RSS]\nbaseName = \"feed\"\n");
    site.write("hugo/content/posts/hello.md", "---\ntitle: Hello\ndate: 2024-01-02\ntags: [Go]\n---\n\nText.\n");
    site.write("hugo/content/downloads/index.md", "---\ntitle: Downloads\n---\n\nText.\n");
    let (report, _) = site.import("hugo", &[]);
    assert_eq!(
        lost_urls(&report),
        [
            "  /feed.xml (Hugo's RSS feed of the site) → /atom.xml",
            "  /posts/feed.xml (Hugo's RSS feed of section `posts`) → /atom.xml, the site's feed (brief has none per section)",
            "  /tags/feed.xml (Hugo's RSS feed of the list of tags) → /atom.xml, the site's feed (brief has none of the list)",
            "  /tags/go/feed.xml (Hugo's RSS feed of tags `Go`) → /tags/go/atom.xml",
        ],
        "{report}"
    );
    let redirects: Vec<&str> = report.lines().filter(|l| l.starts_with("  (site): old URL: ")).collect();
    assert_eq!(
        redirects,
        [
            "  (site): old URL: /posts/ (the list of section `posts`, which had no `_index.md`) → redirect file static/posts/index.html"
        ],
        "{report}"
    );
    let off = TestSite::new();
    off.write(
        "hugo/hugo.toml",
        "title = \"Site\"\ndisableKinds = [\"taxonomy\", \"TaxonomyTerm\"]\n[outputs]\nsection = [\"HTML\"]\n",
    );
    off.write("hugo/content/posts/hello.md", "---\ntitle: Hello\ndate: 2024-01-02\ntags: [Go]\n---\n\nText.\n");
    let (report, _) = off.import("hugo", &[]);
    assert_eq!(lost_urls(&report), ["  /index.xml (Hugo's RSS feed of the site) → /atom.xml"], "{report}");
    let redirects: Vec<&str> = report.lines().filter(|l| l.starts_with("  (site): old URL: ")).collect();
    assert_eq!(
        redirects,
        [
            "  (site): old URL: /posts/ (the list of section `posts`, which had no `_index.md`) → redirect file static/posts/index.html"
        ],
        "{report}"
    );
}

/// plctlab.github.io has `timeZone = "America/New_York"` and posts dated
/// `2023-10-28T00:28:09+08:00`: Hugo applies `timeZone` only to dates without an offset,
/// so it showed that post on 28 October. The import filed it at /2023/10/27/ in New York's
/// zone without a word.
#[test]
fn hugo_time_zone_leaves_a_date_with_its_own_offset_on_its_day() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"Site\"\ntimeZone = \"America/New_York\"\n");
    site.write("hugo/content/news/launch.md", "+++\ntitle = 'Launch'\ndate = 2023-10-28T00:28:09+08:00\n+++\nBody.\n");
    site.write("hugo/content/news/demo.md", "+++\ntitle = 'Demo'\ndate = 2023-11-02T08:00:00+08:00\n+++\nBody.\n");
    site.write("hugo/content/news/plain.md", "+++\ntitle = 'Plain'\ndate = 2023-11-03T23:00:00\n+++\nBody.\n");
    let (report, dest) = site.import("hugo", &[]);
    let cfg: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(dest.join("site.yaml")).unwrap()).unwrap();
    assert_eq!(cfg["timezone"], yaml("Etc/GMT-8"), "{report}");
    let launch = front_matter_of(&dest.join("content/news/launch.md"));
    assert_eq!((&launch["date"], &launch["aliases"]), (&yaml("2023-10-28T00:28:09+08:00"), &yaml("[/news/launch/]")));
    // A date-time without an offset keeps the moment Hugo read in `timeZone`.
    assert_eq!(front_matter_of(&dest.join("content/news/plain.md"))["date"], yaml("2023-11-03T23:00:00-04:00"));
    run_ok(&dest, &["build"]);
    assert!(dest.join("public/2023/10/28/launch/index.html").is_file(), "{report}");
    // Where most dates are in `timeZone`, it stays, and a post that moves a day is named.
    let most = TestSite::new();
    most.write("hugo/hugo.toml", "title = \"Site\"\ntimeZone = \"America/New_York\"\n");
    most.write("hugo/content/news/launch.md", "+++\ntitle = 'Launch'\ndate = 2023-10-28T00:28:09+08:00\n+++\nBody.\n");
    most.write("hugo/content/news/a.md", "+++\ntitle = 'A'\ndate = 2023-11-01\n+++\nBody.\n");
    most.write("hugo/content/news/b.md", "+++\ntitle = 'B'\ndate = 2023-11-02T10:00:00-04:00\n+++\nBody.\n");
    let (report, dest) = most.import("hugo", &[]);
    let cfg: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(dest.join("site.yaml")).unwrap()).unwrap();
    assert_eq!(cfg["timezone"], yaml("America/New_York"), "{report}");
    let notes: Vec<&str> = report.lines().filter(|l| l.contains("timeZone")).collect();
    assert_eq!(
        notes,
        ["  content/news/launch.md: not converted: date `2023-10-28T00:28:09+08:00` is written at +08:00: Hugo \
             showed it on 2023-10-28 (`timeZone` applies only to dates without an offset); brief shows it in the \
             site's zone, America/New_York, on 2023-10-27"],
        "{report}"
    );
}

/// Hugo copies all of `static/`, `.well-known/` and `.htaccess` too, and a bundle's files
/// whatever their folder: `static/img/public/d.png`, `static/vendor/`, a bundle's
/// `public/e.png` were dropped unreported (as were `.well-known/security.txt` and
/// `.htaccess`, which brief cannot serve: skipped and listed as not served now). In
/// `content/` Hugo reads no name starting with `.` or `#`.
#[test]
fn hugo_static_and_bundle_folders_of_any_name_are_copied_and_hidden_files_named() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"S\"\nbaseURL = \"https://s.example/\"\n");
    site.write("hugo/content/blog/bund/index.md", "---\ntitle: B\ndate: 2024-01-02\n---\n![](public/e.png)\n");
    site.write("hugo/content/blog/bund/public/e.png", "x");
    site.write("hugo/content/blog/.x.md", "---\ntitle: Hidden\ndate: 2024-01-02\n---\n");
    for f in ["img/public/d.png", "public/a.css", "resources/b.css", "vendor/v.js", "node_modules/n.js", "_site/s.txt"]
    {
        site.write(&format!("hugo/static/{f}"), "x");
    }
    site.write("hugo/static/.well-known/security.txt", "Contact: x");
    let (report, dest) = site.import("hugo", &[]);
    let files = files_under(&dest.join("static"));
    let want =
        ["_site/s.txt", "img/public/d.png", "node_modules/n.js", "public/a.css", "resources/b.css", "vendor/v.js"];
    assert_eq!(files.iter().filter(|f| !f.ends_with("index.html")).collect::<Vec<_>>(), want, "{report}");
    assert!(dest.join("content/blog/bund/public/e.png").is_file(), "{report}");
    assert!(report.contains("  content/blog/.x.md: a file whose name starts with `.`: Hugo reads"), "{report}");
    assert!(
        report.contains("  static/.well-known/security.txt: Hugo served it at /.well-known/security.txt"),
        "{report}"
    );
    assert!(report.contains("  /.well-known/security.txt (a hidden file Hugo served) → nothing"), "{report}");
}

/// tidyverse.org groups its posts in year folders without an `_index.md` under
/// `blog = "/:sections/:slug/"`: Hugo's `:sections` is the page's section's path, and a
/// folder below the top is a section only with an `_index.md`, so
/// `blog/2019/dplyr-0-8-1/` was served at `/blog/dplyr-0-8-1/`; the import kept
/// `/blog/2019/dplyr-0-8-1/`, a URL the old site never had.
#[test]
fn hugo_sections_in_permalinks_count_only_folders_that_are_sections() {
    let site = TestSite::new();
    site.write(
        "hugo/config.toml",
        "baseURL = \"https://e.org/\"\ntitle = \"t\"\n[permalinks]\nblog = \"/:sections/:slug/\"\nnews = \"/:sections[last]/:slug/\"\n",
    );
    site.write(
        "hugo/content/blog/2019/dplyr-0-8-1/index.md",
        "---\ntitle: dplyr\nslug: dplyr-0-8-1\ndate: 2019-05-17\n---\nx\n",
    );
    site.write("hugo/content/blog/tech/_index.md", "---\ntitle: Tech notes\n---\n");
    site.write("hugo/content/blog/tech/note.md", "---\ntitle: A note\ndate: 2019-06-01\n---\nx\n");
    site.write("hugo/content/news/2020/05/n.md", "---\ntitle: N\nslug: n\ndate: 2020-05-01\n---\nx\n");
    let (report, dest) = site.import("hugo", &[]);
    let aliases = |rel: &str| front_matter_of(&dest.join("content").join(rel))["aliases"].clone();
    let yaml = |t: &str| serde_yaml::from_str::<serde_yaml::Value>(t).unwrap();
    assert_eq!(aliases("blog/2019/dplyr-0-8-1/index.md"), yaml("[/blog/dplyr-0-8-1/]"), "{report}");
    assert_eq!(aliases("blog/tech/note.md"), yaml("[/blog/tech/a-note/]"), "{report}");
    assert_eq!(aliases("news/2020/05/n.md"), yaml("[/news/n/]"), "{report}");
}
