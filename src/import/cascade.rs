//! Hugo's front-matter `cascade`: values a section's `_index.md` (or the site's
//! configuration) gives the pages below it that do not set them themselves. A cascade
//! is a mapping, or a list of them, each with an optional `_target` (or `target`) that
//! narrows it by `path` (a glob of the page's path, `/blog/**`), `kind` (`page`,
//! `section`), `lang` and `environment` (a published site is built for `production`).
//! The nearest section's value wins over a farther one's, the configuration's comes
//! last, and within one list the first entry that sets a key wins; a page's own front
//! matter wins over all. Keys compare without case, as Hugo's do.

use serde_json::Value;

use super::matter::{Map, text_of};

/// Every cascade of one content folder and the configuration.
#[derive(Debug, Default)]
pub struct Cascades {
    /// Nearest first once sorted: (the section's folders, its language, its entries).
    sections: Vec<(Vec<String>, String, Vec<Entry>)>,
    site: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    path: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
    environment: Option<String>,
    values: Map,
}

/// A page as a cascade's target sees it.
pub struct Target<'a> {
    /// The folders the page is under (a section's and a bundle's own folder excluded).
    pub under: &'a [String],
    /// Hugo's path of the page: `/blog/first-post`, `/blog` for the section.
    pub path: &'a str,
    /// `page` or `section`.
    pub kind: &'a str,
    pub lang: &'a str,
}

impl Cascades {
    /// The cascade of the site's configuration.
    pub fn new(cfg: &Map) -> Cascades {
        Cascades { sections: Vec::new(), site: entries(get(cfg, "cascade")) }
    }

    /// Add the cascade of the section at `dirs` (the home's: none) in `lang`, from its
    /// `_index` front matter `fm`.
    pub fn add_section(&mut self, dirs: &[String], lang: &str, fm: &Map) {
        let found = entries(get(fm, "cascade"));
        if !found.is_empty() {
            self.sections.push((dirs.to_vec(), lang.to_string(), found));
            self.sections.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
        }
    }

    /// The values the cascades give `page` that `own` does not set, and the section
    /// folders (`blog/news`, or `config` for the site's) whose cascades gave them.
    pub fn for_page(&self, page: &Target, own: &Map) -> (Map, Vec<String>) {
        let mut given = Map::new();
        let mut from = Vec::new();
        let sections = self
            .sections
            .iter()
            .filter(|(dirs, lang, _)| lang.eq_ignore_ascii_case(page.lang) && page.under.starts_with(dirs))
            .map(|(dirs, _, list)| (if dirs.is_empty() { "content".to_string() } else { dirs.join("/") }, list));
        for (name, list) in sections.chain(std::iter::once(("config".to_string(), &self.site))) {
            let mut gave = false;
            for e in list.iter().filter(|e| e.applies(page)) {
                for (k, v) in &e.values {
                    if get(own, k).is_none() && get(&given, k).is_none() {
                        given.insert(k.clone(), v.clone());
                        gave = true;
                    }
                }
            }
            if gave {
                from.push(name);
            }
        }
        (given, from)
    }
}

impl Entry {
    fn applies(&self, page: &Target) -> bool {
        let ok = |pattern: &Option<String>, value: &str| pattern.as_deref().is_none_or(|p| glob(p, value));
        ok(&self.path, page.path)
            && ok(&self.kind, page.kind)
            && ok(&self.lang, page.lang)
            && ok(&self.environment, "production")
    }
}

/// A front-matter key, without case.
fn get<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    super::hugo::get(m, key).filter(|v| !v.is_null())
}

/// The entries of a `cascade` value: one mapping or a list of them.
fn entries(value: Option<&Value>) -> Vec<Entry> {
    let one = |m: &Map| {
        let target = get(m, "_target").or_else(|| get(m, "target")).and_then(Value::as_object);
        let field = |k: &str| target.and_then(|t| get(t, k)).and_then(text_of).filter(|p| !p.is_empty());
        let values: Map = m
            .iter()
            .filter(|(k, _)| !["_target", "target", "cascade"].iter().any(|x| k.eq_ignore_ascii_case(x)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Entry {
            path: field("path"),
            kind: field("kind"),
            lang: field("lang"),
            environment: field("environment"),
            values,
        }
    };
    match value {
        Some(Value::Object(m)) => vec![one(m)],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_object).map(one).collect(),
        _ => Vec::new(),
    }
}

/// A glob as Hugo's targets write them, without case: `*` any run within a path
/// segment, `**` any run at all, `?` one character, `{a,b}` either.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    matches(&p, &t)
}

