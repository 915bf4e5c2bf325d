//! Building fixture sites: the pages, determinism, and safety of the output folder.

use crate::support::{main_of, read_tree, TestSite};

#[test]
fn builds_every_page_kind() {
    let site = TestSite::basic();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Byggde 25 sidor (3 fall) på "),
        "{}",
        run.stdout
    );
    // Search files are named by content hashes, which any format change moves.
    let files: Vec<String> = read_tree(&site.out())
        .into_keys()
        .map(|f| redact_hashes(&f))
        .collect();
    insta::assert_snapshot!(files.join("\n"));
}

fn redact_hashes(path: &str) -> String {
    let is_hash = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    path.split('/')
        .map(|seg| {
            let (stem, ext) = seg.split_once('.').map_or((seg, ""), |(a, b)| (a, b));
            match (is_hash(stem), ext) {
                (true, "") => "<hash>".to_string(),
                (true, ext) => format!("<hash>.{ext}"),
                _ => match ext.split_once('.') {
                    Some((h, rest)) if is_hash(h) => format!("{stem}.<hash>.{rest}"),
                    _ => seg.to_string(),
                },
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn case_page_body() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    insta::assert_snapshot!(main_of(&site.read_out("fall/vara/index.html")));
}

#[test]
fn factor_page_lists_cases_with_their_notes() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    insta::assert_snapshot!(main_of(&site.read_out("faktorer/kultur/index.html")));
}

#[test]
fn listing_browses_by_factor_and_year_without_javascript() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    let html = site.read_out("fall/index.html");
    // Browsing needs no script: one element is JSON-LD, which is data, and the other
    // only adds the compare and selection boxes (static/urval/pick.js).
    let data = "<script type=\"application/ld+json\">";
    let pick = "<script src=\"/static/urval/pick.js\" type=\"module\">";
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert_eq!(html.matches(data).count(), 1, "{html}");
    assert_eq!(html.matches(pick).count(), 1, "{html}");
    insta::assert_snapshot!(main_of(&html));
}

#[test]
fn feed_and_sitemap() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    insta::assert_snapshot!("sitemap", site.read_out("sitemap.xml"));
    insta::assert_snapshot!("atom", site.read_out("atom.xml"));
}

#[test]
fn every_page_has_one_h1_and_swedish_lang() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    for (path, bytes) in read_tree(&site.out()) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert_eq!(html.matches("<h1").count(), 1, "{path}");
            assert!(html.contains(r#"<html lang="sv">"#), "{path}");
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::basic();
    let a = site.root().join("a");
    let b = site.root().join("b");
    assert_eq!(site.run(&["build", "--dest", a.to_str().unwrap()]).code, 0);
    assert_eq!(site.run(&["build", "--dest", b.to_str().unwrap()]).code, 0);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.len() > 10);
    assert_eq!(ta, tb);
}

#[test]
fn a_content_error_keeps_the_previous_output() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    let before = read_tree(&site.out());
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    assert_eq!(site.build().code, 1);
    assert_eq!(read_tree(&site.out()), before);
}

#[test]
fn a_failure_while_writing_keeps_the_previous_output_and_leaves_no_debris() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    let before = read_tree(&site.out());
    // A theme override that fails only when the case pages render, mid-build.
    site.write("themes/default/templates/case.html", "{{ no_such_variable }}");
    site.edit("content/cases/vara.md", "Vara är", "Numera är Vara");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("case.html"), "{}", run.stderr);
    assert_eq!(read_tree(&site.out()), before);
    let debris: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

#[test]
fn a_theme_override_replaces_a_builtin_template() {
    let site = TestSite::basic();
    site.write(
        "themes/default/templates/404.html",
        "<p>Egen 404 för {{ site.title }}</p>",
    );
    assert_eq!(site.build().code, 0);
    assert_eq!(site.read_out("404.html"), "<p>Egen 404 för Testbiblioteket</p>");
}

#[test]
fn refuses_to_build_over_the_content() {
    let site = TestSite::basic();
    for dest in ["content", ".", "content/cases"] {
        let target = site.root().join(dest);
        let run = site.run(&["build", "--dest", target.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{dest}");
        assert!(
            run.stderr.contains("fel: bygget kan inte skrivas till "),
            "{}",
            run.stderr
        );
    }
    assert!(site.root().join("content/cases/vara.md").is_file());
    assert!(site.root().join("book.toml").is_file());
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::basic();
    let before = read_tree(site.root());
    assert_eq!(site.run(&["check"]).code, 0);
    assert_eq!(read_tree(site.root()), before);
}

/// The bundled library is real content: it must pass `check --deny warnings` (as the
/// pull-request workflow runs it: every case finished, readable and reviewed) and
/// build, which proves every internal link resolves and every page renders.
#[test]
fn the_bundled_library_checks_and_builds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dest = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rotsystem"))
            .args(args)
            .arg("--root")
            .arg(root)
            .output()
            .unwrap()
    };
    let check = run(&["check", "--deny", "warnings"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        check.stderr.is_empty(),
        "check printed warnings: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = dest.path().join("site");
    let build = run(&["build", "--dest", out.to_str().unwrap()]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let files = read_tree(&out);
    for case in [
        "haparanda",
        "umea",
        "are",
        "nacka",
        "botkyrka",
        "vara",
        "lomma",
        "malmo",
        "boras-innovationsplattform",
        "rise-dino",
        "medicon-valley",
    ] {
        assert!(files.contains_key(&format!("fall/{case}/index.html")), "{case}");
    }
    let factor_pages = files
        .keys()
        .filter(|k| k.starts_with("faktorer/") && k.matches('/').count() == 2)
        .count();
    let step_pages = files
        .keys()
        .filter(|k| k.starts_with("steg/") && k.matches('/').count() == 2)
        .count();
    assert_eq!((factor_pages, step_pages), (12, 10));
}

#[test]
fn an_undated_case_is_listed_without_a_year() {
    let site = TestSite::basic();
    site.edit("content/cases/dino.md", "year: 2020\n", "");
    assert_eq!(site.build().code, 0);
    let listing = site.read_out("fall/index.html");
    assert!(listing.contains(r#"<p class="meta">Sverige</p>"#), "{listing}");
    assert!(!site.out().join("fall/ar/2020").exists());
    assert!(!site.read_out("fall/dino/index.html").contains("<dt>År</dt>"));
}

/// The feed carries the newest cases only, in listing order, whatever the library's
/// size; its date is the newest year of any case.
#[test]
fn the_feed_holds_the_fifty_newest_cases() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::synth::generate(dir.path(), 120, 3).expect("the synthetic corpus is written");
    let files = rotsystem::build::build_in_memory(dir.path()).unwrap_or_else(|_| panic!("builds"));
    let text = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let feed = text("atom.xml");
    let entries: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| e.split("<id>").nth(1).unwrap().split("</id>").next().unwrap())
        .collect();
    // The listing's first page shows the cases in the same order, newest first.
    let listing = text("fall/index.html");
    let listed: Vec<&str> = listing
        .split("<h3><a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(entries.len(), 50, "{feed}");
    let n = listed.len().min(50);
    assert!(n >= 10, "the listing shows cases: {listing}");
    for (entry, url) in entries.iter().zip(&listed[..n]) {
        assert!(entry.ends_with(url), "{entry} is not {url}");
    }
}
