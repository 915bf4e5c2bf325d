//! Open data: the licence from `book.toml` in the footer and the feed, and `check`
//! refusing an id SPDX's list (as kept in `src/config/licenses.tsv`) lacks.

use crate::support::TestSite;

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
