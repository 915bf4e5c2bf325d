//! What Rotsystemskollen's two pages receive: the statements, numbered across the
//! whole questionnaire, and per factor everything a result shows about it when it is
//! weak, computed here once so the browser only scores and picks.
//!
//! Per factor the build chooses:
//! - its cases: the handouts' rule (`handout::select::cases`): those with a note for
//!   the factor first, then the listing order, spread across places; at most
//!   `CASES`, each with its note for the factor, else its summary;
//! - its process steps: the steps its own text links to (in the order it names them),
//!   then the steps its cases illustrate most often (ties in model order); at most
//!   `STEPS`;
//! - its first step for an action plan: its first discussion question, to talk over
//!   with colleagues (a factor's "Slutsatser" mostly state findings, not actions);
//!   else the first of those conclusions.
//!
//! The browser gets these as a JSON data island (`<script type="application/json">`,
//! data, not code, so the CSP allows it), escaped so no content can close the tag.

use pulldown_cmark::{Event, Parser, Tag};
use serde::Serialize;

use super::{handout_links, HandoutLinks};
use crate::handout::{select, text, Kind};
use crate::i18n::Strings;
use crate::site::Site;
use crate::urls;
use crate::vocabulary::{FACTORS, STEPS};

pub const CASES: usize = 3;
pub const STEPS_SHOWN: usize = 2;

/// The section whose first item is a factor's first step.
const CONCLUSIONS: &str = "Slutsatser";

/// Both pages' values.
#[derive(Serialize)]
pub struct View {
    pub factors: Vec<Factor>,
    /// How many statements there are: the questionnaire's length and the code's.
    pub count: usize,
    /// The JSON data island, escaped for a `<script>` element.
    pub data: String,
    pub questionnaire: String,
    pub group: String,
}

#[derive(Serialize)]
pub struct Factor {
    pub id: String,
    pub order: u32,
    pub colour: u32,
    pub name: String,
    pub url: String,
    pub description: String,
    /// The statements with their numbers (1-based, across the questionnaire).
    pub statements: Vec<(usize, String)>,
    pub cases: Vec<CaseLink>,
    pub steps: Vec<Link>,
    pub handout: HandoutLinks,
    pub first_step: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CaseLink {
    pub title: String,
    pub url: String,
    pub note: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// Whether the site has a self-assessment: its factors have statements (`check`
/// makes it all of them or none).
pub fn enabled(site: &Site) -> bool {
    site.factors().iter().any(|f| !f.doc.meta.statements.is_empty())
}

pub fn view(site: &Site, t: &Strings) -> View {
    let mut n = 0;
    let factors: Vec<Factor> = (0..site.factors().len())
        .map(|i| {
            let e = &site.factors()[i];
            let m = &e.doc.meta;
            let statements = m
                .statements
                .iter()
                .map(|s| {
                    n += 1;
                    (n, s.trim().to_string())
                })
                .collect();
            Factor {
                id: e.doc.slug.clone(),
                order: m.order,
                colour: super::views::colour(m.order),
                name: m.name.clone(),
                url: e.url.clone(),
                description: m.description.trim().to_string(),
                statements,
                cases: cases(site, i),
                steps: steps(site, i),
                handout: handout_links(site, Kind::Factor(i)),
                first_step: first_step(site, i),
            }
        })
        .collect();
    let words: std::collections::BTreeMap<&str, &str> = t
        .iter()
        .filter(|(k, _)| k.starts_with("sa_js_"))
        .map(|(k, v)| (&k["sa_js_".len()..], v.as_str()))
        .collect();
    let data = serde_json::json!({ "count": n, "factors": factors, "words": words });
    let base = site.base();
    View {
        factors,
        count: n,
        data: island(&data.to_string()),
        questionnaire: urls::selfassess(&base),
        group: urls::selfassess_group(&base),
    }
}

/// JSON made safe inside `<script>`: no `<`, `>` or `&` survives as itself, so no
/// text can end the element or open a comment; JSON reads the escapes back.
pub fn island(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

pub fn cases(site: &Site, factor: usize) -> Vec<CaseLink> {
    let id = &site.factors()[factor].doc.slug;
    select::cases(site, factor, CASES)
        .into_iter()
        .map(|ci| {
            let c = &site.cases[ci];
            let note = c
                .doc
                .meta
                .factors
                .iter()
                .find(|f| &f.id == id)
                .and_then(|f| f.note.as_deref());
            CaseLink {
                title: c.doc.meta.title.clone(),
                url: c.url.clone(),
                note: note.unwrap_or(&c.doc.meta.summary).trim().to_string(),
            }
        })
        .collect()
}

/// The steps that matter most for the factor (the rule is in the module header).
pub fn steps(site: &Site, factor: usize) -> Vec<Link> {
    let steps = &site.vocabularies[STEPS].terms;
    let pos = |slug: &str| steps.iter().position(|s| s.doc.slug == slug);
    let mut chosen: Vec<usize> = Vec::new();
    for event in Parser::new(site.factors()[factor].doc.body()) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let target = dest_url
                .rsplit("steps/")
                .next()
                .filter(|_| dest_url.contains("steps/"));
            if let Some(p) = target.and_then(|t| pos(t.trim_end_matches(".md"))) {
                if !chosen.contains(&p) {
                    chosen.push(p);
                }
            }
        }
    }
    let mut counts = vec![0usize; steps.len()];
    for &ci in &site.index.by_term[FACTORS][factor] {
        for s in &site.cases[ci].doc.meta.steps {
            if let Some(p) = pos(s) {
                counts[p] += 1;
            }
        }
    }
    let mut by_cases: Vec<usize> = (0..steps.len()).filter(|&p| counts[p] > 0).collect();
    by_cases.sort_by_key(|&p| (std::cmp::Reverse(counts[p]), steps[p].doc.meta.order, p));
    for p in by_cases {
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
    chosen
        .into_iter()
        .take(STEPS_SHOWN)
        .map(|p| Link {
            name: steps[p].doc.meta.name.clone(),
            url: steps[p].url.clone(),
        })
        .collect()
}

pub fn first_step(site: &Site, factor: usize) -> String {
    let e = &site.factors()[factor];
    if let Some(q) = e.doc.meta.questions.first() {
        return q.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let sections = text::sections(e.doc.body());
    sections
        .iter()
        .find(|s| s.heading == CONCLUSIONS)
        .and_then(|s| s.items.first())
        .map(text::plain)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::island;

    #[test]
    fn the_island_cannot_be_closed_by_content() {
        let json = serde_json::json!({ "t": "</script><!-- & \u{2028}" }).to_string();
        let safe = island(&json);
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], "</script><!-- & \u{2028}");
    }
}
