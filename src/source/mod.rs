//! The one reader of a site's sources, for build, check and serve alike: discover and
//! read `content/` (briefings, pages, assets), decide what each file is (Markdown,
//! bundle, asset), apply the publish filter (drafts, scheduled) and `--strict`, and list
//! the static files. Parsing of each file runs in parallel and keeps every diagnostic.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod ahead;

use crate::cache::parsed::{FileStamp, Parses};
use crate::config::Config;
use crate::diag::{self, Diagnostic, display_path};
use crate::model::{Asset, Authors, Briefing, Page};
use crate::parse::{self, Parsed};
use crate::routes::manifest::CopiedFile;
use crate::write::Content;

/// The folders of a site that hold its sources (and `site.yaml` beside them): what
/// `serve` watches.
pub const SOURCE_DIRS: [&str; 5] = ["content", "templates", "themes", "static", "i18n"];

/// The site's settings file, at its root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The authors' profiles, at the site root (optional).
pub const AUTHORS_FILE: &str = "authors.yaml";

/// What a file under `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated briefing.
    Briefing,
    /// A standalone page (`content/pages/`).
    Page,
    /// Any other file: copied beside the briefings of its folder.
    Asset,
}

/// What the file at `rel` (relative to `content/`) is. On a site with several
/// languages a first folder named after one of them does not count
/// (`content/ko/pages/about.md` is a page).
pub fn kind_of(rel: &Path, cfg: &Config) -> Kind {
    let is_md = is_markdown(rel);
    let mut parts = rel.components();
    let mut first = parts.next();
    if cfg.is_multilingual() && first.is_some_and(|c| cfg.edition_of(&c.as_os_str().to_string_lossy()).is_some()) {
        first = parts.next();
    }
    if !is_md {
        Kind::Asset
    } else if first.is_some_and(|c| c.as_os_str() == "pages") {
        Kind::Page
    } else {
        Kind::Briefing
    }
}

/// The extensions of Markdown files, lowercase: those Jekyll's `markdown_ext` lists
/// (`markdown,mkdown,mkdn,mkd,md`) plus `mdown` and `markdn`, which other tools
/// write. Any case counts (`X.MD`).
pub const MARKDOWN_EXTENSIONS: [&str; 7] = ["md", "markdown", "mdown", "mkdn", "mkd", "mkdown", "markdn"];

/// True when `path` names a Markdown file (see [`MARKDOWN_EXTENSIONS`]): a briefing
/// or page, never an asset.
pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| MARKDOWN_EXTENSIONS.iter().any(|m| e.eq_ignore_ascii_case(m)))
}

/// True when some part of `rel` is ignored (see [`is_ignored_name`]): such files are
/// never read.
pub fn is_ignored(rel: &Path) -> bool {
    rel.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// A name brief never reads or copies: hidden (`.name`, vim's `.x.md.swp` too), or an
/// editor's backup or autosave (`x.md~`, emacs's `#x.md#`), which would otherwise be
/// published beside a briefing as an asset, a draft's whole text with it. Hugo and
/// Jekyll skip the same names.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// Which briefings get published.
#[derive(Debug, Clone, Copy)]
pub struct Publish {
    /// Include drafts.
    pub drafts: bool,
    /// Include briefings dated after `now`.
    pub future: bool,
    /// The time the build is made at.
    pub now: jiff::Timestamp,
    /// The clock's time when the build began: a build as of a later `--now` (a preview)
    /// publishes nothing for good that is dated after it.
    pub clock: jiff::Timestamp,
}

/// Why a briefing is or is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// On the site.
    Published,
    /// Past its `expires:`: its page stays (marked) but no list shows it.
    Expired,
    /// A draft, left out without `--drafts`.
    Draft,
    /// Dated in the future, left out without `--future`.
    Scheduled,
}

