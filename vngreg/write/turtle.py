"""Turtle and TriG from the subject index (vngreg/nt.py), in the N-Triples lines' order.

The promise is the graph, not a layout: a subject's statement names it once, rdf:type first (as
`a`), then each predicate once with its objects, a line each. An IRI is `prefix:local` where the
rest after one of the given namespaces is a plain local name, else `<iri>`; a literal is its
N-Triples term (valid Turtle as it is: every quote, backslash and line break escaped), its
datatype shortened like an IRI. TriG is the same statements inside the graph's braces.

Faster than pyoxigraph parsing our lines and writing them (benchmarks/writers.py,
docs/performance.md), because each distinct IRI is worked out once and each line is an f-string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from vngreg import nt

# The part of Turtle's PN_LOCAL that needs no escape: never a "." at the end.
LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z|\Z")
# What IRIREF cannot hold as it is (a checked IRI has none: the loader sees to it).
NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class Labels(dict):
    """IRI term -> its Turtle label, each worked out once."""

    def __init__(self, prefixes: dict[str, str]):
        super().__init__()
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def __missing__(self, term: str) -> str:
        if term[0] == "<":
            iri = term[1:-1]
            label = next((f"{prefix}:{iri[len(ns):]}" for prefix, ns in self.prefixes
                          if iri.startswith(ns) and LOCAL.match(iri, len(ns))), None)
            if label is None:
                label = NOT_IN_IRIREF.sub(lambda m: f"\\u{ord(m[0]):04X}", term[1:-1])
                label = f"<{label}>"
        elif term[0] == '"':  # typed: the datatype as a label (the literal is not kept)
            at = term.rindex("^^<")
            return term[:at + 2] + self[term[at + 2:]]
        else:  # a blank node: the same label in Turtle
            label = term
        self[term] = label
        return label


def statements(index: dict[str, list[tuple[str, str]]], prefixes: dict[str, str],
               indent: str = "") -> Iterator[str]:
    """Each subject's statement, with a blank line before it."""
    labels = Labels(prefixes)
    between = f" ;\n{indent}    "
    among = f",\n{indent}        "  # several objects of one predicate: a line each
    for s, pairs in index.items():
        parts = []
        for p, group in groupby(pairs, itemgetter(0)):
            objects = among.join([o if o[-1] == '"' or o[0] == '"' and o[-1] != ">" else labels[o]
                                 for _p, o in group])
            if p == nt.RDF_TYPE:
                parts.insert(0, f"a {objects}")
            else:
                parts.append(f"{labels[p]} {objects}")
        yield f"\n{indent}{labels[s]} {between.join(parts)} .\n"


def _chunks(head: str, pieces: Iterator[str], tail: str, size: int = 2000) -> Iterator[bytes]:
    batch = [head]
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch).encode("utf-8")
            batch = []
    batch.append(tail)
    yield "".join(batch).encode("utf-8")


def _head(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(prefixes.items()))


def turtle_chunks(index: dict[str, list[tuple[str, str]]], prefixes: dict[str, str]
                  ) -> Iterator[bytes]:
    return _chunks(_head(prefixes), statements(index, prefixes), "")


def trig_chunks(index: dict[str, list[tuple[str, str]]], graph_iri: str,
                prefixes: dict[str, str]) -> Iterator[bytes]:
    graph = Labels(prefixes)[nt.iri(graph_iri)]
    return _chunks(f"{_head(prefixes)}\n{graph} {{", statements(index, prefixes, "    "), "}\n")
