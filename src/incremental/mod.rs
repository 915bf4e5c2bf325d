//! Incremental rebuilds for `serve`: after a change, only what it affects is read,
//! parsed, rendered and replaced, and the result is byte-identical to a full build.
//!
//! The engine keeps four things between rebuilds:
//! - every content file that parsed, in the `Site` shape render reads, with its text
//!   hash; a file is read again only when the watcher names it or the walk finds it
//!   new (the walk itself is cheap and catches anything the watcher missed);
//! - each document's rendered body, rendered again when its file changed or when a
//!   content path its links point at appeared, disappeared or moved;
//! - the related-case lists, updated in `related.rs` instead of recomputed;
//! - each page's output with a fingerprint of its inputs (`fingerprint.rs`): a page
//!   is rendered again only when its fingerprint changed.
//!
//! Cross-file validation and the listings (`Index::listings`) run in full on every
//! rebuild: they are linear and cheap. A changed `book.toml` reloads everything; a
//! changed template or theme file re-renders every page. While the sources have
//! errors, the last good output stays as it was.
//!
//! An update has two steps. `update` renders the pages (fast, and all a reload
//! needs); the outputs computed from the whole site (the search index, the search
//! page naming its manifest, the handout PDFs) follow in `derived.rs`, from a
//! snapshot that can be built on another thread (`derived_job`, `DerivedJob::run`)
//! and merged in with `apply`. `derive` runs both halves of that at once. Only after
//! the derived step is applied do the files equal a full build's.

mod changes;
mod derived;
mod pages;
mod related;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, display_path, Diagnostic};
use crate::hash::{self as fingerprint, FxMap};
use crate::load::{self, Kind, Parsed, Vocabulary};
use crate::markdown::LinkMap;
use crate::render::theme::Theme;
use crate::site::{CaseFacts, Index, LoadError, Positions, Site};

/// The built site: output path → bytes. Shared, so a server can hold one version
/// while the next is built.
pub type Files = BTreeMap<String, Arc<[u8]>>;

pub use changes::{classify, ChangeKind};
pub use derived::{DerivedDone, DerivedJob, DerivedStats};

pub struct Incremental {
    root: PathBuf,
    store: Option<Store>,
    /// The last good build's pages and files.
    pages: pages::Pages,
    /// Whether the store holds exactly the site of the last good pages, the one a
    /// derived job may be made from (not after a failed update).
    ready: bool,
    pdfs: derived::PdfCache,
    search: derived::SearchSlot,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Stats {
    pub files_read: usize,
    pub bodies_rendered: usize,
    pub pages_rendered: usize,
    pub pages_kept: usize,
    /// Each stage's name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// When the last stage ended (or the rebuild began).
    lap: Option<Instant>,
}

impl Stats {
    fn begin() -> Stats {
        Stats {
            lap: Some(Instant::now()),
            ..Stats::default()
        }
    }

