"""Step 2, mapping: records -> one rdflib Graph, plus a source map from each node (and each of its
properties) back to the YAML line that produced it. The triples themselves come from the profiles."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from vngreg import profiles
from vngreg.errors import Location
from vngreg.iris import Iris
from vngreg.records import LangText, Register


@dataclass
class Mapped:
    """The graph and where its parts came from: keys are a subject, or (subject, predicate)."""

    graph: Graph
    sources: dict[object, Location] = field(default_factory=dict)

    def locate(self, subject: Node, predicate: Node | None = None) -> Location | None:
        return self.sources.get((subject, predicate)) or self.sources.get(subject)


class Emitter:
    """What a profile writes into: triples, each with the Location it came from."""

    def __init__(self, mapped: Mapped, iris: Iris):
        self.mapped = mapped
        self.iris = iris

    def add(self, s: URIRef, p: URIRef, o: Node | None, where: Location) -> None:
        if o is None:
            return
        self.mapped.graph.add((s, p, o))
        self.mapped.sources.setdefault(s, where)
        self.mapped.sources.setdefault((s, p), where)

    def add_all(self, s: URIRef, p: URIRef, objects, where: Location) -> None:
        for o in objects:
            self.add(s, p, o, where)

    def texts(self, s: URIRef, p: URIRef, text: LangText | None, where: Location) -> None:
        """A text in each of its languages, as language-tagged literals."""
        for lang, value in (text or {}).items():
            self.add(s, p, Literal(value, lang=lang), where)

    def subject(self, s: URIRef, where: Location) -> None:
        """Say where a node as a whole is defined (its entry), whatever it was first seen with."""
        self.mapped.sources[s] = where


def map_register(register: Register, profile_names: list[str] | None = None) -> Mapped:
    """Run the chosen profiles (default: all) over the register into one graph."""
    graph = Graph(bind_namespaces="none")
    mapped = Mapped(graph)
    emitter = Emitter(mapped, Iris.for_base(register.settings.base_iri))
    for profile in profiles.select(profile_names):
        profile.add(register, emitter)
    return mapped
