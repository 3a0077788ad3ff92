"""vngreg/write/jsonld.py: the same bytes as pyld's compaction dumped by write.dumps_json, for the real
output, a generated register and hand-made nodes, and the nodes it leaves to pyld."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyld import jsonld as pyld
from rdflib import RDF, Graph

from tests.conftest import ROOT
from vngreg import nt, pipeline
from vngreg.write import formats as write
from vngreg.write.jsonld import Compactor
from vngreg.namespaces import DCTERMS, FOAF, GS, SKOS, VCARD

OUT = ROOT / "out"
CONTEXT = write.load_context(ROOT / "ontology" / "context.jsonld")
SITE_FILES = sorted(p.relative_to(OUT).as_posix() for p in (OUT / "site").rglob("*.jsonld"))


def reference(triples: list[nt.Triple], context: dict = CONTEXT) -> bytes:
    """What write.json_ld writes: pyld's compaction, dumped with sorted keys."""
    return write.dumps_json(pyld.compact(pyld.from_rdf(write.pyld_dataset(triples), {}), context))


def same(triples: list[nt.Triple], compactor: Compactor) -> bytes:
    ours = compactor.document(triples)
    theirs = reference(triples, compactor.context)
    if ours != theirs:
        lines = zip(ours.decode().splitlines(), theirs.decode().splitlines())
        line, (a, b) = next((i, ab) for i, ab in enumerate(lines, 1) if ab[0] != ab[1])
        pytest.fail(f"line {line}:\n  ours: {a}\n  pyld: {b}")
    return ours


def turtle_triples(path: Path) -> list[nt.Triple]:
    return nt.from_rdflib(Graph().parse(path, format="turtle"))


def test_the_register_is_written_as_committed_with_no_node_left_to_pyld():
    compactor = Compactor(CONTEXT)
    ours = same(nt.parse((OUT / "register.nt").read_bytes()), compactor)
    assert ours == (OUT / "register.jsonld").read_bytes()
    assert (compactor.nodes_by_pyld, compactor.documents_by_pyld) == (0, 0)


def test_the_catalogue_is_written_as_committed():
    ours = same(turtle_triples(OUT / "catalog.ttl"), Compactor(CONTEXT))
    assert ours == (OUT / "catalog.jsonld").read_bytes()


@pytest.fixture(scope="module")
def compactor() -> Compactor:
    """One for all site pages, as the site uses it."""
    return Compactor(CONTEXT)


@pytest.mark.parametrize("name", SITE_FILES)
def test_each_site_resource_is_written_as_committed(name, compactor):
    path = OUT / name
    ours = same(turtle_triples(path.with_suffix(".ttl")), compactor)
    assert ours == path.read_bytes()


def test_a_generated_register_of_300_standards(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300", str(tmp_path)],
                   check=True, capture_output=True)
    build = pipeline.check(pipeline.Project.around(tmp_path / "source"))
    triples = nt.from_rdflib(build.mapped.graph)
    assert len(triples) > 9000
    compactor = Compactor(CONTEXT)
    same(triples, compactor)
    assert (compactor.nodes_by_pyld, compactor.documents_by_pyld) == (0, 0)


# -- hand-made nodes ---------------------------------------------------------------------------

ID = "https://data.vng.nl/gemeentelijke-standaarden/id/standaard/"
A, B = nt.iri(ID + "a"), nt.iri(ID + "b")
EX = "http://example.org/"
THING = nt.iri(GS._NS + "Ding")  # an IRI in our ontology's namespace: "gs:Ding"


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

# A node the table leaves to pyld (the document has another node, which the table writes).
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
    "a relative IRI": [(A, P, "<relative>")],
}

# Documents left to pyld whole.
DOCUMENT_CASES = {
    "one node, left to pyld": [(A, CODE, text("x", "nl")), (A, TITLE, text("y", "nl"))],
    "a node pyld drops (its one predicate is a relative IRI)": [(A, "<relative>", text("x")),
                                                                (B, CODE, text("b"))],
    "blank nodes": [(A, P, "_:b0"), ("_:b0", CODE, text("x"))],
    "an RDF list of IRI nodes, which pyld joins": [
        (A, P, nt.iri(EX + "list")), (nt.iri(EX + "list"), iri(RDF.first), text("x")),
        (nt.iri(EX + "list"), iri(RDF.rest), iri(RDF.nil)), (B, CODE, text("b"))],
}


def written_by(triples: list[nt.Triple]) -> tuple[int, int]:
    """(nodes, documents) pyld wrote, after checking the bytes."""
    compactor = Compactor(CONTEXT)
    same(sorted(set(triples)), compactor)
    return compactor.nodes_by_pyld, compactor.documents_by_pyld


@pytest.mark.parametrize("name", TABLE_CASES)
def test_the_table_writes(name):
    assert written_by(TABLE_CASES[name]) == (0, 0)


@pytest.mark.parametrize("name", NODE_CASES)
def test_pyld_writes_the_node_with(name):
    assert written_by(NODE_CASES[name] + [(B, CODE, text("b"))]) == (1, 0)


@pytest.mark.parametrize("name", DOCUMENT_CASES)
def test_pyld_writes_the_document_with(name):
    assert written_by(DOCUMENT_CASES[name]) == (0, 1)


def test_subjects_out_of_order_are_left_to_pyld():
    compactor = Compactor(CONTEXT)
    same([(B, CODE, text("b")), (A, CODE, text("a")), (B, TITLE, text("b", "nl"))], compactor)
    assert compactor.documents_by_pyld == 1


def test_an_iri_pyld_cannot_write_fails_as_in_pyld():
    triples = [(A, iri(EX + "p"), "<dct:foo>"), (B, CODE, text("b"))]  # read back as dct's foo
    with pytest.raises(pyld.JsonLdError):
        reference(triples)
    with pytest.raises(pyld.JsonLdError):
        Compactor(CONTEXT).document(triples)


def test_a_context_the_table_does_not_model_is_left_to_pyld():
    context = {"@context": {**CONTEXT["@context"], "@vocab": str(DCTERMS)}}
    compactor = Compactor(context)
    assert compactor.unsupported
    same(sorted(TABLE_CASES["predicates not in the context"]), compactor)
    assert compactor.documents_by_pyld == 1


def test_the_shortest_then_least_compact_iri():
    """Overlapping prefixes: pyld takes the shortest compact IRI, then the least."""
    context = {"@context": {**CONTEXT["@context"], "ex": EX, "exa": EX + "a/", "z": EX + "a/"[:-1],
                            "w": EX + "a/b#"}}
    compactor = Compactor(context)
    assert not compactor.unsupported
    subjects = [nt.iri(EX + s) for s in ("a/b#c", "a/bc", "a/b", "ab", "a")]
    same(sorted((s, iri(EX + "p"), s) for s in subjects), compactor)
    assert compactor.nodes_by_pyld == 0


def test_a_key_that_sorts_before_the_context():
    """One node: its members and "@context" in one object, sorted."""
    compactor = Compactor({"@context": {**CONTEXT["@context"], "0ex": EX}})
    same([(A, P, text("x")), (A, TITLE, text("y", "nl"))], compactor)  # "0ex:p" < "@context"
    assert compactor.nodes_by_pyld == compactor.documents_by_pyld == 0
