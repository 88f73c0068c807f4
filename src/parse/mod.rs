//! One content file's text → a [`Briefing`] or [`Page`], with every problem as a
//! [`Diagnostic`] that points at the file, line and column. Pure.

use std::path::Path;

use jiff::ZonedDateTime as Zoned;
use jiff::tz::TimeZone;

pub mod authors;
mod date;
pub mod frontmatter;
pub mod highlight;
pub mod lang;
pub mod markdown;
mod record;
pub mod slug;
pub mod summary;
mod terms;
pub mod text;
pub mod title;

pub use date::parse_date;
use date::{DATE_HINT, OFFSET_HINT, offset_out_of_range};

use crate::config::Config;
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{Briefing, Page, UrlPos};
use crate::yaml;
use frontmatter::{KEYS, RawFrontMatter, SplitError};
pub use lang::Place;
use record::{aliases, default_id, notices};
use slug::{MAX_BYTES, explicit_slug_changed, slugify, slugify_uncut};

/// The parse of one file: the item when it could be made, and all diagnostics.
#[derive(Debug, Default)]
pub struct Parsed<T> {
    /// The item, when no error stopped it.
    pub item: Option<T>,
    /// Errors and warnings, in file order.
    pub diags: Vec<Diagnostic>,
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    yaml: &'a str,
    yaml_line: usize,
    /// 1-based line of the file where the Markdown body starts.
    body_line: usize,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// The edition of a file: front matter `lang:`, else its place, else the default.
    /// An unconfigured code is an error at its line.
    fn lang(&mut self, written: Option<&str>, place: &Place, cfg: &Config) -> usize {
        match written.map(str::trim) {
            None => place.edition.unwrap_or(0),
            Some(code) => match cfg.edition_of(code) {
                Some(e) => e,
                None => {
                    let known = cfg.edition_codes().join(", ");
                    self.at_key(
                        "lang",
                        format!("language `{code}` is not configured"),
                        &format!("use one of {known}, or add `{code}` under `languages:` in site.yaml"),
                    );
                    place.edition.unwrap_or(0)
                }
            },
        }
    }

    /// `translation_key:` as written, checked.
    fn translation_key(&mut self, written: Option<&str>) -> Option<String> {
        let k = written?.trim();
        if k.is_empty() || k.chars().any(char::is_control) {
            self.at_key(
                "translation_key",
                format!("translation_key `{k}` is empty or holds control characters"),
                "give every translation of one briefing the same key, like `nk-nato-2024`",
            );
            return None;
        }
        Some(k.to_string())
    }

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