    /// Records the stage that ends now.
    fn stage(&mut self, name: &'static str) {
        let now = Instant::now();
        let since = self.lap.replace(now).unwrap_or(now);
        self.stages.push((name, now - since));
    }
}

/// Per-document state beside the `Site`.
#[derive(Default)]
struct DocInfo {
    diags: Vec<Diagnostic>,
    stale: bool,
    /// A case's listing facts, and the vocabulary they were computed against.
    facts: Option<(u64, CaseFacts)>,
    /// A case's own problems (`validate_case`), and the vocabulary they were found with.
    checked: Option<(u64, Vec<Diagnostic>)>,
}

struct Store {
    /// Shared with a running derived job; the next update copies it only then
    /// (`Arc::make_mut`).
    site: Arc<Site>,
    theme: Arc<Theme>,
    content_dir: PathBuf,
    info: FxMap<String, DocInfo>,
    /// Files that could not be read or parsed, by content path.
    broken: BTreeMap<String, Diagnostic>,
    walk_diags: Vec<Diagnostic>,
    links: LinkMap,
    /// Link targets that appeared, disappeared or moved since bodies were rendered.
    link_changes: BTreeSet<String>,
    related: Option<related::Previous>,
}

impl Incremental {
    /// An engine for the site at `root`; the first `update` loads everything.
    pub fn new(root: &Path) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            store: None,
            pages: pages::Pages::default(),
            ready: false,
            pdfs: derived::PdfCache::default(),
            search: derived::SearchSlot::default(),
        }
    }

    /// `new` and a first full build, derived outputs included.
    pub fn open(root: &Path) -> Result<Incremental, LoadError> {
        let mut engine = Incremental::new(root);
        engine.update(&[])?;
        engine.derive()?;
        Ok(engine)
    }

    /// A snapshot to build the derived outputs of the last good pages from, or
    /// `None` when the sources changed since and have errors.
    pub fn derived_job(&self) -> Option<DerivedJob> {
        let store = self.store.as_ref().filter(|_| self.ready)?;
        Some(DerivedJob {
            generation: self.pages.generation(),
            site: store.site.clone(),
            theme: store.theme.clone(),
            pdfs: self.pdfs.clone(),
            search: self.search.clone(),
        })
    }

    /// Merges a finished derived job into the output. `Ok(None)`: the job was made
    /// from older pages and is discarded (its PDFs are kept for the next one).
    pub fn apply(&mut self, done: DerivedDone) -> Result<Option<DerivedStats>, LoadError> {
        if done.generation != self.pages.generation() {
            self.pdfs.extend(done.pdfs);
            return Ok(None);
        }
        self.pdfs = done.pdfs;
        let derived = done.result?;
        let store = self.store.as_ref().expect("a job's generation implies a store");
        self.pages
            .apply(&derived, &store.site, &store.theme)
            .map_err(LoadError::Internal)?;
        Ok(Some(done.stats))
    }

    /// The derived step, here and now: after it, the files equal a full build's.
    pub fn derive(&mut self) -> Result<Option<DerivedStats>, LoadError> {
        match self.derived_job() {
            Some(job) => self.apply(job.run()),
            None => Ok(None),
        }
    }

    /// The last good build.
    pub fn files(&self) -> Arc<Files> {
        self.pages.files()
    }

    /// Brings the pages up to date after `changed` paths (absolute, or relative to
    /// the root) changed on disk; the derived outputs follow with `derive` or
    /// `derived_job`. On an error the last good output is kept.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Stats, LoadError> {
        self.ready = false;
        let mut stats = Stats::begin();
        let changed: Vec<PathBuf> = changed.iter().map(|p| self.root.join(p)).collect();
        if let Some(store) = &self.store {
            let config = &store.site.config;
            let kinds: BTreeSet<ChangeKind> = changed
                .iter()
                .filter_map(|p| classify(p, &self.root, &config.book.src, &config.output.html.theme))
                .collect();
            if kinds.contains(&ChangeKind::Config) {
                self.store = None;
            } else if kinds.contains(&ChangeKind::Template) || kinds.contains(&ChangeKind::Static) {
                match Theme::load(&self.root.join(&config.output.html.theme)) {
                    Ok(theme) => {
                        self.store.as_mut().expect("checked").theme = Arc::new(theme);
                        self.pages.forget();
                    }
                    // Start over on the next change: until the theme loads, no
                    // build may succeed with the old one.
                    Err(e) => {
                        self.store = None;
                        return Err(LoadError::Internal(e));
                    }
                }
            }
        }
        let fresh = self.store.is_none();
        let store = match &mut self.store {
            Some(store) => store,
            None => {
                self.pages.forget();
                self.store.insert(Store::empty(&self.root)?)
            }
        };
        // A derived job still holding the site makes this a copy.
        Arc::make_mut(&mut store.site);
        stats.stage("unshare site");
        // 1. Read what changed; drop what is gone. A fresh store reads everything.
        match store.sync(&self.root, if fresh { &[] } else { &changed }) {
            Ok(n) => stats.files_read = n,
            Err(diags) => {
                self.store = None;
                return Err(sorted(diags));
            }
        }
        stats.stage("read and parse");
        // 2. Validate across files, exactly as `load` does.
        store.validate()?;
        stats.stage("validate");
        // 3. Bodies whose file or link targets changed.
        stats.bodies_rendered = store.render_bodies()?;
        stats.stage("markdown");
        // 4. Listings, and related cases updated from the last good build's.
        store.index();
        stats.stage("index");
        // 5. Pages whose inputs changed; the rest are kept.
        self.pages.update(&store.site, &store.theme, &mut stats)?;
        stats.stage("patch output");
        self.ready = true;
        Ok(stats)
    }
}

fn sorted(mut diags: Vec<Diagnostic>) -> LoadError {
    diagnostic::sort(&mut diags);
    LoadError::Content(diags)
}

