"""Step 3, validation: the mapped graph against the SHACL shapes, results traced to the YAML.

pySHACL reports focus nodes; every focus node is an IRI we minted, so the source map of the
mapping step turns each result into "file:line (entry): message". Validation never edits the graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from vngreg.errors import EXIT_TOOL, EXIT_USAGE, Location, VngregError
from vngreg.namespaces import RDF, SH

SEVERITY_ORDER = {"Violation": 3, "Warning": 2, "Info": 1}


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation, Warning, Info
    focus: Node
    path: Node | None
    value: Node | None
    shape: Node | None
    messages: dict[str, str]  # language -> message
    location: Location | None = None

    def message(self, lang: str) -> str:
        return (self.messages.get(lang) or self.messages.get("en") or self.messages.get("nl")
                or next(iter(self.messages.values()), "constraint not met"))

    def format(self, lang: str = "nl") -> str:
        where = f"{self.location}: " if self.location else f"<{self.focus}>: "
        rule = f" [{_short(self.shape)}]" if self.shape is not None else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{where}{self.severity.lower()}: {self.message(lang)}{value}{rule}"


@dataclass
class Report:
    conforms: bool
    findings: list[Finding]
    graph: Graph  # the sh:ValidationReport itself

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def serialize(self, form: str) -> str:
        """The sh:ValidationReport as Turtle ("ttl") or JSON-LD ("json")."""
        report = Graph(bind_namespaces="none")
        report.bind("sh", SH)
        for triple in self.graph:
            report.add(triple)
        if form == "ttl":
            return report.serialize(format="turtle")
        return report.serialize(format="json-ld", context={"sh": str(SH)}, auto_compact=True)

    def fails(self, fail_on: str = "violation") -> bool:
        floor = SEVERITY_ORDER[fail_on.capitalize()]
        return any(SEVERITY_ORDER[f.severity] >= floor for f in self.findings)


# File extension -> rdflib parser name, for `vngreg validate` on any RDF file.
RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt",
               ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".nq": "nquads", ".trig": "trig"}


def read_rdf(path: Path, fmt: str | None = None) -> Graph:
    """Parse an RDF file of any common syntax (by extension, or `fmt`) into one graph."""
    fmt = fmt or RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise VngregError(f"cannot tell the RDF syntax from the extension {path.suffix!r}",
                          Location(str(path)), f"give --format, one of: {', '.join(sorted(set(RDF_FORMATS.values())))}",
                          exit_code=EXIT_USAGE)
    if not path.is_file():
        raise VngregError("the file does not exist", Location(str(path)), "check the path",
                          exit_code=EXIT_USAGE)
    graph = Graph(bind_namespaces="none")
    try:
        if fmt in ("nquads", "trig"):  # quads: validate the union of the graphs
            from rdflib import Dataset
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types
        raise VngregError(f"not valid {fmt}: {exc}".splitlines()[0], Location(str(path)),
                          "check the file's syntax, or give the right --format") from None
    return graph


def load_shapes(paths: list[Path]) -> Graph:
    """All shapes files as one shapes graph; a broken shapes file is the tool's problem (exit 3)."""
    shapes = Graph(bind_namespaces="none")
    if not paths:
        raise VngregError("no SHACL shapes found", None, "put the shapes (*.ttl) in shapes/",
                          exit_code=EXIT_TOOL)
    for path in paths:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser types
            raise VngregError(f"the shapes file cannot be read: {exc}", Location(str(path)),
                              "fix the Turtle syntax of the shapes file", exit_code=EXIT_TOOL) from None
    return shapes


def validate(data: Graph, shapes: Graph, locate=None) -> Report:
    """Validate `data`; `locate(focus, path)` gives the YAML Location of a result, if known."""
    import pyshacl  # here: with rdflib's SPARQL engine it takes 0.3 s to import
    try:
        conforms, report_graph, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    except Exception as exc:  # pyshacl's errors mean the shapes are broken, not the data
        raise VngregError(f"SHACL validation could not run: {exc}", None,
                          "check the shapes files", exit_code=EXIT_TOOL) from None
    findings = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        path = report_graph.value(result, SH.resultPath)
        severity = report_graph.value(result, SH.resultSeverity)
        messages = {}
        for message in report_graph.objects(result, SH.resultMessage):
            if isinstance(message, Literal):
                messages.setdefault(message.language or "en", str(message))
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1],
            focus=focus, path=path, value=report_graph.value(result, SH.value),
            shape=report_graph.value(result, SH.sourceShape), messages=messages,
            location=locate(focus, path) if locate else None))
    findings.sort(key=_sort_key)
    return Report(bool(conforms), findings, report_graph)


def validate_triples(index: dict, graph, shapes: Graph, locate=None) -> Report:
    """Validate the triples of a build: with vngreg/validate/engine.py, which does exactly what SHACL
    says for the core features our shapes use, over the subject index; with pySHACL on `graph()`
    (an rdflib Graph, made only then) when the shapes use anything else."""
    from vngreg.validate import engine as shacl_core
    try:
        compiled = shacl_core.compile_shapes(shapes)
    except shacl_core.Unsupported:
        return validate(graph(), shapes, locate)
    results = shacl_core.validate(compiled, index)
    report = Graph(bind_namespaces="none")
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    findings = []
    for result in results:
        focus, path, value = (_node(t) if t is not None else None
                              for t in (result.focus, result.path, result.value))
        shape = _node(result.shape)
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, focus))
        report.add((node, SH.resultSeverity, SH[result.severity]))
        report.add((node, SH.sourceShape, shape))
        report.add((node, SH.sourceConstraintComponent, URIRef(result.component)))
        if path is not None:
            report.add((node, SH.resultPath, path))
        if value is not None:
            report.add((node, SH.value, value))
        messages = {}
        for lang, text in result.messages:
            report.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
            messages.setdefault(lang or "en", text)
        findings.append(Finding(result.severity, focus, path, value, shape, messages,
                                locate(focus, path) if locate else None))
    conforms = not any(f.severity == "Violation" for f in findings)
    report.add((root, SH.conforms, Literal(conforms)))
    findings.sort(key=_sort_key)
    return Report(conforms, findings, report)


def _node(term: str) -> Node:
    """An N-Triples term as an rdflib node (for reports, which are small)."""
    from vngreg import nt
    if nt.is_iri(term):
        return URIRef(nt.value(term))
    if nt.is_literal(term):
        lexical, lang, datatype = nt.split_literal(term)
        return Literal(lexical, lang=lang, datatype=URIRef(datatype) if datatype else None)
    return BNode(term[2:])


def _sort_key(finding: Finding):
    loc = finding.location
    return (-SEVERITY_ORDER[finding.severity], loc.file if loc else "", (loc.line or 0) if loc else 0,
            str(finding.focus), str(finding.path), str(finding.shape))


def _short(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text
