"""Real servers for the publishing tests, on 127.0.0.1 only: the Oxigraph server from the `oxigraph`
PyPI package, a small standard-library server that answers as told, and a port that hangs."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

START_SECONDS = 20


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` command installed beside this Python (the venv), else the one on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]'")
    return found


@contextmanager
def oxigraph(location: Path) -> Iterator[str]:
    """An Oxigraph server storing in `location`; yields its base URL, stops it by its process."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = location.parent / f"oxigraph-{port}.log"
    log = log_path.open("wb")
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(base, process, log_path)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}: {log.read_text()}")
        try:
            httpx.post(f"{base}/query", data={"query": "ASK {}"}, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer within {START_SECONDS} s: {log.read_text()}")


@dataclass
class Answering:
    """A real HTTP server that answers each request with the next of its replies (the last one
    repeats), and keeps what it was sent."""

    replies: list[tuple[int, str]]
    requests: list[tuple[str, str, str | None, bytes]] = field(default_factory=list)
    url: str = ""

    def reply(self) -> tuple[int, str]:
        return self.replies[min(len(self.requests), len(self.replies)) - 1]


@contextmanager
def answering(*replies: tuple[int, str]) -> Iterator[Answering]:
    """Serve on a free port of 127.0.0.1: (status, body) replies, in order."""
    state = Answering(list(replies))
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                state.requests.append((self.command, self.path, self.headers.get("Authorization"),
                                       body))
                status, text = state.reply()
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json"
                             if text.startswith("{") else "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    with serving(Handler) as state.url:
        yield state


@contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A standard-library server with this handler on a free port of 127.0.0.1; its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def silent() -> Iterator[str]:
    """A port that takes connections but never answers: the store that hangs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
