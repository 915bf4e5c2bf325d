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
}

impl Vocabulary {
    pub fn new(texts: &[&str]) -> Vocabulary {
        let distinct: HashSet<String> = texts
            .par_iter()
            .fold(HashSet::new, |mut set, text| {
                set.extend(words(text));
                set
            })
            .reduce(HashSet::new, |mut a, b| {
                a.extend(b);
                a
            });
        // Sorted, so that nothing below depends on hash order.
        let mut distinct: Vec<String> = distinct.into_iter().collect();
        distinct.sort_unstable();
        let mut stems = StemCache::default();
        let mut set: HashSet<String> = distinct.iter().map(|w| stems.stem(w)).collect();
        let mut tails: HashMap<String, HashSet<String>> = HashMap::new();
        for w in &distinct {
            let chars: Vec<(usize, char)> = w.char_indices().collect();
            if chars.len() < COMPOUND_CHARS || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
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
            let mut t = vec![stems.stem(&w)];
            if let Some((head, tail)) = split_compound(&w, &mut stems, &|s| set.contains(s)) {
                t.push(stems.stem(head));
                t.push(stems.stem(tail));
            }
            terms.insert(w, t);
        }
        Vocabulary { stems: set, terms }
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
    fn index_terms_keep_the_whole_word_first() {
        let (v, mut s) = vocab("plattform innovation. En innovationsplattform.");
        let text = v.index_text("En innovationsplattform.");
        let t: Vec<&str> = text.split(' ').collect();
        assert_eq!(t[0], "en");
        assert_eq!(t[1], s.stem("innovationsplattform"));
        assert_eq!(&t[2..], [s.stem("innovation"), s.stem("plattform")]);
    }
}
