// Page weight of every case page: HTML plus the CSS and JS (and anything else) it
// loads, uncompressed, as the browser received it. Fails above the budget.
//
//   node tests/browser/weight.mjs <built site dir> [budget in bytes, default 50000]

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { openPage, run } from "./lib.mjs";

const [dir, budgetArg] = process.argv.slice(2);
const budget = Number(budgetArg || 50000);
const cases = readdirSync(join(dir, "fall"))
  .filter((name) => !["ar", "sida"].includes(name))
  .filter((name) => existsSync(join(dir, "fall", name, "index.html")));

await run(dir, async ({ origin, context, failures }) => {
  if (!cases.length) failures.push("no case pages found under fall/");
  const rows = [];
  for (const name of cases) {
    const page = await openPage(context, origin);
    const sizes = {};
    const pending = [];
    page.on("response", (r) => {
      const type = r.request().resourceType();
      pending.push(r.body().then((b) => (sizes[type] = (sizes[type] || 0) + b.length)));
    });
    await page.goto(`${origin}/fall/${name}/`, { waitUntil: "load" });
    await Promise.all(pending);
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    rows.push([name, total, sizes]);
    if (total > budget) failures.push(`/fall/${name}/: ${total} bytes > ${budget} (${JSON.stringify(sizes)})`);
    for (const p of page.problems) failures.push(`/fall/${name}/: ${p}`);
    await page.close();
  }
  rows.sort((a, b) => b[1] - a[1]);
  for (const [name, total, sizes] of rows) console.log(`${String(total).padStart(7)}  /fall/${name}/  ${JSON.stringify(sizes)}`);
  console.log(`heaviest case page: ${rows[0]?.[1]} bytes of ${budget} (${rows.length} pages)`);
});
