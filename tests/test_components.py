"""Reference components and the role a standard has for each (GEMMA's `Verbindingsrol`): the
optional referentiecomponenten.yaml and verbindingsrol.yaml and a standard's `componenten`, as the
loader reads and checks them, as the mapping writes them, and as our shapes check them. The
register is the template of `vngreg init` with tests/component_cases/good/ over it; each bad case
in tests/component_cases/ replaces one of its files and names the messages expected, as
tests/bad_input/ does."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from tests import test_shapes
from tests.conftest import ROOT
from tests.test_bad_input import _header
from tests.test_shapes import (COMPONENTS, NOT_IN_THE_REAL_REGISTER, SHAPES_FILE, Case, _find, add, concept_cases,
                               drop, en, identifier_cases, nl, property_shapes, replace, results)
from vngreg import pipeline
from vngreg.cli import main
from vngreg.mapping.emitter import map_register
from vngreg.source.load import ROLES_FILE, load_register
from vngreg.vocab import in_rdflib as ns

CASES_DIR = Path(__file__).parent / "component_cases"
BAD = sorted(CASES_DIR.glob("*.yaml"))
ROLES = ROOT / "vngreg" / "gemma" / ROLES_FILE  # the scheme the GEMMA import writes
GS, DCTERMS, RDFS, SKOS, SH = ns.GS, ns.DCTERMS, ns.RDFS, ns.SKOS, ns.SH


def component_register(folder: Path) -> Path:
    """Write the small register with components into `folder`; returns its source folder (also
    for tests/test_shacl_core.py, whose registers have no components)."""
    source = folder / "source"
    shutil.copytree(ROOT / "vngreg" / "new_register" / "source", source)
    shutil.copy(ROLES, source)
    for path in (CASES_DIR / "good").glob("*.yaml"):
        shutil.copy(path, source)
    return source


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return component_register(tmp_path_factory.mktemp("components"))


@pytest.fixture(scope="module")
def register(source):
    return load_register(source)


@pytest.fixture(scope="module")
def data(register) -> Graph:
    return map_register(register).graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph(bind_namespaces="none").parse(SHAPES_FILE, format="turtle")


# --- the loader ---------------------------------------------------------------------------------

def test_components_and_roles_are_read_with_the_supplements_after_the_table(register):
    pairs = {std.id: [(p.component, p.role) for p in std.components] for std in register.standards}
    assert pairs == {"voorbeeldstandaard": [("zaakregistratiecomponent", "verplicht"),
                                            ("e-formulierencomponent", "aanbevolen"), ("zaken-api", "verplicht")],
                     "tweede-standaard": [("zaakregistratiecomponent", "aanbevolen")]}
    kinds = {c.id: (c.name, c.kind, c.exact_match, c.close_match) for c in register.components}
    assert kinds["zaken-api"] == ("Zaken API", "applicatie-interface", [],
                                  ["https://www.gemmaonline.nl/wiki/GEMMA/id-0a0b0c0d-0000-4000-8000-000000000001"])
    assert [(r.id, r.name["en"]) for r in register.roles] == [("verplicht", "Mandatory"), ("aanbevolen", "Recommended")]
    where = register.standards[0].components[2].field_location("component")
    assert (Path(where.file).name, where.line) == ("aanvullingen.yaml", 5)


@pytest.mark.parametrize("case", BAD, ids=[c.stem for c in BAD])
def test_a_bad_component_list_is_one_message_each(case, source, tmp_path, monkeypatch):
    header = _header(case)
    shutil.copytree(source, tmp_path / "source")
    shutil.copy(case, tmp_path / "source" / header["replaces"])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--source", "source", "--lang", header["lang"]],
                                catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert header["expect"] and result.stderr == header["expect"]


def test_without_the_components_file_every_component_is_unknown(source, tmp_path):
    shutil.copytree(source, tmp_path / "source")
    (tmp_path / "source" / "referentiecomponenten.yaml").unlink()
    result = CliRunner().invoke(main, ["check", "--source", str(tmp_path / "source"), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 4 and all("unknown reference component" in line and "add it to referentiecomponenten.yaml"
                                   in line for line in lines)


def test_two_component_roles_that_would_share_an_iri_are_refused(source, tmp_path):
    """componentrol/{standard}-{component}: 'voorbeeldstandaard' with 'e-formulierencomponent' and
    'voorbeeldstandaard-e' with 'formulierencomponent' would be one node."""
    shutil.copytree(source, tmp_path / "source")
    with (tmp_path / "source" / "referentiecomponenten.yaml").open("a", encoding="utf-8") as file:
        file.write("  - {id: formulierencomponent, naam: Formulierencomponent, soort: applicatiecomponent}\n")
    with (tmp_path / "source" / "standaarden.yaml").open("a", encoding="utf-8") as file:
        file.write("  - id: voorbeeldstandaard-e\n    naam: E\n    categorie: api-standaarden\n"
                   "    in_beheer_bij: [mijn-organisatie]\n"
                   "    componenten: [{component: formulierencomponent, rol: verplicht}]\n")
    result = CliRunner().invoke(main, ["check", "--source", str(tmp_path / "source"), "--lang", "en"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "(voorbeeldstandaard-e): 'voorbeeldstandaard-e' with 'formulierencomponent' makes the same IRI " \
           "(componentrol/voorbeeldstandaard-e-formulierencomponent) as 'voorbeeldstandaard'" in line, line


# --- the mapping --------------------------------------------------------------------------------

PAIR = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?pair ?component ?name ?page ?role ?roleName ?definition WHERE {
  ?standard a gs:GemeentelijkeStandaard ; dct:identifier "voorbeeldstandaard" ; gs:componentrol ?pair .
  ?pair a gs:Componentrol ; gs:component ?component ; gs:verbindingsrol ?role .
  ?component a gs:Referentiecomponent, gs:Applicatiecomponent ; dct:identifier "zaakregistratiecomponent" ;
    rdfs:label ?name ; gs:gelijkAan ?page .
  ?role a skos:Concept, gs:Verbindingsrol ; skos:inScheme ?scheme ; skos:topConceptOf ?scheme ;
    skos:prefLabel ?roleName ; skos:definition ?definition .
  ?scheme a skos:ConceptScheme ; dct:identifier "verbindingsrol" ; skos:hasTopConcept ?role .
  FILTER(lang(?roleName) = "en" && lang(?definition) = "nl")
}"""


