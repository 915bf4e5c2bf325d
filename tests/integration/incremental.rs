//! The incremental engine behind `serve` against a full build: after every step of
//! a scripted editing session (the pages, then the derived outputs), its output must
//! equal a fresh full build's, file by file and byte for byte, and its errors must be
//! the ones `build` reports.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rotsystem::diagnostic::render_human;
use rotsystem::incremental::{Files, Incremental, Stats};
use rotsystem::site::LoadError;

use crate::support::TestSite;

/// Applies `changed` to the engine (pages, then derived outputs) and compares the
/// outcome with a full build.
pub(crate) fn step(engine: &mut Incremental, site: &TestSite, changed: &[&str], what: &str) -> Option<Stats> {
    let paths: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let ours = engine
        .update(&paths)
        .and_then(|stats| engine.derive().map(|_| stats));
    let full = rotsystem::build::build_in_memory(site.root());
    match (ours, full) {
        (Ok(stats), Ok(expected)) => {
            assert_same(&engine.files(), &expected, what);
            Some(stats)
        }
        (Err(LoadError::Content(a)), Err(LoadError::Content(b))) => {
            let t = rotsystem::render::theme::builtin_strings("en");
            let a: Vec<String> = a.iter().map(|d| render_human(d, &t)).collect();
            let b: Vec<String> = b.iter().map(|d| render_human(d, &t)).collect();
            assert_eq!(a, b, "{what}: the errors differ");
            assert!(!a.is_empty());
            None
        }
        (ours, full) => panic!(
            "{what}: incremental {} but the full build {}",
            outcome(&ours.map(|_| ())),
            outcome(&full.map(|_| ()))
        ),
    }
}

fn assert_same(got: &Files, expected: &BTreeMap<String, Vec<u8>>, what: &str) {
    let got_names: Vec<&String> = got.keys().collect();
    let want_names: Vec<&String> = expected.keys().collect();
    assert_eq!(got_names, want_names, "{what}: the set of files differs");
    for (name, want) in expected {
        let have = &got[name];
        if have.as_ref() != want.as_slice() {
            panic!("{what}: {name} differs\n{}", first_difference(have, want));
        }
    }
}

/// The search files and the search page, by path.
fn search_files<'a>(files: impl IntoIterator<Item = (&'a String, &'a [u8])>) -> Vec<(String, Vec<u8>)> {
    files
        .into_iter()
        .filter(|(p, _)| p.starts_with("sok/"))
        .map(|(p, b)| (p.clone(), b.to_vec()))
        .collect()
}

#[test]
fn pages_are_updated_first_and_the_derived_outputs_after() {
    let site = TestSite::basic();
    let mut engine = Incremental::open(site.root()).unwrap();
    let before = engine.files();
    let old_search = search_files(before.iter().map(|(p, b)| (p, &b[..])));
    assert!(
        old_search.len() > 2,
        "{:?}",
        old_search.iter().map(|f| &f.0).collect::<Vec<_>>()
    );

    let vara = "content/cases/vara.md";
    site.edit(
        vara,
        "Vara är en jordbrukskommun.",
        "Vara är en kommun i Skaraborg.",
    );
    engine.update(&[vara.into()]).unwrap();
    let pages = engine.files();
    let page = String::from_utf8(pages["fall/vara/index.html"].to_vec()).unwrap();
    assert!(page.contains("Vara är en kommun i Skaraborg."), "{page}");
    // The search files and the page naming their manifest are still the old ones…
    assert_eq!(search_files(pages.iter().map(|(p, b)| (p, &b[..]))), old_search);
    // …which a full build no longer has.
    let full = rotsystem::build::build_in_memory(site.root()).unwrap();
    assert_ne!(search_files(full.iter().map(|(p, b)| (p, &b[..]))), old_search);

    // A job made from these pages is discarded once newer pages exist.
    let job = engine.derived_job().expect("the pages are good");
    site.edit(
        vara,
        "Vara är en kommun i Skaraborg.",
        "Vara är en kommun i Västergötland.",
    );
    engine.update(&[vara.into()]).unwrap();
    assert!(
        engine.apply(job.run()).unwrap().is_none(),
        "an old job was applied"
    );
    assert_eq!(
        search_files(engine.files().iter().map(|(p, b)| (p, &b[..]))),
        old_search
    );

    // A body edit changes no handout: every PDF comes from the cache.
    let stats = engine.derive().unwrap().expect("a current job is applied");
    // Four handouts and the whole pack.
    assert_eq!((stats.pdfs_rendered, stats.pdfs_kept), (0, 5), "{stats:?}");
    let full = rotsystem::build::build_in_memory(site.root()).unwrap();
    assert_same(&engine.files(), &full, "after the derived step");

    // A factor's name is on its own handout and the overview's, not on the others'.
    let kultur = "content/factors/kultur.md";
    site.edit(kultur, "name: Kultur", "name: Kulturen");
    engine.update(&[kultur.into()]).unwrap();
    let stats = engine.derive().unwrap().expect("a current job is applied");
    // And the whole pack, which holds both.
    assert_eq!((stats.pdfs_rendered, stats.pdfs_kept), (3, 2), "{stats:?}");
    let full = rotsystem::build::build_in_memory(site.root()).unwrap();
    assert_same(&engine.files(), &full, "after a factor's name changed");
}

