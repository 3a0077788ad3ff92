"""The ADMS view: each standard as an interoperability asset, one SPARQL question per mapped field,
with the answers written from the seed text; and the catalogue's asset repository lists them all,
described in the register files."""

from __future__ import annotations

import pytest
from rdflib import Graph

from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register

PREFIXES = """
PREFIX adms: <http://www.w3.org/ns/adms#>  PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>  PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
PREFIX std: <https://data.vng.nl/gemeentelijke-standaarden/id/standaard/>
PREFIX org: <https://data.vng.nl/gemeentelijke-standaarden/id/organisatie/>
"""
STANDARDS = 13  # the rows of the seed's table


def _select(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in graph.query(PREFIXES + query))


def test_every_standard_is_an_asset_of_the_register_type(graph):
    rows = _select(graph, "SELECT ?s WHERE { ?s a adms:Asset ; dct:type gs:GemeentelijkeStandaard }")
    assert len(rows) == STANDARDS


def test_status_is_completed_for_every_established_standard(graph):
    rows = _select(graph, """SELECT ?s WHERE { ?s a adms:Asset ; gs:vaststelling ?v ;
                               adms:status <http://purl.org/adms/status/Completed> }""")
    assert len(rows) == STANDARDS


@pytest.mark.parametrize("standard, publishers", [
    ("brp-bevragen", ["rvig"]),                                   # Rijksdienst voor Identiteitsgegevens
    ("bag-bevragen", ["kadaster"]),
    ("objecten", ["openzaak-community"]),
    ("haven", ["vng-realisatie"]),
    ("baseline-informatiebeveiliging-overheid", ["vng", "werkgroep-bio"]),  # VNG / Werkgroep BIO
])
def test_publisher_is_the_maintainer(graph, standard, publishers):
    rows = _select(graph, f"SELECT ?p WHERE {{ std:{standard} dct:publisher ?p }}")
    assert rows == [(f"https://data.vng.nl/gemeentelijke-standaarden/id/organisatie/{p}",)
                    for p in publishers]


def test_contact_point_and_theme(graph):
    rows = _select(graph, """SELECT ?s WHERE { ?s a adms:Asset ; dcat:contactPoint ?c ;
        dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> }""")
    assert len(set(rows)) == STANDARDS


def test_each_asset_without_a_description_is_described_from_its_own_fields(graph):
    # ADMS requires a description; the page gives none of the standards.
    rows = _select(graph, """SELECT DISTINCT ?s WHERE { ?s a adms:Asset ; dct:description ?nl, ?en .
        FILTER(lang(?nl) = "nl" && lang(?en) = "en") }""")
    assert len(rows) == STANDARDS
    text = _select(graph, 'SELECT ?d WHERE { std:gibit dct:description ?d FILTER(lang(?d) = "nl") }')
    assert text == [("GIBIT is een Gemeentelijke Standaard in de categorie Inkoop, in beheer bij VNG "
                     "Realisatie, vastgesteld met verbindendheid 'Pas toe of leg uit', geldend vanaf "
                     "1 april 2021.",)]


def test_landing_page_is_the_homepage_when_given(workdir):
    path = workdir / "source" / "standaarden.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - id: woz-bevragen\n", "  - id: woz-bevragen\n    homepage: https://example.org/woz\n", 1)
    path.write_text(text, encoding="utf-8")
    register = load_register(workdir / "source")
    graph = map_register(register).graph
    assert _select(graph, "SELECT ?p WHERE { std:woz-bevragen dcat:landingPage ?p }") == \
        [("https://example.org/woz",)]
    # Only the standards with a homepage (woz-bevragen here, others from aanvullingen.yaml) have one.
    assert _select(graph, "SELECT ?s WHERE { ?s dcat:landingPage ?p }") == sorted(
        (f"https://data.vng.nl/gemeentelijke-standaarden/id/standaard/{s.id}",)
        for s in register.standards if s.homepage)


def test_the_catalogue_lists_every_asset_in_its_repository_and_describes_none(built, graph):
    catalog = Graph().parse(built / "catalog.ttl", format="turtle")
    listed = _select(catalog, """SELECT ?asset WHERE {
        ?repo a adms:AssetRepository ; dct:isPartOf ?catalog ; dcat:dataset ?asset ;
              dct:publisher org:vng ; dct:title ?t ; dct:description ?d .
        ?catalog a dcat:Catalog }""")
    assert len(set(listed)) == STANDARDS
    assert _select(catalog, "SELECT ?s WHERE { ?s a adms:Asset }") == []  # the register says that
    rows = _select(graph + catalog, """SELECT ?asset WHERE {
        ?repo a adms:AssetRepository ; dcat:dataset ?asset .
        ?asset a adms:Asset ; dct:title ?title ; dct:description ?desc ; dct:type ?type ;
               adms:status ?status ; dct:publisher ?p ; dcat:contactPoint ?c .
        ?p a <http://xmlns.com/foaf/0.1/Organization> ; <http://xmlns.com/foaf/0.1/name> ?name }""")
    assert sorted(set(rows)) == sorted(set(listed))