    /// An error at item `k` of the front-matter list `key` (bracketed or `- ` lines).
    fn at_list_item(&mut self, key: &str, k: usize, message: String, hint: &str) {
        let (line, col) = yaml::list_item_position(self.yaml, key, k);
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

    /// Line, column and text of item `k` of the front-matter list `key`.
    fn list_item_pos(&self, key: &str, k: usize) -> UrlPos {
        let (l, c) = yaml::list_item_position(self.yaml, key, k);
        let line = l + self.yaml_line - 1;
        UrlPos { line, col: c, text: self.text.lines().nth(line - 1).unwrap_or("").to_string() }
    }

    fn date(&mut self, key: &str, value: &str, tz: &TimeZone) -> Option<Zoned> {
        match parse_date(value, tz) {
            Ok(z) => Some(z),
            Err(e) => {
                let message = format!("invalid {key} `{}`: {e}", value.trim());
                match offset_out_of_range(value.trim()) {
                    // Point at the offset itself.
                    Some((at, _)) => {
                        let (l, c) = yaml::value_position(self.yaml, key);
                        let line = l + self.yaml_line - 1;
                        let written = self.text.lines().nth(line - 1).unwrap_or("");
                        let value_start: usize = written.chars().take(c - 1).map(char::len_utf8).sum();
                        let col = written
                            .get(value_start..)
                            .and_then(|rest| rest.find(value.trim()))
                            .map(|k| {
                                written[..value_start + k].chars().count() + value.trim()[..at].chars().count() + 1
                            })
                            .unwrap_or(c);
                        let d = Diagnostic::error(self.path, message).at(self.text, line, col).hint(OFFSET_HINT);
                        self.diags.push(d);
                    }
                    None if e == date::BEYOND_RANGE => self.at_key(
                        key,
                        message,
                        "give a date up to 9999-12-30; to keep a briefing from being published, write `draft: true`",
                    ),
                    None => self.at_key(key, message, DATE_HINT),
                }
                None
            }
        }
    }

    /// A warning at the value of front-matter `key`.
    fn warn_at_key(&mut self, key: &str, message: String, hint: String) {
        let (l, c) = yaml::value_position(self.yaml, key);
        let d = Diagnostic::warning(self.path, message).at(self.text, l + self.yaml_line - 1, c).hint(hint);
        self.diags.push(d);
    }

    /// The slug of an explicit `slug:` value: made safe, never cut; a warning when that
    /// changed more than its case and spaces, an error when nothing or too much is left.
    fn explicit_slug(&mut self, written: &str) -> String {
        let slug = slugify_uncut(written);
        if slug.is_empty() {
            self.at_key("slug", format!("slug `{written}` has no letters or digits"), "use letters, digits and `-`");
        } else if slug.len() > MAX_BYTES {
            self.at_key(
                "slug",
                format!("slug is {} bytes long; a folder name holds at most {MAX_BYTES}", slug.len()),
                "shorten the slug",
            );
        } else if explicit_slug_changed(written, &slug) {
            self.warn_at_key(
                "slug",
                format!("slug `{}` became `{slug}`", written.trim()),
                format!("slugs keep letters, digits and `-`; write `slug: {slug}` to use it as it is"),
            );
        }
        slug
    }

    /// Warnings for fenced code blocks in a language brief cannot highlight.
    fn unknown_languages(&mut self, r: &markdown::Rendered) {
        for u in &r.unknown_langs {
            let d = Diagnostic::warning(self.path, format!("unknown code language `{}`", u.lang))
                .at(self.text, self.body_line + u.line - 1, u.col)
                .hint("the block is shown as plain text; name a language such as `rust`, `python`, `bash` or `json`, or `text`");
            self.diags.push(d);
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
            } else if text.trim_start().starts_with("+++") || text.trim_start().starts_with('{') {
                // Hugo's and Zola's TOML front matter, or Hugo's JSON.
                let what = if text.trim_start().starts_with('{') { "JSON" } else { "TOML (`+++`)" };
                Diagnostic::error(path, format!("front matter in {what}, as Hugo or Zola write it: brief reads YAML"))
                    .at(text, 1, 1)
                    .hint("write it as YAML between `---` lines (`title = \"x\"` is `title: \"x\"`), or bring the whole site over with `brief import hugo` or `brief import zola`")
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
    let mut ctx =
        Ctx { path, text, yaml: split.yaml, yaml_line: split.yaml_line, body_line: split.body_line, diags: Vec::new() };
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

/// Whether `url` may be published as a link: `http`, `https` or `mailto` only.
pub(crate) fn check_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p) && lower.len() > p.len())
        && !url.chars().any(|c| c.is_control())
}

/// Parse a briefing's text. `path` is as shown in messages; `dir` its folder under `content/`.
pub fn parse_briefing(path: &Path, place: &Place, text: &str, cfg: &Config) -> Parsed<Briefing> {
    let (dir, bundle) = (place.dir.clone(), place.bundle);
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
            let hint = if path.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("_index")) {
                "`_index.md` is a Hugo or Zola section's page, and brief makes its own lists: remove it, or move it to content/pages/ as a page of its own"
            } else {
                "add `date: YYYY-MM-DD` to the front matter (or move the file to content/pages/ if it is not a briefing)"
            };
            ctx.diags.push(Diagnostic::error(path, "missing date").at(text, 1, 1).hint(hint));
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
        let (clean, slugs) = terms::terms(&mut ctx, tax, values);
        terms.push(clean);
        term_slugs.push(slugs);
    }
    let mut uncut_slug = None;
    let slug = match raw.slug.as_deref() {
        Some(s) => ctx.explicit_slug(s),
        None => {
            let s = slugify(&title);
            let whole = slugify_uncut(&title);
            if whole != s {
                uncut_slug = Some(whole);
            }
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
    let (authors, author_slugs) = terms::authors(&mut ctx, raw.authors.unwrap_or_default());
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
        None => {
            let id = if place.key.is_empty() { default_id(&dir, bundle, path) } else { place.key.clone() };
            if id.chars().any(char::is_control) {
                // urls.lock holds one `URL ID` line per URL: such an id could not be read back.
                ctx.diags.push(
                    Diagnostic::error(
                        path,
                        "the file's path holds control characters (a line break, say), and so would its id",
                    )
                    .hint("rename the file, or give it an `id:` in its front matter"),
                );
            }
            id
        }
    };
    let lang = ctx.lang(raw.lang.as_deref(), place, cfg);
    let translation_key = ctx.translation_key(raw.translation_key.as_deref()).unwrap_or_else(|| id.clone());
    let (aliases, alias_pos) = aliases(&mut ctx, raw.aliases.unwrap_or_default());
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
    let mut r =
        markdown::render_with(body, &markdown::Settings { title: Some(&title), shift_headings: cfg.shift_headings });
    ctx.unknown_languages(&r);
    // Every briefing stays in memory until the build ends: keep no spare capacity.
    r.html.shrink_to_fit();
    let summary = summary(raw.summary.as_deref(), &r);
    let shown = title::render_title(&title);
    let url_pos = ctx.url_pos();
    let item = Briefing {
        url_pos,
        alias_pos,
        source: path.to_path_buf(),
        dir,
        bundle,
        title_html: (shown.html != text::escape_html(&shown.text)).then(|| shown.html.into()),
        title: shown.text,
        slug,
        uncut_slug,
        date,
        updated,
        terms,
        term_slugs,
        summary_is_explicit: summary.explicit,
        content: crate::model::Body::new(&r.html, &text::search_words(&r.text), &summary.text, &summary.html, &r.toc),
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
        lang,
        translation_key,
    };
    Parsed { item: Some(item), diags: ctx.diags }
}

