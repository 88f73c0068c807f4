//! schema.org `NewsArticle` JSON-LD for a briefing's page.

use serde::Serialize;

use super::{html_safe_json, rfc3339};
use crate::index::Site;
use crate::routes::{Route, Routes};

/// schema.org `NewsArticle` JSON-LD for briefing `i`, safe to put inside `<script>`.
pub fn json_ld(site: &Site, i: usize, summary_text: &str) -> String {
    #[derive(Serialize)]
    struct Named<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct Correction<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "datePublished")]
        date_published: String,
        text: &'a str,
    }
    // A briefing's author: their page on this site, and their profiles elsewhere.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Person<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        same_as: Vec<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    }
    // Fields in name order, as a JSON object's keys have always been written here.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct NewsArticle<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        author: Vec<Person<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        correction: Vec<Correction<'a>>,
        date_modified: String,
        date_published: String,
        #[serde(skip_serializing_if = "str::is_empty")]
        description: &'a str,
        headline: &'a str,
        /// Only on a site with several languages, so a one-language site's pages stay
        /// as they were.
        #[serde(skip_serializing_if = "Option::is_none")]
        in_language: Option<&'a str>,
        keywords: Vec<&'a str>,
        main_entity_of_page: &'a str,
        publisher: Named<'a>,
        url: &'a str,
    }
    let cfg = site.cfg;
    let b = &site.briefings[i];
    let url = cfg.absolute(&site.idx.permalinks[i]);
    let routes = Routes::new(cfg, site.idx);
    let mut authors: Vec<Person> = site
        .idx
        .authors_of(b)
        .into_iter()
        .map(|id| {
            let term = site.idx.term(id);
            let links = site.authors.get(&term.slug).map(|p| p.links.as_slice()).unwrap_or_default();
            Person {
                kind: "Person",
                name: &term.name,
                // Profiles are pages: a `mailto:` link is not one.
                same_as: links.iter().map(|l| l.url.as_str()).filter(|u| is_web_url(u)).collect(),
                url: Some(routes.absolute(Route::Term { term: id, page: 1 })),
            }
        })
        .collect();
    if authors.is_empty() {
        // The site's author, who has no page of their own.
        authors.extend(cfg.author.as_deref().map(|name| Person {
            kind: "Person",
            name,
            same_as: Vec::new(),
            url: None,
        }));
    }
    let ld = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: authors,
        correction: b
            .corrections
            .iter()
            .map(|c| Correction { kind: "CorrectionComment", date_published: rfc3339(&c.date), text: &c.text })
            .collect(),
        date_modified: rfc3339(b.modified()),
        date_published: rfc3339(&b.date),
        description: summary_text,
        headline: &b.title,
        in_language: (site.editions.len() > 1).then_some(cfg.language.as_str()),
        keywords: b.terms.iter().flatten().map(String::as_str).collect(),
        main_entity_of_page: &url,
        publisher: Named { kind: "Organization", name: &cfg.title },
        url: &url,
    };
    let json = html_safe_json(serde_json::to_vec(&ld).unwrap_or_default());
    String::from_utf8(json).unwrap_or_default()
}

/// Whether `url` is an `http` or `https` URL.
fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
