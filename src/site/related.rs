//! Related cases: for each case, the others that share most factors with it, then
//! most municipalities, then come first in the listing.
//!
//! Comparing every pair is 10^10 steps at 100,000 cases. Instead each case looks only
//! at candidates that can make its list (`Related::candidates`), as many as there are
//! sets of factors rather than cases; the result is the same top k as over all cases,
//! which `tests` checks against the all-pairs rule.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::{CaseFacts, Site};
use crate::hash::FxMap;
use crate::vocabulary::FACTORS;

/// Each case's related cases, best first.
pub fn all(site: &Site, order: &[usize], facts: &[&CaseFacts]) -> Vec<Vec<usize>> {
    let r = Related::new(site, order, facts);
    (0..site.cases.len())
        .into_par_iter()
        .map(|i| r.ranked(i))
        .collect()
}

/// What ranking related cases needs, computed once per build.
pub struct Related<'a> {
    order: &'a [usize],
    rank: Vec<usize>,
    factor_bits: Vec<u128>,
    /// A bit per municipality: 384 bits hold the 290.
    muni_bits: Vec<[u128; 3]>,
    /// The cases of each set of factors a case has, in listing order.
    groups: FxMap<u128, Vec<usize>>,
    /// For each of those sets, what its related lists can need from the cases that
    /// share no municipality (`Reach`): made when a case first asks, since the live
    /// preview ranks only the few cases an edit moved.
    reach: FxMap<u128, OnceLock<Reach>>,
    /// Each municipality's cases (by its bit), grouped by their set of factors (in no
    /// order: candidates are sorted), each group's first in listing order, with the
    /// cases that have other municipalities too.
    by_muni: Vec<Vec<MuniGroup>>,
    want: usize,
}

