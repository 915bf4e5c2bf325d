//! Turning the watcher's events into the changed paths the incremental engine reads.

use std::path::{Path, PathBuf};

use crate::incremental::classify;

/// The paths a burst of watcher events changed, for `Incremental::update`: every
/// path the site reads, from every event, both sides of a rename included. An
/// editor's save-by-rename (write `vara.md.tmp`, rename it to `vara.md`) thus names
/// `vara.md`, while the temporary file itself is ignored. When the watcher lost
/// events (an overflowed queue, an error), `book.toml` is named, which reloads all.
/// Access events are dropped: reading is not changing, and the rebuild's own reads
/// would otherwise set off the next rebuild, forever.
pub fn changed_paths(
    events: &[notify::Result<notify::Event>],
    root: &Path,
    content: &Path,
    theme: &Path,
) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for event in events {
        match event {
            Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => {}
            Ok(e) if !e.need_rescan() => out.extend(
                e.paths
                    .iter()
                    .filter(|p| classify(p, root, content, theme).is_some())
                    .cloned(),
            ),
            _ => out.push(root.join("book.toml")),
        }
    }
    out.sort();
    out.dedup();
    out
}
