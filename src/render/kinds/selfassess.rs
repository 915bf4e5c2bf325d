//! Rotsystemskollen, the self-assessment: the questionnaire at `/sjalvskattning/`
//! (which shows the reader's result too, from the URL's fragment) and the workshop
//! facilitator's page at `/sjalvskattning/grupp/`. Both exist only when the factors
//! have statements; both receive the same view (`render/selfassess.rs`).

use anyhow::Result;

use crate::render::selfassess::{enabled, view};
use crate::render::{Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct SelfAssess;
pub static SELF_ASSESS: SelfAssess = SelfAssess;

impl PageKind for SelfAssess {
    fn name(&self) -> &'static str {
        "selfassess"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        if enabled(site) {
            vec![PageId::new("questionnaire", 0), PageId::new("group", 0)]
        } else {
            Vec::new()
        }
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let (url, template, title, description) = match id.key.as_str() {
            "group" => (
                urls::selfassess_group(&ctx.base),
                "selfassess_group.html",
                "sa_group_title",
                "sa_group_description",
            ),
            _ => (
                urls::selfassess(&ctx.base),
                "selfassess.html",
                "sa_title",
                "sa_description",
            ),
        };
        Ok(
            Page::html(&ctx.base, &url, template, ctx.tr(title), ctx.tr(description))
                .with("sa", view(ctx.site, ctx.t)),
        )
    }
}
