// What both Rotsystemskollen pages draw: the profile (an SVG bar chart and the same
// numbers as a table), a weak factor with its cases, handout and steps, the action
// plan, and a QR code. Built with DOM calls, never from HTML strings, so no content
// text is ever parsed as markup. Every word comes from the page's data island
// (`words`, the theme's `sa_js_*` strings).

import { qrcode } from "./qrcode.js";

const SVG = "http://www.w3.org/2000/svg";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/// `{name}` placeholders filled from `values`.
export function fill(text, values) {
  return String(text).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

const lang = () => document.documentElement.lang || "sv";
/// A score with one decimal in the page's language: "3,5".
export function fmt(x) {
  return new Intl.NumberFormat(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

function badge(f) {
  return el("span", { class: "num", "aria-hidden": "true" }, String(f.order));
}

/// The profile: one bar per factor, 0–5, with its number beside it and its value at
/// its end; `rows` are `{ mean, min?, max? }` per factor. A group's rows also draw
/// their lowest–highest range as a line through the bar.
export function chart(data, rows, id) {
  const w = data.words;
  const rowH = 28;
  const left = 40;
  const right = 300;
  const top = 26;
  const x = (v) => left + ((right - left) * v) / 5;
  const height = top + rowH * rows.length + 6;
  const title = svg("title", { id: `${id}-t` });
  title.textContent = w.chart_title;
  const desc = svg("desc", { id: `${id}-d` });
  desc.textContent = rows
    .map((r, i) => `${data.factors[i].order} ${data.factors[i].name}: ${r.mean === null ? w.not_rated : fmt(r.mean)}`)
    .join("; ");
  const root = svg("svg", {
    class: "sa-chart",
    viewBox: `0 0 360 ${height}`,
    role: "img",
    "aria-labelledby": `${id}-t ${id}-d`,
    id,
  }, title, desc);
  for (let v = 0; v <= 5; v++) {
    root.append(svg("line", { class: "sa-grid", x1: x(v), x2: x(v), y1: top - 6, y2: height - 4 }));
    const label = svg("text", { class: "sa-tick", x: x(v), y: top - 10, "text-anchor": "middle" });
    label.textContent = String(v);
    root.append(label);
  }
  rows.forEach((r, i) => {
    const f = data.factors[i];
    const y = top + i * rowH;
    const g = svg("g", { class: `f${f.colour}` });
    g.append(svg("circle", { class: "sa-dot", cx: 16, cy: y + rowH / 2, r: 12 }));
    const n = svg("text", { class: "sa-dot-n", x: 16, y: y + rowH / 2 + 5, "text-anchor": "middle" });
    n.textContent = String(f.order);
    g.append(n);
    const value = svg("text", { class: "sa-value", y: y + rowH / 2 + 5 });
    if (r.mean === null) {
      value.setAttribute("x", x(0) + 6);
      value.textContent = w.not_rated;
    } else {
      g.append(svg("rect", { class: "sa-bar", x: x(0), y: y + 5, width: Math.max(x(r.mean) - x(0), 1), height: rowH - 10 }));
      if (r.min !== undefined && r.min !== null) {
        g.append(svg("line", { class: "sa-range", x1: x(r.min), x2: x(r.max), y1: y + rowH / 2, y2: y + rowH / 2 }));
      }
      value.setAttribute("x", Math.max(x(r.mean), r.max ? x(r.max) : 0) + 6);
      value.textContent = fmt(r.mean);
    }
    g.append(value);
    root.append(g);
  });
  return root;
}

/// The same numbers as a table; `columns` are `[heading, (row, i) => text]`.
export function table(data, rows, columns, caption) {
  const head = el("tr", {}, el("th", { scope: "col" }, data.words.col_factor), ...columns.map(([h]) => el("th", { scope: "col" }, h)));
  const body = rows.map((r, i) => {
    const f = data.factors[i];
    const name = el("th", { scope: "row" }, el("a", { href: f.url }, `${f.order}. ${f.name}`));
    return el("tr", {}, name, ...columns.map(([, cell]) => el("td", {}, cell(r, i))));
  });
  return el("div", { class: "sa-table-wrap" }, el("table", { class: "sa-table" }, el("caption", {}, caption), el("thead", {}, head), el("tbody", {}, ...body)));
}

/// A weak factor: what it means, its cases, its handout and its process steps.
export function weakFactor(data, i, scoreText) {
  const w = data.words;
  const f = data.factors[i];
  const cases = f.cases.map((c) => el("li", {}, el("a", { href: c.url }, c.title), el("span", { class: "sa-note" }, ` – ${c.note}`)));
  const steps = f.steps.map((s) => el("li", {}, el("a", { href: s.url }, s.name)));
  return el(
    "article",
    { class: `sa-weak f${f.colour}` },
    el("h3", {}, badge(f), el("a", { href: f.url }, f.name)),
    el("p", { class: "sa-score" }, scoreText),
    el("p", {}, f.description),
    el("h4", {}, w.cases_heading),
    cases.length ? el("ul", { class: "sa-cases" }, ...cases) : el("p", {}, w.no_cases),
    el("h4", {}, w.handout_heading),
    el("p", {}, el("a", { href: f.handout.page }, w.handout_page), " · ", el("a", { href: f.handout.pdf }, w.handout_pdf)),
    steps.length ? el("h4", {}, w.steps_heading) : null,
    steps.length ? el("ul", {}, ...steps) : null,
  );
}

/// One line of the action plan: the factor, a first step and the case to read.
export function planItem(data, i) {
  const w = data.words;
  const f = data.factors[i];
  const read = f.cases[0];
  return el(
    "li",
    {},
    el("strong", {}, `${f.order}. ${f.name}`),
    el("p", {}, el("span", { class: "sa-label" }, `${w.plan_first}: `), f.first_step),
    read ? el("p", {}, el("span", { class: "sa-label" }, `${w.plan_read}: `), el("a", { href: read.url }, read.title), el("span", { class: "sa-print-only" }, ` (${new URL(read.url, location.href).href})`)) : null,
  );
}

/// `text` as a QR code in SVG, one path of dark modules on a light square.
export function qr(text, label) {
  const code = qrcode(0, "M");
  code.addData(text);
  code.make();
  const n = code.getModuleCount();
  const quiet = 4;
  let d = "";
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (code.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  }
  const size = n + 2 * quiet;
  const title = svg("title");
  title.textContent = label;
  return svg("svg", { class: "sa-qr-code", viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": label, "shape-rendering": "crispEdges" },
    title,
    svg("rect", { class: "sa-qr-light", width: size, height: size }),
    svg("path", { class: "sa-qr-dark", d }));
}
