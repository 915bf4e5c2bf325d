// The search engine in the browser: reads the static client index that the build
// exports from tantivy (src/search/export.rs) and answers queries by the rule in
// src/search/query.rs, which `rotsystem search` runs on tantivy itself. Keep the
// two in step: a test compares their top ten. Every number of the rule (BM25's k1
// and b, the compound, prefix and typo limits and weights, what to load ahead)
// comes from the manifest's `rule` object (src/search/rule.rs), never from here.
//
// Nothing is fetched until the first query. Each file is gzip, opened with
// DecompressionStream, and named by its content hash, so it can be cached forever.

import { stem, words } from "./analyze.js";

const f32 = Math.fround;

// How files reach the engine in a browser. Tests that run the engine outside one
// pass their own loader with the same two functions.
export const httpLoader = (manifestUrl) => {
  const base = manifestUrl.slice(0, manifestUrl.lastIndexOf("/") + 1);
  const get = async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res;
  };
  const gunzip = (res) => new Response(res.body.pipeThrough(new DecompressionStream("gzip")));
  return {
    manifest: async () => gunzip(await get(manifestUrl)).json(),
    // A gzip file below the index folder, as bytes.
    gz: async (path) => new Uint8Array(await gunzip(await get(base + path)).arrayBuffer()),
  };
};

export class Engine {
  constructor(loader) {
    this.loader = loader;
    this.cache = new Map();
  }

  async manifest() {
    if (!this.meta) {
      this.meta = this.loader.manifest().then((m) => {
        m.caches = m.fields.map((f) => m.norms.map((n) => tfCache(n, f32(f.avg), m.rule)));
        m.stops = new Set(m.stopWords);
        const endings = new Set(m.deriveEndings);
        // Mirrors words::is_derivation_ending: one or two endings, whole.
        m.isEnding = (rest) => {
          const cs = Array.from(rest);
          if (endings.has(rest)) return true;
          return cs.some((_, i) => i > 0 && endings.has(cs.slice(0, i).join("")) && endings.has(cs.slice(i).join("")));
        };
        m.entries = m.glossary.map(([en, sv]) => [words(en), sv]);
        return m;
      });
    }
    return this.meta;
  }

  // Readies the engine while the reader is about to search (focus in the box): the
  // manifest, and the whole term dictionary when it is small enough that every query
  // would soon need most of it anyway.
  async warm() {
    const m = await this.manifest();
    const norms = m.fields.map((_, i) => this.norms(i));
    // The whole dictionary when it is small (`rule.warmTermBytes`, compressed).
    const terms = m.termBytes <= m.rule.warmTermBytes ? m.terms.map((_, i) => this.shard(i)) : [];
    await Promise.all([...norms, ...terms]);
  }

  // Fetches the postings a search for `text` will need from the first two steps of
  // the rule (each word's own term, and the last word's prefixes) and, for one word,
  // the result bundle of its strongest term, so that a search started after the
  // typing pause finds them here. Compound parts and typos are left to the search: for a half-typed word they
  // would fetch postings never used. A last word shorter than
  // `rule.preloadPrefixChars` preloads no prefixes: "in" would fetch the most
  // frequent words of the language.
  async preload(text) {
    const m = await this.manifest();
    const { ws } = await this.queryWords(text);
    const owns = await Promise.all(ws.map((w) => this.lookup(stem(w))));
    const last = ws.length - 1;
    const groups = await Promise.all(
      ws.map((w, i) => {
        const prefixes = i === last && Array.from(w).length >= m.rule.preloadPrefixChars;
        return this.alternatives(w, stem(w), owns[i], prefixes, false);
      }),
    );
    const entries = groups.flat(2).map((a) => a.entry);
    // One word: the bundle of its strongest term, which the page shows from.
    const lead = ws.length === 1 ? groups[0][0]?.[0] : null;
    await Promise.all([
      ...entries.filter(Boolean).map((e) => this.postings(e)),
      ...(lead && !lead.typo ? [this.bundle(lead.entry)] : []),
    ]);
  }

