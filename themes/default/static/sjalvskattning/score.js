// Rotsystemskollen's rule, with no page in it: the answers' code, the scores, the
// weakest factors and a group's pooled figures. The questionnaire (page.js), the
// facilitator's page (group.js) and the tests (QuickJS, tests/integration/selfassess.rs)
// import this same file.
//
// An answer is a number: 0 not answered, 1–5 the scale, 6 "vet inte". A factor's score
// is the mean of its answers on the scale; "vet inte" and no answer count for nothing,
// so a factor no one could rate has no score rather than a low one.

/// Crockford's base 32: no I, L, O or U, so a code read aloud or typed survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BITS = 3;
const CHECK_MOD = 1021;
export const DONT_KNOW = 6;

function checksum(symbols, count) {
  // A prime modulus and a weight per position: any one wrong symbol, and any two
  // neighbours swapped, change the sum (see the test that tries them all).
  let sum = (count * 37) % CHECK_MOD;
  symbols.forEach((s, i) => {
    sum = (sum + (s + 1) * (i + 1)) % CHECK_MOD;
  });
  return sum;
}

/// The code of `answers`, grouped in fours for reading: "7Q2M-0K9B-…".
export function encode(answers) {
  const symbols = pack(answers);
  const check = checksum(symbols, answers.length);
  symbols.push(check >> 5, check & 31);
  const text = symbols.map((s) => ALPHABET[s]).join("");
  return text.replace(/(.{4})(?=.)/g, "$1-");
}

function pack(answers) {
  const symbols = [];
  let acc = 0;
  let bits = 0;
  for (const a of answers) {
    if (!Number.isInteger(a) || a < 0 || a > DONT_KNOW) throw new Error(`answer ${a} out of range`);
    acc = (acc << BITS) | a;
    bits += BITS;
    while (bits >= 5) {
      bits -= 5;
      symbols.push((acc >> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) symbols.push((acc << (5 - bits)) & 31);
  return symbols;
}

/// `text` as symbols: case, spaces and hyphens ignored, O read as 0 and I, L as 1.
function symbolsOf(text) {
  const clean = text.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  const out = [];
  for (const ch of clean) {
    const s = ALPHABET.indexOf(ch);
    if (s < 0) return null;
    out.push(s);
  }
  return out;
}

/// The answers in a code made for `count` statements, or `null` when it is not one:
/// a typing error, a code of another questionnaire, or no code at all.
export function decode(text, count) {
  const symbols = symbolsOf(String(text || ""));
  const length = Math.ceil((count * BITS) / 5);
  if (!symbols || symbols.length !== length + 2) return null;
  const body = symbols.slice(0, length);
  const check = (symbols[length] << 5) | symbols[length + 1];
  if (check !== checksum(body, count)) return null;
  const answers = [];
  let acc = 0;
  let bits = 0;
  for (const s of body) {
    acc = (acc << 5) | s;
    bits += 5;
    while (bits >= BITS && answers.length < count) {
      bits -= BITS;
      answers.push((acc >> bits) & ((1 << BITS) - 1));
    }
    acc &= (1 << bits) - 1;
  }
  if (acc !== 0 || answers.some((a) => a > DONT_KNOW)) return null;
  return answers;
}

/// The code in a pasted line: a result URL (`…#k=CODE`) or the code itself.
export function codeIn(line) {
  const text = String(line || "").trim();
  const at = text.indexOf("#k=");
  return at >= 0 ? text.slice(at + 3) : text;
}

/// Each factor's score: `{ mean, answered, dontKnow }`, `mean` null when none of its
/// statements was rated. `factors` are `{ statements: [...] }` in questionnaire order.
export function scores(answers, factors) {
  let at = 0;
  return factors.map((f) => {
    const own = answers.slice(at, at + f.statements.length);
    at += f.statements.length;
    const rated = own.filter((a) => a >= 1 && a <= 5);
    const sum = rated.reduce((s, a) => s + a, 0);
    return {
      mean: rated.length ? sum / rated.length : null,
      answered: rated.length,
      dontKnow: own.filter((a) => a === DONT_KNOW).length,
    };
  });
}

/// The `k` factors with the lowest mean, weakest first; equal means in model order.
/// Factors without a mean are left out.
export function weakest(list, k = 3) {
  return list
    .map((s, i) => [s.mean, i])
    .filter(([mean]) => mean !== null)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
}

/// A group's figures per factor from each participant's answers: over the
/// participants who rated the factor, the mean of their scores, the spread (the
/// population standard deviation) and the lowest and highest score.
export function pool(participants, factors) {
  const each = participants.map((answers) => scores(answers, factors));
  return factors.map((_, i) => {
    const means = each.map((s) => s[i].mean).filter((m) => m !== null);
    if (!means.length) return { n: 0, mean: null, spread: null, min: null, max: null };
    const mean = means.reduce((s, m) => s + m, 0) / means.length;
    const variance = means.reduce((s, m) => s + (m - mean) * (m - mean), 0) / means.length;
    return {
      n: means.length,
      mean,
      spread: Math.sqrt(variance),
      min: Math.min(...means),
      max: Math.max(...means),
    };
  });
}

/// Where a group disagrees most: the `k` factors rated by at least two participants
/// with the largest spread above zero, largest first; ties by range, then model order.
export function disagreement(pooled, k = 3) {
  return pooled
    .map((p, i) => [p, i])
    .filter(([p]) => p.n >= 2 && p.spread > 0)
    .sort((a, b) => b[0].spread - a[0].spread || b[0].max - b[0].min - (a[0].max - a[0].min) || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
}
