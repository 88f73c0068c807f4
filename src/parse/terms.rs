//! The terms (tags, other taxonomies) and authors a briefing lists, each item checked
//! where it is written: a null item (`~`, `null`, an empty `-`) or a name with nothing
//! to make a URL of is an error at that item's line and column.

use super::Ctx;
use super::slug::{slugify_name, slugify_term};

/// The terms of taxonomy `tax` as written (trimmed) and their slugs; two spellings of
/// one term count once.
pub(super) fn terms(ctx: &mut Ctx, tax: &str, written: Vec<Option<String>>) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut slugs = Vec::new();
    for (k, v) in written.into_iter().enumerate() {
        let Some(name) = named(ctx, tax, k, v) else { continue };
        let slug = slugify_term(&name);
        if slug.is_empty() {
            ctx.at_list_item(
                tax,
                k,
                format!("{tax} entry `{name}` has no letters, digits or emoji"),
                "remove it, or give it a name with at least one letter, digit or emoji",
            );
        } else if !slugs.contains(&slug) {
            // Two spellings of one tag in one briefing count once.
            names.push(name);
            slugs.push(slug);
        }
    }
    (names, slugs)
}

/// The authors as written (trimmed) and their slugs; two spellings of one author count
/// once, and a name with no letter or digit (no page), empty ones too, is an error.
pub(super) fn authors(ctx: &mut Ctx, written: Vec<Option<String>>) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut slugs = Vec::new();
    for (k, a) in written.into_iter().enumerate() {
        let Some(name) = named(ctx, "authors", k, a) else { continue };
        let slug = slugify_name(&name);
        if slug.is_empty() {
            ctx.at_list_item(
                "authors",
                k,
                format!("author `{name}` has no letters or digits"),
                "write the author's name; each author gets a page at /authors/<name>/",
            );
        } else if !slugs.contains(&slug) {
            names.push(name);
            slugs.push(slug);
        }
    }
    (names, slugs)
}

/// Item `k` of list `key`, trimmed; a null item is an error (YAML reads `~`, `null`
/// and an empty `-` as no value, not as a name).
fn named(ctx: &mut Ctx, key: &str, k: usize, item: Option<String>) -> Option<String> {
    match item {
        Some(v) => Some(v.trim().to_string()),
        None => {
            ctx.at_list_item(
                key,
                k,
                format!("{key} entry {} is null, not a name", k + 1),
                "remove it, or quote it (`\"null\"`, `\"~\"`) if that is the name",
            );
            None
        }
    }
}
