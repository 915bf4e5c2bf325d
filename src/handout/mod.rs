//! Trainer handouts: one printable sheet per factor, one for the whole root system and
//! one for the 10-step model, as HTML pages in the site and as A4 PDFs.
//!
//! A `Handout` is built from the loaded `Site`, the same content the site shows, so an
//! edited factor or case changes its handout on the next build. Two writers read it:
//! the theme's `handout.html` (through `render`) and `typst.rs` (the PDF).
//!
//! The content is shortened by documented rules so a factor fits on two A4 pages:
//! the meaning is the factor's `description` plus the start of "Vad faktorn innebär",
//! the research is the start of "Vad forskningen säger", each cut at a sentence end
//! within a word budget (`text::first_words`); conclusions and cases are capped in
//! number; questions are printed in full. `LADDER` lists the budgets. The HTML page
//! and a PDF use the first rung; a PDF that would still run past two pages is built
//! again with the next rung, and one that overflows on the last rung is an error that
//! names the factor's file.
//!
//! Every word a handout prints that is not content (headings, labels, the kickers and
//! the overviews' titles and leads) comes from the theme's interface strings in the
//! site's language (`i18n/`, keys `handout_*`). The section names a factor's or a
//! step's body is searched for are the content model's (`docs/content-model.md`),
//! which is Swedish whatever the interface language.

pub mod booklet;
pub mod pdf;
pub mod select;
pub mod text;
pub mod typst;
mod world;

use crate::i18n::{self, Strings};
use crate::site::Site;
use crate::urls;
use text::Para;

/// What is printed, and how much of it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Words from "Vad faktorn innebär" after the description (0: the description only).
    pub meaning_words: usize,
    /// Words from "Vad forskningen säger".
    pub research_words: usize,
    pub conclusions: usize,
    pub cases: usize,
}

/// The budgets, loosest first.
pub const LADDER: &[Limits] = &[
    Limits {
        meaning_words: 70,
        research_words: 130,
        conclusions: 5,
        cases: 5,
    },
    Limits {
        meaning_words: 40,
        research_words: 80,
        conclusions: 4,
        cases: 4,
    },
    Limits {
        meaning_words: 0,
        research_words: 50,
        conclusions: 3,
        cases: 3,
    },
];

/// Words from a step's "Vad ledare gör" on the 10-step handout.
pub const STEP_ADVICE_WORDS: usize = 35;

/// The `##` sections of a body that a handout prints from, as the content model
/// names them.
const MEANING: &str = "Vad faktorn innebär";
const RESEARCH: &str = "Vad forskningen säger";
const CONCLUSIONS: &str = "Slutsatser";
const LEADERS: &str = "Vad ledare gör";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Factor(usize),
    Root,
    Steps,
}

#[derive(Debug)]
pub struct Handout {
    pub kind: Kind,
    /// The PDF's file stem and the name in messages: `rotsystemet-ledarskap`.
    pub name: String,
    pub kicker: String,
    pub title: String,
    pub lead: Para,
    /// The online page the handout belongs to, as a site URL (`/faktorer/kultur/`).
    pub online: String,
    /// The same page, absolute: what the QR code holds.
    pub url: String,
    /// `url` without its scheme and trailing `/`: what a reader types.
    pub short_url: String,
    /// The handout's own HTML page and PDF, as site URLs.
    pub page_url: String,
    pub pdf_url: String,
    pub blocks: Vec<Block>,
    pub credits: Vec<String>,
    /// The library's name, version and date.
    pub stamp: String,
    /// The library's name alone, for the PDF's title.
    pub library: String,
    /// The content file a problem with this handout is reported against.
    pub file: String,
    pub words: Words,
}

/// The layout's own words, in the site's language.
#[derive(Debug, Default)]
pub struct Words {
    /// Before the credits: "Källor".
    pub sources: String,
    /// The footer's page number, with `{n}` and `{total}`: "Sida {n} av {total}".
    pub page_of: String,
    /// The QR code's text alternative, naming its address.
    pub qr_label: String,
}

