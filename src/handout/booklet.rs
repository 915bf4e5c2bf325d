//! A workshop collection as one A4 booklet: a cover (what the workshop is, for whom,
//! how long, which factors, the cases, and a QR code to the collection's page), the
//! introduction, a page per case (its short version: summary, key question and
//! answer, each factor's note with the collection's own factors first, why it is
//! there, and a QR code to its page, with the rest of the page ruled for notes), the
//! questions, and a page for notes.
//!
//! Like a handout, a `Booklet` is built only from the loaded `Site`, and reaches
//! typst only through `typst::markup` and `typst::string`; the layout is
//! `booklet.typ`, after the handouts' preamble (fonts, colours, footer).

use super::text::{self, Para};
use super::typst::{self as tp, markup, string};
use crate::i18n::{self, Strings};
use crate::site::{LoadError, Site};
use crate::urls;

const LAYOUT: &str = include_str!("booklet.typ");

/// What a booklet prints.
#[derive(Debug)]
pub struct Booklet {
    /// The PDF's document identifier and file stem: `samling-<slug>`.
    pub name: String,
    pub title: String,
    pub summary: String,
    pub facts: Vec<(String, String)>,
    pub factors: Vec<String>,
    /// The introduction's sections: a heading (empty for the text before the first
    /// `##`), paragraphs and list items.
    pub intro: Vec<text::Section>,
    pub cases: Vec<BookletCase>,
    pub questions: Vec<String>,
    pub credits: Vec<String>,
    pub qr: Qr,
    pub stamp: String,
    pub file: String,
}

#[derive(Debug)]
pub struct BookletCase {
    pub kicker: String,
    pub title: String,
    /// "Vara · 2013".
    pub meta: String,
    pub summary: String,
    pub why: Option<String>,
    /// Labelled lines: the key question and answer.
    pub key: Vec<(String, String)>,
    /// Factors in the case: (order, name, note); the collection's own first.
    pub factors: Vec<(u32, String, Option<String>)>,
    pub qr: Qr,
}

/// A QR code's address, what a reader types, and its text alternative.
#[derive(Debug)]
pub struct Qr {
    pub url: String,
    pub short: String,
    pub alt: String,
}

/// The booklet of collection `i`.
pub fn booklet(site: &Site, i: usize, t: &Strings) -> Booklet {
    let e = &site.collections[i];
    let m = &e.doc.meta;
    let factors: Vec<&crate::site::Entry<crate::load::schema::TermMeta>> = m
        .factors
        .iter()
        .filter_map(|id| site.factor_pos(id).map(|p| &site.factors()[p]))
        .collect();
    let chosen: Vec<(usize, Option<&str>)> = m
        .cases
        .iter()
        .filter_map(|r| {
            let at = site.cases.iter().position(|c| c.doc.slug == r.id)?;
            Some((at, r.note.as_deref()))
        })
        .collect();
    let total = chosen.len().to_string();
    let cases = chosen
        .iter()
        .enumerate()
        .map(|(n, &(ci, why))| {
            let kicker = i18n::text(
                t,
                "booklet_case_kicker",
                &[("n", &(n + 1).to_string()), ("total", &total)],
            );
            case(site, ci, why, &m.factors, kicker, t)
        })
        .collect();
    let credits = super::source_titles(
        m.sources.iter().chain(
            chosen
                .iter()
                .flat_map(|&(ci, _)| &site.cases[ci].doc.meta.sources),
        ),
    );
    let intro = text::sections(&format!("## \n\n{}", e.doc.body()));
    Booklet {
        name: format!("samling-{}", e.doc.slug),
        title: m.title.clone(),
        summary: m.summary.clone(),
        facts: vec![
            (i18n::get(t, "collection_audience").into(), m.audience.clone()),
            (i18n::get(t, "collection_duration").into(), m.duration.clone()),
        ],
        factors: factors
            .iter()
            .map(|f| format!("{}. {}", f.doc.meta.order, f.doc.meta.name))
            .collect(),
        intro,
        cases,
        questions: m.questions.clone(),
        credits,
        qr: qr(site, &e.url, "booklet_collection_qr", t),
        stamp: super::stamp(site, t),
        file: e.doc.file.rel.clone(),
    }
}

