//! How brief holds memory: its allocator, and giving freed memory back between stages.
//!
//! mimalloc rather than the system's malloc: a build allocates and frees millions of
//! small values (Tera's, YAML's, strings of every page) from two or more threads, and
//! glibc's malloc and free took about a tenth of a build's CPU, at 10,000 briefings as
//! at a million (`perf`; the figures are in README.md).
//!
//! Fuzzing builds (cargo-fuzz sets `cfg(fuzzing)`) keep the system's allocator, which
//! the sanitizers watch.

#[cfg(not(fuzzing))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Called first in `main`: no transparent huge pages for this process, for a build, a
/// rebuild or `serve`. mimalloc asks for them where the system allows it (`madvise`
/// mode), and a 2 MiB page held for a few small values added about a third to a
/// 10,000-briefing build's peak memory for no speed.
///
/// A rebuild had them from stop 48 to 49: it reads about 70 MB of its build cache into
/// fresh memory, and 2 MiB pages took its 42,000 page faults down to about 500. That
/// was quicker only when a rebuild ran right after the last one (0.40-0.47 s against
/// 0.53 s for 10,000 briefings). A few seconds after it (an edit, then a build; or a
/// Hugo build, as `bench/run.sh` times it) the system had handed that memory back to
/// its host (this machine is a virtual one that reports free memory in 8 MiB blocks),
/// every huge page had to be zeroed afresh, and the rebuild took 0.56-0.60 s against
/// 0.44-0.55 s with small pages, 1.02 s of CPU against 0.83 (the same binary, the
/// system's setting alternated, 7 builds each). See docs/performance-log.md, stop 50.
pub fn init() {
    #[cfg(target_os = "linux")]
    {
        // A kernel without the flag (before 3.15) only keeps the larger footprint.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// Give memory freed by a stage (the parse's Markdown event buffers and lowercased
/// texts, the bodies read for the list items' summaries) back to the system before the
/// next one starts, so it does not add to the peak.
pub fn release_free() {
    // SAFETY: `mi_collect` only frees pages that hold no live allocation; it may be
    // called at any time from any thread.
    #[cfg(not(fuzzing))]
    unsafe {
        libmimalloc_sys::mi_collect(true)
    };
}

/// mimalloc's `mi_option_purge_delay` (the 16th of its `mi_option_e`, in v3 as in v2;
/// the Rust bindings do not name it): how long memory freed is held before it is given
/// back to the system. mimalloc v3 (the crate's default, built here) holds it 1,000 ms.
#[cfg(not(fuzzing))]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long a server holds memory freed by one update for the next (see
/// [`hold_freed`]): an hour. Not mimalloc's -1 ("never"), so that a server left alone
/// still gives back what a large update took.
pub const SERVER_HOLD_MS: i64 = 3_600_000;

/// For a long-running server: hold memory an update frees for the next one, an hour
/// rather than a second. Given back after a second, it had to be taken from the system
/// again by the next edit, page by page: about 10,000 page faults, 10 ms of the 50 ms
/// budget, on every structural edit of a 10,000-briefing site a second or more after
/// the last (`/proc/PID/stat` minflt around each edit of `brief serve`). The peak is
/// unchanged: what is held is reused, not added to.
pub fn hold_freed() {
    // SAFETY: options may be set at any time; mimalloc reads them on each use.
    #[cfg(not(fuzzing))]
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, SERVER_HOLD_MS as std::ffi::c_long)
    };
}

#[cfg(test)]
mod tests {
    /// The option set is mimalloc's purge delay: 1,000 ms (v3's) until a server sets it.
    #[test]
    #[cfg(not(fuzzing))]
    fn hold_freed_sets_the_purge_delay() {
        // SAFETY: reading an option is always allowed.
        let before = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        super::hold_freed();
        let after = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert!(before == 1000 || before == super::SERVER_HOLD_MS as std::ffi::c_long, "{before}");
        assert_eq!(after as i64, super::SERVER_HOLD_MS);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn init_turns_off_huge_pages() {
        super::init();
        assert_eq!(rustix::thread::transparent_huge_pages_are_disabled().ok(), Some(true));
    }

    #[test]
    fn memory_freed_and_given_back_stays_usable() {
        let held: Vec<Vec<u8>> = (0..1000).map(|i| vec![(i % 251) as u8; 4096]).collect();
        let freed: Vec<Vec<u8>> = (0..1000).map(|_| vec![7u8; 8192]).collect();
        drop(freed);
        super::release_free();
        assert!(held.iter().enumerate().all(|(i, v)| v.len() == 4096 && v.iter().all(|&b| b == (i % 251) as u8)));
        let again: Vec<u8> = vec![1; 1 << 20];
        assert_eq!(again.iter().map(|&b| b as usize).sum::<usize>(), 1 << 20);
    }
}
