//! Generated files that would need a path as a file and as a folder at once: an alias
//! `/posts/index.html/` (its page at `posts/index.html/index.html`) where a page is
//! `/posts/` (`posts/index.html`). Neither can be written beside the other, and the
//! build failed at its write with the system's "Not a directory", after `brief check`
//! passed. Only a file whose folders have a `.` in their names can be under another
//! file (the files brief writes have one in their names), or one under the few that
//! have none (`_redirects`: an alias `/_redirects` is the folder `_redirects/`), so few
//! are looked at.

use rustc_hash::FxHashMap;

use super::Route;
use super::manifest::describe_route;
use crate::diag::Diagnostic;
use crate::index::Edition;

/// The first (by path) generated file under a path another generated file takes.
pub(super) fn check(editions: &[Edition], files: &FxHashMap<String, (usize, Route)>) -> Result<(), Diagnostic> {
    let mut under: Vec<(&str, &str)> = Vec::new();
    let dotless: Vec<&str> =
        files.keys().map(String::as_str).filter(|f| !f.rsplit('/').next().unwrap_or(f).contains('.')).collect();
    for d in &dotless {
        let folder = format!("{d}/");
        under.extend(files.keys().filter(|f| f.starts_with(&folder)).map(|f| (f.as_str(), *d)));
    }
    for f in files.keys() {
        let Some(last) = f.rfind('/') else { continue };
        if !f[..last].contains('.') {
            continue;
        }
        let parents = f[..last].match_indices('/').map(|(k, _)| k).chain(std::iter::once(last));
        if let Some(p) = parents.map(|k| &f[..k]).find(|p| files.contains_key(*p)) {
            under.push((f.as_str(), p));
        }
    }
    under.sort();
    let Some(&(inner, outer)) = under.first() else { return Ok(()) };
    let (a, b) = (files[inner], files[outer]);
    let outer_what = describe_route(&editions[b.0], b.1);
    // An alias or old URL is pointed at where it is written, whichever side it is on.
    let (redirect, other, inside) = match (a.1, b.1) {
        (Route::Redirect(k), _) => ((a.0, k), outer_what, true),
        (_, Route::Redirect(k)) => ((b.0, k), describe_route(&editions[a.0], a.1), false),
        _ => {
            let what = describe_route(&editions[a.0], a.1);
            return Err(Diagnostic::stage(
                "build",
                format!("the {what} would be in the folder `/{outer}`, where brief makes a file (the {outer_what})"),
            ));
        }
    };
    let ed = &editions[redirect.0];
    let r = &ed.index.redirects[redirect.1];
    let b = &ed.briefings[r.to];
    let kind = if r.by_hand { "alias" } else { "old URL" };
    let message = if inside {
        format!(
            "{kind} `{}` of `{}` would be in the folder `/{outer}`, where brief makes a file (the {other})",
            r.from,
            b.source.display()
        )
    } else {
        format!(
            "{kind} `{}` of `{}` is a file where brief makes a folder (for the {other})",
            r.from,
            b.source.display()
        )
    };
    let d = Diagnostic::error(&b.source, message).hint("remove the alias, or give the other page another URL");
    Err(super::manifest::at_alias(d, r, b))
}
