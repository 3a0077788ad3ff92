"""`vngreg import --from gemma`: GEMMA's standards list (the snapshot in tests/data/gemma/) as a
register of its own, that builds, passes our shapes and the official profiles, and keeps every
Object ID. The counts are those of tests/data/gemma/SOURCES.md."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from vngreg.cli import main
from vngreg.source.load import load_register

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


def test_the_import_builds_and_passes_our_shapes_and_the_official_profiles(imported, monkeypatch):
    monkeypatch.chdir(ROOT)
    built = _run("build", "--source", str(imported / "source"), "--out", str(imported / "out"), "--no-site")
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
