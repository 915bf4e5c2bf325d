//! The site's URL scheme, in one place. Every URL ends in `/` and is served from
//! `<path>/index.html`; the segments are Swedish because the readers are.

pub fn case(base: &str, slug: &str) -> String {
    format!("{base}fall/{slug}/")
}

pub fn factor(base: &str, id: &str) -> String {
    format!("{base}faktorer/{id}/")
}

pub fn step(base: &str, id: &str) -> String {
    format!("{base}steg/{id}/")
}

pub fn municipality(base: &str, id: &str) -> String {
    format!("{base}kommuner/{id}/")
}

pub fn page(base: &str, slug: &str) -> String {
    format!("{base}{slug}/")
}

/// Page `n` (1-based) of the all-cases listing.
pub fn listing(base: &str, n: usize) -> String {
    match n {
        1 => format!("{base}fall/"),
        n => format!("{base}fall/sida/{n}/"),
    }
}

pub fn year(base: &str, year: i32) -> String {
    format!("{base}fall/ar/{year}/")
}

/// The "Föreslå ett fall" page.
pub fn suggest(base: &str) -> String {
    format!("{base}foresla/")
}

/// The output file for a URL: `/fall/vara/` → `fall/vara/index.html`.
pub fn output_file(base: &str, url: &str) -> String {
    let path = url.strip_prefix(base).unwrap_or(url);
    format!("{path}index.html")
}
