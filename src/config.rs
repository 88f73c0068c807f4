//! `site.yaml` → a validated [`Config`] with defaults. `from_str` is pure; `load` reads the file.

use std::path::Path;

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diag::{Diagnostic, did_you_mean};
use crate::yaml;
use language::{invalid_code, is_language_tag, mapping_key_position};

mod language;

/// Keys `site.yaml` accepts; anything else is an error with a did-you-mean.
pub const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "languages",
    "timezone",
    "theme",
    "paginate",
    "permalink",
    "taxonomies",
    "strict",
    "feed_limit",
    "relative_urls",
    "max_file_size",
    "shift_headings",
    "search_index_json",
    "author",
    "expired",
    "extra",
];

use crate::model::{RESERVED_ROOTS, is_taxonomy_name};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    languages: Option<OrderedLanguages>,
    timezone: Option<String>,
    theme: Option<String>,
    paginate: Option<usize>,
    permalink: Option<String>,
    taxonomies: Option<Vec<String>>,
    strict: Option<bool>,
    feed_limit: Option<usize>,
    relative_urls: Option<bool>,
    max_file_size: Option<u64>,
    expired: Option<String>,
    shift_headings: Option<bool>,
    search_index_json: Option<bool>,
    author: Option<String>,
    extra: Option<serde_json::Value>,
}

/// The site's settings, validated, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Scheme and host of `base_url` without a trailing slash, e.g. `https://host`; empty
    /// when `base_url` is only a path.
    pub origin: String,
    /// Path part of `base_url`, always starting and ending with `/`, e.g. `/briefs/`.
    pub base_path: String,
    /// One-line description for feeds and meta tags.
    pub description: String,
    /// `<html lang>` value.
    pub language: String,
    /// IANA name of the site time zone.
    pub timezone_name: String,
    /// The site time zone: day pages and dates without a time use it.
    pub timezone: TimeZone,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Items per list page.
    pub paginate: usize,
    /// Briefing URL pattern with `:year`, `:month`, `:day`, `:slug`.
    pub permalink: String,
    /// Taxonomy names; `tags` by default.
    pub taxonomies: Vec<String>,
    /// Warnings are errors.
    pub strict: bool,
    /// Entries per feed.
    pub feed_limit: usize,
    /// Write internal links relative to each page.
    pub relative_urls: bool,
    /// Largest content file accepted, in bytes.
    pub max_file_size: u64,
    /// Shift each body's headings so its highest renders as `<h2>`, under the page's
    /// `<h1>` title.
    pub shift_headings: bool,
    /// Also write `/search-index.json`, the whole search index in one file (for tools
    /// that read it; the search page reads the sharded index).
    pub search_index_json: bool,
    /// Default author for feeds when a briefing names none.
    pub author: Option<String>,
    /// Expired briefings lose their page too (`expired: remove`), rather than keeping
    /// it, marked (`expired: keep`, the default).
    pub remove_expired: bool,
    /// Free-form values for templates.
    pub extra: serde_json::Value,
    /// The other language editions (`languages:`), in the order site.yaml lists them;
    /// the default language (`language`) is not among them.
    pub languages: Vec<LanguageSettings>,
}

/// One language edition besides the default (DESIGN section 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSettings {
    /// The BCP 47 code as written in site.yaml, `_` as `-` (`zh_TW` is `zh-TW`).
    pub code: String,
    /// The edition's title, else the site's.
    pub title: Option<String>,
    /// The edition's description, else the site's.
    pub description: Option<String>,
}

/// The settings of one entry of `languages:`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
}

/// `languages:` as written, in order (a YAML mapping, whose order serde maps lose).
#[derive(Debug, Default)]
struct OrderedLanguages(Vec<(String, RawLanguage)>);

