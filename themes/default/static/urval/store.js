// The reader's two lists of cases: "jamfor" (the cases to compare) and "urval" (the
// selection to print or share). A list is case ids kept in localStorage under the
// site's base, so no server and no cookie ever holds it, and its page writes it into
// its own URL (`?fall=a,b,c`), so that address can be shared and reloaded.
// Shared by pick.js (the controls on every page) and page.js (the two pages).

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The URL parameter that lists a page's cases. */
export const PARAM = "fall";
/** Sent on `document` after any list is written, so every control can follow. */
export const CHANGED = "rotsystem-val";

/** The case ids in a comma-separated text: valid slugs only, each once, in order. */
export function parseIds(text) {
  const out = [];
  for (const part of String(text || "").split(",")) {
    const id = part.trim();
    if (SLUG.test(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The ids in a URL's `fall`, or null when it has none. */
export function idsInUrl(href) {
  const value = new URL(href).searchParams.get(PARAM);
  return value === null ? null : parseIds(value);
}

/** A list's page with its ids: slugs need no escaping, and the commas stay readable. */
export function pageUrl(page, ids) {
  return ids.length ? `${page}?${PARAM}=${ids.join(",")}` : page;
}

export function sameIds(a, b) {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

// When storage is refused (a private window, a full quota), the lists live as long
// as the page; the URL still carries them.
const memory = new Map();

export class List {
  constructor(base, name, max) {
    this.name = name;
    this.max = max;
    this.key = `rotsystem:${base}:${name}`;
  }

  read() {
    let text = memory.get(this.key);
    try {
      text = localStorage.getItem(this.key) ?? text;
    } catch {
      // storage refused: memory only
    }
    return parseIds(text).slice(0, this.max);
  }

  write(ids) {
    const text = ids.slice(0, this.max).join(",");
    memory.set(this.key, text);
    try {
      if (text) localStorage.setItem(this.key, text);
      else localStorage.removeItem(this.key);
    } catch {
      // storage refused: memory only
    }
    document.dispatchEvent(new CustomEvent(CHANGED, { detail: { list: this.name } }));
  }
}

/** A string from an element's data-t-* attributes, with `{name}` filled from vars. */
export function strings(el) {
  return (key, vars = {}) => (el.dataset[key] || key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");
}

/** Says `text` to screen readers through one polite live region on the page. */
export function announce(text) {
  const region = liveRegion();
  // Emptied first, so the same sentence twice is read twice.
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}

/** The live region, made once; made early so it exists before anything is said. */
export function liveRegion() {
  let region = document.getElementById("val-meddelande");
  if (!region) {
    region = document.createElement("div");
    region.id = "val-meddelande";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    (document.querySelector("main") || document.body).append(region);
  }
  return region;
}

/** An element with a class and text, the only way text reaches these pages. */
export function el(tag, className = "", text = "") {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
