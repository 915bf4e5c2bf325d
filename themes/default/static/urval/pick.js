// The controls that fill the reader's lists (store.js), on every page: two
// checkboxes, "Jämför" and "Mitt urval", on each case card, each search hit (added
// as the search draws them) and the case page itself, and a tray that leads to the
// two pages while a list has cases. Every change is said in a live region.
// Without JavaScript none of it is drawn, and the pages read as before.

import { CHANGED, List, announce, el, liveRegion, pageUrl, strings } from "./store.js";

const root = document.getElementById("val");
if (root) start();

function start() {
  const t = strings(root);
  const d = root.dataset;
  const lists = {
    jamfor: new List(d.store, "jamfor", Number(d.maxJamfor)),
    urval: new List(d.store, "urval", Number(d.maxUrval)),
  };
  const pages = { jamfor: d.jamfor, urval: d.urval };
  // A case's id from a link to its page: the one segment below the cases' folder.
  const idOf = (href) => {
    const path = new URL(href, location.href).pathname;
    if (!path.startsWith(d.cases)) return null;
    const rest = path.slice(d.cases.length).replace(/\/$/, "");
    return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rest) ? rest : null;
  };
  const key = (name) => name[0].toUpperCase() + name.slice(1);

  liveRegion();
  const tray = el("nav", "tray");
  tray.setAttribute("aria-label", t("tTray"));
  tray.hidden = true;
  const trayList = el("ul");
  const trayLinks = {};
  for (const name of ["jamfor", "urval"]) {
    const li = el("li");
    const a = el("a");
    trayLinks[name] = { li, a };
    li.append(a);
    trayList.append(li);
  }
  tray.append(trayList);
  const main = document.querySelector("main");
  (main || document.body).after(tray);

  // Two checkboxes for one case; the name with the title tells the many cards'
  // boxes apart for a screen reader ("Jämför: Vara – …"), and begins with the
  // visible word, so speech input finds it.
  const controls = (id, title) => {
    const box = el("div", "pick");
    for (const name of ["jamfor", "urval"]) {
      const label = el("label", "pick-box");
      const input = el("input");
      input.type = "checkbox";
      input.dataset.list = name;
      input.dataset.case = id;
      input.dataset.title = title;
      const word = t(`t${key(name)}`);
      input.setAttribute("aria-label", `${word}: ${title}`);
      label.append(input, el("span", "", word));
      box.append(label);
    }
    return box;
  };

  const decorate = () => {
    const items = document.querySelectorAll(".case-list > li:not(.has-pick), #sok-traffar > li:not(.has-pick)");
    for (const li of items) {
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
  };

  const refresh = () => {
    const now = { jamfor: lists.jamfor.read(), urval: lists.urval.read() };
    for (const input of document.querySelectorAll(".pick input")) {
      input.checked = now[input.dataset.list].includes(input.dataset.case);
    }
    for (const name of ["jamfor", "urval"]) {
      const { li, a } = trayLinks[name];
      li.hidden = now[name].length === 0;
      a.textContent = t(`tTray${key(name)}`, { n: now[name].length });
      a.href = pageUrl(pages[name], now[name]);
      if (location.pathname === pages[name]) a.setAttribute("aria-current", "page");
    }
    tray.hidden = now.jamfor.length + now.urval.length === 0;
    document.body.classList.toggle("has-tray", !tray.hidden);
  };

  document.addEventListener("change", (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || !input.closest(".pick")) return;
    const list = lists[input.dataset.list];
    const { case: id, title } = input.dataset;
    const ids = list.read().filter((x) => x !== id);
    const k = key(list.name);
    if (input.checked && ids.length >= list.max) {
      input.checked = false;
      announce(t(`tFull${k}`, { max: list.max }));
      return;
    }
    if (input.checked) ids.push(id);
    list.write(ids);
    const said = input.checked ? `tAdded${k}` : `tRemoved${k}`;
    announce(t(said, { title, n: ids.length, max: list.max }));
  });
  document.addEventListener(CHANGED, refresh);
  // Another tab changed a list.
  window.addEventListener("storage", refresh);
  // The search draws its hits after the page loads, and again for every query.
  const hits = document.getElementById("sok-traffar");
  if (hits) new MutationObserver(decorate).observe(hits, { childList: true });
  decorate();
}