impl<'de> Deserialize<'de> for OrderedLanguages {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OrderedLanguages;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of language codes to settings, like `ko: { title: \"…\" }`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some((k, s)) = m.next_entry::<String, Option<RawLanguage>>()? {
                    v.push((k, s.unwrap_or_default()));
                }
                Ok(OrderedLanguages(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// A language code as brief compares it: lowercase, `_` as `-` (`zh_TW` → `zh-tw`); also
/// its form in URLs.
pub fn code_key(code: &str) -> String {
    code.trim().to_ascii_lowercase().replace('_', "-")
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefings".into(),
            origin: String::new(),
            base_path: "/".into(),
            description: String::new(),
            language: "en".into(),
            timezone_name: "UTC".into(),
            timezone: TimeZone::UTC,
            theme: "default".into(),
            paginate: 20,
            permalink: "/:year/:month/:day/:slug/".into(),
            taxonomies: vec!["tags".into()],
            strict: false,
            feed_limit: 20,
            relative_urls: false,
            max_file_size: 10 * 1024 * 1024,
            remove_expired: false,
            shift_headings: true,
            search_index_json: false,
            author: None,
            extra: serde_json::Value::Object(Default::default()),
            languages: Vec::new(),
        }
    }
}

impl Config {
    /// Parse and validate a `site.yaml` text. `path` is only used in diagnostics.
    pub fn from_str(text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for key in yaml::top_level_keys(text) {
            if !KEYS.contains(&key.name.as_str()) {
                let mut d =
                    Diagnostic::error(path, format!("unknown key `{}` in site.yaml", key.name)).at(text, key.line, 1);
                d = match did_you_mean(&key.name, KEYS) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("known keys: {}", KEYS.join(", "))),
                };
                diags.push(d);
            }
        }
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            match yaml::from_str(text) {
                Ok(r) => r,
                Err(e) => {
                    diags.push(
                        Diagnostic::error(path, format!("invalid site.yaml: {}", e.message))
                            .at(text, e.line, e.col)
                            .hint("fix the YAML syntax; see the README for every site.yaml key"),
                    );
                    return Err(diags);
                }
            }
        };
        let mut c = Config::default();
        let bad = |key: &str, msg: String, hint: &str| {
            let (l, col) = yaml::value_position(text, key);
            Diagnostic::error(path, msg).at(text, l, col).hint(hint.to_string())
        };
        if let Some(t) = raw.title {
            c.title = t;
        }
        if let Some(b) = raw.base_url {
            match split_base_url(&b) {
                Some((origin, base)) => {
                    c.origin = origin;
                    c.base_path = base;
                }
                None => diags.push(bad(
                    "base_url",
                    format!("invalid base_url `{b}`"),
                    "use an absolute URL like `https://example.org/briefs/` or a path like `/`",
                )),
            }
        }
        if let Some(d) = raw.description {
            c.description = d;
        }
        if let Some(l) = raw.language {
            if is_language_tag(&l) {
                c.language = l.replace('_', "-"); // `lang` and `hreflang` take BCP 47: `zh-TW`
            } else {
                diags.push(invalid_code(path, text, &l, yaml::value_position(text, "language")));
            }
        }
        if let Some(tz) = raw.timezone {
            match TimeZone::get(&tz) {
                Ok(zone) => {
                    c.timezone = zone;
                    c.timezone_name = tz;
                }
                Err(_) => diags.push(bad(
                    "timezone",
                    format!("unknown time zone `{tz}`"),
                    "use an IANA time zone name such as `UTC`, `Asia/Seoul` or `Europe/Berlin`",
                )),
            }
        }
        if let Some(t) = raw.theme {
            if t.is_empty() || t.contains(['/', '\\']) || t.starts_with('.') {
                diags.push(bad("theme", format!("invalid theme name `{t}`"), "name a folder under `themes/`"));
            } else {
                c.theme = t;
            }
        }
        match raw.paginate {
            Some(0) => diags.push(bad("paginate", "paginate must be at least 1".into(), "the default is 20")),
            Some(n) => c.paginate = n,
            None => {}
        }
        if let Some(p) = raw.permalink {
            match validate_permalink(&p) {
                Ok(()) => c.permalink = p,
                Err(e) => diags.push(bad(
                    "permalink",
                    e.to_string(),
                    "the default is `/:year/:month/:day/:slug/`; it must contain `:slug` and end with `/`",
                )),
            }
        }
        if let Some(t) = raw.taxonomies {
            let mut seen = Vec::new();
            for name in &t {
                let ok = is_taxonomy_name(name);
                if name == "authors" {
                    diags.push(bad(
                        "taxonomies",
                        "`authors` is built in, not a taxonomy to configure".into(),
                        "remove it from `taxonomies`: the authors a briefing's `authors:` names get pages at /authors/",
                    ));
                } else if !ok {
                    diags.push(bad(
                        "taxonomies",
                        format!("invalid taxonomy name `{name}`"),
                        "use lowercase ASCII letters, digits, `-` or `_`, not a front-matter key or a URL root like `page`",
                    ));
                } else if seen.contains(name) {
                    diags.push(bad("taxonomies", format!("taxonomy `{name}` is listed twice"), "list each once"));
                } else {
                    seen.push(name.clone());
                }
            }
            c.taxonomies = seen;
        }
        if let Some(s) = raw.strict {
            c.strict = s;
        }
        match raw.feed_limit {
            Some(0) => diags.push(bad("feed_limit", "feed_limit must be at least 1".into(), "the default is 20")),
            Some(n) => c.feed_limit = n,
            None => {}
        }
        if let Some(r) = raw.relative_urls {
            c.relative_urls = r;
        }
        if let Some(m) = raw.max_file_size {
            c.max_file_size = m;
        }
        match raw.expired.as_deref() {
            None | Some("keep") => {}
            Some("remove") => c.remove_expired = true,
            Some(other) => diags.push(bad(
                "expired",
                format!("invalid expired `{other}`"),
                "use `keep` (the page stays, marked as expired) or `remove` (no page)",
            )),
        }
        if let Some(s) = raw.shift_headings {
            c.shift_headings = s;
        }
        if let Some(s) = raw.search_index_json {
            c.search_index_json = s;
        }
        c.author = raw.author;
        if let Some(e) = raw.extra {
            c.extra = e;
        }
        if let Some(langs) = raw.languages {
            let mut seen = vec![code_key(&c.language)];
            for (k, (code, l)) in langs.0.into_iter().enumerate() {
                let key = code_key(&code);
                if !is_language_tag(&code) {
                    diags.push(invalid_code(path, text, &code, mapping_key_position(text, "languages", k)));
                } else if key == seen[0] {
                    diags.push(bad(
                        "languages",
                        format!("`{code}` is the default language (`language: {}`)", c.language),
                        "list only the other editions under `languages:`",
                    ));
                } else if seen.contains(&key) {
                    diags.push(bad("languages", format!("language `{code}` is listed twice"), "list each once"));
                } else if c.taxonomies.contains(&key) || RESERVED_ROOTS.contains(&key.as_str()) {
                    diags.push(bad(
                        "languages",
                        format!("language `{code}` would take the URL root `/{key}/` of a taxonomy or built-in page"),
                        "rename the taxonomy; an edition lives under `/<code>/`",
                    ));
                } else {
                    seen.push(key);
                    let code = code.replace('_', "-"); // as BCP 47 writes it, in `lang` and `hreflang`
                    c.languages.push(LanguageSettings { code, title: l.title, description: l.description });
                }
            }
        }
        if diags.is_empty() { Ok(c) } else { Err(diags) }
    }

    /// Read `site.yaml` at `path`; a missing file gives the defaults.
    pub fn load(path: &Path, shown_as: &Path) -> Result<Config, Vec<Diagnostic>> {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::from_str(&text, shown_as),
                Err(e) => {
                    let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
                    let line = valid.matches('\n').count() + 1;
                    let col = valid.rsplit('\n').next().map(|l| l.chars().count() + 1).unwrap_or(1);
                    Err(vec![
                        Diagnostic::error(shown_as, "site.yaml is not valid UTF-8")
                            .at(&valid, line, col)
                            .hint("save site.yaml as UTF-8"),
                    ])
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(vec![
                Diagnostic::error(shown_as, format!("cannot read site.yaml: {e}"))
                    .hint("check the file's permissions and that it is UTF-8 text"),
            ]),
        }
    }

    /// Replace the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), InvalidBaseUrl> {
        let (o, b) = split_base_url(url).ok_or_else(|| InvalidBaseUrl(url.to_string()))?;
        self.origin = o;
        self.base_path = b;
        Ok(())
    }

    /// The position in `taxonomies` of the one that "tags" means wherever brief shows
    /// tags (the nav link, `site.tags`, `page.tags`, list items, related briefings, the
    /// build's count): the taxonomy named `tags`, else the first configured one.
    pub fn tags_taxonomy(&self) -> Option<usize> {
        self.taxonomies.iter().position(|t| t == "tags").or((!self.taxonomies.is_empty()).then_some(0))
    }

    /// The absolute form of site path `path` (which starts with `/`, relative to the base).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.base_path, path.trim_start_matches('/'))
    }

    /// True when `base_url` names a host (`https://host/`), not only a path (`/`): only
    /// then can brief write absolute URLs, which sitemaps and JSON Feed links must be.
    pub fn has_host(&self) -> bool {
        !self.origin.is_empty()
    }

    /// The codes of every edition, the default language first, as written.
    pub fn edition_codes(&self) -> Vec<&str> {
        std::iter::once(self.language.as_str()).chain(self.languages.iter().map(|l| l.code.as_str())).collect()
    }

    /// The position of the edition of language `code` (compared as [`code_key`] does):
    /// 0 for the default language, then in the order of `languages:`.
    pub fn edition_of(&self, code: &str) -> Option<usize> {
        let key = code_key(code);
        self.edition_codes().iter().position(|c| code_key(c) == key)
    }

    /// True for a site with more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// The settings of edition `e` (see [`Config::edition_of`]): the same site in that
    /// language, with its own title and description.
    pub fn for_edition(&self, e: usize) -> Config {
        let mut c = self.clone();
        if e > 0 {
            let l = &self.languages[e - 1];
            c.language = l.code.clone();
            if let Some(t) = &l.title {
                c.title = t.clone();
            }
            if let Some(d) = &l.description {
                c.description = d.clone();
            }
        }
        c
    }

    /// The site path of edition `e`'s home: `/` for the default language, `/<code>/`
    /// (lowercase) for the others.
    pub fn edition_root(&self, e: usize) -> String {
        if e == 0 { "/".into() } else { format!("/{}/", code_key(&self.languages[e - 1].code)) }
    }

    /// The base URL as written back: origin plus base path.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }
}