/// The summary: front matter, else before `<!-- more -->`, else the first paragraph
/// (see [`summary::summarize`]).
fn summary(front: Option<&str>, r: &markdown::Rendered) -> summary::Summary {
    summary::summarize(front, r.before_more.as_deref(), r.first_paragraph.as_deref())
}

/// Parse a standalone page's text.
pub fn parse_page(path: &Path, place: &Place, text: &str, cfg: &Config) -> Parsed<Page> {
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
    let stem = if place.stem.is_empty() {
        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        place.stem.clone()
    };
    // A page bundle is named by its folder, as a briefing bundle is.
    let bundle = place.page_bundle();
    let name = bundle.map_or(stem.as_str(), |folder| folder);
    let lang = ctx.lang(raw.lang.as_deref(), place, cfg);
    let translation_key = ctx
        .translation_key(raw.translation_key.as_deref())
        .unwrap_or_else(|| if place.key.is_empty() { stem.clone() } else { place.key.clone() });
    let slug = match raw.slug.as_deref() {
        Some(s) => ctx.explicit_slug(s),
        None => {
            let slug = slugify(name);
            if slug.is_empty() {
                ctx.at_key(
                    "slug",
                    "cannot make a URL slug for this page".into(),
                    "add `slug: some-words` to the front matter",
                );
            }
            slug
        }
    };
    if ctx.diags.iter().any(Diagnostic::is_error) {
        return Parsed { item: None, diags: ctx.diags };
    }
    let r =
        markdown::render_with(body, &markdown::Settings { title: Some(&title), shift_headings: cfg.shift_headings });
    ctx.unknown_languages(&r);
    let summary_text = summary(raw.summary.as_deref(), &r).text;
    let shown = title::render_title(&title);
    let item = Page {
        source: path.to_path_buf(),
        dir: place.dir.clone(),
        bundle: bundle.is_some(),
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
        lang,
        translation_key,
    };
    Parsed { item: Some(item), diags: ctx.diags }
}

#[cfg(test)]
mod tests;
