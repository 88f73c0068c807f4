//! The parsed site: briefings and pages with typed dates, ready for indexing.

use std::path::{Path, PathBuf};

use jiff::ZonedDateTime as Zoned;

use serde::{Deserialize, Serialize};

/// Names a taxonomy may not take: they are other URL roots of the site.
pub const RESERVED_ROOTS: &[&str] = &["page", "archive", "search", "pages", "static", "corrections"];

/// A name `taxonomies:` takes: lowercase ASCII letters, digits, `-`, `_`; not digits
/// alone, a URL root of brief's or a front-matter key (`tags` aside).
pub fn is_taxonomy_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
        && !name.chars().all(|ch| ch.is_ascii_digit())
        && !RESERVED_ROOTS.contains(&name)
        && (name == "tags" || !FRONT_MATTER_KEYS.contains(&name))
}

/// Keys a briefing's front matter accepts (besides configured taxonomy names).
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "summary",
    "authors",
    "sources",
    "slug",
    "draft",
    "extra",
    "id",
    "aliases",
    "corrections",
    "updates",
    "expires",
    "lang",
    "translation_key",
];

/// A dated notice on a briefing: a correction (something was wrong) or an update
/// (something new).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// When it was made, in the site time zone.
    pub date: Zoned,
    /// The text as HTML (inline Markdown, raw HTML escaped).
    pub html: String,
    /// The text as plain text.
    pub text: String,
}

/// A source a briefing cites.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What the source is called.
    pub title: String,
    /// Where it is; `http`, `https` or `mailto` only.
    #[serde(default)]
    pub url: Option<String>,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
}

/// One heading of a body, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id`, unique within the page.
    pub id: String,
    /// The heading as plain text.
    pub title: String,
}

/// A parsed briefing.
#[derive(Debug, Clone)]
pub struct Briefing {
    /// Source file, relative to the site root (`content/2024/07/x.md`), for messages.
    pub source: PathBuf,
    /// Folder of the source file relative to `content/`, where its assets sit.
    pub dir: PathBuf,
    /// True when the file is `index.md` of its own folder (a bundle): every file of
    /// that folder is its asset.
    pub bundle: bool,
    /// Title as plain text: its inline Markdown rendered, the syntax dropped
    /// (`` `arone` was removed `` → `arone was removed`).
    pub title: String,
    /// Title as safe HTML (`<code>arone</code> was removed`), when its Markdown makes it
    /// more than the escaped `title`; `None` for the usual title without any.
    pub title_html: Option<Box<str>>,
    /// URL slug, safe as one path segment: the explicit `slug:` as written (made safe,
    /// never cut), else made from the title and cut near 80 characters.
    pub slug: String,
    /// The slug made from the title without cutting, when cutting changed it. The
    /// permalink uses it instead of `slug` only when cut slugs collide (see
    /// [`crate::routes::permalinks`]).
    pub uncut_slug: Option<String>,
    /// Where the URL comes from in the file (the `slug:` line, else `title:`), for
    /// messages about the URL.
    pub url_pos: UrlPos,
    /// Publication time in the site time zone.
    pub date: Zoned,
    /// Last update in the site time zone.
    pub updated: Option<Zoned>,
    /// Terms per configured taxonomy, in the order of `Config::taxonomies`.
    pub terms: Vec<Vec<String>>,
    /// Slugs of `terms`, same shape.
    pub term_slugs: Vec<Vec<String>>,
    /// The author wrote the summary (front matter `summary:` or the text before
    /// `<!-- more -->`); false when it was taken from the first paragraph.
    pub summary_is_explicit: bool,
    /// Rendered body, search words, headings and summary (plain text and HTML),
    /// compressed; on disk during a build.
    pub content: Body,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// Authors, as written (trimmed; two spellings of one author count once).
    pub authors: Vec<String>,
    /// Slugs of `authors`, same order: their pages are `/authors/<slug>/`.
    pub author_slugs: Vec<String>,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// Draft: built only with `--drafts`.
    pub draft: bool,
    /// Free-form values for templates.
    pub extra: serde_json::Value,
    /// Identity that outlives its URL: front matter `id:`, else its path under
    /// `content/` without the extension (a bundle's folder).
    pub id: String,
    /// Site paths that redirect here, written by hand (`aliases:`).
    pub aliases: Vec<String>,
    /// Where each of `aliases` is written in the file, for messages about it.
    pub alias_pos: Vec<UrlPos>,
    /// Corrections, newest first.
    pub corrections: Vec<Notice>,
    /// Updates, newest first.
    pub updates: Vec<Notice>,
    /// When it leaves every index, feed, search and sitemap.
    pub expires: Option<Zoned>,
    /// Past `expires` at the time of the build: its page stays, marked, and no list
    /// shows it. Set by the publish filter, not by parsing.
    pub expired: bool,
    /// Its language edition (0: the default language; see [`crate::config::Config::edition_of`]).
    pub lang: usize,
    /// What links its translations: front matter `translation_key:`, else its `id`.
    pub translation_key: String,
}

