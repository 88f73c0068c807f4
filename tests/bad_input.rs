//! Issue 6: a corpus of bad inputs, each built through the real `brief` binary in a
//! temporary site, with its expected outcome asserted precisely. Either
//!
//! - the build stops: exit status 1, a diagnostic whose `-->` line is
//!   `content/<file>:<line>:<col>` (or `:<line>`, or the bare path when the whole file
//!   is meant), whose message holds the key phrase, with a `= help:` hint; and no
//!   `public/` is made; or
//! - it builds: exit status 0, and every hostile string is escaped wherever it appears
//!   (pages, lists, feeds, JSON, search index).
//!
//! Every case also checks: no panic, no hang (a 60 s timeout), nothing written outside
//! the output folder (the whole temporary folder except `public/`, including the
//! working directory the binary runs in, is compared before and after), no staging
//! leftovers beside `public/`, and every output path a plain, safe segment.
//!
//! Inputs that need exact bytes are fixtures in `tests/bad_input/<case>/` (kept
//! byte-exact by its `.gitattributes`); big or system-dependent inputs are made here.
//! Every case states the correct outcome; the bugs this corpus and the fuzzers found
//! are fixed, and their inputs stay here (and in `fuzz/regressions/`) as regression tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

mod common;
use common::{Entry, TestSite, files_under, is_root, paths_under, snapshot};

/// The fuzz targets' checks (fuzz/checks.rs), replayed below on the committed seeds and
/// crash inputs so they stay regression tests on stable Rust.
#[path = "../fuzz/checks.rs"]
mod fuzz_checks;

/// A build that takes longer than this hangs.
const TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------

/// Every case builds through the shared harness's site, with the guards below.
type Site = TestSite;

/// The runs of a bad-input case, each with the checks every case shares.
trait Guarded {
    /// `brief --root SITE build ARGS`, run from the empty working directory.
    fn build_args(&self, args: &[&str]) -> Outcome;
    fn build(&self) -> Outcome {
        self.build_args(&[])
    }
    /// Run `cmd` with the timeout and the checks every case shares.
    fn guarded(&self, cmd: Command) -> Outcome;
}

impl Guarded for TestSite {
    fn build_args(&self, args: &[&str]) -> Outcome {
        let mut a = vec!["build"];
        a.extend_from_slice(args);
        self.guarded(self.command(&a))
    }

    fn guarded(&self, mut cmd: Command) -> Outcome {
        cmd.env("NO_COLOR", "1").env_remove("BRIEF_FAIL_WRITE_AFTER").timeout(TIMEOUT);
        let public = self.public();
        let before = snapshot(self.tmp(), Some(&public));
        let start = Instant::now();
        let out = cmd.output().expect("run brief");
        let elapsed = start.elapsed();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(elapsed < TIMEOUT, "hang: killed after {elapsed:.1?}\nstderr:\n{}", clip(&stderr));
        assert!(!stderr.contains("panicked"), "panic:\n{}", clip(&stderr));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "exit status {:?} (expected 0 or 1)\nstderr:\n{}",
            out.status,
            clip(&stderr)
        );
        let after = snapshot(self.tmp(), Some(&public));
        assert_same_outside(&before, &after);
        let leftovers: Vec<String> = fs::read_dir(self.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public."))
            .collect();
        assert!(leftovers.is_empty(), "staging folders left beside public/: {leftovers:?}");
        if public.exists() {
            assert_safe_tree(&public);
        }
        Outcome { code: out.status.code().unwrap_or(-1), stdout, stderr, public }
    }
}

/// What a build did.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    public: PathBuf,
}

/// One printed diagnostic: `error: message`, `  --> location`, …, `  = help: hint`.
#[derive(Debug)]
struct Printed {
    error: bool,
    message: String,
    location: String,
    help: Option<String>,
}

fn parse_diagnostics(stderr: &str) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::new();
    for line in stderr.lines() {
        if let Some(m) = line
            .strip_prefix("error: ")
            .map(|m| (true, m))
            .or_else(|| line.strip_prefix("warning: ").map(|m| (false, m)))
        {
            out.push(Printed { error: m.0, message: m.1.to_string(), location: String::new(), help: None });
        } else if let Some(d) = out.last_mut() {
            if let Some(l) = line.strip_prefix("  --> ") {
                if d.location.is_empty() {
                    d.location = l.to_string();
                }
            } else if let Some(h) = line.strip_prefix("  = help: ") {
                d.help = Some(h.to_string());
            }
        }
    }
    out
}

/// `loc` matches a printed location when equal, or when the printed one only adds
/// more precision (`content/a.md:3` matches `content/a.md:3:7`).
fn location_matches(printed: &str, loc: &str) -> bool {
    printed == loc || printed.strip_prefix(loc).is_some_and(|rest| rest.starts_with(':'))
}

impl Outcome {
    /// The build stopped with an error at `loc` whose message holds `phrase` and that
    /// has a hint; nothing was built.
    #[track_caller]
    fn expect_error(&self, loc: &str, phrase: &str) -> &Self {
        self.expect_errors(&[(loc, phrase)])
    }

    /// The build stopped with all these errors (and possibly more), each with a hint.
    #[track_caller]
    fn expect_errors(&self, wanted: &[(&str, &str)]) -> &Self {
        assert_eq!(self.code, 1, "expected exit status 1\nstdout:\n{}\nstderr:\n{}", self.stdout, clip(&self.stderr));
        let diags = parse_diagnostics(&self.stderr);
        for (loc, phrase) in wanted {
            let found =
                diags.iter().find(|d| d.error && location_matches(&d.location, loc) && d.message.contains(phrase));
            let Some(d) = found else {
                panic!("no error at `{loc}` saying `{phrase}`; printed:\n{}", clip(&self.stderr));
            };
            assert!(
                d.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
                "error at `{loc}` has no `help:` hint:\n{}",
                clip(&self.stderr)
            );
        }
        let errors = diags.iter().filter(|d| d.error).count();
        assert!(self.stderr.contains(&format!("{errors} error")), "no closing error count\n{}", clip(&self.stderr));
        assert!(!self.public.exists(), "a failed first build made public/");
        self
    }

    /// The build succeeded.
    #[track_caller]
    fn expect_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success\nstderr:\n{}", clip(&self.stderr));
        assert!(self.stdout.starts_with("built "), "no closing line: {}", self.stdout);
        assert!(self.public.join("index.html").is_file());
        self
    }

    /// A built file as text.
    #[track_caller]
    fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.public.join(rel))
            .unwrap_or_else(|e| panic!("cannot read public/{rel}: {e}; built: {:?}", list_files(&self.public)))
    }

    /// The only folder under `public/<dir>` (a briefing whose slug we do not spell out).
    #[track_caller]
    fn only_subdir(&self, dir: &str) -> String {
        let subs: Vec<String> = fs::read_dir(self.public.join(dir))
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy()))
            .collect();
        assert_eq!(subs.len(), 1, "{subs:?}");
        subs[0].clone()
    }
}

