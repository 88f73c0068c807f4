//! kramdown's attribute lists in Jekyll content, which kramdown makes invisible and
//! brief's Markdown would show as text: block IALs on their own line (`{: .prompt-tip }`
//! after a blockquote, `{: file="x.rb" }` after a code fence), span IALs right after an
//! inline element (`` `x.sh`{: .filepath} ``, `![a](b.png){: width="700" }`),
//! attribute definitions (`{:ref: .cls}`) and abbreviations (`*[CMS]: …`). Chirpy's
//! prompts become GitHub alerts, an id after a heading becomes a heading attribute, the
//! rest is dropped and reported. Code
//! (fences, inline code spans, `{% highlight %}`, indented code) is never touched;
//! extensions (`{::comment}`, `{::nomarkdown}`) stay as written, reported. Pure.

use super::NoteKind;
use super::finish::{Converted, Ctx};

/// A body without its attribute lists, and where each of its lines was.
#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    /// The new text.
    pub text: String,
    /// (offset in the original body, kind, what).
    pub notes: Vec<(usize, NoteKind, String)>,
    /// For each line of `text`: (its offset in `text`, the offset in the body of the
    /// line it came from).
    starts: Vec<(usize, usize)>,
}

impl Cleaned {
    /// The offset in the original body of the line holding offset `at` of the new text.
    pub fn original(&self, at: usize) -> usize {
        let i = self.starts.partition_point(|(t, _)| *t <= at).saturating_sub(1);
        self.starts.get(i).map_or(0, |s| s.1)
    }
}

/// Convert a Jekyll body (its attribute lists, its Liquid, then kramdown's blocks);
/// every note at an offset of `body`.
pub(crate) fn convert_jekyll(body: &str, ctx: &Ctx) -> Converted {
    super::kramdown_blocks::convert_jekyll(body, ctx)
}

/// Which lines of `body` are code: fences, `{% highlight %}` and `{% comment %}`
/// blocks, indented code.
pub(super) fn code_lines(body: &str) -> Vec<bool> {
    let mut at = 0;
    let lines: Vec<(usize, &str)> = body
        .split_inclusive('\n')
        .map(|l| {
            at += l.len();
            (at - l.len(), l.trim_end_matches(['\n', '\r']))
        })
        .collect();
    classify(body, &lines).into_iter().map(|c| c == Class::Code).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Prose,
    Blank,
    Code,
    /// An attribute list or definition on its own line.
    Ial,
}

/// The text of a line after its indentation and blockquote markers.
fn unquoted(line: &str) -> &str {
    line.trim_start_matches([' ', '\t', '>'])
}

/// Columns of indentation (a tab to the next multiple of four).
pub(super) fn indent(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// A fence opening or closing line: (its character, run length, rest of the line).
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let t = unquoted(line);
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| (c, n, &t[n..]))
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t'])
        || (digits > 0 && t[digits..].starts_with(['.', ')']) && t[digits + 1..].starts_with([' ', '\t']))
}

/// The attribute list `inner` (between `{:` and `}`) as tokens, when it is one: `.class`,
/// `#id`, `key="value"`, `key='value'` or a reference name.
pub(super) fn attributes(inner: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let word = rest.find(|c: char| c.is_whitespace() || c == '=').unwrap_or(rest.len());
        let len = if rest[word..].starts_with('=') {
            let q = rest[word + 1..].chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let close = rest[word + 2..].find(q)?;
            word + 2 + close + 1
        } else {
            word
        };
        let token = &rest[..len];
        let name = token.split('=').next().unwrap_or("");
        let plain = name.trim_start_matches(['.', '#']);
        let ok = !plain.is_empty()
            && name.len() - plain.len() <= 1
            && plain.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
        if !ok {
            return None;
        }
        out.push(token);
        rest = rest[len..].trim_start();
    }
    (!out.is_empty()).then_some(out)
}

