"""The site in a real browser: Debian's Chromium, headless, driven by Playwright. The index's table
lists all 13 standards, sorts by each column and filters by category, level, maintainer and status (and
stands complete without JavaScript); every link of every page leads to a file of the site (and to
the element its #fragment names); nothing is logged to the console as an error; the pages work
from disk too. Screenshots of the index and a standard's page at phone (390 px) and desktop
(1280 px) width are kept in test-artifacts/ (ignored by git) to look at.
Playwright never downloads a browser here: it starts /usr/bin/chromium (installed by tests/setup)."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections import deque
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import ROOT
from vngreg import pipeline
from vngreg.source.load import load_register

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REGISTER = load_register(ROOT / "source")
ARTIFACTS = ROOT / "test-artifacts"
ROWS = "table.register tbody tr"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(site: Path):
    """`site` served by http.server on 127.0.0.1; yields (base URL, folder)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(built):
    """out/site/ of a fresh build of the real register."""
    yield from _serve(built / "site")


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """out/site/ of 1,100 generated standards (benchmarks/generate.py): over 500 in one category."""
    folder = tmp_path_factory.mktemp("paged")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "1100", str(folder)],
                   check=True, capture_output=True)
    assert pipeline.build(pipeline.Project.around(folder / "source"), folder / "out").written
    yield from _serve(folder / "out" / "site")


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is missing: run tests/setup, which installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _tab(browser, width: int = 390, **options):
    """A fresh page that records console errors and uncaught page errors."""
    context = browser.new_context(viewport={"width": width, "height": 844}, **options)
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda msg: tab.errors.append(f"console: {msg.text} ({msg.location})")
           if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(f"page error: {exc}"))
    return tab


@pytest.fixture()
def page(browser):
    tab = _tab(browser)
    yield tab
    tab.context.close()


def _shown(page, column: int = 0) -> list[str]:
    """The texts of one column of the table's visible rows, top to bottom."""
    return page.eval_on_selector_all(
        ROWS, f"rows => rows.filter(r => !r.hidden).map(r => r.cells[{column}].textContent.trim())")


def test_the_index_table_lists_all_13_standards(served, page):
    base, _site = served
    page.goto(base + "index.html")
    names = _shown(page)
    assert sorted(names) == sorted(std.name for std in REGISTER.standards)
    assert len(names) == 13
    assert page.locator("h1").inner_text() == REGISTER.settings.title["nl"]
    assert page.locator("form.filters output").inner_text() == "13 van 13 standaarden"
    assert page.errors == []


def test_the_table_sorts_by_each_column(served, page):
    base, _site = served
    page.goto(base + "index.html")
    by_id = {std.id: std for std in REGISTER.standards}
    dates = lambda: [by_id[h.rsplit("/", 1)[1][:-len(".html")]].establishment.applies_from
                     for h in page.eval_on_selector_all(ROWS + " th a", "as => as.map(a => a.href)")]
    page.get_by_role("button", name="Vaststelling geldt vanaf").click()
    assert dates() == sorted(dates()) and dates()[0] < dates()[-1]
    assert page.locator("th[aria-sort='ascending']").inner_text().startswith("Vaststelling")
    page.get_by_role("button", name="Vaststelling geldt vanaf").click()
    assert dates() == sorted(dates(), reverse=True)
    page.get_by_role("button", name="Standaard").click()
    assert _shown(page) == sorted((std.name for std in REGISTER.standards), key=str.casefold)
    page.get_by_role("button", name="Mate van verbindendheid").click()
    orders = {lv.table_name: lv.order for lv in REGISTER.levels}
    levels = [orders[text] for text in _shown(page, 4)]
    assert levels == sorted(levels) and levels[0] < levels[-1]
    assert page.errors == []


@pytest.mark.parametrize("field, value, keep", [
    ("categorie", "inkoop", lambda std: std.category == "inkoop"),
    ("verbindendheid", "verplicht", lambda std: std.establishment.binding_level == "verplicht"),
    ("beheer", "kadaster", lambda std: "kadaster" in std.maintainers),
    ("status", "in-gebruik", lambda std: std.status == "in-gebruik")])
