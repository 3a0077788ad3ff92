"""Step 5, publishing: the built register in out/ -> one named graph in a triple store.

One SPARQL 1.1 Graph Store Protocol PUT replaces the graph as a whole, so a reader sees the old
graph or the new one, never a mix; a SPARQL COUNT afterwards proves the store holds our triples.
Before it, everything that can be checked is: the URLs, the graph's IRI, and (with a SPARQL ASK)
that the query endpoint answers, so a wrong one is never found with the graph already replaced.
docs/out-safety.md has the reasons for the deadline, the login and the redirects.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from vngreg.errors import EXIT_DATA, EXIT_TOOL, EXIT_USAGE, VngregError, printable
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

# An absolute IRI (RFC 3987): a scheme, then no character an IRI may not hold.
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+")


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

    @classmethod
    def checked(cls, store_url: str, query_url: str | None, graph: str,
                auth: httpx.Auth | None = None) -> "Target":
        """The target the command line names, its URLs and graph checked before anything is sent;
        the query endpoint, when not given, the one beside the store's."""
        _check_url(store_url, "--endpoint")
        query_url = query_url or query_endpoint_for(store_url)
        _check_url(query_url, "--query-endpoint")
        if not ABSOLUTE_IRI.fullmatch(graph):
            raise VngregError(f"--graph {_printable(graph)} is not an absolute IRI", None,
                              "give the graph's full IRI, such as https://example.org/graph/register",
                              exit_code=EXIT_USAGE)
        return cls(store_url, query_url, graph, auth)


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


PROBE = Step("check the query endpoint before the upload", "check --query-endpoint: it must be "
             "the store's SPARQL query endpoint", EXIT_USAGE)
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


def auth_from_environment(kind: str | None = None, environ=os.environ) -> httpx.Auth | None:
    """HTTP login from VNGREG_USER and VNGREG_PASSWORD, by `kind` (basic or digest; None: the
    scheme the store asks for); none when both are unset."""
    user, password = environ.get(USER_VARIABLE), environ.get(PASSWORD_VARIABLE)
    if user is None and password is None:
        return None
    if not user or password is None:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise VngregError(f"{missing} is not set, but the other login variable is", None,
                          f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither",
                          exit_code=EXIT_USAGE)
    if kind is None:
        return AskedScheme(user, password)
    return httpx.DigestAuth(user, password) if kind == "digest" else httpx.BasicAuth(user, password)


class AskedScheme(httpx.Auth):
    """The login the store asks for in its WWW-Authenticate, Digest or Basic: the first request
    goes without one (so a password is never sent in the clear to a store that wants Digest), and
    from its 401 on every request goes with the scheme asked for."""

    requires_request_body = True  # the request that met the 401 goes again

    def __init__(self, user: str, password: str):
        self._schemes = {"digest": httpx.DigestAuth(user, password),
                         "basic": httpx.BasicAuth(user, password)}
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request):
        if self._chosen:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        asked = _schemes_asked(response) if response.status_code == 401 else []
        name = next((name for name in self._schemes if name in asked), None)
        if name is None:
            return
        self._chosen = self._schemes[name]
        flow = self._chosen.auth_flow(request)
        request = next(flow)  # Basic: with its login; Digest: as yet without, and so ...
        yield flow.send(response) if name == "digest" else request  # ... answering the challenge


def _schemes_asked(response: httpx.Response) -> list[str]:
    return [value.split(None, 1)[0].lower()
            for value in response.headers.get_list("www-authenticate") if value.strip()]


def publish(upload: Upload, target: Target, patience: Patience = Patience()) -> Published:
    """Replace the target graph with the upload, then check the store holds exactly as many."""
    # No connection kept between requests: each is its own, which its deadline can end.
    with httpx.Client(auth=target.auth, timeout=patience.timeout, follow_redirects=False,
                      limits=httpx.Limits(max_keepalive_connections=0)) as client:
        _sparql(client, target, patience, PROBE, "ASK {}", lambda answer: answer["boolean"])
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
    return int(_sparql(client, target, patience, COUNT, query,
                       lambda answer: answer["results"]["bindings"][0]["n"]["value"]))


def _sparql(client: httpx.Client, target: Target, patience: Patience, step: Step, query: str,
            value):
    """`value` of the SPARQL JSON results of `query` at the query endpoint."""
    response = _send(client, patience, step, "POST", target.query_url, data={"query": query},
                     headers={"Accept": "application/sparql-results+json"})
    try:
        return value(response.json())
    except (ValueError, KeyError, IndexError, TypeError):
        raise VngregError(f"{shown(target.query_url)} did not answer with SPARQL JSON results to "
                          f"the request to {step.what} ({_first_line(response.text) or 'empty answer'})",
                          None, "check --query-endpoint: it must be the store's SPARQL query "
                          "endpoint", exit_code=step.rejected_exit if step is PROBE else EXIT_TOOL
                          ) from None


