//! Swedish text analysis, shared by the index and the query side.
//!
//! tantivy's own analyzer (split on non-alphanumerics, drop tokens of 40+ bytes,
//! lowercase, Snowball Swedish) turns text into terms; the browser runs a JS port of
//! exactly this (`themes/default/static/search/analyze.js`), and a test holds the two
//! together. No diacritic folding: `här` and `har` are different words in Swedish.
//!
//! On top of it sits compound splitting, which no peer does. Swedish writes compounds
//! as one word, so "medborgarundersökningar" would never match a query for
//! "undersökning". A compound is split in two where both parts are words the corpus
//! itself uses (compared as stems, which also covers linking forms such as
//! "medborgar-" from "medborgare"), optionally joined by a linking `s`
//! ("innovation-s-plattform"). The parts are indexed beside the whole word.
//! What it misses is written in `docs/search.md`.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};

use super::rule::{COMPOUND_CHARS, HEAD_CHARS, TAIL_CHARS};

/// Text in its composed form (NFC): "å" as one character, however it was typed.
/// Documents and queries both go through it (and queries in the browser too).
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    // Nearly all text is NFC already, and the check is far cheaper than the rewrite.
    if unicode_normalization::is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// The build's analyzer, as tantivy defines it: the browser must agree with this.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

/// Tokenizes and lowercases, without stemming: the surface words compounds split on.
fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// Stems single lowercased words, remembering the answers.
pub struct StemCache {
    stemmer: TextAnalyzer,
    cache: HashMap<String, String>,
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache {
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::Swedish))
                .build(),
            cache: HashMap::new(),
        }
    }
}

impl StemCache {
    pub fn stem(&mut self, word: &str) -> String {
        if let Some(s) = self.cache.get(word) {
            return s.clone();
        }
        let mut stream = self.stemmer.token_stream(word);
        let stem = if stream.advance() {
            stream.token().text.clone()
        } else {
            String::new()
        };
        self.cache.insert(word.to_string(), stem.clone());
        stem
    }
}

/// The lowercased words of `text`, in order, as tantivy tokenizes them.
pub fn words(text: &str) -> Vec<String> {
    tokens(&mut words_analyzer(), text)
}

/// The stems of `text`, in order: exactly what the index holds for it, before
/// compound parts are added.
pub fn terms(text: &str) -> Vec<String> {
    tokens(&mut analyzer(), text)
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Splits a lowercased word into two parts whose stems are both in `known`, or gives
/// `None`. The first valid split from the left wins, which is the longest last part:
/// "medborgarundersökningar" → ("medborgar", "undersökningar").
pub fn split_compound<'w>(
    word: &'w str,
    stems: &mut StemCache,
    known: &dyn Fn(&str) -> bool,
) -> Option<(&'w str, &'w str)> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < COMPOUND_CHARS || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
        return None;
    }
    for i in HEAD_CHARS..=chars.len() - TAIL_CHARS {
        let head = &word[..chars[i].0];
        let tail_at = |k: usize| &word[chars[k].0..];
        let mut tails = vec![tail_at(i)];
        // A linking s belongs to neither part: "innovation-s-plattform".
        if chars[i].1 == 's' && chars.len() - i > TAIL_CHARS {
            tails.push(tail_at(i + 1));
        }
        for tail in tails {
            if known(&stems.stem(head)) && known(&stems.stem(tail)) {
                return Some((head, tail));
            }
        }
    }
    None
}

/// Adds `by` to the count of every word of `text`.
fn count(counts: &mut HashMap<String, u32>, text: &str, by: i32) {
    for w in words(text) {
        let n = counts.entry(w).or_insert(0);
        *n = n.wrapping_add_signed(by);
    }
}

/// Whether a word can be split or be a part: letters only.
fn splittable(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
}

