//! The pass every import ends with: give each entry its brief URL (brief's own slug
//! rules and permalink), keep paths and URLs unique, resolve internal links, convert
//! template code, turn old URLs into `aliases:` (or redirect files for pages), and
//! lay out every file of the new site with its report. Pure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use super::places::{out_of_pages, portable_path};
use super::report::{Counts, FileReport, Report};
use super::reserved::made_by_brief;
use super::site_urls::{normalize_old, redirect_html};
use super::{BRIEF_ROOTS, Found, Generator, Kind, Map, Note, NoteKind, Out, Plan, Skip};
use crate::parse::slug::slugify;
use crate::routes::PAGER_SEGMENT;

/// What a body converter sees: where other files now live, and the old site's values.
pub(crate) struct Ctx<'a> {
    /// Link key → site path (qualified keys are `lang\0key`).
    links: &'a HashMap<String, String>,
    /// The new site's base path (`/` or `/blog/`).
    pub base_path: &'a str,
    /// The file's language.
    lang: &'a str,
    /// The file's folder, for relative links ([`super::Entry::dir`]).
    pub dir: &'a str,
    /// The old config.
    pub site: &'a Map,
    /// The file's own front matter as written.
    pub page: &'a Map,
    /// What the old generator filled in where the front matter has nothing
    /// ([`super::Entry::derived`]).
    pub derived: &'a Map,
    /// Zola: the site's shortcodes.
    pub shortcodes: &'a BTreeMap<String, String>,
    /// Jekyll: the file is HTML (Liquid runs on it, no Markdown), so what the
    /// conversion writes must be HTML too.
    pub html: bool,
}

impl Ctx<'_> {
    /// The link (base path included) of the file other content calls `key`.
    pub fn link(&self, key: &str) -> Option<String> {
        let key = key.trim();
        let path = self.links.get(&format!("{}\0{key}", self.lang)).or_else(|| self.links.get(key))?;
        Some(format!("{}{}", self.base_path, path.trim_start_matches('/')))
    }
}

/// A converted body and the notes about it, at byte offsets of the original.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    /// The new text.
    pub text: String,
    /// (offset in the original body, kind, what).
    pub notes: Vec<(usize, NoteKind, String)>,
}

/// A converter for tests: no links, no config.
#[cfg(test)]
pub(crate) fn with_test_ctx<T>(
    links: &[(&str, &str)],
    site: &Map,
    shortcodes: &[(&str, &str)],
    f: impl FnOnce(&Ctx) -> T,
) -> T {
    let links: HashMap<String, String> = links.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let sc: BTreeMap<String, String> = shortcodes.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let page = Map::new();
    f(&Ctx {
        links: &links,
        base_path: "/",
        lang: "",
        dir: "",
        site,
        page: &page,
        derived: &page,
        shortcodes: &sc,
        html: false,
    })
}

