"""Publishing: the built register into a real Oxigraph server over the Graph Store Protocol, and
one clear line for each way a store can fail (real servers on 127.0.0.1, no mocks)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.oxigraph_server import answering, free_port, oxigraph, silent
from vngreg import publish
from vngreg.cli import main
from vngreg.errors import EXIT_DATA, EXIT_TOOL, EXIT_USAGE, VngregError

DATASET = "https://data.vng.nl/gemeentelijke-standaarden/id/dataset/gemeentelijke-standaarden"
FAST = ["--tries", "3", "--backoff", "0", "--timeout", "5"]
SECRET = "s3cret-Pa55word"
ASKED = (200, json.dumps({"head": {}, "boolean": True}))  # the query endpoint, before the upload


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """A fresh Oxigraph server for this module; its base URL."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph") / "db") as base:
        yield base


def sparql(base: str, query: str) -> list[dict]:
    response = httpx.post(f"{base}/query", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=10)
    response.raise_for_status()
    return response.json()["results"]["bindings"]


def triples(parsed) -> set[ox.Triple]:
    """Triples, whether the parser gave triples or quads in the default graph."""
    return {ox.Triple(t.subject, t.predicate, t.object) for t in parsed}


def graph_triples(base: str, graph: str) -> set[ox.Triple]:
    """The graph's triples as the store gives them over HTTP."""
    response = httpx.post(f"{base}/query", timeout=10, headers={"Accept": "application/n-triples"},
                          data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                         "{ ?s ?p ?o } }"})
    response.raise_for_status()
    return triples(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))


