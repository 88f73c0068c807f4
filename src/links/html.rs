//! The tags of a built page and their attributes, read as a browser's HTML tokenizer
//! reads them (WHATWG HTML, "Tokenization"): `id = 'x'`, `ID=x` and `<a/id="x">` are all
//! the id `x`; `title="id=x"` is a title; text, comments and the insides of `<script>`,
//! `<style>`, `<textarea>` and the like are not tags. Values are slices of the page (no
//! allocation); [`decode_entities`] reads their character references.
//!
//! Hand-written rather than html5ever's tokenizer (in the tree through ammonia): `brief
//! check` reads every attribute of every page of the site, and html5ever makes a token,
//! an attribute list and a string per value for each tag; this walks the bytes once. The
//! entity names come from html5ever's table of the standard's 2,231.

use std::borrow::Cow;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// One start tag of a page: its name and the text of its attributes.
#[derive(Clone, Copy, Debug)]
pub struct Tag<'a> {
    /// The element's name as written (compare it case-insensitively).
    pub name: &'a str,
    /// From the end of the name to the tag's `>` (or the end of the page).
    rest: &'a str,
}

impl<'a> Tag<'a> {
    /// The tag's attributes in order, `(name, raw value)`; an attribute without `=` has
    /// an empty value.
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs { s: self.rest, at: 0 }
    }

    /// The raw value of attribute `name` (ASCII case-insensitive). The first one counts,
    /// as in the browser, which drops an attribute a tag repeats.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// Whether the element is `name` (ASCII case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// The attributes of one tag (see [`Tag::attrs`]).
pub struct Attrs<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        // Before the attribute's name: spaces and a `/` (`<br/>`, `<a/id=x>`) are skipped.
        while self.at < b.len() && (is_space(b[self.at]) || b[self.at] == b'/') {
            self.at += 1;
        }
        if self.at >= b.len() || b[self.at] == b'>' {
            return None;
        }
        // The name: up to a space, `/`, `>` or `=` (an `=` in first place is part of it).
        let start = self.at;
        self.at += 1;
        while self.at < b.len() && !matches!(b[self.at], b'/' | b'>' | b'=') && !is_space(b[self.at]) {
            self.at += 1;
        }
        let name = &self.s[start..self.at];
        // Spaces may stand on both sides of the `=`.
        let mut i = self.at;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return Some((name, ""));
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                self.at = (end + 1).min(b.len());
                &self.s[i + 1..end]
            }
            // `<p id=>`: no value, and the `>` ends the tag.
            Some(b'>') | None => {
                self.at = i;
                ""
            }
            Some(_) => {
                let end = b[i..].iter().position(|&c| c == b'>' || is_space(c)).map_or(b.len(), |e| i + e);
                self.at = end;
                &self.s[i..end]
            }
        };
        Some((name, value))
    }
}

