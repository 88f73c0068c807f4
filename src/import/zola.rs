//! Reading a Zola site: `zola.toml` or `config.toml` (title, base URL, languages, `taxonomies`,
//! `[extra]`), `content/` sections with `_index.md`, pages with TOML (`+++`) or YAML
//! front matter, dates from `date` or carried only in the file or folder name
//! (`2024-07-12-slug.md`) or `path`, page bundles, `static/`, and the site's own
//! shortcodes under `templates/shortcodes/`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::finish::Ctx;
use super::langs;
use super::matter::{self, Map, dated_name, list_of, normalize_date, text_of, titleize};
use super::permalink::last_segment;
use super::tree::{self, Role};
use super::{Copy, Entry, Found, Generator, Kind, Note, NoteKind, Skip};
use crate::diag::Diagnostic;

const GEN: Generator = Generator::Zola;

/// The names Zola reads its configuration from, in the order it looks for them.
const CONFIG_NAMES: [&str; 2] = ["zola.toml", "config.toml"];

/// Page front-matter keys with a home in brief's (`[taxonomies]` and `[extra]` aside).
const MAPPED: &[&str] =
    &["title", "description", "date", "updated", "draft", "slug", "path", "aliases", "authors", "taxonomies", "extra"];

/// Zola's slugify (`slugify.paths = "on"`, its default, the `slug` crate): other
/// scripts transliterated to ASCII (`crème brûlée` → `creme-brulee`), then ASCII letters
/// and digits, lowercase, each run of anything else one `-`.
pub(crate) fn zola_slug(s: &str) -> String {
    let mut out = String::new();
    let mut push = |b: u8| {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_lowercase()));
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c as u8);
        } else {
            deunicode::deunicode_char(c).unwrap_or("-").bytes().for_each(&mut push);
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Zola's `[slugify] paths` setting: how it made the page slugs of its URLs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PathSlugs {
    /// `"on"`, the default: [`zola_slug`].
    On,
    /// `"safe"`, which sites choose for URLs in their own script: the name kept as
    /// written, only spaces and dots at its end and `<>:"/\|?*` taken out.
    Safe,
    /// `"off"`: the name as written.
    Off,
}

impl PathSlugs {
    /// The setting `[slugify] key` (`paths` for pages, `taxonomies` for terms).
    fn from_config(cfg: &Map, key: &str) -> Self {
        match cfg.get("slugify").and_then(|s| s.get(key)).and_then(Value::as_str) {
            Some("safe") => Self::Safe,
            Some("off") => Self::Off,
            _ => Self::On,
        }
    }

    /// Zola's `slugify_paths`.
    fn slug(self, s: &str) -> String {
        match self {
            Self::On => zola_slug(s),
            Self::Safe => s.trim_end_matches([' ', '.']).chars().filter(|c| !"<>:\"/\\|?*".contains(*c)).collect(),
            Self::Off => s.to_string(),
        }
    }
}

/// A part of a URL Zola or a Jekyll plugin made (a page's or term's slug, written into
/// its folder's name) as a site path has it: `%`, `#`, `?` and a space escaped, which `safe` and
/// `off` keep (`F# notes` was served at `/posts/F%23%20notes/`).
pub(crate) fn url_part(s: &str) -> String {
    s.replace('%', "%25").replace('#', "%23").replace('?', "%3F").replace(' ', "%20")
}

/// The slug Zola gave a taxonomy term in its URLs, as `[slugify] taxonomies` says
/// (Zola's `TaxonomyTerm`; `paths` is for pages and sections only).
pub(crate) fn term_slug(cfg: &Map, name: &str) -> String {
    PathSlugs::from_config(cfg, "taxonomies").slug(name)
}

/// What every entry of one Zola site is read with.
struct SiteRules<'a> {
    default_lang: &'a str,
    multilingual: bool,
    taxonomies: &'a [String],
    slugs: PathSlugs,
    /// `[slugify] paths_keep_dates`: the date a page's name starts with stays in its
    /// slug (`2016-10-08_a-post` → `/posts/2016-10-08-a-post/`), and is still its date.
    keep_dates: bool,
}

/// A `YYYY/MM/DD` or `YYYY-MM-DD` date inside a `path` value.
fn date_in_path(p: &str) -> Option<String> {
    let b = p.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let cand = p.get(i..i + 10)?.replace('/', "-");
        if i > 0 && b[i - 1].is_ascii_digit() {
            return None;
        }
        normalize_date(&cand)
    })
}

