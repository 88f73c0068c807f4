//! Command-line definitions (clap derive) only.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// brief: a static site generator for briefings.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None)]
pub struct Cli {
    /// The site folder (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by commands that build the site.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildFlags {
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Include briefings dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Fail instead of recording new URLs in urls.lock (for CI).
    #[arg(long)]
    pub locked: bool,
    /// Build as of this time (YYYY-MM-DD or RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build {
        /// Shared flags.
        #[command(flatten)]
        flags: BuildFlags,
        /// Override base_url from site.yaml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Write every internal link relative to its page.
        #[arg(long)]
        relative_urls: bool,
        /// Output folder (default: public/ inside the site).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Neither read nor write the build cache (.brief-cache/): render every page.
        #[arg(long)]
        no_cache: bool,
    },
    /// Check content and internal links without writing anything.
    Check {
        /// Shared flags.
        #[command(flatten)]
        flags: BuildFlags,
    },
    /// Serve the site with live reload.
    Serve {
        /// Shared flags.
        #[command(flatten)]
        flags: BuildFlags,
        /// Address to listen on; anything but loopback prints a warning.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Write a new briefing.
    New {
        /// Its title.
        title: String,
        /// Comma-separated tags.
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
        /// Its date (YYYY-MM-DD or RFC 3339); default now in the site time zone.
        #[arg(long)]
        date: Option<String>,
        /// Its language, one of the site's (`language` or a code under `languages:`):
        /// the briefing goes into that edition's place.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Bring a Jekyll, Hugo or Zola site over: writes a new brief site and a report.
    Import {
        /// The generator the site is made with.
        #[arg(value_enum)]
        generator: ImportFrom,
        /// The site to read (never written to).
        source: PathBuf,
        /// The new site's folder (default: SOURCE-brief beside SOURCE); must be new or empty.
        dest: Option<PathBuf>,
        /// Write into a non-empty DEST (files of the same name are replaced, others kept).
        #[arg(long)]
        force: bool,
        /// Write nothing in DEST: plan, report, and build and check a temporary copy.
        #[arg(long)]
        dry_run: bool,
        /// Exit 1 when anything was not converted (a place left as is, a post skipped).
        #[arg(long)]
        strict: bool,
    },
    /// Write a new site skeleton into DIR.
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// Write even if DIR is not empty (existing files are kept).
        #[arg(long)]
        force: bool,
    },
}

/// The generators `brief import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFrom {
    /// Jekyll: `_config.yml`, `_posts/`, `_drafts/`.
    Jekyll,
    /// Hugo: `hugo.toml` (or config.*), `content/`, `static/`.
    Hugo,
    /// Zola: `zola.toml` or `config.toml`, `content/`, `static/`.
    Zola,
}
