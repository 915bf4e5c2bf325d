//! The query rule, run on tantivy: the reference for the browser client. Its
//! numbers are in `rule.rs`; `SearchIndex` is the built index it runs on.
//!
//! 1. The query's words are lowercased surface words (tantivy's tokenizer), read
//!    through the English glossary, without Swedish stop words (`words.rs`).
//! 2. Each word becomes a group of alternative terms, the first of these that exists:
//!    - its stem, if the index has it, and its derivations: up to `DERIVE_LIMIT`
//!      terms that begin with a stem of `DERIVE_CHARS`+ letters (weight
//!      `DERIVE_WEIGHT`);
//!    - for the last word (the one being typed), up to `PREFIX_LIMIT` terms that start
//!      with the word as typed, most frequent first;
//!    - if the word splits into two known parts, the parts, each a group of its own;
//!    - for words of 5+ letters, terms within edit distance 1 (2 from 9 letters), with
//!      the same first letter or, if none has it, any first letter; nearest and most
//!      frequent first, up to `FUZZY_LIMIT`. These are typos.
//!
//!    Looking no further than needed keeps downloads small: a word the index has
//!    never costs its prefixes' or near misses' postings.
//! 3. A case matches when it has some term of any group, and every filter.
//! 4. Its score is tantivy's BM25, summed over groups, terms and fields, each term
//!    weighted by field boost × the alternative's weight.
//! 5. Order: most words matched, then fewest matched only through a typo, then
//!    score, then listing order.

use std::collections::{BTreeSet, HashSet};

use anyhow::Result;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Searcher, Term};

use super::analysis::{self, StemCache};
use super::doc::{FacetDef, SearchDoc, TEXT_FIELDS};
use super::expand::{expand, Alternative};
use super::index::{self, Fields, ORD};
use super::lexicon::Lexicon;
use crate::diagnostic::{Diagnostic, COMMAND_LINE};

#[derive(Debug, Default, Clone)]
pub struct Query {
    pub text: String,
    /// Facet filters, as (facet name, value): values of one facet are alternatives,
    /// facets combine.
    pub filters: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Position in `SearchIndex::docs`.
    pub doc: usize,
    pub score: f32,
    /// Words this case matches only through a typo.
    pub typos: usize,
    /// Words of the query this case matches, of `words` (a compound split in two
    /// counts as two words; stop words do not count).
    pub matched: usize,
    pub words: usize,
}

/// The tantivy index of a site's cases, with what the export and the rule read
/// beside it.
pub struct SearchIndex {
    pub docs: Vec<SearchDoc>,
    /// The facets, in the order the search page shows them; `SearchDoc::facets` and
    /// the index's facet fields follow it.
    pub facets: Vec<FacetDef>,
    pub(super) lexicon: Lexicon,
    /// The vocabularies' terms a search with few hits offers (`mod.rs`).
    pub browse: Vec<super::doc::BrowseTerm>,
    reader: IndexReader,
    fields: Fields,
}

