//! Workshop collections as trainers and editors meet them: the bundled library's
//! collections built into pages and A4 booklets (pages counted and text extracted with
//! poppler, every QR code decoded from a rendered page), `check` on a broken
//! collection as the editor reads it, and the live preview's booklets equal to a
//! full build's.

use std::path::Path;
use std::process::Command;

use rotsystem::site::Site;

use crate::handouts::{inspect, is_a4, qr_codes_on, run_ok, tool, without_complaint};
use crate::support::TestSite;

/// A collection for the fixture site: two of its cases, both factors, one step.
const COLLECTION: &str = "---
title: Kultur och ledarskap
summary: En workshop om två faktorer.
audience: Chefer
duration: Två timmar
cases:
  - id: vara
    note: Konserthuset.
  - umea
factors: [kultur, ledarskap]
steps: [myllstimulans]
questions:
  - Vad gör kultur för er?
sources:
  - title: Testkällan
---

Samlingen prövar [Vara](../cases/vara.md) och Umeå.
";

/// The text of page `page` of a PDF, as pdftotext extracts it.
fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    run_ok(
        tool("pdftotext", "poppler-utils")
            .args(["-f", &page, "-l", &page])
            .arg(pdf)
            .arg("-"),
    )
}

/// Words as the PDF has them, whatever the line breaks.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_bundled_collection_has_a_page_and_a_booklet_whose_qr_codes_lead_to_its_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::load(root).unwrap_or_else(|_| panic!("the bundled library loads"));
    assert_eq!(site.collections.len(), 3, "three workshop collections");
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["build", "--dest", out.to_str().unwrap(), "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let origin = "https://rotsystem.example.se";
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let listing = read("samlingar/index.html");
    let sitemap = read("sitemap.xml");
    let scratch = tempfile::tempdir().unwrap();
    for c in &site.collections {
        let m = &c.doc.meta;
        let slug = &c.doc.slug;
        // The page, on the listing and in the sitemap.
        let page = read(&format!("samlingar/{slug}/index.html"));
        assert!(page.contains(&format!("<h1>{}</h1>", m.title)), "{slug}");
        assert!(
            listing.contains(&format!("href=\"/samlingar/{slug}/\"")),
            "{slug}"
        );
        assert!(sitemap.contains(&format!("{origin}/samlingar/{slug}/")), "{slug}");
        assert!(
            page.contains(&format!("href=\"/utskrift/samling-{slug}.pdf\"")),
            "{slug}"
        );
        for q in &m.questions {
            assert!(page.contains(&format!("<li>{q}</li>")), "{slug}: {q}");
        }
        // Linked from each of its cases and factors.
        let link = format!("href=\"/samlingar/{slug}/\"");
        for r in &m.cases {
            assert!(
                read(&format!("fall/{}/index.html", r.id)).contains(&link),
                "{} → {slug}",
                r.id
            );
        }
        for f in &m.factors {
            assert!(
                read(&format!("faktorer/{f}/index.html")).contains(&link),
                "{f} → {slug}"
            );
        }
        // The booklet: a cover, the introduction, a page per case, the questions and
        // a page for notes, all A4, read by poppler without complaint.
        let pdf = out.join(format!("utskrift/samling-{slug}.pdf"));
        let facts = inspect(&pdf);
        let n = m.cases.len();
        assert_eq!(facts.pages, n + 4, "{slug}: {} pages", facts.pages);
        assert!(facts.sizes.iter().all(|&s| is_a4(s)), "{slug}");
        without_complaint("pdfinfo", &pdf, &[]);
        without_complaint("pdftotext", &pdf, &[]);
        let cover = flat(&page_text(&pdf, 1));
        assert!(cover.contains(&flat(&m.title)), "{slug}: {cover}");
        assert!(cover.contains(&flat(&m.audience)), "{slug}: {cover}");
        assert_eq!(
            qr_codes_on(&pdf, scratch.path(), 1),
            [format!("{origin}/samlingar/{slug}/")],
            "{slug}: the cover's QR code"
        );
        for (k, r) in m.cases.iter().enumerate() {
            let at = k + 3;
            let text = flat(&page_text(&pdf, at));
            let case = site.cases.iter().find(|e| e.doc.slug == r.id).unwrap();
            assert!(
                text.contains(&format!("FALL {} AV {n}", k + 1)),
                "{slug} p{at}: {text}"
            );
            assert!(text.contains(&flat(&case.doc.meta.title)), "{slug} p{at}: {text}");
            assert!(text.contains("Anteckningar"), "{slug} p{at}: room for notes");
            assert_eq!(
                qr_codes_on(&pdf, scratch.path(), at),
                [format!("{origin}/fall/{}/", r.id)],
                "{slug}: page {at}'s QR code"
            );
        }
        let questions = flat(&page_text(&pdf, n + 3));
        assert!(
            questions.starts_with("Frågor att diskutera"),
            "{slug}: {questions}"
        );
        assert!(
            questions.contains(&format!("{}.", m.questions.len())),
            "{slug}: {questions}"
        );
        assert!(
            flat(&page_text(&pdf, n + 4)).starts_with("Anteckningar"),
            "{slug}"
        );
    }
}

