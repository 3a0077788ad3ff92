"""Our SKOS schemes against the Dutch SKOS profile NL-SBB (official shapes, used as they are)."""

from __future__ import annotations

import pyshacl
from rdflib import Graph

from tests.conftest import REFERENCE


def test_skos_schemes_conform_to_nl_sbb(graph):
    shapes = Graph().parse(REFERENCE / "nl-sbb" / "skos-ap-nl.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                         allow_warnings=True)
    # Not only 0 violations: also no warnings or infos, so a new warning fails here first.
    assert conforms and "Results (" not in text, text
