//! A body written in HTML that the old site ran no Markdown on (Jekyll's `.html` posts
//! and pages), kept as one raw HTML block, which CommonMark passes through untouched:
//! read as Markdown, `*stars*` would become emphasis, `# x` a heading, `1. x` a list.
//! A CommonMark HTML block that starts with a block-level tag (kind 6) ends only at a
//! blank line, so the body starts with one (a `<div>` around it where it does not) and
//! keeps no blank line: each becomes the character reference `&#10;` at the start of
//! the next line, the same line feed to a browser (in `<pre>` too). In `<script>` and
//! `<style>`, where no reference is read, a blank line is dropped (and the report told).

use super::{Note, NoteKind};

/// The block-level tags that start a CommonMark HTML block of kind 6.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The elements whose text is raw: no character reference is read in it.
const RAW_TEXT: &[&str] = &["script", "style"];

/// A body kept as raw HTML, and how many blank lines in scripts and styles went.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Kept {
    /// The body as one HTML block.
    pub body: String,
    /// Whether a `<div>` was put around it (its first line starts no kind-6 block).
    pub wrapped: bool,
    /// Blank lines dropped in `<script>` and `<style>`.
    pub dropped: usize,
}

/// Whether `line` starts a CommonMark HTML block of kind 6: up to three spaces, `<`
/// or `</`, a block-level tag's name, then a space, `>`, `/>` or the line's end.
fn starts_block(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let Some(rest) = line[indent..].strip_prefix('<').filter(|_| indent < 4) else { return false };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let after = &rest[name_len..];
    let ends = after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>");
    ends && BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(&rest[..name_len]))
}

/// What [`raw_text_after`] gives while a comment is open: in it, `<script>` opens
/// nothing.
const COMMENT: &str = "!--";

/// The raw-text element (or comment, [`COMMENT`]) open after `line`, given the one
/// open before it (`inside`): each `<script`/`<style` opens one, its end tag closes it;
/// `<!--` opens a comment, `-->` closes it.
fn raw_text_after(line: &str, mut inside: Option<&'static str>) -> Option<&'static str> {
    let lower = line.to_ascii_lowercase();
    let mut at = 0;
    loop {
        let found = match inside {
            Some(COMMENT) => lower[at..].find("-->").map(|k| (at + k + 3, None)),
            Some(name) => lower[at..].find(&format!("</{name}")).map(|k| (at + k + 2 + name.len(), None)),
            None => RAW_TEXT
                .iter()
                .filter_map(|name| {
                    let k = lower[at..].find(&format!("<{name}"))?;
                    let next = lower[at + k + 1 + name.len()..].chars().next();
                    next.is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/').then_some((k, *name))
                })
                .chain(lower[at..].find("<!--").map(|k| (k, COMMENT)))
                .min()
                .map(|(k, name)| (at + k + 1 + name.len(), Some(name))),
        };
        let Some((end, now)) = found else { return inside };
        inside = now;
        at = end;
    }
}

/// `body` as one raw HTML block (see the module's note).
pub(super) fn keep(body: &str) -> Kept {
    let body = body.trim_end();
    let lines: Vec<&str> = body.lines().skip_while(|l| l.trim().is_empty()).collect();
    if lines.is_empty() {
        return Kept::default();
    }
    let wrapped = !lines.first().is_some_and(|l| starts_block(l));
    let mut out = String::with_capacity(body.len() + 16);
    if wrapped {
        out.push_str("<div>\n");
    }
    let (mut inside, mut dropped) = (None, 0);
    for line in lines {
        if line.trim().is_empty() {
            // Its spaces stay, then the reference for its line feed.
            match inside {
                Some(name) if name != COMMENT => dropped += 1,
                _ => {
                    out.push_str(line);
                    out.push_str("&#10;");
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        inside = raw_text_after(line, inside);
    }
    if wrapped {
        out.push_str("</div>\n");
    }
    Kept { body: out, wrapped, dropped }
}

/// The body of `e`, written in HTML the old site ran no Markdown on, kept as one raw
/// HTML block (see this module's note), and the report told how.
pub(super) fn keep_body(e: &mut super::Entry, text: &mut String) {
    let kept = keep(text);
    if kept.body.is_empty() {
        return;
    }
    *text = kept.body;
    let mut how = String::from("blank lines as `&#10;`, the same line feed");
    if kept.wrapped {
        how.push_str("; a `<div>` around it, as it starts with text");
    }
    e.notes.push(Note::new(
        0,
        NoteKind::Converted,
        format!(
            "written in HTML, which Jekyll showed as written (no Markdown): kept as one raw HTML block that \
             brief's Markdown passes through ({how})"
        ),
    ));
    if kept.dropped > 0 {
        e.notes.push(Note::new(
            0,
            NoteKind::NotConverted,
            format!("{} blank line(s) in `<script>` or `<style>` dropped: a raw HTML block ends at one", kept.dropped),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_become_line_feeds_of_the_next_line() {
        let k = keep("<p>Some *stars*</p>\n\n# not a heading\n<pre>a\n\n  b</pre>\n");
        assert_eq!(k.body, "<p>Some *stars*</p>\n&#10;# not a heading\n<pre>a\n&#10;  b</pre>\n");
        assert!(!k.wrapped);
        let k = keep("Some *stars*\n1. not a list\n");
        assert_eq!(k.body, "<div>\nSome *stars*\n1. not a list\n</div>\n");
        assert!(k.wrapped);
    }

    #[test]
    fn blank_lines_in_scripts_go() {
        let k = keep("<div>\n<script>\nvar a;\n\nvar b;</script>\n\n<style>\n\np{}\n</style>\n\nx\n");
        assert_eq!(k.body, "<div>\n<script>\nvar a;\nvar b;</script>\n&#10;<style>\np{}\n</style>\n&#10;x\n");
        assert_eq!(k.dropped, 2);
    }

    /// A `<script>` named in a comment opens nothing: a `<pre>` after it keeps its
    /// blank lines (they went, reported as dropped from a script). A blank line in a
    /// comment is a line feed there, like any other.
    #[test]
    fn a_script_in_a_comment_is_no_script() {
        let k = keep(
            "<!-- <script> tag removed -->\n<pre>line 1\n\nline 3</pre>\n<!-- a\n\n<style> b -->\n<p>x\n\ny</p>\n",
        );
        assert_eq!(
            k.body,
            "<div>\n<!-- <script> tag removed -->\n<pre>line 1\n&#10;line 3</pre>\n<!-- a\n&#10;<style> b -->\n<p>x\n&#10;y</p>\n</div>\n"
        );
        assert_eq!(k.dropped, 0);
        let k = keep("<div>\n<!-- x --><script>\n\nvar a;</script>\n");
        assert_eq!(k.dropped, 1);
    }

    #[test]
    fn kind_six_starts_are_told() {
        assert!(starts_block("<p>x") && starts_block("   </DIV>") && starts_block("<hr/>"));
        assert!(
            !starts_block("<pre>")
                && !starts_block("<span>")
                && !starts_block("    <p>")
                && !starts_block("<!-- x -->")
        );
    }
}
