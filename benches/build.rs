//! Build benchmark: wall time and peak memory for 1,000 and 10,000 synthetic cases,
//! side by side with Hugo (Debian's `hugo`, when installed) on the same corpus.
//!
//! Every build runs as a child process timed by this one from spawn to exit, into
//! an empty destination, so the two generators pay the same process and disk costs.
//! Our child is this same binary, told so by an environment variable, so its peak
//! resident memory (VmHWM) is the build's own. Prints a table; asserts nothing about
//! speed, since the machine is shared and noisy.
//!
//! Run: `cargo bench --bench build` (sizes via ROTSYSTEM_BENCH_SIZES=1000,10000).

mod synth;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const CHILD: &str = "ROTSYSTEM_BENCH_BUILD_ROOT";
const RUNS: usize = 5;

fn main() {
    if let Ok(root) = std::env::var(CHILD) {
        child(Path::new(&root));
        return;
    }
    let sizes: Vec<usize> = std::env::var("ROTSYSTEM_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("sizes are numbers"))
        .collect();
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(v) = &hugo {
        println!("peer: {}", String::from_utf8_lossy(&v.stdout).trim());
    } else {
        println!("peer: hugo not installed; the Hugo columns are empty");
    }
    println!("| cases | pages | rotsystem median (s) | min (s) | peak RSS (MB) | hugo median (s) | min (s) | hugo / rotsystem |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        synth::generate(dir.path(), n, 42).expect("generate corpus");
        let hugo_site = dir.path().join("hugo");
        if hugo.is_some() {
            hugo_fixture(dir.path(), &hugo_site);
        }
        let (mut ours, mut theirs, mut peak, mut pages) = (Vec::new(), Vec::new(), 0u64, 0);
        // Alternate the two so a slow spell of the disk hits both alike.
        for _ in 0..RUNS {
            let _ = std::fs::remove_dir_all(dir.path().join("public"));
            let start = Instant::now();
            let out = Command::new(std::env::current_exe().unwrap())
                .env(CHILD, dir.path())
                .output()
                .expect("child");
            ours.push(start.elapsed().as_secs_f64());
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let line = String::from_utf8(out.stdout).unwrap();
            let f: Vec<&str> = line.split_whitespace().collect();
            peak = peak.max(f[0].parse().unwrap());
            pages = f[1].parse().unwrap();
            if hugo.is_some() {
                let _ = std::fs::remove_dir_all(hugo_site.join("public"));
                let start = Instant::now();
                let out = Command::new("hugo")
                    .args(["--quiet", "-s"])
                    .arg(&hugo_site)
                    .output()
                    .expect("hugo");
                theirs.push(start.elapsed().as_secs_f64());
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            }
        }
        let (om, omin) = median_min(&mut ours);
        let hugo_cols = if theirs.is_empty() {
            "| | |".to_string()
        } else {
            let (tm, tmin) = median_min(&mut theirs);
            format!("{tm:.2} | {tmin:.2} | {:.1}× |", tm / om)
        };
        println!(
            "| {n} | {pages} | {om:.2} | {omin:.2} | {:.0} | {hugo_cols}",
            peak as f64 / 1024.0
        );
    }
}

fn median_min(xs: &mut [f64]) -> (f64, f64) {
    xs.sort_by(f64::total_cmp);
    (xs[xs.len() / 2], xs[0])
}

/// The same cases as a Hugo site with a minimal layout: a page per case and the
/// default lists, which is less than we render, so the comparison flatters Hugo.
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

fn child(root: &Path) {
    let summary = match rotsystem::build::build(root, None) {
        Ok(s) => s,
        Err(e) => panic!("build failed: {e:?}"),
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    println!("{peak_kb} {}", summary.pages);
}
