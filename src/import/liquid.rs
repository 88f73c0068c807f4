//! Liquid in Jekyll content, converted where the conversion is exact:
//! `{% highlight lang %}` to a fenced code block, `{% raw %}` to its text,
//! `{% link %}` and `{% post_url %}` to the brief URL of their target, `{% comment %}`
//! to nothing, `{{ site.x }}` and `{{ page.x }}` to their values. Anything else stays
//! as written, with a note at its offset. Pure.

use super::NoteKind;
use super::finish::{Converted, Ctx};
use super::matter::text_of;

/// The first `{% name %}` (any spacing, `-` trims) at or after `from`: (start, end).
pub(crate) fn find_tag(text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(i) = text[at..].find("{%") {
        let start = at + i;
        let end = start + text[start..].find("%}")? + 2;
        let inner = text[start + 2..end - 2].trim_matches('-').trim();
        if inner == name {
            return Some((start, end));
        }
        at = start + 2;
    }
    None
}

/// A value of the config or front matter at a dotted path, as text.
fn lookup(map: &super::Map, path: &str) -> Option<String> {
    let mut parts = path.split('.');
    let mut v = map.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    text_of(v)
}

/// `"path" | relative_url` (or `absolute_url`) as Jekyll fills it from the config.
fn url_filter(expr: &str, ctx: &Ctx) -> Option<String> {
    let (lit, filter) = expr.split_once('|')?;
    let lit = lit.trim();
    let path = lit
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .or_else(|| lit.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')))?;
    let base = lookup(ctx.site, "baseurl").unwrap_or_default();
    let joined = format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'));
    match filter.trim() {
        "relative_url" => Some(joined),
        "absolute_url" => {
            Some(format!("{}{joined}", lookup(ctx.site, "url").unwrap_or_default().trim_end_matches('/')))
        }
        _ => None,
    }
}

/// The longest run of backticks in `code`, plus one, at least three.
pub(crate) fn fence_for(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

/// The width of a list marker (`-`, `*`, `+`, `1.`, `1)`) and the spaces after it at
/// the start of `rest`, if it opens with one.
fn marker_width(rest: &str) -> Option<usize> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let mark = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let spaces = rest[mark..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0 || rest.len() == mark).then_some(mark + spaces)
}

/// The container prefix of the line `out` ends in (its indentation and `> ` markers,
/// a list marker as spaces), and whether that line holds nothing else, so a fence can
/// start on it.
fn container_prefix(out: &str) -> (String, bool) {
    let line = &out[out.rfind('\n').map_or(0, |p| p + 1)..];
    let lead = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let (lead_text, rest) = line.split_at(lead);
    match marker_width(rest) {
        Some(w) => (format!("{lead_text}{}", " ".repeat(w)), rest[w..].is_empty() && rest.ends_with(' ')),
        None => (lead_text.to_string(), rest.is_empty()),
    }
}

/// `line` without as much of `prefix` as it starts with (`>` for `> `, two spaces of
/// three): the code of a block written inside a container.
fn strip_loose<'a>(line: &'a str, prefix: &str) -> &'a str {
    let n = line.bytes().zip(prefix.bytes()).take_while(|(a, b)| a == b).count();
    &line[n..]
}

/// A fenced code block of `code` in language `lang`, starting on its own line in the
/// container (list item, blockquote) of the line `out` ends in: every line carries that
/// container's prefix, taken off the code's lines first. Returns the prefix, for the
/// text after the block. Every line break at either end of `code` goes and nothing
/// else, as Jekyll's `HighlightBlock` strips `/\A(\n|\r)+|(\n|\r)+\z/` (and Hugo's
/// `highlight` trims `"\n\r"`): a blank first line goes, trailing spaces on the last
/// line stay. The closing fence ends with no line break: the caller writes one.
pub(crate) fn fenced(out: &mut String, lang: &str, code: &str) -> String {
    let (prefix, here) = container_prefix(out);
    if !here {
        out.push('\n');
        out.push_str(&prefix);
    }
    let code = code.trim_matches(['\n', '\r']);
    let mut lines: Vec<&str> = code.split('\n').map(|l| strip_loose(l, &prefix)).collect();
    // The indentation of `{% endhighlight %}` on its own line is no line of the code.
    if !prefix.is_empty() && lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let fence = fence_for(code);
    out.push_str(&format!("{fence}{lang}\n"));
    for l in lines {
        let p = if l.is_empty() { prefix.trim_end() } else { &prefix };
        out.push_str(&format!("{p}{l}\n"));
    }
    out.push_str(&format!("{prefix}{fence}"));
    prefix
}

