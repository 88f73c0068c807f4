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
}

/// Interface strings the site's language lacks: each is shown in the fallback
/// language, and said here once per language.
fn missing_strings(loaded: &crate::site::Loaded) -> Vec<Diagnostic> {
    let lang = &loaded.cfg.language;
    let missing = loaded.templates.strings.missing(lang);
    if missing.is_empty() {
        return Vec::new();
    }
    let own = loaded.root.join("i18n").join(format!("{lang}.yaml"));
    let file = if own.is_file() { PathBuf::from(format!("i18n/{lang}.yaml")) } else { PathBuf::from("site.yaml") };
    let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
    vec![
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
    ]
}

/// Check the site; `Ok` carries warnings, the number of links checked, and the
/// schedule.
pub fn run(opts: &Options) -> Result<(Vec<Diagnostic>, usize, Schedule), Vec<Diagnostic>> {
    let loaded = load_site(opts)?;
    let files = render_all(&loaded, None)?;
    let (mut diags, links) = crate::links::check::check_links(&loaded.site(), &loaded.root, &files);
    let mut strings = missing_strings(&loaded);
    crate::source::apply_strict(&mut strings, loaded.cfg.strict);
    diags.extend(strings);
    if diags.iter().any(Diagnostic::is_error) {
        let mut all = loaded.warnings.clone();
        all.extend(diags);
        crate::diag::sort(&mut all);
        return Err(all);
    }
    let schedule = Schedule { scheduled: loaded.scheduled, expired: loaded.expired, next_change: loaded.next_change };
    let mut w = loaded.warnings;
    w.extend(diags);
    Ok((w, links, schedule))
}
