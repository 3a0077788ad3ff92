"""The site in out/site/: a page for every thing we mint, each with its own triples beside it as
Turtle and JSON-LD and inside it as JSON-LD; escaped, strictly valid HTML with relative links;
the index as the VNG page's table, sortable and filterable by site.js, split over pages for a large
register; the feed announced on every page; the ontology documented by pyLODE; the SPARQL examples
of docs/queries/ on a page of their own, linked from the index."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tests.conftest import ROOT, replace_entry
from tests.test_register_table import LEVELS, TABLE
from vngreg import pipeline
from vngreg.errors import VngregError
from vngreg.source.load import load_register
from vngreg.vocab import in_rdflib as ns
from vngreg.site.pages import dutch_date, ontology_html, script_json

GS, RDFS = ns.GS, ns.RDFS

REGISTER = load_register(ROOT / "source")
BASE = REGISTER.settings.base_iri
HOSTILE = '<script>alert(1)</script> & "quotes"'
# The VNG page's columns, in its order; a status column may follow them.
COLUMNS = ["Standaard", "Categorie", "In beheer bij", "Vaststelling geldt vanaf", "Mate van verbindendheid"]


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.parent.name != "def")


def _embedded(html: str) -> Graph:
    """The page's <script type="application/ld+json">, parsed."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return Graph().parse(data=json.dumps(json.loads(scripts[0])), format="json-ld")


def _own_triples(graph: Graph, *subjects: str) -> Graph:
    out = Graph()
    for subject in subjects:
        for triple in graph.triples((URIRef(subject), None, None)):
            out.add(triple)
    return out


