//! Authors written as Markdown links: Docsy's blog posts have
//! `author: '[Patrice Chalin](https://github.com/chalin)'`, which its theme renders with
//! `markdownify`. brief names authors by plain text, so the link's text becomes the
//! name and its URL a link of the author's `authors.yaml` entry (`links:`), which the
//! author's page shows. Pure.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::{Entry, Note, NoteKind};

/// An author's name and the links written in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Linked {
    /// The name as text: the link's text when the author is a link alone
    /// (`Patrice Chalin`), else the text around the links (`Riona MacNamara`).
    pub name: String,
    /// `(title, url)` of each link, in order.
    pub links: Vec<(String, String)>,
}

/// `author` read as inline Markdown, when it holds a link; `None` for plain text. A
/// separator outside brackets (`,`, `;`, `&`, ` and `) starts another author
/// (`[Ann Lee](…), [Bob Ray](…)`, `[Hal](…) and [Ida](…)`, `Ann ([@a](…)), Bob ([@b](…))`,
/// `[Ann](…), Bob`); one inside brackets does not (`Riona ([@r](…), [GitHub](…))` is one
/// author), nor one before a name's only link in brackets (`Doe, Jane ([@jd](…))`).
pub(crate) fn split(author: &str) -> Option<Vec<Linked>> {
    if !author.contains("](") && !author.contains("]:") && !author.contains('<') {
        return None;
    }
    // Each author so far: the text outside links, and the links.
    let mut parts: Vec<(String, Vec<(String, String)>)> = vec![(String::new(), Vec::new())];
    // The link being read: its text so far and its URL.
    let mut open: Option<(String, String)> = None;
    let mut depth = 0usize;
    // All the text outside links, as written, for one author with one link.
    let mut whole = String::new();
    // Whether a link was written inside brackets, after a name (`Jane ([@j](…))`).
    let mut bracketed = false;
    for event in Parser::new(author) {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                bracketed |= depth > 0;
                // An email autolink (`<gus@example.org>`) comes without its scheme.
                let url = match link_type {
                    LinkType::Email if !dest_url.starts_with("mailto:") => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                open = Some((String::new(), url));
            }
            Event::End(TagEnd::Link) => {
                if let (Some(link), Some(last)) = (open.take(), parts.last_mut()) {
                    last.1.push(link);
                }
            }
            Event::Text(t) | Event::Code(t) => match open.as_mut() {
                Some((title, _)) => title.push_str(&t),
                None => {
                    whole.push_str(&t);
                    outside_text(&t, &mut depth, &mut parts);
                }
            },
            _ => {}
        }
    }
    let links: usize = parts.iter().map(|p| p.1.len()).sum();
    if links == 0 {
        return None;
    }
    if links == 1 && bracketed {
        // One link in brackets: one author, whatever the text around it (`Doe, Jane
        // ([@jd](…))`).
        let links = parts.into_iter().flat_map(|p| p.1).collect();
        return named(&whole, links).map(|one| vec![one]);
    }
    let authors: Vec<Linked> = parts.into_iter().filter_map(|(outside, links)| named(&outside, links)).collect();
    (!authors.is_empty()).then_some(authors)
}

/// Text outside links, added to the last author, or starting the next one at a
/// separator outside brackets (`,`, `;`, `&`, ` and `).
fn outside_text(text: &str, depth: &mut usize, parts: &mut Vec<(String, Vec<(String, String)>)>) {
    let mut rest = text;
    while !rest.is_empty() {
        let at_and = (*depth == 0).then(|| rest.find(" and ")).flatten();
        let mut cut = None;
        for (i, c) in rest.char_indices() {
            if at_and.is_some_and(|a| a <= i) {
                break;
            }
            match c {
                '(' | '[' => *depth += 1,
                ')' | ']' => *depth = depth.saturating_sub(1),
                ',' | ';' | '&' if *depth == 0 => {
                    cut = Some((i, c.len_utf8()));
                    break;
                }
                _ => {}
            }
        }
        let cut = cut.or(at_and.map(|a| (a, " and ".len())));
        let Some((at, len)) = cut else {
            if let Some(last) = parts.last_mut() {
                last.0.push_str(rest);
            }
            return;
        };
        if let Some(last) = parts.last_mut() {
            last.0.push_str(&rest[..at]);
        }
        parts.push((String::new(), Vec::new()));
        rest = &rest[at + len..];
    }
}

