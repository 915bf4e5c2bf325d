//! The loaded site: validated content, rendered bodies and every listing, computed
//! once per build.
//!
//! Templates only read from here. Zola's lesson is that a template which gathers a
//! taxonomy on every page turns a 1.5 s build into 20 s; so cases by factor, step,
//! municipality and year, and each case's related cases, are indexes built in
//! `Site::load`, in a deterministic order with a total tie-break.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::load::schema::{CaseMeta, Municipality, PageMeta, TermMeta};
use crate::load::{self, Content, Doc};
use crate::markdown::{self, Input, LinkMap, Rendered};
use crate::urls;

#[derive(Clone)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    pub cases: Vec<Entry<CaseMeta>>,
    pub factors: Vec<Entry<TermMeta>>,
    pub steps: Vec<Entry<TermMeta>>,
    pub pages: Vec<Entry<PageMeta>>,
    pub municipalities: Vec<Municipality>,
    pub index: Index,
}

#[derive(Clone)]
pub struct Entry<M> {
    pub doc: Doc<M>,
    pub url: String,
    pub body: Rendered,
}

/// Listings, as indexes into `Site::cases`, each in display order.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// All cases: newest year first (undated last), then title in Swedish order, then slug.
    pub cases: Vec<usize>,
    pub by_factor: Vec<Vec<usize>>,
    pub by_step: Vec<Vec<usize>>,
    pub by_municipality: Vec<Vec<usize>>,
    /// Newest year first.
    pub by_year: Vec<(i32, Vec<usize>)>,
    pub related: Vec<Vec<usize>>,
    /// Municipalities in Swedish alphabetical order, as indexes.
    pub municipalities: Vec<usize>,
}

#[derive(Debug)]
pub enum LoadError {
    Content(Vec<Diagnostic>),
    Internal(anyhow::Error),
}

impl Site {
    pub fn load(root: &Path) -> Result<Site, LoadError> {
        let config = Config::load(root).map_err(|d| LoadError::Content(vec![*d]))?;
        let content = load::load(root, &config.book.src).map_err(sorted)?;
        Site::from_content(root, config, content)
    }

    pub fn from_content(root: &Path, config: Config, content: Content) -> Result<Site, LoadError> {
        let base = config.base_path();
        let links = link_map(&content, &base);
        let mut diags = Vec::new();
        let cases = entries(content.cases, &links, &mut diags, |d| urls::case(&base, &d.slug));
        let factors = entries(content.factors, &links, &mut diags, |d| {
            urls::factor(&base, &d.slug)
        });
        let steps = entries(content.steps, &links, &mut diags, |d| urls::step(&base, &d.slug));
        let pages = entries(content.pages, &links, &mut diags, |d| urls::page(&base, &d.slug));
        if !diags.is_empty() {
            return Err(sorted(diags));
        }
        let mut site = Site {
            config,
            root: root.to_path_buf(),
            cases,
            factors,
            steps,
            pages,
            municipalities: content.municipalities,
            index: Index::default(),
        };
        site.index = Index::build(&site);
        Ok(site)
    }

    pub fn base(&self) -> String {
        self.config.base_path()
    }

    pub fn factor_pos(&self, id: &str) -> Option<usize> {
        self.factors.iter().position(|f| f.doc.slug == id)
    }

    pub fn step_pos(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|f| f.doc.slug == id)
    }

    pub fn municipality_pos(&self, id: &str) -> Option<usize> {
        self.municipalities.iter().position(|m| m.id == id)
    }

    /// `factor_pos` for every factor at once.
    pub fn factor_at(&self) -> HashMap<&str, usize> {
        self.factors
            .iter()
            .enumerate()
            .map(|(i, f)| (f.doc.slug.as_str(), i))
            .collect()
    }

    pub fn step_at(&self) -> HashMap<&str, usize> {
        self.steps
            .iter()
            .enumerate()
            .map(|(i, f)| (f.doc.slug.as_str(), i))
            .collect()
    }

    /// `municipality_pos` for every municipality at once.
    pub fn municipality_at(&self) -> HashMap<&str, usize> {
        self.municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect()
    }
}