/// Read the Zola site at `root`.
pub(crate) fn read(root: &Path) -> Result<Found, Vec<Diagnostic>> {
    // Zola reads `zola.toml` before `config.toml`, the name of its older releases.
    let cfg_name = CONFIG_NAMES.into_iter().find(|n| root.join(n).is_file());
    let (Some(cfg_name), true) = (cfg_name, root.join("content").is_dir()) else {
        return Err(vec![
            Diagnostic::error(root, "no `zola.toml` or `config.toml` and `content/`: this does not look like a Zola site")
                .hint(
                    "name the folder that holds Zola's zola.toml or config.toml, or use `brief import jekyll` or `brief import hugo`",
                ),
        ]);
    };
    let cfg_file = Path::new(cfg_name);
    let cfg_path = root.join(cfg_file);
    let text = super::read_text(&cfg_path).map_err(|e| vec![Diagnostic::error(&cfg_path, e)])?;
    let cfg =
        matter::parse_toml(&text).map_err(|(l, c, m)| vec![Diagnostic::error(cfg_file, m).at(&text, l, c.max(1))])?;
    let mut found = Found { config: cfg.clone(), ..Found::default() };
    let s = &mut found.settings;
    s.title = cfg.get("title").and_then(text_of).unwrap_or_else(|| "Briefings".into());
    s.base_url = cfg.get("base_url").and_then(text_of).unwrap_or_else(|| "/".into());
    s.description = cfg.get("description").and_then(text_of).unwrap_or_default();
    let default_lang = cfg.get("default_language").and_then(text_of).unwrap_or_else(|| "en".into());
    s.language = default_lang.clone();
    s.timezone = "UTC".into();
    s.author = cfg.get("author").and_then(text_of);
    let languages = cfg.get("languages").and_then(Value::as_object).cloned().unwrap_or_default();
    // `x.<default>.md` names the default language too.
    let codes: Vec<String> = languages.keys().cloned().chain([default_lang.clone()]).collect();
    let multilingual = codes.iter().any(|c| !c.eq_ignore_ascii_case(&default_lang));
    if let Some(Value::Object(x)) = cfg.get("extra") {
        s.extra = x.clone();
    }
    if multilingual {
        let default =
            (!languages.contains_key(&default_lang)).then(|| langs::language(&default_lang, &Value::Null, &[]));
        let all = default.into_iter().chain(languages.iter().map(|(c, l)| langs::language(c, l, &[]))).collect();
        langs::record(&mut found, GEN, cfg_file, &default_lang, all);
    }
    let taxonomies: Vec<String> = cfg
        .get("taxonomies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(text_of))
        .collect();
    let kept: Map = cfg
        .iter()
        .filter(|(k, _)| {
            !["title", "base_url", "description", "default_language", "author", "extra"].contains(&k.as_str())
                && (*k != "languages" || !multilingual)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !kept.is_empty() {
        let keys: Vec<&str> = kept.keys().map(String::as_str).collect();
        found.site_notes.push((
            cfg_file.to_path_buf(),
            Note::new(0, NoteKind::Extra, format!("{} → extra.zola in site.yaml ([extra] → extra)", keys.join(", "))),
        ));
        for (k, v) in kept {
            langs::keep(&mut found.settings.extra, GEN, &k, v);
        }
    }
    // The site's own shortcodes.
    let sc_dir = root.join("templates/shortcodes");
    for rel in super::walk(&sc_dir) {
        if let Ok(t) = super::read_text(&sc_dir.join(&rel)) {
            found.shortcodes.insert(rel.to_string_lossy().replace('\\', "/"), t);
        }
    }
    let rules = SiteRules {
        default_lang: &default_lang,
        multilingual,
        taxonomies: &taxonomies,
        slugs: PathSlugs::from_config(&cfg, "paths"),
        keep_dates: cfg
            .get("slugify")
            .and_then(|s| s.get("paths_keep_dates"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };
    let mut used_tax = vec![];
    let ignored = super::zola_ignore::Ignored::of(&mut found, root, &cfg, cfg_file);
    let (files, left) = tree::scan(&root.join("content"), &codes, &|rel, is_dir| ignored.content(rel, is_dir));
    super::statics::skip_left(&mut found, Path::new("content"), left);
    let mut resources: Vec<tree::Resource> = Vec::new();
    for f in &files {
        let source = Path::new("content").join(&f.rel);
        match &f.role {
            Role::Resource(_) if super::is_markdown(&f.rel) => found.skipped.push(Skip {
                source,
                reason: "a Markdown file inside a page bundle: not converted".into(),
                post: false,
            }),
            Role::Resource(b) => {
                resources.push((b.clone(), f.rel.strip_prefix(b).unwrap_or(&f.rel).to_path_buf(), f.abs.clone()))
            }
            Role::Asset => {
                found.copies.push(Copy { from: f.abs.clone(), source, to: Path::new("static").join(&f.rel) })
            }
            _ => {
                let lang = f.lang.clone().unwrap_or_else(|| default_lang.clone());
                if let Some(e) = entry(&mut found, f, source, lang, &rules) {
                    used_tax.extend(e.fm.taxonomies.keys().cloned());
                    found.entries.push(e);
                }
            }
        }
    }
    tree::attach_resources(&mut found, Path::new("content"), &codes, &resources);
    let base_url = found.settings.base_url.clone();
    super::stubs::fold_zola_redirects(&mut found, &base_url);
    let unconverted = [
        (
            "templates",
            "templates are not converted: brief renders with its theme (shortcodes are applied where they only place their arguments)",
        ),
        ("sass", "Sass is not compiled"),
        ("themes", "Zola themes are not converted"),
    ];
    // Zola has no zone setting: it shows each date as written.
    super::zone::choose(&mut found, cfg_file);
    let why = "Zola publishes every page whatever its date (it schedules none)";
    super::zone::published_future(&mut found, cfg_file, why, jiff::Timestamp::now());
    tree::finish_site(
        &mut found,
        root,
        cfg_file,
        &unconverted,
        used_tax,
        ("Zola", &|rel, is_dir| ignored.statics(rel, is_dir)),
    );
    Ok(found)
}

/// A Markdown file of `content/` as an entry.
fn entry(found: &mut Found, f: &tree::File, source: PathBuf, lang: String, rules: &SiteRules) -> Option<Entry> {
    let SiteRules { default_lang, multilingual, taxonomies, slugs, keep_dates } = *rules;
    let dirs = f.dirs();
    let text = match super::read_text(&f.abs) {
        Ok(t) => t,
        Err(e) => {
            found.skipped.push(Skip { source, reason: e, post: false });
            return None;
        }
    };
    let (m, blanks) = match matter::read_after_blanks(&text) {
        Ok(m) => m,
        Err(e) => {
            found.skipped.push(Skip { source, reason: e.reason(), post: false });
            return None;
        }
    };
    if f.role == Role::Section && dirs.is_empty() {
        if let Some(target) = m.map.get("redirect_to").and_then(super::matter::text_of) {
            let text = format!(
                "`redirect_to = \"{target}\"`: Zola redirected the home page there; brief makes its own home \
                 page and no redirect from it (make it a 301 on your host if you want one)"
            );
            found.site_notes.push((source.clone(), super::Note::new(0, super::NoteKind::NotConverted, text)));
        }
        found.skipped.push(Skip {
            source,
            reason: "the home section (`content/_index.md`): brief makes its own home page".into(),
            post: false,
        });
        return None;
    }
    let fm = &m.map;
    let get = |k: &str| fm.get(k).filter(|v| !v.is_null());
    // Zola writes no page for `render = false` (a section's or, since 0.19, a page's):
    // neither does brief, as a Hugo page with `_build: {render: never}`.
    if get("render").and_then(Value::as_bool) == Some(false) {
        found.skipped.push(Skip {
            source,
            reason: "not rendered (`render = false`): Zola wrote no page for it either".into(),
            post: false,
        });
        return None;
    }
    // Zola takes a date from the file (or bundle folder) name and drops it from the slug.
    let name = if f.role == Role::Bundle { dirs.last().cloned().unwrap_or_default() } else { f.base.clone() };
    let (name_date, name_slug) = match dated_name(&name) {
        Some((d, rest)) => (Some(d), rest.to_string()),
        None => (None, name.clone()),
    };
    let path = get("path").and_then(text_of);
    let fm_date = get("date").and_then(text_of);
    let date = fm_date
        .as_deref()
        .and_then(normalize_date)
        .or(name_date.clone())
        .or_else(|| path.as_deref().and_then(date_in_path));
    // The new file's name, without what is left of a separator after the date
    // (`2025-01-04_-_zola-kickoff.md`): a name starting with `-` reads as an option to
    // shell tools. Zola's own slug drops it too.
    let stem = Some(name_slug.trim_start_matches(['-', '_', ' '])).filter(|s| !s.is_empty()).unwrap_or(&name_slug);
    let kind = if f.role != Role::Section && date.is_some() { Kind::Briefing } else { Kind::Page };
    if kind == Kind::Briefing {
        found.posts_in += 1;
    }
    let dest = match (kind, &f.role) {
        (Kind::Briefing, Role::Bundle) => {
            let parent = f.rel.parent().and_then(Path::parent).unwrap_or(Path::new(""));
            parent.join(stem).join("index.md")
        }
        (Kind::Briefing, _) => f.rel.with_file_name(format!("{stem}.md")),
        (Kind::Page, Role::Section) => PathBuf::from("pages").join(format!("{}.md", dirs.join("-"))),
        // A page bundle stays one: brief's page bundle, its files beside it.
        (Kind::Page, Role::Bundle) if !dirs.is_empty() => PathBuf::from("pages").join(stem).join("index.md"),
        (Kind::Page, _) => PathBuf::from("pages").join(format!("{stem}.md")),
    };
    let mut e = Entry::new(source, kind, dest);
    e.notes.extend(matter::blanks_note(blanks, "Zola"));
    e.lang = Some(lang.clone());
    e.body = m.body.clone();
    e.body_line = m.body_line;
    e.raw = fm.clone();
    e.fm.title =
        get("title").and_then(text_of).filter(|t| !t.trim().is_empty()).unwrap_or_else(|| titleize(&name_slug));
    if let Some(d) = &fm_date
        && normalize_date(d).is_none()
    {
        e.notes.push(Note::new(
            m.line_of("date"),
            NoteKind::NotConverted,
            format!("date `{d}` is not a date brief reads"),
        ));
    }
    if fm_date.is_none() && date.is_some() {
        e.notes.push(Note::new(
            0,
            NoteKind::Converted,
            format!(
                "date {} taken from the {}",
                date.as_deref().unwrap_or(""),
                if name_date.is_some() { "file name" } else { "path" }
            ),
        ));
    }
    e.fm.date = date;
    e.fm.updated = get("updated").and_then(text_of).and_then(|u| normalize_date(&u));
    e.fm.draft = get("draft").and_then(Value::as_bool).unwrap_or(false);
    e.fm.summary = get("description").and_then(text_of);
    e.fm.authors = get("authors").map(|v| list_of(v, false)).unwrap_or_default();
    let slug = get("slug").and_then(text_of);
    e.fm.slug = slug.clone();
    if let Some(Value::Object(t)) = get("taxonomies") {
        for (k, v) in t {
            let terms = list_of(v, false);
            if k == "tags" {
                e.fm.tags = terms;
            } else if taxonomies.contains(k) || !terms.is_empty() {
                e.fm.taxonomies.insert(k.clone(), terms);
            }
        }
    }
    if let Some(Value::Object(x)) = get("extra") {
        e.fm.extra = x.clone();
    }
    // Zola writes the code as the config names it (`/zh-Hans/`); brief's URL has it in
    // lowercase, another path on a static host.
    let prefix =
        if multilingual && !lang.eq_ignore_ascii_case(default_lang) { format!("/{lang}") } else { String::new() };
    {
        // Zola puts the folders in a URL as they are named: it slugs only the page's name.
        let sec: String = dirs
            .iter()
            .take(if f.role == Role::Bundle { dirs.len().saturating_sub(1) } else { dirs.len() })
            .map(|d| format!("/{d}"))
            .collect();
        // `path` and `aliases` are paths from the site's root in every language: Zola adds
        // the language's prefix only to the paths it makes itself.
        // The page's own part of its URL, as Zola slugged its `slug` or name (none for a
        // section or a `path`; empty when the slug is nothing: Zola's `/posts//`, no URL
        // of the page's own to keep).
        let part = match (&path, &f.role) {
            (None, Role::Single | Role::Bundle) => {
                Some(slugs.slug(slug.as_deref().unwrap_or(if keep_dates { &name } else { &name_slug })))
            }
            _ => None,
        };
        let old = match (&path, &part) {
            (Some(p), _) => Some((format!("/{}/", p.trim_matches('/')), "path")),
            (None, None) => Some((format!("{prefix}{sec}/"), "its URL on the old site")),
            (None, Some(p)) if p.is_empty() => None,
            (None, Some(p)) => Some((format!("{prefix}{sec}/{}/", url_part(p)), "its URL on the old site")),
        };
        // The slug the old site used is the last part of its URL (`path`'s, or the `slug`
        // or name as Zola slugged it: `slug = "Привет мир"` was `privet-mir` under its
        // default), so where that URL has brief's form it stays; the name alone
        // where that part holds the date too (matrix.org's `path =
        // "/blog/2024/10/2024-10-15-security-disclosure-…"`), as brief's URL has the date.
        if kind == Kind::Briefing {
            let last = match &part {
                Some(p) => Some(p.clone()).filter(|p| !p.is_empty()),
                None => old.as_ref().and_then(|(u, _)| last_segment(u)),
            };
            let last = last.map(|l| match dated_name(&l) {
                Some((_, rest)) if !rest.trim_start_matches(['-', '_']).is_empty() => {
                    rest.trim_start_matches(['-', '_']).to_string()
                }
                _ => l,
            });
            e.fm.slug = Some(last.or_else(|| slug.clone()).unwrap_or_else(|| name_slug.clone()));
        }
        // A draft was never published: it had no URL to keep.
        if !e.fm.draft {
            e.old_urls.extend(old);
            for a in get("aliases").map(|v| list_of(v, false)).unwrap_or_default() {
                e.old_urls.push((format!("/{}", a.trim_start_matches('/')), "aliases"));
            }
        }
    }
    for (k, v) in fm {
        if !MAPPED.contains(&k.as_str()) {
            e.fm.keep(GEN, k, v.clone());
            e.notes.push(Note::new(m.line_of(k), NoteKind::Extra, format!("{k} → extra.zola.{k}")));
        }
    }
    e.keys = vec![format!("zola:{}", f.rel.to_string_lossy().replace('\\', "/"))];
    e.translation = match f.role {
        Role::Bundle => dirs.join("/"),
        _ => f.rel.parent().unwrap_or(Path::new("")).join(&f.base).to_string_lossy().replace('\\', "/"),
    };
    Some(e)
}

/// A link to Zola's home section, `@/_index.md` (or `@/_index.fr.md` for an edition):
/// the import skips that file, as brief makes each edition's home page itself, so the
/// link goes to that home (with its `#anchor`).
pub(crate) fn home_link(ctx: &Ctx, target: &str) -> Option<String> {
    let (path, frag) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
    let code = match path.trim_start_matches('/') {
        "_index.md" => None,
        p => Some(p.strip_prefix("_index.")?.strip_suffix(".md")?),
    };
    let default = ctx.site.get("default_language").and_then(|v| v.as_str()).unwrap_or("en");
    let edition = match code {
        Some(c) if c != default => {
            ctx.site.get("languages").and_then(|l| l.get(c))?;
            format!("{}/", crate::config::code_key(c))
        }
        _ => String::new(),
    };
    let url = format!("{}{edition}", ctx.base_path);
    Some(frag.map_or_else(|| url.clone(), |f| format!("{url}#{f}")))
}

#[cfg(test)]
mod tests {
    use super::super::finish::with_test_ctx;
    use super::*;

    #[test]
    fn slugs_and_path_dates() {
        assert_eq!(zola_slug("Hello, World_2"), "hello-world-2");
        // Zola transliterates other scripts (its `slug` crate, through deunicode).
        assert_eq!(zola_slug("crème-brûlée"), "creme-brulee");
        assert_eq!(zola_slug("ünïcode-ñame"), "unicode-name");
        assert_eq!(zola_slug("Привет мир"), "privet-mir");
        assert_eq!(date_in_path("blog/2024/07/12/launch"), Some("2024-07-12".into()));
        assert_eq!(date_in_path("2024-07-12-launch"), Some("2024-07-12".into()));
        assert_eq!(date_in_path("about"), None);
    }

    /// canxin121/duckquill-blog links `[首页](@/_index.md)` from its posts: the home
    /// section is skipped (brief makes the home page), so the link was left broken.
    #[test]
    fn zola_links_to_the_home_section_go_to_the_edition_home() {
        let site: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(r#"{"default_language": "zh-Hans", "languages": {"en": {}, "zh_TW": {}}}"#).unwrap();
        let body = "[a](@/_index.md) [b](@/_index.en.md#top) [c](@/_index.zh-Hans.md) [d](@/_index.zh_TW.md) [e](@/_index.fr.md)";
        let c = with_test_ctx(&[], &site, &[], |ctx| super::super::shortcodes::zola(body, ctx));
        assert_eq!(c.text, "[a](/) [b](/en/#top) [c](/) [d](/zh-tw/) [e](@/_index.fr.md)");
        let kinds: Vec<NoteKind> = c.notes.iter().map(|n| n.1).collect();
        assert_eq!(
            kinds,
            [
                NoteKind::Converted,
                NoteKind::Converted,
                NoteKind::Converted,
                NoteKind::Converted,
                NoteKind::NotConverted
            ]
        );
    }
}
