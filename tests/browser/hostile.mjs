// A site full of hostile content, served with its Content-Security-Policy meta tag
// stripped from every page (a host that drops meta tags, a reader's extension): every
// page is opened, every link on the site is clicked and hovered, and no payload may
// run. Each payload calls alert(), __pwned() or sets document.title to PWNED; the
// test watches all three, and the page's script errors.
//
//   node tests/browser/hostile.mjs <built site dir>

import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { openPage, run } from "./lib.mjs";

const dir = process.argv[2];
const CSP = /<meta http-equiv="Content-Security-Policy"[^>]*>/g;
let stripped = 0;

function stripCsp(file, body) {
  if (!file.endsWith(".html")) return body;
  const text = body.toString("utf8");
  const out = text.replace(CSP, () => {
    stripped += 1;
    return "";
  });
  return Buffer.from(out, "utf8");
}

/// Every page of the built site, as a URL path.
function pages(root, at = root, out = []) {
  for (const name of readdirSync(at).sort()) {
    const p = join(at, name);
    if (statSync(p).isDirectory()) pages(root, p, out);
    else if (name.endsWith(".html")) {
      const rel = relative(root, p).split(sep).join("/");
      out.push("/" + rel.replace(/(^|\/)index\.html$/, "$1"));
    }
  }
  return out;
}

await run(
  dir,
  async ({ origin, context, failures }) => {
    await context.addInitScript(() => {
      window.__hits = [];
      window.__pwned = (what) => window.__hits.push(String(what));
    });
    // Pages that take input from the address: search results show content text,
    // the suggest form echoes its fields.
    const paths = [
      ...pages(dir),
      "/sok/?q=pwned",
      "/sok/?q=%3Cscript%3E",
      "/foresla/?title=%3Cscript%3E__pwned('suggest')%3C%2Fscript%3E&factor=kultur&summary=%3Cimg%20src%3Dx%20onerror%3D__pwned(1)%3E",
    ];
    const page = await openPage(context, origin);
    // The machines are shared; a slow page is not a failure, a payload is.
    page.setDefaultTimeout(120_000);
    page.setDefaultNavigationTimeout(120_000);
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs += 1;
      failures.push(`dialog on ${page.url()}: ${d.message()}`);
      await d.dismiss();
    });
    const check = async (where) => {
      // A click's navigation may still be under way: read the page it lands on.
      let state;
      for (let tries = 0; !state; tries++) {
        try {
          await page.waitForLoadState("load");
          state = await page.evaluate(() => ({ hits: window.__hits || [], title: document.title }));
        } catch (e) {
          if (tries >= 20 || !/context was destroyed|navigat/i.test(String(e))) throw e;
          await page.waitForTimeout(100);
        }
      }
      if (state.hits.length) failures.push(`${where}: payload ran: ${state.hits.join(", ")}`);
      if (state.title.includes("PWNED")) failures.push(`${where}: title changed to ${state.title}`);
    };

    const links = new Map();
    for (const path of paths) {
      await page.goto(origin + path, { waitUntil: "load" });
      await page.waitForTimeout(50);
      await check(path);
      for (const { href, rel } of await page.$$eval("a[href]", (as) =>
        as.map((a) => ({ href: a.getAttribute("href"), rel: a.getAttribute("rel") || "" })),
      )) {
        const resolved = new URL(href, origin + path);
        if (!["http:", "https:", "mailto:"].includes(resolved.protocol)) {
          failures.push(`${path}: link with scheme ${resolved.protocol} (${href})`);
        } else if (resolved.origin === origin && !links.has(href) && !resolved.pathname.endsWith(".pdf")) {
          // PDFs open in Chromium's own viewer (an extension): no content script there.
          links.set(href, { path, href });
        }
      }
    }

    let clicked = 0;
    for (const { path, href } of links.values()) {
      await page.goto(origin + path, { waitUntil: "load" });
      const link = page.locator(`a[href="${href.replace(/"/g, '\\"')}"]`).first();
      try {
        await link.hover({ timeout: 2000 });
        await link.click({ timeout: 2000 });
      } catch {
        // Hidden or off-screen links (the skip link, the menu on a wide screen).
        await link.evaluate((a) => a.click());
      }
      await page.waitForLoadState("load");
      await page.waitForTimeout(30);
      await check(`${path} → ${href}`);
      clicked += 1;
    }
    failures.push(...page.problems);
    if (stripped < paths.length - 3) failures.push(`the CSP was stripped from ${stripped} of ${paths.length} pages`);
    if (clicked < 10) failures.push(`only ${clicked} links clicked`);
    if (dialogs === 0 && !failures.length) {
      console.log(
        `hostile: ${paths.length} pages without their CSP (${stripped} tags stripped), ${clicked} links clicked, no script ran`,
      );
    }
  },
  stripCsp,
);
