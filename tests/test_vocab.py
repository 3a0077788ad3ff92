"""vngreg/vocab.py: every vocabulary IRI in one place, its terms as N-Triples terms, closed
vocabularies closed; and no other module of vngreg names a vocabulary's IRI."""

from __future__ import annotations

import pytest
import rdflib.namespace

from tests.conftest import ROOT
from vngreg import vocab

# The closed vocabularies that rdflib defines too: each name we list must be one of its terms.
RDFLIB_CLOSED = {"DCTERMS": rdflib.namespace.DCTERMS, "FOAF": rdflib.namespace.FOAF,
                 "ORG": rdflib.namespace.ORG, "OWL": rdflib.namespace.OWL, "PROV": rdflib.namespace.PROV,
                 "RDF": rdflib.namespace.RDF, "RDFS": rdflib.namespace.RDFS, "SKOS": rdflib.namespace.SKOS}


def test_terms_are_n_triples_terms_and_closed_vocabularies_refuse_unknown_names():
    assert vocab.DCTERMS.title == "<http://purl.org/dc/terms/title>" == vocab.DCTERMS["title"]
    assert vocab.SH["class"] == "<http://www.w3.org/ns/shacl#class>"  # open: any name
    assert vocab.XSD.iri + "date" == "http://www.w3.org/2001/XMLSchema#date"
    for closed in (vocab.DCTERMS, vocab.GS, vocab.RDF):
        with pytest.raises(AttributeError, match="no term 'titel'"):
            closed.titel
        with pytest.raises(AttributeError):
            closed.rdflib.titel  # the rdflib namespace is closed as well
    assert vocab.in_rdflib.DCTERMS.title == rdflib.URIRef("http://purl.org/dc/terms/title")


@pytest.mark.parametrize("name", sorted(RDFLIB_CLOSED))
def test_a_closed_vocabulary_lists_only_real_terms(name):
    ours, theirs = getattr(vocab, name), RDFLIB_CLOSED[name]
    assert ours.iri == str(theirs._NS)
    assert ours.names <= set(theirs.__annotations__) | set(theirs._extras)


def test_prefixes_are_the_vocabularies_namespaces():
    assert vocab.PREFIXES["dct"] == vocab.DCTERMS.iri and vocab.PREFIXES["gs"] == vocab.GS.iri
    assert all(isinstance(iri, str) for iri in vocab.PREFIXES.values())


def test_no_other_module_names_a_vocabulary_iri():
    iris = {v.iri for v in vars(vocab).values() if isinstance(v, vocab.Vocabulary)}
    iris |= {vocab.GS_ONTOLOGY, vocab.GS_SHAPES}
    found = [f"{path.relative_to(ROOT)}: {iri}" for path in sorted((ROOT / "vngreg").rglob("*.py"))
             if path.name != "vocab.py" for iri in sorted(iris) if iri in path.read_text(encoding="utf-8")]
    assert found == []