/// `{% highlight lang %}` in an HTML file: the code escaped in `<pre><code>`, inside
/// the `<figure class="highlight">` Jekyll's highlighter writes, without its colours.
fn html_code(lang: &str, code: &str) -> String {
    let code = crate::parse::text::escape_html(code.trim_matches(['\n', '\r']));
    let lang = crate::parse::text::escape_html(lang);
    if lang.is_empty() {
        format!("<figure class=\"highlight\"><pre><code>{code}</code></pre></figure>")
    } else {
        format!(
            "<figure class=\"highlight\"><pre><code class=\"language-{lang}\" data-lang=\"{lang}\">{code}</code></pre></figure>"
        )
    }
}

/// Convert the Liquid of a Jekyll body.
#[cfg(test)]
pub(crate) fn convert(body: &str, ctx: &Ctx) -> Converted {
    convert_keeping(body, ctx).0
}

/// Convert the Liquid of a Jekyll body; with where the tags and outputs left as they
/// were lie in the new text (start and end offsets).
pub(crate) fn convert_keeping(body: &str, ctx: &Ctx) -> (Converted, Vec<(usize, usize)>) {
    let mut c = Converted::default();
    let mut kept = Vec::new();
    convert_into(body, 0, ctx, &mut c, &mut Vars::new(), &mut kept);
    (c, kept)
}

/// Lists made by `{% assign x = "a|b" | split: "|" %}`, by name.
type Vars = std::collections::HashMap<String, Vec<String>>;

/// A quoted Liquid string literal.
fn literal(s: &str) -> Option<&str> {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
}

/// `NAME = "a|b" | split: "|"`, the one `assign` whose value is known before rendering.
fn assign_split(inner: &str) -> Option<(String, Vec<String>)> {
    let (name, value) = inner.strip_prefix("assign")?.split_once('=')?;
    let value = value.trim();
    let q = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let close = value[1..].find(q)? + 1;
    let (lit, filter) = (&value[..=close], value[close + 1..].trim().strip_prefix('|')?);
    let sep = literal(filter.trim().strip_prefix("split:")?)?;
    let name = name.trim();
    let ok = !name.is_empty() && name.chars().all(|ch| ch.is_alphanumeric() || ch == '_');
    let items = literal(lit)?.split(sep).map(str::to_string).collect();
    (ok && !sep.is_empty()).then(|| (name.to_string(), items))
}

/// `{% for VAR in LIST %}BODY{% endfor %}` rendered as Liquid would, when LIST is known
/// (an `assign … | split` above, or a list in the front matter) and BODY holds no other
/// tag and uses VAR only as `{{ VAR }}`: (text, end of the loop).
fn for_loop(body: &str, end: usize, inner: &str, ctx: &Ctx, vars: &Vars) -> Option<(String, usize)> {
    let mut w = inner.split_whitespace();
    let (var, _in, src) = (w.next()?, w.next().filter(|x| *x == "in")?, w.next()?);
    if w.next().is_some() || w.next().is_some() {
        return None; // limit:, offset:, reversed
    }
    let items: Vec<String> = match src.strip_prefix("page.") {
        Some(k) => ctx.page.get(k)?.as_array()?.iter().map(text_of).collect::<Option<_>>()?,
        None => vars.get(src)?.clone(),
    };
    let (s, e) = find_tag(body, end, "endfor")?;
    let inside = &body[end..s];
    if inside.contains("{%") {
        return None;
    }
    let mut rest = inside;
    let mut parts = Vec::new(); // (text before, is the variable)
    while let Some(a) = rest.find("{{") {
        let b = rest[a..].find("}}")? + a;
        let expr = rest[a + 2..b].trim_matches('-').trim();
        if expr == var {
            parts.push((&rest[..a], true));
        } else if expr.split(['.', '|', ' ']).next() == Some(var) {
            return None;
        } else {
            parts.push((&rest[..b + 2], false));
        }
        rest = &rest[b + 2..];
    }
    let mut out = String::new();
    for item in &items {
        for (text, is_var) in &parts {
            out.push_str(text);
            if *is_var {
                out.push_str(item);
            }
        }
        out.push_str(rest);
    }
    Some((out, e))
}

