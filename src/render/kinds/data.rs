//! Open data: the `/data/` page, which explains the files in Swedish and English,
//! and the files themselves (`crate::opendata`): every case, all cases as JSON and
//! CSV, each vocabulary, the municipalities, the JSON Schemas and, when the site has
//! a `[library.publisher]`, the DCAT-AP-SE catalogue.

use anyhow::Result;
use serde::Serialize;

use crate::hash;
use crate::opendata::{self, dcat, schema};
use crate::render::{theme::fill, Ctx, Page, PageId, PageKind};
use crate::site::Site;
use crate::urls;

pub struct DataPage;
pub static DATA_PAGE: DataPage = DataPage;

pub struct DataFiles;
pub static DATA_FILES: DataFiles = DataFiles;

/// The data files that are not one per case, by key.
const CASES_JSON: &str = "fall.json";
const CASES_CSV: &str = "fall.csv";
const MUNICIPALITIES: &str = "kommuner.json";
const CATALOGUE_RDF: &str = "katalog.rdf";
const CATALOGUE_JSONLD: &str = "katalog.jsonld";
/// `PageId::sub` of a case's file and of a vocabulary's (keyed by content path and
/// `terms:<id>`); the other files have 0 and are keyed by name.
const CASE: usize = 1;
const TERMS: usize = 2;

fn has_catalogue(site: &Site) -> bool {
    site.config
        .library
        .publisher
        .as_ref()
        .and_then(|p| p.complete())
        .is_some()
}

impl PageKind for DataFiles {
    fn name(&self) -> &'static str {
        "data"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        let mut ids: Vec<PageId> = [CASES_JSON, CASES_CSV, MUNICIPALITIES]
            .iter()
            .map(|k| PageId::new(*k, 0))
            .collect();
        ids.extend(site.vocabularies.iter().enumerate().map(|(v, voc)| PageId {
            key: format!("terms:{}", voc.spec.id),
            at: v,
            sub: TERMS,
        }));
        ids.extend(schema::ALL.iter().map(|s| PageId::new(*s, 0)));
        if has_catalogue(site) {
            ids.extend([CATALOGUE_RDF, CATALOGUE_JSONLD].map(|k| PageId::new(k, 0)));
        }
        let cases = site.cases.iter().map(|e| &e.doc.content_path);
        ids.extend(cases.enumerate().map(|(i, p)| PageId {
            key: p.clone(),
            at: i,
            sub: CASE,
        }));
        ids
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let origin = ctx.origin();
        let dir = opendata::DIR;
        let at = |name: &str| format!("{dir}{name}");
        let page = match id.key.as_str() {
            _ if id.sub == CASE => {
                let i = id.at;
                let name = opendata::case_file(&site.cases[i].doc.slug);
                let inputs = hash::hash(&(ctx.site_inputs(), case_inputs(site, i)));
                Page::deferred(&at(&name), inputs, move |w| {
                    w.write_all(opendata::case_json(site, &origin, i).as_bytes())
                })
            }
            CASES_JSON | CASES_CSV => {
                let cases: Vec<u64> = (0..site.cases.len()).map(|i| case_inputs(site, i)).collect();
                let inputs = hash::hash(&(ctx.site_inputs(), cases));
                let name = id.key.clone();
                Page::deferred(&at(&name), inputs, move |w| match name.as_str() {
                    CASES_JSON => opendata::write_cases_json(w, site, &origin),
                    _ => opendata::csv::write_cases(w, site, &origin),
                })
            }
            MUNICIPALITIES => Page::text(&at(MUNICIPALITIES), opendata::municipalities_json(site, &origin)),
            _ if id.sub == TERMS => {
                let name = format!("{}.json", site.vocabularies[id.at].spec.url);
                Page::text(&at(&name), opendata::terms_json(site, &origin, id.at))
            }
            CATALOGUE_RDF | CATALOGUE_JSONLD => {
                let publisher = site
                    .config
                    .library
                    .publisher
                    .as_ref()
                    .and_then(|p| p.complete())
                    .expect("pages() lists the catalogue only for a complete publisher");
                let words = [words(ctx, "sv"), words(ctx, "en")];
                let text = if id.key == CATALOGUE_RDF {
                    dcat::rdf_xml(site, &origin, &publisher, &words)
                } else {
                    dcat::json_ld(site, &origin, &publisher, &words)
                };
                Page::text(&at(&id.key), text)
            }
            name => {
                let path = at(&format!("schema/{name}"));
                let url = format!("{origin}{}{path}", ctx.base);
                Page::text(&path, schema::file(name, &url))
            }
        };
        Ok(page)
    }
}

