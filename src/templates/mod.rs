//! Template loading: the default theme embedded in the binary, then the theme folder
//! on disk, then the site's own `templates/`, each overriding the one before.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Kwargs, State, Tera, TeraResult};

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::strings::Strings;

mod fold;
mod report;

/// The default theme's files, compiled in so a folder with only `content/` builds.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("partials/item.html", include_str!("../../themes/default/templates/partials/item.html")),
    ("partials/list.html", include_str!("../../themes/default/templates/partials/list.html")),
    ("partials/datenav.html", include_str!("../../themes/default/templates/partials/datenav.html")),
    ("index.html", include_str!("../../themes/default/templates/index.html")),
    ("fragments/rail.html", include_str!("../../themes/default/templates/fragments/rail.html")),
    ("fragments/head.html", include_str!("../../themes/default/templates/fragments/head.html")),
    ("fragments/footer.html", include_str!("../../themes/default/templates/fragments/footer.html")),
    ("briefing.html", include_str!("../../themes/default/templates/briefing.html")),
    ("page.html", include_str!("../../themes/default/templates/page.html")),
    ("tags.html", include_str!("../../themes/default/templates/tags.html")),
    ("tag.html", include_str!("../../themes/default/templates/tag.html")),
    ("authors.html", include_str!("../../themes/default/templates/authors.html")),
    ("author.html", include_str!("../../themes/default/templates/author.html")),
    ("day.html", include_str!("../../themes/default/templates/day.html")),
    ("month.html", include_str!("../../themes/default/templates/month.html")),
    ("year.html", include_str!("../../themes/default/templates/year.html")),
    ("archive.html", include_str!("../../themes/default/templates/archive.html")),
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("corrections.html", include_str!("../../themes/default/templates/corrections.html")),
    ("redirect.html", include_str!("../../themes/default/templates/redirect.html")),
    ("atom.xml", include_str!("../../themes/default/templates/atom.xml")),
];

/// The default theme's static files, copied to the output root.
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../themes/default/static/style.css")),
    ("content.css", include_str!("../../themes/default/static/content.css")),
    ("search.js", include_str!("../../themes/default/static/search.js")),
];

/// The default theme's interface strings, one file per language.
pub const DEFAULT_I18N: &[(&str, &str)] = &[
    ("ar.yaml", include_str!("../../themes/default/i18n/ar.yaml")),
    ("de.yaml", include_str!("../../themes/default/i18n/de.yaml")),
    ("en.yaml", include_str!("../../themes/default/i18n/en.yaml")),
    ("es.yaml", include_str!("../../themes/default/i18n/es.yaml")),
    ("fa.yaml", include_str!("../../themes/default/i18n/fa.yaml")),
    ("fr.yaml", include_str!("../../themes/default/i18n/fr.yaml")),
    ("he.yaml", include_str!("../../themes/default/i18n/he.yaml")),
    ("hi.yaml", include_str!("../../themes/default/i18n/hi.yaml")),
    ("id.yaml", include_str!("../../themes/default/i18n/id.yaml")),
    ("it.yaml", include_str!("../../themes/default/i18n/it.yaml")),
    ("ja.yaml", include_str!("../../themes/default/i18n/ja.yaml")),
    ("ko.yaml", include_str!("../../themes/default/i18n/ko.yaml")),
    ("ms.yaml", include_str!("../../themes/default/i18n/ms.yaml")),
    ("nl.yaml", include_str!("../../themes/default/i18n/nl.yaml")),
    ("pl.yaml", include_str!("../../themes/default/i18n/pl.yaml")),
    ("pt.yaml", include_str!("../../themes/default/i18n/pt.yaml")),
    ("ru.yaml", include_str!("../../themes/default/i18n/ru.yaml")),
    ("sv.yaml", include_str!("../../themes/default/i18n/sv.yaml")),
    ("th.yaml", include_str!("../../themes/default/i18n/th.yaml")),
    ("tr.yaml", include_str!("../../themes/default/i18n/tr.yaml")),
    ("uk.yaml", include_str!("../../themes/default/i18n/uk.yaml")),
    ("vi.yaml", include_str!("../../themes/default/i18n/vi.yaml")),
    ("zh.yaml", include_str!("../../themes/default/i18n/zh.yaml")),
    ("zh-TW.yaml", include_str!("../../themes/default/i18n/zh-TW.yaml")),
];

