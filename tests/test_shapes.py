"""Our own shapes (shapes/gs-shapes.ttl): the real register conforms, and every constraint rejects
a copy of the real graph broken in one place, with the expected shape, constraint and severity."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register
from vngreg.vocab import in_rdflib as ns

DCTERMS, FOAF, GS, ORG, OWL, RDF, RDFS, SH, SKOS = (
    ns.DCTERMS, ns.FOAF, ns.GS, ns.ORG, ns.OWL, ns.RDF, ns.RDFS, ns.SH, ns.SKOS)

ROOT = Path(__file__).resolve().parent.parent
SHAPES_FILE = ROOT / "shapes" / "gs-shapes.ttl"
GSH = Namespace("https://data.vng.nl/gemeentelijke-standaarden/def/shapes#")
VIOLATION, WARNING = SH.Violation, SH.Warning

# The constraint parameters the shapes may use, each with the component a result names.
COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
}
# Everything else a property shape may say about itself: no constraint, nothing to break.
NOT_CONSTRAINTS = {RDF.type, SH.path, SH.name, SH.message, SH.severity, SH.description,
                   SH.qualifiedValueShape, SH.targetSubjectsOf, RDFS.comment}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph(bind_namespaces="none").parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def register():
    return load_register(ROOT / "source")


@pytest.fixture(scope="module")
def data(register) -> Graph:
    return map_register(register).graph


def results(data_graph: Graph, shapes_graph: Graph) -> list[dict]:
    conforms, report, _ = pyshacl.validate(data_graph, shacl_graph=shapes_graph, inference="none",
                                           advanced=True, allow_warnings=True)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        found.append({
            "focus": report.value(result, SH.focusNode),
            "shape": report.value(result, SH.sourceShape),
            "component": report.value(result, SH.sourceConstraintComponent),
            "severity": report.value(result, SH.resultSeverity),
            "messages": {m.language: str(m) for m in report.objects(result, SH.resultMessage)},
        })
    assert conforms == (not any(r["severity"] == VIOLATION for r in found))
    return found


def copy(graph: Graph) -> Graph:
    new = Graph(bind_namespaces="none")
    new += graph
    return new


def property_shapes(shapes_graph: Graph) -> set:
    return set(shapes_graph.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes_graph.objects(None, SH.property)) | set(shapes_graph.subjects(SH.path, None))


def texts(graph: Graph, node, predicate) -> dict[str | None, list[str]]:
    by_lang: dict[str | None, list[str]] = {}
    for value in graph.objects(node, predicate):
        by_lang.setdefault(getattr(value, "language", None), []).append(str(value))
    return by_lang


# --- the real register ------------------------------------------------------------------------------

def test_real_register_conforms_without_any_result(data, shapes):
    assert results(data, shapes) == []


# What the VNG's register has none of: reference components and their roles (GEMMA's register has;
# tests/test_components.py checks their shapes there).
NOT_IN_THE_REAL_REGISTER = {GS.Referentiecomponent, GS.Componentrol, GS.Verbindingsrol}


def test_real_register_is_checked_at_all(data, shapes):
    """Guards the test above: every node shape's class has instances in the real register."""
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for cls in set(shapes.objects(node_shape, SH.targetClass)) - NOT_IN_THE_REAL_REGISTER:
            assert any(data.subjects(RDF.type, cls)), f"no {cls} in the register for {node_shape}"


def test_shapes_do_not_depend_on_the_base_iri(register, shapes):
    settings = dataclasses.replace(register.settings, base_iri="https://example.org/elders/")
    moved = map_register(dataclasses.replace(register, settings=settings)).graph
    assert any(str(s).startswith("https://example.org/elders/id/") for s in moved.subjects())
    assert results(moved, shapes) == []
    standard = _find(moved, GS.GemeentelijkeStandaard, "zaakgericht-werken")
    moved.remove((standard, DCTERMS.title, None))
    assert {(r["shape"], r["focus"]) for r in results(moved, shapes)} == {
        (GSH["Standaard-titel-nl"], standard)}


@pytest.mark.parametrize("date", ["1990-01-01", "2100-12-31", "2019-01-01"])
def test_dates_on_the_bounds_are_accepted(data, shapes, date):
    graph = copy(data)
    establishment = _establishment(graph)
    graph.set((establishment, GS.geldtVanaf, Literal(date, datatype=ns.XSD.date)))
    assert results(graph, shapes) == []


# --- the shapes file itself ------------------------------------------------------------------------