fn sorted(mut diags: Vec<Diagnostic>) -> LoadError {
    diagnostic::sort(&mut diags);
    LoadError::Content(diags)
}

fn link_map(content: &Content, base: &str) -> LinkMap {
    let mut links = LinkMap::new();
    for d in &content.cases {
        links.insert(d.content_path.clone(), urls::case(base, &d.slug));
    }
    for d in &content.factors {
        links.insert(d.content_path.clone(), urls::factor(base, &d.slug));
    }
    for d in &content.steps {
        links.insert(d.content_path.clone(), urls::step(base, &d.slug));
    }
    for d in &content.pages {
        links.insert(d.content_path.clone(), urls::page(base, &d.slug));
    }
    links
}

fn entries<M: Send + Sync>(
    docs: Vec<Doc<M>>,
    links: &LinkMap,
    diags: &mut Vec<Diagnostic>,
    url: impl Fn(&Doc<M>) -> String + Sync,
) -> Vec<Entry<M>> {
    let rendered: Vec<(Entry<M>, Vec<Diagnostic>)> = docs
        .into_par_iter()
        .map(|doc| {
            let mut found = Vec::new();
            let input = Input {
                file: &doc.file,
                body_offset: doc.body_offset,
                content_path: &doc.content_path,
            };
            let body = markdown::render(&input, links, &mut found);
            let url = url(&doc);
            (Entry { doc, url, body }, found)
        })
        .collect();
    rendered
        .into_iter()
        .map(|(entry, found)| {
            diags.extend(found);
            entry
        })
        .collect()
}

/// A sort key that puts å, ä, ö after z, in that order, as Swedish readers expect.
pub fn sv_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => '{',
            'ä' | 'æ' => '|',
            'ö' | 'ø' => '}',
            'é' | 'è' => 'e',
            c => c,
        })
        .collect()
}

/// What the listings read of one case, with ids turned into positions: computed
/// once per case, so that the live preview can keep it for cases that did not change.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub factors: Vec<usize>,
    pub steps: Vec<usize>,
    pub municipalities: Vec<usize>,
    /// `sv_key` of the title.
    pub title_key: String,
}

/// Positions of the vocabulary by id: a linear search per case would be 10^6 string
/// compares at 10,000 cases and 290 municipalities.
pub struct Positions<'a> {
    factors: HashMap<&'a str, usize>,
    steps: HashMap<&'a str, usize>,
    municipalities: HashMap<&'a str, usize>,
}

impl<'a> Positions<'a> {
    pub fn new(site: &'a Site) -> Positions<'a> {
        Positions {
            factors: site.factor_at(),
            steps: site.step_at(),
            municipalities: site.municipality_at(),
        }
    }

    /// The facts of a case that passed validation, so that every id is known.
    pub fn facts(&self, meta: &CaseMeta) -> CaseFacts {
        CaseFacts {
            factors: meta.factors.iter().map(|f| self.factors[f.id.as_str()]).collect(),
            steps: meta.steps.iter().map(|s| self.steps[s.as_str()]).collect(),
            municipalities: meta
                .municipalities
                .iter()
                .map(|m| self.municipalities[m.as_str()])
                .collect(),
            title_key: sv_key(&meta.title),
        }
    }
}

impl Index {
    pub fn build(site: &Site) -> Index {
        let positions = Positions::new(site);
        let facts: Vec<CaseFacts> = site
            .cases
            .par_iter()
            .map(|c| positions.facts(&c.doc.meta))
            .collect();
        let facts: Vec<&CaseFacts> = facts.iter().collect();
        let mut index = Index::listings(site, &facts);
        index.related = related(site, &index.cases, &facts);
        index
    }

