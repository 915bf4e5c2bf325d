// The dev server's live-reload script in Chromium. It must run under the pages' CSP:
// it is an external script from the same origin, so `script-src 'self'` admits it
// (proof: its long poll reaches the server, and nothing is refused). A save must
// reload the page it changed, and only that one: a second tab on a page the save
// did not change stays the same document, even after the search index and the
// handout PDFs were rebuilt and published behind the pages.
//
//   node tests/browser/livereload.mjs <case page url from `rotsystem serve`> <site root>

import fs from "node:fs";
import path from "node:path";
import { launch, openPage } from "./lib.mjs";

const [url, root] = process.argv.slice(2);
const origin = new URL(url).origin;
const other = origin + "/om/";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Opens `address` in a new tab once its script has polled.
async function open(context, address) {
  const page = await openPage(context, origin);
  const polled = page.waitForRequest((r) => r.url().startsWith(origin + "/__rotsystem/poll"), { timeout: 15000 });
  await page.goto(address);
  await polled;
  await page.evaluate(() => {
    window.sameDocument = true;
  });
  return page;
}

/// Polls `check` in the page (across reloads) until it is true.
async function until(page, check, what) {
  const start = Date.now();
  while (Date.now() - start < 20000) {
    try {
      if (await page.evaluate(check)) return;
    } catch {
      // The page is reloading.
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/// The server's state once no derived step is running or waiting.
async function settled() {
  const start = Date.now();
  while (Date.now() - start < 60000) {
    const state = await (await fetch(origin + "/__rotsystem/poll")).json();
    if (!state.busy) return state;
    await sleep(50);
  }
  throw new Error("the server never settled");
}

const browser = await launch();
const failures = [];
try {
  await settled();
  const edited = await open(browser.context, url);
  const csp = await edited.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || "",
  );
  if (!csp.includes("script-src 'self'")) failures.push(`no strict CSP on the page: ${csp}`);
  const unchanged = await open(browser.context, other);
  const before = (await settled()).version;

  const file = path.join(root, "content/cases/vara.md");
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes("Vara är en jordbrukskommun.")) throw new Error("the fixture changed");
  fs.writeFileSync(file, text.replace("Vara är en jordbrukskommun.", "Vara är en kommun i Skaraborg."));
  await until(edited, () => document.body.textContent.includes("i Skaraborg"), "the edited page to reload");
  if (await edited.evaluate(() => window.sameDocument === true)) failures.push("the edited page was not reloaded");
  const after = await settled();
  if (after.version < before + 2) failures.push(`pages and derived outputs not both published: ${before} → ${after.version}`);
  await sleep(500);
  if (!(await unchanged.evaluate(() => window.sameDocument === true))) {
    failures.push(`${other}, which the save did not change, was reloaded`);
  }
  for (const page of [edited, unchanged]) failures.push(...page.problems);
  console.log(`live reload polls under the CSP (${csp}); a save reloaded the edited page and not ${other}`);
} catch (e) {
  failures.push(`${e.stack || e}`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
