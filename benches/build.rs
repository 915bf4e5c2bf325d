//! Build benchmark: wall time, peak memory and each stage's time for 1,000, 10,000
//! and (when asked) 100,000 synthetic cases, side by side with Hugo (Debian's `hugo`)
//! on the same corpus, and `rotsystem check` beside them.
//!
//! Every run is a child process (the release `rotsystem` binary, and `hugo`), timed
//! from spawn to exit into an empty destination, so both pay the same process and
//! disk costs. Runs alternate, ours then Hugo's, so a slow spell of the shared machine
//! hits both alike, and the ratio is taken within one run. Peak resident memory is the
//! child's VmHWM, sampled from /proc every few milliseconds until it exits (it only
//! grows, so the last sample misses at most the final milliseconds). Stage times are
//! what `ROTSYSTEM_TIMINGS=1` makes `rotsystem build` print. Prints tables; asserts
//! nothing about speed, since the machine is shared and noisy.
//!
//! Run: `cargo bench --bench build` (1,000 and 10,000 cases), or name the sizes:
//! `cargo bench --bench build -- 1000,10000,100000` (or ROTSYSTEM_BENCH_SIZES).
//! `ROTSYSTEM_BENCH_BIN=path` measures another `rotsystem` binary instead.

mod synth;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 3;

/// The binary measured: this build's, or another (`ROTSYSTEM_BENCH_BIN`), to compare
/// a change with the code before it on the same corpus.
fn bin() -> String {
    std::env::var("ROTSYSTEM_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_rotsystem").to_string())
}

/// One child's run.
struct Run {
    wall: f64,
    peak_mb: f64,
    stderr: String,
}

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let sizes: Vec<usize> = arg
        .or_else(|| std::env::var("ROTSYSTEM_BENCH_SIZES").ok())
        .unwrap_or_else(|| "1000,10000".into())
        .split(',')
        .map(|s| s.trim().replace('_', "").parse().expect("sizes are numbers"))
        .collect();
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .expect("hugo is installed (apt-get install hugo): the benchmark compares with it");
    println!("peer: {}", String::from_utf8_lossy(&hugo.stdout).trim());
    println!("rotsystem: {}", bin());
    println!("cores: {}; load average at start: {}", cores(), load_average());
    for n in sizes {
        size(n);
    }
    println!("load average at end: {}", load_average());
}

fn size(n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let start = Instant::now();
    synth::generate(root, n, 42).expect("generate corpus");
    let (bytes, median) = corpus_size(&root.join("content/cases"));
    println!();
    println!(
        "## {n} cases: {:.1} MB of cases, median {:.1} KB (generated in {:.1} s)",
        bytes as f64 / 1e6,
        median as f64 / 1e3,
        start.elapsed().as_secs_f64()
    );
    let hugo_site = root.join("hugo");
    hugo_fixture(root, &hugo_site);
    let (mut ours, mut theirs, mut checks) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(root.join("public"));
        let mut cmd = Command::new(bin());
        cmd.args(["build", "--root"])
            .arg(root)
            .env("ROTSYSTEM_TIMINGS", "1");
        ours.push(run(cmd));
        let _ = std::fs::remove_dir_all(hugo_site.join("public"));
        let mut cmd = Command::new("hugo");
        cmd.args(["--quiet", "-s"]).arg(&hugo_site);
        theirs.push(run(cmd));
        let mut cmd = Command::new(bin());
        cmd.args(["check", "--root"])
            .arg(root)
            .env("ROTSYSTEM_TIMINGS", "1");
        checks.push(run(cmd));
    }
    let (files, out_bytes) = tree_size(&root.join("public"));
    let median = |runs: &[Run], f: fn(&Run) -> f64| {
        let mut xs: Vec<f64> = runs.iter().map(f).collect();
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let (ow, tw) = (median(&ours, |r| r.wall), median(&theirs, |r| r.wall));
    println!(
        "output: {files} files, {:.0} MB; load average now {}",
        out_bytes as f64 / 1e6,
        load_average()
    );
    println!();
    println!("| | wall, median of {RUNS} (s) | runs (s) | peak RSS (MB) |");
    println!("|---|---:|---:|---:|");
    for (name, runs) in [
        ("rotsystem build", &ours),
        ("hugo", &theirs),
        ("rotsystem check", &checks),
    ] {
        let all: Vec<String> = runs.iter().map(|r| format!("{:.2}", r.wall)).collect();
        println!(
            "| {name} | {:.2} | {} | {:.0} |",
            median(runs, |r| r.wall),
            all.join(", "),
            median(runs, |r| r.peak_mb)
        );
    }
    // Each round's ratio, from runs made one after the other.
    let ratios: Vec<String> = ours
        .iter()
        .zip(&theirs)
        .map(|(o, t)| format!("{:.2}", o.wall / t.wall))
        .collect();
    println!("| rotsystem / hugo | {:.2} | {} | |", ow / tw, ratios.join(", "));
    print_stages("build", &ours);
    print_stages("check", &checks);
}

