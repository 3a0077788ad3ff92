"""deploy/nginx.conf, run by Debian's nginx on 127.0.0.1 over a fresh build: a thing's IRI answers
303 See Other to its document, and the document's one IRI serves HTML, Turtle or JSON-LD as the
Accept header asks. Real HTTP requests, redirects not followed."""

from __future__ import annotations

import html.parser
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from tests.conftest import ROOT
from vngreg.source.load import load_register

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = ROOT / "deploy" / "nginx.conf"
BROWSER_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                  "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
BASE = load_register(ROOT / "source").settings.base_iri
PREFIX = urlsplit(BASE).path  # /gemeentelijke-standaarden/


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx.conf should hold `{old}` once"
    return text.replace(old, new)


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """nginx serving the fresh build with deploy/nginx.conf; yields its base URL."""
    assert Path(NGINX).exists(), "Debian's nginx is missing: run tests/setup, which installs it"
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    site = CONF.read_text(encoding="utf-8")
    site = _replace_once(site, "listen 80;", f"listen 127.0.0.1:{port};")
    site = _replace_once(site, "root /srv/vngreg/out;", f"root {built};")
    (tmp / "vngreg.conf").write_text(site, encoding="utf-8")
    temp_paths = "".join(f"    {kind}_temp_path {tmp}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {tmp}/access.log;\n{temp_paths}"
        f"    include {tmp}/vngreg.conf;\n"
        "}\n", encoding="utf-8")
    # One process, as whoever runs the tests (root here): no worker switching to another user.
    proc = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g",
                             f"daemon off; master_process off; pid {tmp}/nginx.pid; "
                             f"error_log {tmp}/error.log;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while True:
        if proc.poll() is not None:
            pytest.fail(f"nginx stopped: {proc.stderr.read().decode()}"
                        f"{(tmp / 'error.log').read_text() if (tmp / 'error.log').exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("nginx did not start listening within 15 s")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server, follow_redirects=False, trust_env=False, timeout=10) as client:
        yield client


def _path(iri: str) -> str:
    assert iri.startswith(BASE)
    return PREFIX + iri[len(BASE):]


def _minted(graph: Graph) -> list[str]:
    return sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef)
                   and str(s).startswith(BASE + "id/")})


def test_the_shipped_config_serves_this_registers_base_iri():
    assert f"location = {PREFIX.rstrip('/')} " in CONF.read_text(encoding="utf-8"), (
        f"basis_iri's path is {PREFIX}: change the prefix in deploy/nginx.conf to match")


def test_every_thing_answers_303_to_its_document(http, graph):
    things = _minted(graph)
    assert len(things) > 40
    for iri in things:
        response = http.get(_path(iri), headers={"Accept": "text/turtle"})
        assert response.status_code == 303, (iri, response.status_code)
        assert response.headers["location"] == _path(iri.replace("/id/", "/doc/", 1))


def test_one_document_iri_serves_html_turtle_and_jsonld_by_accept(http, built):
    doc = PREFIX + "doc/standaard/haven"
    site = built / "site" / "doc" / "standaard"
    cases = [("text/html", "text/html; charset=utf-8", "haven.html"),
             (BROWSER_ACCEPT, "text/html; charset=utf-8", "haven.html"),
             ("text/turtle", "text/turtle; charset=utf-8", "haven.ttl"),
             ("text/turtle;q=1.0, application/rdf+xml;q=0.9, */*;q=0.1", "text/turtle; charset=utf-8",
              "haven.ttl"),
             ("application/ld+json", "application/ld+json", "haven.jsonld"),
             ("application/ld+json, text/turtle;q=0.5", "application/ld+json", "haven.jsonld"),
             ("*/*", "text/html; charset=utf-8", "haven.html")]
    for accept, content_type, name in cases:
        response = http.get(doc, headers={"Accept": accept})
        assert response.status_code == 200, accept
        assert response.headers["content-type"] == content_type, accept
        assert response.content == (site / name).read_bytes(), accept
        assert "Accept" in response.headers.get("vary", ""), accept
    no_accept = http.get(doc, headers={"Accept": ""})
    assert no_accept.headers["content-type"] == "text/html; charset=utf-8"


