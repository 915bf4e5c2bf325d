//! Every page kind of the site, one file each.
//!
//! `ALL` is the one list the full build, `rotsystem handouts` and the live preview
//! read; a new kind is a file here, a line in `ALL` and its template.

mod case;
pub mod collection;
mod compare;
mod data;
mod feeds;
pub mod handout;
mod home;
mod listing;
mod municipality;
mod not_found;
mod page;
mod search;
mod selection;
mod selfassess;
mod term;
mod vocabulary;
mod year;

use super::page::PageKind;

pub use handout::HANDOUT;

/// Every kind, in the order their pages are listed.
pub static ALL: &[&dyn PageKind] = &[
    &home::HOME,
    &vocabulary::OVERVIEW,
    &municipality::MUNICIPALITIES,
    &not_found::NOT_FOUND,
    &feeds::SITEMAP,
    &feeds::FEED,
    &case::CASE,
    &term::TERM,
    &municipality::MUNICIPALITY,
    &page::PAGE,
    &listing::LISTING,
    &year::YEAR,
    &handout::HANDOUT,
    &super::suggest::SUGGEST,
    &search::SEARCH,
    &selfassess::SELF_ASSESS,
    &data::DATA_PAGE,
    &data::DATA_FILES,
    &compare::COMPARE,
    &selection::SELECTION,
    // Workshop collections.
    &collection::COLLECTIONS,
    &collection::COLLECTION,
];
