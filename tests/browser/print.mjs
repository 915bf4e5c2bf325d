// Every handout print page, printed by Chromium to A4 (`page.pdf`, the print
// stylesheet as a reader's "Print" uses it), holds as many pages as the PDF the
// build made of the same handout; poppler's pdfinfo counts both.
//
//   node tests/browser/print.mjs <built site dir> [<dir to keep the printed PDFs in>]

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPage, run } from "./lib.mjs";

const [dir, keep] = process.argv.slice(2);
const out = keep || mkdtempSync(join(tmpdir(), "rotsystem-print-"));

// The handout pages: one per factor, and the overviews under /utskrift/.
const pages = [
  ...readdirSync(join(dir, "faktorer"))
    .filter((f) => existsSync(join(dir, "faktorer", f, "utskrift", "index.html")))
    .map((f) => `/faktorer/${f}/utskrift/`),
  ...readdirSync(join(dir, "utskrift"))
    .filter((f) => existsSync(join(dir, "utskrift", f, "index.html")))
    .map((f) => `/utskrift/${f}/`),
];

const pageCount = (pdf) => Number(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }).match(/^Pages:\s+(\d+)$/m)[1]);

await run(dir, async ({ origin, context, failures }) => {
  if (pages.length === 0) failures.push("no handout pages found");
  const page = await openPage(context, origin);
  for (const path of pages) {
    await page.goto(origin + path, { waitUntil: "load" });
    // The PDF the page offers for download is the one it must match.
    const pdfUrl = await page.getAttribute(".handout-actions a[href$='.pdf']", "href");
    const built = join(dir, decodeURIComponent(new URL(pdfUrl, origin + path).pathname));
    const printed = join(out, `${path.replace(/^\/|\/$/g, "").replace(/\//g, "-")}.pdf`);
    await page.pdf({ path: printed, format: "A4", preferCSSPageSize: true });
    const [want, got] = [pageCount(built), pageCount(printed)];
    const line = `${path}: printed ${got} page(s), its PDF ${want}`;
    console.log(`${got === want ? "ok" : "FAIL"}: ${line}`);
    if (got !== want) failures.push(line);
  }
  for (const p of page.problems) failures.push(p);
  console.log(`print: ${pages.length} handout pages, ${failures.length === 0 ? "each on as many pages as its PDF" : "failures"}`);
});
if (!keep) rmSync(out, { recursive: true, force: true });
