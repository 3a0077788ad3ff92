"""`vngreg import --from gemma`: GEMMA's standards list (the snapshot in tests/data/gemma/) as a
register of its own, that builds, passes our shapes and the official profiles, and keeps every
Object ID. The counts are those of tests/data/gemma/SOURCES.md."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import jsonschema
import pyshacl
import pytest
from rdflib import Graph
from click.testing import CliRunner

from tests.conftest import REFERENCE, ROOT
from tests.test_shapes import NOT_IN_THE_REAL_REGISTER
from tests.test_source_schema import _read
from vngreg.cli import main
from vngreg.source.load import COMPONENTS_FILE, ROLES_FILE, STANDARDS_FILE, load_register
from vngreg.source.schema import schemas
from vngreg.vocab import in_rdflib as ns

SNAPSHOT = ROOT / "tests" / "data" / "gemma" / "model"
PAGE = "https://www.gemmaonline.nl/wiki/GEMMA/id-"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("gemma") / "register"
    result = _run("import", "--from", "gemma", str(SNAPSHOT), "--out", str(out), "--source", str(ROOT / "source"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"imported 200 standards and 323 versions from {SNAPSHOT} into {out / 'source'}")
    return out


@pytest.fixture(scope="module")
def register(imported):
    return load_register(imported / "source")


def test_every_standard_and_version_with_its_object_id(register):
    standards = register.standards
    versions = [v for s in standards for v in s.versions]
    assert (len(standards), len(versions)) == (200, 323)          # SOURCES.md: 200 and 323
    assert sum(bool(s.versions) for s in standards) == 196        # "Standards with at least one version: 196"
    ids = [link.removeprefix(PAGE) for thing in (*standards, *versions) for link in thing.exact_match]
    assert len(ids) == len(set(ids)) == 523
    # Each Object ID is one of a Constraint file in the snapshot.
    constraints = "".join(path.read_text(encoding="utf-8") for path in SNAPSHOT.rglob("Constraint_*.xml"))
    found = set(re.findall(r'key="Object ID"\s+value="([0-9a-f-]+)"', constraints))
    assert set(ids) <= found and len(found) == 525                # two Constraints have no GEMMA type
    assert all(s.establishments == [] for s in standards)         # GEMMA takes no decisions


def test_standards_field_by_field(register):
    by_link = {s.exact_match[0].removeprefix(PAGE): s for s in register.standards}
    bag = by_link["0590b594-7b80-411e-b8b5-27e7e499de09"]
    assert (bag.name, bag.maintainers, bag.maintainer_text, bag.status) == (
        "BAG bevragen API-standaard", ["kadaster"], "Kadaster", "in-gebruik")
    assert [(v.label, v.status) for v in bag.versions] == [("Actueel", "teruggetrokken")]
    brk = by_link["c903efd8-fa52-486d-b775-96063d93c039"]
    assert brk.specification == "https://kadaster.github.io/BRK-bevragen/"
    zaken = by_link["3a597286-4edc-47ed-b19a-14d7497db340"]
    assert (zaken.maintainers, [v.label for v in zaken.versions]) == (["vng-realisatie"], ["1.x"])
    # A placeholder maintainer is kept as GEMMA wrote it, with no organisation made up for it.
    aanvraag = by_link["c92c3b15-a7a0-44d3-a0dd-9928841eb24b"]
    assert (aanvraag.maintainers, aanvraag.maintainer_text) == ([], "GBI???")
    # "ISO en NEN" names two bodies; "KvK" and "Kamer van Koophandel" are one.
    assert {o.id for o in register.organisations} >= {"iso", "nen", "kvk", "vng-realisatie"}


def test_the_report_lists_what_was_not_mapped_by_object_id(imported):
    text = (imported / "gemma-rapport.txt").read_text(encoding="utf-8")
    assert "200 standards, 323 versions" in text
    assert "not mapped: 15" in text  # docs/gemma.md: 15 unmapped values, 8 notes
    assert "4b79c8f3-191c-11e6-11ba-005056a85f9c" in text  # the version without a Status


@pytest.fixture(scope="module")
def built(imported):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return _run("build", "--source", str(imported / "source"), "--out", str(imported / "out"), "--no-site")


def test_the_import_builds_and_passes_our_shapes_and_the_official_profiles(imported, built):
    assert built.exit_code == 0, built.stderr
    assert "200 standards; 0 violations, 6 warnings" in built.stdout + built.stderr  # 6 without a maintainer
    checked = _run("validate", "--profile", "dcat-ap", "--profile", "dcat-ap-nl", str(imported / "out" / "catalog.ttl"))
    assert checked.exit_code == 0, checked.stderr
    said = checked.stdout + checked.stderr
    assert said.count("(dcat-ap): 0 violations, 0 warnings") == said.count("(dcat-ap-nl): 0 violations, 0 warnings") == 1, said


def test_an_existing_folder_is_replaced_only_with_force(imported):
    again = _run("import", "--from", "gemma", str(SNAPSHOT), "--out", str(imported), "--source", str(ROOT / "source"))
    assert again.exit_code == 2 and "the folder exists already" in again.stderr
    assert _run("import", "--from", "gemma", str(SNAPSHOT), "--out", str(imported), "--force",
                "--source", str(ROOT / "source")).exit_code == 0


def test_gemma_needs_an_out_folder_and_a_table_no_folder():
    assert _run("import", "--from", "gemma", str(SNAPSHOT), "--source", str(ROOT / "source")).exit_code == 2
    assert _run("import", str(SNAPSHOT), "--source", str(ROOT / "source")).exit_code == 2


# --- GEMMA's Verbindingsrol: which components must or should support a standard ----------------

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
KINDS = {"archimate:ApplicationComponent": "applicatiecomponent", "archimate:ApplicationInterface": "applicatie-interface"}


def _realizations() -> list[dict]:
    """Every RealizationRelationship of the snapshot, read here with ElementTree: its Object ID, its
    Verbindingsrol (the first that has a value), and its source's and target's kind, Object ID
    and name, and the target's GEMMA type."""
    files = {path.name: path for path in SNAPSHOT.rglob("*.xml")}

    def properties(root) -> dict[str, str]:
        found: dict[str, str] = {}
        for item in root.findall("properties"):
            if item.get("value"):
                found.setdefault(item.get("key"), item.get("value"))
        return found

    def end(root, name: str) -> dict:
        element = ET.parse(files[root.find(name).get("href").split("#")[0]]).getroot()
        values = properties(element)
        return {"kind": root.find(name).get(XSI_TYPE), "oid": values.get("Object ID"), "name": element.get("name"),
                "type": values.get("GEMMA type")}

    found = []
    for path in sorted(SNAPSHOT.rglob("RealizationRelationship_*.xml")):
        root = ET.parse(path).getroot()
        values = properties(root)
        found.append({"oid": values.get("Object ID"), "role": values.get("Verbindingsrol"),
                      "source": end(root, "source"), "target": end(root, "target")})
    return found


