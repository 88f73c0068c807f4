//! Definition lists as Hugo's Goldmark renders them by default (`Term` on a line of
//! its own, then `:   definition`), which brief's Markdown reads as plain text: each
//! becomes an HTML `<dl>` whose terms and definitions stay Markdown, set apart by blank
//! lines so their links and emphasis still render. Never inside fenced code. Pure.

use super::NoteKind;
use super::finish::Converted;
use super::kramdown::indent;

/// What the report says of each list converted, which `renderer` rendered before.
fn note(renderer: &str) -> String {
    format!(
        "definition list → HTML `<dl>` with each term and definition kept as Markdown inside its `<dt>` or \
         `<dd>`; each is now a paragraph there, where {renderer} wrote none for a list without blank lines \
         (the spacing may differ)"
    )
}

pub(super) fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A fence opening or closing line: its character and run length.
pub(super) fn fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (indent(line) < 4 && n >= 3).then_some((c, n))
}

/// `:   text` (at most three spaces before the colon): the text's column and the text.
fn definition(line: &str) -> Option<(usize, &str)> {
    let lead = indent(line);
    let rest = line.trim_start().strip_prefix(':')?;
    let text = rest.trim_start_matches([' ', '\t']);
    (lead < 4 && text.len() < rest.len() && !blank(text)).then(|| (lead + 1 + rest.len() - text.len(), text))
}

/// A line that can be a term: paragraph text, not another block's first line.
fn term(line: &str) -> bool {
    let t = line.trim();
    // `1. item`, never `2.1.4` (ruby-lang.org's terms are versions).
    let ordered = t.find(['.', ')']).is_some_and(|i| {
        i > 0 && t[..i].bytes().all(|b| b.is_ascii_digit()) && (t.len() == i + 1 || t[i + 1..].starts_with([' ', '\t']))
    });
    indent(line) < 4
        && !t.is_empty()
        && definition(line).is_none()
        && fence(line).is_none()
        && !ordered
        && !["- ", "* ", "+ ", ">", "|", "<"].iter().any(|p| t.starts_with(p))
        && !heading(t)
        && !t.chars().all(|c| c == '=' || c == '-')
}

/// An ATX heading: one to six `#`, then a space, a tab or the end. `#dowork` is none
/// (CommonMark, Goldmark and kramdown's GFM input, Jekyll's default, read it as text),
/// so it can be a term.
fn heading(t: &str) -> bool {
    let n = t.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&n) && (t.len() == n || t[n..].starts_with([' ', '\t']))
}

/// `line` without up to `n` columns of indentation (tabs to the next multiple of four,
/// as [`indent`] counts them).
fn dedent(line: &str, n: usize) -> &str {
    let mut cut = 0;
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= n || (c != ' ' && c != '\t') {
            break;
        }
        col += if c == '\t' { 4 - col % 4 } else { 1 };
        cut = i + 1;
    }
    &line[cut..]
}

/// Where the definitions after the term lines `lines[from..]` start: right after them
/// or after one blank line; with the end of the terms.
fn terms_then_definition(lines: &[&str], from: usize) -> Option<(usize, usize)> {
    let end = (from..lines.len()).find(|&j| !term(lines[j])).unwrap_or(lines.len());
    if end == from {
        return None;
    }
    let first = if end + 1 < lines.len() && blank(lines[end]) { end + 1 } else { end };
    lines.get(first).and_then(|l| definition(l)).map(|_| (end, first))
}

/// Whether `lines[i]` is a quoted term (`> Term`) whose next line is a quoted definition
/// (`> : text`), after a line that is no quoted term (the list's start).
fn quoted_list(lines: &[&str], i: usize) -> bool {
    let inner = |l: &str| l.trim_start().strip_prefix('>').map(|r| r.strip_prefix(' ').unwrap_or(r).to_string());
    let quoted_term = |j: usize| lines.get(j).and_then(|l| inner(l)).is_some_and(|t| term(&t));
    quoted_term(i)
        && (i == 0 || !quoted_term(i - 1))
        && lines.get(i + 1).and_then(|l| inner(l)).is_some_and(|d| definition(&d).is_some())
}

/// Convert every definition list of `body` (Markdown) into a `<dl>` block.
pub(crate) fn convert(body: &str) -> Converted {
    convert_as(body, "Goldmark")
}

