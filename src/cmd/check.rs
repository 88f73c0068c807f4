//! `brief check`: the whole pipeline in memory, then every internal link and anchor
//! checked against what the build would write. Writes nothing.

use crate::diag::Diagnostic;
use std::path::PathBuf;

use crate::site::{NextChange, Options, load_site, render_all};

/// What the site holds that is not published now, or not for long.
#[derive(Debug, Default)]
pub struct Schedule {
    /// Briefings dated after the build time.
    pub scheduled: Vec<PathBuf>,
    /// Briefings past their `expires:`.
    pub expired: Vec<PathBuf>,
    /// When the output would next change by itself.
    pub next_change: Option<NextChange>,
    /// On a site with several languages: per language, its briefings' translations.
    pub translations: Vec<TranslationRow>,
}

/// Interface strings an edition's language lacks: each is shown in the fallback
/// language, and said here once per language.
fn missing_strings(loaded: &crate::site::Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (ed, tpl) in loaded.editions.iter().zip(&loaded.templates) {
        let lang = &ed.cfg.language;
        let missing = tpl.strings.missing(lang);
        if missing.is_empty() {
            continue;
        }
        let own = loaded.root.join("i18n").join(format!("{lang}.yaml"));
        let file = if own.is_file() { PathBuf::from(format!("i18n/{lang}.yaml")) } else { PathBuf::from("site.yaml") };
        let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
        out.push(
            Diagnostic::warning(
                file,
                format!(
                    "{} interface string{} missing in `{lang}`, shown in the fallback language: {}{}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    shown.join(", "),
                    if missing.len() > 8 { ", …" } else { "" }
                ),
            )
            .hint(format!("add them to `i18n/{lang}.yaml` in the site (keys as in the theme's `i18n/en.yaml`)")),
        );
    }
    out
}

/// One language's row of `brief check`'s translation table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationRow {
    /// The language code as configured.
    pub language: String,
    /// Its published briefings.
    pub briefings: usize,
    /// Per other language: how many of them have a version there, and the source files
    /// of those that do not.
    pub others: Vec<(String, usize, Vec<PathBuf>)>,
}

/// Per edition, which of its briefings have a version in each other edition; empty for
/// a site with one language.
pub fn translations(loaded: &crate::site::Loaded) -> Vec<TranslationRow> {
    if loaded.editions.len() < 2 {
        return Vec::new();
    }
    let eds = &loaded.editions;
    eds.iter()
        .enumerate()
        .map(|(e, ed)| {
            let others = eds
                .iter()
                .enumerate()
                .filter(|&(f, _)| f != e)
                .map(|(f, other)| {
                    let lacking: Vec<PathBuf> = (0..ed.briefings.len())
                        .filter(|&i| loaded.peers.briefing(e, i, f).is_none())
                        .map(|i| ed.briefings[i].source.clone())
                        .collect();
                    (other.cfg.language.clone(), ed.briefings.len() - lacking.len(), lacking)
                })
                .collect();
            TranslationRow { language: ed.cfg.language.clone(), briefings: ed.briefings.len(), others }
        })
        .collect()
}

/// Check the site; `Ok` carries warnings, the number of links checked, and the
/// schedule.
pub fn run(opts: &Options) -> Result<(Vec<Diagnostic>, usize, Schedule), Vec<Diagnostic>> {
    let mut loaded = load_site(opts)?;
    let files = render_all(&loaded, None)?;
    let (mut diags, links) = crate::links::check::check_links(&loaded.site(0), &loaded.root, &files);
    let mut strings = missing_strings(&loaded);
    crate::source::apply_strict(&mut strings, loaded.cfg.strict);
    diags.extend(strings);
    if diags.iter().any(Diagnostic::is_error) {
        let mut all = loaded.warnings.clone();
        all.extend(diags);
        crate::diag::sort(&mut all);
        return Err(all);
    }
    let translations = translations(&loaded);
    let schedule = Schedule {
        scheduled: std::mem::take(&mut loaded.scheduled),
        expired: std::mem::take(&mut loaded.expired),
        next_change: loaded.next_change.take(),
        translations,
    };
    let mut w = std::mem::take(&mut loaded.warnings);
    w.extend(diags);
    Ok((w, links, schedule))
}
