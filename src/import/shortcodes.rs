//! Hugo and Zola shortcodes in content, converted where the conversion is exact:
//! `ref`/`relref` and Zola's `@/` links to the brief URL of their target, `figure` to a
//! Markdown image or the HTML Hugo wrote ([`super::figure`]), `highlight` to a fenced code block, video and gist embeds to links,
//! `param` to its value, and a Zola site's own shortcodes whose templates only place
//! their arguments. Everything else stays as written, with a note. Pure.

use super::NoteKind;
use super::finish::{Converted, Ctx};
use super::liquid::fenced;
use super::matter::text_of;
use super::zola_templates::{apply_template, continued, markdown_body};

/// One argument: named (`key=value`) or positional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Arg {
    /// The name of a named argument.
    pub key: Option<String>,
    /// Its value, unquoted.
    pub value: String,
}

/// Split shortcode arguments: `"quoted"`, `'quoted'`, `` `raw` ``, bare words,
/// `key=value`; commas between them (Zola) are separators too.
pub(super) fn args(s: &str) -> Vec<Arg> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let read_value = |i: &mut usize| -> String {
        let mut v = String::new();
        match chars.get(*i) {
            Some(&q @ ('"' | '\'' | '`')) => {
                *i += 1;
                while *i < chars.len() && chars[*i] != q {
                    if chars[*i] == '\\' && q == '"' && *i + 1 < chars.len() {
                        *i += 1;
                    }
                    v.push(chars[*i]);
                    *i += 1;
                }
                *i += 1;
            }
            _ => {
                while *i < chars.len() && !chars[*i].is_whitespace() && chars[*i] != ',' && chars[*i] != '=' {
                    v.push(chars[*i]);
                    *i += 1;
                }
            }
        }
        v
    };
    while i < chars.len() {
        if chars[i].is_whitespace() || chars[i] == ',' {
            i += 1;
            continue;
        }
        let first = read_value(&mut i);
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        if chars.get(j) == Some(&'=') {
            j += 1;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            i = j;
            let value = read_value(&mut i);
            out.push(Arg { key: Some(first), value });
        } else {
            out.push(Arg { key: None, value: first });
        }
    }
    out
}

pub(super) fn named<'a>(a: &'a [Arg], key: &str) -> Option<&'a str> {
    a.iter().find(|x| x.key.as_deref() == Some(key)).map(|x| x.value.as_str())
}

fn positional(a: &[Arg], n: usize) -> Option<&str> {
    a.iter().filter(|x| x.key.is_none()).nth(n).map(|x| x.value.as_str())
}

/// A link for an embed every generator has: YouTube, Vimeo, gists, tweets.
fn embed_link(name: &str, a: &[Arg]) -> Option<String> {
    let id = named(a, "id").or_else(|| positional(a, 0)).filter(|s| !s.is_empty());
    match name {
        "youtube" => {
            Some(format!("[{}](https://www.youtube.com/watch?v={})", named(a, "title").unwrap_or("YouTube video"), id?))
        }
        "vimeo" => Some(format!("[{}](https://vimeo.com/{})", named(a, "title").unwrap_or("Vimeo video"), id?)),
        "streamable" => Some(format!("[Streamable video](https://streamable.com/{})", id?)),
        "instagram" => Some(format!("[Instagram post](https://www.instagram.com/p/{}/)", id?)),
        "tweet" | "x" | "twitter" => match named(a, "user") {
            Some(u) => Some(format!("[Post by @{u}](https://x.com/{u}/status/{})", named(a, "id")?)),
            None => Some(format!("[Post](https://x.com/i/status/{})", id?)),
        },
        "gist" => match named(a, "url") {
            Some(url) => Some(format!("[gist]({url})")),
            None => {
                let (user, gist) = (positional(a, 0)?, positional(a, 1)?);
                let file = positional(a, 2).map(|f| format!(" ({f})")).unwrap_or_default();
                Some(format!("[gist {user}/{gist}{file}](https://gist.github.com/{user}/{gist})"))
            }
        },
        _ => None,
    }
}

