//! Which list pages and RSS feeds a Hugo site made, by kind (`home`, `section`,
//! `taxonomy`, `term`): `disableKinds`, `[outputs]`, and the feeds' file name
//! (`[outputFormats.RSS] baseName`, falcosecurity/falco-website's `feed.xml`).

use std::collections::BTreeSet;

use serde_json::Value;

use super::hugo::get;
use super::matter::{Map, list_of, text_of};

/// The kinds of a Hugo site's pages and what each made.
pub(super) struct Kinds {
    /// The kinds in `disableKinds`, lowercase, as Hugo reads the names before 0.73 too.
    disabled: BTreeSet<String>,
    /// `[outputs]` by kind, lowercase: the formats each kind has where the config names them.
    outputs: Vec<(String, Vec<String>)>,
    /// The feeds' file name: `index.xml`, or `<baseName>.xml`.
    pub feed_name: String,
}

/// `names` as kinds of Hugo 0.73 and later: `taxonomyTerm` was the list of a taxonomy's
/// terms (now `taxonomy`), and `taxonomy` beside it the term's page (now `term`), as Hugo
/// corrected the old names (`["taxonomy", "taxonomyTerm"]` made neither).
fn current(names: &[String]) -> BTreeSet<String> {
    let lower: BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    if !lower.contains("taxonomyterm") {
        return lower;
    }
    let old_terms = lower.contains("taxonomy");
    let mut out: BTreeSet<String> = lower.into_iter().filter(|k| k != "taxonomyterm").collect();
    out.insert("taxonomy".into());
    if old_terms {
        out.insert("term".into());
    }
    out
}

impl Kinds {
    /// What the site config `cfg` says.
    pub(super) fn new(cfg: &Map) -> Kinds {
        let disabled = current(&get(cfg, "disableKinds").map(|v| list_of(v, false)).unwrap_or_default());
        let outputs = get(cfg, "outputs").and_then(Value::as_object).map(|o| {
            let by_kind = |k: &String, v: &Value| {
                let formats = list_of(v, false).iter().map(|f| f.to_lowercase()).collect();
                current(std::slice::from_ref(k)).into_iter().next().map(|k| (k, formats))
            };
            o.iter().filter_map(|(k, v)| by_kind(k, v)).collect()
        });
        let formats = get(cfg, "outputFormats").and_then(Value::as_object);
        let base = formats.and_then(|f| get(f, "rss")).and_then(Value::as_object).and_then(|r| get(r, "baseName"));
        let base = base.and_then(text_of).filter(|b| !b.trim().is_empty()).unwrap_or_else(|| "index".into());
        Kinds { disabled, outputs: outputs.unwrap_or_default(), feed_name: format!("{base}.xml") }
    }

    /// Whether Hugo made the pages of `kind`.
    pub(super) fn pages(&self, kind: &str) -> bool {
        !self.disabled.contains(kind)
    }

    /// Whether Hugo made the RSS feeds of `kind` (each of home, section, taxonomy and
    /// term has one unless `[outputs]` names its formats without RSS).
    pub(super) fn feeds(&self, kind: &str) -> bool {
        self.pages(kind)
            && self.pages("rss")
            && self.outputs.iter().find(|(k, _)| k == kind).is_none_or(|(_, f)| f.iter().any(|f| f == "rss"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(cfg: serde_json::Value) -> Kinds {
        Kinds::new(cfg.as_object().unwrap())
    }

    #[test]
    fn old_kind_names_are_read_as_hugo_corrected_them() {
        let both = kinds(serde_json::json!({"disableKinds": ["taxonomy", "taxonomyTerm"]}));
        assert_eq!((both.pages("taxonomy"), both.pages("term"), both.pages("section")), (false, false, true));
        let list = kinds(serde_json::json!({"DisableKinds": ["taxonomyTerm"]}));
        assert_eq!((list.pages("taxonomy"), list.pages("term")), (false, true));
        let new = kinds(serde_json::json!({"disableKinds": ["Taxonomy"]}));
        assert_eq!((new.pages("taxonomy"), new.pages("term")), (false, true));
    }

    #[test]
    fn feeds_follow_outputs_rss_and_the_base_name() {
        let k = kinds(serde_json::json!({
            "outputs": {"home": ["HTML", "RSS", "JSON"], "Section": ["HTML"]},
            "outputFormats": {"RSS": {"BaseName": "feed"}}
        }));
        assert_eq!((k.feeds("home"), k.feeds("section"), k.feeds("term")), (true, false, true));
        assert_eq!(k.feed_name, "feed.xml");
        let off = kinds(serde_json::json!({"disableKinds": ["RSS"]}));
        assert_eq!((off.feeds("home"), off.feed_name.as_str()), (false, "index.xml"));
    }
}
