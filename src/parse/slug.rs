//! Slugs: the URL-safe form of titles, tags and explicit `slug:` values.
//!
//! A slug keeps Unicode letters and digits (so `북한` stays `북한`) with the combining
//! marks written on them (the virama and nukta of `ड्रोन`, `बढ़े`), lowercases them,
//! turns everything else into `-`, and never holds `/`, `.`, `..` or control characters,
//! so it is always one safe path segment. A term with no letter or digit at all keeps
//! its emoji instead (`🚀` stays `🚀`), so emoji-only tags still have a URL.

use unicode_properties::{GeneralCategoryGroup, UnicodeEmoji, UnicodeGeneralCategory};

/// The longest slug made from a title or a term, in characters; longer ones are cut at
/// a `-` where possible. Explicit `slug:` values are never cut.
pub const MAX_CHARS: usize = 80;

/// The longest slug in bytes: a folder name holds at most 255 bytes on the file systems
/// sites are built on and served from (ext4, APFS, NTFS counts UTF-16 units, fewer).
pub const MAX_BYTES: usize = 255;

/// Make a slug of `text`, cut at a word boundary near [`MAX_CHARS`], and, past
/// [`MAX_BYTES`] (80 four-byte letters are 320 bytes), cut further to leave room for
/// `-` and a hash (see [`with_hash`]). Empty when `text` has no letters or digits.
pub fn slugify(text: &str) -> String {
    let s = make(text, MAX_CHARS, Keep::Alphanumeric);
    if s.len() > MAX_BYTES { fit(&s, MAX_BYTES - HASH_ROOM).to_string() } else { s }
}

/// The bytes `-` and eight hex digits take after a cut slug.
const HASH_ROOM: usize = 9;

/// `slug` shortened, a character at a time, to at most `max` bytes, with no `-` or
/// joiner left at its end.
fn fit(slug: &str, max: usize) -> &str {
    let mut end = slug.len().min(max);
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    slug[..end].trim_end_matches(['-', '\u{200D}'])
}

/// A cut slug that must be told apart from others cut alike: `cut`, shortened to fit
/// when it must, then `-` and eight hex digits of a hash of the `whole` slug, within
/// [`MAX_BYTES`] so it is always a folder name.
pub fn with_hash(cut: &str, whole: &str) -> String {
    format!("{}-{:08x}", fit(cut, MAX_BYTES - HASH_ROOM), stable_hash(whole))
}

/// Make a slug of `text` without cutting it: for explicit `slug:` values, which are the
/// author's, and to tell apart titles whose cut slugs are equal.
pub fn slugify_uncut(text: &str) -> String {
    make(text, usize::MAX, Keep::Alphanumeric)
}

/// Make a slug of a taxonomy term: [`slugify_name`], or, for a term with no letter or
/// digit, its emoji (`🚀`, `🇰🇷`; variation selectors dropped, joiners inside a sequence
/// kept). Empty when the term has neither (only punctuation, symbols that are not emoji,
/// spaces or invisible characters): such a term has no URL.
pub fn slugify_term(text: &str) -> String {
    let s = slugify_name(text);
    if !s.is_empty() {
        return s;
    }
    named(text, Keep::Emoji)
}

/// Make a slug of an author's name, or (through [`slugify_term`]) of a term: the term's
/// page is keyed by it. [`slugify`] when the whole slug fits; when the cut drops part of
/// it, the cut slug and eight hex digits of a hash of the whole slug
/// (`kubernetes-sig-…-ingress-nginx-3f2a9c1e`), so two long names that differ only past
/// the cut keep a page each (a slug past [`MAX_BYTES`], 64 four-byte letters or more,
/// counts as cut, so it fits a folder name), while spellings with one whole slug (`Desk A`, `desk a`)
/// stay one. It depends on the name alone, so a term's URL never moves because another
/// term came or went (term pages have no `urls.lock` to remember them by).
pub fn slugify_name(text: &str) -> String {
    named(text, Keep::Alphanumeric)
}

