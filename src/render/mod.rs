//! Rendering: every page of the site from the `Site` and the theme.
//!
//! Pages are independent jobs run in parallel; each returns its output path and
//! bytes, and the caller decides where they go (the build's staging folder, or
//! memory in tests). Nothing here touches the file system except through `emit`.

mod feeds;
mod suggest;
pub mod theme;
pub mod views;

use anyhow::{anyhow, Result};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::load::schema::TermMeta;
use crate::site::{Entry, Site};
use crate::urls;
use theme::{tera_chain, Theme};
use views::{Card, NotedCard, SiteView, TermSummary, TermView};

/// One output file of the site. The live preview keeps each job's output and renders
/// it again only when its inputs changed (`crate::incremental`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Case(usize),
    Factor(usize),
    Step(usize),
    Municipality(usize),
    Page(usize),
    Listing(usize),
    Year(usize),
    Factors,
    Steps,
    Municipalities,
    NotFound,
    Sitemap,
    Feed,
    Suggest,
}

/// What every job reads: the site, the theme and the views shared between pages.
pub struct Ctx<'a> {
    site: &'a Site,
    theme: &'a Theme,
    view: SiteView,
    cards: Vec<Card>,
    base: String,
}

/// Renders every page and asset, calling `emit(path, bytes)` for each; returns how
/// many HTML pages were rendered.
pub fn render(
    site: &Site,
    theme: &Theme,
    emit: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<usize> {
    let ctx = Ctx::new(site, theme);
    let jobs = jobs(site);
    let html_pages = jobs
        .iter()
        .filter(|j| !matches!(j, Job::Sitemap | Job::Feed))
        .count();

    jobs.par_iter().try_for_each(|job| {
        let (path, bytes) = ctx.run(job)?;
        emit(&path, bytes.as_bytes())
    })?;
    for (name, bytes) in &theme.assets {
        emit(&format!("static/{name}"), bytes)?;
    }
    Ok(html_pages)
}

/// Every page of the site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Factors,
        Job::Steps,
        Job::Municipalities,
        Job::NotFound,
        Job::Sitemap,
        Job::Feed,
    ];
    jobs.extend((0..site.cases.len()).map(Job::Case));
    jobs.extend((0..site.factors.len()).map(Job::Factor));
    jobs.extend((0..site.steps.len()).map(Job::Step));
    jobs.extend((0..site.municipalities.len()).map(Job::Municipality));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((1..=listing_pages(site)).map(Job::Listing));
    jobs.extend((0..site.index.by_year.len()).map(Job::Year));
    if suggest::enabled(site) {
        jobs.push(Job::Suggest);
    }
    jobs
}

pub fn listing_pages(site: &Site) -> usize {
    site.cases
        .len()
        .div_ceil(site.config.library.listing_page_size.max(1))
        .max(1)
}

