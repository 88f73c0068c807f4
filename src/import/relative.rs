//! Relative links of a page that moves: the old site's readers' browsers resolved
//! `../../images/map.png` against the page's old URL (`/ar/markdown-syntax/`), and
//! from brief's URL (`/ar/2023/10/20/markdown-syntax/`) the same text leads elsewhere.
//! A link or image that climbs out of the page's folder becomes the site path it led
//! to; one inside the folder stays, as the bundle's files are copied beside the page.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::NoteKind;
use super::finish::Converted;

/// `body` with each Markdown link and image target that starts with `../` written as
/// the site path it had from `old_url`, under `base_path`. Line breaks are kept, so
/// lines and offsets of the notes are the body's.
pub(crate) fn rebase(body: &str, old_url: &str, base_path: &str) -> Converted {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut notes = Vec::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (ev, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let dest = match &ev {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if !dest.starts_with("../") {
            continue;
        }
        // The target as written, inside this link's text (a reference-style link has it
        // elsewhere: left as it is).
        let Some(at) = body[range.clone()].find(&format!("({dest}")).map(|i| range.start + i + 1) else {
            continue;
        };
        let new = format!("{base_path}{}", resolve(old_url, dest).trim_start_matches('/'));
        notes.push((at, NoteKind::Converted, format!("relative link `{dest}` → {new}, where it led from the old URL")));
        edits.push((at, dest.len(), new));
    }
    let mut text = body.to_string();
    for (at, len, new) in edits.into_iter().rev() {
        text.replace_range(at..at + len, &new);
    }
    Converted { text, notes }
}

/// The site path `rel` leads to from the page at `page_url` (a folder URL, `/a/b/`), as
/// a browser resolves it: each `..` one folder up, never above the root.
fn resolve(page_url: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page_url.split('/').filter(|s| !s.is_empty()).collect();
    let (path, rest) = rel.find(['?', '#']).map_or((rel, ""), |i| rel.split_at(i));
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() { "/" } else { "" };
    format!("/{}{trailing}{rest}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// salif/linkita's translated bundles show `../../images/markdown-syntax.png`,
    /// `/images/…` from `/ar/markdown-syntax/`; from brief's deeper URL it was broken.
    #[test]
    fn links_out_of_the_folder_become_the_site_path_they_had() {
        let body = "![دليل](../../images/markdown-syntax.png)\n\n[up](../other/#x) [here](map.png) [abs](/a/) `(../code)`\n\n    [x](../indented)\n";
        let c = rebase(body, "/ar/markdown-syntax/", "/blog/");
        assert_eq!(
            c.text,
            "![دليل](/blog/images/markdown-syntax.png)\n\n[up](/blog/ar/other/#x) [here](map.png) [abs](/a/) `(../code)`\n\n    [x](../indented)\n"
        );
        assert_eq!(c.notes.len(), 2);
        assert_eq!(c.text.lines().count(), body.lines().count());
    }

    #[test]
    fn climbing_stops_at_the_root() {
        assert_eq!(resolve("/a/", "../../../x.png"), "/x.png");
        assert_eq!(resolve("/a/b/", "../c/"), "/a/c/");
        assert_eq!(resolve("/a/b/", "../c/d.md?q=1"), "/a/c/d.md?q=1");
    }
}
