//! The `brief` binary: parse the command line, run a command, print diagnostics once,
//! exit 1 on any error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use brief::cli::{Cli, Command, ImportFrom};
use brief::diag::Diagnostic;
use brief::site::Options;

fn print_diags(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            err,
            "{errors} error{}{}",
            if errors == 1 { "" } else { "s" },
            if warnings > 0 {
                format!(", {warnings} warning{}", if warnings == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        );
    }
}

fn options(root: &Option<PathBuf>, flags: &brief::cli::BuildFlags) -> Options {
    Options {
        root: root.clone().unwrap_or_else(|| PathBuf::from(".")),
        drafts: flags.drafts,
        future: flags.future,
        strict: flags.strict,
        locked: flags.locked,
        now: flags.now.clone(),
        ..Options::default()
    }
}

fn print_expired(expired: &[PathBuf]) {
    if !expired.is_empty() {
        eprintln!(
            "note: {} briefing{} past {} `expires:` taken out of every list:",
            expired.len(),
            if expired.len() == 1 { "" } else { "s" },
            if expired.len() == 1 { "its" } else { "their" }
        );
        for p in expired {
            eprintln!("  {}", p.display());
        }
    }
}

fn print_next_change(next: Option<&brief::site::NextChange>) {
    match next {
        Some(n) => eprintln!(
            "note: the output changes by itself at {} ({} {}); rebuild then",
            n.at.strftime("%Y-%m-%dT%H:%M:%S%:z"),
            n.source.display(),
            n.what
        ),
        None => eprintln!("note: nothing scheduled or expiring: the output will not change by itself"),
    }
}

/// Print an import's report, the check of the result and the closing lines; false when
/// the import should exit 1 (the check failed, or `--strict` and something was lost).
fn print_import(o: &brief::cmd::import::Outcome, dry_run: bool, strict: bool) -> bool {
    use brief::cmd::import::Checked;
    let report = &o.plan.report;
    println!("{report}");
    let mut ok = true;
    match &o.checked {
        Checked::Ran { briefings_in, briefings_out, files, links, errors, problems, warnings, elapsed } => {
            print_diags(warnings);
            print_diags(problems);
            print_diags(errors);
            let broken = problems.iter().filter(|d| d.message.contains("link")).count();
            let n = |k: usize, one: &str| format!("{k} {one}{}", if k == 1 { "" } else { "s" });
            let place = if dry_run { " of a temporary copy" } else { "" };
            if errors.is_empty() {
                println!(
                    "build{place} in memory (drafts and scheduled included): briefings in {briefings_in}, briefings out {briefings_out}, {}, {} in {:.2} s",
                    n(*files, "file"),
                    n(warnings.len(), "warning"),
                    elapsed.as_secs_f64()
                );
                if problems.is_empty() {
                    println!("check: {} checked, none broken", n(*links, "internal link"));
                } else {
                    println!(
                        "check: {}, {} (listed above; links to pages the old site had outside what was imported break here)",
                        n(broken, "broken link"),
                        n(problems.len() - broken, "other problem")
                    );
                }
            } else {
                println!(
                    "build{place}: failed with {} (listed above): the imported site does not build yet",
                    n(errors.len(), "error")
                );
                ok = false;
            }
            if strict && !problems.is_empty() {
                eprintln!("error: --strict: `brief check` found {} in the imported site", n(problems.len(), "problem"));
                ok = false;
            }
        }
    }
    if dry_run {
        println!("dry run: nothing written (read and converted in {:.2} s)", o.elapsed.as_secs_f64());
    } else {
        println!(
            "wrote {} files into {} in {:.2} s (the report is in import-report.txt there); next: cd {} && brief serve",
            o.written,
            o.dest.display(),
            o.elapsed.as_secs_f64(),
            o.dest.display()
        );
    }
    if strict && report.anything_lost() {
        eprintln!(
            "error: --strict: {} place{} not converted and {} post{} skipped (see the report)",
            report.counts.not_converted,
            if report.counts.not_converted == 1 { "" } else { "s" },
            report.counts.skipped_posts,
            if report.counts.skipped_posts == 1 { "" } else { "s" }
        );
        ok = false;
    }
    ok
}

