"""The real register, field by field, against the VNG page's text (the seed).

The expectations below were typed from the seed, not copied from our output; a test also checks
that every row really stands in the seed, so the table cannot drift from it."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import SEED

DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"]

# (category heading, name, "in beheer bij", "vaststelling geldt vanaf", "mate van verbindendheid")
TABLE = [
    ("API-standaarden", "Zaakgericht werken", "VNG Realisatie", "1 april 2021", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "Regels bij Activiteiten", "VNG Realisatie", "1 maart 2022", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "Objecten", "OpenZaak Community", "1 maart 2022", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "Objecttypen", "OpenZaak Community", "1 maart 2022", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "BAG Bevragen", "Kadaster", "1 oktober 2022", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "BRK Bevragen", "Kadaster", "1 oktober 2022", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "WOZ Bevragen", "Kadaster", "1 oktober 2022", "Pas-toe-of-leg-uit"),
    ("API-standaarden", "BRP Bevragen", "Rijksdienst voor Identiteitsgegevens", "1 oktober 2022",
     "Pas-toe-of-leg-uit"),
    ("API-standaarden", "GBI-ontologie en koppelvlaksspecificaties", "VNG Realisatie", "12 oktober 2023",
     "Pas-toe-of-leg-uit"),
    ("Informatiebeveiliging", "Baseline Informatiebeveiliging Overheid",
     "VNG / Werkgroep BIO onder regie MinBZK", "1 januari 2020", "Verplicht"),
    ("Infrastructuur", "Haven", "VNG Realisatie", "25 maart 2022", "Pas-toe-of-leg-uit"),
    ("Inkoop", "GIBIT", "VNG Realisatie", "1 april 2021", "Pas-toe-of-leg-uit"),
    ("Privacy", "Verwerkersovereenkomst", "VNG Realisatie", "1 januari 2019", "Verplicht"),
]

# The three levels: (label, kind of decision, mate van verbindendheid, proces, examples)
LEVELS = [
    (1, "Aanbevolen", "Advies", "vrijblijvend en geen formele status.",
     "vaststellen door directie VNG", ["klantreizen", "modelverordeningen"]),
    (2, "Pas toe of leg uit", "Standaardverklaring",
     "niet vrijblijvend, ‘pas toe of leg uit’-principe naar voorbeeld Forum Standaardisatie.",
     "tenminste op advies van het College van Dienstverleningszaken door bestuur VNG, "
     "ledenraadpleging facultatief, monitoring toepassing door VNG (bijvoorbeeld via "
     "Waarstaatjegemeente.nl) en lokaal via reguliere P&C cyclus door gemeenteraad.", ["GIBIT"]),
    (3, "Verplicht", "Verbindend verklaren", "verplichtend voor leden",
     "vaststelling op advies College van Dienstverleningszaken door bestuur VNG met ledenraadpleging",
     ["Aansluiting bij Informatiebeveiligingsdienst (via BALV)."]),
]

PREFIXES = """
PREFIX gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
"""


def iso(dutch_date: str) -> str:
    day, month, year = dutch_date.split()
    return dt.date(int(year), DUTCH_MONTHS.index(month) + 1, int(day)).isoformat()


def seed_text() -> str:
    """The page's text; its non-breaking spaces (HTML &nbsp;) are ordinary spaces in our data."""
    return SEED.read_text(encoding="utf-8").replace("\xa0", " ")


def test_table_rows_stand_in_the_seed():
    seed = seed_text()
    for _, name, maintainer, date, level in TABLE:
        assert f"{name}{maintainer}{date}{level}" in seed
    for level in LEVELS:
        for text in (level[1], level[2], level[3], level[4], *level[5]):
            assert text in seed, text


def test_exactly_the_thirteen_standards(graph):
    rows = graph.query(PREFIXES + "SELECT ?name WHERE { ?s a gs:GemeentelijkeStandaard ; dct:title ?name }")
    assert sorted(str(r.name) for r in rows) == sorted(row[1] for row in TABLE)


