//! The old site's files served as they are (Hugo's and Zola's `static/`, Jekyll's
//! static files): each copied to brief's `static/`, or named in the report with why it
//! is not, its old URL listed where brief will not serve it (a hidden file).

use std::path::{Path, PathBuf};

use super::site_urls::Lost;
use super::{Copy, Found, Left, Skip};

/// Copy every file of `dir` (shown in the report as `shown`) to the folder `to` of the
/// new site (under `static/`) as `generator` served it, but those `leave` gives a reason
/// for, which are skipped with it.
pub(super) fn copy_dir(
    found: &mut Found,
    generator: &str,
    (dir, shown, to): (&Path, &Path, &Path),
    leave: super::Leave,
) {
    let (files, left) = super::walk_by(dir, leave);
    for rel in files {
        copy(found, generator, Copy { from: dir.join(&rel), source: shown.join(&rel), to: to.join(&rel) });
    }
    skip_left(found, shown, left);
}

/// Each of `left` (under `shown`) as a skip, with its reason.
pub(super) fn skip_left(found: &mut Found, shown: &Path, left: Vec<Left>) {
    for l in left {
        found.skipped.push(Skip { source: shown.join(&l.rel), reason: l.reason, post: false });
    }
}

/// Copy `c`, a file `generator` served at its path under `static/`, unless brief would
/// not serve it there: a hidden file or an editor's backup (`/.well-known/security.txt`,
/// `/.htaccess`), which is skipped, its old URL listed as not served.
pub(super) fn copy(found: &mut Found, generator: &str, c: Copy) {
    let in_static = c.to.strip_prefix("static").map(Path::to_path_buf).unwrap_or_else(|_| PathBuf::new());
    if !crate::source::is_ignored(&in_static) {
        found.copies.push(c);
        return;
    }
    let old = format!("/{}", in_static.to_string_lossy().replace('\\', "/"));
    let reason = format!(
        "{generator} served it at {old}, but brief never copies or serves a hidden file or an editor's backup \
         (`.name`, `#name`, `name~`): put it on your host yourself"
    );
    found.skipped.push(Skip { source: c.source, reason, post: false });
    let what = format!("a hidden file {generator} served");
    found.lost.push(Lost { old, what, instead: "nothing: brief serves no hidden file; put it on your host".into() });
}

/// Why Hugo read no content file of `rel`'s name: hidden (`.name`, a folder too), an
/// Emacs autosave (`#name`) or a backup (`name~`).
pub(super) fn hugo_content(rel: &Path, is_dir: bool) -> Option<String> {
    let name = rel.file_name()?.to_string_lossy();
    let what = if is_dir { "folder" } else { "file" };
    if name.starts_with('.') || name.starts_with('#') {
        Some(format!(
            "a {what} whose name starts with `{}`: Hugo reads no such file of the content folder, so it is not imported",
            &name[..1]
        ))
    } else if !is_dir && name.ends_with('~') {
        Some("a backup (its name ends with `~`): Hugo reads no such file of the content folder".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_reads_no_hidden_content_but_copies_all_of_static() {
        assert!(hugo_content(Path::new("blog/.git"), true).is_some());
        assert!(hugo_content(Path::new("blog/#x.md#"), false).is_some());
        assert!(hugo_content(Path::new("blog/x.md~"), false).is_some());
        assert_eq!(hugo_content(Path::new("blog/public/e.png"), false), None);
        assert_eq!(hugo_content(Path::new("vendor"), true), None);
    }

    #[test]
    fn a_hidden_static_file_is_skipped_and_its_url_listed() {
        let mut found = Found::default();
        let c = |p: &str| Copy { from: p.into(), source: p.into(), to: Path::new("static").join(p) };
        copy(&mut found, "Hugo", c("vendor/a.js"));
        copy(&mut found, "Hugo", c(".well-known/security.txt"));
        assert_eq!(found.copies.len(), 1);
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.lost.iter().map(|l| l.old.as_str()).collect::<Vec<_>>(), ["/.well-known/security.txt"]);
    }
}
