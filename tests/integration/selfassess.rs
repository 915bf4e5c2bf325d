//! Rotsystemskollen: the statements as `check` validates them, the cases the build
//! chooses for each factor, the browser's rule (`static/sjalvskattning/score.js`, run
//! here in QuickJS) against a Rust reference, its codes' round trip and checksum, and
//! the pages in Chromium (`tests/browser/selfassess.mjs`), with the printed action
//! plan read back by poppler and the on-screen QR code decoded by rqrr.

use std::path::Path;
use std::process::Command;

use rquickjs::loader::{BuiltinLoader, BuiltinResolver};
use rquickjs::{CatchResultExt, Context, Function, Module, Runtime};
use serde_json::{json, Value};

use crate::browser::{build_library, node};
use crate::support::TestSite;

/// Runs `harness` (a module importing `score.js` that sets `globalThis.run`, a
/// function of one JSON string returning one) in QuickJS.
fn run_js(harness: &str, arg: &Value) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/sjalvskattning/score.js");
    let source = std::fs::read_to_string(file).expect("score.js");
    let runtime = Runtime::new().expect("QuickJS runtime");
    runtime.set_loader(
        BuiltinResolver::default().with_module("score.js"),
        BuiltinLoader::default().with_module("score.js", source),
    );
    let context = Context::full(&runtime).expect("QuickJS context");
    let out: String = context.with(|ctx| {
        let run = || {
            let (_, done) = Module::declare(ctx.clone(), "harness.js", harness)?.eval()?;
            done.finish::<()>()?;
            let run: Function = ctx.globals().get("run")?;
            run.call::<_, String>((arg.to_string(),))
        };
        run().catch(&ctx).unwrap_or_else(|e| panic!("score.js: {e}"))
    });
    serde_json::from_str(&out).expect("the harness returns JSON")
}

/// A small deterministic generator, so a failure names answers that replay.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn answers(rng: &mut Rng, count: usize) -> Vec<u8> {
    (0..count).map(|_| rng.below(7) as u8).collect()
}

#[test]
fn codes_round_trip_and_refuse_every_single_typo_and_swap() {
    let mut rng = Rng(0x5eed_0016);
    let sets: Vec<Vec<u8>> = (1..=48)
        .flat_map(|count| (0..4).map(move |i| (count, i)))
        .map(|(count, _)| answers(&mut rng, count))
        .collect();
    let harness = r#"
        import { encode, decode } from "score.js";
        const A = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        globalThis.run = (arg) => JSON.stringify(JSON.parse(arg).map((answers) => {
            const code = encode(answers);
            const plain = code.replace(/-/g, "");
            let accepted = 0, tried = 0;
            for (let i = 0; i < plain.length; i++) {
                for (const c of A) {
                    if (c === plain[i]) continue;
                    tried++;
                    if (decode(plain.slice(0, i) + c + plain.slice(i + 1), answers.length)) accepted++;
                }
                if (i + 1 < plain.length && plain[i] !== plain[i + 1]) {
                    tried++;
                    if (decode(plain.slice(0, i) + plain[i + 1] + plain[i] + plain.slice(i + 2), answers.length)) accepted++;
                }
            }
            const typed = plain.toLowerCase().replace(/0/g, "o").replace(/1/g, "l").split("").join(" ");
            return {
                code,
                back: decode(code, answers.length),
                typed: decode(typed, answers.length),
                other_count: decode(code, answers.length + 1),
                accepted, tried,
            };
        }));
    "#;
    let out = run_js(harness, &json!(sets));
    for (set, r) in sets.iter().zip(out.as_array().unwrap()) {
        let code = r["code"].as_str().unwrap();
        assert_eq!(r["back"], json!(set), "{code}");
        assert_eq!(r["typed"], json!(set), "{code} typed loosely");
        assert_eq!(
            r["other_count"],
            Value::Null,
            "{code} read for another questionnaire"
        );
        assert_eq!(
            r["accepted"], 0,
            "{code}: {} of {} one-symbol errors accepted",
            r["accepted"], r["tried"]
        );
        // Three bits an answer, five a symbol, two check symbols.
        assert_eq!(
            code.replace('-', "").len(),
            (set.len() * 3).div_ceil(5) + 2,
            "{code}"
        );
    }
}

/// The rule as the module header of score.js states it, written again in Rust.
mod reference {
    /// A factor's pooled figures: (raters, mean, spread, min, max).
    pub type Pooled = Option<(usize, f64, f64, f64, f64)>;

