//! The browser's search analyzer (`themes/default/static/search/analyze.js`) against the
//! build's (`search::analysis::analyzer` and `words`, tantivy): every term the browser makes must be one
//! the index holds, so the JS runs here, as the ES module browsers load, and its output is
//! compared with tantivy's on the library, the synthetic corpus, every Unicode character and
//! a grid of words built around every Snowball suffix rule.
//!
//! Engine: rquickjs, because its bundled QuickJS builds with the C compiler the Rust
//! toolchain already needs in well under a minute, and supports ES modules and `\p{…}`
//! regexes; boa_engine is pure Rust but brings ICU and several minutes of compiling.

use crate::synth;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rotsystem::search::analysis;
use rquickjs::{CatchResultExt, Context, FromJs, Function, Module, Runtime};
use tantivy::tokenizer::{Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| out.push(token.text.clone()));
    out
}

/// tantivy's Swedish stem of each word, through the same `Stemmer` filter the build uses.
fn tantivy_stems(words: &[String]) -> Vec<String> {
    let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::Swedish))
        .build();
    words.iter().map(|w| terms(&mut stemmer, w).concat()).collect()
}

/// Loads analyze.js as an ES module in QuickJS and applies its export `name` to every
/// input in one call, so a hundred thousand words cost one crossing.
fn js_map<T>(export: &str, inputs: &[String]) -> Vec<T>
where
    T: for<'js> FromJs<'js>,
{
    let path = root().join("themes/default/static/search/analyze.js");
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let runtime = Runtime::new().expect("QuickJS runtime");
    let context = Context::full(&runtime).expect("QuickJS context");
    context.with(|ctx| {
        let run = || {
            let (module, evaluated) = Module::declare(ctx.clone(), "analyze.js", source)?.eval()?;
            evaluated.finish::<()>()?;
            let f: Function = module.get(export)?;
            let map: Function = ctx.eval("(f, xs) => xs.map((x) => f(x))")?;
            map.call::<_, Vec<T>>((f, inputs.to_vec()))
        };
        run()
            .catch(&ctx)
            .unwrap_or_else(|e| panic!("analyze.js, {export}(): {e}"))
    })
}

/// Fails listing the first 20 inputs on which the two differ, each shown by `show(js, rust)`,
/// and says how many were compared.
fn assert_same<T: PartialEq>(
    what: &str,
    inputs: &[String],
    js: &[T],
    rust: &[T],
    show: impl Fn(&T, &T) -> String,
) {
    assert_eq!(js.len(), inputs.len(), "{what}: JS returned a short list");
    let diffs: Vec<String> = inputs
        .iter()
        .zip(js.iter().zip(rust))
        .filter(|(_, (j, r))| j != r)
        .take(20)
        .map(|(input, (j, r))| format!("  {input}: {}", show(j, r)))
        .collect();
    assert!(
        diffs.is_empty(),
        "{what}: analyze.js differs from tantivy (of {} compared; first {}):\n{}",
        inputs.len(),
        diffs.len(),
        diffs.join("\n")
    );
}

fn show_stems(js: &str, rust: &str) -> String {
    format!("js {js:?}, tantivy {rust:?}")
}

/// Where two token streams first part, with two tokens of context.
fn show_streams(js: &[String], rust: &[String]) -> String {
    let at = js.iter().zip(rust).take_while(|(j, r)| j == r).count();
    let around = |v: &[String]| v[at.saturating_sub(2)..(at + 3).min(v.len())].to_vec();
    format!(
        "token {at} (of {} in js, {} in tantivy): js {:?}, tantivy {:?}",
        js.len(),
        rust.len(),
        around(js),
        around(rust)
    )
}

/// The library's own files (front matter and body), sorted.
fn content_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root().join("content"))
        .into_iter()
        .map(|e| e.expect("walk content/").into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() > 20, "content/ has only {} files", files.len());
    files
}

fn synthetic_files() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    synth::generate(dir.path(), 200, 42).expect("generate synthetic corpus");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.expect("walk synthetic corpus").into_path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    (dir, files)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Distinct lowercased tokens of the texts, long ones included: the stemmer must agree on
/// words the index drops too, in case the limit ever moves.
fn words_of(texts: &[String]) -> BTreeSet<String> {
    let mut lower = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    texts.iter().flat_map(|t| terms(&mut lower, t)).collect()
}

