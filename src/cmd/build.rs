//! `brief build`: load, render, write; one closing line.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::site::{Options, load_site, render_all};
use crate::write::{WriteStats, write_output};

/// What a build did.
#[derive(Debug)]
pub struct Report {
    /// Briefings published.
    pub briefings: usize,
    /// Standalone pages.
    pub pages: usize,
    /// Rendered outputs (HTML pages, feeds, indexes).
    pub rendered: usize,
    /// File writes.
    pub stats: WriteStats,
    /// Terms of the first taxonomy.
    pub tags: usize,
    /// Days with briefings.
    pub days: usize,
    /// Briefings dated in the future, skipped.
    pub scheduled: Vec<PathBuf>,
    /// Drafts skipped.
    pub drafts: usize,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    /// The closing line.
    pub fn summary(&self) -> String {
        format!(
            "built {} briefings, {} pages written ({} unchanged), {} tags, {} days in {:.2} s",
            self.briefings,
            self.stats.written + self.stats.unchanged,
            self.stats.unchanged,
            self.tags,
            self.days,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Build the site of `opts` into `output` (default `public/` in the site).
pub fn run(opts: &Options, output: Option<PathBuf>) -> Result<Report, Vec<Diagnostic>> {
    let start = Instant::now();
    let loaded = load_site(opts)?;
    let (files, rendered) = render_all(&loaded, None)?;
    let out = output.unwrap_or_else(|| opts.root.join("public"));
    let stats = write_output(&out, &opts.root, files).map_err(|e| {
        vec![
            Diagnostic::error(crate::diag::display_path(&opts.root, &out), e.to_string())
                .hint("the previous output is unchanged; fix the cause and build again"),
        ]
    })?;
    Ok(Report {
        briefings: loaded.briefings.len(),
        pages: loaded.pages.len(),
        rendered,
        stats,
        tags: loaded.index.taxonomies.first().map(|t| t.terms.len()).unwrap_or(0),
        days: loaded.index.years.iter().flat_map(|y| &y.months).map(|m| m.days.len()).sum(),
        scheduled: loaded.scheduled,
        drafts: loaded.drafts,
        warnings: loaded.warnings,
        elapsed: start.elapsed(),
    })
}
