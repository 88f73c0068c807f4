//! The old site's URLs that no imported file had: its feeds, Hugo's section lists
//! without an `_index.md` (Hugo served `/news/` anyway), the default language's `/en/`
//! pages where Hugo put it in a folder (`defaultContentLanguageInSubdir`), and term
//! pages brief gives another URL (Hugo's `/tags/c++/`, brief's `/tags/c/`). A page among
//! them gets a redirect file at its old URL, as a page that moved does; a feed, which no
//! redirect page can stand in for (a feed reader does not follow a meta refresh), is
//! listed in the report with the URL brief serves instead. Jekyll had only its
//! plugins' URLs: jekyll-feed's feeds, jekyll-archives' pages. Pure.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::matter::{list_of, text_of};
use super::{Entry, Generator, Kind, Map, Settings};
use crate::parse::slug::slugify_term;

/// An old page that gets a redirect file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Moved {
    /// Its site path on the old site.
    pub old: String,
    /// The site path it leads to.
    pub new: String,
    /// What it was.
    pub what: String,
    /// A term's page: under a taxonomy's folder, where brief makes only its terms' pages.
    pub term: bool,
}

/// An old URL brief does not serve: the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// Its site path on the old site.
    pub old: String,
    /// What it was.
    pub what: String,
    /// What brief serves instead, and what to do.
    pub instead: String,
}

/// What [`find`] found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Pages to keep with a redirect file.
    pub moved: Vec<Moved>,
    /// Feeds brief serves elsewhere or not at all.
    pub lost: Vec<Lost>,
    /// Terms brief makes one (`C`, `C++` and `C#` are its tag `c`).
    pub merged: Vec<String>,
    /// The term pages brief makes, which no redirect file may take.
    pub term_pages: BTreeSet<String>,
}

/// Where each language's pages were and are: the old and the new prefix.
struct Prefixes<'a> {
    settings: &'a Settings,
    generator: Generator,
    in_subdir: bool,
}

impl Prefixes<'_> {
    fn default_lang(&self, lang: &str) -> bool {
        self.settings.languages.is_empty() || lang.eq_ignore_ascii_case(&self.settings.language)
    }

    /// `/fr` before the old site's paths of `lang` (Hugo's in lowercase; the default
    /// language's too with `defaultContentLanguageInSubdir`).
    fn before_old(&self, lang: &str) -> String {
        match self.generator {
            Generator::Hugo if !self.settings.languages.is_empty() && (self.in_subdir || !self.default_lang(lang)) => {
                format!("/{}", lang.to_lowercase())
            }
            Generator::Zola if !self.default_lang(lang) => format!("/{lang}"),
            _ => String::new(),
        }
    }

    /// `/fr` before brief's paths of `lang`.
    fn before_new(&self, lang: &str) -> String {
        if self.default_lang(lang) { String::new() } else { format!("/{}", crate::config::code_key(lang)) }
    }
}

/// A path part as a site path: `#`, `?` and a space, which Hugo keeps in a term's folder
/// (`c#`), escaped as its links have them.
fn escaped(part: &str) -> String {
    part.replace('#', "%23").replace('?', "%3F").replace(' ', "%20")
}

