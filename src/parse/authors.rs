//! `authors.yaml` → [`Authors`]: for each author (keyed by the name briefings write, or
//! its slug) the name to show, a bio and links. Pure; `source` reads the file.
//!
//! ```yaml
//! Desk A:
//!   name: "Kim Desk-A"          # optional: shown instead of the name briefings write
//!   bio: "Covers *North Korea*." # optional: Markdown; raw HTML is shown as text
//!   links:                       # optional: http, https or mailto only
//!     - { title: Mastodon, url: "https://social.example/@deska" }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::markdown::render_restricted;
use super::slug::slugify_name;
use super::{Parsed, check_url};
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{AuthorLink, AuthorProfile, Authors};
use crate::yaml;

/// What `authors.yaml` is called, for messages.
const FILE: &str = "authors.yaml";

/// The hint for a malformed file.
const SHAPE_HINT: &str =
    "map each author's name to `name`, `bio` and `links` (a list of `{title, url}`); see the README";

/// One entry as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    links: Vec<AuthorLink>,
}

/// Parse the text of `authors.yaml` (`path` as shown in messages). `written` holds the
/// name and slug of every author a briefing names, drafts and scheduled ones included:
/// an entry for none of them is a warning (likely a misspelling).
pub fn parse_authors(path: &Path, text: &str, written: &[(&str, &str)]) -> Parsed<Authors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Parsed { item: Some(Authors::default()), diags: Vec::new() };
    }
    let raw: BTreeMap<String, Option<RawEntry>> = match yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let d = Diagnostic::error(path, format!("invalid {FILE}: {}", e.message))
                .at(text, e.line.max(1), e.col.max(1))
                .hint(SHAPE_HINT);
            return Parsed { item: None, diags: vec![d] };
        }
    };
    // Entries in file order, each with the line of its key.
    let lines = yaml::top_level_keys(text);
    let mut entries: Vec<(usize, String, RawEntry)> = raw
        .into_iter()
        .map(|(key, e)| {
            let line = lines.iter().find(|k| k.name == key).map_or(1, |k| k.line);
            (line, key, e.unwrap_or_default())
        })
        .collect();
    entries.sort_by_key(|(line, key, _)| (*line, key.clone()));
    let mut diags = Vec::new();
    let mut profiles: Vec<(AuthorProfile, String, usize)> = Vec::with_capacity(entries.len());
    for (line, key, e) in entries {
        let mut err = |(l, c): (usize, usize), msg: String, hint: &str| {
            diags.push(Diagnostic::error(path, msg).at(text, l, c).hint(hint.to_string()));
        };
        let slug = slugify_name(&key);
        if slug.is_empty() {
            err(
                (line, 1),
                format!("author `{key}` has no letters or digits"),
                "write the author's name as briefings do",
            );
            continue;
        }
        if let Some((_, first, _)) = profiles.iter().find(|(p, _, _)| p.slug == slug) {
            err(
                (line, 1),
                format!("`{first}` and `{key}` are the same author (`/authors/{slug}/`)"),
                "keep one entry for each author",
            );
            continue;
        }
        let at = |field: &str| yaml::entry_value_positions(text, line, field).first().copied().unwrap_or((line, 1));
        let name = e.name.map(|n| n.trim().to_string());
        if name.as_deref() == Some("") {
            err(
                at("name"),
                format!("empty name for author `{key}`"),
                "remove `name:` to show the name briefings write",
            );
        }
        let (mut bio_html, mut bio_text) = (None, None);
        if let Some(bio) = e.bio.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            let r = render_restricted(bio);
            for u in r.urls.iter().filter(|u| !check_url(u)) {
                let shown: String = u.chars().take(60).collect();
                err(at("bio"), format!("link `{shown}` in the bio of `{key}` is not allowed"), LINK_HINT);
            }
            bio_text = Some(r.text);
            bio_html = Some(r.html);
        }
        // The URLs of `links:`, in order: the k-th `url:` after the `links:` key.
        let after = at("links");
        let url_at: Vec<(usize, usize)> =
            yaml::entry_value_positions(text, line, "url").into_iter().filter(|p| *p > after).collect();
        let mut links = Vec::with_capacity(e.links.len());
        for (k, l) in e.links.into_iter().enumerate() {
            let url = l.url.trim().to_string();
            if !check_url(&url) {
                let shown: String = url.chars().take(60).collect();
                let pos = url_at.get(k).copied().unwrap_or(after);
                err(pos, format!("link URL `{shown}` of author `{key}` is not allowed"), LINK_HINT);
            }
            links.push(AuthorLink { title: l.title.trim().to_string(), url });
        }
        profiles.push((AuthorProfile { slug, name, bio_html, bio_text, links }, key, line));
    }
    let names: Vec<&str> = written.iter().map(|(n, _)| *n).collect();
    for (p, key, line) in &profiles {
        if !written.iter().any(|(_, s)| *s == p.slug) {
            let hint = match did_you_mean(key, &names) {
                Some(n) => format!("did you mean `{n}`?"),
                None => "remove the entry, or spell the name as the briefings' `authors:` do".into(),
            };
            diags.push(
                Diagnostic::warning(path, format!("{FILE} describes `{key}`, but no briefing names this author"))
                    .at(text, *line, 1)
                    .hint(hint),
            );
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Parsed { item: None, diags };
    }
    let mut profiles: Vec<AuthorProfile> = profiles.into_iter().map(|(p, _, _)| p).collect();
    profiles.sort_by(|a, b| a.slug.cmp(&b.slug));
    Parsed { item: Some(Authors { profiles }), diags }
}

