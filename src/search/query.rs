//! The query rule, run on tantivy: the reference for the browser client.
//!
//! 1. The query's words are lowercased surface words (tantivy's tokenizer).
//! 2. Each word becomes a group of alternative terms, the first of these that exists:
//!    - its stem, if the index has it;
//!    - for the last word (the one being typed), up to `PREFIX_LIMIT` terms that start
//!      with the word as typed, most frequent first;
//!    - if the word splits into two known parts, the parts, each a group of its own;
//!    - for words of 5+ letters, terms within edit distance 1 (2 from 9 letters), with
//!      the same first letter or, if none has it, any first letter; nearest and most
//!      frequent first, up to `FUZZY_LIMIT`. These are typos.
//!
//!    Looking no further than needed keeps downloads small: a word the index has
//!    never costs its prefixes' or near misses' postings.
//! 3. A case matches when it has some term of every group, and every filter.
//! 4. Its score is tantivy's BM25, summed over groups, terms and fields, each term
//!    weighted by field boost × the alternative's weight.
//! 5. Order: fewest words matched only through a typo, then score, then listing order.

use std::collections::{BTreeSet, HashSet};

use anyhow::Result;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::analysis::{self, StemCache};
use super::export::Lexicon;
use super::{Facet, SearchIndex, FACETS, TEXT_FIELDS};

pub const PREFIX_LIMIT: usize = 8;
pub const FUZZY_LIMIT: usize = 8;
pub const PREFIX_WEIGHT: f32 = 0.8;
pub const FUZZY_WEIGHT: [f32; 3] = [1.0, 0.5, 0.25];

#[derive(Debug, Default, Clone)]
pub struct Query {
    pub text: String,
    /// Facet filters: values of one facet are alternatives, facets combine.
    pub filters: Vec<(Facet, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Position in `SearchIndex::docs`.
    pub doc: usize,
    pub score: f32,
    /// Words this case matches only through a typo.
    pub typos: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub term: String,
    pub weight: f32,
    pub typo: bool,
}

/// Step 2 of the rule, on the exported lexicon; the browser does the same on the
/// shards it fetches.
pub fn expand(text: &str, lexicon: &Lexicon, stems: &mut StemCache) -> Vec<Vec<Alternative>> {
    let words = analysis::words(&super::nfc(text));
    let mut groups = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let stem = stems.stem(word);
        let mut group = Vec::new();
        if lexicon.contains(&stem) {
            group.push(Alternative {
                term: stem.clone(),
                weight: 1.0,
                typo: false,
            });
        }
        if group.is_empty() && i + 1 == words.len() {
            let mut prefixed: Vec<_> = lexicon
                .with_prefix(word)
                .filter(|(t, _)| *t != stem.as_str())
                .collect();
            prefixed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            group.extend(prefixed.into_iter().take(PREFIX_LIMIT).map(|(t, _)| Alternative {
                term: t.to_string(),
                weight: PREFIX_WEIGHT,
                typo: false,
            }));
        }
        if group.is_empty() {
            if let Some((head, tail)) = analysis::split_compound(word, stems, &|s| lexicon.contains(s)) {
                for part in [head, tail] {
                    let term = stems.stem(part);
                    groups.push(vec![Alternative {
                        term,
                        weight: 1.0,
                        typo: false,
                    }]);
                }
                continue;
            }
        }
        if group.is_empty() {
            group = typos(word, &stem, lexicon);
        }
        groups.push(group);
    }
    groups
}

