//! `check`'s quality warnings (`src/quality/`), as the editor reads them: each one
//! rendered, in the book's language, the exit code with and without `--deny
//! warnings`, and every case's LIX in `--format json`.

use crate::support::TestSite;

/// The basic fixture with nothing to warn about: one finished case (Vara, reviewed,
/// with its lessons) and a library date to measure review dates against.
fn finished() -> TestSite {
    let site = TestSite::basic();
    for gone in ["content/cases/dino.md", "content/cases/umea.md"] {
        std::fs::remove_file(site.root().join(gone)).unwrap();
    }
    site.edit("content/cases/vara.md", " Jämför med [Umeå](umea.md).", "")
        .edit(
            "content/cases/vara.md",
            "    page: 12\n---\n",
            "    page: 12\nreviewed: 2026-06-01\n---\n",
        )
        .edit(
            "content/cases/vara.md",
            "[^1]: En fotnot.",
            "## Lärdomar\n\nKultur lönar sig.\n\n[^1]: En fotnot.",
        )
        .edit(
            "book.toml",
            "[output.html]",
            "[library]\ndate = \"2026-11-22\"\n\n[output.html]",
        );
    site
}

/// A case with one of each warning but the readability one.
const UNFINISHED: &str = "---
title: Testfall – ett utkast
summary: Ett fall som inte är färdigt.
municipalities: [umea]
factors: [kultur]
keywords: [test]
sources:
  - title: Testkällan
reviewed: 2023-05-01
---

## Bakgrund och utmaning

## Vad de gjorde

