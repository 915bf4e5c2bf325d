//! Trainer handouts as trainers get them: the PDFs are read back with poppler's own
//! tools (page count and size, extracted text, a rendered page whose QR code is
//! decoded), and printed pages come from real headless Chromium.
//!
//! These tools are Debian's `poppler-utils` and `chromium`, which `.ci/run` installs.
//! A missing tool fails the test with the install command; it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{read_tree, TestSite};

/// `rotsystem serve` on a free loopback port, stopped when dropped.
/// A4 in PostScript points.
const A4: (f64, f64) = (595.276, 841.89);

pub(crate) struct PdfFacts {
    pub(crate) pages: usize,
    /// Each page's (width, height) in points.
    pub(crate) sizes: Vec<(f64, f64)>,
    creation: Option<String>,
    pub(crate) text: String,
}

pub(crate) fn tool(name: &str, package: &str) -> Command {
    let probe = Command::new(name).arg("-v").output();
    if let Err(e) = probe {
        panic!("`{name}` cannot run ({e}): install it with `apt-get install -y {package}`");
    }
    Command::new(name)
}

pub(crate) fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn inspect(pdf: &Path) -> PdfFacts {
    let info = run_ok(
        tool("pdfinfo", "poppler-utils")
            .args(["-f", "1", "-l", "99"])
            .arg(pdf),
    );
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    let pages = field("Pages:")
        .and_then(|p| p.parse().ok())
        .expect("a page count");
    let sizes = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .map(|l| {
            let dims: Vec<f64> = l
                .split_once("size:")
                .unwrap()
                .1
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (dims[0], dims[1])
        })
        .collect();
    let text = run_ok(tool("pdftotext", "poppler-utils").arg(pdf).arg("-"));
    PdfFacts {
        pages,
        sizes,
        creation: field("CreationDate:"),
        text,
    }
}

pub(crate) fn is_a4((w, h): (f64, f64)) -> bool {
    (w - A4.0).abs() < 1.0 && (h - A4.1).abs() < 1.0
}

/// The QR codes found on page 1, rendered at 150 dpi as a print shop would scan it.
fn qr_codes(pdf: &Path, scratch: &Path) -> Vec<String> {
    qr_codes_on(pdf, scratch, 1)
}

/// The QR codes found on page `page`, rendered the same way.
pub(crate) fn qr_codes_on(pdf: &Path, scratch: &Path, page: usize) -> Vec<String> {
    let prefix = scratch.join("page");
    let page = page.to_string();
    run_ok(
        tool("pdftoppm", "poppler-utils")
            .args(["-r", "150", "-gray", "-f", &page, "-l", &page, "-singlefile"])
            .arg(pdf)
            .arg(&prefix),
    );
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    let (w, h, pixels) = parse_pgm(&pgm);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

/// A binary greyscale netpbm image (`P5`, 8 bits), which `pdftoppm -gray` writes.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap());
    }
    assert_eq!((fields[0], fields[3]), ("P5", "255"), "an 8-bit PGM");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, &bytes[at + 1..])
}

/// The fixture, with content that exercises the handout: a research section,
/// conclusions and questions with å, ä and ö, and a library version and date.
fn handout_site() -> TestSite {
    let site = TestSite::basic();
    site.edit(
        "content/factors/kultur.md",
        "questions:\n  - Vad betyder kultur för er kommun?\n",
        "questions:\n  - Vad betyder kultur för er kommun?\n  - Vilka små platser möts människor på?\n",
    );
    site.edit(
        "content/factors/kultur.md",
        "Kultur binder ihop.",
        "Kultur binder ihop.\n\n## Vad forskningen säger\n\nForskningen visar att kulturen påverkar \
         självbilden, även på små orter.\n\n## Slutsatser\n\n- Kulturen är en källa till förnyelse.\n",
    );
    site.edit(
        "content/factors/ledarskap.md",
        "sources:",
        "questions:\n  - Vilka gränsgångare har vi, och hur får de stöd?\nsources:",
    );
    site.edit(
        "book.toml",
        "[output.html]",
        "[library]\nversion = \"2026.1\"\ndate = \"2026-11-22\"\n\n[output.html]",
    );
    site
}