pub(super) fn md_escape(s: &str, chars: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if chars.contains(&c) || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The link of a `ref`/`@/` target with its `#anchor`.
fn resolve(ctx: &Ctx, prefix: &str, target: &str) -> Option<String> {
    let (path, frag) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
    let url =
        if path.is_empty() { String::new() } else { ctx.link(&format!("{prefix}{}", path.trim_start_matches('/')))? };
    Some(match frag {
        Some(f) => format!("{url}#{f}"),
        None => url,
    })
}

/// The link of a Hugo `ref`/`relref` target, found as Hugo finds it: a path without a
/// leading `/` from the page's folder first (`leaf`, `../blog/other.md`), then, unless
/// it starts with `.`, from the content folder, then by its file name alone; a bundle by
/// its folder (`leaf`, `leaf/`).
fn hugo_ref(ctx: &Ctx, target: &str) -> Option<String> {
    let (path, frag) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
    let beside = (!path.starts_with('/') && !path.is_empty())
        .then(|| join_content_path(ctx.dir, path))
        .flatten()
        .and_then(|p| ctx.link(&format!("hugo:{p}")));
    let url = match beside {
        Some(url) => url,
        None if path.starts_with('.') => return None,
        None if path.is_empty() => String::new(),
        None => {
            let p = path.trim_matches('/');
            ctx.link(&format!("hugo:{p}")).or_else(|| ctx.link(&format!("hugo:{}", path.trim_start_matches('/'))))?
        }
    };
    Some(frag.map_or_else(|| url.clone(), |f| format!("{url}#{f}")))
}

/// `rel` read from the folder `dir` of the content folder, `.` and `..` resolved and no
/// trailing `/` (`posts` + `../blog/x.md` → `blog/x.md`); `None` when it climbs out.
fn join_content_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn shown(s: &str) -> String {
    let t: String = s.chars().take(70).collect();
    let t = if t.len() < s.len() { format!("{t}…") } else { t };
    t.replace('\n', " ")
}

/// Convert the shortcodes of a Hugo body.
pub(crate) fn hugo(body: &str, ctx: &Ctx) -> Converted {
    let mut c = Converted::default();
    let mut i = 0;
    while let Some(rel) = [body[i..].find("{{<"), body[i..].find("{{%")].into_iter().flatten().min() {
        let start = i + rel;
        c.text.push_str(&body[i..start]);
        let delim = if body[start..].starts_with("{{<") { ">}}" } else { "%}}" };
        let Some(end) = body[start + 3..].find(delim).map(|e| start + 3 + e + 3) else {
            c.notes.push((start, NoteKind::NotConverted, "shortcode never closed; left as is".into()));
            c.text.push_str(&body[start..]);
            return c;
        };
        let whole = &body[start..end];
        let inner = whole[3..whole.len() - 3].trim();
        i = end;
        // `{{</* x */>}}` is how Hugo writes a shortcode as text.
        if let Some(lit) = inner.strip_prefix("/*").and_then(|r| r.strip_suffix("*/")) {
            c.notes.push((start, NoteKind::Converted, format!("escaped shortcode `{}` → its text", shown(whole))));
            c.text.push_str(&format!("{}{}{}", &whole[..3], lit, &whole[whole.len() - 3..]));
            continue;
        }
        let inner = inner.trim_end_matches('/').trim();
        // A closing tag may have a space after its `/` (`{{</ math.inline >}}`): its name
        // is the word after it, reported as `/math.inline`.
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(r) => ("/", r.trim_start()),
            None => ("", inner),
        };
        let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let name = format!("{closing}{name}");
        let name = name.as_str();
        let a = args(rest);
        let mut note = |kind, text: String| c.notes.push((start, kind, text));
        let out: Option<String> = match name {
            "ref" | "relref" => {
                let target = named(&a, "path").or_else(|| positional(&a, 0)).unwrap_or("");
                let r = hugo_ref(ctx, target);
                match &r {
                    Some(url) => note(NoteKind::Converted, format!("`{}` → `{url}`", shown(whole))),
                    None => note(
                        NoteKind::NotConverted,
                        format!("`{}`: `{target}` is not among the imported files; left as is", shown(whole)),
                    ),
                }
                r
            }
            "highlight" => {
                let close = ["{{< /highlight >}}", "{{% /highlight %}}"];
                let found = close.iter().filter_map(|t| body[end..].find(t).map(|p| (p, t.len()))).min();
                match found {
                    Some((p, len)) => {
                        let lang = positional(&a, 0).unwrap_or("");
                        if let Some(o) = positional(&a, 1).filter(|o| !o.is_empty()) {
                            note(
                                NoteKind::NotConverted,
                                format!(
                                    "highlight options `{o}` dropped: brief's code blocks have no line numbers or marks"
                                ),
                            );
                        }
                        note(NoteKind::Converted, format!("`{}` → fenced code block", shown(whole)));
                        let mut s = String::new();
                        fenced(&mut s, lang, &body[end..end + p]);
                        i = end + p + len;
                        Some(s)
                    }
                    None => {
                        note(NoteKind::NotConverted, "`highlight` without its closing shortcode; left as is".into());
                        None
                    }
                }
            }
            "figure" => super::figure::hugo(&a, &shown(whole), &mut note),
            "param" => {
                let key = named(&a, "name").or_else(|| positional(&a, 0)).unwrap_or("");
                let v = ctx
                    .page
                    .get(key)
                    .or_else(|| ctx.page.get("params").and_then(|p| p.get(key)))
                    .or_else(|| ctx.site.get("params").and_then(|p| p.get(key)))
                    .and_then(text_of);
                if v.is_some() {
                    note(NoteKind::Converted, format!("`{}` → its value", shown(whole)));
                }
                v
            }
            n => embed_link(n, &a).inspect(|l| note(NoteKind::Converted, format!("`{}` → {l}", shown(whole)))),
        };
        match out {
            Some(s) => c.text.push_str(&s),
            None => {
                if !c.notes.last().is_some_and(|n| n.0 == start && n.1 == NoteKind::NotConverted) {
                    c.notes.push((
                        start,
                        NoteKind::NotConverted,
                        format!("`{}`: shortcode `{name}` has no exact equivalent in brief; left as is", shown(whole)),
                    ));
                }
                c.text.push_str(whole);
            }
        }
    }
    c.text.push_str(&body[i..]);
    c
}

