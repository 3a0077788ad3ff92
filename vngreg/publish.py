"""Step 5, publishing: the built register in out/ -> one named graph in a triple store.

One SPARQL 1.1 Graph Store Protocol PUT replaces the graph as a whole, so a reader sees the old
graph or the new one, never a mix; a SPARQL COUNT afterwards proves the store holds our triples.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from vngreg.errors import EXIT_DATA, EXIT_TOOL, EXIT_USAGE, VngregError
from vngreg.mapping.iris import Iris
from vngreg.source.load import load_register

USER_VARIABLE = "VNGREG_USER"
PASSWORD_VARIABLE = "VNGREG_PASSWORD"

# The built files publish can send, best first, with the media type the store is told.
UPLOADS = (("register.nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
           ("register.ttl", "text/turtle", ox.RdfFormat.TURTLE))

# A Graph Store Protocol path -> the SPARQL query endpoint beside it, per store.
QUERY_ENDPOINT_BESIDE = (
    ("/store", "/query"),                      # Oxigraph
    ("/data", "/sparql"),                      # Apache Jena Fuseki: /DATASET/data
    ("/rdf-graphs/service", ""),               # GraphDB, RDF4J: /repositories/REPO/...
    ("/sparql-graph-crud-auth", "/sparql"),    # Virtuoso
    ("/sparql-graph-crud", "/sparql"),         # Virtuoso, without login
)

RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Upload:
    """The register as it goes over the wire: its bytes, media type and number of triples."""

    path: Path
    body: bytes
    media_type: str
    triples: int


@dataclass(frozen=True)
class Target:
    """Where the register goes: the store's two endpoints, the graph and how to log in."""

    store_url: str
    query_url: str
    graph: str
    auth: httpx.Auth | None = None


@dataclass(frozen=True)
class Patience:
    """How long to wait for the store and how often to try again."""

    timeout: float = 30.0
    tries: int = 3
    backoff: float = 1.0  # seconds before the 2nd try, doubled for each try after


@dataclass(frozen=True)
class Step:
    """A request publish makes, and what a 4xx answer to it means: to the upload, something in
    our data; to the COUNT, whose query never changes, the wrong endpoint."""

    what: str
    rejected_hint: str
    rejected_exit: int


UPLOAD = Step("upload the register", "read the store's message; the register may hold something "
              "it cannot take", EXIT_DATA)
COUNT = Step("count the published triples", "check --query-endpoint: it must be the store's "
             "SPARQL query endpoint", EXIT_USAGE)


@dataclass(frozen=True)
class Published:
    graph: str
    triples: int
    store_url: str


def read_upload(out: Path) -> Upload:
    """The built register in `out`, counted by parsing it: what we send is what we count."""
    for name, media_type, rdf_format in UPLOADS:
        path = out / name
        if path.is_file():
            body = path.read_bytes()
            try:
                triples = sum(1 for _ in ox.parse(body, format=rdf_format))
            except SyntaxError as e:
                raise VngregError(f"{path} is not valid RDF: {e}", None,
                                  "build again with 'vngreg build'", exit_code=EXIT_DATA) from None
            return Upload(path, body, media_type, triples)
    raise VngregError(f"there is no built register in {out}/ (no register.nt or register.ttl)",
                      None, "run 'vngreg build' first, or give --out the folder it wrote",
                      exit_code=EXIT_USAGE)


def dataset_graph(source: Path) -> str:
    """The register's dataset IRI, the named graph it is published in unless told otherwise."""
    settings = load_register(source).settings
    return str(Iris.for_base(settings.base_iri).dataset(settings.id))


def query_endpoint_for(store_url: str) -> str:
    """The SPARQL query endpoint that sits beside a store's Graph Store Protocol endpoint."""
    path_end = store_url.split("?", 1)[0].rstrip("/")
    for gsp, query in QUERY_ENDPOINT_BESIDE:
        if path_end.endswith(gsp):
            return path_end[: -len(gsp)] + query
    raise VngregError(f"cannot tell the SPARQL query endpoint that belongs to {shown(store_url)}",
                      None, "give it with --query-endpoint", exit_code=EXIT_USAGE)


def auth_from_environment(kind: str = "basic", environ=os.environ) -> httpx.Auth | None:
    """HTTP login from VNGREG_USER and VNGREG_PASSWORD; none when both are unset."""
    user, password = environ.get(USER_VARIABLE), environ.get(PASSWORD_VARIABLE)
    if user is None and password is None:
        return None
    if not user or password is None:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise VngregError(f"{missing} is not set, but the other login variable is", None,
                          f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither",
                          exit_code=EXIT_USAGE)
    return httpx.DigestAuth(user, password) if kind == "digest" else httpx.BasicAuth(user, password)


