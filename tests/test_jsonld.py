"""vngreg/write/jsonld.py: compacted JSON-LD with our context that means the graph written, read
back by pyoxigraph and rdflib (tests/test_formats_meaning.py), for the built output and hand-made
nodes; the context's terms are the keys wherever they fit."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF

from tests.conftest import ROOT
from tests.test_formats_meaning import assert_same_graph, by_pyoxigraph, by_second_parser
from vngreg import nt
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.vocab import in_rdflib as ns
from vngreg.write import formats as write
from vngreg.write.jsonld import Compactor

DCTERMS, FOAF, GS, SKOS, VCARD = ns.DCTERMS, ns.FOAF, ns.GS, ns.SKOS, ns.VCARD

CONTEXT = write.load_context(ROOT / "ontology" / "context.jsonld")


def test_the_context_declares_json_ld_1_1_for_its_none_keys():
    assert CONTEXT["@context"]["@version"] == 1.1


def test_each_site_resource_means_what_its_turtle_means(built):
    pages = sorted((built / "site").rglob("*.jsonld"))
    assert len(pages) > 30
    for page in pages:
        turtle = by_pyoxigraph("register.ttl", page.with_suffix(".ttl").read_bytes())
        for parse in (by_pyoxigraph, by_second_parser):
            assert parse("register.jsonld", page.read_bytes()) == turtle, page


def test_the_register_uses_the_dutch_terms(built):
    doc = json.loads((built / "register.jsonld").read_bytes())
    keys = {key for node in doc["@graph"] for key in node}
    assert {"titel", "identificatie", "type", "id", "inBeheerBij", "categorie"} <= keys


# -- hand-made nodes ---------------------------------------------------------------------------

ID = "https://data.vng.nl/gemeentelijke-standaarden/id/standaard/"
A, B = nt.iri(ID + "a"), nt.iri(ID + "b")
EX = "http://example.org/"
THING = nt.iri(GS + "Ding")  # an IRI in our ontology's namespace: "gs:Ding"


def iri(value) -> str:
    return nt.iri(str(value))


def text(value: str, lang: str | None = None, datatype=None) -> str:
    return nt.literal(value, lang, str(datatype) if datatype else None)


TYPE, TITLE, CODE, CATEGORY = nt.RDF_TYPE, iri(DCTERMS.title), iri(SKOS.notation), iri(GS.categorie)
POSITION = iri("https://schema.org/position")
DATE, P = nt.XSD + "date", iri(EX + "p")
ODD_TEXTS = ["Súdwest-Fryslân € 🙂", 'say "hi"', "back\\slash", "tab\there", "bell\x07 nul\x00",
             "line\nbreak\r\n", "separator\u2028 soft\u00adhyphen", "del\x7f", "\\u00e9 is not é"]

# Documents the table writes alone.
TABLE_CASES = {
    "texts with non-ASCII, quotes, backslashes and control characters": [
        *[(A, TITLE, text(t, "nl")) for t in ODD_TEXTS],
        *[(A, iri(DCTERMS.identifier), text(t)) for t in ODD_TEXTS],
        *[(A, iri(DCTERMS.description), text(t)) for t in ODD_TEXTS[:3]],  # under "@none"
        *[(A, iri(GS.geldtVanaf), text(t, datatype=DATE)) for t in ODD_TEXTS],
        *[(A, iri(DCTERMS.modified), text(t, datatype=DATE)) for t in ODD_TEXTS],
        *[(A, P, text(t, "en")) for t in ODD_TEXTS], *[(A, P, text(t)) for t in ODD_TEXTS],
        (B, CODE, text("x\ty")), (B, iri(DCTERMS.description), text("één", "nl")),
        (B, TITLE, text("Ĳsselmeer", "nl-x-a1")), (B, TITLE, text('"\\\n', "nl-x-a1")),
    ],
    "IRIs that compact with a prefix, or do not": [
        (THING, CATEGORY, iri(DCTERMS.source)),         # "dct:source"
        (THING, CATEGORY, iri(DCTERMS)),                # a namespace itself stays whole
        (THING, TYPE, iri(VCARD.Kind)), (THING, TYPE, iri(EX + "Class")),
        (THING, TYPE, iri(SKOS.Concept)),               # a class term
        (THING, iri(GS.inBeheerBij), iri("https://example.org/café")),  # always an array
        (A, iri(FOAF.homepage), iri("urn:isbn:123")), (A, POSITION, text("7", datatype=nt.XSD + "integer")),
        (A, iri(DCTERMS.language), iri(EX + "nl")), (A, iri(DCTERMS.language), iri(EX + "en")),
    ],
    "predicates not in the context": [
        (A, iri(DCTERMS.modified), text("2024-01-02", datatype=DATE)),
        (A, P, text("plain")), (A, P, text("getagd", "nl")), (A, P, iri(EX + "o")),
        (A, P, text("1", datatype=EX + "dt")), (A, P, text("c", datatype=SKOS.Concept)),
        (A, iri(EX + "q"), B), (A, iri(RDF.value), text("1", datatype=nt.XSD + "integer")),
    ],
    "subjects whose N-Triples order is not their IRIs' order": [
        (nt.iri(ID + "haven"), CODE, text("1")), (nt.iri(ID + "haven-2"), CODE, text("2")),
        (nt.iri(ID + "haven/x"), CODE, text("3")), (nt.iri(ID + "haven.x"), CODE, text("4")),
    ],
    "one node: no @graph": [(A, TITLE, text("Eén", "nl")), (A, TYPE, iri(DCTERMS.Standard))],
    "no triples": [],
}

# Values their predicate's term does not fit: under the predicate's compact IRI.
NODE_CASES = {
    "a language text under a typed term": [(A, POSITION, text("1", "nl"))],
    "another datatype under a typed term": [(A, POSITION, text("1", datatype=nt.XSD + "decimal"))],
    "a literal under an IRI term": [(A, CATEGORY, text("api"))],
    "an IRI under a plain term": [(A, CODE, iri(EX + "x"))],
    "a language text under a plain term": [(A, CODE, text("x", "nl"))],
    "a typed text under a language map": [(A, TITLE, text("x", datatype=DATE))],
    "a string typed xsd:string": [(A, P, text("x", datatype=nt.XSD + "string"))],
    "a language tag pyld lowercases": [(A, TITLE, text("x", "nl-NL"))],
    "a JSON literal": [(A, P, text('{"a": [1]}', datatype=RDF.JSON))],
    "a literal type": [(A, TYPE, text("Standaard"))],
    "a property term's IRI as a type": [(A, TYPE, iri(DCTERMS.title))],
    "a class term's IRI as a predicate": [(A, iri(SKOS.Concept), text("x"))],
    "a prefix's IRI as a predicate": [(A, iri(DCTERMS), iri(EX + "x"))],
    "an IRI that would compact to one with '//'": [(A, iri(str(DCTERMS) + "//p"), iri(str(DCTERMS) + "//o"))],
}

# What pyld would turn into other structures (lists) or drop, here plain nodes.
DOCUMENT_CASES = {
    "one node": [(A, CODE, text("x", "nl")), (A, TITLE, text("y", "nl"))],
    "an RDF list of IRI nodes": [
        (A, P, nt.iri(EX + "list")), (nt.iri(EX + "list"), iri(RDF.first), text("x")),
        (nt.iri(EX + "list"), iri(RDF.rest), iri(RDF.nil)), (B, CODE, text("b"))],
}


CASES = {**TABLE_CASES, **NODE_CASES, **DOCUMENT_CASES}


@pytest.mark.parametrize("name", CASES)
def test_means_the_graph_with(name):
    assert_same_graph(sorted(set(CASES[name] + [(B, CODE, text("b"))])), "register.jsonld")


def test_values_the_term_fits_go_under_the_term_and_others_under_the_compact_iri():
    doc = json.loads(Compactor(CONTEXT).document(sorted([
        (A, TITLE, text("Haven", "nl")), (A, TITLE, text("1", datatype=DATE)),
        (A, P, text("x"))])))
    node = doc["@graph"][0]
    assert node["titel"] == {"nl": "Haven"}
    assert node["dct:title"] == {"@value": "1", "type": "xsd:date"}
    assert node["http://example.org/p"] == "x"


def test_an_iri_that_reads_as_a_compact_iri_is_refused():
    with pytest.raises(VngregError, match="reads as a compact IRI"):
        Compactor(CONTEXT).document([(A, iri(EX + "p"), "<dct:foo>")])


def test_a_context_the_table_does_not_model_is_a_tool_error():
    with pytest.raises(VngregError, match="@vocab") as refused:
        Compactor({"@context": {**CONTEXT["@context"], "@vocab": str(DCTERMS)}})
    assert refused.value.exit_code == EXIT_TOOL


def test_the_shortest_then_least_compact_iri():
    context = {"@context": {**CONTEXT["@context"], "ex": EX, "exa": EX + "a/", "z": EX + "a",
                            "w": EX + "a/b#"}}
    compactor = Compactor(context)
    assert compactor.compact_iri(EX + "a/b#c") == "w:c"
    assert compactor.compact_iri(EX + "a/bc") == "exa:bc"
    assert compactor.compact_iri(EX + "ab") == "ex:ab"
    assert compactor.compact_iri(EX + "//x") == EX + "//x"  # "ex://x" would read as an IRI