fn matches(p: &[char], t: &[char]) -> bool {
    match p.first() {
        None => t.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => (0..=t.len()).any(|k| matches(&p[2..], &t[k..])),
        Some('*') => (0..=t.len()).take_while(|&k| k == 0 || t[k - 1] != '/').any(|k| matches(&p[1..], &t[k..])),
        Some('?') => t.first().is_some_and(|&c| c != '/') && matches(&p[1..], &t[1..]),
        Some('{') => {
            let Some(close) = p.iter().position(|&c| c == '}') else {
                return t.first() == Some(&'{') && matches(&p[1..], &t[1..]);
            };
            let rest = &p[close + 1..];
            p[1..close].split(|&c| c == ',').any(|alt| {
                let mut whole = alt.to_vec();
                whole.extend_from_slice(rest);
                matches(&whole, t)
            })
        }
        Some(&c) => t.first() == Some(&c) && matches(&p[1..], &t[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> Map {
        serde_yaml::from_str::<Value>(yaml).unwrap().as_object().unwrap().clone()
    }

    fn page<'a>(under: &'a [String], path: &'a str, kind: &'a str) -> Target<'a> {
        Target { under, path, kind, lang: "en" }
    }

    #[test]
    fn the_nearest_section_wins_then_the_site_and_own_values_stay() {
        let mut c = Cascades::new(&map("cascade: {author: Site, region: World}"));
        c.add_section(&["news".into()], "en", &map("cascade: {author: News, desk: Wire}"));
        c.add_section(&["news".into(), "asia".into()], "en", &map("cascade: {Author: Asia}"));
        let under = vec!["news".to_string(), "asia".to_string()];
        let (given, from) = c.for_page(&page(&under, "/news/asia/a", "page"), &map("desk: Own"));
        assert_eq!(given["Author"], "Asia");
        assert_eq!(given["region"], "World");
        assert!(given.get("desk").is_none() && given.get("author").is_none());
        assert_eq!(from, ["news/asia", "config"]);
        // Another language's section gives nothing.
        let ko = Target { lang: "ko", ..page(&under, "/news/asia/a", "page") };
        assert_eq!(c.for_page(&ko, &Map::new()).0["author"], "Site");
    }

    #[test]
    fn targets_narrow_by_path_kind_and_environment() {
        let mut c = Cascades::default();
        c.add_section(
            &[],
            "en",
            &map("cascade:\n\
                 - {_target: {path: '/blog/**', kind: page}, _build: {render: never}}\n\
                 - {target: {kind: '{section,home}'}, banner: wide}\n\
                 - {_target: {environment: development}, draft: true}\n"),
        );
        let blog = vec!["blog".to_string()];
        let (given, _) = c.for_page(&page(&blog, "/blog/2024/post", "page"), &Map::new());
        assert_eq!(given["_build"]["render"], "never");
        assert!(given.get("banner").is_none() && given.get("draft").is_none());
        let (given, _) = c.for_page(&page(&blog, "/blog", "section"), &Map::new());
        assert!(given.get("_build").is_none());
        assert_eq!(given["banner"], "wide");
        let (given, _) = c.for_page(&page(&[], "/about", "page"), &Map::new());
        assert!(given.is_empty());
    }

    #[test]
    fn globs_keep_to_segments() {
        assert!(glob("/blog/*", "/blog/a"));
        assert!(!glob("/blog/*", "/blog/a/b"));
        assert!(glob("/blog/**", "/blog/a/b"));
        assert!(glob("/Blog/{a,b}?", "/blog/bx"));
        assert!(!glob("/blog/{a,b}", "/blog/c"));
    }
}
