"""vngreg/validate/engine.py against pySHACL, the reference: the same results on the real register, on
copies of it and of a generated register spoilt once for every constraint in our shapes, and on
small graphs made for the corners of SHACL; and `Unsupported` for every feature it does not have."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from tests.test_components import component_register
from vngreg import nt
from vngreg.validate import engine as shacl_core
from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register
from vngreg.vocab import in_rdflib as ns

DCTERMS, GS, ORG, RDF, SH = ns.DCTERMS, ns.GS, ns.ORG, ns.RDF, ns.SH

ROOT = Path(__file__).resolve().parent.parent
SHAPES_FILES = sorted((ROOT / "shapes").glob("*.ttl"))  # every shapes file we ship, as one graph
GSH = "https://data.vng.nl/gemeentelijke-standaarden/def/shapes#"
SPOILT = "https://example.org/spoilt/"
ANY = "*"  # a spoil that changes every predicate of a node

# Constraint parameter -> the component its results name.
COMPONENTS = {
    SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.datatype: "Datatype",
    SH.nodeKind: "NodeKind", SH["class"]: "Class", SH.pattern: "Pattern", SH.maxLength: "MaxLength",
    SH.minInclusive: "MinInclusive", SH.maxInclusive: "MaxInclusive", SH.uniqueLang: "UniqueLang",
    SH.qualifiedMinCount: "QualifiedMinCount", SH.equals: "Equals", SH.languageIn: "LanguageIn",
}


def term(node) -> str:
    if isinstance(node, Literal):
        return nt.literal(str(node), node.language, str(node.datatype) if node.datatype else None)
    return node.n3()


def iri(node) -> str:
    return nt.iri(str(node))


# --- the two validators, results as comparable tuples -----------------------------------------------

def rdflib_term(t: str):
    if t[0] == "<":
        return URIRef(t[1:-1])
    if t[0] == "_":
        return BNode(t[2:])  # the same label, so that results name the same blank nodes
    lexical, lang, datatype = nt.split_literal(t)
    return Literal(lexical, lang=lang, datatype=datatype)


def graph_of(triples) -> Graph:
    graph = Graph(bind_namespaces="none")
    for triple in triples:
        graph.add(tuple(rdflib_term(t) for t in triple))
    return graph


def reference(graph: Graph, shapes_graph: Graph, labels: dict) -> Counter:
    """pySHACL's results, called as vngreg.validate.shacl calls it."""
    _conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                            advanced=True, allow_warnings=True, inplace=True)

    def one(result, predicate):
        value = report.value(result, predicate)
        return None if value is None else term(value)

    found: Counter = Counter()
    for result in report.objects(None, SH.result):  # top-level results, not sh:detail ones
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        shape = report.value(result, SH.sourceShape)
        messages = tuple(sorted((m.language or "", str(m))
                                for m in report.objects(result, SH.resultMessage)))
        found[(severity, one(result, SH.focusNode), one(result, SH.resultPath),
               one(result, SH.value), labels.get(term(shape), term(shape)),
               str(report.value(result, SH.sourceConstraintComponent)), messages)] += 1
    return found


def ours(shapes: shacl_core.Shapes, triples) -> Counter:
    results = shacl_core.validate(shapes, nt.by_subject(triples))
    return Counter(dataclasses.astuple(r) for r in results)


def compare(shapes_graph: Graph, triples, messages: bool = True) -> Counter:
    """Both validators on the same graph (ours on its triples as rdflib reads them, and as given);
    the results, once they are shown to be the same. Without `messages` the results' messages are
    left out (for shapes without sh:message, where pySHACL makes texts of its own)."""
    shapes = shacl_core.compile_shapes(nt.from_rdflib(shapes_graph))
    graph = graph_of(triples)
    as_read = nt.from_rdflib(graph)
    found = ours(shapes, as_read)
    assert ours(shapes, sorted(set(triples))) == found
    expected = reference(graph, shapes_graph, shapes.labels)
    if not messages:
        found, expected = (Counter({(*r[:-1], ()): n for r, n in c.items()}) for c in (found, expected))
    assert found == expected, (sorted(found - expected, key=str), sorted(expected - found, key=str))
    return found


# --- fixtures --------------------------------------------------------------------------------------

def read_shapes_files() -> Graph:
    graph = Graph(bind_namespaces="none")
    for path in SHAPES_FILES:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    return read_shapes_files()


@pytest.fixture(scope="module")
def shapes(shapes_graph) -> shacl_core.Shapes:
    return shacl_core.compile_shapes(nt.from_rdflib(shapes_graph))


@pytest.fixture(scope="module")
def real(components) -> list[nt.Triple]:
    return map_register(load_register(ROOT / "source")).triples + components


