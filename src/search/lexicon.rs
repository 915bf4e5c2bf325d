//! tantivy's index read back: every term of every text field with its postings,
//! the field norms and average field lengths. The export writes it out for the
//! browser, the bundles rank from it, and query expansion looks terms up in it, so
//! it is read once per build and shared.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result};
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED};

use tantivy::fieldnorm::FieldNormReader;

use super::index::{Fields, ORD};

/// The terms of an indexed text with their frequencies, sorted, and its length in
/// tokens: tantivy's `whitespace` tokenizer's view of it.
fn counted(text: &str) -> (Vec<(&str, u32)>, u64) {
    let mut terms: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    let len = terms.len() as u64;
    terms.sort_unstable();
    let mut out: Vec<(&str, u32)> = Vec::new();
    for t in terms {
        match out.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => out.push((t, 1)),
        }
    }
    (out, len)
}

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
    /// Per field: tantivy's count of its tokens, which the average is made from.
    total_tokens: Vec<u64>,
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
            lexicon.total_tokens.push(total_tokens);
            lexicon.norms.push(field_norms);
        }
        for postings in lexicon.terms.values_mut() {
            postings.sort_by_key(|(f, _)| *f);
            for (_, l) in postings.iter_mut() {
                l.sort_unstable();
            }
        }
        lexicon.average();
        Ok(lexicon)
    }

    /// BM25's average field lengths, as tantivy computes them from its counts.
    fn average(&mut self) {
        let docs = self.norms.first().map_or(0, Vec::len) as u32;
        self.average_fieldnorms = self
            .total_tokens
            .iter()
            .map(|&total| total as f32 / docs.max(1) as f32)
            .collect();
    }

    /// Replaces what document `doc` holds, given its old and its new text per field
    /// as tantivy was given them (`Vocabulary::index_text`: terms joined by spaces),
    /// with the postings, norm and counts tantivy would have for the new text. The
    /// live preview follows an edit with this instead of indexing every case again;
    /// a test holds the result equal to a new index's.
    pub fn replace(&mut self, doc: u32, old: &[String], new: &[String]) {
        for (field, (old, new)) in old.iter().zip(new).enumerate() {
            if old == new {
                continue;
            }
            let (old, old_len) = counted(old);
            let (new, new_len) = counted(new);
            for (term, _) in &old {
                if new.binary_search_by_key(term, |(t, _)| t).is_err() {
                    self.unpost(term, field, doc);
                }
            }
            for &(term, tf) in &new {
                self.post(term, field, doc, tf);
            }
            self.total_tokens[field] = self.total_tokens[field] - old_len + new_len;
            self.norms[field][doc as usize] = FieldNormReader::fieldnorm_to_id(new_len as u32);
        }
        self.average();
    }

    /// Gives every document its new number, `new_of_old[old]`, when an edit moved
    /// cases in the listing order documents are numbered in.
    pub fn renumber(&mut self, new_of_old: &[u32]) {
        for postings in self.terms.values_mut() {
            for (_, list) in postings.iter_mut() {
                for p in list.iter_mut() {
                    p.0 = new_of_old[p.0 as usize];
                }
                list.sort_unstable();
            }
        }
        for norms in &mut self.norms {
            let old = norms.clone();
            for (o, &n) in new_of_old.iter().enumerate() {
                norms[n as usize] = old[o];
            }
        }
    }

    /// Sets `doc`'s frequency of `term` in `field`, adding it where it was not.
    fn post(&mut self, term: &str, field: usize, doc: u32, tf: u32) {
        let postings = match self.terms.get_mut(term) {
            Some(p) => p,
            None => self.terms.entry(term.to_string()).or_default(),
        };
        let at = match postings.binary_search_by_key(&field, |(f, _)| *f) {
            Ok(at) => at,
            Err(at) => {
                postings.insert(at, (field, Vec::new()));
                at
            }
        };
        let list = &mut postings[at].1;
        match list.binary_search_by_key(&doc, |(d, _)| *d) {
            Ok(i) => list[i].1 = tf,
            Err(i) => list.insert(i, (doc, tf)),
        }
    }

    /// Takes `doc` out of `term`'s postings in `field`, and the term out of the
    /// lexicon when no document has it any more, as a new index would not.
    fn unpost(&mut self, term: &str, field: usize, doc: u32) {
        let Some(postings) = self.terms.get_mut(term) else {
            return;
        };
        if let Ok(at) = postings.binary_search_by_key(&field, |(f, _)| *f) {
            let list = &mut postings[at].1;
            if let Ok(i) = list.binary_search_by_key(&doc, |(d, _)| *d) {
                list.remove(i);
            }
            if list.is_empty() {
                postings.remove(at);
            }
        }
        if postings.is_empty() {
            self.terms.remove(term);
        }
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
