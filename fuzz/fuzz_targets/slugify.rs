//! `slug::slugify`: whatever the text, the slug is one safe path segment or empty, and
//! empty only when the text has no letters or digits.
#![no_main]

use brief::slug::{is_safe_segment, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let s = slugify(text);
    if s.is_empty() {
        assert!(!text.chars().any(char::is_alphanumeric), "empty slug for text with letters or digits: {text:?}");
        return;
    }
    assert!(is_safe_segment(&s), "unsafe slug {s:?} from {text:?}");
    assert!(!s.contains(['/', '\\', '\0']) && s != "." && s != "..", "unsafe slug {s:?}");
    assert!(!s.chars().any(|c| c.is_control() || c.is_whitespace()), "control or space in slug {s:?}");
    assert!(!s.starts_with(['-', '_']) && !s.ends_with(['-', '_']), "slug {s:?} not trimmed");
    assert!(s.chars().count() <= 90, "slug of {} chars", s.chars().count());
});
