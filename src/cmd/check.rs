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

/// Check the site; `Ok` carries warnings, the number of links checked, and the
/// schedule.
pub fn run(opts: &Options) -> Result<(Vec<Diagnostic>, usize, Schedule), Vec<Diagnostic>> {
    let loaded = load_site(opts)?;
    let files = render_all(&loaded, None)?;
    let (diags, links) = crate::links::check::check_links(&loaded.site(), &loaded.root, &files);
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
