//! Issue 12, "Real archives build and read right": long slugs, out-of-range offsets,
//! emoji tags, changed slugs, code highlighting, GitHub alerts, figures and titles
//! repeated in bodies, through the CLI on fixture sites under `tests/fixtures/`.

mod common;

use common::{TestSite, item_titles};

const LONG: &str = "ruby-security-advisory-directory-traversal-in-dir-mktmpdir-and-tempfile-create-cve-2018-6914";

/// Regression (issue 12): explicit slugs over 80 characters that differ only in a suffix
/// were cut to one slug and the build failed with "two sources for URL".
#[test]
fn issue_12_long_explicit_slugs_are_never_cut() {
    let s = TestSite::from_fixture("long_slugs");
    let warnings = s.build_warnings(&[]);
    assert_eq!(warnings, "");
    for suffix in ["", "-ko", "-ja"] {
        let page = s.page(&format!("2018/03/28/{LONG}{suffix}/index.html"));
        let lang = if suffix.is_empty() { "en" } else { &suffix[1..] };
        assert!(page.contains(&format!("The advisory, edition <code>{lang}</code>.")), "{suffix}: {page}");
    }
}

/// Cut slugs made from long titles that collide are kept apart: the oldest keeps the cut
/// slug, the others take their whole slug.
#[test]
fn issue_12_titles_whose_cut_slugs_collide_get_their_whole_slug() {
    let s = TestSite::from_fixture("long_slugs");
    s.build_ok(&[]);
    let cut = "weekly-digest-of-security-advisories-for-the-ruby-python-and-node-ecosystems";
    let day = "2018/03/28";
    assert!(s.page(&format!("{day}/{cut}/index.html")).contains("<p>Part one.</p>"));
    assert!(s.page(&format!("{day}/{cut}-week-of-26-march-part-two/index.html")).contains("<p>Part two.</p>"));
    assert!(s.page(&format!("{day}/{cut}-week-of-26-march-part-three/index.html")).contains("<p>Part three.</p>"));
    let mut briefings: Vec<String> = s
        .files()
        .into_iter()
        .filter(|f| f.starts_with("2018/03/28/") && f.matches('/').count() == 4)
        .map(|f| f.trim_start_matches("2018/03/28/").trim_end_matches("/index.html").to_string())
        .collect();
    briefings.sort();
    assert_eq!(briefings.len(), 6, "{briefings:#?}");
    // The same content builds the same URLs again (nothing depends on file order).
    let again = TestSite::from_fixture("long_slugs");
    again.build_ok(&[]);
    assert_eq!(again.files(), s.files());
}

/// Two explicit slugs that really are the same are still an error naming both files.
#[test]
fn the_same_explicit_slug_twice_is_still_an_error() {
    let s = TestSite::new();
    s.briefing("a.md", "A", "2024-01-05", &format!("slug: {LONG}\n"), "A.");
    s.briefing("b.md", "B", "2024-01-05", &format!("slug: {LONG}\n"), "B.");
    let err = s.build_err(&[]);
    assert!(
        err.contains(&format!("two sources for URL `/2024/01/05/{LONG}/`: `content/a.md` and `content/b.md`")),
        "{err}"
    );
}

/// Regression (issue 12): `+25:00` built because jiff accepts it; RFC 3339 stops at 23:59.
#[test]
fn issue_12_offsets_past_23_59_are_errors_at_the_offset() {
    let s = TestSite::new();
    s.briefing("a.md", "A", "2024-01-05T10:00:00+25:00", "", "Body.");
    s.briefing("b.md", "B", "2024-01-05", "updated: \"2024-01-06T10:00:00-24:00\"\n", "Body.");
    s.briefing("c.md", "C", "2024-01-05T10:00:00+23:59", "", "Body.");
    let err = s.build_err(&[]);
    assert!(
        err.contains(
            "error: invalid date `2024-01-05T10:00:00+25:00`: UTC offset `+25:00` is out of range\n  --> content/a.md:3:26\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: invalid updated `2024-01-06T10:00:00-24:00`: UTC offset `-24:00` is out of range\n  --> content/b.md:4:30\n"),
        "{err}"
    );
    assert!(err.contains("= help: RFC 3339 offsets run from `-23:59` to `+23:59`"), "{err}");
    assert!(!err.contains("content/c.md"), "{err}");
}

