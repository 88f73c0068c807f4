//! The search page written in Rust, as it was before the index was sharded (every
//! record of `/search-index.json` in memory, every word compared) and as it is (the
//! shards a query needs, the blocks of its results), for the unit tests of the sharded
//! index and the tests of the built site to compare (both include this file by path).

use serde_json::Value;

/// What a search shows: how many briefings match, and the URLs of the first 50.
pub type Found = (usize, Vec<String>);

/// The briefings of `records` that match every word of `query` (split into words by
/// `words`, as the page splits them), best first: 8 points a title word, 5 a tag, 3 a
/// summary word, at most 2 for the body; a whole word counts twice a prefix.
pub fn one_file_search(records: &[Value], query: &str, words: &dyn Fn(&str) -> Vec<String>) -> Found {
    let terms = words(query);
    let hits = |list: &[String], q: &str| -> u32 {
        list.iter()
            .map(|w| {
                if w == q {
                    2
                } else if w.starts_with(q) {
                    1
                } else {
                    0
                }
            })
            .sum()
    };
    let mut results: Vec<(u32, usize)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let title = words(r["t"].as_str().unwrap());
        let tags: Vec<&str> = r["g"].as_array().unwrap().iter().map(|g| g.as_str().unwrap()).collect();
        let tags = words(&tags.join(" "));
        let summary = words(r["s"].as_str().unwrap());
        let body: Vec<String> = r["w"].as_str().unwrap().split(' ').map(String::from).collect();
        let scores: Vec<u32> = terms
            .iter()
            .map(|q| 8 * hits(&title, q) + 5 * hits(&tags, q) + 3 * hits(&summary, q) + hits(&body, q).min(2))
            .collect();
        if !scores.is_empty() && scores.iter().all(|&s| s > 0) {
            results.push((scores.iter().sum(), i));
        }
    }
    results.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    (results.len(), results.iter().take(50).map(|&(_, i)| records[i]["u"].as_str().unwrap().to_string()).collect())
}

/// search.js as it is: the shards the words of `query` need, every briefing they name
/// scored as [`one_file_search`] scores it, then the document blocks of the first 50.
/// `fetch(pattern, k)` reads file `k` of the manifest's `pattern` (`words`, `blocks`).
pub fn sharded_search(
    manifest: &Value,
    fetch: &dyn Fn(&str, usize) -> Value,
    query: &str,
    words: &dyn Fn(&str) -> Vec<String>,
) -> Found {
    // JavaScript compares strings by UTF-16 code units.
    let lt = |a: &str, b: &str| a.encode_utf16().lt(b.encode_utf16());
    let docs = manifest["docs"].as_u64().unwrap() as usize;
    let keys: Vec<&str> = manifest["keys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    let mut per_term = Vec::new();
    for term in &words(query) {
        let (mut fields, mut body) = (vec![0u64; docs], vec![0u64; docs]);
        // The shard whose first word is the last at or before the term, and those after
        // it whose first words start with it.
        let mut shards = Vec::new();
        if !keys.is_empty() {
            let mut i = keys.partition_point(|k| lt(k, term));
            if i == keys.len() || keys[i] != term {
                i = i.saturating_sub(1);
            }
            shards.push(i);
            shards.extend((i + 1..keys.len()).take_while(|&j| keys[j].starts_with(term.as_str())));
        }
        for k in shards {
            let entries = fetch("words", k);
            for e in entries.as_array().unwrap().iter().filter(|e| e[0].as_str().unwrap().starts_with(term.as_str())) {
                let mult = if e[0] == term.as_str() { 2 } else { 1 };
                let mut id = 0;
                for gap in e[1].as_array().unwrap() {
                    id += gap.as_u64().unwrap() as usize;
                    body[id] = (body[id] + mult).min(2);
                }
                id = 0;
                for pair in e[2].as_array().unwrap().chunks(2) {
                    id += pair[0].as_u64().unwrap() as usize;
                    fields[id] += mult * pair[1].as_u64().unwrap();
                }
            }
        }
        per_term.push(fields.iter().zip(&body).map(|(f, b)| f + b).collect::<Vec<u64>>());
    }
    let mut results: Vec<(u64, usize)> = (0..docs)
        .filter(|&i| !per_term.is_empty() && per_term.iter().all(|s| s[i] > 0))
        .map(|i| (per_term.iter().map(|s| s[i]).sum(), i))
        .collect();
    // Highest score first; among equals the newest, which has the highest number.
    results.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let block = manifest["block"].as_u64().unwrap() as usize;
    let urls = results
        .iter()
        .take(50)
        .map(|&(_, i)| fetch("blocks", i / block)[i % block]["u"].as_str().unwrap().to_string())
        .collect();
    (results.len(), urls)
}
