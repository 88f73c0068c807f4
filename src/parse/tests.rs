use super::*;
use crate::model::TocEntry;

fn cfg() -> Config {
    Config::default()
}

fn brief(text: &str) -> Parsed<Briefing> {
    parse_briefing(Path::new("content/a.md"), &Default::default(), text, &cfg())
}

#[test]
fn parses_a_full_briefing() {
    let p = brief(
        "---\ntitle: \"A & B\"\ndate: 2024-07-12\ntags: [North Korea, nato]\nsources:\n  - title: KCNA\n    url: https://example.org/k\n---\nFirst para.\n\n## Next\n\nMore.\n",
    );
    assert_eq!(p.diags, vec![]);
    let b = p.item.unwrap();
    assert_eq!(b.slug, "a-b");
    assert_eq!(b.date.to_string(), "2024-07-12T00:00:00+00:00[UTC]");
    assert_eq!(b.terms, vec![vec!["North Korea".to_string(), "nato".to_string()]]);
    assert_eq!(b.content.unpack().summary_html(), "<p>First para.</p>\n");
    let body = b.content.unpack();
    assert_eq!(body.summary_text(), "First para.");
    assert_eq!(body.toc()[0].id, "next");
}

#[test]
fn dates_in_site_zone() {
    let seoul = TimeZone::get("Asia/Seoul").unwrap();
    let z = parse_date("2024-07-11T23:30:00Z", &seoul).unwrap();
    assert_eq!(z.date().to_string(), "2024-07-12");
    let z = parse_date("2024-07-11", &seoul).unwrap();
    assert_eq!(z.to_string(), "2024-07-11T00:00:00+09:00[Asia/Seoul]");
    let z = parse_date("2024-07-11 08:00", &seoul).unwrap();
    assert_eq!(z.to_string(), "2024-07-11T08:00:00+09:00[Asia/Seoul]");
    assert!(parse_date("2024-02-30", &seoul).is_err());
    assert!(parse_date("2024-13-01", &seoul).is_err());
    assert!(parse_date("yesterday", &seoul).is_err());
}

/// A Jekyll theme's "never" date: told as out of range, with a way to keep it unpublished.
#[test]
fn a_date_past_the_range_says_so_and_how_to_hold_a_briefing_back() {
    let p = brief("---\ntitle: x\ndate: 9999-12-31\n---\nbody\n");
    assert!(p.item.is_none());
    let d = &p.diags[0];
    assert_eq!((d.line, d.col), (3, 7));
    assert_eq!(
        d.message,
        "invalid date `9999-12-31`: brief's dates run from the year -9999 to 9999-12-30, in any zone"
    );
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("`draft: true`")), "{d:?}");
}

#[test]
fn bad_date_points_at_its_line() {
    let p = brief("---\ntitle: x\ndate: 2024-02-30\n---\nbody\n");
    assert!(p.item.is_none());
    assert_eq!((p.diags[0].line, p.diags[0].col), (3, 7));
    assert!(p.diags[0].message.starts_with("invalid date `2024-02-30`"), "{}", p.diags[0].message);
}

#[test]
fn yaml_error_line_is_in_file_terms() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\ntags: [a\n---\n");
    assert!(p.item.is_none());
    assert!(p.diags[0].line >= 4, "{:?}", p.diags);
}

#[test]
fn missing_fields_are_all_reported() {
    let p = brief("---\nslug: x\n---\nbody\n");
    let msgs: Vec<_> = p.diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(msgs, vec!["missing title", "missing date"]);
}

#[test]
fn unknown_key_warns_with_suggestion() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\ntag: [a]\n---\n");
    assert!(p.item.is_some());
    assert_eq!(p.diags.len(), 1);
    assert_eq!(
        (p.diags[0].line, p.diags[0].hint.as_deref()),
        (4, Some("did you mean `tags`? (put custom values under `extra:`)"))
    );
}

#[test]
fn javascript_source_is_rejected_on_its_line() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\nsources:\n  - title: a\n    url: \"javascript:alert(1)\"\n---\n");
    assert!(p.item.is_none());
    assert_eq!(p.diags[0].line, 6);
}

#[test]
fn source_url_error_points_at_its_own_url_line() {
    let text = "---\ntitle: \"javascript:alert(1) is bad\"\ndate: 2024-01-01\nsources:\n  - title: ok\n    url: https://e.org/\n  - url: \"java\\tscript:x\"\n    title: bad\n---\n";
    let p = brief(text);
    assert_eq!((p.diags[0].line, p.diags[0].col), (7, 11), "{:?}", p.diags);
}

#[test]
fn hostile_slug_is_made_safe() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\nslug: ../../x\n---\n");
    assert_eq!(p.item.unwrap().slug, "x");
}

#[test]
fn front_matter_summary_is_escaped() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\nsummary: \"<script>alert(1)</script>\"\n---\n");
    assert_eq!(p.item.unwrap().content.unpack().summary_html(), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
}

#[test]
fn out_of_range_offset_points_at_the_offset() {
    let p = brief("---\ntitle: x\ndate: 2024-01-05T10:00:00+25:00\n---\nbody\n");
    assert!(p.item.is_none());
    let d = &p.diags[0];
    assert_eq!((d.line, d.col), (3, 26), "{d:?}");
    assert_eq!(d.message, "invalid date `2024-01-05T10:00:00+25:00`: UTC offset `+25:00` is out of range");
    assert_eq!(d.hint.as_deref(), Some(OFFSET_HINT));
    let p = brief("---\ntitle: x\ndate: 2024-01-05\nupdated: \"2024-01-06T10:00:00-24:00\"\n---\nbody\n");
    let d = &p.diags[0];
    assert_eq!((d.line, d.col, d.is_error()), (4, 30, true), "{d:?}");
    assert!(d.message.starts_with("invalid updated `"), "{}", d.message);
}

