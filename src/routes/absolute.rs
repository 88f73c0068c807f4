//! Absolute URLs written onto a buffer, for outputs that write one per route (the
//! sitemap): the same text as [`Routes::absolute`], without the paths made on the way.

use super::{PAGER_SEGMENT, Route, Routes};

impl Routes<'_> {
    /// [`Routes::absolute`] written onto `out`: a briefing's and a date page's without
    /// making the path first (a sitemap writes every route's).
    pub fn push_absolute(&self, out: &mut String, route: Route) {
        use std::fmt::Write as _;
        out.push_str(&self.cfg.origin);
        out.push_str(&self.cfg.base_path);
        let idx = self.idx;
        let page = match route {
            Route::Briefing(i) => {
                out.push_str(idx.permalinks[i].trim_start_matches('/'));
                return;
            }
            Route::Year { year, page } if idx.is_main() => {
                let _ = write!(out, "{:04}/", idx.year(year).year);
                page
            }
            Route::Month { month, page } if idx.is_main() => {
                let _ = write!(out, "{:04}/{:02}/", idx.years[month.year].year, idx.month(month).month);
                page
            }
            Route::Day { day, page } if idx.is_main() => {
                let (y, m) = (idx.years[day.year].year, idx.month(day.month_id()).month);
                let _ = write!(out, "{y:04}/{m:02}/{:02}/", idx.day(day).day);
                page
            }
            _ => {
                out.push_str(self.path(route).trim_start_matches('/'));
                return;
            }
        };
        if page > 1 {
            let _ = write!(out, "{PAGER_SEGMENT}/{page}/");
        }
    }
}