def test_every_shape_has_an_iri_in_the_shapes_namespace(shapes):
    all_shapes = (set(shapes.subjects(RDF.type, SH.NodeShape)) | property_shapes(shapes)
                  | set(shapes.objects(None, SH.qualifiedValueShape)) | set(shapes.objects(None, SH.node))
                  | {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)})
    assert all_shapes
    for shape in all_shapes:
        assert isinstance(shape, URIRef) and shape.startswith(str(GSH)), shape


def test_the_only_blank_nodes_are_rdf_lists(shapes):
    for node in {n for triple in shapes for n in triple if isinstance(n, BNode)}:
        assert set(shapes.predicates(node, None)) <= {RDF.first, RDF.rest}, node


def test_every_property_shape_has_name_message_and_severity_in_dutch_and_english(shapes):
    for shape in property_shapes(shapes):
        for predicate in (SH.name, SH.message):
            by_lang = texts(shapes, shape, predicate)
            assert sorted(by_lang) == ["en", "nl"], (shape, predicate)
            assert all(len(v) == 1 and v[0].strip() for v in by_lang.values()), (shape, predicate)
        assert shapes.value(shape, SH.severity) in (VIOLATION, WARNING), shape


def test_property_shapes_are_named_after_their_node_shape(shapes):
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for shape in shapes.objects(node_shape, SH.property):
            assert shape.startswith(f"{node_shape}-"), (node_shape, shape)


def test_shapes_target_by_class_not_by_iri(shapes):
    assert not any(shapes.subjects(SH.targetNode, None))
    assert not any(shapes.subjects(SH.targetObjectsOf, None))


def test_languagein_lists_are_well_formed(shapes):
    for shape, head in shapes.subject_objects(SH.languageIn):
        assert list(Collection(shapes, head)) == [Literal("nl")], shape


def test_property_shapes_use_only_known_parameters(shapes):
    for shape in property_shapes(shapes):
        unknown = set(shapes.predicates(shape, None)) - set(COMPONENTS) - NOT_CONSTRAINTS
        assert not unknown, (shape, unknown)


# --- one broken copy of the real graph for every constraint -----------------------------------------
# Nodes are found by class and id, never by IRI: the IRIs depend on the configured base.

def _find(graph: Graph, cls: URIRef, identifier: str) -> URIRef:
    for node in graph.subjects(RDF.type, cls):
        if (node, DCTERMS.identifier, Literal(identifier)) in graph:
            return node
    raise LookupError(f"no {cls} with id {identifier}")


def _standard(g): return _find(g, GS.GemeentelijkeStandaard, "zaakgericht-werken")
def _unspecified(g): return _find(g, GS.GemeentelijkeStandaard, "objecten")  # no specificatie
def _establishment(g): return g.value(_standard(g), GS.vaststelling)
def _document(g): return g.value(_establishment(g), GS.besluit)
def _version(g): return _find(g, GS.Standaardversie, "bio2")
def _status(g): return _find(g, GS.Levensloopstatus, "in-gebruik")
def _level(g): return _find(g, GS.Verbindendheidsniveau, "pas-toe-of-leg-uit")
def _other_level(g): return _find(g, GS.Verbindendheidsniveau, "verplicht")
def _category(g): return _find(g, GS.Categorie, "inkoop")
def _other_category(g): return _find(g, GS.Categorie, "privacy")
def _scheme(g): return _find(g, SKOS.ConceptScheme, "categorie")
def _other_scheme(g): return _find(g, SKOS.ConceptScheme, "verbindendheid")
def _organisation(g): return _find(g, ORG.Organization, "werkgroep-bio")
def _other_organisation(g): return _find(g, ORG.Organization, "kadaster")
def _dataset(g): return next(g.subjects(RDF.type, ns.DCAT.Dataset))


def edit(node_of: Callable, drop=(), add=()) -> Callable:
    """A mutation: on the node `node_of(graph)`, remove all values of each predicate in `drop`,
    then add each (predicate, value); a value may be a function of the graph. Returns the node."""
    def mutate(graph: Graph):
        node = node_of(graph)
        for predicate in drop:
            graph.remove((node, predicate, None))
        for predicate, value in add:
            graph.add((node, predicate, value(graph) if callable(value) else value))
        return node
    return mutate


def drop(node_of, *predicates): return edit(node_of, drop=predicates)
def add(node_of, predicate, *values): return edit(node_of, add=[(predicate, v) for v in values])
def replace(node_of, predicate, *values):
    return edit(node_of, drop=[predicate], add=[(predicate, v) for v in values])


