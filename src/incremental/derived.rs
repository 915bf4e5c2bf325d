//! Outputs computed from the whole site at once: the search index (its files under
//! `sok/data/` and the search page that names their manifest) and the handout PDFs.
//!
//! They are built after the pages, from a snapshot (`DerivedJob`: the `Arc<Site>` of
//! one generation of pages), so that `serve` can build them on another thread while
//! the reloaded page is already served. The job takes what it needs from the site
//! first (the search documents, the PDFs) and then lets go of it, so a save during
//! the long part (the search index) does not have to copy the site. A result belongs
//! to the generation it was started from; `Incremental::apply` discards it when the
//! pages moved on since, because a newer job follows, and otherwise renders the
//! search page for the new manifest.
//!
//! The search index is kept from job to job (`search::LiveIndex`) and follows the
//! changed cases only. A PDF is built again only when the fingerprint of what
//! `handout::pdf::build` reads for it changed (`pdf_fingerprint`).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Files;
use crate::handout::{self, Kind, LADDER};
use crate::hash::{self as fingerprint, FxMap};
use crate::i18n::Strings;
use crate::render::theme::Theme;
use crate::site::{LoadError, Site};
use crate::urls;

/// Built PDFs by the fingerprint of their inputs: (output path, bytes).
pub type PdfCache = FxMap<u64, (String, Arc<[u8]>)>;

/// Everything the derived step reads, owned, so it can run on any thread.
pub struct DerivedJob {
    pub(super) generation: u64,
    pub(super) site: Arc<Site>,
    /// For the search facets' labels and the handouts' words.
    pub(super) theme: Arc<Theme>,
    pub(super) pdfs: PdfCache,
    pub(super) search: SearchSlot,
}

/// The search index of the last job that ran, which the next one updates. Shared
/// rather than handed from job to job, since a job can be made and dropped unrun;
/// a job that fails leaves it empty, and the next one indexes everything.
pub type SearchSlot = Arc<Mutex<Option<crate::search::LiveIndex>>>;

/// A finished job, for `Incremental::apply`.
pub struct DerivedDone {
    pub(super) generation: u64,
    /// The PDFs this job used (on failure, the cache it started with).
    pub(super) pdfs: PdfCache,
    pub(super) result: Result<Derived, LoadError>,
    pub stats: DerivedStats,
}