/// Lay out the new site for what the reader `found`.
pub(crate) fn finish(generator: Generator, source: &Path, found: Found) -> Plan {
    let Found {
        mut settings,
        config,
        mut entries,
        copies,
        documents,
        mut skipped,
        mut site_notes,
        posts_in,
        shortcodes,
        plugins,
        authors_yaml,
        lost: read_lost,
    } = found;
    let authors_yaml = super::author_links::name_by_text(&mut entries, authors_yaml);
    let mut cfg = crate::config::Config::default();
    if cfg.set_base_url(&settings.base_url).is_err() {
        site_notes.push((
            PathBuf::new(),
            Note::new(
                0,
                NoteKind::NotConverted,
                format!("base URL `{}` is not a URL brief reads; site.yaml says `/`", settings.base_url),
            ),
        ));
        settings.base_url = "/".into();
    }
    let base_path = cfg.base_path.clone();
    let tz = TimeZone::get(&settings.timezone).unwrap_or(TimeZone::UTC);
    let multilingual = !settings.languages.is_empty();
    let default_lang = settings.language.clone();
    // brief lists authors at `/authors/` once a briefing names one.
    let authors = entries.iter().any(|e| e.kind == Kind::Briefing && !e.fm.authors.is_empty());
    let reserved: Vec<String> = BRIEF_ROOTS
        .iter()
        .chain(authors.then_some(&crate::index::AUTHORS))
        .map(|s| s.to_string())
        .chain(settings.taxonomies.iter().cloned())
        .collect();
    let editions: Vec<String> = settings.languages.0.iter().map(|(code, _)| crate::config::code_key(code)).collect();
    entries.sort_by(|a, b| a.source.cmp(&b.source));

    // URLs and paths, unique.
    let mut url_owner: HashMap<String, PathBuf> = HashMap::new();
    let mut dests: HashSet<PathBuf> = HashSet::new();
    let mut urls: Vec<Option<String>> = Vec::with_capacity(entries.len());
    for e in &mut entries {
        let lang = e.lang.clone().unwrap_or_else(|| default_lang.clone());
        let prefix = if multilingual && !lang.eq_ignore_ascii_case(&default_lang) {
            format!("/{}", lang.to_lowercase())
        } else {
            String::new()
        };
        let stem = e.dest.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let url = match e.kind {
            Kind::Briefing => {
                let Some(date) = e.fm.date.as_deref().and_then(|d| crate::parse::parse_date(d, &tz).ok()) else {
                    skipped.push(Skip {
                        source: e.source.clone(),
                        reason: "no date brief can read".into(),
                        post: true,
                    });
                    urls.push(None);
                    continue;
                };
                let from_title = slugify(&e.fm.title);
                let wanted = e.fm.slug.as_deref().map(slugify).filter(|s| !s.is_empty());
                let base = wanted.clone().or(Some(from_title.clone())).filter(|s| !s.is_empty()).unwrap_or_else(|| {
                    let s = slugify(&stem);
                    if s.is_empty() { "post".into() } else { s }
                });
                let d = date.date();
                let at = |slug: &str| format!("{prefix}/{:04}/{:02}/{:02}/{slug}/", d.year(), d.month(), d.day());
                let mut slug = base.clone();
                let mut n = 2;
                // `/2024/01/02/page/` is the day page's pagination: taken as if by a post.
                while slug == PAGER_SEGMENT || url_owner.contains_key(&at(&slug)) {
                    if n == 2 {
                        let why = match url_owner.get(&at(&slug)) {
                            Some(other) => format!("`{}` has the URL `{}` too", other.display(), at(&base)),
                            None => format!("`{}` is where brief pages the day's list", at(&base)),
                        };
                        e.notes.push(Note::new(0, NoteKind::Info, format!("{why}; this one gets `{base}-N`")));
                    }
                    slug = format!("{base}-{n}");
                    n += 1;
                }
                e.fm.slug = (slug != from_title).then(|| slug.clone());
                at(&slug)
            }
            Kind::Page => {
                // A page bundle (`pages/<name>/index.md`) is named by its folder.
                let bundle = e.dest.file_name().is_some_and(|f| f == "index.md") && e.dest.components().count() > 2;
                let folder = e.dest.parent().and_then(Path::file_name).map(|f| f.to_string_lossy().into_owned());
                let stem = if bundle { folder.unwrap_or(stem) } else { stem };
                let name = e.fm.slug.take().unwrap_or(stem);
                let mut base = slugify(&name);
                if base.is_empty() {
                    base = "page".into();
                }
                if reserved.contains(&base) {
                    skipped.push(Skip {
                        source: e.source.clone(),
                        reason: format!("a page at /{base}/: brief makes its own"),
                        post: false,
                    });
                    urls.push(None);
                    continue;
                }
                if base.chars().all(|c| c.is_ascii_digit()) {
                    base.push_str("-page"); // `/2024/` is a year page
                }
                let mut slug = base.clone();
                let mut n = 2;
                while url_owner.contains_key(&format!("{prefix}/{slug}/")) {
                    slug = format!("{base}-{n}");
                    n += 1;
                }
                e.dest = if bundle {
                    let pages = e.dest.parent().and_then(Path::parent).unwrap_or(Path::new(""));
                    pages.join(&slug).join("index.md")
                } else {
                    e.dest.parent().unwrap_or(Path::new("")).join(format!("{slug}.md"))
                };
                format!("{prefix}/{slug}/")
            }
        };
        url_owner.insert(url.clone(), e.source.clone());
        if e.kind == Kind::Briefing
            && let Some(moved) = out_of_pages(&e.dest)
        {
            let text = format!(
                "`{}` is a dated post, but brief reads `content/pages/` as standalone pages (no dated URL, no terms): written as `{}`",
                e.dest.display(),
                moved.display()
            );
            e.notes.push(Note::new(0, NoteKind::Info, text));
            e.dest = moved;
        }
        let portable = portable_path(&e.dest);
        if portable != e.dest {
            let text = format!(
                "`{}` has characters Windows does not allow in a file name: written as `{}`",
                e.dest.display(),
                portable.display()
            );
            e.notes.push(Note::new(0, NoteKind::Info, text));
            e.dest = portable;
        }
        // The file's place, unique too.
        let lang_dir = if multilingual { PathBuf::from(lang.to_lowercase()) } else { PathBuf::new() };
        let mut dest = Path::new("content").join(&lang_dir).join(&e.dest);
        let mut n = 2;
        while dests.contains(&dest) {
            let bundle = e.dest.file_name().is_some_and(|f| f == "index.md") && e.dest.parent().is_some();
            let wanted = if bundle {
                let dir = e.dest.parent().unwrap();
                let name = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                dir.with_file_name(format!("{name}-{n}")).join("index.md")
            } else {
                e.dest.with_file_name(format!("{}-{n}.md", e.dest.file_stem().unwrap_or_default().to_string_lossy()))
            };
            dest = Path::new("content").join(&lang_dir).join(wanted);
            n += 1;
        }
        dests.insert(dest.clone());
        e.dest = dest;
        urls.push(Some(url));
    }

    if multilingual {
        super::translations::keep_linked(&mut entries, &urls);
    }

    // Internal links: every key of every entry, the default language's first.
    let mut links: HashMap<String, String> = HashMap::new();
    let mut order: Vec<usize> = (0..entries.len()).filter(|&i| urls[i].is_some()).collect();
    order.sort_by_key(|&i| entries[i].lang.as_ref().is_some_and(|l| !l.eq_ignore_ascii_case(&default_lang)));
    for &i in &order {
        let lang = entries[i].lang.clone().unwrap_or_else(|| default_lang.clone());
        for k in &entries[i].keys {
            let url = urls[i].clone().unwrap_or_default();
            links.entry(format!("{lang}\0{k}")).or_insert_with(|| url.clone());
            links.entry(k.clone()).or_insert(url);
        }
    }

    let mut files: Vec<(PathBuf, Out)> = Vec::new();
    let mut counts = Counts { posts_in, ..Counts::default() };
    let mut reports = Vec::new();
    let mut alias_owner: HashMap<String, PathBuf> = HashMap::new();
    // istio/istio.io: `canonifyURLs = true` under `https://istio.io/latest`.
    let root_is_base = generator == Generator::Hugo
        && base_path != "/"
        && ["canonifyURLs", "relativeURLs"]
            .iter()
            .any(|k| super::hugo::get(&config, k).and_then(|v| v.as_bool()) == Some(true));
    // canxin121/duckquill-blog: `[markdown] definition_list = true` (off by default).
    let zola_definition_lists =
        config.get("markdown").and_then(|m| m.get("definition_list")).is_some_and(|v| v.as_bool() == Some(true));
    for (e, url) in entries.iter_mut().zip(&urls) {
        let Some(url) = url else { continue };
        let lang = e.lang.clone().unwrap_or_else(|| default_lang.clone());
        // Zola writes links as the browser resolves them from the page's old URL, and so
        // does Hugo in a bundle (its other pages' links are resolved already):
        // ansel-website's `[_Drawing_](../../doc/views/darkroom/modules/drawing/)`.
        if let (Generator::Zola | Generator::Hugo, Some((old, _))) = (generator, e.old_urls.first()) {
            let old = if generator == Generator::Hugo { super::relinks::base_of(old) } else { old.clone() };
            let rebased = super::relative::rebase(&e.body, &old, &base_path);
            e.body = rebased.text;
            for (off, kind, text) in rebased.notes {
                e.notes.push(Note::new(e.body_line + super::matter::line_at(&e.body, off) - 1, kind, text));
            }
        }
        if root_is_base {
            let based = super::relative::under_base(&e.body, &base_path);
            e.body = based.text;
            for (off, kind, text) in based.notes {
                e.notes.push(Note::new(e.body_line + super::matter::line_at(&e.body, off) - 1, kind, text));
            }
        }
        let ctx = Ctx {
            links: &links,
            base_path: &base_path,
            lang: &lang,
            dir: &e.dir,
            site: &config,
            page: &e.raw,
            derived: &e.derived,
            shortcodes: &shortcodes,
            html: generator == Generator::Jekyll && e.html,
        };
        let mut conv = match generator {
            // Jekyll ran Liquid on an HTML file, and no kramdown.
            Generator::Jekyll if e.html => super::liquid::convert_keeping(&e.body, &ctx).0,
            Generator::Jekyll => super::kramdown::convert_jekyll(&e.body, &ctx),
            Generator::Hugo => super::shortcodes::hugo(&e.body, &ctx),
            Generator::Zola => super::shortcodes::zola(&e.body, &ctx),
        };
        if generator == Generator::Zola && zola_definition_lists {
            // Zola's pulldown-cmark reads the same lists when its config turns them on.
            conv.notes.extend(super::deflist::convert_as(&e.body, "Zola").notes);
            conv.text = super::deflist::convert_as(&conv.text, "Zola").text;
        }
        if generator == Generator::Hugo {
            // Goldmark's definition lists: the notes' places in the text as written, the
            // lists converted in the text the shortcodes left.
            conv.notes.extend(super::deflist::convert(&e.body).notes);
            conv.text = super::deflist::convert(&conv.text).text;
            conv.notes.extend(super::alerts::convert(&e.body).notes);
            conv.text = super::alerts::convert(&conv.text).text;
        }
        for (off, kind, text) in conv.notes {
            e.notes.push(Note::new(e.body_line + super::matter::line_at(&e.body, off) - 1, kind, text));
        }
        let ids = match generator {
            // Headings written in HTML keep the ids written.
            _ if e.html => None,
            Generator::Hugo => super::anchors::hugo_style(&config),
            Generator::Jekyll => super::anchors::jekyll_style(&config),
            Generator::Zola => Some(super::anchors::zola_style(&config)),
        };
        if let Some(style) = ids {
            super::anchors::keep_in(e, &mut conv.text, style, generator.name());
        }
        if e.html {
            super::jekyll_excerpt::html_excerpt(e, &conv.text);
            super::raw_html::keep_body(e, &mut conv.text);
        }
        // Terms brief can give no page (no letter, digit or emoji) are kept under extra.
        let mut dropped = Vec::new();
        for (name, terms) in std::iter::once(("tags".to_string(), &mut e.fm.tags))
            .chain(e.fm.taxonomies.iter_mut().map(|(k, v)| (k.clone(), v)))
        {
            terms.retain(|t| {
                let ok = !crate::parse::slug::slugify_term(t).is_empty();
                if !ok {
                    dropped.push((name.clone(), t.clone()));
                }
                ok
            });
        }
        e.fm.taxonomies.retain(|_, v| !v.is_empty());
        if !dropped.is_empty() {
            let shown: Vec<String> = dropped.iter().map(|(n, t)| format!("{n} `{t}`")).collect();
            e.notes.push(Note::new(
                0,
                NoteKind::NotConverted,
                format!(
                    "{} without a letter, digit or emoji: brief cannot give it a page; kept under extra.{}.dropped_terms",
                    shown.join(", "),
                    generator.name()
                ),
            ));
            let kept: Vec<serde_json::Value> =
                dropped.into_iter().map(|(n, t)| serde_json::json!({ "taxonomy": n, "term": t })).collect();
            e.fm.keep(generator, "dropped_terms", serde_json::Value::Array(kept));
        }
        // Old URLs.
        // A space as the URL has it: Jekyll serves `/post formats/x/` at `/post%20formats/x/`.
        let old: Vec<(String, &str)> =
            e.old_urls.iter().map(|(u, why)| (normalize_old(u, generator).replace(' ', "%20"), *why)).collect();
        let mut seen = HashSet::new();
        for (u, why) in old {
            if u == *url || !seen.insert(u.clone()) {
                continue;
            }
            let problem = if !crate::lock::is_site_path(&u) || u.contains(['?', '#']) {
                Some("is not a plain site path".to_string())
            } else if u.to_lowercase() == url.to_lowercase() {
                // A redirect file there would be the page's own file on a file system that
                // ignores case (macOS, Windows), and replace it.
                Some(format!("differs from the new URL `{url}` only in case: serve both from your host"))
            } else if let Some(other) = url_owner.get(&u) {
                Some(format!("is now the URL of `{}`", other.display()))
            } else if let Some(other) = alias_owner.get(&u) {
                Some(format!("is also an old URL of `{}`", other.display()))
            } else if made_by_brief(&crate::routes::output_file(&u), &settings.taxonomies, &editions).is_some() {
                Some("is a URL brief makes its own page at".to_string())
            } else {
                None
            };
            if let Some(p) = problem {
                e.notes.push(Note::new(
                    0,
                    NoteKind::NotConverted,
                    format!("old URL `{u}` ({why}) {p}: not redirected"),
                ));
                continue;
            }
            alias_owner.insert(u.clone(), e.source.clone());
            match e.kind {
                Kind::Briefing => {
                    e.notes.push(Note::new(0, NoteKind::Alias, format!("{u} ({why}) → alias of {url}")));
                    e.fm.aliases.push(u);
                    counts.aliases += 1;
                }
                Kind::Page => {
                    let file = Path::new("static").join(crate::routes::output_file(&u));
                    let to = format!("{}{base_path}{}", cfg.origin, url.trim_start_matches('/'));
                    e.notes.push(Note::new(
                        0,
                        NoteKind::Alias,
                        format!("{u} ({why}) → redirect file {}", file.display()),
                    ));
                    files.push((file, Out::Text(redirect_html(&to))));
                    counts.redirect_files += 1;
                }
            }
        }
        let fm_text = match e.kind {
            Kind::Briefing => crate::yaml::to_string(&e.fm),
            Kind::Page => {
                let mut p = e.fm.clone();
                let lost: Vec<&str> = [
                    (!p.tags.is_empty() || !p.taxonomies.is_empty(), "terms"),
                    (!p.authors.is_empty(), "authors"),
                    (p.expires.is_some(), "expires"),
                ]
                .iter()
                .filter(|(b, _)| *b)
                .map(|(_, n)| *n)
                .collect();
                if !lost.is_empty() {
                    let mut kept = Map::new();
                    if !p.tags.is_empty() {
                        kept.insert("tags".into(), serde_json::json!(p.tags));
                    }
                    for (k, v) in std::mem::take(&mut p.taxonomies) {
                        kept.insert(k, serde_json::json!(v));
                    }
                    if !p.authors.is_empty() {
                        kept.insert("authors".into(), serde_json::json!(p.authors));
                    }
                    if let Some(x) = p.expires.take() {
                        kept.insert("expires".into(), serde_json::json!(x));
                    }
                    p.keep(generator, "page", serde_json::Value::Object(kept));
                    e.notes.push(Note::new(
                        0,
                        NoteKind::Extra,
                        format!("{} of a page → extra.{}.page (pages have none)", lost.join(", "), generator.name()),
                    ));
                }
                p.tags.clear();
                p.authors.clear();
                crate::yaml::to_string(&p)
            }
        }
        .unwrap_or_default();
        let mut text = format!("---\n{fm_text}---\n{}", conv.text);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        files.push((e.dest.clone(), Out::Text(text)));
        match e.kind {
            Kind::Briefing => {
                counts.briefings += 1;
                counts.drafts += usize::from(e.fm.draft);
            }
            Kind::Page => counts.pages += 1,
        }
        let dir = e.dest.parent().map(Path::to_path_buf).unwrap_or_default();
        for (from, rel) in &e.bundle {
            files.push((dir.join(rel), Out::Copy(from.clone())));
            counts.assets += 1;
        }
        if !e.bundle.is_empty() {
            e.notes.push(Note::new(
                0,
                NoteKind::Converted,
                format!("{} bundle file(s) copied beside it", e.bundle.len()),
            ));
        }
        counts.extra_values += e.notes.iter().filter(|n| n.kind == NoteKind::Extra).count();
        let nc = e.notes.iter().filter(|n| n.kind == NoteKind::NotConverted).count();
        counts.not_converted += nc;
        counts.not_converted_files += usize::from(nc > 0);
        e.notes.sort_by_key(|n| (n.line, n.kind));
        reports.push(FileReport {
            source: e.source.clone(),
            dest: Some(e.dest.clone()),
            notes: std::mem::take(&mut e.notes),
        });
    }

    // Static files, unless brief makes that very file itself.
    for (c, text) in copies.into_iter().map(|c| (c, None)).chain(documents.into_iter().map(|(c, t)| (c, Some(t)))) {
        let in_static = c.to.strip_prefix("static").ok().map(|p| p.to_string_lossy().replace('\\', "/"));
        if let Some(reason) = in_static.and_then(|p| made_by_brief(&p, &settings.taxonomies, &editions)) {
            skipped.push(Skip { source: c.source, reason, post: false });
            continue;
        }
        files.push((c.to, text.map_or(Out::Copy(c.from), Out::Text)));
        counts.statics += 1;
    }
    // The old site's URLs no file had: a redirect file for each page, the feeds listed.
    let site = super::site_urls::find(generator, &config, &settings, &plugins, &entries, &urls);
    let planned: HashSet<PathBuf> = files.iter().map(|f| f.0.clone()).collect();
    // A feed the old site had as a file of its own is still served, copied to `static/`.
    let static_file = |old: &str| Path::new("static").join(crate::routes::output_file(old));
    let mut lost: Vec<_> =
        site.lost.into_iter().chain(read_lost).filter(|l| !planned.contains(&static_file(&l.old))).collect();
    for m in site.moved {
        let file = static_file(&m.old);
        let taken = url_owner.contains_key(&m.old)
            || alias_owner.contains_key(&m.old)
            || planned.contains(&file)
            || site.term_pages.contains(&m.old)
            || (!m.term
                && made_by_brief(&crate::routes::output_file(&m.old), &settings.taxonomies, &editions).is_some())
            || !crate::lock::is_site_path(&m.old);
        // `/tags/Rust/` and brief's `/tags/rust/` are one folder on a disk that ignores
        // case (macOS's, Windows'): a redirect file there would be the page.
        let cased = m.old.to_lowercase() == m.new.to_lowercase();
        if taken || cased {
            let instead = if cased && !taken {
                format!(
                    "{} (differs only in case: one folder where case is ignored, so no redirect file; a 301 on a host that tells them apart)",
                    m.new
                )
            } else {
                format!("{} (its path is brief's or another file's: no redirect file)", m.new)
            };
            lost.push(super::site_urls::Lost { old: m.old, what: m.what, instead });
            continue;
        }
        let to = format!("{}{base_path}{}", cfg.origin, m.new.trim_start_matches('/'));
        let text = format!("{} ({}) → redirect file {}", m.old, m.what, file.display());
        site_notes.push((PathBuf::new(), Note::new(0, NoteKind::Alias, text)));
        files.push((file, Out::Text(redirect_html(&to))));
        counts.redirect_files += 1;
    }
    site_notes.extend(site.merged.into_iter().map(|t| (PathBuf::new(), Note::new(0, NoteKind::Info, t))));
    let site_yaml = format!(
        "# Written by `brief import {}` from {}. Every key is described in brief's README.\n{}",
        generator.name(),
        source.display(),
        crate::yaml::to_string(&settings).unwrap_or_default()
    );
    files.push((PathBuf::from("site.yaml"), Out::Text(site_yaml)));
    files.extend(authors_yaml.map(|t| (PathBuf::from("authors.yaml"), Out::Text(t))));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    counts.skipped = skipped.len();
    counts.skipped_posts = skipped.iter().filter(|s| s.post).count();
    counts.not_converted += site_notes.iter().filter(|(_, n)| n.kind == NoteKind::NotConverted).count();
    skipped.sort_by(|a, b| a.source.cmp(&b.source));
    let report = Report { generator, files: reports, site: site_notes, skipped, lost, counts };
    Plan { files, report, multilingual }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_become_site_paths() {
        assert_eq!(normalize_old("https://h.example/a/b/", Generator::Hugo), "/a/b/");
        assert_eq!(normalize_old("a/b", Generator::Zola), "/a/b/");
        assert_eq!(normalize_old("/2013/05/06/x", Generator::Jekyll), "/2013/05/06/x.html");
        assert_eq!(normalize_old("/x.html", Generator::Jekyll), "/x.html");
        // Jekyll adds `.html` to any path not ending in it (elixir-lang.org's
        // `/blog/2020/10/27/elixir-at-change.org`): the redirect is the file it wrote.
        assert_eq!(normalize_old("/b/elixir-at-change.org", Generator::Jekyll), "/b/elixir-at-change.org.html");
        assert_eq!(normalize_old("/a/b.c", Generator::Hugo), "/a/b.c");
        assert_eq!(normalize_old("//news//x/", Generator::Jekyll), "/news/x/");
    }
}
