//! Interface strings in the reader's language: the theme's `i18n/<lang>.yaml` files, overridden key by key by the site's own `i18n/` folder.
//!
//! A file maps keys to strings; nested maps are flattened to dotted keys
//! (`nav: {latest: Latest}` is `nav.latest`). A map whose keys are all CLDR
//! plural categories (`zero one two few many other`, with `other` required) is one
//! plural string, chosen by the count `n` with the CLDR rules of the file's
//! language (ICU4X `icu_plurals`, compiled CLDR data). `{name}` in a string is a
//! placeholder; `{n}` is always the count.
//!
//! Lookups fall back from `zh-TW` style tags to the bare language (not across
//! Chinese scripts), then to the site's default language, then to `en`, the
//! theme's complete reference. Only a key found nowhere is an error; the gaps that
//! fallback papered over are listed by [`Strings::missing`] for `brief check`.
//!
//! A taxonomy other than `tags` has no strings of the theme's own: a site may give them
//! as `taxonomies.<name>.<string>` (`taxonomies.topics.count`). Such a key falls back,
//! in each language of the chain, to the theme's generic `taxonomy.<string>` before the
//! next language: French readers get the theme's French "3 termes" rather than a
//! site's English "3 topics".

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use icu_plurals::{PluralCategory, PluralRules};
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// The language every theme ships complete; the last step of every fallback.
pub const REFERENCE_LANG: &str = "en";

/// The CLDR plural categories in CLDR's order; also the only keys a plural map may have.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One key's value in one language.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(String),
    /// Category name (one of [`CATEGORIES`]) → text; always has `other`.
    Plural(BTreeMap<String, String>),
}

/// A key found in no language of the fallback chain: a typo in a template, or a
/// string the theme does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub lang: String,
    pub key: String,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no interface string `{}` for language `{}` (nor in its fallbacks)", self.key, self.lang)
    }
}

impl std::error::Error for Missing {}

/// A broken language file, with where it broke (1-based line and column, as editors show them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)
    }
}

impl std::error::Error for LoadError {}

/// One language: its strings and its plural rules.
struct Lang {
    entries: BTreeMap<String, Entry>,
    /// `None` when ICU has no rules for the tag; then only `other` is ever chosen.
    rules: Option<PluralRules>,
}

/// Texts of counted calls: by key, then by count and whether the template escapes.
type Counted = rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<(i64, bool), Value>>;

/// All languages of a site, merged from theme and site files.
pub struct Strings {
    default_lang: String,
    /// The site's default language, which every edition falls back to before English
    /// (an edition's [`Strings`] has its own language as `default_lang`).
    site_lang: String,
    /// Shared by the editions of a site: each has its own default language over them.
    langs: Arc<HashMap<String, Lang>>,
    /// The lookup order of the default language, made once: most lookups are in it.
    default_chain: Vec<String>,
    /// Every plain string of the default language (no plural, no placeholder), escaped
    /// and ready: most `t()` calls on a page are these, made thousands of times a build
    /// (hashed with Fx: SipHash was two fifths of `t()`'s time).
    ready: rustc_hash::FxHashMap<String, Value>,
    /// `t(key=…, n=…)` calls in the default language as made so far, by key, count and
    /// whether the template escapes: a list page's counts (`3 briefings`) repeat across
    /// hundreds of pages.
    counted: std::sync::RwLock<Counted>,
    /// A digest of the files the strings come from (their paths and texts, in order):
    /// what a page's fingerprint takes of them, with the default language (see
    /// `crate::render`).
    pub digest: u128,
}

impl fmt::Debug for Strings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Strings")
            .field("default_lang", &self.default_lang)
            .field("languages", &self.languages())
            .finish()
    }
}

