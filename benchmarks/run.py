"""The benchmark: time each step of `vngreg build` on synthetic registers of growing size, side by
side with LinkML, and write the table into docs/performance.md.

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,10000,100000] [--out docs/performance.md]

For each size it generates the register (benchmarks/generate.py, fixed seed, cached in
benchmarks/.work/), then runs benchmarks/steps.py in a fresh process, which times every step of
pipeline.build and reads the peak memory of that process alone. The real register in source/ is
timed the way a steward meets it: a cold `vngreg build` process, best of 5 (hyperfine, if
installed). LinkML's `linkml-convert` (YAML -> Turtle, validating, the schema in
benchmarks/linkml/) runs on the same standaarden.yaml, from its own virtualenv
(benchmarks/.linkml-venv, made on first use from benchmarks/requirements-linkml.txt) so that its
dependencies never touch the project's.

A step whose time, projected from the smaller sizes, exceeds --budget seconds is not run at that
size (validation then passes unchecked, a writer writes nothing, so the steps after it are still
measured); the table says "not run: projected N min". A child that overruns --timeout is stopped
and the steps it did not finish say so. docs/performance.md keeps everything outside the markers
<!-- benchmark:begin --> and <!-- benchmark:end -->: the analysis around the table is written by hand.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
LINKML_VENV = BENCH / ".linkml-venv"
LINKML_SCHEMA = BENCH / "linkml" / "register.yaml"
LINKML_BASE = "https://data.vng.nl/gemeentelijke-standaarden/id/"
BEGIN, END = "<!-- benchmark:begin -->", "<!-- benchmark:end -->"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (benchmarks/generate.py)

# Targets of issue 7.
TARGET_REAL_S = 0.5
TARGET_BIG_N = 100_000
TARGET_BIG_S = 20.0
TARGET_BIG_MB = 1536.0
TARGET_GROWTH = 11.0
# Steps steps.py can leave out at a size (anything else is needed by what follows).
SKIPPABLE = re.compile(r"^(validate|write: register\..*|catalog: .*|provenance: .*|site: .*)$")
E2E, LINKML = "end to end (import + build)", "linkml-convert (YAML -> Turtle, validating)"
DATA = "end to end without the site (`--no-site`: all formats, catalogue, validation)"
SITE_STEPS = ("site: site_files", "site: write pages")


# --- running things -----------------------------------------------------------------------------

def run_measured(cmd: list[str], timeout: float, **kwargs) -> dict:
    """Run `cmd`; its wall time, its own peak memory (wait4), exit code, and whether it timed out."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, **kwargs)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    wall = time.perf_counter() - t
    return {"seconds": wall, "rc": proc.returncode, "timed_out": timed_out,
            "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}


def peak_of(cmd: list[str], timeout: float, **kwargs) -> dict:
    """Like run_measured, but also the child's peak resident memory, via os.wait4."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True, **kwargs)
        deadline = t + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": wall, "peak_mb": usage.ru_maxrss / 1024, "rc": proc.returncode,
                "timed_out": timed_out, "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")}


def commands(n: int, timeout: float) -> dict:
    """`vngreg build --no-site` on N standards as a user runs it, in its own process from start to
    exit (wall time and peak memory via wait4)."""
    source, vngreg = prepare(n), Path(sys.executable).with_name("vngreg")
    runs = {}
    for label, extra in (("vngreg build --no-site", []),):
        print(f"N={n:,}: {label} ...", file=sys.stderr)
        out = WORK / f"out-n{n}-command"
        run = peak_of([str(vngreg), "build", "--no-site", "--source", str(source), "--out", str(out),
                       *extra], timeout, cwd=WORK)
        shutil.rmtree(out, ignore_errors=True)
        runs[label] = {"seconds": run["seconds"], "peak_mb": run["peak_mb"], "rc": run["rc"]}
    return {"standards": n, "runs": runs}


def ensure_linkml() -> Path | None:
    exe = LINKML_VENV / "bin" / "linkml-convert"
    if exe.exists():
        return exe
    print("making benchmarks/.linkml-venv (once) ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(LINKML_VENV)], check=True)
    subprocess.run([str(LINKML_VENV / "bin" / "pip"), "install", "-q", "-r",
                    str(BENCH / "requirements-linkml.txt")], check=True)
    return exe if exe.exists() else None


# --- projection ---------------------------------------------------------------------------------

def project(history: list[tuple[int, float]], n: int) -> float | None:
    """The time at size n from the times measured at smaller sizes: linear, or as steep as the
    last two sizes showed (up to quadratic); None with nothing to go on."""
    points = [(m, t) for m, t in history if t is not None and m < n]
    if not points:
        return None
    n1, t1 = points[-1]
    k = 1.0
    if len(points) >= 2:
        n0, t0 = points[-2]
        if t0 >= 0.05 and t1 > t0:
            k = min(2.0, max(1.0, math.log(t1 / t0) / math.log(n1 / n0)))
    return t1 * (n / n1) ** k


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} days"


# --- one size -----------------------------------------------------------------------------------

def prepare(n: int) -> Path:
    """The generated register of n standards, made again only if generate.py changed."""
    folder = WORK / f"n{n}"
    stamp = folder / "stamp"
    digest = f"{n} {hash_file(BENCH / 'generate.py')} {hash_folder(ROOT / 'source')}"
    if not (stamp.exists() and stamp.read_text() == digest):
        shutil.rmtree(folder, ignore_errors=True)
        generate.generate(n, folder)
        stamp.write_text(digest)
    return folder / "source"


def hash_file(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def hash_folder(path: Path) -> str:
    import hashlib
    h = hashlib.sha256()
    for p in sorted(path.glob("*.yaml")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def run_steps(source: Path, skip: dict[str, float], timeout: float, label: str,
              extra: tuple[str, ...] = ()) -> dict:
    """steps.py on one source: {step: {seconds, rss_mb, peak_mb, ...}} plus the run's facts."""
    results = WORK / f"steps-{label}.jsonl"
    out = WORK / f"out-{label}"
    cmd = [sys.executable, str(BENCH / "steps.py"), "--source", str(source), "--out", str(out),
           "--results", str(results), "--skip", ",".join(skip), *extra]
    run = run_measured(cmd, timeout, cwd=ROOT)
    steps: dict[str, dict] = {}
    by_pid: dict[str, dict[int, float]] = {}  # a second process's running sums, one per process
    for line in results.read_text(encoding="utf-8").splitlines() if results.exists() else []:
        record = json.loads(line)
        step = record.pop("step")
        if record.get("second") and record["seconds"] is not None:
            by_pid.setdefault(step, {})[record.pop("pid")] = record["seconds"]
            record["seconds"] = sum(by_pid[step].values())
        steps[step] = record
    shutil.rmtree(out, ignore_errors=True)
    if run["rc"] != 0 and not run["timed_out"]:
        print(f"  steps.py failed (exit {run['rc']}):\n{run['stderr'][-3000:]}", file=sys.stderr)
    return {"steps": steps, "timed_out": run["timed_out"], "rc": run["rc"],
            "skipped": {step: projected for step, projected in skip.items()},
            "wall": run["seconds"], "stderr_tail": run["stderr"][-2000:]}


def run_linkml(exe: Path, source: Path, timeout: float, label: str) -> dict:
    out = WORK / f"linkml-{label}.ttl"
    cmd = [str(exe), "-s", str(LINKML_SCHEMA), "-C", "Standaarden", "-P", f"_base={LINKML_BASE}",
           "-t", "ttl", "-o", str(out), str(source / "standaarden.yaml")]
    run = peak_of(cmd, timeout, cwd=WORK)
    ok = run["rc"] == 0 and not run["timed_out"]
    result = {"seconds": run["seconds"] if ok else None, "peak_mb": run["peak_mb"],
              "timed_out": run["timed_out"], "rc": run["rc"],
              "bytes": out.stat().st_size if out.exists() and ok else None}
    if not ok and not run["timed_out"]:
        result["error"] = run["stderr"].strip().splitlines()[-1:] or ["?"]
        print(f"  linkml-convert failed: {result['error']}", file=sys.stderr)
    out.unlink(missing_ok=True)
    return result


def real_register(runs: int, timeout: float) -> dict:
    """Cold `vngreg build` of source/: one first run (for its peak memory), then best of `runs`."""
    vngreg = Path(sys.executable).with_name("vngreg")
    tmp = Path(tempfile.mkdtemp(prefix="vngreg-bench-"))
    cmd = [str(vngreg), "build", "--source", str(ROOT / "source"), "--out", str(tmp / "out")]
    first = peak_of(cmd, timeout, cwd=ROOT)
    result = {"first_s": first["seconds"], "peak_mb": first["peak_mb"], "rc": first["rc"],
              "command": "vngreg build --source source --out TMP"}
    hyperfine = shutil.which("hyperfine")
    times: list[float] = []
    if hyperfine:
        export = tmp / "hyperfine.json"
        subprocess.run([hyperfine, "-N", "--runs", str(runs), "--export-json", str(export),
                        " ".join(cmd)], cwd=ROOT, check=True, capture_output=True)
        times = json.loads(export.read_text())["results"][0]["times"]
        result["tool"] = "hyperfine " + subprocess.run([hyperfine, "--version"], capture_output=True,
                                                       text=True).stdout.split()[-1]
    else:
        for _ in range(runs):
            times.append(peak_of(cmd, timeout, cwd=ROOT)["seconds"])
        result["tool"] = "own loop (no hyperfine)"
    shutil.rmtree(tmp, ignore_errors=True)
    result.update(best_s=min(times), mean_s=sum(times) / len(times), max_s=max(times), runs=len(times))
    return result


# --- the machine --------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    versions = {}
    from importlib import metadata
    for package in ("vngreg", "rdflib", "pyshacl", "pyoxigraph", "PyLD", "PyYAML", "Jinja2"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    linkml = LINKML_VENV / "bin" / "python"
    if linkml.exists():
        out = subprocess.run([str(linkml), "-c", "from importlib import metadata as m; "
                              "print(m.version('linkml'), m.version('linkml-runtime'), m.version('rdflib'))"],
                             capture_output=True, text=True).stdout.split()
        if len(out) == 3:
            versions.update({"linkml": out[0], "linkml-runtime": out[1], "rdflib (linkml's venv)": out[2]})
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "vngreg",
                            "shapes", "source"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1),
            "os": platform.platform(), "python": platform.python_version(), "versions": versions,
            "commit": commit + (" (with uncommitted changes in vngreg/)" if dirty else ""),
            "load_before": os.getloadavg()}


