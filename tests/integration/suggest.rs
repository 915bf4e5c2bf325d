//! The "Föreslå ett fall" page in a real browser: the link it builds opens GitHub's
//! new-file editor with the very file `rotsystem new case` writes, and that file
//! passes `check`. Errors are shown at their fields.

use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};

use crate::devtools::Browser;
use crate::serve::start;
use crate::support::TestSite;

const REPO: &str = "https://github.com/exempel/rotsystem";

fn site_with_repository() -> TestSite {
    let site = TestSite::basic();
    site.edit(
        "book.toml",
        "[output.html]",
        &format!("[output.html]\ngit-repository-url = \"{REPO}\""),
    );
    site
}

/// What the page offers for `query`: (folder URL, file name, file text).
fn suggestion(browser: &mut Browser, addr: &str, query: &[(&str, &str)]) -> (String, String, String) {
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect();
    browser.navigate(&format!("http://{addr}/foresla/?{}", query.join("&")));
    browser.wait_for("!document.getElementById('suggest-result').hidden");
    let href = browser.eval("document.getElementById('suggest-link').href");
    let href = href.as_str().unwrap();
    let (folder, params) = href.split_once('?').unwrap();
    let param = |name: &str| {
        let raw = params
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {href}"));
        percent_decode_str(raw).decode_utf8().unwrap().into_owned()
    };
    (folder.to_string(), param("filename"), param("value"))
}

/// The file `rotsystem new case` writes for the same request.
fn written_by_new(args: &[&str]) -> (String, String) {
    let site = TestSite::basic();
    let mut all = vec!["new", "case"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim().strip_prefix("Skapade ").unwrap().to_string();
    let name = rel.rsplit('/').next().unwrap().to_string();
    (name, std::fs::read_to_string(site.root().join(&rel)).unwrap())
}

/// As written, the draft fails `check` only for its placeholders; written over, it passes.
fn passes_check_once_written(name: &str, text: &str) {
    let site = TestSite::basic();
    site.write(&format!("content/cases/{name}"), text);
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .all(|d| d["message"] == "utkastets platshållare står kvar"),
        "{diags:#?}\n{text}"
    );
    site.write(&format!("content/cases/{name}"), &crate::scaffold::written(text));
    let (code, diags) = site.check_json();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{text}");
}

#[test]
fn the_suggested_file_is_the_one_new_writes_and_it_passes_check_once_written() {
    let site = site_with_repository();
    let server = start(&site);
    let mut browser = Browser::start();

    let title = "Umeå: \"Öppna data\" – en ny väg";
    let summary = "Kommunen öppnade sina data.\nFöretag byggde tjänster på dem.";
    let (folder, name, text) = suggestion(
        &mut browser,
        &server.addr,
        &[
            ("title", title),
            ("municipality", "Umeå"),
            ("factor", "kultur"),
            ("factor", "ledarskap"),
            ("year", "2019"),
            ("summary", summary),
        ],
    );
    assert_eq!(folder, format!("{REPO}/new/main/content/cases"));
    assert_eq!(name, format!("{}.md", rotsystem::load::slugify(title)));
    let expected = written_by_new(&[
        title,
        "--municipality",
        "Umeå",
        "--factor",
        "kultur",
        "--factor",
        "ledarskap",
        "--year",
        "2019",
        "--summary",
        summary,
    ]);
    assert_eq!((name.clone(), text.clone()), expected);
    assert!(
        text.contains("year: 2019\n") && text.contains("municipalities: [umea]\n"),
        "{text}"
    );
    passes_check_once_written(&name, &text);

    // No municipality, year or summary; a title full of characters YAML and URLs
    // treat specially.
    let title = "  Ängelholm & Co: 100 % \\ #idéer? ";
    let (_, name, text) = suggestion(
        &mut browser,
        &server.addr,
        &[("title", title), ("factor", "ledarskap")],
    );
    assert_eq!(
        (name.clone(), text.clone()),
        written_by_new(&[title, "--factor", "ledarskap"])
    );
    passes_check_once_written(&name, &text);
}

