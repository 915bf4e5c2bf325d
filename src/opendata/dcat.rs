//! The DCAT-AP-SE catalogue: `/data/katalog.rdf` (RDF/XML, what Sveriges dataportal
//! harvests) and the same graph as `/data/katalog.jsonld`.
//!
//! One `dcat:Catalog` published by the `[library.publisher]`, one `dcat:Dataset` (the
//! cases) with a `dcat:Distribution` per format, each with the licence. The graph is
//! built once as a list of nodes and written in both syntaxes from it, so the two
//! files cannot say different things. Which properties DCAT-AP-SE makes mandatory is
//! listed in the test that checks them (`tests/integration/opendata.rs`).

use serde_json::{json, Map, Value};

use crate::config::license;
use crate::config::publisher::Complete;
use crate::site::Site;

const NAMESPACES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
];

/// The catalogue's words in one language.
pub struct Words {
    pub lang: &'static str,
    pub catalog_title: String,
    pub catalog_description: String,
    pub dataset_title: String,
    pub dataset_description: String,
    pub json_title: String,
    pub csv_title: String,
    pub contact: String,
}

enum Object {
    Iri(String),
    Text(String, &'static str),
    Plain(String),
    Date(String),
}

struct Node {
    iri: String,
    class: &'static str,
    props: Vec<(&'static str, Object)>,
}

impl Node {
    fn new(iri: String, class: &'static str) -> Node {
        Node {
            iri,
            class,
            props: Vec::new(),
        }
    }

    fn iri(mut self, p: &'static str, o: impl Into<String>) -> Node {
        self.props.push((p, Object::Iri(o.into())));
        self
    }

    fn plain(mut self, p: &'static str, o: impl Into<String>) -> Node {
        self.props.push((p, Object::Plain(o.into())));
        self
    }

