//! `brief import jekyll` on the shapes real Jekyll sites have that the fixtures of
//! tests/import.rs do not: each test is named for what a real site showed.

mod common;

use std::fs;

use common::{TestSite, brief, files_under, front_matter_of};

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

/// vim-jp/vim-jp.github.io moved its posts under `category: blog` and left a stub at
/// each old URL: no text, `permalink: /2011/09/16/start.html`, `layout: redirect` (a
/// meta refresh to `{{ page.redirect-to }}`) and `redirect-to: /blog/2011/09/16/…`.
/// Each stub became an empty briefing titled "redirect to …", listed on the home page
/// and in the feeds, and the old URL led to it instead of to the post.
#[test]
fn a_jekyll_redirect_stub_is_an_alias_of_the_post_it_sends_to() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: vim-jp\npermalink: date\ntimezone: Asia/Tokyo\n");
    site.write(
        "jekyll/_layouts/redirect.html",
        "<!DOCTYPE html>\n<html><head>\n<meta http-equiv=\"refresh\" content=\"0;url={{ site.base-url }}{{ page.redirect-to }}\" />\n</head></html>\n",
    );
    site.write(
        "jekyll/_posts/2011-09-16-start.md",
        "---\nlayout: post\ncategory: blog\ntitle: vim-jpを作りました。\n---\n本文。\n",
    );
    site.write(
        "jekyll/_posts/2011-09-16-redirect_to_start.md",
        "---\nlayout: redirect\ntitle: redirect to vim-jpを作りました。\npermalink: /2011/09/16/start.html\n\
         redirect-to: /blog/2011/09/16/start.html\n---\n",
    );
    // jekyll-redirect-from's own key, with the target as a full URL.
    site.write(
        "jekyll/_posts/2011-09-17-old-name.md",
        "---\ntitle: Old name\nredirect_to: https://vim-jp.org/blog/2011/09/16/start.html\n---\n",
    );
    let (report, dest) = site.import("jekyll", &["--strict"]);
    let fm = front_matter_of(&dest.join("content/2011/09/start.md"));
    assert_eq!(
        fm["aliases"],
        yaml("[/blog/2011/09/16/start.html, /2011/09/16/start.html, /2011/09/17/old-name.html]"),
        "{report}"
    );
    assert!(!dest.join("content/2011/09/redirect_to_start.md").exists(), "{report}");
    assert!(!dest.join("content/2011/09/old-name.md").exists(), "{report}");
    assert!(report.contains("is an alias of `_posts/2011-09-16-start.md` now"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stub = fs::read_to_string(dest.join("public/2011/09/16/start.html")).unwrap();
    assert!(stub.contains("url=/2011/09/16/start/"), "{stub}");
    assert!(!fs::read_to_string(dest.join("public/index.html")).unwrap().contains("redirect to"));
}

/// yunseo-kim/yunseo-kim.github.io writes each post in eight languages with
/// jekyll-polyglot: `languages: ["en", "ko", …]`, `lang_from_path: true`, the Korean
/// one in `_posts/ko/`, all at `permalink: /posts/:title/`, which polyglot serves at
/// `/ko/posts/:title/` for Korean. The import read no language: every translation was
/// another English briefing (`ehrenfest-theorem-2`, …), its old URL `/posts/…` (the
/// English one's), and `/ko/posts/…` no longer worked.
#[test]
fn jekyll_polyglot_languages_become_editions_with_their_old_urls() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: Study Notes\nurl: https://notes.example.org\ntimezone: Asia/Seoul\n\
         languages: [\"en\", \"ko\", \"ja\"]\ndefault_lang: \"en\"\nlang_from_path: true\n\
         defaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      permalink: /posts/:title/\n",
    );
    site.write("jekyll/_posts/en/2024-10-08-wave-function.md", "---\ntitle: The Wave Function\n---\nText.\n");
    site.write(
        "jekyll/_posts/en/2024-10-12-ehrenfest-theorem.md",
        "---\ntitle: Ehrenfest Theorem\n---\nSee [the wave function](/posts/wave-function/).\n",
    );
    site.write(
        "jekyll/_posts/ko/2024-10-12-ehrenfest-theorem.md",
        "---\ntitle: 에렌페스트 정리\n---\n[파동함수](/posts/wave-function/)를 보라.\n",
    );
    site.write("jekyll/_posts/2024-11-04-halloween.md", "---\ntitle: 할로윈\nlang: ko\n---\n실험.\n");
    let (report, dest) = site.import("jekyll", &["--strict"]);
    let cfg: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(dest.join("site.yaml")).unwrap()).unwrap();
    assert_eq!(cfg["languages"], yaml("{ko: {}, ja: {}}"), "{report}");
    let ko = front_matter_of(&dest.join("content/ko/2024/10/ehrenfest-theorem.md"));
    assert_eq!(ko["aliases"], yaml("[/ko/posts/ehrenfest-theorem/]"), "{report}");
    assert_eq!(
        front_matter_of(&dest.join("content/ko/2024/11/halloween.md"))["aliases"],
        yaml("[/ko/posts/halloween/]")
    );
    // Polyglot served a post missing in a language in the default one, under its prefix.
    assert_eq!(
        front_matter_of(&dest.join("content/en/2024/10/wave-function.md"))["aliases"],
        yaml("[/posts/wave-function/, /ko/posts/wave-function/, /ja/posts/wave-function/]")
    );
    let body = fs::read_to_string(dest.join("content/ko/2024/10/ehrenfest-theorem.md")).unwrap();
    assert!(body.contains("[파동함수](/ko/posts/wave-function/)"), "{body}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/ko/2024/10/12/ehrenfest-theorem/index.html")).unwrap();
    assert!(
        page.contains("hreflang=\"en\" href=\"https://notes.example.org/2024/10/12/ehrenfest-theorem/\""),
        "{page}"
    );
    let old = fs::read_to_string(dest.join("public/ko/posts/ehrenfest-theorem/index.html")).unwrap();
    assert!(old.contains("url=/ko/2024/10/12/ehrenfest-theorem/"), "{old}");
}

/// vim-jp/vim-jp.github.io's `_config.yml` has `future: true`: Jekyll published posts
/// dated ahead, which brief schedules; the report now says so.
#[test]
fn jekyll_future_true_posts_are_reported_as_scheduled() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: vim-jp\nfuture: true\n");
    site.write("jekyll/_posts/2099-01-01-ahead.md", "---\ntitle: Ahead\n---\nText.\n");
    site.write("jekyll/_posts/2011-09-16-start.md", "---\ntitle: Start\n---\nText.\n");
    let (report, _) = site.import("jekyll", &[]);
    assert!(report.contains("`future: true`: the old site published 1 post(s) dated after today"), "{report}");
}

/// rubysec/rubysec.github.io keeps Octopress's `source: source` in `_config.yml`, its
/// posts in the root's `_posts/`: the import read the missing folder, found no post
/// and stopped with "no content folder".
#[test]
fn a_source_folder_that_does_not_exist_is_named_and_the_root_read() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Octo\nsource: source\npermalink: /blog/:year/:month/:day/:title/\n");
    site.write("jekyll/_posts/2013-12-03-hello.markdown", "---\ntitle: \"Hello\"\ndate: 2013-12-03\n---\nHi.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let fm = front_matter_of(&dest.join("content/2013/12/hello.md"));
    assert_eq!(fm["aliases"], yaml("[/blog/2013/12/03/hello/]"), "{report}");
    assert!(
        report.contains(
            "_config.yml:2: not converted: `source: source` names no folder of the site (Jekyll would find no \
             site there either): the site's own folder is read instead"
        ),
        "{report}"
    );
}

