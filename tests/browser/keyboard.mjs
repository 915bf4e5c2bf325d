// A keyboard-only walk through the home page: the skip link, the header search,
// the main navigation, the factor and map links, at desktop and phone widths. Every
// focus stop must be visible and show a focus indicator.
//
//   node tests/browser/keyboard.mjs <built site dir>

import { openPage, run } from "./lib.mjs";

/// What has focus, and whether a reader can see that it has.
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const inMap = !!el.closest("svg.map");
  const styled = inMap ? el.querySelector("circle") : el;
  const cs = getComputedStyle(styled);
  const rect = el.getBoundingClientRect();
  const indicator = inMap
    ? parseFloat(cs.strokeWidth) >= 3
    : cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || el.getAttribute("aria-label") || el.name || "").trim().replace(/\s+/g, " ").slice(0, 40),
    href: el.getAttribute("href"),
    inMap,
    indicator,
    visible: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.left < innerWidth,
  };
}

async function tab(page) {
  await page.keyboard.press("Tab");
  await page.evaluate(() => document.activeElement?.scrollIntoView({ block: "center" }));
  return page.evaluate(focusState);
}

async function tabTo(page, wanted, limit = 60) {
  for (let i = 0; i < limit; i++) {
    const f = await tab(page);
    if (f && wanted(f)) return f;
  }
  return null;
}

await run(process.argv[2], async ({ origin, context, failures }) => {
  for (const width of [1280, 375]) {
    const at = `(${width}px)`;
    const page = await openPage(context, origin);
    await page.setViewportSize({ width, height: 800 });

    // 1. The first stop is the skip link, visible when focused; it moves focus to main.
    await page.goto(origin + "/");
    const first = await tab(page);
    if (!first || !first.href?.endsWith("#innehall") || !first.visible) {
      failures.push(`${at} first Tab stop is not a visible skip link: ${JSON.stringify(first)}`);
    }
    await page.keyboard.press("Enter");
    const afterSkip = await page.evaluate(() => document.activeElement?.id);
    if (afterSkip !== "innehall") failures.push(`${at} skip link leaves focus on #${afterSkip}, not on main`);

    // 2. Every stop on the home page, in order, visible and with an indicator.
    await page.goto(origin + "/");
    const stops = [];
    for (let i = 0; i < 200; i++) {
      const f = await tab(page);
      if (!f || (stops.length && f.tag === "a" && f.href?.endsWith("#innehall"))) break;
      stops.push(f);
    }
    for (const f of stops) {
      if (!f.visible) failures.push(`${at} focus on an invisible element: ${JSON.stringify(f)}`);
      if (!f.indicator) failures.push(`${at} no visible focus indicator on: ${JSON.stringify(f)}`);
    }
    const order = stops.map((f) => f.href || f.tag);
    const expect = ["/", "input", "button", "/fall/", "/faktorer/", "/steg/", "/samlingar/", "/kommuner/"];
    const head = order.slice(1, 1 + expect.length);
    if (JSON.stringify(head) !== JSON.stringify(expect)) {
      failures.push(`${at} header order is ${JSON.stringify(head)}, expected ${JSON.stringify(expect)}`);
    }
    if (!stops.some((f) => f.inMap)) failures.push(`${at} no map point is reachable by keyboard`);
    if (!stops.some((f) => /^\/faktorer\/[a-z-]+\/$/.test(f.href || ""))) {
      failures.push(`${at} no factor link is reachable by keyboard`);
    }
    console.log(`${at} ${stops.length} focus stops on the home page, all visible with a focus indicator`);

    // 3. Search from the header with the keyboard only.
    await page.goto(origin + "/fall/vara/");
    const input = await tabTo(page, (f) => f.tag === "input");
    if (!input) failures.push(`${at} the search field cannot be reached with Tab`);
    await page.keyboard.type("kultur och ledarskap");
    await Promise.all([page.waitForURL(/\/sok\/\?q=/), page.keyboard.press("Enter")]);
    const url = new URL(page.url());
    if (url.pathname !== "/sok/" || url.searchParams.get("q") !== "kultur och ledarskap") {
      failures.push(`${at} search went to ${page.url()}`);
    }

    // 4. Navigate with Enter: main menu, then a factor from the list.
    await page.goto(origin + "/");
    await tabTo(page, (f) => f.href === "/faktorer/");
    await Promise.all([page.waitForURL(`${origin}/faktorer/`), page.keyboard.press("Enter")]);
    const current = await page.evaluate(() => document.querySelector('nav [aria-current="page"]')?.getAttribute("href"));
    if (current !== "/faktorer/") failures.push(`${at} the menu does not mark the factors page as current: ${current}`);
    const factor = await tabTo(page, (f) => /^\/faktorer\/[a-z-]+\/$/.test(f.href || ""));
    if (!factor) {
      failures.push(`${at} no factor link on /faktorer/`);
    } else {
      await Promise.all([page.waitForURL(origin + factor.href), page.keyboard.press("Enter")]);
      console.log(`${at} keyboard: / → /faktorer/ → ${factor.href}; search → ${url.pathname}${url.search}`);
    }
    for (const p of page.problems) failures.push(`${at} ${p}`);
    await page.close();
  }
});
