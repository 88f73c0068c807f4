//! Every field of every template context is documented in `docs/templates.md`: the
//! contexts of every route of the example site and of the browser fixture are walked,
//! and each field name must appear (in backticks) in the section of its variable, or
//! in the shared "Objects" section.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{Made, Renderer};
use crate::routes::Routes;
use crate::site::{Options, load_site};

/// The variables a template context may hold.
const VARS: &[&str] = &[
    "site",
    "meta",
    "page",
    "paginator",
    "date",
    "term",
    "taxonomy",
    "feed",
    "entries",
    "item",
    "corrections",
    "redirect",
    "search",
];

fn names(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                names(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| names(x, out)),
        _ => {}
    }
}

/// Variable → every field name seen under it, over all routes of the site at `root`.
fn fields(root: &Path, seen: &mut BTreeMap<String, BTreeSet<String>>) {
    let loaded = load_site(&Options { root: root.to_path_buf(), drafts: true, ..Options::default() }).unwrap();
    let site = loaded.site(0);
    let prep = super::prepare(&site, &loaded.templates[0]).unwrap();
    let r = Renderer {
        site,
        routes: Routes::new(site.cfg, site.idx),
        prep: &prep,
        tpl: &loaded.templates[0],
        inject: None,
        memo: None,
        base: 0,
        known: Default::default(),
        list_size: Default::default(),
    };
    let mut add = |var: &str, value: serde_json::Value| names(&value, seen.entry(var.to_string()).or_default());
    for route in loaded.routes(0).all() {
        if let Made::Html(page) | Made::Feed(page) = r.make(route) {
            // A page's fingerprint reads `site` and the memo's keys: a context with any
            // other key would be kept when that key alone changed.
            let mut known = tera::Context::new();
            for key in std::iter::once(&"site").chain(super::memo::CONTEXT_KEYS) {
                if let Some(v) = page.ctx.get(key) {
                    known.insert_value(*key, v.clone());
                }
            }
            assert!(known == page.ctx, "{route:?}: a context key the fingerprint does not read");
            for var in VARS {
                if let Some(v) = page.ctx.get(var) {
                    add(var, serde_json::to_value(v).unwrap());
                }
            }
        }
    }
    for i in 0..site.briefings.len() {
        add("item", serde_json::to_value(prep.item(&site, i)).unwrap());
    }
}

/// Heading variables → identifiers in backticks in that section. A heading naming no
/// variable is shared by all.
fn documented(text: &str) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>) {
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .flat_map(|span| span.split(|c: char| !(c.is_alphanumeric() || c == '_')).map(str::to_string))
            .filter(|w| !w.is_empty())
            .collect()
    };
    let mut by_var: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut shared = BTreeSet::new();
    for section in text.split("\n## ").skip(1) {
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        let vars: Vec<String> = ticked(heading).into_iter().filter(|w| VARS.contains(&w.as_str())).collect();
        let words: BTreeSet<String> = ticked(body).into_iter().collect();
        if vars.is_empty() {
            shared.extend(words);
        } else {
            for v in vars {
                by_var.entry(v).or_default().extend(words.iter().cloned());
            }
        }
    }
    (by_var, shared)
}

#[test]
fn every_context_field_is_documented() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = BTreeMap::new();
    fields(repo, &mut seen);
    fields(&repo.join("tests/browser/fixture"), &mut seen);
    assert!(seen.len() >= 9, "variables seen: {:?}", seen.keys());
    let doc = std::fs::read_to_string(repo.join("docs/templates.md")).expect("docs/templates.md");
    let (by_var, shared) = documented(&doc);
    let mut missing = Vec::new();
    for (var, fields) in &seen {
        let here = by_var.get(var);
        assert!(here.is_some(), "docs/templates.md has no section for `{var}`");
        for f in fields {
            if !here.is_some_and(|h| h.contains(f)) && !shared.contains(f) {
                missing.push(format!("{var}: {f}"));
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new(), "fields missing from docs/templates.md");
}
