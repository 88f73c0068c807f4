//! Translations of an imported site stay linked as the old site linked them: by the
//! same path without the language part, else by the `translation_key:` the import
//! writes where the new paths no longer say which files belong together. Pure.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Kind, Note, NoteKind};

/// The path brief links translations by: the file's place under `content/<lang>/`
/// without `.md` (a bundle's folder).
fn link_path(dest: &Path) -> String {
    let rel: PathBuf = dest.components().skip(2).collect();
    let key = if rel.file_name().is_some_and(|f| f == "index.md") {
        rel.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        rel.with_extension("")
    };
    key.to_string_lossy().replace('\\', "/")
}

/// Files the old site linked as translations (same path without the language part) stay
/// linked, and no others are: wherever the new paths no longer say which files belong
/// together (a name changed to keep paths unique, a date prefix dropped from one of
/// them), each of those files gets its old path as `translation_key:`.
pub(super) fn keep_linked(entries: &mut [super::Entry], urls: &[Option<String>]) {
    let mut by_group: HashMap<(bool, &str), HashSet<String>> = HashMap::new();
    let mut by_path: HashMap<(bool, String), HashSet<&str>> = HashMap::new();
    let linked_by_path = |i: usize| urls[i].is_some() && entries[i].fm.translation_key.is_none();
    for (_, e) in entries.iter().enumerate().filter(|(i, _)| linked_by_path(*i)) {
        let page = e.kind == Kind::Page;
        let path = link_path(&e.dest);
        by_group.entry((page, &e.translation)).or_default().insert(path.clone());
        by_path.entry((page, path)).or_default().insert(&e.translation);
    }
    let marked: Vec<usize> = (0..entries.len())
        .filter(|&i| linked_by_path(i))
        .filter(|&i| {
            let e = &entries[i];
            let page = e.kind == Kind::Page;
            by_group[&(page, e.translation.as_str())].len() > 1 || by_path[&(page, link_path(&e.dest))].len() > 1
        })
        .collect();
    for i in marked {
        let e = &mut entries[i];
        e.fm.translation_key = Some(e.translation.clone());
        e.notes.push(Note::new(
            0,
            NoteKind::Info,
            format!(
                "translation_key `{}` keeps its translations linked (their new paths differ, or another file has its path)",
                e.translation
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_stay_linked_when_new_paths_differ() {
        let entry = |dest: &str, translation: &str| {
            let mut e = super::super::Entry::new(PathBuf::from(dest), Kind::Briefing, PathBuf::from(dest));
            e.translation = translation.into();
            e
        };
        let mut es = vec![
            // Translations whose paths still match: nothing to write.
            entry("content/en/blog/a.md", "blog/a"),
            entry("content/ko/blog/a.md", "blog/a"),
            // A dropped date prefix gives one new path to two files the old site kept apart.
            entry("content/en/blog/b.md", "blog/2024-07-12-b"),
            entry("content/ko/blog/b.md", "blog/b"),
            // A name made unique: the pair keeps its link by its old path.
            entry("content/en/blog/c-2.md", "blog/c"),
            entry("content/ko/blog/c.md", "blog/c"),
            // Linked by hand: left as written.
            entry("content/en/blog/d-2.md", "blog/d"),
        ];
        es[6].fm.translation_key = Some("mine".into());
        let urls = vec![Some(String::new()); es.len()];
        keep_linked(&mut es, &urls);
        let keys: Vec<Option<&str>> = es.iter().map(|e| e.fm.translation_key.as_deref()).collect();
        assert_eq!(
            keys,
            vec![None, None, Some("blog/2024-07-12-b"), Some("blog/b"), Some("blog/c"), Some("blog/c"), Some("mine")]
        );
        assert_eq!(link_path(Path::new("content/ko/blog/v/index.md")), "blog/v");
    }
}
