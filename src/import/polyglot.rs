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
    /// `default_lang` as polyglot read it.
    default: String,
    codes: Vec<String>,
    from_path: bool,
    /// brief's default language where `default_lang` names none (f-droid's `"_"`, which
    /// makes polyglot write every listed language under its `/<code>/`): the first
    /// real code of `languages:`, else `en`.
    stand_in: Option<String>,
}

/// Whether `code` can be a language tag (`en`, `pt-BR`, `zh_Hans`): letters first,
/// then letters and digits, in parts of one to eight.
fn real(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl Polyglot {
    /// The site's languages, when `_config.yml` lists more than one.
    pub(super) fn of(cfg: &Map) -> Option<Polyglot> {
        let codes: Vec<String> = cfg.get("languages").map(|v| list_of(v, false)).unwrap_or_default();
        let default = cfg.get("default_lang").and_then(text_of).or_else(|| codes.first().cloned())?;
        let from_path = cfg.get("lang_from_path").and_then(Value::as_bool).unwrap_or(false);
        let stand_in =
            (!real(&default)).then(|| codes.iter().find(|c| real(c)).cloned().unwrap_or_else(|| "en".into()));
        (codes.len() > 1).then_some(Polyglot { default, codes, from_path, stand_in })
    }

    /// brief's edition of polyglot's language `lang`.
    fn edition<'a>(&'a self, lang: &'a str) -> &'a str {
        match &self.stand_in {
            Some(code) if lang == self.default => code,
            _ => lang,
        }
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
        // Each entry's language as polyglot read it (`_` too), for its old URLs.
        let mut langs = Vec::with_capacity(found.entries.len());
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
            e.lang = Some(self.edition(&lang).to_string());
            langs.push(lang);
        }
        self.fallbacks_and_links(found, &langs);
        let default = self.edition(&self.default).to_string();
        let s = &mut found.settings;
        s.language = default.clone();
        s.languages.0 = self.codes.iter().filter(|c| **c != default).map(|c| (c.clone(), Map::new())).collect();
        if let Some(code) = &self.stand_in {
            let why = if self.codes.contains(code) {
                "the first language of `languages:`"
            } else {
                "`languages:` names no real language"
            };
            found.site_notes.push((
                cfg_path.to_path_buf(),
                Note::new(
                    0,
                    NoteKind::Converted,
                    format!(
                        "`default_lang: {}` is no language (a workaround that makes polyglot write every \
                         language under its `/<code>/`): brief's default language is `{code}`, {why}; the \
                         posts polyglot read as `{}` are in it, their `/<code>/` URLs kept as aliases",
                        self.default, self.default
                    ),
                ),
            ));
        }
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
    /// `langs`: each entry's language as polyglot read it.
    fn fallbacks_and_links(&self, found: &mut Found, langs: &[String]) {
        let present: HashSet<(&String, String)> =
            found.entries.iter().zip(langs).map(|(e, l)| (l, e.translation.clone())).collect();
        let permalinks: HashSet<String> = found
            .entries
            .iter()
            .zip(langs)
            .filter(|(e, l)| e.kind == Kind::Briefing && **l == self.default)
            .filter_map(|(e, _)| e.old_urls.first().map(|(u, _)| u.clone()))
            .collect();
        for (e, lang) in found.entries.iter_mut().zip(langs).filter(|(e, _)| e.kind == Kind::Briefing) {
            let lang = lang.clone();
            if lang == self.default {
                let Some(url) = e.old_urls.first().map(|(u, _)| u.clone()).filter(|u| u.starts_with('/')) else {
                    continue;
                };
                for code in self.codes.iter().filter(|c| **c != self.default) {
                    if !present.contains(&(code, e.translation.clone())) {
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

    #[test]
    fn a_default_lang_that_is_no_language_gets_a_stand_in() {
        let cfg = |text: &str| serde_json::from_str::<Map>(text).unwrap();
        let p = Polyglot::of(&cfg(r#"{"languages": ["_x", "pt-BR", "de"], "default_lang": "_"}"#)).unwrap();
        assert_eq!((p.stand_in.as_deref(), p.edition("_"), p.edition("de")), (Some("pt-BR"), "pt-BR", "de"));
        let p = Polyglot::of(&cfg(r#"{"languages": ["1", "2"], "default_lang": "_"}"#)).unwrap();
        assert_eq!(p.stand_in.as_deref(), Some("en"));
        let p = Polyglot::of(&cfg(r#"{"languages": ["en", "zh_Hans"], "default_lang": "en"}"#)).unwrap();
        assert_eq!(p.stand_in, None);
    }
}
