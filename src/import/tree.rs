//! The `content/` tree Hugo and Zola share: sections (`_index.md`), page bundles
//! (`index.md` with its files), single pages, language suffixes (`x.fr.md`) and the
//! other files, sorted by path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// `_index.md`: a section's own page.
    Section,
    /// `index.md`: a page bundle.
    Bundle,
    /// Any other Markdown file.
    Single,
    /// A file of the bundle in this folder (relative to `content/`).
    Resource(PathBuf),
    /// Any other file.
    Asset,
}

/// One file under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct File {
    /// Path relative to the content folder.
    pub rel: PathBuf,
    /// Absolute path.
    pub abs: PathBuf,
    /// Language from a `name.<lang>.md` suffix.
    pub lang: Option<String>,
    /// The name without extension and language suffix (`x` of `x.fr.md`).
    pub base: String,
    /// What it is.
    pub role: Role,
}

impl File {
    /// The folders between the content folder and the file.
    pub fn dirs(&self) -> Vec<String> {
        let parent = self.rel.parent().unwrap_or(Path::new(""));
        parent.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect()
    }
}

/// `x.fr` → (`x`, Some(`fr`)) when `fr` is one of `langs` (case-insensitively).
pub(crate) fn lang_suffix(stem: &str, langs: &[String]) -> (String, Option<String>) {
    if let Some((base, l)) = stem.rsplit_once('.')
        && let Some(code) = langs.iter().find(|c| c.eq_ignore_ascii_case(l))
    {
        return (base.to_string(), Some(code.clone()));
    }
    (stem.to_string(), None)
}

/// Every file under `content`, classified, but those the generator did not read
/// (`leave` says why: returned with the reason).
pub(crate) fn scan(content: &Path, langs: &[String], leave: super::Leave) -> (Vec<File>, Vec<super::Left>) {
    let (rels, left) = super::walk_by(content, leave);
    let stem_of = |p: &Path| lang_suffix(&p.file_stem().unwrap_or_default().to_string_lossy(), langs);
    // Folders holding an `index.md` are bundles: all their other files belong to them.
    let bundles: BTreeSet<PathBuf> = rels
        .iter()
        .filter(|r| super::is_markdown(r) && stem_of(r).0 == "index")
        .filter_map(|r| r.parent().map(Path::to_path_buf))
        .collect();
    let files = rels
        .into_iter()
        .map(|rel| {
            let (base, lang) = stem_of(&rel);
            let md = super::is_markdown(&rel);
            let in_bundle = rel.ancestors().skip(1).find(|a| bundles.contains(*a)).map(Path::to_path_buf);
            let role = match (md, base.as_str(), in_bundle) {
                (true, "index", Some(b)) if rel.parent() == Some(b.as_path()) => Role::Bundle,
                (_, _, Some(b)) => Role::Resource(b),
                (true, "_index", None) => Role::Section,
                (true, _, None) => Role::Single,
                (false, _, None) => Role::Asset,
            };
            File { abs: content.join(&rel), rel, lang, base, role }
        })
        .collect();
    (files, left)
}

/// A page resource: its bundle's folder and its path in it (both relative to the
/// content folder), and where it is.
pub(crate) type Resource = (PathBuf, PathBuf, PathBuf);

/// Give each bundle's index entry of `found` (those under `content`, as shown) the
/// resources of its folder.
pub(crate) fn attach_resources(found: &mut super::Found, content: &Path, langs: &[String], resources: &[Resource]) {
    for e in &mut found.entries {
        let Some(dir) = e.source.strip_prefix(content).ok().and_then(Path::parent).map(Path::to_path_buf) else {
            continue;
        };
        if e.source.file_stem().is_some_and(|s| lang_suffix(&s.to_string_lossy(), langs).0 == "index") {
            e.bundle
                .extend(resources.iter().filter(|(b, _, _)| *b == dir).map(|(_, rel, abs)| (abs.clone(), rel.clone())));
        }
    }
}

