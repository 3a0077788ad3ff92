"""The linkset (out/koppelingen.ttl, .nt): the register's links to other registers as plain SKOS
mappings, exactly what RDFS entailment over the published ontology gives from the register's
gs:gelijkAan / gs:vergelijkbaarMet, read back by two parsers; described in the catalogue as a
void:Linkset derived from the dataset; a register without links has none."""

from __future__ import annotations

import subprocess

import pyoxigraph as ox
from rdflib import Graph

from vngreg.vocab import SKOS, VOID

SUBPROPERTIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?own ?mapping WHERE {
  ?own rdfs:subPropertyOf ?mapping .
  FILTER (?mapping IN (skos:exactMatch, skos:closeMatch))
}"""


def _store(*paths) -> ox.Store:
    store = ox.Store()
    for path in paths:
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
    return store


def _triples(store: ox.Store) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o, _g in store.quads_for_pattern(None, None, None)}


def test_the_linkset_is_the_skos_mappings_the_ontology_entails(built):
    """From register.ttl and the published ontology (its rdfs:subPropertyOf, not a table of ours),
    the entailed SKOS mappings; koppelingen.ttl holds exactly those, and nothing else."""
    ontology = _store(built / "ontology" / "gs.ttl")
    entails = {str(row["own"]): str(row["mapping"]) for row in ontology.query(SUBPROPERTIES)}
    assert len(entails) == 2, entails
    register = _store(built / "register.ttl")
    expected = {(str(row["s"]), mapping, str(row["o"])) for own, mapping in entails.items()
                for row in register.query(f"SELECT ?s ?o WHERE {{ ?s {own} ?o }}")}
    assert expected, "the real register links to GEMMA, ADMS and OSLO"
    assert _triples(_store(built / "koppelingen.ttl")) == expected


def test_two_parsers_read_the_same_linkset(built):
    """pyoxigraph reads the Turtle, rdflib the N-Triples: one graph; rapper counts as many."""
    ours = _triples(_store(built / "koppelingen.ttl"))
    theirs = {(s.n3(), p.n3(), o.n3()) for s, p, o in Graph().parse(built / "koppelingen.nt", format="nt")}
    assert ours == theirs
    result = subprocess.run(["rapper", "-i", "turtle", "-c", str(built / "koppelingen.ttl")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and f"returned {len(ours)} triples" in result.stderr, result.stderr


def test_a_store_without_inference_answers_skos_questions_with_the_linkset(built):
    """What an operator asks after loading register.nt and koppelingen.nt: the GEMMA page of BAG
    Bevragen, which the register gives only as gs:gelijkAan."""
    store = _store(built / "register.nt", built / "koppelingen.nt")
    rows = list(store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?gemma WHERE { ?s dct:title "BAG Bevragen"@nl ; skos:exactMatch ?gemma }"""))
    assert [str(row["gemma"]) for row in rows] == [
        "<https://www.gemmaonline.nl/wiki/GEMMA/id-0590b594-7b80-411e-b8b5-27e7e499de09>"]
    ask = "ASK { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o }"
    assert bool(store.query(ask)) and not bool(_store(built / "register.nt").query(ask))

def test_the_catalogue_describes_the_linkset(built):
    catalogue = Graph().parse(built / "catalog.ttl", format="turtle")
    lines = (built / "koppelingen.nt").read_bytes().splitlines()
    rows = list(catalogue.query("""
        PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?linkset ?triples WHERE { ?dataset a void:Dataset .
                                         ?linkset a void:Linkset ; void:triples ?triples ;
                                                  prov:wasDerivedFrom ?dataset ; void:subjectsTarget ?dataset }"""))
    assert len(rows) == 1 and int(rows[0][1]) == len(lines)
    linkset = rows[0][0]
    dumps = sorted(str(o) for o in catalogue.objects(linkset, VOID.rdflib.dataDump))
    assert [url.rsplit("/", 1)[1] for url in dumps] == ["koppelingen.nt", "koppelingen.ttl"]
    assert all((built / url.rsplit("/", 1)[1]).is_file() for url in dumps)
    predicates = set(catalogue.objects(linkset, VOID.rdflib.linkPredicate))
    assert predicates == {SKOS.rdflib.exactMatch, SKOS.rdflib.closeMatch}


def test_a_register_without_links_has_no_linkset(tmp_path):
    """The template of `vngreg init` without its status scheme (the one file with links): no
    koppelingen files, no void:Linkset."""
    from click.testing import CliRunner
    from vngreg.cli import main
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "reg")]).exit_code == 0
    (tmp_path / "reg" / "source" / "status.yaml").unlink()
    built = runner.invoke(main, ["build", "--source", str(tmp_path / "reg" / "source"),
                                 "--out", str(tmp_path / "out"), "--no-site"])
    assert built.exit_code == 0, built.output
    assert not list((tmp_path / "out").glob("koppelingen.*"))
    catalogue = Graph().parse(tmp_path / "out" / "catalog.ttl", format="turtle")
    assert not list(catalogue.subjects(predicate=None, object=VOID.rdflib.Linkset))
