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
use crate::load::frontmatter::SourceFile;
use crate::load::schema::{CaseMeta, CollectionMeta, Municipality, MunicipalityEntry, PageMeta, TermMeta};
use crate::load::{self, Doc, Docs, Parsed};
use crate::markdown::{self, Input, LinkMap, Rendered};
use crate::timing::Laps;
use crate::urls;
use crate::vocabulary::{CaseKey, Spec, FACTORS, STEPS};

mod collections;
mod related;
pub use related::Related;

#[derive(Clone)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    /// In content-path order.
    pub cases: Vec<Entry<CaseMeta>>,
    /// Factors, steps, then the declared vocabularies (`Config::vocabularies`).
    pub vocabularies: Vec<Vocabulary>,
    /// In content-path order.
    pub pages: Vec<Entry<PageMeta>>,
    /// The workshop collections, in content-path order.
    pub collections: Vec<Entry<CollectionMeta>>,
    /// Sweden's 290 municipalities in `crate::places` order (position `i` is
    /// `places::all()[i]`), with what the municipalities file says about them.
    pub municipalities: Vec<Municipality>,
    /// The municipalities file's entries, as written.
    pub municipality_entries: Vec<MunicipalityEntry>,
    /// The municipalities file, kept for locating values in diagnostics.
    pub municipalities_file: Option<SourceFile>,
    pub index: Index,
    /// Whether a case's rendered HTML and text are kept. `check` reads only a body's
    /// anchors and links, and drops the rest as each case is rendered: about a
    /// gigabyte at 100,000 cases, and the time to fault it in.
    pub keep_case_html: bool,
}

/// A vocabulary's description and its terms, in model order (`order`, then slug).
#[derive(Clone)]
pub struct Vocabulary {
    pub spec: Spec,
    pub terms: Vec<Entry<TermMeta>>,
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
    /// By vocabulary, then term: the cases tagged with it.
    pub by_term: Vec<Vec<Vec<usize>>>,
    pub by_municipality: Vec<Vec<usize>>,
    /// Newest year first.
    pub by_year: Vec<(i32, Vec<usize>)>,
    pub related: Vec<Vec<usize>>,
    /// All municipalities in Swedish alphabetical order, as indexes.
    pub municipalities: Vec<usize>,
    /// Those of them that cases name, in the same order: the ones with a page.
    pub named_municipalities: Vec<usize>,
    /// The workshop collections (indexes into `Site::collections`) in the order the
    /// "Samlingar" page lists them: title in Swedish order, then slug.
    pub collections: Vec<usize>,
    /// By case: the collections that discuss it, in that order.
    pub collections_of_case: Vec<Vec<usize>>,
    /// By vocabulary, then term: the collections that cover it, in that order.
    pub collections_of_term: Vec<Vec<Vec<usize>>>,
}

#[derive(Debug)]
pub enum LoadError {
    Content(Vec<Diagnostic>),
    Internal(anyhow::Error),
}

impl Site {
    /// Reads, validates and indexes the site at `root`: the file-by-file calls the
    /// live preview makes for the files that changed, made for every file.
    pub fn load(root: &Path) -> Result<Site, LoadError> {
        Site::load_timed(root, &mut Laps::default())
    }

    /// `load`, recording each of its stages in `laps`.
    pub fn load_timed(root: &Path, laps: &mut Laps) -> Result<Site, LoadError> {
        Site::load_keeping(root, laps, true)
    }

    /// `load_timed`, keeping each case's rendered HTML and text or not
    /// (`keep_case_html`).
    pub fn load_keeping(root: &Path, laps: &mut Laps, keep_case_html: bool) -> Result<Site, LoadError> {
        let config = Config::load(root).map_err(|d| LoadError::Content(vec![*d]))?;
        let mut site = Site::new(root, config);
        site.keep_case_html = keep_case_html;
        let (parsed, diags) = load::read_dir(root, &site.content_dir(), &site.specs()).map_err(sorted)?;
        for p in parsed {
            site.add(p);
        }
        laps.lap("load: read and parse");
        site.finish(diags, laps)
    }

