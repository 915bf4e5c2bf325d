//! A synthetic corpus: N cases shaped like the library's own (about 7 KB of
//! Swedish-like prose a case in the library's sections, 2–5 factors with notes, facts,
//! keywords, sources) in Sweden's 290 municipalities, for benchmarks and for tests that
//! need more than a fixture. Deterministic for a given seed, with no dependency beyond
//! std and the crate's built-in municipalities.

mod words;

use std::fmt::Write as _;
use std::path::Path;

use words::{ADJECTIVES, AWARDS, FACT_LABELS, FUNCTION, HEADS, NOUNS, PARTS, VERBS};

pub const FACTORS: &[&str] = &[
    "konstruerade-fordelar",
    "mojlighetssokande",
    "brukarfokus",
    "platsmarknadsforing",
    "kultur",
    "ledarskap",
    "ekonomistyrning",
    "omvarldsinformation",
    "tillit-och-experimenterande",
    "trygghet",
    "berattelser",
    "kunskapsgrunder",
];

pub const STEPS: &[&str] = &[
    "myllstimulans",
    "ideformulering",
    "spontan-uppbackning",
    "kritisk-genomlysning",
    "fordjupad-analys",
    "utvecklingsplan",
    "beslut",
    "resurstilldelning",
    "mental-support",
    "realisering",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64: small, fast and good enough for test data.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    /// Early items more often than late ones, as word frequencies fall off.
    fn skewed<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        let (a, b) = (self.below(xs.len()), self.below(xs.len()));
        xs[a.min(b)]
    }
}

fn word(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=6 => rng.skewed(FUNCTION).to_string(),
        7..=12 => rng.skewed(NOUNS).to_string(),
        13..=15 => rng.pick(VERBS).to_string(),
        16..=18 => rng.pick(ADJECTIVES).to_string(),
        _ => format!("{}{}", rng.pick(PARTS), rng.pick(HEADS)),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let s: Vec<String> = (0..words).map(|_| word(rng)).collect();
    capitalised(&s.join(" ")) + "."
}

/// 3–6 sentences of 8–19 words: about 500 characters.
fn paragraph(rng: &mut Rng) -> String {
    let n = rng.between(3, 6);
    let out: Vec<String> = (0..n)
        .map(|_| {
            let words = rng.between(8, 19);
            sentence(rng, words)
        })
        .collect();
    out.join(" ")
}

pub struct Municipality {
    pub id: String,
    pub name: String,
}

/// Sweden's real municipalities (built into the generator), so cases name them
/// as a real library's do.
fn municipalities() -> Vec<Municipality> {
    rotsystem::places::all()
        .iter()
        .map(|p| Municipality {
            id: p.id.to_string(),
            name: p.name.to_string(),
        })
        .collect()
}

/// Writes a complete site (book.toml and content/) with `cases` cases under `root`.
pub fn generate(root: &Path, cases: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let content = root.join("content");
    for dir in ["cases", "factors", "steps", "pages"] {
        std::fs::create_dir_all(content.join(dir))?;
    }
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Syntetiskt bibliotek\"\n\n[output.html]\nsite-url = \"https://synt.example/\"\n",
    )?;
    for (terms, dir) in [(FACTORS, "factors"), (STEPS, "steps")] {
        for (i, id) in terms.iter().enumerate() {
            let text = format!(
                "---\nname: {id}\norder: {}\ndescription: {}\nsources:\n  - title: Syntetisk källa\n---\n\n## Vad det innebär\n\n{}\n",
                i + 1,
                sentence(&mut rng, 8),
                paragraph(&mut rng)
            );
            std::fs::write(content.join(dir).join(format!("{id}.md")), text)?;
        }
    }
    let munis = municipalities();
    // The library's own words about a few of them: a population figure each.
    let mut yaml = String::new();
    for (i, m) in munis.iter().enumerate().step_by(29) {
        let _ = write!(
            yaml,
            "- name: {}\n  population:\n    - {{ value: {}, year: 2012, source: Syntetisk källa }}\n",
            m.name,
            5000 + 317 * i
        );
    }
    std::fs::write(content.join("municipalities.yaml"), yaml)?;
    for n in 0..cases {
        let muni = &munis[rng.below(munis.len())];
        let text = case(&mut rng, n, muni);
        std::fs::write(content.join("cases").join(format!("fall-{n:05}.md")), text)?;
    }
    Ok(())
}