    /// Every listing but `related`, the one that compares all pairs of cases; the
    /// live preview updates that one incrementally (`crate::incremental`).
    /// `facts[i]` are case `i`'s facts.
    pub fn listings(site: &Site, facts: &[&CaseFacts]) -> Index {
        let cases = &site.cases;
        let mut all: Vec<usize> = (0..cases.len()).collect();
        all.sort_by(|&a, &b| {
            let (ca, cb) = (&cases[a].doc, &cases[b].doc);
            cb.meta
                .year
                .cmp(&ca.meta.year)
                .then_with(|| facts[a].title_key.cmp(&facts[b].title_key))
                .then_with(|| ca.slug.cmp(&cb.slug))
        });

        let mut by_factor = vec![Vec::new(); site.factors.len()];
        let mut by_step = vec![Vec::new(); site.steps.len()];
        let mut by_municipality = vec![Vec::new(); site.municipalities.len()];
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in &all {
            let f = facts[i];
            for &p in &f.factors {
                by_factor[p].push(i);
            }
            for &p in &f.steps {
                by_step[p].push(i);
            }
            for &p in &f.municipalities {
                by_municipality[p].push(i);
            }
            if let Some(year) = cases[i].doc.meta.year {
                years.entry(year).or_default().push(i);
            }
        }
        let mut municipalities: Vec<usize> = (0..site.municipalities.len()).collect();
        municipalities.sort_by_key(|&i| {
            (
                sv_key(&site.municipalities[i].name),
                site.municipalities[i].id.clone(),
            )
        });

        Index {
            related: Vec::new(),
            cases: all,
            by_factor,
            by_step,
            by_municipality,
            by_year: years.into_iter().rev().collect(),
            municipalities,
        }
    }
}

/// Each case's related cases: most shared factors first, then shared municipalities,
/// then the listing order. Factors are bit sets, so the all-pairs pass is a popcount
/// per pair; at 10,000 cases that is 10^8 cheap steps spread over the cores.
fn related(site: &Site, order: &[usize], facts: &[&CaseFacts]) -> Vec<Vec<usize>> {
    let r = Related::new(site, order, facts);
    (0..site.cases.len())
        .into_par_iter()
        .map(|i| r.top(i, 0..site.cases.len()))
        .collect()
}

/// What ranking related cases needs, computed once per build.
pub struct Related<'a> {
    order: &'a [usize],
    rank: Vec<usize>,
    factor_bits: Vec<u128>,
    muni_bits: Vec<u128>,
    want: usize,
}

impl<'a> Related<'a> {
    pub fn new(site: &Site, order: &'a [usize], facts: &[&CaseFacts]) -> Related<'a> {
        let n = site.cases.len();
        let mut rank = vec![0usize; n];
        for (pos, &i) in order.iter().enumerate() {
            rank[i] = pos;
        }
        // Bit positions wrap past 128 factors; the model has 12, so a wrap would only
        // blur the ranking of a very different vocabulary, never break it.
        let bits = |positions: &[usize]| positions.iter().fold(0u128, |acc, p| acc | 1 << (p % 128));
        let factor_bits = facts.iter().map(|f| bits(&f.factors)).collect();
        let muni_bits = facts.iter().map(|f| bits(&f.municipalities)).collect();
        Related {
            order,
            rank,
            factor_bits,
            muni_bits,
            want: site.config.library.related_cases,
        }
    }

    /// Whether `i` and `j` share a factor, the condition for being related at all.
    pub fn shares_factor(&self, i: usize, j: usize) -> bool {
        self.factor_bits[i] & self.factor_bits[j] != 0
    }

    /// Case `i`'s related cases, best first, chosen among `candidates`.
    pub fn top(&self, i: usize, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut best: Vec<(u32, u32, usize)> = Vec::with_capacity(self.want + 1);
        for j in candidates {
            let shared = (self.factor_bits[i] & self.factor_bits[j]).count_ones();
            if j == i || shared == 0 {
                continue;
            }
            let key = (
                shared,
                (self.muni_bits[i] & self.muni_bits[j]).count_ones(),
                usize::MAX - self.rank[j],
            );
            if best.len() < self.want || best.last().is_some_and(|last| key > *last) {
                let at = best.partition_point(|b| *b > key);
                best.insert(at, key);
                best.truncate(self.want);
            }
        }
        best.into_iter()
            .map(|(_, _, r)| self.order[usize::MAX - r])
            .collect()
    }
}
