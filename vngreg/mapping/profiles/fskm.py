"""The FSKM profile: the register in the terms of Forum Standaardisatie's kennismodel (FSKM).

Forum Standaardisatie publishes its lijst open standaarden through NORA online; its list statuses
are a SKOS scheme here (fskm.ttl, the Forum's own definitions), and our binding levels are mapped
onto them. The fields the FSKM shares with us are stated in the shared vocabularies the FSKM
builds on, so that a reader who does not know gs: finds them. docs/federation.md has the table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vngreg import nt
from vngreg.errors import Location
from vngreg.mapping.emitter import Emitter
from vngreg.vocab import DCAT, SDO, SKOS
from vngreg.source.records import Register

NAME = "fskm"

STATUSES_FILE = Path(__file__).with_name("fskm.ttl")


def add(register: Register, out: Emitter) -> None:
    iris = out.iris
    where = Location(str(STATUSES_FILE))
    levels = {iris.binding_level(level.id): level for level in register.levels}
    for s, p, o in sorted(_statuses(iris.base)):
        if p in (SKOS.closeMatch, SKOS.exactMatch):
            if s not in levels:  # a level renamed or removed in verbindendheid.yaml: no mapping
                continue
            out.add(s, p, o, levels[s].location)
        else:
            out.add(s, p, o, where)

    for std in register.standards:
        node = iris.standard(std.id)
        # FSKM "beheerorganisatie" = our in_beheer_bij (gs:inBeheerBij is a schema:maintainer).
        out.add_all(node, SDO.maintainer, map(iris.organisation, std.maintainers),
                    std.at("maintainers"))
        # FSKM "typering" = our category (gs:categorie is a dcat:theme).
        out.add(node, DCAT.theme, iris.category(std.category), std.at("category"))
        # FSKM's dates of the list = the dates a decision applies from and until (schema:validFrom,
        # schema:validThrough: the last day it applies).
        for est in std.establishments:
            decision = iris.establishment(std.id, est.applies_from.isoformat())
            out.add(decision, SDO.validFrom, nt.literal(est.applies_from.isoformat(), datatype=nt.XSD + "date"),
                    est.at("applies_from"))
            if est.applies_until:
                last = (est.applies_until - dt.timedelta(days=1)).isoformat()
                out.add(decision, SDO.validThrough, nt.literal(last, datatype=nt.XSD + "date"),
                        est.at("applies_until"))


def _statuses(base: str) -> list[nt.Triple]:
    """fskm.ttl's triples as terms, its relative IRIs resolved against the register's base."""
    with STATUSES_FILE.open("rb") as data:
        return nt.from_turtle(data, base)
