"""Decisions over time, end dates and versions (issue 15): a register where GIBIT has two decisions
at different levels, the second with an end date, and a version that replaces another, queried with
the example queries of docs/queries on dates before, between and after the decisions."""

from __future__ import annotations

import datetime as dt
import shutil

import pyoxigraph
import pytest

from tests.conftest import ROOT, replace_entry
from vngreg.errors import VngregErrors
from vngreg.mapping.emitter import map_register
from vngreg.source.load import load_register

QUERIES = ROOT / "docs" / "queries"
# GIBIT: 'pas toe of leg uit' from 2021-04-01 (the page's row), then 'verplicht' from 2023-01-01
# until 2026-01-01; two versions, the second replacing the first. Not real facts: a test register.
SUPPLEMENT = """\
  - id: gibit
    vaststellingen:
      - geldt_vanaf: 2023-01-01
        geldt_tot: 2026-01-01
        verbindendheid: verplicht
        vastgesteld_door: vng-algemene-ledenvergadering
        besluit: {titel: Ledenbrief T 1, datum: 2022-11-15, url: 'https://example.org/t1'}
        bron: https://example.org/nieuws
    status: in-gebruik
    versies:
      - {id: '1', versie: '1.0', status: vervangen}
      - {id: '2', versie: '2.0', vervangt: '1', status: in-gebruik, uitgegeven: 2023-01-01}
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("history") / "source"
    shutil.copytree(ROOT / "source", folder)
    replace_entry(folder, "gibit", SUPPLEMENT)  # the real register's entry gives way to the test's
    return folder


@pytest.fixture(scope="module")
def register(source):
    return load_register(source)


@pytest.fixture(scope="module")
def store(register):
    triples = "".join(f"{s} {p} {o} .\n" for s, p, o in map_register(register).triples)
    store = pyoxigraph.Store()
    store.load(triples.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _rows(store, name: str, **replace) -> list[tuple[str, ...]]:
    text = (QUERIES / name).read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return [tuple(term and term.value for term in row) for row in store.query(text)]


def _gibit_on(store, day: str):
    rows = _rows(store, "11-geldend-op-2021-06-01.rq", **{'"2021-06-01"': f'"{day}"'})
    return [(start, level) for name, start, level in rows if name == "GIBIT"]


@pytest.mark.parametrize("day,expected", [
    ("2021-03-31", []),                                            # before the first decision
    ("2021-04-01", [("2021-04-01", "Pas toe of leg uit")]),       # its first day
    ("2022-12-31", [("2021-04-01", "Pas toe of leg uit")]),       # between the two
    ("2023-01-01", [("2023-01-01", "Verplicht")]),                # the second's first day
    ("2025-12-31", [("2023-01-01", "Verplicht")]),                # its last day
    ("2026-01-01", []),                                            # ended: geldt_tot is not included
])
def test_the_level_in_force_on_a_date(store, register, day, expected):
    assert _gibit_on(store, day) == expected
    gibit = next(s for s in register.standards if s.id == "gibit")
    decision = gibit.establishment_on(dt.date.fromisoformat(day))
    assert [(d.applies_from.isoformat(), d.binding_level) for d in filter(None, [decision])] == [
        (start, "verplicht" if level == "Verplicht" else "pas-toe-of-leg-uit") for start, level in expected]


def test_the_change_of_level_is_found(store):
    assert _rows(store, "12-gewijzigde-verbindendheid.rq") == [
        ("GIBIT", "2023-01-01", "Pas toe of leg uit", "Verplicht")]


def test_the_current_decision_is_the_latest_and_the_table_shows_it(store, register):
    gibit = next(s for s in register.standards if s.id == "gibit")
    assert [d.applies_from.isoformat() for d in gibit.establishments] == ["2021-04-01", "2023-01-01"]
    assert gibit.establishment.binding_level == "verplicht"
    base = register.settings.base_iri
    current = store.query(f"SELECT ?v WHERE {{ <{base}id/standaard/gibit> "
                          f"<https://data.vng.nl/gemeentelijke-standaarden/def/gs#geldendeVaststelling> ?v }}")
    assert [row[0].value for row in current] == [f"{base}id/vaststelling/gibit-2023-01-01"]


def test_the_decision_keeps_its_document_and_source(store, register):
    base = register.settings.base_iri
    rows = store.query(f"""PREFIX dct: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
        SELECT ?bron ?titel ?datum ?url ?tot WHERE {{ <{base}id/vaststelling/gibit-2023-01-01> dct:source ?bron ;
          gs:geldtTot ?tot ; gs:besluit [ dct:title ?titel ; dct:date ?datum ; foaf:page ?url ] }}""")
    assert [tuple(t.value for t in row) for row in rows] == [
        ("https://example.org/nieuws", "Ledenbrief T 1", "2022-11-15", "https://example.org/t1", "2026-01-01")]


def test_a_version_replaces_another(store):
    # Of the chains: the test's GIBIT 1.0 -> 2.0 and the real BIO 1.03 -> 1.04 -> BIO2.
    current = _rows(store, "13-huidige-versies.rq")
    assert [row for row in current if row[0] in ("GIBIT", "Baseline Informatiebeveiliging Overheid")] == [
        ("Baseline Informatiebeveiliging Overheid", "BIO2", None), ("GIBIT", "2.0", "In gebruik")]
    rows = store.query("""PREFIX dct: <http://purl.org/dc/terms/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?new ?old WHERE { ?n dct:replaces ?o . ?o dct:isReplacedBy ?n .
          ?n owl:versionInfo ?new ; dct:isVersionOf/dct:identifier "gibit" . ?o owl:versionInfo ?old }""")
    assert [(r[0].value, r[1].value) for r in rows] == [("2.0", "1.0")]


def test_the_register_with_history_passes_our_shapes(source):
    from vngreg import pipeline
    build = pipeline.check(pipeline.Project.around(source))
    assert [f.format("en") for f in build.report.findings] == []


@pytest.mark.parametrize("entry,message", [
    ("  - id: gibit\n    vaststellingen:\n      - {geldt_vanaf: 2021-04-01, verbindendheid: verplicht}\n",
     "'verbindendheid' 'verplicht' contradicts the decision in standaarden.yaml"),
    ("  - id: gibit\n    vaststellingen:\n      - {geldt_vanaf: 2023-01-01, geldt_tot: 2022-01-01,"
     " verbindendheid: verplicht}\n", "'geldt_tot' 2022-01-01 is not after 'geldt_vanaf' 2023-01-01"),
    ("  - id: gibit\n    vaststellingen:\n      - {geldt_vanaf: 2023-01-01}\n",
     "the decision of 2023-01-01 has no 'verbindendheid'"),
    ("  - id: gibitt\n    status: in-gebruik\n", "'gibitt' is not a standard in standaarden.yaml"),
    ("  - id: gibit\n    status: in-gebrek\n", "unknown status 'in-gebrek'"),
    ("  - id: gibit\n    versies:\n      - {id: '2', versie: '2', vervangt: '1'}\n",
     "unknown version of gibit '1'"),
    ("  - id: objecten\n    opmerking: nog een\n", None),  # allowed: objecten has none (in the table)
    ("  - id: haven\n    status: in-gebruik\n", "the id 'haven' is used twice"),  # one entry a standard
    # A document's id names one document: described alike wherever it is given, and no name that
    # a document without an id already has (zaakgericht-werken's, by its standard and date).
    ("  - id: gibit\n    vaststellingen:\n      - geldt_vanaf: 2021-04-01\n"
     "        besluit: {id: lbr-22-047, titel: Een andere brief}\n",
     "the document 'lbr-22-047' is described otherwise in aanvullingen.yaml, line"),
    ("  - id: gibit\n    vaststellingen:\n      - geldt_vanaf: 2021-04-01\n"
     "        besluit: {id: zaakgericht-werken-2021-04-01, titel: X}\n",
     "the document id 'zaakgericht-werken-2021-04-01' is the name another decision's document has already"),
    ("  - id: objecttypen\n    homepage: https://example.org/b\n", "'homepage' is given already in "
                                                                      "standaarden.yaml, on line 37"),
])
def test_bad_supplements_are_reported_with_their_line(tmp_path, entry, message):
    folder = tmp_path / "source"
    shutil.copytree(ROOT / "source", folder)
    table = (folder / "standaarden.yaml").read_text(encoding="utf-8")
    (folder / "standaarden.yaml").write_text(table.replace(  # objecttypen's homepage, on line 37
        "  - id: objecttypen\n", "  - id: objecttypen\n    homepage: https://example.org/a\n"), encoding="utf-8")
    # The test's entry in place of the real one (and none for objecttypen, whose homepage is now in
    # the table), but for the case of an id used twice.
    replace_entry(folder, "objecttypen", "")
    standard = entry.split("\n")[0].removeprefix("  - id: ")
    if "used twice" in (message or ""):
        with (folder / "aanvullingen.yaml").open("a", encoding="utf-8") as file:
            file.write(entry)
    else:
        replace_entry(folder, standard, entry)
    if message is None:
        load_register(folder)
        return
    with pytest.raises(VngregErrors) as raised:
        load_register(folder)
    found = [p.format("en") for p in raised.value.problems]
    assert any(message in line and "aanvullingen.yaml:" in line for line in found), found


def test_the_spreadsheet_rows_show_the_current_decision(register):
    from vngreg.site.table import table_rows
    (row,) = [row for row in table_rows(register) if row[0] == "GIBIT"]
    assert (row[3].isoformat(), row[4]) == ("2023-01-01", "Verplicht")


def test_one_letter_for_five_decisions_is_one_document(store):
    """Lbr. 22/047 (source/aanvullingen.yaml, with its id) decided Haven and the four Haal Centraal
    APIs: one gs:Besluit, which five decisions point at."""
    rows = store.query("""PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?doc (COUNT(?decision) AS ?n) WHERE { ?decision gs:besluit ?doc .
          ?doc dct:title ?title FILTER(CONTAINS(?title, "22/047")) } GROUP BY ?doc""")
    assert [(row[0].value.rsplit("/", 1)[1], int(row[1].value)) for row in rows] == [("lbr-22-047", 5)]