def file_triples(path: Path) -> set[ox.Triple]:
    return triples(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def one_line_error(result) -> str:
    """The CLI's failure output: one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# --- against a real Oxigraph server ---------------------------------------------------------------

def test_build_then_publish_leaves_exactly_the_register_in_its_graph(store, tmp_path):
    out = tmp_path / "out"
    vngreg = [sys.executable, "-m", "vngreg"]
    subprocess.run([*vngreg, "build", "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    done = subprocess.run([*vngreg, "publish", "--endpoint", f"{store}/store", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ours = file_triples(out / "register.nt")
    assert f"published {len(ours)} triples" in done.stdout and f"<{DATASET}>" in done.stdout
    assert graph_triples(store, DATASET) == ours
    graphs = {row["g"]["value"] for row in sparql(store, "SELECT DISTINCT ?g { GRAPH ?g {} }")}
    assert DATASET in graphs
    # Nothing lands in the default graph.
    assert sparql(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]["value"] == "0"


def test_publishing_a_changed_register_leaves_none_of_the_old_triples(store, built, tmp_path):
    graph = "https://example.org/graph/changed"
    original = file_triples(built / "register.nt")
    assert run("publish", "--endpoint", f"{store}/store", "--graph", graph, "--out",
               str(built), *FAST).exit_code == 0
    assert graph_triples(store, graph) == original

    # The changed register: GIBIT renamed, Haven gone, everything else as it was.
    gibit = ox.NamedNode("https://data.vng.nl/gemeentelijke-standaarden/id/standaard/gibit")
    haven = ox.NamedNode("https://data.vng.nl/gemeentelijke-standaarden/id/standaard/haven")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    renamed = ox.Triple(gibit, title, ox.Literal("GIBIT 2.0", language="nl"))
    changed = {t for t in original
               if t.subject != haven and not (t.subject == gibit and t.predicate == title)}
    changed.add(renamed)
    out = tmp_path / "changed"
    out.mkdir()
    (out / "register.nt").write_bytes(ox.serialize(sorted(changed, key=str),
                                                   format=ox.RdfFormat.N_TRIPLES))

    result = run("publish", "--endpoint", f"{store}/store", "--graph", graph, "--out", str(out),
                 *FAST)
    assert result.exit_code == 0, result.output
    held = graph_triples(store, graph)
    assert held == changed
    assert not (original - changed) & held
    assert not any(t.subject == haven for t in held)
    assert f"holds exactly {len(changed)}" in result.stdout


def test_publishing_leaves_other_graphs_alone(store, built):
    other = "https://example.org/graph/other"
    httpx.put(f"{store}/store", params={"graph": other}, timeout=10,
              headers={"Content-Type": "application/n-triples"},
              content=b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
              ).raise_for_status()
    result = run("publish", "--endpoint", f"{store}/store", "--graph",
                 "https://example.org/graph/mine", "--out", str(built), *FAST)
    assert result.exit_code == 0, result.output
    assert len(graph_triples(store, other)) == 1


def test_a_query_endpoint_that_is_not_sparql_is_a_clear_error(store, built):
    result = run("publish", "--endpoint", f"{store}/store", "--query-endpoint", f"{store}/store",
                 "--graph", "https://example.org/graph/q", "--out", str(built), *FAST)
    assert result.exit_code == EXIT_USAGE
    line = one_line_error(result)
    assert f"{store}/store" in line and "HTTP 415" in line and "--query-endpoint" in line
    assert "before the upload" in line
    assert graph_triples(store, "https://example.org/graph/q") == set()  # nothing was uploaded


# --- stores that fail -----------------------------------------------------------------------------

def test_an_unreachable_store_is_one_line_and_exit_3(built):
    base = f"http://127.0.0.1:{free_port()}"
    result = run("publish", "--endpoint", f"{base}/store", "--out", str(built), *FAST)
    assert result.exit_code == EXIT_TOOL
    line = one_line_error(result)
    assert "cannot reach the store at" in line and f"{base}/query" in line and "3 tries" in line
    assert "Traceback" not in result.output


def test_a_store_that_never_answers_times_out(built):
    with silent() as base:
        result = run("publish", "--endpoint", f"{base}/store", "--out", str(built),
                     "--tries", "1", "--timeout", "0.2")
    assert result.exit_code == EXIT_TOOL
    line = one_line_error(result)
    assert ("did not answer the request to check the query endpoint before the upload within "
            "0.2 s (1 try)") in line


def test_a_5xx_is_tried_a_bounded_number_of_times_then_exit_3(built):
    with answering(ASKED, (500, "Internal Server Error: disk full")) as server:
        result = run("publish", "--endpoint", f"{server.url}/store", "--out", str(built), *FAST)
    assert result.exit_code == EXIT_TOOL
    line = one_line_error(result)
    assert "HTTP 500" in line and "disk full" in line and "3 tries" in line
    assert [method for method, *_ in server.requests] == ["POST"] + ["PUT"] * 3


def test_a_5xx_then_success_publishes_with_one_put_that_counts(built):
    triples = len(file_triples(built / "register.nt"))
    count = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": str(triples)}}]}})
    with answering(ASKED, (503, "busy"), (204, ""), (200, count)) as server:
        result = run("publish", "--endpoint", f"{server.url}/store", "--out", str(built), *FAST)
    assert result.exit_code == 0, result.output
    (m0, _, _, asked), (m1, _, _, _), (m2, path, _, body), (m3, query_path, _, query) = server.requests
    assert (m0, m1, m2, m3) == ("POST", "PUT", "PUT", "POST")
    assert parse_qs(asked.decode())["query"] == ["ASK {}"]
    # One request carries the whole graph: the store swaps it in one go.
    assert body == (built / "register.nt").read_bytes()
    assert parse_qs(urlsplit(path).query) == {"graph": [DATASET]}
    assert urlsplit(query_path).path == "/query"
    assert "COUNT" in parse_qs(query.decode())["query"][0]


def test_a_store_holding_other_than_we_sent_is_an_error(built):
    count = json.dumps({"results": {"bindings": [{"n": {"value": "5"}}]}})
    with answering(ASKED, (204, ""), (200, count)) as server:
        result = run("publish", "--endpoint", f"{server.url}/store", "--out", str(built), *FAST)
    assert result.exit_code == EXIT_TOOL
    assert "holds 5 triples" in one_line_error(result)


def test_a_failed_login_is_exit_2_and_never_shows_the_password(built):
    with answering((401, "Unauthorized")) as server:
        result = run("publish", "--endpoint", f"{server.url}/store", "--out", str(built), *FAST,
                     "--auth", "basic", env={"VNGREG_USER": "steward", "VNGREG_PASSWORD": SECRET})
    assert result.exit_code == EXIT_USAGE
    line = one_line_error(result)
    assert "refused the login" in line and "VNGREG_USER" in line
    assert SECRET not in result.output
    assert len(server.requests) == 1  # a 4xx is not tried again
    expected = base64.b64encode(f"steward:{SECRET}".encode()).decode()
    assert server.requests[0][2] == f"Basic {expected}"


def test_a_login_in_the_url_is_refused_unsent_and_never_shown(built):
    with answering((500, "no")) as server:
        url = server.url.replace("http://", f"http://steward:{SECRET}@") + "/store"
        result = run("publish", "--endpoint", url, "--out", str(built), "--tries", "1")
    assert result.exit_code == EXIT_USAGE
    assert "holds a login" in one_line_error(result) and "VNGREG_PASSWORD" in result.stderr
    assert SECRET not in result.output and "steward" not in result.output
    assert server.requests == []


def test_a_wrong_endpoint_404_is_exit_2(built):
    with answering((404, "Not Found")) as server:
        result = run("publish", "--endpoint", f"{server.url}/store", "--out", str(built), *FAST)
    assert result.exit_code == EXIT_USAGE
    assert "HTTP 404" in one_line_error(result)
    assert len(server.requests) == 1


def test_a_rejected_upload_400_is_a_data_problem(built):
    with answering(ASKED, (400, "Parser error at line 3")) as server:
        result = run("publish", "--endpoint", f"{server.url}/store", "--out", str(built), *FAST)
    assert result.exit_code == EXIT_DATA
    assert "rejected" in one_line_error(result) and "Parser error at line 3" in result.stderr


# --- set-up ---------------------------------------------------------------------------------------

def test_the_default_graph_is_the_dataset_iri():
    assert publish.dataset_graph(ROOT / "source") == DATASET


@pytest.mark.parametrize("store_url, query_url", [
    ("http://localhost:7878/store", "http://localhost:7878/query"),
    ("http://localhost:3030/register/data", "http://localhost:3030/register/sparql"),
    ("http://localhost:7200/repositories/register/rdf-graphs/service",
     "http://localhost:7200/repositories/register"),
    ("http://localhost:8890/sparql-graph-crud-auth", "http://localhost:8890/sparql"),
])
def test_the_query_endpoint_beside_each_store(store_url, query_url):
    assert publish.query_endpoint_for(store_url) == query_url


def test_an_unknown_store_needs_a_query_endpoint():
    with pytest.raises(VngregError, match="--query-endpoint") as raised:
        publish.query_endpoint_for("http://localhost:9999/upload")
    assert raised.value.exit_code == EXIT_USAGE


def test_half_a_login_is_a_usage_error(built):
    result = run("publish", "--endpoint", "http://127.0.0.1:9/store", "--out", str(built),
                 env={"VNGREG_USER": "steward", "VNGREG_PASSWORD": None})
    assert result.exit_code == EXIT_USAGE
    assert "VNGREG_PASSWORD is not set" in one_line_error(result)


def test_publish_without_a_build_is_a_usage_error(tmp_path):
    result = run("publish", "--endpoint", "http://127.0.0.1:9/store", "--out", str(tmp_path))
    assert result.exit_code == EXIT_USAGE
    assert "vngreg build" in one_line_error(result)
