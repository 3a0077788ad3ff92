"""The commands as a steward uses them: SHACL problems traced to the YAML line, reports, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from vngreg.vocab import in_rdflib as ns

from vngreg import __version__
from vngreg.cli import main
from vngreg.write.outdir import STAMP

GS, RDF, SH, XSD = ns.GS, ns.RDF, ns.SH, ns.XSD

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _break_first_date(workdir: Path) -> None:
    for name in ("standaarden.yaml", "aanvullingen.yaml"):  # the supplement completes that decision
        path = workdir / "source" / name
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
    assert first.endswith("[gsh:Vaststelling-geldtVanaf-bereik]")
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
        assert result.stdout == f"out/{name} (register): 0 violations, 0 warnings\n"

    broken = workdir / "broken.nt"
    lines = (workdir / "out" / "register.nt").read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join(line for line in lines if "/def/gs#geldtVanaf>" not in line) + "\n",
                      encoding="utf-8")
    result = _run("validate", str(broken))
    assert result.exit_code == 1
    assert "[gsh:Vaststelling-geldtVanaf]" in result.stderr

    assert _run("validate", str(broken), "--shapes", "shapes/gs-shapes.ttl").exit_code == 1
    (workdir / "bad-shapes.ttl").write_text("this is not turtle", encoding="utf-8")
    assert _run("validate", "out/register.ttl", "--shapes", "bad-shapes.ttl").exit_code == 3
    assert _run("validate", "nothing.ttl").exit_code == 2
    assert _run("validate", "source/register.yaml").exit_code == 2
    assert _run("validate", "out/register.ttl", "--format", "nt").exit_code == 1


def test_validate_chooses_the_profiles_by_content_and_says_which(built):
    catalog = _run("validate", str(built / "catalog.ttl"))
    assert catalog.exit_code == 0, catalog.output
    assert catalog.stderr == (f"{built / 'catalog.ttl'}: checked against dcat-ap, dcat-ap-nl, because it "
                              f"holds a dcat:Catalog (choose with --profile)\n")
    assert catalog.stdout == (f"{built / 'catalog.ttl'} (dcat-ap): 0 violations, 0 warnings\n"
                              f"{built / 'catalog.ttl'} (dcat-ap-nl): 0 violations, 0 warnings\n")
    register = _run("validate", str(built / "register.ttl"))
    assert register.exit_code == 0
    assert register.stdout == f"{built / 'register.ttl'} (register): 0 violations, 0 warnings\n"
    assert "because it holds the register's own classes (gs:)" in register.stderr
    concepts = _run("validate", str(DATA / "broken-concepts.ttl"))
    assert "checked against nl-sbb, because it holds a skos:ConceptScheme" in concepts.stderr


def test_validate_asks_for_a_profile_when_it_cannot_tell(tmp_path):
    plain = tmp_path / "plain.nt"
    plain.write_text("<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n", encoding="utf-8")
    result = _run("validate", str(plain))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {plain}: cannot tell which profile to check against: it holds no "
                             "dcat:Catalog, no register classes (gs:) and no skos:ConceptScheme (fix: give "
                             "--profile (register, dcat-ap, dcat-ap-nl, nl-sbb) or --shapes)\n")


def test_our_own_output_passes_the_official_profiles(built):
    catalog = _run("validate", "--profile", "dcat-ap", "--profile", "dcat-ap-nl", "--profile", "nl-sbb",
                   str(built / "catalog.ttl"))
    assert (catalog.exit_code, catalog.stderr) == (0, ""), catalog.output
    assert catalog.stdout.count(": 0 violations, 0 warnings\n") == 3
    register = _run("validate", "--profile", "register", "--profile", "nl-sbb", str(built / "register.ttl"))
    assert (register.exit_code, register.stderr) == (0, ""), register.output
    assert register.stdout.count(": 0 violations, 0 warnings\n") == 2


def test_a_hand_made_catalogue_gets_its_real_error_named():
    result = _run("validate", str(DATA / "broken-catalog.ttl"), "--profile", "dcat-ap")
    assert result.exit_code == 1
    assert result.stderr == ("<https://example.org/distributie> dcat:byteSize: violation: niet voldaan "
                             "aan: sh:datatype xsd:nonNegativeInteger (value: veel) "
                             "[dcat:byteSize sh:datatype]\n")
    english = _run("validate", str(DATA / "broken-catalog.ttl"), "--profile", "dcat-ap", "--lang", "en")
    assert "violation: not met: sh:datatype xsd:nonNegativeInteger (value: veel)" in english.stderr
    # DCAT-AP-NL asks more (a contact point, ...): its own messages and the shapes' IRIs as rule ids
    netherlands = _run("validate", str(DATA / "broken-catalog.ttl"), "--profile", "dcat-ap-nl").stderr
    assert ("<https://example.org/catalogus> dcat:contactPoint: violation: Minimally 1 values are "
            "expected for contact point [dcatapnl-sh:CatalogShape_contactPoint_minCount]") in netherlands


def test_a_shapes_own_dutch_message_and_iri(tmp_path):
    result = _run("validate", str(DATA / "broken-concepts.ttl"), "--fail-on", "warning")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "<https://example.org/boom>: warning: Een topbegrip mag geen bovenliggende begrippen kennen. "
        "(value: <https://example.org/boom>) [skosapnl:TopConceptHavingBroader]"]


def test_only_top_level_results_count(tmp_path):
    shapes = tmp_path / "nested.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:Person a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:address ; sh:node ex:Address ] .
ex:Address a sh:NodeShape ; sh:property [ sh:path ex:city ; sh:minCount 1 ] .
""", encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <https://example.org/> . ex:ann a ex:Person ; ex:address ex:home .\n",
                    encoding="utf-8")
    result = _run("validate", str(data), "--shapes", str(shapes))
    assert result.exit_code == 1
    assert result.stdout == f"{data} (shapes): 1 violations, 0 warnings\n"
    assert result.stderr == ("<https://example.org/ann> ex:address: violation: niet voldaan aan: "
                             "sh:node ex:Address (value: <https://example.org/home>) [ex:address sh:node]\n")
    as_turtle = _run("validate", str(data), "--shapes", str(shapes), "--report", "ttl")
    report = Graph().parse(data=as_turtle.stdout)
    # validated as a build is, by our engine, which gives sh:node's result only (sh:detail is
    # optional in SHACL); where pySHACL nests the inner one, it is no finding either
    # (tests/test_engine_conformance.py, test_only_top_level_results_are_findings)
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 1


