//! `brief build`: load, render, write; one closing line.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::render::Job;
use crate::site::{Options, extra_files, load_site};
use crate::write::{Staging, WriteError, WriteStats};

/// Give memory freed by the parse stage (Markdown event buffers, lowercased texts) back
/// to the system before rendering starts, so it does not add to the peak. glibc keeps
/// freed blocks in per-thread arenas otherwise.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only returns free heap pages to the kernel; it is safe to
        // call at any time from any thread.
        unsafe {
            malloc_trim(0);
        }
    }
}

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
        let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        format!(
            "built {}, {} written ({} unchanged), {}, {} in {:.2} s",
            n(self.briefings, "briefing", "briefings"),
            n(self.stats.written + self.stats.unchanged, "page", "pages"),
            self.stats.unchanged,
            n(self.tags, "tag", "tags"),
            n(self.days, "day", "days"),
            self.elapsed.as_secs_f64()
        )
    }
}

/// Build the site of `opts` into `output` (default `public/` in the site). Pages are
/// written as they are rendered, into a staging folder swapped in at the end. Meant to
/// be the last thing a process does: the parsed site is left for the exit to free.
pub fn run(opts: &Options, output: Option<PathBuf>) -> Result<Report, Vec<Diagnostic>> {
    let start = Instant::now();
    let t = crate::timing::Stopwatch::start("");
    let mut loaded = load_site(opts)?;
    t.mark("load (config, templates, discover, parse, index)");
    release_free_memory();
    let out = output.unwrap_or_else(|| opts.root.join("public"));
    let write_err = |e: WriteError| match e {
        WriteError::Read { path, source } => {
            Diagnostic::error(crate::diag::display_path(&opts.root, &path), format!("cannot read: {source}"))
                .hint("check the file's permissions; the previous output is unchanged")
        }
        e => Diagnostic::error(crate::diag::display_path(&opts.root, &out), e.to_string())
            .hint("the previous output is unchanged; fix the cause and build again"),
    };
    // Static files are checked before anything is rendered, so a clash costs nothing.
    let extra = extra_files(&loaded, &std::collections::HashSet::new()).map_err(|d| vec![d])?;
    let staging = Staging::begin(&out, &opts.root).map_err(|e| vec![write_err(e)])?;
    let site = loaded.site();
    let prep = site.prepare(&loaded.templates)?;
    t.mark("prepare");
    // The search index is streamed to its file, not held whole, on one thread while
    // the others render pages.
    let jobs: Vec<Job> = site.jobs().into_iter().filter(|j| *j != Job::SearchIndex).collect();
    let rendered = AtomicUsize::new(1);
    let (pages, search) = rayon::join(
        || {
            site.render_each(&prep, &loaded.templates, &jobs, None, &|o| {
                rendered.fetch_add(1, Ordering::Relaxed);
                staging.put(&o.path, &o.bytes).map(|_| ()).map_err(write_err)
            })
        },
        || {
            staging
                .put_with("search-index.json", |w| crate::feeds::write_search_index(&site, w))
                .map_err(|e| vec![write_err(e)])
        },
    );
    pages?;
    search?;
    t.mark("render and write pages, search index");
    extra
        .par_iter()
        .try_for_each(|(rel, c)| staging.put_content(rel, c).map(|_| ()).map_err(write_err))
        .map_err(|d| vec![d])?;
    let stats = staging.commit().map_err(|e| vec![write_err(e)])?;
    t.mark("static files, assets and swap");
    let report = Report {
        briefings: loaded.briefings.len(),
        pages: loaded.pages.len(),
        rendered: rendered.into_inner(),
        stats,
        tags: loaded.index.taxonomies.first().map(|t| t.terms.len()).unwrap_or(0),
        days: loaded.index.years.iter().flat_map(|y| &y.months).map(|m| m.days.len()).sum(),
        scheduled: std::mem::take(&mut loaded.scheduled),
        drafts: loaded.drafts,
        warnings: std::mem::take(&mut loaded.warnings),
        elapsed: start.elapsed(),
    };
    // The process ends right after a build: handing every string of the parsed site
    // back to the allocator one by one would only delay that (by 10-15 ms at 10,000
    // briefings). The kernel takes the memory back at exit.
    std::mem::forget(prep);
    std::mem::forget(loaded);
    Ok(report)
}
