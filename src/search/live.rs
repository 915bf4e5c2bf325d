//! The search index the live preview keeps from one save to the next.
//!
//! The first index is tantivy's, as in `build`. After that an edit changes it in
//! place: the lexicon takes the changed cases' old terms out and their new ones in,
//! with tantivy's norms and token counts (`Lexicon::replace`), so BM25's statistics
//! stay those of the whole corpus; and the export reuses every file, bundle and
//! document whose inputs did not change (`memo.rs`). An edit that changes how a word
//! already in the corpus is split (a new word that is one of its parts, or the last
//! use of one going), or that adds or removes a case, indexes everything again. How
//! this stays equal to a full build is in `docs/search.md`; the incremental test
//! compares the two after every step.

use anyhow::Result;

use super::analysis::Vocabulary;
use super::doc::{BrowseTerm, FacetDef, SearchDoc, TEXT_FIELDS};
use super::export::{self, Corpus, Export};
use super::index;
use super::lexicon::Lexicon;
use super::memo::Memo;
use super::Sources;

pub struct LiveIndex {
    docs: Vec<SearchDoc>,
    facets: Vec<FacetDef>,
    browse: Vec<BrowseTerm>,
    vocabulary: Vocabulary,
    lexicon: Lexicon,
    memo: Memo,
}

/// How an update was done, for the preview's timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Only the changed cases were indexed again.
    Cases(usize),
    /// Everything was, with tantivy.
    Whole,
}

impl LiveIndex {
    /// Indexes `sources` with tantivy, as `build` does.
    pub fn new(sources: Sources) -> Result<LiveIndex> {
        let docs = sources.docs.len();
        let mut live = LiveIndex::whole(sources)?;
        live.memo = Memo::kept(docs);
        Ok(live)
    }

    fn whole(Sources { docs, facets, browse }: Sources) -> Result<LiveIndex> {
        let vocabulary = index::vocabulary(&docs);
        let (_index, reader, fields) = index::build(&docs, &facets, &vocabulary)?;
        let lexicon = Lexicon::read(&reader.searcher(), &fields)?;
        Ok(LiveIndex {
            docs,
            facets,
            browse,
            vocabulary,
            lexicon,
            memo: Memo::default(),
        })
    }

    /// The documents indexed, for `Sources::after`.
    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// The client index (`export.rs`), made again only where it changed.
    pub fn export(&mut self) -> Result<Export> {
        let corpus = Corpus {
            docs: &self.docs,
            facets: &self.facets,
            lexicon: &self.lexicon,
            browse: &self.browse,
        };
        export::write(&corpus, &mut self.memo)
    }

    /// Follows the site to `sources`.
    pub fn update(&mut self, sources: Sources) -> Result<Update> {
        let Some(new_of_old) = numbering(&self.docs, &sources.docs) else {
            return self.rebuild(sources);
        };
        if new_of_old.iter().enumerate().any(|(o, &n)| o != n as usize) {
            self.lexicon.renumber(&new_of_old);
            self.memo.renumber(&new_of_old);
            let mut old: Vec<Option<SearchDoc>> =
                std::mem::take(&mut self.docs).into_iter().map(Some).collect();
            let mut placed: Vec<Option<SearchDoc>> = (0..old.len()).map(|_| None).collect();
            for (o, &n) in new_of_old.iter().enumerate() {
                placed[n as usize] = old[o].take();
            }
            self.docs = placed.into_iter().map(|d| d.expect("a permutation")).collect();
        }
        let changed: Vec<usize> = (0..self.docs.len())
            .filter(|&n| self.docs[n] != sources.docs[n])
            .collect();
        let moved: Vec<usize> = changed
            .iter()
            .copied()
            .filter(|&n| {
                TEXT_FIELDS
                    .iter()
                    .any(|&f| self.docs[n].text(f) != sources.docs[n].text(f))
            })
            .collect();
        let old_texts: Vec<&str> = moved
            .iter()
            .flat_map(|&n| TEXT_FIELDS.map(|f| self.docs[n].text(f)))
            .collect();
        let new_texts: Vec<&str> = moved
            .iter()
            .flat_map(|&n| TEXT_FIELDS.map(|f| sources.docs[n].text(f)))
            .collect();
        // The old texts' terms come from the vocabulary they were indexed with.
        let old_terms: Vec<String> = old_texts.iter().map(|t| self.vocabulary.index_text(t)).collect();
        if !self.vocabulary.update(&old_texts, &new_texts) {
            return self.rebuild(sources);
        }
        let new_terms: Vec<String> = new_texts.iter().map(|t| self.vocabulary.index_text(t)).collect();
        let fields = TEXT_FIELDS.len();
        for (i, &n) in moved.iter().enumerate() {
            let span = i * fields..(i + 1) * fields;
            self.lexicon
                .replace(n as u32, &old_terms[span.clone()], &new_terms[span]);
        }
        for &n in &changed {
            self.memo.touch(n);
        }
        let Sources { docs, facets, browse } = sources;
        self.docs = docs;
        self.facets = facets;
        self.browse = browse;
        Ok(Update::Cases(changed.len()))
    }

    fn rebuild(&mut self, sources: Sources) -> Result<Update> {
        let docs = sources.docs.len();
        let mut memo = std::mem::take(&mut self.memo);
        *self = LiveIndex::whole(sources)?;
        memo.reset(docs);
        self.memo = memo;
        Ok(Update::Whole)
    }
}

/// Each old document's number among `new`, when both hold the same cases (by URL).
fn numbering(old: &[SearchDoc], new: &[SearchDoc]) -> Option<Vec<u32>> {
    if old.len() != new.len() {
        return None;
    }
    let at: std::collections::HashMap<&str, u32> = new
        .iter()
        .enumerate()
        .map(|(n, d)| (d.url.as_str(), n as u32))
        .collect();
    old.iter().map(|d| at.get(d.url.as_str()).copied()).collect()
}
