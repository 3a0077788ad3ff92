"""Asking the built output in out/ a SPARQL question, in process: `vngreg query` and the read-only
endpoint of `vngreg serve` both load out/ with `load_built` and answer with `run` and `render`.

Each file is its own named graph, the union of them the default graph:
- the register (register.nq): the dataset IRI, the graph `vngreg publish` replaces in a store;
- the catalogue (catalog.ttl), the provenance (provenance.ttl) and the linkset (koppelingen.ttl):
  the URL each file is published at, the register's base IRI followed by the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from vngreg.errors import EXIT_DATA, EXIT_USAGE, VngregError
from vngreg.vocab import PREFIXES

REGISTER = "register.nq"  # N-Quads: the register's named graph travels with it
OTHERS = ("catalog.ttl", "provenance.ttl", "koppelingen.ttl")  # named by their URL under the base IRI


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str  # as sent in Content-Type
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat


# Answers to SELECT and ASK, then the triples of CONSTRUCT and DESCRIBE; the first is the default.
SOLUTION_FORMATS = (
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    Format("csv", "text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV))
TRIPLE_FORMATS = (
    Format("ttl", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    Format("nt", "application/n-triples; charset=utf-8", ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    Format("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML))
FORMATS = ("table", *(f.name for f in SOLUTION_FORMATS + TRIPLE_FORMATS))

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
# SPARQL's tokens as far as we need them: what may hold a `?`, `#` or `:` that is no variable,
# comment or prefix (strings, IRIs), then comments, variables, prefixed names and words.
TOKENS = re.compile(r'''(?P<string>"""(?:[^\\]|\\.)*?"""|'\'\'(?:[^\\]|\\.)*?'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
                      |(?P<iri><[^<>"{}|^`\\\s]*>)
                      |(?P<comment>\#[^\n]*)
                      |(?P<bnode>_:\w+)
                      |[?$](?P<variable>\w+)
                      |(?P<pname>(?:[A-Za-z][\w.-]*)?):
                      |(?P<word>[A-Za-z]+)
                      |(?P<star>\*)''', re.VERBOSE)


@dataclass(frozen=True)
class Built:
    """The output in out/ in an in-memory store, and the named graph each file went into."""

    store: ox.Store
    base: str  # the register's base IRI: its dataset IRI before /id/
    graphs: dict[str, str]  # file name -> graph IRI


def load_built(out: Path) -> Built:
    """An in-memory store holding everything `vngreg build` wrote to `out`, a named graph a file."""
    register = out / REGISTER
    if not register.is_file():
        raise VngregError(f"there is no built register in {out}/ ({REGISTER} is missing)", None,
                          "run 'vngreg build' first, or give --out the folder it wrote",
                          exit_code=EXIT_USAGE)
    store = ox.Store()
    _load(store, register, ox.RdfFormat.N_QUADS, None)
    dataset = next((str(g.value) for g in store.named_graphs()), None)
    if dataset is None or "/id/" not in dataset:
        raise VngregError(f"{register} holds no named graph of a register", None,
                          "build again with 'vngreg build'", exit_code=EXIT_DATA)
    base = dataset.split("/id/", 1)[0] + "/"
    graphs = {REGISTER: dataset}
    for name in OTHERS:
        if (out / name).is_file():
            graphs[name] = base + name
            _load(store, out / name, ox.RdfFormat.TURTLE, ox.NamedNode(graphs[name]))
    # The union as the store's own default graph, a set: pyoxigraph's union of the named graphs
    # would match a triple the catalogue repeats from the register twice, and every join with it.
    store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in store])
    return Built(store, base, graphs)


def _load(store: ox.Store, path: Path, rdf_format: ox.RdfFormat, graph) -> None:
    try:
        store.bulk_load(path=str(path), format=rdf_format, to_graph=graph)
    except (SyntaxError, OSError) as e:
        raise VngregError(f"{path} is not valid RDF: {_one_line(e)}", None,
                          "build again with 'vngreg build'", exit_code=EXIT_DATA) from None


def read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise VngregError(f"cannot read the query file {path}: {e.__class__.__name__}", None,
                          "give a UTF-8 text file with one SPARQL query",
                          exit_code=EXIT_USAGE) from None


def run(store: ox.Store, query: str, default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None, federated: bool = True):
    """The answer to one SPARQL query: solutions, a boolean or triples (pyoxigraph's types).

    The default graph is the union of all graphs unless `default_graph` names some (the SPARQL
    Protocol's default-graph-uri; several are merged as pyoxigraph does, keeping duplicates).
    `federated=False` refuses SERVICE, which would have us fetch from elsewhere. Answers are
    computed lazily, while `render` reads them; both turn failures into our error."""
    tokens = list(_tokens(query))
    first = next((text.upper() for kind, text, _ in tokens if kind == "word"
                  and text.upper() not in ("PREFIX", "BASE")), "")
    if first in UPDATE_WORDS:
        raise VngregError(f"updates are not supported ({first} ...): the built output is only "
                          "read", None, "change the YAML in source/ and build again",
                          exit_code=EXIT_USAGE)
    if not federated and any(kind == "word" and text.upper() == "SERVICE"
                             for kind, text, _ in tokens):
        raise VngregError("SERVICE is not supported here: this endpoint only reads out/", None,
                          "run the query with 'vngreg query', which may call other endpoints",
                          exit_code=EXIT_USAGE)
    with _query_errors(tokens):
        options = {}
        if default_graph:
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        answer = store.query(query, **options)
        if isinstance(answer, ox.QuerySolutions):
            order = _in_query_order(answer.variables, tokens)
            if order != answer.variables:  # SELECT *: pyoxigraph sorts them by name
                projected = _projected(query, tokens, order)
                if projected != query:
                    answer = store.query(projected, **options)
        return answer


def _tokens(query: str) -> Iterator[tuple[str, str, int]]:
    for match in TOKENS.finditer(query):
        yield match.lastgroup, match.group(match.lastgroup) or "", match.start()


def _in_query_order(variables: list[ox.Variable], tokens) -> list[ox.Variable]:
    """The variables in the order they first occur in the query's text."""
    names = {v.value: v for v in variables}
    seen = dict.fromkeys(text for kind, text, _ in tokens if kind == "variable" and text in names)
    return [names[name] for name in seen] + [v for v in variables if v.value not in seen]


def _projected(query: str, tokens, order: list[ox.Variable]) -> str:
    """The query with its first `SELECT *` written out as these variables."""
    words = iter(tokens)
    for kind, text, _ in words:
        if kind == "word" and text.upper() == "SELECT":
            break
    for kind, text, start in words:
        if kind == "star":
            return f"{query[:start]}{' '.join(f'?{v.value}' for v in order)}{query[start + 1:]}"
        if kind != "word":  # DISTINCT and REDUCED may come first
            break
    return query


@contextmanager
def _query_errors(tokens=()) -> Iterator[None]:
    try:
        yield
    except SyntaxError as e:
        undeclared = _undeclared_prefix(tokens)
        if undeclared is not None:
            known = PREFIXES.get(undeclared)
            raise VngregError(
                f"the query uses the prefix '{undeclared}:' without declaring it", None,
                (f"add PREFIX {undeclared}: <{known}>" if known else
                 f"add PREFIX {undeclared}: <...>") +
                f"; the prefixes of our files: {', '.join(sorted(PREFIXES))}",
                exit_code=EXIT_USAGE) from None
        raise VngregError(f"the query is not valid SPARQL: {_one_line(e)}", None,
                          "correct the query at the line and column given",
                          exit_code=EXIT_USAGE) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise VngregError(f"the query failed: {_one_line(e)}", None,
                          "check the query; a SERVICE call needs its endpoint to answer",
                          exit_code=EXIT_USAGE) from None


def _undeclared_prefix(tokens) -> str | None:
    declared, after_prefix = set(), False
    for kind, text, _ in tokens:
        if kind == "pname":
            if after_prefix:
                declared.add(text)
            elif text not in declared:
                return text
        after_prefix = kind == "word" and text.upper() == "PREFIX"
    return None


def render(answer, fmt: str) -> bytes:
    """The answer as an aligned text table (CONSTRUCT: Turtle), or in one of the SPARQL results
    or RDF formats."""
    with _query_errors():
        return _render(answer, fmt)


def _render(answer, fmt: str) -> bytes:
    triples = isinstance(answer, ox.QueryTriples)
    formats = {f.name: f for f in (TRIPLE_FORMATS if triples else SOLUTION_FORMATS)}
    if fmt == "table":
        fmt = "ttl" if triples else fmt
        if isinstance(answer, ox.QueryBoolean):
            return b"true\n" if bool(answer) else b"false\n"
        if not triples:
            return table(answer).encode("utf-8")
    if fmt not in formats:
        kind = "a CONSTRUCT or DESCRIBE query gives triples" if triples else \
            "a SELECT or ASK query gives results"
        raise VngregError(f"{kind}, which {fmt} cannot hold", None,
                          f"use --format table or one of {', '.join(formats)}",
                          exit_code=EXIT_USAGE)
    if triples:
        prefixes = dict(sorted(PREFIXES.items()))
        data = ox.serialize(sorted(answer, key=str), format=formats[fmt].oxigraph,
                            prefixes=prefixes)
        return _with_newline(data)
    return _with_newline(answer.serialize(format=formats[fmt].oxigraph))


def answer(out: Path, query: str, fmt: str = "table") -> bytes:
    """The whole job of `vngreg query`: load out/, run the query, render the answer."""
    return render(run(load_built(out).store, query), fmt)


def solution_rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """The variables' names, and a row of values as in CSV (IRIs, plain text) a solution."""
    with _query_errors():
        return ([variable.value for variable in solutions.variables],
                [[cell(solution[variable]) for variable in solutions.variables]
                 for solution in solutions])


def table(solutions: ox.QuerySolutions) -> str:
    """Solutions as aligned text: one column a variable."""
    header, rows = solution_rows(solutions)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(values: list[str]) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths)).rstrip()

    lines = [line(header), line(["-" * width for width in widths]), *map(line, rows)]
    return "".join(text + "\n" for text in lines)


def cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return " ".join(str(term.value).split()) if isinstance(term, ox.Literal) else str(term.value)


def _with_newline(data: bytes) -> bytes:
    return data if data.endswith(b"\n") else data + b"\n"


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