/// The catalogue's words in `lang`, from that language's interface strings.
fn words(ctx: &Ctx, lang: &'static str) -> dcat::Words {
    let t = ctx.theme.strings(lang);
    let library = &ctx.site.config.book.title;
    let publisher = ctx
        .site
        .config
        .library
        .publisher
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_default();
    let get = |key: &str| {
        let s = t.get(key).map_or(key, String::as_str);
        fill(s, &[("library", library), ("publisher", &publisher)])
    };
    dcat::Words {
        lang,
        catalog_title: get("opendata_catalog_title"),
        catalog_description: get("opendata_catalog_description"),
        dataset_title: get("opendata_dataset_title"),
        dataset_description: get("opendata_dataset_description"),
        json_title: get("opendata_json_title"),
        csv_title: get("opendata_csv_title"),
        contact: get("opendata_contact"),
    }
}

/// A listed file on the `/data/` page, described in one language.
#[derive(Serialize)]
struct Listed {
    url: String,
    name: String,
    media_type: &'static str,
    what: String,
}

/// One language's section of the page.
#[derive(Serialize)]
struct Section<'a> {
    lang: &'static str,
    t: &'a crate::render::theme::Strings,
    files: Vec<Listed>,
}

impl PageKind for DataPage {
    fn name(&self) -> &'static str {
        "data-page"
    }

    fn pages(&self, _: &Site) -> Vec<PageId> {
        PageId::single()
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let site = ctx.site;
        let base = &ctx.base;
        let url = urls::data(base);
        let file_url = |name: &str| format!("{url}{name}");
        let vocabulary_of = |name: &str| {
            site.vocabularies
                .iter()
                .position(|v| format!("{}.json", v.spec.url) == name)
        };
        let schemas: Vec<(String, &str)> = schema::ALL
            .iter()
            .map(|s| (file_url(&format!("schema/{s}")), *s))
            .collect();
        let example = site
            .cases
            .first()
            .map(|e| file_url(&opendata::case_file(&e.doc.slug)));
        let catalogue =
            has_catalogue(site).then(|| [CATALOGUE_RDF, CATALOGUE_JSONLD].map(|n| (file_url(n), n)));
        // The site's language first, then the other: the page explains the files in both.
        let own = site.config.book.language.as_str();
        let sections: Vec<Section> = [own, if own == "en" { "sv" } else { "en" }]
            .into_iter()
            .map(|lang| {
                let lang: &'static str = if lang == "en" { "en" } else { "sv" };
                let t = ctx.theme.strings(lang);
                let tr = |k: &str| t.get(k).cloned().unwrap_or_default();
                let files = opendata::listed(site)
                    .into_iter()
                    .map(|f| {
                        let what = match (f.name.as_str(), vocabulary_of(&f.name)) {
                            (CASES_JSON, _) => tr("data_file_cases_json"),
                            (CASES_CSV, _) => tr("data_file_cases_csv"),
                            (_, Some(v)) => fill(
                                &tr("data_file_terms"),
                                &[("name", &site.vocabularies[v].spec.labels(lang, &tr).title)],
                            ),
                            _ => tr("data_file_municipalities"),
                        };
                        Listed {
                            url: file_url(&f.name),
                            name: f.name,
                            media_type: f.media_type,
                            what,
                        }
                    })
                    .collect();
                Section { lang, t, files }
            })
            .collect();
        let title = ctx.tr("data_title");
        Ok(
            Page::html(base, &url, "data.html", title, ctx.tr("data_description"))
                .with("schemas", schemas)
                .with("example", example)
                .with("catalogue", catalogue)
                .with("sections", sections),
        )
    }
}

/// A hash of what a case's record is made from besides the site-wide part: its file
/// (front matter and body), where it is, and its address.
fn case_inputs(site: &Site, i: usize) -> u64 {
    let doc = &site.cases[i].doc;
    hash::hash(&(&doc.content_path, &doc.file.text, &site.cases[i].url))
}
