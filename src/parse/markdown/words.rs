//! The plain text of a body and its word count, built as the Markdown events go by.

/// Builds the plain text of a body as its words separated by single spaces, counting
/// them, in one pass (words are what `str::split_whitespace` gives).
#[derive(Default)]
pub(super) struct Words {
    pub(super) count: usize,
    /// The last character pushed was part of a word (no whitespace since).
    in_word: bool,
}

impl Words {
    /// A break between words, whatever follows.
    pub(super) fn separate(&mut self) {
        self.in_word = false;
    }

    pub(super) fn push(&mut self, text: &mut String, s: &str) {
        // Most text holds no whitespace but single spaces: then its words are known
        // from the spaces alone. Anything else (tab to CR, a lead byte of U+0085, U+00A0,
        // U+1680, U+2000-U+205F or U+3000, or two spaces) takes the character walk.
        let special = s.bytes().fold(false, |acc, b| acc | matches!(b, 0x09..=0x0D | 0xC2 | 0xE1..=0xE3));
        if special || s.contains("  ") {
            return self.push_slow(text, s);
        }
        if s.starts_with(' ') {
            self.in_word = false;
        }
        let core = s.trim_matches(' ');
        if !core.is_empty() {
            if !self.in_word {
                self.count += 1;
                if !text.is_empty() {
                    text.push(' ');
                }
            }
            self.count += core.bytes().filter(|&b| b == b' ').count();
            text.push_str(core);
            self.in_word = true;
        }
        if s.ends_with(' ') {
            self.in_word = false;
        }
    }

    /// `push` for text that may hold any whitespace.
    fn push_slow(&mut self, text: &mut String, s: &str) {
        let mut run: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if let Some(start) = run.take() {
                    self.word(text, &s[start..i]);
                }
                self.in_word = false;
            } else if run.is_none() {
                run = Some(i);
            }
        }
        if let Some(start) = run {
            self.word(text, &s[start..]);
        }
    }

    /// Append a piece of a word (a word may continue across events: `*x*y`).
    fn word(&mut self, text: &mut String, piece: &str) {
        if !self.in_word {
            self.count += 1;
            if !text.is_empty() {
                text.push(' ');
            }
        }
        text.push_str(piece);
        self.in_word = true;
    }
}
