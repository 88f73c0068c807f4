//! Reading a Hugo site: `hugo.toml|yaml|json` (or `config.*`, or `config/_default/`),
//! `content/` sections, YAML, TOML and JSON front matter, page bundles, languages
//! (`content/<lang>/` by `contentDir`, or `name.<lang>.md`), `static/`; each page's old
//! URL from `url`, the section's `permalinks` pattern, or Hugo's default path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::cascade::{self, Cascades};
use super::hugo_config;
use super::langs;
use super::matter::{self, Map, list_of, normalize_date, text_of, titleize};
use super::permalink::{has_date_token, hugo_fill as fill, join_url, last_segment, name_token, sanitize, urlize};
use super::tree::{self, Role};
use super::zone::zoned;
use super::{Copy, Entry, Found, Generator, Kind, Note, NoteKind, Skip};
use crate::diag::Diagnostic;

const GEN: Generator = Generator::Hugo;

/// A config value by key, as Hugo reads keys: case-insensitively.
pub(super) fn get<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    m.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

/// Whether a non-Markdown file of `content/` is content in another format Hugo renders
/// (HTML, Org, AsciiDoc, reStructuredText, Pandoc with front matter).
fn other_format(rel: &Path, abs: &Path) -> bool {
    let ext = rel.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "html" | "htm" | "org" | "adoc" | "asciidoc" | "ad" | "rst" | "pandoc" | "pdc")
        && std::fs::read(abs).is_ok_and(|b| [&b"---"[..], b"+++", b"{", b"#+"].iter().any(|p| b.starts_with(p)))
}

