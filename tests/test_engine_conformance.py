"""Validation against external truth: the W3C SHACL Core test suite (tests/data/w3c-shacl/, copied
unchanged) through vngreg's validation entry point, and XPath's regular expressions for
sh:pattern and sh:flags, read from the XPath specification rather than from any engine."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from vngreg import nt
from vngreg.errors import VngregError
from vngreg.mapping.emitter import map_register
from vngreg.vocab import DCTERMS, SH, Vocabulary
from vngreg.source.load import load_register
from vngreg.validate import engine
from vngreg.validate.shacl import Shapes, load_shapes, validate_triples

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "data" / "w3c-shacl" / "core"
MF = Vocabulary("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Vocabulary("http://www.w3.org/ns/shacl-test#")
S = engine.S
TRUE = nt.literal("true", datatype=nt.XSD + "boolean")
# What a result is compared on: the W3C suite's rule (messages and sh:detail are left out).
RESULT_FIELDS = (S.focusNode, S.resultPath, S.value, S.sourceShape, S.resultSeverity,
                 S.sourceConstraintComponent)


def read(path: Path) -> engine.TermGraph:
    """A Turtle file's triples, read by pyoxigraph as the build reads shapes."""
    with open(path, "rb") as data:
        return engine.TermGraph(nt.from_turtle(data, base_iri=path.as_uri()))


def file_of(iri: str) -> Path:
    return Path(iri[1:-1].removeprefix("file://"))


def suite_tests() -> list[tuple[str, Path, str]]:
    """(name, file, test node) of every sht:Validate test the suite's manifests include."""
    found, todo = [], [SUITE / "manifest.ttl"]
    while todo:
        path = todo.pop(0)
        graph = read(path)
        todo += [file_of(include) for _, include in graph.pairs(MF.include)]
        for _, entries in graph.pairs(MF.entries):
            for test in graph.items(entries):
                if SHT.Validate in graph.objects(test, engine.RDF_TYPE):
                    found.append((f"{path.parent.name}/{test[1:-1].rsplit('/', 1)[-1]}", path, test))
    return found


TESTS = suite_tests()


def describe(graph: engine.TermGraph, term: str) -> str:
    """A term as text; a blank node by what it holds (a path, a shape, a data node), so that the
    same node read in another graph, or spelt out again in an expected report, reads the same."""
    def content(n: str, seen: frozenset) -> str:
        if n[0] != "_":
            return n
        if n in seen:
            return "[...]"
        if graph.objects(n, engine.R.first):  # a list (a sequence path): its members only
            return "(" + " ".join(content(o, seen | {n}) for o in graph.items(n)) + ")"
        return "[" + " ; ".join(sorted(f"{p} {content(o, seen | {n})}"
                                       for p, o in graph.out.get(n, ()))) + "]"
    return content(term, frozenset())


def results(report: engine.TermGraph, graphs: dict, rename: dict) -> Counter:
    """The top-level results of a report, each field described in the graph its nodes come from
    (`graphs`: field -> graph; the report's own by default), blank nodes renamed by `rename`."""
    found = Counter()
    for _, result in report.pairs(S.result):
        fields = []
        for field in RESULT_FIELDS:
            (value,) = report.objects(result, field) or [None]
            fields.append(None if value is None
                          else describe(graphs.get(field, report), rename.get(value, value)))
        found[tuple(fields)] += 1
    return found


@functools.cache
def run(path: Path, test: str):
    """(expected, found, whether the engine took the shapes); expected and found are
    (conforms, results), or "failure" where the test expects the validator to fail."""
    manifest = read(path)
    (action,), (expected_report,) = manifest.objects(test, MF.action), manifest.objects(test, MF.result)
    data, shapes_file = (read(file_of(manifest.objects(action, p)[0]))
                         for p in (SHT.dataGraph, SHT.shapesGraph))
    expected = ("failure" if expected_report == SHT.Failure else
                (manifest.objects(expected_report, S.conforms) == [TRUE],
                 results(manifest, {}, {})))
    shapes = load_shapes([file_of(manifest.objects(action, SHT.shapesGraph)[0])])
    try:
        compiled = engine.compile_shapes(shapes.triples)
    except engine.Unsupported:
        compiled = None
    try:
        report = validate_triples(nt.by_subject(data.triples), lambda: nt.to_rdflib(data.triples),
                                  shapes)
    except VngregError:
        return expected, "failure", compiled is not None
    graph = engine.TermGraph(nt.from_rdflib(report.graph))
    if compiled is None:  # pySHACL copies the blank nodes a result names into its report
        found = results(graph, {}, {})
    else:  # the engine names nodes of the data and the shapes; blank shapes by a label
        shapes_graph = engine.TermGraph(shapes.triples)
        found = results(graph, {S.focusNode: data, S.value: data, S.resultPath: shapes_graph,
                                S.sourceShape: shapes_graph},
                        {label: node for node, label in compiled.labels.items()})
    return expected, (report.conforms, found), compiled is not None


