//! The site's own Zola shortcode templates (`templates/shortcodes/*.html`, `.md`) filled
//! in where they only place their arguments or render their body as Markdown: what
//! brief can do without running Tera, exactly as Zola showed it. Pure.

use super::shortcodes::{Arg, named};

/// A Zola site shortcode applied, when its template only places its arguments
/// (`{{ name }}`, `{{ name | safe }}`, `{{ name | markdown | safe }}`, `{{ body }}`;
/// `{{-` and `-}}` trim as in Tera).
pub(super) fn apply_template(template: &str, html: bool, a: &[Arg], body: Option<&str>) -> Option<String> {
    if template.contains("{%") || template.contains("{#") {
        return None;
    }
    let mut out = String::new();
    let mut rest = template;
    while let Some(s) = rest.find("{{") {
        out.push_str(&rest[..s]);
        let e = rest[s..].find("}}")? + s;
        let expr = &rest[s + 2..e];
        if expr.starts_with('-') {
            out.truncate(out.trim_end().len());
        }
        let expr = expr.strip_prefix('-').unwrap_or(expr);
        let (expr, trim_after) = expr.strip_suffix('-').map_or((expr, false), |x| (x, true));
        let expr = expr.trim();
        let mut parts: Vec<&str> = expr.split('|').map(str::trim).collect();
        let var = parts.remove(0);
        let mut value = if var == "body" { body.map(str::to_string) } else { named(a, var).map(str::to_string) };
        // `{{ type | default(value="info") }}` (bevyengine/bevy-website's callout,
        // helix-editor/website's asciinema): the argument, else the literal.
        if let Some(d) = parts.first().and_then(|f| default_literal(f)) {
            value = value.or(Some(d));
            parts.remove(0);
        }
        let value = value?;
        let filters: Vec<String> = parts.iter().map(|f| f.chars().filter(|c| !c.is_whitespace()).collect()).collect();
        let value = match filters.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] if html => crate::parse::text::escape_html(&value),
            [] | ["safe"] => value,
            ["markdown", "safe"] => markdown(&value, false),
            ["markdown(inline=true)", "safe"] => markdown(&value, true),
            _ => return None,
        };
        out.push_str(&value);
        rest = &rest[e + 2..];
        if trim_after {
            rest = rest.trim_start();
        }
    }
    out.push_str(rest);
    Some(out.trim_end().to_string())
}

/// The value of Tera's `default(value=…)` filter written as a literal: `"info"`, `'x'`,
/// `150`, `true`.
fn default_literal(filter: &str) -> Option<String> {
    let inner = filter.strip_prefix("default")?.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    let lit = inner.strip_prefix("value")?.trim().strip_prefix('=')?.trim();
    let quoted = |q: char| lit.strip_prefix(q).and_then(|l| l.strip_suffix(q));
    match quoted('"').or_else(|| quoted('\'')) {
        Some(text) => Some(text.to_string()),
        // A bare name is a variable of the template, not text.
        None if lit.parse::<f64>().is_ok() || lit == "true" || lit == "false" => Some(lit.to_string()),
        None => None,
    }
}

/// `text` as Zola's `markdown` filter renders it (its Markdown options by default), the
/// paragraph's `<p>` left out where `inline=true`: matrix-org/matrix.org's figure
/// captions, `<figcaption>{{ caption | markdown | safe }}</figcaption>`.
fn markdown(text: &str, inline: bool) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(text, options));
    match out.trim_end().strip_prefix("<p>").and_then(|p| p.strip_suffix("</p>")) {
        Some(one) if inline => one.to_string(),
        _ => out,
    }
}

/// The body of a body shortcode whose template only renders it as Markdown,
/// `{{ body | markdown | safe }}`, maybe inside static HTML elements
/// (`<div class="note">…</div>`): the body stays Markdown, and the elements' tags go on
/// lines of their own with a blank line between, where CommonMark reads what is inside
/// as Markdown again, as Zola's `markdown` filter rendered it.
pub(super) fn markdown_body(template: &str, body: &str) -> Option<String> {
    let s = template.find("{{")?;
    let e = s + template[s..].find("}}")? + 2;
    let (open, close) = (template[..s].trim(), template[e..].trim());
    // Anything else of Tera (a second value, a tag, a comment) is logic.
    if open.contains('{') || close.contains('{') {
        return None;
    }
    let filters: Vec<&str> = template[s + 2..e - 2].trim_matches('-').split('|').map(str::trim).collect();
    if filters != ["body", "markdown", "safe"] || !wraps(open, close) {
        return None;
    }
    Some(if open.is_empty() { body.to_string() } else { format!("{open}\n\n{body}\n\n{close}") })
}

/// Whether `open` is only opening tags (`<div class="note"><p>`) and `close` the closing
/// tags of the same elements in reverse order (`</p></div>`); both empty is true.
fn wraps(open: &str, close: &str) -> bool {
    let names = |text: &str, closing: bool| -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let inner = rest.strip_prefix('<')?;
            let end = inner.find('>')?;
            let tag = &inner[..end];
            let tag = if closing { tag.strip_prefix('/')? } else { tag };
            let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            let attrs = &tag[name.len()..];
            let plain = if closing { attrs.trim().is_empty() } else { attrs.is_empty() || attrs.starts_with(' ') };
            if name.is_empty() || !plain || tag.ends_with('/') || tag.contains('<') {
                return None;
            }
            out.push(name.to_ascii_lowercase());
            rest = inner[end + 1..].trim_start();
        }
        Some(out)
    };
    match (names(open, false), names(close, true)) {
        (Some(o), Some(c)) => o.iter().eq(c.iter().rev()),
        _ => false,
    }
}

