//! Dates in the reader's language, from CLDR data through ICU4X.
//!
//! Every localized string here comes from CLDR (via the `icu_datetime` crate's
//! data); this module only picks the right CLDR pattern for each use and
//! never holds a month or weekday table of its own.
//!
//! * [`Locale::new`] parses a BCP 47 tag and says whether the reader gets
//!   their own language or a fallback (base language, then English).
//! * [`Locale::month_name`] / [`Locale::month_year`] are *heading* forms:
//!   CLDR's stand-alone (nominative) month, first letter upper-cased.
//!   [`Locale::month_year_in_text`] is the same month and year as CLDR writes
//!   it inside a sentence ("mars 2024" where the heading is "Mars 2024").
//! * [`Locale::long_date`] / [`Locale::weekday_name`] are *running-text*
//!   forms: CLDR's long date (genitive month where the language has one).
//! * [`Locale::format`] is a strftime pattern whose `%B %b %A %a` are
//!   localized and whose other directives are left to jiff.
//!
//! All dates are shown in the Gregorian calendar whatever the locale's
//! default calendar is (`th` would otherwise count Buddhist years and `fa`
//! Persian months), because brief's archives are bucketed by Gregorian
//! year and month and a heading must name the same month as its bucket.
//!
//! A [`Locale`] is an `Arc` around formatters built once per tag and kept in
//! a process-wide cache, so it is cheap to clone, `Send + Sync`, and
//! formatting from rayon threads takes no lock.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::fieldsets::{YM, YMD};
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames, MonthNameLength, WeekdayNameLength};
use icu_datetime::{DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter};
use icu_locale_core::Locale as IcuLocale;
use writeable::TryWriteable;

/// The language used when the requested one has no CLDR date data.
const LAST_RESORT: &str = "en";

/// Date formatting for one reader language.
///
/// Clone it freely: clones share the same formatters.
#[derive(Clone)]
pub struct Locale(Arc<Formatters>);

/// Names formatter type: only date fields, Gregorian calendar.
type Names = FixedCalendarDateTimeNames<Gregorian, icu_datetime::fieldsets::enums::DateFieldSet>;

struct Formatters {
    /// The locale the formatters were built for (after fallback).
    locale: IcuLocale,
    /// The CLDR locale whose data actually serves it, e.g. `zh-Hant` for
    /// `zh-TW`, `pt` for `pt-BR`; equal to `locale` when CLDR has it as is.
    resolved: String,
    /// CLDR's `yMMMM` and long date, each as the pattern ICU4X chose with the names and
    /// the number formatter it needs (see [`NamePattern::of_formatter`]).
    year_month: NamePattern,
    long_date: NamePattern,
    /// Long dates made so far: a site shows each day's on many pages (its briefings',
    /// its lists'), and formatting one costs about a microsecond.
    long_dates: Mutex<HashMap<jiff::civil::Date, String>>,
    // ICU4X loads one length/context of month names per names object, so
    // each of the six name forms gets its own (they share static data).
    month_standalone: NamePattern,
    month_format: NamePattern,
    month_abbr_standalone: NamePattern,
    month_abbr_format: NamePattern,
    weekday: NamePattern,
    weekday_abbr: NamePattern,
}

/// A CLDR pattern of a single field with the names it needs.
struct NamePattern {
    names: Names,
    pattern: DateTimePattern,
}

impl NamePattern {
    fn month(prefs: DateTimeFormatterPreferences, len: MonthNameLength, pattern: &str) -> Self {
        let mut names = Names::try_new(prefs).expect("compiled data has decimal symbols");
        // Loading cannot fail for compiled data: every locale falls back to
        // root, which has all names.
        let _ = names.include_month_names(len);
        Self::with(names, pattern)
    }

    fn weekday(prefs: DateTimeFormatterPreferences, len: WeekdayNameLength, pattern: &str) -> Self {
        let mut names = Names::try_new(prefs).expect("compiled data has decimal symbols");
        let _ = names.include_weekday_names(len);
        Self::with(names, pattern)
    }

