"""Step 4, writing: the validated graph -> files, byte for byte the same on every run.

Everything starts from the graph's N-Triples, sorted. Turtle comes from rdflib with our fixed
prefixes (its output is sorted and only declares prefixes it uses); RDF/XML, TriG and N-Quads from
pyoxigraph, which writes triples in the order given; JSON-LD is compacted by pyld and dumped with
sorted keys. rdflib's own RDF/XML and JSON-LD writers order nodes differently from run to run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from pyld import jsonld
from rdflib import Graph, URIRef

from vngreg.namespaces import PREFIXES


@dataclass
class Publication:
    """What the writers share: the graph, its named-graph IRI and the JSON-LD context."""

    graph: Graph
    graph_iri: URIRef
    context: dict

    @cached_property
    def ntriples(self) -> bytes:
        """N-Triples, one triple a line, sorted: diffable and loadable in bulk."""
        lines = self.graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "".join(line + "\n" for line in sorted(set(lines)) if line.strip()).encode("utf-8")

    @cached_property
    def triples(self) -> list[ox.Triple]:
        return list(ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES))


def with_prefixes(graph: Graph) -> Graph:
    """The graph with our fixed prefixes bound, and none of rdflib's defaults."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    for triple in graph:
        out.add(triple)
    return out


def turtle(pub: Publication) -> bytes:
    return with_prefixes(pub.graph).serialize(format="turtle", encoding="utf-8")


def ntriples(pub: Publication) -> bytes:
    return pub.ntriples


def _prefixes_used(pub: Publication) -> dict[str, str]:
    text = pub.ntriples.decode("utf-8")
    return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items()) if f"<{ns}" in text}


def rdf_xml(pub: Publication) -> bytes:
    return ox.serialize(pub.triples, format=ox.RdfFormat.RDF_XML, prefixes=_prefixes_used(pub))


def _quads(pub: Publication) -> list[ox.Quad]:
    graph = ox.NamedNode(str(pub.graph_iri))
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in pub.triples]


def nquads(pub: Publication) -> bytes:
    return ox.serialize(_quads(pub), format=ox.RdfFormat.N_QUADS)


def trig(pub: Publication) -> bytes:
    return ox.serialize(_quads(pub), format=ox.RdfFormat.TRIG, prefixes=_prefixes_used(pub))


def json_ld(pub: Publication) -> bytes:
    """Compacted JSON-LD with the context inlined, so that a reader needs no network."""
    expanded = jsonld.from_rdf(pub.ntriples.decode("utf-8"), {"format": "application/n-quads"})
    return dumps_json(jsonld.compact(expanded, pub.context))


def load_context(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dumps_json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# The register graph's files in out/: name -> (writer, media type). Other files are copied.
REGISTER_FILES: dict[str, tuple[Callable[[Publication], bytes], str]] = {
    "register.ttl": (turtle, "text/turtle"),
    "register.jsonld": (json_ld, "application/ld+json"),
    "register.nt": (ntriples, "application/n-triples"),
    "register.nq": (nquads, "application/n-quads"),
    "register.trig": (trig, "application/trig"),
    "register.rdf": (rdf_xml, "application/rdf+xml"),
}
