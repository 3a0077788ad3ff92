"""Step 3, validation: the mapped graph against the SHACL shapes, results traced to the YAML; and
`vngreg validate`: any RDF file against our shapes or the official profiles vendored in official/.

Every focus node of the register is an IRI we minted, so the source map of the mapping step turns
each result into "file:line (entry): message". A finding reads the same whichever engine found it
and whether or not it is traced to YAML: its words come from the shapes graph. Validation never
edits the graph. rdflib is imported only where a graph or a finding needs it: a build that
validates with the engine and finds nothing never loads it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from vngreg import nt, vocab
from vngreg.errors import EXIT_TOOL, EXIT_USAGE, Location, VngregError
from vngreg.validate import engine
from vngreg.vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

SEVERITY_ORDER = {"Violation": 3, "Warning": 2, "Info": 1}


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation, Warning, Info
    focus: Node
    path: Node | None
    value: Node | None
    rule: str  # readable rule id: the shape's name, or path and constraint for a blank shape
    messages: dict[str, str]  # language -> the shape's own message
    location: Location | None = None
    path_name: str | None = None  # the path, readable: a prefixed name where the shapes declare one

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()))

    def format(self, lang: str = "nl") -> str:
        """One line, worded the same by `vngreg check` (where: the YAML line) and `vngreg
        validate` (where: the focus node and path)."""
        where = self.location or " ".join(filter(None, (_shown(self.focus), self.path_name)))
        value = f" (value: {_shown(self.value)})" if self.value is not None else ""
        return f"{where}: {self.severity.lower()}: {self.message(lang)}{value} [{self.rule}]"


@dataclass
class Report:
    conforms: bool
    findings: list[Finding]
    make_graph: Callable[[], Graph]  # makes the sh:ValidationReport itself, when it is asked for

    @cached_property
    def graph(self) -> Graph:
        return self.make_graph()

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def serialize(self, form: str) -> str:
        """The sh:ValidationReport as Turtle ("ttl") or JSON-LD ("json")."""
        from rdflib import Graph
        report = Graph(bind_namespaces="none")
        report.bind("sh", vocab.SH.iri)
        for triple in self.graph:
            report.add(triple)
        if form == "ttl":
            return report.serialize(format="turtle")
        return report.serialize(format="json-ld", context={"sh": vocab.SH.iri}, auto_compact=True)

    def fails(self, fail_on: str = "violation") -> bool:
        floor = SEVERITY_ORDER[fail_on.capitalize()]
        return any(_rank(f.severity) >= floor for f in self.findings)

    @classmethod
    def joined(cls, reports: list["Report"]) -> "Report":
        """Several reports as one: for one document holding every sh:ValidationReport."""
        def graph() -> Graph:
            from rdflib import Graph
            joined = Graph(bind_namespaces="none")
            for report in reports:
                joined += report.graph
            return joined
        return cls(all(r.conforms for r in reports), [f for r in reports for f in r.findings], graph)


# --- reading any RDF -------------------------------------------------------------------------------

# File extension -> rdflib parser name, for `vngreg validate` on any RDF file.
RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt",
               ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".nq": "nquads", ".trig": "trig"}
OXIGRAPH_FORMATS = {"turtle": "TURTLE", "json-ld": "JSON_LD", "nt": "N_TRIPLES", "xml": "RDF_XML",
                    "nquads": "N_QUADS", "trig": "TRIG"}


def read_rdf(path: Path, fmt: str | None = None) -> Graph:
    """Parse an RDF file of any common syntax (by extension, or `fmt`) into one graph."""
    fmt = fmt or RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise VngregError(f"cannot tell the RDF syntax from the extension {path.suffix!r}",
                          Location(str(path)),
                          f"give --format, one of: {', '.join(sorted(set(RDF_FORMATS.values())))}",
                          exit_code=EXIT_USAGE)
    if not path.is_file():
        raise VngregError("the file does not exist", Location(str(path)), "check the path",
                          exit_code=EXIT_USAGE)
    from rdflib import Dataset, Graph
    graph = Graph(bind_namespaces="none")
    try:
        if fmt in ("nquads", "trig"):  # quads: validate the union of the graphs
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types
        raise VngregError(f"not valid {fmt}: {_syntax_error(path, fmt, exc)}", Location(str(path)),
                          "correct the syntax there, or give the right --format") from None
    return graph


def _syntax_error(path: Path, fmt: str, exc: Exception) -> str:
    """rdflib's whole message; where it names no line (its N-Triples and N-Quads parsers),
    pyoxigraph's, which names line and column."""
    message = _one_line(exc)
    if not re.search(r"line \d|:\d+:\d+:", message):
        import pyoxigraph
        strict_format = getattr(pyoxigraph.RdfFormat, OXIGRAPH_FORMATS[fmt])
        try:
            for _ in pyoxigraph.parse(path=path, format=strict_format):
                pass
        except SyntaxError as strict:
            return str(strict)
    return message


