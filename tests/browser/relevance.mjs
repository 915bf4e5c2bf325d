// Relevance on the built library, as an official searches: a question in whole
// sentences finds cases matching most of its words (marked as such, function words
// unmarked), a misspelt word with no hits offers a spelling, an English query finds
// the Swedish case, values of one facet are alternatives with counts that hold, hits
// sort by year, and on a phone the facets fold behind one button that counts them
// and a "clear all". axe (WCAG 2.1 AA) runs on each new state.
//
//   node tests/browser/relevance.mjs <built site dir>

import { axeChecker, checker, openPage, run } from "./lib.mjs";

const ready = (page) => page.waitForFunction(() => document.getElementById("sok")?.dataset.state === "klar");
// A hit's link without the query its fragment carries to the case page.
const hits = (page) => page.$$eval("#sok-traffar li h2 a", (as) => as.map((a) => a.getAttribute("href").split("#")[0]));
const status = (page) => page.textContent("#sok-status");
const count = async (page) => Number(((await status(page)).match(/\d+/) || ["0"])[0]);

await run(process.argv[2], async ({ origin, context, failures }) => {
  const check = checker(failures);
  const axe = axeChecker(failures);
  const page = await openPage(context, origin);
  // Every hit, page after page.
  const allHits = async () => {
    while (await page.isVisible("#sok-fler")) {
      const n = (await hits(page)).length;
      await page.click("#sok-fler");
      await page.waitForFunction((n) => document.querySelectorAll("#sok-traffar li").length > n, n);
    }
    return hits(page);
  };
  const open = async (query) => {
    await page.goto(`${origin}/sok/?${query}`);
    await ready(page);
  };

  // 1. A question: the cases tagged Kultur come, Botkyrka among them, those
  // matching only some words said so; function words are not marked.
  await open(`q=${encodeURIComponent("hur har kommuner arbetat med kultur")}`);
  let found = await hits(page);
  check(found.includes("/fall/botkyrka/"), `a question about kultur finds Botkyrka: ${found}`);
  await allHits();
  const partial = await page.$$eval("#sok-traffar .search-partial", (ps) => ps.map((p) => p.textContent));
  check(partial.length > 0 && partial.every((p) => /^matchar [12] av 3 ord$/.test(p)), `partial hits say how many words they match: ${partial}`);
  check(/av dem matchar alla ord/.test(await status(page)), `the status says how many match every word: ${await status(page)}`);
  const marked = await page.$$eval("#sok-traffar mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  check(marked.length > 0 && !marked.some((m) => ["hur", "har", "med"].includes(m)), `function words are not marked: ${[...new Set(marked)]}`);
  await axe(page, "partial matches (1280px)");

  // 2. A misspelling too far for the typo rule: no hits, a spelling from the
  // index's own terms, and the lists to browse.
  await open("q=medbrogardailgo");
  check(/Inga träffar/.test(await status(page)), `no hits is said: ${await status(page)}`);
  check(await page.isVisible("#sok-hjalp"), "a search without hits offers a way on");
  const suggestion = await page.textContent("#sok-forslag-lank");
  check((await page.isVisible("#sok-forslag")) && suggestion === "medborgardialog", `it suggests a spelling the index has: ${suggestion}`);
  const browse = await page.$$eval("#sok-hjalp a", (as) => as.map((a) => a.getAttribute("href")));
  check(browse.includes("/fall/") && browse.includes("/faktorer/") && browse.includes("/steg/"), `and the lists to browse: ${browse}`);
  await axe(page, "no hits with a suggestion (1280px)");
  await page.focus("#sok-forslag-lank");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "medborgardialog");
  await ready(page);
  found = await hits(page);
  check(found[0] === "/fall/kalix/", `following the suggestion finds Kalix first: ${found}`);
  // A word of a factor's description offers the factor.
  await open("q=attraktivitet");
  const terms = await page.$$eval("#sok-termer a", (as) => as.map((a) => a.getAttribute("href")));
  check(terms.includes("/faktorer/kultur/"), `few hits offer the factors the words are about: ${terms}`);

  // 3. English: the glossary reads "citizen dialogue" as medborgardialog.
  await open(`q=${encodeURIComponent("citizen dialogue")}`);
  found = await hits(page);
  check(found[0] === "/fall/kalix/", `"citizen dialogue" finds Kalix first: ${found}`);
  check(/medborgardialog/.test(await status(page)), `the status says what Swedish it searched for: ${await status(page)}`);

  // 4. Values of one facet are alternatives, and the counts hold.
  const only = async (factor) => {
    await open(`q=kommun&faktor=${factor}`);
    return new Set(await allHits());
  };
  const kultur = await only("kultur");
  const ledarskap = await only("ledarskap");
  await open("q=kommun&faktor=kultur");
  const label = async (value) => {
    const id = await page.$eval(`#sok-filter input[id^="f-faktor-"][data-value="${value}"]`, (b) => b.id).catch(() => null);
    if (!id) return null;
    return Number((await page.textContent(`label[for="${id}"]`)).match(/\((\d+)\)/)[1]);
  };
  const promised = await label("ledarskap");
  check(promised === ledarskap.size, `with Kultur chosen, Ledarskap's count is its own hits: ${promised} vs ${ledarskap.size}`);
  await page.focus('#sok-filter input[data-value="ledarskap"]');
  await page.keyboard.press("Space");
  await page.waitForFunction(() => new URL(location.href).searchParams.getAll("faktor").length === 2);
  await ready(page);
  const either = new Set(await allHits());
  const union = new Set([...kultur, ...ledarskap]);
  check(kultur.size > 0 && ledarskap.size > 0 && either.size > Math.max(kultur.size, ledarskap.size), "each factor alone has hits, and together more");
  check(either.size === union.size && [...union].every((u) => either.has(u)), `Kultur or Ledarskap: ${either.size} hits, the union of ${kultur.size} and ${ledarskap.size} (${union.size})`);
  check((await count(page)) === union.size, `the status counts them: ${await status(page)}`);

  // 5. Sort by year, from the keyboard; the URL keeps it.
  await open("q=innovation");
  await page.focus("#sok-ordning");
  await page.selectOption("#sok-ordning", "ar");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("ordning") === "ar");
  await ready(page);
  const years = async () =>
    (await page.$$eval("#sok-traffar .search-meta", (ps) => ps.map((p) => p.textContent))).map((t) => Number((t.match(/(\d{4})$/) || [0, -1])[1]));
  const ys = await years();
  check(ys.length > 2 && ys.every((y, i) => i === 0 || y <= ys[i - 1]), `sorted newest first: ${ys}`);
  check(ys[0] > ys[ys.length - 1], `the years differ: ${ys}`);
  await page.reload();
  await ready(page);
  check((await page.inputValue("#sok-ordning")) === "ar" && JSON.stringify(await years()) === JSON.stringify(ys), "reload keeps the order");
  await axe(page, "sorted by year (1280px)");

  // 6. A phone: facets folded behind one button that counts the chosen values;
  // the first hit is on the first screen; "clear all".
  const phone = await openPage(context, origin);
  await phone.setViewportSize({ width: 375, height: 740 });
  await phone.goto(`${origin}/sok/?q=innovation&faktor=kultur&faktor=ledarskap`);
  await ready(phone);
  check(!(await phone.isVisible("#sok-filter")), "on a phone the facets start folded");
  check((await phone.textContent("#sok-filter-knapp")) === "Filter (2 valda)", `the button counts the chosen values: ${await phone.textContent("#sok-filter-knapp")}`);
  const top = await phone.$eval("#sok-traffar li", (li) => li.getBoundingClientRect().top);
  check(top < 740, `the first hit is on the first screen: ${top}px`);
  await axe(phone, "phone, facets folded (375px)");
  await phone.focus("#sok-filter-knapp");
  await phone.keyboard.press("Enter");
  check((await phone.isVisible("#sok-filter")) && (await phone.getAttribute("#sok-filter-knapp", "aria-expanded")) === "true", "the button opens them");
  await phone.emulateMedia({ colorScheme: "dark" });
  await axe(phone, "phone, facets open, dark (375px)");
  await phone.focus("#sok-rensa");
  await phone.keyboard.press("Enter");
  await phone.waitForFunction(() => !new URL(location.href).searchParams.has("faktor"));
  await ready(phone);
  check((await phone.textContent("#sok-filter-knapp")) === "Filter", "clear all leaves none chosen");
  check(new URL(phone.url()).searchParams.get("q") === "innovation", "and keeps the query");
  for (const p of [...page.problems, ...phone.problems]) failures.push(p);
  console.log(`relevance: ${axe.count} axe checks, ${failures.length === 0 ? "all checks passed" : "failures"}`);
});