def nl(text): return Literal(text, lang="nl")
def en(text): return Literal(text, lang="en")
def date(text): return Literal(text, datatype=ns.XSD.date)
def web(text): return URIRef(text)


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable
    shape: str  # local name in gsh:
    component: str  # without "ConstraintComponent"
    severity: URIRef = VIOLATION
    also: tuple = ()  # further (shape, component, severity) the same break rightly causes

    def expected(self) -> set:
        return {(GSH[s], SH[f"{c}ConstraintComponent"], sev)
                for s, c, sev in ((self.shape, self.component, self.severity), *self.also)}


def identifier_cases(what: str, node_of: Callable, shape: str) -> list[Case]:
    return [
        Case(f"{what}-id-ontbreekt", drop(node_of, DCTERMS.identifier), shape, "MinCount"),
        Case(f"{what}-id-dubbel", add(node_of, DCTERMS.identifier, Literal("nog-een-id")), shape,
             "MaxCount"),
        Case(f"{what}-id-met-taal", replace(node_of, DCTERMS.identifier, nl("een-id")), shape,
             "Datatype"),
        Case(f"{what}-id-hoofdletters", replace(node_of, DCTERMS.identifier, Literal("Een_Id")), shape,
             "Pattern"),
        Case(f"{what}-id-te-lang", replace(node_of, DCTERMS.identifier, Literal("a" * 81)), shape,
             "MaxLength"),
    ]


def concept_cases(what: str, node_of: Callable, other_scheme: Callable, prefix: str) -> list[Case]:
    """The SKOS part shared by binding levels and categories; `other_scheme` is not the node's."""
    both_schemes = (SKOS.inScheme, SKOS.topConceptOf)
    return [
        Case(f"{what}-naam-zonder-taal", add(node_of, SKOS.prefLabel, Literal("Zonder taal")),
             f"{prefix}-naam", "Datatype"),
        Case(f"{what}-twee-namen-nl", add(node_of, SKOS.prefLabel, nl("Nog een naam")),
             f"{prefix}-naam", "UniqueLang"),
        Case(f"{what}-naam-alleen-engels", replace(node_of, SKOS.prefLabel, en("English only")),
             f"{prefix}-naam-nl", "QualifiedMinCount"),
        Case(f"{what}-naam-ontbreekt", drop(node_of, SKOS.prefLabel),
             f"{prefix}-naam-nl", "QualifiedMinCount"),
        Case(f"{what}-definitie-zonder-taal", add(node_of, SKOS.definition, Literal("x")),
             f"{prefix}-definitie", "Datatype"),
        Case(f"{what}-twee-definities-nl", add(node_of, SKOS.definition, nl("Nog een.")),
             f"{prefix}-definitie", "UniqueLang"),
        Case(f"{what}-definitie-ontbreekt", drop(node_of, SKOS.definition),
             f"{prefix}-definitie-nl", "QualifiedMinCount", WARNING),
        Case(f"{what}-notatie-ontbreekt", drop(node_of, SKOS.notation),
             f"{prefix}-notatie", "MinCount"),
        Case(f"{what}-twee-notaties", add(node_of, SKOS.notation, Literal("99")),
             f"{prefix}-notatie", "MaxCount"),
        Case(f"{what}-notatie-getal", replace(node_of, SKOS.notation, Literal(2)),
             f"{prefix}-notatie", "Datatype"),
        Case(f"{what}-volgorde-ontbreekt", drop(node_of, ns.SDO.position),
             f"{prefix}-volgorde", "MinCount"),
        Case(f"{what}-twee-volgordes", add(node_of, ns.SDO.position, Literal(99)),
             f"{prefix}-volgorde", "MaxCount"),
        Case(f"{what}-volgorde-geen-geheel-getal",
             replace(node_of, ns.SDO.position, Literal("2.5", datatype=ns.XSD.decimal)),
             f"{prefix}-volgorde", "Datatype"),
        Case(f"{what}-volgorde-nul", replace(node_of, ns.SDO.position, Literal(0)),
             f"{prefix}-volgorde", "MinInclusive"),
        Case(f"{what}-in-geen-begrippenkader", drop(node_of, *both_schemes),
             f"{prefix}-inBegrippenkader", "MinCount"),
        Case(f"{what}-in-twee-begrippenkaders",
             edit(node_of, add=[(p, other_scheme) for p in both_schemes]),
             f"{prefix}-inBegrippenkader", "MaxCount"),
        Case(f"{what}-begrippenkader-is-geen-begrippenkader",
             edit(node_of, drop=both_schemes, add=[(p, _dataset) for p in both_schemes]),
             f"{prefix}-inBegrippenkader", "Class"),
        Case(f"{what}-geen-topbegrip", drop(node_of, SKOS.topConceptOf),
             f"{prefix}-topbegripVan", "Equals"),
        Case(f"{what}-topbegrip-van-ander-begrippenkader", add(node_of, SKOS.topConceptOf, other_scheme),
             f"{prefix}-topbegripVan", "Equals"),
        *identifier_cases(what, node_of, f"{prefix}-identificatie"),
    ]


