"""The register as typed records: what `load` produces and the profiles map to RDF.

Each record keeps the Location of its entry and the line of each of its fields, so that a
problem found later (by SHACL, on a triple) can be traced back to the YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vngreg.errors import Location

# A text in several languages: language code -> text, "nl" always present.
LangText = dict[str, str]


@dataclass(slots=True)
class Record:
    """A record: its id and where it is written. Records have slots, not a __dict__: a large
    register holds hundreds of thousands of them."""

    id: str
    location: Location
    field_lines: dict[str, int] = field(default_factory=dict, kw_only=True)
    _field_locations: dict[str, Location] | None = field(default=None, init=False, repr=False,
                                                         compare=False)

    def at(self, name: str) -> tuple[Record, str]:
        """Where field `name` is written, for the mapping: the pair, which the mapping turns into
        a Location (field_location) only when it keeps a source map, which a build does only
        when validation has something to report. Half a million Locations at 30,000 standards,
        and a dict of them on each record, for nothing, otherwise."""
        return (self, name)

    def field_location(self, name: str) -> Location:
        """Where field `name` (the record's attribute name) is written, or the entry if absent."""
        made = self._field_locations  # the mapping asks many times
        if made is None:
            made = self._field_locations = {}
        found = made.get(name)
        if found is None:
            line = self.field_lines.get(name, self.location.line)
            found = made[name] = Location(self.location.file, line, self.location.entry)
        return found

    def set_field_location(self, name: str, location: Location) -> None:
        """Field `name` was given at `location`: in another file (a supplement, the settings)."""
        if self._field_locations is None:
            self._field_locations = {}
        self._field_locations[name] = location


@dataclass(slots=True)
class Settings(Record):
    base_iri: str
    title: LangText
    description: LangText
    explanation: LangText
    publisher: str
    licence: str
    languages: list[str]
    # For the DCAT-AP catalogue and its harvesters; none of these are on the VNG page.
    creator: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None
    landing_page: str | None = None
    theme: str | None = None
    theme_name: LangText | None = None
    theme_definition: LangText | None = None
    spatial: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    modified: dt.date | None = None
    sparql_endpoint: str | None = None
    source: "Document | None" = None  # where the table is published: its decisions' dct:source


@dataclass(slots=True)
class Organisation(Record):
    name: LangText
    abbreviation: str | None = None
    part_of: str | None = None
    directed_by: str | None = None
    tooi: str | None = None  # the organisation's TOOI IRI, where it has one


@dataclass(slots=True)
class SchemeInfo(Record):
    """A SKOS concept scheme's own texts (binding levels, categories)."""

    title: LangText
    description: LangText


@dataclass(slots=True)
class Concept(Record):
    """A concept of one of our SKOS schemes, and the concepts of other registers it matches."""

    order: int
    name: LangText
    exact_match: list[str] = field(default_factory=list, kw_only=True)  # skos:exactMatch
    close_match: list[str] = field(default_factory=list, kw_only=True)  # skos:closeMatch


@dataclass(slots=True)
class BindingLevel(Concept):
    table_name: str
    decision_kind: LangText
    bindingness: LangText
    process: LangText
    examples: list[LangText]


@dataclass(slots=True)
class Category(Concept):
    definition: LangText


@dataclass(slots=True)
class Status(Concept):
    """A lifecycle status (status.yaml): of a standard, or of one of its versions."""

    definition: LangText


@dataclass(slots=True)
class Role(Concept):
    """A `Verbindingsrol` (verbindingsrol.yaml): how a reference component stands to a standard."""

    definition: LangText


@dataclass(slots=True)
class Component(Record):
    """A reference component (referentiecomponenten.yaml), such as one of GEMMA's: an application
    component or an application interface that standards can be asked of."""

    name: str
    kind: str  # one of load.COMPONENT_KINDS
    exact_match: list[str] = field(default_factory=list)
    close_match: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ComponentRole(Record):
    """A standard's role for one component (an item of a standard's `componenten`): a component
    of that kind must (verplicht) or should (aanbevolen) support the standard. It has no id of its
    own: `id` is its standard's, and the pair (standard, component) names it."""

    component: str
    role: str


@dataclass(slots=True)
class Document(Record):
    """A document a decision was taken in: its title, and its date and web address where known;
    with an id (`key`) where it is one document for several decisions (a members' letter)."""

    title: str
    date: dt.date | None = None
    url: str | None = None
    key: str | None = None  # its own id, where several decisions were taken in it


@dataclass(slots=True)
class Establishment(Record):
    """A "vaststelling": a decision that established a standard at a binding level, from a date
    (and until a date, where it ended), with the source that says so."""

    applies_from: dt.date
    binding_level: str | None = None  # None only while an aanvulling is read
    applies_until: dt.date | None = None  # the first day it no longer applies
    decided_by: str | None = None
    advised_by: str | None = None
    decision: Document | None = None
    source: str | None = None  # dct:source: where the decision is reported
    note: str | None = None


@dataclass(slots=True)
class Version(Record):
    """A version of a standard; its id is unique within the standard."""

    label: str
    status: str | None = None
    issued: dt.date | None = None
    replaces: str | None = None  # the id of the version of the same standard it replaces
    specification: str | None = None
    exact_match: list[str] = field(default_factory=list)
    close_match: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class Standard(Record):
    name: str
    category: str
    maintainers: list[str] = field(default_factory=list)
    establishments: list[Establishment] = field(default_factory=list)  # in date order
    maintainer_text: str | None = None
    description: LangText | None = None
    specification: str | None = None
    homepage: str | None = None
    version: str | None = None
    note: str | None = None
    status: str | None = None
    versions: list[Version] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)   # ids of standards (a cluster) it is part of
    replaces: list[str] = field(default_factory=list)  # ids of standards it replaces
    related: list[str] = field(default_factory=list)
    exact_match: list[str] = field(default_factory=list)  # the same standard in another register
    close_match: list[str] = field(default_factory=list)
    components: list[ComponentRole] = field(default_factory=list)  # the components asked to support it

    @property
    def establishment(self) -> Establishment | None:
        """The current decision, which the table shows: the one that applies from the latest
        date (with its end date, if it has one). None for a standard without decisions."""
        return self.establishments[-1] if self.establishments else None

    def establishment_on(self, day: dt.date) -> Establishment | None:
        """The decision in force on `day`: the latest that started on or before it, unless it had
        ended by then (a later decision ends an earlier one)."""
        started = [e for e in self.establishments if e.applies_from <= day]
        if not started or (started[-1].applies_until and started[-1].applies_until <= day):
            return None
        return started[-1]


@dataclass
class Register:
    settings: Settings
    organisations: list[Organisation]
    level_scheme: SchemeInfo
    levels: list[BindingLevel]
    category_scheme: SchemeInfo
    categories: list[Category]
    standards: list[Standard]
    status_scheme: SchemeInfo | None = None  # status.yaml is optional
    statuses: list[Status] = field(default_factory=list)
    role_scheme: SchemeInfo | None = None  # verbindingsrol.yaml and referentiecomponenten.yaml
    roles: list[Role] = field(default_factory=list)  # are optional too
    components: list[Component] = field(default_factory=list)

    def last_change(self) -> dt.date:
        """The setting 'gewijzigd', else its newest decision's date (a start or an end), else (a
        register without decisions) its date of issue."""
        dates = [d for s in self.standards for e in s.establishments
                 for d in (e.applies_from, e.applies_until) if d]
        return self.settings.modified or max(dates, default=self.settings.issued)
