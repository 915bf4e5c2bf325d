//! The output side of the engine: every page's fingerprint, and the built files.
//!
//! A rebuild fingerprints every job (cheap), renders the jobs whose fingerprint
//! changed, and patches the file map: pages that are gone are removed, re-rendered
//! ones replaced, and the rest are shared with the previous version untouched.

use std::ops::Bound;
use std::sync::Arc;

use rayon::prelude::*;

use super::derived::{self, Derived};
use super::fingerprint::{self, FxMap};
use super::{Files, Stats};
use crate::render::{self, theme::Theme, CardHtml, Ctx, Job};
use crate::site::{LoadError, Site};

#[derive(Default)]
pub struct Pages {
    /// By job identity (a hash of the job's kind and its document or number, so
    /// that it survives indexes shifting when cases come and go).
    pages: FxMap<u64, Page>,
    files: Arc<Files>,
    /// Counts successful updates: derived results are matched to pages by it.
    generation: u64,
    /// The search manifest's URL the search page names: the last applied derived
    /// step's (empty before the first).
    manifest: String,
    /// The search page's fingerprint before the manifest's URL is added.
    search_fp: u64,
    /// Case cards as HTML, kept between saves: the pages that list an edited case
    /// render its card again, and only join the others.
    cards: Arc<CardHtml>,
}

struct Page {
    fingerprint: u64,
    path: String,
    generation: u64,
}

impl Pages {
    /// Forgets every fingerprint, so the next update renders every page (after a
    /// theme change). The files stay until then.
    pub fn forget(&mut self) {
        self.pages.clear();
        self.cards.clear();
    }

    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Renders what changed. `doc_fp(content_path)` is a document's own fingerprint.
    pub fn update(
        &mut self,
        site: &Site,
        theme: &Theme,
        doc_fp: &(dyn Fn(&str) -> u64 + Sync),
        stats: &mut Stats,
    ) -> Result<(), LoadError> {
        // The search page names the last search index built (`derived.rs`); it is
        // rendered again when the next one is applied.
        let manifest = self.manifest.clone();
        let ctx = Ctx::with_cards(site, theme, &manifest, self.cards.clone());
        stats.stage("views");
        let inputs = fingerprint::inputs(site, &ctx, doc_fp);
        let search_fp = fingerprint::of(&Job::Search, site, &inputs);
        let mut all = render::jobs(site);
        all.push(Job::Search);
        let jobs: Vec<(Job, u64, u64)> = all
            .into_par_iter()
            .map(|job| {
                let fp = if job == Job::Search {
                    fingerprint::hash(&(search_fp, &manifest))
                } else {
                    fingerprint::of(&job, site, &inputs)
                };
                (job, key(job, site), fp)
            })
            .collect();
        stats.stage("fingerprints");
        let todo: Vec<&(Job, u64, u64)> = jobs
            .iter()
            .filter(|(_, key, fp)| self.pages.get(key).map(|p| p.fingerprint) != Some(*fp))
            .collect();
        let rendered: Vec<(u64, u64, String, Arc<[u8]>)> = todo
            .par_iter()
            .map(|&&(job, key, fp)| {
                let (path, html) = ctx.run(&job)?;
                Ok((key, fp, path, Arc::from(html.into_bytes())))
            })
            .collect::<anyhow::Result<_>>()
            .map_err(LoadError::Internal)?;
        stats.stage("render pages");
        let listed: usize = site.index.by_factor.iter().map(Vec::len).sum();
        self.cards.trim(site.cases.len() + listed);
        stats.pages_rendered = rendered.len();
        stats.pages_kept = jobs.len() - rendered.len();

        // Everything rendered: now change the output, removals first, so that a path
        // one page leaves and another takes (two slugs swapped) ends up with the new.
        self.generation += 1;
        let generation = self.generation;
        for (_, key, _) in &jobs {
            if let Some(page) = self.pages.get_mut(key) {
                page.generation = generation;
            }
        }
        let files = Arc::make_mut(&mut self.files);
        self.pages.retain(|_, page| {
            let live = page.generation == generation;
            if !live {
                files.remove(&page.path);
            }
            live
        });
        for (key, _, path, _) in &rendered {
            if let Some(old) = self.pages.get(key).filter(|old| &old.path != path) {
                files.remove(&old.path);
            }
        }
        for (key, fingerprint, path, bytes) in rendered {
            files.insert(path.clone(), bytes);
            self.pages.insert(
                key,
                Page {
                    fingerprint,
                    path,
                    generation,
                },
            );
        }
        static_outputs(theme, files);
        self.search_fp = search_fp;
        Ok(())
    }

    /// Merges a derived step's result made from this generation's site, and puts in
    /// the search page that names its manifest.
    /// Merges a derived result, with the search page that names its manifest.
    pub fn apply(&mut self, derived: &Derived, search_page: (String, Arc<[u8]>)) {
        let files = Arc::make_mut(&mut self.files);
        derived::merge(derived, files);
        let (path, bytes) = &search_page;
        if files.get(path).map(|b| &b[..]) != Some(&bytes[..]) {
            files.insert(path.clone(), bytes.clone());
        }
        self.manifest = derived.manifest_url.clone();
        let search = fingerprint::hash(&std::mem::discriminant(&Job::Search));
        if let Some(page) = self.pages.get_mut(&search) {
            page.fingerprint = fingerprint::hash(&(self.search_fp, &self.manifest));
        }
    }
}

fn key(job: Job, site: &Site) -> u64 {
    use std::mem::discriminant;
    match job {
        Job::Case(i) => fingerprint::hash(&(discriminant(&job), &site.cases[i].doc.content_path)),
        Job::Factor(i) => fingerprint::hash(&(discriminant(&job), &site.factors[i].doc.content_path)),
        Job::Step(i) => fingerprint::hash(&(discriminant(&job), &site.steps[i].doc.content_path)),
        Job::Municipality(i) => fingerprint::hash(&(discriminant(&job), &site.municipalities[i].id)),
        Job::Page(i) => fingerprint::hash(&(discriminant(&job), &site.pages[i].doc.content_path)),
        Job::Listing(n) => fingerprint::hash(&(discriminant(&job), n)),
        Job::Year(i) => fingerprint::hash(&(discriminant(&job), site.index.by_year[i].0)),
        Job::Handout(crate::handout::Kind::Factor(i)) => {
            fingerprint::hash(&(discriminant(&job), &site.factors[i].doc.content_path))
        }
        Job::Handout(kind) => fingerprint::hash(&(discriminant(&job), kind)),
        other => fingerprint::hash(&discriminant(&other)),
    }
}

/// The theme's static files, which only a theme change changes.
fn static_outputs(theme: &Theme, files: &mut Files) {
    let gone: Vec<String> = files
        .range::<str, _>((Bound::Included("static/"), Bound::Excluded("static0")))
        .map(|(path, _)| path.clone())
        .filter(|path| !theme.assets.iter().any(|(name, _)| path[7..] == **name))
        .collect();
    for path in gone {
        files.remove(&path);
    }
    for (name, bytes) in &theme.assets {
        let path = format!("static/{name}");
        if files.get(&path).map(|b| &b[..]) != Some(bytes.as_slice()) {
            files.insert(path, Arc::from(bytes.as_slice()));
        }
    }
}
