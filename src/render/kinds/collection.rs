//! Workshop collections: the "Samlingar" listing and each collection's page (its
//! introduction, the cases in order with why each is there, what it covers, the
//! questions, the sources and its booklet). Cases and factors link to the collections
//! that use them through `links`, from `Index::collections_of_case` and `_of_term`.

use anyhow::Result;
use serde::Serialize;

use crate::load::schema::{CollectionMeta, Source};
use crate::render::views::{colour, Card, TermLink};
use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;
use crate::vocabulary::{FACTORS, STEPS};

pub struct Listing;
pub static COLLECTIONS: Listing = Listing;

pub struct Collection;
pub static COLLECTION: Collection = Collection;

/// A collection as a link: on the listing, a case's page and a factor's page.
#[derive(Serialize)]
pub struct CollectionLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub audience: &'a str,
    pub duration: &'a str,
    pub cases: usize,
    pub pdf: String,
    pub factors: Vec<TermLink<'a>>,
}

#[derive(Serialize)]
struct CollectionView<'a> {
    #[serde(flatten)]
    link: CollectionLink<'a>,
    steps: Vec<TermLink<'a>>,
    body: &'a str,
    questions: &'a [String],
    sources: &'a [Source],
}

/// The links to the collections at `list` (indexes into `Site::collections`).
pub fn links<'a>(site: &'a Site, list: &[usize]) -> Vec<CollectionLink<'a>> {
    list.iter().map(|&i| link(site, i)).collect()
}

fn link(site: &Site, i: usize) -> CollectionLink<'_> {
    let e = &site.collections[i];
    let m = &e.doc.meta;
    CollectionLink {
        title: &m.title,
        url: &e.url,
        summary: &m.summary,
        audience: &m.audience,
        duration: &m.duration,
        cases: m.cases.len(),
        pdf: urls::collection_pdf(&site.base(), &e.doc.slug),
        factors: terms(site, FACTORS, &m.factors),
    }
}

/// The terms `ids` of vocabulary `v`, in the collection's order.
fn terms<'a>(site: &'a Site, v: usize, ids: &[String]) -> Vec<TermLink<'a>> {
    let terms = &site.vocabularies[v].terms;
    ids.iter()
        .filter_map(|id| terms.iter().find(|t| t.doc.slug == *id))
        .map(|t| TermLink {
            id: &t.doc.slug,
            name: &t.doc.meta.name,
            order: t.doc.meta.order,
            colour: colour(t.doc.meta.order),
            url: &t.url,
            note: None,
        })
        .collect()
}

impl PageKind for Listing {
    fn name(&self) -> &'static str {
        "collections"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        if site.collections.is_empty() {
            Vec::new()
        } else {
            PageId::single()
        }
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let url = urls::collections(&ctx.base);
        let (title, intro) = (ctx.tr("collections_title"), ctx.tr("collections_intro"));
        Ok(Page::html(&ctx.base, &url, "collections.html", title, intro)
            .with("intro", intro)
            .with("collections", links(site, &site.index.collections)))
    }
}

impl PageKind for Collection {
    fn name(&self) -> &'static str {
        "collection"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let paths = site.collections.iter().map(|e| &e.doc.content_path);
        paths.enumerate().map(|(i, p)| PageId::new(p, i)).collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let e = &site.collections[id.at];
        let m: &CollectionMeta = &e.doc.meta;
        let view = CollectionView {
            link: link(site, id.at),
            steps: terms(site, STEPS, &m.steps),
            body: &e.body.html,
            questions: &m.questions,
            sources: &m.sources,
        };
        Ok(
            Page::html(&ctx.base, &e.url, "collection.html", &m.title, &m.summary)
                .with("collection", view)
                .with("cases", cases(ctx, m)),
        )
    }
}

/// One of the collection's cases: its card and why it is there.
#[derive(Serialize)]
struct Chosen<'a> {
    #[serde(flatten)]
    card: &'a Card,
    why: Option<&'a str>,
}

/// The collection's cases, in its order.
fn cases<'a>(ctx: &'a Ctx, m: &'a CollectionMeta) -> Vec<Chosen<'a>> {
    let site = ctx.site;
    let at = |slug: &str| site.cases.iter().position(|c| c.doc.slug == slug);
    m.cases
        .iter()
        .filter_map(|r| {
            at(&r.id).map(|i| Chosen {
                card: ctx.card(i),
                why: r.note.as_deref(),
            })
        })
        .collect()
}
