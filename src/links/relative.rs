//! Relative links: rewrite a page's internal `href`/`src` so the built folder works
//! from any sub-path and from `file://`. Pure.

/// Rewrite every `href="…"` and `src="…"` attribute of `html` whose value starts with
/// `base_path` into a path relative to the page at site path `page_path`. Directory
/// links get an explicit `index.html` so they open from disk.
pub fn relativize(html: &[u8], base_path: &str, page_path: &str) -> Vec<u8> {
    let depth = page_dir(page_path).matches('/').count();
    let up = "../".repeat(depth);
    let mut out = Vec::with_capacity(html.len() + 256);
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let attr_len = if rest.starts_with(b"href=\"") {
            6
        } else if rest.starts_with(b"src=\"") {
            5
        } else {
            0
        };
        let prev_ok = i == 0 || matches!(html[i - 1], b' ' | b'\n' | b'\t');
        if attr_len > 0 && prev_ok {
            let start = i + attr_len;
            if let Some(end_rel) = html[start..].iter().position(|&b| b == b'"') {
                let value = &html[start..start + end_rel];
                out.extend_from_slice(&html[i..start]);
                match std::str::from_utf8(value).ok().and_then(|v| rewrite(v, base_path, &up)) {
                    Some(r) => out.extend_from_slice(r.as_bytes()),
                    None => out.extend_from_slice(value),
                }
                i = start + end_rel;
                continue;
            }
        }
        out.push(html[i]);
        i += 1;
    }
    out
}

/// `link` (a link of the site, with its base path) as written on the page at site
/// path `page_path` when links are relative; other links are returned as they are.
pub fn relative_link(link: &str, base_path: &str, page_path: &str) -> String {
    let up = "../".repeat(page_dir(page_path).matches('/').count());
    rewrite(link, base_path, &up).unwrap_or_else(|| link.to_string())
}

/// The folder of a page: `/a/b/` → `a/b/`, `/404.html` → ``.
fn page_dir(page_path: &str) -> &str {
    let p = page_path.trim_start_matches('/');
    match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    }
}

fn rewrite(value: &str, base_path: &str, up: &str) -> Option<String> {
    if value.starts_with("//") {
        return None;
    }
    let rest = value.strip_prefix(base_path)?;
    let (path, frag) = match rest.find(['#', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    Some(format!("{up}{path}{frag}"))
}

/// Rewrite the links of a fragment of a page's body so they work elsewhere (on a list
/// page, in a feed): `#x` and relative paths are resolved against `page_url`, and with
/// `origin` set, root-relative paths get that origin too.
pub fn rebase(html: &str, page_url: &str, origin: Option<&str>) -> String {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // SIMD searches: a feed rebases every entry's body, and `str::find` with a
    // two-byte needle was 2% of a build's instructions.
    static ATTR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("=\""));
    static HREF: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("href=\""));
    static SRC: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("src=\""));
    let bytes = html.as_bytes();
    if HREF.find(bytes).is_none() && SRC.find(bytes).is_none() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    // One pass over the quoted attribute values: `copied` is how much of `html` is in
    // `out`, `pos` where to look for the next `="` (past the value just seen).
    let mut copied = 0;
    let mut pos = 0;
    for eq in ATTR.find_iter(bytes) {
        if eq < pos {
            continue;
        }
        let start = eq + 2;
        let end = memchr::memchr(b'"', &bytes[start..]).map_or(html.len(), |e| start + e);
        let before = &html[..eq];
        if before.ends_with(" href") || before.ends_with(" src") {
            out.push_str(&html[copied..start]);
            push_rebased(&mut out, &html[start..end], page_url, origin);
            copied = end;
        }
        pos = (end + 1).min(html.len());
    }
    out.push_str(&html[copied..]);
    out
}

fn push_rebased(out: &mut String, value: &str, page_url: &str, origin: Option<&str>) {
    let has_scheme = value.split(['/', '?', '#']).next().is_some_and(|first| first.contains(':'));
    if value.starts_with("//") || has_scheme {
        out.push_str(value);
    } else if value.starts_with('/') {
        if let Some(o) = origin {
            out.push_str(o);
        }
        out.push_str(value);
    } else {
        if let Some(o) = origin.filter(|_| page_url.starts_with('/')) {
            out.push_str(o);
        }
        out.push_str(page_url);
        out.push_str(value.strip_prefix("./").unwrap_or(value));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rebase_resolves_fragments_and_relative_links() {
        let html = r##"<a href="#top">t</a> <img src="map.png"> <a href="/tags/x/">x</a> <a href="https://e.org/">e</a> <a href="mailto:a@b">m</a>"##;
        assert_eq!(
            super::rebase(html, "/2024/07/01/a/", None),
            r##"<a href="/2024/07/01/a/#top">t</a> <img src="/2024/07/01/a/map.png"> <a href="/tags/x/">x</a> <a href="https://e.org/">e</a> <a href="mailto:a@b">m</a>"##
        );
        assert_eq!(
            super::rebase(html, "/2024/07/01/a/", Some("https://h")),
            r##"<a href="https://h/2024/07/01/a/#top">t</a> <img src="https://h/2024/07/01/a/map.png"> <a href="https://h/tags/x/">x</a> <a href="https://e.org/">e</a> <a href="mailto:a@b">m</a>"##
        );
    }

    use super::*;

    #[test]
    fn rewrites_internal_links_only() {
        let html =
            br#"<a href="/b/tags/x/">x</a><a href="https://e.org/">e</a><img src="/b/map.png"><a href="/b/#top">t</a>"#;
        let out = String::from_utf8(relativize(html, "/b/", "/2024/07/12/x/")).unwrap();
        assert_eq!(
            out,
            r#"<a href="../../../../tags/x/index.html">x</a><a href="https://e.org/">e</a><img src="../../../../map.png"><a href="../../../../index.html#top">t</a>"#
        );
    }

    #[test]
    fn relative_links_of_one_value() {
        assert_eq!(relative_link("/b/2024/07/12/new/", "/b/", "/old/x/"), "../../2024/07/12/new/index.html");
        assert_eq!(relative_link("https://e.org/", "/b/", "/old/x/"), "https://e.org/");
    }

    #[test]
    fn root_page() {
        let out = String::from_utf8(relativize(br#"<link href="/style.css">"#, "/", "/")).unwrap();
        assert_eq!(out, r#"<link href="style.css">"#);
    }
}
