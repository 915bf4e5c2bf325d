//! A small builder for test sites: a copy of a fixture in a temp dir that a test can
//! edit, and helpers to run the binary against it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub struct TestSite {
    dir: TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&src, dir.path());
        TestSite { dir }
    }

    pub fn basic() -> TestSite {
        TestSite::fixture("basic")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Replaces the first occurrence of `from` in `rel`, failing if it is absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let path = self.dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "`{from}` not in {rel}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run rotsystem");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `check --format json`, parsed: (exit code, the errors). The quality warnings
    /// are left out, so a test of an error is not about the fixture's prose.
    pub fn check_json(&self) -> (i32, Vec<serde_json::Value>) {
        let (code, report) = self.check_report(&[]);
        let diags = report["diagnostics"].as_array().expect("a list of diagnostics");
        let errors = diags.iter().filter(|d| d["level"] == "error").cloned().collect();
        (code, errors)
    }

    /// `check --format json` with `args`, parsed whole: (exit code, the object with
    /// `diagnostics` and `cases`).
    pub fn check_report(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let run = self.run(&[&["check", "--format", "json"], args].concat());
        let report = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        (run.code, report)
    }

    pub fn read_out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Every file under `dir`, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The part of a page inside `<main>`: the rest is the same on every page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    &html[start..end]
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}
