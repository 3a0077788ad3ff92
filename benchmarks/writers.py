"""Each register file's writer against pyoxigraph, end to end from the mapped triples.

    python benchmarks/writers.py [--sizes 10000,30000] [--repeat 5]

For N generated standards (benchmarks/generate.py) it loads and maps the register once, then times,
per format, making the whole file's bytes from the sorted triples: the build's writer
(`formats.REGISTER_FILES`) and, where pyoxigraph writes the format, pyoxigraph given our
N-Triples or N-Quads lines to parse (the cheapest way to hand it the triples: making its terms in
Python costs more than its parser). JSON-LD: pyoxigraph writes it expanded, not compacted with our
context, so its time is a floor, not an alternative. Best of `--repeat` runs, in seconds.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from vngreg import nt  # noqa: E402
from vngreg.mapping.emitter import map_register  # noqa: E402
from vngreg.mapping.iris import Iris  # noqa: E402
from vngreg.source.load import load_register  # noqa: E402
from vngreg.write import formats  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
LIBRARY = {"register.ttl": ox.RdfFormat.TURTLE, "register.nt": ox.RdfFormat.N_TRIPLES,
           "register.nq": ox.RdfFormat.N_QUADS, "register.trig": ox.RdfFormat.TRIG,
           "register.rdf": ox.RdfFormat.RDF_XML, "register.jsonld": ox.RdfFormat.JSON_LD}


def publication(n: int) -> formats.Publication:
    folder = WORK / f"writers-{n}"
    if not (folder / "source" / "standaarden.yaml").is_file():
        generate(n, folder)
    register = load_register(folder / "source")
    mapped = map_register(register, sources=False)
    graph = str(Iris.for_base(register.settings.base_iri).dataset(register.settings.id))
    return formats.Publication(mapped.triples, graph, formats.load_context(
        ROOT / "ontology" / "context.jsonld"), mapped.index)


def pyoxigraph(pub: formats.Publication, fmt: ox.RdfFormat) -> bytes:
    """pyoxigraph parsing our lines and writing `fmt` (quads for TriG, N-Quads). The lines are
    joined first: pyoxigraph parses bytes faster than a stream of chunks."""
    graph = nt.iri(pub.graph_iri) if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) else None
    lines = b"".join(nt.chunks(pub.index, graph))
    parsed = ox.parse(lines, format=ox.RdfFormat.N_QUADS if graph else ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=fmt, prefixes=pub.prefixes_used)


def measure(make) -> tuple[float, int]:
    """Seconds to make the whole file (a streamed one, all of its chunks), and its size."""
    gc.collect()
    start = time.perf_counter()
    made = make()
    size = len(made) if isinstance(made, bytes) else sum(map(len, made))  # drains a stream
    return time.perf_counter() - start, size


def best(makers: list, repeat: int) -> list[tuple[float, int]]:
    """Best time of each maker over `repeat` rounds, the makers taking turns within a round so
    that a busy moment of a shared machine falls on both."""
    results = [[] for _ in makers]
    for _ in range(repeat):
        for made, make in zip(results, makers):
            made.append(measure(make))
    return [min(made) for made in results]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print("| standards | triples | file | ours (s) | pyoxigraph (s) | MB |")
    print("|---:|---:|---|---:|---:|---:|")
    for n in map(int, args.sizes.split(",")):
        pub = publication(n)
        for name, (writer, _media) in formats.REGISTER_FILES.items():
            (ours, size), (library, _size) = best(
                [lambda: writer(pub), lambda: pyoxigraph(pub, LIBRARY[name])], args.repeat)
            print(f"| {n:,} | {len(pub.triples):,} | {name} | {ours:.2f} | {library:.2f} "
                  f"| {size / 1e6:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
