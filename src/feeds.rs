//! Machine-readable outputs: Atom entries (the XML itself is a template), JSON Feed 1.1,
//! the sitemap, the search index and schema.org JSON-LD. Pure.

use serde::Serialize;
use serde_json::json;

use crate::config::Config;
use crate::render::{Output, Prepared, Site, link, output_file, rfc3339};

/// One entry of an Atom feed, as the `atom.xml` template sees it.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// Stable id: the permalink (or a tag URI when the site has no host).
    pub id: String,
    /// Title.
    pub title: String,
    /// Absolute link.
    pub permalink: String,
    /// RFC 3339 publication time.
    pub published: String,
    /// RFC 3339 last update (the publication time when never updated).
    pub updated: String,
    /// Summary as plain text.
    pub summary: String,
    /// Full body HTML, with links made absolute.
    pub content: String,
    /// Authors (the site author when the briefing names none).
    pub authors: Vec<String>,
    /// Tags and other terms: (term, scheme URL).
    pub categories: Vec<Category>,
}

/// An Atom category.
#[derive(Debug, Serialize)]
pub struct Category {
    /// The term as written.
    pub term: String,
    /// The term page URL.
    pub scheme: String,
}

/// A stable id for a site path: the absolute URL, or a `tag:` URI when `base_url` has no host.
pub fn id_for(cfg: &Config, path: &str) -> String {
    if cfg.origin.is_empty() { format!("tag:localhost,2000:{}", link(cfg, path)) } else { cfg.absolute(path) }
}

/// The feed entry of briefing `i`.
pub fn entry(site: &Site, prep: &Prepared, i: usize) -> FeedEntry {
    let cfg = site.cfg;
    let b = &site.briefings[i];
    let path = &site.idx.permalinks[i];
    let mut categories = Vec::new();
    for (t, tax) in site.idx.taxonomies.iter().enumerate() {
        for slug in &b.term_slugs[t] {
            if let Some(k) = prep.term_of(t, slug) {
                let term = &tax.terms[k];
                categories.push(Category {
                    term: term.name.clone(),
                    scheme: cfg.absolute(&format!("/{}/{}/", tax.name, term.slug)),
                });
            }
        }
    }
    let authors = if b.authors.is_empty() { cfg.author.iter().cloned().collect() } else { b.authors.clone() };
    let body = b.content.unpack();
    FeedEntry {
        id: id_for(cfg, path),
        title: b.title.clone(),
        permalink: cfg.absolute(path),
        published: rfc3339(&b.date),
        updated: rfc3339(b.updated.as_ref().unwrap_or(&b.date)),
        summary: body.summary_text().to_string(),
        content: crate::urls::rebase(body.html(), &link(cfg, path), Some(&cfg.origin)),
        authors,
        categories,
    }
}

/// `/feed.json`: JSON Feed 1.1 of the newest briefings.
pub fn json_feed(site: &Site) -> Vec<u8> {
    let cfg = site.cfg;
    let items: Vec<serde_json::Value> = site
        .idx
        .order
        .iter()
        .take(cfg.feed_limit)
        .map(|&i| {
            let b = &site.briefings[i];
            let path = &site.idx.permalinks[i];
            let body = b.content.unpack();
            let mut item = json!({
                "id": id_for(cfg, path),
                "url": cfg.absolute(path),
                "title": b.title,
                "content_html": crate::urls::rebase(body.html(), &link(cfg, path), Some(&cfg.origin)),
                "summary": body.summary_text(),
                "date_published": rfc3339(&b.date),
                "date_modified": rfc3339(b.updated.as_ref().unwrap_or(&b.date)),
                "tags": b.terms.iter().flatten().collect::<Vec<_>>(),
            });
            if !b.authors.is_empty() {
                item["authors"] = b.authors.iter().map(|a| json!({ "name": a })).collect();
            }
            item
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": cfg.title,
        "home_page_url": cfg.absolute("/"),
        "feed_url": cfg.absolute("/feed.json"),
        "language": cfg.language,
        "items": items,
    });
    if !cfg.description.is_empty() {
        feed["description"] = json!(cfg.description);
    }
    if let Some(a) = &cfg.author {
        feed["authors"] = json!([{ "name": a }]);
    }
    let mut out = html_safe_json(serde_json::to_vec_pretty(&feed).unwrap_or_default());
    out.push(b'\n');
    out
}