/// f-droid/fdroid-website documents `default_lang: "_"` so that polyglot writes `/en/`
/// too: site.yaml said `language: _`, and the pages `<html lang="_">`.
#[test]
fn a_polyglot_default_lang_that_is_no_language_becomes_the_first_listed() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: F-Droid\nurl: \"https://f-droid.org\"\nplugins:\n  - jekyll-polyglot\nlanguages: [ en, de ]\n\
         default_lang: \"_\"\nlang_from_path: true\n",
    );
    site.write("jekyll/_posts/2010-09-29-f-droid-is-here.md", "---\ntitle: \"F-Droid Is Here\"\n---\n\nHello.\n");
    site.write("jekyll/_posts/de/2010-09-30-hallo.md", "---\ntitle: \"Hallo\"\n---\n\nHallo.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let config = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    assert_eq!((&config["language"], &config["languages"]), (&yaml("en"), &yaml("{de: {}}")), "{report}");
    let fm = front_matter_of(&dest.join("content/en/2010/09/f-droid-is-here.md"));
    assert_eq!(
        fm["aliases"],
        yaml(
            "[/2010/09/29/f-droid-is-here.html, /en/2010/09/29/f-droid-is-here.html, /de/2010/09/29/f-droid-is-here.html]"
        ),
        "{report}"
    );
    let fm = front_matter_of(&dest.join("content/de/2010/09/hallo.md"));
    assert_eq!(fm["aliases"], yaml("[/de/2010/09/30/hallo.html]"), "{report}");
    assert!(report.contains("`default_lang: _` is no language"), "{report}");
    assert!(report.contains("brief's default language is `en`, the first language of `languages:`"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2010/09/29/f-droid-is-here/index.html")).unwrap();
    assert!(page.contains("<html lang=\"en\""), "{page}");
}

/// vozhuo's `_posts/2012-11-18-.md` (`categories: 随笔`, `permalink: pretty`, an empty
/// title): the report said Jekyll published it at its day's URL and dropped it, but
/// its URL was `/随笔/2012/11/18/`.
#[test]
fn a_post_with_nothing_after_its_date_is_imported_with_its_old_url() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Vozhuo\npermalink: pretty\n");
    site.write(
        "jekyll/_posts/2012-11-18-.md",
        "---\ntitle: \ndate: 2012-11-18 20:50:10\ncategories: 随笔\n---\n![图片](http://img.ph.126.net/x.jpg)\n",
    );
    site.write("jekyll/_posts/2012-11-19-.md", "---\ntitle: Second day\n---\nText.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let fm = front_matter_of(&dest.join("content/2012/11/post.md"));
    assert_eq!((&fm["title"], &fm["aliases"]), (&yaml("'2012-11-18'"), &yaml("[/随笔/2012/11/18/]")), "{report}");
    // `/2012/11/19/` is brief's page of that day: that old URL cannot be kept.
    let fm = front_matter_of(&dest.join("content/2012/11/second-day.md"));
    assert_eq!((&fm["title"], &fm["aliases"]), (&yaml("Second day"), &yaml("null")), "{report}");
    assert!(report.contains("posts in                          2"), "{report}");
}

/// What kramdown reads otherwise than brief's Markdown, from real sites: bitcoinops.org's
/// `{% include linkers/issues.md … %}` right above its link definitions (they became
/// text, every reference link broken, its quotes curly), ruby-lang.org's definition
/// lists, minimal-mistakes' `markdown="1"` notices (the Markdown inside showed
/// literally) and its table indented with a line of spaces in it (the rest of the
/// table showed as code).
#[test]
fn kramdown_blocks_read_as_kramdown_read_them() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Optech\nurl: \"https://bitcoinops.org\"\n");
    site.write(
        "jekyll/_posts/2019-10-16-newsletter.md",
        "---\ntitle: 'Newsletter #68'\n---\nPieter Wuille sent an [email][taproot update] to the list.\n\n\
         {% include linkers/issues.md issues=\"15437,17056\" %}\n\
         [taproot update]: https://lists.example.org/017378.html\n\n\
         2.1.4\n: [r48098](https://svn.example.org/48098)\n\n\
         <div class=\"notice--primary\" markdown=\"1\">\n**Primary Notice:** see [the docs](https://example.org/docs/).\n</div>\n\n\
         <table>\n  <tr>\n    <td>\n      !\n    </td>\n    \n    <td>\n      #\n    </td>\n  </tr>\n</table>\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    for line in [
        "_posts/2019-10-16-newsletter.md:9: note: definition list → HTML `<dl>`",
        "_posts/2019-10-16-newsletter.md:12: converted: `<div markdown=\"1\">`: the attribute dropped",
        "_posts/2019-10-16-newsletter.md:16: converted: `<table>` (to line +10) is one HTML element to kramdown; \
         its 1 blank line(s) dropped",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2019/10/16/newsletter/index.html")).unwrap();
    let content = &page[page.find("<div class=\"content\">").unwrap()..page.find("</article>").unwrap()];
    assert_eq!(
        content,
        "<div class=\"content\">\n<p>Pieter Wuille sent an <a href=\"https://lists.example.org/017378.html\">email</a> \
         to the list.</p>\n<p>{% include linkers/issues.md issues=\"15437,17056\" %}</p>\n\
         <dl>\n<dt>\n<p>2.1.4</p>\n</dt>\n<dd>\n<p><a href=\"https://svn.example.org/48098\">r48098</a></p>\n</dd>\n</dl>\n\
         <div class=\"notice--primary\">\n<p><strong>Primary Notice:</strong> see \
         <a href=\"https://example.org/docs/\">the docs</a>.</p>\n</div>\n\
         <table>\n  <tr>\n    <td>\n      !\n    </td>\n    <td>\n      #\n    </td>\n  </tr>\n</table>\n</div>\n"
    );
}

/// 18F/18f.gsa.gov's 2014-04-12 post names two authors as a YAML list of strings
/// (`author: [Memi Whitehead, GSA, Robert L. Read, 18F]` as a block list): the import
/// kept it under `extra.jekyll.author` as "not a name", and the briefing had no byline.
#[test]
fn a_jekyll_author_list_of_names_becomes_authors() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Pizza\nurl: https://example.gov\n");
    site.write(
        "jekyll/_posts/2014-04-12-pizza.md",
        "---\ntitle: Pepperoni\nauthor: \n  - Memi Whitehead, GSA\n  - Robert L. Read, 18F\n---\nText.\n",
    );
    // A map, or a list holding a map, is still no name.
    site.write("jekyll/_posts/2014-04-13-map.md", "---\ntitle: Map\nauthor:\n  - name: X\n---\nText.\n");
    let (report, dest) = site.import("jekyll", &["--strict"]);
    let fm = front_matter_of(&dest.join("content/2014/04/pizza.md"));
    assert_eq!(
        (&fm["authors"], &fm["extra"]),
        (&yaml("['Memi Whitehead, GSA', 'Robert L. Read, 18F']"), &yaml("null"))
    );
    let fm = front_matter_of(&dest.join("content/2014/04/map.md"));
    assert_eq!((&fm["authors"], &fm["extra"]["jekyll"]["author"]), (&yaml("null"), &yaml("[{name: X}]")), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2014/04/12/pizza/index.html")).unwrap();
    let meta = &page[page.find("<p class=\"meta\">").unwrap()..];
    let meta = &meta[..meta.find("<time").unwrap()];
    assert_eq!(
        meta,
        "<p class=\"meta\"><span>By <a href=\"/authors/memi-whitehead-gsa/\" rel=\"author\">Memi Whitehead, GSA</a>, \
         <a href=\"/authors/robert-l-read-18f/\" rel=\"author\">Robert L. Read, 18F</a></span><span class=\"sep\"> · </span>"
    );
}

/// jekyllrb.com's news post of 2016-10-06 opens a `{% highlight liquid %}` with
/// `{% raw %}` on a line of its own: Jekyll strips every line break at either end of
/// the block (and nothing else), the import kept one, and the code began blank.
#[test]
fn a_highlight_block_loses_its_leading_line_breaks_as_in_jekyll() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Liquid tips\n");
    site.write(
        "jekyll/_posts/2016-10-06-filters.md",
        "---\ntitle: URL filters\n---\n{% highlight liquid %}\n{% raw %}\n{{ \"/a/\" | relative_url }}  \n{% endraw %}\n{% endhighlight %}\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    let body = fs::read_to_string(dest.join("content/2016/10/filters.md")).unwrap();
    assert!(body.ends_with("---\n```liquid\n{{ \"/a/\" | relative_url }}  \n```\n"), "{body}\n{report}");
}

/// The lines of the report's list of old URLs brief does not serve.
fn not_served(report: &str) -> Vec<&str> {
    let Some(at) = report.find("\nold URLs brief does not serve") else { return Vec::new() };
    report[at + 1..].lines().skip(1).take_while(|l| l.starts_with("  ")).map(str::trim).collect()
}

/// jekyllrb.com and 18F load jekyll-feed, which served `/feed.xml` (18F's
/// `feed: categories: [release]` also `/feed/release.xml`): the report listed no feed,
/// where Hugo's and Zola's are listed with the URL to redirect them to.
#[test]
fn jekyll_feed_urls_are_listed_with_the_feed_to_redirect_them_to() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: 18F-like\nurl: https://example.gov\npermalink: pretty\nplugins:\n  - jekyll-feed\n\
         feed:\n  categories: [release, Empty]\n  tags:\n    except: [skip]\n  collections: [docs]\n",
    );
    site.write(
        "jekyll/_posts/2014-12-17-snippets.md",
        "---\ntitle: Snippets\ncategories: [release]\ntags: [rust, skip, c++]\n---\nWeekly.\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    assert_eq!(
        not_served(&report),
        [
            "/feed.xml (jekyll-feed's feed of the site) → /atom.xml",
            "/feed/release.xml (jekyll-feed's feed of category `release`) → /categories/release/atom.xml",
            "/feed/Empty.xml (jekyll-feed's feed of category `Empty`) → /atom.xml, the site's feed (no post has \
             category `Empty`)",
            "/feed/docs.xml (jekyll-feed's feed of collection `docs`) → nothing: brief imports no collection but \
             the posts",
            "/feed/by_tag/rust.xml (jekyll-feed's feed of tag `rust`) → /tags/rust/atom.xml",
        ],
        "{report}"
    );
    assert!(report.contains("posts in                          1"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for feed in ["public/atom.xml", "public/categories/release/atom.xml", "public/tags/rust/atom.xml"] {
        assert!(dest.join(feed).is_file(), "{feed}");
    }

    // Loaded by the Gemfile's jekyll_plugins group, at `feed: path`.
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Docs\nfeed:\n  path: /blog/feed.atom\n");
    site.write(
        "jekyll/Gemfile",
        "source \"https://rubygems.org\"\ngem \"jekyll\"\ngroup :jekyll_plugins do\n  \
         gem \"jekyll-feed\", \"~> 0.12\" # the feed\nend\n",
    );
    site.write("jekyll/_posts/2016-10-06-news.md", "---\ntitle: News\n---\nText.\n");
    let (report, _) = site.import("jekyll", &[]);
    assert_eq!(not_served(&report), ["/blog/feed.atom (jekyll-feed's feed of the site) → /atom.xml"], "{report}");

    // A site without jekyll-feed had no such feed; one whose feed is at `/atom.xml` keeps
    // it; a `feed.xml` of the site's own (jekyll-feed then writes none) is copied, served.
    for (config, file) in [
        ("title: Plain\nfeed:\n  categories: [release]\n", None),
        ("title: A\nplugins: [jekyll-feed]\nfeed: {path: atom.xml}\n", None),
        ("title: B\nplugins: [jekyll-feed]\n", Some("jekyll/feed.xml")),
    ] {
        let site = TestSite::new();
        site.write("jekyll/_config.yml", config);
        if let Some(file) = file {
            site.write(file, "<feed></feed>\n");
        }
        site.write("jekyll/Gemfile", "gem \"jekyll-feed\"\n");
        site.write("jekyll/_posts/2016-10-06-news.md", "---\ntitle: News\n---\nText.\n");
        let (report, _) = site.import("jekyll", &[]);
        assert_eq!(not_served(&report), Vec::<&str>::new(), "{report}");
    }
}

/// yunseo-kim's Chirpy blog writes kramdown math (`math: true`): `$$ … $$` alone in a
/// paragraph is display math, within a line inline math, and kramdown passed the LaTeX
/// through as `\[…\]` and `\(…\)` for MathJax. The import copied it as Markdown: `\\`
/// became `\`, `\{` a `{`, and `f^*(x) … g^*(x)` emphasis.
#[test]
fn kramdown_math_reaches_the_page_as_kramdown_wrote_it() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Math notes\nurl: https://example.org\n");
    site.write(
        "jekyll/_posts/2024-08-17-harmonic.md",
        "---\ntitle: Harmonic addition\nmath: true\n---\nDisplay math:\n\n\
         $$ \\begin{align*}\nf(\\theta) &= a \\sin \\theta + b \\cos \\theta \\\\\n&= r \\sin(\\theta + \\alpha)\n\\end{align*} $$\n\n\
         $$ f^*(x) = \\min_x g^*(x), \\quad S = \\{ x \\mid x > 0 \\}, a_1 + b_2 $$\n\n\
         > $$ a_1 \\\\\n> b_2 $$\n\n\
         Inline $$a_1 + b_2 = c^*_{1}$$ and $$x'$$ in a sentence, for $5 and $10.\n\n\
         Code: `$$ a_1 \\\\ b $$` stays.\n\n```\n$$ a_1 \\\\ b_2 $$\n```\n\n<div>\n$$ a_1 $$\n</div>\n",
    );
    let (report, dest) = site.import("jekyll", &["--strict"]);
    assert!(
        report.contains(
            "_posts/2024-08-17-harmonic.md:7: converted: kramdown math → `\\[…\\]` (3 display) and `\\(…\\)` \
             (2 inline), the LaTeX as written, as kramdown wrote it for MathJax or KaTeX to typeset"
        ),
        "{report}"
    );
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2024/08/17/harmonic/index.html")).unwrap();
    let content = &page[page.find("<div class=\"content\">").unwrap()..page.find("</article>").unwrap()];
    assert_eq!(
        content,
        "<div class=\"content\">\n<p>Display math:</p>\n\
         <p>\\[ \\begin{align*}\nf(\\theta) &amp;= a \\sin \\theta + b \\cos \\theta \\\\\n&amp;= r \\sin(\\theta + \\alpha)\n\
         \\end{align*} \\]</p>\n\
         <p>\\[ f^*(x) = \\min_x g^*(x), \\quad S = \\{ x \\mid x &gt; 0 \\}, a_1 + b_2 \\]</p>\n\
         <blockquote>\n<p>\\[ a_1 \\\\\nb_2 \\]</p>\n</blockquote>\n\
         <p>Inline \\(a_1 + b_2 = c^*_{1}\\) and \\(x'\\) in a sentence, for $5 and $10.</p>\n\
         <p>Code: <code>$$ a_1 \\\\ b $$</code> stays.</p>\n\
         <pre><code>$$ a_1 \\\\ b_2 $$\n</code></pre>\n\
         <div>\n$$ a_1 $$\n</div>\n</div>\n"
    );
}

