//! Jekyll redirect stubs: a post or page with no text whose only work was to send its
//! URL on to another post, by jekyll-redirect-from's `redirect_to:` or by a layout of
//! the site's own that writes a meta refresh to a front-matter value (vim-jp's
//! `layout: redirect` with `redirect-to: /blog/2011/09/16/start.html`). Where the
//! target is a post the import brought, the stub's old URLs become that briefing's
//! aliases and the stub is no briefing of its own. Pure: the layouts are read by the
//! caller.

use std::collections::BTreeMap;

use super::matter::text_of;
use super::{Found, Kind, Skip};

/// The front-matter key whose value a layout's meta refresh sends the reader to:
/// `redirect-to` in `content="0;url={{ site.base-url }}{{ page.redirect-to }}"`, or
/// `redirect` in al-folio's `{% assign redirect = page.redirect | relative_url %}`
/// then `content="3; url={{ redirect }}"`.
pub(super) fn refresh_key(layout: &str) -> Option<String> {
    let lower = layout.to_ascii_lowercase();
    let at = lower.find("http-equiv=\"refresh\"").or_else(|| lower.find("http-equiv='refresh'"))?;
    let tag_start = lower[..at].rfind('<')?;
    let tag = &layout[tag_start..tag_start + layout[tag_start..].find('>')?];
    let var = tag.split("{{").skip(1).find_map(|part| {
        let expr = part.split("}}").next()?.split('|').next()?.trim();
        expr.strip_prefix("page.")
            .map(str::trim)
            .map(str::to_string)
            .or_else(|| assigned_key(&layout[..tag_start], expr))
    })?;
    (!var.is_empty()).then_some(var)
}

/// The front-matter key variable `var` is assigned from before the refresh
/// (`{% assign var = page.key … %}`), when it is one.
fn assigned_key(before: &str, var: &str) -> Option<String> {
    if var.is_empty() || !var.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    before.split("{%").skip(1).find_map(|tag| {
        let inner = tag.split("%}").next()?.trim().trim_matches('-').trim();
        let (name, value) = inner.strip_prefix("assign")?.split_once('=')?;
        let key = value.split('|').next()?.trim().strip_prefix("page.")?;
        (name.trim() == var && !key.is_empty()).then(|| key.to_string())
    })
}

/// The key each layout's meta refresh reads, its own or that of a layout it is
/// written in (`layout:` in its front matter, as al-folio's `post` is in `default`):
/// `layouts` maps a layout's name to its text. A loop of layouts ends where it closes.
pub(super) fn refresh_keys(layouts: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let parent = |text: &str| super::matter::read(text).ok()?.map.get("layout").and_then(text_of);
    let mut keys = BTreeMap::new();
    for name in layouts.keys() {
        let mut seen = vec![name.clone()];
        let mut at = name.clone();
        while let Some(text) = layouts.get(&at) {
            if let Some(key) = refresh_key(text) {
                keys.insert(name.clone(), key);
                break;
            }
            match parent(text) {
                Some(p) if !seen.contains(&p) => {
                    seen.push(p.clone());
                    at = p;
                }
                _ => break,
            }
        }
    }
    keys
}

