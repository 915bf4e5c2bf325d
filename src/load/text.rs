//! One content file parsed from a string rather than from disk: what `read_and_parse`
//! does after reading. The fuzz targets in `fuzz/` reach the front-matter split and
//! the strict schemas through it, with no file system in between.

use super::frontmatter::SourceFile;
use super::{parse, Kind, Parsed};
use crate::diagnostic::Diagnostic;

/// Parses `text` as the content file at `inner` (`cases/vara.md`), a leading byte-order
/// mark dropped as on disk. `rel` is the path diagnostics name.
pub fn parse_text(kind: Kind, inner: &str, rel: &str, text: &str) -> Result<Parsed, Diagnostic> {
    let file = SourceFile {
        rel: rel.to_string(),
        text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
    };
    parse(kind, inner.to_string(), file).map_err(|d| *d)
}