/// A whole line that is an attribute list: (inner text, is a definition `{:ref: …}`).
fn ial_line(line: &str) -> Option<(&str, bool)> {
    let t = line.trim();
    let inner = t.strip_prefix("{:")?.strip_suffix('}')?;
    if inner.starts_with([':', '/']) || inner.contains('}') {
        return None;
    }
    if let Some((name, rest)) = inner.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && (rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        return Some((inner, true));
    }
    attributes(inner).map(|_| (inner, false))
}

/// A kramdown abbreviation definition on its own line (`*[CMS]: Content Management
/// System`): the abbreviation. kramdown shows none of the line.
fn abbreviation(line: &str) -> Option<&str> {
    if indent(line) >= 4 {
        return None;
    }
    let (name, _) = line.trim_start().strip_prefix("*[")?.split_once("]:")?;
    (!name.trim().is_empty() && !name.contains(['[', '\n'])).then_some(name)
}

/// The alert a Chirpy prompt class becomes.
fn alert(class: &str) -> Option<&'static str> {
    match class {
        ".prompt-tip" => Some("TIP"),
        ".prompt-info" => Some("NOTE"),
        ".prompt-warning" => Some("WARNING"),
        ".prompt-danger" => Some("CAUTION"),
        _ => None,
    }
}

/// Each line's class: code (fences, `{% highlight %}` and `{% comment %}` blocks,
/// indented code), blank, an attribute list on its own line, or prose.
fn classify(body: &str, lines: &[(usize, &str)]) -> Vec<Class> {
    let mut class = vec![Class::Prose; lines.len()];
    let mut open: Option<(char, usize)> = None;
    let mut code_until = 0; // Liquid code blocks: the offset they end at
    let mut last_text = ""; // the last non-blank line outside code
    for (i, &(start, line)) in lines.iter().enumerate() {
        if start < code_until {
            class[i] = Class::Code;
            continue;
        }
        if let Some((c, n)) = open {
            class[i] = Class::Code;
            if fence(line).is_some_and(|(fc, fnum, rest)| fc == c && fnum >= n && rest.trim().is_empty()) {
                open = None;
            }
            continue;
        }
        if line.trim().is_empty() {
            class[i] = Class::Blank;
            continue;
        }
        if let Some((c, n, rest)) = fence(line)
            && !(c == '`' && rest.contains('`'))
        {
            class[i] = Class::Code;
            open = Some((c, n));
            continue;
        }
        let after_blank = i == 0 || class[i - 1] == Class::Blank || class[i - 1] == Class::Code;
        if indent(line) >= 4 && after_blank && indent(last_text) == 0 && !is_list_item(last_text) {
            class[i] = Class::Code;
            continue;
        }
        if let Some(at) = line.find("{%") {
            let inner = line[at + 2..].trim_start_matches('-').trim_start();
            for (name, end) in [("highlight", "endhighlight"), ("comment", "endcomment")] {
                if inner.starts_with(name)
                    && let Some((_, e)) = super::liquid::find_tag(body, start + at, end)
                {
                    class[i] = Class::Code;
                    code_until = e;
                }
            }
            if class[i] == Class::Code {
                continue;
            }
        }
        if ial_line(line).is_some() || abbreviation(line).is_some() {
            class[i] = Class::Ial;
            continue;
        }
        last_text = line;
    }
    class
}

/// What the report shows of an attribute list.
fn shown(inner: &str) -> String {
    format!("{{:{inner}}}")
}

/// The note about the attributes `what` of list `inner` dropped (all of them, or the
/// ones left after a conversion).
pub(super) fn dropped(inner: &str, what: &[&str], all: bool) -> (NoteKind, String) {
    let which = if all { format!("`{}`", shown(inner)) } else { format!("`{}` of `{}`", what.join(" "), shown(inner)) };
    if what.iter().all(|t| *t == ".no_toc") {
        return (NoteKind::NotConverted, format!("{which} dropped: brief's table of contents lists every heading"));
    }
    if what.iter().all(|t| *t == ".nolineno") {
        return (NoteKind::Info, format!("{which} dropped: brief's code blocks have no line numbers"));
    }
    (NoteKind::NotConverted, format!("kramdown attributes {which} dropped: brief's Markdown has no attribute lists"))
}