/// Load the interface strings of a site at `root` with theme `theme`: the default
/// theme's (compiled in unless its folder is on disk), then the theme folder's, then
/// the site's own `i18n/`, each overriding the one before key by key.
pub fn load_strings(root: &Path, theme: &str, language: &str) -> Result<Arc<Strings>, Vec<Diagnostic>> {
    let theme_dir = root.join("themes").join(theme);
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    if !root.join("themes/default/i18n").is_dir() {
        sources.extend(
            DEFAULT_I18N.iter().map(|(n, t)| (PathBuf::from(format!("<default theme>/i18n/{n}")), t.to_string())),
        );
    }
    let mut diags = Vec::new();
    for dir in [theme_dir.join("i18n"), root.join("i18n")] {
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
            .collect();
        files.sort();
        for path in files {
            let shown = crate::diag::display_path(root, &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => sources.push((shown, text)),
                Err(e) => diags
                    .push(Diagnostic::error(shown, format!("cannot read: {e}")).hint("save the file as UTF-8 text")),
            }
        }
    }
    let texts: HashMap<PathBuf, String> = sources.iter().cloned().collect();
    match Strings::from_sources(sources, language) {
        Ok(s) if diags.is_empty() => Ok(Arc::new(s)),
        Ok(_) => Err(diags),
        Err(errs) => {
            diags.extend(errs.into_iter().map(|e| {
                let text = texts.get(&e.file).cloned().unwrap_or_default();
                Diagnostic::error(e.file.clone(), format!("invalid interface strings: {}", e.message))
                    .at(&text, e.line, e.column)
                    .hint("each key maps to a string, or to plural forms (`one`, `other`, …) with `other` given")
            }));
            Err(diags)
        }
    }
}

/// Loaded templates and where each came from, for diagnostics.
pub struct Templates {
    /// The engine, ready to render.
    pub tera: Tera,
    /// The interface strings the `t()` function looks up.
    pub strings: Arc<Strings>,
    /// Template name → (file as shown to the user, its text).
    pub sources: HashMap<String, (PathBuf, String)>,
    /// A digest of every template's name and text and of the strings: what a page's
    /// fingerprint takes of them (see `crate::render`).
    pub digest: u128,
    /// Where `t()` calls were folded into the compiled templates, by template name (see
    /// [`fold`]): for mapping the columns of errors back.
    folds: Folds,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("names", &self.sources.keys().collect::<Vec<_>>()).finish()
    }
}

/// Read every file of `dir` (recursively) as `(name relative to dir, shown path, text)`.
fn read_dir_templates(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf, String)>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    crate::diag::display_path(root, dir),
                    format!("cannot read templates: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        if name.split('/').any(|s| s.starts_with('.')) {
            continue;
        }
        let shown = crate::diag::display_path(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(t) => out.push((name, shown, t)),
            Err(e) => diags.push(
                Diagnostic::error(shown, format!("cannot read template: {e}")).hint("templates must be UTF-8 text"),
            ),
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
}

/// Load the templates for a site at `root` using theme `theme`.
pub fn load(root: &Path, theme: &str, language: &str) -> Result<Templates, Vec<Diagnostic>> {
    let strings = load_strings(root, theme, language)?;
    let mut all: HashMap<String, (PathBuf, String)> = HashMap::new();
    for (name, text) in DEFAULT_TEMPLATES {
        all.insert(
            (*name).to_string(),
            (PathBuf::from(format!("<default theme>/templates/{name}")), (*text).to_string()),
        );
    }
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::error("site.yaml", format!("theme `{theme}` not found at `themes/{theme}/`"))
                .hint("create the theme folder, or remove `theme:` to use the built-in default theme"),
        ]);
    }
    for (name, shown, text) in read_dir_templates(root, &theme_dir.join("templates"))? {
        all.insert(name, (shown, text));
    }
    for (name, shown, text) in read_dir_templates(root, &root.join("templates"))? {
        all.insert(name, (shown, text));
    }
    from_sources(all, strings)
}