def _send(client: httpx.Client, patience: Patience, step: Step, method: str, url: str,
          **request) -> httpx.Response:
    """One request, within its deadline, tried again a bounded number of times while the store
    is away, slow or overloaded."""
    for attempt in range(1, max(1, patience.tries) + 1):
        last = attempt >= patience.tries
        deadline = _Deadline(patience.timeout)
        try:
            with deadline:
                response = client.request(method, url, extensions={"trace": deadline.trace},
                                          **request)
        except httpx.TransportError as e:
            if last:
                raise _failed(e, deadline.expired, url, step, attempt, patience) from None
        else:
            if response.is_success:
                return response
            if 300 <= response.status_code < 400:
                raise _redirected(response, url, step)
            if response.status_code not in RETRY_STATUS or last:
                raise _refused(response, url, step, attempt)
        time.sleep(patience.backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # the loop returns or raises on its last try


class _Deadline:
    """A request's time in all. httpx's timeout bounds each read and write, so a store that sends
    a byte at a time would keep a request waiting without end; when this time is up, the
    request's connections are shut down, which ends any read or write waiting on them."""

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict) -> None:
        """httpx's trace extension: each connection the request opens, as it is opened."""
        if event == "connection.connect_tcp.complete":
            self._sockets.append(info["return_value"].get_extra_info("socket"))
            if self.expired:
                self._expire()

    def _expire(self) -> None:
        self.expired = True
        for sock in list(self._sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # closed already
                pass


def _failed(error: httpx.TransportError, expired: bool, url: str, step: Step, attempts: int,
            patience: Patience) -> VngregError:
    what = step.what
    if expired or isinstance(error, httpx.TimeoutException):
        return VngregError(f"the store at {shown(url)} did not answer the request to {what} within "
                           f"{patience.timeout:g} s ({_tries(attempts)})", None,
                           "try again later, or give a longer --timeout", exit_code=EXIT_TOOL)
    if isinstance(error, httpx.ConnectError):
        return VngregError(f"cannot reach the store at {shown(url)} to {what} ({_tries(attempts)}): "
                           f"{_reason(error)}", None, "check the URL and that the store is running",
                           exit_code=EXIT_TOOL)
    return VngregError(f"the connection to the store at {shown(url)} broke off the request to {what} "
                       f"({_tries(attempts)}): {_reason(error)}", None,
                       "look at the store's log, and publish again when it is well",
                       exit_code=EXIT_TOOL)


def _redirected(response: httpx.Response, url: str, step: Step) -> VngregError:
    """A redirect is not followed: a PUT sent on to another URL could replace a graph in
    another store, and a login would go along to it."""
    location = response.headers.get("location")
    target = shown(str(response.url.join(location))) if location else "nowhere (no Location)"
    return VngregError(f"{shown(url)} answered the request to {step.what} with HTTP "
                       f"{response.status_code} {response.reason_phrase}, a redirect to "
                       f"{_printable(target)}, which vngreg does not follow", None,
                       "if that is the store, give its URL as --endpoint or --query-endpoint",
                       exit_code=EXIT_USAGE)


def _refused(response: httpx.Response, url: str, step: Step, attempts: int) -> VngregError:
    status, what = response.status_code, step.what
    said = _first_line(response.text)
    answer = f"HTTP {status} {response.reason_phrase}" + (f": {said}" if said else "")
    if status in (401, 403):
        asked = "".join(f", it asks for {scheme.capitalize()}" for scheme in _schemes_asked(response)[:1])
        return VngregError(f"the store at {shown(url)} refused the login to {what} ({answer}{asked})",
                           None, f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to an account that "
                           "may write to the store", exit_code=EXIT_USAGE)
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


def _check_url(url: str, option: str) -> None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise VngregError(f"{option} must be an http:// or https:// URL, not {_printable(shown(url))}",
                          None, "write it in full, such as http://127.0.0.1:7878/store",
                          exit_code=EXIT_USAGE)
    if parsed.userinfo:  # a command line is seen by others (ps, shell history); the environment not
        raise VngregError(f"{option} {shown(url)} holds a login", None, f"leave it out of the URL "
                          f"and set {USER_VARIABLE} and {PASSWORD_VARIABLE}", exit_code=EXIT_USAGE)


def _tries(n: int) -> str:
    return "1 try" if n == 1 else f"{n} tries"


def _reason(error: Exception) -> str:
    return _first_line(str(error)) or type(error).__name__


def _first_line(text: str) -> str:
    """The first line of what a store said, fit to print."""
    return _printable(next((part.strip() for part in text.splitlines() if part.strip()), ""))


def _printable(text: str, limit: int = 160) -> str:
    """Text from outside, fit for one line on a terminal: control characters, and those that
    turn text around or hide it (bidi, zero width), escaped (\\x1b, \\u202e); cut at `limit`."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
