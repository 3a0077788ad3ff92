"""Validation, fast: the SHACL Core features our shapes use, over N-Triples terms by subject.

pySHACL is the reference and stays the fallback. `compile_shapes` reads a shapes graph once (its
triples as N-Triples terms, which `vngreg.validate.shacl.load_shapes` reads with pyoxigraph, so
neither rdflib nor pySHACL is imported to validate) and raises `Unsupported` for any SHACL feature this module does
not implement, so it never passes what it did not check. Implemented: targets sh:targetClass (with
the data's rdfs:subClassOf), implicit class targets (a shape that is an rdfs:Class),
sh:targetSubjectsOf and sh:targetNode; node shapes with sh:property; property shapes whose sh:path
is one predicate; sh:minCount, sh:maxCount, sh:datatype (rdf:langString, xsd:string, xsd:date,
xsd:integer), sh:nodeKind, sh:class, sh:pattern with sh:flags, sh:minLength, sh:maxLength,
sh:minInclusive, sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:uniqueLang,
sh:qualifiedValueShape with sh:qualifiedMinCount, sh:equals, sh:disjoint, sh:languageIn, sh:in,
sh:hasValue, sh:node, sh:not, sh:and, sh:or, sh:xone; sh:severity, sh:message. Refused: every other
sh: term (sh:closed, sh:lessThan, sh:sparql, sh:deactivated, ...; a validation report's own terms,
which the W3C tests keep beside their shapes, change nothing and are let be), other paths and
datatypes, a parameter given twice, recursive shapes, an owl:Class that is a shape (pySHACL takes
it for a class target, SHACL does not), flags other than XPath's and regular expressions that
XPath and Python read differently where this module does not translate them.
`validate` then runs over `nt.by_subject(triples)` in one pass: each subject's values are grouped by
predicate once, and every shape targeting it reads them from there, where pySHACL pays a graph
lookup and a shapes-graph read for every value of every constraint.

Semantics are SHACL's as pySHACL implements them (inference none), except where pySHACL departs
from the specification: sh:pattern and sh:flags are XPath's regular expressions (`$` is the end of
the string, `.` matches neither line feed nor carriage return, flags s, m, i and x), where pySHACL
uses Python's (`$` also before a final line feed; flags s and x ignored). Where a typed literal's
value matters (sh:datatype for a datatype other than xsd:string and rdf:langString, the range
constraints), a date or integer in canonical form is read here and anything else by rdflib as
pySHACL reads it (imported then, once per distinct term), so ill-typed and incomparable values are
decided the same way. A boolean parameter is on only for "true" (the W3C test uniqueLang-002: "1"
does not switch sh:uniqueLang on). Other departures of pySHACL are refused rather than copied or
corrected (a language range with a subtag in sh:languageIn).

A result's `shape` is the shape's N-Triples term; a blank-node shape gets a label
"_:shape-<hash>" from its own triples and the triples that refer to it, the same for the same
shapes file on every run (`Shapes.labels` maps each shape's term in the shapes triples to the term
in results). A shape without sh:message gives results without messages: pySHACL's generated texts
are not reproduced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import sys
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

from vngreg import nt
from vngreg.vocab import OWL, RDFS, XSD
from vngreg.vocab import RDF as R
from vngreg.vocab import SH as S

Index = dict[str, list[tuple[str, str]]]

SH = S.iri
SH_START = f"<{SH}"  # how every sh: term begins
RDF_TYPE = R.type
SUBCLASS_OF = RDFS.subClassOf
MIN_COUNT = f"{SH}MinCountConstraintComponent"
MAX_COUNT = f"{SH}MaxCountConstraintComponent"
UNBOUNDED = sys.maxsize
SEVERITIES = {S.Violation: "Violation", S.Warning: "Warning", S.Info: "Info"}
XSD_STRING_SUFFIX = f'"^^{XSD.string}'

# Every sh: predicate a shapes graph may use; any other is refused. The last row checks nothing.
PARAMETERS = {S[name] for name in (
    "targetClass targetSubjectsOf targetNode property path minCount maxCount datatype nodeKind "
    "class pattern flags minLength maxLength minInclusive maxInclusive minExclusive maxExclusive "
    "uniqueLang qualifiedValueShape qualifiedMinCount equals disjoint languageIn in hasValue "
    "node not and or xone severity message "
    "name description order group").split()}
# The validation report's terms (the W3C tests keep expected reports beside their shapes): they
# describe results, not shapes, so they change nothing.
REPORT_TERMS = {S[name] for name in (
    "ValidationReport ValidationResult conforms result focusNode resultPath value sourceShape "
    "sourceConstraintComponent resultSeverity resultMessage detail").split()}
# Parameters that only make sense with a path: a property shape's.
PATH_ONLY = {S.minCount, S.maxCount, S.uniqueLang, S.qualifiedValueShape, S.qualifiedMinCount,
             S.equals}
# Parameters a shape may give more than once.
REPEATABLE = {S["class"], S.equals, S.disjoint, S.hasValue, S.node, S["not"], S["and"], S["or"],
              S.xone, S.targetClass, S.targetSubjectsOf, S.targetNode, S.property, S.message,
              S.name, S.description}
# The sh: classes a shapes graph may use.
SHAPE_TYPES = {S.NodeShape, S.PropertyShape, S.PropertyGroup}
# sh:nodeKind -> the first characters of the N-Triples terms it accepts.
NODE_KINDS = {S.IRI: "<", S.BlankNode: "_", S.Literal: '"', S.BlankNodeOrIRI: "_<",
              S.BlankNodeOrLiteral: '_"', S.IRIOrLiteral: '<"'}
# sh:datatype values we check (others would need rdflib's and pySHACL's rules for them copied
# here), and for typed ones the Python type rdflib must read from a literal (pySHACL's rule).
DATATYPES = {R.langString, XSD.string, XSD.date, XSD.integer}
PYTHON_TYPES = {nt.XSD + "date": dt.date, nt.XSD + "integer": int}
# (parameter, component, whether its list of shapes holds, given whether the value conforms to each)
LOGICAL = [(S.node, "Node", all), (S["not"], "Not", lambda each: not each[0]),
           (S["and"], "And", all), (S["or"], "Or", any), (S.xone, "Xone", lambda each: sum(each) == 1)]
# (parameter, component, whether the comparison of value with bound (-1, 0, 1) satisfies it)
RANGES = [(S.minInclusive, "MinInclusive", lambda c: c >= 0),
          (S.maxInclusive, "MaxInclusive", lambda c: c <= 0),
          (S.minExclusive, "MinExclusive", lambda c: c > 0),
          (S.maxExclusive, "MaxExclusive", lambda c: c < 0)]


class Unsupported(Exception):
    """The shapes use a SHACL feature this module does not implement: validate with pySHACL."""


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation" | "Warning" | "Info"
    focus: str  # N-Triples term
    path: str | None  # N-Triples term of the predicate; None for a node-level result
    value: str | None  # N-Triples term
    shape: str  # N-Triples term of sh:sourceShape ("_:shape-..." for a blank node)
    component: str  # IRI text of sh:sourceConstraintComponent
    messages: tuple[tuple[str, str], ...]  # (language or "", text) of sh:resultMessage, sorted


# --- compiling the shapes graph -------------------------------------------------------------------

# A constraint, compiled, is one of two kinds, each made ready for one validation run by a function
# of the run (its data and caches):
#   VALUE: good(value) -> bool, for a constraint on each value node alone;
#   SET:   check(focus, values, by_predicate) -> the value nodes to report (None: a result without
#          sh:value), for a constraint on the value nodes together.
VALUE, SET = "value", "set"
Constraint = tuple[str, Callable[["_Run"], Callable]]


class _Shape:
    def __init__(self, node: str, term: str):
        self.node = node
        self.term = term
        self.path: str | None = None
        self.severity = "Violation"
        self.messages: tuple[tuple[str, str], ...] = ()
        self.constraints: list[tuple[str, str, Callable]] = []  # (component IRI, kind, bind)
        self.properties: list[_Shape] = []
        # sh:minCount and sh:maxCount, the commonest constraints, are checked inline, not as calls.
        self.least = 0
        self.most = UNBOUNDED
        # Whether a focus node without values can fail (sh:minCount, sh:qualifiedMinCount, sh:equals).
        self.checks_absence = False


class Shapes:
    """A shapes graph compiled for `validate`."""

    def __init__(self, by_class: dict[str, list[_Shape]], by_subject_of: dict[str, list[_Shape]],
                 by_node: dict[str, list[_Shape]], labels: dict[str, str]):
        self.by_class = by_class  # class term -> the shapes targeting its instances
        self.by_subject_of = by_subject_of  # predicate term -> the shapes targeting its subjects
        self.by_node = by_node  # term -> the shapes targeting it by sh:targetNode
        self.labels = labels  # shape's term in the shapes triples -> its term in results


class TermGraph:
    """A small graph of N-Triples terms (a shapes graph), its triples by subject and by object."""

    def __init__(self, triples: Iterable[nt.Triple]):
        self.triples = set(triples)
        self.out: dict[str, list[tuple[str, str]]] = {}
        self.into: dict[str, list[tuple[str, str]]] = {}
        for s, p, o in sorted(self.triples):
            self.out.setdefault(s, []).append((p, o))
            self.into.setdefault(o, []).append((s, p))

    def objects(self, s: str, p: str) -> list[str]:
        return [o for q, o in self.out.get(s, ()) if q == p]

    def pairs(self, p: str) -> list[tuple[str, str]]:
        return sorted((s, o) for s, q, o in self.triples if q == p)

    def items(self, head: str) -> list[str]:
        """The members of the RDF list at `head`; ValueError if it is not a well-formed list."""
        items, seen = [], set()
        while head != R.nil:
            first, rest = self.objects(head, R.first), self.objects(head, R.rest)
            if head in seen or len(first) != 1 or len(rest) != 1:
                raise ValueError(head)
            seen.add(head)
            items.append(first[0])
            head = rest[0]
        return items


def compile_shapes(triples: Iterable[nt.Triple]) -> Shapes:
    """Read every shape reachable from a target; raise `Unsupported` for what we cannot check."""
    graph = TermGraph(triples)
    _refuse_unknown_terms(graph)
    compiler = _Compiler(graph)
    tables: dict[str, dict[str, list[_Shape]]] = {S.targetClass: {}, S.targetSubjectsOf: {},
                                                  S.targetNode: {}}
    for predicate, table in tables.items():
        for node, target in graph.pairs(predicate) + (
                _implicit_targets(graph) if predicate == S.targetClass else []):
            if predicate != S.targetNode and target[0] != "<":
                raise Unsupported(f"{compiler.term(node)}: {_name(predicate)} {target} "
                                  "is not an IRI")
            table.setdefault(target, []).append(compiler.shape(node))
    return Shapes(*tables.values(), compiler.labels)


def _implicit_targets(graph: TermGraph) -> list[tuple[str, str]]:
    """(shape, itself) for every shape that is a class: an rdfs:Class, or an instance of a subclass
    of rdfs:Class in the shapes graph. pySHACL takes an owl:Class for one as well, SHACL only when
    the graph says owl:Class is an rdfs:Class: such a shape is refused."""
    metaclasses, todo = {RDFS.Class}, [RDFS.Class]
    while todo:
        for sub, p in graph.into.get(todo.pop(), ()):
            if p == SUBCLASS_OF and sub not in metaclasses:
                metaclasses.add(sub)
                todo.append(sub)
    found = []
    for node, pairs in graph.out.items():
        types = {o for p, o in pairs if p == RDF_TYPE}
        if not ({S.NodeShape, S.PropertyShape} & types or any(p in PARAMETERS for p, _ in pairs)):
            continue
        if types & metaclasses:
            found.append((node, node))
        elif OWL.Class in types:
            raise Unsupported(f"{node} is a shape and an owl:Class but not an rdfs:Class "
                              "(pySHACL takes it as an implicit class target, SHACL does not)")
    return found


def _refuse_unknown_terms(graph: TermGraph) -> None:
    known = PARAMETERS | REPORT_TERMS
    unknown = {p for _, p, _ in graph.triples if p.startswith(SH_START) and p not in known}
    unknown |= {o for _, p, o in graph.triples if p == RDF_TYPE and o.startswith(SH_START)
                and o not in SHAPE_TYPES | REPORT_TERMS}
    if unknown:
        raise Unsupported(f"not implemented: {', '.join(sorted(_name(term) for term in unknown))}")


class _Compiler:
    def __init__(self, graph: TermGraph):
        self.graph = graph
        self.shapes: dict[str, _Shape] = {}
        self.labels: dict[str, str] = {}
        self.pending: set[str] = set()  # shapes being read: meeting one again is a cycle

    def term(self, node: str) -> str:
        if node not in self.labels:
            self.labels[node] = node if node[0] == "<" else _blank_label(self.graph, node)
        return self.labels[node]

    def shape(self, node: str) -> _Shape:
        if node in self.pending:
            raise Unsupported(f"{self.term(node)}: recursive shapes (a shape that refers to itself)")
        if node in self.shapes:
            return self.shapes[node]
        if node[0] == '"':
            raise Unsupported(f"{node} is used as a shape")
        self.pending.add(node)
        try:
            return self._read(node)
        finally:
            self.pending.discard(node)

    def _read(self, node: str) -> _Shape:
        shape = self.shapes[node] = _Shape(node, self.term(node))
        where = shape.term
        params: dict[str, list[str]] = {}
        for p, o in self.graph.out.get(node, ()):
            if p in PARAMETERS:
                params.setdefault(p, []).append(o)
        for p, values in params.items():
            if len(values) > 1 and p not in REPEATABLE:
                raise Unsupported(f"{where}: {_name(p)} given {len(values)} times")
        one = {p: values[0] for p, values in params.items()}

        if S.path in one:
            path = one[S.path]
            if path[0] != "<":
                raise Unsupported(f"{where}: sh:path is not one predicate "
                                  "(a sequence, inverse, alternative or * path)")
            shape.path = path
        else:
            for p in PATH_ONLY & set(params):
                raise Unsupported(f"{where}: {_name(p)} on a node shape")
        if S.severity in one:
            if one[S.severity] not in SEVERITIES:
                raise Unsupported(f"{where}: sh:severity {_name(one[S.severity])}")
            shape.severity = SEVERITIES[one[S.severity]]
        messages = []
        for message in params.get(S.message, []):
            if message[0] != '"':
                raise Unsupported(f"{where}: sh:message {message} is not a literal")
            lexical, lang, _ = _parts(message)
            messages.append((lang or "", lexical))
        shape.messages = tuple(sorted(messages))

        constraints: list[tuple[str, Constraint]] = []  # (component name, constraint)
        add = constraints.append
        if S.minCount in one:
            shape.least = _integer(one[S.minCount], where, "sh:minCount")
            shape.checks_absence = shape.least > 0
        if S.maxCount in one:
            shape.most = _integer(one[S.maxCount], where, "sh:maxCount")
        if S.datatype in one:
            add(("Datatype", _datatype(one[S.datatype], where)))
        if S.nodeKind in one:
            if one[S.nodeKind] not in NODE_KINDS:
                raise Unsupported(f"{where}: sh:nodeKind {_name(one[S.nodeKind])}")
            add(("NodeKind", _node_kind(NODE_KINDS[one[S.nodeKind]])))
        for cls in sorted(params.get(S["class"], [])):
            if cls[0] != "<":
                raise Unsupported(f"{where}: sh:class {cls} is not an IRI")
            add(("Class", _class(cls)))
        if S.pattern in one:
            add(("Pattern", _pattern(one[S.pattern], one.get(S.flags), where)))
        elif S.flags in one:
            raise Unsupported(f"{where}: sh:flags without sh:pattern")
        for parameter, component, keep in ((S.minLength, "MinLength", int.__ge__),
                                           (S.maxLength, "MaxLength", int.__le__)):
            if parameter in one:
                add((component, _length(_integer(one[parameter], where, _name(parameter)), keep)))
        for parameter, component, holds in RANGES:
            if parameter in one:
                add((component, _range(one[parameter], holds, where)))
        if S.uniqueLang in one:
            if _boolean(one[S.uniqueLang], where, "sh:uniqueLang"):
                add(("UniqueLang", (SET, _unique_lang)))
        if S.qualifiedValueShape in one or S.qualifiedMinCount in one:
            if S.qualifiedValueShape not in one or S.qualifiedMinCount not in one:
                raise Unsupported(f"{where}: sh:qualifiedValueShape needs sh:qualifiedMinCount "
                                  "(sh:qualifiedMaxCount is not implemented)")
            least = _integer(one[S.qualifiedMinCount], where, "sh:qualifiedMinCount")
            add(("QualifiedMinCount", _qualified_min_count(self.shape(one[S.qualifiedValueShape]),
                                                           least)))
            shape.checks_absence = shape.checks_absence or least > 0
        for other in sorted(params.get(S.equals, [])):
            if other[0] != "<":
                raise Unsupported(f"{where}: sh:equals {other} is not an IRI")
            add(("Equals", _equals(other)))
            shape.checks_absence = True
        for other in sorted(params.get(S.disjoint, [])):
            if other[0] != "<":
                raise Unsupported(f"{where}: sh:disjoint {other} is not an IRI")
            add(("Disjoint", _disjoint(other)))
        if S.languageIn in one:
            add(("LanguageIn", _language_in(self._languages(one[S.languageIn], where))))
        if S["in"] in one:
            add(("In", _in(self._members(one[S["in"]], where, "sh:in"))))
        for wanted in sorted(params.get(S.hasValue, [])):
            add(("HasValue", _has_value(wanted)))
            shape.checks_absence = True
        for parameter, component, holds in LOGICAL:
            for value in sorted(params.get(parameter, [])):
                members = ([value] if parameter in (S.node, S["not"])
                           else self._members(value, where, _name(parameter)))
                add((component, _logical([self.shape(m) for m in members], holds)))
        shape.constraints = [(f"{SH}{name}ConstraintComponent", kind, bind)
                             for name, (kind, bind) in constraints]

        for child in sorted(params.get(S.property, [])):
            if shape.path is not None:
                raise Unsupported(f"{where}: sh:property on a property shape")
            if not self.graph.objects(child, S.path):
                raise Unsupported(f"{where}: sh:property {child} has no sh:path")
            shape.properties.append(self.shape(child))
        return shape

    def _members(self, head: str, where: str, name: str) -> list[str]:
        try:
            return self.graph.items(head)
        except ValueError:
            raise Unsupported(f"{where}: {name} is not an RDF list") from None

    def _languages(self, head: str, where: str) -> list[str]:
        ranges = []
        for item in self._members(head, where, "sh:languageIn"):
            text, _, datatype = _parts(item)
            if text is None or datatype not in (None, nt.XSD_STRING):
                raise Unsupported(f"{where}: sh:languageIn holds {item}, not a string")
            if "-" in text:
                # pySHACL compares a subtagged range with the whole tag, langMatches with its prefix.
                raise Unsupported(f"{where}: sh:languageIn range {item} has a subtag")
            ranges.append(text.lower())
        return ranges


def _name(term: str) -> str:
    """A term for a message: sh:minCount rather than its whole IRI."""
    return "sh:" + term[len(SH_START):-1] if term.startswith(SH_START) else term


def _parts(term: str) -> tuple[str | None, str | None, str | None]:
    """(lexical form, language, datatype) of a literal term; all None for an IRI or blank node."""
    return nt.split_literal(term) if term[0] == '"' else (None, None, None)


def _integer(term: str, where: str, name: str) -> int:
    """A non-negative xsd:integer in canonical form (the way shapes write them)."""
    lexical, _, datatype = _parts(term)
    if datatype != nt.XSD + "integer" or not re.fullmatch(r"[0-9]+", lexical):
        raise Unsupported(f"{where}: {name} {term} is not a non-negative integer")
    return int(lexical)


def _boolean(term: str, where: str, name: str) -> bool:
    """True only for "true"^^xsd:boolean: SHACL names the value true, and "1" does not activate a
    constraint (the W3C test uniqueLang-002)."""
    lexical, _, datatype = _parts(term)
    if datatype != nt.XSD + "boolean" or lexical not in ("true", "false", "1", "0"):
        raise Unsupported(f"{where}: {name} {term} is not a boolean")
    return lexical == "true"


def _blank_label(graph: TermGraph, node: str) -> str:
    """A label for a blank-node shape from its own triples (nested blank nodes spelt out) and the
    triples pointing at it: stable across parses of the same shapes."""
    def content(n: str, seen: frozenset) -> str:
        if n[0] != "_":
            return n
        if n in seen:
            return "[...]"
        inner = sorted(f"{p} {content(o, seen | {n})}" for p, o in graph.out.get(n, ()))
        return "[" + " ; ".join(inner) + "]"
    referrers = sorted(f"{content(s, frozenset({node}))} {p}" for s, p in graph.into.get(node, ()))
    text = content(node, frozenset()) + " <- " + " , ".join(referrers)
    return "_:shape-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- the constraints -----------------------------------------------------------------------------

NOTHING: tuple = ()
ONE_RESULT = (None,)


def _is_lang_string(v: str) -> bool:
    # A literal term ends in '"' (plain), '>' (typed) or its language tag.
    return v[0] == '"' and v[-1] not in '">'


def _is_string(v: str) -> bool:
    return v[0] == '"' and (v[-1] == '"' or v.endswith(XSD_STRING_SUFFIX))


def _datatype(datatype: str, where: str) -> Constraint:
    if datatype not in DATATYPES:
        raise Unsupported(f"{where}: sh:datatype {datatype} is not implemented")
    if datatype == R.langString:
        return VALUE, lambda run: _is_lang_string
    if datatype == XSD.string:
        return VALUE, lambda run: _is_string
    # pySHACL's rule: the literal has the datatype, rdflib does not find it ill-typed, and reads a
    # value of the datatype's Python type from it.
    suffix = f'"^^{datatype}'
    python_type = PYTHON_TYPES[datatype[1:-1]]
    def bind(run):
        literal = run.literal
        def good(v: str) -> bool:
            if v[0] != '"' or not v.endswith(suffix):
                return False
            value = literal(v)
            return not value.ill_typed and isinstance(value.value, python_type)
        return _Memo(good).__getitem__
    return VALUE, bind


def _node_kind(kinds: str) -> Constraint:
    return VALUE, lambda run: lambda v: v[0] in kinds


def _class(cls: str) -> Constraint:
    def bind(run):
        accepted = run.subclasses(cls)
        index = run.index
        def instance(v: str) -> bool:
            return v[0] != '"' and any(p == RDF_TYPE and o in accepted for p, o in index.get(v, ()))
        return _Memo(instance).__getitem__
    return VALUE, bind


def _text(v: str) -> str | None:
    """SPARQL str() of an IRI or literal term; None for a blank node."""
    if v[0] == "<":
        return v[1:-1]
    if v[0] == '"':
        return nt.unquote(v[1:v.rindex('"')])
    return None


def _pattern(pattern: str, flags: str | None, where: str) -> Constraint:
    texts = [_parts(term)[0] for term in (pattern, flags or '""')]
    if None in texts:
        raise Unsupported(f"{where}: sh:pattern {pattern} or sh:flags {flags} is not a literal")
    try:
        search = xpath_regex(*texts).search
    except (ValueError, re.error) as exc:
        raise Unsupported(f"{where}: sh:pattern {pattern}: {exc}") from None
    def good(v: str) -> bool:
        text = _text(v)
        return text is not None and search(text) is not None
    return VALUE, lambda run: good


# The escapes XPath and Python read alike (a digit is a back-reference).
SAME_ESCAPES = set("nrt\\|.-^?*+{}()[]$dD") | set("123456789")
# XPath's \s: its four white-space characters, where Python's \s has more.
XPATH_SPACE = "\t\n\r "


def xpath_regex(pattern: str, flags: str = "") -> re.Pattern:
    """An XPath regular expression with its flags (fn:matches, which sh:pattern and SPARQL's REGEX
    follow) as a Python one: `$` is the end of the string (Python's also matches before a final line
    feed) unless in multi-line mode, `.` matches neither line feed nor carriage return unless in
    dot-all mode, `x` removes white space outside character classes. ValueError for flags and
    syntax whose meaning differs between the two and is not translated (\\w, \\p{..}, class
    subtraction, Python's own (?...) groups)."""
    if set(flags) - set("smix"):
        raise ValueError(f"flags {flags!r}: XPath's flags are s, m, i and x")
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c, following = pattern[i], pattern[i + 1:i + 2]
        i += 1
        if c == "\\":
            i += 1
            if following == "s":
                c = XPATH_SPACE if in_class else f"[{XPATH_SPACE}]"
            elif following == "S" and not in_class:
                c = f"[^{XPATH_SPACE}]"
            elif following in SAME_ESCAPES and not (in_class and following.isdigit()):
                c += following
            else:
                raise ValueError(f"\\{following} is not translated")
        elif in_class:
            if c == "[":
                raise ValueError("character class subtraction is not translated")
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i:i + 2] in ("]", "^]") or pattern[i:i + 1] == "]":
                raise ValueError("an empty or ']'-first character class")
        elif c in XPATH_SPACE and "x" in flags:
            c = ""
        elif c == "$" and "m" not in flags:
            c = r"\Z"
        elif c == "." and "s" not in flags:
            c = r"[^\n\r]"
        elif c == "(" and following == "?" and pattern[i:i + 2] != "?:":
            raise ValueError("(? groups other than (?: are not XPath's")
        out.append(c)
    if in_class:
        raise ValueError("an unclosed character class")
    python_flags = {"s": re.S, "m": re.M, "i": re.I}
    return re.compile("".join(out), sum({python_flags[f] for f in flags if f in python_flags}))


