//! `brief import`: read a Jekyll, Hugo or Zola site where it lies and plan the brief
//! site it becomes: every file to write, every file to copy, and a report of what was
//! converted, kept under `extra` or left as it was. One reader per generator
//! ([`jekyll`], [`hugo`], [`zola`]) finds the content and maps its front matter; the
//! shared [`finish`] pass gives each entry its brief URL, resolves internal links,
//! converts template code ([`liquid`], [`shortcodes`]) and turns old URLs into
//! `aliases:`. Reading the source is the only I/O here: writing is `cmd::import`'s.

mod alerts;
mod anchors;
mod author_links;
mod cascade;
mod defaults;
mod deflist;
mod emoji;
mod excerpt;
mod expiry;
mod figure;
mod finish;
mod hugo;
mod hugo_config;
mod hugo_ignore;
mod hugo_kinds;
mod hugo_mounts;
mod jekyll;
mod jekyll_archives;
mod jekyll_config;
mod jekyll_excerpt;
mod jekyll_filter;
mod jekyll_pages;
mod kramdown;
mod kramdown_blocks;
mod kramdown_math;
mod kramdown_spans;
mod kramdown_tables;
mod kramdown_toc;
mod langs;
mod liquid;
pub mod matter;
mod permalink;
mod places;
mod plain;
mod polyglot;
mod raw_html;
mod relative;
mod relinks;
mod report;
mod reserved;
mod shortcodes;
mod site_urls;
mod statics;
mod stubs;
mod term_pages;
mod translations;
mod tree;
mod zola;
mod zola_ignore;
mod zola_templates;
mod zone;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::Diagnostic;
pub use matter::Map;
pub use report::{Counts, FileReport, Report};
pub use site_urls::Lost;

/// The generators brief imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Jekyll (`_config.yml`, `_posts/`).
    Jekyll,
    /// Hugo (`hugo.toml`, `content/`).
    Hugo,
    /// Zola (`zola.toml` or `config.toml`, `content/`).
    Zola,
}

impl Generator {
    /// Its name, lowercase, as on the command line and under `extra`.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Jekyll => "jekyll",
            Generator::Hugo => "hugo",
            Generator::Zola => "zola",
        }
    }
}

/// What a report line says about a place in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteKind {
    /// Converted exactly.
    Converted,
    /// An old URL kept as an alias or a redirect file.
    Alias,
    /// A value with no brief field, kept under `extra`.
    Extra,
    /// Left as it was: no exact conversion.
    NotConverted,
    /// Worth knowing, nothing lost.
    Info,
}

/// One line of the report about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line in the source file; 0 for the file as a whole.
    pub line: usize,
    /// What kind of note.
    pub kind: NoteKind,
    /// What happened.
    pub text: String,
}

impl Note {
    /// A note at `line`.
    pub fn new(line: usize, kind: NoteKind, text: impl Into<String>) -> Note {
        Note { line, kind, text: text.into() }
    }
}

/// What an imported content file becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated briefing.
    Briefing,
    /// A standalone page (`content/pages/`).
    Page,
}

/// brief's front matter for one imported file, in the README's key order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    /// Title.
    pub title: String,
    /// `YYYY-MM-DD` or RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Other taxonomies, by name.
    #[serde(flatten)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Plain-text summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Authors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Slug, when brief would not make the same one from the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Draft.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Old URLs that redirect here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// When it leaves every list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// What links its translations, as the old site wrote it (Hugo's `translationKey`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_key: Option<String>,
    /// Everything without a home.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map,
}

impl FrontMatter {
    /// Keep `value` of front-matter `key` under `extra.<generator>.<key>`.
    pub fn keep(&mut self, generator: Generator, key: &str, value: serde_json::Value) {
        let ns = self.extra.entry(generator.name()).or_insert_with(|| serde_json::Value::Object(Map::new()));
        if let serde_json::Value::Object(m) = ns {
            m.insert(key.to_string(), value);
        }
    }
}