  // The result bundle of a term (src/search/bundle.rs): the cases a search for that
  // word alone shows first, by number, with snippets for it; null if it has none.
  async bundle(entry) {
    if (!entry.bundle) return null;
    const m = await this.manifest();
    return this.once(`bundle:${entry.bundle}`, async () => {
      const bytes = await this.fetchGz(numberedPath(m.bundles, entry.bundle - 1));
      return new Map(JSON.parse(utf8(bytes, 0, bytes.length)).cases.map((d) => [d.n, d]));
    });
  }

  // A text field's column of field-norm ids, one per document.
  async norms(field) {
    const m = await this.manifest();
    return this.once(`norms:${field}`, () => this.fetchGz(m.fields[field].norms));
  }

  fetchGz(path) {
    return this.once(path, () => this.loader.gz(path));
  }

  once(key, load) {
    if (!this.cache.has(key)) {
      const p = load();
      p.catch(() => this.cache.delete(key));
      this.cache.set(key, p);
    }
    return this.cache.get(key);
  }

  // ---- terms ----

  async shard(i) {
    const m = await this.manifest();
    return this.once(`terms:${i}`, async () => parseShard(await this.fetchGz(m.terms[i][1])));
  }

  // The shard that holds `term`, if any: the last whose first term is <= it.
  async shardIndex(term) {
    const m = await this.manifest();
    let lo = 0;
    let hi = m.terms.length - 1;
    if (hi < 0 || cmp(term, m.terms[0][0]) < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cmp(m.terms[mid][0], term) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  async lookup(term) {
    const m = await this.manifest();
    if (m.terms.length === 0) return null;
    const entries = await this.shard(await this.shardIndex(term));
    const i = lowerBound(entries, term);
    return i < entries.length && entries[i].term === term ? entries[i] : null;
  }

  // Every term that starts with `prefix`, in byte order.
  async withPrefix(prefix) {
    const m = await this.manifest();
    const out = [];
    for (let s = await this.shardIndex(prefix); s < m.terms.length; s++) {
      if (s > 0 && cmp(m.terms[s][0], prefix) > 0 && !m.terms[s][0].startsWith(prefix)) break;
      const entries = await this.shard(s);
      for (let i = lowerBound(entries, prefix); i < entries.length; i++) {
        if (!entries[i].term.startsWith(prefix)) return out;
        out.push(entries[i]);
      }
    }
    return out;
  }

  // ---- the rule ----

  // Step 1 of the rule (src/search/words.rs): the query's words read through the
  // glossary, without stop words; `used` holds the [English, Swedish] pairs read.
  async queryWords(text) {
    const m = await this.manifest();
    const raw = words(text.normalize("NFC"));
    const out = [];
    const used = [];
    for (let i = 0; i < raw.length; ) {
      let best = null;
      for (const entry of m.entries) {
        const [en] = entry;
        if (en.length === 0 || en.length > raw.length - i || (best && en.length < best[0].length)) continue;
        if (en.every((w, k) => raw[i + k] === w)) best = entry;
      }
      if (best) {
        out.push(...words(best[1]));
        used.push([best[0].join(" "), best[1]]);
        i += best[0].length;
      } else out.push(raw[i++]);
    }
    return { ws: out.filter((w) => !m.stops.has(w)), used, typed: raw.length };
  }

  // Step 2 of the rule: each word as a group of alternative terms. Every word's
  // own stem is looked up at once, so their term shards come in one round trip.
  async expand(text) {
    const { ws } = await this.queryWords(text);
    const stems = ws.map(stem);
    const owns = await Promise.all(stems.map((s) => this.lookup(s)));
    const per = await Promise.all(ws.map((w, i) => this.alternatives(w, stems[i], owns[i], i + 1 === ws.length)));
    return per.flat(1);
  }

  // One word's groups: its own term and its derivations, else prefixes (last word
  // only), else its compound parts (a group each), else typos.
  // `further` false stops after the prefixes.
  async alternatives(word, s, own, last, further = true) {
    const m = await this.manifest();
    const group = own ? [{ entry: own, weight: 1, typo: false }] : [];
    group.push(...(await this.derived(s)));
    if (group.length > 0) return [group];
    if (last) {
      const prefixed = (await this.withPrefix(word)).filter((e) => e.term !== s);
      if (prefixed.length > 0) {
        prefixed.sort((a, b) => b.freq - a.freq || cmp(a.term, b.term));
        const weight = f32(m.rule.prefixWeight);
        return [prefixed.slice(0, m.rule.prefixLimit).map((entry) => ({ entry, weight, typo: false }))];
      }
    }
    if (!further) return [];
    const parts = await this.splitCompound(word);
    if (parts) {
      const entries = await Promise.all(parts.map((p) => this.lookup(stem(p))));
      return entries.map((entry) => [{ entry, weight: 1, typo: false }]);
    }
    return [await this.typos(word, s)];
  }

  // Mirrors expand::derived: a long enough stem followed by one or two endings.
  async derived(s) {
    const m = await this.manifest();
    if (Array.from(s).length < m.rule.deriveChars) return [];
    const found = (await this.withPrefix(s)).filter((e) => m.isEnding(e.term.slice(s.length)));
    found.sort((a, b) => b.freq - a.freq || cmp(a.term, b.term));
    const weight = f32(m.rule.deriveWeight);
    return found.slice(0, m.rule.deriveLimit).map((entry) => ({ entry, weight, typo: false }));
  }

  // A spelling the index has for each word it has nothing for (or only typos):
  // its nearest term within `rule.suggestDistance` edits (and fewer than half the
  // word's letters), most frequent first. Null when there is nothing to offer.
  async suggest(text) {
    const m = await this.manifest();
    const { ws } = await this.queryWords(text);
    const groups = await this.expand(text);
    if (groups.length !== ws.length) return null; // a compound split: its parts are found
    let changed = false;
    const out = [];
    for (let i = 0; i < ws.length; i++) {
      const g = groups[i];
      if (g.length > 0 && g.some((a) => !a.typo)) {
        out.push(ws[i]);
        continue;
      }
      const s = stem(ws[i]);
      const max = Math.min(m.rule.suggestDistance, Math.ceil(Array.from(s).length / 2) - 1);
      let best = null;
      for (const e of (await Promise.all(m.terms.map((_, k) => this.shard(k)))).flat()) {
        const d = osaDistance(s, e.term, max);
        if (d > max || d === 0) continue;
        if (!best || d < best.d || (d === best.d && e.freq > best.e.freq)) best = { d, e };
      }
      if (best) changed = true;
      out.push(best ? best.e.term : ws[i]);
    }
    return changed ? out.join(" ") : null;
  }

  // The factors, steps and other terms whose name or description has a word of the
  // query (its stem, or a term it matched other than through a typo).
  async browseFor(text, groups) {
    const m = await this.manifest();
    const { ws } = await this.queryWords(text);
    const terms = new Set(groups.flat().filter((a) => !a.typo && a.entry).map((a) => a.entry.term));
    for (const w of ws) terms.add(stem(w));
    return m.browse.filter((b) => b.terms.some((t) => terms.has(t)));
  }

  // Mirrors analysis::split_compound: the first split from the left into two known
  // parts, the second optionally after a linking s. Every candidate's shard is
  // fetched at once before the splits are tried in order.
  async splitCompound(word) {
    const { compoundChars, headChars, tailChars } = (await this.manifest()).rule;
    const chars = Array.from(word);
    if (chars.length < compoundChars || !chars.every((c) => /\p{Alphabetic}/u.test(c))) return null;
    const splits = [];
    for (let i = headChars; i <= chars.length - tailChars; i++) {
      const head = chars.slice(0, i).join("");
      splits.push([head, chars.slice(i).join("")]);
      if (chars[i] === "s" && chars.length - i > tailChars) splits.push([head, chars.slice(i + 1).join("")]);
    }
    const stems = new Map();
    for (const part of splits.flat()) if (!stems.has(part)) stems.set(part, stem(part));
    const known = new Map();
    await Promise.all([...new Set(stems.values())].map(async (s) => known.set(s, await this.lookup(s))));
    return splits.find(([head, tail]) => known.get(stems.get(head)) && known.get(stems.get(tail))) || null;
  }

  async typos(word, s) {
    const m = await this.manifest();
    const len = Array.from(word).length;
    if (len < m.rule.typoChars) return [];
    const max = len >= m.rule.twoTyposChars ? 2 : 1;
    const near = (entries) => {
      const out = [];
      for (const e of entries) {
        if (e.term === s) continue;
        const d = osaDistance(s, e.term, max);
        if (d <= max) out.push({ d, e });
      }
      return out;
    };
    // The first letter's shards first; every term only for a typo in the first letter.
    let found = near(await this.withPrefix(Array.from(s)[0]));
    if (found.length === 0) found = near((await Promise.all(m.terms.map((_, i) => this.shard(i)))).flat());
    found.sort((a, b) => a.d - b.d || b.e.freq - a.e.freq || cmp(a.e.term, b.e.term));
    return found
      .slice(0, m.rule.fuzzyLimit)
      .map(({ d, e }) => ({ entry: e, weight: f32(m.rule.fuzzyWeight[d - 1]), typo: true }));
  }

  // Decoded once: a preloaded term costs the search nothing but its scoring.
  postings(entry) {
    return this.once(`postings:${entry.term}`, async () => {
      const m = await this.manifest();
      const file = await this.fetchGz(numberedPath(m.postings, entry.file));
      return decodePostings(file.subarray(entry.offset, entry.offset + entry.len), m.docs);
    });
  }

  async facetColumn(name) {
    const m = await this.manifest();
    return this.once(`facet:${name}`, async () => {
      const bytes = await this.fetchGz(m.facets.find((f) => f.name === name).file);
      const r = new Reader(bytes);
      const column = new Array(m.docs);
      for (let d = 0; d < m.docs; d++) {
        const n = r.varint();
        const vs = new Array(n);
        for (let k = 0; k < n; k++) vs[k] = r.varint();
        column[d] = vs;
      }
      return column;
    });
  }

  // Runs a query: `filters` maps a facet name to the value ids allowed. Returns
  // { groups, words, used, count, docs, top } where `docs` holds the matching
  // documents in document order and `top(n, within)` the best n of them (or of
  // `within`), ranked: most words matched first, then fewer typos, then score, then
  // document; `used` is the glossary's [English, Swedish] pairs the query was read
  // through.
  async search(text, filters = {}) {
    const m = await this.manifest();
    const [allowed, groups, read] = await Promise.all([this.filter(filters), this.expand(text), this.queryWords(text)]);
    const score = new Float32Array(m.docs); // Float32Array stores round to f32, as tantivy's sums do.
    const typos = new Uint8Array(m.docs);
    const matched = new Uint8Array(m.docs);
    const done = (docs) => ({
      groups,
      words: groups.length,
      used: read.used,
      count: docs.length,
      docs,
      top: (n, within = docs) => top(within, n, score, typos, matched),
      matchedOf: (doc) => matched[doc],
    });
    // tantivy's BM25 weight: idf × (k1 + 1).
    const k1Plus1 = f32(1 + f32(m.rule.k1));
    if (groups.length === 0) {
      // Stop words only ask for nothing in particular.
      if (read.typed > 0) return done(new Uint32Array(0));
      const docs = [];
      for (let d = 0; d < m.docs; d++) if (!allowed || allowed[d]) docs.push(d);
      return done(Uint32Array.from(docs));
    }
    // Every alternative's postings (and the norms, if `warm` has not brought them)
    // at once: one round trip for the whole query.
    const [lists, norms] = await Promise.all([
      Promise.all(groups.map((g) => Promise.all(g.map((a) => this.postings(a.entry))))),
      Promise.all(m.fields.map((_, i) => this.norms(i))),
    ]);
    const inGroup = new Float32Array(m.docs);
    const state = new Uint8Array(m.docs); // 1: matched in this group, 2: without a typo
    const touched = new Uint32Array(m.docs);
    groups.forEach((group, g) => {
      let nTouched = 0;
      group.forEach((alt, a) => {
        for (const { field, docs, tfs } of lists[g][a]) {
          const f = m.fields[field];
          const norm = norms[field];
          const weight = f32(f32(idf(docs.length, m.docs) * k1Plus1) * f32(f32(f.boost) * alt.weight));
          const cache = m.caches[field];
          const bit = alt.typo ? 1 : 3;
          for (let k = 0; k < docs.length; k++) {
            const doc = docs[k];
            if (allowed && !allowed[doc]) continue;
            if (state[doc] === 0) touched[nTouched++] = doc;
            const tf = tfs[k];
            inGroup[doc] += f32(weight * f32(tf / f32(tf + cache[norm[doc]])));
            state[doc] |= bit;
          }
        }
      });
      for (let k = 0; k < nTouched; k++) {
        const doc = touched[k];
        score[doc] += inGroup[doc];
        matched[doc] += 1;
        if (state[doc] !== 3) typos[doc] += 1;
        inGroup[doc] = 0;
        state[doc] = 0;
      }
    });
    let n = 0;
    for (let doc = 0; doc < m.docs; doc++) if (matched[doc] > 0) touched[n++] = doc;
    return done(touched.slice(0, n));
  }

  // A per-document yes/no for the facet filters, or null when there are none.
  async filter(filters) {
    const m = await this.manifest();
    const active = Object.entries(filters).filter(([, vs]) => vs.length > 0);
    if (active.length === 0) return null;
    const ok = new Uint8Array(m.docs).fill(1);
    for (const [name, values] of active) {
      const column = await this.facetColumn(name);
      const want = new Set(values);
      for (let d = 0; d < m.docs; d++) if (!column[d].some((v) => want.has(v))) ok[d] = 0;
    }
    return ok;
  }

  // A result's title, link, places, year, summary and the head of its text; `m`
  // says that the text goes on in a second file (`documentRest`).
  async document(n) {
    const m = await this.manifest();
    return this.once(`doc:${n}`, async () => {
      const bytes = await this.fetchGz(`${documentPath(m, n)}.json.gz`);
      return JSON.parse(utf8(bytes, 0, bytes.length));
    });
  }

  // The rest of a result's text after the head in its document.
  async documentRest(n) {
    const m = await this.manifest();
    const bytes = await this.fetchGz(`${documentPath(m, n)}.rest.json.gz`);
    return JSON.parse(utf8(bytes, 0, bytes.length));
  }
}

// ---- formats and formulas ----

// Postings file or bundle `n`: folders of `group`, named by hash (export.rs `numbered`).
function numberedPath(g, n) {
  return `${g.folders[Math.floor(n / g.group)]}${n}.bin`;
}

// Document `n`'s files, without their endings: folders of `group`, named by hash.
export function documentPath(m, n) {
  return `${m.documents.folders[Math.floor(n / m.documents.group)]}${n}`;
}

class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.i = 0;
  }
  varint() {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = this.b[this.i++];
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
      shift += 7;
    }
  }
}

