// The questionnaire at /sjalvskattning/: scores the answers in the page and shows the
// profile, the three weakest factors and an action plan.
//
// Private by design: nothing here sends a request. The result lives in the URL's
// fragment (`#k=<code>`), which browsers never send to a server, so the reader keeps
// or shares it only on purpose; localStorage is written only by "Spara i den här
// webbläsaren", and "Rensa" deletes it.

import { decode, encode, scores, weakest } from "./score.js";
import { chart, el, fill, fmt, planItem, qr, table, weakFactor } from "./view.js";

const KEY = "rotsystem-sjalvskattning";
const data = JSON.parse(document.getElementById("sa-data").textContent);
const w = data.words;
const $ = (id) => document.getElementById(id);
const form = $("sa-form");
const result = $("sa-result");
const status = $("sa-status");

$("sa-nojs").hidden = true;
$("sa-actions").hidden = false;

function answers() {
  const out = [];
  for (let n = 1; n <= data.count; n++) {
    const checked = form.querySelector(`input[name="p${n}"]:checked`);
    out.push(checked ? Number(checked.value) : 0);
  }
  return out;
}

function setAnswers(list) {
  list.forEach((a, i) => {
    for (const input of form.querySelectorAll(`input[name="p${i + 1}"]`)) input.checked = Number(input.value) === a;
  });
}

function progress() {
  const done = answers().filter((a) => a > 0).length;
  $("sa-progress").textContent = fill(w.progress, { n: done, total: data.count });
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function say(text) {
  status.textContent = text;
}

function show(list) {
  const code = encode(list);
  const compact = code.replace(/-/g, "");
  const url = new URL(location.href);
  url.hash = `k=${compact}`;
  const own = scores(list, data.factors);
  const weak = weakest(own, 3);
  $("sa-result-note").textContent = weak.length ? fill(w.result_note, { n: own.filter((s) => s.mean !== null).length }) : w.weak_none;
  $("sa-profile").replaceChildren(
    chart(data, own, "sa-chart"),
    table(data, own, [
      [w.col_mean, (s) => (s.mean === null ? w.not_rated : fmt(s.mean))],
      [w.col_answered, (s, i) => fill(w.answered_of, { n: s.answered, total: data.factors[i].statements.length })],
    ], w.table_caption),
  );
  $("sa-weak").replaceChildren(...weak.map((i) => weakFactor(data, i, fill(w.your_mean, { mean: fmt(own[i].mean) }))));
  $("sa-plan-list").replaceChildren(...weak.map((i) => planItem(data, i)));
  $("sa-plan-url").textContent = fill(w.plan_url, { url: url.href });
  $("sa-code").textContent = code;
  $("sa-link").href = url.href;
  $("sa-qr").replaceChildren(qr(url.href, fill(w.qr_label, { url: url.href })), el("figcaption", {}, w.qr_caption));
  result.hidden = false;
  return url;
}

$("sa-show").addEventListener("click", () => {
  const url = show(answers());
  // replaceState changes the address without a request or a reload.
  history.replaceState(null, "", url.href);
  result.focus();
});

$("sa-save").addEventListener("click", () => {
  const store = storage();
  if (!store) return say(w.storage_unavailable);
  store.setItem(KEY, encode(answers()));
  say(w.saved);
});

$("sa-clear").addEventListener("click", () => {
  storage()?.removeItem(KEY);
  form.reset();
  result.hidden = true;
  history.replaceState(null, "", location.pathname + location.search);
  progress();
  say(w.cleared);
  $("sa-form-h").setAttribute("tabindex", "-1");
  $("sa-form-h").focus();
});

$("sa-print").addEventListener("click", () => {
  document.documentElement.classList.add("sa-printing-plan");
  window.print();
});
window.addEventListener("afterprint", () => document.documentElement.classList.remove("sa-printing-plan"));

form.addEventListener("change", progress);
form.addEventListener("submit", (e) => e.preventDefault());

function fromFragment() {
  const m = /^#k=([0-9A-Za-z-]+)$/.exec(location.hash);
  if (!m) return false;
  const list = decode(m[1], data.count);
  if (!list) {
    say(w.bad_code);
    return false;
  }
  setAnswers(list);
  show(list);
  return true;
}

window.addEventListener("hashchange", fromFragment);
if (!fromFragment()) {
  const saved = storage()?.getItem(KEY);
  const list = saved && decode(saved, data.count);
  if (list) {
    setAnswers(list);
    const url = show(list);
    history.replaceState(null, "", url.href);
    say(w.restored);
  }
}
progress();
