//! Handout benchmark: the time to typeset every handout PDF of the bundled library
//! (12 factors, the root system, the 10-step model), as `build` does it, then the
//! whole pack, then each workshop collection's booklet, one at a time.
//!
//! typst memoizes whole compilations, so a second round in one process would time a
//! cache. Each round is therefore a fresh child process (this same binary, told so
//! by an environment variable) that loads the site once and then times only the
//! PDFs, fonts and all. Prints a table; asserts nothing about speed, since the
//! machine is shared and noisy.
//!
//! Run: `cargo bench --bench handouts`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use rotsystem::handout::pdf;
use rotsystem::site::Site;

const CHILD: &str = "ROTSYSTEM_BENCH_HANDOUTS_CHILD";
const ROUNDS: usize = 5;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os(CHILD).is_some() {
        let site = Site::load(root).unwrap_or_else(|_| panic!("the bundled library loads"));
        let kinds = pdf::kinds(&site);
        let theme = rotsystem::render::theme::Theme::load(&root.join(&site.config.output.html.theme))
            .expect("the built-in theme loads");
        let t = theme.strings(&site.config.book.language);
        let start = Instant::now();
        let files = pdf::build(&site, t, &kinds).unwrap_or_else(|_| panic!("the handouts build"));
        let secs = start.elapsed().as_secs_f64();
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        // The whole pack, as `build` makes it after the single PDFs.
        let start = Instant::now();
        pdf::pack(&site, t, &pdf::pack_kinds(&site), pdf::WHOLE_PACK)
            .unwrap_or_else(|_| panic!("the whole pack builds"));
        let pack = start.elapsed().as_secs_f64();
        // Each booklet alone, as a save in the live preview rebuilds one.
        let start = Instant::now();
        for i in 0..site.collections.len() {
            rotsystem::handout::booklet::pdf(&site, i, t).unwrap_or_else(|_| panic!("booklet {i} builds"));
        }
        let booklet = start.elapsed().as_secs_f64() / site.collections.len().max(1) as f64;
        println!("{secs} {} {bytes} {pack} {booklet}", files.len());
        return;
    }
    let me = std::env::current_exe().expect("the bench binary");
    let mut secs = Vec::new();
    let mut packs = Vec::new();
    let mut booklets = Vec::new();
    let (mut count, mut bytes) = (0, 0);
    for _ in 0..ROUNDS {
        let out = Command::new(&me).env(CHILD, "1").output().expect("run a round");
        let line = String::from_utf8_lossy(&out.stdout);
        let fields: Vec<f64> = line.split_whitespace().filter_map(|f| f.parse().ok()).collect();
        assert_eq!(fields.len(), 5, "{line}{}", String::from_utf8_lossy(&out.stderr));
        secs.push(fields[0]);
        packs.push(fields[3]);
        booklets.push(fields[4]);
        (count, bytes) = (fields[1] as usize, fields[2] as usize);
    }
    secs.sort_by(f64::total_cmp);
    packs.sort_by(f64::total_cmp);
    booklets.sort_by(f64::total_cmp);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "all handouts of the bundled library: {count} PDFs, {} KiB, {cores} cores, {ROUNDS} fresh processes",
        bytes / 1024
    );
    println!("| | wall time | whole pack | a collection's booklet (mean of the library's) |");
    println!("|---|---|---|---|");
    for (name, at) in [("fastest", 0), ("median", ROUNDS / 2), ("slowest", ROUNDS - 1)] {
        println!(
            "| {name} | {:.3} s | {:.3} s | {:.3} s |",
            secs[at], packs[at], booklets[at]
        );
    }
}
