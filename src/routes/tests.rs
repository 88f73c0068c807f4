//! Unit tests of routes: output files, pagination, links, permalinks, sitemap parts.
use super::permalinks::{Publisher, permalinks, separated_slug};
use super::*;
use crate::model::Briefing;

#[test]
fn output_files() {
    assert_eq!(output_file("/"), "index.html");
    assert_eq!(output_file("/tags/x/"), "tags/x/index.html");
    assert_eq!(output_file("/atom.xml"), "atom.xml");
    // Percent escapes: the file a static server looks for.
    assert_eq!(output_file("/post%20formats/far/"), "post formats/far/index.html");
    assert_eq!(output_file("/%EB%B6%81%ED%95%9C/"), "북한/index.html");
    assert_eq!(output_file("/100%/x%zz/"), "100%/x%zz/index.html", "not escapes");
    for kept in ["/a%2Fb/", "/a%5Cb/", "/%2E%2E/x/", "/%2e/", "/a%00b/", "/%FF/"] {
        assert_eq!(output_file(kept), format!("{}index.html", &kept[1..]), "{kept}");
    }
}

#[test]
fn pagination_paths() {
    assert_eq!(page_count(20, 20), 1);
    assert_eq!(page_count(21, 20), 2);
    assert_eq!(page_count(0, 20), 1);
    assert_eq!(pager_path("/tags/x/", 1), "/tags/x/");
    assert_eq!(pager_path("/tags/x/", 2), "/tags/x/page/2/");
    assert_eq!(pager_path("/", 1234), "/page/1234/");
}

/// Date paths as `format!("/{year:04}/{m:02}/{d:02}/")` writes them, at the edges of
/// what a date holds.
#[test]
fn date_paths_are_zero_padded() {
    for (y, m, d) in [
        (2024, Some(7), Some(1)),
        (5, Some(12), Some(31)),
        (-44, Some(3), Some(15)),
        (9999, None, None),
        (0, Some(1), None),
    ] {
        let want = match (m, d) {
            (Some(m), Some(d)) => format!("/{y:04}/{m:02}/{d:02}/"),
            (Some(m), None) => format!("/{y:04}/{m:02}/"),
            _ => format!("/{y:04}/"),
        };
        assert_eq!(date_path(y, m, d), want);
    }
    assert_eq!(date_path(-44, Some(3), None), "/-044/03/");
    assert_eq!(date_path(2024, None, Some(9)), "/2024/");
    assert_eq!(
        (taxonomy_path("tags"), term_path("tags", "north-korea")),
        ("/tags/".into(), "/tags/north-korea/".into())
    );
}

#[test]
fn links_carry_the_base_path() {
    let mut cfg = Config::default();
    cfg.set_base_url("https://h.example/b/").unwrap();
    assert_eq!(link(&cfg, "/tags/x/"), "/b/tags/x/");
    assert_eq!(cfg.absolute(&date_path(2024, Some(7), Some(1))), "https://h.example/b/2024/07/01/");
}

fn briefing(path: &str, title: &str, date: &str) -> Briefing {
    let text = format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n");
    let p = crate::parse::parse_briefing(path.as_ref(), &Default::default(), &text, &Config::default());
    p.item.expect("valid")
}

