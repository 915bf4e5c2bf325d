// The comparison (/jamfor/) and the selection (/urval/): the cases named in the
// URL's `fall`, or, when it names none, the reader's own list, written into the URL
// at once so the address can be shared and a reload shows the same. Each case comes
// from its open-data file (/data/fall/<id>.json), the record the build writes from
// the same content as the case page. A shared list never overwrites the reader's
// own without being asked. All text goes in through textContent.

import { List, announce, el, liveRegion, pageUrl, parseIds, strings } from "./store.js";

const sameIds = (a, b) => a.length === b.length && a.every((id, i) => id === b[i]);

const root = document.getElementById("urval-sida");
const val = document.getElementById("val");
const t = strings(root);
const list = new List(val.dataset.base, root.dataset.set, Number(root.dataset.max));
const status = document.getElementById("urval-status");
const body = document.getElementById("urval-innehall");
const records = new Map();
const compare = list.name === "jamfor";

root.hidden = false;
liveRegion();
let own = list.read();
const named = new URL(location.href).searchParams.get("fall");
let ids = named === null ? null : parseIds(named);
let notes = [];
if (ids === null) ids = own;
if (ids.length > list.max) {
  notes.push(t("tTooMany", { max: list.max }));
  ids = ids.slice(0, list.max);
}
// The page's list is the reader's own when they have none or it is this one.
let mine = own.length === 0 || sameIds(own, ids);
if (mine && ids.length) list.write(ids);
show();

async function show() {
  history.replaceState(null, "", pageUrl(location.pathname, ids) + location.hash);
  const wanted = ids.filter((id) => !records.has(id));
  if (wanted.length) {
    status.replaceChildren(el("p", "", t("tLoading")));
    try {
      await Promise.all(wanted.map(load));
    } catch {
      status.replaceChildren(el("p", "picked-error", t("tError")));
      return;
    }
  }
  const missing = ids.filter((id) => records.get(id) === null);
  const shown = ids.filter((id) => records.get(id));
  status.replaceChildren(...notes.map((n) => el("p", "", n)), ...missing.map((id) => el("p", "", t("tMissing", { id }))));
  if (!mine) status.append(shared());
  if (shown.length === 0) {
    body.replaceChildren(el("p", "picked-empty", t("tEmpty")));
  } else if (compare) {
    body.replaceChildren(...(shown.length === 1 ? [el("p", "", t("tOne"))] : []), share(), table(shown.map((id) => records.get(id))));
  } else {
    body.replaceChildren(tools(), share(), contents(shown), ...shown.map((id) => article(records.get(id))));
  }
  root.dataset.state = "klar";
}

async function load(id) {
  const response = await fetch(`${root.dataset.data}${id}.json`);
  if (response.status === 404) return records.set(id, null);
  if (!response.ok) throw new Error(`${response.status}`);
  records.set(id, (await response.json()).case);
}

// The page's list changes: the URL always, the reader's own list when it is theirs.
function change(next, said) {
  ids = next;
  notes = [];
  if (mine) list.write(ids);
  announce(said);
  show().then(() => body.focus());
}

function remove(c) {
  return button(t("tRemove"), `: ${c.title}`, () => change(ids.filter((id) => id !== c.id), t("tRemoved", { title: c.title })));
}

// `more` tells apart the buttons of several cases: the name is the visible text and it.
function button(text, more, onClick, className = "picked-button") {
  const b = el("button", className, text);
  b.type = "button";
  if (more) b.setAttribute("aria-label", text + more);
  b.addEventListener("click", onClick);
  return b;
}

function shared() {
  const box = el("div", "picked-shared");
  box.append(el("p", "", t("tShared", { n: ids.length, own: own.length })));
  const adopt = button(t("tAdopt"), "", () => {
    mine = true;
    own = ids.slice();
    list.write(ids);
    announce(t("tAdopted"));
    show().then(() => body.focus());
  });
  const link = el("a", "", t("tOwn"));
  link.href = pageUrl(location.pathname, own);
  box.append(adopt, " ", link);
  return box;
}

function share() {
  const p = el("p", "picked-share", t("tShare") + " ");
  // The address is the link's text, so print.css need not repeat it after it.
  const a = el("a", "no-print-url", location.href);
  a.href = location.href;
  p.append(a);
  return p;
}

// A link within the site from a record's absolute URL (the data files carry the
// site's public address; the page may be served from elsewhere, as in a preview).
const local = (url) => new URL(url, location.href).pathname;
// The palette slot of a factor, as src/render/views.rs `colour` gives it.
const colour = (order) => ((Math.max(order, 1) - 1) % 12) + 1;

function link(url, text) {
  const a = el("a", "", text);
  a.href = local(url);
  return a;
}

function place(c) {
  const where = c.municipalities.map((m) => `${m.name}, ${m.county}`);
  return where.concat(c.places).join("; ");
}

function factorName(f) {
  const a = link(f.url, "");
  a.append(el("span", "num", String(f.order)), el("span", "name", f.name));
  a.querySelector(".num").setAttribute("aria-hidden", "true");
  return a;
}

