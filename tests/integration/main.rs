//! The one integration-test binary: fixture sites built and checked through the real
//! `rotsystem` executable, so errors are asserted as the text users see.

mod browser;
mod build;
mod collections;
mod commands;
mod compare;
mod devtools;
mod diagnostics;
mod diff;
mod handouts;
mod incremental;
mod messages;
mod opendata;
mod places;
mod quality;
mod sanitize;
mod scaffold;
mod search;
mod selfassess;
mod serve;
mod stemmer;
mod step_cases;
mod suggest;
mod support;
mod theme;
mod trust_browser;
mod trust_content;
mod trust_output;
mod trust_serve;
mod vocabulary;
mod workflow;

/// The benchmarks' synthetic corpus, for tests that need more than a fixture.
#[path = "../../benches/synth/mod.rs"]
#[allow(dead_code)]
mod synth;
