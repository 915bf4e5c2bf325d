//! The tantivy index: one document per case, built in RAM at every build.
//!
//! Text goes in already analysed, because the terms are tantivy's own analyzer output
//! plus compound parts (see `analysis.rs`): each field is its terms joined by spaces,
//! which tantivy's `whitespace` tokenizer splits back at the same positions. (A
//! `PreTokenizedString` would say the same, but tantivy's document stores it as JSON,
//! written and parsed again for every field: most of the index's time at 10,000 cases.)
//! tantivy then owns postings, term frequencies and field norms, which the client
//! export and BM25 read back.

use anyhow::{Context as _, Result};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use rayon::prelude::*;

use super::analysis::Vocabulary;
use super::doc::{FacetDef, SearchDoc, TEXT_FIELDS};

/// The fast field that holds a document's position in `SearchIndex::docs`.
pub const ORD: &str = "ord";

pub struct Fields {
    pub text: Vec<Field>,
    /// By position in the list of facets.
    pub facets: Vec<Field>,
    /// The document's position in `SearchIndex::docs`, since tantivy's own doc ids
    /// are an implementation detail.
    pub ord: Field,
}

pub fn schema(facets: &[FacetDef]) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("whitespace")
        .set_index_option(IndexRecordOption::WithFreqs)
        .set_fieldnorms(true);
    let text = TEXT_FIELDS
        .iter()
        .map(|f| {
            b.add_text_field(
                f.name(),
                TextOptions::default().set_indexing_options(indexing.clone()),
            )
        })
        .collect();
    // Prefixed, so that no facet's name can clash with a text field's.
    let facets = facets
        .iter()
        .map(|f| b.add_text_field(&format!("facet_{}", f.name), STRING))
        .collect();
    let ord = b.add_u64_field(ORD, FAST);
    (b.build(), Fields { text, facets, ord })
}

/// The compound vocabulary of `docs`, from all their text fields.
pub fn vocabulary(docs: &[SearchDoc]) -> Vocabulary {
    let texts: Vec<&str> = docs
        .iter()
        .flat_map(|d| TEXT_FIELDS.iter().map(move |f| d.text(*f)))
        .collect();
    Vocabulary::new(&texts)
}

/// The index, its reader and fields.
pub fn build(
    docs: &[SearchDoc],
    facets: &[FacetDef],
    vocabulary: &Vocabulary,
) -> Result<(Index, IndexReader, Fields)> {
    let (schema, fields) = schema(facets);
    let index = Index::create_in_ram(schema);
    // One thread and a budget that fits the whole corpus: one segment, in order.
    let mut writer = index
        .writer_with_num_threads(1, 400_000_000)
        .context("could not start the search index writer")?;
    // Documents are analysed in parallel, a chunk at a time to bound memory, and
    // added in order.
    for (chunk_no, chunk) in docs.chunks(1024).enumerate() {
        let prepared: Vec<TantivyDocument> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let mut doc = TantivyDocument::new();
                for (f, field) in TEXT_FIELDS.iter().zip(&fields.text) {
                    doc.add_text(*field, vocabulary.index_text(d.text(*f)));
                }
                for (values, field) in d.facets.iter().zip(&fields.facets) {
                    for v in values {
                        doc.add_text(*field, v);
                    }
                }
                doc.add_u64(fields.ord, (chunk_no * 1024 + i) as u64);
                doc
            })
            .collect();
        for doc in prepared {
            writer.add_document(doc)?;
        }
    }
    writer.commit().context("could not commit the search index")?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok((index, reader, fields))
}
