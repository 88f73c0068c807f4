//! Machine-readable outputs: Atom entries (the XML itself is a template), JSON Feed
//! 1.1, the sitemap, the news sitemap and robots.txt, the search index and schema.org
//! JSON-LD. They are made from the model, the index and the routes, never from
//! rendered pages.

pub mod atom;
pub mod json_feed;
pub mod json_ld;
pub mod news_sitemap;
pub mod redirects;
pub mod search;
pub mod search_index;
pub mod sitemap;

use jiff::ZonedDateTime as Zoned;

use crate::config::Config;
use crate::routes::link;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output root, `/`-separated (`2024/07/12/x/index.html`).
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// RFC 3339 with the zone's offset.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A stable id for a site path: the absolute URL, or a `tag:` URI when `base_url` has no host.
pub fn id_for(cfg: &Config, path: &str) -> String {
    if cfg.origin.is_empty() { format!("tag:localhost,2000:{}", link(cfg, path)) } else { cfg.absolute(path) }
}

/// JSON with `<`, `>` and `&` written as `\u` escapes: the same data once parsed, but
/// inert if the file is ever served or embedded as HTML. They occur only inside strings,
/// so a byte-level rewrite is exact.
pub fn html_safe_json(json: Vec<u8>) -> Vec<u8> {
    if !json.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    for b in json {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(b),
        }
    }
    out
}

/// Escape text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml_escaped(&mut out, s);
    out
}

/// [`xml_escape`] onto the end of `out`.
pub fn push_xml_escaped(out: &mut String, s: &str) {
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || b < 0x20) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_script_safe() {
        let s = String::from_utf8(html_safe_json(
            serde_json::to_vec(&serde_json::json!({ "h": "</script><!--" })).unwrap(),
        ))
        .unwrap();
        assert!(!s.contains('<'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["h"], "</script><!--");
    }

    #[test]
    fn xml_escapes_everything() {
        assert_eq!(xml_escape("a&b<c>\"d'\u{1}"), "a&amp;b&lt;c&gt;&quot;d&apos;");
    }
}