impl Briefing {
    /// The last change: the newest of `date`, `updated` and every correction and update.
    pub fn modified(&self) -> &Zoned {
        let mut m = self.updated.as_ref().unwrap_or(&self.date);
        for n in self.corrections.iter().chain(&self.updates) {
            if n.date.timestamp() > m.timestamp() {
                m = &n.date;
            }
        }
        m
    }

    /// The last change after publication, as a page or list item says "Updated": the
    /// newest of `updated` and every correction and update, when it has any of them
    /// later than `date` (a notice dated after `updated` moves it on, as it moves
    /// `dateModified`).
    pub fn last_update(&self) -> Option<&Zoned> {
        let m = self.modified();
        (self.updated.is_some() || m.timestamp() > self.date.timestamp()).then_some(m)
    }
}

/// A place in a source file and the text of its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlPos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// The line's text.
    pub text: String,
}

/// A link of an author's profile (`links:` in `authors.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorLink {
    /// What the link is called (`Mastodon`, `Email`).
    pub title: String,
    /// Where it goes; `http`, `https` or `mailto` only.
    pub url: String,
}

/// One author's profile from `authors.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorProfile {
    /// The author's slug: the entry's key (a name or a slug) made a slug.
    pub slug: String,
    /// The name to show instead of the one briefings write, when given.
    pub name: Option<String>,
    /// The bio as HTML (rendered Markdown, raw HTML escaped).
    pub bio_html: Option<String>,
    /// The bio as plain text.
    pub bio_text: Option<String>,
    /// Links, in the order written.
    pub links: Vec<AuthorLink>,
}

/// Every profile of `authors.yaml`, sorted by slug (empty without the file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authors {
    /// Profiles sorted by slug, one per slug.
    pub profiles: Vec<AuthorProfile>,
}

impl Authors {
    /// The profile of the author with this slug.
    pub fn get(&self, slug: &str) -> Option<&AuthorProfile> {
        self.profiles.binary_search_by(|p| p.slug.as_str().cmp(slug)).ok().map(|k| &self.profiles[k])
    }
}

/// A standalone page from `content/pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source file, relative to the site root.
    pub source: PathBuf,
    /// Folder of the source file relative to `content/`, where a bundle's files sit.
    pub dir: PathBuf,
    /// True when the file is `index.md` of its own folder under `pages/` (a page
    /// bundle, `pages/team/index.md`): every file of that folder is copied beside it.
    pub bundle: bool,
    /// Title as plain text (inline Markdown rendered, syntax dropped).
    pub title: String,
    /// Title as safe HTML.
    pub title_html: String,
    /// URL slug.
    pub slug: String,
    /// Optional date.
    pub date: Option<Zoned>,
    /// Optional update time.
    pub updated: Option<Zoned>,
    /// Summary as plain text (front matter, else before `<!-- more -->`, else the first
    /// paragraph cut to about 60 words).
    pub summary_text: String,
    /// Rendered body.
    pub content_html: String,
    /// Headings.
    pub toc: Vec<TocEntry>,
    /// Words in the body.
    pub word_count: usize,
    /// Draft.
    pub draft: bool,
    /// Free-form values.
    pub extra: serde_json::Value,
    /// Its language edition (0: the default language).
    pub lang: usize,
    /// What links its translations: front matter `translation_key:`, else its path
    /// under `content/` without language part.
    pub translation_key: String,
}