    /// Validates the documents added so far, renders their bodies and indexes them:
    /// the last step of `load`. `diags` are the problems found before (walking,
    /// parsing), reported with the rest.
    pub fn finish(mut self, mut diags: Vec<Diagnostic>, laps: &mut Laps) -> Result<Site, LoadError> {
        load::validate(&self.docs(), &mut diags);
        if !diags.is_empty() {
            return Err(sorted(diags));
        }
        laps.lap("load: validate");
        let links = self.link_map();
        self.render_bodies(&|_| true, &links, &mut |_, _, found| diags.extend(found));
        if !diags.is_empty() {
            return Err(sorted(diags));
        }
        laps.lap("load: markdown");
        self.index = Index::build(&self);
        laps.lap("load: listings, related");
        Ok(self)
    }

    /// A site with no content yet.
    pub fn new(root: &Path, config: Config) -> Site {
        let vocabularies = config
            .vocabularies()
            .into_iter()
            .map(|spec| Vocabulary {
                spec,
                terms: Vec::new(),
            })
            .collect();
        Site {
            config,
            root: root.to_path_buf(),
            cases: Vec::new(),
            vocabularies,
            pages: Vec::new(),
            collections: Vec::new(),
            municipalities: merged(&[]),
            municipality_entries: Vec::new(),
            municipalities_file: None,
            index: Index::default(),
            keep_case_html: true,
        }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.config.book.src)
    }

    pub fn specs(&self) -> Vec<Spec> {
        self.vocabularies.iter().map(|v| v.spec.clone()).collect()
    }

    /// Adds a parsed file, or replaces the document at its content path; returns
    /// the address links to it resolve to. Its body is rendered by `render_bodies`.
    pub fn add(&mut self, parsed: Parsed) -> Option<String> {
        let base = self.base();
        match parsed {
            Parsed::Municipalities(list, file) => {
                self.municipalities = merged(&list);
                self.municipality_entries = list;
                self.municipalities_file = Some(file);
                None
            }
            Parsed::Case(doc) => {
                let url = urls::case(&base, &doc.slug);
                Some(upsert(&mut self.cases, doc, url))
            }
            Parsed::Term(v, doc) => {
                let vocabulary = &mut self.vocabularies[v];
                let url = urls::term(&base, &vocabulary.spec.url, &doc.slug);
                let terms = &mut vocabulary.terms;
                terms.retain(|e| e.doc.content_path != doc.content_path);
                let key = (doc.meta.order, doc.slug.as_str());
                let at = terms.partition_point(|e| (e.doc.meta.order, e.doc.slug.as_str()) < key);
                terms.insert(at, entry(doc, url.clone()));
                Some(url)
            }
            Parsed::Page(doc) => {
                let url = urls::page(&base, &doc.slug);
                Some(upsert(&mut self.pages, doc, url))
            }
            Parsed::Collection(doc) => {
                let url = urls::collection(&base, &doc.slug);
                Some(upsert(&mut self.collections, doc, url))
            }
        }
    }

    /// Forgets the document at a content path; returns the address links to it
    /// resolved to.
    pub fn remove(&mut self, content_path: &str) -> Option<String> {
        if content_path == "municipalities.yaml" {
            self.municipalities = merged(&[]);
            self.municipality_entries.clear();
            self.municipalities_file = None;
            return None;
        }
        let take = |url: String| Some(url);
        match load::classify(content_path, &self.specs())? {
            load::Kind::Case => remove_sorted(&mut self.cases, content_path).and_then(take),
            load::Kind::Page => remove_sorted(&mut self.pages, content_path).and_then(take),
            load::Kind::Collection => remove_sorted(&mut self.collections, content_path).and_then(take),
            load::Kind::Term(v) => {
                let terms = &mut self.vocabularies[v].terms;
                let i = terms.iter().position(|e| e.doc.content_path == content_path)?;
                Some(terms.remove(i).url)
            }
            load::Kind::Municipalities => None,
        }
    }

    /// Every document by reference, in file order, for validation.
    pub fn docs(&self) -> Docs<'_> {
        Docs {
            cases: self.cases.iter().map(|e| &e.doc).collect(),
            vocabularies: self.vocabularies.iter().map(|v| by_path(&v.terms)).collect(),
            specs: self.vocabularies.iter().map(|v| &v.spec).collect(),
            pages: self.pages.iter().map(|e| &e.doc).collect(),
            collections: self.collections.iter().map(|e| &e.doc).collect(),
            municipalities: &self.municipalities,
            municipality_entries: &self.municipality_entries,
            municipalities_file: self.municipalities_file.as_ref(),
        }
    }

    /// Where links between content files lead: content path to address.
    pub fn link_map(&self) -> LinkMap {
        let mut links = LinkMap::new();
        for (path, url) in self.documents().map(|(d, url, _)| (d, url)) {
            links.insert(path.to_string(), url.to_string());
        }
        links
    }

    /// Every document's content path, address and body.
    fn documents(&self) -> impl Iterator<Item = (&str, &str, &Rendered)> {
        let cases = self.cases.iter().map(Entry::parts);
        let terms = self
            .vocabularies
            .iter()
            .flat_map(|v| v.terms.iter().map(Entry::parts));
        let collections = self.collections.iter().map(Entry::parts);
        cases
            .chain(terms)
            .chain(self.pages.iter().map(Entry::parts))
            .chain(collections)
    }

    /// The content paths of documents whose body links to one of `targets`.
    pub fn linking_to(&self, targets: &std::collections::BTreeSet<String>) -> Vec<String> {
        self.documents()
            .filter(|(_, _, body)| body.links.iter().any(|l| targets.contains(l)))
            .map(|(path, _, _)| path.to_string())
            .collect()
    }

    /// Renders the bodies of the documents `stale` names, in parallel; `done` gets
    /// each one's content path, body and problems.
    pub fn render_bodies(
        &mut self,
        stale: &(dyn Fn(&str) -> bool + Sync),
        links: &LinkMap,
        done: &mut dyn FnMut(&str, &Rendered, Vec<Diagnostic>),
    ) -> usize {
        let mut results = render_stale(&mut self.cases, stale, links, self.keep_case_html);
        for v in &mut self.vocabularies {
            results.extend(render_stale(&mut v.terms, stale, links, true));
        }
        results.extend(render_stale(&mut self.pages, stale, links, true));
        results.extend(render_stale(&mut self.collections, stale, links, true));
        let n = results.len();
        let bodies: FxBodies = self.documents().map(|(path, _, body)| (path, body)).collect();
        for (path, found) in results {
            done(&path, bodies[path.as_str()], found);
        }
        n
    }

    pub fn base(&self) -> String {
        self.config.base_path()
    }

    pub fn factors(&self) -> &[Entry<TermMeta>] {
        &self.vocabularies[FACTORS].terms
    }

    pub fn steps(&self) -> &[Entry<TermMeta>] {
        &self.vocabularies[STEPS].terms
    }

    pub fn factor_pos(&self, id: &str) -> Option<usize> {
        self.factors().iter().position(|f| f.doc.slug == id)
    }

    pub fn municipality_pos(&self, id: &str) -> Option<usize> {
        self.municipalities.iter().position(|m| m.id == id)
    }

    /// Each vocabulary's term positions by id.
    pub fn term_at(&self) -> Vec<HashMap<&str, usize>> {
        self.vocabularies
            .iter()
            .map(|v| {
                v.terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.doc.slug.as_str(), i))
                    .collect()
            })
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

