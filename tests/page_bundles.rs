//! Page bundles through the CLI: `content/pages/<name>/index.md` is the page `/<name>/`
//! with every file of its folder beside it, in each edition the page is in, as a
//! briefing bundle is; an `index.md` right in `content/pages/` stays `/index/`.

mod common;

use common::TestSite;

/// The files of the built site under `prefix`, sorted.
fn files_under(s: &TestSite, prefix: &str) -> Vec<String> {
    s.files().into_iter().filter(|f| f.starts_with(prefix)).collect()
}

#[test]
fn a_page_bundle_is_named_by_its_folder_and_keeps_its_files_beside_it() {
    let s = TestSite::with_config("title: Desk\ntimezone: UTC\n");
    s.briefing("2024/07/a.md", "Alpha", "2024-07-01", "", "Body.");
    for name in ["team", "lab"] {
        s.write(&format!("content/pages/{name}/index.md"), format!("---\ntitle: {name}\n---\n![x](photo.png)\n"));
        s.write(&format!("content/pages/{name}/photo.png"), format!("photo of {name}"));
    }
    s.write("content/pages/team/docs/cv.pdf", "cv");
    s.write("content/pages/index.md", "---\ntitle: Index\n---\nThe index page.\n");
    let checked = s.stderr_ok(&["check"]);
    assert_eq!(checked.lines().filter(|l| l.contains("nothing is built")).collect::<Vec<_>>(), Vec::<&str>::new());
    s.build_ok(&[]);
    assert_eq!(files_under(&s, "team/"), ["team/docs/cv.pdf", "team/index.html", "team/photo.png"]);
    assert_eq!(files_under(&s, "lab/"), ["lab/index.html", "lab/photo.png"]);
    assert_eq!(std::fs::read_to_string(s.public().join("lab/photo.png")).unwrap(), "photo of lab");
    // Nothing is left at the folder's own path; `pages/index.md` is the page it was.
    assert_eq!(files_under(&s, "pages/"), Vec::<String>::new());
    assert_eq!(files_under(&s, "index/"), ["index/index.html"]);
}

#[test]
fn a_page_bundle_has_its_files_in_each_edition_it_is_in() {
    let s = TestSite::with_config("title: Desk\ntimezone: UTC\nlanguage: en\nlanguages:\n  ko: {}\n  id: {}\n");
    s.briefing("2024/07/a.md", "Alpha", "2024-07-01", "", "Body.");
    // One folder with a translation by suffix, and one edition's own folder.
    s.write("content/pages/team/index.md", "---\ntitle: Team\n---\n![x](photo.png)\n");
    s.write("content/pages/team/index.ko.md", "---\ntitle: 팀\n---\n![x](photo.png)\n");
    s.write("content/pages/team/photo.png", "shared");
    s.write("content/id/pages/tim/index.md", "---\ntitle: Tim\ntranslation_key: pages/team\n---\n![x](foto.png)\n");
    s.write("content/id/pages/tim/foto.png", "own");
    s.stderr_ok(&["check"]);
    s.build_ok(&[]);
    assert_eq!(files_under(&s, "team/"), ["team/index.html", "team/photo.png"]);
    assert_eq!(files_under(&s, "ko/team/"), ["ko/team/index.html", "ko/team/photo.png"]);
    assert_eq!(files_under(&s, "id/tim/"), ["id/tim/foto.png", "id/tim/index.html"]);
    assert_eq!(files_under(&s, "id/team/"), Vec::<String>::new());
    let team = s.page("team/index.html");
    assert_eq!(team.matches(r#"hreflang="id" href="/id/tim/""#).count(), 1, "{team}");
}
