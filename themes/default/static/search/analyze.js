// Turns text into search terms exactly as the build's index does, so a query typed in the
// browser meets the same terms that were indexed.
//
// Must stay in sync with the build's analyzer (tantivy 0.27.0, pinned in Cargo.toml):
//   TextAnalyzer::builder(SimpleTokenizer::default())
//       .filter(RemoveLongFilter::limit(40)).filter(LowerCaser)
//       .filter(Stemmer::new(Language::Swedish)).build()
// whose Swedish stemmer is Snowball 3.1.1 as generated into the frostem crate
// (1.20260821.8, src/algorithms/swedish_stemmer.rs). tests/integration/stemmer.rs runs this
// file against tantivy; bumping tantivy or frostem means running it again.
//
// Which characters are letters and how they lowercase come from the browser's Unicode
// tables, and Rust's from its std. The test checks every code point with QuickJS's tables;
// a browser with older tables may treat a recently added character differently, which
// Swedish text never meets.

// SimpleTokenizer: a token is a run of chars for which Rust's char::is_alphanumeric holds
// (Unicode Alphabetic, or general category Nd, Nl or No).
const TOKEN = /[\p{Alphabetic}\p{N}]+/gu;

// RemoveLongFilter::limit(40) keeps a token only if its UTF-8 length is *below* 40 bytes,
// measured before lowercasing.
const MAX_BYTES = 40;

/** The terms of `text`, in order, as tantivy's analyzer produces them. */
export function analyze(text) {
  return words(text).map(stem);
}

/** The lowercased words of `text` before stemming (`search::analysis::words`). */
export function words(text) {
  const out = [];
  for (const [token] of text.matchAll(TOKEN)) {
    if (utf8Length(token) < MAX_BYTES) out.push(lowercase(token));
  }
  return out;
}

function utf8Length(s) {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0);
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

// LowerCaser maps each char on its own (Rust's char::to_lowercase), so a word-final capital
// sigma becomes σ, not the ς that String.prototype.toLowerCase would give. Final sigma is
// the only context-dependent mapping toLowerCase applies.
function lowercase(token) {
  return token.replaceAll("Σ", "σ").toLowerCase();
}

// --- Swedish Snowball 3.1.1 -------------------------------------------------------------

const VOWELS = new Set("aeiouyäåö");
const S_ENDING = new Set("bcdfghjklmnoprtvy"); // may stand before a removable -s
const OST_ENDING = new Set("iklnprtuv"); // may stand before -öst, which becomes -ös

// Removed outright when they end the word inside R1; "s" and "et" have conditions.
const MAIN_SUFFIXES = new Set([
  "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste",
  "en", "anden", "aren", "heten", "ern", "ar", "er", "heter", "or", "as", "arnas", "ernas",
  "ornas", "es", "ades", "andes", "ens", "arens", "hetens", "erns", "at", "andet", "het",
  "ast", "s", "et",
]);
const CONSONANT_PAIRS = new Set(["dd", "gd", "nn", "dt", "gt", "kt", "tt"]);
const OTHER_SUFFIXES = new Set(["ig", "lig", "els", "fullt", "öst"]);
// An -et after these is part of the stem (raket, komet, kvalitet).
const ET_KEEPERS = [
  "fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit",
  "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit",
];

/** The Swedish stem of `word`, which must already be lowercase. */
export function stem(word) {
  const r1 = regionStart(word);
  return otherSuffix(consonantPair(mainSuffix(word, r1), r1), r1);
}

// Every step only shortens the word from the end, and every suffix and grouping is made of
// BMP characters, so the work is done on the string itself: a suffix's length in code units
// is its length in characters. Only stepping back over a single character has to know about
// astral ones (two code units), which belong to no grouping.

const FIRST_THREE = /^.{3}/su;
const UP_TO_R1 = /^[^aeiouyäåö]*[aeiouyäåö]+[^aeiouyäåö]/u;

// R1 begins after the first non-vowel that follows a vowel, but never before the fourth
// character; a word without such a place has an empty R1. Returns a code unit index.
function regionStart(w) {
  const three = FIRST_THREE.exec(w);
  const upTo = UP_TO_R1.exec(w);
  return three && upTo ? Math.max(three[0].length, upTo[0].length) : w.length;
}

// The longest of `suffixes` (a Set) that ends the word inside R1, or "". No suffix is
// longer than seven characters.
function longestSuffix(w, r1, suffixes) {
  for (let n = Math.min(7, w.length - r1); n > 0; n--) {
    const tail = w.slice(w.length - n);
    if (suffixes.has(tail)) return tail;
  }
  return "";
}

// Where the character that ends at `end` starts (-1 at the start of the word).
const charBefore = (w, end) => (end >= 2 && w.codePointAt(end - 2) > 0xffff ? end - 2 : end - 1);

// Whether an "et" starting at `at` may go: it follows a non-vowel after a vowel, with at
// least one character before them, and no ET_KEEPERS. Looks outside R1.
function etCondition(w, at) {
  const consonant = charBefore(w, at);
  if (consonant < 0 || VOWELS.has(w[consonant])) return false;
  const vowel = charBefore(w, consonant);
  return vowel > 0 && VOWELS.has(w[vowel]) && !ET_KEEPERS.some((k) => w.endsWith(k, at));
}

function mainSuffix(w, r1) {
  const suffix = longestSuffix(w, r1, MAIN_SUFFIXES);
  let start = w.length - suffix.length;
  if (suffix === "s") {
    // "-ets" goes as a whole where "-et" could; a lone "-s" only after S_ENDING. Both
    // conditions may look before R1.
    if (w.endsWith("et", start) && etCondition(w, start - 2)) start -= 2;
    else if (!S_ENDING.has(w[start - 1])) return w;
  } else if (suffix === "et" && !etCondition(w, start)) {
    return w;
  }
  return w.slice(0, start);
}

function consonantPair(w, r1) {
  return longestSuffix(w, r1, CONSONANT_PAIRS) ? w.slice(0, -1) : w;
}

function otherSuffix(w, r1) {
  const suffix = longestSuffix(w, r1, OTHER_SUFFIXES);
  const start = w.length - suffix.length;
  // -fullt becomes -full; -öst becomes -ös after OST_ENDING, which may lie before R1.
  if (suffix === "fullt" || (suffix === "öst" && OST_ENDING.has(w[start - 1]))) {
    return w.slice(0, -1);
  }
  return suffix === "öst" ? w : w.slice(0, start);
}
