//! A third vocabulary, declared in `book.toml` with a content folder and nothing
//! else (`tests/fixtures/teman`): its overview and term pages, the listing's filter,
//! the case pages, the sitemap, `check`'s diagnostics and the live preview.

use rotsystem::incremental::Incremental;

use crate::support::{main_of, TestSite};

fn teman() -> TestSite {
    TestSite::fixture("teman")
}

#[test]
fn a_declared_vocabulary_gets_its_pages_filter_and_case_lines() {
    let site = teman();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);

    let overview = site.read_out("teman/index.html");
    assert!(overview.contains("<title>Teman"), "{overview}");
    let body = main_of(&overview);
    assert!(body.contains("Fallen ordnade efter ämne."), "{body}");
    assert!(body.contains(r#"href="/teman/klimat/""#), "{body}");
    assert!(body.contains(r#"href="/teman/kultur-och-fritid/""#), "{body}");

    let term = site.read_out("teman/kultur-och-fritid/index.html");
    let body = main_of(&term);
    assert!(body.contains("Kultur och fritid"), "{body}");
    assert!(
        body.contains("Tema 2 av 2"),
        "the kicker uses the vocabulary's label: {body}"
    );
    assert!(
        body.contains(r#"href="/fall/vara/""#) && body.contains(r#"href="/fall/umea/""#),
        "{body}"
    );
    assert!(
        body.contains("Konserthuset är navet."),
        "a term page shows the cases' notes: {body}"
    );
    let klimat = site.read_out("teman/klimat/index.html");
    assert!(
        !main_of(&klimat).contains(r#"href="/fall/umea/""#),
        "Umeå is not about klimat"
    );

    let listing = site.read_out("fall/index.html");
    let body = main_of(&listing);
    assert!(
        body.contains("Efter tema:"),
        "the listing offers the vocabulary as a filter: {body}"
    );
    assert!(body.contains(r#"<a href="/teman/klimat/">"#), "{body}");

    let case = site.read_out("fall/vara/index.html");
    let body = main_of(&case);
    assert!(
        body.contains(r#"Teman: <a href="/teman/kultur-och-fritid/">Kultur och fritid</a>, <a href="/teman/klimat/">Klimat</a>"#),
        "the case page names its terms in the case's order: {body}"
    );

    let nav = site.read_out("fall/vara/index.html");
    assert!(
        nav.contains(r#"<li><a href="/teman/">Teman</a></li>"#),
        "the main menu leads to the vocabulary's overview"
    );
    assert!(
        overview.contains(r#"<a href="/teman/" aria-current="page">Teman</a>"#),
        "and marks it on its own page"
    );

    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.contains("https://test.example/teman/</loc>"), "{sitemap}");
    assert!(
        sitemap.contains("https://test.example/teman/klimat/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn the_english_interface_takes_the_vocabulary_s_english_labels() {
    let site = teman();
    site.edit("book.toml", "[book]\n", "[book]\nlanguage = \"en\"\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read_out("teman/index.html").contains("<title>Themes"));
    assert!(main_of(&site.read_out("fall/index.html")).contains("By theme:"));
}

#[test]
fn unknown_terms_and_vocabularies_are_placed_and_suggested() {
    let site = teman();
    site.edit(
        "content/cases/umea.md",
        "teman: [kultur-och-fritid]",
        "teman: [klimatt]",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("fel: `klimatt` finns inte i content/teman/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/cases/umea.md:7:18"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("menar du `klimat`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/teman/"),
        "the help names the folder: {}",
        run.stderr
    );

    site.edit("content/cases/umea.md", "teman: [klimatt]", "temen: [klimat]");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("fel: okänd vokabulär `temen`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/cases/umea.md:7:10"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("menar du `teman`?"), "{}", run.stderr);
}

#[test]
fn a_vocabulary_may_not_take_an_address_the_site_uses() {
    let site = teman();
    site.edit("book.toml", "url = \"teman\"", "url = \"fall\"");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fel: vokabulären `teman` kan inte använda adressen `/fall/`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> book.toml:"), "{}", run.stderr);
}

#[test]
fn the_live_preview_follows_edits_to_a_declared_vocabulary() {
    let site = teman();
    let mut engine = Incremental::open(site.root()).unwrap();
    let klimat = "content/teman/klimat.md";
    site.edit(klimat, "name: Klimat", "name: Klimat och miljö");
    crate::incremental::step(&mut engine, &site, &[klimat], "a term's name").unwrap();
    let umea = "content/cases/umea.md";
    site.edit(umea, "teman: [kultur-och-fritid]", "teman: [klimat]");
    crate::incremental::step(&mut engine, &site, &[umea], "a case changes term").unwrap();
    std::fs::remove_file(site.root().join(klimat)).unwrap();
    assert!(
        crate::incremental::step(&mut engine, &site, &[klimat], "a term is deleted").is_none(),
        "cases still name it"
    );
}

#[test]
fn a_declared_vocabulary_is_a_search_facet_in_the_command_line() {
    let site = teman();
    assert_eq!(site.build().code, 0);
    let all = site.run(&["search", "kultur", "--json"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(
        all.stdout.contains("/fall/umea/") && all.stdout.contains("/fall/vara/"),
        "{}",
        all.stdout
    );
    let narrowed = site.run(&["search", "kultur", "--facet", "tema=klimat", "--json"]);
    assert_eq!(narrowed.code, 0, "{}", narrowed.stderr);
    assert!(narrowed.stdout.contains("/fall/vara/"), "{}", narrowed.stdout);
    assert!(
        !narrowed.stdout.contains("/fall/umea/"),
        "Umeå is not tagged klimat: {}",
        narrowed.stdout
    );
    let typo = site.run(&["search", "kultur", "--facet", "tema=klimatt"]);
    assert_eq!(typo.code, 1, "{}", typo.stderr);
    assert!(typo.stderr.contains("menar du `klimat`?"), "{}", typo.stderr);
}

#[test]
fn a_declared_vocabulary_is_a_search_facet_in_the_browser() {
    let site = teman();
    let out = site.root().join("ut");
    let run = site.run(&["build", "--dest", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let args = ["kultur", "tema", "Tema", "Klimat", "/fall/vara/"].map(std::path::Path::new);
    let report = crate::browser::node("facet.mjs", &[&out, args[0], args[1], args[2], args[3], args[4]]);
    assert!(report.contains("ok: ticking Klimat"), "{report}");
}