/// Long outputs (a 100,000-character line) are cut in assertion messages.
fn clip(s: &str) -> String {
    if s.len() <= 4000 {
        return s.to_string();
    }
    let mut end = 4000;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..end], s.len())
}

#[track_caller]
fn assert_same_outside(before: &BTreeMap<PathBuf, Entry>, after: &BTreeMap<PathBuf, Entry>) {
    let mut changes = Vec::new();
    // What a build writes beside its output, by design: the site's record of the URLs
    // it has published (DESIGN section 9), and its build cache (safe to delete).
    let lock = Path::new("outer/inner/site/urls.lock");
    let cache = Path::new("outer/inner/site/.brief-cache");
    for (p, e) in after.iter().filter(|(p, _)| p.as_path() != lock && !p.starts_with(cache)) {
        match before.get(p) {
            None => changes.push(format!("new: {}", p.display())),
            Some(b) if b != e => changes.push(format!("changed: {}", p.display())),
            _ => {}
        }
    }
    for p in before.keys().filter(|p| !after.contains_key(*p)) {
        changes.push(format!("removed: {}", p.display()));
    }
    assert!(changes.is_empty(), "the build touched files outside public/: {changes:#?}");
}

/// Every path under `public/` is made of plain segments: no `.` or `..`, no control
/// characters, no `\`, no `<`, `>` or `"` (which would break out of markup where the
/// path is linked), and no symlinks. (Spaces are allowed: an asset may be named so.)
#[track_caller]
fn assert_safe_tree(public: &Path) {
    for f in walk_all(public) {
        let m = fs::symlink_metadata(&f).unwrap();
        assert!(!m.file_type().is_symlink(), "symlink in output: {}", f.display());
        let rel = f.strip_prefix(public).unwrap();
        for c in rel.components() {
            let s = c.as_os_str().to_str().unwrap_or_else(|| panic!("output path is not UTF-8: {}", rel.display()));
            assert!(s != "." && s != ".." && !s.is_empty(), "bad segment in {}", rel.display());
            assert!(
                !s.chars().any(|ch| ch.is_control() || matches!(ch, '<' | '>' | '"' | '\\')),
                "unsafe output path {:?}",
                rel
            );
        }
    }
}

/// Every path under `dir`, absolute, sorted.
fn walk_all(dir: &Path) -> Vec<PathBuf> {
    paths_under(dir).into_iter().map(|p| dir.join(p)).collect()
}

fn list_files(public: &Path) -> Vec<String> {
    files_under(public)
}

/// Output files that readers or feed readers parse: HTML, XML, JSON.
fn text_outputs(public: &Path) -> Vec<(String, String)> {
    walk_all(public)
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "html" || e == "xml" || e == "json"))
        .map(|p| (p.strip_prefix(public).unwrap().display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect()
}

// ---------------------------------------------------------------------------------
// Front matter: malformed, unclosed, empty
// ---------------------------------------------------------------------------------

#[test]
fn malformed_yaml_points_at_the_bad_line() {
    Site::fixture("bad_input/malformed_yaml").build().expect_error("content/a.md:3:7", "invalid front matter");
}

#[test]
fn malformed_yaml_unterminated_quote_points_at_the_quote() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: \"Never ends\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("content/a.md:2:8", "invalid front matter");
}

#[test]
fn malformed_yaml_unclosed_list_points_at_the_list() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: [a, b\n", "Body.\n");
    s.build().expect_error("content/a.md:4:7", "invalid front matter");
}

/// A stray quote inside a value is shown where the parser found it, not where the
/// front matter's mapping starts (after a comment here): it pointed at `title:`.
#[test]
fn malformed_yaml_stray_quote_points_at_the_quote_not_the_first_key() {
    let s = Site::empty();
    s.raw_briefing("a.md", "# c\ntitle: x\ndate: 2024-01-01\nsummary: \"a \"b\" c\"\n", "body\n");
    s.build().expect_error("content/a.md:5:14", "did not find expected key");
}

/// The same in the site.yaml `brief init` writes, which opens with comments: the
/// error named `site.yaml:4:1`, the `title:` line.
#[test]
fn site_yaml_stray_quote_points_at_the_quote_not_the_first_key() {
    let s = Site::new();
    common::brief().arg("init").arg(s.root()).assert().success();
    let yaml = fs::read_to_string(s.root().join("site.yaml")).unwrap();
    let mut lines: Vec<&str> = yaml.lines().collect();
    assert_eq!(lines[7], "description: \"\"");
    lines[7] = "description: \"a \"b\" c\"";
    s.write("site.yaml", lines.join("\n") + "\n");
    fs::remove_dir_all(s.root().join("public")).ok();
    s.build().expect_error("site.yaml:8:18", "did not find expected key");
}

#[test]
fn duplicate_front_matter_key_points_at_the_repeat() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ntitle: y\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("content/a.md:3", "duplicate field `title`");
}

#[test]
fn control_character_in_front_matter_points_at_its_line() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12 \u{1}\n", "Body.\n");
    s.build().expect_error("content/a.md:3", "control characters");
}

#[test]
fn front_matter_never_closed() {
    Site::fixture("bad_input/unclosed").build().expect_error("content/a.md:1:1", "front matter is never closed");
}

#[test]
fn only_front_matter_builds() {
    let s = Site::fixture("bad_input/only_front_matter");
    let o = s.build();
    o.expect_ok();
    let page = o.only_subdir("2024/07/12");
    assert!(o.page(&format!("{page}/index.html")).contains("<h1>Only front matter</h1>"));
    assert!(o.page("tags/lonely/index.html").contains("Only front matter"));
}

#[test]
fn empty_file() {
    Site::fixture("bad_input/empty_file").build().expect_error("content/a.md", "empty file");
}

#[test]
fn whitespace_only_file() {
    let s = Site::empty();
    s.write("content/a.md", "\n  \n\t\n");
    s.build().expect_error("content/a.md", "empty file");
}

#[test]
fn no_front_matter() {
    let s = Site::empty();
    s.write("content/a.md", "Just a paragraph.\n");
    s.build().expect_error("content/a.md:1:1", "no front matter");
}

#[test]
fn yaml_that_is_not_a_mapping() {
    let s = Site::empty();
    s.raw_briefing("a.md", "- a\n- b\n", "Body.\n");
    s.build().expect_error("content/a.md:2:1", "invalid front matter");
}

// ---------------------------------------------------------------------------------
// Title and date
// ---------------------------------------------------------------------------------

#[test]
fn missing_title() {
    let s = Site::empty();
    s.raw_briefing("a.md", "date: 2024-07-12\n", "Body.\n");
    s.build().expect_error("content/a.md:1", "missing title");
}

#[test]
fn empty_title_points_at_the_title_line() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: \"\"\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("content/a.md:2", "title");
}

#[test]
fn title_of_the_wrong_type() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: [a, b]\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("content/a.md:2:8", "expected a string");
}

#[test]
fn missing_date() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\n", "Body.\n");
    s.build().expect_error("content/a.md:1", "missing date");
}

