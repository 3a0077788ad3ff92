"""The site in a real browser: Debian's Chromium, headless, driven by Playwright. The index lists
all 13 standards, every link of every page leads to a file of the site (and to the element its
#fragment names), nothing is logged to the console as an error, and the pages work from disk too.
Playwright never downloads a browser here: it starts /usr/bin/chromium (installed by tests/setup)."""

from __future__ import annotations

import functools
import threading
from collections import deque
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import ROOT
from vngreg.source.load import load_register

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REGISTER = load_register(ROOT / "source")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(built):
    """out/site/ of a fresh build, served by http.server on 127.0.0.1; yields (base URL, folder)."""
    site = built / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is missing: run tests/setup, which installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh page that records console errors and uncaught page errors."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda msg: tab.errors.append(f"console: {msg.text} ({msg.location})")
           if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(f"page error: {exc}"))
    yield tab
    context.close()


def test_the_index_lists_all_13_standards(served, page):
    base, _site = served
    page.goto(base + "index.html")
    links = page.locator("section[aria-labelledby='standaarden'] ul.standards li > a")
    names = sorted(set(links.all_inner_texts()))
    assert names == sorted(std.name for std in REGISTER.standards)
    assert len(names) == 13
    assert page.locator("h1").inner_text() == REGISTER.settings.title["nl"]
    assert page.errors == []


def test_every_link_of_every_page_resolves_and_nothing_logs_an_error(served, page):
    """Every page of the site, whether linked or not, is opened; every link on it followed."""
    base, site = served
    pages = [base + p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]
    todo, ids, links, files = deque([base + "index.html", *pages]), {}, [], set()
    while todo:
        url = todo.popleft()
        if url in ids:
            continue
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(base):
                continue  # another site: not ours to check
            path = unquote(urlsplit(target).path)
            assert (site / path.lstrip("/")).is_file(), f"{url} links to {href}: no such file"
            links.append((url, target, fragment))
            if path.endswith(".html"):
                todo.append(target)
            else:
                files.add(target)
    assert page.errors == []
    assert len(ids) == len(pages) > 60 and len(links) > 1000
    with httpx.Client(trust_env=False) as client:
        for url in sorted(files):
            assert client.get(url).status_code == 200, url
    for source, target, fragment in links:
        assert not fragment or fragment in ids[target], f"{source}: #{fragment} not in {target}"


def test_the_pages_work_from_disk(served, page):
    _base, site = served
    page.goto((site / "index.html").as_uri())
    first = REGISTER.standards[0]
    page.get_by_role("link", name=first.name, exact=True).first.click()
    assert page.url.endswith(f"/doc/standaard/{first.id}.html")
    assert page.locator("h1").inner_text() == first.name
    page.get_by_role("link", name=REGISTER.settings.title["nl"], exact=True).click()
    assert page.url.endswith("/index.html")
    assert page.errors == []
