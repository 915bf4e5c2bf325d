// Rotsystemskollen in Chromium, as a reader and a facilitator use it: every statement
// answered by keyboard alone, the profile and the three weakest factors with case
// links that resolve, the result URL reloaded to the same result, saving and
// clearing, no request carrying the answers, three participants pooled, and axe on
// the questionnaire, the result and the facilitator's page in light and dark at 375
// and 1280 px. Writes for the Rust test to check with poppler and rqrr:
//   <out>/plan.pdf       the action plan as "Skriv ut handlingsplanen" prints it
//   <out>/nojs.pdf       the questionnaire printed without JavaScript
//   <out>/qr.pgm         the result's QR code as the screen shows it (greyscale)
// and prints `result-url: <url>` for the QR code's expected text.
//
//   node tests/browser/selfassess.mjs <built site dir> <out dir>

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { openPage, run } from "./lib.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const [dir, out] = process.argv.slice(2);
const PATH = "/sjalvskattning/";
const GROUP = "/sjalvskattning/grupp/";

/// The answer the keyboard gives statement `n` (1-based) for participant `p`: 1–5,
/// or 6 for "vet inte", a pattern that leaves some factors lower than others.
const answerOf = (p, n) => ((n * (p + 2) + p) % 7) % 6 + 1;

/// A factor's mean from the answers, computed here without the page's code.
function expectedMeans(factorOf, answers) {
  const sums = new Map();
  answers.forEach((a, i) => {
    const f = factorOf[i];
    if (!sums.has(f)) sums.set(f, []);
    if (a >= 1 && a <= 5) sums.get(f).push(a);
  });
  return [...sums.entries()].map(([f, list]) => [f, list.length ? list.reduce((s, a) => s + a, 0) / list.length : null]);
}

const fmt = (x) => (x === null ? "inte bedömd" : x.toFixed(1).replace(".", ","));

async function axe(page, where, failures) {
  await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
  for (const v of result.violations) {
    const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`).join("\n");
    failures.push(`${where}: ${v.id} (${v.impact}) ${v.help}\n${nodes}`);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize().width;
  if (width > viewport) failures.push(`${where}: ${width}px wide at ${viewport}px, scrolls sideways`);
  console.log(`${where}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
}

/// Answers every statement with the keyboard: Tab into each radio group, Space for
/// the first option, arrows to the wanted one.
async function answerByKeyboard(page, count, p) {
  for (let tabs = 0; tabs < 80; tabs++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.name === "p1")) break;
  }
  for (let n = 1; n <= count; n++) {
    const name = await page.evaluate(() => document.activeElement?.name);
    if (name !== `p${n}`) throw new Error(`keyboard: expected statement ${n} to have focus, found ${name}`);
    await page.keyboard.press("Space");
    for (let k = 1; k < answerOf(p, n); k++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Tab");
  }
  const id = await page.evaluate(() => document.activeElement?.id);
  if (id !== "sa-show") throw new Error(`keyboard: after the last statement focus is on ${id}, not the result button`);
  await page.keyboard.press("Enter");
}