def _length(bound: int, keep: Callable[[int, int], bool]) -> Constraint:
    def good(v: str) -> bool:
        text = _text(v)
        return text is not None and keep(len(text), bound)
    return VALUE, lambda run: good


def _range(bound: str, holds: Callable[[int], bool], where: str) -> Constraint:
    """sh:minInclusive and the other ranges as pySHACL decides them: a string compares only with a
    string, and what rdflib cannot compare is out of range."""
    fast = _read_literal(bound) if bound[0] == '"' else None
    if fast is None or fast.value is None:
        raise Unsupported(f"{where}: range bound {bound} is not a valid literal")
    def bind(run):
        literal = run.literal
        def good(v: str) -> bool:
            if v[0] != '"':
                return False
            value = literal(v)
            if isinstance(value, _Canonical):
                if isinstance(fast, _Canonical) and value.datatype == fast.datatype and value.value is not None:
                    return holds((value.value > fast.value) - (value.value < fast.value))
                value = _rdflib_literal(v)
            slow = _rdflib_literal(bound) if isinstance(fast, _Canonical) else fast
            if isinstance(value.value, str) != isinstance(slow.value, str):
                return False
            try:
                return holds(_compare(value, slow))
            except (TypeError, NotImplementedError):
                return False
        return _Memo(good).__getitem__
    return VALUE, bind


