//! Search benchmark, side by side with Pagefind on the same built pages:
//! index build time, index size, and bytes and milliseconds per query in headless
//! Chromium (`benches/search.mjs`), cold first query and warm later ones. Bytes are
//! everything fetched for a query (ours: with the search scripts on the first);
//! milliseconds run from the end of a 120 ms typing pause, during which both engines
//! preload what the query's words need (ours also ranks the query after 40 ms and
//! fetches the files of its first ten results), to ten results shown with their
//! snippets.
//!
//! Needs `npm ci --prefix tests/browser` (playwright-core) and Debian's chromium;
//! installs Pagefind itself (pinned, into `target/bench-npm`) on first run. Prints a
//! table; asserts nothing about speed.
//!
//! Run: `cargo bench --bench search` (size via ROTSYSTEM_BENCH_CASES, default 10000).

mod synth;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Queries a reader might type on this corpus: common and rare words, two words, a
/// prefix, and a typo.
const QUERIES: &[&str] = &[
    "innovation",
    "plattform",
    "kultur skola",
    "äldreomsorg",
    "digitalis",
    "förvaltnign",
];

/// The peer's version, pinned so that runs compare alike.
const PAGEFIND: &str = "1.6.0";

fn main() {
    let cases: usize =
        std::env::var("ROTSYSTEM_BENCH_CASES").map_or(10_000, |s| s.parse().expect("a number of cases"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let npm_dir = root.join("target/bench-npm");
    let pagefind = npm_dir.join("node_modules/.bin/pagefind");
    if !pagefind.exists() {
        let ok = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&npm_dir)
            .arg(format!("pagefind@{PAGEFIND}"))
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "could not install pagefind@{PAGEFIND} from npm into {}",
            npm_dir.display()
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    synth::generate(dir.path(), cases, 42).expect("generate corpus");
    let bin = root.join("target/release/rotsystem");
    assert!(bin.exists(), "run `cargo build --release` first");

    let out = Command::new(&bin)
        .args(["build", "--root"])
        .arg(dir.path())
        .env("ROTSYSTEM_TIMINGS", "1")
        .output()
        .expect("rotsystem build");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The index and its export, beside the pages.
    let ours_build: f64 = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let secs = l
                .strip_prefix("search index (tantivy)")
                .or_else(|| l.strip_prefix("search index export"))?;
            secs.trim().trim_end_matches(" s").parse::<f64>().ok()
        })
        .sum();
    assert!(ours_build > 0.0, "the build prints its search-index stages");
    let site = dir.path().join("public");

    let start = Instant::now();
    let out = Command::new(&pagefind)
        .args(["--site"])
        .arg(&site)
        .output()
        .expect("pagefind");
    let theirs_build = start.elapsed().as_secs_f64();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let version = Command::new(&pagefind)
        .arg("--version")
        .output()
        .expect("pagefind --version");

    let ours_size = tree_size(&site.join("sok/data"));
    let theirs_size = tree_size(&site.join("pagefind"));

    let out = Command::new("node")
        .arg(root.join("benches/search.mjs"))
        .arg(&site)
        .args(QUERIES)
        .current_dir(root)
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect();

    println!(
        "corpus: {cases} synthetic cases (seed 42); peer: {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    println!("| | rotsystem | pagefind | ratio |");
    println!("|---|---:|---:|---:|");
    println!(
        "| index build (s) | {ours_build:.2} | {theirs_build:.2} | {:.2} |",
        ours_build / theirs_build
    );
    println!(
        "| index size (MB) | {:.1} | {:.1} | {:.2} |",
        mb(ours_size),
        mb(theirs_size),
        ours_size as f64 / theirs_size as f64
    );
    println!(
        "\n| query | first? | rotsystem KB | ms | shown | pagefind KB | ms | shown | KB ratio | ms ratio |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for q in QUERIES {
        let pick = |engine: &str| {
            rows.iter()
                .find(|r| r["engine"] == engine && r["query"] == *q)
                .expect("a row")
        };
        let (a, b) = (pick("rotsystem"), pick("pagefind"));
        let kb = |r: &serde_json::Value| r["bytes"].as_f64().unwrap_or(0.0) / 1024.0;
        let ms = |r: &serde_json::Value| r["ms"].as_f64().unwrap_or(0.0);
        println!(
            "| {q} | {} | {:.1} | {:.1} | {} | {:.1} | {:.1} | {} | {:.2} | {:.2} |",
            a["first"],
            kb(a),
            ms(a),
            a["shown"],
            kb(b),
            ms(b),
            b["shown"],
            kb(a) / kb(b),
            ms(a) / ms(b)
        );
    }
    if let Some(floor) = rows.iter().find(|r| r["engine"] == "floor") {
        println!(
            "\nFloor: ten result files fetched at once and nothing else: {:.1} ms (median of 5).",
            floor["ms"].as_f64().unwrap_or(0.0)
        );
    }
}

fn tree_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}
