"""`vngreg query`: SPARQL over the built output in process, as a table, SPARQL CSV or SPARQL JSON;
a bad query is one line and exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from tests.conftest import ROOT
from tests.oxigraph_server import free_port
from vngreg.cli import main
from vngreg.errors import EXIT_USAGE

GS = "https://data.vng.nl/gemeentelijke-standaarden/def/gs#"
DATASET = "https://data.vng.nl/gemeentelijke-standaarden/id/dataset/gemeentelijke-standaarden"
LEVELS = f"""
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?niveau ?volgorde WHERE {{ ?n a <{GS}Verbindendheidsniveau> ; dct:identifier ?niveau ;
                                      schema:position ?volgorde }}
ORDER BY ?volgorde
"""


def run(*args: str):
    return CliRunner().invoke(main, ["query", *args])


def one_line_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_table_is_aligned_text(built):
    result = run(LEVELS, "--out", str(built))
    assert result.exit_code == 0, result.output
    # The three levels of the seed text, in its order.
    assert result.stdout == ("niveau              volgorde\n"
                             "------------------  --------\n"
                             "aanbevolen          1\n"
                             "pas-toe-of-leg-uit  2\n"
                             "verplicht           3\n")


def test_csv_is_sparql_csv_results(built):
    result = run(LEVELS, "--out", str(built), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"niveau,volgorde\r\n")
    assert list(csv.reader(io.StringIO(result.stdout, newline=""))) == [
        ["niveau", "volgorde"], ["aanbevolen", "1"], ["pas-toe-of-leg-uit", "2"],
        ["verplicht", "3"]]


def test_json_is_sparql_json_results_with_types(built):
    result = run(f"SELECT ?d WHERE {{ ?v <{GS}geldtVanaf> ?d }} ORDER BY ?d LIMIT 1",
                 "--out", str(built), "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["head"]["vars"] == ["d"]
    # The earliest establishment in the seed: Verwerkersovereenkomst, 1 januari 2019.
    assert answer["results"]["bindings"] == [{"d": {
        "type": "literal", "value": "2019-01-01",
        "datatype": "http://www.w3.org/2001/XMLSchema#date"}}]


def test_ask(built):
    ask = f"ASK {{ ?s <{GS}inBeheerBijTekst> \"VNG / Werkgroep BIO onder regie MinBZK\"@nl }}"
    assert run(ask, "--out", str(built)).stdout == "true\n"
    assert json.loads(run(ask, "--out", str(built), "--format", "json").stdout)["boolean"] is True
    assert run(ask.replace("MinBZK", "MinFin"), "--out", str(built)).stdout == "false\n"


def test_construct_prints_turtle_and_refuses_csv(built):
    construct = (f"CONSTRUCT {{ ?s <{GS}inBeheerBijTekst> ?t }} "
                 f"WHERE {{ ?s <{GS}inBeheerBijTekst> ?t }}")
    result = run(construct, "--out", str(built))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == 13  # the seed's table has 13 standards
    assert (URIRef("https://data.vng.nl/gemeentelijke-standaarden/id/standaard/haven"),
            URIRef(f"{GS}inBeheerBijTekst"), Literal("VNG Realisatie", lang="nl")) in graph
    refused = run(construct, "--out", str(built), "--format", "csv")
    assert refused.exit_code == EXIT_USAGE
    assert "CONSTRUCT" in one_line_error(refused)


def test_the_register_is_in_its_named_graph_and_the_default_graph(built):
    triples = sum(1 for _ in ox.parse(path=str(built / "register.nt"),
                                      format=ox.RdfFormat.N_TRIPLES))
    plain = run("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--out", str(built), "--format", "csv")
    named = run(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{DATASET}> {{ ?s ?p ?o }} }}",
                "--out", str(built), "--format", "csv")
    assert plain.stdout_bytes == named.stdout_bytes == f"n\r\n{triples}\r\n".encode()


def test_a_query_from_a_file_through_the_real_command(built):
    done = subprocess.run([sys.executable, "-m", "vngreg", "query", "--file",
                           "docs/queries/01-verplichte-standaarden.rq", "--out", str(built)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Baseline Informatiebeveiliging Overheid" in done.stdout
    assert "Verwerkersovereenkomst" in done.stdout


def test_a_syntax_error_is_one_line_with_the_parsers_place_and_exit_2(built):
    result = run("SELECT ?s WHERE { ?s ?p }", "--out", str(built))
    assert result.exit_code == EXIT_USAGE
    line = one_line_error(result)
    assert "not valid SPARQL" in line and "1:" in line


def test_an_unknown_prefix_is_exit_2(built):
    result = run("SELECT ?s WHERE { ?s a nope:Thing }", "--out", str(built))
    assert result.exit_code == EXIT_USAGE
    assert "Prefix not found" in one_line_error(result)


def test_one_query_is_needed(built, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("ASK {}", encoding="utf-8")
    assert run("--out", str(built)).exit_code == EXIT_USAGE
    both = run("ASK {}", "--file", str(rq), "--out", str(built))
    assert both.exit_code == EXIT_USAGE and "one query" in one_line_error(both)
    missing = run("--file", str(tmp_path / "missing.rq"), "--out", str(built))
    assert missing.exit_code == EXIT_USAGE and "missing.rq" in one_line_error(missing)


def test_without_a_build_it_says_to_build(tmp_path):
    result = run("ASK {}", "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_USAGE
    assert "vngreg build" in one_line_error(result)


def test_a_query_failing_while_it_runs_is_one_line_and_exit_2(built):
    unreachable = f"http://127.0.0.1:{free_port()}/sparql"
    for fmt in ("table", "csv"):
        result = run(f"SELECT * {{ SERVICE <{unreachable}> {{ ?s ?p ?o }} }}", "--out", str(built),
                     "--format", fmt)
        assert result.exit_code == EXIT_USAGE
        assert "the query failed" in one_line_error(result)
