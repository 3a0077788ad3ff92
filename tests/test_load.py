"""Loading: limits on size, and hostile text kept as data and escaped in every format."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from vngreg.errors import VngregError
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
    (workdir / "source" / "aanvullingen.yaml").unlink()  # it supplements the real 13 standards
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


def test_every_problem_is_reported_up_to_fifty_then_how_many_more(workdir):
    path = workdir / "source" / "standaarden.yaml"
    body = "standaarden:\n" + "".join(STANDARD.format(n=n).replace("2022-03-25", "2022-02-30")
                                      for n in range(60))
    (workdir / "source" / "aanvullingen.yaml").unlink()  # it supplements the real 13 standards
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 51
    assert lines[0] == ("error: source/standaarden.yaml:8 (standaard-0): 'geldt_vanaf' '2022-02-30' is een "
                        "datum die niet bestaat (fix: kijk de dag en de maand na)")
    assert lines[49].startswith("error: source/standaarden.yaml:498 (standaard-49): 'geldt_vanaf'")
    assert lines[50] == "error: en nog 10 problemen (fix: verbeter deze eerst en kijk dan opnieuw)"


def test_a_hostile_id_is_cut_and_its_control_characters_escaped(workdir):
    path = workdir / "source" / "standaarden.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = "\\e]0;pwned\\a\\e[2J" + "x" * 5_000
    (workdir / "source" / "aanvullingen.yaml").unlink()  # it supplements the real 13 standards
    path.write_text(text.replace("id: haven\n", f'id: "{hostile}"\n'), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    entry = "\\x1b]0;pwned\\x07\\x1b[2J" + "x" * (80 - 14) + "…"  # 14 characters, then x's up to 80
    assert line == (f"error: source/standaarden.yaml:{_line_of(path, 'pwned')} ({entry}): 'id' holds the "
                    "invisible control character U+001B, which RDF/XML and many tools cannot carry (fix: "
                    "retype the text without it (it often comes in by copy and paste))")
    assert line.isprintable() and len(line) < 400


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_source_files_that_are_not_regular_files_are_one_line_each(workdir):
    source = workdir / "source"
    (source / "standaarden.yaml").unlink()
    os.mkfifo(source / "standaarden.yaml")  # nobody writes: reading would wait for ever
    (source / "categorieen.yaml").unlink()
    (source / "categorieen.yaml").symlink_to("/dev/zero")  # endless: reading would fill the memory
    (source / "verbindendheid.yaml").unlink()
    (source / "verbindendheid.yaml").mkdir()
    # A process of its own, as a user runs it: a hang ends the test at the timeout, not the run.
    result = subprocess.run([sys.executable, "-m", "vngreg", "check", "--lang", "en"], cwd=workdir,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: source/{name}: this is not a regular file but {what} (fix: put the YAML file itself here)"
        for name, what in (("verbindendheid.yaml", "a folder"), ("categorieen.yaml", "a device or socket"),
                           ("standaarden.yaml", "a pipe (FIFO)"))]


def test_the_writers_get_only_terms_they_can_write(workdir):
    """Every IRI, language tag and text the loader accepts is one pyoxigraph can make a term of."""
    import pyoxigraph

    register = load_register(Path("source"))
    s = register.settings
    iris = [s.base_iri, s.licence, s.theme, *s.spatial, f"mailto:{s.contact_email or 'a@b.nl'}"]
    iris += [v for std in register.standards for v in (std.homepage, std.specification) if v]
    iris += [org.tooi for org in register.organisations if org.tooi]
    assert len(iris) > 5
    for iri in iris:
        pyoxigraph.NamedNode(iri)
    for lang in s.languages + [code for text in (s.title, s.description) for code in text]:
        pyoxigraph.Literal("x", language=lang)


def test_a_long_value_is_cut_in_its_message(workdir):
    path = workdir / "source" / "standaarden.yaml"
    long = "https://example.org/" + "a" * 5_000 + " b"
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Haven\n", f"naam: Haven\n    homepage: {long}\n"),
                    encoding="utf-8")
    with pytest.raises(VngregError) as caught:
        load_register(Path("source"))
    assert caught.value.format("en") == (
        f"source/standaarden.yaml:{_line_of(path, long)} (haven): 'homepage' '{long[:80]}…' is not a "
        "valid web address (IRI): it holds a space (fix: write a space as %20)")


def test_every_refused_character_is_unprintable():
    """_text looks for refused characters only in texts that str.isprintable() says hold one."""
    from vngreg.source.load import CONTROL

    refused = [c for c in map(chr, range(0x110000)) if CONTROL.match(c)]
    # C0 but tab and line feed, DEL and C1, bidi overrides and isolates, non-characters
    assert len(refused) == 30 + 33 + 5 + 4 + 32 + 2 * 17
    assert [c for c in refused if c.isprintable()] == []


@pytest.mark.parametrize("tag, accepted", [
    ("en-GB", True), ("zh-Hant-TW", True), ("de-CH-1901", True), ("es-419", True), ("en-x-abc", True),
    ("de-DE-u-co-phonebk", True), ("en_GB", False), ("e", False), ("en-", False),
    ("en--gb", False), ("nl-toolongsubtag", False), ("\u202ben", False)])
def test_language_tags_are_bcp_47_and_kept_lowercase(workdir, tag, accepted):
    import pyoxigraph

    path = workdir / "source" / "register.yaml"
    quoted = tag.replace("\n", "\\n").replace("\u202b", "\\u202B")
    path.write_text(path.read_text(encoding="utf-8").replace("talen: [nl, en]", f'talen: [nl, "{quoted}"]'),
                    encoding="utf-8")
    if accepted:
        languages = load_register(Path("source")).settings.languages
        assert languages == ["nl", tag.lower()]
        pyoxigraph.Literal("x", language=languages[1])  # a writer can write it
    else:
        with pytest.raises(VngregError) as caught:
            load_register(Path("source"))
        assert caught.value.format("en").startswith(f"source/register.yaml:{_line_of(path, 'talen')}: ")
        assert "'talen'" in caught.value.format("en")


def test_the_language_is_chosen_per_command(workdir):
    path = workdir / "source" / "standaarden.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("geldt_vanaf: 2022-03-25", "geldt_vanaf: 2022-02-30"),
                    encoding="utf-8")
    english = CliRunner().invoke(main, ["check", "--lang", "en"], catch_exceptions=False).stderr
    dutch = CliRunner().invoke(main, ["check"], catch_exceptions=False).stderr
    assert "'geldt_vanaf' '2022-02-30' is not a date that exists (fix: check the day and the month)" in english
    assert "'geldt_vanaf' '2022-02-30' is een datum die niet bestaat (fix: kijk de dag en de maand na)" in dutch
