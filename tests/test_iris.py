"""IRIs follow the Dutch URI strategy: /id/{type}/{slug} for things, slugs ASCII and lowercase."""

from __future__ import annotations

import re

from rdflib import URIRef

from vngreg.source.load import load_register
from tests.conftest import ROOT

TYPES = ("standaard|vaststelling|organisatie|verbindendheid|categorie|begrippenkader|dataset|contactpunt"
         "|forum-lijststatus|status|standaardversie|besluit")


def test_every_minted_iri_follows_the_pattern(graph):
    base = load_register(ROOT / "source").settings.base_iri
    pattern = re.compile(rf"^{re.escape(base)}id/({TYPES})/[a-z0-9]+(-[a-z0-9]+)*$")
    minted = {node for triple in graph for node in triple if isinstance(node, URIRef)
              and str(node).startswith(base) and not str(node).startswith(base + "def/")}
    assert len(minted) > 13
    assert [str(n) for n in sorted(minted) if not pattern.match(str(n))] == []


def test_iris_are_stable(graph):
    """Published IRIs must not move: these are cited by others."""
    base = "https://data.vng.nl/gemeentelijke-standaarden/"
    for path in ("id/standaard/zaakgericht-werken", "id/standaard/baseline-informatiebeveiliging-overheid",
                 "id/verbindendheid/pas-toe-of-leg-uit", "id/categorie/api-standaarden",
                 "id/organisatie/vng-realisatie", "id/vaststelling/haven-2022-03-25",
                 "id/begrippenkader/verbindendheid", "id/dataset/gemeentelijke-standaarden"):
        assert (URIRef(base + path), None, None) in graph, path