/// Read the Hugo site at `root`.
pub(crate) fn read(root: &Path) -> Result<Found, Vec<Diagnostic>> {
    let (cfg, cfg_path) = hugo_config::config(root)?;
    let mut found = Found { config: cfg.clone(), ..Found::default() };
    let s = &mut found.settings;
    s.title = get(&cfg, "title").and_then(text_of).unwrap_or_else(|| "Briefings".into());
    s.base_url = get(&cfg, "baseURL").and_then(text_of).unwrap_or_else(|| "/".into());
    let params = get(&cfg, "params").and_then(Value::as_object).cloned().unwrap_or_default();
    s.description = get(&params, "description").and_then(text_of).unwrap_or_default();
    let default_lang = get(&cfg, "defaultContentLanguage").and_then(text_of).unwrap_or_else(|| "en".into());
    s.language = default_lang.clone();
    let code = get(&cfg, "languageCode").and_then(text_of);
    if let Some(c) = code.filter(|_| get(&cfg, "languages").is_none()) {
        // en-us → en-US, as BCP 47 writes it.
        s.language = match c.split_once(['-', '_']) {
            Some((l, r)) => format!("{}-{}", l.to_lowercase(), r.to_uppercase()),
            None => c,
        };
    }
    s.timezone = get(&cfg, "timeZone")
        .and_then(text_of)
        .filter(|t| jiff::tz::TimeZone::get(t).is_ok())
        .unwrap_or_else(|| "UTC".into());
    s.author = get(&params, "author")
        .or_else(|| get(&cfg, "author"))
        .and_then(|a| text_of(a).or_else(|| a.get("name").and_then(text_of)));
    // Languages in Hugo's order: by weight (unweighted last), then by code.
    let languages = get(&cfg, "languages").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut ordered: Vec<(&String, &Value)> = languages.iter().collect();
    ordered.sort_by_key(|(code, l)| {
        let w = langs::get(l, "weight").and_then(Value::as_i64).filter(|w| *w != 0);
        (w.is_none(), w, code.to_lowercase())
    });
    // Hugo builds no page of a language in `disableLanguages`: it is no edition, and its
    // files are skipped (their suffixes still read, so `x.no.md` is not a page `x.no`).
    let disabled: Vec<String> = get(&cfg, "disableLanguages").map(|v| list_of(v, false)).unwrap_or_default();
    let is_disabled = |code: &str| disabled.iter().any(|d| d.eq_ignore_ascii_case(code));
    let (off, ordered): (Vec<_>, Vec<_>) = ordered.into_iter().partition(|(c, _)| is_disabled(c));
    let all_codes: Vec<String> = ordered.iter().chain(&off).map(|(c, _)| (*c).clone()).collect();
    let codes: Vec<String> = ordered.iter().map(|(c, _)| (*c).clone()).collect();
    let multilingual = codes.iter().any(|c| !c.eq_ignore_ascii_case(&default_lang));
    let in_subdir = get(&cfg, "defaultContentLanguageInSubdir").and_then(Value::as_bool).unwrap_or(false);
    if multilingual {
        let langs = ordered.iter().map(|(c, l)| langs::language(c, l, &["weight", "contentDir"])).collect();
        langs::record(&mut found, GEN, &cfg_path, &default_lang, langs);
    }
    let taxonomies = super::term_pages::hugo_taxonomies(&cfg);
    let permalinks: BTreeMap<String, String> = get(&cfg, "permalinks")
        .and_then(Value::as_object)
        .map(|p| {
            let flat = p.get("page").and_then(Value::as_object).unwrap_or(p);
            flat.iter().filter_map(|(k, v)| Some((k.clone(), text_of(v)?))).collect()
        })
        .unwrap_or_default();
    // `uglyURLs = true`, or a table by section (`[uglyURLs] post = true`).
    let ugly = get(&cfg, "uglyURLs").cloned().unwrap_or(Value::Bool(false));
    let name_dates = hugo_config::filename_dates(&cfg);
    // parsiya/parsiya.net: `/blog/2016-06-07-Windows-Netsh-Interface-Portproxy/`.
    let cased = get(&cfg, "disablePathToLower").and_then(Value::as_bool).unwrap_or(false);
    let emoji = get(&cfg, "enableEmoji").and_then(Value::as_bool).unwrap_or(false);
    let mut kept = Map::new();
    for (k, v) in &cfg {
        let k_lower = k.to_lowercase();
        if !["title", "baseurl", "defaultcontentlanguage", "timezone", "taxonomies"].contains(&k_lower.as_str())
            && (k_lower != "languages" || !multilingual)
        {
            kept.insert(k.clone(), v.clone());
        }
    }
    if !kept.is_empty() {
        let keys: Vec<&str> = kept.keys().map(String::as_str).collect();
        found.site_notes.push((
            cfg_path.clone(),
            Note::new(0, NoteKind::Extra, format!("{} → extra.hugo in site.yaml", keys.join(", "))),
        ));
        for (k, v) in kept {
            langs::keep(&mut found.settings.extra, GEN, &k, v);
        }
    }
    let tz = jiff::tz::TimeZone::get(&found.settings.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    // Content folders: each language's `contentDir` (else the site's), or the project's
    // content mounts; a folder several languages share gives its files the default
    // language (or their suffix's). A disabled language's is read to skip its files.
    let off_codes: Vec<String> = off.iter().map(|(c, _)| (*c).clone()).collect();
    let dirs = super::hugo_mounts::content_dirs(&mut found, root, &cfg, &cfg_path, &codes, &off_codes, &default_lang);
    let prefix_of = |lang: &str| {
        if multilingual && (in_subdir || !lang.eq_ignore_ascii_case(&default_lang)) {
            format!("/{}", lang.to_lowercase())
        } else {
            String::new()
        }
    };
    let ignored = super::hugo_ignore::Ignored::new(&mut found, &cfg, &cfg_path);
    let mut used_tax = vec!["tags".to_string()];
    let all_dirs: Vec<PathBuf> = dirs.iter().map(|(d, _)| d.clone()).collect();
    for (dir, dir_lang) in dirs {
        let shown_dir = dir.strip_prefix(root).unwrap_or(&dir).to_path_buf();
        // Another language's folder inside this one is read as that language's.
        let inner: Vec<&PathBuf> = all_dirs.iter().filter(|d| **d != dir && d.starts_with(&dir)).collect();
        let (files, left) = tree::scan(&dir, &all_codes, &super::statics::hugo_content);
        super::statics::skip_left(&mut found, &shown_dir, left);
        let files: Vec<tree::File> =
            files.into_iter().filter(|f| !inner.iter().any(|d| f.abs.starts_with(d))).collect();
        let files = ignored.filter(&mut found, &dir, &shown_dir, files);
        // The sections' cascades, before the pages they reach.
        let mut cascades = Cascades::new(&cfg);
        let sections = files.iter().filter(|f| f.role == Role::Section).filter_map(|f| f.rel.parent());
        let sections = sections.map(Path::to_path_buf).collect();
        for f in files.iter().filter(|f| f.role == Role::Section) {
            if let Some((m, _)) = super::read_text(&f.abs).ok().and_then(|t| matter::read_after_blanks(&t).ok()) {
                cascades.add_section(&f.dirs(), f.lang.as_deref().unwrap_or(&dir_lang), &m.map);
            }
        }
        let mut resources: Vec<tree::Resource> = Vec::new();
        for f in files {
            let source = shown_dir.join(&f.rel);
            let lang = f.lang.clone().unwrap_or_else(|| dir_lang.clone());
            if is_disabled(&lang) {
                let reason = format!(
                    "language `{lang}` is in `disableLanguages` ({}): Hugo did not build it, so it is not imported",
                    cfg_path.display()
                );
                found.skipped.push(Skip { source, reason, post: false });
                continue;
            }
            match &f.role {
                Role::Resource(b) => {
                    if super::is_markdown(&f.rel) {
                        found.skipped.push(Skip {
                            source,
                            reason: "a Markdown file inside a bundle (a page resource): not converted".into(),
                            post: false,
                        });
                    } else {
                        resources.push((
                            b.clone(),
                            f.rel.strip_prefix(b).unwrap_or(&f.rel).to_path_buf(),
                            f.abs.clone(),
                        ));
                    }
                }
                Role::Asset if other_format(&f.rel, &f.abs) => {
                    let ext = f.rel.extension().unwrap_or_default().to_string_lossy().into_owned();
                    found.posts_in += 1;
                    found.skipped.push(Skip {
                        source,
                        reason: format!("`.{ext}` content: brief reads Markdown"),
                        post: true,
                    });
                }
                Role::Asset => {
                    found.copies.push(Copy { from: f.abs.clone(), source, to: Path::new("static").join(&f.rel) })
                }
                Role::Section | Role::Bundle | Role::Single => {
                    let ctx = FileCtx {
                        source,
                        prefix: prefix_of(&lang),
                        lang,
                        taxonomies: &taxonomies,
                        permalinks: &permalinks,
                        ugly: &ugly,
                        name_dates,
                        cased,
                        emoji,
                        tz: &tz,
                        cascades: &cascades,
                        sections: &sections,
                        base_path: crate::config::base_path_of(&found.settings.base_url),
                    };
                    if let Some(e) = entry(&mut found, &f, &ctx) {
                        used_tax.extend(e.fm.taxonomies.keys().cloned());
                        found.entries.push(e);
                    }
                }
            }
        }
        tree::attach_resources(&mut found, &shown_dir, &all_codes, &resources);
    }
    let unconverted = [
        ("layouts", "templates are not converted: brief renders with its theme"),
        ("assets", "Hugo Pipes assets (Sass, JS) are not processed"),
        ("data", "data files are not converted"),
        ("i18n", "translation strings are not converted"),
        ("archetypes", "archetypes are not used: `brief new` writes new briefings"),
    ];
    match get(&cfg, "timeZone").map(|t| text_of(t).unwrap_or_default()) {
        None => super::zone::choose(&mut found, &cfg_path),
        // Hugo fails on a zone it does not know; brief reads the site's zone from the
        // posts and says so.
        Some(t) if jiff::tz::TimeZone::get(&t).is_err() => {
            let text = format!(
                "timeZone `{t}` is no time zone (an IANA name such as `Europe/Paris`): the site's zone is \
                 chosen from the posts' dates instead; set `timezone:` in site.yaml"
            );
            found.site_notes.push((cfg_path.clone(), Note::new(0, NoteKind::NotConverted, text)));
            super::zone::choose(&mut found, &cfg_path);
        }
        Some(t) => super::zone::configured(&mut found, &cfg_path, &t),
    }
    if get(&cfg, "buildFuture").and_then(Value::as_bool) == Some(true) {
        super::zone::published_future(&mut found, &cfg_path, "`buildFuture = true`", jiff::Timestamp::now());
    }
    let build_expired = get(&cfg, "buildExpired").and_then(Value::as_bool).unwrap_or(false);
    super::expiry::expire_as_hugo(&mut found, &cfg_path, build_expired, jiff::Timestamp::now());
    tree::finish_site(&mut found, root, &cfg_path, &unconverted, used_tax, ("Hugo", &|_, _| None));
    Ok(found)
}

struct FileCtx<'a> {
    source: PathBuf,
    lang: String,
    /// The language's part of the old site's URLs (`/ko`, or empty).
    prefix: String,
    taxonomies: &'a [String],
    permalinks: &'a BTreeMap<String, String>,
    /// Hugo's `uglyURLs`: `true`, or a table of sections.
    ugly: &'a Value,
    /// `[frontmatter] date` with `:filename`: whether it wins over the front matter's.
    name_dates: Option<bool>,
    /// Hugo's `disablePathToLower`: paths keep their case.
    cased: bool,
    /// Hugo's `enableEmoji`: `:smile:` was an emoji.
    emoji: bool,
    tz: &'a jiff::tz::TimeZone,
    cascades: &'a Cascades,
    /// The folders (in the content folder) that hold an `_index.md`: sections below the top.
    sections: &'a std::collections::BTreeSet<PathBuf>,
    /// The base URL's path (`/proj/`), where the old site's pages and their links were.
    base_path: String,
}

