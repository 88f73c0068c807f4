//! Who owns each URL and each output file. Two sources of one URL (two briefings, a
//! briefing and a generated page, a static file or asset and a page) are an error
//! naming both, the same in build, check and serve.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    ARCHIVE, CORRECTIONS, PAGER_SEGMENT, Route, Routes, SEARCH, SITEMAP_MAX, date_path, taxonomy_path, term_path,
};
use crate::diag::Diagnostic;
use crate::index::{Edition, Index, Redirect};
use crate::lock::Lock;
use crate::model::{Asset, Briefing, Page, Withheld};
use crate::write::Content;

pub use super::claims::{
    check_changed_redirects, check_changed_urls, check_edition_roots, fresh_claims_are_free, may_be_a_made_file,
};

/// What claims a URL; described in words only when two claim the same one.
#[derive(Clone, Copy)]
pub(super) enum Owner<'a> {
    BuiltIn(&'static str),
    TaxonomyIndex(&'a str),
    Term {
        taxonomy: &'a str,
        name: &'a str,
        pager: bool,
    },
    Date {
        kind: &'static str,
        pager: bool,
    },
    Source(&'a Path),
    /// An old URL of the briefing at this path.
    Redirect(&'a Path),
    /// Another generated file, described in words.
    Route(&'a str),
}

impl Owner<'_> {
    fn describe(&self, url: &str) -> String {
        match *self {
            Owner::BuiltIn(root) => format!("built-in page {root}"),
            Owner::TaxonomyIndex(name) => format!("{name} index"),
            Owner::Term { taxonomy, name, pager: false } => format!("page of {taxonomy} `{name}`"),
            Owner::Term { taxonomy, name, pager: true } => format!("pagination of {taxonomy} `{name}`"),
            Owner::Date { kind, pager: false } => format!("{kind} page {url}"),
            Owner::Date { kind, pager: true } => {
                format!("pagination of {kind} page {}", url.strip_suffix("page/").unwrap_or(url))
            }
            Owner::Source(_) => "briefing".into(),
            Owner::Redirect(p) => format!("old URL of `{}`", p.display()),
            Owner::Route(what) => what.to_string(),
        }
    }
}

/// The error for `who` claiming `url` that `other` claimed first, when a source file is
/// one of them (generated pages never clash with each other).
pub(super) fn clash(url: &str, who: Owner<'_>, other: Owner<'_>) -> Option<Diagnostic> {
    let (path, msg) = match (who, other) {
        (Owner::Source(s), Owner::Source(o)) => {
            (s, format!("two sources for URL `{url}`: `{}` and `{}`", o.display(), s.display()))
        }
        (Owner::Source(s), other) => {
            (s, format!("URL `{url}` of `{}` is already the {}", s.display(), other.describe(url)))
        }
        (who, Owner::Source(o)) => {
            (o, format!("URL `{url}` of `{}` is also needed for the {}", o.display(), who.describe(url)))
        }
        _ => return None,
    };
    Some(Diagnostic::error(path, msg).hint("give one of them a different `slug:` in its front matter"))
}

/// Point each diagnostic about a briefing's URL at the line the URL comes from.
pub(super) fn at_url_lines(briefings: &[Briefing], mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diags.is_empty() {
        return diags;
    }
    // By path, the first briefing of each (a clash of every briefing has as many errors).
    let mut by_source: FxHashMap<&Path, &Briefing> = FxHashMap::default();
    for b in briefings {
        by_source.entry(b.source.as_path()).or_insert(b);
    }
    for d in &mut diags {
        if let Some(b) = d.path().and_then(|p| by_source.get(p)) {
            let pos = &b.url_pos;
            d.line = pos.line;
            d.col = pos.col;
            d.source_line = Some(pos.text.clone());
        }
    }
    diags
}

/// The old URLs of every briefing, each leading to its current URL: the URLs `lock`
/// remembers for its id other than the current one, and its `aliases:`. Sorted by old
/// URL; one URL claimed twice stays twice, for [`check_urls`] to report.
pub fn redirects(briefings: &[Briefing], permalinks: &[String], lock: &Lock) -> Vec<Redirect> {
    let mut out = Vec::new();
    for (i, b) in briefings.iter().enumerate() {
        push_redirects(&mut out, i, b, &permalinks[i], lock);
    }
    out.sort_by(|a, b| (&a.from, a.to).cmp(&(&b.from, b.to)));
    out
}

/// The old URLs of briefing `b` (at position `i`, now at `permalink`) put at the end of
/// `out`, as [`redirects`] finds them.
pub fn push_redirects(out: &mut Vec<Redirect>, i: usize, b: &Briefing, permalink: &str, lock: &Lock) {
    let first = out.len();
    for url in lock.urls_of(&b.id).filter(|u| *u != permalink) {
        out.push(Redirect { from: url.to_string(), to: i, by_hand: false });
    }
    for a in b.aliases.iter().filter(|a| **a != permalink) {
        if !out[first..].iter().any(|r: &Redirect| r.from == *a) {
            out.push(Redirect { from: a.clone(), to: i, by_hand: true });
        }
    }
}

/// The errors of redirects that would shadow a page or lead to two places.
pub(super) fn redirect_clash(r: &Redirect, briefings: &[Briefing], owner: Owner<'_>) -> Diagnostic {
    let src = &briefings[r.to].source;
    let what = if r.by_hand { "alias" } else { "old URL" };
    let other = match owner {
        Owner::Source(o) => format!("the page of `{}`", o.display()),
        Owner::Redirect(o) => format!("also an old URL of `{}`", o.display()),
        o => format!("the {}", o.describe(&r.from)),
    };
    let id = &briefings[r.to].id;
    // A briefing of this edition (of one language) that publishes another's old URL: the
    // error is at the line its URL comes from (a renamed translation is in another edition).
    if let Owner::Source(o) = owner
        && !r.by_hand
        && let Some(b) = briefings.iter().find(|b| b.source == o)
    {
        let d = Diagnostic::error(o, format!("{what} `{}` of `{}` is {other}", r.from, src.display())).hint(format!(
            "an old URL keeps leading to its briefing (id `{id}`): give `{}` another slug, or delete the line `{} {id}` from urls.lock to give the URL away",
            o.display(),
            r.from
        ));
        return at_url_lines(std::slice::from_ref(b), vec![d]).remove(0);
    }
    let hint = match owner {
        _ if r.by_hand => "remove the alias, or give the other page another URL".to_string(),
        // A briefing's file renamed or moved has a new id: its translations keep the old one.
        Owner::Source(o) => format!(
            "an old URL keeps leading to its briefing (id `{id}`): if `{}` is that briefing (its file renamed or moved, or given an `id:`), give it the id its translations have (`id: {id}`), or the same `id:` to every version; else give it another slug, or delete the line `{} {id}` from urls.lock to give the URL away",
            o.display(),
            r.from
        ),
        _ => "an old URL keeps redirecting to its briefing: give the other page another slug, or delete the URL's line from urls.lock to give it away".to_string(),
    };
    let d = Diagnostic::error(src, format!("{what} `{}` of `{}` is {other}", r.from, src.display())).hint(hint);
    at_alias(d, r, &briefings[r.to])
}

/// `d` pointed at where the alias `r` of `b` is written (an old URL from urls.lock is
/// written nowhere in the file).
pub(super) fn at_alias(mut d: Diagnostic, r: &Redirect, b: &Briefing) -> Diagnostic {
    if let Some(p) = b.aliases.iter().position(|a| *a == r.from).and_then(|k| b.alias_pos.get(k)).filter(|_| r.by_hand)
    {
        (d.line, d.col, d.source_line) = (p.line, p.col, Some(p.text.clone()));
    }
    d
}

/// Check that every URL has one source: generated pages claim theirs (and their
/// pagination's `page/` folder) first, then briefings and pages in path order, then
/// the redirects of old URLs.
pub fn check_urls<'a>(briefings: &'a [Briefing], pages: &'a [Page], idx: &'a Index) -> Result<(), Vec<Diagnostic>> {
    let mut owners: FxHashMap<String, Owner<'a>> = Default::default();
    owners.reserve(briefings.len() * 3);
    let mut diags = Vec::new();
    let mut claim = |url: String, who: Owner<'a>| match owners.get(&url) {
        Some(&other) => diags.extend(clash(&url, who, other)),
        None => {
            owners.insert(url, who);
        }
    };
    // Every generated path is under the edition's root (`/ko/archive/`).
    let r = |p: &str| idx.rooted(p);
    for root in [ARCHIVE, SEARCH, CORRECTIONS, "/page/"] {
        claim(r(root), Owner::BuiltIn(root));
    }
    for t in &idx.taxonomies {
        claim(r(&taxonomy_path(&t.name)), Owner::TaxonomyIndex(&t.name));
        for term in &t.terms {
            let base = r(&term_path(&t.name, &term.slug));
            claim(base.clone(), Owner::Term { taxonomy: &t.name, name: &term.name, pager: false });
            claim(format!("{base}{PAGER_SEGMENT}/"), Owner::Term { taxonomy: &t.name, name: &term.name, pager: true });
        }
    }
    for y in &idx.years {
        let yp = r(&date_path(y.year, None, None));
        claim(yp.clone(), Owner::Date { kind: "year", pager: false });
        claim(format!("{yp}{PAGER_SEGMENT}/"), Owner::Date { kind: "year", pager: true });
        for m in &y.months {
            let mp = r(&date_path(y.year, Some(m.month), None));
            claim(mp.clone(), Owner::Date { kind: "month", pager: false });
            claim(format!("{mp}{PAGER_SEGMENT}/"), Owner::Date { kind: "month", pager: true });
            for d in &m.days {
                let dp = r(&date_path(y.year, Some(m.month), Some(d.day)));
                claim(format!("{dp}{PAGER_SEGMENT}/"), Owner::Date { kind: "day", pager: true });
                claim(dp, Owner::Date { kind: "day", pager: false });
            }
        }
    }
    let mut sources: Vec<(&'a String, &'a Path)> = briefings
        .iter()
        .zip(&idx.permalinks)
        .map(|(b, p)| (p, b.source.as_path()))
        .chain(pages.iter().zip(&idx.page_paths).map(|(p, u)| (u, p.source.as_path())))
        .collect();
    sources.sort_by(|a, b| a.1.cmp(b.1));
    for (url, src) in sources {
        claim(url.clone(), Owner::Source(src));
    }
    let mut diags = at_url_lines(briefings, diags);
    for r in &idx.redirects {
        match owners.get(&r.from) {
            Some(&Owner::Redirect(o)) if o == briefings[r.to].source.as_path() => {}
            Some(&owner) => diags.push(redirect_clash(r, briefings, owner)),
            None => {
                owners.insert(r.from.clone(), Owner::Redirect(&briefings[r.to].source));
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// A file copied as it is: a theme or site static file, or a content asset placed
/// beside its briefing.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    /// Output path, relative to the output folder.
    pub rel: String,
    /// Where its bytes come from.
    pub content: Content,
    /// The source as shown in messages.
    pub shown: PathBuf,
}

/// Every output file of every edition: the edition and the route that makes it. An old
/// URL whose file another route makes (a feed, `robots.txt`, another edition's page or
/// old URL: the URL checks of one edition see none of these) is an error, as the file
/// would hold whichever was written last.
pub fn generated_files(editions: &[Edition]) -> Result<FxHashMap<String, (usize, Route)>, Diagnostic> {
    let mut files: FxHashMap<String, (usize, Route)> = FxHashMap::default();
    let mut sitemap_urls = 0;
    let put = |files: &mut FxHashMap<String, (usize, Route)>, file: String, made: (usize, Route)| match files
        .insert(file, made)
    {
        Some(first) if first != made => Err(file_clash(editions, first, made)),
        _ => Ok(()),
    };
    for (e, ed) in editions.iter().enumerate() {
        let routes = Routes::new(&ed.cfg, &ed.index);
        let all = routes.all();
        sitemap_urls += all.iter().filter(|r| r.in_sitemap()).count();
        files.reserve(all.len() + 2);
        for r in all {
            if r != Route::Sitemap {
                put(&mut files, routes.file(r), (e, r))?;
            }
        }
    }
    if let Some(main) = editions.first()
        && Routes::new(&main.cfg, &main.index).has_sitemap()
    {
        for f in Routes::sitemap_files(sitemap_urls, SITEMAP_MAX) {
            put(&mut files, f, (0, Route::Sitemap))?;
        }
    }
    super::folders::check(editions, &files)?;
    Ok(files)
}

/// The error for two routes making one file: one of them is an old URL (the URL checks
/// keep every other route to a file of its own).
fn file_clash(editions: &[Edition], a: (usize, Route), b: (usize, Route)) -> Diagnostic {
    let ((e, r), other) = if matches!(b.1, Route::Redirect(_)) { (b, a) } else { (a, b) };
    let other = describe_route(&editions[other.0], other.1);
    let ed = &editions[e];
    let Route::Redirect(k) = r else {
        let what = describe_route(ed, r);
        return Diagnostic::stage("build", format!("two files at one path: the {what} and the {other}"));
    };
    let redirect = &ed.index.redirects[k];
    redirect_clash(redirect, &ed.briefings, Owner::Route(&other))
}

/// Words for the generated page a copied file would overwrite.
pub(super) fn describe_route(ed: &Edition, r: Route) -> String {
    let (idx, briefings, pages) = (&ed.index, &ed.briefings, &ed.pages);
    let routes = Routes::new(&ed.cfg, idx);
    match r {
        Route::Briefing(i) => format!("page of `{}`", briefings[i].source.display()),
        Route::Page(i) => format!("page of `{}`", pages[i].source.display()),
        Route::TermList(t) => format!("{} index", idx.taxonomies[t].name),
        Route::Term { term, .. } => format!("page of {} `{}`", idx.taxonomies[term.taxonomy].name, idx.term(term).name),
        Route::TermFeed(term) => format!("feed of {} `{}`", idx.taxonomies[term.taxonomy].name, idx.term(term).name),
        Route::Day { .. } => format!("day page {}", routes.path(r)),
        Route::Month { .. } => format!("month page {}", routes.path(r)),
        Route::Year { .. } => format!("year page {}", routes.path(r)),
        Route::Redirect(k) => format!("redirect to `{}`", briefings[idx.redirects[k].to].source.display()),
        r => format!("built-in page {}", routes.path(r)),
    }
}

/// Check the files copied as they are against every generated file and each other:
/// a copied file may not take a generated page's path, and two may not take one path.
/// Returns them as output files.
pub fn check_copied(editions: &[Edition], copied: Vec<CopiedFile>) -> Result<Vec<(String, Content)>, Diagnostic> {
    let generated = generated_files(editions)?;
    // Every file in an edition's search index folder is the index's, however many it has.
    let search_dirs: Vec<String> = editions
        .iter()
        .map(|ed| Routes::new(&ed.cfg, &ed.index).search_dir().trim_start_matches('/').to_string())
        .collect();
    let mut out = Vec::with_capacity(copied.len());
    let mut seen: FxHashMap<String, PathBuf> = FxHashMap::default();
    for CopiedFile { rel, content, shown } in copied {
        if !rel.split('/').all(crate::parse::slug::is_safe_segment) {
            return Err(Diagnostic::error(shown, format!("the file name `{rel}` cannot be published as a URL path"))
                .hint("rename the file: no `\\`, control characters, or `.`/`..` segments"));
        }
        if let Some(&(e, r)) = generated.get(&rel) {
            let what = describe_route(&editions[e], r);
            return Err(Diagnostic::error(
                &shown,
                format!("`{}` would overwrite `/{rel}`, the {what}", shown.display()),
            )
            .hint("rename or remove this file"));
        }
        // A file where brief makes a folder, or under one of its files: the one could not
        // be written beside the other.
        let folder = format!("{rel}/index.html");
        let parents = rel.match_indices('/').map(|(k, _)| &rel[..k]);
        if let Some((path, &(e, r))) =
            std::iter::once(folder.as_str()).chain(parents).find_map(|p| generated.get_key_value(p))
        {
            let what = describe_route(&editions[e], r);
            let message = if path.len() > rel.len() {
                format!(
                    "`{}` would be the file `/{rel}`, where brief makes a folder (`/{path}`, the {what})",
                    shown.display()
                )
            } else {
                format!("`{}` would be in a folder `/{path}`, where brief makes a file (the {what})", shown.display())
            };
            return Err(Diagnostic::error(&shown, message).hint("rename or remove this file"));
        }
        if let Some(search_dir) = search_dirs.iter().find(|d| rel.starts_with(d.as_str())) {
            return Err(Diagnostic::error(
                &shown,
                format!("`{}` would overwrite `/{rel}`, in the search index's folder `/{search_dir}`", shown.display()),
            )
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

/// Where each content asset goes: beside every briefing of its folder (or under its
/// bundle's page, a briefing's or a standalone page's: each translation's, when
/// translations share the folder), in every edition; nowhere when the briefings or
/// bundle it belongs to are all `withheld` (not published in this build: a draft's
/// chart is no more public than the draft); else at its own path under the output.
pub fn place_assets(editions: &[Edition], withheld: &[Withheld], assets: &[Asset], root: &Path) -> Vec<CopiedFile> {
    let mut by_dir: FxHashMap<&Path, Vec<&str>> = FxHashMap::default();
    let mut bundles: Vec<(&str, &Path)> = Vec::new();
    for ed in editions {
        for (b, url) in ed.briefings.iter().zip(&ed.index.permalinks) {
            if b.bundle {
                bundles.push((url, b.dir.as_path()));
            } else {
                by_dir.entry(b.dir.as_path()).or_default().push(url);
            }
        }
        let page_bundles = ed.pages.iter().zip(&ed.index.page_paths).filter(|(p, _)| p.bundle);
        bundles.extend(page_bundles.map(|(p, url)| (url.as_str(), p.dir.as_path())));
    }
    let mut out = Vec::new();
    let mut push = |rel: String, a: &Asset| {
        let shown = crate::diag::display_path(root, &a.path);
        out.push(CopiedFile { rel, content: Content::Copy(a.path.clone()), shown });
    };
    let held_bundles: Vec<&Path> = withheld.iter().filter(|w| w.bundle).map(|w| w.dir.as_path()).collect();
    let held_dirs: FxHashSet<&Path> = withheld.iter().filter(|w| !w.bundle).map(|w| w.dir.as_path()).collect();
    for a in assets {
        // The deepest bundle holding the file owns it: its published versions get it,
        // and none when it has none.
        let deepest = (bundles.iter().map(|(_, d)| *d).chain(held_bundles.iter().copied()))
            .filter(|d| a.rel.starts_with(d) && !d.as_os_str().is_empty())
            .map(|d| d.components().count())
            .max();
        if let Some(depth) = deepest {
            for (url, dir) in bundles.iter().filter(|(_, d)| a.rel.starts_with(d) && d.components().count() == depth) {
                let inner = a.rel.strip_prefix(dir).unwrap_or(&a.rel).to_string_lossy().replace('\\', "/");
                push(format!("{}{inner}", output_dir(url)), a);
            }
            continue;
        }
        let parent = a.rel.parent().unwrap_or(Path::new(""));
        match by_dir.get(parent) {
            Some(owners) => {
                let name = a.rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                for url in owners {
                    push(format!("{}{name}", output_dir(url)), a);
                }
            }
            // Beside unpublished briefings only: not published either.
            None if held_dirs.contains(parent) => {}
            None => push(a.rel.to_string_lossy().replace('\\', "/"), a),
        }
    }
    out
}

/// The output folder of a page's site path (`/2024/07/12/x/` → `2024/07/12/x/`).
fn output_dir(path: &str) -> &str {
    path.trim_start_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::parse::{Place, parse_briefing};
    use crate::site::index_site;

    fn b(name: &str, date: &str, tags: &str, slug: Option<&str>) -> Briefing {
        let slug = slug.map(|s| format!("slug: {s}\n")).unwrap_or_default();
        let text = format!("---\ntitle: {name}\ndate: {date}\ntags: [{tags}]\n{slug}---\nbody\n");
        parse_briefing(Path::new(&format!("content/{name}.md")), &Default::default(), &text, &Config::default())
            .item
            .expect("valid")
    }

    #[test]
    fn duplicate_permalinks_name_both_files() {
        let bs = vec![b("a", "2024-07-10", "x", Some("same")), b("b", "2024-07-10", "x", Some("same"))];
        let errs = index_site(&Config::default(), "/", &bs, &[], &Lock::default(), &Default::default()).unwrap_err();
        assert_eq!(errs[0].message, "two sources for URL `/2024/07/10/same/`: `content/a.md` and `content/b.md`");
        assert_eq!(errs[0].line, 5, "points at the slug line");
    }

    #[test]
    fn slug_page_collides_with_day_pagination() {
        let bs = vec![b("a", "2024-07-10", "x", Some("page"))];
        let errs = index_site(&Config::default(), "/", &bs, &[], &Lock::default(), &Default::default()).unwrap_err();
        assert_eq!(
            errs[0].message,
            "URL `/2024/07/10/page/` of `content/a.md` is already the pagination of day page /2024/07/10/"
        );
    }

    /// A draft bundle inside a published one: its files are the draft's, not the outer
    /// bundle's, and are copied nowhere; the outer bundle's own files stay beside it.
    #[test]
    fn a_withheld_bundle_inside_a_published_one_keeps_its_files() {
        let cfg = Config::default();
        let rel = Path::new("o/index.md");
        let text = "---\ntitle: Outer\ndate: 2024-07-10\n---\nbody\n";
        let outer = parse_briefing(Path::new("content/o/index.md"), &Place::of(rel, &cfg), text, &cfg).item.unwrap();
        let index = index_site(&cfg, "/", std::slice::from_ref(&outer), &[], &Lock::default(), &Default::default());
        let ed = Edition { cfg: cfg.clone(), briefings: vec![outer], pages: Vec::new(), index: index.unwrap() };
        let held = Withheld {
            source: "content/o/in/index.md".into(),
            dir: "o/in".into(),
            bundle: true,
            id: String::new(),
            lang: 0,
        };
        let asset = |rel: &str| Asset { path: Path::new("/site/content").join(rel), rel: rel.into() };
        let placed = place_assets(&[ed], &[held], &[asset("o/a.png"), asset("o/in/b.png")], Path::new("/site"));
        assert_eq!(placed.iter().map(|c| c.rel.as_str()).collect::<Vec<_>>(), ["2024/07/10/outer/a.png"]);
    }

    /// What `serve` does for a briefing that got a new slug: patch, then check the
    /// changed URLs only. It must agree with a full rebuild, errors included.
    fn patch(cfg: &Config, old: &Index, bs: &[Briefing], changed: &[usize]) -> Option<Result<Index, Vec<Diagnostic>>> {
        patch_locked(cfg, old, bs, changed, &Lock::default())
    }

    /// As `serve` does it, with old URLs from `lock`.
    fn patch_locked(
        cfg: &Config,
        old: &Index,
        bs: &[Briefing],
        changed: &[usize],
        lock: &Lock,
    ) -> Option<Result<Index, Vec<Diagnostic>>> {
        let permalinks = changed.iter().map(|&i| crate::routes::permalink(&cfg.permalink, &bs[i])).collect();
        crate::index::with_new_permalinks(old, bs, changed, permalinks).map(|mut idx| {
            check_changed_urls(bs, &[], &idx, changed)?;
            idx.redirects = redirects(bs, &idx.permalinks, lock);
            check_changed_redirects(bs, &idx, changed)?;
            Ok(idx)
        })
    }

    /// A retitle onto another briefing's old URL: the patched check finds what a full
    /// one does, and a retitle elsewhere patches to the index a full load makes.
    #[test]
    fn patched_redirect_checks_match_a_rebuilt_index() {
        let cfg = Config::default();
        let mut bs = vec![b("a", "2024-07-10", "x", Some("first")), b("c", "2024-07-10", "x", Some("zz"))];
        // `a` was at /2024/07/10/old/ before: the lock remembers it.
        let lock = Lock::parse("/2024/07/10/old/ a\n/2024/07/10/first/ a\n/2024/07/10/zz/ c\n", Path::new("urls.lock"))
            .unwrap();
        let old = index_site(&cfg, "/", &bs, &[], &lock, &Default::default()).unwrap();
        assert_eq!(old.redirects.len(), 1);
        // `c` moves onto `a`'s old URL: an error, the same as a full load's.
        bs[1] = b("c", "2024-07-10", "x", Some("old"));
        let patched = patch_locked(&cfg, &old, &bs, &[1], &lock).expect("order kept").unwrap_err();
        let full = index_site(&cfg, "/", &bs, &[], &lock, &Default::default()).unwrap_err();
        assert_eq!(patched, full);
        assert!(
            patched[0]
                .message
                .starts_with("old URL `/2024/07/10/old/` of `content/a.md` is the page of `content/c.md`")
        );
        // `c` moves elsewhere: its old URL now redirects, as in a full load.
        bs[1] = b("c", "2024-07-10", "x", Some("zzz"));
        let patched = patch_locked(&cfg, &old, &bs, &[1], &lock).expect("order kept").unwrap();
        let full = index_site(&cfg, "/", &bs, &[], &lock, &Default::default()).unwrap();
        assert_eq!((&patched.permalinks, &patched.redirects), (&full.permalinks, &full.redirects));
    }

    #[test]
    fn patched_urls_match_a_rebuilt_index() {
        let cfg = Config::default();
        let mut bs = vec![
            b("a", "2024-07-10", "x", None),
            b("b", "2024-07-10", "x, y", None),
            b("c", "2024-07-11", "y", None),
            b("d", "2024-07-12", "x", None),
        ];
        let old = index_site(&cfg, "/", &bs, &[], &Lock::default(), &Default::default()).unwrap();
        // Same day as `a`, still after it by URL: patched.
        bs[1] = b("b", "2024-07-10", "x, y", Some("bz"));
        let patched = patch(&cfg, &old, &bs, &[1]).expect("order kept").unwrap();
        let rebuilt = index_site(&cfg, "/", &bs, &[], &Lock::default(), &Default::default()).unwrap();
        assert_eq!(
            (&patched.permalinks, &patched.order, &patched.related, &patched.taxonomies, &patched.years),
            (&rebuilt.permalinks, &rebuilt.order, &rebuilt.related, &rebuilt.taxonomies, &rebuilt.years)
        );
        // Now before `a` by URL: the order changes, so no patch.
        bs[1] = b("b", "2024-07-10", "x, y", Some("0"));
        assert!(patch(&cfg, &old, &bs, &[1]).is_none());
        // Colliding with another briefing, or with a generated page: the errors of a rebuild.
        for (slug, d_date) in [("d", "2024-07-10"), ("page", "2024-07-12")] {
            bs[3] = b("d", d_date, "x", None);
            bs[1] = b("b", "2024-07-10", "x, y", None);
            let old = index_site(&cfg, "/", &bs, &[], &Lock::default(), &Default::default()).unwrap();
            bs[1] = b("b", "2024-07-10", "x, y", Some(slug));
            let patched = patch(&cfg, &old, &bs, &[1]).expect("order kept").unwrap_err();
            assert_eq!(
                patched,
                index_site(&cfg, "/", &bs, &[], &Lock::default(), &Default::default()).unwrap_err(),
                "slug {slug}"
            );
        }
    }
}
