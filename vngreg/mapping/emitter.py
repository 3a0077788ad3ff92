"""Step 2, mapping: records -> the register's triples, plus a source map from each node (and each of
its properties) back to the YAML line that produced it, resolved only for what validation reports.
The triples themselves come from the profiles.

Triples are N-Triples term strings (vngreg/nt.py), not rdflib terms: making, hashing and sorting
them is plain str work, which keeps a register of 100,000 standards to seconds and a few hundred
megabytes. An rdflib Graph of the same triples is made only when something asks for one.
"""

from __future__ import annotations

from functools import cached_property

from vngreg import nt
from vngreg.mapping import profiles
from vngreg.errors import Location
from vngreg.mapping.iris import Iris
from vngreg.source.records import LangText, Register


class Mapped:
    """The triples, by subject, and where their parts came from."""

    def __init__(self, index: dict[str, list[tuple[str, str]]],
                 added: dict[str, tuple[list, list]], origins: dict[str, tuple]):
        self.index = index         # subject -> its (predicate, object) pairs; both sorted, unique
        self._added = added        # subject -> its pairs as added, and where each came from
        self._origins = origins    # subject -> its entry, where a profile said so

    def __len__(self) -> int:
        return sum(map(len, self.index.values()))

    @cached_property
    def triples(self) -> list[nt.Triple]:
        """Sorted and unique: the index's order is the N-Triples lines' order."""
        return [(s, p, o) for s, pairs in self.index.items() for p, o in pairs]

    @cached_property
    def graph(self):
        """The triples as an rdflib Graph, for pySHACL and for tests."""
        return nt.to_rdflib(self.triples)

    def without_sources(self) -> "Mapped":
        """The same triples without the source map, which is of no more use once validation has
        located its findings (40 MB at 30,000 standards)."""
        return Mapped(self.index, {}, {})

    def locate(self, subject, predicate=None) -> Location | None:
        """Where a node (or one of its properties) was written, found when asked (a report has a
        few findings; the graph has millions of triples); takes terms or rdflib nodes."""
        s = subject if isinstance(subject, str) and subject[:1] in "<_" else _term(subject)
        pairs, wheres = self._added.get(s, ((), ()))
        if predicate is not None:
            p = predicate if isinstance(predicate, str) and predicate[:1] == "<" else _term(predicate)
            for i, (added, _o) in enumerate(pairs):
                if added == p:
                    return _located(wheres[2 * i], wheres[2 * i + 1])
        if s in self._origins:
            return _located(*self._origins[s])
        return _located(wheres[0], wheres[1]) if wheres else None


def _term(node) -> str:
    return node.n3() if hasattr(node, "n3") else nt.iri(str(node))


# Where a triple came from: a Location, or (record, field name) for record.field_location(name),
# which is made only for a finding.
Where = Location | tuple


def _kept(where: Where) -> tuple:
    """A Where as the two values the source map keeps: (record, field name) or (Location, None)."""
    return where if type(where) is tuple else (where, None)


def _located(what, field: str | None) -> Location:
    return what if field is None else what.field_location(field)


class Emitter:
    """What a profile writes into: triples of N-Triples terms, each with where it came from.
    `iris` mints terms (see Iris.as_terms)."""

    def __init__(self, iris: Iris):
        self.iris = iris.as_terms()
        # Grouped by subject as they come, so that sorting is a sort of the subjects and of each
        # subject's few pairs, not of millions of triples; beside each pair, where it came from,
        # as two values in a flat list (keeping the caller's tuple would cost 56 bytes a triple).
        self._added: dict[str, tuple[list[tuple[str, str]], list]] = {}
        self._origins: dict[str, tuple] = {}

    def add(self, s: str, p: str, o: str | None, where: Where) -> None:
        if o is None:
            return
        added = self._added.get(s)
        if added is None:
            self._added[s] = ([(p, o)], [*_kept(where)])
        else:
            added[0].append((p, o))
            added[1].extend(_kept(where))

    def add_all(self, s: str, p: str, objects, where: Where) -> None:
        for o in objects:
            self.add(s, p, o, where)

    def texts(self, s: str, p: str, text: LangText | None, where: Where) -> None:
        """A text in each of its languages, as language-tagged literals."""
        for lang, value in (text or {}).items():
            self.add(s, p, nt.literal(value, lang), where)

    def subject(self, s: str, where: Where) -> None:
        """Say where a node as a whole is defined (its entry), whatever it was first seen with."""
        self._origins[s] = _kept(where)

    def mapped(self) -> Mapped:
        index = {s: sorted(set(self._added[s][0])) for s in sorted(self._added)}
        return Mapped(index, self._added, self._origins)


def map_register(register: Register, profile_names: list[str] | None = None) -> Mapped:
    """Run the chosen profiles (default: all) over the register."""
    emitter = Emitter(Iris.for_base(register.settings.base_iri))
    for profile in profiles.select(profile_names):
        profile.add(register, emitter)
    return emitter.mapped()
