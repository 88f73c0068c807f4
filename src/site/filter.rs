//! The publish filter of a load: which briefings and pages this build publishes, what
//! it leaves out and why, and the folders whose files go out with them.

use std::path::PathBuf;

use super::NextChange;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Briefing, Page, Withheld};
use crate::source::{Publish, Verdict};

/// What the filter kept and left out.
#[derive(Debug, Default)]
pub(super) struct Filtered {
    /// The briefings published (expired ones kept, marked).
    pub briefings: Vec<Briefing>,
    /// The pages published.
    pub pages: Vec<Page>,
    /// Drafts left out, briefings and pages.
    pub drafts: usize,
    /// Briefings left out as dated later.
    pub scheduled: Vec<PathBuf>,
    /// Briefings past their `expires:`.
    pub expired: Vec<PathBuf>,
    /// The ids of briefings not published (drafts, scheduled, expired and removed):
    /// their files are there, so their URLs are not for another briefing to take over.
    pub unpublished: Vec<String>,
    /// The folders of the briefings and page bundles not published: the files beside
    /// them are not copied.
    pub withheld: Vec<Withheld>,
    /// When the output would next change by itself.
    pub next_change: Option<NextChange>,
}

/// Split `parsed` and `pages` by `publish` (drafts, scheduled, expired).
pub(super) fn filter(cfg: &Config, publish: &Publish, parsed: Vec<Briefing>, mut pages: Vec<Page>) -> Filtered {
    let news = crate::routes::has_news_sitemap(cfg);
    let mut out = Filtered { briefings: Vec::with_capacity(parsed.len()), ..Filtered::default() };
    for mut b in parsed {
        let verdict = publish.verdict(&b);
        NextChange::consider(&mut out.next_change, publish.now, &b, verdict, news);
        match verdict {
            Verdict::Published => {
                out.briefings.push(b);
                continue;
            }
            Verdict::Expired => {
                out.expired.push(b.source.clone());
                if !cfg.remove_expired {
                    b.expired = true;
                    out.briefings.push(b);
                    continue;
                }
            }
            Verdict::Draft => out.drafts += 1,
            Verdict::Scheduled => out.scheduled.push(b.source.clone()),
        }
        out.withheld.push(Withheld::of(&b));
        out.unpublished.push(b.id);
    }
    if !publish.drafts {
        let before = pages.len();
        pages.retain(|p| {
            if p.draft && p.bundle {
                out.withheld.push(Withheld {
                    source: p.source.clone(),
                    dir: p.dir.clone(),
                    bundle: true,
                    id: String::new(),
                    lang: p.lang,
                });
            }
            !p.draft
        });
        out.drafts += before - pages.len();
    }
    out.pages = pages;
    out
}

/// A warning for each correction or update of a published briefing dated after `now`:
/// it is shown at once, dated later, which a reader takes for a typo or a back-dated
/// record. Each at its date's line, the file read again under `root` to find it.
pub(super) fn later_notices(root: &std::path::Path, briefings: &[Briefing], now: jiff::Timestamp) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for b in briefings {
        // Read once, for the first notice dated later (most briefings have none).
        let mut text: Option<Option<String>> = None;
        for (key, notices) in [("corrections", &b.corrections), ("updates", &b.updates)] {
            for n in notices.iter().filter(|n| n.date.timestamp() > now) {
                let day = n.date.date().to_string();
                let what = if key == "corrections" { "correction" } else { "update" };
                let mut d = Diagnostic::warning(
                    &b.source,
                    format!("{what} dated {day}, later than this build: it is shown now, with that date"),
                )
                .hint(format!("date the {what} when it was made; a notice cannot be scheduled"));
                if let Some(text) = text.get_or_insert_with(|| std::fs::read_to_string(root.join(&b.source)).ok()) {
                    let at = (0..notices.len())
                        .map(|k| crate::yaml::list_item_field_position(text, key, k, "date"))
                        .find(|&(line, _)| text.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains(&day)))
                        .unwrap_or_else(|| crate::yaml::value_position(text, key));
                    d = d.at(text, at.0, at.1);
                }
                out.push(d);
            }
        }
    }
    out
}
