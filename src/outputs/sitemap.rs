//! `/sitemap.xml` (split into parts past 50,000 URLs, with a sitemap index) and
//! `/robots.txt`. Locations are made as they are written, not held for the whole site.

use std::io::Write;

use jiff::ZonedDateTime as Zoned;

use rayon::prelude::*;

use super::{Output, push_rfc3339, push_xml_escaped, uri, xml_escape};
use crate::config::Config;
use crate::index::{Site, page_slice};
use crate::routes::{NEWS_SITEMAP, Route, Routes, SITEMAP, SITEMAP_MAX, has_news_sitemap, output_file, sitemap_part};

/// Last change of what a route shows, for the sitemap; `stamps` holds each briefing's
/// (see [`stamps`]).
fn lastmod<'a>(
    site: &Site<'a>,
    routes: &Routes<'a>,
    route: Route,
    site_latest: Option<&'a Zoned>,
    stamps: &[jiff::Timestamp],
) -> Option<&'a Zoned> {
    let b = site.briefings;
    let changed = |i: usize| b[i].modified();
    // The last of the latest, as `max_by_key` gives it.
    let latest = |items: &[usize]| items.iter().copied().max_by_key(|&i| stamps[i]).map(changed);
    match route {
        Route::Briefing(i) => Some(changed(i)),
        Route::Page(i) => site.pages[i].updated.as_ref().or(site.pages[i].date.as_ref()),
        Route::Archive | Route::TermList(_) | Route::Search => site_latest,
        // A list page changes when one of its own items does.
        Route::Home { page }
        | Route::Term { page, .. }
        | Route::Year { page, .. }
        | Route::Month { page, .. }
        | Route::Day { page, .. } => latest(page_slice(routes.items(route), page, site.cfg.paginate)),
        _ => latest(routes.items(route)),
    }
}

/// When each briefing last changed ([`crate::model::Briefing::modified`]), in one
/// small array: the list pages' last changes look up about 14 briefings each of 10,000
/// (`perf` of `serve`: going to each briefing's dates and notes was a fifth of the
/// sitemap's time).
fn stamps(site: &Site) -> Vec<jiff::Timestamp> {
    site.briefings.iter().map(|b| b.modified().timestamp()).collect()
}

/// One location of the sitemap (its absolute URL is written apart, onto a buffer; the
/// sitemap percent-encodes it and the alternates' as it writes them).
pub struct Entry<'a> {
    /// Last change.
    pub lastmod: Option<&'a Zoned>,
    /// `(hreflang, absolute URL)` of its versions in other languages (and `x-default`).
    pub alternates: Vec<(&'a str, String)>,
}

/// The sitemap files of the site, every edition's pages in one, each handed to `sink`
/// when complete. On a site with several languages each entry lists its translations
/// (`xhtml:link`), as Google reads them.
pub fn sitemaps<E>(site: &Site, mut sink: impl FnMut(Output) -> Result<(), E>) -> Result<(), E> {
    sitemaps_streamed(site, |path, fill| {
        let mut bytes = Vec::new();
        fill(&mut bytes).expect("writing to a Vec cannot fail");
        sink(Output { path: path.to_string(), bytes })
    })
}

/// A file written through a writer: `put(path, fill)` opens the file at `path` (relative
/// to the output) and has `fill` write it.
pub type Fill<'f> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'f;

/// [`sitemaps`], each file written by `put` as it is made: a sitemap of 50,000 URLs is
/// megabytes, and a build that streams it to its file never holds it whole.
pub fn sitemaps_streamed<E>(site: &Site, put: impl FnMut(&str, &mut Fill<'_>) -> Result<(), E>) -> Result<(), E> {
    let editions = site.all_editions();
    let multilingual = editions.len() > 1;
    type Part<'a> = (Site<'a>, Routes<'a>, Option<&'a Zoned>, Vec<Route>, Vec<jiff::Timestamp>);
    let parts: Vec<Part> = editions
        .into_iter()
        .map(|ed| {
            let routes = Routes::new(ed.cfg, ed.idx);
            let stamps = stamps(&ed);
            let latest = (0..ed.briefings.len())
                .filter(|&i| !ed.briefings[i].expired)
                .max_by_key(|&i| stamps[i])
                .map(|i| ed.briefings[i].modified());
            // An expired briefing keeps its page, but no list shows it, the sitemap included.
            let listed: Vec<Route> = routes
                .all()
                .into_iter()
                .filter(|r| r.in_sitemap() && !matches!(r, Route::Briefing(i) if ed.briefings[*i].expired))
                .collect();
            (ed, routes, latest, listed, stamps)
        })
        .collect();
    let starts: Vec<usize> = parts
        .iter()
        .scan(0, |n, p| {
            let start = *n;
            *n += p.3.len();
            Some(start)
        })
        .collect();
    let count = parts.iter().map(|p| p.3.len()).sum();
    let entry = |k: usize, loc: &mut String| {
        let e = starts.iter().rposition(|&s| s <= k).unwrap_or(0);
        let (ed, routes, latest, listed, stamps) = &parts[e];
        let r = listed[k - starts[e]];
        let alternates = if multilingual {
            crate::routes::editions::alternates(&crate::routes::editions::versions(ed, r))
        } else {
            Vec::new()
        };
        routes.push_absolute(loc, r);
        Entry { lastmod: lastmod(ed, routes, r, *latest, stamps), alternates }
    };
    sitemaps_each(site.cfg, count, multilingual, entry, put)
}

