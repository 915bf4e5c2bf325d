// The facilitator's page at /sjalvskattning/grupp/: pools the participants' codes,
// pasted one per line or scanned from their QR codes where the browser has
// `BarcodeDetector`, and shows the group's means, spread, disagreements and weakest
// factors. Like the questionnaire, it sends nothing anywhere: the camera's frames
// stay in the page, and the codes are read here.

import { codeIn, decode, disagreement, pool, weakest } from "./score.js";
import { chart, el, fill, fmt, table, weakFactor } from "./view.js";

const data = JSON.parse(document.getElementById("sa-data").textContent);
const w = data.words;
const $ = (id) => document.getElementById(id);
const codes = $("sa-codes");
const result = $("sa-result");
const status = $("sa-status");

$("sa-nojs").hidden = true;
$("sa-group-form").hidden = false;

function poolCodes() {
  const participants = [];
  const errors = [];
  codes.value.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const list = decode(codeIn(line), data.count);
    if (list) participants.push(list);
    else errors.push(el("li", {}, fill(w.bad_line, { line: i + 1, code: line.trim() })));
  });
  $("sa-errors").replaceChildren(...errors);
  const pooled = pool(participants, data.factors);
  const range = (p) => (p.n ? `${fmt(p.min)}–${fmt(p.max)}` : "–");
  $("sa-result-note").textContent = fill(participants.length === 1 ? w.participants_one : w.participants, { n: participants.length });
  $("sa-profile").replaceChildren(
    chart(data, pooled, "sa-chart"),
    table(data, pooled, [
      [w.col_group_mean, (p) => (p.mean === null ? w.not_rated : fmt(p.mean))],
      [w.col_spread, (p) => (p.spread === null ? "–" : fmt(p.spread))],
      [w.col_range, range],
      [w.col_raters, (p) => String(p.n)],
    ], w.group_table_caption),
  );
  const split = disagreement(pooled, 3).map((i) => {
    const f = data.factors[i];
    return el("li", {}, el("a", { href: f.url }, `${f.order}. ${f.name}`), ` – ${fill(w.disagree_item, { spread: fmt(pooled[i].spread), range: range(pooled[i]) })}`);
  });
  $("sa-disagree").replaceChildren(...(split.length ? split : [el("li", {}, w.disagree_none)]));
  const weak = weakest(pooled, 3);
  $("sa-weak").replaceChildren(...weak.map((i) => weakFactor(data, i, fill(w.group_mean, { mean: fmt(pooled[i].mean) }))));
  result.hidden = false;
  say(fill(w.pooled, { n: participants.length, errors: errors.length }));
}

function say(text) {
  status.textContent = text;
}

$("sa-pool").addEventListener("click", () => {
  poolCodes();
  result.focus();
});
$("sa-print").addEventListener("click", () => window.print());
$("sa-group-form").addEventListener("submit", (e) => e.preventDefault());

// Scanning: only where the browser detects QR codes itself.
const video = $("sa-video");
let stream = null;

async function scan() {
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  } catch {
    say(w.camera_denied);
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  $("sa-scan-stop").hidden = false;
  await video.play();
  say(w.scanning);
  while (stream) {
    try {
      for (const found of await detector.detect(video)) {
        const code = codeIn(found.rawValue);
        const known = codes.value.split("\n").map((l) => codeIn(l).replace(/-/g, "").toUpperCase());
        if (decode(code, data.count) && !known.includes(code.replace(/-/g, "").toUpperCase())) {
          codes.value = (codes.value.trim() ? codes.value.trim() + "\n" : "") + code;
          say(fill(w.scanned, { n: codes.value.split("\n").filter((l) => l.trim()).length }));
        }
      }
    } catch {
      // A frame that could not be read; the next one may be.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stop() {
  stream?.getTracks().forEach((t) => t.stop());
  stream = null;
  video.hidden = true;
  $("sa-scan-stop").hidden = true;
  say(w.scan_stopped);
}

if ("BarcodeDetector" in window && navigator.mediaDevices?.getUserMedia) {
  $("sa-scan").hidden = false;
  $("sa-scan").addEventListener("click", scan);
  $("sa-scan-stop").addEventListener("click", stop);
}
