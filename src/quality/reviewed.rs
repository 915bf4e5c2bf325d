//! A case's `reviewed:` date: when an editor last read it against its sources. It is
//! measured against the library's date (`Config::library_date`: `[library] date` or
//! `SOURCE_DATE_EPOCH`), never the clock, so the same site gives the same warnings
//! on every machine and day; a site with no library date is warned only about a
//! missing `reviewed:`.

use crate::config::{days_from_civil, parse_date, Config};
use crate::diagnostic::{Diagnostic, Span};
use crate::i18n::{self, Strings};
use crate::load::locate::Seg;
use crate::load::schema::CaseMeta;
use crate::load::Doc;

pub fn check(case: &Doc<CaseMeta>, config: &Config, t: &Strings, out: &mut Vec<Diagnostic>) {
    let library = config.library_date();
    let Some(reviewed) = case.meta.reviewed.as_deref() else {
        out.push(
            Diagnostic::warning(&case.file.rel, i18n::get(t, "quality_reviewed_missing"))
                .at(&case.file.text, Span::new(1, 1, 3))
                .help(i18n::get(t, "quality_reviewed_missing_help")),
        );
        return;
    };
    // A malformed date is an error of the load, which ran before.
    let (Some(date), Some(library)) = (parse_date(reviewed), library) else {
        return;
    };
    let age = days_from_civil(library) - days_from_civil(date);
    let max = i64::from(config.check.review_max_age_days);
    if age > max {
        let (y, m, d) = library;
        out.push(
            Diagnostic::warning(
                &case.file.rel,
                i18n::text(t, "quality_reviewed_old", &[("date", reviewed)]),
            )
            .at(&case.file.text, case.locate(&[Seg::Key("reviewed")]))
            .label(i18n::text(
                t,
                "quality_reviewed_old_label",
                &[
                    ("days", &age.to_string()),
                    ("library", &format!("{y}-{m:02}-{d:02}")),
                ],
            ))
            .help(i18n::text(
                t,
                "quality_reviewed_old_help",
                &[("max", &max.to_string())],
            )),
        );
    }
}