/// What reading a Hugo or Zola site ends with: its `static/` copied as `generator` copied
/// it (all of it but what `leave` gives a reason for), a note for each
/// of its `unconverted` folders (name, and why) that has files, and the taxonomies its
/// entries use (`used`), tags first; an `authors` taxonomy becomes brief's built-in
/// authors (noted against the config file `cfg`).
pub(crate) fn finish_site(
    found: &mut super::Found,
    root: &Path,
    cfg: &Path,
    unconverted: &[(&str, &str)],
    mut used: Vec<String>,
    (generator, leave): (&str, super::Leave),
) {
    let static_dir = root.join("static");
    let shown = Path::new("static");
    super::statics::copy_dir(found, generator, (&static_dir, shown, shown), leave);
    for (dir, what) in unconverted {
        let n = super::walk(&root.join(dir)).len();
        if n > 0 {
            let note = super::Note::new(0, super::NoteKind::Info, format!("{n} file(s): {what}"));
            found.site_notes.push((PathBuf::from(dir), note));
        }
    }
    // An `authors` taxonomy is brief's built-in authors: its terms join `authors:` (Hugo
    // also read them from `authors:`, Zola's `[taxonomies]` is a field of its own).
    let mut merged = false;
    for e in &mut found.entries {
        if let Some(terms) = e.fm.taxonomies.remove("authors") {
            e.fm.authors.extend(terms);
            merged = true;
        }
        let mut seen = BTreeSet::new();
        e.fm.authors.retain(|a| seen.insert(a.trim().to_lowercase()));
    }
    if merged || used.iter().any(|t| t == "authors") {
        let note = "the `authors` taxonomy → `authors:` of each briefing: brief's authors are built in, with \
                    pages at /authors/ (not listed under `taxonomies:`)";
        found.site_notes.push((cfg.to_path_buf(), super::Note::new(0, super::NoteKind::Converted, note)));
    }
    used.sort();
    used.dedup();
    used.retain(|t| t != "tags" && t != "authors");
    // brief's taxonomy names are URL folders and YAML keys in lowercase ASCII: `Categories`
    // and `séries` are `categories` and `series`, the folders Hugo (which lowercases
    // paths) and Zola (whose `[slugify] taxonomies` is `on` by default) wrote them in.
    let mut names: Vec<String> = vec!["tags".into(), "authors".into()];
    let mut renamed: Vec<(String, String)> = Vec::new();
    for t in &used {
        let new = if crate::model::is_taxonomy_name(t) { t.clone() } else { taxonomy_name(t, &names) };
        if new != *t {
            renamed.push((t.clone(), new.clone()));
        }
        names.push(new);
    }
    for e in &mut found.entries {
        for (old, new) in &renamed {
            if let Some(terms) = e.fm.taxonomies.remove(old) {
                e.fm.taxonomies.entry(new.clone()).or_default().extend(terms);
            }
        }
    }
    for (old, new) in &renamed {
        let note = format!("taxonomy `{old}` → `{new}`: brief's taxonomy names are lowercase ASCII letters and digits");
        found.site_notes.push((cfg.to_path_buf(), super::Note::new(0, super::NoteKind::Converted, note)));
    }
    found.settings.taxonomies = names.into_iter().filter(|t| t != "authors").collect();
}

/// A taxonomy name brief takes for `name`, none of `taken`: transliterated to ASCII,
/// lowercased, each run of other characters one `-` (`séries` → `series`); a name brief
/// keeps for itself (`page`, `title`) or one taken gets `-terms`, then a number.
fn taxonomy_name(name: &str, taken: &[String]) -> String {
    let base = crate::import::zola::zola_slug(name);
    let base = if base.is_empty() { "terms".to_string() } else { base };
    let mut candidate = base.clone();
    let mut n = 1;
    while !crate::model::is_taxonomy_name(&candidate) || taken.contains(&candidate) {
        candidate = if n == 1 { format!("{base}-terms") } else { format!("{base}-terms-{n}") };
        n += 1;
    }
    candidate
}