#[test]
fn the_form_reports_problems_at_their_fields() {
    let site = site_with_repository();
    let server = start(&site);
    let mut browser = Browser::start();
    browser.navigate(&format!("http://{}/foresla/", server.addr));
    browser.wait_for("!document.getElementById('suggest-form').hidden");
    assert_eq!(
        browser.eval("document.getElementById('suggest-nojs').hidden"),
        true
    );

    browser.eval("document.querySelector('#suggest-form button[type=submit]').click()");
    browser.wait_for("!document.getElementById('suggest-summary').hidden");
    assert_eq!(browser.eval("document.activeElement.id"), "suggest-summary");
    assert_eq!(
        browser.eval("document.getElementById('f-title-error').textContent"),
        "Skriv en titel."
    );
    assert_eq!(
        browser.eval("document.getElementById('f-title-error').hidden"),
        false
    );
    assert_eq!(
        browser.eval("document.getElementById('f-title').getAttribute('aria-invalid')"),
        "true"
    );
    // The message is part of the field's accessible description.
    assert_eq!(
        browser.eval("document.getElementById('f-title').getAttribute('aria-describedby').split(' ').includes('f-title-error')"),
        true
    );
    assert_eq!(
        browser.eval("document.getElementById('f-factors-error').textContent"),
        "Välj minst en faktor."
    );
    assert_eq!(
        browser.eval("document.getElementById('suggest-result').hidden"),
        true
    );

    // Filled in through the form: a misspelt municipality is named, the rest passes.
    browser.eval(
        "document.getElementById('f-title').value = 'Nytt fall';\
         document.getElementById('f-municipality').value = 'Umea';\
         document.getElementById('f-factor-kultur').click();\
         document.getElementById('f-year').value = '19';\
         document.querySelector('#suggest-form button[type=submit]').click()",
    );
    let error = browser.eval("document.getElementById('f-municipality-error').textContent");
    assert!(
        error.as_str().unwrap().contains("”Umea” finns inte i listan"),
        "{error}"
    );
    assert_eq!(
        browser.eval("document.getElementById('f-year').getAttribute('aria-invalid')"),
        "true"
    );
    assert_eq!(
        browser.eval("document.getElementById('f-title').hasAttribute('aria-invalid')"),
        false
    );
    assert_eq!(
        browser.eval("document.getElementById('f-factors-error').hidden"),
        true
    );

    browser.eval(
        "document.getElementById('f-municipality').value = 'Umeå';\
         document.getElementById('f-year').value = '';\
         document.querySelector('#suggest-form button[type=submit]').click()",
    );
    assert_eq!(
        browser.eval("document.getElementById('suggest-result').hidden"),
        false
    );
    assert_eq!(
        browser.eval("document.activeElement.id"),
        "suggest-result-heading"
    );
    assert_eq!(
        browser.eval("document.getElementById('suggest-file').textContent"),
        "content/cases/nytt-fall.md"
    );
}

#[test]
fn without_javascript_the_page_says_how_to_suggest_a_case() {
    let site = site_with_repository();
    let server = start(&site);
    let mut browser = Browser::start();
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({ "value": true }),
    );
    browser.navigate(&format!("http://{}/foresla/", server.addr));
    let visible =
        |b: &mut Browser, id: &str| b.eval(&format!("document.getElementById('{id}').checkVisibility()"));
    assert_eq!(visible(&mut browser, "suggest-nojs"), true);
    assert_eq!(visible(&mut browser, "suggest-form"), false);
    let links = browser.eval("[...document.querySelectorAll('#suggest-nojs a')].map(a => a.href)");
    let links: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        links.contains(&format!("{REPO}/blob/main/CONTRIBUTING.md").as_str()),
        "{links:?}"
    );
    assert!(
        links.contains(&format!("{REPO}/new/main/content/cases").as_str()),
        "{links:?}"
    );
}

#[test]
fn the_page_exists_only_for_a_github_repository() {
    let site = site_with_repository();
    assert_eq!(site.build().code, 0);
    assert!(site
        .read_out("foresla/index.html")
        .contains("<h1>Föreslå ett fall</h1>"));
    assert!(site
        .read_out("index.html")
        .contains("<a href=\"/foresla/\">Föreslå ett fall</a>"));

    let plain = TestSite::basic();
    assert_eq!(plain.build().code, 0);
    assert!(!plain.out().join("foresla").exists());
    assert!(!plain.read_out("index.html").contains("Föreslå ett fall"));
}

/// The form at 320, 375 and 1280 px, light and dark: no sideways scroll and a title
/// field the form's width, before and after failed submits; what is typed key by key
/// after them (a title with a dash and å, a summary, a corrected year) is exactly what
/// the draft holds.
#[test]
fn the_form_fits_every_width_and_the_draft_holds_exactly_what_was_typed() {
    let site = site_with_repository();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = crate::browser::node("suggest.mjs", &[&site.out()]);
    let drafts: Vec<serde_json::Value> = report
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(drafts.len(), 5, "{report}");
    let title = "Kalix – ny medborgardialog: digitala rådslag";
    let summary = "Kommunen lät invånarna tycka till på nätet, år efter år.";
    for draft in &drafts {
        let text = draft["text"].as_str().unwrap();
        assert_eq!(draft["title"], title, "{draft}");
        assert_eq!(
            draft["file"],
            "content/cases/kalix-ny-medborgardialog-digitala-radslag.md"
        );
        assert!(text.contains(&format!("title: \"{title}\"\n")), "{text}");
        assert!(text.contains(&format!("summary: \"{summary}\"\n")), "{text}");
        assert!(text.contains("\nyear: 2019\n"), "{text}");
        assert!(!text.contains("# year"), "{text}");
        assert!(text.contains("  - id: kultur\n"), "{text}");
    }
}

