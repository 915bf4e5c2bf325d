//! The reader's own selection: the cases they added, with their factor notes, on a
//! page that prints as a booklet (`static/print.css`: each case on a page of its
//! own). Kept in the browser and in the URL (`?fall=a,b,c`), like the comparison,
//! whose script (`static/urval/page.js`) builds this page too.

use anyhow::Result;

use super::compare::case_data;
use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct Selection;
pub static SELECTION: Selection = Selection;

impl PageKind for Selection {
    fn name(&self) -> &'static str {
        "selection"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let url = urls::selection(&ctx.base);
        let (title, description) = (ctx.tr("selection_title"), ctx.tr("selection_description"));
        Ok(Page::html(&ctx.base, &url, "selection.html", title, description)
            .with("case_data", case_data(&ctx.base)))
    }
}
