//! What the `handout.html` template sees: a `Handout` with its text already written
//! as escaped HTML, and its QR code as inline SVG.

use serde::Serialize;

use crate::handout::text::Para;
use crate::handout::{self, Body, Handout};

#[derive(Serialize)]
pub struct HandoutView {
    pub kicker: String,
    pub title: String,
    /// Escaped HTML.
    pub lead: String,
    /// The online page the handout belongs to (site URL) and its absolute address.
    pub page: String,
    pub url: String,
    pub short_url: String,
    pub pdf: String,
    /// Every handout in one PDF.
    pub pack: String,
    /// Inline SVG, generated here from the URL: nothing from content is in it but the
    /// escaped label.
    pub qr: String,
    pub blocks: Vec<BlockView>,
    pub credits: Vec<String>,
    pub stamp: String,
}

#[derive(Serialize)]
pub struct BlockView {
    pub heading: String,
    /// `paras`, `bullets`, `numbered`, `cases` or `terms`.
    pub kind: &'static str,
    /// Escaped HTML, one per paragraph or item.
    pub items: Vec<String>,
    pub cases: Vec<CaseView>,
    pub terms: Vec<TermView>,
}

#[derive(Serialize)]
pub struct CaseView {
    pub title: String,
    pub meta: String,
    pub note: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct TermView {
    pub order: u32,
    pub name: String,
    pub meta: String,
    pub text: String,
    /// The labelled line under the text, as the PDF prints it: (label, escaped HTML).
    pub extra: Option<(String, String)>,
}

pub fn view(h: &Handout) -> HandoutView {
    let blocks = h
        .blocks
        .iter()
        .map(|b| {
            let (kind, items) = match &b.body {
                Body::Paras(p) => ("paras", p.iter().map(html).collect()),
                Body::Bullets(p) => ("bullets", p.iter().map(html).collect()),
                Body::Numbered(p) => ("numbered", p.iter().map(html).collect()),
                Body::Cases(_) => ("cases", Vec::new()),
                Body::Terms(_) => ("terms", Vec::new()),
            };
            let cases = match &b.body {
                Body::Cases(c) => c
                    .iter()
                    .map(|c| CaseView {
                        title: c.title.clone(),
                        meta: c.meta.clone(),
                        note: html(&c.note),
                        url: c.url.clone(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let terms = match &b.body {
                Body::Terms(t) => t
                    .iter()
                    .map(|t| TermView {
                        order: t.order,
                        name: t.name.clone(),
                        meta: t.meta.clone(),
                        text: html(&t.text),
                        extra: t.extra.as_ref().map(|(label, p)| (label.clone(), html(p))),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            BlockView {
                heading: b.heading.clone(),
                kind,
                items,
                cases,
                terms,
            }
        })
        .collect();
    HandoutView {
        kicker: h.kicker.clone(),
        title: h.title.clone(),
        lead: html(&h.lead),
        page: h.online.clone(),
        url: h.url.clone(),
        short_url: h.short_url.clone(),
        pdf: h.pdf_url.clone(),
        pack: h.pdf_url.rsplit_once('/').map_or_else(String::new, |(dir, _)| {
            format!("{dir}/{}.pdf", handout::pdf::WHOLE_PACK)
        }),
        qr: qr(&h.url, &h.words.qr_label),
        blocks,
        credits: h.credits.clone(),
        stamp: h.stamp.clone(),
    }
}

/// The QR code as an inline `<svg>` with an accessible name, `label`; none for an
/// address too long for a QR code, which `check` and a PDF build refuse.
fn qr(url: &str, label: &str) -> String {
    let Some(svg) = handout::typst::qr_svg(url) else {
        return String::new();
    };
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..].replacen(
        "<svg",
        &format!(
            r#"<svg class="qr" role="img" aria-label="{}""#,
            super::theme::escape_html(label)
        ),
        1,
    )
}

fn html(p: &Para) -> String {
    let mut out = String::new();
    for r in p {
        let text = super::theme::escape_html(&r.text);
        match (r.emph, r.strong) {
            (false, false) => out.push_str(&text),
            (true, false) => out.push_str(&format!("<em>{text}</em>")),
            (false, true) => out.push_str(&format!("<strong>{text}</strong>")),
            (true, true) => out.push_str(&format!("<strong><em>{text}</em></strong>")),
        }
    }
    out
}
