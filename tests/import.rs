//! `brief import jekyll|hugo|zola`: each fixture site (written in its generator's
//! documented layout under tests/fixtures/import/) imports into the expected files and
//! front matter, builds without errors or unreported warnings, keeps every post,
//! title, date and tag, and keeps every old URL working; destinations that could touch
//! the source are refused; and, when the shared corpus is present, the Jekyll project's
//! own news imports into 102 briefings whose old `/news/…` URLs redirect.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{TestSite, brief, copy_tree, files_under, front_matter};

/// A copy of fixture `name` in a temporary folder, and the folder to import into.
struct Import {
    site: TestSite,
    dest: PathBuf,
}

impl Import {
    fn new(name: &str) -> Import {
        let site = TestSite::fixture(&format!("fixtures/import/{name}"));
        let dest = site.tmp().join("imported");
        Import { site, dest }
    }

    fn source(&self) -> &Path {
        self.site.root()
    }

    /// `brief import GEN SOURCE DEST <extra>`.
    fn run(&self, generator: &str, extra: &[&str]) -> Output {
        let mut c = brief();
        c.current_dir(self.site.cwd()).args(["import", generator]).arg(self.source()).arg(&self.dest).args(extra);
        c.timeout(std::time::Duration::from_secs(120));
        c.output().unwrap()
    }

    /// Run and assert success; returns stdout.
    fn ok(&self, generator: &str) -> String {
        let out = self.run(generator, &[]);
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "import failed:\n{stdout}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stdout.into_owned()
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dest.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}; files: {:?}", self.files()))
    }

    /// Files written, without the ones every import writes (and a build's).
    fn files(&self) -> Vec<String> {
        files_under(&self.dest)
            .into_iter()
            .filter(|f| {
                !matches!(f.as_str(), "import-report.txt" | "urls.lock")
                    && !f.starts_with("public/")
                    && !f.starts_with(".brief-cache/")
            })
            .collect()
    }

    /// `brief --root DEST <args>`.
    fn brief(&self, args: &[&str]) -> Output {
        let mut c = brief();
        c.current_dir(self.site.cwd()).arg("--root").arg(&self.dest).args(args);
        c.output().unwrap()
    }
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

