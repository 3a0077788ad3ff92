"""vngreg.write.turtle writes, byte for byte, what rdflib's Turtle serializer writes with our prefixes
(vngreg.write.formats.with_prefixes), and refuses what it cannot reproduce."""

from __future__ import annotations

import difflib
import random
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import split_uri
from rdflib.term import _toPythonMapping

from tests.conftest import ROOT
from vngreg import nt
from vngreg.write import formats as write, turtle
from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register
from vngreg import namespaces as ns
from vngreg.namespaces import PREFIXES

OUT = ROOT / "out"
SITE_TTL = sorted(path.relative_to(OUT) for path in (OUT / "site").rglob("*.ttl"))


def rdflib_turtle(graph: Graph, prefixes: dict[str, str] = PREFIXES) -> bytes:
    if prefixes is PREFIXES:
        bound = write.with_prefixes(graph)
    else:
        bound = Graph(bind_namespaces="none")
        for prefix, namespace in prefixes.items():
            bound.bind(prefix, namespace)
        for triple in graph:
            bound.add(triple)
    return bound.serialize(format="turtle", encoding="utf-8")


def assert_same(graph: Graph, prefixes: dict[str, str] = PREFIXES) -> None:
    expected = rdflib_turtle(graph, prefixes)
    got = turtle.turtle(nt.from_rdflib(graph), prefixes)
    assert got == expected, "\n".join(difflib.unified_diff(
        expected.decode().splitlines(), got.decode().splitlines(), "rdflib", "vngreg.write.turtle",
        lineterm="", n=1))


def graph_of(*triples) -> Graph:
    graph = Graph(bind_namespaces="none")
    for triple in triples:
        graph.add(triple)
    return graph


EX = "https://example.org/id/"
GS_NS = str(ns.GS._NS)
S = URIRef(EX + "s")


# The published files

def test_register_ttl_comes_from_register_nt():
    triples = nt.parse((OUT / "register.nt").read_bytes())
    assert turtle.turtle(triples, PREFIXES) == (OUT / "register.ttl").read_bytes()


@pytest.mark.parametrize("name", [Path("register.ttl"), Path("catalog.ttl"), Path("provenance.ttl"),
                                  *SITE_TTL], ids=str)
def test_published_turtle(name):
    assert_same(Graph().parse(OUT / name, format="turtle"))


def test_site_has_turtle_files():
    assert len(SITE_TTL) > 10


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """The mapping of a synthetic register of 300 standards (benchmarks/generate.py)."""
    folder = tmp_path_factory.mktemp("synthetic")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300", str(folder)],
                   check=True, capture_output=True)
    return map_register(load_register(folder / "source"))


def test_synthetic_register(synthetic):
    expected = rdflib_turtle(synthetic.graph)
    assert turtle.turtle(nt.from_rdflib(synthetic.graph), PREFIXES) == expected
    assert turtle.turtle(synthetic.triples, PREFIXES) == expected  # straight from the mapping


# Literals

def test_strings_with_quotes_backslashes_and_line_breaks():
    texts = ['say "hi"', "back\\slash", "ends with \\", "line\nbreak", "ends with quote\n\"",
             'triple """ quotes\n', '""""\nfour', "carriage\rreturn", "both\r\nbreaks",
             "tab\there", "", " ", "ends with escaped quote\n\\\"", 'x\n"""', "\n", '\n"',
             "<p>HTML &amp; <b>bold</b></p>", "ĳsselmeer — één € 日本語 😀", "\u00a0nbsp"]
    assert_same(graph_of(*((URIRef(f"{EX}s{i}"), ns.DCTERMS.title, Literal(text))
                           for i, text in enumerate(texts))))
    assert_same(graph_of(*((S, ns.SKOS.note, Literal(text)) for text in texts)))
    assert_same(graph_of(*((S, ns.SKOS.note, Literal(text, lang="nl")) for text in texts)))


