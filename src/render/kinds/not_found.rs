//! The 404 page.

use anyhow::Result;

use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;

pub struct NotFound;
pub static NOT_FOUND: NotFound = NotFound;

impl PageKind for NotFound {
    fn name(&self) -> &'static str {
        "404"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        Ok(Page::html(&ctx.base, "404.html", "404.html", ctx.tr("not_found_title"), "").at("404.html"))
    }
}
