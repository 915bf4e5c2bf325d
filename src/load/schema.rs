//! The front-matter schema: what editors may write, as strict serde structs.
//!
//! These types are the editors' contract (documented in `docs/content-model.md`).
//! Every struct denies unknown keys; site-specific data goes in `extra`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::vocabulary::CaseKey;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseMeta {
    pub title: String,
    pub summary: String,
    /// Optional because some sources are undated; a case never gets a guessed year.
    #[serde(default)]
    pub year: Option<i32>,
    /// Overrides the file name as the URL slug, to keep old links alive after a rename.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub municipalities: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    pub factors: Vec<FactorRef>,
    #[serde(default)]
    pub steps: Vec<String>,
    pub keywords: Vec<String>,
    #[serde(default)]
    pub key_question: Option<String>,
    #[serde(default)]
    pub key_answer: Option<String>,
    #[serde(default)]
    pub awards: Vec<String>,
    #[serde(default)]
    pub facts: Vec<Fact>,
    pub sources: Vec<Source>,
    /// When an editor last read the case against its sources, `YYYY-MM-DD`; `check`
    /// warns when it is missing or old (`quality::reviewed`).
    #[serde(default)]
    pub reviewed: Option<String>,
    /// Terms of the vocabularies a site declares in `book.toml`, by vocabulary id.
    #[serde(default)]
    pub terms: BTreeMap<String, Vec<FactorRef>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl CaseMeta {
    /// The case's terms of the vocabulary a case names under `key`, each with its note.
    pub fn terms_of<'a>(
        &'a self,
        key: &CaseKey,
    ) -> Box<dyn Iterator<Item = (&'a str, Option<&'a str>)> + 'a> {
        let noted = |list: &'a [FactorRef]| list.iter().map(|f| (f.id.as_str(), f.note.as_deref()));
        match key {
            CaseKey::Factors => Box::new(noted(&self.factors)),
            CaseKey::Steps => Box::new(self.steps.iter().map(|s| (s.as_str(), None))),
            CaseKey::Terms(id) => Box::new(self.terms.get(id).into_iter().flat_map(move |l| noted(l))),
        }
    }
}

/// A factor or step page's front matter: the model's vocabulary is data, not code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermMeta {
    pub name: String,
    pub order: u32,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub description: String,
    #[serde(default)]
    pub questions: Vec<String>,
    pub sources: Vec<Source>,
    /// Self-assessment statements (factors only), each rated 1–5 on /sjalvskattning/.
    #[serde(default)]
    pub statements: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A workshop collection's front matter (`content/samlingar/<slug>.md`): a trainer's
/// chosen cases, in order, with what they cover and what to discuss. The body is the
/// introduction.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionMeta {
    pub title: String,
    /// One or two sentences, for the listing and the meta description.
    pub summary: String,
    /// Who the workshop is for: "Chefer och förtroendevalda".
    pub audience: String,
    /// How long it takes: "En halv dag (3,5 timmar)".
    pub duration: String,
    /// The cases by slug, in the order they are discussed, each with an optional note
    /// on why it is there.
    pub cases: Vec<FactorRef>,
    pub factors: Vec<String>,
    #[serde(default)]
    pub steps: Vec<String>,
    pub questions: Vec<String>,
    pub sources: Vec<Source>,
}

/// A municipality as the site knows it: the built-in reference data
/// (`crate::places`) with what `content/municipalities.yaml` says about it.
#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    pub id: String,
    pub name: String,
    pub kommunkod: String,
    pub lan: String,
    pub coordinates: Coordinates,
    pub population: Vec<Population>,
}

impl Municipality {
    /// The reference data alone, before the library says anything.
    pub fn of(p: &crate::places::Place) -> Municipality {
        Municipality {
            id: p.id.to_string(),
            name: p.name.to_string(),
            kommunkod: p.code.to_string(),
            lan: p.county.to_string(),
            coordinates: Coordinates {
                lat: p.lat,
                lon: p.lon,
            },
            population: Vec::new(),
        }
    }
}

/// An entry of `content/municipalities.yaml`: which municipality (by any of `id`,
/// `kommunkod` or `name`, which must agree) and what the library says about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityEntry {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub kommunkod: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub population: Vec<Population>,
}

impl MunicipalityEntry {
    /// The position in `crate::places::all()` of the municipality the entry names
    /// (by kommunkod, else id, else name); validation reports entries that disagree.
    pub fn place(&self) -> Option<usize> {
        let places = crate::places::all();
        let by = |value: &Option<String>, key: fn(&crate::places::Place) -> &str| {
            let value = value.as_deref()?;
            places.iter().position(|p| key(p) == value)
        };
        by(&self.kommunkod, |p| p.code)
            .or_else(|| by(&self.id, |p| p.id))
            .or_else(|| by(&self.name, |p| p.name))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    pub value: u64,
    pub year: i32,
    #[serde(default)]
    pub approx: bool,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub label: String,
    #[serde(deserialize_with = "text_or_number")]
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub page: Option<String>,
    #[serde(default)]
    pub section: Option<String>,
}

/// A case's link to a factor (or a term of a declared vocabulary), or a collection's
/// link to a case: a bare id, or `{id, note}`.
#[derive(Debug, Clone, Serialize)]
pub struct FactorRef {
    pub id: String,
    pub note: Option<String>,
}

impl<'de> Deserialize<'de> for FactorRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Written by hand because an untagged enum would replace every precise
        // error ("unknown field `not`") with "did not match any variant".
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FactorRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id, or a map with `id` and `note`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FactorRef, E> {
                Ok(FactorRef {
                    id: v.to_string(),
                    note: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FactorRef, A::Error> {
                let (mut id, mut note) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => id = Some(map.next_value::<String>()?),
                        "note" => note = Some(map.next_value::<String>()?),
                        other => return Err(de::Error::unknown_field(other, &["id", "note"])),
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                Ok(FactorRef { id, note })
            }
        }
        d.deserialize_any(V)
    }
}

struct TextOrNumber;

impl<'de> Visitor<'de> for TextOrNumber {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(TextOrNumber)
}

fn opt_text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextOrNumber).map(Some)
}