/// The site's URLs no imported file had. `entries` are the files imported (`urls`
/// their new URLs, `None` for those left out).
pub(crate) fn find(
    generator: Generator,
    config: &Map,
    settings: &Settings,
    plugins: &[String],
    entries: &[Entry],
    urls: &[Option<String>],
) -> Found {
    let mut found = Found::default();
    let hugo_get = |k: &str| super::hugo::get(config, k);
    let in_subdir = hugo_get("defaultContentLanguageInSubdir").and_then(Value::as_bool).unwrap_or(false);
    let p = Prefixes { settings, generator, in_subdir };
    let cased = hugo_get("disablePathToLower").and_then(Value::as_bool).unwrap_or(false);
    let old_slug = |name: &str| match generator {
        Generator::Zola => super::zola::url_part(&super::zola::term_slug(config, name)),
        _ if cased => escaped(&super::permalink::sanitize(name)),
        _ => escaped(&super::permalink::urlize(name)),
    };
    let published: Vec<&Entry> =
        entries.iter().zip(urls).filter(|(e, u)| u.is_some() && !e.fm.draft).map(|(e, _)| e).collect();
    let lang_of = |e: &Entry| e.lang.clone().unwrap_or_else(|| settings.language.clone());
    // Each language's terms, by taxonomy, with the names that share brief's slug: those
    // of briefings, which brief gives pages. A term only standalone pages had has none
    // (their terms are kept under `extra`): its old page is listed as lost.
    let mut terms: BTreeMap<(String, String, String), BTreeSet<String>> = BTreeMap::new();
    let mut pages_only: Terms = BTreeMap::new();
    // Hugo's `authors` taxonomy (brief's built-in authors) has term pages and feeds too.
    let hugo_authors = generator == Generator::Hugo
        && super::term_pages::hugo_taxonomies(config).iter().any(|t| t.eq_ignore_ascii_case("authors"));
    for e in &published {
        let authors = e.raw.iter().find(|(k, _)| hugo_authors && k.eq_ignore_ascii_case("authors"));
        let authors = authors.map(|(_, v)| list_of(v, false)).unwrap_or_default();
        let all = std::iter::once(("tags", &e.fm.tags))
            .chain(e.fm.taxonomies.iter().map(|(k, v)| (k.as_str(), v)))
            .chain(std::iter::once(("authors", &authors)));
        let into = if e.kind == Kind::Briefing { &mut terms } else { &mut pages_only };
        for (tax, names) in all {
            for n in names {
                into.entry((lang_of(e), tax.to_string(), slugify_term(n))).or_default().insert(n.clone());
            }
        }
    }
    // Jekyll had no list or term pages of its own: only its plugins' feeds.
    if generator == Generator::Jekyll {
        if plugins.iter().any(|p| p == "jekyll-feed") {
            jekyll_feeds(&mut found, config, &settings.language, &terms);
        }
        if plugins.iter().any(|p| p == "jekyll-archives") {
            super::jekyll_archives::pages(&mut found, config, &settings.language, &terms);
        }
        return found;
    }
    for ((lang, tax, slug), names) in pages_only.iter().filter(|(k, _)| !terms.contains_key(*k)) {
        let old = format!("{}/{tax}/", p.before_old(lang));
        for name in names.iter().filter(|n| !old_slug(n).is_empty()) {
            found.lost.push(Lost {
                old: format!("{old}{}/", old_slug(name)),
                what: format!("the page of {tax} `{name}`, which only standalone pages had"),
                instead: format!(
                    "nothing: brief's standalone pages have no {tax} (kept under extra.{}.page), so there is no /{tax}/{slug}/",
                    generator.name()
                ),
            });
        }
    }
    let langs: BTreeSet<String> = published.iter().map(|e| lang_of(e)).collect();
    let moved = |found: &mut Found, old: String, new: String, what: String, term: bool| {
        if old != new && !found.moved.iter().any(|m| m.old == old) {
            found.moved.push(Moved { old, new, what, term });
        }
    };
    for lang in &langs {
        let (op, np) = (p.before_old(lang), p.before_new(lang));
        moved(&mut found, format!("{op}/"), format!("{np}/"), "the home page".into(), false);
        let taxonomies: BTreeSet<&str> =
            terms.keys().filter(|(l, _, _)| l == lang).map(|(_, t, _)| t.as_str()).collect();
        for tax in &taxonomies {
            moved(&mut found, format!("{op}/{tax}/"), format!("{np}/{tax}/"), format!("the list of {tax}"), false);
        }
    }
    for ((lang, tax, slug), names) in &terms {
        let (op, np) = (p.before_old(lang), p.before_new(lang));
        let new = format!("{np}/{tax}/{slug}/");
        found.term_pages.insert(new.clone());
        if names.len() > 1 {
            let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            found.merged.push(format!(
                "{tax} {} are one term in brief, at {new}, which lists the posts of each (brief gives terms with one slug one page)",
                shown.join(", ")
            ));
        }
        for name in names {
            let old = old_slug(name);
            if !old.is_empty() {
                moved(
                    &mut found,
                    format!("{op}/{tax}/{old}/"),
                    new.clone(),
                    format!("the page of {tax} `{name}`"),
                    true,
                );
            }
        }
    }
    match generator {
        Generator::Hugo => hugo_lists(&mut found, config, &p, &published, &terms, &old_slug),
        _ => zola_feeds(&mut found, config, &p, &published, &terms, &old_slug),
    }
    found
}

pub(super) type Terms = BTreeMap<(String, String, String), BTreeSet<String>>;

