"""GEMMA's model as an AMEFF export (vngreg/gemma/ameff.py): the real excerpt in
tests/data/gemma-ameff/ (release 2026-07-01) against the real coArchi snapshot in tests/data/gemma/
(release 2026-06-30). Two sources, two formats, one meaning: what the two releases say alike must
read alike, and where they differ the test names the element.

Expected counts come from the excerpt's text (scanned with regular expressions, not with the reader)
and from tests/data/gemma-ameff/SOURCES.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from vngreg.cli import main
from vngreg.errors import EXIT_DATA
from vngreg.gemma import ameff, check
from vngreg.gemma.coarchi import read_folder
from vngreg.gemma.model import read_model
from vngreg.source.load import load_register

EXCERPT = ROOT / "tests" / "data" / "gemma-ameff" / "GEMMA-excerpt.xml"
SNAPSHOT = ROOT / "tests" / "data" / "gemma" / "model"
TEXT = EXCERPT.read_text(encoding="utf-8")
FIELDS = ("kind", "id", "name", "documentation", "properties", "source", "target")
# The one element the two releases tell apart (SOURCES.md): Compliancy filled in on 2026-07-01.
DOCUMENTEN = "Constraint_id-6735b083-274b-4e00-b0cd-45ac7fbb2212.xml"
NOTIFICATIEROUTERING = "5060f0fc-6198-4936-99d3-1c5a35aae8de"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _gemma_typed(value: str) -> int:
    return len(re.findall(rf'"propid-4">\s*<value xml:lang="nl">{value}</value>', TEXT))


@pytest.fixture(scope="module")
def excerpt():
    return read_model(EXCERPT)


@pytest.fixture(scope="module")
def snapshot():
    return read_model(SNAPSHOT)


# --- the excerpt on its own ----------------------------------------------------------------------

def test_the_excerpt_reads_into_standards_versions_and_realisations(excerpt):
    assert (len(excerpt.standards), len(excerpt.versions)) == (_gemma_typed("Standaard"), _gemma_typed("Standaardversie")) == (9, 9)
    assert (excerpt.name, excerpt.release, excerpt.version) == ("GEMMA", "2026-07-01", ameff.FORMAT)
    assert all(version.standard in excerpt.standards for version in excerpt.versions.values())
    # Identity is the Object ID, not the identifier: for WOZ bevragen they differ.
    assert "id-b9ef25d3e11a450ab8e3cafb5e105ba6" in TEXT and "ee3efeec-1bc5-4894-88c1-bf45d5b7168e" in excerpt.standards
    assert sorted((r.component, r.component_kind, r.role.text, r.role.value, excerpt.standards[r.standard].name)
                  for r in excerpt.realisations) == [
        (NOTIFICATIEROUTERING, "ApplicationComponent", "Verplicht", "verplicht", "Notificaties API-standaard (aanbieden, routeren, abonneren)"),
        (NOTIFICATIEROUTERING, "ApplicationComponent", "Verplicht", "verplicht", "Notificaties API-standaard (ontvangen)")]
    assert [f for f in excerpt.findings if f.unmapped] == []


def test_elements_get_coarchis_file_names_and_their_layers_folder():
    folder = ameff.read_file(EXCERPT)
    assert len(folder.files) == TEXT.count("<element ") + TEXT.count("<relationship ") == 30
    assert folder.files["RealizationRelationship_id-bfb54841-1dd2-4b0e-b860-dd09664f94c0.xml"].source == \
        f"ApplicationComponent_id-{NOTIFICATIEROUTERING}.xml"
    # No <organizations> in the excerpt: each element is in the folder Archi gives its kind.
    assert {(e.kind, e.folder) for e in folder.files.values()} == {
        ("ApplicationComponent", "Application"), ("Constraint", "Motivation"),
        ("Specialization", "Relations"), ("Realization", "Relations")}


def test_organizations_give_the_folder_path_and_the_dutch_text_is_read(tmp_path):
    zaken = "id-3a597286-4edc-47ed-b19a-14d7497db340"
    labels = ["Motivation", "GEMMA standaardenlijst", "API-standaarden", "Zaakgericht werken"]
    tree = f'<item identifierRef="{zaken}" />'
    for label in reversed(labels):
        tree = f'<item><label xml:lang="nl">{label}</label>{tree}</item>'
    text = TEXT.replace("  <propertyDefinitions>", f"  <organizations>{tree}</organizations>\n  <propertyDefinitions>")
    text = text.replace('<name xml:lang="nl">Zaken API-standaard</name>',
                        '<name xml:lang="en">Cases API standard</name><name xml:lang="nl">Zaken API-standaard</name>')
    (tmp_path / "with-folders.xml").write_text(text, encoding="utf-8")
    element = ameff.read_file(tmp_path / "with-folders.xml").files[f"Constraint_{zaken}.xml"]
    # The folder as the coArchi snapshot has it, from its folder.xml names.
    assert element.folder == read_folder(SNAPSHOT).files[f"Constraint_{zaken}.xml"].folder == "/".join(labels)
    assert element.name == "Zaken API-standaard"


# --- two sources, one meaning ---------------------------------------------------------------------

def test_every_element_is_as_in_the_coarchi_snapshot_but_the_one_named():
    excerpt, snapshot = ameff.read_file(EXCERPT).files, read_folder(SNAPSHOT).files
    assert set(excerpt) <= set(snapshot)
    differ = {(name, field) for name, element in excerpt.items() for field in FIELDS
              if getattr(element, field) != getattr(snapshot[name], field)}
    assert differ == {(DOCUMENTEN, "properties")}, differ
    changed = {k: (dict(snapshot[DOCUMENTEN].properties)[k], v)
               for k, v in excerpt[DOCUMENTEN].properties if dict(snapshot[DOCUMENTEN].properties)[k] != v}
    assert changed == {"Compliancy": ("", "API Testplatform"), "Compliancy URL": ("", "https://api-test.nl/")}


def test_standards_agree_with_the_snapshot_in_name_status_maintainer_and_versions(excerpt, snapshot):
    def seen(model, oid):
        s = model.standards[oid]
        return (s.name, s.status.text, s.status.value, s.maintainers.text, s.maintainers.value, s.urls,
                sorted((model.versions[v].object_id, model.versions[v].label, model.versions[v].status.value)
                       for v in s.versions))

    for oid, standard in excerpt.standards.items():
        assert oid in snapshot.standards, f"{standard.name} ({oid}) is not in the snapshot"
        assert seen(excerpt, oid) == seen(snapshot, oid), f"{standard.name} ({oid}, {standard.file}) differs"


def test_check_against_either_source_finds_the_same_for_what_both_hold(excerpt, snapshot):
    register = load_register(ROOT / "source")
    held = set(excerpt.standards)

    def found(model):
        return {(f.standard, f.field, f.ours, f.gemma) for f in check.compare(register, model) if f.object_id in held}

    assert found(excerpt) == found(snapshot)
    linked = {link.removeprefix(check.PAGE) for s in register.standards
              for link in (*s.exact_match, *s.close_match) if link.startswith(check.PAGE)}
    assert linked & held  # the comparison is not empty: ours links to standards the excerpt holds
    missing = {f.object_id for f in check.compare(register, excerpt) if f.field == "link"}
    assert missing == {oid for oid in linked if oid not in TEXT}


def test_check_command_takes_the_export():
    result = _run("check", "--against-gemma", str(EXCERPT))
    assert result.exit_code == 0, result.output
    assert f"against GEMMA ({EXCERPT}): " in result.stderr


# --- the import ------------------------------------------------------------------------------------

def test_the_import_of_the_export_builds_and_passes_the_shapes(tmp_path, monkeypatch):
    out = tmp_path / "register"
    imported = _run("import", "--from", "gemma", str(EXCERPT), "--out", str(out), "--source", str(ROOT / "source"))
    assert imported.exit_code == 0, imported.output
    assert imported.stderr.startswith(f"imported 9 standards and 9 versions from {EXCERPT}")
    register = load_register(out / "source")
    links = [link.removeprefix(check.PAGE) for s in register.standards for v in (s, *s.versions) for link in v.exact_match]
    constraints = re.findall(r'xsi:type="Constraint">.*?"propid-2">\s*<value xml:lang="nl">([0-9a-f-]+)<', TEXT, re.S)
    assert sorted(links) == sorted(constraints) and len(links) == 18
    monkeypatch.chdir(ROOT)
    built = _run("build", "--source", str(out / "source"), "--out", str(out / "out"), "--no-site")
    assert built.exit_code == 0, built.output
    assert "9 standards; 0 violations, 0 warnings" in built.output
    checked = _run("validate", "--profile", "dcat-ap", "--profile", "dcat-ap-nl", str(out / "out" / "catalog.ttl"))
    assert checked.exit_code == 0 and checked.output.count(": 0 violations, 0 warnings") == 2, checked.output


# --- broken input: one clear error ------------------------------------------------------------------

def _one_error(path: Path, out: Path):
    result = _run("import", "--from", "gemma", str(path), "--out", str(out / "out"),
                  "--source", str(ROOT / "source"))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == EXIT_DATA and len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_an_xml_file_that_is_not_ameff(tmp_path):
    coarchi_file = next(SNAPSHOT.rglob("Constraint_*.xml"))
    assert _one_error(coarchi_file, tmp_path).startswith(
        f"error: {coarchi_file}:1: not an ArchiMate exchange file (AMEFF): its root element is "
        "<{http://www.archimatetool.com/archimate}Constraint>")
    check_too = _run("check", "--against-gemma", str(coarchi_file))
    assert check_too.exit_code == EXIT_DATA and "not an ArchiMate exchange file" in check_too.stderr


def test_a_file_with_a_dtd_is_not_read(tmp_path):
    broken = tmp_path / "dtd.xml"
    broken.write_text(TEXT.replace("<model ", '<!DOCTYPE model [<!ENTITY a "aaaaaaaaaa">]>\n<model ', 1)
                      .replace(">GEMMA</name>", ">&a;</name>", 1), encoding="utf-8")
    assert _one_error(broken, tmp_path).startswith(f"error: {broken}:2: the file declares a DTD (<!DOCTYPE>)")


def test_a_property_without_its_definition(tmp_path):
    broken = tmp_path / "no-definition.xml"
    broken.write_text(re.sub(r'\s*<propertyDefinition identifier="propid-44" type="string">\s*<name>Versieaanduiding</name>\s*</propertyDefinition>',
                             "", TEXT), encoding="utf-8")
    line = next(n for n, text in enumerate(TEXT.splitlines(), 1) if 'propertyDefinitionRef="propid-44"' in text)
    assert _one_error(broken, tmp_path).startswith(
        f"error: {broken}:{line}: a property refers to the property definition propid-44, which the file does not define")


def test_a_relationship_whose_end_is_not_in_the_file(tmp_path):
    broken = tmp_path / "no-end.xml"
    start = TEXT.index('    <element identifier="id-5060f0fc')  # the component, up to the next element
    text = TEXT[:start] + TEXT[TEXT.index("    <element ", start + 1):]
    broken.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if 'identifier="id-bfb54841' in row)
    assert _one_error(broken, tmp_path).startswith(f"error: {broken}:{line}: relationship id-bfb54841-1dd2-4b0e-b860-dd09664f94c0: "
                                         f"its source id-{NOTIFICATIEROUTERING} is not in the file")


def test_a_file_over_the_size_bound_is_not_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(ameff, "MAX_BYTES", len(TEXT) // 2)
    assert _one_error(EXCERPT, tmp_path).startswith(
        f"error: {EXCERPT}: the file is {EXCERPT.stat().st_size:,} bytes; an AMEFF file is at most")
