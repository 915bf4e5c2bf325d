//! The handouts' print pages: one per factor, the root system and the 10-step model.

use anyhow::Result;

use crate::handout::{self as handouts, Kind};
use crate::render::theme::fill;
use crate::render::{handout as view, Ctx, Page, PageId, PageKind};
use crate::site::Site;

pub struct Handout;
pub static HANDOUT: Handout = Handout;

/// Which handout a page of this kind is.
pub fn kind_of(id: &PageId) -> Kind {
    match id.key.as_str() {
        "root" => Kind::Root,
        "steps" => Kind::Steps,
        _ => Kind::Factor(id.at),
    }
}

impl PageKind for Handout {
    fn name(&self) -> &'static str {
        "handout"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        handouts::pdf::kinds(site)
            .into_iter()
            .map(|kind| match kind {
                Kind::Factor(i) => PageId::new(&site.factors()[i].doc.content_path, i),
                Kind::Root => PageId::new("root", 0),
                Kind::Steps => PageId::new("steps", 0),
            })
            .collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        // The page shows the handout at its fullest; only a PDF that would overflow
        // two pages is shortened further.
        let h = handouts::one(ctx.site, kind_of(id), &handouts::LADDER[0], ctx.t);
        let title = fill(ctx.tr("handout_page_title"), &[("title", &h.title)]);
        let description = fill(ctx.tr("handout_page_description"), &[("title", &h.title)]);
        Ok(
            Page::html(&ctx.base, &h.page_url, "handout.html", &title, &description)
                .with("handout", view::view(&h)),
        )
    }
}
