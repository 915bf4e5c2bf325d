//! Which cases a factor's handout shows: the strongest links, spread across places.
//!
//! The rule, in full (README and ARCHITECTURE repeat it):
//! 1. The candidates are the cases that name the factor.
//! 2. Strength: a case with a note for this factor comes before one without, because
//!    the note is what the handout prints and it says how the case shows the factor.
//!    Among equals, the site's listing order decides: newest year first, undated
//!    last, then title in Swedish order, then slug (a total order).
//! 3. Spread: going down that order, a case is taken only if none of its places (its
//!    municipalities; else its other places; else its organisation) is already on the
//!    sheet. When no such case is left, the skipped ones fill up, strongest first.
//! 4. At most `max` cases, printed in the order they were taken.

use std::collections::BTreeSet;

use crate::site::Site;

/// The chosen cases for the factor at `factor`, as indexes into `site.cases`.
pub fn cases(site: &Site, factor: usize, max: usize) -> Vec<usize> {
    let id = &site.factors()[factor].doc.slug;
    let has_note = |ci: usize| {
        site.cases[ci]
            .doc
            .meta
            .factors
            .iter()
            .any(|f| &f.id == id && f.note.is_some())
    };
    // `by_factor` is already in listing order; a stable sort keeps it among equals.
    let mut ranked: Vec<usize> = site.index.by_term[crate::vocabulary::FACTORS][factor].clone();
    ranked.sort_by_key(|&ci| !has_note(ci));

    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut taken = Vec::new();
    let mut skipped = Vec::new();
    for ci in ranked {
        if taken.len() == max {
            break;
        }
        let places = places(site, ci);
        if places.iter().any(|p| seen.contains(p)) {
            skipped.push(ci);
        } else {
            seen.extend(places);
            taken.push(ci);
        }
    }
    let room = max.saturating_sub(taken.len());
    taken.extend(skipped.into_iter().take(room));
    taken
}

fn places(site: &Site, ci: usize) -> Vec<&str> {
    let m = &site.cases[ci].doc.meta;
    if !m.municipalities.is_empty() {
        m.municipalities.iter().map(String::as_str).collect()
    } else if !m.places.is_empty() {
        m.places.iter().map(String::as_str).collect()
    } else {
        m.organisation.as_deref().into_iter().collect()
    }
}
