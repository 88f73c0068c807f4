//! The sharded index finds and ranks what the single file did: the search page's code
//! before the shards and after, both written here in Rust, compared on a generated site
//! for many queries and several ways of cutting the index.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::words::page_word_list;
use super::*;
use crate::site::{Options, load_site};

#[path = "../../../tests/common/search_reference.rs"]
mod search_reference;
use search_reference::Found;

/// search.js as it was: every record in memory, every word compared.
fn reference(records: &[Value], query: &str) -> Found {
    search_reference::one_file_search(records, query, &page_word_list)
}

/// search.js as it is: the manifest, the shards a term needs, the blocks of the results.
fn sharded(files: &HashMap<String, Vec<u8>>, manifest_file: &str, query: &str) -> Found {
    let read = |rel: &str| -> Value { serde_json::from_slice(&files[rel]).unwrap_or_else(|e| panic!("{rel}: {e}")) };
    let m = read(manifest_file);
    let dir = manifest_file.rsplit_once('/').map_or("", |(d, _)| d);
    let fetch = |pattern: &str, k: usize| {
        read(&format!("{dir}/{}", m[pattern].as_str().unwrap().replace("{}", &k.to_string())))
    };
    search_reference::sharded_search(&m, &fetch, query, &page_word_list)
}

/// A small deterministic generator (no dependency for tests).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len())]
    }
}

/// Words sharing starts (nat, nation, national, nato), stop words, numbers, Hangul,
/// Han and Kana runs, accents, a word made of a mark's pieces.
const WORDS: &[&str] = &[
    "nato",
    "nation",
    "national",
    "nationals",
    "naval",
    "navy",
    "nat",
    "summit",
    "summits",
    "sum",
    "missile",
    "missiles",
    "mission",
    "the",
    "a",
    "of",
    "and",
    "2024",
    "07",
    "1950",
    "북한",
    "북한은",
    "북한의",
    "정상회의",
    "북",
    "北约峰会宣言",
    "朝鲜谴责北约",
    "宣言",
    "北",
    "ミサイル発射",
    "東京",
    "côte",
    "d'ivoire",
    "cote",
    "sanctions",
    "sanction",
    "sea",
    "search",
    "seal",
    "ceasefire",
    "cease",
    "kim",
    "putin",
    "kimchi",
    "हिन्दी",
    "½",
    "ΣΊΣΥΦΟΣ",
];

const TAGS: &[&str] = &["nato", "north-korea", "북한", "Côte d'Ivoire", "sea power", "北约", "missiles", "sum"];

fn text(rng: &mut Lcg, n: usize) -> String {
    (0..n).map(|_| rng.pick(WORDS)).collect::<Vec<_>>().join(" ")
}

/// A site of `n` briefings over a few days (same-day ties included), some with
/// summaries, some drafts, with tags from `TAGS`.
fn generated_site(root: &Path, n: usize) {
    let mut rng = Lcg(42);
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.yaml"), "title: Test\n").unwrap();
    for i in 0..n {
        let title = format!("{} {i}", text(&mut rng, 1 + i % 5));
        let tags: Vec<String> = (0..rng.next(4)).map(|_| format!("\"{}\"", rng.pick(TAGS))).collect();
        let summary = if i % 3 == 0 { format!("summary: \"{}\"\n", text(&mut rng, 6)) } else { String::new() };
        let draft = if i % 17 == 5 { "draft: true\n" } else { "" };
        let body = format!("{}\n\n{}\n", text(&mut rng, 10 + i % 30), text(&mut rng, 8));
        std::fs::write(
            root.join(format!("content/b{i:03}.md")),
            format!(
                "---\ntitle: \"{title}\"\ndate: 2024-07-{:02}\ntags: [{}]\n{summary}{draft}---\n{body}",
                1 + i % 9,
                tags.join(", ")
            ),
        )
        .unwrap();
    }
}

