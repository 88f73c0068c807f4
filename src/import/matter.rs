//! Front matter as other generators write it: YAML (`---`), TOML (`+++`) and JSON
//! (`{ … }`) blocks, read into one JSON map with the line of each key for the report,
//! and the value helpers every importer shares (strings, lists, dates). Pure.

use serde_json::Value;

/// A front-matter map (keys sorted).
pub type Map = serde_json::Map<String, Value>;

/// How a file's front matter was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` YAML `---`.
    Yaml,
    /// `+++` TOML `+++`.
    Toml,
    /// A JSON object at the top of the file.
    Json,
}

/// A content file cut into its front matter (as a map) and body.
#[derive(Debug, Clone, Default)]
pub struct Matter {
    /// The keys and values; empty when the file has none.
    pub map: Map,
    /// How it was written; `None` when the file has no front matter.
    pub format: Option<Format>,
    /// The front-matter text as written (for finding the line of a key).
    pub text: String,
    /// 1-based line of the file where the front matter text starts.
    pub text_line: usize,
    /// The body after the front matter.
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

impl Matter {
    /// 1-based line of the file where top-level `key` is written (the opening line
    /// when it cannot be found).
    pub fn line_of(&self, key: &str) -> usize {
        for (i, l) in self.text.lines().enumerate() {
            let t = l.trim_start();
            let rest = t
                .strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| t.strip_prefix(&format!("'{key}'")));
            if rest.is_some_and(|r| r.trim_start().starts_with([':', '='])) {
                return i + self.text_line;
            }
        }
        match self.format {
            Some(Format::Yaml | Format::Toml) => self.text_line.saturating_sub(1).max(1),
            _ => self.text_line.max(1),
        }
    }
}

/// Why front matter could not be read: 1-based line of the file and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterError {
    /// Line in the file.
    pub line: usize,
    /// 1-based column, 0 when the whole line is meant.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl MatterError {
    fn at(line: usize, message: impl Into<String>) -> MatterError {
        MatterError { line, col: 0, message: message.into() }
    }

    /// Why the file was skipped, as the import's report says it: where, what, what to do.
    pub fn reason(&self) -> String {
        let at = if self.col > 0 {
            format!("line {}, column {}", self.line, self.col)
        } else {
            format!("line {}", self.line)
        };
        format!("{at}: {}; correct the front matter there and import again", self.message)
    }
}

/// Read the front matter of `text` in whichever of the three formats it is written.
/// A file with none gives an empty map and the whole text as body.
pub fn read(text: &str) -> Result<Matter, MatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("").trim_end();
    if first == "---" {
        let s = crate::parse::frontmatter::split(text)
            .map_err(|_| MatterError::at(1, "front matter is never closed (`---`)"))?;
        let map = if s.yaml.trim().is_empty() {
            Map::new()
        } else {
            match crate::yaml::from_str::<Value>(s.yaml) {
                Ok(Value::Object(m)) => m,
                Ok(Value::Null) => Map::new(),
                Ok(_) => return Err(MatterError::at(2, "front matter is not a mapping")),
                Err(e) => {
                    return Err(MatterError {
                        line: e.line.max(1) + 1,
                        col: e.col,
                        message: format!("invalid YAML: {}", e.message),
                    });
                }
            }
        };
        return Ok(Matter {
            map,
            format: Some(Format::Yaml),
            text: s.yaml.to_string(),
            text_line: s.yaml_line,
            body: s.body.to_string(),
            body_line: s.body_line,
        });
    }
    if first == "+++" {
        let start = text.find('\n').map_or(text.len(), |i| i + 1);
        let mut pos = start;
        let mut line = 2;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            if text[pos..end].trim_end() == "+++" {
                let toml_text = &text[start..pos];
                let map = parse_toml(toml_text).map_err(|(l, c, m)| MatterError { line: l + 1, col: c, message: m })?;
                return Ok(Matter {
                    map,
                    format: Some(Format::Toml),
                    text: toml_text.to_string(),
                    text_line: 2,
                    body: text[end..].to_string(),
                    body_line: line + 1,
                });
            }
            pos = end;
            line += 1;
        }
        return Err(MatterError::at(1, "front matter is never closed (`+++`)"));
    }
    if first.starts_with('{') {
        let mut it = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        return match it.next() {
            Some(Ok(Value::Object(map))) => {
                let end = it.byte_offset();
                // The body starts on the line after the closing brace.
                let body_start = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                Ok(Matter {
                    map,
                    format: Some(Format::Json),
                    text: text[..end].to_string(),
                    text_line: 1,
                    body: text[body_start..].to_string(),
                    body_line: text[..body_start].matches('\n').count() + 1,
                })
            }
            Some(Err(e)) => {
                Err(MatterError { line: e.line(), col: e.column(), message: format!("invalid JSON front matter: {e}") })
            }
            _ => Err(MatterError::at(1, "JSON front matter is not an object")),
        };
    }
    Ok(Matter { body: text.to_string(), body_line: 1, text_line: 1, ..Matter::default() })
}

