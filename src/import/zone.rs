//! The site's `timezone:` for a Hugo or Zola site whose config names none: the zone
//! in which the posts' dates read as written. Hugo and Zola showed a date with an
//! offset (`2017-11-27T01:24:33+05:30`) on the day written; brief shows every date in
//! the site's zone, so UTC would move such a post to the day before. Pure.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Found, Kind, Note, NoteKind};

/// The offset, in seconds east of UTC, a normalized date is written with; `None` for a
/// day or a time without one.
fn offset_of(date: &str) -> Option<i32> {
    let o = date.get(date.len().checked_sub(6)?..)?;
    let b = o.as_bytes();
    if date.len() <= 10 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let secs = o[1..3].parse::<i32>().ok()? * 3600 + o[4..6].parse::<i32>().ok()? * 60;
    Some(if b[0] == b'-' { -secs } else { secs })
}

/// `+05:30`, as dates write an offset.
fn show(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", secs.abs() / 3600, secs.abs() % 3600 / 60)
}

/// The IANA zone brief reads that is fixed at `secs` east of UTC: `UTC`, or
/// `Etc/GMT-5` for +05:00 (the `Etc` names count the other way); none for an offset
/// that is not whole hours.
fn fixed_zone(secs: i32) -> Option<String> {
    if secs == 0 {
        return Some("UTC".into());
    }
    let name = format!("Etc/GMT{}{}", if secs > 0 { '-' } else { '+' }, secs.abs() / 3600);
    (secs % 3600 == 0 && jiff::tz::TimeZone::get(&name).is_ok()).then_some(name)
}

/// Choose `found`'s `timezone:` from its briefings' date offsets, the config (`cfg`,
/// for the report) having named no zone: the most common offset (the westernmost
/// among equals) as a fixed zone, said in the report with its reason; a post at
/// another offset keeps its instant and gets a note that it shows in the site's zone.
pub(crate) fn choose(found: &mut Found, cfg: &Path) {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for e in found.entries.iter().filter(|e| e.kind == Kind::Briefing) {
        if let Some(o) = e.fm.date.as_deref().and_then(offset_of) {
            *counts.entry(o).or_default() += 1;
        }
    }
    let Some((&best, &n)) = counts.iter().max_by_key(|(o, n)| (**n, -**o)) else { return };
    let total: usize = counts.values().sum();
    let site = show(best);
    let note = match fixed_zone(best) {
        Some(zone) if zone == "UTC" => None,
        Some(zone) => {
            found.settings.timezone = zone.clone();
            Some((
                NoteKind::Converted,
                format!(
                    "timezone: {zone}, the fixed zone at {site}: the config names no zone, and {n} of the {total} \
                     post dates with an offset are written at {site}, so they show on the day written"
                ),
            ))
        }
        None => Some((
            NoteKind::NotConverted,
            format!(
                "timezone: UTC: the config names no zone, and {n} of the {total} post dates with an offset are \
                 written at {site}, which no fixed zone brief reads has (only whole hours do): such a post may \
                 show on the day before or after the day written; set `timezone:` in site.yaml to a zone at \
                 {site} (an IANA name such as a city's)"
            ),
        )),
    };
    if let Some((kind, text)) = note {
        found.site_notes.push((cfg.to_path_buf(), Note::new(0, kind, text)));
    }
    note_other_offsets(found);
}

/// A note on each briefing dated at an offset other than the site's fixed zone's: it
/// keeps its moment and shows in the site's zone.
fn note_other_offsets(found: &mut Found) {
    let site = show(offset_of_zone(&found.settings.timezone));
    for e in found.entries.iter_mut().filter(|e| e.kind == Kind::Briefing) {
        let Some(date) = e.fm.date.clone() else { continue };
        if let Some(o) = offset_of(&date).filter(|o| show(*o) != site) {
            let text = format!(
                "date `{date}` is written at {}, not the site's {site}: it keeps its moment and shows in the \
                 site's zone",
                show(o)
            );
            e.notes.push(Note::new(0, NoteKind::Info, text));
        }
    }
}

