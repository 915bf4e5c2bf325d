//! Open data: the licence from `book.toml` in the footer, the feed and the handouts;
//! `check` refusing an id SPDX's list (as kept in `src/config/licenses.tsv`) lacks and
//! an incomplete catalogue; the `/data/` files read back by other people's tools
//! (Python's jsonschema, csv and rdflib, Rust's `csv` crate) and the JSON-LD of every
//! page in Chromium.

use std::path::Path;
use std::process::Command;

use crate::support::{read_tree, TestSite};

const LICENSED: &str = "description = \"Ett litet bibliotek för tester.\"\nlicense = \"CC-BY-4.0\"";

#[test]
fn licence_is_printed_in_footer_and_feed() {
    let site = TestSite::basic();
    site.edit(
        "book.toml",
        "description = \"Ett litet bibliotek för tester.\"",
        LICENSED,
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = site.read_out("index.html");
    assert!(
        home.contains("<p class=\"license\">Innehåll och data får användas enligt <a rel=\"license\" href=\"https://spdx.org/licenses/CC-BY-4.0.html\">Creative Commons Attribution 4.0 International (CC-BY-4.0)</a></p>"),
        "{home}"
    );
    let feed = site.read_out("atom.xml");
    assert!(
        feed.contains("<rights>Creative Commons Attribution 4.0 International (CC-BY-4.0)</rights>"),
        "{feed}"
    );
    assert!(
        feed.contains("<link rel=\"license\" href=\"https://spdx.org/licenses/CC-BY-4.0.html\"/>"),
        "{feed}"
    );
}

#[test]
fn no_licence_means_no_licence_line() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    assert!(!site.read_out("index.html").contains("rel=\"license\""));
    assert!(!site.read_out("atom.xml").contains("<rights>"));
}

#[test]
fn check_refuses_an_unknown_licence_at_its_place() {
    let site = TestSite::basic();
    site.edit(
        "book.toml",
        "description = \"Ett litet bibliotek för tester.\"",
        "description = \"Ett litet bibliotek för tester.\"\nlicense = \"CC-BY-40\"",
    );
    let run = site.run(&["check"]);
    assert_ne!(run.code, 0);
    insta::assert_snapshot!(run.stderr);
}

const PUBLISHER: &str = "\n[library.publisher]\nname = \"Testkommunen\"\ntype = \"LocalAuthority\"\nemail = \"oppnadata@test.example\"\n";

/// The basic fixture with a licence and a publisher, so with a catalogue.
fn open_site() -> TestSite {
    let site = TestSite::basic();
    site.edit(
        "book.toml",
        "description = \"Ett litet bibliotek för tester.\"",
        LICENSED,
    );
    let toml = std::fs::read_to_string(site.root().join("book.toml")).unwrap();
    site.write("book.toml", &format!("{toml}{PUBLISHER}"));
    site
}