type FxBodies<'a> = HashMap<&'a str, &'a Rendered>;

/// The 290 municipalities with what `entries` say about them; an entry that names
/// none is left for validation to report.
fn merged(entries: &[MunicipalityEntry]) -> Vec<Municipality> {
    let mut all: Vec<Municipality> = crate::places::all().iter().map(Municipality::of).collect();
    for e in entries {
        if let Some(i) = e.place() {
            all[i].population = e.population.clone();
        }
    }
    all
}

impl<M> Entry<M> {
    fn parts(&self) -> (&str, &str, &Rendered) {
        (&self.doc.content_path, &self.url, &self.body)
    }
}

fn sorted(mut diags: Vec<Diagnostic>) -> LoadError {
    diagnostic::sort(&mut diags);
    LoadError::Content(diags)
}

fn entry<M>(doc: Doc<M>, url: String) -> Entry<M> {
    Entry {
        doc,
        url,
        body: Rendered::default(),
    }
}

/// Puts a document into a list kept in content-path order, in place if it is there.
fn upsert<M>(list: &mut Vec<Entry<M>>, doc: Doc<M>, url: String) -> String {
    match list.binary_search_by(|e| e.doc.content_path.cmp(&doc.content_path)) {
        Ok(i) => list[i] = entry(doc, url.clone()),
        Err(i) => list.insert(i, entry(doc, url.clone())),
    }
    url
}

