//! Loading a whole site into memory: config, templates, content, index. Shared by
//! `build`, `check` and `serve`.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::index::{Index, build_index};
use crate::load;
use crate::model::{Asset, Briefing, Page};
use crate::render::{Output, Prepared, Site};
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
}

/// Read the config of the site at `opts.root`, with command-line overrides applied.
pub fn load_config(opts: &Options) -> Result<Config, Vec<Diagnostic>> {
    let mut cfg = Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml"))?;
    if let Some(b) = &opts.base_url {
        cfg.set_base_url(b).map_err(|m| {
            vec![Diagnostic::error("--base-url", m).hint("use an absolute URL like `https://example.org/briefs/`")]
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
    let found = load::discover(&opts.root, &opts.root.join("content"));
    mark("discover");
    let (mut briefings, mut pages, parse_diags) = load::load_all(&found, &cfg);
    mark("read and parse");
    diags.extend(found.diags);
    diags.extend(parse_diags);
    let mut drafts = 0;
    if !opts.drafts {
        let before = briefings.len() + pages.len();
        briefings.retain(|b| !b.draft);
        pages.retain(|p| !p.draft);
        drafts = before - briefings.len() - pages.len();
    }
    let mut scheduled = Vec::new();
    if !opts.future {
        let now = jiff::Timestamp::now();
        briefings.retain(|b| {
            let future = b.date.timestamp() > now;
            if future {
                scheduled.push(b.source.clone());
            }
            !future
        });
    }
    if cfg.strict {
        for d in &mut diags {
            d.severity = diag::Severity::Error;
        }
    }
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let index = if has_errors { None } else { build_index(&cfg, &briefings, &pages).map_err(|d| diags.extend(d)).ok() };
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

/// Every output file: its path relative to the output root and what goes in it.
pub type Files = Vec<(String, Content)>;

/// Render every page and list every file of the full site, in memory (for `check` and
/// `serve`; `build` streams instead).
pub fn render_all(loaded: &Loaded, inject: Option<&str>) -> Result<(Files, usize), Vec<Diagnostic>> {
    let site = loaded.site();
    let prep: Prepared = site.prepare(&loaded.templates)?;
    let jobs = site.jobs();
    let outputs: Vec<Output> = site.render(&prep, &loaded.templates, &jobs, inject)?;
    let pages = outputs.len();
    let taken: std::collections::HashSet<String> = outputs.iter().map(|o| o.path.clone()).collect();
    let mut files: Files = outputs.into_iter().map(|o| (o.path, Content::Bytes(o.bytes))).collect();
    files.extend(extra_files(loaded, &taken).map_err(|d| vec![d])?);
    Ok((files, pages))
}

/// Theme and site static files and content assets. A file that would overwrite a
/// generated page (a path in `generated`, or the well-known generated names) is an error.
pub fn extra_files(loaded: &Loaded, generated: &std::collections::HashSet<String>) -> Result<Files, Diagnostic> {
    let reserved =
        ["index.html", "404.html", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "search-index.json"];
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    let pages = loaded_paths(loaded);
    for (rel, content, shown) in static_files(loaded) {
        if !rel.split('/').all(crate::slug::is_safe_segment) {
            return Err(Diagnostic::error(shown, format!("the file name `{rel}` cannot be published as a URL path"))
                .hint("rename the file: no `\\`, control characters, or `.`/`..` segments"));
        }
        let is_page = rel.ends_with("/index.html") && pages.contains(&rel);
        if generated.contains(&rel) || reserved.contains(&rel.as_str()) || is_page {
            return Err(Diagnostic::error(shown, format!("`{rel}` would overwrite a page brief generates"))
                .hint("rename or remove this file"));
        }
        if let Some(first) = seen.get(&rel) {
            return Err(Diagnostic::error(
                &shown,
                format!("two files for `/{rel}`: `{}` and `{}`", first.display(), shown.display()),
            )
            .hint("rename one of them"));
        }
        seen.insert(rel.clone(), shown);
        out.push((rel, content));
    }
    Ok(out)
}

/// Output files of briefing and page URLs, for clash checks without rendering.
fn loaded_paths(loaded: &Loaded) -> std::collections::HashSet<String> {
    loaded.index.permalinks.iter().chain(&loaded.index.page_paths).map(|p| crate::render::output_file(p)).collect()
}

/// Theme static files, then the site's `static/`, then content assets. Later entries
/// with the same path replace earlier ones (site over theme).
fn static_files(loaded: &Loaded) -> Vec<(String, Content, PathBuf)> {
    let root = &loaded.root;
    let mut by_path: std::collections::BTreeMap<String, (Content, PathBuf)> = std::collections::BTreeMap::new();
    if loaded.cfg.theme == "default" && !root.join("themes/default/static").is_dir() {
        for (name, text) in templates::DEFAULT_STATIC {
            by_path.insert(
                (*name).to_string(),
                (Content::Bytes(text.as_bytes().to_vec()), PathBuf::from(format!("<default theme>/static/{name}"))),
            );
        }
    }
    for dir in [root.join("themes").join(&loaded.cfg.theme).join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for e in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !e.file_type().is_file() {
                continue;
            }
            let rel = e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
            if rel.split('/').any(|s| s.starts_with('.')) {
                continue;
            }
            by_path.insert(rel, (Content::Copy(e.path().to_path_buf()), diag::display_path(root, e.path())));
        }
    }
    let mut out: Vec<(String, Content, PathBuf)> = by_path.into_iter().map(|(k, (c, s))| (k, c, s)).collect();
    out.extend(asset_files(loaded).into_iter().map(|(rel, path)| {
        let shown = diag::display_path(root, &path);
        (rel, Content::Copy(path), shown)
    }));
    out
}

/// Where each content asset goes: beside every briefing of its folder (or under its
/// bundle's page), else at its own path under the output.
pub fn asset_files(loaded: &Loaded) -> Vec<(String, PathBuf)> {
    use std::collections::HashMap;
    let mut by_dir: HashMap<&Path, Vec<usize>> = HashMap::new();
    let mut bundles: Vec<(usize, &Path)> = Vec::new();
    for (i, b) in loaded.briefings.iter().enumerate() {
        if b.bundle {
            bundles.push((i, b.dir.as_path()));
        } else {
            by_dir.entry(b.dir.as_path()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for a in &loaded.assets {
        let rel_str = a.rel.to_string_lossy().replace('\\', "/");
        if let Some((i, dir)) = bundles
            .iter()
            .filter(|(_, d)| a.rel.starts_with(d) && !d.as_os_str().is_empty())
            .max_by_key(|(_, d)| d.components().count())
        {
            let inner = a.rel.strip_prefix(dir).unwrap_or(&a.rel).to_string_lossy().replace('\\', "/");
            let page = loaded.index.permalinks[*i].trim_start_matches('/');
            out.push((format!("{page}{inner}"), a.path.clone()));
            continue;
        }
        let parent = a.rel.parent().unwrap_or(Path::new(""));
        match by_dir.get(parent) {
            Some(owners) => {
                let name = a.rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                for &i in owners {
                    let page = loaded.index.permalinks[i].trim_start_matches('/');
                    out.push((format!("{page}{name}"), a.path.clone()));
                }
            }
            None => out.push((rel_str, a.path.clone())),
        }
    }
    out
}
