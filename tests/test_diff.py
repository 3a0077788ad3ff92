"""vngreg diff: what changed between two builds or two git revisions, as text lines for a steward
and as an RDF change set; compared by meaning, not by text."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from tests.conftest import replace_entry

from vngreg.vocab import in_rdflib as ns
from vngreg import pipeline
from vngreg.cli import main

ID = "https://data.vng.nl/gemeentelijke-standaarden/id/"
NEW_STANDARD = """\
  - id: nieuwe-api
    naam: Nieuwe API
    categorie: api-standaarden
    in_beheer_bij: [vng-realisatie]
    vaststelling:
      geldt_vanaf: 2024-01-01
      verbindendheid: verplicht
      vastgesteld_door: vng-bestuur
      op_advies_van: college-van-dienstverleningszaken
"""
# Written from the edits in `_edit_register` and the seed's names, not from our output.
EXPECTED = [
    "brp-bevragen (BRP Bevragen): in_beheer_bij Rijksdienst voor Identiteitsgegevens -> Kadaster",
    "gibit (GIBIT): verwijderd",
    "haven (Haven): categorie Infrastructuur -> Inkoop",
    "haven (Haven): verbindendheid Pas toe of leg uit -> Verplicht",
    "nieuwe-api (Nieuwe API): toegevoegd (categorie API-standaarden; verbindendheid Verplicht; "
    "geldt_vanaf 2024-01-01; in_beheer_bij VNG Realisatie)",
    "objecten (Objecten): geldt_vanaf 2022-03-01 -> 2022-04-01",
    "objecttypen (Objecttypen API): naam Objecttypen -> Objecttypen API",
]


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _entry(text: str, standard: str) -> tuple[int, int]:
    """Where the entry of `standard` starts and ends in standaarden.yaml."""
    start = text.index(f"  - id: {standard}\n")
    following = re.search(r"^  - id: ", text[start + 1:], re.MULTILINE)
    return start, start + 1 + following.start() if following else len(text)


def _change(text: str, standard: str, old: str, new: str) -> str:
    start, end = _entry(text, standard)
    assert old in text[start:end], (standard, old)
    return text[:start] + text[start:end].replace(old, new, 1) + text[end:]


def _edit_register(workdir: Path) -> None:
    """Add a standard, remove one, change a name, a category, a level, a date and a maintainer."""
    path = workdir / "source" / "standaarden.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _entry(text, "gibit")
    text = text[:start] + text[end:]
    text = _change(text, "haven", "verbindendheid: pas-toe-of-leg-uit", "verbindendheid: verplicht")
    text = _change(text, "haven", "categorie: infrastructuur", "categorie: inkoop")
    text = _change(text, "objecten", "geldt_vanaf: 2022-03-01", "geldt_vanaf: 2022-04-01")
    text = _change(text, "brp-bevragen", "in_beheer_bij: [rvig]", "in_beheer_bij: [kadaster]")
    text = _change(text, "objecttypen", "naam: Objecttypen", "naam: Objecttypen API")
    path.write_text(text.rstrip("\n") + "\n" + NEW_STANDARD, encoding="utf-8")
    replace_entry(workdir / "source", "gibit", "")  # what aanvullingen.yaml adds to it goes too


def _build(out: str, when: dt.date) -> None:
    result = pipeline.build(pipeline.Project.around(Path("source")), Path(out), build_date=when)
    assert result.written, [f.format("en") for f in result.report.findings]


def _two_builds(workdir: Path) -> None:
    _build("old", dt.date(2024, 1, 1))
    _edit_register(workdir)
    _build("new", dt.date(2024, 2, 1))


def test_text_one_line_a_change(workdir):
    _two_builds(workdir)
    result = _run("diff", "old", "new")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr == "7 changes from old (2024-01-01) to new (2024-02-01)\n"


def test_backwards_the_other_way_round(workdir):
    _two_builds(workdir)
    lines = _run("diff", "new", "old").stdout.splitlines()
    assert "gibit (GIBIT): toegevoegd (categorie Inkoop; verbindendheid Pas toe of leg uit; " \
           "geldt_vanaf 2021-04-01; in_beheer_bij VNG Realisatie)" in lines
    assert "nieuwe-api (Nieuwe API): verwijderd" in lines
    assert "objecttypen (Objecttypen): naam Objecttypen API -> Objecttypen" in lines
    assert len(lines) == len(EXPECTED)


def test_no_changes_is_no_lines_and_exit_0(workdir):
    _build("old", dt.date(2024, 1, 1))
    # a comment and another build date change the bytes of out/, not the register's meaning
    path = workdir / "source" / "standaarden.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    _build("new", dt.date(2024, 3, 1))
    result = _run("diff", "old", "new")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("0 changes from old")


CHANGE = """
PREFIX cs: <http://purl.org/vocab/changeset/schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?old ?new WHERE {
  ?set a cs:ChangeSet ; cs:subjectOfChange ?standard ;
       cs:removal [ a rdf:Statement ; rdf:predicate ?p ; rdf:object ?old ] ;
       cs:addition [ a rdf:Statement ; rdf:predicate ?p ; rdf:object ?new ] .
}"""


def _change_of(graph: Graph, standard: str, predicate: URIRef) -> list[tuple]:
    rows = graph.query(CHANGE, initBindings={"standard": URIRef(ID + "standaard/" + standard),
                                             "p": predicate})
    return [(row.old, row.new) for row in rows]


def test_rdf_change_set(workdir):
    _two_builds(workdir)
    result = _run("diff", "old", "new", "--format", "ttl")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    cs = "http://purl.org/vocab/changeset/schema#"
    gs = str(ns.GS)

    reasons = sorted(str(r) for r in graph.objects(None, URIRef(cs + "changeReason")))
    assert reasons == EXPECTED
    assert set(graph.objects(None, URIRef(cs + "createdDate"))) == {Literal("2024-02-01", datatype=ns.XSD.date)}

    assert _change_of(graph, "haven", URIRef(gs + "verbindendheid")) == [
        (URIRef(ID + "verbindendheid/pas-toe-of-leg-uit"), URIRef(ID + "verbindendheid/verplicht"))]
    assert _change_of(graph, "haven", URIRef(gs + "categorie")) == [
        (URIRef(ID + "categorie/infrastructuur"), URIRef(ID + "categorie/inkoop"))]
    assert _change_of(graph, "objecten", URIRef(gs + "geldtVanaf")) == [
        (Literal("2022-03-01", datatype=ns.XSD.date), Literal("2022-04-01", datatype=ns.XSD.date))]
    assert _change_of(graph, "brp-bevragen", URIRef(gs + "inBeheerBij")) == [
        (URIRef(ID + "organisatie/rvig"), URIRef(ID + "organisatie/kadaster"))]
    assert _change_of(graph, "objecttypen", ns.DCTERMS.title) == [
        (Literal("Objecttypen", lang="nl"), Literal("Objecttypen API", lang="nl"))]

    # the removed standard: only removals, among them its type; the added one: only additions
    only = """
    PREFIX cs: <http://purl.org/vocab/changeset/schema#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?how ?p ?o WHERE {
      ?set cs:subjectOfChange ?standard ; ?how [ rdf:subject ?standard ; rdf:predicate ?p ; rdf:object ?o ] .
    }"""
    gibit = {(str(r.how), str(r.p), str(r.o)) for r in
             graph.query(only, initBindings={"standard": URIRef(ID + "standaard/gibit")})}
    assert (cs + "removal", str(ns.RDF.type), gs + "GemeentelijkeStandaard") in gibit
    assert (cs + "removal", str(ns.DCTERMS.title), "GIBIT") in gibit
    assert {how for how, _, _ in gibit} == {cs + "removal"}
    added = {(str(r.how), str(r.p), str(r.o)) for r in
             graph.query(only, initBindings={"standard": URIRef(ID + "standaard/nieuwe-api")})}
    assert (cs + "addition", gs + "inBeheerBij", ID + "organisatie/vng-realisatie") in added
    assert {how for how, _, _ in added} == {cs + "addition"}

    again = _run("diff", "old", "new", "--format", "ttl").stdout
    assert again == result.stdout, "the change set is the same on every run"


def test_usage_errors(workdir):
    _build("old", dt.date(2024, 1, 1))
    (workdir / "empty").mkdir()
    result = _run("diff", "old", "empty")
    assert result.exit_code == 2
    assert "the folder 'empty' holds no register.nt" in result.stderr
    result = _run("diff", "old", "no-such-thing")  # not a folder, and no git repository here
    assert result.exit_code == 2
    assert "'no-such-thing' is neither an output folder nor a git revision" in result.stderr
    assert _run("diff", "old", "source/register.yaml").exit_code == 2


# --- git revisions -------------------------------------------------------------------------------

def _git(workdir: Path, *args: str, when: str = "2024-03-15T10:00:00+00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull)
    return subprocess.run(["git", "-c", "user.name=Steward", "-c", "user.email=steward@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=workdir, env=env, check=True,
                          capture_output=True, text=True).stdout


def _repository(workdir: Path) -> None:
    """A git repository with two commits: the register, then the register edited."""
    _git(workdir, "init", "-q", "-b", "main")
    _git(workdir, "add", "source")
    _git(workdir, "commit", "-q", "-m", "register", when="2024-03-01T10:00:00+00:00")
    _edit_register(workdir)
    _git(workdir, "add", "source")
    _git(workdir, "commit", "-q", "-m", "edited")


def test_two_git_revisions(workdir):
    _repository(workdir)
    result = _run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr == "7 changes from HEAD~1 (2024-03-01) to HEAD (2024-03-15)\n"

    ttl = _run("diff", "HEAD~1", "main", "--format", "ttl")
    graph = Graph().parse(data=ttl.stdout, format="turtle")
    dates = set(graph.objects(None, URIRef("http://purl.org/vocab/changeset/schema#createdDate")))
    assert dates == {Literal("2024-03-15", datatype=ns.XSD.date)}, "the new revision's commit date"


def test_a_revision_against_a_built_folder(workdir):
    _repository(workdir)
    _build("out", dt.date(2024, 4, 1))  # the edited register, as in HEAD
    assert _run("diff", "HEAD", "out").stdout == ""
    assert _run("diff", "HEAD~1", "out").stdout.splitlines() == EXPECTED


def test_revision_errors(workdir):
    _repository(workdir)
    result = _run("diff", "HEAD~5", "HEAD")
    assert result.exit_code == 2
    assert "'HEAD~5' is neither an output folder nor a git revision" in result.stderr

    path = workdir / "source" / "standaarden.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("categorie: inkoop", "categorie: infra"),
                    encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "categorie: infra" in text)
    _git(workdir, "commit", "-q", "-am", "broken")
    result = _run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: HEAD:source/standaarden.yaml:{line} (haven): revision 'HEAD' cannot be read: "
        "onbekende categorie 'infra'")