def _compare(value, bound) -> int:
    """pySHACL's compare_literal on two rdflib Literals: 0 equal, 1 greater, -1 less or unordered."""
    if value.eq(bound):
        return 0
    if isinstance(value.value, (dt.datetime, dt.time)):
        if value.value == bound.value:
            return 0
        if value.value > bound.value:
            return 1
    elif value > bound:
        return 1
    return -1


def _language(v: str) -> str | None:
    """The lower-cased language tag of a literal term; None for anything else."""
    if v[0] != '"' or v[-1] in '">':
        return None
    return v[v.rindex('"') + 2:].lower()


def _unique_lang(run):
    def check(focus, values, by_p):
        if len(values) < 2:
            return NOTHING
        seen: set[str] = set()
        doubled: set[str] = set()
        for v in values:
            lang = _language(v)
            if lang in seen:
                doubled.add(lang)
            elif lang:
                seen.add(lang)
        return [None] * len(doubled)  # one result per doubled language, without a value
    return check


def _qualified_min_count(qualified: _Shape, least: int) -> Constraint:
    def bind(run):
        conforms = run.bound(qualified).conforms
        def check(focus, values, by_p):
            if len(values) >= least:
                count = 0
                for v in values:
                    if conforms(v):
                        count += 1
                        if count >= least:
                            return NOTHING
            return ONE_RESULT
        return check
    return SET, bind