/// Convert the shortcodes and `@/` links of a Zola body.
pub(crate) fn zola(body: &str, ctx: &Ctx) -> Converted {
    let mut c = Converted::default();
    let mut i = 0;
    let call = |s: &str| -> Option<(String, String)> {
        let s = s.trim();
        let open = s.find('(')?;
        let name = s[..open].trim();
        let valid = !name.is_empty() && name.chars().all(|ch| ch.is_alphanumeric() || ch == '_');
        (valid && s.ends_with(')')).then(|| (name.to_string(), s[open + 1..s.len() - 1].to_string()))
    };
    while let Some(rel) =
        [body[i..].find("{{"), body[i..].find("{%"), body[i..].find("](@/")].into_iter().flatten().min()
    {
        let start = i + rel;
        c.text.push_str(&body[i..start]);
        if body[start..].starts_with("](@/") {
            let end = body[start..].find([')', ' ', '\n']).map_or(body.len(), |e| start + e);
            let target = &body[start + 4..end];
            match super::zola::home_link(ctx, target).or_else(|| resolve(ctx, "zola:", target)) {
                Some(url) => {
                    c.notes.push((start, NoteKind::Converted, format!("link `@/{target}` → {url}")));
                    c.text.push_str(&format!("]({url}"));
                }
                None => {
                    c.notes.push((
                        start,
                        NoteKind::NotConverted,
                        format!("link `@/{target}`: not among the imported files; left as is"),
                    ));
                    c.text.push_str(&body[start..end]);
                }
            }
            i = end;
            continue;
        }
        let block = body[start..].starts_with("{%");
        let close = if block { "%}" } else { "}}" };
        let Some(end) = body[start + 2..].find(close).map(|e| start + 2 + e + 2) else {
            c.text.push_str(&body[start..]);
            return c;
        };
        let whole = &body[start..end];
        let inner = &whole[2..whole.len() - 2];
        i = end;
        if let Some(lit) = inner.trim().strip_prefix("/*").and_then(|r| r.strip_suffix("*/")) {
            c.notes.push((start, NoteKind::Converted, format!("escaped shortcode `{}` → its text", shown(whole))));
            // Zola drops only the `/*` and `*/`: every space stays as written.
            let lead = &inner[..inner.len() - inner.trim_start().len()];
            let trail = &inner[inner.trim_end().len()..];
            c.text.push_str(&format!("{}{lead}{lit}{trail}{}", &whole[..2], &whole[whole.len() - 2..]));
            continue;
        }
        let Some((name, arg_text)) = call(inner) else {
            // Zola 0.23 calls Tera 2 components in content: `{% <note kind="tip"> %}`,
            // `{% </note> %}`, `{{ <gallery page /> }}`. brief has no such templates.
            let tag = inner.trim().strip_prefix('<').map(|t| t.trim_start_matches('/'));
            if tag.is_some_and(|t| t.starts_with(|ch: char| ch.is_alphabetic() || ch == '_')) {
                let what = format!("`{}`: a Zola component, which brief has no template for; left as is", shown(whole));
                c.notes.push((start, NoteKind::NotConverted, what));
            }
            // Else not a shortcode call: Zola leaves it as text too.
            c.text.push_str(whole);
            continue;
        };
        let a = args(&arg_text);
        let mut body_text = None;
        if block {
            match super::liquid::find_tag(body, end, "end") {
                Some((s, e)) => {
                    body_text = Some(body[end..s].trim_matches('\n').to_string());
                    i = e;
                }
                None => {
                    c.notes.push((
                        start,
                        NoteKind::NotConverted,
                        format!("`{}` without `{{% end %}}`; left as is", shown(whole)),
                    ));
                    c.text.push_str(whole);
                    continue;
                }
            }
        }
        let own = ["html", "md"]
            .iter()
            .find_map(|ext| ctx.shortcodes.get(&format!("{name}.{ext}")).map(|t| (t, *ext == "html")));
        let as_markdown = own.zip(body_text.as_deref()).and_then(|((t, _), b)| markdown_body(t, b));
        let out = match own {
            Some(_) if as_markdown.is_some() => as_markdown.inspect(|_| {
                c.notes.push((
                    start,
                    NoteKind::Converted,
                    format!("`{}` → its body as Markdown, as the site's shortcode template renders it", shown(whole)),
                ));
            }),
            Some((t, html)) => apply_template(t, html, &a, body_text.as_deref()).inspect(|_| {
                c.notes.push((
                    start,
                    NoteKind::Converted,
                    format!("`{}` → the site's shortcode template, filled in", shown(whole)),
                ));
            }),
            None => embed_link(&name, &a)
                .inspect(|l| c.notes.push((start, NoteKind::Converted, format!("`{}` → {l}", shown(whole))))),
        };
        match out {
            // A call on a line of a blockquote or list item (`> {{ figure(…) }}`) whose
            // template makes several lines: each line takes the same place, or the rest
            // falls out of the quote (Zola put the output in after Markdown, whole).
            Some(s) if !block => c.text.push_str(&continued(&c.text, &s)),
            Some(s) => c.text.push_str(&s),
            None => {
                let why = if own.is_some() {
                    "its template has logic brief cannot run"
                } else {
                    "no shortcode of that name is known"
                };
                c.notes.push((
                    start,
                    NoteKind::NotConverted,
                    format!("`{}`: shortcode `{name}`: {why}; left as is", shown(whole)),
                ));
                c.text.push_str(&body[start..i]);
            }
        }
    }
    c.text.push_str(&body[i..]);
    c
}

