//! A Jekyll site's pages: the files outside its underscore folders, each a brief page
//! (Markdown or HTML with front matter), a file at its old URL (a whole document without
//! a layout), or a static file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::defaults::{Defaults, with_front_matter};
use super::jekyll::{GEN, TABS};
use super::matter::{self, jekyll_date, text_of, titleize};
use super::{Copy, Entry, Found, Kind, Note, NoteKind, Skip};

/// A file outside the underscore folders: a page (front matter, Markdown or plain
/// HTML), or a static file.
pub(super) fn page(found: &mut Found, rel: &Path, abs: &Path, comps: &[String], pretty: bool, defaults: &Defaults) {
    let ext = rel.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let text = std::fs::read(abs).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    let has_fm = text.starts_with("---\n") || text.starts_with("---\r\n");
    let skip = |found: &mut Found, reason: &str| {
        found.skipped.push(Skip { source: rel.to_path_buf(), reason: reason.into(), post: false })
    };
    if !has_fm {
        let to = Path::new("static").join(rel);
        return super::statics::copy(found, "Jekyll", Copy { from: abs.to_path_buf(), source: rel.to_path_buf(), to });
    }
    let is_md = super::is_markdown(rel);
    if !is_md && ext != "html" {
        return skip(
            found,
            if matches!(ext.as_str(), "scss" | "sass") {
                "Sass that Jekyll compiles: put the compiled CSS in static/ by hand"
            } else {
                "a file Jekyll renders through Liquid (feeds, sitemaps, scripts): brief makes its own feeds and sitemap"
            },
        );
    }
    // As for a post: Jekyll publishes a page whose front matter it cannot read without it.
    let strict = found.config.get("strict_front_matter").and_then(Value::as_bool).unwrap_or(false);
    let (m, tabs, unread) = match matter::read_untabbed(&text) {
        Ok((m, tabs)) => (m, tabs, None),
        Err(e) => match matter::without_front_matter(&text).filter(|_| !strict) {
            Some(m) => (m, None, Some(e)),
            None => return skip(found, "front matter Jekyll could not read either"),
        },
    };
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if comps.len() == 1 && (stem == "index" || stem == "404") {
        return skip(
            found,
            if stem == "index" {
                "the home page: brief makes its own"
            } else {
                "the not-found page: brief makes its own"
            },
        );
    }
    if ext == "html" && (m.body.contains("{%") || m.body.contains("{{")) {
        return skip(found, "an HTML page made of Liquid (a template, not content): brief makes its own lists");
    }
    let dir: Vec<&str> = comps[..comps.len() - 1].iter().map(String::as_str).collect();
    let name = if stem == "index" { dir.last().map_or("index".into(), |d| d.to_string()) } else { stem.clone() };
    let rel_s = rel.to_string_lossy().replace('\\', "/");
    let raw = with_front_matter(defaults.for_file(&rel_s, "pages", false), &m.map);
    let dir_path = dir.iter().map(|d| format!("{d}/")).collect::<String>();
    let old = match m.map.get("permalink").and_then(text_of) {
        Some(p) => p,
        None if stem == "index" => format!("/{dir_path}"),
        None if pretty => format!("/{dir_path}{stem}/"),
        None => format!("/{dir_path}{stem}.html"),
    };
    // A whole HTML document with no layout, which Jekyll served as written: inside
    // brief's layout it would be a page within a page, so it stays a file at its URL.
    let layout = raw.get("layout").map(|v| text_of(v).unwrap_or_default());
    let head = m.body.trim_start().get(..9).unwrap_or_default().to_ascii_lowercase();
    if ext == "html"
        && layout.is_none_or(|l| matches!(l.trim(), "" | "null" | "none"))
        && (head.starts_with("<!doctype") || head.starts_with("<html"))
        && crate::lock::is_site_path(&old)
    {
        let to = Path::new("static").join(crate::routes::output_file(&old));
        let note = format!(
            "a whole HTML document without a layout, which Jekyll served as written: kept as the file {} (its URL {old}; its front matter dropped)",
            to.display()
        );
        found.site_notes.push((rel.to_path_buf(), Note::new(0, NoteKind::Converted, note)));
        let copy = Copy { from: abs.to_path_buf(), source: rel.to_path_buf(), to };
        found.documents.push((copy, m.body.clone()));
        return;
    }
    let mut e = Entry::new(rel.to_path_buf(), Kind::Page, PathBuf::from("pages").join(format!("{name}.md")));
    e.body = m.body.clone();
    e.body_line = m.body_line;
    e.raw = raw;
    e.fm.title = m.map.get("title").and_then(text_of).unwrap_or_else(|| titleize(&name));
    e.fm.date = m.map.get("date").and_then(text_of).and_then(|d| jekyll_date(&d));
    e.fm.summary = m.map.get("description").and_then(text_of);
    e.old_urls.push((old, "its URL on the old site"));
    e.html = ext == "html";
    if let Some(at) = tabs {
        e.notes.push(Note::new(at, NoteKind::Converted, TABS));
    }
    if let Some(err) = unread {
        e.notes.push(Note::new(err.line, NoteKind::NotConverted, unread_note(&err.message)));
    }
    for (k, v) in &m.map {
        if !matches!(k.as_str(), "title" | "date" | "description" | "permalink") {
            e.fm.keep(GEN, k, v.clone());
            e.notes.push(Note::new(m.line_of(k), NoteKind::Extra, format!("{k} → extra.jekyll.{k}")));
        }
    }
    e.keys = vec![format!("link:{}", rel.to_string_lossy().replace('\\', "/"))];
    found.entries.push(e);
}

/// The report's line for a file whose front matter neither Jekyll nor the import could
/// read, published without it.
pub(super) fn unread_note(message: &str) -> String {
    format!(
        "front matter Jekyll could not read either ({message}): Jekyll published the file without it, its title and date made from the file name, and so does this import; correct it and import again to keep its title, tags and the rest"
    )
}