function table(cases) {
  const region = el("div", "compare-scroll");
  region.setAttribute("role", "region");
  region.setAttribute("aria-labelledby", "jamfor-rubrik");
  region.tabIndex = 0;
  const tableEl = el("table", "compare");
  const caption = el("caption", "", t("tCaption", { n: cases.length }));
  caption.id = "jamfor-rubrik";
  const head = el("tr");
  head.append(el("td", "corner"));
  for (const c of cases) {
    const th = el("th");
    th.scope = "col";
    th.append(el("p", "compare-title"), remove(c));
    th.firstChild.append(link(c.url, c.title));
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  const row = (label, cell, className = "") => {
    const tr = el("tr", className);
    const th = el("th");
    th.scope = "row";
    th.append(label);
    tr.append(th);
    for (const c of cases) {
      const td = el("td");
      const v = cell(c);
      if (v === null || v === "" || (Array.isArray(v) && !v.length)) td.append(el("span", "meta", t("tUnknown")));
      else td.append(...(Array.isArray(v) ? v : [v]));
      tr.append(td);
    }
    return tr;
  };
  const facts = el("tbody");
  facts.append(
    row(t("tPlace"), (c) => place(c)),
    row(t("tYear"), (c) => (c.year ? String(c.year) : c.period)),
    row(t("tSummary"), (c) => c.summary),
    row(t("tKeyQuestion"), (c) => c.key_question),
    row(t("tSteps"), (c) => steps(c)),
    row(t("tFacts"), (c) => (c.facts.length ? factList(c.facts) : null)),
  );
  const factors = el("tbody", "compare-factors");
  const group = el("tr");
  const gh = el("th", "compare-group", t("tFactors"));
  gh.scope = "rowgroup";
  gh.colSpan = cases.length + 1;
  group.append(gh);
  factors.append(group);
  // Every factor any of the cases has, in the model's order.
  const all = new Map();
  for (const c of cases) for (const f of c.factors) all.set(f.id, f);
  for (const f of [...all.values()].sort((a, b) => a.order - b.order)) {
    factors.append(
      row(factorName(f), (c) => {
        const has = c.factors.find((x) => x.id === f.id);
        if (!has) return el("span", "compare-no", t("tNotTagged"));
        return el("p", has.note ? "" : "meta", has.note || t("tNoNote"));
      }, `f${colour(f.order)}`),
    );
  }
  tableEl.append(caption, thead, facts, factors);
  region.append(tableEl);
  return region;
}

function steps(c) {
  if (!c.steps.length) return null;
  const ul = el("ul", "compare-steps");
  for (const s of c.steps) {
    const li = el("li");
    li.append(link(s.url, `${s.order}. ${s.name}`));
    ul.append(li);
  }
  return ul;
}

function factList(facts) {
  const dl = el("dl", "compare-facts");
  for (const f of facts) {
    const div = el("div");
    div.append(el("dt", "", f.label), el("dd", "", f.value));
    dl.append(div);
  }
  return dl;
}

function tools() {
  const p = el("p", "selection-tools no-print");
  p.append(
    button(t("tPrint"), "", () => window.print()),
    " ",
    button(t("tClear"), "", () => change([], t("tCleared"))),
  );
  return p;
}

function contents(shown) {
  const nav = el("nav", "selection-contents");
  nav.setAttribute("aria-labelledby", "urval-innehall-rubrik");
  const h = el("h2", "", `${t("tContents")} (${t("tCount", { n: shown.length })})`);
  h.id = "urval-innehall-rubrik";
  const ol = el("ol");
  for (const id of shown) {
    const li = el("li");
    const a = el("a", "", records.get(id).title);
    a.href = `#urval-${id}`;
    li.append(a);
    ol.append(li);
  }
  nav.append(h, ol);
  return nav;
}

function article(c) {
  const art = el("article", "selection-case");
  art.id = `urval-${c.id}`;
  const h = el("h2");
  h.id = `urval-${c.id}-rubrik`;
  h.append(link(c.url, c.title));
  art.setAttribute("aria-labelledby", h.id);
  const meta = [place(c), c.year ? String(c.year) : c.period].filter(Boolean).join(" · ");
  art.append(h);
  if (meta) art.append(el("p", "meta", meta));
  art.append(el("p", "lead", c.summary));
  for (const [key, value] of [["tKeyQuestion", c.key_question], ["tKeyAnswer", c.key_answer]]) {
    if (!value) continue;
    const p = el("p", "key");
    p.append(el("strong", "", `${t(key)}:`), ` ${value}`);
    art.append(p);
  }
  if (c.factors.length) {
    art.append(el("h3", "", t("tFactors")));
    const ul = el("ul", "factor-notes");
    for (const f of c.factors) {
      const li = el("li", `f${colour(f.order)}`);
      li.append(factorName(f), el("p", f.note ? "" : "meta", f.note || t("tNoNote")));
      ul.append(li);
    }
    art.append(ul);
  }
  const s = steps(c);
  if (s) art.append(el("h3", "", t("tSteps")), s);
  const address = el("p", "selection-address", `${t("tAddress")} `);
  address.append(el("span", "", new URL(local(c.url), location.href).href));
  art.append(address);
  const tools = el("p", "no-print");
  tools.append(remove(c));
  art.append(tools);
  return art;
}
