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
    /// Rendered body.
    pub content_html: String,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Distinct searchable words of the body (see [`crate::feeds::search_words`]).
    pub search_words: String,
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