fn case(
    site: &Site,
    ci: usize,
    why: Option<&str>,
    covered: &[String],
    kicker: String,
    t: &Strings,
) -> BookletCase {
    let c = &site.cases[ci];
    let m = &c.doc.meta;
    let mut key = Vec::new();
    if let Some(q) = &m.key_question {
        key.push((i18n::get(t, "booklet_key_question").to_string(), q.clone()));
    }
    if let Some(a) = &m.key_answer {
        key.push((i18n::get(t, "booklet_key_answer").to_string(), a.clone()));
    }
    let mut factors: Vec<(bool, u32, String, Option<String>)> = m
        .factors
        .iter()
        .filter_map(|f| {
            let term = &site.factors()[site.factor_pos(&f.id)?].doc.meta;
            Some((
                !covered.contains(&f.id),
                term.order,
                term.name.clone(),
                f.note.clone(),
            ))
        })
        .collect();
    // The collection's own factors first, each group in model order.
    factors.sort_by_key(|f| (f.0, f.1));
    BookletCase {
        kicker,
        title: m.title.clone(),
        meta: super::case_meta(site, ci),
        summary: m.summary.clone(),
        why: why.map(str::to_string),
        key,
        factors: factors.into_iter().map(|(_, o, n, note)| (o, n, note)).collect(),
        qr: qr(site, &c.url, "booklet_qr", t),
    }
}

fn qr(site: &Site, path: &str, alt_key: &str, t: &Strings) -> Qr {
    let url = super::absolute(site, path);
    let short = url
        .split_once("://")
        .map_or(url.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_string();
    Qr {
        alt: i18n::text(t, alt_key, &[("url", &url)]),
        short,
        url,
    }
}

/// The booklet's typst source: the handouts' preamble, the booklet's layout and one
/// call with the content. `t` gives the layout's words.
pub fn source(b: &Booklet, t: &Strings, authors: &[String]) -> String {
    let title = i18n::text(t, "booklet_title", &[("title", &b.title)]);
    let mut s = tp::document(&title, authors);
    s.push_str(LAYOUT);
    let words = |key: &str| format!("[{}]", markup(i18n::get(t, key)));
    s.push_str("\n#booklet(\n");
    s.push_str(&format!("  kicker: {},\n", words("collection_kicker")));
    s.push_str(&format!("  title: [{}],\n", markup(&b.title)));
    s.push_str(&format!("  lead: [{}],\n", markup(&b.summary)));
    let facts: String = b
        .facts
        .iter()
        .map(|(k, v)| format!("([{}], [{}]), ", markup(k), markup(v)))
        .collect();
    s.push_str(&format!("  facts: ({facts}),\n"));
    s.push_str(&format!("  covers-label: {},\n", words("collection_covers")));
    s.push_str(&format!("  covers: ({}),\n", list(&b.factors)));
    s.push_str(&format!("  contents-label: {},\n", words("booklet_contents")));
    s.push_str(&format!("  qr: {},\n", qr_call(&b.qr)));
    s.push_str(&format!("  stamp: [{}],\n", markup(&b.stamp)));
    s.push_str(&format!(
        "  page-of: {},\n",
        tp::page_of(i18n::get(t, "handout_page_of"))
    ));
    s.push_str(&format!("  intro-label: {},\n", words("booklet_introduction")));
    s.push_str(&format!("  intro: [{}],\n", intro(&b.intro)));
    s.push_str(&format!("  cases-label: {},\n", words("collection_cases")));
    s.push_str("  cases: (\n");
    for c in &b.cases {
        s.push_str(&case_call(c, t));
    }
    s.push_str("  ),\n");
    s.push_str(&format!("  questions-label: {},\n", words("questions")));
    s.push_str(&format!("  questions: ({}),\n", list(&b.questions)));
    s.push_str(&format!("  notes-label: {},\n", words("booklet_notes")));
    s.push_str(&format!("  sources-label: {},\n", words("sources")));
    s.push_str(&format!("  credits: [{}],\n", markup(&b.credits.join("; "))));
    s.push_str(")\n");
    s
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("[{}], ", markup(i))).collect()
}

