//! `new`, `init` and `check` through the CLI.

mod common;

use assert_cmd::Command;
use common::TestSite;

#[test]
fn init_writes_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("news");
    let out = Command::cargo_bin("brief").unwrap().arg("init").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in [
        "site.yaml",
        "content/pages/about.md",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
        "themes/default/i18n/en.yaml",
        "themes/default/i18n/ko.yaml",
    ] {
        assert!(dir.join(f).is_file(), "missing {f}");
    }
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(yaml.contains("# Day pages, and dates written without a time, use this IANA time zone."));
    let out = Command::cargo_bin("brief").unwrap().arg("--root").arg(&dir).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("built 1 briefing, "));
    assert!(dir.join("public/about/index.html").is_file());
    // The theme's strings on disk are the ones used: an edit there shows.
    let en = std::fs::read_to_string(dir.join("themes/default/i18n/en.yaml")).unwrap();
    std::fs::write(dir.join("themes/default/i18n/en.yaml"), en.replace("latest: Latest", "latest: Newest")).unwrap();
    let out = Command::cargo_bin("brief").unwrap().arg("--root").arg(&dir).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(home.contains(">Newest</a>"), "{home}");

    let out = Command::cargo_bin("brief").unwrap().arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder is not empty"));
    std::fs::write(dir.join("site.yaml"), "title: Mine\n").unwrap();
    let out = Command::cargo_bin("brief").unwrap().args(["init", "--force"]).arg(&dir).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("site.yaml")).unwrap(),
        "title: Mine\n",
        "--force keeps existing files"
    );
}

