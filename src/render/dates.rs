//! Day, month and year pages (`/2024/07/12/`, `/2024/07/`, `/2024/`), each with links
//! to the neighbouring dates that have briefings, and how dates are shown.

use jiff::ZonedDateTime as Zoned;

use super::context::{DateCtx, DateNav};
use super::{Page, Renderer};
use crate::index::{DayId, MonthId, YearId};
use crate::locale::Locale;
use crate::routes::Route;

/// The name of month `m` (1 to 12) in the site's language, as a heading (CLDR).
pub(super) fn month_name(loc: &Locale, m: i8) -> String {
    loc.month_name(m)
}

/// A date as shown on pages, in the site's language: CLDR's long date (`July 12, 2024`
/// for `en`, `12 July 2024` for `en-GB`, `2024년 7월 12일` for `ko`).
pub(super) fn display_date(loc: &Locale, z: &Zoned) -> String {
    loc.long_date(z.date())
}

/// A year, month or day page.
pub(super) fn render(r: &Renderer, route: Route) -> Page {
    let (template, kind, date) = match route {
        Route::Year { year, .. } => ("year.html", "year", year_ctx(r, year)),
        Route::Month { month, .. } => ("month.html", "month", month_ctx(r, month)),
        Route::Day { day, .. } => ("day.html", "day", day_ctx(r, day)),
        _ => unreachable!("dates::render is only called for date routes"),
    };
    let n = route.page();
    let title = r.paged(&date.title, n);
    // The description puts the date inside a phrase: "Briefings : mars 2024".
    let desc = r.text("meta.date", &[("date", &date.in_text)], || format!("Briefings of {}", date.in_text));
    let mut ctx = r.base_ctx(r.meta(kind, title, &desc, route));
    ctx.insert("date", &date);
    ctx.insert("paginator", &r.paginator(route));
    Page { template, ctx }
}

/// A day's title: its long date in the site's language.
fn day_title(loc: &Locale, y: i16, m: i8, d: i8) -> String {
    jiff::civil::Date::new(y, m, d).map(|date| loc.long_date(date)).unwrap_or_default()
}

fn nav_year(r: &Renderer, y: YearId) -> DateNav {
    DateNav { title: r.site.idx.year(y).year.to_string(), url: r.routes.url(Route::Year { year: y, page: 1 }) }
}

fn nav_month(r: &Renderer, m: MonthId) -> DateNav {
    let y = r.site.idx.years[m.year].year;
    let month = r.site.idx.month(m).month;
    DateNav { title: r.prep.locale.month_year(y, month), url: r.routes.url(Route::Month { month: m, page: 1 }) }
}

fn nav_day(r: &Renderer, d: DayId) -> DateNav {
    let y = r.site.idx.years[d.year].year;
    let month = r.site.idx.month(d.month_id()).month;
    let day = r.site.idx.day(d).day;
    DateNav { title: day_title(&r.prep.locale, y, month, day), url: r.routes.url(Route::Day { day: d, page: 1 }) }
}

fn year_ctx(r: &Renderer, id: YearId) -> DateCtx {
    let idx = r.site.idx;
    let y = idx.year(id);
    DateCtx {
        year: y.year,
        month: None,
        month_name: None,
        day: None,
        title: y.year.to_string(),
        in_text: y.year.to_string(),
        url: r.routes.url(Route::Year { year: id, page: 1 }),
        count: y.items.len(),
        // Newest first: the previous year is the next position.
        prev: (id.0 + 1 < idx.years.len()).then(|| nav_year(r, YearId(id.0 + 1))),
        next: id.0.checked_sub(1).map(|p| nav_year(r, YearId(p))),
        parent: Some(DateNav {
            title: r.text("nav.archive", &[], || "Archive".into()),
            url: r.routes.url(Route::Archive),
        }),
        children: (0..y.months.len()).map(|m| nav_month(r, MonthId { year: id.0, month: m })).collect(),
        child_counts: y.months.iter().map(|m| m.items.len()).collect(),
    }
}

fn month_ctx(r: &Renderer, id: MonthId) -> DateCtx {
    let idx = r.site.idx;
    let y = &idx.years[id.year];
    let m = idx.month(id);
    let pos = r.prep.month_pos.get(&id).copied().unwrap_or(0);
    DateCtx {
        year: y.year,
        month: Some(m.month),
        month_name: Some(month_name(&r.prep.locale, m.month)),
        day: None,
        title: r.prep.locale.month_year(y.year, m.month),
        in_text: r.prep.locale.month_year_in_text(y.year, m.month),
        url: r.routes.url(Route::Month { month: id, page: 1 }),
        count: m.items.len(),
        prev: r.prep.months.get(pos + 1).map(|&p| nav_month(r, p)),
        next: pos.checked_sub(1).map(|p| nav_month(r, r.prep.months[p])),
        parent: Some(nav_year(r, YearId(id.year))),
        children: (0..m.days.len()).map(|d| nav_day(r, DayId { year: id.year, month: id.month, day: d })).collect(),
        child_counts: m.days.iter().map(|d| d.items.len()).collect(),
    }
}

fn day_ctx(r: &Renderer, id: DayId) -> DateCtx {
    let idx = r.site.idx;
    let y = &idx.years[id.year];
    let m = idx.month(id.month_id());
    let day = idx.day(id);
    let pos = r.prep.day_pos.get(&id).copied().unwrap_or(0);
    // CLDR's long date is already a running-text form (see `Locale::long_date`).
    let title = day_title(&r.prep.locale, y.year, m.month, day.day);
    DateCtx {
        year: y.year,
        month: Some(m.month),
        month_name: Some(month_name(&r.prep.locale, m.month)),
        day: Some(day.day),
        in_text: title.clone(),
        title,
        url: r.routes.url(Route::Day { day: id, page: 1 }),
        count: day.items.len(),
        prev: r.prep.days.get(pos + 1).map(|&p| nav_day(r, p)),
        next: pos.checked_sub(1).map(|p| nav_day(r, r.prep.days[p])),
        parent: Some(nav_month(r, id.month_id())),
        children: Vec::new(),
        child_counts: Vec::new(),
    }
}