    /// A pattern a formatter chose for this locale, with everything it needs loaded.
    /// ICU4X's Portuguese year-month and long-date formatters come without their decimal
    /// formatter: writing their year or day debug-panics ("DecimalFormatterNotLoaded")
    /// and shows unformatted digits otherwise; loading for the pattern loads it.
    fn of_formatter(prefs: DateTimeFormatterPreferences, pattern: DateTimePattern) -> Self {
        let mut names = Names::try_new(prefs).expect("compiled data has decimal symbols");
        // Loading cannot fail for compiled data, whose locales all fall back to root.
        let _ = names.include_for_pattern(&pattern);
        Self { names, pattern }
    }

    fn with(names: Names, pattern: &str) -> Self {
        let pattern = DateTimePattern::try_from_pattern_str(pattern).expect("valid CLDR pattern");
        Self { names, pattern }
    }

    fn format(&self, date: &IcuDate<Gregorian>) -> String {
        // `try_write_to_string` also returns a best-effort string on error
        // (a missing name is replaced by a fallback); use it either way so a
        // date is never lost.
        match self.names.with_pattern_unchecked(&self.pattern).format(date).try_write_to_string() {
            Ok(s) | Err((_, s)) => s.into_owned(),
        }
    }
}

impl Locale {
    /// Returns the formatters for a BCP 47 tag (`"ko"`, `"zh-TW"`, `"pt_BR"`)
    /// and whether the reader gets their own language.
    ///
    /// `exact` is `true` when the tag parsed and CLDR has date data for its
    /// language; the region or script may still be served by CLDR's own
    /// inheritance (`pt-BR` uses `pt`, `zh-TW` uses `zh-Hant`, `de-XX` uses
    /// `de`). It is `false` when the tag was
    /// malformed and only its first subtag could be used (`"de-!!"` → `de`),
    /// or when the language has no data and English is used instead.
    ///
    /// Results are cached per tag for the life of the process: the first
    /// call for a tag costs tens of microseconds, later ones a hash lookup.
    pub fn new(tag: &str) -> (Locale, bool) {
        static CACHE: OnceLock<Mutex<HashMap<String, (Locale, bool)>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(tag) {
            return hit.clone();
        }
        // Built outside the lock so threads asking for different tags do
        // not wait on each other; a rare duplicate build is harmless.
        let (locale, exact) = resolve(tag);
        let built = (Locale(Arc::new(Formatters::build(locale))), exact);
        cache.lock().unwrap_or_else(|e| e.into_inner()).entry(tag.to_owned()).or_insert(built).clone()
    }

    /// The locale in use after fallback, as a BCP 47 tag (`"ko"`, `"en"`).
    #[cfg(test)]
    pub fn tag(&self) -> String {
        self.0.locale.to_string()
    }

    /// The month's stand-alone name as a heading: "July", "7월", "Juli",
    /// "七月", "Июль" (CLDR gives "июль"; see [`capitalize_first`]).
    ///
    /// A month outside 1..=12 is clamped, as a heading must show something.
    pub fn month_name(&self, month: i8) -> String {
        capitalize_first(&self.0.month_standalone.format(&first_of(2000, month)))
    }

    /// Month and year as a heading: "July 2024", "2024년 7월", "Июль 2024 г."
    /// (CLDR's `yMMMM` skeleton, which uses the stand-alone month).
    pub fn month_year(&self, year: i16, month: i8) -> String {
        capitalize_first(&self.month_year_in_text(year, month))
    }

    /// Month and year inside running text: CLDR's `yMMMM` as written, without the
    /// heading's capital ("Jours de mars 2024", not "Mars"). Languages that always
    /// capitalize month names keep them ("März 2024", "July 2024").
    pub fn month_year_in_text(&self, year: i16, month: i8) -> String {
        self.0.year_month.format(&first_of(year, month))
    }

    /// CLDR's long date: "July 12, 2024" (en), "12 июля 2024\u{202f}г.",
    /// "2024년 7월 12일", "12. Juli 2024". Not capitalized, as it is meant
    /// for running text ("published 12 июля 2024 г.").
    pub fn long_date(&self, date: jiff::civil::Date) -> String {
        let made = |f: &Formatters| f.long_date.format(&to_icu(date));
        let Ok(mut dates) = self.0.long_dates.lock() else { return made(&self.0) };
        dates.entry(date).or_insert_with(|| made(&self.0)).clone()
    }

    /// The weekday's full name in its format form: "Friday", "금요일",
    /// "пятница" (lower case in languages that write it so).
    #[cfg(test)]
    pub fn weekday_name(&self, date: jiff::civil::Date) -> String {
        self.0.weekday.format(&to_icu(date))
    }

