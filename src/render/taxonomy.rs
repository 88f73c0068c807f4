//! Taxonomy pages: the list of every term (`/tags/`), each term's paginated list
//! (`/tags/nato/`) and its Atom feed (`/tags/nato/atom.xml`). The built-in taxonomy of
//! authors has the same pages with their own templates (`authors.html`, `author.html`),
//! and an author's page shows the bio and links of `authors.yaml`.

use tera::Value;

use super::context::TermCtx;
use super::{Page, Renderer};
use crate::index::TermId;
use crate::routes::Route;
use crate::strings::Strings;

/// A taxonomy's name as a title in language `lang`: the theme's own for tags and
/// authors, else the site's `taxonomies.<name>.title`, else the configured name with a
/// capital ("Topics").
pub(super) fn title_of(strings: &Strings, lang: &str, name: &str, authors: bool) -> String {
    let key = match (authors, name) {
        (true, _) => "nav.authors".to_string(),
        (false, "tags") => "nav.tags".to_string(),
        (false, name) => format!("taxonomies.{name}.title"),
    };
    strings.lookup(lang, &key, None).unwrap_or_else(|_| capitalize(name))
}

/// `tags.html` (`authors.html` for authors): every term of taxonomy `t` with its count.
pub(super) fn list(r: &Renderer, t: usize) -> Page {
    let cfg = r.site.cfg;
    let tax = &r.site.idx.taxonomies[t];
    let route = Route::TermList(t);
    let authors = r.site.idx.authors == Some(t);
    let (kind, path) = if authors { ("authors", "authors".to_string()) } else { ("tags", format!("taxonomies.{t}")) };
    let site = cfg.title.as_str();
    let title = title_of(&r.tpl.strings, &cfg.language, &tax.name, authors);
    let desc = match (authors, tax.name.as_str()) {
        (true, _) => r.text("meta.authors", &[("site", site)], || format!("All authors of {site}")),
        (false, "tags") => r.text("meta.tags", &[("site", site)], || format!("All tags of {site}")),
        // The site's own description of this taxonomy, else the theme's generic one.
        (false, name) => {
            r.text(&format!("taxonomies.{name}.description"), &[("taxonomy", &title), ("site", site)], || {
                format!("{title}: all terms of {site}")
            })
        }
    };
    let meta = r.meta(kind, title, &desc, route);
    let mut ctx = r.base_ctx(meta);
    let taxv = r.prep.site.get_from_path(&path).cloned().unwrap_or_else(Value::none);
    ctx.insert_value("taxonomy", taxv);
    Page { template: if authors { "authors.html" } else { "tags.html" }, ctx }
}

/// `tag.html` (`author.html` for an author): page `page` of a term's briefings.
pub(super) fn term(r: &Renderer, id: TermId, page: usize) -> Page {
    let tax = &r.site.idx.taxonomies[id.taxonomy];
    let term = r.site.idx.term(id);
    let route = Route::Term { term: id, page };
    let feed_url = r.routes.url(Route::TermFeed(id));
    let title = r.paged(&term.name, page);
    let is_author = r.site.idx.authors == Some(id.taxonomy);
    let profile = if is_author { r.site.authors.get(&term.slug) } else { None };
    let (kind, template, description) = if is_author {
        let bio = profile.and_then(|p| p.bio_text.clone());
        let by = || r.text("meta.author", &[("name", &term.name)], || format!("Briefings by {}", term.name));
        ("author", "author.html", bio.unwrap_or_else(by))
    } else {
        ("tag", "tag.html", r.text("meta.tag", &[("name", &term.name)], || format!("Briefings on {}", term.name)))
    };
    let mut meta = r.meta(kind, title, &description, route);
    meta.feed_url = Some(feed_url.clone());
    meta.feed_title = Some(feed_title(r, id));
    let mut ctx = r.base_ctx(meta);
    let term_ctx = TermCtx {
        name: &term.name,
        slug: &term.slug,
        taxonomy: &tax.name,
        taxonomy_title: title_of(&r.tpl.strings, &r.site.cfg.language, &tax.name, is_author),
        taxonomy_url: r.routes.url(Route::TermList(id.taxonomy)),
        url: r.routes.url(route.with_page(1)),
        feed_url,
        count: term.items.len(),
        bio: profile.and_then(|p| p.bio_html.as_deref()),
        links: profile.map(|p| p.links.as_slice()).unwrap_or_default(),
    };
    ctx.insert("term", &term_ctx);
    ctx.insert("paginator", &r.paginator(route));
    Page { template, ctx }
}

/// The Atom feed of a term.
/// The feed of term `id`; without `bodies`, its entries' summaries and contents are
/// left empty (see [`crate::outputs::atom::entry`]).
pub(super) fn feed(r: &Renderer, id: TermId, bodies: bool) -> Page {
    r.atom(&feed_title(r, id), Route::TermFeed(id), Route::Term { term: id, page: 1 }, bodies)
}

fn feed_title(r: &Renderer, id: TermId) -> String {
    format!("{} — {}", r.site.cfg.title, r.site.idx.term(id).name)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
