//! The texts that `rotsystem new case` and the propose form write where an editor has
//! still to write. They are defined once, here: the scaffold writes them and `check`
//! refuses them, so a green check means a finished case, not an untouched draft.
//! (`themes/default/static/suggest.js` writes the same words; tests/integration/suggest.rs
//! holds the two together.)

use super::locate::Seg;
use super::schema::CaseMeta;
use super::Doc;
use crate::diagnostic::Diagnostic;

pub const SUMMARY: &str = "Skriv en eller två meningar: vad gjordes, och varför spelar det roll?";
pub const PLACE: &str = "Ange platsen";
pub const NOTE: &str = "Hur visar fallet den här faktorn?";
pub const SOURCE: &str = "Ange källans titel";

/// One error per placeholder left in a case, at the value itself.
pub fn check(case: &Doc<CaseMeta>, diags: &mut Vec<Diagnostic>) {
    let m = &case.meta;
    let mut refuse = |path: &[Seg], help: &'static str, id: &str| {
        diags.push(
            Diagnostic::error_t(&case.file.rel, "diag_placeholder", &[])
                .at(&case.file.text, case.locate(path))
                .help_t(help, &[("id", id)]),
        );
    };
    if m.summary.trim() == SUMMARY {
        refuse(&[Seg::Key("summary")], "diag_placeholder_summary", "");
    }
    for (i, place) in m.places.iter().enumerate() {
        if place.trim() == PLACE {
            refuse(&[Seg::Key("places"), Seg::Index(i)], "diag_placeholder_place", "");
        }
    }
    for (i, factor) in m.factors.iter().enumerate() {
        if factor.note.as_deref().map(str::trim) == Some(NOTE) {
            refuse(
                &[Seg::Key("factors"), Seg::Index(i), Seg::Key("note")],
                "diag_placeholder_note",
                &factor.id,
            );
        }
    }
    for (i, source) in m.sources.iter().enumerate() {
        if source.title.trim() == SOURCE {
            refuse(
                &[Seg::Key("sources"), Seg::Index(i), Seg::Key("title")],
                "diag_placeholder_source",
                "",
            );
        }
    }
}