/// The HTML tokenizer's whitespace.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// Elements whose content is text up to their end tag, tags and all (RCDATA, RAWTEXT,
/// script data). `<noscript>` is not among them: its links are for readers without
/// JavaScript.
const RAW_TEXT: [&str; 8] = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// The start tags of `html` in order: not end tags, comments, doctypes, nor anything in
/// text (a code block's `&lt;img src="…"&gt;`) or raw text.
pub fn tags(html: &str) -> impl Iterator<Item = Tag<'_>> {
    let b = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = memchr::memchr(b'<', &b[at..]) {
            let start = at + found;
            let after = &b[start + 1..];
            let (end_tag, name_at) = match after.first() {
                Some(c) if c.is_ascii_alphabetic() => (false, start + 1),
                Some(b'/') if after.get(1).is_some_and(u8::is_ascii_alphabetic) => (true, start + 2),
                Some(b'!') if after[1..].starts_with(b"--") => {
                    // `<!-->` and `<!--->` are empty comments.
                    let body = start + 4;
                    at = if b[body..].starts_with(b">") {
                        body + 1
                    } else if b[body..].starts_with(b"->") {
                        body + 2
                    } else {
                        memchr::memmem::find(&b[body..], b"-->").map_or(b.len(), |e| body + e + 3)
                    };
                    continue;
                }
                // `<!DOCTYPE …>`, `<?…>`, `</ …>`: up to the next `>`.
                Some(b'!' | b'?' | b'/') => {
                    at = memchr::memchr(b'>', after).map_or(b.len(), |e| start + 1 + e + 1);
                    continue;
                }
                // A `<` in text.
                _ => {
                    at = start + 1;
                    continue;
                }
            };
            let name_end = b[name_at..]
                .iter()
                .position(|&c| c == b'/' || c == b'>' || is_space(c))
                .map_or(b.len(), |e| name_at + e);
            let mut attrs = Attrs { s: &html[name_end..], at: 0 };
            for _ in attrs.by_ref() {}
            let tag_end = name_end + attrs.at;
            // A tag the page ends in, without its `>`, is dropped, as the browser does.
            if tag_end >= b.len() {
                break;
            }
            at = tag_end + 1;
            if end_tag {
                continue;
            }
            let tag = Tag { name: &html[name_at..name_end], rest: &html[name_end..tag_end] };
            if tag.is("plaintext") {
                at = b.len();
            } else if RAW_TEXT.iter().any(|n| tag.is(n)) {
                at = raw_text_end(b, at, tag.name.as_bytes());
            }
            return Some(tag);
        }
        at = b.len();
        None
    })
}

/// Where the raw text of element `name` that starts at `from` ends: at its end tag
/// (`</script>`, `</SCRIPT >`), else at the end of the page.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(e) = memchr::memmem::find(&b[at..], b"</") {
        let n = at + e + 2;
        let after = n + name.len();
        if b.get(n..after).is_some_and(|s| s.eq_ignore_ascii_case(name))
            && b.get(after).is_none_or(|&c| c == b'/' || c == b'>' || is_space(c))
        {
            return at + e;
        }
        at = n;
    }
    b.len()
}