@pytest.fixture(scope="module")
def components(tmp_path_factory) -> list[nt.Triple]:
    """The small register of tests/test_components.py (another base IRI), beside each register
    here: the VNG's and the generated one have no reference components, so no nodes for their
    shapes to check."""
    return map_register(load_register(component_register(tmp_path_factory.mktemp("components")))).triples


@pytest.fixture(scope="module")
def generated(tmp_path_factory, components) -> list[nt.Triple]:
    """benchmarks/generate.py's register of 300 standards."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    folder = tmp_path_factory.mktemp("generated")
    return map_register(load_register(generate.generate(300, folder))).triples + components


# --- the real register ------------------------------------------------------------------------------

def test_real_register_has_no_results_and_pyshacl_agrees(shapes, shapes_graph, real):
    assert len(real) > 500
    assert shacl_core.validate(shapes, nt.by_subject(real)) == []
    assert compare(shapes_graph, real) == Counter()


def test_generated_register_has_no_results(shapes, generated):
    assert len(generated) > 5000
    assert shacl_core.validate(shapes, nt.by_subject(generated)) == []


def test_every_shape_that_reports_has_messages(shapes_graph):
    """So results need no generated text: pySHACL's own messages are never what we compare."""
    for shape, _ in reporting_shapes(shapes_graph):
        if any(p in COMPONENTS for p in shapes_graph.predicates(shape, None)):
            languages = {m.language for m in shapes_graph.objects(shape, SH.message)}
            assert languages == {"nl", "en"}, shape


# --- spoilt copies: one spoil for every constraint of every shape that reports ----------------

class Data:
    """Triples by subject, to spoil."""

    def __init__(self, triples):
        self.index = {s: list(pairs) for s, pairs in nt.by_subject(triples).items()}

    def copy(self) -> "Data":
        new = Data([])
        new.index = {s: list(pairs) for s, pairs in self.index.items()}
        return new

    def triples(self) -> list[nt.Triple]:
        return sorted({(s, p, o) for s, pairs in self.index.items() for p, o in pairs})

    def values(self, node: str, predicate: str) -> list[str]:
        return [o for p, o in self.index.get(node, ()) if p == predicate]

    def drop(self, node: str, predicate: str, value: str | None = None) -> None:
        self.index[node] = [(p, o) for p, o in self.index[node]
                            if not (p == predicate and value in (None, o))]

    def add(self, node: str, predicate: str, *values: str) -> None:
        self.index[node] += [(predicate, v) for v in values]

    def instances(self, cls: str) -> list[str]:
        return sorted(s for s, pairs in self.index.items() if (nt.RDF_TYPE, cls) in pairs)

    def subjects_of(self, predicate: str) -> list[str]:
        return sorted(s for s, pairs in self.index.items() if any(p == predicate for p, _ in pairs))


@dataclasses.dataclass(frozen=True)
class Spoil:
    name: str
    shape: str  # N-Triples term of the shape that must report it
    component: str  # e.g. "MinCount"
    path: str  # the shape's path
    nodes: Callable[[Data], list[str]]  # the nodes it can be done to, in order of preference
    edit: Callable[[Data, str], object]  # does it to a node
    predicates: tuple[str, ...] = ()  # what else it changes on the node (ANY: everything)
    focus: Callable[[Data, str], str] = lambda data, node: node  # the focus node of the result

    def touches(self, data: Data, node: str) -> set[tuple[str, str]]:
        """The (node, predicate) pairs no other spoil may change in the same copy."""
        return {(node, p) for p in self.predicates} | {(self.focus(data, node), self.path)}


def reporting_shapes(g: Graph) -> list[tuple]:
    """(shape, how to find its focus nodes in the data) for every shape whose results are reported:
    the targeted shapes and their property shapes."""
    found = []
    roots = set(g.subjects(SH.targetClass, None)) | set(g.subjects(SH.targetSubjectsOf, None))
    for root in sorted(roots):
        classes = [iri(c) for c in g.objects(root, SH.targetClass)]
        predicates = [iri(p) for p in g.objects(root, SH.targetSubjectsOf)]

        def focus_nodes(data: Data, classes=classes, predicates=predicates) -> list[str]:
            return sorted({n for c in classes for n in data.instances(c)}
                          | {n for p in predicates for n in data.subjects_of(p)})
        for shape in [root, *sorted(g.objects(root, SH.property))]:
            found.append((shape, focus_nodes))
    return found