#[test]
fn every_handout_is_a4_swedish_and_its_qr_code_leads_to_its_page() {
    let site = handout_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scratch = tempfile::tempdir().unwrap();
    let expected = [
        (
            "rotsystemet-kultur",
            "Kultur",
            "https://test.example/faktorer/kultur/",
        ),
        (
            "rotsystemet-ledarskap",
            "Ledarskap",
            "https://test.example/faktorer/ledarskap/",
        ),
        ("rotsystemet", "Rotsystemet", "https://test.example/faktorer/"),
        (
            "tio-steg",
            "steg i innovativa processer",
            "https://test.example/steg/",
        ),
    ];
    let pdfs: Vec<String> = read_tree(&site.out())
        .into_keys()
        .filter(|k| k.ends_with(".pdf"))
        .collect();
    // And the whole pack, checked in `packs_hold_their_handouts_on_pages_of_their_own`.
    assert_eq!(pdfs.len(), expected.len() + 1, "{pdfs:?}");
    for (name, title, url) in expected {
        let pdf = site.out().join(format!("utskrift/{name}.pdf"));
        let facts = inspect(&pdf);
        assert!((1..=2).contains(&facts.pages), "{name}: {} pages", facts.pages);
        assert_eq!(facts.sizes.len(), facts.pages, "{name}");
        assert!(facts.sizes.iter().all(|&s| is_a4(s)), "{name}: {:?}", facts.sizes);
        assert!(facts.text.contains(title), "{name}: {}", facts.text);
        for c in ['å', 'ä', 'ö'] {
            assert!(facts.text.contains(c), "{name} has no {c}: {}", facts.text);
        }
        assert!(facts.text.contains("version 2026.1, 2026-11-22"), "{name}");
        assert_eq!(qr_codes(&pdf, scratch.path()), vec![url.to_string()], "{name}");
    }
    // The content itself, not only the layout's own words, comes out as text.
    let kultur = inspect(&site.out().join("utskrift/rotsystemet-kultur.pdf")).text;
    for words in ["små", "även", "påverkar", "Konserthuset formade självbilden."] {
        assert!(kultur.contains(words), "{words}: {kultur}");
    }
}

#[test]
fn handout_pdfs_are_byte_identical_and_dated_by_the_library_not_the_clock() {
    let site = handout_site();
    let (a, b) = (site.root().join("a"), site.root().join("b"));
    assert_eq!(site.run(&["build", "--dest", a.to_str().unwrap()]).code, 0);
    assert_eq!(site.run(&["build", "--dest", b.to_str().unwrap()]).code, 0);
    let pdf = "utskrift/rotsystemet-kultur.pdf";
    assert_eq!(
        std::fs::read(a.join(pdf)).unwrap(),
        std::fs::read(b.join(pdf)).unwrap()
    );
    let created = inspect(&a.join(pdf)).creation.expect("a creation date");
    assert!(created.contains("2026"), "{created}");
}

#[test]
fn an_edited_case_note_changes_its_factors_handout() {
    let site = handout_site();
    site.edit(
        "content/cases/vara.md",
        "note: Konserthuset formade självbilden.",
        "note: Musiken blev kommunens röst utåt.",
    );
    assert_eq!(site.build().code, 0);
    let text = inspect(&site.out().join("utskrift/rotsystemet-kultur.pdf")).text;
    assert!(text.contains("Musiken blev kommunens röst utåt."), "{text}");
    assert!(!text.contains("Konserthuset formade"), "{text}");
    let page = site.read_out("faktorer/kultur/utskrift/index.html");
    assert!(page.contains("Musiken blev kommunens röst utåt."));
}