impl Publish {
    /// Whether `b` is published.
    pub fn verdict(&self, b: &Briefing) -> Verdict {
        if b.draft && !self.drafts {
            Verdict::Draft
        } else if !self.future && b.date.timestamp() > self.now {
            Verdict::Scheduled
        } else if b.expires.as_ref().is_some_and(|e| e.timestamp() <= self.now) {
            Verdict::Expired
        } else {
            Verdict::Published
        }
    }

    /// Whether `b`'s URL is published for good, to be remembered in `urls.lock`: not a
    /// draft or a briefing dated later, even when the build shows them (with `--future`,
    /// or as of a later `--now`).
    pub fn is_public(&self, b: &Briefing) -> bool {
        !b.draft && b.date.timestamp() <= self.now.min(self.clock)
    }
}

/// Read `urls.lock` at the site root; none yet is an empty lock.
pub fn read_lock(root: &Path) -> Result<crate::lock::Lock, Vec<Diagnostic>> {
    let path = root.join(crate::lock::FILE);
    let shown = Path::new(crate::lock::FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => crate::lock::Lock::parse(&text, shown),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Default::default()),
        Err(e) => Err(vec![
            Diagnostic::error(shown, format!("cannot read: {e}"))
                .hint("check the file's permissions; it must be UTF-8 text"),
        ]),
    }
}

/// Write `lock` to `urls.lock` at `root`, unless the file is no longer as the lock was
/// read from it (an editor saved it meanwhile, or another build wrote it): false then,
/// the file is left as it is, and the next build or serve's reload reads it and records
/// what it lacks. A file read as someone else left it and changed in the last moment
/// ([`LOCK_SETTLE`]) may have been read in the middle of a save that truncated it: the
/// check waits until it has settled, so that the lock never goes in place of a file an
/// editor is still writing. (One this program wrote last is its own: no wait.)
pub fn write_lock(root: &Path, lock: &mut crate::lock::Lock) -> std::io::Result<bool> {
    let path = root.join(crate::lock::FILE);
    for _ in 0..if lock.is_ours() { 0 } else { 20 } {
        let age = std::fs::metadata(&path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        match age {
            Some(age) if age < LOCK_SETTLE => std::thread::sleep(LOCK_SETTLE - age),
            _ => break,
        }
    }
    let now = match std::fs::read(&path) {
        Ok(bytes) => Some(crate::lock::digest(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if now != lock.read_as() {
        return Ok(false);
    }
    let text = lock.render();
    crate::write::replace_file(&path, &text)?;
    lock.written_as(&text);
    Ok(true)
}

/// How long `urls.lock` must have been left alone before a build or serve writes it.
pub const LOCK_SETTLE: std::time::Duration = std::time::Duration::from_millis(100);

/// Under `--strict` (or `strict: true`) every warning is an error.
pub fn apply_strict(diags: &mut [Diagnostic], strict: bool) {
    if strict {
        for d in diags {
            d.severity = diag::Severity::Error;
        }
    }
}

/// A Markdown file found under `content/`.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// Path to read.
    pub abs: PathBuf,
    /// Path relative to `content/`.
    pub rel: PathBuf,
    /// Path as shown in messages (relative to the site root).
    pub shown: PathBuf,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Briefing files, sorted by path.
    pub briefings: Vec<FileRef>,
    /// Page files (`content/pages/`), sorted by path.
    pub pages: Vec<FileRef>,
    /// Other files.
    pub assets: Vec<Asset>,
    /// Problems met while walking.
    pub diags: Vec<Diagnostic>,
}

/// Walk `content_dir`. Hidden files and folders (`.name`) are skipped. Symlinks are
/// followed only when they point to a file inside `content/`; others are errors.
pub fn discover(root: &Path, content_dir: &Path, cfg: &Config) -> Discovered {
    let mut found = Discovered::default();
    if !content_dir.is_dir() {
        found.diags.push(
            Diagnostic::error(display_path(root, content_dir), "no content folder")
                .hint("create `content/` with briefings in it, or run `brief init DIR` for a new site"),
        );
        return found;
    }
    let canon_content = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| display_path(root, p)).unwrap_or_else(|| display_path(root, content_dir));
                found.diags.push(
                    Diagnostic::error(
                        p,
                        format!(
                            "cannot read: {}",
                            e.io_error().map(|i| i.to_string()).unwrap_or_else(|| e.to_string())
                        ),
                    )
                    .hint("check the permissions of this file or folder"),
                );
                continue;
            }
        };
        let path = entry.path();
        let shown = display_path(root, path);
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if ft.is_symlink() {
            match std::fs::canonicalize(path) {
                Err(e) => {
                    found.diags.push(
                        Diagnostic::error(shown, format!("symlink cannot be followed: {e}"))
                            .hint("the link is broken or loops; replace it with the file itself"),
                    );
                    continue;
                }
                Ok(target) => {
                    if !target.starts_with(&canon_content) {
                        found.diags.push(
                            Diagnostic::error(shown, "symlink points outside `content/`")
                                .hint("copy the file into `content/` instead of linking to it"),
                        );
                        continue;
                    }
                    if target.is_dir() {
                        found.diags.push(
                            Diagnostic::error(shown, "symlinked folders are not followed")
                                .hint("move the folder here, or link each file"),
                        );
                        continue;
                    }
                    // A named pipe or a device would hold the build reading it.
                    if !target.is_file() {
                        found.diags.push(
                            Diagnostic::error(shown, "symlink points to something that is not a file")
                                .hint("link only to files inside `content/`"),
                        );
                        continue;
                    }
                }
            }
        } else if !ft.is_file() {
            continue;
        }
        let rel = path.strip_prefix(content_dir).unwrap_or(path).to_path_buf();
        match kind_of(&rel, cfg) {
            Kind::Page => found.pages.push(FileRef { abs: path.to_path_buf(), rel, shown }),
            Kind::Briefing => found.briefings.push(FileRef { abs: path.to_path_buf(), rel, shown }),
            Kind::Asset => found.assets.push(Asset { path: path.to_path_buf(), rel }),
        }
    }
    found
}

