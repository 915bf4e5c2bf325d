//! The handout PDFs of a site, each fitted to at most two A4 pages.

use rayon::prelude::*;

use super::{one, typst, Kind, LADDER};
use crate::diagnostic::Diagnostic;
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

/// The PDFs for `kinds`, as (output path, bytes), compiled in parallel. Problems are
/// gathered from all handouts before any is reported.
pub fn build(site: &Site, kinds: &[Kind]) -> Result<Vec<(String, Vec<u8>)>, LoadError> {
    let results: Vec<Result<(String, Vec<u8>), LoadError>> =
        kinds.par_iter().map(|&kind| fitted(site, kind)).collect();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(file) => files.push(file),
            Err(LoadError::Content(d)) => diags.extend(d),
            Err(e) => return Err(e),
        }
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(LoadError::Content(diags))
    }
}

/// One handout's PDF. A single sheet is best for a trainer, so the loosest rung of
/// `LADDER` that fits on one page wins; when none does, the loosest that fits on
/// `MAX_PAGES`.
fn fitted(site: &Site, kind: Kind) -> Result<(String, Vec<u8>), LoadError> {
    let authors = &site.config.book.authors;
    let date = site.config.library_date();
    // Only a factor's content is shortened; the overviews have one layout.
    let rungs = if matches!(kind, Kind::Factor(_)) {
        LADDER
    } else {
        &LADDER[..1]
    };
    let mut fits_max: Option<(String, Vec<u8>)> = None;
    let mut last = (String::new(), 0);
    for limits in rungs {
        let h = one(site, kind, limits);
        let pdf = typst::pdf(&h, authors, date).map_err(LoadError::Internal)?;
        let path = urls::output_path(&site.base(), &h.pdf_url);
        if pdf.pages == 1 {
            return Ok((path, pdf.bytes));
        }
        if pdf.pages <= MAX_PAGES && fits_max.is_none() {
            fits_max = Some((path, pdf.bytes));
        }
        last = (h.file, pdf.pages);
    }
    if let Some(found) = fits_max {
        return Ok(found);
    }
    let (file, pages) = last;
    let what = match kind {
        Kind::Factor(i) => format!("factor `{}`", site.factors()[i].doc.slug),
        Kind::Root => "root system".into(),
        Kind::Steps => "10-step model".into(),
    };
    Err(LoadError::Content(vec![Diagnostic::error(
        &file,
        format!(
            "the handout for the {what} runs to {pages} A4 pages even shortened; it must fit on {MAX_PAGES}"
        ),
    )
    .help(
        "shorten the discussion questions or the case notes it prints, or the descriptions of the overview",
    )]))
}