    pub fn scores(answers: &[u8], sizes: &[usize]) -> Vec<Option<f64>> {
        let mut at = 0;
        sizes
            .iter()
            .map(|&n| {
                let rated: Vec<f64> = answers[at..at + n]
                    .iter()
                    .filter(|&&a| (1..=5).contains(&a))
                    .map(|&a| f64::from(a))
                    .collect();
                at += n;
                (!rated.is_empty()).then(|| rated.iter().sum::<f64>() / rated.len() as f64)
            })
            .collect()
    }

    pub fn weakest(means: &[Option<f64>], k: usize) -> Vec<usize> {
        let mut rated: Vec<(f64, usize)> = means
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|m| (m, i)))
            .collect();
        rated.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        rated.into_iter().take(k).map(|(_, i)| i).collect()
    }

    /// Per factor: (raters, mean, spread, min, max).
    pub fn pool(people: &[Vec<u8>], sizes: &[usize]) -> Vec<Pooled> {
        let each: Vec<Vec<Option<f64>>> = people.iter().map(|a| scores(a, sizes)).collect();
        (0..sizes.len())
            .map(|i| {
                let ms: Vec<f64> = each.iter().filter_map(|s| s[i]).collect();
                if ms.is_empty() {
                    return None;
                }
                let n = ms.len() as f64;
                let mean = ms.iter().sum::<f64>() / n;
                let var = ms.iter().map(|m| (m - mean) * (m - mean)).sum::<f64>() / n;
                let min = ms.iter().copied().fold(f64::INFINITY, f64::min);
                let max = ms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                Some((ms.len(), mean, var.sqrt(), min, max))
            })
            .collect()
    }

    pub fn disagreement(pooled: &[Pooled], k: usize) -> Vec<usize> {
        let mut split: Vec<(f64, f64, usize)> = pooled
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.filter(|p| p.0 >= 2 && p.2 > 0.0).map(|p| (p.2, p.4 - p.3, i)))
            .collect();
        split.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        split.into_iter().take(k).map(|(_, _, i)| i).collect()
    }
}

fn close(js: &Value, rust: f64) -> bool {
    js.as_f64().is_some_and(|v| (v - rust).abs() < 1e-9)
}

#[test]
fn scores_weakest_factors_and_a_groups_figures_match_a_rust_reference() {
    let mut rng = Rng(0x0016_2026);
    let harness = r#"
        import { scores, weakest, pool, disagreement } from "score.js";
        globalThis.run = (arg) => JSON.stringify(JSON.parse(arg).map(({ sizes, people }) => {
            const factors = sizes.map((n) => ({ statements: new Array(n).fill("") }));
            const pooled = pool(people, factors);
            return {
                scores: people.map((a) => scores(a, factors).map((s) => s.mean)),
                weakest: people.map((a) => weakest(scores(a, factors), 3)),
                pooled,
                disagreement: disagreement(pooled, 3),
                group_weakest: weakest(pooled, 3),
            };
        }));
    "#;
    let cases: Vec<(Vec<usize>, Vec<Vec<u8>>)> = (0..60)
        .map(|_| {
            let sizes: Vec<usize> = (0..12).map(|_| 2 + rng.below(3) as usize).collect();
            let total = sizes.iter().sum();
            let people = (0..1 + rng.below(6)).map(|_| answers(&mut rng, total)).collect();
            (sizes, people)
        })
        .collect();
    let arg: Vec<Value> = cases
        .iter()
        .map(|(s, p)| json!({ "sizes": s, "people": p }))
        .collect();
    let out = run_js(harness, &json!(arg));
    let mut ties = 0;
    for ((sizes, people), js) in cases.iter().zip(out.as_array().unwrap()) {
        for (p, answers) in people.iter().enumerate() {
            let means = reference::scores(answers, sizes);
            for (i, m) in means.iter().enumerate() {
                let got = &js["scores"][p][i];
                assert!(
                    m.map_or(got.is_null(), |m| close(got, m)),
                    "{answers:?} factor {i}: {got} vs {m:?}"
                );
            }
            assert_eq!(
                js["weakest"][p],
                json!(reference::weakest(&means, 3)),
                "{answers:?}"
            );
            let rated: Vec<f64> = means.iter().flatten().copied().collect();
            ties += rated
                .iter()
                .enumerate()
                .filter(|(i, m)| rated[..*i].contains(m))
                .count();
        }
        let pooled = reference::pool(people, sizes);
        for (i, p) in pooled.iter().enumerate() {
            let got = &js["pooled"][i];
            match p {
                None => assert_eq!(got["n"], 0, "{people:?} factor {i}"),
                Some((n, mean, spread, min, max)) => {
                    assert_eq!(got["n"], json!(n));
                    for (key, v) in [("mean", mean), ("spread", spread), ("min", min), ("max", max)] {
                        assert!(
                            close(&got[key], *v),
                            "{people:?} factor {i} {key}: {} vs {v}",
                            got[key]
                        );
                    }
                }
            }
        }
        assert_eq!(
            js["disagreement"],
            json!(reference::disagreement(&pooled, 3)),
            "{people:?}"
        );
        let group_means: Vec<Option<f64>> = pooled.iter().map(|p| p.map(|p| p.1)).collect();
        assert_eq!(js["group_weakest"], json!(reference::weakest(&group_means, 3)));
    }
    // Equal means must occur, or the tie-break was never tested.
    assert!(ties > 50, "only {ties} tied means");
}