@pytest.fixture(scope="module")
def realizations() -> list[dict]:
    return _realizations()


def _pairs(register) -> set[tuple[str, str, str]]:
    """(standard's Object ID, component's Object ID, role) of every pair the import wrote."""
    components = {c.id: c.exact_match[0].removeprefix(PAGE) for c in register.components}
    return {(std.exact_match[0].removeprefix(PAGE), components[pair.component], pair.role)
            for std in register.standards for pair in std.components}


def test_every_verbindingsrol_of_a_component_is_a_pair(register, realizations):
    expected = [(r["target"]["oid"], r["source"]["oid"], r["role"].lower()) for r in realizations
                if r["role"] and r["source"]["kind"] in KINDS and r["target"]["type"] == "Standaard"]
    pairs = _pairs(register)
    assert pairs == set(expected) and len(pairs) == len(expected) == 763   # SOURCES.md: 763
    assert Counter(role for _, _, role in pairs) == Counter(role for _, _, role in expected) == {
        "aanbevolen": 437, "verplicht": 326}                                # SOURCES.md: 437 and 326
    assert len(register.components) == len({oid for _, oid, _ in expected})


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_component_field_by_field(register, realizations, kind):
    first = next(r for r in realizations if r["role"] and r["source"]["kind"] == kind)
    component = next(c for c in register.components if c.exact_match == [PAGE + first["source"]["oid"]])
    assert (component.name, component.kind) == (first["source"]["name"], KINDS[kind])
    standard = next(s for s in register.standards if s.exact_match == [PAGE + first["target"]["oid"]])
    assert standard.name == first["target"]["name"]
    assert [p.role for p in standard.components if p.component == component.id] == [first["role"].lower()]


def test_realisations_without_a_role_are_in_the_report_by_object_id(imported, realizations):
    text = (imported / "gemma-rapport.txt").read_text(encoding="utf-8")
    without = [r for r in realizations if not r["role"] and r["target"]["type"] == "Standaard"]
    assert len(without) == 109  # SOURCES.md: 65 + 39 + 5 to a Standaard
    assert [r["oid"] for r in without if f"  {r['oid']} " not in text] == []
    assert "component roles in the register: 763 (aanbevolen 437, verplicht 326)" in text


def test_the_component_files_pass_their_schemas(imported):
    for name in (COMPONENTS_FILE, ROLES_FILE, STANDARDS_FILE):
        jsonschema.validate(_read(imported / "source" / name), schemas()[name])


def test_the_built_import_has_the_component_kinds_and_its_schemes_pass_nl_sbb(imported, built):
    assert built.exit_code == 0, built.stderr
    graph = Graph().parse(imported / "out" / "register.ttl", format="turtle")
    for cls in NOT_IN_THE_REAL_REGISTER:
        assert any(graph.subjects(ns.RDF.type, cls)), cls
    shapes = Graph().parse(REFERENCE / "nl-sbb" / "skos-ap-nl.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                         allow_warnings=True)
    assert conforms and "Results (" not in text, text
