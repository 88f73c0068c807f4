//! `/search-index.json`, written only with `search_index_json: true`: the whole search
//! index in one file, one compact record per published briefing, newest first, streamed
//! in blocks so the whole index is never in memory. The search page reads the sharded
//! index instead ([`super::search`]); this is for tools that read the one file.

use serde::Serialize;

use super::html_safe_json;
use crate::index::Site;
use crate::routes::link;

/// The search record of briefing `i`, as JSON bytes.
pub fn search_record(site: &Site, i: usize) -> Vec<u8> {
    #[derive(Serialize)]
    struct Rec<'a> {
        t: &'a str,
        u: String,
        d: String,
        g: Vec<&'a str>,
        s: &'a str,
        w: &'a str,
    }
    let b = &site.briefings[i];
    let body = b.content.unpack();
    let rec = serde_json::to_vec(&Rec {
        t: &b.title,
        u: link(site.cfg, &site.idx.permalinks[i]),
        d: crate::outputs::iso_date(&b.date),
        g: b.terms.iter().flatten().map(String::as_str).collect(),
        s: body.summary_text(),
        w: body.search_words(),
    })
    .unwrap_or_default();
    html_safe_json(rec)
}

/// Stream `/search-index.json` into `w`, a block of records at a time, so the index
/// (hundreds of megabytes at 100,000 briefings) is never whole in memory.
pub fn write_search_index(site: &Site, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    w.write_all(b"[")?;
    let mut first = true;
    for block in site.idx.order.chunks(4096) {
        let recs: Vec<Vec<u8>> = block.par_iter().map(|&i| search_record(site, i)).collect();
        for r in recs {
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            w.write_all(&r)?;
        }
    }
    w.write_all(b"]")
}

/// `/search-index.json` of the whole site, in memory.
pub fn search_index(site: &Site) -> Vec<u8> {
    let mut out = Vec::with_capacity(site.briefings.len() * 1024 + 2);
    write_search_index(site, &mut out).expect("writing to a Vec cannot fail");
    out
}