def other_values(data: Data, g: Graph, shape, node: str, count: int) -> list[str]:
    """`count` values the node does not have yet, of the kind the shape asks for."""
    have = set(data.values(node, iri(g.value(shape, SH.path))))
    datatype, cls = g.value(shape, SH.datatype), g.value(shape, SH["class"])
    if cls is not None:
        candidates = [n for n in data.instances(iri(cls)) if n not in have]
        candidates += [f"<{SPOILT}ding-{i}>" for i in range(count)]
    elif datatype == RDF.langString:
        candidates = [nt.literal(f"extra {lang}", lang) for lang in ("de", "fr", "es", "it")]
    elif datatype in (ns.XSD.date, ns.XSD.integer):
        candidates = [nt.literal(f"20{10 + i}-01-01" if datatype == ns.XSD.date else str(10 + i),
                                 datatype=str(datatype)) for i in range(count)]
    elif g.value(shape, SH.nodeKind) == SH.IRI:
        candidates = [f"<{SPOILT}pagina-{i}>" for i in range(count)]
    else:
        candidates = [nt.literal(f"extra-{i}") for i in range(count)]
    return [c for c in candidates if c not in have][:count]


def bad_datatype(datatype, lexical: str) -> str:
    """A value the datatype rejects and the shape's other constraints accept where they can: the
    same text without its language, with a language, as a comparable decimal; an ill-typed date
    (which rdflib reads and pySHACL must reject)."""
    return {RDF.langString: nt.literal(lexical), ns.XSD.string: nt.literal(lexical, "nl"),
            ns.XSD.date: nt.literal("2021-02-30", datatype=str(ns.XSD.date)),
            ns.XSD.integer: nt.literal(lexical, datatype=str(ns.XSD.decimal))}[datatype]


def out_of_range(bound: Literal, step: int) -> str:
    value = bound.value + (dt.timedelta(days=step) if isinstance(bound.value, dt.date) else step)
    return nt.literal(str(value), datatype=str(bound.datatype))


def edit_breaking(g: Graph, shape, parameter) -> Callable[[Data, str], object]:
    """How to break one constraint of a shape on a focus node, made from what the shape says: a bad
    value takes the place of one the node has where the shape counts values (so that sh:maxCount
    still holds), and is added beside them otherwise (so that a shape asking for a Dutch one among
    them still holds)."""
    path, value = iri(g.value(shape, SH.path)), g.value(shape, parameter)
    component = COMPONENTS[parameter]
    counted = (shape, SH.maxCount, None) in g

    def with_bad(bad: Callable[[str | None], str]):
        """Puts bad(a value the node has, or None) in."""
        def edit(d: Data, n: str) -> None:
            have = d.values(n, path)
            if counted and have:
                d.drop(n, path, have[0])
            d.add(n, path, bad(have[0] if have else None))
        return edit

    if component in ("MinCount", "Equals"):
        return lambda d, n: d.drop(n, path)
    if component == "MaxCount":
        # one value more than allowed, no more: a class may have few instances (two roles)
        return lambda d, n: d.add(n, path, *other_values(d, g, shape, n, value.value + 1 - len(d.values(n, path))))
    if component == "Datatype" and value == RDF.langString and not counted:
        # beside a Dutch text, so that a shape asking for one (by sh:targetSubjectsOf) holds
        return lambda d, n: d.add(n, path, nt.literal("zonder taal"),
                                  *d.values(n, path)[:1] or [nt.literal("met taal", "nl")])
    if component == "Datatype":
        return with_bad(lambda old: bad_datatype(value, nt.value(old) if old else "10"))
    if component == "NodeKind":
        assert value == SH.IRI, f"{shape}: add a spoil for sh:nodeKind {value}"
        return with_bad(lambda old: nt.literal(nt.value(old) if old else "https://example.org/tekst"))
    if component == "Class":
        return with_bad(lambda old: f"<{SPOILT}geen-ding>")
    if component == "Pattern":
        bad = nt.literal("Niet Goed!") if (shape, SH.datatype, None) in g else "<urn:niet-goed>"
        assert not re.search(str(value), nt.value(bad)), shape
        return with_bad(lambda old: bad)
    if component == "MaxLength":
        return with_bad(lambda old: nt.literal("a" * (value.value + 1)))
    if component in ("MinInclusive", "MaxInclusive"):
        bad = out_of_range(value, -1 if component == "MinInclusive" else 1)
        return lambda d, n: (d.drop(n, path), d.add(n, path, bad))
    if component == "UniqueLang":
        return lambda d, n: d.add(n, path, nt.literal("dubbel een", "nl"), nt.literal("dubbel twee", "nl"))
    if component == "QualifiedMinCount":
        return lambda d, n: (d.drop(n, path), d.add(n, path, nt.literal("alleen Engels", "en")))
    raise AssertionError(f"{shape}: no spoil for {parameter}; add one here")


def spoils_of_shapes(g: Graph) -> list[Spoil]:
    """One spoil for each constraint of each reporting shape, done first to nodes that have a
    value of the shape's path."""
    spoils = []
    for shape, focus_nodes in reporting_shapes(g):
        path = iri(g.value(shape, SH.path))
        def nodes(d: Data, focus_nodes=focus_nodes, path=path) -> list[str]:
            return sorted(focus_nodes(d), key=lambda n: not d.values(n, path))
        for parameter in sorted(set(g.predicates(shape, None)) & set(COMPONENTS)):
            others = (iri(g.value(shape, SH.equals)),) if parameter == SH.equals else ()
            spoils.append(Spoil(f"{term(shape)}-{COMPONENTS[parameter]}", term(shape),
                                COMPONENTS[parameter], path, nodes,
                                edit_breaking(g, shape, parameter), others))
    return spoils