#[test]
fn explicit_slugs_are_kept_whole() {
    let long = "ruby-security-advisory-directory-traversal-in-dir-mktmpdir-and-tempfile-create-cve-2018-6914-ko";
    let p = brief(&format!("---\ntitle: x\ndate: 2024-01-01\nslug: {long}\n---\n"));
    assert_eq!(p.diags, vec![]);
    let b = p.item.unwrap();
    assert_eq!((b.slug.as_str(), b.uncut_slug), (long, None));
    let p = brief(&format!("---\ntitle: x\ndate: 2024-01-01\nslug: {}\n---\n", "a".repeat(256)));
    assert_eq!(p.diags[0].message, "slug is 256 bytes long; a folder name holds at most 255");
}

#[test]
fn long_titles_keep_their_whole_slug_aside() {
    let title = "A very long title about the directory traversal advisory for tmpdir and tempfile, CVE-2018-6914";
    let b = brief(&format!("---\ntitle: {title}\ndate: 2024-01-01\n---\n")).item.unwrap();
    assert_eq!(b.slug, "a-very-long-title-about-the-directory-traversal-advisory-for-tmpdir-and");
    assert_eq!(b.uncut_slug.as_deref(), Some(slug::slugify_uncut(title).as_str()));
    assert!(brief("---\ntitle: Short\ndate: 2024-01-01\n---\n").item.unwrap().uncut_slug.is_none());
}

#[test]
fn a_changed_explicit_slug_warns_at_its_value() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\nslug: \"../../etc/passwd\"\n---\n");
    let d = &p.diags[0];
    assert_eq!((d.line, d.col, d.is_error()), (4, 7, false), "{d:?}");
    assert_eq!(d.message, "slug `../../etc/passwd` became `etc-passwd`");
    assert_eq!(p.item.unwrap().slug, "etc-passwd");
    // Case and spaces are how the author wrote the slug, not a change.
    let p = brief("---\ntitle: x\ndate: 2024-01-01\nslug: Hello World\n---\n");
    assert_eq!((p.diags, p.item.unwrap().slug.as_str()), (vec![], "hello-world"));
    let p = parse_page(Path::new("content/pages/a.md"), &Default::default(), "---\ntitle: A\nslug: a_b\n---\n", &cfg());
    assert_eq!(p.diags[0].message, "slug `a_b` became `a-b`");
}

#[test]
fn emoji_tags_have_a_slug_and_empty_ones_are_refused() {
    let b = brief("---\ntitle: x\ndate: 2024-01-01\ntags: [\"🚀\", \"🇰🇷\", nato]\n---\n").item.unwrap();
    assert_eq!(b.term_slugs[0], vec!["🚀", "🇰🇷", "nato"]);
    let p = brief("---\ntitle: x\ndate: 2024-01-01\ntags: [\"!!!\"]\n---\n");
    assert_eq!(p.diags[0].message, "tags entry `!!!` has no letters, digits or emoji");
}

#[test]
fn unknown_code_language_warns_at_its_fence() {
    let p = brief("---\ntitle: x\ndate: 2024-01-01\n---\nText.\n\n  ```Mermaid {.big}\n  graph\n  ```\n");
    let d = &p.diags[0];
    assert_eq!((d.line, d.col, d.is_error()), (7, 6, false), "{d:?}");
    assert_eq!(d.message, "unknown code language `mermaid`");
    let html = p.item.unwrap().content.unpack().html().to_string();
    assert_eq!(html, "<p>Text.</p>\n<pre><code class=\"language-Mermaid\">graph\n</code></pre>\n");
}

#[test]
fn a_first_heading_repeating_the_title_is_dropped() {
    let b = brief("---\ntitle: \"Kim's \\\"plan\\\" -- explained\"\ndate: 2024-01-01\n---\n# Kim’s “Plan” – explained\n\nText.\n\n### Part\n")
        .item
        .unwrap();
    let body = b.content.unpack();
    assert_eq!(body.html(), "<p>Text.</p>\n<h2 id=\"part\">Part</h2>\n");
    assert_eq!(body.toc(), vec![TocEntry { level: 2, id: "part".into(), title: "Part".into() }]);
    let off = Config { shift_headings: false, ..Config::default() };
    let p =
        parse_page(Path::new("content/pages/a.md"), &Default::default(), "---\ntitle: A\n---\n# A\n\n### Part\n", &off);
    assert_eq!(p.item.unwrap().content_html, "<h3 id=\"part\">Part</h3>\n");
}

#[test]
fn a_page_bundle_takes_its_slug_from_its_folder() {
    let page = |rel: &str, text: &str| {
        let place = Place::of(Path::new(rel), &cfg());
        parse_page(&Path::new("content").join(rel), &place, text, &cfg()).item.unwrap()
    };
    let team = page("pages/our-team/index.md", "---\ntitle: Team\n---\n");
    assert_eq!((team.slug.as_str(), team.bundle, team.dir.as_path()), ("our-team", true, Path::new("pages/our-team")));
    // An explicit slug still wins; an `index.md` right in `pages/` stays `index`.
    assert_eq!(page("pages/team/index.md", "---\ntitle: T\nslug: people\n---\n").slug, "people");
    let top = page("pages/index.md", "---\ntitle: I\n---\n");
    assert_eq!((top.slug.as_str(), top.bundle), ("index", false));
}
