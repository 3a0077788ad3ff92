"""What every register format means: each of the six, as vngreg.write.formats writes it, read back
by two independent parsers (pyoxigraph; rdflib, whose RDF/XML reader is expat and keeps XML's
rules, or serdi) must give the graph that was written, on the real register, a
generated register, the W3C RDF 1.1 suites' graphs and hostile texts and IRIs. No test here looks
at the bytes: the bytes of out/ are pinned by the committed out/ (tests/test_write.py)."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Dataset, Literal, URIRef

from tests.conftest import ROOT
from vngreg import nt
from vngreg.errors import VngregError
from vngreg.vocab import PREFIXES
from vngreg.write import formats
from vngreg.write.rdfxml import NCNAME_AT_END, NOT_XML

W3C = ROOT / "tests" / "data" / "w3c-rdf"
CONTEXT = formats.load_context(ROOT / "ontology" / "context.jsonld")
GRAPH = "https://example.org/graph"
REGISTER_GRAPH = "https://data.vng.nl/gemeentelijke-standaarden/id/dataset/gemeentelijke-standaarden"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
OX_FORMATS = {"register.ttl": ox.RdfFormat.TURTLE, "register.jsonld": ox.RdfFormat.JSON_LD,
              "register.nt": ox.RdfFormat.N_TRIPLES, "register.nq": ox.RdfFormat.N_QUADS,
              "register.trig": ox.RdfFormat.TRIG, "register.rdf": ox.RdfFormat.RDF_XML}
RDFLIB_FORMATS = {"register.ttl": "turtle", "register.jsonld": "json-ld", "register.nt": "nt",
                  "register.nq": "nquads",
                  "register.trig": "trig", "register.rdf": "xml"}


def _literal(lexical: str, language: str | None, datatype: str | None) -> str:
    """A literal as our term, language tags in lower case (RDF compares them so)."""
    if language:
        return nt.literal(lexical, language.lower())
    return nt.literal(lexical, None, None if datatype in (None, XSD_STRING) else datatype)


def _ox_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return nt.iri(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    if isinstance(term, ox.DefaultGraph):
        return ""
    raise AssertionError(f"a blank node where none was written: {term}")


def _rdflib_term(term) -> str:
    if isinstance(term, Literal):
        return _literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, URIRef):
        return nt.iri(str(term))
    raise AssertionError(f"a blank node where none was written: {term}")


@contextmanager
def _literals_as_written():
    """rdflib rewrites lexical forms ("01"^^xsd:integer becomes "1") unless told not to."""
    before, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


Quads = set[tuple[str, str, str, str]]


def by_pyoxigraph(name: str, data: bytes) -> Quads:
    return {(_ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object), _ox_term(q.graph_name))
            for q in ox.parse(data, format=OX_FORMATS[name])}


def by_second_parser(name: str, data: bytes) -> Quads:
    """rdflib (its RDF/XML reader is expat's; its JSON-LD reader its own, as pyld drops IRIs with
    a no-break space and rewrites "1.0E0"^^xsd:double); serdi for N-Triples and N-Quads (rdflib's
    reader refuses IRIs with a no-break space), whose N-Quads pyoxigraph reads."""
    if name in ("register.nt", "register.nq"):
        serdi = subprocess.run(["serdi", "-i", "nquads", "-o", "nquads", "-"], input=data,
                               capture_output=True, check=True)
        return by_pyoxigraph("register.nq", serdi.stdout)
    dataset = Dataset()
    with _literals_as_written():
        dataset.parse(data=data, format=RDFLIB_FORMATS[name])
    default = dataset.default_graph.identifier
    return {tuple(map(_rdflib_term, (s, p, o))) + ("" if g == default else nt.iri(str(g)),)
            for s, p, o, g in dataset.quads()}


def expected(triples: list[nt.Triple], name: str, graph_iri: str = GRAPH) -> Quads:
    graph = nt.iri(graph_iri) if name in ("register.nq", "register.trig") else ""
    return {(s, p, _literal(*nt.split_literal(o)) if nt.is_literal(o) else o, graph)
            for s, p, o in triples}


def written(triples: list[nt.Triple], name: str) -> bytes:
    made = formats.REGISTER_FILES[name][0](formats.Publication(triples, GRAPH, CONTEXT))
    return made if isinstance(made, bytes) else b"".join(made)


def assert_same_graph(triples: list[nt.Triple], name: str, data: bytes | None = None,
                      graph_iri: str = GRAPH) -> None:
    data = written(triples, name) if data is None else data
    want = expected(triples, name, graph_iri)
    for parse in (by_pyoxigraph, by_second_parser):
        got = parse(name, data)
        assert got == want, (f"{name} read by {parse.__name__}: missing "
                             f"{sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}")


def assert_written_or_refused(triples: list[nt.Triple], name: str) -> None:
    """The graph, or for RDF/XML a clear refusal where a text holds what XML cannot carry."""
    unwritable = [s for s, _p, o in triples if nt.is_literal(o) and NOT_XML.search(nt.value(o))]
    if name == "register.rdf" and unwritable:
        with pytest.raises(VngregError, match="XML cannot carry") as refused:
            written(triples, name)
        assert any(s in str(refused.value) for s in unwritable)
    else:
        assert_same_graph(triples, name)


# -- the real register and a generated one --------------------------------------------------------

@pytest.mark.parametrize("name", formats.REGISTER_FILES)
def test_the_built_register_means_the_mapped_graph(built, project, name):
    from vngreg.mapping.emitter import map_register
    from vngreg.source.load import load_register
    triples = map_register(load_register(project.source)).triples
    assert_same_graph(triples, name, (built / name).read_bytes(), REGISTER_GRAPH)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[nt.Triple]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate
    from vngreg.mapping.emitter import map_register
    from vngreg.source.load import load_register
    source = generate(300, tmp_path_factory.mktemp("generated"))
    return map_register(load_register(source)).triples


@pytest.mark.parametrize("name", formats.REGISTER_FILES)
def test_a_generated_register_means_its_graph(generated, name):
    assert_same_graph(generated, name)


# -- the W3C RDF 1.1 suites -----------------------------------------------------------------------

def _w3c_graph(path: Path) -> list[nt.Triple]:
    """The expected graph of a W3C test, its named graphs merged into one."""
    name = "register.nq" if path.suffix == ".nq" else "register.nt"
    quads = by_pyoxigraph(name, path.read_bytes())
    return sorted({(s, p, o) for s, p, o, _g in quads})


W3C_GRAPHS = sorted(W3C.rglob("*.n[tq]"))


def test_the_w3c_graphs_are_there():
    assert len(W3C_GRAPHS) == 294


@pytest.mark.parametrize("name", formats.REGISTER_FILES)
def test_every_w3c_graph_means_itself_in(name):
    failures = []
    for path in W3C_GRAPHS:
        try:
            assert_written_or_refused(_w3c_graph(path), name)
        except (AssertionError, Exception) as exc:  # noqa: B014 - every failure, listed at once
            failures.append(f"{path.relative_to(W3C)}: {str(exc)[:300]}")
    assert failures == []


# -- hostile texts and IRIs -----------------------------------------------------------------------

EX = "https://data.vng.nl/gemeentelijke-standaarden/id/standaard/"
S = nt.iri(EX + "s")
P = nt.iri(str(PREFIXES["dct"]) + "description")


def _texts() -> list[str]:
    texts = ["", " ", "\n", "\r", "\r\n", "\t", "multi\nline\ntext\n",
             'Zie de map\n"C:\\standaarden\\"',
             'ends in a quote"', 'ends in a backslash\\', "ends in \\\"", '"""', "'''", "\"'\"'",
             "\n\"\n", "\\n is not a line break", "a < b & c > d ]]> <!-- x -->", "&amp; &#13;",
             "\u00a0\u0085\u2028\u2029", "\ufeffbom", "\u200b\u200d",
             "\ufdd0 \U0001fffe \U0010fffe",
             "\x7f", "\x01 \x1f", "\ufffe", "\uffff"]
    for mark in ('"', "\\", '\\"', '"\n', "\n\\", "\r"):
        base = "abc\ndef"
        texts += [base[:i] + mark + base[i:] for i in range(len(base) + 1)]
    # a character from every Unicode plane in use (0-3, 14-16), and each UTF-8 length's ends
    texts += ["\u0080\u07ff\u0800\uffef\ufffd", "\U00010000\U0001f600\U0002a6d6\U00030000",
              "\U000e0001\U000e007f\U000f0000\U000ffffd\U00100000\U0010fffd"]
    return texts


