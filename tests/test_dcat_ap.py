"""The catalogue (out/catalog.ttl) against the official DCAT-AP 3.0.1 and DCAT-AP-NL 3.0 shapes, used
as they are, and NL-SBB on the register and the catalogue together. Each shapes graph loads once."""

from __future__ import annotations

import json

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from tests.conftest import REFERENCE, ROOT
from vngreg import pipeline
from vngreg.vocab import in_rdflib as ns
from vngreg.write.formats import REGISTER_FILES

RDF, SH, VOID = ns.RDF, ns.SH, ns.VOID

DCAT_AP = REFERENCE / "dcat-ap-3.0.1"
DCAT_AP_NL = REFERENCE / "dcat-ap-nl-3.0"
BASE = "https://data.vng.nl/gemeentelijke-standaarden/"
DATASET = URIRef(BASE + "id/dataset/gemeentelijke-standaarden")


def _shapes(*paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _validate(data: Graph, shapes: Graph) -> tuple[Graph, str]:
    _, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                       allow_warnings=True)
    return report, text


def _results(report: Graph, severity: URIRef) -> list[tuple[str, str]]:
    """(focus node, path) of each result of one severity, sorted."""
    return sorted((str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
                  for r in report.subjects(RDF.type, SH.ValidationResult)
                  if report.value(r, SH.resultSeverity) == severity)


@pytest.fixture(scope="module")
def catalog(built) -> Graph:
    return Graph().parse(built / "catalog.ttl", format="turtle")


@pytest.fixture(scope="module")
def dcat_ap_shapes() -> Graph:
    return _shapes(DCAT_AP / "shapes.ttl", DCAT_AP / "range.ttl")


def test_catalogue_conforms_to_dcat_ap_3(catalog, dcat_ap_shapes):
    report, text = _validate(catalog, dcat_ap_shapes)
    assert _results(report, SH.Violation) == [], text


def test_catalogue_conforms_to_dcat_ap_nl_3(catalog):
    shapes = _shapes(DCAT_AP_NL / "dcat-ap-nl-SHACL.ttl", DCAT_AP_NL / "dcat-ap-nl-SHACL-klassebereik.ttl",
                     DCAT_AP_NL / "dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl")
    report, text = _validate(catalog, shapes)
    # The DCAT-AP-NL shapes give no severity: every result is a violation.
    assert _results(report, SH.Violation) == [], text


# The recommended properties we leave out, each for a reason given in docs/federation.md.
LEFT_OUT = {
    str(ns.DCAT.bbox), str(ns.DCAT.centroid),           # the country NLD as a dct:Location
    "http://data.europa.eu/r5r/availability",     # each distribution
    str(ns.DCTERMS.issued), "http://xmlns.com/foaf/0.1/homepage",   # the catalogue: no setting yet
    str(ns.DCTERMS.type),                            # the agents and the licence
    str(ns.DCTERMS.temporal),                        # the dataset
}


def test_recommended_warnings_are_only_the_documented_ones(catalog):
    report, text = _validate(catalog, _shapes(DCAT_AP / "shapes_recommended.ttl"))
    paths = {path for _, path in _results(report, SH.Warning)}
    assert paths <= LEFT_OUT, text
    documented = (ROOT / "docs" / "federation.md").read_text(encoding="utf-8")
    for path in paths:
        assert f"<{path}>" in documented or path.rsplit("/", 1)[-1].rsplit("#", 1)[-1] in documented


def test_nl_sbb_holds_with_the_catalogues_concepts_beside_ours(graph, catalog):
    shapes = _shapes(REFERENCE / "nl-sbb" / "skos-ap-nl.ttl")
    report, text = _validate(graph + catalog, shapes)
    assert _results(report, SH.Violation) == [], text
    assert "Results (" not in text, text  # no warnings or infos either


def test_the_dataset_has_what_data_overheid_nl_asks(catalog):
    ask = catalog.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#>  PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>  PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        ASK { ?catalog a dcat:Catalog ; dcat:dataset ?d ; dcat:contactPoint ?c .
              ?d dct:identifier "gemeentelijke-standaarden" ;
                 dct:title "Gemeentelijke Standaarden"@nl ;
                 dct:publisher ?vng ; dct:creator ?vng ;
                 dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
                 dct:license <http://creativecommons.org/publicdomain/zero/1.0/> ;
                 dct:language <http://publications.europa.eu/resource/authority/language/NLD> ;
                 dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> ;
                 dct:modified "2023-10-12"^^<http://www.w3.org/2001/XMLSchema#date> ;
                 dcat:contactPoint ?c .
              ?vng a foaf:Agent ; foaf:name "Vereniging van Nederlandse Gemeenten"@nl .
              ?c a vcard:Kind ; vcard:fn "Vereniging van Nederlandse Gemeenten" . }""")
    assert ask.askAnswer, "the register's dataset misses a property DCAT-AP-NL asks for"


def test_one_distribution_per_register_file_and_none_for_the_catalogue_itself(catalog):
    urls = {str(u) for u in catalog.objects(None, ns.DCAT.downloadURL)}
    assert urls == {BASE + name for name in (*REGISTER_FILES, "register.csv", "register.xlsx")}


def test_void_counts_the_register_graph(catalog, graph):
    assert int(catalog.value(DATASET, VOID.triples)) == len(graph)
    vocabularies = {str(v) for v in catalog.objects(DATASET, VOID.vocabulary)}
    assert {"http://www.w3.org/ns/dcat#", "http://www.w3.org/2004/02/skos/core#",
            "https://data.vng.nl/gemeentelijke-standaarden/def/gs#"} <= vocabularies
    assert {str(u) for u in catalog.objects(DATASET, VOID.dataDump)} == \
        {BASE + name for name in REGISTER_FILES}


def test_jsonld_and_turtle_say_the_same(built, catalog):
    parsed = Graph().parse(built / "catalog.jsonld", format="json-ld")
    assert isomorphic(parsed, catalog)
    doc = json.loads((built / "catalog.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads((built / "context.jsonld").read_text())["@context"]


def test_without_the_dcat_ap_profile_there_is_no_catalogue(project, tmp_path):
    result = pipeline.build(project, tmp_path / "out", ["core"])
    assert result.written and not (tmp_path / "out" / "catalog.ttl").exists()
