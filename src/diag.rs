//! Diagnostics: where something went wrong (path, line, column) as data, and how it prints.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Warnings become errors under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on, unless strict.
    Warning,
}

/// Where a problem is: a file, a command-line flag, or a part of brief that no file
/// names (the server, the template set as a whole).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file, as shown to the user (relative to the site where possible).
    File(PathBuf),
    /// A command-line flag, like `--base-url`.
    Flag(&'static str),
    /// A part of brief that no input file names, like `serve`.
    Stage(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Stage(stage) => write!(f, "{stage}"),
        }
    }
}

/// One problem found in the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is.
    pub origin: Origin,
    /// 1-based line, 0 when the whole file is meant.
    pub line: usize,
    /// 1-based column, 0 when the whole line is meant.
    pub col: usize,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// The offending line of the source, when known.
    pub source_line: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about the file `path` as a whole.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::error_in(Origin::File(path.into()), message)
    }

    /// An error about a command-line flag.
    pub fn flag(flag: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::error_in(Origin::Flag(flag), message)
    }

    /// An error of a part of brief that no input file names (`serve`).
    pub fn stage(stage: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::error_in(Origin::Stage(stage), message)
    }

    /// An error at `origin`.
    pub fn error_in(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            origin,
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            hint: None,
        }
    }

    /// A warning about `path` as a whole.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::warning_in(Origin::File(path.into()), message)
    }

    /// A warning at `origin`.
    pub fn warning_in(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error_in(origin, message) }
    }

    /// Point at `line`/`col` (1-based) of `text`, keeping the offending line.
    pub fn at(mut self, text: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        if line > 0 {
            self.source_line = text.lines().nth(line - 1).map(|l| truncate_line(l).to_string());
        }
        self
    }

    /// Attach a hint saying what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file the problem is in, when it is in one.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            _ => None,
        }
    }

    /// `path:line:col` as printed.
    pub fn location(&self) -> String {
        let p = &self.origin;
        match (self.line, self.col) {
            (0, _) => format!("{p}"),
            (l, 0) => format!("{p}:{l}"),
            (l, c) => format!("{p}:{l}:{c}"),
        }
    }
}

/// Long lines (minified or hostile input) are cut so a diagnostic stays readable.
fn truncate_line(line: &str) -> &str {
    cut(line, 200)
}

/// `s`'s first `max` bytes at most, on a character's boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The most of a message printed: brief's own sentences are whole, and a list of URLs
/// (`--locked` names those the lock lacks) about fifteen long; a message that quotes
/// hostile input at length (a date 100,000 characters long) is cut, and says so. Cut at
/// 200 bytes like a source line, the rename warning lost its last words and `--locked`
/// the URLs it lacked.
const MESSAGE_MAX: usize = 1024;

/// The message as printed: whole, or cut with a word that it was.
fn shown_message(m: &str) -> std::borrow::Cow<'_, str> {
    let kept = cut(m, MESSAGE_MAX);
    if kept.len() == m.len() {
        std::borrow::Cow::Borrowed(m)
    } else {
        std::borrow::Cow::Owned(format!("{kept}… ({} more bytes)", m.len() - kept.len()))
    }
}

/// The columns a terminal gives `c`: two for the wide and fullwidth characters of East
/// Asian scripts (Han, kana, Hangul), none for combining marks and format characters,
/// one otherwise; so a caret stands under its character in a line of Chinese.
fn display_width(c: char) -> usize {
    use icu_properties::CodePointMapData;
    use icu_properties::props::{EastAsianWidth, GeneralCategory};
    if c == '\t' {
        return 1;
    }
    let category = CodePointMapData::<GeneralCategory>::new().get(c);
    if matches!(category, GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark | GeneralCategory::Format) {
        return 0;
    }
    match CodePointMapData::<EastAsianWidth>::new().get(c) {
        EastAsianWidth::Wide | EastAsianWidth::Fullwidth => 2,
        _ => 1,
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", shown_message(&self.message))?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {}", src.replace(['\t', '\r'], " "))?;
            if self.col > 0 {
                let width: usize = src.chars().take(self.col - 1).map(display_width).sum();
                writeln!(f, "{pad} | {}^", " ".repeat(width))?;
            } else {
                writeln!(f, "{pad} |")?;
            }
        }
        if let Some(h) = &self.hint {
            writeln!(f, "  = help: {h}")?;
        }
        Ok(())
    }
}

/// Sort diagnostics by path, line and column so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.origin, a.line, a.col, &a.message).cmp(&(&b.origin, b.line, b.col, &b.message)));
}

/// Render `path` relative to `base` when it is inside it, for messages.
pub fn display_path(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// The closest candidate to `word` (edit distance at most 2 or a shared prefix), for did-you-mean.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2 || (word.len() >= 3 && c.starts_with(word)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ooni/ooni.org's Chinese report on Wikipedia's blocking: the caret under a broken
    /// link in `我们可以在**[这里](/post/…)**` stood five columns left of the link, as
    /// every Han character takes two columns of a terminal.
    #[test]
    fn the_caret_stands_under_its_character_in_wide_and_marked_text() {
        let caret = |line: &str, col: usize| {
            let d = Diagnostic::error("a.md", "broken link").at(line, 1, col);
            d.to_string().lines().nth(4).unwrap().to_string()
        };
        let under = |columns: usize| format!("  | {}^", " ".repeat(columns));
        // Five Han characters, `**[`, two more and `](`: 19 columns before the `/`.
        assert_eq!(caret("我们可以在**[这里](/post/x.csv)**", 13), under(19));
        assert_eq!(caret("로 [링크](/x)", 8), under(10));
        // A combining mark takes no column (Devanagari's virama).
        assert_eq!(caret("ड्रोन [x](/y)", 10), under(8));
    }

    /// The rename warning and `--locked`'s list of URLs were cut at 200 bytes, mid-word
    /// ("…and its other old"): a message is whole unless it is hostile-long, and then
    /// says it was cut.
    #[test]
    fn a_message_is_printed_whole_unless_it_is_very_long() {
        let long = format!("it publishes `/{}/`, and its other old URL now leads here", "x".repeat(300));
        let out = Diagnostic::warning("a.md", long.clone()).to_string();
        assert!(out.starts_with(&format!("warning: {long}\n")), "{out}");
        let huge = "é".repeat(MESSAGE_MAX);
        let out = Diagnostic::warning("a.md", huge).to_string();
        let first = out.lines().next().unwrap();
        assert!(first.ends_with(&format!("… ({} more bytes)", MESSAGE_MAX)), "{}", &first[first.len() - 40..]);
    }

    #[test]
    fn renders_location_line_and_hint() {
        let text = "---\ntitle: x\ndate: 2024-02-30\n---\n";
        let d = Diagnostic::error("content/a.md", "invalid date `2024-02-30`").at(text, 3, 7).hint("use YYYY-MM-DD");
        let out = d.to_string();
        assert_eq!(
            out,
            "error: invalid date `2024-02-30`\n  --> content/a.md:3:7\n  |\n3 | date: 2024-02-30\n  |       ^\n  = help: use YYYY-MM-DD\n"
        );
    }

    #[test]
    fn suggests_close_keys() {
        assert_eq!(did_you_mean("tag", &["tags", "title", "date"]), Some("tags"));
        assert_eq!(did_you_mean("titel", &["tags", "title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", &["tags", "title"]), None);
    }
}
