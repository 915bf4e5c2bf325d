// The "Föreslå ett fall" form as an editor meets it: at 320, 375 and 1280 px, in light
// and dark mode, before and after a failed submit, the page is no wider than the
// window and the title field spans the form. Then, after a failed submit, a title, a
// summary and a corrected year are typed key by key, and the draft must hold exactly
// those strings. Prints the draft as JSON lines, one per width, for the Rust test.
//
//   node tests/browser/suggest.mjs <built site dir> [screenshot dir]

import { openPage, run } from "./lib.mjs";

const TITLE = "Kalix – ny medborgardialog: digitala rådslag";
const SUMMARY = "Kommunen lät invånarna tycka till på nätet, år efter år.";
const MODES = [
  { scheme: "light", width: 320 },
  { scheme: "dark", width: 375 },
  { scheme: "light", width: 375 },
  { scheme: "light", width: 1280 },
  { scheme: "dark", width: 1280 },
];

const shots = process.argv[3];

await run(process.argv[2], async ({ origin, context, failures }) => {
  for (const { scheme, width } of MODES) {
    const where = `/foresla/ (${scheme}, ${width}px)`;
    const page = await openPage(context, origin);
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${origin}/foresla/`);
    await page.waitForSelector("#suggest-form:not([hidden])");

    const fits = async (state) => {
      const { doc, form, title } = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        form: document.getElementById("suggest-form").clientWidth,
        title: document.getElementById("f-title").getBoundingClientRect().width,
      }));
      if (doc > width) failures.push(`${where} ${state}: the page is ${doc}px wide`);
      if (title < form * 0.9) {
        failures.push(`${where} ${state}: the title field is ${Math.round(title)}px of the form's ${form}px`);
      }
      if (shots) await page.screenshot({ path: `${shots}/foresla-${width}-${scheme}-${state}.png`, fullPage: true });
    };

    await fits("fresh");
    await page.click("#suggest-form button[type=submit]");
    await page.waitForSelector("#suggest-summary:not([hidden])");
    await fits("failed");

    // What an editor does next: click into each field and type.
    await page.click("#f-title");
    await page.keyboard.type(TITLE);
    await page.click("#f-factor-kultur");
    await page.click("#f-year");
    await page.keyboard.type("19");
    await page.click("#f-summary");
    await page.keyboard.type(SUMMARY);
    await page.click("#suggest-form button[type=submit]");
    await page.waitForSelector("#f-year-error:not([hidden])");
    await fits("year-refused");
    // The year corrected, key by key, after the second failed submit.
    await page.click("#f-year");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("2019");
    await page.click("#suggest-form button[type=submit]");
    await page.waitForSelector("#suggest-result:not([hidden])");
    await fits("done");

    const draft = await page.evaluate(() => ({
      file: document.getElementById("suggest-file").textContent,
      text: document.getElementById("suggest-preview").textContent,
      title: document.getElementById("f-title").value,
    }));
    console.log(JSON.stringify({ width, scheme, ...draft }));
    for (const p of page.problems) failures.push(`${where}: ${p}`);
    await page.close();
  }
});
