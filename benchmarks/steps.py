"""One benchmark child: run `pipeline.build` on one source folder and time each step it takes.

    python benchmarks/steps.py --source DIR --out DIR --results FILE [--skip STEP,...]

run.py starts one of these per register size, so that the peak memory it reads is that size's
alone. Rather than calling the steps itself in an order of its own, it wraps the functions that
`pipeline.build` calls (load, map, shapes, validate, each writer of write.REGISTER_FILES, the
catalogue, the staged write of out/) and then calls `pipeline.build`: the steps timed are the ones
the build really takes, and time spent outside them shows up as "other".

Each step appends one JSON line to FILE as it ends (so a child killed at its time limit still
leaves the steps it finished): seconds, resident memory after it, and the process's peak so far.
The memory of the build's processes together is sampled twice a second (the sum of their PSS,
which counts a page two share half in each); every line carries the largest sum seen so far,
"tree_peak_mb".
A step named in --skip is not run: validation then reports "conforms", a writer returns no bytes,
a `*_files` step no files.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import threading
import time
import types
from pathlib import Path
from types import ModuleType

START = time.perf_counter()
RESULTS: Path | None = None
SKIP: set[str] = set()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


MAIN_PID = os.getpid()


class TreePeak(threading.Thread):
    """The largest memory of this process and its children together, sampled: the sum of their
    proportional set sizes (smaps_rollup's Pss, which splits a page shared by the two processes
    between them). Reading it walks the page tables, so not too often."""

    def __init__(self, interval: float = 0.5):
        super().__init__(daemon=True)
        self.interval, self.peak_kb = interval, 0

    def run(self) -> None:
        while True:
            self.sample()
            time.sleep(self.interval)

    def sample(self) -> None:
        total = 0
        for pid in [MAIN_PID, *self._children()]:
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            except (OSError, StopIteration):
                pass
        self.peak_kb = max(self.peak_kb, total)

    @staticmethod
    def _children() -> list[str]:
        try:
            with open(f"/proc/{MAIN_PID}/task/{MAIN_PID}/children") as f:
                return f.read().split()
        except OSError:
            return []


TREE = TreePeak()


def record(step: str, seconds: float | None, **extra) -> None:
    line = {"step": step, "seconds": seconds, "rss_mb": round(rss_mb(), 1),
            "peak_mb": round(peak_mb(), 1), **extra}
    if os.getpid() == MAIN_PID:
        TREE.sample()
        line["tree_peak_mb"] = round(TREE.peak_kb / 1024, 1)
    else:
        line["second"], line["pid"] = True, os.getpid()
    with open(RESULTS, "a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")


def timed(step: str, func, skipped=None):
    """`func`, recording its time under `step`; or, if the step is skipped, `skipped()`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if step in SKIP and skipped is not None:
            record(step, None, skipped=True)
            return skipped(*args, **kwargs)
        t = time.perf_counter()
        result = func(*args, **kwargs)
        spent = time.perf_counter() - t
        if isinstance(result, types.GeneratorType):  # a streaming writer: its time is in the chunks
            return _streamed(step, spent, result)
        record(step, spent)
        if isinstance(result, dict) and result and all(map(callable, result.values())):
            # files as what makes them (the catalogue): time each as it is made
            return {name: timed(f"{step} {name}", make) for name, make in result.items()}
        return result
    return wrapper


def _streamed(step: str, spent: float, chunks):
    """Pass a writer's chunks on, recording the time spent making them when the last is out (and
    adding it to STREAMED, so that the file writing around it does not count it twice)."""
    while True:
        t = time.perf_counter()
        try:
            chunk = next(chunks)
        except StopIteration:
            record(step, spent + time.perf_counter() - t)
            return
        spent += time.perf_counter() - t
        STREAMED[0] += time.perf_counter() - t
        yield chunk


STREAMED = [0.0]


