//! `brief import jekyll` on the shapes real Jekyll sites have that the fixtures of
//! tests/import.rs do not: each test is named for what a real site showed.

mod common;

use std::fs;

use common::{TestSite, brief, front_matter_of};

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
