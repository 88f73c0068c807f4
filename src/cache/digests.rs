//! Digests of a briefing's fields, taken apart by what reads them: what places it in
//! the index and lists, the rest of its front matter, and the counts taken from its
//! body. The shape of a site (`crate::render::Shape`) compares all three from one build
//! to the next; the index kept in the cache ([`super::index`]) is keyed by the first two,
//! since the index reads nothing of the body.

use xxhash_rust::xxh3::xxh3_128;

use crate::model::{Briefing, Notice, Source, UrlPos};

/// The digests of one briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digests {
    /// What places it: its file, date, slug, terms, authors, identity, old URLs,
    /// corrections, expiry, language.
    pub place: u128,
    /// The rest of its front matter: title, times, sources, free-form values, updates.
    pub front: u128,
    /// Its word count and reading time.
    pub counts: u64,
}

/// The digests of briefing `b`, its fields written out in `buf` first (as bytes with
/// their lengths: formatting them as text cost more than the rest). Every field is
/// named, so a new one does not compile until it is given to one of them.
pub fn of(buf: &mut Vec<u8>, b: &Briefing) -> Digests {
    let Briefing {
        source,
        dir,
        bundle,
        title,
        title_html,
        slug,
        uncut_slug,
        url_pos,
        date,
        updated,
        terms,
        term_slugs,
        summary_is_explicit,
        content,
        word_count,
        reading_time,
        authors,
        author_slugs,
        sources,
        draft,
        extra,
        id,
        aliases,
        alias_pos,
        corrections,
        updates,
        expires,
        expired,
        lang,
        translation_key,
    } = b;
    let mut f = Fields(buf);
    // What `serve` requires to stay the same for an edit that keeps the index (its
    // `same_place` and `keeps_record`), and what locates the briefing.
    f.0.clear();
    f.str(&source.to_string_lossy());
    f.str(&dir.to_string_lossy());
    f.flag(*bundle);
    f.bytes(&date.timestamp().as_nanosecond().to_le_bytes());
    f.str(slug);
    f.opt(uncut_slug.as_deref());
    for lists in [terms, term_slugs] {
        f.n(lists.len());
        for l in lists {
            f.strs(l);
        }
    }
    f.strs(authors);
    f.strs(author_slugs);
    f.str(id);
    f.strs(aliases);
    f.notices(corrections);
    f.zoned(expires.as_ref());
    f.flag(*expired);
    f.n(*lang);
    f.str(translation_key);
    f.flag(*draft);
    let place = xxh3_128(f.0);
    f.0.clear();
    f.str(title);
    f.opt(title_html.as_deref());
    let UrlPos { line, col, text } = url_pos;
    f.n(*line);
    f.n(*col);
    f.str(text);
    for UrlPos { line, col, text } in alias_pos {
        f.n(*line);
        f.n(*col);
        f.str(text);
    }
    f.zoned(Some(date));
    f.zoned(updated.as_ref());
    f.flag(*summary_is_explicit);
    f.n(sources.len());
    for Source { title, url, publisher } in sources {
        f.str(title);
        f.opt(url.as_deref());
        f.opt(publisher.as_deref());
    }
    f.notices(updates);
    // Free-form values, usually none: as text.
    f.str(&extra.to_string());
    let front = xxh3_128(f.0);
    // Taken from the body, like the body itself (`content`, whose digest is its own).
    let _ = content;
    let counts = ((*word_count as u64) << 20) ^ (*reading_time as u64);
    Digests { place, front, counts }
}

/// Where values go as bytes, each string and list with its length first, so that two
/// values never give the same bytes: a buffer to hash or to save.
pub trait Put {
    /// Bytes as they are.
    fn bytes(&mut self, b: &[u8]);

    /// A number, as 8 bytes.
    fn n(&mut self, n: usize) {
        self.bytes(&(n as u64).to_le_bytes());
    }

    /// A string, its length first.
    fn str(&mut self, s: &str) {
        self.n(s.len());
        self.bytes(s.as_bytes());
    }

    /// Strings, their count first.
    fn strs(&mut self, l: &[String]) {
        self.n(l.len());
        for s in l {
            self.str(s);
        }
    }

    /// Numbers, their count first.
    fn list(&mut self, l: &[usize]) {
        self.n(l.len());
        for &i in l {
            self.n(i);
        }
    }
}

impl Put for Vec<u8> {
    fn bytes(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
}

/// A briefing's fields as bytes.
struct Fields<'a>(&'a mut Vec<u8>);

impl Put for Fields<'_> {
    fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
}

impl Fields<'_> {
    fn flag(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.flag(true);
                self.str(s);
            }
            None => self.flag(false),
        }
    }

    /// A time: the instant, its offset and its zone.
    fn zoned(&mut self, z: Option<&jiff::ZonedDateTime>) {
        let Some(z) = z else { return self.flag(false) };
        self.flag(true);
        self.bytes(&z.timestamp().as_nanosecond().to_le_bytes());
        self.bytes(&z.offset().seconds().to_le_bytes());
        self.opt(z.time_zone().iana_name());
    }

    fn notices(&mut self, l: &[Notice]) {
        self.n(l.len());
        for Notice { date, html, text } in l {
            self.zoned(Some(date));
            self.str(html);
            self.str(text);
        }
    }
}
