"""The ontology (ontology/gs.ttl) declares exactly the gs: terms the code and the data use, each
labelled, defined and tied to an existing vocabulary."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tests.conftest import ROOT
from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register
from vngreg import vocab

GS = vocab.GS.rdflib

ONTOLOGY_FILE = ROOT / "ontology" / "gs.ttl"
ONTOLOGY = URIRef(vocab.GS_ONTOLOGY)
NS = vocab.GS.iri
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
TIES = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)
CODE_TERMS = {GS[name] for name in vocab.GS.names}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def data() -> Graph:
    return map_register(load_register(ROOT / "source")).graph


def declared(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(NS)}


def languages(ontology: Graph, term: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in ontology.objects(term, predicate) if isinstance(o, Literal)}


def test_the_ontology_parses():
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert len(graph) > 100
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph


def test_the_ontology_describes_itself(ontology):
    vng = URIRef("https://data.vng.nl/gemeentelijke-standaarden/id/organisatie/vng")
    vann = "http://purl.org/vocab/vann/"
    assert languages(ontology, ONTOLOGY, DCTERMS.title) >= {"nl", "en"}
    assert languages(ontology, ONTOLOGY, DCTERMS.description) >= {"nl", "en"}
    assert (ONTOLOGY, DCTERMS.creator, vng) in ontology
    assert (ONTOLOGY, DCTERMS.publisher, vng) in ontology
    assert (ONTOLOGY, DCTERMS.license, URIRef("http://creativecommons.org/publicdomain/zero/1.0/")) in ontology
    assert (ONTOLOGY, OWL.versionInfo, Literal("0.1.0")) in ontology
    assert (ONTOLOGY, URIRef(vann + "preferredNamespacePrefix"), Literal("gs")) in ontology
    assert (ONTOLOGY, URIRef(vann + "preferredNamespaceUri"), Literal(NS)) in ontology


def test_declared_terms_are_the_terms_of_the_code(ontology):
    assert len(CODE_TERMS) == 32
    assert sorted(declared(ontology)) == sorted(CODE_TERMS)


@pytest.mark.parametrize("term", sorted(CODE_TERMS), ids=lambda t: t.fragment)
def test_every_term_is_typed_labelled_defined_and_tied(ontology, term):
    kinds = set(ontology.objects(term, RDF.type)) & KINDS
    assert len(kinds) == 1, f"{term.fragment}: one of owl:Class, owl:ObjectProperty, owl:DatatypeProperty"
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology
    assert languages(ontology, term, RDFS.label) >= {"nl", "en"}
    assert languages(ontology, term, SKOS.definition) >= {"nl", "en"}
    ties = {o for tie in TIES for o in ontology.objects(term, tie)}
    assert {o for o in ties if isinstance(o, URIRef) and not str(o).startswith(NS)}, \
        f"{term.fragment} is tied to no existing vocabulary term"
    tie = RDFS.subClassOf if OWL.Class in kinds else RDFS.subPropertyOf
    assert set(ontology.objects(term, tie)), f"{term.fragment}: the tie fits its kind"


def test_every_gs_term_in_the_data_is_declared(ontology, data):
    used = {node for triple in data for node in triple
            if isinstance(node, URIRef) and str(node).startswith(NS)}
    assert used >= {GS.GemeentelijkeStandaard, GS.vaststelling, GS.geldtVanaf}, "the data uses gs: terms"
    assert sorted(used - declared(ontology)) == []


def test_the_data_keeps_to_domains_and_ranges(ontology, data):
    """A domain or range that the data contradicts would make reasoners infer nonsense."""
    problems = []
    for predicate in sorted(declared(ontology)):
        domains = set(ontology.objects(predicate, RDFS.domain))
        ranges = set(ontology.objects(predicate, RDFS.range))
        for s, o in data.subject_objects(predicate):
            for domain in domains:
                if (s, RDF.type, domain) not in data:
                    problems.append(f"{predicate.fragment}: subject {s} is no {domain}")
            for range_ in ranges:
                if isinstance(o, Literal):
                    datatype = RDF.langString if o.language else o.datatype
                    ok = datatype == range_
                else:
                    ok = (o, RDF.type, range_) in data
                if not ok:
                    problems.append(f"{predicate.fragment}: value {o!r} is no {range_}")
    assert problems == []


def test_kinds_of_property_match_the_data(ontology, data):
    for predicate in sorted(declared(ontology)):
        values = list(data.objects(None, predicate))
        if (predicate, RDF.type, OWL.ObjectProperty) in ontology:
            assert all(isinstance(v, URIRef) for v in values), predicate
        if (predicate, RDF.type, OWL.DatatypeProperty) in ontology:
            assert all(isinstance(v, Literal) for v in values), predicate


def test_the_ontology_has_no_blank_nodes(ontology):
    assert [t for t in ontology if any(isinstance(n, BNode) for n in t)] == []
