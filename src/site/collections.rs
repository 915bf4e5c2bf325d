//! The workshop collections' listings: the "Samlingar" order, and which collections
//! discuss each case and cover each term, so a case's or a factor's page links to
//! them without a template gathering anything.

use std::collections::HashMap;

use super::{sv_key, Index, Site};

/// Fills the collections' part of `index`; the cases' listings are already in it.
pub(super) fn index(site: &Site, index: &mut Index) {
    let mut order: Vec<usize> = (0..site.collections.len()).collect();
    order.sort_by_cached_key(|&i| {
        let doc = &site.collections[i].doc;
        (sv_key(&doc.meta.title), doc.slug.clone())
    });
    let case_at: HashMap<&str, usize> = site
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.doc.slug.as_str(), i))
        .collect();
    let term_at = site.term_at();
    let mut of_case = vec![Vec::new(); site.cases.len()];
    let mut of_term: Vec<Vec<Vec<usize>>> = site
        .vocabularies
        .iter()
        .map(|v| vec![Vec::new(); v.terms.len()])
        .collect();
    for &i in &order {
        let m = &site.collections[i].doc.meta;
        for r in &m.cases {
            if let Some(&c) = case_at.get(r.id.as_str()) {
                push_once(&mut of_case[c], i);
            }
        }
        let covered = [
            (crate::vocabulary::FACTORS, &m.factors),
            (crate::vocabulary::STEPS, &m.steps),
        ];
        for (v, ids) in covered {
            for id in ids {
                if let Some(&t) = term_at[v].get(id.as_str()) {
                    push_once(&mut of_term[v][t], i);
                }
            }
        }
    }
    index.collections = order;
    index.collections_of_case = of_case;
    index.collections_of_term = of_term;
}

/// Validation refuses a case or a term listed twice; this keeps a listing whole while
/// the live preview shows that error.
fn push_once(list: &mut Vec<usize>, i: usize) {
    if list.last() != Some(&i) {
        list.push(i);
    }
}
