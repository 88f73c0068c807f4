//! A parse as bytes and back: the entries of the parse cache (see [`super`]).

use std::path::PathBuf;

use jiff::ZonedDateTime as Zoned;
use jiff::tz::TimeZone;

use crate::diag::{Diagnostic, Origin, Severity};
use crate::model::{Body, Briefing, Notice, Source, UrlPos};
use crate::parse::Parsed;

/// Where in an entry of a briefing its body's place in the bodies file is: the offset
/// (from the segment's base) as eight bytes, put in by the saver (see
/// [`super::Saver::add`]), then the body's length as four.
pub const BODY_AT: usize = 1;

/// Where an entry's body is, as the entry says.
pub struct BodyRef {
    /// From the segment's base in the bodies file.
    pub at: u64,
    pub len: u32,
    pub lens: [u32; 4],
    pub digest: u64,
}

/// Where the body of the entry `b` is, when it is of a briefing.
pub fn body_ref(b: &[u8]) -> Option<BodyRef> {
    (b.first() == Some(&1)).then_some(())?;
    Reader { b, at: BODY_AT }.body_ref()
}

/// The parse `p` as bytes, and its body's bytes, which go to the bodies file (the entry
/// says where: see [`BODY_AT`]); `None` when it cannot be kept (a body on disk, a path
/// that is not UTF-8, a message about something other than a file).
pub fn encode(p: &Parsed<Briefing>) -> Option<(Vec<u8>, &[u8])> {
    let mut w = Vec::with_capacity(1024);
    w.push(u8::from(p.item.is_some()));
    let mut body: &[u8] = &[];
    if let Some(b) = &p.item {
        body = briefing(&mut w, b)?;
    }
    w.extend_from_slice(&(p.diags.len() as u32).to_le_bytes());
    for d in &p.diags {
        let Diagnostic { severity, origin, line, col, message, source_line, hint } = d;
        let Origin::File(path) = origin else { return None };
        w.push(match severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
        put_str(&mut w, path.to_str()?);
        put_u64(&mut w, *line as u64);
        put_u64(&mut w, *col as u64);
        put_str(&mut w, message);
        put_opt(&mut w, source_line.as_deref());
        put_opt(&mut w, hint.as_deref());
    }
    Some((w, body))
}

/// The body's bytes: the entry has where they will be.
fn briefing<'a>(w: &mut Vec<u8>, b: &'a Briefing) -> Option<&'a [u8]> {
    // Every field by name: a field added to `Briefing` is a compile error here.
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
    let (block, lens, digest) = content.block()?;
    put_u64(w, 0);
    w.extend_from_slice(&u32::try_from(block.len()).ok()?.to_le_bytes());
    for n in lens {
        w.extend_from_slice(&n.to_le_bytes());
    }
    put_u64(w, digest);
    put_str(w, source.to_str()?);
    put_str(w, dir.to_str()?);
    w.extend([u8::from(*bundle), u8::from(*summary_is_explicit), u8::from(*draft), u8::from(*expired)]);
    put_str(w, title);
    put_opt(w, title_html.as_deref());
    put_str(w, slug);
    put_opt(w, uncut_slug.as_deref());
    put_u64(w, url_pos.line as u64);
    put_u64(w, url_pos.col as u64);
    put_str(w, &url_pos.text);
    put_zoned(w, Some(date));
    put_zoned(w, updated.as_ref());
    put_zoned(w, expires.as_ref());
    for lists in [terms, term_slugs] {
        put_u64(w, lists.len() as u64);
        for l in lists {
            put_strs(w, l);
        }
    }
    put_u64(w, *word_count as u64);
    put_u64(w, *reading_time as u64);
    put_strs(w, authors);
    put_strs(w, author_slugs);
    put_u64(w, sources.len() as u64);
    for s in sources {
        put_str(w, &s.title);
        put_opt(w, s.url.as_deref());
        put_opt(w, s.publisher.as_deref());
    }
    put_str(w, &serde_json::to_string(extra).ok()?);
    put_str(w, id);
    put_strs(w, aliases);
    for p in alias_pos {
        put_u64(w, p.line as u64);
        put_u64(w, p.col as u64);
        put_str(w, &p.text);
    }
    for notices in [corrections, updates] {
        put_u64(w, notices.len() as u64);
        for n in notices {
            put_zoned(w, Some(&n.date));
            put_str(w, &n.html);
            put_str(w, &n.text);
        }
    }
    put_u64(w, *lang as u64);
    put_str(w, translation_key);
    Some(block)
}

/// A parse read back from [`encode`]'s bytes, its dates in `tz`, and its body's bytes.
#[cfg(test)]
pub fn decode(b: &[u8], body: &[u8], tz: &TimeZone) -> Option<Parsed<Briefing>> {
    decode_with(b, tz, |r| Some(Body::from_block(body.get(..r.len as usize)?.into(), r.lens, r.digest)))
}