def test_syntax_errors_show_the_parsers_message_with_the_line(tmp_path):
    turtle = tmp_path / "bad.ttl"
    turtle.write_text('@prefix dct: <http://purl.org/dc/terms/> .\n<https://e.org/a> dct:title "x" ;\n'
                      '  dct:b "y" "z" .\n', encoding="utf-8")
    result = _run("validate", str(turtle))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {turtle}: not valid turtle: at line 3 of <>: Bad syntax "
                                    "(expected '.' or '}' or ']' at end of statement) at ^ in:")
    triples = tmp_path / "bad.nt"
    triples.write_text('<https://e.org/a> <https://e.org/b> "c" .\n<https://e.org/a> <https://e.org/b> "c\n',
                       encoding="utf-8")
    result = _run("validate", str(triples))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {triples}: not valid nt: Parser error between line 2 column")


def test_check_and_validate_word_a_finding_the_same_way(workdir):
    assert _run("build").exit_code == 0
    focus = "https://data.vng.nl/gemeentelijke-standaarden/id/vaststelling/zaakgericht-werken-2021-04-01"
    triple = f'<{focus}> <{GS.geldtVanaf}> "2021-04-01"^^<{XSD.date}> .'
    nt = (workdir / "out" / "register.nt").read_text(encoding="utf-8")
    assert triple in nt
    (workdir / "broken.nt").write_text(nt.replace(triple, triple.replace('"2021', '"1985')), encoding="utf-8")
    _break_first_date(workdir)
    line = _line_of(workdir / "source" / "standaarden.yaml", "geldt_vanaf: 1985-04-01")
    checked = _run("check").stderr.splitlines()
    validated = _run("validate", "broken.nt").stderr.splitlines()[1:]
    where = f"source/standaarden.yaml:{line} (zaakgericht-werken): "
    assert checked[0].startswith(where)
    assert f"<{focus}> gs:geldtVanaf: " + checked[0][len(where):] in validated