/// A file under `content/` that is not Markdown, copied beside the pages of its folder.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path to read from.
    pub path: PathBuf,
    /// Path relative to `content/`.
    pub rel: PathBuf,
}

/// The folder of a briefing or page bundle that this build does not publish (a draft
/// without `--drafts`, scheduled without `--future`, expired under `expired: remove`):
/// the files beside it are not published either, as Hugo publishes a page's resources
/// only with the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    /// Its source file, relative to the site root (as [`Briefing::source`]).
    pub source: PathBuf,
    /// Its folder relative to `content/`.
    pub dir: PathBuf,
    /// True for a bundle (`index.md`): every file under its folder is its own.
    pub bundle: bool,
    /// A briefing's id and edition (its URLs stay its edition's); empty for a page.
    pub id: String,
    /// Its language edition.
    pub lang: usize,
}

impl Withheld {
    /// The folder of briefing `b`.
    pub fn of(b: &Briefing) -> Withheld {
        Withheld { source: b.source.clone(), dir: b.dir.clone(), bundle: b.bundle, id: b.id.clone(), lang: b.lang }
    }

    /// Whether the content file at `rel` (relative to `content/`) is beside it.
    pub fn holds(&self, rel: &Path) -> bool {
        rel.parent() == Some(self.dir.as_path()) || (self.bundle && rel.starts_with(&self.dir))
    }
}

/// What a briefing's page, feeds, search record and list item need and the indexes do
/// not: the rendered body, its search words (see [`crate::parse::text::search_words`]),
/// the plain-text summary, its headings and the summary as HTML, as one block. A build
/// moves the block to its spill file ([`Body::spill_to`]), or leaves it where the build
/// cache has it ([`Body::in_file`]), so that a site of a million briefings fits in
/// memory. The block is not compressed: each body is read back four or five times a
/// build (list item, page, feeds, search), and compressing it once and decompressing it
/// each time cost more than the build saved by writing fewer bytes (12% of a clean
/// build's CPU at 10,000 briefings).
#[derive(Clone, Default)]
pub struct Body {
    block: Block,
    /// Byte lengths of the HTML, the words, the summary text and the summary HTML; the
    /// headings follow.
    lens: [u32; 4],
    /// A digest of the parts, so that a page's fingerprint can stand for the body
    /// without reading it (see `crate::render`).
    digest: u64,
}

/// Where a body's block is.
#[derive(Clone)]
enum Block {
    Held(Box<[u8]>),
    Spilled(crate::spill::Spilled),
}

impl Default for Block {
    fn default() -> Block {
        Block::Held(Box::default())
    }
}

/// The digest of a body's block with these lengths of its parts.
fn digest_of(lens: [u32; 4], block: &[u8]) -> u64 {
    let mut digest = xxhash_rust::xxh3::Xxh3::new();
    for n in lens {
        digest.update(&n.to_le_bytes());
    }
    digest.update(block);
    digest.digest()
}

/// A [`Body`]'s parts, as read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unpacked {
    text: String,
    lens: [u32; 4],
}

impl Unpacked {
    fn part(&self, k: usize) -> &str {
        let start: usize = self.lens[..k].iter().map(|&n| n as usize).sum();
        let end = if k < self.lens.len() { start + self.lens[k] as usize } else { self.text.len() };
        self.text.get(start..end).unwrap_or_default()
    }

    /// The body as HTML.
    pub fn html(&self) -> &str {
        self.part(0)
    }

    /// The distinct search words.
    pub fn search_words(&self) -> &str {
        self.part(1)
    }

    /// The summary as plain text.
    pub fn summary_text(&self) -> &str {
        self.part(2)
    }

    /// The summary as HTML: escaped front-matter text, or sanitized rendered Markdown (cut
    /// to about 60 words when taken from the first paragraph).
    pub fn summary_html(&self) -> &str {
        self.part(3)
    }