/// The hint for a link brief does not publish.
const LINK_HINT: &str = "author links must start with `http://`, `https://` or `mailto:`";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed<Authors> {
        parse_authors(Path::new("authors.yaml"), text, &[("Desk A", "desk-a"), ("Kim Jisoo", "kim-jisoo")])
    }

    fn problems(text: &str) -> Vec<(usize, usize, String)> {
        parse(text).diags.into_iter().map(|d| (d.line, d.col, d.message)).collect()
    }

    #[test]
    fn entries_by_name_or_slug() {
        let p = parse(
            "Desk A:\n  bio: \"Covers *North Korea* <b>daily</b>.\"\n  links:\n    - title: Mastodon\n      url: https://social.example/@a\nkim-jisoo:\n  name: \"Jisoo Kim\"\n",
        );
        assert_eq!(p.diags, vec![]);
        let a = p.item.unwrap();
        let slugs: Vec<&str> = a.profiles.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, vec!["desk-a", "kim-jisoo"]);
        let desk = a.get("desk-a").unwrap();
        assert_eq!(desk.bio_html.as_deref(), Some("<p>Covers <em>North Korea</em> &lt;b&gt;daily&lt;/b&gt;.</p>\n"));
        assert_eq!(desk.bio_text.as_deref(), Some("Covers North Korea <b>daily</b>."));
        assert_eq!(desk.links, vec![AuthorLink { title: "Mastodon".into(), url: "https://social.example/@a".into() }]);
        assert_eq!(a.get("kim-jisoo").unwrap().name.as_deref(), Some("Jisoo Kim"));
        assert_eq!(parse("").item, Some(Authors::default()));
        assert_eq!(parse("Desk A:\n").item.unwrap().profiles.len(), 1);
    }

    #[test]
    fn unknown_keys_are_errors_at_their_line() {
        let d = &parse("Desk A:\n  name: A\n  bi: x\n").diags[0];
        assert_eq!((d.line, d.col), (3, 3), "{d:?}");
        assert_eq!(
            d.message,
            "invalid authors.yaml: Desk A: unknown field `bi`, expected one of `name`, `bio`, `links`"
        );
        let d = &parse("Desk A:\n  links:\n    - title: a\n      href: x\n").diags[0];
        assert_eq!(d.line, 4, "{d:?}");
        assert!(parse("- Desk A\n").diags[0].message.starts_with("invalid authors.yaml"));
    }

    #[test]
    fn bad_urls_are_errors_at_their_value() {
        let text = "Desk A:\n  bio: \"See url: [x](javascript:alert(1))\"\n  links:\n    - {title: ok, url: \"https://e.example/\"}\n    - title: bad\n      url: \"javascript:alert(1)\"\n";
        assert_eq!(
            problems(text),
            vec![
                (2, 9, "link `javascript:alert(1)` in the bio of `Desk A` is not allowed".into()),
                (6, 13, "link URL `javascript:alert(1)` of author `Desk A` is not allowed".into()),
            ]
        );
        assert!(parse(text).item.is_none());
    }

    #[test]
    fn same_author_twice_and_unnamed_authors() {
        assert_eq!(
            problems("Desk A: {}\ndesk-a: {}\n\"--\": {}\nKim Jisoo:\n  name: \" \"\n"),
            vec![
                (2, 1, "`Desk A` and `desk-a` are the same author (`/authors/desk-a/`)".into()),
                (3, 1, "author `--` has no letters or digits".into()),
                (5, 10, "empty name for author `Kim Jisoo`".into()),
            ]
        );
    }

    #[test]
    fn an_author_who_wrote_nothing_is_a_warning() {
        let p = parse("Desk A: {}\nDesk B: {}\n");
        assert_eq!(p.item.unwrap().profiles.len(), 2);
        assert_eq!(p.diags.len(), 1);
        let d = &p.diags[0];
        assert!(!d.is_error());
        assert_eq!(
            (d.line, d.message.as_str()),
            (2, "authors.yaml describes `Desk B`, but no briefing names this author")
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `Desk A`?"));
    }
}
