//! A Jekyll post's excerpt as brief's summary: the text before its
//! `excerpt_separator`, kept where brief would cut elsewhere, and for a post written in
//! HTML the plain text of the excerpt as Jekyll rendered it.

use serde_json::Value;

use super::{Entry, Note, NoteKind};

/// Jekyll's excerpt of a post kept as brief's summary (see [`super::excerpt`]), cut at
/// the post's own `excerpt_separator` (or one `defaults:` gives it), else the site's,
/// else Jekyll's default. Every line stays where it was, so later notes keep theirs.
pub(super) fn keep_excerpt(e: &mut Entry, site: &super::Map) {
    let separator = excerpt_separator(e, site);
    let kept = super::excerpt::keep(&e.body, &separator);
    for (off, kind, text) in kept.notes {
        e.notes.push(Note::new(e.body_line + super::matter::line_at(&e.body, off) - 1, kind, text));
    }
    e.body = kept.body;
}

/// The `excerpt_separator` of a post: its own (or one `defaults:` gives it), else the
/// site's, else Jekyll's default.
fn excerpt_separator(e: &Entry, site: &super::Map) -> String {
    e.raw
        .get("excerpt_separator")
        .or_else(|| site.get("excerpt_separator"))
        .and_then(Value::as_str)
        .unwrap_or(super::excerpt::DEFAULT)
        .to_string()
}

/// For a post written in HTML: the `excerpt_separator` its summary is cut at, once its
/// Liquid is converted (see [`html_excerpt`]): the body is one raw HTML block, with no
/// paragraph for brief to take a summary from.
pub(super) fn note_html_excerpt(e: &mut Entry, site: &super::Map) {
    let separator = excerpt_separator(e, site);
    // An empty separator is Jekyll's way to have no excerpt.
    if !separator.is_empty() {
        e.excerpt_at = Some(separator);
    }
}

/// Jekyll's excerpt of a post written in HTML as brief's summary, the plain text it
/// showed: the text before the first `excerpt_separator` of `converted`, the body with
/// its Liquid converted (Jekyll renders the excerpt's Liquid too). Liquid the import
/// could not convert (reported in the body) is left out of the summary.
pub(super) fn html_excerpt(e: &mut Entry, converted: &str) {
    let Some(separator) = e.excerpt_at.take() else { return };
    let body = converted.trim_start();
    let excerpt = body.find(&separator).map_or(body, |at| &body[..at]);
    let text = super::plain::text_of(&without_liquid(excerpt), super::plain::Written::Html);
    if text.is_empty() {
        return;
    }
    let what = format!(
        "summary: the plain text of Jekyll's excerpt (the HTML before `excerpt_separator` \"{}\"), as brief takes \
         no summary from a raw HTML body",
        separator.escape_debug()
    );
    e.fm.summary = Some(text);
    e.notes.push(Note::new(0, NoteKind::Converted, what));
}

/// `text` without its Liquid tags and outputs (`{% … %}`, `{{ … }}`).
fn without_liquid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['{']) {
        let (open, close) = match rest.as_bytes().get(at + 1) {
            Some(b'%') => ("{%", "%}"),
            Some(b'{') => ("{{", "}}"),
            _ => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
                continue;
            }
        };
        match rest[at + open.len()..].find(close) {
            Some(end) => {
                out.push_str(&rest[..at]);
                rest = &rest[at + open.len() + end + close.len()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}
