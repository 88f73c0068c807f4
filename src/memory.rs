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

/// Called first in `main`: no transparent huge pages for this process. mimalloc asks
/// for them where the system allows it (`madvise` mode), and a 2 MiB page held for a
/// few small values added about a third to a 10,000-briefing build's peak memory for
/// no speed.
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

#[cfg(test)]
mod tests {
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
