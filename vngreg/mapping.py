"""Step 2, mapping: records -> the register's triples, plus a source map from each node (and each of
its properties) back to the YAML line that produced it. The triples themselves come from the
profiles.

Triples are N-Triples term strings (vngreg/nt.py), not rdflib terms: making, hashing and sorting
them is plain str work, which keeps a register of 100,000 standards to seconds and a few hundred
megabytes. An rdflib Graph of the same triples is made only when something asks for one.
"""

from __future__ import annotations

from functools import cached_property

from vngreg import nt, profiles
from vngreg.errors import Location
from vngreg.iris import Iris
from vngreg.records import LangText, Register


class Mapped:
    """The sorted unique triples and where their parts came from."""

    def __init__(self, triples: list[nt.Triple], origins: dict[str, Location],
                 fields: dict[str, dict[str, Location]]):
        self.triples = triples
        self._origins = origins  # subject -> its entry
        self._fields = fields    # subject -> predicate -> the field that gave it (first seen)

    def __len__(self) -> int:
        return len(self.triples)

    @cached_property
    def ntriples(self) -> bytes:
        """N-Triples, one triple a line, sorted: diffable and loadable in bulk."""
        return nt.lines(self.triples)

    @cached_property
    def index(self) -> dict[str, list[tuple[str, str]]]:
        return nt.by_subject(self.triples)

    @cached_property
    def graph(self):
        """The triples as an rdflib Graph, for pySHACL and for tests."""
        from rdflib import Graph
        return Graph(bind_namespaces="none").parse(data=self.ntriples, format="nt")

    def locate(self, subject, predicate=None) -> Location | None:
        """Where a node (or one of its properties) was written; takes terms or rdflib nodes."""
        s = subject if isinstance(subject, str) and subject[:1] in "<_" else _term(subject)
        if predicate is not None:
            p = predicate if isinstance(predicate, str) and predicate[:1] == "<" else _term(predicate)
            found = self._fields.get(s, {}).get(p)
            if found:
                return found
        return self._origins.get(s)


def _term(node) -> str:
    return node.n3() if hasattr(node, "n3") else nt.iri(str(node))


class Emitter:
    """What a profile writes into: triples of N-Triples terms, each with the Location it came from.
    `iris` mints terms (see Iris.as_terms)."""

    def __init__(self, iris: Iris):
        self.iris = iris.as_terms()
        self._triples: list[nt.Triple] = []
        self._origins: dict[str, Location] = {}
        self._fields: dict[str, dict[str, Location]] = {}

    def add(self, s: str, p: str, o: str | None, where: Location) -> None:
        if o is None:
            return
        self._triples.append((s, p, o))
        fields = self._fields.get(s)
        if fields is None:
            self._fields[s] = {p: where}
            self._origins.setdefault(s, where)
        elif p not in fields:
            fields[p] = where

    def add_all(self, s: str, p: str, objects, where: Location) -> None:
        for o in objects:
            self.add(s, p, o, where)

    def texts(self, s: str, p: str, text: LangText | None, where: Location) -> None:
        """A text in each of its languages, as language-tagged literals."""
        for lang, value in (text or {}).items():
            self.add(s, p, nt.literal(value, lang), where)

    def subject(self, s: str, where: Location) -> None:
        """Say where a node as a whole is defined (its entry), whatever it was first seen with."""
        self._origins[s] = where

    def mapped(self) -> Mapped:
        return Mapped(sorted(set(self._triples)), self._origins, self._fields)


def map_register(register: Register, profile_names: list[str] | None = None) -> Mapped:
    """Run the chosen profiles (default: all) over the register."""
    emitter = Emitter(Iris.for_base(register.settings.base_iri))
    for profile in profiles.select(profile_names):
        profile.add(register, emitter)
    return emitter.mapped()
