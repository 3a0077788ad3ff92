"""TriG and RDF/XML from the light triples (vngreg/nt.py): byte for byte what pyoxigraph 0.5.13
writes when handed the same triples as N-Quads or N-Triples (vngreg.write.formats.trig, .rdf_xml), without
parsing them into Python objects first (that parse is most of pyoxigraph's time).

pyoxigraph's TriG (oxttl's TriGSerializer), reproduced here:
- No triples, no bytes. Otherwise one `@prefix` line for each prefix given, used or not, ordered by
  namespace IRI length in UTF-8 bytes, longest first, equal lengths by prefix name (a stable sort
  of a name-ordered map; Rust's unstable sort is stable up to 20 items, so ties among more
  prefixes are refused).
- `<graph> {`, then the triples in the order given: a subject starts a line after a tab, a new
  predicate of the same subject follows " ;", a line break and two tabs, another object of the same
  predicate follows " , "; " ." ends a subject and "}" the graph.
- rdf:type as predicate is `a`. An IRI becomes `prefix:local` with the first prefix (in the
  order above) that it starts with whose rest is empty or a local name after backslash escapes
  (`_local_name`); else `<iri>`.
- Literals: "..." with \\b \\t \\n \\f \\r \\" \\\\ and \\uXXXX for other controls, U+FFFE and
  U+FFFF; language tags lower-cased; xsd:string dropped; xsd:integer, decimal, double and boolean
  bare when their lexical form is Turtle's; other datatypes as ^^IRI, shortened like any IRI.

Its RDF/XML (oxrdfxml's RdfXmlSerializer, quick-xml indenting with one tab):
- The XML declaration, `rdf:RDF` declaring the prefixes given plus rdf and its (ITS, for RDF 1.2
  text direction), ordered by namespace IRI.
- One element a run of triples with the same subject, with `rdf:about`: the element is named
  after the subject's type when its first triple is an rdf:type (a typed node), else
  `rdf:Description`.
- One property element a triple, named by splitting the predicate IRI before its longest
  trailing XML name: `prefix:name` for a declared namespace, else `name xmlns="namespace"`;
  `rdf:resource` for an IRI, else the text with `xml:lang` (lower-cased) or `rdf:datatype`.
- &, <, >, " and ' escaped in text and attribute values, nothing else (control characters and
  line breaks are written as they are). No line break after `</rdf:RDF>`.

What it does not reproduce exactly, or what pyoxigraph would reject, raises `Unsupported`, for the
caller to hand the triples to pyoxigraph: blank nodes, IRIs outside a conservative subset of RFC
3987, language tags other than language[-Script][-REGION], rdf:langString as a datatype,
malformed terms, predicates RDF/XML cannot name and unusual prefix maps (`_checked_prefixes`).

Speed: Python code runs once per subject (one `%` template a distinct sequence of predicates) and
once per distinct predicate, type, language tag, datatype and unusual term. The distinct terms
are checked and written as a few long strings (str.join, split, replace, encode, one regex for
the IRIs), so the work per triple and per term is C loops. Both make hundreds of thousands of
objects and no cycles: call them with the cycle collector off, as the pipeline does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import compress, groupby
from operator import add, itemgetter
from typing import NamedTuple

from vngreg import nt


class Unsupported(ValueError):
    """The triples or prefixes hold something these writers do not reproduce exactly: serialise
    them with pyoxigraph instead."""


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = f"<{RDF}type>"
ITS = "http://www.w3.org/2005/11/its"
XMLNS = "http://www.w3.org/2000/xmlns/"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
LANG_STRINGS = {RDF + "langString", RDF + "dirLangString"}
# RDF/XML's syntax terms: no property element, and no typed node, can be named after them.
RESERVED = {RDF + name for name in (
    "Description", "li", "RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype")}
# Rust's sort_unstable sorts up to this many items by insertion, which keeps ties in order.
STABLE_SORT_MAX = 20

# IRIs: a subset of RFC 3987 that oxiri accepts, so that refusing the rest is safe.
_UCS = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(  # RFC 3987's ucschar
    f"{chr(plane << 16 | (0x1000 if plane == 14 else 0))}-{chr(plane << 16 | 0xFFFD)}"
    for plane in range(1, 15))
_PCT = "%[0-9A-Fa-f]{2}"
_HOST = f"A-Za-z0-9._~\\-{_UCS}!$&'()*+,;="
_PCHAR = _HOST + ":@"
_IRI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:"
    rf"(?://(?:(?:[{_HOST}:]++|{_PCT})*+@)?(?:[{_HOST}]++|{_PCT})++(?::[0-9]*+)?"
    rf"(?:/(?:[{_PCHAR}/]++|{_PCT})*+)?"
    rf"|(?!//)(?:[{_PCHAR}/]++|{_PCT})*+)"
    rf"(?:\?(?:[{_PCHAR}/?]++|{_PCT})*+)?"
    rf"(?:#(?:[{_PCHAR}/?]++|{_PCT})*+)?")
# IRI terms, a line each
_IRI_LINES = re.compile(f"<(?:{_IRI.pattern})>(?:\n<(?:{_IRI.pattern})>)*+")
_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
_LANG = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?")

# Literals. TriG escapes these characters besides N-Triples' own \\ \n \" \r.
_TRIG_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")
_NT_BODY = re.compile(r'(?:[^"\\\n\r]++|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+')
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRIG_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}
_TRIG_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                      0x22: '\\"', 0x5C: "\\\\"})
_BARE = {  # datatypes with a bare form in Turtle's grammar, and that form
    XSD + "boolean": re.compile("true|false"),
    XSD + "integer": re.compile("[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
}
_XML_ENTITIES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;")]

# Names. Turtle's PN_CHARS_BASE (PN_LOCAL) is XML's NameStartChar without ':' and '_' (NCName).
_PN_CHARS_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
                  "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
                  "\U00010000-\U000effff")
_PN_EXTRA = "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_FIRST = re.compile(f"[{_PN_CHARS_BASE}_:0-9]")
_PN_CHAR = re.compile(f"[{_PN_CHARS_BASE}_:{_PN_EXTRA}]")
_PN_ESCAPABLE = set("_~.-!$&'()*+,;=/?#@%")
_PN_PLAIN = re.compile("[A-Za-z0-9_:][A-Za-z0-9_:\\-]*")  # a local name that needs no check
_XML_LOCAL = re.compile(f"[{_PN_CHARS_BASE}_][{_PN_CHARS_BASE}_.{_PN_EXTRA}]*\\Z")

_IRI_TERMS = re.compile("\n(<[^\n]*)")  # in the terms, a line each
_LITERAL_TERMS = re.compile('\n("[^\n]*)')
_SUBJECT, _OBJECT = itemgetter(0), itemgetter(2)
_FIRST = itemgetter(0)


def trig(triples: list[nt.Triple], graph_iri: str, prefixes: dict[str, str]) -> bytes:
    """The triples as TriG, all in the named graph `graph_iri`, in the order given, with the
    `@prefix` lines of `prefixes` (prefix -> namespace IRI)."""
    return b"".join(trig_chunks(triples, graph_iri, prefixes))


def trig_chunks(triples: list[nt.Triple], graph_iri: str, prefixes: dict[str, str]) -> list[bytes]:
    """trig() as a few large chunks, made whole before the first is written (nt.batches)."""
    with _refusing_surrogates():
        return _trig(triples, graph_iri, prefixes)


def rdf_xml(triples: list[nt.Triple], prefixes: dict[str, str]) -> bytes:
    """The triples as RDF/XML, in the order given, declaring `prefixes` (prefix -> namespace IRI),
    rdf and its."""
    return b"".join(rdf_xml_chunks(triples, prefixes))


def rdf_xml_chunks(triples: list[nt.Triple], prefixes: dict[str, str]) -> list[bytes]:
    """rdf_xml() as a few large chunks, made whole before the first is written (nt.batches)."""
    with _refusing_surrogates():
        return _rdf_xml(triples, prefixes)


def _trig(triples: list[nt.Triple], graph_iri: str, prefixes: dict[str, str]) -> list[bytes]:
    ordered = _trig_prefix_order(_checked_prefixes(prefixes))
    if not triples:
        return []
    terms = set(map(_SUBJECT, triples))
    terms.update(map(_OBJECT, triples))
    text = _trig_texts(_Terms.of(terms), ordered).get  # (term, term): most are their own text
    out = [f"@prefix {name}: <{iri}> .\n" for name, iri in ordered]
    out.append(f"{_trig_iri(_checked_iri(graph_iri), ordered)} {{\n")
    templates: dict[tuple[str, ...], str] = {}
    for s, rows in groupby(triples, _SUBJECT):
        if s[0] != "<":
            raise Unsupported(f"subject {s}: not an IRI")
        _, predicates, objects = zip(*rows)
        template = templates.get(predicates)
        if template is None:
            template = templates[predicates] = _trig_template(predicates, ordered)
        out.append(template % (text(s, s), *map(text, objects, objects)))
    out.append("}\n")
    return nt.batches(out)


def _rdf_xml(triples: list[nt.Triple], prefixes: dict[str, str]) -> list[bytes]:
    namespaces = {iri: name for name, iri in _checked_prefixes(prefixes).items() if name != "rdf"}
    namespaces[RDF] = "rdf"
    namespaces[ITS] = "its"
    head = ['<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF']
    head.extend(f' xmlns:{namespaces[iri]}="{_xml_escape(iri)}"' for iri in sorted(namespaces))
    head.append(">")
    out = ["".join(head).encode()]
    terms = set(map(_SUBJECT, triples))
    terms.update(map(_OBJECT, triples))
    text = _xml_texts(_Terms.of(terms)).__getitem__
    types: dict[str, tuple[bytes, bytes]] = {}  # rdf:type object -> a typed node's tags
    templates: dict[tuple[tuple[str, ...], str], bytes] = {}
    for s, rows in groupby(triples, _SUBJECT):
        if s[0] != "<":
            raise Unsupported(f"subject {s}: not an IRI")
        _, predicates, objects = zip(*rows)
        kinds = "".join(map(_FIRST, objects))  # < for an IRI, " for a literal
        first = objects[0]
        if predicates[0] == RDF_TYPE and kinds[0] == "<" and first[1:-1] not in RESERVED:
            tags = types.get(first)
            if tags is None:
                name, xmlns = _xml_name(first, namespaces)
                tags = types[first] = (f'\n\t<{name}{xmlns} rdf:about="'.encode(),
                                       f"\n\t</{name}>".encode())
            predicates, objects, kinds = predicates[1:], objects[1:], kinds[1:]
        else:
            tags = _DESCRIPTION
        template = templates.get((predicates, kinds))
        if template is None:
            template = templates[predicates, kinds] = _xml_template(predicates, kinds, namespaces)
        out.append(tags[0])
        out.append(template % (text(s), *map(text, objects)))
        out.append(tags[1])
    out.append(b"\n</rdf:RDF>")
    return nt.batches(out)


_DESCRIPTION = (b'\n\t<rdf:Description rdf:about="', b"\n\t</rdf:Description>")


@contextmanager
def _refusing_surrogates() -> Iterator[None]:
    try:
        yield
    except UnicodeEncodeError as exc:  # a lone surrogate: not UTF-8, pyoxigraph cannot have it
        raise Unsupported(str(exc)) from None


def _checked_prefixes(prefixes: dict[str, str]) -> dict[str, str]:
    """The prefix map, if plain: names that are simple NCNames and not reserved (rdf only for its
    own namespace), distinct namespace IRIs that pyoxigraph accepts."""
    checked = {name: str(iri) for name, iri in prefixes.items()}
    for name, iri in checked.items():
        if (not _PREFIX_NAME.fullmatch(name) or name.lower().startswith("xml")
                or name in ("its", "oxprefix") or (name == "rdf" and iri != RDF)):
            raise Unsupported(f"prefix {name!r}")
        if iri in (ITS, XMLNS):
            raise Unsupported(f"prefix {name!r}: namespace {iri} is reserved")
        _checked_iri(iri)
    if len(set(checked.values())) < len(checked):
        raise Unsupported("two prefixes for one namespace")
    return checked


def _trig_prefix_order(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """oxttl's order: by prefix name, then (stably) by namespace length in bytes, longest first."""
    by_name = sorted(prefixes.items())
    lengths = [len(iri.encode("utf-8")) for _, iri in by_name]
    if len(by_name) > STABLE_SORT_MAX and len(set(lengths)) < len(lengths):
        raise Unsupported(f"{len(by_name)} prefixes, some of equal length: their order is unknown")
    return sorted(by_name, key=lambda item: -len(item[1].encode("utf-8")))