#[derive(Debug)]
pub struct Block {
    pub heading: String,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    Paras(Vec<Para>),
    Bullets(Vec<Para>),
    Numbered(Vec<Para>),
    Cases(Vec<CaseItem>),
    Terms(Vec<TermItem>),
}

#[derive(Debug)]
pub struct CaseItem {
    pub title: String,
    /// "Vara · 2013".
    pub meta: String,
    /// The case's note for this factor, else its summary.
    pub note: Para,
    pub url: String,
}

#[derive(Debug)]
pub struct TermItem {
    pub order: u32,
    pub name: String,
    pub text: Para,
    /// A labelled line under the text: a factor's first question, a step's advice
    /// to leaders.
    pub extra: Option<(String, Para)>,
    /// "7 fall", or empty when no case shows it yet.
    pub meta: String,
}

/// Every handout of the site: the factors in model order, then the root system and
/// the 10-step model.
pub fn collect(site: &Site, limits: &Limits, t: &Strings) -> Vec<Handout> {
    let mut out: Vec<Handout> = (0..site.factors().len())
        .map(|i| factor(site, i, limits, t))
        .collect();
    out.push(root(site, t));
    out.push(steps(site, t));
    out
}

/// The one handout of `kind`, with its words from `t` (the site's language).
pub fn one(site: &Site, kind: Kind, limits: &Limits, t: &Strings) -> Handout {
    match kind {
        Kind::Factor(i) => factor(site, i, limits, t),
        Kind::Root => root(site, t),
        Kind::Steps => steps(site, t),
    }
}

pub fn factor_name(id: &str) -> String {
    format!("rotsystemet-{id}")
}

fn factor(site: &Site, i: usize, limits: &Limits, t: &Strings) -> Handout {
    let base = site.base();
    let e = &site.factors()[i];
    let m = &e.doc.meta;
    let sections = text::sections(e.doc.body());
    let section = |heading: &str| sections.iter().find(|s| s.heading == heading);

    let mut lead = text::plain_run(&m.description);
    if limits.meaning_words > 0 {
        if let Some(s) = section(MEANING) {
            if let Some(first) = text::first_words(&s.paras, limits.meaning_words)
                .into_iter()
                .next()
            {
                lead.push(text::Run {
                    text: " ".into(),
                    emph: false,
                    strong: false,
                });
                lead.extend(first);
            }
        }
    }
    let mut blocks = Vec::new();
    if let Some(s) = section(RESEARCH) {
        blocks.push(Block {
            heading: i18n::get(t, "handout_research").into(),
            body: Body::Paras(text::first_words(&s.paras, limits.research_words)),
        });
    }
    if let Some(s) = section(CONCLUSIONS) {
        let items: Vec<Para> = s.items.iter().take(limits.conclusions).cloned().collect();
        blocks.push(Block {
            heading: i18n::get(t, "handout_conclusions").into(),
            body: Body::Bullets(items),
        });
    }
    let chosen = select::cases(site, i, limits.cases);
    if !chosen.is_empty() {
        let cases = chosen
            .iter()
            .map(|&ci| case_item(site, ci, &e.doc.slug))
            .collect();
        blocks.push(Block {
            heading: i18n::get(t, "handout_examples").into(),
            body: Body::Cases(cases),
        });
    }
    if !m.questions.is_empty() {
        blocks.push(Block {
            heading: i18n::get(t, "questions").into(),
            body: Body::Numbered(m.questions.iter().map(|q| text::plain_run(q)).collect()),
        });
    }
    let credits = source_titles(
        m.sources
            .iter()
            .chain(chosen.iter().flat_map(|&ci| &site.cases[ci].doc.meta.sources)),
    );
    let name = factor_name(&e.doc.slug);
    Handout {
        kind: Kind::Factor(i),
        kicker: i18n::text(
            t,
            "handout_factor_kicker",
            &[
                ("n", &m.order.to_string()),
                ("total", &site.factors().len().to_string()),
            ],
        ),
        title: m.name.clone(),
        lead,
        page_url: urls::factor_handout(&base, &e.doc.slug),
        pdf_url: urls::handout_pdf(&base, &name),
        name,
        blocks,
        credits,
        file: e.doc.file.rel.clone(),
        ..addresses(site, &e.url, t)
    }
}