impl Strings {
    /// Build from `(path, text)` pairs in override order (theme first, site last); the
    /// language is the file stem. Pure: `templates::load_strings` does the reading.
    pub fn from_sources(sources: Vec<(PathBuf, String)>, default_lang: &str) -> Result<Strings, Vec<LoadError>> {
        let mut langs: HashMap<String, Lang> = HashMap::new();
        let mut errors = Vec::new();
        let mut digest = xxhash_rust::xxh3::Xxh3::new();
        for (path, text) in &sources {
            crate::cache::update_framed(&mut digest, path.as_os_str().as_encoded_bytes());
            crate::cache::update_framed(&mut digest, text.as_bytes());
        }
        let digest = digest.digest128();
        for (path, text) in sources {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
            let tag = normalize(stem);
            let entries = match parse_file(&path, &text) {
                Ok(e) => e,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let lang =
                langs.entry(tag.clone()).or_insert_with(|| Lang { entries: BTreeMap::new(), rules: rules_for(&tag) });
            // Key by key: a site file that changes one string keeps the theme's others.
            lang.entries.extend(entries);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Strings::over(Arc::new(langs), default_lang, default_lang, digest))
    }

    /// The same strings with `lang` as the default language: what another language
    /// edition of the site looks up. The parsed files are shared, not read again.
    pub fn for_language(&self, lang: &str) -> Strings {
        Strings::over(self.langs.clone(), lang, &self.site_lang, self.digest)
    }

    fn over(langs: Arc<HashMap<String, Lang>>, default_lang: &str, site_lang: &str, digest: u128) -> Strings {
        let mut strings = Strings {
            default_lang: normalize(default_lang),
            site_lang: normalize(site_lang),
            langs,
            default_chain: Vec::new(),
            ready: Default::default(),
            counted: Default::default(),
            digest,
        };
        strings.default_chain = strings.chain(default_lang);
        let mut ready = rustc_hash::FxHashMap::default();
        let keys: BTreeSet<&String> =
            strings.default_chain.iter().filter_map(|t| strings.langs.get(t)).flat_map(|l| l.entries.keys()).collect();
        // Escaped exactly as the template would escape the plain string.
        let mut put = |key: &str, t: &str| {
            let mut buf = Vec::with_capacity(t.len());
            if crate::parse::text::escape_markup(t, &mut buf).is_ok() {
                ready.insert(key.to_string(), Value::safe_string(&String::from_utf8_lossy(&buf)));
            }
        };
        for key in keys.into_iter().filter(|k| !OWN_KEYS.contains(&k.as_str())) {
            // What `find` gives, so a taxonomy's generic fallback is honoured here too.
            if let Ok((_, Entry::Text(t))) = strings.find(&strings.default_lang, key)
                && !t.contains('{')
            {
                put(key, t);
            }
        }
        // The language's own name and direction (every page asks for the direction).
        for key in OWN_KEYS {
            let t = strings.own_text(&strings.default_lang, key);
            if !t.contains('{') {
                put(key, &t);
            }
        }
        strings.ready = ready;
        strings
    }

    /// The text `t(key=…)` gives for `key` alone in the default language, escaped as
    /// a template escapes it, when it is plain (no plural, no placeholder).
    pub fn plain(&self, key: &str) -> Option<&str> {
        self.ready.get(key).and_then(Value::as_str)
    }

    /// The language lookups use when a call names none: the site's.
    pub fn default_lang(&self) -> &str {
        &self.default_lang
    }

    /// The loaded language tags, sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.langs.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The text for `key` in `lang`: plural form chosen by `n`, `{n}` filled in, other
    /// placeholders left for [`Strings::format`]. Falls back along [`Strings::chain`].
    pub fn lookup(&self, lang: &str, key: &str, n: Option<i64>) -> Result<String, Missing> {
        self.format(lang, key, n, &[])
    }

    /// [`Strings::lookup`] with named placeholders filled from `args` (plain text; the
    /// Tera function does the HTML escaping). A placeholder without a value stays as
    /// written, so the gap shows on the page rather than vanishing.
    pub fn format(&self, lang: &str, key: &str, n: Option<i64>, args: &[(&str, &str)]) -> Result<String, Missing> {
        if OWN_KEYS.contains(&key) {
            return Ok(self.own_text(lang, key));
        }
        let (found_in, entry) = self.find(lang, key)?;
        let text = self.pick(found_in, entry, n);
        let n_text = n.map(|n| n.to_string());
        Ok(substitute(text, |name| {
            if name == "n" && n_text.is_some() {
                return n_text.clone();
            }
            args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        }))
    }

    /// Every plural form of `key` in `lang` (a plain string as `other`), for code that
    /// chooses on its own, like search.js with the browser's `Intl.PluralRules`.
    pub fn forms(&self, lang: &str, key: &str) -> Result<BTreeMap<String, String>, Missing> {
        let (_, entry) = self.find(lang, key)?;
        Ok(match entry {
            Entry::Text(t) => BTreeMap::from([("other".to_string(), t.clone())]),
            Entry::Plural(m) => m.clone(),
        })
    }

    /// Keys of the reference (`en` and the default language) that `lang` lacks, sorted:
    /// what the reader sees in another language. Keys `lang` only gets from its bare
    /// language (`pt` for `pt-BR`) count as present.
    pub fn missing(&self, lang: &str) -> Vec<String> {
        let lang = normalize(lang);
        let mut reference: BTreeSet<&str> = BTreeSet::new();
        for r in [REFERENCE_LANG.to_string(), self.default_lang.clone()] {
            if let Some(l) = self.langs.get(&r) {
                reference.extend(l.entries.keys().map(String::as_str));
            }
        }
        let own: Vec<&Lang> = own_chain(&lang).iter().filter_map(|t| self.langs.get(t)).collect();
        // A taxonomy's string that the language has generically is shown in it, not missing.
        let has =
            |l: &Lang, k: &str| l.entries.contains_key(k) || generic_key(k).is_some_and(|g| l.entries.contains_key(&g));
        reference.into_iter().filter(|k| !own.iter().any(|l| has(l, k))).map(str::to_string).collect()
    }

    /// Plural strings of `lang` lacking a category its CLDR rules give some whole number
    /// (French `many` is 1 000 000): `(key, category)` pairs. Such a count falls back to `other`.
    pub fn missing_forms(&self, lang: &str) -> Vec<(String, &'static str)> {
        let lang = normalize(lang);
        let Some(l) = self.langs.get(&lang) else { return Vec::new() };
        let needed = integer_categories(l.rules.as_ref());
        let mut out = Vec::new();
        for (key, entry) in &l.entries {
            if let Entry::Plural(m) = entry {
                for c in &needed {
                    if !m.contains_key(*c) {
                        out.push((key.clone(), *c));
                    }
                }
            }
        }
        out
    }

    /// The categories whole counts can take in `lang` (always with `other`), in CLDR order.
    pub fn needed_categories(&self, lang: &str) -> Vec<&'static str> {
        let lang = normalize(lang);
        match self.langs.get(&lang) {
            Some(l) => integer_categories(l.rules.as_ref()),
            None => integer_categories(rules_for(&lang).as_ref()),
        }
    }

