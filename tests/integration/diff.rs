//! `rotsystem diff` on real builds: the fixture built, edited, built again, and the
//! lists held to what comparing the two folders' bytes here says changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::{read_tree, Run, TestSite};

/// Builds `site` into `<root>/../<name>` (beside its sources, never inside).
fn build_into(site: &TestSite, dir: &Path, name: &str) -> PathBuf {
    let dest = dir.join(name);
    let run = site.run(&["build", "--dest", dest.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dest
}

fn diff(site: &TestSite, old: &Path, new: &Path, args: &[&str]) -> Run {
    let mut all = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
    all.extend_from_slice(args);
    site.run(&all)
}

fn diff_json(site: &TestSite, old: &Path, new: &Path) -> serde_json::Value {
    let run = diff(site, old, new, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The addresses of one list of the JSON's pages (`added`, `changed`, `removed`).
fn urls(report: &serde_json::Value, list: &str) -> BTreeSet<String> {
    report["pages"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap().to_string())
        .collect()
}

/// What the two folders say, compared here byte for byte: (added, changed, removed)
/// HTML pages as addresses, written the way a static host serves them.
fn expected(old: &Path, new: &Path) -> [BTreeSet<String>; 3] {
    let (a, b) = (read_tree(old), read_tree(new));
    let url = |rel: &String| match rel.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{rel}"),
    };
    let html = |rel: &&String| rel.ends_with(".html");
    let added = b
        .keys()
        .filter(|r| !a.contains_key(*r))
        .filter(html)
        .map(url)
        .collect();
    let removed = a
        .keys()
        .filter(|r| !b.contains_key(*r))
        .filter(html)
        .map(url)
        .collect();
    let changed = a
        .iter()
        .filter(|(r, bytes)| b.get(*r).is_some_and(|other| other != *bytes))
        .map(|(r, _)| r)
        .filter(html)
        .map(url)
        .collect();
    [added, changed, removed]
}

#[test]
fn diff_lists_exactly_the_pages_an_edit_changed() {
    let site = TestSite::basic();
    let dir = tempfile::tempdir().unwrap();
    let old = build_into(&site, dir.path(), "old");
    // One case's summary: its page, and every list that shows its card.
    site.edit(
        "content/cases/vara.md",
        "summary: En liten kommun byggde ett konserthus.",
        "summary: En liten kommun byggde ett konserthus och en ny scen.",
    );
    let new = build_into(&site, dir.path(), "new");
    let report = diff_json(&site, &old, &new);
    let [added, changed, removed] = expected(&old, &new);
    assert_eq!(urls(&report, "added"), added, "{report}");
    assert_eq!(urls(&report, "changed"), changed, "{report}");
    assert_eq!(urls(&report, "removed"), removed, "{report}");
    // The edit took, and it did not touch every page.
    assert!(changed.contains("/fall/vara/"), "{changed:?}");
    assert!(changed.contains("/faktorer/kultur/"), "{changed:?}");
    let pages = read_tree(&new).keys().filter(|r| r.ends_with(".html")).count();
    assert!(changed.len() < pages, "{changed:?}");
    let vara = &report["pages"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == "/fall/vara/")
        .unwrap()["title"];
    assert!(
        vara.as_str().unwrap().starts_with("Vara – kultur som motor"),
        "{vara}"
    );
    // The search index changed too, and is counted, not listed.
    let search = &report["search"];
    assert!(search["added"].as_u64().unwrap() > 0, "{report}");
    let files = report["files"]["changed"].as_array().unwrap();
    assert!(
        files
            .iter()
            .all(|f| !f.as_str().unwrap().starts_with("sok/data/")),
        "{report}"
    );
    assert!(files.iter().any(|f| f == "data/fall.json"), "{report}");
}

#[test]
fn diff_names_a_new_case_and_a_removed_one_with_their_titles() {
    let site = TestSite::basic();
    let dir = tempfile::tempdir().unwrap();
    let old = build_into(&site, dir.path(), "old");
    let umea = std::fs::read_to_string(site.root().join("content/cases/umea.md")).unwrap();
    site.write(
        "content/cases/gavle.md",
        &umea
            .replace("Umeå – kulturhuvudstad", "Gävle – en ny scen")
            .replace("[umea]", "[gavle]"),
    );
    std::fs::remove_file(site.root().join("content/cases/dino.md")).unwrap();
    let new = build_into(&site, dir.path(), "new");
    let report = diff_json(&site, &old, &new);
    let [added, changed, removed] = expected(&old, &new);
    assert_eq!(urls(&report, "added"), added, "{report}");
    assert_eq!(urls(&report, "changed"), changed, "{report}");
    assert_eq!(urls(&report, "removed"), removed, "{report}");
    assert!(
        added.contains("/fall/gavle/") && added.contains("/kommuner/gavle/"),
        "{added:?}"
    );
    assert!(removed.contains("/fall/dino/"), "{removed:?}");

    // In Markdown for the job summary, in the site's words, the title escaped.
    let run = diff(&site, &old, &new, &["--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    assert!(md.starts_with("### Webbplatsen med ändringen\n"), "{md}");
    assert!(
        md.contains("**Nya sidor**\n\n- `/fall/gavle/` Gävle – en ny scen"),
        "{md}"
    );
    assert!(md.contains("**Borttagna sidor**\n\n"), "{md}");
    assert!(
        md.contains("\n- `/fall/dino/` DINO – stöd för innovation\n"),
        "{md}"
    );
    assert!(md.contains("<details><summary>Andra filer: "), "{md}");
    // A list cut at --limit says how much is left out.
    let run = diff(&site, &old, &new, &["--limit", "1"]);
    let more = changed.len() - 1;
    assert!(
        run.stdout.contains(&format!("  ~ … och {more} till\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\n  + /fall/gavle/  Gävle – en ny scen"),
        "{}",
        run.stdout
    );
}

#[test]
fn two_builds_of_the_same_sources_differ_in_nothing() {
    let site = TestSite::basic();
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (
        build_into(&site, dir.path(), "a"),
        build_into(&site, dir.path(), "b"),
    );
    let report = diff_json(&site, &old, &new);
    assert_eq!(
        report,
        serde_json::json!({
            "pages": { "added": [], "changed": [], "removed": [] },
            "search": { "added": 0, "changed": 0, "removed": 0 },
            "files": { "added": [], "changed": [], "removed": [] },
        })
    );
    let run = diff(&site, &old, &new, &[]);
    assert_eq!(
        run.stdout,
        "Inga skillnader: de två byggena är lika, byte för byte.\n"
    );
}

#[test]
fn diff_refuses_a_folder_rotsystem_did_not_build_and_every_link() {
    let site = TestSite::basic();
    let dir = tempfile::tempdir().unwrap();
    let built = build_into(&site, dir.path(), "site");
    let plain = dir.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    std::fs::write(plain.join("index.html"), "<title>x</title>").unwrap();
    let run = diff(&site, &plain, &built, &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("är inte en webbplats som rotsystem har byggt"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(".rotsystem-output"), "{}", run.stderr);
    assert_eq!(run.stdout, "");

    #[cfg(unix)]
    {
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&built, &link).unwrap();
        let run = diff(&site, &built, &link, &[]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("det är en symbolisk länk"), "{}", run.stderr);

        // A link inside an output, to a file outside it, is refused, not read.
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "not the site's").unwrap();
        let copy = build_into(&site, dir.path(), "copy");
        std::os::unix::fs::symlink(&secret, copy.join("fall/hemligt.html")).unwrap();
        let run = diff(&site, &built, &copy, &[]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("`fall/hemligt.html` är en symbolisk länk"),
            "{}",
            run.stderr
        );
        assert!(!run.stdout.contains("not the site's") && !run.stderr.contains("not the site's"));
    }
}
