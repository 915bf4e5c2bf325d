//! book.toml: any bytes as the configuration, parsed from a string and loaded from a
//! file as `build` does (which adds the value checks); a configuration that loads is
//! then used to build a small site's model, its URLs and link map included.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rotsystem::config::Config;
use rotsystem::diagnostic::render_human;
use rotsystem::load::{self, Parsed};
use rotsystem::site::{LoadError, Site};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/basic");

/// A private folder for the book.toml under test, and the fixture's content.
fn setup() -> &'static (PathBuf, Vec<Parsed>) {
    static SETUP: OnceLock<(PathBuf, Vec<Parsed>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rotsystem-fuzz-book-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let root = Path::new(FIXTURE);
        let specs = Config::default().vocabularies();
        let (parsed, diags) = load::read_dir(root, &root.join("content"), &specs).expect("the fixture reads");
        assert!(diags.is_empty(), "the fixture parses");
        (dir, parsed)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(d) = Config::parse(text) {
            let shown = render_human(&d, &rotsystem::render::theme::builtin_strings("en"));
            assert!(shown.contains("book.toml"), "{shown}");
        }
    }
    let (dir, content) = setup();
    std::fs::write(dir.join("book.toml"), data).expect("book.toml written");
    let config = match Config::load(dir) {
        Ok(config) => config,
        Err(d) => {
            let shown = render_human(&d, &rotsystem::render::theme::builtin_strings("en"));
            assert!(shown.contains("book.toml"), "{shown}");
            return;
        }
    };
    let _ = (config.base_path(), config.library_date());
    let mut site = Site::new(Path::new(FIXTURE), config);
    for p in content.clone() {
        site.add(p);
    }
    match site.finish(Vec::new(), &mut rotsystem::timing::Laps::default()) {
        Ok(_) | Err(LoadError::Content(_)) => {}
        Err(LoadError::Internal(e)) => panic!("internal error: {e:#}"),
    }
});