/// The content of a built page, from `<div class="content">` to `</article>`.
fn content_of(dest: &std::path::Path, rel: &str) -> String {
    let out = brief().arg("--root").arg(dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join(rel)).unwrap();
    page[page.find("<div class=\"content\">").unwrap()..page.find("</article>").unwrap()].to_string()
}

/// `{% highlight %}` not on a line of its own: the fence went to column 0 (out of the
/// list item, the `> ` markers into the code) and the text after `{% endhighlight %}`
/// stayed on the closing fence's line, so the rest of the post became code.
#[test]
fn a_highlight_block_stays_in_its_container_and_the_text_after_it_is_no_code() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: H\n");
    site.write(
        "jekyll/_posts/2024-01-01-hl.md",
        "---\ntitle: HL\n---\n1. Install:\n\n   {% highlight text %}\n   gem install x\n     indented\n   {% endhighlight %}\n\n\
         2. Run it.\n\nInline {% highlight text %}x = 1{% endhighlight %} in text.\n\n\
         > Quoted:\n> {% highlight text %}\n> a\n>\n>   b\n> {% endhighlight %}\n> after\n\n## Later\n",
    );
    let (_, dest) = site.import("jekyll", &[]);
    assert_eq!(
        content_of(&dest, "public/2024/01/01/hl/index.html"),
        "<div class=\"content\">\n<ol>\n<li>\n<p>Install:</p>\n<pre class=\"hl-code\"><code class=\"language-text\"><span class=\"hl-text hl-plain\">gem install x\n  indented\n</span></code></pre>\n</li>\n<li>\n<p>Run it.</p>\n</li>\n</ol>\n\
         <p>Inline</p>\n<pre class=\"hl-code\"><code class=\"language-text\"><span class=\"hl-text hl-plain\">x = 1\n</span></code></pre>\n<p>in text.</p>\n\
         <blockquote>\n<p>Quoted:</p>\n<pre class=\"hl-code\"><code class=\"language-text\"><span class=\"hl-text hl-plain\">a\n\n  b\n</span></code></pre>\n<p>after</p>\n</blockquote>\n<h2 id=\"later\">Later</h2>\n</div>\n"
    );
}

