"""The spreadsheet downloads, out/register.csv and out/register.xlsx: read back with Python's csv
module and with openpyxl (not the library that writes them), cell for cell against the seed's
table as tests/test_register_table.py typed it; the same bytes on every build, in any time zone;
described in the catalogue and linked from the index."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile

import openpyxl
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID, XSD

from tests.conftest import ROOT
from tests.test_register_table import TABLE, iso
from vngreg import pipeline

BASE = "https://data.vng.nl/gemeentelijke-standaarden/"
HEADER = ["Standaard", "Categorie", "In beheer bij", "Vaststelling geldt vanaf",
          "Mate van verbindendheid"]
# The seed's rows in the download's columns (name, category, maintainer, date, level).
ROWS = [[name, category, maintainer, iso(date), level]
        for category, name, maintainer, date, level in TABLE]
BOM = b"\xef\xbb\xbf"
SPDX = Namespace("http://spdx.org/rdf/terms#")


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline=""), delimiter=";"))


def read_xlsx(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Standaarden"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_csv_is_the_seeds_table_for_dutch_excel(built):
    data = (built / "register.csv").read_bytes()
    assert read_csv(data) == [HEADER, *ROWS]
    lines = data[len(BOM):].split(b"\r\n")
    assert lines[-1] == b"" and len(lines) == len(ROWS) + 2  # CRLF after every row, no bare LF
    assert b"\n" not in b"".join(lines)
    assert lines[1] == b"Zaakgericht werken;API-standaarden;VNG Realisatie;2021-04-01;Pas-toe-of-leg-uit"


def test_the_xlsx_is_the_seeds_table_with_real_dates(built):
    data = (built / "register.xlsx").read_bytes()
    cells = read_xlsx(data)
    assert cells[0] == HEADER
    assert [[*row[:3], row[3].date().isoformat(), row[4]] for row in cells[1:]] == ROWS
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["D2"].is_date and "d mmmm yyyy" in sheet["D2"].number_format
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:E{len(ROWS) + 1}"


def test_dutch_characters_quotes_and_formulas_come_through(workdir):
    name = 'Geïntegreerde "Beëindiging"; één – ‘café’'
    formula = "=HYPERLINK(\"http://example.org\")"
    path = workdir / "source" / "standaarden.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("naam: Haven\n", f"naam: '{name}'\n", 1)
    path.write_text(text.replace("naam: GIBIT\n", f"naam: '{formula}'\n", 1), encoding="utf-8")
    out = workdir / "out"
    assert pipeline.build(pipeline.Project.around(workdir / "source"), out, with_site=False).written
    data = (out / "register.csv").read_bytes()
    # RFC 4180: a field holding the separator or a quote is quoted, its quotes doubled.
    assert '"Geïntegreerde ""Beëindiging""; één – ‘café’"'.encode("utf-8") in data
    names = [row[0] for row in read_csv(data)]
    assert name in names and formula in names
    book = openpyxl.load_workbook(io.BytesIO((out / "register.xlsx").read_bytes()))
    cells = {cell.value: cell for row in book.active.iter_rows() for cell in row[:1]}
    assert name in cells
    assert cells[formula].data_type == "s"  # a text, never a formula


def _build(out, tz: str, seed: str) -> dict[str, bytes]:
    env = dict(os.environ, TZ=tz, PYTHONHASHSEED=seed)
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run([sys.executable, "-m", "vngreg", "build", "--no-site", "--quiet",
                    "--source", str(ROOT / "source"), "--out", str(out)],
                   env=env, check=True, capture_output=True)
    return {name: (out / name).read_bytes() for name in ("register.csv", "register.xlsx")}


def test_the_same_bytes_on_every_build_in_any_time_zone(tmp_path, built):
    first = _build(tmp_path / "a", "Pacific/Kiritimati", "1")
    second = _build(tmp_path / "b", "America/Adak", "2")
    assert first == second
    assert first == {name: (built / name).read_bytes() for name in first}
    with zipfile.ZipFile(io.BytesIO(first["register.xlsx"])) as book:
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode("utf-8")
    # The document's dates are the register's last change (source/register.yaml), not the clock.
    assert core.count(">2023-10-12T00:00:00Z<") == 2


def test_the_catalogue_describes_both_as_they_are(built):
    catalog = Graph().parse(built / "catalog.ttl", format="turtle")
    file_types = "http://publications.europa.eu/resource/authority/file-type/"
    for name, media_type, file_type in (
            ("register.csv", "text/csv", "CSV"),
            ("register.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "XLSX")):
        data = (built / name).read_bytes()
        dist = catalog.value(None, DCAT.downloadURL, URIRef(BASE + name))
        assert (URIRef(BASE + "id/dataset/gemeentelijke-standaarden"), DCAT.distribution, dist) in catalog
        assert catalog.value(dist, DCAT.mediaType) == URIRef(
            "https://www.iana.org/assignments/media-types/" + media_type)
        assert catalog.value(dist, DCTERMS.format) == URIRef(file_types + file_type)
        assert catalog.value(dist, DCAT.byteSize).toPython() == len(data)
        checksum = catalog.value(dist, SPDX.checksum)
        assert catalog.value(checksum, SPDX.checksumValue) == Literal(
            hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)
        # The table is not an RDF dump of the register.
        assert (None, VOID.dataDump, URIRef(BASE + name)) not in catalog


def test_the_index_links_both_and_the_links_work_from_disk(built):
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("register.csv", "register.xlsx"):
        assert f'<a href="{name}"' in index
        assert (built / "site" / name).read_bytes() == (built / name).read_bytes()
