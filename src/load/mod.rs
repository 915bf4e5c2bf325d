//! Loading `content/`: walk → read → split → parse → validate.
//!
//! Each file is read and parsed on its own (`read_and_parse`); `Site::load` adds the
//! results to a `Site` and validates them together (`validate`), as the live preview
//! does for the files that changed. Nothing here renders or writes; `check` and
//! `build` share it, so they can never disagree about what is valid.

mod collection;
pub mod frontmatter;
mod guard;
pub mod locate;
pub mod placeholders;
pub mod schema;
mod statements;
mod text;
mod validate;
mod yaml_limits;

pub use crate::slug::{is_slug, slugify, RESERVED_SLUGS};
pub use collection::validate_all as validate_collections;
pub use text::parse_text;
pub use validate::{validate_case, validate_files, Vocabulary};

use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostic::{display_path, Diagnostic, Span};
use crate::vocabulary::Spec;
use frontmatter::SourceFile;
use schema::{CaseMeta, CollectionMeta, Municipality, MunicipalityEntry, PageMeta, TermMeta};

/// One Markdown document with its parsed front matter.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub file: SourceFile,
    /// Path inside the content folder, e.g. `cases/vara.md`; links resolve against it.
    pub content_path: String,
    pub slug: String,
    pub meta: M,
    pub yaml_range: std::ops::Range<usize>,
    pub body_offset: usize,
}

impl<M> Doc<M> {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// The YAML part of the file and its first line, for locating values.
    pub fn yaml(&self) -> (&str, usize) {
        (&self.file.text[self.yaml_range.clone()], 2)
    }

    /// Where the value at `path` in the front matter is, for a diagnostic.
    pub fn locate(&self, path: &[locate::Seg]) -> Span {
        let (yaml, line) = self.yaml();
        locate::locate(yaml, line, path)
    }
}

/// The loaded documents by reference, in file order: what cross-file validation reads,
/// wherever they are held (the `Site`, or the live preview's copy of it).
pub struct Docs<'a> {
    pub cases: Vec<&'a Doc<CaseMeta>>,
    /// The terms of each vocabulary, by its position in `specs`.
    pub vocabularies: Vec<Vec<&'a Doc<TermMeta>>>,
    pub specs: Vec<&'a Spec>,
    pub pages: Vec<&'a Doc<PageMeta>>,
    /// The workshop collections, in file order.
    pub collections: Vec<&'a Doc<CollectionMeta>>,
    /// All 290, in `crate::places` order, with what the municipalities file says.
    pub municipalities: &'a [Municipality],
    /// The municipalities file's entries, as written.
    pub municipality_entries: &'a [MunicipalityEntry],
    pub municipalities_file: Option<&'a SourceFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Case,
    /// A term of the vocabulary at this position.
    Term(usize),
    Page,
    Collection,
    Municipalities,
}

/// Where content files belong, for the help text of a stray file.
pub fn layout_help(d: Diagnostic, specs: &[Spec]) -> Diagnostic {
    let folders: Vec<String> = specs.iter().map(|s| format!("{}/", s.folder)).collect();
    d.help_t("diag_layout_help", &[("folders", &folders.join(", "))])
}

/// A file found in the content folder, and what it is.
pub struct Found {
    pub kind: Kind,
    /// Path inside the content folder, `/`-separated: `cases/vara.md`.
    pub inner: String,
    pub path: std::path::PathBuf,
}

/// Every content file under `content_dir`, sorted by path, and a diagnostic for each
/// file that has no place there. `Err` only when the folder itself is missing.
///
/// Symbolic links are never followed (walkdir's default) and are refused, like pipes,
/// sockets and devices: content is the regular files inside the site, so a link to
/// `/proc/self/environ` or to a case outside the site is reported, never read.
pub fn walk(
    root: &Path,
    content_dir: &Path,
    specs: &[Spec],
) -> Result<(Vec<Found>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let shown = display_path(root, content_dir);
    if std::fs::symlink_metadata(content_dir).is_ok_and(|m| m.file_type().is_symlink()) {
        let d =
            Diagnostic::error_t(&shown, "diag_content_symlink", &[]).help_t("diag_content_symlink_help", &[]);
        return Err(vec![d]);
    }
    if !content_dir.is_dir() {
        let d =
            Diagnostic::error_t(&shown, "diag_content_missing", &[]).help_t("diag_content_missing_help", &[]);
        return Err(vec![d]);
    }
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for entry in WalkDir::new(content_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error_t(
                    &shown,
                    "diag_cannot_read",
                    &[("error", &e.to_string())],
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || entry.file_type().is_dir() {
            continue;
        }
        let rel = display_path(root, entry.path());
        if let Some(d) = guard::file_name_problem(&rel, entry.file_name()) {
            diags.push(d);
            continue;
        }
        if let Some(d) = guard::file_type_problem(&rel, entry.file_type()) {
            diags.push(d);
            continue;
        }
        let inner = display_path(content_dir, entry.path());
        match classify(&inner, specs) {
            Some(kind) => files.push(Found {
                kind,
                inner,
                path: entry.into_path(),
            }),
            None => diags.push(layout_help(
                Diagnostic::error_t(&rel, "diag_unexpected_file", &[]),
                specs,
            )),
        }
    }
    Ok((files, diags))
}

/// Every content file under `content_dir`, read and parsed in parallel, in path order;
/// and the problems of the files that could not be.
pub fn read_dir(
    root: &Path,
    content_dir: &Path,
    specs: &[Spec],
) -> Result<(Vec<Parsed>, Vec<Diagnostic>), Vec<Diagnostic>> {
    use rayon::prelude::*;
    let (files, mut diags) = walk(root, content_dir, specs)?;
    let results: Vec<Result<Parsed, Diagnostic>> = files
        .into_par_iter()
        .map(|f| read_and_parse(root, f.kind, f.inner, &f.path))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => parsed.push(p),
            Err(d) => diags.push(d),
        }
    }
    Ok((parsed, diags))
}

