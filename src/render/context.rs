//! The template contexts: every value a template sees, as typed structs. Each field is
//! documented for theme authors in `docs/templates.md`; a test fails when one is not.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::model::TocEntry;
use crate::model::{AuthorLink, Source};

/// `{title, url}` of a standalone page, for `site.pages`.
#[derive(Serialize)]
pub struct LinkRef {
    pub title: String,
    pub url: String,
}

/// A term as lists show it: `page.tags`, `item.tags`, `site.tags`, `taxonomy.terms`.
#[derive(Serialize, Clone)]
pub struct TermRef<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

/// A taxonomy with its terms: `site.taxonomies` and `taxonomy` on `tags.html`.
#[derive(Serialize)]
pub struct TaxonomyCtx<'a> {
    pub name: &'a str,
    /// The name as a title in the edition's language (see `taxonomy::title_of`).
    pub title: String,
    pub url: String,
    pub count: usize,
    pub terms: Vec<TermRef<'a>>,
}

/// A month with briefings: `site.years[].months`, `site.recent_months`.
#[derive(Serialize, Clone)]
pub struct MonthRef {
    pub year: i16,
    pub month: i8,
    pub name: String,
    /// As a heading or a label: "Mars 2024".
    pub title: String,
    /// Inside a sentence: "mars 2024" (see `Locale::month_year_in_text`).
    pub in_text: String,
    pub url: String,
    pub count: usize,
}

/// A year with briefings: `site.years`.
#[derive(Serialize)]
pub struct YearRef {
    pub year: i16,
    pub url: String,
    pub count: usize,
    pub months: Vec<MonthRef>,
    /// All twelve months in calendar order, with briefings or not, for a year's grid.
    pub calendar: Vec<CalendarMonth>,
}

/// One month of `site.years[].calendar`: `url` is none when it has no briefings.
#[derive(Serialize)]
pub struct CalendarMonth {
    pub month: i8,
    pub name: String,
    pub url: Option<String>,
    pub count: usize,
}

/// `site`: the same on every page of a build.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub timezone: &'a str,
    pub base_url: String,
    pub base_path: &'a str,
    pub author: Option<&'a str>,
    pub extra: &'a serde_json::Value,
    pub url: String,
    pub feed_url: String,
    pub json_feed_url: String,
    pub search_url: String,
    pub search_index_url: String,
    pub archive_url: String,
    pub corrections_url: String,
    pub tags_url: String,
    /// The title of the taxonomy at `tags_url`, in the page's language (a site whose
    /// subject taxonomy is `topics` names it so in the menu, not "Tags").
    pub tags_title: String,
    /// The name of the taxonomy at `tags_url` (`tags`, else the first configured:
    /// `categories`): the theme says "tags" only when it is `tags`, and else uses that
    /// taxonomy's strings (`taxonomies.categories.top`, `.all`, `.link`, …).
    pub tags_name: &'a str,
    pub static_url: String,
    /// The briefings this edition lists (expired ones have pages but are not counted).
    pub briefing_count: usize,
    /// The configured taxonomies (subject terms); authors are in `authors`.
    pub taxonomies: Vec<TaxonomyCtx<'a>>,
    /// The built-in taxonomy of authors, when some briefing names one.
    pub authors: Option<TaxonomyCtx<'a>>,
    pub tags: Vec<TermRef<'a>>,
    /// The tags with the most briefings, most first (ties by name).
    pub top_tags: Vec<TermRef<'a>>,
    pub years: Vec<YearRef>,
    /// The newest months with briefings, newest first.
    pub recent_months: Vec<MonthRef>,
    pub pages: Vec<LinkRef>,
    pub relative_urls: bool,
    pub generator: &'static str,
}

/// A briefing in a list (`paginator.items`, `page.prev`, `page.next`, `page.related`,
/// `item` in `partials/item.html`). Kept to what lists show: one exists per briefing
/// for the whole build, so every field costs memory ten-thousandfold.
#[derive(Serialize)]
pub struct ItemCtx<'a> {
    /// Plain text (the title's inline Markdown dropped).
    pub title: &'a str,
    /// Safe HTML of the title's inline Markdown (code, emphasis, strikethrough).
    pub title_html: &'a str,
    pub url: String,
    pub date: String,
    pub date_display: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    /// Sanitized HTML; taken from the first paragraph and cut when not written.
    pub summary: &'a str,
    pub tags: Value,
    pub authors: Vec<&'a str>,
    pub reading_time: usize,
}

/// `meta`: what every page says about itself.
#[derive(Serialize)]
pub struct Meta {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub feed_url: Option<String>,
    pub feed_title: Option<String>,
    pub noindex: bool,
    /// This page in every language that has it, then `x-default` (the default
    /// language's), for `<link rel="alternate" hreflang>`; empty unless the page has a
    /// translation.
    pub alternates: Vec<AltLink>,
    /// One entry per language edition, for a language switcher; empty on a site with
    /// one language.
    pub languages: Vec<LanguageLink>,
}

/// One of `meta.alternates`.
#[derive(Serialize)]
pub struct AltLink {
    /// A BCP 47 code as configured (`zh-TW`), or `x-default`.
    pub hreflang: String,
    /// Absolute URL.
    pub url: String,
}

/// One of `meta.languages`.
#[derive(Serialize)]
pub struct LanguageLink {
    /// A BCP 47 code as configured.
    pub code: String,
    /// The language's name in itself (`language.name` of its interface strings).
    pub name: String,
    /// "Read in …" with that name, in this page's language (`nav.read_in`).
    pub read_in: String,
    /// This page's version in that language, else that edition's home.
    pub url: String,
    /// The language of this page.
    pub current: bool,
    /// `url` is this page's translation (not the edition's home).
    pub translated: bool,
}