/// What one derived step did.
#[derive(Debug, Default)]
pub struct DerivedStats {
    pub pdfs_rendered: usize,
    pub pdfs_kept: usize,
    /// Each part's name and duration: the PDFs and the search index's documents
    /// (they run side by side), the search index, its files, and the whole job.
    pub stages: Vec<(&'static str, Duration)>,
    /// How the search index followed the site: `None` for the first index.
    pub search: Option<crate::search::Update>,
}

pub struct Derived {
    pub(super) manifest_url: String,
    /// Search files and PDFs, by output path.
    files: Vec<(String, Arc<[u8]>)>,
}

impl DerivedJob {
    pub fn run(self) -> DerivedDone {
        let start = Instant::now();
        // What needs the site comes first, so the snapshot is let go of within
        // milliseconds: while a job holds it, the next save has to copy the site.
        let ((sources, sources_time), (pdfs, pdf_time)) = rayon::join(
            || {
                timed(|| {
                    let strings = self.theme.strings(&self.site.config.book.language);
                    let slot = self.search.lock().unwrap_or_else(PoisonError::into_inner);
                    let previous = slot.as_ref().map_or(&[][..], |index| index.docs());
                    crate::search::Sources::after(&self.site, strings, previous)
                })
            },
            || {
                timed(|| {
                    pdfs(
                        &self.site,
                        self.theme.strings(&self.site.config.book.language),
                        &self.pdfs,
                    )
                })
            },
        );
        let base = self.site.base();
        drop(self.site);
        let mut stats = DerivedStats {
            stages: vec![("handout pdfs", pdf_time), ("search sources", sources_time)],
            ..DerivedStats::default()
        };
        let search = search_files(&self.search, sources, &base, &mut stats);
        let (result, cache) = match (search, pdfs) {
            (Ok((manifest_url, mut files)), Ok((pdf_files, cache, rendered))) => {
                stats.pdfs_rendered = rendered;
                stats.pdfs_kept = pdf_files.len() - rendered;
                files.extend(pdf_files);
                (Ok(Derived { manifest_url, files }), cache)
            }
            (Err(e), _) => (Err(LoadError::Internal(e)), self.pdfs),
            (_, Err(e)) => (Err(e), self.pdfs),
        };
        stats.stages.push(("derived total", start.elapsed()));
        DerivedDone {
            generation: self.generation,
            pdfs: cache,
            result,
            stats,
        }
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Output files: (path, bytes).
type OutFiles = Vec<(String, Arc<[u8]>)>;

/// The search files by output path, and the manifest's URL, from the index in
/// `slot` brought up to `sources`.
fn search_files(
    slot: &SearchSlot,
    sources: crate::search::Sources,
    base: &str,
    stats: &mut DerivedStats,
) -> anyhow::Result<(String, OutFiles)> {
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    let (index, time) = timed(|| match slot.take() {
        Some(mut index) => index.update(sources).map(|how| (index, Some(how))),
        None => crate::search::LiveIndex::new(sources).map(|index| (index, None)),
    });
    stats.stages.push(("search index", time));
    let (mut index, how) = index?;
    stats.search = how;
    let (export, time) = timed(|| index.export());
    stats.stages.push(("search files", time));
    let export = export?;
    *slot = Some(index);
    let (manifest, files) = crate::search::site_files(export, base);
    let files = files.into_iter().map(|(p, b)| (p, Arc::from(b))).collect();
    Ok((manifest, files))
}

/// Every handout PDF, from the cache where its inputs are unchanged. Returns the
/// files in `kinds` order, the cache of exactly these PDFs, and how many were built.
type PdfOutputs = (Vec<(String, Arc<[u8]>)>, PdfCache, usize);

fn pdfs(site: &Site, t: &Strings, cache: &PdfCache) -> Result<PdfOutputs, LoadError> {
    let kinds = handout::pdf::kinds(site);
    let fps: Vec<u64> = kinds.par_iter().map(|&k| pdf_fingerprint(site, t, k)).collect();
    let missing: Vec<Kind> = kinds
        .iter()
        .zip(&fps)
        .filter(|(_, fp)| !cache.contains_key(*fp))
        .map(|(k, _)| *k)
        .collect();
    let mut built = handout::pdf::build(site, t, &missing)?.into_iter();
    let mut files = Vec::with_capacity(kinds.len());
    let mut used = PdfCache::default();
    for fp in fps {
        let file = match cache.get(&fp) {
            Some(file) => file.clone(),
            None => {
                let (path, bytes) = built.next().expect("one PDF per missing kind");
                (path, Arc::from(bytes))
            }
        };
        used.insert(fp, file.clone());
        files.push(file);
    }
    // The whole pack is made of the handouts above: built again when any of them was.
    let pack_kinds = handout::pdf::pack_kinds(site);
    let pack_fp = crate::hash::of_json(&(
        crate::i18n::get(t, "handout_pack_title"),
        pack_kinds
            .iter()
            .map(|&k| pdf_fingerprint(site, t, k))
            .collect::<Vec<u64>>(),
    ));
    let mut rendered = missing.len();
    let pack = match cache.get(&pack_fp) {
        Some(file) => file.clone(),
        None => {
            rendered += 1;
            let (path, bytes) = handout::pdf::pack(site, t, &pack_kinds, handout::pdf::WHOLE_PACK)?;
            (path, Arc::from(bytes))
        }
    };
    used.insert(pack_fp, pack.clone());
    files.push(pack);
    // Each collection's booklet, when what typst is given for it changed: its whole
    // source (content, interface words, authors), its date and its output path.
    for i in 0..site.collections.len() {
        let booklet = handout::booklet::booklet(site, i, t);
        let fp = fingerprint::hash(&(
            "booklet",
            urls::collection_pdf(&site.base(), &site.collections[i].doc.slug),
            site.config.library_date(),
            handout::booklet::source(&booklet, t, &site.config.book.authors),
        ));
        let file = match cache.get(&fp) {
            Some(file) => file.clone(),
            None => {
                rendered += 1;
                let (path, bytes) = handout::booklet::pdf(site, i, t)?;
                (path, Arc::from(bytes))
            }
        };
        used.insert(fp, file.clone());
        files.push(file);
    }
    Ok((files, used, rendered))
}

/// Covers what `handout::pdf::build` reads for one handout: the handout at every
/// rung of `LADDER` (the one that fits is chosen by laying them out; its words in
/// the site's language are part of it), the authors and the date typst is given,
/// and the base its output path is made from.
fn pdf_fingerprint(site: &Site, t: &Strings, kind: Kind) -> u64 {
    let handouts: Vec<String> = LADDER
        .iter()
        .map(|limits| format!("{:?}", handout::one(site, kind, limits, t)))
        .collect();
    fingerprint::hash(&(
        site.base(),
        &site.config.book.authors,
        site.config.library_date(),
        handouts,
    ))
}

/// Puts a result's files into the output: only files whose bytes differ are
/// replaced, and search files and PDFs it no longer has are removed.
pub(super) fn merge(derived: &Derived, files: &mut Files) {
    let wanted: HashSet<&str> = derived.files.iter().map(|(p, _)| p.as_str()).collect();
    files.retain(|p, _| {
        !((p.starts_with("sok/data/") || p.ends_with(".pdf")) && !wanted.contains(p.as_str()))
    });
    for (path, bytes) in &derived.files {
        if files.get(path).map(|b| &b[..]) != Some(&bytes[..]) {
            files.insert(path.clone(), bytes.clone());
        }
    }
}