impl SearchIndex {
    pub fn new(docs: Vec<SearchDoc>, facets: Vec<FacetDef>) -> Result<SearchIndex> {
        let (_index, reader, fields) = index::build(&docs, &facets, &index::vocabulary(&docs))?;
        let lexicon = Lexicon::read(&reader.searcher(), &fields)?;
        Ok(SearchIndex {
            docs,
            facets,
            lexicon,
            browse: Vec::new(),
            reader,
            fields,
        })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Refuses, as command-line problems, a filter on a facet that does not exist or
    /// with a value no case has, each with the nearest name that exists.
    pub fn check_filters(&self, filters: &[(String, String)]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (name, value) in filters {
            let Some(i) = self.facet_pos(name) else {
                let names: Vec<&str> = self.facets.iter().map(|f| f.name.as_str()).collect();
                problems.push(
                    Diagnostic::error_t(COMMAND_LINE, "diag_cli_unknown_facet", &[("name", name)])
                        .suggest(name, names.iter().copied())
                        .help_t("diag_cli_facets_help", &[("names", &names.join(", "))]),
                );
                continue;
            };
            let known: BTreeSet<&str> = self
                .docs
                .iter()
                .flat_map(|d| d.facets[i].iter().map(String::as_str))
                .collect();
            if !known.contains(value.as_str()) {
                problems.push(
                    Diagnostic::error_t(
                        COMMAND_LINE,
                        "diag_cli_no_value",
                        &[("name", name), ("value", value)],
                    )
                    .suggest(value, known.iter().copied())
                    .help_t(
                        "diag_cli_values_help",
                        &[("name", name), ("values", &list(&known))],
                    ),
                );
            }
        }
        problems
    }

    fn facet_pos(&self, name: &str) -> Option<usize> {
        self.facets.iter().position(|f| f.name == name)
    }
}

/// A list for a help text: all of it when short, else its start and how much more.
fn list(values: &BTreeSet<&str>) -> String {
    const SHOWN: usize = 20;
    let shown: Vec<&str> = values.iter().take(SHOWN).copied().collect();
    match values.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

impl SearchIndex {
    /// Every matching case, best first (step 5 of the rule).
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>> {
        let mut stems = StemCache::default();
        let groups = expand(&q.text, &self.lexicon, &mut stems);
        let searcher = self.searcher();
        let filters = self.filter_clauses(&q.filters)?;
        if groups.is_empty() {
            // A query of stop words only asks for nothing in particular: no hits.
            if !analysis::words(&q.text).is_empty() {
                return Ok(Vec::new());
            }
            let all: Box<dyn TQuery> = Box::new(tantivy::query::AllQuery);
            let query = BooleanQuery::new(filters.into_iter().chain([(Occur::Must, all)]).collect());
            let mut docs: Vec<usize> = self.ords(&searcher, searcher.search(&query, &DocSetCollector)?)?;
            docs.sort_unstable();
            return Ok(docs
                .into_iter()
                .map(|doc| Hit {
                    doc,
                    score: 0.0,
                    typos: 0,
                    matched: 0,
                    words: 0,
                })
                .collect());
        }
        if groups.iter().all(Vec::is_empty) {
            return Ok(Vec::new());
        }
        // A case matches with some term of any word; how many words it has ranks it.
        let any: Box<dyn TQuery> = Box::new(BooleanQuery::new(
            groups
                .iter()
                .filter(|g| !g.is_empty())
                .map(|g| (Occur::Should, self.group_query(g, &|_| true)))
                .collect(),
        ));
        let mut clauses = filters;
        clauses.push((Occur::Must, any));
        let query = BooleanQuery::new(clauses);
        let scored = searcher.search(
            &query,
            &TopDocs::with_limit(self.docs.len().max(1)).order_by_score(),
        )?;
        // Which words each case has at all, and which without a typo.
        let sets = |keep: &dyn Fn(&Alternative) -> bool| -> Result<Vec<HashSet<usize>>> {
            groups
                .iter()
                .map(|g| {
                    let q = self.group_query(g, keep);
                    let docs = searcher.search(&q, &DocSetCollector)?;
                    Ok(self.ords(&searcher, docs)?.into_iter().collect())
                })
                .collect()
        };
        let found = sets(&|_| true)?;
        let exact = sets(&|a| !a.typo)?;
        let mut hits = Vec::with_capacity(scored.len());
        for (score, addr) in scored {
            let doc = self.ord(&searcher, addr)?;
            let has = |sets: &[HashSet<usize>], g: usize| sets[g].contains(&doc);
            let matched = (0..groups.len()).filter(|&g| has(&found, g)).count();
            let typos = (0..groups.len())
                .filter(|&g| has(&found, g) && !has(&exact, g))
                .count();
            hits.push(Hit {
                doc,
                score,
                typos,
                matched,
                words: groups.len(),
            });
        }
        hits.sort_by(|a, b| {
            b.matched
                .cmp(&a.matched)
                .then(a.typos.cmp(&b.typos))
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        Ok(hits)
    }

    fn group_query(&self, group: &[Alternative], keep: &dyn Fn(&Alternative) -> bool) -> Box<dyn TQuery> {
        let mut should: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for alt in group.iter().filter(|a| keep(a)) {
            for (f, field) in TEXT_FIELDS.iter().zip(&self.fields.text) {
                let term = Term::from_field_text(*field, &alt.term);
                let tq = TermQuery::new(term, IndexRecordOption::WithFreqs);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(tq), f.boost() * alt.weight)),
                ));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    fn filter_clauses(&self, filters: &[(String, String)]) -> Result<Vec<(Occur, Box<dyn TQuery>)>> {
        let mut facets = BTreeSet::new();
        for (name, _) in filters {
            let i = self.facet_pos(name);
            facets.insert(i.ok_or_else(|| anyhow::anyhow!("no facet is named `{name}`"))?);
        }
        Ok(facets
            .into_iter()
            .map(|i| {
                let name = &self.facets[i].name;
                let values = filters.iter().filter(|(f, _)| f == name).map(|(_, v)| {
                    let t = Term::from_field_text(self.fields.facets[i], v);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn TQuery>,
                    )
                });
                let any: Box<dyn TQuery> = Box::new(BooleanQuery::new(values.collect()));
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(any, 0.0)) as Box<dyn TQuery>,
                )
            })
            .collect())
    }

    fn ord(&self, searcher: &Searcher, addr: DocAddress) -> Result<usize> {
        let column = searcher.segment_reader(addr.segment_ord).fast_fields().u64(ORD)?;
        Ok(column.first(addr.doc_id).expect("every document has an ord") as usize)
    }

    fn ords(&self, searcher: &Searcher, docs: impl IntoIterator<Item = DocAddress>) -> Result<Vec<usize>> {
        docs.into_iter().map(|a| self.ord(searcher, a)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::list;

    #[test]
    fn a_long_list_in_a_help_text_is_cut_with_how_much_more() {
        let few = ["2013", "2020"].into_iter().collect();
        assert_eq!(list(&few), "2013, 2020");
        let names: Vec<String> = (0..23).map(|i| format!("v{i:02}")).collect();
        let many = names.iter().map(String::as_str).collect();
        let text = list(&many);
        assert!(
            text.starts_with("v00, v01, ") && text.ends_with("v19, and 3 more"),
            "{text}"
        );
    }
}
