//! Front-matter dates: `YYYY-MM-DD`, RFC 3339 with an offset, or a date and time in the
//! site's zone; also the forms Jekyll, YAML and Hugo write (`2021-03-04 10:00:00 +0100`,
//! `2001-12-14 21:59:43.10 -5`, `2021-03-04 10:00 UTC`, RFC 2822). Pure.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// Parse a date as written in front matter: `YYYY-MM-DD` (that day, midnight, in `tz`),
/// RFC 3339 with an offset, or a date and time without offset (in `tz`). Offsets run
/// from `-23:59` to `+23:59`, as RFC 3339 allows (jiff alone would take `+25:00`).
pub fn parse_date(s: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let s = s.trim();
    if let Some((_, offset)) = offset_out_of_range(s) {
        return Err(format!("UTC offset `{offset}` is out of range"));
    }
    parse_in_range(s, tz).map_err(|e| match beyond_range(s) {
        true => BEYOND_RANGE.to_string(),
        false => e,
    })
}

/// What a date a calendar has but brief cannot hold is told (jiff's instants run from
/// the year -9999 to 9999-12-30; Jekyll themes date a post `9999-12-31` so that it is
/// never published).
pub(super) const BEYOND_RANGE: &str = "brief's dates run from the year -9999 to 9999-12-30, in any zone";

/// Whether `s` starts with a real day of the first or last year brief's dates reach (so
/// a failure to read it is one of range, not of form).
fn beyond_range(s: &str) -> bool {
    s.get(..10).and_then(|d| d.parse::<Date>().ok()).is_some_and(|d| d.year().abs() == 9999)
        || s.get(..11).and_then(|d| d.parse::<Date>().ok()).is_some_and(|d| d.year() == -9999)
}

fn parse_in_range(s: &str, tz: &TimeZone) -> Result<Zoned, String> {
    if s.len() == 10 {
        let d: Date = s.parse().map_err(|e: jiff::Error| e.to_string())?;
        return d.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string());
    }
    parse_date_time(s, tz).or_else(|e| match rfc3339(s) {
        Some(canonical) => parse_date_time(&canonical, tz).map_err(|_| e),
        // RFC 2822 (`Thu, 04 Mar 2021 10:00:00 +0100`), which Hugo reads too.
        None => jiff::fmt::rfc2822::parse(s).map(|z| z.timestamp().to_zoned_datetime(tz.clone())).map_err(|_| e),
    })
}

/// A date and time in RFC 3339 or without offset, as jiff reads them.
fn parse_date_time(s: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let has_offset = {
        let tail = s.get(10..).unwrap_or("");
        tail.ends_with('Z') || tail.ends_with('z') || tail.contains('+') || tail.rfind('-').is_some()
    };
    if has_offset {
        let ts: jiff::Timestamp = s.parse().map_err(|e: jiff::Error| e.to_string())?;
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    let dt: DateTime = s.parse().map_err(|e: jiff::Error| e.to_string())?;
    dt.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string())
}

/// `s` in the form jiff reads, when it is a date and time as Jekyll, YAML 1.1 and Go
/// write them: a space or `t` between date and time, seconds left out, whitespace before
/// the zone, an offset of hours alone or without a colon, `UTC`, `GMT` or `Z` for UTC,
/// and Go's zone name after an offset (`2021-03-04 10:00:00 +0100`, `2001-12-14
/// 21:59:43.10 -5`, `2021-03-04 10:00 UTC`, `2021-03-04 10:00:00 +0000 UTC`). `None`
/// for anything else.
fn rfc3339(s: &str) -> Option<String> {
    let date = s.get(..10)?;
    let rest = s.get(10..)?.strip_prefix(['T', 't', ' ', '\t'])?.trim_start();
    let time_len = rest.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_len);
    let colons = time.matches(':').count();
    if !(1..=2).contains(&colons) || time.starts_with(':') {
        return None;
    }
    let seconds = if colons == 1 { ":00" } else { "" };
    let mut words = zone.split_whitespace();
    let offset = match (words.next(), words.next(), words.next()) {
        (None, ..) => String::new(),
        (Some("Z" | "z" | "UTC" | "GMT" | "UT"), None, _) => "Z".to_string(),
        (Some(o), name, None)
            if o.starts_with(['+', '-']) && name.is_none_or(|n| n.bytes().all(|b| b.is_ascii_alphabetic())) =>
        {
            let digits = o[1..].replace(':', "");
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (h, m) = if digits.len() <= 2 { (digits.as_str(), "00") } else { digits.split_at(digits.len() - 2) };
            format!("{}{h:0>2}:{m}", &o[..1])
        }
        _ => return None,
    };
    Some(format!("{date}T{time}{seconds}{offset}"))
}

/// The byte position and text of the UTC offset of date-time `s` when its hours are
/// past 23 or its minutes past 59 (`+25:00`, `-2400`, `+09:75`).
pub(super) fn offset_out_of_range(s: &str) -> Option<(usize, &str)> {
    // The date's own `-`s are in its first ten bytes; an offset follows the time.
    let tail = s.get(10..)?;
    let at = 10 + tail.rfind(['+', '-', '\u{2212}'])?;
    let offset = s[at..].split('[').next().unwrap_or("").trim_end();
    let digits: String = offset.chars().skip(1).filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() < 2 {
        return None; // not an offset brief understands: the parser says why
    }
    let hours: u32 = digits[..2].parse().ok()?;
    let minutes: u32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    (hours > 23 || minutes > 59).then_some((at, offset))
}

