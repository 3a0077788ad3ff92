"""Replacing out/ as a whole: files are written into a fresh folder beside it, which then takes
out/'s place in one atomic exchange, so out/ is always wholly the old release or wholly the new."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vngreg.errors import EXIT_TOOL, Location, VngregError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


@contextmanager
def staged(out: Path):
    """Yield an empty folder beside `out`; on a clean exit it replaces `out`, else it is removed."""
    out = out.resolve()
    # A build killed mid-way may have left its staging folder; it is never a release, drop it.
    for leftover in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise VngregError(f"cannot write next to the output folder: {exc.strerror}", Location(str(out)),
                          "choose a writable --out folder", exit_code=EXIT_TOOL) from None
    try:
        yield stage
        os.chmod(stage, 0o755)
        if not out.exists():
            os.rename(stage, out)
        elif _exchange(stage, out):
            shutil.rmtree(stage)  # now holds the old release
        else:  # no atomic exchange here: two renames, the old release kept until the new is in place
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.rename(out, old)
            os.rename(stage, out)
            shutil.rmtree(old)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


@dataclass(frozen=True)
class FileInfo:
    size: int
    sha256: str  # hex


class Stage:
    """The staging folder of a build, written file by file as each is made (so that a large
    register never holds all its files in memory at once), with each file's size and SHA-256."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, FileInfo] = {}

    def write(self, name: str, data: bytes | Iterable[bytes]) -> None:
        """Write a file from its bytes, or from chunks of them as a writer streams them."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with path.open("wb") as f:
            for chunk in (data,) if isinstance(data, bytes) else data:
                f.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self.files[name] = FileInfo(size, digest.hexdigest())

    def copy(self, name: str, to: str) -> None:
        """A second copy of a written file (a hard link where the file system allows)."""
        target = self.root / to
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.root / name, target)
        except OSError:
            shutil.copyfile(self.root / name, target)
        self.files[to] = self.files[name]
