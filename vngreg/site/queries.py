"""The SPARQL example queries of docs/queries/ on the site: sparql-voorbeelden.html lists each
NN-name.rq (its opening comment as title and explanation, its text, a download of the file as
sparql/NN-name.rq) with its expected answer NN-name.csv as a table. vngreg ships them as
vngreg/data/queries, a link to docs/queries (see pyproject.toml), so an installed vngreg has them.

The expected answers are those of the VNG register itself: they are shown only for a register
with its base IRI; any other register gets the queries alone, as examples to adapt."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from vngreg import shipped
from vngreg.errors import EXIT_TOOL, Location, VngregError

SHIPPED = shipped.folder("queries")
PAGE = "sparql-voorbeelden"
FOLDER = "sparql"
# The register whose data the expected answers (NN-name.csv) show: source/register.yaml's basis_iri.
ANSWERS_BASE = "https://data.vng.nl/gemeentelijke-standaarden/"


@dataclass(frozen=True)
class Example:
    name: str  # NN-name.rq
    title: str  # the opening comment's first line (Dutch)
    explanation: str  # its other lines, joined (English)
    text: str
    answer: tuple[list[str], list[list[str]]] | None  # (header, rows), when shown


def examples(base_iri: str, folder=SHIPPED) -> list[Example]:
    """The example queries in file name order; with their answers if the register is the VNG's."""
    if not folder.is_dir():  # only a damaged installation, or a copy that lost the link
        raise VngregError("the example SPARQL queries that come with vngreg are missing",
                          Location(str(folder)), "reinstall vngreg (in a checkout, vngreg/data/queries "
                          "is a link to docs/queries: restore it)", exit_code=EXIT_TOOL)
    out = []
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".rq")), key=lambda p: p.name):
        text = path.read_bytes().decode("utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        answer = folder / path.name.replace(".rq", ".csv")
        out.append(Example(path.name, comments[0] if comments else path.name, " ".join(comments[1:]),
                           text, _table(answer.read_bytes()) if base_iri == ANSWERS_BASE and answer.is_file()
                           else None))
    return out


def _table(body: bytes) -> tuple[list[str], list[list[str]]]:
    """SPARQL CSV results (RFC 4180) as a header and rows."""
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    return header, rows


def files(items: list[Example]) -> dict[str, bytes]:
    """The queries as downloads beside the page: sparql/NN-name.rq, the file's bytes."""
    return {f"{FOLDER}/{item.name}": item.text.encode("utf-8") for item in items}
