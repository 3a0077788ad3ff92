"""Turtle from the light triples (vngreg/nt.py): byte for byte what rdflib 7.6's serializer writes
for the same graph with our prefixes bound (vngreg.write.formats.with_prefixes), without an rdflib Graph.

rdflib's layout, reproduced here (rdflib/plugins/serializers/turtle.py):
- `@prefix` lines, sorted by prefix, for the prefixes some IRI was shortened with: a subject,
  predicate, object or literal datatype, even one whose literal prints bare (`1`, `true`).
- Subjects: instances of rdfs:Class first, by IRI; then the rest by how often each is an object,
  then by IRI. One statement each: a blank line, the subject, its predicates (rdf:type as `a`,
  then rdfs:label, then by IRI) joined by " ;" and four spaces, their objects (IRIs by IRI, then
  literals by datatype, language and value) by "," and eight spaces, and " .". One more line
  feed ends the file.
- An IRI becomes `prefix:local` where rdflib's qname rules allow it (`_Names._pname`).
- Literals: xsd:integer, xsd:decimal and xsd:boolean bare; a string with a line feed in triple
  quotes (`_quote`); `@lang` and `^^datatype` as in N-Triples.
What it does not reproduce exactly it refuses with `Unsupported`, for the caller to use rdflib.

Speed: the work per triple is done by C loops (map, groupby, dict lookups, %-formatting); Python
code runs once per distinct term and once per subject, with one template per distinct sequence of
predicates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from itertools import chain, count, groupby, repeat
from math import isinf
from operator import itemgetter
from typing import NamedTuple
from unicodedata import category

from rdflib.namespace import XMLNS

from vngreg import nt
from vngreg.namespaces import OWL, RDF, RDFS, XSD


class Unsupported(ValueError):
    """The triples hold something this writer does not reproduce exactly (blank nodes, literals
    rdflib would rewrite or cannot order, ...): serialise them with rdflib instead."""


def turtle(triples: list[nt.Triple], prefixes: dict[str, str]) -> bytes:
    """The sorted unique triples as Turtle, declaring those of `prefixes` (prefix -> namespace
    IRI) that are used."""
    return b"".join(turtle_chunks(triples, prefixes))


def turtle_chunks(triples: list[nt.Triple], prefixes: dict[str, str]) -> Iterator[bytes]:
    """turtle(), as a few thousand statements at a time (to stream a large graph to a file). All
    is worked out before the first chunk, so Unsupported is raised by this call itself."""
    try:
        return _turtle(triples, _Names(prefixes))
    except _Generate as needed:
        # rdflib binds ns1 to the namespace of a predicate that has no prefix; as it does so
        # before it writes anything, the result is as if ns1 had been bound from the start.
        prefix = next(f"ns{n}" for n in count(1) if f"ns{n}" not in prefixes)
        return _turtle(triples, _Names({**prefixes, prefix: needed.namespace}, generated=prefix))


_SUBJECT, _PREDICATE, _OBJECT = itemgetter(0), itemgetter(1), itemgetter(2)
_IRI_VALUE = itemgetter(slice(1, -1))


def _turtle(triples: list[nt.Triple], names: _Names) -> Iterator[bytes]:
    refs = Counter(map(_OBJECT, triples))  # rdflib orders subjects by how often they are objects
    names.prepare(refs)
    labels = names.labels
    get = labels.get  # get(term, term): most terms are their own label
    texts: dict[str, str] = {}  # subject -> its statement but the subject, in input order
    classes: list[str] = []  # the subjects that are an rdfs:Class
    plans: dict[tuple[str, ...], _Plan] = {}
    for s, rows in groupby(triples, _SUBJECT):
        _, predicates, objects = zip(*rows)
        plan = plans.get(predicates)
        if plan is None:
            plan = plans[predicates] = names.plan(predicates)
        template, fields, runs, type_run = plan
        values = list(map(get, objects, objects))
        for start, end in runs:
            values.append(names.sorted_labels(objects[start:end]))
        if s in texts or s[0] != "<":
            raise Unsupported(f"subject {s}: not an IRI, or its triples are not together")
        texts[s] = template % fields(values)
        if type_run and _RDFS_CLASS in objects[type_run[0]:type_run[1]]:
            classes.append(s)
    names.prepare(texts.keys() - refs.keys())
    if names.generated in names.used and names.generated not in names.used_by_verbs:
        # rdflib declares a generated prefix that no predicate shows only if it happens to meet
        # the other IRIs after the predicate, and it meets them in hash order
        raise Unsupported(f"prefix {names.generated} is used, but by no predicate")

    classes.sort(key=_IRI_VALUE)
    is_class = set(classes)
    others = [s for s in texts if s not in is_class] if classes else list(texts)
    others.sort(key=_IRI_VALUE)
    others.sort(key=refs.__getitem__)  # stable: by IRI where the counts are equal
    subjects = classes + others
    head = "".join(f"@prefix {prefix}: <{names.namespaces[prefix]}> .\n"
                   for prefix in sorted(names.used))
    return _chunks(head, subjects, get, texts)


def _chunks(head: str, subjects: list[str], get, texts: dict[str, str],
            size: int = 2000) -> Iterator[bytes]:
    yield head.encode("utf-8", "replace")
    for start in range(0, len(subjects), size):
        part = subjects[start:start + size]
        yield "".join(chain.from_iterable(zip(repeat("\n"), map(get, part, part),
                                              map(texts.pop, part)))).encode("utf-8", "replace")
    yield b"\n"


class _Plan(NamedTuple):
    """How to write a subject with a given sequence of predicates."""

    template: str  # the statement after the subject, with a %s for each object or object list
    fields: Callable[[list[str]], tuple[str, ...]]  # the labels for the template, in its order
    runs: list[tuple[int, int]]  # (start, end) of the predicates with more than one object
    type_run: tuple[int, int] | None  # where the rdf:type objects are


class _Generate(Exception):
    """A predicate needs a generated prefix for this namespace."""

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.namespace = namespace


_RDF_TYPE = nt.RDF_TYPE
_RDFS_CLASS = f"<{RDFS.Class}>"
_RDF_NIL = f"<{RDF.nil}>"
_RDFS_LABEL = f"<{RDFS.label}>"
_XSD_STRING = str(XSD.string)
_XMLNS = str(XMLNS)  # rdflib's split_uri treats it apart
_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_LANG_TAG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*\Z")  # rdflib.term._lang_tag_regex
_INVALID_IRI = re.compile(r'[<>" {}|\\^`]')  # rdflib.term._invalid_uri_chars

# rdflib.namespace.split_uri: a local name is a run of name characters that starts with a letter,
# digit or "_". The ASCII ones as strings, for str.rstrip and str.lstrip.
_NAME_CATEGORIES = {"Ll", "Lu", "Lo", "Lt", "Nl", "Mc", "Me", "Mn", "Lm", "Nd"}
_SPLIT_START_CATEGORIES = {"Ll", "Lu", "Lo", "Lt", "Nl", "Nd"}
_ALLOWED_NAME_CHARS = {"\u00B7", "\u0387", "-", ".", "_", "%", "(", ")"}
_ASCII_NAME = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._%()"
_ASCII_NAME_NOT_START = "-.%()"
_PERCENT_NOT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")

# Literal datatypes by how rdflib treats them. Those in rdflib's table of known datatypes
# (rdflib.term._toPythonMapping) but not reproduced here are refused; any other datatype is
# opaque to rdflib: its literals are kept as written and ordered by lexical form.
_INTEGERS = {str(XSD[name]) for name in (
    "integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    "positiveInteger")}
_DECIMAL = str(XSD.decimal)
_NUMERIC = _INTEGERS | {_DECIMAL}
_BOOLEAN = str(XSD.boolean)
_DATE = str(XSD.date)
_HEX_BINARY = str(XSD.hexBinary)
_STRINGS = {_XSD_STRING, str(XSD.anyURI)}
_BARE = {str(XSD.integer), _DECIMAL, _BOOLEAN}  # of rdflib's _PLAIN_LITERAL_TYPES
KNOWN_DATATYPES = _NUMERIC | {_BOOLEAN, _DATE, _HEX_BINARY} | _STRINGS
REFUSED_DATATYPES = {str(iri) for iri in (
    RDF.HTML, RDF.XMLLiteral, XSD.base64Binary, XSD.dateTime, XSD.dayTimeDuration, XSD.double,
    XSD.duration, XSD.float, XSD.language, XSD.normalizedString, XSD.time, XSD.token,
    XSD.yearMonthDuration, OWL.rational)}

_CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,3999})\Z")
_DECIMAL_FORM = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_HEX_FORM = re.compile(r"(?:[0-9a-f]{2})*\Z")


class _Names:
    """Labels of terms, each worked out once: IRIs as rdflib's qname rules allow, literals as
    rdflib quotes them. Remembers which prefixes were used."""

    def __init__(self, prefixes: dict[str, str], generated: str | None = None):
        self.generated = generated  # the prefix bound for a predicate's namespace, if any
        self.namespaces = {prefix: str(ns) for prefix, ns in prefixes.items()}
        self.prefix_of = {ns: prefix for prefix, ns in self.namespaces.items()}
        if len(self.prefix_of) != len(self.namespaces):
            raise Unsupported("two prefixes for one namespace")
        for prefix, ns in self.namespaces.items():
            if not _PREFIX_NAME.match(prefix) or not ns or _INVALID_IRI.search(ns):
                raise Unsupported(f"prefix {prefix!r} or namespace <{ns}>")
        self.longest_first = sorted(self.prefix_of, key=len, reverse=True)
        self.shortenable = tuple(f"<{ns}" for ns in self.prefix_of)  # what an IRI must start with
        self.used: set[str] = set()
        self.used_by_verbs: set[str] = set()
        self.labels: dict[str, str] = {}  # term -> label, where the two differ
        self.longer: dict[str, list[str]] = {}  # split namespace -> bound ones that extend it
        self.lang_ends: tuple[str, ...] = ()  # '"@tag' for the language tags checked
        self.numbers: set[str] = set()  # the numeric literals
        self.datatypes: dict[str, tuple[str, str]] = {}  # IRI -> (label, how it is treated)
        self.iri_lists: dict[tuple[str, ...], str] = {}  # objects that are all IRIs -> their text

    def prepare(self, terms) -> None:
        """Check subject and object terms and store the labels that differ from the term."""
        labels, shortenable = self.labels, self.shortenable
        for term in terms:
            first = term[0]
            if first == '"':
                if "\\" in term or not (term[-1] == '"' or term.endswith(self.lang_ends)):
                    label = self._literal(term)[0]
                    if label != term:
                        labels[term] = label
            elif first == "<":
                if term.startswith(shortenable):
                    label = self._pname(term[1:-1], verb=False)
                    if label:
                        labels[term] = label
                elif _INVALID_IRI.search(term, 1, len(term) - 1):
                    raise Unsupported(f"IRI {term}")
                if term == _RDF_NIL:
                    labels[term] = "()"
            else:
                raise Unsupported(f"blank node {term}")

    def plan(self, predicates: tuple[str, ...]) -> _Plan:
        """How to write a subject whose triples have these predicates (see _Plan). rdflib's order
        of predicates: rdf:type (as `a`) first, then rdfs:label, then by IRI."""
        runs: list[list] = []  # [predicate, start, end]
        for i, p in enumerate(predicates):
            if runs and runs[-1][0] == p:
                runs[-1][2] = i + 1
            else:
                runs.append([p, i, i + 1])
        if len({p for p, _start, _end in runs}) != len(runs):
            raise Unsupported(f"triples not sorted by predicate: {predicates}")
        keyed = sorted((self._verb(p), start, end) for p, start, end in runs)
        verbs, fields, multiple, type_run = [], [], [], None
        for (_key, verb), start, end in keyed:
            verbs.append(verb.replace("%", "%%") + " %s")
            if end - start == 1:
                fields.append(start)
            else:
                fields.append(len(predicates) + len(multiple))
                multiple.append((start, end))
            if predicates[start] == _RDF_TYPE:
                type_run = (start, end)
        template = " " + " ;\n    ".join(verbs) + " .\n"
        getter = itemgetter(*fields) if len(fields) > 1 else lambda values: (values[fields[0]],)
        return _Plan(template, getter, multiple, type_run)

    def _verb(self, p: str) -> tuple[tuple[int, str], str]:
        """A predicate's sort key and label."""
        if p[0] != "<":
            raise Unsupported(f"predicate {p}")
        if p == _RDF_TYPE:
            return (0, ""), "a"  # a keyword: rdflib declares no prefix for it
        verb = self._pname(p[1:-1], verb=True)
        if verb:
            self.used_by_verbs.add(verb[:verb.index(":")])
        if p == _RDF_NIL:
            verb = "()"
        return (1 if p == _RDFS_LABEL else 2, p[1:-1]), verb or p

    def sorted_labels(self, objects: tuple[str, ...]) -> str:
        """One predicate's objects in rdflib's order, joined: IRIs by IRI, then literals by
        datatype, language and value. Where values tie (1.0 and 1.00, "x" and "x"^^xsd:string)
        or numbers of different datatypes meet, rdflib's order is the input's: refused."""
        if objects[0][0] == "<":  # in N-Triples order literals come first: all are IRIs
            found = self.iri_lists.get(objects)
            if found is None:
                found = self.iri_lists[objects] = self._sorted_labels(objects)
            return found
        if objects[-1][0] == '"':  # all are literals
            keys = []
            for o in objects:
                end = o.rindex('"')
                if o[-1] == ">" or "\\" in o:
                    break
                keys.append((o[end + 1:], o[1:end]))  # ("@lang" or "", lexical form)
            else:  # plain and language-tagged literals without escapes: their label is the term
                if len(set(keys)) != len(keys):
                    raise Unsupported(f"objects rdflib cannot order: {objects}")
                return ",\n        ".join([o for _key, o in sorted(zip(keys, objects))])
        return self._sorted_labels(objects)

    def _sorted_labels(self, objects: tuple[str, ...]) -> str:
        keys = [(0, o[1:-1]) if o[0] == "<" else self._literal(o)[1] for o in objects]
        if len(set(keys)) != len(keys):
            raise Unsupported(f"objects rdflib cannot order: {objects}")
        if self.numbers and not self.numbers.isdisjoint(objects):
            if len({key[1] for key in keys if key[0] == 1 and key[1] in _NUMERIC}) > 1:
                raise Unsupported(f"numbers of different datatypes in one list: {objects}")
        get = self.labels.get
        return ",\n        ".join([get(o, o) for _key, o in sorted(zip(keys, objects))])

    def _pname(self, iri: str, verb: bool) -> str | None:
        """rdflib's TurtleSerializer.get_pname over NamespaceManager.compute_qname: split the IRI
        after its last character that cannot be in a local name, at the first letter, digit or "_"
        after that; take the longest bound namespace that starts with the first part and is
        longer, else the first part; shorten if it is bound and the rest does not end with "."."""
        if _INVALID_IRI.search(iri) or iri.startswith(_XMLNS):
            raise Unsupported(f"IRI <{iri}>")
        split = _split(iri)
        if split is None:
            prefix = self.prefix_of.get(iri)
            if prefix is None:
                return None
            self.used.add(prefix)
            return f"{prefix}:"
        end = split
        longer = self.longer.get(iri[:split])
        if longer is None:
            namespace = iri[:split]
            longer = self.longer[namespace] = [
                ns for ns in self.longest_first if len(ns) > split and ns.startswith(namespace)]
        for ns in longer:
            if iri.startswith(ns):
                end = len(ns)
                break
        prefix = self.prefix_of.get(iri[:end])
        if prefix is None:
            if verb:
                if self.generated:  # rdflib numbers ns1, ns2, ... in hash order
                    raise Unsupported(f"predicates in two namespaces without a prefix: <{iri}>")
                raise _Generate(iri[:end])
            return None
        local = iri[end:]
        if "(" in local or ")" in local:
            local = local.replace("(", r"\(").replace(")", r"\)")
        if "%" in local:
            local = _PERCENT_NOT_ESCAPE.sub(r"\\%", local)
        if local.endswith("."):
            return None
        self.used.add(prefix)
        return f"{prefix}:{local}"

    def _datatype(self, iri: str) -> tuple[str, str]:
        """A datatype's label and how its literals are treated."""
        found = self.datatypes.get(iri)
        if found is None:
            if iri in REFUSED_DATATYPES:
                raise Unsupported(f"literals of datatype <{iri}>")
            kind = iri if iri in KNOWN_DATATYPES else "opaque"
            found = self.datatypes[iri] = (self._pname(iri, verb=False) or f"<{iri}>", kind)
        return found

    def _literal(self, term: str) -> tuple[str, tuple]:
        """A literal's label and sort key (after IRIs' (0, iri)); checks it on the way."""
        end = term.rindex('"')
        lexical = term[1:end]
        if "\\" in lexical:
            lexical = nt.unquote(lexical)
            if nt.quote(lexical) != term[:end + 1]:
                raise Unsupported(f"literal {term} not in canonical N-Triples form")
            quoted = _quote(lexical)
        else:
            quoted = term[:end + 1]  # no quote, backslash or line break to escape
        suffix = term[end + 1:]
        if not suffix:
            return quoted, (1, _XSD_STRING, "", lexical)
        if suffix[0] == "@":
            lang = suffix[1:]
            if '"' + suffix not in self.lang_ends:
                if not _LANG_TAG.match(lang):
                    raise Unsupported(f"language tag in {term}")
                self.lang_ends += ('"' + suffix,)
            return quoted + suffix, (1, _XSD_STRING, lang, lexical)
        if not suffix.startswith("^^<") or suffix[-1] != ">":
            raise Unsupported(f"literal {term}")
        datatype = suffix[3:-1]
        dt_label, kind = self._datatype(datatype)
        value = _value(kind, lexical, term)
        if kind in _NUMERIC:
            self.numbers.add(term)
        label = lexical if datatype in _BARE else f"{quoted}^^{dt_label}"
        if datatype == _DECIMAL and "." not in lexical:
            label += ".0"
        return label, (1, datatype, "", value)