def companions(g: Graph, spoil: Spoil) -> set[tuple[str, str]]:
    """The (shape, component) that cannot hold when the spoil's constraint fails, by SHACL: a shape
    asking that another path equals the spoilt one, and for a value of another datatype, a range
    on the same path (a value that is not a date cannot be compared with a date)."""
    found = {(term(s), "Equals") for s in g.subjects(SH.equals, URIRef(nt.value(spoil.path)))}
    if spoil.component == "Datatype":
        found |= {(term(s), COMPONENTS[p]) for s in g.subjects(SH.path, URIRef(nt.value(spoil.path)))
                  for p in (SH.minInclusive, SH.maxInclusive) if (s, p, None) in g}
    return found


def shape_term(name: str) -> str:
    return f"<{GSH}{name}>"


TITLE, CATEGORY, MAINTAINER = iri(DCTERMS.title), iri(GS.categorie), iri(GS.inBeheerBij)
ORGANISATION = iri(ORG.Organization)


def standards(data: Data) -> list[str]:
    return data.instances(iri(GS.GemeentelijkeStandaard))


def maintained(data: Data, organisation: str) -> list[str]:
    return [s for s in standards(data) if organisation in data.values(s, MAINTAINER)]


def category_is_maintainer(data: Data, standard: str) -> None:
    organisation = data.values(standard, MAINTAINER)[0]
    data.drop(standard, CATEGORY)
    data.add(standard, CATEGORY, organisation)


# The errors people make, beside the one-a-constraint spoils.
SCENARIOS = [
    Spoil("standaard-zonder-titel", shape_term("Standaard-titel-nl"), "QualifiedMinCount", TITLE,
          standards, lambda d, n: d.drop(n, TITLE)),
    Spoil("categorie-is-een-organisatie", shape_term("Standaard-categorie"), "Class", CATEGORY,
          standards, category_is_maintainer, (MAINTAINER,)),
    Spoil("organisatie-zonder-type", shape_term("Standaard-inBeheerBij"), "Class", MAINTAINER,
          lambda d: [o for o in d.instances(ORGANISATION) if len(maintained(d, o)) == 1],
          lambda d, n: d.drop(n, nt.RDF_TYPE, ORGANISATION), (ANY,),
          focus=lambda d, n: maintained(d, n)[0]),
]


def rounds(spoils: list[Spoil], data: Data, most: int) -> list[list[tuple[Spoil, str, str]]]:
    """The spoils spread over at most `most` copies, as (spoil, node, expected focus node): in one
    copy no two spoils change the same predicate of the same node. A spoil that fits in none is
    left out."""
    plan: list[tuple[dict[str, set[str]], list]] = []

    def free(taken: dict[str, set[str]], touched: set[tuple[str, str]]) -> bool:
        return not any(p in taken.get(n, ()) or ANY in taken.get(n, ()) or (p == ANY and n in taken)
                       for n, p in touched)
    for spoil in spoils:
        candidates = spoil.nodes(data)
        assert candidates, f"{spoil.name}: nothing in the data to spoil"
        for r in range(most):
            if r == len(plan):
                plan.append(({}, []))
            taken, chosen = plan[r]
            node = next((n for n in candidates if free(taken, spoil.touches(data, n))), None)
            if node is not None:
                for n, p in spoil.touches(data, node):
                    taken.setdefault(n, set()).add(p)
                chosen.append((spoil, node, spoil.focus(data, node)))
                break
    return [chosen for _, chosen in plan]


def check_round(shapes_graph: Graph, data: Data, chosen: list[tuple[Spoil, str, str]]) -> None:
    copy = data.copy()
    for spoil, node, _focus in chosen:
        spoil.edit(copy, node)
    found = compare(shapes_graph, copy.triples())
    reported = {(focus, shape, component.rsplit("#", 1)[-1])
                for _sev, focus, _path, _value, shape, component, _msgs in found}
    for spoil, _node, focus in chosen:
        assert (focus, spoil.shape, f"{spoil.component}ConstraintComponent") in reported, spoil.name


def test_every_constraint_in_the_shapes_has_a_spoil(shapes_graph):
    in_file = {(term(shape), COMPONENTS[p]) for shape, _ in reporting_shapes(shapes_graph)
               for p in shapes_graph.predicates(shape, None) if p in COMPONENTS}
    assert len(in_file) > 100
    assert {(s.shape, s.component) for s in spoils_of_shapes(shapes_graph)} == in_file