def test_the_three_answers_carry_the_same_triples(http, graph):
    iri = BASE + "id/standaard/haven"
    doc = http.get(_path(iri)).headers["location"]
    turtle = Graph().parse(data=http.get(doc, headers={"Accept": "text/turtle"}).text, format="turtle")
    jsonld = Graph().parse(data=http.get(doc, headers={"Accept": "application/ld+json"}).text,
                           format="json-ld")
    page = http.get(doc, headers={"Accept": "text/html"}).text
    embedded = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    from_html = Graph().parse(data=json.dumps(json.loads(embedded)), format="json-ld")
    assert (URIRef(iri), None, None) in turtle and len(turtle) > 10
    assert isomorphic(turtle, jsonld) and isomorphic(turtle, from_html)
    assert set(turtle) <= set(graph)


def test_every_document_is_served_in_each_format(http, graph):
    for iri in _minted(graph):
        doc = _path(iri.replace("/id/", "/doc/", 1))
        for accept, content_type in (("text/html", "text/html"), ("text/turtle", "text/turtle"),
                                     ("application/ld+json", "application/ld+json")):
            response = http.get(doc, headers={"Accept": accept})
            assert response.status_code == 200, (doc, accept)
            assert response.headers["content-type"].split(";")[0] == content_type, (doc, accept)


def test_the_ontology_is_negotiated_too(http):
    page = http.get(PREFIX + "def/gs", headers={"Accept": BROWSER_ACCEPT})
    assert page.headers["content-type"] == "text/html; charset=utf-8" and "pyLODE" in page.text
    turtle = http.get(PREFIX + "def/gs", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    ontology = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(BASE + "def/gs"), None, None) in ontology


def test_the_site_and_the_register_files_are_served(http, built):
    assert http.get(PREFIX.rstrip("/")).status_code == 301
    index = http.get(PREFIX)
    assert index.status_code == 200 and index.content == (built / "site" / "index.html").read_bytes()
    for name, content_type in (("register.ttl", "text/turtle; charset=utf-8"),
                               ("register.jsonld", "application/ld+json"),
                               ("register.nt", "application/n-triples; charset=utf-8"),
                               ("register.rdf", "application/rdf+xml"),
                               ("site.css", "text/css; charset=utf-8"),
                               ("context.jsonld", "application/ld+json"),
                               ("ontology/gs.ttl", "text/turtle; charset=utf-8")):
        response = http.get(PREFIX + name)
        assert (response.status_code, response.headers["content-type"]) == (200, content_type), name
        served = built / "site" / name if (built / "site" / name).exists() else built / name
        assert response.content == served.read_bytes(), name
    shapes = sorted((built / "shapes").glob("*.ttl"))
    assert shapes and http.get(PREFIX + "shapes/" + shapes[0].name).status_code == 200


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def test_relative_links_resolve_on_a_negotiated_document(http):
    """A page served at its document IRI (no .html) sits at the same depth as its file in
    out/site/, so its relative links work there too."""
    for doc in ("doc/standaard/haven", "doc/organisatie/vng", "def/gs"):
        url = str(http.base_url).rstrip("/") + PREFIX + doc
        parser = _Links()
        parser.feed(http.get(url, headers={"Accept": "text/html"}).text)
        local = {urljoin(url, link).split("#")[0] for link in parser.links
                 if not urlsplit(link).scheme and not link.startswith("#")}
        assert local, doc
        for link in sorted(local):
            assert http.get(link).status_code == 200, (doc, link)


def test_what_is_not_there_is_404(http):
    missing = http.get(PREFIX + "id/standaard/bestaat-niet")
    assert missing.status_code == 303
    assert http.get(missing.headers["location"]).status_code == 404
    assert http.get("/").status_code == 404
    assert http.get(PREFIX + "doc/standaard/bestaat-niet.ttl").status_code == 404
