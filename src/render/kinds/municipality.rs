//! The municipalities: a page for each one that cases name, and the overview with
//! the map. Of Sweden's 290, the others have no page: there would be nothing on it.

use anyhow::Result;

use crate::render::theme::fill;
use crate::render::{views, Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct Municipality;
pub static MUNICIPALITY: Municipality = Municipality;

impl PageKind for Municipality {
    fn name(&self) -> &'static str {
        "municipality"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let named = site.index.named_municipalities.iter();
        named
            .map(|&i| PageId::new(&site.municipalities[i].id, i))
            .collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let k = &site.municipalities[id.at];
        let cases = &site.index.by_municipality[id.at];
        let url = urls::municipality(&ctx.base, &k.id);
        let description = fill(ctx.tr("municipality_description"), &[("name", &k.name)]);
        let view = views::MunicipalityView {
            data: k,
            url: url.clone(),
            count: cases.len(),
        };
        Ok(
            Page::html(&ctx.base, &url, "municipality.html", &k.name, &description)
                .with("muni", view)
                .with("cases", ctx.cards_of(cases.iter().copied())?),
        )
    }
}

pub struct Municipalities;
pub static MUNICIPALITIES: Municipalities = Municipalities;

impl PageKind for Municipalities {
    fn name(&self) -> &'static str {
        "municipalities"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let url = format!("{}kommuner/", ctx.base);
        let (title, description) = (
            ctx.tr("municipalities_title"),
            ctx.tr("municipalities_description"),
        );
        Ok(
            Page::html(&ctx.base, &url, "municipalities.html", title, description)
                .with("municipalities", ctx.municipality_list())
                .with("map", ctx.map()),
        )
    }
}