/// One link of a pager: `paginator.pages`.
#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages are skipped between the previous link and this one (show an ellipsis).
    pub gap_before: bool,
}

/// `paginator` on list pages.
#[derive(Serialize)]
pub struct Paginator {
    pub number: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub per_page: usize,
    pub items: Vec<Value>,
    /// `items` rendered by `partials/item.html`, once per build rather than on every
    /// list page that shows them.
    pub item_html: Vec<Value>,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

/// `page` on `briefing.html`.
#[derive(Serialize)]
pub struct BriefingCtx<'a> {
    /// Plain text (the title's inline Markdown dropped).
    pub title: &'a str,
    /// Safe HTML of the title's inline Markdown (code, emphasis, strikethrough).
    pub title_html: &'a str,
    pub slug: &'a str,
    pub date: String,
    pub date_display: String,
    pub date_iso: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub tags: Value,
    pub taxonomies: BTreeMap<&'a str, Value>,
    /// Sanitized HTML: the author's summary, else the first paragraph cut.
    pub summary: &'a str,
    /// The author wrote the summary (front matter or before `<!-- more -->`); when false
    /// it was taken from the first paragraph, which the page shows anyway.
    pub summary_is_explicit: bool,
    pub summary_text: &'a str,
    pub content: &'a str,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub reading_time: usize,
    pub sources: &'a [Source],
    /// The authors' names as shown.
    pub authors: Vec<&'a str>,
    /// The authors as term refs, linking to their pages.
    pub author_refs: Value,
    pub url: String,
    pub permalink: String,
    pub prev: Option<Value>,
    pub next: Option<Value>,
    pub related: Vec<Value>,
    pub extra: &'a serde_json::Value,
    pub json_ld: String,
    pub corrections: Vec<NoticeCtx>,
    pub updates: Vec<NoticeCtx>,
    /// `corrections` and `updates` together, newest first (a correction before an update
    /// of the same moment).
    pub notices: Vec<NoticeCtx>,
    pub modified: String,
    pub modified_display: String,
    pub expires: Option<String>,
    pub expires_display: Option<String>,
    pub expired: bool,
}

/// A correction or update on a briefing's page: `page.corrections`, `page.updates`.
#[derive(Serialize)]
pub struct NoticeCtx {
    /// `correction` or `update`.
    pub kind: &'static str,
    /// Element id to link to (`correction-2`, `update-1`): numbered from the first made.
    pub id: String,
    pub date: String,
    pub date_display: String,
    pub html: String,
    pub text: String,
}

/// One correction on `/corrections/`: `corrections` on `corrections.html`.
#[derive(Serialize)]
pub struct CorrectionCtx {
    pub date: String,
    pub date_display: String,
    pub html: String,
    pub text: String,
    /// The link to the notice on the briefing's page.
    pub url: String,
    pub briefing: Value,
}

/// `redirect` on `redirect.html`.
#[derive(Serialize)]
pub struct RedirectCtx<'a> {
    pub from: String,
    pub to: String,
    /// `to` as the meta refresh needs it: relative to this page with `relative_urls`.
    pub refresh: String,
    pub to_absolute: String,
    pub title: &'a str,
}

/// `search` on `search.html`.
#[derive(Serialize)]
pub struct SearchCtx {
    /// The messages `search.js` shows, as JSON text for a `data-` attribute: each of
    /// [`SEARCH_MESSAGES`] (without `search.`) maps CLDR plural categories to text with
    /// `{n}`, `{query}`, `{shown}` unfilled; the script picks the form with the
    /// browser's `Intl.PluralRules`. A key the theme's strings lack is left out.
    pub strings: String,
}

/// The interface strings `search.js` shows, each with every plural form.
pub const SEARCH_MESSAGES: [&str; 4] =
    ["search.no_match", "search.matches", "search.matches_first", "search.load_failed"];

/// `page` on `page.html`.
#[derive(Serialize)]
pub struct PageCtx<'a> {
    /// Plain text (the title's inline Markdown dropped).
    pub title: &'a str,
    /// Safe HTML of the title's inline Markdown.
    pub title_html: &'a str,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub summary_text: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub word_count: usize,
    pub url: String,
    pub permalink: String,
    pub extra: &'a serde_json::Value,
}

/// `term` on `tag.html`.
#[derive(Serialize)]
pub struct TermCtx<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub taxonomy: &'a str,
    /// The taxonomy's title (as `taxonomy.title`) and the link to its list of terms.
    pub taxonomy_title: String,
    pub taxonomy_url: String,
    pub url: String,
    pub feed_url: String,
    pub count: usize,
    /// On author pages, from `authors.yaml`: the bio (HTML) and links.
    pub bio: Option<&'a str>,
    pub links: &'a [AuthorLink],
}

/// A neighbouring or enclosing date: `date.prev`, `date.next`, `date.parent`,
/// `date.children`.
#[derive(Serialize)]
pub struct DateNav {
    pub title: String,
    pub url: String,
}

/// `date` on `day.html`, `month.html` and `year.html`.
#[derive(Serialize)]
pub struct DateCtx {
    pub year: i16,
    pub month: Option<i8>,
    pub month_name: Option<String>,
    pub day: Option<i8>,
    /// As the page's heading: "Mars 2024".
    pub title: String,
    /// Inside a sentence ("Jours de mars 2024"): the title without the heading's capital.
    pub in_text: String,
    pub url: String,
    pub count: usize,
    pub prev: Option<DateNav>,
    pub next: Option<DateNav>,
    pub parent: Option<DateNav>,
    pub children: Vec<DateNav>,
    pub child_counts: Vec<usize>,
}