/// Reads one content file and parses its front matter: the per-file part of `load`,
/// which `serve` repeats for the files that changed.
pub fn read_and_parse(root: &Path, kind: Kind, inner: String, path: &Path) -> Result<Parsed, Diagnostic> {
    let file = read(root, path)?;
    parse(kind, inner, file).map_err(|d| *d)
}

/// Checks across files (ids resolve, slugs unique).
pub fn validate(docs: &Docs, diags: &mut Vec<Diagnostic>) {
    validate::validate(docs, diags);
    collection::validate_all(docs, &Vocabulary::new(docs), diags);
}

/// What a path inside the content folder holds, or `None` if it has no place there.
pub fn classify(inner: &str, specs: &[Spec]) -> Option<Kind> {
    if inner == "municipalities.yaml" {
        return Some(Kind::Municipalities);
    }
    let (dir, file) = inner.split_once('/')?;
    if file.contains('/') || !file.ends_with(".md") {
        return None;
    }
    match dir {
        "cases" => Some(Kind::Case),
        "pages" => Some(Kind::Page),
        COLLECTIONS_FOLDER => Some(Kind::Collection),
        _ => specs.iter().position(|s| s.folder == dir).map(Kind::Term),
    }
}

/// The folder of the workshop collections, `content/samlingar/`.
pub const COLLECTIONS_FOLDER: &str = "samlingar";

/// Reads a content file: only a regular file (checked before it is opened, so a pipe
/// never blocks and a link is never followed), only UTF-8, and no control characters.
/// The live preview calls this for a file it was told changed, without a walk.
fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = display_path(root, path);
    let cannot =
        |e: std::io::Error| Diagnostic::error_t(&rel, "diag_cannot_read", &[("error", &e.to_string())]);
    let before = std::fs::symlink_metadata(path).map_err(cannot)?;
    if let Some(d) = guard::file_type_problem(&rel, before.file_type()) {
        return Err(d);
    }
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    // Swapped for a link between the check and the open: refused, and not read.
    if !guard::same_file(&before, &file.metadata().map_err(cannot)?) {
        return Err(
            Diagnostic::error_t(&rel, "diag_file_replaced", &[]).help_t("diag_file_replaced_help", &[])
        );
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot)?;
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
            guard::check_text(&rel, &text)?;
            Ok(SourceFile { rel, text })
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let line_text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let span = Span::from_bytes(&prefix, valid, valid, 1);
            let byte = format!("{:02X}", e.as_bytes()[valid]);
            Err(Diagnostic::error_t(&rel, "diag_not_utf8", &[])
                .at(&line_text, span)
                .label_t("diag_not_utf8_label", &[("byte", &byte)])
                .help_t("diag_not_utf8_help", &[]))
        }
    }
}

#[derive(Clone)]
pub enum Parsed {
    Case(Doc<CaseMeta>),
    Term(usize, Doc<TermMeta>),
    Page(Doc<PageMeta>),
    Collection(Doc<CollectionMeta>),
    Municipalities(Vec<MunicipalityEntry>, SourceFile),
}

impl Parsed {
    /// The file's path inside the content folder.
    pub fn content_path(&self) -> &str {
        match self {
            Parsed::Case(d) => &d.content_path,
            Parsed::Term(_, d) => &d.content_path,
            Parsed::Page(d) => &d.content_path,
            Parsed::Collection(d) => &d.content_path,
            Parsed::Municipalities(..) => "municipalities.yaml",
        }
    }
}

fn parse(kind: Kind, inner: String, file: SourceFile) -> Result<Parsed, Box<Diagnostic>> {
    if let Kind::Municipalities = kind {
        let list = file.parse_yaml(&file.text, 1)?;
        return Ok(Parsed::Municipalities(list, file));
    }
    let parts = file.split()?;
    let yaml_range = parts.yaml_offset..parts.yaml_offset + parts.yaml.len();
    let (yaml_line, body_offset) = (parts.yaml_line, parts.body_offset);
    let slug = inner
        .rsplit('/')
        .next()
        .unwrap_or(&inner)
        .trim_end_matches(".md")
        .to_string();
    macro_rules! doc {
        ($variant:ident) => {{
            let meta = file.parse_yaml(&file.text[yaml_range.clone()], yaml_line)?;
            Parsed::$variant(Doc {
                file,
                content_path: inner,
                slug,
                meta,
                yaml_range,
                body_offset,
            })
        }};
    }
    Ok(match kind {
        Kind::Case => {
            let mut parsed = doc!(Case);
            if let Parsed::Case(doc) = &mut parsed {
                if let Some(slug) = &doc.meta.slug {
                    doc.slug = slug.clone();
                }
            }
            parsed
        }
        Kind::Term(v) => {
            let meta = file.parse_yaml(&file.text[yaml_range.clone()], yaml_line)?;
            Parsed::Term(
                v,
                Doc {
                    file,
                    content_path: inner,
                    slug,
                    meta,
                    yaml_range,
                    body_offset,
                },
            )
        }
        Kind::Page => doc!(Page),
        Kind::Collection => doc!(Collection),
        Kind::Municipalities => unreachable!("handled above"),
    })
}
