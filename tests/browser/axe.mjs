// axe-core with the WCAG 2.1 A and AA rules on every page type, in light and dark
// mode and at phone and desktop widths, down to 320 px (WCAG 1.4.10 reflow: no
// sideways scrolling). Any violation, page wider than the window, third-party
// request, CSP violation or script error fails the run.
//
//   node tests/browser/axe.mjs <built site dir>

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { openPage, run } from "./lib.mjs";
import { PAGES } from "./pages.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MODES = [
  { scheme: "light", width: 1280 },
  { scheme: "dark", width: 1280 },
  { scheme: "light", width: 375 },
  { scheme: "dark", width: 375 },
  { scheme: "light", width: 320 },
];

await run(process.argv[2], async ({ origin, context, failures }) => {
  let checks = 0;
  for (const [name, path] of PAGES) {
    for (const { scheme, width } of MODES) {
      const page = await openPage(context, origin);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      const response = await page.goto(origin + path);
      const expected = name === "404" ? 404 : 200;
      if (response.status() !== expected) {
        failures.push(`${name} ${path}: status ${response.status()}, expected ${expected}`);
      }
      // compare: the comparison and the selection draw their cases once fetched.
      if (/^\/(jamfor|urval)\//.test(path)) {
        await page.waitForFunction(() => document.getElementById("urval-sida")?.dataset.state === "klar");
      }
      // The search page renders its results after the index answers.
      if (path.startsWith("/sok/")) {
        await page.waitForFunction(() => document.getElementById("sok")?.dataset.state === "klar");
      }
      // Evaluated through the DevTools protocol, which the page's CSP does not
      // govern; a <script> tag would (rightly) be refused.
      await page.evaluate(AXE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        TAGS,
      );
      const where = `${name} ${path} (${scheme}, ${width}px)`;
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) failures.push(`${where}: ${scrollWidth}px wide, scrolls sideways`);
      for (const v of result.violations) {
        const nodes = v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`)
          .join("\n");
        failures.push(`${where}: ${v.id} (${v.impact}) ${v.help}\n${nodes}`);
      }
      for (const p of page.problems) failures.push(`${where}: ${p}`);
      console.log(
        `${where}: ${result.violations.length} violations, ${result.passes.length} rules passed, ${result.incomplete.length} to review`,
      );
      checks += 1;
      await page.close();
    }
  }
  console.log(`axe ${TAGS.join(",")}: ${checks} page checks`);
});
