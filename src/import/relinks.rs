//! Relative links of a page that moves: the old site's browser resolved `../logo.png`
//! against the page's old URL (`/news/battlemesh2023/` → `/news/logo.png`), so once the
//! page has brief's URL the link is written as the path it led to. Links inside a page
//! bundle are not touched (the bundle's files move with it). Pure.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::permalink::join_url;

/// Whether `dest` is a relative path (not `/x`, `#x`, `?x`, `scheme:…` or a template).
/// Neither is one whose first segment holds a `:` (RFC 3986 allows none in a relative
/// path's, so `(https://x)` is a URL written in parentheses) or whose path holds a
/// `://`: such a destination stays as written, as Hugo writes it, since resolving it as
/// a path would fold its `//` into `/`. A URL in the query or fragment
/// (`tools/?u=https://x`) is no reason: [`join_url`] keeps those as written.
fn is_relative(dest: &str) -> bool {
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let first = path.split('/').next().unwrap_or("");
    let url_inside = first.contains(':') || path.contains("://");
    !dest.is_empty() && !dest.starts_with(['/', '#', '?']) && !scheme && !url_inside && !dest.contains("{{")
}

/// The folder a page at `url` (a path or an absolute URL) resolves relative links in:
/// the URL itself when it ends in `/`, else its parent.
pub(crate) fn base_of(url: &str) -> String {
    let path = url.split_once("://").map_or(url, |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
    if path.ends_with('/') {
        path.to_string()
    } else {
        path.rsplit_once('/').map_or("/".into(), |(d, _)| format!("{d}/"))
    }
}

/// [`base_of`] the old URL `url` of a page on a site whose base URL's path is
/// `base_path`: a path from the site (`/posts/x/`) was under that path (`/proj/posts/x/`),
/// so its relative links led there; a full URL names its own path.
pub(crate) fn folder_under(url: &str, base_path: &str) -> String {
    let folder = base_of(url);
    if url.contains("://") { folder } else { format!("{base_path}{}", folder.trim_start_matches('/')) }
}

/// `body` with each inline link and image whose destination is a relative path
/// resolved against the folder URL `base`, and the destinations that were.
pub(crate) fn resolve(body: &str, base: &str) -> (String, Vec<String>) {
    let (text, done) = rewrite(body, is_relative, |dest| join_url(base, dest));
    (text, done.into_iter().map(|d| d.was).collect())
}

/// A link destination [`rewrite`] changed.
pub(crate) struct Rewritten {
    /// Where the new destination starts in the new text.
    pub at: usize,
    pub was: String,
    pub now: String,
}

/// `body` with each inline link and image destination, and each reference definition's
/// (`[id]: ../x/`), that `which` takes written as `to` makes it (never in code), and what
/// was changed. A destination not written as the parser read it (an escape) is left for
/// `brief check` to report.
pub(crate) fn rewrite(
    body: &str,
    which: impl Fn(&str) -> bool,
    to: impl Fn(&str) -> String,
) -> (String, Vec<Rewritten>) {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let parser = Parser::new_ext(body, Options::all());
    for (_, def) in parser.reference_definitions().iter() {
        if !which(&def.dest) {
            continue;
        }
        // `[id]: <dest> "title"`: the destination after the label's `]:`.
        let span = &body[def.span.clone()];
        let after = span.find("]:").map_or(0, |i| i + 2);
        if let Some(i) = span[after..].find(def.dest.as_ref()) {
            let at = def.span.start + after + i;
            edits.push((at, at + def.dest.len(), to(&def.dest)));
        }
    }
    for (event, range) in parser.into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = &event else {
            continue;
        };
        if !which(dest_url) {
            continue;
        }
        let written = format!("]({dest_url}");
        let Some(at) = body[range.clone()].rfind(&written).map(|i| range.start + i + 2) else { continue };
        if !edits.iter().any(|(s, _, _)| *s == at) {
            edits.push((at, at + dest_url.len(), to(dest_url)));
        }
    }
    edits.sort_by_key(|(s, _, _)| *s);
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    let mut done = Vec::new();
    for (s, e, now) in edits {
        out.push_str(&body[last..s]);
        done.push(Rewritten { at: out.len(), was: body[s..e].to_string(), now: now.clone() });
        out.push_str(&now);
        last = e;
    }
    out.push_str(&body[last..]);
    (out, done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_definitions_resolve_too() {
        let body =
            "See [the second][2nd] and [x](../x/).\n\n[2nd]: ../second/ \"Second\"\n[abs]: /abs/\n\n`[c]: ../code/`\n";
        let (text, done) = resolve(body, "/proj/posts/first/");
        assert_eq!(
            text,
            "See [the second][2nd] and [x](/proj/posts/x/).\n\n[2nd]: /proj/posts/second/ \"Second\"\n[abs]: /abs/\n\n`[c]: ../code/`\n"
        );
        assert_eq!(done, ["../x/", "../second/"]);
    }

    #[test]
    fn relative_links_resolve_against_the_old_url() {
        // qaul/qaul-website: content/news/Battlemesh2023.md was /news/battlemesh2023/.
        let body = "![](../WBMv15-logo-v0.png) Logo\n\n[site](https://x.org/a) [top](/#download) [here](#a) \
                    [mail](mailto:a@b.c) `[c](../code.png)` [next](../other/)\n\n```\n![](../fenced.png)\n```\n";
        let (text, changed) = resolve(body, &base_of("/news/battlemesh2023/"));
        assert_eq!(
            text,
            "![](/news/WBMv15-logo-v0.png) Logo\n\n[site](https://x.org/a) [top](/#download) [here](#a) \
             [mail](mailto:a@b.c) `[c](../code.png)` [next](/news/other/)\n\n```\n![](../fenced.png)\n```\n"
        );
        assert_eq!(changed, vec!["../WBMv15-logo-v0.png", "../other/"]);
        assert_eq!(base_of("https://qaul.net/de/news/x.html"), "/de/news/");
    }

    /// kubernetes/website's Korean post writes `[발표]((https://kccncna2024…))`: the
    /// destination is `(https://…)`, which Hugo writes as it is. The import resolved it
    /// as a path and wrote `/ko/blog/…/(https:/kccncna2024…)`, a slash lost.
    #[test]
    fn a_destination_holding_a_url_is_no_relative_path() {
        let body = "[a]((https://x.example/e/1)) [b](<(mailto:a@b.c)>) [c](x:y/z) [d](./a:b) [e](docs/a://b)\n";
        let (text, changed) = resolve(body, "/ko/blog/x/");
        assert_eq!(
            text,
            "[a]((https://x.example/e/1)) [b](<(mailto:a@b.c)>) [c](x:y/z) [d](/ko/blog/x/a:b) [e](docs/a://b)\n"
        );
        assert_eq!(changed, vec!["./a:b"]);
        // A URL in the query or fragment only: the path still resolves, the rest is kept.
        let (text, changed) = resolve("[f](tools/?u=https://x.example/f) [g](a/#see:https://y)\n", "/ko/blog/x/");
        assert_eq!(text, "[f](/ko/blog/x/tools/?u=https://x.example/f) [g](/ko/blog/x/a/#see:https://y)\n");
        assert_eq!(changed, vec!["tools/?u=https://x.example/f", "a/#see:https://y"]);
    }
}
