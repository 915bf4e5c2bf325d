//! Writes a synthetic site: `cargo bench --bench gen -- DIR N` (not a benchmark;
//! a tool for profiling and for comparing with other generators by hand).
mod synth;
fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let dir = std::path::Path::new(&args[1]);
    let n: usize = args[2].parse().expect("N");
    synth::generate(dir, n, 42).expect("generate");
}