@pytest.fixture(scope="module")
def store(register):
    store = pyoxigraph.Store()
    store.load("".join(f"{s} {p} {o} .\n" for s, p, o in map_register(register).triples).encode("utf-8"),
               pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def test_one_pair_as_triples(store, register):
    base = register.settings.base_iri
    rows = [tuple(term.value for term in row) for row in store.query(PAIR)]
    definition = next(r.definition["nl"] for r in register.roles if r.id == "verplicht")
    assert rows == [(f"{base}id/componentrol/voorbeeldstandaard-zaakregistratiecomponent",
                     f"{base}id/referentiecomponent/zaakregistratiecomponent", "Zaakregistratiecomponent",
                     "https://www.gemmaonline.nl/wiki/GEMMA/id-e8fb3e4f-71e5-4a4f-9e9c-5d6f0d6b4b2a",
                     f"{base}id/verbindingsrol/verplicht", "Mandatory", definition)]


def test_every_pair_is_one_node_and_an_interface_is_typed_so(store):
    count = """PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
    SELECT (COUNT(DISTINCT ?pair) AS ?n) WHERE { ?standard gs:componentrol ?pair }"""
    assert int(next(iter(store.query(count)))[0].value) == 4
    assert store.query("""PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
        PREFIX dct: <http://purl.org/dc/terms/>
        ASK { ?c a gs:Applicatieinterface ; dct:identifier "zaken-api" ;
              gs:vergelijkbaarMet <https://www.gemmaonline.nl/wiki/GEMMA/id-0a0b0c0d-0000-4000-8000-000000000001>
              FILTER NOT EXISTS { ?c a gs:Applicatiecomponent } }""")


def test_a_register_without_components_has_no_component_terms():
    graph = map_register(load_register(ROOT / "vngreg" / "new_register" / "source")).graph
    used = {o for o in graph.objects(None, ns.RDF.type)} | set(graph.predicates())
    assert not used & {GS.Referentiecomponent, GS.Componentrol, GS.Verbindingsrol, GS.componentrol}


# --- the shapes ---------------------------------------------------------------------------------

def test_the_register_with_components_conforms(data, shapes):
    assert results(data, shapes) == []
    for cls in NOT_IN_THE_REAL_REGISTER:  # what tests/test_shapes.py leaves to this file
        assert any(data.subjects(ns.RDF.type, cls)), cls


def _component(g): return _find(g, GS.Referentiecomponent, "zaakregistratiecomponent")
def _other_component(g): return _find(g, GS.Referentiecomponent, "zaken-api")
def _role(g): return _find(g, GS.Verbindingsrol, "verplicht")
def _other_role(g): return _find(g, GS.Verbindingsrol, "aanbevolen")
def _category(g): return _find(g, GS.Categorie, "api-standaarden")
def _other_scheme(g): return _find(g, SKOS.ConceptScheme, "categorie")


def _pair(g):
    standard = _find(g, GS.GemeentelijkeStandaard, "voorbeeldstandaard")
    return next(p for p in g.objects(standard, GS.componentrol) if (p, GS.component, _component(g)) in g)


CASES = [
    Case("component-naam-zonder-taal", add(_component, RDFS.label, Literal("Zonder taal")),
         "Referentiecomponent-label", "Datatype"),
    Case("component-twee-namen-nl", add(_component, RDFS.label, nl("Zaaksysteem")),
         "Referentiecomponent-label", "UniqueLang"),
    Case("component-naam-ontbreekt", drop(_component, RDFS.label), "Referentiecomponent-label-nl", "QualifiedMinCount"),
    Case("component-naam-alleen-engels", replace(_component, RDFS.label, en("Case registration")),
         "Referentiecomponent-label-nl", "QualifiedMinCount"),
    *identifier_cases("component", _component, "Referentiecomponent-identificatie"),
    Case("component-gelijk-aan-tekst", add(_component, GS.gelijkAan, Literal("GEMMA")),
         "Referentiecomponent-gelijkAan", "NodeKind"),
    Case("component-vergelijkbaar-met-tekst", add(_component, GS.vergelijkbaarMet, Literal("GEMMA")),
         "Referentiecomponent-vergelijkbaarMet", "NodeKind"),
    Case("componentrol-zonder-component", drop(_pair, GS.component), "Componentrol-component", "MinCount"),
    Case("componentrol-twee-componenten", add(_pair, GS.component, _other_component),
         "Componentrol-component", "MaxCount"),
    Case("componentrol-component-is-categorie", replace(_pair, GS.component, _category),
         "Componentrol-component", "Class"),
    Case("componentrol-zonder-rol", drop(_pair, GS.verbindingsrol), "Componentrol-verbindingsrol", "MinCount"),
    Case("componentrol-twee-rollen", add(_pair, GS.verbindingsrol, _other_role),
         "Componentrol-verbindingsrol", "MaxCount"),
    Case("componentrol-rol-is-categorie", replace(_pair, GS.verbindingsrol, _category),
         "Componentrol-verbindingsrol", "Class"),
    Case("componentrol-label-zonder-taal", add(_pair, RDFS.label, Literal("Zonder taal")),
         "Componentrol-label", "Datatype"),
    Case("componentrol-twee-labels-nl", add(_pair, RDFS.label, nl("Nog een label")),
         "Componentrol-label", "UniqueLang"),
    *concept_cases("verbindingsrol", _role, _other_scheme, "Verbindingsrol"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_broken_graph_is_rejected_by_the_expected_shape(data, shapes, case):
    test_shapes.test_broken_graph_is_rejected_by_the_expected_shape(data, shapes, case)


def _component_shapes(shapes: Graph) -> set:
    return {shape for cls in NOT_IN_THE_REAL_REGISTER for node in shapes.subjects(SH.targetClass, cls)
            for shape in shapes.objects(node, SH.property)}


def test_every_constraint_of_the_component_shapes_is_exercised(shapes):
    mine = _component_shapes(shapes)
    assert mine and mine <= property_shapes(shapes)
    in_file = {(shape, COMPONENTS[p]) for shape in mine for p in shapes.predicates(shape, None) if p in COMPONENTS}
    assert in_file == {(shape, component) for case in CASES for shape, component, _ in case.expected()}


def test_the_data_keeps_to_the_ontology(data):
    """tests/test_ontology.py's checks of domains, ranges and kinds of property, on a register that
    has the component terms (the VNG's has none)."""
    from tests import test_ontology
    ontology = Graph().parse(test_ontology.ONTOLOGY_FILE, format="turtle")
    test_ontology.test_every_gs_term_in_the_data_is_declared(ontology, data)
    test_ontology.test_the_data_keeps_to_domains_and_ranges(ontology, data)
    test_ontology.test_kinds_of_property_match_the_data(ontology, data)


# --- the site -----------------------------------------------------------------------------------

def test_the_standard_page_lists_its_components_by_role_linked_to_gemma(source, tmp_path):
    out = tmp_path / "out"
    assert pipeline.build(pipeline.Project.around(source), out).written
    page = out / "site" / "doc" / "standaard" / "voorbeeldstandaard.html"
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.read_text(encoding="utf-8"))
    section = tree.find(".//section[@aria-labelledby='componenten']")
    rows = [(dt.find("a").text, [(a.text, a.get("href")) for a in dd.findall("a")])
            for dt, dd in zip(section.iter("dt"), section.iter("dd"))]
    assert rows == [
        ("Verplicht", [("Zaakregistratiecomponent",
                        "https://www.gemmaonline.nl/wiki/GEMMA/id-e8fb3e4f-71e5-4a4f-9e9c-5d6f0d6b4b2a"),
                       ("Zaken API", "https://www.gemmaonline.nl/wiki/GEMMA/id-0a0b0c0d-0000-4000-8000-000000000001")]),
        # without a page elsewhere, a component links to its own page in the site
        ("Aanbevolen", [("E-formulierencomponent", "../referentiecomponent/e-formulierencomponent.html")])]
    assert (page.parent / "../referentiecomponent/e-formulierencomponent.html").resolve().is_file()
    assert (page.parent / "../verbindingsrol/verplicht.html").resolve().is_file()