/// [`convert`], the report naming `renderer` (kramdown reads the same lists).
pub(crate) fn convert_as(body: &str, renderer: &str) -> Converted {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let offsets: Vec<usize> = lines.iter().scan(0, |off, l| Some(std::mem::replace(off, *off + l.len()))).collect();
    let mut c = Converted::default();
    let mut open_fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((fc, fnum)) = open_fence {
            if fence(line).is_some_and(|(c2, n2)| c2 == fc && n2 >= fnum) {
                open_fence = None;
            }
            c.text.push_str(line);
            i += 1;
            continue;
        }
        if let Some(f) = fence(line) {
            open_fence = Some(f);
            c.text.push_str(line);
            i += 1;
            continue;
        }
        let starts_paragraph = i == 0 || !term(lines[i - 1]);
        let Some((mut end, mut k)) = terms_then_definition(&lines, i).filter(|_| starts_paragraph) else {
            if quoted_list(&lines, i) {
                let what = "definition list in a quote left as written: brief's Markdown shows it as text \
                            (`: definition`); write it as a `<dl>` or without the quote";
                c.notes.push((offsets[i], NoteKind::NotConverted, what.to_string()));
            }
            c.text.push_str(line);
            i += 1;
            continue;
        };
        // A list in a list item is indented as the item's text is: the `<dl>` is too,
        // or it would end the list (`1. Install` then the `<dl>`, then `<ol start="2">`).
        let pad: String = line.chars().take_while(|c| matches!(c, ' ' | '\t')).collect();
        c.notes.push((offsets[i], NoteKind::Info, note(renderer)));
        let mut html = String::from("<dl>\n");
        let mut start = i;
        loop {
            for t in &lines[start..end] {
                html.push_str(&format!("<dt>\n\n{}\n\n</dt>\n", t.trim()));
            }
            // Each definition: its first line, lines right after it, and indented
            // paragraphs after blank lines.
            while let Some((col, text)) = lines.get(k).and_then(|l| definition(l)) {
                let mut def = text.to_string();
                let mut cut = col.min(4);
                k += 1;
                loop {
                    if k < lines.len() && !blank(lines[k]) && definition(lines[k]).is_none() {
                        def.push_str(dedent(lines[k], cut));
                        k += 1;
                        continue;
                    }
                    let next = (k..lines.len()).find(|&j| !blank(lines[j]));
                    match next {
                        Some(j) if j > k && indent(lines[j]) >= col.min(4) => {
                            def.push_str(&"\n".repeat(j - k));
                            cut = indent(lines[j]).min(4);
                            k = j;
                        }
                        _ => break,
                    }
                }
                html.push_str(&format!("<dd>\n\n{}\n\n</dd>\n", def.trim_end()));
                // A blank line, then another definition of the same terms.
                if let Some(j) = (k..lines.len()).find(|&j| !blank(lines[j]))
                    && j > k
                    && definition(lines[j]).is_some()
                {
                    k = j;
                }
            }
            // A blank line, then more terms with their definitions: the same list.
            let next = (k..lines.len()).find(|&j| !blank(lines[j]));
            match next.and_then(|j| terms_then_definition(&lines, j).map(|t| (j, t))) {
                Some((j, (e, f))) if j > k => (start, end, k) = (j, e, f),
                _ => break,
            }
        }
        html.push_str("</dl>\n");
        for l in html.split_inclusive('\n') {
            if l != "\n" {
                c.text.push_str(&pad);
            }
            c.text.push_str(l);
        }
        i = k;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definition_list_becomes_a_dl_with_markdown_inside() {
        let body = "Intro.\n\nStartup\n:   A *startup* company.\n    Still it.\n\nTerm A\nTerm B\n\n: First.\n\n: Second.\n\n    More of it.\n\nAfter.\n";
        let c = convert(body);
        assert_eq!(
            c.text,
            "Intro.\n\n<dl>\n<dt>\n\nStartup\n\n</dt>\n<dd>\n\nA *startup* company.\nStill it.\n\n</dd>\n\
             <dt>\n\nTerm A\n\n</dt>\n<dt>\n\nTerm B\n\n</dt>\n<dd>\n\nFirst.\n\n</dd>\n<dd>\n\nSecond.\n\n\
             More of it.\n\n</dd>\n</dl>\n\nAfter.\n"
        );
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].0, body.find("Startup").unwrap());
    }

    #[test]
    fn a_list_in_a_list_item_stays_in_it_and_one_in_a_quote_is_reported() {
        let body = "1. Install the tool.\n\n   Term\n   : Its definition.\n\n2. Run it.\n";
        let c = convert(body);
        assert_eq!(
            c.text,
            "1. Install the tool.\n\n   <dl>\n   <dt>\n\n   Term\n\n   </dt>\n   <dd>\n\n   Its definition.\n\n   </dd>\n   </dl>\n\n2. Run it.\n"
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&c.text));
        assert_eq!(html.matches("<ol").count(), 1, "{html}");
        let quoted = convert("> Note\n> : quoted def\n");
        assert_eq!(quoted.text, "> Note\n> : quoted def\n");
        assert_eq!(quoted.notes.len(), 1);
        assert_eq!(quoted.notes[0].1, NoteKind::NotConverted);
    }

    #[test]
    fn a_term_starting_with_a_hash_but_no_heading_is_a_term() {
        let c = convert("#dowork\n:   Coined.\n\n####### seven\n:   Not a heading either.\n");
        assert_eq!(
            c.text,
            "<dl>\n<dt>\n\n#dowork\n\n</dt>\n<dd>\n\nCoined.\n\n</dd>\n<dt>\n\n####### seven\n\n</dt>\n\
             <dd>\n\nNot a heading either.\n\n</dd>\n</dl>\n"
        );
    }

    #[test]
    fn code_lists_and_plain_colons_stay() {
        for body in [
            "```\nTerm\n: not a list\n```\n",
            "- item\n: x\n",
            "1. item\n: x\n",
            "Text: with a colon.\n",
            "Term\n:no space\n",
            "# Heading\n: x\n",
            "##\n: x\n",
        ] {
            let c = convert(body);
            assert_eq!((c.text.as_str(), c.notes.len()), (body, 0));
        }
    }
}
