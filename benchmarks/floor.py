"""Issue 12's yardstick: a whole build against the library floor, measured in one run.

    .venv/bin/python benchmarks/floor.py [--sizes 10000,100000] [--repeat 3]

For each size, the generated register (benchmarks/generate.py, fixed seed) is built with
`vngreg build --no-site` in a fresh process, and then, also in a fresh process, pyoxigraph parses
that build's own register.nt and writes it as Turtle: the "floor", what the fastest maintained
library needs only to read the graph and write one format. The two take turns, best of --repeat
each, so that the ratio between them holds on a busy machine where the seconds do not. Each
build's steps (load, map, validate, each writer, catalogue, provenance) are timed in the same
process by benchmarks/steps.py, which wraps what pipeline.build calls.

Prints a Markdown table; the raw numbers go to benchmarks/results/floor.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
PYTHON = sys.executable

FLOOR = """
import sys, pyoxigraph as ox
triples = ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
ox.serialize(triples, output=sys.argv[2], format=ox.RdfFormat.TURTLE)
"""


# Runs a command and prints its wall seconds and peak resident KiB: a fresh parent for each
# command, so that the children's peak it reads is that command's alone.
WRAP = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a command run as a fresh process."""
    seconds, peak_kib = subprocess.run([PYTHON, "-c", WRAP, *cmd], check=True, capture_output=True,
                                       text=True).stdout.split()
    return float(seconds), int(peak_kib) / 1024


def steps(source: Path, out: Path) -> dict[str, float]:
    results = out.parent / f"{out.name}.steps.jsonl"
    results.unlink(missing_ok=True)
    subprocess.run([PYTHON, str(BENCH / "steps.py"), "--source", str(source), "--out", str(out),
                    "--results", str(results), "--no-site"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    spent: dict[str, float] = {}
    for line in results.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("seconds") is not None:
            spent[entry["step"]] = spent.get(entry["step"], 0.0) + entry["seconds"]
    return spent


def measure(n: int, repeat: int) -> dict:
    folder = WORK / f"floor-{n}"
    source = folder / "source"
    if not source.is_dir():
        subprocess.run([PYTHON, str(BENCH / "generate.py"), str(n), str(folder)], check=True,
                       capture_output=True)
    out = folder / "out"
    build = [PYTHON, "-m", "vngreg", "build", "--no-site", "--force", "--source", str(source),
             "--out", str(out)]
    floor = [PYTHON, "-c", FLOOR, str(out / "register.nt"), str(folder / "floor.ttl")]
    builds, floors = [], []
    for _ in range(repeat):
        builds.append(timed(build))
        floors.append(timed(floor))
    triples = sum(1 for _ in open(out / "register.nt", "rb"))
    return {"standards": n, "triples": triples,
            "build_s": min(b[0] for b in builds), "build_peak_mb": max(b[1] for b in builds),
            "floor_s": min(f[0] for f in floors), "floor_peak_mb": max(f[1] for f in floors),
            "steps": steps(source, folder / "out-steps")}


def table(results: list[dict]) -> str:
    lines = ["| standards | triples | build `--no-site` | floor (pyoxigraph NT -> Turtle) | ratio | "
             "build peak | floor peak |", "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['standards']:,} | {r['triples']:,} | {r['build_s']:.1f} s | "
                     f"{r['floor_s']:.1f} s | {r['build_s'] / r['floor_s']:.1f}x | "
                     f"{r['build_peak_mb']:,.0f} MB | {r['floor_peak_mb']:,.0f} MB |")
    step_names = sorted({s for r in results for s in r["steps"]})
    lines += ["", "| step | " + " | ".join(f"{r['standards']:,}" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for step in step_names:
        lines.append(f"| {step} | " + " | ".join(
            f"{r['steps'][step]:.2f} s" if step in r["steps"] else "" for r in results) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("VNGREG_CACHE", str(WORK / "cache"))
    results = [measure(int(n), args.repeat) for n in args.sizes.split(",")]
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "floor.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
