//! Open data: the library as files under `/data/` (JSON, CSV, their JSON Schemas and
//! the DCAT-AP-SE catalogue) and the linked data (JSON-LD) every page carries.
//!
//! Everything here is a function of the `Site`: no clock, no map with a random
//! order. The data files are pages of the `data` kind (`render/kinds/data.rs`), so
//! the build, the live preview and their byte-for-byte agreement cover them.

pub mod csv;
pub mod dcat;
pub mod jsonld;
pub mod records;
pub mod schema;

use std::io::Write;

use serde::Serialize;

use crate::site::Site;

/// The folder of the data files, below the site's base.
pub const DIR: &str = "data/";

/// A data file: its path below `DIR`, and what it is, for the catalogue and the
/// `/data/` page.
pub struct File {
    pub name: String,
    pub media_type: &'static str,
}

/// The all-cases files and the vocabulary and municipality files, in the order the
/// `/data/` page lists them (the per-case files and the schemas come after).
pub fn listed(site: &Site) -> Vec<File> {
    let mut files = vec![
        file("fall.json", "application/json"),
        file("fall.csv", "text/csv"),
    ];
    files.extend(
        site.vocabularies
            .iter()
            .map(|v| file(&format!("{}.json", v.spec.url), "application/json")),
    );
    files.push(file("kommuner.json", "application/json"));
    files
}

fn file(name: &str, media_type: &'static str) -> File {
    File {
        name: name.to_string(),
        media_type,
    }
}

/// The folder of the per-case files below `DIR`; the comparison and selection pages
/// fetch a case's file from here by its id.
pub const CASE_DIR: &str = "fall/";

/// A case's own file below `DIR`.
pub fn case_file(slug: &str) -> String {
    format!("{CASE_DIR}{slug}.json")
}

/// What every data file holds besides its records.
#[derive(Serialize)]
struct Head<'a, T: Serialize> {
    #[serde(rename = "$schema")]
    schema: String,
    /// The library's name and home page.
    library: &'a str,
    site: String,
    license: Option<crate::config::license::License>,
    #[serde(flatten)]
    body: T,
}

fn with_head<T: Serialize>(site: &Site, origin: &str, schema_name: &str, body: T) -> String {
    let mut out = Vec::new();
    write_with_head(&mut out, site, origin, schema_name, body).expect("a Vec takes every write");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

fn write_with_head<T: Serialize>(
    out: &mut dyn Write,
    site: &Site,
    origin: &str,
    schema_name: &str,
    body: T,
) -> std::io::Result<()> {
    let head = Head {
        schema: format!("{origin}{}{DIR}schema/{schema_name}", site.base()),
        library: &site.config.book.title,
        site: format!("{origin}{}", site.base()),
        license: site
            .config
            .book
            .license
            .as_deref()
            .and_then(crate::config::license::find),
        body,
    };
    serde_json::to_writer_pretty(&mut *out, &head)?;
    out.write_all(b"\n")
}

/// One case as JSON.
pub fn case_json(site: &Site, origin: &str, i: usize) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        case: records::Case<'a>,
    }
    let case = records::case(site, origin, i);
    with_head(site, origin, schema::CASE, Body { case })
}

/// Every case as one JSON file, in content-path order (the same order as the CSV),
/// each record made as it is written.
pub fn write_cases_json(out: &mut dyn Write, site: &Site, origin: &str) -> std::io::Result<()> {
    struct Cases<'a> {
        site: &'a Site,
        origin: &'a str,
    }
    impl Serialize for Cases<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq((0..self.site.cases.len()).map(|i| records::case(self.site, self.origin, i)))
        }
    }
    #[derive(Serialize)]
    struct Body<'a> {
        cases: Cases<'a>,
    }
    let cases = Cases { site, origin };
    write_with_head(out, site, origin, schema::CASES, Body { cases })
}

/// The terms of vocabulary `v`.
pub fn terms_json(site: &Site, origin: &str, v: usize) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        vocabulary: &'a str,
        terms: Vec<records::Term<'a>>,
    }
    let body = Body {
        vocabulary: &site.vocabularies[v].spec.id,
        terms: records::terms(site, origin, v),
    };
    with_head(site, origin, schema::TERMS, body)
}

/// The municipalities that cases name.
pub fn municipalities_json(site: &Site, origin: &str) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        municipalities: Vec<records::Municipality<'a>>,
    }
    let municipalities = records::municipalities(site, origin);
    with_head(site, origin, schema::MUNICIPALITIES, Body { municipalities })
}
