//! `brief import jekyll|hugo|zola SOURCE [DEST]`: plan the new site from the old one
//! (`crate::import`), refuse any destination that could touch the source or overwrite
//! work, write the files, then build the result in memory and check its links (drafts
//! and scheduled briefings included) so the report says whether the moved site works.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::import::{self, Generator, Out, Plan};
use crate::site::Options;

/// What `brief import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The generator the source site is made with.
    pub generator: Generator,
    /// The old site.
    pub source: PathBuf,
    /// The new site's folder (default: `SOURCE-brief` beside SOURCE).
    pub dest: Option<PathBuf>,
    /// Write into a non-empty folder.
    pub force: bool,
    /// Write nothing in DEST.
    pub dry_run: bool,
}

/// What building and checking the imported site found.
#[derive(Debug)]
pub enum Checked {
    /// The build and check ran (always, since brief reads every site an import writes).
    Ran {
        /// Briefings the import wrote.
        briefings_in: usize,
        /// Briefings the build made pages of.
        briefings_out: usize,
        /// Files the build makes (pages, feeds, redirects, copied files).
        files: usize,
        /// Internal links checked.
        links: usize,
        /// Errors that stopped the build: the imported site does not build.
        errors: Vec<Diagnostic>,
        /// What `brief check` found wrong in a site that builds (broken links).
        problems: Vec<Diagnostic>,
        /// Warnings.
        warnings: Vec<Diagnostic>,
        /// Time the build and check took.
        elapsed: Duration,
    },
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    /// The plan with its report.
    pub plan: Plan,
    /// The new site's folder.
    pub dest: PathBuf,
    /// Files written (0 on a dry run).
    pub written: usize,
    /// Time to read, convert and write.
    pub elapsed: Duration,
    /// The build and check.
    pub checked: Checked,
}

/// `path` made absolute with its existing part's symlinks resolved (the rest need
/// not exist yet).
fn resolve(path: &Path) -> PathBuf {
    let abs =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p;
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    out
}

/// The destination, checked: not the source, not inside it, not holding it, and empty
/// unless `force`.
fn destination(o: &ImportOptions, source: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    let dest = match &o.dest {
        Some(d) => resolve(d),
        None => {
            let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
            source.with_file_name(format!("{name}-brief"))
        }
    };
    let shown = o.dest.clone().unwrap_or_else(|| dest.clone());
    if dest == source || dest.starts_with(source) || source.starts_with(&dest) {
        return Err(vec![
            Diagnostic::error(&shown, format!("the new site may not be `{}` itself, inside it or around it", source.display()))
                .hint("name a folder beside the old site, like `SOURCE-brief`: the import never writes into the site it reads"),
        ]);
    }
    if dest.exists() && !dest.is_dir() {
        return Err(vec![
            Diagnostic::error(&shown, "is a file, not a folder").hint("name a new folder for the imported site"),
        ]);
    }
    let non_empty = std::fs::read_dir(&dest).map(|mut d| d.next().is_some()).unwrap_or(false);
    if non_empty && !o.force {
        return Err(vec![
            Diagnostic::error(&shown, "folder is not empty")
                .hint("name a new folder, or pass --force to write into it (files of the same name are replaced)"),
        ]);
    }
    Ok(dest)
}

/// Write every file of `plan` under `root`; returns how many.
fn write_plan(plan: &Plan, root: &Path) -> Result<usize, Vec<Diagnostic>> {
    let err = |p: &Path, e: std::io::Error| vec![Diagnostic::error(p, format!("cannot write: {e}"))];
    for (rel, out) in &plan.files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        match out {
            Out::Text(t) => std::fs::write(&path, t).map_err(|e| err(&path, e))?,
            Out::Copy(from) => {
                std::fs::copy(from, &path).map_err(|e| err(from, e))?;
            }
        }
    }
    Ok(plan.files.len())
}

/// A fresh folder under the system's temporary folder.
fn temp_dir(what: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("brief-import-{what}-{}-{nanos}", std::process::id()))
}