const QUERIES: &[&str] = &[
    "nato",
    "na",
    "n",
    "nation",
    "nationa",
    "nat summit",
    "summit nato missile",
    "the",
    "a",
    "a nato",
    "nato nato",
    "2024",
    "0",
    "북한",
    "북",
    "북한은 nato",
    "北约",
    "宣言",
    "北",
    "北约峰会",
    "峰会 宣言",
    "ミサイル",
    "サ",
    "côte",
    "côte d'ivoire",
    "d ivoire",
    "cote",
    "sea",
    "se",
    "s",
    "kim",
    "kimc",
    "ह",
    "½",
    "σίσυφος",
    "zzz",
    "nato zzz",
    "",
    "  --  ",
];

fn collect(site: &Site, layout: Layout) -> HashMap<String, Vec<u8>> {
    let out = std::sync::Mutex::new(HashMap::new());
    files_with(site, layout, None, &|o: Output| {
        out.lock().unwrap().insert(o.path, o.bytes);
        Ok::<(), ()>(())
    })
    .unwrap();
    out.into_inner().unwrap()
}

#[test]
fn sharded_search_finds_what_the_single_index_found() {
    let dir = tempfile::tempdir().unwrap();
    generated_site(dir.path(), 300);
    let loaded = load_site(&Options { root: dir.path().to_path_buf(), ..Options::default() }).unwrap();
    let site = loaded.site(0);
    let records: Vec<Value> = site
        .idx
        .order
        .iter()
        .map(|&i| serde_json::from_slice(&crate::outputs::search_index::search_record(&site, i)).unwrap())
        .collect();
    let manifest_file = Routes::new(site.cfg, site.idx).file(Route::SearchIndex);
    for layout in [LAYOUT, Layout { shard_bytes: 200, block: 3 }, Layout { shard_bytes: 1, block: 1 }] {
        let files = collect(&site, layout);
        for q in QUERIES {
            let want = reference(&records, q);
            let got = sharded(&files, &manifest_file, q);
            assert_eq!(got, want, "query {q:?} with {layout:?}");
        }
    }
    // The comparison means something: most queries find briefings, some all 50 shown.
    let found = QUERIES.iter().filter(|q| reference(&records, q).0 > 0).count();
    assert!(found > QUERIES.len() * 3 / 4, "{found} of {} queries find something", QUERIES.len());
    assert!(QUERIES.iter().any(|q| reference(&records, q).0 > 50));
}

#[test]
fn serve_makes_the_same_files_as_a_build() {
    let dir = tempfile::tempdir().unwrap();
    generated_site(dir.path(), 60);
    let loaded = load_site(&Options { root: dir.path().to_path_buf(), ..Options::default() }).unwrap();
    let site = loaded.site(0);
    let layout = Layout { shard_bytes: 300, block: 4 };
    let mut cache = SearchCache::new(&site);
    let from_cache: HashMap<String, Vec<u8>> =
        cache.files_with(&site, layout).into_iter().map(|o| (o.path, o.bytes)).collect();
    assert_eq!(from_cache, collect(&site, layout));
    // Reading a briefing again that did not change changes nothing.
    cache.update(&site, 3);
    let again: HashMap<String, Vec<u8>> =
        cache.files_with(&site, layout).into_iter().map(|o| (o.path, o.bytes)).collect();
    assert_eq!(again, from_cache);
}

/// The briefing of `site` read from `file` (under `content/`).
fn position(site: &Site, file: &str) -> usize {
    site.briefings.iter().position(|b| b.source.ends_with(file)).unwrap()
}