def _value(kind: str, lexical: str, term: str):
    """The value rdflib orders a literal by, for a lexical form that rdflib keeps as it is; other
    forms (rdflib writes "01"^^xsd:integer as 1, "1"^^xsd:boolean as true) are refused."""
    if kind in _STRINGS or kind == "opaque" or kind == _HEX_BINARY and _HEX_FORM.match(lexical):
        return lexical  # hexBinary: bytes order is the order of their lowercase hex
    if kind in _INTEGERS:
        if _CANONICAL_INTEGER.match(lexical) and lexical != "-0":
            return int(lexical)
    elif kind == _DECIMAL:
        if (_DECIMAL_FORM.match(lexical) and f"{Decimal(lexical):f}" == lexical
                and not isinf(float(lexical))):  # rdflib writes those beyond floats quoted
            return Decimal(lexical)
    elif kind == _BOOLEAN:
        if lexical in ("true", "false"):
            return lexical == "true"
    elif kind == _DATE and _DATE_FORM.match(lexical):
        try:
            return date.fromisoformat(lexical)
        except ValueError:
            pass
    raise Unsupported(f"literal {term}: rdflib would rewrite it or could not order it")


def _quote(lexical: str) -> str:
    """rdflib's Literal._quote_encode: a string with a line feed goes in triple quotes."""
    if "\n" in lexical:
        encoded = lexical.replace("\\", "\\\\")
        if '"""' in lexical:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        return '"""%s"""' % encoded.replace("\r", "\\r")
    return '"%s"' % lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")


def _split(iri: str) -> int | None:
    """Where rdflib.namespace.split_uri splits the IRI into namespace and local name; None where
    it cannot."""
    if iri.isascii():
        last = len(iri.rstrip(_ASCII_NAME)) - 1
        if last < 0:
            return None
        start = iri[last + 1:].lstrip(_ASCII_NAME_NOT_START)
        if start:
            return len(iri) - len(start)
    else:
        for last in range(len(iri) - 1, -1, -1):
            c = iri[last]
            if category(c) not in _NAME_CATEGORIES and c not in _ALLOWED_NAME_CHARS:
                break
        else:
            return None
        for j in range(last + 1, len(iri)):
            if iri[j] == "_" or category(iri[j]) in _SPLIT_START_CATEGORIES:
                return j
    # split_uri then goes on from the start of the IRI: it fails on a scheme's first letter
    first = iri[0]
    if first == "_" or category(first) in _SPLIT_START_CATEGORIES:
        return None
    raise Unsupported(f"IRI <{iri}>")