/// Two spaces ending a line inside `$$ … $$` of a CRLF post made a hard break in the
/// math: the line ends in `\r`, so they were not written as character references.
#[test]
fn kramdown_math_in_a_crlf_post_gets_no_hard_break() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: M\n");
    site.write("jekyll/_posts/2024-01-02-crlf.md", "---\ntitle: CRLF\n---\r\nSome\r\n\r\n$$ a \\\\  \r\nb $$\r\n");
    let (_, dest) = site.import("jekyll", &[]);
    assert_eq!(
        content_of(&dest, "public/2024/01/02/crlf/index.html"),
        "<div class=\"content\">\n<p>Some</p>\n<p>\\[ a \\\\  \nb \\]</p>\n</div>\n"
    );
}

/// `theme: minima` (the theme of `jekyll new`) loads jekyll-feed, a runtime dependency
/// of its gem that Jekyll requires: no feed was listed. A category with a space was
/// listed unescaped (`/feed/Big News.xml`).
#[test]
fn jekyll_feed_of_the_minima_theme_is_listed_and_its_urls_escaped() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: G\ntheme: minima\nfeed:\n  categories: [Big News]\n");
    site.write("jekyll/_posts/2024-01-01-one.md", "---\ntitle: One\n---\nHi.\n");
    let (report, _) = site.import("jekyll", &[]);
    assert_eq!(
        not_served(&report),
        [
            "/feed.xml (jekyll-feed's feed of the site) → /atom.xml",
            "/feed/Big%20News.xml (jekyll-feed's feed of category `Big News`) → /atom.xml, the site's feed (no post \
             has category `Big News`)",
        ],
        "{report}"
    );
}

/// al-folio's posts say `layout: post` and `redirect: /blog/2020/target/` with no text:
/// the meta refresh is in `_layouts/default.liquid` (to `{{ redirect }}`, assigned from
/// `page.redirect`), which `post.liquid` is written in (`layout: default`). Each was
/// imported as an empty briefing, its old URL showing it instead of the target.
#[test]
fn an_al_folio_redirect_through_the_layout_chain_is_an_alias() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: R\nurl: https://example.org\npermalink: /blog/:year/:title/\n");
    site.write(
        "jekyll/_layouts/default.liquid",
        "<!doctype html>\n<html>\n  <head>\n    {% if page.redirect %}\n      {% if page.redirect == true %}\n        \
         {% assign redirect = site.baseurl | append: '/' %}\n      {% elsif page.redirect contains '://' %}\n        \
         {% assign redirect = page.redirect %}\n      {% else %}\n        \
         {% assign redirect = page.redirect | relative_url %}\n      {% endif %}\n      \
         <meta http-equiv=\"refresh\" content=\"3; url={{ redirect }}\">\n    {% endif %}\n  </head>\n  \
         <body>{{ content }}</body>\n</html>\n",
    );
    site.write("jekyll/_layouts/post.liquid", "---\nlayout: default\n---\n<div class=\"post\">{{ content }}</div>\n");
    // A loop of layouts ends where it closes.
    site.write("jekyll/_layouts/a.html", "---\nlayout: b\n---\n{{ content }}\n");
    site.write("jekyll/_layouts/b.html", "---\nlayout: a\n---\n{{ content }}\n");
    site.write("jekyll/_posts/2020-01-01-target.md", "---\nlayout: post\ntitle: Target\n---\nHello.\n");
    site.write(
        "jekyll/_posts/2021-01-01-moved.md",
        "---\nlayout: post\ntitle: moved\nredirect: /blog/2020/target/\n---\n",
    );
    site.write(
        "jekyll/_posts/2022-02-01-redirect.md",
        "---\nlayout: post\ntitle: a post with redirect\nredirect: /assets/pdf/cv.pdf\n---\n",
    );
    site.write(
        "jekyll/_posts/2022-03-01-looped.md",
        "---\nlayout: a\ntitle: Looped\nredirect: /blog/2020/target/\n---\n",
    );
    site.write("jekyll/assets/pdf/cv.pdf", "%PDF-1.4\n");
    let (report, dest) = site.import("jekyll", &[]);
    let fm = front_matter_of(&dest.join("content/2020/01/target.md"));
    assert_eq!(fm["aliases"], yaml("[/blog/2020/target/, /blog/2021/moved/]"), "{report}");
    assert!(!dest.join("content/2021/01/moved.md").exists(), "{report}");
    assert!(
        report.contains(
            "_posts/2021-01-01-moved.md: a redirect to `/blog/2020/target/` by `layout: post` (a meta refresh to \
             `redirect`), with no text: its old URL /blog/2021/moved/ is an alias of `_posts/2020-01-01-target.md` now"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "_posts/2022-02-01-redirect.md: not converted: a redirect to `/assets/pdf/cv.pdf` by `layout: post` (a \
             meta refresh to `redirect`), with no text: brief redirects old URLs to briefings, not away"
        ),
        "{report}"
    );
    assert!(dest.join("content/2022/03/looped.md").exists(), "{report}");
}