def test_the_table_filters(served, page, field, value, keep):
    base, _site = served
    page.goto(base + "index.html")
    page.select_option(f"form.filters select[name='{field}']", value)
    expected = [std.name for std in REGISTER.standards if keep(std)]
    assert sorted(_shown(page)) == sorted(expected) and 0 < len(expected) < 13
    assert page.locator("form.filters output").inner_text() == f"{len(expected)} van 13 standaarden"
    page.select_option(f"form.filters select[name='{field}']", "")
    assert len(_shown(page)) == 13
    assert page.errors == []


def test_a_large_registers_table_pages_sort_filter_and_link_each_other(paged, page):
    base, site = paged
    page.goto(base + "index.html")
    assert page.locator(ROWS).count() == 0
    page.locator("table.parts a", has_text="deel 1").first.click()
    page.wait_for_url("**/standaarden/api-standaarden.html")  # loaded, with all its rows
    assert page.locator(ROWS).count() == 500
    assert page.locator("form.filters select[name='categorie']").count() == 0  # one category: no choice
    page.get_by_role("button", name="Vaststelling geldt vanaf").click()
    dates = page.eval_on_selector_all(ROWS + " td[data-sort] time", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates) and len(dates) == 500
    page.select_option("form.filters select[name='verbindendheid']", "verplicht")
    shown = len(_shown(page))
    assert 0 < shown < 500
    assert page.locator("form.filters output").inner_text() == f"{shown} van 500 standaarden"
    assert all(v == "verplicht" for v in page.eval_on_selector_all(
        ROWS + ":not([hidden])", "rs => rs.map(r => r.dataset.verbindendheid)"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tabelpagina-390.png"))
    page.get_by_role("link", name="deel 2", exact=True).click()
    page.wait_for_url("**/standaarden/api-standaarden-2.html")
    assert page.locator(ROWS).count() > 0
    for href in page.eval_on_selector_all("a[href], link[href], script[src]",
                                          "els => els.map(e => e.href || e.src)"):
        path = unquote(urlsplit(href).path)
        if href.startswith(base):
            assert (site / path.lstrip("/")).is_file(), href
    assert page.errors == []


def test_the_table_stands_without_javascript(served, browser):
    base, _site = served
    tab = _tab(browser, java_script_enabled=False)
    tab.goto(base + "index.html")
    assert len(_shown(tab)) == 13 and tab.locator(ROWS).count() == 13
    assert not tab.locator("form.filters").is_visible()
    assert tab.locator("table.register thead button").count() == 0
    tab.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_at_phone_and_desktop_width(served, browser, width):
    """Kept for people to look at; what can be asserted: no horizontal scrolling on the index."""
    base, _site = served
    ARTIFACTS.mkdir(exist_ok=True)
    tab = _tab(browser, width)
    # The standard with the most to show: versions, decisions with their documents, links to GEMMA.
    richest = max(REGISTER.standards, key=lambda std: (len(std.versions), len(std.establishments),
                                                         len(std.close_match) + len(std.exact_match)))
    for name, path in (("index", "index.html"), ("standaard", f"doc/standaard/{richest.id}.html")):
        tab.goto(base + path)
        shot = ARTIFACTS / f"{name}-{width}.png"
        tab.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    assert tab.errors == []
    tab.context.close()


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
    page.select_option("form.filters select[name='verbindendheid']", "verplicht")  # site.js runs
    assert len(_shown(page)) == sum(s.establishment.binding_level == "verplicht" for s in REGISTER.standards)
    page.select_option("form.filters select[name='verbindendheid']", "")
    first = REGISTER.standards[0]
    page.get_by_role("link", name=first.name, exact=True).first.click()
    page.wait_for_url(f"**/doc/standaard/{first.id}.html")
    assert page.locator("h1").inner_text() == first.name
    page.get_by_role("link", name=REGISTER.settings.title["nl"], exact=True).click()
    page.wait_for_url("**/index.html")
    assert page.errors == []