function parseShard(bytes) {
  const r = new Reader(bytes);
  const n = r.varint();
  const out = new Array(n);
  let prev = new Uint8Array(0);
  for (let k = 0; k < n; k++) {
    const shared = r.varint();
    const len = r.varint();
    const term = new Uint8Array(shared + len);
    term.set(prev.subarray(0, shared));
    term.set(bytes.subarray(r.i, r.i + len), shared);
    r.i += len;
    prev = term;
    out[k] = {
      term: utf8(term, 0, term.length),
      freq: r.varint(),
      file: r.varint(),
      offset: r.varint(),
      len: r.varint(),
      bundle: r.varint(),
    };
  }
  return out;
}

// Per field: its documents and term frequencies, as typed arrays. Mirrors
// export::encode_postings: a list of an eighth of all `total` documents or more is
// a bitmap, a shorter one gaps.
function decodePostings(bytes, total) {
  const r = new Reader(bytes);
  const fields = r.varint();
  const out = [];
  for (let k = 0; k < fields; k++) {
    const field = r.varint();
    const n = r.varint();
    const docs = new Uint32Array(n);
    const tfs = new Uint32Array(n);
    if (n * 8 >= total) {
      for (let d = 0, j = 0; j < n; d++) if (bytes[r.i + (d >> 3)] & (1 << (d & 7))) docs[j++] = d;
      r.i += (total + 7) >> 3;
    } else {
      let doc = 0;
      for (let j = 0; j < n; j++) docs[j] = doc += r.varint();
    }
    for (let j = 0; j < n; j++) tfs[j] = r.varint();
    out.push({ field, docs, tfs });
  }
  return out;
}