/// A report read through a pipe that closes early (`brief import … | head`) ends the
/// program, as it ends other command-line tools: Rust ignores SIGPIPE, so the next
/// `println!` panicked on the closed pipe. `serve` keeps ignoring it: a browser that
/// drops a connection is no reason to stop.
fn die_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    brief::memory::init();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        die_on_closed_pipe();
    }
    let result: Result<(), Vec<Diagnostic>> = match &cli.command {
        Command::Build { flags, base_url, relative_urls, output, no_cache } => {
            let mut opts = options(&cli.root, flags);
            opts.base_url = base_url.clone();
            opts.relative_urls = *relative_urls;
            opts.no_cache = *no_cache;
            brief::cmd::build::run(&opts, output.clone()).map(|built| {
                let r = &built.report;
                print_diags(&r.warnings);
                if !r.scheduled.is_empty() {
                    eprintln!(
                        "note: {} scheduled briefing{} dated in the future skipped (build with --future to include):",
                        r.scheduled.len(),
                        if r.scheduled.len() == 1 { "" } else { "s" }
                    );
                    for p in &r.scheduled {
                        eprintln!("  {}", p.display());
                    }
                }
                if r.drafts > 0 {
                    eprintln!(
                        "note: {} draft{} skipped (build with --drafts to include)",
                        r.drafts,
                        if r.drafts == 1 { "" } else { "s" }
                    );
                }
                print_expired(&r.expired);
                if r.lock_added > 0 {
                    eprintln!(
                        "note: urls.lock: recorded {} new URL{}; commit it with your content",
                        r.lock_added,
                        if r.lock_added == 1 { "" } else { "s" }
                    );
                }
                print_next_change(r.next_change.as_ref());
                println!("{}", r.summary());
                // The process ends right after a build: handing every string of the parsed
                // site back to the allocator one by one would only delay that (by 10-15 ms
                // at 10,000 briefings). The kernel takes the memory back at exit.
                std::mem::forget(built);
            })
        }
        Command::Check { flags } => {
            let opts = options(&cli.root, flags);
            brief::cmd::check::run(&opts).map(|(w, links, schedule)| {
                print_diags(&w);
                for p in &schedule.scheduled {
                    eprintln!("note: scheduled: {}", p.display());
                }
                print_expired(&schedule.expired);
                print_next_change(schedule.next_change.as_ref());
                print_translations(&schedule.translations);
                println!(
                    "check passed: {links} internal links checked, {} warning{}",
                    w.len(),
                    if w.len() == 1 { "" } else { "s" }
                );
            })
        }
        Command::Serve { flags, bind, port } => {
            let opts = options(&cli.root, flags);
            brief::cmd::serve::run(brief::cmd::serve::ServeOptions { build: opts, bind: bind.clone(), port: *port })
        }
        Command::New { title, tags, date, lang } => {
            let opts = options(
                &cli.root,
                &brief::cli::BuildFlags { drafts: false, future: false, strict: false, locked: false, now: None },
            );
            brief::cmd::new::run(&opts, title, tags, date.as_deref(), lang.as_deref())
                .map(|p| println!("{}", p.display()))
        }
        Command::Import { generator, source, dest, force, dry_run, strict } => {
            let generator = match generator {
                ImportFrom::Jekyll => brief::import::Generator::Jekyll,
                ImportFrom::Hugo => brief::import::Generator::Hugo,
                ImportFrom::Zola => brief::import::Generator::Zola,
            };
            let o = brief::cmd::import::ImportOptions {
                generator,
                source: source.clone(),
                dest: dest.clone(),
                force: *force,
                dry_run: *dry_run,
            };
            match brief::cmd::import::run(&o) {
                Ok(outcome) if print_import(&outcome, *dry_run, *strict) => Ok(()),
                Ok(_) => Err(Vec::new()),
                Err(d) => Err(d),
            }
        }
        Command::Init { dir, force } => brief::cmd::init::run(dir, *force).map(|files| {
            println!("wrote {} files into {}; next: cd {} && brief serve", files.len(), dir.display(), dir.display());
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            print_diags(&diags);
            ExitCode::FAILURE
        }
    }
}

/// `brief check`'s table of translations: per language, its briefings and how many of
/// them each other language has, then (up to ten per pair) the briefings that lack one.
fn print_translations(rows: &[brief::cmd::check::TranslationRow]) {
    if rows.is_empty() {
        return;
    }
    let width = rows.iter().map(|r| r.language.len()).max().unwrap_or(8).max(8);
    let mut head = format!("{:<width$}  {:>9}", "language", "briefings");
    let codes: Vec<&str> = rows.iter().map(|r| r.language.as_str()).collect();
    for c in &codes {
        head.push_str(&format!("  {:>w$}", format!("in {c}"), w = c.len().max(5) + 3));
    }
    println!("translations:\n  {head}");
    for r in rows {
        let mut line = format!("{:<width$}  {:>9}", r.language, r.briefings);
        for c in &codes {
            let cell = match r.others.iter().find(|(l, _, _)| l == c) {
                Some((_, n, _)) => n.to_string(),
                None => "-".into(),
            };
            line.push_str(&format!("  {:>w$}", cell, w = c.len().max(5) + 3));
        }
        println!("  {line}");
    }
    for r in rows {
        for (other, _, lacking) in &r.others {
            if lacking.is_empty() {
                continue;
            }
            println!(
                "{} `{}` briefing{} without `{other}`:",
                lacking.len(),
                r.language,
                if lacking.len() == 1 { "" } else { "s" }
            );
            for p in lacking.iter().take(10) {
                println!("  {}", p.display());
            }
            if lacking.len() > 10 {
                println!("  … and {} more", lacking.len() - 10);
            }
        }
    }
}