/// One content file to convert.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path in the source site.
    pub source: PathBuf,
    /// Briefing or page.
    pub kind: Kind,
    /// Language code, for multilingual sites.
    pub lang: Option<String>,
    /// What linked it to its translations on the old site when nothing was written: its
    /// path in the content folder without the language part and the extension (a
    /// bundle's folder). Translations whose new paths no longer match get it as
    /// `translation_key:`.
    pub translation: String,
    /// Wanted path under `content/` (without the language folder).
    pub dest: PathBuf,
    /// brief's front matter.
    pub fm: FrontMatter,
    /// The original front matter (for `{{ page.x }}`).
    pub raw: Map,
    /// `page.x` values the old generator fills in where the front matter has none
    /// (Jekyll's title of a post from its file name).
    pub derived: Map,
    /// The body as written.
    pub body: String,
    /// 1-based line of the source file where the body starts.
    pub body_line: usize,
    /// Site paths the file had on the old site.
    pub old_urls: Vec<(String, &'static str)>,
    /// Names other files use to link here (`{% post_url %}`, `ref`, `@/`).
    pub keys: Vec<String>,
    /// The folder its relative `ref`s are read from (Hugo's: the file's folder in the
    /// content folder, a bundle's own), `/`-separated.
    pub dir: String,
    /// Files of its bundle: (absolute source, path inside the bundle folder).
    pub bundle: Vec<(PathBuf, PathBuf)>,
    /// Report lines so far.
    pub notes: Vec<Note>,
    /// The body is HTML the old site showed as written, no Markdown run on it
    /// (Jekyll's `.html` posts and pages).
    pub html: bool,
    /// A post written in HTML with no summary of its own: the `excerpt_separator` its
    /// summary is cut at, once its Liquid is converted (Jekyll renders the excerpt).
    pub excerpt_at: Option<String>,
}

impl Entry {
    /// A new entry for `source` with everything else empty.
    pub fn new(source: PathBuf, kind: Kind, dest: PathBuf) -> Entry {
        Entry {
            source,
            kind,
            lang: None,
            translation: String::new(),
            dest,
            fm: FrontMatter::default(),
            raw: Map::new(),
            derived: Map::new(),
            body: String::new(),
            body_line: 1,
            old_urls: Vec::new(),
            keys: Vec::new(),
            dir: String::new(),
            bundle: Vec::new(),
            notes: Vec::new(),
            html: false,
            excerpt_at: None,
        }
    }
}

/// site.yaml of the imported site.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Settings {
    /// Site title.
    pub title: String,
    /// Where it is published.
    pub base_url: String,
    /// One line about it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The default language.
    pub language: String,
    /// Other languages, code → settings, in the old site's order (Hugo's `weight`s;
    /// Zola's by code), written only for multilingual sites.
    #[serde(skip_serializing_if = "Languages::is_empty")]
    pub languages: Languages,
    /// IANA zone.
    pub timezone: String,
    /// Taxonomies (`tags` first).
    pub taxonomies: Vec<String>,
    /// Default feed author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// What an expired briefing's page does (`remove` where the old site built no page
    /// of expired content); brief's default, `keep`, when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired: Option<String>,
    /// The old config's values without a home, under the generator's name.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map,
}

/// The other languages of site.yaml, in order: a YAML mapping whose order is the
/// language switcher's.
#[derive(Debug, Clone, Default)]
pub struct Languages(pub Vec<(String, Map)>);

impl Languages {
    /// No other language: a site with one.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Languages {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (code, settings) in &self.0 {
            m.serialize_entry(code, settings)?;
        }
        m.end()
    }
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Absolute source path.
    pub from: PathBuf,
    /// Path in the source site, for the report.
    pub source: PathBuf,
    /// Path in the new site.
    pub to: PathBuf,
}

/// A file not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Path in the source site.
    pub source: PathBuf,
    /// Why.
    pub reason: String,
    /// True when it was a post (counted in "posts in").
    pub post: bool,
}

