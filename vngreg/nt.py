"""Triples as N-Triples term strings: the pipeline's light representation of a graph.

A term is the exact text N-Triples gives it (as rdflib 7's nt writer does): `<iri>`, `_:id`,
`"lexical"`, `"lexical"@lang` or `"lexical"^^<datatype>`, with `\\`, a line feed, `"` and a carriage
return escaped in the lexical form. A triple is a tuple (s, p, o) of such strings, and a graph is a
sorted list of unique triples: sorted as their N-Triples lines sort, which for terms that cannot
contain a space outside literals is the same as sorting the tuples.

Making a term is an f-string, comparing or hashing one is a str operation: at 100,000 standards
(2.7 million triples) this is what keeps mapping, validation and writing linear and small.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from vngreg import vocab

Triple = tuple[str, str, str]

RDF_TYPE = vocab.RDF.type
XSD = vocab.XSD.iri  # datatypes below are full IRIs without brackets
RDF_LANG_STRING = vocab.RDF.iri + "langString"
XSD_STRING = XSD + "string"


def iri(value: str) -> str:
    return f"<{value}>"


def quote(lexical: str) -> str:
    if "\\" in lexical or "\n" in lexical or '"' in lexical or "\r" in lexical:
        lexical = (lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
                   .replace("\r", "\\r"))
    return f'"{lexical}"'


def literal(lexical: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term; `datatype` is a full IRI without brackets."""
    if lang:
        return f"{quote(lexical)}@{lang}"
    if datatype:
        return f"{quote(lexical)}^^<{datatype}>"
    return quote(lexical)


def unquote(lexical: str) -> str:
    if "\\" not in lexical:
        return lexical
    out, i = [], 0
    escapes = {"\\": "\\", "n": "\n", '"': '"', "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'"}
    while i < len(lexical):
        c = lexical[i]
        if c == "\\":
            nxt = lexical[i + 1]
            if nxt in escapes:
                out.append(escapes[nxt])
                i += 2
                continue
            width = 4 if nxt == "u" else 8
            out.append(chr(int(lexical[i + 2:i + 2 + width], 16)))
            i += 2 + width
            continue
        out.append(c)
        i += 1
    return "".join(out)


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of a literal term; datatype None for plain strings
    and language-tagged ones."""
    end = term.rindex('"')
    lexical = unquote(term[1:end])
    rest = term[end + 1:]
    if rest.startswith("@"):
        return lexical, rest[1:], None
    if rest.startswith("^^<"):
        return lexical, None, rest[3:-1]
    return lexical, None, None


def is_literal(term: str) -> bool:
    return term[0] == '"'


def is_iri(term: str) -> bool:
    return term[0] == "<"


def value(term: str) -> str:
    """An IRI's or blank node's text without its brackets; a literal's lexical form."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"':
        return split_literal(term)[0]
    return term


def parse_line(line: str) -> Triple:
    """One line of N-Triples as we write it: single spaces between terms, " ." at the end."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest[:-2].rstrip()


def parse(data: bytes | str) -> list[Triple]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [parse_line(line) for line in text.splitlines() if line.strip()]


def lines(triples: Iterable[Triple]) -> bytes:
    """The triples as N-Triples, one a line, in the order given."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")


def chunks(index: dict[str, list[tuple[str, str]]], graph: str | None = None,
           size: int = 2000) -> Iterator[bytes]:
    """The index as N-Triples (or, with `graph`, N-Quads), a few thousand subjects at a time: a
    writer can stream it to a file without ever holding the whole text."""
    end = f" {graph} .\n" if graph else " .\n"
    batch: list[str] = []
    for s, pairs in index.items():
        batch.extend(f"{s} {p} {o}{end}" for p, o in pairs)
        if len(batch) >= size:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def batches(pieces: list, size: int = 4096) -> list[bytes]:
    """A file made as a list of str or bytes pieces, as a few large chunks of UTF-8: each chunk
    joins `size` pieces, and each piece is let go as soon as it is joined, so that the file is in
    memory about once (a single join would hold the pieces and the whole text, and an encode a
    third copy). Encoding happens here, before the first chunk is written: a lone surrogate
    raises UnicodeEncodeError now, not halfway through a file. `pieces` is emptied."""
    out = []
    for start in range(0, len(pieces), size):
        end = min(start + size, len(pieces))
        part = pieces[start:end]
        pieces[start:end] = [None] * (end - start)
        joined = "".join(part) if isinstance(part[0], str) else b"".join(part)
        out.append(joined.encode("utf-8") if isinstance(joined, str) else joined)
    pieces.clear()
    return out


