//! Search: what the rule finds on the bundled library, and ranking parity between
//! `rotsystem search` (tantivy) and the browser's engine (`engine.js`, run here in
//! QuickJS over the exported client index, with files served from memory).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use rotsystem::render::theme::Theme;
use rotsystem::search::{export, Hit, Query, SearchIndex};
use rotsystem::site::Site;
use rquickjs::loader::{BuiltinLoader, BuiltinResolver};
use rquickjs::{CatchResultExt, Context, Function, Module, Promise, Runtime};

use crate::support::TestSite;

use crate::synth;

mod judged;
mod rule;

fn library() -> Site {
    Site::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|_| panic!("the bundled library loads"))
}

/// The search index of a loaded site, with its theme's labels.
fn index_of(site: &Site) -> SearchIndex {
    let theme = Theme::load(&site.root.join(&site.config.output.html.theme)).expect("the theme loads");
    SearchIndex::build(site, theme.strings(&site.config.book.language)).expect("index builds")
}

fn top(index: &SearchIndex, text: &str) -> Vec<String> {
    let hits = index
        .search(&Query {
            text: text.into(),
            filters: vec![],
        })
        .expect("search runs");
    hits.iter().map(|h| index.docs[h.doc].url.clone()).collect()
}

#[test]
fn compounds_typos_and_prefixes_find_the_cases_that_mention_them() {
    let index = index_of(&library());
    let has = |q: &str, url: &str| {
        let found = top(&index, q);
        assert!(
            found.iter().any(|u| u == url),
            "{q:?} should find {url}, found {found:?}"
        );
    };
    // Only "medborgarundersökningar" is in the text (Nacka); "undersökning" is a part.
    has("undersökning", "/fall/nacka/");
    // Only "innovationsplattform" is in Borås's text.
    has("plattform", "/fall/boras-innovationsplattform/");
    // A typo of 1 in a word of 5+ letters, and a prefix of the word being typed.
    has("medborgardialg", "/fall/lomma/");
    has("haparand", "/fall/haparanda/");
    has("Haparnada", "/fall/haparanda/");
    // A typo in the first letter, when no word with that letter is near.
    has("Japaranda", "/fall/haparanda/");
    has("aHparanda", "/fall/haparanda/");
    // A decomposed "ö" (o + combining diaeresis) is the same word as a composed one.
    let composed = top(&index, "gränsöverskridande");
    assert!(!composed.is_empty());
    assert_eq!(top(&index, "gra\u{308}nso\u{308}verskridande"), composed);
    // No diacritic folding: "mål" is not "mal" (which, typed last, is the start of
    // "Malmö").
    let goal = top(&index, "mål");
    let mal = top(&index, "mal");
    assert!(
        !goal.is_empty() && !mal.is_empty() && goal != mal,
        "{goal:?} {mal:?}"
    );
}

#[test]
fn typos_are_tried_only_for_words_the_index_lacks_so_never_outrank_exact_matches() {
    let index = index_of(&library());
    let search = |text: &str| -> Vec<Hit> { index.search(&q(text)).expect("runs") };
    let exact = search("kultur");
    assert!(exact.len() > 2 && exact.iter().all(|h| h.typos == 0), "{exact:?}");
    let typo = search("kulturr");
    assert!(!typo.is_empty() && typo.iter().all(|h| h.typos == 1), "{typo:?}");
    // Two words, one misspelt: every hit carries exactly that one typo.
    let mixed = search("haparanda handelsstadd");
    assert!(
        !mixed.is_empty() && mixed.iter().all(|h| h.typos == 1),
        "{mixed:?}"
    );
}

