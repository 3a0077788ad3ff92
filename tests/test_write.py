"""The written files: N-Triples sorted, JSON-LD with the published context, fixed prefixes, and the
bytes never change (what each format means: tests/test_formats_meaning.py)."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_ntriples_are_sorted_one_triple_a_line(built):
    lines = (built / "register.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    assert all(line.endswith(" .") for line in lines)


def test_jsonld_is_compacted_with_the_published_context(built):
    doc = json.loads((built / "register.jsonld").read_text(encoding="utf-8"))
    context = json.loads((built / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context["@context"]
    standard = next(node for node in doc["@graph"] if node.get("identificatie") == "haven")
    assert standard["titel"] == {"nl": "Haven"}
    assert "GemeentelijkeStandaard" in standard["type"]


def test_only_fixed_prefixes_in_turtle(built):
    from vngreg.vocab import PREFIXES
    declared = [line.split()[1].rstrip(":") for line in
                (built / "register.ttl").read_text(encoding="utf-8").splitlines()
                if line.startswith("@prefix")]
    assert declared and set(declared) <= set(PREFIXES)


def _build(out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "vngreg", "build", "--out", str(out)], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ, or stand in only one of the two folders."""
    problems = []
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    problems += [f"only in {a}: {n}" for n in sorted(names_a - names_b)]
    problems += [f"only in {b}: {n}" for n in sorted(names_b - names_a)]
    problems += [f"differs: {n}" for n in sorted(names_a & names_b)
                 if not filecmp.cmp(a / n, b / n, shallow=False)]
    return problems


def test_two_builds_give_the_same_bytes(tmp_path):
    _build(tmp_path / "one", "1")
    _build(tmp_path / "two", "2")
    assert _same_tree(tmp_path / "one", tmp_path / "two") == []


def test_committed_out_is_a_fresh_build(built):
    problems = _same_tree(ROOT / "out", built)
    assert problems == [], "out/ is stale: run `vngreg build` and commit out/\n" + "\n".join(problems)