    /// Formats `z` with a strftime pattern, as jiff's `strftime` would, except
    /// that `%B`, `%b`/`%h`, `%A` and `%a` are localized through CLDR.
    ///
    /// `%B`/`%b` take the month's *format* form when the pattern also shows
    /// a day of the month (`%d %e %D %F %x %c`), and the *stand-alone* form
    /// otherwise, so Russian gives "12 июля 2024" but "июль 2024"; this is
    /// the same rule glibc follows for `%B` vs `%OB`. The `^` flag
    /// upper-cases a localized name (`%^B`); other flags and widths on those
    /// four directives are ignored, since padding a word is meaningless.
    ///
    /// # Errors
    ///
    /// Whatever jiff reports for the pattern (an unknown directive, a field
    /// the value lacks).
    pub fn format(&self, z: &jiff::ZonedDateTime, pattern: &str) -> Result<String, jiff::Error> {
        let f = &self.0;
        let date = to_icu(z.date());
        let with_day = has_day_directive(pattern);
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut rest = pattern;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..pos]);
            let spec = &rest[pos + 1..];
            // A directive is `%`, optional flags, optional width, one letter.
            let flags_len = spec.find(|c: char| !"-_0^#".contains(c)).unwrap_or(spec.len());
            let after_flags = &spec[flags_len..];
            let width_len = after_flags.find(|c: char| !c.is_ascii_digit()).unwrap_or(after_flags.len());
            let conv = after_flags[width_len..].chars().next();
            let name = match conv {
                Some('B') if with_day => Some(f.month_format.format(&date)),
                Some('B') => Some(f.month_standalone.format(&date)),
                Some('b' | 'h') if with_day => Some(f.month_abbr_format.format(&date)),
                Some('b' | 'h') => Some(f.month_abbr_standalone.format(&date)),
                Some('A') => Some(f.weekday.format(&date)),
                Some('a') => Some(f.weekday_abbr.format(&date)),
                _ => None,
            };
            let directive_len = 1 + flags_len + width_len + conv.map_or(0, char::len_utf8);
            match name {
                Some(name) => {
                    let name = if spec[..flags_len].contains('^') { name.to_uppercase() } else { name };
                    // The name goes back through strftime: escape any `%`.
                    out.push_str(&name.replace('%', "%%"));
                }
                // Not ours (including `%%`): hand the directive to jiff.
                None => out.push_str(&rest[pos..pos + directive_len]),
            }
            rest = &rest[pos + directive_len..];
        }
        out.push_str(rest);
        jiff::fmt::strtime::format(out.as_bytes(), z)
    }
}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locale")
            .field("locale", &self.0.locale.to_string())
            .field("resolved", &self.0.resolved)
            .finish()
    }
}

impl Formatters {
    fn build(locale: IcuLocale) -> Self {
        let prefs = DateTimeFormatterPreferences::from(&locale);
        // Compiled data covers every CLDR locale and falls back to root, so
        // these constructors only fail on an ICU4X bug.
        let year_month =
            FixedCalendarDateTimeFormatter::try_new(prefs, YM::long()).expect("compiled data has year-month patterns");
        let long_date =
            FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).expect("compiled data has long date patterns");
        // Gregorian year-month and long-date patterns do not change with the date.
        let day = first_of(2000, 1);
        let year_month = NamePattern::of_formatter(prefs, year_month.format(&day).pattern());
        let long_date = NamePattern::of_formatter(prefs, long_date.format(&day).pattern());
        use MonthNameLength as M;
        use WeekdayNameLength as W;
        Self {
            resolved: resolved_data_locale(&locale).unwrap_or_else(|| locale.to_string()),
            locale,
            year_month,
            long_date,
            long_dates: Mutex::default(),
            // `L` is CLDR's stand-alone month, `M` its format (in-date) month.
            month_standalone: NamePattern::month(prefs, M::StandaloneWide, "LLLL"),
            month_format: NamePattern::month(prefs, M::Wide, "MMMM"),
            month_abbr_standalone: NamePattern::month(prefs, M::StandaloneAbbreviated, "LLL"),
            month_abbr_format: NamePattern::month(prefs, M::Abbreviated, "MMM"),
            weekday: NamePattern::weekday(prefs, W::Wide, "EEEE"),
            weekday_abbr: NamePattern::weekday(prefs, W::Abbreviated, "EEE"),
        }
    }
}

