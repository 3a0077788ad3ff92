"""The commands as a steward uses them: SHACL problems traced to the YAML line, reports, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from vngreg import __version__
from vngreg.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _break_first_date(workdir: Path) -> None:
    path = workdir / "source" / "standaarden.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "geldt_vanaf: 2021-04-01", "geldt_vanaf: 1985-04-01", 1), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_build_writes_out_and_says_so(workdir):
    result = _run("build")
    assert result.exit_code == 0, result.output
    assert "13 standards; 0 violations" in result.stdout
    assert (workdir / "out" / "register.ttl").is_file()


def test_no_site_writes_the_data_files_and_leaves_the_site_out(workdir, built):
    result = _run("build", "--no-site", "--out", "data-only")
    assert result.exit_code == 0, result.output
    data = workdir / "data-only"
    assert not (data / "site").exists()
    assert (built / "site").is_dir()
    for name in ("register.ttl", "register.jsonld", "register.nt", "catalog.ttl", "provenance.ttl"):
        assert (data / name).read_bytes() == (built / name).read_bytes(), name


def test_shacl_violation_points_at_the_yaml_line(workdir):
    _break_first_date(workdir)
    line = _line_of(workdir / "source" / "standaarden.yaml", "geldt_vanaf: 1985-04-01")
    result = _run("build")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"source/standaarden.yaml:{line} (zaakgericht-werken): violation: ")
    assert "De datum 'geldt vanaf'" in first and "(value: 1985-04-01)" in first
    assert first.endswith("[Vaststelling-geldtVanaf-bereik]")
    assert not (workdir / "out").exists()

    english = _run("check", "--lang", "en")
    assert english.exit_code == 1
    assert "The 'applies from' date" in english.stderr.splitlines()[0]


def test_report_as_turtle_and_json(workdir):
    _break_first_date(workdir)
    ttl = _run("check", "--report", "ttl")
    assert ttl.exit_code == 1
    report = Graph().parse(data=ttl.stdout, format="turtle")
    assert len(list(report.subjects(predicate=None, object=None))) > 0
    assert "sh:ValidationReport" in ttl.stdout and "sh:Violation" in ttl.stdout
    as_json = _run("check", "--report", "json")
    assert as_json.exit_code == 1
    parsed = Graph().parse(data=as_json.stdout, format="json-ld")
    assert len(parsed) == len(report)
    json.loads(as_json.stdout)


def test_check_writes_nothing(workdir):
    assert _run("check").exit_code == 0
    assert not (workdir / "out").exists()


def test_validate_any_rdf_file(workdir):
    assert _run("build").exit_code == 0
    for name in ("register.ttl", "register.jsonld", "register.nt", "register.rdf", "register.nq"):
        result = _run("validate", f"out/{name}")
        assert result.exit_code == 0, (name, result.output)

    broken = workdir / "broken.nt"
    lines = (workdir / "out" / "register.nt").read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join(line for line in lines if "/def/gs#geldtVanaf>" not in line) + "\n",
                      encoding="utf-8")
    result = _run("validate", str(broken))
    assert result.exit_code == 1
    assert "[Vaststelling-geldtVanaf]" in result.stderr

    assert _run("validate", str(broken), "--shapes", "shapes/gs-shapes.ttl").exit_code == 1
    (workdir / "bad-shapes.ttl").write_text("this is not turtle", encoding="utf-8")
    assert _run("validate", "out/register.ttl", "--shapes", "bad-shapes.ttl").exit_code == 3
    assert _run("validate", "nothing.ttl").exit_code == 2
    assert _run("validate", "source/register.yaml").exit_code == 2
    assert _run("validate", "out/register.ttl", "--format", "nt").exit_code == 1


def test_schema_command_writes_the_editor_schemas(tmp_path):
    result = _run("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "categorieen.schema.json", "organisaties.schema.json", "register.schema.json",
        "standaarden.schema.json", "verbindendheid.schema.json"]


def test_unknown_profile_is_a_usage_error(workdir):
    assert _run("build", "--profile", "nope").exit_code == 2


def _process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The console script as a user runs it: its own process, which leaves by os._exit."""
    return subprocess.run([sys.executable, "-m", "vngreg", *args], cwd=cwd, capture_output=True,
                          text=True, check=False)


def test_the_command_exits_with_its_code_and_all_its_output(workdir):
    built = _process("build", "--no-site", cwd=workdir)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("wrote 12 files to out/: 652 triples")
    assert (workdir / "out" / "catalog.jsonld").read_bytes() == (ROOT / "out" / "catalog.jsonld").read_bytes()
    version = _process("--version")
    assert (version.returncode, version.stdout) == (0, f"vngreg, version {__version__}\n")
    missing = _process("build", "--source", "nowhere", cwd=workdir)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: the source folder 'nowhere' does not exist")
    usage = _process("build", "--fail-on", "never")
    assert usage.returncode == 2 and "Invalid value for '--fail-on'" in usage.stderr
    report = _process("check", "--report", "json", cwd=workdir)
    assert report.returncode == 0 and json.loads(report.stdout)["sh:conforms"] is True
