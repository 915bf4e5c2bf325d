//! A step page must not contradict itself: every case its own text links to
//! is listed among the step's cases (the case carries the step tag).

use std::collections::BTreeSet;

use crate::browser::build_library;

/// The case slugs of every `/fall/<slug>/` link in `html`.
fn case_links(html: &str) -> BTreeSet<String> {
    html.split("href=\"/fall/")
        .skip(1)
        .filter_map(|rest| rest.split_once('/').map(|(slug, _)| slug))
        .filter(|slug| !slug.is_empty() && !slug.contains('"'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_case_a_step_page_names_is_listed_on_it() {
    let (_dir, out) = build_library();
    let mut pages = 0;
    for entry in std::fs::read_dir(out.join("steg")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        let (text, listing) = html
            .split_once("<section class=\"related\"")
            .unwrap_or((html.as_str(), ""));
        let missing: Vec<_> = case_links(text)
            .difference(&case_links(listing))
            .cloned()
            .collect();
        assert!(
            missing.is_empty(),
            "{} names cases it does not list (add the step to their `steps:`): {missing:?}",
            page.display()
        );
        pages += 1;
    }
    assert_eq!(pages, 10, "expected the ten step pages");
}