/// Whether a measured page's name is of a page type.
type IsKind = fn(&str) -> bool;

/// One page of every path shape in the bundled library's sitemap (with a repository,
/// so the form is there), the handout print pages, the 404, a search and the form
/// before and after a failed submit, at 320, 375 and 1280 px: none wider than the
/// window, and every page type of the list among them.
#[test]
fn no_page_kind_scrolls_sideways_at_320_375_or_1280_px() {
    let (_dir, site) = crate::browser::build_library_with(&format!("git-repository-url = \"{REPO}\""));
    let report = crate::browser::node("reflow.mjs", &[&site]);
    let report: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    let widths = report["widths"].as_array().unwrap();
    assert!(
        widths.iter().all(|w| w["doc"].as_u64() <= w["width"].as_u64()),
        "{report}"
    );
    let kinds: [(&str, IsKind); 21] = [
        ("home", |p| p == "/"),
        ("case", |p| {
            p.starts_with("/fall/") && p.matches('/').count() == 3 && p != "/fall/ar/"
        }),
        ("factor", |p| {
            p.starts_with("/faktorer/") && p.matches('/').count() == 3
        }),
        ("factors", |p| p == "/faktorer/"),
        ("step", |p| p.starts_with("/steg/") && p.matches('/').count() == 3),
        ("steps", |p| p == "/steg/"),
        ("municipality", |p| {
            p.starts_with("/kommuner/") && p.matches('/').count() == 3
        }),
        ("municipalities", |p| p == "/kommuner/"),
        ("year", |p| {
            p.starts_with("/fall/ar/") && p.matches('/').count() == 4
        }),
        ("listing", |p| p == "/fall/"),
        ("search", |p| p.starts_with("/sok/?q=")),
        ("free page", |p| p == "/bidra/"),
        ("404", |p| p == "/finns-inte/"),
        ("factor handout", |p| {
            p.starts_with("/faktorer/") && p.ends_with("/utskrift/")
        }),
        ("root-system handout", |p| p == "/utskrift/rotsystemet/"),
        ("10-step handout", |p| p == "/utskrift/tio-steg/"),
        ("form", |p| p == "/foresla/"),
        ("form after a failed submit", |p| {
            p == "/foresla/ after a failed submit"
        }),
        ("self-assessment", |p| p == "/sjalvskattning/"),
        ("self-assessment group", |p| p == "/sjalvskattning/grupp/"),
        ("data", |p| p == "/data/"),
    ];
    for width in [320, 375, 1280] {
        let names: Vec<&str> = widths
            .iter()
            .filter(|w| w["width"] == width)
            .map(|w| w["name"].as_str().unwrap())
            .collect();
        for (kind, is) in &kinds {
            assert!(
                names.iter().any(|n| is(n)),
                "no {kind} page measured at {width} px: {names:?}"
            );
        }
    }
}

/// The contribution page leads to the form first, when there is one.
#[test]
fn the_contribution_page_leads_to_the_form_when_the_site_has_one() {
    let page = "---\ntitle: Bidra med ett fall\n---\n\nSå här bidrar du.\n";
    let site = site_with_repository();
    site.write("content/pages/bidra.md", page);
    assert_eq!(site.build().code, 0);
    let html = site.read_out("bidra/index.html");
    let lead = "<p class=\"contribute-form\">Det enklaste sättet att föreslå ett fall är formuläret";
    let at = html.find(lead).unwrap_or_else(|| panic!("{html}"));
    assert!(
        at < html.find("Så här bidrar du.").unwrap(),
        "the form comes first"
    );
    assert!(html[at..].contains("<a href=\"/foresla/\">Öppna formuläret Föreslå ett fall</a>"));
    assert!(!site.read_out("om/index.html").contains("contribute-form"));

    let plain = TestSite::basic();
    plain.write("content/pages/bidra.md", page);
    assert_eq!(plain.build().code, 0);
    assert!(!plain.read_out("bidra/index.html").contains("contribute-form"));
}