/// `text` without the brackets its links left empty: `()`, `( )`, `(, )` (those links'
/// separators).
fn without_empty_brackets(text: &str) -> String {
    let mut out = text.to_string();
    loop {
        let empty = out.char_indices().find_map(|(i, c)| {
            let close = match c {
                '(' => ')',
                '[' => ']',
                _ => return None,
            };
            let after = &out[i + 1..];
            let inside = after.find(|ch: char| !matches!(ch, ' ' | ',' | ';' | '&'))?;
            (after[inside..].starts_with(close)).then_some(i..i + 1 + inside + 1)
        });
        match empty {
            Some(span) => out.replace_range(span, ""),
            None => return out,
        }
    }
}

/// One author: the text around its links (brackets left empty dropped), else its first
/// link's text; `None` when both are empty.
fn named(outside: &str, links: Vec<(String, String)>) -> Option<Linked> {
    // `Riona MacNamara ([@rionam](https://x.com/bepsays))`: the brackets left empty go.
    let rest = without_empty_brackets(outside);
    let rest = rest.trim().trim_matches([',', ';', '-', '–', '&']).trim();
    let name = match (rest.is_empty(), links.first()) {
        (false, _) => rest.to_string(),
        (true, Some((text, _))) => text.trim().to_string(),
        (true, None) => String::new(),
    };
    (!name.is_empty()).then_some(Linked { name, links })
}

/// The host of `url` (`github.com`), the title of a link whose text is the name.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).trim_start_matches("www.").to_string()
}

/// `authors.yaml` (the text the import wrote, if any) with each author's links added
/// under `links:` as `{title, url}`; a link whose text is the name is titled by its host.
pub(crate) fn add_links(yaml: Option<String>, found: &BTreeMap<String, Vec<(String, String)>>) -> Option<String> {
    if found.is_empty() {
        return yaml;
    }
    let (head, mut map) = match &yaml {
        Some(text) => {
            let head: String = text.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
            (head, crate::yaml::from_str::<serde_yaml::Mapping>(text).unwrap_or_default())
        }
        None => (String::new(), serde_yaml::Mapping::new()),
    };
    for (name, links) in found {
        let key = serde_yaml::Value::String(name.clone());
        let entry = map.entry(key).or_insert_with(|| serde_yaml::Value::Mapping(Default::default()));
        let Some(entry) = entry.as_mapping_mut() else { continue };
        let list = entry.entry("links".into()).or_insert_with(|| serde_yaml::Value::Sequence(Vec::new()));
        let Some(list) = list.as_sequence_mut() else { continue };
        for (title, url) in links {
            let title = if title.trim() == name || title.trim().is_empty() { host(url) } else { title.clone() };
            let mut link = serde_yaml::Mapping::new();
            link.insert("title".into(), title.into());
            link.insert("url".into(), url.clone().into());
            list.push(serde_yaml::Value::Mapping(link));
        }
    }
    let head =
        if head.is_empty() { "# Written by `brief import`: authors' links from their names.\n".into() } else { head };
    crate::yaml::to_string(&map).ok().map(|t| format!("{head}{t}"))
}