/// JSON with `<`, `>` and `&` written as `\u` escapes: the same data once parsed, but
/// inert if the file is ever served or embedded as HTML. They occur only inside strings,
/// so a byte-level rewrite is exact.
pub fn html_safe_json(json: Vec<u8>) -> Vec<u8> {
    if !json.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    for b in json {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(b),
        }
    }
    out
}

/// Words too common to help a search (all of three to five bytes).
fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "and"
            | "for"
            | "that"
            | "with"
            | "this"
            | "from"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "its"
            | "but"
            | "not"
            | "you"
            | "his"
            | "her"
            | "they"
            | "their"
            | "them"
            | "which"
            | "will"
            | "would"
            | "been"
            | "into"
            | "than"
            | "then"
            | "also"
            | "can"
            | "our"
            | "all"
            | "any"
            | "who"
            | "what"
            | "when"
            | "where"
            | "how"
            | "there"
            | "these"
            | "those"
            | "such"
            | "each"
            | "other"
    )
}

/// The distinct words of `text` worth searching: lowercase, two or more characters,
/// no stop words, in first-seen order.
pub fn search_words(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    seen.reserve(lower.len() / 8);
    let mut out = String::with_capacity(lower.len() / 2);
    fn consider<'a>(w: &'a str, seen: &mut rustc_hash::FxHashSet<&'a str>, out: &mut String) {
        // Stop words are three to five bytes long: longer words skip that check.
        if w.len() < 2 || (w.len() < 5 && w.chars().count() < 2) || (w.len() <= 5 && is_stop_word(w)) || !seen.insert(w)
        {
            return;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if lower.is_ascii() {
        // The common case, on bytes: for ASCII, alphanumeric bytes are exactly the
        // alphanumeric characters, and every index is a character boundary.
        let bytes = lower.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i > start {
                consider(&lower[start..i], &mut seen, &mut out);
            }
        }
    } else {
        for w in lower.split(|c: char| !c.is_alphanumeric()) {
            consider(w, &mut seen, &mut out);
        }
    }
    out
}

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
        d: b.date.strftime("%Y-%m-%d").to_string(),
        g: b.terms.iter().flatten().map(String::as_str).collect(),
        s: body.summary_text(),
        w: body.search_words(),
    })
    .unwrap_or_default();
    html_safe_json(rec)
}

/// `/search-index.json`: one compact record per published briefing, newest first.
/// `record` gives the bytes of briefing `i` (so `serve` can reuse unchanged ones).
pub fn search_index_with(site: &Site, record: &(dyn Fn(usize, &mut Vec<u8>) + Sync)) -> Vec<u8> {
    let mut out = Vec::with_capacity(site.idx.order.len() * 1024 + 2);
    out.push(b'[');
    for (n, &i) in site.idx.order.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        record(i, &mut out);
    }
    out.push(b']');
    out
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

/// Escape text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || b < 0x20) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            _ => out.push(c),
        }
    }
    out
}

/// The most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_MAX: usize = 50_000;

