//! The search query rule: any text as a query on the bundled library's index, its
//! first line the words and each further line a filter (`f:`, `s:`, `m:`, `c:` or
//! `y:` and a value). Hits must name real documents, with finite scores, in the
//! rule's order, and the same query must give the same answer twice.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rotsystem::search::{Query, SearchIndex, Strings};
use rotsystem::site::Site;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let site = Site::load(Path::new(ROOT)).unwrap_or_else(|_| panic!("the bundled library loads"));
        SearchIndex::build(&site, &Strings::new()).expect("the index builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let mut query = Query {
        text: lines.next().unwrap_or("").to_string(),
        filters: Vec::new(),
    };
    for line in lines {
        let facet = match line.get(..2) {
            Some("f:") => "factor",
            Some("s:") => "step",
            Some("m:") => "municipality",
            Some("c:") => "county",
            Some("y:") => "year",
            _ => continue,
        };
        query.filters.push((facet.to_string(), line[2..].to_string()));
    }
    let index = index();
    if !index.check_filters(&query.filters).is_empty() {
        return;
    }
    let hits = index.search(&query).expect("a query never fails");
    for pair in hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        // The rule: more of the query's words first, then fewer typos, then score.
        assert!(a.matched >= b.matched, "word order: {hits:?}");
        let same_words = a.matched == b.matched;
        assert!(!same_words || a.typos <= b.typos, "typo order: {hits:?}");
        let same_typos = same_words && a.typos == b.typos;
        assert!(!same_typos || a.score >= b.score, "score order: {hits:?}");
    }
    for hit in &hits {
        assert!(hit.doc < index.docs.len(), "{hit:?}");
        assert!(hit.score.is_finite(), "{hit:?}");
    }
    assert_eq!(index.search(&query).expect("a query never fails"), hits);
});