#[test]
fn check_reports_a_broken_collection_at_its_values_with_suggestions() {
    let site = TestSite::basic();
    site.write(
        "content/samlingar/trasig.md",
        "---
title: Trasig
summary: En samling med fel.
audience: Chefer
duration: En timme
cases:
  - id: varaa
    note: Ett stavfel.
  - umea
  - umea
factors: [kultur, ledarksap]
steps: [myllstimulans, beslut]
questions: []
sources:
  - title: Testkällan
---
",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr, @r#"
fel: fallet `varaa` finns inte
 --> content/samlingar/trasig.md:7:9
  |
7 |   - id: varaa
  |         ^^^^^ menar du `vara`?
  |
  = hjälp: ett fall anges med sin slug, alltså filnamnet i content/cases/ utan `.md`: dino, umea, vara

fel: fallet `umea` står med två gånger
  --> content/samlingar/trasig.md:10:5
   |
10 |   - umea
   |     ^^^^
   |
   = hjälp: ta med varje fall en gång, med en anteckning

fel: faktorn `ledarksap` finns inte
  --> content/samlingar/trasig.md:11:19
   |
11 | factors: [kultur, ledarksap]
   |                   ^^^^^^^^^ menar du `ledarskap`?
   |
   = hjälp: faktorerna är filerna i content/factors/: kultur, ledarskap

fel: inget av samlingens fall visar steget `myllstimulans`
  --> content/samlingar/trasig.md:12:9
   |
12 | steps: [myllstimulans, beslut]
   |         ^^^^^^^^^^^^^
   |
   = hjälp: en samling tar upp det som dess fall visar: lägg till ett fall som har `myllstimulans`, eller ta bort steget

fel: steget `beslut` finns inte
  --> content/samlingar/trasig.md:12:24
   |
12 | steps: [myllstimulans, beslut]
   |                        ^^^^^^
   |
   = hjälp: stegen är filerna i content/steps/: myllstimulans

fel: `questions` får inte vara tom
  --> content/samlingar/trasig.md:13:12
   |
13 | questions: []
   |            ^
   |
   = hjälp: skriv frågorna som gruppen ska samtala om

fel: samlingen har ingen inledning
  --> content/samlingar/trasig.md:16:1
   |
16 | ---
   | ^^^
   |
   = hjälp: skriv inledningen under front matter: vad workshoppen är till för och hur den går till

fel: hittade 7 problem i innehållet
"#);
}

#[test]
fn a_fixture_collection_builds_the_same_booklet_twice_and_the_preview_equals_the_build() {
    let site = TestSite::basic();
    site.write("content/samlingar/kultur-och-ledarskap.md", COLLECTION);
    let mut engine = rotsystem::incremental::Incremental::open(site.root()).unwrap();
    let pdf = "utskrift/samling-kultur-och-ledarskap.pdf";
    let first = engine.files()[pdf].to_vec();
    assert_eq!(site.build().code, 0);
    assert_eq!(
        std::fs::read(site.out().join(pdf)).unwrap(),
        first,
        "byte-identical"
    );
    // A note the booklet prints changes it, in the preview as in a full build.
    site.edit(
        "content/cases/umea.md",
        "factors: [kultur]",
        "factors:\n  - id: kultur\n    note: Ny anteckning.",
    );
    crate::incremental::step(&mut engine, &site, &["content/cases/umea.md"], "a case note");
    assert_ne!(
        engine.files()[pdf].to_vec(),
        first,
        "the booklet follows the note"
    );
    let page = String::from_utf8(engine.files()["faktorer/kultur/index.html"].to_vec()).unwrap();
    assert!(
        page.contains("href=\"/samlingar/kultur-och-ledarskap/\""),
        "{page}"
    );
    // Removing the collection removes its page, its booklet and the links to it.
    std::fs::remove_file(site.root().join("content/samlingar/kultur-och-ledarskap.md")).unwrap();
    crate::incremental::step(
        &mut engine,
        &site,
        &["content/samlingar/kultur-och-ledarskap.md"],
        "the collection removed",
    );
    assert!(!engine.files().contains_key(pdf));
    assert!(!engine.files().contains_key("samlingar/index.html"));
}