# --- the report ---------------------------------------------------------------------------------

def cell(entry: dict | None, step: str) -> str:
    if entry is None:
        return ""
    if step in entry.get("skipped", {}):
        projected = entry["skipped"][step]
        return f"not run: projected {duration(projected)}"
    record = entry["steps"].get(step)
    if record is None:
        return "not run: time limit" if entry.get("timed_out") else "–"
    return seconds(record["seconds"]) + (" ²" if record.get("second") else "")


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 10:
        return f"{value:.2f} s"
    if value < 1000:
        return f"{value:.0f} s"
    return f"{value:,.0f} s ({duration(value)})"


def e2e(entry: dict) -> tuple[float | None, float | None, bool]:
    """(seconds, peak MB, measured?) for a whole build at this size; projected when steps were left out."""
    steps = entry["steps"]
    if "build" not in steps:
        return None, None, False
    total = steps["build"]["seconds"] + steps["import"]["seconds"]
    if entry["skipped"]:
        return total + sum(entry["skipped"].values()), None, False
    return total, peak_of_record(steps["build"]), True


def peak_of_record(record: dict) -> float | None:
    """The build's processes' memory together (sampled PSS), or the main one's peak RSS where
    a run did not sample it."""
    return record.get("tree_peak_mb") or record.get("peak_mb")


