"""out/ is replaced atomically: a build killed at any moment leaves wholly the old release or
wholly the new one, never a mix and never nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from vngreg.write.outdir import staged


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


def test_a_failing_writer_leaves_out_untouched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "register.ttl").write_text("old\n")
    try:
        with staged(out) as stage:
            (stage / "register.ttl").write_text("new\n")
            raise OSError("disk full")
    except OSError:
        pass
    assert _tree(out) == {"register.ttl": b"old\n"}
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_first_build_creates_out(tmp_path):
    with staged(tmp_path / "out") as stage:
        (stage / "a.txt").write_text("a\n")
    assert _tree(tmp_path / "out") == {"a.txt": b"a\n"}