class _Terms(NamedTuple):
    """Distinct terms, checked and taken apart for the writers. The literals without a backslash
    escape are taken apart as one string: joined by line breaks, each has exactly two quotes, so
    that splitting at the quotes gives each one's lexical form and suffix in turn."""

    iris: list[str]
    iri_lines: str  # the IRIs, a line each
    literals: list[str]  # the literals without a backslash escape
    forms: list[str]  # their lexical forms
    suffixes: list[str]  # their "", "@language" or "^^<datatype>", + a line break but the last
    escaped: list[str]  # the literals with a backslash escape: checked and written one by one

    @classmethod
    def of(cls, terms: set[str]) -> _Terms:
        if not terms:
            return cls([], "", [], [], [], [])
        # One pass over the terms, which lie all over memory; then regexes over one string.
        text = "\n%s\n" % "\n".join(terms)
        iris, literals = _IRI_TERMS.findall(text), _LITERAL_TERMS.findall(text)
        if len(iris) + len(literals) < len(terms) or text.count("\n") != len(terms) + 1:
            other = next(term for term in terms
                         if not term.startswith(("<", '"')) or "\n" in term)
            raise Unsupported(f"{other!r}: not an IRI or a literal (no blank nodes)")
        iri_lines = "\n".join(iris)
        if iris and not _IRI_LINES.fullmatch(iri_lines):
            raise Unsupported(f"IRI {next(iri for iri in iris if not _IRI_LINES.fullmatch(iri))}")
        lines = "\n".join(literals)
        escaped = []
        if "\\" in lines:
            escaped = [literal for literal in literals if "\\" in literal]
            literals = [literal for literal in literals if "\\" not in literal]
            lines = "\n".join(literals)
        if not literals:
            return cls(iris, iri_lines, [], [], [], escaped)
        parts = lines.split('"')
        suffixes = parts[2::2]
        # n lines, 2n quotes, each line break at the end of a suffix: each line is "form"suffix.
        if (len(parts) != 2 * len(literals) + 1 or "\r" in lines or "\n" in suffixes[-1]
                or not all(suffix.endswith("\n") for suffix in set(suffixes[:-1]))):
            raise Unsupported("a literal with an unescaped quote or line break")
        return cls(iris, iri_lines, literals, parts[1::2], suffixes, escaped)


