//! `rotsystem diff OLD NEW`: what a change does to the built site, for the editor who
//! reads a pull request's summary. Two output folders are compared file by file, byte
//! for byte; HTML pages are named by their address and title, the search index's
//! content-hashed files (`sok/data/`) are only counted, since their names change with
//! every edit and say nothing to a reader, and every other file is named by its path.
//!
//! A build is deterministic, so two builds of the same sources are identical and
//! nothing needs to be ignored but the output marker, which is bookkeeping.
//!
//! Only the two folders are read. Each must be a rotsystem output (its marker at the
//! top, `output::MARKER`); a symbolic link anywhere in either is refused, never
//! followed, and so is anything that is neither a file nor a folder.

mod report;

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::output::say;

pub use report::{render, Format};

/// What differs between two built sites, each list sorted.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Diff {
    /// HTML pages, by address.
    pub pages: Changes<Page>,
    /// The search index's files in `sok/data/`, counted.
    pub search: Counts,
    /// Every other file (data files, PDFs, the sitemap, styles), by path.
    pub files: Changes<String>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Changes<T> {
    pub added: Vec<T>,
    pub changed: Vec<T>,
    pub removed: Vec<T>,
}

impl<T> Default for Changes<T> {
    fn default() -> Self {
        Changes {
            added: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
        }
    }
}

impl<T> Changes<T> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        self.added + self.changed + self.removed == 0
    }
}

/// A page: its address on the site (`/fall/vara/`) and its `<title>` (the new
/// site's, or the old one's for a removed page).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Page {
    pub url: String,
    pub title: String,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.search.is_empty() && self.files.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Changed,
    Removed,
}

/// Compares the built sites in `old` and `new`.
pub fn compare(old: &Path, new: &Path) -> Result<Diff> {
    let (before, after) = (files_of(old)?, files_of(new)?);
    // Every path with what may have happened to it; for one in both sites, the bytes
    // decide below.
    let mut paths: Vec<(&str, Change)> = before
        .keys()
        .map(|rel| {
            let change = if after.contains_key(rel) {
                Change::Changed
            } else {
                Change::Removed
            };
            (rel.as_str(), change)
        })
        .collect();
    paths.extend(
        after
            .keys()
            .filter(|rel| !before.contains_key(*rel))
            .map(|rel| (rel.as_str(), Change::Added)),
    );
    paths.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Comparing bytes is the slow part (a site is tens of thousands of files).
    let found: Vec<Option<(&str, Change)>> = paths
        .par_iter()
        .map(|&(rel, change)| {
            let same_size = before.get(rel) == after.get(rel);
            if change == Change::Changed && same_size && same_bytes(&old.join(rel), &new.join(rel))? {
                return Ok(None);
            }
            Ok(Some((rel, change)))
        })
        .collect::<Result<_>>()?;
    let search = crate::urls::search_data("/");
    let search = search.trim_start_matches('/');
    let (old_site, new_site) = (site_title(old, &before)?, site_title(new, &after)?);
    let mut diff = Diff::default();
    for (rel, change) in found.into_iter().flatten() {
        if rel.starts_with(search) {
            let n = match change {
                Change::Added => &mut diff.search.added,
                Change::Changed => &mut diff.search.changed,
                Change::Removed => &mut diff.search.removed,
            };
            *n += 1;
        } else if rel.ends_with(".html") {
            let (from, site) = match change {
                Change::Removed => (old, &old_site),
                _ => (new, &new_site),
            };
            let page = Page {
                url: url_of(rel),
                title: without_site(title_of(&from.join(rel))?, site),
            };
            push(&mut diff.pages, change, page);
        } else {
            push(&mut diff.files, change, rel.to_string());
        }
    }
    diff.pages.added.sort_by(|a, b| a.url.cmp(&b.url));
    diff.pages.changed.sort_by(|a, b| a.url.cmp(&b.url));
    diff.pages.removed.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(diff)
}

fn push<T>(changes: &mut Changes<T>, change: Change, item: T) {
    match change {
        Change::Added => changes.added.push(item),
        Change::Changed => changes.changed.push(item),
        Change::Removed => changes.removed.push(item),
    }
}

