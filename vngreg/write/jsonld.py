"""Step 4, writing JSON-LD fast: the compacted document that pyld and `write.dumps_json` give for
sorted triples (write.json_ld), byte for byte, in a fraction of the time.

pyld's compaction chooses a term for every value (~0.1 ms a triple) and json.dumps with `indent`
runs the pure-Python encoder. Our context is fixed and plain: each predicate has one term, whose
definition says which kind of value it takes and whether it is always an array. So that choice is
a table made once, applied node by node, and each node is written straight to indented JSON.
A node with anything the table does not cover is compacted by pyld; a document the table cannot
reason about at all (blank nodes, RDF lists, a context with other features) is pyld's whole.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring

from vngreg import nt
from vngreg.namespaces import RDF

RDF_NIL = nt.iri(str(RDF.nil))  # as an object, it makes pyld join list nodes into @list arrays
# datatypes pyld's from_rdf treats specially: a plain string, a language string, a JSON literal
SPECIAL_DATATYPES = {nt.XSD_STRING, nt.RDF_LANG_STRING, str(RDF.JSON)}

# An IRI pyld keeps as it is (absolute, see pyld's _is_absolute_iri) and json.dumps writes as it is
# (no quote, backslash or control character).
PLAIN_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\s"\\\x00-\x1f\x7f]*\Z')
# JSON-LD 1.1: a simple term whose IRI ends in a gen-delim character is a prefix for compact IRIs.
PREFIX_IRI = re.compile(r".*[:/?#\[\]@]\Z", re.S)
TERM_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")
# a language tag that pyld's expansion (which lowercases tags) leaves as it is
LANGUAGE = re.compile(r"[a-z]{1,8}(-[a-z0-9]{1,8})*\Z")

# what a predicate's values become: a language map, an IRI, a typed or plain string under a term;
# rdf:type; any value under a compact IRI (a predicate with no term)
LANG, IRI, TYPED, STRING, TYPE, OTHER = range(6)

# json.dumps(indent=2): a line break and the indent of each nesting level
NL = tuple("\n" + "  " * level for level in range(8))


class Unsupported(Exception):
    """The context uses something the table does not model: pyld does every document."""


class Compactor:
    """Compacted JSON-LD for the context given, made once and used for many documents."""

    def __init__(self, context: dict):
        self.context = context
        self.nodes_by_pyld = 0      # nodes handed to pyld, over all documents
        self.documents_by_pyld = 0  # documents handed to pyld whole
        try:
            self._table(context)
            self.unsupported = None
        except Unsupported as exc:
            self.unsupported = str(exc)

    # -- the table -----------------------------------------------------------------------------

    def _table(self, context) -> None:
        ctx = context.get("@context") if isinstance(context, dict) else None
        if not isinstance(ctx, dict) or not ctx or len(context) != 1:
            raise Unsupported("the context is not one non-empty object")
        for term in ctx:
            if not TERM_NAME.match(term):
                raise Unsupported(f"term {term!r}")
        iris: dict[str, str] = {}  # term -> IRI, for the simple (string) terms

        def resolve(term: str, seen: tuple = ()) -> str:
            if term in iris:
                return iris[term]
            value = ctx[term]
            if not isinstance(value, str) or value.startswith("@") or term in seen:
                raise Unsupported(f"term {term!r}")
            iris[term] = expand(value, seen + (term,))
            return iris[term]

        def expand(value: str, seen: tuple = ()) -> str:
            prefix, colon, suffix = value.partition(":")
            if colon and prefix in ctx and not suffix.startswith("//"):
                namespace = resolve(prefix, seen)
                if not PREFIX_IRI.match(namespace):
                    raise Unsupported(f"{value!r}: {prefix!r} is not a prefix")
                value = namespace + suffix
            if not PLAIN_IRI.match(value):
                raise Unsupported(f"IRI {value!r}")
            return value

        id_aliases, type_aliases = [], []
        self.prefixes: list[tuple[str, str]] = []  # (namespace, prefix)
        self.classes: dict[str, str] = {}          # IRI -> simple term
        self.terms: dict[str, tuple] = {}          # '<predicate>' -> (term, kind, argument)
        self.arrays: set[str] = set()              # terms whose value is always an array
        used: dict[str, str] = {}                  # every term's IRI -> term: one term an IRI
        for term, value in ctx.items():
            if value == "@id":
                id_aliases.append(term)
                continue
            if value == "@type":
                type_aliases.append(term)
                continue
            if isinstance(value, str):
                iri = resolve(term)
                if PREFIX_IRI.match(iri):
                    self.prefixes.append((iri, term))
                else:
                    self.classes[iri] = term
            elif isinstance(value, dict) and isinstance(value.get("@id"), str) and (
                    set(value) <= {"@id", "@type", "@container"}):
                iri = expand(value["@id"])
                container, datatype = value.get("@container"), value.get("@type")
                if PREFIX_IRI.match(iri) or container not in (None, "@set", "@language") or (
                        container == "@language" and datatype is not None):
                    raise Unsupported(f"term {term!r}")
                if container == "@language":
                    kind, argument = LANG, None
                elif datatype == "@id":
                    kind, argument = IRI, None
                elif datatype is None:
                    kind, argument = STRING, None
                elif isinstance(datatype, str) and not datatype.startswith("@"):
                    datatype = expand(datatype)
                    if datatype in SPECIAL_DATATYPES:
                        raise Unsupported(f"term {term!r}")
                    kind, argument = TYPED, f'"^^<{datatype}>'
                else:
                    raise Unsupported(f"term {term!r}")
                self.terms[f"<{iri}>"] = (term, kind, argument)
                if container == "@set":
                    self.arrays.add(term)
            else:
                raise Unsupported(f"term {term!r}")
            if iri in used:
                raise Unsupported(f"two terms for {iri}")
            used[iri] = term
        if len(id_aliases) > 1 or len(type_aliases) > 1:
            raise Unsupported("two aliases for one keyword")
        self.id_key = id_aliases[0] if id_aliases else "@id"
        self.type_key = type_aliases[0] if type_aliases else "@type"
        self.inverse = set(used)  # IRIs that pyld's term selection could turn into a term
        self.namespaces = tuple(ns for ns, _prefix in self.prefixes)
        # an IRI that starts like a compact IRI makes pyld fail ("IRI confused with prefix")
        self.confusable = tuple(f"{prefix}:" for _ns, prefix in self.prefixes)
        self.context_json = dumps(ctx, 1)
        self.keys = {**self.terms, nt.RDF_TYPE: (self.type_key, TYPE, None)}
        # the members of value objects under a compact IRI, in sorted order
        self.typed_first = "@value" < self.type_key

    def compact_iri(self, iri: str) -> str | None:
        """An IRI as a compact IRI where a prefix fits (the shortest, then the least), as pyld's
        _compact_iri does with no term; None where pyld would fail or change the IRI."""
        if not PLAIN_IRI.match(iri) or iri.startswith(self.confusable):
            return None
        if iri.startswith(self.namespaces):
            candidates = [f"{prefix}:{iri[len(ns):]}" for ns, prefix in self.prefixes
                          if iri.startswith(ns) and len(iri) > len(ns)]
            if candidates:
                return min(candidates, key=lambda c: (len(c), c))
        return iri

    def _id(self, term: str) -> str | None:
        """An IRI term as the JSON of a node identifier (not a vocabulary term)."""
        if term[0] != "<" or term == RDF_NIL:
            return None
        iri = self.compact_iri(term[1:-1])
        return None if iri is None else f'"{iri}"'

    def _vocab(self, term: str) -> str | None:
        """An IRI term as the JSON of a type or datatype: its class term, else a compact IRI."""
        iri = term[1:-1]
        if iri in SPECIAL_DATATYPES:
            return None
        if iri in self.classes:
            return f'"{self.classes[iri]}"'
        if iri in self.inverse:
            return None
        iri = self.compact_iri(iri)
        return None if iri is None else f'"{iri}"'

    def _key(self, predicate: str) -> tuple:
        """The key and kind for a predicate with no term; kind None where pyld must decide."""
        iri = predicate[1:-1] if predicate[0] == "<" else None
        key = None if iri is None or iri in self.inverse else self.compact_iri(iri)
        return (key, OTHER if key else None, None)

    # -- documents -----------------------------------------------------------------------------

    def document(self, triples: list[nt.Triple]) -> bytes:
        """The compacted JSON-LD file for sorted unique triples: write.json_ld's bytes."""
        return b"".join(self.document_chunks(triples))

    def document_chunks(self, triples: list[nt.Triple]) -> list[bytes]:
        """document() as a few large chunks, made whole before the first is written (nt.batches:
        a large register's file is not held twice)."""
        if self.unsupported:
            return [self._pyld_document(triples)]
        nodes, fallback, last = self._nodes(triples)
        if nodes is None:
            return [self._pyld_document(triples)]
        if fallback:
            several = nodes or fallback[0][0] != fallback[-1][0]
            by_pyld = self._pyld_nodes(fallback) if several else None
            if by_pyld is None:
                return [self._pyld_document(triples)]
            nodes.extend(by_pyld)
        if not nodes:
            return [f'{{\n  "@context": {self.context_json}\n}}\n'.encode("utf-8")]
        if len(nodes) == 1:
            last["@context"] = self.context_json
            return [(self._render(last, 0) + "\n").encode("utf-8")]
        nodes.sort()
        pieces = [b'{\n  "@context": ', self.context_json.encode("utf-8"), b',\n  "@graph": [\n    ']
        for i, (_s, text) in enumerate(nodes):
            if i:
                pieces.append(b",\n    ")
            pieces.append(text)
        del nodes
        pieces.append(b"\n  ]\n}\n")
        return nt.batches(pieces)

    def _nodes(self, triples: list[nt.Triple]):
        """([(subject IRI, node as UTF-8 JSON at @graph's depth)], the triples of the nodes left
        to pyld, the last node's members); None for the nodes where pyld must do the document:
        a blank node, an RDF list (pyld joins its nodes), subjects out of order."""
        keys = self.keys
        ids: dict[str, str | None] = {}
        vocab: dict[str, str | None] = {}
        languages: set[str] = set()
        nodes: list[tuple[str, bytes]] = []
        fallback: list[nt.Triple] = []
        subject = ""
        start = 0
        fields: dict = {}
        bad = False
        for i, (s, p, o) in enumerate(triples):
            if s != subject:
                if i:
                    if bad:
                        fallback.extend(triples[start:i])
                    else:
                        bad = self._finish(subject, fields, nodes)
                        if bad:
                            fallback.extend(triples[start:i])
                if s <= subject or s[0] != "<":
                    return None, None, None
                subject, start, fields, bad = s, i, {}, False
            if bad:
                continue
            slot = keys.get(p)
            if slot is None:
                slot = keys[p] = self._key(p)
            key, kind, argument = slot
            if kind == LANG:
                j = o.rfind('"')
                if j < 1 or o[0] != '"':
                    bad = True
                    continue
                if j == len(o) - 1:  # a plain string: JSON-LD 1.1 keys it "@none"
                    language, value = "@none", o
                else:  # "@tag"; a datatype's "^^<...>" fails LANGUAGE
                    language = o[j + 2:]
                    if language not in languages:
                        if not LANGUAGE.match(language):
                            bad = True
                            continue
                        languages.add(language)
                    value = o[:j + 1]
                if "\\" in value or not value.isprintable():
                    value = string_json(value)
                entry = fields.get(key)
                if entry is None:
                    fields[key] = {language: [value]}
                elif language in entry:
                    entry[language].append(value)
                else:
                    entry[language] = [value]
                continue
            if kind == IRI or kind == TYPE:
                value = (ids if kind == IRI else vocab).get(o, "")
                if value == "":
                    if o[0] != "<":
                        bad = True
                        continue
                    value = (ids if kind == IRI else vocab)[o] = (
                        self._id(o) if kind == IRI else self._vocab(o))
                if value is None:
                    bad = True
                    continue
            elif kind == TYPED:
                if o[0] != '"' or not o.endswith(argument):
                    bad = True
                    continue
                value = o[:len(o) - len(argument) + 1]
                if "\\" in value or not value.isprintable():
                    value = string_json(value)
            elif kind == STRING:
                if o[0] != '"' or o[-1] != '"':
                    bad = True
                    continue
                value = o if "\\" not in o and o.isprintable() else string_json(o)
            elif kind == OTHER:
                value = self._value_object(o, ids, vocab)
                if value is None:
                    bad = True
                    continue
            else:
                bad = True
                continue
            entry = fields.get(key)
            if entry is None:
                fields[key] = [value]
            else:
                entry.append(value)
        if triples:
            if not bad:
                bad = self._finish(subject, fields, nodes)
            if bad:
                fallback.extend(triples[start:])
        for s, _p, o in fallback:
            if o == RDF_NIL or o[0] == "_" or s[0] == "_":
                return None, None, None
        return nodes, fallback, fields

    def _value_object(self, o: str, ids: dict, vocab: dict):
        """A value under a compact-IRI key, as pyld writes it: a plain string as it is, anything
        else as the members of a value object (JSON text, sorted)."""
        if o[0] == "<":
            value = ids.get(o, "")
            if value == "":
                value = ids[o] = self._id(o)
            return None if value is None else (f'"{self.id_key}": {value}',)
        if o[0] != '"':
            return None
        if o[-1] == '"':
            return o if "\\" not in o and o.isprintable() else string_json(o)
        j = o.rfind('"')
        text = o[:j + 1]
        text = text if "\\" not in text and text.isprintable() else string_json(text)
        rest = o[j + 1:]
        if rest[:1] == "@":
            if not LANGUAGE.match(rest[1:]):
                return None
            return (f'"@language": "{rest[1:]}"', f'"@value": {text}')
        if rest[:3] != "^^<":
            return None
        datatype = rest[2:]
        value = vocab.get(datatype, "")
        if value == "":
            value = vocab[datatype] = self._vocab(datatype)
        if value is None:
            return None
        pairs = (f'"@value": {text}', f'"{self.type_key}": {value}')
        return pairs if self.typed_first else pairs[::-1]

    def _finish(self, subject: str, fields: dict, nodes: list) -> bool:
        """Add the node's identifier and its JSON to `nodes`; True where pyld must do it."""
        value = self._id(subject)
        if value is None:
            return True
        fields[self.id_key] = [value]
        nodes.append((subject[1:-1], self._render(fields, 2).encode("utf-8")))
        return False

    def _render(self, fields: dict, depth: int) -> str:
        """A node's members as json.dumps(indent=2, sort_keys=True) writes them at `depth`."""
        arrays = self.arrays
        in1, in2, in3 = NL[depth + 1], NL[depth + 2], NL[depth + 3]
        parts = []
        for key in sorted(fields):
            values = fields[key]
            if type(values) is str:  # the context, already JSON
                parts.append(f'"{key}": {values}')
            elif type(values) is dict:
                entries = []
                for language in sorted(values):
                    texts = values[language]
                    if len(texts) == 1:
                        entries.append(f'"{language}": {texts[0]}')
                    else:
                        entries.append(f'"{language}": [{in3}' + f",{in3}".join(texts) + f"{in2}]")
                parts.append(f'"{key}": {{{in2}' + f",{in2}".join(entries) + f"{in1}}}")
            elif len(values) == 1 and key not in arrays:
                value = values[0]
                if type(value) is tuple:
                    value = f"{{{in2}" + f",{in2}".join(value) + f"{in1}}}"
                parts.append(f'"{key}": {value}')
            else:
                items = [value if type(value) is str else
                         f"{{{in3}" + f",{in3}".join(value) + f"{in2}}}" for value in values]
                parts.append(f'"{key}": [{in2}' + f",{in2}".join(items) + f"{in1}]")
        return "{" + in1 + f",{in1}".join(parts) + NL[depth] + "}"

    # -- pyld ----------------------------------------------------------------------------------

    def _pyld(self, triples: list[nt.Triple]):
        from pyld import jsonld  # here: it imports aiohttp and asyncio, 0.1 s

        from vngreg.write.formats import pyld_dataset  # here: write may come to import this module
        return jsonld.compact(jsonld.from_rdf(pyld_dataset(triples), {}), self.context)

    def _pyld_document(self, triples: list[nt.Triple]) -> bytes:
        self.documents_by_pyld += 1
        return (dumps(self._pyld(triples), 0) + "\n").encode("utf-8")

    def _pyld_nodes(self, triples: list[nt.Triple]) -> list[tuple[str, bytes]] | None:
        """The nodes of these triples compacted by pyld, as (subject IRI, JSON at @graph's depth):
        with no blank nodes and no lists, pyld compacts each node on its own. None where pyld
        dropped a node (one whose every predicate is a relative IRI): the whole document is its."""
        compacted = self._pyld(triples)
        nodes = compacted.get("@graph")
        if nodes is None:
            compacted.pop("@context", None)
            nodes = [compacted] if compacted else []
        subjects = sorted({s[1:-1] for s, _p, _o in triples})
        if len(nodes) != len(subjects):
            return None
        self.nodes_by_pyld += len(nodes)
        return [(s, dumps(node, 2).encode("utf-8")) for s, node in zip(subjects, nodes)]


def string_json(quoted: str) -> str:
    """An N-Triples quoted string ("..." with its escapes) as JSON, as json.dumps writes it."""
    return encode_basestring(nt.unquote(quoted[1:-1]))


def dumps(value, depth: int) -> str:
    """`value` as write.dumps_json writes it at `depth` (json.dumps puts a line break and the
    indent of each level before every member, so a nested value is its own dump, indented)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", NL[depth])
