//! The output side of the engine: every page's fingerprint, and the built files.
//!
//! A rebuild fingerprints every job (cheap), renders the jobs whose fingerprint
//! changed, and patches the file map: pages that are gone are removed, re-rendered
//! ones replaced, and the rest are shared with the previous version untouched.

use std::ops::Bound;
use std::sync::Arc;

use rayon::prelude::*;

use super::fingerprint::{self, FxMap};
use super::{Files, Stats};
use crate::render::{self, theme::Theme, Ctx, Job};
use crate::site::{LoadError, Site};

#[derive(Default)]
pub struct Pages {
    /// By job identity (a hash of the job's kind and its document or number, so
    /// that it survives indexes shifting when cases come and go).
    pages: FxMap<u64, Page>,
    files: Arc<Files>,
    generation: u64,
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
    }

    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    /// Renders what changed. `doc_fp(content_path)` is a document's own fingerprint.
    pub fn update(
        &mut self,
        site: &Site,
        theme: &Theme,
        doc_fp: &(dyn Fn(&str) -> u64 + Sync),
        stats: &mut Stats,
    ) -> Result<(), LoadError> {
        let ctx = Ctx::new(site, theme);
        let inputs = fingerprint::inputs(site, &ctx, doc_fp);
        let jobs: Vec<(Job, u64, u64)> = render::jobs(site)
            .into_par_iter()
            .map(|job| (job, key(job, site), fingerprint::of(&job, site, &inputs)))
            .collect();
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
        derived_outputs(site, theme, files);
        Ok(())
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
        other => fingerprint::hash(&discriminant(&other)),
    }
}

/// Site-wide derived outputs: files computed from the whole site at once rather
/// than from one page's inputs, refreshed on every rebuild. Today that is the
/// theme's static files. Further outputs of a full build go here as well, so that
/// the incremental output stays identical to a full one: the search files (issue 4),
/// handout PDFs. One that is too slow to recompute whole can keep its own cache
/// keyed by each document's fingerprint (`DocInfo::fp`), as the pages do.
fn derived_outputs(_site: &Site, theme: &Theme, files: &mut Files) {
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
