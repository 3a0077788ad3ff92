"""`vngreg publish` against stores that misbehave (tests/faulty_server.py, a real server on
127.0.0.1) and command lines that are wrong: each ends in one line and its exit code, nothing
uploaded where the mistake could be seen before, no password shown. The command runs as a user
runs it, in its own process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.faulty_server import ASK, basic, broken_off, count, digest, serving, status, trickle
from tests.oxigraph_server import free_port

GUARD = 120  # seconds: only so that a publish that hangs fails the test instead of the suite
USER, SECRET = "steward", "s3cret-Pa55word"


@pytest.fixture(scope="module")
def triples(built) -> int:
    return sum(1 for line in (built / "register.nt").read_text(encoding="utf-8").splitlines() if line)


def a_store(triples: int):
    """What a store that takes the upload answers: the ASK, the PUT, the COUNT."""
    def respond(handler, served) -> None:
        if handler.command == "PUT":
            return status(204)(handler, served)
        return (ASK if b"ASK" in served.requests[-1][3] else count(triples))(handler, served)
    return respond


def publish(built, *args: str, login: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VNGREG_")}
    if login:
        env.update(VNGREG_USER=USER, VNGREG_PASSWORD=SECRET)
    return subprocess.run([sys.executable, "-m", "vngreg", "publish", "--out", str(built),
                           "--backoff", "0", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=GUARD)


def one_line(done: subprocess.CompletedProcess, code: int) -> str:
    assert done.returncode == code, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr, done.stderr
    assert SECRET not in done.stdout + done.stderr
    return lines[0]


# --- the deadline ------------------------------------------------------------------------------

def test_a_store_that_trickles_its_answer_is_given_up_at_the_timeout(built):
    """A byte every 0.2 s is an answer to every read: only a deadline for the whole request ends it."""
    with serving(POST=ASK, PUT=trickle) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", "--timeout", "2", "--tries", "1")
    line = one_line(done, 3)
    assert f"the store at {store.url}/store did not answer the request to upload the register " \
           "within 2 s (1 try)" in line
    assert store.methods() == ["POST", "PUT"]


def test_a_query_endpoint_that_trickles_stops_the_publish_before_the_upload(built):
    with serving(POST=trickle) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", "--timeout", "1", "--tries", "2")
    assert "did not answer the request to check the query endpoint before the upload within 1 s " \
           "(2 tries)" in one_line(done, 3)
    assert store.methods() == ["POST", "POST"]


def test_an_answer_broken_off_is_tried_again_then_one_line(built):
    with serving(POST=ASK, PUT=broken_off) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", "--tries", "2")
    line = one_line(done, 3)
    assert "broke off the request to upload the register (2 tries)" in line
    assert store.methods() == ["POST", "PUT", "PUT"]


# --- the login the store asks for ----------------------------------------------------------------

@pytest.mark.parametrize("scheme", [digest, basic])
def test_the_login_scheme_is_the_one_the_store_asks_for(built, triples, scheme):
    login = scheme(USER, SECRET, a_store(triples))  # one nonce for the store, as a store has
    with serving(POST=login, PUT=login) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", login=True)
    assert done.returncode == 0, done.stderr
    assert f"the store holds exactly {triples}" in done.stdout
    assert SECRET not in done.stdout + done.stderr
    logins = [auth for _, _, auth, _ in store.requests]
    # The first request goes without a login; from the store's 401 on, each with the one it asked.
    assert logins[0] is None
    assert all(auth and auth.startswith(scheme.__name__.capitalize() + " ") for auth in logins[2:])
    assert store.methods() == ["POST", "POST", "PUT", "POST"]
    if scheme is digest:  # the password itself never goes over the wire
        assert all(SECRET not in auth for auth in logins[1:])


def test_a_wrong_password_for_digest_is_exit_2_naming_the_scheme(built):
    with serving(POST=digest(USER, "another password", ASK)) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", login=True)
    line = one_line(done, 2)
    assert "refused the login" in line and "HTTP 401" in line and "it asks for Digest" in line
    assert "PUT" not in store.methods()


def test_an_explicit_auth_is_sent_at_once(built, triples):
    login = basic(USER, SECRET, a_store(triples))
    with serving(POST=login, PUT=login) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", "--auth", "basic", login=True)
    assert done.returncode == 0, done.stderr
    assert store.methods() == ["POST", "PUT", "POST"]  # no 401 first


# --- mistakes caught before anything is sent -----------------------------------------------------

def test_an_endpoint_without_a_scheme_is_a_usage_error_and_sends_nothing(built):
    with serving(POST=ASK, PUT=status(204)) as store:
        bare = store.url.removeprefix("http://")
        done = publish(built, "--endpoint", f"{bare}/store")
        assert f"--endpoint must be an http:// or https:// URL, not {bare}/store" in one_line(done, 2)
        done = publish(built, "--endpoint", f"{store.url}/store", "--query-endpoint", f"{bare}/query")
        assert "--query-endpoint must be an http:// or https:// URL" in one_line(done, 2)
    assert store.requests == []


@pytest.mark.parametrize("graph", ["graph/register", "register", "https://example.org/a graph",
                                   "<https://example.org/graph>", ""])
def test_a_graph_that_is_not_an_absolute_iri_is_a_usage_error_and_sends_nothing(built, graph):
    with serving(POST=ASK, PUT=status(204)) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", "--graph", graph)
    assert "is not an absolute IRI" in one_line(done, 2)
    assert store.requests == []


def test_an_unreachable_query_endpoint_stops_before_the_upload(built):
    elsewhere = f"http://127.0.0.1:{free_port()}/query"
    with serving(POST=ASK, PUT=status(204)) as store:
        done = publish(built, "--endpoint", f"{store.url}/store", "--query-endpoint", elsewhere,
                       "--tries", "2")
    line = one_line(done, 3)
    assert f"cannot reach the store at {elsewhere} to check the query endpoint before the upload " \
           "(2 tries)" in line
    assert store.requests == []


def test_a_query_endpoint_that_is_no_sparql_endpoint_stops_before_the_upload(built):
    with serving(POST=status(200, "<html>a web page</html>"), PUT=status(204)) as store:
        done = publish(built, "--endpoint", f"{store.url}/store")
    line = one_line(done, 2)
    assert "did not answer with SPARQL JSON results" in line and "<html>a web page</html>" in line
    assert store.methods() == ["POST"]


# --- redirects and what a store says ----------------------------------------------------------------

def test_a_redirect_is_not_followed_and_names_its_target(built):
    with serving(POST=ASK, PUT=status(307, "", {"Location": "https://elsewhere.example/store?x=1"})
                 ) as store:
        done = publish(built, "--endpoint", f"{store.url}/store")
    line = one_line(done, 2)
    assert "HTTP 307 Temporary Redirect, a redirect to https://elsewhere.example/store?x=1" in line
    assert "does not follow" in line
    assert store.methods() == ["POST", "PUT"]


def test_a_relative_redirect_of_the_query_endpoint_is_named_in_full(built):
    with serving(POST=status(301, "", {"Location": "/sparql"}), PUT=status(204)) as store:
        done = publish(built, "--endpoint", f"{store.url}/store")
    assert f"a redirect to {store.url}/sparql" in one_line(done, 2)
    assert store.methods() == ["POST"]


def test_a_hostile_error_body_is_cut_and_escaped(built):
    hostile = "\x1b[2J\x1b]0;pwned\x07bad \u202egnirts\u200b " + "x" * 10_000
    with serving(POST=ASK, PUT=status(400, hostile)) as store:
        done = publish(built, "--endpoint", f"{store.url}/store")
    line = one_line(done, 1)
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line and "\u200b" not in line
    assert "\\x1b[2J\\x1b]0;pwned\\x07bad \\u202egnirts\\u200b xxx" in line
    assert len(line) < 600
