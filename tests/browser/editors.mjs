// The propose form and every kind of page at 320, 375 and 1280 px: the document is
// never wider than the viewport, the form included before and after a failed
// submit; and what an editor types key by key after a failed submit is exactly
// what the file gets. The pages are found from the built sitemap, one per shape of
// path (first segment and depth), so page kinds added later are covered unasked.
// Usage: node editors.mjs <built site dir>; prints a JSON report.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, openPage, serve } from "./lib.mjs";

const dir = process.argv[2];
const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
const shapes = new Map();
for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
  const path = new URL(loc).pathname;
  const parts = path.split("/").filter(Boolean);
  const shape = `${parts[0] || ""}/${parts.length}`;
  if (!shapes.has(shape)) shapes.set(shape, path);
}
const pages = [...shapes.values(), "/finns-inte/", "/sok/?q=kultur", "/foresla/"];

const server = await serve(dir);
const { context, close } = await launch();
const widths = [];
const typed = {};
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

  // A failed submit, then the fields typed key by key as an editor would.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(server.origin + "/foresla/");
  await page.fill("#f-year", "20");
  await page.click("#suggest-form button[type=submit]");
  await page.waitForSelector("#suggest-summary:not([hidden])");
  const want = { title: "Åre – skidor och skola i samverkan", summary: "Kommunen och skolan delade lokaler.", year: "2019" };
  await page.click("#f-title");
  await page.keyboard.type(want.title, { delay: 20 });
  await page.click("#f-summary");
  await page.keyboard.type(want.summary, { delay: 20 });
  await page.fill("#f-year", "");
  await page.click("#f-year");
  await page.keyboard.type(want.year, { delay: 20 });
  await page.check('input[name="factor"]');
  await page.click("#suggest-form button[type=submit]");
  await page.waitForSelector("#suggest-result:not([hidden])");
  typed.want = want;
  typed.file = await page.textContent("#suggest-preview");
  typed.problems = page.problems;
} finally {
  await close();
  await server.close();
}
console.log(JSON.stringify({ widths, typed }));
// Fails (exit 1) on any overflow or any typed string missing from the file.
const wide = widths.filter((w) => w.doc > w.width);
const lost = Object.entries(typed.want).filter(([k, v]) =>
  !typed.file.includes(k === "year" ? `year: ${v}\n` : `${k}: ${JSON.stringify(v)}\n`));
if (wide.length || lost.length || typed.file.includes("# year")) {
  console.error(JSON.stringify({ wide, lost }));
  process.exit(1);
}