/// The terms a word is indexed under: its stem, then its parts' stems when it splits
/// on `known` stems.
fn word_terms(word: &str, stems: &mut StemCache, known: &HashSet<String>) -> Vec<String> {
    let mut t = vec![stems.stem(word)];
    if let Some((head, tail)) = split_compound(word, stems, &|s| known.contains(s)) {
        t.push(stems.stem(head));
        t.push(stems.stem(tail));
    }
    t
}

/// Shortest last part learned from other compounds rather than seen on its own.
const MIN_LEARNED_TAIL_CHARS: usize = 6;

/// The corpus vocabulary compounds are split against: the stem of every word that
/// occurs on its own, and of every last part that follows two or more different known
/// first parts. The second kind is how "undersökning" is learnt from
/// "medborgarundersökningar" and "intervjuundersökning" when the corpus never writes
/// it alone.
///
/// It also remembers, for every distinct word of the corpus, the terms it is indexed
/// under, so indexing is one lookup per word however long the corpus.
pub struct Vocabulary {
    stems: HashSet<String>,
    terms: HashMap<String, Vec<String>>,
    /// How often each distinct word occurs in the corpus, so that an edit can tell
    /// which words it brought in or took out (`update`).
    counts: HashMap<String, u32>,
}

impl Vocabulary {
    pub fn new(texts: &[&str]) -> Vocabulary {
        let counts = texts
            .par_iter()
            .fold(HashMap::new, |mut counts, text| {
                count(&mut counts, text, 1);
                counts
            })
            .reduce(HashMap::new, |mut a, b| {
                for (w, n) in b {
                    *a.entry(w).or_insert(0) += n;
                }
                a
            });
        Vocabulary::of_counts(counts)
    }

    fn of_counts(counts: HashMap<String, u32>) -> Vocabulary {
        // Sorted, so that nothing below depends on hash order.
        let mut distinct: Vec<&String> = counts.keys().collect();
        distinct.sort_unstable();
        let mut stems = StemCache::default();
        // Only words of letters can be the parts of a compound (`split_compound`), and
        // a word with a digit has a stem with a digit: the set holds only the former.
        let mut set: HashSet<String> = distinct
            .iter()
            .filter(|w| splittable(w))
            .map(|w| stems.stem(w))
            .collect();
        let mut tails: HashMap<String, HashSet<String>> = HashMap::new();
        for w in &distinct {
            let chars: Vec<(usize, char)> = w.char_indices().collect();
            if chars.len() < COMPOUND_CHARS || !splittable(w) {
                continue;
            }
            let last = chars.len().saturating_sub(MIN_LEARNED_TAIL_CHARS);
            for &(at, _) in chars.iter().take(last + 1).skip(HEAD_CHARS) {
                let (head, tail) = w.split_at(at);
                let head = stems.stem(head);
                if set.contains(&head) {
                    tails.entry(stems.stem(tail)).or_default().insert(head);
                }
            }
        }
        for (tail, heads) in tails {
            if heads.len() >= 2 {
                set.insert(tail);
            }
        }
        let mut terms = HashMap::with_capacity(distinct.len());
        for w in distinct {
            terms.insert(w.clone(), word_terms(w, &mut stems, &set));
        }
        Vocabulary {
            stems: set,
            terms,
            counts,
        }
    }

