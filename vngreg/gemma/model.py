"""GEMMA's standards as records: every Standaard and Standaardversie (a Constraint with that
`GEMMA type`), the link of each version to its standard, the groupings that cluster them, the
components that realise them (with their `Verbindingsrol`), and every other relation that touches
them. Values that cannot be mapped are kept as GEMMA wrote them and listed as findings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from vngreg.errors import Location, VngregError
from vngreg.gemma import ameff, normalise
from vngreg.gemma.coarchi import Element, Folder, read_folder

STANDARD, VERSION = "Standaard", "Standaardversie"
VERSION_LINKS = {"Specialization", "Composition"}  # how GEMMA draws a version's standard


@dataclass(frozen=True)
class Finding:
    """A value that could not be mapped (`unmapped`), or a quirk that was read one way (a note)."""

    object_id: str | None
    name: str
    file: str
    field: str
    value: str | None
    problem: str
    unmapped: bool = True


@dataclass(frozen=True)
class Standard:
    object_id: str
    name: str
    abbreviation: str | None
    description: str | None
    status: normalise.Mapped      # from `GEMMA status`; value: a lifecycle key
    maintainers: normalise.Mapped  # from `Beheerder`; value: organisation keys
    urls: tuple[str, ...]
    versions: tuple[str, ...]      # Object IDs
    groups: tuple[str, ...]        # Object IDs of the groupings it is in
    file: str
    folder: str


@dataclass(frozen=True)
class Version:
    object_id: str
    name: str
    label: str | None              # `Versieaanduiding`, as written
    description: str | None
    status: normalise.Mapped       # from `Status`
    standard: str | None           # Object ID of its standard
    groups: tuple[str, ...]
    file: str
    folder: str


@dataclass(frozen=True)
class Group:
    """A Grouping that holds standards or versions ("Eindproduct", "Zaakgericht werken
    API-standaarden", ...); `subtype` is its `GEMMA subtype` ("Gradaties")."""

    object_id: str                 # or its file name, where it has none
    name: str
    subtype: str | None
    members: tuple[str, ...]
    file: str


@dataclass(frozen=True)
class Realisation:
    """A component (or interface, or service) that realises a standard, with its role."""

    object_id: str | None
    standard: str
    component: str | None          # the component's Object ID
    component_name: str
    component_kind: str            # ApplicationComponent, ApplicationInterface, ...
    role: normalise.Mapped | None  # from `Verbindingsrol`; value: a verbindingsrol concept id
    file: str


@dataclass(frozen=True)
class Relation:
    """Any other relation with a standard or version at one end (kind, ends as Object IDs or,
    where the end has none, its file name)."""

    object_id: str | None
    kind: str
    source: str
    target: str
    file: str


@dataclass(frozen=True)
class Model:
    name: str
    version: str
    release: str | None
    standards: dict[str, Standard]   # by Object ID, in name order
    versions: dict[str, Version]
    groups: dict[str, Group]         # by Object ID
    realisations: tuple[Realisation, ...]
    relations: tuple[Relation, ...]
    findings: tuple[Finding, ...]


def read_model(path: Path) -> Model:
    """Read GEMMA's model at `path`: the coArchi model folder (GEMMA-Archi-repository/model) or an
    AMEFF export of it (one file, e.g. GEMMA-Archi-repository/export/GEMMA release.xml)."""
    is_file = path.is_file() or path.suffix.lower() == ".xml"
    return _Reader(ameff.read_file(path) if is_file else read_folder(path)).model()


class _Reader:
    def __init__(self, folder: Folder):
        self.folder = folder
        self.findings: list[Finding] = []
        self.typed: dict[str, str] = {}  # file name -> STANDARD or VERSION
        for name, element in folder.files.items():
            if element.kind != "Constraint":
                continue
            kind = element.value("GEMMA type")
            if kind in (STANDARD, VERSION):
                self.typed[name] = kind
            else:  # GEMMA's other Constraints have no type; a type we do not know is reported
                self.find(element, "GEMMA type", kind, f"a Constraint that is no {STANDARD} or "
                          f"{VERSION}: not read", unmapped=kind is not None)
        self._check_ids()

    def find(self, element: Element, field: str, value: str | None, problem: str,
             unmapped: bool = True) -> None:
        self.findings.append(Finding(element.object_id, element.name, element.file, field, value,
                                     problem, unmapped))

    def _check_ids(self) -> None:
        seen: dict[str, Element] = {}
        for name in self.typed:
            element = self.folder.files[name]
            oid = element.object_id
            where = Location(str(self.folder.path / element.file), entry=element.name)
            if oid is None:
                raise VngregError(f"this {self.typed[name]} has no Object ID", where,
                                  "every standard and version needs one; it is its identity in GEMMA")
            if oid in seen:
                raise VngregError(f"Object ID {oid} is used twice, also by "
                                  f"{self.folder.path / seen[oid].file}", where,
                                  "an Object ID must name one element; restore the model's files")
            seen[oid] = element

    def of(self, kind: str) -> list[str]:
        return [name for name, typed in self.typed.items() if typed == kind]

    def oid(self, file_name: str) -> str:
        """An end's Object ID, or its file name where it has none (or is not in the folder)."""
        element = self.folder.files.get(file_name)
        return (element and element.object_id) or file_name

    def model(self) -> Model:
        files = self.folder.files
        relations = [r for r in files.values() if r.source is not None]
        links = self._version_links(relations)
        groups = self._groups(relations)
        member_of: dict[str, list[str]] = defaultdict(list)
        for group in groups.values():
            for member in group.members:
                member_of[member].append(group.object_id)
        versions = _ordered({v.object_id: v for v in (
            self._version(files[name], links.get(name), member_of) for name in self.of(VERSION))})
        by_standard: dict[str, list[Version]] = defaultdict(list)
        for version in versions.values():
            if version.standard:
                by_standard[version.standard].append(version)
        standards = _ordered({s.object_id: s for s in (
            self._standard(files[name], by_standard[files[name].object_id], member_of)
            for name in self.of(STANDARD))})
        realisations, others = self._other_relations(relations)
        root = self.folder.root
        return Model(root.name, self.folder.version, root.value("Release"),
                     standards, versions, groups, tuple(realisations),
                     tuple(others), tuple(sorted(self.findings, key=_finding_order)))

    def _check(self, element: Element, *labels: str | None) -> None:
        """Notes on what is read as written: a key given twice with different values (the
        first is read), a name or label with irregular spacing (kept as it is)."""
        for text in (element.name, *labels):
            if text and " ".join(text.split()) != text:
                self.find(element, "name" if text == element.name else "label", text,
                          "irregular spacing (a double, leading or no-break space); kept as written",
                          unmapped=False)
        keys = [k for k, _ in element.properties]
        for key in dict.fromkeys(k for k in keys if keys.count(k) > 1):
            values = element.values(key)
            if len(set(values)) > 1:
                self.find(element, key, " | ".join(values), "given more than once with different "
                          "values; the first is read", unmapped=False)

    def _links_version(self, relation: Element) -> bool:
        ends = {self.typed.get(relation.source), self.typed.get(relation.target)}
        return relation.kind in VERSION_LINKS and ends == {STANDARD, VERSION}

    def _version_links(self, relations: list[Element]) -> dict[str, str]:
        """version file -> standard file, drawn as Specialization or Composition either way."""
        found: dict[str, dict[str, Element]] = defaultdict(dict)
        for relation in filter(self._links_version, relations):
            ends = (self.typed.get(relation.source), self.typed.get(relation.target))
            version, standard = ((relation.source, relation.target) if ends[0] == VERSION else
                                 (relation.target, relation.source))
            found[version].setdefault(standard, relation)
            if ends[0] == STANDARD or relation.kind != "Specialization":
                way = "standard to version" if ends[0] == STANDARD else "version to standard"
                self.find(self.folder.files[version], "link to standard", relation.kind,
                          f"drawn as {relation.kind} from {way} ({relation.file}); read as the "
                          "version's standard", unmapped=False)
        links = {}
        for version in self.of(VERSION):
            standards = found.get(version, {})
            if len(standards) == 1:
                links[version] = next(iter(standards))
                continue
            names = ", ".join(self.folder.files[s].name for s in standards)
            self.find(self.folder.files[version], "link to standard", names or None,
                      f"linked to {len(standards)} standards ({names})" if standards else
                      "no Specialization or Composition links it to a standard")
        return links

    def _groups(self, relations: list[Element]) -> dict[str, Group]:
        members: dict[str, list[str]] = defaultdict(list)
        for relation in relations:
            group = self.folder.files.get(relation.source)
            if group is not None and group.kind == "Grouping" and relation.target in self.typed:
                members[relation.source].append(self.oid(relation.target))
        groups = (Group(self.oid(name), self.folder.files[name].name,
                        self.folder.files[name].value("GEMMA subtype"), tuple(dict.fromkeys(ids)),
                        self.folder.files[name].file) for name, ids in members.items())
        return _ordered({group.object_id: group for group in groups})

    def _version(self, element: Element, standard: str | None,
                 member_of: dict[str, list[str]]) -> Version:
        status = normalise.lifecycle(element.value("Status"))
        self._report(element, "Status", status)
        self._check(element, element.value("Versieaanduiding"))
        return Version(element.object_id, element.name, element.value("Versieaanduiding"),
                       element.documentation or None, status, standard and self.oid(standard),
                       tuple(member_of[element.object_id]), element.file, element.folder)

    def _standard(self, element: Element, versions: list[Version],
                  member_of: dict[str, list[str]]) -> Standard:
        self._check(element)
        text = element.value("GEMMA status")
        if text is None and element.value("Status"):
            text = element.value("Status")
            self.find(element, "GEMMA status", text, "absent; Status read instead", unmapped=False)
        elif element.value("Status") not in (None, text):
            self.find(element, "Status", element.value("Status"),
                      f"differs from GEMMA status '{text}', which is read", unmapped=False)
        status = normalise.lifecycle(text)
        self._report(element, "GEMMA status", status)
        maintainers = normalise.maintainers(element.value("Beheerder"))
        self._report(element, "Beheerder", maintainers)
        urls = tuple(element.values("URL"))
        if not urls:
            self.find(element, "URL", None, "no URL")
        for url in urls:
            if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
                self.find(element, "URL", url, "not an http(s) URL")
        return Standard(element.object_id, element.name, element.value("Afkorting"),
                        element.documentation or None, status, maintainers, urls,
                        tuple(v.object_id for v in versions), tuple(member_of[element.object_id]),
                        element.file, element.folder)

    def _report(self, element: Element, field: str, mapped: normalise.Mapped) -> None:
        if mapped.problem:
            self.find(element, field, mapped.text, mapped.problem)

    def _other_relations(self, relations: list[Element]):
        """Realisations of standards (with their role), and every other relation touching a
        standard or version that is neither a version link nor a grouping's membership."""
        realisations, others = [], []
        for relation in relations:
            source = self.folder.files.get(relation.source)
            ends = (self.typed.get(relation.source), self.typed.get(relation.target))
            if ends == (None, None) or self._links_version(relation):
                continue
            if source is not None and source.kind == "Grouping" and ends[1]:
                continue
            if relation.kind == "Realization" and ends == (None, STANDARD):
                realisations.append(self._realisation(relation, source))
            else:
                others.append(Relation(relation.object_id, relation.kind, self.oid(relation.source),
                                       self.oid(relation.target), relation.file))
        return realisations, others

    def _realisation(self, relation: Element, source: Element | None) -> Realisation:
        self._check(relation)
        text = relation.value("Verbindingsrol")
        role = None if text is None else normalise.role(text)
        if role is not None:
            self._report(relation, "Verbindingsrol", role)
        elif normalise.key(relation.name) in {normalise.key(r) for r in normalise.ROLES}:
            self.find(relation, "Verbindingsrol", None, f"named '{relation.name}' but has no "
                      "Verbindingsrol; no role is read")
        return Realisation(relation.object_id, self.oid(relation.target),
                           source and source.object_id, source.name if source else relation.source,
                           source.kind if source else "", role, relation.file)


def _ordered(records: dict) -> dict:
    return dict(sorted(records.items(), key=lambda item: (normalise.key(item[1].name), item[0])))


def _finding_order(finding: Finding):
    return (not finding.unmapped, finding.field, finding.object_id or "", finding.file)
