"""`vngreg import`: the page's table (the seed) and CSV -> standaarden.yaml, byte for byte.

Bad inputs are files in tests/import_cases/bad/, one case a file: a header of `# expect: MESSAGE`
(and `# organisation: {...}` to add an organisation to organisaties.yaml first), then the input.
The input is everything after the header, written to the working folder under the case's name;
the line numbers in the message count from its first line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SEED
from vngreg.cli import main
from vngreg.source.load import load_register

CASES_DIR = Path(__file__).parent / "import_cases"
BAD = sorted((CASES_DIR / "bad").iterdir())
GOLDEN = (ROOT / "source" / "standaarden.yaml").read_bytes()


def _run(*args: str):
    return CliRunner().invoke(main, ["import", *args], catch_exceptions=False)


def _case(case: Path) -> tuple[dict[str, str], str]:
    header, lines = {}, case.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("# "):
        key, _, value = lines.pop(0)[2:].rstrip("\n").partition(": ")
        header[key] = value
    return header, "".join(lines)


def _add_organisation(workdir: Path, flow: str) -> None:
    with (workdir / "source" / "organisaties.yaml").open("a", encoding="utf-8") as file:
        file.write(f"  - {flow}\n")


# --- round trips --------------------------------------------------------------------------------

def test_importing_the_seed_gives_source_exactly():
    result = _run(str(SEED), "--source", str(ROOT / "source"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == GOLDEN
    assert result.stderr == f"imported 13 standards from {SEED}\n"


@pytest.mark.parametrize("name", ["register_comma.csv", "register_semicolon.csv", "page_with_tabs.txt"])
def test_csv_and_tab_separated_copies_give_the_same_bytes(name):
    result = _run(str(CASES_DIR / name), "--source", str(ROOT / "source"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == GOLDEN


def test_the_semicolon_fixture_is_what_dutch_excel_writes():
    raw = (CASES_DIR / "register_semicolon.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b";;;;" in raw
    assert b"1-3-2022" in raw  # Excel's own spelling of a date


def test_an_import_into_source_loads_and_checks(workdir):
    result = _run(str(SEED), "--out", "source/standaarden.yaml", "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"imported 13 standards from {SEED} into source/standaarden.yaml\n"
    assert (workdir / "source" / "standaarden.yaml").read_bytes() == GOLDEN
    register = load_register(workdir / "source")
    bio = next(s for s in register.standards if s.id == "baseline-informatiebeveiliging-overheid")
    assert bio.maintainers == ["vng", "werkgroep-bio"]
    assert bio.maintainer_text == "VNG / Werkgroep BIO onder regie MinBZK"
    check = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert check.exit_code == 0, check.stderr


# --- texts YAML must quote ----------------------------------------------------------------------

AWKWARD = ["Zaak: werk", "Zaak #1", "- lijst", "'enkel'", '"dubbel"', "yes", "null", "2024",
           "café ‘Pas toe’", "[x]", "@thuis", "%procent", "komma, en meer", "? vraag", "a&b *c",
           "!tag", "{accolade}", "a|b > d", "tab\tin het midden"]


def test_texts_yaml_needs_quoted_load_back_equal(workdir):
    table = io.StringIO()
    writer = csv.writer(table, delimiter=";")
    writer.writerow(["naam", "categorie", "in_beheer_bij_tekst", "geldt_vanaf", "verbindendheid"])
    for name in AWKWARD:
        writer.writerow([name, "Inkoop", "VNG Realisatie", "1 april 2021", "Aanbevolen"])
    (workdir / "awkward.csv").write_text(table.getvalue(), encoding="utf-8")

    result = _run("awkward.csv", "--out", "standaarden.yaml")
    assert result.exit_code == 0, result.stderr
    (workdir / "standaarden.yaml").replace(workdir / "source" / "standaarden.yaml")
    (workdir / "source" / "aanvullingen.yaml").unlink()  # it supplements the 13 standards, gone here
    register = load_register(workdir / "source")
    names = [s.name for s in register.standards]
    assert names == [" ".join(name.split()) for name in AWKWARD]
    assert [s.id for s in register.standards][:8] == ["zaak-werk", "zaak-1", "lijst", "enkel",
                                                       "dubbel", "yes", "null", "2024"]
    assert {s.establishment.advised_by for s in register.standards} == {None}  # Aanbevolen: none
    text = (workdir / "source" / "standaarden.yaml").read_text(encoding="utf-8")
    assert "    naam: 'Zaak: werk'\n" in text and "  - id: '2024'\n" in text
    assert "    naam: café ‘Pas toe’\n" in text  # quoted only where YAML needs it


# --- choices the page leaves to us, as options ---------------------------------------------------

def test_decided_by_and_advisers_are_options():
    source = str(ROOT / "source")
    result = _run(str(SEED), "--source", source, "--vastgesteld-door", "vng-algemene-ledenvergadering",
                  "--op-advies-van", "verplicht=")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("vastgesteld_door: vng-algemene-ledenvergadering\n") == 13
    assert result.stdout.count("op_advies_van: college-van-dienstverleningszaken\n") == 11


@pytest.mark.parametrize("args, message", [
    (["--vastgesteld-door", "vng-bestur"],
     "--vastgesteld-door: unknown organisation 'vng-bestur' (fix: did you mean 'vng-bestuur'?)"),
    (["--op-advies-van", "verplicht=cvd"],
     "--op-advies-van: unknown organisation 'cvd' (fix: use an id from organisaties.yaml)"),
    (["--op-advies-van", "streng=vng"],
     "--op-advies-van: 'streng=vng' is not LEVEL=ID with a known level (fix: the levels are "
     "aanbevolen, pas-toe-of-leg-uit, verplicht; for example "
     "verplicht=college-van-dienstverleningszaken, or verplicht= for none)"),
])
def test_bad_options_are_usage_errors(args, message):
    result = _run(str(SEED), "--source", str(ROOT / "source"), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {message}\n"


def test_an_existing_file_is_replaced_only_with_force(workdir):
    target = workdir / "mine.yaml"
    target.write_text("my own work\n", encoding="utf-8")
    result = _run(str(SEED), "--out", "mine.yaml")
    assert result.exit_code == 2
    assert result.stderr == "error: mine.yaml: the file exists already (fix: give --force to " \
                            "replace it, or another --out)\n"
    assert target.read_text(encoding="utf-8") == "my own work\n"
    assert _run(str(SEED), "--out", "mine.yaml", "--force").exit_code == 0
    assert target.read_bytes() == GOLDEN
    assert sorted(p.name for p in workdir.iterdir()) == ["mine.yaml", "ontology", "shapes", "source"]


def test_a_maintainer_ending_in_a_digit_is_told_from_the_day(workdir):
    _add_organisation(workdir, "{id: team-3, naam: {nl: Team 3}}")
    (workdir / "page.txt").write_text(
        "API-standaardenIn beheer bijVastelling geldt vanafMate van verbindendheid\n"
        "Zaakgericht werkenTeam 31 april 2021Pas-toe-of-leg-uit\n", encoding="utf-8")
    result = _run("page.txt")
    assert result.exit_code == 0, result.stderr
    assert "    in_beheer_bij: [team-3]\n    in_beheer_bij_tekst: Team 3\n" in result.stdout
    assert "      geldt_vanaf: 2021-04-01\n" in result.stdout


# --- bad input: one line, exit 1, nothing written ------------------------------------------------

@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_bad_input_is_refused_cleanly(case, workdir):
    header, body = _case(case)
    if "organisation" in header:
        _add_organisation(workdir, header["organisation"])
    (workdir / case.name).write_text(body, encoding="utf-8")

    result = _run(case.name, "--out", "standaarden.yaml")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {header['expect']}\n"
    assert not (workdir / "standaarden.yaml").exists()


def test_every_bad_case_names_its_file_and_has_input():
    for case in BAD:
        header, body = _case(case)
        assert header["expect"].startswith(case.name), case.name
        assert set(header) <= {"expect", "organisation"}, case.name
        assert body, case.name


def test_bad_input_on_stdout_writes_nothing(workdir):
    (workdir / "page.txt").write_text("nothing to see\n", encoding="utf-8")
    result = _run("page.txt")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_a_file_that_is_not_utf8(workdir):
    (workdir / "table.csv").write_bytes("naam;categorie\nCaf\xe9;Inkoop\n".encode("cp1252"))
    result = _run("table.csv")
    assert result.exit_code == 1
    assert result.stderr == "error: table.csv: the file is not UTF-8 text (byte 18) (fix: save it " \
                            "as UTF-8; in Excel choose 'CSV UTF-8')\n"


def test_format_can_be_given_whatever_the_extension(workdir):
    (workdir / "table.txt").write_bytes((CASES_DIR / "register_comma.csv").read_bytes())
    assert _run("table.txt").exit_code == 1  # read as page text: no table header
    result = _run("table.txt", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == GOLDEN
