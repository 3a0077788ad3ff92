"""`vngreg check --against-gemma`: our standards that link to GEMMA, compared with the snapshot in
tests/data/gemma/. Findings are warnings with both values and both sources; the exit stays 0."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from tests.conftest import ROOT
from vngreg.cli import main

SNAPSHOT = ROOT / "tests" / "data" / "gemma" / "model"
BAG = "0590b594-7b80-411e-b8b5-27e7e499de09"       # "BAG bevragen API-standaard" (docs/gemma.md)
BAG_VERSION = "5c97f080-a8ae-431c-9ce7-74113dddb2b5"  # its "(actueel)" version, Status Teruggetrokken


def _check(source):
    result = CliRunner().invoke(main, ["check", "--source", str(source), "--against-gemma", str(SNAPSHOT),
                                       "--lang", "en"], catch_exceptions=False)
    return result.exit_code, [line for line in result.stderr.splitlines() if line.startswith("warning: ")], \
        result.stderr


def test_the_bag_case_and_the_maintainer_of_regels_bij_activiteiten():
    code, warnings, said = _check(ROOT / "source")
    assert code == 0
    bag = [w for w in warnings if "(bag-bevragen)" in w]
    assert len(bag) == 1
    # Both values, both sources: our file and line, GEMMA's Object ID, file and page.
    assert "status of the current version: ours 'Pas toe of leg uit' from 2022-10-01" in bag[0]
    assert f"version 'Actueel' ({BAG_VERSION}) 'Teruggetrokken'" in bag[0]
    assert bag[0].startswith(f"warning: {ROOT / 'source' / 'standaarden.yaml'}:")
    assert f"GEMMA {BAG}, motivation/" in bag[0] and f"https://www.gemmaonline.nl/wiki/GEMMA/id-{BAG}" in bag[0]
    rules = [w for w in warnings if "(regels-bij-activiteiten)" in w]
    assert len(rules) == 1 and "maintainer: ours vng-realisatie; GEMMA 'VNG' (vng)" in rules[0]
    assert len(warnings) == 2, warnings
    assert "7 standards link to it; 2 differences (warnings)" in said


def test_status_name_versions_and_a_dangling_link(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    text = (source / "aanvullingen.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: brk-bevragen\n", "  - id: brk-bevragen\n    versies:\n"
                        "      - {id: a, versie: Actueel, status: einde-ondersteuning}\n"
                        "      - {id: b, versie: '9.9'}\n", 1)
    text = text.replace("    status: in-gebruik\n    specificatie: https://kadaster.github.io/WOZ-bevragen/",
                        "    status: in-ontwikkeling\n    specificatie: https://kadaster.github.io/WOZ-bevragen/")
    text = text.replace("  - id: objecten\n", "  - id: objecten\n    gelijk_aan: "
                        "[https://www.gemmaonline.nl/wiki/GEMMA/id-00000000-0000-0000-0000-000000000000]\n", 1)
    (source / "aanvullingen.yaml").write_text(text, encoding="utf-8")
    table = (source / "standaarden.yaml").read_text(encoding="utf-8")
    (source / "standaarden.yaml").write_text(table.replace("naam: BRK Bevragen", "naam: BRK Opvragen"), encoding="utf-8")
    code, warnings, _ = _check(source)
    assert code == 0
    found = {w.split(": ", 2)[1].split(" (")[1].rstrip(")") + " " + w.split(": ", 3)[2] for w in warnings}
    assert found >= {"brk-bevragen status of version 'Actueel'", "brk-bevragen version", "brk-bevragen name",
                     "woz-bevragen status", "objecten link"}, warnings
    woz = next(w for w in warnings if "(woz-bevragen)" in w and ": status:" in w)
    assert "ours 'In ontwikkeling'; GEMMA 'In gebruik'" in woz and "aanvullingen.yaml:" in woz
    name = next(w for w in warnings if ": name:" in w)
    assert "ours 'BRK Opvragen'; GEMMA 'BRK bevragen API-standaard'" in name
