"""Validation, fast: the SHACL Core features our shapes use, over N-Triples terms by subject.

pySHACL is the reference and stays the fallback. `compile_shapes` reads a shapes graph once and
raises `Unsupported` for any SHACL feature this module does not implement, so it never passes what
it did not check. Implemented: targets sh:targetClass (with the data's rdfs:subClassOf) and
sh:targetSubjectsOf; node shapes with sh:property; property shapes whose sh:path is one predicate;
sh:minCount, sh:maxCount, sh:datatype (rdf:langString, xsd:string, xsd:date, xsd:integer),
sh:nodeKind, sh:class, sh:pattern (no sh:flags), sh:maxLength, sh:minInclusive, sh:maxInclusive,
sh:uniqueLang, sh:qualifiedValueShape with sh:qualifiedMinCount, sh:equals, sh:languageIn;
sh:severity, sh:message. Refused: every other sh: term (sh:or, sh:node, sh:sparql, sh:targetNode,
sh:deactivated, ...), other paths and datatypes, a parameter given twice, recursive shapes. `validate` then runs over `nt.by_subject(triples)` in one pass: each subject's values are
grouped by predicate once, and every shape targeting it reads them from there, where pySHACL pays a
graph lookup and a shapes-graph read for every value of every constraint.

Semantics are SHACL's as pySHACL implements them (inference none). Where a typed literal's value
matters (sh:datatype for a datatype other than xsd:string and rdf:langString, sh:minInclusive,
sh:maxInclusive), the literal is read by rdflib as pySHACL reads it, once per distinct term, so
ill-typed and incomparable values are decided the same way. Where pySHACL departs from the
specification, the feature is refused rather than copied or corrected (a language range with a
subtag in sh:languageIn).

A result's `shape` is the shape's N-Triples term; a blank-node shape gets a label
"_:shape-<hash>" from its own triples and the triples that refer to it, the same for the same
shapes file on every run (`Shapes.labels` maps each shape node to its term). A shape without
sh:message gives results without messages: pySHACL's generated texts are not reproduced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from vngreg import nt
from vngreg.namespaces import OWL, RDF, RDFS, SH, XSD

Index = dict[str, list[tuple[str, str]]]

RDF_TYPE = nt.iri(str(RDF.type))
SUBCLASS_OF = nt.iri(str(RDFS.subClassOf))
MIN_COUNT = f"{SH}MinCountConstraintComponent"
MAX_COUNT = f"{SH}MaxCountConstraintComponent"
UNBOUNDED = sys.maxsize
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
XSD_STRING_SUFFIX = f'"^^<{XSD.string}>'

# Every sh: predicate a shapes graph may use; any other is refused. The last row checks nothing.
PARAMETERS = {
    SH.targetClass, SH.targetSubjectsOf, SH.property, SH.path,
    SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH.pattern, SH.maxLength,
    SH.minInclusive, SH.maxInclusive, SH.uniqueLang, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.equals, SH.languageIn, SH.severity, SH.message,
    SH.name, SH.description, SH.order, SH.group,
}
# Parameters that only make sense with a path: a property shape's.
PATH_ONLY = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape, SH.qualifiedMinCount,
             SH.equals}
# Parameters a shape may give more than once.
REPEATABLE = {SH["class"], SH.equals, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.message,
              SH.name, SH.description}
# The sh: classes a shapes graph may use.
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape, SH.PropertyGroup}
# sh:nodeKind -> the first characters of the N-Triples terms it accepts.
NODE_KINDS = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<",
              SH.BlankNodeOrLiteral: '_"', SH.IRIOrLiteral: '<"'}
# sh:datatype values we check (others would need rdflib's and pySHACL's rules for them copied
# here), and for typed ones the Python type rdflib must read from a literal (pySHACL's rule).
DATATYPES = {RDF.langString, XSD.string, XSD.date, XSD.integer}
PYTHON_TYPES = {XSD.date: dt.date, XSD.integer: int}


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
    def __init__(self, node, term: str):
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
                 labels: dict):
        self.by_class = by_class  # class term -> the shapes targeting its instances
        self.by_subject_of = by_subject_of  # predicate term -> the shapes targeting its subjects
        self.labels = labels  # shape node (rdflib) -> its N-Triples term in results


def compile_shapes(shapes: Graph) -> Shapes:
    """Read every shape reachable from a target; raise `Unsupported` for what we cannot check."""
    _refuse_unknown_terms(shapes)
    compiler = _Compiler(shapes)
    by_class: dict[str, list[_Shape]] = {}
    by_subject_of: dict[str, list[_Shape]] = {}
    for predicate, table in ((SH.targetClass, by_class), (SH.targetSubjectsOf, by_subject_of)):
        for node, target in sorted(shapes.subject_objects(predicate)):
            if not isinstance(target, URIRef):
                raise Unsupported(f"{compiler.term(node)}: {_name(predicate)} {target.n3()} "
                                  "is not an IRI")
            table.setdefault(target.n3(), []).append(compiler.shape(node))
    return Shapes(by_class, by_subject_of, compiler.labels)


def _refuse_unknown_terms(shapes: Graph) -> None:
    unknown = {p for p in shapes.predicates(unique=True)
               if p.startswith(str(SH)) and p not in PARAMETERS}
    unknown |= {o for o in shapes.objects(None, RDF.type, unique=True)
                if isinstance(o, URIRef) and o.startswith(str(SH)) and o not in SHAPE_TYPES}
    if unknown:
        raise Unsupported(f"not implemented: {', '.join(sorted(_name(term) for term in unknown))}")
    for shape_type in (SH.NodeShape, SH.PropertyShape):
        for node in shapes.subjects(RDF.type, shape_type):
            if {RDFS.Class, OWL.Class} & set(shapes.objects(node, RDF.type)):
                raise Unsupported(f"{node.n3()} is a shape and a class (implicit class target)")


class _Compiler:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.shapes: dict = {}
        self.labels: dict = {}
        self.pending: set = set()  # shapes being read: meeting one again is a cycle

    def term(self, node) -> str:
        if node not in self.labels:
            self.labels[node] = (node.n3() if isinstance(node, URIRef)
                                 else _blank_label(self.graph, node))
        return self.labels[node]

    def shape(self, node) -> _Shape:
        if node in self.pending:
            raise Unsupported(f"{self.term(node)}: recursive shapes (a shape that refers to itself)")
        if node in self.shapes:
            return self.shapes[node]
        if isinstance(node, Literal):
            raise Unsupported(f"{node.n3()} is used as a shape")
        self.pending.add(node)
        try:
            return self._read(node)
        finally:
            self.pending.discard(node)

    def _read(self, node) -> _Shape:
        g = self.graph
        shape = self.shapes[node] = _Shape(node, self.term(node))
        where = shape.term
        params: dict = {}
        for p, o in g.predicate_objects(node):
            if p in PARAMETERS:
                params.setdefault(p, []).append(o)
        for p, values in params.items():
            if len(values) > 1 and p not in REPEATABLE:
                raise Unsupported(f"{where}: {_name(p)} given {len(values)} times")
        one = {p: values[0] for p, values in params.items()}

        if SH.path in one:
            path = one[SH.path]
            if not isinstance(path, URIRef):
                raise Unsupported(f"{where}: sh:path is not one predicate "
                                  "(a sequence, inverse, alternative or * path)")
            shape.path = path.n3()
        else:
            for p in PATH_ONLY & set(params):
                raise Unsupported(f"{where}: {_name(p)} on a node shape")
        if SH.severity in one:
            if one[SH.severity] not in SEVERITIES:
                raise Unsupported(f"{where}: sh:severity {_name(one[SH.severity])}")
            shape.severity = SEVERITIES[one[SH.severity]]
        messages = []
        for message in params.get(SH.message, []):
            if not isinstance(message, Literal):
                raise Unsupported(f"{where}: sh:message {message.n3()} is not a literal")
            messages.append((message.language or "", str(message)))
        shape.messages = tuple(sorted(messages))

        constraints: list[tuple[str, Constraint]] = []  # (component name, constraint)
        add = constraints.append
        if SH.minCount in one:
            shape.least = _integer(one[SH.minCount], where, "sh:minCount")
            shape.checks_absence = shape.least > 0
        if SH.maxCount in one:
            shape.most = _integer(one[SH.maxCount], where, "sh:maxCount")
        if SH.datatype in one:
            add(("Datatype", _datatype(one[SH.datatype], where)))
        if SH.nodeKind in one:
            if one[SH.nodeKind] not in NODE_KINDS:
                raise Unsupported(f"{where}: sh:nodeKind {_name(one[SH.nodeKind])}")
            add(("NodeKind", _node_kind(NODE_KINDS[one[SH.nodeKind]])))
        for cls in sorted(params.get(SH["class"], [])):
            if not isinstance(cls, URIRef):
                raise Unsupported(f"{where}: sh:class {cls.n3()} is not an IRI")
            add(("Class", _class(cls.n3())))
        if SH.pattern in one:
            add(("Pattern", _pattern(one[SH.pattern], where)))
        if SH.maxLength in one:
            add(("MaxLength", _max_length(_integer(one[SH.maxLength], where, "sh:maxLength"))))
        for parameter, component, holds in ((SH.minInclusive, "MinInclusive", lambda c: c >= 0),
                                            (SH.maxInclusive, "MaxInclusive", lambda c: c <= 0)):
            if parameter in one:
                bound = one[parameter]
                if not isinstance(bound, Literal) or bound.value is None:
                    raise Unsupported(f"{where}: {_name(parameter)} {bound.n3()} "
                                      "is not a valid literal")
                add((component, _range(bound, holds)))
        if SH.uniqueLang in one:
            flag = one[SH.uniqueLang]
            if not (isinstance(flag, Literal) and isinstance(flag.value, bool)):
                raise Unsupported(f"{where}: sh:uniqueLang {flag.n3()} is not a boolean")
            if flag.value:
                add(("UniqueLang", (SET, _unique_lang)))
        if SH.qualifiedValueShape in one or SH.qualifiedMinCount in one:
            if SH.qualifiedValueShape not in one or SH.qualifiedMinCount not in one:
                raise Unsupported(f"{where}: sh:qualifiedValueShape needs sh:qualifiedMinCount "
                                  "(sh:qualifiedMaxCount is not implemented)")
            least = _integer(one[SH.qualifiedMinCount], where, "sh:qualifiedMinCount")
            add(("QualifiedMinCount", _qualified_min_count(self.shape(one[SH.qualifiedValueShape]),
                                                           least)))
            shape.checks_absence = shape.checks_absence or least > 0
        for other in sorted(params.get(SH.equals, [])):
            if not isinstance(other, URIRef):
                raise Unsupported(f"{where}: sh:equals {other.n3()} is not an IRI")
            add(("Equals", _equals(other.n3())))
            shape.checks_absence = True
        if SH.languageIn in one:
            add(("LanguageIn", _language_in(self._languages(one[SH.languageIn], where))))
        shape.constraints = [(f"{SH}{name}ConstraintComponent", kind, bind)
                             for name, (kind, bind) in constraints]

        for child in sorted(params.get(SH.property, [])):
            if shape.path is not None:
                raise Unsupported(f"{where}: sh:property on a property shape")
            if (child, SH.path, None) not in g:
                raise Unsupported(f"{where}: sh:property {child.n3()} has no sh:path")
            shape.properties.append(self.shape(child))
        return shape

    def _languages(self, head, where: str) -> list[str]:
        try:
            items = list(Collection(self.graph, head))
        except Exception:  # rdflib raises several types for a broken list
            raise Unsupported(f"{where}: sh:languageIn is not an RDF list") from None
        ranges = []
        for item in items:
            if not (isinstance(item, Literal) and isinstance(item.value, str)):
                raise Unsupported(f"{where}: sh:languageIn holds {item.n3()}, not a string")
            if "-" in item:
                # pySHACL compares a subtagged range with the whole tag, langMatches with its prefix.
                raise Unsupported(f"{where}: sh:languageIn range {item.n3()} has a subtag")
            ranges.append(str(item).lower())
        return ranges


def _name(node) -> str:
    """A term for a message: sh:minCount rather than its whole IRI."""
    if isinstance(node, URIRef) and node.startswith(str(SH)):
        return "sh:" + node[len(str(SH)):]
    return node.n3()


def _integer(value, where: str, name: str) -> int:
    if not (isinstance(value, Literal) and isinstance(value.value, int)
            and not isinstance(value.value, bool) and value.value >= 0):
        raise Unsupported(f"{where}: {name} {value.n3()} is not a non-negative integer")
    return value.value


def _blank_label(graph: Graph, node) -> str:
    """A label for a blank-node shape from its own triples (nested blank nodes spelt out) and the
    triples pointing at it: stable across parses of the same shapes."""
    def content(n, seen: frozenset) -> str:
        if not isinstance(n, BNode):
            return n.n3()
        if n in seen:
            return "[...]"
        inner = sorted(f"{p.n3()} {content(o, seen | {n})}" for p, o in graph.predicate_objects(n))
        return "[" + " ; ".join(inner) + "]"
    referrers = sorted(f"{content(s, frozenset({node}))} {p.n3()}"
                       for s, p in graph.subject_predicates(node))
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


def _datatype(datatype, where: str) -> Constraint:
    if datatype not in DATATYPES:
        raise Unsupported(f"{where}: sh:datatype {datatype.n3()} is not implemented")
    if datatype == RDF.langString:
        return VALUE, lambda run: _is_lang_string
    if datatype == XSD.string:
        return VALUE, lambda run: _is_string
    # pySHACL's rule: the literal has the datatype, rdflib does not find it ill-typed, and reads a
    # value of the datatype's Python type from it.
    suffix = f'"^^<{datatype}>'
    python_type = PYTHON_TYPES[datatype]
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


def _pattern(pattern, where: str) -> Constraint:
    if not isinstance(pattern, Literal):
        raise Unsupported(f"{where}: sh:pattern {pattern.n3()} is not a literal")
    try:
        search = re.compile(str(pattern)).search
    except re.error as exc:
        raise Unsupported(f"{where}: sh:pattern {pattern.n3()} is not a Python regex: {exc}"
                          ) from None
    def good(v: str) -> bool:
        text = _text(v)
        return text is not None and search(text) is not None
    return VALUE, lambda run: good


def _max_length(most: int) -> Constraint:
    def good(v: str) -> bool:
        text = _text(v)
        return text is not None and len(text) <= most
    return VALUE, lambda run: good


def _range(bound: Literal, holds: Callable[[int], bool]) -> Constraint:
    """sh:minInclusive / sh:maxInclusive as pySHACL decides them: a string compares only with a
    string, and what rdflib cannot compare is out of range."""
    bound_is_string = isinstance(bound.value, str)
    def bind(run):
        literal = run.literal
        def good(v: str) -> bool:
            if v[0] != '"':
                return False
            value = literal(v)
            if isinstance(value, _Canonical):
                if (value.datatype == bound.datatype and value.value is not None
                        and type(value.value) is type(bound.value)):
                    ordered = (value.value > bound.value) - (value.value < bound.value)
                    return holds(ordered)
                value = _rdflib_literal(v)
            if isinstance(value.value, str) != bound_is_string:
                return False
            try:
                return holds(_compare(value, bound))
            except (TypeError, NotImplementedError):
                return False
        return _Memo(good).__getitem__
    return VALUE, bind


def _compare(value: Literal, bound: Literal) -> int:
    """pySHACL's compare_literal: 0 equal, 1 greater, -1 less or unordered."""
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


