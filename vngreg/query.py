"""Asking the built register in out/ a SPARQL question, in process: no server needed.

The register is loaded into its named graph (the dataset IRI, as in register.nq) and queried with
that graph as the default graph too, so a query runs the same here as against the published store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from vngreg.errors import EXIT_DATA, EXIT_USAGE, VngregError
from vngreg.namespaces import PREFIXES

FORMATS = ("table", "csv", "json")

# The built files a query can read, best first: N-Quads keep the named graph.
SOURCES = (("register.nq", ox.RdfFormat.N_QUADS), ("register.nt", ox.RdfFormat.N_TRIPLES),
           ("register.ttl", ox.RdfFormat.TURTLE))

RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "json": ox.QueryResultsFormat.JSON}


def load_built(out: Path) -> ox.Store:
    """An in-memory store holding the register built in `out`."""
    for name, rdf_format in SOURCES:
        path = out / name
        if path.is_file():
            store = ox.Store()
            try:
                store.load(path=str(path), format=rdf_format)
            except SyntaxError as e:
                raise VngregError(f"{path} is not valid RDF: {e}", None,
                                  "build again with 'vngreg build'", exit_code=EXIT_DATA) from None
            return store
    raise VngregError(f"there is no built register in {out}/", None,
                      "run 'vngreg build' first, or give --out the folder it wrote",
                      exit_code=EXIT_USAGE)


def read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise VngregError(f"cannot read the query file {path}: {e.__class__.__name__}", None,
                          "give a UTF-8 text file with one SPARQL query",
                          exit_code=EXIT_USAGE) from None


def run(store: ox.Store, query: str):
    """The answer to one SPARQL query: solutions, a boolean or triples (pyoxigraph's types).

    They are computed lazily, while `render` reads them; both turn failures into our error."""
    with _query_errors():
        return store.query(query, use_default_graph_as_union=True)


@contextmanager
def _query_errors() -> Iterator[None]:
    try:
        yield
    except SyntaxError as e:
        raise VngregError(f"the query is not valid SPARQL: {_one_line(e)}", None,
                          "correct the query at the line and column given",
                          exit_code=EXIT_USAGE) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise VngregError(f"the query failed: {_one_line(e)}", None,
                          "check the query; a SERVICE call needs its endpoint to answer",
                          exit_code=EXIT_USAGE) from None


def render(answer, fmt: str) -> bytes:
    """The answer as an aligned text table, SPARQL 1.1 CSV results or SPARQL 1.1 JSON results."""
    with _query_errors():
        return _render(answer, fmt)


def _render(answer, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise VngregError(f"unknown format {fmt!r}", None, f"use one of {', '.join(FORMATS)}",
                          exit_code=EXIT_USAGE)
    if isinstance(answer, ox.QueryTriples):
        if fmt != "table":
            raise VngregError(f"a CONSTRUCT or DESCRIBE query gives triples, which {fmt} cannot "
                              "hold", None, "use --format table, which prints them as Turtle",
                              exit_code=EXIT_USAGE)
        prefixes = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
        return ox.serialize(sorted(answer, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if isinstance(answer, ox.QueryBoolean):
        if fmt == "table":
            return b"true\n" if bool(answer) else b"false\n"
        return _with_newline(answer.serialize(format=RESULT_FORMATS[fmt]))
    if fmt == "table":
        return table(answer).encode("utf-8")
    return _with_newline(answer.serialize(format=RESULT_FORMATS[fmt]))


def answer(out: Path, query: str, fmt: str = "table") -> bytes:
    """The whole job of `vngreg query`: load out/, run the query, render the answer."""
    return render(run(load_built(out), query), fmt)


def table(solutions: ox.QuerySolutions) -> str:
    """Solutions as aligned text: one column a variable, values as in CSV (IRIs, plain text)."""
    header = [variable.value for variable in solutions.variables]
    rows = [[cell(solution[variable]) for variable in solutions.variables]
            for solution in solutions]
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
