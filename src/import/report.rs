//! The import report: per file, what was converted, kept under `extra` or left as it
//! was (with `file:line`), the files skipped and why, and a summary table. Pure.

use std::fmt::{self, Write as _};
use std::path::PathBuf;

use super::{Generator, Lost, Note, NoteKind, Skip};

/// What the import did to one source file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path in the source site.
    pub source: PathBuf,
    /// Path in the new site.
    pub dest: Option<PathBuf>,
    /// What happened, by line.
    pub notes: Vec<Note>,
}

/// The figures of the summary table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Posts found (drafts included, skipped ones too).
    pub posts_in: usize,
    /// Briefings written.
    pub briefings: usize,
    /// Of those, drafts.
    pub drafts: usize,
    /// Standalone pages written.
    pub pages: usize,
    /// Bundle files copied beside their briefing or page.
    pub assets: usize,
    /// Static files copied.
    pub statics: usize,
    /// Files skipped.
    pub skipped: usize,
    /// Of those, posts.
    pub skipped_posts: usize,
    /// Old URLs kept as `aliases:`.
    pub aliases: usize,
    /// Old URLs of pages kept as redirect files.
    pub redirect_files: usize,
    /// Values kept under `extra`.
    pub extra_values: usize,
    /// Places left as they were, or dropped (kramdown attributes, highlight options).
    pub not_converted: usize,
    /// Files with such places.
    pub not_converted_files: usize,
}

/// Everything the import did.
#[derive(Debug, Clone)]
pub struct Report {
    /// From which generator.
    pub generator: Generator,
    /// Per content file, in path order.
    pub files: Vec<FileReport>,
    /// About the site as a whole (config, folders not converted).
    pub site: Vec<(PathBuf, Note)>,
    /// Files left out, with reasons.
    pub skipped: Vec<Skip>,
    /// The old site's URLs brief serves elsewhere, or not at all, that no redirect
    /// page can keep (feeds).
    pub lost: Vec<Lost>,
    /// The summary.
    pub counts: Counts,
}

fn label(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Converted => "converted",
        NoteKind::Alias => "old URL",
        NoteKind::Extra => "kept under extra",
        NoteKind::NotConverted => "not converted",
        NoteKind::Info => "note",
    }
}

fn place(path: &std::path::Path, line: usize) -> String {
    if line == 0 { path.display().to_string() } else { format!("{}:{line}", path.display()) }
}

impl Report {
    /// True when a place was left as it was or a post was skipped (`--strict` fails
    /// then). Files brief replaces by its own (home page, feeds, layouts) do not count.
    pub fn anything_lost(&self) -> bool {
        self.counts.not_converted > 0 || self.counts.skipped_posts > 0
    }

    /// The summary table alone.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut s = String::new();
        let mut row = |what: &str, n: usize, more: String| {
            let _ = writeln!(s, "  {what:<28}{n:>7}{}", if more.is_empty() { more } else { format!("  {more}") });
        };
        row("posts in", c.posts_in, String::new());
        row(
            "briefings written",
            c.briefings,
            if c.drafts > 0 {
                format!("({} draft{})", c.drafts, if c.drafts == 1 { "" } else { "s" })
            } else {
                String::new()
            },
        );
        row("pages written", c.pages, String::new());
        row("bundle files copied", c.assets, String::new());
        row("static files copied", c.statics, String::new());
        row(
            "skipped",
            c.skipped,
            if c.skipped_posts > 0 { format!("({} of them posts)", c.skipped_posts) } else { String::new() },
        );
        row("old URLs as aliases", c.aliases, String::new());
        row("old URLs as redirect files", c.redirect_files, String::new());
        row("values kept under extra", c.extra_values, String::new());
        row(
            "not converted",
            c.not_converted,
            if c.not_converted > 0 {
                format!("(places, in {} files; left as they were or dropped)", c.not_converted_files)
            } else {
                String::new()
            },
        );
        s
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.files {
            match &r.dest {
                Some(d) => writeln!(f, "{} → {}", r.source.display(), d.display())?,
                None => writeln!(f, "{}", r.source.display())?,
            }
            for n in &r.notes {
                writeln!(f, "  {}: {}: {}", place(&r.source, n.line), label(n.kind), n.text)?;
            }
        }
        if !self.site.is_empty() {
            writeln!(f, "\nsite:")?;
            for (p, n) in &self.site {
                let p = if p.as_os_str().is_empty() { "(site)".into() } else { place(p, n.line) };
                writeln!(f, "  {p}: {}: {}", label(n.kind), n.text)?;
            }
        }
        if !self.skipped.is_empty() {
            writeln!(f, "\nskipped:")?;
            for s in &self.skipped {
                writeln!(f, "  {}: {}", s.source.display(), s.reason)?;
            }
        }
        if !self.lost.is_empty() {
            writeln!(
                f,
                "\nold URLs brief does not serve (a feed reader follows no redirect page: where your host \
                 takes redirects, make each a 301 to the URL after the arrow):"
            )?;
            for l in &self.lost {
                writeln!(f, "  {} ({}) → {}", l.old, l.what, l.instead)?;
            }
        }
        writeln!(f, "\nsummary of brief import {}:", self.generator.name())?;
        write!(f, "{}", self.summary())
    }
}
