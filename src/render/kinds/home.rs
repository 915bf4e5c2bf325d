//! The home page: the factors, the map, the process steps and the latest cases.

use anyhow::Result;

use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::vocabulary::{FACTORS, STEPS};

pub struct Home;
pub static HOME: Home = Home;

impl PageKind for Home {
    fn name(&self) -> &'static str {
        "home"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let book = &site.config.book;
        let summaries = |v: usize| ctx.term_summaries(&site.vocabularies[v].terms, &site.index.by_term[v]);
        Ok(
            Page::html(&ctx.base, "", "index.html", &book.title, &book.description)
                .at("index.html")
                .with("factors", summaries(FACTORS))
                .with("steps", summaries(STEPS))
                .with("latest", ctx.cards_of(site.index.cases.iter().take(5).copied())?)
                .with("case_count", site.cases.len())
                .with("municipalities", ctx.municipality_list())
                .with("map", ctx.map()),
        )
    }
}
