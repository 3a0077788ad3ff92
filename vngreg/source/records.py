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
class BindingLevel(Record):
    order: int
    name: LangText
    table_name: str
    decision_kind: LangText
    bindingness: LangText
    process: LangText
    examples: list[LangText]


@dataclass(slots=True)
class Category(Record):
    order: int
    name: LangText
    definition: LangText


@dataclass(slots=True)
class Establishment(Record):
    """A "vaststelling": the decision that established a standard at a binding level."""

    applies_from: dt.date
    binding_level: str
    decided_by: str | None = None
    advised_by: str | None = None


@dataclass(slots=True)
class Standard(Record):
    name: str
    category: str
    maintainers: list[str]
    establishment: Establishment
    maintainer_text: str | None = None
    description: LangText | None = None
    specification: str | None = None
    homepage: str | None = None
    version: str | None = None
    note: str | None = None


@dataclass
class Register:
    settings: Settings
    organisations: list[Organisation]
    level_scheme: SchemeInfo
    levels: list[BindingLevel]
    category_scheme: SchemeInfo
    categories: list[Category]
    standards: list[Standard]

    def last_change(self) -> dt.date:
        """The setting 'gewijzigd', else the newest establishment's date."""
        return self.settings.modified or max(s.establishment.applies_from for s in self.standards)
