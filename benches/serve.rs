//! Live-preview benchmark: from saving a case file to the served page showing the
//! change, at 10,000 synthetic cases, next to a full rebuild's time in the same run.
//!
//! It starts the real `rotsystem serve` (the release binary) on a free loopback port,
//! then saves a case file again and again and polls the page over HTTP until the new
//! text is there. What a browser adds after that (the long poll waking it, a reload
//! of one page) is not included. Three kinds of save are measured: a body edit (the
//! common one while writing), a title edit (the case moves in every listing), and a
//! factor edit (the case moves between factor pages and related lists). It also
//! prints the engine's own stage times for one save, measured in process: the pages
//! step (what a reload waits for) and the derived step that `serve` runs after it in
//! the background (search index and handout PDFs, on a one-thread pool as there), and
//! what the pages step pays to copy the site while a derived job still holds it.
//! Prints tables; asserts nothing about speed, since the machine is shared and noisy.
//!
//! Run: `cargo bench --bench serve` (size via ROTSYSTEM_BENCH_SIZE, default 10000).

mod synth;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SAVES: usize = 30;
/// Saves that each wait for the derived step (several seconds) to finish first.
const IDLE_SAVES: usize = 10;
const POLL_MS: u64 = 5;

/// A kind of save: the new text for save `k`, and a marker the page then shows.
type Edit<'a> = dyn Fn(usize) -> (String, String) + 'a;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let n: usize = std::env::var("ROTSYSTEM_BENCH_SIZE")
        .map(|s| s.parse().expect("a number"))
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().unwrap();
    synth::generate(&root, n, 42).expect("generate corpus");

    let open = Instant::now();
    let mut engine = rotsystem::incremental::Incremental::open(&root).expect("first build");
    let first = open.elapsed().as_secs_f64() * 1000.0;

    let case = root.join("content/cases/fall-00042.md");
    let original = std::fs::read_to_string(&case).unwrap();
    // The three kinds of save, each as new text for save k and a marker it shows.
    let kinds: [(&str, &Edit<'_>); 3] = [
        ("body edit", &|k| {
            let marker = format!("Mätpunkt {k}.");
            (
                original.replace("## Resultat", &format!("## Resultat\n\n{marker}")),
                marker,
            )
        }),
        ("title edit", &|k| {
            let title = original.lines().find_map(|l| l.strip_prefix("title: ")).unwrap();
            let marker = format!("{title} v{k}");
            (original.replacen(title, &marker, 1), marker)
        }),
        ("factor edit", &|k| {
            // Every other save swaps the case's first factor for one it lacks.
            let first = original.lines().find_map(|l| l.strip_prefix("  - id: ")).unwrap();
            let other = synth::FACTORS
                .iter()
                .find(|f| !original.contains(&format!("id: {f}\n")))
                .unwrap();
            let (from, to) = (format!("  - id: {first}\n"), format!("  - id: {other}\n"));
            let marker = format!("Mätpunkt {k}.");
            let text = if k % 2 == 0 {
                original.replacen(&from, &to, 1)
            } else {
                original.clone()
            };
            (
                text.replace("## Resultat", &format!("## Resultat\n\n{marker}")),
                marker,
            )
        }),
    ];
    println!("corpus: {n} synthetic cases; {} cores", available_cores());
    println!();
    let saves = std::env::var("ROTSYSTEM_BENCH_SAVES").map_or(SAVES, |s| s.parse().expect("a number"));
    println!("In process, a body edit, median of {saves} saves (engine stages, ms):");
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let mut pages: Stages = Vec::new();
    let mut derived: Stages = Vec::new();
    let mut last = None;
    let mut pdfs = (0, 0);
    let mut search_how = None;
    for k in 0..saves {
        let text = original.replace("## Resultat", &format!("## Resultat\n\nMätpunkt {k}."));
        std::fs::write(&case, text).unwrap();
        let stats = engine.update(std::slice::from_ref(&case)).expect("update");
        record(&mut pages, &stats.stages);
        last = Some(stats);
        let job = engine.derived_job().expect("good pages");
        let done = pool.install(|| job.run());
        let start = Instant::now();
        let stats = engine.apply(done).expect("derived").expect("current");
        let apply = start.elapsed();
        let mut stages = stats.stages.clone();
        stages.push(("apply", apply));
        record(&mut derived, &stages);
        pdfs = (stats.pdfs_rendered, stats.pdfs_kept);
        search_how = stats.search;
    }
    println!("  pages step (before the reload):");
    let total = print_stages(&pages);
    println!("  {:<18} {total:>7.1}", "sum of medians");
    let stats = last.expect("at least one save");
    println!(
        "  ({} file read, {} body rendered, {} pages rendered, {} kept)",
        stats.files_read, stats.bodies_rendered, stats.pages_rendered, stats.pages_kept
    );
    println!(
        "  derived step (after the reload, in the background; search index: {:?}):",
        search_how
    );
    print_stages(&derived);
    println!("  ({} PDFs rendered, {} kept)", pdfs.0, pdfs.1);
    // While a job holds the snapshot, the next pages step copies the site first.
    let mut shared: Stages = Vec::new();
    for k in 0..saves.min(5) {
        let job = engine.derived_job().expect("good pages");
        let text = original.replace("## Resultat", &format!("## Resultat\n\nDelad {k}."));
        std::fs::write(&case, text).unwrap();
        let stats = engine.update(std::slice::from_ref(&case)).expect("update");
        record(&mut shared, &stats.stages);
        drop(job);
        engine.derive().expect("derived");
    }
    let copy = shared
        .iter()
        .find(|(name, _)| *name == "unshare site")
        .expect("a stage");
    let mut copy = copy.1.clone();
    copy.sort_by(f64::total_cmp);
    println!(
        "  a save while a derived job holds the site: unshare site {:.1} ms (median of {})",
        copy[copy.len() / 2],
        copy.len()
    );
    println!("  a title edit and a factor edit (median of {saves} saves):");
    for &(name, edit) in &kinds[1..] {
        let mut stages: Stages = Vec::new();
        let mut derived: Stages = Vec::new();
        let mut rendered = 0;
        let mut how = None;
        for k in 0..saves {
            std::fs::write(&case, edit(k).0).unwrap();
            let stats = engine.update(std::slice::from_ref(&case)).expect("update");
            record(&mut stages, &stats.stages);
            rendered = stats.pages_rendered;
            let job = engine.derived_job().expect("good pages");
            let done = pool.install(|| job.run());
            let stats = engine.apply(done).expect("derived").expect("current");
            record(&mut derived, &stats.stages);
            how = stats.search;
        }
        println!("  {name}, pages step ({rendered} pages rendered):");
        let sum = print_stages(&stages);
        println!("    {:<16} {sum:>7.1}", "sum of medians");
        println!("  {name}, derived step (search index: {how:?}):");
        print_stages(&derived);
    }
    std::fs::write(&case, &original).unwrap();
    if std::env::var_os("ROTSYSTEM_BENCH_IN_PROCESS_ONLY").is_some() {
        return;
    }
    drop(engine);

    // The log lives outside the site, so that writing it is no event for the watcher.
    let logs = tempfile::tempdir().expect("temp dir");
    let log = logs.path().join("serve.log");
    let (server, addr) = start(&root, &log);
    let url = "/fall/fall-00042/";
    println!();
    println!("Save to served page (HTTP poll every {POLL_MS} ms), and the server's own rebuild time:");
    println!();
    println!("| save | p50 (ms) | p90 (ms) | max (ms) | rebuild p50 (ms) | rebuild p90 (ms) | saves |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    // Back to back, the derived step of one save is still running at the next (the
    // pages then share the cores with it); the last row waits until the server is
    // idle before each save, as when an editor reads between saves.
    let body = kinds[0].1;
    let rows = kinds
        .iter()
        .map(|&(name, edit)| (name, edit, SAVES, false))
        .chain([("body edit, server idle before", body, IDLE_SAVES, true)]);
    let mut k = 0;
    for (name, edit, saves, idle) in rows {
        let mut times = Vec::new();
        for _ in 0..saves {
            k += 1;
            let (text, marker) = edit(k);
            while idle && !get(&addr, "/__rotsystem/poll").contains("\"busy\":false") {
                std::thread::sleep(Duration::from_millis(50));
            }
            let start = Instant::now();
            save_by_rename(&case, &text);
            loop {
                if get(&addr, url).contains(&marker) {
                    break;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(30),
                    "the change never showed"
                );
                std::thread::sleep(Duration::from_millis(POLL_MS));
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            // Let the server settle so saves do not overlap.
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut rebuilds = rebuild_times(&log);
        let rebuilds = rebuilds.split_off(rebuilds.len().saturating_sub(saves));
        let (t50, t90, tmax) = percentiles(times);
        let (r50, r90, _) = percentiles(rebuilds);
        println!("| {name} | {t50:.0} | {t90:.0} | {tmax:.0} | {r50:.0} | {r90:.0} | {saves} |");
    }
    drop(server);
    let mut full = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        rotsystem::build::build_in_memory(&root).expect("full build");
        full.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    full.sort_by(f64::total_cmp);
    println!();
    println!("| full rebuild in memory, median of 3 (ms) | engine's first build (ms) |");
    println!("|---:|---:|");
    println!("| {:.0} | {first:.0} |", full[1]);
}

/// (p50, p90, max).
fn percentiles(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    let pct = |p: f64| xs[((xs.len() as f64 - 1.0) * p).round() as usize];
    (pct(0.5), pct(0.9), xs[xs.len() - 1])
}

/// The server's "byggde om (version N) på X ms" lines (the pages; "rebuilt … in" on an
/// English site), after the first build.
fn rebuild_times(log: &Path) -> Vec<f64> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("rebuilt") || l.starts_with("byggde om"))
        .filter_map(|l| {
            l.split(") ")
                .nth(1)?
                .split_once(' ')?
                .1
                .split(" ms")
                .next()?
                .parse()
                .ok()
        })
        .skip(1)
        .collect()
}

/// Writes beside the file and renames over it, as many editors save.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn start(root: &PathBuf, log: &Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).expect("log file"))
        .spawn()
        .expect("start rotsystem serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    (Server(child), addr)
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

type Stages = Vec<(&'static str, Vec<f64>)>;

fn record(into: &mut Stages, stages: &[(&'static str, Duration)]) {
    for (i, (name, d)) in stages.iter().enumerate() {
        if into.len() <= i {
            into.push((name, Vec::new()));
        }
        into[i].1.push(d.as_secs_f64() * 1000.0);
    }
}

/// Prints each stage's median; returns their sum.
fn print_stages(stages: &Stages) -> f64 {
    let mut total = 0.0;
    for (name, times) in stages {
        let mut times = times.clone();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        total += median;
        println!("    {name:<16} {median:>7.1}");
    }
    total
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
