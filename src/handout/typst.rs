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
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

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
    compile(&h.name, source(h, authors), date)
}

/// Lays out a whole typst `source` (the preamble and its calls); `name` is the PDF's
/// document identifier and the name in messages.
pub fn compile(name: &str, source: String, date: Option<(i32, u8, u8)>) -> Result<Layout> {
    let world = HandoutWorld::new(source, date);
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
        anyhow!("typst could not lay out {}: {}", name, messages.join("; "))
    })?;
    Ok(Layout {
        doc,
        name: name.to_string(),
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
        // Tagged (typst's default) and checked against PDF/UA-1 by typst itself: a
        // document that broke a rule it checks (an image without `alt`, a missing
        // title or language) fails here rather than reach a reader.
        standards: PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| anyhow!("{}", e.message()))?,
        tagged: true,
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
    let mut s = document(&format!("{} – {}", h.title, h.library), authors);
    s.push_str(&sheet(h, None));
    s
}

/// The typst source of several handouts in one PDF, each on pages of its own and
/// numbered from its own first page; each comes with its page count.
pub fn pack_source(title: &str, sheets: &[(&Handout, usize)], authors: &[String]) -> String {
    let mut s = document(title, authors);
    for (h, pages) in sheets {
        s.push_str(&sheet(h, Some(*pages)));
    }
    s
}

/// The preamble and the document's own settings: its title (content text, so a
/// string) and authors.
pub fn document(title: &str, authors: &[String]) -> String {
    let mut s = String::with_capacity(PREAMBLE.len() + 8 * 1024);
    s.push_str(PREAMBLE);
    let author: String = authors.iter().map(|a| format!("{},", string(a))).collect();
    s.push_str(&format!(
        "\n#show: setup.with(doc-title: {}, author: ({author}))\n\n",
        string(title)
    ));
    s
}

/// The QR code's image and the address under it, as `name: value` arguments.
pub fn qr_args(url: &str, short: &str, alt: &str) -> String {
    // The address is not cut: `pdf::fit` refuses one too long for its QR code.
    let qr = qr_svg(url).unwrap_or_default();
    format!(
        "  url: {},\n  short: [{}],\n  qr: {},\n  qr-alt: {},\n",
        literal(url),
        markup(short),
        literal(&qr),
        string(alt)
    )
}

/// "Page n of total" as a typst function: typst knows the numbers only where the
/// footer is placed, so the words come as a function of them.
pub fn page_of(words: &str) -> String {
    let page_of = markup(words)
        .replace("\\{n\\}", "#(n)")
        .replace("\\{total\\}", "#(total)");
    format!("(n, total) => [{page_of}]")
}

/// One handout's `#sheet(..)` call; `total` is its page count, when known.
fn sheet(h: &Handout, total: Option<usize>) -> String {
    let mut s = String::from("#sheet(\n");
    s.push_str(&format!("  kicker: [{}],\n", markup(&h.kicker)));
    s.push_str(&format!("  title: [{}],\n", markup(&h.title)));
    s.push_str(&format!("  lead: [{}],\n", para(&h.lead)));
    s.push_str(&qr_args(&h.url, &h.short_url, &h.words.qr_label));
    s.push_str(&format!("  page-of: {},\n", page_of(&h.words.page_of)));
    s.push_str(&format!("  stamp: [{}],\n", markup(&h.stamp)));
    if let Some(n) = total {
        s.push_str(&format!("  total: {n},\n"));
    }
    // The overviews set their terms in a grid of their own, across the page.
    let wide = h.blocks.iter().any(|b| matches!(b.body, Body::Terms(_)));
    s.push_str(&format!("  cols: {},\n", if wide { 1 } else { 2 }));
    s.push_str("  (\n");
    for piece in pieces(h, wide) {
        s.push_str(&format!("    {piece},\n"));
    }
    s.push_str("  ),\n)\n\n");
    s
}

/// A handout's body as the pieces its columns are made of (see `unit` in
/// `handout.typ`): each heading with its first item, the questions whole, the
/// credits last. The overviews' pieces may break across pages.
fn pieces(h: &Handout, wide: bool) -> Vec<String> {
    let wrap = |body: String, opens: bool| match (wide, opens) {
        (true, _) => format!("[{body}]"),
        (false, true) => format!("unit(opens: true)[{body}]"),
        (false, false) => format!("unit[{body}]"),
    };
    let mut out = Vec::new();
    for block in &h.blocks {
        let heading = format!("\n== {}\n\n", markup(&block.heading));
        let items: Vec<String> = match &block.body {
            Body::Paras(paras) => paras.iter().map(|p| format!("{}\n", para(p))).collect(),
            Body::Bullets(items) => items.iter().map(|p| format!("- {}\n", para(p))).collect(),
            // The questions are discussed together: never split between columns.
            Body::Numbered(items) => vec![items.iter().map(|p| format!("+ {}\n", para(p))).collect()],
            Body::Cases(cases) => cases
                .iter()
                .map(|c| {
                    format!(
                        "#case(title: [{}], meta: [{}])[{}]\n",
                        markup(&c.title),
                        markup(&c.meta),
                        para(&c.note)
                    )
                })
                .collect(),
            Body::Terms(terms) => {
                let mut s = String::from("#entries(\n");
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
                vec![s]
            }
        };
        for (i, item) in items.into_iter().enumerate() {
            out.push(if i == 0 {
                wrap(format!("{heading}{item}"), true)
            } else {
                wrap(item, false)
            });
        }
    }
    let credits: Vec<String> = h.credits.iter().map(|c| markup(c)).collect();
    // On an overview the credits may break, so they never take a page of their own.
    let credits = format!(
        "text(size: 7.5pt, fill: muted)[*{}:* {}]",
        markup(&h.words.sources),
        credits.join("; ")
    );
    out.push(if wide {
        format!("block(above: 0.9em, {credits})")
    } else {
        format!("unit({credits})")
    });
    out
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

pub fn para(p: &Para) -> String {
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
pub fn literal(text: &str) -> String {
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
