//! Stage timings for the benchmark: printed to stderr when `BRIEF_TIMINGS` is set, with
//! the process's resident memory at that point and its peak so far (Linux).

/// Whether timings are on.
pub fn enabled() -> bool {
    std::env::var_os("BRIEF_TIMINGS").is_some()
}

/// `rss N MiB, peak M MiB`, from `/proc/self/status`; empty where that is unavailable.
pub fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb as f64 / 1024.0)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(" (rss {rss:.0} MiB, peak {peak:.0} MiB)"),
        _ => String::new(),
    }
}
