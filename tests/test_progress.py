"""Progress on long work: a build of a generated register of a few thousand standards (seconds,
not one) shows its steps on stderr as plain lines when stderr is no terminal, and none with
--quiet; stdout is what it always was. On a terminal (a real pseudo-terminal) one line is
rewritten in place and cleared at the end."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from vngreg.progress import Progress

STANDARDS = 2000
STEP = re.compile(r"^vngreg: +\d+\.\d s  (.+)$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(STANDARDS),
                    str(folder)], check=True, capture_output=True)
    return folder / "source"


def vngreg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vngreg", *args], capture_output=True, text=True)


def test_a_long_build_shows_its_steps_and_counts_on_stderr(generated, tmp_path):
    done = vngreg("build", "--source", str(generated), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(rf"wrote \d+ files to {re.escape(str(tmp_path))}/out/: \d+ triples, "
                        rf"{STANDARDS} standards; 0 violations, 0 warnings\n", done.stdout)
    steps = [STEP.match(line)[1] for line in done.stderr.splitlines()]  # every line a step
    assert steps[:2] == [f"loading {generated}/", f"mapping: {STANDARDS:,} standards"]
    assert re.fullmatch(r"validating: [\d,]+ triples", steps[2])
    assert f"writing the spreadsheets: {STANDARDS:,} rows" in steps
    assert f"making the site: {STANDARDS:,} standards" in steps
    assert steps[-1].startswith(f"replacing {tmp_path}/out/: ")
    assert "\r" not in done.stderr and "\033" not in done.stderr  # no terminal: plain lines


def test_quiet_shows_no_steps_but_still_the_result_and_the_errors(generated, tmp_path):
    done = vngreg("build", "--quiet", "--source", str(generated), "--out", str(tmp_path / "out"))
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("wrote ") and f"{STANDARDS} standards" in done.stdout
    broken = tmp_path / "broken" / "source"
    broken.mkdir(parents=True)
    (broken / "register.yaml").write_text("id: [\n", encoding="utf-8")
    failed = vngreg("check", "--quiet", "--source", str(broken))
    assert failed.returncode == 1 and "register.yaml" in failed.stderr
    assert not [line for line in failed.stderr.splitlines() if STEP.match(line)]


def test_on_a_terminal_one_line_is_rewritten_and_cleared():
    master, slave = pty.openpty()
    seen = b""
    with open(slave, "w", encoding="utf-8") as terminal:
        progress = Progress(terminal, after=0)
        progress.step("mapping", 3000, "standards")
        progress.step("validating", 84771, "triples")
        while b"validating: 84,771 triples" not in seen:
            assert select.select([master], [], [], 30)[0], seen
            seen += os.read(master, 4096)
        progress.close()
        terminal.flush()
    while select.select([master], [], [], 1)[0]:
        try:
            seen += os.read(master, 4096)
        except OSError:  # the terminal's other end is closed
            break
    os.close(master)
    assert seen.startswith(b"\r\033[Kvngreg: ") and b"\n" not in seen
    assert seen.endswith(b"\r\033[K")  # cleared for the command's own last line