    /// Follows an edit of the corpus: `old` texts replaced by `new` ones. Returns
    /// false when a word that stays in the corpus is now indexed under other terms
    /// (a new word lets it split, or the last use of one of its parts went), which
    /// only indexing every text again follows; the vocabulary is the new corpus's
    /// either way.
    pub fn update(&mut self, old: &[&str], new: &[&str]) -> bool {
        for text in old {
            count(&mut self.counts, text, -1);
        }
        for text in new {
            count(&mut self.counts, text, 1);
        }
        let gone: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, &n)| n == 0)
            .map(|(w, _)| w.clone())
            .collect();
        for w in &gone {
            self.counts.remove(w);
        }
        let came: Vec<&String> = self
            .counts
            .keys()
            .filter(|w| !self.terms.contains_key(*w))
            .collect();
        if gone.iter().chain(came.iter().copied()).all(|w| !splittable(w)) {
            // A word with a digit is never a compound's part: the others stay as they were.
            let mut stems = StemCache::default();
            let came: Vec<String> = came.into_iter().cloned().collect();
            for w in came {
                let t = word_terms(&w, &mut stems, &self.stems);
                self.terms.insert(w, t);
            }
            for w in &gone {
                self.terms.remove(w);
            }
            return true;
        }
        let fresh = Vocabulary::of_counts(std::mem::take(&mut self.counts));
        let same = fresh
            .terms
            .iter()
            .all(|(w, t)| self.terms.get(w).is_none_or(|old| old == t));
        *self = fresh;
        same
    }

    pub fn contains(&self, stem: &str) -> bool {
        self.stems.contains(stem)
    }

    /// The terms a text is indexed under, in order and separated by single spaces:
    /// each word's stem, followed by the stems of its compound parts when it splits.
    /// The index's `whitespace` tokenizer splits them back at the same positions;
    /// terms hold no whitespace, since words are split at it. `text` must be part of
    /// the corpus.
    pub fn index_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        for w in words(text) {
            for term in self.terms.get(&w).expect("every word of the corpus is known") {
                debug_assert!(!term.contains(char::is_whitespace), "{term:?}");
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(term);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(text: &str) -> (Vocabulary, StemCache) {
        (Vocabulary::new(&[text]), StemCache::default())
    }

    #[test]
    fn compounds_split_on_corpus_words_with_and_without_linking_s() {
        let (v, mut s) = vocab("medborgare undersökning innovation plattform");
        let known = |x: &str| v.contains(x);
        assert_eq!(
            split_compound("medborgarundersökningar", &mut s, &known),
            Some(("medborgar", "undersökningar"))
        );
        assert_eq!(
            split_compound("innovationsplattform", &mut s, &known),
            Some(("innovation", "plattform"))
        );
        // Neither part known, or too short to try: left whole.
        assert_eq!(split_compound("kommunfullmäktige", &mut s, &known), None);
        assert_eq!(split_compound("plattor", &mut s, &known), None);
    }

    #[test]
    fn an_edit_says_when_a_word_already_there_would_be_indexed_differently() {
        let mut v = Vocabulary::new(&["innovationsplattform används", "innovation"]);
        // "plattform" is not a word of the corpus yet, so the compound stays whole.
        let whole = v.index_text("innovationsplattform");
        assert_eq!(whole.split(' ').count(), 1, "{whole}");
        // Only a word with a digit came: no other word can split differently.
        assert!(v.update(&["innovation"], &["innovation 2024"]));
        assert_eq!(v.index_text("innovationsplattform"), whole);
        assert_eq!(v.index_text("2024"), "2024");
        // "plattform" on its own splits the compound: everything must be indexed again.
        assert!(!v.update(&["innovation 2024"], &["innovation 2024 plattform"]));
        let fresh = Vocabulary::new(&["innovationsplattform används", "innovation 2024 plattform"]);
        assert_eq!(
            v.index_text("innovationsplattform"),
            fresh.index_text("innovationsplattform")
        );
        assert_eq!(v.index_text("innovationsplattform").split(' ').count(), 3);
        // Taking it out again puts the compound back whole.
        assert!(!v.update(&["innovation 2024 plattform"], &["innovation"]));
        assert_eq!(v.index_text("innovationsplattform"), whole);
    }

    #[test]
    fn index_terms_keep_the_whole_word_first() {
        let (v, mut s) = vocab("plattform innovation. En innovationsplattform.");
        let text = v.index_text("En innovationsplattform.");
        let t: Vec<&str> = text.split(' ').collect();
        assert_eq!(t[0], "en");
        assert_eq!(t[1], s.stem("innovationsplattform"));
        assert_eq!(&t[2..], [s.stem("innovation"), s.stem("plattform")]);
    }
}
