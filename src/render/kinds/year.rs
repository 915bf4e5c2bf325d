//! A year's cases, on the listing's template.

use anyhow::Result;

use crate::render::theme::fill;
use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct Year;
pub static YEAR: Year = Year;

impl PageKind for Year {
    fn name(&self) -> &'static str {
        "year"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let years = site.index.by_year.iter().map(|(y, _)| y);
        years
            .enumerate()
            .map(|(i, y)| PageId::new(y.to_string(), i))
            .collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let (year, cases) = &ctx.site.index.by_year[id.at];
        let url = urls::year(&ctx.base, *year);
        let (y, n) = (year.to_string(), cases.len().to_string());
        let title = fill(ctx.tr("year_title"), &[("year", &y)]);
        let description = fill(ctx.tr("year_description"), &[("year", &y)]);
        Ok(Page::html(&ctx.base, &url, "cases.html", &title, &description)
            .with("cases", ctx.cards_of(cases.iter().copied())?)
            .with(
                "heading",
                fill(ctx.tr("year_heading"), &[("n", &n), ("year", &y)]),
            )
            .with("browse", ctx.browse(Some(*year)))
            .with("pager", Vec::<()>::new()))
    }
}