/// A site path as old URLs are compared: no scheme and host, no `index.html`, no
/// trailing `/`.
fn comparable(url: &str) -> String {
    let path = url.split_once("://").map_or(url, |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.strip_suffix("index.html").unwrap_or(path).trim_end_matches('/').to_string()
}

/// Fold every stub of `found` into the briefing it redirects to. `layouts` maps a
/// layout's name to the front-matter key its meta refresh reads.
pub(super) fn fold(found: &mut Found, layouts: &BTreeMap<String, String>) {
    let target_of = |raw: &super::Map| -> Option<(String, String)> {
        if let Some(t) = raw.get("redirect_to").and_then(|v| text_of(v).or_else(|| v.get(0).and_then(text_of))) {
            return Some((t, "`redirect_to`".into()));
        }
        let layout = raw.get("layout").and_then(text_of)?;
        let key = layouts.get(&layout)?;
        Some((raw.get(key).and_then(text_of)?, format!("`layout: {layout}` (a meta refresh to `{key}`)")))
    };
    let stubs: Vec<Option<(String, String)>> = found
        .entries
        .iter()
        .map(|e| target_of(&e.raw).filter(|_| e.body.trim().is_empty() && !e.old_urls.is_empty()))
        .collect();
    let mut moves: Vec<(usize, usize, String, String)> = Vec::new();
    for (i, stub) in stubs.iter().enumerate() {
        let Some((target, how)) = stub.clone() else { continue };
        let want = comparable(&target);
        // A stub sends its readers to a post, never to another stub.
        let to = found.entries.iter().enumerate().position(|(j, t)| {
            stubs[j].is_none()
                && t.kind == Kind::Briefing
                && !t.fm.draft
                && t.old_urls.iter().any(|(u, _)| comparable(u) == want)
        });
        match to {
            Some(to) => moves.push((i, to, target, how)),
            // `redirect_to` is reported where the post is read.
            None if how.starts_with("`layout:") => found.entries[i].notes.push(super::Note::new(
                0,
                super::NoteKind::NotConverted,
                format!(
                    "a redirect to `{target}` by {how}, with no text: brief redirects old URLs to briefings, not \
                     away; imported as an empty briefing (make it a redirect on your host, or delete it)"
                ),
            )),
            None => {}
        }
    }
    for (from, to, target, how) in &moves {
        let stub = &found.entries[*from];
        let urls: Vec<String> = stub.old_urls.iter().map(|(u, _)| u.clone()).collect();
        let target_source = found.entries[*to].source.display().to_string();
        found.skipped.push(Skip {
            source: stub.source.clone(),
            reason: format!(
                "a redirect to `{target}` by {how}, with no text: its old URL {} is an alias of `{target_source}` now",
                urls.join(", ")
            ),
            post: false,
        });
        // It was no post of the site's, only its old address: nothing is lost.
        found.posts_in -= usize::from(stub.kind == Kind::Briefing);
        found.entries[*to].old_urls.extend(urls.into_iter().map(|u| (u, "a redirect to it")));
    }
    // Backwards, so the indexes of the stubs still to remove stay right.
    let mut stubs: Vec<usize> = moves.iter().map(|m| m.0).collect();
    stubs.sort_unstable_by(|a, b| b.cmp(a));
    for i in stubs {
        found.entries.remove(i);
    }
}

/// Fold each Zola section with `redirect_to` into what it redirects to. Zola wrote a
/// redirect page at the section's URL and showed none of its text, so the section is
/// no page here either: where the target is a page or post the import brought, the
/// section's old URLs lead to it (an alias of a briefing, a redirect file to a page);
/// where it is not (another site, a URL no file had), brief has no redirect to make,
/// and the report says so. `base_url` is the old site's (targets are read from it).
pub(super) fn fold_zola_redirects(found: &mut Found, base_url: &str) {
    let target_of = |e: &super::Entry| {
        let section = e.source.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("_index"));
        e.raw.get("redirect_to").and_then(text_of).filter(|_| section)
    };
    let host = |u: &str| u.split_once("://").map(|(_, r)| r.split('/').next().unwrap_or("").to_lowercase());
    // Zola reads a target without a scheme from the base URL (`config.make_permalink`).
    let want_of = |target: &str| match host(target) {
        None => Some(comparable(&format!("/{}", target.trim_start_matches('/')))),
        Some(h) if host(base_url).as_ref() == Some(&h) => Some(comparable(target)),
        Some(_) => None,
    };
    let entries = &found.entries;
    let redirects: Vec<(usize, String, Option<String>)> =
        entries.iter().enumerate().filter_map(|(i, e)| target_of(e).map(|t| (i, t.clone(), want_of(&t)))).collect();
    let at = |want: &str, redirect: bool| {
        entries.iter().position(|t| {
            target_of(t).is_some() == redirect && !t.fm.draft && t.old_urls.iter().any(|(u, _)| comparable(u) == want)
        })
    };
    // Where each one ends: a page, a loop of redirects (itself included), or neither.
    let ends: Vec<End> = redirects
        .iter()
        .map(|(i, _, want)| {
            let (mut seen, mut want) = (vec![*i], want.clone());
            loop {
                let Some(w) = want else { return End::Off };
                if let Some(j) = at(&w, false) {
                    return End::Page(j);
                }
                let Some(k) = at(&w, true) else { return End::Off };
                if seen.contains(&k) {
                    return End::Loop(k == *i && seen.len() == 1);
                }
                seen.push(k);
                want = redirects.iter().find(|(r, _, _)| *r == k).and_then(|(_, _, w)| w.clone());
            }
        })
        .collect();
    for ((i, target, _), end) in redirects.iter().zip(&ends).rev() {
        let stub = &found.entries[*i];
        let (source, urls) = (stub.source.clone(), stub.old_urls.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>());
        let unshown = "the section's text, which Zola never showed, is not imported";
        let not = |text: String| (source.clone(), super::Note::new(0, super::NoteKind::NotConverted, text));
        match end {
            End::Off => found.site_notes.push(not(format!(
                "`redirect_to = \"{target}\"`: Zola redirected {} there; brief makes no redirect to a URL \
                 that is not one of its pages (make it a 301 on your host); {unshown}",
                urls.join(", ")
            ))),
            End::Loop(true) => found.site_notes.push(not(format!(
                "`redirect_to = \"{target}\"`: the section redirects to itself ({}), a loop no browser leaves; \
                 brief makes no redirect of it; {unshown}",
                urls.join(", ")
            ))),
            End::Loop(false) => found.site_notes.push(not(format!(
                "`redirect_to = \"{target}\"`: the redirects from {} go round in a loop of sections that \
                 redirect to each other and reach no page; brief makes no redirect of them; {unshown}",
                urls.join(", ")
            ))),
            End::Page(j) => {
                let target_source = found.entries[*j].source.display().to_string();
                found.skipped.push(Skip {
                    source: source.clone(),
                    reason: format!(
                        "a section that redirects to `{target}` (`redirect_to`; Zola showed none of its text): its old \
                         URL {} leads to `{target_source}` now",
                        urls.join(", ")
                    ),
                    post: false,
                });
                found.entries[*j].old_urls.extend(urls.into_iter().map(|u| (u, "a redirect to it")));
            }
        }
    }
    for (i, _, _) in redirects.iter().rev() {
        found.entries.remove(*i);
    }
}

