"""The linkset: the register's links to other registers (GEMMA Online, ADMS, OSLO) as plain SKOS
mappings, in out/koppelingen.ttl and .nt.

In the register graph a link is gs:gelijkAan or gs:vergelijkbaarMet, declared sub-properties of
skos:exactMatch and skos:closeMatch (ontology/gs.ttl), because NL-SBB, which the register's
concept schemes meet, requires both ends of a SKOS mapping to be concepts described in the same
graph, and a standard or another register's page is not. The linkset states what RDFS entailment
gives from those links, for a store or harvester that does not infer: one SKOS mapping per link,
nothing else. The catalogue describes it as a void:Linkset, a subset of the register's dataset.
"""

from __future__ import annotations

from vngreg.vocab import GS, SKOS
from vngreg.write import formats as write
from vngreg.write.formats import Publication

MAPPINGS = {GS.gelijkAan: SKOS.exactMatch, GS.vergelijkbaarMet: SKOS.closeMatch}
FILES = {"koppelingen.ttl": (write.turtle_chunks, "text/turtle"),
         "koppelingen.nt": (write.ntriples, "application/n-triples")}


def linkset(register: Publication) -> Publication:
    """The SKOS mappings the register graph's links entail, sorted like any graph we write."""
    triples = sorted({(s, MAPPINGS[p], o) for s, pairs in register.index.items()
                      for p, o in pairs if p in MAPPINGS})
    return Publication(triples, register.graph_iri, register.context)
