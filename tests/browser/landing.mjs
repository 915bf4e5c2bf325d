// The landing highlight on the built library: a search result's link carries the
// query, and the case page it opens marks the query's words (as the search reads
// them: stems, derivations, no stop words) and scrolls to the first. A query that
// is markup stays text. axe (WCAG 2.1 AA) runs on the landed page, light and dark,
// at 1280 and 375 px.
//
//   node tests/browser/landing.mjs <built site dir>

import { axeChecker, checker, openPage, run } from "./lib.mjs";

const ready = (page) => page.waitForFunction(() => document.getElementById("sok")?.dataset.state === "klar");
const landed = (page) => page.waitForFunction(() => document.querySelector("[data-landing]")?.dataset.landed !== undefined);
const marks = (page) => page.$$eval("article.case mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
// Whether the first mark is on the screen, and how far the page is scrolled.
const firstInView = (page) =>
  page.$eval("article.case mark", (m) => {
    const r = m.getBoundingClientRect();
    return { inView: r.top >= 0 && r.bottom <= innerHeight, scrollY, top: r.top };
  });

await run(process.argv[2], async ({ origin, context, failures }) => {
  const check = checker(failures);
  const axe = axeChecker(failures);
  // Searches, then follows the result that leads to `path` as a reader clicks it.
  const searchAndClick = async (page, query, path) => {
    await page.goto(`${origin}/sok/?q=${encodeURIComponent(query)}`);
    await ready(page);
    const link = page.locator(`#sok-traffar li h2 a[href^="${path}#"]`).first();
    const href = await link.getAttribute("href");
    const snippet = await page.$$eval(`#sok-traffar li:has(h2 a[href^="${path}#"]) .search-snippet mark`, (ms) =>
      ms.map((m) => m.textContent.toLowerCase()),
    );
    await link.click();
    await page.waitForURL((u) => u.pathname === path);
    await landed(page);
    return { href, snippet };
  };

  // 1. "medborgardialog": the link carries the query, and Kalix, whose keywords are
  // about it, marks it where it stands, far down: the page scrolls there.
  const page = await openPage(context, origin);
  let { href, snippet } = await searchAndClick(page, "medborgardialog", "/fall/kalix/");
  check(new URLSearchParams(href.split("#")[1]).get("q") === "medborgardialog", `the result's link carries the query: ${href}`);
  let marked = await marks(page);
  check(marked.length >= 1 && marked.every((m) => m.startsWith("medborgardialog")), `Kalix marks the query's word: ${marked}`);
  let view = await firstInView(page);
  check(view.scrollY > 0 && view.inView, `the page scrolled to the first mark: ${JSON.stringify(view)}`);
  check(/Ett ord ur sökningen ”medborgardialog” är markerat/.test(await page.textContent("#landning")), `the page says what is marked: ${await page.textContent("#landning")}`);
  await axe(page, "landed on Kalix (1280px)");
  await page.emulateMedia({ colorScheme: "dark" });
  await axe(page, "landed on Kalix, dark (1280px)");

  // 2. Derivations: "experiment" marks "experimenterande", and every word the
  // result's snippet marked is marked on the page.
  ({ snippet } = await searchAndClick(page, "experiment", "/fall/umea/"));
  marked = await marks(page);
  check(marked.includes("experimenterande"), `"experiment" marks its derivation: ${[...new Set(marked)]}`);
  check(snippet.length > 0 && snippet.every((w) => marked.includes(w)), `the snippet's marks are the page's: ${snippet}`);
  check(/\d+ ord ur sökningen ”experiment” är markerade/.test(await page.textContent("#landning")), `the page counts the marks: ${await page.textContent("#landning")}`);

  // 3. A question in whole sentences: function words are not marked, the word the
  // case is tagged with is.
  ({ snippet } = await searchAndClick(page, "hur har kommuner arbetat med kultur", "/fall/botkyrka/"));
  marked = await marks(page);
  check(marked.includes("kultur"), `Botkyrka marks kultur: ${[...new Set(marked)]}`);
  check(!marked.some((m) => ["hur", "har", "med"].includes(m)), `function words are not marked: ${[...new Set(marked)]}`);
  check(snippet.length > 0 && snippet.every((w) => marked.includes(w)), `the snippet's marks are the page's: ${snippet}`);

  // On a phone, light and dark.
  const phone = await openPage(context, origin);
  await phone.setViewportSize({ width: 375, height: 740 });
  await searchAndClick(phone, "medborgardialog", "/fall/kalix/");
  view = await firstInView(phone);
  check(view.scrollY > 0 && view.inView, `on a phone too: ${JSON.stringify(view)}`);
  await axe(phone, "landed on Kalix (375px)");
  await phone.emulateMedia({ colorScheme: "dark" });
  await axe(phone, "landed on Kalix, dark (375px)");

  // 4. A query that is markup is searched as words and never becomes markup.
  await phone.goto(`${origin}/fall/umea/#q=${encodeURIComponent('<img src=x onerror="window.pwned=1"> experiment')}`);
  await landed(phone);
  const after = await phone.evaluate(() => ({
    img: document.querySelectorAll("article.case img").length,
    marks: document.querySelectorAll("article.case mark").length,
    nested: document.querySelectorAll("article.case mark *").length,
    pwned: "pwned" in window,
    note: document.getElementById("landning").textContent,
  }));
  check(after.img === 0 && after.nested === 0 && !after.pwned, `a query that is markup stays text: ${JSON.stringify(after)}`);
  check(after.marks > 0 && after.note.includes("<img"), `its words are still searched and it is shown as typed: ${after.note}`);

  // 5. Opened without a query, a case page fetches nothing for it and marks nothing.
  const plain = await openPage(context, origin);
  const fetched = [];
  plain.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await plain.goto(`${origin}/fall/kalix/`);
  await plain.waitForLoadState("networkidle");
  check((await marks(plain)).length === 0 && (await plain.isHidden("#landning")), "a case page opened without a query marks nothing");
  check(!fetched.some((p) => p.startsWith("/sok/")) && !fetched.some((p) => p.endsWith("engine.js")), `and fetches no search files: ${fetched}`);

  for (const p of [...page.problems, ...phone.problems, ...plain.problems]) failures.push(p);
  console.log(`landing: ${axe.count} axe checks, ${failures.length === 0 ? "all checks passed" : "failures"}`);
});