/// Gaohaoyang/gaohaoyang.github.io opens every post with `* content` then `{:toc}`:
/// kramdown replaces that one-item list with its table of contents. The import dropped
/// the `{:toc}` alone (reported as an attribute list brief has not), and every post
/// began with a bullet "content".
#[test]
fn a_kramdown_toc_marker_list_is_dropped_whole() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: T\nurl: https://example.org\nmarkdown: kramdown\nkramdown:\n  input: GFM\n",
    );
    site.write(
        "jekyll/_posts/2016-03-12-toc.md",
        "---\ntitle: \"TOC test\"\n---\n\n* content\n{:toc}\n\nIntro paragraph.\n\n## First section\n\nText.\n\n\
         ## Second section\n{:.no_toc}\n\nText.\n\n## Third section\n\n1. TOC\n{: toc}\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    for line in [
        "_posts/2016-03-12-toc.md:5: converted: kramdown's table of contents marker (`* content` then `{:toc}`) \
         dropped: brief makes its own table of contents where a briefing has three headings or more",
        "_posts/2016-03-12-toc.md:15: not converted: `{:.no_toc}` dropped: brief's table of contents lists every heading",
        "_posts/2016-03-12-toc.md:21: converted: kramdown's table of contents marker (`1. TOC` then `{: toc}`)",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let content = content_of(&dest, "public/2016/03/12/toc/index.html");
    assert_eq!(
        content,
        "<div class=\"content\">\n<p>Intro paragraph.</p>\n<h2 id=\"first-section\">First section</h2>\n<p>Text.</p>\n\
         <h2 id=\"second-section\">Second section</h2>\n<p>Text.</p>\n<h2 id=\"third-section\">Third section</h2>\n</div>\n"
    );
}

/// mmistakes/minimal-mistakes' "Markup: HTML Tags and Formatting" post writes a
/// kramdown table with `|-----|` (a new `<tbody>`) and `|=====|` (the `<tfoot>`) lines:
/// brief read each as a row of dashes or equals signs, and the report said nothing.
#[test]
fn kramdown_table_body_and_footer_separators_are_no_rows() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: T\nurl: https://example.org\nmarkdown: kramdown\n");
    site.write(
        "jekyll/_posts/2013-01-11-table.md",
        "---\ntitle: \"Table\"\n---\n\n| Header1 | Header2 | Header3 |\n|:--------|:-------:|--------:|\n\
         | cell1   | cell2   | cell3   |\n|-----------------------------|\n| cell4   | cell5   | cell6   |\n\
         |=============================|\n| Foot1   | Foot2   | Foot3   |\n",
    );
    let (report, dest) = site.import("jekyll", &["--strict"]);
    for line in [
        "_posts/2013-01-11-table.md:8: converted: kramdown table body separator `|-----------------------------|` \
         dropped: kramdown started a new `<tbody>` there, brief's Markdown tables have one body",
        "_posts/2013-01-11-table.md:10: converted: kramdown table footer separator `|=============================|` \
         dropped: the 1 footer row(s) after it are body rows now, as brief's Markdown tables have no footer",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let content = content_of(&dest, "public/2013/01/11/table/index.html");
    let rows: Vec<&str> = content.split("<tr>").skip(1).map(|r| r.split("</td>").next().unwrap_or(r)).collect();
    assert_eq!(
        rows,
        [
            "<th style=\"text-align: left\">Header1</th><th style=\"text-align: center\">Header2</th><th style=\"text-align: right\">Header3</th></tr></thead><tbody>\n",
            "<td style=\"text-align: left\">cell1",
            "<td style=\"text-align: left\">cell4",
            "<td style=\"text-align: left\">Foot1",
        ],
        "{content}"
    );
}

/// kramdown's own syntax page writes tables with a top border and separator lines
/// crossed with `+` (`|-----+-----|`): the border was a paragraph of dashes above the
/// table, and a table whose header separator had a `+` was no table at all, one
/// paragraph, with nothing in the report.
#[test]
fn kramdown_tables_with_a_top_border_and_crossed_separators_stay_tables() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: T\nurl: https://example.org\nmarkdown: kramdown\n");
    site.write(
        "jekyll/_posts/2024-01-02-t.md",
        "---\ntitle: T\n---\n\n|-------+------|\n| Left | Right |\n|:------|------:|\n| a | b |\n\n\
         | Name | Role |\n|------+------|\n| Ann | lead |\n",
    );
    let (report, dest) = site.import("jekyll", &["--strict"]);
    for line in [
        "_posts/2024-01-02-t.md:5: converted: kramdown table top border `|-------+------|` dropped",
        "_posts/2024-01-02-t.md:11: converted: kramdown table separator `|------+------|` written with `|` for `+`",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let content = content_of(&dest, "public/2024/01/02/t/index.html");
    assert_eq!(content.matches("<table>").count(), 2, "{content}");
    assert!(content.contains("<td>Ann</td>") && !content.contains('—') && !content.contains("---"), "{content}");
}

/// minimal-mistakes' "Markup: HTML Tags and Formatting" post has a definition list
/// whose second term is `#dowork`: under kramdown's GFM input (Jekyll's default) no
/// heading, so a term of the same list. The import left it as a paragraph ("#dowork :
/// Coined by …"), splitting the list in two, and reported nothing.
#[test]
fn a_definition_term_starting_with_a_hash_is_a_term() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: T\nurl: https://example.org\nmarkdown: kramdown\nkramdown:\n  input: GFM\n",
    );
    site.write(
        "jekyll/_posts/2013-01-11-dl.md",
        "---\ntitle: \"Definition lists\"\n---\n\nStartup\n:   A company designed to search for a repeatable business model.\n\n\
         #dowork\n:   Coined by Rob Dyrdek, \"Do Work\" works as a self motivator.\n\n\
         Do It Live\n:   Bill O'Reilly explains this one.\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    assert!(report.contains("_posts/2013-01-11-dl.md:5: note: definition list → HTML `<dl>`"), "{report}");
    assert!(!report.contains("_posts/2013-01-11-dl.md:11:"), "{report}");
    assert_eq!(
        content_of(&dest, "public/2013/01/11/dl/index.html"),
        "<div class=\"content\">\n<dl>\n<dt>\n<p>Startup</p>\n</dt>\n<dd>\n<p>A company designed to search for a \
         repeatable business model.</p>\n</dd>\n<dt>\n<p>#dowork</p>\n</dt>\n<dd>\n<p>Coined by Rob Dyrdek, “Do \
         Work” works as a self motivator.</p>\n</dd>\n<dt>\n<p>Do It Live</p>\n</dt>\n<dd>\n<p>Bill O’Reilly \
         explains this one.</p>\n</dd>\n</dl>\n</div>\n"
    );
}

/// The "Bottom line" box of a built briefing page: the summary the author wrote.
fn bottom_line(dest: &std::path::Path, rel: &str) -> Option<String> {
    let page = fs::read_to_string(dest.join(rel)).unwrap();
    let at = page.find("<section class=\"bluf\"")?;
    let box_ = &page[at..];
    Some(box_[box_.find("</h2>\n")? + 6..box_.find("</section>")?].to_string())
}

