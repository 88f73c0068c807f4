//! Internal link checking for `brief check`: every `href` and `src` of every page must
//! reach a file of the built site, and every `#fragment` an id on that page.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::html::{decode_entities, tags};
use crate::diag::Diagnostic;
use crate::index::Site;
use crate::routes::output_file;
use crate::write::Content;

/// Every internal link target of `html` (a page at output file `page` of a site whose
/// base path is `base_path` and origin `origin`) resolved as `brief check` resolves it:
/// `(target as written, output file, fragment)`. External links are left out. The
/// public face of the resolver, for the fuzz target.
pub fn internal_links<'a>(
    html: &'a str,
    page: &str,
    base_path: &str,
    origin: &str,
) -> Vec<(&'a str, String, Option<String>)> {
    attr_values(html, "href")
        .into_iter()
        .chain(attr_values(html, "src"))
        .filter_map(|t| resolve(t, page, base_path, origin).map(|(file, frag)| (t, file, frag)))
        .collect()
}

/// The raw values of attribute `name` in the tags of `html`: not in text (a code block's
/// `<img src="…">` is text, its `<` escaped) nor in comments.
fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    tags(html).filter_map(|t| t.attr(name)).collect()
}

/// An attribute value as the browser reads it: its character references, then percent
/// escapes (a `%` not followed by two hex digits stays as it is). Borrowed when it has
/// neither.
fn decode(s: &str) -> Cow<'_, str> {
    match decode_entities(s) {
        Cow::Borrowed(s) => percent_encoding::percent_decode_str(s).decode_utf8_lossy(),
        Cow::Owned(s) => Cow::Owned(percent_encoding::percent_decode_str(&s).decode_utf8_lossy().into_owned()),
    }
}

/// Resolve `target` seen on the page at output file `page` to an output file path and
/// fragment, or `None` when it is external.
fn resolve(target: &str, page: &str, base_path: &str, origin: &str) -> Option<(String, Option<String>)> {
    let t = decode(target).into_owned();
    let lower = t.to_ascii_lowercase();
    let t = if !origin.is_empty() && t.starts_with(origin) { t[origin.len()..].to_string() } else { t };
    if lower.starts_with("//")
        || (lower.contains(':') && lower.split(':').next().is_some_and(|s| !s.contains('/'))) && !t.starts_with('/')
    {
        return None;
    }
    let (path, frag) = match t.split_once('#') {
        Some((p, f)) => (p.to_string(), Some(f.to_string())),
        None => (t.clone(), None),
    };
    let path = path.split('?').next().unwrap_or("").to_string();
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    let joined = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(base_path) {
            Some(r) => r.to_string(),
            None => return Some((format!("\u{0}outside-base:{path}"), frag)),
        }
    } else {
        format!("{page_dir}{path}")
    };
    let mut segs: Vec<&str> = Vec::new();
    for s in joined.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut file = segs.join("/");
    if joined.ends_with('/') || joined.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some((file, frag))
}

/// Where a redirect page sends the reader: the URL of its `<meta http-equiv="refresh">`.
fn refresh_target(html: &str) -> Option<&str> {
    let tag =
        tags(html).find(|t| t.is("meta") && t.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")))?;
    let (_, url) =
        tag.attr("content")?.split_once(['=']).filter(|(delay, _)| delay.to_ascii_lowercase().contains("url"))?;
    Some(url.trim().trim_matches(['\'', '"']))
}

/// What a `#fragment` may scroll to on a page: every element's `id`, and the `name` of
/// an `<a>` (HTML 4's anchors, which browsers still scroll to; a `<meta name>` or an
/// `<input name>` is not one).
fn ids_of(html: &str) -> HashSet<Cow<'_, str>> {
    tags(html).flat_map(|t| [t.attr("id"), t.is("a").then(|| t.attr("name")).flatten()]).flatten().map(decode).collect()
}