fn outcome(r: &Result<(), LoadError>) -> String {
    match r {
        Ok(()) => "succeeded".into(),
        Err(LoadError::Content(d)) => format!("failed with {d:?}"),
        Err(LoadError::Internal(e)) => format!("failed: {e:#}"),
    }
}

fn first_difference(have: &[u8], want: &[u8]) -> String {
    let at = have.iter().zip(want).take_while(|(a, b)| a == b).count();
    let show =
        |b: &[u8]| String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())]).into_owned();
    format!(
        "at byte {at}:\n incremental: …{}…\n full build:  …{}…",
        show(have),
        show(want)
    )
}

#[test]
fn incremental_output_equals_a_full_build_after_every_edit() {
    let site = TestSite::basic();
    let mut engine = Incremental::open(site.root()).unwrap();
    let all = engine.files().len();
    step(&mut engine, &site, &[], "nothing changed");

    let vara = "content/cases/vara.md";
    site.edit(
        vara,
        "Vara är en jordbrukskommun.",
        "Vara är en jordbrukskommun i Skaraborg.",
    );
    let stats = step(&mut engine, &site, &[vara], "body edit").unwrap();
    assert_eq!(stats.files_read, 1, "only the edited file is read");
    assert_eq!(stats.bodies_rendered, 1, "only its body is rendered");
    assert!(
        stats.pages_rendered < all / 2,
        "a body edit re-rendered {} of {all} files",
        stats.pages_rendered
    );

    let umea = "content/cases/umea.md";
    site.edit(umea, "factors: [kultur]", "factors: [kultur, ledarskap]");
    step(&mut engine, &site, &[umea], "a case gains a factor");
    site.edit(umea, "municipalities: [umea]", "municipalities: [vara]");
    step(&mut engine, &site, &[umea], "a case moves municipality");
    site.edit(umea, "year: 2013", "year: 2015");
    step(&mut engine, &site, &[umea], "a case changes year");

    let lulea = "content/cases/lulea.md";
    site.write(
        lulea,
        "---\ntitle: Luleå – ny test\nsummary: Ett nytt fall.\nyear: 2021\nplaces: [Luleå]\nfactors: [ledarskap, kultur]\nkeywords: []\nsources:\n  - title: Källa\n---\n\n## Vad de gjorde\n\nSe [Vara](vara.md).\n",
    );
    step(&mut engine, &site, &[lulea], "a case is added");

    // A rename breaks the link from vara.md; then the link is fixed.
    let renamed = "content/cases/umea-2014.md";
    std::fs::rename(site.root().join(umea), site.root().join(renamed)).unwrap();
    assert!(step(&mut engine, &site, &[umea, renamed], "a case is renamed").is_none());
    site.edit(vara, "(umea.md)", "(umea-2014.md)");
    step(&mut engine, &site, &[vara], "the link to it is fixed");

    // A slug change moves the case's address, and every link to it.
    site.edit(vara, "year: 2013", "slug: vara-kommun\nyear: 2013");
    step(&mut engine, &site, &[vara], "a case's slug changes");

    let dino = "content/cases/dino.md";
    std::fs::remove_file(site.root().join(dino)).unwrap();
    step(&mut engine, &site, &[dino], "a case is deleted");

    let kultur = "content/factors/kultur.md";
    site.edit(kultur, "Kultur binder ihop.", "Kultur binder ihop människor.");
    let stats = step(&mut engine, &site, &[kultur], "a factor's body").unwrap();
    assert!(stats.pages_rendered < all / 2, "{stats:?}");
    site.edit(kultur, "name: Kultur", "name: Kulturen");
    step(&mut engine, &site, &[kultur], "a factor's name");

    site.edit(vara, "  - ledarskap", "  - ledarksap");
    assert!(step(&mut engine, &site, &[vara], "a broken edit").is_none());
    site.edit(vara, "  - ledarksap", "  - ledarskap");
    step(&mut engine, &site, &[vara], "its fix");

    site.edit(vara, "title: Vara", "title: [Vara");
    assert!(step(&mut engine, &site, &[vara], "broken YAML").is_none());
    site.edit(vara, "title: [Vara", "title: Vara");
    step(&mut engine, &site, &[vara], "YAML fixed");

    let om = "content/pages/om.md";
    site.edit(om, "title: Om biblioteket", "title: Om samlingen");
    step(&mut engine, &site, &[om], "a page title in the menu");

    site.edit(
        "book.toml",
        "[output.html]",
        "[library]\nlisting-page-size = 1\n\n[output.html]\ngit-repository-url = \"https://github.com/exempel/rot\"",
    );
    step(&mut engine, &site, &["book.toml"], "the configuration");
    assert!(engine.files().contains_key("foresla/index.html"));

    let munis = "content/municipalities.yaml";
    site.edit(munis, "value: 117294", "value: 117295");
    step(&mut engine, &site, &[munis], "a municipality's population");

    site.write("themes/default/templates/404.html", "{% extends \"base.html\" %}{% block main %}<main id=\"innehall\"><h1>Borta</h1></main>{% endblock %}");
    step(
        &mut engine,
        &site,
        &["themes/default/templates/404.html"],
        "a template",
    );

    // Every list shows cards rendered once and kept between saves: a new card
    // template must reach every one of them.
    let card = "themes/default/templates/card.html";
    site.write(
        card,
        "<li class=\"eget\"><a href=\"{{ c.url }}\">{{ c.title }}</a></li>\n",
    );
    step(&mut engine, &site, &[card], "the card template");
    assert!(engine.files()["faktorer/kultur/index.html"]
        .windows(17)
        .any(|w| w == b"<li class=\"eget\">"));

    // A broken template fails like a full build, and keeps failing until fixed.
    let template = "themes/default/templates/404.html";
    site.write(
        template,
        "{% extends \"base.html\" %}{% block main %}{{ oops( }}{% endblock %}",
    );
    assert!(matches!(
        engine.update(&[template.into()]),
        Err(LoadError::Internal(_))
    ));
    assert!(rotsystem::build::build_in_memory(site.root()).is_err());
    site.edit("content/cases/lulea.md", "Ett nytt fall.", "Ett nyare fall.");
    assert!(engine.update(&["content/cases/lulea.md".into()]).is_err());
    site.write(
        template,
        "{% extends \"base.html\" %}{% block main %}<main><h1>Borta</h1></main>{% endblock %}",
    );
    step(&mut engine, &site, &[template], "the template fixed");

    site.write("content/cases/notes.txt", "stray");
    assert!(step(&mut engine, &site, &["content/cases/notes.txt"], "a stray file").is_none());
    std::fs::remove_file(site.root().join("content/cases/notes.txt")).unwrap();
    step(
        &mut engine,
        &site,
        &["content/cases/notes.txt"],
        "the stray file removed",
    );
}

