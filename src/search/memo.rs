//! What the export remembers from one save to the next in the live preview, so that
//! an edit costs the files it changes: compressed files by their raw bytes, each
//! term's result bundle with the ranking it was made for, and each document's files
//! with the version of the document they were made from.
//!
//! Everything kept is checked against what the export would make afresh (the same
//! raw bytes, the same ranking and documents), so the output cannot differ from a
//! full build's; the incremental test holds it to that. `build` exports once and
//! keeps nothing (`Memo::default()`).

use anyhow::Result;
use rayon::prelude::*;

use super::gz;
use crate::hash::FxMap;

/// How a file is gzipped (`gz.rs`).
#[derive(Clone, Copy)]
pub enum Pack {
    Text,
    Numbers,
}

impl Pack {
    fn run(self, raw: &[u8]) -> Result<Vec<u8>> {
        match self {
            Pack::Text => gz::text(raw),
            Pack::Numbers => gz::numbers(raw),
        }
    }
}

/// A term's result bundle and what it was made from.
pub struct Bundle {
    pub top: Vec<u32>,
    pub matched: Vec<String>,
    /// The versions of the documents in `top`.
    pub versions: Vec<u64>,
    pub raw: Vec<u8>,
}

/// A document's files (its head and the rest of a long text), gzipped, and the
/// version they were made from.
pub type DocFiles = (u64, Vec<u8>, Option<Vec<u8>>);

#[derive(Default)]
pub struct Memo {
    on: bool,
    /// Per document: a number no other document has, which changes whenever the
    /// document does. A bundle kept for the same numbers and versions therefore
    /// shows the same documents, with the same text, under the same numbers.
    versions: Vec<u64>,
    last_version: u64,
    /// Gzipped bytes by raw bytes, one map per `Pack`: the last export's, and this one's.
    packed: [FxMap<Vec<u8>, Vec<u8>>; 2],
    next: [FxMap<Vec<u8>, Vec<u8>>; 2],
    pub bundles: FxMap<String, Bundle>,
    pub docs: Vec<Option<DocFiles>>,
    /// Each folder of documents' name, with the versions of its documents.
    pub doc_folders: Vec<(Vec<u64>, String)>,
}

impl Memo {
    /// A memo that keeps what each export makes, for `docs` documents.
    pub fn kept(docs: usize) -> Memo {
        Memo {
            on: true,
            versions: (0..docs as u64).collect(),
            last_version: docs as u64,
            ..Memo::default()
        }
    }

    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Document `n`'s version, when versions are kept.
    pub fn version(&self, n: usize) -> Option<u64> {
        self.versions.get(n).copied()
    }

    /// Marks document `n` changed.
    pub fn touch(&mut self, n: usize) {
        self.last_version += 1;
        self.versions[n] = self.last_version;
    }

    /// Follows documents to their new numbers (`Lexicon::renumber`). Bundles stay:
    /// one that shows a moved document has it under another number now, so it no
    /// longer matches its ranking and is made again.
    pub fn renumber(&mut self, new_of_old: &[u32]) {
        let (versions, docs) = (self.versions.clone(), std::mem::take(&mut self.docs));
        let mut placed: Vec<Option<DocFiles>> = vec![None; versions.len()];
        for (o, files) in docs.into_iter().enumerate() {
            placed[new_of_old[o] as usize] = files;
        }
        for (o, &n) in new_of_old.iter().enumerate() {
            self.versions[n as usize] = versions[o];
        }
        self.docs = placed;
    }

    /// Starts again for `docs` documents, keeping only the compressed files, which
    /// are known by their bytes.
    pub fn reset(&mut self, docs: usize) {
        *self = Memo {
            packed: std::mem::take(&mut self.packed),
            ..Memo::kept(docs)
        };
    }

    /// Each raw file gzipped, taken from the last export where it had the same bytes.
    pub fn pack_all(&mut self, pack: Pack, raws: &[Vec<u8>]) -> Result<Vec<Vec<u8>>> {
        let old = &self.packed[pack as usize];
        let gz: Vec<Vec<u8>> = raws
            .par_iter()
            .map(|raw| old.get(raw).map_or_else(|| pack.run(raw), |gz| Ok(gz.clone())))
            .collect::<Result<_>>()?;
        if self.on {
            let next = &mut self.next[pack as usize];
            for (raw, gz) in raws.iter().zip(&gz) {
                next.insert(raw.clone(), gz.clone());
            }
        }
        Ok(gz)
    }

    pub fn pack(&mut self, pack: Pack, raw: &[u8]) -> Result<Vec<u8>> {
        let raws = [raw.to_vec()];
        Ok(self.pack_all(pack, &raws)?.pop().expect("one file"))
    }

    /// Ends an export: what it packed is what the next one can reuse.
    pub fn finish(&mut self) {
        self.packed = std::mem::take(&mut self.next);
    }
}
