//! The default theme's promises that can be read from the built HTML: the interface
//! language, no inline script or style (the CSP forbids both), nothing loaded from
//! another site, and a map whose points are named links.

use crate::support::{read_tree, TestSite};

fn pages(site: &TestSite) -> Vec<(String, String)> {
    read_tree(&site.out())
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn book_language_en_gives_an_english_interface_and_leaves_content_as_written() {
    let site = TestSite::basic();
    site.edit("book.toml", "[book]\n", "[book]\nlanguage = \"en\"\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let case = site.read_out("fall/vara/index.html");
    for english in [
        r#"<html lang="en">"#,
        ">Skip to content<",
        ">All cases<",
        ">Search the library<",
        ">Facts<",
        ">Links to the root system<",
        ">Sources<",
        ">Related cases<",
    ] {
        assert!(case.contains(english), "{english} missing");
    }
    // The case's own words stay Swedish.
    assert!(case.contains("<h1>Vara – kultur som motor</h1>"));
    assert!(site.read_out("fall/index.html").contains("<h1>All cases</h1>"));
    assert!(site.read_out("404.html").contains("<h1>Page not found</h1>"));
    for (path, html) in pages(&site) {
        // The open-data page explains the files in both languages, by design.
        if path == "data/index.html" {
            assert!(html.contains("<section lang=\"sv\""), "{path}");
            continue;
        }
        for swedish in [
            "Hoppa till innehållet",
            "Alla fall",
            "Källor",
            "Sök i biblioteket",
        ] {
            assert!(!html.contains(swedish), "{path} still says {swedish}");
        }
    }
}

#[test]
fn the_default_interface_is_swedish() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    let case = site.read_out("fall/vara/index.html");
    assert!(case.contains(">Hoppa till innehållet<"));
    assert!(case.contains(">Kopplingar till rotsystemet<"));
}

#[test]
fn a_translation_missing_a_key_is_an_error_naming_the_file() {
    let site = TestSite::basic();
    site.write("themes/default/i18n/en.toml", "skip = \"Skip\"\n");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("i18n/en.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("missing"), "{}", run.stderr);
}

/// The CSP in every page allows scripts and styles from the site only; so the
/// pages themselves must carry no inline script, no style element or attribute,
/// and nothing may be fetched from another site.
#[test]
fn pages_carry_a_strict_csp_and_nothing_inline_or_third_party() {
    let site = TestSite::basic();
    // A table with alignment, the one piece of Markdown that used to emit a style.
    assert_eq!(site.build().code, 0);
    let all = pages(&site);
    assert!(all.len() > 10);
    assert!(all.iter().any(|(_, h)| h.contains(r#"class="align-right""#)));
    for (path, html) in all {
        let csp = html
            .split(r#"<meta http-equiv="Content-Security-Policy" content=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("style-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe"), "{path}: {csp}");
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap();
            // JSON-LD is data, which the CSP does not run (and `opendata` escapes).
            let data = tag == r#" type="application/ld+json""#;
            assert!(tag.contains(" src=") || data, "{path}: inline script");
        }
        assert!(!html.contains("<style"), "{path}: style element");
        assert!(!html.contains(" style="), "{path}: style attribute");
        assert!(!html.contains(" on"), "{path}: maybe an event handler attribute");
        for attr in [
            " src=\"http",
            " src=\"//",
            "stylesheet\" href=\"http",
            "stylesheet\" href=\"//",
        ] {
            assert!(!html.contains(attr), "{path}: loads from another site ({attr})");
        }
    }
}

#[test]
fn the_map_is_inline_svg_with_a_named_link_per_municipality() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    for page in ["index.html", "kommuner/index.html"] {
        let html = site.read_out(page);
        let svg = html
            .split("<svg class=\"map\"")
            .nth(1)
            .and_then(|s| s.split("</svg>").next())
            .unwrap_or_else(|| panic!("{page}: no map"));
        assert!(
            svg.contains(r#"<title id="karta-titel">Karta över Sverige"#),
            "{page}"
        );
        assert!(
            svg.contains(r#"<a href="/kommuner/vara/"><title>Vara: 1 fall</title><circle"#),
            "{page}: {svg}"
        );
        assert!(
            svg.contains(r#"<a href="/kommuner/umea/"><title>Umeå: 1 fall</title><circle"#),
            "{page}"
        );
        // The text alternative: the same municipalities as a list of links.
        assert!(html.contains(r#"<a href="/kommuner/umea/">Umeå</a>"#), "{page}");
    }
}