/// Where the config names `zone` (Hugo's `timeZone`), which Hugo applied only to dates
/// without an offset: one written with an offset (`2023-10-28T00:28:09+08:00`) showed on
/// the day written. Where such posts would move to another day in `zone`, and those at
/// one offset outnumber the rest, the site's zone is that offset's fixed zone (as
/// [`choose`] picks it) and each date-time without an offset gets `zone`'s offset
/// written, so it keeps the moment Hugo gave it; else `zone` stays and each post that
/// moves a day is named.
pub(crate) fn configured(found: &mut Found, cfg: &Path, zone: &str) {
    let Ok(tz) = jiff::tz::TimeZone::get(zone) else { return };
    let read = |d: &str| crate::parse::parse_date(d, &tz).ok();
    // A date's offset where it differs from `zone`'s at its moment, and whether the day
    // written is another in `zone`.
    let other = |d: &str| {
        let o = offset_of(d)?;
        let z = read(d)?;
        (o != z.offset().seconds()).then(|| (o, d.get(..10) != Some(z.date().to_string().as_str())))
    };
    let dates: Vec<String> =
        found.entries.iter().filter(|e| e.kind == Kind::Briefing).filter_map(|e| e.fm.date.clone()).collect();
    if !dates.iter().any(|d| other(d).is_some_and(|(_, moved)| moved)) {
        return;
    }
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (o, _) in dates.iter().filter_map(|d| other(d)) {
        *counts.entry(o).or_default() += 1;
    }
    let Some((&best, &n)) = counts.iter().max_by_key(|(o, n)| (**n, -**o)) else { return };
    let written = show(best);
    match fixed_zone(best).filter(|_| n > dates.len() - n) {
        Some(fixed) => {
            for e in found.entries.iter_mut().filter(|e| e.kind == Kind::Briefing) {
                let Some(d) = e.fm.date.clone().filter(|d| d.len() > 10 && offset_of(d).is_none()) else { continue };
                let Some(z) = read(&d) else { continue };
                let new = z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
                let text = format!("date `{d}` has no offset: Hugo read it in `timeZone` {zone}, so → `{new}`");
                e.notes.push(Note::new(0, NoteKind::Converted, text));
                e.fm.date = Some(new);
            }
            found.settings.timezone = fixed.clone();
            let text = format!(
                "timezone: {fixed}, the fixed zone at {written}: Hugo's `timeZone` ({zone}) applies only to dates \
                 without an offset, and {n} of the {} post dates are written at {written}, so they show on the day \
                 written, as Hugo showed them",
                dates.len()
            );
            found.site_notes.push((cfg.to_path_buf(), Note::new(0, NoteKind::Converted, text)));
            note_other_offsets(found);
        }
        None => {
            for e in found.entries.iter_mut().filter(|e| e.kind == Kind::Briefing) {
                let Some(d) = e.fm.date.clone().filter(|d| other(d).is_some_and(|(_, moved)| moved)) else { continue };
                let (Some(o), Some(z)) = (offset_of(&d), read(&d)) else { continue };
                let text = format!(
                    "date `{d}` is written at {}: Hugo showed it on {} (`timeZone` applies only to dates without an \
                     offset); brief shows it in the site's zone, {zone}, on {}",
                    show(o),
                    d.get(..10).unwrap_or_default(),
                    z.date()
                );
                e.notes.push(Note::new(0, NoteKind::NotConverted, text));
            }
        }
    }
}

/// The offset of a fixed zone chosen by [`choose`] (or UTC), in seconds.
fn offset_of_zone(name: &str) -> i32 {
    let tz = jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC);
    tz.to_offset(jiff::Timestamp::UNIX_EPOCH).seconds()
}