fn case_item(site: &Site, ci: usize, factor_id: &str) -> CaseItem {
    let c = &site.cases[ci];
    let m = &c.doc.meta;
    let note = m
        .factors
        .iter()
        .find(|f| f.id == factor_id)
        .and_then(|f| f.note.as_deref())
        .unwrap_or(&m.summary);
    CaseItem {
        title: m.title.clone(),
        meta: case_meta(site, ci),
        note: text::plain_run(note),
        url: c.url.clone(),
    }
}

/// Where and when a case is, as a handout prints it: "Vara · 2013".
fn case_meta(site: &Site, ci: usize) -> String {
    let m = &site.cases[ci].doc.meta;
    let mut place: Vec<&str> = m
        .municipalities
        .iter()
        .filter_map(|id| {
            site.municipality_pos(id)
                .map(|k| site.municipalities[k].name.as_str())
        })
        .collect();
    place.extend(m.places.iter().map(String::as_str));
    if place.is_empty() {
        place.extend(m.organisation.as_deref());
    }
    let mut meta = place.join(", ");
    if let Some(y) = m.year {
        meta.push_str(&format!(" · {y}"));
    }
    meta
}

fn root(site: &Site, t: &Strings) -> Handout {
    let base = site.base();
    let terms = site
        .factors()
        .iter()
        .zip(&site.index.by_term[crate::vocabulary::FACTORS])
        .map(|(f, cases)| TermItem {
            order: f.doc.meta.order,
            name: f.doc.meta.name.clone(),
            text: text::plain_run(&f.doc.meta.description),
            extra: f
                .doc
                .meta
                .questions
                .first()
                .map(|q| (i18n::get(t, "handout_discuss").to_string(), text::plain_run(q))),
            meta: count(t, cases.len()),
        })
        .collect();
    let n = site.factors().len();
    Handout {
        kind: Kind::Root,
        name: "rotsystemet".into(),
        kicker: i18n::get(t, "handout_root_kicker").into(),
        title: with_number(t, "handout_root_title", n),
        lead: text::plain_run(&with_number(t, "handout_root_lead", n)),
        page_url: urls::handout_page(&base, "rotsystemet"),
        pdf_url: urls::handout_pdf(&base, "rotsystemet"),
        blocks: vec![Block {
            heading: i18n::get(t, "handout_root_heading").into(),
            body: Body::Terms(terms),
        }],
        credits: source_titles(site.factors().iter().flat_map(|f| &f.doc.meta.sources)),
        file: format!("{}/factors", site.config.book.src.display()),
        ..addresses(site, &format!("{base}faktorer/"), t)
    }
}

