//! One content file's text → a [`Briefing`] or [`Page`], with every problem as a
//! [`Diagnostic`] that points at the file, line and column. Pure.

use std::path::{Path, PathBuf};

use jiff::ZonedDateTime as Zoned;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

pub mod authors;
pub mod frontmatter;
pub mod markdown;
mod record;
pub mod slug;
pub mod summary;
pub mod text;
pub mod title;

use crate::config::Config;
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{Briefing, Page, UrlPos};
use crate::yaml;
use frontmatter::{KEYS, RawFrontMatter, SplitError};
use record::{default_id, notices};
use slug::slugify;

/// The parse of one file: the item when it could be made, and all diagnostics.
#[derive(Debug, Default)]
pub struct Parsed<T> {
    /// The item, when no error stopped it.
    pub item: Option<T>,
    /// Errors and warnings, in file order.
    pub diags: Vec<Diagnostic>,
}

/// Parse a date as written in front matter: `YYYY-MM-DD` (that day, midnight, in `tz`),
/// RFC 3339 with an offset, or a date and time without offset (in `tz`).
pub fn parse_date(s: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let s = s.trim();
    if s.len() == 10 {
        let d: Date = s.parse().map_err(|e: jiff::Error| e.to_string())?;
        return d.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string());
    }
    let has_offset = {
        let tail = s.get(10..).unwrap_or("");
        tail.ends_with('Z') || tail.ends_with('z') || tail.contains('+') || tail.rfind('-').is_some()
    };
    if has_offset {
        let ts: jiff::Timestamp = s.parse().map_err(|e: jiff::Error| e.to_string())?;
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    let dt: DateTime = s.parse().map_err(|e: jiff::Error| e.to_string())?;
    dt.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string())
}

const DATE_HINT: &str = "write the date as `YYYY-MM-DD` or RFC 3339 with an offset, like `2024-07-12T09:30:00+09:00`";

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    yaml: &'a str,
    yaml_line: usize,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error at the value of front-matter `key`.
    fn at_key(&mut self, key: &str, message: String, hint: &str) {
        let (l, c) = yaml::value_position(self.yaml, key);
        let d = Diagnostic::error(self.path, message).at(self.text, l + self.yaml_line - 1, c).hint(hint);
        self.diags.push(d);
    }

    /// An error at the `url:` of source number `k` (0-based) in the front matter.
    fn at_source_url(&mut self, k: usize, message: String, hint: &str) {
        let (line, col) = source_url_position(self.yaml, k);
        let d = Diagnostic::error(self.path, message).at(self.text, line + self.yaml_line - 1, col).hint(hint);
        self.diags.push(d);
    }

    /// An error at `field` of item `k` of the front-matter list `key`.
    fn at_item(&mut self, key: &str, k: usize, field: &str, message: String, hint: &str) {
        let (line, col) = yaml::list_item_field_position(self.yaml, key, k, field);
        let d = Diagnostic::error(self.path, message).at(self.text, line + self.yaml_line - 1, col).hint(hint);
        self.diags.push(d);
    }

    /// `title` is absent (point at the opening line) or empty (point at it).
    fn missing_title(&mut self) {
        let has_key = yaml::top_level_keys(self.yaml).iter().any(|k| k.name == "title");
        let (line, col) = if has_key {
            let (l, c) = yaml::value_position(self.yaml, "title");
            (l + self.yaml_line - 1, c)
        } else {
            (1, 1)
        };
        let msg = if has_key { "empty title" } else { "missing title" };
        self.diags.push(
            Diagnostic::error(self.path, msg).at(self.text, line, col).hint("add `title: \"...\"` to the front matter"),
        );
    }

    /// Line, column and text of the front-matter line a briefing's URL comes from.
    fn url_pos(&self) -> UrlPos {
        let keys = yaml::top_level_keys(self.yaml);
        let key = if keys.iter().any(|k| k.name == "slug") { "slug" } else { "title" };
        let (l, c) = yaml::value_position(self.yaml, key);
        let line = l + self.yaml_line - 1;
        UrlPos { line, col: c, text: self.text.lines().nth(line - 1).unwrap_or("").to_string() }
    }

    fn date(&mut self, key: &str, value: &str, tz: &TimeZone) -> Option<Zoned> {
        match parse_date(value, tz) {
            Ok(z) => Some(z),
            Err(e) => {
                self.at_key(key, format!("invalid {key} `{value}`: {e}"), DATE_HINT);
                None
            }
        }
    }
}