    /// A string about the language itself (its name, its direction) from its own files
    /// only: another language's would name that language (bn called "English") and give
    /// its direction (Urdu `ltr`). Without one, the name is the language's code and the
    /// direction its script's, from CLDR's likely subtags (ICU4X `LocaleDirectionality`:
    /// `ur` is Arabic script, so `rtl`).
    fn own_text(&self, lang: &str, key: &str) -> String {
        let own = own_chain(&normalize(lang)).into_iter().filter_map(|t| self.langs.get(&t)).find_map(|l| {
            match l.entries.get(key) {
                Some(Entry::Text(t)) => Some(t.clone()),
                _ => None,
            }
        });
        own.unwrap_or_else(|| match key {
            "language.dir" if right_to_left(lang) => "rtl".to_string(),
            "language.dir" => "ltr".to_string(),
            _ => lang.to_string(),
        })
    }

    /// The order languages are tried in for `lang`, without duplicates: its own, then
    /// the site's default language, then English (README, "Interface strings").
    pub fn chain(&self, lang: &str) -> Vec<String> {
        let mut out = own_chain(&normalize(lang));
        for t in [self.site_lang.clone(), REFERENCE_LANG.to_string()] {
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    fn find(&self, lang: &str, key: &str) -> Result<(&Lang, &Entry), Missing> {
        let other;
        let chain = if lang == self.default_lang {
            &self.default_chain
        } else {
            other = self.chain(lang);
            &other
        };
        let generic = generic_key(key);
        for tag in chain {
            let Some(l) = self.langs.get(tag) else { continue };
            if let Some(e) = l.entries.get(key).or_else(|| generic.as_ref().and_then(|g| l.entries.get(g))) {
                return Ok((l, e));
            }
        }
        Err(Missing { lang: lang.to_string(), key: key.to_string() })
    }

    /// The plural form is chosen with the rules of the language the text was found in,
    /// not the one asked for: an English fallback must use English forms.
    fn pick<'a>(&self, lang: &Lang, entry: &'a Entry, n: Option<i64>) -> &'a str {
        match entry {
            Entry::Text(t) => t,
            Entry::Plural(m) => {
                let cat = match (n, &lang.rules) {
                    (Some(n), Some(r)) => category_name(r.category_for(n)),
                    _ => "other",
                };
                m.get(cat).or_else(|| m.get("other")).map(String::as_str).unwrap_or("")
            }
        }
    }

