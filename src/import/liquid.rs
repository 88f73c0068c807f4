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

/// A fenced code block of `code` in language `lang`, starting on its own line.
pub(crate) fn fenced(out: &mut String, lang: &str, code: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    let code = code.strip_prefix("\r\n").or_else(|| code.strip_prefix('\n')).unwrap_or(code).trim_end();
    let fence = fence_for(code);
    out.push_str(&format!("{fence}{lang}\n{code}\n{fence}"));
}

/// Convert the Liquid of a Jekyll body.
pub(crate) fn convert(body: &str, ctx: &Ctx) -> Converted {
    let mut c = Converted::default();
    convert_into(body, 0, ctx, &mut c);
    c
}

fn convert_into(body: &str, base: usize, ctx: &Ctx, c: &mut Converted) {
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
            match value {
                Some(v) => {
                    note!(
                        NoteKind::Converted,
                        format!(
                            "`{shown}` → `{v}` (from the {})",
                            if expr.starts_with("page.") { "front matter" } else { "config" }
                        )
                    );
                    c.text.push_str(&v);
                }
                None => {
                    note!(
                        NoteKind::NotConverted,
                        format!("`{shown}`: Liquid output with no value brief knows; left as is")
                    );
                    c.text.push_str(whole);
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
                    c.text.push_str(whole);
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
                    c.text.push_str(whole);
                    i = end;
                }
            },
            "highlight" => {
                let lang = words.next().unwrap_or("").to_string();
                let opts: Vec<&str> = words.collect();
                match find_tag(body, end, "endhighlight") {
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
                        convert_into(&body[end..s], base + end, ctx, &mut inner);
                        c.notes.extend(inner.notes);
                        fenced(&mut c.text, &lang, &inner.text);
                        i = e;
                    }
                    None => {
                        note!(NoteKind::NotConverted, format!("`{shown}` without `{{% endhighlight %}}`; left as is"));
                        c.text.push_str(whole);
                        i = end;
                    }
                }
            }
            "link" | "post_url" => {
                let target = words.next().unwrap_or("").trim_start_matches('/');
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
                        c.text.push_str(whole);
                    }
                }
                i = end;
            }
            _ => {
                note!(
                    NoteKind::NotConverted,
                    format!("`{shown}`: Liquid `{name}` has no equivalent in brief; left as is")
                );
                c.text.push_str(whole);
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
    fn fences_outgrow_backticks_in_code() {
        let mut s = String::from("x");
        fenced(&mut s, "", "a ```` b\n");
        assert_eq!(s, "x\n`````\na ```` b\n`````");
    }
}