/// The site's own name, as its home page's title gives it: every other page's title
/// ends in it (`Vara – kultur som motor – Rotsystemet`), which a list need not repeat.
fn site_title(dir: &Path, files: &BTreeMap<String, u64>) -> Result<Option<String>> {
    if !files.contains_key("index.html") {
        return Ok(None);
    }
    Ok(Some(title_of(&dir.join("index.html"))?).filter(|t| !t.is_empty()))
}

fn without_site(title: String, site: &Option<String>) -> String {
    let Some(site) = site else { return title };
    match title
        .strip_suffix(site.as_str())
        .and_then(|t| t.strip_suffix(" – "))
    {
        Some(page) if !page.is_empty() => page.to_string(),
        _ => title,
    }
}

/// A page's address: `fall/vara/index.html` is `/fall/vara/`, `404.html` `/404.html`.
fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

/// Every file in the output at `dir` with its size, by `/`-separated relative path;
/// refused unless `dir` is a real folder with rotsystem's marker, holding only
/// folders and regular files.
fn files_of(dir: &Path) -> Result<BTreeMap<String, u64>> {
    let shown = dir.display();
    let dest = shown.to_string();
    let meta = std::fs::symlink_metadata(dir).with_context(|| format!("cannot read {shown}"))?;
    if meta.file_type().is_symlink() {
        bail!(say("diff_refused_symlink", &[("dest", &dest)]));
    }
    if !meta.is_dir() {
        bail!(say("diff_refused_not_folder", &[("dest", &dest)]));
    }
    if crate::output::written_entries(dir).is_none() {
        bail!(say(
            "diff_refused_not_site",
            &[("dest", &dest), ("marker", crate::output::MARKER)]
        ));
    }
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot list {shown}"))?;
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walked under the folder")
            .to_string_lossy()
            .replace('\\', "/");
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if kind.is_symlink() {
            bail!(say(
                "diff_refused_inner_symlink",
                &[("dest", &dest), ("file", &rel)]
            ));
        }
        if !kind.is_file() {
            bail!(say(
                "diff_refused_inner_special",
                &[("dest", &dest), ("file", &rel)]
            ));
        }
        if rel == crate::output::MARKER {
            continue;
        }
        let meta = entry
            .metadata()
            .with_context(|| format!("cannot read {rel} in {shown}"))?;
        files.insert(rel, meta.len());
    }
    Ok(files)
}

/// Opens `path` only if it is still the regular file the walk found there (no link
/// put in its place since).
fn open(path: &Path) -> Result<std::fs::File> {
    let cannot = || format!("cannot read {}", path.display());
    let before = std::fs::symlink_metadata(path).with_context(cannot)?;
    let file = std::fs::File::open(path).with_context(cannot)?;
    if !same_file(&before, &file.metadata().with_context(cannot)?) {
        bail!(say(
            "diff_refused_changed",
            &[("file", &path.display().to_string())]
        ));
    }
    Ok(file)
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.is_file() && b.is_file() && (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    a.is_file() && b.is_file()
}

/// Whether two files hold the same bytes, read in step.
fn same_bytes(a: &Path, b: &Path) -> Result<bool> {
    let (mut a, mut b) = (open(a)?, open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the file goes; fewer bytes only at its end.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The text of a page's `<title>`, entities decoded, from its first 64 KB; empty for a
/// page without one.
fn title_of(path: &Path) -> Result<String> {
    let mut head = Vec::new();
    open(path)?
        .take(1 << 16)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let head = String::from_utf8_lossy(&head);
    let title = head
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map_or("", |(t, _)| t);
    Ok(unescape(title.trim()))
}

/// The five entities the theme's escaping writes (`render::theme::escape_html`),
/// read back in one pass, so `&amp;lt;` stays the text `&lt;`.
fn unescape(s: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_the_folders_a_page_is_served_from() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("fall/vara/index.html"), "/fall/vara/");
        assert_eq!(url_of("404.html"), "/404.html");
        assert_eq!(url_of("fall/notindex.html"), "/fall/notindex.html");
    }

    #[test]
    fn a_title_is_read_back_as_the_reader_sees_it() {
        assert_eq!(
            unescape("Ett &amp; två &lt;tre&gt; &quot;x&quot;"),
            "Ett & två <tre> \"x\""
        );
        assert_eq!(unescape("&amp;lt;"), "&lt;");
    }
}