def _rdflib_literal(v: str) -> Literal:
    lexical, lang, datatype = nt.split_literal(v)
    try:
        return Literal(lexical, lang=lang, datatype=datatype)
    except ValueError:  # a language tag rdflib refuses (its parser would have): a string all the same
        return Literal(lexical)


class _Canonical(NamedTuple):
    """What rdflib reads from a date or an integer in canonical form, read without rdflib."""
    datatype: URIRef
    value: object  # None when ill-typed
    ill_typed: bool


# datatype -> (the canonical lexical form, how rdflib reads it: a ValueError means ill-typed)
CANONICAL = {XSD.date: (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch, dt.date.fromisoformat),
             XSD.integer: (re.compile(r"-?[0-9]+").fullmatch, int)}
CANONICAL_SUFFIXES = [(f'"^^<{datatype}>', datatype, form, read)
                      for datatype, (form, read) in CANONICAL.items()]


def _read_literal(v: str) -> Literal | _Canonical:
    """A literal term as rdflib reads it; a date or integer in canonical form (nearly all of them)
    without the cost of an rdflib Literal."""
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
        self.needs_values = any(row[1] is not None for row in self.rows)

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
            for b in targeted:
                b.validate(s, by_p, out)
            supers = by_p.get(SUBCLASS_OF)
            if supers:
                for sup in supers:
                    edges.setdefault(sup, set()).add(s)
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