def _one_line(exc: Exception) -> str:
    """An exception's whole message, its lines joined."""
    return " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or repr(exc)


@dataclass
class Shapes:
    """A shapes graph: its triples, read by pyoxigraph, for our engine; the prefixes its files
    declare, for rule ids; as an rdflib Graph only when pySHACL or a finding's words need one."""

    triples: list[nt.Triple]
    prefixes: dict[str, str]

    @cached_property
    def graph(self) -> Graph:
        from rdflib import Graph
        graph = Graph(bind_namespaces="none")  # the triples' own blank node labels, which the
        for s, p, o in self.triples:  # engine's results name: not re-read as N-Triples
            graph.add((_node(s), _node(p), _node(o)))
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace)
        return graph


def load_shapes(paths: list[Path]) -> Shapes:
    """All shapes files as one shapes graph; a broken shapes file is the tool's problem (exit 3)."""
    import pyoxigraph as ox
    if not paths:  # vngreg ships its shapes: only a damaged installation has none
        raise VngregError("no SHACL shapes found", None, "reinstall vngreg", exit_code=EXIT_TOOL)
    triples: set[nt.Triple] = set()
    prefixes: dict[str, str] = {}
    for path in paths:
        try:
            with open(path, "rb") as data:
                parser = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri())
                triples.update(nt.from_oxigraph(parser))
                prefixes.update(parser.prefixes)
        except (SyntaxError, OSError) as exc:  # pyoxigraph's parse errors are SyntaxErrors
            raise VngregError(f"the shapes file cannot be read: {_one_line(exc)}", Location(str(path)),
                              "fix the Turtle syntax of the shapes file", exit_code=EXIT_TOOL) from None
    return Shapes(sorted(triples), prefixes)


# --- the profiles `vngreg validate` knows ------------------------------------------------------------

OFFICIAL = resources.files("vngreg.validate") / "official"  # vendored, see official/SOURCES.md
REGISTER = "register"  # the register's own shapes (shapes/, and a register's own shapes/ folder)


@dataclass(frozen=True)
class Profile:
    files: tuple[str, ...]  # under official/
    recommended: tuple[str, ...] = ()  # their results are warnings


PROFILES = {  # DCAT-AP 3.0.1, DCAT-AP-NL 3.0, NL-SBB 1.0.0
    "dcat-ap": Profile(("dcat-ap-3.0.1/shapes.ttl", "dcat-ap-3.0.1/range.ttl"),
                       ("dcat-ap-3.0.1/shapes_recommended.ttl",)),
    "dcat-ap-nl": Profile(("dcat-ap-nl-3.0/dcat-ap-nl-SHACL.ttl",
                           "dcat-ap-nl-3.0/dcat-ap-nl-SHACL-klassebereik.ttl",
                           "dcat-ap-nl-3.0/dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl"),
                          ("dcat-ap-nl-3.0/dcat-ap-nl-SHACL-aanbevolen.ttl",)),
    "nl-sbb": Profile(("nl-sbb/skos-ap-nl.ttl",)),
}
PROFILE_NAMES = [REGISTER, *PROFILES]


def official_files(name: str, recommended: bool = False) -> list[Path]:
    profile = PROFILES[name]
    return [OFFICIAL / file for file in profile.files + profile.recommended * recommended]


def choose_profiles(data: Graph) -> tuple[list[str], str]:
    """The profiles that fit what `data` describes, and why: a catalogue gets DCAT-AP-NL with the
    DCAT-AP 3.0.1 it builds on (its own text asks for both), our register its own shapes, SKOS
    concept schemes NL-SBB. The first that fits decides: a catalogue mentions our classes too."""
    RDF, DCAT, SKOS = vocab.RDF.rdflib, vocab.DCAT.rdflib, vocab.SKOS.rdflib
    if (None, RDF.type, DCAT.Catalog) in data:
        return ["dcat-ap", "dcat-ap-nl"], "it holds a dcat:Catalog"
    if any(str(kind).startswith(vocab.GS.iri) for kind in data.objects(None, RDF.type)):
        return [REGISTER], "it holds the register's own classes (gs:)"
    if (None, RDF.type, SKOS.ConceptScheme) in data:
        return ["nl-sbb"], "it holds a skos:ConceptScheme"
    return [], "it holds no dcat:Catalog, no register classes (gs:) and no skos:ConceptScheme"