#[test]
fn files_the_watcher_missed_are_found_by_the_walk() {
    let site = TestSite::basic();
    let mut engine = Incremental::open(site.root()).unwrap();
    site.write(
        "content/cases/ny.md",
        "---\ntitle: Ny\nsummary: Ny.\nplaces: [Här]\nfactors: [kultur]\nkeywords: []\nsources:\n  - title: K\n---\n",
    );
    std::fs::remove_file(site.root().join("content/cases/dino.md")).unwrap();
    step(&mut engine, &site, &[], "no events at all");
    // A whole folder replaced: the event names the folder only.
    site.edit("content/cases/vara.md", "Genom kultur.", "Genom musik.");
    step(&mut engine, &site, &["content/cases"], "a folder event");
}

/// A small deterministic generator (SplitMix64), so the sequence is the same on
/// every run and a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn random_case(rng: &mut Rng, factors: &[&str]) -> String {
    let mut picked: Vec<&str> = (0..1 + rng.below(3))
        .map(|_| factors[rng.below(factors.len())])
        .collect();
    picked.sort();
    picked.dedup();
    let muni = ["umea", "vara"][rng.below(2)];
    // Few titles and years, so the tie-breaks of every ranking are exercised.
    format!(
        "---\ntitle: Fall {}\nsummary: Sammanfattning {}.\nyear: {}\nmunicipalities: [{muni}]\nfactors: [{}]\nkeywords: []\nsources:\n  - title: K\n---\n\n## Text\n\nOrd {}.\n",
        rng.below(4),
        rng.below(1000),
        2000 + rng.below(4),
        picked.join(", "),
        rng.below(1000)
    )
}

