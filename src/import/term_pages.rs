//! Hugo's term pages: `content/<taxonomy>/<term>/_index.md`, the text Hugo shows on a
//! term's list page (an author's bio, say). An author's becomes its entry in
//! `authors.yaml` (the name from its title, the bio from its text), which brief shows on
//! the author's page; another taxonomy's has no home in brief (its term pages have no
//! text of their own), so it is reported as not converted. Neither becomes a standalone
//! page. Pure.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::matter::text_of;
use super::permalink::urlize;
use super::{Found, Note, NoteKind};
use crate::parse::slug::slugify_name;

/// Hugo's taxonomies (plural names, as in URLs and front matter): the configured ones,
/// else Hugo's defaults, `tags` and `categories`.
pub(super) fn hugo_taxonomies(config: &super::Map) -> Vec<String> {
    match super::hugo::get(config, "taxonomies").and_then(Value::as_object) {
        Some(t) => t.values().filter_map(text_of).collect(),
        None => vec!["tags".into(), "categories".into()],
    }
}

/// An `authors.yaml` entry.
#[derive(Debug, Serialize)]
struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bio: Option<String>,
}

/// Take the term pages out of `found.entries`; set `found.authors_yaml` when an
/// author's page had something to carry over.
pub(super) fn take(found: &mut Found) {
    let taxonomies = hugo_taxonomies(&found.config);
    // Each name posts give an author, with brief's slug of it and Hugo's (`urlize`, the
    // folder Hugo reads its page from: `Conan O'Brien` is `conan-obrien`, no `-` for `'`).
    let authors: Vec<(String, String, String)> =
        found.entries.iter().flat_map(|e| &e.fm.authors).map(|a| (a.clone(), slugify_name(a), urlize(a))).collect();
    let mut profiles: BTreeMap<String, Profile> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut kept = Vec::with_capacity(found.entries.len());
    for e in std::mem::take(&mut found.entries) {
        let is_index = e.source.file_stem().is_some_and(|s| s.to_string_lossy().split('.').next() == Some("_index"));
        let term = e.dir.split_once('/').filter(|(t, term)| {
            is_index && !term.contains('/') && taxonomies.iter().any(|x| x.eq_ignore_ascii_case(t))
        });
        let Some((tax, term)) = term else {
            kept.push(e);
            continue;
        };
        let (tax, term) = (tax.to_lowercase(), term.to_string());
        let mut note =
            |kind: NoteKind, text: String| found.site_notes.push((e.source.clone(), Note::new(0, kind, text)));
        let bio = Some(e.body.trim().to_string()).filter(|b| !b.is_empty());
        let title = Some(e.fm.title.trim().to_string()).filter(|t| !t.is_empty() && *t != term);
        if tax != "authors" {
            note(
                NoteKind::NotConverted,
                format!(
                    "the page of {tax} `{term}` (its title and text): brief's term pages have no text of their own, \
                     so no page was made of it"
                ),
            );
            continue;
        }
        let (slug, folder) = (slugify_name(&term), urlize(&term));
        let named =
            authors.iter().find(|(_, s, _)| *s == slug).or_else(|| authors.iter().find(|(_, _, u)| *u == folder));
        let Some((name, slug, _)) = named else {
            note(
                NoteKind::NotConverted,
                format!("the page of author `{term}`: no post names this author, so brief has no page to put it on"),
            );
            continue;
        };
        // authors.yaml is keyed by the name briefings write or its slug: the folder's,
        // unless only Hugo's slug of the name is the folder's (brief's is another).
        let key = if slugify_name(&term) == *slug { term.clone() } else { name.clone() };
        if !seen.insert(slug.clone()) {
            note(
                NoteKind::NotConverted,
                format!("the page of author `{term}` in another language: authors.yaml has one bio for each author"),
            );
            continue;
        }
        if bio.is_some() || title.is_some() {
            let what = match (&title, &bio) {
                (Some(_), Some(_)) => "its title as the name, its text as the bio",
                (Some(_), None) => "its title as the name",
                _ => "its text as the bio",
            };
            note(NoteKind::Converted, format!("the page of author `{term}` → authors.yaml `{key}`: {what}"));
            if bio.as_deref().is_some_and(|b| b.contains("{{<") || b.contains("{{%")) {
                note(NoteKind::NotConverted, "a shortcode in the bio of authors.yaml is left as written".into());
            }
        } else {
            note(NoteKind::Info, format!("the page of author `{term}` has no title or text: brief's page is enough"));
        }
        profiles.insert(key, Profile { name: title, bio });
    }
    found.entries = kept;
    profiles.retain(|_, p| p.name.is_some() || p.bio.is_some());
    if let Some(text) = Some(profiles).filter(|p| !p.is_empty()).and_then(|p| crate::yaml::to_string(&p).ok()) {
        let head = "# Written by `brief import hugo` from the authors' pages (content/authors/<name>/_index.md).";
        found.authors_yaml = Some(format!("{head}\n{text}"));
    }
}
