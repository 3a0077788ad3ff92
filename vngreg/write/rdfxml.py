"""RDF/XML from the subject index (vngreg/nt.py), in the N-Triples lines' order.

One `rdf:Description` a subject, one property element a triple: `rdf:resource` (or `rdf:nodeID`)
for a node, else the text with `xml:lang` or `rdf:datatype`. Text is escaped as XML needs it,
a carriage return as `&#13;` (a raw one reaches the reader as a line feed); what XML 1.0 cannot
hold at all (control characters, U+FFFE, U+FFFF) is refused with the subject named, never written.

Faster than pyoxigraph parsing our lines and writing them (benchmarks/writers.py,
docs/performance.md); pyoxigraph also writes carriage returns and control characters raw.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from vngreg import nt, vocab
from vngreg.errors import VngregError

RDF = vocab.RDF.iri
# RDF/XML's own names, which no property element may take (rdf:li would become rdf:_1).
SYNTAX = {RDF + name for name in ("RDF", "ID", "about", "parseType", "resource", "nodeID",
                                  "datatype", "Description", "li", "aboutEach", "aboutEachPrefix",
                                  "bagID")}
# An element's local name: ASCII, where XML 1.0's 4th and 5th editions agree (expat keeps the 4th).
NCNAME_AT_END = re.compile(r"[A-Z_a-z][A-Z_a-z.0-9-]*\Z")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TO_ESCAPE = re.compile(f"[&<>\r{NOT_XML.pattern[1:-1]}]")  # what text cannot hold as it is


def _element(predicate: str, prefix_of: dict[str, str]) -> tuple[str, str]:
    """(start tag's name and namespace, end tag's name) for a predicate's property elements."""
    iri = predicate[1:-1]
    found = NCNAME_AT_END.search(iri) if predicate[0] == "<" else None
    if found is None or iri in SYNTAX:
        raise VngregError(f"RDF/XML cannot name the predicate {predicate} as an element",
                          hint="give it an IRI that ends in a name (a letter, then letters, "
                               "digits, '-', '.' or '_'), or publish in another format")
    namespace, local = iri[:found.start()], found[0]
    prefix = prefix_of.get(namespace)
    if prefix:
        return f"{prefix}:{local}", f"{prefix}:{local}"
    return f"{local} xmlns={quoteattr(namespace)}", local


def _attribute(term: str) -> str:
    """A node term as the attribute that refers to it."""
    if term[0] == "_":
        return f'rdf:nodeID="b{term[2:]}"'  # a blank node label made an XML name
    return f"rdf:resource={quoteattr(term[1:-1])}"


def _escaped(text: str, subject: str) -> str:
    bad = NOT_XML.search(text)
    if bad:
        raise VngregError(f"a text of {subject} holds U+{ord(bad[0]):04X}, which XML cannot carry",
                          hint="remove the control character or non-character from the text")
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def descriptions(index: dict[str, list[tuple[str, str]]], prefixes: dict[str, str]
                 ) -> Iterator[str]:
    elements: dict[str, tuple[str, str]] = {}  # predicate -> its element's tag names
    nodes: dict[str, str] = {}  # a node term -> the attribute that refers to it
    attributes: dict[str, str] = {}  # a literal's "@lang" or "^^<datatype>" -> its attribute
    prefix_of = {ns: prefix for prefix, ns in prefixes.items()}
    for s, pairs in index.items():
        about = f"rdf:about={quoteattr(s[1:-1])}" if s[0] == "<" else f'rdf:nodeID="b{s[2:]}"'
        parts = [f"\t<rdf:Description {about}>\n"]
        for p, o in pairs:
            name = elements.get(p)
            if name is None:
                name = elements[p] = _element(p, prefix_of)
            if o[0] != '"':
                node = nodes.get(o)
                if node is None:
                    node = nodes[o] = _attribute(o)
                parts.append(f"\t\t<{name[0]} {node}/>\n")
                continue
            end = o.rindex('"')
            text = o[1:end] if "\\" not in o else nt.unquote(o[1:end])
            if TO_ESCAPE.search(text):
                text = _escaped(text, s)
            attribute = attributes.get(o[end + 1:])
            if attribute is None:
                suffix = o[end + 1:]
                attribute = attributes[suffix] = (
                    f" xml:lang={quoteattr(suffix[1:])}" if suffix[:1] == "@" else
                    f" rdf:datatype={quoteattr(suffix[3:-1])}" if suffix else "")
            parts.append(f"\t\t<{name[0]}{attribute}>{text}</{name[1]}>\n")
        parts.append("\t</rdf:Description>\n")
        yield "".join(parts)


def rdf_xml_chunks(index: dict[str, list[tuple[str, str]]], prefixes: dict[str, str],
                   size: int = 2000) -> Iterator[bytes]:
    """The document, a few thousand subjects at a time; `prefixes` (prefix -> namespace) are
    declared, rdf always."""
    declared = {**prefixes, "rdf": RDF}
    batch = ['<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF'] + [
        f"\n\txmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(declared.items())] + [">\n"]
    for description in descriptions(index, declared):
        batch.append(description)
        if len(batch) >= size:
            yield "".join(batch).encode("utf-8")
            batch = []
    batch.append("</rdf:RDF>\n")
    yield "".join(batch).encode("utf-8")
