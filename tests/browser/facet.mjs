// A declared vocabulary's facet in the browser, as a reader uses it: search, open the
// facet from the keyboard, tick a term, and see only its cases, with the choice in the
// URL so a reload gives the same.
//
//   node tests/browser/facet.mjs <built site dir> <query> <param> <label> <term> <expected href,…>

import { openPage, run } from "./lib.mjs";

const [dir, query, param, label, term, expected] = process.argv.slice(2);

const done = (page, q) =>
  page.waitForFunction((q) => {
    const s = document.getElementById("sok");
    return s.dataset.state === "klar" && s.dataset.query === q;
  }, q);
// A hit's link without the query its fragment carries to the case page.
const hits = (page) => page.$$eval("#sok-traffar li h2 a", (as) => as.map((a) => a.getAttribute("href").split("#")[0]));

await run(dir, async ({ origin, context, failures }) => {
  const check = (ok, what) => {
    if (!ok) failures.push(what);
    console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  };
  const page = await openPage(context, origin);
  await page.goto(`${origin}/sok/?q=${encodeURIComponent(query)}`);
  await done(page, query);
  const all = await hits(page);
  const summary = page.locator(`#f-${param}`);
  check((await summary.count()) === 1, `the facet #f-${param} is offered`);
  check((await summary.textContent()).trim() === label, `it is labelled ${label}: ${await summary.textContent()}`);

  await summary.focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector(`input[id^="f-${param}-"]`);
  const labels = await page.$$eval(`input[id^="f-${param}-"]`, (boxes) =>
    boxes.map((b) => [b.id, document.querySelector(`label[for="${b.id}"]`).textContent]),
  );
  const mine = labels.find(([, text]) => text.startsWith(`${term} (`));
  check(!!mine, `the term ${term} has a box: ${JSON.stringify(labels)}`);
  if (!mine) return;
  await page.focus(`#${mine[0]}`);
  await page.keyboard.press("Space");
  await page.waitForFunction((p) => new URL(location.href).searchParams.has(p), param);
  await done(page, query);
  const narrowed = await hits(page);
  const want = expected.split(",");
  check(JSON.stringify(narrowed) === JSON.stringify(want), `ticking ${term} leaves ${want} (of ${all}): ${narrowed}`);
  check(narrowed.length < all.length, "the facet narrows the results");

  await page.goto(page.url());
  await done(page, query);
  check(JSON.stringify(await hits(page)) === JSON.stringify(want), "a reload of the URL gives the same results");
});
