"""Loading: limits on size, and hostile text kept as data and escaped in every format."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from vngreg.source import yamlread
from vngreg.cli import main
from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register

STANDARD = """  - id: standaard-{n}
    naam: Standaard {n}
    categorie: api-standaarden
    in_beheer_bij: [vng-realisatie]
    in_beheer_bij_tekst: VNG Realisatie
    vaststelling:
      geldt_vanaf: 2022-03-25
      verbindendheid: pas-toe-of-leg-uit
      vastgesteld_door: vng-bestuur
      op_advies_van: college-van-dienstverleningszaken
"""

HOSTILE = '<script>alert("x")</script> & \'quotes\' "dubbel" \\ back\\slash </title> ]]> # {}'


def test_a_file_over_the_limit_is_refused_with_the_limit(workdir):
    path = workdir / "source" / "standaarden.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write("# padding\n" * (yamlread.MAX_BYTES // 10 + 1))
    result = CliRunner().invoke(main, ["check", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == (f"error: source/standaarden.yaml: the file is larger than {yamlread.MAX_BYTES:,} "
                             "bytes, the limit for a source file (fix: split the register over several files)\n")


def test_a_ten_megabyte_register_loads(workdir):
    path = workdir / "source" / "standaarden.yaml"
    body = "standaarden:\n" + "".join(STANDARD.format(n=n) for n in range(30_000))
    path.write_text(body, encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    register = load_register(Path("source"))
    assert len(register.standards) == 30_000
    assert register.standards[-1].id == "standaard-29999"


def test_hostile_text_is_data_in_every_format(workdir):
    path = workdir / "source" / "standaarden.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(text.replace("naam: Haven\n", f'naam: "{quoted}"\n'), encoding="utf-8")
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output

    mapped = map_register(load_register(Path("source"))).graph
    assert (None, None, Literal(HOSTILE, lang="nl")) in mapped
    for name, fmt in (("register.ttl", "turtle"), ("register.jsonld", "json-ld"), ("register.nt", "nt"),
                      ("register.rdf", "xml")):
        assert isomorphic(Graph().parse(workdir / "out" / name, format=fmt), mapped), name
    strict = subprocess.run(["serdi", "-i", "turtle", "-o", "ntriples", str(workdir / "out" / "register.ttl")],
                            capture_output=True, text=True)
    assert strict.returncode == 0, strict.stderr
    assert "<script>" not in (workdir / "out" / "register.rdf").read_text(encoding="utf-8")