CASES: list[Case] = [
    # gemeentelijke standaard
    Case("standaard-naam-ontbreekt", drop(_standard, DCTERMS.title),
         "Standaard-titel-nl", "QualifiedMinCount"),
    Case("standaard-naam-alleen-engels", replace(_standard, DCTERMS.title, en("Case-oriented work")),
         "Standaard-titel-nl", "QualifiedMinCount"),
    Case("standaard-naam-zonder-taal-erbij", add(_standard, DCTERMS.title, Literal("Zonder taal")),
         "Standaard-titel", "Datatype"),
    Case("standaard-naam-zonder-taal-in-plaats-van-nl",
         replace(_standard, DCTERMS.title, Literal("Zaakgericht werken")),
         "Standaard-titel", "Datatype",
         also=(("Standaard-titel-nl", "QualifiedMinCount", VIOLATION),)),
    Case("standaard-twee-namen-nl", add(_standard, DCTERMS.title, nl("Zaakgericht Werken")),
         "Standaard-titel", "UniqueLang"),
    *identifier_cases("standaard", _standard, "Standaard-identificatie"),
    Case("standaard-categorie-ontbreekt", drop(_standard, GS.categorie),
         "Standaard-categorie", "MinCount"),
    Case("standaard-twee-categorieen", add(_standard, GS.categorie, _other_category),
         "Standaard-categorie", "MaxCount"),
    Case("standaard-categorie-is-verbindendheid", replace(_standard, GS.categorie, _level),
         "Standaard-categorie", "Class"),
    Case("standaard-zonder-beheerder", drop(_standard, GS.inBeheerBij),
         "Standaard-inBeheerBij-aanwezig", "MinCount", WARNING),
    Case("standaard-beheerder-is-categorie", add(_standard, GS.inBeheerBij, _category),
         "Standaard-inBeheerBij", "Class"),
    Case("standaard-twee-beheerteksten", add(_standard, GS.inBeheerBijTekst, en("VNG")),
         "Standaard-inBeheerBijTekst", "MaxCount"),
    Case("standaard-beheertekst-zonder-taal", replace(_standard, GS.inBeheerBijTekst, Literal("VNG")),
         "Standaard-inBeheerBijTekst", "Datatype"),
    Case("standaard-twee-geldende-vaststellingen",
         add(_standard, GS.geldendeVaststelling, lambda g: g.value(_find(g, GS.GemeentelijkeStandaard, "haven"),
                                                                    GS.vaststelling)),
         "Standaard-geldendeVaststelling", "MaxCount"),
    Case("standaard-geldende-vaststelling-is-organisatie", replace(_standard, GS.geldendeVaststelling, _organisation),
         "Standaard-geldendeVaststelling", "Class"),
    Case("standaard-twee-statussen", add(_standard, GS.status, _status,
                                         lambda g: _find(g, GS.Levensloopstatus, "vervangen")),
         "Standaard-status", "MaxCount"),
    Case("standaard-status-is-categorie", add(_standard, GS.status, _category), "Standaard-status", "Class"),
    Case("standaard-versie-is-organisatie", add(_standard, DCTERMS.hasVersion, _organisation),
         "Standaard-heeftVersie", "Class"),
    Case("standaard-onderdeel-van-categorie", add(_standard, DCTERMS.isPartOf, _category),
         "Standaard-onderdeelVan", "Class"),
    Case("standaard-vervangt-categorie", add(_standard, DCTERMS.replaces, _category),
         "Standaard-vervangt", "Class"),
    Case("standaard-gerelateerd-aan-categorie", add(_standard, DCTERMS.relation, _category),
         "Standaard-gerelateerd", "Class"),
    Case("standaard-gelijk-aan-tekst", add(_standard, GS.gelijkAan, Literal("GEMMA")),
         "Standaard-gelijkAan", "NodeKind"),
    Case("standaard-vergelijkbaar-met-tekst", add(_standard, GS.vergelijkbaarMet, Literal("GEMMA")),
         "Standaard-vergelijkbaarMet", "NodeKind"),
    Case("standaard-componentrol-is-categorie", add(_standard, GS.componentrol, _category),
         "Standaard-componentrol", "Class"),

    # vaststelling: what issue 15 added
    Case("vaststelling-twee-einddatums", add(_establishment, GS.geldtTot, date("2030-01-01"), date("2031-01-01")),
         "Vaststelling-geldtTot", "MaxCount"),
    Case("vaststelling-einddatum-met-tijd",
         add(_establishment, GS.geldtTot, Literal("2030-01-01T00:00:00", datatype=ns.XSD.dateTime)),
         "Vaststelling-geldtTot", "Datatype"),
    Case("vaststelling-bron-is-tekst", add(_establishment, DCTERMS.source, Literal("nieuws")),
         "Vaststelling-bron", "NodeKind"),
    Case("vaststelling-twee-besluiten", add(_establishment, GS.besluit,
                                            lambda g: g.value(g.value(_find(g, GS.GemeentelijkeStandaard, "haven"),
                                                                      GS.vaststelling), GS.besluit)),
         "Vaststelling-besluit", "MaxCount"),
    Case("vaststelling-besluit-is-organisatie", replace(_establishment, GS.besluit, _organisation),
         "Vaststelling-besluit", "Class"),
    Case("vaststelling-opmerking-zonder-taal", add(_establishment, SKOS.note, Literal("x")),
         "Vaststelling-opmerking", "Datatype"),
    Case("vaststelling-twee-opmerkingen-nl", add(_establishment, SKOS.note, nl("x"), nl("y")),
         "Vaststelling-opmerking", "UniqueLang"),

    # besluit
    Case("besluit-zonder-titel", drop(_document, DCTERMS.title), "Besluit-titel", "MinCount"),
    Case("besluit-twee-titels", add(_document, DCTERMS.title, nl("Nog een")), "Besluit-titel", "MaxCount"),
    Case("besluit-titel-zonder-taal", replace(_document, DCTERMS.title, Literal("Ledenbrief")),
         "Besluit-titel", "Datatype"),
    Case("besluit-twee-datums", add(_document, DCTERMS.date, date("2021-03-05")), "Besluit-datum", "MaxCount"),
    Case("besluit-datum-is-tekst", replace(_document, DCTERMS.date, Literal("maart")), "Besluit-datum", "Datatype"),
    Case("besluit-twee-webadressen", add(_document, FOAF.page, web("https://example.org/a"), web("https://example.org/b")),
         "Besluit-webadres", "MaxCount"),
    Case("besluit-webadres-is-tekst", add(_document, FOAF.page, Literal("https://example.org/a")),
         "Besluit-webadres", "NodeKind"),

    # standaardversie
    Case("versie-van-geen-standaard", drop(_version, DCTERMS.isVersionOf), "Standaardversie-versieVan", "MinCount"),
    Case("versie-van-twee-standaarden", add(_version, DCTERMS.isVersionOf, _standard),
         "Standaardversie-versieVan", "MaxCount"),
    Case("versie-van-categorie", replace(_version, DCTERMS.isVersionOf, _category),
         "Standaardversie-versieVan", "Class"),
    Case("versie-zonder-aanduiding", drop(_version, OWL.versionInfo), "Standaardversie-versie", "MinCount"),
    Case("versie-twee-aanduidingen", add(_version, OWL.versionInfo, Literal("2")), "Standaardversie-versie", "MaxCount"),
    Case("versie-aanduiding-met-taal", replace(_version, OWL.versionInfo, nl("BIO2")),
         "Standaardversie-versie", "Datatype"),
    Case("versie-twee-statussen", add(_version, GS.status, _status, lambda g: _find(g, GS.Levensloopstatus, "vervangen")),
         "Standaardversie-status", "MaxCount"),
    Case("versie-status-is-categorie", add(_version, GS.status, _category), "Standaardversie-status", "Class"),
    Case("versie-vervangt-standaard", add(_version, DCTERMS.replaces, _standard), "Standaardversie-vervangt", "Class"),
    *identifier_cases("versie", _version, "Standaardversie-identificatie"),
    Case("standaard-vaststelling-is-organisatie", add(_standard, GS.vaststelling, _organisation),
         "Standaard-vaststelling", "Class"),
    Case("standaard-beschrijving-zonder-taal",
         replace(_standard, DCTERMS.description, nl("Een beschrijving."), Literal("Zonder taal.")),
         "Standaard-beschrijving", "Datatype"),
    Case("standaard-twee-beschrijvingen-nl", add(_standard, DCTERMS.description, nl("Een."), nl("Twee.")),
         "Standaard-beschrijving", "UniqueLang"),
    Case("standaard-beschrijving-alleen-engels", replace(_standard, DCTERMS.description, en("English only.")),
         "Beschrijving-nl", "QualifiedMinCount", WARNING),
    Case("standaard-twee-specificaties",
         add(_standard, FOAF.page, web("https://example.org/a"), web("https://example.org/b")),
         "Standaard-specificatie", "MaxCount"),
    Case("standaard-specificatie-is-tekst", add(_unspecified, FOAF.page, Literal("https://example.org/a")),
         "Standaard-specificatie", "NodeKind"),
    Case("standaard-specificatie-zonder-https", add(_unspecified, FOAF.page, web("www.example.org/a")),
         "Standaard-specificatie", "Pattern"),
    Case("standaard-twee-homepages",
         add(_standard, FOAF.homepage, web("https://example.org/a"), web("https://example.org/b")),
         "Standaard-homepage", "MaxCount"),
    Case("standaard-homepage-is-tekst", add(_standard, FOAF.homepage, Literal("https://example.org/a")),
         "Standaard-homepage", "NodeKind"),
    Case("standaard-homepage-zonder-https", add(_standard, FOAF.homepage, web("mailto:info@example.org")),
         "Standaard-homepage", "Pattern"),
    Case("standaard-twee-versies", add(_standard, OWL.versionInfo, Literal("1.0"), Literal("2.0")),
         "Standaard-versie", "MaxCount"),
    Case("standaard-versie-met-taal", add(_standard, OWL.versionInfo, nl("1.0")),
         "Standaard-versie", "Datatype"),
    Case("standaard-opmerking-zonder-taal", add(_standard, SKOS.note, Literal("Let op.")),
         "Standaard-opmerking", "Datatype"),
    Case("standaard-twee-opmerkingen-nl", add(_standard, SKOS.note, nl("Een."), nl("Twee.")),
         "Standaard-opmerking", "UniqueLang"),

    # vaststelling
    Case("vaststelling-zonder-datum", drop(_establishment, GS.geldtVanaf),
         "Vaststelling-geldtVanaf", "MinCount"),
    Case("vaststelling-twee-datums", add(_establishment, GS.geldtVanaf, date("2022-01-01")),
         "Vaststelling-geldtVanaf", "MaxCount"),
    Case("vaststelling-datum-met-tijd",
         replace(_establishment, GS.geldtVanaf, Literal("2021-04-01T00:00:00", datatype=ns.XSD.dateTime)),
         "Vaststelling-geldtVanaf", "Datatype",
         # A date-time cannot be compared with the bounds, which SHACL counts as out of range.
         also=(("Vaststelling-geldtVanaf-bereik", "MinInclusive", VIOLATION),
               ("Vaststelling-geldtVanaf-bereik", "MaxInclusive", VIOLATION))),
    Case("vaststelling-datum-1850", replace(_establishment, GS.geldtVanaf, date("1850-01-01")),
         "Vaststelling-geldtVanaf-bereik", "MinInclusive"),
    Case("vaststelling-datum-dag-voor-1990", replace(_establishment, GS.geldtVanaf, date("1989-12-31")),
         "Vaststelling-geldtVanaf-bereik", "MinInclusive"),
    Case("vaststelling-datum-2201", replace(_establishment, GS.geldtVanaf, date("2201-04-01")),
         "Vaststelling-geldtVanaf-bereik", "MaxInclusive"),
    Case("vaststelling-datum-dag-na-2100", replace(_establishment, GS.geldtVanaf, date("2101-01-01")),
         "Vaststelling-geldtVanaf-bereik", "MaxInclusive"),
    Case("vaststelling-zonder-verbindendheid", drop(_establishment, GS.verbindendheid),
         "Vaststelling-verbindendheid", "MinCount"),
    Case("vaststelling-twee-verbindendheden", add(_establishment, GS.verbindendheid, _other_level),
         "Vaststelling-verbindendheid", "MaxCount"),
    Case("vaststelling-verbindendheid-is-categorie", replace(_establishment, GS.verbindendheid, _category),
         "Vaststelling-verbindendheid", "Class"),
    Case("vaststelling-twee-vaststellers", add(_establishment, GS.vastgesteldDoor, _other_organisation),
         "Vaststelling-vastgesteldDoor", "MaxCount"),
    Case("vaststelling-vastgesteld-door-categorie", replace(_establishment, GS.vastgesteldDoor, _category),
         "Vaststelling-vastgesteldDoor", "Class"),
    Case("vaststelling-twee-adviseurs", add(_establishment, GS.opAdviesVan, _other_organisation),
         "Vaststelling-opAdviesVan", "MaxCount"),
    Case("vaststelling-advies-van-standaard", replace(_establishment, GS.opAdviesVan, _standard),
         "Vaststelling-opAdviesVan", "Class"),
    Case("vaststelling-label-zonder-taal", add(_establishment, RDFS.label, Literal("Zonder taal")),
         "Vaststelling-label", "Datatype"),
    Case("vaststelling-twee-labels-nl", add(_establishment, RDFS.label, nl("Nog een label")),
         "Vaststelling-label", "UniqueLang"),

    # verbindendheidsniveau
    *concept_cases("verbindendheid", _level, _scheme, "Verbindendheidsniveau"),
    Case("verbindendheid-proces-zonder-taal", add(_level, SKOS.scopeNote, Literal("x")),
         "Verbindendheidsniveau-procesVaststelling", "Datatype"),
    Case("verbindendheid-twee-processen-nl", add(_level, SKOS.scopeNote, nl("Nog een.")),
         "Verbindendheidsniveau-procesVaststelling", "UniqueLang"),
    Case("verbindendheid-proces-ontbreekt", drop(_level, SKOS.scopeNote),
         "Verbindendheidsniveau-procesVaststelling-nl", "QualifiedMinCount", WARNING),
    Case("verbindendheid-voorbeeld-zonder-taal", add(_level, SKOS.example, Literal("GIBIT")),
         "Verbindendheidsniveau-voorbeeld", "Datatype"),
    Case("verbindendheid-voorbeelden-ontbreken", drop(_level, SKOS.example),
         "Verbindendheidsniveau-voorbeeld-nl", "QualifiedMinCount", WARNING),
    Case("verbindendheid-voorbeeld-alleen-engels", replace(_level, SKOS.example, en("GIBIT")),
         "Verbindendheidsniveau-voorbeeld-nl", "QualifiedMinCount", WARNING),
    Case("verbindendheid-soort-besluit-zonder-taal", add(_level, GS.soortBesluit, Literal("x")),
         "Verbindendheidsniveau-soortBesluit", "Datatype"),
    Case("verbindendheid-twee-soorten-besluit-nl", add(_level, GS.soortBesluit, nl("Advies")),
         "Verbindendheidsniveau-soortBesluit", "UniqueLang"),
    Case("verbindendheid-soort-besluit-ontbreekt", drop(_level, GS.soortBesluit),
         "Verbindendheidsniveau-soortBesluit-nl", "QualifiedMinCount", WARNING),

    # categorie
    *concept_cases("categorie", _category, _other_scheme, "Categorie"),

    # begrippenkader
    Case("begrippenkader-titel-zonder-taal", add(_scheme, DCTERMS.title, Literal("x")),
         "Begrippenkader-titel", "Datatype"),
    Case("begrippenkader-twee-titels-nl", add(_scheme, DCTERMS.title, nl("Rubrieken")),
         "Begrippenkader-titel", "UniqueLang"),
    Case("begrippenkader-titel-ontbreekt", drop(_scheme, DCTERMS.title),
         "Begrippenkader-titel-nl", "QualifiedMinCount"),
    Case("begrippenkader-zonder-topbegrippen", drop(_scheme, SKOS.hasTopConcept),
         "Begrippenkader-topbegrip", "MinCount"),
    Case("begrippenkader-topbegrip-is-organisatie", add(_scheme, SKOS.hasTopConcept, _organisation),
         "Begrippenkader-topbegrip", "Class"),
    Case("begrippenkader-beschrijving-alleen-engels", replace(_scheme, DCTERMS.description, en("Headings.")),
         "Beschrijving-nl", "QualifiedMinCount", WARNING),
    *identifier_cases("begrippenkader", _scheme, "Begrippenkader-identificatie"),

    # organisatie
    Case("organisatie-naam-zonder-taal", add(_organisation, FOAF.name, Literal("BIO")),
         "Organisatie-naam", "Datatype"),
    Case("organisatie-twee-namen-nl", add(_organisation, FOAF.name, nl("Werkgroep B.I.O.")),
         "Organisatie-naam", "UniqueLang"),
    Case("organisatie-naam-ontbreekt", drop(_organisation, FOAF.name),
         "Organisatie-naam-nl", "QualifiedMinCount"),
    Case("organisatie-naam-alleen-engels", replace(_organisation, FOAF.name, en("BIO working group")),
         "Organisatie-naam-nl", "QualifiedMinCount"),
    *identifier_cases("organisatie", _organisation, "Organisatie-identificatie"),
    Case("organisatie-onderdeel-van-categorie", add(_organisation, ORG.subOrganizationOf, _category),
         "Organisatie-onderdeelVan", "Class"),
    Case("organisatie-onder-regie-van-standaard", replace(_organisation, GS.onderRegieVan, _standard),
         "Organisatie-onderRegieVan", "Class"),

    # dataset (the register as a whole)
    Case("register-titel-zonder-taal", add(_dataset, DCTERMS.title, Literal("x")),
         "Dataset-titel", "Datatype"),
    Case("register-twee-titels-nl", add(_dataset, DCTERMS.title, nl("Standaarden")),
         "Dataset-titel", "UniqueLang"),
    Case("register-titel-alleen-engels", replace(_dataset, DCTERMS.title, en("Municipal Standards")),
         "Dataset-titel-nl", "QualifiedMinCount"),
    Case("register-beschrijving-ontbreekt", drop(_dataset, DCTERMS.description),
         "Dataset-beschrijving", "MinCount"),
    Case("register-beschrijving-zonder-taal", add(_dataset, DCTERMS.description, Literal("x")),
         "Dataset-beschrijving", "Datatype"),
    Case("register-twee-beschrijvingen-nl", add(_dataset, DCTERMS.description, nl("Nog een.")),
         "Dataset-beschrijving", "UniqueLang"),
    Case("register-beschrijving-alleen-engels", replace(_dataset, DCTERMS.description, en("The list.")),
         "Beschrijving-nl", "QualifiedMinCount", WARNING),
    Case("register-toelichting-zonder-taal", add(_dataset, GS.toelichting, Literal("x")),
         "Dataset-toelichting", "Datatype"),
    Case("register-twee-toelichtingen-nl", add(_dataset, GS.toelichting, nl("Nog een.")),
         "Dataset-toelichting", "UniqueLang"),
    Case("register-zonder-uitgever", drop(_dataset, DCTERMS.publisher),
         "Dataset-uitgever", "MinCount"),
    Case("register-twee-uitgevers", add(_dataset, DCTERMS.publisher, _other_organisation),
         "Dataset-uitgever", "MaxCount"),
    Case("register-uitgever-is-categorie", replace(_dataset, DCTERMS.publisher, _category),
         "Dataset-uitgever", "Class"),
    Case("register-zonder-licentie", drop(_dataset, DCTERMS.license),
         "Dataset-licentie", "MinCount"),
    Case("register-twee-licenties",
         add(_dataset, DCTERMS.license, web("https://creativecommons.org/licenses/by/4.0/")),
         "Dataset-licentie", "MaxCount"),
    Case("register-licentie-is-tekst", replace(_dataset, DCTERMS.license, Literal("https://example.org/cc0")),
         "Dataset-licentie", "NodeKind"),
    Case("register-licentie-zonder-https", replace(_dataset, DCTERMS.license, web("CC0-1.0")),
         "Dataset-licentie", "Pattern"),
    Case("register-zonder-taal", drop(_dataset, DCTERMS.language),
         "Dataset-taal", "MinCount"),
    Case("register-taal-is-tekst", add(_dataset, DCTERMS.language, Literal("nl")),
         "Dataset-taal", "NodeKind",
         also=(("Dataset-taal", "Pattern", VIOLATION),)),
    Case("register-taal-is-geen-eu-taal",
         add(_dataset, DCTERMS.language, web("http://publications.europa.eu/resource/authority/language/nl")),
         "Dataset-taal", "Pattern"),
    *identifier_cases("register", _dataset, "Dataset-identificatie"),
]