De läste om [kulturen](../factors/kultur.md#vad-faktorn-innebar) och
[konserthuset](vara.md#resultatet).
";

#[test]
fn a_finished_site_has_no_warnings() {
    let site = finished();
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stderr);
    assert!(run.stdout.starts_with("Inga problem i 1 fall"), "{}", run.stdout);
}

#[test]
fn each_warning_reads_in_swedish_at_its_place() {
    let site = finished();
    site.write("content/cases/testfall.md", UNFINISHED);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "warnings alone do not fail check");
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr, @r"
    varning: fallet granskades senast 2023-05-01
     --> content/cases/testfall.md:9:11
      |
    9 | reviewed: 2023-05-01
      |           ^^^^^^^^^^ 1301 dagar före bibliotekets datum 2026-11-22
      |
      = hjälp: läs fallet mot källorna igen och skriv dagens datum i `reviewed:`; gränsen är `review-max-age-days` (730) under `[check]` i book.toml

    varning: avsnittet `## Bakgrund och utmaning` är tomt
      --> content/cases/testfall.md:12:1
       |
    12 | ## Bakgrund och utmaning
       | ^^^^^^^^^^^^^^^^^^^^^^^^
       |
       = hjälp: varje fall har en bakgrund och lärdomar; skriv några meningar under rubriken med det källan säger (se docs/content-model.md)

    varning: avsnittet `## Lärdomar` saknas
      --> content/cases/testfall.md:17:1
       |
    17 | [konserthuset](vara.md#resultatet).
       | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ `## Lärdomar` hör hemma efter det här
       |
       = hjälp: varje fall har en bakgrund och lärdomar; skriv några meningar under rubriken med det källan säger (se docs/content-model.md)

    varning: länken leder till rubriken `#resultatet`, som `cases/vara.md` inte har
      --> content/cases/testfall.md:17:1
       |
    17 | [konserthuset](vara.md#resultatet).
       | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ menar du `#resultat`?
       |
       = hjälp: rubrikerna i `cases/vara.md` har id:na #bakgrund-och-utmaning, #resultat, #lardomar

    varning: 4 varningar i innehållet (`check --deny warnings` gör dem till fel)
    ");
}

#[test]
fn deny_warnings_makes_them_errors_and_fails() {
    let site = finished();
    site.write("content/cases/testfall.md", UNFINISHED);
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("fel: fallet granskades senast 2023-05-01\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("fel: hittade 4 problem i innehållet\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("varning"), "{}", run.stderr);
    let github = site.run(&["check", "--format", "github", "--deny", "warnings"]);
    assert_eq!(github.code, 1);
    assert!(
        github.stdout.starts_with("::error file=content/cases/testfall.md,line=9,col=11::fallet granskades senast 2023-05-01 (1301 dagar före bibliotekets datum 2026-11-22)%0Ahjälp: "),
        "{}",
        github.stdout
    );
    let warned = site.run(&["check", "--format", "github"]);
    assert_eq!(warned.code, 0);
    assert_eq!(
        warned.stdout.matches("::warning file=").count(),
        4,
        "{}",
        warned.stdout
    );
}

/// A heading link whose target has no heading like it at all: the help names the
/// page's headings, and a page without headings says so.
#[test]
fn a_broken_heading_link_without_a_near_id_lists_the_headings() {
    let site = finished();
    site.edit(
        "content/cases/vara.md",
        "Kultur lönar sig.",
        "Kultur lönar sig, se [siffrorna](#helt-annat) och [sidan](../pages/om.md#x).",
    );
    let (code, report) = site.check_report(&[]);
    assert_eq!(code, 0);
    let diags = report["diagnostics"].as_array().unwrap();
    let shown: Vec<(&str, &str, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["message"].as_str().unwrap(),
                d["label"].as_str().unwrap(),
                d["help"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "länken leder till rubriken `#helt-annat`, som `cases/vara.md` inte har",
                "ingen rubrik i `cases/vara.md` har det id:t",
                "rubrikerna i `cases/vara.md` har id:na #bakgrund-och-utmaning, #resultat, #lardomar"
            ),
            (
                "länken leder till rubriken `#x`, som `pages/om.md` inte har",
                "ingen rubrik i `pages/om.md` har det id:t",
                "rubrikerna i `pages/om.md` har id:na #vad-det-ar"
            ),
        ]
    );
    assert_eq!(diags[0]["level"], "warning");
    assert_eq!(diags[0]["span"]["line"], 38, "the line of the link");
    // The ids every page's template writes are there too.
    site.edit(
        "content/cases/vara.md",
        "(#helt-annat)",
        "(../factors/kultur.md#fallen)",
    )
    .edit("content/cases/vara.md", "(../pages/om.md#x)", "(#kallor)");
    let (_, report) = site.check_report(&["--deny", "warnings"]);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn json_gives_every_cases_lix_and_the_limit_warns() {
    let site = finished();
    site.write("content/cases/testfall.md", UNFINISHED);
    let (_, report) = site.check_report(&[]);
    let cases = report["cases"].as_array().unwrap();
    let files: Vec<&str> = cases.iter().map(|c| c["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["content/cases/testfall.md", "content/cases/vara.md"]);
    // Testfall: "De läste om kulturen och konserthuset." 6 words, 1 sentence, long
    // words "kulturen", "konserthuset": 6/1 + 100·2/6 = 39.3.
    assert_eq!(
        cases[0],
        serde_json::json!({"file": "content/cases/testfall.md", "lix": 39.3, "words": 6, "sentences": 1, "long_words": 2})
    );
    assert!(cases[1]["lix"].as_f64().unwrap() > 0.0);

    site.edit("book.toml", "[library]", "[check]\nmax-lix = 30\n\n[library]");
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains(
            "varning: texten är svårläst: LIX 39, över gränsen 30\n  --> content/cases/testfall.md:12:1\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("6 ord per mening, 33 % långa ord"),
        "{}",
        run.stderr
    );
    site.edit("book.toml", "max-lix = 30", "max-lix = 5");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`max-lix` ska vara ett heltal från 10 till 100, inte 5"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_review_date_is_a_warning_and_a_bad_one_an_error() {
    let site = finished();
    site.edit("content/cases/vara.md", "reviewed: 2026-06-01\n", "");
    let (code, report) = site.check_report(&[]);
    assert_eq!(code, 0);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "fallet saknar datumet `reviewed:`"
    );
    assert_eq!(report["diagnostics"][0]["span"]["line"], 1);
    site.edit(
        "content/cases/vara.md",
        "    page: 12\n",
        "    page: 12\nreviewed: igår\n",
    );
    let (code, errors) = site.check_json();
    assert_eq!(code, 1);
    assert_eq!(
        errors[0]["message"],
        "`reviewed` ska vara ett datum som `2026-11-01`, inte `igår`"
    );
}

/// The same warnings in English for an English site, frame and all.
#[test]
fn warnings_follow_the_books_language() {
    let site = finished();
    site.write("content/cases/testfall.md", UNFINISHED);
    site.edit("book.toml", "[book]\n", "[book]\nlanguage = \"en\"\n");
    let run = site.run(&["check"]);
    assert!(
        run.stderr
            .starts_with("warning: the case was last reviewed on 2023-05-01\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  = help: every case has a background"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("warning: 4 warnings in the content (`check --deny warnings` makes them errors)\n"),
        "{}",
        run.stderr
    );
}

/// serde_norway writes its own position into a YAML error ("at line 5 column 9"),
/// counted from the front matter's first line; the editor sees one position, the
/// file's, and in the book's language.
#[test]
fn a_yaml_error_has_one_position() {
    let site = finished();
    site.write(
        "content/cases/testfall.md",
        "---\ntitle: Testfall\nsummary: Ett fall.\nmunicipalities: [umea]\nfactors: [kultur]\nkeywords: [a, b\nsources: []\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let first = run.stderr.lines().next().unwrap();
    assert_eq!(
        first, "fel: listan inom `[ ]` eller tabellen inom `{ }` är inte rätt avslutad",
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("line "), "{}", run.stderr);
    assert!(!run.stderr.contains("column"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("testfall.md:").count(), 1, "{}", run.stderr);
}
