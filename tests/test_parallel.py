"""Files written on two processes: the same files and bytes as on one, the second process's
failures reported as the build's own, and a failed build leaving out/ and no process behind."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest

from vngreg import pipeline
from vngreg.write import parallel
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.write.outdir import Stage

ROOT = Path(__file__).resolve().parent.parent

def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _pid_job(name: str, meeting: Path):
    """A job whose file says which process wrote it (in two chunks). It waits (10 s at most) until
    both processes have taken a job, so that one of them cannot take them all before the other
    has started."""
    def make():
        (meeting / str(os.getpid())).touch()
        deadline = time.monotonic() + 10
        while len(list(meeting.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        return iter([f"{name} by ".encode(), str(os.getpid()).encode()])
    return (name, make, 1.0)


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_two_processes_write_the_files_and_report_them(tmp_path):
    (tmp_path / "meeting").mkdir()
    stage = Stage(tmp_path / "out")
    names = [f"f{i}.txt" for i in range(5)]
    parallel.write(stage, [_pid_job(name, tmp_path / "meeting") for name in names], processes=2)
    assert list(stage.files) == names  # the jobs' order, whoever wrote them
    writers = set()
    for name in names:
        data = (tmp_path / "out" / name).read_bytes()
        assert stage.files[name].size == len(data)
        assert stage.files[name].sha256 == hashlib.sha256(data).hexdigest()
        writers.add(data.split(b" by ")[1])
    assert str(os.getpid()).encode() in writers and len(writers) == 2  # this process and another
    assert _no_child_left()


def test_the_costliest_are_taken_first(tmp_path):
    taken = tmp_path / "taken"

    def job(name: str, cost: float):
        def make():
            with taken.open("a") as f:
                f.write(name + "\n")
            return name.encode()
        return (name, make, cost)
    costs = {"a": 1.0, "b": 9.0, "c": 5.0}

    def before():  # wait (10 s at most) while the other process takes them all, one by one
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (not taken.exists() or len(taken.read_text().split()) < 3):
            time.sleep(0.01)
    stage = Stage(tmp_path / "out")
    parallel.write(stage, [job(n, c) for n, c in costs.items()], processes=2, before=before)
    assert taken.read_text().split() == ["b", "c", "a"]
    assert list(stage.files) == ["a", "b", "c"]


def test_one_process_writes_everything_here(tmp_path):
    stage = Stage(tmp_path)
    jobs = [(n, lambda: str(os.getpid()).encode(), 1.0) for n in "ab"]
    parallel.write(stage, jobs, processes=1)
    assert {(tmp_path / n).read_bytes() for n in "ab"} == {str(os.getpid()).encode()}


def _in_the_other_process(tmp_path: Path, effect):
    """A job that does `effect` only in the other process (here it writes), and a `before` that
    waits (10 s at most) until the other process has taken it."""
    here, started = os.getpid(), tmp_path / "started"

    def job():
        if os.getpid() == here:
            return b"written here"
        started.touch()
        return effect()

    def before():
        deadline = time.monotonic() + 10
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    return job, before


def test_a_failure_in_the_other_process_is_the_builds(tmp_path):
    def no_space():
        raise OSError(28, "No space left on device")
    broken, before = _in_the_other_process(tmp_path, no_space)
    with pytest.raises(VngregError) as caught:
        parallel.write(Stage(tmp_path / "out"), [("big.txt", broken, 1.0), ("b.txt", broken, 1.0)],
                       processes=2, before=before)
    assert caught.value.exit_code == EXIT_TOOL
    assert "writing big.txt failed: OSError: [Errno 28] No space left on device" in caught.value.format()
    assert "--jobs 1" in caught.value.format()
    assert _no_child_left()


def test_the_other_process_killed_is_a_failure_not_a_hang(tmp_path):
    # as the kernel's out-of-memory killer would
    killed, before = _in_the_other_process(tmp_path, lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(VngregError) as caught:
        parallel.write(Stage(tmp_path / "out"), [("a.txt", killed, 1.0), ("b.txt", killed, 1.0)],
                       processes=2, before=before)
    assert "the second process stopped (killed by signal 9)" in caught.value.format()
    assert _no_child_left()


def test_a_failure_here_stops_the_other_process(tmp_path):
    def before():
        raise RuntimeError("validation failed")
    with pytest.raises(RuntimeError, match="validation failed"):
        parallel.write(Stage(tmp_path), [("slow.txt", _slow, 1.0), ("b.txt", lambda: b"b", 1.0)],
                       processes=2, before=before)
    assert _no_child_left()


def _slow() -> bytes:
    time.sleep(30)  # killed long before
    return b"slow"


def test_a_build_on_two_processes_is_byte_identical_to_out(tmp_path, monkeypatch, project):
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    result = pipeline.build(project, tmp_path / "out", jobs=2)
    assert len(forks) == 1  # the register files
    assert result.written
    assert _tree(tmp_path / "out") == _tree(ROOT / "out")
    assert _no_child_left()


def test_failed_validation_leaves_out_as_it_was(workdir):
    project = pipeline.Project.around(workdir / "source")
    assert pipeline.build(project, workdir / "out", with_site=False).written
    before = _tree(workdir / "out")
    (workdir / "shapes" / "strict.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#> .\n"
        "<urn:x:StrictShape> a sh:NodeShape ; sh:targetClass gs:GemeentelijkeStandaard ;\n"
        "  sh:property [ sh:path <urn:x:absent> ; sh:minCount 1 ] .\n", encoding="utf-8")
    result = pipeline.build(project, workdir / "out", jobs=2, with_site=False)
    assert result.written == []
    assert result.report.fails("violation")
    assert _tree(workdir / "out") == before
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".out.")] == []
    assert _no_child_left()
