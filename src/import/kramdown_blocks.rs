//! kramdown's blocks that CommonMark reads otherwise, in a Jekyll body after its
//! Liquid: an HTML element kramdown reads whole (a blank line inside ends CommonMark's
//! HTML block, and the rest, indented, became a code block), `markdown="1"` on one (its
//! inside is Markdown), definition lists, and Liquid left as is on a line of its own (a
//! block of its own, as the include's output was, so the link definitions under it
//! stay definitions; its text kept from smart punctuation). Code is never touched. Pure.

use super::NoteKind;
use super::deflist::{blank, fence};
use super::finish::{Converted, Ctx};
use super::kramdown::{code_lines, indent};

/// The block elements kramdown reads to their closing tag, without those CommonMark
/// reads so too (`pre`, `script`, `style`, `textarea`).
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "iframe",
    "li",
    "main",
    "map",
    "menu",
    "nav",
    "noscript",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "video",
];

/// Convert a Jekyll body: its attribute lists, its Liquid, then the blocks above;
/// every note at an offset of `body`. (Jekyll runs Liquid first, but the attribute
/// lists and blocks are reported where the body writes them.)
pub(crate) fn convert_jekyll(body: &str, ctx: &Ctx) -> Converted {
    let k = super::kramdown::clean(body);
    let (liquid, kept) = super::liquid::convert_keeping(&k.text, ctx);
    let mut notes = k.notes.clone();
    notes.extend(liquid.notes.into_iter().map(|(at, kind, text)| (k.original(at), kind, text)));
    // The blocks: reported in the text as written, converted in the text Liquid left.
    notes.extend(convert(&k.text, &[]).notes.into_iter().map(|(at, kind, text)| (k.original(at), kind, text)));
    // Math last, so that nothing after it reads its escapes; counted as converted (not in
    // a `{% highlight %}` or `{% comment %}`, nor in Liquid kept as written, whose `$`s
    // are escaped), reported where the first one converted is written.
    let blocks = convert(&liquid.text, &kept).text;
    let math = super::kramdown_math::convert(&blocks);
    if let Some(first) = math.first {
        let rest = &blocks[first + 2..];
        let whole = &blocks[first..first + 2 + rest.find("$$").map_or(0, |e| e + 2)];
        let at = k.text.find(whole).or_else(|| super::kramdown_math::convert(&k.text).first).unwrap_or(0);
        let text = format!(
            "kramdown math → `\\[…\\]` ({} display) and `\\(…\\)` ({} inline), the LaTeX as written, as kramdown \
             wrote it for MathJax or KaTeX to typeset",
            math.display, math.inline
        );
        notes.push((k.original(at), NoteKind::Converted, text));
    }
    Converted { text: math.text, notes }
}

/// One line: its offset, its text, its line ending.
type Line<'a> = (usize, &'a str, &'a str);

/// An element opening a line, read to its closing tag.
#[derive(Debug)]
struct Element {
    name: String,
    /// The byte after the opening tag's `>` on its line.
    open_end: usize,
    /// The line of the closing tag and the byte of its `</`.
    close: (usize, usize),
    /// The `markdown` attribute: its bytes (with the space before it) and value.
    markdown: Option<(usize, usize, String)>,
    /// A fence line, `<pre>` or `<textarea>` inside, whose lines must stay as written.
    fenced: bool,
}

/// Whether `at` in `lower` starts tag `name` (`<div` then a space, `>` or `/`).
fn tag_at(lower: &str, at: usize, name: &str) -> bool {
    lower[at..].starts_with(name) && !lower[at + name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// The `markdown=` attribute in the opening tag `tag`: (start with its space, end, value).
fn markdown_attribute(tag: &str) -> Option<(usize, usize, String)> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.match_indices("markdown=").map(|(i, _)| i).find(|&i| lower[..i].ends_with([' ', '\t']))?;
    let rest = &tag[at + "markdown=".len()..];
    let (value, len) = match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let close = rest[1..].find(q)?;
            (&rest[1..1 + close], close + 2)
        }
        _ => {
            let n = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
            (&rest[..n], n)
        }
    };
    let start = tag[..at].trim_end_matches([' ', '\t']).len();
    Some((start, at + "markdown=".len() + len, value.to_string()))
}

