//! The whole single-file pipeline: parse_briefing and parse_page on any text.
//! The checks live in `fuzz/checks.rs`, shared with the replay test in tests/bad_input.rs.
#![no_main]

#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::single_file(data));