def test_language_tags_order_before_lexical_form():
    texts = [("Zebra", "en"), ("Aap", "nl"), ("Beer", "en-GB"), ("Mier", None), ("b", "EN"),
             ("a b", "nl"), ("ab", "nl"), ("Ab", "nl")]
    assert_same(graph_of(*((S, ns.DCTERMS.title, Literal(text, lang=lang)) for text, lang in texts)))


def test_typed_literals():
    xsd, example = ns.XSD, "https://example.org/dt/"
    values = [Literal(n) for n in (0, 1, -7, 10, 9, 123456789012345678901234567890)]
    values += [Literal(v, datatype=xsd.decimal) for v in ("1.5", "2", "-0.50", "10.25", "0.0")]
    values += [Literal(True), Literal(False)]
    values += [Literal(v, datatype=xsd.date) for v in ("2024-01-31", "1999-12-01", "0999-05-05")]
    values += [Literal(v, datatype=xsd.nonNegativeInteger) for v in ("12", "3")]
    values += [Literal(v, datatype=xsd.hexBinary) for v in ("ab12", "0a", "")]
    values += [Literal(v, datatype=xsd.anyURI) for v in ("https://example.org/b", "a b")]
    values += [Literal("x", datatype=xsd.string), Literal("2024", datatype=xsd.gYear),
               Literal("<b>x</b>", datatype=URIRef(example + "html")),
               Literal("1", datatype=URIRef(example + "1."))]
    # one per predicate: how each prints; all under one: how they sort
    assert_same(graph_of(*((S, URIRef(f"{ns.SDO}p{i}"), v) for i, v in enumerate(values))))
    for group in (values[:6], values[6:11], values[11:13], values[13:16], values[16:]):
        assert_same(graph_of(*((S, ns.SDO.value, v) for v in group)))
    assert_same(graph_of(*((URIRef(f"{EX}s{i}"), ns.SDO.value, v) for i, v in enumerate(values))))


def test_datatype_prefix_is_declared_for_bare_literals():
    assert_same(graph_of((S, ns.SDO.position, Literal(3))))
    assert_same(graph_of((S, ns.SDO.position, Literal(True)), (S, ns.SDO.name, Literal("x"))))


# IRIs and prefixes

LOCAL_NAMES = ["name", "ends.", "a.b", "123", "1a", "_x", "x_", "a%20b", "a%zzb", "100%", "a-b", "é",
               "naïve", "a·b", "x(y)", ""]  # each makes schema:... or <...> as a predicate too
IRIS = [f"{ns.SDO}{name}" for name in LOCAL_NAMES + [
    "a/b", "-x", "(x)", "ab:c", "a,b", "a=b", "a~b", "a?b=c", "a#b"]] + [
    str(ns.DCTERMS), str(ns.DCAT), f"{ns.DCAT}Dataset", f"{ns.DCAT}a#b", GS_NS + "x",
    GS_NS[:-1], GS_NS[:-3],  # .../def/gs and .../def/
    "http://www.w3.org/XML/1998/namespace#lang", "urn:isbn:123", "urn:x", "mailto:a@b.nl",
    "https://example.org/ü/ü", "https://example.org/a/日本", "https://example.org/x(y)",
    "http://purl.org/dc/terms", "http://purl.org/dc/termsx", f"{ns.XSD}date", f"{ns.RDF}type",
    f"{ns.RDF}nil", f"{ns.RDFS}Class",
]


def test_iris_as_subjects_and_objects():
    assert_same(graph_of(*((URIRef(iri), ns.SDO.sameAs, URIRef(iri)) for iri in IRIS)))
    assert_same(graph_of(*((S, ns.SDO.sameAs, URIRef(iri)) for iri in IRIS)))


