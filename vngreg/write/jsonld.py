"""Step 4, writing JSON-LD: the triples compacted with our context (ontology/context.jsonld), so
that the keys are its readable Dutch terms, written straight to indented JSON.

Our context is fixed and plain: each predicate has at most one term, whose definition says which
kind of value it takes (a language map, an IRI, a typed or plain string) and whether it is always
an array. So compaction is a table made once, applied triple by triple: a value its term fits goes
under the term; any other goes under the predicate's compact IRI (or IRI) as a value object, which
expands to the same triple. A JSON-LD library compacts in minutes what this does in seconds; the
tests read its output back with pyoxigraph and rdflib and compare the graphs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import groupby
from json.encoder import encode_basestring
from operator import itemgetter

from vngreg import nt
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.vocab import RDF

# datatypes JSON-LD treats apart: no term may coerce values to them
SPECIAL_DATATYPES = {nt.XSD_STRING, nt.RDF_LANG_STRING, RDF.iri + "JSON"}
# An absolute IRI, which a context term cannot stand for
ABSOLUTE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\s"\\\x00-\x1f\x7f]*\Z')
# JSON-LD 1.1: a simple term whose IRI ends in a gen-delim character is a prefix for compact IRIs.
PREFIX_IRI = re.compile(r".*[:/?#\[\]@]\Z", re.S)
TERM_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")
LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z")

# what a predicate's values become: a language map, an IRI, a typed or plain string under a term;
# rdf:type; any value under a compact IRI (a predicate with no term)
LANG, IRI, TYPED, STRING, TYPE, OTHER = range(6)

# json.dumps(indent=2): a line break and the indent of each nesting level
NL = tuple("\n" + "  " * level for level in range(8))


class Unsupported(VngregError):
    """The context uses something the table does not model."""

    def __init__(self, what: str):
        super().__init__(f"the JSON-LD context: {what} is more than vngreg's JSON-LD writer "
                         "supports", hint="keep to prefixes, class terms and terms with @id, "
                         "@type and @container @set or @language (ontology/context.jsonld)",
                         exit_code=EXIT_TOOL)


class Compactor:
    """Compacted JSON-LD for the context given, made once and used for many documents."""

    def __init__(self, context: dict):
        self.context = context
        self._table(context)

    # -- the table -----------------------------------------------------------------------------

    def _table(self, context) -> None:
        ctx = context.get("@context") if isinstance(context, dict) else None
        if not isinstance(ctx, dict) or not ctx or len(context) != 1:
            raise Unsupported("the context is not one non-empty object")
        if ctx.get("@version", 1.1) != 1.1:
            raise Unsupported("a JSON-LD version other than 1.1")
        for term in ctx:
            if not TERM_NAME.match(term) and term != "@version":
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
            if not ABSOLUTE_IRI.match(value):
                raise Unsupported(f"IRI {value!r}")
            return value

        id_aliases, type_aliases = [], []
        self.prefixes: list[tuple[str, str]] = []  # (namespace, prefix)
        self.classes: dict[str, str] = {}          # IRI -> simple term
        self.terms: dict[str, tuple] = {}          # '<predicate>' -> (term, kind, argument)
        self.arrays: set[str] = set()              # terms whose value is always an array
        used: dict[str, str] = {}                  # every term's IRI -> term: one term an IRI
        for term, value in ctx.items():
            if term == "@version":
                continue
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
        self.namespaces = tuple(ns for ns, _prefix in self.prefixes)
        # an IRI that starts like a compact IRI would be read as one
        self.confusable = tuple(f"{prefix}:" for _ns, prefix in self.prefixes)
        self.context_json = dumps(ctx, 1)
        self.keys = {**self.terms, nt.RDF_TYPE: (self.type_key, TYPE, None)}
        # the members of value objects under a compact IRI, in sorted order
        self.typed_first = "@value" < self.type_key

    def compact_iri(self, iri: str) -> str:
        """An IRI as a compact IRI where a prefix fits (the shortest, then the least), else the
        IRI itself."""
        if iri.startswith(self.namespaces):
            candidates = [f"{prefix}:{iri[len(ns):]}" for ns, prefix in self.prefixes
                          if iri.startswith(ns) and len(iri) > len(ns)
                          and not iri.startswith("//", len(ns))]  # "p://x" would be an IRI
            if candidates:
                return min(candidates, key=lambda c: (len(c), c))
        if iri.startswith(self.confusable):
            raise VngregError(f"JSON-LD cannot hold the IRI <{iri}>: it reads as a compact IRI",
                              hint="use an IRI whose scheme is no prefix of the JSON-LD context")
        return iri

    def _id(self, term: str) -> str:
        """An IRI or blank node term as the JSON of a node identifier."""
        return encode_basestring(self.compact_iri(term[1:-1]) if term[0] == "<" else term)

    def _vocab(self, term: str) -> str:
        """An IRI term as the JSON of a type or datatype: its class term, else a compact IRI."""
        iri = term[1:-1]
        return encode_basestring(self.classes.get(iri) or self.compact_iri(iri))

    def _key(self, predicate: str) -> str:
        """The key of a predicate's values that its term does not fit (or that have no term)."""
        return encode_basestring(self.compact_iri(predicate[1:-1]))[1:-1]

    # -- documents -----------------------------------------------------------------------------

    def document(self, triples: list[nt.Triple]) -> bytes:
        return b"".join(self.document_chunks(triples))

    def document_chunks(self, triples: list[nt.Triple]) -> list[bytes]:
        """The document for sorted unique triples, as a few large chunks made whole before the
        first is written (nt.batches: a large register's file is not held twice)."""
        pieces = [b'{\n  "@context": ', self.context_json.encode("utf-8"), b',\n  "@graph": [']
        for i, text in enumerate(self._nodes(triples)):
            pieces.append(b",\n    " if i else b"\n    ")
            pieces.append(text)
        pieces.append(b"\n  ]\n}\n" if len(pieces) > 3 else b"]\n}\n")
        return nt.batches(pieces)

    def _nodes(self, triples: list[nt.Triple]) -> Iterator[bytes]:
        """Each subject's node, as UTF-8 JSON at @graph's depth."""
        keys = dict(self.keys)
        ids: dict[str, str] = {}
        vocab: dict[str, str] = {}
        for s, group in groupby(triples, itemgetter(0)):
            fields: dict = {self.id_key: [self._id(s)]}
            for _s, p, o in group:
                slot = keys.get(p)
                if slot is None:
                    slot = keys[p] = (self._key(p), OTHER, None)
                key, kind, argument = slot
                value = None
                if kind == LANG:
                    j = o.rfind('"')
                    plain = j == len(o) - 1
                    language = "@none" if plain else o[j + 2:]  # @none: JSON-LD 1.1
                    if o[0] == '"' and (plain or o[j + 1] == "@" and LANGUAGE.match(language)):
                        text = o[:j + 1]
                        if "\\" in text or not text.isprintable():
                            text = string_json(text)
                        entry = fields.get(key)
                        if entry is None:
                            fields[key] = {language: [text]}
                        elif language in entry:
                            entry[language].append(text)
                        else:
                            entry[language] = [text]
                        continue
                elif kind == IRI or kind == TYPE:
                    if o[0] != '"':
                        table = ids if kind == IRI else vocab
                        value = table.get(o)
                        if value is None:
                            value = table[o] = self._id(o) if kind == IRI else self._vocab(o)
                elif kind == TYPED:
                    if o[0] == '"' and o.endswith(argument):
                        value = o[:len(o) - len(argument) + 1]
                        if "\\" in value or not value.isprintable():
                            value = string_json(value)
                elif kind == STRING:
                    if o[0] == '"' and o[-1] == '"':
                        value = o if "\\" not in o and o.isprintable() else string_json(o)
                if value is None:  # no term for the predicate, or one this value does not fit
                    key = self._key(p) if kind != OTHER else key
                    value = self._value_object(o, ids, vocab, s)
                entry = fields.get(key)
                if entry is None:
                    fields[key] = [value]
                else:
                    entry.append(value)
            yield self._render(fields, 2).encode("utf-8")

    def _value_object(self, o: str, ids: dict, vocab: dict, subject: str):
        """A value as the members of a value object (JSON text, sorted); a plain string as it is."""
        if o[0] != '"':
            value = ids.get(o)
            if value is None:
                value = ids[o] = self._id(o)
            return (f'"{self.id_key}": {value}',)
        if o[-1] == '"':
            return o if "\\" not in o and o.isprintable() else string_json(o)
        j = o.rfind('"')
        text = o[:j + 1]
        text = text if "\\" not in text and text.isprintable() else string_json(text)
        rest = o[j + 1:]
        if rest[:1] == "@":
            if not LANGUAGE.match(rest[1:]):
                raise VngregError(f"{subject}: JSON-LD cannot hold the language tag {rest[1:]!r}",
                                  hint="use a BCP 47 language tag such as nl or en-GB")
            return (f'"@language": "{rest[1:]}"', f'"@value": {text}')
        datatype = rest[2:]
        value = vocab.get(datatype)
        if value is None:
            value = vocab[datatype] = self._vocab(datatype)
        pairs = (f'"@value": {text}', f'"{self.type_key}": {value}')
        return pairs if self.typed_first else pairs[::-1]

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


def string_json(quoted: str) -> str:
    """An N-Triples quoted string ("..." with its escapes) as JSON, as json.dumps writes it."""
    return encode_basestring(nt.unquote(quoted[1:-1]))


def dumps(value, depth: int) -> str:
    """`value` as write.dumps_json writes it at `depth` (json.dumps puts a line break and the
    indent of each level before every member, so a nested value is its own dump, indented)."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", NL[depth])
