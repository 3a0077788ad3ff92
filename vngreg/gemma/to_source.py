"""`vngreg import --from gemma FOLDER --out DIR`: GEMMA's standards list as a register in our
source format, under DIR/source/, that `vngreg build --source DIR/source` builds.

Every Standaard becomes a standard and every Standaardversie one of its versions, each linked to
its GEMMA Online page (`gelijk_aan`: it *is* GEMMA's element). Statuses and maintainers are mapped
by vngreg/gemma/normalise.py; what it cannot map is left out of the register (a maintainer keeps
GEMMA's text in `in_beheer_bij_tekst`) and listed by Object ID in DIR/gemma-rapport.txt. GEMMA
takes no decisions on standards, so no standard gets a `vaststelling`. Nothing is invented.

Each ApplicationComponent or ApplicationInterface that realises a standard with a `Verbindingsrol`
becomes a reference component (referentiecomponenten.yaml, linked to its GEMMA page), and the
standard lists it under `componenten` with its role (verbindingsrol.yaml, shipped beside this
module). Realisations without a role, or by other elements, are listed in the report.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph
import yaml

from vngreg.errors import EXIT_USAGE, Location, VngregError
from vngreg.gemma import report
from vngreg.gemma.model import Model, Realisation, Standard
from vngreg.gemma.normalise import ORGANISATIONS
from vngreg.importer import slug
from vngreg.source import load
from vngreg.source.records import Register

PAGE = "https://www.gemmaonline.nl/wiki/GEMMA/id-{}"
REPORT_FILE = "gemma-rapport.txt"
PUBLISHER = "vng-realisatie"  # GEMMA is kept by VNG Realisatie (tests/data/gemma/SOURCES.md)
LICENCE = "https://eupl.eu/"  # the repository's Readme links here, naming no version
ROOT_FOLDER = "GEMMA standaardenlijst"
ROLES = Path(__file__).with_name(load.ROLES_FILE)  # the scheme of the roles, in our source format
# GEMMA's kinds of element that realise a standard with a role -> referentiecomponenten.yaml's soort
KINDS = {"ApplicationComponent": "applicatiecomponent", "ApplicationInterface": "applicatie-interface"}


def write_register(model: Model, source: Register, out: Path, force: bool = False) -> tuple[int, int, list[str]]:
    """Write DIR/source/*.yaml and DIR/gemma-rapport.txt; (standards, versions, what was left out)."""
    target = out / "source"
    if target.exists() and not force:
        raise VngregError("the folder exists already", Location(str(target)),
                          "give --force to replace it, or another --out", exit_code=EXIT_USAGE)
    left_out: list[str] = []
    files, carried = _files(model, source, left_out)
    staging = Path(tempfile.mkdtemp(dir=out.parent if out.exists() else None, prefix=".gemma-import-"))
    try:
        (staging / "source").mkdir()
        for name, data in files.items():
            (staging / "source" / name).write_text(data, encoding="utf-8")
        (staging / REPORT_FILE).write_text(report.render(model) + carried + "left out of the register: "
                                           f"{len(left_out)}\n" + "".join(f"  {line}\n" for line in left_out),
                                           encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        for name in ("source", REPORT_FILE):
            if (out / name).is_dir():
                shutil.rmtree(out / name)
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(model.standards), sum(len(s.versions) for s in model.standards.values()), left_out


def _files(model: Model, source: Register, left_out: list[str]) -> tuple[dict[str, str], str]:
    """The source files by name, and the report's line on the component roles carried over."""
    categories = _categories(model)
    components, roles = _components(model, left_out)
    standards, used = [], {PUBLISHER}
    ids: set[str] = set()
    for std in model.standards.values():
        entry = _standard(std, model, categories, ids, left_out)
        if std.object_id in roles:
            entry["componenten"] = roles[std.object_id]
        used.update(entry.get("in_beheer_bij", []))
        standards.append(entry)
    s = source.settings
    settings = {
        "id": "gemma-standaarden",
        "basis_iri": s.base_iri.rstrip("/") + "/gemma/",
        "titel": {"nl": "Standaarden van GEMMA", "en": "GEMMA's standards"},
        "beschrijving": {
            "nl": f"De standaardenlijst van GEMMA ({model.name} {model.version}, release {model.release}), "
                  "ingelezen uit het ArchiMate-model van VNG Realisatie.",
            "en": f"GEMMA's list of standards ({model.name} {model.version}, release {model.release}), "
                  "read from VNG Realisatie's ArchiMate model."},
        "toelichting": {
            "nl": "Bron: GEMMA ArchiMate-model, VNG Realisatie (GEMMA), "
                  "github.com/VNG-Realisatie/GEMMA-Archi-repository, EUPL. GEMMA stelt geen standaarden "
                  "vast: de standaarden hebben daarom geen vaststelling.",
            "en": "Source: GEMMA ArchiMate model, VNG Realisatie (GEMMA), "
                  "github.com/VNG-Realisatie/GEMMA-Archi-repository, EUPL. GEMMA takes no decisions on "
                  "standards, so the standards have no establishment."},
        "uitgever": PUBLISHER, "licentie": LICENCE, "talen": ["nl", "en"],
        **({"gewijzigd": model.release} if model.release and re.fullmatch(r"\d{4}-\d\d-\d\d", model.release) else {}),
        # The catalogue's theme and coverage as the register we import beside (DCAT-AP-NL needs them).
        **({"thema": s.theme, "thema_naam": s.theme_name, "thema_definitie": s.theme_definition} if s.theme else {}),
        **({"ruimtelijke_dekking": s.spatial} if s.spatial else {}),
    }
    organisations = [{"id": org, "naam": {"nl": ORGANISATIONS.get(org) or _known_name(source, org)}}
                     for org in sorted(used)]
    files = {
        load.SETTINGS_FILE: _dump(settings),
        load.ORGANISATIONS_FILE: _dump({"organisaties": organisations}),
        load.LEVELS_FILE: _copy(source, load.LEVELS_FILE),
        load.STATUSES_FILE: _copy(source, load.STATUSES_FILE),
        load.CATEGORIES_FILE: _dump({
            "titel": {"nl": "Mappen van de GEMMA-standaardenlijst", "en": "Folders of GEMMA's list of standards"},
            "beschrijving": {"nl": "De mappen waarin het GEMMA-model zijn standaarden ordent.",
                             "en": "The folders in which the GEMMA model arranges its standards."},
            "categorieen": [{"id": key, "volgorde": n, "naam": {"nl": name},
                             "definitie": {"nl": f"Standaarden in de GEMMA-map '{folder}'."}}
                            for n, (folder, (key, name)) in enumerate(categories.items(), 1)]}),
        load.STANDARDS_FILE: _dump({"standaarden": standards}),
    }
    if components:
        files[load.COMPONENTS_FILE] = _dump({"referentiecomponenten": components})
        files[load.ROLES_FILE] = ROLES.read_text(encoding="utf-8")
    tally = Counter(pair["rol"] for pairs in roles.values() for pair in pairs)
    carried = (f"component roles in the register: {sum(tally.values())} "
               f"({', '.join(f'{role} {n}' for role, n in sorted(tally.items()))}), "
               f"of {len(components)} components, for {len(roles)} standards\n")
    return files, carried


def _components(model: Model, left_out: list[str]) -> tuple[list[dict], dict[str, list[dict]]]:
    """referentiecomponenten.yaml's entries, and each standard's `componenten` by its Object ID:
    every realisation by a component or interface with a mapped Verbindingsrol, one per pair."""
    entries: dict[str, dict] = {}  # by the component's Object ID
    ids: set[str] = set()
    roles: dict[str, dict[str, dict]] = defaultdict(dict)  # standard -> component id -> pair
    for r in sorted(model.realisations, key=lambda r: (r.component_name, r.component or "", r.object_id or r.file)):
        why = _not_carried(r)
        if why is None:
            if r.component not in entries:
                entries[r.component] = {"id": _unique(slug(r.component_name) or "component", r.component, ids),
                                        "naam": _clean(r.component_name), "soort": KINDS[r.component_kind],
                                        "gelijk_aan": [PAGE.format(r.component)]}
            component = entries[r.component]["id"]
            if component in roles[r.standard]:
                why = f"realises it a second time (Verbindingsrol {r.role.text!r}); the first is kept"
        if why:
            standard = model.standards[r.standard].name if r.standard in model.standards else r.standard
            left_out.append(f"{r.object_id or r.file} {r.component_name!r} -> {standard!r}: {why}")
            continue
        roles[r.standard][component] = {"component": component, "rol": r.role.value}
    pairs = {std: [pair for _, pair in sorted(found.items())] for std, found in roles.items()}
    return sorted(entries.values(), key=lambda e: e["id"]), pairs


def _not_carried(r: Realisation) -> str | None:
    """Why a realisation is no pair in the register, or None."""
    if r.role is None:
        return f"a realisation by a{'n' if r.component_kind[:1] in 'AEIOU' else ''} {r.component_kind or 'element'} " \
               "without a Verbindingsrol"
    if r.role.value is None:
        return f"Verbindingsrol {r.role.text!r} is not mapped"
    if r.component_kind not in KINDS or r.component is None:
        return f"a {r.component_kind or 'element'} without an Object ID or of a kind that is not a component"
    return None


def _known_name(source: Register, org: str) -> str:
    return next(o.name["nl"] for o in source.organisations if o.id == org)


def _categories(model: Model) -> dict[str, tuple[str, str]]:
    """GEMMA folder -> (category id, name): the folder's path below the standards list."""
    found: dict[str, tuple[str, str]] = {}
    for folder in sorted({s.folder for s in model.standards.values()}):
        name = folder.split(f"{ROOT_FOLDER}/", 1)[-1].removeprefix("Motivation/").replace("/", " - ")
        name = name if name != "Motivation" else "Overige"
        found[folder] = (slug(name), name)
    return found


def _standard(std: Standard, model: Model, categories, ids: set[str], left_out: list[str]) -> dict:
    entry: dict = {"id": _unique(slug(std.name) or "standaard", std.object_id, ids), "naam": _clean(std.name),
                   "categorie": categories[std.folder][0]}
    if std.maintainers.value:
        entry["in_beheer_bij"] = list(std.maintainers.value)
    if std.maintainers.text:
        entry["in_beheer_bij_tekst"] = _clean(std.maintainers.text)
    if std.description and _clean(std.description):
        entry["beschrijving"] = {"nl": _clean(std.description)[:load.TEXT_MAX]}
    urls = [u for u in std.urls if _iri(u, std.object_id, left_out)]
    if urls:
        entry["specificatie"] = urls[0]
    if len(urls) > 1:
        left_out.append(f"{std.object_id} {std.name!r}: URL {', '.join(urls[1:])}: only the first is kept")
    if std.status.value:
        entry["status"] = std.status.value
    entry["gelijk_aan"] = [PAGE.format(std.object_id)]
    versions, version_ids = [], set()
    for oid in std.versions:
        version = model.versions[oid]
        label = _clean(version.label or version.name)
        item = {"id": _unique(slug(label) or "versie", oid, version_ids), "versie": label}
        if version.status.value:
            item["status"] = version.status.value
        item["gelijk_aan"] = [PAGE.format(oid)]
        versions.append(item)
    if versions:
        entry["versies"] = versions
    return entry


def _unique(wanted: str, object_id: str, taken: set[str]) -> str:
    """An id from the name; a name that gives an id already taken gets part of its Object ID."""
    made = wanted[:load.SLUG_MAX]
    if made in taken:
        made = f"{wanted[:load.SLUG_MAX - 9]}-{object_id.replace('-', '')[:8]}"
    taken.add(made)
    return made


def _clean(text: str) -> str:
    """GEMMA's text without the characters our loader refuses (controls), spacing as written."""
    return load.CONTROL.sub(" ", text).strip()


def _iri(url: str, object_id: str, left_out: list[str]) -> bool:
    try:
        pyoxigraph.NamedNode(url)
        return bool(re.match(r"https?://[^/?#]", url))
    except ValueError:
        left_out.append(f"{object_id}: URL {url!r} is not a web address an RDF writer can write")
        return False


def _copy(source: Register, name: str) -> str:
    return (Path(source.settings.location.file).parent / name).read_text(encoding="utf-8")


def _dump(data: dict) -> str:
    return ("# Written by `vngreg import --from gemma`: GEMMA's standards list in vngreg's source format.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))