#[test]
fn impossible_date_february_30() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-02-30\n", "Body.\n");
    let o = s.build();
    o.expect_error("content/a.md:3:7", "invalid date `2024-02-30`");
    assert!(o.stderr.contains("YYYY-MM-DD"), "{}", o.stderr);
}

#[test]
fn impossible_date_month_13() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-13-01\n", "Body.\n");
    s.build().expect_error("content/a.md:3:7", "invalid date `2024-13-01`");
}

#[test]
fn impossible_updated_date() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\nupdated: 2024-02-30T10:00:00+09:00\n", "Body.\n");
    s.build().expect_error("content/a.md:4:10", "invalid updated");
}

#[test]
fn date_past_the_representable_range() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 9999-12-31T23:59:59-12:00\n", "Body.\n");
    s.build().expect_error("content/a.md:3:7", "invalid date");
}

#[test]
fn unknown_time_zone_in_site_yaml() {
    let s = Site::empty();
    s.write("site.yaml", "title: Desk\ntimezone: Mars/Olympus_Mons\n");
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let o = s.build();
    o.expect_error("site.yaml:2:11", "unknown time zone `Mars/Olympus_Mons`");
    assert!(o.stderr.contains("IANA"), "{}", o.stderr);
}

/// The Jekyll importer writes jekyll-polyglot's `default_lang: "_"` workaround as
/// `language: _`, and the site built with `<html lang="-">` and `hreflang="-"`. A code
/// that is not a BCP 47 tag is an error at its place, under `language:` and as a key of
/// `languages:` (there at its own line, in a block or in braces).
#[test]
fn language_code_that_is_not_a_language_tag() {
    let s = Site::empty();
    s.write("site.yaml", "title: x\nbase_url: https://example.org/\nlanguage: _\n");
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let o = s.build();
    o.expect_error("site.yaml:3:11", "invalid language code `_`");
    assert!(o.stderr.contains("jekyll-polyglot"), "{}", o.stderr);

    s.write("site.yaml", "language: \"e n\"\nlanguages:\n  ko: {}\n  \"_\": {}\n  zh_TW: {}\n  en-: {}\n");
    s.build().expect_errors(&[
        ("site.yaml:1:11", "invalid language code `e n`"),
        ("site.yaml:4:4", "invalid language code `_`"),
        ("site.yaml:6:3", "invalid language code `en-`"),
    ]);

    s.write("site.yaml", "language: en\nlanguages: { ko: {}, _: {title: \"a, b\"} }\n");
    s.build().expect_error("site.yaml:2:22", "invalid language code `_`");

    // Once in the hostile-strings site, which built with it escaped in `<html lang>`.
    s.write("site.yaml", "language: \"en\\\" onmouseover=\\\"alert(1015)\"\n");
    s.build().expect_error("site.yaml:1:11", "invalid language code `en\" onmouseover=\"alert(1015)`");
}

#[test]
fn time_zone_that_is_a_path() {
    let s = Site::empty();
    s.write("site.yaml", "timezone: \"../../../etc/localtime\"\n");
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("site.yaml:1:11", "unknown time zone");
}

// ---------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------

#[test]
fn tags_given_as_a_string() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: north-korea\n", "Body.\n");
    let o = s.build();
    o.expect_error("content/a.md:4:7", "expected a sequence");
    assert!(o.stderr.contains("tags: ["), "hint shows the list form: {}", o.stderr);
}

#[test]
fn empty_tag() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: [ok, \"\"]\n", "Body.\n");
    s.build().expect_error("content/a.md:4:12", "has no letters, digits or emoji");
}

/// YAML reads `null`, `~` and an empty `-` as no value: such an item made a tag named
/// `null` (`/tags/null/`) or an author `null`. It is an error at the item, in brackets
/// or in `- ` lines, for tags, other taxonomies and authors alike; quoted, it is a name.
#[test]
fn null_tag_author_and_term_items_are_errors_at_the_item() {
    let s = Site::empty();
    s.write("site.yaml", "taxonomies: [tags, regions]\n");
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: [a, null]\nregions: [~, asia]\n", "Body.\n");
    s.raw_briefing("b.md", "title: y\ndate: 2024-07-12\nauthors:\n  - Kim\n  -\ntags: [\"null\"]\n", "Body.\n");
    s.build().expect_errors(&[
        ("content/a.md:4:11", "tags entry 2 is null, not a name"),
        ("content/a.md:5:11", "regions entry 1 is null, not a name"),
        ("content/b.md:6:3", "authors entry 2 is null, not a name"),
    ]);
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: [a]\nregions: [asia]\n", "Body.\n");
    s.raw_briefing("b.md", "title: y\ndate: 2024-07-12\nauthors: [Kim]\ntags: [\"null\"]\n", "Body.\n");
    s.build().expect_ok();
    assert!(s.public().join("tags/null/index.html").is_file(), "a quoted `null` is a tag");
}

/// An empty author name was dropped without a word; like a name of punctuation, it has
/// no letters or digits (no page), an error at the item.
#[test]
fn empty_author_is_an_error_at_the_item() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\nauthors: [Kim, \"\", \"--\"]\n", "Body.\n");
    s.build().expect_errors(&[
        ("content/a.md:4:16", "author `` has no letters or digits"),
        ("content/a.md:4:20", "author `--` has no letters or digits"),
    ]);
}

#[test]
fn dot_dot_tag() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: [ok, \"..\"]\n", "Body.\n");
    s.build().expect_error("content/a.md:4:12", "tags entry `..` has no letters, digits or emoji");
}

#[test]
fn tag_of_underscores_then_letters() {
    let s = Site::empty();
    let tag = format!("{}korea", "_".repeat(80));
    s.raw_briefing("a.md", &format!("title: x\ndate: 2024-07-12\ntags: [\"{tag}\"]\n"), "Body.\n");
    let o = s.build();
    o.expect_ok();
    assert!(o.page("tags/index.html").contains(&tag));
}

/// An emoji-only tag keeps its emoji as its slug (issue 12; it used to be refused).
#[test]
fn emoji_only_tag() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\ntags: [\"🔥\"]\n", "Body.\n");
    let o = s.build();
    o.expect_ok();
    assert!(o.page("tags/🔥/index.html").contains(">x</a>"));
}

/// Tags with `/`, `..`, emoji plus letters, Hangul, Indonesian and accents all build,
/// each under one safe segment of `tags/`, and are shown as written.
#[test]
fn unicode_and_path_like_tags_build() {
    let s = Site::fixture("bad_input/unicode");
    let o = s.build();
    o.expect_ok();
    for slug in ["북한", "korea-utara", "a-b", "etc", "korea", "ölpreis", "nato"] {
        assert!(
            s.public().join("tags").join(slug).join("index.html").is_file(),
            "tags/{slug}/ missing; built {:?}",
            list_files(&s.public())
        );
        assert!(s.public().join("tags").join(slug).join("atom.xml").is_file(), "tags/{slug}/atom.xml missing");
    }
    let tags = o.page("tags/index.html");
    for name in [">a/b<", ">../etc<", ">북한<", ">Korea Utara<", ">Ölpreis<"] {
        assert!(tags.contains(name), "tags index lacks {name}: {tags}");
    }
    assert!(
        o.page("2024/07/12/북한-나토-정상회의-선언-규탄/index.html").contains("<h1>북한, 나토 정상회의 선언 규탄</h1>")
    );
    assert!(
        o.page("2024/07/13/korea-utara-mengecam-deklarasi-ktt-nato/index.html")
            .contains("<h1>Korea Utara mengecam deklarasi KTT NATO</h1>")
    );
    let both = o.page("tags/korea-utara/index.html");
    assert!(both.contains("북한, 나토") && both.contains("Korea Utara mengecam"), "{both}");
    assert!(s.search_text().contains("북한"), "search index lacks Hangul");
}