/// Every Snowball suffix after many short beginnings (vowels, non-vowels, the -et keepers,
/// ö and multi-byte and astral characters), alone and after another suffix, so each rule
/// meets each condition at the region boundary.
fn suffix_grid() -> BTreeSet<String> {
    const MAIN: &[&str] = &[
        "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste", "en",
        "anden", "aren", "heten", "ern", "ar", "er", "heter", "or", "s", "as", "arnas", "ernas", "ornas",
        "es", "ades", "andes", "ens", "arens", "hetens", "erns", "at", "et", "andet", "het", "ast", "ets",
        "ts", "os", "us",
    ];
    const OTHER: &[&str] = &[
        "dd", "gd", "nn", "dt", "gt", "kt", "tt", "ig", "lig", "els", "fullt", "öst", "ist", "ost",
    ];
    const KEEPERS: &[&str] = &[
        "fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit", "pit",
        "rit", "sit", "tit", "uit", "ivit", "kvit", "xit",
    ];
    let alphabet = ["a", "e", "i", "ö", "å", "y", "t", "k", "s", "l", "ß", "𝔞"];
    let mut short = vec![String::new()];
    let mut prefixes = vec![String::new()];
    for len in 1..=3 {
        let longer: Vec<String> = prefixes
            .iter()
            .filter(|p| p.chars().count() == len - 1)
            .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
            .collect();
        if len <= 2 {
            short.extend(longer.iter().cloned());
        }
        prefixes.extend(longer);
    }
    for k in KEEPERS {
        for p in ["", "a", "ö", "st"] {
            prefixes.push(format!("{p}{k}"));
        }
    }
    let mut words = BTreeSet::new();
    for p in &prefixes {
        for s in MAIN.iter().chain(OTHER) {
            words.insert(format!("{p}{s}"));
        }
    }
    for p in &short {
        for o in OTHER {
            for m in MAIN {
                words.insert(format!("{p}{o}{m}"));
            }
        }
    }
    words
}

#[test]
fn stems_match_tantivy_on_every_word_of_library_synthetic_corpus_and_suffix_grid() {
    let library: Vec<String> = content_files().iter().map(|p| read(p)).collect();
    let (_dir, synth_files) = synthetic_files();
    let synthetic: Vec<String> = synth_files.iter().map(|p| read(p)).collect();
    let library_words = words_of(&library);
    let synthetic_words = words_of(&synthetic);
    let grid = suffix_grid();
    assert!(
        library_words.len() > 2_000,
        "only {} distinct words in content/",
        library_words.len()
    );
    assert!(
        synthetic_words.contains("arbetet") && synthetic_words.len() > 300,
        "the synthetic corpus lost its words ({} distinct)",
        synthetic_words.len()
    );

    let words: Vec<String> = library_words
        .iter()
        .chain(&synthetic_words)
        .chain(&grid)
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(words.len() > 50_000, "only {} words compared", words.len());
    let js: Vec<String> = js_map("stem", &words);
    let rust = tantivy_stems(&words);
    assert_same(
        &format!(
            "stem() on {} words ({} library, {} synthetic, {} suffix grid)",
            words.len(),
            library_words.len(),
            synthetic_words.len(),
            grid.len()
        ),
        &words,
        &js,
        &rust,
        |j, r| show_stems(j, r),
    );
    let changed = words.iter().zip(&rust).filter(|(w, s)| w != s).count();
    assert!(
        changed * 3 > words.len(),
        "only {changed} of {} words were changed by stemming: the grid does not exercise the rules",
        words.len()
    );
}

/// Texts where tokenizing, the length limit and lowercasing have edges: byte lengths around
/// 40 in 1- to 4-byte characters, capitals whose lowercase is longer, final sigma, digits
/// and number letters, combining marks, joiners and punctuation inside words.
fn edge_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for unit in ["a", "ö", "Ö", "€", "𝔞", "İ", "Ⱥ", "ẞ", "1", "١"] {
        let mut text = String::new();
        for bytes in 35..=45 {
            let word = "b".repeat(bytes % unit.len()) + &unit.repeat(bytes / unit.len());
            assert_eq!(word.len(), bytes);
            text.push_str(&word);
            text.push(' ');
        }
        texts.push(text);
    }
    texts.push("ΟΔΟΣ Σ ΣΑΣ ὈΔΥΣΣΕΎΣ ΣΊΣΥΦΟΣ οδος".into());
    texts.push("2024 3,5 ½ Ⅻ ① x² e\u{301} ﬁ ǅ İstanbul ÅÄÖ Ǆemal".into());
    texts.push("can't kommun-ledning snake_case a\u{200d}b a\u{ad}b a·b e-post www.ex.se".into());
    texts.push("tab\tny\nrad\r\nCRLF \u{a0}nbsp\u{2028}ls \u{feff}bom".into());
    texts
}

