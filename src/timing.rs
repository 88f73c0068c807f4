//! Stage timings for the benchmark: printed to stderr when `BRIEF_TIMINGS` is set, with
//! the process's resident memory at that point and its peak so far (Linux).

use std::cell::Cell;
use std::time::Instant;

/// Whether timings are on.
pub fn enabled() -> bool {
    std::env::var_os("BRIEF_TIMINGS").is_some()
}

/// `rss N MiB, peak M MiB`, from `/proc/self/status`, and `huge pages` when the process
/// may have transparent huge pages (brief turns them off: see `crate::memory::init`); empty
/// where that
/// is unavailable.
pub fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb as f64 / 1024.0)
    };
    let thp = status.lines().find_map(|l| l.strip_prefix("THP_enabled:")).map(str::trim);
    let huge = if thp == Some("1") { ", huge pages" } else { "" };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(" (rss {rss:.0} MiB, peak {peak:.0} MiB{huge})"),
        _ => String::new(),
    }
}

/// Prints the time since the previous mark (or since it was made) at each mark.
#[derive(Debug)]
pub struct Stopwatch {
    on: bool,
    /// Put before each stage name: nested stages are indented.
    indent: &'static str,
    last: Cell<Instant>,
}

impl Stopwatch {
    /// Start timing; `indent` goes before each stage name.
    pub fn start(indent: &'static str) -> Stopwatch {
        Stopwatch { on: enabled(), indent, last: Cell::new(Instant::now()) }
    }

    /// Print `stage` with the time since the last mark, when timings are on.
    pub fn mark(&self, stage: &str) {
        if self.on {
            let now = Instant::now();
            let ms = (now - self.last.get()).as_secs_f64() * 1000.0;
            eprintln!("timing: {}{stage}: {ms:.1} ms{}", self.indent, memory());
            self.last.set(now);
        }
    }
}