#[test]
fn the_handouts_command_rebuilds_one_factor_into_the_built_site() {
    let site = handout_site();
    let run = site.run(&["handouts", "--pdf"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("kör `rotsystem build` först"),
        "{}",
        run.stderr
    );

    assert_eq!(site.build().code, 0);
    let before = read_tree(&site.out());
    site.edit("content/factors/kultur.md", "name: Kultur", "name: Kulturen");
    let run = site.run(&["handouts", "--pdf", "--factor", "kultur"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        // The factor's PDF, and the whole pack, which holds it.
        run.stdout.starts_with("Skrev 1 utskriftsblad och 2 PDF:er på "),
        "{}",
        run.stdout
    );
    let after = read_tree(&site.out());
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(
        changed,
        [
            "faktorer/kultur/utskrift/index.html",
            "utskrift/hela-paketet.pdf",
            "utskrift/rotsystemet-kultur.pdf"
        ]
    );
    let text = inspect(&site.out().join("utskrift/rotsystemet-kultur.pdf")).text;
    assert!(text.contains("Kulturen"), "{text}");
    let debris: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");

    let run = site.run(&["handouts", "--factor", "kultr"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("fel: faktorn `kultr` finns inte"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("menar du `kultur`?"), "{}", run.stderr);
}

#[test]
fn printed_handouts_need_a_public_site_url() {
    let site = TestSite::basic();
    site.edit("book.toml", "site-url = \"https://test.example/\"\n", "");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not: utskriftsbladens QR-koder leder till http://localhost:8000/"),
        "{}",
        run.stderr
    );
    let run = site.run(&["handouts", "--pdf"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("utskriftsbladen behöver webbplatsens publika adress"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_handout_that_cannot_fit_two_pages_fails_the_build_and_names_the_file() {
    let site = handout_site();
    let long = "Hur ser det ut hos er när ni prövar något nytt och det går fel? ".repeat(60);
    let questions: String = (0..5).map(|_| format!("  - {long}\n")).collect();
    assert_eq!(site.build().code, 0);
    let before = read_tree(&site.out());
    site.edit(
        "content/factors/kultur.md",
        "questions:\n",
        &format!("questions:\n{questions}"),
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fel: utskriftsbladet för faktorn `kultur` blir"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/factors/kultur.md"), "{}", run.stderr);
    assert_eq!(read_tree(&site.out()), before);
}

/// Runs a poppler tool on a PDF and asserts it had nothing to complain about.
pub(crate) fn without_complaint(name: &str, pdf: &Path, args: &[&str]) {
    let out = tool(name, "poppler-utils").args(args).arg(pdf).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "{name} {}: {stderr}",
        pdf.display()
    );
}

/// The bundled library's real, long content: all 14 handouts fit on two A4 pages,
/// and poppler reads each without a warning.
#[test]
fn the_bundled_library_handouts_fit_on_two_a4_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["build", "--dest", out.to_str().unwrap(), "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let pdfs: Vec<PathBuf> = read_tree(&out.join("utskrift"))
        .into_keys()
        .filter(|k| k.ends_with(".pdf") && !k.starts_with("samling-"))
        .map(|k| out.join("utskrift").join(k))
        .collect();
    // 14 handouts and the whole pack (the collections' booklets: `collections.rs`).
    assert_eq!(pdfs.len(), 15);
    let mut sheets = 0;
    for pdf in &pdfs {
        let facts = inspect(pdf);
        if pdf.ends_with("hela-paketet.pdf") {
            assert_eq!(sheet_starts(&facts.text), 14, "{}", facts.text);
        } else {
            assert!(facts.pages <= 2, "{}: {} pages", pdf.display(), facts.pages);
            sheets += facts.pages;
        }
        assert!(facts.sizes.iter().all(|&s| is_a4(s)), "{}", pdf.display());
        without_complaint("pdfinfo", pdf, &[]);
        without_complaint("pdftotext", pdf, &[]);
    }
    assert_eq!(inspect(&out.join("utskrift/hela-paketet.pdf")).pages, sheets);
    // Every step says what leaders do: steps 4 and 5 open that section with a
    // sentence that introduces a list, which once printed nothing.
    let steps = inspect(&out.join("utskrift/tio-steg.pdf")).text;
    assert_eq!(steps.matches("Vad ledare gör:").count(), 10, "{steps}");
    assert!(steps.contains("granskningen ordnas: Rätt"), "{steps}");
    assert!(steps.contains("Väger nyttan tyngre än kostnaden"), "{steps}");
}

/// Printing a case page in a real browser: A4, no navigation, and an external link's
/// address printed after it.
#[test]
fn a_printed_case_page_has_no_navigation_and_shows_external_addresses() {
    let chromium = crate::devtools::chromium();
    let site = TestSite::basic();
    site.edit(
        "content/cases/vara.md",
        "  - title: Testkällan\n",
        "  - title: Testkällan\n    url: https://example.org/rapport\n",
    );
    assert_eq!(site.build().code, 0);
    let server = crate::serve::start(&site);
    let scratch = tempfile::tempdir().unwrap();
    let pdf = scratch.path().join("vara.pdf");
    // Under load, headless Chromium now and then exits 0 without writing the PDF;
    // a second or third try with a fresh profile has always written it.
    let mut out = None;
    for attempt in 0..3 {
        let run = Command::new(&chromium)
            .args(crate::devtools::HEADLESS)
            .arg("--no-pdf-header-footer")
            .arg(format!(
                "--user-data-dir={}",
                scratch.path().join(format!("profile-{attempt}")).display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("http://{}/fall/vara/", server.addr))
            .output()
            .unwrap();
        out = Some(run);
        if pdf.is_file() {
            break;
        }
    }
    let out = out.expect("at least one attempt");
    assert!(
        pdf.is_file(),
        "Chromium wrote no PDF ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let facts = inspect(&pdf);
    assert!(facts.sizes.iter().all(|&s| is_a4(s)), "{:?}", facts.sizes);
    assert!(facts.text.contains("Vara – kultur som motor"), "{}", facts.text);
    for chrome in [
        "Hoppa till innehållet",
        "Rotsystemets faktorer",
        "Redigera den här sidan",
    ] {
        assert!(!facts.text.contains(chrome), "{chrome} printed: {}", facts.text);
    }
    assert!(
        facts.text.contains("(https://example.org/rapport)"),
        "{}",
        facts.text
    );
}

/// The case-selection rule (`src/handout/select.rs`): cases with a note first, newest
/// first among equals, one per place while other places remain, then the rest.
#[test]
fn a_handout_picks_noted_cases_spread_across_places() {
    let site = handout_site();
    let case = |slug: &str, year: i32, place: &str, note: bool| {
        let factor = if note {
            "  - id: kultur\n    note: Ett exempel.\n".to_string()
        } else {
            "  - kultur\n".to_string()
        };
        site.write(
            &format!("content/cases/{slug}.md"),
            &format!(
                "---\ntitle: Fall {slug}\nsummary: Ett fall.\nyear: {year}\n{place}\nfactors:\n{factor}\
                 keywords: [test]\nsources:\n  - title: Testkällan\n---\n\n## Resultat\n\nText.\n"
            ),
        );
    };
    case("vara-2", 2020, "municipalities: [vara]", true);
    case("umea-2", 2019, "municipalities: [umea]", true);
    case("vara-3", 2018, "municipalities: [vara]", true);
    case("umea-3", 2021, "municipalities: [umea]", false);
    case("sverige", 2010, "places: [Sverige]", false);
    assert_eq!(site.build().code, 0);
    let page = site.read_out("faktorer/kultur/utskrift/index.html");
    let chosen: Vec<&str> = page
        .split("<h3><a href=\"/fall/")
        .skip(1)
        .map(|s| s.split('/').next().unwrap())
        .collect();
    assert_eq!(chosen, ["vara-2", "umea-2", "sverige", "vara-3", "vara"]);
}

/// Without `[library] date`, the reproducible-builds convention dates the handouts;
/// without either, they carry no date at all, never the clock's.
#[test]
fn source_date_epoch_dates_handouts_when_the_library_has_no_date() {
    let site = TestSite::basic();
    let build = |epoch: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rotsystem"));
        cmd.args(["build", "--root"]).arg(site.root());
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        assert!(cmd.output().unwrap().status.success());
        inspect(&site.out().join("utskrift/rotsystemet.pdf"))
    };
    // 1700000000 s after 1970 is 2023-11-14 (UTC).
    let dated = build(Some("1700000000"));
    assert!(
        dated.text.contains("Testbiblioteket, 2023-11-14"),
        "{}",
        dated.text
    );
    assert!(dated.creation.unwrap().contains("2023"));
    let undated = build(None);
    assert!(!undated.text.contains("2023-11-14"), "{}", undated.text);
    assert_eq!(undated.creation, None);
}

/// With `[book] language = "en"`, the handouts' own words are English on the print
/// page and in the PDF; the content stays as written.
#[test]
fn an_english_site_gets_english_handout_headings_on_the_page_and_in_the_pdf() {
    let site = handout_site();
    site.edit("book.toml", "[book]\n", "[book]\nlanguage = \"en\"\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Built 25 pages (3 cases) in "),
        "{}",
        run.stdout
    );

    let page = site.read_out("faktorer/kultur/utskrift/index.html");
    let pdf = inspect(&site.out().join("utskrift/rotsystemet-kultur.pdf")).text;
    for words in [
        "Factor 1 of 2 in the root system",
        "What research says",
        "Conclusions",
        "Examples from the case library",
        "Questions for discussion",
    ] {
        assert!(page.contains(words), "page lacks {words}: {page}");
        // pdftotext gives the kicker in capitals, as the layout sets it.
        let in_pdf = pdf.contains(words) || pdf.contains(&words.to_uppercase());
        assert!(in_pdf, "PDF lacks {words}: {pdf}");
    }
    assert!(page.contains("<title>Kultur – printable sheet"), "{page}");
    assert!(page.contains(r#"aria-label="QR code to https://test.example/faktorer/kultur/""#));
    assert!(pdf.contains("Sources:") && pdf.contains("Page 1 of"), "{pdf}");
    assert!(pdf.contains("Forskningen visar att kulturen"), "{pdf}");
    for swedish in [
        "Vad forskningen säger",
        "Slutsatser",
        "Frågor att diskutera",
        "Källor",
        "Sida 1",
    ] {
        assert!(!page.contains(swedish), "page has {swedish}");
        assert!(!pdf.contains(swedish), "PDF has {swedish}: {pdf}");
    }

    let root = inspect(&site.out().join("utskrift/rotsystemet.pdf")).text;
    let root = root.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "The root system – two factors in an innovative municipality",
        "The factors",
        "For discussion",
    ] {
        assert!(root.contains(words), "{words}: {root}");
    }
    let steps = site.read_out("utskrift/tio-steg/index.html");
    for words in ["Process model", "steps in innovative processes", "The steps"] {
        assert!(steps.contains(words), "{words}: {steps}");
    }
}

/// `check` lays the handouts out as `build` does: one that cannot fit fails both,
/// with the same words.
#[test]
fn check_refuses_a_handout_that_cannot_fit_with_the_same_diagnostic_as_build() {
    let site = handout_site();
    let long = "Hur ser det ut hos er när ni prövar något nytt och det går fel? ".repeat(60);
    let questions: String = (0..5).map(|_| format!("  - {long}\n")).collect();
    site.edit(
        "content/factors/kultur.md",
        "questions:\n",
        &format!("questions:\n{questions}"),
    );
    let check = site.run(&["check"]);
    let build = site.build();
    assert_eq!((check.code, build.code), (1, 1), "{}", check.stderr);
    assert_eq!(check.stderr, build.stderr);
    assert!(
        check
            .stderr
            .starts_with("fel: utskriftsbladet för faktorn `kultur` blir "),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains(" A4-sidor även förkortat; det får vara högst 2\n --> content/factors/kultur.md\n"),
        "{}",
        check.stderr
    );
    assert!(!site.out().exists());
    // The long first question is the root system's overview too, so that overflows
    // as well, in both.
    assert!(check
        .stderr
        .contains("fel: utskriftsbladet för rotsystemet blir "));
    let (code, diags) = site.check_json();
    let files: Vec<&str> = diags.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(
        (code, files),
        (1, vec!["content/factors/kultur.md", "content/factors"])
    );
}

/// 100,000 characters of one unbroken word (å, ä and ö, so a cut by bytes would land
/// inside a letter) used to panic inside krilla; the text that reaches typst is cut on
/// a character boundary instead. Front matter is bounded at 32 KB, so the long word
/// is in the factor's body, and a 10,000-character name tests the PDF's title.
#[test]
fn a_title_of_100000_characters_is_cut_for_the_pdf_without_a_panic() {
    let site = handout_site();
    let word: String = "Åäö".chars().cycle().take(100_000).collect();
    let name: String = "Åäö".chars().cycle().take(10_000).collect();
    site.edit(
        "content/factors/kultur.md",
        "Kultur binder ihop.",
        &format!("Kultur binder {word}."),
    );
    site.edit(
        "content/factors/kultur.md",
        "name: Kultur",
        &format!("name: \"{name}\""),
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);

    let pdf = site.out().join("utskrift/rotsystemet-kultur.pdf");
    let facts = inspect(&pdf);
    assert!(facts.text.contains("ÅäöÅäöÅäö"), "{}", facts.text);
    // The PDF's title in its metadata is cut at 1,000 characters.
    let info = run_ok(tool("pdfinfo", "poppler-utils").arg(&pdf));
    let title = info
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .unwrap()
        .trim();
    assert!(title.starts_with("ÅäöÅäö") && title.ends_with('…'), "{title}");
    assert_eq!(title.chars().count(), 1001);
    let page = site.read_out("faktorer/kultur/index.html");
    assert!(page.contains(&name), "the page shows the whole name");
    assert!(page.contains(&word), "and the whole text");
}

/// The pages of a PDF that say "Sida 1 av …": where each handout in it starts.
fn sheet_starts(text: &str) -> usize {
    text.matches("Sida 1 av ").count()
}

/// The whole pack (the build's) and a pack of two factors (`handouts --factor A
/// --factor B`): each handout on pages of its own, as many as its own PDF has, in
/// one tagged PDF with a title, which poppler reads without complaint.
#[test]
fn packs_hold_their_handouts_on_pages_of_their_own() {
    let site = handout_site();
    assert_eq!(site.build().code, 0);
    let run = site.run(&["handouts", "--pdf", "--factor", "ledarskap", "--factor", "kultur"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Skrev 2 utskriftsblad och 4 PDF:er på "),
        "{}",
        run.stdout
    );
    let dir = site.out().join("utskrift");
    let pages = |name: &str| inspect(&dir.join(format!("{name}.pdf"))).pages;
    let (kultur, ledarskap) = (pages("rotsystemet-kultur"), pages("rotsystemet-ledarskap"));
    let all = kultur + ledarskap + pages("rotsystemet") + pages("tio-steg");

    let two = inspect(&dir.join("paket-ledarskap-kultur.pdf"));
    assert_eq!(two.pages, kultur + ledarskap);
    assert_eq!(sheet_starts(&two.text), 2, "{}", two.text);
    // In the order asked for.
    let (l, k) = (
        two.text.find("Ledarskap").unwrap(),
        two.text.find("Kultur").unwrap(),
    );
    assert!(l < k, "{}", two.text);

    let whole = inspect(&dir.join("hela-paketet.pdf"));
    assert_eq!(whole.pages, all);
    assert_eq!(sheet_starts(&whole.text), 4, "{}", whole.text);
    for name in ["paket-ledarskap-kultur", "hela-paketet"] {
        let pdf = dir.join(format!("{name}.pdf"));
        assert!(inspect(&pdf).sizes.iter().all(|&s| is_a4(s)), "{name}");
        without_complaint("pdfinfo", &pdf, &[]);
        without_complaint("pdftotext", &pdf, &[]);
        let info = run_ok(tool("pdfinfo", "poppler-utils").arg(&pdf));
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains("Title:           Alla utskriftsblad – "), "{info}");
    }
    // The factor pages and the handout pages link to the whole pack.
    for page in [
        "faktorer/kultur/index.html",
        "faktorer/kultur/utskrift/index.html",
    ] {
        let html = std::fs::read_to_string(site.out().join(page)).unwrap();
        assert!(html.contains("/utskrift/hela-paketet.pdf\""), "{page}");
    }
}

/// Every handout PDF is tagged and declares PDF/UA-1, in Swedish, with its title
/// shown in the reader's title bar.
#[test]
fn handout_pdfs_are_tagged_pdf_ua_in_swedish() {
    let site = handout_site();
    assert_eq!(site.build().code, 0);
    for name in ["rotsystemet-kultur", "tio-steg", "hela-paketet"] {
        let pdf = site.out().join(format!("utskrift/{name}.pdf"));
        let info = run_ok(tool("pdfinfo", "poppler-utils").arg(&pdf));
        assert!(info.contains("Tagged:          yes"), "{name}: {info}");
        let meta = run_ok(tool("pdfinfo", "poppler-utils").arg("-meta").arg(&pdf));
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}: {meta}");
        assert!(meta.contains("<rdf:li>sv-SE</rdf:li>"), "{name}: {meta}");
        let bytes = std::fs::read(&pdf).unwrap();
        let has = |s: &[u8]| bytes.windows(s.len()).any(|w| w == s);
        assert!(has(b"/Lang(sv-SE)") && has(b"/DisplayDocTitle true"), "{name}");
    }
}