// ---------------------------------------------------------------------------------
// Hostile strings: escaped wherever they appear
// ---------------------------------------------------------------------------------

/// Raw forms that must never reach HTML or XML (nor an HTML field of JSON).
const RAW: &[&str] =
    &["<script>alert(10", "<img src=x onerror", "\" onmouseover=\"", "\"onmouseover=\"", "<b>bold</b>"];

fn escaped(marker: u32) -> String {
    format!("&lt;script&gt;alert({marker})&lt;/script&gt;")
}

fn raw(marker: u32) -> String {
    format!("<script>alert({marker})</script>")
}

/// Walk a JSON value; strings under keys ending in `_html` are HTML and must hold no
/// raw markup; other strings are text (shown with `textContent`) and may hold anything.
fn check_json_html(v: &serde_json::Value, key: &str, file: &str) {
    match v {
        serde_json::Value::String(s) if key.ends_with("_html") => {
            for r in RAW {
                assert!(!s.contains(r), "{file}: `{key}` holds raw `{r}`: {s}");
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| check_json_html(x, key, file)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| check_json_html(x, k, file)),
        _ => {}
    }
}

#[test]
fn hostile_titles_summaries_tags_and_sources_are_escaped_everywhere() {
    let s = Site::fixture("bad_input/hostile_strings");
    let o = s.build();
    o.expect_ok();
    let outputs = text_outputs(&s.public());
    assert!(outputs.len() > 10, "{:?}", list_files(&s.public()));

    // 1. Nothing raw in any HTML or XML file, nor in HTML fields of JSON.
    for (file, text) in &outputs {
        if file.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
            check_json_html(&v, "", file);
        } else {
            for r in RAW {
                assert!(!text.contains(r), "{file} holds raw `{r}`:\n{}", clip(text));
            }
        }
    }

    // 2. The escaped form is where each string is shown.
    let briefing = format!("{}/index.html", o.only_subdir("2024/07/12"));
    let tag_dir = fs::read_dir(s.public().join("tags"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.contains("1003"))
        .map(|n| format!("tags/{n}"))
        .expect("a tag folder for the hostile tag");
    let wanted: &[(u32, &[&str])] = &[
        (
            1001,
            &[
                &briefing,
                "index.html",
                "tags/ok/index.html",
                "2024/07/12/index.html",
                "2024/index.html",
                "atom.xml",
                "2024/07/11/neighbour/index.html",
            ],
        ),
        (1002, &[&briefing, "index.html", "atom.xml"]),
        (
            1003,
            &[
                &briefing,
                "tags/index.html",
                &format!("{tag_dir}/index.html"),
                &format!("{tag_dir}/atom.xml"),
                "atom.xml",
            ],
        ),
        (1004, &[&briefing, "atom.xml"]),
        (1005, &[&briefing]),
        (1006, &[&briefing]),
        (1007, &[&briefing]),
        (1008, &["index.html", &briefing, "404.html", "atom.xml"]),
        (1009, &["escape/index.html"]),
        (1012, &[&briefing]),
        (1013, &["2024/07/11/neighbour/index.html", "index.html"]),
        (1014, &[&briefing]),
    ];
    for (marker, files) in wanted {
        for f in *files {
            let text = o.page(f);
            assert!(text.contains(&escaped(*marker)), "{f} does not show marker {marker} escaped:\n{}", clip(&text));
        }
    }
    // The heading made of entities is in the body and in the table of contents.
    assert!(o.page(&briefing).matches(&escaped(1014)).count() >= 2, "TOC entry missing");
    // Site description and default author appear somewhere, and only escaped.
    for marker in [1010, 1011] {
        assert!(
            outputs.iter().any(|(_, t)| t.contains(&escaped(marker)) || t.contains(&raw(marker))),
            "marker {marker} nowhere"
        );
    }

    // 3. JSON carries the text exactly (JSON-escaped, not HTML-escaped twice), and the
    //    HTML fields carry escaped markup.
    let title = "<script>alert(1001)</script> x\" onmouseover=\"alert(1) <img src=x onerror=alert(1)>";
    let feed: serde_json::Value = serde_json::from_str(&o.page("feed.json")).unwrap();
    assert_eq!(feed["title"], "Desk <script>alert(1008)</script>");
    let item =
        feed["items"].as_array().unwrap().iter().find(|i| i["title"] == title).expect("hostile item in feed.json");
    assert_eq!(item["summary"], "<script>alert(1002)</script> & <b>bold</b>");
    assert!(item["tags"].as_array().unwrap().iter().any(|t| t == &raw(1003)));
    assert!(item["content_html"].as_str().unwrap().contains(&escaped(1012)));
    assert!(s.search_records().iter().any(|r| r["t"] == title), "search index lacks the exact title");

    // 4. The page whose slug climbs out lands inside the output.
    assert!(s.public().join("escape/index.html").is_file());
}

/// Characters XML 1.0 forbids: C0 controls but tab, line feed and carriage return.
fn forbidden_in_xml(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// A vertical tab or form feed pasted from Word into a body, and controls written as
/// YAML escapes in a title, tag, summary, author, correction or the site's title, are
/// U+FFFD in every XML output (feeds, sitemaps, news sitemap), as Go's XML escaping
/// (Hugo's) makes them, so XML parsers read them; and in HTML too. JSON escapes them.
#[test]
fn control_characters_become_u_fffd_in_xml_and_html() {
    let s = Site::with_config("title: \"Desk\\u000b\"\nbase_url: https://example.org/\ntimezone: UTC\n");
    let recent = jiff::Timestamp::now().checked_sub(jiff::SignedDuration::from_hours(1)).unwrap();
    let front = format!(
        "title: \"a \\u0008 b\\u000b c\"\ndate: {}\ntags: [\"x\\u000cy\", ok]\nsummary: \"s\\u0001um\"\n\
         authors: [\"Kim\\u000b\"]\ncorrections:\n  - date: {}\n    text: \"cor\\u000brect\"\n",
        recent.strftime("%Y-%m-%dT%H:%M:%SZ"),
        recent.strftime("%Y-%m-%dT%H:%M:%SZ"),
    );
    s.raw_briefing("a.md", &front, "Body \u{b} with \u{c} form feed \u{1f}.\n\n![alt\u{c}](x.png \"ti\u{b}tle\")\n");
    s.raw_briefing("b.md", "title: Plain\ndate: 2024-07-12\ntags: [ok]\n", "Plain \u{b} body.\n");
    s.write("content/pages/about.md", "---\ntitle: \"About\\u000c\"\n---\nWho \u{b} we are.\n");
    s.build().expect_ok();

    let outputs = text_outputs(&s.public());
    let xml: Vec<&(String, String)> = outputs.iter().filter(|(f, _)| f.ends_with(".xml")).collect();
    let names: Vec<&str> = xml.iter().map(|(f, _)| f.as_str()).collect();
    for f in ["atom.xml", "corrections/atom.xml", "tags/x-y/atom.xml", "sitemap.xml", "news-sitemap.xml"] {
        assert!(names.contains(&f), "{f} missing: {names:?}");
    }
    for (file, text) in &xml {
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{file} is not XML: {e}\n{}", clip(text)));
    }
    for (file, text) in &outputs {
        let bad: Vec<char> = text.chars().filter(|c| forbidden_in_xml(*c)).collect();
        assert_eq!(bad, Vec::<char>::new(), "{file}");
    }
    let atom = roxmltree::Document::parse(&xml.iter().find(|(f, _)| f == "atom.xml").unwrap().1).unwrap();
    let titles: Vec<&str> = atom.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert_eq!(titles, ["Desk\u{FFFD}", "a \u{FFFD} b\u{FFFD} c", "Plain"]);
    let news = &xml.iter().find(|(f, _)| f == "news-sitemap.xml").unwrap().1;
    assert!(news.contains("<news:title>a \u{FFFD} b\u{FFFD} c</news:title>"), "{news}");
    // JSON Feed writes a title's controls as JSON escapes, which JSON allows.
    let feed: serde_json::Value = serde_json::from_str(&s.page("feed.json")).unwrap();
    assert_eq!(feed["items"][0]["title"], "a \u{8} b\u{b} c");
    let url = feed["items"][0]["url"].as_str().unwrap().strip_prefix("https://example.org/").unwrap();
    let page = s.page(&format!("{url}index.html"));
    assert!(page.contains("<p>Body \u{FFFD} with \u{FFFD} form feed \u{FFFD}.</p>"), "{}", clip(&page));
    assert!(page.contains("<h1>a \u{FFFD} b\u{FFFD} c</h1>"), "{}", clip(&page));
}

// ---------------------------------------------------------------------------------
// Slugs
// ---------------------------------------------------------------------------------

fn slug_case(slug_line: &str, expected_dir: &str) {
    let s = Site::empty();
    s.raw_briefing("a.md", &format!("title: Slug test\ndate: 2024-07-12\n{slug_line}\n"), "Body.\n");
    let o = s.build();
    o.expect_ok();
    assert_eq!(o.only_subdir("2024/07/12"), format!("2024/07/12/{expected_dir}"));
    assert!(o.page(&format!("2024/07/12/{expected_dir}/index.html")).contains("<h1>Slug test</h1>"));
}

#[test]
fn slug_climbing_out_with_dot_dot() {
    slug_case("slug: ../../etc/passwd", "etc-passwd");
}

#[test]
fn slug_absolute_path() {
    slug_case("slug: /abs", "abs");
}

#[test]
fn slug_windows_device_name() {
    // `con` is reserved on Windows only; on the hosts brief targets it is a plain name.
    slug_case("slug: con", "con");
}

#[test]
fn slug_with_spaces() {
    slug_case("slug: \"with spaces  here\"", "with-spaces-here");
}

#[test]
fn slug_with_backslashes_and_controls() {
    slug_case("slug: \"..\\\\..\\\\x\\ty\\u0000z\"", "x-y-z");
}

#[test]
fn slug_only_punctuation() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\nslug: \"!!!...---\"\n", "Body.\n");
    s.build().expect_error("content/a.md:4:7", "has no letters or digits");
}

