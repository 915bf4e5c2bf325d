//! The site's URL scheme, in one place. Every URL ends in `/` and is served from
//! `<path>/index.html`; the segments are Swedish because the readers are.

pub fn case(base: &str, slug: &str) -> String {
    format!("{base}fall/{slug}/")
}

/// A vocabulary's overview page: `/faktorer/`; `segment` is its spec's `url`.
pub fn vocabulary(base: &str, segment: &str) -> String {
    format!("{base}{segment}/")
}

/// A term's page: `/faktorer/kultur/`.
pub fn term(base: &str, segment: &str, id: &str) -> String {
    format!("{base}{segment}/{id}/")
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

/// The search page; its client index lives below it in `data/`.
pub fn search(base: &str) -> String {
    format!("{base}sok/")
}

pub fn search_data(base: &str) -> String {
    format!("{base}sok/data/")
}

pub fn year(base: &str, year: i32) -> String {
    format!("{base}fall/ar/{year}/")
}

/// The open-data page; the data files live below it.
pub fn data(base: &str) -> String {
    format!("{base}data/")
}

/// The page that sets a reader's chosen cases side by side (`?fall=a,b,c`).
pub fn compare(base: &str) -> String {
    format!("{base}jamfor/")
}

/// The reader's own selection of cases, printable as a booklet (`?fall=a,b,c`).
pub fn selection(base: &str) -> String {
    format!("{base}urval/")
}

/// The "Föreslå ett fall" page.
pub fn suggest(base: &str) -> String {
    format!("{base}foresla/")
}

/// The workshop collections' listing: `/samlingar/`.
pub fn collections(base: &str) -> String {
    format!("{base}samlingar/")
}

/// A workshop collection's page: `/samlingar/ledarskap-och-tillit/`.
pub fn collection(base: &str, slug: &str) -> String {
    format!("{base}samlingar/{slug}/")
}

/// A workshop collection's booklet: `/utskrift/samling-ledarskap-och-tillit.pdf`.
pub fn collection_pdf(base: &str, slug: &str) -> String {
    handout_pdf(base, &format!("samling-{slug}"))
}

/// The output file for a URL: `/fall/vara/` → `fall/vara/index.html`.
pub fn output_file(base: &str, url: &str) -> String {
    let path = url.strip_prefix(base).unwrap_or(url);
    format!("{path}index.html")
}

/// A factor's printable handout page.
pub fn factor_handout(base: &str, id: &str) -> String {
    format!("{base}faktorer/{id}/utskrift/")
}

/// The printable page of a handout that belongs to no single factor: `rotsystemet`,
/// `tio-steg`. `utskrift` is a reserved page slug, so nothing else lives here.
pub fn handout_page(base: &str, name: &str) -> String {
    format!("{base}utskrift/{name}/")
}

/// A handout's PDF: `rotsystemet-<factor>`, `rotsystemet` or `tio-steg`, named so a
/// downloaded file still says what it is.
pub fn handout_pdf(base: &str, name: &str) -> String {
    format!("{base}utskrift/{name}.pdf")
}

/// The output file for a URL that names a file: `/utskrift/a.pdf` → `utskrift/a.pdf`.
pub fn output_path(base: &str, url: &str) -> String {
    url.strip_prefix(base).unwrap_or(url).to_string()
}

/// The self-assessment ("Rotsystemskollen"): the questionnaire, and its result in the
/// fragment (`#k=<code>`), which no server sees.
pub fn selfassess(base: &str) -> String {
    format!("{base}sjalvskattning/")
}

/// The workshop facilitator's page, which pools participants' codes.
pub fn selfassess_group(base: &str) -> String {
    format!("{base}sjalvskattning/grupp/")
}