def _same(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return "\n".join([f"- {t}" for t in sorted(only_a)][:10] + [f"+ {t}" for t in sorted(only_b)][:10])


def test_every_thing_we_mint_has_a_page_with_its_data_beside_it(built, graph):
    things = {str(s) for g in (graph, Graph().parse(built / "catalog.ttl"),
                                Graph().parse(built / "provenance.ttl"))
              for s in g.subjects() if str(s).startswith(BASE + "id/")}
    assert {f"{BASE}id/standaard/{std.id}" for std in REGISTER.standards} <= things
    for iri in sorted(things):
        doc = built / "site" / ("doc/" + iri[len(BASE + "id/"):])
        for ext in ("html", "ttl", "jsonld"):
            assert doc.with_name(f"{doc.name}.{ext}").is_file(), f"{iri}: no {doc.name}.{ext}"


@pytest.mark.parametrize("kind, slug", [("standaard", "haven"), ("verbindendheid", "verplicht"),
                                        ("categorie", "inkoop"), ("organisatie", "vng-bestuur")])
def test_a_page_carries_the_resources_own_triples_three_ways(built, graph, kind, slug):
    iri = f"{BASE}id/{kind}/{slug}"
    subjects = [iri]
    if kind == "standaard":  # a standard's description includes its vaststelling
        std = next(s for s in REGISTER.standards if s.id == slug)
        subjects.append(f"{BASE}id/vaststelling/{slug}-{std.establishment.applies_from.isoformat()}")
    expected = _own_triples(graph, *subjects)
    assert len(expected) > 5
    doc = built / "site" / "doc" / kind
    turtle = Graph().parse(doc / f"{slug}.ttl", format="turtle")
    jsonld = Graph().parse(doc / f"{slug}.jsonld", format="json-ld")
    embedded = _embedded((doc / f"{slug}.html").read_text(encoding="utf-8"))
    for name, parsed in (("ttl", turtle), ("jsonld", jsonld), ("html", embedded)):
        assert isomorphic(parsed, expected), f"{slug}.{name}:\n{_same(expected, parsed)}"


def test_pages_are_strict_html5_in_dutch_with_proper_headings(built):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages = _pages(built / "site")
    assert len(pages) > 60
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tree = parser.parse(text)  # raises on any parse error
        assert tree.get("lang") == "nl", page
        assert tree.find("head/meta[@name='viewport']") is not None, page
        assert len(tree.findall(".//h1")) == 1, page
        levels = [int(el.tag[1]) for el in tree.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), (page, levels)
        for element in tree.iter():
            if element.get("lang") is not None:
                assert element.get("lang") in ("nl", "en"), page


def test_our_one_script_only_on_table_pages_and_every_internal_link_relative(built):
    for page in _pages(built / "site") + [built / "site" / "def" / "gs.html", built / "site" / "def" / "gs.nl.html"]:
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", text)
        expected = ['<script src="site.js" defer>'] if page.name == "index.html" else []
        assert scripts == expected, page
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not link.startswith("/") and not link.startswith(BASE + "doc/"), (page, link)
            if "://" not in link and not link.startswith(("#", "data:")):
                target = (page.parent / link.split("#")[0]).resolve()
                assert target.is_file(), (page, link)
                assert (built / "site").resolve() in target.parents, (page, link)


def _index(built: Path):
    return html5lib.parse((built / "site" / "index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_index_is_the_vng_table_in_the_pages_order(built):
    """Columns and rows as the VNG page has them (TABLE was typed from the page's text); each row
    says what the filters need and links the standard's page."""
    table = _index(built).find(".//table[@class='register']")
    assert [_text(th) for th in table.findall("thead/tr/th")] == [*COLUMNS, "Status"]
    rows = table.findall("tbody/tr")
    assert [tuple(_text(cell) for cell in row)[:5] for row in rows] == [
        (name, category, maintainer, date, level) for category, name, maintainer, date, level in TABLE]
    by_name = {std.name: std for std in REGISTER.standards}
    statuses = {status.id: status.name["nl"] for status in REGISTER.statuses}
    assert {std.status for std in REGISTER.standards} > {None}  # some have a status, some not
    for row in rows:
        std = by_name[_text(row[0])]
        assert row[0].tag == "th" and row[0].find("a").get("href") == f"doc/standaard/{std.id}.html"
        assert (row.get("data-categorie"), row.get("data-verbindendheid"), row.get("data-beheer").split(),
                row.get("data-status")) == (std.category, std.establishment.binding_level, std.maintainers,
                                            std.status or "geen")
        assert row[3].get("data-sort") == std.establishment.applies_from.isoformat()
        assert _text(row[5]) == statuses.get(std.status, "")


def test_the_filters_offer_what_the_table_holds(built):
    form = _index(built).find(".//form[@class='filters']")
    assert form.get("hidden") is not None  # shown by site.js: without it the table stands alone
    options = {select.get("name"): [(o.get("value"), _text(o)) for o in select.findall("option")]
               for select in form.iter("select")}
    assert options["categorie"][0] == ("", "alle")
    assert [text for _, text in options["categorie"][1:]] == list(dict.fromkeys(row[0] for row in TABLE))
    assert [text for _, text in options["verbindendheid"][1:]] == ["Pas-toe-of-leg-uit", "Verplicht"]
    maintainers = {org for std in REGISTER.standards for org in std.maintainers}
    assert {value for value, _ in options["beheer"][1:]} == maintainers
    assert options["status"][1:] == [(status.id, status.name["nl"]) for status in REGISTER.statuses
                                     if any(std.status == status.id for std in REGISTER.standards)] + [
        ("geen", "geen status")]


def test_the_index_explains_the_three_levels_with_procedure_and_examples(built):
    """LEVELS was typed from the VNG page's text."""
    items = _index(built).findall(".//ol[@class='levels']/li")
    assert len(items) == 3
    for item, (_order, label, kind, bindingness, process, examples) in zip(items, LEVELS):
        assert _text(item.find("h3")) == f"{kind} ({label})"
        terms = [_text(dt) for dt in item.iter("dt")]
        values = [_text(dd) for dd in item.iter("dd")]
        assert dict(zip(terms, values)) == {
            "Mate van verbindendheid": bindingness, "Proces vaststelling": " ".join(process.split()),
            "Voorbeelden" if len(examples) > 1 else "Voorbeeld": ", ".join(examples)}


def test_the_index_links_the_register_files_the_catalogue_and_the_feed_it_carries(built):
    text = (built / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("register.ttl", "register.jsonld", "register.nt", "register.rdf", "catalog.ttl",
                 "catalog.jsonld", "feed.atom"):
        assert f'href="{name}"' in text
        assert (built / "site" / name).read_bytes() == (built / name).read_bytes()
    head = html5lib.parse(text, namespaceHTMLElements=False).find("head")
    assert {(link.get("type"), link.get("href")) for link in head.findall("link[@rel='alternate']")} == {
        ("text/turtle", "catalog.ttl"), ("application/ld+json", "catalog.jsonld"),
        ("application/atom+xml", "feed.atom")}


def test_every_page_announces_the_feed_in_its_head(built):
    site = built / "site"
    for page in sorted(site.rglob("*.html")):
        head = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False).find("head")
        links = [link.get("href") for link in head.findall("link[@rel='alternate']")
                 if link.get("type") == "application/atom+xml"]
        assert len(links) == 1, page
        assert (page.parent / links[0]).resolve() == (site / "feed.atom").resolve(), page


def test_script_json_cannot_end_the_element():
    text = json.dumps({"t": "</script><!-- </SCRIPT > & <b>"})
    safe = str(script_json(text))
    assert "<" not in safe and ">" not in safe and "&" not in safe
    assert json.loads(safe) == json.loads(text)


def test_a_hostile_name_is_escaped_everywhere(workdir):
    with (workdir / "source" / "standaarden.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: vijandig\n"
                f"    naam: {json.dumps(HOSTILE)}\n"
                "    categorie: inkoop\n"
                "    in_beheer_bij: [vng]\n"
                "    vaststelling:\n"
                "      geldt_vanaf: 2024-01-01\n"
                "      verbindendheid: aanbevolen\n")
    out = workdir / "out"
    result = pipeline.build(pipeline.Project.around(workdir / "source"), out)
    assert result.written, [f.format("en") for f in result.report.findings]
    site = out / "site"
    page = (site / "doc" / "standaard" / "vijandig.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in page
    for path in _pages(site):
        assert "<script>alert" not in path.read_text(encoding="utf-8"), path
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    assert tree.find(".//h1").text == HOSTILE
    assert [el.get("type") for el in tree.iter("script")] == ["application/ld+json"]
    embedded = _embedded(page)
    assert isomorphic(embedded, Graph().parse(site / "doc" / "standaard" / "vijandig.ttl"))
    assert (URIRef(f"{BASE}id/standaard/vijandig"), None, Literal(HOSTILE, lang="nl")) in embedded
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index


def test_the_ontology_is_documented_by_pylode_in_english(built):
    page = (built / "site" / "def" / "gs.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert 'name="viewport"' in page and 'href="../index.html"' in page and "pyLODE" in page
    terms = set(Graph().parse(ROOT / "ontology" / "gs.ttl").subjects(RDFS.isDefinedBy, None))
    assert terms >= {GS.GemeentelijkeStandaard, GS.vaststelling, GS.geldtVanaf}
    for term in terms:
        assert f"<code>{term}</code>" in page, term
    assert "Gemeentelijke standaard</" not in page  # the Dutch labels are left out
    assert (built / "site" / "def" / "gs.ttl").read_bytes() == (ROOT / "ontology" / "gs.ttl").read_bytes()
    assert isomorphic(Graph().parse(built / "site" / "def" / "gs.jsonld", format="json-ld"),
                      Graph().parse(ROOT / "ontology" / "gs.ttl"))
    assert '<a href="gs.nl.html" hreflang="nl" lang="nl">Nederlands</a>' in page


def test_the_ontology_is_documented_in_dutch_too_and_the_site_links_that_first(built):
    page = (built / "site" / "def" / "gs.nl.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert 'href="../index.html"' in page and '<a href="gs.html" hreflang="en" lang="en">English</a>' in page
    ontology = Graph().parse(ROOT / "ontology" / "gs.ttl")
    dutch = {str(o) for o in ontology.objects(GS.GemeentelijkeStandaard, RDFS.label) if o.language == "nl"}
    english = {str(o) for o in ontology.objects(GS.GemeentelijkeStandaard, RDFS.label) if o.language == "en"}
    assert dutch and english
    assert all(f"{label}</" in page for label in dutch) and not any(f"{label}</" in page for label in english)
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    nav = html5lib.parse(index, namespaceHTMLElements=False).find(".//header/nav")
    assert [a.get("href") for a in nav.iter("a") if _text(a) == "Ontologie"] == ["def/gs.nl.html"]


def test_pylode_leaves_the_graph_alone():
    ontology = Graph().parse(ROOT / "ontology" / "gs.ttl")
    before = set(ontology)
    ontology_html(ontology)
    assert set(ontology) == before


def test_a_pylode_failure_is_our_error():
    with pytest.raises(VngregError) as caught:
        ontology_html(Graph())  # no owl:Ontology with a title
    assert caught.value.exit_code == 3 and "pyLODE" in caught.value.format()


def test_pylodes_page_comes_from_the_cache_only_for_the_same_ontology(workdir, monkeypatch, built):
    cache = workdir / "cache"
    monkeypatch.setenv("VNGREG_CACHE", str(cache))
    project = pipeline.Project.around(workdir / "source")
    pipeline.build(project, workdir / "first")
    pages = sorted((cache / "pylode").glob("*.html"))
    assert len(pages) == 2  # English and Dutch
    made = {(built / "site" / "def" / name).read_bytes() for name in ("gs.html", "gs.nl.html")}
    assert {page.read_bytes() for page in pages} == made
    pipeline.build(project, workdir / "second")  # from the cache: the same bytes
    assert {(workdir / "second" / "site" / "def" / name).read_bytes() for name in ("gs.html", "gs.nl.html")} == made
    assert sorted((cache / "pylode").glob("*.html")) == pages
    ontology = workdir / "ontology" / "gs.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8").replace(
        '"Municipal standard"@en', '"Municipal standard, changed"@en', 1), encoding="utf-8")
    pipeline.build(project, workdir / "third")  # another ontology: pyLODE runs again
    assert len(list((cache / "pylode").glob("*.html"))) == 4
    assert (workdir / "third" / "site" / "def" / "gs.html").read_bytes() not in made


def test_a_cache_that_cannot_be_made_only_costs_time(workdir, monkeypatch, built):
    blocker = workdir / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("VNGREG_CACHE", str(blocker))
    pipeline.build(pipeline.Project.around(workdir / "source"), workdir / "uncached")
    for name in ("site/def/gs.html", "site/index.html", "register.ttl"):
        assert (workdir / "uncached" / name).read_bytes() == (built / name).read_bytes(), name


def test_a_large_register_is_paged_per_category_with_the_same_table(tmp_path):
    """2,000 generated standards (benchmarks/generate.py): the index stays small and links a
    table page per category (and per 500 rows); every standard is on exactly one of them, in the
    source's order, under the same columns as the index's table."""
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "2000", str(tmp_path)],
                   check=True, capture_output=True)
    register = load_register(tmp_path / "source")
    result = pipeline.build(pipeline.Project.around(tmp_path / "source"), tmp_path / "out")
    assert result.written, [f.format("en") for f in result.report.findings]
    site = tmp_path / "out" / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert len(index.encode("utf-8")) < 100_000
    tree = html5lib.parse(index, namespaceHTMLElements=False)
    assert tree.find(".//table[@class='register']") is None and "site.js" not in index
    parts = [a.get("href") for a in tree.findall(".//table[@class='parts']/tbody/tr/td/a")]
    expected = []
    for category in sorted(register.categories, key=lambda c: c.order):
        count = sum(std.category == category.id for std in register.standards)
        expected += [f"standaarden/{category.id}{'' if n == 1 else f'-{n}'}.html"
                     for n in range(1, math.ceil(count / 500) + 1)]
    assert parts == expected
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    seen: dict[str, list[str]] = {}
    for href in parts:
        text = (site / href).read_text(encoding="utf-8")
        assert '<script src="../site.js" defer>' in text
        page = parser.parse(text)
        table = page.find(".//table[@class='register']")
        assert [_text(th) for th in table.findall("thead/tr/th")][:5] == COLUMNS
        rows = table.findall("tbody/tr")
        assert 0 < len(rows) <= 500
        for row in rows:
            seen.setdefault(row.get("data-categorie"), []).append(
                row.find("th/a").get("href").removeprefix("../doc/standaard/").removesuffix(".html"))
        for link in page.iter("a"):
            target = link.get("href").split("#")[0]
            assert "://" in target or (site / "standaarden" / target).resolve().is_file(), (href, target)
    assert seen == {c.id: [s.id for s in register.standards if s.category == c.id]
                    for c in register.categories if any(s.category == c.id for s in register.standards)}
    assert max(len(ids) for ids in seen.values()) > 500  # so that a category was split


# --- history, versions, statuses; a register without decisions ----------------------------------

@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The register with GIBIT's second decision and two versions (tests/test_history.py), built."""
    from tests.test_history import SUPPLEMENT
    folder = tmp_path_factory.mktemp("history")
    shutil.copytree(ROOT / "source", folder / "source")
    replace_entry(folder / "source", "gibit", SUPPLEMENT)
    result = pipeline.build(pipeline.Project.around(folder / "source"), folder / "out")
    assert result.written, [f.format("en") for f in result.report.findings]
    return folder / "out"


def _page(path: Path):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        path.read_text(encoding="utf-8"))


def _terms(dl) -> dict[str, str]:
    return {_text(dt): _text(dd) for dt, dd in zip(dl.findall("dt"), dl.findall("dd"))}


def test_a_standard_shows_its_decisions_as_a_timeline_with_their_sources(history):
    register = load_register(history.parent / "source")
    gibit = next(std for std in register.standards if std.id == "gibit")
    first, second = gibit.establishments
    page = _page(history / "site" / "doc" / "standaard" / "gibit.html")
    items = page.findall(".//ol[@class='timeline']/li")
    assert [item.find("h3/time").get("datetime") for item in items] == [
        first.applies_from.isoformat(), second.applies_from.isoformat()]
    assert _text(items[1].find("h3")) == "1 januari 2023 tot 1 januari 2026: Verplicht (huidige vaststelling)"
    assert "huidige" not in _text(items[0].find("h3"))
    assert _terms(items[1].find("dl")) == {
        "Vastgesteld door": "Algemene Ledenvergadering van de VNG",
        "Besluit": "Ledenbrief T 1, gedateerd 15 november 2022 (document)", "Bron": "https://example.org/nieuws"}
    links = {a.get("href") for a in items[1].iter("a")}
    assert {"https://example.org/t1", "https://example.org/nieuws",
            "../besluit/gibit-2023-01-01.html", "../vaststelling/gibit-2023-01-01.html",
            "../organisatie/vng-algemene-ledenvergadering.html"} <= links
    # Each decision and the decision document have a page of their own that reads as one.
    for est in (first, second):
        decision = _page(history / "site" / "doc" / "vaststelling" / f"gibit-{est.applies_from}.html")
        assert _text(decision.find(".//h1")).startswith("Vaststelling GIBIT (")
        assert _terms(decision.find(".//dl"))["Geldt vanaf"] == dutch_date(est.applies_from)
    assert _terms(_page(history / "site" / "doc" / "vaststelling" / "gibit-2023-01-01.html").find(".//dl"))[
        "Geldt tot"] == "1 januari 2026"
    document = _page(history / "site" / "doc" / "besluit" / "gibit-2023-01-01.html")
    assert _text(document.find(".//h1")) == "Ledenbrief T 1"
    assert _terms(document.find(".//dl"))["Document"] == "https://example.org/t1"
    # Its data beside it holds both decisions.
    data = Graph().parse(history / "site" / "doc" / "standaard" / "gibit.ttl")
    assert {str(o) for o in data.objects(URIRef(f"{BASE}id/standaard/gibit"), GS.vaststelling)} == {
        f"{BASE}id/vaststelling/gibit-{est.applies_from}" for est in (first, second)}
    assert len(set(data.subjects(GS.geldtVanaf, None))) == 2


def test_a_standard_shows_its_versions_and_what_replaces_what(history):
    page = _page(history / "site" / "doc" / "standaard" / "gibit.html")
    rows = page.findall(".//table[@class='versions']/tbody/tr")
    assert [[_text(cell) for cell in row] for row in rows] == [
        ["1.0", "Vervangen", "", "", "2.0"], ["2.0", "In gebruik", "1 januari 2023", "1.0", ""]]
    assert rows[0].find("th/a").get("href") == "../standaardversie/gibit-1.html"
    version = _page(history / "site" / "doc" / "standaardversie" / "gibit-2.html")
    assert _text(version.find(".//h1")) == "GIBIT 2.0"
    assert _terms(version.find(".//dl")) == {"Standaard": "GIBIT", "Versie": "2.0", "Status": "In gebruik",
                                             "Uitgegeven": "1 januari 2023", "Vervangt": "1.0"}
    status = _page(history / "site" / "doc" / "status" / "in-gebruik.html")
    listed = [_text(a) for a in status.findall(".//section//li/a")]
    assert "GIBIT" in listed and "2.0" in listed
    assert _terms(page.find(".//dl"))["Status"] == "In gebruik"


def test_a_standard_shows_its_gemma_links_and_related_standards(built):
    page = _page(built / "site" / "doc" / "standaard" / "zaakgericht-werken.html")
    std = next(s for s in REGISTER.standards if s.id == "zaakgericht-werken")
    links = [a.get("href") for a in page.find(".//dl").iter("a") if "gemmaonline" in a.get("href")]
    assert links == std.close_match and len(links) == 8
    assert _terms(page.find(".//dl"))["Vergelijkbaar met"].startswith("GEMMA, object 8d54fc7c-")


def test_a_register_without_decisions_builds_with_its_site(tmp_path):
    """GEMMA's list imported: 200 standards, none decided by the VNG; the table shows them with an
    empty date and level, every page is strict HTML, and every link of the index resolves."""
    from click.testing import CliRunner
    from vngreg.cli import main
    result = CliRunner().invoke(main, ["import", "--from", "gemma", str(ROOT / "tests/data/gemma/model"),
                                       "--out", str(tmp_path / "gemma")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    register = load_register(tmp_path / "gemma" / "source")
    assert not any(std.establishments for std in register.standards)
    built = pipeline.build(pipeline.Project.around(tmp_path / "gemma" / "source"), tmp_path / "out")
    assert built.written, [f.format("en") for f in built.report.findings]
    site = tmp_path / "out" / "site"
    index = _page(site / "index.html")
    rows = index.findall(".//table[@class='register']/tbody/tr")
    assert len(rows) == len(register.standards) == 200
    assert all(_text(row[3]) == _text(row[4]) == "" and row.get("data-verbindendheid") == "geen" for row in rows)
    statuses = {s.id: s.name["nl"] for s in register.statuses}
    assert [_text(row[5]) for row in rows] == [
        statuses.get(std.status, "") for std in sorted(register.standards, key=lambda s: [
            c.order for c in register.categories if c.id == s.category])]
    for link in index.iter("a"):
        href = link.get("href")
        if "://" not in href:
            assert (site / href.split("#")[0]).is_file(), href
    pages = _pages(site)
    assert len(pages) > 500
    for path in pages[::7]:  # a sample: the whole site is 600 pages
        _page(path)
    page = _page(site / "doc" / "standaard" / f"{register.standards[0].id}.html")
    assert _text(page.find(".//section[@aria-labelledby='vaststellingen']/p")).startswith(
        "Dit register kent voor deze standaard geen vaststelling")
    assert not list((tmp_path / "out" / "site" / "doc").glob("vaststelling/*.html"))


# --- the SPARQL examples (docs/queries/) ---------------------------------------------------------

QUERIES = sorted((ROOT / "docs" / "queries").glob("*.rq"))


def _examples(site: Path) -> list:
    return _page(site / "sparql-voorbeelden.html").findall(".//section[@class='query']")


def test_the_sparql_examples_page_shows_every_query_its_file_and_its_expected_answer(built):
    site = built / "site"
    raw = (site / "sparql-voorbeelden.html").read_text(encoding="utf-8")
    sections = _examples(site)
    assert [s.get("aria-labelledby") for s in sections] == [p.stem for p in QUERIES] and len(QUERIES) >= 13
    for section, path in zip(sections, QUERIES):
        text = path.read_text(encoding="utf-8")
        assert str(escape(text)) in raw, path.name  # escaped, as a whole
        assert "".join(section.find("pre").itertext()) == text, path.name
        assert _text(section.find("h2")) == text.splitlines()[0].lstrip("# "), path.name
        links = [a.get("href") for a in section.iter("a")]
        assert links == [f"sparql/{path.name}"]
        assert (site / links[0]).read_bytes() == path.read_bytes(), path.name
        header, *rows = csv.reader(io.StringIO(path.with_suffix(".csv").read_text(encoding="utf-8"), newline=""))
        table = section.find(".//table")
        assert [_text(th) for th in table.findall("thead/tr/th")] == header, path.name
        cells = [[_text(td) for td in tr.findall("td")] for tr in table.findall("tbody/tr")]
        assert cells == ([[" ".join(v.split()) for v in row] for row in rows] or
                         [["Geen rijen: op dit register geeft de query geen antwoord."]]), path.name
    assert sorted(p.name for p in (site / "sparql").iterdir()) == [p.name for p in QUERIES]


def test_the_index_links_the_sparql_examples(built):
    links = [a.get("href") for a in _index(built).find(".//section[@aria-labelledby='downloads']").iter("a")]
    assert "sparql-voorbeelden.html" in links


def test_another_register_gets_the_queries_without_the_vng_registers_answers(workdir):
    settings = workdir / "source" / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        f"basis_iri: {BASE}", "basis_iri: https://example.org/register/"), encoding="utf-8")
    result = pipeline.build(pipeline.Project.around(workdir / "source"), workdir / "out")
    assert result.written, [f.format("en") for f in result.report.findings]
    sections = _examples(workdir / "out" / "site")
    assert [s.get("aria-labelledby") for s in sections] == [p.stem for p in QUERIES]
    assert all(s.find(".//table") is None for s in sections)
    assert "zonder verwacht antwoord" in (workdir / "out" / "site" / "sparql-voorbeelden.html").read_text(encoding="utf-8")


def test_missing_shipped_queries_are_named_as_a_damaged_installation(tmp_path):
    from vngreg.site import queries
    with pytest.raises(VngregError, match="example SPARQL queries .* missing") as caught:
        queries.examples("https://example.org/", folder=tmp_path / "gone")
    assert caught.value.exit_code == 3


def test_the_table_decisions_name_the_page_and_notes_link_their_sources(built):
    """Every decision of the table has the VNG page as its source (register.yaml's 'bron'); each
    web address a decision's note names is a link to itself, and the note reads as written."""
    register = load_register(ROOT / "source")
    for std in register.standards:
        page = _page(built / "site" / "doc" / "standaard" / f"{std.id}.html")
        decisions = page.findall(".//ol[@class='timeline']/li")
        assert _terms(decisions[-1].find("dl"))["Bron"] == register.settings.source.url, std.id
        for est, item in zip(std.establishments, decisions):
            if not est.note:
                continue
            note = next(dd for dt, dd in zip(item.iter("dt"), item.iter("dd")) if _text(dt) == "Opmerking")
            links = [a for a in note.iter("a")]
            assert len(links) == est.note.count("http://") + est.note.count("https://"), std.id
            assert all(a.get("href") == _text(a) and _text(a) in est.note for a in links), std.id
            assert _text(note) == " ".join(est.note.split())


@pytest.mark.parametrize("note, links", [
    ("zie (https://example.org/a/); en https://example.org/b.", ["https://example.org/a/", "https://example.org/b"]),
    ('<b>"https://example.org/c?x=1&y=2"</b>', ["https://example.org/c?x=1&y=2"]),
    ("geen adres, alleen example.org en http:/kapot", []),
])
def test_a_notes_web_addresses_become_links_and_the_rest_stays_text(note, links):
    from vngreg.site.pages import _links
    made = _page_text(f"<!DOCTYPE html><title>t</title><p>{_links(note)}</p>")
    assert [a.get("href") for a in made.iter("a")] == links
    assert _text(made.find(".//p")) == note  # nothing lost, nothing became markup of its own


def _page_text(html: str):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
