//! The numbers of the search rule, written once. The Rust side (`query.rs`,
//! `analysis.rs`, `bundle.rs`) reads them from here; the browser (`engine.js`,
//! `search.js`) reads them from the manifest's `rule` object, which `json` writes,
//! so neither JavaScript file holds a copy of any of them. A test changes each one in
//! an exported manifest and sees the browser's answer follow.
//!
//! The rule itself is described in `query.rs` and `docs/search.md`.

use serde_json::json;

/// Field boosts: a word in the title says more than one in the body. Tuned on the
/// judged set (`tests/integration/search/judged.tsv`): a case whose title, summary,
/// keywords, factor notes or headings are about a word ranks above one whose body
/// mentions it in passing. Keywords weigh most: an editor chose them to say what the
/// case is about, and a short list (a focused case) scores higher than a long one.
pub const TITLE_BOOST: f32 = 3.0;
pub const SUMMARY_BOOST: f32 = 2.0;
pub const KEYWORDS_BOOST: f32 = 6.0;
/// The notes that say why a case has a factor or step.
pub const NOTES_BOOST: f32 = 1.0;
/// The body's headings (also counted in the body).
pub const HEADINGS_BOOST: f32 = 1.0;
/// Body and places.
pub const TEXT_BOOST: f32 = 1.0;

/// tantivy's BM25 parameters (`tantivy::query::bm25`), which its scores use and the
/// browser's must.
pub const BM25_K1: f32 = 1.2;
pub const BM25_B: f32 = 0.75;

/// Prefix alternatives of the last word: how many, and what each weighs.
pub const PREFIX_LIMIT: usize = 8;
pub const PREFIX_WEIGHT: f32 = 0.8;

/// Derivations of every query word: up to `DERIVE_LIMIT` terms that begin with the
/// word's stem (of `DERIVE_CHARS` letters or more), each weighing `DERIVE_WEIGHT`,
/// so "experiment" finds "experimenterande" below the word itself.
pub const DERIVE_CHARS: usize = 5;
pub const DERIVE_LIMIT: usize = 3;
pub const DERIVE_WEIGHT: f32 = 0.5;

/// Typo alternatives: how many, and what one at edit distance 1 and 2 weighs.
pub const FUZZY_LIMIT: usize = 8;
pub const FUZZY_WEIGHT: [f32; 2] = [0.5, 0.25];
/// Shortest word that gets typo alternatives, at edit distance 1.
pub const TYPO_CHARS: usize = 5;
/// Shortest word whose typo alternatives reach edit distance 2.
pub const TWO_TYPOS_CHARS: usize = 9;

/// Shortest word that is tried as a compound; shorter ones split into noise.
pub const COMPOUND_CHARS: usize = 8;
/// Shortest first part ("vård" in "vårdcentral").
pub const HEAD_CHARS: usize = 3;
/// Shortest last part; the last part carries the meaning, so it is held longer.
pub const TAIL_CHARS: usize = 4;

/// No dead ends: a search with fewer hits than this offers the factors and steps
/// its words are about and the lists to browse, and a spelling the index has for
/// each word it found nothing for, within `SUGGEST_DISTANCE` edits.
pub const FEW_HITS: usize = 3;
pub const SUGGEST_DISTANCE: usize = 3;

/// Results on a page of the search page, and so in a term's result bundle.
pub const PAGE_RESULTS: usize = 10;
/// Words in a snippet.
pub const SNIPPET_WORDS: usize = 24;
/// Shortest matched term that a snippet marks inside a longer word (a compound of
/// `COMPOUND_CHARS` or more): "medborgarundersökningar" for "undersökning".
pub const SNIPPET_PART_CHARS: usize = 5;

/// The browser's loading policy, decided here so that the whole rule and its costs
/// are read in one place: a half-typed last word shorter than this preloads no
/// prefix postings ("in" would fetch the eight most frequent words of the language),
/// and term shards that together compress to at most this many bytes are all loaded
/// on focus in the search box.
pub const PRELOAD_PREFIX_CHARS: usize = 4;
pub const WARM_TERM_BYTES: usize = 32 * 1024;

/// The manifest's `rule` object: every number above, by the name the browser reads.
pub fn json() -> serde_json::Value {
    json!({
        "k1": BM25_K1, "b": BM25_B,
        "prefixLimit": PREFIX_LIMIT, "prefixWeight": PREFIX_WEIGHT,
        "deriveChars": DERIVE_CHARS, "deriveLimit": DERIVE_LIMIT, "deriveWeight": DERIVE_WEIGHT,
        "fuzzyLimit": FUZZY_LIMIT, "fuzzyWeight": FUZZY_WEIGHT,
        "typoChars": TYPO_CHARS, "twoTyposChars": TWO_TYPOS_CHARS,
        "compoundChars": COMPOUND_CHARS, "headChars": HEAD_CHARS, "tailChars": TAIL_CHARS,
        "fewHits": FEW_HITS, "suggestDistance": SUGGEST_DISTANCE,
        "pageResults": PAGE_RESULTS, "snippetWords": SNIPPET_WORDS,
        "snippetPartChars": SNIPPET_PART_CHARS,
        "preloadPrefixChars": PRELOAD_PREFIX_CHARS, "warmTermBytes": WARM_TERM_BYTES,
    })
}
