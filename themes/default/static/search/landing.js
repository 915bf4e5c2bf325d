// The case page a search result leads to. The result's link carries the query in its
// fragment (#q=…, written by search.js); this marks the query's words on the page
// and scrolls to the first, so a reader lands where the case speaks of what they
// searched for.
//
// The words are the search's own: the engine reads the query through the glossary,
// drops the stop words and chooses stems, derivations, prefixes, compound parts and
// typos from the index, and marks.js decides word by word as it does for snippets.
// The engine is loaded only when there is a query, so a case page opened any other
// way fetches nothing but this file. The index's manifest is named by the search
// page (its name is a content hash, which a case page does not know), so that page
// is read first; the browser has it cached after a search.
//
// The query never becomes markup: marks are made with createElement and filled
// with text taken from the page itself.

const root = document.querySelector("[data-landing]");
const query = new URLSearchParams(location.hash.slice(1)).get("q")?.trim();
if (root && query) land(root, query).catch(() => {});

async function land(root, query) {
  const [{ Engine, httpLoader }, { matchedTerms, matches, tokens }] = await Promise.all([
    import("./engine.js"),
    import("./marks.js"),
  ]);
  const searchPage = new URL(root.dataset.landing, location.href);
  const html = await (await fetch(searchPage)).text();
  const index = new DOMParser().parseFromString(html, "text/html").getElementById("sok")?.dataset.index;
  if (!index) return;
  const engine = new Engine(httpLoader(new URL(index, searchPage).href));
  const [m, groups] = await Promise.all([engine.manifest(), engine.expand(query)]);
  const terms = matchedTerms(groups);
  const marks = [];
  if (terms.size > 0) {
    for (const node of textNodes(root)) {
      const text = node.data;
      const hits = tokens(text).filter((t) => matches(t[0].toLowerCase(), terms, m.rule));
      if (hits.length === 0) continue;
      const parts = [];
      let at = 0;
      for (const t of hits) {
        parts.push(text.slice(at, t.index));
        const mark = document.createElement("mark");
        mark.textContent = t[0];
        parts.push(mark);
        marks.push(mark);
        at = t.index + t[0].length;
      }
      parts.push(text.slice(at));
      node.replaceWith(...parts);
    }
  }
  announce(root, query, marks.length);
  const first = marks[0];
  if (first) {
    const box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > innerHeight) first.scrollIntoView({ block: "center" });
  }
  root.dataset.landed = String(marks.length);
}

// The text of the case, not of its SVG or of marks already made.
function textNodes(root) {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest("svg, mark, script, style") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  while (walker.nextNode()) out.push(walker.currentNode);
  return out;
}

// Says what is marked, for readers who cannot see the colour.
function announce(root, query, n) {
  const note = document.getElementById("landning");
  if (!note) return;
  const key = n === 0 ? "tNone" : n === 1 ? "tOne" : "tMany";
  note.hidden = false;
  note.textContent = (note.dataset[key] || "").replace("{q}", query).replace("{n}", n);
}
