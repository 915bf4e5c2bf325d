// Full-page screenshots of every page type at 375 and 1280 px, light and dark,
// for a person to look at. Not a test: it never fails on looks.
//
//   [SLICES=1200] node tests/browser/screenshots.mjs <built site dir> <out dir> [name …]

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { openPage, run } from "./lib.mjs";
import { PAGES } from "./pages.mjs";

const [dir, out, ...only] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
await run(dir, async ({ origin, context, failures }) => {
  for (const [name, path] of PAGES) {
    if (only.length && !only.includes(name)) continue;
    for (const width of [375, 1280]) {
      for (const scheme of ["light", "dark"]) {
        const page = await openPage(context, origin);
        await page.setViewportSize({ width, height: 800 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(origin + path);
        // compare: the comparison and the selection draw their cases once fetched.
        if (/^\/(jamfor|urval)\//.test(path)) {
          await page.waitForFunction(() => document.getElementById("urval-sida")?.dataset.state === "klar");
        }
        if (path.startsWith("/sok/")) {
          await page.waitForFunction(() => document.getElementById("sok")?.dataset.state === "klar");
        }
        const file = join(out, `${name.replace(/\W+/g, "-")}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        // SLICES=<px> also writes the page in slices of that height, easier to view.
        const slice = Number(process.env.SLICES || 0);
        if (slice) {
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0, i = 1; y < height; y += slice, i++) {
            const clip = { x: 0, y, width, height: Math.min(slice, height - y) };
            await page.screenshot({ path: file.replace(/\.png$/, `-${i}.png`), fullPage: true, clip });
          }
        }
        for (const p of page.problems) failures.push(`${name}: ${p}`);
        console.log(file);
        await page.close();
      }
    }
  }
});