/// A parse read back from [`encode`]'s bytes, its dates in `tz`; `body` makes the
/// briefing's body of where the entry says it is (`None`: the entry is not used).
pub fn decode_with(b: &[u8], tz: &TimeZone, body: impl FnOnce(BodyRef) -> Option<Body>) -> Option<Parsed<Briefing>> {
    let mut r = Reader { b, at: 0 };
    let item = match r.take(1)?[0] {
        0 => None,
        _ => Some(read_briefing(&mut r, tz, body)?),
    };
    let n = r.u32()?;
    let mut diags = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let severity = if r.take(1)?[0] == 0 { Severity::Error } else { Severity::Warning };
        diags.push(Diagnostic {
            severity,
            origin: Origin::File(PathBuf::from(r.str()?)),
            line: r.u64()? as usize,
            col: r.u64()? as usize,
            message: r.string()?,
            source_line: r.opt()?,
            hint: r.opt()?,
        });
    }
    (r.at == b.len()).then_some(Parsed { item, diags })
}

fn read_briefing(r: &mut Reader, tz: &TimeZone, body: impl FnOnce(BodyRef) -> Option<Body>) -> Option<Briefing> {
    let content = body(r.body_ref()?)?;
    let source = PathBuf::from(r.str()?);
    let dir = PathBuf::from(r.str()?);
    let flags = r.take(4)?;
    let (bundle, summary_is_explicit, draft, expired) = (flags[0] == 1, flags[1] == 1, flags[2] == 1, flags[3] == 1);
    let title = r.string()?;
    let title_html = r.opt()?.map(String::into_boxed_str);
    let slug = r.string()?;
    let uncut_slug = r.opt()?;
    let url_pos = UrlPos { line: r.u64()? as usize, col: r.u64()? as usize, text: r.string()? };
    let date = r.zoned(tz)??;
    let updated = r.zoned(tz)?;
    let expires = r.zoned(tz)?;
    let mut lists = || -> Option<Vec<Vec<String>>> { (0..r.u64()?).map(|_| r.strings()).collect() };
    let terms = lists()?;
    let term_slugs = lists()?;
    let word_count = r.u64()? as usize;
    let reading_time = r.u64()? as usize;
    let authors = r.strings()?;
    let author_slugs = r.strings()?;
    let sources = (0..r.u64()?)
        .map(|_| Some(Source { title: r.string()?, url: r.opt()?, publisher: r.opt()? }))
        .collect::<Option<Vec<_>>>()?;
    let extra = serde_json::from_str(r.str()?).ok()?;
    let id = r.string()?;
    let aliases = r.strings()?;
    let alias_pos = (0..aliases.len())
        .map(|_| Some(UrlPos { line: r.u64()? as usize, col: r.u64()? as usize, text: r.string()? }))
        .collect::<Option<Vec<_>>>()?;
    let mut notices = || -> Option<Vec<Notice>> {
        (0..r.u64()?).map(|_| Some(Notice { date: r.zoned(tz)??, html: r.string()?, text: r.string()? })).collect()
    };
    let corrections = notices()?;
    let updates = notices()?;
    let lang = r.u64()? as usize;
    let translation_key = r.string()?;
    Some(Briefing {
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
    })
}

fn put_u64(w: &mut Vec<u8>, n: u64) {
    w.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(w: &mut Vec<u8>, b: &[u8]) {
    w.extend_from_slice(&(b.len() as u32).to_le_bytes());
    w.extend_from_slice(b);
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_bytes(w, s.as_bytes());
}

fn put_opt(w: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => w.push(0),
        Some(s) => {
            w.push(1);
            put_str(w, s);
        }
    }
}

fn put_strs(w: &mut Vec<u8>, l: &[String]) {
    put_u64(w, l.len() as u64);
    for s in l {
        put_str(w, s);
    }
}

/// A time as its instant: it is read back in the site time zone, which every date of a
/// parsed briefing is in.
fn put_zoned(w: &mut Vec<u8>, z: Option<&Zoned>) {
    match z {
        None => w.push(0),
        Some(z) => {
            w.push(1);
            let ts = z.timestamp();
            w.extend_from_slice(&ts.as_second().to_le_bytes());
            w.extend_from_slice(&ts.subsec_nanosecond().to_le_bytes());
        }
    }
}

pub(super) struct Reader<'a> {
    pub(super) b: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// Where a body is (see [`BODY_AT`]).
    fn body_ref(&mut self) -> Option<BodyRef> {
        let (at, len) = (self.u64()?, self.u32()?);
        let mut lens = [0u32; 4];
        for n in &mut lens {
            *n = self.u32()?;
        }
        Some(BodyRef { at, len, lens, digest: self.u64()? })
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.take(1)?[0] {
            0 => Some(None),
            _ => Some(Some(self.string()?)),
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        (0..self.u64()?).map(|_| self.string()).collect()
    }

    /// `None` when the bytes do not read; `Some(None)` for no time.
    fn zoned(&mut self, tz: &TimeZone) -> Option<Option<Zoned>> {
        if self.take(1)?[0] == 0 {
            return Some(None);
        }
        let secs = i64::from_le_bytes(self.take(8)?.try_into().ok()?);
        let nanos = i32::from_le_bytes(self.take(4)?.try_into().ok()?);
        let ts = jiff::Timestamp::new(secs, nanos).ok()?;
        Some(Some(ts.to_zoned_datetime(tz.clone())))
    }
}