def _trig_texts(terms: _Terms, prefixes: list[tuple[str, str]]) -> dict[str, str]:
    """The TriG text of each term that is not its N-Triples text. Most terms are (IRIs no prefix
    covers, literals of a plain string or lower-case language tag without escapes); most others
    differ in their suffix only (a datatype shortened, a language tag lower-cased)."""
    texts: dict[str, str] = {}
    if prefixes:
        covered = re.compile("(?:^|\n)(<(?:%s)[^\n]*)" % "|".join(
            re.escape(iri) for _, iri in prefixes))
        for iri in covered.findall(terms.iri_lines):
            texts[iri] = _trig_iri(iri[1:-1], prefixes)
    one_by_one = list(terms.escaped)
    if terms.literals:
        ends: dict[str, str] = {}  # suffix -> TriG's, where they differ
        for suffix in set(terms.suffixes):
            plain = suffix.removesuffix("\n")
            kind = _trig_suffix(plain)
            if kind == "^^" and plain[3:-1] in _BARE:
                one_by_one.extend(compress(terms.literals, map(suffix.__eq__, terms.suffixes)))
                continue
            if kind == "^^":
                kind += _trig_iri(plain[3:-1], prefixes)
            if kind != plain:
                ends[suffix] = kind
        if ends:
            changed = list(map(ends.__contains__, terms.suffixes))
            texts.update(zip(compress(terms.literals, changed), map(
                '"%s"%s'.__mod__, zip(compress(terms.forms, changed),
                                      map(ends.__getitem__, compress(terms.suffixes, changed))))))
        if not "".join(terms.forms).isprintable():  # a quick test that there is no control
            one_by_one.extend(compress(terms.literals, map(_TRIG_CONTROL.search, terms.forms)))
    for literal in one_by_one:
        texts[literal] = _trig_literal(literal, prefixes)
    return texts