/// Build the engine from named sources (pure).
pub fn from_sources(
    sources: HashMap<String, (PathBuf, String)>,
    strings: Arc<Strings>,
) -> Result<Templates, Vec<Diagnostic>> {
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    // Parse each alone first so a syntax error names its own file; then add together
    // so inheritance resolves.
    let mut diags = Vec::new();
    for name in &names {
        let mut probe = Tera::default();
        probe.register_filter("date", |v: &str, k: Kwargs, s: &State| date_filter(v, k, s, "en"));
        Strings::register(strings.clone(), &mut probe);
        if let Err(e) = probe.add_raw_template(name, &sources[*name].1)
            && matches!(e.kind(), ErrorKind::SyntaxError(_))
        {
            diags.extend(report::diagnostics(&sources, &HashMap::new(), &e));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let (tera, folds) = compile(&sources, &strings, true)?;
    let digest = digest(&sources, &strings);
    Ok(Templates { tera, strings, sources, digest, folds })
}

/// Where `t()` calls were folded, by template name.
type Folds = HashMap<String, Vec<fold::Fold>>;

/// The engine with every template of `sources` added, speaking the language of
/// `strings`; with its `t()` calls folded into their texts where they can be (`fold`).
fn compile(
    sources: &HashMap<String, (PathBuf, String)>,
    strings: &Arc<Strings>,
    fold: bool,
) -> Result<(Tera, Folds), Vec<Diagnostic>> {
    let mut tera = Tera::default();
    register(&mut tera, strings);
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    let mut folds = HashMap::new();
    let mut texts: Vec<(&str, std::borrow::Cow<str>)> = Vec::with_capacity(names.len());
    for name in names {
        let text = sources[name].1.as_str();
        match fold.then(|| fold::fold(text, |key| strings.plain(key))).flatten() {
            Some((folded, at)) => {
                folds.insert(name.clone(), at);
                texts.push((name, folded.into()));
            }
            None => texts.push((name, text.into())),
        }
    }
    match tera.add_raw_templates(texts.iter().map(|(n, t)| (*n, t.as_ref()))) {
        Ok(()) => Ok((tera, folds)),
        Err(e) => Err(report::diagnostics(sources, &folds, &e)),
    }
}

/// The digest of the templates (in name order) and of the strings in their default
/// language.
fn digest(sources: &HashMap<String, (PathBuf, String)>, strings: &Strings) -> u128 {
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&strings.digest.to_le_bytes());
    crate::cache::update_framed(&mut h, strings.default_lang().as_bytes());
    for name in names {
        crate::cache::update_framed(&mut h, name.as_bytes());
        crate::cache::update_framed(&mut h, sources[name].1.as_bytes());
    }
    h.digest128()
}

impl Templates {
    /// Whether some template may read `paginator.items`: whether any names `paginator`
    /// otherwise than as `paginator.<field>` of another field (a bare `paginator` can be
    /// passed to a macro, set to another name, filtered or dumped) or reads the whole
    /// context (`__tera_context`). Text outside tags counts too: a wrong "yes" only
    /// costs the time of making the items, a wrong "no" would empty them.
    pub fn may_read_paginator_items(&self) -> bool {
        self.sources.values().any(|(_, text)| reads_paginator_items(text))
    }

    /// The same templates for another language edition: `t()` and the `date` filter in
    /// `language`. The parsed strings are shared, not read again; the templates are
    /// compiled again, with the calls folded into the edition's texts (a few
    /// milliseconds).
    pub fn for_language(&self, language: &str) -> Result<Templates, Vec<Diagnostic>> {
        let strings = Arc::new(self.strings.for_language(language));
        // Folding never makes a template that compiled fail; if it did, the calls stay.
        let (tera, folds) =
            compile(&self.sources, &strings, true).or_else(|_| compile(&self.sources, &strings, false))?;
        let digest = digest(&self.sources, &strings);
        Ok(Templates { tera, strings, sources: self.sources.clone(), digest, folds })
    }

    /// A Tera error as a diagnostic on the template file, line and column as written.
    pub fn diag(&self, e: &tera::Error) -> Diagnostic {
        report::diagnostics(&self.sources, &self.folds, e).swap_remove(0)
    }
}

/// [`Templates::may_read_paginator_items`] for one template's text.
fn reads_paginator_items(text: &str) -> bool {
    const NAME: &str = "paginator";
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    if text.contains("__tera_context") {
        return true;
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(NAME) {
        let start = from + at;
        let end = start + NAME.len();
        from = end;
        if text[..start].chars().next_back().is_some_and(is_ident) || text[end..].chars().next().is_some_and(is_ident) {
            continue; // part of a longer name
        }
        let Some(field) = text[end..].trim_start().strip_prefix('.') else { return true };
        let field = field.trim_start();
        let field = &field[..field.find(|c: char| !is_ident(c)).unwrap_or(field.len())];
        if field.is_empty() || field == "items" {
            return true;
        }
    }
    false
}

/// The functions and filters that speak the site's language: `t()` and `date`.
fn register(tera: &mut Tera, strings: &Arc<Strings>) {
    tera.set_escape_fn(crate::parse::text::escape_markup);
    let lang = strings.default_lang().to_string();
    tera.register_filter("date", move |v: &str, k: Kwargs, s: &State| date_filter(v, k, s, &lang));
    Strings::register(strings.clone(), tera);
}

/// `{{ page.date | date(format="%-d %B %Y") }}`: format an RFC 3339 string with
/// strftime, month and weekday names (`%B %b %A %a`) in the `lang=` argument's language,
/// else the site's (`site_lang`), from CLDR through ICU4X.
fn date_filter(value: &str, kwargs: Kwargs, _: &State, site_lang: &str) -> TeraResult<String> {
    let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
    let z =
        parse_any_date(value).ok_or_else(|| tera::Error::message(format!("date filter: `{value}` is not a date")))?;
    let lang = kwargs.get::<&str>("lang")?.unwrap_or(site_lang);
    let (locale, _) = crate::locale::Locale::new(lang);
    locale.format(&z, format).map_err(|e| tera::Error::message(format!("date filter: bad format `{format}`: {e}")))
}

/// A date as it appears in the page context: RFC 3339 with offset, with a zone
/// annotation, or a bare `YYYY-MM-DD` (UTC).
fn parse_any_date(v: &str) -> Option<jiff::ZonedDateTime> {
    if let Ok(z) = v.parse::<jiff::ZonedDateTime>() {
        return Some(z);
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%SZ"] {
        if let Ok(z) = jiff::fmt::strtime::parse(fmt, v).and_then(|t| t.to_zoned_datetime()) {
            return Some(z);
        }
    }
    let d: jiff::civil::Date = v.get(..10)?.parse().ok()?;
    d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_filter_keeps_the_offset() {
        let z = parse_any_date("2024-07-12T09:30:00+09:00").unwrap();
        assert_eq!(jiff::fmt::strtime::format("%-d %B %Y %H:%M", &z).unwrap(), "12 July 2024 09:30");
        assert!(parse_any_date("nope").is_none());
    }

    #[test]
    fn paginator_items_are_read_unless_every_mention_is_another_field() {
        for text in [
            "{% for it in paginator.items %}{{ it.title }}{% endfor %}",
            "{% if paginator . items %}x{% endif %}",
            "{% set p = paginator %}{{ p.items | length }}",
            "{{ macros::list(pager=paginator) }}",
            "{{ paginator | json_encode }}",
            "{{ paginator[\"items\"] }}",
            "{{ __tera_context }}",
            "{{ paginator.number }} {{ paginator.items }}",
            "{{ paginator.",
        ] {
            assert!(reads_paginator_items(text), "{text}");
        }
        for text in [
            "{% if paginator.total_items %}{% for h in paginator.item_html %}{{ h | safe }}{% endfor %}{% endif %}",
            "{{ paginator.number }} of {{ paginator.total_pages }}, {{ my_paginator_items }}",
            "{{ old_paginator }} {{ paginator_x.items }}",
            "no list here",
        ] {
            assert!(!reads_paginator_items(text), "{text}");
        }
    }

    /// Folded and not, every template renders the same bytes: calls in loops over a
    /// variable named `t`, in `set` blocks, filter sections, blocks, beside whitespace
    /// control, in raw blocks, with arguments, in a template that does not escape and
    /// one it includes that does.
    #[test]
    fn folded_templates_render_as_the_calls_do() {
        let strings = load_strings(Path::new("/nonexistent"), "default", "en").unwrap();
        let mut sources = HashMap::new();
        for (name, text) in [
            (
                "a.html",
                concat!(
                    r#"{% for t in tags %}{{ t(key="nav.skip") }}:{{ t }} {% endfor %}|"#,
                    r#"{% set x %}{{ t(key="nav.latest") }}{% endset %}{{ x }}|"#,
                    r#"{% filter upper %}{{ t(key="nav.archive") }}{% endfilter %}|"#,
                    "{% if true -%}  {{ t(key=\"nav.search\") }}  {%- endif %}|",
                    r#"{% raw %}{{ t(key="nav.skip") }}{% endraw %}|{{ t(key="pager.page", n=2) }}|"#,
                    r#"{{ t(key="nav.read_in", language="Deutsch") }}|{{ t(key='nav.tags') }}"#,
                ),
            ),
            ("b.txt", "{{ t(key=\"nav.skip\") }} {% include \"c.html\" %}"),
            ("c.html", "<b>{{ t(key=\"nav.tags\") }}</b>"),
            ("d.html", "{% extends \"e.html\" %}{% block b %}{{ t(key=\"nav.skip\") }}{% endblock b %}"),
            ("e.html", "<i>{{ t(key=\"nav.tags\") }}</i>{% block b %}{% endblock b %}"),
        ] {
            sources.insert(name.to_string(), (PathBuf::from(name), text.to_string()));
        }
        let (folded, folds) = compile(&sources, &strings, true).unwrap();
        let (plain, none) = compile(&sources, &strings, false).unwrap();
        assert!(none.is_empty());
        assert_eq!(folds.len(), 5, "every template has calls to fold: {folds:?}");
        let mut ctx = tera::Context::new();
        ctx.insert("tags", &["x&y", "z"]);
        for name in ["a.html", "b.txt", "c.html", "d.html"] {
            let (f, p) = (folded.render(name, &ctx).unwrap(), plain.render(name, &ctx).unwrap());
            assert_eq!(f, p, "{name}");
        }
        let a = folded.render("a.html", &ctx).unwrap();
        assert!(a.starts_with("Skip to content:x&amp;y Skip to content:z |Latest|ARCHIVE|Search|{{ t(key="), "{a}");
    }

    /// An error on a line with folded calls is reported at its column as written.
    #[test]
    fn an_error_after_a_folded_call_keeps_its_column() {
        let strings = load_strings(Path::new("/nonexistent"), "default", "en").unwrap();
        let text = "<p>\n<a>{{ t(key=\"nav.skip\") }}</a> {{ t(key=\"nav.latest\") }} {{ page.missing }}\n";
        let mut sources = HashMap::new();
        sources.insert("x.html".to_string(), (PathBuf::from("templates/x.html"), text.to_string()));
        let tpl = from_sources(sources, strings).unwrap();
        assert_eq!(tpl.folds["x.html"].len(), 2);
        let mut ctx = tera::Context::new();
        ctx.insert("page", &HashMap::<String, String>::new());
        let d = tpl.diag(&tpl.tera.render("x.html", &ctx).unwrap_err());
        let (plain, _) = compile(&tpl.sources, &tpl.strings, false).unwrap();
        let want = report::diagnostics(&tpl.sources, &HashMap::new(), &plain.render("x.html", &ctx).unwrap_err())
            .swap_remove(0);
        assert_eq!((d.line, d.col), (want.line, want.col), "{d:?}");
        let col = text.lines().nth(1).unwrap().find("missing").unwrap() + 1;
        assert_eq!((d.line, d.col), (2, col), "at the field: {d:?}");
    }

    #[test]
    fn an_unknown_filter_after_a_folded_call_is_shown_where_written() {
        let strings = load_strings(Path::new("/nonexistent"), "default", "en").unwrap();
        let text = "<p>\n<a>{{ t(key=\"nav.skip\") }}</a> {{ page.title | shout }}\n";
        let mut sources = HashMap::new();
        sources.insert("x.html".to_string(), (PathBuf::from("templates/x.html"), text.to_string()));
        let d = from_sources(sources, strings).err().unwrap();
        let col = text.lines().nth(1).unwrap().find("shout").unwrap() + 1;
        assert_eq!((d.len(), d[0].path(), d[0].line, d[0].col), (1, Some(Path::new("templates/x.html")), 2, col));
        assert_eq!(d[0].message, "template error: unknown filter `shout`");
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let mut src = HashMap::new();
        src.insert("base.html".to_string(), (PathBuf::from("templates/base.html"), "<p>\n{{ oops }\n".to_string()));
        let errs = from_sources(src, load_strings(Path::new("/nonexistent"), "default", "en").unwrap()).unwrap_err();
        assert_eq!(errs[0].path(), Some(Path::new("templates/base.html")));
        assert!(errs[0].line >= 1);
    }
}