#[test]
fn analyze_matches_tantivy_token_stream_on_every_content_file() {
    let (_dir, synth_files) = synthetic_files();
    let files: Vec<PathBuf> = content_files().into_iter().chain(synth_files).collect();
    let mut names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut texts: Vec<String> = files.iter().map(|p| read(p)).collect();
    for (i, text) in edge_texts().into_iter().enumerate() {
        names.push(format!("edge text {i}"));
        texts.push(text);
    }
    let mut build = analysis::analyzer();
    let rust: Vec<Vec<String>> = texts.iter().map(|t| terms(&mut build, t)).collect();
    let js: Vec<Vec<String>> = js_map("analyze", &texts);
    let tokens: usize = rust.iter().map(Vec::len).sum();
    assert!(tokens > 100_000, "only {tokens} tokens compared");
    assert_same(
        &format!("analyze() on {} texts, {tokens} tokens", texts.len()),
        &names,
        &js,
        &rust,
        |j, r| show_streams(j, r),
    );
    let rust_words: Vec<Vec<String>> = texts.iter().map(|t| analysis::words(t)).collect();
    let js_words: Vec<Vec<String>> = js_map("words", &texts);
    assert_same(
        &format!("words() on {} texts", texts.len()),
        &names,
        &js_words,
        &rust_words,
        |j, r| show_streams(j, r),
    );
}

/// Tokenizing and lowercasing use Unicode tables on both sides (Rust's std, the JS
/// engine's): every scalar value must come out the same. Whether a char belongs to a token
/// and how it lowercases does not depend on its neighbours (final sigma aside, which the
/// edge texts cover), so each stands alone.
#[test]
fn analyze_matches_tantivy_on_every_unicode_character() {
    let all: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
    let texts: Vec<String> = all
        .chunks(4096)
        .map(|chunk| chunk.iter().map(|c| format!("{c} ")).collect())
        .collect();
    let names: Vec<String> = all
        .chunks(4096)
        .map(|c| format!("U+{:04X}..", u32::from(c[0])))
        .collect();
    let mut build = analysis::analyzer();
    let rust: Vec<Vec<String>> = texts.iter().map(|t| terms(&mut build, t)).collect();
    let js: Vec<Vec<String>> = js_map("analyze", &texts);
    assert_same(
        &format!("analyze() on all {} scalar values", all.len()),
        &names,
        &js,
        &rust,
        |j, r| show_streams(j, r),
    );
}

/// Snowball 3.x changed Swedish: -et and -ets now go (so arbete, arbetet and arbetets meet),
/// except after the keepers (raket), and -öst becomes -ös after more letters. Expectations
/// come from tantivy; these only pin that tantivy still behaves as 3.x and the JS with it.
#[test]
fn snowball_3_rules_hold_in_both() {
    let groups: &[&[&str]] = &[
        &["arbete", "arbetet", "arbetets", "arbeten"],
        &["mötet", "möte", "mötets"],
        &["hopplöst", "hopplös"],
        &["förtröst", "förtrös"],
        &["respektfullt", "respektfull"],
    ];
    let keepers = ["raket", "komet", "kvalitet", "paket"];
    let words: Vec<String> = groups
        .iter()
        .flat_map(|g| g.iter())
        .chain(&keepers)
        .map(|w| w.to_string())
        .collect();
    let rust = tantivy_stems(&words);
    let js: Vec<String> = js_map("stem", &words);
    assert_same("pinned words", &words, &js, &rust, |j, r| show_stems(j, r));
    let stem_of = |w: &str| &rust[words.iter().position(|x| x == w).unwrap()];
    for group in groups {
        let stems: BTreeSet<&String> = group.iter().map(|w| stem_of(w)).collect();
        assert_eq!(
            stems.len(),
            1,
            "tantivy no longer stems {group:?} alike ({stems:?}): is it still Snowball 3.x?"
        );
    }
    for w in keepers {
        assert_eq!(
            stem_of(w),
            w,
            "tantivy strips -et from {w}: are the 3.x keepers gone?"
        );
    }
}
