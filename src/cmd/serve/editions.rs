//! Edits on a site with several language editions. A page reads the other editions
//! only through the versions of itself there (hreflang alternates and the language
//! menu: their URLs, which translations exist, which expired), and the whole site's
//! sitemaps read every edition. So an edit that changes a briefing's text but nothing
//! that places or links it (its date, slug, terms, authors, identity, old URLs,
//! corrections, expiry, language and translation key stay) leaves every other edition's
//! pages as they are: its own edition renders what shows the briefing, as for a site
//! with one language, and the sitemaps are made again after. Any other edit rebuilds
//! the whole site.

use std::collections::HashSet;
use std::path::PathBuf;

use super::engine::{Engine, Rebuild};
use crate::diag::Diagnostic;
use crate::model::Briefing;
use crate::routes::Route;
use crate::source::FileRef;

impl Engine {
    /// Re-render after an edit of the briefings at `md` (sorted, each once) on a site
    /// with several editions, when each is a published briefing of some edition whose
    /// text alone changed; `None` when the edit needs the whole site rebuilt (a briefing
    /// added, removed or moved, one that changed anything the other editions read).
    pub(super) fn edit_text_in_editions(&mut self, md: &[PathBuf]) -> Result<Option<Rebuild>, Vec<Diagnostic>> {
        let root = self.opts.root.clone();
        let content = root.join("content");
        let now = self.opts.now(&self.loaded.cfg)?;
        let publish = self.opts.publish(now);
        let mut edits: Vec<(usize, usize, Briefing)> = Vec::new();
        let mut diags = Vec::new();
        for abs in md {
            let shown = crate::diag::display_path(&root, abs);
            let Some((e, i)) = self.find_briefing(&shown) else {
                return Ok(None);
            };
            if !abs.is_file() {
                return Ok(None);
            }
            let f = FileRef { abs: abs.clone(), rel: abs.strip_prefix(&content).unwrap_or(abs).to_path_buf(), shown };
            let (b, published) = match super::loaded::read_edited(&self.loaded.cfg, &f, &publish) {
                Ok(Some(read)) => read,
                Ok(None) => return Ok(None),
                Err(ds) => {
                    diags.extend(ds);
                    continue;
                }
            };
            if !published || !same_place(&self.loaded.editions[e].briefings[i], &b) {
                return Ok(None);
            }
            edits.push((e, i, b));
        }
        if !diags.is_empty() {
            crate::diag::sort(&mut diags);
            return Err(diags);
        }
        if edits.is_empty() {
            return Ok(Some(Rebuild::default()));
        }
        let watch = crate::timing::Stopwatch::start("serve: ");
        let mark = |what: &str| watch.mark(what);
        self.loaded.now = now;
        // A draft published by this edit (shown before with `--drafts`) keeps its URL,
        // which goes into urls.lock now.
        let added =
            self.new_urls(edits.iter().map(|(e, i, b)| (b, self.loaded.editions[*e].index.permalinks[*i].as_str())))?;
        let mut rebuilt = Rebuild::default();
        let editions: Vec<usize> = {
            let mut v: Vec<usize> = edits.iter().map(|(e, _, _)| *e).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        // The whole site's sitemaps (the default edition makes them, with its pages)
        // list every edition's briefings: for an edit in another edition, they are
        // made again once the pages are served.
        let mut later = Vec::new();
        let news_from = now - crate::outputs::news_sitemap::NEWS_WINDOW;
        for e in editions {
            let mut changed = HashSet::new();
            let (mut dated, mut recent) = (false, false);
            for (_, i, b) in edits.iter().filter(|(f, _, _)| *f == e) {
                let o = &mut self.loaded.editions[e].briefings[*i];
                dated |= o.modified().timestamp() != b.modified().timestamp();
                recent |= b.date.timestamp() >= news_from;
                *o = b.clone();
                changed.insert(*i);
            }
            if e > 0 && recent {
                later.push(Route::NewsSitemap);
            }
            if e > 0 && dated {
                later.push(Route::Sitemap);
            }
            let r = self.rerender_changed(e, changed, None, dated, &mark).inspect_err(|_| self.unsure = true)?;
            rebuilt.pages += r.pages;
            rebuilt.changed.extend(r.changed);
            rebuilt.removed.extend(r.removed);
            rebuilt.lock_note = rebuilt.lock_note.or(r.lock_note);
        }
        // Only where the site has them (as `Routes::all` of the default edition says).
        let has = |r: &Route| match r {
            Route::Sitemap => self.loaded.routes(0).has_sitemap(),
            _ => crate::routes::has_news_sitemap(&self.loaded.editions[0].cfg),
        };
        for r in later {
            if has(&r) && !self.deferred.contains(&r) {
                self.deferred.push(r);
            }
        }
        self.record_urls(Ok(rebuilt), added).map(Some)
    }

    /// The edition and position of the briefing read from `shown` (its path as
    /// messages show it).
    fn find_briefing(&self, shown: &std::path::Path) -> Option<(usize, usize)> {
        self.loaded
            .editions
            .iter()
            .enumerate()
            .find_map(|(e, ed)| ed.briefings.iter().position(|b| b.source.as_path() == shown).map(|i| (e, i)))
    }
}

/// Whether `new`, an edit of `old`, keeps everything that places the briefing in its
/// edition or that the other editions read of it: only its text and other front
/// matter changed.
fn same_place(old: &Briefing, new: &Briefing) -> bool {
    old.id == new.id
        && old.lang == new.lang
        && old.translation_key == new.translation_key
        && old.aliases == new.aliases
        && old.corrections == new.corrections
        && old.expires == new.expires
        && old.expired == new.expired
        && old.date.timestamp() == new.date.timestamp()
        && old.slug == new.slug
        && old.uncut_slug == new.uncut_slug
        && old.terms == new.terms
        && old.authors == new.authors
}
