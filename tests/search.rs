//! The sharded search index (issue 15): it finds and ranks what the one-file index did,
//! read the way the search page reads each; its files, their names and what a build
//! keeps of them; `/search-index.json` only when asked for.

mod common;
#[path = "common/search_reference.rs"]
mod search_reference;

use std::collections::BTreeMap;

use common::TestSite;
use search_reference::{Found, one_file_search, sharded_search};
use serde_json::Value;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Han and Kana, as the search page's `CJK` pattern has them.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}' | '\u{20000}'..='\u{2FA1F}')
}

/// `words()` of search.js: lowercase, split at anything but `\p{L}\p{M}\p{N}` and a dot
/// between two numbers, Han and Kana runs as overlapping pairs (a lone character as itself).
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let word_char = |c: char| {
        matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark | GeneralCategoryGroup::Number
        )
    };
    let lower: Vec<char> = s.to_lowercase().chars().collect();
    let number = |k: Option<&char>| k.is_some_and(|c| c.general_category_group() == GeneralCategoryGroup::Number);
    let split: Vec<String> = lower
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let kept = word_char(c)
                || (c == '.' && number(k.checked_sub(1).and_then(|j| lower.get(j))) && number(lower.get(k + 1)));
            if kept { c } else { ' ' }
        })
        .collect::<String>()
        .split(' ')
        .map(str::to_string)
        .collect();
    for w in split.iter().filter(|w| !w.is_empty()) {
        let chars: Vec<char> = w.chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let cjk = is_cjk(chars[k]);
            let end = (k..chars.len()).find(|&j| is_cjk(chars[j]) != cjk).unwrap_or(chars.len());
            let run = &chars[k..end];
            if !cjk || run.len() == 1 {
                out.push(run.iter().collect());
            } else {
                out.extend(run.windows(2).map(|p| p.iter().collect::<String>()));
            }
            k = end;
        }
    }
    out
}

/// The search index's files as the page fetches them, counting what it fetched.
struct Sharded<'a> {
    site: &'a TestSite,
    manifest: Value,
    fetched: std::cell::RefCell<BTreeMap<String, usize>>,
}

impl<'a> Sharded<'a> {
    fn new(site: &'a TestSite) -> Self {
        let manifest = serde_json::from_str(&site.page("search/data/manifest.json")).unwrap();
        Sharded { site, manifest, fetched: Default::default() }
    }

    fn fetch(&self, pattern: &str, k: usize) -> Value {
        let rel = format!("search/data/{}", self.manifest[pattern].as_str().unwrap().replace("{}", &k.to_string()));
        let text = self.site.page(&rel);
        self.fetched.borrow_mut().insert(rel, text.len());
        serde_json::from_str(&text).unwrap()
    }

    fn keys(&self) -> Vec<&str> {
        self.manifest["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect()
    }

    /// search.js now: the shards a term needs, every briefing they name scored, the
    /// document blocks of the first 50 fetched.
    fn search(&self, query: &str) -> Found {
        sharded_search(&self.manifest, &|pattern, k| self.fetch(pattern, k), query, &words)
    }
}

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        from[((self.0 >> 33) % from.len() as u64) as usize]
    }
}

/// Words with shared starts, stop words, numbers, Hangul, Han and Kana runs, accents.
const WORDS: &[&str] = &[
    "nato",
    "nation",
    "national",
    "naval",
    "navy",
    "summit",
    "summits",
    "missile",
    "missiles",
    "mission",
    "the",
    "a",
    "of",
    "2024",
    "07",
    "북한",
    "북한은",
    "정상회의",
    "北约峰会宣言",
    "朝鲜谴责北约",
    "宣言",
    "ミサイル発射",
    "東京",
    "côte",
    "d'ivoire",
    "cote",
    "sanctions",
    "sea",
    "search",
    "ceasefire",
    "kim",
    "kimchi",
    "Σίσυφος",
];

const QUERIES: &[&str] = &[
    "nato",
    "na",
    "nation",
    "summit nato",
    "the",
    "a nato",
    "2024",
    "북한",
    "북",
    "宣言",
    "北约",
    "北",
    "峰会 宣言",
    "ミサイル",
    "côte d'ivoire",
    "cote",
    "se",
    "s",
    "kim",
    "σίσυφος",
    "zzz",
    "nato zzz",
];

/// `n` generated briefings over nine days, a third with summaries, every seventeenth a
/// draft, with the one-file index too.
fn generated(n: usize) -> TestSite {
    let s = TestSite::with_config("title: Test\nsearch_index_json: true\n");
    let mut rng = Lcg(7);
    let mut text = |k: usize| (0..k).map(|_| rng.pick(WORDS)).collect::<Vec<_>>().join(" ");
    for i in 0..n {
        let title = format!("{} {i}", text(1 + i % 4));
        let tags = text(i % 3).split(' ').filter(|t| !t.is_empty()).map(|t| format!("\"{t}\"")).collect::<Vec<_>>();
        let mut extra = format!("tags: [{}]\n", tags.join(", "));
        if i % 3 == 0 {
            extra.push_str(&format!("summary: \"{}\"\n", text(6)));
        }
        if i % 17 == 5 {
            extra.push_str("draft: true\n");
        }
        let body = format!("{}\n\n{}", text(20 + i % 40), text(10));
        s.briefing(&format!("b{i:04}.md"), &title, &format!("2024-07-{:02}", 1 + i % 9), &extra, &body);
    }
    s
}

