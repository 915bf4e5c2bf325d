//! A handout as a PDF: typst markup written from the `Handout`, compiled in memory.
//!
//! Every piece of content text goes through `markup` (escaped markup, so a title
//! with `#`, `*`, `//` or `http://` prints as written) or `string` (a typst string
//! literal). Nothing from the content is ever evaluated as code.
//!
//! Those two are also where a text's length is made safe, by cutting it on a
//! character boundary and ending it in "…":
//! - typst records where each glyph's text is in its run of text as a 16-bit byte
//!   offset, and krilla cuts the run's text there when it writes the PDF. A run
//!   longer than 65,535 bytes (an unbroken word does not wrap, so it stays one run)
//!   panicked inside a multi-byte letter. `markup` keeps `MAX_TEXT` characters: at
//!   most 40,000 bytes, or 30,000 once typst makes straight quotes curly. That is
//!   more than a handout's column holds, so a text is cut only when it could not
//!   be printed whole anyway; below it, an overlong text still makes the handout
//!   overflow its pages, which is reported.
//! - `string` is for what typst writes into the PDF's own strings (the title and
//!   authors in its metadata, the QR code's text alternative), which PDF readers
//!   limit to 32,767 bytes; it keeps `MAX_META` characters.
//!
//! The PDF is deterministic: the document identifier is derived from the handout's
//! name, and the only date in it is the library's configured date.

use anyhow::{anyhow, Result};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::text::{Para, Run};
use super::world::HandoutWorld;
use super::{Body, Handout};

const PREAMBLE: &str = include_str!("handout.typ");

/// The most characters of one printed text that reach typst (see the module comment).
pub const MAX_TEXT: usize = 10_000;
/// The most characters of one metadata string.
pub const MAX_META: usize = 1_000;

/// A handout laid out on its pages, not yet written as a PDF.
pub struct Layout {
    doc: PagedDocument,
    /// The PDF's document identifier: the handout's name.
    name: String,
    date: Option<(i32, u8, u8)>,
}

impl Layout {
    pub fn pages(&self) -> usize {
        self.doc.pages().len()
    }
}

/// Lays `h` out. `authors` are the site's; `date` is the library's date.
pub fn layout(h: &Handout, authors: &[String], date: Option<(i32, u8, u8)>) -> Result<Layout> {
    let world = HandoutWorld::new(source(h, authors), date);
    let result = typst::compile::<PagedDocument>(&world);
    let doc = result.output.map_err(|errors| {
        let messages: Vec<String> = errors
            .iter()
            .map(|e| {
                let at = world
                    .range(e.span)
                    .and_then(|r| world.source().text().get(r))
                    .map(|t| format!(" at `{t}`"))
                    .unwrap_or_default();
                format!("{}{at}", e.message)
            })
            .collect();
        anyhow!(
            "typst could not lay out the handout {}: {}",
            h.name,
            messages.join("; ")
        )
    })?;
    Ok(Layout {
        doc,
        name: h.name.clone(),
        date,
    })
}

/// Writes a laid-out handout as PDF bytes.
pub fn export(layout: &Layout) -> Result<Vec<u8>> {
    let options = PdfOptions {
        ident: Smart::Custom(layout.name.clone()),
        timestamp: layout
            .date
            .and_then(|(y, m, d)| Datetime::from_ymd(y, m, d))
            .map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    let mut bytes = typst_pdf::pdf(&layout.doc, &options).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!(
            "typst could not write the PDF {}: {}",
            layout.name,
            messages.join("; ")
        )
    })?;
    quiet_suspects(&mut bytes);
    Ok(bytes)
}

/// Poppler before 23.x expects `/Suspects` in `/MarkInfo` to be a dictionary and
/// prints "Syntax Error: Suspects object is wrong type (boolean)" for the boolean
/// the PDF spec (and typst) writes. `false` is the entry's default, so blanking it
/// with spaces of the same length changes nothing a reader sees and keeps every
/// byte offset in the cross-reference table valid.
fn quiet_suspects(pdf: &mut [u8]) {
    const ENTRY: &[u8] = b"/Suspects false";
    if let Some(at) = pdf.windows(ENTRY.len()).position(|w| w == ENTRY) {
        pdf[at..at + ENTRY.len()].fill(b' ');
    }
}

