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

use std::hash::{DefaultHasher, Hash, Hasher};

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
}

/// `doc_fp(content_path)` is a document's own fingerprint (`DocInfo::fp`).
pub fn inputs(site: &Site, ctx: &Ctx, doc_fp: &(dyn Fn(&str) -> u64 + Sync)) -> Inputs {
    let mut g = DefaultHasher::new();
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
    let cards = ctx.cards().par_iter().map(hash_serialized).collect();
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
    }
}

/// The job's fingerprint, or `None` for a job that is rendered on every rebuild.
pub fn of(job: &Job, site: &Site, inp: &Inputs) -> Option<u64> {
    let ix = &site.index;
    let mut h = DefaultHasher::new();
    inp.global.hash(&mut h);
    std::mem::discriminant(job).hash(&mut h);
    let cards = |h: &mut DefaultHasher, list: &mut dyn Iterator<Item = &usize>| {
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
            site.cases.len().hash(&mut h);
            cards(&mut h, &mut ix.cases.iter().take(5));
        }
        Job::Factors => counts(&mut h, &ix.by_factor),
        Job::Steps => counts(&mut h, &ix.by_step),
        Job::Municipalities => {
            counts(&mut h, &ix.by_municipality);
            ix.municipalities.hash(&mut h);
        }
        Job::NotFound => {}
        Job::Sitemap | Job::Feed => return None,
    }
    Some(h.finish())
}

fn counts(h: &mut DefaultHasher, lists: &[Vec<usize>]) {
    for l in lists {
        l.len().hash(h);
    }
}

pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Hashes a view as it would be serialized, so a field added to the view later is
/// covered without touching this file.
fn hash_serialized<T: serde::Serialize>(value: &T) -> u64 {
    struct Sink(DefaultHasher);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut sink = Sink(DefaultHasher::new());
    serde_json::to_writer(&mut sink, value).expect("views serialize");
    sink.0.finish()
}