/// `/sitemap.xml` of `count` URLs (`entry(k)` gives the k-th location and last change),
/// or past [`SITEMAP_MAX`] URLs a sitemap index and `sitemap-N.xml` parts. Each file is
/// handed to `sink` as soon as it is complete, so at most one part is in memory.
pub fn sitemaps_each<E>(
    cfg: &Config,
    count: usize,
    entry: impl Fn(usize) -> (String, Option<String>),
    mut sink: impl FnMut(Output) -> Result<(), E>,
) -> Result<(), E> {
    let urlset = |range: std::ops::Range<usize>| {
        let mut s = String::with_capacity(range.len() * 120 + 200);
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for k in range {
            let (loc, lastmod) = entry(k);
            s.push_str("  <url>\n    <loc>");
            s.push_str(&xml_escape(&loc));
            s.push_str("</loc>\n");
            if let Some(l) = lastmod {
                s.push_str("    <lastmod>");
                s.push_str(&xml_escape(&l));
                s.push_str("</lastmod>\n");
            }
            s.push_str("  </url>\n");
        }
        s.push_str("</urlset>\n");
        s.into_bytes()
    };
    if count <= SITEMAP_MAX {
        return sink(Output { path: "sitemap.xml".into(), bytes: urlset(0..count) });
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 0..count.div_ceil(SITEMAP_MAX) {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!("  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n", xml_escape(&cfg.absolute(&name))));
        let range = n * SITEMAP_MAX..((n + 1) * SITEMAP_MAX).min(count);
        sink(Output { path: output_file(&format!("/{name}")), bytes: urlset(range) })?;
    }
    index.push_str("</sitemapindex>\n");
    sink(Output { path: "sitemap.xml".into(), bytes: index.into_bytes() })
}

/// schema.org `NewsArticle` JSON-LD for briefing `i`, safe to put inside `<script>`.
pub fn json_ld(site: &Site, i: usize, summary_text: &str) -> String {
    #[derive(Serialize)]
    struct Named<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
    }
    // Fields in name order, as a JSON object's keys have always been written here.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct NewsArticle<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        author: Vec<Named<'a>>,
        date_modified: String,
        date_published: String,
        #[serde(skip_serializing_if = "str::is_empty")]
        description: &'a str,
        headline: &'a str,
        keywords: Vec<&'a str>,
        main_entity_of_page: &'a str,
        publisher: Named<'a>,
        url: &'a str,
    }
    let cfg = site.cfg;
    let b = &site.briefings[i];
    let url = cfg.absolute(&site.idx.permalinks[i]);
    let authors: Vec<&String> =
        if b.authors.is_empty() { cfg.author.iter().collect() } else { b.authors.iter().collect() };
    let ld = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: authors.iter().map(|a| Named { kind: "Person", name: a }).collect(),
        date_modified: rfc3339(b.updated.as_ref().unwrap_or(&b.date)),
        date_published: rfc3339(&b.date),
        description: summary_text,
        headline: &b.title,
        keywords: b.terms.iter().flatten().map(String::as_str).collect(),
        main_entity_of_page: &url,
        publisher: Named { kind: "Organization", name: &cfg.title },
        url: &url,
    };
    let json = html_safe_json(serde_json::to_vec(&ld).unwrap_or_default());
    String::from_utf8(json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_three_to_five_bytes() {
        let text = "the and for that with this from are was were has have had its but not you his her they their \
                    them which will would been into than then also can our all any who what when where how there \
                    these those such each other";
        for w in text.split_whitespace() {
            assert!(is_stop_word(w) && (3..=5).contains(&w.len()), "{w}");
        }
        assert_eq!(search_words(text), "");
    }

    #[test]
    fn search_words_are_distinct_and_lowercase() {
        assert_eq!(search_words("The NATO summit, the nato Summit: 북한 a"), "nato summit 북한");
        assert_eq!(search_words("zeta alpha zeta"), "zeta alpha");
    }

    #[test]
    fn json_is_script_safe() {
        let s =
            String::from_utf8(html_safe_json(serde_json::to_vec(&json!({ "h": "</script><!--" })).unwrap())).unwrap();
        assert!(!s.contains('<'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["h"], "</script><!--");
    }

    #[test]
    fn sitemaps_split_past_fifty_thousand_urls() {
        let mut cfg = Config::default();
        cfg.set_base_url("https://h.example/b/").unwrap();
        let entry = |i: usize| (format!("https://h.example/b/{i}/"), None);
        let sitemaps = |count: usize| {
            let mut outs = Vec::new();
            sitemaps_each(&cfg, count, entry, |o| {
                outs.push(o);
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
    fn xml_escapes_everything() {
        assert_eq!(xml_escape("a&b<c>\"d'\u{1}"), "a&amp;b&lt;c&gt;&quot;d&apos;");
    }
}
