//! A free page from `content/pages/` (om, bidra, tillgänglighet…).

use anyhow::Result;
use serde::Serialize;

use crate::load::schema::Source;
use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;

pub struct Free;
pub static PAGE: Free = Free;

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    /// The page's address, for a theme that adds something to one page (the default
    /// theme leads from `/bidra/` to the propose form).
    url: &'a str,
    body: &'a str,
    sources: &'a [Source],
}

impl PageKind for Free {
    fn name(&self) -> &'static str {
        "page"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let paths = site.pages.iter().map(|e| &e.doc.content_path);
        paths.enumerate().map(|(i, p)| PageId::new(p, i)).collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let e = &ctx.site.pages[id.at];
        let m = &e.doc.meta;
        let view = PageView {
            title: &m.title,
            url: &e.url,
            body: &e.body.html,
            sources: &m.sources,
        };
        let description = m.description.as_deref().unwrap_or("");
        Ok(Page::html(&ctx.base, &e.url, "page.html", &m.title, description).with("page", view))
    }
}
