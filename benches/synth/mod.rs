//! A synthetic corpus: N Swedish-like cases with random factors, steps and
//! municipalities, for benchmarks. Deterministic for a given seed, with no
//! dependency beyond std, so every benchmark (build, search, serve) shares it.

use std::fmt::Write as _;
use std::path::Path;

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

const WORDS: &[&str] = &[
    "kommun",
    "medborgare",
    "dialog",
    "innovation",
    "samverkan",
    "förvaltning",
    "arbetet",
    "utveckling",
    "ledning",
    "politiker",
    "tjänst",
    "välfärd",
    "skola",
    "äldreomsorg",
    "näringsliv",
    "kultur",
    "region",
    "projekt",
    "idé",
    "medarbetare",
    "brukare",
    "förändring",
    "tillit",
    "resurser",
    "budget",
    "styrning",
    "kunskap",
    "forskning",
    "plattform",
    "undersökning",
    "berättelse",
    "framtid",
    "landsbygd",
    "stad",
    "gränsen",
    "handel",
    "turism",
    "bostäder",
    "miljö",
    "klimat",
    "energi",
    "trafik",
    "digitalisering",
    "service",
    "kvalitet",
    "uppföljning",
    "erfarenheter",
    "lärande",
    "nätverk",
    "föreningar",
    "ungdomar",
    "barn",
    "familjer",
    "företag",
    "arbetsplatser",
    "och",
    "med",
    "för",
    "som",
    "att",
    "på",
    "av",
    "till",
    "i",
    "har",
    "var",
    "blev",
    "kunde",
    "skulle",
    "genom",
    "tillsammans",
    "nya",
    "många",
    "flera",
    "stora",
    "små",
    "lokala",
    "gemensamma",
    "öppna",
    "starka",
    "tydliga",
    "snabbt",
    "långsiktigt",
    "också",
    "redan",
    "därför",
    "under",
    "efter",
    "mellan",
    "utan",
    "både",
];

const PARTS: &[&str] = &[
    "medborgar",
    "innovations",
    "kultur",
    "skol",
    "omsorgs",
    "närings",
    "bostads",
    "miljö",
    "trafik",
    "kunskaps",
    "service",
    "dialog",
    "plattform",
    "projekt",
    "utvecklings",
    "lednings",
    "arbets",
    "framtids",
    "stads",
    "by",
];

const HEADS: &[&str] = &[
    "undersökningar",
    "plattformen",
    "arbetet",
    "satsningen",
    "huset",
    "rådet",
    "kontoret",
    "programmet",
    "planen",
    "mötet",
    "gruppen",
    "centret",
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
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

fn word(rng: &mut Rng) -> String {
    if rng.below(8) == 0 {
        format!("{}{}", rng.pick(PARTS), rng.pick(HEADS))
    } else {
        rng.pick(WORDS).to_string()
    }
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<String> = (0..words).map(|_| word(rng)).collect();
    let first = s[0].clone();
    let mut chars = first.chars();
    s[0] = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    s.join(" ") + "."
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 3 + rng.below(3);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let words = 8 + rng.below(10);
        out.push(sentence(rng, words));
    }
    out.join(" ")
}

pub struct Municipality {
    pub id: String,
    pub name: String,
}

/// Sweden's real municipalities (built into the generator), so cases name them
/// as a real library's do.
fn municipalities(n: usize) -> Vec<Municipality> {
    rotsystem::places::all()
        .iter()
        .take(n)
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
    let munis = municipalities(290);
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
        let mut factors: Vec<&str> = Vec::new();
        for _ in 0..1 + rng.below(5) {
            let f = rng.pick(FACTORS);
            if !factors.contains(&f) {
                factors.push(f);
            }
        }
        let mut text = format!(
            "---\ntitle: {}\nsummary: {}\nyear: {}\nmunicipalities: [{}]\nfactors:\n",
            sentence(&mut rng, 4).trim_end_matches('.'),
            sentence(&mut rng, 18),
            2000 + rng.below(25),
            munis[rng.below(munis.len())].id
        );
        for f in &factors {
            let _ = writeln!(text, "  - id: {f}\n    note: {}", sentence(&mut rng, 12));
        }
        let steps: Vec<&str> = (0..rng.below(3))
            .map(|_| rng.pick(STEPS))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let keywords: Vec<String> = (0..3).map(|_| word(&mut rng)).collect();
        let _ = write!(
            text,
            "steps: [{}]\nkeywords: [{}]\nsources:\n  - title: Syntetisk källa {n}\n---\n",
            steps.join(", "),
            keywords.join(", ")
        );
        for heading in ["Bakgrund och utmaning", "Vad de gjorde", "Resultat", "Lärdomar"] {
            let _ = write!(
                text,
                "\n## {heading}\n\n{}\n\n{}\n",
                paragraph(&mut rng),
                paragraph(&mut rng)
            );
        }
        std::fs::write(content.join("cases").join(format!("fall-{n:05}.md")), text)?;
    }
    Ok(())
}
