//! schema.org `NewsArticle` JSON-LD for a briefing's page.

use serde::Serialize;

use super::{html_safe_json, rfc3339};
use crate::index::Site;

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
    // Fields in name order, as a JSON object's keys have always been written here.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct NewsArticle<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        author: Vec<Named<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        correction: Vec<Correction<'a>>,
        date_modified: String,
        date_published: String,
        #[serde(skip_serializing_if = "str::is_empty")]
        description: &'a str,
        headline: &'a str,
        keywords: Vec<&'a str>,
        main_entity_of_page: &'a str,
        publisher: Named<'a>,
        url: &'a str,
    }
    let cfg = site.cfg;
    let b = &site.briefings[i];
    let url = cfg.absolute(&site.idx.permalinks[i]);
    let authors: Vec<&String> =
        if b.authors.is_empty() { cfg.author.iter().collect() } else { b.authors.iter().collect() };
    let ld = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: authors.iter().map(|a| Named { kind: "Person", name: a }).collect(),
        correction: b
            .corrections
            .iter()
            .map(|c| Correction { kind: "CorrectionComment", date_published: rfc3339(&c.date), text: &c.text })
            .collect(),
        date_modified: rfc3339(b.modified()),
        date_published: rfc3339(&b.date),
        description: summary_text,
        headline: &b.title,
        keywords: b.terms.iter().flatten().map(String::as_str).collect(),
        main_entity_of_page: &url,
        publisher: Named { kind: "Organization", name: &cfg.title },
        url: &url,
    };
    let json = html_safe_json(serde_json::to_vec(&ld).unwrap_or_default());
    String::from_utf8(json).unwrap_or_default()
}