/// The median time of each stage a command printed, in its order.
fn print_stages(command: &str, runs: &[Run]) {
    println!();
    println!("stages of `rotsystem {command}` (median of {RUNS}, s):");
    let mut stages: BTreeMap<usize, (String, Vec<f64>)> = BTreeMap::new();
    for r in runs {
        for (i, (name, secs)) in stage_times(&r.stderr).into_iter().enumerate() {
            stages.entry(i).or_insert_with(|| (name, Vec::new())).1.push(secs);
        }
    }
    for (name, mut xs) in stages.into_values() {
        xs.sort_by(f64::total_cmp);
        println!("  {name:<28} {:>8.3}", xs[xs.len() / 2]);
    }
}

/// Runs `cmd` to its end, sampling its peak memory; panics with its stderr on failure.
fn run(mut cmd: Command) -> Run {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let status_path = format!("/proc/{}/status", child.id());
    let stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if let Some(kb) = vm_hwm(&status_path) {
            peak_kb = peak_kb.max(kb);
        }
        std::thread::sleep(Duration::from_millis(3));
    };
    let wall = start.elapsed().as_secs_f64();
    let stderr = reader.join().expect("stderr reader");
    assert!(status.success(), "{cmd:?} failed: {stderr}");
    Run {
        wall,
        peak_mb: peak_kb as f64 / 1024.0,
        stderr,
    }
}

fn vm_hwm(path: &str) -> Option<u64> {
    let status = std::fs::read_to_string(path).ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.split_whitespace().next()?.parse().ok()
}

/// The `  name   1.234 s` lines `ROTSYSTEM_TIMINGS` prints, in order.
fn stage_times(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?.strip_suffix(" s")?;
            let (name, secs) = l.trim_end().rsplit_once(' ')?;
            Some((name.trim().to_string(), secs.trim().parse().ok()?))
        })
        .collect()
}

/// All cases' bytes, and the median file's.
fn corpus_size(cases: &Path) -> (u64, u64) {
    let mut sizes: Vec<u64> = std::fs::read_dir(cases)
        .expect("cases")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .collect();
    sizes.sort_unstable();
    (sizes.iter().sum(), sizes[sizes.len() / 2])
}

/// Files and bytes under `dir`.
fn tree_size(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map_or(0, |m| m.len()))
        })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// The same cases as a Hugo site with a minimal layout and no search: a page per case
/// and the default lists, which is less than we render, so the comparison flatters
/// Hugo.
fn hugo_fixture(src: &Path, site: &Path) {
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = 'https://synt.example/'\ntitle = 'Syntetiskt'\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("single.html"),
        "<!DOCTYPE html><html lang=\"sv\"><head><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}<ul>{{ range .Params.factors }}<li>{{ .id }}: {{ .note }}</li>{{ end }}</ul></main></body></html>\n",
    )
    .unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "<!DOCTYPE html><html lang=\"sv\"><head><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n",
    )
    .unwrap();
    let cases = site.join("content/cases");
    std::fs::create_dir_all(&cases).unwrap();
    for entry in std::fs::read_dir(src.join("content/cases")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), cases.join(entry.file_name())).unwrap();
    }
}
