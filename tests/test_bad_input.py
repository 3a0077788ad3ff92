"""Bad input: one clear message a problem (file:line (entry): what, fix), a non-zero exit, no
traceback, and out/ left exactly as it was. One case a file in tests/bad_input/, its expected
messages in its header: `# replaces: FILE`, `# expect: MESSAGE` (one line a problem, in Dutch, or
in English after `# lang: en`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vngreg.cli import main

CASES = sorted((Path(__file__).parent / "bad_input").glob("*.yaml"))


def _header(case: Path) -> dict[str, str]:
    header = {"lang": "nl", "expect": ""}
    for line in case.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = header[key] + f"error: {value}\n" if key == "expect" else value
    return header


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_refused_cleanly(case, workdir):
    header = _header(case)
    shutil.copyfile(case, workdir / "source" / header["replaces"])
    if header["replaces"] == "standaarden.yaml":  # its supplements are of the 13 standards replaced
        (workdir / "source" / "aanvullingen.yaml").unlink()
    out = workdir / "out"
    out.mkdir()
    (out / "register.ttl").write_text("the previous release\n")
    before = _tree(out)

    # catch_exceptions=False: anything but a clean exit (a traceback) fails the test itself
    result = CliRunner().invoke(main, ["build", "--lang", header["lang"]], catch_exceptions=False)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == header["expect"]
    assert _tree(out) == before
    assert sorted(p.name for p in workdir.iterdir()) == ["ontology", "out", "shapes", "source"]


def test_every_case_names_its_file_and_message():
    for case in CASES:
        header = _header(case)
        assert header.get("replaces") and header.get("expect"), case.name
        assert header["expect"].startswith(f"error: source/{header['replaces']}"), case.name
