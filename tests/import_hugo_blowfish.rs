//! `brief import hugo` on what blowfish's exampleSite showed: its `authors` taxonomy
//! with term pages, and alerts in Obsidian's form.

mod common;

use std::fs;

use common::{TestSite, brief, files_under};

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

/// blowfish's exampleSite has an `authors` taxonomy with a page for the list
/// (`content/authors/_index.md`) and one per author (`content/authors/jane/_index.md`,
/// the bio). The report called `authors` a section without an `_index.md` (a 301 to
/// /archive/ would have hidden brief's own /authors/), listed a section feed and no
/// author feed, and the bio became a stray page /authors-jane/.
#[test]
fn hugo_authors_taxonomy_is_no_section_and_its_term_pages_become_authors_yaml() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"R\"\n[taxonomies]\ntag = \"tags\"\nauthor = \"authors\"\n\
         series = \"series\"\n",
    );
    site.write("hugo/content/posts/hello.md", "---\ntitle: Hello\ndate: 2022-10-12\nauthors: [jane]\n---\nHi.\n");
    site.write("hugo/content/authors/_index.md", "---\ntitle: Our authors\n---\n");
    site.write("hugo/content/authors/jane/_index.md", "---\ntitle: Jane Doe\n---\nJane's *bio*.\n");
    // A taxonomy no post uses is no section either; its term page has no home in brief.
    site.write("hugo/content/series/intro/_index.md", "---\ntitle: Intro\n---\nText.\n");
    let (report, dest) = site.import("hugo", &[]);
    let lines: Vec<&str> = report.lines().filter(|l| l.contains("authors") || l.contains("series")).collect();
    assert!(!report.contains("section `authors`") && !report.contains("section `series`"), "{report}");
    assert!(
        lines.contains(&"  /authors/jane/index.xml (Hugo's RSS feed of authors `jane`) → /authors/jane/atom.xml"),
        "{report}"
    );
    assert!(
        lines.contains(
            &"  content/authors/jane/_index.md: converted: the page of author `jane` → authors.yaml `jane`: its title as the name, its text as the bio"
        ),
        "{report}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  content/series/intro/_index.md: not converted: the page of series `intro`")),
        "{report}"
    );
    let authors: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(dest.join("authors.yaml")).unwrap()).unwrap();
    assert_eq!(authors, yaml("{jane: {name: Jane Doe, bio: \"Jane's *bio*.\"}}"));
    assert_eq!(files_under(&dest.join("content")), vec!["posts/hello.md"]);
    assert!(!dest.join("static/authors").exists());
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/authors/jane/index.html")).unwrap();
    assert!(page.contains("<h1>Jane Doe</h1>") && page.contains("<em>bio</em>"), "{page}");
}

/// blowfish's exampleSite writes alerts as Hugo's blockquote hooks read them, with a
/// title (`> [!TIP] Pro Tip`), a folding sign (`> [!NOTE]-`) or types GitHub has not
/// (`> [!INFO]+`, `> [!SUCCESS]`): they showed as literal text, with no report line.
#[test]
fn hugo_alerts_with_titles_convert_and_other_types_are_reported() {
    let site = TestSite::new();
    site.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"R\"\n");
    let body = "> [!TIP] Pro Tip\n> Use *it*.\n\n> [!NOTE]-\n> Folded.\n\n> [!INFO]+ More\n> x\n\n> [!SUCCESS]\n> y\n";
    site.write("hugo/content/posts/a.md", format!("---\ntitle: A\ndate: 2024-07-12\n---\n{body}"));
    let (report, dest) = site.import("hugo", &[]);
    let text = fs::read_to_string(dest.join("content/posts/a.md")).unwrap();
    assert!(text.ends_with("> [!TIP]\n> **Pro Tip**\n>\n> Use *it*.\n\n> [!NOTE]\n> Folded.\n\n> [!INFO]+ More\n> x\n\n> [!SUCCESS]\n> y\n"), "{text}");
    assert!(report.contains("content/posts/a.md:5: converted: 2 alert(s) with a title or a folding sign"), "{report}");
    assert!(
        report.contains(
            "content/posts/a.md:11: not converted: 2 alert(s) of a type brief does not render (`[!INFO]`, `[!SUCCESS]`)"
        ),
        "{report}"
    );
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/2024/07/12/a/index.html")).unwrap();
    assert!(
        page.contains("<div class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">Tip</p>\n<p><strong>Pro Tip</strong></p>\n<p>Use <em>it</em>.</p>"),
        "{page}"
    );
    assert!(page.contains("<div class=\"alert alert-note\" role=\"note\">"), "{page}");
}

/// Regression (review repro-3): Hugo reads an author's page from the folder its
/// `urlize` makes of the name, which drops `'` and `&` (`Conan O'Brien` is
/// `conan-obrien`, `AT&T` is `att`); brief's slug turns them into `-`. The page was
/// compared by brief's slug, reported as naming no author, and dropped.
#[test]
fn an_author_page_in_the_folder_hugo_makes_of_a_name_with_an_apostrophe_is_kept() {
    let site = TestSite::new();
    site.write(
        "hugo/hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"R\"\n[taxonomies]\ntag = \"tags\"\nauthor = \"authors\"\n",
    );
    site.write(
        "hugo/content/posts/p1.md",
        "---\ntitle: P1\ndate: 2024-01-01\nauthors: [\"Conan O'Brien\", \"AT&T\", \"Priya D'Souza\"]\n---\nHi.\n",
    );
    site.write("hugo/content/authors/conan-obrien/_index.md", "---\ntitle: Conan O'Brien, host\n---\nHosts shows.\n");
    site.write("hugo/content/authors/att/_index.md", "---\ntitle: AT&T Inc.\n---\n");
    site.write("hugo/content/authors/priya-dsouza/_index.md", "---\ntitle: Priya\n---\nWrites.\n");
    let (report, dest) = site.import("hugo", &[]);
    assert!(!report.contains("no post names this author"), "{report}");
    assert!(
        report.contains(
            "content/authors/conan-obrien/_index.md: converted: the page of author `conan-obrien` → authors.yaml \
             `Conan O'Brien`: its title as the name, its text as the bio"
        ),
        "{report}"
    );
    let authors: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(dest.join("authors.yaml")).unwrap()).unwrap();
    assert_eq!(
        authors,
        yaml(
            "{\"AT&T\": {name: AT&T Inc.}, \"Conan O'Brien\": {name: \"Conan O'Brien, host\", bio: Hosts shows.}, \
             \"Priya D'Souza\": {name: Priya, bio: Writes.}}"
        )
    );
    let out = brief().arg("--root").arg(&dest).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::read_to_string(dest.join("public/authors/conan-o-brien/index.html")).unwrap();
    assert!(page.contains("<h1>Conan O&#39;Brien, host</h1>") && page.contains("Hosts shows."), "{page}");
}