#[test]
fn random_edits_to_a_larger_site_match_full_builds() {
    let site = TestSite::basic();
    let factors = ["kultur", "ledarskap", "f3", "f4", "f5"];
    for (i, f) in factors[2..].iter().enumerate() {
        site.write(
            &format!("content/factors/{f}.md"),
            &format!(
                "---\nname: Faktor {f}\norder: {}\ndescription: D.\nsources:\n  - title: K\n---\n",
                10 + i
            ),
        );
    }
    site.edit("content/cases/vara.md", " Jämför med [Umeå](umea.md).", "");
    let mut rng = Rng(7);
    let mut cases: Vec<String> = Vec::new();
    for n in 0..60 {
        let rel = format!("content/cases/g{n:03}.md");
        site.write(&rel, &random_case(&mut rng, &factors));
        cases.push(rel);
    }
    let mut engine = Incremental::open(site.root()).unwrap();
    let mut next = 60;
    for round in 0..40 {
        let mut changed = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(cases.len());
            match rng.below(4) {
                0 if cases.len() > 10 => {
                    let gone = cases.swap_remove(i);
                    std::fs::remove_file(site.root().join(&gone)).unwrap();
                    changed.push(gone);
                }
                1 => {
                    let rel = format!("content/cases/g{next:03}.md");
                    next += 1;
                    site.write(&rel, &random_case(&mut rng, &factors));
                    cases.push(rel.clone());
                    changed.push(rel);
                }
                _ => {
                    site.write(&cases[i], &random_case(&mut rng, &factors));
                    changed.push(cases[i].clone());
                }
            }
        }
        let refs: Vec<&str> = changed.iter().map(String::as_str).collect();
        step(&mut engine, &site, &refs, &format!("round {round}: {changed:?}"));
    }
}

