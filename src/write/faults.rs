//! Faults a test injects into a build's writes, to check that a build stopped or failed
//! at any point leaves the previous output whole.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::WriteError;

/// Test-only fault injection, read from the environment once per build.
///
/// - `BRIEF_FAIL_WRITE_AFTER=N`: putting the N+1-th file fails, as on a full disk.
/// - `BRIEF_WRITE_FAULT`, a comma-separated list: `abort-after:N` aborts the process
///   (like `kill -9`, nothing is cleaned up) as the N+1-th put begins (not ends: the
///   last puts, on several threads, may all begin before N end); `abort-at:POINT`
///   aborts at `prune` (all files put), `mid-prune` (half the stray paths removed),
///   `swap` (about to swap), `swap-1` and `swap-2` (between the renames of the fallback
///   swap) or `swapped` (just after the swap); `no-exchange` uses the fallback swap even
///   where the system can exchange two folders.
#[derive(Debug, Default)]
pub(super) struct Faults {
    fail_after: Option<usize>,
    abort_after: Option<usize>,
    abort_at: Vec<String>,
    pub no_exchange: bool,
    /// Puts begun, for `abort-after`.
    begun: AtomicUsize,
}

impl Faults {
    pub fn from_env() -> Faults {
        let number = |v: &str| v.parse().ok();
        let mut f = Faults {
            fail_after: std::env::var("BRIEF_FAIL_WRITE_AFTER").ok().and_then(|v| number(&v)),
            ..Faults::default()
        };
        for item in std::env::var("BRIEF_WRITE_FAULT").unwrap_or_default().split(',') {
            if let Some(n) = item.strip_prefix("abort-after:") {
                f.abort_after = number(n);
            } else if let Some(point) = item.strip_prefix("abort-at:") {
                f.abort_at.push(point.to_string());
            } else if item == "no-exchange" {
                f.no_exchange = true;
            }
        }
        f
    }

    /// Before the file at `target` is put, when `done` files were.
    pub fn before_put(&self, target: impl FnOnce() -> PathBuf, done: usize) -> Result<(), WriteError> {
        let begun = self.begun.fetch_add(1, Ordering::SeqCst);
        if self.abort_after.is_some_and(|n| begun >= n) {
            std::process::abort();
        }
        if self.fail_after.is_some_and(|n| done >= n) {
            return Err(WriteError::Io {
                path: target(),
                source: std::io::Error::other("injected write failure (BRIEF_FAIL_WRITE_AFTER)"),
            });
        }
        Ok(())
    }

    pub fn point(&self, name: &str) {
        if self.abort_at.iter().any(|p| p == name) {
            std::process::abort();
        }
    }
}