#[test]
fn title_only_punctuation_takes_the_file_name() {
    let s = Site::empty();
    s.raw_briefing("2024/fallback.md", "title: \"?!...\"\ndate: 2024-07-12\n", "Body.\n");
    let o = s.build();
    o.expect_ok();
    assert_eq!(o.only_subdir("2024/07/12"), "2024/07/12/fallback");
}

#[test]
fn title_and_file_name_only_punctuation() {
    let s = Site::empty();
    s.raw_briefing("!!!.md", "title: \"?!...\"\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("content/!!!.md:2:8", "cannot make a URL slug");
}

#[test]
fn two_briefings_with_the_same_permalink() {
    let o = Site::fixture("bad_input/duplicate_permalink").build();
    o.expect_error("content/b.md", "two sources for URL `/2024/07/12/same/`");
    assert!(o.stderr.contains("content/a.md") && o.stderr.contains("content/b.md"), "{}", o.stderr);
}

#[test]
fn two_briefings_with_the_same_permalink_point_at_the_slug_line() {
    Site::fixture("bad_input/duplicate_permalink").build().expect_error("content/b.md:4", "two sources for URL");
}

#[test]
fn two_assets_with_the_same_output_path() {
    let s = Site::empty();
    s.raw_briefing("b/index.md", "title: x\ndate: 2024-07-12\nslug: x\n", "Body.\n");
    s.write("content/b/img.png", "one");
    s.write("content/2024/07/12/x/img.png", "two");
    let o = s.build();
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("content/b/img.png") && o.stderr.contains("content/2024/07/12/x/img.png"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("help:"), "{}", o.stderr);
}

#[test]
fn page_slug_colliding_with_a_built_in_page() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.write("content/pages/tags.md", "---\ntitle: My tags\n---\nBody.\n");
    s.build().expect_error("content/pages/tags.md", "URL `/tags/`");
}

// ---------------------------------------------------------------------------------
// Encodings and line endings
// ---------------------------------------------------------------------------------

#[test]
fn non_utf8_bytes_in_the_body() {
    let o = Site::fixture("bad_input/non_utf8").build();
    o.expect_error("content/a.md:5:4", "not valid UTF-8");
    assert!(o.stderr.contains("UTF-8"), "{}", o.stderr);
}

#[test]
fn non_utf8_bytes_in_the_front_matter() {
    Site::fixture("bad_input/non_utf8_front_matter").build().expect_error("content/a.md:2:11", "not valid UTF-8");
}

#[test]
fn non_utf8_site_yaml_points_at_the_byte() {
    let s = Site::empty();
    s.write("site.yaml", b"title: Desk\ndescription: caf\xe9\n");
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_error("site.yaml:2:17", "UTF-8");
}

#[test]
fn byte_order_mark() {
    let s = Site::fixture("bad_input/bom");
    let o = s.build();
    o.expect_ok();
    let page = format!("{}/index.html", o.only_subdir("2024/07/12"));
    assert!(o.page(&page).contains("<h1>BOM title</h1>"));
    for (f, t) in text_outputs(&s.public()) {
        assert!(!t.contains('\u{feff}'), "{f} holds a byte-order mark");
    }
}

#[test]
fn byte_order_mark_in_site_yaml() {
    let s = Site::empty();
    s.write("site.yaml", b"\xef\xbb\xbftitle: BOM desk\n");
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let o = s.build();
    o.expect_ok();
    assert!(o.page("index.html").contains("BOM desk"));
}

