// The "Jämför" and "Mitt urval" boxes on case cards, search hits and case pages, and
// the tray to the two pages.

import { CHANGED, List, announce, el, liveRegion, pageUrl, strings } from "./store.js";

const root = document.getElementById("val");
const d = root.dataset;
const t = strings(root);
const NAMES = ["jamfor", "urval"];
// As src/urls.rs has them.
const cases = `${d.base}fall/`;
const lists = {};
const links = {};
const tray = el("nav", "tray");
const ul = tray.appendChild(el("ul"));
for (const name of NAMES) {
  lists[name] = new List(d.base, name, name === "jamfor" ? Number(d.max) : Infinity);
  links[name] = ul.appendChild(el("li")).appendChild(el("a"));
}
tray.setAttribute("aria-label", t("tTray"));
tray.hidden = true;
(document.querySelector("main") || document.body).after(tray);
liveRegion();

function cap(name) {
  return name[0].toUpperCase() + name.slice(1);
}

function idOf(href) {
  const path = new URL(href, location.href).pathname;
  const id = path.startsWith(cases) && path.slice(cases.length).replace(/\/$/, "");
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) ? id : null;
}

// The title in the name tells the boxes apart.
function controls(id, title) {
  const box = el("div", "pick");
  for (const name of NAMES) {
    const label = el("label");
    const input = label.appendChild(el("input"));
    input.type = "checkbox";
    Object.assign(input.dataset, { list: name, case: id, title });
    const word = t(`t${cap(name)}`);
    input.setAttribute("aria-label", `${word}: ${title}`);
    label.append(el("span", "", word));
    box.append(label);
  }
  return box;
}

function decorate() {
  for (const li of document.querySelectorAll(".case-list > li:not(.has-pick), #sok-traffar > li:not(.has-pick)")) {
    li.classList.add("has-pick");
    const a = li.querySelector(":scope > h2 > a, :scope > h3 > a");
    const id = a && idOf(a.getAttribute("href"));
    if (id) li.append(controls(id, a.textContent.trim()));
  }
  const head = document.querySelector("article.case > .page-head:not(.has-pick)");
  const id = head && idOf(location.href);
  if (id) {
    head.classList.add("has-pick");
    head.append(controls(id, head.querySelector("h1").textContent.trim()));
  }
  refresh();
}

function refresh() {
  let total = 0;
  for (const name of NAMES) {
    const ids = lists[name].read();
    total += ids.length;
    for (const input of document.querySelectorAll(`.pick input[data-list="${name}"]`)) {
      input.checked = ids.includes(input.dataset.case);
    }
    const a = links[name];
    a.parentNode.hidden = !ids.length;
    a.textContent = t(`tTray${cap(name)}`, { n: ids.length });
    a.href = pageUrl(`${d.base}${name}/`, ids);
  }
  tray.hidden = !total;
  document.body.classList.toggle("has-tray", !!total);
}

document.addEventListener("change", ({ target: input }) => {
  if (!input.closest?.(".pick")) return;
  const list = lists[input.dataset.list];
  const { case: id, title } = input.dataset;
  const ids = list.read().filter((x) => x !== id);
  const k = cap(list.name);
  if (input.checked && ids.length >= list.max) {
    input.checked = false;
    return announce(t(`tFull${k}`, { max: list.max }));
  }
  if (input.checked) ids.push(id);
  list.write(ids);
  announce(t(input.checked ? `tAdded${k}` : `tRemoved${k}`, { title, n: ids.length, max: list.max }));
});
document.addEventListener(CHANGED, refresh);
addEventListener("storage", refresh);
const hits = document.getElementById("sok-traffar");
if (hits) new MutationObserver(decorate).observe(hits, { childList: true });
decorate();