def by_subject(triples: Iterable[Triple]) -> dict[str, list[tuple[str, str]]]:
    """Subject -> its (predicate, object) pairs, in the order given (sorted stays sorted)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        pairs = index.get(s)
        if pairs is None:
            index[s] = [(p, o)]
        else:
            pairs.append((p, o))
    return index


def from_turtle(data, base_iri: str | None = None) -> list[Triple]:
    """Turtle (bytes or a binary file) parsed by pyoxigraph, as sorted unique triples."""
    import pyoxigraph as ox
    return sorted(set(from_oxigraph(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base_iri))))


def from_oxigraph(quads) -> Iterator[Triple]:
    """pyoxigraph's parsed quads (or triples) as our triples, graph names dropped."""
    import pyoxigraph as ox

    def term(node) -> str:
        if isinstance(node, ox.Literal):
            datatype = node.datatype.value  # pyoxigraph gives plain strings xsd:string
            return literal(node.value, node.language,
                           None if node.language or datatype == XSD_STRING else datatype)
        if isinstance(node, ox.BlankNode):
            return f"_:{node.value}"
        return iri(node.value)
    return ((term(q.subject), term(q.predicate), term(q.object)) for q in quads)


def to_rdflib(triples: Iterable[Triple]):
    """The triples as an rdflib Graph (for pySHACL, rdflib's writers and tests)."""
    from rdflib import Graph
    return Graph(bind_namespaces="none").parse(data=lines(triples), format="nt")


def from_rdflib(graph) -> list[Triple]:
    """An rdflib graph's triples, sorted (for tests and for graphs we still build with rdflib)."""
    return sorted({(s.n3(), p.n3(), _n3(o)) for s, p, o in graph})


def _n3(term) -> str:
    from rdflib import Literal
    if isinstance(term, Literal):
        return literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    return term.n3()


class Builder:
    """A small graph under construction (the catalogue, provenance): add triples, ask what objects
    a subject has, get them sorted and unique."""

    def __init__(self):
        self._pairs: dict[str, set[tuple[str, str]]] = {}  # subject -> (predicate, object)

    def add(self, s: str, p: str, o: str | None) -> None:
        if o is not None:
            self._pairs.setdefault(s, set()).add((p, o))

    def texts(self, s: str, p: str, text: dict[str, str] | None) -> None:
        for lang, value in (text or {}).items():
            self.add(s, p, literal(value, lang))

    def describe(self, s: str, pairs: list[tuple[str, str]] | tuple) -> None:
        """Add the subject's (predicate, object) pairs, as an index holds them (copied)."""
        if pairs:
            self._pairs.setdefault(s, set()).update(pairs)

    def objects(self, *predicates: str) -> dict[str, set[str]]:
        """Every object of each of `predicates`, whoever the subject (one pass over the graph)."""
        found: dict[str, set[str]] = {p: set() for p in predicates}
        for pairs in self._pairs.values():
            for p, o in pairs:
                if p in found:
                    found[p].add(o)
        return found

    def triples(self) -> list[Triple]:
        """Sorted: by subject, then by each subject's pairs (the order of the N-Triples lines)."""
        return [(s, p, o) for s in sorted(self._pairs) for p, o in sorted(self._pairs[s])]