/// Split and deserialize; on failure the diagnostics say where.
fn front_matter<'a>(
    path: &'a Path,
    text: &'a str,
    cfg: &Config,
) -> Result<(Ctx<'a>, RawFrontMatter, &'a str), Vec<Diagnostic>> {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            let d = if text.trim().is_empty() {
                Diagnostic::error(path, "empty file").hint("start the file with a `---` line, the front matter (at least `title:` and `date:`), and a closing `---`")
            } else {
                Diagnostic::error(path, "no front matter")
                    .at(text, 1, 1)
                    .hint("start the file with a `---` line, then `title:` and `date:`, then a closing `---` line")
            };
            return Err(vec![d]);
        }
        Err(SplitError::Unclosed) => {
            return Err(vec![
                Diagnostic::error(path, "front matter is never closed")
                    .at(text, 1, 1)
                    .hint("add a `---` line after the last front-matter line"),
            ]);
        }
    };
    let mut ctx = Ctx { path, text, yaml: split.yaml, yaml_line: split.yaml_line, diags: Vec::new() };
    let raw = match frontmatter::parse(split.yaml) {
        Ok(r) => r,
        Err(e) => {
            let line = if e.line == 0 { 1 } else { e.line + split.yaml_line - 1 };
            let d = Diagnostic::error(path, format!("invalid front matter: {}", e.message))
                .at(text, line, e.col.max(1))
                .hint(yaml_hint(&e.message));
            return Err(vec![d]);
        }
    };
    let known: Vec<&str> = KEYS.iter().copied().chain(cfg.taxonomies.iter().map(String::as_str)).collect();
    for key in yaml::top_level_keys(split.yaml) {
        if !known.contains(&key.name.as_str()) {
            let mut d = Diagnostic::warning(path, format!("unknown front-matter key `{}`", key.name)).at(
                text,
                key.line + split.yaml_line - 1,
                1,
            );
            d = match did_you_mean(&key.name, &known) {
                Some(s) => d.hint(format!("did you mean `{s}`? (put custom values under `extra:`)")),
                None => d.hint("put custom values under `extra:`; known keys are listed in the README"),
            };
            ctx.diags.push(d);
        }
    }
    Ok((ctx, raw, split.body))
}

fn yaml_hint(message: &str) -> String {
    if message.contains("expected a sequence") {
        "write lists in brackets, like `tags: [north-korea, nato]`".into()
    } else if message.contains("invalid type") {
        "check the value's type against the content format in the README".into()
    } else {
        "fix the YAML syntax; quote values that contain `: ` or start with a special character".into()
    }
}

/// 1-based (line, column) in the YAML text of the `url:` value of source `k`.
fn source_url_position(yaml_text: &str, k: usize) -> (usize, usize) {
    yaml::list_item_field_position(yaml_text, "sources", k, "url")
}

/// The authors as written (trimmed, blanks dropped) and their slugs; two spellings of
/// one author count once, and a name with no letter or digit (no page) is an error.
fn authors(ctx: &mut Ctx, written: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut slugs = Vec::new();
    for a in written {
        let name = a.trim();
        if name.is_empty() {
            continue;
        }
        let slug = slugify(name);
        if slug.is_empty() {
            ctx.at_key(
                "authors",
                format!("author `{name}` has no letters or digits"),
                "write the author's name; each author gets a page at /authors/<name>/",
            );
        } else if !slugs.contains(&slug) {
            names.push(name.to_string());
            slugs.push(slug);
        }
    }
    (names, slugs)
}

/// Whether `url` may be published as a link: `http`, `https` or `mailto` only.
pub(crate) fn check_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p) && lower.len() > p.len())
        && !url.chars().any(|c| c.is_control())
}

