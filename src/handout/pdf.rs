//! The handout PDFs of a site, each fitted to at most two A4 pages.
//!
//! `build` and `check` walk `LADDER` with the same function (`fit`), so a handout
//! that `build` refuses is refused by `check` with the same diagnostic. They differ
//! only in how far they look: `check` stops at the first rung that fits, and lays
//! out without writing a PDF.

use rayon::prelude::*;

use super::{one, typst, Handout, Kind, LADDER};
use crate::diagnostic::Diagnostic;
use crate::i18n::{self, Strings};
use crate::site::{LoadError, Site};
use crate::urls;

/// A handout never runs past this many pages.
pub const MAX_PAGES: usize = 2;

/// Every handout kind of the site, in the order `collect` gives.
pub fn kinds(site: &Site) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = (0..site.factors().len()).map(Kind::Factor).collect();
    kinds.extend([Kind::Root, Kind::Steps]);
    kinds
}

/// The PDFs for `kinds`, as (output path, bytes), compiled in parallel; `t` is the
/// site's interface strings. Problems are gathered from all handouts before any is
/// reported.
pub fn build(site: &Site, t: &Strings, kinds: &[Kind]) -> Result<Vec<(String, Vec<u8>)>, LoadError> {
    gather(kinds.par_iter().map(|&kind| {
        let (h, layout) = fit(site, t, kind, Goal::Best)?;
        let bytes = typst::export(&layout).map_err(LoadError::Internal)?;
        Ok((urls::output_path(&site.base(), &h.pdf_url), bytes))
    }))
}

/// The file stem of the whole pack: every handout of the site in one PDF.
pub const WHOLE_PACK: &str = "hela-paketet";

/// The whole pack's handouts, in reading order: the two overviews, then the factors.
pub fn pack_kinds(site: &Site) -> Vec<Kind> {
    let mut kinds = vec![Kind::Root, Kind::Steps];
    kinds.extend((0..site.factors().len()).map(Kind::Factor));
    kinds
}

/// The file stem of a pack of some factors' handouts: `paket-kultur-ledarskap`.
pub fn pack_name(site: &Site, kinds: &[Kind]) -> String {
    let mut name = String::from("paket");
    for k in kinds {
        match k {
            Kind::Factor(i) => {
                name.push('-');
                name.push_str(&site.factors()[*i].doc.slug);
            }
            Kind::Root => name.push_str("-rotsystemet"),
            Kind::Steps => name.push_str("-tio-steg"),
        }
    }
    name
}

/// One PDF of the handouts `kinds`, each laid out as its own PDF is (the same rung,
/// on pages of its own, numbered from its first page), as (output path, bytes).
pub fn pack(site: &Site, t: &Strings, kinds: &[Kind], name: &str) -> Result<(String, Vec<u8>), LoadError> {
    let fitted = gather(kinds.par_iter().map(|&kind| {
        let (h, layout) = fit(site, t, kind, Goal::Best)?;
        let pages = layout.pages();
        Ok((h, pages))
    }))?;
    let sheets: Vec<(&super::Handout, usize)> = fitted.iter().map(|(h, n)| (h, *n)).collect();
    let title = format!(
        "{} – {}",
        crate::i18n::get(t, "handout_pack_title"),
        site.config.book.title
    );
    let source = typst::pack_source(&title, &sheets, &site.config.book.authors);
    let layout = typst::compile(name, source, site.config.library_date()).map_err(LoadError::Internal)?;
    let bytes = typst::export(&layout).map_err(LoadError::Internal)?;
    let url = urls::handout_pdf(&site.base(), name);
    Ok((urls::output_path(&site.base(), &url), bytes))
}

/// Lays out every handout, in parallel, and reports those that cannot fit, as
/// `build` would; writes nothing.
pub fn check(site: &Site, t: &Strings) -> Result<(), LoadError> {
    gather(
        kinds(site)
            .into_par_iter()
            .map(|kind| fit(site, t, kind, Goal::Fits).map(drop)),
    )
    .map(drop)
}

fn gather<T: Send>(results: impl ParallelIterator<Item = Result<T, LoadError>>) -> Result<Vec<T>, LoadError> {
    let results: Vec<Result<T, LoadError>> = results.collect();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(x) => out.push(x),
            // Once for the site, not once per handout, when the problem is the config's.
            Err(LoadError::Content(d)) => {
                for d in d {
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(LoadError::Content(diags))
    }
}

/// How far `fit` walks the ladder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Goal {
    /// The first rung that fits `MAX_PAGES`: enough to know the build will succeed.
    Fits,
    /// The rung the PDF is made from (see `fit`).
    Best,
}

/// One handout, laid out at the rung of `LADDER` it is printed with. A single sheet
/// is best for a trainer, so the loosest rung that fits on one page wins; when none
/// does, the loosest that fits on `MAX_PAGES`. Whatever the goal, it fails exactly
/// when no rung fits on `MAX_PAGES`.
fn fit(site: &Site, t: &Strings, kind: Kind, goal: Goal) -> Result<(Handout, typst::Layout), LoadError> {
    let authors = &site.config.book.authors;
    let date = site.config.library_date();
    // Only a factor's content is shortened; the overviews have one layout.
    let rungs = if matches!(kind, Kind::Factor(_)) {
        LADDER
    } else {
        &LADDER[..1]
    };
    let mut fits_max = None;
    let mut last = (String::new(), 0);
    for limits in rungs {
        let h = one(site, kind, limits, t);
        if typst::qr_svg(&h.url).is_none() {
            return Err(LoadError::Content(vec![Diagnostic::error_t(
                "book.toml",
                "diag_handout_site_url_long",
                &[],
            )
            .help_t("diag_handout_site_url_long_help", &[])]));
        }
        let layout = typst::layout(&h, authors, date).map_err(LoadError::Internal)?;
        let pages = layout.pages();
        if pages == 1 || (pages <= MAX_PAGES && goal == Goal::Fits) {
            return Ok((h, layout));
        }
        last = (h.file.clone(), pages);
        if pages <= MAX_PAGES && fits_max.is_none() {
            fits_max = Some((h, layout));
        }
    }
    if let Some(found) = fits_max {
        return Ok(found);
    }
    let (file, pages) = last;
    let what = match kind {
        Kind::Factor(i) => i18n::encode("handout_what_factor", &[("id", &site.factors()[i].doc.slug)]),
        Kind::Root => i18n::encode("handout_what_root", &[]),
        Kind::Steps => i18n::encode("handout_what_steps", &[]),
    };
    let (pages, max) = (pages.to_string(), MAX_PAGES.to_string());
    Err(LoadError::Content(vec![Diagnostic::error_t(
        &file,
        "diag_handout_too_long",
        &[("what", &what), ("pages", &pages), ("max", &max)],
    )
    .help_t("diag_handout_too_long_help", &[])]))
}
