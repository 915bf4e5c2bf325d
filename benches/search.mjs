// Search in headless Chromium, ours beside Pagefind's, on one built site.
// Usage: node benches/search.mjs <site-dir> <query> [<query> ...]
// Prints one JSON line per engine and query: bytes fetched and milliseconds from the
// query to ten results shown (with their snippets), cold for the first query and
// warm for the rest. Run by `cargo bench --bench search`, which prints the table.

import { createServer } from "node:http";
import { createReadStream, statSync, writeFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.cwd(), "tests/browser/package.json"));
const { chromium } = require("playwright-core");

const [site, ...queries] = process.argv.slice(2);
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css" };

// Pagefind's side: its own JS API, loaded on the first query as a search page would.
// Both engines get the same typing pause: ours preloads postings on the input event,
// ranks the query and fetches its first results' files 40 ms later, and searches
// 120 ms later; Pagefind gets its own preload() (its documented advice
// for debounced inputs) and its search starts 120 ms after the query arrived, or
// once it has loaded, if that takes longer (which only favours Pagefind).
writeFileSync(
  join(site, "pagefind-bench.js"),
  `let pf;
window.runQuery = async (q) => {
  const typed = performance.now();
  if (!pf) pf = await import("/pagefind/pagefind.js");
  pf.preload(q);
  await new Promise((r) => setTimeout(r, Math.max(0, 120 - (performance.now() - typed))));
  const t = performance.now();
  const r = await pf.search(q);
  const shown = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { ms: performance.now() - t, hits: r.results.length, shown: shown.length };
};`,
);
writeFileSync(join(site, "pagefind-bench.html"), `<!doctype html><title>b</title><script type="module" src="/pagefind-bench.js"></script>`);

const server = createServer((req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (path.endsWith("/")) path += "index.html";
  const file = join(site, path);
  try {
    if (!statSync(file).isFile()) throw new Error();
  } catch {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
  createReadStream(file).pipe(res);
}).listen(0, "127.0.0.1");
await new Promise((r) => server.on("listening", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});

// Bytes as they came over the wire (bodies, before any decompression), as the
// browser's network layer reports them for every finished request of the page and
// its workers (Pagefind searches in a worker, which the page's own resource timing
// does not see).
async function opened(url) {
  const page = await (await browser.newContext()).newPage();
  const sizes = [];
  page.on("requestfinished", (r) => sizes.push(r.sizes().then((s) => ({ url: r.url(), bytes: s.responseBodySize }))));
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  // Everything since the last call, or only URLs ending so.
  page.fetched = async (suffix = "") => {
    const done = await Promise.all(sizes.splice(0));
    return done.filter((s) => s.url.endsWith(suffix)).reduce((n, s) => n + s.bytes, 0);
  };
  return page;
}

// Ours: the search page loads its scripts; the index is fetched from the first query.
{
  const page = await opened(`${origin}/sok/`);
  // The first query also pays for the scripts the page loaded for search.
  const scripts = await page.fetched(".js");
  for (const [i, q] of queries.entries()) {
    await page.fetched();
    await page.fill("#sok-fraga", q);
    await page.waitForFunction((q) => {
      const s = document.getElementById("sok");
      return s.dataset.state === "klar" && s.dataset.query === q;
    }, q);
    await page.waitForLoadState("networkidle");
    const ms = await page.evaluate(() => performance.getEntriesByName("rotsystem-search").at(-1).duration);
    const hits = await page.$$eval("#sok-traffar li", (l) => l.length);
    const bytes = (await page.fetched()) + (i === 0 ? scripts : 0);
    console.log(JSON.stringify({ engine: "rotsystem", query: q, first: i === 0, bytes, ms, shown: hits }));
  }
  // The floor under any query that shows ten results: fetching ten result files
  // (not fetched before) at once, and nothing else. Median of five.
  const floor = await page.evaluate(async () => {
    const index = new URL(document.getElementById("sok").dataset.index, location.href);
    const gz = (await fetch(index)).body.pipeThrough(new DecompressionStream("gzip"));
    const m = await new Response(gz).json();
    const path = (n) => new URL(`${m.documents.folders[Math.floor(n / m.documents.group)]}${n}.json.gz`, index);
    const times = [];
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      const docs = Array.from({ length: 10 }, (_, k) => Math.floor(((round * 10 + k + 0.5) / 50) * m.docs));
      await Promise.all(docs.map((n) => fetch(path(n)).then((r) => r.arrayBuffer())));
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[2];
  });
  console.log(JSON.stringify({ engine: "floor", ms: floor }));
}

// Pagefind: everything its page fetches is search.
{
  const page = await opened(`${origin}/pagefind-bench.html`);
  for (const [i, q] of queries.entries()) {
    await page.fetched();
    const r = await page.evaluate((q) => window.runQuery(q), q);
    await page.waitForLoadState("networkidle");
    const bytes = await page.fetched();
    console.log(JSON.stringify({ engine: "pagefind", query: q, first: i === 0, bytes, ms: r.ms, shown: r.shown }));
  }
}

await browser.close();
server.close();