class ShapeSets:
    """The shapes graphs `vngreg validate` checks a file with, each read once: the profiles asked
    for (or chosen by content), and "shapes" for files given with --shapes."""

    def __init__(self, register_files: list[Path], extra_files: list[Path], recommended: bool):
        self.files = {REGISTER: register_files, "shapes": extra_files,
                      **{name: official_files(name, recommended) for name in PROFILES}}
        self.graphs: dict[str, Graph] = {}

    def chosen(self, data: Graph, profiles: tuple[str, ...], path: Path) -> tuple[list[str], str | None]:
        """The names to check `data` with, and why they were chosen if not by the user."""
        extra = ["shapes"] * bool(self.files["shapes"])
        if profiles or extra:
            return [*profiles, *extra], None
        names, why = choose_profiles(data)
        if not names:
            raise VngregError(f"cannot tell which profile to check against: {why}", Location(str(path)),
                              f"give --profile ({', '.join(PROFILE_NAMES)}) or --shapes",
                              exit_code=EXIT_USAGE)
        return names, why

    def graph(self, name: str) -> Graph:
        if name not in self.graphs:
            self.graphs[name] = load_shapes(self.files[name])
        return self.graphs[name]


# --- validating and reporting ------------------------------------------------------------------------

def validate(data: Graph, shapes: Shapes, locate=None) -> Report:
    """Validate `data` with pySHACL; `locate(focus, path)` gives the YAML Location of a result."""
    import pyshacl  # here: with rdflib's SPARQL engine it takes 0.3 s to import
    RDF, SH = vocab.RDF.rdflib, vocab.SH.rdflib
    try:
        conforms, report_graph, _ = pyshacl.validate(
            data, shacl_graph=shapes.graph, inference="none", advanced=True, allow_warnings=True)
    except Exception as exc:  # pyshacl's errors mean the shapes are broken, not the data
        raise VngregError(f"SHACL validation could not run: {exc}", None,
                          "check the shapes files", exit_code=EXIT_TOOL) from None
    words = _Words(shapes)
    findings = [  # only a report's own results: those nested in sh:detail are not findings
        words.finding(str(report_graph.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                      report_graph.value(result, SH.focusNode), report_graph.value(result, SH.resultPath),
                      report_graph.value(result, SH.value), report_graph.value(result, SH.sourceShape),
                      report_graph.value(result, SH.sourceConstraintComponent), locate,
                      report_graph.value(result, SH.sourceConstraint))
        for report in report_graph.subjects(RDF.type, SH.ValidationReport)
        for result in report_graph.objects(report, SH.result)]
    findings.sort(key=_sort_key)
    return Report(bool(conforms), findings, lambda: report_graph)


def validate_graph(data: Graph, shapes: Shapes) -> Report:
    """Any RDF graph validated as a build is: by the engine where it takes the shapes, else by
    pySHACL; so `vngreg validate` and `vngreg check` find the same and word it the same."""
    return validate_triples(nt.by_subject(nt.from_rdflib(data)), lambda: data, shapes)


def validate_triples(index: dict, graph, shapes: Shapes, locate=None) -> Report:
    """Validate the triples of a build: with vngreg/validate/engine.py, which does exactly what SHACL
    says for the core features our shapes use, over the subject index; with pySHACL on `graph()`
    (an rdflib Graph, made only then) when the shapes use anything else."""
    try:
        compiled = engine.compile_shapes(shapes.triples)
    except engine.Unsupported:
        return validate(graph(), shapes, locate)
    results = engine.validate(compiled, index)
    shape_nodes = {term: node for node, term in compiled.labels.items()}
    words = _Words(shapes)
    findings = sorted((words.finding(result.severity, *map(_node, (result.focus, result.path, result.value,
                                     shape_nodes.get(result.shape, result.shape), nt.iri(result.component))),
                                     locate) for result in results), key=_sort_key)
    conforms = not findings  # SHACL's meaning; whether a build fails is `fails`
    return Report(conforms, findings, lambda: _report_graph(results, conforms))


def _report_graph(results: list[engine.Result], conforms: bool) -> Graph:
    """The engine's results as an sh:ValidationReport."""
    from rdflib import BNode, Graph, Literal
    RDF, SH = vocab.RDF.rdflib, vocab.SH.rdflib
    report = Graph(bind_namespaces="none")
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    for result in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, _node(result.focus)))
        report.add((node, SH.resultSeverity, SH[result.severity]))
        report.add((node, SH.sourceShape, _node(result.shape)))
        report.add((node, SH.sourceConstraintComponent, _node(nt.iri(result.component))))
        for predicate, term in ((SH.resultPath, result.path), (SH.value, result.value)):
            if term is not None:
                report.add((node, predicate, _node(term)))
        for lang, text in result.messages:
            report.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
    report.add((root, SH.conforms, Literal(conforms)))
    return report


