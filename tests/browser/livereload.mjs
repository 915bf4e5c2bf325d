// The dev server's live-reload script must run under the pages' CSP: it is an
// external script from the same origin, so `script-src 'self'` admits it. Proof:
// the script's long poll reaches the server, and nothing is refused.
//
//   node tests/browser/livereload.mjs <page url from `rotsystem serve`>

import { launch, openPage } from "./lib.mjs";

const url = process.argv[2];
const origin = new URL(url).origin;
const browser = await launch();
const failures = [];
try {
  const page = await openPage(browser.context, origin);
  const polled = page.waitForRequest((r) => r.url().startsWith(origin + "/__rotsystem/poll"), { timeout: 15000 });
  await page.goto(url);
  await polled;
  const csp = await page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || "",
  );
  if (!csp.includes("script-src 'self'")) failures.push(`no strict CSP on the page: ${csp}`);
  failures.push(...page.problems);
  console.log(`live reload polls under the CSP: ${csp}`);
} catch (e) {
  failures.push(`${e.stack || e}`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
