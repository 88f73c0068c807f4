//! Old URLs as the generators made them: Jekyll's permalink styles and placeholders
//! and its `slugify`, Hugo's `permalinks` patterns and `urlize`. Pure.

use jiff::ZonedDateTime as Zoned;

/// A Jekyll permalink style name → its pattern.
pub(crate) fn jekyll_pattern(style: &str) -> String {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        p => p.into(),
    }
}

/// Jekyll's `slugify`: `default` mode keeps letters and digits, `pretty` also
/// `._~!$&'()+,;=@`; `cased` keeps the case.
pub(crate) fn jekyll_slug(s: &str, pretty: bool, cased: bool) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() || (pretty && "._~!$&'()+,;=@".contains(c)) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if cased { out } else { out.to_lowercase() }
}

/// Fill a Jekyll permalink pattern for a post of date `z` (in the site's zone).
pub(crate) fn jekyll_fill(pattern: &str, z: &Zoned, slug: &str, categories: &[String]) -> String {
    const KEYS: &[(&str, &str)] = &[
        ("categories", ""),
        ("short_month", "%b"),
        ("long_month", "%B"),
        ("short_year", "%y"),
        ("short_day", "%a"),
        ("long_day", "%A"),
        ("output_ext", ""),
        ("i_month", "%-m"),
        ("i_day", "%-d"),
        ("y_day", "%j"),
        ("w_year", "%G"),
        ("w_day", "%u"),
        ("week", "%V"),
        ("year", "%Y"),
        ("month", "%m"),
        ("day", "%d"),
        ("hour", "%H"),
        ("minute", "%M"),
        ("second", "%S"),
        ("title", ""),
        ("slug", ""),
        ("name", ""),
        ("basename", ""),
        ("collection", ""),
    ];
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match KEYS.iter().find(|(k, _)| after.starts_with(k)) {
            Some((k, f)) => {
                out.push_str(&match *k {
                    "categories" => categories.iter().map(|c| c.to_lowercase()).collect::<Vec<_>>().join("/"),
                    "output_ext" => ".html".into(),
                    "title" => jekyll_slug(slug, true, true),
                    "slug" | "name" | "basename" => jekyll_slug(slug, false, false),
                    "collection" => "posts".into(),
                    _ => z.strftime(f).to_string(),
                });
                rest = &after[k.len()..];
            }
            None => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let mut u = format!("/{out}");
    while u.contains("//") {
        u = u.replace("//", "/");
    }
    u
}

/// Hugo's path sanitizing (`urlize`: its `UnicodeSanitize`, then lowercased): letters,
/// decimal digits, marks, `./\_#+~-@` and `%XX` escapes kept, anything else dropped; a
/// run of white space between kept characters becomes one `-`, none next to a `-` the
/// text has (`Foo - Bar` → `foo-bar`, `A & B` → `a-b`), none at either end.
pub(crate) fn urlize(s: &str) -> String {
    sanitize(s).to_lowercase()
}

/// [`urlize`] without lowercasing: Hugo's with `disablePathToLower`.
pub(crate) fn sanitize(s: &str) -> String {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let (mut hyphen_before, mut was_hyphen) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        let escape = c == '%' && chars.get(i + 1..i + 3).is_some_and(|h| h.iter().all(char::is_ascii_hexdigit));
        let kept = "./\\_#+~-@".contains(c)
            || escape
            || matches!(c.general_category_group(), GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark)
            || c.general_category() == GeneralCategory::DecimalNumber;
        if kept {
            was_hyphen = c == '-';
            if hyphen_before && !was_hyphen {
                out.push('-');
            }
            hyphen_before = false;
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_before = true;
        }
    }
    out
}

