//! `urls.lock`: every URL each briefing has had, so a published URL keeps working after
//! a headline edit changes its slug or a date is fixed. A sorted text file at the site
//! root, one `URL ID` line per URL (a briefing's history is grouped by its ID), meant to
//! be committed with the content. Pure: reading and writing the file is the caller's.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;

/// The file's name at the site root.
pub const FILE: &str = "urls.lock";

/// The lines that open the file, so a reader knows what it is.
const HEADER: &str = "# urls.lock: every URL each briefing has had (URL, then the briefing's id).\n\
# Written by `brief build` and `brief serve`; commit it with your content. An old URL\n\
# redirects to its briefing's current one. Delete a line only to free its URL.\n";

/// The URLs briefings have had, as `(id, url)` pairs; URLs are site paths (`/2024/07/12/x/`).
/// Two locks are equal when they hold the same URLs.
#[derive(Debug, Clone, Default)]
pub struct Lock {
    /// Each id's URLs, sorted, each once (never none), so a look-up by id or by
    /// `(id, url)` takes borrowed strings. A list rather than a set: most ids have one URL.
    entries: BTreeMap<String, Vec<String>>,
    /// The digest of the text this lock was read from, or last written as ([`digest`];
    /// `None`: there was no file), so that a writer can tell whether the file changed
    /// since: an editor saving it, another build.
    read_as: Option<u128>,
    /// The file was last written by this program, as this lock (see [`Lock::written_as`]).
    ours: bool,
}

impl PartialEq for Lock {
    fn eq(&self, other: &Lock) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Lock {}

/// The digest of a lock file's bytes, to tell whether it changed.
pub fn digest(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

impl Lock {
    /// Parse the text of `urls.lock` (shown as `path` in messages). Comments (`#`) and
    /// blank lines are skipped; every other line is `URL ID`.
    pub fn parse(text: &str, path: &Path) -> Result<Lock, Vec<Diagnostic>> {
        let mut entries: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut diags = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let (url, id) = l.split_once(char::is_whitespace).map(|(u, i)| (u, i.trim())).unwrap_or((l, ""));
            if !is_site_path(url) || id.is_empty() {
                diags.push(Diagnostic::error(path, "not a `URL ID` line").at(text, n + 1, 1).hint(
                    "each line is a site path starting with `/`, a space, and a briefing's id; fix or remove the line",
                ));
                continue;
            }
            put(entries.entry(id.to_string()).or_default(), url);
        }
        if diags.is_empty() {
            Ok(Lock { entries, read_as: Some(digest(text.as_bytes())), ours: false })
        } else {
            Err(diags)
        }
    }

    /// The digest of the text it was read from or last written as (`None`: no file).
    pub fn read_as(&self) -> Option<u128> {
        self.read_as
    }

    /// Whether the file was last written by this program, as this lock.
    pub fn is_ours(&self) -> bool {
        self.ours
    }

    /// Note that this program wrote the file as `text` (as [`Lock::render`] made it).
    pub fn written_as(&mut self, text: &str) {
        self.read_as = Some(digest(text.as_bytes()));
        self.ours = true;
    }

    /// The file's text: the header, then one line per URL, sorted by id then URL.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for (id, url) in self.entries() {
            out.push_str(url);
            out.push(' ');
            out.push_str(id);
            out.push('\n');
        }
        out
    }

    /// Every URL briefing `id` has had.
    pub fn urls_of<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries.get(id).into_iter().flat_map(|urls| urls.iter().map(String::as_str))
    }

    /// Whether the lock has `url` for `id`.
    pub fn has(&self, id: &str, url: &str) -> bool {
        self.entries.get(id).is_some_and(|urls| urls.binary_search_by(|u| u.as_str().cmp(url)).is_ok())
    }

    /// The pairs of `current` the lock lacks, sorted, each once.
    pub fn missing<'a>(&self, current: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
        let mut added: Vec<(String, String)> =
            current.filter(|(id, url)| !self.has(id, url)).map(|(id, url)| (id.to_string(), url.to_string())).collect();
        added.sort();
        added.dedup();
        added
    }

    /// This lock with `current` (`(id, url)` of every published briefing) added, and
    /// what was not in it yet.
    pub fn with<'a>(self, current: impl Iterator<Item = (&'a str, &'a str)>) -> (Lock, Vec<(String, String)>) {
        let added = self.missing(current);
        (self.with_added(&added), added)
    }

    /// This lock with the pairs `added` put in.
    pub fn with_added(mut self, added: &[(String, String)]) -> Lock {
        for (id, url) in added {
            put(self.entries.entry(id.clone()).or_default(), url);
        }
        self
    }

    /// `url` added for `id` (a no-op when there).
    pub fn insert(&mut self, id: &str, url: &str) {
        put(self.entries.entry(id.to_string()).or_default(), url);
    }

    /// `url` of `id` taken out (a no-op when not there).
    pub fn remove(&mut self, id: &str, url: &str) {
        if let Some(urls) = self.entries.get_mut(id) {
            urls.retain(|u| u != url);
            if urls.is_empty() {
                self.entries.remove(id);
            }
        }
    }

    /// Every `(id, url)`.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().flat_map(|(i, urls)| urls.iter().map(move |u| (i.as_str(), u.as_str())))
    }

    /// The entries `keep` accepts, given the id and the URL (one edition's, of a site
    /// with several).
    pub fn filtered(&self, keep: impl Fn(&str, &str) -> bool) -> Lock {
        let entries = self
            .entries
            .iter()
            .map(|(id, urls)| (id.clone(), urls.iter().filter(|u| keep(id, u)).cloned().collect::<Vec<String>>()))
            .filter(|(_, urls)| !urls.is_empty())
            .collect();
        Lock { entries, read_as: None, ours: false }
    }

    /// Number of URLs.
    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }
}