/// The element opening line `i` (at most three spaces in), when kramdown reads it as
/// one: a block element whose closing tag is found.
fn element(lines: &[Line], i: usize) -> Option<Element> {
    let line = lines[i].1;
    let t = line.trim_start();
    if indent(line) > 3 || !t.starts_with('<') {
        return None;
    }
    let lead = line.len() - t.len();
    let lower = line.to_ascii_lowercase();
    let name = BLOCK.iter().find(|n| tag_at(&lower, lead + 1, n))?.to_string();
    let open_end = lead + line[lead..].find('>')? + 1;
    if line[..open_end].ends_with("/>") {
        return None;
    }
    let markdown = markdown_attribute(&line[..open_end]);
    let (mut depth, mut fenced) = (1, false);
    for (j, &(_, text, _)) in lines.iter().enumerate().skip(i) {
        let lower = text.to_ascii_lowercase();
        // A blank line in a `<pre>` inside is its text: the element stays as written.
        fenced |= fence(text).is_some() && j > i || lower.contains("<pre") || lower.contains("<textarea");
        let from = if j == i { open_end } else { 0 };
        for (at, _) in lower[from..].match_indices('<').map(|(a, m)| (a + from, m)) {
            if lower[at + 1..].starts_with('/') && tag_at(&lower, at + 2, &name) {
                depth -= 1;
                if depth == 0 {
                    return Some(Element { name, open_end, close: (j, at), markdown, fenced });
                }
            } else if tag_at(&lower, at + 1, &name) {
                depth += 1;
            }
        }
    }
    None
}

/// The byte ranges of the code spans of `line`.
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|x| **x == b'`').count();
        let mut j = i + n;
        let mut end = None;
        while j < b.len() {
            let m = b[j..].iter().take_while(|x| **x == b'`').count();
            if m == n {
                end = Some(j + m);
                break;
            }
            j += m.max(1);
        }
        match end {
            Some(e) => {
                spans.push((i, e));
                i = e;
            }
            None => i += n,
        }
    }
    spans
}

