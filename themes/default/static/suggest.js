// "Föreslå ett fall": turns the form into a new case file and a link that opens it,
// prefilled, in GitHub's new-file editor. Runs only in the reader's browser; nothing
// is sent anywhere until the reader follows the link.
//
// slugify() and caseFile() mirror slugify() in src/load/validate.rs and skeleton()
// in src/scaffold.rs, so the file is the one `rotsystem new case` writes, with the
// placeholders (src/load/placeholders.rs) that `rotsystem check` refuses until they are
// written over; tests/integration/suggest.rs holds them together.
//
// The interface's words come from the page (data-msg-* on the form, from the theme's
// i18n tables); the file's words are the scaffold's, in the library's language.
//
// The form can be prefilled from the address (?title=…&municipality=…&factor=…
// &factor=…&year=…&summary=…): a link can propose a case, and a test can drive it.
(() => {
  "use strict";
  const form = document.getElementById("suggest-form");
  if (!form) return;

  const slugify = (name) => {
    const map = { "å": "a", "ä": "a", "á": "a", "à": "a", "ö": "o", "ø": "o", "ó": "o", "é": "e", "è": "e", "ë": "e", "ü": "u" };
    let out = "";
    for (const ch of name) {
      for (let c of ch.toLowerCase()) {
        c = map[c] || c;
        if (/^[a-z0-9]$/.test(c)) out += c;
        else if (out !== "" && !out.endsWith("-")) out += "-";
      }
    }
    return out.replace(/-+$/, "");
  };

  // caseSlug() mirrors case_slug() in src/scaffold.rs: at most 60 characters, cut
  // at a word boundary.
  const MAX_SLUG = 60;
  const caseSlug = (title) => {
    const slug = slugify(title);
    if (slug.length <= MAX_SLUG) return slug;
    const cut = slug.slice(0, MAX_SLUG + 1);
    const i = cut.lastIndexOf("-");
    return i > 0 ? cut.slice(0, i) : slug.slice(0, MAX_SLUG).replace(/-+$/, "");
  };

  // A JSON string is a valid YAML double-quoted scalar, whatever it holds.
  const quoted = (s) => JSON.stringify(s);

  const caseFile = ({ title, municipality, factors, year, summary }) => {
    let s = `---\ntitle: ${quoted(title)}\n`;
    s += summary
      ? `summary: ${quoted(summary)}\n`
      : 'summary: "Skriv en eller två meningar: vad gjordes, och varför spelar det roll?"\n';
    s += year !== null
      ? `year: ${year}\n`
      : "# year: 2024  (året som källan beskriver; utelämna om ingen källa anger det)\n";
    s += municipality ? `municipalities: [${municipality}]\n` : 'places: ["Ange platsen"]\n';
    s += "factors:\n";
    for (const f of factors) s += `  - id: ${f}\n    note: "Hur visar fallet den här faktorn?"\n`;
    s += 'keywords: []\nsources:\n  - title: "Ange källans titel"\n---\n';
    for (const h of ["Bakgrund och utmaning", "Vad de gjorde", "Resultat", "Utmaningar och framgångsfaktorer", "Lärdomar"]) {
      s += `\n## ${h}\n\n`;
    }
    return s;
  };

  const field = (id) => document.getElementById(id);
  const municipalities = [...document.querySelectorAll("#f-municipalities option")].map((o) => ({
    id: o.dataset.id,
    name: o.value,
  }));
  const findMunicipality = (wanted) =>
    municipalities.find((m) => m.id === wanted || m.name.toLowerCase() === wanted.toLowerCase());

  const setError = (name, target, message) => {
    const error = field(`f-${name}-error`);
    error.textContent = message || "";
    error.hidden = !message;
    if (target) {
      if (message) target.setAttribute("aria-invalid", "true");
      else target.removeAttribute("aria-invalid");
    }
  };

  // Reads the form: the case's data, or the problems, each tied to its field.
  const read = () => {
    const problems = [];
    const title = field("f-title").value.trim();
    if (!title) problems.push(["title", field("f-title"), form.dataset.msgTitle]);
    else if (!caseSlug(title)) problems.push(["title", field("f-title"), form.dataset.msgTitleLetters]);
    const muniText = field("f-municipality").value.trim();
    const muni = muniText ? findMunicipality(muniText) : null;
    if (muniText && !muni) {
      problems.push(["municipality", field("f-municipality"), form.dataset.msgMunicipality.replace("{name}", muniText)]);
    }
    const factors = [...form.querySelectorAll('input[name="factor"]:checked')].map((c) => c.value);
    if (!factors.length) {
      problems.push(["factors", form.querySelector('input[name="factor"]'), form.dataset.msgFactors]);
    }
    const yearText = field("f-year").value.trim();
    let year = null;
    if (yearText) {
      year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
      if (!(year >= 1900 && year <= 2100)) {
        problems.push(["year", field("f-year"), form.dataset.msgYear]);
      }
    }
    const summary = field("f-summary").value.trim();
    return { problems, data: { title, municipality: muni ? muni.id : null, factors, year, summary } };
  };

  const showProblems = (problems) => {
    for (const name of ["title", "municipality", "factors", "year"]) setError(name, null, "");
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const box = field("suggest-summary");
    const list = field("suggest-summary-list");
    list.replaceChildren();
    for (const [name, target, message] of problems) {
      setError(name, name === "factors" ? null : target, message);
      const a = document.createElement("a");
      a.href = `#${target.id}`;
      a.textContent = message;
      const li = document.createElement("li");
      li.append(a);
      list.append(li);
    }
    box.hidden = !problems.length;
    if (problems.length) box.focus();
  };

  const build = () => {
    const { problems, data } = read();
    showProblems(problems);
    if (problems.length) return false;
    const text = caseFile(data);
    const name = `${caseSlug(data.title)}.md`;
    const dir = `${form.dataset.src}/cases`;
    const url = `${form.dataset.repository}/new/${encodeURIComponent(form.dataset.branch)}/${dir}` +
      `?filename=${encodeURIComponent(name)}&value=${encodeURIComponent(text)}`;
    field("suggest-link").href = url;
    field("suggest-file").textContent = `${dir}/${name}`;
    field("suggest-preview").textContent = text;
    field("suggest-result").hidden = false;
    return true;
  };

  const params = new URLSearchParams(location.search);
  if (params.has("title")) {
    field("f-title").value = params.get("title");
    field("f-municipality").value = params.get("municipality") || "";
    const chosen = params.getAll("factor");
    for (const box of form.querySelectorAll('input[name="factor"]')) box.checked = chosen.includes(box.value);
    field("f-year").value = params.get("year") || "";
    field("f-summary").value = params.get("summary") || "";
  }
  form.hidden = false;
  field("suggest-nojs").hidden = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (build()) field("suggest-result-heading").focus();
  });
  if (params.has("title")) build();
})();