    /// Register `t` with Tera, as `tera.register_function("t", …)` would:
    ///
    /// `{{ t(key="count.briefings", n=term.count) }}`,
    /// `{{ t(key="footer.times_are", zone=site.timezone) }}`.
    ///
    /// The language is the `lang=` argument, else a `lang` variable in scope (context,
    /// `{% set %}`, loop), else `site.language`, else the default language: Tera 2's
    /// `State::get` reads top-level variables, so functions can see the context.
    /// Other arguments fill placeholders. Output is HTML-escaped where the template
    /// autoescapes, except arguments already marked safe (`names=links | safe`), and
    /// then marked safe itself so it is not escaped twice.
    pub fn register(strings: Arc<Strings>, tera: &mut Tera) {
        tera.register_function("t", move |kwargs: Kwargs, state: &State| strings.tera_t(&kwargs, state));
    }

    /// The body of the `t` Tera function (public so a theme test can call it with a bare `State`).
    pub fn tera_t(&self, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
        // The common call, `t(key=…)` alone in the site's language: made already. Read
        // without a lookup in the arguments (a SipHash of "key" each call).
        let mut args = kwargs.iter();
        if let (Some((k, v)), None) = (args.next(), args.next())
            && k.as_str() == Some("key")
            && let Some(v) = v.as_str().and_then(|key| self.ready.get(key))
        {
            return Ok(v.clone());
        }
        // The next most common, `t(key=…, n=<integer>)` alone and made before: read
        // from the memo with no lookup in the arguments (a list page's pager makes ten).
        if let Some(v) = self.counted_before(kwargs, state) {
            return Ok(v);
        }
        let key: &str = kwargs.must_get::<&str>("key")?;
        let n: Option<i64> = kwargs.get::<i64>("n")?;
        // `t(key=…, n=<integer>)` alone: its text depends on nothing else (a count given
        // as text or a float is written as given, so only an integer is remembered).
        let counted = match kwargs.get::<Value>("n")?.and_then(|v| v.as_number()) {
            Some(tera::Number::Integer(i)) if kwargs.iter().nth(2).is_none() => {
                i64::try_from(i).ok().map(|i| (i, state.autoescaping_enabled()))
            }
            _ => None,
        };
        // Made before, such a call was answered above (`counted_before`): it is made here
        // once, then remembered.
        // The site's language unless the call names one: one build renders one language,
        // and reading it from the context on every call (thousands a page) is not free.
        let lang = kwargs.get::<String>("lang")?;
        let lang = lang.as_deref().unwrap_or(&self.default_lang);
        if OWN_KEYS.contains(&key) {
            return state
                .escape_if_needed(&Value::normal_string(&self.own_text(lang, key)))
                .map(|t| Value::safe_string(&t));
        }
        let (found_in, entry) = self.find(lang, key).map_err(|m| tera::Error::message(format!("t(): {m}")))?;
        let text = state.escape_if_needed(&Value::normal_string(self.pick(found_in, entry, n)))?;
        let mut args: Vec<(String, String)> = Vec::new();
        for (k, v) in kwargs.iter() {
            let Some(name) = k.as_str() else { continue };
            if matches!(name, "key" | "lang") {
                continue;
            }
            args.push((name.to_string(), state.escape_if_needed(v)?));
        }
        let out =
            Value::safe_string(&substitute(&text, |name| args.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())));
        if let (Some(k), Ok(mut m)) = (counted, self.counted.write()) {
            m.entry(key.to_string()).or_default().insert(k, out.clone());
        }
        Ok(out)
    }
}

