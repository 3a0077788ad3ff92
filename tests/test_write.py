"""The written files: every format parses back to the same graph, and the bytes never change."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tests.conftest import ROOT
from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register


def _diff(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return "\n".join([f"- {t}" for t in sorted(only_a)][:20] + [f"+ {t}" for t in sorted(only_b)][:20])


def test_formats_parse_to_the_mapped_graph(built):
    mapped = map_register(load_register(ROOT / "source")).graph
    for name, fmt in (("register.ttl", "turtle"), ("register.jsonld", "json-ld"),
                      ("register.nt", "nt"), ("register.rdf", "xml")):
        parsed = Graph().parse(built / name, format=fmt)
        assert isomorphic(parsed, mapped), f"{name} differs:\n{_diff(mapped, parsed)}"


def test_quad_formats_hold_the_register_in_its_named_graph(built):
    from rdflib import Dataset, URIRef
    mapped = map_register(load_register(ROOT / "source")).graph
    graph_iri = URIRef("https://data.vng.nl/gemeentelijke-standaarden/id/dataset/gemeentelijke-standaarden")
    for name, fmt in (("register.nq", "nquads"), ("register.trig", "trig")):
        dataset = Dataset()
        dataset.parse(built / name, format=fmt)
        names = {g.identifier for g in dataset.graphs() if len(g)}
        assert names == {graph_iri}, (name, names)
        assert isomorphic(dataset.graph(graph_iri), mapped), name


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
    from vngreg.namespaces import PREFIXES
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
