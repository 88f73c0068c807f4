//! `.brief-cache/` in the site folder: what a build keeps for the next one, so that an
//! unchanged briefing is not parsed again ([`parsed`]), an unchanged page not rendered
//! again ([`pages`]) and an unchanged list item's summary and HTML not made again
//! ([`items`]). Safe to delete at any time; ignored by git (the folder
//! holds its own `.gitignore`). Nothing in it is trusted: a file that does not read
//! whole, or was written by another build of brief or with other settings, is ignored,
//! and each entry must match what it describes (a file's text, an output file as it is
//! now).

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