fn typos<'l>(word: &str, stem: &str, lexicon: &'l Lexicon) -> Vec<Alternative> {
    let len = word.chars().count();
    let max = match len {
        0..=4 => return Vec::new(),
        5..=8 => 1,
        _ => 2,
    };
    let near = |terms: &mut dyn Iterator<Item = (&'l str, u64)>| -> Vec<(usize, u64, &'l str)> {
        terms
            .filter(|(t, _)| *t != stem)
            .filter_map(|(t, df)| {
                let d = osa_distance(stem, t, max);
                (d <= max).then_some((d, df, t))
            })
            .collect()
    };
    // Most typos keep the first letter, and looking there first keeps the download
    // small; a typo in the first letter is looked for in every term, as a last resort.
    let first = stem.chars().next().expect("a word of 5+ letters has a stem");
    let mut found = near(&mut lexicon.with_first_char(first));
    if found.is_empty() {
        found = near(&mut lexicon.all());
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    found
        .into_iter()
        .take(FUZZY_LIMIT)
        .map(|(d, _, t)| Alternative {
            term: t.to_string(),
            weight: FUZZY_WEIGHT[d],
            typo: true,
        })
        .collect()
}

/// Edit distance where swapping two neighbouring letters is one edit, as typists
/// make it; gives up past `max`.
pub fn osa_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
    }
    d[a.len() * w + b.len()]
}

impl SearchIndex {
    /// Every matching case, best first (step 5 of the rule).
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>> {
        let mut stems = StemCache::default();
        let groups = expand(&q.text, &self.lexicon, &mut stems);
        let searcher = self.searcher();
        let filters = self.filter_clauses(&q.filters);
        if groups.is_empty() {
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
                })
                .collect());
        }
        if groups.iter().any(Vec::is_empty) {
            return Ok(Vec::new());
        }
        let mut clauses = filters;
        clauses.extend(
            groups
                .iter()
                .map(|g| (Occur::Must, self.group_query(g, |_| true))),
        );
        let query = BooleanQuery::new(clauses);
        let scored = searcher.search(
            &query,
            &TopDocs::with_limit(self.docs.len().max(1)).order_by_score(),
        )?;
        // Which words each case has without a typo.
        let exact: Vec<HashSet<usize>> = groups
            .iter()
            .map(|g| {
                let q = self.group_query(g, |a| !a.typo);
                let docs = searcher.search(&q, &DocSetCollector)?;
                Ok(self.ords(&searcher, docs)?.into_iter().collect())
            })
            .collect::<Result<_>>()?;
        let mut hits = Vec::with_capacity(scored.len());
        for (score, addr) in scored {
            let doc = self.ord(&searcher, addr)?;
            let typos = exact.iter().filter(|set| !set.contains(&doc)).count();
            hits.push(Hit { doc, score, typos });
        }
        hits.sort_by(|a, b| {
            a.typos
                .cmp(&b.typos)
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        Ok(hits)
    }

    fn group_query(
        &self,
        group: &[super::query::Alternative],
        keep: impl Fn(&Alternative) -> bool,
    ) -> Box<dyn TQuery> {
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

    fn filter_clauses(&self, filters: &[(Facet, String)]) -> Vec<(Occur, Box<dyn TQuery>)> {
        let facets: BTreeSet<usize> = filters
            .iter()
            .map(|(f, _)| FACETS.iter().position(|x| x == f).expect("listed"))
            .collect();
        facets
            .into_iter()
            .map(|i| {
                let values = filters.iter().filter(|(f, _)| *f == FACETS[i]).map(|(_, v)| {
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
            .collect()
    }

    fn ord(&self, searcher: &Searcher, addr: DocAddress) -> Result<usize> {
        let column = searcher
            .segment_reader(addr.segment_ord)
            .fast_fields()
            .u64("ord")?;
        Ok(column.first(addr.doc_id).expect("every document has an ord") as usize)
    }

    fn ords(&self, searcher: &Searcher, docs: impl IntoIterator<Item = DocAddress>) -> Result<Vec<usize>> {
        docs.into_iter().map(|a| self.ord(searcher, a)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::osa_distance;

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(osa_distance("kommun", "kommun", 2), 0);
        assert_eq!(osa_distance("kommun", "kommnu", 2), 1);
        assert_eq!(osa_distance("medborgardialog", "medborgardialg", 2), 1);
        assert_eq!(osa_distance("abc", "xyz", 1), 2);
    }
}
