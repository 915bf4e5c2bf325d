// The reader's two lists, as a reader uses them: three cases ticked with "Jämför"
// among search hits and in the listing (one from the keyboard) lead to /jamfor/,
// whose table a reload and a fresh browser given the address both show again; a
// fourth fits, a fifth is refused and said so. Three cases added to "Mitt urval"
// from the listing and a case page give /urval/, whose shared address reloads in a
// fresh browser and prints to a PDF that poppler reads: every title in its text, a
// page per case and one for the contents. A shared list leaves the reader's own
// alone. Every change is said in the live region; axe (WCAG 2.1 AA) runs on each
// new state, and no page scrolls sideways at 375 px.
//
//   node tests/browser/compare.mjs <built site dir> <pdf out path>

import { execFileSync } from "node:child_process";
import { axeChecker, checker, launch, openPage, run } from "./lib.mjs";

const [dir, pdfPath] = process.argv.slice(2);

const ready = (page) => page.waitForFunction(() => document.getElementById("urval-sida")?.dataset.state === "klar");
const said = (page) => page.waitForFunction(() => document.getElementById("val-meddelande")?.textContent).then(() => page.textContent("#val-meddelande"));
const ids = (url) => new URL(url).searchParams.get("fall");
const box = (page, list, title) => page.getByRole("checkbox", { name: `${list}: ${title}`, exact: true });
const columns = (page) => page.$$eval("table.compare thead th a", (as) => as.map((a) => a.textContent));
const tableText = (page) => page.$eval("table.compare", (t) => t.innerText);

