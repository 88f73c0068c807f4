//! jekyll-polyglot's languages: `languages: ["en", "ko", …]` and `default_lang` in
//! `_config.yml`; a post's language from its `lang:`, else (with `lang_from_path`) from
//! a folder of its path named for a language (`_posts/ko/2024-10-12-x.md`). Polyglot
//! serves each other language's documents under `/<code>/` at the default language's
//! permalink, and the documents of one permalink are translations of each other. Pure.

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

use super::matter::{Map, list_of, text_of};
use super::{Found, Kind, Note, NoteKind};

/// The languages of a polyglot site.
pub(super) struct Polyglot {
    default: String,
    codes: Vec<String>,
    from_path: bool,
}

impl Polyglot {
    /// The site's languages, when `_config.yml` lists more than one.
    pub(super) fn of(cfg: &Map) -> Option<Polyglot> {
        let codes: Vec<String> = cfg.get("languages").map(|v| list_of(v, false)).unwrap_or_default();
        let default = cfg.get("default_lang").and_then(text_of).or_else(|| codes.first().cloned())?;
        let from_path = cfg.get("lang_from_path").and_then(Value::as_bool).unwrap_or(false);
        (codes.len() > 1).then_some(Polyglot { default, codes, from_path })
    }

    /// The code as the config writes it, for `code` in any case.
    fn code(&self, code: &str) -> Option<&String> {
        self.codes.iter().find(|c| c.eq_ignore_ascii_case(code.trim()))
    }

    fn lang_of(&self, raw: &Map, source: &Path) -> String {
        let own = raw.get("lang").and_then(text_of).and_then(|l| self.code(&l).cloned());
        let from_path = || {
            let mut dirs = source.parent()?.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
            dirs.find_map(|d| self.code(&d).cloned())
        };
        own.or_else(|| if self.from_path { from_path() } else { None }).unwrap_or_else(|| self.default.clone())
    }

    /// Give every entry its language, its old URLs the language's `/<code>` where the
    /// old site put it, and site.yaml the languages.
    pub(super) fn apply(&self, found: &mut Found, cfg_path: &Path) {
        for e in &mut found.entries {
            let lang = self.lang_of(&e.raw, &e.source);
            // Documents of one permalink are one document in several languages.
            e.translation = e.old_urls.first().map_or_else(
                || e.dest.with_extension("").to_string_lossy().replace('\\', "/"),
                |(u, _)| u.trim_matches('/').to_string(),
            );
            if lang != self.default {
                let prefix = format!("/{lang}");
                for (url, why) in &mut e.old_urls {
                    let already = url.strip_prefix(&prefix).is_some_and(|r| r.is_empty() || r.starts_with('/'));
                    if *why != "redirect_from" && url.starts_with('/') && !already {
                        *url = format!("{prefix}{url}");
                    }
                }
            }
            e.lang = Some(lang);
        }
        self.fallbacks_and_links(found);
        let s = &mut found.settings;
        s.language = self.default.clone();
        s.languages.0 = self.codes.iter().filter(|c| **c != self.default).map(|c| (c.clone(), Map::new())).collect();
        let how = if self.from_path { "`lang:`, else the folder named for it" } else { "`lang:`" };
        found.site_notes.push((
            cfg_path.to_path_buf(),
            Note::new(
                0,
                NoteKind::Converted,
                format!(
                    "languages {} (jekyll-polyglot, default `{}`) → `languages:` in site.yaml; each post's language \
                     from {how}, its old URL under `/<code>/`",
                    self.codes.join(", "),
                    self.default
                ),
            ),
        ));
    }

    /// What polyglot made of the languages around each post: a post missing in a
    /// language was served in the default language under that language's `/<code>/`
    /// too (its fallback, an old URL now), and a link in a post of another language to
    /// a post's permalink led to that language's `/<code>/` URL.
    fn fallbacks_and_links(&self, found: &mut Found) {
        let present: HashSet<(String, String)> =
            found.entries.iter().filter_map(|e| Some((e.lang.clone()?, e.translation.clone()))).collect();
        let permalinks: HashSet<String> = found
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Briefing && e.lang.as_deref() == Some(&self.default))
            .filter_map(|e| e.old_urls.first().map(|(u, _)| u.clone()))
            .collect();
        for e in found.entries.iter_mut().filter(|e| e.kind == Kind::Briefing) {
            let lang = e.lang.clone().unwrap_or_default();
            if lang == self.default {
                let Some(url) = e.old_urls.first().map(|(u, _)| u.clone()).filter(|u| u.starts_with('/')) else {
                    continue;
                };
                for code in self.codes.iter().filter(|c| **c != self.default) {
                    if !present.contains(&(code.clone(), e.translation.clone())) {
                        e.old_urls.push((format!("/{code}{url}"), "jekyll-polyglot's fallback for its language"));
                    }
                }
                continue;
            }
            let (body, n) = localized_links(&e.body, &lang, &permalinks);
            if n > 0 {
                e.body = body;
                let text = format!("{n} link(s) to posts → their `/{lang}/` URL, where jekyll-polyglot sent them");
                e.notes.push(Note::new(0, NoteKind::Converted, text));
            }
        }
    }
}

/// `body` with each Markdown or HTML link to one of `permalinks` (`](/posts/x/#y)`,
/// `href="/posts/x/"`) under `/<lang>`, and how many.
fn localized_links(body: &str, lang: &str, permalinks: &HashSet<String>) -> (String, usize) {
    let mut out = String::with_capacity(body.len());
    let mut n = 0;
    let mut rest = body;
    while let Some(at) = ["](/", "href=\"/"].iter().filter_map(|p| rest.find(p).map(|i| i + p.len() - 1)).min() {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find([')', '"', '#', '?', ' ', '\n']).unwrap_or(rest.len());
        if permalinks.contains(&rest[..end]) {
            out.push('/');
            out.push_str(lang);
            n += 1;
        }
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_posts_lead_to_the_language_of_the_page() {
        let posts = HashSet::from(["/posts/wave-function/".to_string()]);
        let body =
            "[파동함수](/posts/wave-function/#측정) and <a href=\"/posts/wave-function/\">x</a>, [about](/about/)";
        assert_eq!(
            localized_links(body, "ko", &posts),
            (
                "[파동함수](/ko/posts/wave-function/#측정) and <a href=\"/ko/posts/wave-function/\">x</a>, [about](/about/)"
                    .to_string(),
                2
            )
        );
    }
}