/// Turns a tag into the locale to use and whether it is the reader's own.
fn resolve(tag: &str) -> (IcuLocale, bool) {
    // POSIX-style `pt_BR` is common in front matter; BCP 47 wants `-`.
    let tag = tag.trim().replace('_', "-");
    match tag.parse::<IcuLocale>() {
        Ok(locale) if has_language_data(&locale) => (locale, true),
        Ok(_) => (english(), false),
        Err(_) => {
            // Salvage the language subtag of a malformed tag.
            let base = tag.split('-').next().unwrap_or("");
            match base.parse::<IcuLocale>() {
                Ok(locale) if has_language_data(&locale) => (locale, false),
                _ => (english(), false),
            }
        }
    }
}

fn english() -> IcuLocale {
    LAST_RESORT.parse().expect("valid tag")
}

/// The CLDR locale that serves month names for `locale`, or `None` when
/// CLDR has data for `locale` itself.
///
/// Asks the compiled data directly: the baked lookup walks CLDR's fallback
/// chain (`zh-TW` → `zh-Hant-TW` → `zh-Hant` …) and reports where it
/// stopped, which is the only place that knows about data coverage.
fn resolved_data_locale(locale: &IcuLocale) -> Option<String> {
    use icu_datetime::provider::names::DatetimeNamesMonthGregorianV1;
    use icu_datetime::provider::semantic_skeletons::marker_attrs;
    use icu_provider::prelude::*;
    let data_locale = DataLocale::from(locale);
    let req = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes_and_locale(marker_attrs::WIDE_STANDALONE, &data_locale),
        ..Default::default()
    };
    let res: DataResponse<DatetimeNamesMonthGregorianV1> = icu_datetime::provider::Baked.load(req).ok()?;
    res.metadata.locale.map(|l| l.to_string())
}

/// Whether CLDR has month names for the language (not just root's "M07").
fn has_language_data(locale: &IcuLocale) -> bool {
    match resolved_data_locale(locale) {
        None => true,
        Some(resolved) => resolved != "und",
    }
}

/// The first day of a month, the only thing month-level formatters look at.
fn first_of(year: i16, month: i8) -> IcuDate<Gregorian> {
    let month = month.clamp(1, 12) as u8;
    IcuDate::try_new_gregorian(i32::from(year), month, 1).expect("day 1 of months 1..=12 exists")
}

fn to_icu(date: jiff::civil::Date) -> IcuDate<Gregorian> {
    // jiff's range (-9999..=9999) is inside ICU4X's, so this cannot fail.
    IcuDate::try_new_gregorian(i32::from(date.year()), date.month() as u8, date.day() as u8)
        .expect("jiff dates are valid Gregorian dates")
}

/// Whether a strftime pattern shows the day of the month, which makes a
/// month name inside it take its format (in Russian, genitive) form.
fn has_day_directive(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        // Skip flags and width, then look at the conversion letter.
        let conv = chars.by_ref().find(|c| !"-_0^#".contains(*c) && !c.is_ascii_digit());
        if matches!(conv, Some('d' | 'e' | 'D' | 'F' | 'x' | 'c')) {
            return true;
        }
    }
    false
}