/// Where the old site published posts dated after the build (`why`: Hugo's
/// `buildFuture = true`, Jekyll's `future: true`, Zola, which has no scheduling) and some
/// are dated after `now`: brief
/// schedules them, so their pages and old URLs wait for that day; the report says so.
pub(crate) fn published_future(found: &mut Found, cfg_path: &Path, why: &str, now: jiff::Timestamp) {
    let tz = jiff::tz::TimeZone::get(&found.settings.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let later: Vec<String> = found
        .entries
        .iter()
        .filter(|e| e.kind == Kind::Briefing && !e.fm.draft)
        .filter(|e| {
            let date = e.fm.date.as_deref().and_then(|d| crate::parse::parse_date(d, &tz).ok());
            date.is_some_and(|d| d.timestamp() > now)
        })
        .map(|e| format!("`{}`", e.source.display()))
        .collect();
    if later.is_empty() {
        return;
    }
    let text = format!(
        "{why}: the old site published {} post(s) dated after today ({}); brief schedules them, so they and \
         their old URLs appear on their dates; build with `--future` to publish them now",
        later.len(),
        later.join(", ")
    );
    found.site_notes.push((cfg_path.to_path_buf(), Note::new(0, NoteKind::NotConverted, text)));
}

/// A date in the offset it was written with (Hugo formats URL dates so), else in `tz`.
pub(super) fn zoned(date: &str, tz: &jiff::tz::TimeZone) -> Option<jiff::ZonedDateTime> {
    let z = crate::parse::parse_date(date, tz).ok()?;
    let off = date.get(date.len().saturating_sub(6)..).filter(|o| o.starts_with(['+', '-']) && o.as_bytes()[3] == b':');
    match off {
        Some(o) => {
            let secs = o[1..3].parse::<i32>().ok()? * 3600 + o[4..6].parse::<i32>().ok()? * 60;
            let secs = if o.starts_with('-') { -secs } else { secs };
            let fixed = jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(secs).ok()?);
            Some(z.with_time_zone(fixed))
        }
        None => Some(z),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Entry, Kind};

    fn post(date: &str) -> Entry {
        let mut e = Entry::new("p.md".into(), Kind::Briefing, "p.md".into());
        e.fm.date = Some(date.into());
        e
    }

    #[test]
    fn the_most_common_offset_names_a_fixed_zone() {
        assert_eq!((offset_of("2017-11-27T01:24:33+05:30"), offset_of("2017-11-27")), (Some(19800), None));
        assert_eq!(
            (fixed_zone(3600).as_deref(), fixed_zone(-18000).as_deref()),
            (Some("Etc/GMT-1"), Some("Etc/GMT+5"))
        );
        assert_eq!(fixed_zone(19800), None);
        let mut found = Found::default();
        found.settings.timezone = "UTC".into();
        found.entries = vec![
            post("2021-03-01T23:30:00+01:00"),
            post("2021-03-02T00:10:00+01:00"),
            post("2021-03-03T08:00:00-05:00"),
        ];
        choose(&mut found, Path::new("hugo.toml"));
        assert_eq!(found.settings.timezone, "Etc/GMT-1");
        assert!(found.site_notes[0].1.text.contains("2 of the 3 post dates"), "{:?}", found.site_notes);
        assert!(found.entries[2].notes[0].text.contains("written at -05:00, not the site's +01:00"));
        assert!(found.entries[0].notes.is_empty());
    }

    #[test]
    fn an_offset_of_half_hours_is_reported_and_utc_kept() {
        let mut found = Found::default();
        found.settings.timezone = "UTC".into();
        found.entries = vec![post("2017-11-27T01:24:33+05:30")];
        choose(&mut found, Path::new("config.toml"));
        assert_eq!(found.settings.timezone, "UTC");
        assert_eq!(found.site_notes[0].1.kind, NoteKind::NotConverted);
    }
}