/// Debian's Python, with `python3-jsonschema` and `python3-rdflib` (`.ci/test`
/// installs them); `ROTSYSTEM_PYTHON` names another. Fails, never skips, without them.
fn python(script: &str, args: &[&str]) -> String {
    let python = std::env::var("ROTSYSTEM_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let has = Command::new(&python)
        .args(["-c", "import jsonschema, rdflib"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has,
        "{python} lacks jsonschema or rdflib: apt-get install -y python3-jsonschema python3-rdflib (.ci/test does)"
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/opendata")
        .join(script);
    let out = Command::new(&python).arg(path).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn json(site: &TestSite, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read_out(rel)).unwrap()
}

#[test]
fn every_data_file_validates_against_its_published_schema() {
    let site = open_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.out();
    // Three cases of their own, all cases, factors, steps and the municipalities.
    let report = python("schemas.py", &[out.to_str().unwrap(), "https://test.example/"]);
    assert_eq!(report, "validated 7 files\n");
    let cases = json(&site, "data/fall.json");
    assert_eq!(cases["license"]["id"], "CC-BY-4.0");
    let umea = &cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "umea")
        .unwrap();
    assert_eq!(umea["municipalities"][0]["kommunkod"], "2480");
    assert_eq!(umea["municipalities"][0]["county"], "Västerbottens län");
    assert_eq!(umea["url"], "https://test.example/fall/umea/");
    let one = json(&site, "data/fall/umea.json");
    assert_eq!(&one["case"], *umea);
}

#[test]
fn the_csv_reads_back_with_python_and_the_csv_crate() {
    let site = open_site();
    assert_eq!(site.build().code, 0);
    let cases = json(&site, "data/fall.json");
    let cases = cases["cases"].as_array().unwrap();
    let path = site.out().join("data/fall.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        rotsystem::opendata::csv::COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), cases.len());
    assert_eq!(rows.len(), 3);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for (row, case) in rows.iter().zip(cases) {
        assert_eq!(row[col("title")], *case["title"].as_str().unwrap());
        // The body holds line breaks, so it shows the quoting works.
        assert_eq!(row[col("body")], *case["body"].as_str().unwrap());
        assert!(row[col("body")].contains('\n'));
    }
    let umea = rows.iter().find(|r| &r[col("id")] == "umea").unwrap();
    assert_eq!(&umea[col("title")], "Umeå – kulturhuvudstad");
    assert_eq!(&umea[col("municipalities")], "Umeå");
    assert_eq!(&umea[col("counties")], "Västerbottens län");
    let titles: Vec<&str> = cases.iter().map(|c| c["title"].as_str().unwrap()).collect();
    let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    rows = list(csv.DictReader(f))\nprint(json.dumps([r['title'] for r in rows], ensure_ascii=False))";
    let py = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(py.status.success(), "{}", String::from_utf8_lossy(&py.stderr));
    let from_python: Vec<String> = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(from_python, titles);
}

/// DCAT-AP-SE's mandatory properties, class by class: those with `cardinality.min`
/// 1 in the specification's templates (DCAT-AP-SE 3.0.1, github.com/diggsweden/
/// DCAT-AP-SE `templates/`, commit 6b5124b8; the page is docs.dataportal.se/dcat/en/).
/// A contact point is recommended for a dataset; given one, its name and e-mail are
/// mandatory. `dcterms:license` on each distribution is recommended; the issue asks it.
const MANDATORY: &[(&str, &str)] = &[
    ("dcat:Catalog", "dcterms:title"),
    ("dcat:Catalog", "dcterms:description"),
    ("dcat:Catalog", "dcterms:publisher"),
    ("dcat:Catalog", "dcat:dataset"),
    ("dcat:Catalog", "dcterms:license"),
    ("dcat:Dataset", "dcterms:title"),
    ("dcat:Dataset", "dcterms:description"),
    ("dcat:Dataset", "dcterms:publisher"),
    ("dcat:Dataset", "dcat:contactPoint"),
    ("dcat:Dataset", "dcat:distribution"),
    ("dcat:Distribution", "dcat:accessURL"),
    ("dcat:Distribution", "dcterms:format"),
    ("dcat:Distribution", "dcterms:license"),
    ("foaf:Organization", "foaf:name"),
    ("foaf:Organization", "dcterms:type"),
    ("vcard:Organization", "vcard:fn"),
    ("vcard:Organization", "vcard:hasEmail"),
];

#[test]
fn the_catalogue_parses_as_rdf_and_holds_dcat_ap_se_mandatory_properties() {
    let site = open_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let asked = serde_json::to_string(MANDATORY).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&python("catalogue.py", &[site.out().to_str().unwrap(), &asked])).unwrap();
    for (class, property) in MANDATORY {
        let r = &report[format!("{class} {property}")];
        assert!(r["nodes"].as_u64().unwrap() >= 1, "no {class}: {report}");
        assert_eq!(r["lacking"], serde_json::json!([]), "{class} without {property}");
    }
    assert_eq!(
        report["dcat:Distribution dcat:accessURL"]["nodes"], 2,
        "JSON and CSV"
    );
    for class in ["dcat:Catalog", "dcat:Dataset"] {
        for property in ["dcterms:title", "dcterms:description"] {
            assert_eq!(
                report[format!("{class} {property}")]["languages"],
                serde_json::json!(["en", "sv"]),
                "{class} {property} in Swedish and English"
            );
        }
    }
    let rdf = site.read_out("data/katalog.rdf");
    assert!(rdf.contains("<foaf:name>Testkommunen</foaf:name>"), "{rdf}");
    assert!(rdf.contains("rdf:resource=\"http://purl.org/adms/publishertype/LocalAuthority\""));
    assert!(rdf.contains("<dcterms:license rdf:resource=\"https://spdx.org/licenses/CC-BY-4.0.html\"/>"));
    // The /data/ page names the catalogue; a site without a publisher has none.
    assert!(site.read_out("data/index.html").contains("katalog.rdf"));
    let plain = TestSite::basic();
    assert_eq!(plain.build().code, 0);
    assert!(!plain.out().join("data/katalog.rdf").exists());
    assert!(plain.out().join("data/fall.json").exists());
}

#[test]
fn an_incomplete_catalogue_is_refused_with_the_key_to_add() {
    let site = open_site();
    site.edit("book.toml", "email = \"oppnadata@test.example\"\n", "");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("catalogue_without_email", run.stderr);
    let site = TestSite::basic();
    let toml = std::fs::read_to_string(site.root().join("book.toml")).unwrap();
    site.write("book.toml", &format!("{toml}{PUBLISHER}"));
    let run = site.build();
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("catalogue_without_licence", run.stderr);
    assert!(!site.out().exists(), "a refused build writes nothing");
}

/// The text of a page's JSON-LD element, which must be its only one.
fn jsonld_of(html: &str) -> &str {
    let open = "<script type=\"application/ld+json\">";
    assert_eq!(html.matches(open).count(), 1, "{html}");
    let start = html.find(open).unwrap() + open.len();
    let len = html[start..].find("</script>").unwrap();
    &html[start..start + len]
}

#[test]
fn hostile_content_stays_inside_the_json_ld_element() {
    let site = TestSite::basic();
    let hostile = "Vara </script><script>alert(1)</script> <!-- & </SCRIPT >";
    site.edit(
        "content/cases/vara.md",
        "title: Vara – kultur som motor",
        &format!("title: '{hostile}'"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read_out("fall/vara/index.html");
    let text = jsonld_of(&html);
    assert!(!text.contains('<') && !text.contains('>'), "{text}");
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(value["@graph"][0]["headline"], hostile);
    // Only the theme's own scripts, which all have a src, besides the data element.
    let scripts = html.matches("<script").count();
    let with_src = html
        .split("<script")
        .skip(1)
        .filter(|tag| tag.split('>').next().unwrap().contains(" src="))
        .count();
    assert_eq!(scripts, with_src + 1, "{html}");
}

#[test]
fn a_case_page_says_what_the_case_is_about_as_linked_data() {
    let site = open_site();
    assert_eq!(site.build().code, 0);
    let html = site.read_out("fall/umea/index.html");
    let value: serde_json::Value = serde_json::from_str(jsonld_of(&html)).unwrap();
    let case = &value["@graph"][0];
    assert_eq!(case["@type"], "Article");
    assert_eq!(case["@id"], "https://test.example/fall/umea/");
    let about = case["about"].as_array().unwrap();
    assert!(!about.is_empty());
    for term in about {
        assert_eq!(term["@type"], "DefinedTerm");
        assert_eq!(term["inDefinedTermSet"]["@id"], "https://test.example/faktorer/");
    }
    let place = &case["spatialCoverage"][0];
    assert_eq!(place["@type"], "AdministrativeArea");
    assert_eq!(place["identifier"]["value"], "2480");
    assert_eq!(place["identifier"]["propertyID"], "kommunkod");
    assert_eq!(case["citation"][0]["@type"], "CreativeWork");
    assert_eq!(case["license"], "https://spdx.org/licenses/CC-BY-4.0.html");
    let sets: Vec<&str> = value["@graph"].as_array().unwrap()[1..]
        .iter()
        .map(|s| s["@id"].as_str().unwrap())
        .collect();
    assert_eq!(
        sets,
        ["https://test.example/faktorer/", "https://test.example/steg/"]
    );
    let overview: serde_json::Value =
        serde_json::from_str(jsonld_of(&site.read_out("faktorer/index.html"))).unwrap();
    assert_eq!(overview["@type"], "DefinedTermSet");
    assert!(!overview["hasDefinedTerm"].as_array().unwrap().is_empty());
}

#[test]
fn the_licence_is_printed_on_the_handouts() {
    let site = open_site();
    assert_eq!(site.build().code, 0);
    let pdf = site.out().join("utskrift/rotsystemet.pdf");
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed: apt-get install -y poppler-utils");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("licens CC-BY-4.0"), "{text}");
    assert!(site
        .read_out("utskrift/rotsystemet/index.html")
        .contains("licens CC-BY-4.0"));
}

#[test]
fn two_builds_with_data_files_and_catalogue_are_byte_identical() {
    let site = open_site();
    let a = site.root().join("a");
    let b = site.root().join("b");
    assert_eq!(site.run(&["build", "--dest", a.to_str().unwrap()]).code, 0);
    assert_eq!(site.run(&["build", "--dest", b.to_str().unwrap()]).code, 0);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.contains_key("data/katalog.rdf") && ta.contains_key("data/fall/vara.json"));
    assert_eq!(ta, tb);
}

#[test]
fn every_pages_json_ld_parses_in_chromium_and_names_only_its_pages() {
    let (_dir, out) = crate::browser::build_library();
    let report = crate::browser::node("jsonld.mjs", &[&out, Path::new("https://rotsystem.example.se/")]);
    let report: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    let cases = std::fs::read_dir(out.join("data/fall")).unwrap().count() as u64;
    assert!(cases >= 20);
    assert_eq!(report["types"]["Article"], cases, "{report}");
    assert_eq!(report["headlines"].as_array().unwrap().len() as u64, cases);
    assert!(report["types"]["DefinedTerm"].as_u64().unwrap() > 22);
    assert!(report["types"]["AdministrativeArea"].as_u64().unwrap() >= cases);
}
