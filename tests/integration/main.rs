//! The one integration-test binary: fixture sites built and checked through the real
//! `rotsystem` executable, so errors are asserted as the text users see.

mod browser;
mod build;
mod diagnostics;
mod incremental;
mod sanitize;
mod scaffold;
mod serve;
mod suggest;
mod support;