def _term_key(v: str) -> str:
    """A term as rdflib compares terms: language tags without case."""
    if v[0] == '"' and v[-1] not in '">':
        end = v.rindex('"')
        return v[:end + 2] + v[end + 2:].lower()
    return v


def _equals(other: str) -> Constraint:
    def check(focus, values, by_p):
        others = by_p.get(other, NOTHING)
        if len(values) == len(others) and all(a == b for a, b in zip(values, others)):
            return NOTHING
        mine = {_term_key(v): v for v in values}
        theirs = {_term_key(v): v for v in others}
        return ([mine[k] for k in mine.keys() - theirs.keys()]
                + [theirs[k] for k in theirs.keys() - mine.keys()])
    return SET, lambda run: check


def _disjoint(other: str) -> Constraint:
    def check(focus, values, by_p):
        theirs = {_term_key(v) for v in by_p.get(other, NOTHING)}
        return [v for v in values if _term_key(v) in theirs] if theirs else NOTHING
    return SET, lambda run: check


def _in(members: list[str]) -> Constraint:
    keys = {_term_key(m) for m in members}
    return VALUE, lambda run: lambda v: _term_key(v) in keys


def _has_value(wanted: str) -> Constraint:
    key = _term_key(wanted)
    def check(focus, values, by_p):
        return NOTHING if any(_term_key(v) == key for v in values) else ONE_RESULT
    return SET, lambda run: check


