//! sitemap.xml and the Atom feed, written directly: both are small fixed formats,
//! and writing them here keeps their escaping and ordering under our control.
//!
//! No wall-clock time goes in: a case's date is the first day of its year (an
//! undated case takes the newest year in the library), so two
//! builds of the same content are byte-identical.

use std::fmt::Write as _;

use crate::site::Site;
use crate::urls;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn sitemap(site: &Site, origin: &str) -> String {
    let base = site.base();
    let mut urls_out: Vec<String> = vec![base.clone(), format!("{base}fall/"), format!("{base}kommuner/")];
    urls_out.extend(site.cases.iter().map(|e| e.url.clone()));
    for v in &site.vocabularies {
        urls_out.push(urls::vocabulary(&base, &v.spec.url));
        urls_out.extend(v.terms.iter().map(|e| e.url.clone()));
    }
    urls_out.extend(site.pages.iter().map(|e| e.url.clone()));
    urls_out.extend(
        site.index
            .named_municipalities
            .iter()
            .map(|&i| urls::municipality(&base, &site.municipalities[i].id)),
    );
    urls_out.extend(site.index.by_year.iter().map(|(y, _)| urls::year(&base, *y)));
    if super::selfassess::enabled(site) {
        urls_out.extend([urls::selfassess(&base), urls::selfassess_group(&base)]);
    }
    urls_out.push(urls::data(&base));
    if !site.collections.is_empty() {
        urls_out.push(urls::collections(&base));
        urls_out.extend(site.collections.iter().map(|e| e.url.clone()));
    }
    urls_out.sort();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls_out {
        let _ = writeln!(out, "  <url><loc>{}</loc></url>", xml(&format!("{origin}{u}")));
    }
    out.push_str("</urlset>\n");
    out
}

/// Entries in the feed: the newest cases. A reader following the library wants what
/// is new; ten thousand entries would make every poll a download of megabytes.
pub const FEED_ENTRIES: usize = 50;

pub fn atom(site: &Site, origin: &str) -> String {
    let base = site.base();
    let book = &site.config.book;
    let updated = site
        .cases
        .iter()
        .filter_map(|c| c.doc.meta.year)
        .max()
        .unwrap_or(1970);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(out, "  <title>{}</title>", xml(&book.title));
    let _ = writeln!(out, "  <id>{}</id>", xml(&format!("{origin}{base}")));
    let _ = writeln!(out, "  <link href=\"{}\"/>", xml(&format!("{origin}{base}")));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" href=\"{}\"/>",
        xml(&format!("{origin}{base}atom.xml"))
    );
    let _ = writeln!(out, "  <updated>{updated}-01-01T00:00:00Z</updated>");
    let author = if book.authors.is_empty() {
        book.title.clone()
    } else {
        book.authors.join(", ")
    };
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml(&author));
    if let Some(l) = book.license.as_deref().and_then(crate::config::license::find) {
        // Atom's <rights> is text; the link rel="license" (RFC 4946) names the URL.
        let _ = writeln!(out, "  <rights>{} ({})</rights>", xml(l.name), l.id);
        let _ = writeln!(out, "  <link rel=\"license\" href=\"{}\"/>", xml(l.url));
    }
    for &i in site.index.cases.iter().take(FEED_ENTRIES) {
        let c = &site.cases[i];
        let url = xml(&format!("{origin}{}", c.url));
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{}-01-01T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml(&c.doc.meta.title),
            c.doc.meta.year.unwrap_or(updated),
            xml(&c.doc.meta.summary)
        );
    }
    out.push_str("</feed>\n");
    out
}