/// [`read`] as Hugo and Zola read it: blank lines (and spaces) before the opening
/// `---`, `+++` or `{` are skipped (Hugo's `lexIntroSection`, Zola's
/// `^[[:space:]]*---` split), where Jekyll needs the delimiter on the first line. Also
/// gives how many lines were skipped so, 0 when none.
pub fn read_after_blanks(text: &str) -> Result<(Matter, usize), MatterError> {
    let bare = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = bare.trim_start_matches([' ', '\t', '\r', '\n']);
    let skipped = bare[..bare.len() - rest.len()].matches('\n').count();
    if skipped == 0 || !["---", "+++", "{"].iter().any(|d| rest.starts_with(d)) {
        return read(text).map(|m| (m, 0));
    }
    match read(rest) {
        Ok(m) if m.format.is_some() => {
            Ok((Matter { text_line: m.text_line + skipped, body_line: m.body_line + skipped, ..m }, skipped))
        }
        Ok(_) => read(text).map(|m| (m, 0)),
        Err(e) => Err(MatterError { line: e.line + skipped, ..e }),
    }
}

/// The report's note on the `blanks` lines [`read_after_blanks`] skipped, if any.
pub(crate) fn blanks_note(blanks: usize, generator: &str) -> Option<super::Note> {
    (blanks > 0).then(|| {
        let text = format!(
            "{blanks} blank line(s) before the front matter, skipped as {generator} skips them (brief needs the \
             front matter on the first line, as written now)"
        );
        super::Note::new(blanks + 1, super::NoteKind::Converted, text)
    })
}

/// [`read`] as Jekyll reads it: YAML front matter that fails only because lines are
/// indented with tabs (which YAML forbids; Jekyll, not strict, publishes the file
/// anyway) is read again with each leading tab as two spaces. Also gives the line of
/// the file of the first line changed so, when it was.
pub fn read_untabbed(text: &str) -> Result<(Matter, Option<usize>), MatterError> {
    let err = match read(text) {
        Ok(m) => return Ok((m, None)),
        Err(e) => e,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(s) = crate::parse::frontmatter::split(text) else { return Err(err) };
    let mut yaml = String::with_capacity(s.yaml.len());
    let mut first = None;
    for (i, line) in s.yaml.split_inclusive('\n').enumerate() {
        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line[..lead].contains('\t') {
            first.get_or_insert(s.yaml_line + i);
            yaml.push_str(&line[..lead].replace('\t', "  "));
            yaml.push_str(&line[lead..]);
        } else {
            yaml.push_str(line);
        }
    }
    let Some(first) = first else { return Err(err) };
    // `s.yaml` is a slice of `text`: what stands before and after it stays.
    let at = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
    match read(&format!("{}{yaml}{}", &text[..at], &text[at + s.yaml.len()..])) {
        Ok(m) => Ok((m, Some(first))),
        Err(_) => Err(err),
    }
}

/// `text` as Jekyll reads a file whose YAML front matter it cannot parse: the body after
/// the front matter, and no keys (Jekyll, unless `strict_front_matter`, logs the error
/// and publishes the file with its defaults). `None` when the front matter is not YAML
/// or never closed.
pub fn without_front_matter(text: &str) -> Option<Matter> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().next().unwrap_or("").trim_end() != "---" {
        return None;
    }
    let s = crate::parse::frontmatter::split(text).ok()?;
    Some(Matter {
        map: Map::new(),
        format: Some(Format::Yaml),
        text: s.yaml.to_string(),
        text_line: s.yaml_line,
        body: s.body.to_string(),
        body_line: s.body_line,
    })
}

/// Parse a TOML text into a JSON map; an error carries its 1-based line.
pub fn parse_toml(text: &str) -> Result<Map, (usize, usize, String)> {
    match text.parse::<toml::Table>() {
        Ok(t) => Ok(toml_table(t)),
        Err(e) => {
            let start = e.span().map_or(0, |s| s.start.min(text.len()));
            let before = text.get(..start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let col = e.span().map_or(0, |_| before.rsplit('\n').next().unwrap_or("").chars().count() + 1);
            Err((line, col, format!("invalid TOML: {}", e.message())))
        }
    }
}

fn toml_table(t: toml::Table) -> Map {
    t.into_iter().map(|(k, v)| (k, toml_value(v))).collect()
}

/// A TOML value as JSON; dates become their RFC 3339 text.
fn toml_value(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => Value::Object(toml_table(t)),
    }
}

