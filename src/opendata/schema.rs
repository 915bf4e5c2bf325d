//! The JSON Schemas (draft 2020-12) published beside the data files, in
//! `/data/schema/`. They are built here from the same pieces, so the case inside
//! the all-cases file is described once; a test validates every data file against
//! its schema with a real validator.

use serde_json::{json, Value};

pub const CASE: &str = "fall.schema.json";
pub const CASES: &str = "fall-alla.schema.json";
pub const TERMS: &str = "termer.schema.json";
pub const MUNICIPALITIES: &str = "kommuner.schema.json";

/// Every schema's file name, in the order the `/data/` page lists them.
pub const ALL: [&str; 4] = [CASE, CASES, TERMS, MUNICIPALITIES];

fn text() -> Value {
    json!({"type": "string"})
}

fn texts() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn opt(v: Value) -> Value {
    json!({"anyOf": [v, {"type": "null"}]})
}

fn url() -> Value {
    json!({"type": "string", "format": "uri", "pattern": "^https?://"})
}

fn object(properties: Value) -> Value {
    let required: Vec<String> = properties
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect();
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn sources() -> Value {
    json!({"type": "array", "items": {
        "type": "object",
        "properties": {"title": text(), "url": opt(text()), "page": opt(text()), "section": opt(text())},
        "required": ["title"],
        "additionalProperties": false
    }})
}

fn term_ref() -> Value {
    object(json!({
        "id": text(),
        "name": text(),
        "order": {"type": "integer", "minimum": 0},
        "url": url(),
        "note": opt(text())
    }))
}

fn case() -> Value {
    let refs = json!({"type": "array", "items": term_ref()});
    object(json!({
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "url": url(),
        "title": text(),
        "summary": text(),
        "year": opt(json!({"type": "integer"})),
        "period": opt(text()),
        "organisation": opt(text()),
        "municipalities": {"type": "array", "items": object(json!({
            "id": text(),
            "name": text(),
            "kommunkod": {"type": "string", "pattern": "^[0-9]{4}$"},
            "county": text(),
            "url": url()
        }))},
        "places": texts(),
        "factors": refs,
        "steps": refs,
        "terms": {"type": "object", "additionalProperties": refs},
        "keywords": texts(),
        "key_question": opt(text()),
        "key_answer": opt(text()),
        "awards": texts(),
        "facts": {"type": "array", "items": object(json!({"label": text(), "value": text()}))},
        "sources": sources(),
        "extra": {"type": "object"},
        "body": text()
    }))
}

fn term() -> Value {
    object(json!({
        "id": text(),
        "name": text(),
        "order": {"type": "integer", "minimum": 0},
        "url": url(),
        "aliases": texts(),
        "description": text(),
        "questions": texts(),
        "sources": sources(),
        "body": text(),
        "cases": texts()
    }))
}

fn municipality() -> Value {
    object(json!({
        "id": text(),
        "name": text(),
        "kommunkod": {"type": "string", "pattern": "^[0-9]{4}$"},
        "county": text(),
        "coordinates": object(json!({"lat": {"type": "number"}, "lon": {"type": "number"}})),
        "population": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "value": {"type": "integer", "minimum": 0},
                "year": {"type": "integer"},
                "approx": {"type": "boolean"},
                "source": opt(text())
            },
            "required": ["value", "year"],
            "additionalProperties": false
        }},
        "url": url(),
        "cases": texts()
    }))
}

/// The schema `name` as published at `id` (its own absolute URL).
pub fn schema(name: &str, id: &str) -> Value {
    let (title, body) = match name {
        CASE => ("Ett fall", json!({"case": case()})),
        CASES => ("Alla fall", json!({"cases": {"type": "array", "items": case()}})),
        TERMS => (
            "En vokabulär: faktorer, steg eller annan",
            json!({"vocabulary": text(), "terms": {"type": "array", "items": term()}}),
        ),
        _ => (
            "Kommuner som fallen nämner",
            json!({"municipalities": {"type": "array", "items": municipality()}}),
        ),
    };
    let mut properties = json!({
        "$schema": url(),
        "library": text(),
        "site": url(),
        "license": opt(object(json!({"id": text(), "name": text(), "url": url()})))
    });
    let map = properties.as_object_mut().expect("object");
    map.extend(body.as_object().expect("object").clone());
    let mut s = object(properties);
    let s_map = s.as_object_mut().expect("object");
    s_map.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    s_map.insert("$id".into(), json!(id));
    s_map.insert("title".into(), json!(title));
    s
}

/// The schema as the file's bytes.
pub fn file(name: &str, id: &str) -> String {
    serde_json::to_string_pretty(&schema(name, id)).expect("schema serializes") + "\n"
}
