//! `brief import jekyll` on the shapes real Jekyll sites have that the fixtures of
//! tests/import.rs do not: each test is named for what a real site showed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{TestSite, brief};

/// The import of `SITE/jekyll` into `SITE/out` with `extra` arguments (its report),
/// after asserting it succeeded without a panic.
fn imported(site: &TestSite, extra: &[&str]) -> (String, PathBuf) {
    let dest = site.tmp().join("out");
    let out =
        brief().args(["import", "jekyll"]).args(extra).arg(site.root().join("jekyll")).arg(&dest).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "import failed:\n{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout.into_owned(), dest)
}

/// The YAML front matter of a written file.
fn front(path: &Path) -> serde_yaml::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = text.strip_prefix("---\n").expect("front matter");
    serde_yaml::from_str(&rest[..rest.find("\n---\n").expect("closing line")]).unwrap()
}

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
    let (report, dest) = imported(&site, &["--strict"]);
    let fm = front(&dest.join("content/2011/09/start.md"));
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
