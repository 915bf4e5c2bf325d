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

mod fingerprint;
mod related;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, display_path, Diagnostic};
use crate::load::{self, frontmatter::SourceFile, Doc, Docs, Kind, Parsed};
use crate::markdown::{self, Input, LinkMap, Rendered};
use crate::render::{self, theme::Theme, Ctx, Job};
use crate::serve::{classify, ChangeKind};
use crate::site::{Entry, Index, LoadError, Site};
use crate::urls;

/// The built site: output path → bytes. Shared, so a server can hold one version
/// while the next is built.
pub type Files = BTreeMap<String, Arc<[u8]>>;

pub struct Incremental {
    root: PathBuf,
    store: Option<Store>,
    /// The last good build's pages, by job identity.
    pages: HashMap<Key, Page>,
    files: Arc<Files>,
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
}

struct Page {
    fingerprint: Option<u64>,
    path: String,
    bytes: Arc<[u8]>,
}

/// A job's identity across rebuilds: indexes shift when cases come and go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Fixed(Job),
    Case(String),
    Factor(String),
    Step(String),
    Municipality(String),
    Page(String),
}

/// Per-document state beside the `Site`.
#[derive(Default)]
struct DocInfo {
    text: u64,
    /// The text and the rendered body together: what a page shows of its own document.
    fp: u64,
    diags: Vec<Diagnostic>,
    stale: bool,
}

