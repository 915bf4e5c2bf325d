//! A fingerprint of each page's inputs: a page is rendered again only when its
//! fingerprint changed, and its previous bytes are kept otherwise.
//!
//! **Invariant:** a job's fingerprint covers everything its view reads. When a view in
//! `render/` gains an input from another document, hash that input here too; the
//! byte-for-byte comparison with a full build (`tests/integration/incremental.rs`)
//! catches a forgotten one on the pages it exercises.
//!
//! Inputs that most pages share (configuration, the factors' and steps' front matter,
//! the pages' front matter for the menu, the municipalities) go into one `global`
//! value that every fingerprint includes: editing them re-renders every page, which
//! is right, because factor names appear on most pages. A document's own body and
//! everything a case shows of itself go in through `DocInfo::fp`; what a listing
//! shows of a case goes in through its card's hash.

use std::hash::{BuildHasherDefault, Hash, Hasher};

use rayon::prelude::*;

use crate::render::{Ctx, Job};
use crate::site::Site;

/// What jobs are fingerprinted from, computed once per rebuild.
pub struct Inputs {
    pub global: u64,
    /// By case index: the case's own file, body and address.
    pub cases: Vec<u64>,
    /// By case index: the case as listings show it.
    pub cards: Vec<u64>,
    pub factors: Vec<u64>,
    pub steps: Vec<u64>,
    pub pages: Vec<u64>,
    years: u64,
    /// The interface strings, which a handout's view is built with.
    strings: crate::i18n::Strings,
}

/// `doc_fp(content_path)` is a document's own fingerprint (`DocInfo::fp`).
pub fn inputs(site: &Site, ctx: &Ctx, doc_fp: &(dyn Fn(&str) -> u64 + Sync)) -> Inputs {
    let mut g = Fx::new();
    format!("{:?}", site.config).hash(&mut g);
    for terms in [&site.factors, &site.steps] {
        terms.len().hash(&mut g);
        for t in terms {
            (&t.doc.content_path, &t.doc.slug, &t.url).hash(&mut g);
            format!("{:?}", t.doc.meta).hash(&mut g);
        }
    }
    site.pages.len().hash(&mut g);
    for p in &site.pages {
        (&p.doc.content_path, &p.doc.slug, &p.url).hash(&mut g);
        format!("{:?}", p.doc.meta).hash(&mut g);
    }
    format!("{:?}", site.municipalities).hash(&mut g);

    let own = |e: (&str, &str, &str)| hash(&(doc_fp(e.0), e.0, e.1, e.2));
    let cases = site
        .cases
        .par_iter()
        .map(|c| own((&c.doc.content_path, &c.doc.file.rel, &c.url)))
        .collect();
    let cards = ctx.card_keys().to_vec();
    let terms = |list: &[crate::site::Entry<crate::load::schema::TermMeta>]| {
        list.iter()
            .map(|t| own((&t.doc.content_path, &t.doc.file.rel, &t.url)))
            .collect()
    };
    let years: Vec<i32> = site.index.by_year.iter().map(|(y, _)| *y).collect();
    Inputs {
        global: g.finish(),
        cases,
        cards,
        factors: terms(&site.factors),
        steps: terms(&site.steps),
        pages: site
            .pages
            .iter()
            .map(|p| own((&p.doc.content_path, &p.doc.file.rel, &p.url)))
            .collect(),
        years: hash(&years),
        strings: ctx.strings().clone(),
    }
}

/// The job's fingerprint.
pub fn of(job: &Job, site: &Site, inp: &Inputs) -> u64 {
    let ix = &site.index;
    let mut h = Fx::new();
    inp.global.hash(&mut h);
    std::mem::discriminant(job).hash(&mut h);
    let cards = |h: &mut Fx, list: &mut dyn Iterator<Item = &usize>| {
        for &i in list {
            inp.cards[i].hash(h);
        }
    };
    match *job {
        Job::Case(i) => {
            inp.cases[i].hash(&mut h);
            cards(&mut h, &mut ix.related[i].iter());
        }
        Job::Factor(i) => {
            inp.factors[i].hash(&mut h);
            let id = &site.factors[i].doc.slug;
            for &ci in &ix.by_factor[i] {
                inp.cards[ci].hash(&mut h);
                let note = site.cases[ci].doc.meta.factors.iter().find(|f| &f.id == id);
                note.map(|f| f.note.as_deref()).hash(&mut h);
            }
        }
        Job::Step(i) => {
            inp.steps[i].hash(&mut h);
            cards(&mut h, &mut ix.by_step[i].iter());
        }
        Job::Municipality(i) => {
            i.hash(&mut h);
            cards(&mut h, &mut ix.by_municipality[i].iter());
        }
        Job::Page(i) => inp.pages[i].hash(&mut h),
        Job::Listing(n) => {
            let size = site.config.library.listing_page_size.max(1);
            (n, crate::render::listing_pages(site), site.cases.len(), inp.years).hash(&mut h);
            cards(&mut h, &mut ix.cases.iter().skip((n - 1) * size).take(size));
        }
        Job::Year(i) => {
            (ix.by_year[i].0, inp.years).hash(&mut h);
            cards(&mut h, &mut ix.by_year[i].1.iter());
        }
        Job::Home => {
            counts(&mut h, &ix.by_factor);
            counts(&mut h, &ix.by_step);
            // The map and the municipality list.
            counts(&mut h, &ix.by_municipality);
            ix.municipalities.hash(&mut h);
            site.cases.len().hash(&mut h);
            cards(&mut h, &mut ix.cases.iter().take(5));
        }
        Job::Factors => counts(&mut h, &ix.by_factor),
        Job::Steps => counts(&mut h, &ix.by_step),
        Job::Municipalities => {
            counts(&mut h, &ix.by_municipality);
            ix.municipalities.hash(&mut h);
        }
        // Global inputs only: configuration, the vocabulary, the municipalities.
        // The search page also hashes the manifest's name (`pages.rs`).
        Job::NotFound | Job::Suggest | Job::Search => {}
        // A handout is whatever its content comes to; building it is cheap.
        Job::Handout(kind) => {
            format!(
                "{:?}",
                crate::handout::one(site, kind, &crate::handout::LADDER[0], &inp.strings)
            )
            .hash(&mut h);
        }
        Job::Sitemap => {
            inp.years.hash(&mut h);
            for c in &site.cases {
                c.url.hash(&mut h);
            }
        }
        Job::Feed => {
            // The feed's date is the newest year of any case.
            inp.years.hash(&mut h);
            cards(&mut h, &mut ix.cases.iter().take(crate::render::FEED_ENTRIES));
        }
    }
    h.finish()
}

fn counts(h: &mut Fx, lists: &[Vec<usize>]) {
    for l in lists {
        l.len().hash(h);
    }
}

/// A fast non-cryptographic hasher (the multiply-rotate scheme of rustc's FxHasher,
/// eight bytes at a time), several times faster than SipHash on the short strings
/// and integers fingerprints are made of. Fingerprints only decide whether the
/// preview re-renders a page; a deliberate collision could at worst leave one page
/// of someone's own preview stale, and `build` never uses them.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    pub fn new() -> Fx {
        Fx(0)
    }

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // A final mix, so that nearby inputs do not give nearby values.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `HashMap`s keyed by strings the engine itself made.
pub type FxBuild = BuildHasherDefault<Fx>;
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = Fx::new();
    value.hash(&mut h);
    h.finish()
}
