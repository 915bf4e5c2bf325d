//! Step 2 of the query rule (see `query.rs`): each query word becomes a group of
//! alternative terms, looked up in the lexicon. The browser's `engine.js` does the
//! same on the term shards it fetches, with the numbers of `rule.rs` from the
//! manifest.

use super::analysis::{self, StemCache};
use super::lexicon::Lexicon;
use super::rule::{
    DERIVE_CHARS, DERIVE_LIMIT, DERIVE_WEIGHT, FUZZY_LIMIT, FUZZY_WEIGHT, PREFIX_LIMIT, PREFIX_WEIGHT,
    TWO_TYPOS_CHARS, TYPO_CHARS,
};
use super::words;

#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub term: String,
    pub weight: f32,
    pub typo: bool,
}

/// The words a query searches for: read through the glossary, without stop words.
pub fn query_words(text: &str) -> Vec<String> {
    let (translated, _) = words::translate(&analysis::words(&analysis::nfc(text)), words::glossary());
    translated
        .into_iter()
        .filter(|w| !words::is_stop_word(w))
        .collect()
}

/// The groups of `text`: one per word, or two for a word split into compound parts.
/// An empty group is a word the index has nothing for; it still counts as a word
/// ("matchar 2 av 3 ord").
pub fn expand(text: &str, lexicon: &Lexicon, stems: &mut StemCache) -> Vec<Vec<Alternative>> {
    let words = query_words(text);
    let mut groups = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let stem = stems.stem(word);
        let mut group = Vec::new();
        if lexicon.contains(&stem) {
            group.push(Alternative {
                term: stem.clone(),
                weight: 1.0,
                typo: false,
            });
        }
        group.extend(derived(&stem, lexicon));
        if group.is_empty() && i + 1 == words.len() {
            let mut prefixed: Vec<_> = lexicon
                .with_prefix(word)
                .filter(|(t, _)| *t != stem.as_str())
                .collect();
            prefixed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            group.extend(prefixed.into_iter().take(PREFIX_LIMIT).map(|(t, _)| Alternative {
                term: t.to_string(),
                weight: PREFIX_WEIGHT,
                typo: false,
            }));
        }
        if group.is_empty() {
            if let Some((head, tail)) = analysis::split_compound(word, stems, &|s| lexicon.contains(s)) {
                for part in [head, tail] {
                    let term = stems.stem(part);
                    groups.push(vec![Alternative {
                        term,
                        weight: 1.0,
                        typo: false,
                    }]);
                }
                continue;
            }
        }
        if group.is_empty() {
            group = typos(word, &stem, lexicon);
        }
        groups.push(group);
    }
    groups
}

/// Derivations of a stem: the terms that are it followed by one or two endings
/// (`words::DERIVATION_ENDINGS`), most frequent first, when it is long enough that
/// what follows is more often an ending than another word ("experiment" →
/// "experimenterande", "experimentera").
pub fn derived(stem: &str, lexicon: &Lexicon) -> Vec<Alternative> {
    if stem.chars().count() < DERIVE_CHARS {
        return Vec::new();
    }
    let mut found: Vec<_> = lexicon
        .with_prefix(stem)
        .filter(|(t, _)| words::is_derivation_ending(&t[stem.len()..]))
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    found
        .into_iter()
        .take(DERIVE_LIMIT)
        .map(|(t, _)| Alternative {
            term: t.to_string(),
            weight: DERIVE_WEIGHT,
            typo: false,
        })
        .collect()
}

fn typos<'l>(word: &str, stem: &str, lexicon: &'l Lexicon) -> Vec<Alternative> {
    let len = word.chars().count();
    if len < TYPO_CHARS {
        return Vec::new();
    }
    let max = if len < TWO_TYPOS_CHARS { 1 } else { 2 };
    let near = |terms: &mut dyn Iterator<Item = (&'l str, u64)>| -> Vec<(usize, u64, &'l str)> {
        terms
            .filter(|(t, _)| *t != stem)
            .filter_map(|(t, df)| {
                let d = osa_distance(stem, t, max);
                (d <= max).then_some((d, df, t))
            })
            .collect()
    };
    // Most typos keep the first letter, and looking there first keeps the download
    // small; a typo in the first letter is looked for in every term, as a last resort.
    let first = stem.chars().next().expect("a word of 5+ letters has a stem");
    let mut found = near(&mut lexicon.with_first_char(first));
    if found.is_empty() {
        found = near(&mut lexicon.all());
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    found
        .into_iter()
        .take(FUZZY_LIMIT)
        .map(|(d, _, t)| Alternative {
            term: t.to_string(),
            weight: FUZZY_WEIGHT[d - 1],
            typo: true,
        })
        .collect()
}

/// Edit distance where swapping two neighbouring letters is one edit, as typists
/// make it; gives up past `max`.
pub fn osa_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::osa_distance;

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(osa_distance("kommun", "kommun", 2), 0);
        assert_eq!(osa_distance("kommun", "kommnu", 2), 1);
        assert_eq!(osa_distance("medborgardialog", "medborgardialg", 2), 1);
        assert_eq!(osa_distance("abc", "xyz", 1), 2);
    }
}
