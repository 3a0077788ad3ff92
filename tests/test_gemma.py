"""Reading GEMMA's model (vngreg/gemma/) on the real snapshot in tests/data/gemma/.

The expected numbers are the ones tests/data/gemma/SOURCES.md states (written by whoever took the
snapshot, with a script of their own); the expected fields are those the XML files hold, and some
checks scan the files with a regular expression, independently of the reader.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from vngreg.cli import main
from vngreg.errors import EXIT_DATA, EXIT_USAGE, VngregError
from vngreg.gemma import normalise
from vngreg.gemma.model import read_model

DATA = Path(__file__).resolve().parent / "data" / "gemma"
MODEL = DATA / "model"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "gemma.md"
PROPERTY = re.compile(r'<properties\s+key="([^"]*)"\s+value="([^"]*)"')


@pytest.fixture(scope="module")
def model():
    return read_model(MODEL)


def _by_name(records, name):
    found = [r for r in records.values() if r.name == name]
    assert len(found) == 1, (name, found)
    return found[0]


def _scan(kind: str) -> dict[str, dict[str, str]]:
    """Constraint files of a GEMMA type, read with a regular expression: Object ID -> properties
    (the first value of each key; '&amp;' unescaped)."""
    found = {}
    for path in MODEL.rglob("Constraint_*.xml"):
        props: dict[str, str] = {}
        for key, value in PROPERTY.findall(path.read_text(encoding="utf-8")):
            props.setdefault(key, value.replace("&amp;", "&"))
        if props.get("GEMMA type") == kind:
            found[props["Object ID"]] = props
    return found


def _unmapped(model, field):
    return {(f.object_id, f.value) for f in model.findings if f.unmapped and f.field == field}


# --- what SOURCES.md counts ----------------------------------------------------------------------

def test_standards_and_versions_as_counted(model):
    assert (model.name, model.version, model.release) == ("GEMMA", "5.0.0", "2026-06-30")
    assert len(model.standards) == 200
    assert len(model.versions) == 323
    assert sum(1 for v in model.versions.values() if v.standard in model.standards) == 323
    assert sum(len(s.versions) for s in model.standards.values()) == 323
    without = {s.name for s in model.standards.values() if not s.versions}
    assert without == {"BAG-WOZ testset", "Open Raadsinformatie API-standaard", "imORI",
                       "StUF Participatieladder"}


def test_every_object_id_is_kept_once(model):
    standards, versions = _scan("Standaard"), _scan("Standaardversie")
    assert set(model.standards) == set(standards)
    assert set(model.versions) == set(versions)
    assert len(set(standards) | set(versions)) == 523
    for oid, standard in model.standards.items():
        assert standard.object_id == oid
        assert all(model.versions[v].standard == oid for v in standard.versions)


def test_versions_linked_either_way_and_the_reversed_ones_noted(model):
    reversed_ = {f.name for f in model.findings
                 if f.field == "link to standard" and "from standard to version" in f.problem}
    assert reversed_ == {"Aanvraag levensonderhoud API-standaard (actueel)",
                         "Beslissing levensonderhoud API-standaard (actueel)",
                         "IMKL Kabels en Leidingen (actueel)"}  # the last as a Composition
    for name in ("Aanvraag levensonderhoud API-standaard", "Beslissing levensonderhoud API-standaard"):
        standard = _by_name(model.standards, name)
        assert [model.versions[v].name for v in standard.versions] == [f"{name} (actueel)"]
    imgeo = _by_name(model.versions, "IMGeo (BGT) (actueel)")  # also drawn from a Grouping
    assert model.standards[imgeo.standard].name == "IMGeo (BGT)"
    assert _by_name(model.groups, "Geo standaarden").object_id in imgeo.groups


def test_statuses_counted_and_mapped(model):
    standards, versions = model.standards.values(), model.versions.values()
    assert Counter(s.status.text for s in standards) == {"In gebruik": 184, "Einde ondersteuning": 8,
                                                         "In ontwikkeling": 8}
    assert Counter(v.status.text for v in versions) == {"In gebruik": 229, "Einde ondersteuning": 71,
                                                        "Teruggetrokken": 13, "In ontwikkeling": 9,
                                                        None: 1}
    assert Counter(v.status.value for v in versions)["teruggetrokken"] == 13
    assert all(s.status.value in normalise.LIFECYCLE for s in standards)
    missing = _by_name(model.versions, "Gekwalificeerde elektronische handtekening geen")
    assert missing.status.value is None
    assert _unmapped(model, "Status") == {(missing.object_id, None)}


def test_the_two_untyped_constraints_are_noted_not_read(model):
    untyped = {f.name for f in model.findings if f.field == "GEMMA type"}
    assert untyped == {"Idensys", "Koppelvlak berichtenbox voor ondernemers"}
    names = {r.name for r in [*model.standards.values(), *model.versions.values()]}
    assert not untyped & names


def test_verbindingsrol_per_component(model):
    with_role = [r for r in model.realisations if r.role]
    assert len(with_role) == 763
    assert Counter(r.role.text for r in with_role) == {"Aanbevolen": 437, "Verplicht": 326}
    assert Counter((r.component_kind, r.role.value) for r in with_role) == {
        ("ApplicationComponent", "aanbevolen"): 434, ("ApplicationComponent", "verplicht"): 320,
        ("ApplicationInterface", "aanbevolen"): 3, ("ApplicationInterface", "verplicht"): 6}
    assert all(r.standard in model.standards and r.component for r in with_role)
    without = Counter(r.component_kind for r in model.realisations if r.role is None)
    assert without == {"ApplicationService": 65, "ApplicationInterface": 39, "ApplicationComponent": 5}
    named = {f.value for f in model.findings if f.field == "Verbindingsrol"}
    assert len([f for f in model.findings if f.field == "Verbindingsrol"]) == 3 and named == {None}


def test_groupings_as_counted(model):
    gradaties = {g.name: len(g.members) for g in model.groups.values() if g.subtype == "Gradaties"}
    assert gradaties == {"Eindproduct": 132, "Halffabrikaat": 26, "Grondstof": 13, "Informatiemodel": 26}
    others = {g.name: len(g.members) for g in model.groups.values()}
    for name, count in {"Binnengemeentelijke standaarden": 15, "Buitengemeentelijke ketenstandaarden": 16,
                        "StUF familie": 39, "StUF-standaarden": 35, "Informatiemodellen": 39,
                        "API-standaarden": 43}.items():
        assert others[name] == count, name
    members = [m for g in model.groups.values() for m in g.members]
    assert sum(m in model.standards for m in members) == 464
    zgw_versions = [g for g in model.groups.values()
                    if g.name.startswith("Zaakgericht werken API-standaarden - standaardversies")]
    assert sum(len(g.members) for g in zgw_versions) == 12
    assert all(m in model.versions for g in zgw_versions for m in g.members)


def test_no_relation_between_two_standards(model):
    # SOURCES.md: besides version links, groupings and realisations, only two Associations
    # from "SuwiML berichtstandaard" to flow relations touch a standard.
    suwi = _by_name(model.standards, "SuwiML berichtstandaard")
    assert [(r.kind, r.source) for r in model.relations] == [("Association", suwi.object_id)] * 2
    assert not {r.target for r in model.relations} & (set(model.standards) | set(model.versions))


# --- field by field ------------------------------------------------------------------------------

def test_bag_bevragen_current_version_withdrawn(model):
    bag = model.standards["0590b594-7b80-411e-b8b5-27e7e499de09"]
    assert bag.name == "BAG bevragen API-standaard"
    assert (bag.status.text, bag.status.value) == ("In gebruik", "in-gebruik")
    assert (bag.maintainers.text, bag.maintainers.value) == ("Kadaster", ("kadaster",))
    assert bag.urls == ("https://www.kadaster.nl/zakelijk/registraties/basisregistraties/bag",)
    assert bag.description == "Standaardspecificatie van de BAG bevragen API"
    assert bag.abbreviation is None
    assert bag.versions == ("5c97f080-a8ae-431c-9ce7-74113dddb2b5",)
    current = model.versions["5c97f080-a8ae-431c-9ce7-74113dddb2b5"]
    assert current.name == "BAG bevragen API-standaard (actueel)"
    assert (current.label, current.status.text, current.status.value) == ("Actueel", "Teruggetrokken",
                                                                          "teruggetrokken")
    assert _by_name(model.groups, "Haal Centraal API-standaarden").object_id in bag.groups

    individual = model.standards["7133d1be-ad54-4aba-ad99-cb2b14f13287"]
    assert individual.name == "BAG Individuele Bevragingen API-standaard"
    assert individual.status.value == "in-gebruik" and individual.maintainers.value == ("kadaster",)
    assert [(model.versions[v].object_id, model.versions[v].status.value) for v in individual.versions] \
        == [("18bd7000-961b-4349-853f-061673b925f5", "in-gebruik")]


ZGW = {  # name: (Object ID, URL), as the files have them
    "Zaken API-standaard": ("3a597286-4edc-47ed-b19a-14d7497db340", "zaken"),
    "Documenten API-standaard": ("6735b083-274b-4e00-b0cd-45ac7fbb2212", "documenten"),
    "Catalogi API-standaard": ("d39f4563-ece6-4b46-ba89-769225af2859", "catalogi"),
    "Besluiten API-standaard": ("da7824d9-7f39-4024-a825-d3962be261e9", "besluiten"),
    "Autorisaties API-standaard": ("04631b15-e2ad-4353-8cb0-367891b99eb3", "autorisaties"),
    "Notificaties API-standaard (aanbieden, routeren, abonneren)":
        ("8ab7f444-88c5-48e5-944c-6e9bdf6144ab", "notificaties"),
    "Notificaties API-standaard (ontvangen)": ("f840b399-9644-4fb8-be42-e97a13596ae4",
                                               "notificaties-consumer"),
}


def test_the_zaakgericht_werken_api_standards(model):
    cluster = _by_name(model.groups, "Zaakgericht werken API-standaarden")
    for name, (oid, page) in ZGW.items():
        standard = model.standards[oid]
        assert standard.name == name
        assert standard.status.value == "in-gebruik"
        assert standard.maintainers.value == ("vng-realisatie",)
        assert standard.urls == (f"https://vng-realisatie.github.io/gemma-zaken/standaard/{page}/index",)
        assert standard.object_id in cluster.members
        labels = {(model.versions[v].label, model.versions[v].status.value) for v in standard.versions}
        assert ("1.x", "in-gebruik") in labels, name


# --- maintainers ---------------------------------------------------------------------------------

def test_placeholder_and_unknown_maintainers_are_reported_not_invented(model):
    reported = {(model.standards[oid].name, text) for oid, text in _unmapped(model, "Beheerder")}
    assert reported == {("Aanvraag levensonderhoud API-standaard", "GBI???"),
                        ("Beslissing levensonderhoud API-standaard", "GBI???"),
                        ("Popolo", "Geen"),
                        ("StUF Participatieladder", "Onbekend, was Lost Lemon"),
                        ("Gekwalificeerde elektronische handtekening", None),
                        ("Informatiemodel berichtenverkeer Digitale Bereikbaarheidskaart", "DBK")}
    for oid, _ in _unmapped(model, "Beheerder"):
        assert model.standards[oid].maintainers.value == ()


def test_every_maintainer_text_is_mapped_or_reported(model):
    texts = {p.get("Beheerder") for p in _scan("Standaard").values()}
    assert len(texts - {None}) == 47
    reported = {text for _, text in _unmapped(model, "Beheerder")}
    for standard in model.standards.values():
        assert standard.maintainers.text in texts
        assert bool(standard.maintainers.value) != (standard.maintainers.text in reported)
        assert set(standard.maintainers.value) <= set(normalise.ORGANISATIONS)


@pytest.mark.parametrize("spellings", [("KOOP", "Werkmaatschappij-KOOP"), ("KvK", "Kamer van Koophandel"),
                                       ("SIKB", "Stichting Infrastructuur Kwaliteitsborging Bodembeheer"),
                                       ("VNG Realisatie", "VNG Realisatie a.i.")])
def test_one_body_written_several_ways_is_one_organisation(model, spellings):
    found = {s.maintainers.text: s.maintainers.value for s in model.standards.values()}
    assert found[spellings[0]] == found[spellings[1]] and len(found[spellings[0]]) == 1
    assert found["VNG"] != found["VNG Realisatie"]  # the association and its part stay two


def test_normalise_ignores_case_and_spacing_and_maps_nothing_unknown():
    assert normalise.lifecycle("in  GEBRUIK").value == "in-gebruik"
    assert normalise.lifecycle("Ingetrokken").value == "teruggetrokken"
    assert normalise.lifecycle("Gepland").value is None and normalise.lifecycle("Gepland").problem
    assert normalise.role("verplicht").value == "verplicht" and normalise.role("Optioneel").value is None
    assert normalise.maintainers("STichting Open Standaarden Afval en Grondstoffen").value == ("stosag",)
    for text in ("n.v.t.", "???", "Onbekend", "-"):
        assert normalise.maintainers(text).problem == "a placeholder, not an organisation"
    assert normalise.maintainers("Stichting Nieuw").problem.startswith("not in the maintainer table")


def test_quirks_are_kept_as_written(model):
    rni = _by_name(model.versions, "RNI koppelvlak bijhouding LO RNI 2.11")
    assert rni.label == "LO\u00a0RNI 2.11"
    double = "Referentielijsten en Selectielijst  API-standaard"
    assert _by_name(model.standards, double).name == double
    assert {f.value for f in model.findings if f.field in ("name", "label")} >= {double, rni.label}
    sikb = [s for s in model.standards.values() if s.name == "IM Bodembeheer en Archeologie (IMSIKB0101)"]
    assert len(sikb) == 1 and model.versions[sikb[0].versions[0]].name == sikb[0].name


# --- broken input: one clear error ---------------------------------------------------------------

def _small_model(tmp_path: Path, *names: str) -> Path:
    """A model folder with the real root and the named real files (found anywhere in the model)."""
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(MODEL / "folder.xml", folder)
    for name in names:
        shutil.copy(next(MODEL.rglob(name)), folder)
    return folder


BAG_FILE = "Constraint_id-cd03d983b72b41c696f9e262afc5cc21.xml"  # BAG bevragen API-standaard
BAG_VERSION_FILE = "Constraint_id-2391abc528d0420b9fa2ac8e79245fef.xml"


def _error(path: Path) -> VngregError:
    with pytest.raises(VngregError) as caught:
        read_model(path)
    return caught.value


def test_missing_folder(tmp_path):
    error = _error(tmp_path / "nothing")
    assert error.exit_code == EXIT_USAGE and "is not a folder" in error.format()


def test_repository_root_instead_of_its_model_folder(tmp_path):
    _small_model(tmp_path)
    error = _error(tmp_path)
    assert error.location.file == str(tmp_path / "folder.xml")
    assert error.exit_code == EXIT_DATA and f"did you mean {tmp_path / 'model'}?" in error.format()


def test_a_sub_folder_instead_of_the_model(tmp_path):
    error = _error(MODEL / "motivation")
    assert "archimate:Folder, not the model's root" in error.format()


def test_malformed_xml_names_file_and_line(tmp_path):
    folder = _small_model(tmp_path, BAG_FILE)
    (folder / BAG_FILE).write_text((folder / BAG_FILE).read_text(encoding="utf-8")
                                   .replace('key="Beheerder"', 'key="Beheerder" <'), encoding="utf-8")
    error = _error(folder)
    assert error.location.file == str(folder / BAG_FILE)
    assert error.location.line == 13 and error.what == "broken XML: not well-formed (invalid token)"


@pytest.mark.parametrize("declaration, encoding", [
    ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', "utf-8"),
    ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "utf-8"),
    ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', "utf-16")])  # not to be caught by looking at bytes
def test_dtds_and_entities_are_refused(tmp_path, declaration, encoding):
    folder = _small_model(tmp_path, BAG_FILE)
    text = (folder / BAG_FILE).read_text(encoding="utf-8").replace('"Kadaster"', '"&a;"')
    (folder / BAG_FILE).write_text(declaration + text, encoding=encoding)
    error = _error(folder)
    assert error.location.file == str(folder / BAG_FILE) and "declares a DTD" in error.what


def test_an_object_id_used_twice_names_both_files(tmp_path):
    folder = _small_model(tmp_path, BAG_FILE, BAG_VERSION_FILE)
    text = (folder / BAG_VERSION_FILE).read_text(encoding="utf-8")
    (folder / BAG_VERSION_FILE).write_text(
        text.replace("5c97f080-a8ae-431c-9ce7-74113dddb2b5", "0590b594-7b80-411e-b8b5-27e7e499de09"),
        encoding="utf-8")
    error = _error(folder)
    assert "0590b594-7b80-411e-b8b5-27e7e499de09 is used twice" in error.what
    assert {error.location.file, error.what.rsplit("also by ", 1)[1]} == \
        {str(folder / BAG_FILE), str(folder / BAG_VERSION_FILE)}


def test_a_standard_without_object_id(tmp_path):
    folder = _small_model(tmp_path, BAG_FILE)
    text = (folder / BAG_FILE).read_text(encoding="utf-8")
    (folder / BAG_FILE).write_text(text.replace('key="Object ID"', 'key="Objectnummer"'), encoding="utf-8")
    error = _error(folder)
    assert "has no Object ID" in error.what and error.location.entry == "BAG bevragen API-standaard"


def test_two_files_of_one_name(tmp_path):
    folder = _small_model(tmp_path, BAG_FILE)
    (folder / "sub").mkdir()
    shutil.copy(folder / BAG_FILE, folder / "sub")
    error = _error(folder)
    assert f"two files are named {BAG_FILE}" in error.what


def test_a_small_model_reads_and_reports_the_unlinked_version(tmp_path):
    folder = _small_model(tmp_path, BAG_FILE, BAG_VERSION_FILE)  # without the relation between them
    small = read_model(folder)
    assert list(small.standards) == ["0590b594-7b80-411e-b8b5-27e7e499de09"]
    assert small.versions["5c97f080-a8ae-431c-9ce7-74113dddb2b5"].standard is None
    assert _unmapped(small, "link to standard") == {("5c97f080-a8ae-431c-9ce7-74113dddb2b5", None)}


# --- the command ---------------------------------------------------------------------------------

def test_gemma_report_command():
    result = CliRunner().invoke(main, ["gemma-report", str(MODEL)])
    assert result.exit_code == 0, result.output
    assert "200 standards, 323 versions (323 linked to a standard)" in result.output
    assert "Verbindingsrol 763 (Aanbevolen 437, Verplicht 326)" in result.output
    assert "Beheerder 'GBI???': a placeholder" in result.output
    assert "gemma-report" not in CliRunner().invoke(main, ["--help"]).output  # hidden


def test_gemma_report_on_a_broken_folder_is_one_line(tmp_path):
    folder = _small_model(tmp_path, BAG_FILE)
    (folder / BAG_FILE).write_text("<archimate:Constraint", encoding="utf-8")
    result = CliRunner().invoke(main, ["gemma-report", str(folder)])
    assert result.exit_code == EXIT_DATA
    assert result.output.strip().splitlines() == [
        f"error: {folder / BAG_FILE}:1: broken XML: unclosed token "
        "(fix: restore the file from the GEMMA-Archi-repository)"]


# --- the docs ------------------------------------------------------------------------------------

def _doc_table(heading: str) -> list[list[str]]:
    text = DOCS.read_text(encoding="utf-8").split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip().strip("`") for cell in row] for row in rows[1:]]


def test_docs_show_the_tables_the_code_uses():
    assert {r[0]: r[1] for r in _doc_table("Statuses")} == normalise.STATUSES
    assert {r[0]: r[1] for r in _doc_table("Verbindingsrol")} == normalise.ROLES
    maintainers = {r[0]: tuple(r[1].split(", ")) for r in _doc_table("Maintainers")}
    assert maintainers == normalise.MAINTAINERS
    assert {r[0]: r[1] for r in _doc_table("Organisations")} == normalise.ORGANISATIONS