/// A scalar as text (strings, numbers, booleans); `None` for lists, maps and null.
pub fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of names: a list of scalars, or one string (split at whitespace when
/// `split_spaces`, as Jekyll reads `categories: a b`).
pub fn list_of(v: &Value, split_spaces: bool) -> Vec<String> {
    match v {
        Value::Array(a) => {
            a.iter().filter_map(text_of).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
        }
        Value::String(s) if split_spaces => s.split_whitespace().map(str::to_string).collect(),
        other => text_of(other).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).into_iter().collect(),
    }
}

/// A date as other generators write it (`2013-12-21 2:00:00 +0000`, `2024-07-12`,
/// RFC 3339, `…Z`, `… UTC`, RFC 2822 and 1123 as Hugo's and Ruby's date parsers read
/// them: `Thu, 04 Mar 2021 10:00:00 +0100`, `4 Mar 2021 10:00 GMT`) in the form brief
/// reads: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` (read in the site's zone) or with an
/// offset. `None` when it is not a date.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        // jiff reads the zone names RFC 2822 knows (`GMT`, `EST`, `MST`…) at their
        // offsets, and any other name (`CET`) at +00:00, as Go's parser reads a name its
        // zone does not know.
        return Some(z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    let date = s.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let rest = s[10..].trim_start_matches(['T', 't', ' ']);
    let out = if rest.is_empty() {
        date.to_string()
    } else {
        let time_end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')).unwrap_or(rest.len());
        let (time, zone) = (&rest[..time_end], rest[time_end..].trim());
        let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
        let parts: Vec<&str> = hms.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
            return None;
        }
        let num = |i: usize| parts.get(i).map_or(Some(0), |p| p.parse::<u32>().ok());
        let (h, m, sec) = (num(0)?, num(1)?, num(2)?);
        let frac = if frac.is_empty() { String::new() } else { format!(".{frac}") };
        let offset = match zone {
            "" => String::new(),
            "Z" | "z" | "UTC" | "GMT" | "+0000" | "-0000" => "+00:00".to_string(),
            z if z.starts_with(['+', '-']) => {
                let d: String = z[1..].chars().filter(char::is_ascii_digit).collect();
                match d.len() {
                    2 => format!("{}{d}:00", &z[..1]),
                    4 => format!("{}{}:{}", &z[..1], &d[..2], &d[2..]),
                    _ => return None,
                }
            }
            _ => return None,
        };
        format!("{date}T{h:02}:{m:02}:{sec:02}{frac}{offset}")
    };
    crate::parse::parse_date(&out, &jiff::tz::TimeZone::UTC).ok().map(|_| out)
}

/// A date as Jekyll reads it: as [`normalize_date`] does, and with a one-digit month
/// or day (`2016-1-05 18:00:00`, `2016-2-7`), which YAML's timestamps and Ruby's
/// `Time.parse` both take. `None` when it is not a date.
pub fn jekyll_date(s: &str) -> Option<String> {
    normalize_date(s).or_else(|| {
        let s = s.trim();
        let end = s.find([' ', '\t', 'T', 't']).unwrap_or(s.len());
        let mut parts = s[..end].split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits =
            |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
            return None;
        }
        normalize_date(&format!("{y}-{m:0>2}-{d:0>2}{}", &s[end..]))
    })
}