def _iris() -> list[str]:
    """IRIs with every character RFC 3987 allows in each part."""
    unreserved = "AZaz09-._~"
    sub_delims = "!$&'()*+,;="
    return [EX + "a", EX + "a.b", EX + "a-", EX + "_a", EX + "1", EX + "a(b)", EX + "a%20b",
            EX + "a/b", EX + "é", EX + "𝄞", EX + "x" + unreserved + sub_delims + ":@/%41",
            f"https://user:pw@example.org:8080/p{sub_delims}:@?q={sub_delims}/?#f{sub_delims}/?",
            "https://[::1]/", "https://example.org/\u00a0\ud7ff\uf900\ufdcf\ufdf0\uffef",
            "https://example.org/\U00010000\U000efffd?\ue000\U000f0000\U0010fffd",
            "urn:isbn:0-486-27557-4", "mailto:info@vng.nl", "tag:vng.nl,2024:x#y",
            "http://www.w3.org/2001/XMLSchema#integer", str(PREFIXES["gs"]), "https://example.org"]


HOSTILE = {
    "texts": [(S, P, nt.literal(text)) for text in _texts()],
    "texts with a language": [(S, P, nt.literal(text, "nl")) for text in _texts()],
    "typed texts": [(S, P, nt.literal(text, None, "https://example.org/type?a=b&c"))
                    for text in _texts()]
    + [(S, P, nt.literal(v, None, str(PREFIXES["xsd"]) + d))
       for v, d in [("01", "integer"), ("1.0", "decimal"), ("1", "boolean"), ("", "date")]],
    "languages": [(S, P, nt.literal("x", lang)) for lang in ("nl", "en-GB", "sr-Latn-RS", "x-a1")],
    "IRIs as subjects and objects": [(nt.iri(i), P, nt.iri(j))
                                     for i in _iris() for j in _iris()[:3]]
    + [(S, P, nt.iri(i)) for i in _iris()],
    "IRIs as predicates": [(S, nt.iri(i), nt.literal("x"))
                           for i in _iris() if NCNAME_AT_END.search(i)],
}


