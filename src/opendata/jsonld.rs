//! Linked data on every page: schema.org JSON-LD for `<script type="application/ld+json">`.
//!
//! A case is an `Article` whose `about` are its factors and whose `mentions` are its
//! steps, each a `DefinedTerm` in its vocabulary's `DefinedTermSet`; its
//! municipalities are its `spatialCoverage`, each an `AdministrativeArea` with the
//! kommunkod as `identifier`; its sources are its `citation`. Every `@id` is the
//! absolute address of a page of the site, so the identifiers are as stable as the
//! URLs. Any other page is a `WebPage` of the `WebSite`.
//!
//! The element is data, not script, but the HTML parser still ends it at the first
//! `</script`: `script_text` writes `<`, `>` and `&` as JSON escapes, which leaves the
//! value the same and puts nothing in the element that the parser could read as a tag.

use serde_json::{json, Map, Value};

use crate::site::Site;
use crate::urls;
use crate::vocabulary::{FACTORS, STEPS};

/// The JSON as the element's text: compact, with every `<`, `>` and `&` escaped. In
/// JSON these characters can only stand inside strings, where `\u003c` means the same.
pub fn script_text(value: &Value) -> String {
    let s = serde_json::to_string(value).expect("JSON-LD serializes");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

const CONTEXT: &str = "https://schema.org";

fn website(site: &Site, origin: &str) -> Value {
    let c = &site.config;
    let mut w = json!({
        "@type": "WebSite",
        "@id": format!("{origin}{}", site.base()),
        "name": c.book.title,
        "inLanguage": c.book.language,
    });
    if let Some(l) = c.book.license.as_deref().and_then(crate::config::license::find) {
        w["license"] = json!(l.url);
    }
    if let Some(p) = c.library.publisher.as_ref().and_then(|p| p.complete()) {
        w["publisher"] = json!({"@type": "Organization", "name": p.name});
    }
    w
}

/// Any page: a `WebPage` of the site.
pub fn web_page(site: &Site, origin: &str, url: &str, title: &str, description: &str) -> Value {
    let mut page = json!({
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": format!("{origin}{url}"),
        "url": format!("{origin}{url}"),
        "name": title,
        "inLanguage": site.config.book.language,
        "isPartOf": website(site, origin),
    });
    if !description.is_empty() {
        page["description"] = json!(description);
    }
    page
}

/// The set a vocabulary's terms belong to: its overview page.
fn term_set(site: &Site, origin: &str, v: usize, name: &str) -> Value {
    json!({
        "@type": "DefinedTermSet",
        "@id": format!("{origin}{}", urls::vocabulary(&site.base(), &site.vocabularies[v].spec.url)),
        "name": name,
    })
}

fn defined_term(site: &Site, origin: &str, v: usize, t: usize, set: Value) -> Value {
    let term = &site.vocabularies[v].terms[t];
    json!({
        "@type": "DefinedTerm",
        "@id": format!("{origin}{}", term.url),
        "name": term.doc.meta.name,
        "termCode": term.doc.slug,
        "inDefinedTermSet": set,
    })
}

/// A case's page. `set_name` names each vocabulary's `DefinedTermSet`.
pub fn case(site: &Site, origin: &str, i: usize, set_name: &dyn Fn(usize) -> String) -> Value {
    let e = &site.cases[i];
    let m = &e.doc.meta;
    let terms_of = |v: usize| -> Vec<Value> {
        let vocabulary = &site.vocabularies[v];
        let set = json!({"@id": term_set(site, origin, v, "")["@id"]});
        m.terms_of(&vocabulary.spec.case_key)
            .filter_map(|(id, _)| vocabulary.terms.iter().position(|t| t.doc.slug == id))
            .map(|t| defined_term(site, origin, v, t, set.clone()))
            .collect()
    };
    let base = site.base();
    let places: Vec<Value> = m
        .municipalities
        .iter()
        .filter_map(|id| site.municipality_pos(id))
        .map(|k| {
            let k = &site.municipalities[k];
            json!({
                "@type": "AdministrativeArea",
                "@id": format!("{origin}{}", urls::municipality(&base, &k.id)),
                "name": k.name,
                "identifier": {"@type": "PropertyValue", "propertyID": "kommunkod", "value": k.kommunkod},
                "containedInPlace": {"@type": "AdministrativeArea", "name": k.lan},
            })
        })
        .collect();
    let citations: Vec<Value> = m
        .sources
        .iter()
        .map(|s| {
            let mut c = json!({"@type": "CreativeWork", "name": s.title});
            if let Some(u) = s
                .url
                .as_deref()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            {
                c["url"] = json!(u);
            }
            if let Some(p) = &s.page {
                c["pagination"] = json!(p);
            }
            c
        })
        .collect();
    let mut a = json!({
        "@context": CONTEXT,
        "@type": "Article",
        "@id": format!("{origin}{}", e.url),
        "url": format!("{origin}{}", e.url),
        "headline": m.title,
        "name": m.title,
        "description": m.summary,
        "inLanguage": site.config.book.language,
        "isPartOf": website(site, origin),
        "about": terms_of(FACTORS),
        "mentions": terms_of(STEPS),
        "spatialCoverage": places,
        "citation": citations,
        "keywords": m.keywords.join(", "),
    });
    let map = a.as_object_mut().expect("object");
    if let Some(y) = m.year {
        map.insert("temporalCoverage".into(), json!(y.to_string()));
    }
    if let Some(l) = site
        .config
        .book
        .license
        .as_deref()
        .and_then(crate::config::license::find)
    {
        map.insert("license".into(), json!(l.url));
    }
    // The sets the terms belong to, named once, so a reader of this page alone
    // learns what the term identifiers are part of.
    let sets: Vec<Value> = [FACTORS, STEPS]
        .iter()
        .map(|&v| term_set(site, origin, v, &set_name(v)))
        .collect();
    wrap(a, sets)
}

/// A page's main node together with nodes it refers to, as one `@graph`.
fn wrap(mut main: Value, others: Vec<Value>) -> Value {
    let context = main
        .as_object_mut()
        .and_then(|m| m.remove("@context"))
        .unwrap_or(json!(CONTEXT));
    let mut graph = vec![main];
    graph.extend(others);
    let mut out = Map::new();
    out.insert("@context".into(), context);
    out.insert("@graph".into(), Value::Array(graph));
    Value::Object(out)
}

/// A term's page: the term, in its set.
pub fn term(site: &Site, origin: &str, v: usize, t: usize, set_name: &str) -> Value {
    let term = &site.vocabularies[v].terms[t];
    let mut d = defined_term(site, origin, v, t, term_set(site, origin, v, set_name));
    let map = d.as_object_mut().expect("object");
    map.insert("@context".into(), json!(CONTEXT));
    map.insert("url".into(), json!(format!("{origin}{}", term.url)));
    map.insert("description".into(), json!(term.doc.meta.description));
    d
}

/// A vocabulary's overview page: the set with all its terms.
pub fn vocabulary(site: &Site, origin: &str, v: usize, name: &str) -> Value {
    let mut set = term_set(site, origin, v, name);
    let own = json!({"@id": set["@id"]});
    let terms: Vec<Value> = (0..site.vocabularies[v].terms.len())
        .map(|t| defined_term(site, origin, v, t, own.clone()))
        .collect();
    let map = set.as_object_mut().expect("object");
    map.insert("@context".into(), json!(CONTEXT));
    map.insert("url".into(), own["@id"].clone());
    map.insert("hasDefinedTerm".into(), Value::Array(terms));
    set
}
