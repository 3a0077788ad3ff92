"""Shared fixtures: the project's real register, built once into a temporary folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph

# Builds keep compiled templates and pyLODE's pages in a cache: the tests' own, not the user's.
os.environ["VNGREG_CACHE"] = tempfile.mkdtemp(prefix="vngreg-test-cache-")

from vngreg import pipeline

ROOT = Path(__file__).resolve().parent.parent
# Copies inside the project (with their SOURCES.md): a clone runs its tests with nothing beside it.
SEED = ROOT / "tests" / "data" / "000_c3db7ed2a8b20653.txt"
REFERENCE = ROOT / "vngreg" / "validate" / "official"


@pytest.fixture(scope="session")
def project() -> pipeline.Project:
    return pipeline.Project.around(ROOT / "source")


@pytest.fixture(scope="session")
def built(project, tmp_path_factory) -> Path:
    """A fresh build of the real register; returns its out/ folder."""
    out = tmp_path_factory.mktemp("build") / "out"
    result = pipeline.build(project, out)
    assert result.written, [f.format("en") for f in result.report.findings]
    return out


@pytest.fixture(scope="session")
def graph(built) -> Graph:
    return Graph().parse(built / "register.ttl", format="turtle")


@pytest.fixture()
def workdir(tmp_path, monkeypatch) -> Path:
    """A copy of the project's source, shapes and ontology to break, as the current folder."""
    for name in ("source", "shapes", "ontology"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def replace_entry(folder, standard: str, entry: str) -> None:
    """aanvullingen.yaml in `folder` without its entry for `standard` (if any), `entry` at its end."""
    path = folder / "aanvullingen.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.find(f"  - id: {standard}\n")
    if start >= 0:
        end = text.find("\n  - id: ", start) + 1 or len(text)
        text = text[:start] + text[end:]
    path.write_text(text + entry, encoding="utf-8")
