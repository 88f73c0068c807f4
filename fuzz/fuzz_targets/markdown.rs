//! `markdown::render`, the Markdown pipeline of every body: no panic, unique heading
//! ids, consistent word counts, and no `<script` element that the input did not contain.
#![no_main]

use brief::markdown::render;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let r = render(body);
    assert_eq!(r.word_count, r.text.split_whitespace().count(), "word count");
    let mut ids = std::collections::HashSet::new();
    for t in &r.toc {
        assert!((1..=6).contains(&t.level));
        assert!(!t.id.is_empty(), "empty heading id");
        assert!(ids.insert(t.id.clone()), "duplicate heading id {:?}", t.id);
    }
    let input = body.to_ascii_lowercase();
    for html in std::iter::once(&r.html).chain(r.before_more.iter()).chain(r.first_paragraph.iter()) {
        if html.to_ascii_lowercase().contains("<script") {
            assert!(input.contains("<script"), "a <script> element made from text without one");
        }
    }
});
