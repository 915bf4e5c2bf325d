//! What the open-data files add to a build: 10,000 synthetic cases are loaded once,
//! then every page is rendered in memory (as `render::render` does, less the disk)
//! and, interleaved with it, only the pages of the `data` kind, five rounds each.
//! Prints the medians and the data files' count and bytes.
//!
//! Run: `cargo bench --bench opendata` (size via ROTSYSTEM_BENCH_SIZE, default 10000).

mod synth;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use rotsystem::render::{self, theme::Theme, Ctx};
use rotsystem::site::Site;

const RUNS: usize = 5;

fn main() {
    let n: usize = std::env::var("ROTSYSTEM_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    synth::generate(dir.path(), n, 42).expect("generate corpus");
    let site = Site::load(dir.path()).unwrap_or_else(|e| panic!("load: {e:?}"));
    let theme = Theme::load(&site.root.join(&site.config.output.html.theme)).expect("theme");
    let (mut all, mut data) = (Vec::new(), Vec::new());
    let (mut all_bytes, mut data_bytes, mut data_files) = (0, 0, 0);
    for _ in 0..RUNS {
        let bytes = AtomicUsize::new(0);
        let start = Instant::now();
        render::render(&site, &theme, &|_: &str, b: &[u8]| {
            bytes.fetch_add(b.len(), Ordering::Relaxed);
            Ok(())
        })
        .expect("render");
        all.push(start.elapsed().as_secs_f64());
        all_bytes = bytes.into_inner();

        let start = Instant::now();
        let ctx = Ctx::new(&site, &theme, "");
        let pages = render::all_pages(&site, |k| k.name() == "data");
        let sizes: Vec<usize> = pages
            .par_iter()
            .map(|(kind, id)| {
                kind.page(&ctx, id)
                    .and_then(|p| p.render(&ctx))
                    .expect("data page")
                    .1
                    .len()
            })
            .collect();
        data.push(start.elapsed().as_secs_f64());
        data_files = sizes.len();
        data_bytes = sizes.iter().sum::<usize>();
    }
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    println!("| cases | all pages rendered (s) | of which data files (s) | all bytes (MB) | data files | data bytes (MB) |");
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {n} | {:.2} | {:.2} | {:.1} | {data_files} | {:.1} |",
        median(&mut all),
        median(&mut data),
        all_bytes as f64 / 1e6,
        data_bytes as f64 / 1e6
    );
}