/// A number from the summary table of the report (`  posts in   6`).
fn figure(report: &str, row: &str) -> usize {
    let line =
        report.lines().find(|l| l.trim_start().starts_with(row)).unwrap_or_else(|| panic!("no `{row}` in\n{report}"));
    line[row.len() + 2..].split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn jekyll_fixture_imports_into_brief_files() {
    let i = Import::new("jekyll");
    let report = i.ok("jekyll");
    assert_eq!(
        i.files(),
        vec![
            "content/2024/07/custom-url.md",
            "content/2024/07/desk-update.md",
            "content/2024/07/nato-summit.md",
            "content/2024/07/second-look.md",
            "content/2024/07/work-in-progress.md",
            "content/pages/about.md",
            "site.yaml",
            "static/about.html",
            "static/assets/images/logo.png",
            "static/assets/images/logo.svg",
        ]
    );
    // Date with a space-separated offset, categories as one string, highlight with
    // linenos, raw, a config value; keys without a home under extra.jekyll.
    assert_eq!(
        i.read("content/2024/07/nato-summit.md"),
        "---\ntitle: NATO summit ends with a joint declaration\ndate: 2024-07-12T02:00:00+00:00\ntags:\n- nato\n- summit\ncategories:\n- world\n- politics\nslug: nato-summit\naliases:\n- /world/politics/2024/07/12/nato-summit.html\nextra:\n  jekyll:\n    image: /assets/images/logo.png\n    layout: post\n---\nThe summit closed with a declaration.\n\n```ruby\ndef summit\n  \"{{ closed }}\"\nend\n```\n\nSource code lives at https://github.com/example/notes.\n"
    );
    // Nested _posts, date from the file name, post_url and link to brief's URLs.
    assert_eq!(
        i.read("content/2024/07/second-look.md"),
        "---\ntitle: A second look\ndate: 2024-07-13\ntags:\n- analysis\nslug: second-look\naliases:\n- /2024/07/13/second-look.html\n---\nYesterday's [summit note](/2024/07/12/nato-summit/) left out the\n[about page](/about/).\n\n{% include note.html %}\n"
    );
    // A per-category _posts folder, `category`, `author`, redirect_from.
    assert_eq!(
        front_matter(&i.read("content/2024/07/desk-update.md")),
        yaml(
            "title: Desk update\ndate: 2024-07-14T09:30:00+09:00\ncategories: [news, desk]\nauthors: [Desk B]\naliases: [/news/desk/2024/07/14/desk-update.html, /updates/desk/]"
        )
    );
    assert_eq!(
        front_matter(&i.read("content/2024/07/custom-url.md")),
        yaml(
            "title: Custom URL\ndate: 2024-07-15\nsummary: A post with its own permalink.\naliases: [/special/custom-url/]"
        )
    );
    assert_eq!(
        front_matter(&i.read("content/2024/07/work-in-progress.md")),
        yaml("title: Work in progress\ndate: 2024-07-20\ntags: [draft-notes]\ndraft: true")
    );
    assert!(i.read("static/about.html").contains("url=https://notes.example.org/about/"));
    let site = yaml(&i.read("site.yaml"));
    assert_eq!(site["title"], yaml("Field Notes"));
    assert_eq!(site["base_url"], yaml("https://notes.example.org/"));
    assert_eq!(site["timezone"], yaml("Asia/Seoul"));
    assert_eq!(site["taxonomies"], yaml("[tags, categories]"));
    assert_eq!(site["author"], yaml("Desk A"));
    assert_eq!(site["extra"]["jekyll"]["repository"], yaml("https://github.com/example/notes"));
    // The report: file:line of what was not converted, the skips and the summary.
    for line in [
        "_posts/2024/2024-07-13-second-look.markdown:8: not converted: `{% include note.html %}`",
        "_posts/2024-07-12-nato-summit.md:11: not converted: highlight option `linenos` dropped",
        "_posts/2024-07-12-nato-summit.md:2: kept under extra: layout → extra.jekyll.layout",
        "_posts/2024-07-16-old-format.textile: a `.textile` post: brief reads Markdown",
        "index.html: the home page: brief makes its own",
        "README.md: `exclude:` names it (`README.md`): Jekyll did not read it, so it is not imported",
        "build in memory (drafts and scheduled included): briefings in 5, briefings out 5,",
        "check: ",
    ] {
        assert!(report.contains(line), "missing `{line}` in\n{report}");
    }
    // Round trip: every post is a briefing or a reported skip.
    assert_eq!(figure(&report, "posts in"), 6);
    assert_eq!(figure(&report, "posts in"), figure(&report, "briefings written") + 1);
    assert!(report.contains("skipped                           6  (1 of them posts)"), "{report}");
    assert!(report.starts_with(&i.read("import-report.txt")), "{report}");
}

#[test]
fn imported_sites_build_without_unreported_warnings_and_old_urls_redirect() {
    for (generator, old, new) in [
        ("jekyll", "world/politics/2024/07/12/nato-summit.html", "/2024/07/12/nato-summit/"),
        ("hugo", "old/first/index.html", "/2024/07/12/first/"),
        ("zola", "news/second-story/index.html", "/2024/07/13/second-story/"),
    ] {
        let i = Import::new(generator);
        i.ok(generator);
        let out = i.brief(&["build", "--drafts"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{generator}: {stderr}");
        assert!(!stderr.contains("warning"), "{generator}: {stderr}");
        let page = fs::read_to_string(i.dest.join("public").join(old)).unwrap();
        assert!(page.contains(&format!("url={new}")) || page.contains(new), "{generator}: {page}");
        let out = i.brief(&["check", "--drafts"]);
        assert!(out.status.success(), "{generator}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn hugo_fixture_maps_every_front_matter_format() {
    let i = Import::new("hugo");
    let report = i.ok("hugo");
    assert_eq!(
        i.files(),
        vec![
            "content/pages/about.md",
            "content/pages/posts.md",
            "content/posts/bundle-post/index.md",
            "content/posts/bundle-post/map.png",
            "content/posts/draft.md",
            "content/posts/first-post.md",
            "content/posts/json-post.md",
            "content/posts/second.md",
            "site.yaml",
            "static/about-us/index.html",
            "static/img/logo.svg",
        ]
    );
    // YAML: slug, aliases, the section's permalink pattern; shortcodes converted.
    assert_eq!(
        i.read("content/posts/first-post.md"),
        "---\ntitle: First post\ndate: 2024-07-12T09:00:00+02:00\ntags:\n- nato\n- summit\ncategories:\n- world\nslug: first\naliases:\n- /2024/07/first/\n- /old/first/\nextra:\n  hugo:\n    weight: 3\n---\nSee the [second post](/2024/07/14/second/).\n\n```go\nfunc main() {}\n```\n\n[YouTube video](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n\n[gist spf13/7896402](https://gist.github.com/spf13/7896402)\n\n{{< notice warning >}}\nA custom shortcode stays as it was.\n{{< /notice >}}\n"
    );
    // TOML: url, publishDate later than date, expiryDate, a third taxonomy.
    assert_eq!(
        front_matter(&i.read("content/posts/second.md")),
        yaml(
            "title: Second post\ndate: 2024-07-14T08:00:00+02:00\ntags: [nato]\nseries: [summit]\nslug: second\naliases: [/special/second/]\nexpires: 2030-01-01\nextra: {hugo: {date: 2024-07-13T10:00:00+02:00}}"
        )
    );
    // JSON front matter.
    assert_eq!(
        front_matter(&i.read("content/posts/json-post.md")),
        yaml(
            "title: JSON post\ndate: 2024-07-15\ntags: [json]\nsummary: Front matter in JSON.\naliases: [/2024/07/json-post/]"
        )
    );
    assert_eq!(
        i.read("content/posts/bundle-post/index.md").split("---\n").nth(2),
        Some("![The map](map.png \"The map\")\n")
    );
    assert_eq!(
        fs::read(i.dest.join("content/posts/bundle-post/map.png")).unwrap(),
        fs::read(i.source().join("content/posts/bundle-post/map.png")).unwrap()
    );
    assert_eq!(front_matter(&i.read("content/posts/draft.md"))["draft"], yaml("true"));
    let site = yaml(&i.read("site.yaml"));
    assert_eq!(
        (&site["timezone"], &site["language"], &site["taxonomies"]),
        (&yaml("Europe/Berlin"), &yaml("en-US"), &yaml("[tags, categories, series]"))
    );
    assert!(report.contains("content/posts/first-post.md:20: not converted: `{{< notice warning >}}`"), "{report}");
    assert!(report.contains("static/robots.txt: brief makes its own /robots.txt"), "{report}");
    assert!(report.contains("content/posts/legacy.org: `.org` content: brief reads Markdown"), "{report}");
    assert_eq!((figure(&report, "posts in"), figure(&report, "briefings written")), (6, 5));
}

/// A multilingual import, built and checked with `brief --root DEST build` and `check`;
/// what its built pages say.
struct Editions {
    i: Import,
    report: String,
}

impl Editions {
    fn new(fixture: &str, generator: &str) -> Editions {
        let i = Import::new(fixture);
        let report = i.ok(generator);
        for args in [&["build"][..], &["check"]] {
            let out = i.brief(args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{fixture}: brief {args:?}:\n{stderr}");
            assert_eq!(stderr.matches("warning").count(), 0, "{fixture}: brief {args:?}:\n{stderr}");
        }
        Editions { i, report }
    }

    fn page(&self, url: &str) -> String {
        let path = self.i.dest.join("public").join(url.trim_start_matches('/')).join("index.html");
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    /// The page's `<link rel="alternate" hreflang>` links: `(hreflang, path)`.
    fn alternates(&self, url: &str, host: &str) -> Vec<(String, String)> {
        let page = self.page(url);
        page.split("<link rel=\"alternate\" hreflang=\"")
            .skip(1)
            .map(|rest| {
                let (lang, rest) = rest.split_once("\" href=\"").unwrap();
                let href = rest.split('"').next().unwrap();
                (lang.to_string(), href.strip_prefix(host).unwrap_or(href).to_string())
            })
            .collect()
    }

    /// Where the redirect page at old URL `url` leads.
    fn redirect(&self, url: &str) -> String {
        let page = self.page(url);
        let (_, rest) =
            page.split_once("http-equiv=\"refresh\" content=\"0; url=").unwrap_or_else(|| panic!("{url}: {page}"));
        rest.split('"').next().unwrap().to_string()
    }

    /// The term pages of a tags index (`/tags/`, `/ko/tags/`).
    fn tags(&self, index: &str) -> Vec<String> {
        let dir = self.i.dest.join("public").join(index.trim_start_matches('/'));
        let mut out: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{index}: {e}"))
            .flatten()
            .filter(|e| {
                // A term page, not the redirect file at an old term URL.
                fs::read_to_string(e.path().join("index.html")).is_ok_and(|t| !t.contains("http-equiv=\"refresh\""))
            })
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    /// Posts in, briefings written, posts skipped, and the build's briefings in and out.
    fn counts(&self) -> (usize, usize, usize, usize, usize) {
        let r = &self.report;
        let skipped_posts = r
            .lines()
            .find(|l| l.trim_start().starts_with("skipped "))
            .and_then(|l| l.split_once('(').map(|(_, p)| p.split_whitespace().next().unwrap().parse().unwrap()))
            .unwrap_or(0);
        let build = r.lines().find(|l| l.starts_with("build in memory")).unwrap_or_else(|| panic!("no build in\n{r}"));
        let after = |what: &str| -> usize {
            build
                .split_once(what)
                .unwrap()
                .1
                .trim_start()
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        (
            figure(r, "posts in"),
            figure(r, "briefings written"),
            skipped_posts,
            after("briefings in"),
            after("briefings out"),
        )
    }
}

/// hreflang links between a translated pair, the default language's first.
fn pair(en: &str, ko: &str) -> Vec<(String, String)> {
    [("en", en), ("ko", ko), ("x-default", en)].iter().map(|(l, u)| (l.to_string(), u.to_string())).collect()
}

#[test]
fn hugo_file_name_languages_build_into_linked_editions() {
    let e = Editions::new("hugo-multi", "hugo");
    let host = "https://desk.example.org";
    assert_eq!(
        e.i.files(),
        vec![
            "content/en/pages/about.md",
            "content/en/pages/posts.md",
            "content/en/posts/desk-note.md",
            "content/en/posts/launch.md",
            "content/en/posts/summit.md",
            "content/en/posts/visit/index.md",
            "content/en/posts/visit/map.png",
            "content/ko/pages/about.md",
            "content/ko/pages/posts.md",
            "content/ko/posts/summit.md",
            "content/ko/posts/visit/index.md",
            "content/ko/posts/visit/map.png",
            "content/ko/posts/wiseong.md",
            "site.yaml",
        ]
    );
    // Language titles and descriptions; the rest of each language's table under extra.
    let site = yaml(&e.i.read("site.yaml"));
    assert_eq!(
        (&site["language"], &site["languages"]),
        (&yaml("en"), &yaml("ko: {title: 한반도 데스크, description: 한반도 안보 브리핑.}"))
    );
    assert_eq!(site["extra"]["hugo"]["languages"]["ko"], yaml("{languageCode: ko-KR, languageName: 한국어}"));
    // translationKey → translation_key; an alias without `/` sits beside the ko URL.
    assert_eq!(
        front_matter(&e.i.read("content/ko/posts/wiseong.md")),
        yaml(
            "title: 북한, 정찰위성 발사\ndate: 2024-07-14\ntags: [북한, 위성]\nslug: wiseong\naliases: [/ko/posts/wiseong/, /ko/posts/old-launch/]\ntranslation_key: satellite-launch"
        )
    );
    // `ref` from a ko page leads to the ko translation.
    assert_eq!(
        e.i.read("content/ko/posts/summit.md").split("---\n").nth(2),
        Some(
            "정상회의는 북한의 대러 무기 이전을 명시한 공동선언을 채택하고 폐막했다.\n\n하루 뒤 [서울 방문](/ko/2024/07/13/visit/)이 이어졌다.\n"
        )
    );
    // Every post in is a briefing out or a reported skip (the `.org` one).
    assert_eq!(e.counts(), (8, 7, 1, 7, 7), "{}", e.report);
    assert!(e.i.dest.join("public/ko/index.html").is_file());
    // Translations by file name, by translationKey, and a bundle's: linked both ways.
    for (en, ko) in [
        ("/2024/07/12/summit/", "/ko/2024/07/12/summit/"),
        ("/2024/07/14/launch/", "/ko/2024/07/14/wiseong/"),
        ("/2024/07/13/visit/", "/ko/2024/07/13/visit/"),
        ("/about/", "/ko/about/"),
    ] {
        assert_eq!(e.alternates(en, host), pair(en, ko), "{en}");
        assert_eq!(e.alternates(ko, host), pair(en, ko), "{ko}");
    }
    assert_eq!(e.alternates("/2024/07/15/desk-note/", host), vec![]);
    for (old, new) in [
        ("/posts/summit/", "/2024/07/12/summit/"),
        ("/ko/posts/summit/", "/ko/2024/07/12/summit/"),
        ("/ko/posts/wiseong/", "/ko/2024/07/14/wiseong/"),
        ("/ko/posts/old-launch/", "/ko/2024/07/14/wiseong/"),
        ("/news/satellite/", "/2024/07/14/launch/"),
        ("/ko/posts/visit/", "/ko/2024/07/13/visit/"),
        ("/posts/desk-note/", "/2024/07/15/desk-note/"),
    ] {
        assert_eq!(e.redirect(old), new, "{old}");
    }
    assert_eq!(e.tags("/ko/tags/"), vec!["나토", "북한", "외교", "위성"]);
    assert_eq!(e.tags("/tags/"), vec!["desk", "diplomacy", "nato", "north-korea", "satellites"]);
}

#[test]
fn hugo_content_dir_languages_build_into_linked_editions() {
    let e = Editions::new("hugo-multi-dirs", "hugo");
    let host = "https://watch.example.org";
    assert_eq!(
        e.i.files(),
        vec![
            "content/en/pages/about.md",
            "content/en/posts/alliance.md",
            "content/en/posts/desk-note.md",
            "content/en/posts/summit.md",
            "content/ko/pages/about.md",
            "content/ko/posts/dongmaeng.md",
            "content/ko/posts/seoul-brief.md",
            "content/ko/posts/summit.md",
            "site.yaml",
            // Hugo listed the section `posts`, which has no `_index.md`.
            "static/ko/posts/index.html",
            "static/posts/index.html",
        ]
    );
    let site = yaml(&e.i.read("site.yaml"));
    assert_eq!(site["languages"], yaml("ko: {title: 한반도 워치, description: 한반도 정세를 매주 정리합니다.}"));
    // `:slug` falls back to the title in Hugo: the ko post's old URL is Korean, and its
    // last part is the slug kept.
    assert_eq!(
        front_matter(&e.i.read("content/ko/posts/summit.md")),
        yaml(
            "title: 판문점 정상회담\ndate: 2024-07-12\ntags: [외교, 비무장지대]\naliases: [/ko/2024/07/판문점-정상회담/]"
        )
    );
    assert_eq!(e.counts(), (6, 6, 0, 6, 6), "{}", e.report);
    assert!(e.i.dest.join("public/ko/index.html").is_file());
    for (en, ko) in [
        ("/2024/07/12/border-summit/", "/ko/2024/07/12/판문점-정상회담/"),
        ("/2024/07/13/alliance-talks-resume/", "/ko/2024/07/13/dongmaeng/"),
        ("/about/", "/ko/about/"),
    ] {
        assert_eq!(e.alternates(en, host), pair(en, ko), "{en}");
        assert_eq!(e.alternates(ko, host), pair(en, ko), "{ko}");
    }
    assert_eq!(e.alternates("/2024/07/14/desk-note/", host), vec![]);
    assert_eq!(e.alternates("/ko/2024/07/15/seoul-brief/", host), vec![]);
    for (old, new) in [
        ("/2024/07/border-summit/", "/2024/07/12/border-summit/"),
        ("/ko/2024/07/판문점-정상회담/", "/ko/2024/07/12/판문점-정상회담/"),
        ("/2024/07/alliance-talks-resume/", "/2024/07/13/alliance-talks-resume/"),
        ("/ko/2024/07/dongmaeng/", "/ko/2024/07/13/dongmaeng/"),
        ("/ko/2024/07/seoul-brief/", "/ko/2024/07/15/seoul-brief/"),
    ] {
        assert_eq!(e.redirect(old), new, "{old}");
    }
    assert_eq!(e.tags("/ko/tags/"), vec!["동맹", "비무장지대", "서울", "외교"]);
    assert_eq!(e.tags("/tags/"), vec!["alliance", "desk", "diplomacy", "dmz"]);
}

#[test]
fn zola_languages_build_into_linked_editions() {
    let e = Editions::new("zola-multi", "zola");
    let host = "https://notes.example.org";
    assert_eq!(
        e.i.files(),
        vec![
            "content/en/blog/desk-note.md",
            "content/en/blog/launch.md",
            "content/en/blog/summit.md",
            "content/en/blog/visit/chart.png",
            "content/en/blog/visit/index.md",
            "content/en/pages/about.md",
            "content/en/pages/blog.md",
            "content/ko/blog/launch.md",
            "content/ko/blog/seoul.md",
            "content/ko/blog/summit.md",
            "content/ko/blog/visit/chart.png",
            "content/ko/blog/visit/index.md",
            "content/ko/pages/about.md",
            "content/ko/pages/blog.md",
            "site.yaml",
            // Zola's term pages, its slugs transliterated (`/ko/tags/bughan/`).
            "static/ko/tags/bughan/index.html",
            "static/ko/tags/nato/index.html",
            "static/ko/tags/oegyo/index.html",
            "static/ko/tags/seoul/index.html",
            "static/ko/tags/wiseong/index.html",
        ]
    );
    let site = yaml(&e.i.read("site.yaml"));
    assert_eq!(site["languages"], yaml("ko: {title: 한반도 노트, description: 한반도에 관한 노트.}"));
    assert_eq!(site["extra"]["zola"]["languages"]["ko"]["translations"], yaml("{read_more: 더 보기}"));
    // `path` and `aliases` are site paths in every language (Zola prefixes neither), and
    // the slug is the last part of `path`; an `@/…ko.md` link leads to the ko translation.
    assert_eq!(
        front_matter(&e.i.read("content/ko/blog/launch.md")),
        yaml(
            "title: 위성 발사\ndate: 2024-07-14\ntags: [북한, 위성]\nslug: balsa\naliases: [/ko/special/balsa/, /ko/news/launch/]"
        )
    );
    assert_eq!(
        e.i.read("content/ko/blog/summit.md").split("---\n").nth(2),
        Some("정상회의가 공동선언을 채택하고 폐막했다. [발사 소식](/ko/2024/07/14/balsa/)도 참고.\n")
    );
    assert_eq!(e.counts(), (8, 8, 0, 8, 8), "{}", e.report);
    assert!(e.i.dest.join("public/ko/index.html").is_file());
    for (en, ko) in [
        ("/2024/07/12/summit/", "/ko/2024/07/12/summit/"),
        ("/2024/07/14/launch/", "/ko/2024/07/14/balsa/"),
        ("/2024/07/13/visit/", "/ko/2024/07/13/visit/"),
        ("/about/", "/ko/about/"),
    ] {
        assert_eq!(e.alternates(en, host), pair(en, ko), "{en}");
        assert_eq!(e.alternates(ko, host), pair(en, ko), "{ko}");
    }
    assert_eq!(e.alternates("/2024/07/15/desk-note/", host), vec![]);
    assert_eq!(e.alternates("/ko/2024/07/16/seoul/", host), vec![]);
    for (old, new) in [
        ("/blog/summit/", "/2024/07/12/summit/"),
        ("/ko/blog/summit/", "/ko/2024/07/12/summit/"),
        ("/ko/special/balsa/", "/ko/2024/07/14/balsa/"),
        ("/ko/news/launch/", "/ko/2024/07/14/balsa/"),
        ("/news/launch/", "/2024/07/14/launch/"),
        ("/ko/blog/visit/", "/ko/2024/07/13/visit/"),
        ("/ko/blog/seoul/", "/ko/2024/07/16/seoul/"),
    ] {
        assert_eq!(e.redirect(old), new, "{old}");
    }
    assert!(e.i.dest.join("public/ko/2024/07/13/visit/chart.png").is_file());
    assert_eq!(e.tags("/ko/tags/"), vec!["나토", "북한", "서울", "외교", "위성"]);
    // Zola's URL of a term, its name transliterated, leads to brief's.
    assert_eq!(e.redirect("/ko/tags/bughan/"), "https://notes.example.org/ko/tags/북한/");
    assert_eq!(e.tags("/tags/"), vec!["desk", "diplomacy", "nato", "north-korea", "satellites"]);
}

#[test]
fn jekyll_post_names_need_a_hyphen_after_the_date() {
    // programminghistorian/jekyll: `_posts/2019-09-30_newsletter.md` beside
    // `2019-09-30-newsletter.md`; Jekyll's post names are `YYYY-MM-DD-title.EXT`, so it
    // published only the second.
    let site = TestSite::new();
    site.write("_config.yml", "name: Programming Historian\npermalink: :categories/:title\n");
    let post = |title: &str| {
        format!("---\ntitle: {title}\nauthors: Adam Crymble\nlayout: post\ncategories: posts\n---\nText.\n")
    };
    site.write("_posts/2019-09-30_newsletter.md", post("Newsletter draft"));
    site.write("_posts/2019-09-30-newsletter.md", post("Newsletter"));
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "jekyll"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let files: Vec<String> = files_under(&dest.join("content"));
    assert_eq!(files, vec!["2019/09/newsletter.md"]);
    let report = fs::read_to_string(dest.join("import-report.txt")).unwrap();
    assert!(report.contains("_posts/2019-09-30_newsletter.md: no `YYYY-MM-DD-` date in the file name"), "{report}");
}

#[test]
fn hugo_relative_links_of_a_moved_page_lead_where_they_led() {
    // qaul/qaul-website: content/news/Battlemesh2023.md (at /news/battlemesh2023/) shows
    // `![](../WBMv15-logo-v0.png)`, the image beside it in content/news/; the briefing
    // moves to /2023/04/23/battlemesh2023/, where `../` leads elsewhere.
    let site = TestSite::new();
    site.write("config.toml", "baseURL = \"https://qaul.net/\"\ntitle = \"qaul\"\n");
    site.write("content/news/_index.md", "---\ntitle: 'News'\n---\n");
    site.write("content/news/WBMv15-logo-v0.png", "png");
    site.write("content/tools/_index.md", "---\ntitle: 'Tools'\n---\nTools.\n");
    site.write(
        "content/news/Battlemesh2023.md",
        "---\ntitle: 'Wireless Battelmesh Convention 2023'\ndate: 2023-04-23\n---\n\n* [Event web site](https://www.battlemesh.org/BattleMeshV15)\n\n![](../WBMv15-logo-v0.png) Logo (c) Wireless Battlemesh\n\n\
         [v](../../tools/?u=https://example.org/feed.xml)\n",
    );
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo", "--strict"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let text = fs::read_to_string(dest.join("content/news/Battlemesh2023.md")).unwrap();
    assert_eq!(text.lines().nth_back(2), Some("![](/news/WBMv15-logo-v0.png) Logo (c) Wireless Battlemesh"));
    // Regression (review repro-2): a URL in the query keeps its `//`.
    assert_eq!(text.lines().last(), Some("[v](/tools/?u=https://example.org/feed.xml)"));
}

#[test]
fn hugo_bundle_links_that_climb_out_of_the_folder_lead_where_they_led() {
    // aurelienpierreeng/ansel-website: content/news/complete-pipeline-overhaul/index.md
    // (at /en/news/complete-pipeline-overhaul/) links `../../doc/views/…/drawing/`, the
    // docs at /en/doc/; the briefing moves to /2026/03/29/…, where `../../` leads to
    // /2026/03/doc/. A link inside the bundle stays: its files move with it.
    let site = TestSite::new();
    site.write(
        "config.toml",
        "baseURL = 'https://ansel.photos/'\ndefaultContentLanguage = 'en'\ntitle = 'Ansel'\n\
         defaultContentLanguageInSubdir = true\n[languages]\n  [languages.en]\n    weight = 1\n  [languages.fr]\n    weight = 2\n",
    );
    site.write("content/news/complete-pipeline-overhaul/cache-opencl.jpg", "jpg");
    site.write("content/doc/views/darkroom/modules/drawing/_index.md", "---\ntitle: Drawing\n---\nText.\n");
    site.write(
        "content/news/complete-pipeline-overhaul/index.md",
        "---\ntitle: Complete pipeline overhaul\ndate: 2026-03-29\n---\n\n![](cache-opencl.jpg)\n\n\
         This alone opens the possibility to have a realtime pipeline, needed for the new module \
         [_Drawing_](../../doc/views/darkroom/modules/drawing/), with around 60-80 ms of latency.\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let text = fs::read_to_string(dest.join("content/en/news/complete-pipeline-overhaul/index.md")).unwrap();
    assert!(text.contains("\n![](cache-opencl.jpg)\n"), "{text}");
    assert!(text.contains("[_Drawing_](/en/doc/views/darkroom/modules/drawing/)"), "{text}");
}

#[test]
fn hugo_pages_that_expire_before_they_are_published_become_drafts() {
    // forestryio's docs: `publishdate: 2020-06-11T04:00:00.000+00:00` and
    // `expirydate: 2020-01-01T04:00:00+00:00`; Hugo builds no expired page, so this one was
    // never shown. Its neighbour expires in 2030 and keeps `expires`.
    let site = TestSite::new();
    site.write("config.toml", "baseURL = \"https://forestry.io/\"\ntitle = \"Forestry.io\"\n");
    site.write(
        "content/docs/troubleshooting/cname.md",
        "---\ntitle: How do I add a CNAME to my site?\nauthors: []\npublishdate: 2020-06-11T04:00:00.000+00:00\nexpirydate: 2020-01-01T04:00:00+00:00\nlayout: single\ndate: '2018-01-02T15:23:56.000+00:00'\naliases: []\n---\nFor some hosting providers you will need a `CNAME` file.\n",
    );
    site.write(
        "content/docs/git-sync/github.md",
        "---\naliases:\n- /docs/faq/github-organization-access/\ntitle: GitHub\npublishdate: 2017-12-31 04:00:00 +0000\nexpirydate: 2030-01-01 04:00:00 +0000\ndate: 2017-12-31 00:00:00 -0400\n---\nImport your site.\n",
    );
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let fm = |rel: &str| front_matter(&fs::read_to_string(dest.join(rel)).unwrap());
    let (cname, github) = (fm("content/docs/troubleshooting/cname.md"), fm("content/docs/git-sync/github.md"));
    assert_eq!(
        (&cname["draft"], &cname["expires"], &cname["aliases"]),
        (&yaml("true"), &serde_yaml::Value::Null, &serde_yaml::Value::Null)
    );
    assert_eq!((&github["draft"], &github["expires"]), (&serde_yaml::Value::Null, &yaml("2030-01-01T04:00:00+00:00")));
}

#[test]
fn a_hugo_time_zone_brief_cannot_read_is_reported_and_the_zone_taken_from_the_posts() {
    // A typo in `timeZone` (Hugo stops on it): brief said nothing and used UTC, so posts
    // written at -05:00 late in the evening showed on the next day.
    let site = TestSite::new();
    site.write("hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Desk\"\ntimeZone = \"America/New York\"\n");
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-03-01T22:30:00-05:00\n---\nAlpha.\n");
    site.write("content/posts/b.md", "---\ntitle: B\ndate: 2024-03-02T21:00:00-05:00\n---\nBravo.\n");
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo"]).arg(site.root()).arg(&dest).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("timeZone `America/New York` is no time zone"), "{report}");
    let settings = fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert!(settings.contains("timezone: Etc/GMT+5"), "{settings}");
}

#[test]
fn hugo_config_production_is_merged_over_default_as_hugo_builds() {
    // AKVorrat/dearmep-website: `config/_default/config.toml` has the staging
    // `baseurl = "https://akvorrat.github.io/dearmep-website/"`, and
    // `config/production/config.toml` the one `hugo` builds the site with.
    let site = TestSite::new();
    site.write(
        "config/_default/config.toml",
        "baseurl = \"https://akvorrat.github.io/dearmep-website/\"\nlanguageCode = \"en-US\"\ndefaultContentLanguage = \"en\"\n[params]\n  description = \"Call your MEPs\"\n",
    );
    site.write("config/_default/params.toml", "author = \"epicenter.works\"\n");
    site.write("config/_default/languages.toml", "[en]\n  languageName = \"English\"\n  weight = 10\n");
    site.write("config/production/config.toml", "baseurl = \"https://dearmep.eu/\"\ncanonifyURLs = false\n");
    site.write(
        "content/showcase/chatcontrol/index.md",
        "---\ntitle: \"Chat Control\"\ndate: 2023-04-04T09:19:42+01:00\n---\nWe created this tool.\n",
    );
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let cfg = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    // `params.toml` and the config's `[params]` are one table, as in Hugo.
    assert_eq!(
        (&cfg["base_url"], &cfg["description"], &cfg["author"]),
        (&yaml("https://dearmep.eu/"), &yaml("Call your MEPs"), &yaml("epicenter.works"))
    );
}

#[test]
fn hugo_sections_in_a_permalink_are_lowercased_as_hugo_writes_them() {
    // A-moment096/blog: `posts = "/:sections/:contentbasename/"` puts
    // `content/posts/Others/Rescue_My_Repository/index.md` at
    // `/posts/others/rescue_my_repository/`, not `/posts/Others/…`, where `Others/` is a
    // section (it has an `_index.md`: Hugo's `:sections` counts no other folder below the top).
    let site = TestSite::new();
    site.write("config/_default/config.toml", "title = \"A Moment's Rest\"\ntimeZone = \"Etc/GMT-8\"\n");
    site.write("config/_default/permalinks.toml", "posts = \"/:sections/:contentbasename/\"\n");
    site.write("content/posts/Others/_index.md", "---\ntitle: Others\n---\n");
    site.write(
        "content/posts/Others/Rescue_My_Repository/index.md",
        "---\ntitle: 记拯救用 git-reset 误删的某代码仓库\ndate: 2025-12-28T00:13:03+08:00\n---\n正文。\n",
    );
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let fm =
        front_matter(&fs::read_to_string(dest.join("content/posts/Others/Rescue_My_Repository/index.md")).unwrap());
    assert_eq!(fm["aliases"], yaml("[/posts/others/rescue_my_repository/]"));
}

#[test]
fn hugo_languages_share_the_site_content_dir_and_may_all_have_a_prefix() {
    // A language without `contentDir` reads the site's; `defaultContentLanguageInSubdir`
    // put the default language under `/en/` too.
    let site = TestSite::new();
    site.write(
        "hugo.toml",
        "title = \"Shared\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n[languages.ko]\nweight = 2\ncontentDir = \"content_ko\"\n[languages.de]\nweight = 3\n",
    );
    site.write("content/news/launch.md", "---\ntitle: Launch\ndate: 2024-07-12\n---\nText.\n");
    site.write("content/news/launch.de.md", "---\ntitle: Start\ndate: 2024-07-12\n---\nText.\n");
    site.write("content_ko/news/launch.md", "---\ntitle: 발사\ndate: 2024-07-12\n---\n본문.\n");
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let files: Vec<String> =
        files_under(&dest).into_iter().filter(|f| f != "import-report.txt" && f != "urls.lock").collect();
    assert_eq!(
        files,
        vec![
            "content/de/news/launch.md",
            "content/en/news/launch.md",
            "content/ko/news/launch.md",
            "site.yaml",
            // Hugo's lists: its `/en/` home, and the section without an `_index.md`.
            "static/de/news/index.html",
            "static/en/index.html",
            "static/en/news/index.html",
            "static/ko/news/index.html"
        ]
    );
    // Languages in Hugo's order (by weight), not by code.
    let cfg = fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert_eq!(yaml(&cfg)["languages"], yaml("{ko: {}, de: {}}"));
    assert!(cfg.find("  ko:").unwrap() < cfg.find("  de:").unwrap(), "{cfg}");
    let aliases = |lang: &str| {
        front_matter(&fs::read_to_string(dest.join(format!("content/{lang}/news/launch.md"))).unwrap())["aliases"]
            .clone()
    };
    assert_eq!(
        (aliases("en"), aliases("ko"), aliases("de")),
        (yaml("[/en/news/launch/]"), yaml("[/ko/news/launch/]"), yaml("[/de/news/launch/]"))
    );
}

#[test]
fn zola_fixture_keeps_dates_from_names_paths_and_shortcodes() {
    let i = Import::new("zola");
    let report = i.ok("zola");
    assert_eq!(
        i.files(),
        vec![
            "content/blog/bundle/chart.png",
            "content/blog/bundle/index.md",
            "content/blog/first.md",
            "content/blog/launch.md",
            "content/blog/second.md",
            "content/pages/about.md",
            "content/pages/blog.md",
            "site.yaml",
            "static/about-us/index.html",
            "static/favicon.png",
        ]
    );
    assert_eq!(
        i.read("content/blog/first.md"),
        "---\ntitle: First post\ndate: 2024-07-12\ntags:\n- nato\n- summit\ncategories:\n- world\nslug: first\naliases:\n- /blog/first/\n- /old/first/\nextra:\n  lead: true\n  zola:\n    weight: 2\n---\nRead the [second post](/2024/07/13/second-story/#more).\n\n[YouTube video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n<blockquote>Words worth quoting.<cite>Desk Z</cite></blockquote>\n\n{{ chart(data=\"x\") }}\n"
    );
    assert_eq!(
        front_matter(&i.read("content/blog/second.md")),
        yaml(
            "title: Second post\ndate: 2024-07-13T10:00:00+00:00\nupdated: 2024-07-14\ntags: [nato]\nsummary: The second one.\nslug: second-story\naliases: [/news/second-story/]"
        )
    );
    assert_eq!(
        front_matter(&i.read("content/blog/bundle/index.md")),
        yaml("title: Bundle post\ndate: 2024-07-14\nslug: bundle\naliases: [/blog/bundle/]")
    );
    assert_eq!(
        front_matter(&i.read("content/pages/blog.md")),
        yaml("title: Blog\nextra: {zola: {sort_by: date, paginate_by: 10}}")
    );
    let site = yaml(&i.read("site.yaml"));
    assert_eq!((&site["taxonomies"], &site["extra"]["author"]), (&yaml("[tags, categories]"), &yaml("Desk Z")));
    assert!(
        report.contains("content/blog/2024-07-12-first.md:21: not converted: `{{ chart(data=\"x\") }}`"),
        "{report}"
    );
    // A date only in `path`: the old URL is brief's own, so no alias.
    assert_eq!(
        front_matter(&i.read("content/blog/launch.md")),
        yaml("title: Launch day\ndate: 2024-07-15\nslug: launch")
    );
    assert_eq!(figure(&report, "posts in"), 4);
    assert_eq!(figure(&report, "briefings written"), 4);
}

#[test]
fn titles_dates_and_tags_survive_the_round_trip() {
    // Every title of the Jekyll fixture's posts is a title of the import, with its tags.
    let i = Import::new("jekyll");
    i.ok("jekyll");
    let mut titles = Vec::new();
    for f in i.files().iter().filter(|f| f.starts_with("content/2024")) {
        let fm = front_matter(&i.read(f));
        titles.push((
            fm["title"].as_str().unwrap().to_string(),
            fm["date"].as_str().unwrap().to_string(),
            fm["tags"].clone(),
        ));
    }
    titles.sort_by(|a, b| a.1.cmp(&b.1));
    let tags = |s: &str| yaml(s);
    assert_eq!(
        titles,
        vec![
            (
                "NATO summit ends with a joint declaration".into(),
                "2024-07-12T02:00:00+00:00".into(),
                tags("[nato, summit]")
            ),
            ("A second look".into(), "2024-07-13".into(), tags("[analysis]")),
            ("Desk update".into(), "2024-07-14T09:30:00+09:00".into(), serde_yaml::Value::Null),
            ("Custom URL".into(), "2024-07-15".into(), serde_yaml::Value::Null),
            ("Work in progress".into(), "2024-07-20".into(), tags("[draft-notes]")),
        ]
    );
}

#[test]
fn destinations_that_touch_the_source_are_refused() {
    let i = Import::new("jekyll");
    let src = i.source().to_path_buf();
    for dest in [src.clone(), src.join("out"), src.parent().unwrap().to_path_buf()] {
        let out = brief().args(["import", "jekyll"]).arg(&src).arg(&dest).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", dest.display());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("may not be"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A non-empty destination needs --force; the source is never written.
    let before = common::tree(&src);
    fs::create_dir_all(&i.dest).unwrap();
    fs::write(i.dest.join("keep.txt"), "mine").unwrap();
    let out = i.run("jekyll", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder is not empty"));
    assert!(i.run("jekyll", &["--force"]).status.success());
    assert_eq!(fs::read_to_string(i.dest.join("keep.txt")).unwrap(), "mine");
    assert!(i.dest.join("site.yaml").exists());
    assert_eq!(common::tree(&src), before);
}

#[test]
fn dry_run_writes_nothing_and_strict_fails_on_what_was_not_converted() {
    let i = Import::new("jekyll");
    let out = i.run("jekyll", &["--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("dry run: nothing written"), "{stdout}");
    assert!(stdout.contains("build of a temporary copy in memory"), "{stdout}");
    assert!(!i.dest.exists());
    let out = i.run("jekyll", &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--strict: 2 places not converted and 1 post skipped"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The default destination is SOURCE-brief beside the source.
    let j = Import::new("zola");
    let out = brief().args(["import", "zola"]).arg(j.source()).output().unwrap();
    assert!(out.status.success());
    let beside = j.source().with_file_name(format!("{}-brief", j.source().file_name().unwrap().to_string_lossy()));
    assert!(beside.join("site.yaml").exists());
}

/// The Jekyll project's own news posts (MIT), in the shared corpora when present.
fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/jekyll-raw");
    if p.join("_posts").is_dir() {
        Some(p)
    } else {
        println!("SKIP: {} is absent", p.display());
        None
    }
}

#[test]
fn jekyll_news_corpus_gives_102_briefings_on_their_days_with_old_urls_redirecting() {
    let Some(src) = corpus() else { return };
    let site = TestSite::new();
    let source = site.tmp().join("jekyll-raw");
    copy_tree(&src, &source);
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "jekyll"]).arg(&source).arg(&dest).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(figure(&report, "posts in"), 102);
    assert_eq!(figure(&report, "briefings written"), 102);
    assert!(report.contains("briefings in 102, briefings out 102"), "{report}");
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("built 102 briefings"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let la = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
    let public = dest.join("public");
    let posts: Vec<PathBuf> = fs::read_dir(src.join("_posts")).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(posts.len(), 102);
    let mut checked = 0;
    for f in files_under(&dest.join("content")) {
        let fm = front_matter(&fs::read_to_string(dest.join("content").join(&f)).unwrap());
        let date = fm["date"].as_str().unwrap();
        // The day as Jekyll saw it: the post's time in the site's zone.
        let day = match date.len() {
            10 => date.replace('-', "/"),
            _ => {
                date.parse::<jiff::Timestamp>().unwrap().to_zoned_datetime(la.clone()).strftime("%Y/%m/%d").to_string()
            }
        };
        let stem = Path::new(&f).file_stem().unwrap().to_string_lossy().into_owned();
        let slug = brief::parse::slug::slugify(fm["slug"].as_str().unwrap_or(&stem));
        let new = format!("/{day}/{slug}/");
        let day_page = fs::read_to_string(public.join(&day).join("index.html")).unwrap();
        assert!(
            day_page.contains(&format!("href=\"{new}\"")) || day_page.contains(&format!("https://jekyllrb.com{new}")),
            "{new} not on its day page"
        );
        let old = format!("/news/{day}/{}/", Path::new(&f).file_stem().unwrap().to_string_lossy());
        let aliases: Vec<&str> = fm["aliases"].as_sequence().unwrap().iter().filter_map(|a| a.as_str()).collect();
        assert!(aliases.contains(&old.as_str()), "{f}: {old} not in {aliases:?}");
        let redirect = fs::read_to_string(public.join(old.trim_start_matches('/')).join("index.html")).unwrap();
        assert!(redirect.contains("http-equiv=\"refresh\"") && redirect.contains(&new), "{old}: {redirect}");
        checked += 1;
    }
    assert_eq!(checked, 102);
}

#[test]
fn hugo_config_folder_and_language_content_dirs() {
    // `config/_default/` with its parts, and one content folder per language.
    let site = TestSite::new();
    site.write(
        "config/_default/hugo.yaml",
        "baseURL: https://split.example.org/\ntitle: Split config\ndefaultContentLanguage: en\n",
    );
    site.write("config/_default/params.toml", "description = \"From params.toml\"\n");
    site.write(
        "config/_default/languages.toml",
        "[en]\ncontentDir = \"content/english\"\ntitle = \"Split\"\n[de]\ncontentDir = \"content/deutsch\"\ntitle = \"Geteilt\"\n",
    );
    site.write("content/english/news/launch.md", "---\ntitle: Launch\ndate: 2024-07-12\n---\nText.\n");
    site.write("content/deutsch/news/launch.md", "---\ntitle: Start\ndate: 2024-07-12\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "hugo"]).arg(site.root()).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files: Vec<String> =
        files_under(&dest).into_iter().filter(|f| f != "import-report.txt" && f != "urls.lock").collect();
    // Hugo listed the section `news`, which has no `_index.md`, at /news/ and /de/news/.
    assert_eq!(
        files,
        vec![
            "content/de/news/launch.md",
            "content/en/news/launch.md",
            "site.yaml",
            "static/de/news/index.html",
            "static/news/index.html"
        ]
    );
    let cfg = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    // The default language's own title wins over the site's, as in Hugo.
    assert_eq!((&cfg["title"], &cfg["description"]), (&yaml("Split"), &yaml("From params.toml")));
    assert_eq!(cfg["languages"], yaml("de: {title: Geteilt}"));
    let de = front_matter(&fs::read_to_string(dest.join("content/de/news/launch.md")).unwrap());
    assert_eq!(de, yaml("title: Start\ndate: 2024-07-12\nslug: launch\naliases: [/de/news/launch/]"));
}

#[test]
fn terms_without_letters_and_stray_files_are_reported_not_lost() {
    let site = TestSite::new();
    site.write("_config.yml", "title: Odd\n");
    site.write("_posts/2024-01-05-odd.md", "---\ntitle: Odd\ncategories: [\"../..\", world]\n---\nBody\n");
    site.write("_posts/2024-01-06-photo.png", "PNG");
    let dest = site.tmp().join("imported");
    let out = brief().args(["import", "jekyll"]).arg(site.root()).arg(&dest).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    let fm = front_matter(&fs::read_to_string(dest.join("content/2024/01/odd.md")).unwrap());
    assert_eq!(fm["categories"], yaml("[world]"));
    assert_eq!(fm["extra"]["jekyll"]["dropped_terms"], yaml("[{taxonomy: categories, term: ../..}]"));
    assert!(report.contains("_posts/2024-01-06-photo.png: a `.png` file among the posts, not a post"), "{report}");
    assert_eq!(figure(&report, "posts in"), 1);
}

/// `brief import GENERATOR SOURCE DEST EXTRA…`.
fn import_into(generator: &str, source: &Path, dest: &Path, extra: &[&str]) -> Output {
    brief().args(["import", generator]).args(extra).arg(source).arg(dest).output().unwrap()
}

#[test]
fn old_urls_are_slugged_as_hugo_and_zola_slug_them() {
    // Hugo's `:title` joins the words of "Foo - Bar" with one hyphen and drops `&` and
    // `:`; Zola transliterates a file name to ASCII (`crème-brûlée.md` is served at
    // /blog/creme-brulee/). Each old URL must be the one the old site published.
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"H\"\n[permalinks]\nposts = \"/:year/:title/\"\n");
    site.write("hugo/content/posts/a.md", "---\ntitle: \"Foo - Bar\"\ndate: 2023-01-02\n---\nText.\n");
    site.write("hugo/content/posts/b.md", "---\ntitle: \"Second: über Ärger & Co.\"\ndate: 2023-01-03\n---\nText.\n");
    site.write("zola/config.toml", "base_url = \"https://example.org\"\ntitle = \"Z\"\n");
    site.write("zola/content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.write("zola/content/blog/crème-brûlée.md", "+++\ntitle = \"Crème brûlée\"\ndate = 2024-01-01\n+++\nText.\n");
    let aliases = |generator: &str| -> Vec<String> {
        let dest = site.tmp().join(format!("{generator}-out"));
        let out = import_into(generator, &site.root().join(generator), &dest, &[]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let mut all: Vec<String> = files_under(&dest.join("content"))
            .iter()
            .flat_map(|f| {
                let v = front_matter(&fs::read_to_string(dest.join("content").join(f)).unwrap())["aliases"].clone();
                v.as_sequence().into_iter().flatten().filter_map(|a| a.as_str().map(str::to_string)).collect::<Vec<_>>()
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(aliases("hugo"), ["/2023/foo-bar/", "/2023/second-über-ärger-co./"]);
    assert_eq!(aliases("zola"), ["/blog/creme-brulee/"]);
}

/// Jekyll serves a category with a space (`/:categories/:title/`) at `/post%20formats/…`
/// from the folder `post formats/`: the old URL is kept as an alias, not dropped as
/// "not a plain site path", and redirects from that folder.
#[test]
fn a_jekyll_category_with_a_space_keeps_its_old_url() {
    let site = TestSite::new();
    site.write("jekyll/_config.yml", "title: J\npermalink: /:categories/:title/\n");
    site.write(
        "jekyll/_posts/2010-01-07-post-modified.md",
        "---\ntitle: Post modified\ncategories: [Post Formats]\n---\nText.\n",
    );
    let dest = site.tmp().join("out");
    let out = import_into("jekyll", &site.root().join("jekyll"), &dest, &[]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(!report.contains("not redirected"), "{report}");
    let fm = front_matter(&fs::read_to_string(dest.join("content/2010/01/post-modified.md")).unwrap());
    assert_eq!(fm["aliases"], yaml("[/post%20formats/post-modified/]"), "{report}");
    let built = brief().current_dir(&dest).args(["build", "-o", "public"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = fs::read_to_string(dest.join("public/post formats/post-modified/index.html")).unwrap();
    assert!(page.contains("url=/2010/01/07/post-modified/"), "{page}");
}

#[test]
fn a_link_to_a_draft_is_reported_as_brief_check_will_find_it() {
    // The import's check builds drafts too (every post must build), but `brief check`
    // in the new site does not: a link to a draft breaks there, and the import says so.
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"H\"\n");
    site.write(
        "content/posts/first.md",
        "---\ntitle: First\ndate: 2023-04-09\n---\nSee [second]({{< ref \"second.md\" >}}).\n",
    );
    site.write("content/posts/second.md", "---\ntitle: Second\ndate: 2023-04-10\ndraft: true\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(!all.contains("none broken"), "{all}");
    assert!(all.contains("check: 1 broken link") && all.contains("a draft or a scheduled briefing"), "{all}");
    // The `ref` was converted, and the report says so.
    assert!(all.contains("`{{< ref \"second.md\" >}}` → `/2023/04/10/second/`"), "{all}");
    // And `brief check` agrees.
    let check = brief().arg("--root").arg(&dest).arg("check").output().unwrap();
    assert!(!check.status.success());
}

#[test]
fn a_hugo_permalink_takes_its_date_even_when_publish_date_is_later() {
    // brief dates the briefing at its publishDate (it publishes at its date), but Hugo
    // fills `:year/:month` from `date`: the old URL keeps those.
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"H\"\n[permalinks]\nposts = \"/:year/:month/:filename/\"\n");
    site.write(
        "content/posts/future.md",
        "---\ntitle: Future\ndate: 2023-05-01\npublishDate: 2031-01-01\n---\nText.\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let fm = front_matter(&fs::read_to_string(dest.join("content/posts/future.md")).unwrap());
    assert_eq!(fm["aliases"], yaml("[/2023/05/future/]"));
    assert_eq!(fm["date"].as_str().map(|d| &d[..10]), Some("2031-01-01"));
}

#[test]
fn a_jekyll_post_named_with_an_impossible_date_is_a_skipped_post() {
    let site = TestSite::new();
    site.write("_config.yml", "title: J\n");
    site.write("_posts/2021-01-05-good.md", "---\ntitle: Good\n---\nText.\n");
    site.write("_posts/2021-13-45-bad-date.md", "---\ntitle: Bad\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("`2021-13-45` in the file name is not a date"), "{stdout}");
    // A lost post: --strict fails.
    assert!(!out.status.success(), "{stdout}");
}

#[test]
fn a_jekyll_post_with_nothing_after_its_date_is_imported() {
    // Huxpro/huxpro.github.io: `_posts/2014-10-12-.md` (and seven more); Jekyll's name
    // pattern lets the title part be empty, so it published them at `/2014/10/12/`
    // under `permalink: pretty`, which is brief's page of that day now. They were
    // skipped; now each is a briefing with a slug (`post`, none coming from its title).
    let site = TestSite::new();
    site.write("_config.yml", "title: Vozhuo\npermalink: pretty\n");
    site.write("_posts/2014-10-18-10.18有感.md", "---\nlayout: post\ntitle: \"10.18有感\"\n---\n感叹\n");
    site.write(
        "_posts/2014-10-12-.md",
        "---\nlayout: post\ntitle: \"\"\ndate: 2014-10-12 00:44:50\nauthor: \"Teng\"\n---\n旅行啊，就是出去看，出去走。\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "_posts/2014-10-12-.md: converted: nothing after the date in the file name (Jekyll published it with an \
             empty `:title`): slug `post`, titled by its day"
        ),
        "{stdout}"
    );
    assert_eq!((figure(&stdout, "posts in"), figure(&stdout, "briefings written")), (2, 2), "{stdout}");
    let fm = front_matter(&fs::read_to_string(dest.join("content/2014/10/post.md")).unwrap());
    assert_eq!(fm["title"], yaml("'2014-10-12'"));
}

#[test]
fn links_to_headings_find_the_ids_hugo_gave_them() {
    // pulumi/registry, aws-enhanced-region-support.md: `* [What's new](#whats-new)` to
    // `## What's new`, whose id Hugo makes `whats-new` and brief `what-s-new`.
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"Registry\"\nbaseURL = \"https://example.org/\"\n");
    site.write(
        "content/posts/region.md",
        "---\ntitle: \"Enhanced Region Support\"\ndate: 2025-06-20\n---\n\n* [What's new](#whats-new)\n\
         * [Can I use `region` in every resource?](#can-i-use-region-in-every-resource)\n\n## What's new\n\nText.\n\n\
         ## Can I use `region` in every resource?\n\nNo.\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    // The report names the first heading and its line, not an example of its own.
    assert!(
        stdout.contains(
            "content/posts/region.md:9: converted: 1 heading id(s) written as hugo made them, where brief's own \
             differ, so links to them keep working (the first: `## What's new {#whats-new}`)"
        ),
        "{stdout}"
    );
    let body = dest.join("content/posts/region.md");
    let text = fs::read_to_string(body).unwrap();
    assert!(text.contains("\n## What's new {#whats-new}\n"), "{text}");
    assert!(text.contains("\n## Can I use `region` in every resource?\n"), "{text}");
}

#[test]
fn hugo_paths_keep_their_case_with_disable_path_to_lower() {
    // parsiya/parsiya.net: hugo 0.111 wrote `/blog/2016-06-07-Windows-Netsh-Interface-Portproxy/`
    // and `/post/Windows-Notes/`; a static host finds no lowercased alias of them.
    let site = TestSite::new();
    site.write(
        "config.toml",
        "baseurl = \"http://parsiya.io/\"\ndisablePathToLower = true\ntitle = \"Parsia's Den\"\n\n\
         [permalinks]\npost = \"/blog/:year-:month-:day-:title/\"\n",
    );
    let post = "---\ndate: 2016-06-07T22:29:49-04:00\ntitle: Windows Netsh Interface Portproxy\n---\nText.\n";
    site.write("content/post/2016-07-06-Windows-portproxy.markdown", post);
    site.write("content/notes/Windows-Notes.md", "---\ndate: 2016-06-08T10:00:00-04:00\ntitle: Notes\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let aliases = |rel: &str| front_matter(&fs::read_to_string(dest.join(rel)).unwrap())["aliases"].clone();
    assert_eq!(
        aliases("content/post/2016-07-06-Windows-portproxy.md"),
        yaml("[/blog/2016-06-07-Windows-Netsh-Interface-Portproxy/]")
    );
    assert_eq!(aliases("content/notes/Windows-Notes.md"), yaml("[/notes/Windows-Notes/]"));
}

#[test]
fn a_hugo_slug_is_the_name_in_a_pattern_part_that_holds_the_date_too() {
    // parsiya/parsiya.net: `post = "/blog/:year-:month-:day-:title/"`; the slug was the
    // whole last part, so the briefing was `/2016/06/07/2016-06-07-windows-netsh-…/`.
    let site = TestSite::new();
    site.write("config.toml", "title = \"Parsia's Den\"\n[permalinks]\npost = \"/blog/:year-:month-:day-:title/\"\n");
    let post = "---\ndate: 2016-06-07T22:29:49-04:00\ntitle: Windows Netsh Interface Portproxy\n---\nText.\n";
    site.write("content/post/2016-07-06-Windows-portproxy.markdown", post);
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let fm = front_matter(&fs::read_to_string(dest.join("content/post/2016-07-06-Windows-portproxy.md")).unwrap());
    // The title's slug: none written.
    assert_eq!(fm["slug"], serde_yaml::Value::Null);
    assert!(
        stdout.contains(
            "old URL: /blog/2016-06-07-windows-netsh-interface-portproxy/ (its URL on the old site) → alias of \
             /2016/06/07/windows-netsh-interface-portproxy/"
        ),
        "{stdout}"
    );
}

#[test]
fn a_jekyll_post_named_with_a_one_digit_day_is_imported_on_that_day() {
    // 18F/18f.gsa.gov: `_posts/2014-04-1-Ask-Us-(Almost)-Anything!.md`, which Jekyll's
    // pattern takes and published at /article/2014/04/01/Ask-Us-(Almost)-Anything!/; it
    // was skipped as "not a date (Jekyll stops its build on it)".
    let site = TestSite::new();
    site.write("_config.yml", "title: \"18F: Digital service delivery\"\npermalink: pretty\n");
    site.write(
        "_posts/2014-04-1-Ask-Us-(Almost)-Anything!.md",
        "---\nlayout: article\ntitle: Ask Us (Almost) Anything!\ncategory: article\ntags:\n  - 18F\n---\n\
         [GitHub for Government](https://github.com/government) did their very first AMA last week.\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let fm = front_matter(&fs::read_to_string(dest.join("content/2014/04/Ask-Us-(Almost)-Anything!.md")).unwrap());
    assert_eq!(fm["date"], yaml("2014-04-01"));
    assert_eq!(fm["aliases"], yaml("[\"/article/2014/04/01/Ask-Us-(Almost)-Anything!/\"]"));
}

#[test]
fn hugo_dates_and_slugs_from_file_names_where_the_config_says_filename() {
    // tangero/marigold-page: `[frontmatter] date = [":filename", ":default"]` and posts
    // with no `date:`; hugo 0.111 dates content/posts/2003/2003-01-21-opravdu-….md on
    // 2003-01-21 at /item/opravdu-…/. It was a page with a redirect from /posts/2003/….
    let site = TestSite::new();
    site.write(
        "hugo.toml",
        "baseURL = \"https://www.marigold.cz\"\ntitle = \"Marigold.cz\"\n[frontmatter]\n  date = [\":filename\", \":default\"]\n\
         [permalinks]\n  posts = \"/item/:slug/\"\n",
    );
    site.write(
        "content/posts/2003/2003-01-21-opravdu-ma-marigold-cz-tak-hnusny-design.md",
        "---\nauthor: Patrick Zandl\ntitle: Opravdu má Marigold.cz tak hnusný design?\n---\n\n<p>\nDostal jsem několik emailů.</p>\n",
    );
    // Where the config puts the front matter's date first, it wins.
    site.write("content/news/2024-05-01-first.md", "---\ntitle: First\ndate: 2024-05-03\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let fm = front_matter(
        &fs::read_to_string(dest.join("content/posts/2003/2003-01-21-opravdu-ma-marigold-cz-tak-hnusny-design.md"))
            .unwrap(),
    );
    assert_eq!(fm["date"], yaml("2003-01-21"));
    assert_eq!(fm["aliases"], yaml("[/item/opravdu-ma-marigold-cz-tak-hnusny-design/]"));
    assert_eq!(
        front_matter(&fs::read_to_string(dest.join("content/news/2024-05-01-first.md")).unwrap())["date"],
        yaml("2024-05-01")
    );
    let site2 = TestSite::new();
    site2.write(
        "hugo.toml",
        "title = \"K\"\n[frontmatter]\ndate = [\"date\", \":filename\", \"publishDate\", \"lastmod\"]\n",
    );
    site2.write("content/news/2024-05-01-first.md", "---\ntitle: First\ndate: 2024-05-03\n---\nText.\n");
    let dest2 = site2.tmp().join("imported");
    let out = import_into("hugo", site2.root(), &dest2, &["--strict"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        front_matter(&fs::read_to_string(dest2.join("content/news/2024-05-01-first.md")).unwrap())["date"],
        yaml("2024-05-03")
    );
}

#[test]
fn a_post_whose_front_matter_does_not_parse_is_skipped_naming_line_and_column() {
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"H\"\n");
    site.write("content/post/good.md", "---\ntitle: Good\ndate: 2023-01-02\n---\nText.\n");
    site.write("content/post/bad.md", "---\ntitle: Good\ndate: 2023-01-02\ntags: [a, b\n---\nText.\n");
    site.write("content/post/bad-toml.md", "+++\ntitle = \"T\"\ndate = 2023-13-01\n+++\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = |name: &str| stdout.lines().find(|l| l.contains(name)).unwrap_or_default().to_string();
    let (yaml_line, toml_line) = (line("post/bad.md:"), line("post/bad-toml.md:"));
    for (l, at) in [(&yaml_line, "line 4, column"), (&toml_line, "line 3, column 8")] {
        assert!(l.contains(at) && l.contains("correct the front matter there"), "{l}\n{stdout}");
    }
}

#[test]
fn a_jekyll_post_without_a_title_converts_page_title_to_the_one_made_of_its_name() {
    // Jekyll titles such a post from its file name, and `{{ page.title }}` shows that.
    let site = TestSite::new();
    site.write("_config.yml", "title: J\n");
    site.write("_posts/2024-03-04-quiet-week.md", "---\ntags: [x]\n---\n# {{ page.title }}\n\nText.\n");
    site.write("_posts/2024-03-06-iOS_tips.md", "---\n---\n{{ page.title }}\n");
    site.write("_posts/2024-03-05-empty.md", "---\ntitle: \"\"\n---\nBefore{{ page.title }}after.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &["--strict"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let post = |name: &str| {
        let f = files_under(&dest.join("content")).into_iter().find(|f| f.ends_with(name)).expect(name);
        fs::read_to_string(dest.join("content").join(f)).unwrap()
    };
    let quiet = post("quiet-week.md");
    assert_eq!(front_matter(&quiet)["title"], yaml("Quiet Week"));
    assert!(quiet.ends_with("---\n# Quiet Week\n\nText.\n"), "{quiet}");
    assert!(
        stdout.contains("converted: `{{ page.title }}` → `Quiet Week` (from the file name, as Jekyll makes it)"),
        "{stdout}"
    );
    // Jekyll's words: `_` splits, and Ruby's `capitalize` lowers the rest of a word.
    let tips = post("iOS_tips.md");
    assert!(front_matter(&tips)["title"] == yaml("Ios Tips") && tips.ends_with("---\nIos Tips\n"), "{tips}");
    // A title written empty stays empty in Jekyll's `page.title`.
    assert!(post("empty.md").contains("\nBeforeafter.\n"), "{}", post("empty.md"));
    assert_eq!(figure(&stdout, "not converted"), 0, "{stdout}");
}

#[test]
fn a_zola_shortcode_that_only_renders_its_body_becomes_that_markdown() {
    // Zola renders `{{ body | markdown | safe }}` as the body's Markdown: brief keeps the
    // Markdown, inside the template's static wrapper when it has one.
    let site = TestSite::new();
    site.write("config.toml", "base_url = \"https://example.org\"\ntitle = \"Z\"\n");
    site.write(
        "templates/shortcodes/note.html",
        "<div class=\"note\" role=\"note\">\n  {{ body | markdown | safe }}\n</div>\n",
    );
    site.write("templates/shortcodes/plain.html", "{{ body | markdown | safe }}\n");
    site.write(
        "templates/shortcodes/tip.html",
        "{% if kind %}<b>{{ kind }}</b>{% endif %}{{ body | markdown | safe }}",
    );
    site.write(
        "content/blog/first.md",
        "+++\ntitle = \"First\"\ndate = 2024-07-12\n+++\n\
         {% note() %}\nSome **bold** words.\n{% end %}\n\n{% plain() %}\nA [link](https://example.org/).\n{% end %}\n\n\
         {% tip(kind=\"x\") %}\nKept.\n{% end %}\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("zola", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let file = files_under(&dest.join("content")).into_iter().find(|f| f.ends_with("first.md")).expect("first.md");
    let text = fs::read_to_string(dest.join("content").join(file)).unwrap();
    let body = &text[text.rfind("---\n").unwrap() + 4..];
    assert_eq!(
        body,
        "<div class=\"note\" role=\"note\">\n\nSome **bold** words.\n\n</div>\n\nA [link](https://example.org/).\n\n\
         {% tip(kind=\"x\") %}\nKept.\n{% end %}\n"
    );
    for line in [
        "content/blog/first.md:5: converted: `{% note() %}` → its body as Markdown, as the site's shortcode template renders it",
        "content/blog/first.md:9: converted: `{% plain() %}` → its body as Markdown",
        "content/blog/first.md:13: not converted: `{% tip(kind=\"x\") %}`: shortcode `tip`: its template has logic brief cannot run",
    ] {
        assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    }
    assert_eq!(figure(&stdout, "not converted"), 1, "{stdout}");
    // The imported site renders the Markdown inside the wrapper.
    let built = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = fs::read_to_string(dest.join("public/2024/07/12/first/index.html")).unwrap();
    assert!(
        page.contains("<div class=\"note\" role=\"note\">\n<p>Some <strong>bold</strong> words.</p>\n</div>"),
        "{page}"
    );
}

#[test]
fn jekyll_front_matter_defaults_fill_page_values_as_jekyll_merges_them() {
    // `{{ page.x }}` a post or page does not set itself comes from `defaults:`: the set
    // with the longer path wins, objects merge key by key, and a page takes `pages` sets.
    let site = TestSite::new();
    site.write(
        "_config.yml",
        "title: J\ndefaults:\n\
         - scope: {path: '', type: posts}\n  values: {author: Staff, layout: post, image: {path: /img/a.png, alt: Harbour}}\n\
         - scope: {path: _posts/desk}\n  values: {author: Desk}\n\
         - scope: {path: '', type: pages}\n  values: {team: Newsroom}\n",
    );
    site.write("_posts/2024-03-04-week.md", "---\ntitle: Week\n---\nBy {{ page.author }}: {{ page.image.alt }}.\n");
    site.write(
        "_posts/desk/2024-03-05-desk.md",
        "---\ntitle: Desk\nimage: {alt: Own}\n---\nBy {{ page.author }}: {{ page.image.alt }} ({{ page.image.path }}, {{ page.layout }}).\n",
    );
    site.write("about.md", "---\ntitle: About\n---\nBy the {{ page.team }}.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let file = |name: &str| {
        let f = files_under(&dest.join("content")).into_iter().find(|f| f.ends_with(name)).expect(name);
        fs::read_to_string(dest.join("content").join(f)).unwrap()
    };
    let week = file("week.md");
    assert!(week.ends_with("---\nBy Staff: Harbour.\n"), "{week}");
    assert_eq!(front_matter(&week)["authors"], yaml("[Staff]"));
    let desk = file("desk.md");
    assert!(desk.ends_with("---\nBy Desk: Own (/img/a.png, post).\n"), "{desk}");
    assert_eq!(front_matter(&desk)["authors"], yaml("[Desk]"));
    // The posts' sets do not reach a page.
    let about = file("about.md");
    assert!(about.ends_with("---\nBy the Newsroom.\n"), "{about}");
    assert_eq!(figure(&stdout, "not converted"), 0, "{stdout}");
}

#[test]
fn hugo_cascade_gives_sections_pages_their_authors_tags_and_headless_build() {
    // A section's `cascade` reaches the pages below it that do not set the value: the
    // nearest section first, then the site's; a headless cascade keeps pages out, as
    // Hugo never renders them.
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"H\"\n[cascade]\nauthor = \"Site Desk\"\n");
    site.write("content/news/_index.md", "---\ntitle: News\ncascade:\n  author: News Desk\n  tags: [wire]\n---\n");
    site.write(
        "content/news/asia/_index.md",
        "---\ntitle: Asia\ncascade:\n  - _target: {kind: page}\n    author: Asia Desk\n---\n",
    );
    site.write("content/news/asia/tokyo.md", "---\ntitle: Tokyo\ndate: 2024-03-04\n---\nText.\n");
    site.write("content/news/rome.md", "---\ntitle: Rome\ndate: 2024-03-05\ntags: [italy]\n---\nText.\n");
    site.write("content/notes/lima.md", "---\ntitle: Lima\ndate: 2024-03-06\n---\nText.\n");
    site.write(
        "content/snippets/_index.md",
        "---\ntitle: Snippets\ncascade:\n  _build: {render: never, list: never}\n---\n",
    );
    site.write("content/snippets/footer.md", "---\ntitle: Footer\ndate: 2024-03-07\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let fm = |p: &str| front_matter(&fs::read_to_string(dest.join("content").join(p)).unwrap());
    let tokyo = fm("news/asia/tokyo.md");
    assert_eq!(tokyo["authors"], yaml("[Asia Desk]"));
    assert_eq!(tokyo["tags"], yaml("[wire]"));
    let rome = fm("news/rome.md");
    assert_eq!(rome["authors"], yaml("[News Desk]"));
    assert_eq!(rome["tags"], yaml("[italy]"));
    assert_eq!(fm("notes/lima.md")["authors"], yaml("[Site Desk]"));
    assert!(!dest.join("content/snippets/footer.md").exists());
    assert!(stdout.contains("author, tags from the cascade of `news/asia` and `news`"), "{stdout}");
}

#[test]
fn kramdown_attribute_lists_become_alerts_or_go_and_every_one_is_reported() {
    // Chirpy's prompts (a block list after a blockquote) become GitHub alerts; other
    // lists, on their own line or right after an inline element, are dropped, since
    // kramdown shows none of them; code keeps every `{:` it holds.
    let site = TestSite::new();
    site.write("_config.yml", "title: J\n");
    site.write(
        "_posts/2019-08-08-prompts.md",
        "---\ntitle: Prompts\n---\n\
         > Back up `x.sh`{: .filepath} first.\n{: .prompt-tip }\n\n\
         > Read this.\n{: .prompt-danger }\n\n\
         ![Map](https://example.org/map.png){: width=\"700\" height=\"400\" }\n\n\
         ```ruby\nh = {:a => 1}\n{: .prompt-tip }\n```\n{: file=\"x.rb\" }\n\n\
         ```sh\nls\n```\n{: .nolineno }\n\nKeep `{: .inside}` as code.\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let text = fs::read_to_string(dest.join("content/2019/08/prompts.md")).unwrap();
    let body = &text[text.rfind("---\n").unwrap() + 4..];
    assert_eq!(
        body,
        "> [!TIP]\n> Back up `x.sh` first.\n\n> [!CAUTION]\n> Read this.\n\n![Map](https://example.org/map.png)\n\n\
         ```ruby\nh = {:a => 1}\n{: .prompt-tip }\n```\n\n```sh\nls\n```\n\nKeep `{: .inside}` as code.\n"
    );
    let file = "_posts/2019-08-08-prompts.md";
    for line in [
        format!("{file}:4: not converted: kramdown attributes `{{: .filepath}}` dropped"),
        format!("{file}:5: converted: `{{: .prompt-tip }}` → `> [!TIP]`: the Chirpy prompt as a GitHub alert"),
        format!("{file}:8: converted: `{{: .prompt-danger }}` → `> [!CAUTION]`"),
        format!("{file}:10: not converted: kramdown attributes `{{: width=\"700\" height=\"400\" }}` dropped"),
        format!("{file}:16: not converted: kramdown attributes `{{: file=\"x.rb\" }}` dropped"),
        format!("{file}:21: note: `{{: .nolineno }}` dropped: brief's code blocks have no line numbers"),
    ] {
        assert!(stdout.contains(&line), "missing `{line}` in\n{stdout}");
    }
    assert_eq!(figure(&stdout, "not converted"), 3, "{stdout}");
    // The new site shows the alerts, and no list leaks into the page or its summary.
    let built = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = fs::read_to_string(dest.join("public/2019/08/08/prompts/index.html")).unwrap();
    assert!(page.contains("<div class=\"alert alert-tip\" role=\"note\">"), "{page}");
    assert!(page.contains("<div class=\"alert alert-caution\" role=\"note\">"), "{page}");
    assert!(!page.contains("{: .filepath}") && !page.contains("prompt-"), "{page}");
    let feed = fs::read_to_string(dest.join("public/feed.json")).unwrap();
    assert!(!feed.contains(".filepath") && !feed.contains("prompt-") && !feed.contains("width="), "{feed}");
}

#[test]
fn a_jekyll_post_whose_front_matter_is_indented_with_tabs_is_imported_as_jekyll_publishes_it() {
    // YAML forbids tabs for indentation; Jekyll (not strict) publishes the post anyway.
    let site = TestSite::new();
    site.write("_config.yml", "title: J\n");
    site.write(
        "_posts/2017-02-15-Git指令整理<转>.md",
        "---\nlayout:     post\ntitle:      Git指令整理\ndate:       2017-02-15\ntags:\n\t- Git\n---\n\n> 简单整理\n",
    );
    // Tabs that are not the only fault: published without its front matter, as Jekyll
    // does, naming the line.
    site.write("_posts/2017-02-16-bad.md", "---\ntitle: Bad\ntags:\n\t- [Git\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let file = files_under(&dest.join("content")).into_iter().find(|f| f.starts_with("2017/02/")).expect("the post");
    let fm = front_matter(&fs::read_to_string(dest.join("content").join(file)).unwrap());
    assert_eq!((&fm["title"], &fm["tags"]), (&yaml("Git指令整理"), &yaml("[Git]")));
    let line = "_posts/2017-02-15-Git指令整理<转>.md:6: converted: front matter indented with tabs, which YAML \
                does not allow (Jekyll published the file anyway): read with each leading tab as two spaces";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    assert!(
        stdout.contains("_posts/2017-02-16-bad.md:4: not converted: front matter Jekyll could not read either"),
        "{stdout}"
    );
    assert_eq!((figure(&stdout, "posts in"), figure(&stdout, "briefings written")), (2, 2), "{stdout}");
}

#[test]
fn a_file_without_an_extension_among_the_posts_is_skipped_saying_so() {
    let site = TestSite::new();
    site.write("_config.yml", "title: J\n");
    site.write(
        "_posts/2017-03-29-这是一个测试哦",
        "---\ntitle: 这是一个测试哦\ndate: 2017-03-29\n---\n这是一个测试哦\n",
    );
    site.write("_posts/2017-03-30-post.md", "---\ntitle: Post\n---\nText.\n");
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let line = "_posts/2017-03-29-这是一个测试哦: no file extension: Jekyll renders a post only from \
                `YYYY-MM-DD-title.EXT`, so it did not publish this either; not imported";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    assert_eq!((figure(&stdout, "posts in"), figure(&stdout, "briefings written")), (1, 1), "{stdout}");
}

#[test]
fn a_jekyll_post_dated_past_what_brief_reads_is_a_draft_not_a_post_of_the_past() {
    // Jekyll's "future post" example: published only with `--future`. brief's dates end
    // in the year 9999, so the post is dated by its file name, and must not go out then.
    let site = TestSite::new();
    site.write("_config.yml", "title: J\n");
    site.write(
        "_posts/2010-10-25-post-future-date.md",
        "---\ntitle: \"Post: Future Date\"\ndate: 9999-12-31\n---\n\nThis post lives in the future.\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("jekyll", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let fm = front_matter(&fs::read_to_string(dest.join("content/2010/10/post-future-date.md")).unwrap());
    assert_eq!(
        fm,
        yaml("title: \"Post: Future Date\"\ndate: 2010-10-25\ndraft: true\nextra: {jekyll: {date: 9999-12-31}}")
    );
    let line = "_posts/2010-10-25-post-future-date.md:3: not converted: date `9999-12-31` is past the last day \
                brief can read (in the year 9999): imported as a draft";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    assert!(stdout.contains("(1 draft)"), "{stdout}");
    // Built as brief publishes, the post is not on the site.
    let built = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(!dest.join("public/2010/10/25/post-future-date/index.html").exists());
}

#[test]
fn an_authors_taxonomy_becomes_brief_s_built_in_authors_written_once() {
    // brief's authors are built in (front matter `authors:`, pages at /authors/), so a
    // Hugo or Zola `authors` taxonomy is not configured again, and each post names its
    // authors once.
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "title = \"H\"\n[taxonomies]\n  tag = \"tags\"\n  series = \"series\"\n  author = \"authors\"\n",
    );
    site.write(
        "hugo/content/posts/a.md",
        "---\ntitle: A\ndate: 2021-03-02\nauthor: jane doe\nauthors: [\"Jane Doe\", Bob]\nseries: [Deep]\n---\nx\n",
    );
    site.write(
        "zola/config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Z\"\ntaxonomies = [{name = \"tags\"}, {name = \"authors\"}]\n",
    );
    site.write(
        "zola/content/blog/a.md",
        "+++\ntitle = \"A\"\ndate = 2021-03-02\nauthors = [\"Jane Doe\"]\n[taxonomies]\nauthors = [\"Jane Doe\", \"Bob\"]\n+++\nx\n",
    );
    for (generator, post, taxonomies) in
        [("hugo", "content/posts/a.md", "[tags, series]"), ("zola", "content/blog/a.md", "[tags]")]
    {
        let dest = site.tmp().join(format!("{generator}-out"));
        let out = import_into(generator, &site.root().join(generator), &dest, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        let settings = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
        assert_eq!(settings["taxonomies"], yaml(taxonomies), "{generator}");
        let text = fs::read_to_string(dest.join(post)).unwrap();
        assert_eq!(text.matches("\nauthors:").count(), 1, "{text}");
        let want = if generator == "hugo" { "[jane doe, Bob]" } else { "[Jane Doe, Bob]" };
        assert_eq!(front_matter(&text)["authors"], yaml(want), "{text}");
        assert!(stdout.contains("the `authors` taxonomy → `authors:` of each briefing"), "{stdout}");
    }
}

#[test]
fn blank_lines_before_the_front_matter_are_skipped_as_hugo_and_zola_skip_them() {
    // Hugo's lexer and Zola's front-matter split both skip whitespace before the
    // opening delimiter: the file is a post with its title, not a page of YAML text.
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"H\"\n");
    site.write(
        "hugo/content/posts/zh.md",
        "\n---\ntitle: \"Guide\"\ndate: \"2021-07-17\"\ntags: [\"markdown\"]\n---\n\nBody.\n",
    );
    site.write("hugo/content/posts/t.md", "\n  \n+++\ntitle = \"Toml\"\ndate = 2021-07-18\n+++\nBody.\n");
    site.write("zola/config.toml", "base_url = \"https://example.org\"\ntitle = \"Z\"\n");
    site.write("zola/content/blog/a.md", "\n\n+++\ntitle = \"Zed\"\ndate = 2021-07-19\n+++\nBody.\n");
    for (generator, post, title, blanks) in [
        ("hugo", "content/posts/zh.md", "Guide", "content/posts/zh.md:2: converted: 1 blank line(s)"),
        ("hugo", "content/posts/t.md", "Toml", "content/posts/t.md:3: converted: 2 blank line(s)"),
        ("zola", "content/blog/a.md", "Zed", "content/blog/a.md:3: converted: 2 blank line(s)"),
    ] {
        let dest = site.tmp().join(format!("{generator}-{title}"));
        let out = import_into(generator, &site.root().join(generator), &dest, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        let text = fs::read_to_string(dest.join(post)).unwrap_or_else(|e| panic!("{post}: {e}\n{stdout}"));
        assert_eq!(front_matter(&text)["title"], yaml(title), "{text}");
        assert!(text.ends_with("\nBody.\n") && !text.contains("title: \"Guide\"\ndate"), "{text}");
        assert!(stdout.contains(blanks), "missing `{blanks}` in\n{stdout}");
    }
}

#[test]
fn a_disabled_hugo_language_is_no_edition_and_its_files_are_skipped_saying_why() {
    // Hugo builds nothing of a language in `disableLanguages`.
    let site = TestSite::new();
    site.write(
        "hugo.toml",
        "title = \"K\"\ndefaultContentLanguage = \"en\"\ndisableLanguages = [\"no\"]\n[languages.en]\nweight = 1\n\
         [languages.fr]\nweight = 2\n[languages.no]\nweight = 3\ncontentDir = \"content/no\"\n",
    );
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2020-01-01\n---\nx\n");
    site.write("content/posts/a.fr.md", "---\ntitle: Un A\ndate: 2020-01-01\n---\nx\n");
    site.write("content/posts/c.no.md", "---\ntitle: C\ndate: 2020-01-02\n---\nx\n");
    site.write("content/no/posts/b.md", "---\ntitle: B\ndate: 2020-01-03\n---\nx\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let settings = yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap());
    let editions: Vec<&str> =
        settings["languages"].as_mapping().unwrap().keys().filter_map(serde_yaml::Value::as_str).collect();
    assert_eq!(editions, ["fr"], "{stdout}");
    assert_eq!(files_under(&dest.join("content")), ["en/posts/a.md", "fr/posts/a.md"], "{stdout}");
    for file in ["content/posts/c.no.md", "content/no/posts/b.md"] {
        let line = format!(
            "{file}: language `no` is in `disableLanguages` (hugo.toml): Hugo did not build it, so it is not imported"
        );
        assert!(stdout.contains(&line), "missing `{line}` in\n{stdout}");
    }
    assert_eq!((figure(&stdout, "posts in"), figure(&stdout, "briefings written")), (2, 2), "{stdout}");
}

#[test]
fn a_hugo_post_keeps_the_slug_its_old_url_ends_with() {
    // Hugo's `:slug` is the title's when there is no `slug:`, and a `url:` of brief's
    // form names the slug itself: brief keeps that last part, so the URL stays where it
    // can (no redirect) and never becomes the file name with its date prefix.
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"K\"\n[permalinks]\nblog = \"/:section/:year/:month/:day/:slug/\"\n");
    site.write(
        "content/blog/_posts/2018-07-10-coredns-ga.md",
        "---\ntitle: \"CoreDNS GA for Kubernetes Cluster DNS\"\ndate: 2018-07-10\n---\nx\n",
    );
    site.write(
        "content/posts/video.md",
        "---\ntitle: Video\ndate: 2010-06-02\nurl: /2010/06/02/post-format-video-youtube/\n---\nx\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let fm = front_matter(&fs::read_to_string(dest.join("content/blog/_posts/2018-07-10-coredns-ga.md")).unwrap());
    assert_eq!(fm["slug"], serde_yaml::Value::Null, "brief makes the same slug of the title");
    assert_eq!(fm["aliases"], yaml("[/blog/2018/07/10/coredns-ga-for-kubernetes-cluster-dns/]"));
    let fm = front_matter(&fs::read_to_string(dest.join("content/posts/video.md")).unwrap());
    assert_eq!((&fm["slug"], &fm["aliases"]), (&yaml("post-format-video-youtube"), &serde_yaml::Value::Null));
    let built = brief().current_dir(&dest).args(["build", "-o", "public"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    for page in ["2018/07/10/coredns-ga-for-kubernetes-cluster-dns", "2010/06/02/post-format-video-youtube"] {
        let page = dest.join("public").join(page).join("index.html");
        assert!(page.is_file(), "{}", page.display());
    }
}

#[test]
fn dates_with_offsets_choose_a_site_zone_in_which_they_read_as_written() {
    // Hugo (no `timeZone`) and Zola showed a date on the day written; in UTC the late
    // post would move to the next day. A fixed zone at the posts' offset keeps it.
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"H\"\n");
    site.write("hugo/content/posts/late.md", "---\ntitle: Late\ndate: 2021-03-01T23:30:00+01:00\n---\nx\n");
    site.write("hugo/content/posts/next.md", "---\ntitle: Next\ndate: 2021-03-02T08:00:00+01:00\n---\nx\n");
    site.write("hugo/content/posts/away.md", "---\ntitle: Away\ndate: 2021-03-03T22:00:00-05:00\n---\nx\n");
    site.write("zola/config.toml", "base_url = \"https://example.org\"\ntitle = \"Z\"\n");
    site.write("zola/content/posts/hello.md", "+++\ntitle = \"Hello\"\ndate = 2017-11-27T01:24:33+05:30\n+++\nx\n");
    let dest = site.tmp().join("hugo-out");
    let out = import_into("hugo", &site.root().join("hugo"), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap())["timezone"], yaml("Etc/GMT-1"));
    let line = "hugo.toml: converted: timezone: Etc/GMT-1, the fixed zone at +01:00: the config names no zone, \
                and 2 of the 3 post dates with an offset are written at +01:00";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    let line = "content/posts/away.md: note: date `2021-03-03T22:00:00-05:00` is written at -05:00, not the \
                site's +01:00: it keeps its moment and shows in the site's zone";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    let built = brief().current_dir(&dest).args(["build", "-o", "public"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    for page in ["2021/03/01/late", "2021/03/02/next", "2021/03/04/away"] {
        assert!(dest.join("public").join(page).join("index.html").is_file(), "{page}");
    }
    // +05:30 has no fixed zone brief reads: UTC stays, and the report says what to do.
    let dest = site.tmp().join("zola-out");
    let out = import_into("zola", &site.root().join("zola"), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(yaml(&fs::read_to_string(dest.join("site.yaml")).unwrap())["timezone"], yaml("UTC"));
    let line = "config.toml: not converted: timezone: UTC: the config names no zone, and 1 of the 1 post dates \
                with an offset are written at +05:30, which no fixed zone brief reads has";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
}

#[test]
fn a_hugo_closing_shortcode_with_a_space_after_its_slash_is_reported_by_its_name() {
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"H\"\n");
    site.write(
        "content/posts/m.md",
        "---\ntitle: M\ndate: 2021-01-01\n---\n{{< math.inline >}}\n$x$\n{{</ math.inline >}}\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = "content/posts/m.md:7: not converted: `{{</ math.inline >}}`: shortcode `/math.inline` has no exact \
                equivalent in brief; left as is";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
}

#[test]
fn a_hugo_definition_list_becomes_a_dl_with_its_markdown_still_rendered() {
    // Goldmark renders `Term` + `:   definition` as <dl>; brief's Markdown does not.
    let site = TestSite::new();
    site.write("hugo.toml", "title = \"H\"\n");
    site.write(
        "content/posts/a.md",
        "---\ntitle: Markup\ndate: 2013-01-11T03:22:19Z\n---\n\nStartup\n:   A *startup* company.\n\n```\nKey\n: kept\n```\n",
    );
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", site.root(), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = "content/posts/a.md:6: note: definition list → HTML `<dl>`";
    assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    let built = brief().current_dir(&dest).args(["build", "-o", "public"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = fs::read_to_string(dest.join("public/2013/01/11/a/index.html")).unwrap();
    let squeezed: String = page.split_whitespace().collect();
    assert!(squeezed.contains("<dl><dt><p>Startup</p></dt><dd><p>A<em>startup</em>company.</p></dd></dl>"), "{page}");
    assert!(page.contains("Key\n: kept"), "code stays as written: {page}");
}

/// apache/skywalking-website's config.toml has `[languages.zh]` and
/// `[[Languages.zh.menu.main]]`: Hugo reads config keys whatever their case, and merges
/// the two; the import took the second for the first, and every Chinese post went to
/// the wrong edition (`content/zh/zh/…`, its old URL `/zh/zh/posts/hello/`).
#[test]
fn hugo_config_keys_that_differ_only_in_case_are_one() {
    let site = TestSite::new();
    site.write(
        "hugo/config.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"Site\"\ndefaultContentLanguage = \"en\"\n\
         [languages.en]\ntitle = \"Site\"\ncontentDir = \"content/en\"\nweight = 1\n\
         [languages.zh]\ntitle = \"站点\"\ncontentDir = \"content/zh\"\nweight = 2\n\
         [[Languages.zh.menu.main]]\nname = \"博客\"\nurl = \"/blog\"\n",
    );
    site.write("hugo/content/en/posts/hello.md", "---\ntitle: Hello\ndate: 2024-01-02\n---\nText.\n");
    site.write("hugo/content/zh/posts/hello.md", "---\ntitle: 你好\ndate: 2024-01-02\nslug: hello\n---\n文字。\n");
    let dest = site.tmp().join("imported");
    let out = import_into("hugo", &site.root().join("hugo"), &dest, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("content/zh/posts/hello.md: old URL: /zh/posts/hello/ (its URL on the old site)"),
        "{stdout}"
    );
    assert!(dest.join("content/zh/posts/hello.md").is_file(), "{stdout}");
    let yaml = fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert!(yaml.contains("title: 站点"), "{yaml}");
}

/// `brief import … | head`: the report's reader closes the pipe early. Rust ignores
/// SIGPIPE, so the next line printed panicked ("failed printing to stdout"); the
/// import now ends as other command-line tools do.
#[test]
fn a_report_read_through_a_pipe_closed_early_is_no_panic() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "title = \"H\"\n");
    for i in 0..40 {
        site.write(
            &format!("hugo/content/posts/p{i}.md"),
            format!("---\ntitle: Post {i}\ndate: 2023-01-02\n---\nText.\n"),
        );
    }
    let mut child = common::brief_std()
        .args(["import", "hugo"])
        .arg(site.root().join("hugo"))
        .arg(site.tmp().join("imported"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