#[test]
fn the_search_command_answers_with_titles_and_refuses_unknown_filters() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["search", "kultur", "--json"]);
    assert!(out.code == 0, "{}", out.stderr);
    let first: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().expect("a result")).expect("JSON lines");
    assert_eq!(first["rank"], 1);
    assert!(first["url"].as_str().expect("url").starts_with("/fall/"));

    let out = site.run(&["search", "kultur", "--factor", "kulturr"]);
    assert_eq!(out.code, 1, "an unknown value is a problem in the input");
    insta::assert_snapshot!(out.stderr, @r#"
fel: inget fall har värdet `kulturr` för factor
 --> (kommandoraden)
  = not: menar du `kultur`?
  = hjälp: fallen har de här värdena för factor: kultur, ledarskap

fel: hittade 1 problem på kommandoraden
"#);

    let out = site.run(&[
        "search",
        "kultur",
        "--facet",
        "fakor=kultur",
        "--facet",
        "year=1899",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr, @r#"
fel: filtret `fakor` finns inte
 --> (kommandoraden)
  = not: menar du `factor`?
  = hjälp: filtren är: factor, step, county, municipality, year

fel: inget fall har värdet `1899` för year
 --> (kommandoraden)
  = hjälp: fallen har de här värdena för year: 2013, 2020

fel: hittade 2 problem på kommandoraden
"#);

    let out = site.run(&["search", "xyzzyq"]);
    assert_eq!(out.code, 1, "no match exits 1, as grep does");
}

#[test]
fn a_facet_narrows_the_same_by_its_name_or_its_shorthand() {
    let site = TestSite::fixture("basic");
    let urls = |args: &[&str]| -> Vec<String> {
        let out = site.run(&[&["search", ""], args, &["--json"]].concat());
        out.stdout
            .lines()
            .map(|l| {
                let hit: serde_json::Value = serde_json::from_str(l).expect("JSON lines");
                hit["url"].as_str().expect("url").to_string()
            })
            .collect()
    };
    let all = urls(&[]);
    let by_name = urls(&["--facet", "factor=kultur"]);
    assert!(
        !by_name.is_empty() && by_name.len() < all.len(),
        "{by_name:?} of {all:?}"
    );
    assert_eq!(urls(&["--factor", "kultur"]), by_name);
    // Values of one facet are alternatives; facets combine.
    let either = urls(&["--facet", "factor=kultur", "--factor", "ledarskap"]);
    assert!(
        either.len() > by_name.len() && by_name.iter().all(|u| either.contains(u)),
        "{either:?}"
    );
    let both = urls(&["--facet", "factor=ledarskap", "--year", "2013"]);
    let ledarskap = urls(&["--facet", "factor=ledarskap"]);
    let in_2013 = urls(&["--facet", "year=2013"]);
    assert!(
        !both.is_empty() && both.len() < ledarskap.len().min(in_2013.len()),
        "{both:?}"
    );
    assert!(
        both.iter().all(|u| ledarskap.contains(u) && in_2013.contains(u)),
        "{both:?}"
    );
}

/// The client index's files, unzipped, by path below the data folder.
fn client_files(index: &SearchIndex) -> (serde_json::Value, BTreeMap<String, Vec<u8>>) {
    let e = export(index).expect("export");
    let mut files = BTreeMap::new();
    let mut manifest = serde_json::Value::Null;
    for (path, bytes) in e.files {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .expect("gzip");
        if path == e.manifest {
            manifest = serde_json::from_slice(&raw).expect("manifest is JSON");
        } else {
            files.insert(path, raw);
        }
    }
    (manifest, files)
}

/// Runs each query through engine.js in QuickJS: (doc, score, typos, words matched)
/// per hit.
fn js_search(
    manifest: &serde_json::Value,
    files: BTreeMap<String, Vec<u8>>,
    queries: &[(String, serde_json::Value)],
) -> Vec<Vec<(usize, f64, usize, usize)>> {
    let harness = r#"
        import { Engine } from "engine.js";
        globalThis.run = async (arg) => {
            const { manifest, queries } = JSON.parse(arg);
            const engine = new Engine({
                manifest: async () => manifest,
                gz: async (path) => new Uint8Array(load(path)),
            });
            const out = [];
            for (const [text, filters] of queries) {
                const r = await engine.search(text, filters);
                out.push(r.top(r.count).map((h) => [h.doc, h.score, h.typos, h.matched]));
            }
            return JSON.stringify(out);
        };
    "#;
    let arg = serde_json::json!({ "manifest": manifest, "queries": queries });
    let json = run_js(files, harness, &arg.to_string());
    serde_json::from_str(&json).expect("the harness returns JSON")
}

/// Runs `harness` (a module that imports the browser's `engine.js` and sets
/// `globalThis.run`, an async function of one string) in QuickJS, with the client
/// files readable through `load(path)`, and returns what `run(arg)` resolves to.
fn run_js(files: BTreeMap<String, Vec<u8>>, harness: &str, arg: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search");
    let source = |name: &str| std::fs::read_to_string(dir.join(name)).expect("engine sources");
    let runtime = Runtime::new().expect("QuickJS runtime");
    runtime.set_loader(
        BuiltinResolver::default()
            .with_module("analyze.js")
            .with_module("engine.js"),
        BuiltinLoader::default()
            .with_module("analyze.js", source("analyze.js"))
            .with_module("engine.js", source("engine.js")),
    );
    let context = Context::full(&runtime).expect("QuickJS context");
    context.with(|ctx| {
        let run = || {
            let load = Function::new(ctx.clone(), move |path: String| {
                files.get(&path).cloned().unwrap_or_default()
            })?;
            ctx.globals().set("load", load)?;
            let (_, done) = Module::declare(ctx.clone(), "harness.js", harness)?.eval()?;
            done.finish::<()>()?;
            let run: Function = ctx.globals().get("run")?;
            let promise: Promise = run.call((arg.to_string(),))?;
            promise.finish::<String>()
        };
        run().catch(&ctx).unwrap_or_else(|e| panic!("engine.js: {e}"))
    })
}

/// The client's top ten must be tantivy's, ties aside: position by position the same
/// typo count and score (to f32 noise), and the same cases wherever the scores differ.
fn assert_parity(index: &SearchIndex, queries: &[Query]) {
    let (manifest, files) = client_files(index);
    let facet_values = |name: &str, v: &str| -> usize {
        let facet = manifest["facets"]
            .as_array()
            .expect("facets")
            .iter()
            .find(|f| f["name"] == name)
            .expect("a known facet");
        facet["values"]
            .as_array()
            .expect("values")
            .iter()
            .position(|x| x[0] == v)
            .expect("a known value")
    };
    let js_queries: Vec<(String, serde_json::Value)> = queries
        .iter()
        .map(|q| {
            let mut filters = serde_json::Map::new();
            for (f, v) in &q.filters {
                let entry = filters.entry(f.clone()).or_insert_with(|| serde_json::json!([]));
                entry
                    .as_array_mut()
                    .expect("array")
                    .push(facet_values(f, v).into());
            }
            (q.text.clone(), serde_json::Value::Object(filters))
        })
        .collect();
    let js = js_search(&manifest, files, &js_queries);
    let mut compared = 0;
    for (q, js) in queries.iter().zip(js) {
        let rust = index.search(q).expect("search runs");
        assert_eq!(
            js.len(),
            rust.len(),
            "{:?}: the client matches as many cases as tantivy",
            q.text
        );
        let n = rust.len().min(10);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-4 * a.abs().max(1.0);
        for i in 0..n {
            let (jd, js_score, jt, jm) = js[i];
            let r = &rust[i];
            assert_eq!(jm, r.matched, "{:?} #{i}: words matched", q.text);
            assert_eq!(jt, r.typos, "{:?} #{i}: typo count", q.text);
            assert!(
                close(js_score, f64::from(r.score)),
                "{:?} #{i}: score {js_score} vs {}",
                q.text,
                r.score
            );
            if jd != r.doc {
                // Only a tie may reorder, and the tied case must be in tantivy's list too.
                let tied = rust
                    .iter()
                    .any(|h| h.doc == jd && close(f64::from(h.score), js_score));
                assert!(tied, "{:?} #{i}: client has case {jd}, tantivy {}", q.text, r.doc);
            }
        }
        compared += n;
    }
    assert!(
        compared >= queries.len(),
        "parity compared only {compared} results"
    );
}

fn q(text: &str) -> Query {
    Query {
        text: text.into(),
        filters: vec![],
    }
}

#[test]
fn the_browser_engine_ranks_the_library_as_tantivy_does() {
    let index = index_of(&library());
    let mut queries: Vec<Query> = [
        "medborgardialog",
        "kultur",
        "innovation i offentlig sektor",
        "undersökning",
        "plattform",
        "medborgardialg",
        "ledarskap tillit",
        "idésl",
        "haparanda handel",
        "skola",
        "Haparnada",
        "Japaranda",
        "medborgardialog aHparanda",
        "gränsöverskridande samarbete",
        // The same, decomposed (a + combining ring/diaeresis), as some systems type it.
        "gra\u{308}nso\u{308}verskridande samarbete",
        // Partial matches, stop words, derivations, the glossary.
        "hur har kommuner arbetat med kultur",
        "ledarskap experiment",
        "experiment ledarskap",
        "studiebesök och omvärldsbevakning",
        "citizen dialogue",
        "leadership and trust",
        "och med",
        "xyzzyqv kultur",
    ]
    .into_iter()
    .map(q)
    .collect();
    queries.push(Query {
        text: "innovation".into(),
        filters: vec![("factor".into(), "ledarskap".into())],
    });
    queries.push(Query {
        text: String::new(),
        filters: vec![("year".into(), "2013".into())],
    });
    assert_parity(&index, &queries);
}

/// Each result bundle holds the cases a search for its word alone shows first, in
/// tantivy's order (ties aside), each with a snippet cut from its own text.
fn assert_bundles(index: &SearchIndex) -> usize {
    let (manifest, files) = client_files(index);
    let mut compared = 0;
    let bundles = manifest["bundles"]["folders"].as_array().expect("bundle folders");
    assert!(!bundles.is_empty(), "the library has bundles");
    let names = files.keys().filter(|k| k.starts_with("b/"));
    for name in names {
        let bundle: serde_json::Value = serde_json::from_slice(&files[name]).expect("JSON");
        let term = bundle["term"].as_str().expect("term");
        let cases: Vec<usize> = bundle["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|c| c["n"].as_u64().expect("n") as usize)
            .collect();
        for c in bundle["cases"].as_array().expect("cases") {
            let body = &index.docs[c["n"].as_u64().expect("n") as usize].body;
            assert!(
                body.contains(c["x"].as_str().expect("x")),
                "{term}: a snippet from the case's text"
            );
        }
        let hits = index.search(&q(term)).expect("search runs");
        if rotsystem::search::expand(term, index.lexicon(), &mut Default::default())
            .first()
            .map(|g| g.len() == 1 && g[0].term == term && g[0].weight == 1.0)
            != Some(true)
        {
            continue; // the word as typed is not the term itself
        }
        assert_eq!(
            cases.len(),
            hits.len().min(10),
            "{term}: one case per result shown"
        );
        let tenth = hits[cases.len() - 1].score;
        for (i, n) in cases.iter().enumerate() {
            let hit = hits
                .iter()
                .find(|h| h.doc == *n)
                .unwrap_or_else(|| panic!("{term}: case {n} is a hit"));
            assert!(
                hit.doc == hits[i].doc
                    || (hit.score - hits[i].score).abs() <= 1e-4 * hit.score.abs().max(1.0),
                "{term} #{i}: bundle has case {n}, tantivy {}",
                hits[i].doc
            );
            assert!(
                hit.score >= tenth - 1e-4 * tenth.abs().max(1.0),
                "{term}: case {n} is in the top ten"
            );
        }
        compared += 1;
    }
    compared
}

#[test]
fn result_bundles_hold_the_first_page_of_a_one_word_search() {
    let index = index_of(&library());
    let compared = assert_bundles(&index);
    assert!(compared >= 50, "only {compared} bundles compared");
}

#[test]
fn the_browser_engine_ranks_a_synthetic_corpus_as_tantivy_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    synth::generate(dir.path(), 400, 7).expect("the synthetic corpus is written");
    let site = Site::load(dir.path()).unwrap_or_else(|_| panic!("the synthetic site loads"));
    let index = index_of(&site);
    let mut words: Vec<String> = index
        .docs
        .iter()
        .flat_map(|d| d.title.split(' ').map(str::to_lowercase))
        .collect();
    words.sort();
    words.dedup();
    let queries: Vec<Query> = words
        .iter()
        .step_by(words.len() / 12 + 1)
        .map(|w| q(w))
        .chain(
            words
                .windows(2)
                .step_by(words.len() / 6 + 1)
                .map(|p| q(&format!("{} {}", p[0], p[1]))),
        )
        .collect();
    assert!(queries.len() >= 12);
    assert_parity(&index, &queries);
}

/// Document files are numbered, so they live in folders named by a hash of their
/// files: a body edit must rename only the folder of the edited case's group, and
/// leave every other document file where browsers have cached it.
#[test]
fn a_body_edit_renames_only_the_edited_case_s_document_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    synth::generate(dir.path(), 400, 7).expect("the synthetic corpus is written");
    let documents = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        let site = Site::load(root).unwrap_or_else(|_| panic!("the synthetic site loads"));
        let out = export(&index_of(&site)).expect("exports");
        out.files
            .into_iter()
            .filter(|(path, _)| path.starts_with("d/"))
            .collect()
    };
    let before = documents(dir.path());
    let case = dir.path().join("content/cases/fall-00042.md");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(
        &case,
        text.replacen("## Resultat", "## Resultat\n\nEn ny mening.", 1),
    )
    .unwrap();
    let after = documents(dir.path());
    let folder = |path: &str| path.split('/').nth(1).unwrap().to_string();
    let renamed: std::collections::BTreeSet<String> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(|p| folder(p))
        .collect();
    let folders: std::collections::BTreeSet<String> = before.keys().map(|p| folder(p)).collect();
    assert!(folders.len() >= 4, "400 cases fill several folders: {folders:?}");
    assert_eq!(renamed.len(), 1, "one folder renamed, not {renamed:?}");
    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(b))
        .map(|(p, _)| p)
        .collect();
    let unchanged = after.len() - changed.len();
    assert!(
        unchanged >= after.len() - 2 * 128,
        "{} of {} document files changed",
        changed.len(),
        after.len()
    );
}