/// A base URL brief cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL `{0}`")]
pub struct InvalidBaseUrl(pub String);

/// The path of base URL `url` (`/sub/` of `https://host/sub`) as brief reads it; `/`
/// for one brief refuses, as an import then writes `/`.
pub(crate) fn base_path_of(url: &str) -> String {
    split_base_url(url).map_or_else(|| "/".to_string(), |(_, path)| path)
}

/// Split a base URL into origin (`https://host:port`) and path (`/sub/`).
fn split_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>') {
        return None;
    }
    let (origin, path) = if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let scheme_len = url.len() - rest.len();
        let host_end = rest.find('/').unwrap_or(rest.len());
        if host_end == 0 {
            return None;
        }
        (url[..scheme_len + host_end].to_string(), &rest[host_end..])
    } else if url.starts_with('/') {
        (String::new(), url)
    } else {
        return None;
    };
    if path.contains(['?', '#']) || path.split('/').any(|s| s == "..") {
        return None;
    }
    let mut path = path.to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    Some((origin, path))
}

/// Why a `permalink` pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum BadPermalink {
    #[error("permalink `{0}` must start and end with `/`")]
    Slashes(String),
    #[error("permalink `{0}` must contain `:slug` so every briefing has its own URL")]
    NoSlug(String),
    #[error("permalink `{0}` may not contain `.` or `..` segments")]
    DotSegment(String),
    #[error("permalink `{0}` has an unknown placeholder at `{1}`")]
    UnknownPlaceholder(String, String),
}

