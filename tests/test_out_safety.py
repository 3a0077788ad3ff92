"""out/ is the build's alone and never lost: `--out` can name no project folder and no folder some
other program wrote, one build at a time writes it, and a fault leaves it as it was. Real builds
as processes; faults on a real tmpfs (tests/fault_build.py)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from vngreg.cli import main
from vngreg.write.outdir import STAMP, STAMP_TEXT, staged

GUARD = 600  # seconds: only so that a hanging build fails the test instead of stopping the suite


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in stderr, stderr
    return lines[0]


def _process(workdir: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vngreg", "build", *args], cwd=workdir,
                            text=True, **popen)


def _rename(workdir: Path, name: str) -> None:
    """A change to the register, so that two builds differ."""
    path = workdir / "source" / "standaarden.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Haven\n", f"naam: {name}\n"),
                    encoding="utf-8")


# --- out/ is ours alone ------------------------------------------------------------------------

@pytest.mark.parametrize("out", ["source", "shapes", "ontology", ".", "..", "/", "source/out",
                                 "shapes/../source"])
def test_out_may_not_be_a_project_folder_nor_hold_one(workdir, out):
    before, around = _tree(workdir), sorted(os.listdir(workdir.parent))
    for force in ((), ("--force",)):
        result = _run("build", "--out", out, *force)
        assert result.exit_code == 2
        line = _one_line(result.stderr)
        assert line.startswith(f"error: --out {out} ") and "the project's folder" in line
    assert _tree(workdir) == before
    assert sorted(os.listdir(workdir.parent)) == around


def test_out_is_judged_where_it_leads(workdir):
    (workdir / "link").symlink_to(workdir / "source")
    before = _tree(workdir / "source")
    result = _run("build", "--out", "link", "--force")
    assert result.exit_code == 2
    assert f"is the project's folder {workdir / 'source'}" in _one_line(result.stderr)
    assert _tree(workdir / "source") == before and (workdir / "link").is_symlink()


def test_a_folder_that_no_build_wrote_is_replaced_only_with_force(workdir):
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("mine\n")
    result = _run("build", "--out", "docs", "--no-site")
    assert result.exit_code == 2
    assert "--force" in _one_line(result.stderr) and STAMP in result.stderr
    assert _tree(docs) == {"notes.md": b"mine\n"}
    assert sorted(p.name for p in workdir.iterdir()) == ["docs", "ontology", "shapes", "source"]

    assert _run("build", "--out", "docs", "--no-site", "--force").exit_code == 0
    assert (docs / STAMP).read_bytes() == STAMP_TEXT and not (docs / "notes.md").exists()
    assert _run("build", "--out", "docs", "--no-site").exit_code == 0  # a build's own: no --force


def test_an_empty_folder_and_an_output_from_before_the_stamp_are_replaced(workdir):
    (workdir / "empty").mkdir()
    assert _run("build", "--out", "empty", "--no-site").exit_code == 0
    earlier = workdir / "earlier"
    earlier.mkdir()
    (earlier / "provenance.ttl").write_text("# an earlier build\n")
    assert _run("build", "--out", "earlier", "--no-site").exit_code == 0
    assert (earlier / STAMP).is_file() and (earlier / "register.nt").is_file()


def test_an_out_that_is_a_file_is_refused(workdir):
    (workdir / "mine.txt").write_text("my own file\n")
    for force in ((), ("--force",)):
        result = _run("build", "--out", "mine.txt", *force)
        assert result.exit_code == 2
        assert "mine.txt is a file, not a folder" in _one_line(result.stderr)
    assert (workdir / "mine.txt").read_text() == "my own file\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["mine.txt", "ontology", "shapes", "source"]


def test_every_build_writes_the_same_stamp_and_the_committed_out_has_it():
    assert (ROOT / "out" / STAMP).read_bytes() == STAMP_TEXT
    assert STAMP_TEXT.decode("ascii").endswith("\n")


# --- one build at a time -----------------------------------------------------------------------

class _OtherBuild:
    """This test process as a build that holds out/'s lock, as a build does: the lock file beside
    out/ with its process id in it, and a staging folder it is writing."""

    def __init__(self, workdir: Path):
        self.lock = workdir / ".out.lock"
        self.stage = workdir / ".out.new-live"

    def __enter__(self) -> "_OtherBuild":
        self.fd = os.open(self.lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        self.stage.mkdir()
        (self.stage / "register.nt").write_text("half written\n")
        return self

    def __exit__(self, *exc) -> None:
        self.done()

    def done(self) -> None:
        if self.fd >= 0:
            os.unlink(self.lock)
            os.close(self.fd)
            self.fd = -1


def test_a_second_build_waits_for_the_first_and_leaves_its_stage_alone(workdir):
    assert _run("build", "--no-site").exit_code == 0
    before = _tree(workdir / "out")
    with _OtherBuild(workdir) as other:
        waiting = _process(workdir, "--no-site", stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        guard = threading.Timer(GUARD, waiting.kill)
        guard.start()
        try:
            first = waiting.stderr.readline()
            assert first == f"waiting: another vngreg build (process {os.getpid()}) is writing out\n"
            assert waiting.poll() is None
            assert (other.stage / "register.nt").read_text() == "half written\n"
            assert _tree(workdir / "out") == before
            other.done()
            assert waiting.wait() == 0, waiting.stderr.read()
        finally:
            guard.cancel()
            waiting.stderr.close()
    # The other build is gone: what it left is not a release, and went with the next build.
    assert not other.stage.exists()
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".out")] == []


def test_no_wait_fails_at_once_while_another_build_writes(workdir):
    assert _run("build", "--no-site").exit_code == 0
    before = _tree(workdir / "out")
    with _OtherBuild(workdir) as other:
        done = subprocess.run([sys.executable, "-m", "vngreg", "build", "--no-wait"], cwd=workdir,
                              capture_output=True, text=True, timeout=GUARD)
        assert done.returncode == 3
        line = _one_line(done.stderr)
        assert line.startswith(f"error: another vngreg build (process {os.getpid()}) is writing out")
        assert other.stage.is_dir() and _tree(workdir / "out") == before


def test_what_killed_builds_left_is_cleared_and_an_old_release_put_back(workdir):
    assert _run("build", "--no-site").exit_code == 0
    (workdir / "out" / "marker").write_text("the old release")  # to tell it from a new one
    release = _tree(workdir / "out")
    # Killed between the two renames of a system without an atomic exchange: out/ is missing,
    # the old release is beside it, and so is the new one.
    os.rename(workdir / "out", workdir / ".out.old-x1")
    shutil.copytree(workdir / ".out.old-x1", workdir / ".out.new-x2")
    # A build that fails validation (a date before 1990) takes no lock and touches nothing beside
    # out/ ... (the supplement completes that decision: its date moves too)
    for name in ("standaarden.yaml", "aanvullingen.yaml"):
        path = workdir / "source" / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            "geldt_vanaf: 2021-04-01", "geldt_vanaf: 1985-04-01", 1), encoding="utf-8")
    assert _run("build", "--no-site").exit_code == 1
    assert sorted(p.name for p in workdir.iterdir()) == [
        ".out.new-x2", ".out.old-x1", "ontology", "shapes", "source"]
    # ... the next one that writes repairs first, under the lock: the old release is out/ again
    # and the leftovers are gone; here it then fails while staging, so out/ stays the old release.
    with pytest.raises(RuntimeError, match="failed while staging"):
        with staged(workdir / "out", force=True):
            raise RuntimeError("failed while staging")
    assert _tree(workdir / "out") == release
    assert sorted(p.name for p in workdir.iterdir()) == ["ontology", "out", "shapes", "source"]


def test_two_builds_at_once_leave_one_whole_release(tmp_path):
    out = tmp_path / "out"
    projects = []
    for name in ("Haven", "Haven (nieuw)"):
        project = tmp_path / name.replace(" ", "-")
        for folder in ("source", "shapes", "ontology"):
            shutil.copytree(ROOT / folder, project / folder)
        _rename(project, name)
        projects.append(project)
    releases = []
    for project in projects:
        assert _process(project, "--out", str(out)).wait(GUARD) == 0
        releases.append(_tree(out))
    assert releases[0] != releases[1]
    for first, second in (projects, projects[::-1], projects):
        # The second starts while the first writes its staging folder (the moment the builds
        # before the lock deleted the other's stage), or at once if that was too quick to see.
        builds = [_process(first, "--out", str(out), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)]
        while builds[0].poll() is None and not list(tmp_path.glob(".out.new-*")):
            time.sleep(0.001)
        builds.append(_process(second, "--out", str(out), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE))
        for build in builds:
            assert build.wait(GUARD) == 0, build.stderr.read()
            build.stderr.close()
        assert _tree(out) == releases[projects.index(second)]
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


# --- faults ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault, says", [
    ("full", "cannot write the build: No space left on device"),
    ("read-only-parent", "cannot write the build: Read-only file system"),
    ("read-only-out", "/out/site is read-only, and a build replaces"),
])
def test_a_fault_leaves_the_previous_out_as_it_was(tmp_path, fault, says):
    for folder in ("source", "shapes", "ontology"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    done = subprocess.run(["unshare", "--mount", "--map-root-user", sys.executable,
                           str(ROOT / "tests" / "fault_build.py"), fault, str(tmp_path)],
                          capture_output=True, text=True, timeout=GUARD)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "exit-code").read_text() == "3"
    line = _one_line((tmp_path / "stderr").read_text())
    assert says in line and "is left as it was" in line
    assert _tree(tmp_path / "after") == _tree(tmp_path / "before")


# A build that gets a real SIGINT (Ctrl-C) from its own process while it makes the site, the step
# where most of the files are written.
INTERRUPTED_BUILD = """
import os, signal, sys
from vngreg import pipeline
from vngreg.cli import run
making_the_site = pipeline.site.site_files
def interrupted(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    return making_the_site(*args, **kwargs)
pipeline.site.site_files = interrupted
sys.argv[0] = "vngreg"
run()
"""


def test_ctrl_c_ends_a_build_with_one_line_and_130_and_out_as_it_was(workdir):
    assert _run("build").exit_code == 0
    before, beside = _tree(workdir / "out"), sorted(os.listdir(workdir))
    _rename(workdir, "Haven (nieuw)")
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_BUILD, "build"], cwd=workdir,
                          capture_output=True, text=True, timeout=GUARD)
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines() == ["vngreg: afgebroken (Ctrl-C)"], done.stderr
    assert _tree(workdir / "out") == before and sorted(os.listdir(workdir)) == beside
    assert _run("build").exit_code == 0 and _tree(workdir / "out") != before  # the change was real