/// Read a content file as text: size-limited, UTF-8, byte-order mark removed.
pub fn read_text(f: &FileRef, max: u64) -> Result<String, Diagnostic> {
    read_stamped(f, max).map(|(text, _)| text)
}

/// [`read_text`], with the file as it was when opened, before it was read (see
/// [`FileStamp`]): one look at the file where a stamp taken by its path and a read
/// would take two.
fn read_stamped(f: &FileRef, max: u64) -> Result<(String, Option<FileStamp>), Diagnostic> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| {
        Diagnostic::error(&f.shown, format!("cannot read: {e}")).hint("check the file's permissions")
    };
    let file = std::fs::File::open(&f.abs).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let (len, stamp) = (meta.len(), FileStamp::of_metadata(&meta));
    if len > max {
        return Err(Diagnostic::error(&f.shown, format!("file is {len} bytes, over the limit of {max}"))
            .hint("split the briefing, or raise `max_file_size` in site.yaml"));
    }
    // Read at most one byte past the limit, in case the file grew since.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(Diagnostic::error(&f.shown, format!("file is over the limit of {max} bytes"))
            .hint("split the briefing, or raise `max_file_size` in site.yaml"));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok((s, stamp))
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let line = text.matches('\n').count() + 1;
            let col = text.rsplit('\n').next().map(|l| l.chars().count() + 1).unwrap_or(1);
            Err(Diagnostic::error(&f.shown, "file is not valid UTF-8")
                .at(&text, line, col)
                .hint("save the file as UTF-8"))
        }
    }
}

/// Read and parse one briefing file. A file named `index.md` (or `index.<lang>.md`) is a
/// bundle: every file of its folder is its asset.
pub fn load_briefing(f: &FileRef, cfg: &Config) -> Parsed<Briefing> {
    match read_text(f, cfg.max_file_size) {
        Ok(text) => parse::parse_briefing(&f.shown, &parse::Place::of(&f.rel, cfg), &text, cfg),
        Err(d) => Parsed { item: None, diags: vec![d] },
    }
}

