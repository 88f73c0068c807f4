//! `.brief-cache/` in the site folder: what a build keeps for the next one, so that an
//! unchanged briefing is not parsed again ([`parsed`]), an unchanged page not rendered
//! again ([`pages`]), an unchanged list item's summary and HTML not made again
//! ([`items`]), and the search index is brought up to date rather than made whole
//! (`crate::outputs::search::Saved`). Safe to delete at any time; ignored by git (the folder
//! holds its own `.gitignore`). Nothing in it is trusted: a file that does not read
//! whole, or was written by another build of brief or with other settings, is ignored,
//! and each entry must match what it describes (a file's text, an output file as it is
//! now).

pub(crate) mod bytes;
pub mod digests;
pub mod index;
pub mod items;
pub mod pages;
pub mod parsed;
mod stamp;

use std::path::{Path, PathBuf};

/// The cache folder's name, in the site folder.
pub const DIR: &str = ".brief-cache";

/// The cache folder of the site at `root`, made if need be (with a `.gitignore` that
/// keeps it out of version control); `None` when it cannot be made.
pub fn dir(root: &Path) -> Option<PathBuf> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir).ok()?;
    let ignore = dir.join(".gitignore");
    if !ignore.is_file() {
        crate::write::replace_file(&ignore, "# brief's build cache: safe to delete, never committed.\n*\n").ok()?;
    }
    Some(dir)
}

/// How many output folders the cache keeps records of (see [`pages`] and the output's
/// listing in `crate::write`): the ones built most recently. A site built into a new
/// folder each time (a preview, a CI job's scratch folder) would otherwise leave a few
/// megabytes in the cache for each, for good. An output whose records went is only
/// rendered whole again the next time it is built.
pub const OUTPUTS_KEPT: usize = 4;

/// A file being written is renamed into place as soon as it is whole; one older than
/// this was left by a build that stopped midway.
const STALE_TMP: std::time::Duration = std::time::Duration::from_secs(600);

/// Remove from the cache folder `dir` the records of all but the [`OUTPUTS_KEPT`]
/// output folders built most recently, `out` (just built) always among them, and the
/// files that builds which stopped midway left half-written.
pub fn prune_outputs(dir: &Path, out: &Path) {
    use std::time::SystemTime;
    let Some(current) = crate::write::output_key(out) else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    // Each record file with its output's key and its time.
    let mut records: Vec<(PathBuf, String, SystemTime)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Ok(modified) = e.metadata().and_then(|m| m.modified()) else { continue };
        if name.ends_with(".tmp") {
            // Maybe another build's, writing now: it goes only once stale.
            if now.duration_since(modified).is_ok_and(|age| age > STALE_TMP) {
                let _ = std::fs::remove_file(e.path());
            }
            continue;
        }
        let Some(rest) = ["pages-", "tree-", "search-"].iter().find_map(|p| name.strip_prefix(p)) else { continue };
        if let Some(key) = rest.get(..16).filter(|k| k.bytes().all(|b| b.is_ascii_hexdigit())) {
            records.push((e.path(), key.to_string(), modified));
        }
    }
    let mut latest: std::collections::HashMap<&str, SystemTime> = Default::default();
    for (_, key, t) in &records {
        let slot = latest.entry(key.as_str()).or_insert(*t);
        *slot = (*slot).max(*t);
    }
    let mut outputs: Vec<(&str, SystemTime)> = latest.into_iter().collect();
    // The output just built first, then the newest.
    outputs.sort_by_key(|&(key, t)| (key != current, std::cmp::Reverse(t)));
    let kept: std::collections::HashSet<&str> = outputs.iter().take(OUTPUTS_KEPT).map(|&(k, _)| k).collect();
    for (path, key, _) in &records {
        if !kept.contains(key.as_str()) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Feed `part` to `h` after its length, so that two parts never read as one: what
/// every digest the cache compares is made of.
pub fn update_framed(h: &mut xxhash_rust::xxh3::Xxh3, part: &[u8]) {
    h.update(&(part.len() as u64).to_le_bytes());
    h.update(part);
}

/// Who writes and reads the cache: this program, as built. A cache written by another
/// build of brief (another version, or the same version compiled again) is not used.
pub fn program_id() -> Option<u128> {
    let exe = std::env::current_exe().ok()?;
    let m = std::fs::metadata(&exe).ok()?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(exe.to_string_lossy().as_bytes());
    h.update(&m.len().to_le_bytes());
    let mtime = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    h.update(&mtime.as_nanos().to_le_bytes());
    Some(h.digest128())
}
