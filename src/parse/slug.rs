//! Slugs: the URL-safe form of titles, tags and explicit `slug:` values.
//!
//! A slug keeps Unicode letters and digits (so `북한` stays `북한`), lowercases them,
//! turns everything else into `-`, and never holds `/`, `.`, `..` or control characters,
//! so it is always one safe path segment.

/// The longest slug, in characters; longer ones are cut at a `-` where possible.
const MAX_CHARS: usize = 80;

/// Make a slug of `text`. Empty when `text` has no letters or digits.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut count = 0;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
                count += 1;
            }
            pending_dash = false;
            for low in ch.to_lowercase() {
                out.push(low);
                count += 1;
            }
            if count >= MAX_CHARS {
                break;
            }
        } else {
            pending_dash = true;
        }
    }
    if count >= MAX_CHARS {
        // Cut at the last word boundary so a long title does not end mid-word.
        if let Some(i) = out.rfind('-').filter(|&i| i > out.len() / 2) {
            out.truncate(i);
        }
    }
    let out = out.trim_matches('-').to_string();
    debug_assert!(is_safe_segment(&out) || out.is_empty());
    out
}

/// True when `seg` can be a single path segment under the output directory.
pub fn is_safe_segment(seg: &str) -> bool {
    !seg.is_empty()
        && seg != "."
        && seg != ".."
        && !seg.chars().any(|c| c == '/' || c == '\\' || c.is_control() || c == '\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_titles() {
        assert_eq!(
            slugify("North Korea condemns NATO summit declaration"),
            "north-korea-condemns-nato-summit-declaration"
        );
        assert_eq!(slugify("  Hello,   World!  "), "hello-world");
    }

    #[test]
    fn unicode_letters_stay() {
        assert_eq!(slugify("북한"), "북한");
        assert_eq!(slugify("Korea Utara"), "korea-utara");
        assert_eq!(slugify("Ölpreis Übersicht"), "ölpreis-übersicht");
    }

    #[test]
    fn hostile_input_cannot_escape() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("/abs"), "abs");
        assert_eq!(slugify("<script>"), "script");
        assert_eq!(slugify("..."), "");
        assert_eq!(slugify("a\u{0}b\nc"), "a-b-c");
    }

    #[test]
    fn underscores_are_separators() {
        assert_eq!(slugify("snake_case_tag"), "snake-case-tag");
        assert_eq!(slugify(&format!("{}abc", "_".repeat(80))), "abc");
    }

    #[test]
    fn long_titles_are_cut() {
        let s = slugify(&"word ".repeat(100));
        assert!(s.chars().count() <= MAX_CHARS + 1, "{s}");
        assert!(!s.ends_with('-'));
    }
}