/// Hugo's section lists without an `_index.md` (redirected to the edition's archive) and
/// its RSS feeds (`index.xml` of the home, each section, each taxonomy and term).
fn hugo_lists(
    found: &mut Found,
    config: &Map,
    p: &Prefixes,
    published: &[&Entry],
    terms: &Terms,
    old_slug: &dyn Fn(&str) -> String,
) {
    let lang_of = |e: &Entry| e.lang.clone().unwrap_or_else(|| p.settings.language.clone());
    let is_index =
        |e: &Entry| e.source.file_stem().is_some_and(|s| s.to_string_lossy().split('.').next() == Some("_index"));
    let kinds = super::hugo_kinds::Kinds::new(config);
    // A leaf bundle at the top (`content/downloads/index.md`) is a page, not a section.
    let top_bundle = |e: &Entry| {
        !e.dir.contains('/')
            && e.source.file_stem().is_some_and(|s| s.to_string_lossy().split('.').next() == Some("index"))
    };
    let mut sections: BTreeMap<(String, String), bool> = BTreeMap::new();
    for e in published.iter().filter(|e| !top_bundle(e)) {
        let Some(sec) = e.dir.split('/').next().filter(|s| !s.is_empty()) else { continue };
        let has_index = is_index(e) && !e.dir.contains('/');
        *sections.entry((lang_of(e), sec.to_string())).or_default() |= has_index;
    }
    // A taxonomy's folder is no section, whether its posts use it or not (`authors`,
    // merged into brief's authors, is not among the terms).
    let configured = super::term_pages::hugo_taxonomies(config);
    let taxonomy_names: BTreeSet<&str> =
        terms.keys().map(|(_, t, _)| t.as_str()).chain(configured.iter().map(String::as_str)).collect();
    // Hugo made no page of a disabled kind: nothing to redirect from.
    found.moved.retain(|m| {
        if m.term { kinds.pages("term") } else { kinds.pages("taxonomy") || !m.what.starts_with("the list of ") }
    });
    for ((lang, sec), has_index) in &sections {
        if !has_index && !taxonomy_names.contains(sec.as_str()) && kinds.pages("section") {
            found.moved.push(Moved {
                old: format!("{}/{}/", p.before_old(lang), escaped(&super::permalink::urlize(sec))),
                new: format!("{}/archive/", p.before_new(lang)),
                what: format!("the list of section `{sec}`, which had no `_index.md`"),
                term: false,
            });
        }
    }
    let feed = |old: String, what: String, instead: String| Lost { old, what, instead };
    let name = &kinds.feed_name;
    let langs: BTreeSet<&String> = sections.keys().map(|(l, _)| l).chain(terms.keys().map(|(l, _, _)| l)).collect();
    for lang in langs {
        let (op, np) = (p.before_old(lang), p.before_new(lang));
        if kinds.feeds("home") {
            found.lost.push(feed(
                format!("{op}/{name}"),
                "Hugo's RSS feed of the site".into(),
                format!("{np}/atom.xml"),
            ));
        }
        let sections = sections.keys().filter(|(l, s)| l == lang && !taxonomy_names.contains(s.as_str()));
        for (_, sec) in sections.filter(|_| kinds.feeds("section")) {
            found.lost.push(feed(
                format!("{op}/{}/{name}", escaped(&super::permalink::urlize(sec))),
                format!("Hugo's RSS feed of section `{sec}`"),
                format!("{np}/atom.xml, the site's feed (brief has none per section)"),
            ));
        }
        let taxonomies = terms.keys().filter(|(l, _, _)| l == lang).map(|(_, t, _)| t).collect::<BTreeSet<_>>();
        for tax in taxonomies.into_iter().filter(|_| kinds.feeds("taxonomy")) {
            found.lost.push(feed(
                format!("{op}/{tax}/{name}"),
                format!("Hugo's RSS feed of the list of {tax}"),
                format!("{np}/atom.xml, the site's feed (brief has none of the list)"),
            ));
        }
        for ((_, tax, slug), names) in terms.iter().filter(|((l, _, _), _)| l == lang && kinds.feeds("term")) {
            for term in names.iter().filter(|n| !old_slug(n).is_empty()) {
                found.lost.push(feed(
                    format!("{op}/{tax}/{}/{name}", old_slug(term)),
                    format!("Hugo's RSS feed of {tax} `{term}`"),
                    format!("{np}/{tax}/{slug}/atom.xml"),
                ));
            }
        }
    }
}

/// A Zola setting of the site or of one language's table (which wins).
fn zola_setting<'a>(config: &'a Map, lang: &str, default: bool, keys: &[&str]) -> Option<&'a Value> {
    let own = (!default).then(|| config.get("languages").and_then(|l| l.get(lang))).flatten();
    keys.iter().find_map(|k| own.and_then(|o| o.get(*k)).or_else(|| config.get(*k)))
}