impl Store {
    fn empty(root: &Path) -> Result<Store, LoadError> {
        let config = Config::load(root).map_err(|d| LoadError::Content(vec![*d]))?;
        let theme = Theme::load(&root.join(&config.output.html.theme)).map_err(LoadError::Internal)?;
        Ok(Store {
            content_dir: root.join(&config.book.src),
            site: Arc::new(Site::new(root, config)),
            theme: Arc::new(theme),
            info: FxMap::default(),
            broken: BTreeMap::new(),
            walk_diags: Vec::new(),
            links: LinkMap::new(),
            link_changes: BTreeSet::new(),
            related: None,
        })
    }

    /// Reads new and changed files and forgets deleted ones. Returns how many files
    /// were read.
    ///
    /// When every changed path is a content file, only those are looked at. With no
    /// paths (the first build), or a path that is not a content file (a folder
    /// renamed, a stray file, a rescan), the whole folder is walked and compared.
    fn sync(&mut self, root: &Path, changed: &[PathBuf]) -> Result<usize, Vec<Diagnostic>> {
        let mut named: Vec<(Kind, String)> = Vec::new();
        let mut walk = changed.is_empty();
        let mut prefixes: Vec<String> = Vec::new();
        let specs = self.site.specs();
        for p in changed {
            if let Ok(inner) = p.strip_prefix(&self.content_dir) {
                let inner = display_path(Path::new(""), inner);
                let hidden = inner.rsplit('/').next().is_some_and(|n| n.starts_with('.'));
                match load::classify(&inner, &specs) {
                    Some(_) if hidden => {}
                    Some(kind) => named.push((kind, inner)),
                    None => {
                        walk = true;
                        prefixes.push(inner);
                    }
                }
            }
        }
        let mut to_read = Vec::new();
        if walk {
            self.walk(root, &named, &prefixes, &mut to_read)?;
        } else {
            for (kind, inner) in named {
                let path = self.content_dir.join(&inner);
                match std::fs::symlink_metadata(&path) {
                    Ok(m) if !m.is_dir() => to_read.push(load::Found { kind, inner, path }),
                    _ => {
                        if self.remove(&inner).is_some() {
                            self.link_changes.insert(inner);
                        }
                    }
                }
            }
        }
        let n = to_read.len();
        let parsed: Vec<(String, Result<Parsed, Diagnostic>)> = to_read
            .into_par_iter()
            .map(|f| {
                (
                    f.inner.clone(),
                    load::read_and_parse(root, f.kind, f.inner, &f.path),
                )
            })
            .collect();
        for (inner, result) in parsed {
            let old_url = self.links.get(&inner).cloned();
            let new_url = match result {
                Ok(parsed) => {
                    self.broken.remove(&inner);
                    self.insert(parsed)
                }
                Err(d) => {
                    self.remove(&inner);
                    self.broken.insert(inner.clone(), d);
                    None
                }
            };
            if old_url != new_url {
                self.link_changes.insert(inner);
            }
        }
        Ok(n)
    }

    /// Compares the whole content folder with what is known: new files and files
    /// under a changed folder are to be read, missing ones are forgotten.
    fn walk(
        &mut self,
        root: &Path,
        named: &[(Kind, String)],
        prefixes: &[String],
        to_read: &mut Vec<load::Found>,
    ) -> Result<(), Vec<Diagnostic>> {
        let (found, walk_diags) = load::walk(root, &self.content_dir, &self.site.specs())?;
        self.walk_diags = walk_diags;
        let suspect = |inner: &str| {
            named.iter().any(|(_, n)| n == inner)
                || prefixes.iter().any(|p| {
                    p.is_empty() || inner.strip_prefix(p.as_str()).is_some_and(|r| r.starts_with('/'))
                })
        };
        let mut known: BTreeSet<String> = self.info.keys().cloned().collect();
        known.extend(self.broken.keys().cloned());
        if self.site.municipalities_file.is_some() {
            known.insert("municipalities.yaml".into());
        }
        for f in found {
            if !known.remove(&f.inner) || suspect(&f.inner) {
                to_read.push(f);
            }
        }
        for gone in known {
            if self.remove(&gone).is_some() {
                self.link_changes.insert(gone);
            }
        }
        Ok(())
    }

    /// Forgets a file; returns the address links to it resolved to.
    fn remove(&mut self, inner: &str) -> Option<String> {
        self.broken.remove(inner);
        let known = self.info.remove(inner).is_some() || inner == "municipalities.yaml";
        if known {
            Arc::make_mut(&mut self.site).remove(inner);
        }
        self.links.remove(inner)
    }