/// The fixture with statements for both its factors.
fn site_with_statements() -> TestSite {
    let site = TestSite::basic();
    site.edit(
        "content/factors/kultur.md",
        "sources:",
        "statements:\n  - Vi vet varför vi satsar på kultur.\n  - Vi mäter vad kulturen ger.\nsources:",
    );
    site.edit(
        "content/factors/ledarskap.md",
        "sources:",
        "statements:\n  - Våra ledare når över gränser.\n  - Vi tar vara på politiska fönster.\nsources:",
    );
    site
}

fn island(html: &str) -> Value {
    let start = html
        .find(r#"<script type="application/json" id="sa-data">"#)
        .expect("the data island");
    let rest = &html[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(json).expect("the island is JSON")
}

#[test]
fn each_factor_offers_its_cases_with_a_note_first_its_steps_and_a_first_question() {
    let site = site_with_statements();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data = island(&site.read_out("sjalvskattning/index.html"));
    assert_eq!(data["count"], 4);
    let kultur = &data["factors"][0];
    assert_eq!(kultur["id"], "kultur");
    // Umeå comes before Vara in the listing (same year, title order), but only Vara
    // has a note for the factor, and its note is what the result shows.
    let titles: Vec<&str> = kultur["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Vara – kultur som motor", "Umeå – kulturhuvudstad"]);
    assert_eq!(kultur["cases"][0]["note"], "Konserthuset formade självbilden.");
    assert_eq!(kultur["cases"][0]["url"], "/fall/vara/");
    assert_eq!(
        kultur["steps"],
        json!([{ "name": "Myllstimulans", "url": "/steg/myllstimulans/" }])
    );
    assert_eq!(kultur["first_step"], "Vad betyder kultur för er kommun?");
    assert_eq!(kultur["handout"]["pdf"], "/utskrift/rotsystemet-kultur.pdf");
    assert_eq!(
        kultur["statements"],
        json!([
            [1, "Vi vet varför vi satsar på kultur."],
            [2, "Vi mäter vad kulturen ger."]
        ])
    );
    assert_eq!(
        data["factors"][1]["statements"][0][0], 3,
        "numbered across the questionnaire"
    );
    // Both pages are in the sitemap, so the reflow check visits them.
    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.contains("/sjalvskattning/</loc>") && sitemap.contains("/sjalvskattning/grupp/</loc>"));
    // Without statements there is no self-assessment at all.
    let plain = TestSite::basic();
    assert_eq!(plain.build().code, 0);
    assert!(!plain.out().join("sjalvskattning").exists());
}