def _trig_suffix(suffix: str) -> str:
    """A literal's suffix in TriG; "^^" for a datatype, which may be shortened or may give bare
    forms (_trig_literal sees to those)."""
    if not suffix:
        return suffix
    if suffix[0] == "@":
        if not _LANG.fullmatch(suffix, 1):
            raise Unsupported(f"language tag {suffix}")
        return suffix.lower()
    if suffix.startswith("^^<") and suffix[-1] == ">":
        datatype = _checked_iri(suffix[3:-1])
        if datatype in LANG_STRINGS:
            raise Unsupported(f"datatype {suffix[2:]} without a language")
        return "" if datatype == XSD_STRING else "^^"
    raise Unsupported(f"a literal ending in {suffix}")


def _trig_literal(term: str, prefixes: list[tuple[str, str]]) -> str:
    form, value, lang, datatype = _literal(term)
    if lang:
        return f'"{form}"@{lang}'
    if datatype is None:
        return f'"{form}"'
    bare = _BARE.get(datatype)
    if bare is not None and bare.fullmatch(value):
        return value
    return f'"{form}"^^{_trig_iri(datatype, prefixes)}'


def _trig_template(predicates: tuple[str, ...], prefixes: list[tuple[str, str]]) -> str:
    """A subject's statement with %s for the subject and each object: a predicate after " ;",
    an object of the same predicate after " , "."""
    parts = ["\t%s "]
    last = None
    for p in predicates:
        if p == last:
            parts.append(" , %s")
            continue
        if last is not None:
            parts.append(" ;\n\t\t")
        if p == RDF_TYPE:
            parts.append("a %s")
        else:
            if p[0] != "<" or p[-1] != ">":
                raise Unsupported(f"predicate {p}: not an IRI")
            parts.append(_trig_iri(_checked_iri(p[1:-1]), prefixes).replace("%", "%%") + " %s")
        last = p
    parts.append(" .\n")
    return "".join(parts)