fn remove_sorted<M>(list: &mut Vec<Entry<M>>, content_path: &str) -> Option<String> {
    let i = list
        .binary_search_by(|e| e.doc.content_path.as_str().cmp(content_path))
        .ok()?;
    Some(list.remove(i).url)
}

/// Documents in file order, the order validation reads them in.
fn by_path<M>(list: &[Entry<M>]) -> Vec<&Doc<M>> {
    let mut docs: Vec<&Doc<M>> = list.iter().map(|e| &e.doc).collect();
    docs.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    docs
}

fn render_stale<M: Send + Sync>(
    list: &mut [Entry<M>],
    stale: &(dyn Fn(&str) -> bool + Sync),
    links: &LinkMap,
    keep_html: bool,
) -> Vec<(String, Vec<Diagnostic>)> {
    list.par_iter_mut()
        .filter(|e| stale(&e.doc.content_path))
        .map(|e| {
            let mut found = Vec::new();
            let input = Input {
                file: &e.doc.file,
                body_offset: e.doc.body_offset,
                content_path: &e.doc.content_path,
            };
            e.body = markdown::render(&input, links, &mut found);
            if !keep_html {
                e.body.html = String::new();
                e.body.text = "".into();
            }
            (e.doc.content_path.clone(), found)
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
    /// By vocabulary: the positions of the case's terms.
    pub terms: Vec<Vec<usize>>,
    pub municipalities: Vec<usize>,
    /// `sv_key` of the title.
    pub title_key: String,
}

/// Positions of the vocabulary by id: a linear search per case would be 10^6 string
/// compares at 10,000 cases and 290 municipalities.
pub struct Positions<'a> {
    keys: Vec<&'a CaseKey>,
    terms: Vec<HashMap<&'a str, usize>>,
    municipalities: HashMap<&'a str, usize>,
}

impl<'a> Positions<'a> {
    pub fn new(site: &'a Site) -> Positions<'a> {
        Positions {
            keys: site.vocabularies.iter().map(|v| &v.spec.case_key).collect(),
            terms: site.term_at(),
            municipalities: site.municipality_at(),
        }
    }

    /// The facts of a case that passed validation, so that every id is known.
    pub fn facts(&self, meta: &CaseMeta) -> CaseFacts {
        CaseFacts {
            terms: self
                .keys
                .iter()
                .zip(&self.terms)
                .map(|(key, at)| meta.terms_of(key).map(|(id, _)| at[id]).collect())
                .collect(),
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
        index.related = related::all(site, &index.cases, &facts);
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

        let mut by_term: Vec<Vec<Vec<usize>>> = site
            .vocabularies
            .iter()
            .map(|v| vec![Vec::new(); v.terms.len()])
            .collect();
        let mut by_municipality = vec![Vec::new(); site.municipalities.len()];
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in &all {
            let f = facts[i];
            for (lists, positions) in by_term.iter_mut().zip(&f.terms) {
                for &p in positions {
                    lists[p].push(i);
                }
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
        let named_municipalities = municipalities
            .iter()
            .copied()
            .filter(|&i| !by_municipality[i].is_empty())
            .collect();

        let mut index = Index {
            related: Vec::new(),
            cases: all,
            by_term,
            by_municipality,
            by_year: years.into_iter().rev().collect(),
            municipalities,
            named_municipalities,
            ..Index::default()
        };
        collections::index(site, &mut index);
        index
    }
}
