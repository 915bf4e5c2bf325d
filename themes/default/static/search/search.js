// The search page: reads the query and filters from the URL, asks the engine, and
// shows results with snippets and facets. All text goes into the page through
// textContent, never as HTML, so nothing in the content can run as script.
// Each finished search leaves a performance measure named "rotsystem-search" and
// sets data-state="klar" on #sok, which the browser tests and benchmark wait for.
// The facets (their names, URL parameters, headings and values) and the numbers of
// the rule (page size, snippet length) come from the index's manifest.

import { Engine, httpLoader } from "./engine.js";
import { matchedTerms, matches, tokens } from "./marks.js";

// Typing pauses: after the shorter one the query is ranked and its first results
// fetched; after the longer one they are shown and the URL is updated.
const AHEAD_MS = 40;
const SEARCH_MS = 120;
const root = document.getElementById("sok");
// Interface strings come from the theme's language file, via data-t-* attributes.
const t = (key, vars = {}) => (root.dataset[key] || key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");
const input = document.getElementById("sok-fraga");
const form = input.form;
const status = document.getElementById("sok-status");
const list = document.getElementById("sok-traffar");
const more = document.getElementById("sok-fler");
const facetBox = document.getElementById("sok-filter");
const help = document.getElementById("sok-hjalp");
const toggle = document.getElementById("sok-filter-knapp");
const order = document.getElementById("sok-ordning");
// The URL parameter of the order, and its one value besides relevance.
const ORDER = "ordning";
const BY_YEAR = "ar";
const engine = new Engine(httpLoader(new URL(root.dataset.index, location.href).href));

root.hidden = false;
document.getElementById("sok-utan-js").hidden = true;

// The manifest's facets, once it is here: [{ name, param, label, values }].
let facets = null;
let state = fromUrl();
let current = null; // the last search: its result, the documents shown, facet data
let run = 0;
let timer = 0;
let aheadTimer = 0;
// The query ranked early, in a short pause in typing, and its result: a search for
// the same text takes it rather than ranking again.
let ahead = { text: null, result: null };

input.value = state.q;
order.value = state.order;
if (state.q || hasFilters(state)) search();
else input.addEventListener("focus", () => engine.warm(), { once: true });

input.addEventListener("input", () => {
  clearTimeout(timer);
  clearTimeout(aheadTimer);
  // While the reader pauses, fetch what the words typed so far will need; if the
  // pause lasts, rank them and fetch the files of the results the search will show.
  const text = input.value;
  engine.preload(text).catch(() => {});
  aheadTimer = setTimeout(() => rankAhead(text).catch(() => {}), AHEAD_MS);
  timer = setTimeout(() => {
    state.q = input.value;
    history.replaceState(null, "", toUrl(state));
    search();
  }, SEARCH_MS);
});
form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(timer);
  state.q = input.value;
  history.pushState(null, "", toUrl(state));
  search();
});
window.addEventListener("popstate", () => {
  state = fromUrl();
  input.value = state.q;
  order.value = state.order;
  search();
});
order.addEventListener("change", () => {
  state.order = order.value;
  history.pushState(null, "", toUrl(state));
  search();
});
// On a narrow screen the facets fold behind one button (CSS), which opens them.
toggle.addEventListener("click", () => {
  const open = !facetBox.classList.contains("open");
  facetBox.classList.toggle("open", open);
  toggle.setAttribute("aria-expanded", String(open));
});
more.addEventListener("click", () => showMore());

// The query and the chosen facet values, by URL parameter. The page reads the URL
// before the manifest says which parameters are facets.
function fromUrl() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get("q") || "", order: p.get(ORDER) === BY_YEAR ? BY_YEAR : "", filters: {} };
  for (const [param, v] of p) if (param !== "q" && param !== ORDER) (s.filters[param] ||= []).push(v);
  return s;
}

// The URL parameters of the facets, in the manifest's order once it is here.
function params(s) {
  return facets ? facets.map((f) => f.param) : Object.keys(s.filters);
}

function chosen(s, param) {
  return s.filters[param] || [];
}

function toUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const param of params(s)) for (const v of chosen(s, param)) p.append(param, v);
  if (s.order) p.set(ORDER, s.order);
  const q = p.toString();
  return location.pathname + (q ? `?${q}` : "");
}

function hasFilters(s) {
  return params(s).some((param) => chosen(s, param).length > 0);
}

async function search() {
  const mine = ++run;
  const started = performance.now();
  root.dataset.state = "soker";
  const m = await engine.manifest();
  facets = m.facets;
  const query = state.q.trim();
  // Facet columns in use come in parallel with the query's own files.
  const byYear = state.order === BY_YEAR;
  const names = facets
    .filter((f) => chosen(state, f.param).length > 0 || isOpen(f.name) || (byYear && f.name === "year"))
    .map((f) => f.name);
  const [loaded, result] = await Promise.all([
    Promise.all(names.map((name) => engine.facetColumn(name))),
    query || hasFilters(state) ? (ahead.text === query ? ahead.result : engine.search(query)) : null,
  ]);
  if (mine !== run) return;
  const columns = Object.fromEntries(names.map((name, i) => [name, loaded[i]]));
  const wanted = valueIds(state);
  const all = result ? result.docs : [];
  const shown = facets.some((f) => wanted[f.name].length > 0) ? all.filter((doc) => passes(doc, wanted, columns)) : all;
  current = { result, shown, all, columns, wanted, m, byYear };
  list.replaceChildren();
  const first = await showMore();
  const offers = result && query && shown.length < m.rule.fewHits ? await noDeadEnd(query, result) : null;
  if (mine !== run) return;
  renderFacets();
  announce(query, shown.length, first, result);
  renderHelp(offers);
  performance.measure("rotsystem-search", { start: started, end: performance.now() });
  root.dataset.query = state.q;
  root.dataset.state = "klar";
}

// Per facet name, the positions of the chosen values in the facet's value list.
function valueIds(s) {
  const out = {};
  for (const f of facets) {
    out[f.name] = chosen(s, f.param).map((v) => f.values.findIndex(([id]) => id === v)).filter((i) => i >= 0);
  }
  return out;
}

function passes(doc, wanted, columns, except) {
  for (const { name } of facets) {
    if (name === except || wanted[name].length === 0) continue;
    if (!columns[name][doc].some((v) => wanted[name].includes(v))) return false;
  }
  return true;
}

function isOpen(name) {
  const d = facetBox.querySelector(`details[data-facet="${name}"]`);
  // Facets start closed, so a first query downloads no facet data.
  return d ? d.open : false;
}

// `first` is the best hit, if any.
function announce(query, n, first, result) {
  const count = n === 0 ? t("tNone") : n === 1 ? t("tHit") : t("tHits", { n });
  const typos = first && first.typos > 0 ? ` ${t("tSimilar")}` : "";
  // How many match every word, when some match only some.
  const full = result && n > 0 ? current.shown.filter((d) => result.matchedOf(d) === result.words).length : n;
  const partial = full < n ? ` ${t("tAllWords", { n: full })}.` : "";
  const read = (result?.used || []).map(([from, to]) => ` ${t("tGlossary", { from, to })}`).join("");
  if (query) status.textContent = `${count} ${t("tFor", { q: query })}${typos}.${partial}${read}`;
  else if (hasFilters(state)) status.textContent = `${count}.`;
  else status.textContent = t("tPrompt");
}

// Shows the next page of hits; returns the best hit of all.
async function showMore() {
  const { result, shown, m } = current;
  if (!result) {
    more.hidden = true;
    return null;
  }
  const from = list.children.length;
  const ranked = current.byYear ? byYear(result, shown) : result.top(from + m.rule.pageResults, shown);
  const page = ranked.slice(from, from + m.rule.pageResults);
  const items = await hits(result, page, m.rule);
  const terms = matchedTerms(result.groups);
  items.forEach(({ d, text, cut }, i) => list.append(hitItem(d, text, cut, terms, m.rule, page[i], result.words)));
  more.hidden = list.children.length >= shown.length;
  return ranked[0] || null;
}

