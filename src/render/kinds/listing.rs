//! The listing of all cases, a page of `listing-page-size` cases at a time, with the
//! ways to browse them.

use anyhow::Result;
use serde::Serialize;

use crate::render::theme::fill;
use crate::render::{listing_pages, Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct Listing;
pub static LISTING: Listing = Listing;

#[derive(Serialize)]
struct PagerItem {
    n: usize,
    url: String,
    current: bool,
}

impl PageKind for Listing {
    fn name(&self) -> &'static str {
        "listing"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        (1..=listing_pages(site))
            .map(|n| PageId::new(n.to_string(), n))
            .collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let (site, base, n) = (ctx.site, &ctx.base, id.at);
        let size = site.config.library.listing_page_size.max(1);
        let total = listing_pages(site);
        let url = urls::listing(base, n);
        let title = if total > 1 {
            let (n, total) = (n.to_string(), total.to_string());
            fill(ctx.tr("listing_title_paged"), &[("n", &n), ("total", &total)])
        } else {
            ctx.tr("listing_title").to_string()
        };
        let slice = site.index.cases.iter().skip((n - 1) * size).take(size).copied();
        let count = site.cases.len().to_string();
        let pager: Vec<PagerItem> = if total > 1 {
            (1..=total)
                .map(|p| PagerItem {
                    n: p,
                    url: urls::listing(base, p),
                    current: p == n,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(
            Page::html(base, &url, "cases.html", &title, ctx.tr("listing_description"))
                .with("cases", ctx.cards_of(slice)?)
                .with("heading", fill(ctx.tr("listing_heading"), &[("n", &count)]))
                .with("browse", ctx.browse(None))
                .with("pager", pager),
        )
    }
}