/// Where a chain of Zola `redirect_to` sections ends.
enum End {
    /// At the entry with this index, a page the import brought.
    Page(usize),
    /// In a loop: `true` when the section redirects to itself.
    Loop(bool),
    /// Somewhere else: another site, or a URL no file had.
    Off,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_a_layouts_meta_refresh_reads() {
        let vim_jp = "<html><head>\n<meta http-equiv=\"content-type\" content=\"text/html\" />\n\
                      <meta http-equiv=\"refresh\" content=\"0;url={{ site.base-url }}{{ page.redirect-to }}\" />";
        assert_eq!(refresh_key(vim_jp).as_deref(), Some("redirect-to"));
        assert_eq!(
            refresh_key("<meta content=\"0; url={{page.target | relative_url}}\" http-equiv='refresh'>").as_deref(),
            Some("target")
        );
        assert_eq!(refresh_key("<meta http-equiv=\"refresh\" content=\"0; url=/\">"), None);
        assert_eq!(refresh_key("<div>{{ page.title }}</div>"), None);
    }

    #[test]
    fn a_layout_written_in_a_refreshing_one_refreshes_too_and_loops_end() {
        let layouts: BTreeMap<String, String> = [
            ("default", "{% assign redirect = page.redirect | relative_url %}<meta http-equiv=\"refresh\" content=\"3; url={{ redirect }}\">"),
            ("post", "---\nlayout: default\n---\n{{ content }}"),
            ("note", "---\nlayout: post\n---\n{{ content }}"),
            ("a", "---\nlayout: b\n---\n"),
            ("b", "---\nlayout: a\n---\n"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let keys = refresh_keys(&layouts);
        assert_eq!(
            keys.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>(),
            [("default", "redirect"), ("note", "redirect"), ("post", "redirect")]
        );
    }

    #[test]
    fn old_urls_compare_without_host_index_and_slash() {
        assert_eq!(comparable("http://vim-jp.org/blog/2011/09/16/start.html"), "/blog/2011/09/16/start.html");
        assert_eq!(comparable("/news/x/index.html"), comparable("/news/x/"));
    }
}