/// Jekyll's excerpt ends at `excerpt_separator`: `<!--break-->` on one site (brief
/// took the first paragraph, ignoring it), and `"\n\n"` on minimal-mistakes (brief
/// took the text before a `<!--more-->` Jekyll ignored, and showed it in a "Bottom
/// line" box). The report said only "kept under extra: excerpt_separator".
#[test]
fn jekyll_excerpt_separator_ends_the_summary_where_jekyll_ended_the_excerpt() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: A\nurl: https://example.org\nexcerpt_separator: <!--break-->\n");
    site.write(
        "jekyll/_posts/2020-01-01-a.md",
        "---\ntitle: A\n---\nFirst para.\n\nSecond para.\n<!--break-->\nRest.\n",
    );
    // A post's own separator wins over the site's.
    site.write(
        "jekyll/_posts/2020-01-02-own.md",
        "---\ntitle: Own\nexcerpt_separator: <!--cut-->\n---\nOne.\n\nTwo.\n\n<!--cut-->\n\nThree.\n",
    );
    let (report, dest) = site.import("jekyll", &["--strict"]);
    assert!(
        report.contains(
            "_posts/2020-01-01-a.md:7: converted: `excerpt_separator` \"<!--break-->\" → `<!-- more -->` at its first \
             place: the summary is the text before it, as Jekyll's excerpt was"
        ),
        "{report}"
    );
    let body = fs::read_to_string(dest.join("content/2020/01/a.md")).unwrap();
    assert!(body.ends_with("---\nFirst para.\n\nSecond para.\n<!-- more -->\nRest.\n"), "{body}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        bottom_line(&dest, "public/2020/01/01/a/index.html").as_deref(),
        Some("<p>First para.</p>\n<p>Second para.</p>\n")
    );
    assert_eq!(bottom_line(&dest, "public/2020/01/02/own/index.html").as_deref(), Some("<p>One.</p>\n<p>Two.</p>\n"));

    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: B\nurl: https://example.org\nexcerpt_separator: \"\\n\\n\"\n");
    site.write(
        "jekyll/_posts/2020-01-01-b.md",
        "---\ntitle: B\n---\nFirst para.\n\nSecond para.\n\n<!--more-->\n\nRest.\n",
    );
    let (report, dest) = site.import("jekyll", &["--strict"]);
    assert!(
        report.contains(
            "_posts/2020-01-01-b.md:8: converted: `<!--more-->` dropped: Jekyll's excerpt did not end here \
             (`excerpt_separator` \"\\n\\n\": the first paragraph, as brief's summary is)"
        ),
        "{report}"
    );
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(bottom_line(&dest, "public/2020/01/01/b/index.html"), None);
}

/// untra/polyglot's own site writes `description:` per language (`{en: …, de: …}`, read
/// as `site.description[site.active_lang]`) and `author: {name, url}`; others write
/// `title:` per language. The texts and the author's URL were lost without a word.
#[test]
fn per_language_title_and_description_and_the_author_map_are_kept() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title:\n  en: My Site\n  de: Meine Seite\nurl: https://example.org\nplugins: [jekyll-polyglot]\n\
         languages: [\"en\", \"de\"]\ndefault_lang: \"en\"\n\
         author:\n  name: 'Samuel Volin'\n  url: https://github.com/untra\n  twitter: untra\n\
         description:\n  en: A i18n support plugin for Jekyll.\n  de: Ein Plugin für Jekyll.\n  fr: Un plugin.\n",
    );
    site.write("jekyll/_posts/2024-01-02-hello.md", "---\ntitle: Hello\nauthor: Samuel Volin\n---\nText.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let cfg = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    assert_eq!(
        (&cfg["title"], &cfg["description"], &cfg["author"]),
        (&yaml("My Site"), &yaml("A i18n support plugin for Jekyll."), &yaml("Samuel Volin")),
        "{report}"
    );
    assert_eq!(cfg["languages"], yaml("{de: {title: Meine Seite, description: Ein Plugin für Jekyll.}}"), "{report}");
    // What has no home is kept under extra and reported.
    assert_eq!(cfg["extra"]["jekyll"]["description"]["fr"], yaml("Un plugin."), "{report}");
    assert_eq!(cfg["extra"]["jekyll"]["author"]["twitter"], yaml("untra"), "{report}");
    assert!(report.contains("not converted: `description` in `fr`"), "{report}");
    assert!(report.contains("not converted: author `Samuel Volin`'s `twitter`"), "{report}");
    let authors = fs::read_to_string(dest.join("authors.yaml")).unwrap();
    assert!(authors.contains("url: https://github.com/untra"), "{authors}");
    let out = brief().arg("--root").arg(&dest).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The same config without jekyll-polyglot: the site's language's text is the site's,
/// and an author's URL no post names is kept under extra and reported.
#[test]
fn a_per_language_description_without_polyglot_is_the_sites() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: Plain\nauthor:\n  name: 'Samuel Volin'\n  url: https://github.com/untra\n\
         description:\n  en: A i18n support plugin for Jekyll.\n",
    );
    site.write("jekyll/_posts/2024-01-02-hello.md", "---\ntitle: Hello\n---\nText.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let cfg = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    assert_eq!(cfg["description"], yaml("A i18n support plugin for Jekyll."), "{report}");
    assert_eq!(cfg["extra"]["jekyll"]["author"]["url"], yaml("https://github.com/untra"), "{report}");
    assert!(report.contains("not converted: author `Samuel Volin`'s `url`"), "{report}");
    assert!(!dest.join("authors.yaml").exists(), "{report}");
}

/// karpathy/karpathy.github.io links `{% post_url 2024-09-19-Thursday - Overload %}`:
/// Jekyll takes the whole argument, spaces and all, as the post's name.
#[test]
fn post_url_naming_a_file_with_spaces_is_its_link() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: K\npermalink: /:year/:month/:day/:title/\n");
    site.write("jekyll/_posts/2024-09-19-Thursday - Overload.md", "---\ntitle: Overload\n---\nText.\n");
    site.write(
        "jekyll/_posts/2024-09-20-linker.md",
        "---\ntitle: Linker\n---\nSee [overload]({% post_url 2024-09-19-Thursday - Overload %}).\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    let body = fs::read_to_string(dest.join("content/2024/09/linker.md")).unwrap();
    assert!(body.contains("See [overload](/2024/09/19/thursday-overload/)."), "{body}\n{report}");
}

/// swiftlang/swift-org-website dates a post `date: 2016-1-05 18:00:00`: YAML's
/// timestamps and Ruby's `Time.parse` take a one-digit month or day, so Jekyll did.
#[test]
fn a_date_with_a_one_digit_month_or_day_is_read_as_jekyll_reads_it() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Swift\ntimezone: UTC\n");
    site.write(
        "jekyll/_posts/2016-1-05-swift-2.2-release-process.md",
        "---\ntitle: Swift 2.2\ndate: 2016-1-05 18:00:00\n---\nText.\n",
    );
    site.write("jekyll/_posts/2016-02-06-short.md", "---\ntitle: Short\ndate: 2016-2-7\n---\nText.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let fm = front_matter_of(&dest.join("content/2016/01/swift-2.2-release-process.md"));
    assert_eq!(fm["date"], yaml("2016-01-05T18:00:00"), "{report}");
    let fm = front_matter_of(&dest.join("content/2016/02/short.md"));
    assert_eq!(
        (&fm["date"], &fm["aliases"]),
        (&yaml("2016-02-07"), &yaml("[/2016/02/07/short.html, /2016/02/06/short.html]")),
        "{report}"
    );
    assert!(!report.contains("is not a date brief reads"), "{report}");
}

/// ruby/www.ruby-lang.org gives each post `lang: ja` (or `en`, `ko`…) without
/// jekyll-polyglot: the post stays in the site's language, which the report now says
/// as not converted rather than as a value kept.
#[test]
fn a_post_lang_without_polyglot_is_reported_as_not_applied() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Ruby\n");
    site.write("jekyll/ja/news/_posts/2013-02-24-released.md", "---\ntitle: リリース\nlang: ja\n---\nText.\n");
    site.write("jekyll/en/news/_posts/2013-02-24-released.md", "---\ntitle: Released\nlang: en\n---\nText.\n");
    let (report, _) = site.import("jekyll", &[]);
    assert!(
        report.contains(
            "ja/news/_posts/2013-02-24-released.md:3: not converted: `lang: ja`: the post's language was not applied"
        ),
        "{report}"
    );
    // A post in the site's own language loses nothing.
    assert!(report.contains("en/news/_posts/2013-02-24-released.md:3: kept under extra: lang"), "{report}");
}