/// Check every internal link. Returns diagnostics and the number of links checked.
/// `root` is the site folder, where the sources of pages are read back to point at the
/// line of a broken link.
pub fn check_links(site: &Site, root: &Path, files: &[(String, Content)]) -> (Vec<Diagnostic>, usize) {
    let cfg = site.cfg;
    let exists: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let html: HashMap<&str, &str> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, c)| match c {
            Content::Bytes(b) => std::str::from_utf8(b).ok().map(|s| (p.as_str(), s)),
            Content::Copy(_) => None,
        })
        .collect();
    // Which source file made which page, so a broken link in a body points at its line.
    let mut source_of: HashMap<String, PathBuf> = HashMap::new();
    for ed in site.all_editions() {
        for (i, b) in ed.briefings.iter().enumerate() {
            source_of.insert(output_file(&ed.idx.permalinks[i]), b.source.clone());
        }
        for (i, p) in ed.pages.iter().enumerate() {
            source_of.insert(output_file(&ed.idx.page_paths[i]), p.source.clone());
        }
    }
    let mut id_cache: HashMap<&str, HashSet<Cow<str>>> = HashMap::new();
    let mut diags = Vec::new();
    let mut seen = HashSet::new();
    let mut count = 0;
    // Pages made from a source first: a broken link in a briefing's body is reported at
    // its line, and the same target again on list pages (in the briefing's summary) is
    // not reported a second time.
    let mut pages: Vec<&&str> = html.keys().collect();
    pages.sort_by_key(|p| (!source_of.contains_key(**p), **p));
    let mut broken_in_sources: HashSet<(String, Option<String>)> = HashSet::new();
    // How many times each broken link was met on a page made from a source.
    let mut occurrences: HashMap<(&str, &str), usize> = HashMap::new();
    for page in pages {
        let text = html[*page];
        // The file and fragment a link of this page leads to.
        let locate = |target: &str| {
            let (mut file, frag) = resolve(target, page, &cfg.base_path, &cfg.origin)?;
            // A folder's page without its slash (`/tags`): static hosts, and `brief
            // serve`, answer it with a redirect to the folder.
            if !exists.contains(file.as_str()) {
                let index = format!("{file}/index.html");
                if exists.contains(index.as_str()) {
                    file = index;
                }
            }
            Some((file, frag))
        };
        for target in attr_values(text, "href").into_iter().chain(attr_values(text, "src")) {
            let Some((file, frag)) = locate(target) else { continue };
            count += 1;
            let problem = if file.starts_with('\u{0}') {
                Some(format!("link `{target}` is outside the site's base path `{}`", cfg.base_path))
            } else if !exists.contains(file.as_str()) {
                Some(format!("broken link `{target}`: nothing is built at `/{file}`"))
            } else if let (Some(f), Some(t)) = (frag.as_deref().filter(|f| !scrolls_to_top(f)), html.get(file.as_str()))
            {
                // A redirect (an old URL, an alias) takes the reader, and the fragment,
                // to the page it names: the id is looked for there.
                let moved = refresh_target(t)
                    .and_then(|to| resolve(to, &file, &cfg.base_path, &cfg.origin))
                    .and_then(|(to, _)| html.get_key_value(to.as_str()).map(|(k, v)| (*k, *v)));
                let (shown, t) = moved.unwrap_or((file.as_str(), t));
                let ids = id_cache.entry(file_key(&html, shown)).or_insert_with(|| ids_of(t));
                (!ids.contains(f)).then(|| match moved {
                    Some(_) => format!("broken anchor `{target}`: it redirects to `/{shown}`, which has no id `{f}`"),
                    None => format!("broken anchor `{target}`: `/{file}` has no id `{f}`"),
                })
            } else {
                None
            };
            let Some(msg) = problem else { continue };
            let key = (file, frag);
            let d = match source_of.get(*page) {
                Some(src) => {
                    broken_in_sources.insert(key.clone());
                    let full = root.join(src);
                    let text = std::fs::read_to_string(&full).unwrap_or_default();
                    // The link as written (with its fragment: two links to one page
                    // differ there), the as many-th time as it was met on the page; else
                    // its first place, or the first place of its path alone.
                    let nth = occurrences.entry((*page, target)).or_insert(0);
                    // As the source writes it: `#측정`, where the page has `#%EC%B8%A1%EC%A0%95`.
                    let written = decode(target);
                    let target = if text.contains(target) { target } else { &written };
                    let raw = target.split('#').next().filter(|s| !s.is_empty()).unwrap_or(target);
                    let comments = comment_ranges(&text);
                    let outside = |(at, _): &(usize, &str)| !comments.iter().any(|r| r.contains(at));
                    // In the body first: an alias or source in the front matter may hold
                    // the same text (`aliases: [/posts/x.html]` and a body link `/posts/x`).
                    let body_at = crate::parse::frontmatter::split(&text).map_or(0, |s| text.len() - s.body.len());
                    let in_body = |m: &(usize, &str)| m.0 >= body_at && outside(m);
                    // The link itself, where the Markdown parser has it (never in code
                    // nor inside another URL): the as many-th link to this target as it
                    // was met on the page, else the first. A target the page writes
                    // otherwise than the source (a rebased relative link) is looked for
                    // as text.
                    // Or one that leads where the page's does: with `relative_urls`, the
                    // page has `../../x/index.html` where the source has `/x/`.
                    let wanted = decode(target);
                    let links: Vec<usize> = link_places(&text, body_at)
                        .into_iter()
                        .filter(|(d, _)| decode(d) == wanted || locate(d).is_some_and(|l| l == key))
                        .map(|(_, at)| at)
                        .collect();
                    let at = links
                        .get(*nth)
                        .or(links.first())
                        .copied()
                        .or_else(|| text.match_indices(target).filter(in_body).nth(*nth).map(|(at, _)| at))
                        .or_else(|| text.match_indices(target).find(in_body).map(|(at, _)| at))
                        .or_else(|| text.match_indices(raw).find(in_body).map(|(at, _)| at))
                        .or_else(|| text.match_indices(target).find(outside).map(|(at, _)| at))
                        .or_else(|| text.match_indices(raw).find(outside).map(|(at, _)| at))
                        .or_else(|| text.match_indices(raw).next().map(|(at, _)| at));
                    *nth += 1;
                    let place = at.map(|at| {
                        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                        (text[..at].matches('\n').count() + 1, text[line_start..at].chars().count() + 1)
                    });
                    match place {
                        Some((line, col)) => Diagnostic::error(src, msg).at(&text, line, col),
                        None => Diagnostic::error(src, format!("{msg} (from the template of `/{page}`)")),
                    }
                }
                None if broken_in_sources.contains(&key) => continue,
                None => Diagnostic::error(format!("public/{page}"), format!("{msg} (from a template)")),
            };
            let d = d.hint("fix the link, or create what it points to");
            if seen.insert((d.origin.clone(), d.line, d.message.clone())) {
                diags.push(d);
            }
        }
    }
    (diags, count)
}

