//! Sweden's 290 municipalities are built in: a case names any of them with no entry
//! in `content/municipalities.yaml`, and appears on the map and on its page.

use crate::support::TestSite;

const GAVLE_CASE: &str = "---
title: Gävle – ett nytt fall
summary: Kommunen prövade ett nytt arbetssätt.
municipalities: [gavle]
factors: [kultur]
keywords: [prov]
sources:
  - title: Testkällan
---

## Bakgrund och utmaning

Text.
";

#[test]
fn a_case_naming_gavle_builds_with_no_yaml_entry_and_is_on_the_map() {
    let site = TestSite::basic();
    let yaml = std::fs::read_to_string(site.root().join("content/municipalities.yaml")).unwrap();
    assert!(!yaml.contains("Gävle") && !yaml.contains("2180"));
    site.write("content/cases/gavle.md", GAVLE_CASE);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);

    let home = site.read_out("index.html");
    let svg = home
        .split("<svg class=\"map\"")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert!(
        svg.contains(r#"<a href="/kommuner/gavle/"><title>Gävle: 1 fall</title><circle class="pt""#),
        "{svg}"
    );
    // The true map: land, the borders between municipalities and between counties.
    for layer in ["land", "border-municipality", "border-county"] {
        assert!(
            svg.contains(&format!(r#"<path class="{layer}" aria-hidden="true" d="M"#)),
            "{layer}"
        );
    }
    assert!(svg.contains(r#"<desc id="karta-beskrivning">Sveriges 290 kommuner"#));

    let page = site.read_out("kommuner/gavle/index.html");
    assert!(page.contains("<h1>Gävle</h1>"), "{page}");
    assert!(
        page.contains("<dd>Gävleborgs län</dd>") && page.contains("<dd>2180</dd>"),
        "{page}"
    );
    assert!(page.contains("Gävle – ett nytt fall"));
    assert!(site.read_out("sitemap.xml").contains("/kommuner/gavle/"));
    // A municipality no case names has no page: there would be nothing on it.
    assert!(!site.out().join("kommuner/sundsvall").exists());
    // What the library says about a municipality still reaches its page.
    assert!(site.read_out("kommuner/umea/index.html").contains("117294"));
}

#[test]
fn an_unknown_municipality_is_suggested_from_all_290() {
    let site = TestSite::basic();
    site.write(
        "content/cases/gavle.md",
        &GAVLE_CASE.replace("[gavle]", "[Gävle, sundsval, ingenstans]"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr, @r"
    fel: okänd kommun `Gävle`
     --> content/cases/gavle.md:4:18
      |
    4 | municipalities: [Gävle, sundsval, ingenstans]
      |                  ^^^^^ menar du `gavle`?
      |
      = hjälp: en kommun anges med sitt namn som slug (`gavle` för Gävle), vilken som helst av Sveriges 290; en plats som inte är en svensk kommun skrivs under `places`

    fel: okänd kommun `sundsval`
     --> content/cases/gavle.md:4:25
      |
    4 | municipalities: [Gävle, sundsval, ingenstans]
      |                         ^^^^^^^^ menar du `sundsvall`?
      |
      = hjälp: en kommun anges med sitt namn som slug (`gavle` för Gävle), vilken som helst av Sveriges 290; en plats som inte är en svensk kommun skrivs under `places`

    fel: okänd kommun `ingenstans`
     --> content/cases/gavle.md:4:35
      |
    4 | municipalities: [Gävle, sundsval, ingenstans]
      |                                   ^^^^^^^^^^
      |
      = hjälp: en kommun anges med sitt namn som slug (`gavle` för Gävle), vilken som helst av Sveriges 290; en plats som inte är en svensk kommun skrivs under `places`

    fel: hittade 3 problem i innehållet
    ");
}

#[test]
fn each_entry_of_the_municipalities_file_names_one_municipality() {
    let site = TestSite::basic();
    site.write(
        "content/municipalities.yaml",
        "- kommunkod: \"2480\"\n  name: Umeå\n- kommunkod: \"9999\"\n- kommunkod: \"1470\"\n  name: Gävle\n- name: Umeå\n- population: []\n",
    );
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let got: Vec<(u64, String)> = diags
        .iter()
        .map(|d| {
            (
                d["span"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (3, "okänd kommun: kommunkod `9999`".to_string()),
            (5, "`name` anger Gävle, men `kommunkod` anger Vara".to_string()),
            (6, "Umeå står med två gånger".to_string()),
            (7, "posten anger ingen kommun".to_string()),
        ],
        "{diags:#?}"
    );
}
