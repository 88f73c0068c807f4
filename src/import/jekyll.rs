//! Reading a Jekyll site: `_config.yml` (title, url and baseurl, timezone, permalink
//! and the posts collection's, front-matter defaults), `_posts/` anywhere (nested, and
//! per category as `cat/_posts/`), `_drafts/`, Markdown and HTML pages, static files;
//! each post's old URL computed as Jekyll computes it.

use std::path::{Path, PathBuf};

use super::permalink::{jekyll_fill as fill, jekyll_pattern as permalink_pattern};
use serde_json::Value;

use super::defaults::{Defaults, with_front_matter};
use super::matter::{self, date_shaped, dated_name, jekyll_date, list_of, normalize_date, short_dated_name, text_of};
use super::{Entry, Found, Generator, Kind, Note, NoteKind, Skip};
use crate::diag::Diagnostic;

pub(super) const GEN: Generator = Generator::Jekyll;

/// Front-matter keys of a post that have a home in brief's front matter (or shape its URL).
const MAPPED: &[&str] = &[
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "tag",
    "author",
    "authors",
    "excerpt",
    "description",
    "last_modified_at",
    "updated",
    "slug",
    "permalink",
    "published",
    "redirect_from",
];

/// Front-matter keys `defaults:` in `_config.yml` may give posts that matter here.
const DEFAULTED: &[&str] = &["permalink", "categories", "category", "tags", "tag", "author", "published"];