/// Hugo front-matter keys with a home in brief's (taxonomies aside).
const MAPPED: &[&str] = &[
    "title",
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
    "expirydate",
    "unpublishdate",
    "draft",
    "summary",
    "description",
    "slug",
    "url",
    "aliases",
    "author",
    "authors",
    "translationkey",
];

/// A Markdown file of `content/` as an entry.
fn entry(found: &mut Found, f: &tree::File, c: &FileCtx) -> Option<Entry> {
    let skip = |found: &mut Found, reason: String, post: bool| {
        found.skipped.push(Skip { source: c.source.clone(), reason, post });
        found.posts_in += usize::from(post);
        None
    };
    let dirs = f.dirs();
    let text = match super::read_text(&f.abs) {
        Ok(t) => t,
        Err(e) => return skip(found, e, true),
    };
    let (m, blanks) = match matter::read_after_blanks(&text) {
        Ok(m) => m,
        Err(e) => return skip(found, e.reason(), true),
    };
    // What the sections above it (and the site) cascade to it, under its own values.
    let under = if f.role == Role::Single { &dirs[..] } else { &dirs[..dirs.len().saturating_sub(1)] };
    let path = match f.role {
        Role::Single => format!("/{}", under.iter().chain([&f.base]).cloned().collect::<Vec<_>>().join("/")),
        _ => format!("/{}", dirs.join("/")),
    };
    let hugo_kind = if f.role == Role::Section { "section" } else { "page" };
    let target = cascade::Target { under, path: &path, kind: hugo_kind, lang: &c.lang };
    let (given, from) = c.cascades.for_page(&target, &m.map);
    let mut full = m.map.clone();
    let cascaded: Vec<String> = given.keys().cloned().collect();
    full.extend(given);
    let fm = &full;
    let get = |k: &str| fm.iter().find(|(key, v)| key.eq_ignore_ascii_case(k) && !v.is_null()).map(|(_, v)| v);
    let line = |k: &str| m.map.keys().find(|key| key.eq_ignore_ascii_case(k)).map_or(0, |key| m.line_of(key));
    if f.role == Role::Section && dirs.is_empty() {
        return skip(
            found,
            "the home page's text (`_index.md` at the top): brief makes its own home page".into(),
            false,
        );
    }
    // `headless` is a leaf bundle's setting: Hugo ignores it on any other page.
    let headless = (f.role == Role::Bundle && get("headless").and_then(Value::as_bool).unwrap_or(false))
        || ["_build", "build"].iter().any(|k| {
            get(k).and_then(|b| b.get("render")).and_then(text_of).is_some_and(|r| r == "never" || r == "false")
        });
    if headless {
        return skip(found, "headless (never rendered by Hugo either)".into(), false);
    }
    let file_name = if f.role == Role::Bundle { dirs.last().cloned().unwrap_or_default() } else { f.base.clone() };
    let date_of = |k: &'static str| get(k).and_then(text_of).map(|d| (k, normalize_date(&d), d));
    let mut date = date_of("date");
    let mut publish = date_of("publishDate").or_else(|| date_of("pubdate")).or_else(|| date_of("published"));
    // `[frontmatter] date = [":filename", …]`: Hugo dates `2003-01-21-slug.md` by its name
    // and takes the rest as its slug (tangero/marigold-page's posts have no `date:`).
    let own = date.as_ref().or(publish.as_ref()).is_some_and(|d| d.1.is_some());
    let named = c.name_dates.filter(|first| *first || !own).and_then(|_| matter::dated_name(&file_name));
    let named = named.filter(|_| file_name.as_bytes().get(10) == Some(&b'-'));
    if let Some((d, _)) = &named {
        (date, publish) = (Some(("date", Some(d.clone()), d.clone())), None);
    }
    let section =
        if dirs.len() >= 2 || (dirs.len() == 1 && f.role == Role::Single) { dirs.first().cloned() } else { None };
    let has_date = date.as_ref().is_some_and(|d| d.1.is_some()) || publish.as_ref().is_some_and(|d| d.1.is_some());
    let kind = if f.role != Role::Section && section.is_some() && has_date { Kind::Briefing } else { Kind::Page };
    if kind == Kind::Briefing {
        found.posts_in += 1;
    }
    let dest = match kind {
        Kind::Briefing if f.role == Role::Bundle => f.rel.parent().unwrap_or(Path::new("")).join("index.md"),
        Kind::Briefing => f.rel.with_file_name(format!("{}.md", f.base)),
        // A leaf bundle stays one: brief's page bundle, its files beside it.
        Kind::Page if f.role == Role::Bundle && !file_name.is_empty() => {
            PathBuf::from("pages").join(&file_name).join("index.md")
        }
        Kind::Page => PathBuf::from("pages")
            .join(format!("{}.md", if f.role == Role::Section { dirs.join("-") } else { file_name.clone() })),
    };
    let mut e = Entry::new(c.source.clone(), kind, dest);
    if !cascaded.is_empty() {
        let from: Vec<String> = from.iter().map(|d| format!("`{d}`")).collect();
        e.notes.push(Note::new(
            0,
            NoteKind::Converted,
            format!("{} from the cascade of {}", cascaded.join(", "), from.join(" and ")),
        ));
    }
    e.notes.extend(matter::blanks_note(blanks, "Hugo"));
    if let Some((d, rest)) = &named {
        let slug = if get("slug").is_none() { format!(" and slug `{rest}`") } else { String::new() };
        let what = format!("date `{d}`{slug} from the file name, as Hugo's `[frontmatter] date` has `:filename`");
        e.notes.push(Note::new(0, NoteKind::Converted, what));
    }
    e.lang = Some(c.lang.clone());
    e.body = m.body.clone();
    e.body_line = m.body_line;
    for (at, code) in super::emoji::codes(&e.body).into_iter().filter(|_| c.emoji) {
        let text = format!("emoji code `{code}`: Hugo showed the emoji (`enableEmoji = true`); brief shows the code");
        e.notes.push(Note::new(e.body_line + matter::line_at(&e.body, at) - 1, NoteKind::NotConverted, text));
    }
    e.raw = fm.clone();
    e.fm.title =
        get("title").and_then(text_of).filter(|t| !t.trim().is_empty()).unwrap_or_else(|| titleize(&file_name));
    for (k, n, raw) in [date.clone(), publish.clone()].into_iter().flatten() {
        if n.is_none() {
            e.notes.push(Note::new(line(k), NoteKind::NotConverted, format!("{k} `{raw}` is not a date brief reads")));
        }
    }
    let d = date.as_ref().and_then(|d| d.1.clone());
    let p = publish.as_ref().and_then(|d| d.1.clone());
    let ts =
        |s: &Option<String>| s.as_deref().and_then(|x| crate::parse::parse_date(x, c.tz).ok()).map(|z| z.timestamp());
    e.fm.date = match (&d, &p) {
        (Some(_), Some(pd)) if ts(&p) > ts(&d) => {
            e.fm.keep(GEN, "date", Value::String(d.clone().unwrap_or_default()));
            e.notes.push(Note::new(
                line("publishDate"),
                NoteKind::Converted,
                format!(
                    "publishDate `{pd}` → date (brief publishes a briefing at its date); the old date → extra.hugo.date"
                ),
            ));
            p.clone()
        }
        _ => d.clone().or(p.clone()),
    };
    e.fm.updated = get("lastmod").or_else(|| get("modified")).and_then(text_of).and_then(|u| normalize_date(&u));
    e.fm.expires =
        get("expiryDate").or_else(|| get("unpublishdate")).and_then(text_of).and_then(|x| normalize_date(&x));
    // Hugo builds no expired page, so one that expires before (or as) it is published was
    // never shown: a draft, not a briefing every index lists again.
    let never_shown = matches!((ts(&e.fm.expires), ts(&e.fm.date)), (Some(x), Some(dd)) if x <= dd);
    if let Some(x) = e.fm.expires.take_if(|_| never_shown) {
        e.notes.push(Note::new(
            line("expiryDate"),
            NoteKind::Converted,
            format!("expiryDate `{x}` is not after the date: Hugo never showed the page, so it is a draft"),
        ));
    } else if e.fm.expires.is_some() {
        e.notes.push(Note::new(line("expiryDate"), NoteKind::Converted, "expiryDate → expires"));
    }
    e.fm.draft = get("draft").and_then(Value::as_bool).unwrap_or(false) || never_shown;
    e.fm.summary = get("summary").or_else(|| get("description")).and_then(text_of);
    if get("summary").is_some() && get("description").is_some() {
        e.fm.keep(GEN, "description", get("description").cloned().unwrap_or_default());
    }
    // Hugo renders `summary:` as Markdown (`description:` is shown as written).
    if get("summary").is_some() {
        super::plain::keep_summary(&mut e, GEN, "summary", line("summary"), super::plain::Written::Markdown);
    }
    for k in ["author", "authors"] {
        if let Some(v) = get(k) {
            e.fm.authors.extend(list_of(v, false));
        }
    }
    let mut tax_keys = Vec::new();
    for t in c.taxonomies {
        if let Some(v) = get(t) {
            tax_keys.push(t.to_lowercase());
            let terms = list_of(v, false);
            if t.eq_ignore_ascii_case("tags") {
                e.fm.tags = terms;
            } else if !terms.is_empty() {
                e.fm.taxonomies.insert(t.to_lowercase(), terms);
            }
        }
    }
    let slug = get("slug").and_then(text_of).or_else(|| named.as_ref().map(|n| n.1.to_string()));
    e.fm.slug = slug.clone();
    e.fm.translation_key = get("translationKey").and_then(text_of).filter(|k| !k.trim().is_empty());
    if e.fm.translation_key.is_some() {
        e.notes.push(Note::new(line("translationKey"), NoteKind::Converted, "translationKey → translation_key"));
    }
    // The URL Hugo gave it: `url` (a path without a leading `/` is under the language's
    // prefix), else the section's `permalinks` pattern, else the content path (a bundle's
    // folder is its name), the language's prefix before either.
    let prefix = &c.prefix;
    {
        let parents: &[String] = if f.role == Role::Bundle { &dirs[..dirs.len().saturating_sub(1)] } else { &dirs };
        // `:sections` is the page's own section's path: a folder below the top is one
        // only with an `_index.md` (`blog/2019/` without one leaves `blog/2019/x/` in `blog`).
        let depth = (1..=parents.len())
            .rev()
            .find(|&n| n == 1 || c.sections.contains(&parents[..n].iter().collect::<PathBuf>()));
        let current = &parents[..depth.unwrap_or(0)];
        let urlz = |s: &str| if c.cased { sanitize(s) } else { urlize(s) };
        let under = |parts: &[String], last: &str| {
            let mut p: Vec<String> = parts.iter().map(|d| urlz(d)).collect();
            p.push(last.to_string());
            p.retain(|x| !x.is_empty());
            p.join("/")
        };
        // The page's name where the pattern's last part holds more (a date) than it.
        let mut named = None;
        let url = match get("url").and_then(text_of) {
            Some(u) if u.starts_with('/') || u.contains("://") => (u, "url"),
            Some(u) => (format!("{prefix}/{u}"), "url"),
            None => {
                let sec = dirs.first().cloned().unwrap_or_default();
                let ugly = match c.ugly {
                    Value::Object(by_section) => self::get(by_section, &sec).and_then(Value::as_bool).unwrap_or(false),
                    v => v.as_bool().unwrap_or(false),
                };
                // An ugly URL is the pretty one's path with `.html` for its last slash
                // (letsencrypt/website's `/:year/:month/:day/:slug/` in the ugly `post`
                // section is `/2015/11/09/why-90-days.html`).
                let uglify = |p: String| if ugly { format!("/{}.html", p.trim_matches('/')) } else { p };
                // Hugo's `:year`, `:month`… are of its `date` (then `publishDate`), even
                // where brief's date became a later `publishDate`.
                let z = d.as_deref().or(p.as_deref()).and_then(|x| zoned(x, c.tz));
                let name = urlz(&slug.clone().unwrap_or_else(|| file_name.clone()));
                // A page without a date takes its section's pattern too when the pattern
                // holds no date (`page = "/:slug/"`, which CaiJimmy/hugo-theme-stack's
                // example site has: `/about-me/` from the title). One that holds a date
                // Hugo fills from the zero date (`/1/01/01/…`): those keep the path.
                let z = z.or_else(|| {
                    c.permalinks.get(&sec).filter(|pat| !has_date_token(pat)).and_then(|_| zoned("2000-01-01", c.tz))
                });
                let path = match (c.permalinks.get(&sec), &z) {
                    (Some(pat), Some(z)) if f.role != Role::Section => {
                        let fill =
                            |pat: &str| fill(pat, z, &sec, current, &e.fm.title, slug.as_deref(), &file_name, c.cased);
                        named = name_token(pat).map(|t| fill(t).trim_matches('/').to_string());
                        uglify(fill(pat))
                    }
                    _ if f.role == Role::Section => uglify(format!("/{}/", under(&dirs, ""))),
                    _ => uglify(format!("/{}/", under(parents, &name))),
                };
                (format!("{prefix}{path}"), "its URL on the old site")
            }
        };
        // An alias with a leading `/` is a path from the site's root, in any language (Hugo
        // adds no prefix); one without is beside the page's own URL.
        let beside = {
            let path = url.0.split_once("://").map_or(url.0.as_str(), |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
            let path = path.trim_end_matches('/');
            path.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_string())
        };
        // The slug the old site used is the last part of its URL (Hugo's `:slug` is the
        // title's when there is no `slug:`), so where that URL has brief's form it stays.
        if slug.is_none() && kind == Kind::Briefing {
            e.fm.slug = Some(named.or_else(|| last_segment(&url.0)).unwrap_or_else(|| file_name.clone()));
        }
        // A page that is no bundle leaves the folder its relative links were read in.
        if f.role == Role::Single || f.role == Role::Section {
            let base = super::relinks::folder_under(&url.0, &c.base_path);
            let (body, changed) = super::relinks::resolve(&e.body, &base);
            if !changed.is_empty() {
                e.body = body;
                e.notes.push(Note::new(
                    0,
                    NoteKind::Converted,
                    format!("relative links {} → paths from `{base}`, where the old page was", changed.join(", ")),
                ));
            }
        }
        // A draft was never published: it had no URL to keep.
        if !e.fm.draft {
            e.old_urls.push(url);
            for a in get("aliases").map(|v| list_of(v, false)).unwrap_or_default() {
                let a = if a.starts_with('/') || a.contains("://") { a } else { join_url(&beside, &a) };
                e.old_urls.push((a, "aliases"));
            }
        }
    }
    // Only its own: a cascaded value it has no home for stays with the section.
    for (k, v) in &m.map {
        let lk = k.to_lowercase();
        if !MAPPED.contains(&lk.as_str()) && !tax_keys.contains(&lk) {
            e.fm.keep(GEN, k, v.clone());
            e.notes.push(Note::new(m.line_of(k), NoteKind::Extra, format!("{k} → extra.hugo.{k}")));
        }
    }
    let rel = f.rel.to_string_lossy().replace('\\', "/");
    let no_ext = rel.rsplit_once('.').map_or(rel.clone(), |(a, _)| a.to_string());
    let mut keys = vec![
        format!("hugo:{rel}"),
        format!("hugo:{no_ext}"),
        format!("hugo:{}.md", f.base),
        format!("hugo:{}", f.base),
    ];
    if f.role != Role::Single {
        let dir = dirs.join("/");
        keys.extend([format!("hugo:{dir}"), format!("hugo:{dir}/")]);
    }
    e.keys = keys;
    e.dir = f.rel.parent().unwrap_or(Path::new("")).to_string_lossy().replace('\\', "/");
    e.translation = match f.role {
        Role::Bundle => dirs.join("/"),
        _ => f.rel.parent().unwrap_or(Path::new("")).join(&f.base).to_string_lossy().replace('\\', "/"),
    };
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_offset() {
        let z = zoned("2024-07-12T23:30:00-05:00", &jiff::tz::TimeZone::UTC).unwrap();
        assert_eq!(z.strftime("%d").to_string(), "12");
    }
}
