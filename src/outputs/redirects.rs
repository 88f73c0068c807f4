//! `/_redirects`: every old URL as a `301` line, in the format Netlify and Cloudflare
//! Pages read (`FROM TO 301`), for hosts that redirect before serving files. The HTML
//! redirect pages at the same URLs serve every other host.

use crate::index::Site;
use crate::routes::{Route, Routes, link};

/// The `_redirects` file of the site.
pub fn redirect_list(site: &Site) -> Vec<u8> {
    let mut lines: Vec<(String, String)> = Vec::new();
    for ed in site.all_editions() {
        let routes = Routes::new(ed.cfg, ed.idx);
        lines.extend(ed.idx.redirects.iter().map(|r| (link(ed.cfg, &r.from), routes.url(Route::Briefing(r.to)))));
    }
    // One edition's are sorted already; several are merged in the same order.
    lines.sort();
    let mut out = String::with_capacity(lines.len() * 80);
    for (from, to) in lines {
        out.push_str(&from);
        out.push(' ');
        out.push_str(&to);
        out.push_str(" 301\n");
    }
    out.into_bytes()
}