/// Fill a Hugo `permalinks` pattern. Hugo lowercases the whole path it makes (the
/// pattern's own text, `/Blog/`, too) unless `cased` (its `disablePathToLower`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn hugo_fill(
    pat: &str,
    z: &jiff::ZonedDateTime,
    section: &str,
    dirs: &[String],
    title: &str,
    slug: Option<&str>,
    file: &str,
    cased: bool,
) -> String {
    const KEYS: &[&str] = &[
        "slugorcontentbasename",
        "slugorfilename",
        "contentbasename",
        "weekdayname",
        "monthname",
        "sections",
        "section",
        "filename",
        "yearday",
        "weekday",
        "title",
        "year",
        "month",
        "slug",
        "day",
    ];
    let mut out = String::new();
    let mut rest = pat;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match KEYS.iter().find(|k| after.starts_with(*k)) {
            Some(k) => {
                let mut skip = 0;
                out.push_str(&match *k {
                    "year" => z.strftime("%Y").to_string(),
                    "month" => z.strftime("%m").to_string(),
                    "monthname" => z.strftime("%B").to_string(),
                    "day" => z.strftime("%d").to_string(),
                    "weekday" => z.strftime("%w").to_string(),
                    "weekdayname" => z.strftime("%A").to_string(),
                    "yearday" => z.strftime("%-j").to_string(),
                    // Hugo sanitizes the path a pattern makes, sections too (`posts/Others`
                    // is `/posts/others/`).
                    "section" => sanitize(section),
                    "sections" => {
                        // Hugo's slices (`:sections[1:]`, `[last]`, `[:last]`):
                        // i2p/i2p.website's `docs = "/docs/:sections[1:]/:slug/"`.
                        let (range, used) = sections_slice(&after[k.len()..], dirs.len());
                        skip = used;
                        dirs[range].iter().map(|d| sanitize(d)).collect::<Vec<_>>().join("/")
                    }
                    "title" => sanitize(title),
                    "slug" => sanitize(slug.unwrap_or(title)),
                    _ => sanitize(slug.filter(|_| k.starts_with("slugor")).unwrap_or(file)),
                });
                rest = &after[k.len() + skip..];
            }
            None => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // An empty part (`:sections[1:]` of a page in a top section) leaves no `//`.
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    let path = format!("/{}", out.trim_start_matches('/'));
    if cased { path } else { path.to_lowercase() }
}

/// Whether a Hugo permalink pattern holds a part of the page's date (`:year`, `:month`,
/// `:monthname`, `:day`, `:weekday`, `:weekdayname`, `:yearday`).
pub(crate) fn has_date_token(pat: &str) -> bool {
    const DATES: &[&str] = &[":year", ":month", ":day", ":weekday"];
    DATES.iter().any(|t| pat.contains(t))
}

/// The token naming the page in the last part of a permalink pattern that holds more
/// than it (`:title` in `/blog/:year-:month-:day-:title/`), whose value alone is the
/// page's slug; `None` when that part is the name alone or holds none.
pub(crate) fn name_token(pat: &str) -> Option<&'static str> {
    const NAMES: &[&str] =
        &[":slugorcontentbasename", ":slugorfilename", ":contentbasename", ":filename", ":title", ":slug"];
    let last = pat.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let at = last.find(':')?;
    let token = NAMES.iter().find(|n| last[at..].starts_with(**n)).copied().or_else(|| {
        last.match_indices(':').find_map(|(i, _)| NAMES.iter().find(|n| last[i..].starts_with(**n)).copied())
    })?;
    (last != token).then_some(token)
}

/// The sections a Hugo slice after `:sections` selects (`[1:]`, `[0]`, `[last]`,
/// `[:last]`, `[1:3]`; indexes as Go slices them, clamped) of `n`, and the bytes the
/// slice takes; all of them and none when no slice follows.
fn sections_slice(spec: &str, n: usize) -> (std::ops::Range<usize>, usize) {
    let Some((inner, _)) = spec.strip_prefix('[').and_then(|r| r.split_once(']')) else { return (0..n, 0) };
    let index = |t: &str| if t == "last" { Some(n.saturating_sub(1)) } else { t.trim().parse::<usize>().ok() };
    let range = match inner.split_once(':') {
        Some((a, b)) => {
            let from = if a.is_empty() { Some(0) } else { index(a) };
            let to = if b.is_empty() { Some(n) } else { index(b) };
            from.zip(to).map(|(a, b)| a.min(n)..b.min(n).max(a.min(n)))
        }
        None => index(inner).map(|i| i.min(n)..(i + 1).min(n)),
    };
    match range {
        Some(r) => (r, inner.len() + 2),
        None => (0..n, 0),
    }
}