/// Zola's feeds (`generate_feeds`, `feed_filenames`; a taxonomy's with `feed = true`, a
/// section's with `generate_feeds` in its `_index.md`) where brief's is elsewhere.
fn zola_feeds(
    found: &mut Found,
    config: &Map,
    p: &Prefixes,
    published: &[&Entry],
    terms: &Terms,
    old_slug: &dyn Fn(&str) -> String,
) {
    let langs: BTreeSet<String> = std::iter::once(p.settings.language.clone())
        .chain(p.settings.languages.0.iter().map(|(c, _)| c.clone()))
        .collect();
    for lang in &langs {
        let default = p.default_lang(lang);
        let on = |keys: &[&str]| zola_setting(config, lang, default, keys).and_then(Value::as_bool).unwrap_or(false);
        let names: Vec<String> = zola_setting(config, lang, default, &["feed_filenames", "feed_filename"])
            .map(|v| list_of(v, false))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| vec!["atom.xml".into()]);
        let (op, np) = (p.before_old(lang), p.before_new(lang));
        let mut lost = |old: String, what: String, instead: String| {
            if old != instead && !found.lost.iter().any(|l| l.old == old) {
                found.lost.push(Lost { old, what, instead });
            }
        };
        if on(&["generate_feeds", "generate_feed"]) {
            for n in &names {
                lost(format!("{op}/{n}"), "Zola's feed of the site".into(), format!("{np}/atom.xml"));
            }
        }
        // Zola before 0.11 wrote `rss.xml` where a config says `generate_rss = true`, and
        // a taxonomy's where it says `rss = true` (since renamed `generate_feed`, `feed`).
        if on(&["generate_rss"]) {
            lost(
                format!("{op}/rss.xml"),
                "Zola's feed of the site, by `generate_rss`".into(),
                format!("{np}/atom.xml"),
            );
        }
        // A language's own taxonomies: the top-level ones are the default language's
        // (older Zola named the language in each: `lang = "fr"`), `[languages.fr]`'s
        // another's.
        let own = (!default).then(|| config.get("languages").and_then(|l| l.get(lang))).flatten();
        let top = config.get("taxonomies").and_then(Value::as_array).into_iter().flatten().filter(|t| {
            match t.get("lang").and_then(text_of) {
                Some(l) => l.eq_ignore_ascii_case(lang),
                None => default,
            }
        });
        let with_feed: Vec<(String, bool)> = own
            .and_then(|o| o.get("taxonomies"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(top)
            .filter_map(|t| {
                let on = |k: &str| t.get(k).and_then(Value::as_bool) == Some(true);
                (on("feed") || on("rss")).then(|| t.get("name").and_then(text_of)).flatten().map(|n| (n, !on("feed")))
            })
            .collect();
        for ((_, tax, slug), term_names) in terms.iter().filter(|((l, _, _), _)| l == lang) {
            let Some((_, rss)) = with_feed.iter().find(|(n, _)| n == tax) else { continue };
            let files = if *rss { vec!["rss.xml".to_string()] } else { names.clone() };
            for name in term_names {
                for n in &files {
                    lost(
                        format!("{op}/{tax}/{}/{n}", old_slug(name)),
                        format!("Zola's feed of {tax} `{name}`"),
                        format!("{np}/{tax}/{slug}/atom.xml"),
                    );
                }
            }
        }
        let sections = published.iter().filter(|e| {
            e.lang.as_deref().unwrap_or(&p.settings.language) == lang
                && e.source.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("_index"))
                && ["generate_feeds", "generate_feed"]
                    .iter()
                    .any(|k| e.raw.get(*k).and_then(Value::as_bool) == Some(true))
        });
        for e in sections {
            let Some((url, _)) = e.old_urls.first() else { continue };
            for n in &names {
                lost(
                    format!("{url}{n}"),
                    format!("Zola's feed of section `{}`", url.trim_matches('/')),
                    format!("{np}/atom.xml, the site's feed (brief has none per section)"),
                );
            }
        }
    }
}

