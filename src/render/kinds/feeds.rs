//! The sitemap and the Atom feed, written without templates.

use anyhow::Result;

use crate::render::{feeds, Ctx, Page, PageId, PageKind};
use crate::site::Site;

pub struct Sitemap;
pub static SITEMAP: Sitemap = Sitemap;

impl PageKind for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        Ok(Page::text("sitemap.xml", feeds::sitemap(ctx.site, &ctx.origin())))
    }
}

pub struct Feed;
pub static FEED: Feed = Feed;

impl PageKind for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        Ok(Page::text("atom.xml", feeds::atom(ctx.site, &ctx.origin())))
    }
}