/// Events from a real watcher until the disk has been quiet for a while.
fn events_until_quiet(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
) -> Vec<notify::Result<notify::Event>> {
    let mut events = vec![rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the watcher saw the save")];
    while let Ok(e) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
        events.push(e);
    }
    events
}

#[test]
fn a_save_by_rename_is_seen_through_the_watcher() {
    use notify::Watcher;
    let site = TestSite::basic();
    let root = site.root().canonicalize().unwrap();
    let mut engine = Incremental::open(&root).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).unwrap();
    watcher
        .watch(&root.join("content"), notify::RecursiveMode::Recursive)
        .unwrap();

    // What many editors do: write the new text beside the file, rename it over.
    let vara = root.join("content/cases/vara.md");
    let tmp = root.join("content/cases/vara.md.tmp");
    let text = std::fs::read_to_string(&vara).unwrap();
    std::fs::write(&tmp, text.replace("Genom kultur.", "Genom musik och kultur.")).unwrap();
    std::fs::rename(&tmp, &vara).unwrap();

    let events = events_until_quiet(&rx);
    let changed = rotsystem::serve::changed_paths(
        &events,
        &root,
        std::path::Path::new("content"),
        std::path::Path::new("themes/default"),
    );
    assert_eq!(changed, vec![vara.clone()], "from {events:?}");
    let refs: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    let stats = step(&mut engine, &site, &refs, "save by rename").unwrap();
    assert_eq!(stats.files_read, 1);
    let page = String::from_utf8(engine.files()["fall/vara/index.html"].to_vec()).unwrap();
    assert!(page.contains("Genom musik och kultur."));
}

/// The live preview changes its search index in place for an edit of cases it
/// already has, and indexes everything again only when it must; either way the
/// search files equal a full build's.
#[test]
fn the_search_index_follows_edits_in_place_and_equals_a_full_build() {
    use rotsystem::search::Update::{Cases, Whole};
    let site = TestSite::basic();
    let mut engine = Incremental::open(site.root()).unwrap();
    let vara = "content/cases/vara.md";
    let edits: [(&str, &str, &str, Option<rotsystem::search::Update>); 6] = [
        // New words, one of them a number.
        (
            "Vara är en jordbrukskommun.",
            "Vara är en jordbrukskommun med 17 byar.",
            "body",
            Some(Cases(1)),
        ),
        // Only a number: no other word can split differently.
        ("17 byar", "18 byar", "a number", Some(Cases(1))),
        // Before Umeå in the listing, which numbers the documents.
        (
            "title: Vara – kultur som motor",
            "title: Alingsås – kultur som motor",
            "title",
            Some(Cases(1)),
        ),
        ("  - ledarskap\n", "", "factor", Some(Cases(1))),
        // The last use of words goes.
        ("Ett konstaterande.[^1]", "[^1]", "words removed", None),
        (
            "Vara är en",
            "Vara, en kommun i Skaraborg, är en",
            "a heading word in the body",
            None,
        ),
    ];
    let mut kinds = Vec::new();
    for (from, to, what, want) in edits {
        site.edit(vara, from, to);
        engine.update(&[vara.into()]).unwrap();
        let stats = engine.derive().unwrap().expect("a current job is applied");
        if let Some(want) = want {
            assert_eq!(stats.search, Some(want), "{what}");
        }
        kinds.push(stats.search);
        let full = rotsystem::build::build_in_memory(site.root()).unwrap();
        assert_same(&engine.files(), &full, what);
    }
    // A new case: everything is indexed again.
    let new = "content/cases/ny.md";
    site.write(
        new,
        &std::fs::read_to_string(site.root().join(vara))
            .unwrap()
            .replace("Alingsås", "Nyköping"),
    );
    engine.update(&[new.into()]).unwrap();
    let stats = engine.derive().unwrap().expect("a current job is applied");
    assert_eq!(stats.search, Some(Whole), "{kinds:?}");
    let full = rotsystem::build::build_in_memory(site.root()).unwrap();
    assert_same(&engine.files(), &full, "a new case");
}
