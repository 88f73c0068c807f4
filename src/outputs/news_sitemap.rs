//! `/news-sitemap.xml`: the Google News sitemap of the briefings published in the two
//! days before the build, newest first, at most 1,000 (Google's limits). Made only when
//! `base_url` has a host: its locations must be absolute.

use jiff::{SignedDuration, Timestamp};

use super::{rfc3339, xml_escape};
use crate::index::Site;

/// How far back the news sitemap reaches from the build time (Google News: articles
/// published in the last two days).
pub const NEWS_WINDOW: SignedDuration = SignedDuration::from_hours(48);

/// The most URLs one news sitemap may hold (Google News).
pub const NEWS_MAX: usize = 1_000;

/// The briefings of the news sitemap as of `now`: those published in the
/// [`NEWS_WINDOW`] up to `now` (not after it: a scheduled briefing built with
/// `--future` is not news yet), newest first, at most [`NEWS_MAX`].
pub fn news_items(site: &Site, now: Timestamp) -> Vec<usize> {
    let since = now - NEWS_WINDOW;
    site.idx
        .order
        .iter()
        .copied()
        .skip_while(|&i| site.briefings[i].date.timestamp() > now)
        .take_while(|&i| site.briefings[i].date.timestamp() >= since)
        .take(NEWS_MAX)
        .collect()
}

/// `/news-sitemap.xml` as of `now`: the recent briefings of every edition, each with
/// its edition's name and language.
pub fn news_sitemap(site: &Site, now: Timestamp) -> Vec<u8> {
    let mut s = String::with_capacity(64 * 1024);
    s.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
    ));
    let mut left = NEWS_MAX;
    for ed in site.all_editions() {
        let cfg = ed.cfg;
        let items = news_items(&ed, now);
        let name = xml_escape(&cfg.title);
        let language = xml_escape(&news_language(&cfg.language));
        for i in items.into_iter().take(left) {
            left -= 1;
            let b = &ed.briefings[i];
            s.push_str("  <url>\n    <loc>");
            s.push_str(&xml_escape(&super::uri(&cfg.absolute(&ed.idx.permalinks[i]))));
            s.push_str("</loc>\n    <news:news>\n      <news:publication>\n        <news:name>");
            s.push_str(&name);
            s.push_str("</news:name>\n        <news:language>");
            s.push_str(&language);
            s.push_str("</news:language>\n      </news:publication>\n      <news:publication_date>");
            s.push_str(&rfc3339(&b.date));
            s.push_str("</news:publication_date>\n      <news:title>");
            s.push_str(&xml_escape(&b.title));
            s.push_str("</news:title>\n    </news:news>\n  </url>\n");
        }
    }
    s.push_str("</urlset>\n");
    s.into_bytes()
}

/// The site's language as Google News wants it: the ISO 639 code alone (`en-GB` →
/// `en`), except Chinese, which is `zh-cn` (simplified) or `zh-tw` (traditional).
pub fn news_language(language: &str) -> String {
    let lang = language.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = lang.split('-');
    let primary = parts.next().unwrap_or_default().to_string();
    if primary != "zh" {
        return primary;
    }
    let traditional = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
    if traditional { "zh-tw".into() } else { "zh-cn".into() }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::model::{Authors, Briefing};
    use crate::parse::parse_briefing;
    use crate::site::index_site;

    fn briefing(k: usize, date: &str) -> Briefing {
        let text = format!("---\ntitle: \"Brief {k}\"\ndate: {date}\n---\nBody.\n");
        let path = format!("content/b{k}.md");
        parse_briefing(Path::new(&path), &Default::default(), &text, &Config::default()).item.expect("valid")
    }

    #[test]
    fn at_most_a_thousand_of_the_last_two_days_newest_first() {
        let now: Timestamp = "2024-07-12T12:00:00Z".parse().unwrap();
        let mut bs: Vec<Briefing> = (0..1_005)
            .map(|k| {
                let at = now - SignedDuration::from_secs(60 * k as i64);
                briefing(k, &at.to_string())
            })
            .collect();
        bs.push(briefing(2000, "2024-07-12T13:00:00Z")); // after now: not yet news
        bs.push(briefing(2001, "2024-07-10T11:59:59Z")); // just over two days old
        let mut cfg = Config::default();
        cfg.set_base_url("https://h.example/").unwrap();
        // The news items of a site of `bs`, at `now`.
        let items_of = |bs: &[Briefing]| {
            let (authors, peers) = (Authors::default(), crate::index::Peers::default());
            let idx = index_site(&cfg, "/", bs, &[], &Default::default(), &authors).unwrap();
            let site = Site {
                cfg: &cfg,
                briefings: bs,
                pages: &[],
                idx: &idx,
                authors: &authors,
                now,
                editions: &[],
                edition: 0,
                peers: &peers,
            };
            news_items(&site, now)
        };
        let items = items_of(&bs);
        assert_eq!(items.len(), NEWS_MAX);
        assert_eq!(items[..3], [0, 1, 2], "newest first, from now back");
        assert_eq!(items.last(), Some(&(NEWS_MAX - 1)));
        // Fewer than the cap: the window alone decides.
        let few = &bs[1_000..];
        let titles: Vec<&str> = items_of(few).into_iter().map(|i| few[i].title.as_str()).collect();
        assert_eq!(titles, vec!["Brief 1000", "Brief 1001", "Brief 1002", "Brief 1003", "Brief 1004"]);
        let edge = now - NEWS_WINDOW;
        let bs = vec![briefing(1, &edge.to_string())];
        assert_eq!(items_of(&bs), vec![0], "exactly two days old is still in");
    }

    #[test]
    fn languages_as_google_news_wants_them() {
        for (site, news) in
            [("en", "en"), ("en-GB", "en"), ("ko", "ko"), ("zh-Hant", "zh-tw"), ("zh_TW", "zh-tw"), ("zh-CN", "zh-cn")]
        {
            assert_eq!(news_language(site), news, "{site}");
        }
        assert_eq!(news_language("zh"), "zh-cn");
        assert_eq!(news_language("fil"), "fil");
    }
}