/// karpathy/karpathy.github.io: `excerpt: "<img src='…' width=100% alt='test'><p>Inspiration
/// from Kartikay</p>"`, which `{{ post.excerpt }}` output as HTML. The import copied it
/// into brief's plain-text `summary:`, so the home page and feeds showed the tags as text,
/// and the report said nothing.
#[test]
fn a_jekyll_excerpt_written_in_html_becomes_the_text_jekyll_showed() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: X\n");
    site.write(
        "jekyll/_posts/2024-09-19-overload.md",
        "---\ntitle: \"Thursday - Overload\"\nexcerpt: \"<img src='/assets/posts/pic.png' width=100% alt='test'>\
         <p>Inspiration from <em>Kartikay</em></p>\"\n---\nBody text.\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    let fm = front_matter_of(&dest.join("content/2024/09/overload.md"));
    assert_eq!(fm["summary"], yaml("Inspiration from Kartikay"), "{report}");
    assert!(fm["extra"]["jekyll"]["excerpt"].as_str().unwrap_or_default().starts_with("<img src="), "{report}");
    let line = report.lines().find(|l| l.contains("excerpt →")).unwrap_or_default();
    assert!(
        line.contains("_posts/2024-09-19-overload.md:3: converted: excerpt → the plain text jekyll showed"),
        "{report}"
    );
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let home = fs::read_to_string(dest.join("public/index.html")).unwrap();
    assert!(home.contains("Inspiration from Kartikay") && !home.contains("&lt;em&gt;"), "{home}");
}

/// mmistakes/made-mistakes-jekyll writes posts in HTML (`_posts/*.html`), which Jekyll
/// outputs with no Markdown run on them. The import kept the HTML as a Markdown body, so
/// `*stars*` became emphasis, `[x](y)` a link, `# x` a heading and `1. x` a list, and
/// the post got no report line.
#[test]
fn a_jekyll_post_or_page_written_in_html_is_shown_as_written() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: X\n");
    site.write(
        "jekyll/_posts/2011-05-08-plain.html",
        "---\ntitle: \"Plain HTML post\"\n---\nSome *stars* and _underscores_ and a [bracket](not-a-link) here.\n\
         # not a heading\n1. not a list\n    indented four spaces\n<p>Para with 2*3*4 math.</p>\n\n\
         <pre>code\n\n  *kept*</pre>\n\nLine after blank &amp; entity.\n",
    );
    site.write(
        "jekyll/about.html",
        "---\ntitle: About\nlayout: page\n---\n<p>Some *stars* here.</p>\n\n# not a heading\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    assert!(
        report.contains(
            "converted: written in HTML, which Jekyll showed as written (no Markdown): kept as one raw HTML block"
        ),
        "{report}"
    );
    run_ok(&dest);
    let page = fs::read_to_string(dest.join("public/2011/05/08/plain/index.html")).unwrap();
    let content = page.split("<div class=\"content\">").nth(1).unwrap_or_default();
    let body = content.split("Some ").nth(1).and_then(|b| b.split("entity.").next()).unwrap_or_default();
    assert_eq!(
        body,
        "*stars* and _underscores_ and a [bracket](not-a-link) here.\n# not a heading\n1. not a list\n    \
         indented four spaces\n<p>Para with 2*3*4 math.</p>\n&#10;<pre>code\n&#10;  *kept*</pre>\n&#10;Line after \
         blank &amp; ",
        "{page}"
    );
    // Jekyll's excerpt, the HTML before the first blank line, is the summary as text.
    let fm = front_matter_of(&dest.join("content/2011/05/plain.md"));
    assert_eq!(
        fm["summary"].as_str(),
        Some(
            "Some *stars* and _underscores_ and a [bracket](not-a-link) here. # not a heading 1. not a list \
             indented four spaces Para with 2*3*4 math."
        )
    );
    let about = fs::read_to_string(dest.join("public/about/index.html")).unwrap_or_default();
    assert!(about.contains("<p>Some *stars* here.</p>\n&#10;# not a heading"), "{about}");
}

/// `{% highlight %}` in a post written in HTML: Jekyll's highlighter writes HTML there,
/// so the code is an HTML code block, escaped, not a Markdown fence shown as text.
#[test]
fn a_highlight_in_a_post_written_in_html_is_an_html_code_block() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: X\n");
    site.write(
        "jekyll/_posts/2011-05-09-code.html",
        "---\ntitle: Code\n---\n<p>Before.</p>\n{% highlight ruby %}\nputs \"<b>\" if a && b\n\nend\n{% endhighlight %}\n<p>After.</p>\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    assert!(report.contains("`{% highlight ruby %}` → an HTML code block"), "{report}");
    run_ok(&dest);
    let page = fs::read_to_string(dest.join("public/2011/05/09/code/index.html")).unwrap();
    assert!(
        page.contains(
            "<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\">puts &quot;&lt;b&gt;&quot; \
             if a &amp;&amp; b\n&#10;end</code></pre></figure>"
        ),
        "{page}"
    );
    assert!(!page.contains("```"), "{page}");
}

/// The summary of a post written in HTML is Jekyll's excerpt as Jekyll rendered it:
/// its Liquid converted first (it showed `{{ site.title }}` as the title, a highlight
/// as its code), and Liquid the import leaves as written is not shown in it.
#[test]
fn the_summary_of_a_post_written_in_html_is_its_excerpt_with_its_liquid_converted() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: MySite\n");
    site.write(
        "jekyll/_posts/2011-05-10-liquid.html",
        "---\ntitle: Liquid\n---\n<p>Welcome to {{ site.title }}. {% include note.html %}</p>\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n<p>Later.</p>\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    let fm = front_matter_of(&dest.join("content/2011/05/liquid.md"));
    assert_eq!(fm["summary"].as_str(), Some("Welcome to MySite. puts 1"), "{report}");
}