#[test]
fn the_pages_carry_data_but_no_inline_script_and_print_the_questionnaire_without_js() {
    let site = site_with_statements();
    assert_eq!(site.build().code, 0);
    for page in ["sjalvskattning/index.html", "sjalvskattning/grupp/index.html"] {
        let html = site.read_out(page);
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap();
            assert!(
                // Data islands (the page's own, and the JSON-LD every page has) run nothing.
                tag.contains(" src=")
                    || tag.contains(r#"type="application/json""#)
                    || tag == r#" type="application/ld+json""#,
                "{page}: inline script <script{tag}>"
            );
        }
        assert!(!html.contains(" style=") && !html.contains("<style"), "{page}");
    }
    let html = site.read_out("sjalvskattning/index.html");
    // Every statement has the scale, labelled at its ends, and "vet inte".
    assert_eq!(html.matches(r#"type="radio" name="p1""#).count(), 6);
    assert!(html.contains("stämmer inte alls") && html.contains("stämmer helt") && html.contains("vet inte"));
    // The button that scores is the script's; without it no answer can be sent.
    assert!(html.contains(r#"<div class="sa-actions" id="sa-actions" hidden>"#));
    assert!(html.contains(r#"<button type="button" id="sa-show">"#));
    let form = &html[html.find(r#"<form id="sa-form""#).unwrap()..];
    assert!(
        !form[..form.find("</form>").unwrap()].contains("submit"),
        "the questionnaire can be submitted"
    );
    assert!(html.contains("Poängnyckel"));
}

#[test]
fn check_refuses_statements_a_questionnaire_cannot_use_at_their_place() {
    let site = TestSite::basic();
    site.edit(
        "content/factors/kultur.md",
        "sources:",
        "statements:\n  - Vi vet varför vi satsar på kultur.\nsources:",
    );
    site.edit(
        "content/factors/ledarskap.md",
        "sources:",
        "statements:\n  - Ett.\n  - Två.\n  - Tre.\n  - Fyra.\n  - Vi vet varför vi satsar på KULTUR.\nsources:",
    );
    site.edit(
        "content/steps/myllstimulans.md",
        "sources:",
        "statements:\n  - Idéer får växa.\nsources:",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    for expected in [
        "fel: faktorn `kultur` har för få påståenden till självskattningen: 1\n --> content/factors/kultur.md:9:3",
        "fel: faktorn `ledarskap` har för många påståenden till självskattningen: 5\n  --> content/factors/ledarskap.md:",
        "fel: det här påståendet finns redan i självskattningen\n  --> content/factors/ledarskap.md:",
        "också ett påstående för `kultur`",
        "fel: bara faktorer har påståenden till självskattningen\n --> content/steps/myllstimulans.md:",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    // Each at its line and column: the fifth item, and the key in the step.
    let ledarskap = std::fs::read_to_string(site.root().join("content/factors/ledarskap.md")).unwrap();
    let fifth = ledarskap.lines().position(|l| l.contains("KULTUR")).unwrap() + 1;
    assert!(
        err.contains(&format!("content/factors/ledarskap.md:{fifth}:5")),
        "{err}"
    );
    let step = std::fs::read_to_string(site.root().join("content/steps/myllstimulans.md")).unwrap();
    let key = step.lines().position(|l| l.starts_with("statements:")).unwrap() + 1;
    assert!(
        err.contains(&format!("content/steps/myllstimulans.md:{key}:1")),
        "{err}"
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot run ({e}): apt-get install -y poppler-utils"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages_of(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

/// The QR codes in a binary greyscale PGM with a plain three-line header.
fn qr_in(pgm: &[u8]) -> Vec<String> {
    let mut header = pgm.splitn(4, |&b| b == b'\n');
    assert_eq!(header.next(), Some(&b"P5"[..]));
    let size = std::str::from_utf8(header.next().unwrap()).unwrap();
    let (w, h) = size.split_once(' ').unwrap();
    let (w, h): (usize, usize) = (w.parse().unwrap(), h.parse().unwrap());
    header.next();
    let pixels = header.next().unwrap();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

#[test]
fn a_reader_answers_by_keyboard_keeps_the_result_private_and_a_group_pools_three_codes() {
    let (dir, site) = build_library();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let report = node("selfassess.mjs", &[&site, &out]);
    assert!(report.contains("selfassess: all checks ran"), "{report}");
    assert!(
        report.contains("pool: 3 codes, means checked for 12 factors"),
        "{report}"
    );
    // 3 states x 2 schemes x 2 widths, and four more along the way.
    assert_eq!(report.matches(" violations, ").count(), 16, "{report}");

    // The QR code on screen holds the result's address.
    let url = report
        .lines()
        .find_map(|l| l.strip_prefix("result-url: "))
        .expect("the result's URL");
    assert!(url.contains("/sjalvskattning/#k="), "{url}");
    assert_eq!(
        qr_in(&std::fs::read(out.join("qr.pgm")).unwrap()),
        vec![url.to_string()]
    );

    // The printed action plan: the three weak factors, each with its first question
    // and the case to read, and nothing of the questionnaire.
    let plan = out.join("plan.pdf");
    let text = pdftotext(&plan);
    assert!(pages_of(&plan) <= 2, "the plan runs to {} pages", pages_of(&plan));
    assert!(text.contains("Handlingsplan"), "{text}");
    assert_eq!(
        text.matches("Första steg – samtala om frågan").count(),
        3,
        "{text}"
    );
    assert_eq!(text.matches("Läs: ").count(), 3, "{text}");
    assert!(text.contains("/fall/"), "the case's address is printed: {text}");
    for absent in [
        "Påståendena",
        "Poängnyckel",
        "Er profil",
        "Spara i den här webbläsaren",
    ] {
        assert!(!text.contains(absent), "the plan prints {absent:?}: {text}");
    }
    // Without JavaScript the page prints as the questionnaire with its key.
    let nojs = pdftotext(&out.join("nojs.pdf"));
    for expected in [
        "Påståendena",
        "stämmer inte alls",
        "vet inte",
        "Poängnyckel",
        "Ditt medelvärde (1–5)",
    ] {
        assert!(
            nojs.contains(expected),
            "the printed questionnaire lacks {expected:?}"
        );
    }
}
