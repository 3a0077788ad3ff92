"""Replacing out/ as a whole: files are written into a fresh folder beside it, which then takes
out/'s place in one atomic exchange, so out/ is always wholly the old release or wholly the new.

out/ is the build's alone: it may not be (or hold) the project's own folders, nor a folder some
other program wrote; one build at a time writes it, under a lock beside it. docs/out-safety.md
has the reasons."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import glob
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from vngreg.errors import EXIT_TOOL, EXIT_USAGE, VngregError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

# Written into every build, last: what marks a folder as one vngreg may replace. The same bytes
# every time, as out/ is committed and must be byte for byte a fresh build.
STAMP = ".vngreg-build"
STAMP_TEXT = b"Written by 'vngreg build', which replaces this folder as a whole: do not edit it.\n"
# What an output folder written before the stamp existed holds.
EARLIER_OUTPUT = "provenance.ttl"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # this file system cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextmanager
def staged(out: Path, keep: Iterable[Path] = (), force: bool = False, wait: bool = True):
    """Yield an empty folder beside `out`; on a clean exit it replaces `out`, else it is removed.
    `keep`: the project's folders, which `out` may not be, hold or lie in. `force`: replace a
    non-empty folder that no build wrote. `wait`: wait while another build writes `out`, else
    fail at once. A fault (a full disk, a read-only folder) is one error, out/ as it was."""
    given, out = out, out.resolve()
    _refuse_project_folders(given, out, keep)
    with _locked(given, out, wait):
        try:
            _refuse_foreign(given, out, force)
            _clear_leftovers(out)
            stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        except OSError as exc:
            raise _failed(exc, given) from None
        try:
            yield stage
            (stage / STAMP).write_bytes(STAMP_TEXT)
            os.chmod(stage, 0o755)
            _replace(out, stage)
        except OSError as exc:
            raise _failed(exc, given) from None
        finally:  # the new release, not used; or after the exchange the old one
            shutil.rmtree(stage, ignore_errors=True)


def _refuse_project_folders(given: Path, out: Path, keep: Iterable[Path]) -> None:
    for folder in (path.resolve() for path in keep):
        relation = ("is" if out == folder else "holds" if out in folder.parents
                    else "lies in" if folder in out.parents else None)
        if relation:
            raise VngregError(f"--out {given} {relation} the project's folder {folder}; the output "
                              "folder must be one of its own, as a build replaces it as a whole",
                              None, "give --out another folder, such as out", exit_code=EXIT_USAGE)


def _refuse_foreign(given: Path, out: Path, force: bool) -> None:
    """`out` must be a folder that is new, empty or an earlier build, and writable throughout
    (its old release is removed); with `force` any folder."""
    if out.exists() and not out.is_dir():
        raise VngregError(f"--out {given} is a file, not a folder", None,
                          "give --out a new folder, or one an earlier build wrote",
                          exit_code=EXIT_USAGE)
    if not out.is_dir():
        return
    if not (force or (out / STAMP).is_file() or (out / EARLIER_OUTPUT).is_file()
            or next(out.iterdir(), None) is None):
        raise VngregError(f"--out {given} holds files that no vngreg build wrote (there is no "
                          f"{STAMP} in it)", None, "give --out a new or empty folder, or add "
                          "--force to replace this one as a whole", exit_code=EXIT_USAGE)
    for folder, _folders, _files in os.walk(out):
        if not os.access(folder, os.W_OK):
            raise VngregError(f"{folder} is read-only, and a build replaces {given} as a whole; "
                              f"{given} is left as it was", None,
                              f"make it writable (chmod -R u+w {given}), or choose another --out",
                              exit_code=EXIT_TOOL)


def _clear_leftovers(out: Path) -> None:
    """Drop what builds that were killed left beside out/ (they held the lock, so they are gone):
    staging folders, never a release; but an old release moved aside by the two renames of a
    system without an exchange, with out/ missing, is put back."""
    def beside(kind: str) -> list[Path]:
        return sorted(out.parent.glob(f".{glob.escape(out.name)}.{kind}-*"))
    if not out.exists() and beside("old"):
        os.rename(beside("old")[0], out)
    for leftover in beside("new") + beside("old"):
        shutil.rmtree(leftover, ignore_errors=True)


def _replace(out: Path, stage: Path) -> None:
    """`stage` takes `out`'s place; after an exchange `stage` holds the old release."""
    if not out.exists():
        os.rename(stage, out)
    elif not _exchange(stage, out):  # two renames, the old release kept until the new is in place
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
        os.rename(stage, out)
        shutil.rmtree(old)


def _failed(exc: OSError, given: Path) -> VngregError:
    where = f" ({exc.filename})" if exc.filename else ""
    return VngregError(f"cannot write the build: {exc.strerror or exc}{where}; {given} is left as "
                       "it was", None, "a build needs write access beside it and room there for a "
                       "second copy of it; or choose another --out", exit_code=EXIT_TOOL)


@contextmanager
def _locked(given: Path, out: Path, wait: bool):
    """Hold the lock of `out`: a file beside it, locked with flock (which the system lets go of
    when its process ends, however it ends). The build that leaves removes it, while it still
    holds it; whoever waited on that file then finds it gone and locks the new one."""
    path = out.parent / f".{out.name}.lock"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                _wait_for(fd, given, wait)
                if _same_file(fd, path):
                    os.ftruncate(fd, 0)
                    os.write(fd, f"{os.getpid()}\n".encode())
                    break
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
    except OSError as exc:
        raise _failed(exc, given) from None
    try:
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _wait_for(fd: int, given: Path, wait: bool) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pid = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
    who = f"another vngreg build (process {pid})" if pid.isdigit() else "another vngreg build"
    if not wait:
        raise VngregError(f"{who} is writing {given}", None, "build again when it is done, or "
                          "leave out --no-wait to wait for it", exit_code=EXIT_TOOL)
    print(f"waiting: {who} is writing {given}", file=sys.stderr, flush=True)
    fcntl.flock(fd, fcntl.LOCK_EX)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


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
        path = self._folder_for(name) / Path(name).name
        digest, size = hashlib.sha256(), 0
        with path.open("wb") as f:
            for chunk in (data,) if isinstance(data, bytes) else data:
                f.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self.files[name] = FileInfo(size, digest.hexdigest())

    def _folder_for(self, name: str) -> Path:
        """The folder a file goes in, made below the stage where needed; never the stage itself:
        a stage that is gone (removed by a fault) fails the writer instead of being made again."""
        folder = self.root
        for part in Path(name).parts[:-1]:
            folder = folder / part
            with suppress(FileExistsError):
                folder.mkdir()
        return folder

    def copy(self, name: str, to: str) -> None:
        """A second copy of a written file (a hard link where the file system allows)."""
        target = self._folder_for(to) / Path(to).name
        try:
            os.link(self.root / name, target)
        except OSError:
            shutil.copyfile(self.root / name, target)
        self.files[to] = self.files[name]
