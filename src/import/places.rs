//! Where an imported file may be written under `content/`: names every system accepts,
//! and briefings kept out of `pages/`, which brief reads as standalone pages. Pure.

use std::path::{Component, Path, PathBuf};

/// The folder a briefing from a `pages` folder of the old site is written under
/// (`pages/launch-notes.md` → `pages-posts/launch-notes.md`).
pub(crate) const PAGES_POSTS: &str = "pages-posts";

/// `path` with the characters Windows refuses in a name (`<>:"|?*`, controls) as `-`,
/// runs of `-` made one: bevyengine/bevy-website's news folder `2024-??-??-dream-job`.
pub(crate) fn portable_path(path: &Path) -> PathBuf {
    path.iter()
        .map(|part| {
            let part = part.to_string_lossy();
            if !part.chars().any(|c| "<>:\"|?*".contains(c) || c.is_control()) {
                return part.into_owned();
            }
            let mut out = String::new();
            for c in part.chars() {
                let c = if "<>:\"|?*".contains(c) || c.is_control() { '-' } else { c };
                if !(c == '-' && out.ends_with('-')) {
                    out.push(c);
                }
            }
            out.trim_matches(['-', '.', ' ']).to_string()
        })
        .collect()
}

/// A briefing's path (under `content/`, without the language folder) moved out of
/// `pages/`, where brief would read it as a standalone page (its dated URL never built,
/// its terms dropped): `pages/x.md` → `pages-posts/x.md`. `None` when it is elsewhere.
pub(crate) fn out_of_pages(dest: &Path) -> Option<PathBuf> {
    let mut parts = dest.components();
    match parts.next() {
        Some(Component::Normal(first)) if first == "pages" && parts.clone().next().is_some() => {
            Some(Path::new(PAGES_POSTS).join(parts.as_path()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_refuses_are_made_portable() {
        assert_eq!(
            portable_path(Path::new("news/2024-??-??-dream-job/index.md")),
            Path::new("news/2024-dream-job/index.md")
        );
        assert_eq!(portable_path(Path::new("2019/03/fusion power.md")), Path::new("2019/03/fusion power.md"));
    }

    #[test]
    fn a_briefing_is_never_written_under_pages() {
        assert_eq!(
            out_of_pages(Path::new("pages/launch-notes.md")),
            Some(PathBuf::from("pages-posts/launch-notes.md"))
        );
        assert_eq!(
            out_of_pages(Path::new("pages/privacy/index.md")),
            Some(PathBuf::from("pages-posts/privacy/index.md"))
        );
        for elsewhere in ["posts/pages/x.md", "pages.md", "Pages/x.md", "pages-posts/x.md"] {
            assert_eq!(out_of_pages(Path::new(elsewhere)), None, "{elsewhere}");
        }
    }
}