/// Read and parse every file in parallel. Results keep the discovery order. With a
/// `spill` that takes the bodies of a site this size, each briefing's body goes to it as
/// soon as the briefing is parsed. With `cache` (and no bodies spilled), a briefing an
/// earlier build parsed from the same text is read back instead (its body left in the
/// cache's file when the spill would take it), and every parse is
/// written to the cache for the next build; the file is finished on a thread whose
/// handle is returned.
pub fn load_all(
    found: &Discovered,
    cfg: &Config,
    spill: Option<&std::sync::Arc<crate::spill::Spill>>,
    cache: Option<Parses>,
) -> (Vec<Briefing>, Vec<Page>, Vec<Diagnostic>, Option<std::thread::JoinHandle<()>>) {
    let spill = spill.filter(|s| s.takes_bodies(found.briefings.len()));
    // Past a size, bodies on disk are not kept in the cache (it would double the disk).
    let cache = cache.filter(|_| spill.is_none() || found.briefings.len() < crate::spill::UNCACHED_FROM);
    let saver = cache.as_ref().and_then(Parses::saver);
    // A build that spills its bodies leaves those it reads back in the cache's file.
    let lent = spill.filter(|s| cache.as_ref().is_some_and(|c| c.lend_to(s)));
    let read_back = std::sync::atomic::AtomicUsize::new(0);
    let unread = std::sync::atomic::AtomicUsize::new(0);
    let load = |f: &FileRef| {
        let Some(cache) = &cache else {
            return load_briefing(f, cfg);
        };
        // A file as the last build read it is not read again; the stamp of any other
        // is taken before it is read, so a change while it is read shows next time
        // (when the last build recorded none, as the file is opened).
        let stamp = if cache.is_empty() { None } else { FileStamp::of(&f.abs) };
        let read_back = |key: u128, stamp: Option<FileStamp>| {
            let p = cache.read_back(key, &cfg.timezone, lent)?;
            if let Some(s) = &saver {
                s.keep(key);
                if let Some(st) = stamp {
                    s.read_as(&f.shown, st, key);
                }
            }
            read_back.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Some(p)
        };
        if let Some(p) = stamp.and_then(|st| cache.unchanged(&f.shown, st)).and_then(|key| {
            let p = read_back(key, stamp)?;
            unread.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Some(p)
        }) {
            return p;
        }
        let (text, stamp) = match read_stamped(f, cfg.max_file_size) {
            Ok((text, opened)) => (text, stamp.or(opened)),
            Err(d) => return Parsed { item: None, diags: vec![d] },
        };
        let key = Parses::key(&f.shown, &text);
        if let Some(p) = read_back(key, stamp) {
            return p;
        }
        let p = parse::parse_briefing(&f.shown, &parse::Place::of(&f.rel, cfg), &text, cfg);
        if let Some(s) = &saver
            && let Some((entry, body)) = crate::cache::parsed::encode(&p)
        {
            s.add(key, entry, body);
            if let Some(st) = stamp {
                s.read_as(&f.shown, st, key);
            }
        }
        p
    };
    // Each body goes to the spill once parsed or read back (and, when new, cached).
    let each = |f: &FileRef| {
        let mut p = load(f);
        if let (Some(spill), Some(b)) = (spill, p.item.as_mut()) {
            b.content.spill_to(spill);
        }
        p
    };
    // When every file will be read (none is known unchanged), they are read ahead of
    // the parse if they are on a disk rather than in the system's cache.
    let briefings: Vec<Parsed<Briefing>> = if cache.as_ref().is_none_or(Parses::is_empty) {
        ahead::par_map(&found.briefings, each)
    } else {
        found.briefings.par_iter().map(each).collect()
    };
    let pages: Vec<Parsed<Page>> = found
        .pages
        .par_iter()
        .map(|f| match read_text(f, cfg.max_file_size) {
            Ok(text) => parse::parse_page(&f.shown, &parse::Place::of(&f.rel, cfg), &text, cfg),
            Err(d) => Parsed { item: None, diags: vec![d] },
        })
        .collect();
    let mut diags = Vec::new();
    let mut bs = Vec::with_capacity(briefings.len());
    for p in briefings {
        diags.extend(p.diags);
        bs.extend(p.item);
    }
    let mut ps = Vec::with_capacity(pages.len());
    for p in pages {
        diags.extend(p.diags);
        ps.extend(p.item);
    }
    if cache.is_some() {
        crate::timing::Stopwatch::start("  ").mark(&format!(
            "parse cache: {} of {} briefings read back ({} files not read: as the last build read them)",
            read_back.into_inner(),
            found.briefings.len(),
            unread.into_inner()
        ));
    }
    // The file is flushed and put in place on its own thread; the old one is freed there.
    let saving = saver.map(|s| {
        std::thread::spawn(move || {
            if let Some(cache) = &cache {
                s.finish(cache);
            }
            drop(cache);
        })
    });
    (bs, ps, diags, saving)
}