#[test]
fn new_writes_a_briefing_that_builds_and_refuses_to_overwrite() {
    let s = TestSite::with_config("timezone: Asia/Seoul\n");
    let out = s.run(&["new", "Kim meets Putin: a summary", "--tags", "north-korea,russia", "--date", "2024-06-19"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(path, "content/2024/06/kim-meets-putin-a-summary.md");
    let text = std::fs::read_to_string(s.root().join(&path)).unwrap();
    assert!(
        text.starts_with(
            "---\ntitle: \"Kim meets Putin: a summary\"\ndate: 2024-06-19\ntags: [\"north-korea\", \"russia\"]\n"
        ),
        "{text}"
    );
    s.build_ok(&["--drafts"]);
    assert!(s.exists("2024/06/19/kim-meets-putin-a-summary/index.html"));
    assert!(s.exists("tags/russia/index.html"));
    let again = s.run(&["new", "Kim meets Putin: a summary", "--date", "2024-06-19"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("a briefing already exists at this path"));

    let now = s.run(&["new", "Today in Seoul"]);
    assert!(now.status.success());
    let p = String::from_utf8_lossy(&now.stdout).trim().to_string();
    let text = std::fs::read_to_string(s.root().join(&p)).unwrap();
    assert!(text.contains("+09:00\n"), "date now in the site zone: {text}");
}

/// Two broken links to one page, with other fragments, and the same link twice: each
/// is reported at its own line (the first was once given for all).
#[test]
fn check_puts_each_broken_link_on_its_own_line() {
    let s = TestSite::new();
    s.briefing(
        "a.md",
        "Links",
        "2024-07-01",
        "",
        "- [Search](/missing/#search) first.\n\n- [Filter](/missing/#filtering) second.\n\n[Again](/missing/#search) third.",
    );
    let err = String::from_utf8_lossy(&s.run(&["check"]).stderr).to_string();
    let places: Vec<&str> = err.lines().filter(|l| l.contains("--> content/")).collect();
    assert_eq!(places, ["  --> content/a.md:5:12", "  --> content/a.md:7:12", "  --> content/a.md:9:9"], "{err}");
}

/// Markup shown in a code block is not a link (hugo-theme-even's shortcode docs), and a
/// link in an HTML comment of the source is not where a broken one is reported.
#[test]
fn check_reads_links_in_tags_not_in_code_or_comments() {
    let s = TestSite::new();
    s.briefing(
        "a.md",
        "Docs",
        "2024-07-01",
        "",
        "```\n<img src=\"/nope.png\"> <a href=\"/nope/\">x</a>\n```\n\n    <img src=\"/indented.png\">\n\n`<a href=\"/inline/\">`",
    );
    let out = s.run(&["check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    s.briefing("b.md", "Comment", "2024-07-02", "", "<!--\n[old](/missing/) here\n--->\n[new](/missing/) there");
    let err = String::from_utf8_lossy(&s.run(&["check"]).stderr).to_string();
    let places: Vec<&str> = err.lines().filter(|l| l.contains("--> content/")).collect();
    assert_eq!(places, ["  --> content/b.md:8:7"], "{err}");
}

/// A broken link in the body is reported at the body's line even where an alias in the
/// front matter starts with the same text (programminghistorian/jekyll's Spanish launch
/// post, imported: alias `/posts/lanzamiento-PH-español.html`, body link to
/// `/posts/lanzamiento-PH-español`).
#[test]
fn check_reports_a_body_link_at_the_body_not_at_an_alias_like_it() {
    let s = TestSite::new();
    s.write(
        "content/2017/03/lanzamiento-PH-español.md",
        "---\ntitle: ¡Bienvenidos a The Programming Historian en español!\ndate: 2017-03-05\naliases:\n- /posts/lanzamiento-PH-español.html\n---\n\n<p><figure><a href=\"/posts/lanzamiento-PH-español\">Launch</a></figure></p>\n",
    );
    let err = String::from_utf8_lossy(&s.run(&["check"]).stderr).to_string();
    let places: Vec<&str> = err.lines().filter(|l| l.contains("--> content/")).collect();
    assert_eq!(places, ["  --> content/2017/03/lanzamiento-PH-español.md:8:21"], "{err}");
}

/// awinterstein/zola-theme-daisy-example links `[Christopher Nolan](/directors/christopher-nolan)`
/// and `[directors](/directors)`: static hosts, and `brief serve`, answer a folder's
/// address without its slash with a redirect to the folder, but `brief check` called
/// them broken and the imported site failed its check.
#[test]
fn check_takes_a_folder_without_its_slash_for_the_folder() {
    let s = TestSite::new();
    s.briefing(
        "a.md",
        "Interstellar",
        "2014-11-07",
        "tags: [Christopher Nolan]\n",
        "By [Christopher Nolan](/tags/christopher-nolan), see [all](/tags) and [the anchor](/tags#nope).",
    );
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(problems, ["error: broken anchor `/tags#nope`: `/tags/index.html` has no id `nope`"], "{err}");
}

/// A Jekyll post links `[skip](#build)` to `<p id = "build"></p>`: check read only ids
/// written `id="x"` and called the anchor broken. Browsers take any quotes or none,
/// spaces around the `=`, any case, character references, and an `<a name>` (HTML 4's
/// anchors); not an id inside another attribute's value, nor a `name` on anything but
/// an `<a>`.
#[test]
fn check_reads_ids_as_browsers_do() {
    let s = TestSite::new();
    s.briefing(
        "a.md",
        "Ids",
        "2015-01-29",
        "",
        "[1](#build) [2](#single) [3](#bare) [4](#upper) [5](#old) [6](#a&b) [7](#slash)\n\n\
         [8](#in-title) [9](#span-name) [10](#data)\n\n\
         <p id = \"build\"></p>\n\n<p id='single'></p>\n\n<p id=bare></p>\n\n<P ID=\"upper\"></P>\n\n\
         <a name=\"old\"></a>\n\n<p id=\"a&amp;b\"></p>\n\n<p\nid=\"slash\"/>\n\n\
         <p title=\"id=in-title\"></p>\n\n<span name=\"span-name\"></span>\n\n<p data-id=\"data\"></p>\n",
    );
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        problems,
        [
            "error: broken anchor `#in-title`: `/2015/01/29/ids/index.html` has no id `in-title`",
            "error: broken anchor `#span-name`: `/2015/01/29/ids/index.html` has no id `span-name`",
            "error: broken anchor `#data`: `/2015/01/29/ids/index.html` has no id `data`",
        ],
        "{err}"
    );
}

/// matrix-org/matrix.org links `/blog/2023/12/25/the-matrix-holiday-update-2023/#in-other-news`,
/// a post's old URL: imported, it is an alias of the briefing, and `brief check` looked
/// for the id on the redirect page and called the link broken.
#[test]
fn check_looks_for_an_anchor_where_an_old_url_redirects() {
    let s = TestSite::new();
    s.briefing(
        "update.md",
        "The Matrix Holiday Update 2023",
        "2023-12-25",
        "aliases: [/blog/2023/12/25/the-matrix-holiday-update-2023/]\n",
        "## In other news\n\nDendrite.",
    );
    s.briefing(
        "later.md",
        "Open Source Infrastructure",
        "2024-04-04",
        "",
        "We have [seen it](/blog/2023/12/25/the-matrix-holiday-update-2023/#in-other-news), \
         not [this](/blog/2023/12/25/the-matrix-holiday-update-2023/#nope).",
    );
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        problems,
        ["error: broken anchor `/blog/2023/12/25/the-matrix-holiday-update-2023/#nope`: it redirects to \
             `/2023/12/25/the-matrix-holiday-update-2023/index.html`, which has no id `nope`"],
        "{err}"
    );
}

/// A Korean post of yunseo-kim/yunseo-kim.github.io links a section of another,
/// `(/posts/x/#측정과-파동함수의-붕괴)`, a few lines under a link to that post alone. The
/// page writes the fragment percent-encoded, which is not how the source has it, and
/// check put the broken anchor at the first link to the post, the wrong line.
#[test]
fn check_puts_a_broken_anchor_in_other_scripts_at_its_own_line() {
    let s = TestSite::new();
    s.briefing("other.md", "Other", "2024-10-08", "", "## 측정\n\nText.");
    s.briefing(
        "a.md",
        "Links",
        "2024-10-12",
        "",
        "See [the post](/2024/10/08/other/).\n\nAnd [its section](/2024/10/08/other/#측정과-파동함수의-붕괴).",
    );
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("  --> content/a.md:7:19\n"), "{err}");
}

/// canxin121/duckquill-blog's demo post links `<a href="#top">回到顶部</a>` with no
/// element of id `top`: browsers scroll to the top (HTML standard, "scroll to the
/// fragment"), as they do for `#`. check called it a broken anchor and failed.
#[test]
fn check_takes_top_and_an_empty_fragment_as_the_top_of_the_page() {
    let s = TestSite::new();
    s.briefing(
        "a.md",
        "Top",
        "2024-07-01",
        "",
        "Text.\n\n<a href=\"#top\">back</a> [up](#TOP) [here](#) [other](/2024/07/02/other/#Top)",
    );
    s.briefing("b.md", "Other", "2024-07-02", "", "[gone](#nope)");
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(problems, ["error: broken anchor `#nope`: `/2024/07/02/other/index.html` has no id `nope`"], "{err}");
}

/// With `relative_urls: true` the built page has `../../x/index.html` where the source
/// has `/x/`: a broken link was shown with no line, "from the template". It is found
/// by where it leads.
#[test]
fn check_puts_a_broken_link_at_the_link_with_relative_urls() {
    let s = TestSite::with_config("title: T\nbase_url: \"https://example.org/\"\nrelative_urls: true\n");
    s.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2026-12-01\n---\nFirst paragraph.\n\nSee [the old report](/2026/11/30/old-report/) and [about](/about/#team).\n",
    );
    let err = s.fails(&["check"]);
    assert!(err.contains("  --> content/a.md:7:22\n"), "{err}");
    assert!(err.contains("  --> content/a.md:7:59\n"), "{err}");
    assert!(!err.contains("from the template"), "{err}");
}

/// Two sites' posts (a Hugo site's `curl https://example.org/docs/setup/` in inline
/// code; rust-lang's blog, `[channels]: http://blog.rust-lang.org/2014/…` above a
/// broken `/2014/…` link) had a broken link blamed on the first place its text was
/// written: in code, in a fenced block, inside a longer URL. Each link is shown at
/// its own destination.
#[test]
fn check_puts_a_broken_link_at_the_link_not_at_its_text_elsewhere() {
    let s = TestSite::new();
    s.briefing(
        "a.md",
        "Links",
        "2024-07-01",
        "",
        "Run `curl https://example.org/docs/setup/` first, see http://blog.example.org/setup/.\n\n\
         ```\n![x](/setup/)\n```\n\n\
         Read [the setup page](/setup/).\n\n![again](/setup/)\n\n<img src=\"/setup/\" alt=\"\">\n",
    );
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let places: Vec<&str> = err.lines().filter(|l| l.starts_with("  --> content")).collect();
    assert_eq!(places, ["  --> content/a.md:11:23", "  --> content/a.md:13:10", "  --> content/a.md:15:11"], "{err}");
}

#[test]
fn check_catches_broken_links_and_bad_dates_and_passes_good_sites() {
    let s = TestSite::new();
    s.briefing("a.md", "Links", "2024-07-01", "", "See [the other](/2024/07/02/other/) and [a gap](/2024/07/09/missing/).\n\nAnd [an anchor](/2024/07/02/other/#nope).\n\n## Real\n\n[ok](#real)");
    s.briefing("b.md", "Other", "2024-07-02", "", "Body.");
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("broken link `/2024/07/09/missing/`: nothing is built at `/2024/07/09/missing/index.html`\n  --> content/a.md:5:"), "{err}");
    assert!(err.contains("broken anchor `/2024/07/02/other/#nope`"), "{err}");
    assert!(!err.contains("#real"), "{err}");
    assert!(!s.root().join("public").exists(), "check writes nothing");

    s.briefing("c.md", "Bad", "2024-02-30", "", "x");
    let out = s.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("content/c.md:3:7"), "{err}");

    let good = TestSite::new();
    good.briefing("a.md", "Fine", "2024-07-01", "tags: [x]\n", "[home](/) [tag](/tags/x/) [self](#top)\n\n## Top\n");
    let out = good.run(&["check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("check passed: "));
}

#[test]
fn check_passes_on_the_example_site() {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_example_site_builds_as_shipped_with_its_lock() {
    // Its urls.lock records every briefing's URL in every edition: a build with
    // `--locked` (as in CI) fails on a URL the lock lacks, and a plain build says none
    // was recorded.
    let s = TestSite::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["site.yaml", "authors.yaml", "urls.lock"] {
        std::fs::copy(repo.join(f), s.root().join(f)).unwrap();
    }
    common::copy_tree(&repo.join("content"), &s.root().join("content"));
    let out = s.run(&["build", "--locked"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("recorded") && !stderr.contains("warning"), "{stderr}");
}

/// A key without its `:` in site.yaml: libyaml finds out lines later, at a valid key,
/// and brief showed that line. The key's own line is shown.
#[test]
fn a_site_yaml_key_without_its_colon_is_shown_at_its_line() {
    let s = TestSite::with_config("title: T\nlanguages:\n  ko: {}\n\n  id\n    - x\n\n  ja: {}\n");
    let err = s.fails(&["check"]);
    assert!(err.contains("  --> site.yaml:5:3\n"), "{err}");
}

/// The same in front matter: the key's line is the file's (the front matter starts on
/// line 2), and where libyaml noticed it is said relative to it, so the message cannot
/// name a line of the front matter as if it were the file's.
#[test]
fn a_front_matter_key_without_its_colon_is_shown_at_its_line_in_the_file() {
    let s = TestSite::new();
    s.write("content/a.md", "---\ntitle: A\ndate: 2026-12-01\nsummary\n  more text\ntags: [x]\n---\nBody\n");
    let err = s.fails(&["check"]);
    assert!(err.contains("  --> content/a.md:4:1\n"), "{err}");
    assert!(err.contains("while scanning a simple key (noticed 2 lines below, column 1)"), "{err}");
}