fn validate_permalink(p: &str) -> Result<(), BadPermalink> {
    if !p.starts_with('/') || !p.ends_with('/') {
        return Err(BadPermalink::Slashes(p.into()));
    }
    if !p.contains(":slug") {
        return Err(BadPermalink::NoSlug(p.into()));
    }
    for seg in p.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg == "." {
            return Err(BadPermalink::DotSegment(p.into()));
        }
        let mut rest = seg;
        while let Some(i) = rest.find(':') {
            let tail = &rest[i + 1..];
            let tok = ["year", "month", "day", "slug"].into_iter().find(|t| tail.starts_with(t));
            match tok {
                Some(t) => rest = &tail[t.len()..],
                None => return Err(BadPermalink::UnknownPlaceholder(p.into(), rest[i..].into())),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::from_str(text, Path::new("site.yaml"))
    }

    #[test]
    fn defaults_when_empty() {
        let c = parse("").unwrap();
        assert_eq!((c.paginate, c.base_path.as_str(), c.taxonomies.clone()), (20, "/", vec!["tags".to_string()]));
    }

    #[test]
    fn base_url_with_sub_path() {
        let c = parse("base_url: https://host.example/briefs").unwrap();
        assert_eq!((c.origin.as_str(), c.base_path.as_str()), ("https://host.example", "/briefs/"));
        assert_eq!(c.absolute("/tags/"), "https://host.example/briefs/tags/");
    }

    #[test]
    fn unknown_key_has_did_you_mean_and_line() {
        let errs = parse("title: x\ntimezon: UTC\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].hint.as_deref()), (2, Some("did you mean `timezone`?")));
    }

    #[test]
    fn bad_values_are_reported_together() {
        let errs = parse("timezone: Mars/Olympus\npaginate: 0\npermalink: /:year/:slug\n").unwrap_err();
        let lines: Vec<_> = errs.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn taxonomy_names_are_checked() {
        assert!(parse("taxonomies: [tags, regions]").is_ok());
        assert!(parse("taxonomies: [page]").is_err());
        let errs = parse("title: x\ntaxonomies: [tags, authors]").unwrap_err();
        assert_eq!((errs[0].line, errs[0].message.as_str()), (2, "`authors` is built in, not a taxonomy to configure"));
        assert!(parse("taxonomies: [\"../x\"]").is_err());
    }
}