def instrument() -> None:
    """Wrap what pipeline.build calls; anything not found is simply not wrapped."""
    from functools import cached_property

    from rdflib import Graph

    from vngreg import pipeline
    from vngreg.write import formats as write
    from vngreg.validate import shacl as validation

    def no_validation(*args, **kwargs):
        return validation.Report(True, [], Graph())

    for attr, step, skipped in (("load_register", "load", None), ("map_register", "map", None),
                                ("load_shapes", "load shapes", None),
                                ("validate", "validate", no_validation),
                                ("validate_triples", "validate", no_validation)):
        if hasattr(pipeline, attr):
            setattr(pipeline, attr, timed(step, getattr(pipeline, attr), skipped))

    warmed: set[int] = set()

    def warm_shared(pub) -> None:
        # The writers share cached work (the sorted N-Triples, ...): time it once, on its own,
        # before the first writer, so that it is not charged to whichever writer comes first.
        if id(pub) in warmed:
            return
        warmed.add(id(pub))
        for name, member in vars(type(pub)).items():
            # (not the rdflib Graph: made only for a fallback, which the writers' steps then show)
            if isinstance(member, cached_property) and name not in vars(pub) and name != "graph":
                t = time.perf_counter()
                getattr(pub, name)
                record(f"write: shared {name}", time.perf_counter() - t)

    def wrap_writer(name: str, writer):
        inner = timed(f"write: {name}", writer, lambda *a, **k: b"")

        @functools.wraps(writer)
        def wrapper(pub, *args, **kwargs):
            if f"write: {name}" not in SKIP:
                warm_shared(pub)
            return inner(pub, *args, **kwargs)
        return wrapper

    files = getattr(write, "REGISTER_FILES", {})
    for name, entry in list(files.items()):
        if isinstance(entry, tuple) and entry and callable(entry[0]):
            files[name] = (wrap_writer(name, entry[0]), *entry[1:])
        elif callable(entry):
            files[name] = wrap_writer(name, entry)

    # The other files of out/ (catalogue, provenance, site, ...) come from `<module>.<x>_files`.
    for module in {m for m in vars(pipeline).values()
                   if isinstance(m, ModuleType) and m.__name__.startswith("vngreg.")}:
        for attr, func in list(vars(module).items()):
            if attr.endswith("_files") and callable(func) and not attr.startswith("_"):
                setattr(module, attr, timed(f"{module.__name__.removeprefix('vngreg.')}: {attr}", func,
                                            lambda *a, **k: {}))

    from vngreg.write import catalog
    if hasattr(catalog, "draft"):  # the catalogue but its files, made while they are written
        catalog.draft = timed("catalog: draft", catalog.draft)

    # Files go to disk one by one as they are made (outdir.Stage.write): their writing time is
    # summed and recorded once, at the end, as "write files to out/".
    from vngreg.write import outdir
    original_write = outdir.Stage.write

    def write(self, name, data):
        t, streamed = time.perf_counter(), STREAMED[0]
        original_write(self, name, data)
        step = "site: write pages" if name.startswith("site/") else "write files to out/"
        spent = time.perf_counter() - t - (STREAMED[0] - streamed)
        if os.getpid() == MAIN_PID:
            WRITING[step] += spent
        else:  # a second process leaves by os._exit: record its sum as it goes
            key = (os.getpid(), step)
            SECOND_WRITING[key] = SECOND_WRITING.get(key, 0.0) + spent
            record(f"{step} (second process)", SECOND_WRITING[key])
    outdir.Stage.write = write


# Time spent writing files into the staging folder: the site's pages apart from the data files.
WRITING = {"write files to out/": 0.0, "site: write pages": 0.0}
SECOND_WRITING: dict[tuple[int, str], float] = {}


def main(argv: list[str] | None = None) -> int:
    global RESULTS, SKIP
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--skip", default="", help="steps not to run, comma-separated")
    parser.add_argument("--no-site", action="store_true", help="build without the static site")
    args = parser.parse_args(argv)
    RESULTS, SKIP = args.results, {s for s in args.skip.split(",") if s}
    RESULTS.write_text("", encoding="utf-8")

    TREE.start()
    t = time.perf_counter()
    from vngreg import pipeline
    record("import", time.perf_counter() - t)
    instrument()

    t = time.perf_counter()
    result = pipeline.build(pipeline.Project.around(args.source), args.out,
                            with_site=not args.no_site)
    total = time.perf_counter() - t
    for step, spent in WRITING.items():
        if spent or step == "write files to out/":
            record(step, spent)
    record("build", total, triples=len(result.mapped),
           standards=len(result.register.standards), written=len(result.written),
           findings=len(result.report.findings), failed=result.report.fails("violation"))
    return 0 if result.written else 1


if __name__ == "__main__":
    sys.exit(main())