/// A file-name slug as a title, as Jekyll makes one (`my-first-post` → `My First Post`).
pub fn titleize(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Split a `YYYY-MM-DD-rest` (or `_rest`) name into its date and the rest.
pub fn dated_name(name: &str) -> Option<(String, &str)> {
    let date = normalize_date(name.get(..10)?)?;
    // One white space may come before the separator, as Zola's pattern has it
    // (`2020-04-02 - spaced name.md`); its slug is made of the rest.
    let after = &name[10..];
    let after = after.strip_prefix([' ', '\t']).filter(|a| a.starts_with(['-', '_'])).unwrap_or(after);
    let rest = after.strip_prefix(['-', '_'])?;
    (!rest.is_empty()).then_some((date, rest))
}

/// The date part of a name Jekyll takes for a post's (`Y-M-D-title`, one to four digits
/// a part, as its pattern `\d{2,4}-\d{1,2}-\d{1,2}-` has them), whether or not it is a
/// real date.
pub fn date_shaped(stem: &str) -> Option<&str> {
    let mut end = 0;
    for (i, (lo, hi)) in [(2, 4), (1, 2), (1, 2)].into_iter().enumerate() {
        let digits = stem[end..].bytes().take_while(u8::is_ascii_digit).count();
        if !(lo..=hi).contains(&digits) || stem.as_bytes().get(end + digits) != Some(&b'-') {
            return None;
        }
        end += digits + usize::from(i < 2);
    }
    (stem.len() > end + 1).then(|| &stem[..end])
}

/// A Jekyll post name with a one-digit month or day (`2014-04-1-Ask-Us.md`), which its
/// pattern takes and Ruby's `Time.parse` reads (as 2014-04-01): that date written out,
/// and the rest.
pub fn short_dated_name(name: &str) -> Option<(String, &str)> {
    let shaped = date_shaped(name)?;
    let mut parts = shaped.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let date = normalize_date(&format!("{y}-{m:0>2}-{d:0>2}")).filter(|_| y.len() == 4)?;
    Some((date, &name[shaped.len() + 1..]))
}

/// Line (1-based) of byte `offset` of `text`.
pub fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_dates_may_have_a_one_digit_month_or_day() {
        assert_eq!(jekyll_date("2016-1-05 18:00:00").as_deref(), Some("2016-01-05T18:00:00"));
        assert_eq!(jekyll_date("2016-2-7").as_deref(), Some("2016-02-07"));
        assert_eq!(jekyll_date("2016-2-7T9:05:00 +0100").as_deref(), Some("2016-02-07T09:05:00+01:00"));
        assert_eq!(jekyll_date("2013-12-21 2:00:00 +0000").as_deref(), Some("2013-12-21T02:00:00+00:00"));
        for bad in ["16-2-7", "2016-2-", "2016-13-7", "2016-2-7-1", "2016-002-7"] {
            assert_eq!(jekyll_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn blank_lines_before_front_matter_are_skipped_with_lines_kept() {
        for (text, title_line, body_line) in [
            ("\n \n---\ntitle: A\n---\nBody.\n", 4, 6),
            ("\n\n+++\ntitle = \"A\"\n+++\nBody.\n", 4, 6),
            ("\n\n{\"title\": \"A\"}\nBody.\n", 3, 4),
        ] {
            let (m, skipped) = read_after_blanks(text).unwrap();
            assert_eq!((m.map["title"].as_str(), m.body.as_str(), skipped), (Some("A"), "Body.\n", 2));
            assert_eq!((m.line_of("title"), m.body_line), (title_line, body_line), "{text}");
            // Jekyll's reader needs the delimiter on the first line.
            assert!(read(text).unwrap().format.is_none());
        }
        let (m, skipped) = read_after_blanks("\n\nJust text.\n").unwrap();
        assert_eq!((m.body.as_str(), skipped), ("\n\nJust text.\n", 0));
        let e = read_after_blanks("\n\n---\ntags: [a\n---\n").unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn dates_of_every_generator() {
        assert_eq!(normalize_date("2013-12-21 2:00:00 +0000").as_deref(), Some("2013-12-21T02:00:00+00:00"));
        assert_eq!(normalize_date("2013-05-06 02:12:52 +0200").as_deref(), Some("2013-05-06T02:12:52+02:00"));
        assert_eq!(normalize_date("2024-07-12").as_deref(), Some("2024-07-12"));
        assert_eq!(normalize_date("2024-07-12T09:30:00Z").as_deref(), Some("2024-07-12T09:30:00+00:00"));
        assert_eq!(normalize_date("2024-07-12T09:30:00.5-04:00").as_deref(), Some("2024-07-12T09:30:00.5-04:00"));
        assert_eq!(normalize_date("2024-07-12 09:30").as_deref(), Some("2024-07-12T09:30:00"));
        assert_eq!(normalize_date("2024-07-12 09:30:00 UTC").as_deref(), Some("2024-07-12T09:30:00+00:00"));
        assert_eq!(normalize_date("2024-02-30"), None);
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date("2024-07-12 lunch"), None);
    }

    /// Hugo reads RFC 1123 and RFC 2822 dates (`time.RFC1123Z` and its kin in the
    /// formats of `cast.ToTime`); the import took them for no date and made the posts
    /// pages.
    #[test]
    fn rfc_2822_dates_as_hugo_reads_them() {
        let cases = [
            ("Thu, 04 Mar 2021 10:00:00 +0100", "2021-03-04T10:00:00+01:00"),
            ("Thu, 04 Mar 2021 10:00 +0100", "2021-03-04T10:00:00+01:00"),
            ("Thu, 04 Mar 2021 10:00:00 GMT", "2021-03-04T10:00:00+00:00"),
            ("Thu, 04 Mar 2021 10:00:00 MST", "2021-03-04T10:00:00-07:00"),
            ("4 Mar 2021 23:30:00 -0500", "2021-03-04T23:30:00-05:00"),
            ("Thu, 04 Mar 2021 10:00:00 CET", "2021-03-04T10:00:00+00:00"),
        ];
        for (written, read) in cases {
            assert_eq!(normalize_date(written).as_deref(), Some(read), "{written}");
        }
        assert_eq!(normalize_date("Thu, 30 Feb 2021 10:00:00 +0100"), None);
    }

    #[test]
    fn three_formats() {
        let y = read("---\ntitle: A\ntags: [x]\n---\nbody\n").unwrap();
        assert_eq!(
            (y.format, y.map["title"].as_str(), y.body.as_str(), y.body_line),
            (Some(Format::Yaml), Some("A"), "body\n", 5)
        );
        assert_eq!(y.line_of("tags"), 3);
        let t = read("+++\ntitle = \"A\"\ndate = 2024-07-12T09:00:00+09:00\n[taxonomies]\ntags = [\"x\"]\n+++\nbody\n")
            .unwrap();
        assert_eq!(t.map["date"].as_str(), Some("2024-07-12T09:00:00+09:00"));
        assert_eq!(t.map["taxonomies"]["tags"][0].as_str(), Some("x"));
        assert_eq!((t.body.as_str(), t.body_line, t.line_of("date")), ("body\n", 7, 3));
        let j = read("{\n  \"title\": \"A\",\n  \"tags\": [\"x\"]\n}\nbody\n").unwrap();
        assert_eq!((j.format, j.body.as_str(), j.body_line, j.line_of("tags")), (Some(Format::Json), "body\n", 5, 3));
        let none = read("just text\n").unwrap();
        assert_eq!((none.format, none.body.as_str()), (None, "just text\n"));
        assert_eq!(read("+++\ntitle = \n+++\n").unwrap_err().line, 2);
    }

    #[test]
    fn front_matter_indented_with_tabs_is_read_as_jekyll_publishes_it() {
        let (m, at) = read_untabbed("---\ntitle: Git\ntags:\n\t- Git\n\t- 笔记\n---\nbody\n").unwrap();
        assert_eq!(
            (m.map["tags"].clone(), at, m.body.as_str(), m.body_line),
            (serde_json::json!(["Git", "笔记"]), Some(4), "body\n", 7)
        );
        // Valid front matter is read as it is, and tabs that are not the fault stay an error.
        assert_eq!(read_untabbed("---\ntitle: \"a\tb\"\n---\n").unwrap().1, None);
        let e = read_untabbed("---\ntags:\n\t- [a\n---\n").unwrap_err();
        assert_eq!(e, read("---\ntags:\n\t- [a\n---\n").unwrap_err());
    }

    #[test]
    fn lists_and_names() {
        assert_eq!(list_of(&Value::String("a b".into()), true), vec!["a", "b"]);
        assert_eq!(list_of(&Value::String("a b".into()), false), vec!["a b"]);
        assert_eq!(list_of(&serde_json::json!(["x", 2]), true), vec!["x", "2"]);
        assert_eq!(titleize("my-first_post"), "My First Post");
        assert_eq!(dated_name("2024-07-12-hello"), Some(("2024-07-12".into(), "hello")));
        assert_eq!(dated_name("hello"), None);
        assert_eq!(dated_name("2020-04-02 - spaced name"), Some(("2020-04-02".into(), " spaced name")));
        assert_eq!(dated_name("2020-04-02 spaced"), None);
    }

    #[test]
    fn names_shaped_like_a_post_date() {
        assert_eq!(date_shaped("2021-13-45-bad-date"), Some("2021-13-45"));
        assert_eq!(date_shaped("21-1-5-x"), Some("21-1-5"));
        assert_eq!(date_shaped("2021-13-45"), None);
        assert_eq!(date_shaped("2021-13-45-"), None);
        assert_eq!(date_shaped("about-2021-01-01-x"), None);
        assert_eq!(date_shaped("20211-01-01-x"), None);
        // 18F/18f.gsa.gov: `_posts/2014-04-1-Ask-Us-(Almost)-Anything!.md`.
        assert_eq!(
            short_dated_name("2014-04-1-Ask-Us-(Almost)-Anything!"),
            Some(("2014-04-01".to_string(), "Ask-Us-(Almost)-Anything!"))
        );
        assert_eq!(short_dated_name("2021-13-45-bad-date"), None);
        assert_eq!(short_dated_name("21-1-5-x"), None);
    }
}
