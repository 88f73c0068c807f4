//! Authors written as Markdown links: Docsy's blog posts have
//! `author: '[Patrice Chalin](https://github.com/chalin)'`, which its theme renders with
//! `markdownify`. brief names authors by plain text, so the link's text becomes the
//! name and its URL a link of the author's `authors.yaml` entry (`links:`), which the
//! author's page shows. Pure.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

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

/// `author` read as inline Markdown, when it holds a link; `None` for plain text.
pub(crate) fn split(author: &str) -> Option<Linked> {
    if !author.contains("](") && !author.contains("]:") && !author.contains('<') {
        return None;
    }
    let mut outside = String::new();
    let mut links: Vec<(String, String)> = Vec::new();
    // The link being read: its text so far and its URL.
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(author) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => open = Some((String::new(), dest_url.to_string())),
            Event::End(TagEnd::Link) => links.extend(open.take()),
            Event::Text(t) | Event::Code(t) => match open.as_mut() {
                Some((title, _)) => title.push_str(&t),
                None => outside.push_str(&t),
            },
            _ => {}
        }
    }
    if links.is_empty() {
        return None;
    }
    // `Riona MacNamara ([@rionam](https://x.com/bepsays))`: the brackets left empty go.
    let rest = outside.replace("()", "").replace("[]", "");
    let rest = rest.trim().trim_end_matches([',', ';', '-', '–']).trim();
    let name = if rest.is_empty() { links[0].0.trim().to_string() } else { rest.to_string() };
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
        for author in e.fm.authors.iter_mut() {
            let Some(linked) = split(author) else { continue };
            let (kept, lost): (Vec<_>, Vec<_>) =
                linked.links.into_iter().partition(|(_, url)| crate::parse::check_url(url));
            let urls: Vec<String> = kept.iter().map(|(_, u)| format!("`{u}`")).collect();
            let text = if urls.is_empty() {
                format!("author `{author}` → `{}`", linked.name)
            } else {
                format!("author `{author}` → `{}`, its link {} in authors.yaml", linked.name, urls.join(", "))
            };
            e.notes.push(Note::new(0, NoteKind::Converted, text));
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
            *author = linked.name;
        }
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
        assert_eq!(l.name, "Patrice Chalin");
        assert_eq!(l.links, [("Patrice Chalin".to_string(), "https://github.com/chalin".to_string())]);
        let l = split("Riona MacNamara ([@rionam](https://x.com/bepsays))").unwrap();
        assert_eq!(l.name, "Riona MacNamara");
        assert_eq!(l.links, [("@rionam".to_string(), "https://x.com/bepsays".to_string())]);
        assert_eq!(split("Jane Doe"), None);
        assert_eq!(split("[not a link]"), None);
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
