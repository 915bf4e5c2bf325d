//! The search page, which names the search index's manifest and so is rendered once
//! the index is built.

use anyhow::Result;

use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct Search;
pub static SEARCH: Search = Search;

impl PageKind for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn names_search_index(&self) -> bool {
        true
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let url = urls::search(&ctx.base);
        let (title, description) = (ctx.tr("search_title"), ctx.tr("search_description"));
        Ok(Page::html(&ctx.base, &url, "search.html", title, description)
            .with("search_index", ctx.search_index()))
    }
}