pub(super) const OFFSET_HINT: &str =
    "RFC 3339 offsets run from `-23:59` to `+23:59`: write the zone's offset, like `+09:00`, or `Z` for UTC";

pub(super) const DATE_HINT: &str = "write the date as `YYYY-MM-DD`, or a date and time like `2024-07-12T09:30:00+09:00` or `2024-07-12 09:30:00 +0900` (without an offset: in the site's zone)";

#[cfg(test)]
mod tests {
    use super::*;

    /// `9999-12-31` (a Jekyll theme's "never published") is a day, but past the last
    /// instant jiff holds: said so, not as an overflow of Unix seconds.
    #[test]
    fn a_day_past_the_range_is_told_as_such() {
        let seoul: TimeZone = TimeZone::get("Asia/Seoul").unwrap();
        for bad in ["9999-12-31", "9999-12-31T10:00:00Z", "9999-12-31T10:00:00+09:00", "9999-12-31T10:00:00"] {
            assert_eq!(parse_date(bad, &TimeZone::UTC).unwrap_err(), BEYOND_RANGE, "{bad}");
        }
        assert!(parse_date("9999-12-30", &seoul).is_ok());
        assert_ne!(parse_date("9999-13-01", &TimeZone::UTC).unwrap_err(), BEYOND_RANGE, "not a day: told as before");
        assert!(parse_date("9000-01-01", &TimeZone::UTC).is_ok());
    }

    /// Regression (issue 12): jiff takes offsets up to ±25:59:59; RFC 3339 does not.
    #[test]
    fn offsets_past_23_59_are_refused() {
        let utc = TimeZone::UTC;
        for bad in [
            "2024-01-05T10:00:00+25:00",
            "2024-01-05T10:00:00-24:00",
            "2024-01-05T10:00:00+09:60",
            "2024-01-05T10:00:00+2500",
        ] {
            let e = parse_date(bad, &utc).unwrap_err();
            assert!(e.starts_with("UTC offset `"), "{bad}: {e}");
            assert!(e.ends_with("` is out of range"), "{bad}: {e}");
        }
        assert_eq!(offset_out_of_range("2024-01-05T10:00:00+25:00"), Some((19, "+25:00")));
        assert_eq!(offset_out_of_range("2024-01-05 10:00:00.5-24:30[Asia/Seoul]"), Some((21, "-24:30")));
    }

    /// Regression: Jekyll's `date:` (`jekyll new` writes `2021-03-04 10:00:00 +0100`),
    /// YAML 1.1's timestamps and Go's forms were refused.
    #[test]
    fn dates_as_jekyll_yaml_and_hugo_write_them() {
        let seoul: TimeZone = TimeZone::get("Asia/Seoul").unwrap();
        for (written, utc) in [
            ("2021-03-04 10:00:00 +0100", "2021-03-04T09:00:00Z"),
            ("2021-03-04 10:00:00 +01:00", "2021-03-04T09:00:00Z"),
            ("2021-03-04 10:00:00 -05:00", "2021-03-04T15:00:00Z"),
            ("2021-03-04T10:00:00 +01:00", "2021-03-04T09:00:00Z"),
            ("2021-03-04 10:00 +0100", "2021-03-04T09:00:00Z"),
            ("2021-03-04 10:00:00 UTC", "2021-03-04T10:00:00Z"),
            ("2021-03-04 10:00:00 +0000 UTC", "2021-03-04T10:00:00Z"),
            ("2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z"),
            ("2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.1Z"),
            ("2021-03-04 10:00", "2021-03-04T01:00:00Z"),
            ("Thu, 04 Mar 2021 10:00:00 +0100", "2021-03-04T09:00:00Z"),
            ("Thu, 4 Mar 2021 10:00 GMT", "2021-03-04T10:00:00Z"),
        ] {
            let z = parse_date(written, &seoul).unwrap_or_else(|e| panic!("{written}: {e}"));
            assert_eq!(z.timestamp().to_string(), utc, "{written}");
            assert_eq!(z.time_zone(), &seoul, "{written}: shown in the site's zone");
        }
        for bad in ["2021-03-04 10:00:00 +01000", "2021-03-04 10:00:00 nowhere", "2021-03-04 :10"] {
            assert!(parse_date(bad, &seoul).is_err(), "{bad}");
        }
        assert_eq!(parse_date("2021-03-04 10:00:00 +2500", &seoul).unwrap_err(), "UTC offset `+2500` is out of range");
    }

    #[test]
    fn offsets_up_to_23_59_still_parse() {
        let utc = TimeZone::UTC;
        for good in [
            "2024-01-05T10:00:00+23:59",
            "2024-01-05T10:00:00-23:59",
            "2024-01-05T10:00:00+00:00",
            "2024-01-05T10:00:00Z",
        ] {
            assert!(parse_date(good, &utc).is_ok(), "{good}");
            assert_eq!(offset_out_of_range(good), None, "{good}");
        }
        assert_eq!(
            parse_date("2024-01-05T10:00:00+23:59", &utc).unwrap().to_string(),
            "2024-01-04T10:01:00+00:00[UTC]"
        );
        assert_eq!(offset_out_of_range("2024-01-05"), None);
        assert_eq!(offset_out_of_range("2024-01-05 10:00"), None);
    }
}
