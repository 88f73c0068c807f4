//! The publish filter of a load: which briefings and pages this build publishes, what
//! it leaves out and why, and the folders whose files go out with them.

use std::path::PathBuf;

use super::NextChange;
use crate::config::Config;
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
                out.withheld.push(Withheld { source: p.source.clone(), dir: p.dir.clone(), bundle: true });
            }
            !p.draft
        });
        out.drafts += before - pages.len();
    }
    out.pages = pages;
    out
}
