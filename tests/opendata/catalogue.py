"""Reads the DCAT catalogue of a built site as RDF, in both syntaxes.

    python3 catalogue.py <built site dir> '<json: [[class, property], ...]>'

Parses data/katalog.rdf (RDF/XML) and data/katalog.jsonld (JSON-LD) with rdflib,
fails unless the two graphs are isomorphic, and prints as JSON, for each
[class, property] asked (prefixed names), how many nodes of the class there are and
how many of them lack the property.
"""
import json
import pathlib
import sys

from rdflib import Graph, Namespace, RDF
from rdflib.compare import isomorphic

out = pathlib.Path(sys.argv[1])
xml = Graph().parse(out / "data/katalog.rdf", format="xml")
ld = Graph().parse(out / "data/katalog.jsonld", format="json-ld")
if not isomorphic(xml, ld):
    print("katalog.rdf and katalog.jsonld are different graphs")
    sys.exit(1)
ns = {
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "vcard": Namespace("http://www.w3.org/2006/vcard/ns#"),
}


def term(name):
    prefix, local = name.split(":")
    return ns[prefix][local]


report = {"triples": len(xml)}
for cls, prop in json.loads(sys.argv[2]):
    nodes = list(xml.subjects(RDF.type, term(cls)))
    lacking = [str(n) for n in nodes if (n, term(prop), None) not in xml]
    langs = sorted({o.language for n in nodes for o in xml.objects(n, term(prop)) if getattr(o, "language", None)})
    report[f"{cls} {prop}"] = {"nodes": len(nodes), "lacking": lacking, "languages": langs}
print(json.dumps(report, sort_keys=True))