fn named(text: &str, keep: Keep) -> String {
    let cut = make(text, MAX_CHARS, keep);
    if cut.is_empty() {
        return cut;
    }
    let whole = make(text, usize::MAX, keep);
    // A slug past MAX_BYTES (64 to 80 four-byte letters or emoji are not cut at
    // MAX_CHARS, yet are 256 to 320 bytes) is cut too, so it is a folder name.
    if whole == cut && cut.len() <= MAX_BYTES {
        return cut;
    }
    with_hash(&cut, &whole)
}

/// FNV-1a of `text`: tiny, and stable across platforms and Rust versions, as a hash in
/// a URL must be.
pub fn stable_hash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Which characters a slug keeps; every run of others becomes one `-`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Letters and digits, lowercased.
    Alphanumeric,
    /// Emoji and the parts of emoji sequences (regional indicators, skin tones, tag
    /// characters, joiners); at least one character that shows must be among them.
    Emoji,
}

/// A character that is an emoji by itself (`Emoji=Yes`, not ASCII: `#`, `*` and digits
/// have that property too but are letters or punctuation here).
fn is_visible_emoji(c: char) -> bool {
    !c.is_ascii() && c.is_emoji_char()
}

/// A character that only shapes an emoji sequence: kept after an emoji, never alone.
fn is_emoji_part(c: char) -> bool {
    !c.is_ascii() && c.is_emoji_component() || c == '\u{200D}'
}

/// A combining mark (`Mn`, `Mc`, `Me`): part of the letter before it. Some are not
/// `Alphabetic` (Devanagari's virama `्` and nukta `़`, Thai tone marks), and a slug
/// that dropped them split `ड्रोन` into `ड-रोन` and left `बढ़े` as `बढ-े`, a vowel sign
/// on a hyphen.
fn is_mark(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Mark
}

/// Variation selectors choose text or emoji presentation: dropped, so `❤️` and `❤` are
/// one tag.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}')
}

fn make(text: &str, max: usize, keep: Keep) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut count = 0;
    let mut after_emoji = false;
    // Whether the last character was kept: a mark is kept only on a kept letter.
    let mut after_kept = false;
    for ch in text.chars() {
        let kept = match keep {
            Keep::Alphanumeric => ch.is_alphanumeric() || (after_kept && is_mark(ch)),
            Keep::Emoji => {
                if is_variation_selector(ch) {
                    continue;
                }
                is_visible_emoji(ch) || (after_emoji && is_emoji_part(ch))
            }
        };
        if kept {
            if pending_dash && !out.is_empty() {
                out.push('-');
                count += 1;
            }
            pending_dash = false;
            if keep == Keep::Emoji {
                out.push(ch);
                count += 1;
                after_emoji = true;
            } else {
                for low in ch.to_lowercase() {
                    out.push(low);
                    count += 1;
                }
            }
            after_kept = true;
            if count >= max {
                break;
            }
        } else {
            pending_dash = true;
            after_emoji = false;
            after_kept = false;
        }
    }
    if count >= max {
        // Cut at the last word boundary so a long title does not end mid-word.
        if let Some(i) = out.rfind('-').filter(|&i| i > out.len() / 2) {
            out.truncate(i);
        }
    }
    // A joiner left at the end joins nothing.
    let out = out.trim_end_matches('\u{200D}').trim_matches('-').to_string();
    debug_assert!(is_safe_segment(&out) || out.is_empty());
    out
}

