//! `Config::from_str`, the site.yaml parser: no panic; a valid config has a base path
//! that starts and ends with `/`, a permalink with `:slug`, and safe taxonomy names.
#![no_main]

use std::path::Path;

use brief::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Config::from_str(text, Path::new("site.yaml")) {
        Ok(c) => {
            assert!(c.base_path.starts_with('/') && c.base_path.ends_with('/'), "base_path {:?}", c.base_path);
            assert!(!c.base_path.split('/').any(|s| s == ".."), "base_path {:?}", c.base_path);
            assert!(c.permalink.contains(":slug") && c.permalink.ends_with('/'));
            assert!(c.paginate >= 1 && c.feed_limit >= 1);
            for t in &c.taxonomies {
                assert!(brief::slug::is_safe_segment(t), "taxonomy {t:?}");
            }
            let _ = c.absolute("/tags/");
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in &diags {
                let _ = d.to_string();
                assert!(d.hint.is_some(), "site.yaml diagnostic without a hint: {d}");
            }
        }
    }
});
