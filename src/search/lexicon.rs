//! tantivy's index read back: every term of every text field with its postings,
//! the field norms and average field lengths. The export writes it out for the
//! browser, the bundles rank from it, and query expansion looks terms up in it, so
//! it is read once per build and shared.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result};
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED};

use super::index::{Fields, ORD};

/// One field's postings of a term: (document, term frequency).
pub type FieldPostings = (usize, Vec<(u32, u32)>);

/// Every term of every text field, in byte order, with its postings.
#[derive(Default)]
pub struct Lexicon {
    terms: BTreeMap<String, Vec<FieldPostings>>,
    /// Per field: tantivy's average field length, as BM25 computes it.
    pub average_fieldnorms: Vec<f32>,
    /// Per field, per document: tantivy's field-norm id (its quantized length).
    pub norms: Vec<Vec<u8>>,
}

impl Lexicon {
    pub fn read(searcher: &Searcher, fields: &Fields) -> Result<Lexicon> {
        let mut lexicon = Lexicon::default();
        let num_docs = searcher.num_docs();
        for (fi, field) in fields.text.iter().enumerate() {
            let mut total_tokens = 0u64;
            let mut field_norms = vec![0u8; num_docs as usize];
            for segment in searcher.segment_readers() {
                let ords = segment.fast_fields().u64(ORD)?;
                let norms = segment.get_fieldnorms_reader(*field)?;
                for d in segment.doc_ids_alive() {
                    let ord = ords.first(d).expect("every document has an ord") as usize;
                    field_norms[ord] = norms.fieldnorm_id(d);
                }
                let inverted = segment.inverted_index(*field)?;
                total_tokens += inverted.total_num_tokens();
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    let term = std::str::from_utf8(stream.key())
                        .context("a term is not UTF-8")?
                        .to_string();
                    let mut postings =
                        inverted.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
                    let mut list = Vec::new();
                    while postings.doc() != TERMINATED {
                        let d = postings.doc();
                        let ord = ords.first(d).expect("every document has an ord") as u32;
                        list.push((ord, postings.term_freq()));
                        postings.advance();
                    }
                    let entry = lexicon.terms.entry(term).or_default();
                    match entry.iter_mut().find(|(f, _)| *f == fi) {
                        Some((_, l)) => l.extend(list),
                        None => entry.push((fi, list)),
                    }
                }
            }
            lexicon
                .average_fieldnorms
                .push(total_tokens as f32 / num_docs.max(1) as f32);
            lexicon.norms.push(field_norms);
        }
        for postings in lexicon.terms.values_mut() {
            postings.sort_by_key(|(f, _)| *f);
            for (_, l) in postings.iter_mut() {
                l.sort_unstable();
            }
        }
        Ok(lexicon)
    }

    /// Every term with its postings, in byte order: the order of the exported shards.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[FieldPostings])> + '_ {
        self.terms.iter().map(|(t, p)| (t.as_str(), p.as_slice()))
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn postings(&self, term: &str) -> Option<&[FieldPostings]> {
        self.terms.get(term).map(Vec::as_slice)
    }

    pub fn contains(&self, term: &str) -> bool {
        self.terms.contains_key(term)
    }

    /// The number of (field, document) pairs a term occurs in: the order prefix and
    /// typo candidates are tried in.
    pub fn frequency(postings: &[FieldPostings]) -> u64 {
        postings.iter().map(|(_, l)| l.len() as u64).sum()
    }

    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u64)> + 'a {
        self.terms
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .take_while(move |(t, _)| t.starts_with(prefix))
            .map(|(t, p)| (t.as_str(), Self::frequency(p)))
    }

    pub fn all(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.terms.iter().map(|(t, p)| (t.as_str(), Self::frequency(p)))
    }

    pub fn with_first_char(&self, c: char) -> impl Iterator<Item = (&str, u64)> + '_ {
        let mut buf = [0u8; 4];
        let prefix: String = c.encode_utf8(&mut buf).to_string();
        self.terms
            .range::<str, _>((
                std::ops::Bound::Included(prefix.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(t, _)| t.starts_with(c))
            .map(|(t, p)| (t.as_str(), Self::frequency(p)))
    }
}