def test_case_names_are_unique():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_broken_graph_is_rejected_by_the_expected_shape(data, shapes, case):
    graph = copy(data)
    focus = case.mutate(graph)
    assert set(graph) != set(data), "the mutation changed nothing"
    found = results(graph, shapes)
    assert {(r["shape"], r["component"], r["severity"]) for r in found} == case.expected(), found
    for result in found:
        assert result["focus"] == focus, result
        assert result["messages"] == {lang: msgs[0] for lang, msgs in
                                      texts(shapes, result["shape"], SH.message).items()}, result
        assert shapes.value(result["shape"], SH.severity) == result["severity"]


def of_the_real_register(shapes: Graph) -> set:
    """The property shapes but those of the kinds the VNG's register has none of."""
    elsewhere = {shape for cls in NOT_IN_THE_REAL_REGISTER for node in shapes.subjects(SH.targetClass, cls)
                 for shape in shapes.objects(node, SH.property)}
    return property_shapes(shapes) - elsewhere


def test_every_property_shape_is_exercised(shapes):
    expected = {shape for case in CASES for shape, _, _ in case.expected()}
    assert of_the_real_register(shapes) == expected


def test_every_constraint_of_every_property_shape_is_exercised(shapes):
    in_file = {(shape, COMPONENTS[p]) for shape in of_the_real_register(shapes)
               for p in shapes.predicates(shape, None) if p in COMPONENTS}
    in_cases = {(shape, component) for case in CASES for shape, component, _ in case.expected()}
    assert in_file == in_cases