/// Regression (issue 12): two long titles that differ only past the cut.
#[test]
fn cut_slugs_never_make_two_urls_one() {
    let long = "Ruby security advisory: directory traversal in Dir.mktmpdir and Tempfile.create, CVE-2018-6914";
    let bs = vec![
        briefing("content/c.md", &format!("{long} (Japanese)"), "2024-01-05"),
        briefing("content/b.md", &format!("{long} (Korean)"), "2024-01-05"),
        briefing("content/a.md", long, "2024-01-05T08:00:00Z"),
        briefing("content/d.md", "Unrelated", "2024-01-05"),
    ];
    assert_eq!(bs[0].slug, bs[1].slug);
    let cut = format!("/2024/01/05/{}/", bs[0].slug);
    let links = permalinks("/:year/:month/:day/:slug/", &bs, &|_, _| Publisher::Nobody);
    // The oldest keeps the cut slug (ties: by source path); the others take theirs whole.
    assert_eq!(links[1], cut);
    assert_eq!(links[0], format!("/2024/01/05/{}/", bs[0].uncut_slug.as_deref().unwrap()));
    assert_eq!(links[2], format!("/2024/01/05/{}/", bs[2].uncut_slug.as_deref().unwrap()));
    assert_eq!(links[3], "/2024/01/05/unrelated/");
    // The same set in another order gives the same URLs.
    let mut reversed = bs.clone();
    reversed.reverse();
    let mut again = permalinks("/:year/:month/:day/:slug/", &reversed, &|_, _| Publisher::Nobody);
    again.reverse();
    assert_eq!(again, links);
    // A slug that was not cut keeps its URL; the cut one moves.
    let prefix = briefing("content/z.md", &bs[0].slug.replace('-', " "), "2024-01-06");
    let newer = briefing("content/y.md", long, "2024-01-05");
    let links = permalinks("/:year/:month/:day/:slug/", &[newer.clone(), prefix.clone()], &|_, _| Publisher::Nobody);
    assert_eq!(links, vec![format!("/2024/01/05/{}/", newer.slug), format!("/2024/01/06/{}/", prefix.slug)]);
}

#[test]
fn a_whole_slug_too_long_for_a_folder_name_gets_a_hash() {
    assert_eq!(separated_slug("a-b", "a-b-c"), "a-b-c");
    let long = "x".repeat(300);
    // FNV-1a of the whole slug, checked against another implementation.
    assert_eq!(separated_slug("x", &long), "x-970138f5");
    // A cut slug of four-byte letters is shortened to leave room for the hash.
    let (cut, whole) = ("𠀀".repeat(64), "𠀀".repeat(90));
    assert!(separated_slug(&cut, &whole).len() <= crate::parse::slug::MAX_BYTES);
}

#[test]
fn sitemap_parts_past_the_limit() {
    assert_eq!(Routes::sitemap_files(3, 2), vec!["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
    assert_eq!(Routes::sitemap_files(2, 2), vec!["sitemap.xml"]);
}

#[test]
fn permalink_patterns_fill_every_placeholder_once() {
    let b = briefing("content/x.md", "Unicode: the :day after", "2024-03-05");
    let cases = [
        ("/:year/:month/:day/:slug/", "/2024/03/05/unicode-the-day-after/"),
        ("/news/:slug/", "/news/unicode-the-day-after/"),
        ("/:slug/:year/:slug/", "/unicode-the-day-after/2024/unicode-the-day-after/"),
        ("/a:b/:yearly/:mo/:day:day/::slug/", "/a:b/2024ly/:mo/0505/:unicode-the-day-after/"),
        ("/no-placeholder/", "/no-placeholder/"),
        ("/:/:", "/:/:"),
    ];
    for (pattern, want) in cases {
        assert_eq!(permalink(pattern, &b), want, "{pattern}");
    }
}

/// A sitemap writes each location onto its buffer: the same URL `absolute` makes, for
/// every route of a site with pages of lists, at the root and under an edition's folder.
#[test]
fn pushed_absolute_urls_are_the_absolute_ones() {
    let mut cfg = Config::default();
    cfg.set_base_url("https://h.example/b/").unwrap();
    cfg.paginate = 2;
    let mut bs: Vec<Briefing> = (0..9)
        .map(|k| {
            let date = format!("{}-{:02}-01", 2023 + k % 2, 1 + k % 2);
            briefing(&format!("content/b{k}.md"), &format!("Brief {k} & <more>"), &date)
        })
        .collect();
    bs.push(briefing("content/old.md", "Year five", "0005-03-04"));
    let authors = crate::model::Authors::default();
    for root in ["/", "/fr/"] {
        let idx = crate::site::index_site(&cfg, root, &bs, &[], &Default::default(), &authors).unwrap();
        let routes = Routes::new(&cfg, &idx);
        let all = routes.all();
        assert!(all.iter().any(|r| matches!(r, Route::Day { page: 2, .. })), "a day with two pages");
        assert!(all.iter().any(|r| matches!(r, Route::Year { page: 3, .. })), "a year with three pages");
        for r in all {
            let mut out = String::from("kept ");
            routes.push_absolute(&mut out, r);
            assert_eq!(out, format!("kept {}", routes.absolute(r)), "{r:?} at {root}");
        }
    }
}