    /// The headings.
    pub fn toc(&self) -> Vec<TocEntry> {
        // Each heading is `level id-length title-length\n` then the id and the title.
        let mut out = Vec::new();
        let mut rest = self.part(4);
        while let Some((head, tail)) = rest.split_once('\n') {
            let mut nums = head.split(' ').map(|n| n.parse::<usize>().unwrap_or(0));
            let (level, id_len, title_len) =
                (nums.next().unwrap_or(1), nums.next().unwrap_or(0), nums.next().unwrap_or(0));
            let (Some(id), Some(title)) = (tail.get(..id_len), tail.get(id_len..id_len + title_len)) else { break };
            out.push(TocEntry { level: level as u8, id: id.to_string(), title: title.to_string() });
            rest = &tail[id_len + title_len..];
        }
        out
    }
}

impl Body {
    /// The parts as one block.
    pub fn new(html: &str, search_words: &str, summary_text: &str, summary_html: &str, toc: &[TocEntry]) -> Body {
        let parts = [html, search_words, summary_text, summary_html];
        let mut all = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + toc.len() * 64);
        for p in parts {
            all.push_str(p);
        }
        for h in toc {
            all.push_str(&format!("{} {} {}\n{}{}", h.level, h.id.len(), h.title.len(), h.id, h.title));
        }
        // A part over 4 GiB cannot be: `max_file_size` bounds the source far below.
        let len = |p: &str| u32::try_from(p.len()).unwrap_or(u32::MAX);
        let lens = parts.map(len);
        let digest = digest_of(lens, all.as_bytes());
        Body { block: Block::Held(all.into_bytes().into_boxed_slice()), lens, digest }
    }

    /// The block, the parts' lengths and the digest, when the block is in memory (for
    /// the build cache: see `crate::cache::parsed`).
    pub fn block(&self) -> Option<(&[u8], [u32; 4], u64)> {
        match &self.block {
            Block::Held(b) => Some((b, self.lens, self.digest)),
            Block::Spilled(_) => None,
        }
    }

    /// A body from what [`Body::block`] gave.
    pub fn from_block(bytes: Box<[u8]>, lens: [u32; 4], digest: u64) -> Body {
        Body { block: Block::Held(bytes), lens, digest }
    }

    /// A body whose block is `at` in a file lent to the build's spill (the build
    /// cache's: see [`crate::spill::Spill::lend`]), read from there when needed.
    pub fn in_file(at: crate::spill::Spilled, lens: [u32; 4], digest: u64) -> Body {
        Body { block: Block::Spilled(at), lens, digest }
    }

    /// Whether a held block is the one its lengths and digest were taken of (a body
    /// read back from the build cache).
    pub fn is_whole(&self) -> bool {
        match &self.block {
            Block::Held(b) => digest_of(self.lens, b) == self.digest,
            Block::Spilled(_) => true,
        }
    }

    /// A digest of every part: two bodies with the same digest are the same body.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// Move the block to `spill` (kept in memory if the write fails).
    pub fn spill_to(&mut self, spill: &std::sync::Arc<crate::spill::Spill>) {
        if let Block::Held(bytes) = &self.block
            && !bytes.is_empty()
            && let Some(s) = spill.put(bytes)
        {
            self.block = Block::Spilled(s);
        }
    }

    /// The parts. A spilled block that cannot be read back gives an empty body and
    /// fails the build before its output is published (see
    /// [`crate::spill::Spill::check`]).
    pub fn unpack(&self) -> Unpacked {
        let text = match &self.block {
            Block::Held(b) => String::from_utf8(b.to_vec()).map_err(|e| e.to_string()),
            Block::Spilled(s) => {
                let bytes = s.read();
                // A body left in the build cache's file is checked as it is read.
                if s.is_lent() && digest_of(self.lens, &bytes) != self.digest {
                    Err("a body does not match its digest".to_string())
                } else {
                    String::from_utf8(bytes).map_err(|e| format!("a body does not read back as text: {e}"))
                }
                .inspect_err(|e| s.fail(e))
            }
        };
        // Only a spilled block can fail (a held one is what `new` made, or was checked
        // as the cache's file was read), and that failure is recorded above.
        Unpacked { text: text.unwrap_or_default(), lens: self.lens }
    }

    /// The plain-text summary and the search words (what the search index takes of a
    /// body). A block in the build's spill file is read from the words on: the HTML
    /// before them, most of it, is not read.
    pub fn search_texts(&self) -> (String, String) {
        let (html, words, summary) = (self.lens[0], self.lens[1] as usize, self.lens[2] as usize);
        if let Block::Spilled(s) = &self.block
            && !s.is_lent()
        {
            let bytes = s.slice(html, (words + summary) as u32).read();
            return match String::from_utf8(bytes) {
                Ok(mut text) if text.len() == words + summary && text.is_char_boundary(words) => {
                    let summary = text.split_off(words);
                    (summary, text)
                }
                r => {
                    // A failed read was recorded by `read`; this one is recorded here.
                    if r.is_ok() {
                        s.fail("a body's search words do not read back");
                    }
                    (String::new(), String::new())
                }
            };
        }
        let body = self.unpack();
        (body.summary_text().to_string(), body.search_words().to_string())
    }

    /// Bytes held in memory.
    #[cfg(test)]
    fn held_len(&self) -> usize {
        match &self.block {
            Block::Held(b) => b.len(),
            Block::Spilled(_) => 0,
        }
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.lens == other.lens && self.unpack() == other.unpack()
    }
}

