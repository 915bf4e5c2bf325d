//! The theme in a real browser: the bundled library, built by the real binary, is
//! served on loopback and checked in Debian's headless Chromium by the node scripts
//! in `tests/browser/`. A missing tool fails the test with how to install it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use tempfile::TempDir;

/// One browser at a time: the machines have two shared cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails, never skips, when the browser tooling is not installed.
fn require_tools() {
    let chromium = std::env::var("ROTSYSTEM_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node is not on PATH: apt-get install -y nodejs npm".to_string());
    }
    if !Path::new(&chromium).exists() {
        missing.push(format!("{chromium} is missing: apt-get install -y chromium"));
    }
    for package in ["playwright-core", "axe-core"] {
        if !repo().join("tests/browser/node_modules").join(package).is_dir() {
            missing.push(format!(
                "tests/browser/node_modules/{package} is missing: npm ci --prefix tests/browser"
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "the browser tests need tools that are not installed (.ci/run installs them):\n  {}",
        missing.join("\n  ")
    );
}

/// The bundled library, built into a temp dir.
pub fn build_library() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--dest")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    (dir, out)
}

/// The bundled library with `line` added to `[output.html]` in its book.toml, built
/// into a temp dir: its content and configuration copied, the theme the built-in one.
pub fn build_library_with(line: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    for (rel, bytes) in crate::support::read_tree(&repo().join("content")) {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let book = std::fs::read_to_string(repo().join("book.toml")).unwrap();
    assert!(book.contains("[output.html]\n"), "{book}");
    let book = book.replacen("[output.html]\n", &format!("[output.html]\n{line}\n"), 1);
    std::fs::write(root.join("book.toml"), book).unwrap();
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--dest")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    (dir, out)
}

/// Runs `node tests/browser/<script> <args…>`, failing with its output unless it
/// exits 0; returns its stdout.
pub fn node(script: &str, args: &[&Path]) -> String {
    require_tools();
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let out = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .output()
        .expect("run node");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "{script} failed ({}):\n{stderr}\n{stdout}",
        out.status
    );
    stdout.into_owned()
}

#[test]
fn every_page_type_passes_axe_wcag21_aa_in_light_and_dark_mode_down_to_320px() {
    let (_dir, site) = build_library();
    let report = node("axe.mjs", &[&site]);
    assert!(report.contains("115 page checks"), "{report}");
}

#[test]
fn keyboard_alone_reaches_skip_link_search_menu_factors_and_map_with_visible_focus() {
    let (_dir, site) = build_library();
    let report = node("keyboard.mjs", &[&site]);
    assert!(
        report.contains("(375px) keyboard: / → /faktorer/ → /faktorer/"),
        "{report}"
    );
}

#[test]
fn search_finds_narrows_reloads_and_forgives_a_typo_in_chromium() {
    let (_dir, site) = build_library();
    let report = node("search.mjs", &[&site]);
    assert!(report.contains("search: all checks passed"), "{report}");
}

#[test]
fn search_ranks_partial_matches_offers_a_way_on_reads_english_and_folds_facets_on_a_phone() {
    let (_dir, site) = build_library();
    let report = node("relevance.mjs", &[&site]);
    assert!(
        report.contains("relevance: 5 axe checks, all checks passed"),
        "{report}"
    );
}

#[test]
fn three_ticked_cases_compare_side_by_side_and_a_shared_selection_reloads_and_prints() {
    let (dir, site) = build_library();
    let pdf = dir.path().join("urval.pdf");
    let report = node("compare.mjs", &[&site, &pdf]);
    assert!(
        report.contains("compare: 11 axe checks, all checks passed"),
        "{report}"
    );
    assert!(report.contains("selection PDF: "), "{report}");
}

#[test]
fn every_case_page_weighs_at_most_50_kb_with_its_css_and_js() {
    let (_dir, site) = build_library();
    let report = node("weight.mjs", &[&site, Path::new("50000")]);
    assert!(report.contains("(21 pages)"), "{report}");
}

#[test]
fn the_dev_servers_live_reload_script_runs_under_the_csp_and_reloads_only_changed_pages() {
    let site = crate::support::TestSite::basic();
    // Stopped when dropped, also when the script fails.
    let server = crate::serve::start(&site);
    let url = format!("http://{}/fall/vara/", server.addr);
    let report = node("livereload.mjs", &[Path::new(&url), site.root()]);
    assert!(report.contains("live reload polls under the CSP"), "{report}");
    assert!(
        report.contains("a save reloaded the edited page and not"),
        "{report}"
    );
}

#[test]
fn a_search_result_opens_its_case_with_the_query_words_marked_and_scrolled_to() {
    let (_dir, site) = build_library();
    let report = node("landing.mjs", &[&site]);
    assert!(
        report.contains("landing: 4 axe checks, all checks passed"),
        "{report}"
    );
}

#[test]
fn every_handout_page_prints_in_chromium_on_as_many_a4_pages_as_its_pdf() {
    let (_dir, site) = build_library();
    let report = node("print.mjs", &[&site]);
    assert!(
        report.contains("print: 14 handout pages, each on as many pages as its PDF"),
        "{report}"
    );
}