def publish(upload: Upload, target: Target, patience: Patience = Patience()) -> Published:
    """Replace the target graph with the upload, then check the store holds exactly as many."""
    with httpx.Client(auth=target.auth, timeout=patience.timeout, follow_redirects=False) as client:
        _send(client, patience, UPLOAD, "PUT", target.store_url, params={"graph": target.graph},
              content=upload.body, headers={"Content-Type": upload.media_type})
        held = count_triples(client, target, patience)
    if held != upload.triples:
        raise VngregError(f"after the upload the store at {shown(target.store_url)} holds {held} "
                          f"triples in graph <{target.graph}>, not the {upload.triples} we sent",
                          None, "check that the store accepts the upload as one graph, and publish "
                          "again", exit_code=EXIT_TOOL)
    return Published(target.graph, held, target.store_url)


def count_triples(client: httpx.Client, target: Target, patience: Patience) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target.graph}> {{ ?s ?p ?o }} }}"
    response = _send(client, patience, COUNT, "POST", target.query_url, data={"query": query},
                     headers={"Accept": "application/sparql-results+json"})
    try:
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise VngregError(f"{shown(target.query_url)} did not answer the COUNT query with SPARQL "
                          f"JSON results ({_first_line(response.text) or 'empty answer'})", None,
                          "check --query-endpoint: it must be the store's SPARQL query endpoint",
                          exit_code=EXIT_TOOL) from None


def _send(client: httpx.Client, patience: Patience, step: Step, method: str, url: str,
          **request) -> httpx.Response:
    """One request, tried again a bounded number of times while the store is away or overloaded."""
    what = step.what
    for attempt in range(1, max(1, patience.tries) + 1):
        last = attempt >= patience.tries
        try:
            response = client.request(method, url, **request)
        except httpx.TimeoutException:
            if last:
                raise VngregError(f"the store at {shown(url)} did not answer the request to "
                                  f"{what} within {patience.timeout:g} s ({_tries(attempt)})", None,
                                  "try again later, or give a longer --timeout",
                                  exit_code=EXIT_TOOL) from None
        except httpx.TransportError as e:
            if last:
                raise VngregError(f"cannot reach the store at {shown(url)} to {what} "
                                  f"({_tries(attempt)}): {_reason(e)}", None,
                                  "check the URL and that the store is running",
                                  exit_code=EXIT_TOOL) from None
        else:
            if response.is_success:
                return response
            if response.status_code not in RETRY_STATUS or last:
                raise _refused(response, url, step, attempt)
        time.sleep(patience.backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # the loop returns or raises on its last try


def _refused(response: httpx.Response, url: str, step: Step, attempts: int) -> VngregError:
    status, what = response.status_code, step.what
    said = _first_line(response.text)
    answer = f"HTTP {status} {response.reason_phrase}" + (f": {said}" if said else "")
    if status in (401, 403):
        return VngregError(f"the store at {shown(url)} refused the login to {what} ({answer})",
                           None, f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to an account that "
                           "may write to the store (and --auth digest for Virtuoso)",
                           exit_code=EXIT_USAGE)
    if status in (404, 405):
        return VngregError(f"{shown(url)} is not an endpoint that can {what} ({answer})", None,
                           "check --endpoint and --query-endpoint against the table in the README",
                           exit_code=EXIT_USAGE)
    if status < 500 and status != 429:
        return VngregError(f"the store at {shown(url)} rejected the request to {what} ({answer})",
                           None, step.rejected_hint, exit_code=step.rejected_exit)
    return VngregError(f"the store at {shown(url)} failed to {what} ({answer}, {_tries(attempts)})",
                       None, "look at the store's log, and publish again when it is well",
                       exit_code=EXIT_TOOL)


def shown(url: str) -> str:
    """A URL fit to print: any user name and password in it are left out."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "the given URL"
    return str(parsed.copy_with(username=None, password=None)) if parsed.userinfo else url


def _tries(n: int) -> str:
    return "1 try" if n == 1 else f"{n} tries"


def _reason(error: Exception) -> str:
    return _first_line(str(error)) or type(error).__name__


def _first_line(text: str, limit: int = 160) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