async function resultOf(page) {
  return page.evaluate(() => ({
    rows: [...document.querySelectorAll("#sa-profile tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    weak: [...document.querySelectorAll("#sa-weak article h3")].map((h) => h.textContent.trim()),
    cases: [...document.querySelectorAll("#sa-weak .sa-cases a")].map((a) => a.getAttribute("href")),
    code: document.getElementById("sa-code").textContent,
    hash: location.hash,
    checked: [...document.querySelectorAll("#sa-form input:checked")].map((i) => `${i.name}=${i.value}`),
  }));
}

await run(dir, async ({ origin, context, failures }) => {
  const requests = [];
  context.on("request", (r) => requests.push({ url: r.url(), post: r.postData(), method: r.method() }));
  const check = (ok, what) => ok || failures.push(what);

  // A reader, at desktop width.
  const page = await openPage(context, origin);
  await page.goto(origin + PATH);
  const count = await page.evaluate(() => Number(document.getElementById("sa").dataset.count));
  const factorOf = await page.evaluate(() => [...document.querySelectorAll(".sa-statement")].map((f) => f.dataset.factor));
  const names = await page.evaluate(() => Object.fromEntries(JSON.parse(document.getElementById("sa-data").textContent).factors.map((f) => [f.id, `${f.order}${f.name}`])));
  check(count >= 24 && factorOf.length === count, `questionnaire: ${factorOf.length} statements for a count of ${count}`);
  check(await page.evaluate(() => localStorage.length === 0), "storage: something stored before saving");
  await axe(page, "questionnaire (light, 1280px)", failures);
  const before = requests.length;
  await answerByKeyboard(page, count, 0);
  await page.waitForSelector("#sa-result:not([hidden])");
  check(requests.length === before, `privacy: answering and scoring made ${requests.length - before} request(s)`);
  check(await page.evaluate(() => document.activeElement?.id === "sa-result"), "result: focus did not move to the result");
  check(await page.evaluate(() => localStorage.length === 0), "storage: the result was stored without the reader asking");

  const answers = Array.from({ length: count }, (_, i) => answerOf(0, i + 1));
  const means = expectedMeans(factorOf, answers);
  const first = await resultOf(page);
  check(first.rows.length === means.length, `profile: ${first.rows.length} rows for ${means.length} factors`);
  means.forEach(([, m], i) => check(first.rows[i]?.[1] === fmt(m), `profile: factor ${i + 1} shows ${first.rows[i]?.[1]}, expected ${fmt(m)}`));
  const weakest = means
    .map(([f, m], i) => [f, m, i])
    .filter(([, m]) => m !== null)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2])
    .slice(0, 3)
    .map(([f]) => names[f]);
  check(JSON.stringify(first.weak) === JSON.stringify(weakest), `weak factors: ${first.weak} , expected ${weakest}`);
  check(first.cases.length >= 3, `weak factors: only ${first.cases.length} case links`);
  for (const href of new Set(first.cases)) {
    const res = await fetch(new URL(href, origin + PATH));
    check(res.status === 200, `case link ${href}: status ${res.status}`);
  }
  const chart = await page.evaluate(() => {
    const svg = document.querySelector("#sa-profile svg[role=img]");
    return svg ? { bars: svg.querySelectorAll(".sa-bar").length, label: svg.getAttribute("aria-labelledby") } : null;
  });
  check(chart && chart.label && chart.bars === means.filter(([, m]) => m !== null).length, `chart: ${JSON.stringify(chart)}`);
  check(/^#k=[0-9A-Z]+$/.test(first.hash), `result URL: fragment ${first.hash}`);
  const resultUrl = page.url();
  console.log(`result-url: ${resultUrl}`);
  await axe(page, "result (light, 1280px)", failures);

  // The QR code as the screen shows it, greyscale, for rqrr.
  const png = await page.locator("#sa-qr svg").screenshot();
  const scratch = await context.newPage();
  const pgm = await scratch.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const grey = [];
    for (let i = 0; i < d.length; i += 4) grey.push(Math.round((d[i] + d[i + 1] + d[i + 2]) / 3));
    return { w: c.width, h: c.height, grey };
  }, png.toString("base64"));
  await scratch.close();
  writeFileSync(join(out, "qr.pgm"), Buffer.concat([Buffer.from(`P5\n${pgm.w} ${pgm.h}\n255\n`), Buffer.from(pgm.grey)]));

  // Reload the result URL: the same result, from the fragment alone.
  await page.reload();
  await page.waitForSelector("#sa-result:not([hidden])");
  const again = await resultOf(page);
  check(JSON.stringify(again) === JSON.stringify(first), `reload: a different result\n${JSON.stringify(first)}\n${JSON.stringify(again)}`);
  check(again.checked.length === answers.length, `reload: ${again.checked.length} answers restored in the form`);

  // The action plan, printed as its button prints it.
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.click("#sa-print");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: join(out, "plan.pdf"), format: "A4", printBackground: false });
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => document.documentElement.classList.remove("sa-printing-plan"));

  // Saving is the reader's choice, and "Rensa" undoes it.
  await page.click("#sa-save");
  const stored = await page.evaluate(() => localStorage.getItem("rotsystem-sjalvskattning"));
  check(stored === first.code, `save: stored ${stored}, expected ${first.code}`);
  const restored = await openPage(context, origin);
  await restored.goto(origin + PATH);
  await restored.waitForSelector("#sa-result:not([hidden])");
  const back = await resultOf(restored);
  check(JSON.stringify(back.rows) === JSON.stringify(first.rows), "save: a new visit did not show the saved result");
  await restored.click("#sa-clear");
  check(await restored.evaluate(() => localStorage.length === 0 && location.hash === "" && document.getElementById("sa-result").hidden && !document.querySelector("#sa-form input:checked")), "clear: something survived Rensa");
  for (const p of restored.problems) failures.push(`restored: ${p}`);
  await restored.close();
  const fresh = await openPage(context, origin);
  await fresh.goto(origin + PATH);
  check(await fresh.evaluate(() => document.getElementById("sa-result").hidden), "clear: a new visit still shows a result");
  await fresh.close();

  // Two more participants, for the facilitator.
  const codes = [first.code];
  const participants = [answers];
  for (const p of [1, 2]) {
    const other = await openPage(context, origin);
    await other.goto(origin + PATH);
    const list = Array.from({ length: count }, (_, i) => answerOf(p, i + 1));
    for (let n = 1; n <= count; n++) await other.check(`input[name="p${n}"][value="${list[n - 1]}"]`);
    await other.click("#sa-show");
    codes.push(await other.evaluate(() => document.getElementById("sa-code").textContent));
    participants.push(list);
    for (const q of other.problems) failures.push(`participant ${p}: ${q}`);
    await other.close();
  }
  const group = await openPage(context, origin);
  await group.goto(origin + GROUP);
  await axe(group, "facilitator (light, 1280px)", failures);
  // One code as its result URL, one in lower case without hyphens, one mistyped.
  const mistyped = codes[2].replace(/^(.)/, (c) => (c === "A" ? "B" : "A"));
  const pasted = [`${origin}${PATH}#k=${codes[0].replace(/-/g, "")}`, codes[1].replace(/-/g, "").toLowerCase(), codes[2], mistyped].join("\n");
  await group.fill("#sa-codes", pasted);
  await group.click("#sa-pool");
  await group.waitForSelector("#sa-result:not([hidden])");
  const pooled = await group.evaluate(() => ({
    rows: [...document.querySelectorAll("#sa-profile tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    errors: [...document.querySelectorAll("#sa-errors li")].map((li) => li.textContent),
    weak: document.querySelectorAll("#sa-weak article").length,
    disagree: document.querySelectorAll("#sa-disagree li a").length,
  }));
  const each = participants.map((a) => expectedMeans(factorOf, a));
  each[0].forEach(([f], i) => {
    const ms = each.map((e) => e[i][1]).filter((m) => m !== null);
    const mean = ms.length ? ms.reduce((s, m) => s + m, 0) / ms.length : null;
    check(pooled.rows[i]?.[1] === fmt(mean), `pool: ${f} shows mean ${pooled.rows[i]?.[1]}, expected ${fmt(mean)}`);
    check(pooled.rows[i]?.[4] === String(ms.length), `pool: ${f} rated by ${pooled.rows[i]?.[4]}, expected ${ms.length}`);
  });
  check(pooled.errors.length === 1 && pooled.errors[0].includes("4"), `pool: errors ${JSON.stringify(pooled.errors)}`);
  check(pooled.weak === 3, `pool: ${pooled.weak} weak factors`);
  check(pooled.disagree >= 1, "pool: no disagreement shown");
  console.log(`pool: ${codes.length} codes, means checked for ${each[0].length} factors`);
  await axe(group, "facilitator result (light, 1280px)", failures);
  for (const p of group.problems) failures.push(`facilitator: ${p}`);

  // axe in both schemes at both widths, on all three states.
  for (const scheme of ["light", "dark"]) {
    for (const width of [375, 1280]) {
      const where = `(${scheme}, ${width}px)`;
      for (const [name, url, pool] of [["questionnaire", origin + PATH, false], ["result", resultUrl, false], ["facilitator", origin + GROUP, true]]) {
        const p = await openPage(context, origin);
        await p.setViewportSize({ width, height: 900 });
        await p.emulateMedia({ colorScheme: scheme });
        await p.goto(url);
        if (pool) {
          await p.fill("#sa-codes", codes.join("\n"));
          await p.click("#sa-pool");
        }
        await axe(p, `${name} ${where}`, failures);
        if (scheme === "light" && width === 375) {
          // WCAG 1.4.10 reflow: nothing wider than a 320 px window either.
          await p.setViewportSize({ width: 320, height: 900 });
          const wide = await p.evaluate(() => document.documentElement.scrollWidth);
          check(wide <= 320, `${name} (320px): ${wide}px wide, scrolls sideways`);
          console.log(`${name} (320px): ${wide}px wide`);
        }
        for (const q of p.problems) failures.push(`${name} ${where}: ${q}`);
        await p.close();
      }
    }
  }

  // No request, of any page, carried the answers.
  const compact = codes.map((c) => c.replace(/-/g, "").toUpperCase());
  for (const r of requests) {
    const text = `${r.url} ${r.post || ""}`.toUpperCase();
    if (compact.some((c) => text.includes(c)) || r.post || r.method !== "GET") failures.push(`privacy: request ${r.method} ${r.url} ${r.post || ""}`);
    if (!r.url.startsWith(origin + "/") && !r.url.startsWith("data:")) failures.push(`privacy: off-site request ${r.url}`);
  }
  console.log(`privacy: ${requests.length} requests, none with an answer`);
  for (const p of page.problems) failures.push(`reader: ${p}`);

  // Without JavaScript: a questionnaire to print, with its scoring key.
  const nojs = await context.newPage();
  await nojs.route("**/static/sjalvskattning/*.js", (r) => r.abort());
  await nojs.goto(origin + PATH);
  const shown = await nojs.evaluate(() => ({
    note: document.getElementById("sa-nojs").checkVisibility(),
    button: document.getElementById("sa-show").checkVisibility(),
    key: document.querySelectorAll(".sa-key-table tbody tr").length,
  }));
  check(shown.note && !shown.button && shown.key > 0, `without JavaScript: ${JSON.stringify(shown)}`);
  await nojs.emulateMedia({ media: "print" });
  await nojs.pdf({ path: join(out, "nojs.pdf"), format: "A4" });
  await nojs.close();
  console.log("selfassess: all checks ran");
});