/// `/robots.txt`: everything allowed, and where the sitemap (and the news sitemap) is
/// when there is one (a site without a host has none: its locations could not be
/// absolute).
pub fn robots(cfg: &Config) -> Vec<u8> {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if cfg.has_host() {
        text.push_str(&format!("\nSitemap: {}\n", uri(&cfg.absolute(SITEMAP))));
    }
    if has_news_sitemap(cfg) {
        text.push_str(&format!("Sitemap: {}\n", uri(&cfg.absolute(NEWS_SITEMAP))));
    }
    text.into_bytes()
}

/// `/sitemap.xml` of `count` URLs (`entry(k, loc)` writes the k-th location onto `loc`
/// and gives its last change),
/// or past [`SITEMAP_MAX`] URLs a sitemap index and `sitemap-N.xml` parts. Each file is
/// written by `put` as it is made, a few thousand entries at a time.
pub fn sitemaps_each<'a, E>(
    cfg: &Config,
    count: usize,
    alternates: bool,
    entry: impl Fn(usize, &mut String) -> Entry<'a> + Sync,
    mut put: impl FnMut(&str, &mut Fill<'_>) -> Result<(), E>,
) -> Result<(), E> {
    // Entries are made in parallel pieces (on a site with several languages each looks
    // up its translations), a few pieces at a time (one per thread), each group written
    // in order as it comes: what is held is those pieces, never the file.
    const PIECE: usize = 2048;
    let piece = |range: std::ops::Range<usize>| {
        let mut s = String::with_capacity(range.len() * if alternates { 480 } else { 120 });
        let mut loc = String::new();
        for k in range {
            loc.clear();
            let Entry { lastmod, alternates } = entry(k, &mut loc);
            s.push_str("  <url>\n    <loc>");
            push_xml_escaped(&mut s, &uri(&loc));
            s.push_str("</loc>\n");
            if let Some(z) = lastmod {
                // Digits, `-`, `:`, `T` and `+`: nothing to escape.
                s.push_str("    <lastmod>");
                push_rfc3339(&mut s, z);
                s.push_str("</lastmod>\n");
            }
            for (lang, href) in alternates {
                s.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                push_xml_escaped(&mut s, lang);
                s.push_str("\" href=\"");
                push_xml_escaped(&mut s, &uri(&href));
                s.push_str("\"/>\n");
            }
            s.push_str("  </url>\n");
        }
        s
    };
    let urlset = |range: std::ops::Range<usize>, w: &mut dyn Write| -> std::io::Result<()> {
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
        )?;
        if alternates {
            w.write_all(b" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"")?;
        }
        w.write_all(b">\n")?;
        let starts: Vec<usize> = range.clone().step_by(PIECE).collect();
        for group in starts.chunks(rayon::current_num_threads().max(1)) {
            let pieces: Vec<String> =
                group.par_iter().map(|&start| piece(start..(start + PIECE).min(range.end))).collect();
            for p in pieces {
                w.write_all(p.as_bytes())?;
            }
        }
        w.write_all(b"</urlset>\n")
    };
    if count <= SITEMAP_MAX {
        return put(&output_file(SITEMAP), &mut |w| urlset(0..count, w));
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 0..count.div_ceil(SITEMAP_MAX) {
        let name = sitemap_part(n + 1);
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            xml_escape(&uri(&cfg.absolute(&name)))
        ));
        let range = n * SITEMAP_MAX..((n + 1) * SITEMAP_MAX).min(count);
        put(&output_file(&name), &mut |w| urlset(range.clone(), w))?;
    }
    index.push_str("</sitemapindex>\n");
    put(&output_file(SITEMAP), &mut |w| w.write_all(index.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_split_past_fifty_thousand_urls() {
        let mut cfg = Config::default();
        cfg.set_base_url("https://h.example/b/").unwrap();
        let entry = |i: usize, loc: &mut String| {
            loc.push_str(&format!("https://h.example/b/{i}/"));
            Entry { lastmod: None, alternates: Vec::new() }
        };
        let sitemaps = |count: usize| {
            let mut outs = Vec::new();
            sitemaps_each(&cfg, count, false, entry, |path, fill| {
                let mut bytes = Vec::new();
                fill(&mut bytes).unwrap();
                outs.push(Output { path: path.to_string(), bytes });
                Ok::<_, ()>(())
            })
            .unwrap();
            outs
        };
        let outs = sitemaps(SITEMAP_MAX + 1);
        let paths: Vec<&str> = outs.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(paths, vec!["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let index = String::from_utf8(outs[2].bytes.clone()).unwrap();
        assert!(index.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex"));
        assert!(index.contains("<loc>https://h.example/b/sitemap-2.xml</loc>"));
        assert_eq!(String::from_utf8_lossy(&outs[0].bytes).matches("<url>").count(), SITEMAP_MAX);
        assert_eq!(String::from_utf8_lossy(&outs[1].bytes).matches("<url>").count(), 1);
        assert_eq!(sitemaps(10).len(), 1);
    }

    #[test]
    fn robots_names_the_sitemap_only_with_a_host() {
        let mut cfg = Config::default();
        assert_eq!(String::from_utf8(robots(&cfg)).unwrap(), "User-agent: *\nAllow: /\n");
        cfg.set_base_url("https://h.example/b/").unwrap();
        assert_eq!(
            String::from_utf8(robots(&cfg)).unwrap(),
            "User-agent: *\nAllow: /\n\nSitemap: https://h.example/b/sitemap.xml\nSitemap: https://h.example/b/news-sitemap.xml\n"
        );
    }
}
