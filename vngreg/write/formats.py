"""Step 4, writing: the validated triples -> files, byte for byte the same on every run.

Everything starts from the sorted unique triples (vngreg/nt.py). N-Triples are those triples a line
each; N-Quads the same lines with the graph IRI; TriG and RDF/XML are streamed through pyoxigraph,
which writes triples in the order given. Turtle is rdflib's layout with our fixed prefixes and
JSON-LD is pyld's compaction with sorted keys, both reproduced byte for byte by our own writers
(vngreg/write/turtle.py, vngreg/write/jsonld.py), which hand rdflib or pyld what they do not cover: those two
libraries take minutes where the writers take seconds at 100,000 standards. rdflib's own RDF/XML
and JSON-LD writers order nodes differently from run to run.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from vngreg import nt
from vngreg.namespaces import PREFIXES


@dataclass
class Publication:
    """What the writers share: the sorted unique triples (vngreg/nt.py), the named-graph IRI and
    the JSON-LD context."""

    triples: list[nt.Triple]
    graph_iri: str
    context: dict
    by_subject: dict[str, list[tuple[str, str]]] | None = None  # the index, when already made

    @classmethod
    def of_graph(cls, graph: Graph, graph_iri, context: dict) -> "Publication":
        """For the small graphs still made with rdflib (catalogue, provenance, site pages)."""
        return cls(nt.from_rdflib(graph), str(graph_iri), context)

    def release(self) -> None:
        """Drop the rdflib Graph a fallback may have made (the triples and index stay)."""
        self.__dict__.pop("graph", None)

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, for what our own writers hand to rdflib."""
        return nt.to_rdflib(self.triples)

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
        return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items()) if used(str(ns))}


def with_prefixes(graph: Graph) -> Graph:
    """The graph with our fixed prefixes bound, and none of rdflib's defaults."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    for triple in graph:
        out.add(triple)
    return out


def turtle(pub: Publication) -> bytes:
    """rdflib's Turtle, byte for byte, made by vngreg/write/turtle.py from the sorted triples; rdflib
    itself writes what that module does not reproduce exactly (blank nodes, say)."""
    return b"".join(turtle_chunks(pub))


def turtle_chunks(pub: Publication) -> Iterator[bytes]:
    """turtle(), streamed a few thousand statements at a time."""
    from vngreg.write import turtle as fast
    try:
        return fast.turtle_chunks(pub.triples, PREFIXES)
    except fast.Unsupported:
        return iter([with_prefixes(pub.graph).serialize(format="turtle", encoding="utf-8")])


def ntriples(pub: Publication) -> Iterator[bytes]:
    return nt.chunks(pub.index)


# Below this many triples pyoxigraph parsing our lines back is quicker than importing
# vngreg/write/rdfxml_trig.py (0.15 s: its IRI grammar); both give the same bytes.
OWN_WRITERS_FROM = 50_000


def rdf_xml(pub: Publication) -> bytes | list[bytes]:
    """pyoxigraph's RDF/XML, byte for byte, by vngreg/write/rdfxml_trig.py for a large graph (in
    chunks); what that does not reproduce exactly, pyoxigraph writes itself, parsing the
    N-Triples as they are made."""
    if len(pub.triples) >= OWN_WRITERS_FROM:
        from vngreg.write import rdfxml_trig
        try:
            return rdfxml_trig.rdf_xml_chunks(pub.triples, pub.prefixes_used)
        except rdfxml_trig.Unsupported:
            pass
    lines = nt.Reader(nt.chunks(pub.index))
    return ox.serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.RDF_XML, prefixes=pub.prefixes_used)


def nquads(pub: Publication) -> Iterator[bytes]:
    return nt.chunks(pub.index, nt.iri(pub.graph_iri))


def trig(pub: Publication) -> bytes | list[bytes]:
    """pyoxigraph's TriG, byte for byte, by vngreg/write/rdfxml_trig.py (or by pyoxigraph, as rdf_xml)."""
    if len(pub.triples) >= OWN_WRITERS_FROM:
        from vngreg.write import rdfxml_trig
        try:
            return rdfxml_trig.trig_chunks(pub.triples, pub.graph_iri, pub.prefixes_used)
        except rdfxml_trig.Unsupported:
            pass
    quads = nt.Reader(nt.chunks(pub.index, nt.iri(pub.graph_iri)))
    return ox.serialize(ox.parse(quads, format=ox.RdfFormat.N_QUADS),
                        format=ox.RdfFormat.TRIG, prefixes=pub.prefixes_used)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def pyld_dataset(triples: list[nt.Triple]) -> dict:
    """The triples as pyld's internal RDF dataset. Handing pyld N-Quads text instead costs time
    quadratic in the number of triples: its parser drops a duplicate by comparing each new triple
    with every one before it (pyld 3.3, nquads.py)."""
    def node(term: str) -> dict:
        if term.startswith("_:"):
            return {"type": "blank node", "value": term}
        return {"type": "IRI", "value": term[1:-1]}
    out = []
    for s, p, o in triples:
        if o[0] == '"':
            lexical, lang, datatype = nt.split_literal(o)
            obj = {"type": "literal", "value": lexical,
                   "datatype": RDF_LANG_STRING if lang else datatype or XSD_STRING}
            if lang:
                obj["language"] = lang
        else:
            obj = node(o)
        out.append({"subject": node(s), "predicate": node(p), "object": obj})
    return {"@default": out}


def json_ld(pub: Publication) -> bytes:
    """Compacted JSON-LD with the context inlined, so that a reader needs no network: pyld's
    compaction, byte for byte, made by vngreg/write/jsonld.py (which hands pyld what it cannot do)."""
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

# What each register file costs to make, relative to the others (seconds at 100,000 standards,
# benchmarks/steps.py): on two processes the costliest are started first (vngreg/write/parallel.py).
COST = {"register.ttl": 8.0, "register.jsonld": 11.0, "register.nt": 2.5, "register.nq": 2.9,
        "register.trig": 7.9, "register.rdf": 8.8}
