// Every page of the sitemap in Chromium: its one <script type="application/ld+json">
// parses with the browser's JSON parser, and every "@id" in it is the address of a
// page of the site that answers 200. Prints a summary as JSON (pages, ids, the
// count of each @type, the headlines) for the Rust test to check.
//
//   node tests/browser/jsonld.mjs <built site dir> <site-url>

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openPage, run } from "./lib.mjs";

const [dir, siteUrl] = process.argv.slice(2);
const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => "/" + m[1].slice(siteUrl.length));
const known = new Set(paths);

function walk(value, ids, types) {
  if (Array.isArray(value)) return value.forEach((v) => walk(v, ids, types));
  if (value && typeof value === "object") {
    if (typeof value["@id"] === "string") ids.add(value["@id"]);
    if (typeof value["@type"] === "string") types[value["@type"]] = (types[value["@type"]] || 0) + 1;
    Object.values(value).forEach((v) => walk(v, ids, types));
  }
}

await run(dir, async ({ origin, context, failures }) => {
  const page = await openPage(context, origin);
  const ids = new Set();
  const types = {};
  const headlines = [];
  for (const path of paths) {
    const res = await page.goto(origin + path);
    if (res.status() !== 200) failures.push(`${path}: status ${res.status()}`);
    const found = await page.$$eval('script[type="application/ld+json"]', (els) =>
      els.map((e) => {
        try {
          return { value: JSON.parse(e.textContent) };
        } catch (err) {
          return { error: String(err) };
        }
      }),
    );
    if (found.length !== 1) failures.push(`${path}: ${found.length} JSON-LD elements, not 1`);
    for (const f of found) {
      if (f.error) {
        failures.push(`${path}: JSON-LD does not parse: ${f.error}`);
        continue;
      }
      if (f.value["@context"] !== "https://schema.org") failures.push(`${path}: @context is not schema.org`);
      const own = new Set();
      walk(f.value, own, types);
      for (const id of own) {
        ids.add(id);
        const at = id.startsWith(siteUrl) ? "/" + id.slice(siteUrl.length) : null;
        if (!at || !known.has(at)) failures.push(`${path}: @id ${id} is no page of the site`);
      }
      const nodes = f.value["@graph"] || [f.value];
      for (const n of nodes) if (n.headline) headlines.push(n.headline);
    }
  }
  failures.push(...page.problems);
  console.log(JSON.stringify({ pages: paths.length, ids: ids.size, types, headlines }));
});
