"""Writing several files at once on two processes: for a large register the writers are most of a
build, each is single-threaded Python, and they share nothing but what they read.

The second process is a fork of the build after mapping: it reads the same triples (the
operating system shares their memory until it is written to), takes files from a queue it shares
with the build (which validates first), writes them into the same staging folder and tells the
build each file's size and SHA-256 through a pipe. The files and their bytes are exactly those
of a build on one process; only who writes them changes.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterable

from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.write.outdir import FileInfo, Stage

# A file job: its name in out/, what makes its bytes (or chunks of them), and a guess of its cost
# in the same unit for every job (seconds at some size): the costliest are started first.
Job = tuple[str, Callable[[], bytes | Iterable[bytes]], float]

# Below this many triples a second process costs more (a fork, a pipe) than it saves.
FROM_TRIPLES = 200_000


def available_processes() -> int:
    """The processors this process may run on (its CPU affinity, where the system tells)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    # macOS forks, but its system libraries are not fork-safe; Windows does not fork at all.
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def write(stage: Stage, jobs: list[Job], processes: int = 1,
          before: Callable[[], None] | None = None) -> None:
    """Write each job's file into `stage`, on two processes if `processes` > 1 and the system
    forks; stage.files then lists them in the jobs' order either way. `before` is work this
    process does before it takes a file, while the other starts on them: if it raises, the other
    process is stopped and the exception goes on. (The queue holds a job a byte: more than 255
    jobs are written on one process.)"""
    if processes < 2 or not 2 <= len(jobs) <= 255 or not can_fork():
        if before:
            before()
        for name, make, _cost in jobs:
            stage.write(name, make())
        return
    infos = _in_parallel(stage, jobs, before or (lambda: None))
    for name, _make, _cost in jobs:  # the jobs' order, whoever wrote the file
        stage.files[name] = stage.files.pop(name, None) or infos[name]


def _in_parallel(stage: Stage, jobs: list[Job], before: Callable[[], None]) -> dict[str, FileInfo]:
    """Both processes take the next job from a shared queue until none is left, the costliest
    first (so that the last ones, taken by whoever is free, are small); this one after `before`.
    The queue is a pipe holding one byte a job: a read of one byte is atomic, so each job is
    taken once. Returns the infos of the files the other process wrote."""
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i][2])
    queue_out, queue_in = os.pipe()
    os.write(queue_in, bytes(order))  # at most 255 bytes: well within a pipe's buffer
    os.close(queue_in)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, report, and leave without running the build's clean-up
        code = 1
        try:
            os.close(read_end)
            report = _child(stage, jobs, queue_out)
            code = 0 if "error" not in report else 1
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                json.dump(report, pipe)
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        before()
        for index in _taken(queue_out):
            name, make, _cost = jobs[index]
            stage.write(name, make())
    except BaseException:
        _stop(pid, read_end)
        raise
    finally:
        os.close(queue_out)
    with os.fdopen(read_end, "r", encoding="utf-8") as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        report = json.loads(text) if text else {}
    except ValueError:
        report = {}
    if "error" in report or os.waitstatus_to_exitcode(status) != 0 or "files" not in report:
        what = report.get("error") or f"the second process stopped ({_how(status)})"
        raise VngregError(f"writing {report.get('file') or 'the files'} failed: {what}", None,
                          "see the message; to write on one process, use --jobs 1",
                          exit_code=EXIT_TOOL)
    return {name: FileInfo(size, sha256) for name, (size, sha256) in report["files"].items()}


def _taken(queue: int):
    """The indexes of the jobs this process takes from the queue, one at a time."""
    while index := os.read(queue, 1):
        yield index[0]


def _child(stage: Stage, jobs: list[Job], queue: int) -> dict:
    name, mine = "", []
    try:
        for index in _taken(queue):
            name, make, _cost = jobs[index]
            mine.append(name)
            stage.write(name, make())
    except BaseException as exc:  # reported to the build, which fails with it
        detail = exc.format() if isinstance(exc, VngregError) else (
            f"{type(exc).__name__}: {exc}" if isinstance(exc, (OSError, MemoryError))
            else "".join(traceback.format_exception(exc)).strip())
        return {"error": detail, "file": name}
    return {"files": {name: [stage.files[name].size, stage.files[name].sha256] for name in mine}}


def _stop(pid: int, read_end: int) -> None:
    """The build failed here: the child's files are no use, stop it and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(read_end)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