def _logical(shapes: list[_Shape], holds: Callable[[list[bool]], bool]) -> Constraint:
    """sh:node, sh:not, sh:and, sh:or, sh:xone: whether a value conforms to each of the shapes."""
    def bind(run):
        each = [run.bound(shape).conforms for shape in shapes]
        return _Memo(lambda v: holds([conforms(v) for conforms in each])).__getitem__
    return VALUE, bind


def _language_in(ranges: list[str]) -> Constraint:
    wanted = set(ranges)
    anything = "*" in wanted
    def good(v: str) -> bool:
        lang = _language(v)
        return bool(lang) and (anything or lang in wanted or lang.split("-")[0] in wanted)
    return VALUE, lambda run: good


class _Memo(dict):
    """fn(term), worked out once per term: a second lookup is a dict lookup."""

    def __init__(self, fn: Callable[[str], object]):
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> object:
        value = self[key] = self.fn(key)
        return value


def _rdflib_literal(v: str):
    """A literal term as rdflib reads it (rdflib is imported only for literals that need it)."""
    from rdflib import Literal
    lexical, lang, datatype = nt.split_literal(v)
    try:
        return Literal(lexical, lang=lang, datatype=datatype)
    except ValueError:  # a language tag rdflib refuses (its parser would have): a string all the same
        return Literal(lexical)