/// How an explicit `slug:` value differs from the slug brief uses, when it differs by
/// more than case and spaces (`Hello World` is `hello-world` as the author meant it;
/// `../../etc/passwd` becoming `etc-passwd` is worth saying).
pub fn explicit_slug_changed(written: &str, slug: &str) -> bool {
    let mut expected = String::with_capacity(written.len());
    let mut pending_dash = false;
    for c in written.trim().chars() {
        if c.is_whitespace() {
            pending_dash = true;
        } else {
            if pending_dash {
                expected.push('-');
                pending_dash = false;
            }
            expected.extend(c.to_lowercase());
        }
    }
    expected != slug
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

    /// Devanagari's virama and nukta are marks but not letters: the title of a Hindi
    /// briefing (a news desk's `लाल सागर में जहाज़रानी…`) became `जहाज-रानी`, `ड-रोन`
    /// and `बढ-े`, a vowel sign after a hyphen.
    #[test]
    fn combining_marks_stay_on_their_letter() {
        assert_eq!(
            slugify("लाल सागर में जहाज़रानी: हूती ड्रोन हमले के बाद बीमा प्रीमियम फिर बढ़े"),
            "लाल-सागर-में-जहाज़रानी-हूती-ड्रोन-हमले-के-बाद-बीमा-प्रीमियम-फिर-बढ़े"
        );
        assert_eq!(slugify_term("जहाज़रानी"), "जहाज़रानी");
        // Thai tone marks, Bengali hasanta, Hebrew points: kept too.
        assert_eq!(slugify("ข่าวด่วน"), "ข่าวด่วน");
        assert_eq!(slugify("স্বাস্থ্য সংবাদ"), "স্বাস্থ্য-সংবাদ");
        assert_eq!(slugify("שָׁלוֹם"), "שָׁלוֹם");
        // A mark with no letter before it is not a slug's first character.
        assert_eq!(slugify("\u{94D}abc"), "abc");
        assert_eq!(slugify("x \u{301}y"), "x-y");
    }

    #[test]
    fn hostile_input_cannot_escape() {
        for s in [slugify, slugify_uncut, slugify_term] {
            assert_eq!(s("../../etc/passwd"), "etc-passwd");
            assert_eq!(s("/abs"), "abs");
            assert_eq!(s("<script>"), "script");
            assert_eq!(s("..."), "");
            assert_eq!(s("a\u{0}b\nc"), "a-b-c");
        }
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

    /// Regression (issue 12): explicit slugs that differ only at their end stayed apart.
    #[test]
    fn explicit_slugs_are_never_cut() {
        let base = "ruby-security-advisory-directory-traversal-in-dir-mktmpdir-and-tempfile-create-cve-2018-6914";
        let (plain, ko, ja) =
            (slugify_uncut(base), slugify_uncut(&format!("{base}-ko")), slugify_uncut(&format!("{base}-ja")));
        assert_eq!(plain, base);
        assert_eq!(ko, format!("{base}-ko"));
        assert_eq!(ja, format!("{base}-ja"));
        // The cut form of all three is one slug: that was the bug.
        assert_eq!(slugify(base), slugify(&format!("{base}-ko")));
    }

    /// Regression: terms and authors were keyed by their cut slug, so two long names
    /// that differ only past the cut (Kubernetes' `author:` lists of linked names) were
    /// one page showing the first one's name.
    #[test]
    fn long_names_that_differ_past_the_cut_keep_their_own_slug() {
        let head =
            "[Radostin Stoyanov](https://github.com/rst0git), [Viktória Spišaková](https://github.com/viktoriaas), ";
        let (a, b) = (format!("{head}[Adrian Reber](x)"), format!("{head}[Peter Hunt](y)"));
        assert_eq!(slugify(&a), slugify(&b));
        let (sa, sb) = (slugify_name(&a), slugify_name(&b));
        assert_ne!(sa, sb);
        // The cut slug and eight hex digits of the whole one's hash, the same every time.
        let cut = slugify(&a);
        assert_eq!(sa, format!("{cut}-{:08x}", stable_hash(&slugify_uncut(&a))));
        assert_eq!(sa, slugify_name(&a));
        // Names with one whole slug are one term still; short ones keep their slug.
        assert_eq!(slugify_name(&a.to_uppercase()), sa);
        assert_eq!(slugify_term(&a.replace(", ", " ; ")), slugify_term(&a));
        assert_eq!(slugify_name("Desk A"), "desk-a");
        assert_eq!(slugify_term("C++"), "c");
        let tag = "Kubernetes SIG Network and the Security Response Committee statement on Ingress NGINX";
        assert_ne!(slugify_term(&format!("{tag}, part one")), slugify_term(&format!("{tag}, part two")));
        // Emoji-only terms past the cut too; and four-byte letters still fit a folder name.
        assert_ne!(slugify_term(&"🚀".repeat(90)), slugify_term(&format!("{}🇰🇷", "🚀".repeat(90))));
        for long in ["𝐀".repeat(200), "🚀".repeat(200), format!("{} x", "a".repeat(300))] {
            let s = slugify_term(&long);
            assert!(s.len() <= MAX_BYTES && is_safe_segment(&s), "{s}");
        }
    }

    /// Regression (review repro-7): a name of 64 to 80 four-byte characters was not cut
    /// at 80 characters, so it got no hash and no byte limit, and its 256 to 320 byte
    /// slug failed the build as a folder name.
    #[test]
    fn names_of_64_to_80_four_byte_characters_fit_a_folder_name() {
        for c in ["𠀀", "🚀", "𝐀", "𝔞"] {
            for n in [62, 63, 64, 70, 80, 81] {
                let name = c.repeat(n);
                let s = slugify_term(&name);
                assert!(s.len() <= MAX_BYTES && is_safe_segment(&s), "{n} x {c}: {} bytes", s.len());
                // One that fits is kept whole; one past the limit is cut and hashed.
                let whole = make(&name, usize::MAX, if c == "🚀" { Keep::Emoji } else { Keep::Alphanumeric });
                if whole.len() <= MAX_BYTES && n <= MAX_CHARS {
                    assert_eq!(s, whole, "{n} x {c}");
                } else {
                    assert!(s.ends_with(&format!("-{:08x}", stable_hash(&whole))), "{n} x {c}: {s}");
                }
                assert_eq!(slugify_name(&name), if c == "🚀" { String::new() } else { s.clone() });
                // A title's slug fits too, and so does its slug made unique.
                let t = slugify(&name);
                assert!(t.len() <= MAX_BYTES, "{n} x {c}: {} bytes", t.len());
            }
        }
        // Two names that differ only in their last letter, past the limit, stay apart.
        assert_ne!(slugify_term(&"𠀀".repeat(70)), slugify_term(&format!("{}𠀁", "𠀀".repeat(69))));
    }

    #[test]
    fn emoji_terms_keep_their_emoji() {
        assert_eq!(slugify_term("🚀"), "🚀");
        assert_eq!(slugify_term("🇰🇷"), "🇰🇷");
        assert_eq!(slugify_term("🚀 🇰🇷"), "🚀-🇰🇷");
        assert_eq!(slugify_term("❤️"), "❤");
        assert_eq!(slugify_term("❤️"), slugify_term("❤"));
        assert_eq!(slugify_term("👍🏽"), "👍🏽");
        assert_eq!(slugify_term("👨‍👩‍👧"), "👨\u{200D}👩\u{200D}👧");
        // Letters win: a term with any letter or digit is slugged as before.
        assert_eq!(slugify_term("rocket 🚀"), "rocket");
        assert_eq!(slugify_term("C++"), "c");
    }

    #[test]
    fn terms_without_anything_visible_have_no_slug() {
        for t in ["!!!", "—", "★", "€", " ", "\u{200D}", "\u{FE0F}", "\u{200D}\u{FE0F}", "#*", "🏻\u{200D}"] {
            let s = slugify_term(t);
            // A lone skin-tone swatch shows, so it may stay; nothing else here may.
            if t.starts_with('🏻') {
                assert_eq!(s, "🏻", "{t:?}");
            } else {
                assert_eq!(s, "", "{t:?}");
            }
        }
    }

    #[test]
    fn emoji_slugs_are_safe_segments() {
        for t in
            ["🚀", "🇰🇷", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "🚀/../🚀", "🚀\\🚀", "🚀\u{0}"]
        {
            let s = slugify_term(t);
            assert!(is_safe_segment(&s), "{t:?} -> {s:?}");
        }
        assert_eq!(slugify_term("🚀/../🚀"), "🚀-🚀");
    }

    #[test]
    fn what_counts_as_a_changed_slug() {
        assert!(!explicit_slug_changed("hello-world", "hello-world"));
        assert!(!explicit_slug_changed("Hello World", "hello-world"));
        assert!(!explicit_slug_changed("  North Korea  ", "north-korea"));
        assert!(explicit_slug_changed("../../etc/passwd", "etc-passwd"));
        assert!(explicit_slug_changed("a_b", "a-b"));
        assert!(explicit_slug_changed("what?", "what"));
        assert!(explicit_slug_changed("a--b", "a-b"));
    }
}