/// `rel` resolved against the folder path `dir` (`/ko/posts` + `../old` → `/ko/old`).
/// Its query and fragment are kept as written: a URL in them (`?u=https://x/feed`) is
/// not a path, and its `//` is not folded.
pub(crate) fn join_url(dir: &str, rel: &str) -> String {
    let (rel, rest) = rel.split_at(rel.find(['?', '#']).unwrap_or(rel.len()));
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let trailing = if rel.ends_with('/') { "/" } else { "" };
    format!("/{}{trailing}{rest}", parts.join("/"))
}

/// The last part of an old URL's path, as a slug (`/2018/07/10/coredns-ga/` →
/// `coredns-ga`, `/a/b.html` → `b`); none when it is empty or only digits (a date part
/// of a pattern without the page's name).
pub(crate) fn last_segment(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r.find('/').map_or("", |i| &r[i..]));
    let path = path.split(['?', '#']).next().unwrap_or("").trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let last = last.strip_suffix(".html").or_else(|| last.strip_suffix(".htm")).unwrap_or(last);
    (!last.is_empty() && !last.bytes().all(|b| b.is_ascii_digit())).then(|| last.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (review repro-2): the query and fragment were split as path
    /// segments, so `?u=https://example.org/feed.xml` lost a `/` of its `//`.
    #[test]
    fn a_query_or_fragment_is_kept_as_written() {
        assert_eq!(join_url("/ko/posts/", "../old"), "/ko/old");
        assert_eq!(
            join_url("/posts/second/", "../../tools/?u=https://example.org/feed.xml"),
            "/tools/?u=https://example.org/feed.xml"
        );
        assert_eq!(join_url("/posts/second/", "../../tools/#see:https://y"), "/tools/#see:https://y");
        assert_eq!(join_url("/a/b/", "../c?x=../../d#e/./f"), "/a/c?x=../../d#e/./f");
        assert_eq!(join_url("/a/b/", "../c#x?y=//z"), "/a/c#x?y=//z");
    }

    #[test]
    fn the_slug_is_the_last_part_of_the_old_url() {
        assert_eq!(last_segment("/2018/07/10/coredns-ga/").as_deref(), Some("coredns-ga"));
        assert_eq!(last_segment("https://example.org/a/b.html").as_deref(), Some("b"));
        assert_eq!(last_segment("/posts/2018/"), None);
        assert_eq!(last_segment("https://example.org/"), None);
    }

    #[test]
    fn urlize_as_hugo_sanitizes_titles() {
        assert_eq!(urlize("Foo - Bar"), "foo-bar");
        assert_eq!(urlize("Second: über Ärger & Co."), "second-über-ärger-co.");
        assert_eq!(urlize("Q&A: What now?"), "qa-what-now");
        assert_eq!(urlize("  Hello   World  "), "hello-world");
        assert_eq!(urlize("100% sure, 50%20off"), "100-sure-50%20off");
        assert_eq!(urlize("C++ & C#"), "c++-c#");
        assert_eq!(urlize("北朝鮮 ミサイル"), "北朝鮮-ミサイル");
    }

    #[test]
    fn permalinks_as_jekyll_fills_them() {
        let tz = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
        let z = crate::parse::parse_date("2013-05-06T02:12:52+02:00", &tz).unwrap();
        let cats = vec!["News".to_string(), "release".to_string()];
        assert_eq!(
            jekyll_fill("/news/:year/:month/:day/:title/", &z, "jekyll-1-0-0-released", &[]),
            "/news/2013/05/05/jekyll-1-0-0-released/"
        );
        assert_eq!(
            jekyll_fill(&jekyll_pattern("date"), &z, "Hello-World", &cats),
            "/news/release/2013/05/05/Hello-World.html"
        );
        assert_eq!(jekyll_fill(&jekyll_pattern("pretty"), &z, "a", &[]), "/2013/05/05/a/");
        assert_eq!(jekyll_fill(&jekyll_pattern("ordinal"), &z, "a", &[]), "/2013/125/a.html");
        assert_eq!(jekyll_fill(&jekyll_pattern("none"), &z, "a", &cats), "/news/release/a.html");
        assert_eq!(jekyll_fill("/:year/:i_month/:i_day/:slug", &z, "Hello World!", &[]), "/2013/5/5/hello-world");
        assert_eq!(jekyll_fill("/blog/:short_month-:long_month/:title", &z, "a", &[]), "/blog/May-May/a");
    }

    #[test]
    fn permalink_patterns() {
        let tz = jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_hours(-5).unwrap());
        let z = crate::parse::parse_date("2024-07-12T23:30:00-05:00", &tz).unwrap();
        let dirs = vec!["posts".to_string()];
        assert_eq!(
            hugo_fill("/:year/:month/:slug/", &z, "posts", &dirs, "Hello, World", None, "hello", false),
            "/2024/07/hello-world/"
        );
        assert_eq!(
            hugo_fill("/:section/:slugorfilename/", &z, "posts", &dirs, "T", None, "My_File", false),
            "/posts/my_file/"
        );
        assert_eq!(
            hugo_fill(":year/:monthname/:title", &z, "posts", &dirs, "C++ Tips", Some("x"), "f", false),
            "/2024/july/c++-tips"
        );
        // A-moment096/blog: `posts = "/:sections/:contentbasename/"` on
        // `content/posts/Others/Blog_1st_Anniversary/` is `/posts/others/blog_1st_anniversary/`.
        let nested = vec!["posts".to_string(), "Others".to_string()];
        assert_eq!(
            hugo_fill("/:sections/:contentbasename/", &z, "posts", &nested, "T", None, "Blog_1st_Anniversary", false),
            "/posts/others/blog_1st_anniversary/"
        );
        assert_eq!(
            hugo_fill("/:section/:slug/", &z, "Posts", &nested, "T", Some("My Post"), "f", false),
            "/posts/my-post/"
        );
        // i2p/i2p.website: `docs = "/docs/:sections[1:]/:slug/"`.
        let docs = vec!["docs".to_string(), "api".to_string()];
        let slice = |pat: &str| hugo_fill(pat, &z, "docs", &docs, "SOCKS Proxy", Some("socks"), "socks", false);
        assert_eq!(slice("/docs/:sections[1:]/:slug/"), "/docs/api/socks/");
        assert_eq!(slice("/:sections[last]/:slug/"), "/api/socks/");
        assert_eq!(slice("/:sections[:last]/:slug/"), "/docs/socks/");
        assert_eq!(slice("/:sections[0]/x/"), "/docs/x/");
        assert_eq!(slice("/:sections[2:]/:slug/"), "/socks/");
        assert_eq!(name_token("/blog/:year-:month-:day-:title/"), Some(":title"));
        assert_eq!(name_token("/:year/:month/:slug/"), None);
        assert_eq!(name_token("/:section/:slugorfilename.html"), Some(":slugorfilename"));
        assert_eq!(name_token("/:year/:month/:day/"), None);
        // parsiya/parsiya.net: `post = "/blog/:year-:month-:day-:title/"` with
        // `disablePathToLower = true`; as hugo 0.111 writes it, and the pattern's own
        // text lowercased without it.
        let title = "Windows Netsh Interface Portproxy";
        let pat = "/Blog/:year-:month-:day-:title/";
        assert_eq!(
            hugo_fill(pat, &z, "post", &dirs, title, None, "f", true),
            "/Blog/2024-07-12-Windows-Netsh-Interface-Portproxy/"
        );
        assert_eq!(
            hugo_fill(pat, &z, "post", &dirs, title, None, "f", false),
            "/blog/2024-07-12-windows-netsh-interface-portproxy/"
        );
    }

    #[test]
    fn relative_aliases_sit_beside_the_page() {
        assert_eq!(join_url("/ko/posts", "old-launch"), "/ko/posts/old-launch");
        assert_eq!(join_url("/ko/posts", "../old/"), "/ko/old/");
        assert_eq!(join_url("", "x"), "/x");
    }
}