impl Strings {
    /// The memo's text of a call of exactly `key=<text>` and `n=<integer>`, in either
    /// order, when one was made already (see `counted` in [`Strings::tera_t`]).
    fn counted_before(&self, kwargs: &Kwargs, state: &State) -> Option<Value> {
        let mut args = kwargs.iter();
        let (a, b) = (args.next()?, args.next()?);
        if args.next().is_some() {
            return None;
        }
        let (key, n) = match (a.0.as_str()?, b.0.as_str()?) {
            ("key", "n") => (a.1, b.1),
            ("n", "key") => (b.1, a.1),
            _ => return None,
        };
        let tera::Number::Integer(i) = n.as_number()? else { return None };
        let k = (i64::try_from(i).ok()?, state.autoescaping_enabled());
        self.counted.read().ok()?.get(key.as_str()?)?.get(&k).cloned()
    }
}

/// `taxonomies.topics.count` → `taxonomy.count`: the theme's generic string that a
/// site's string for one taxonomy falls back to (see the module's documentation).
fn generic_key(key: &str) -> Option<String> {
    let (_, string) = key.strip_prefix("taxonomies.")?.split_once('.')?;
    Some(format!("taxonomy.{string}"))
}

/// `zh_tw`, `ZH-tw` → `zh-TW`: tags compare as BCP 47 says, case-insensitively.
fn normalize(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            (_, 4) => {
                let mut s = part.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                s
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// `pt-BR` → [`pt-BR`, `pt`]. Traditional Chinese does not fall back to `zh`
/// (Simplified): English is easier to spot and fix than the wrong script.
/// Whether `lang` (a BCP 47 tag) is written right to left: its script's direction, the
/// script given or the likely one (CLDR, through ICU4X); an unreadable tag is not.
fn right_to_left(lang: &str) -> bool {
    static DIRECTIONS: icu_locale::LocaleDirectionality = icu_locale::LocaleDirectionality::new_extended();
    icu_locale_core::LanguageIdentifier::try_from_str(lang).is_ok_and(|id| DIRECTIONS.is_right_to_left(&id))
}

/// Keys that describe the language itself, never taken from another language.
const OWN_KEYS: &[&str] = &["language.name", "language.dir"];

fn own_chain(tag: &str) -> Vec<String> {
    let mut out = vec![tag.to_string()];
    if let Some((base, rest)) = tag.split_once('-') {
        let traditional = base == "zh" && ["Hant", "TW", "HK", "MO"].iter().any(|s| rest.split('-').any(|p| p == *s));
        if !traditional {
            out.push(base.to_string());
        }
    }
    out
}

fn rules_for(tag: &str) -> Option<PluralRules> {
    let locale = icu_locale_core::Locale::try_from_str(tag).ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Categories whole numbers reach. CLDR's list also has decimal-only ones (Russian
/// `other` is for 1.5), which a count of briefings never needs; the samples cover
/// every integer rule in CLDR 48 (they test n % 100 and n % 1000000 at most).
fn integer_categories(rules: Option<&PluralRules>) -> Vec<&'static str> {
    let mut seen: BTreeSet<&'static str> = BTreeSet::from(["other"]);
    if let Some(r) = rules {
        for n in (0..=1000u64).chain([10_000, 100_000, 1_000_000, 2_000_000, 1_000_001]) {
            seen.insert(category_name(r.category_for(n)));
        }
    }
    CATEGORIES.iter().copied().filter(|c| seen.contains(c)).collect()
}

/// Replace `{name}` with `value(name)`; unknown names and lone braces stay as written.
fn substitute(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The `{name}`s of a string, for checking translations against the reference.
#[cfg(test)]
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let found = std::cell::RefCell::new(BTreeSet::new());
    substitute(text, |name| {
        found.borrow_mut().insert(name.to_string());
        None
    });
    found.into_inner()
}

// ---- YAML --------------------------------------------------------------------------
//
// The file is deserialized into `Node` by hand-written visitors rather than into
// `serde_yaml::Value`: an error raised while deserializing (a number where a string
// belongs, a duplicate key) then carries serde_yaml's line and column, which a
// `Value` walked afterwards no longer has.

mod file;

use file::parse_file;

#[cfg(test)]
mod tests;
