//! The shared values after a serve edit, taken from those before it: what the edit did
//! not change is kept, and what it changed is made when a page first shows it, so an
//! edit that changes the count of a tag on thousands of briefings makes only the items
//! its pages show.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::Value;

use super::{Item, Kept, Prepared, prepare_with, render_item, uses_item_html};
use crate::diag::Diagnostic;
use crate::index::Site;
use crate::templates::Templates;

/// What [`prepare_reusing`] may take from the values of the site before an edit.
#[derive(Clone, Copy)]
pub struct Reuse<'p> {
    /// The values before the edit.
    pub old: &'p Prepared,
    /// For each briefing now, its position before the edit (`None` when new).
    pub from: &'p [Option<usize>],
    /// For each briefing now, whether its list item may differ (its text, URL, date,
    /// or the names of its terms or authors changed): such items are made again.
    pub changed: &'p [bool],
    /// For each briefing now, whether the values of its terms (names, counts) are as
    /// before: then its term values are kept too.
    pub same_terms: &'p [bool],
}

/// [`super::prepare`], taking from `reuse` the list items of briefings that did not
/// change (for `serve`, which holds everything in memory). A rendered item is kept even
/// when the counts of its terms changed: only for templates that do not show those
/// counts in list items.
pub fn prepare_reusing(site: &Site, tpl: &Templates, reuse: Option<Reuse>) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_with(site, tpl, reuse, None, None, None)
}

/// The term references of each briefing of `site`: those of a briefing whose terms'
/// values are as before are kept (made or not), the others are made when first asked
/// for.
pub(super) fn term_refs(site: &Site, r: Reuse) -> Vec<OnceLock<Arc<[Value]>>> {
    (0..site.briefings.len())
        .into_par_iter()
        .map(|i| {
            let kept = r.from[i].filter(|_| r.same_terms[i]).and_then(|o| r.old.term_refs.get(o)?.get());
            kept.map(|refs| OnceLock::from(refs.clone())).unwrap_or_default()
        })
        .collect()
}

/// The list item of each briefing of `site`: an unchanged briefing's is kept when the
/// values of its terms are as before, and otherwise made from it when first asked for,
/// with its tags taken anew (only its tags' counts can differ); a changed briefing's is
/// made whole when first asked for.
pub(super) fn items(site: &Site, r: Reuse) -> Vec<Item> {
    (0..site.briefings.len())
        .into_par_iter()
        .map(|i| {
            let same_terms = r.same_terms[i];
            match r.from[i].filter(|_| !r.changed[i]).and_then(|o| r.old.items.get(o)) {
                Some(Item::Kept(Kept::Held(v))) if same_terms => Item::held(v.clone()),
                Some(Item::Kept(Kept::Held(v))) => Item::later(Some(v.clone())),
                Some(Item::Later(later)) => match later.made.get() {
                    Some(v) if same_terms => Item::held(v.clone()),
                    Some(v) => Item::later(Some(v.clone())),
                    // Not made since the edit that left it for later: made from what it
                    // would have been made from.
                    None => Item::later(later.base.clone()),
                },
                // New, changed, or spilled (never in serve).
                Some(Item::Kept(Kept::Spilled(_))) | None => Item::later(None),
            }
        })
        .collect()
}

/// The rendered list items of `prep` (when the theme renders items alone): an unchanged
/// briefing keeps its rendered item even when a count in its term values changed (the
/// caller knows the templates do not show those counts in items); the others are
/// rendered.
pub(super) fn item_html(site: &Site, tpl: &Templates, prep: &Prepared, r: Reuse) -> Result<Vec<Kept>, Diagnostic> {
    if !uses_item_html(tpl) {
        return Ok(Vec::new());
    }
    (0..site.briefings.len())
        .into_par_iter()
        .map(|i| match r.from[i].filter(|&o| !r.changed[i] && r.old.item_html.len() > o) {
            Some(o) => Ok(Kept::Held(r.old.item_html(o))),
            None => render_item(tpl, &prep.site, &prep.item(site, i)).map(Kept::Held),
        })
        .collect()
}

#[cfg(test)]
impl Prepared {
    /// How many list items are left to be made when a page shows them.
    pub fn items_left_for_later(&self) -> usize {
        self.items.iter().filter(|k| matches!(k, Item::Later(l) if l.made.get().is_none())).count()
    }

    /// Every briefing's list item, term references and rendered item (made now where
    /// they were left for later), to compare with a fresh [`super::prepare`]'s.
    pub fn values(&self, site: &Site) -> Vec<(Value, Value, Option<Value>)> {
        (0..site.briefings.len())
            .map(|i| {
                let refs = Value::from(self.term_refs(site, i).to_vec());
                (self.item(site, i), refs, self.has_item_html().then(|| self.item_html(i)))
            })
            .collect()
    }
}
