//! Rendering: every page of the site from the `Site` and the theme.
//!
//! Pages are independent jobs run in parallel; each returns its output path and
//! bytes, and the caller decides where they go (the build's staging folder, or
//! memory in tests). Nothing here touches the file system except through `emit`.

mod cards;
mod feeds;
mod handout;
mod map;
mod suggest;
pub mod theme;
pub mod views;

use std::sync::Arc;

use anyhow::{anyhow, Result};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::handout::{self as handouts, Kind};
use crate::load::schema::TermMeta;
use crate::site::{Entry, Site};
use crate::urls;
pub use cards::CardHtml;
pub use feeds::FEED_ENTRIES;
use theme::{fill, tera_chain, Strings, Theme};
use views::{Card, SiteView, TermSummary, TermView};

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
    Search,
    Sitemap,
    Feed,
    Handout(Kind),
    Suggest,
}

/// What every job reads: the site, the theme and the views shared between pages.
pub struct Ctx<'a> {
    site: &'a Site,
    theme: &'a Theme,
    view: SiteView,
    cards: Vec<Card>,
    /// A key per card, which changes whenever what the card shows changes.
    card_keys: Vec<u64>,
    card_html: Arc<CardHtml>,
    base: String,
    /// The URL of the search index's manifest, which the search page names.
    search_index: &'a str,
    /// Interface strings in the site's language.
    t: &'a Strings,
    /// The map of Sweden with every municipality that has cases, drawn once, when a
    /// page that shows it is rendered (a save seldom re-renders one).
    map: std::sync::OnceLock<String>,
}

