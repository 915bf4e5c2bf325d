//! Rendering: every page of the site from the `Site` and the theme.
//!
//! Pages are independent jobs run in parallel; each returns its output path and
//! bytes, and the caller decides where they go (the build's staging folder, or
//! memory in tests). Nothing here touches the file system except through `emit`.

mod cards;
mod contexts;
mod feeds;
mod handout;
pub mod kinds;
mod map;
pub mod page;
pub mod selfassess;
mod suggest;
pub mod theme;
pub mod views;

use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use crate::handout::{self as handouts, Kind};
use crate::load::schema::TermMeta;
use crate::site::{Entry, Site};
use crate::urls;
use crate::vocabulary::{CaseKey, Labels, Spec};
pub use cards::CardHtml;
pub use feeds::FEED_ENTRIES;
pub use page::{Cards, Page, PageId, PageKind};
use theme::{fill, Strings, Theme};
use views::{Card, SiteView, TermSummary};

/// What every page reads: the site, the theme and the views shared between pages.
pub struct Ctx<'a> {
    pub site: &'a Site,
    theme: &'a Theme,
    view: SiteView,
    cards: Vec<Card>,
    /// A key per card, which changes whenever what the card shows changes.
    card_keys: Vec<u64>,
    card_html: Arc<CardHtml>,
    pub base: String,
    /// The URL of the search index's manifest, which the search page names.
    search_index: &'a str,
    /// Interface strings in the site's language.
    pub t: &'a Strings,
    /// The map of Sweden with every municipality that has cases, drawn once, when a
    /// page that shows it is made.
    map: std::sync::OnceLock<String>,
    /// `site_inputs`, made once.
    site_inputs: std::sync::OnceLock<u64>,
    /// Tera contexts holding `view` and `t`, lent to one render at a time.
    contexts: contexts::Contexts,
}

/// What makes a file's bytes, into any writer.
pub type Make<'a> = Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + 'a>;

/// Where rendered files go: the build's staging folder, or memory. Any
/// `Fn(path, bytes)` is one that holds each file whole.
pub trait Emit: Sync {
    fn bytes(&self, path: &str, bytes: &[u8]) -> Result<()>;

    /// A file written as `make` makes it. The files of every case (JSON and CSV,
    /// together 1.5 GB at 100,000 cases) come this way, so a build that writes
    /// to disk never holds them whole.
    fn stream(&self, path: &str, make: Make<'_>) -> Result<()> {
        let mut bytes = Vec::new();
        make(&mut bytes)?;
        self.bytes(path, &bytes)
    }
}

impl<F: Fn(&str, &[u8]) -> Result<()> + Sync> Emit for F {
    fn bytes(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self(path, bytes)
    }
}

/// Renders every page and asset, calling `emit(path, bytes)` for each; returns how
/// many HTML pages were rendered. Pages that name the search index are not among
/// them: they come from `render_search_pages` once the index exists.
pub fn render(site: &Site, theme: &Theme, emit: &dyn Emit) -> Result<usize> {
    let ctx = Ctx::new(site, theme, "");
    let html = render_kinds(&ctx, |k| !k.names_search_index(), emit)?;
    for (name, bytes) in &theme.assets {
        emit.bytes(&format!("static/{name}"), bytes)?;
    }
    Ok(html)
}

/// The pages that name the search index; `search_index` is its manifest's URL.
pub fn render_search_pages(site: &Site, theme: &Theme, search_index: &str, emit: &dyn Emit) -> Result<usize> {
    render_kinds(
        &Ctx::new(site, theme, search_index),
        |k| k.names_search_index(),
        emit,
    )
}

/// Renders only the handout pages for `kinds`, as `rotsystem handouts` does.
pub fn render_handouts(site: &Site, theme: &Theme, kinds: &[Kind], emit: &dyn Emit) -> Result<usize> {
    let ctx = Ctx::new(site, theme, "");
    let ids: Vec<PageId> = kinds::HANDOUT
        .pages(site)
        .into_iter()
        .filter(|id| kinds.contains(&kinds::handout::kind_of(id)))
        .collect();
    ids.par_iter()
        .try_for_each(|id| kinds::HANDOUT.page(&ctx, id)?.emit(&ctx, emit))?;
    Ok(ids.len())
}

