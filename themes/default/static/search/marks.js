// Which words of a text a search marks: the search page's snippets and the case page
// a result leads to (landing.js) both ask here, so a word is marked on the page
// exactly when it was marked in the snippet. The terms are those the engine chose
// for the query (its stems, derivations, prefixes, compound parts and typos, stop
// words already dropped), so no rule of the search is written twice.

import { stem } from "./analyze.js";

/** The index terms a search's groups of alternatives use. */
export function matchedTerms(groups) {
  const t = new Set();
  for (const g of groups) for (const a of g) if (a.entry) t.add(a.entry.term);
  return t;
}

/** The words of a text, with where each starts. */
export function tokens(text) {
  return [...text.matchAll(/[\p{Alphabetic}\p{N}]+/gu)];
}

// Stems of the words seen: result texts share most of their words.
const stems = new Map();

/** Whether `word` (lowercased) is one of `terms` as the search reads it. */
export function matches(word, terms, rule) {
  let s = stems.get(word);
  if (s === undefined) stems.set(word, (s = stem(word)));
  if (terms.has(s)) return true;
  // A compound whose part matched: "medborgarundersökningar" for "undersökning".
  if (word.length >= rule.compoundChars) {
    for (const t of terms) if (t.length >= rule.snippetPartChars && word.includes(t)) return true;
  }
  return false;
}
