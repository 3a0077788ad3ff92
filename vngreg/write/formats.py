"""Step 4, writing: the validated triples -> files, byte for byte the same on every run.

Everything starts from the sorted unique triples (vngreg/nt.py) and their subject index. Each
format is written by our own code, because each is faster end to end than pyoxigraph parsing our
N-Triples lines and serialising them (benchmarks/writers.py, docs/performance.md): N-Triples and
N-Quads are the index's lines; Turtle and TriG vngreg/write/turtle.py, RDF/XML
vngreg/write/rdfxml.py; JSON-LD is compacted with our context by vngreg/write/jsonld.py. What each
promises is the graph, checked by reading every format back with two parsers (tests), not bytes
of another library.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from vngreg import nt
from vngreg.write import rdfxml
from vngreg.vocab import PREFIXES
from vngreg.write import turtle as own_turtle


@dataclass
class Publication:
    """What the writers share: the sorted unique triples (vngreg/nt.py), the named-graph IRI and
    the JSON-LD context."""

    triples: list[nt.Triple]
    graph_iri: str
    context: dict
    by_subject: dict[str, list[tuple[str, str]]] | None = None  # the index, when already made

    @cached_property
    def index(self) -> dict[str, list[tuple[str, str]]]:
        """Subject -> its (predicate, object) pairs, sorted."""
        return self.by_subject if self.by_subject is not None else nt.by_subject(self.triples)

    @cached_property
    def iris(self) -> tuple[list[str], set[str]]:
        """One pass over the graph for what the writers and the catalogue ask of its IRIs: all of
        them, sorted (datatypes included), and its vocabulary (predicates and classes)."""
        iris = set(self.index)
        vocabulary = set()
        for pairs in self.index.values():
            for p, o in pairs:
                vocabulary.add(p)
                if o[0] == "<":
                    iris.add(o)
                    if p == nt.RDF_TYPE:
                        vocabulary.add(o)
                elif o[-1] == ">":
                    iris.add(o[o.rindex("^^<") + 2:])
        return sorted(iris | vocabulary), vocabulary

    @cached_property
    def prefixes_used(self) -> dict[str, str]:
        """Our prefixes whose namespace starts an IRI of the graph (datatypes included)."""
        ordered = self.iris[0]

        def used(namespace: str) -> bool:  # the first IRI at or after it starts with it, if any does
            at = bisect.bisect_left(ordered, f"<{namespace}")
            return at < len(ordered) and ordered[at].startswith(f"<{namespace}")
        return {prefix: ns for prefix, ns in sorted(PREFIXES.items()) if used(ns)}


def turtle(pub: Publication) -> bytes:
    return b"".join(turtle_chunks(pub))


def turtle_chunks(pub: Publication) -> Iterator[bytes]:
    return own_turtle.turtle_chunks(pub.index, pub.prefixes_used)


def ntriples(pub: Publication) -> Iterator[bytes]:
    return nt.chunks(pub.index)


def nquads(pub: Publication) -> Iterator[bytes]:
    return nt.chunks(pub.index, nt.iri(pub.graph_iri))


def trig(pub: Publication) -> Iterator[bytes]:
    return own_turtle.trig_chunks(pub.index, pub.graph_iri, pub.prefixes_used)


def rdf_xml(pub: Publication) -> Iterator[bytes]:
    return rdfxml.rdf_xml_chunks(pub.index, pub.prefixes_used)


def json_ld(pub: Publication) -> bytes:
    """Compacted JSON-LD with the context inlined, so that a reader needs no network."""
    return b"".join(json_ld_chunks(pub))


def json_ld_chunks(pub: Publication) -> list[bytes]:
    """json_ld() in a few large chunks (the file is not held twice)."""
    return _compactor(pub.context).document_chunks(pub.triples)


_COMPACTORS: dict[int, tuple[dict, object]] = {}


def _compactor(context: dict):
    """One Compactor per context (the site writes a document per resource with the same one)."""
    from vngreg.write.jsonld import Compactor
    known = _COMPACTORS.get(id(context))
    if known is None or known[0] is not context:
        known = _COMPACTORS[id(context)] = (context, Compactor(context))
    return known[1]


def load_context(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dumps_json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# The register graph's files in out/: name -> (writer, media type). Other files are copied.
# A writer gives the file's bytes, or streams them in chunks.
REGISTER_FILES: dict[str, tuple[Callable[[Publication], bytes | Iterator[bytes]], str]] = {
    "register.ttl": (turtle_chunks, "text/turtle"),
    "register.jsonld": (json_ld_chunks, "application/ld+json"),
    "register.nt": (ntriples, "application/n-triples"),
    "register.nq": (nquads, "application/n-quads"),
    "register.trig": (trig, "application/trig"),
    "register.rdf": (rdf_xml, "application/rdf+xml"),
}