#[test]
fn crlf_line_endings() {
    let s = Site::fixture("bad_input/crlf");
    let o = s.build();
    o.expect_ok();
    let page = o.page(&format!("{}/index.html", o.only_subdir("2024/07/12")));
    assert!(page.contains("<h1>CRLF title</h1>"), "{page}");
    assert!(page.contains("CRLF summary."), "{page}");
    assert!(page.contains(">A heading</h2>"), "{page}");
    assert!(s.public().join("tags/crlf-tag/index.html").is_file());
    for (f, t) in text_outputs(&s.public()) {
        assert!(!t.contains('\r'), "{f} holds a carriage return");
    }
}

#[test]
fn crlf_errors_keep_their_positions() {
    Site::fixture("bad_input/crlf_error").build().expect_error("content/a.md:3:7", "invalid date `2024-02-30`");
}

/// The offending line a diagnostic prints (`N | text`) holds `snippet`, and `N` is a
/// line of the file: positions stay right whatever line breaks YAML sees.
#[track_caller]
fn assert_points_at(o: &Outcome, phrase: &str, snippet: &str, lines_in_file: usize) {
    assert_eq!(o.code, 1, "{}", o.stderr);
    let diags = parse_diagnostics(&o.stderr);
    let d = diags
        .iter()
        .find(|d| d.error && d.message.contains(phrase))
        .unwrap_or_else(|| panic!("no `{phrase}`:\n{}", o.stderr));
    let line: usize = d.location.split(':').nth(1).and_then(|l| l.parse().ok()).unwrap_or(0);
    assert!(line >= 1 && line <= lines_in_file, "line {line} of a {lines_in_file}-line file:\n{}", o.stderr);
    let shown = o.stderr.lines().any(|l| l.trim_start().starts_with(&format!("{line} | ")) && l.contains(snippet));
    assert!(shown, "the printed line {line} does not show `{snippet}`:\n{}", o.stderr);
}

#[test]
fn stray_carriage_returns_keep_error_lines() {
    let s = Site::empty();
    s.write("content/a.md", "---\ntitle: a\r\r\rdate: [1]\n---\nBody.\n");
    assert_points_at(&s.build(), "invalid front matter", "date: [1]", 4);
}

#[test]
fn unicode_line_breaks_keep_error_lines() {
    let s = Site::empty();
    s.write("content/a.md", "---\ntitle: a\u{85}\u{85}\ndate: [1]\n---\nBody.\n");
    assert_points_at(&s.build(), "invalid front matter", "date: [1]", 5);
}

// ---------------------------------------------------------------------------------
// Size and depth
// ---------------------------------------------------------------------------------

#[test]
fn five_megabyte_body() {
    let s = Site::empty();
    let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ".repeat(8);
    let mut body = String::with_capacity(5_300_000);
    while body.len() < 5 * 1024 * 1024 {
        body.push_str(&para);
        body.push_str("\n\n");
    }
    body.push_str("The last words: zygomorphic finale.\n");
    s.raw_briefing("a.md", "title: Huge\ndate: 2024-07-12\n", &body);
    let o = s.build();
    o.expect_ok();
    assert!(o.page("2024/07/12/huge/index.html").contains("zygomorphic finale"));
}

#[test]
fn file_over_the_size_limit() {
    let s = Site::empty();
    s.write("site.yaml", "max_file_size: 100000\n");
    s.raw_briefing("a.md", "title: Too big\ndate: 2024-07-12\n", &"word ".repeat(40_000));
    let o = s.build();
    o.expect_error("content/a.md", "over the limit");
    assert!(o.stderr.contains("max_file_size"), "{}", o.stderr);
}

#[test]
fn ten_thousand_nested_list_levels() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: Deep list\ndate: 2024-07-12\n", &format!("{}deepest\n", "- ".repeat(10_000)));
    let o = s.build();
    o.expect_ok();
    assert!(o.page("2024/07/12/deep-list/index.html").contains("deepest"));
}

#[test]
fn ten_thousand_nested_blockquote_levels() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: Deep quote\ndate: 2024-07-12\n", &format!("{} deepest\n", ">".repeat(10_000)));
    let o = s.build();
    o.expect_ok();
    assert!(o.page("2024/07/12/deep-quote/index.html").contains("deepest"));
}

#[test]
fn ten_thousand_nested_mixed_containers() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: Deep mix\ndate: 2024-07-12\n", &format!("{}deepest\n", "> - ".repeat(5_000)));
    s.build().expect_ok();
}

#[test]
fn ten_thousand_nested_inline_spans() {
    let s = Site::empty();
    let body =
        format!("{}x{}\n\n{}x{}\n", "*".repeat(10_000), "*".repeat(10_000), "[".repeat(10_000), "](u)".repeat(10_000));
    s.raw_briefing("a.md", "title: Deep inline\ndate: 2024-07-12\n", &body);
    s.build().expect_ok();
}