class _Words:
    """How a result reads, from the shapes graph alone, whichever engine found it: the shape's own
    messages (sh:message; DCAT-AP-NL's eush:message), else the constraint it did not meet; the
    shape's name (a prefixed name where the shapes declare the prefix) as the rule id, or for a
    blank shape the path and the constraint."""

    def __init__(self, shapes: Shapes):
        self.shapes = shapes  # its rdflib graph is made for the first finding
        self.prefixes = sorted(((str(ns), prefix) for prefix, ns in
                                [*PREFIXES.items(), *shapes.prefixes.items()] if prefix),
                               key=lambda pair: -len(pair[0]))

    def name(self, node: Node | None) -> str | None:
        from rdflib import URIRef
        if not isinstance(node, URIRef):
            return node if node is None else _shown(node)
        for namespace, prefix in self.prefixes:
            rest = node[len(namespace):]
            if node.startswith(namespace) and rest and all(c.isalnum() or c in "-_." for c in rest):
                return f"{prefix}:{rest}"
        return f"<{node}>"

    def finding(self, severity: str, focus: Node, path: Node | None, value: Node | None,
                shape: Node | None, component: Node | None, locate,
                constraint: Node | None = None) -> Finding:
        """`constraint`: a SPARQL-based constraint's own node (sh:sourceConstraint), which holds
        its message and is the rule."""
        from rdflib import URIRef
        parameter = _parameter(component)
        rule_node = constraint if constraint is not None else shape
        messages = self.messages(constraint) or self.messages(shape) or self.unmet(shape, parameter)
        rule = (self.name(rule_node) if isinstance(rule_node, URIRef)
                else " ".join(filter(None, (self.name(path), self.name(parameter)))) or "blank shape")
        return Finding(severity, focus, path, value, rule, messages,
                       locate(focus, path) if locate else None, self.name(path))

    def messages(self, node: Node | None) -> dict[str, str]:
        from rdflib import Literal
        for predicate in (vocab.SH.rdflib.message, vocab.EUSH.rdflib.message) if node is not None else ():
            found = {}
            for text in self.shapes.graph.objects(node, predicate):
                if isinstance(text, Literal):
                    found.setdefault(text.language or "en", str(text))
            if found:
                return found
        return {}

    def unmet(self, shape: Node | None, parameter: URIRef | None) -> dict[str, str]:
        """For a shape without a message: the constraint and its value, e.g. sh:minCount 1."""
        said = None if parameter is None else " ".join(filter(None, (
            self.name(parameter), self.name(self.shapes.graph.value(shape, parameter)))))
        return {"en": f"not met: {said or 'the shape'}", "nl": f"niet voldaan aan: {said or 'de vorm'}"}


def _parameter(component: Node | None) -> URIRef | None:
    """The parameter of a SHACL Core constraint component: sh:MinCountConstraintComponent -> sh:minCount."""
    SH = vocab.SH.rdflib
    if not str(component or "").startswith(SH):
        return None
    local = str(component)[len(SH):].removesuffix("ConstraintComponent")
    return SH["sparql" if local == "SPARQL" else local[:1].lower() + local[1:]]


def _node(term: str | None) -> Node | None:
    """An N-Triples term as an rdflib node (for reports and findings, which are few)."""
    from rdflib import BNode, Literal, URIRef
    if term is None:
        return None
    if nt.is_iri(term):
        return URIRef(nt.value(term))
    if nt.is_literal(term):
        lexical, lang, datatype = nt.split_literal(term)
        return Literal(lexical, lang=lang, datatype=URIRef(datatype) if datatype else None,
                       normalize=False)  # the data's own term: rdflib would rewrite an ill-typed one
    return BNode(term[2:])


def _sort_key(finding: Finding):
    loc = finding.location
    return (-_rank(finding.severity), loc.file if loc else "", (loc.line or 0) if loc else 0,
            str(finding.focus), str(finding.path), finding.rule, str(finding.value))


def _shown(node: Node) -> str:
    """A value as a reader wants it: a literal's text, an IRI in <>, a blank node as _:label."""
    from rdflib import Literal
    return str(node) if isinstance(node, Literal) else node.n3()


def _rank(severity: str) -> int:
    """A severity's rank; a severity of the shapes' own (SHACL allows any IRI) counts as a violation."""
    return SEVERITY_ORDER.get(severity, SEVERITY_ORDER["Violation"])