#[test]
fn sharded_search_finds_what_the_one_file_index_found() {
    let s = generated(900);
    s.build_ok(&[]);
    let records: Vec<Value> = serde_json::from_str(&s.page("search-index.json")).unwrap();
    let sharded = Sharded::new(&s);
    assert!(sharded.keys().len() > 3, "several word shards: {:?}", sharded.keys());
    let mut found_some = 0;
    for q in QUERIES {
        let want = one_file_search(&records, q, &words);
        assert_eq!(sharded.search(q), want, "query {q:?}");
        found_some += usize::from(want.0 > 0);
    }
    assert!(found_some >= QUERIES.len() - 2, "most queries find briefings");
    // The document blocks hold every record of the one file but its words, in order.
    let blocks: Vec<Value> = s.search_records();
    let without_words: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("w");
            r
        })
        .collect();
    assert_eq!(blocks, without_words);
}

#[test]
fn a_word_fetches_one_shard_and_the_blocks_of_its_results() {
    let s = generated(900);
    s.build_ok(&[]);
    let sharded = Sharded::new(&s);
    // Only briefing 777's title has the word 777.
    assert_eq!(sharded.search("777").0, 1);
    let fetched = sharded.fetched.borrow().clone();
    let shards = fetched.keys().filter(|k| k.starts_with("search/data/w/")).count();
    let blocks = fetched.keys().filter(|k| k.starts_with("search/data/d/")).count();
    assert_eq!((shards, blocks), (1, 1), "{fetched:?}");
    let all: u64 = common::files_under(&s.public().join("search/data"))
        .iter()
        .map(|f| std::fs::metadata(s.public().join("search/data").join(f)).unwrap().len())
        .sum();
    let got: usize = fetched.values().sum();
    assert!((got as u64) < all / 5, "fetched {got} of {all} bytes");
}

#[test]
fn a_two_character_chinese_word_finds_its_briefing() {
    let s = TestSite::empty();
    s.briefing("zh.md", "朝鲜谴责北约峰会宣言", "2024-07-12", "", "朝鲜外务省谴责北约峰会宣言。");
    s.briefing("en.md", "NATO summit", "2024-07-11", "", "The declaration of the summit.");
    s.briefing("ja.md", "北朝鮮のミサイル発射", "2024-07-10", "", "北朝鮮がミサイルを発射した。");
    s.build_ok(&[]);
    let sharded = Sharded::new(&s);
    let zh = "/2024/07/12/朝鲜谴责北约峰会宣言/".to_string();
    assert_eq!(sharded.search("宣言"), (1, vec![zh.clone()]));
    assert_eq!(sharded.search("北约 宣言"), (1, vec![zh]));
    assert_eq!(sharded.search("ミサイル").0, 1);
    assert_eq!(sharded.search("北").0, 2, "one Han character starts both briefings' pairs");
    assert_eq!(sharded.search("declaration").1, vec!["/2024/07/11/nato-summit/"]);
}

#[test]
fn a_word_written_with_vowel_signs_or_points_finds_its_briefing() {
    // The search page splits a query where the index splits a body: at anything but
    // letters, marks and numbers. The index split bodies at marks that are not
    // alphabetic (a virama) and kept others (vowel signs), the page split at every mark:
    // `भारत` in a body was the word `भारत`, the query `भ` and `रत`, which started none.
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/search.js")).unwrap();
    assert!(
        js.contains(r"split(/(?:[^\p{L}\p{M}\p{N}.]|(?<!\p{N})\.|\.(?!\p{N}))+/u)"),
        "search.js splits words as `words` here does"
    );
    let s = TestSite::with_config("title: Test\nlanguage: hi\n");
    let body = |words: &str| format!("An English first paragraph.\n\n{words}\n");
    s.briefing("hi.md", "Hindi", "2024-07-12", "", &body("भारत सरकार ने आज नई नीति की घोषणा की। हिन्दी में ड्रोन।"));
    s.briefing("bn.md", "Bengali", "2024-07-11", "", &body("বাংলাদেশ সরকার"));
    s.briefing("ar.md", "Arabic", "2024-07-10", "", &body("قال مُحَمَّد إن الحكومة"));
    s.briefing("th.md", "Thai", "2024-07-09", "", &body("ประกาศ นโยบาย ใหม่ ที่นี่"));
    s.build_ok(&[]);
    let sharded = Sharded::new(&s);
    for (query, url) in [
        ("भारत", "/2024/07/12/hindi/"),
        ("नीति", "/2024/07/12/hindi/"),
        ("हिन्दी", "/2024/07/12/hindi/"),
        ("ड्रोन", "/2024/07/12/hindi/"),
        ("বাংলাদেশ", "/2024/07/11/bengali/"),
        ("مُحَمَّد", "/2024/07/10/arabic/"),
        ("ใหม่", "/2024/07/09/thai/"),
    ] {
        assert_eq!(sharded.search(query), (1, vec![url.to_string()]), "query {query:?}");
    }
}