#[test]
fn ten_thousand_nested_yaml_levels() {
    let s = Site::empty();
    s.raw_briefing(
        "a.md",
        &format!("title: x\ndate: 2024-07-12\nextra: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        "Body.\n",
    );
    s.build().expect_error("content/a.md:4", "recursion limit");
}

#[test]
fn yaml_alias_bomb() {
    let s = Site::empty();
    let mut front = String::from(
        "title: x\ndate: 2024-07-12\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        front.push_str(&format!("  {}: &{} [{refs}]\n", w[1], w[1]));
    }
    s.raw_briefing("a.md", &front, "Body.\n");
    s.build().expect_error("content/a.md", "invalid front matter");
}

#[test]
fn line_of_100000_characters() {
    let s = Site::empty();
    let body = format!("{}\n\n{}\n", "x".repeat(100_000), "word ".repeat(20_000));
    s.raw_briefing("a.md", "title: Long line\ndate: 2024-07-12\n", &body);
    let o = s.build();
    o.expect_ok();
    assert!(o.page("2024/07/12/long-line/index.html").contains(&"x".repeat(100_000)));
}

#[test]
fn line_of_100000_characters_in_an_error_is_cut() {
    let s = Site::empty();
    s.raw_briefing("a.md", &format!("title: x\ndate: {}\n", "9".repeat(100_000)), "Body.\n");
    let o = s.build();
    o.expect_error("content/a.md:3:7", "invalid date");
    assert!(o.stderr.len() < 2_000, "stderr is {} bytes: the offending line should be cut", o.stderr.len());
}

// ---------------------------------------------------------------------------------
// Source URLs
// ---------------------------------------------------------------------------------

#[test]
fn source_urls_with_javascript_or_data() {
    let o = Site::fixture("bad_input/javascript_sources").build();
    o.expect_errors(&[
        ("content/a.md:6:11", "source URL `javascript:alert(1)` is not allowed"),
        ("content/a.md:8:11", "source URL `data:text/html"),
        ("content/a.md:10:11", "source URL `JAVASCRIPT:alert(1)` is not allowed"),
    ]);
    assert_eq!(parse_diagnostics(&o.stderr).iter().filter(|d| d.error).count(), 3, "{}", o.stderr);
    assert!(o.stderr.contains("https://"), "{}", o.stderr);
}

#[test]
fn source_url_relative_or_protocol_relative() {
    let s = Site::empty();
    s.raw_briefing(
        "a.md",
        "title: x\ndate: 2024-07-12\nsources:\n  - title: a\n    url: //evil.example/x\n",
        "Body.\n",
    );
    s.build().expect_error("content/a.md:6:10", "is not allowed");
}

#[test]
fn source_url_with_a_yaml_escape_points_at_its_line() {
    let s = Site::empty();
    s.raw_briefing(
        "a.md",
        "title: x\ndate: 2024-07-12\nsources:\n  - title: a\n    url: \"java\\tscript:alert(1)\"\n",
        "Body.\n",
    );
    s.build().expect_error("content/a.md:6", "is not allowed");
}

#[test]
fn source_url_error_points_at_the_url_not_an_earlier_mention() {
    let s = Site::empty();
    s.raw_briefing(
        "a.md",
        "title: \"Why javascript:alert(1) is bad\"\ndate: 2024-07-12\nsources:\n  - title: a\n    url: javascript:alert(1)\n",
        "Body.\n",
    );
    s.build().expect_error("content/a.md:6:10", "is not allowed");
}

// ---------------------------------------------------------------------------------
// Symlinks, permissions, file names
// ---------------------------------------------------------------------------------

#[test]
fn symlinks_pointing_outside_content() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let outside = s.tmp().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("out.md"), "---\ntitle: Outside\ndate: 2024-07-12\n---\nSecret.\n").unwrap();
    fs::write(outside.join("secret.txt"), "secret").unwrap();
    let c = s.root().join("content");
    std::os::unix::fs::symlink(outside.join("out.md"), c.join("out.md")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), c.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink("../../../../outside", c.join("outdir")).unwrap();
    std::os::unix::fs::symlink("../site.yaml", c.join("config.md")).unwrap();
    s.write("site.yaml", "title: Desk\n");
    s.build().expect_errors(&[
        ("content/out.md", "symlink points outside `content/`"),
        ("content/secret.txt", "symlink points outside `content/`"),
        ("content/outdir", "symlink points outside `content/`"),
        ("content/config.md", "symlink points outside `content/`"),
    ]);
}

#[test]
fn symlink_loops_and_broken_links() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let c = s.root().join("content");
    std::os::unix::fs::symlink("loop2.md", c.join("loop1.md")).unwrap();
    std::os::unix::fs::symlink("loop1.md", c.join("loop2.md")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", c.join("broken.md")).unwrap();
    fs::create_dir_all(c.join("sub")).unwrap();
    std::os::unix::fs::symlink(".", c.join("sub/self")).unwrap();
    std::os::unix::fs::symlink("..", c.join("sub/parent")).unwrap();
    s.build().expect_errors(&[
        ("content/loop1.md", "symlink cannot be followed"),
        ("content/loop2.md", "symlink cannot be followed"),
        ("content/broken.md", "symlink cannot be followed"),
        ("content/sub/self", "symlinked folders are not followed"),
        ("content/sub/parent", "symlinked folders are not followed"),
    ]);
}

/// A link to a named pipe inside `content/` is an error, not a build that waits for a
/// writer; the pipe itself is not content and is passed over.
#[test]
fn symlink_to_a_named_pipe_is_an_error() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let c = s.root().join("content");
    fs::create_dir_all(c.join("pipes")).unwrap();
    let status = std::process::Command::new("mkfifo").arg(c.join("pipes/feed")).status().unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink("pipes/feed", c.join("feed.md")).unwrap();
    s.build().expect_errors(&[("content/feed.md", "symlink points to something that is not a file")]);
}

#[test]
fn symlink_to_a_file_inside_content_builds() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: Linked\ndate: 2024-07-12\n", "Body.\n");
    fs::create_dir_all(s.root().join("content/images")).unwrap();
    fs::write(s.root().join("content/images/map.png"), b"PNG").unwrap();
    std::os::unix::fs::symlink("images/map.png", s.root().join("content/map.png")).unwrap();
    let o = s.build();
    o.expect_ok();
    assert_eq!(fs::read(s.public().join("2024/07/12/linked/map.png")).unwrap(), b"PNG");
}

/// Make `victim` unreadable and build. As root, permissions do not stop reads, so the
/// build runs as `nobody` through `setpriv`; without it the case is skipped, printed.
fn build_with_unreadable(s: &Site, victim: &Path) -> Option<Outcome> {
    use std::os::unix::fs::PermissionsExt;
    let bin = assert_cmd::cargo::cargo_bin("brief");
    if !is_root() {
        fs::set_permissions(victim, fs::Permissions::from_mode(0o000)).unwrap();
        let o = s.build();
        fs::set_permissions(victim, fs::Permissions::from_mode(0o755)).unwrap();
        return Some(o);
    }
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let probe = std::process::Command::new("setpriv").args(nobody).arg(&bin).arg("--version").output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("SKIP: running as root and cannot run {} as nobody via setpriv: {probe:?}", bin.display());
        return None;
    }
    // nobody must reach the site and own what brief writes; the victim stays root's.
    for d in [s.tmp(), &s.tmp().join("outer"), &s.tmp().join("outer/inner")] {
        fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    }
    for p in std::iter::once(s.root().to_path_buf()).chain(walk_all(s.root())).chain([s.cwd().to_path_buf()]) {
        std::os::unix::fs::lchown(&p, Some(65534), Some(65534)).unwrap();
    }
    std::os::unix::fs::lchown(victim, Some(0), Some(0)).unwrap();
    fs::set_permissions(victim, fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = Command::new("setpriv");
    cmd.current_dir(s.cwd()).args(nobody).arg(&bin).arg("--root").arg(s.root()).arg("build");
    let o = s.guarded(cmd);
    fs::set_permissions(victim, fs::Permissions::from_mode(0o755)).unwrap();
    Some(o)
}

#[test]
fn unreadable_file() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let victim = s.raw_briefing("b.md", "title: y\ndate: 2024-07-12\n", "Body.\n");
    if let Some(o) = build_with_unreadable(&s, &victim) {
        o.expect_error("content/b.md", "cannot read");
        assert!(o.stderr.contains("permission"), "{}", o.stderr);
    }
}

#[test]
fn unreadable_folder() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.raw_briefing("locked/c.md", "title: z\ndate: 2024-07-12\n", "Body.\n");
    let victim = s.root().join("content/locked");
    if let Some(o) = build_with_unreadable(&s, &victim) {
        o.expect_error("content/locked", "cannot read");
    }
}

#[test]
fn unreadable_asset() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let victim = s.write("content/pic.png", b"PNG");
    if let Some(o) = build_with_unreadable(&s, &victim) {
        o.expect_error("content/pic.png", "cannot read");
    }
}

#[test]
fn asset_name_that_climbs_out() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.write("content/sub/x\\..\\..\\..\\evil.png", b"PNG");
    s.build().expect_error("content/sub/x\\..\\..\\..\\evil.png", "");
}

