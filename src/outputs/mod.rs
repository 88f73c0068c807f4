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
    let mut out = String::with_capacity(25);
    push_rfc3339(&mut out, z);
    out
}

/// [`rfc3339`] written onto `out` (a sitemap writes thousands).
pub fn push_rfc3339(out: &mut String, z: &Zoned) {
    // Checked against strftime over centuries of instants in odd time zones (a test).
    let (d, t, offset) = (z.date(), z.time(), z.offset().seconds());
    // Written out for years of four digits and offsets of whole minutes (every date a
    // site has): a strftime pattern is read again at each call.
    if (0..=9999).contains(&d.year()) && offset % 60 == 0 {
        let (sign, minutes) = if offset < 0 { (b'-', -offset / 60) } else { (b'+', offset / 60) };
        // Digits put in place.
        let mut text = *b"0000-00-00T00:00:00+00:00";
        let mut put = |at: usize, width: usize, mut v: i32| {
            for k in (at..at + width).rev() {
                text[k] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, i32::from(d.year()));
        put(5, 2, i32::from(d.month()));
        put(8, 2, i32::from(d.day()));
        put(11, 2, i32::from(t.hour()));
        put(14, 2, i32::from(t.minute()));
        put(17, 2, i32::from(t.second()));
        put(20, 2, minutes / 60);
        put(23, 2, minutes % 60);
        text[19] = sign;
        out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{}", z.strftime("%Y-%m-%dT%H:%M:%S%:z"));
    }
}

/// `z`'s date as `2024-07-12`, as strftime's `%Y-%m-%d` writes it.
pub fn iso_date(z: &Zoned) -> String {
    let d = z.date();
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        z.strftime("%Y-%m-%d").to_string()
    }
}

/// A stable id for a site path: the absolute URL, or a `tag:` URI when `base_url` has no host.
pub fn id_for(cfg: &Config, path: &str) -> String {
    if cfg.origin.is_empty() { format!("tag:localhost,2000:{}", link(cfg, path)) } else { cfg.absolute(path) }
}

