//! Jekyll's front-matter defaults (`defaults:` in `_config.yml`): the values a file gets
//! for the keys its own front matter does not set, chosen and merged as Jekyll 4 does
//! (`Jekyll::FrontmatterDefaults`). A set applies to a file when its scope's `path` is
//! empty or is one of the file's folders (or the file), `*` in it matching within one
//! name and `**` any folders; and its `type`, when it has one, is the file's
//! (`posts`, `drafts`, `pages`). Sets that apply are merged in the order they are
//! written, a set with a longer path (or, as long, one with a type) over the ones
//! before it, otherwise under them; objects are merged key by key.

use serde_json::Value;

use super::matter::{Map, text_of};

/// The `defaults:` of a site's configuration.
#[derive(Debug, Default)]
pub struct Defaults {
    sets: Vec<Set>,
}

#[derive(Debug)]
struct Set {
    /// The scope's path, without a leading `/` (Jekyll's `sanitize_path`).
    path: String,
    ty: Option<String>,
    values: Map,
}

impl Defaults {
    /// The sets of `cfg` (a `_config.yml` read as JSON values); a set without `values`
    /// (or whose values are not a mapping) is no set, as Jekyll skips it.
    pub fn of(cfg: &Map) -> Defaults {
        let sets = cfg
            .get("defaults")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| {
                let scope = d.get("scope");
                let path = scope.and_then(|s| s.get("path")).and_then(text_of).unwrap_or_default();
                let ty = scope.and_then(|s| s.get("type")).and_then(text_of);
                let values = d.get("values")?.as_object()?.clone();
                Some(Set { path: path.trim_start_matches('/').to_string(), ty, values })
            })
            .collect();
        Defaults { sets }
    }

    /// The defaults of the file at `rel` (its path in the site's source, `/` between
    /// names) of type `ty`; `draft` files are of type `posts` too (Jekyll's drafts are
    /// documents of the posts collection) and also take sets of type `drafts`.
    pub fn for_file(&self, rel: &str, ty: &str, draft: bool) -> Map {
        let mut merged = Map::new();
        let mut last: Option<&Set> = None;
        for set in &self.sets {
            let type_ok = set.ty.as_deref().is_none_or(|t| t == ty || (draft && t == "drafts"));
            if !type_ok || !applies_path(&set.path, rel) {
                continue;
            }
            if last.is_none_or(|old| has_precedence(old, set)) {
                deep_merge(&mut merged, &set.values);
                last = Some(set);
            } else {
                let mut under = set.values.clone();
                deep_merge(&mut under, &merged);
                merged = under;
            }
        }
        merged
    }
}

/// `front` (a file's front matter) over `defaults`: what Liquid's `page` holds.
pub fn with_front_matter(mut defaults: Map, front: &Map) -> Map {
    deep_merge(&mut defaults, front);
    defaults
}

/// Jekyll's `has_precedence?`: a set with a longer path wins; as long, one with a type
/// wins, or one without when the older has none either.
fn has_precedence(old: &Set, new: &Set) -> bool {
    if new.path.len() != old.path.len() {
        new.path.len() >= old.path.len()
    } else {
        new.ty.is_some() || old.ty.is_none()
    }
}

/// Whether a scope path names the file at `rel` or one of its folders.
fn applies_path(scope: &str, rel: &str) -> bool {
    let scope = scope.trim_end_matches('/');
    if scope.is_empty() || scope == "." {
        return true;
    }
    let want: Vec<&str> = scope.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    let have: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    prefix_matches(&want, &have)
}

/// Whether the names `want` (each may hold `*`; `**` stands for any folders) match
/// the first names of `have`.
fn prefix_matches(want: &[&str], have: &[&str]) -> bool {
    match want.split_first() {
        None => true,
        Some((&"**", rest)) => (0..=have.len()).any(|k| prefix_matches(rest, &have[k..])),
        Some((w, rest)) => have.split_first().is_some_and(|(h, tail)| name_matches(w, h) && prefix_matches(rest, tail)),
    }
}