#[test]
fn serve_patches_the_index_to_the_bytes_a_build_makes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generated_site(root, 60);
    // An expired briefing keeps its page but is in no list, nor in the index.
    let expired = "---\ntitle: \"Gone by now\"\ndate: 2024-07-03\nexpires: 2024-08-01\n---\nnato expired\n";
    std::fs::write(root.join("content/x01.md"), expired).unwrap();
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let layout = Layout { shard_bytes: 300, block: 4 };
    let mut loaded = load_site(&opts).unwrap();
    let mut cache = SearchCache::new(&loaded.site(0));
    // As `serve` keeps it: with marks in its lists (a rebuild's test walks them whole).
    cache.mark_all();
    let mut files: HashMap<String, Arc<Vec<u8>>> = HashMap::new();
    let same = |files: &HashMap<String, Arc<Vec<u8>>>, site: &Site, what: &str| {
        let served: HashMap<String, Vec<u8>> = files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
        let built = collect(site, layout);
        assert!(built.len() > 20, "{} files: the layout cuts the index small", built.len());
        assert_eq!(served, built, "after {what}");
    };
    {
        let made = cache.make_with(&loaded.site(0), layout);
        cache.put(made, &mut files)
    };
    same(&files, &loaded.site(0), "the first index");
    let text = |f: &str| std::fs::read_to_string(root.join("content").join(f)).unwrap();
    let write = |f: &str, t: String| std::fs::write(root.join("content").join(f), t).unwrap();
    // Each edit leaves every briefing at its number: the index is patched.
    let (b7, b8) = (text("b007.md"), text("b008.md"));
    let edits: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("a body with a word no briefing had", vec![("b007.md", format!("{b7}\nzyzzyva nato côte 북한\n"))]),
        ("the title", vec![("b007.md", b7.replacen("title: \"", "title: \"Quokka ", 1))]),
        ("the tags", vec![("b008.md", b8.replacen("tags: [", "tags: [\"quokka-tag\", ", 1))]),
        (
            "the only use of a word gone, and another briefing's body",
            vec![
                ("b007.md", b7.clone()),
                (
                    "b008.md",
                    b8.replacen("---\n", "---\nsummary: \"quokka everywhere\"\n", 1).replacen(
                        "\n---\n",
                        "\n---\nquokka\n",
                        1,
                    ),
                ),
            ],
        ),
        ("nothing new", vec![("b008.md", String::new())]),
        ("an expired briefing's body", vec![("x01.md", format!("{expired}wombat quokka zyzzyva\n"))]),
    ];
    for (what, writes) in edits {
        for (f, t) in &writes {
            // Empty: the file written again as it is.
            write(f, if t.is_empty() { text(f) } else { t.clone() });
        }
        loaded = load_site(&opts).unwrap();
        let site = loaded.site(0);
        for (f, _) in &writes {
            cache.update(&site, position(&site, f));
        }
        let patched = cache.patched;
        let (changed, removed) = {
            let made = cache.make_with(&site, layout);
            cache.put(made, &mut files)
        };
        assert_eq!(cache.patched, patched + 1, "{what}: patched, not made whole");
        same(&files, &site, what);
        assert!(removed.is_empty() || what.contains("gone"), "{what}: {removed:?}");
        if what == "nothing new" || what.starts_with("an expired") {
            assert!(changed.is_empty(), "{changed:?}");
        } else {
            assert!(!changed.is_empty(), "{what}: something changed");
        }
    }
    // Edits that move numbers: the index is patched still (the gap that crosses each
    // moved number changes in every list). Each step: the files to write (empty text:
    // delete), then the edit as `serve` gives it (a move of the list, or a re-read).
    type Writes<'a> = Vec<(&'a str, String)>;
    let steps: Vec<(&str, Writes, bool)> = vec![
        ("a deletion", vec![("b010.md", String::new())], true),
        (
            "a new date, re-read in place",
            vec![("b011.md", text("b011.md").replacen("date: 2024-07-", "date: 2023-01-", 1))],
            false,
        ),
        (
            "a briefing added in the middle",
            vec![(
                "n01.md",
                "---\ntitle: \"Quokka nato\"\ndate: 2024-07-04\ntags: [\"sea\"]\n---\nwombat nato sea\n".into(),
            )],
            true,
        ),
        ("the newest added", vec![("n02.md", "---\ntitle: \"Newest\"\ndate: 2024-08-30\n---\nzyzzyva\n".into())], true),
        ("the newest deleted", vec![("n02.md", String::new())], true),
        ("the oldest deleted", vec![("b000.md", String::new())], true),
        (
            "one redated and another's body, together",
            vec![
                ("b012.md", text("b012.md").replacen("date: 2024-07-", "date: 2024-06-", 1)),
                ("b013.md", format!("{}\nnumbat\n", text("b013.md"))),
            ],
            true,
        ),
        ("a body after all that", vec![("b007.md", format!("{b7}\nwombat\n"))], false),
    ];
    for (what, writes, moves) in steps {
        let before: Vec<std::path::PathBuf> = loaded.site(0).briefings.iter().map(|b| b.source.clone()).collect();
        for (f, t) in &writes {
            if t.is_empty() {
                std::fs::remove_file(root.join("content").join(f)).unwrap();
            } else {
                write(f, t.clone());
            }
        }
        loaded = load_site(&opts).unwrap();
        let site = loaded.site(0);
        let read = |j: usize| writes.iter().any(|(f, _)| site.briefings[j].source.ends_with(f));
        if moves {
            let from: Vec<Option<usize>> =
                site.briefings.iter().map(|b| before.iter().position(|s| *s == b.source)).collect();
            cache.remap(&site, &from, read);
        } else {
            for j in (0..site.briefings.len()).filter(|&j| read(j)) {
                cache.update(&site, j);
            }
        }
        let patched = cache.patched;
        let made = cache.make_with(&site, layout);
        cache.put(made, &mut files);
        assert_eq!(cache.patched, patched + 1, "{what}: patched, not made whole");
        same(&files, &site, what);
    }
}