fn steps(site: &Site, t: &Strings) -> Handout {
    let base = site.base();
    let terms = site
        .steps()
        .iter()
        .zip(&site.index.by_term[crate::vocabulary::STEPS])
        .map(|(s, cases)| {
            let sections = text::sections(s.doc.body());
            // Every step says what leaders do, or says that its source does not.
            let leaders = sections
                .iter()
                .find(|sec| sec.heading == LEADERS)
                .and_then(|sec| {
                    text::first_words_with_list(sec, STEP_ADVICE_WORDS)
                        .into_iter()
                        .next()
                })
                .unwrap_or_else(|| text::plain_run(i18n::get(t, "handout_leaders_none")));
            TermItem {
                order: s.doc.meta.order,
                name: s.doc.meta.name.clone(),
                text: text::plain_run(&s.doc.meta.description),
                extra: Some((i18n::get(t, "handout_leaders").to_string(), leaders)),
                meta: count(t, cases.len()),
            }
        })
        .collect();
    let n = site.steps().len();
    Handout {
        kind: Kind::Steps,
        name: "tio-steg".into(),
        kicker: i18n::get(t, "handout_steps_kicker").into(),
        title: with_number(t, "handout_steps_title", n),
        lead: text::plain_run(&with_number(t, "handout_steps_lead", n)),
        page_url: urls::handout_page(&base, "tio-steg"),
        pdf_url: urls::handout_pdf(&base, "tio-steg"),
        blocks: vec![Block {
            heading: i18n::get(t, "handout_steps_heading").into(),
            body: Body::Terms(terms),
        }],
        credits: source_titles(site.steps().iter().flat_map(|s| &s.doc.meta.sources)),
        file: format!("{}/steps", site.config.book.src.display()),
        ..addresses(site, &format!("{base}steg/"), t)
    }
}

/// The fields every handout shares: its online address, the library stamp and the
/// layout's words.
fn addresses(site: &Site, path: &str, t: &Strings) -> Handout {
    let c = &site.config;
    let url = absolute(site, path);
    let short_url = url
        .split_once("://")
        .map_or(url.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_string();
    Handout {
        kind: Kind::Root,
        name: String::new(),
        kicker: String::new(),
        title: String::new(),
        lead: Vec::new(),
        online: path.to_string(),
        url: url.clone(),
        short_url,
        page_url: String::new(),
        pdf_url: String::new(),
        blocks: Vec::new(),
        credits: Vec::new(),
        stamp: stamp(site, t),
        library: c.book.title.clone(),
        file: String::new(),
        words: Words {
            sources: i18n::get(t, "sources").into(),
            page_of: i18n::get(t, "handout_page_of").into(),
            qr_label: i18n::text(t, "handout_qr", &[("url", &url)]),
        },
    }
}

/// A site path as the absolute address printed and put in QR codes, from
/// `site-url` in book.toml.
fn absolute(site: &Site, path: &str) -> String {
    let site_url = &site.config.output.html.site_url;
    let origin = &site_url[..site_url.len() - site.base().len()];
    format!("{origin}{path}")
}

/// The library's name, version, date and licence, as every printed page's footer
/// says them.
fn stamp(site: &Site, t: &Strings) -> String {
    let c = &site.config;
    let mut stamp = c.book.title.clone();
    if let Some(v) = &c.library.version {
        stamp.push_str(", ");
        stamp.push_str(&i18n::text(t, "handout_version", &[("version", v)]));
    }
    if let Some((y, m, d)) = c.library_date() {
        stamp.push_str(&format!(", {y:04}-{m:02}-{d:02}"));
    }
    // The licence goes wherever the handout goes, printed or forwarded as a PDF.
    if let Some(l) = c.book.license.as_deref().and_then(crate::config::license::find) {
        stamp.push_str(", ");
        stamp.push_str(&i18n::text(t, "handout_license", &[("id", l.id)]));
    }
    stamp
}

fn source_titles<'a>(sources: impl Iterator<Item = &'a crate::load::schema::Source>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in sources {
        if !out.contains(&s.title) {
            out.push(s.title.clone());
        }
    }
    out
}

fn count(t: &Strings, n: usize) -> String {
    match n {
        0 => String::new(),
        n => i18n::text(t, "case_count", &[("n", &n.to_string())]),
    }
}

/// The string `key` with a count in it, as an overview's title and lead have it:
/// `{number}` is the word ("tolv"), `{Number}` the word capitalised; past the
/// language's `number_words`, digits.
fn with_number(t: &Strings, key: &str, n: usize) -> String {
    let word = i18n::get(t, "number_words")
        .split_whitespace()
        .nth(n)
        .map_or_else(|| n.to_string(), str::to_string);
    i18n::text(t, key, &[("number", &word), ("Number", &capitalised(&word))])
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
