//! Relative links of a page that moves: the old site's readers' browsers resolved
//! `../../images/map.png` against the page's old URL (`/ar/markdown-syntax/`), and
//! from brief's URL (`/ar/2023/10/20/markdown-syntax/`) the same text leads elsewhere.
//! A link or image that climbs out of the page's folder becomes the site path it led
//! to; one inside the folder stays, as the bundle's files are copied beside the page.

use super::NoteKind;
use super::finish::Converted;
use super::permalink::join_url;
use super::relinks::rewrite;

/// `body` with each Markdown link and image target that starts with `../` written as
/// the site path it had from `old_url`, under `base_path`. Line breaks are kept, so
/// the notes' offsets (in the new text) fall on the body's lines.
pub(crate) fn rebase(body: &str, old_url: &str, base_path: &str) -> Converted {
    let to = |dest: &str| format!("{base_path}{}", join_url(old_url, dest).trim_start_matches('/'));
    let (text, done) = rewrite(body, |dest| dest.starts_with("../"), to);
    let notes = done
        .into_iter()
        .map(|d| {
            (d.at, NoteKind::Converted, format!("relative link `{}` → {}, where it led from the old URL", d.was, d.now))
        })
        .collect();
    Converted { text, notes }
}

/// `body` with each Markdown link and image target that is a path from the host
/// (`/news/x`) under `base_path` (`/latest/news/x`), where the old site put it there:
/// Hugo's `canonifyURLs` (and `relativeURLs`) read such a path from the base URL.
pub(crate) fn under_base(body: &str, base_path: &str) -> Converted {
    let which = |d: &str| d.starts_with('/') && !d.starts_with("//") && !d.starts_with(base_path);
    let (text, done) = rewrite(body, which, |d| format!("{base_path}{}", d.trim_start_matches('/')));
    let notes = done
        .into_iter()
        .map(|d| {
            let text = format!("link `{}` → {}, under the base URL, as Hugo's canonifyURLs wrote it", d.was, d.now);
            (d.at, NoteKind::Converted, text)
        })
        .collect();
    Converted { text, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_the_host_go_under_the_base_path() {
        let body = "[x](/news/security/a) [y](/latest/b/) [z](//cdn/x.png) [w](https://h/) ![i](/img/a.png)\n";
        let c = under_base(body, "/latest/");
        assert_eq!(
            c.text,
            "[x](/latest/news/security/a) [y](/latest/b/) [z](//cdn/x.png) [w](https://h/) ![i](/latest/img/a.png)\n"
        );
        assert_eq!(c.notes.len(), 2);
    }

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
        assert_eq!(join_url("/a/", "../../../x.png"), "/x.png");
        assert_eq!(join_url("/a/b/", "../c/"), "/a/c/");
        assert_eq!(join_url("/a/b/", "../c/d.md?q=1"), "/a/c/d.md?q=1");
    }
}