def data_build(entry: dict) -> tuple[float | None, bool]:
    """`vngreg build --no-site`: the whole build but the static site (its pages and their writing);
    all formats, the catalogue, provenance and validation."""
    total, _peak, _measured = e2e(entry)
    if total is None:
        return None, False
    site = sum((entry["steps"].get(s, {}).get("seconds") or 0) + entry["skipped"].get(s, 0)
               for s in SITE_STEPS)
    measured = not any(s not in SITE_STEPS for s in entry["skipped"])
    return total - site, measured


def data_peak(entry: dict) -> float | None:
    """Peak memory before the site step: the data build's."""
    peak = None
    for step, record in entry["steps"].items():
        if step in SITE_STEPS or step == "build":
            break
        if not record.get("second"):
            peak = peak_of_record(record)
    return peak


def table(results: dict) -> str:
    sizes = results["sizes"]
    entries = [results["real"]["steps_run"]] + [results["runs"][str(n)] for n in sizes]
    heads = [f"real ({results['real']['standards']})"] + [f"{n:,}" for n in sizes]
    order: list[str] = []
    for entry in entries:
        for step in list(entry["steps"]) + list(entry["skipped"]):
            if step not in order and step != "build":
                order.append(step)
    # Keep the pipeline's order (steps first seen at a bigger size slot in after their kin).
    rows = [["**standards**"] + [f"{e['steps'].get('build', {}).get('standards', '–'):,}"
                                 if isinstance(e['steps'].get('build', {}).get('standards'), int) else "–"
                                 for e in entries]]
    rows.append(["triples (register graph)"] + [
        f"{e['steps']['build']['triples']:,}" if e["steps"].get("build", {}).get("triples") else "–"
        for e in entries])
    rows.append(["standaarden.yaml"] + [f"{e.get('yaml_mb', 0):.1f} MB" if e.get("yaml_mb") else "–"
                                        for e in entries])
    for step in order:
        rows.append([step] + [cell(e, step) for e in entries])
    rows.append(["other (in build, outside these steps; waiting for the second process)"] + [
        seconds(e["steps"]["build"]["seconds"] - sum(r["seconds"] or 0 for s, r in e["steps"].items()
                                                        if s not in ("build", "import")
                                                        and not r.get("second")))
        if "build" in e["steps"] else "–" for e in entries])
    e2e_cells, peak_cells = [], []
    for e in entries:
        total, peak, measured = e2e(e)
        e2e_cells.append(f"**{seconds(total)}**" if measured else
                         (f"not run: projected {duration(total)}" if total else "–"))
        peak_cells.append(f"**{peak:,.0f} MB**" if measured else
                          (f"{peak_of_record(e['steps']['build']):,.0f} MB (without the steps not run)"
                           if "build" in e["steps"] else "–"))
    rows.append([f"**{E2E}**"] + e2e_cells)
    data_cells = []
    for e in entries:
        total, measured = data_build(e)
        data_cells.append("–" if total is None else f"**{seconds(total)}**" if measured
                          else f"projected {duration(total)}")
    rows.append([f"**{DATA}**"] + data_cells)
    rows.append(["peak memory before the site (all processes, PSS)"] + [
        f"{p:,.0f} MB" if (p := data_peak(e)) else "–" for e in entries])
    rows.append(["**peak memory (all processes, PSS)**"] + peak_cells)
    rows.append(["peak memory of the main process (RSS)"] + [
        f"{e['steps']['build']['peak_mb']:,.0f} MB" if "build" in e["steps"] else "–" for e in entries])
    lk_cells, ratio_cells, ratio_sub = [], [], []
    for e in entries:
        lk = e.get("linkml")
        if lk is None:
            lk_cells.append("–")
            ratio_cells.append("–")
            ratio_sub.append("–")
            continue
        if lk.get("skipped"):
            lk_cells.append(f"not run: projected {duration(lk['skipped'])}")
        elif lk["seconds"] is None:
            lk_cells.append("not run: time limit" if lk["timed_out"] else "failed")
        else:
            lk_cells.append(f"{seconds(lk['seconds'])}, {lk['peak_mb']:,.0f} MB")
        total, _peak, measured = e2e(e)
        ours_sub = subset(e)
        lk_s = lk.get("seconds") or lk.get("skipped")
        lk_measured = lk.get("seconds") is not None
        ratio_cells.append(ratio(total, lk_s, measured and lk_measured))
        ratio_sub.append(ratio(ours_sub[0], lk_s, ours_sub[1] and lk_measured))
    rows.append([f"{LINKML}"] + lk_cells)
    rows.append(["ratio vngreg build / linkml-convert"] + ratio_cells)
    rows.append(["ratio vngreg (load+map+validate+Turtle) / linkml-convert"] + ratio_sub)
    lines = ["| step | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def subset(entry: dict) -> tuple[float | None, bool]:
    """vngreg's time for what linkml-convert does: load, map, validate, write Turtle."""
    total, measured = 0.0, True
    for step in ("load", "map", "load shapes", "validate", "write: shared ntriples", "write: register.ttl"):
        if step in entry["skipped"]:
            total += entry["skipped"][step]
            measured = False
        elif step in entry["steps"]:
            total += entry["steps"][step]["seconds"]
        elif step in ("load", "map", "validate", "write: register.ttl"):
            return None, False
    return total, measured


def ratio(ours: float | None, theirs: float | None, measured: bool) -> str:
    if not ours or not theirs:
        return "–"
    r = ours / theirs
    text = f"{r:.1f}x" if r >= 1 else f"{r:.2f}x"
    return text if measured else f"{text} (projected)"


def targets(results: dict) -> str:
    real = results["real"]
    big = results["runs"].get(str(TARGET_BIG_N))
    ten = results["runs"].get("10000")
    lines = ["| target | measured | met? |", "|---|---|---|"]
    best = real["best_s"]
    lines.append(f"| real register, cold `vngreg build`, ≤ {TARGET_REAL_S} s wall | best {best:.2f} s, "
                 f"mean {real['mean_s']:.2f} s of {real['runs']} ({real['tool']}); first run "
                 f"{real['first_s']:.2f} s, peak {real['peak_mb']:.0f} MB | "
                 f"{verdict(best, TARGET_REAL_S)} |")
    if big:
        data, data_measured = data_build(big)
        if data is not None:
            lines.append(f"| {TARGET_BIG_N:,} standards end to end, all formats and validation "
                         f"(`--no-site`) ≤ {TARGET_BIG_S:.0f} s | {'' if data_measured else 'projected '}"
                         f"{seconds(data)} | {verdict(data, TARGET_BIG_S, data_measured)} |")
            dpeak = data_peak(big)
            if dpeak:
                lines.append(f"| the same, peak memory ≤ 1.5 GB | {dpeak:,.0f} MB | "
                             f"{verdict(dpeak, TARGET_BIG_MB)} |")
        runs = results.get("commands") or {}
        if runs.get("standards") == TARGET_BIG_N:
            for label, run in runs["runs"].items():
                if run["rc"] != 0:
                    lines.append(f"| the command `{label}` | failed (exit {run['rc']}) | – |")
                    continue
                memory = verdict(run['peak_mb'], TARGET_BIG_MB)
                lines.append(f"| the same, the command itself: `{label}` (start to exit) | "
                             f"{seconds(run['seconds'])}, peak {run['peak_mb']:,.0f} MB | time "
                             f"{verdict(run['seconds'], TARGET_BIG_S)}; memory {memory} |")
        total, peak, measured = e2e(big)
        word = "" if measured else "projected "
        lines.append(f"| {TARGET_BIG_N:,} standards end to end with the site ≤ {TARGET_BIG_S:.0f} s | {word}"
                     f"{seconds(total)} | {verdict(total, TARGET_BIG_S, measured)} |")
        if peak is not None:
            lines.append(f"| {TARGET_BIG_N:,} standards with the site, peak memory ≤ 1.5 GB | "
                         f"{peak:,.0f} MB | {verdict(peak, TARGET_BIG_MB)} |")
    else:
        lines.append(f"| {TARGET_BIG_N:,} standards end to end ≤ {TARGET_BIG_S:.0f} s | not in this run | – |")
    if big and ten:
        t10, _, m10 = e2e(ten)
        t100, _, m100 = e2e(big)
        if t10 and t100:
            growth = t100 / t10
            word = "" if (m10 and m100) else " (from projections)"
            lines.append(f"| growth 10,000 → 100,000 ≤ {TARGET_GROWTH:.0f}x | {growth:.1f}x{word} | "
                         f"{verdict(growth, TARGET_GROWTH, m10 and m100)} |")
        (d10, dm10), (d100, dm100) = data_build(ten), data_build(big)
        if d10 and d100:
            word = "" if (dm10 and dm100) else " (from projections)"
            lines.append(f"| the same, without the site | {d100 / d10:.1f}x{word} | "
                         f"{verdict(d100 / d10, TARGET_GROWTH, dm10 and dm100)} |")
    return "\n".join(lines)


def verdict(value: float | None, limit: float, measured: bool = True) -> str:
    if value is None:
        return "–"
    if value <= limit:
        return "met" if measured else "met (projected)"
    return f"**not met**: {value / limit:.1f}x the target" + ("" if measured else " (projected)")


def report(results: dict, command: str) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    lines = [
        BEGIN,
        "<!-- Written by benchmarks/run.py; edit outside the markers. -->",
        f"Run {results['started']} (took {duration(results['took'])}) at commit {m['commit']}:",
        "",
        f"```\n{command}\n```",
        "",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}",
        f"- Python {m['python']}; {versions}",
        f"- load average before / after: {' '.join(f'{x:.2f}' for x in m['load_before'])} / "
        f"{' '.join(f'{x:.2f}' for x in results['load_after'])} (other work on the machine shows here)",
        f"- step budget {results['budget']:.0f} s (a step projected over it is not run at that size), "
        f"time limit {results['timeout']:.0f} s per process",
        "",
        "### Targets",
        "",
        targets(results),
        "",
        "### Each step",
        "",
        "Seconds per step of `pipeline.build`, each size in a fresh process (benchmarks/steps.py). "
        "\"shared\" rows are the work the writers share (computed once, before the first writer). "
        "From 200,000 triples the build writes its files on two processes (vngreg/write/parallel.py): "
        "a time marked ² is a step the second process ran, beside the first's, so the steps add "
        "up to more than the end-to-end wall time. "
        "The real register's column is from the same steps run; its cold build is in the targets. "
        "Peak memory \"all processes\" is the largest sum of the build's processes' proportional "
        "set sizes (PSS, sampled twice a second: a page the two share counts once); the main "
        "process's own peak is its maximum resident set (ru_maxrss). "
        "LinkML: `linkml-convert` with the schema benchmarks/linkml/register.yaml, which loads, "
        "validates (JSON Schema) and writes Turtle; its own process, wall time and peak memory.",
        "",
        table(results),
        END,
    ]
    return "\n".join(lines)