/// Every page of the kinds `pick` chooses; returns how many were HTML.
fn render_kinds(ctx: &Ctx, pick: impl Fn(&dyn PageKind) -> bool, emit: &dyn Emit) -> Result<usize> {
    let pages = all_pages(ctx.site, pick);
    let html = std::sync::atomic::AtomicUsize::new(0);
    pages.par_iter().try_for_each(|(kind, id)| {
        let page = kind.page(ctx, id)?;
        if page.is_html() {
            html.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        page.emit(ctx, emit)
    })?;
    Ok(html.into_inner())
}

/// Every page of the kinds `pick` chooses, kind by kind in `kinds::ALL` order.
pub fn all_pages(site: &Site, pick: impl Fn(&dyn PageKind) -> bool) -> Vec<(&'static dyn PageKind, PageId)> {
    kinds::ALL
        .iter()
        .copied()
        .filter(|k| pick(*k))
        .flat_map(|k| k.pages(site).into_iter().map(move |id| (k, id)))
        .collect()
}

/// The links a page gives to its handout: the print page and the PDF.
#[derive(Serialize)]
pub struct HandoutLinks {
    page: String,
    pdf: String,
    /// Every handout in one PDF.
    pack: String,
}

pub fn handout_links(site: &Site, kind: Kind) -> HandoutLinks {
    let base = site.base();
    let (page, name) = match kind {
        Kind::Factor(i) => {
            let id = &site.factors()[i].doc.slug;
            (urls::factor_handout(&base, id), handouts::factor_name(id))
        }
        Kind::Root => (urls::handout_page(&base, "rotsystemet"), "rotsystemet".into()),
        Kind::Steps => (urls::handout_page(&base, "tio-steg"), "tio-steg".into()),
    };
    HandoutLinks {
        page,
        pdf: urls::handout_pdf(&base, &name),
        pack: urls::handout_pdf(&base, handouts::pdf::WHOLE_PACK),
    }
}

pub fn listing_pages(site: &Site) -> usize {
    site.cases
        .len()
        .div_ceil(site.config.library.listing_page_size.max(1))
        .max(1)
}

impl<'a> Ctx<'a> {
    /// `search_index` is the search manifest's URL, which only the search page uses.
    pub fn new(site: &'a Site, theme: &'a Theme, search_index: &'a str) -> Ctx<'a> {
        Ctx::with_cards(site, theme, search_index, Arc::default())
    }

    /// As `new`, with card HTML kept from earlier renders of the same theme.
    pub fn with_cards(
        site: &'a Site,
        theme: &'a Theme,
        search_index: &'a str,
        card_html: Arc<CardHtml>,
    ) -> Ctx<'a> {
        let t = theme.strings(&site.config.book.language);
        let cards = views::cards(site);
        let view = SiteView::new(site, t);
        Ctx {
            site,
            theme,
            contexts: contexts::Contexts::new(&view, t),
            view,
            card_keys: cards.par_iter().map(cards::key).collect(),
            cards,
            card_html,
            base: site.base(),
            search_index,
            t,
            map: std::sync::OnceLock::new(),
            site_inputs: std::sync::OnceLock::new(),
        }
    }

    /// The hash of what every page receives besides its own values: the site's
    /// view and the interface strings.
    pub fn global(&self) -> u64 {
        crate::hash::hash(&(crate::hash::of_json(&self.view), crate::hash::of_json(self.t)))
    }

    /// A hash of what the site's data files read besides the cases: the library's
    /// name, licence and address, each vocabulary and its terms' files, and the
    /// municipalities file. Broader than any one file needs, so that an edit to any
    /// of them makes every data file again.
    pub fn site_inputs(&self) -> u64 {
        *self.site_inputs.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let site = self.site;
            let mut h = crate::hash::Fx::new();
            let book = &site.config.book;
            (&book.title, &book.license, &self.base, self.origin()).hash(&mut h);
            for v in &site.vocabularies {
                (&v.spec.id, &v.spec.url, &v.spec.case_key).hash(&mut h);
                for t in &v.terms {
                    (&t.doc.content_path, &t.doc.file.text, &t.url).hash(&mut h);
                }
            }
            site.municipalities_file.as_ref().map(|f| &f.text).hash(&mut h);
            h.finish()
        })
    }

    /// The site's address without the trailing `/`, for absolute URLs.
    pub fn origin(&self) -> String {
        self.view.url.clone()
    }

    /// The search index's manifest URL.
    pub fn search_index(&self) -> &str {
        self.search_index
    }

    pub fn map(&self) -> &str {
        self.map.get_or_init(|| municipality_map(self.site, self.t))
    }

    /// An interface string; the theme guarantees every key the code uses exists in
    /// every language, and a test renders every page in both.
    pub fn tr<'k>(&'k self, key: &'k str) -> &'k str {
        self.t.get(key).map_or(key, String::as_str)
    }

    pub fn municipality_list(&self) -> Vec<views::MunicipalityView<'_>> {
        let site = self.site;
        site.index
            .named_municipalities
            .iter()
            .map(|&i| views::MunicipalityView {
                data: &site.municipalities[i],
                url: urls::municipality(&self.base, &site.municipalities[i].id),
                count: site.index.by_municipality[i].len(),
            })
            .collect()
    }

    /// The cards of these cases as HTML, each with its note (a factor page's).
    pub fn card_list<'n>(&self, ids: impl Iterator<Item = (usize, Option<&'n str>)>) -> Result<Cards> {
        let cards: Vec<_> = ids
            .map(|(i, note)| (&self.cards[i], self.card_keys[i], note))
            .collect();
        Ok(Cards(self.card_html.render(
            &self.theme.tera,
            &self.contexts,
            &cards,
        )?))
    }

    /// Case `i`'s card, for a page that shows it its own way (a collection's).
    pub fn card(&self, i: usize) -> &Card {
        &self.cards[i]
    }

    /// The cards of these cases as HTML.
    pub fn cards_of(&self, ids: impl Iterator<Item = usize>) -> Result<Cards> {
        self.card_list(ids.map(|i| (i, None)))
    }

    pub fn term_summaries<'t>(
        &self,
        terms: &'t [Entry<TermMeta>],
        by: &[Vec<usize>],
    ) -> Vec<TermSummary<'t>> {
        terms
            .iter()
            .zip(by)
            .map(|(t, cases)| TermSummary {
                name: &t.doc.meta.name,
                order: t.doc.meta.order,
                colour: views::colour(t.doc.meta.order),
                url: &t.url,
                description: &t.doc.meta.description,
                count: cases.len(),
            })
            .collect()
    }

    /// The case listing's ways to browse: each vocabulary that offers itself as a
    /// filter, then the years.
    pub fn browse(&self, current_year: Option<i32>) -> serde_json::Value {
        let site = self.site;
        let vocabularies: Vec<_> = site
            .vocabularies
            .iter()
            .filter(|v| v.spec.listing)
            .map(|v| {
                let terms: Vec<_> = v
                    .terms
                    .iter()
                    .map(|f| {
                        let order = f.doc.meta.order;
                        serde_json::json!({"name": f.doc.meta.name, "url": f.url, "order": order, "colour": views::colour(order)})
                    })
                    .collect();
                let label = self.labels(&v.spec).browse;
                serde_json::json!({"label": label, "colours": v.spec.case_key == CaseKey::Factors, "terms": terms})
            })
            .collect();
        let years: Vec<_> = site
            .index
            .by_year
            .iter()
            .map(|(y, _)| serde_json::json!({"year": y, "url": urls::year(&self.base, *y), "current": Some(*y) == current_year}))
            .collect();
        serde_json::json!({ "vocabularies": vocabularies, "years": years })
    }

    /// A vocabulary's labels in the site's language.
    pub fn labels(&self, spec: &Spec) -> Labels {
        spec.labels(&self.site.config.book.language, &|key| self.tr(key).to_string())
    }
}

/// The map of Sweden with a point per municipality that has cases, largest first so
/// small points are drawn on top and stay clickable.
fn municipality_map(site: &Site, t: &Strings) -> String {
    let base = site.base();
    let urls: Vec<String> = site
        .municipalities
        .iter()
        .map(|k| urls::municipality(&base, &k.id))
        .collect();
    let mut order: Vec<usize> = site.index.named_municipalities.clone();
    order.sort_by_key(|&i| std::cmp::Reverse(site.index.by_municipality[i].len()));
    let label = t.get("map_point").map_or("{name}: {n}", String::as_str);
    let points: Vec<map::Point> = order
        .iter()
        .map(|&i| {
            let k = &site.municipalities[i];
            let n = site.index.by_municipality[i].len();
            let place = &crate::places::all()[i];
            map::Point {
                x: place.x,
                y: place.y,
                url: &urls[i],
                label: fill(label, &[("name", &k.name), ("n", &n.to_string())]),
                count: n,
            }
        })
        .collect();
    let text = |key: &str| t.get(key).map_or("", String::as_str);
    map::svg(text("map_title"), text("map_desc"), &points)
}
