//! The parts of a briefing's front matter that keep the record: its identity (which
//! outlives its URL), its old URLs written by hand, and its dated corrections and
//! updates.

use std::path::Path;

use jiff::tz::TimeZone;

use super::{Ctx, DATE_HINT, frontmatter, markdown, parse_date};
use crate::model::{Notice, UrlPos};

/// A briefing's identity when its front matter names none: its path under `content/`
/// without the extension, or a bundle's folder, `/`-separated (`index` for an `index.md`
/// at the top of `content/`, which has no folder).
pub(super) fn default_id(dir: &Path, bundle: bool, path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let p = if bundle && !dir.as_os_str().is_empty() { dir.to_path_buf() } else { dir.join(stem) };
    p.to_string_lossy().replace('\\', "/")
}

/// The `aliases:` as brief holds them (a space as `%20`; a path whose last part has no
/// extension is a folder, as Hugo writes it: `/old` is `old/index.html`, since a file
/// without one would be served as a download), each with where it is written. One that
/// is not a site path is an error at its key.
pub(super) fn aliases(ctx: &mut Ctx<'_>, written: Vec<String>) -> (Vec<String>, Vec<UrlPos>) {
    let mut aliases = Vec::new();
    let mut positions = Vec::new();
    for (k, written) in written.into_iter().enumerate() {
        // A space as a URL has it (`/post%20formats/x/`, a Jekyll category's folder).
        let mut a = written.trim().replace(' ', "%20");
        if !a.ends_with('/') && !a.rsplit('/').next().unwrap_or("").contains('.') {
            a.push('/');
        }
        // `/%2e%2e/old/` is `/old/` to a server, which never asks for the folder
        // `%2e%2e/` its page would be written in (brief keeps such a name as written).
        let dots = a.split('/').any(|seg| {
            seg.contains('%')
                && matches!(percent_encoding::percent_decode_str(seg).decode_utf8().as_deref(), Ok(".") | Ok(".."))
        });
        if crate::lock::is_site_path(&a) && !a.contains(['?', '#']) && !dots {
            aliases.push(a);
            positions.push(ctx.list_item_pos("aliases", k));
        } else {
            ctx.at_list_item(
                "aliases",
                k,
                format!("alias `{}` is not a site path", written.trim()),
                "write each alias as a path from the site's base, like `/2024/07/12/old-slug/`",
            );
        }
    }
    (aliases, positions)
}

/// The corrections or updates under `key`, newest first; each needs a date and a text.
pub(super) fn notices(ctx: &mut Ctx<'_>, key: &str, raw: Vec<frontmatter::RawNotice>, tz: &TimeZone) -> Vec<Notice> {
    let mut out = Vec::new();
    for (k, n) in raw.into_iter().enumerate() {
        let text = n.text.as_deref().map(str::trim).unwrap_or_default();
        if text.is_empty() {
            ctx.at_item(
                key,
                k,
                "text",
                format!("{key} entry {} has no text", k + 1),
                "give each entry `text: \"...\"`",
            );
        }
        let date = match n.date.as_deref() {
            None => {
                ctx.at_item(
                    key,
                    k,
                    "date",
                    format!("{key} entry {} has no date", k + 1),
                    "give each entry `date: YYYY-MM-DD`",
                );
                None
            }
            Some(d) => match parse_date(d, tz) {
                Ok(z) => Some(z),
                Err(e) => {
                    ctx.at_item(key, k, "date", format!("invalid date `{d}` in {key} entry {}: {e}", k + 1), DATE_HINT);
                    None
                }
            },
        };
        if let (Some(date), false) = (date, text.is_empty()) {
            let (html, text) = markdown::render_inline(text);
            out.push(Notice { date, html, text });
        }
    }
    // Newest first; entries of one time keep their written order.
    out.sort_by_key(|n| std::cmp::Reverse(n.date.timestamp()));
    out
}