fn convert_into(
    body: &str,
    base: usize,
    ctx: &Ctx,
    c: &mut Converted,
    vars: &mut Vars,
    kept: &mut Vec<(usize, usize)>,
) {
    let mut i = 0;
    while i < body.len() {
        let next = [body[i..].find("{%"), body[i..].find("{{")].into_iter().flatten().min();
        let Some(rel) = next else {
            c.text.push_str(&body[i..]);
            break;
        };
        let start = i + rel;
        c.text.push_str(&body[i..start]);
        let is_tag = body[start..].starts_with("{%");
        let close = if is_tag { "%}" } else { "}}" };
        let Some(end) = body[start + 2..].find(close).map(|e| start + 2 + e + 2) else {
            c.notes.push((
                base + start,
                NoteKind::NotConverted,
                format!("`{}` is never closed; left as is", &body[start..start + 2]),
            ));
            c.text.push_str(&body[start..]);
            break;
        };
        let whole = &body[start..end];
        let inner = whole[2..whole.len() - 2].trim_matches('-').trim();
        let shown: String = whole.chars().take(70).collect();
        let shown = if shown.len() < whole.len() { format!("{shown}…") } else { shown };
        let shown = shown.replace('\n', " ");
        macro_rules! note {
            ($kind:expr, $text:expr) => {
                c.notes.push((base + start, $kind, $text))
            };
        }
        // The tag or output as written, where Liquid would have rendered something.
        macro_rules! keep {
            () => {{
                kept.push((c.text.len(), c.text.len() + whole.len()));
                c.text.push_str(whole);
            }};
        }
        if !is_tag {
            let expr = inner;
            let value = if let Some(v) = url_filter(expr, ctx) {
                Some(v)
            } else if expr.contains('|') {
                None
            } else if let Some(p) = expr.strip_prefix("site.") {
                lookup(ctx.site, p).or_else(|| matches!(p, "baseurl" | "url").then(String::new))
            } else if let Some(p) = expr.strip_prefix("page.") {
                lookup(ctx.page, p)
            } else {
                None
            };
            // A `page.x` the front matter lacks but Jekyll fills in (a post's title).
            let derived = expr.strip_prefix("page.").filter(|_| value.is_none()).and_then(|p| lookup(ctx.derived, p));
            let from = match (&derived, expr.starts_with("page.")) {
                (Some(_), _) => "file name, as Jekyll makes it",
                (None, true) => "front matter",
                (None, false) => "config",
            };
            match value.or(derived) {
                Some(v) => {
                    note!(NoteKind::Converted, format!("`{shown}` → `{v}` (from the {from})"));
                    c.text.push_str(&v);
                }
                None => {
                    note!(
                        NoteKind::NotConverted,
                        format!("`{shown}`: Liquid output with no value brief knows; left as is")
                    );
                    keep!();
                }
            }
            i = end;
            continue;
        }
        let mut words = inner.split_whitespace();
        let name = words.next().unwrap_or("");
        match name {
            "raw" => match find_tag(body, end, "endraw") {
                Some((s, e)) => {
                    note!(NoteKind::Converted, "`{% raw %}` → its text, unchanged".into());
                    c.text.push_str(&body[end..s]);
                    i = e;
                }
                None => {
                    note!(NoteKind::NotConverted, "`{% raw %}` without `{% endraw %}`; left as is".into());
                    keep!();
                    i = end;
                }
            },
            "comment" => match find_tag(body, end, "endcomment") {
                Some((_, e)) => {
                    note!(NoteKind::Converted, "`{% comment %}` dropped (Liquid renders nothing for it)".into());
                    i = e;
                }
                None => {
                    note!(NoteKind::NotConverted, "`{% comment %}` without `{% endcomment %}`; left as is".into());
                    keep!();
                    i = end;
                }
            },
            "highlight" => {
                let lang = words.next().unwrap_or("").to_string();
                let opts: Vec<&str> = words.collect();
                match find_tag(body, end, "endhighlight") {
                    Some((s, e)) if ctx.html => {
                        // An HTML file: the code as Jekyll's highlighter wraps it, its
                        // colours left to the page's style.
                        note!(NoteKind::Converted, format!("`{shown}` → an HTML code block"));
                        if !opts.is_empty() {
                            note!(NoteKind::NotConverted, format!("highlight option `{}` dropped", opts.join(" ")));
                        }
                        let mut inner = Converted::default();
                        convert_into(&body[end..s], base + end, ctx, &mut inner, vars, &mut Vec::new());
                        c.notes.extend(inner.notes);
                        c.text.push_str(&html_code(&lang, &inner.text));
                        i = e;
                    }
                    Some((s, e)) => {
                        note!(NoteKind::Converted, format!("`{shown}` → fenced code block"));
                        if !opts.is_empty() {
                            note!(
                                NoteKind::NotConverted,
                                format!(
                                    "highlight option `{}` dropped: brief's code blocks have no line numbers or marks",
                                    opts.join(" ")
                                )
                            );
                        }
                        // Liquid inside the block runs first in Jekyll too.
                        let mut inner = Converted::default();
                        convert_into(&body[end..s], base + end, ctx, &mut inner, vars, &mut Vec::new());
                        c.notes.extend(inner.notes);
                        let prefix = fenced(&mut c.text, &lang, &inner.text);
                        i = e;
                        // Text after `{% endhighlight %}` on its line goes on the next, in
                        // the same container: on the fence's line it would not close.
                        let rest = &body[e..];
                        if !(rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")) {
                            c.text.push('\n');
                            c.text.push_str(&prefix);
                            i += rest.len() - rest.trim_start_matches([' ', '\t']).len();
                        }
                    }
                    None => {
                        note!(NoteKind::NotConverted, format!("`{shown}` without `{{% endhighlight %}}`; left as is"));
                        keep!();
                        i = end;
                    }
                }
            }
            "assign" if assign_split(inner).is_some() => {
                let (name, items) = assign_split(inner).unwrap_or_default();
                note!(
                    NoteKind::Converted,
                    format!(
                        "`{shown}` → nothing (Liquid shows nothing for it; its {} values are used below)",
                        items.len()
                    )
                );
                vars.insert(name, items);
                i = end;
            }
            "for" if for_loop(body, end, &inner[3..], ctx, vars).is_some() => {
                let (text, e) = for_loop(body, end, &inner[3..], ctx, vars).unwrap_or_default();
                note!(NoteKind::Converted, format!("`{shown}` → its body once per item, as Liquid renders it"));
                // The loop's own output may hold Liquid that converts on its own (`{{ site.x }}`).
                let mut once = Converted::default();
                convert_into(&text, base + end, ctx, &mut once, vars, &mut Vec::new());
                c.notes.extend(once.notes.into_iter().take(1));
                c.text.push_str(&once.text);
                i = e;
            }
            "link" | "post_url" => {
                // Jekyll takes the whole argument as the name, spaces and all
                // (`{% post_url 2024-09-19-Thursday - Overload %}`).
                let target = inner[name.len()..].trim().trim_start_matches('/');
                let key = format!("{name}:{}", target.trim_end_matches(['/']));
                match ctx.link(&key) {
                    Some(url) => {
                        note!(NoteKind::Converted, format!("`{shown}` → {url}"));
                        c.text.push_str(&url);
                    }
                    None => {
                        note!(
                            NoteKind::NotConverted,
                            format!("`{shown}`: `{target}` is not among the imported files; left as is")
                        );
                        keep!();
                    }
                }
                i = end;
            }
            _ => {
                note!(
                    NoteKind::NotConverted,
                    format!("`{shown}`: Liquid `{name}` has no equivalent in brief; left as is")
                );
                keep!();
                i = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::finish::with_test_ctx;
    use super::*;

    fn conv(body: &str) -> Converted {
        let site =
            serde_json::json!({"repository": "https://github.com/jekyll/jekyll", "twitter": {"username": "jekyllrb"}});
        let site = site.as_object().unwrap().clone();
        with_test_ctx(
            &[
                ("post_url:2013-05-06-hello", "/2013/05/06/hello/"),
                ("link:_posts/2013-05-06-hello.md", "/2013/05/06/hello/"),
                ("post_url:2024-09-19-Thursday - Overload", "/2024/09/19/thursday-overload/"),
            ],
            &site,
            &[],
            |ctx| convert(body, ctx),
        )
    }

    #[test]
    fn highlight_becomes_a_fence() {
        let c = conv(
            "Text\n\n{% highlight ruby linenos %}\ndef x\n  {% raw %}{{ y }}{% endraw %}\nend\n{% endhighlight %}\n\nMore\n",
        );
        assert_eq!(c.text, "Text\n\n```ruby\ndef x\n  {{ y }}\nend\n```\n\nMore\n");
        let kinds: Vec<NoteKind> = c.notes.iter().map(|n| n.1).collect();
        assert_eq!(kinds, vec![NoteKind::Converted, NoteKind::NotConverted, NoteKind::Converted]);
    }

    #[test]
    fn raw_links_and_values() {
        let c = conv(
            "A {% raw %}{% x %}{% endraw %} [b]({% post_url 2013-05-06-hello %}) [c]({% link _posts/2013-05-06-hello.md %}) {{ site.repository }}/x @{{ site.twitter.username }}",
        );
        assert_eq!(
            c.text,
            "A {% x %} [b](/2013/05/06/hello/) [c](/2013/05/06/hello/) https://github.com/jekyll/jekyll/x @jekyllrb"
        );
        assert!(c.notes.iter().all(|n| n.1 == NoteKind::Converted), "{:?}", c.notes);
    }

    #[test]
    fn post_url_takes_the_whole_argument() {
        let c = conv("[a]({% post_url 2024-09-19-Thursday - Overload %}) [b]({%post_url  2013-05-06-hello  %})");
        assert_eq!(c.text, "[a](/2024/09/19/thursday-overload/) [b](/2013/05/06/hello/)");
        assert!(c.notes.iter().all(|n| n.1 == NoteKind::Converted), "{:?}", c.notes);
    }

    #[test]
    fn the_rest_stays_and_is_reported() {
        let c = conv(
            "{% include x.html %}\n{{ site.time | date: '%Y' }}\n{% post_url 2099-01-01-nope %}\n{% comment %}gone{% endcomment %}ok",
        );
        assert_eq!(c.text, "{% include x.html %}\n{{ site.time | date: '%Y' }}\n{% post_url 2099-01-01-nope %}\nok");
        let offsets: Vec<(usize, NoteKind)> = c.notes.iter().map(|n| (n.0, n.1)).collect();
        assert_eq!(
            offsets,
            vec![
                (0, NoteKind::NotConverted),
                (21, NoteKind::NotConverted),
                (50, NoteKind::NotConverted),
                (81, NoteKind::Converted)
            ]
        );
    }

    #[test]
    fn known_loops_are_unrolled() {
        let c = conv(
            "{% assign ids = \"12|34\" | split: \"|\" %}\n{% for id in ids %}\n[#{{ id }}]: {{ site.repository }}/issues/{{ id }}\n{% endfor %}\nEnd",
        );
        assert_eq!(
            c.text,
            "\n\n[#12]: https://github.com/jekyll/jekyll/issues/12\n\n[#34]: https://github.com/jekyll/jekyll/issues/34\n\nEnd"
        );
        assert!(c.notes.iter().all(|n| n.1 == NoteKind::Converted), "{:?}", c.notes);
        let c = conv("{% for x in ids limit: 1 %}{{ x }}{% endfor %}");
        assert_eq!(c.notes.iter().filter(|n| n.1 == NoteKind::NotConverted).count(), 3, "{:?}", c.notes);
    }

    #[test]
    fn fences_outgrow_backticks_in_code() {
        let mut s = String::from("x");
        fenced(&mut s, "", "a ```` b\n");
        assert_eq!(s, "x\n`````\na ```` b\n`````");
    }

    #[test]
    fn highlight_keeps_its_container_and_ends_its_line() {
        let c = conv("1. Install:\n\n   {% highlight sh %}\n   gem x\n   {% endhighlight %}\n\n2. Run");
        assert_eq!(c.text, "1. Install:\n\n   ```sh\n   gem x\n   ```\n\n2. Run");
        let c = conv("Inline {% highlight ruby %}x = 1{% endhighlight %} in text.");
        assert_eq!(c.text, "Inline \n```ruby\nx = 1\n```\nin text.");
        let c = conv("> Quoted:\n> {% highlight ruby %}\n> a\n>\n>   b\n> {% endhighlight %} after");
        assert_eq!(c.text, "> Quoted:\n> ```ruby\n> a\n>\n>   b\n> ```\n> after");
        let c = conv("- {% highlight ruby %}x{% endhighlight %}");
        assert_eq!(c.text, "- ```ruby\n  x\n  ```");
    }

    #[test]
    fn highlight_strips_line_breaks_at_either_end_and_nothing_else() {
        let mut s = String::new();
        fenced(&mut s, "liquid", "\r\n\n\n  {{ x }}  \n\n  y\t\r\n\n");
        assert_eq!(s, "```liquid\n  {{ x }}  \n\n  y\t\n```");
        let c = conv("{% highlight ruby %}\n{% raw %}\n{{ a }}\n{% endraw %}\n{% endhighlight %}");
        assert_eq!(c.text, "```ruby\n{{ a }}\n```");
    }
}