#[test]
fn shard_keys_are_the_shortest_starts_that_sort_after_the_previous_word() {
    assert_eq!(separator("nap", "nato"), "nat");
    assert_eq!(separator("nat", "nato"), "nato");
    assert_eq!(separator("a", "b"), "b");
    assert_eq!(separator("북", "북한"), "북한");
    // UTF-16 order: a character past U+FFFF sorts before U+FF66 (a surrogate is lower).
    assert_eq!(js_order("\u{20000}", "\u{ff66}"), std::cmp::Ordering::Less);
    assert_eq!(js_order("a", "b"), std::cmp::Ordering::Less);
}

#[test]
fn numbers_and_varints_round_trip() {
    let mut v = Vec::new();
    for n in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
        push_varint(&mut v, n);
    }
    assert_eq!(varints(&v).collect::<Vec<_>>(), [0, 1, 127, 128, 300, 16_384, u32::MAX]);
    let mut s = Vec::new();
    for n in [0, 7, 10, 99_999, u32::MAX] {
        push_number(&mut s, n);
        s.push(b' ');
    }
    assert_eq!(String::from_utf8(s).unwrap(), "0 7 10 99999 4294967295 ");
}

/// Summaries and words from the bodies, as a build without a cache takes them.
struct FromBodies;

impl Texts for FromBodies {
    fn texts(&self, _: usize, made: &dyn Fn() -> (String, String)) -> (String, String) {
        made()
    }
}

/// An output folder as a rebuild leaves it: path → (fingerprint, bytes).
type Folder = HashMap<String, (u128, Vec<u8>)>;

/// A rebuild's search index from `saved` into a new folder that keeps the files of
/// `before` it may: the new folder, the index to save and what it says it did.
fn rebuilt(site: &Site, layout: Layout, saved: Option<&[u8]>, before: &Folder) -> (Folder, Vec<u8>, String) {
    let (folder, bytes, how, _) = rebuilt_same(site, layout, saved, before);
    (folder, bytes, how)
}