/// Liquid as written, escaped where Markdown would change it: quotes (smart
/// punctuation makes them curly), `--` and `...`, and the characters that open
/// emphasis, code, links, entities, escapes or kramdown math (`$$`, converted after).
fn escaped(liquid: &str) -> String {
    let c: Vec<char> = liquid.chars().collect();
    let mut out = String::with_capacity(liquid.len() + 8);
    for (i, &ch) in c.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| c[p]);
        let next = c.get(i + 1).copied();
        let escape = match ch {
            '"' | '\'' | '\\' | '`' | '*' | '[' | ']' | '&' | '$' => true,
            '-' | '.' => prev == Some(ch) || next == Some(ch),
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Line `line` (at `at` of the text) with its kept Liquid escaped, outside code spans
/// and HTML tags; and whether the Liquid is all the line holds.
fn with_liquid(line: &str, at: usize, kept: &[(usize, usize)]) -> Option<(String, bool)> {
    let mine: Vec<(usize, usize)> =
        kept.iter().filter(|(s, e)| *s >= at && *e <= at + line.len()).map(|(s, e)| (s - at, e - at)).collect();
    if mine.is_empty() {
        return None;
    }
    let spans = code_spans(line);
    let mut out = String::new();
    let mut from = 0;
    let mut rest = String::new();
    for &(s, e) in &mine {
        out.push_str(&line[from..s]);
        rest.push_str(&line[from..s]);
        let before = &line[..s];
        let in_tag = before.rfind('<').is_some_and(|l| before.rfind('>').is_none_or(|g| g < l));
        if in_tag || spans.iter().any(|(a, b)| *a < s && e <= *b) {
            out.push_str(&line[s..e]);
        } else {
            out.push_str(&escaped(&line[s..e]));
        }
        from = e;
    }
    out.push_str(&line[from..]);
    rest.push_str(&line[from..]);
    Some((out, blank(&rest) && indent(line) < 4))
}

/// The blocks of `text` converted; `kept`: where Liquid left as written lies in it.
pub(crate) fn convert(text: &str, kept: &[(usize, usize)]) -> Converted {
    let mut lines: Vec<Line> = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        lines.push((at, body, &l[body.len()..]));
        at += l.len();
    }
    let code = code_lines(text);
    let mut c = Converted::default();
    // Blank lines wanted before the next line that is not blank.
    let mut apart = false;
    // Closing tags of `markdown="1"` elements ahead: (line, byte of `</`).
    let mut closes: Vec<(usize, usize)> = Vec::new();
    let set_apart = |out: &mut String| {
        if !out.is_empty() && !out.ends_with("\n\n") && !out.ends_with("\n\r\n") {
            out.push('\n');
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let (at, line, end) = lines[i];
        let nl = if end.is_empty() { "\n" } else { end };
        if std::mem::take(&mut apart) && !blank(line) {
            set_apart(&mut c.text);
        }
        if let Some(k) = closes.iter().position(|(l, _)| *l == i) {
            let (_, b) = closes.remove(k);
            if !blank(&line[..b]) {
                c.text.push_str(&line[..b]);
                c.text.push_str(nl);
            }
            set_apart(&mut c.text);
            c.text.push_str(&line[b..]);
            c.text.push_str(end);
            apart = true;
            i += 1;
            continue;
        }
        let el = if code[i] { None } else { element(&lines, i) };
        if let Some(el) = el {
            let (j, b) = el.close;
            match &el.markdown {
                Some((s, e, value)) if value != "0" => {
                    c.notes.push((
                        at,
                        NoteKind::Converted,
                        format!(
                            "`<{}{}>`: the attribute dropped and the Markdown inside set apart by blank lines, \
                             so it is read as Markdown, as kramdown read it",
                            el.name,
                            &line[*s..*e]
                        ),
                    ));
                    c.text.push_str(&line[..*s]);
                    c.text.push_str(&line[*e..el.open_end]);
                    c.text.push_str(nl);
                    if j == i {
                        c.text.push_str(nl);
                        c.text.push_str(line[el.open_end..b].trim());
                        c.text.push_str(nl);
                        c.text.push_str(nl);
                        c.text.push_str(&line[b..]);
                        c.text.push_str(end);
                        apart = true;
                    } else {
                        apart = true;
                        let after = &line[el.open_end..];
                        if !blank(after) {
                            c.text.push_str(nl);
                            c.text.push_str(after.trim_start());
                            c.text.push_str(nl);
                        }
                        closes.push((j, b));
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let gaps = (i + 1..j).filter(|&l| blank(lines[l].1)).count();
            let off = el.markdown.as_ref().map(|(s, e, _)| (*s, *e));
            if let Some((s, e)) = off {
                c.notes.push((
                    at,
                    NoteKind::Converted,
                    format!("`{}` dropped: the inside is HTML, as kramdown read it", &line[s..e].trim()),
                ));
            }
            let collapse = gaps > 0 && !el.fenced;
            if collapse {
                c.notes.push((
                    at,
                    NoteKind::Converted,
                    format!(
                        "`<{}>` (to line +{}) is one HTML element to kramdown; its {gaps} blank line(s) dropped, \
                         as a blank line ends an HTML block in brief's Markdown (the rest showed as code)",
                        el.name,
                        j - i
                    ),
                ));
            }
            for (l, &(_, text, end)) in lines.iter().enumerate().take(j + 1).skip(i) {
                if collapse && l > i && l < j && blank(text) {
                    continue;
                }
                match off.filter(|_| l == i) {
                    Some((s, e)) => {
                        c.text.push_str(&text[..s]);
                        c.text.push_str(&text[e..]);
                    }
                    None => c.text.push_str(text),
                }
                c.text.push_str(end);
            }
            apart = collapse;
            i = j + 1;
            continue;
        }
        match with_liquid(line, at, kept).filter(|_| !code[i]) {
            Some((new, whole)) => {
                if whole {
                    set_apart(&mut c.text);
                    apart = true;
                }
                c.text.push_str(&new);
            }
            None => c.text.push_str(line),
        }
        c.text.push_str(end);
        i += 1;
    }
    // kramdown's definition lists: reported where written, converted in the new text.
    c.notes.extend(super::deflist::convert_as(text, "kramdown").notes);
    c.text = super::deflist::convert_as(&c.text, "kramdown").text;
    c.notes.sort_by_key(|n| n.0);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(c: &Converted, text: &str) -> Vec<(usize, NoteKind)> {
        c.notes.iter().map(|(at, k, _)| (super::super::matter::line_at(text, *at), *k)).collect()
    }

    #[test]
    fn math_is_counted_where_converted_and_not_in_liquid_kept_as_written() {
        let body = "{% highlight markdown %}\n$$ a_1 * b_2 $$\n{% endhighlight %}\n\n\
                    {% comment %}$$ c_1 $${% endcomment %}\n\nKept: {{ \"$$ q_1 * q_2 $$\" }}\n\nThen $$ x_1 $$ here.\n";
        let site = serde_json::Map::new();
        let c = super::super::finish::with_test_ctx(&[], &site, &[], |ctx| convert_jekyll(body, ctx));
        let math: Vec<(usize, &str)> = c
            .notes
            .iter()
            .filter(|n| n.2.starts_with("kramdown math"))
            .map(|n| (super::super::matter::line_at(body, n.0), n.2.as_str()))
            .collect();
        assert_eq!(
            math,
            vec![(
                9,
                "kramdown math → `\\[…\\]` (0 display) and `\\(…\\)` (1 inline), the LaTeX as written, as kramdown \
                 wrote it for MathJax or KaTeX to typeset"
            )]
        );
        let kept = c.text.find("Kept:").unwrap_or(0);
        assert_eq!(
            &c.text[kept..],
            "Kept: {{ \\\"\\$\\$ q_1 \\* q_2 \\$\\$\\\" }}\n\nThen \\\\\\( x\\_1 \\\\\\) here.\n"
        );
    }

    #[test]
    fn liquid_left_on_its_own_line_stands_apart_and_keeps_its_quotes() {
        // bitcoinops.org's newsletters: the definitions under the include were text.
        let text = "See [email][t].\n{% include linkers/issues.md issues=\"15437,17056\" %}\n[t]: https://x.org/t\n\
                    ```\n{% include a.md x=\"1\" %}\n```\nA `{{ x }}` and {{ y | z: 'q' }} in text.\n";
        let tag = text.find("{% include linkers").unwrap();
        let kept = [
            (tag, text.find("\n[t]").unwrap()),
            (text.find("{% include a").unwrap(), text.find("\n```\nA").unwrap()),
            (text.find("{{ x }}").unwrap(), text.find("{{ x }}").unwrap() + 7),
            (text.find("{{ y").unwrap(), text.find(" in text").unwrap()),
        ];
        let c = convert(text, &kept);
        assert_eq!(
            c.text,
            "See [email][t].\n\n{% include linkers/issues.md issues=\\\"15437,17056\\\" %}\n\n[t]: https://x.org/t\n\
             ```\n{% include a.md x=\"1\" %}\n```\nA `{{ x }}` and {{ y | z: \\'q\\' }} in text.\n"
        );
        assert!(c.notes.is_empty());
        assert_eq!(escaped("{% a b_c _d e--f g...h i-j k.l %}"), "{% a b_c \\_d e\\-\\-f g\\.\\.\\.h i-j k.l %}");
    }

    #[test]
    fn markdown_on_an_html_element_is_read_as_markdown() {
        // minimal-mistakes' notices.
        let text = "<div class=\"notice--primary\" markdown=\"1\">\n**Primary Notice:** see [the docs](/docs/).\n</div>\n\
                    Next.\n<p markdown=block>*a*</p>\n<div markdown='0'>\n*raw*\n</div>\n";
        let c = convert(text, &[]);
        assert_eq!(
            c.text,
            "<div class=\"notice--primary\">\n\n**Primary Notice:** see [the docs](/docs/).\n\n</div>\n\nNext.\n\
             <p>\n\n*a*\n\n</p>\n\n<div>\n*raw*\n</div>\n"
        );
        assert_eq!(kinds(&c, text), vec![(1, NoteKind::Converted), (5, NoteKind::Converted), (6, NoteKind::Converted)]);
        assert!(c.notes[0].2.contains("`<div markdown=\"1\">`"), "{:?}", c.notes);
    }

    #[test]
    fn blank_lines_inside_an_html_element_go_but_not_in_code() {
        // minimal-mistakes' table post: the second cell, after a line of spaces, was code.
        let text = "<table>\n  <tr>\n    <td>\n      !\n    </td>\n    \n    <td>\n      #\n    </td>\n  </tr>\n</table>\n\
                    After.\n\n```\n<div>\n\n</div>\n```\n<div>\n```\nx\n\n```\n</div>\n<div><pre>a\n\nb</pre></div>\n";
        let c = convert(text, &[]);
        assert_eq!(
            c.text,
            "<table>\n  <tr>\n    <td>\n      !\n    </td>\n    <td>\n      #\n    </td>\n  </tr>\n</table>\n\n\
             After.\n\n```\n<div>\n\n</div>\n```\n<div>\n```\nx\n\n```\n</div>\n<div><pre>a\n\nb</pre></div>\n"
        );
        assert_eq!(kinds(&c, text), vec![(1, NoteKind::Converted)]);
        assert!(c.notes[0].2.contains("its 1 blank line(s) dropped"), "{:?}", c.notes);
    }

    #[test]
    fn kramdown_definition_lists_become_html() {
        // ruby-lang.org's security news: a version, then `: [r48098](…)`.
        let text = "Patches:\n\n2.1.4\n: [r48098](https://svn.example.org/48098)\n";
        let c = convert(text, &[]);
        assert_eq!(
            c.text,
            "Patches:\n\n<dl>\n<dt>\n\n2.1.4\n\n</dt>\n<dd>\n\n[r48098](https://svn.example.org/48098)\n\n</dd>\n</dl>\n"
        );
        assert_eq!(kinds(&c, text), vec![(3, NoteKind::Info)]);
        assert!(c.notes[0].2.contains("where kramdown wrote none"), "{:?}", c.notes);
    }
}