/// A shell-style match of one name (`*` any run of characters, other characters as
/// themselves); a name starting with `.` is not matched by a leading `*`, as in
/// Ruby's `Dir.glob`.
fn name_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    if pattern.starts_with('*') && name.starts_with('.') {
        return false;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// `over` merged into `base`, objects key by key (Jekyll's `Utils.deep_merge_hashes`).
fn deep_merge(base: &mut Map, over: &Map) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => deep_merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults(yaml: &str) -> Defaults {
        let v: Value = serde_yaml::from_str(yaml).unwrap();
        Defaults::of(v.as_object().unwrap())
    }

    #[test]
    fn a_longer_path_wins_whatever_the_order() {
        let d = defaults(
            "defaults:\n\
             - scope: {path: '_posts/news', type: posts}\n  values: {author: Desk, layout: news}\n\
             - scope: {path: '', type: posts}\n  values: {author: Staff, layout: post, lang: en}\n",
        );
        let m = d.for_file("_posts/news/2024-01-02-a.md", "posts", false);
        assert_eq!(m["author"], "Desk");
        assert_eq!(m["layout"], "news");
        assert_eq!(m["lang"], "en");
        let m = d.for_file("_posts/2024-01-02-b.md", "posts", false);
        assert_eq!(m["author"], "Staff");
    }

    #[test]
    fn as_long_a_path_with_a_type_wins_and_later_sets_win_ties() {
        let d = defaults(
            "defaults:\n\
             - scope: {path: ''}\n  values: {author: Anyone}\n\
             - scope: {path: '', type: posts}\n  values: {author: Poster}\n\
             - scope: {path: ''}\n  values: {author: Later}\n",
        );
        // The third has no type and the second has one: it goes under.
        assert_eq!(d.for_file("_posts/2024-01-02-a.md", "posts", false)["author"], "Poster");
        // For a page the typed set does not apply: the later untyped one wins.
        assert_eq!(d.for_file("about.md", "pages", false)["author"], "Later");
    }

    #[test]
    fn a_path_matches_whole_names_and_globs() {
        let d = defaults(
            "defaults:\n\
             - scope: {path: '_post'}\n  values: {a: 1}\n\
             - scope: {path: 'docs/*/guides'}\n  values: {b: 2}\n\
             - scope: {path: '**/drafty'}\n  values: {c: 3}\n",
        );
        assert!(d.for_file("_posts/2024-01-02-a.md", "posts", false).get("a").is_none());
        assert_eq!(d.for_file("docs/v2/guides/x.md", "pages", false)["b"], 2);
        assert!(d.for_file("docs/v2/other/x.md", "pages", false).get("b").is_none());
        assert_eq!(d.for_file("a/b/drafty/x.md", "pages", false)["c"], 3);
    }

    #[test]
    fn drafts_take_posts_and_drafts_sets_and_objects_merge_by_key() {
        let d = defaults(
            "defaults:\n\
             - scope: {type: posts}\n  values: {image: {path: a.png, alt: A}}\n\
             - scope: {type: drafts}\n  values: {image: {alt: Draft}}\n",
        );
        let m = d.for_file("_drafts/x.md", "posts", true);
        assert_eq!(m["image"]["path"], "a.png");
        assert_eq!(m["image"]["alt"], "Draft");
        assert!(d.for_file("_posts/2024-01-02-x.md", "posts", false)["image"].get("alt").is_some_and(|a| a == "A"));
        let front: Map = serde_json::from_str(r#"{"image": {"alt": "Own"}, "title": "T"}"#).unwrap();
        let page = with_front_matter(d.for_file("_posts/2024-01-02-x.md", "posts", false), &front);
        assert_eq!(page["image"]["path"], "a.png");
        assert_eq!(page["image"]["alt"], "Own");
        assert_eq!(page["title"], "T");
    }
}
