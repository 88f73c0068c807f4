//! `{{ t(key="nav.skip") }}` written into a template as its text when the template is
//! compiled, so that rendering does not call `t()` for it.
//!
//! Most `t()` calls of a theme name a key alone, and their text is the same on every
//! page of an edition. Each call still cost Tera a map of its arguments and a function
//! call, two dozen times a page: 6% of a clean build's CPU time at 10,000 briefings. A
//! call is folded only where the bytes it prints cannot differ from its text: the text
//! is the one `t()` would give (see [`crate::strings::Strings::plain`]), escaping leaves
//! it as it is (so the template's escaping does not matter), it holds no character a
//! template gives a meaning to (`{`, `}`, `%`, `#`) and no line break, and it neither
//! starts nor ends with a space (which `{%-`/`-%}` beside it would trim). A call written
//! with `{{-` or `-}}`, with more arguments, in a comment or in `{% raw %}` stays as it
//! is, and so does a key with no such text (its error, if any, is still raised where it
//! is rendered).
//!
//! A folded line is shorter than the template as written: [`Fold`]s say by how much, so
//! that a column Tera reports on it is mapped back ([`original_column`]).

/// One call folded: after it, the compiled line is `shift` characters shorter than the
/// template's line (longer when negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// The line (1-based, as Tera counts them; the same in both texts).
    line: usize,
    /// The column (in characters, from 0) just after the text in the compiled line.
    end: usize,
    /// The call's length less the text's, in characters.
    shift: isize,
}

/// The template `text` with each call that can be folded replaced by what `plain` gives
/// for its key (the text `t()` would print), and where that was done; `None` when no
/// call was folded.
pub fn fold<'a>(text: &str, plain: impl Fn(&str) -> Option<&'a str>) -> Option<(String, Vec<Fold>)> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut folds: Vec<Fold> = Vec::new();
    let (mut copied, mut from) = (0, 0);
    // Where `at` is in the template: counted on from the last place asked.
    let (mut line, mut col, mut counted) = (1, 0, 0);
    while let Some(found) = memchr::memchr(b'{', &bytes[from..]) {
        let at = from + found;
        from = match bytes.get(at + 1) {
            Some(b'#') => memchr::memmem::find(&bytes[at + 2..], b"#}").map_or(bytes.len(), |e| at + 2 + e + 2),
            Some(b'%') => {
                let end = tag_end(bytes, at + 2, b'%');
                if tag_word(&text[at + 2..end.saturating_sub(2).max(at + 2)]) == "raw" {
                    end_of_raw(text, end)
                } else {
                    end
                }
            }
            Some(b'{') => {
                let end = tag_end(bytes, at + 2, b'}');
                let call = &text[at..end];
                if let Some(with) = key_of(call).and_then(&plain).filter(|t| foldable(t))
                    && !call.contains('\n')
                {
                    for c in text[counted..at].chars() {
                        (line, col) = if c == '\n' { (line + 1, 0) } else { (line, col + 1) };
                    }
                    counted = at;
                    let before: isize = folds.iter().filter(|f| f.line == line).map(|f| f.shift).sum();
                    let width = with.chars().count();
                    let start = (col as isize - before) as usize;
                    folds.push(Fold {
                        line,
                        end: start + width,
                        shift: call.chars().count() as isize - width as isize,
                    });
                    out.push_str(&text[copied..at]);
                    out.push_str(with);
                    copied = end;
                }
                end
            }
            _ => at + 1,
        };
    }
    if folds.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, folds))
}

/// The column of the template as written that column `col` (from 0) of line `line` of
/// the compiled template came from.
pub fn original_column(folds: &[Fold], line: usize, col: usize) -> usize {
    let shift: isize = folds.iter().filter(|f| f.line == line && f.end <= col).map(|f| f.shift).sum();
    (col as isize + shift).max(0) as usize
}

/// The end (just past `}}` or `%}`, whose first character is `close`) of the tag whose
/// inside starts at `from`, past any quoted string in it; the text's end when there is
/// none (the template was checked before: that does not happen).
fn tag_end(bytes: &[u8], from: usize, close: u8) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i = memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e + 1);
                continue;
            }
            c if c == close && bytes.get(i + 1) == Some(&b'}') => return i + 2,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// `- raw -` → `raw`: a tag's inside without whitespace control and spaces.
fn tag_word(inside: &str) -> &str {
    inside.trim().trim_start_matches('-').trim_end_matches('-').trim()
}