/// Issue 12: a tag of only emoji gets a URL (the emoji itself), a paginated tag page
/// and a feed; `❤️` and `❤` are one tag.
#[test]
fn issue_12_emoji_tags_have_pages_pagination_and_feeds() {
    let s = TestSite::from_fixture("emoji_tags");
    let warnings = s.build_warnings(&[]);
    assert_eq!(warnings, "");
    for tag in ["🚀", "🇰🇷", "👨\u{200D}👩\u{200D}👧"] {
        assert_eq!(item_titles(&s.page(&format!("tags/{tag}/index.html"))), vec!["Launch 3", "Launch 2"], "{tag}");
        assert_eq!(item_titles(&s.page(&format!("tags/{tag}/page/2/index.html"))), vec!["Launch 1"], "{tag}");
    }
    for tag in ["🚀", "🇰🇷", "👨\u{200D}👩\u{200D}👧", "❤"] {
        let feed = s.page(&format!("tags/{tag}/atom.xml"));
        let parsed = feed_rs::parser::parse(feed.as_bytes()).expect("the tag feed parses");
        assert_eq!(parsed.entries.len(), if tag == "❤" { 4 } else { 3 }, "{tag}");
    }
    assert_eq!(item_titles(&s.page("tags/❤/index.html")), vec!["Heart without the emoji selector", "Launch 3"]);
    assert_eq!(item_titles(&s.page("tags/❤/page/2/index.html")), vec!["Launch 2", "Launch 1"]);
    let tags = s.page("tags/index.html");
    assert!(tags.contains(r#"<a href="/tags/🚀/">🚀</a> <span class="count">3</span>"#), "{tags}");
    assert!(tags.contains(r#"<a href="/tags/❤/">❤</a> <span class="count">4</span>"#), "{tags}");
    let sitemap = s.page("sitemap.xml");
    // Percent-encoded, as sitemap URLs must be (RFC 3986): 🇰🇷 is U+1F1F0 U+1F1F7.
    assert!(sitemap.contains("<loc>https://launches.example/tags/%F0%9F%87%B0%F0%9F%87%B7/</loc>"), "{sitemap}");
    let page = s.page("2024/05/01/launch-1/index.html");
    assert!(page.contains(r#"<a href="/tags/🚀/" rel="tag">🚀</a>"#), "{page}");
}

/// Terms with nothing that shows (punctuation, spaces, joiners) still have no URL.
#[test]
fn terms_without_letters_digits_or_emoji_are_refused() {
    let s = TestSite::new();
    s.briefing("a.md", "A", "2024-01-05", "tags: [\"!!!\", \"\u{200D}\"]\n", "Body.");
    let err = s.build_err(&[]);
    assert!(err.contains("error: tags entry `!!!` has no letters, digits or emoji\n  --> content/a.md:4:8"), "{err}");
    assert!(err.contains("error: tags entry `\u{200D}` has no letters, digits or emoji"), "{err}");
}

/// Issue 12: an explicit slug brief had to change warns at its value and says what it
/// became; case and spaces do not count as a change.
#[test]
fn issue_12_a_changed_explicit_slug_warns() {
    let s = TestSite::new();
    s.briefing("a.md", "A", "2024-01-05", "slug: \"../../etc/passwd\"\n", "Body.");
    s.briefing("b.md", "B", "2024-01-05", "slug: Hello World\n", "Body.");
    s.write("content/pages/c.md", "---\ntitle: C\nslug: c_d\n---\nBody.\n");
    let warnings = s.build_warnings(&[]);
    assert!(
        warnings.contains(
            "warning: slug `../../etc/passwd` became `etc-passwd`\n  --> content/a.md:4:7\n  |\n4 | slug: \"../../etc/passwd\"\n  |       ^\n  = help: slugs keep letters, digits and `-`; write `slug: etc-passwd` to use it as it is\n"
        ),
        "{warnings}"
    );
    assert!(warnings.contains("warning: slug `c_d` became `c-d`\n  --> content/pages/c.md:3:7"), "{warnings}");
    assert!(!warnings.contains("content/b.md"), "{warnings}");
    assert!(s.exists("2024/01/05/etc-passwd/index.html"));
    assert!(s.exists("2024/01/05/hello-world/index.html"));
    assert!(s.exists("c-d/index.html"));
    let err = s.build_err(&["--strict"]);
    assert!(err.contains("slug `../../etc/passwd` became `etc-passwd`"), "{err}");
}

const NOTES: &str = "2024/07/12/the-desk-s-build-notes/index.html";

/// The body of a built page: what its `<div class="content">` holds.
fn content(page: &str) -> &str {
    let start = page.find("<div class=\"content\">\n").expect("a content div") + "<div class=\"content\">\n".len();
    &page[start..start + page[start..].find("</div>\n</article>").expect("the content ends")]
}

/// Issue 12: fenced code with a language is highlighted with classes (and the theme
/// styles them); an unknown language is plain code and a warning at its fence.
#[test]
fn issue_12_code_is_highlighted_and_unknown_languages_warn() {
    let s = TestSite::from_fixture("markdown_features");
    let warnings = s.build_warnings(&[]);
    assert_eq!(
        warnings,
        "warning: unknown code language `mermaid`\n  --> content/2024/07/code-alerts-figures/index.md:33:4\n   |\n33 | ```mermaid\n   |    ^\n  = help: the block is shown as plain text; name a language such as `rust`, `python`, `bash` or `json`, or `text`\n\n"
    );
    let page = s.page(NOTES);
    let body = content(&page);
    for lang in ["bash", "rust", "python", "json"] {
        assert!(
            body.contains(&format!("<pre class=\"hl-code\"><code class=\"language-{lang}\"><span class=\"hl-source")),
            "{lang}: {body}"
        );
    }
    assert!(body.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"), "{body}");
    assert!(body.contains("<pre><code class=\"language-mermaid\">graph TD; A--&gt;B;\n</code></pre>"), "{body}");
    assert!(!body.contains("style="), "{body}");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/content.css\">"));
    let css = s.page("content.css");
    assert!(css.contains(".hl-code {"), "the theme styles highlighted code");
    assert!(css.contains("@media (prefers-color-scheme: dark) {\n"), "with a dark half");
    // Highlighting is the same on every build.
    let again = TestSite::from_fixture("markdown_features");
    again.build_ok(&[]);
    assert_eq!(again.page(NOTES), page);
    // --strict makes the unknown language an error.
    assert!(s.build_err(&["--strict"]).contains("unknown code language `mermaid`"));
}

/// Issue 12: GitHub alerts render as titled notes, an image with a title alone in its
/// paragraph as a figure.
#[test]
fn issue_12_alerts_and_figures() {
    let s = TestSite::from_fixture("markdown_features");
    s.build_ok(&[]);
    let page = s.page(NOTES);
    let body = content(&page);
    assert!(
        body.contains("<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n<p>Never edit <code>public/</code> by hand.</p>\n</div>\n"),
        "{body}"
    );
    for (class, title) in [("note", "Note"), ("tip", "Tip"), ("important", "Important"), ("caution", "Caution")] {
        assert!(
            body.contains(&format!(
                "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>"
            )),
            "{class}"
        );
    }
    assert!(!body.contains("[!"), "{body}");
    assert!(body.ends_with(
        "<figure><img src=\"map.svg\" alt=\"Map of the build pipeline\" /><figcaption>The pipeline, from content to public</figcaption></figure>\n"
    ), "{body}");
    assert!(!body.contains("<p><figure>"), "{body}");
    let css = s.page("content.css");
    assert!(
        css.contains(".alert-warning { --alert: #855600; }") && css.contains("figcaption {"),
        "styled in the theme"
    );
    assert!(s.exists("2024/07/12/the-desk-s-build-notes/map.svg"));
}

/// Issue 12: a first heading that repeats the title is dropped, and body headings are
/// shifted so the highest is an <h2> (ids and the table of contents follow);
/// `shift_headings: false` keeps the levels as written.
#[test]
fn issue_12_title_is_not_shown_twice_and_headings_shift() {
    let s = TestSite::from_fixture("markdown_features");
    s.build_ok(&[]);
    let page = s.page(NOTES);
    assert_eq!(page.matches("The desk’s “build” notes</h").count(), 1, "{page}");
    let body = content(&page);
    assert!(body.starts_with("<p>Opening paragraph.</p>\n<h2 id=\"building\">Building</h2>\n"), "{body}");
    assert!(body.contains("<h3 id=\"reading-the-output\">Reading the output</h3>"), "{body}");
    let about = s.page("about/index.html");
    assert_eq!(content(&about), "<h2 id=\"who-we-are\">Who we are</h2>\n<p>Analysts.</p>\n");

    s.write("site.yaml", "title: Desk notes\nshift_headings: false\n");
    s.build_ok(&[]);
    let body = s.page(NOTES);
    let body = content(&body);
    assert!(body.starts_with("<p>Opening paragraph.</p>\n<h3 id=\"building\">Building</h3>\n"), "{body}");
    assert!(body.contains("<h4 id=\"reading-the-output\">Reading the output</h4>"), "{body}");
}

/// A file as Hugo or Zola keep it, dropped into `content/`: TOML (or JSON) front
/// matter was "no front matter", and a section's `_index.md` "missing date", with hints
/// that did not say why. Both say what the file is and what to do.
#[test]
fn hugo_and_zola_files_are_told_for_what_they_are() {
    let s = TestSite::new();
    s.briefing("2024/07/a.md", "Alpha", "2024-07-12", "", "Body.");
    s.write("content/2024/07/toml.md", "+++\ntitle = \"T\"\ndate = 2024-07-01\n+++\nBody.\n");
    s.write("content/2024/07/json.md", "{\n  \"title\": \"J\"\n}\nBody.\n");
    s.write("content/news/_index.md", "---\ntitle: News\n---\nThe desk's news.\n");
    let err = s.build_err(&[]);
    assert!(err.contains("error: front matter in TOML (`+++`), as Hugo or Zola write it: brief reads YAML"), "{err}");
    assert!(err.contains("error: front matter in JSON, as Hugo or Zola write it: brief reads YAML"), "{err}");
    assert!(err.contains("`brief import hugo` or `brief import zola`"), "{err}");
    assert!(err.contains("`_index.md` is a Hugo or Zola section's page"), "{err}");
}