def test_schema_command_writes_the_editor_schemas(tmp_path):
    result = _run("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aanvullingen.schema.json", "categorieen.schema.json", "organisaties.schema.json",
        "referentiecomponenten.schema.json", "register.schema.json", "standaarden.schema.json", "status.schema.json",
        "verbindendheid.schema.json", "verbindingsrol.schema.json"]


def test_unknown_profile_is_a_usage_error(workdir):
    assert _run("build", "--profile", "nope").exit_code == 2


def _process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The console script as a user runs it: its own process, which leaves by os._exit."""
    return subprocess.run([sys.executable, "-m", "vngreg", *args], cwd=cwd, capture_output=True,
                          text=True, check=False)


def test_the_command_exits_with_its_code_and_all_its_output(workdir):
    built = _process("build", "--no-site", cwd=workdir)
    assert built.returncode == 0, built.stderr
    written = [p for p in (workdir / "out").rglob("*") if p.is_file() and p.name != STAMP]
    triples = len((workdir / "out" / "register.nt").read_bytes().splitlines())
    assert built.stdout.startswith(f"wrote {len(written)} files to out/: {triples} triples")
    assert (workdir / "out" / "catalog.jsonld").read_bytes() == (ROOT / "out" / "catalog.jsonld").read_bytes()
    version = _process("--version")
    assert (version.returncode, version.stdout) == (0, f"vngreg, version {__version__}\n")
    missing = _process("build", "--source", "nowhere", cwd=workdir)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: de bronmap 'nowhere' bestaat niet")
    usage = _process("build", "--fail-on", "never")
    assert usage.returncode == 2 and "Invalid value for '--fail-on'" in usage.stderr
    report = _process("check", "--report", "json", cwd=workdir)
    assert report.returncode == 0 and json.loads(report.stdout)["sh:conforms"] is True


def test_init_writes_a_register_that_checks_clean_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("init", "reg")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote a new register to reg/ (17 files); next: cd reg && vngreg build\n"
    written = (tmp_path / "reg").rglob("*")
    assert sorted(str(p.relative_to(tmp_path / "reg")) for p in written if p.is_file()) == [
        ".gitignore", "README.md", *(f"schema/{name}.schema.json" for name in (
            "aanvullingen", "categorieen", "organisaties", "referentiecomponenten", "register", "standaarden",
            "status", "verbindendheid", "verbindingsrol")),
        *(f"source/{name}.yaml" for name in (
            "categorieen", "organisaties", "register", "standaarden", "status", "verbindendheid"))]
    assert "out/" in (tmp_path / "reg" / ".gitignore").read_text(encoding="utf-8").splitlines()
    checked = _run("check", "--source", "reg/source")
    assert (checked.exit_code, checked.stdout) == (0, "1 standards; 0 violations, 0 warnings\n")
    again = _run("init", "reg")
    assert again.exit_code == 2
    assert again.stderr == ("error: 'reg' already exists and is not an empty folder (fix: give a new "
                            "folder name; vngreg init never overwrites files)\n")


def test_shell_completion_as_the_readme_documents_it(tmp_path):
    script = Path(sys.executable).parent / "vngreg"
    source = subprocess.run([script], env={**os.environ, "_VNGREG_COMPLETE": "bash_source"},
                            capture_output=True, text=True, check=False)
    assert source.returncode == 0 and "complete -o nosort -F _vngreg_completion vngreg" in source.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_VNGREG_COMPLETE=bash_source vngreg)"' in readme
    answer = subprocess.run([script], env={**os.environ, "_VNGREG_COMPLETE": "bash_complete",
                                           "COMP_WORDS": "vngreg validate --profile ", "COMP_CWORD": "3"},
                            capture_output=True, text=True, check=False)
    assert answer.stdout.split() == ["plain,register", "plain,dcat-ap", "plain,dcat-ap-nl", "plain,nl-sbb"]