    /// The same property in each language of `words`.
    fn texts(mut self, p: &'static str, words: &[Words], f: impl Fn(&Words) -> &String) -> Node {
        for w in words {
            self.props.push((p, Object::Text(f(w).clone(), w.lang)));
        }
        self
    }
}

/// The catalogue as nodes. `publisher` has passed `config::publisher::check`,
/// which also made sure the licence is set.
fn graph(site: &Site, origin: &str, publisher: &Complete, words: &[Words]) -> Vec<Node> {
    let c = &site.config;
    let data = format!("{origin}{}{}", site.base(), super::DIR);
    let license = c
        .book
        .license
        .as_deref()
        .and_then(license::find)
        .map_or(String::new(), |l| l.url.to_string());
    let agent = format!("{data}#utgivare");
    let contact = format!("{data}#kontakt");
    let dataset = format!("{data}#fall");
    let distributions = [
        ("fall.json", "application/json", super::schema::CASES),
        ("fall.csv", "text/csv", ""),
    ];
    let swedish = "http://publications.europa.eu/resource/authority/language/SWE";
    let date = c.library.date.clone();

    let mut catalog = Node::new(format!("{data}#katalog"), "dcat:Catalog")
        .texts("dcterms:title", words, |w| &w.catalog_title)
        .texts("dcterms:description", words, |w| &w.catalog_description)
        .iri("dcterms:publisher", &agent)
        .iri("dcterms:license", &license)
        .iri("dcterms:language", swedish)
        .iri("foaf:homepage", format!("{origin}{}", site.base()))
        .iri("dcat:dataset", &dataset);
    let mut set = Node::new(dataset.clone(), "dcat:Dataset")
        .texts("dcterms:title", words, |w| &w.dataset_title)
        .texts("dcterms:description", words, |w| &w.dataset_description)
        .iri("dcterms:publisher", &agent)
        .iri("dcat:contactPoint", &contact)
        .iri("dcat:landingPage", &data)
        .iri("dcterms:language", swedish)
        .iri(
            "dcat:theme",
            "http://publications.europa.eu/resource/authority/data-theme/GOVE",
        )
        .iri(
            "dcterms:accessRights",
            "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        );
    if let Some(d) = &date {
        catalog.props.push(("dcterms:modified", Object::Date(d.clone())));
        set.props.push(("dcterms:modified", Object::Date(d.clone())));
    }
    let mut nodes = Vec::new();
    let mut files = Vec::new();
    for (name, media_type, schema) in distributions {
        let url = format!("{data}{name}");
        set = set.iri("dcat:distribution", format!("{data}#{name}"));
        let mut d = Node::new(format!("{data}#{name}"), "dcat:Distribution")
            .texts("dcterms:title", words, |w| {
                if media_type == "text/csv" {
                    &w.csv_title
                } else {
                    &w.json_title
                }
            })
            .iri("dcat:accessURL", &url)
            .iri("dcat:downloadURL", &url)
            .plain("dcterms:format", media_type)
            .iri(
                "dcat:mediaType",
                format!("https://www.iana.org/assignments/media-types/{media_type}"),
            )
            .iri("dcterms:license", &license);
        if !schema.is_empty() {
            d = d.iri("dcterms:conformsTo", format!("{data}schema/{schema}"));
        }
        files.push(d);
    }
    let mut agent_node = Node::new(agent, "foaf:Organization")
        .plain("foaf:name", publisher.name)
        .iri(
            "dcterms:type",
            format!("http://purl.org/adms/publishertype/{}", publisher.kind),
        );
    if let Some(u) = publisher.url {
        agent_node = agent_node.iri("foaf:homepage", u);
    }
    let contact_node = Node::new(contact, "vcard:Organization")
        .texts("vcard:fn", words, |w| &w.contact)
        .iri("vcard:hasEmail", format!("mailto:{}", publisher.email));
    nodes.push(catalog);
    nodes.push(set);
    nodes.extend(files);
    nodes.push(agent_node);
    nodes.push(contact_node);
    nodes
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The catalogue as RDF/XML.
pub fn rdf_xml(site: &Site, origin: &str, publisher: &Complete, words: &[Words]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF");
    for (prefix, ns) in NAMESPACES {
        out.push_str(&format!("\n    xmlns:{prefix}=\"{ns}\""));
    }
    out.push_str(">\n");
    for node in graph(site, origin, publisher, words) {
        out.push_str(&format!("  <{} rdf:about=\"{}\">\n", node.class, xml(&node.iri)));
        for (p, o) in &node.props {
            let line = match o {
                Object::Iri(iri) => format!("<{p} rdf:resource=\"{}\"/>", xml(iri)),
                Object::Text(t, lang) => format!("<{p} xml:lang=\"{lang}\">{}</{p}>", xml(t)),
                Object::Plain(t) => format!("<{p}>{}</{p}>", xml(t)),
                Object::Date(d) => format!(
                    "<{p} rdf:datatype=\"http://www.w3.org/2001/XMLSchema#date\">{}</{p}>",
                    xml(d)
                ),
            };
            out.push_str(&format!("    {line}\n"));
        }
        out.push_str(&format!("  </{}>\n", node.class));
    }
    out.push_str("</rdf:RDF>\n");
    out
}

/// The same graph as JSON-LD.
pub fn json_ld(site: &Site, origin: &str, publisher: &Complete, words: &[Words]) -> String {
    let context: Map<String, Value> = NAMESPACES
        .iter()
        .filter(|(p, _)| *p != "rdf")
        .map(|(p, ns)| (p.to_string(), json!(ns)))
        .collect();
    let graph: Vec<Value> = graph(site, origin, publisher, words)
        .into_iter()
        .map(|node| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(node.iri));
            m.insert("@type".into(), json!(node.class));
            for (p, o) in node.props {
                let v = match o {
                    Object::Iri(iri) => json!({"@id": iri}),
                    Object::Text(t, lang) => json!({"@value": t, "@language": lang}),
                    Object::Plain(t) => json!(t),
                    Object::Date(d) => json!({"@value": d, "@type": "http://www.w3.org/2001/XMLSchema#date"}),
                };
                match m.get_mut(p) {
                    Some(Value::Array(list)) => list.push(v),
                    Some(one) => *one = json!([one.take(), v]),
                    None => {
                        m.insert(p.into(), v);
                    }
                }
            }
            Value::Object(m)
        })
        .collect();
    let doc = json!({"@context": context, "@graph": graph});
    serde_json::to_string_pretty(&doc).expect("catalogue serializes") + "\n"
}
