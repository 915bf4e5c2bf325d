//! Result bundles: for each term in at least two cases, the ten cases a search for
//! that one word shows first, with their titles and a snippet around the word.
//!
//! A reader's query is most often one word. The browser fetches that word's bundle
//! beside its postings while the reader pauses in typing, so when the search runs,
//! the results it shows are already there and it needs no second round trip. Any
//! other query (several words, prefixes, typos, facets) fetches the cases it shows
//! one by one, as before. A bundle is only a cache: the browser ranks from the
//! postings and takes from the bundle only the cases that its own ranking shows.
//!
//! The ranking here is the browser's for one term (BM25 in f32, in the same order of
//! operations; `engine.js`), and the snippet is the window the browser's own snippet
//! rule (`search.js`) would pick from the whole text.

use serde_json::json;

use super::analysis::StemCache;
use super::doc::{SearchDoc, TEXT_FIELDS};
use super::lexicon::FieldPostings;
use super::rule::{BM25_B, BM25_K1, COMPOUND_CHARS, PAGE_RESULTS, SNIPPET_PART_CHARS, SNIPPET_WORDS};

/// Collection statistics the scores need.
pub struct Stats<'a> {
    pub docs: usize,
    pub average_fieldnorms: &'a [f32],
    pub norms: &'a [Vec<u8>],
    /// tantivy's field-norm table: id → field length.
    pub fieldnorms: &'a [u32],
}

/// Scores by document, reused from term to term: a score array as long as the
/// corpus and the documents touched in it, so ranking a common word costs its
/// postings and not a map of its documents. NaN marks a document not scored yet
/// (no BM25 term is NaN: a field with postings has tokens, so its average is not 0).
#[derive(Default)]
pub struct Scores {
    score: Vec<f32>,
    touched: Vec<u32>,
}

/// The best `PAGE_RESULTS` documents for one word: its term and derivations, each
/// with its postings and weight, in the order the query groups them. Most score
/// first, then lowest number. Each document's score is summed in the browser's order.
pub fn top(alternatives: &[(&[FieldPostings], f32)], stats: &Stats, scores: &mut Scores) -> Vec<u32> {
    let Scores { score, touched } = scores;
    score.resize(stats.docs, f32::NAN);
    for (postings, alt_weight) in alternatives {
        for (field, list) in *postings {
            let boost = TEXT_FIELDS[*field].boost();
            // tantivy's BM25 weight: idf × (k1 + 1).
            let weight = idf(list.len(), stats.docs) * (1.0 + BM25_K1) * (boost * alt_weight);
            let avg = stats.average_fieldnorms[*field];
            for &(doc, tf) in list {
                let norm = stats.fieldnorms[usize::from(stats.norms[*field][doc as usize])] as f32;
                let tf = tf as f32;
                let s = &mut score[doc as usize];
                if s.is_nan() {
                    *s = 0.0;
                    touched.push(doc);
                }
                *s += weight * (tf / (tf + tf_cache(norm, avg)));
            }
        }
    }
    let order = |a: &u32, b: &u32| score[*b as usize].total_cmp(&score[*a as usize]).then(a.cmp(b));
    if touched.len() > PAGE_RESULTS {
        touched.select_nth_unstable_by(PAGE_RESULTS - 1, order);
    }
    let mut best = touched[..touched.len().min(PAGE_RESULTS)].to_vec();
    best.sort_unstable_by(order);
    for d in touched.drain(..) {
        score[d as usize] = f32::NAN;
    }
    best
}

fn idf(doc_freq: usize, docs: usize) -> f32 {
    let x = (docs as f32 - doc_freq as f32 + 0.5) / (doc_freq as f32 + 0.5);
    ((1.0 + x) as f64).ln() as f32
}

fn tf_cache(fieldnorm: f32, avg: f32) -> f32 {
    BM25_K1 * ((1.0 - BM25_B) + (BM25_B * fieldnorm) / avg)
}

/// One case as the search page shows it, with `x` only the snippet for `terms` (a
/// word's term and derivations) and `c` whether text was cut before and after it.
pub fn record(n: u32, doc: &SearchDoc, terms: &[&str], stems: &mut StemCache) -> serde_json::Value {
    let (x, before, after) = snippet(&doc.body, terms, stems);
    json!({
        "n": n, "u": doc.url, "t": doc.title, "s": doc.summary, "p": doc.places, "y": doc.year,
        "x": x, "c": [before, after],
    })
}

/// The stretch of `SNIPPET_WORDS` words of `text` with the most matches of `terms`
/// (the first such), as `search.js` picks it; empty when none matches.
fn snippet<'t>(text: &'t str, terms: &[&str], stems: &mut StemCache) -> (&'t str, bool, bool) {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, c.is_alphabetic() || c.is_numeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                tokens.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let hits: Vec<bool> = tokens
        .iter()
        .map(|&(s, e)| {
            let word = text[s..e].to_lowercase();
            terms.iter().any(|term| matches(&word, term, stems))
        })
        .collect();
    let (mut best, mut best_count, mut count) = (None, 0, 0);
    for i in 0..tokens.len() {
        count += usize::from(hits[i]);
        if i >= SNIPPET_WORDS {
            count -= usize::from(hits[i - SNIPPET_WORDS]);
        }
        if count > best_count {
            best_count = count;
            best = Some((i + 1).saturating_sub(SNIPPET_WORDS));
        }
    }
    let Some(best) = best else {
        return ("", false, false);
    };
    let last = (best + SNIPPET_WORDS - 1).min(tokens.len() - 1);
    let (from, to) = (tokens[best].0, tokens[last].1);
    (&text[from..to], from > 0, to < text.len())
}

/// `search.js`'s `matches` for one term: the word's stem, or a compound holding it.
fn matches(word: &str, term: &str, stems: &mut StemCache) -> bool {
    stems.stem(word) == term
        || (word.encode_utf16().count() >= COMPOUND_CHARS
            && term.encode_utf16().count() >= SNIPPET_PART_CHARS
            && word.contains(term))
}
