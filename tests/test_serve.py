"""`vngreg serve`, started as its own process on 127.0.0.1 over a fresh build and asked by real HTTP
requests (redirects not followed): the rules of deploy/nginx.conf (tests/test_nginx.py's own tests
run here too) with q-values weighed, no path out of out/, and the SPARQL 1.1 Protocol at /sparql,
driven by a standard client (SPARQLWrapper) for every example query in docs/queries/."""

from __future__ import annotations

import csv
from http.client import HTTPConnection
import io
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.conftest import ROOT
# The very tests deploy/nginx.conf passes, run here against `vngreg serve` (this module's `http`).
from tests.test_nginx import (  # noqa: F401
    BROWSER_ACCEPT, test_every_document_is_served_in_each_format,
    test_every_thing_answers_303_to_its_document, test_one_document_iri_serves_html_turtle_and_jsonld_by_accept,
    test_relative_links_resolve_on_a_negotiated_document, test_the_ontology_is_negotiated_too,
    test_the_site_and_the_register_files_are_served, test_the_three_answers_carry_the_same_triples)
from vngreg.errors import EXIT_TOOL
from vngreg.source.load import load_register

BASE = load_register(ROOT / "source").settings.base_iri
PREFIX = urlsplit(BASE).path  # /gemeentelijke-standaarden/
QUERIES = sorted((ROOT / "docs" / "queries").glob("*.rq"))
START_SECONDS = 30
SERVING = re.compile(r"serving .* at (http://127\.0\.0\.1:\d+)/")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