/// Parse a briefing's text. `path` is as shown in messages; `dir` its folder under `content/`.
pub fn parse_briefing(path: &Path, dir: PathBuf, bundle: bool, text: &str, cfg: &Config) -> Parsed<Briefing> {
    let (mut ctx, raw, body) = match front_matter(path, text, cfg) {
        Ok(x) => x,
        Err(diags) => return Parsed { item: None, diags },
    };
    let title = raw.title.unwrap_or_default().trim().to_string();
    if title.is_empty() {
        ctx.missing_title();
    }
    let date = match raw.date.as_deref() {
        None => {
            ctx.diags.push(Diagnostic::error(path, "missing date").at(text, 1, 1).hint(
                "add `date: YYYY-MM-DD` to the front matter (or move the file to content/pages/ if it is not a briefing)",
            ));
            None
        }
        Some(d) => ctx.date("date", d, &cfg.timezone),
    };
    let updated = raw.updated.as_deref().and_then(|u| ctx.date("updated", u, &cfg.timezone));
    let mut terms = Vec::with_capacity(cfg.taxonomies.len());
    let mut term_slugs = Vec::with_capacity(cfg.taxonomies.len());
    let extra_terms = if cfg.taxonomies.iter().any(|t| t != "tags") {
        let names: Vec<String> = cfg.taxonomies.iter().filter(|t| *t != "tags").cloned().collect();
        match frontmatter::parse_taxonomies(ctx.yaml, &names) {
            Ok(v) => names.into_iter().zip(v).collect(),
            Err(e) => {
                let d = Diagnostic::error(path, format!("invalid front matter: {}", e.message))
                    .at(text, e.line + ctx.yaml_line - 1, e.col.max(1))
                    .hint("write lists in brackets, like `regions: [asia, europe]`");
                ctx.diags.push(d);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    for tax in &cfg.taxonomies {
        let values = if tax == "tags" {
            raw.tags.clone().unwrap_or_default()
        } else {
            extra_terms.iter().find(|(n, _)| n == tax).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        let mut clean = Vec::new();
        let mut slugs = Vec::new();
        for v in values {
            let name = v.trim().to_string();
            let slug = slugify(&name);
            if slug.is_empty() {
                ctx.at_key(
                    tax,
                    format!("{tax} entry `{name}` has no letters or digits"),
                    "remove it, or give it a name with at least one letter or digit",
                );
            } else if !slugs.contains(&slug) {
                // Two spellings of one tag in one briefing count once.
                clean.push(name);
                slugs.push(slug);
            }
        }
        terms.push(clean);
        term_slugs.push(slugs);
    }
    let slug = match raw.slug.as_deref() {
        Some(s) => {
            let slug = slugify(s);
            if slug.is_empty() {
                ctx.at_key("slug", format!("slug `{s}` has no letters or digits"), "use letters, digits and `-`");
            }
            slug
        }
        None => {
            let s = slugify(&title);
            if s.is_empty() && !title.is_empty() {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let from_file = slugify(&stem);
                if from_file.is_empty() {
                    ctx.at_key(
                        "title",
                        "cannot make a URL slug from this title".into(),
                        "add `slug: some-words` to the front matter",
                    );
                }
                from_file
            } else {
                s
            }
        }
    };
    let (authors, author_slugs) = authors(&mut ctx, raw.authors.unwrap_or_default());
    let mut sources = raw.sources.unwrap_or_default();
    for (k, s) in sources.iter_mut().enumerate() {
        if let Some(u) = &s.url {
            if !check_url(u) {
                let shown: String = u.chars().take(60).collect();
                ctx.at_source_url(
                    k,
                    format!("source URL `{shown}` is not allowed"),
                    "source URLs must start with `http://`, `https://` or `mailto:`",
                );
            }
            s.url = Some(u.trim().to_string());
        }
    }
    let id = match raw.id.as_deref().map(str::trim) {
        Some(id) if id.is_empty() || id.chars().any(char::is_control) => {
            ctx.at_key(
                "id",
                format!("id `{id}` is empty or holds control characters"),
                "use letters, digits, `/` and `-`",
            );
            String::new()
        }
        Some(id) => id.to_string(),
        None => default_id(&dir, bundle, path),
    };
    let mut aliases = Vec::new();
    for a in raw.aliases.unwrap_or_default() {
        let a = a.trim().to_string();
        if crate::lock::is_site_path(&a) && !a.contains(['?', '#']) {
            aliases.push(a);
        } else {
            ctx.at_key(
                "aliases",
                format!("alias `{a}` is not a site path"),
                "write each alias as a path from the site's base, like `/2024/07/12/old-slug/`",
            );
        }
    }
    let corrections = notices(&mut ctx, "corrections", raw.corrections.unwrap_or_default(), &cfg.timezone);
    let updates = notices(&mut ctx, "updates", raw.updates.unwrap_or_default(), &cfg.timezone);
    let expires = raw.expires.as_deref().and_then(|e| ctx.date("expires", e, &cfg.timezone));
    if let (Some(d), Some(e)) = (&date, &expires)
        && e.timestamp() <= d.timestamp()
    {
        ctx.at_key(
            "expires",
            format!("expires `{}` is not after the briefing's date", raw.expires.as_deref().unwrap_or_default()),
            "give a time after `date:`, or remove `expires:`",
        );
    }
    if ctx.diags.iter().any(Diagnostic::is_error) {
        return Parsed { item: None, diags: ctx.diags };
    }
    let (Some(date), false) = (date, title.is_empty()) else {
        return Parsed { item: None, diags: ctx.diags };
    };
    let mut r = markdown::render(body);
    // Every briefing stays in memory until the build ends: keep no spare capacity.
    r.html.shrink_to_fit();
    let summary = summary(raw.summary.as_deref(), &r);
    let shown = title::render_title(&title);
    let url_pos = ctx.url_pos();
    let item = Briefing {
        url_pos,
        source: path.to_path_buf(),
        dir,
        bundle,
        title_html: (shown.html != text::escape_html(&shown.text)).then(|| shown.html.into()),
        title: shown.text,
        slug,
        date,
        updated,
        terms,
        term_slugs,
        summary_is_explicit: summary.explicit,
        content: crate::model::Body::new(&r.html, &text::search_words(&r.text), &summary.text, &r.toc),
        summary_html: summary.html,
        reading_time: r.word_count.div_ceil(200).max(1),
        word_count: r.word_count,
        authors,
        author_slugs,
        sources,
        draft: raw.draft.unwrap_or(false),
        extra: raw.extra.unwrap_or_else(|| serde_json::Value::Object(Default::default())),
        id,
        aliases,
        corrections,
        updates,
        expires,
        expired: false,
    };
    Parsed { item: Some(item), diags: ctx.diags }
}

/// The summary: front matter, else before `<!-- more -->`, else the first paragraph
/// (see [`summary::summarize`]).
fn summary(front: Option<&str>, r: &markdown::Rendered) -> summary::Summary {
    summary::summarize(front, r.before_more.as_deref(), r.first_paragraph.as_deref())
}

/// Parse a standalone page's text.
pub fn parse_page(path: &Path, text: &str, cfg: &Config) -> Parsed<Page> {
    let (mut ctx, raw, body) = match front_matter(path, text, cfg) {
        Ok(x) => x,
        Err(diags) => return Parsed { item: None, diags },
    };
    let title = raw.title.unwrap_or_default().trim().to_string();
    if title.is_empty() {
        ctx.missing_title();
    }
    let date = raw.date.as_deref().and_then(|d| ctx.date("date", d, &cfg.timezone));
    let updated = raw.updated.as_deref().and_then(|u| ctx.date("updated", u, &cfg.timezone));
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = slugify(raw.slug.as_deref().unwrap_or(&stem));
    if slug.is_empty() {
        ctx.at_key("slug", "cannot make a URL slug for this page".into(), "add `slug: some-words` to the front matter");
    }
    if ctx.diags.iter().any(Diagnostic::is_error) {
        return Parsed { item: None, diags: ctx.diags };
    }
    let r = markdown::render(body);
    let summary_text = summary(raw.summary.as_deref(), &r).text;
    let shown = title::render_title(&title);
    let item = Page {
        source: path.to_path_buf(),
        title: shown.text,
        title_html: shown.html,
        slug,
        date,
        updated,
        summary_text,
        content_html: r.html,
        toc: r.toc,
        word_count: r.word_count,
        draft: raw.draft.unwrap_or(false),
        extra: raw.extra.unwrap_or_else(|| serde_json::Value::Object(Default::default())),
    };
    Parsed { item: Some(item), diags: ctx.diags }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        Config::default()
    }

    fn brief(text: &str) -> Parsed<Briefing> {
        parse_briefing(Path::new("content/a.md"), PathBuf::new(), false, text, &cfg())
    }

    #[test]
    fn parses_a_full_briefing() {
        let p = brief(
            "---\ntitle: \"A & B\"\ndate: 2024-07-12\ntags: [North Korea, nato]\nsources:\n  - title: KCNA\n    url: https://example.org/k\n---\nFirst para.\n\n## Next\n\nMore.\n",
        );
        assert_eq!(p.diags, vec![]);
        let b = p.item.unwrap();
        assert_eq!(b.slug, "a-b");
        assert_eq!(b.date.to_string(), "2024-07-12T00:00:00+00:00[UTC]");
        assert_eq!(b.terms, vec![vec!["North Korea".to_string(), "nato".to_string()]]);
        assert_eq!(b.summary_html, "<p>First para.</p>\n");
        let body = b.content.unpack();
        assert_eq!(body.summary_text(), "First para.");
        assert_eq!(body.toc()[0].id, "next");
    }

    #[test]
    fn dates_in_site_zone() {
        let seoul = TimeZone::get("Asia/Seoul").unwrap();
        let z = parse_date("2024-07-11T23:30:00Z", &seoul).unwrap();
        assert_eq!(z.date().to_string(), "2024-07-12");
        let z = parse_date("2024-07-11", &seoul).unwrap();
        assert_eq!(z.to_string(), "2024-07-11T00:00:00+09:00[Asia/Seoul]");
        let z = parse_date("2024-07-11 08:00", &seoul).unwrap();
        assert_eq!(z.to_string(), "2024-07-11T08:00:00+09:00[Asia/Seoul]");
        assert!(parse_date("2024-02-30", &seoul).is_err());
        assert!(parse_date("2024-13-01", &seoul).is_err());
        assert!(parse_date("yesterday", &seoul).is_err());
    }

    #[test]
    fn bad_date_points_at_its_line() {
        let p = brief("---\ntitle: x\ndate: 2024-02-30\n---\nbody\n");
        assert!(p.item.is_none());
        assert_eq!((p.diags[0].line, p.diags[0].col), (3, 7));
        assert!(p.diags[0].message.starts_with("invalid date `2024-02-30`"), "{}", p.diags[0].message);
    }

    #[test]
    fn yaml_error_line_is_in_file_terms() {
        let p = brief("---\ntitle: x\ndate: 2024-01-01\ntags: [a\n---\n");
        assert!(p.item.is_none());
        assert!(p.diags[0].line >= 4, "{:?}", p.diags);
    }

    #[test]
    fn missing_fields_are_all_reported() {
        let p = brief("---\nslug: x\n---\nbody\n");
        let msgs: Vec<_> = p.diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, vec!["missing title", "missing date"]);
    }

    #[test]
    fn unknown_key_warns_with_suggestion() {
        let p = brief("---\ntitle: x\ndate: 2024-01-01\ntag: [a]\n---\n");
        assert!(p.item.is_some());
        assert_eq!(p.diags.len(), 1);
        assert_eq!(
            (p.diags[0].line, p.diags[0].hint.as_deref()),
            (4, Some("did you mean `tags`? (put custom values under `extra:`)"))
        );
    }

    #[test]
    fn javascript_source_is_rejected_on_its_line() {
        let p =
            brief("---\ntitle: x\ndate: 2024-01-01\nsources:\n  - title: a\n    url: \"javascript:alert(1)\"\n---\n");
        assert!(p.item.is_none());
        assert_eq!(p.diags[0].line, 6);
    }

    #[test]
    fn source_url_error_points_at_its_own_url_line() {
        let text = "---\ntitle: \"javascript:alert(1) is bad\"\ndate: 2024-01-01\nsources:\n  - title: ok\n    url: https://e.org/\n  - url: \"java\\tscript:x\"\n    title: bad\n---\n";
        let p = brief(text);
        assert_eq!((p.diags[0].line, p.diags[0].col), (7, 11), "{:?}", p.diags);
    }

    #[test]
    fn hostile_slug_is_made_safe() {
        let p = brief("---\ntitle: x\ndate: 2024-01-01\nslug: ../../x\n---\n");
        assert_eq!(p.item.unwrap().slug, "x");
    }

    #[test]
    fn front_matter_summary_is_escaped() {
        let p = brief("---\ntitle: x\ndate: 2024-01-01\nsummary: \"<script>alert(1)</script>\"\n---\n");
        assert_eq!(p.item.unwrap().summary_html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    }
}
