"""A build that meets a fault, for tests/test_out_safety.py, which runs this script in a mount
namespace of its own (`unshare --mount --map-root-user`, so without privileges as well): out/ on a
small tmpfs is built once, the source changed, the fault set up, and built again.

    fault_build.py FAULT WORKDIR    FAULT: full | read-only-parent | read-only-out

WORKDIR holds source/, shapes/ and ontology/; the script leaves there before/ (out/ after the
first build), after/ (out/ after the second), and the second build's exit code and stderr."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def main(fault: str, work: Path) -> None:
    disk = work / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=32m", "tmpfs", disk)
    out = disk / "out"
    first = build(work, out)
    if first.returncode != 0:
        raise SystemExit(f"the first build failed: {first.stderr}")
    shutil.copytree(out, work / "before")
    standards = work / "source" / "standaarden.yaml"
    standards.write_text(standards.read_text(encoding="utf-8").replace(
        "naam: Haven\n", "naam: Haven (nieuw)\n"), encoding="utf-8")
    if fault == "full":  # all but 256 KiB taken: the first files of the build fit, not all
        free = os.statvfs(disk)
        (disk / "filler").write_bytes(bytes(free.f_bavail * free.f_frsize - 256 * 1024))
    elif fault == "read-only-parent":
        mount("-o", "remount,ro", disk)
    elif fault == "read-only-out":
        mount("--bind", out / "site", out / "site")
        mount("-o", "remount,bind,ro", out / "site")
    else:
        raise SystemExit(f"unknown fault {fault}")
    second = build(work, out)
    (work / "exit-code").write_text(str(second.returncode))
    (work / "stderr").write_text(second.stderr)
    shutil.copytree(out, work / "after")


def mount(*args) -> None:
    subprocess.run(["mount", *map(str, args)], check=True)


def build(work: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vngreg", "build", "--out", str(out)], cwd=work,
                          capture_output=True, text=True, check=False)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