/// The edition (of the editions with `roots`) under whose root `url` is: another
/// edition's when the URL is under its root (`/ko/…`), else the default one.
pub fn home_edition(roots: &[String], url: &str) -> usize {
    (1..roots.len()).find(|&f| url.starts_with(roots[f].as_str())).unwrap_or(0)
}

/// The edition that remembers `url`, a URL urls.lock keeps for briefing `id`, so that
/// it leads to the briefing: the edition under whose root it is, when that edition has
/// the briefing; else the first edition (in the order of `roots`) that has it: the
/// briefing moved to another language (`lang:`, or its file to another language's
/// folder), or only its other languages' versions are left, and its old URL leads
/// there; else, with no version left, the edition under whose root it is (no page has
/// it). `holds(e, id)`: edition `e` has a briefing of that id.
pub fn lock_owner(roots: &[String], url: &str, id: &str, holds: &dyn Fn(usize, &str) -> bool) -> usize {
    let home = home_edition(roots, url);
    if holds(home, id) {
        return home;
    }
    (0..roots.len()).find(|&f| holds(f, id)).unwrap_or(home)
}

/// The URLs of `lock` that edition `e` (of the editions with `roots`) remembers: those
/// under its root of the briefings it has (and of briefings no edition has), and those
/// under another root of briefings that moved to it (see [`lock_owner`]).
pub fn edition_lock(roots: &[String], lock: &Lock, e: usize, holds: &dyn Fn(usize, &str) -> bool) -> Lock {
    lock.filtered(|id, url| lock_owner(roots, url, id, holds) == e)
}

/// The URLs of `lock` each edition remembers ([`edition_lock`]), given each edition's
/// briefings (`lists`, in the order of `roots`) and the briefings not published
/// (`withheld`): a draft, scheduled or removed expired version keeps its edition's URLs
/// there, where they lead nowhere, rather than to its translations.
pub fn edition_locks<'a>(
    roots: &[String],
    lock: &Lock,
    lists: impl Iterator<Item = &'a [crate::model::Briefing]>,
    withheld: &[crate::model::Withheld],
) -> Vec<Lock> {
    let mut ids: Vec<rustc_hash::FxHashSet<&str>> =
        lists.map(|bs| bs.iter().map(|b| b.id.as_str()).collect()).collect();
    for w in withheld.iter().filter(|w| !w.id.is_empty()) {
        ids[w.lang.min(roots.len() - 1)].insert(w.id.as_str());
    }
    (0..roots.len()).map(|e| edition_lock(roots, lock, e, &|f, id| ids[f].contains(id))).collect()
}