/// Where each link of the Markdown source `text` (body from byte `body_at`) is written,
/// as the Markdown parser reads it: `(destination, byte offset)` in document order. An
/// inline link's or image's destination, a reference link's own `[`, and the `href` or
/// `src` of raw HTML; nothing in code, so a URL's text in a code span, a fenced block or
/// a longer URL is never taken for the link.
fn link_places(text: &str, body_at: usize) -> Vec<(String, usize)> {
    use pulldown_cmark::{Event, Parser, Tag as MdTag};
    let body = &text[body_at.min(text.len())..];
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::parse::markdown::options()).into_offset_iter() {
        let written = &body[range.clone()];
        match event {
            Event::Start(MdTag::Link { dest_url, .. } | MdTag::Image { dest_url, .. }) => {
                // `](dest`, `](<dest`; a reference link has its destination elsewhere.
                let at = [format!("]({dest_url}"), format!("](<{dest_url}")]
                    .iter()
                    .find_map(|w| written.rfind(w.as_str()).map(|i| i + w.len() - dest_url.len()))
                    .or_else(|| written.starts_with('<').then_some(1).filter(|_| !dest_url.is_empty()))
                    .unwrap_or(0);
                out.push((dest_url.to_string(), body_at + range.start + at));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                for tag in tags(written) {
                    for value in [tag.attr("href"), tag.attr("src")].into_iter().flatten() {
                        let at = value.as_ptr() as usize - written.as_ptr() as usize;
                        out.push((value.to_string(), body_at + range.start + at));
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|(_, at)| *at);
    out
}

/// Whether a fragment needs no id: the HTML standard scrolls to the top of the page for
/// an empty fragment (`#`) and for `top` in any ASCII case when no element has that id
/// ("scroll to the fragment"), so `<a href="#top">` works on every page.
fn scrolls_to_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

/// Where `<!-- … -->` comments are in a source (a link in one is not on the page).
fn comment_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("<!--").map(|k| from + k) {
        let end = text[start + 4..].find("-->").map_or(text.len(), |e| start + 4 + e + 3);
        out.push(start..end);
        from = end;
    }
    out
}

fn file_key<'a>(html: &HashMap<&'a str, &'a str>, file: &str) -> &'a str {
    html.get_key_value(file).map(|(k, _)| *k).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links() {
        assert_eq!(resolve("/b/tags/x/", "index.html", "/b/", ""), Some(("tags/x/index.html".into(), None)));
        assert_eq!(
            resolve("../y/#top", "a/x/index.html", "/", ""),
            Some(("a/y/index.html".into(), Some("top".into())))
        );
        assert_eq!(resolve("#s", "a/index.html", "/", ""), Some(("a/index.html".into(), Some("s".into()))));
        assert_eq!(resolve("https://e.org/", "index.html", "/", ""), None);
        assert_eq!(resolve("mailto:x@y", "index.html", "/", ""), None);
        assert_eq!(resolve("https://h/b/atom.xml", "index.html", "/b/", "https://h"), Some(("atom.xml".into(), None)));
    }

    /// Links are read in tags only: not in a code block's text (its `<` is escaped, its
    /// quotes are not), not in comments; a `>` in a quoted value does not end the tag.
    #[test]
    fn links_are_read_in_tags_only() {
        let html = concat!(
            r#"<pre><code>&lt;img src="/nope.png"&gt; href="/no/"</code></pre>"#,
            r#"<!-- <a href="/commented/"> --><a title="a > b" href="/yes/">x</a>"#,
            r#"<img alt='q' src="/img.png"><p>src="/text/"</p><"#,
        );
        assert_eq!(attr_values(html, "href"), ["/yes/"]);
        assert_eq!(attr_values(html, "src"), ["/img.png"]);
        assert_eq!(attr_values("<a href=\"/open", "href"), Vec::<&str>::new());
        assert_eq!(attr_values("<", "href"), Vec::<&str>::new());
    }

    #[test]
    fn comments_in_a_source_are_found() {
        let text = "a <!-- b --> c <!-- d --->\ne <!-- open";
        let r = comment_ranges(text);
        assert_eq!(r.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["<!-- b -->", "<!-- d --->", "<!-- open"]);
    }

    /// A `%` before a multi-byte character once made the decoder slice inside it.
    #[test]
    fn percent_before_multibyte_text_does_not_panic() {
        assert_eq!(decode("100%한"), "100%한");
        assert_eq!(decode("%ED%95%9C%"), "한%");
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(resolve("100%한/", "index.html", "/", ""), Some(("100%한/index.html".into(), None)));
    }
}