def _trig_iri(iri: str, prefixes: list[tuple[str, str]]) -> str:
    for name, namespace in prefixes:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if not local or _PN_PLAIN.fullmatch(local):
                return f"{name}:{local}"
            escaped = _local_name(local)
            if escaped is not None:
                return f"{name}:{escaped}"
    return f"<{iri}>"


def _local_name(local: str) -> str | None:
    """oxttl's escape_local_name: the local name with backslash escapes, or None if it has a
    character that can be neither written nor escaped."""
    out = []
    last = len(local) - 1
    for i, c in enumerate(local):
        if _PN_FIRST.match(c) if i == 0 else (_PN_CHAR.match(c) or (c == "." and i < last)):
            out.append(c)
        elif c in _PN_ESCAPABLE:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)


def _xml_texts(terms: _Terms) -> dict[str, bytes]:
    """Each term's text in RDF/XML: an IRI's attribute value, a literal's attributes, ">" and
    text."""
    texts: dict[str, bytes] = {}
    if terms.iris:  # IRIs have no "<", ">" or line break: one string, escaped at once
        values = _xml_escape(terms.iri_lines[1:-1].replace(">\n<", "\n")).encode()
        texts.update(zip(terms.iris, values.split(b"\n")))
    if terms.literals:
        attributes = {suffix: _xml_attributes(suffix.removesuffix("\n"))
                      for suffix in set(terms.suffixes)}
        values = _xml_escape("\n".join(terms.forms)).encode().split(b"\n")
        texts.update(zip(terms.literals, map(add, map(attributes.__getitem__, terms.suffixes),
                                             values)))
    for literal in terms.escaped:
        _, value, lang, datatype = _literal(literal)
        suffix = f"@{lang}" if lang else f"^^<{datatype}>" if datatype else ""
        texts[literal] = _xml_attributes(suffix) + _xml_escape(value).encode()
    return texts