/// An attribute value with its character references read (`a&amp;b` is `a&b`, `&#x2F;`
/// is `/`), as the tokenizer reads them in a value: a named reference without its `;`
/// stays as written before `=` or a letter or digit (`?a=1&copy=2`). Borrowed when the
/// value has no `&`.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find('&') else { return Cow::Borrowed(s) };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let used = if let Some(num) = rest.strip_prefix('#') {
            numeric_reference(num, &mut out).map(|n| n + 1)
        } else {
            named_reference(rest, &mut out)
        };
        match used {
            Some(n) => rest = &rest[n..],
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `#65;`, `#x41;` (after the `&#`): the character onto `out` and the bytes read, or
/// `None` without digits. Out-of-range values, surrogates and NUL read as U+FFFD; C1
/// controls as the Windows-1252 characters browsers show for them.
fn numeric_reference(s: &str, out: &mut String) -> Option<usize> {
    let (hex, digits_at) = match s.as_bytes().first() {
        Some(b'x' | b'X') => (true, 1),
        _ => (false, 0),
    };
    let digits =
        s[digits_at..].bytes().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
    if digits == 0 {
        return None;
    }
    let radix = if hex { 16 } else { 10 };
    let n = u32::from_str_radix(&s[digits_at..digits_at + digits], radix).unwrap_or(u32::MAX);
    let c = match n {
        0x80..=0x9f => C1_REPLACEMENTS[(n - 0x80) as usize].or(char::from_u32(n)),
        0 => None,
        n => char::from_u32(n),
    };
    out.push(c.unwrap_or('\u{fffd}'));
    let end = digits_at + digits;
    Some(if s[end..].starts_with(';') { end + 1 } else { end })
}

/// A named reference (after the `&`): the longest name the standard knows, its
/// characters onto `out` and the bytes read; `None` when there is none.
fn named_reference(s: &str, out: &mut String) -> Option<usize> {
    // The table holds every prefix of every name (mapped to 0), so the walk stops at
    // the first prefix it lacks: at most 33 look-ups, however long the run of letters.
    let mut longest = None;
    for (n, c) in s.bytes().enumerate() {
        if !c.is_ascii_alphanumeric() && c != b';' {
            break;
        }
        match NAMED_ENTITIES.get(&s[..=n]) {
            Some(&(0, _)) => {}
            Some(&cps) => longest = Some((n + 1, cps)),
            None => break,
        }
        if c == b';' {
            break;
        }
    }
    let (n, (c1, c2)) = longest?;
    // In a value, `&copy=` and `&copyx` stay as written (legacy names without `;`).
    if !s[..n].ends_with(';') && s.as_bytes().get(n).is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    out.extend([c1, c2].into_iter().filter(|&c| c != 0).filter_map(char::from_u32));
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(html: &str) -> Vec<&str> {
        tags(html).filter_map(|t| t.attr("id")).collect()
    }

    /// Every way a browser reads an id: quotes of either kind or none, spaces around the
    /// `=`, any case, a `/` before it; not a value that holds `id=`.
    #[test]
    fn ids_are_read_as_the_browser_reads_them() {
        let html = concat!(
            r#"<p id="a"></p><p id='b'></p><p id=c></p><P ID="d"></P><p id = "e"></p>"#,
            "<p\n\tid\n=\n'f'>",
            r#"<a/id="g"></a><p title="id=no" data-x='id="no"'>x</p><p title="x"id="h">"#,
            r#"<p id=i>j</p><p id="k" id="second"><p data-id="no"><p id>"#,
        );
        assert_eq!(ids(html), ["a", "b", "c", "d", "e", "f", "g", "h", "i", "k", ""]);
    }

    /// Text, comments, end tags and raw text hold no tags.
    #[test]
    fn only_start_tags_outside_text_count() {
        let html = concat!(
            r#"<!DOCTYPE html><!-- <p id="c1"> --><!--><p id="a"><!---><p id="b">"#,
            r#"<pre><code>&lt;p id="t"&gt;</code></pre></p id="end"><? <p id="pi"> >"#,
            r#"<script>let s = '<p id="s">';</script ><p id="c"><STYLE>/*<p id="st">*/</style>"#,
            r#"<textarea><p id="ta"></textarea><p title='a > b' id="d"><p id="unclosed">"#,
        );
        assert_eq!(ids(html), ["a", "b", "c", "d", "unclosed"]);
        assert_eq!(ids("<script><p id=\"x\">"), Vec::<&str>::new());
        assert_eq!(ids("<"), Vec::<&str>::new());
        // A tag the page ends in is no tag.
        assert_eq!(ids("<p id='x'"), Vec::<&str>::new());
        assert_eq!(ids("<p id='x"), Vec::<&str>::new());
    }

    #[test]
    fn attributes_without_values_and_tag_names() {
        let t = tags(r#"<input disabled value = x name="n"/>"#).next().unwrap();
        assert!(t.is("INPUT"));
        assert_eq!(t.attrs().collect::<Vec<_>>(), [("disabled", ""), ("value", "x"), ("name", "n")]);
    }

    #[test]
    fn character_references_in_values() {
        assert_eq!(decode_entities("plain"), "plain");
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
        assert_eq!(decode_entities("a&amp;b"), "a&b");
        assert_eq!(decode_entities("&#x2F;x&#47;&#65&#X42;"), "/x/AB");
        assert_eq!(decode_entities("&lt;&gt;&quot;&apos;&eacute;&NotEqualTilde;"), "<>\"'é\u{2242}\u{338}");
        assert_eq!(decode_entities("?a=1&copy=2&copyx&copy"), "?a=1&copy=2&copyx©");
        assert_eq!(decode_entities("&ampx &amp"), "&ampx &");
        assert_eq!(decode_entities("&nosuch; & &# &#x; &#0; &#x80;"), "&nosuch; & &# &#x; \u{fffd} €");
        assert_eq!(decode_entities("한&amp;글"), "한&글");
    }
}