fn run_ok(dest: &std::path::Path) {
    let out = brief().arg("--root").arg(dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// elixir-lang/elixir-lang.github.com (`permalink: /blog/:year/:month/:day/:title`) has
/// `…-elixir-at-change.org.markdown`: Jekyll wrote `elixir-at-change.org.html`, adding
/// `.html` to any path not ending in it. The import added it only where the last part
/// had no dot, so the redirect was a file named `….org`, which static hosts send with
/// that type (a download), not as a page.
#[test]
fn an_old_url_whose_last_part_has_a_dot_is_the_html_file_jekyll_wrote() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Elixir\ntimezone: UTC\npermalink: /blog/:year/:month/:day/:title\n");
    site.write(
        "jekyll/_posts/2020-10-27-elixir-at-change.org.markdown",
        "---\ntitle: Social change with Elixir at Change.org\n---\nText.\n",
    );
    site.write("jekyll/_posts/2020-10-28-plain.markdown", "---\ntitle: Plain\n---\nText.\n");
    let (report, dest) = site.import("jekyll", &[]);
    assert!(report.contains("old URL: /blog/2020/10/27/elixir-at-change.org.html (the site's permalink)"), "{report}");
    assert!(report.contains("old URL: /blog/2020/10/28/plain.html (the site's permalink)"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/blog/2020/10/27/elixir-at-change.org.html")).unwrap();
    assert!(page.contains("url=/2020/10/27/elixir-at-change-org/"), "{page}");
    assert!(!dest.join("public/blog/2020/10/27/elixir-at-change.org").exists());
}

/// openSUSE/news-o-o loads jekyll-archives (`enabled: all`, pages at `/tag/:name/` and
/// `/category/:name/`) and its posts link to them
/// (`https://news.opensuse.org/category/upgrade-to-freedom`): the import kept the
/// settings under extra only, so those links broke. Each page leads to brief's page of
/// the term; date pages moved from brief's URLs are listed.
#[test]
fn jekyll_archives_pages_lead_to_the_terms_pages() {
    let site = TestSite::new();
    site.write(
        "jekyll/_config.yml",
        "title: News\nurl: \"https://news.example.org\"\npermalink: /:year/:month/:day/:title/\n\
         plugins:\n  - jekyll-archives\njekyll-archives:\n  enabled: all\n  permalinks:\n    year: '/archive/:year/'\n\
         \x20   tag: '/tag/:name/'\n    category: '/category/:name/'\n",
    );
    site.write(
        "jekyll/_posts/2024-12-11-ready.md",
        "---\ntitle: Ready\ncategories: [Upgrade to Freedom]\ntags: [Windows, \"C++\"]\n---\n\
         See [more](/category/upgrade-to-freedom/) and [this](/tag/windows/).\n",
    );
    let (report, dest) = site.import("jekyll", &[]);
    for line in [
        "old URL: /category/upgrade-to-freedom/ (jekyll-archives' page of category `Upgrade to Freedom`) → redirect file static/category/upgrade-to-freedom/index.html",
        "old URL: /tag/windows/ (jekyll-archives' page of tag `Windows`) → redirect file static/tag/windows/index.html",
        "old URL: /tag/c/ (jekyll-archives' page of tag `C++`) → redirect file static/tag/c/index.html",
        "/archive/:year/ (jekyll-archives' year pages) → brief's year pages at /:year/",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/category/upgrade-to-freedom/index.html")).unwrap();
    assert!(page.contains("/categories/upgrade-to-freedom/"), "{page}");
    let page = fs::read_to_string(dest.join("public/tag/windows/index.html")).unwrap();
    assert!(page.contains("/tags/windows/"), "{page}");
    let check = brief().arg("--root").arg(&dest).arg("check").output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

/// A page with `layout: null` that holds a whole HTML document (a landing page, a
/// verification page) was served by Jekyll as written. It was made a brief page, its
/// document inside brief's layout: two `<html>` in one page, its title lost. It is now
/// a file at its old URL, its front matter dropped; a page with a layout, or a fragment
/// without one, is still a page.
#[test]
fn a_whole_html_document_without_a_layout_stays_a_file_at_its_url() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Desk\ndefaults:\n  - scope: { path: '' }\n    values: { layout: page }\n");
    let doc =
        "<!DOCTYPE html>\n<html>\n<head><title>Standalone</title></head>\n<body>\n<p>Landing</p>\n</body>\n</html>\n";
    site.write("jekyll/landing.html", format!("---\nlayout: null\n---\n{doc}"));
    site.write("jekyll/promo/offer.html", format!("---\nlayout: none\npermalink: /offer/\n---\n{doc}"));
    site.write("jekyll/about.html", "---\ntitle: About\n---\n<p>About us.</p>\n");
    site.write("jekyll/bare.html", "---\nlayout: null\ntitle: Bare\n---\n<p>A fragment.</p>\n");
    let (report, dest) = site.import("jekyll", &[]);
    assert_eq!(fs::read_to_string(dest.join("static/landing.html")).unwrap(), doc, "{report}");
    assert_eq!(fs::read_to_string(dest.join("static/offer/index.html")).unwrap(), doc, "{report}");
    assert!(!dest.join("content/pages/landing.md").exists(), "{report}");
    assert!(report.contains("landing.html: converted: a whole HTML document without a layout, which Jekyll served as written: kept as the file static/landing.html"), "{report}");
    assert!(dest.join("content/pages/about.md").exists(), "{report}");
    assert!(dest.join("content/pages/bare.md").exists(), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(dest.join("public/landing.html")).unwrap(), doc);
    assert_eq!(fs::read_to_string(dest.join("public/offer/index.html")).unwrap(), doc);
}

/// bitcoincore.org has a post whose title holds an unquoted `: `, which YAML refuses.
/// Jekyll logs the error and publishes the post anyway, titled and dated by its file
/// name; the import skipped it (with its line and column). It is now kept as Jekyll kept
/// it, reported as not converted at that line; with `strict_front_matter: true`, on
/// which Jekyll stops, it is still skipped.
#[test]
fn a_post_whose_front_matter_jekyll_cannot_read_is_published_as_jekyll_did() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Desk\npermalink: /:year/:title/\n");
    site.write("jekyll/_posts/2020-01-02-fee-market.md", "---\ntitle: Fees: a primer\ntags: [a]\n---\nBody text.\n");
    site.write("jekyll/notes.md", "---\ntitle: Notes: more\n---\nPage text.\n");
    let (report, dest) = site.import("jekyll", &[]);
    let post = fs::read_to_string(dest.join("content/2020/01/fee-market.md")).expect(&report);
    assert!(post.ends_with("---\nBody text.\n"), "{post}");
    let fm = front_matter_of(&dest.join("content/2020/01/fee-market.md"));
    assert_eq!(fm["title"], yaml("Fee Market"), "{report}");
    assert_eq!(fm["aliases"], yaml("[/2020/fee-market/]"), "{report}");
    assert!(
        report.contains("_posts/2020-01-02-fee-market.md:2: not converted: front matter Jekyll could not read either (invalid YAML: mapping values are not allowed"),
        "{report}"
    );
    assert!(fs::read_to_string(dest.join("content/pages/notes.md")).unwrap().ends_with("Page text.\n"), "{report}");
    assert!(report.contains("posts in                          1"), "{report}");
    assert!(!report.contains("skipped                           1"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Desk\nstrict_front_matter: true\n");
    site.write("jekyll/_posts/2020-01-03-other.md", "---\ntitle: Other\n---\nText.\n");
    site.write("jekyll/_posts/2020-01-02-fee-market.md", "---\ntitle: Fees: a primer\n---\nBody text.\n");
    let (report, dest) = site.import("jekyll", &[]);
    assert!(!dest.join("content/2020/01/fee-market.md").exists(), "{report}");
    assert!(report.contains("line 2, column") && report.contains("correct the front matter there"), "{report}");
}

/// Poole, Hyde and Lanyon keep their CSS in `public/css/poole.css`, scala-lang its
/// images in `resources/img/`, many sites Bootstrap in `assets/vendor/`: every folder of
/// those names was dropped at any depth, unreported. Jekyll reads them all; it leaves out
/// names starting with `.` or `_` (but `include:`, `.htaccess` by default), its default
/// excludes at the top (`node_modules`, `vendor/bundle/`) and the config's `exclude:`.
#[test]
fn jekyll_static_folders_of_any_name_are_copied_and_what_jekyll_skips_is_named() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: Hyde\nexclude: [scripts]\n");
    site.write("jekyll/_posts/2020-01-01-hello.md", "---\ntitle: Hello\n---\nText.\n");
    for f in ["public/css/poole.css", "resources/img/repl.png", "assets/vendor/bootstrap/b.css", "target/t.txt"] {
        site.write(&format!("jekyll/{f}"), "x");
    }
    for f in ["node_modules/a/i.js", "vendor/bundle/g.rb", "scripts/s.sh", ".git/HEAD", "css/_part.scss", ".htaccess"] {
        site.write(&format!("jekyll/{f}"), "x");
    }
    let (report, dest) = site.import("jekyll", &[]);
    let files = files_under(&dest.join("static"));
    assert_eq!(
        files,
        ["assets/vendor/bootstrap/b.css", "public/css/poole.css", "resources/img/repl.png", "target/t.txt"],
        "{report}"
    );
    let skipped: Vec<&str> = report
        .lines()
        .skip_while(|l| *l != "skipped:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.trim().split(':').next().unwrap())
        .collect();
    assert_eq!(
        skipped,
        [".git", ".htaccess", "css/_part.scss", "node_modules", "scripts", "vendor/bundle"],
        "{report}"
    );
    assert!(report.contains("  /.htaccess (a hidden file Jekyll served) → nothing"), "{report}");
}