def test_every_constraint_parameter_in_the_shapes_is_one_we_spoil(shapes_graph):
    """A parameter new to the shapes fails here until it has a component above (and, unless
    shacl_core implements it, compile_shapes refuses it: the test of the real register fails)."""
    used = {p for p in shapes_graph.predicates() if p.startswith(str(SH))}
    bookkeeping = {SH.targetClass, SH.targetSubjectsOf, SH.property, SH.path, SH.severity, SH.message,
                   SH.name, SH.qualifiedValueShape}
    assert used - bookkeeping <= set(COMPONENTS), used - bookkeeping - set(COMPONENTS)


SPOILS = spoils_of_shapes(read_shapes_files()) + SCENARIOS


@pytest.mark.parametrize("spoil", SPOILS, ids=[spoil.name for spoil in SPOILS])
def test_one_spoilt_copy_of_the_real_register_per_constraint(shapes_graph, real, spoil):
    """A copy of the real register broken at one place: the two validators agree result for result,
    and what fails is that constraint alone."""
    data = Data(real)
    ((_, node, focus),) = rounds([spoil], data, most=1)[0]
    spoil.edit(data, node)
    found = compare(shapes_graph, data.triples())
    failed = {(shape, component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent"))
              for _, _, _, _, shape, component, _ in found}
    assert {f for _, f, *_ in found} == {focus}
    assert (spoil.shape, spoil.component) in failed
    assert failed - {(spoil.shape, spoil.component)} <= companions(shapes_graph, spoil)


def test_spoilt_generated_register(shapes_graph, generated):
    """One copy, spoilt in as many places as fit (pySHACL takes seconds on it)."""
    data = Data(generated)
    spoils = spoils_of_shapes(shapes_graph) + SCENARIOS
    (chosen,) = rounds(spoils, data, most=1)
    assert len(chosen) > 100
    assert {s.name for s, _, _ in chosen} >= {s.name for s in SCENARIOS}
    check_round(shapes_graph, data, chosen)


# --- the corners of SHACL, on small graphs ----------------------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
"""

CORNER_SHAPES = PREFIXES + """
ex:Ding a sh:NodeShape ;
    sh:targetClass ex:Ding ;
    sh:property ex:Ding-datum, ex:Ding-getal, ex:Ding-naam, ex:Ding-link, ex:Ding-code,
        ex:Ding-soort, ex:Ding-zelfde, ex:Ding-tekst, ex:Ding-gekeurd ;
    sh:property [ sh:path ex:anoniem ; sh:maxCount 1 ; sh:nodeKind sh:BlankNode ;
                  sh:message "anoniem"@nl ] .
ex:Ding-datum sh:path ex:datum ; sh:datatype xsd:date ; sh:nodeKind sh:Literal ;
    sh:minInclusive "2000-01-01"^^xsd:date ; sh:maxInclusive "2000-12-31"^^xsd:date ;
    sh:message "datum" .
ex:Ding-getal sh:path ex:getal ; sh:datatype xsd:integer ; sh:nodeKind sh:IRIOrLiteral ;
    sh:minInclusive 1 ; sh:maxInclusive 10 ; sh:severity sh:Warning ; sh:message "getal"@en .
ex:Ding-naam sh:path ex:naam ; sh:uniqueLang true ; sh:nodeKind sh:BlankNodeOrLiteral ;
    sh:datatype rdf:langString ; sh:minCount 1 ;
    sh:qualifiedValueShape ex:Nederlands ; sh:qualifiedMinCount 2 ; sh:severity sh:Info ;
    sh:message "naam"@nl, "name"@en .
ex:Ding-link sh:path ex:link ; sh:nodeKind sh:IRI ; sh:pattern "^https://" ; sh:maxLength 22 ;
    sh:message "link" .
ex:Ding-code sh:path ex:code ; sh:datatype xsd:string ; sh:pattern "[0-9]{3}" ; sh:maxLength 5 ;
    sh:minCount 1 ; sh:maxCount 2 ; sh:message "code" .
ex:Ding-soort sh:path ex:soort ; sh:class ex:Soort ; sh:nodeKind sh:BlankNodeOrIRI ;
    sh:message "soort" .
ex:Ding-zelfde sh:path ex:zelfde ; sh:equals ex:ander ; sh:message "zelfde" .
ex:Ding-tekst sh:path ex:tekst ; sh:languageIn ( "nl" "EN" "*" ) ; sh:message "tekst" .
ex:Ding-gekeurd sh:path ex:soort ; sh:qualifiedValueShape ex:Gekeurd ; sh:qualifiedMinCount 1 ;
    sh:message "gekeurd" .
ex:Nederlands sh:languageIn ( "nl" ) .
ex:Gekeurd a sh:NodeShape ; sh:property [ sh:path ex:keurmerk ; sh:minCount 1 ; sh:maxCount 1 ] .

ex:Soort-knoop a sh:NodeShape ; sh:targetClass ex:Soort ; sh:nodeKind sh:IRI ; sh:class ex:Erkend ;
    sh:pattern "^https://example.org/" ; sh:message "soort-knoop" .
ex:Met-tekst a sh:PropertyShape ; sh:targetSubjectsOf ex:tekst ; sh:path ex:tekst ;
    sh:languageIn ( "nl" ) ; sh:message "met tekst" .
"""

CORNER_DATA = PREFIXES + """
ex:Subsoort rdfs:subClassOf ex:Soort .
ex:Diepste rdfs:subClassOf ex:Subsoort .
ex:s1 a ex:Soort ; ex:keurmerk "A" . ex:s2 a ex:Subsoort, ex:Erkend ; ex:keurmerk "A", "B" .
ex:s3 a ex:Diepste . _:s4 a ex:Soort .

ex:a a ex:Ding ; ex:datum "2000-01-01"^^xsd:date, "2000-12-31"^^xsd:date, "1999-12-31"^^xsd:date,
        "2001-01-01"^^xsd:date, "2000-02-30"^^xsd:date, "2000-06-01T10:00:00"^^xsd:dateTime,
        "2000-06-01Z"^^xsd:date, "2000-06-01+02:00"^^xsd:date, "juni"@nl, "2000-06-01",
        ex:iri, _:leeg ;
    ex:getal 1, 10, 0, 11, "5"^^xsd:decimal, "5.0"^^xsd:decimal, "5"^^xsd:long, "5",
        "1e1"^^xsd:double, "vijf"^^xsd:integer, "+5"^^xsd:integer, _:getal ;
    ex:naam "een"@nl, "twee"@NL, "three"@en, "drie"@nl-BE, "zonder taal" ;
    ex:link <https://example.org/a>, <http://example.org/a>, <https://example.org/veel-te-lang>,
        "https://example.org/b", _:link ;
    ex:code "123", "12345", "ab123", "123456", "abc", "123"@nl, "123"^^xsd:token, "456"^^xsd:string,
        _:code ;
    ex:soort ex:s1, ex:s2, ex:s3, _:s4, ex:geen, "ex:s1" ;
    ex:zelfde ex:x, ex:y, "a"@NL, "b"@nl ; ex:ander ex:y, ex:z, "a"@nl, "b"@NL ;
    ex:tekst "nl"@nl, "nl-BE"@nl-be, "en"@EN, "de"@de, "geen taal", ex:iri ;
    ex:anoniem 1, _:anoniem .
ex:b a ex:Subsoort, ex:Ding ; ex:code "999" ; ex:naam "alleen"@nl, "nog een"@nl-NL .
ex:c a ex:Diepste, ex:Ding ; ex:zelfde ex:x ; ex:soort ex:s2, ex:s3 .
_:d a ex:Ding ; ex:code "000" ; ex:naam "een"@nl, "twee"@nl .
ex:e a ex:Ding ; ex:code "001" ;
    ex:naam "alleen"@nl, "only"@en, "one"@EN, "un"@fr, "une"@fr, ex:iri .
"""


def test_corners_of_shacl_give_what_pyshacl_gives():
    shapes_graph = Graph(bind_namespaces="none").parse(data=CORNER_SHAPES, format="turtle")
    data = Graph(bind_namespaces="none").parse(data=CORNER_DATA, format="turtle")
    found = compare(shapes_graph, nt.from_rdflib(data))
    components = {c.rsplit("#", 1)[-1].removesuffix("ConstraintComponent") for *_, c, _ in found}
    assert components == {"MinCount", "MaxCount", "Datatype", "NodeKind", "Class", "Pattern",
                          "MaxLength", "MinInclusive", "MaxInclusive", "UniqueLang",
                          "QualifiedMinCount", "Equals", "LanguageIn"}
    assert {severity for severity, *_ in found} == {"Violation", "Warning", "Info"}
    # node-level results (ex:Soort-knoop) have no path and the focus node as value
    assert any(path is None and value == focus for _, focus, path, value, *_ in found)
    # subclasses of the data count: ex:b (a subclass of ex:Soort) is checked by ex:Soort-knoop
    assert any(focus == "<https://example.org/b>" and shape == "<https://example.org/Soort-knoop>"
               for _, focus, _, _, shape, *_ in found)


# The features our shapes do not use (the W3C suite checks them too): lists of values and of shapes,
# shapes of shapes, implicit class targets, node targets, lengths, exclusive ranges, flags.
MORE_SHAPES = PREFIXES + """
ex:Persoon a rdfs:Class, sh:NodeShape ;
    sh:property [ sh:path ex:status ; sh:in ( ex:actief ex:gestopt "onbekend" ) ] ,
        [ sh:path ex:soort ; sh:hasValue ex:mens ] ,
        [ sh:path ex:voornaam ; sh:disjoint ex:achternaam ; sh:minLength 2 ] ,
        [ sh:path ex:ouder ; sh:node ex:Volwassene ] ,
        [ sh:path ex:leeftijd ; sh:minExclusive 0 ; sh:maxExclusive 150 ] ,
        [ sh:path ex:code ; sh:pattern "^AB" ; sh:flags "i" ] ,
        [ sh:path ex:contact ; sh:or ( [ sh:nodeKind sh:IRI ] [ sh:datatype xsd:string ] ) ;
          sh:xone ( [ sh:pattern "^mailto:" ] [ sh:pattern "^tel:" ] ) ] ,
        [ sh:path ex:hobby ; sh:not [ sh:hasValue ex:roken ] ] ;
    sh:and ( [ sh:property [ sh:path ex:naam ; sh:minCount 1 ] ]
             [ sh:property [ sh:path ex:naam ; sh:maxCount 1 ] ] ) .
ex:Volwassene a sh:NodeShape ; sh:property [ sh:path ex:leeftijd ; sh:minInclusive 18 ] .
ex:Doel a sh:NodeShape ; sh:targetNode ex:x, "tekst", 5, ex:p2 ; sh:nodeKind sh:IRI ; sh:message "doel" .
ex:Zelf a sh:NodeShape ; sh:targetNode ex:p1 ; sh:disjoint ex:kent ; sh:hasValue ex:p1 .
"""

MORE_DATA = PREFIXES + """
ex:p1 a ex:Persoon ; ex:status ex:actief, ex:weg, "onbekend", "onbekend"@nl ; ex:soort ex:mens ;
    ex:voornaam "A", "Jan" ; ex:achternaam "Jan" ; ex:ouder ex:p2, ex:p3 ; ex:leeftijd 0, 20, 150, "x" ;
    ex:code "abc", "xab" ; ex:contact <mailto:a@b>, "tel:123", "iets", 5, <mailto:tel:> ;
    ex:hobby ex:roken, ex:lezen ; ex:naam "P1", "P een" ; ex:kent ex:p1 .
ex:p2 a ex:Persoon ; ex:soort ex:dier ; ex:leeftijd 40 ; ex:naam "P2" .
ex:p3 ex:leeftijd 10 .
"""


def test_more_of_shacl_gives_what_pyshacl_gives():
    shapes_graph = Graph(bind_namespaces="none").parse(data=MORE_SHAPES, format="turtle")
    data = Graph(bind_namespaces="none").parse(data=MORE_DATA, format="turtle")
    found = compare(shapes_graph, nt.from_rdflib(data), messages=False)
    components = {c.rsplit("#", 1)[-1].removesuffix("ConstraintComponent") for *_, c, _ in found}
    assert components == {"In", "HasValue", "Disjoint", "MinLength", "Node", "MinExclusive",
                          "MaxExclusive", "Pattern", "Or", "Xone", "Not", "And", "NodeKind"}


def test_blank_node_shapes_get_stable_labels():
    runs = []
    for _ in range(2):  # two parses: rdflib gives the blank nodes other ids each time
        shapes_graph = Graph(bind_namespaces="none").parse(data=CORNER_SHAPES, format="turtle")
        shapes = shacl_core.compile_shapes(nt.from_rdflib(shapes_graph))
        labels = sorted(label for node, label in shapes.labels.items() if node.startswith("_:"))
        data = nt.from_rdflib(Graph(bind_namespaces="none").parse(data=CORNER_DATA, format="turtle"))
        runs.append((labels, {r.shape for r in shacl_core.validate(shapes, nt.by_subject(data))}))
    assert runs[0] == runs[1]
    labels, shapes_reporting = runs[0]
    assert len(labels) == 2 and all(re.fullmatch(r"_:shape-[0-9a-f]{16}", label) for label in labels)
    assert len(set(labels) & shapes_reporting) == 1  # ex:anoniem's; ex:Gekeurd's only qualifies


def test_a_shape_without_message_gives_results_without_messages():
    shapes_graph = Graph(bind_namespaces="none").parse(data=PREFIXES + """
        ex:Ding a sh:NodeShape ; sh:targetClass ex:Ding ;
            sh:property [ sh:path ex:code ; sh:minCount 1 ] .
        """, format="turtle")
    data = [("<https://example.org/a>", nt.RDF_TYPE, "<https://example.org/Ding>")]
    (result,) = shacl_core.validate(shacl_core.compile_shapes(nt.from_rdflib(shapes_graph)), nt.by_subject(data))
    assert result.messages == () and result.component == str(SH.MinCountConstraintComponent)
    assert result.path == "<https://example.org/code>" and result.value is None


# --- what it refuses ------------------------------------------------------------------------------

# A feature -> a property shape using it, and what the refusal must name.
UNSUPPORTED = {
    "sparql": ('sh:sparql [ sh:select "SELECT $this WHERE { }" ]', "sh:sparql"),
    "closed": ("sh:closed true", "sh:closed"),
    "in without a list": ("sh:in ex:x", "sh:in is not an RDF list"),
    "lessThan": ("sh:lessThan ex:ander", "sh:lessThan"),
    "lessThanOrEquals": ("sh:lessThanOrEquals ex:ander", "sh:lessThanOrEquals"),
    "qualifiedMaxCount": ("sh:qualifiedValueShape ex:Ander ; sh:qualifiedMaxCount 1",
                          "sh:qualifiedMaxCount"),
    "qualifiedValueShapesDisjoint": ("sh:qualifiedValueShape ex:Ander ; sh:qualifiedMinCount 1 ; "
                                     "sh:qualifiedValueShapesDisjoint true",
                                     "sh:qualifiedValueShapesDisjoint"),
    "flag q": ('sh:pattern "^a" ; sh:flags "q"', "XPath's flags"),
    "flags without pattern": ('sh:flags "i"', "sh:flags without sh:pattern"),
    "pattern with \\w": ('sh:pattern "\\\\w"', "\\w is not translated"),
    "pattern with (?=": ('sh:pattern "a(?=b)"', "(? groups"),
    "pattern with class subtraction": ('sh:pattern "[a-z-[aeiou]]"', "subtraction"),
    "deactivated": ("sh:deactivated true", "sh:deactivated"),
    "other datatype": ("sh:datatype xsd:dateTime", "sh:datatype"),
    "language range with subtag": ('sh:languageIn ( "nl-BE" )', "subtag"),
    "other severity": ("sh:severity ex:Ernstig", "sh:severity"),
    "minCount twice": ("sh:minCount 1, 2", "sh:minCount given 2 times"),
    "sh:property on a property shape": ("sh:property [ sh:path ex:x ]", "sh:property"),
}
# A feature -> shapes using it, and what the refusal must name.
UNSUPPORTED_SHAPES = {
    "inverse path": ("ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; "
                     "sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
                     "sh:inversePath"),
    "sequence path": ("ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; "
                      "sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .", "sequence"),
    "targetObjectsOf": ("ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:class ex:Ding .",
                        "sh:targetObjectsOf"),
    "custom target": ("ex:S a sh:NodeShape ; sh:target [ a ex:Doel ] ; sh:class ex:Ding .",
                      "sh:target"),
    "owl:Class shape": ("ex:Ding a owl:Class, sh:NodeShape ; sh:class ex:Ding .", "owl:Class"),
    "uniqueLang on a node shape": ("ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; "
                                   "sh:uniqueLang true .", "sh:uniqueLang on a node shape"),
    "minCount on a node shape": ("ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; sh:minCount 1 .",
                                 "sh:minCount on a node shape"),
    "recursive shapes": ("ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; sh:property ex:P . "
                         "ex:P sh:path ex:p ; sh:qualifiedValueShape ex:S ; sh:qualifiedMinCount 1 .",
                         "recursive"),
    "a constraint component of our own": ("ex:C a sh:ConstraintComponent ; "
                                          "sh:parameter [ sh:path ex:q ] .", "not implemented"),
    "a rule": ("ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; sh:rule [ a sh:TripleRule ; "
               "sh:subject sh:this ; sh:predicate ex:p ; sh:object ex:o ] .", "not implemented"),
}


@pytest.mark.parametrize("shapes_text, named", [
    *((f"ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; sh:property ex:P . "
       f"ex:P sh:path ex:p ; {text} .", named) for text, named in UNSUPPORTED.values()),
    *UNSUPPORTED_SHAPES.values()],
    ids=[*UNSUPPORTED, *UNSUPPORTED_SHAPES])
def test_what_it_does_not_implement_is_refused(shapes_text, named):
    shapes_graph = Graph(bind_namespaces="none").parse(data=PREFIXES + shapes_text, format="turtle")
    with pytest.raises(shacl_core.Unsupported) as refused:
        shacl_core.compile_shapes(nt.from_rdflib(shapes_graph))
    assert named in str(refused.value)


def test_the_refused_shapes_are_otherwise_fine():
    """Guards the test above: without the refused feature, the same shapes compile."""
    shapes_graph = Graph(bind_namespaces="none").parse(data=PREFIXES + (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; sh:property ex:P . ex:P sh:path ex:p ; "
        "sh:minCount 1 ."), format="turtle")
    shapes = shacl_core.compile_shapes(nt.from_rdflib(shapes_graph))
    data = [("<https://example.org/a>", nt.RDF_TYPE, "<https://example.org/Ding>")]
    assert [r.shape for r in shacl_core.validate(shapes, nt.by_subject(data))] == [
        "<https://example.org/P>"]
