//! A whole site in memory: config, templates, content, index. The front of the pipeline
//! shared by `build`, `check` and `serve`, so the three load, filter and index alike.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::index::{Index, Site, build_index};
use crate::model::{Asset, Briefing, Page};
use crate::outputs::Output;
use crate::render::{self, Prepared};
use crate::routes::{self, Routes, manifest};
use crate::source::{self, Publish, Verdict};
use crate::templates::{self, Templates};
use crate::write::Content;

/// Settings from the command line that shape a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Include briefings dated in the future.
    pub future: bool,
    /// Override `base_url`.
    pub base_url: Option<String>,
    /// Force relative URLs.
    pub relative_urls: bool,
    /// Treat warnings as errors.
    pub strict: bool,
}

impl Options {
    /// Which briefings a build with these options publishes, as of now.
    pub fn publish(&self) -> Publish {
        Publish { drafts: self.drafts, future: self.future, now: jiff::Timestamp::now() }
    }
}

/// A loaded site: everything needed to render any page.
#[derive(Debug)]
pub struct Loaded {
    /// The site folder.
    pub root: PathBuf,
    /// Settings.
    pub cfg: Config,
    /// Templates.
    pub templates: Templates,
    /// Published briefings.
    pub briefings: Vec<Briefing>,
    /// Standalone pages.
    pub pages: Vec<Page>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    /// The index.
    pub index: Index,
    /// Warnings (errors stop the load).
    pub warnings: Vec<Diagnostic>,
    /// Briefings skipped because they are dated in the future.
    pub scheduled: Vec<PathBuf>,
    /// Drafts skipped.
    pub drafts: usize,
}

impl Loaded {
    /// The render view of this site.
    pub fn site(&self) -> Site<'_> {
        Site { cfg: &self.cfg, briefings: &self.briefings, pages: &self.pages, idx: &self.index }
    }

    /// The routes of this site.
    pub fn routes(&self) -> Routes<'_> {
        Routes::new(&self.cfg, &self.index)
    }
}

/// Read the config of the site at `opts.root`, with command-line overrides applied.
pub fn load_config(opts: &Options) -> Result<Config, Vec<Diagnostic>> {
    let mut cfg = Config::load(&opts.root.join(source::CONFIG_FILE), Path::new(source::CONFIG_FILE))?;
    if let Some(b) = &opts.base_url {
        cfg.set_base_url(b).map_err(|e| {
            vec![
                Diagnostic::flag("--base-url", e.to_string())
                    .hint("use an absolute URL like `https://example.org/briefs/`"),
            ]
        })?;
    }
    if opts.relative_urls {
        cfg.relative_urls = true;
    }
    if opts.strict {
        cfg.strict = true;
    }
    Ok(cfg)
}

/// Load everything. On failure, every diagnostic found (errors and warnings, sorted).
pub fn load_site(opts: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    let watch = crate::timing::Stopwatch::start("  ");
    let mark = |what: &str| watch.mark(what);
    let cfg = load_config(opts)?;
    let mut diags = Vec::new();
    let tpl = match templates::load(&opts.root, &cfg.theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    mark("config and templates");
    let found = source::discover(&opts.root, &opts.root.join("content"));
    mark("discover");
    let (parsed, mut pages, parse_diags) = source::load_all(&found, &cfg);
    mark("read and parse");
    diags.extend(found.diags);
    diags.extend(parse_diags);
    let publish = opts.publish();
    let mut drafts = 0;
    let mut scheduled = Vec::new();
    let mut briefings = Vec::with_capacity(parsed.len());
    for b in parsed {
        match publish.verdict(&b) {
            Verdict::Published => briefings.push(b),
            Verdict::Draft => drafts += 1,
            Verdict::Scheduled => scheduled.push(b.source),
        }
    }
    if !opts.drafts {
        let before = pages.len();
        pages.retain(|p| !p.draft);
        drafts += before - pages.len();
    }
    source::apply_strict(&mut diags, cfg.strict);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let index = if has_errors { None } else { index_site(&cfg, &briefings, &pages).map_err(|d| diags.extend(d)).ok() };
    mark("index");
    match (tpl, index) {
        (Some(templates), Some(index)) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
            root: opts.root.clone(),
            cfg,
            templates,
            briefings,
            pages,
            assets: found.assets,
            index,
            warnings: diags,
            scheduled,
            drafts,
        }),
        _ => {
            diag::sort(&mut diags);
            Err(diags)
        }
    }
}

/// Give the briefings and pages their URLs and index them; two sources of one URL are
/// errors naming both.
pub fn index_site(cfg: &Config, briefings: &[Briefing], pages: &[Page]) -> Result<Index, Vec<Diagnostic>> {
    let permalinks = routes::permalinks(&cfg.permalink, briefings);
    let page_paths: Vec<String> = pages.iter().map(routes::page_path).collect();
    let mut idx = build_index(cfg, briefings, permalinks, page_paths);
    // URL ownership does not depend on related briefings: check it meanwhile.
    let (related, urls) = rayon::join(
        || crate::index::related(briefings, &idx.taxonomies, cfg.tags_taxonomy(), &idx.rank),
        || manifest::check_urls(briefings, pages, &idx),
    );
    idx.related = related;
    urls?;
    Ok(idx)
}

/// Every output file: its path relative to the output root and what goes in it.
pub type Files = Vec<(String, Content)>;

/// Render every page and list every file of the full site, in memory (for `check` and
/// `serve`; `build` streams instead).
pub fn render_all(loaded: &Loaded, inject: Option<&str>) -> Result<Files, Vec<Diagnostic>> {
    let site = loaded.site();
    let prep: Prepared = render::prepare(&site, &loaded.templates)?;
    let copied = copied_files(loaded).map_err(|d| vec![d])?;
    let outputs: Vec<Output> = render::render(&site, &prep, &loaded.templates, &loaded.routes().all(), inject)?;
    let mut files: Files = outputs.into_iter().map(|o| (o.path, Content::Bytes(o.bytes))).collect();
    files.extend(copied);
    Ok(files)
}

/// Theme and site static files and content assets, checked against every generated file
/// and each other (the same check in build, check and serve).
pub fn copied_files(loaded: &Loaded) -> Result<Files, Diagnostic> {
    let mut copied = source::static_files(&loaded.root, &loaded.cfg);
    copied.extend(manifest::place_assets(&loaded.index, &loaded.briefings, &loaded.assets, &loaded.root));
    manifest::check_copied(&loaded.routes(), &loaded.index, &loaded.briefings, &loaded.pages, copied)
}