fn qr_call(q: &Qr) -> String {
    // The address is not cut: `fit` refuses one too long for its QR code.
    let svg = tp::qr_svg(&q.url).unwrap_or_default();
    format!(
        "(url: {}, short: [{}], svg: {}, alt: {})",
        tp::literal(&q.url),
        markup(&q.short),
        tp::literal(&svg),
        string(&q.alt)
    )
}

fn case_call(c: &BookletCase, t: &Strings) -> String {
    let why = match &c.why {
        Some(w) => format!("[*{}:* {}]", markup(i18n::get(t, "collection_why")), markup(w)),
        None => "none".into(),
    };
    let key: String = c
        .key
        .iter()
        .map(|(k, v)| format!("([{}], [{}]), ", markup(k), markup(v)))
        .collect();
    let factors: String = c
        .factors
        .iter()
        .map(|(order, name, note)| {
            let note = note
                .as_deref()
                .map_or("none".into(), |n| format!("[{}]", markup(n)));
            format!("({order}, [{}], {note}), ", markup(name))
        })
        .collect();
    format!(
        "    (kicker: [{}], title: [{}], meta: [{}], summary: [{}], why: {why}, key: ({key}), factors-label: [{}], factors: ({factors}), qr: {}),\n",
        markup(&c.kicker),
        markup(&c.title),
        markup(&c.meta),
        markup(&c.summary),
        markup(i18n::get(t, "booklet_case_factors")),
        qr_call(&c.qr),
    )
}

/// The introduction as markup: each section's heading, paragraphs and list items.
fn intro(sections: &[text::Section]) -> String {
    let para = |p: &Para| tp::para(p);
    let mut s = String::new();
    for sec in sections {
        if !sec.heading.trim().is_empty() {
            s.push_str(&format!("\n=== {}\n\n", markup(&sec.heading)));
        }
        let (mut paras, mut items) = (sec.paras.iter(), sec.items.iter());
        for &item in &sec.order {
            match (item, if item { items.next() } else { paras.next() }) {
                (true, Some(p)) => s.push_str(&format!("- {}\n", para(p))),
                (false, Some(p)) => s.push_str(&format!("\n{}\n\n", para(p))),
                (_, None) => {}
            }
        }
        s.push('\n');
    }
    s
}

/// The PDF of collection `i`, as (output path, bytes): laid out, refused when a QR
/// address is too long, and written deterministically.
pub fn pdf(site: &Site, i: usize, t: &Strings) -> Result<(String, Vec<u8>), LoadError> {
    let b = booklet(site, i, t);
    let urls_ok = std::iter::once(&b.qr).chain(b.cases.iter().map(|c| &c.qr));
    if urls_ok.into_iter().any(|q| tp::qr_svg(&q.url).is_none()) {
        return Err(LoadError::Content(vec![crate::diagnostic::Diagnostic::error_t(
            "book.toml",
            "diag_handout_site_url_long",
            &[],
        )
        .help_t("diag_handout_site_url_long_help", &[])]));
    }
    let source = source(&b, t, &site.config.book.authors);
    let layout = tp::compile(&b.name, source, site.config.library_date()).map_err(LoadError::Internal)?;
    let bytes = tp::export(&layout).map_err(LoadError::Internal)?;
    let url = urls::collection_pdf(&site.base(), &site.collections[i].doc.slug);
    Ok((urls::output_path(&site.base(), &url), bytes))
}

/// Every collection's booklet, in parallel, in `Site::collections` order.
pub fn all(site: &Site, t: &Strings) -> Result<Vec<(String, Vec<u8>)>, LoadError> {
    use rayon::prelude::*;
    (0..site.collections.len())
        .into_par_iter()
        .map(|i| pdf(site, i, t))
        .collect()
}