#[cfg(test)]
mod tests {
    use super::super::finish::with_test_ctx;
    use super::*;

    #[test]
    fn arguments() {
        let a = args(r#"go "linenos=table,hl_lines=2" src="a b.png" id=3"#);
        assert_eq!(a.len(), 4);
        assert_eq!(
            (positional(&a, 1), named(&a, "src"), named(&a, "id")),
            (Some("linenos=table,hl_lines=2"), Some("a b.png"), Some("3"))
        );
        let z = args(r#"id="abc", autoplay=true, class='x'"#);
        assert_eq!(
            (named(&z, "id"), named(&z, "autoplay"), named(&z, "class")),
            (Some("abc"), Some("true"), Some("x"))
        );
    }

    #[test]
    fn hugo_shortcodes() {
        let site = serde_json::Map::new();
        let body = "See [it]({{< ref \"posts/first.md#top\" >}}).\n{{< figure src=\"map.png\" title=\"The map\" >}}\n{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n{{< youtube w7Ft2ymGmfc >}}\n{{< gist spf13 7896402 >}}\n{{< custom x >}}\n{{</* ref \"x\" */>}}";
        let c = with_test_ctx(&[("hugo:posts/first.md", "/2024/07/12/first/")], &site, &[], |ctx| hugo(body, ctx));
        assert_eq!(
            c.text,
            "See [it](/2024/07/12/first/#top).\n![The map](map.png \"The map\")\n```go\nfunc main() {}\n```\n[YouTube video](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n[gist spf13/7896402](https://gist.github.com/spf13/7896402)\n{{< custom x >}}\n{{< ref \"x\" >}}"
        );
        let not: Vec<&str> = c.notes.iter().filter(|n| n.1 == NoteKind::NotConverted).map(|n| n.2.as_str()).collect();
        assert_eq!(not.len(), 2, "{not:?}");
        // A closing tag written with a space after its `/` is named by the word after it.
        let c = with_test_ctx(&[], &site, &[], |ctx| hugo("{{< math.inline >}}x{{</ math.inline >}}", ctx));
        let names: Vec<&str> = c.notes.iter().map(|n| n.2.as_str()).collect();
        assert_eq!(
            names,
            [
                "`{{< math.inline >}}`: shortcode `math.inline` has no exact equivalent in brief; left as is",
                "`{{</ math.inline >}}`: shortcode `/math.inline` has no exact equivalent in brief; left as is"
            ]
        );
    }

    #[test]
    fn zola_shortcodes_and_links() {
        let site = serde_json::Map::new();
        let body = "[a](@/blog/first.md#x) {{ youtube(id=\"abc\") }}\n{% quote(author=\"A <b>\") %}\nWords\n{% end %}\n{{ plain }} {{ fancy(x=1) }}";
        let links = [("zola:blog/first.md", "/2024/07/12/first/")];
        let sc = [("quote.html", "<blockquote>{{ body }} — {{ author }}</blockquote>")];
        let c = with_test_ctx(&links, &site, &sc, |ctx| zola(body, ctx));
        assert_eq!(
            c.text,
            "[a](/2024/07/12/first/#x) [YouTube video](https://www.youtube.com/watch?v=abc)\n<blockquote>Words — A &lt;b&gt;</blockquote>\n{{ plain }} {{ fancy(x=1) }}"
        );
        assert_eq!(c.notes.iter().filter(|n| n.1 == NoteKind::NotConverted).count(), 1, "{:?}", c.notes);
    }

    /// Zola shows `{{/* img(…) */}}` as `{{ img(…) }}`: it replaces only `{{/*` and
    /// `*/}}` (and `{%/*`, `*/%}`), keeping the spaces inside. The import dropped them.
    #[test]
    fn zola_escaped_shortcodes_keep_their_spaces() {
        let site = serde_json::Map::new();
        let body = "```rs\n{{/* img(src=\"ferris.svg\" alt=\"Ferris\") */}}\n```\nInline: {{/* youtube(id=\"x\") */}}\n\
                    {%/* quote(a=1) */%}\nq\n{%/* end */%} {{/*x*/}}";
        let c = with_test_ctx(&[], &site, &[], |ctx| zola(body, ctx));
        assert_eq!(
            c.text,
            "```rs\n{{ img(src=\"ferris.svg\" alt=\"Ferris\") }}\n```\nInline: {{ youtube(id=\"x\") }}\n\
             {% quote(a=1) %}\nq\n{% end %} {{x}}"
        );
        assert!(c.notes.iter().all(|n| n.1 == NoteKind::Converted), "{:?}", c.notes);
    }

    /// salif/linkita writes Zola 0.23's components (`{% <admonition …> %}`): they were
    /// left in the text without a word in the report.
    #[test]
    fn zola_components_are_reported() {
        let site = serde_json::Map::new();
        let body = "{% <admonition type=\"note\" title=\"注記\"> %}\nこれは `note`。\n{% </admonition> %}\n{{ <gallery page config /> }} {{ x }} {% < %}";
        let c = with_test_ctx(&[], &site, &[], |ctx| zola(body, ctx));
        assert_eq!(c.text, body);
        let lines: Vec<usize> = c.notes.iter().filter(|n| n.1 == NoteKind::NotConverted).map(|n| n.0).collect();
        assert_eq!(lines, [0, body.find("{% </").unwrap(), body.find("{{ <").unwrap()], "{:?}", c.notes);
    }
}