/// Build the site at `root` in memory as `brief build --drafts --future` does (load,
/// index, render every page and copied file) and check every internal link as `brief
/// check` does; nothing is written (not even `urls.lock`: the first real build records
/// the URLs).
fn check_site(root: &Path, briefings_in: usize) -> Checked {
    let start = Instant::now();
    let opts = Options { root: root.to_path_buf(), drafts: true, future: true, ..Options::default() };
    let ran = |briefings_out, files, links, errors: Vec<Diagnostic>, problems, warnings| Checked::Ran {
        briefings_in,
        briefings_out,
        files,
        links,
        errors,
        problems,
        warnings,
        elapsed: start.elapsed(),
    };
    let split =
        |d: Vec<Diagnostic>| -> (Vec<Diagnostic>, Vec<Diagnostic>) { d.into_iter().partition(Diagnostic::is_error) };
    let loaded = match crate::site::load_site(&opts) {
        Ok(l) => l,
        Err(d) => {
            let (errors, warnings) = split(d);
            return ran(0, 0, 0, errors, Vec::new(), warnings);
        }
    };
    let files = match crate::site::render_all(&loaded, None) {
        Ok(f) => f,
        Err(d) => {
            let (errors, warnings) = split(d);
            return ran(loaded.briefing_count(), 0, 0, errors, Vec::new(), warnings);
        }
    };
    let (diags, links) = crate::links::check::check_links(&loaded.site(0), &loaded.root, &files);
    let (mut problems, mut warnings) = split(diags);
    let mut all = loaded.warnings.clone();
    all.append(&mut warnings);
    let (count, files_len) = (loaded.briefing_count(), files.len());
    drop((loaded, files));
    problems.extend(links_to_unpublished(root, count, &problems));
    ran(count, files_len, links, Vec::new(), problems, all)
}

/// The links that break in the site as `brief build` and `brief check` make it, without
/// the drafts and scheduled briefings the check above builds: links to those, which
/// the old site may have had too (Hugo's `ref` to a draft). Built again only when the
/// site has some (`all`: the briefings built with them).
fn links_to_unpublished(root: &Path, all: usize, known: &[Diagnostic]) -> Vec<Diagnostic> {
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let Ok(loaded) = crate::site::load_site(&opts) else { return Vec::new() };
    if loaded.briefing_count() == all {
        return Vec::new();
    }
    let Ok(files) = crate::site::render_all(&loaded, None) else { return Vec::new() };
    let (diags, _) = crate::links::check::check_links(&loaded.site(0), &loaded.root, &files);
    diags
        .into_iter()
        .filter(|d| d.is_error() && !known.contains(d))
        .map(|d| {
            d.hint(
                "it links to a draft or a scheduled briefing: `brief build` and `brief check` find it broken until \
                 that briefing is published (or link elsewhere)",
            )
        })
        .collect()
}

/// Import the site `o.source`.
pub fn run(o: &ImportOptions) -> Result<Outcome, Vec<Diagnostic>> {
    let start = Instant::now();
    if !o.source.is_dir() {
        return Err(vec![Diagnostic::error(&o.source, "no such folder").hint("name the folder of the site to import")]);
    }
    let source = resolve(&o.source);
    let dest = destination(o, &source)?;
    let plan = import::plan(o.generator, &source)?;
    let target = if o.dry_run { temp_dir("site") } else { dest.clone() };
    let written = write_plan(&plan, &target)?;
    if !o.dry_run {
        let text = format!("{}", plan.report);
        let _ = std::fs::write(target.join("import-report.txt"), text);
    }
    let elapsed = start.elapsed();
    let checked = check_site(&target, plan.report.counts.briefings);
    if o.dry_run {
        let _ = std::fs::remove_dir_all(&target);
    }
    Ok(Outcome { plan, dest, written: if o.dry_run { 0 } else { written }, elapsed, checked })
}