impl Eq for Body {}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.block {
            Block::Held(_) => write!(f, "Body({} bytes of HTML)", self.lens[0]),
            Block::Spilled(_) => write!(f, "Body({} bytes of HTML, spilled)", self.lens[0]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, TocEntry};

    #[test]
    fn body_round_trips() {
        let html = "<p>Körper &amp; <a href=\"x/\">Seele</a> 북한</p>\n".repeat(40);
        let toc = vec![
            TocEntry { level: 2, id: "körper".into(), title: "Körper 1\n2".into() },
            TocEntry { level: 3, id: "x".into(), title: String::new() },
        ];
        let b = Body::new(&html, "körper seele 북한", "Körper und Seele.", "<p>Körper</p>", &toc);
        let u = b.unpack();
        assert_eq!(u.html(), html);
        assert_eq!(u.search_words(), "körper seele 북한");
        assert_eq!(u.summary_text(), "Körper und Seele.");
        assert_eq!(u.summary_html(), "<p>Körper</p>");
        assert_eq!(u.toc(), toc);
        assert!(b.held_len() >= html.len(), "a new body is held as it is");
        // The build cache's form reads back as the same body.
        let (block, lens, digest) = b.block().expect("held");
        let back = Body::from_block(block.into(), lens, digest);
        assert_eq!((back.unpack(), back.digest()), (u, b.digest()));
        assert_eq!(back.block().unwrap().0, b.block().unwrap().0);
        let empty = Body::new("", "", "", "", &[]).unpack();
        assert_eq!((empty.html(), empty.search_words(), empty.summary_text(), empty.toc()), ("", "", "", vec![]));
        assert_eq!(Body::default().unpack().toc(), vec![]);
    }

    #[test]
    fn a_spilled_body_is_the_same_body() {
        let dir = tempfile::tempdir().unwrap();
        let spill = crate::spill::Spill::create(dir.path()).expect("a spill file");
        let toc = vec![TocEntry { level: 2, id: "a".into(), title: "A".into() }];
        let held = Body::new("<p>body 북한</p>", "body 북한", "Body.", "<p>Body.</p>", &toc);
        let mut spilled = held.clone();
        spilled.spill_to(&spill);
        assert_eq!(spilled.held_len(), 0);
        assert_eq!(spilled.unpack(), held.unpack());
        assert_eq!(format!("{spilled:?}"), "Body(18 bytes of HTML, spilled)");
        // A body left where a lent file has it reads back the same.
        let (block, lens, digest) = held.block().unwrap();
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, b"before").unwrap();
        std::io::Write::write_all(&mut file, block).unwrap();
        assert!(spill.lend(file));
        let in_file = Body::in_file(spill.refer(6, block.len() as u32), lens, digest);
        assert_eq!((in_file.held_len(), in_file.block()), (0, None));
        assert_eq!(in_file.unpack(), held.unpack());
        // The search index's texts, read alone, held, spilled and lent alike.
        let texts = ("Body.".to_string(), "body 북한".to_string());
        assert_eq!(
            (held.search_texts(), spilled.search_texts(), in_file.search_texts()),
            (texts.clone(), texts.clone(), texts)
        );
        assert_eq!(spill.check(), Ok(()));
    }
}