def write_doc(path: Path, block: str) -> None:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _old, tail = rest.split(END, 1)
            path.write_text(head + block + tail, encoding="utf-8")
            return
        path.write_text(text.rstrip("\n") + "\n\n## Latest run\n\n" + block + "\n", encoding="utf-8")
        return
    path.write_text("# Performance\n\nHow fast vngreg is, measured by `benchmarks/run.py`.\n\n"
                    "## Latest run\n\n" + block + "\n", encoding="utf-8")


# --- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000",
                        help="register sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md",
                        help="the Markdown file to write the table into (default: %(default)s)")
    parser.add_argument("--budget", type=float, default=120,
                        help="seconds a step may be projected to take at a size (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=1200,
                        help="seconds one process may take before it is stopped (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="cold builds of the real register")
    parser.add_argument("--no-linkml", action="store_true", help="leave out the LinkML side")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "latest.json",
                        help="the raw results (default: %(default)s)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s)
    command = "python benchmarks/run.py" + ("" if args.sizes == parser.get_default("sizes")
                                            else f" --sizes {args.sizes}")
    if args.budget != parser.get_default("budget"):
        command += f" --budget {args.budget:g}"
    WORK.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results: dict = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "sizes": sizes, "budget": args.budget, "timeout": args.timeout, "runs": {}}
    linkml = None if args.no_linkml else ensure_linkml()
    results["machine"] = machine()

    print("real register: cold builds ...", file=sys.stderr)
    results["real"] = real_register(args.runs, args.timeout)
    real_steps = run_steps(ROOT / "source", {}, args.timeout, "real")
    real_steps["yaml_mb"] = (ROOT / "source" / "standaarden.yaml").stat().st_size / 2**20
    if linkml:
        real_steps["linkml"] = run_linkml(linkml, ROOT / "source", args.timeout, "real")
    results["real"]["steps_run"] = real_steps
    results["real"]["standards"] = real_steps["steps"].get("build", {}).get("standards", "?")

    history: dict[str, list[tuple[int, float]]] = {}
    for n in sizes:
        print(f"N={n:,}: generating ...", file=sys.stderr)
        source = prepare(n)
        skip: dict[str, float] = {}
        for step, points in history.items():
            projected = project(points, n)
            if projected is not None and projected > args.budget and SKIPPABLE.match(step):
                skip[step] = projected
        print(f"N={n:,}: building{' without ' + ', '.join(skip) if skip else ''} ...", file=sys.stderr)
        entry = run_steps(source, skip, args.timeout, f"n{n}")
        entry["yaml_mb"] = (source / "standaarden.yaml").stat().st_size / 2**20
        for step, record in entry["steps"].items():
            history.setdefault(step, []).append((n, record["seconds"]))
        if entry["timed_out"]:  # what did not finish gets the time limit as a lower bound
            for step in history:
                if step not in entry["steps"] and step not in skip:
                    history[step].append((n, args.timeout))
        if linkml:
            projected = project(history.get(LINKML, []), n)
            if projected is not None and projected > args.budget:
                entry["linkml"] = {"skipped": projected}
            else:
                print(f"N={n:,}: linkml-convert ...", file=sys.stderr)
                entry["linkml"] = run_linkml(linkml, source, min(args.timeout, 2 * args.budget), f"n{n}")
                history.setdefault(LINKML, []).append(
                    (n, entry["linkml"]["seconds"] or (args.timeout if entry["linkml"]["timed_out"] else None)))
        results["runs"][str(n)] = entry
        total, peak, measured = e2e(entry)
        print(f"N={n:,}: build {seconds(total)}{'' if measured else ' (projected)'}"
              f"{f', peak {peak:.0f} MB' if peak else ''}", file=sys.stderr)
    if sizes[-1] >= 10_000:  # the largest again, as the command a user runs, start to exit
        results["commands"] = commands(sizes[-1], args.timeout)
    results["took"] = time.perf_counter() - start
    results["load_after"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    block = report(results, command)
    write_doc(args.out, block)
    print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