/// Read the Jekyll site at `root`.
pub(crate) fn read(root: &Path) -> Result<Found, Vec<Diagnostic>> {
    let (cfg, cfg_file) = super::jekyll_config::config(root)?;
    let cfg_path = cfg_file.clone().unwrap_or_else(|| PathBuf::from("_config.yml"));
    let mut found = Found { config: cfg.clone(), ..Found::default() };
    let src = super::jekyll_config::source(root, &cfg, &cfg_path, &mut found);
    let filter = super::jekyll_filter::Filter::of(&cfg);
    let (files, left) = super::walk_by(&src, &|rel, is_dir| filter.leave(rel, is_dir));
    let has_posts = files.iter().any(|f| f.components().any(|c| c.as_os_str() == "_posts"));
    if cfg_file.is_none() && !has_posts {
        return Err(vec![
            Diagnostic::error(root, "no `_config.yml` and no `_posts/` folder: this does not look like a Jekyll site")
                .hint("name the folder that holds `_config.yml`, or use `brief import hugo` or `brief import zola`"),
        ]);
    }
    super::statics::skip_left(&mut found, Path::new(""), left);
    super::jekyll_config::settings(&cfg, &cfg_path, &mut found);
    found.plugins = super::jekyll_config::plugins(root, &cfg);
    let s = &found.settings;
    let style = cfg
        .get("collections")
        .and_then(|c| c.get("posts"))
        .and_then(|p| p.get("permalink"))
        .or_else(|| cfg.get("permalink"))
        .and_then(text_of)
        .unwrap_or_else(|| "date".into());
    let pretty_pages = style == "pretty" || (style.ends_with('/') && !style.ends_with(":output_ext/"));
    let pattern = permalink_pattern(&style);
    let tz = jiff::tz::TimeZone::get(&s.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let defaults = Defaults::of(&cfg);
    let collections: Vec<String> = cfg
        .get("collections")
        .and_then(Value::as_object)
        .map(|c| c.keys().filter(|k| *k != "posts").cloned().collect())
        .unwrap_or_default();
    let mut underscore: std::collections::BTreeMap<String, usize> = Default::default();
    let mut used_categories = false;
    for rel in files {
        let comps: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let abs = src.join(&rel);
        if let Some(at) = comps.iter().position(|c| c == "_posts" || c == "_drafts") {
            if comps[..at].iter().any(|c| c.starts_with('_')) {
                *underscore.entry(comps[0].clone()).or_default() += 1;
                continue;
            }
            let draft = comps[at] == "_drafts";
            if let Some(e) = post(&mut found, &rel, &abs, &comps, at, draft, &defaults, &pattern, &tz) {
                used_categories |= e.fm.taxonomies.contains_key("categories");
                found.entries.push(e);
            }
        } else if comps[0].starts_with('_') && !filter.included(&comps[0], comps.len() > 1) {
            if comps.len() > 1 {
                let coll = comps[0].trim_start_matches('_');
                if collections.iter().any(|c| c == coll) {
                    found.skipped.push(Skip {
                        source: rel.clone(),
                        reason: format!("document of the collection `{coll}`: brief has briefings and pages only"),
                        post: false,
                    });
                } else {
                    *underscore.entry(comps[0].clone()).or_default() += 1;
                }
            }
        } else {
            super::jekyll_pages::page(&mut found, &rel, &abs, &comps, pretty_pages, &defaults);
        }
    }
    let mut docs: std::collections::BTreeMap<String, usize> = Default::default();
    for s in &found.skipped {
        if let Some(c) = s.reason.strip_prefix("document of the collection `").and_then(|r| r.split('`').next()) {
            *docs.entry(c.to_string()).or_default() += 1;
        }
    }
    for (c, n) in docs {
        found.site_notes.push((
            PathBuf::from(format!("_{c}")),
            Note::new(
                0,
                NoteKind::NotConverted,
                format!("collection `{c}`: {n} document(s) not imported (brief has briefings and pages only)"),
            ),
        ));
    }
    for (dir, n) in underscore {
        let what = match dir.as_str() {
            "_layouts" => {
                "layouts are not converted: brief renders with its theme (copy and edit templates/ to change the look)"
            }
            "_includes" => "includes are not converted: `{% include %}` in content is reported where it is used",
            "_sass" => "Sass is not compiled: brief's theme has its own CSS",
            "_data" => "data files are not converted: content that reads them is reported where it does",
            "_plugins" => "Ruby plugins cannot run in brief",
            _ => "not read by brief",
        };
        found.site_notes.push((PathBuf::from(&dir), Note::new(0, NoteKind::Info, format!("{n} file(s): {what}"))));
    }
    if cfg.get("future").and_then(Value::as_bool) == Some(true) {
        super::zone::published_future(&mut found, &cfg_path, "`future: true`", jiff::Timestamp::now());
    }
    match super::polyglot::Polyglot::of(&cfg) {
        Some(languages) => languages.apply(&mut found, &cfg_path),
        None => lang_not_applied(&mut found),
    }
    super::jekyll_config::per_language(&cfg, &cfg_path, &mut found);
    super::jekyll_config::author_fields(&cfg, &cfg_path, &mut found);
    let layouts = super::walk(&src.join("_layouts")).into_iter().filter_map(|rel| {
        let text = super::read_text(&src.join("_layouts").join(&rel)).ok()?;
        Some((rel.file_stem()?.to_string_lossy().into_owned(), text))
    });
    super::stubs::fold(&mut found, &super::stubs::refresh_keys(&layouts.collect()));
    found.settings.taxonomies = vec!["tags".into()];
    if used_categories {
        found.settings.taxonomies.push("categories".into());
    }
    Ok(found)
}

/// On a site without jekyll-polyglot, a `lang:` other than the site's language is
/// reported as not converted: brief's editions come from polyglot's `languages:`, so
/// the file stays in the site's language (ruby-lang.org's `lang: ja` posts), its value
/// kept under `extra.jekyll.lang`.
fn lang_not_applied(found: &mut Found) {
    let norm = |l: &str| l.trim().replace('_', "-").to_lowercase();
    let site = norm(&found.settings.language);
    for e in &mut found.entries {
        let Some(lang) = e.raw.get("lang").and_then(text_of).filter(|l| norm(l) != site) else { continue };
        let what = if e.kind == Kind::Briefing { "post" } else { "page" };
        let text = format!(
            "`lang: {lang}`: the {what}'s language was not applied (brief's languages come from jekyll-polyglot's \
             `languages:`, which this site has not): it is in the site's language `{}`",
            found.settings.language
        );
        // The note of the value kept under extra, when the front matter wrote it.
        match e.notes.iter_mut().find(|n| n.kind == NoteKind::Extra && n.text.starts_with("lang → ")) {
            Some(n) => *n = Note::new(n.line, NoteKind::NotConverted, format!("{text}; the value → extra.jekyll.lang")),
            None => e.notes.push(Note::new(0, NoteKind::NotConverted, format!("{text} (from `defaults:`)"))),
        }
    }
}

/// A post or draft at `rel` (`comps[at]` is `_posts` or `_drafts`).
#[allow(clippy::too_many_arguments)]
fn post(
    found: &mut Found,
    rel: &Path,
    abs: &Path,
    comps: &[String],
    at: usize,
    draft: bool,
    defaults: &Defaults,
    pattern: &str,
    tz: &jiff::tz::TimeZone,
) -> Option<Entry> {
    let ext = rel.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let skip = |found: &mut Found, reason: String, post: bool| {
        found.skipped.push(Skip { source: rel.to_path_buf(), reason, post });
        found.posts_in += usize::from(post);
        None
    };
    // Jekyll's posts are `YYYY-MM-DD-title.EXT`: after the date a `-`, never the `_`
    // that Zola also takes (programminghistorian's `2019-09-30_newsletter.md` was not
    // published).
    let named_date =
        dated_name(&stem).filter(|_| stem.as_bytes().get(10) == Some(&b'-')).or_else(|| short_dated_name(&stem));
    // `2012-11-18-.md`: Jekyll's pattern lets the title part be empty; it published the
    // post with an empty `:title` (`/随笔/2012/11/18/` under `pretty`).
    let empty_name = || stem.strip_suffix('-').filter(|d| d.len() == 10).and_then(normalize_date);
    let named_date = named_date.or_else(|| empty_name().map(|d| (d, "")));
    if !draft && named_date.is_none() {
        if let Some(bad) = date_shaped(&stem) {
            // Jekyll takes the name for a post's and stops its build on the date.
            return skip(
                found,
                format!("`{bad}` in the file name is not a date (Jekyll stops its build on it): correct the name"),
                true,
            );
        }
        return skip(found, "no `YYYY-MM-DD-` date in the file name: Jekyll does not publish it either".into(), false);
    }
    if !super::is_markdown(rel) && ext != "html" {
        let content = matches!(ext.as_str(), "textile" | "txt" | "rdoc" | "org" | "adoc" | "asciidoc" | "rst");
        let reason = if content {
            format!("a `.{ext}` post: brief reads Markdown")
        } else if ext.is_empty() {
            "no file extension: Jekyll renders a post only from `YYYY-MM-DD-title.EXT`, so it did not publish \
             this either; not imported"
                .to_string()
        } else {
            format!("a `.{ext}` file among the posts, not a post: not imported")
        };
        return skip(found, reason, content);
    }
    let text = match super::read_text(abs) {
        Ok(t) => t,
        Err(e) => return skip(found, e, true),
    };
    // Front matter Jekyll cannot read either: unless its config has
    // `strict_front_matter`, it logs the error and publishes the post with the title and
    // date of its file name, so the post is kept the same way.
    let strict = found.config.get("strict_front_matter").and_then(Value::as_bool).unwrap_or(false);
    let (m, tabs, unread) = match matter::read_untabbed(&text) {
        Ok((m, tabs)) => (m, tabs, None),
        Err(e) => match matter::without_front_matter(&text).filter(|_| !strict) {
            Some(m) => (m, None, Some(e)),
            None => return skip(found, e.reason(), true),
        },
    };
    found.posts_in += 1;
    let (file_date, file_slug) = match &named_date {
        Some((d, s)) => (Some(d.clone()), s.to_string()),
        None => (None, stem.clone()),
    };
    let mut fm = m.map.clone();
    let rel_s = rel.to_string_lossy().replace('\\', "/");
    let given = defaults.for_file(&rel_s, "posts", draft);
    for (k, v) in &given {
        if DEFAULTED.contains(&k.as_str()) && !fm.contains_key(k) {
            fm.insert(k.clone(), v.clone());
        }
    }
    let dest_dir = PathBuf::new();
    let mut e = Entry::new(rel.to_path_buf(), Kind::Briefing, dest_dir);
    e.html = ext == "html";
    e.body = m.body.clone();
    e.body_line = m.body_line;
    e.raw = with_front_matter(given, &m.map);
    if let Some(at) = tabs {
        e.notes.push(Note::new(at, NoteKind::Converted, TABS));
    }
    if let Some(err) = unread {
        e.notes.push(Note::new(err.line, NoteKind::NotConverted, super::jekyll_pages::unread_note(&err.message)));
    }
    let line = |k: &str| m.line_of(k);
    let get = |k: &str| fm.get(k).filter(|v| !v.is_null());
    e.fm.title = match get("title").and_then(text_of).map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            e.notes.push(Note::new(0, NoteKind::Info, "no title: made from the file name, as Jekyll does"));
            jekyll_title(&file_slug)
        }
    };
    // Jekyll gives a post without one that title as `page.title` too
    // (`data["title"] ||= …`: an empty title stays empty, a missing or null one is made).
    if get("title").is_none() {
        e.derived.insert("title".into(), Value::String(e.fm.title.clone()));
    }
    let mut future = false;
    let date = match get("date").and_then(text_of) {
        Some(d) => match jekyll_date(&d) {
            Some(n) => {
                if n != d.trim() {
                    e.notes.push(Note::new(line("date"), NoteKind::Converted, format!("date `{d}` → `{n}`")));
                }
                Some(n)
            }
            None if beyond_brief(&d) => {
                // Jekyll publishes a post dated after the build only with `--future`.
                future = true;
                e.fm.keep(GEN, "date", Value::String(d.clone()));
                e.notes.push(Note::new(
                    line("date"),
                    NoteKind::NotConverted,
                    format!(
                        "date `{d}` is past the last day brief can read (in the year 9999): imported as a draft \
                         dated by the file name (Jekyll publishes it only with `--future`); the date as written \
                         → extra.jekyll.date"
                    ),
                ));
                file_date.clone()
            }
            None => {
                e.notes.push(Note::new(
                    line("date"),
                    NoteKind::NotConverted,
                    format!("date `{d}` is not a date brief reads; the file name's date is used"),
                ));
                file_date.clone()
            }
        },
        None => file_date.clone(),
    };
    let date = match date {
        Some(d) => d,
        None => {
            // A draft without a date: Jekyll dates it by the file's last change.
            let mtime = std::fs::metadata(abs).and_then(|m| m.modified()).ok();
            let ts = mtime.and_then(|t| jiff::Timestamp::try_from(t).ok()).unwrap_or_else(jiff::Timestamp::now);
            e.notes.push(Note::new(
                0,
                NoteKind::Info,
                "a draft without a date: dated by the file's last change, as Jekyll does",
            ));
            ts.to_zoned_datetime(tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
        }
    };
    let z = crate::parse::parse_date(&date, tz).ok()?;
    e.dest = PathBuf::from(z.strftime("%Y/%m").to_string()).join(format!("{file_slug}.md"));
    e.fm.date = Some(date);
    let mut cats: Vec<String> = comps[..at].to_vec();
    cats.extend(get("categories").map(|v| list_of(v, true)).unwrap_or_default());
    cats.extend(get("category").map(|v| list_of(v, false)).unwrap_or_default());
    let mut seen = std::collections::HashSet::new();
    cats.retain(|c| seen.insert(c.clone()));
    if matches!(get("categories"), Some(Value::String(_))) {
        e.notes.push(Note::new(line("categories"), NoteKind::Converted, "categories written as one string → a list"));
    }
    if !cats.is_empty() {
        e.fm.taxonomies.insert("categories".into(), cats.clone());
    }
    e.fm.tags = get("tags").map(|v| list_of(v, true)).unwrap_or_default();
    e.fm.tags.extend(get("tag").map(|v| list_of(v, false)).unwrap_or_default());
    for k in ["author", "authors"] {
        // A list of names (18F's `author: [Memi Whitehead, Robert L. Read]`) is names as
        // `authors:` is; a map, or a list holding anything but strings, is no name.
        let no_name = |v: &Value| match v {
            Value::Object(_) => true,
            Value::Array(a) => !a.iter().all(|v| matches!(v, Value::String(_))),
            _ => false,
        };
        match get(k) {
            Some(v) if k == "author" && no_name(v) => {
                e.fm.keep(GEN, k, v.clone());
                e.notes.push(Note::new(line(k), NoteKind::Extra, format!("{k} (not a name) → extra.jekyll.{k}")));
            }
            Some(v) => e.fm.authors.extend(list_of(v, false)),
            None => {}
        }
    }
    e.fm.summary = get("excerpt").or_else(|| get("description")).and_then(text_of);
    if get("excerpt").is_some() && get("description").is_some() {
        e.fm.keep(GEN, "description", get("description").cloned().unwrap_or_default());
    }
    // `{{ post.excerpt }}` outputs a front-matter excerpt as the HTML it is.
    if get("excerpt").is_some() {
        super::plain::keep_summary(&mut e, GEN, "excerpt", line("excerpt"), super::plain::Written::Html);
    }
    match e.fm.summary {
        Some(_) => {}
        None if e.html => super::jekyll_excerpt::note_html_excerpt(&mut e, &found.config),
        None => super::jekyll_excerpt::keep_excerpt(&mut e, &found.config),
    }
    e.fm.updated = get("last_modified_at").or_else(|| get("updated")).and_then(text_of).and_then(|u| jekyll_date(&u));
    let slug = get("slug").and_then(text_of).unwrap_or_else(|| file_slug.clone());
    e.fm.slug = Some(slug.clone());
    if slug.is_empty() {
        e.fm.slug = Some(nameless(&mut e, &file_date));
    }
    let published = !matches!(get("published"), Some(Value::Bool(false)));
    e.fm.draft = draft || !published || future;
    if !published {
        e.notes.push(Note::new(line("published"), NoteKind::Converted, "`published: false` → `draft: true`"));
    }
    if !e.fm.draft {
        let own = get("permalink").and_then(text_of);
        let url = fill(own.as_deref().unwrap_or(pattern), &z, &slug, &cats);
        e.old_urls.push((url.clone(), if own.is_some() { "its permalink" } else { "the site's permalink" }));
        if let Some(fd) = file_date.as_deref().and_then(|d| crate::parse::parse_date(d, tz).ok()) {
            let other = fill(own.as_deref().unwrap_or(pattern), &fd, &slug, &cats);
            if other != url {
                e.old_urls.push((other, "the file name's date"));
            }
        }
        for r in get("redirect_from").map(|v| list_of(v, false)).unwrap_or_default() {
            e.old_urls.push((r, "redirect_from"));
        }
    }
    if let Some(v) = get("redirect_to") {
        e.notes.push(Note::new(
            line("redirect_to"),
            NoteKind::NotConverted,
            format!(
                "redirect_to `{}`: brief redirects old URLs to briefings, not away",
                text_of(v).unwrap_or_default()
            ),
        ));
    }
    for (k, v) in &m.map {
        if !MAPPED.contains(&k.as_str()) {
            e.fm.keep(GEN, k, v.clone());
            e.notes.push(Note::new(line(k), NoteKind::Extra, format!("{k} → extra.jekyll.{k}")));
        }
    }
    let inner: PathBuf = comps[at + 1..].iter().collect();
    let inner = inner.with_extension("").to_string_lossy().replace('\\', "/");
    e.keys = vec![
        format!("post_url:{stem}"),
        format!("post_url:{inner}"),
        format!("link:{}", rel.to_string_lossy().replace('\\', "/")),
    ];
    Some(e)
}

