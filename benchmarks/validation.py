"""Validation side by side: vngreg's engine, the `shacl` package (Rust, PyPI) and pySHACL, on
generated registers spoilt in a few places, with the time each takes and whether their results
agree.

    .venv/bin/pip install shacl          # benchmark-only, not a dependency of vngreg
    .venv/bin/python benchmarks/validation.py --sizes 10000,30000 [--no-pyshacl-above 30000]

Per size: the register of benchmarks/generate.py, loaded and mapped as a build does; every 100th
standard loses its title, every 100th (one further) gets a second category, and every 100th (two
further) a category that is none, so that each validator has results to give. Timed (best of --repeat, except pySHACL: once):
- engine: compiling the shapes (pyoxigraph reads them) and validating the build's subject index;
- shacl: compiling the shapes, and validating the register's N-Triples text (which the build has
  to make first: timed apart, as "serialise");
- pySHACL: making the rdflib graph from the triples, and validating it.
Results are compared as (focus node, path, value, shape, constraint component, severity).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vngreg import nt  # noqa: E402
from vngreg.mapping.emitter import map_register  # noqa: E402
from vngreg import vocab  # noqa: E402
from vngreg.vocab import DCTERMS, GS  # noqa: E402

SH = vocab.SH.rdflib  # the reports are rdflib graphs
from vngreg.source.load import load_register  # noqa: E402
from vngreg.validate import engine  # noqa: E402
from vngreg.validate.shacl import load_shapes  # noqa: E402

SHAPES = ROOT / "shapes" / "gs-shapes.ttl"
WORK = ROOT / "benchmarks" / ".work"


def register(n: int) -> list[nt.Triple]:
    """The generated register of n standards, mapped, spoilt in 2 places of every 100 standards."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    triples = map_register(load_register(generate.generate(n, WORK / f"validation-{n}"))).triples
    standards = sorted({s for s, p, o in triples
                        if p == nt.RDF_TYPE and o == GS.GemeentelijkeStandaard})
    title, category = DCTERMS.title, GS.categorie
    untitled = set(standards[::100])
    categories = sorted({o for _, p, o in triples if p == category})
    spoilt = [t for t in triples if not (t[0] in untitled and t[1] == title)]
    spoilt += [(s, category, categories[0]) for s in standards[1::100]]
    spoilt += [(s, category, categories[1]) for s in standards[1::100]]
    spoilt = [t for t in spoilt if not (t[0] in standards[2::100] and t[1] == category)]
    spoilt += [(s, category, "<https://example.org/geen-categorie>") for s in standards[2::100]]
    return sorted(set(spoilt))


def best(repeat: int, func):
    """(seconds of the fastest of `repeat` calls, its value)."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        runs.append((time.perf_counter() - start, value))
    return min(runs, key=lambda run: run[0])


def with_engine(triples, repeat: int) -> tuple[dict, set]:
    index = nt.by_subject(triples)
    compile_s, shapes = best(repeat, lambda: engine.compile_shapes(load_shapes([SHAPES]).triples))
    validate_s, results = best(repeat, lambda: engine.validate(shapes, index))
    found = {(r.focus, r.path, r.value, r.shape, r.component, r.severity) for r in results}
    return {"compile": compile_s, "validate": validate_s, "total": compile_s + validate_s}, found


def with_shacl(triples, repeat: int) -> tuple[dict, set]:
    import shacl
    serialise_s, text = best(repeat, lambda: nt.lines(triples).decode("utf-8"))
    compile_s, shapes = best(repeat, lambda: shacl.Shapes.from_file(str(SHAPES)))
    validate_s, report = best(repeat, lambda: shapes.validate_text(text, "ntriples"))
    found = {(r.focus_node, r.path, r.value, r.source_shape, r.component_iri,
              r.severity_iri.rsplit("#", 1)[-1]) for r in report.results}
    return {"serialise": serialise_s, "compile": compile_s, "validate": validate_s,
            "total": serialise_s + compile_s + validate_s}, found


def with_pyshacl(triples) -> tuple[dict, set]:
    import pyshacl
    from rdflib import Graph
    shapes = Graph(bind_namespaces="none").parse(SHAPES, format="turtle")
    graph_s, graph = best(1, lambda: nt.to_rdflib(triples))
    validate_s, (_, report, _) = best(1, lambda: pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True))
    found = set()
    for result in report.objects(None, SH.result):
        terms = [report.value(result, p) for p in (SH.focusNode, SH.resultPath, SH.value,
                                                   SH.sourceShape)]
        found.add((*(None if t is None else t.n3() for t in terms),
                   str(report.value(result, SH.sourceConstraintComponent)),
                   str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return {"graph": graph_s, "validate": validate_s, "total": graph_s + validate_s}, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pyshacl-above", type=int, default=30000)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "validation.json")
    args = parser.parse_args(argv)
    rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        triples = register(n)
        row = {"standards": n, "triples": len(triples)}
        row["engine"], ours = with_engine(triples, args.repeat)
        row["results"] = len(ours)
        row["shacl"], theirs = with_shacl(triples, args.repeat)
        row["shacl_agrees"] = _same(ours, theirs)
        if n <= args.no_pyshacl_above:
            row["pyshacl"], reference = with_pyshacl(triples)
            row["pyshacl_agrees"] = _same(ours, reference)
        rows.append(row)
        print(json.dumps(row), flush=True)
    args.results.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


def _same(ours: set, theirs: set) -> bool:
    """Whether two result sets are the same, ours' literal values compared as their text."""
    return {tuple(map(_plain, r)) for r in ours} == {tuple(map(_plain, r)) for r in theirs}


def _plain(field):
    return None if field is None else str(field)


if __name__ == "__main__":
    sys.exit(main())