/// Take the attribute lists out of `body`.
pub(crate) fn clean(body: &str) -> Cleaned {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut ends: Vec<&str> = Vec::new();
    let mut at = 0;
    for l in body.split_inclusive('\n') {
        let text = l.trim_end_matches(['\n', '\r']);
        lines.push((at, text));
        ends.push(&l[text.len()..]);
        at += l.len();
    }
    let mut class = classify(body, &lines);
    let mut notes = Vec::new();
    // Each line's new text; `None` for a line taken out.
    let mut out: Vec<Option<String>> = lines.iter().map(|(_, l)| Some(l.to_string())).collect();
    // Lines put in before a line: (index, text, offset it came from).
    let mut inserted: Vec<(usize, String, usize)> = Vec::new();
    super::kramdown_spans::spans(&lines, &class, &mut out, &mut notes);
    // kramdown's table separators and table of contents markers go with the attribute
    // lists: all are lines kramdown shows nothing of.
    let texts: Vec<&str> = lines.iter().map(|l| l.1).collect();
    let prose: Vec<bool> = class.iter().map(|c| *c == Class::Prose).collect();
    let ial: Vec<bool> = class.iter().map(|c| *c == Class::Ial).collect();
    for (i, kind, text) in super::kramdown_toc::markers(&texts, &prose, &ial) {
        (out[i], out[i + 1], class[i + 1]) = (None, Some(String::new()), Class::Blank);
        notes.push((lines[i].0, kind, text));
    }
    for (i, line, kind, text) in super::kramdown_tables::separators(&texts, &prose) {
        out[i] = line;
        notes.push((lines[i].0, kind, text));
    }
    for i in (0..lines.len()).filter(|&i| class[i] == Class::Ial) {
        let (start, line) = lines[i];
        let (inner, definition) = ial_line(line).unwrap_or_default();
        let next_is_text = lines.get(i + 1).is_some_and(|(_, l)| !l.trim().is_empty());
        // A blank line keeps the blocks around it apart, as the list did.
        out[i] = next_is_text.then(String::new);
        if let Some(name) = abbreviation(line) {
            notes.push((
                start,
                NoteKind::NotConverted,
                format!(
                    "kramdown abbreviation `*[{name}]` dropped: brief's Markdown has no abbreviations, so `{name}` shows without its expansion"
                ),
            ));
            continue;
        }
        if definition {
            notes.push((
                start,
                NoteKind::NotConverted,
                format!("kramdown attribute definition `{}` dropped: brief's Markdown has none", shown(inner)),
            ));
            continue;
        }
        let tokens = attributes(inner).unwrap_or_default();
        let prev = (0..i).rev().find(|&j| class[j] != Class::Ial).filter(|&j| class[j] != Class::Blank);
        let prompt = tokens.iter().find_map(|t| alert(t));
        // The blockquote the list follows: its first `>` line in the block before.
        let quoted = |j: usize| lines[j].1.trim_start().starts_with('>');
        let quote = prev.and_then(|p| {
            let mut r = p + 1;
            while r > 0 && (class[r - 1] == Class::Prose || class[r - 1] == Class::Code && quoted(r - 1)) {
                r -= 1;
            }
            (r..=p).find(|&j| quoted(j))
        });
        let heading = prev.filter(|&p| {
            let t = lines[p].1.trim_start();
            class[p] == Class::Prose && t.starts_with('#') && t.trim_start_matches('#').starts_with([' ', '\t'])
        });
        let mut rest: Vec<&str> = tokens.clone();
        match (prompt, quote, heading) {
            (Some(kind), Some(q), _) => {
                let ws = &lines[q].1[..lines[q].1.len() - lines[q].1.trim_start().len()];
                inserted.push((q, format!("{ws}> [!{kind}]"), start));
                notes.push((
                    start,
                    NoteKind::Converted,
                    format!("`{}` → `> [!{kind}]`: the Chirpy prompt as a GitHub alert", shown(inner)),
                ));
                rest.retain(|t| alert(t).is_none());
            }
            (None, _, Some(h)) if tokens.iter().any(|t| t.starts_with('#')) => {
                let id = tokens.iter().find(|t| t.starts_with('#')).copied().unwrap_or_default();
                if let Some(text) = out[h].as_mut() {
                    text.push_str(&format!(" {{{id}}}"));
                }
                notes.push((start, NoteKind::Converted, format!("`{}` → heading id `{{{id}}}`", shown(inner))));
                rest.retain(|t| *t != id);
            }
            _ => {}
        }
        if !rest.is_empty() {
            let (kind, text) = dropped(inner, &rest, rest.len() == tokens.len());
            notes.push((start, kind, text));
        }
    }
    let mut c = Cleaned::default();
    let push = |c: &mut Cleaned, text: &str, end: &str, from: usize| {
        c.starts.push((c.text.len(), from));
        c.text.push_str(text);
        c.text.push_str(end);
    };
    inserted.sort_by_key(|x| x.0);
    let mut ins = inserted.iter().peekable();
    for (i, (start, _)) in lines.iter().enumerate() {
        while let Some((_, text, from)) = ins.next_if(|x| x.0 == i) {
            push(&mut c, text, if ends[i].is_empty() { "\n" } else { ends[i] }, *from);
        }
        if let Some(text) = &out[i] {
            push(&mut c, text, ends[i], *start);
        }
    }
    notes.sort_by_key(|n| n.0);
    c.notes = notes;
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(c: &Cleaned, body: &str) -> Vec<(usize, NoteKind, String)> {
        c.notes.iter().map(|(at, k, t)| (super::super::matter::line_at(body, *at), *k, t.clone())).collect()
    }

    #[test]
    fn prompts_become_alerts_and_code_is_kept() {
        let body = "> An example showing the `tip` type prompt.\n{: .prompt-tip }\n\n> Info\n>\n> more\n{:.prompt-info}\nNext.\n\n```ruby\nx = {:a => 1}\n{: .prompt-tip }\n```\n{: file=\"x.rb\" .nolineno }\n";
        let c = clean(body);
        assert_eq!(
            c.text,
            "> [!TIP]\n> An example showing the `tip` type prompt.\n\n> [!NOTE]\n> Info\n>\n> more\n\nNext.\n\n```ruby\nx = {:a => 1}\n{: .prompt-tip }\n```\n"
        );
        let notes = lines_of(&c, body);
        assert_eq!(
            notes[0],
            (2, NoteKind::Converted, "`{: .prompt-tip }` → `> [!TIP]`: the Chirpy prompt as a GitHub alert".into())
        );
        assert_eq!(notes[1].0, 7);
        assert_eq!(
            notes[2],
            (
                14,
                NoteKind::NotConverted,
                "kramdown attributes `{: file=\"x.rb\" .nolineno }` dropped: brief's Markdown has no attribute lists"
                    .into()
            )
        );
        assert_eq!(notes.len(), 3);
        // Lines of the new text map to the lines they came from.
        let line_of = |needle: &str| super::super::matter::line_at(body, c.original(c.text.find(needle).unwrap()));
        assert_eq!((line_of("> [!TIP]"), line_of("> An"), line_of("Next."), line_of("```ruby")), (2, 1, 8, 10));
    }

    #[test]
    fn span_lists_go_and_code_spans_stay() {
        let body = "Here is the `/path/x.sh`{: .filepath}.\n![img](a.png){: width=\"700\" height=\"400\" }\n`a {: .b} c` and ``x ` {: .c}`` \\{: .d}\n```\n{: .e}\n```\n{: .nolineno }\n\n    {: .code}\n";
        let c = clean(body);
        assert_eq!(
            c.text,
            "Here is the `/path/x.sh`.\n![img](a.png)\n`a {: .b} c` and ``x ` {: .c}`` \\{: .d}\n```\n{: .e}\n```\n\n    {: .code}\n"
        );
        let kinds: Vec<(usize, NoteKind)> = lines_of(&c, body).into_iter().map(|(l, k, _)| (l, k)).collect();
        assert_eq!(kinds, vec![(1, NoteKind::NotConverted), (2, NoteKind::NotConverted), (7, NoteKind::Info)]);
    }

    #[test]
    fn a_span_list_wrapped_onto_the_next_line_goes() {
        // ruby/www.ruby-lang.org, en/news/_posts/2006-11-03-CVE-2006-5467.md: kramdown
        // reads the list on over the line break, and showed none of it.
        let body = "* [ \\[SEC\\] Mongrel Fix][3]{:\n  lang=\"Mongrel\"}\n\nA [b][1]{: .x\n.y} c\nd\n";
        let c = clean(body);
        assert_eq!(c.text, "* [ \\[SEC\\] Mongrel Fix][3]\n\nA [b][1]\n c\nd\n");
        assert_eq!(
            lines_of(&c, body),
            vec![
                (
                    1,
                    NoteKind::NotConverted,
                    "kramdown attributes `{: lang=\"Mongrel\"}` dropped: brief's Markdown has no attribute lists"
                        .into()
                ),
                (
                    4,
                    NoteKind::NotConverted,
                    "kramdown attributes `{: .x .y}` dropped: brief's Markdown has no attribute lists".into()
                ),
            ]
        );
        // Not a list, or never closed in its paragraph: left as written.
        let kept = "Set {:\n50% off} and {:\n\n.x}\n";
        assert_eq!(clean(kept).text, kept);
    }

    #[test]
    fn abbreviations_go_reported_and_stay_in_code() {
        // mmistakes/made-mistakes-jekyll, "Going static": kramdown hides the definitions.
        let body = "Using a CMS from the CLI.\n\n*[CMS]: Content Management System\n*[CLI]: Command Line Interface\n```\n*[X]: y\n```\n";
        let c = clean(body);
        assert_eq!(c.text, "Using a CMS from the CLI.\n\n\n\n```\n*[X]: y\n```\n");
        let notes: Vec<(usize, String)> = lines_of(&c, body).into_iter().map(|(l, _, t)| (l, t)).collect();
        assert_eq!(
            notes,
            vec![
                (3, "kramdown abbreviation `*[CMS]` dropped: brief's Markdown has no abbreviations, so `CMS` shows without its expansion".to_string()),
                (4, "kramdown abbreviation `*[CLI]` dropped: brief's Markdown has no abbreviations, so `CLI` shows without its expansion".to_string()),
            ]
        );
    }

    #[test]
    fn heading_ids_definitions_and_extensions() {
        let body = "## Setup\n{: #setup .mt-4 }\n\n{:ref: .wide}\n\n{::comment}\nx\n{:/comment}\nText {:a => 1}.\n";
        let c = clean(body);
        assert_eq!(c.text, "## Setup {#setup}\n\n\n{::comment}\nx\n{:/comment}\nText {:a => 1}.\n");
        let kinds: Vec<(usize, NoteKind)> = lines_of(&c, body).into_iter().map(|(l, k, _)| (l, k)).collect();
        assert_eq!(
            kinds,
            vec![
                (2, NoteKind::Converted),
                (2, NoteKind::NotConverted),
                (4, NoteKind::NotConverted),
                (6, NoteKind::NotConverted)
            ]
        );
    }
}