// The best `n` of `docs` as [{doc, score, typos, matched}], ranked. A bounded heap
// keeps this linear in the matches: a page of ten never sorts ten thousand.
function top(docs, n, score, typos, matched) {
  // a before b: more words, fewer typos, higher score, lower document.
  const before = (a, b) => matched[b] - matched[a] || typos[a] - typos[b] || score[b] - score[a] || a - b;
  const heap = []; // the worst kept first
  const worse = (i, j) => before(heap[j], heap[i]) < 0;
  const sift = (i) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && worse(l, w)) w = l;
      if (r < heap.length && worse(r, w)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w], heap[i]];
      i = w;
    }
  };
  for (let k = 0; k < docs.length; k++) {
    const doc = docs[k];
    // Most documents lose to the worst kept one; rejecting them inline keeps this
    // loop cheap even before the JIT has warmed up.
    if (heap.length === n && n > 0) {
      const w = heap[0];
      const d = matched[w] - matched[doc] || typos[doc] - typos[w] || score[w] - score[doc];
      if (d > 0 || (d === 0 && doc > w)) continue;
    }
    if (heap.length < n) {
      heap.push(doc);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(i, p)) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
    } else if (n > 0 && before(doc, heap[0]) < 0) {
      heap[0] = doc;
      sift(0);
    }
  }
  return heap.sort(before).map((doc) => ({ doc, score: score[doc], typos: typos[doc], matched: matched[doc] }));
}