def test_iris_as_predicates():
    # only IRIs whose namespace, as rdflib splits them, has a prefix: rdflib numbers the prefixes
    # it makes up for the others (ns1, ns2, ...) in hash order
    iris = [f"{ns.SDO}{name}" for name in LOCAL_NAMES] + [
        str(ns.DCAT), f"{ns.DCAT}Dataset", f"{ns.XSD}date", f"{ns.RDF}type", f"{ns.RDF}nil",
        f"{ns.RDFS}label", f"{ns.RDFS}Class"]
    assert_same(graph_of(*((S, URIRef(iri), Literal("v")) for iri in iris)))


def test_iris_split_as_rdflib_splits_them():
    rng = random.Random(7)
    alphabet = "aZ09_-.%()/#:~·é\u0301ʰ٣"
    for _ in range(3000):
        iri = "https://example.org/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        try:
            namespace, _local = split_uri(iri)
        except ValueError:
            namespace = None
        split = turtle._split(iri)
        assert (None if split is None else iri[:split]) == namespace, iri


def test_longest_namespace_wins():
    ex = "https://example.org/"
    prefixes = {"ex": ex, "exa": ex + "a", "exab": ex + "ab/", "x": "urn:x:", "dct": str(ns.DCTERMS)}
    iris = [ex + "abc", ex + "ab/c", ex + "a", ex + "b", ex + "a/b", ex + "abx.", "urn:x:y", "urn:x:",
            ex]
    assert_same(graph_of(*((URIRef(iri), ns.DCTERMS.relation, URIRef(iri)) for iri in iris)), prefixes)
    assert_same(graph_of(*((S, URIRef(iri), Literal("v")) for iri in iris[:3])), prefixes)


def test_one_predicate_outside_the_prefixes_gets_ns1():
    vann = "http://purl.org/vocab/vann/"
    assert_same(graph_of((S, URIRef(vann + "preferredNamespacePrefix"), Literal("gs")),
                         (URIRef(vann + "x"), ns.DCTERMS.title, URIRef(vann + "y")),
                         (S, ns.DCTERMS.title, Literal("t"))))
    assert_same(graph_of((S, URIRef(vann + "a.b"), Literal("v"))))
    assert_same(graph_of((S, URIRef(vann + "p"), Literal("v"))), {"ns1": "https://example.org/ns1#"})


# Layout and order

def test_subjects_classes_first_then_by_references():
    a, b, c, x, y, z = (URIRef(EX + name) for name in "abcxyz")
    rdf, rdfs, dct, dcat = ns.RDF, ns.RDFS, ns.DCTERMS, ns.DCAT
    graph = graph_of(
        (c, rdf.type, rdfs.Class), (c, rdfs.label, Literal("C")), (b, rdf.type, rdfs.Class),
        (a, dct.relation, b), (z, dct.relation, a), (y, dct.relation, a), (x, dct.relation, y),
        (a, rdf.type, dcat.Dataset), (a, rdf.type, URIRef(EX + "Class")), (a, rdfs.label, Literal("a")),
        (a, dcat.keyword, Literal("k")), (a, dct.title, Literal("t")), (a, rdfs.comment, Literal("c")),
        (a, dct.relation, URIRef(EX + "b1")), (a, dct.relation, URIRef(EX + "b-")),
        (a, dct.relation, Literal("lit")), (a, dct.relation, Literal(2)),
        (a, dct.relation, URIRef(GS_NS + "x")))
    assert_same(graph)


def test_iri_order_is_by_iri_not_by_ntriples_line():
    # "<...a>" sorts after "<...a-b>" as N-Triples text, but "...a" sorts first as an IRI
    names = ["a", "a-b", "a.b", "a/b", "a0", "ab", "a#", "a!"]
    graph = graph_of(*((S, ns.DCTERMS.relation, URIRef(EX + name)) for name in names),
                     *((URIRef(EX + name), ns.DCTERMS.title, Literal(name)) for name in names),
                     (S, URIRef(f"{ns.SDO}a"), Literal(1)), (S, URIRef(f"{ns.SDO}a-b"), Literal(2)))
    assert_same(graph)


