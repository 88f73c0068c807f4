//! Snapshots (insta) of every page kind of the example site and of each kind of
//! diagnostic, with temporary paths redacted: a change in output shows as a diff.
//! After an intended change, `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`) rewrites them; review the diff before committing.

mod common;

use common::{TestSite, copy_tree};

/// The example site of the repository (site.yaml, authors.yaml and content/) in a
/// temporary folder.
fn example_site() -> TestSite {
    let s = TestSite::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), s.root().join("site.yaml")).unwrap();
    std::fs::copy(repo.join("authors.yaml"), s.root().join("authors.yaml")).unwrap();
    copy_tree(&repo.join("content"), &s.root().join("content"));
    s
}

/// The example site as a site with one language: its English edition alone
/// (`languages:` and the Korean and Indonesian folders removed). Its snapshots are the
/// ones made before brief had editions: a one-language site builds as it did.
fn english_example_site() -> TestSite {
    let s = example_site();
    let yaml = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    let kept: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.starts_with("languages:") && !l.starts_with("  ko:") && !l.starts_with("  id:"))
        .collect();
    assert_eq!(kept.len() + 3, yaml.lines().count(), "site.yaml lists two other languages");
    std::fs::write(s.root().join("site.yaml"), kept.join("\n") + "\n").unwrap();
    std::fs::remove_dir_all(s.root().join("content/ko")).unwrap();
    std::fs::remove_dir_all(s.root().join("content/id")).unwrap();
    s
}

#[test]
fn every_page_kind_of_the_example_site() {
    let s = english_example_site();
    s.build_ok(&[]);
    insta::assert_snapshot!("files", s.files().join("\n"));
    for (kind, file) in [
        ("home", "index.html"),
        ("briefing", "2024/07/12/nk-nato-declaration/index.html"),
        ("page", "about/index.html"),
        ("tags", "tags/index.html"),
        ("tag", "tags/nato/index.html"),
        ("tag_feed", "tags/nato/atom.xml"),
        ("authors", "authors/index.html"),
        ("author", "authors/briefing-desk/index.html"),
        ("day", "2024/07/12/index.html"),
        ("month", "2024/07/index.html"),
        ("year", "2024/index.html"),
        ("archive", "archive/index.html"),
        ("search", "search/index.html"),
        ("not_found", "404.html"),
        ("atom", "atom.xml"),
        ("json_feed", "feed.json"),
        ("sitemap", "sitemap.xml"),
        ("robots", "robots.txt"),
        ("news_sitemap", "news-sitemap.xml"),
        ("search_manifest", "search/data/manifest.json"),
        ("search_words", "search/data/w/0.json"),
        ("search_docs", "search/data/d/0.json"),
    ] {
        insta::assert_snapshot!(kind, s.page(file));
    }
}

/// The Korean and Indonesian editions of the example site: pages in each language,
/// with hreflang links, the language menu, localised dates, and the sitemap's
/// alternates.
#[test]
fn the_editions_of_the_example_site() {
    let s = example_site();
    s.build_ok(&[]);
    insta::assert_snapshot!("editions_files", s.files().join("\n"));
    for (kind, file) in [
        ("ko_home", "ko/index.html"),
        ("ko_briefing", "ko/2024/07/12/북한-나토-정상회의-선언-규탄-신냉전-부추겨/index.html"),
        ("ko_month", "ko/2024/07/index.html"),
        ("id_month", "id/2024/07/index.html"),
        ("id_tag", "id/tags/korea-utara/index.html"),
        ("ko_atom", "ko/atom.xml"),
        ("en_briefing_with_translations", "2024/07/12/nk-nato-declaration/index.html"),
        ("editions_sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(kind, s.page(file));
    }
}

/// A site with one problem, and the command that reports it.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
}

const GOOD: &str = "---\ntitle: Good\ndate: 2024-07-12\ntags: [nato]\n---\nBody.\n";

