use super::*;
use crate::parse::parse_briefing;
use std::path::Path;

fn b(name: &str, date: &str, tags: &str, slug: Option<&str>) -> Briefing {
    let slug = slug.map(|s| format!("slug: {s}\n")).unwrap_or_default();
    let text = format!("---\ntitle: {name}\ndate: {date}\ntags: [{tags}]\n{slug}---\nbody\n");
    parse_briefing(Path::new(&format!("content/{name}.md")), &Default::default(), &text, &Config::default())
        .item
        .expect("valid")
}

fn index(bs: &[Briefing]) -> Index {
    let cfg = Config::default();
    let permalinks = bs.iter().map(|b| crate::routes::permalink(&cfg.permalink, b)).collect();
    let mut idx = build_index(&cfg, bs, permalinks, Vec::new(), &Authors::default());
    (idx.related, idx.related_fit) = related(&idx.taxonomies, cfg.tags_taxonomy(), &idx.rank, &idx.order);
    idx
}

#[test]
fn orders_newest_first_and_builds_date_tree() {
    let bs = vec![b("a", "2024-07-10", "x", None), b("c", "2024-07-12", "x, y", None), b("b", "2023-01-01", "y", None)];
    let idx = index(&bs);
    assert_eq!(idx.order, vec![1, 0, 2]);
    assert_eq!(idx.permalinks[1], "/2024/07/12/c/");
    let years: Vec<_> = idx.years.iter().map(|y| (y.year, y.items.len(), y.months.len())).collect();
    assert_eq!(years, vec![(2024, 2, 1), (2023, 1, 1)]);
    assert_eq!(idx.years[0].months[0].days.iter().map(|d| d.day).collect::<Vec<_>>(), vec![12, 10]);
    assert_eq!((idx.older(1), idx.newer(1)), (Some(0), None));
    let days: Vec<i8> = idx.day_ids().map(|d| idx.day(d).day).collect();
    assert_eq!(days, vec![12, 10, 1]);
    assert_eq!(idx.list_order(3), vec![1, 0, 2]);
    // One not listed (expired) comes after the listed ones.
    let mut bs = bs;
    bs[1].expired = true;
    assert_eq!(index(&bs).list_order(3), vec![0, 2, 1]);
}

#[test]
fn tags_with_same_slug_merge() {
    let bs = vec![b("a", "2024-07-10", "North Korea", None), b("c", "2024-07-12", "north korea", None)];
    let idx = index(&bs);
    assert_eq!(idx.taxonomies[0].terms.len(), 1);
    assert_eq!(idx.taxonomies[0].terms[0].slug, "north-korea");
    assert_eq!(idx.taxonomies[0].terms[0].items, vec![1, 0]);
    assert_eq!(idx.term_by_slug(0, "north-korea"), Some(TermId { taxonomy: 0, term: 0 }));
}

fn with_authors(name: &str, date: &str, authors: &str) -> Briefing {
    let text = format!("---\ntitle: {name}\ndate: {date}\ntags: [x]\nauthors: [{authors}]\n---\nbody\n");
    parse_briefing(Path::new(&format!("content/{name}.md")), &Default::default(), &text, &Config::default())
        .item
        .expect("valid")
}

#[test]
fn authors_are_a_taxonomy_after_the_configured_ones() {
    let bs = vec![
        with_authors("a", "2024-07-10", "Desk A, Kim"),
        with_authors("b", "2024-07-11", "desk a"),
        with_authors("c", "2024-07-12", ""),
    ];
    let cfg = Config::default();
    let permalinks = bs.iter().map(|b| crate::routes::permalink(&cfg.permalink, b)).collect();
    let profiles = Authors {
        profiles: vec![crate::model::AuthorProfile {
            slug: "kim".into(),
            name: Some("Kim Jisoo".into()),
            bio_html: None,
            bio_text: None,
            links: Vec::new(),
        }],
    };
    let idx = build_index(&cfg, &bs, permalinks, Vec::new(), &profiles);
    assert_eq!((idx.authors, idx.subjects()), (Some(1), 0..1));
    let authors = &idx.taxonomies[1];
    assert_eq!(authors.name, "authors");
    let terms: Vec<_> = authors.terms.iter().map(|t| (t.name.as_str(), t.slug.as_str(), t.items.clone())).collect();
    assert_eq!(terms, vec![("Desk A", "desk-a", vec![1, 0]), ("Kim Jisoo", "kim", vec![0])]);
    assert_eq!(idx.slugs_of(&bs[0], 1), ["desk-a", "kim"]);
    assert_eq!(idx.slugs_of(&bs[0], 0), ["x"]);
    let names: Vec<&str> = idx.authors_of(&bs[0]).into_iter().map(|id| idx.term(id).name.as_str()).collect();
    assert_eq!(names, vec!["Desk A", "Kim Jisoo"]);
    // No author anywhere: no taxonomy, no pages.
    let idx = index(&bs[2..]);
    assert_eq!((idx.authors, idx.taxonomies.len(), idx.subjects()), (None, 1, 0..1));
}

#[test]
fn related_by_shared_tags() {
    let bs = vec![
        b("a", "2024-07-10", "x, y", None),
        b("b", "2024-07-11", "x", None),
        b("c", "2024-07-09", "x, y", None),
        b("d", "2024-07-08", "z", None),
    ];
    let idx = index(&bs);
    assert_eq!(idx.related[0], vec![2, 1]);
    assert_eq!(idx.related[3], Vec::<usize>::new());
}

#[test]
fn page_slices() {
    let items = [1, 2, 3, 4, 5];
    assert_eq!(page_slice(&items, 1, 2), &[1, 2]);
    assert_eq!(page_slice(&items, 3, 2), &[5]);
    assert_eq!(page_slice(&items, 4, 2), &[] as &[usize]);
}
