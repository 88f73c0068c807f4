//! `brief new "Title"`: write a new briefing with its front matter filled in.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::parse::parse_date;
use crate::parse::slug::slugify;
use crate::site::{Options, load_config};

/// Quote a string for YAML (double-quoted style).
fn yaml_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The text of a new briefing.
pub fn briefing_text(title: &str, date: &str, tags: &[String]) -> String {
    let tags: Vec<String> = tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).map(yaml_quote).collect();
    format!(
        "---\ntitle: {}\ndate: {date}\ntags: [{}]\nsummary: \"\"\nauthors: []\nsources: []\ndraft: true\n---\n\nWrite the briefing here. Set `draft: false` (or remove it) to publish.\n",
        yaml_quote(title),
        tags.join(", ")
    )
}

/// Where a new briefing of `edition` goes: `content/YYYY/MM/slug.md` for the default
/// language (under `content/<code>/` when the site keeps it in such a folder); for
/// another, `content/<code>/YYYY/MM/slug.md`, or `content/YYYY/MM/slug.<code>.md` when
/// the site has no folder for that language but names translations by suffix.
fn place(root: &Path, cfg: &crate::config::Config, edition: usize, when: &jiff::ZonedDateTime, slug: &str) -> PathBuf {
    let content = Path::new("content");
    let ym = |base: PathBuf| base.join(format!("{:04}", when.year())).join(format!("{:02}", when.month()));
    if !cfg.is_multilingual() {
        return ym(content.to_path_buf()).join(format!("{slug}.md"));
    }
    let code = &cfg.edition_codes()[edition];
    let folder =
        [code.to_string(), crate::config::code_key(code)].into_iter().find(|c| root.join(content).join(c).is_dir());
    match folder {
        Some(f) => ym(content.join(f)).join(format!("{slug}.md")),
        None if edition == 0 => ym(content.to_path_buf()).join(format!("{slug}.md")),
        None if uses_suffix(&root.join(content), code) => ym(content.to_path_buf()).join(format!("{slug}.{code}.md")),
        None => ym(content.join(crate::config::code_key(code))).join(format!("{slug}.md")),
    }
}

/// Whether some Markdown file under `dir` is named `*.<code>.md` (or `.mkd`, ...).
fn uses_suffix(dir: &Path, code: &str) -> bool {
    let end = format!(".{}", crate::config::code_key(code));
    walkdir::WalkDir::new(dir).into_iter().flatten().any(|e| {
        e.file_type().is_file()
            && crate::source::is_markdown(e.path())
            && e.path().file_stem().is_some_and(|s| s.to_string_lossy().to_ascii_lowercase().ends_with(&end))
    })
}

/// Write the briefing; returns its path relative to the site.
pub fn run(
    opts: &Options,
    title: &str,
    tags: &[String],
    date: Option<&str>,
    lang: Option<&str>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let cfg = load_config(opts)?;
    let edition = match lang {
        None => 0,
        Some(code) => cfg.edition_of(code).ok_or_else(|| {
            vec![Diagnostic::flag("--lang", format!("language `{code}` is not configured")).hint(format!(
                "use one of {}, or add `{code}` under `languages:` in site.yaml",
                cfg.edition_codes().join(", ")
            ))]
        })?,
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(vec![
            Diagnostic::stage("new", format!("cannot make a file name from the title `{title}`"))
                .hint("use a title with at least one letter or digit"),
        ]);
    }
    let when = match date {
        Some(d) => parse_date(d, &cfg.timezone).map_err(|e| {
            vec![
                Diagnostic::flag("--date", format!("invalid date `{d}`: {e}"))
                    .hint("use YYYY-MM-DD or RFC 3339 with an offset"),
            ]
        })?,
        None => jiff::Timestamp::now().to_zoned_datetime(cfg.timezone.clone()),
    };
    let date_text = match date {
        Some(d) if d.trim().len() == 10 => d.trim().to_string(),
        _ => when.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    };
    let rel = place(&opts.root, &cfg, edition, &when, &slug);
    let path = opts.root.join(&rel);
    if path.exists() {
        return Err(vec![
            Diagnostic::error(&rel, "a briefing already exists at this path")
                .hint("choose another title, or edit the existing file"),
        ]);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| vec![Diagnostic::error(parent, format!("cannot create folder: {e}"))])?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| vec![Diagnostic::error(&rel, format!("cannot write: {e}"))])?;
    use std::io::Write as _;
    f.write_all(briefing_text(title, &date_text, tags).as_bytes())
        .map_err(|e| vec![Diagnostic::error(&rel, format!("cannot write: {e}"))])?;
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_briefing_parses() {
        let text = briefing_text("A \"quoted\": title", "2024-07-12", &["north korea".into(), "북한".into()]);
        let p = crate::parse::parse_briefing(
            Path::new("x.md"),
            &Default::default(),
            &text,
            &crate::config::Config::default(),
        );
        let b = p.item.expect("parses");
        assert_eq!(b.title, "A \"quoted\": title");
        assert_eq!(b.terms[0], vec!["north korea".to_string(), "북한".to_string()]);
        assert!(b.draft);
    }

    #[test]
    fn a_language_suffix_counts_on_any_markdown_extension() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ko.txt"), "").unwrap();
        assert!(!uses_suffix(dir.path(), "ko"));
        std::fs::write(dir.path().join("about.KO.mkd"), "").unwrap();
        assert!(uses_suffix(dir.path(), "ko"));
    }
}