# A test the fallback answers with another literal as sh:value: the build hands pySHACL an rdflib graph
# (nt.to_rdflib), and rdflib rewrites an ill-typed literal's lexical form when it reads it.
REWRITTEN_BY_RDFLIB = {"property/or-datatypes-001": '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'}


@pytest.mark.parametrize("name, path, test", TESTS, ids=[name for name, _, _ in TESTS])
def test_w3c_shacl_core(name, path, test):
    expected, found, taken = run(path, test)
    if name in REWRITTEN_BY_RDFLIB:  # the fallback's: right but for the rewritten value
        assert not taken and found[0] == expected[0]
        assert REWRITTEN_BY_RDFLIB[name] in {fields[2] for fields in found[1] - expected[1]}
        without_value = [Counter({(*f[:2], *f[3:]): n for f, n in c.items()}) for c in (found[1], expected[1])]
        assert without_value[0] == without_value[1]
    else:
        assert found == expected


def test_the_suite_is_all_there_and_the_engine_takes_part_of_it():
    """98 tests in the suite; the engine takes those that use only what it implements (their
    results are checked above, like the fallback's)."""
    assert len(TESTS) == 98
    taken = {name for name, path, test in TESTS if run(path, test)[2]}
    assert {"node/pattern-001", "node/minLength-001", "property/maxCount-001",
            "targets/targetNode-001", "property/uniqueLang-002", "node/and-001", "node/xone-001",
            "property/in-001", "targets/targetClassImplicit-001"} <= taken