def test_empty_graph():
    assert turtle.turtle([], PREFIXES) == rdflib_turtle(Graph()) == b"\n"


def test_random_graphs():
    """Graphs drawn from the pieces above, to meet combinations no one thought of."""
    rng = random.Random(20240607)
    subjects = [URIRef(iri) for iri in IRIS if iri != str(ns.RDF.nil)]
    subjects += [URIRef(EX + str(i)) for i in range(20)]
    predicates = [ns.RDF.type, ns.RDFS.label, ns.DCTERMS.title, ns.DCTERMS.relation,
                  ns.SKOS.prefLabel, ns.SDO.position, URIRef(f"{ns.SDO}a.b"), URIRef(f"{ns.SDO}x(y)"),
                  URIRef(f"{ns.DCTERMS}1")]
    objects = subjects + [
        Literal("a"), Literal("b", lang="nl"), Literal("b", lang="en"), Literal('q"\n'), Literal(5),
        Literal(12), Literal("2024-01-01", datatype=ns.XSD.date), Literal(True), ns.RDFS.Class,
        Literal("2023-01-01", datatype=ns.XSD.date)]
    for _ in range(30):
        assert_same(graph_of(*((rng.choice(subjects), rng.choice(predicates), rng.choice(objects))
                               for _ in range(rng.randint(1, 120)))))


# Refusals: the caller falls back to rdflib

def refused(*triples: nt.Triple, ordered: bool = False) -> bool:
    try:
        turtle.turtle(list(triples) if ordered else sorted(triples), PREFIXES)
    except turtle.Unsupported:
        return True
    return False


def test_refuses_what_it_does_not_reproduce():
    s, p, q = f"<{S}>", f"<{ns.DCTERMS.title}>", f"<{ns.DCTERMS.description}>"
    integer, decimal = f"^^<{ns.XSD.integer}>", f"^^<{ns.XSD.decimal}>"
    assert refused(("_:b0", p, '"x"'))  # blank nodes
    assert refused((s, p, "_:b0"))
    assert refused((s, p, f'"01"{integer}'))  # rdflib would write 1
    assert refused((s, p, f'"1"^^<{ns.XSD.boolean}>'))  # rdflib would write true
    assert refused((s, p, f'"2024-1-1"^^<{ns.XSD.date}>'))
    assert refused((s, p, f'"1.5"^^<{ns.XSD.double}>'))  # datatypes rdflib rewrites
    assert refused((s, p, f'"2024-01-01T00:00:00"^^<{ns.XSD.dateTime}>'))
    assert refused((s, p, '"x"@not_a_tag'))
    assert refused((s, p, '"\\u0041"'))  # not as vngreg.nt writes it: "A"
    assert refused((s, p, f'"1.0"{decimal}'), (s, p, f'"1.00"{decimal}'))  # ties rdflib leaves to chance
    assert refused((s, p, '"x"'), (s, p, f'"x"^^<{ns.XSD.string}>'))
    assert refused((s, p, f'"1"{integer}'), (s, p, f'"2"{decimal}'))
    assert refused((s, "<https://a.example/p>", '"x"'), (s, "<https://b.example/p>", '"x"'))  # ns1, ns2
    assert refused((s, p, "<https://example.org/a b>"))  # not an IRI rdflib writes
    assert refused((s, p, '"a"'), (s, q, '"b"'), (s, p, '"c"'), ordered=True)  # not sorted
    assert refused((s, p, '"a"'), (f"<{EX}t>", p, '"b"'), (s, q, '"c"'), ordered=True)
    assert not refused((s, p, f'"1"{integer}'), (s, p, f'"2"{integer}'), (s, q, '"x"@nl'))


def test_known_datatypes_cover_rdflibs():
    """A datatype rdflib converts to a Python value is either reproduced or refused."""
    known = {str(datatype) for datatype in _toPythonMapping if datatype is not None}
    assert known <= turtle.KNOWN_DATATYPES | turtle.REFUSED_DATATYPES
