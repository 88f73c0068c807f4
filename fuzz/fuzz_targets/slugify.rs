//! Slugs: always one safe path segment, or empty only without letters or digits.
//! The checks live in `fuzz/checks.rs`, shared with the replay test in tests/bad_input.rs.
#![no_main]

#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::slug(data));