// Ranks `text` in a typing pause and fetches what showing its first page needs, so
// that the search after the full pause finds it all here. With filters set the page
// shown differs, so this waits for the search.
async function rankAhead(text) {
  const query = text.trim();
  if (!query || hasFilters(state)) return;
  const result = engine.search(query);
  ahead = { text: query, result };
  const [r, m] = await Promise.all([result, engine.manifest()]);
  if (input.value === text) await hits(r, r.top(m.rule.pageResults), m.rule);
}

// What each ranked hit shows: its record, and the text its snippet comes from. A
// one-word query takes the cases its word's bundle has (fetched while typing); other
// hits fetch their document, and the rest of its text if the head lacks the words.
async function hits(result, ranked, rule) {
  const [group] = result.groups;
  // The bundle of the word's own term holds its first page as the search ranks it;
  // a word that is no term ranks by its derivations or prefixes, whose strongest
  // term's bundle holds most of that page. Hits not in the bundle fetch their file.
  const lead = result.groups.length === 1 && group.length > 0 && !group[0].typo ? group[0] : null;
  const bundle = lead ? await engine.bundle(lead.entry) : null;
  const terms = matchedTerms(result.groups);
  return Promise.all(
    ranked.map(async (h) => {
      const b = bundle?.get(h.doc);
      if (b) return { d: b, text: b.x, cut: b.c };
      const d = await engine.document(h.doc);
      if (!d.m) return { d, text: d.x, cut: undefined };
      if (tokens(d.x).some((t) => matches(t[0].toLowerCase(), terms, rule))) return { d, text: d.x, cut: [false, true] };
      return { d, text: d.x + (await engine.documentRest(h.doc)), cut: undefined };
    }),
  );
}

// Every hit, newest year first (undated last), each year in the order of relevance.
function byYear(result, shown) {
  const f = facets.find((x) => x.name === "year");
  const column = current.columns.year;
  const year = (doc) => (column[doc].length ? Number(f.values[column[doc][0]][0]) : -Infinity);
  return result.top(shown.length, shown).sort((a, b) => year(b.doc) - year(a.doc));
}

// What a search with few hits offers: a spelling the index has, and the factors
// and steps its words are about.
async function noDeadEnd(query, result) {
  const [suggestion, terms] = await Promise.all([engine.suggest(query), engine.browseFor(query, result.groups)]);
  return { suggestion, terms };
}

function renderHelp(offers) {
  help.hidden = !offers;
  if (!offers) return;
  const proposal = document.getElementById("sok-forslag");
  proposal.hidden = !offers.suggestion;
  if (offers.suggestion) {
    const a = document.getElementById("sok-forslag-lank");
    a.textContent = offers.suggestion;
    a.href = toUrl({ ...state, q: offers.suggestion });
  }
  const box = document.getElementById("sok-termer");
  box.hidden = offers.terms.length === 0;
  box.querySelector("ul").replaceChildren(
    ...offers.terms.map(({ name, url }) => {
      const li = document.createElement("li");
      li.className = "chip";
      const a = document.createElement("a");
      a.href = url;
      a.textContent = name;
      li.append(a);
      return li;
    }),
  );
}

function hitItem(d, text, cut, terms, rule, hit, words) {
  const li = document.createElement("li");
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = landing(d.u);
  a.textContent = d.t;
  h.append(a);
  const meta = document.createElement("p");
  meta.className = "search-meta";
  meta.textContent = [d.p, d.y].filter(Boolean).join(" · ");
  const snip = document.createElement("p");
  snip.className = "search-snippet";
  snippet(snip, text, terms, cut, rule) || (snip.textContent = d.s);
  li.append(h, meta);
  if (hit && hit.matched < words) {
    const partial = document.createElement("p");
    partial.className = "search-partial";
    partial.textContent = t("tPartial", { m: hit.matched, n: words });
    li.append(partial);
  }
  li.append(snip);
  return li;
}

// A result's link with the query in its fragment, which the case page's landing.js
// reads to mark the query's words there. A fragment never reaches the server.
function landing(url) {
  const query = current.result && state.q.trim();
  return query ? `${url}#${new URLSearchParams({ q: query })}` : url;
}

