//! Front matter: `frontmatter::split`, then `frontmatter::parse`, the taxonomy parser
//! and the YAML helpers that find keys and value positions for messages.
#![no_main]

use brief::frontmatter::{self, SplitError};
use brief::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match frontmatter::split(text) {
        Ok(s) => {
            // Both parts are slices of the text, in order, after the opening line.
            let base = text.as_ptr() as usize;
            let y = s.yaml.as_ptr() as usize - base;
            let b = s.body.as_ptr() as usize - base;
            assert!(y + s.yaml.len() <= b && b + s.body.len() == text.len(), "split parts out of place");
            assert_eq!(s.yaml_line, 2);
            assert_eq!(s.body_line, 3 + text[y..y + s.yaml.len()].matches('\n').count(), "body_line");
            let _ = frontmatter::parse(s.yaml);
            let _ = frontmatter::parse_taxonomies(s.yaml, &["regions".to_string(), "tags".to_string()]);
            check_yaml_helpers(s.yaml);
        }
        Err(SplitError::Missing | SplitError::Unclosed) => {}
    }
    // The helpers also run on whole site.yaml texts.
    check_yaml_helpers(text);
});

fn check_yaml_helpers(text: &str) {
    let lines = text.lines().count();
    for k in yaml::top_level_keys(text) {
        assert!(k.line >= 1 && k.line <= lines, "key line {} of {lines}", k.line);
        let (l, c) = yaml::value_position(text, &k.name);
        assert!(l >= 1 && c >= 1);
    }
    if let Err(e) = frontmatter::parse(text) {
        assert!(!e.message.contains(" at line "), "position left in message: {}", e.message);
    }
}