@pytest.mark.parametrize("category,name,maintainer,date,level", TABLE, ids=[row[1] for row in TABLE])
def test_standard_field_by_field(graph, category, name, maintainer, date, level):
    query = PREFIXES + """
    SELECT ?category ?maintainerText ?date ?levelLabel ?decided ?advised WHERE {
      ?s a gs:GemeentelijkeStandaard ; dct:title ?name ;
         gs:categorie/skos:prefLabel ?category ;
         gs:inBeheerBijTekst ?maintainerText ;
         gs:vaststelling ?v .
      ?v gs:geldtVanaf ?date ; gs:verbindendheid ?level ;
         gs:vastgesteldDoor/foaf:name ?decided .
      ?level skos:prefLabel|skos:altLabel ?levelLabel .
      FILTER(lang(?category) = "nl" && lang(?decided) = "nl")
      FILTER(?levelLabel = ?wantedLevel)
    }"""
    from rdflib import Literal
    rows = list(graph.query(query, initBindings={"name": Literal(name, lang="nl"),
                                                  "wantedLevel": Literal(level, lang="nl")}))
    assert len(rows) == 1, rows
    row = rows[0]
    assert str(row.category) == category
    assert str(row.maintainerText) == maintainer
    assert row.date.toPython() == dt.date.fromisoformat(iso(date))
    assert str(row.decided) == "Bestuur van de VNG"  # "vastgesteld door het bestuur van de VNG"


def test_maintainers_are_organisations(graph):
    """Each "in beheer bij" names organisations; the BIO keeps all three parties and their relation."""
    def names(query):
        return sorted(str(r[0]) for r in graph.query(PREFIXES + query))

    for _, name, maintainer, _, _ in TABLE:
        if "/" in maintainer:
            continue
        got = names(f'SELECT ?n WHERE {{ ?s dct:title "{name}"@nl ; gs:inBeheerBij/foaf:name ?n '
                    f'FILTER(lang(?n) = "nl") }}')
        assert got == [maintainer]
    bio = names('SELECT ?n WHERE { ?s dct:title "Baseline Informatiebeveiliging Overheid"@nl ; '
                'gs:inBeheerBij/skos:altLabel ?n }') + names(
        'SELECT ?n WHERE { ?s dct:title "Baseline Informatiebeveiliging Overheid"@nl ; '
        'gs:inBeheerBij/foaf:name ?n FILTER(lang(?n) = "nl") }')
    assert "VNG" in bio and "Werkgroep BIO" in bio
    regie = names('SELECT ?n WHERE { ?s dct:title "Baseline Informatiebeveiliging Overheid"@nl ; '
                  'gs:inBeheerBij/gs:onderRegieVan/skos:altLabel ?n }')
    assert regie == ["MinBZK"]


@pytest.mark.parametrize("order,label,kind,bindingness,process,examples", LEVELS,
                         ids=[level[1] for level in LEVELS])
def test_binding_level_texts(graph, order, label, kind, bindingness, process, examples):
    from rdflib import RDF, Literal

    from vngreg.vocab import in_rdflib as ns
    GS, SDO, SKOS = ns.GS, ns.SDO, ns.SKOS
    # the level, not another concept with the same label (Forum Standaardisatie's "Aanbevolen")
    level = next(s for s in graph.subjects(SKOS.prefLabel, Literal(label, lang="nl"))
                 if (s, RDF.type, GS.Verbindendheidsniveau) in graph)

    def values(predicate, lang="nl"):
        return sorted(str(o) for o in graph.objects(level, predicate)
                      if getattr(o, "language", None) == lang)

    assert kind in values(SKOS.altLabel)
    assert values(GS.soortBesluit) == [kind]
    assert values(SKOS.definition) == [bindingness]
    assert values(SKOS.scopeNote) == [process]
    assert values(SKOS.example) == sorted(examples)
    assert graph.value(level, SDO.position).toPython() == order
    assert str(graph.value(level, SKOS.notation)) == str(order)
    for predicate in (SKOS.prefLabel, SKOS.definition, SKOS.scopeNote, GS.soortBesluit):
        assert values(predicate, "en"), f"no English {predicate}"


def test_categories_in_page_order(graph):
    rows = graph.query(PREFIXES + """SELECT ?label ?pos WHERE { ?c a gs:Categorie ;
        skos:prefLabel ?label ; schema:position ?pos FILTER(lang(?label) = "nl") } ORDER BY ?pos""")
    expected = list(dict.fromkeys(row[0] for row in TABLE))
    assert [str(r.label) for r in rows] == expected


def test_register_texts_reach_the_output(graph):
    """The page's introduction and list heading are part of the dataset's description."""
    seed = seed_text()
    texts = " ".join(str(o) for o in graph.objects() if getattr(o, "language", None) == "nl")
    for sentence in (
        "Een verbindend verklaarde API-standaard is na een advies van het College van "
        "Dienstverleningszaken door het VNG-bestuur of de Algemene Ledenvergadering van de VNG als "
        "standaard vastgesteld.",
        "Deze lijst bevat de Gemeentelijke Standaarden die vastgesteld zijn door het bestuur van de VNG.",
        "Standaarden kunnen volgens drie niveaus van verbindendheid worden vastgesteld",
        "Lees meer over algemene standaarden voor de publieke sector op het Forum Standaardisatie.",
    ):
        assert sentence in seed
        assert sentence in texts, sentence
