//! Front matter and the schema: any text, as each kind of content file, through the
//! split, the strict schemas, the cross-file validation (with a small valid library
//! around it) and, when all of that passes, the site model with its rendered bodies
//! and listings. Every diagnostic is rendered as the terminal would show it.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rotsystem::diagnostic::render_human;
use rotsystem::load::{self, Kind};
use rotsystem::site::Site;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/basic");

fn fixture() -> &'static Site {
    static FIXTURE: OnceLock<Site> = OnceLock::new();
    FIXTURE.get_or_init(|| Site::load(Path::new(ROOT)).expect("the fixture loads"))
}

const KINDS: [(Kind, &str); 5] = [
    (Kind::Case, "cases/fuzz.md"),
    (Kind::Term(0), "factors/fuzz.md"),
    (Kind::Term(1), "steps/fuzz.md"),
    (Kind::Page, "pages/fuzz.md"),
    (Kind::Municipalities, "municipalities.yaml"),
];

fuzz_target!(|data: &[u8]| {
    // Files that are not UTF-8 are refused before parsing, by the reader.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let base = fixture();
    for (kind, inner) in KINDS {
        let rel = format!("content/{inner}");
        let mut site = base.clone();
        let mut diags = Vec::new();
        match load::parse_text(kind, inner, &rel, text) {
            Ok(parsed) => {
                site.add(parsed);
            }
            Err(d) => diags.push(d),
        }
        // The same steps as `Site::load` after reading: validate, render, index.
        match site.finish(diags, &mut rotsystem::timing::Laps::default()) {
            Ok(_) => diags = Vec::new(),
            Err(rotsystem::site::LoadError::Content(d)) => diags = d,
            Err(rotsystem::site::LoadError::Internal(e)) => panic!("internal error: {e:#}"),
        }
        for d in &diags {
            let shown = render_human(d, &rotsystem::render::theme::builtin_strings("en"));
            assert!(shown.contains(&rel) || shown.contains("content/"), "{shown}");
        }
    }
});