/// [`rebuilt`], and whether the index is the one read back (not saved again).
fn rebuilt_same(site: &Site, layout: Layout, saved: Option<&[u8]>, before: &Folder) -> (Folder, Vec<u8>, String, bool) {
    let now = std::sync::Mutex::new(Folder::new());
    let keep = |path: &str, fingerprint: u128| {
        let kept = before.get(path).filter(|(f, _)| *f == fingerprint);
        if let Some(file) = kept {
            now.lock().unwrap().insert(path.to_string(), file.clone());
        }
        Ok::<bool, ()>(kept.is_some())
    };
    let put = |o: Output, fingerprint: u128| {
        now.lock().unwrap().insert(o.path, (fingerprint, o.bytes));
        Ok(())
    };
    let s =
        saved::rebuild_with(site, layout, &FromBodies, saved, 7, &saved::Outlet { keep: &keep, put: &put }).unwrap();
    (now.into_inner().unwrap(), saved::encode(&s, 7), s.describe(), s.same)
}

#[test]
fn a_rebuild_brings_the_saved_index_up_to_date_to_the_bytes_a_build_makes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generated_site(root, 60);
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let layout = Layout { shard_bytes: 300, block: 4 };
    let bytes = |f: &Folder| f.iter().map(|(k, (_, b))| (k.clone(), b.clone())).collect::<HashMap<_, _>>();
    let loaded = load_site(&opts).unwrap();
    let (mut folder, mut saved, how) = rebuilt(&loaded.site(0), layout, None, &Folder::new());
    assert_eq!(bytes(&folder), collect(&loaded.site(0), layout));
    assert!(how.starts_with("search index made whole"), "{how}");
    let text = |f: &str| std::fs::read_to_string(root.join("content").join(f)).unwrap();
    let write = |f: &str, t: String| std::fs::write(root.join("content").join(f), t).unwrap();
    type Step = (&'static str, fn(&dyn Fn(&str) -> String, &dyn Fn(&str, String), &Path), usize);
    let steps: Vec<Step> = vec![
        ("nothing changed", |_, _, _| {}, 0),
        ("a slug", |text, write, _| write("b007.md", text("b007.md").replacen("---\n", "---\nslug: fixed\n", 1)), 1),
        // The URL stays.
        ("a title", |text, write, _| write("b007.md", text("b007.md").replacen("title: \"", "title: \"Quokka ", 1)), 1),
        ("a body", |text, write, _| write("b020.md", format!("{}\nzyzzyva 북한\n", text("b020.md"))), 1),
        (
            "the tags",
            |text, write, _| write("b008.md", text("b008.md").replacen("tags: [", "tags: [\"numbat\", ", 1)),
            1,
        ),
        (
            "a briefing added",
            |_, write, _| write("n01.md", "---\ntitle: \"Wombat\"\ndate: 2024-07-04\n---\nwombat nato\n".into()),
            1,
        ),
        ("a briefing deleted", |_, _, root| std::fs::remove_file(root.join("content/b010.md")).unwrap(), 0),
        (
            "a date",
            |text, write, _| write("b011.md", text("b011.md").replacen("date: 2024-07-", "date: 2023-01-", 1)),
            1,
        ),
        (
            "the base URL (every URL)",
            |_, _, root| {
                std::fs::write(root.join("site.yaml"), "title: Test\nbase_url: https://example.org/x/\n").unwrap()
            },
            usize::MAX,
        ),
    ];
    for (what, change, read) in steps {
        change(&text, &write, root);
        let loaded = load_site(&opts).unwrap();
        let site = loaded.site(0);
        let (now, again, how, same) = rebuilt_same(&site, layout, Some(&saved), &folder);
        assert_eq!(bytes(&now), collect(&site, layout), "after {what}");
        // Only an index that did not change is not saved again (it is the same).
        assert_eq!(same, what == "nothing changed", "{what}");
        if same {
            assert_eq!(again, saved);
        }
        let read = if read == usize::MAX { site.briefings.len() } else { read };
        assert!(
            how.starts_with(&format!("search index brought up to date ({read} briefings read again)")),
            "{what}: {how}"
        );
        if matches!(what, "nothing changed" | "a title" | "a body" | "the tags") {
            // No number moved: most blocks did not change, and were kept.
            let kept: usize = how.split(", ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
            assert!(kept > now.len() / 2, "{what}: {how}");
        }
        (folder, saved) = (now, again);
    }
    // A saved index damaged anywhere, another program's, or cut otherwise is not read.
    let site_now = load_site(&opts).unwrap();
    let site = site_now.site(0);
    let mut damaged = saved.clone();
    let k = damaged.len() / 2;
    damaged[k] ^= 1;
    for (what, b) in [("damaged", damaged), ("cut", saved[..saved.len() - 9].to_vec())] {
        let (now, _, how) = rebuilt(&site, layout, Some(&b), &folder);
        assert!(how.starts_with("search index made whole"), "{what}: {how}");
        assert_eq!(bytes(&now), collect(&site, layout), "{what}");
    }
    let search_dir = Routes::new(site.cfg, site.idx).search_dir();
    assert!(saved::decode(&saved, 7, &search_dir, layout).is_some());
    assert!(saved::decode(&saved, 8, &search_dir, layout).is_none(), "another program's");
    assert!(saved::decode(&saved, 7, "elsewhere/", layout).is_none(), "another search folder's");
    assert!(saved::decode(&saved, 7, &search_dir, LAYOUT).is_none(), "cut another way");
}

/// Past a few briefings come, gone or moved (a draft among the renamed has no number),
/// or many read again in their places,
/// patching the saved index costs more than making it whole (10,000 renamed files took
/// 100 s at 10,000 briefings, 5,000 deleted 73 s): it is made whole of the saved words,
/// to the same bytes.
#[test]
fn a_rebuild_that_reads_many_briefings_again_makes_the_index_whole_of_the_saved_words() {
    use super::cache::{MOST_REPLACED, MOST_STEPS};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generated_site(root, MOST_REPLACED + 40);
    let opts = Options { root: root.to_path_buf(), ..Options::default() };
    let layout = Layout { shard_bytes: 300, block: 4 };
    let bytes = |f: &Folder| f.iter().map(|(k, (_, b))| (k.clone(), b.clone())).collect::<HashMap<_, _>>();
    let (mut folder, mut saved, _) = rebuilt(&load_site(&opts).unwrap().site(0), layout, None, &Folder::new());
    let rename = |from: usize, n: usize| {
        for i in from..from + n {
            let content = root.join("content");
            std::fs::rename(content.join(format!("b{i:03}.md")), content.join(format!("r{i:03}.md"))).unwrap();
        }
    };
    let delete = |from: usize, n: usize| {
        for i in from..from + n {
            std::fs::remove_file(root.join("content").join(format!("b{i:03}.md"))).unwrap();
        }
    };
    let base_url =
        || std::fs::write(root.join("site.yaml"), "title: Test\nbase_url: https://example.org/x/\n").unwrap();
    type Change<'a> = Box<dyn Fn() + 'a>;
    let steps: Vec<(&str, Change, &str)> = vec![
        ("a few files renamed", Box::new(|| rename(0, 3)), "brought up to date (3 briefings"),
        ("many files renamed", Box::new(|| rename(10, MOST_STEPS / 2 + 3)), "made whole of the saved words ("),
        ("every URL", Box::new(base_url), "made whole of the saved words ("),
        ("a few files deleted", Box::new(|| delete(40, 3)), "brought up to date (0 briefings"),
        ("many deleted", Box::new(|| delete(50, MOST_STEPS + 3)), "made whole of the saved words (0 briefings"),
    ];
    for (what, change, how_now) in steps {
        change();
        let loaded = load_site(&opts).unwrap();
        let site = loaded.site(0);
        let (now, again, how) = rebuilt(&site, layout, Some(&saved), &folder);
        assert!(how.starts_with(&format!("search index {how_now}")), "{what}: {how}");
        assert_eq!(bytes(&now), collect(&site, layout), "after {what}");
        (folder, saved) = (now, again);
    }
}