struct Store {
    site: Site,
    theme: Theme,
    content_dir: PathBuf,
    municipalities_file: Option<SourceFile>,
    info: HashMap<String, DocInfo>,
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
            pages: HashMap::new(),
            files: Arc::default(),
        }
    }

    /// `new` and a first full build.
    pub fn open(root: &Path) -> Result<Incremental, LoadError> {
        let mut engine = Incremental::new(root);
        engine.update(&[])?;
        Ok(engine)
    }

    /// The last good build.
    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    /// Brings the output up to date after `changed` paths (absolute, or relative to
    /// the root) changed on disk. On an error the last good output is kept.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Stats, LoadError> {
        let mut stats = Stats::default();
        let mut lap = Instant::now();
        let mut stage = |stats: &mut Stats, name| {
            stats.stages.push((name, lap.elapsed()));
            lap = Instant::now();
        };
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
                let theme =
                    Theme::load(&self.root.join(&config.output.html.theme)).map_err(LoadError::Internal)?;
                self.store.as_mut().expect("checked").theme = theme;
                self.pages.clear();
            }
        }
        let store = match &mut self.store {
            Some(store) => store,
            None => {
                self.pages.clear();
                self.store.insert(Store::empty(&self.root)?)
            }
        };
        // 1. Read what changed; drop what is gone.
        match store.sync(&self.root, &changed) {
            Ok(n) => stats.files_read = n,
            Err(diags) => {
                self.store = None;
                return Err(sorted(diags));
            }
        }
        stage(&mut stats, "read and parse");
        // 2. Validate across files, exactly as `load` does.
        store.validate()?;
        stage(&mut stats, "validate");
        // 3. Bodies whose file or link targets changed.
        stats.bodies_rendered = store.render_bodies()?;
        stage(&mut stats, "markdown");
        // 4. Listings, and related cases updated from the last good build's.
        store.index();
        stage(&mut stats, "index");
        // 5. Pages whose inputs changed; the rest are kept.
        let (pages, files) = render_pages(store, &mut self.pages, &mut stats)?;
        self.pages = pages;
        self.files = Arc::new(files);
        stage(&mut stats, "render");
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
            site: Site {
                config,
                root: root.to_path_buf(),
                cases: Vec::new(),
                factors: Vec::new(),
                steps: Vec::new(),
                pages: Vec::new(),
                municipalities: Vec::new(),
                index: Index::default(),
            },
            theme,
            municipalities_file: None,
            info: HashMap::new(),
            broken: BTreeMap::new(),
            walk_diags: Vec::new(),
            links: LinkMap::new(),
            link_changes: BTreeSet::new(),
            related: None,
        })
    }

    /// Walks the content folder, reads new and changed files, forgets deleted ones.
    /// Returns how many files were read.
    fn sync(&mut self, root: &Path, changed: &[PathBuf]) -> Result<usize, Vec<Diagnostic>> {
        let (found, walk_diags) = load::walk(root, &self.content_dir)?;
        self.walk_diags = walk_diags;
        // A changed path that is not itself a content file (a folder renamed or
        // replaced, a rescan) makes every known file under it suspect.
        let mut named: HashSet<String> = HashSet::new();
        let mut prefixes: Vec<String> = Vec::new();
        for p in changed {
            if let Ok(inner) = p.strip_prefix(&self.content_dir) {
                let inner = display_path(Path::new(""), inner);
                if load::classify(&inner).is_some() {
                    named.insert(inner);
                } else {
                    prefixes.push(inner);
                }
            }
        }
        let suspect = |inner: &str| {
            named.contains(inner)
                || prefixes.iter().any(|p| {
                    p.is_empty() || inner.strip_prefix(p.as_str()).is_some_and(|r| r.starts_with('/'))
                })
        };
        let mut known: BTreeSet<String> = self.info.keys().cloned().collect();
        known.extend(self.broken.keys().cloned());
        if self.municipalities_file.is_some() {
            known.insert("municipalities.yaml".into());
        }
        let mut to_read = Vec::new();
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
            let old_url = self.remove(&inner);
            let new_url = match result {
                Ok(parsed) => self.insert(parsed),
                Err(d) => {
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

    /// Forgets a file; returns the address links to it resolved to.
    fn remove(&mut self, inner: &str) -> Option<String> {
        self.broken.remove(inner);
        if inner == "municipalities.yaml" {
            self.site.municipalities.clear();
            self.municipalities_file = None;
            return None;
        }
        self.info.remove(inner)?;
        let s = &mut self.site;
        match load::classify(inner) {
            Some(Kind::Case) => {
                if let Ok(i) = s
                    .cases
                    .binary_search_by(|e| e.doc.content_path.as_str().cmp(inner))
                {
                    s.cases.remove(i);
                }
            }
            Some(Kind::Factor) => s.factors.retain(|e| e.doc.content_path != inner),
            Some(Kind::Step) => s.steps.retain(|e| e.doc.content_path != inner),
            Some(Kind::Page) => s.pages.retain(|e| e.doc.content_path != inner),
            Some(Kind::Municipalities) | None => {}
        }
        self.links.remove(inner)
    }

    /// Adds a parsed file; returns the address links to it resolve to.
    fn insert(&mut self, parsed: Parsed) -> Option<String> {
        let base = self.site.base();
        let s = &mut self.site;
        let (path, url, text) = match parsed {
            Parsed::Municipalities(list, file) => {
                s.municipalities = list;
                self.municipalities_file = Some(file);
                return None;
            }
            Parsed::Case(doc) => {
                let url = urls::case(&base, &doc.slug);
                let key = doc.content_path.clone();
                let at = s
                    .cases
                    .binary_search_by(|e| e.doc.content_path.cmp(&key))
                    .unwrap_or_else(|i| i);
                let text = fingerprint::hash(&doc.file.text);
                s.cases.insert(at, entry(doc, url.clone()));
                (key, url, text)
            }
            Parsed::Factor(doc) => {
                let url = urls::factor(&base, &doc.slug);
                push_term(&mut s.factors, doc, url)
            }
            Parsed::Step(doc) => {
                let url = urls::step(&base, &doc.slug);
                push_term(&mut s.steps, doc, url)
            }
            Parsed::Page(doc) => {
                let url = urls::page(&base, &doc.slug);
                let key = doc.content_path.clone();
                let text = fingerprint::hash(&doc.file.text);
                let at = s
                    .pages
                    .binary_search_by(|e| e.doc.content_path.cmp(&key))
                    .unwrap_or_else(|i| i);
                s.pages.insert(at, entry(doc, url.clone()));
                (key, url, text)
            }
        };
        self.links.insert(path.clone(), url.clone());
        self.info.insert(
            path,
            DocInfo {
                text,
                stale: true,
                ..DocInfo::default()
            },
        );
        Some(url)
    }

    fn validate(&self) -> Result<(), LoadError> {
        let mut diags = self.walk_diags.clone();
        diags.extend(self.broken.values().cloned());
        let docs = Docs {
            cases: self.site.cases.iter().map(|e| &e.doc).collect(),
            factors: by_path(&self.site.factors),
            steps: by_path(&self.site.steps),
            pages: self.site.pages.iter().map(|e| &e.doc).collect(),
            municipalities: &self.site.municipalities,
            municipalities_file: self.municipalities_file.as_ref(),
        };
        load::validate(&docs, &mut diags);
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
            let s = &self.site;
            let bodies = s
                .cases
                .iter()
                .map(|e| (&e.doc.content_path, &e.body))
                .chain(s.factors.iter().map(|e| (&e.doc.content_path, &e.body)))
                .chain(s.steps.iter().map(|e| (&e.doc.content_path, &e.body)))
                .chain(s.pages.iter().map(|e| (&e.doc.content_path, &e.body)));
            for (path, body) in bodies {
                let i = info.get_mut(path).expect("every document has its info");
                if !i.diags.is_empty() || body.links.iter().any(|l| changes.contains(l)) {
                    i.stale = true;
                }
            }
        }
        let stale: HashSet<&String> = info.iter().filter(|(_, i)| i.stale).map(|(p, _)| p).collect();
        let links = &self.links;
        let mut done = Vec::new();
        let s = &mut self.site;
        done.extend(render_stale(&mut s.cases, &stale, links));
        done.extend(render_stale(&mut s.factors, &stale, links));
        done.extend(render_stale(&mut s.steps, &stale, links));
        done.extend(render_stale(&mut s.pages, &stale, links));
        let n = done.len();
        for (path, fp, diags) in done {
            let i = info.get_mut(&path).expect("every document has its info");
            i.fp = fingerprint::hash(&(i.text, fp));
            i.diags = diags;
            i.stale = false;
        }
        let diags: Vec<Diagnostic> = info.values().flat_map(|i| i.diags.iter().cloned()).collect();
        if diags.is_empty() {
            Ok(n)
        } else {
            Err(sorted(diags))
        }
    }

    fn index(&mut self) {
        let s = &mut self.site;
        s.factors
            .sort_by(|a, b| (a.doc.meta.order, &a.doc.slug).cmp(&(b.doc.meta.order, &b.doc.slug)));
        s.steps
            .sort_by(|a, b| (a.doc.meta.order, &a.doc.slug).cmp(&(b.doc.meta.order, &b.doc.slug)));
        s.index = Index::listings(s);
        self.related = Some(related::update(s, self.related.take()));
    }
}

/// Documents in file order, the order `load` validates them in.
fn by_path<M>(list: &[Entry<M>]) -> Vec<&Doc<M>> {
    let mut docs: Vec<&Doc<M>> = list.iter().map(|e| &e.doc).collect();
    docs.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    docs
}

fn entry<M>(doc: Doc<M>, url: String) -> Entry<M> {
    Entry {
        doc,
        url,
        body: Rendered::default(),
    }
}

/// Adds a factor or step; their order is restored before indexing.
fn push_term<M>(list: &mut Vec<Entry<M>>, doc: Doc<M>, url: String) -> (String, String, u64) {
    let key = doc.content_path.clone();
    let text = fingerprint::hash(&doc.file.text);
    list.push(entry(doc, url.clone()));
    (key, url, text)
}

fn render_stale<M: Send + Sync>(
    list: &mut [Entry<M>],
    stale: &HashSet<&String>,
    links: &LinkMap,
) -> Vec<(String, u64, Vec<Diagnostic>)> {
    list.par_iter_mut()
        .filter(|e| stale.contains(&e.doc.content_path))
        .map(|e| {
            let mut diags = Vec::new();
            let input = Input {
                file: &e.doc.file,
                body_offset: e.doc.body_offset,
                content_path: &e.doc.content_path,
            };
            e.body = markdown::render(&input, links, &mut diags);
            (e.doc.content_path.clone(), fingerprint::hash(&e.body.html), diags)
        })
        .collect()
}

fn key_of(job: Job, site: &Site) -> Key {
    match job {
        Job::Case(i) => Key::Case(site.cases[i].doc.content_path.clone()),
        Job::Factor(i) => Key::Factor(site.factors[i].doc.content_path.clone()),
        Job::Step(i) => Key::Step(site.steps[i].doc.content_path.clone()),
        Job::Municipality(i) => Key::Municipality(site.municipalities[i].id.clone()),
        Job::Page(i) => Key::Page(site.pages[i].doc.content_path.clone()),
        other => Key::Fixed(other),
    }
}

fn render_pages(
    store: &Store,
    old: &mut HashMap<Key, Page>,
    stats: &mut Stats,
) -> Result<(HashMap<Key, Page>, Files), LoadError> {
    let site = &store.site;
    let ctx = Ctx::new(site, &store.theme);
    let info = &store.info;
    let inputs = fingerprint::inputs(site, &ctx, &|path| info.get(path).map_or(0, |i| i.fp));
    let jobs: Vec<(Job, Key, Option<u64>)> = render::jobs(site)
        .into_par_iter()
        .map(|job| (job, key_of(job, site), fingerprint::of(&job, site, &inputs)))
        .collect();
    let mut pages = HashMap::with_capacity(jobs.len());
    let mut todo = Vec::new();
    for (job, key, fp) in jobs {
        match old.remove(&key) {
            Some(page) if fp.is_some() && page.fingerprint == fp => {
                pages.insert(key, page);
            }
            _ => todo.push((job, key, fp)),
        }
    }
    stats.pages_kept = pages.len();
    stats.pages_rendered = todo.len();
    let rendered: Vec<(Key, Page)> = todo
        .into_par_iter()
        .map(|(job, key, fingerprint)| {
            let (path, html) = ctx.run(&job)?;
            let bytes = Arc::from(html.into_bytes());
            Ok((
                key,
                Page {
                    fingerprint,
                    path,
                    bytes,
                },
            ))
        })
        .collect::<anyhow::Result<_>>()
        .map_err(LoadError::Internal)?;
    pages.extend(rendered);
    let mut files: Files = pages
        .values()
        .map(|p| (p.path.clone(), p.bytes.clone()))
        .collect();
    derived_outputs(site, &store.theme, &mut files);
    Ok((pages, files))
}

/// Site-wide derived outputs: files computed from the whole site at once rather
/// than from one page's inputs, recomputed on every rebuild. Today that is the
/// theme's static files (sitemap and feed are render jobs without a fingerprint).
/// Further outputs of a full build go here as well, so that the incremental output
/// stays identical to a full one: the search files (issue 4), handout PDFs. One
/// that is too slow to recompute whole can keep its own cache keyed by each
/// document's `DocInfo::fp`, as the pages do.
fn derived_outputs(_site: &Site, theme: &Theme, files: &mut Files) {
    for (name, bytes) in &theme.assets {
        files.insert(format!("static/{name}"), Arc::from(bytes.as_slice()));
    }
}
