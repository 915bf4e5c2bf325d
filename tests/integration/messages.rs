//! Every message an editor reads follows `[book] language`: one error of each kind
//! that used to be English only (book.toml, the command line, collections, refused
//! URLs and HTML, the parsers' own words), as `check` and the other commands print
//! it on the Swedish fixture, and then the same error on an English site. Each error
//! has one position, the file's line and column.

use crate::support::{Run, TestSite};

fn failed(run: &Run) -> String {
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    run.stderr.clone()
}

fn english(site: &TestSite) -> &TestSite {
    site.edit("book.toml", "[book]\n", "[book]\nlanguage = \"en\"\n")
}

#[test]
fn a_book_toml_error_is_in_swedish_at_its_value() {
    let site = TestSite::basic();
    site.edit("book.toml", "https://test.example/", "ftp://test.example/");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with(
            "fel: `site-url` ska vara en hel adress som börjar med http:// eller https:// och slutar med `/`, inte `ftp://test.example/`\n --> book.toml:6:13\n"
        ),
        "{err}"
    );
    assert!(err.contains("= hjälp: till exempel `site-url = "), "{err}");
    // A value out of its range is refused while toml reads it, in the same words.
    let site = TestSite::basic();
    site.write("book.toml", "[library]\nrelated-cases = 99\n");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with(
            "fel: `related-cases` ska vara ett heltal från 0 till 50, inte 99\n --> book.toml:2:17\n"
        ),
        "{err}"
    );
}

#[test]
fn a_command_line_error_is_in_swedish() {
    let run = TestSite::basic().run(&["search", "kultur", "--facet", "faktor"]);
    assert_eq!(
        failed(&run),
        "fel: `--facet faktor` ska skrivas som NAMN=VÄRDE\n --> (kommandoraden)\n  \
         = hjälp: till exempel `--facet factor=ledarskap`\n\nfel: hittade 1 problem på kommandoraden\n"
    );
}

#[test]
fn a_collection_error_is_in_swedish() {
    let site = TestSite::basic();
    site.write(
        "content/samlingar/prov.md",
        "---\ntitle: Prov\nsummary: En samling.\naudience: Chefer\nduration: En timme\n\
         cases: [vara, vara]\nfactors: [kultur]\nquestions: [Varför?]\nsources:\n  - title: Källan\n---\n\nInledning.\n",
    );
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with("fel: fallet `vara` står med två gånger\n --> content/samlingar/prov.md:6:15\n"),
        "{err}"
    );
    assert!(
        err.contains("= hjälp: ta med varje fall en gång, med en anteckning"),
        "{err}"
    );
}

#[test]
fn a_refused_url_in_raw_html_is_in_swedish() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "Umeå växer.",
        "Umeå <a href=\"javascript:alert(1)\">växer</a>.",
    );
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with(
            "fel: `javascript:alert(1)` i `<a>` går inte att använda: adresser som börjar med `javascript:` är inte tillåtna\n  --> content/cases/umea.md:14:15\n"
        ),
        "{err}"
    );
    assert!(err.contains("^^^^^^^^^^^^^^^^^^^ i `href`"), "{err}");
}

#[test]
fn serde_and_yaml_errors_name_the_key_in_swedish_with_one_position() {
    let site = TestSite::basic();
    site.edit("content/cases/umea.md", "year: 2013", "year: [2013]");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with(
            "fel: här ska det stå ett heltal, inte en lista (i `year`)\n --> content/cases/umea.md:4:7\n"
        ),
        "{err}"
    );
    assert_eq!(err.matches("umea.md:").count(), 1, "{err}");
    assert!(!err.contains("line") && !err.contains("column"), "{err}");

    let site = TestSite::basic();
    site.edit("content/cases/umea.md", "title: Umeå – kulturhuvudstad\n", "");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with("fel: nyckeln `title` saknas men krävs\n"),
        "{err}"
    );

    // libyaml's syntax errors: a common one in the site's words, any other in a
    // frame that keeps the parser's own sentence.
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "keywords: [kulturhuvudstad]",
        "keywords: [kulturhuvudstad",
    );
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with("fel: listan inom `[ ]` eller tabellen inom `{ }` är inte rätt avslutad\n"),
        "{err}"
    );
    let site = TestSite::basic();
    site.edit("content/cases/umea.md", "year: 2013", "year: !e!t 2013");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with("fel: front matter går inte att läsa som YAML: found undefined tag handle, while parsing a node\n --> content/cases/umea.md:4:7\n"),
        "{err}"
    );
}

#[test]
fn the_same_errors_print_in_english_on_an_english_site() {
    let site = TestSite::basic();
    english(&site).edit("content/cases/umea.md", "year: 2013", "year: [2013]");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with(
            "error: this should be a whole number, not a list (in `year`)\n --> content/cases/umea.md:4:7\n"
        ),
        "{err}"
    );
    let site = TestSite::basic();
    english(&site).edit("book.toml", "https://test.example/", "ftp://test.example/");
    let err = failed(&site.run(&["check"]));
    assert!(
        err.starts_with("error: `site-url` must be an absolute http(s) address ending in `/`, not `ftp://test.example/`\n"),
        "{err}"
    );
    let run = english(&TestSite::basic()).run(&["search", "kultur", "--facet", "faktor"]);
    assert!(
        failed(&run).starts_with("error: `--facet faktor` is not NAME=VALUE\n --> (command line)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_live_preview_says_where_it_serves_in_the_sites_language() {
    let (swedish, en) = (TestSite::basic(), TestSite::basic());
    english(&en);
    for (site, starts) in [(&swedish, "Förhandsvisar "), (&en, "Serving ")] {
        let line = crate::serve::start(site).first_line.clone();
        assert!(line.starts_with(starts), "{line}");
        assert!(line.contains(" http://127.0.0.1:"), "{line}");
    }
}
