//! The words of a title, tags or summary as the search page reads them: the same rules
//! as `words()` in `search.js`, so what the index files under a word is exactly what a
//! query of that word looks for. Pure.

use crate::parse::text::{dot_in_number, is_cjk, word_runs};

/// Call `each` with every word of `text`, in order, repeats included: lowercase runs of
/// letters and numbers; a run of Han or Kana as its overlapping two-character pieces (a
/// lone character as itself), as the body's words are indexed
/// ([`crate::parse::text::search_words`]). Unlike body words, short words and stop words
/// stay: the search page counts them in titles, tags and summaries.
pub fn page_words(text: &str, mut each: impl FnMut(&str)) {
    if text.is_ascii() {
        // The common case, on bytes: ASCII letters and digits, no Han or Kana.
        let bytes = text.as_bytes();
        let mut lower = String::new();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let start = i;
            let mut upper = false;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || dot_in_number(bytes, i)) {
                upper |= bytes[i].is_ascii_uppercase();
                i += 1;
            }
            if i > start {
                let w = &text[start..i];
                if upper {
                    lower.clear();
                    lower.push_str(w);
                    lower.make_ascii_lowercase();
                    each(&lower);
                } else {
                    each(w);
                }
            }
        }
        return;
    }
    let lower = text.to_lowercase();
    word_runs(&lower, |w| {
        if w.is_ascii() || !w.chars().any(is_cjk) {
            each(w);
            return;
        }
        crate::parse::text::cjk_pieces(w, |piece, _| each(piece));
    });
}

/// The words of `text` as a list.
#[cfg(test)]
pub fn page_word_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    page_words(text, |w| out.push(w.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_the_search_page_splits_them() {
        assert_eq!(
            page_word_list("The NATO summit, the nato Summit: 북한 a"),
            ["the", "nato", "summit", "the", "nato", "summit", "북한", "a"]
        );
        assert_eq!(page_word_list("北约NATO峰会 宣言 中"), ["北约", "nato", "峰会", "宣言", "中"]);
        assert_eq!(page_word_list("朝鲜谴责北约"), ["朝鲜", "鲜谴", "谴责", "责北", "北约"]);
        assert_eq!(page_word_list("Côte d'Ivoire, 2024-07"), ["côte", "d", "ivoire", "2024", "07"]);
        // Marks stay on their letter, as in the body's words.
        assert_eq!(page_word_list("हिन्दी भारत"), ["हिन्दी", "भारत"]);
        assert_eq!(page_word_list("مُحَمَّد ใหม่"), ["مُحَمَّد", "ใหม่"]);
        assert_eq!(page_word_list("½ Ⅻ"), ["½", "ⅻ"]);
        // A dot between numbers stays in the word (a version, a figure); others split.
        assert_eq!(
            page_word_list("Ruby 2.5.0, v3.1. 1.5 example.org 2024."),
            ["ruby", "2.5.0", "v3.1", "1.5", "example", "org", "2024"]
        );
        assert_eq!(page_word_list("Версия 2.5.0 ٢.٥ 1..2 .5 5."), ["версия", "2.5.0", "٢.٥", "1", "2", "5", "5"]);
        assert!(page_word_list(" -- ").is_empty());
    }
}