/// `out`, to be written after `before`, with the start of `before`'s last line (when it
/// holds only blockquote marks and spaces, `> ` or `   `) before each of its other lines.
pub(super) fn continued(before: &str, out: &str) -> String {
    let line = &before[before.rfind('\n').map_or(0, |n| n + 1)..];
    if line.is_empty() || !line.chars().all(|ch| ch == '>' || ch == ' ' || ch == '\t') || !out.contains('\n') {
        return out.to_string();
    }
    let mut lines = out.split('\n');
    let mut s = lines.next().unwrap_or_default().to_string();
    for l in lines {
        s.push('\n');
        s.push_str(if l.trim().is_empty() { line.trim_end() } else { line });
        s.push_str(l);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_of_several_lines_keeps_the_place_of_its_call() {
        let out = "<figure>\n    <img src=\"a.png\" />\n\n</figure>";
        assert_eq!(continued("Intro.\n\n> Text.\n>\n> ", out), "<figure>\n>     <img src=\"a.png\" />\n>\n> </figure>");
        assert_eq!(continued("Intro.\n\n", out), out);
        assert_eq!(continued("See ", out), out);
        assert_eq!(continued("- item\n  ", "a\nb"), "a\n  b");
    }

    #[test]
    fn a_template_that_only_renders_its_body_as_markdown() {
        let body = "Words *here*.\n\n- a";
        let t = |template: &str| markdown_body(template, body);
        assert_eq!(t("{{ body | markdown | safe }}\n").as_deref(), Some(body));
        assert_eq!(t("\n  {{- body|markdown|safe -}}  \n").as_deref(), Some(body));
        assert_eq!(
            t("<div class=\"note\" role=\"note\"><div>\n{{ body | markdown | safe }}\n</div></div>\n").as_deref(),
            Some("<div class=\"note\" role=\"note\"><div>\n\nWords *here*.\n\n- a\n\n</div></div>")
        );
        // Logic, another value, text or unmatched tags: not this case.
        for logic in [
            "{% if x %}{{ body | markdown | safe }}{% endif %}",
            "<div class=\"{{ kind }}\">{{ body | markdown | safe }}</div>",
            "<p>Note:</p>{{ body | markdown | safe }}",
            "<div>{{ body | markdown | safe }}</span>",
            "<div>{{ body | markdown(inline=true) | safe }}</div>",
            "{{ body | markdown | safe }} {# c #}",
            "<br/>{{ body | markdown | safe }}",
        ] {
            assert_eq!(t(logic), None, "{logic}");
        }
        assert_eq!(apply_template("<p>{{- body | safe -}}</p>", true, &[], Some(" x ")).as_deref(), Some("<p> x </p>"));
    }

    #[test]
    fn an_argument_or_its_default() {
        let callout =
            "<aside class=\"callout callout--{{ type | default(value=\"info\") }}\">\n  {{ body | safe }}\n</aside>\n";
        let a = super::super::shortcodes::args(r#"type="warning""#);
        assert_eq!(
            apply_template(callout, true, &a, Some("A **big** change.")).as_deref(),
            Some("<aside class=\"callout callout--warning\">\n  A **big** change.\n</aside>")
        );
        assert_eq!(
            apply_template(callout, true, &[], Some("x")).as_deref(),
            Some("<aside class=\"callout callout--info\">\n  x\n</aside>")
        );
        let rows = "rows: \"{{ height | default( value = 35 ) }}\", note: \"{{ n | default(value='a b') }}\"";
        assert_eq!(apply_template(rows, true, &[], None).as_deref(), Some("rows: \"35\", note: \"a b\""));
        assert_eq!(apply_template("{{ x | default(value=true) }}", true, &[], None).as_deref(), Some("true"));
        assert_eq!(apply_template("{{ x | default(value=y) }}", true, &[], None), None);
        assert_eq!(apply_template("{{ x | default(value=page.title) }}", true, &[], None), None);
    }

    #[test]
    fn an_argument_rendered_as_markdown() {
        let a = super::super::shortcodes::args(r#"img="/blog/img/board.png", caption="The *Governing* Board""#);
        let figure = "<figure>\n    <img src=\"{{ img }}\" alt=\"{{ caption }}\" />\n    \
                      <figcaption>{{ caption | markdown | safe }}</figcaption>\n</figure>";
        assert_eq!(
            apply_template(figure, true, &a, None).as_deref(),
            Some(
                "<figure>\n    <img src=\"/blog/img/board.png\" alt=\"The *Governing* Board\" />\n    \
                 <figcaption><p>The <em>Governing</em> Board</p>\n</figcaption>\n</figure>"
            )
        );
        let inline = "<span>{{ caption | markdown(inline=true) | safe }}</span>";
        assert_eq!(
            apply_template(inline, true, &a, None).as_deref(),
            Some("<span>The <em>Governing</em> Board</span>")
        );
        assert_eq!(apply_template("{{ caption | markdown }}", true, &a, None), None);
    }
}