/// Read and parse `authors.yaml` at `root` (no file: no profiles). `briefings` are every
/// parsed briefing, drafts and scheduled ones included: an entry for an author none of
/// them names is a warning.
pub fn load_authors(root: &Path, briefings: &[Briefing], cfg: &Config) -> Parsed<Authors> {
    let abs = root.join(AUTHORS_FILE);
    if !abs.exists() {
        return Parsed { item: Some(Authors::default()), diags: Vec::new() };
    }
    let f = FileRef { abs, rel: PathBuf::from(AUTHORS_FILE), shown: PathBuf::from(AUTHORS_FILE) };
    match read_text(&f, cfg.max_file_size) {
        Ok(text) => {
            let written: Vec<(&str, &str)> = briefings
                .iter()
                .flat_map(|b| b.authors.iter().zip(&b.author_slugs))
                .map(|(n, s)| (n.as_str(), s.as_str()))
                .collect();
            parse::authors::parse_authors(&f.shown, &text, &written)
        }
        Err(d) => Parsed { item: None, diags: vec![d] },
    }
}

/// Theme static files, then the site's `static/`: later entries with the same path
/// replace earlier ones (site over theme). Hidden files are skipped.
pub fn static_files(root: &Path, cfg: &Config) -> Vec<CopiedFile> {
    let mut by_path: std::collections::BTreeMap<String, (Content, PathBuf)> = std::collections::BTreeMap::new();
    if cfg.theme == "default" && !root.join("themes/default/static").is_dir() {
        for (name, text) in crate::templates::DEFAULT_STATIC {
            by_path.insert(
                (*name).to_string(),
                (Content::Bytes(text.as_bytes().to_vec()), PathBuf::from(format!("<default theme>/static/{name}"))),
            );
        }
    }
    for dir in [root.join("themes").join(&cfg.theme).join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for e in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !e.file_type().is_file() {
                continue;
            }
            let rel = e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
            if rel.split('/').any(is_ignored_name) {
                continue;
            }
            by_path.insert(rel, (Content::Copy(e.path().to_path_buf()), display_path(root, e.path())));
        }
    }
    by_path.into_iter().map(|(rel, (content, shown))| CopiedFile { rel, content, shown }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markdown_extension_in_any_case_is_a_briefing_or_page() {
        let cfg = Config::default();
        for name in ["x.md", "x.markdown", "x.mdown", "x.mkd", "x.mkdn", "x.mkdown", "x.markdn", "x.MKD", "x.Md"] {
            assert_eq!(kind_of(Path::new(&format!("2024/{name}")), &cfg), Kind::Briefing, "{name}");
            assert_eq!(kind_of(Path::new(&format!("pages/{name}")), &cfg), Kind::Page, "{name}");
        }
        for name in ["x.txt", "x.mdx", "x.rmd", "md", "x.md.bak"] {
            assert_eq!(kind_of(Path::new(name), &cfg), Kind::Asset, "{name}");
        }
    }
}
