//! The rule's numbers live in `src/search/rule.rs` and reach the browser only
//! through the manifest's `rule` object. These tests hold the JavaScript to that:
//! changing a number in an exported manifest must change what `engine.js` fetches or
//! answers, and neither script may spell a number of the rule itself.

use std::path::Path;

use super::{client_files, index_of, library, run_js};

/// Numbers only the page (`search.js`) uses, which QuickJS cannot run: they are
/// held by name here, and by the literal scan below.
const PAGE_KEYS: [&str; 4] = ["pageResults", "snippetWords", "snippetPartChars", "fewHits"];

/// What the engine is asked, on the bundled library: plain words, a prefix being
/// typed, typos at distance 1 and 2 and in the first letter, a compound the corpus
/// lacks (split into its parts), and what focus and typing load.
const OBSERVE: &str = r#"
    import { Engine } from "engine.js";
    const probes = [
        "kultur", "innovation i offentlig sektor", "idésl", "sam", "kulturr", "Haparnada",
        "medbrgardialg", "medborgarplattform", "Japaranda", "kold", "experiment ledarskap",
    ];
    async function observe(manifest) {
        const fetched = [];
        const engine = new Engine({
            manifest: async () => manifest,
            gz: async (path) => {
                fetched.push(path);
                return new Uint8Array(load(path));
            },
        });
        const out = {};
        await engine.warm();
        out.warm = fetched.splice(0).sort();
        await engine.preload("plattf");
        await engine.preload("kold");
        out.preload = fetched.splice(0).sort();
        out.search = [];
        for (const text of probes) {
            const r = await engine.search(text, {});
            const groups = r.groups.map((g) => g.map((a) => [a.entry && a.entry.term, a.weight, a.typo]));
            out.search.push([groups, r.top(r.count).map((h) => [h.doc, h.score, h.typos, h.matched])]);
        }
        out.suggest = [await engine.suggest("medbrogardailgo"), await engine.suggest("kultru")];
        return JSON.stringify(out);
    }
    // For each [key, index] of the rule: the first candidate value that changes what
    // the engine does, or null when none does.
    globalThis.run = async (arg) => {
        const { manifest, leaves, candidates } = JSON.parse(arg);
        const base = await observe(manifest);
        const out = [];
        for (const [key, i] of leaves) {
            let found = null;
            for (const c of candidates) {
                const m = JSON.parse(JSON.stringify(manifest));
                if (i === null) m.rule[key] = c;
                else m.rule[key][i] = c;
                if ((await observe(m)) !== base) {
                    found = c;
                    break;
                }
            }
            out.push(found);
        }
        return JSON.stringify(out);
    };
"#;

#[test]
fn the_browser_engine_takes_every_rule_number_from_the_manifest() {
    let (manifest, files) = client_files(&index_of(&library()));
    let rule = manifest["rule"].as_object().expect("the manifest has a rule");
    let mut leaves: Vec<(String, Option<usize>)> = Vec::new();
    for (key, value) in rule {
        if PAGE_KEYS.contains(&key.as_str()) {
            continue;
        }
        match value {
            serde_json::Value::Number(_) => leaves.push((key.clone(), None)),
            serde_json::Value::Array(items) => {
                leaves.extend((0..items.len()).map(|i| (key.clone(), Some(i))))
            }
            other => panic!("rule.{key} is not a number: {other}"),
        }
    }
    assert!(leaves.len() >= 12, "the rule has only {leaves:?}");
    let arg = serde_json::json!({
        "manifest": manifest, "leaves": leaves, "candidates": [0, 1000, 1_000_000_000],
    });
    let found: Vec<Option<f64>> =
        serde_json::from_str(&run_js(files, OBSERVE, &arg.to_string())).expect("the harness returns JSON");
    let ignored: Vec<String> = leaves
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|((key, i), _)| i.map_or(key.clone(), |i| format!("{key}[{i}]")))
        .collect();
    assert!(
        ignored.is_empty(),
        "engine.js answers the same whatever the manifest says for rule.{ignored:?}: it must read them from there"
    );
    // The page's snippets mark words through marks.js, which the landing page shares.
    let page = ["search.js", "marks.js"]
        .map(|f| std::fs::read_to_string(scripts().join(f)).expect("the script"))
        .concat();
    for key in PAGE_KEYS {
        assert!(rule.contains_key(key), "the manifest's rule has {key}");
        assert!(
            page.contains(&format!("rule.{key}")),
            "search.js or marks.js reads rule.{key}"
        );
    }
}

/// Besides a few structural numbers (bit masks and shifts of UTF-8, varints and
/// postings bitmaps, the
/// 0.5 of BM25's idf, state bits, the page's typing pauses), neither script spells a
/// number: each number of the rule is in `rule.rs` and comes in the manifest.
#[test]
fn the_browser_scripts_spell_no_number_of_the_rule() {
    let structural: [(&str, &[&str]); 4] = [
        (
            "engine.js",
            &[
                "0", "1", "2", "3", "7", "8", "0.5", "6", "12", "15", "18", "31", "63", "0x7f", "0x80",
                "0xc0", "0xe0", "0xf0", "0xd800", "0xe000", "0x800", "0x2000",
            ],
        ),
        ("search.js", &["0", "1", "40", "120"]),
        ("marks.js", &[]),
        ("landing.js", &["0", "1"]),
    ];
    for (file, allowed) in structural {
        let source = std::fs::read_to_string(scripts().join(file)).expect("the script");
        let stray: Vec<(usize, String)> = numbers(&source)
            .into_iter()
            .filter(|(_, n)| !allowed.contains(&n.as_str()))
            .collect();
        assert!(
            stray.is_empty(),
            "{file} spells numbers (line, number) that belong in src/search/rule.rs and the manifest: {stray:?}"
        );
    }
}

fn scripts() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search")
}

/// The numeric literals of a script outside `//` comments, with their line numbers.
fn numbers(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = match line.find("//") {
            Some(at) if line[..at].trim().is_empty() || line[..at].ends_with(' ') => &line[..at],
            _ => line,
        };
        let chars: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let starts = chars[i].is_ascii_digit()
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '_' | '$' | '.')));
            if !starts {
                i += 1;
                continue;
            }
            let from = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
            {
                i += 1;
            }
            let literal: String = chars[from..i].iter().collect();
            out.push((n + 1, literal.trim_end_matches('.').to_string()));
        }
    }
    out
}

#[test]
fn the_literal_scan_sees_numbers_and_skips_names_and_comments() {
    let found = numbers("const a = f32(x) * 2.2; // 24 words\nlet b = utf8(y, 0x7f) + 10;");
    assert_eq!(
        found,
        [
            (1, "2.2".to_string()),
            (2, "0x7f".to_string()),
            (2, "10".to_string())
        ]
    );
}