/// What a generator's reader found in the source site.
#[derive(Debug, Default)]
pub struct Found {
    /// site.yaml settings.
    pub settings: Settings,
    /// The old config, for `{{ site.x }}`.
    pub config: Map,
    /// Content files.
    pub entries: Vec<Entry>,
    /// Static files.
    pub copies: Vec<Copy>,
    /// Static files written with this text (a source file without its front matter).
    pub documents: Vec<(Copy, String)>,
    /// Files left out.
    pub skipped: Vec<Skip>,
    /// Notes about the site as a whole (config, folders not converted), by file.
    pub site_notes: Vec<(PathBuf, Note)>,
    /// Posts found (the briefings it should give, drafts included, plus skipped posts).
    pub posts_in: usize,
    /// Zola: the site's own shortcodes, name → template text.
    pub shortcodes: BTreeMap<String, String>,
    /// Jekyll: the plugins the site loads (`plugins:` or `gems:` of the config, the
    /// Gemfile's `jekyll_plugins` group), by gem name.
    pub plugins: Vec<String>,
    /// Hugo: `authors.yaml`, from the authors' term pages.
    pub authors_yaml: Option<String>,
    /// Old URLs of files the old site served that brief does not (`/.well-known/x`).
    pub lost: Vec<Lost>,
}

/// What a file of the new site holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    /// This text.
    Text(String),
    /// A copy of this file.
    Copy(PathBuf),
}

/// Everything an import writes, and its report.
#[derive(Debug)]
pub struct Plan {
    /// Files of the new site, relative to it, sorted.
    pub files: Vec<(PathBuf, Out)>,
    /// The report.
    pub report: Report,
    /// True when the site has several languages (`languages:` in site.yaml).
    pub multilingual: bool,
}

/// Read the `generator` site at `source` and plan the brief site it becomes.
pub fn plan(generator: Generator, source: &Path) -> Result<Plan, Vec<Diagnostic>> {
    let found = match generator {
        Generator::Jekyll => jekyll::read(source)?,
        Generator::Hugo => {
            let mut found = hugo::read(source)?;
            term_pages::take(&mut found);
            found
        }
        Generator::Zola => zola::read(source)?,
    };
    Ok(finish::finish(generator, source, found))
}

/// Brief's own top-level URLs, which no imported page or static file may take.
pub(crate) const BRIEF_ROOTS: &[&str] = &[
    "page",
    "archive",
    "search",
    "tags",
    "corrections",
    "atom.xml",
    "feed.json",
    "search-index.json",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "_redirects",
];

/// A file or folder a walk left out, and why (a folder with all it holds).
#[derive(Debug, Clone)]
pub(crate) struct Left {
    /// Path relative to the walked folder.
    pub rel: PathBuf,
    /// Why the old site did not read it.
    pub reason: String,
}

/// Why the old site read no file of a path (relative to a walked folder; `true` for a
/// folder), if it did not.
pub(crate) type Leave<'a> = &'a dyn Fn(&Path, bool) -> Option<String>;

/// Every file under `dir`, sorted, paths relative to `dir`, but those `leave` gives a
/// reason for (given the relative path and whether it is a folder, whose files it then
/// leaves too): each generator reads its own names, so there is no one list here.
pub(crate) fn walk_by(dir: &Path, leave: Leave) -> (Vec<PathBuf>, Vec<Left>) {
    let (mut files, mut left) = (Vec::new(), Vec::new());
    let mut it = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    while let Some(e) = it.next() {
        let Ok(e) = e else { continue };
        let Some(rel) = e.path().strip_prefix(dir).ok().filter(|r| !r.as_os_str().is_empty()) else { continue };
        let is_dir = e.file_type().is_dir();
        if let Some(reason) = leave(rel, is_dir) {
            left.push(Left { rel: rel.to_path_buf(), reason });
            if is_dir {
                it.skip_current_dir();
            }
        } else if e.file_type().is_file() {
            files.push(rel.to_path_buf());
        }
    }
    (files, left)
}

/// Every file under `dir`, sorted, paths relative to `dir`, but hidden ones (`.git`):
/// for folders read for what they configure (templates, config), not for files a site
/// serves, whose walk follows the generator ([`walk_by`]).
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    walk_by(dir, &|rel, _| rel.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')).then(String::new)).0
}

/// Whether `path` names a Markdown file.
pub(crate) fn is_markdown(path: &Path) -> bool {
    crate::source::is_markdown(path)
}

/// Read a UTF-8 text file, as an error message when it cannot be.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}