@pytest.mark.parametrize("name", formats.REGISTER_FILES)
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_terms_mean_themselves(case, name):
    assert_written_or_refused(sorted(set(HOSTILE[case])), name)


def test_each_text_alone_in_every_format():
    """One text a graph, so that a refusal of one cannot hide another's problem."""
    for text in _texts():
        for name in formats.REGISTER_FILES:
            assert_written_or_refused([(S, P, nt.literal(text))], name)


def test_rdf_xml_refuses_a_predicate_it_cannot_name():
    for predicate in ("<https://example.org/p/>", "<https://example.org/1>",
                      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#li>"):
        with pytest.raises(VngregError, match="RDF/XML cannot name the predicate"):
            written([(S, predicate, nt.literal("x"))], "register.rdf")


def test_an_empty_graph_is_an_empty_graph_in_every_format():
    for name in formats.REGISTER_FILES:
        assert_same_graph([], name)


# -- the corner cases through a whole build -----------------------------------------------

CORNERS = {"a quote and backslash after a line break": r'"Zie de map\n\"C:\\standaarden\\\""'}
# Texts the loader refuses, naming the file and line, before any writer sees them (the writers
# escape a CR and refuse what XML cannot carry all the same: see the tests above).
REFUSED = {"a carriage return": (r'"regel een\r\nregel twee\rdrie"', "U\\+000D"),
           "a non-character": (r'"kapot \uFFFE teken"', "U\\+FFFE")}


def _with_note(workdir: Path, note: str) -> None:
    path = workdir / "source" / "standaarden.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  - id: ")) + 1
    lines.insert(at, f"    opmerking: {note}\n")
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("corner", CORNERS)
def test_a_build_with_the_corner_case_writes_one_graph_six_times(workdir, corner):
    from vngreg import pipeline
    _with_note(workdir, CORNERS[corner])
    built = pipeline.build(pipeline.Project.around(workdir / "source"), workdir / "out")
    assert built.written
    triples = built.mapped.triples
    assert any("opmerking" in p or "note" in p for _s, p, _o in triples)
    for name in formats.REGISTER_FILES:
        assert_same_graph(triples, name, (workdir / "out" / name).read_bytes(), REGISTER_GRAPH)


@pytest.mark.parametrize("case", REFUSED)
def test_a_build_with_a_text_the_loader_refuses_fails_and_leaves_out_as_it_was(workdir, case):
    from vngreg import pipeline
    text, named = REFUSED[case]
    _with_note(workdir, text)
    (workdir / "out").mkdir()
    (workdir / "out" / "kept").write_text("the previous build")
    with pytest.raises(VngregError, match=f"standaarden.yaml:\\d+ .*{named}"):
        pipeline.build(pipeline.Project.around(workdir / "source"), workdir / "out")
    assert [p.name for p in (workdir / "out").iterdir()] == ["kept"]


def test_blank_nodes_mean_the_same_graph_up_to_their_labels():
    """We mint no blank nodes, but a writer given some must keep the graph (compared by rdflib's
    isomorphism, as labels may change)."""
    from rdflib.compare import isomorphic
    triples = sorted([(S, P, "_:b0"), ("_:b0", P, nt.literal("x")), ("_:b0", P, "_:n1"),
                      ("_:n1", P, S)])
    for name in formats.REGISTER_FILES:
        data = written(triples, name)
        with_ox = "".join(f"{q.subject} {q.predicate} {q.object} .\n"
                          for q in ox.parse(data, format=OX_FORMATS[name]))
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMATS[name])
        by_rdflib = rdflib.Graph()
        for s, p, o, _g in dataset.quads():
            by_rdflib.add((s, p, o))
        for graph in (rdflib.Graph().parse(data=with_ox, format="nt"), by_rdflib):
            assert isomorphic(graph, nt.to_rdflib(triples)), name
