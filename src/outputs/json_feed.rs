//! `/feed.json`: JSON Feed 1.1 of the newest briefings.

use serde_json::json;

use super::{html_safe_json, id_for, rfc3339};
use crate::index::Site;
use crate::routes::{JSON_FEED, link};

/// `/feed.json`: JSON Feed 1.1 of the newest briefings.
pub fn json_feed(site: &Site) -> Vec<u8> {
    let cfg = site.cfg;
    let items: Vec<serde_json::Value> = site
        .idx
        .order
        .iter()
        .take(cfg.feed_limit)
        .map(|&i| {
            let b = &site.briefings[i];
            let path = &site.idx.permalinks[i];
            let body = b.content.unpack();
            let mut item = json!({
                "id": id_for(cfg, path),
                "title": b.title,
                "content_html": crate::links::rebase(body.html(), &link(cfg, path), Some(&cfg.origin)),
                "summary": body.summary_text(),
                "date_published": rfc3339(&b.date),
                "date_modified": rfc3339(b.modified()),
                "tags": b.terms.iter().flatten().collect::<Vec<_>>(),
            });
            if cfg.has_host() {
                item["url"] = json!(cfg.absolute(path));
            }
            let authors = site.author_names(i);
            if !authors.is_empty() {
                item["authors"] = authors.iter().map(|a| json!({ "name": a })).collect();
            }
            item
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": cfg.title,
        "language": cfg.language,
        "items": items,
    });
    // JSON Feed's URLs are absolute: without a host they are left out (all optional).
    if cfg.has_host() {
        feed["home_page_url"] = json!(cfg.absolute(&site.idx.root));
        feed["feed_url"] = json!(cfg.absolute(&site.idx.rooted(JSON_FEED)));
    }
    if !cfg.description.is_empty() {
        feed["description"] = json!(cfg.description);
    }
    if let Some(a) = &cfg.author {
        feed["authors"] = json!([{ "name": a }]);
    }
    let mut out = html_safe_json(serde_json::to_vec_pretty(&feed).unwrap_or_default());
    out.push(b'\n');
    out
}
