//! A term's page, for every vocabulary: what the factor or step means, its
//! questions and sources, and the cases tagged with it (with their notes).

use anyhow::Result;

use crate::handout::Kind;
use crate::render::{handout_links, views, Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::vocabulary::CaseKey;

pub struct Term;
pub static TERM: Term = Term;

impl PageKind for Term {
    fn name(&self) -> &'static str {
        "term"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let mut ids = Vec::new();
        for (v, vocabulary) in site.vocabularies.iter().enumerate() {
            for (t, e) in vocabulary.terms.iter().enumerate() {
                ids.push(PageId {
                    key: e.doc.content_path.clone(),
                    at: v,
                    sub: t,
                });
            }
        }
        ids
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let vocabulary = &site.vocabularies[id.at];
        let key = &vocabulary.spec.case_key;
        let e = &vocabulary.terms[id.sub];
        let m = &e.doc.meta;
        let is_factor = *key == CaseKey::Factors;
        let note = |ci: usize| {
            let mut refs = site.cases[ci].doc.meta.terms_of(key);
            refs.find(|(t, _)| *t == e.doc.slug).and_then(|(_, note)| note)
        };
        let by = &site.index.by_term[id.at][id.sub];
        let cases = ctx.card_list(by.iter().map(|&ci| (ci, note(ci))))?;
        let term = views::TermView {
            name: &m.name,
            order: m.order,
            colour: views::colour(m.order),
            total: vocabulary.terms.len(),
            aliases: &m.aliases,
            description: &m.description,
            questions: &m.questions,
            sources: &m.sources,
            body: &e.body.html,
        };
        let page = Page::html(&ctx.base, &e.url, "term.html", &m.name, &m.description)
            .with("kind_label", ctx.labels(&vocabulary.spec).one)
            .with("is_factor", is_factor)
            .with("term", term)
            .with("cases", cases)
            .with(
                "collections",
                super::collection::links(site, &site.index.collections_of_term[id.at][id.sub]),
            )
            .with_jsonld(&crate::opendata::jsonld::term(
                site,
                &ctx.origin(),
                id.at,
                id.sub,
                &ctx.labels(&vocabulary.spec).title,
            ));
        Ok(if is_factor {
            page.with("handout", handout_links(site, Kind::Factor(id.sub)))
        } else {
            page
        })
    }
}
