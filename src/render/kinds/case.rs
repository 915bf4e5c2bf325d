//! A case's page: its facts, factors with notes, steps, sources and related cases.

use anyhow::Result;

use crate::opendata::jsonld;
use crate::render::{views, Ctx, Page, PageId, PageKind};
use crate::site::Site;

pub struct Case;
pub static CASE: Case = Case;

impl PageKind for Case {
    fn name(&self) -> &'static str {
        "case"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let paths = site.cases.iter().map(|e| &e.doc.content_path);
        paths.enumerate().map(|(i, p)| PageId::new(p, i)).collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let e = &site.cases[id.at];
        let related = ctx.cards_of(site.index.related[id.at].iter().copied())?;
        let m = &e.doc.meta;
        Ok(Page::html(&ctx.base, &e.url, "case.html", &m.title, &m.summary)
            .with(
                "case",
                views::case_view(site, id.at, &|spec| ctx.labels(spec).title),
            )
            .with("related", related)
            .with(
                "collections",
                super::collection::links(site, &site.index.collections_of_case[id.at]),
            )
            .with_jsonld(&jsonld::case(site, &ctx.origin(), id.at, &|v| {
                ctx.labels(&site.vocabularies[v].spec).title
            })))
    }
}