/// Upper-cases the first letter, for names shown as headings.
///
/// CLDR writes month names in running-text case ("июль", "juillet", "lipiec")
/// and leaves heading case to `contextTransforms`, which ICU4X does not
/// apply. A heading starts a sentence, so its first letter is capitalized in
/// every cased script; uncased scripts (Hangul, Han, Arabic, Hebrew, Thai,
/// Devanagari) come back unchanged. Rust's `to_uppercase` is Unicode's
/// default mapping; the one locale-specific first letter, Turkish dotted
/// `i`, begins no Turkish month name.
fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn loc(tag: &str) -> Locale {
        let (l, exact) = Locale::new(tag);
        assert!(exact, "{tag} should be supported");
        l
    }

    /// comaps/website publishes a `pt` and a `pt-BR` edition: ICU4X's compiled formatter
    /// for Portuguese year-month and long-date patterns has no decimal formatter loaded, and
    /// writing one debug-panicked ("DecimalFormatterNotLoaded"), so a debug `brief build`
    /// of any Portuguese edition died.
    #[test]
    fn portuguese_dates_format_without_a_panic() {
        for tag in ["pt", "pt-BR", "pt-PT"] {
            let pt = loc(tag);
            assert!(pt.month_year(2025, 7).starts_with("Julho de 2025"), "{tag}: {}", pt.month_year(2025, 7));
            assert_eq!(pt.long_date(date(2025, 7, 3)), "3 de julho de 2025", "{tag}");
        }
    }

    #[test]
    fn english() {
        let en = loc("en");
        assert_eq!(en.month_name(7), "July");
        assert_eq!(en.month_year(2024, 7), "July 2024");
        assert_eq!(en.long_date(date(2024, 7, 12)), "July 12, 2024");
        assert_eq!(en.weekday_name(date(2024, 7, 12)), "Friday");
    }

    #[test]
    fn korean_japanese_chinese() {
        let ko = loc("ko");
        assert_eq!(ko.month_name(7), "7월");
        assert_eq!(ko.month_year(2024, 7), "2024년 7월");
        assert_eq!(ko.long_date(date(2024, 7, 12)), "2024년 7월 12일");
        assert_eq!(ko.weekday_name(date(2024, 7, 12)), "금요일");
        let ja = loc("ja");
        assert_eq!(ja.month_year(2024, 7), "2024年7月");
        assert_eq!(ja.long_date(date(2024, 7, 12)), "2024年7月12日");
        let zh = loc("zh");
        assert_eq!(zh.month_name(7), "七月");
        assert_eq!(zh.long_date(date(2024, 7, 12)), "2024年7月12日");
    }

    #[test]
    fn russian_genitive_vs_nominative() {
        let ru = loc("ru");
        assert_eq!(ru.month_name(7), "Июль");
        assert_eq!(ru.long_date(date(2024, 7, 12)), "12 июля 2024\u{202f}г.");
        let z = date(2024, 7, 12).at(9, 0, 0, 0).in_tz("UTC").unwrap();
        assert_eq!(ru.format(&z, "%-d %B %Y").unwrap(), "12 июля 2024");
        assert_eq!(ru.format(&z, "%B %Y").unwrap(), "июль 2024");
    }

    #[test]
    fn german() {
        let de = loc("de");
        assert_eq!(de.month_name(7), "Juli");
        assert_eq!(de.month_year(2024, 7), "Juli 2024");
        assert_eq!(de.month_year_in_text(2024, 3), "März 2024", "German nouns keep their capital");
        assert_eq!(de.long_date(date(2024, 7, 12)), "12. Juli 2024");
    }

    #[test]
    fn regional_tags_resolve_through_cldr() {
        let (tw, exact) = Locale::new("zh-TW");
        assert!(exact);
        assert_eq!(tw.long_date(date(2024, 7, 12)), "2024年7月12日");
        let (br, exact) = Locale::new("pt_BR");
        assert!(exact);
        assert_eq!(br.month_name(7), "Julho");
    }

    #[test]
    fn fallbacks_are_reported() {
        let (l, exact) = Locale::new("xx");
        assert!(!exact);
        assert_eq!(l.tag(), "en");
        let (l, exact) = Locale::new("not a tag");
        assert!(!exact);
        assert_eq!(l.tag(), "en");
        let (l, exact) = Locale::new("de-!!");
        assert!(!exact);
        assert_eq!(l.tag(), "de");
        assert_eq!(l.month_name(3), "März");
    }

    #[test]
    fn format_passes_other_directives_to_jiff() {
        let fr = loc("fr");
        let z = date(2024, 7, 12).at(9, 5, 0, 0).in_tz("UTC").unwrap();
        assert_eq!(fr.format(&z, "%A %-d %B %Y, %H:%M").unwrap(), "vendredi 12 juillet 2024, 09:05");
        assert_eq!(fr.format(&z, "%^B 100%%").unwrap(), "JUILLET 100%");
        assert_eq!((fr.month_year(2024, 3), fr.month_year_in_text(2024, 3)), ("Mars 2024".into(), "mars 2024".into()));
        assert!(!fr.format(&z, "%a %b").unwrap().is_empty());
    }

    #[test]
    fn is_send_sync_and_cached() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Locale>();
        let (a, _) = Locale::new("ko");
        let (b, _) = Locale::new("ko");
        assert!(Arc::ptr_eq(&a.0, &b.0));
    }
}
