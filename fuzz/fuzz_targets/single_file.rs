//! The whole single-file pipeline: text → `parse::parse_briefing` / `parse_page` with
//! the default config and with one that has a second taxonomy and a time zone; every
//! diagnostic is printed. A made item is valid; a refused one says why, on a real line.
#![no_main]

use std::path::{Path, PathBuf};

use brief::config::Config;
use brief::diag::Diagnostic;
use brief::parse::{parse_briefing, parse_page};
use brief::slug::is_safe_segment;
use libfuzzer_sys::fuzz_target;

fn configs() -> &'static [Config; 2] {
    static C: std::sync::OnceLock<[Config; 2]> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let other = Config::from_str("timezone: Asia/Seoul\ntaxonomies: [tags, regions]\n", Path::new("site.yaml"))
            .expect("valid config");
        [Config::default(), other]
    })
}

fn check_diags(text: &str, diags: &[Diagnostic], made: bool) {
    let lines = text.lines().count().max(1);
    for d in diags {
        let shown = d.to_string();
        assert!(shown.contains("content/fuzz.md"), "diagnostic without its file: {shown}");
        assert!(d.line <= lines + 1, "line {} past the end ({lines} lines): {shown}", d.line);
        assert!(d.hint.is_some(), "diagnostic without a hint: {shown}");
    }
    let errors = diags.iter().any(Diagnostic::is_error);
    assert_eq!(made, !errors, "item made = {made} but errors = {errors}: {diags:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path = Path::new("content/fuzz.md");
    for cfg in configs() {
        let p = parse_briefing(path, PathBuf::new(), false, text, cfg);
        check_diags(text, &p.diags, p.item.is_some());
        if let Some(b) = &p.item {
            assert!(is_safe_segment(&b.slug), "unsafe slug {:?}", b.slug);
            assert!(!b.title.trim().is_empty());
            assert_eq!(b.terms.len(), cfg.taxonomies.len());
            for terms in &b.terms {
                for t in terms {
                    assert!(!brief::slug::slugify(t).is_empty(), "term {t:?} without a slug");
                }
            }
            for s in &b.sources {
                if let Some(u) = &s.url {
                    let l = u.to_ascii_lowercase();
                    assert!(l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:"), "source URL {u:?} let through");
                }
            }
        }
        let p = parse_page(Path::new("content/fuzz.md"), text, cfg);
        check_diags(text, &p.diags, p.item.is_some());
        if let Some(pg) = &p.item {
            assert!(is_safe_segment(&pg.slug), "unsafe page slug {:?}", pg.slug);
        }
    }
});