/// The slug of a post whose file name has nothing after its date: its title's, else
/// `post`; and its title, when it has none, its day. Its old URL stays an alias.
fn nameless(e: &mut Entry, day: &Option<String>) -> String {
    let from_title = crate::parse::slug::slugify(&e.fm.title);
    let slug = if from_title.is_empty() { "post".to_string() } else { from_title };
    if e.fm.title.is_empty() {
        e.fm.title = day.clone().unwrap_or_default();
    }
    let dir = e.dest.parent().map(Path::to_path_buf).unwrap_or_default();
    e.dest = dir.join(format!("{slug}.md"));
    e.notes.push(Note::new(
        0,
        NoteKind::Converted,
        format!(
            "nothing after the date in the file name (Jekyll published it with an empty `:title`): slug `{slug}`{}",
            if e.fm.title == day.clone().unwrap_or_default() { ", titled by its day" } else { "" }
        ),
    ));
    slug
}

/// The report's line about front matter read with its leading tabs as spaces.
pub(super) const TABS: &str = "front matter indented with tabs, which YAML does not allow (Jekyll published the file \
                    anyway): read with each leading tab as two spaces";

/// Whether `d` is a calendar day after today that brief cannot read: its dates end in
/// the last days of the year 9999 (Jekyll's "future post" example is dated 9999-12-31).
fn beyond_brief(d: &str) -> bool {
    let day = d.trim().get(..10).and_then(|s| s.parse::<jiff::civil::Date>().ok());
    day.is_some_and(|day| day > jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

/// The title Jekyll gives a post without one (`Utils.titleize_slug`): trailing dots
/// dropped, `_` and spaces read as `-`, each word capitalized as Ruby's `capitalize`
/// does (the rest lower case) and joined with spaces: `iOS_tips` is "Ios Tips".
fn jekyll_title(slug: &str) -> String {
    let dashed = slug.trim_end_matches('.').replace(['_', ' '], "-");
    let mut words: Vec<&str> = dashed.split('-').collect();
    // Ruby's `split` drops trailing empty fields, not inner ones.
    while words.last() == Some(&"") {
        words.pop();
    }
    let capitalize = |w: &str| {
        let mut c = w.chars();
        c.next().map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect()).unwrap_or_default()
    };
    words.into_iter().map(capitalize).collect::<Vec<String>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_made_of_the_name_as_jekyll_makes_it() {
        assert_eq!(jekyll_title("quiet-week"), "Quiet Week");
        assert_eq!(jekyll_title("iOS_tips and-NATO."), "Ios Tips And Nato");
        assert_eq!(jekyll_title("a--b-"), "A  B");
    }
}