#[test]
fn a_version_number_in_a_body_finds_its_briefing() {
    // An advisory names the versions it is about in its body. The page split `2.5.0`
    // into `2`, `5` and `0`, and the index keeps no one-character body word: no query of
    // a version found it. A dot between two numbers now stays in the word on both sides.
    let s = TestSite::empty();
    let body = |words: &str| format!("An advisory for the interpreter.\n\n{words}\n");
    s.briefing("a.md", "Fixed", "2024-07-12", "", &body("Versions before 2.5.0 are affected; upgrade to 2.5.0."));
    s.briefing("b.md", "Older", "2024-07-11", "", &body("Versions before 2.4.9 are affected. See example.org."));
    s.briefing("c.md", "Figure", "2024-07-10", "", &body("Prices rose 1.5 percent in 2024."));
    s.build_ok(&[]);
    let sharded = Sharded::new(&s);
    for (query, urls) in [
        ("2.5.0", vec!["/2024/07/12/fixed/"]),
        ("2.4.9", vec!["/2024/07/11/older/"]),
        ("2.5", vec!["/2024/07/12/fixed/"]),
        ("2", vec!["/2024/07/12/fixed/", "/2024/07/11/older/", "/2024/07/10/figure/"]),
        ("1.5", vec!["/2024/07/10/figure/"]),
        ("2024.", vec!["/2024/07/10/figure/"]),
        ("org", vec!["/2024/07/11/older/"]),
    ] {
        let urls: Vec<String> = urls.into_iter().map(str::to_string).collect();
        assert_eq!(sharded.search(query), (urls.len(), urls), "query {query:?}");
    }
}

#[test]
fn the_one_file_index_only_when_asked_and_never_a_draft() {
    let s = TestSite::empty();
    s.briefing("a.md", "Published", "2024-07-01", "", "Zebras graze.");
    s.briefing("d.md", "Drafted", "2024-07-02", "draft: true\n", "Okapis hide.");
    s.build_ok(&[]);
    assert!(!s.exists("search-index.json"));
    assert!(
        s.exists("search/data/manifest.json") && s.exists("search/data/w/0.json") && s.exists("search/data/d/0.json")
    );
    let manifest: Value = serde_json::from_str(&s.page("search/data/manifest.json")).unwrap();
    assert_eq!(manifest["docs"], 1);
    assert_eq!((manifest["words"].as_str(), manifest["blocks"].as_str()), (Some("w/{}.json"), Some("d/{}.json")));
    assert!(s.search_text().contains("[\"zebras\","));
    assert!(!s.search_text().to_lowercase().contains("okapis") && !s.search_text().contains("Drafted"));
    let page = s.page("search/index.html");
    assert!(page.contains("data-index=\"/search/data/manifest.json\""), "{page}");
    assert!(page.contains("<noscript>"), "says what to do without JavaScript");
    s.write("site.yaml", "search_index_json: true\n");
    s.build_ok(&[]);
    let one: Vec<Value> = serde_json::from_str(&s.page("search-index.json")).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["w"], "zebras graze");
}

#[test]
fn older_blocks_stay_as_they_were_when_a_briefing_is_added() {
    let s = TestSite::empty();
    for i in 0..40 {
        s.briefing(&format!("b{i:02}.md"), &format!("Report {i}"), &format!("2024-06-{:02}", 1 + i % 28), "", "Text.");
    }
    s.build_ok(&[]);
    let before = common::tree(&s.public().join("search/data"));
    let manifest = s.page("search/data/manifest.json");
    // The same sources give the same bytes.
    s.build_ok(&[]);
    assert_eq!(common::tree(&s.public().join("search/data")), before);
    s.briefing("new.md", "Newest report", "2024-07-01", "", "Fresh text.");
    s.build_ok(&[]);
    let after = common::tree(&s.public().join("search/data"));
    // Number 0 is the oldest: a newer briefing joins the last block, the others stay.
    assert_eq!(after["d/0.json"], before["d/0.json"]);
    assert_eq!(after["d/1.json"], before["d/1.json"]);
    assert_ne!(after["d/2.json"], before["d/2.json"]);
    assert_ne!(s.page("search/data/manifest.json"), manifest, "a new version, so no stale file is used");
}

#[test]
fn a_static_file_may_not_take_a_path_in_the_search_folder() {
    let s = TestSite::empty();
    s.briefing("a.md", "A", "2024-07-01", "", "Text.");
    s.write("static/search/data/w/9.json", "[]");
    let err = s.build_err(&[]);
    assert!(err.contains("in the search index's folder `/search/data/`"), "{err}");
}
