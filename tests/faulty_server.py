"""A real HTTP server on 127.0.0.1 that misbehaves as a store can, for tests/test_publish_faults.py:
it trickles its answer a byte at a time, asks for a Digest or Basic login (and checks it),
redirects, breaks off its answer, or says something hostile. Each request is answered by the
responder for its method; what was sent is kept. Bounded in time: a trickle ends after
TRICKLE_SECONDS, and every answer when the server stops."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.oxigraph_server import serving as serving_handler

TRICKLE_SECONDS = 300  # far longer than any test waits: only so that no thread outlives the suite


@dataclass
class Served:
    url: str
    requests: list[tuple[str, str, str | None, bytes]] = field(default_factory=list)  # method, path, Authorization, body
    stopping: threading.Event = field(default_factory=threading.Event)

    def methods(self) -> list[str]:
        return [method for method, *_ in self.requests]


Responder = Callable[["http.server.BaseHTTPRequestHandler", Served], None]


@contextmanager
def serving(**by_method: Responder) -> Iterator[Served]:
    """Serve on a free port of 127.0.0.1; a request whose method has no responder gets a 405."""
    served = Served("")
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                served.requests.append((self.command, self.path, self.headers.get("Authorization"),
                                        body))
            try:
                by_method.get(self.command, status(405, "no"))(self, served)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up: as it should
                pass
            self.close_connection = True

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args) -> None:
            pass

    with serving_handler(Handler) as served.url:
        try:
            yield served
        finally:
            served.stopping.set()  # before the server waits for its last request


def _reply(handler, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    handler.send_response(code)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)


def status(code: int, text: str = "", headers: dict[str, str] | None = None) -> Responder:
    return lambda handler, served: _reply(handler, code, text.encode("utf-8"),
                                          {"Content-Type": "text/plain; charset=utf-8", **(headers or {})})


def sparql(answer: dict) -> Responder:
    return lambda handler, served: _reply(handler, 200, json.dumps(answer).encode(),
                                          {"Content-Type": "application/sparql-results+json"})


ASK = sparql({"head": {}, "boolean": True})


def count(n: int) -> Responder:
    return sparql({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"value": str(n)}}]}})


def trickle(handler, served: Served) -> None:
    """A whole answer, status line and headers too, one byte every 0.2 s: each read gets a byte
    well within any per-read timeout. Its body never ends before TRICKLE_SECONDS."""
    answer = b"HTTP/1.1 204 No Content\r\nX-Slow: " + b"s" * 10_000
    deadline = time.monotonic() + TRICKLE_SECONDS
    for byte in answer:
        if served.stopping.is_set() or time.monotonic() > deadline:
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.2)


def broken_off(handler, served: Served) -> None:
    """An answer that promises 1000 bytes, sends 10 and closes the connection."""
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b"0123456789")
    handler.wfile.flush()
    handler.close_connection = True


def basic(user: str, password: str, then: Responder) -> Responder:
    """401 asking for Basic, unless the request has exactly this login; then `then`."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def respond(handler, served: Served) -> None:
        if handler.headers.get("Authorization") == expected:
            return then(handler, served)
        _reply(handler, 401, b"login please", {"WWW-Authenticate": 'Basic realm="store"'})
    return respond


def digest(user: str, password: str, then: Responder) -> Responder:
    """401 asking for Digest (RFC 7616, MD5, qop=auth), unless the request answers the challenge
    with this login; then `then`. The answer is checked as a store checks it."""
    realm, nonce = "store", secrets.token_hex(16)

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def respond(handler, served: Served) -> None:
        said = handler.headers.get("Authorization") or ""
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', said[len("Digest "):])) if said.startswith("Digest ") else {}
        if fields.get("username") == user and fields.get("nonce") == nonce:
            ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{handler.command}:{fields.get('uri')}")
            expected = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
            if fields.get("response") == expected and fields.get("uri") == handler.path:
                return then(handler, served)
        _reply(handler, 401, b"login please", {
            "WWW-Authenticate": f'Digest realm="{realm}", nonce="{nonce}", qop="auth", algorithm=MD5'})
    return respond
