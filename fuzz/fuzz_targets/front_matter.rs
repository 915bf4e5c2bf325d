//! Front matter and the schema: any text, as each kind of content file, through the
//! split, the strict schemas, the cross-file validation (with a small valid library
//! around it) and, when all of that passes, the site model with its rendered bodies
//! and listings. Every diagnostic is rendered as the terminal would show it.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rotsystem::config::Config;
use rotsystem::diagnostic::render_human;
use rotsystem::load::{self, Content, Kind, Parsed};
use rotsystem::site::Site;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/basic");

fn fixture() -> &'static (Config, Content) {
    static FIXTURE: OnceLock<(Config, Content)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = Path::new(ROOT);
        let config = Config::load(root).expect("the fixture's book.toml");
        let content = load::load(root, &config.book.src).expect("the fixture loads");
        (config, content)
    })
}

const KINDS: [(Kind, &str); 5] = [
    (Kind::Case, "cases/fuzz.md"),
    (Kind::Factor, "factors/fuzz.md"),
    (Kind::Step, "steps/fuzz.md"),
    (Kind::Page, "pages/fuzz.md"),
    (Kind::Municipalities, "municipalities.yaml"),
];

fuzz_target!(|data: &[u8]| {
    // Files that are not UTF-8 are refused before parsing, by the reader.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (config, base) = fixture();
    for (kind, inner) in KINDS {
        let rel = format!("content/{inner}");
        let mut content = base.clone();
        let mut diags = Vec::new();
        match load::parse_text(kind, inner, &rel, text) {
            Ok(Parsed::Case(d)) => content.cases.push(d),
            Ok(Parsed::Factor(d)) => content.factors.push(d),
            Ok(Parsed::Step(d)) => content.steps.push(d),
            Ok(Parsed::Page(d)) => content.pages.push(d),
            Ok(Parsed::Municipalities(list, file)) => {
                content.municipalities = list;
                content.municipalities_file = Some(file);
            }
            Err(d) => diags.push(d),
        }
        if diags.is_empty() {
            load::validate(&content.docs(), &mut diags);
        }
        if diags.is_empty() {
            content.factors.sort_by_key(|d| (d.meta.order, d.slug.clone()));
            content.steps.sort_by_key(|d| (d.meta.order, d.slug.clone()));
            match Site::from_content(Path::new(ROOT), config.clone(), content) {
                Ok(_) => {}
                Err(rotsystem::site::LoadError::Content(d)) => diags = d,
                Err(rotsystem::site::LoadError::Internal(e)) => panic!("internal error: {e:#}"),
            }
        }
        for d in &diags {
            let shown = render_human(d);
            assert!(shown.contains(&rel) || shown.contains("content/"), "{shown}");
        }
    }
});
