"""`vngreg serve`: out/ over HTTP as deploy/nginx.conf serves it (303 from /id/ to /doc/, the Accept
header picks HTML, Turtle or JSON-LD), plus a read-only SPARQL 1.1 Protocol endpoint at /sparql
over the store `vngreg query` uses. A preview and a small-site server, not a replacement for nginx.
"""

from __future__ import annotations

import errno
import http.server
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2
import pyoxigraph as ox

from vngreg import query as querying
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.vocab import DCTERMS

SPARQL = "/sparql"
MAX_BODY = 1 << 20  # a query larger than 1 MiB is refused (413)

# deploy/nginx.conf's `types` and `charset_types`, and the site's own assets besides.
MEDIA_TYPES = {".html": "text/html", ".css": "text/css", ".ttl": "text/turtle",
               ".jsonld": "application/ld+json", ".nt": "application/n-triples",
               ".nq": "application/n-quads", ".trig": "application/trig",
               ".rdf": "application/rdf+xml", ".js": "text/javascript", ".csv": "text/csv",
               ".atom": "application/atom+xml", ".rq": "application/sparql-query",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
WITH_CHARSET = {"text/html", "text/css", "text/turtle", "application/n-triples",
                "application/n-quads", "application/trig", "text/javascript", "text/csv",
                "application/atom+xml", "application/sparql-query"}
OCTET_STREAM = "application/octet-stream"

# What a document is offered as, in nginx's order for a tie; each with the media types that ask
# for it.
DOCUMENT_OFFERS = (("html", ("text/html", "application/xhtml+xml")),
                   ("ttl", ("text/turtle",)),
                   ("jsonld", ("application/ld+json", "application/json")))
# The same for /sparql; a browser asking for HTML gets the form with the answer as a table.
SOLUTION_OFFERS = (("json", ("application/sparql-results+json", "application/json")),
                   ("xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
                   ("csv", ("text/csv",)), ("tsv", ("text/tab-separated-values",)),
                   ("html", ("text/html", "application/xhtml+xml")))
TRIPLE_OFFERS = (("ttl", ("text/turtle", "application/x-turtle")),
                 ("nt", ("application/n-triples", "text/plain")),
                 ("jsonld", ("application/ld+json", "application/json")),
                 ("rdf", ("application/rdf+xml",)),
                 ("html", ("text/html", "application/xhtml+xml")))
# The `format` (or `output`) parameter, as the form and clients such as SPARQLWrapper send it; a
# value that does not fit the query's answer leaves the choice to the Accept header.
FORMAT_NAMES = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt",
                "rdf+xml": "rdf", "rdfxml": "rdf"}

ANSWER_FORMATS = {f.name: f for f in querying.SOLUTION_FORMATS + querying.TRIPLE_FORMATS}

THING = re.compile(r"id/(?P<thing>[a-z-]+(/[A-Za-z0-9._~-]+)+)")
SITE_FILE = re.compile(r"(doc|def)/.+\.(html|ttl|jsonld)")
DOCUMENT = re.compile(r"doc/[a-z-]+(/[A-Za-z0-9._~-]+)+|def/[a-z]+")

_PAGES = jinja2.Environment(loader=jinja2.PackageLoader("vngreg.site", "templates"),
                            autoescape=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _text(status: int, text: str, *headers: tuple[str, str]) -> Answer:
    return Answer(status, (text + "\n").encode("utf-8"), headers=headers)


# --- content negotiation -------------------------------------------------------------------------

def accepted(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values, in the header's order."""
    ranges = []
    for part in (header or "").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(ranges, media_type: str) -> tuple[int, float, int] | None:
    """The most specific range that matches `media_type`: how specific (3 the type itself, 2 its
    type/*, 1 */*), its q-value and its place in the header."""
    kind = media_type.split("/")[0]
    best = None
    for place, (media, q) in enumerate(ranges):
        rank = 3 if media == media_type else 2 if media == f"{kind}/*" else 1 if media == "*/*" else 0
        if rank and (best is None or rank > best[0]):
            best = (rank, q, place)
    return best


def negotiate(header: str | None, offers, default: str | None) -> str | None:
    """The offer the client wants most (ties: the one its header lists first, then ours); without
    a header the first offer. `default` where the header names none of the offers, as nginx falls
    back to HTML; None where nothing is acceptable."""
    ranges = accepted(header)
    if not ranges:
        return offers[0][0]
    scored = []
    for order, (name, media_types) in enumerate(offers):
        found = [f for f in (_quality(ranges, m) for m in media_types) if f is not None]
        if found:  # the offer's most specific mention decides, e.g. text/html;q=0 over */*
            _, q, place = max(found, key=lambda f: (f[0], f[1], -f[2]))
            scored.append((q, -place, -order, name))
    wanted = [s for s in scored if s[0] > 0]
    if wanted:
        return max(wanted)[3]
    return None if scored else default


# --- the server ----------------------------------------------------------------------------------

class Site:
    """What a request is answered from: out/, the register's path in it, the SPARQL store."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.built = querying.load_built(out)
        self.prefix = urlsplit(self.built.base).path  # /gemeentelijke-standaarden/

    def answer(self, method: str, target: str, headers, body: bytes | None) -> Answer:
        parts = urlsplit(target)
        path = _normalised(unquote(parts.path))
        if path is None:
            return _text(400, "bad request: the path leaves the site")
        if path == SPARQL:
            return self.sparql(method, parts.query, headers, body)
        if method not in ("GET", "HEAD"):
            return _text(405, f"{method} is not allowed here", ("Allow", "GET, HEAD"))
        if path == "/" and self.prefix != "/":  # nginx: 404; here the register, for people
            return Answer(302, headers=(("Location", self.prefix),))
        if path == self.prefix.rstrip("/"):
            return Answer(301, headers=(("Location", self.prefix),))
        if not path.startswith(self.prefix):
            return _text(404, "not found")
        rest = path[len(self.prefix):]
        if match := THING.fullmatch(rest):
            return Answer(303, headers=(("Location", f"{self.prefix}doc/{match['thing']}"),))
        if SITE_FILE.fullmatch(rest):
            return self.file(f"site/{rest}")
        if DOCUMENT.fullmatch(rest):
            fmt = negotiate(headers.get("Accept"), DOCUMENT_OFFERS, "html")
            vary = ("Vary", "Accept")
            if fmt is None:
                return _text(406, "not acceptable: this document is text/html, text/turtle or "
                                  "application/ld+json", vary)
            found = self.file(f"site/{rest}.{fmt}")
            return Answer(found.status, found.body, found.content_type, found.headers + (vary,))
        for candidate in (f"site/{rest}index.html", f"site/{rest}", rest):
            found = self.file(candidate)
            if found.status == 200:
                return found
        return _text(404, "not found")

    def file(self, relative: str) -> Answer:
        """A file inside out/, never one a symbolic link leads out of it to."""
        path = (self.out / relative).resolve()
        if not relative or not path.is_relative_to(self.out) or not path.is_file():
            return _text(404, "not found")
        media = MEDIA_TYPES.get(path.suffix, OCTET_STREAM)
        return Answer(200, path.read_bytes(),
                      f"{media}; charset=utf-8" if media in WITH_CHARSET else media)

    # --- SPARQL 1.1 Protocol, read-only --------------------------------------------------------

    def sparql(self, method: str, query_string: str, headers, body: bytes | None) -> Answer:
        params = parse_qs(query_string, keep_blank_values=True)
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if method == "POST":
            if content_type == "application/x-www-form-urlencoded":
                for name, values in parse_qs((body or b"").decode("utf-8", "replace"),
                                             keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            elif content_type == "application/sparql-query":
                params.setdefault("query", []).append((body or b"").decode("utf-8", "replace"))
            elif content_type == "application/sparql-update":
                return _text(400, "updates are not supported: this endpoint only reads")
            else:
                return _text(415, "send the query as application/sparql-query or as the form "
                                  "field query (application/x-www-form-urlencoded)")
        elif method not in ("GET", "HEAD"):
            return _text(405, f"{method} is not allowed at {SPARQL}", ("Allow", "GET, HEAD, POST"))
        if "update" in params:
            return _text(400, "updates are not supported: this endpoint only reads")
        queries = params.get("query", [])
        if not queries:
            return self.page("", None, None)
        if len(queries) > 1:
            return _text(400, "give one query")
        text = queries[0]
        browser = negotiate(headers.get("Accept"), SOLUTION_OFFERS, None) == "html"
        try:
            result = querying.run(self.built.store, text, params.get("default-graph-uri"),
                                  params.get("named-graph-uri"), federated=False)
            offers = TRIPLE_OFFERS if isinstance(result, ox.QueryTriples) else SOLUTION_OFFERS
            fmt = _asked_format(params, offers) or negotiate(headers.get("Accept"), offers, None)
            if fmt == "html":
                return self.page(text, result, None)
            if fmt is None:
                types = ", ".join(m[0] for name, m in offers if name != "html")
                return _text(406, f"not acceptable: this answer is one of {types}")
            return Answer(200, querying.render(result, fmt), ANSWER_FORMATS[fmt].media_type,
                          (("Vary", "Accept"),))
        except VngregError as e:  # the query, or its answer while it is read
            return self.page(text, None, e.what, 400) if browser else \
                _text(400, f"bad query: {e.what}")

    def page(self, text: str, result, error: str | None, status: int = 200) -> Answer:
        """The query form, with the answer below it as a table."""
        table = querying.solution_rows(result) if isinstance(result, ox.QuerySolutions) else None
        shown = None if result is None or table else querying.render(result, "table").decode()
        html = _PAGES.get_template("sparql.html").render(
            query=text or EXAMPLE, table=table, shown=shown, error=error,
            prefix=self.prefix, graphs=self.built.graphs)
        return Answer(status, html.encode("utf-8"), "text/html; charset=utf-8",
                      (("Vary", "Accept"),))


def _asked_format(params: dict[str, list[str]], offers) -> str | None:
    for value in params.get("format", []) + params.get("output", []):
        value = value.strip().lower()
        name = FORMAT_NAMES.get(value, value)
        for offer, media_types in offers:
            if name == offer or value in media_types:
                return offer
    return None


EXAMPLE = f"""PREFIX dct: <{DCTERMS.iri}>
SELECT ?graph (COUNT(*) AS ?triples) WHERE {{ GRAPH ?graph {{ ?s ?p ?o }} }}
GROUP BY ?graph ORDER BY ?graph
"""


def _normalised(path: str) -> str | None:
    """The path with `.` and `..` resolved, as nginx does; None where it leaves the root, holds a
    NUL or a backslash."""
    if "\0" in path or "\\" in path or not path.startswith("/"):
        return None
    segments: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if not segments:
                return None
            segments.pop()
        elif segment != ".":
            segments.append(segment)
    return "/" + "/".join(s for i, s in enumerate(segments) if s or i == len(segments) - 1)


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site
    server_version = "vngreg-serve"
    protocol_version = "HTTP/1.1"  # keep-alive: every answer has its Content-Length
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait between

    def _serve(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True  # the rest of what was sent is not read
            return self._send(_text(413 if length > 0 else 400, "the body is too large or its "
                                    "Content-Length is not a number"))
        body = self.rfile.read(length)  # read whatever the method: the connection is kept
        self._send(self.site.answer(self.command, self.path, self.headers, body))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _serve


def serve(out: Path, host: str, port: int) -> None:
    """Serve `out` on host:port until Ctrl-C (or SIGTERM); one line on stderr to say where.

    The port is taken first, so that one in use is said at once, before a large register loads."""
    for stop in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell may start us ignoring it
        signal.signal(stop, _interrupt)
    handler = type("SiteHandler", (Handler,), {})
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        what = "is in use" if e.errno == errno.EADDRINUSE else f"cannot be opened ({e.strerror})"
        raise VngregError(f"port {port} on {host} {what}", None,
                          "choose another with --port, or stop what listens there",
                          exit_code=EXIT_TOOL) from None
    server.daemon_threads = True
    try:
        handler.site = site = Site(out)
        where = f"http://{host}:{server.server_address[1]}"
        print(f"serving {out}/ at {where}{site.prefix} and SPARQL at {where}{SPARQL} "
              "(a preview, not for production; Ctrl-C stops)", file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
