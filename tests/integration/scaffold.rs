//! `rotsystem new case`: the new file fails `check` once per placeholder, at its place,
//! until the editor has written it; then it passes. Nothing is overwritten.

use crate::support::TestSite;

#[test]
fn a_new_case_fails_check_once_per_placeholder_until_it_is_written() {
    let site = TestSite::basic();
    let run = site.run(&[
        "new",
        "case",
        "Umeå: \"Öppna data\" – en ny väg",
        "--municipality",
        "Umeå",
        "--factor",
        "kultur",
        "--factor",
        "ledarskap",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "Skapade content/cases/umea-oppna-data-en-ny-vag.md\n");
    let text =
        std::fs::read_to_string(site.root().join("content/cases/umea-oppna-data-en-ny-vag.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Umeå: \\\"Öppna data\\\" – en ny väg\"\n"),
        "{text}"
    );
    assert!(text.contains("municipalities: [umea]"));
    assert!(text.contains("## Lärdomar"));
    // The text editors see: one error per placeholder, each at its value.
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
    let (_, diags) = site.check_json();
    let lines: Vec<u64> = diags
        .iter()
        .map(|d| d["span"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 8, 10, 13], "{diags:#?}");

    let rel = "content/cases/umea-oppna-data-en-ny-vag.md";
    site.write(rel, &written(&text));
    let (code, diags) = site.check_json();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    assert_eq!(site.build().code, 0);
}

/// A scaffold with its placeholders written over, as an editor would.
pub fn written(text: &str) -> String {
    text.replace(
        rotsystem::load::placeholders::SUMMARY,
        "Kommunen öppnade sina data, och företag byggde tjänster på dem.",
    )
    .replace(rotsystem::load::placeholders::PLACE, "Umeå")
    .replace(
        rotsystem::load::placeholders::NOTE,
        "Förvaltningarna prövade ett nytt arbetssätt tillsammans.",
    )
    .replace(
        rotsystem::load::placeholders::SOURCE,
        "Umeå kommun, årsredovisning 2019",
    )
}

#[test]
fn new_refuses_to_overwrite_an_existing_case() {
    let site = TestSite::basic();
    let before = std::fs::read(site.root().join("content/cases/vara.md")).unwrap();
    let run = site.run(&[
        "new",
        "case",
        "Vara",
        "--municipality",
        "vara",
        "--factor",
        "kultur",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("fel: det finns redan ett fall med det här namnet\n --> content/cases/vara.md"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(site.root().join("content/cases/vara.md")).unwrap(),
        before
    );
}

#[test]
fn new_checks_names_before_writing() {
    let site = TestSite::basic();
    let run = site.run(&[
        "new",
        "case",
        "Nytt fall",
        "--municipality",
        "Umea",
        "--factor",
        "kulturr",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("kommunen `Umea` finns inte"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("menar du `Umeå`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains("faktorn `kulturr` finns inte"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/cases/nytt-fall.md").exists());
}
