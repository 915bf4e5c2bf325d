// Shared pieces of the browser tests: a loopback static server for a built site,
// and Debian's Chromium driven by playwright-core, with every request that leaves
// the server and every CSP violation or script error recorded as a problem.
//
// The Rust integration test (tests/integration/browser.rs) builds a site and runs
// `node tests/browser/<script>.mjs <dir> …`; a script exits non-zero on failure and
// prints why.

import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.ROTSYSTEM_CHROMIUM || "/usr/bin/chromium";

// The flags the team's briefing asks for; the machine has no network.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
};

/// Serves `dir` on 127.0.0.1 the way a static host does: `index.html` for a folder,
/// the site's `404.html` with status 404 for anything missing. Resolves to
/// `{ origin, close, served }`; `served` lists `[path, bytes]` per response.
/// `rewrite(file, body)`, if given, changes each body on its way out (a host that
/// strips tags, say).
export function serve(dir, rewrite = null) {
  const root = normalize(dir);
  const served = [];
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(400).end();
      return;
    }
    if (isDir(file)) file = join(file, "index.html");
    let status = 200;
    if (!isFile(file)) {
      status = 404;
      file = join(root, "404.html");
    }
    let body = isFile(file) ? readFileSync(file) : Buffer.from("not found");
    if (rewrite) body = rewrite(file, body);
    served.push([path, body.length]);
    res.writeHead(status, {
      "content-type": TYPES[extname(file)] || "application/octet-stream",
      "content-length": body.length,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ origin, served, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/// Launches Chromium with a fresh profile. Returns `{ context, close }`.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "rotsystem-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/// A new page whose problems (requests off the server, CSP violations, script
/// errors, console errors) are collected in `page.problems`.
export async function openPage(context, origin) {
  const page = await context.newPage();
  page.problems = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:")) return route.continue();
    page.problems.push(`third-party request: ${url}`);
    return route.abort();
  });
  page.on("console", (msg) => {
    // A missing page answers 404 on purpose; Chromium logs that as an error.
    if (msg.type() === "error" && !/status of 404/.test(msg.text())) {
      page.problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on("pageerror", (e) => page.problems.push(`script error: ${e.message}`));
  return page;
}

/// Runs `body` with a server for `dir` and a browser, closing both afterwards, and
/// exits 1 with the collected failures if there are any.
export async function run(dir, body, rewrite = null) {
  if (!dir) {
    console.error("usage: node <script>.mjs <built site dir> [...]");
    process.exit(2);
  }
  const server = await serve(dir, rewrite);
  const browser = await launch();
  const failures = [];
  try {
    await body({ origin: server.origin, context: browser.context, server, failures });
  } catch (e) {
    failures.push(`${e.stack || e}`);
  } finally {
    await browser.close();
    await server.close();
  }
  if (failures.length) {
    console.error(`${failures.length} failure(s):\n` + failures.join("\n"));
    process.exit(1);
  }
}

/// A check that prints its line and adds a failure when `ok` is false.
export function checker(failures) {
  return (ok, what) => {
    if (!ok) failures.push(what);
    console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe (WCAG 2.1 AA) on a page as it is now, and no horizontal overflow, which axe
/// does not test (WCAG 1.4.10); `.count` is how many pages it looked at.
export function axeChecker(failures) {
  const axe = async (page, what) => {
    await page.evaluate(AXE);
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG_21_AA);
    const width = page.viewportSize().width;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) failures.push(`${what}: ${scrollWidth}px wide at ${width}px`);
    for (const v of result.violations) {
      failures.push(`${what}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
    console.log(`axe ${what}: ${result.violations.length} violations`);
    axe.count += 1;
  };
  axe.count = 0;
  return axe;
}
