//! The pull-request workflow (`.github/workflows/check.yml`) read as GitHub reads it,
//! and its preview script (`.ci/pr-preview`) run on a fixture site in a git repository
//! of its own: the base branch's site built from its commit, and the job summary with
//! the check's result and the pages the change made.

use std::path::Path;
use std::process::Command;

use crate::support::TestSite;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workflow() -> serde_norway::Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/check.yml")).unwrap();
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("check.yml is not YAML: {e}"))
}

fn steps(w: &serde_norway::Value) -> &Vec<serde_norway::Value> {
    w["jobs"]["check"]["steps"]
        .as_sequence()
        .expect("jobs.check.steps")
}

fn step<'a>(w: &'a serde_norway::Value, name: &str) -> &'a serde_norway::Value {
    steps(w)
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step `{name}`"))
}

#[test]
fn the_workflow_previews_every_pull_request_and_its_scripts_parse() {
    let w = workflow();
    assert!(w["on"].get("pull_request").is_some(), "runs on pull requests");
    let pr_only = "github.event_name == 'pull_request'";
    let upload = step(&w, "Upload the built site");
    assert!(upload["uses"]
        .as_str()
        .unwrap()
        .starts_with("actions/upload-artifact@"));
    assert_eq!(upload["with"]["path"].as_str(), Some("public/"));
    assert_eq!(upload["if"].as_str(), Some(pr_only));
    let base = step(&w, "Build the base branch's site");
    assert_eq!(base["run"].as_str(), Some(".ci/pr-preview base \"$BASE_SHA\""));
    assert_eq!(
        base["env"]["BASE_SHA"].as_str(),
        Some("${{ github.event.pull_request.base.sha }}")
    );
    let summary = step(&w, "Write the job summary");
    assert_eq!(
        summary["if"].as_str(),
        Some(format!("always() && {pr_only}").as_str())
    );
    assert!(summary["run"]
        .as_str()
        .unwrap()
        .ends_with(">> \"$GITHUB_STEP_SUMMARY\""));
    assert_eq!(
        summary["env"]["ARTIFACT_URL"].as_str(),
        Some("${{ steps.upload.outputs.artifact-url }}")
    );
    // The preview comes after the site is built, and every script is valid bash.
    let names: Vec<&str> = steps(&w).iter().filter_map(|s| s["name"].as_str()).collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(at("Build the site") < at("Upload the built site"));
    assert!(at("Upload the built site") < at("Build the base branch's site"));
    assert!(at("Build the base branch's site") < at("Write the job summary"));
    for script in steps(&w).iter().filter_map(|s| s["run"].as_str()) {
        let out = Command::new("bash").args(["-n", "-c", script]).output().unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new("bash")
        .arg("-n")
        .arg(repo().join(".ci/pr-preview"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Runs `.ci/pr-preview` copied into the site's repository.
fn preview(site: &TestSite, temp: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new("bash")
        .arg(site.root().join(".ci/pr-preview"))
        .args(args)
        .env("RUNNER_TEMP", temp)
        .env("ROTSYSTEM", env!("CARGO_BIN_EXE_rotsystem"))
        .env("BASE_ROTSYSTEM", env!("CARGO_BIN_EXE_rotsystem"))
        .env("ARTIFACT_URL", "https://github.example/artifact/1")
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.success(), text(out.stdout), text(out.stderr))
}

#[test]
fn the_preview_builds_the_base_commit_and_summarises_the_check_and_the_changed_pages() {
    let site = TestSite::basic();
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.root().join(".ci")).unwrap();
    std::fs::copy(repo().join(".ci/pr-preview"), site.root().join(".ci/pr-preview")).unwrap();
    site.write(".gitignore", "public/\n");
    git(site.root(), &["init", "-q", "-b", "main"]);
    git(site.root(), &["add", "."]);
    git(site.root(), &["commit", "-q", "-m", "base"]);
    let sha = git(site.root(), &["rev-parse", "HEAD"]);
    // The repository is its own `origin`, as the checkout's is GitHub's.
    git(
        site.root(),
        &["remote", "add", "origin", site.root().to_str().unwrap()],
    );
    site.edit("content/cases/umea.md", "Umeå växer.", "Umeå växer snabbt.");
    git(site.root(), &["commit", "-q", "-am", "pull request"]);
    assert_eq!(site.build().code, 0);

    let (ok, _, stderr) = preview(&site, temp.path(), &["base", &sha]);
    assert!(ok, "{stderr}");
    let base_page = std::fs::read_to_string(temp.path().join("base-site/fall/umea/index.html")).unwrap();
    assert!(base_page.contains("Umeå växer.</p>"), "the base is the commit's");

    let (ok, summary, stderr) = preview(&site, temp.path(), &["summary"]);
    assert!(ok, "{stderr}");
    assert!(
        summary.starts_with("## Förhandsvisning av pull requesten\n"),
        "{summary}"
    );
    assert!(summary.contains("**Kontrollen:** inga fel."), "{summary}");
    // The fixture's cases are short and carry no `reviewed:`: the check's own words,
    // its quality warnings included, are what the summary shows.
    assert!(summary.contains("<pre>\nvarning: "), "{summary}");
    assert!(summary.contains("8 varningar i innehållet"), "{summary}");
    assert!(
        summary.contains("**Ändrade sidor**\n\n- `/fall/umea/` Umeå"),
        "{summary}"
    );
    assert!(!summary.contains("`/fall/vara/`"), "{summary}");
    assert!(
        summary.contains("[artefakten *site*](https://github.example/artifact/1)"),
        "{summary}"
    );

    // A broken case: the check's errors, escaped, and the summary still written.
    site.edit(
        "content/cases/umea.md",
        "factors: [kultur]",
        "factors: [<kultur>]",
    );
    let (ok, summary, stderr) = preview(&site, temp.path(), &["summary"]);
    assert!(ok, "{stderr}");
    assert!(
        summary.contains("**Kontrollen:** hittade fel (slutkod 1)"),
        "{summary}"
    );
    assert!(summary.contains("<details open>"), "{summary}");
    assert!(summary.contains("&lt;kultur&gt;"), "{summary}");
    assert!(!summary.contains("[<kultur>]"), "{summary}");

    // No base site: the summary says so instead of a list.
    std::fs::remove_dir_all(temp.path().join("base-site")).unwrap();
    let (ok, summary, _) = preview(&site, temp.path(), &["summary"]);
    assert!(ok);
    assert!(
        summary.contains("Grenens webbplats gick inte att bygga"),
        "{summary}"
    );
}