impl<'a> Related<'a> {
    pub fn new(site: &Site, order: &'a [usize], facts: &[&CaseFacts]) -> Related<'a> {
        Related::with(site.config.library.related_cases, order, facts)
    }

    /// `want` related cases a case, for the cases `facts` in listing order `order`.
    fn with(want: usize, order: &'a [usize], facts: &[&CaseFacts]) -> Related<'a> {
        let n = facts.len();
        let mut rank = vec![0usize; n];
        for (pos, &i) in order.iter().enumerate() {
            rank[i] = pos;
        }
        // Bit positions wrap past 128 factors; the model has 12, so a wrap would only
        // blur the ranking of a very different vocabulary, never break it.
        let bits = |positions: &[usize]| positions.iter().fold(0u128, |acc, p| acc | 1 << (p % 128));
        let factor_bits: Vec<u128> = facts.iter().map(|f| bits(&f.terms[FACTORS])).collect();
        let muni_bits: Vec<[u128; 3]> = facts
            .iter()
            .map(|f| {
                f.municipalities.iter().fold([0u128; 3], |mut acc, &p| {
                    let bit = p % 384;
                    acc[bit / 128] |= 1 << (bit % 128);
                    acc
                })
            })
            .collect();
        let mut groups: FxMap<u128, Vec<usize>> = FxMap::default();
        let mut by_muni: Vec<FxMap<u128, MuniGroup>> = vec![FxMap::default(); 384];
        for &i in order {
            groups.entry(factor_bits[i]).or_default().push(i);
            let several = several(&muni_bits[i]);
            for bit in set_bits(&muni_bits[i]) {
                let group = by_muni[bit].entry(factor_bits[i]).or_default();
                group.bits = factor_bits[i];
                if group.first.len() <= want {
                    group.first.push(i);
                } else if several {
                    group.several.push(i);
                }
            }
        }
        let reach = groups.keys().map(|&mine| (mine, OnceLock::new())).collect();
        let by_muni = by_muni.into_iter().map(|m| m.into_values().collect()).collect();
        Related {
            order,
            rank,
            factor_bits,
            muni_bits,
            groups,
            reach,
            by_muni,
            want,
        }
    }

    /// Whether `i` and `j` share a factor, the condition for being related at all.
    pub fn shares_factor(&self, i: usize, j: usize) -> bool {
        self.factor_bits[i] & self.factor_bits[j] != 0
    }

    /// Case `i`'s related cases, best first, among all cases.
    pub fn ranked(&self, i: usize) -> Vec<usize> {
        self.top(i, self.candidates(i).into_iter())
    }

    /// Cases among which case `i`'s related list is, in no order: those of its
    /// `Reach`, and from the cases that share a municipality with it, on the levels the
    /// reach goes down to, the first `want + 1` of each set of factors in each of its
    /// municipalities. A case that shares one municipality and comes later in its set
    /// has `want` cases above it that share as much; only one that shares two can pass
    /// them, and those are taken too when `i` has two.
    fn candidates(&self, i: usize) -> Vec<usize> {
        if self.want == 0 {
            return Vec::new();
        }
        let mine = self.factor_bits[i];
        let reach = self.reach[&mine].get_or_init(|| Reach::of(mine, &self.groups, &self.rank, self.want));
        let mut out = reach.cases.clone();
        let several = several(&self.muni_bits[i]);
        for bit in set_bits(&self.muni_bits[i]) {
            for group in &self.by_muni[bit] {
                if (group.bits & mine).count_ones() >= reach.lowest {
                    out.extend_from_slice(&group.first);
                    if several {
                        out.extend_from_slice(&group.several);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Case `i`'s related cases, best first, chosen among `candidates` (each once).
    pub fn top(&self, i: usize, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut best: Vec<(u32, u32, usize)> = Vec::with_capacity(self.want + 1);
        for j in candidates {
            let shared = (self.factor_bits[i] & self.factor_bits[j]).count_ones();
            if j == i || shared == 0 {
                continue;
            }
            let key = (
                shared,
                (0..3)
                    .map(|k| (self.muni_bits[i][k] & self.muni_bits[j][k]).count_ones())
                    .sum::<u32>(),
                usize::MAX - self.rank[j],
            );
            if best.len() < self.want || best.last().is_some_and(|last| key > *last) {
                let at = best.partition_point(|b| *b > key);
                best.insert(at, key);
                best.truncate(self.want);
            }
        }
        best.into_iter()
            .map(|(_, _, r)| self.order[usize::MAX - r])
            .collect()
    }
}

/// What a case with the factors `mine` can need for its related list from the cases
/// that share no municipality with it.
///
/// A case that shares more factors ranks above every case that shares fewer, so the
/// levels of shared factors are visited from the most, and a level is needed only
/// while the levels above it hold fewer than `want + 1` cases (one may be the case
/// itself). Within a level, cases that share no municipality differ only by rank, so
/// only the level's first `want + 1` in the listing can be on the list. The sets of
/// factors, not the cases, bound the work: at most a few thousand, whatever the corpus.
struct Reach {
    /// The fewest shared factors still visited.
    lowest: u32,
    /// The visited levels' first `want + 1` cases each.
    cases: Vec<usize>,
}

impl Reach {
    fn of(mine: u128, groups: &FxMap<u128, Vec<usize>>, rank: &[usize], want: usize) -> Reach {
        let mut levels: Vec<Vec<usize>> = vec![Vec::new(); mine.count_ones() as usize + 1];
        for (bits, cases) in groups {
            levels[(bits & mine).count_ones() as usize].extend(cases.iter().take(want + 1));
        }
        let mut reach = Reach {
            lowest: mine.count_ones() + 1,
            cases: Vec::new(),
        };
        for (shared, mut level) in levels.into_iter().enumerate().skip(1).rev() {
            if reach.cases.len() > want {
                break;
            }
            level.sort_unstable_by_key(|&j| rank[j]);
            level.truncate(want + 1);
            reach.cases.extend(level);
            reach.lowest = shared as u32;
        }
        reach
    }
}

/// One municipality's cases with one set of factors.
#[derive(Clone, Default)]
struct MuniGroup {
    bits: u128,
    /// The first `want + 1` in the listing.
    first: Vec<usize>,
    /// The rest of those that have more than one municipality, in listing order.
    several: Vec<usize>,
}

/// Whether a set of municipalities holds more than one.
fn several(bits: &[u128; 3]) -> bool {
    bits.iter().map(|w| w.count_ones()).sum::<u32>() > 1
}

/// The positions of the set bits of a 384-bit set.
fn set_bits(bits: &[u128; 3]) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(k, &word)| {
        let next = |w: &u128| (*w & (*w - 1) != 0).then(|| *w & (*w - 1));
        std::iter::successors((word != 0).then_some(word), next)
            .map(move |w| k * 128 + w.trailing_zeros() as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases with random factors (of 6, so sets repeat) and municipalities (of 20, so
    /// they are shared often, some cases in two), in a shuffled listing order.
    fn corpus(n: usize, seed: u64) -> (Vec<CaseFacts>, Vec<usize>) {
        let mut x = seed;
        let mut next = |m: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize % m
        };
        let facts = (0..n)
            .map(|_| {
                let factors = (0..1 + next(4)).map(|_| next(6)).collect();
                let municipalities = (0..1 + next(2) * next(2)).map(|_| next(20)).collect();
                CaseFacts {
                    terms: vec![factors, Vec::new()],
                    municipalities,
                    title_key: String::new(),
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            order.swap(i, next(i + 1));
        }
        (facts, order)
    }

    #[test]
    fn the_candidates_give_the_same_lists_as_comparing_every_pair() {
        for (n, want, seed) in [
            (400, 5, 1),
            (400, 1, 2),
            (1500, 5, 3),
            (300, 50, 4),
            (50, 0, 5),
            (3000, 1, 6),
            (3000, 2, 7),
        ] {
            let (facts, order) = corpus(n, seed);
            let facts: Vec<&CaseFacts> = facts.iter().collect();
            let r = Related::with(want, &order, &facts);
            for i in 0..n {
                assert_eq!(r.ranked(i), r.top(i, 0..n), "case {i} of {n}, {want} wanted");
            }
        }
    }
}
