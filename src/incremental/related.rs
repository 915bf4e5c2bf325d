//! Related cases, updated rather than recomputed: ranking every case costs tens of
//! milliseconds at 10,000 cases (`site::Related::ranked`), and an edit changes the
//! lists of few cases.
//!
//! A case's related list is the top k of all other cases under a key (shared factors,
//! shared municipalities, listing rank). Call a case *moved* when it is new, deleted,
//! or its key inputs changed (factors, municipalities, year, title, slug). Unmoved
//! cases keep their order relative to each other, so for an unmoved case `i`:
//! - if its old list holds no moved case, its new list is the top k of its old list
//!   plus the moved cases in their new form, which is exact, since the top k of a set
//!   is also the top k of any subset that contains it;
//! - otherwise (a case left its list, or may rank lower now) it is ranked afresh.
//!
//! Moved cases are ranked afresh. A body-only edit moves nothing.

use rayon::prelude::*;

use crate::hash::{hash, FxMap};
use crate::site::{CaseFacts, Related, Site};

/// The related lists of the last good build, by case identity.
pub struct Previous {
    vocabulary: u64,
    paths: Vec<String>,
    keys: Vec<u64>,
    related: Vec<Vec<usize>>,
}

/// Sets `site.index.related` (the other listings must be current) and returns what
/// the next update needs.
/// `facts[i]` are case `i`'s facts; `vocabulary` says what their positions mean.
pub fn update(site: &mut Site, facts: &[&CaseFacts], vocabulary: u64, prev: Option<Previous>) -> Previous {
    // What the ranking reads of a case: a change here moves the case.
    let keys: Vec<u64> = site
        .cases
        .par_iter()
        .zip(facts)
        .map(|(c, f)| {
            hash(&(
                &f.terms,
                &f.municipalities,
                c.doc.meta.year,
                &f.title_key,
                &c.doc.slug,
            ))
        })
        .collect();
    let n = site.cases.len();
    let order = std::mem::take(&mut site.index.cases);
    let related = {
        let r = Related::new(site, &order, facts);
        match prev.filter(|p| p.vocabulary == vocabulary) {
            None => (0..n).into_par_iter().map(|i| r.ranked(i)).collect(),
            Some(prev) => {
                let now: FxMap<&str, usize> = site
                    .cases
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.doc.content_path.as_str(), i))
                    .collect();
                let old_to_new: Vec<Option<usize>> = prev
                    .paths
                    .iter()
                    .enumerate()
                    .map(|(o, p)| now.get(p.as_str()).copied().filter(|&i| keys[i] == prev.keys[o]))
                    .collect();
                let mut new_to_old = vec![None; n];
                for (o, i) in old_to_new.iter().enumerate() {
                    if let Some(i) = i {
                        new_to_old[*i] = Some(o);
                    }
                }
                let moved: Vec<usize> = (0..n).filter(|&i| new_to_old[i].is_none()).collect();
                (0..n)
                    .into_par_iter()
                    .map(|i| {
                        let Some(o) = new_to_old[i] else {
                            return r.ranked(i);
                        };
                        let old = &prev.related[o];
                        match old.iter().map(|&l| old_to_new[l]).collect::<Option<Vec<usize>>>() {
                            Some(kept) => r.top(
                                i,
                                kept.into_iter()
                                    .chain(moved.iter().copied().filter(|&m| r.shares_factor(i, m))),
                            ),
                            None => r.ranked(i),
                        }
                    })
                    .collect()
            }
        }
    };
    site.index.cases = order;
    site.index.related = related;
    Previous {
        vocabulary,
        paths: site.cases.iter().map(|c| c.doc.content_path.clone()).collect(),
        keys,
        related: site.index.related.clone(),
    }
}

/// What positions in `CaseFacts` mean, and how many related cases a page shows.
pub fn vocabulary(site: &Site) -> u64 {
    let terms: Vec<Vec<&str>> = site
        .vocabularies
        .iter()
        .map(|v| v.terms.iter().map(|t| t.doc.slug.as_str()).collect())
        .collect();
    let munis: Vec<&str> = site.municipalities.iter().map(|m| m.id.as_str()).collect();
    hash(&(terms, munis, site.config.library.related_cases))
}
