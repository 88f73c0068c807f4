//! Which files of its `content/` Zola reads: none whose name starts with `.` is a page,
//! and brief reads no hidden file or editor's backup of its own `content/` either.

use std::path::Path;

/// Why `rel` of Zola's `content/` is not imported, if it is not.
pub(super) fn content(rel: &Path, is_dir: bool) -> Option<String> {
    let name = rel.file_name()?.to_string_lossy();
    if !is_dir && name.starts_with('.') && super::is_markdown(rel) {
        return Some("a Markdown file whose name starts with `.`: Zola makes no page of it".into());
    }
    crate::source::is_ignored_name(&name).then(|| {
        let what = if is_dir { "folder" } else { "file" };
        format!(
            "a hidden {what} or an editor's backup (`.name`, `#name`, `name~`), which brief never reads in \
             content/: not imported"
        )
    })
}
