//! Fragments: templates under `fragments/` that read `site` alone (the same on every
//! page of an edition), rendered once per edition and shown on pages as
//! `site.fragments.<name>` (`fragments/rail.html` is `site.fragments.rail`). The home's
//! rail of top tags and recent months is one: five hundred home pages of a large site
//! rendered it five hundred times, and `serve` again after every edit that changed a
//! count in it.

use std::collections::BTreeMap;

use tera::{Context, Value};

use crate::diag::Diagnostic;
use crate::templates::Templates;

/// The folder of fragment templates.
pub const FRAGMENTS: &str = "fragments/";

/// `site` with `fragments` added: each fragment template rendered with `site` alone, as
/// safe HTML. Unchanged when the templates have no fragment.
pub(super) fn with_fragments(tpl: &Templates, site: Value) -> Result<Value, Diagnostic> {
    let mut names: Vec<&str> =
        tpl.sources.keys().map(String::as_str).filter(|k| k.starts_with(FRAGMENTS) && k.ends_with(".html")).collect();
    if names.is_empty() {
        return Ok(site);
    }
    names.sort_unstable();
    let mut ctx = Context::new();
    ctx.insert_value("site", site.clone());
    let mut made: BTreeMap<String, Value> = BTreeMap::new();
    for name in names {
        let html = tpl.tera.render(name, &ctx).map_err(|e| tpl.diag(&e))?;
        let key = name[FRAGMENTS.len()..].trim_end_matches(".html");
        made.insert(key.to_string(), Value::safe_string(&html));
    }
    let Some(mut map) = site.clone().into_map() else { return Ok(site) };
    map.insert("fragments".into(), Value::from(made));
    Ok(Value::from(map))
}