/// The whole typst source of a handout: the layout, then one call with the content.
pub fn source(h: &Handout, authors: &[String]) -> String {
    let mut s = String::with_capacity(PREAMBLE.len() + 8 * 1024);
    s.push_str(PREAMBLE);
    let author: Vec<String> = authors.iter().map(|a| string(a)).collect();
    s.push_str("\n#show: handout.with(\n");
    s.push_str(&format!(
        "  doc-title: {},\n",
        string(&format!("{} – {}", h.title, h.library))
    ));
    s.push_str(&format!(
        "  author: ({}),\n",
        author.iter().map(|a| format!("{a},")).collect::<String>()
    ));
    s.push_str(&format!("  kicker: [{}],\n", markup(&h.kicker)));
    s.push_str(&format!("  title: [{}],\n", markup(&h.title)));
    s.push_str(&format!("  lead: [{}],\n", para(&h.lead)));
    // The address is not cut: `pdf::fit` refuses one too long for its QR code.
    s.push_str(&format!("  url: {},\n", literal(&h.url)));
    s.push_str(&format!("  short: [{}],\n", markup(&h.short_url)));
    let qr = qr_svg(&h.url).unwrap_or_default();
    s.push_str(&format!("  qr: {},\n", literal(&qr)));
    s.push_str(&format!("  qr-alt: {},\n", string(&h.words.qr_label)));
    let credits: Vec<String> = h.credits.iter().map(|c| markup(c)).collect();
    s.push_str(&format!(
        "  credits: [*{}:* {}],\n",
        markup(&h.words.sources),
        credits.join("; ")
    ));
    // The footer's "page n of total": typst knows the numbers only where the
    // footer is placed, so the words come as a function of them.
    let page_of = markup(&h.words.page_of)
        .replace("\\{n\\}", "#(n)")
        .replace("\\{total\\}", "#(total)");
    s.push_str(&format!("  page-of: (n, total) => [{page_of}],\n"));
    s.push_str(&format!("  stamp: [{}],\n", markup(&h.stamp)));
    // The overviews set their terms in a grid of their own, across the page.
    let wide = h.blocks.iter().any(|b| matches!(b.body, Body::Terms(_)));
    s.push_str(&format!("  cols: {},\n", if wide { 1 } else { 2 }));
    s.push_str(")\n\n");
    for block in &h.blocks {
        s.push_str(&format!("== {}\n\n", markup(&block.heading)));
        match &block.body {
            Body::Paras(paras) => {
                for p in paras {
                    s.push_str(&format!("{}\n\n", para(p)));
                }
            }
            Body::Bullets(items) => {
                for p in items {
                    s.push_str(&format!("- {}\n", para(p)));
                }
            }
            Body::Numbered(items) => {
                for p in items {
                    s.push_str(&format!("+ {}\n", para(p)));
                }
            }
            Body::Cases(cases) => {
                for c in cases {
                    s.push_str(&format!(
                        "#case(title: [{}], meta: [{}])[{}]\n",
                        markup(&c.title),
                        markup(&c.meta),
                        para(&c.note)
                    ));
                }
            }
            Body::Terms(terms) => {
                s.push_str("#entries(\n");
                for t in terms {
                    let extra = match &t.extra {
                        Some((label, p)) => format!("[*{}:* {}]", markup(label), para(p)),
                        None => "none".into(),
                    };
                    s.push_str(&format!(
                        "  entry(order: {}, name: [{}], meta: [{}], extra: {extra})[{}],\n",
                        t.order,
                        markup(&t.name),
                        markup(&t.meta),
                        para(&t.text)
                    ));
                }
                s.push_str(")\n");
            }
        }
        s.push('\n');
    }
    s
}

/// The QR code for `url`, as SVG, or `None` when the address is longer than a QR
/// code holds. Level M survives a crease or a smudge on paper.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

fn para(p: &Para) -> String {
    p.iter().map(run).collect()
}

fn run(r: &Run) -> String {
    let text = markup(&r.text);
    match (r.emph, r.strong) {
        (false, false) => text,
        (true, false) => format!("#emph[{text}]"),
        (false, true) => format!("#strong[{text}]"),
        (true, true) => format!("#strong[#emph[{text}]]"),
    }
}

/// Text as typst markup that prints exactly as written. Every ASCII punctuation mark
/// is escaped (`\#`), which typst reads as the literal character; that covers all
/// markup syntax, `//` comments, bare URLs and a `(` that would continue a call
/// before it. Straight quotes stay, so typst sets them as Swedish quotation marks.
/// Line breaks become spaces: a content line never starts a list or a heading.
pub fn markup(text: &str) -> String {
    let text = capped(text, MAX_TEXT);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '"' | '\'' => out.push(c),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as a typst string literal, for the PDF's metadata.
pub fn string(text: &str) -> String {
    literal(&capped(text, MAX_META))
}

/// `text` cut after `max` characters, marked with "…".
fn capped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// A typst string literal of any length: for what we generate (the QR code's SVG)
/// or have bounded before (the address).
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_syntax_character() {
        assert_eq!(markup("a*b_c"), "a\\*b\\_c");
        assert_eq!(markup("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(
            markup("se http://x.se // inte"),
            "se http\\:\\/\\/x\\.se \\/\\/ inte"
        );
        assert_eq!(markup("\"citat\" och 'så'"), "\"citat\" och 'så'");
        assert_eq!(markup("rad\nett"), "rad ett");
    }

    #[test]
    fn a_long_text_is_cut_on_a_character_boundary() {
        let long = "åäö".repeat(MAX_TEXT);
        let cut = markup(&long);
        assert_eq!(cut.chars().count(), MAX_TEXT + 1);
        assert!(cut.starts_with("åäöå") && cut.ends_with('…'), "{cut}");
        let fits = "ö".repeat(MAX_TEXT);
        assert_eq!(markup(&fits), fits);
        let meta = string(&long);
        assert_eq!(meta.chars().count(), MAX_META + 3);
        assert!(meta.starts_with("\"åäöå") && meta.ends_with("…\""), "{meta}");
    }

    #[test]
    fn strings_escape_quotes_and_backslashes() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
