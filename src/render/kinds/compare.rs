//! The comparison page: two to four cases the reader ticked, side by side. The page
//! itself is static and says what it does; `static/urval/page.js` reads the cases
//! from the URL (`?fall=a,b,c`), fetches each one's open-data file and builds the
//! table, so the data is the `/data/` files' and nothing here repeats it.

use anyhow::Result;

use crate::opendata;
use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct Compare;
pub static COMPARE: Compare = Compare;

/// Where the browser fetches a case's record: this, the id, `.json`.
pub fn case_data(base: &str) -> String {
    format!("{}{}", urls::data(base), opendata::CASE_DIR)
}

impl PageKind for Compare {
    fn name(&self) -> &'static str {
        "compare"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let url = urls::compare(&ctx.base);
        let (title, description) = (ctx.tr("compare_title"), ctx.tr("compare_description"));
        Ok(Page::html(&ctx.base, &url, "compare.html", title, description)
            .with("case_data", case_data(&ctx.base)))
    }
}
