"""The example queries in docs/queries/: each answers, over a fresh build, what the seed text says
(the expected .csv beside it was checked by hand against the seed and source/), in process byte for
byte as `vngreg query --format csv` writes it, and from a published store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.oxigraph_server import oxigraph
from vngreg import publish, query

QUERIES = sorted((ROOT / "docs" / "queries").glob("*.rq"))
DATASET = "https://data.vng.nl/gemeentelijke-standaarden/id/dataset/gemeentelijke-standaarden"


def rows(text: str) -> list[list[str]]:
    """A CSV table as rows (RFC 4180: CRLF line ends, quotes where needed)."""
    return list(csv.reader(io.StringIO(text, newline="")))


def expected(rq: Path) -> list[list[str]]:
    return rows(rq.with_suffix(".csv").read_text(encoding="utf-8"))


def shown(table: list[list[str]]) -> str:
    return "\n".join(" | ".join(row) for row in table)


def test_there_are_at_least_eight_examples_each_with_its_answer_and_a_header():
    assert len(QUERIES) >= 8
    for rq in QUERIES:
        assert rq.with_suffix(".csv").is_file(), f"{rq.name} has no expected answer beside it"
        header = rq.read_text(encoding="utf-8").splitlines()[:2]
        assert all(line.startswith("# ") for line in header), f"{rq.name} says not what it answers"


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_example_answers_as_the_seed_says(rq, built):
    written = query.answer(built, rq.read_text(encoding="utf-8"), "csv")
    got, want = rows(written.decode("utf-8")), expected(rq)
    assert got == want, f"{rq.name}\n--- expected\n{shown(want)}\n--- got\n{shown(got)}"
    assert written == rq.with_suffix(".csv").read_bytes(), f"{rq.name}: same rows, other bytes"


@pytest.fixture(scope="module")
def published(built, tmp_path_factory) -> str:
    """An Oxigraph server holding the built register in its named graph; its base URL."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph-examples") / "db") as base:
        target = publish.Target(f"{base}/store", f"{base}/query", DATASET)
        publish.publish(publish.read_upload(built), target, publish.Patience(10, 1, 0))
        yield base


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_example_answers_the_same_from_the_published_store(rq, published):
    # The register's graph as the default graph, by the SPARQL 1.1 Protocol's default-graph-uri.
    response = httpx.post(f"{published}/query", timeout=10, headers={"Accept": "text/csv"},
                          data={"query": rq.read_text(encoding="utf-8"),
                                "default-graph-uri": DATASET})
    response.raise_for_status()
    assert rows(response.text) == expected(rq)
