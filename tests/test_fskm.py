"""The FSKM view: the Forum Standaardisatie list statuses, our binding levels mapped onto them, and
each field the FSKM shares with us, one SPARQL question a field, answers written from the seed."""

from __future__ import annotations

import pytest
from rdflib import Graph

PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>  PREFIX schema: <https://schema.org/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>  PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
PREFIX std: <https://data.vng.nl/gemeentelijke-standaarden/id/standaard/>
"""


def _select(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in graph.query(PREFIXES + query))


def test_the_forums_list_statuses_are_a_scheme_with_the_forums_names(graph):
    rows = _select(graph, """SELECT DISTINCT ?label WHERE {
        ?c skos:topConceptOf <https://data.vng.nl/gemeentelijke-standaarden/id/begrippenkader/forum-lijststatus> ;
           skos:prefLabel ?label ; skos:definition ?d . FILTER(lang(?label) = "nl") }""")
    assert rows == [("Aanbevolen",), ("Archief",), ("In behandeling",), ("Verplicht (pas toe of leg uit)",)]


def test_binding_levels_match_the_forums_statuses_where_they_mean_the_same(graph):
    rows = _select(graph, """SELECT DISTINCT ?level ?relation ?status WHERE {
        ?l a gs:Verbindendheidsniveau ; skos:prefLabel ?level . FILTER(lang(?level) = "nl")
        OPTIONAL { ?l ?relation ?s . ?s skos:prefLabel ?status . FILTER(lang(?status) = "nl")
                   FILTER(?relation IN (skos:exactMatch, skos:closeMatch)) } }""")
    close = "http://www.w3.org/2004/02/skos/core#closeMatch"
    assert rows == [
        ("Aanbevolen", close, "Aanbevolen"),
        ("Pas toe of leg uit", close, "Verplicht (pas toe of leg uit)"),  # "naar voorbeeld Forum Standaardisatie"
        ("Verplicht", "None", "None"),  # binding on members, no 'explain': no counterpart on the Forum's list
    ]


@pytest.mark.parametrize("standard, maintainer", [
    ("woz-bevragen", "Kadaster"), ("brp-bevragen", "Rijksdienst voor Identiteitsgegevens"),
    ("objecttypen", "OpenZaak Community"), ("zaakgericht-werken", "VNG Realisatie")])
def test_beheerorganisatie_is_the_maintainer(graph, standard, maintainer):
    rows = _select(graph, f"""SELECT ?name WHERE {{ std:{standard} schema:maintainer ?o .
                               ?o <http://xmlns.com/foaf/0.1/name> ?name . FILTER(lang(?name) = "nl") }}""")
    assert rows == [(maintainer,)]


@pytest.mark.parametrize("standard, date", [
    ("zaakgericht-werken", "2021-04-01"), ("haven", "2022-03-25"),
    ("gbi-ontologie-en-koppelvlaksspecificaties", "2023-10-12"),
    ("baseline-informatiebeveiliging-overheid", "2020-01-01"), ("verwerkersovereenkomst", "2019-01-01")])
def test_the_date_is_the_date_the_establishment_applies_from(graph, standard, date):
    rows = _select(graph, f"""SELECT ?date WHERE {{ std:{standard} gs:vaststelling ?v .
                               ?v schema:validFrom ?date }}""")
    assert rows == [(date,)]


def test_typering_is_the_category(graph):
    rows = _select(graph, """SELECT ?label (COUNT(?s) AS ?n) WHERE { ?s a gs:GemeentelijkeStandaard ;
        dcat:theme ?c . ?c a gs:Categorie ; skos:prefLabel ?label . FILTER(lang(?label) = "nl") }
        GROUP BY ?label""")
    assert rows == [("API-standaarden", "9"), ("Informatiebeveiliging", "1"), ("Infrastructuur", "1"),
                    ("Inkoop", "1"), ("Privacy", "1")]