/// A briefing's file that now has another id (renamed, moved, or given an `id:`) and
/// publishes a URL of the id it had: `id` takes over the URLs of the ids in `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Takeover {
    /// The id that publishes the URL now.
    pub id: String,
    /// The ids no briefing has any more whose URL it publishes (sorted; more than one
    /// when the file had several ids before, renamed twice), each taken out of the lock.
    pub from: Vec<String>,
    /// The URL `id` publishes.
    pub url: String,
    /// `from`'s URLs that `id` lacks, each to be recorded for it (sorted, each once).
    pub urls: Vec<String>,
}

impl Takeover {
    /// The warning that says so, at `source` (the file of the briefing that took over).
    pub fn warning(&self, source: Option<&Path>) -> Diagnostic {
        let ids: Vec<String> = self.from.iter().map(|f| format!("`{f}`")).collect();
        Diagnostic::warning(
            source.unwrap_or(Path::new(FILE)),
            format!(
                "it publishes `{}`, a URL of {}, which no file has now: that briefing's file was renamed or moved, so this is it{}",
                self.url,
                ids.join(" and "),
                match self.urls.len() {
                    0 => String::new(),
                    1 => ", and its other old URL now leads here".to_string(),
                    n => format!(", and its {n} other old URLs now lead here"),
                }
            ),
        )
        .hint(format!(
            "to keep its id as well, write `id: {}` in its front matter; if it is another story, give it another slug and take the lines urls.lock gained for it out",
            self.from[0]
        ))
    }
}

/// The takeovers among the URLs a build records (`added`, `(id, url)`, already in
/// `lock`): a URL `lock` also keeps for another id that no briefing has now (`live`
/// says which ids a briefing has, published or not) was that briefing's, whose file now
/// has a new id: renamed or moved (the id is the file's path), or given an `id:`. Its
/// URL stays, and its other old URLs go with it, so none of them breaks. A gone id whose
/// URLs two new ids publish is nobody's to take: each keeps the URL it has, as a page.
/// Sorted by id; `live` is asked only when a recorded URL has another id in the lock.
pub fn takeovers(lock: &Lock, added: &[(String, String)], live: &dyn Fn(&str) -> bool) -> Vec<Takeover> {
    if added.is_empty() {
        return Vec::new();
    }
    let wanted: rustc_hash::FxHashMap<&str, &str> = added.iter().map(|(id, url)| (url.as_str(), id.as_str())).collect();
    let mut pairs: Vec<(&str, &str, &str)> = lock
        .entries()
        .filter_map(|(from, url)| wanted.get(url).filter(|id| **id != from).map(|id| (from, *id, url)))
        .collect();
    if pairs.is_empty() {
        return Vec::new();
    }
    pairs.retain(|(from, ..)| !live(from));
    pairs.sort();
    pairs.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
    // Claimed by two new ids: neither takes it.
    let mut claims: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for p in &pairs {
        *claims.entry(p.0).or_default() += 1;
    }
    let mut kept: Vec<(&str, &str, &str)> = pairs.iter().copied().filter(|p| claims[p.0] == 1).collect();
    kept.sort_by_key(|&(from, id, _)| (id, from));
    let mut out: Vec<Takeover> = Vec::new();
    for (from, id, url) in kept {
        let t = match out.last_mut().filter(|t| t.id == id) {
            Some(t) => t,
            None => {
                out.push(Takeover { id: id.to_string(), from: Vec::new(), url: url.to_string(), urls: Vec::new() });
                out.last_mut().expect("just pushed")
            }
        };
        t.from.push(from.to_string());
        t.urls.extend(lock.urls_of(from).filter(|u| !lock.has(id, u)).map(str::to_string));
        t.urls.sort();
        t.urls.dedup();
    }
    out
}

/// [`takeovers`] of a site whose briefings are `lists` (each edition's), with the ids of
/// its briefings not published (`unpublished`: drafts, scheduled) counted as had too.
pub fn site_takeovers(
    lock: &Lock,
    added: &[(String, String)],
    lists: &[&[crate::model::Briefing]],
    unpublished: &[String],
) -> Vec<Takeover> {
    // Made only when some URL is published by another id than the lock's.
    let ids = std::cell::OnceCell::new();
    let live = |id: &str| {
        ids.get_or_init(|| {
            let all = lists.iter().flat_map(|bs| bs.iter().map(|b| b.id.as_str()));
            all.chain(unpublished.iter().map(String::as_str)).collect::<rustc_hash::FxHashSet<&str>>()
        })
        .contains(id)
    };
    takeovers(lock, added, &live)
}