// The stretch of `rule.snippetWords` words with the most matched words, matches
// marked. `cut` says whether a bundle's snippet was cut from a longer text before
// and after.
function snippet(el, text, terms, cut, rule) {
  cut = cut || [false, false];
  const words = tokens(text);
  const isHit = words.map((t) => matches(t[0].toLowerCase(), terms, rule));
  const span = rule.snippetWords;
  let best = -1;
  let bestCount = 0;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    count += isHit[i] ? 1 : 0;
    if (i >= span) count -= isHit[i - span] ? 1 : 0;
    if (count > bestCount) {
      bestCount = count;
      best = Math.max(0, i - span + 1);
    }
  }
  if (best < 0) return false;
  const last = Math.min(words.length - 1, best + span - 1);
  const start = words[best].index;
  const end = words[last].index + words[last][0].length;
  if (start > 0 || cut[0]) el.append("… ");
  let at = start;
  for (let i = best; i <= last; i++) {
    if (!isHit[i]) continue;
    const t = words[i];
    el.append(text.slice(at, t.index));
    const mark = document.createElement("mark");
    mark.textContent = t[0];
    el.append(mark);
    at = t.index + t[0].length;
  }
  el.append(text.slice(at, end));
  if (end < text.length || cut[1]) el.append(" …");
  return true;
}

function renderFacets() {
  const { all, columns, wanted } = current;
  const open = new Set(facets.map((f) => f.name).filter(isOpen));
  // The list is rebuilt; keep keyboard focus where it was.
  const focused = facetBox.contains(document.activeElement) ? document.activeElement.id : "";
  facetBox.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = t("tRefine");
  facetBox.append(heading);
  const active = facets.reduce((n, f) => n + wanted[f.name].length, 0);
  toggle.textContent = active ? t("tFiltersActive", { n: active }) : t("tFilters");
  if (active) {
    const clear = document.createElement("button");
    clear.type = "button";
    clear.id = "sok-rensa";
    clear.className = "search-clear";
    clear.textContent = t("tClear");
    clear.addEventListener("click", () => {
      state.filters = {};
      history.pushState(null, "", toUrl(state));
      search().then(() => input.focus());
    });
    facetBox.append(clear);
  }
  for (const f of facets) {
    const { name, param, label } = f;
    const details = document.createElement("details");
    details.dataset.facet = name;
    details.open = open.has(name) || wanted[name].length > 0;
    const summary = document.createElement("summary");
    summary.id = `f-${param}`;
    summary.textContent = wanted[name].length ? `${label} (${t("tSelected", { n: wanted[name].length })})` : label;
    details.append(summary);
    details.addEventListener("toggle", () => {
      if (details.open && !columns[name]) search();
    });
    if (columns[name]) details.append(facetList(f, all, columns, wanted));
    facetBox.append(details);
  }
  if (focused) document.getElementById(focused)?.focus();
}

function facetList({ name, param, label, values }, all, columns, wanted) {
  const counts = new Map();
  for (const doc of all) {
    if (!passes(doc, wanted, columns, name)) continue;
    for (const v of columns[name][doc]) counts.set(v, (counts.get(v) || 0) + 1);
  }
  const fs = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.className = "visually-hidden";
  legend.textContent = label;
  fs.append(legend);
  const ul = document.createElement("ul");
  values.forEach(([value, text], i) => {
    const n = counts.get(i) || 0;
    const checked = wanted[name].includes(i);
    if (n === 0 && !checked) return;
    const li = document.createElement("li");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `f-${param}-${i}`;
    box.dataset.value = value;
    box.checked = checked;
    box.addEventListener("change", () => {
      const vs = chosen(state, param).filter((v) => v !== value);
      if (box.checked) vs.push(value);
      state.filters[param] = vs;
      history.pushState(null, "", toUrl(state));
      search();
    });
    const lab = document.createElement("label");
    lab.htmlFor = box.id;
    lab.textContent = `${text} (${n})`;
    li.append(box, lab);
    ul.append(li);
  });
  if (!ul.children.length) {
    const p = document.createElement("p");
    p.textContent = t("tEmpty");
    fs.append(p);
  } else fs.append(ul);
  return fs;
}
