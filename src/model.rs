//! The parsed site: briefings and pages with typed dates, ready for indexing.

use std::path::PathBuf;

use jiff::ZonedDateTime as Zoned;

use crate::frontmatter::Source;
use crate::markdown::TocEntry;

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
    /// Title, as written.
    pub title: String,
    /// URL slug, safe as one path segment.
    pub slug: String,
    /// Where the URL comes from in the file (the `slug:` line, else `title:`): line,
    /// column and the line's text, for messages about the URL.
    pub url_pos: (usize, usize, String),
    /// Publication time in the site time zone.
    pub date: Zoned,
    /// Last update in the site time zone.
    pub updated: Option<Zoned>,
    /// Terms per configured taxonomy, in the order of `Config::taxonomies`.
    pub terms: Vec<Vec<String>>,
    /// Slugs of `terms`, same shape.
    pub term_slugs: Vec<Vec<String>>,
    /// Summary as HTML (escaped front-matter text or rendered Markdown).
    pub summary_html: String,
    /// Summary as plain text, for meta descriptions, feeds and search.
    pub summary_text: String,
    /// Rendered body and its search words, compressed.
    pub content: Body,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// Authors.
    pub authors: Vec<String>,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// Draft: built only with `--drafts`.
    pub draft: bool,
    /// Free-form values for templates.
    pub extra: serde_json::Value,
}

/// A standalone page from `content/pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source file, relative to the site root.
    pub source: PathBuf,
    /// Title.
    pub title: String,
    /// URL slug.
    pub slug: String,
    /// Optional date.
    pub date: Option<Zoned>,
    /// Optional update time.
    pub updated: Option<Zoned>,
    /// Summary as plain text (front matter or first paragraph).
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
}

/// A file under `content/` that is not Markdown, copied beside the pages of its folder.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path to read from.
    pub path: PathBuf,
    /// Path relative to `content/`.
    pub rel: PathBuf,
}

/// A rendered body and its search words (see [`crate::feeds::search_words`]), held
/// LZ4-compressed as one block: bodies are most of a parsed site's memory, each is read
/// only a few times a build (its page, feeds that list it, the search index), and the
/// words, taken from the body, mostly compress to references into it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Body {
    block: Box<[u8]>,
    html_len: usize,
}

impl Body {
    /// Compress `html` and `words`.
    pub fn new(html: &str, words: &str) -> Body {
        let mut both = String::with_capacity(html.len() + words.len());
        both.push_str(html);
        both.push_str(words);
        Body { block: lz4_flex::compress_prepend_size(both.as_bytes()).into_boxed_slice(), html_len: html.len() }
    }

    fn both(&self) -> String {
        if self.block.is_empty() {
            return String::new();
        }
        let bytes =
            lz4_flex::decompress_size_prepended(&self.block).expect("a body compressed by Body::new decompresses");
        String::from_utf8(bytes).expect("a body compressed from a str is UTF-8")
    }

    /// The HTML.
    pub fn html(&self) -> String {
        let mut s = self.both();
        s.truncate(self.html_len);
        s
    }

    /// The search words.
    pub fn search_words(&self) -> String {
        let s = self.both();
        s.get(self.html_len..).unwrap_or_default().to_string()
    }

    /// Bytes held.
    pub fn compressed_len(&self) -> usize {
        self.block.len()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Body({} bytes of HTML, {} compressed)", self.html_len, self.block.len())
    }
}

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn body_round_trips() {
        let html = "<p>Körper &amp; <a href=\"x/\">Seele</a> 북한</p>\n".repeat(40);
        let b = Body::new(&html, "körper seele 북한");
        assert_eq!(b.html(), html);
        assert_eq!(b.search_words(), "körper seele 북한");
        assert!(b.compressed_len() < html.len());
        assert_eq!(Body::new("", "").html(), "");
        assert_eq!(Body::new("", "w").search_words(), "w");
        assert_eq!(Body::default().html(), "");
        assert_eq!(Body::default().search_words(), "");
    }
}