/// Past the `{% endraw %}` that closes a raw block whose text starts at `from`.
fn end_of_raw(text: &str, mut from: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(found) = memchr::memmem::find(&bytes[from..], b"{%") {
        let at = from + found;
        let end = tag_end(bytes, at + 2, b'%');
        if tag_word(&text[at + 2..end.saturating_sub(2).max(at + 2)]) == "endraw" {
            return end;
        }
        from = at + 2;
    }
    bytes.len()
}

/// `{{ t(key="nav.skip") }}` → `nav.skip`: the key of a print tag that is a call of `t`
/// with a key alone, without whitespace control.
fn key_of(call: &str) -> Option<&str> {
    let inside = call.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let args = inside.strip_prefix('t')?.trim_start().strip_prefix('(')?.strip_suffix(')')?.trim();
    let value = args.strip_prefix("key")?.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|q| matches!(q, '"' | '\'' | '`'))?;
    let key = value[1..].strip_suffix(quote)?;
    (!key.is_empty() && !key.contains(quote)).then_some(key)
}

/// Whether `text` (as `t()` prints it, escaped) prints the same bytes in any template.
fn foldable(text: &str) -> bool {
    !text.is_empty()
        && text.trim() == text
        && !text.contains(['&', '<', '>', '"', '\'', '{', '}', '%', '#', '\n', '\r'])
        && !text.chars().any(crate::parse::text::is_forbidden_in_xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(key: &str) -> Option<&'static str> {
        match key {
            "nav.skip" => Some("Skip to content"),
            "nav.latest" => Some("Neueste"),
            "ja" => Some("本文へ"),
            "amp" => Some("Tom &amp; Jerry"),
            "brace" => Some("a {b} c"),
            "spaced" => Some(" · "),
            _ => None,
        }
    }

    fn folded(text: &str) -> String {
        fold(text, plain).map_or_else(|| text.to_string(), |(t, _)| t)
    }

    #[test]
    fn a_call_with_a_key_alone_becomes_its_text() {
        assert_eq!(folded(r#"<a>{{ t(key="nav.skip") }}</a>"#), "<a>Skip to content</a>");
        assert_eq!(folded(r#"{{t(key='nav.latest')}}|{{  t ( key = `ja` )  }}"#), "Neueste|本文へ");
        assert_eq!(folded("no calls {{ x }} {% if y %}{% endif %}"), "no calls {{ x }} {% if y %}{% endif %}");
    }

    #[test]
    fn other_calls_stay() {
        for text in [
            r#"{{- t(key="nav.skip") }}"#,
            r#"{{ t(key="nav.skip") -}}"#,
            r#"{{ t(key="nav.skip", n=2) }}"#,
            r#"{{ t(key="nav.skip") | upper }}"#,
            r#"{{ t(key=name) }}"#,
            r#"{{ t(key="unknown") }}"#,
            r#"{{ t(key="amp") }}"#,
            r#"{{ t(key="brace") }}"#,
            r#"{{ t(key="spaced") }}"#,
            r#"{{ macros::t(key="nav.skip") }}"#,
            "{{ t(key=\"nav.skip\"\n) }}",
            r#"{# {{ t(key="nav.skip") }} #}"#,
            r#"{% raw %}{{ t(key="nav.skip") }}{% endraw %}"#,
            r#"{%- raw -%} {% if %} {{ t(key="nav.skip") }} {%- endraw %}"#,
            r#"{% set s = "{{ t(key='nav.skip') }}" %}{{ s }}"#,
        ] {
            assert_eq!(folded(text), text, "{text}");
        }
        // After a raw block, calls fold again.
        assert_eq!(
            folded(r#"{% raw %}{{ t(key="nav.skip") }}{% endraw %}{{ t(key="nav.skip") }}"#),
            r#"{% raw %}{{ t(key="nav.skip") }}{% endraw %}Skip to content"#
        );
        assert_eq!(fold("{{ t(key=\"amp\") }}", plain), None);
    }

    #[test]
    fn columns_on_a_folded_line_map_back() {
        let text = "<p>{{ t(key=\"ja\") }} {{ t(key=\"nav.skip\") }} {{ oops }}\n{{ ok }}";
        let (out, folds) = fold(text, plain).unwrap();
        assert_eq!(out, "<p>本文へ Skip to content {{ oops }}\n{{ ok }}");
        let column = |line: &str| line[..line.find("oops").unwrap()].chars().count();
        let (oops, written) = (column(out.lines().next().unwrap()), column(text.lines().next().unwrap()));
        assert_eq!((oops, written), (26, 48));
        assert_eq!(original_column(&folds, 1, oops), written);
        assert_eq!(original_column(&folds, 1, 2), 2, "before any call");
        assert_eq!(original_column(&folds, 2, 3), 3, "another line");
    }
}