/// One case file: front matter as the library writes it, then its sections. A size
/// factor per case spreads the files from about 3 KB to 11 KB around a 7 KB median,
/// as the library's own are spread.
fn case(rng: &mut Rng, n: usize, muni: &Municipality) -> String {
    let size = rng.between(1, 5);
    let mut factors: Vec<&str> = Vec::new();
    let wanted = rng.between(2, 5);
    while factors.len() < wanted {
        let f = rng.pick(FACTORS);
        if !factors.contains(&f) {
            factors.push(f);
        }
    }
    let steps: Vec<&str> = (0..rng.below(3))
        .map(|_| rng.pick(STEPS))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let year = 2000 + rng.below(25);
    let mut t = format!(
        "---\ntitle: {} i {}\nsummary: {} {}\nyear: {year}\nmunicipalities: [{}]\n",
        sentence(rng, 4).trim_end_matches('.'),
        muni.name,
        sentence(rng, 16),
        sentence(rng, 12),
        muni.id
    );
    if rng.below(3) == 0 {
        let _ = writeln!(t, "period: från {}", year - rng.between(1, 6));
    }
    t.push_str("factors:\n");
    for f in &factors {
        let words = rng.between(8, 16);
        let _ = writeln!(t, "  - id: {f}\n    note: {}", sentence(rng, words));
    }
    let count = rng.between(4, 8);
    let keywords: Vec<String> = (0..count).map(|_| rng.pick(NOUNS).to_string()).collect();
    let _ = writeln!(
        t,
        "steps: [{}]\nkeywords: [{}]",
        steps.join(", "),
        keywords.join(", ")
    );
    if rng.below(5) < 2 {
        let question = sentence(rng, 10);
        let _ = writeln!(
            t,
            "key_question: {}?\nkey_answer: {}",
            question.trim_end_matches('.'),
            sentence(rng, 14)
        );
    }
    if rng.below(3) == 0 {
        let _ = writeln!(t, "awards:\n  - {} {}", rng.pick(AWARDS), year + rng.below(4));
    }
    t.push_str("facts:\n");
    for _ in 0..rng.between(1, 3) {
        let (label, value) = (rng.pick(FACT_LABELS), 1000 + rng.below(90_000));
        let _ = writeln!(t, "  - {{ label: {label}, value: \"{value} ({year})\" }}");
    }
    let _ = writeln!(
        t,
        "sources:\n  - title: Syntetisk källa {n}\n    section: \"{}.{} {}\"\n---",
        1 + rng.below(4),
        1 + rng.below(12),
        muni.name
    );
    body(rng, &mut t, size, &factors, &steps);
    t
}

/// The library's sections: background, what they did (bold-led paragraphs), results
/// and lessons as lists, the challenges with links to the factors' pages.
fn body(rng: &mut Rng, t: &mut String, size: usize, factors: &[&str], steps: &[&str]) {
    t.push_str("\n## Bakgrund och utmaning\n");
    for _ in 0..1 + size.div_ceil(2) {
        let _ = write!(t, "\n{}\n", paragraph(rng));
    }
    t.push_str("\n## Vad de gjorde\n");
    for _ in 0..2 + size {
        let words = rng.between(2, 4);
        let lead = sentence(rng, words);
        let _ = write!(t, "\n**{lead}** {}\n", paragraph(rng));
    }
    t.push_str("\n## Resultat\n\n");
    for _ in 0..rng.between(3, 5) {
        let words = rng.between(10, 22);
        let _ = writeln!(t, "- {}", sentence(rng, words));
    }
    if rng.below(5) < 3 {
        t.push_str("\n## Utmaningar och framgångsfaktorer\n");
        for f in factors.iter().take(2) {
            let lead = sentence(rng, 10);
            let _ = write!(
                t,
                "\n{} [{}](../factors/{f}.md). {}\n",
                lead.trim_end_matches('.'),
                rng.pick(NOUNS),
                paragraph(rng)
            );
        }
    }
    t.push_str("\n## Lärdomar\n\n");
    for _ in 0..rng.between(3, 4) {
        let words = rng.between(12, 24);
        let _ = writeln!(t, "- {}", sentence(rng, words));
    }
    if let Some(step) = steps.first() {
        let lead = sentence(rng, 12);
        let _ = writeln!(
            t,
            "- {} [{}](../steps/{step}.md).",
            lead.trim_end_matches('.'),
            rng.pick(NOUNS)
        );
    }
}