class _Canonical(NamedTuple):
    """What rdflib reads from a date or an integer in canonical form, read without rdflib."""
    datatype: str
    value: object  # None when ill-typed
    ill_typed: bool


# datatype -> (the canonical lexical form, how rdflib reads it: a ValueError means ill-typed)
CANONICAL = {nt.XSD + "date": (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch, dt.date.fromisoformat),
             nt.XSD + "integer": (re.compile(r"-?[0-9]+").fullmatch, int)}
CANONICAL_SUFFIXES = [(f'"^^<{datatype}>', datatype, form, read)
                      for datatype, (form, read) in CANONICAL.items()]


def _read_literal(v: str):
    """A literal term as rdflib reads it (an rdflib Literal); a date or integer in canonical form
    (nearly all of them) as a _Canonical, without the cost of rdflib."""
    for suffix, datatype, form, read in CANONICAL_SUFFIXES:
        if v.endswith(suffix):
            lexical = v[1:-len(suffix)]
            if form(lexical):
                try:
                    return _Canonical(datatype, read(lexical), False)
                except ValueError:
                    return _Canonical(datatype, None, True)
            break
    return _rdflib_literal(v)


@contextmanager
def _quiet_rdflib():
    """rdflib logs a traceback for every ill-typed literal it reads; a validator reports them."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


# --- validating ----------------------------------------------------------------------------------

class _Bound:
    """A shape and its property shapes, their constraints made ready for one run, as rows:
    (shape, path or None, checks_absence, least, most, set checks, value tests)."""

    def __init__(self, shape: _Shape, run: "_Run"):
        run.bound_shapes[shape] = self
        self.index = run.index
        self.rows = [row for s in (shape, *shape.properties) if (row := self._row(s, run))]
        self.needs_values = any(row[1] is not None or row[5] for row in self.rows)

    @staticmethod
    def _row(shape: _Shape, run: "_Run"):
        if not shape.constraints and not shape.least and shape.most == UNBOUNDED:
            return None
        ready = [(component, kind, bind(run)) for component, kind, bind in shape.constraints]
        return (shape, shape.path, shape.checks_absence, shape.least, shape.most,
                [(c, check) for c, kind, check in ready if kind == SET],
                [(c, good) for c, kind, good in ready if kind == VALUE])

    def validate(self, focus: str, by_p: dict, out: list) -> None:
        for shape, path, checks_absence, least, most, set_checks, value_tests in self.rows:
            if path is None:
                values = (focus,)
            else:
                values = by_p.get(path)
                if values is None:
                    if not checks_absence:
                        continue
                    values = NOTHING
                count = len(values)
                if count < least:
                    out.append((shape, focus, None, MIN_COUNT))
                if count > most:
                    out.append((shape, focus, None, MAX_COUNT))
            for component, check in set_checks:
                bad = check(focus, values, by_p)
                if bad:
                    out.extend((shape, focus, value, component) for value in bad)
            for v in values:
                for component, good in value_tests:
                    if not good(v):
                        out.append((shape, focus, v, component))

    def conforms(self, focus: str) -> bool:
        by_p = _by_predicate(self.index.get(focus, NOTHING)) if self.needs_values else {}
        for _shape, path, checks_absence, least, most, set_checks, value_tests in self.rows:
            values = (focus,) if path is None else by_p.get(path, NOTHING)
            if not values and not checks_absence:
                continue
            if not least <= len(values) <= most:
                return False
            for _component, check in set_checks:
                if check(focus, values, by_p):
                    return False
            for v in values:
                for _component, good in value_tests:
                    if not good(v):
                        return False
        return True


class _Run:
    """One validation of one index."""

    def __init__(self, shapes: Shapes, index: Index, subclass_edges: dict[str, set[str]]):
        self.index = index
        self.edges = subclass_edges  # class -> its direct subclasses in the data
        self.literal = _Memo(_read_literal).__getitem__
        self.bound_shapes: dict[_Shape, _Bound] = {}
        self.by_class = {c: [self.bound(s) for s in ss] for c, ss in shapes.by_class.items()}
        self.by_subject_of = {p: [self.bound(s) for s in ss]
                              for p, ss in shapes.by_subject_of.items()}
        self.by_node = {n: [self.bound(s) for s in ss] for n, ss in shapes.by_node.items()}

    def bound(self, shape: _Shape) -> _Bound:
        return self.bound_shapes.get(shape) or _Bound(shape, self)

    def subclasses(self, cls: str) -> set[str]:
        """The class and all its subclasses in the data (rdfs:subClassOf*)."""
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.edges.get(todo.pop(), NOTHING):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def shapes_of_type(self) -> dict[str, list[_Bound]]:
        """rdf:type value -> the shapes targeting the instances of a class it is a subclass of."""
        table: dict[str, list[_Bound]] = {}
        for cls, bound in self.by_class.items():
            for sub in self.subclasses(cls):
                row = table.setdefault(sub, [])
                for b in bound:
                    if b not in row:
                        row.append(b)
        return table

    def run(self) -> tuple[list, dict[str, set[str]]]:
        """The results as (shape, focus, value, component), and the rdfs:subClassOf edges seen."""
        out: list = []
        edges: dict[str, set[str]] = {}
        of_type = self.shapes_of_type()
        of_subject = self.by_subject_of
        target_predicates = list(of_subject)
        # (types, target predicates it is a subject of) -> the shapes targeting such a node
        targets: dict[tuple, list[_Bound]] = {}
        for s, pairs in self.index.items():
            by_p = _by_predicate(pairs)
            key = (tuple(by_p.get(RDF_TYPE, NOTHING)),
                   tuple([p for p in target_predicates if p in by_p]))
            targeted = targets.get(key)
            if targeted is None:
                targeted = targets[key] = list(dict.fromkeys(
                    [b for t in key[0] for b in of_type.get(t, NOTHING)]
                    + [b for p in key[1] for b in of_subject[p]]))
            if s in self.by_node:
                targeted = list(dict.fromkeys(targeted + self.by_node[s]))
            for b in targeted:
                b.validate(s, by_p, out)
            supers = by_p.get(SUBCLASS_OF)
            if supers:
                for sup in supers:
                    edges.setdefault(sup, set()).add(s)
        for node, targeted in self.by_node.items():  # targets that are no subject in the data
            if node not in self.index:
                for b in targeted:
                    b.validate(node, {}, out)
        return out, edges


def _by_predicate(pairs) -> dict[str, list[str]]:
    by_p: dict[str, list[str]] = {}
    for p, o in pairs:
        values = by_p.get(p)
        if values is None:
            by_p[p] = [o]
        else:
            values.append(o)
    return by_p


def validate(shapes: Shapes, index: Index) -> list[Result]:
    """Validate the triples of `index` (subject -> its (predicate, object) pairs, each pair once, as
    nt.by_subject gives them); the results sorted by focus node, path, shape, component, value."""
    with _quiet_rdflib():
        raw, edges = _Run(shapes, index, {}).run()
        if edges:  # the data has its own class hierarchy: instances of subclasses count too
            raw, _ = _Run(shapes, index, edges).run()
    results = [Result(shape.severity, focus, shape.path, value, shape.term, component, shape.messages)
               for shape, focus, value, component in raw]
    results.sort(key=lambda r: (r.focus, r.path or "", r.shape, r.component, r.value or "",
                                r.severity, r.messages))
    return results