impl<'s> Ctx<'s> {
    pub fn new(site: &'s Site, theme: &'s Theme) -> Ctx<'s> {
        Ctx {
            site,
            theme,
            view: SiteView::new(site),
            cards: views::cards(site),
            base: site.base(),
        }
    }

    /// The cards of all cases, by case index, as every listing shows them.
    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// Renders one job: its output path and content.
    pub fn run(&self, job: &Job) -> Result<(String, String)> {
        let (site, base) = (self.site, &self.base);
        match job {
            Job::Home => {
                let mut c = self.context("", &site.config.book.title, &site.config.book.description);
                c.insert(
                    "factors",
                    &self.term_summaries(&site.factors, &site.index.by_factor),
                );
                c.insert("steps", &self.term_summaries(&site.steps, &site.index.by_step));
                c.insert(
                    "latest",
                    &self.card_list(site.index.cases.iter().take(5).copied()),
                );
                c.insert("case_count", &site.cases.len());
                self.page("index.html", "index.html", &c)
            }
            Job::Case(i) => {
                let e = &site.cases[*i];
                let mut c = self.context(&e.url, &e.doc.meta.title, &e.doc.meta.summary);
                c.insert("case", &views::case_view(site, *i));
                c.insert("related", &self.card_list(site.index.related[*i].iter().copied()));
                self.page(&urls::output_file(base, &e.url), "case.html", &c)
            }
            Job::Factor(i) | Job::Step(i) => {
                let (terms, by, label) = match job {
                    Job::Factor(_) => (&site.factors, &site.index.by_factor, "Faktor"),
                    _ => (&site.steps, &site.index.by_step, "Steg"),
                };
                let e = &terms[*i];
                let m = &e.doc.meta;
                let mut c = self.context(&e.url, &m.name, &m.description);
                c.insert("kind_label", label);
                c.insert(
                    "term",
                    &TermView {
                        name: &m.name,
                        order: m.order,
                        total: terms.len(),
                        aliases: &m.aliases,
                        description: &m.description,
                        questions: &m.questions,
                        sources: &m.sources,
                        body: &e.body.html,
                    },
                );
                // Notes belong to a case's factor links; steps have none.
                let note = |ci: usize| match job {
                    Job::Factor(_) => site.cases[ci]
                        .doc
                        .meta
                        .factors
                        .iter()
                        .find(|f| f.id == e.doc.slug)
                        .and_then(|f| f.note.as_deref()),
                    _ => None,
                };
                let cases: Vec<NotedCard> = by[*i]
                    .iter()
                    .map(|&ci| NotedCard {
                        card: &self.cards[ci],
                        note: note(ci),
                    })
                    .collect();
                c.insert("cases", &cases);
                self.page(&urls::output_file(base, &e.url), "term.html", &c)
            }
            Job::Municipality(i) => {
                let k = &site.municipalities[*i];
                let url = urls::municipality(base, &k.id);
                let mut c = self.context(&url, &k.name, &format!("Fall från {}", k.name));
                c.insert(
                    "muni",
                    &views::MunicipalityView {
                        data: k,
                        url: url.clone(),
                        count: site.index.by_municipality[*i].len(),
                    },
                );
                c.insert(
                    "cases",
                    &self.card_list(site.index.by_municipality[*i].iter().copied()),
                );
                self.page(&urls::output_file(base, &url), "municipality.html", &c)
            }
            Job::Page(i) => {
                let e = &site.pages[*i];
                let m = &e.doc.meta;
                let mut c = self.context(&e.url, &m.title, m.description.as_deref().unwrap_or(""));
                #[derive(Serialize)]
                struct PageView<'a> {
                    title: &'a str,
                    body: &'a str,
                    sources: &'a [crate::load::schema::Source],
                }
                c.insert(
                    "page",
                    &PageView {
                        title: &m.title,
                        body: &e.body.html,
                        sources: &m.sources,
                    },
                );
                self.page(&urls::output_file(base, &e.url), "page.html", &c)
            }
            Job::Listing(n) => {
                let size = site.config.library.listing_page_size.max(1);
                let total = listing_pages(site);
                let url = urls::listing(base, *n);
                let title = if total > 1 {
                    format!("Alla fall, sida {n} av {total}")
                } else {
                    "Alla fall".into()
                };
                let mut c = self.context(&url, &title, "Alla fall i biblioteket, nyaste först.");
                let slice = site.index.cases.iter().skip((n - 1) * size).take(size).copied();
                c.insert("cases", &self.card_list(slice));
                c.insert("heading", &format!("{} fall, nyaste först", site.cases.len()));
                c.insert("browse", &self.browse(None));
                #[derive(Serialize)]
                struct PagerItem {
                    n: usize,
                    url: String,
                    current: bool,
                }
                let pager: Vec<PagerItem> = if total > 1 {
                    (1..=total)
                        .map(|p| PagerItem {
                            n: p,
                            url: urls::listing(base, p),
                            current: p == *n,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                c.insert("pager", &pager);
                self.page(&urls::output_file(base, &url), "cases.html", &c)
            }
            Job::Year(i) => {
                let (year, cases) = &site.index.by_year[*i];
                let url = urls::year(base, *year);
                let mut c = self.context(&url, &format!("Fall från {year}"), &format!("Fall från {year}."));
                c.insert("cases", &self.card_list(cases.iter().copied()));
                c.insert("heading", &format!("{} fall från {year}", cases.len()));
                c.insert("browse", &self.browse(Some(*year)));
                c.insert("pager", &Vec::<()>::new());
                self.page(&urls::output_file(base, &url), "cases.html", &c)
            }
            Job::Factors | Job::Steps => {
                let (terms, by, title, intro, url) = match job {
                    Job::Factors => (
                        &site.factors,
                        &site.index.by_factor,
                        "Rotsystemets faktorer",
                        "Tolv faktorer som tillsammans beskriver vad som gör en kommun innovativ.",
                        format!("{base}faktorer/"),
                    ),
                    _ => (
                        &site.steps,
                        &site.index.by_step,
                        "Tio steg i innovativa processer",
                        "En modell i tio steg för hur en idé från en medarbetare blir verklighet.",
                        format!("{base}steg/"),
                    ),
                };
                let mut c = self.context(&url, title, intro);
                c.insert("terms", &self.term_summaries(terms, by));
                c.insert("intro", intro);
                self.page(&urls::output_file(base, &url), "terms.html", &c)
            }
            Job::Municipalities => {
                let url = format!("{base}kommuner/");
                let mut c = self.context(&url, "Kommuner", "Kommunerna i fallbiblioteket.");
                let list: Vec<views::MunicipalityView> = site
                    .index
                    .municipalities
                    .iter()
                    .map(|&i| views::MunicipalityView {
                        data: &site.municipalities[i],
                        url: urls::municipality(base, &site.municipalities[i].id),
                        count: site.index.by_municipality[i].len(),
                    })
                    .collect();
                c.insert("municipalities", &list);
                self.page(&urls::output_file(base, &url), "municipalities.html", &c)
            }
            Job::NotFound => {
                let c = self.context("404.html", "Sidan finns inte", "");
                self.page("404.html", "404.html", &c)
            }
            Job::Suggest => {
                let url = urls::suggest(base);
                let mut c = self.context(
                    &url,
                    "Föreslå ett fall",
                    "Skriv ett utkast till ett nytt fall och skicka det som ett förslag på GitHub.",
                );
                c.insert("suggest", &suggest::view(site));
                self.page(&urls::output_file(base, &url), "suggest.html", &c)
            }
            Job::Sitemap => Ok(("sitemap.xml".into(), feeds::sitemap(site, &self.view.url))),
            Job::Feed => Ok(("atom.xml".into(), feeds::atom(site, &self.view.url))),
        }
    }

    fn context(&self, url: &str, title: &str, description: &str) -> Context {
        let mut c = Context::new();
        c.insert("site", &self.view);
        c.insert("path", url);
        c.insert("page_title", title);
        c.insert("description", description);
        c
    }

    fn page(&self, path: &str, template: &str, c: &Context) -> Result<(String, String)> {
        let html = self
            .theme
            .tera
            .render(template, c)
            .map_err(|e| anyhow!("rendering {path} with {template}: {}", tera_chain(&e)))?;
        Ok((path.to_string(), html))
    }

    fn card_list(&self, ids: impl Iterator<Item = usize>) -> Vec<&Card> {
        ids.map(|i| &self.cards[i]).collect()
    }

    fn term_summaries<'a>(&self, terms: &'a [Entry<TermMeta>], by: &[Vec<usize>]) -> Vec<TermSummary<'a>> {
        terms
            .iter()
            .zip(by)
            .map(|(t, cases)| TermSummary {
                name: &t.doc.meta.name,
                url: &t.url,
                description: &t.doc.meta.description,
                count: cases.len(),
            })
            .collect()
    }

    fn browse(&self, current_year: Option<i32>) -> serde_json::Value {
        let site = self.site;
        let factors: Vec<_> = site
            .factors
            .iter()
            .map(|f| serde_json::json!({"name": f.doc.meta.name, "url": f.url}))
            .collect();
        let years: Vec<_> = site
            .index
            .by_year
            .iter()
            .map(|(y, _)| serde_json::json!({"year": y, "url": urls::year(&self.base, *y), "current": Some(*y) == current_year}))
            .collect();
        serde_json::json!({ "factors": factors, "years": years })
    }
}