/// jekyll-feed's feeds, named as its generator names them: the posts' at `feed: path`
/// (else `/feed.xml`); `/feed/<category>.xml` for each of `feed: categories`; each of
/// `feed: collections` (a list, or a map whose entries may have `path` and
/// `categories`) at `/feed/<collection>.xml` and `/feed/<collection>/<category>.xml`;
/// with `feed: tags`, `/feed/by_tag/<tag>.xml` (or under its `path`) for each tag of the
/// posts (or of `only`) but those of `except`, made only of ASCII letters, digits and `_`.
fn jekyll_feeds(found: &mut Found, config: &Map, lang: &str, terms: &Terms) {
    let empty = Map::new();
    let feed = config.get("feed").and_then(Value::as_object).unwrap_or(&empty);
    let names = |v: Option<&Value>| v.map(|v| list_of(v, false));
    let rooted = |p: String| if p.starts_with('/') { p } else { format!("/{p}") };
    // Each collection's `path` and `categories`; the posts' from the top-level keys
    // where the collection names none.
    let mut collections: BTreeMap<String, (Option<String>, Option<Vec<String>>)> = match feed.get("collections") {
        Some(Value::Array(a)) => a.iter().filter_map(text_of).map(|c| (c, (None, None))).collect(),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(c, meta)| (c.clone(), (meta.get("path").and_then(text_of), names(meta.get("categories")))))
            .collect(),
        _ => BTreeMap::new(),
    };
    let posts = collections.remove("posts").unwrap_or_default();
    let posts = (posts.0.or_else(|| feed.get("path").and_then(text_of)), posts.1.or(names(feed.get("categories"))));
    let term_feed = |tax: &str, one: &str, name: &str| {
        let slug = slugify_term(name);
        if terms.contains_key(&(lang.to_string(), tax.to_string(), slug.clone())) {
            format!("/{tax}/{slug}/atom.xml")
        } else {
            format!("/atom.xml, the site's feed (no post has {one} `{name}`)")
        }
    };
    let mut lost = |old: String, what: String, instead: String| {
        if old != instead && !found.lost.iter().any(|l| l.old == old) {
            found.lost.push(Lost { old, what, instead });
        }
    };
    let own = posts.0.map_or_else(|| "/feed.xml".to_string(), rooted);
    lost(own, "jekyll-feed's feed of the site".into(), "/atom.xml".into());
    for cat in posts.1.unwrap_or_default() {
        let what = format!("jekyll-feed's feed of category `{cat}`");
        lost(format!("/feed/{}.xml", escaped(&cat)), what, term_feed("categories", "category", &cat));
    }
    for (name, (path, cats)) in collections {
        let instead = "nothing: brief imports no collection but the posts".to_string();
        let own = path.map_or_else(|| format!("/feed/{}.xml", escaped(&name)), rooted);
        lost(own, format!("jekyll-feed's feed of collection `{name}`"), instead.clone());
        for cat in cats.unwrap_or_default() {
            let what = format!("jekyll-feed's feed of category `{cat}` of collection `{name}`");
            lost(format!("/feed/{}/{}.xml", escaped(&name), escaped(&cat)), what, instead.clone());
        }
    }
    let tags = match feed.get("tags") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => return,
        Some(t) => t.as_object().unwrap_or(&empty),
    };
    let path = tags.get("path").and_then(text_of).map_or_else(|| "/feed/by_tag/".to_string(), rooted);
    let except = names(tags.get("except")).unwrap_or_default();
    // As jekyll-feed, none where the posts have no tags.
    let used: BTreeSet<String> =
        terms.iter().filter(|((l, t, _), _)| l == lang && t == "tags").flat_map(|(_, n)| n.iter().cloned()).collect();
    if used.is_empty() {
        return;
    }
    let pool = names(tags.get("only")).map(BTreeSet::from_iter).unwrap_or(used);
    for tag in pool.iter().filter(|t| !except.contains(t)) {
        if tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            lost(
                format!("{path}{tag}.xml"),
                format!("jekyll-feed's feed of tag `{tag}`"),
                term_feed("tags", "tag", tag),
            );
        }
    }
}
/// The HTML of a redirect file left at a page's old URL.
pub(super) fn redirect_html(to: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Moved</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head><body><p>This page has moved to <a href=\"{to}\">{to}</a>.</p></body></html>\n"
    )
}

/// An old URL as a site path brief can redirect: a path without an extension gets the
/// trailing `/` (Hugo, Zola); a Jekyll path not ending in `/` is the file Jekyll wrote
/// for it, its `.html` added unless there (Jekyll's `destination`: `/x` and
/// `/elixir-at-change.org` were `x.html` and `elixir-at-change.org.html`).
pub(super) fn normalize_old(url: &str, generator: Generator) -> String {
    let mut u = url.trim().to_string();
    if let Some(rest) = u.split_once("://").map(|(_, r)| r) {
        u = rest.find('/').map_or("/".into(), |i| rest[i..].to_string());
    }
    if !u.starts_with('/') {
        u.insert(0, '/');
    }
    while u.contains("//") {
        u = u.replace("//", "/");
    }
    let last = u.rsplit('/').next().unwrap_or("");
    if generator == Generator::Jekyll {
        if !last.is_empty() && !last.ends_with(".html") {
            u.push_str(".html");
        }
    } else if !last.is_empty() && !last.contains('.') {
        u.push('/');
    }
    u
}