/// Authors written as Markdown links (`[Patrice Chalin](https://github.com/chalin)`)
/// named by their text, each noted; the links go to `authors.yaml` (its text returned),
/// which takes http, https and mailto links only: any other is reported as not kept.
pub(crate) fn name_by_text(entries: &mut [Entry], authors_yaml: Option<String>) -> Option<String> {
    let mut links: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for e in entries.iter_mut() {
        let mut named = Vec::with_capacity(e.fm.authors.len());
        for author in std::mem::take(&mut e.fm.authors) {
            let Some(found) = split(&author) else {
                named.push(author);
                continue;
            };
            let names: Vec<String> = found.iter().map(|l| format!("`{}`", l.name)).collect();
            let mut urls = Vec::new();
            for linked in found {
                let (kept, lost): (Vec<_>, Vec<_>) =
                    linked.links.into_iter().partition(|(_, url)| crate::parse::check_url(url));
                urls.extend(kept.iter().map(|(_, u)| format!("`{u}`")));
                for (_, url) in &lost {
                    e.notes.push(Note::new(
                        0,
                        NoteKind::NotConverted,
                        format!(
                            "author `{}`'s link `{url}`: authors.yaml takes http, https and mailto links only",
                            linked.name
                        ),
                    ));
                }
                let entry = links.entry(linked.name.clone()).or_default();
                for k in kept {
                    if !entry.contains(&k) {
                        entry.push(k);
                    }
                }
                if !named.contains(&linked.name) {
                    named.push(linked.name);
                }
            }
            let text = if urls.is_empty() {
                format!("author `{author}` → {}", names.join(", "))
            } else {
                let whose = if urls.len() == 1 { "its link" } else { "the links" };
                format!("author `{author}` → {}, {whose} {} in authors.yaml", names.join(", "), urls.join(", "))
            };
            e.notes.push(Note::new(0, NoteKind::Converted, text));
        }
        e.fm.authors = named;
    }
    links.retain(|_, l| !l.is_empty());
    add_links(authors_yaml, &links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_alone_is_its_text_and_a_link() {
        let l = split("[Patrice Chalin](https://github.com/chalin)").unwrap();
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].name, "Patrice Chalin");
        assert_eq!(l[0].links, [("Patrice Chalin".to_string(), "https://github.com/chalin".to_string())]);
        let l = split("Riona MacNamara ([@rionam](https://x.com/bepsays))").unwrap();
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].name, "Riona MacNamara");
        assert_eq!(l[0].links, [("@rionam".to_string(), "https://x.com/bepsays".to_string())]);
        assert_eq!(split("Jane Doe"), None);
        assert_eq!(split("[not a link]"), None);
    }

    #[test]
    fn several_linked_names_are_several_authors() {
        let names = |a: &str| split(a).unwrap().into_iter().map(|l| l.name).collect::<Vec<_>>();
        assert_eq!(names("[Ann Lee](https://a.example/), [Bob Ray](https://b.example/)"), ["Ann Lee", "Bob Ray"]);
        assert_eq!(names("[Hal](https://h.example/) and [Ida](https://i.example/)"), ["Hal", "Ida"]);
        assert_eq!(names("[Hal](https://h.example/) & [Ida](https://i.example/)"), ["Hal", "Ida"]);
        assert_eq!(
            names("Ann Lee ([@ann](https://x.com/ann)), Bob Ray ([@bob](https://x.com/bob))"),
            ["Ann Lee", "Bob Ray"]
        );
        // One author with two links: the comma is inside the brackets.
        let one = split("Riona MacNamara ([@rionam](https://x.com/r), [GitHub](https://github.com/r))").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].name, "Riona MacNamara");
        assert_eq!(one[0].links.len(), 2);
        // One link: one author, a comma in the name kept.
        assert_eq!(names("Doe, Jane ([@jd](https://x.com/jd))"), ["Doe, Jane"]);
        // A name without a link among linked ones is an author too.
        assert_eq!(names("[Ann](https://a.example/), Bob"), ["Ann", "Bob"]);
        // An email autolink keeps its scheme.
        let gus = split("Gus <gus@example.org>").unwrap();
        assert_eq!((gus[0].name.as_str(), gus[0].links[0].1.as_str()), ("Gus", "mailto:gus@example.org"));
    }

    #[test]
    fn links_go_under_the_authors_entry() {
        let found = BTreeMap::from([(
            "Patrice Chalin".to_string(),
            vec![("Patrice Chalin".to_string(), "https://github.com/chalin".to_string())],
        )]);
        let yaml = add_links(Some("# head\nPatrice Chalin:\n  bio: Docs.\n".into()), &found).unwrap();
        assert_eq!(
            yaml,
            "# head\nPatrice Chalin:\n  bio: Docs.\n  links:\n  - title: github.com\n    url: https://github.com/chalin\n"
        );
    }
}
