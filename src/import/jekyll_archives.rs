//! jekyll-archives' pages: a page per tag and per category (at `/tag/:name/` and
//! `/category/:name/` by default, or its `permalinks`), and per year, month and day,
//! for the kinds its `enabled` names (none by default, `all` for every kind). A tag's or
//! category's page leads to brief's page of the term, by a redirect file; its date
//! pages are at brief's own URLs by default (`/:year/`, `/:year/:month/`,
//! `/:year/:month/:day/`), and are listed where the site moved them. Pure.

use serde_json::Value;

use super::Generator;
use super::matter::{list_of, text_of};
use super::site_urls::{Found, Lost, Moved, Terms, normalize_old};

/// The kinds of page jekyll-archives makes, as `enabled` names them.
const KINDS: [&str; 5] = ["year", "month", "day", "categories", "tags"];

/// Add jekyll-archives' pages of the site (its `jekyll-archives` settings in `config`)
/// to `found`: the terms' pages of language `lang` as moved to brief's, the date pages
/// as lost where they are not at brief's URLs.
pub(super) fn pages(found: &mut Found, config: &super::Map, lang: &str, terms: &Terms) {
    let empty = super::Map::new();
    let settings = config.get("jekyll-archives").and_then(Value::as_object).unwrap_or(&empty);
    let enabled: Vec<String> = match settings.get("enabled") {
        Some(Value::String(s)) if s == "all" => KINDS.iter().map(|k| k.to_string()).collect(),
        Some(v) => list_of(v, false),
        None => Vec::new(),
    };
    let pattern = |kind: &str, default: &str| {
        settings.get("permalinks").and_then(|p| p.get(kind)).and_then(text_of).unwrap_or_else(|| default.into())
    };
    let mode = settings.get("slug_mode").and_then(text_of);
    for (kind, one, default) in [("tags", "tag", "/tag/:name/"), ("categories", "category", "/category/:name/")] {
        if !enabled.iter().any(|e| e == kind) {
            continue;
        }
        let pattern = pattern(one, default);
        for ((_, tax, slug), names) in terms.iter().filter(|((l, t, _), _)| l == lang && t == kind) {
            let new = format!("/{tax}/{slug}/");
            for name in names {
                let part = archive_slug(name, mode.as_deref());
                if part.is_empty() {
                    continue;
                }
                let part = super::zola::url_part(&part);
                let old = normalize_old(&pattern.replace(":name", &part).replace(":type", one), Generator::Jekyll);
                if old != new && !found.moved.iter().any(|m| m.old == old) {
                    let what = format!("jekyll-archives' page of {one} `{name}`");
                    found.moved.push(Moved { old, new: new.clone(), what, term: false });
                }
            }
        }
    }
    for (kind, default) in [("year", "/:year/"), ("month", "/:year/:month/"), ("day", "/:year/:month/:day/")] {
        let pattern = pattern(kind, default);
        if enabled.iter().any(|e| e == kind) && pattern != default {
            found.lost.push(Lost {
                old: pattern,
                what: format!("jekyll-archives' {kind} pages"),
                instead: format!("brief's {kind} pages at {default} (make a 301 from each on your host)"),
            });
        }
    }
}

/// A term's part of its page's URL as jekyll-archives made it: Jekyll's `slugify` in
/// the `slug_mode` set (`default` when none).
fn archive_slug(name: &str, mode: Option<&str>) -> String {
    match mode.unwrap_or("default") {
        "none" => name.to_string(),
        "raw" => name.split_whitespace().collect::<Vec<_>>().join("-").to_lowercase(),
        "pretty" => super::permalink::jekyll_slug(name, true, false),
        "ascii" => ascii_slug(name),
        "latin" => ascii_slug(&deunicode::deunicode(name)),
        _ => super::permalink::jekyll_slug(name, false, false),
    }
}

/// Jekyll's `ascii` mode: each run of characters other than ASCII letters and digits
/// one `-`, none at either end, lowercased.
fn ascii_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_parts_follow_the_slug_mode() {
        assert_eq!(archive_slug("Upgrade to Freedom", None), "upgrade-to-freedom");
        assert_eq!(archive_slug("C++ & Été", None), "c-été");
        assert_eq!(archive_slug("C++ & Été", Some("ascii")), "c-t");
        assert_eq!(archive_slug("C++ & Été", Some("latin")), "c-ete");
        assert_eq!(archive_slug("Big News", Some("raw")), "big-news");
        assert_eq!(archive_slug("Big News", Some("none")), "Big News");
    }
}