// UTF-8 to a string, here rather than TextDecoder so that the engine also runs in
// the embedded JS engine the Rust tests use.
function utf8(b, from, to) {
  let s = "";
  for (let i = from; i < to; ) {
    const c = b[i++];
    let cp = c;
    if (c >= 0xf0) cp = ((c & 7) << 18) | ((b[i++] & 63) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
    else if (c >= 0xe0) cp = ((c & 15) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
    else if (c >= 0xc0) cp = ((c & 31) << 6) | (b[i++] & 63);
    s += String.fromCodePoint(cp);
  }
  return s;
}

// tantivy's BM25 pieces, in f32 as tantivy computes them.
function idf(docFreq, docCount) {
  const x = f32(f32(docCount - docFreq + 0.5) / f32(docFreq + 0.5));
  return f32(Math.log(f32(1 + x)));
}

function tfCache(fieldnorm, avg, rule) {
  const k1 = f32(rule.k1);
  const b = f32(rule.b);
  return f32(k1 * f32(f32(1 - b) + f32(f32(b * fieldnorm) / avg)));
}

// Terms compare as UTF-8 bytes do, which is code point order. UTF-16 units agree
// with it except that surrogates (U+D800–DFFF) must sort after U+E000–FFFF.
export function cmp(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function lowerBound(entries, term) {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(entries[mid].term, term) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Mirrors query::osa_distance: a swap of neighbours is one edit.
export function osaDistance(a, b, max) {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  const w = y.length + 1;
  const d = new Array((x.length + 1) * w).fill(0);
  for (let j = 0; j < w; j++) d[j] = j;
  for (let i = 1; i <= x.length; i++) {
    d[i * w] = i;
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
      }
      d[i * w + j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[x.length * w + y.length];
}
