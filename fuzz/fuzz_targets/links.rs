//! Link resolution of `brief check`: never a panic, never a path out of the site.
//! The checks live in `fuzz/checks.rs`, shared with the replay test in tests/bad_input.rs.
#![no_main]

#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::links(data));