    /// Adds a parsed file, or replaces its previous version; returns the address
    /// links to it resolve to.
    fn insert(&mut self, parsed: Parsed) -> Option<String> {
        let path = parsed.content_path().to_string();
        let url = Arc::make_mut(&mut self.site).add(parsed)?;
        self.links.insert(path.clone(), url.clone());
        self.info.insert(
            path,
            DocInfo {
                stale: true,
                ..DocInfo::default()
            },
        );
        Some(url)
    }

    /// The same checks as `load`, in the same order; a case's own checks are kept
    /// until the case or the vocabulary changes.
    fn validate(&mut self) -> Result<(), LoadError> {
        let mut diags = self.walk_diags.clone();
        diags.extend(self.broken.values().cloned());
        let docs = self.site.docs();
        load::validate_files(&docs, &mut diags);
        let vocabulary = Vocabulary::new(&docs);
        let ids = fingerprint::hash(&vocabulary.ids());
        let info = &self.info;
        let fresh: Vec<(&str, Vec<Diagnostic>)> = docs
            .cases
            .par_iter()
            .filter(|c| {
                info[c.content_path.as_str()]
                    .checked
                    .as_ref()
                    .is_none_or(|(v, _)| *v != ids)
            })
            .map(|c| {
                let mut found = Vec::new();
                load::validate_case(c, &vocabulary, &mut found);
                (c.content_path.as_str(), found)
            })
            .collect();
        let fresh: Vec<(String, Vec<Diagnostic>)> =
            fresh.into_iter().map(|(p, d)| (p.to_string(), d)).collect();
        // Few and small, and they name cases: checked whole every time.
        load::validate_collections(&docs, &vocabulary, &mut diags);
        drop(docs);
        for (path, found) in fresh {
            self.info.get_mut(&path).expect("every case has its info").checked = Some((ids, found));
        }
        for case in &self.site.cases {
            let checked = &self.info[case.doc.content_path.as_str()].checked;
            diags.extend(checked.iter().flat_map(|(_, d)| d.iter().cloned()));
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(sorted(diags))
        }
    }

    /// Renders the bodies that are stale; returns how many, or every Markdown problem
    /// in the site.
    fn render_bodies(&mut self) -> Result<usize, LoadError> {
        let changes = std::mem::take(&mut self.link_changes);
        let info = &mut self.info;
        if !changes.is_empty() {
            for path in self.site.linking_to(&changes) {
                info.get_mut(&path).expect("every document has its info").stale = true;
            }
        }
        for i in info.values_mut().filter(|i| !i.diags.is_empty()) {
            i.stale = true;
        }
        let stale: HashSet<String> = info
            .iter()
            .filter(|(_, i)| i.stale)
            .map(|(p, _)| p.clone())
            .collect();
        let n = Arc::make_mut(&mut self.site).render_bodies(
            &|path| stale.contains(path),
            &self.links,
            &mut |path, _, diags| {
                let i = info.get_mut(path).expect("every document has its info");
                i.diags = diags;
                i.stale = false;
            },
        );
        let diags: Vec<Diagnostic> = info.values().flat_map(|i| i.diags.iter().cloned()).collect();
        if diags.is_empty() {
            Ok(n)
        } else {
            Err(sorted(diags))
        }
    }

    fn index(&mut self) {
        let s = Arc::make_mut(&mut self.site);
        // A case's facts hold positions in the vocabulary; they last while it does.
        let vocabulary = related::vocabulary(s);
        let positions = Positions::new(s);
        let fresh: Vec<(&str, CaseFacts)> = s
            .cases
            .par_iter()
            .filter(|c| {
                let info = &self.info[c.doc.content_path.as_str()];
                info.facts.as_ref().is_none_or(|(v, _)| *v != vocabulary)
            })
            .map(|c| (c.doc.content_path.as_str(), positions.facts(&c.doc.meta)))
            .collect();
        for (path, facts) in fresh {
            self.info.get_mut(path).expect("every case has its info").facts = Some((vocabulary, facts));
        }
        let info = &self.info;
        let facts: Vec<&CaseFacts> = s
            .cases
            .iter()
            .map(|c| {
                &info[c.doc.content_path.as_str()]
                    .facts
                    .as_ref()
                    .expect("just computed")
                    .1
            })
            .collect();
        s.index = Index::listings(s, &facts);
        self.related = Some(related::update(s, &facts, vocabulary, self.related.take()));
    }
}
