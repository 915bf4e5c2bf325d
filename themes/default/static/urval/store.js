// The reader's lists of case ids, in localStorage (no server, no cookie); their pages
// write them into the URL (`?fall=a,b,c`) to be shared.

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CHANGED = "rotsystem-val";

// Only slugs, each once: nothing else reaches a fetch.
export function parseIds(text) {
  const out = [];
  for (const part of String(text || "").split(",")) {
    const id = part.trim();
    if (SLUG.test(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

export const pageUrl = (page, ids) => (ids.length ? `${page}?fall=${ids.join(",")}` : page);

// For when storage is refused.
const memory = new Map();

export class List {
  constructor(base, name, max) {
    Object.assign(this, { name, max, key: `rotsystem:${base}:${name}` });
  }

  read() {
    let text = memory.get(this.key);
    try {
      text = localStorage.getItem(this.key) ?? text;
    } catch {}
    return parseIds(text).slice(0, this.max);
  }

  write(ids) {
    const text = ids.slice(0, this.max).join(",");
    memory.set(this.key, text);
    try {
      localStorage.setItem(this.key, text);
    } catch {}
    document.dispatchEvent(new CustomEvent(CHANGED));
  }
}

export const strings = (e) => (key, vars = {}) => (e.dataset[key] || key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");

// Made early: a live region must exist before it speaks.
export function liveRegion() {
  let region = document.getElementById("val-meddelande");
  if (!region) {
    region = el("div", "visually-hidden");
    region.id = "val-meddelande";
    region.setAttribute("role", "status");
    (document.querySelector("main") || document.body).append(region);
  }
  return region;
}

export function announce(text) {
  const region = liveRegion();
  // Emptied first, so a sentence said twice is read twice.
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}

export function el(tag, className = "", text = "") {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
