"""Our Turtle read by Debian's strict parsers (serd and raptor), as harvesters' tools would read it."""

from __future__ import annotations

import subprocess

from rdflib import Graph
from rdflib.compare import isomorphic


def test_serdi_reads_turtle_strictly(built):
    result = subprocess.run(["serdi", "-i", "turtle", "-o", "ntriples",
                             str(built / "register.ttl")], capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    parsed = Graph().parse(data=result.stdout, format="nt")
    assert isomorphic(parsed, Graph().parse(built / "register.ttl", format="turtle"))


def test_rapper_reads_every_turtle_file(built):
    for path in sorted(built.rglob("*.ttl")):
        result = subprocess.run(["rapper", "-q", "-i", "turtle", "-c", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "rapper: Error" not in result.stderr, (path, result.stderr)


def test_rapper_reads_every_register_format_to_as_many_triples(built):
    """raptor's own readers (libxml2 for RDF/XML): each file well-formed, none a triple short."""
    counts = {}
    for name, syntax in (("register.nt", "ntriples"), ("register.nq", "nquads"),
                         ("register.ttl", "turtle"), ("register.trig", "trig"),
                         ("register.rdf", "rdfxml")):
        result = subprocess.run(["rapper", "-i", syntax, "-c", str(built / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "rapper: Error" not in result.stderr, (name, result.stderr)
        counts[name] = result.stderr.split("returned ")[1].split()[0]
    lines = len((built / "register.nt").read_bytes().splitlines())
    assert set(counts.values()) == {str(lines)}, counts