def test_only_top_level_results_are_findings():
    """pySHACL (here: the engine refuses the sequence path) nests the results of a shape that
    sh:node refers to as sh:detail under the result of sh:node: one finding, not two."""
    shapes = nt.from_turtle(b"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:Ding ; sh:property [ sh:path ex:maker ; sh:node ex:Persoon ] .
        ex:Persoon a sh:NodeShape ; sh:property [ sh:path ( ex:naam ex:tekst ) ; sh:minCount 1 ] .""")
    with pytest.raises(engine.Unsupported):
        engine.compile_shapes(shapes)
    data = nt.from_turtle(b"""@prefix ex: <https://example.org/> .
        ex:a a ex:Ding ; ex:maker ex:p . ex:p ex:leeftijd 3 .""")
    report = validate_triples(nt.by_subject(data), lambda: nt.to_rdflib(data), Shapes(shapes, {}))
    assert len(list(report.graph.objects(None, SH.rdflib.detail))) == 1  # the nested result is there ...
    assert [(str(f.focus), str(f.value)) for f in report.findings] == [  # ... and not a finding
        ("https://example.org/a", "https://example.org/p")]


# --- XPath's regular expressions (XPath and XQuery Functions and Operators 3.1, 5.6) --------------

@pytest.mark.parametrize("pattern, flags, text, matches", [
    ("^abc$", "", "abc", True),
    ("^abc$", "", "abc\n", False),  # $ is the end of the string (Python's also before a final \n)
    ("abc$", "", "x\nabc\n", False),
    ("^abc$", "m", "abc\nx", True),  # multi-line: $ at the end of any line
    ("^x$", "m", "abc\nx", True),
    ("^abc$", "", "abc\nx", False),
    ("a.c", "", "a\nc", False),  # . matches neither line feed nor carriage return ...
    ("a.c", "", "a\rc", False),
    ("a.c", "", "a-c", True),
    ("a.c", "s", "a\nc", True),  # ... except in dot-all mode
    ("a.c", "s", "a\rc", True),
    ("[.]", "", "a", False),
    ("[$]", "", "$", True),
    ("a\\$", "", "a$", True),
    ("ABC", "i", "xabcx", True),
    ("ABC", "", "xabcx", False),
    ("a b c", "x", "abc", True),  # x: white space left out of the expression ...
    ("a[ ]b", "x", "a b", True),  # ... except inside a character class
    ("a b", "", "ab", False),
    ("^\\s$", "", "\t", True),  # \s is space, tab, line feed, carriage return only
    ("^\\s$", "", "\u00a0", False),
    ("^\\S$", "", "\u00a0", True),
    ("^[\\s]$", "", "\u2003", False),
    ("^\\d+$", "", "\u0661\u0662", True),  # \d is any Unicode decimal digit
    ("(a)\\1", "", "aa", True),
    ("^(?:ab)+$", "", "abab", True),
])
def test_xpath_regex(pattern, flags, text, matches):
    assert (engine.xpath_regex(pattern, flags).search(text) is not None) == matches


@pytest.mark.parametrize("pattern, flags", [
    ("a", "q"), ("a", "I"), ("\\w", ""), ("\\p{L}", ""), ("\\b", ""), ("\\Z", ""), ("a(?=b)", ""),
    ("(?i)a", ""), ("[a-z-[aeiou]]", ""), ("[]a]", ""), ("[a", ""), ("[\\1]", ""),
])
def test_what_xpath_and_python_read_differently_is_refused(pattern, flags):
    with pytest.raises(ValueError):
        engine.xpath_regex(pattern, flags)


def test_a_value_ending_in_a_line_feed_fails_a_pattern_ending_in_dollar():
    """Through the engine on the shapes we ship: a standard's identifier "...\n" is reported by the
    pattern "^[a-z0-9]+(-[a-z0-9]+)*$", and the same identifier without the line feed is not."""
    triples = map_register(load_register(ROOT / "source")).triples
    shapes = engine.compile_shapes(load_shapes([ROOT / "shapes" / "gs-shapes.ttl"]).triples)
    identifier = DCTERMS.identifier
    s, _, o = next(t for t in triples if t[1] == identifier)
    spoilt = [t for t in triples if t != (s, identifier, o)] + [(s, identifier, o[:-1] + '\\n"')]
    assert engine.validate(shapes, nt.by_subject(triples)) == []
    (result,) = engine.validate(shapes, nt.by_subject(spoilt))
    assert (result.focus, result.path, result.value, result.component) == (
        s, identifier, o[:-1] + '\\n"', SH.iri + "PatternConstraintComponent")


SHAPES_WITH_FLAGS = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Ding ;
    sh:property [ sh:path ex:regel ; sh:pattern "^[a-z]+$" ; sh:flags "mi" ] ,
                [ sh:path ex:code ; sh:pattern "^[0-9]+$" ] .
"""


@pytest.mark.parametrize("predicate, text, reported", [
    ("regel", "Abc\nDef", False),  # m: each line; i: any case
    ("regel", "12\n34", True),  # no line is letters only
    ("regel", "a1\nb2", True),
    ("code", "123", False),
    ("code", "123\n", True),
    ("code", "12\n3", True),
])
def test_sh_flags_and_dollar_through_the_validation_entry_point(predicate, text, reported):
    shapes = nt.from_turtle(SHAPES_WITH_FLAGS.encode())
    engine.compile_shapes(shapes)  # the engine takes these shapes
    data = [("<https://example.org/a>", nt.RDF_TYPE, "<https://example.org/Ding>"),
            ("<https://example.org/a>", f"<https://example.org/{predicate}>", nt.literal(text))]
    report = validate_triples(nt.by_subject(data), lambda: nt.to_rdflib(data), Shapes(shapes, {}))
    assert [str(f.value) for f in report.findings] == ([text] if reported else [])


def test_a_broken_shapes_file_is_the_tools_problem_with_its_line(tmp_path):
    broken = tmp_path / "shapes.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nex:S a sh:NodeShape .\n")
    with pytest.raises(VngregError) as refused:
        load_shapes([broken])
    assert refused.value.exit_code == 3
    assert refused.value.format().startswith(f"{broken}: the shapes file cannot be read: ")
    assert "line 2" in refused.value.format() and "ex:" in refused.value.format()


# --- what validating a build imports --------------------------------------------------------------

def test_the_engine_imports_neither_rdflib_nor_pyshacl(tmp_path):
    """Reading our shapes, compiling them and validating the real register with the engine imports
    no rdflib or pySHACL module."""
    script = tmp_path / "probe.py"
    script.write_text(f"""
import sys
from pathlib import Path
from vngreg import nt
from vngreg.mapping.emitter import map_register
from vngreg.source.load import load_register
from vngreg.validate import engine
from vngreg.validate.shacl import load_shapes
shapes = engine.compile_shapes(load_shapes([Path({str(ROOT / "shapes" / "gs-shapes.ttl")!r})]).triples)
index = nt.by_subject(map_register(load_register(Path({str(ROOT / "source")!r}))).triples)
assert engine.validate(shapes, index) == []
print(sorted(m for m in sys.modules if m.split(".")[0] in ("rdflib", "pyshacl")))
""")
    probe = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert probe.stdout == "[]\n"
