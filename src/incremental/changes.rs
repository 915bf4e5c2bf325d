//! Sorting changed paths into what they change, so a rebuild can do only that.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A file under the content folder.
    Content,
    /// A template of the site's theme.
    Template,
    /// A static file of the site's theme.
    Static,
    /// `book.toml`: everything may change.
    Config,
}

/// What `path` is to the site at `root`, or `None` for files the site does not read
/// (editor swap files, the build folder, hidden files).
pub fn classify(path: &Path, root: &Path, content: &Path, theme: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
        return None;
    }
    if rel == Path::new("book.toml") {
        Some(ChangeKind::Config)
    } else if rel.starts_with(content) {
        Some(ChangeKind::Content)
    } else if rel.starts_with(theme.join("templates")) {
        Some(ChangeKind::Template)
    } else if rel.starts_with(theme.join("static")) {
        Some(ChangeKind::Static)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_sorted_by_what_they_touch() {
        let root = Path::new("/site");
        let c = |p: &str| {
            classify(
                Path::new(p),
                root,
                Path::new("content"),
                Path::new("themes/default"),
            )
        };
        assert_eq!(c("/site/content/cases/vara.md"), Some(ChangeKind::Content));
        assert_eq!(c("/site/content/municipalities.yaml"), Some(ChangeKind::Content));
        assert_eq!(
            c("/site/themes/default/templates/case.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            c("/site/themes/default/static/style.css"),
            Some(ChangeKind::Static)
        );
        assert_eq!(c("/site/book.toml"), Some(ChangeKind::Config));
        assert_eq!(c("/site/content/cases/.vara.md.swp"), None);
        assert_eq!(c("/site/content/cases/vara.md~"), None);
        assert_eq!(c("/site/public/index.html"), None);
        assert_eq!(c("/elsewhere/book.toml"), None);
    }
}
