//! The words the query rule treats specially before it looks anything up: Swedish
//! function words, which neither rank nor are marked in snippets, and the glossary of
//! the library's key terms in English, which a query is read through first. Both are
//! data: the manifest carries them to the browser (`stopWords`, `glossary`), so
//! `engine.js` and `rotsystem search` read a query alike.

/// Swedish function words: pronouns, prepositions, conjunctions, auxiliaries and
/// question words that a reader types in a question ("hur har kommuner arbetat med
/// kultur") but that say nothing about which case is meant. Compared with the query's
/// lowercased words as typed, before stemming. Kept short: a word that can carry
/// meaning in this library ("mod", "unga", "stad") is not here.
pub const STOP_WORDS: &[&str] = &[
    "alla", "att", "av", "de", "dem", "den", "denna", "deras", "dess", "dessa", "det", "detta", "du", "där",
    "efter", "eller", "en", "er", "ett", "från", "för", "genom", "hade", "han", "har", "hon", "hos", "hur",
    "här", "i", "inom", "jag", "kan", "man", "med", "men", "mot", "ni", "när", "och", "om", "oss", "på",
    "sig", "sin", "sina", "sitt", "som", "så", "till", "under", "vad", "var", "vi", "vid", "vilka", "vilken",
    "vilket", "vår", "våra", "är", "åt", "över",
];

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// What may follow a query word's stem for a term to be its derivation: one or two of
/// these endings ("digital" + "iser" + "ing", "system" + "at" + "isk"). The first
/// row is what Snowball's Swedish stemmer leaves of inflections ("aktivt",
/// "projektet", "piteås"); the rest are derivational suffixes ("kulturell",
/// "regional", "experimentera"). A compound's last part is a word, not an ending, so
/// "kulturhus" is no derivation of "kultur": its cases are found through the part
/// "kultur" indexed beside it. Compared with the term after the stem, whole.
pub const DERIVATION_ENDINGS: &[&str] = &[
    "a", "ad", "an", "ar", "at", "d", "de", "e", "en", "er", "et", "in", "it", "m", "n", "na", "ne", "or",
    "s", "t", "te", //
    "al", "ans", "ant", "bar", "else", "ell", "ens", "ent", "era", "ering", "het", "ig", "ik", "ing", "ion",
    "iser", "isk", "ism", "ist", "itet", "iv", "lig", "ning", "sam", "sk", "skap", "ör", "ös",
];

/// Whether `rest`, what follows a stem in a term, is one or two `DERIVATION_ENDINGS`.
pub fn is_derivation_ending(rest: &str) -> bool {
    let one = |s: &str| DERIVATION_ENDINGS.contains(&s);
    one(rest)
        || rest
            .char_indices()
            .skip(1)
            .any(|(i, _)| one(&rest[..i]) && one(&rest[i..]))
}

/// An English entry's words and the Swedish it stands for.
pub type Glossary = [(Vec<String>, String)];

/// The glossary (`glossary.tsv`), read once.
pub fn glossary() -> &'static Glossary {
    static GLOSSARY: std::sync::OnceLock<Vec<(Vec<String>, String)>> = std::sync::OnceLock::new();
    GLOSSARY.get_or_init(|| {
        include_str!("glossary.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(en, sv)| (super::analysis::words(en), sv.trim().to_string()))
            .collect()
    })
}

/// A query's words read through the glossary: each run of words that is an English
/// entry (the longest first) becomes its Swedish words. Returns the words and the
/// (English, Swedish) pairs it used, which the search page tells the reader.
pub fn translate(words: &[String], glossary: &Glossary) -> (Vec<String>, Vec<(String, String)>) {
    let mut out = Vec::with_capacity(words.len());
    let mut used = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let best = glossary
            .iter()
            .filter(|(en, _)| !en.is_empty() && words[i..].starts_with(en))
            .max_by_key(|(en, _)| en.len());
        match best {
            Some((en, sv)) => {
                out.extend(super::analysis::words(sv));
                used.push((en.join(" "), sv.clone()));
                i += en.len();
            }
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_list_is_sorted_so_it_can_be_searched() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("har") && is_stop_word("med") && !is_stop_word("kultur"));
    }

    #[test]
    fn a_derivation_ends_in_one_or_two_endings_and_a_compound_in_a_word() {
        for rest in ["t", "ell", "er", "isering", "atisk", "et"] {
            assert!(is_derivation_ending(rest), "{rest}");
        }
        // "kulturhus", "plattformmöte", "kommunikation", "entreprenörsandan".
        for rest in ["", "hus", "möt", "ikation", "sand", "x"] {
            assert!(!is_derivation_ending(rest), "{rest}");
        }
    }

    #[test]
    fn english_key_terms_read_as_swedish_longest_first() {
        let g = glossary();
        assert!(g.len() >= 40, "the glossary has {} entries", g.len());
        let words = |s: &str| crate::search::analysis::words(s);
        let (out, used) = translate(&words("Citizen dialogue in schools"), g);
        assert_eq!(out, words("medborgardialog in skolor"));
        assert_eq!(
            used[0],
            ("citizen dialogue".to_string(), "medborgardialog".to_string())
        );
        assert_eq!(translate(&words("kultur"), g).0, words("kultur"));
    }
}
