// Search on the built library, as a reader uses it: type and see the expected cases,
// narrow by a facet with the keyboard, reload and go back through the URL, find a case
// through a typo, and get the static lists when JavaScript is off. Nothing of the
// index may load before the reader searches.
//
//   node tests/browser/search.mjs <built site dir>

import { openPage, run } from "./lib.mjs";

const done = (page, q) =>
  page.waitForFunction((q) => {
    const s = document.getElementById("sok");
    return s.dataset.state === "klar" && s.dataset.query === q;
  }, q);

// A hit's link without the query its fragment carries to the case page.
const hits = (page) => page.$$eval("#sok-traffar li h2 a", (as) => as.map((a) => a.getAttribute("href").split("#")[0]));
const status = (page) => page.textContent("#sok-status");

await run(process.argv[2], async ({ origin, context, failures }) => {
  const check = (ok, what) => {
    if (!ok) failures.push(what);
    console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  };
  const page = await openPage(context, origin);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));

  // Nothing of the index loads with the page.
  await page.goto(`${origin}/sok/`);
  await page.waitForLoadState("networkidle");
  check(!requests.some((p) => p.startsWith("/sok/data/")), "no index file loads before the reader searches");
  check(await page.isHidden("#sok-utan-js"), "the no-JavaScript text is hidden when the script runs");

  // 1. Type a query and see the expected cases, with the match marked.
  await page.fill("#sok-fraga", "medborgardialog");
  await done(page, "medborgardialog");
  let found = await hits(page);
  check(found.includes("/fall/lomma/") && found.includes("/fall/kalix/"), `medborgardialog finds Lomma and Kalix: ${found}`);
  check(/2 träffar för ”medborgardialog”/.test(await status(page)), `the count is announced: ${await status(page)}`);
  check((await page.$$eval("#sok-traffar mark", (m) => m.length)) > 0, "snippets mark the matched words");
  check(new URL(page.url()).searchParams.get("q") === "medborgardialog", `the query is in the URL: ${page.url()}`);
  check(requests.some((p) => /^\/sok\/data\/t\/[0-9a-f]{16}\.bin$/.test(p)), "term shards have content-hashed names");

  // A compound part and a prefix while typing.
  await page.fill("#sok-fraga", "plattform");
  await done(page, "plattform");
  found = await hits(page);
  check(found.includes("/fall/boras-innovationsplattform/"), `plattform finds Borås's innovationsplattform: ${found}`);

  // 2. Apply a facet, with the keyboard; focus stays on the box.
  await page.fill("#sok-fraga", "innovation");
  await page.press("#sok-fraga", "Enter");
  await done(page, "innovation");
  const before = await hits(page);
  const all = Number((await status(page)).match(/\d+/)[0]);
  check((await page.$$('#sok-filter input[type="checkbox"]')).length === 0, "facets start closed, with no facet data loaded");
  // Open the factor facet from the keyboard; its counts load then.
  await page.focus("#f-faktor");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sok-filter input[type="checkbox"]');
  await done(page, "innovation");
  const box = page.locator('#sok-filter input[type="checkbox"]').first();
  const boxId = await box.getAttribute("id");
  const label = await page.textContent(`label[for="${boxId}"]`);
  const expected = Number(label.match(/\((\d+)\)/)[1]);
  await box.focus();
  await page.keyboard.press("Space");
  await page.waitForFunction(() => new URL(location.href).searchParams.has("faktor"));
  await done(page, "innovation");
  const narrowed = Number((await status(page)).match(/\d+/)[0]);
  check(narrowed === expected && narrowed <= all, `the facet leaves the ${expected} cases its label promised (was ${all}, now ${narrowed})`);
  check((await page.evaluate(() => document.activeElement?.id)) === boxId, "focus stays on the checkbox");
  const filteredUrl = page.url();
  const filtered = await hits(page);

  // 3. Reload the URL: same query, same facet, same results.
  await page.goto(filteredUrl);
  await done(page, "innovation");
  check((await page.inputValue("#sok-fraga")) === "innovation", "reload keeps the query in the box");
  check(await page.isChecked(`#${boxId}`), "reload keeps the facet checked");
  check(JSON.stringify(await hits(page)) === JSON.stringify(filtered), "reload gives the same results");

  // The back button returns to the unfiltered results.
  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has("faktor"));
  await page.waitForFunction(() => document.getElementById("sok").dataset.state === "klar");
  check(JSON.stringify(await hits(page)) === JSON.stringify(before), "back restores the results before the facet");

  // 4. A typo still finds the case, marked as a similar spelling.
  await page.fill("#sok-fraga", "Haparnada");
  await done(page, "Haparnada");
  found = await hits(page);
  check(found[0] === "/fall/haparanda/", `a typo finds Haparanda first: ${found}`);
  check(/liknande stavning/.test(await status(page)), "the typo is announced");

  // A word found only late in a long text: the rest of that text is fetched, and the
  // snippet shows the word marked.
  const late = await page.evaluate(async () => {
    const gz = async (url) => new Response((await fetch(url)).body.pipeThrough(new DecompressionStream("gzip"))).json();
    const index = new URL(document.getElementById("sok").dataset.index, location.href);
    const m = await gz(index);
    const docs = [];
    for (let n = 0; n < m.docs; n++) {
      const path = `${m.documents.folders[Math.floor(n / m.documents.group)]}${n}`;
      const d = await gz(new URL(`${path}.json.gz`, index));
      d.rest = d.m ? await gz(new URL(`${path}.rest.json.gz`, index)) : "";
      docs.push(d);
    }
    const words = (t) => (t.toLowerCase().match(/\p{L}+/gu) || []);
    const seen = new Map();
    for (const d of docs) for (const w of new Set(words(`${d.t} ${d.s} ${d.x}${d.rest}`))) seen.set(w, (seen.get(w) || 0) + 1);
    for (const d of docs) {
      const near = words(`${d.t} ${d.s} ${d.x}`).map((w) => w.slice(0, 5));
      const word = words(d.rest).find((w) => w.length >= 9 && seen.get(w) === 1 && !near.includes(w.slice(0, 5)));
      if (word) return { word, url: d.u };
    }
    return null;
  });
  check(late !== null, "the library has a long case with a word only in the rest of its text");
  if (late) {
    requests.length = 0;
    await page.fill("#sok-fraga", late.word);
    await done(page, late.word);
    const marked = await page.$$eval(
      "#sok-traffar li",
      (lis, url) => lis.filter((li) => li.querySelector("h2 a").getAttribute("href").split("#")[0] === url).map((li) => [...li.querySelectorAll(".search-snippet mark")].map((m) => m.textContent.toLowerCase())),
      late.url,
    );
    check(marked.length === 1 && marked[0].includes(late.word), `"${late.word}" finds ${late.url} with the word marked in its snippet: ${JSON.stringify(marked)}`);
    check(requests.some((p) => p.endsWith(".rest.json.gz")), "the rest of the text was fetched for that snippet");
  }

  // No results is said so, not left blank.
  await page.fill("#sok-fraga", "xyzzyqv");
  await done(page, "xyzzyqv");
  check(/Inga träffar/.test(await status(page)), "no results is announced");
  for (const p of page.problems) failures.push(p);

  // Without JavaScript (here: its scripts never arrive) the page offers the lists.
  const plain = await context.newPage();
  await plain.route("**/*.js", (r) => r.abort());
  await plain.goto(`${origin}/sok/?q=innovation`);
  check(await plain.isVisible("#sok-utan-js"), "without JavaScript the explanation shows");
  const links = await plain.$$eval("#sok-utan-js a", (as) => as.map((a) => a.getAttribute("href")));
  check(links.includes("/fall/") && links.includes("/faktorer/"), `without JavaScript the lists are offered: ${links}`);
  console.log(`search: ${failures.length === 0 ? "all checks passed" : "failures"}`);
});