@contextmanager
def serving(out: Path, log: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`vngreg serve` on a free port of 127.0.0.1 (the system picks it: --port 0); yields its base
    URL and process, and stops it as Ctrl-C does."""
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "vngreg", "serve", "--out", str(out),
                                    "--port", "0", *args], stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not (found := SERVING.search(log.read_text(encoding="utf-8"))):
            assert process.poll() is None, f"vngreg serve stopped: {log.read_text()}"
            assert time.monotonic() < deadline, f"vngreg serve did not start: {log.read_text()}"
            time.sleep(0.05)
        yield found[1], process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    with serving(built, tmp_path_factory.mktemp("serve") / "serve.log") as (url, _):
        yield url


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server, follow_redirects=False, trust_env=False,
                      timeout=30) as client:
        yield client


def raw_get(server: str, path: str, *headers: tuple[str, str]) -> int:
    """The status of a GET of exactly this path and these headers: no client tidies them first."""
    where = urlsplit(server)
    connection = HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


# --- out/ as nginx serves it ---------------------------------------------------------------------

def test_a_document_is_negotiated_and_q_values_are_weighed(http, built):
    doc = PREFIX + "doc/standaard/haven"
    site = built / "site" / "doc" / "standaard"
    html, turtle, jsonld = (("text/html; charset=utf-8", "haven.html"),
                            ("text/turtle; charset=utf-8", "haven.ttl"),
                            ("application/ld+json", "haven.jsonld"))
    cases = [("text/html", html), (BROWSER_ACCEPT, html), ("*/*", html), ("", html),
             ("text/*", html), ("application/rdf+xml", html),  # nothing of ours named: HTML
             ("text/turtle", turtle), ("application/ld+json", jsonld), ("application/json", jsonld),
             ("text/turtle;q=1.0, application/rdf+xml;q=0.9, */*;q=0.1", turtle),
             ("application/ld+json, text/turtle;q=0.5", jsonld),
             ("text/turtle, application/ld+json", turtle),  # a tie: the first listed
             # Where nginx takes the first listed, the q-values decide here:
             ("text/turtle;q=0.5, application/ld+json", jsonld),
             ("text/html;q=0.1, text/turtle;q=0.8, application/ld+json;q=0.9", jsonld),
             ("text/html;q=0, */*;q=0.5", turtle),
             ("text/*;q=0.3, text/turtle;q=0.9, application/*;q=0.5", turtle)]
    for accept, (content_type, name) in cases:
        response = http.get(doc, headers={"Accept": accept})
        assert response.status_code == 200, accept
        assert response.headers["content-type"] == content_type, accept
        assert response.content == (site / name).read_bytes(), accept
        assert response.headers["vary"] == "Accept", accept
    refused = http.get(doc, headers={"Accept": "text/html;q=0, text/turtle;q=0, application/*;q=0"})
    assert refused.status_code == 406 and refused.headers["vary"] == "Accept"
    ontology = http.get(PREFIX + "def/gs", headers={"Accept": "text/turtle"})
    assert ontology.headers["content-type"] == "text/turtle; charset=utf-8"
    assert (URIRef(BASE + "def/gs"), None, None) in Graph().parse(data=ontology.text,
                                                                  format="turtle")


def test_the_site_and_the_register_files_with_nginx_media_types(http, built):
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    types = re.search(r"\btypes \{(.*?)\}", nginx, re.S)[1]
    with_charset = set(re.search(r"charset_types ([^;]*);", nginx)[1].split())
    media = {f".{ext}": media for media, ext in re.findall(r"([\w/+.-]+)\s+(\w+);", types)}
    files = {p.suffix: p for p in sorted(built.rglob("*"), reverse=True) if p.is_file()}
    checked = [(files[suffix], media_type) for suffix, media_type in media.items()
               if suffix in files]
    assert len(checked) >= 8  # html, css, ttl, jsonld, nt, nq, trig, rdf at least
    for path, media_type in checked:
        response = http.get(PREFIX + str(path.relative_to(built)).removeprefix("site/"))
        assert response.status_code == 200, path
        assert response.headers["content-type"] == (
            f"{media_type}; charset=utf-8" if media_type in with_charset else media_type), path
        assert response.content == path.read_bytes(), path
    assert http.get(PREFIX.rstrip("/")).headers["location"] == PREFIX
    assert http.get("/").headers["location"] == PREFIX
    index = http.get(PREFIX)
    assert index.status_code == 200 and index.content == (built / "site/index.html").read_bytes()
    assert http.get(PREFIX + "catalog.ttl").content == (built / "catalog.ttl").read_bytes()


def test_what_is_not_there_is_404_and_only_reading_is_allowed(http):
    # As nginx (test_nginx.py's test_what_is_not_there_is_404), but / leads to the register.
    assert http.get(PREFIX + "doc/standaard/bestaat-niet").status_code == 404
    assert http.get("/elders.ttl").status_code == 404
    assert http.get(PREFIX + "shapes/").status_code == 404  # no listing of folders
    for method in ("POST", "PUT", "DELETE"):
        refused = http.request(method, PREFIX + "register.ttl", content=b"x")
        assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD", method
    head = http.head(PREFIX + "register.ttl")
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"])


def test_no_path_leads_out_of_out(server, built):
    assert (built / "site" / "doc").is_dir()
    inside = PREFIX + "doc/../register.ttl"  # resolved as nginx does, and still inside
    assert raw_get(server, inside) == 200
    for path in (PREFIX + "../../../etc/passwd", PREFIX + "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                 PREFIX + "%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/../etc/passwd",
                 PREFIX + "..%5c..%5cetc%5cpasswd", PREFIX + "register.ttl%00.html"):
        assert raw_get(server, path) in (400, 404), path


def test_symbolic_links_out_of_out_are_not_followed(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    (tmp_path / "secret.txt").write_text("not to be served", encoding="utf-8")
    (out / "site" / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (out / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (out / "site" / "also-register.ttl").symlink_to(out / "register.ttl")
    with serving(out, tmp_path / "serve.log") as (url, _):
        assert raw_get(url, PREFIX + "secret.txt") == 404
        assert raw_get(url, PREFIX + "elsewhere/secret.txt") == 404
        assert raw_get(url, PREFIX + "also-register.ttl") == 200  # a link inside out/ is fine


# --- SPARQL 1.1 Protocol -------------------------------------------------------------------------

def client(server: str, query: str, return_format: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    return sparql


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_every_example_query_answers_its_expected_file(rq, server):
    text, expected = rq.read_text(encoding="utf-8"), rq.with_suffix(".csv").read_bytes()
    assert client(server, text, CSV).query().convert() == expected  # GET, byte for byte
    posted = client(server, text, JSON)
    posted.setMethod(POST)  # the form
    answer = posted.query().convert()
    header, *table = rows(expected.decode("utf-8"))
    assert answer["head"]["vars"] == header
    assert [[b.get(v, {}).get("value", "") for v in header]
            for b in answer["results"]["bindings"]] == table
    direct = client(server, text, CSV)
    direct.setMethod(POST)
    direct.setRequestMethod(POSTDIRECTLY)  # application/sparql-query
    assert direct.query().convert() == expected


def test_results_in_every_format_by_accept(http):
    # The seed's table: 13 standards, two of them "Verplicht".
    count = ("PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>\n"
             "SELECT (COUNT(?s) AS ?standaarden) { ?s a gs:GemeentelijkeStandaard }")
    answers = {accept: http.get("/sparql", params={"query": count}, headers={"Accept": accept})
               for accept in ("application/sparql-results+json", "application/sparql-results+xml",
                              "text/csv", "text/tab-separated-values", "*/*", "")}
    for accept, response in answers.items():
        assert response.status_code == 200, accept
    assert json.loads(answers["*/*"].content) == json.loads(answers[""].content) == json.loads(
        answers["application/sparql-results+json"].content)
    assert answers[""].headers["content-type"] == "application/sparql-results+json"
    assert json.loads(answers[""].content)["results"]["bindings"][0]["standaarden"]["value"] == "13"
    xml = ET.fromstring(answers["application/sparql-results+xml"].content)
    assert answers["application/sparql-results+xml"].headers["content-type"] == \
        "application/sparql-results+xml"
    assert xml.find(f".//{RESULTS}binding[@name='standaarden']/{RESULTS}literal").text == "13"
    assert answers["text/csv"].content == b"standaarden\r\n13\r\n"
    assert answers["text/csv"].headers["content-type"] == "text/csv; charset=utf-8"
    # TSV results hold terms in Turtle syntax: an xsd:integer as the bare number.
    assert answers["text/tab-separated-values"].content == b"?standaarden\n13\n"
    verplicht = http.get("/sparql", headers={"Accept": "text/csv;q=0.5, application/json"}, params={
        "query": "ASK { ?s ?p \"Verplicht\"@nl }"})
    assert verplicht.json() == {"head": {}, "boolean": True}
    assert http.get("/sparql", params={"query": count},
                    headers={"Accept": "image/png"}).status_code == 406


def test_construct_and_describe_by_accept(http, server, graph):
    construct = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + BASE + "id/dataset/"
                 "gemeentelijke-standaarden> { ?s ?p ?o FILTER(?s = <" + BASE + "id/standaard/haven>) } }")
    haven = Graph()
    for triple in graph.triples((URIRef(BASE + "id/standaard/haven"), None, None)):
        haven.add(triple)
    assert len(haven) > 5
    for accept, media_type, rdflib_format in (
            ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
            ("application/n-triples", "application/n-triples; charset=utf-8", "nt"),
            ("application/ld+json", "application/ld+json", "json-ld"),
            ("application/rdf+xml", "application/rdf+xml", "xml")):
        response = http.get("/sparql", params={"query": construct}, headers={"Accept": accept})
        assert response.headers["content-type"] == media_type, accept
        assert isomorphic(Graph().parse(data=response.text, format=rdflib_format), haven), accept
    for return_format, rdflib_format in ((TURTLE, "turtle"), (JSONLD, "json-ld")):
        raw = client(server, construct, return_format).query().response.read()
        assert isomorphic(Graph().parse(data=raw, format=rdflib_format), haven), return_format
    describe = http.get("/sparql", params={"query": f"DESCRIBE <{BASE}id/standaard/haven>"},
                        headers={"Accept": "text/turtle"})
    assert set(haven) <= set(Graph().parse(data=describe.text, format="turtle"))


def test_the_protocols_graph_parameters(http, built):
    catalogue = Graph().parse(built / "catalog.ttl", format="turtle")
    count = http.get("/sparql", headers={"Accept": "text/csv"}, params={
        "query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": f"{BASE}catalog.ttl"})
    assert count.content == f"n\r\n{len(catalogue)}\r\n".encode()
    graphs = http.post("/sparql", headers={"Accept": "text/csv"}, data={
        "query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": f"{BASE}provenance.ttl"})
    assert graphs.content == f"g\r\n{BASE}provenance.ttl\r\n".encode()


def test_updates_are_refused(http, server):
    update = client(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", JSON)
    update.setMethod(POST)
    assert update.isSparqlUpdateRequest()
    with pytest.raises(QueryBadFormed, match="updates are not supported"):
        update.query()
    for response in (
            http.post("/sparql", content=b"CLEAR ALL",
                      headers={"Content-Type": "application/sparql-update"}),
            http.post("/sparql", data={"update": "CLEAR ALL"}),
            http.get("/sparql", params={"query": "DROP GRAPH <urn:g>"})):
        assert response.status_code == 400 and "updates are not supported" in response.text
    assert http.put("/sparql", content=b"").status_code == 405
    assert http.post("/sparql", content=b"ASK {}",
                     headers={"Content-Type": "text/plain"}).status_code == 415
    still = http.get("/sparql", params={"query": "ASK { <urn:a> ?p ?o }"},
                     headers={"Accept": "application/json"})
    assert still.json()["boolean"] is False
    bad = http.get("/sparql", params={"query": "SELECT ?s { ?s a nope:X }"})
    assert bad.status_code == 400 and "'nope:'" in bad.text


def test_what_would_reach_elsewhere_or_cannot_be_read_is_400(http, server):
    service = http.get("/sparql", params={
        "query": f"SELECT * {{ SERVICE <{server}/sparql> {{ ?s ?p ?o }} }}"})
    assert service.status_code == 400 and "SERVICE is not supported" in service.text
    for params in ({"query": "ASK {}", "default-graph-uri": "not an IRI"},
                   {"query": "ASK {}", "named-graph-uri": "<>"},
                   {"query": ["ASK {}", "ASK {}"]}):
        assert http.get("/sparql", params=params).status_code == 400, params
    assert raw_get(server, "/sparql", ("Content-Length", "nope")) == 400
    assert http.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True  # still up


def test_the_query_form(http):
    form = http.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert form.status_code == 200 and form.headers["content-type"] == "text/html; charset=utf-8"
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(form.text)
    assert page.find(".//form[@action='/sparql']/p/textarea[@name='query']") is not None
    asked = http.get("/sparql", headers={"Accept": BROWSER_ACCEPT}, params={"query": (
        "PREFIX dct: <http://purl.org/dc/terms/>\n"
        f"SELECT ?titel {{ <{BASE}id/standaard/haven> dct:title ?titel }}")})
    answer = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(asked.text)
    assert [td.text for td in answer.iterfind(".//table/tbody/tr/td")] == ["Haven"]
    chosen = http.get("/sparql", headers={"Accept": BROWSER_ACCEPT},
                      params={"query": "SELECT ?x { BIND(1 AS ?x) }", "format": "csv"})
    assert chosen.content == b"x\r\n1\r\n"
    wrong = http.get("/sparql", headers={"Accept": BROWSER_ACCEPT}, params={"query": "SELECT"})
    assert wrong.status_code == 400 and "not valid SPARQL" in wrong.text and "<form" in wrong.text


# --- starting and stopping ----------------------------------------------------------------------

def test_ctrl_c_stops_it_cleanly(built, tmp_path):
    log = tmp_path / "serve.log"
    with serving(built, log) as (url, process):
        assert httpx.get(f"{url}{PREFIX}", trust_env=False).status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and text.rstrip().endswith("stopped")


def test_a_port_in_use_is_one_line_and_exit_3(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "vngreg", "serve", "--out", str(built),
                               "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_TOOL
    assert done.stderr.splitlines() == [
        f"error: port {port} on 127.0.0.1 is in use (fix: choose another with --port, or stop "
        "what listens there)"]


def test_without_a_build_it_says_to_build(tmp_path):
    done = subprocess.run([sys.executable, "-m", "vngreg", "serve", "--out", str(tmp_path / "out"),
                           "--port", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "vngreg build" in done.stderr
    assert len(done.stderr.splitlines()) == 1
