// Every kind of page at 320, 375 and 1280 px (WCAG 1.4.10 reflow): the document is
// never wider than the viewport, the propose form included before and after a failed
// submit. The pages are found from the built sitemap, one per shape of path (first
// segment and depth, and the second segment below that: `/fall/ar/…` and
// `/fall/sida/…` both), so page kinds added later are covered unasked; the handout
// print pages, which no sitemap lists, are added by name. (Typing into the form is
// suggest.mjs's part.)
// Usage: node reflow.mjs <built site dir>; prints a JSON report, exits 1 on overflow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, openPage, serve } from "./lib.mjs";

const dir = process.argv[2];
const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
const shapes = new Map();
for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
  const path = new URL(loc).pathname;
  const parts = path.split("/").filter(Boolean);
  const shape = `${parts[0] || ""}/${parts.length}/${parts.length > 2 ? parts[1] : ""}`;
  if (!shapes.has(shape)) shapes.set(shape, path);
}
const factor = [...shapes.values()].find((p) => /^\/faktorer\/[^/]+\/$/.test(p));
const handouts = [`${factor}utskrift/`, "/utskrift/rotsystemet/", "/utskrift/tio-steg/"];
const pages = [...shapes.values(), ...handouts, "/finns-inte/", "/sok/?q=kultur", "/foresla/"];

const server = await serve(dir);
const { context, close } = await launch();
const widths = [];
try {
  const page = await openPage(context, server.origin);
  const measure = async (name, width) => {
    const doc = await page.evaluate(() => document.documentElement.scrollWidth);
    widths.push({ name, width, doc });
  };
  for (const width of [320, 375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of pages) {
      await page.goto(server.origin + path);
      await measure(path, width);
    }
    await page.goto(server.origin + "/foresla/");
    await page.fill("#f-municipality", "Ingenstans med ett mycket långt namn som inte finns");
    await page.fill("#f-year", "19");
    await page.click("#suggest-form button[type=submit]");
    await page.waitForSelector("#suggest-summary:not([hidden])");
    await measure("/foresla/ after a failed submit", width);
  }

} finally {
  await close();
  await server.close();
}
console.log(JSON.stringify({ widths }));
const wide = widths.filter((w) => w.doc > w.width);
if (wide.length) {
  console.error(JSON.stringify({ wide }));
  process.exit(1);
}
