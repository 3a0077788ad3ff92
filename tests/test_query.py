"""`vngreg query`: SPARQL over the built output in process, as a table, SPARQL CSV or SPARQL JSON;
a bad query is one line and exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from tests.conftest import ROOT
from tests.oxigraph_server import free_port
from vngreg.cli import main
from vngreg.errors import EXIT_USAGE

GS = "https://data.vng.nl/gemeentelijke-standaarden/def/gs#"
BASE = "https://data.vng.nl/gemeentelijke-standaarden/"
DATASET = f"{BASE}id/dataset/gemeentelijke-standaarden"
DCAT = "http://www.w3.org/ns/dcat#"
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
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        written = run(construct, "--out", str(built), "--format", fmt)
        assert written.exit_code == 0, written.output
        assert set(Graph().parse(data=written.stdout, format=rdflib_format)) == set(graph), fmt


def test_each_file_is_its_named_graph_and_their_union_the_default_graph(built):
    # Read back by rdflib, not by the store under test.
    files = {DATASET: Graph().parse(built / "register.nt", format="nt"),
             f"{BASE}catalog.ttl": Graph().parse(built / "catalog.ttl", format="turtle"),
             f"{BASE}provenance.ttl": Graph().parse(built / "provenance.ttl", format="turtle"),
             f"{BASE}koppelingen.ttl": Graph().parse(built / "koppelingen.ttl", format="turtle")}
    graphs = run("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                 "--out", str(built), "--format", "csv")
    assert rows(graphs) == [["g", "n"], *sorted([iri, str(len(g))] for iri, g in files.items())]
    union = set().union(*(set(g) for g in files.values()))
    assert len(union) < sum(map(len, files.values()))  # the catalogue repeats register triples
    plain = run("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--out", str(built), "--format", "csv")
    assert plain.stdout_bytes == f"n\r\n{len(union)}\r\n".encode()
    catalogue = run(f"SELECT ?c {{ GRAPH <{BASE}catalog.ttl> {{ ?c a <{DCAT}Catalog> }} }}",
                    "--out", str(built), "--format", "csv")
    assert rows(catalogue) == [["c"], [f"{BASE}id/catalogus/gemeentelijke-standaarden"]]


def rows(result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout, newline="")))


def test_select_star_keeps_the_order_the_query_names_its_variables_in(built):
    # pyoxigraph would sort them: level, standard, title.
    star = (f"SELECT * {{ ?title ^<http://purl.org/dc/terms/title> ?standard . "
            f"?standard <{GS}vaststelling>/<{GS}verbindendheid> ?level }} ORDER BY ?title LIMIT 1")
    for query in (star, star.replace("SELECT *", "SELECT DISTINCT *")):
        got = run(query, "--out", str(built), "--format", "csv")
        assert rows(got)[0] == ["title", "standard", "level"], query
        assert json.loads(run(query, "--out", str(built), "--format", "json").stdout)[
            "head"]["vars"] == ["title", "standard", "level"]
        assert run(query, "--out", str(built)).stdout.split()[:3] == ["title", "standard", "level"]
    named = run("SELECT ?z ?a { BIND(1 AS ?a) BIND(2 AS ?z) }", "--out", str(built), "--format", "csv")
    assert rows(named) == [["z", "a"], ["2", "1"]]


def test_csv_is_rfc_4180(built):
    # CRLF after every record; a field with a comma, a quote or a line break in quotes, its
    # quotes doubled (RFC 4180, section 2).
    result = run('SELECT ?plain ?hard { BIND("a b" AS ?plain) BIND("x, \\"y\\"\\nz" AS ?hard) }',
                 "--out", str(built), "--format", "csv")
    assert result.stdout_bytes == b'plain,hard\r\na b,"x, ""y""\nz"\r\n'


def test_an_update_is_refused_in_one_line(built):
    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                   "PREFIX gs: <urn:x#>\n# a comment with SELECT\nDELETE WHERE { ?s gs:p ?o }",
                   "CLEAR ALL", "LOAD <http://127.0.0.1:1/x.ttl>", "DROP GRAPH <urn:g>"):
        result = run(update, "--out", str(built))
        assert result.exit_code == EXIT_USAGE, update
        assert "updates are not supported" in one_line_error(result), update


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


def test_an_undeclared_prefix_is_named_with_the_known_ones(built):
    result = run("SELECT ?s WHERE { ?s a nope:Thing }", "--out", str(built))
    assert result.exit_code == EXIT_USAGE
    line = one_line_error(result)
    assert "'nope:'" in line and "PREFIX nope: <...>" in line
    assert "adms, dcat, dct, foaf, gs, org, owl, prov, rdf, rdfs, schema" in line
    # A prefix of our files that the query forgot: its declaration, ready to paste.
    forgot = run("PREFIX dct: <http://purl.org/dc/terms/>\n"
                 "SELECT ?c { _:x dct:title ?t . ?c a dcat:Catalog }", "--out", str(built))
    assert forgot.exit_code == EXIT_USAGE
    assert "'dcat:'" in (line := one_line_error(forgot))
    assert "PREFIX dcat: <http://www.w3.org/ns/dcat#>" in line and "'dct:'" not in line


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
