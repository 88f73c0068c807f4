//! `brief check`: the whole pipeline in memory, then every internal link and anchor
//! checked against what the build would write. Writes nothing.

use crate::diag::Diagnostic;
use crate::site::{Options, load_site, render_all};

/// Check the site; `Ok` carries warnings and the number of links checked.
pub fn run(opts: &Options) -> Result<(Vec<Diagnostic>, usize), Vec<Diagnostic>> {
    let loaded = load_site(opts)?;
    let files = render_all(&loaded, None)?;
    let (diags, links) = crate::links::check::check_links(&loaded.site(), &loaded.root, &files);
    if diags.iter().any(Diagnostic::is_error) {
        let mut all = loaded.warnings.clone();
        all.extend(diags);
        crate::diag::sort(&mut all);
        return Err(all);
    }
    let mut w = loaded.warnings;
    w.extend(diags);
    Ok((w, links))
}