/// The URLs among `added` (`(id, url)`, just recorded) that `lock` also keeps for an id
/// in `held`: a briefing whose file is there but is not published now (a draft, a
/// scheduled or a removed expired one). Its URL is not for another briefing to take.
/// `(id, url, held id)`, sorted.
pub fn held_urls(lock: &Lock, added: &[(String, String)], held: &[String]) -> Vec<(String, String, String)> {
    if added.is_empty() || held.is_empty() {
        return Vec::new();
    }
    let held: rustc_hash::FxHashSet<&str> = held.iter().map(String::as_str).collect();
    let wanted: rustc_hash::FxHashMap<&str, &str> = added.iter().map(|(id, url)| (url.as_str(), id.as_str())).collect();
    let mut out: Vec<(String, String, String)> = lock
        .entries()
        .filter(|(from, _)| held.contains(from))
        .filter_map(|(from, url)| {
            wanted.get(url).filter(|id| **id != from).map(|id| (id.to_string(), url.to_string(), from.to_string()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The error of a `--locked` build or edit that would add the URLs `added` to urls.lock
/// (`of`: "this build publishes", "of this edit"), naming the first five.
pub fn lacks_error(added: &[(String, String)], of: &str, hint: &str) -> Diagnostic {
    let shown: Vec<String> = added.iter().take(5).map(|(id, url)| format!("`{url} {id}`")).collect();
    Diagnostic::error(
        FILE,
        format!(
            "urls.lock lacks {} URL{} {of}: {}{}",
            added.len(),
            if added.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if added.len() > 5 { ", …" } else { "" }
        ),
    )
    .hint(hint)
}

/// The errors of [`held_urls`], each at the line the URL of the briefing that publishes
/// it comes from (`find(id, url)` gives that briefing).
pub fn held_url_errors<'a>(
    held: &[(String, String, String)],
    mut find: impl FnMut(&str, &str) -> Option<&'a crate::model::Briefing>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, url, from) in held {
        let Some(b) = find(id, url) else { continue };
        let mut d = Diagnostic::error(
            &b.source,
            format!(
                "it publishes `{url}`, which urls.lock keeps for `{from}`: that briefing's file is there, but it is not published now (a draft, scheduled, or expired and removed)"
            ),
        )
        .hint("give this briefing another `slug:`; to give the URL away on purpose, delete its line from urls.lock");
        (d.line, d.col, d.source_line) = (b.url_pos.line, b.url_pos.col, Some(b.url_pos.text.clone()));
        out.push(d);
    }
    out
}

/// The errors of aliases of `briefings` that are URLs `lock` keeps for an id in `held`
/// (a briefing whose file is there but is not published now): its URL is not for
/// another briefing to take, even as a redirect. Each at its alias.
pub fn held_alias_errors<'a>(
    lock: &Lock,
    held: &[String],
    briefings: impl Iterator<Item = &'a crate::model::Briefing>,
) -> Vec<Diagnostic> {
    let mut kept: rustc_hash::FxHashMap<&str, &str> = rustc_hash::FxHashMap::default();
    for id in held {
        kept.extend(lock.urls_of(id).map(|u| (u, id.as_str())));
    }
    if kept.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for b in briefings {
        for (k, alias) in b.aliases.iter().enumerate() {
            let Some(from) = kept.get(alias.as_str()).filter(|from| **from != b.id) else { continue };
            let mut d = Diagnostic::error(
                &b.source,
                format!(
                    "alias `{alias}` is a URL urls.lock keeps for `{from}`: that briefing's file is there, but it is not published now (a draft, scheduled, or expired and removed)"
                ),
            )
            .hint("remove the alias; to give the URL away on purpose, delete its line from urls.lock");
            if let Some(p) = b.alias_pos.get(k) {
                (d.line, d.col, d.source_line) = (p.line, p.col, Some(p.text.clone()));
            }
            out.push(d);
        }
    }
    out
}

/// The warnings of `taken`, each at the file of the briefing that took over (its first
/// in `lists`' order: a translation's id is its original's).
pub fn takeover_warnings(taken: &[Takeover], lists: &[&[crate::model::Briefing]]) -> Vec<Diagnostic> {
    if taken.is_empty() {
        return Vec::new();
    }
    let all = lists.iter().flat_map(|bs| bs.iter()).rev();
    let sources: rustc_hash::FxHashMap<&str, &Path> = all.map(|b| (b.id.as_str(), b.source.as_path())).collect();
    taken.iter().map(|t| t.warning(sources.get(t.id.as_str()).copied())).collect()
}

/// `url` put in its sorted place among `urls`, unless there already.
fn put(urls: &mut Vec<String>, url: &str) {
    if let Err(at) = urls.binary_search_by(|u| u.as_str().cmp(url)) {
        urls.insert(at, url.to_string());
    }
}

/// A site path brief could have published: starts with `/`, no whitespace, no `..`.
pub fn is_site_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        && !p.split('/').any(|s| s == ".." || s == ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An old URL stays with the edition under whose root it is while that edition has
    /// the briefing; else it goes to the first edition that has a version of it; with
    /// none left, it stays home. Each edition's view holds exactly the URLs it keeps.
    #[test]
    fn an_old_url_is_kept_by_the_edition_that_has_its_briefing() {
        let roots: Vec<String> = ["/", "/ko/", "/id/"].map(String::from).to_vec();
        let has = |sets: &'static [&'static [&'static str]]| move |e: usize, id: &str| sets[e].contains(&id);
        let home = has(&[&["a"], &["a"], &[]]);
        assert_eq!(lock_owner(&roots, "/2024/a/", "a", &home), 0);
        assert_eq!(lock_owner(&roots, "/ko/2024/a/", "a", &home), 1);
        assert_eq!(lock_owner(&roots, "/id/2024/a/", "a", &home), 0, "no Indonesian version left: the first one");
        let moved = has(&[&[], &["a"], &["a"]]);
        assert_eq!(lock_owner(&roots, "/2024/a/", "a", &moved), 1, "the first edition with a version");
        assert_eq!(lock_owner(&roots, "/kor/x/", "a", &moved), 1, "a root is a whole segment");
        let gone = has(&[&[], &[], &[]]);
        assert_eq!(lock_owner(&roots, "/ko/2024/a/", "a", &gone), 1);
        let mut lock = Lock::default();
        for (id, url) in [("a", "/2024/a/"), ("a", "/ko/2024/a/"), ("b", "/2024/b/")] {
            lock.insert(id, url);
        }
        let ids: Vec<rustc_hash::FxHashSet<&str>> =
            vec![["b"].into_iter().collect(), ["a"].into_iter().collect(), Default::default()];
        let holds = |e: usize, id: &str| ids[e].contains(id);
        let urls = |e: usize| {
            edition_lock(&roots, &lock, e, &holds).entries().map(|(i, u)| format!("{u} {i}")).collect::<Vec<_>>()
        };
        assert_eq!(urls(0), ["/2024/b/ b"]);
        assert_eq!(urls(1), ["/2024/a/ a", "/ko/2024/a/ a"]);
        assert!(urls(2).is_empty());
        lock.remove("a", "/2024/a/");
        lock.remove("a", "/nowhere/");
        assert_eq!(lock.urls_of("a").collect::<Vec<_>>(), ["/ko/2024/a/"]);
        lock.remove("a", "/ko/2024/a/");
        assert_eq!(lock.len(), 1);
    }

    /// A URL recorded for a new id that the lock keeps for an id no briefing has is a
    /// takeover, with that id's other URLs; one whose id lives on is not (the index
    /// reports the clash), and an id's own URLs are not taken again.
    #[test]
    fn a_new_id_publishing_a_gone_ids_url_takes_its_urls_over() {
        let lock = Lock::parse(
            "/a/ 2024/07/a\n/a-first/ 2024/07/a\n/b/ 2024/07/b\n/a/ 2024/07/renamed\n/b/ 2024/07/other\n",
            Path::new(FILE),
        )
        .unwrap();
        let added =
            vec![("2024/07/renamed".to_string(), "/a/".to_string()), ("2024/07/other".to_string(), "/b/".to_string())];
        let live = |id: &str| ["2024/07/b", "2024/07/renamed", "2024/07/other"].contains(&id);
        assert_eq!(
            takeovers(&lock, &added, &live),
            vec![Takeover {
                id: "2024/07/renamed".into(),
                from: vec!["2024/07/a".into()],
                url: "/a/".into(),
                urls: vec!["/a-first/".into()],
            }]
        );
        assert!(takeovers(&lock, &[], &live).is_empty());
        // Two new ids publishing URLs of one gone id: neither takes it over.
        let both = vec![
            ("2024/07/renamed".to_string(), "/a/".to_string()),
            ("2024/07/third".to_string(), "/a-first/".to_string()),
        ];
        let live3 = |id: &str| ["2024/07/renamed", "2024/07/third"].contains(&id);
        assert!(takeovers(&lock, &both, &live3).is_empty());
        assert!(takeovers(&lock, &added, &|_| true).is_empty(), "every id lives: no takeover");
    }

    #[test]
    fn round_trips_sorted_and_grouped_by_id() {
        let text = "# c\n/2024/07/12/b/ 2024/07/b\n\n/2024/07/12/a-old/ 2024/07/a\n/2024/07/12/a/ 2024/07/a\n";
        let lock = Lock::parse(text, Path::new("urls.lock")).unwrap();
        assert_eq!(lock.urls_of("2024/07/a").collect::<Vec<_>>(), vec!["/2024/07/12/a-old/", "/2024/07/12/a/"]);
        assert_eq!(lock.urls_of("2024/07").count(), 0);
        let out = lock.render();
        assert!(out.starts_with("# urls.lock"));
        assert!(
            out.ends_with("/2024/07/12/a-old/ 2024/07/a\n/2024/07/12/a/ 2024/07/a\n/2024/07/12/b/ 2024/07/b\n"),
            "{out}"
        );
        assert_eq!(Lock::parse(&out, Path::new("urls.lock")).unwrap(), lock);
    }

    #[test]
    fn ids_may_hold_spaces() {
        let lock = Lock::parse("/x/ notes/my file\n", Path::new("urls.lock")).unwrap();
        assert_eq!(lock.urls_of("notes/my file").collect::<Vec<_>>(), vec!["/x/"]);
    }

    #[test]
    fn adds_only_what_is_new() {
        let lock = Lock::parse("/a/ a\n", Path::new("urls.lock")).unwrap();
        let (next, added) = lock.clone().with([("a", "/a/"), ("a", "/a2/"), ("b", "/b/")].into_iter());
        assert_eq!(added, vec![("a".into(), "/a2/".into()), ("b".into(), "/b/".into())]);
        assert_eq!(next.len(), 3);
        assert_eq!(next.clone().with([("a", "/a2/")].into_iter()).1, vec![]);
    }

    #[test]
    fn a_lock_is_written_only_over_the_file_it_was_read_from() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        let new = [("a".to_string(), "/a2/".to_string())];
        // No file when read: written, unless one was made meanwhile.
        let mut lock = crate::source::read_lock(dir.path()).unwrap().with_added(&new);
        std::fs::write(&file, "/other/ b\n").unwrap();
        assert!(!crate::source::write_lock(dir.path(), &mut lock).unwrap());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "/other/ b\n");
        // Read, then changed by someone else: left; as read: written, and writable again.
        let mut stale = crate::source::read_lock(dir.path()).unwrap().with_added(&new);
        std::fs::write(&file, "/other/ b\n/third/ c\n").unwrap();
        assert!(!crate::source::write_lock(dir.path(), &mut stale).unwrap());
        let mut lock = crate::source::read_lock(dir.path()).unwrap().with_added(&new);
        assert!(crate::source::write_lock(dir.path(), &mut lock).unwrap());
        assert!(crate::source::write_lock(dir.path(), &mut lock).unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("/third/ c\n") && text.contains("/a2/ a\n"), "{text}");
    }

    #[test]
    fn bad_lines_point_at_their_line() {
        let errs = Lock::parse("/a/ a\nnot-a-path x\n/b/\n/../x y\n", Path::new("urls.lock")).unwrap_err();
        assert_eq!(errs.iter().map(|d| d.line).collect::<Vec<_>>(), vec![2, 3, 4]);
    }
}
