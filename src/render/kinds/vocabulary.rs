//! A vocabulary's overview: every factor (or step, or declared term) with its
//! description and number of cases, and the handout of the whole model.

use anyhow::Result;

use crate::handout::Kind;
use crate::render::{handout_links, Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;
use crate::vocabulary::CaseKey;

pub struct Overview;
pub static OVERVIEW: Overview = Overview;

impl PageKind for Overview {
    fn name(&self) -> &'static str {
        "vocabulary"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let ids = site.vocabularies.iter().map(|v| &v.spec.id);
        ids.enumerate().map(|(i, id)| PageId::new(id, i)).collect()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let v = &site.vocabularies[id.at];
        let labels = ctx.labels(&v.spec);
        let url = urls::vocabulary(&ctx.base, &v.spec.url);
        // The model's own vocabularies have a one-sheet handout each.
        let handout = match v.spec.case_key {
            CaseKey::Factors => Some(Kind::Root),
            CaseKey::Steps => Some(Kind::Steps),
            CaseKey::Terms(_) => None,
        };
        let page = Page::html(&ctx.base, &url, "terms.html", &labels.title, &labels.intro)
            .with("terms", ctx.term_summaries(&v.terms, &site.index.by_term[id.at]))
            .with("intro", labels.intro.clone())
            .with("is_factor", v.spec.case_key == CaseKey::Factors)
            .with_jsonld(&crate::opendata::jsonld::vocabulary(
                site,
                &ctx.origin(),
                id.at,
                &labels.title,
            ));
        // The factors' overview leads to the self-assessment, where the site has one.
        let selfassess = (v.spec.case_key == CaseKey::Factors && crate::render::selfassess::enabled(site))
            .then(|| urls::selfassess(&ctx.base));
        let page = page.with("selfassess", selfassess);
        Ok(match handout {
            Some(kind) => page.with("handout", handout_links(site, kind)),
            None => page,
        })
    }
}