/// Renders every page and asset, calling `emit(path, bytes)` for each; returns how
/// many HTML pages were rendered. The search page is not among them: it names the
/// search index's manifest, so it comes from `render_search_page` once that exists.
pub fn render(
    site: &Site,
    theme: &Theme,
    emit: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<usize> {
    let ctx = Ctx::new(site, theme, "");
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

/// The search page; `search_index` is the URL of the search index's manifest.
pub fn render_search_page(
    site: &Site,
    theme: &Theme,
    search_index: &str,
    emit: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<()> {
    let (path, html) = Ctx::new(site, theme, search_index).run(&Job::Search)?;
    emit(&path, html.as_bytes())
}

/// Renders only the handout pages for `kinds`, as `rotsystem handouts` does.
pub fn render_handouts(
    site: &Site,
    theme: &Theme,
    kinds: &[Kind],
    emit: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<usize> {
    let ctx = Ctx::new(site, theme, "");
    kinds.par_iter().try_for_each(|&kind| {
        let (path, bytes) = ctx.run(&Job::Handout(kind))?;
        emit(&path, bytes.as_bytes())
    })?;
    Ok(kinds.len())
}

/// The links a page gives to its handout: the print page and the PDF.
#[derive(Serialize)]
struct HandoutLinks {
    page: String,
    pdf: String,
}

fn handout_links(site: &Site, kind: Kind) -> HandoutLinks {
    let base = site.base();
    let (page, name) = match kind {
        Kind::Factor(i) => {
            let id = &site.factors[i].doc.slug;
            (urls::factor_handout(&base, id), handouts::factor_name(id))
        }
        Kind::Root => (urls::handout_page(&base, "rotsystemet"), "rotsystemet".into()),
        Kind::Steps => (urls::handout_page(&base, "tio-steg"), "tio-steg".into()),
    };
    HandoutLinks {
        page,
        pdf: urls::handout_pdf(&base, &name),
    }
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
    jobs.extend(handouts::pdf::kinds(site).into_iter().map(Job::Handout));
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

impl<'a> Ctx<'a> {
    /// `search_index` is the search manifest's URL, which only the search page uses.
    pub fn new(site: &'a Site, theme: &'a Theme, search_index: &'a str) -> Ctx<'a> {
        Ctx::with_cards(site, theme, search_index, Arc::default())
    }

    /// As `new`, with card HTML kept from earlier renders of the same theme.
    pub fn with_cards(
        site: &'a Site,
        theme: &'a Theme,
        search_index: &'a str,
        card_html: Arc<CardHtml>,
    ) -> Ctx<'a> {
        let t = theme.strings(&site.config.book.language);
        let cards = views::cards(site);
        Ctx {
            site,
            theme,
            view: SiteView::new(site),
            card_keys: cards.par_iter().map(cards::key).collect(),
            cards,
            card_html,
            base: site.base(),
            search_index,
            t,
            map: std::sync::OnceLock::new(),
        }
    }

    /// A key per case's card, by case index, which changes whenever what the card
    /// shows changes.
    pub fn card_keys(&self) -> &[u64] {
        &self.card_keys
    }

    /// The interface strings the pages are rendered with.
    pub fn strings(&self) -> &Strings {
        self.t
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
                let latest = self.cards_of(site.index.cases.iter().take(5).copied())?;
                insert_cards(&mut c, "latest", &latest);
                c.insert("case_count", &site.cases.len());
                c.insert("municipalities", &self.municipality_list());
                c.insert("map", self.map());
                self.page("index.html", "index.html", &c)
            }
            Job::Case(i) => {
                let e = &site.cases[*i];
                let mut c = self.context(&e.url, &e.doc.meta.title, &e.doc.meta.summary);
                c.insert("case", &views::case_view(site, *i));
                let related = self.cards_of(site.index.related[*i].iter().copied())?;
                insert_cards(&mut c, "related", &related);
                self.page(&urls::output_file(base, &e.url), "case.html", &c)
            }
            Job::Factor(i) | Job::Step(i) => {
                let (terms, by, label) = match job {
                    Job::Factor(_) => (&site.factors, &site.index.by_factor, self.tr("factor")),
                    _ => (&site.steps, &site.index.by_step, self.tr("step")),
                };
                let e = &terms[*i];
                let m = &e.doc.meta;
                let mut c = self.context(&e.url, &m.name, &m.description);
                c.insert("kind_label", label);
                c.insert("is_factor", &matches!(job, Job::Factor(_)));
                c.insert(
                    "term",
                    &TermView {
                        name: &m.name,
                        order: m.order,
                        colour: views::colour(m.order),
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
                let cases = self.card_list(by[*i].iter().map(|&ci| (ci, note(ci))))?;
                insert_cards(&mut c, "cases", &cases);
                if let Job::Factor(i) = job {
                    c.insert("handout", &handout_links(site, Kind::Factor(*i)));
                }
                self.page(&urls::output_file(base, &e.url), "term.html", &c)
            }
            Job::Municipality(i) => {
                let k = &site.municipalities[*i];
                let url = urls::municipality(base, &k.id);
                let description = fill(self.tr("municipality_description"), &[("name", &k.name)]);
                let mut c = self.context(&url, &k.name, &description);
                c.insert(
                    "muni",
                    &views::MunicipalityView {
                        data: k,
                        url: url.clone(),
                        count: site.index.by_municipality[*i].len(),
                    },
                );
                let cases = self.cards_of(site.index.by_municipality[*i].iter().copied())?;
                insert_cards(&mut c, "cases", &cases);
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
                    let (n, total) = (n.to_string(), total.to_string());
                    fill(self.tr("listing_title_paged"), &[("n", &n), ("total", &total)])
                } else {
                    self.tr("listing_title").to_string()
                };
                let mut c = self.context(&url, &title, self.tr("listing_description"));
                let slice = site.index.cases.iter().skip((n - 1) * size).take(size).copied();
                insert_cards(&mut c, "cases", &self.cards_of(slice)?);
                let count = site.cases.len().to_string();
                c.insert("heading", &fill(self.tr("listing_heading"), &[("n", &count)]));
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
                let (y, n) = (year.to_string(), cases.len().to_string());
                let mut c = self.context(
                    &url,
                    &fill(self.tr("year_title"), &[("year", &y)]),
                    &fill(self.tr("year_description"), &[("year", &y)]),
                );
                insert_cards(&mut c, "cases", &self.cards_of(cases.iter().copied())?);
                c.insert(
                    "heading",
                    &fill(self.tr("year_heading"), &[("n", &n), ("year", &y)]),
                );
                c.insert("browse", &self.browse(Some(*year)));
                c.insert("pager", &Vec::<()>::new());
                self.page(&urls::output_file(base, &url), "cases.html", &c)
            }
            Job::Factors | Job::Steps => {
                let (terms, by, title, intro, url) = match job {
                    Job::Factors => (
                        &site.factors,
                        &site.index.by_factor,
                        self.tr("factors_title"),
                        self.tr("factors_intro"),
                        format!("{base}faktorer/"),
                    ),
                    _ => (
                        &site.steps,
                        &site.index.by_step,
                        self.tr("steps_title"),
                        self.tr("steps_intro"),
                        format!("{base}steg/"),
                    ),
                };
                let mut c = self.context(&url, title, intro);
                c.insert("terms", &self.term_summaries(terms, by));
                c.insert("intro", intro);
                c.insert("is_factor", &matches!(job, Job::Factors));
                let kind = if matches!(job, Job::Factors) {
                    Kind::Root
                } else {
                    Kind::Steps
                };
                c.insert("handout", &handout_links(site, kind));
                self.page(&urls::output_file(base, &url), "terms.html", &c)
            }
            Job::Municipalities => {
                let url = format!("{base}kommuner/");
                let mut c = self.context(
                    &url,
                    self.tr("municipalities_title"),
                    self.tr("municipalities_description"),
                );
                c.insert("municipalities", &self.municipality_list());
                c.insert("map", self.map());
                self.page(&urls::output_file(base, &url), "municipalities.html", &c)
            }
            Job::NotFound => {
                let c = self.context("404.html", self.tr("not_found_title"), "");
                self.page("404.html", "404.html", &c)
            }
            Job::Search => {
                let url = urls::search(base);
                let mut c = self.context(&url, self.tr("search_title"), self.tr("search_description"));
                c.insert("search_index", self.search_index);
                self.page(&urls::output_file(base, &url), "search.html", &c)
            }
            Job::Suggest => {
                let url = urls::suggest(base);
                let mut c = self.context(&url, self.tr("suggest_title"), self.tr("suggest_description"));
                c.insert("suggest", &suggest::view(site));
                self.page(&urls::output_file(base, &url), "suggest.html", &c)
            }
            Job::Sitemap => Ok(("sitemap.xml".into(), feeds::sitemap(site, &self.view.url))),
            Job::Feed => Ok(("atom.xml".into(), feeds::atom(site, &self.view.url))),
            Job::Handout(kind) => {
                // The page shows the handout at its fullest; only a PDF that would
                // overflow two pages is shortened further.
                let h = handouts::one(site, *kind, &handouts::LADDER[0], self.t);
                let title = fill(self.tr("handout_page_title"), &[("title", &h.title)]);
                let description = fill(self.tr("handout_page_description"), &[("title", &h.title)]);
                let mut c = self.context(&h.page_url, &title, &description);
                c.insert("handout", &handout::view(&h));
                self.page(&urls::output_file(base, &h.page_url), "handout.html", &c)
            }
        }
    }

    fn context(&self, url: &str, title: &str, description: &str) -> Context {
        let mut c = Context::new();
        c.insert("site", &self.view);
        c.insert("t", self.t);
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

    fn map(&self) -> &str {
        self.map.get_or_init(|| municipality_map(self.site, self.t))
    }

    /// An interface string; the theme guarantees every key the code uses exists in
    /// every language, and a test renders every page in both.
    fn tr<'k>(&'k self, key: &'k str) -> &'k str {
        self.t.get(key).map_or(key, String::as_str)
    }

    fn municipality_list(&self) -> Vec<views::MunicipalityView<'_>> {
        let site = self.site;
        site.index
            .municipalities
            .iter()
            .map(|&i| views::MunicipalityView {
                data: &site.municipalities[i],
                url: urls::municipality(&self.base, &site.municipalities[i].id),
                count: site.index.by_municipality[i].len(),
            })
            .collect()
    }

    /// The cards of these cases as HTML, each with its note (a factor page's).
    fn card_list<'n>(&self, ids: impl Iterator<Item = (usize, Option<&'n str>)>) -> Result<Vec<Arc<str>>> {
        let cards: Vec<_> = ids
            .map(|(i, note)| (&self.cards[i], self.card_keys[i], note))
            .collect();
        self.card_html.render(&self.theme.tera, self.t, &cards)
    }

    /// The cards of these cases as HTML.
    fn cards_of(&self, ids: impl Iterator<Item = usize>) -> Result<Vec<Arc<str>>> {
        self.card_list(ids.map(|i| (i, None)))
    }

    fn term_summaries<'t>(&self, terms: &'t [Entry<TermMeta>], by: &[Vec<usize>]) -> Vec<TermSummary<'t>> {
        terms
            .iter()
            .zip(by)
            .map(|(t, cases)| TermSummary {
                name: &t.doc.meta.name,
                order: t.doc.meta.order,
                colour: views::colour(t.doc.meta.order),
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
            .map(|f| {
                let order = f.doc.meta.order;
                serde_json::json!({"name": f.doc.meta.name, "url": f.url, "order": order, "colour": views::colour(order)})
            })
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

/// Puts rendered cards into a page's context, for `macros.html`'s `case_list`.
fn insert_cards(c: &mut Context, key: &str, cards: &[Arc<str>]) {
    c.insert(key, &cards.iter().map(|h| &**h).collect::<Vec<&str>>());
}

/// The map of Sweden with a point per municipality that has cases, largest first so
/// small points are drawn on top and stay clickable.
fn municipality_map(site: &Site, t: &Strings) -> String {
    let base = site.base();
    let urls: Vec<String> = site
        .municipalities
        .iter()
        .map(|k| urls::municipality(&base, &k.id))
        .collect();
    let mut order: Vec<usize> = site.index.municipalities.clone();
    order.retain(|&i| !site.index.by_municipality[i].is_empty());
    order.sort_by_key(|&i| std::cmp::Reverse(site.index.by_municipality[i].len()));
    let label = t.get("map_point").map_or("{name}: {n}", String::as_str);
    let points: Vec<map::Point> = order
        .iter()
        .map(|&i| {
            let k = &site.municipalities[i];
            let n = site.index.by_municipality[i].len();
            map::Point {
                lat: k.coordinates.lat,
                lon: k.coordinates.lon,
                url: &urls[i],
                label: fill(label, &[("name", &k.name), ("n", &n.to_string())]),
                count: n,
            }
        })
        .collect();
    map::svg(t.get("map_title").map_or("", String::as_str), &points)
}
