"""out/provenance.ttl: which source (by content), tool and date made out/; repeatable, and the date
settable with --build-date or SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from vngreg import __version__, pipeline
from vngreg.cli import main

DATASET = "https://data.vng.nl/gemeentelijke-standaarden/id/dataset/gemeentelijke-standaarden"
ASK_BUILD = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?date ?digest ?version (COUNT(DISTINCT ?file) AS ?files) WHERE {
  <%s> prov:wasGeneratedBy ?build .
  ?build a prov:Activity ; dct:date ?date ; prov:used ?source ; prov:wasAssociatedWith ?agent .
  ?source a prov:Entity ; dct:identifier ?digest ; prov:hadMember ?file .
  ?file dct:title ?name ; dct:identifier ?fileDigest .
  ?agent a prov:SoftwareAgent ; owl:versionInfo ?version .
} GROUP BY ?date ?digest ?version
""" % DATASET


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _recorded(out: Path) -> tuple[str, str, str, int]:
    graph = Graph().parse(out / "provenance.ttl", format="turtle")
    rows = list(graph.query(ASK_BUILD))
    assert len(rows) == 1, rows
    date, digest, version, files = rows[0]
    return str(date), str(digest), str(version), int(files)


def _build(out: str, when: dt.date | None = None) -> Path:
    result = pipeline.build(pipeline.Project.around(Path("source")), Path(out), build_date=when)
    assert result.written, [f.format("en") for f in result.report.findings]
    return Path(out)


def test_build_date_from_the_option(workdir):
    assert _run("build", "--build-date", "2024-05-01").exit_code == 0
    date, digest, version, files = _recorded(workdir / "out")
    assert date == "2024-05-01"
    assert version == __version__
    assert files == 7


def test_build_date_from_source_date_epoch(workdir):
    # 1714567200 is 2024-05-01T12:40:00Z
    assert _run("build", env={"SOURCE_DATE_EPOCH": "1714567200"}).exit_code == 0
    assert _recorded(workdir / "out")[0] == "2024-05-01"
    # the option wins over the environment
    assert _run("build", "--build-date", "2024-06-30", env={"SOURCE_DATE_EPOCH": "1714567200"}).exit_code == 0
    assert _recorded(workdir / "out")[0] == "2024-06-30"


def test_bad_dates_are_usage_errors(workdir):
    bad_epoch = _run("build", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad_epoch.exit_code == 2
    assert "SOURCE_DATE_EPOCH is 'yesterday'" in bad_epoch.stderr
    assert _run("build", "--build-date", "1 mei 2024").exit_code == 2
    assert not (workdir / "out").exists()


def test_default_date_comes_from_the_data(workdir):
    # The seed's newest 'geldt vanaf' is 12 October 2023 (GBI-ontologie en koppelvlaksspecificaties).
    assert _recorded(_build("out"))[0] == "2023-10-12"
    settings = workdir / "source" / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "gewijzigd: 2024-02-01\n", encoding="utf-8")
    assert _recorded(_build("out"))[0] == "2024-02-01"


def test_same_date_same_bytes_whatever_way_it_was_given(workdir):
    _build("one", dt.date(2024, 5, 1))
    assert _run("build", "--out", "two", env={"SOURCE_DATE_EPOCH": "1714567200"}).exit_code == 0
    assert (workdir / "one" / "provenance.ttl").read_bytes() == (workdir / "two" / "provenance.ttl").read_bytes()


def test_the_date_is_not_in_the_register_graph(workdir):
    one, two = _build("one", dt.date(2024, 5, 1)), _build("two", dt.date(2025, 1, 2))
    for name in ("register.ttl", "register.nt", "register.jsonld"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert "wasGeneratedBy" not in (one / "register.nt").read_text(encoding="utf-8")
    assert _recorded(one)[0] != _recorded(two)[0]


def test_source_digest_is_that_of_sha256sum(workdir):
    """The digest a steward can check by hand: cd source && sha256sum *.yaml | sha256sum."""
    digest = _recorded(_build("out"))[1]
    by_hand = subprocess.run("sha256sum *.yaml | sha256sum", shell=True, cwd=workdir / "source",
                             capture_output=True, text=True, check=True).stdout.split()[0]
    assert digest == f"sha256:{by_hand}"


def test_a_changed_source_gives_another_digest(workdir):
    before = _recorded(_build("out", dt.date(2024, 5, 1)))
    path = workdir / "source" / "standaarden.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Haven", "naam: Haven 2"), encoding="utf-8")
    after = _recorded(_build("out", dt.date(2024, 5, 1)))
    assert before[1] != after[1]
    assert before[0] == after[0]
    # a comment is a change of the source too, though not of the register graph
    before_comment = after
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _recorded(_build("out", dt.date(2024, 5, 1)))[1] != before_comment[1]


def test_its_iris_follow_the_uri_strategy(workdir):
    graph = Graph().parse(_build("out") / "provenance.ttl", format="turtle")
    base = "https://data.vng.nl/gemeentelijke-standaarden/"
    pattern = re.compile(rf"^{re.escape(base)}id/(dataset|bouw|bron|bronbestand|software)/[a-z0-9]+(-[a-z0-9]+)*$")
    minted = {str(n) for triple in graph for n in triple if str(n).startswith(base)}
    assert len(minted) == 11  # dataset, build, source, 7 files, tool
    assert [iri for iri in sorted(minted) if not pattern.match(iri)] == []
