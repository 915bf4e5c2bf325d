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

pub mod pdf;
pub mod select;
pub mod text;
pub mod typst;
mod world;

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
pub fn collect(site: &Site, limits: &Limits) -> Vec<Handout> {
    let mut out: Vec<Handout> = (0..site.factors().len()).map(|i| factor(site, i, limits)).collect();
    out.push(root(site));
    out.push(steps(site));
    out
}

/// The one handout named `name` (`rotsystemet-<id>`, `rotsystemet`, `tio-steg`).
pub fn one(site: &Site, kind: Kind, limits: &Limits) -> Handout {
    match kind {
        Kind::Factor(i) => factor(site, i, limits),
        Kind::Root => root(site),
        Kind::Steps => steps(site),
    }
}

pub fn factor_name(id: &str) -> String {
    format!("rotsystemet-{id}")
}

fn factor(site: &Site, i: usize, limits: &Limits) -> Handout {
    let base = site.base();
    let e = &site.factors()[i];
    let m = &e.doc.meta;
    let sections = text::sections(e.doc.body());
    let section = |heading: &str| sections.iter().find(|s| s.heading == heading);

    let mut lead = text::plain_run(&m.description);
    if limits.meaning_words > 0 {
        if let Some(s) = section("Vad faktorn innebär") {
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
    if let Some(s) = section("Vad forskningen säger") {
        blocks.push(Block {
            heading: "Vad forskningen säger".into(),
            body: Body::Paras(text::first_words(&s.paras, limits.research_words)),
        });
    }
    if let Some(s) = section("Slutsatser") {
        let items: Vec<Para> = s.items.iter().take(limits.conclusions).cloned().collect();
        blocks.push(Block {
            heading: "Slutsatser".into(),
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
            heading: "Exempel ur fallbiblioteket".into(),
            body: Body::Cases(cases),
        });
    }
    if !m.questions.is_empty() {
        blocks.push(Block {
            heading: "Frågor att diskutera".into(),
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
        kicker: format!("Faktor {} av {} i rotsystemet", m.order, site.factors().len()),
        title: m.name.clone(),
        lead,
        page_url: urls::factor_handout(&base, &e.doc.slug),
        pdf_url: urls::handout_pdf(&base, &name),
        name,
        blocks,
        credits,
        file: e.doc.file.rel.clone(),
        ..addresses(site, &e.url)
    }
}

fn case_item(site: &Site, ci: usize, factor_id: &str) -> CaseItem {
    let c = &site.cases[ci];
    let m = &c.doc.meta;
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
    let note = m
        .factors
        .iter()
        .find(|f| f.id == factor_id)
        .and_then(|f| f.note.as_deref())
        .unwrap_or(&m.summary);
    CaseItem {
        title: m.title.clone(),
        meta,
        note: text::plain_run(note),
        url: c.url.clone(),
    }
}

fn root(site: &Site) -> Handout {
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
                .map(|q| ("Att diskutera".to_string(), text::plain_run(q))),
            meta: count(cases.len()),
        })
        .collect();
    let n = site.factors().len();
    Handout {
        kind: Kind::Root,
        name: "rotsystemet".into(),
        kicker: "Översikt".into(),
        title: format!("Rotsystemet – {} faktorer i en innovativ kommun", number_word(n)),
        lead: text::plain_run(&format!(
            "Rotsystemet beskriver vad som gör en kommun innovativ: {} faktorer som tillsammans \
             ger idéer jordmån att växa i. Varje faktor har ett eget utskriftsblad med fall och \
             diskussionsfrågor.",
            number_word(n)
        )),
        page_url: urls::handout_page(&base, "rotsystemet"),
        pdf_url: urls::handout_pdf(&base, "rotsystemet"),
        blocks: vec![Block {
            heading: "Faktorerna".into(),
            body: Body::Terms(terms),
        }],
        credits: source_titles(site.factors().iter().flat_map(|f| &f.doc.meta.sources)),
        file: format!("{}/factors", site.config.book.src.display()),
        ..addresses(site, &format!("{base}faktorer/"))
    }
}

fn steps(site: &Site) -> Handout {
    let base = site.base();
    let terms = site
        .steps()
        .iter()
        .zip(&site.index.by_term[crate::vocabulary::STEPS])
        .map(|(s, cases)| {
            let sections = text::sections(s.doc.body());
            let leaders = sections
                .iter()
                .find(|sec| sec.heading == "Vad ledare gör")
                .and_then(|sec| {
                    text::first_words(&sec.paras, STEP_ADVICE_WORDS)
                        .into_iter()
                        .next()
                });
            TermItem {
                order: s.doc.meta.order,
                name: s.doc.meta.name.clone(),
                text: text::plain_run(&s.doc.meta.description),
                extra: leaders.map(|p| ("Vad ledare gör".to_string(), p)),
                meta: count(cases.len()),
            }
        })
        .collect();
    let n = site.steps().len();
    Handout {
        kind: Kind::Steps,
        name: "tio-steg".into(),
        kicker: "Processmodell".into(),
        title: format!("{} steg i innovativa processer", capitalised(&number_word(n))),
        lead: text::plain_run(
            "Modellen följer en idé från en medarbetare till verklighet. Stegen beskriver vad \
             som händer och vad ledare kan göra för att idén inte ska stanna på vägen.",
        ),
        page_url: urls::handout_page(&base, "tio-steg"),
        pdf_url: urls::handout_pdf(&base, "tio-steg"),
        blocks: vec![Block {
            heading: "Stegen".into(),
            body: Body::Terms(terms),
        }],
        credits: source_titles(site.steps().iter().flat_map(|s| &s.doc.meta.sources)),
        file: format!("{}/steps", site.config.book.src.display()),
        ..addresses(site, &format!("{base}steg/"))
    }
}

/// The fields every handout shares: its online address and the library stamp.
fn addresses(site: &Site, path: &str) -> Handout {
    let c = &site.config;
    let site_url = &c.output.html.site_url;
    let origin = &site_url[..site_url.len() - site.base().len()];
    let url = format!("{origin}{path}");
    let short_url = url
        .split_once("://")
        .map_or(url.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_string();
    let mut stamp = c.book.title.clone();
    if let Some(v) = &c.library.version {
        stamp.push_str(&format!(", version {v}"));
    }
    if let Some((y, m, d)) = c.library_date() {
        stamp.push_str(&format!(", {y:04}-{m:02}-{d:02}"));
    }
    Handout {
        kind: Kind::Root,
        name: String::new(),
        kicker: String::new(),
        title: String::new(),
        lead: Vec::new(),
        online: path.to_string(),
        url,
        short_url,
        page_url: String::new(),
        pdf_url: String::new(),
        blocks: Vec::new(),
        credits: Vec::new(),
        stamp,
        library: c.book.title.clone(),
        file: String::new(),
    }
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

fn count(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!("{n} fall"),
    }
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
    ];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
