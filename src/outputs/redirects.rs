//! `/_redirects`: every old URL as a `301` line, in the format Netlify and Cloudflare
//! Pages read (`FROM TO 301`), for hosts that redirect before serving files. The HTML
//! redirect pages at the same URLs serve every other host.

use crate::index::Site;
use crate::routes::{Route, Routes, link};

/// The `_redirects` file of the site.
pub fn redirect_list(site: &Site) -> Vec<u8> {
    let routes = Routes::new(site.cfg, site.idx);
    let mut out = String::with_capacity(site.idx.redirects.len() * 80);
    for r in &site.idx.redirects {
        out.push_str(&link(site.cfg, &r.from));
        out.push(' ');
        out.push_str(&routes.url(Route::Briefing(r.to)));
        out.push_str(" 301\n");
    }
    out.into_bytes()
}
