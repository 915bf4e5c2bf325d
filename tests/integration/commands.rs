//! Every command's problems with its input, as the text users see: a diagnostic and
//! exit 1, whether the problem is in the content, the configuration or a value on
//! the command line (`search` and `serve` are tested in their own files).

use crate::support::{Run, TestSite};

fn failed(run: &Run) -> &str {
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    &run.stderr
}

#[test]
fn handouts_for_an_unknown_factor() {
    let run = TestSite::basic().run(&["handouts", "--factor", "kultr"]);
    assert_eq!(
        failed(&run),
        "fel: faktorn `kultr` finns inte\n --> (kommandoraden)\n  = not: menar du `kultur`?\n  \
         = hjälp: faktorerna är: kultur, ledarskap\n\nfel: hittade 1 problem på kommandoraden\n"
    );
}

#[test]
fn a_new_case_with_unknown_names_reports_each_before_writing() {
    let site = TestSite::basic();
    let run = site.run(&["new", "case", "X", "--factor", "kultr", "--municipality", "Umea"]);
    assert_eq!(
        failed(&run),
        "fel: kommunen `Umea` finns inte\n --> (kommandoraden)\n  = not: menar du `Umeå`?\n  \
         = hjälp: ange en av Sveriges 290 kommuner, med namn eller id\n\n\
         fel: faktorn `kultr` finns inte\n --> (kommandoraden)\n  = not: menar du `kultur`?\n  \
         = hjälp: faktorerna är: kultur, ledarskap\n\nfel: hittade 2 problem på kommandoraden\n"
    );
    assert!(!site.root().join("content/cases/x.md").exists());
}

#[test]
fn a_new_case_with_a_year_out_of_range_or_not_a_number() {
    let site = TestSite::basic();
    let run = site.run(&["new", "case", "X", "--factor", "kultur", "--year", "3000"]);
    assert_eq!(
        failed(&run),
        "fel: `--year` 3000 är inte ett rimligt år\n --> (kommandoraden)\n  \
         = hjälp: ange året, med fyra siffror, som källan till fallet beskriver\n\nfel: hittade 1 problem på kommandoraden\n"
    );
    // clap's own words for a value it cannot parse, with the exit code of any other
    // problem in the input.
    let run = site.run(&["new", "case", "X", "--factor", "kultur", "--year", "abc"]);
    assert!(
        failed(&run).starts_with("error: invalid value 'abc' for '--year <YEAR>'"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/cases/x.md").exists());
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
}

#[test]
fn a_new_case_with_a_very_long_title_gets_a_file_name_cut_after_a_word() {
    let site = TestSite::basic();
    let title = "Långt ord ".repeat(40);
    let run = site.run(&["new", "case", &title, "--factor", "kultur"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = format!(
        "content/cases/{}.md",
        "langt-ord-".repeat(6).trim_end_matches('-')
    );
    assert_eq!(run.stdout, format!("Skapade {rel}\n"));
    let text = std::fs::read_to_string(site.root().join(&rel)).unwrap();
    assert!(text.contains(title.trim()), "the title is kept whole");
    site.write(&rel, &crate::scaffold::written(&text));
    assert_eq!(site.run(&["check"]).code, 0);
}

#[test]
fn check_and_build_report_a_missing_content_folder_alike() {
    let site = TestSite::basic();
    std::fs::rename(site.root().join("content"), site.root().join("innehall")).unwrap();
    let expected = "fel: mappen med innehåll finns inte\n --> content\n  \
                    = hjälp: skapa den, eller ange `src` under `[book]` i book.toml\n\n\
                    fel: hittade 1 problem i innehållet\n";
    assert_eq!(failed(&site.run(&["check"])), expected);
    assert_eq!(failed(&site.build()), expected);
    assert_eq!(failed(&site.run(&["handouts"])), expected);
    assert_eq!(
        failed(&site.run(&["new", "case", "X", "--factor", "kultur"])),
        expected
    );
}
