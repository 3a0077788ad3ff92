"""out/ is replaced atomically: a build killed at any moment leaves wholly the old release or
wholly the new one, never a mix and never nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.write.outdir import STAMP, STAMP_TEXT, Stage, staged


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vngreg", "build"], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _set_name(workdir: Path, name: str) -> None:
    path = workdir / "source" / "standaarden.yaml"
    text = path.read_text(encoding="utf-8")
    for old in ("naam: Haven\n", "naam: Haven (nieuw)\n"):
        text = text.replace(old, f"naam: {name}\n")
    path.write_text(text, encoding="utf-8")


def test_a_killed_build_leaves_old_or_new_release(workdir):
    releases = {}
    for name in ("Haven", "Haven (nieuw)"):
        _set_name(workdir, name)
        started = time.monotonic()
        assert _build(workdir).wait() == 0
        duration = time.monotonic() - started  # only to spread the kill points over one build
        releases[name] = _tree(workdir / "out")
    assert releases["Haven"] != releases["Haven (nieuw)"]

    steps = 8
    for step in range(steps + 1):
        target = "Haven" if step % 2 else "Haven (nieuw)"
        _set_name(workdir, target)
        process = _build(workdir)
        time.sleep(duration * step / steps)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (workdir / "out").is_dir()
        assert _tree(workdir / "out") in releases.values(), f"mixed out/ after a kill at step {step}"

    assert _build(workdir).wait() == 0
    leftovers = [p.name for p in workdir.iterdir() if p.name.startswith(".out.")]
    assert leftovers == []


def _earlier_build(out: Path) -> dict[str, bytes]:
    out.mkdir()
    (out / "register.ttl").write_text("old\n")
    (out / STAMP).write_bytes(STAMP_TEXT)
    return _tree(out)


def test_a_failing_writer_leaves_out_untouched_and_is_one_error(tmp_path):
    before = _earlier_build(tmp_path / "out")
    with pytest.raises(VngregError) as raised:
        with staged(tmp_path / "out") as stage:
            (stage / "register.ttl").write_text("new\n")
            raise OSError(28, "No space left on device", str(stage / "register.nt"))
    assert raised.value.exit_code == EXIT_TOOL
    assert raised.value.what.startswith("cannot write the build: No space left on device (")
    assert _tree(tmp_path / "out") == before
    assert sorted(os.listdir(tmp_path)) == ["out"]  # neither the stage nor the lock is left


def test_first_build_creates_out_with_its_stamp(tmp_path):
    with staged(tmp_path / "out") as stage:
        (stage / "a.txt").write_text("a\n")
    assert _tree(tmp_path / "out") == {"a.txt": b"a\n", STAMP: STAMP_TEXT}
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_a_writer_never_makes_a_vanished_stage_again(tmp_path):
    before = _earlier_build(tmp_path / "out")
    with pytest.raises(VngregError) as raised:
        with staged(tmp_path / "out") as folder:
            stage = Stage(folder)
            stage.write("register.nt", b"new\n")
            shutil.rmtree(folder)  # as the build before the lock did to another build's stage
            stage.write("site/index.html", b"<p>new</p>\n")
    assert raised.value.exit_code == EXIT_TOOL and "No such file or directory" in raised.value.what
    assert not folder.exists()
    assert _tree(tmp_path / "out") == before


def test_a_stage_whose_files_are_written_is_never_left_half(tmp_path):
    """A stage removed after its last file: the exchange finds nothing to put in place."""
    before = _earlier_build(tmp_path / "out")
    with pytest.raises(VngregError):
        with staged(tmp_path / "out") as folder:
            Stage(folder).write("register.nt", b"new\n")
            shutil.rmtree(folder)
    assert _tree(tmp_path / "out") == before