const CASES: &[Case] = &[
    Case {
        name: "malformed_yaml",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\ntags: [a, b\n---\nBody.\n")],
        args: &["build"],
    },
    Case {
        name: "unclosed_front_matter",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\n")],
        args: &["build"],
    },
    Case { name: "no_front_matter", files: &[("content/a.md", "Just text.\n")], args: &["build"] },
    Case { name: "missing_title_and_date", files: &[("content/a.md", "---\nslug: x\n---\nBody.\n")], args: &["build"] },
    Case {
        name: "impossible_date",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-02-30\n---\n")],
        args: &["build"],
    },
    Case {
        name: "unknown_key_warning",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\ntag: [a]\n---\nBody.\n")],
        args: &["build", "--strict"],
    },
    Case {
        name: "tags_not_a_list",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\ntags: {a: b}\n---\nBody.\n")],
        args: &["build"],
    },
    Case {
        name: "bad_source_url",
        files: &[(
            "content/a.md",
            "---\ntitle: x\ndate: 2024-07-12\nsources:\n  - title: s\n    url: \"javascript:alert(1)\"\n---\n",
        )],
        args: &["build"],
    },
    Case {
        name: "authors_yaml_unknown_key",
        files: &[("authors.yaml", "Desk A:\n  name: A\n  homepage: https://a.example/\n"), ("content/a.md", GOOD)],
        args: &["build"],
    },
    Case {
        name: "authors_yaml_bad_link_and_unknown_author",
        files: &[
            ("authors.yaml", "Desk A:\n  links:\n    - title: Home\n      url: \"javascript:alert(1)\"\nDesk Z: {}\n"),
            ("content/a.md", "---\ntitle: x\ndate: 2024-07-12\nauthors: [Desk A]\n---\nBody.\n"),
        ],
        args: &["build"],
    },
    Case {
        name: "two_sources_for_one_url",
        files: &[
            ("content/a.md", "---\ntitle: Same\ndate: 2024-07-12\n---\nA.\n"),
            ("content/b.md", "---\ntitle: Same\ndate: 2024-07-12\n---\nB.\n"),
        ],
        args: &["build"],
    },
    Case {
        name: "slug_takes_pagination",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\nslug: page\n---\n")],
        args: &["build"],
    },
    Case {
        name: "static_file_over_a_page",
        files: &[("content/a.md", GOOD), ("static/tags/nato/index.html", "<p>mine</p>\n")],
        args: &["build"],
    },
    Case {
        name: "unknown_site_yaml_key",
        files: &[("site.yaml", "title: x\ntimezon: UTC\n"), ("content/a.md", GOOD)],
        args: &["build"],
    },
    Case {
        name: "unknown_time_zone",
        files: &[("site.yaml", "timezone: Mars/Olympus\n"), ("content/a.md", GOOD)],
        args: &["build"],
    },
    Case { name: "bad_base_url_flag", files: &[("content/a.md", GOOD)], args: &["build", "--base-url", "ftp://x"] },
    Case {
        name: "template_syntax_error",
        files: &[
            ("content/a.md", GOOD),
            (
                "templates/briefing.html",
                "{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock main %}\n",
            ),
        ],
        args: &["build"],
    },
    Case {
        name: "broken_link",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\n---\nSee [there](/nowhere/) and [here](#nope).\n")],
        args: &["check"],
    },
    Case {
        name: "percent_before_multibyte_link",
        files: &[("content/a.md", "---\ntitle: x\ndate: 2024-07-12\n---\nA <a href=\"100%한\">share</a>.\n")],
        args: &["check"],
    },
    Case { name: "no_content_folder", files: &[("site.yaml", "title: x\n")], args: &["build"] },
];

#[test]
fn each_diagnostic_kind() {
    for case in CASES {
        let s = TestSite::new();
        for (rel, text) in case.files {
            s.write(rel, text);
        }
        let stderr = s.fails(case.args);
        insta::assert_snapshot!(case.name, s.redact(&stderr));
    }
}