def _xml_attributes(suffix: str) -> bytes:
    """A literal's attributes in RDF/XML, and the ">" after them."""
    kind = _trig_suffix(suffix)  # checks the suffix
    if kind.startswith("@"):
        return f' xml:lang="{kind[1:]}">'.encode()
    if kind:
        return f' rdf:datatype="{_xml_escape(suffix[3:-1])}">'.encode()
    return b">"


def _xml_template(predicates: tuple[str, ...], kinds: str, namespaces: dict[str, str]) -> bytes:
    """A node element's rdf:about value and property elements, with %s for the about value and
    each object's text."""
    parts = ['%s">']
    for p, kind in zip(predicates, kinds):
        if p[1:-1] in RESERVED:
            raise Unsupported(f"predicate {p}: an RDF/XML syntax term")
        name, xmlns = _xml_name(p, namespaces)
        parts.append(f"\n\t\t<{name}{xmlns}".replace("%", "%%"))
        parts.append(f"%s</{name}>" if kind == '"' else ' rdf:resource="%s"/>')
    return "".join(parts).encode()


def _xml_name(term: str, namespaces: dict[str, str]) -> tuple[str, str]:
    """An element's name and xmlns attribute (or "") for an IRI: oxrdfxml's split_iri and
    uri_to_qname_and_xmlns."""
    if term[0] != "<" or term[-1] != ">":
        raise Unsupported(f"{term}: not an IRI")
    iri = _checked_iri(term[1:-1])
    local = _XML_LOCAL.search(iri)
    if local is None:
        raise Unsupported(f"{term}: no XML name at its end")
    namespace, name = iri[:local.start()], local.group()
    prefix = namespaces.get(namespace)
    if prefix is not None:
        return f"{prefix}:{name}", ""
    if namespace == XMLNS:
        raise Unsupported(f"{term}: in the xmlns namespace")
    return name, f' xmlns="{_xml_escape(namespace)}"'


def _literal(term: str) -> tuple[str, str, str | None, str | None]:
    """(lexical form as TriG writes it between quotes, lexical form, lower-case language tag,
    datatype IRI other than xsd:string) of an N-Triples literal term."""
    head, _, suffix = term.rpartition('"')
    form = head[1:]
    if "\\" in form or _TRIG_CONTROL.search(form):
        if not _NT_BODY.fullmatch(form):
            raise Unsupported(f"literal {term}")
        try:
            value = nt.unquote(form)
        except ValueError:  # a \U escape beyond Unicode
            raise Unsupported(f"literal {term}") from None
        if _SURROGATE.search(value):
            raise Unsupported(f"literal {term}: a surrogate code point")
        form = value.translate(_TRIG_ESCAPES)
    elif '"' in form or not head:
        raise Unsupported(f"literal {term}")
    else:
        value = form
    kind = _trig_suffix(suffix)
    if kind.startswith("@"):
        return form, value, kind[1:], None
    return form, value, None, suffix[3:-1] if kind else None


def _checked_iri(iri: str) -> str:
    if not _IRI.fullmatch(iri):
        raise Unsupported(f"IRI <{iri}>")
    return iri


def _xml_escape(text: str) -> str:
    for char, entity in _XML_ENTITIES:  # "in" first: most texts have few of them, or none
        if char in text:
            text = text.replace(char, entity)
    return text