await run(dir, async ({ origin, context, failures }) => {
  const check = checker(failures);
  const axe = axeChecker(failures);
  const pages = [];
  const open = async (ctx, path, width = 1280) => {
    const page = await openPage(ctx, origin);
    pages.push(page);
    await page.setViewportSize({ width, height: 900 });
    await page.goto(origin + path);
    return page;
  };
  const titleOf = async (page, id) => page.textContent(`.case-list a[href="/fall/${id}/"], #sok-traffar a[href^="/fall/${id}/"]`);

  // A second browser with a profile of its own: one that has never seen the site.
  const second = await launch();
  const fresh = second.context;
  try {
    await steps();
  } finally {
    await second.close();
  }
  for (const p of pages.flatMap((p) => p.problems)) failures.push(p);
  console.log(`compare: ${axe.count} axe checks, ${failures.length === 0 ? "all checks passed" : "failures"}`);

  async function steps() {
  // 1. Compare: two cases ticked among search hits, one in the listing by keyboard.
  const page = await open(context, "/sok/?q=kultur");
  await page.waitForFunction(() => document.getElementById("sok")?.dataset.state === "klar");
  await page.waitForSelector("#sok-traffar .pick input");
  const hitIds = await page.$$eval("#sok-traffar > li h2 a", (as) => as.slice(0, 2).map((a) => new URL(a.href).pathname.split("/")[2]));
  const chosen = [];
  for (const id of hitIds) {
    const title = await titleOf(page, id);
    await box(page, "Jämför", title).check();
    chosen.push([id, title]);
    const text = await said(page);
    check(text.includes(title) && text.includes(`${chosen.length} av högst 4`), `ticking a hit is said: ${text}`);
  }
  check(await box(page, "Jämför", chosen[0][1]).isChecked(), "the box of a ticked hit is checked");
  await axe(page, "search hits with boxes (1280px)");
  await page.goto(`${origin}/fall/`);
  const listed = await page.$$eval(".case-list > li h3 a", (as) => as.map((a) => new URL(a.href).pathname.split("/")[2]));
  const third = listed.find((id) => !hitIds.includes(id));
  const thirdTitle = await titleOf(page, third);
  check(await box(page, "Jämför", chosen[0][1]).isChecked(), "the listing shows the hits ticked on the search page");
  await box(page, "Jämför", thirdTitle).focus();
  await page.keyboard.press("Space");
  chosen.push([third, thirdTitle]);
  check(await box(page, "Jämför", thirdTitle).isChecked(), "Space ticks a box");
  const tray = page.getByRole("navigation", { name: "Dina valda fall" }).getByRole("link", { name: "Jämför 3 fall" });
  check(await tray.isVisible(), "the tray leads to the comparison of three");
  await axe(page, "listing with the tray (1280px)");
  await tray.click();
  await ready(page);
  const want = chosen.map(([id]) => id).join(",");
  check(ids(page.url()) === want, `the comparison's URL names the three in order: ${ids(page.url())}`);
  const titles = chosen.map(([, t]) => t);
  check(JSON.stringify(await columns(page)) === JSON.stringify(titles), `three columns, in the order ticked: ${await columns(page)}`);
  const rows = await page.$$eval("table.compare tbody th[scope=row]", (ths) => ths.map((th) => th.textContent));
  for (const row of ["Kommun och län", "År", "Steg i processmodellen", "Fakta"]) check(rows.includes(row), `a row for ${row}`);
  const notes = await page.$$eval("table.compare .compare-factors td p:not(.meta)", (ps) => ps.length);
  check(rows.filter((r) => /^\d+/.test(r)).length > 0 && notes > 0, `factor rows with the cases' notes: ${notes} notes`);
  const before = await tableText(page);
  await axe(page, "comparison of three (1280px)");
  await page.reload();
  await ready(page);
  check((await tableText(page)) === before && ids(page.url()) === want, "a reload shows the same comparison");

  // The address alone, in a browser that has never seen the site.
  const other = await open(fresh, `/jamfor/?fall=${want}`, 375);
  await ready(other);
  check((await tableText(other)) === before, "the shared address gives the same comparison in a fresh browser");
  const region = other.getByRole("region", { name: "3 fall sida vid sida" });
  check((await region.getAttribute("tabindex")) === "0", "the table scrolls in a labelled region that takes focus");
  await axe(other, "comparison of three (375px, light)");
  await other.emulateMedia({ colorScheme: "dark" });
  await axe(other, "comparison of three (375px, dark)");

  // A fourth fits, a fifth is refused.
  await page.goto(`${origin}/fall/`);
  const rest = listed.filter((id) => !chosen.some(([c]) => c === id));
  await box(page, "Jämför", await titleOf(page, rest[0])).check();
  const fifth = box(page, "Jämför", await titleOf(page, rest[1]));
  await fifth.click();
  const refused = await said(page);
  check(!(await fifth.isChecked()) && /högst 4/.test(refused), `a fifth is refused and said so: ${refused}`);
  // Removing a column from the comparison changes its URL.
  await page.goto(`${origin}/jamfor/`);
  await ready(page);
  check(ids(page.url()).split(",").length === 4, `the comparison without fall= takes the reader's own: ${ids(page.url())}`);
  await page.getByRole("button", { name: `Ta bort: ${titles[0]}` }).click();
  await page.waitForFunction((n) => document.querySelectorAll("table.compare thead th").length === n, 3);
  check(ids(page.url()) === [...chosen.slice(1).map(([id]) => id), rest[0]].join(","), `removing a column updates the URL: ${ids(page.url())}`);
  check(/borttaget ur jämförelsen/.test(await said(page)), "and is said");

  // An empty comparison says what the page is for.
  const empty = await open(fresh, "/jamfor/", 375);
  await empty.evaluate(() => localStorage.clear());
  await empty.goto(`${origin}/jamfor/`);
  await ready(empty);
  check(/inte valt några fall/.test(await empty.textContent("#urval-innehall")), "an empty comparison says so");
  await axe(empty, "empty comparison (375px)");

  // 2. The selection: two cases from the listing, one from its own page.
  const sel = await open(fresh, "/fall/");
  const picked = [];
  for (const id of listed.slice(0, 2)) {
    const title = await titleOf(sel, id);
    await box(sel, "Mitt urval", title).check();
    picked.push([id, title]);
  }
  const last = listed[listed.length - 1];
  await sel.goto(`${origin}/fall/${last}/`);
  const lastTitle = (await sel.textContent("article.case h1")).trim();
  await box(sel, "Mitt urval", lastTitle).check();
  picked.push([last, lastTitle]);
  check(/3 fall/.test(await said(sel)), `adding on a case page is said: ${await said(sel)}`);
  await axe(sel, "case page with boxes (1280px)");
  await sel.getByRole("link", { name: "Mitt urval (3 fall)" }).click();
  await ready(sel);
  const selIds = picked.map(([id]) => id).join(",");
  check(ids(sel.url()) === selIds, `the selection's URL names the three: ${ids(sel.url())}`);
  const shared = sel.url();
  await axe(sel, "selection of three (1280px)");

  // The shared address in the first browser, whose own selection is empty: shown, and
  // adopted. Then a different own list meets a shared one and is kept.
  const booklet = await open(context, new URL(shared).pathname + new URL(shared).search);
  await ready(booklet);
  const headings = await booklet.$$eval(".selection-case h2", (hs) => hs.map((h) => h.textContent));
  check(JSON.stringify(headings) === JSON.stringify(picked.map(([, t]) => t)), `the shared selection shows the three: ${headings}`);
  const notesShown = await booklet.$$eval(".selection-case .factor-notes li", (lis) => lis.length);
  check(notesShown >= 3, `with their factor notes: ${notesShown}`);
  await booklet.emulateMedia({ colorScheme: "dark" });
  await axe(booklet, "selection of three (1280px, dark)");
  await booklet.emulateMedia({ media: "print", colorScheme: "light" });
  await booklet.pdf({ path: pdfPath, format: "A4", printBackground: true });
  const poppler = (tool, args) => execFileSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const text = poppler("pdftotext", ["-layout", pdfPath, "-"]);
  const flat = (s) => s.replace(/-\s*\n\s*/g, "").replace(/\s+/g, "");
  for (const [, title] of picked) check(flat(text).includes(flat(title)), `the PDF has the title "${title}"`);
  check(!/Ta bort|Skriv ut urvalet|Dina valda fall/.test(text), "the PDF holds no controls");
  const info = poppler("pdfinfo", [pdfPath]);
  const count = Number((info.match(/^Pages:\s+(\d+)/m) || [0, 0])[1]);
  check(count >= 1 + picked.length, `the PDF has a page for the contents and one per case: ${count} pages`);
  console.log(`selection PDF: ${count} pages`);

  const mixed = await open(context, `/urval/?fall=${listed[5]}`);
  await ready(mixed);
  check(/Du ser en delad lista med 1 fall/.test(await mixed.textContent("#urval-status")), "a shared list over the reader's own says so");
  check((await mixed.evaluate(() => localStorage.getItem("rotsystem:/:urval"))) === selIds, "and leaves the own list alone");
  await axe(mixed, "shared selection over an own one (1280px)");
  await mixed.getByRole("button", { name: "Spara den här listan som din egen" }).click();
  check((await mixed.evaluate(() => localStorage.getItem("rotsystem:/:urval"))) === listed[5], "adopting it makes it the own list");

  const none = await open(fresh, "/urval/?fall=");
  await none.evaluate(() => localStorage.clear());
  await none.goto(`${origin}/urval/`);
  await ready(none);
  check(/Ditt urval är tomt/.test(await none.textContent("#urval-innehall")), "an empty selection says so");
  await axe(none, "empty selection (1280px)");
  }
});