#[test]
fn asset_names_with_spaces_and_unicode() {
    let s = Site::empty();
    s.raw_briefing("2024/a.md", "title: Maps\ndate: 2024-07-12\n", "![map](map%20of%20%EB%B6%81%ED%95%9C.png)\n");
    s.write("content/2024/map of 북한.png", b"PNG");
    let o = s.build();
    o.expect_ok();
    assert_eq!(fs::read(s.public().join("2024/07/12/maps/map of 북한.png")).unwrap(), b"PNG");
}

#[test]
fn asset_name_with_a_newline() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.write("content/sub/new\nline.png", b"PNG");
    let o = s.build();
    // Either it is refused with a hint (the name cannot be a URL) or built under a safe
    // name; the shared checks already rule out a panic or an unsafe output path.
    if o.code == 1 {
        assert!(o.stderr.contains("help:"), "{}", o.stderr);
    }
}

// ---------------------------------------------------------------------------------
// Output folder
// ---------------------------------------------------------------------------------

#[test]
fn output_folder_that_is_the_site() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let root = s.root().to_str().unwrap().to_string();
    let o = s.build_args(&["-o", &root]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("refusing") && o.stderr.contains("help:"), "{}", o.stderr);
}

#[test]
fn output_folder_above_the_site() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    let parent = s.root().parent().unwrap().to_str().unwrap().to_string();
    let o = s.build_args(&["-o", &parent]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("refusing"), "{}", o.stderr);
}

#[test]
fn output_folder_not_made_by_brief() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-07-12\n", "Body.\n");
    s.write("public/mine.txt", "keep me");
    let o = s.build();
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("not made by brief"), "{}", o.stderr);
    assert_eq!(fs::read_to_string(s.public().join("mine.txt")).unwrap(), "keep me");
    assert_eq!(list_files(&s.public()), vec!["mine.txt".to_string()]);
}

// ---------------------------------------------------------------------------------
// Many files
// ---------------------------------------------------------------------------------

#[test]
fn errors_from_every_file_are_reported_together() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: x\ndate: 2024-02-30\n", "Body.\n");
    s.raw_briefing("b.md", "title: y\ndate: 2024-07-12\ntags: one\n", "Body.\n");
    s.write("content/c.md", "");
    s.raw_briefing("ok.md", "title: fine\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_errors(&[
        ("content/a.md:3:7", "invalid date"),
        ("content/b.md:4:7", "expected a sequence"),
        ("content/c.md", "empty file"),
    ]);
}

/// A bad file added to a site that built before stops the build and loses nothing:
/// the previous `public/` stays as it was, byte for byte.
#[test]
fn a_bad_file_leaves_the_previous_output_untouched() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: Good\ndate: 2024-07-12\n", "Body.\n");
    s.build().expect_ok();
    let before = snapshot(&s.public(), None);
    s.raw_briefing("b.md", "title: Bad\ndate: 2024-02-30\n", "Body.\n");
    let o = s.build();
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("content/b.md:3:7"), "{}", o.stderr);
    assert_same_outside(&before, &snapshot(&s.public(), None));
}

// ---------------------------------------------------------------------------------
// Fuzzing seeds and crash inputs, replayed
// ---------------------------------------------------------------------------------

/// Run every file of `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/` whose
/// name `select`s through the checks of its fuzz target; the failures, and how many ran.
fn replay_fuzz_inputs(select: impl Fn(&str) -> bool) -> (Vec<String>, usize) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failed = Vec::new();
    let mut ran = 0;
    for (target, check) in fuzz_checks::TARGETS {
        for kind in ["seeds", "regressions"] {
            let Ok(rd) = fs::read_dir(fuzz.join(kind).join(target)) else { continue };
            let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
            files.sort();
            for f in files.into_iter().filter(|f| select(&f.file_name().unwrap().to_string_lossy())) {
                let data = fs::read(&f).unwrap();
                ran += 1;
                if std::panic::catch_unwind(|| check(&data)).is_err() {
                    failed.push(format!("{target}: {}", f.display()));
                }
            }
        }
    }
    (failed, ran)
}

/// The committed fuzzing seeds and fixed crash inputs pass their fuzz target's checks.
#[test]
fn fuzz_seeds_and_regressions_replay() {
    let (failed, ran) = replay_fuzz_inputs(|name| !name.starts_with("bug-"));
    assert!(ran > 50, "only {ran} fuzz inputs found");
    assert!(failed.is_empty(), "inputs failing their fuzz checks: {failed:#?}");
}

/// Crash inputs found by fuzzing and not fixed yet are named `bug-*`; once fixed, drop
/// the prefix so the test above keeps them fixed.
#[test]
fn fuzz_open_bugs_replay() {
    let (failed, _) = replay_fuzz_inputs(|name| name.starts_with("bug-"));
    assert!(failed.is_empty(), "inputs failing their fuzz checks: {failed:#?}");
}

/// An alias `/old.html/` (its page at `old.html/index.html`) where another alias makes
/// the file `old.html`: one path cannot be a file and a folder. The build failed at its
/// write with the system's "Not a directory" after `brief check` passed (a Zola import
/// gave a post `slug = "index.html"` beside its section's page). Both now name the
/// alias where it is written.
#[test]
fn an_alias_under_a_path_another_page_takes_as_a_file_is_refused_where_written() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: A\ndate: 2024-07-12\naliases:\n  - /old.html\n", "Body.\n");
    s.raw_briefing("b.md", "title: B\ndate: 2024-07-13\naliases:\n  - /old.html/\n", "Body.\n");
    s.build().expect_error("content/b.md:5:5", "would be in the folder `/old.html`, where brief makes a file");
    let stderr = s.fails(&["check"]);
    assert!(stderr.contains("alias `/old.html/` of `content/b.md` would be in the folder `/old.html`"), "{stderr}");
}

/// An alias `/_redirects` is the folder `_redirects/` where brief writes the file
/// `_redirects` (the redirect list it made for that very alias): the build failed at
/// its write ("Is a directory", naming the spare tree) after `brief check` passed.
#[test]
fn an_alias_on_the_redirect_list_is_refused_where_written() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: A\ndate: 2024-07-12\naliases: [\"/_redirects\"]\n", "Body.\n");
    s.build().expect_error("content/a.md:4:11", "where brief makes a file (the built-in page /_redirects)");
    let stderr = s.fails(&["check"]);
    assert!(stderr.contains("alias `/_redirects/` of `content/a.md`"), "{stderr}");
}

/// An alias `/%2e%2e/old/` was kept as the folder `%2e%2e/old/` (safe: never a way out
/// of the output), but a server reads it as `/old/` and never sends that page: it is
/// no site path, refused at its line as `/a/../old/` is.
#[test]
fn an_alias_with_an_escaped_dot_segment_is_refused_where_written() {
    let s = Site::empty();
    s.raw_briefing("a.md", "title: A\ndate: 2024-07-12\naliases:\n  - /%2e%2e/old/\n", "Body.\n");
    s.build().expect_error("content/a.md:5:5", "alias `/%2e%2e/old/` is not a site path");
}
