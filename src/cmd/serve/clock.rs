//! Time passing under a served site: a scheduled briefing comes out, one expires, one
//! leaves the news sitemap. A build names the next such time (`site::NextChange`);
//! `serve` keeps it, brought forward by the edits it reads, and rebuilds whole when it
//! comes, or at the first change after it, as a build at that time would.

use std::time::Duration;

use super::engine::{Engine, Rebuild};
use crate::diag::Diagnostic;

/// The longest wait for the next change before the clock is read again: a machine that
/// slept does not count that time in the waits it measures.
const LOOK_AGAIN: Duration = Duration::from_secs(30);

impl Engine {
    /// How long until the site changes by itself, at most [`LOOK_AGAIN`]; none when
    /// nothing is scheduled or expiring.
    pub fn until_change(&self) -> Option<Duration> {
        let next = self.loaded.next_change.as_ref()?;
        let now = self.opts.now(&self.loaded.cfg).ok()?;
        Some(Duration::try_from(next.at.timestamp().duration_since(now)).unwrap_or(Duration::ZERO).min(LOOK_AGAIN))
    }

    /// Whether the time of the next change has come (the site served is then not what a
    /// build would make).
    pub fn change_is_due(&self) -> bool {
        let now = self.opts.now(&self.loaded.cfg);
        self.loaded.next_change.as_ref().is_some_and(|n| now.is_ok_and(|now| n.at.timestamp() <= now))
    }

    /// Rebuild whole because the time of the next change came: what changed, and the
    /// result. After a failure the next edit rebuilds whole (and the time is not tried
    /// again before it).
    pub fn rebuild_on_time(&mut self) -> (String, Result<Rebuild, Vec<Diagnostic>>) {
        let what = self.loaded.next_change.as_ref().map_or_else(String::new, |n| {
            let shown = crate::diag::display_path(&self.opts.root, &n.source);
            format!("{} {} at {}", shown.display(), n.what, n.at.strftime("%Y-%m-%dT%H:%M:%S%:z"))
        });
        let r = self.rebuild_all();
        if r.is_err() {
            self.loaded.next_change = None;
            self.unsure = true;
        }
        (what, r)
    }
}
