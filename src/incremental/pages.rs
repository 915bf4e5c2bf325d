//! The output side of the engine: every page's fingerprint, and the built files.
//!
//! A rebuild makes every page's `Page` (the values its template receives), hashes it,
//! renders the pages whose hash changed, and patches the file map: pages that are
//! gone are removed, re-rendered ones replaced, and the rest are shared with the
//! previous version untouched. The page kinds are `render::kinds::ALL`, the same
//! list the full build renders.

use std::ops::Bound;
use std::sync::Arc;

use rayon::prelude::*;

use super::derived::{self, Derived};
use super::{Files, Stats};
use crate::hash::{self, FxMap};
use crate::render::{self, theme::Theme, CardHtml, Ctx, PageId, PageKind};
use crate::site::{LoadError, Site};

#[derive(Default)]
pub struct Pages {
    /// By page identity (a hash of the kind's name and the page's key, so that it
    /// survives indexes shifting when cases come and go).
    pages: FxMap<u64, Page>,
    files: Arc<Files>,
    /// Counts successful updates: derived results are matched to pages by it.
    generation: u64,
    /// The search manifest's URL the search page names: the last applied derived
    /// step's (empty before the first).
    manifest: String,
    /// Case cards as HTML, kept between saves: the pages that list an edited case
    /// render its card again, and only join the others.
    cards: Arc<CardHtml>,
}

struct Page {
    fingerprint: u64,
    path: String,
    generation: u64,
}

/// A page's identity, its fingerprint, and its output when it had to be rendered.
type Made = (u64, u64, Option<(String, Arc<[u8]>)>);

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

    /// Renders what changed.
    pub fn update(&mut self, site: &Site, theme: &Theme, stats: &mut Stats) -> Result<(), LoadError> {
        // The search page names the last search index built (`derived.rs`); it is
        // rendered again when the next one is applied.
        let manifest = self.manifest.clone();
        let ctx = Ctx::with_cards(site, theme, &manifest, self.cards.clone());
        stats.stage("views");
        let all = render::all_pages(site, |_| true);
        let global = ctx.global();
        let made: Vec<Made> = all
            .par_iter()
            .map(|(kind, id)| self.make(&ctx, global, *kind, id, false))
            .collect::<anyhow::Result<_>>()
            .map_err(LoadError::Internal)?;
        stats.stage("render pages");
        let listed: usize = site.index.by_term[crate::vocabulary::FACTORS]
            .iter()
            .map(Vec::len)
            .sum();
        self.cards.trim(site.cases.len() + listed);
        let rendered = made.iter().filter(|m| m.2.is_some()).count();
        stats.pages_rendered = rendered;
        stats.pages_kept = made.len() - rendered;

        // Everything rendered: now change the output, removals first, so that a path
        // one page leaves and another takes (two slugs swapped) ends up with the new.
        self.generation += 1;
        let generation = self.generation;
        for (key, _, _) in &made {
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
        let fresh = made
            .into_iter()
            .filter_map(|(key, fp, out)| out.map(|out| (key, fp, out)));
        for (key, fingerprint, (path, bytes)) in fresh {
            if let Some(old) = self.pages.get(&key).filter(|old| old.path != path) {
                files.remove(&old.path);
            }
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
        Ok(())
    }

    /// A page's identity and fingerprint, and its output unless its fingerprint is
    /// the one it was last rendered with (or `always`). `global` is `ctx.global()`.
    fn make(
        &self,
        ctx: &Ctx,
        global: u64,
        kind: &dyn PageKind,
        id: &PageId,
        always: bool,
    ) -> anyhow::Result<Made> {
        let key = hash::hash(&(kind.name(), &id.key));
        let page = kind.page(ctx, id)?;
        let fp = hash::hash(&(global, page.fingerprint()));
        if !always && self.pages.get(&key).map(|p| p.fingerprint) == Some(fp) {
            return Ok((key, fp, None));
        }
        let (path, html) = page.render(ctx)?;
        Ok((key, fp, Some((path, Arc::from(html.into_bytes())))))
    }

    /// Merges a derived step's result made from this generation's site, and renders
    /// the pages that name its manifest.
    pub fn apply(&mut self, derived: &Derived, site: &Site, theme: &Theme) -> anyhow::Result<()> {
        derived::merge(derived, Arc::make_mut(&mut self.files));
        self.manifest = derived.manifest_url.clone();
        let ctx = Ctx::with_cards(site, theme, &self.manifest, self.cards.clone());
        let global = ctx.global();
        for (kind, id) in render::all_pages(site, |k| k.names_search_index()) {
            let (key, fingerprint, out) = self.make(&ctx, global, kind, &id, true)?;
            let (path, bytes) = out.expect("always rendered");
            let files = Arc::make_mut(&mut self.files);
            if files.get(&path).map(|b| &b[..]) != Some(&bytes[..]) {
                files.insert(path.clone(), bytes);
            }
            self.pages.insert(
                key,
                Page {
                    fingerprint,
                    path,
                    generation: self.generation,
                },
            );
        }
        Ok(())
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