/// JSON with `<`, `>` and `&` written as `\u` escapes: the same data once parsed, but
/// inert if the file is ever served or embedded as HTML. They occur only inside strings,
/// so a byte-level rewrite is exact.
pub fn html_safe_json(json: Vec<u8>) -> Vec<u8> {
    if memchr::memchr3(b'<', b'>', b'&', &json).is_none() {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    let mut done = 0;
    for at in memchr::memchr3_iter(b'<', b'>', b'&', &json) {
        out.extend_from_slice(&json[done..at]);
        out.extend_from_slice(match json[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        });
        done = at + 1;
    }
    out.extend_from_slice(&json[done..]);
    out
}

/// What a URL may not hold as it is (RFC 3986): controls, space, the delimiters a URI
/// never holds literally and, added by the encoder, every byte past ASCII. `%` is not
/// here, so an already encoded URL (a `base_url` written `%EB%B8%8C`) stays as it is.
const NOT_IN_URI: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Absolute URL `url` as a URI (RFC 3986), as sitemaps must list them: the path (and
/// anything after it) percent-encoded as UTF-8 (`/ko/북한/` → `/ko/%EB%B6%81%ED%95%9C/`).
/// The scheme and host are left as written (a Unicode host would want punycode, not
/// percent signs). HTML and feeds keep the readable form: HTML5 and Atom take IRIs, and
/// an Atom id must not change.
pub fn uri(url: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // Nearly every URL has nothing to encode: then the encoder's first run of bytes it
    // leaves as they are is the whole URL (no search for the path first, no copy).
    if percent_encoding::utf8_percent_encode(url, NOT_IN_URI).next().is_some_and(|run| run.len() == url.len()) {
        return Cow::Borrowed(url);
    }
    uri_encoded(url)
}

/// [`uri`] through the encoder.
fn uri_encoded(url: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let path_at = url.find("://").map_or(0, |s| url[s + 3..].find('/').map_or(url.len(), |p| s + 3 + p));
    let (origin, rest) = url.split_at(path_at);
    match Cow::from(percent_encoding::utf8_percent_encode(rest, NOT_IN_URI)) {
        Cow::Borrowed(_) => Cow::Borrowed(url),
        Cow::Owned(path) => Cow::Owned(format!("{origin}{path}")),
    }
}

/// Escape text for XML content and attributes; characters XML forbids become U+FFFD
/// (see [`crate::parse::text::replace_forbidden`]).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml_escaped(&mut out, s);
    out
}

/// [`xml_escape`] onto the end of `out`.
pub fn push_xml_escaped(out: &mut String, s: &str) {
    // The bytes escaped or dropped, as a table: one look-up a byte.
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = true;
            b += 1;
        }
        t[b'&' as usize] = true;
        t[b'<' as usize] = true;
        t[b'>' as usize] = true;
        t[b'"' as usize] = true;
        t[b'\'' as usize] = true;
        // The first byte of U+FFFE and U+FFFF (and of other characters, which pass).
        t[0xEF] = true;
        t
    };
    if !s.bytes().any(|b| SPECIAL[b as usize]) {
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
            c if crate::parse::text::is_forbidden_in_xml(c) => out.push('\u{FFFD}'),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_and_iso_dates_are_what_strftime_writes() {
        let zones = ["UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Asia/Seoul", "Europe/Dublin"];
        let mut seconds = -2_208_988_800i64; // 1900
        while seconds < 4_102_444_800 {
            for name in zones {
                let tz = jiff::tz::TimeZone::get(name).unwrap();
                let z = jiff::Timestamp::new(seconds, 0).unwrap().to_zoned_datetime(tz);
                assert_eq!(super::rfc3339(&z), z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(), "{z}");
                assert_eq!(super::iso_date(&z), z.strftime("%Y-%m-%d").to_string(), "{z}");
            }
            seconds += 7_777_777;
        }
    }

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
        let s = html_safe_json(br#"{"a":"x & y > z","b":"<"}"#.to_vec());
        assert_eq!(s, br#"{"a":"x \u0026 y \u003e z","b":"\u003c"}"#);
        assert_eq!(html_safe_json(br#"{"a":"plain"}"#.to_vec()), br#"{"a":"plain"}"#);
    }

    #[test]
    fn uris_encode_the_path_once() {
        let cases = [
            ("https://h.example/b/", "https://h.example/b/"),
            ("https://h.example/ko/북한/", "https://h.example/ko/%EB%B6%81%ED%95%9C/"),
            ("https://h.example/fr/note-électorale-1/", "https://h.example/fr/note-%C3%A9lectorale-1/"),
            ("https://h.example/ko/%EB%B6%81/북/", "https://h.example/ko/%EB%B6%81/%EB%B6%81/"),
            ("https://h.example/a b/", "https://h.example/a%20b/"),
            ("https://例え.jp/例/", "https://例え.jp/%E4%BE%8B/"),
            ("/ko/북/", "/ko/%EB%B6%81/"),
        ];
        for (url, expected) in cases {
            assert_eq!(uri(url), expected, "{url}");
            assert_eq!(uri(expected), expected, "encoding twice changes nothing: {expected}");
        }
    }

    #[test]
    fn a_url_with_nothing_to_encode_is_what_the_encoder_leaves() {
        // Every ASCII byte and a few past it, in the path, the host and the query.
        let mut chars: Vec<char> = (0u8..0x80).map(char::from).collect();
        chars.extend(['é', '북', '\u{a0}', '\u{2028}', '😀']);
        for c in chars {
            for url in [format!("https://example.org/a{c}b/"), format!("https://ex{c}ample.org/"), format!("/x?q={c}")]
            {
                assert_eq!(uri(&url), uri_encoded(&url), "{url:?}");
            }
        }
    }

    #[test]
    fn xml_escapes_everything() {
        assert_eq!(xml_escape("a&b<c>\"d'\u{1}"), "a&amp;b&lt;c&gt;&quot;d&apos;\u{FFFD}");
        // Characters XML 1.0 forbids become U+FFFD, as Go's escaping (Hugo) makes them;
        // tab, line feed and carriage return stay, and so does every other character.
        assert_eq!(
            xml_escape("a\u{b}b\u{c}c\u{8}d\u{0}\u{1f}\u{fffe}\u{ffff}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(xml_escape("\t\n\r，\u{fffd}\u{7f}\u{85}북"), "\t\n\r，\u{fffd}\u{7f}\u{85}북");
    }
}
