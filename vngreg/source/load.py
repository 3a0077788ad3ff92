"""Step 1, loading: the YAML files in source/ -> a checked `Register` of records.

Checks here everything a triple could never show: unknown or missing fields, wrong types, bad ids,
impossible dates, dangling references, duplicates. SHACL checks the graph afterwards.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vngreg.errors import Location, VngregError
from vngreg.source.records import (BindingLevel, Category, Establishment, Organisation, Record, Register,
                            SchemeInfo, Settings, Standard)
from vngreg.source.yamlread import Node, read_yaml

SETTINGS_FILE = "register.yaml"
ORGANISATIONS_FILE = "organisaties.yaml"
LEVELS_FILE = "verbindendheid.yaml"
CATEGORIES_FILE = "categorieen.yaml"
STANDARDS_FILE = "standaarden.yaml"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
TEXT_MAX = 10_000  # a register entry, not a document: keeps hostile input bounded
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# C0 control characters other than tab, newline and carriage return: XML 1.0 cannot hold them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"]


class _Ctx:
    """Where we are while reading: the file and the entry, for messages."""

    def __init__(self, file: str, entry: str | None = None):
        self.file = file
        self.entry = entry

    def at(self, line: int | None) -> Location:
        return Location(self.file, line, self.entry)

    def fail(self, line: int | None, what: str, hint: str) -> VngregError:
        return VngregError(what, self.at(line), hint)


# --- value readers: (node, ctx, key) -> python value --------------------------------------------

def _text(node: Node, ctx: _Ctx, key: str) -> str:
    if isinstance(node.value, (dict, list)):
        raise ctx.fail(node.line, f"'{key}' must be a piece of text, not a "
                       f"{'list' if isinstance(node.value, list) else 'mapping'}",
                       f"write '{key}: some text' on one line")
    text = (node.value or "").strip()
    if not text:
        raise ctx.fail(node.line, f"'{key}' is empty", f"give '{key}' a value or remove the line")
    if len(text) > TEXT_MAX:
        raise ctx.fail(node.line, f"'{key}' is {len(text):,} characters long; a text may be at most "
                       f"{TEXT_MAX:,}", "shorten it, or link to a longer text with 'specificatie'")
    control = CONTROL.search(text)
    if control:
        raise ctx.fail(node.line, f"'{key}' holds the invisible control character "
                       f"U+{ord(control.group()):04X}, which RDF/XML and many tools cannot carry",
                       "retype the text without it (it often comes in by copy and paste)")
    return text


def _slug(node: Node, ctx: _Ctx, key: str) -> str:
    value = _text(node, ctx, key)
    if len(value) > SLUG_MAX or not SLUG.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower().encode("ascii", "ignore").decode())
        suggestion = suggestion.strip("-")[:SLUG_MAX] or "a-name"
        raise ctx.fail(node.line, f"'{key}' {value!r} is not a valid id: ids are lowercase ASCII "
                       f"letters, digits and single hyphens, at most {SLUG_MAX} characters",
                       f"write for example '{suggestion}'")
    return value


def _int(node: Node, ctx: _Ctx, key: str) -> int:
    value = _text(node, ctx, key)
    if not value.isdigit() or int(value) < 1:
        raise ctx.fail(node.line, f"'{key}' must be a whole number from 1 up, not {value!r}",
                       f"write for example '{key}: 1'")
    return int(value)


def _url(node: Node, ctx: _Ctx, key: str) -> str:
    value = _text(node, ctx, key)
    if not URL.match(value):
        raise ctx.fail(node.line, f"'{key}' must be a web address starting with http:// or "
                       f"https://, not {value!r}", "write the full address, without spaces")
    return value


def _date(node: Node, ctx: _Ctx, key: str) -> dt.date:
    value = _text(node, ctx, key)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    dutch = re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", value.lower())
    try:
        if match:
            return dt.date(*map(int, match.groups()))
        if dutch and dutch.group(2) in DUTCH_MONTHS:
            day, month, year = int(dutch.group(1)), DUTCH_MONTHS.index(dutch.group(2)) + 1, int(dutch.group(3))
            iso = dt.date(year, month, day).isoformat()
            raise ctx.fail(node.line, f"'{key}' {value!r} is written the Dutch way",
                           f"write the date as {iso} (year-month-day)")
    except ValueError:
        raise ctx.fail(node.line, f"'{key}' {value!r} is not a date that exists",
                       "check the day and the month") from None
    raise ctx.fail(node.line, f"'{key}' {value!r} is not a date",
                   "write the date as year-month-day, for example 2021-04-01")


def _langtext(node: Node, ctx: _Ctx, key: str) -> dict[str, str]:
    if not isinstance(node.value, dict):  # a plain text is Dutch
        return {"nl": _text(node, ctx, key)}
    texts = {}
    for lang, item in node.value.items():
        if not LANGUAGE.match(lang):
            raise ctx.fail(node.key_lines[lang], f"{lang!r} under '{key}' is not a language code",
                           "use a code such as nl or en")
        texts[lang] = _text(item, ctx, f"{key}.{lang}")
    if "nl" not in texts:
        raise ctx.fail(node.line, f"'{key}' has no Dutch text", f"add 'nl: ...' under '{key}'")
    return dict(sorted(texts.items()))


def _list_of(reader: Callable) -> Callable:
    def read(node: Node, ctx: _Ctx, key: str) -> list:
        items = node.value if isinstance(node.value, list) else [node]
        if not items:
            raise ctx.fail(node.line, f"'{key}' is an empty list", f"give '{key}' at least one value")
        return [reader(item, ctx, key) for item in items]
    read.item_reader = reader  # for the JSON Schema (source_schema.py)
    return read


def _languages(node: Node, ctx: _Ctx, key: str) -> list[str]:
    codes = _list_of(_text)(node, ctx, key)
    for code in codes:
        if not LANGUAGE.match(code):
            raise ctx.fail(node.line, f"{code!r} in '{key}' is not a language code",
                           "use codes such as nl and en")
    return codes


# --- record specs -------------------------------------------------------------------------------

@dataclass(frozen=True)
class F:
    """One YAML key of a record: its reader, the record attribute it fills, whether required."""

    key: str
    attr: str
    read: Callable
    required: bool = True


def _read_record(node: Node, ctx: _Ctx, cls: type[Record], fields: list[F], what: str,
                 **extra) -> Record:
    if not isinstance(node.value, dict):
        raise ctx.fail(node.line, f"each {what} must be a mapping of keys to values",
                       "start the entry with '- id: ...' and indent its keys")
    known = {f.key: f for f in fields}
    for key in node.value:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys of a {what} are: {', '.join(known)}"
            raise ctx.fail(node.key_lines[key], f"unknown key '{key}' in {what}", hint)
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for f in fields:
        item = node.value.get(f.key)
        if item is None or item.value is None:
            if f.required:
                raise ctx.fail(node.line, f"{what} has no '{f.key}'", f"add '{f.key}: ...'")
            continue
        values[f.attr] = f.read(item, ctx, f.key)
        lines[f.attr] = node.key_lines[f.key]
    record_id = values.pop("id", extra.pop("id", None))
    return cls(id=record_id, location=ctx.at(node.line), field_lines=lines, **values, **extra)


def _entries(root: Node, ctx: _Ctx, key: str, cls: type[Record], fields: list[F], what: str) -> list:
    items = root.value.get(key) if isinstance(root.value, dict) else None
    if items is None or not isinstance(items.value, list):
        raise ctx.fail(root.line, f"the file has no list '{key}'", f"start the file with '{key}:' "
                       f"followed by entries '- id: ...'")
    if not items.value:
        raise ctx.fail(items.line, f"the list '{key}' is empty", "add at least one entry '- id: ...'")
    records, first_line = [], {}
    for item in items.value:
        entry_ctx = _Ctx(ctx.file, _peek_id(item))
        record = _read_record(item, entry_ctx, cls, fields, what)
        if record.id in first_line:
            raise entry_ctx.fail(item.line, f"the id '{record.id}' is used twice (first on line "
                                 f"{first_line[record.id]})", "give each entry its own id")
        first_line[record.id] = item.line
        records.append(record)
    return records


def _peek_id(node: Node) -> str | None:
    if isinstance(node.value, dict) and "id" in node.value and isinstance(node.value["id"].value, str):
        return node.value["id"].value
    return None


def _known_keys(root: Node, ctx: _Ctx, allowed: list[str]) -> None:
    if not isinstance(root.value, dict):
        raise ctx.fail(root.line, "the file must be a mapping of keys to values",
                       f"start the file with one of: {', '.join(allowed)}")
    for key in root.value:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            raise ctx.fail(root.key_lines[key], f"unknown key '{key}'",
                           f"did you mean '{close[0]}'?" if close else f"the keys are: {', '.join(allowed)}")


ID = F("id", "id", _slug)
SETTINGS_FIELDS = [
    ID, F("basis_iri", "base_iri", _url), F("titel", "title", _langtext),
    F("beschrijving", "description", _langtext), F("toelichting", "explanation", _langtext),
    F("uitgever", "publisher", _slug), F("licentie", "licence", _url),
    F("talen", "languages", _languages),
    # Optional, for the DCAT-AP catalogue (docs/federation.md says what each becomes).
    F("maker", "creator", _slug, False),
    F("contact_naam", "contact_name", _text, False), F("contact_email", "contact_email", _text, False),
    F("contact_webadres", "contact_url", _url, False), F("landingspagina", "landing_page", _url, False),
    F("thema", "theme", _url, False), F("thema_naam", "theme_name", _langtext, False),
    F("thema_definitie", "theme_definition", _langtext, False),
    F("ruimtelijke_dekking", "spatial", _list_of(_url), False),
    F("uitgegeven", "issued", _date, False), F("gewijzigd", "modified", _date, False),
    F("sparql_endpoint", "sparql_endpoint", _url, False),
]
ORGANISATION_FIELDS = [
    ID, F("naam", "name", _langtext), F("afkorting", "abbreviation", _text, False),
    F("onderdeel_van", "part_of", _slug, False), F("onder_regie_van", "directed_by", _slug, False),
    F("tooi", "tooi", _url, False),
]
SCHEME_FIELDS = [F("titel", "title", _langtext), F("beschrijving", "description", _langtext)]
LEVEL_FIELDS = [
    ID, F("volgorde", "order", _int), F("naam", "name", _langtext), F("tabelnaam", "table_name", _text),
    F("soort_besluit", "decision_kind", _langtext),
    F("mate_van_verbindendheid", "bindingness", _langtext),
    F("proces_vaststelling", "process", _langtext), F("voorbeelden", "examples", _list_of(_langtext)),
]
CATEGORY_FIELDS = [ID, F("volgorde", "order", _int), F("naam", "name", _langtext),
                   F("definitie", "definition", _langtext)]
ESTABLISHMENT_FIELDS = [
    F("geldt_vanaf", "applies_from", _date), F("verbindendheid", "binding_level", _slug),
    F("vastgesteld_door", "decided_by", _slug, False), F("op_advies_van", "advised_by", _slug, False),
]


def _establishment(node: Node, ctx: _Ctx, key: str) -> Establishment:
    return _read_record(node, ctx, Establishment, ESTABLISHMENT_FIELDS, "vaststelling", id=ctx.entry)


STANDARD_FIELDS = [
    ID, F("naam", "name", _text), F("categorie", "category", _slug),
    F("in_beheer_bij", "maintainers", _list_of(_slug)),
    F("in_beheer_bij_tekst", "maintainer_text", _text, False),
    F("vaststelling", "establishment", _establishment),
    F("beschrijving", "description", _langtext, False), F("specificatie", "specification", _url, False),
    F("homepage", "homepage", _url, False), F("versie", "version", _text, False),
    F("opmerking", "note", _text, False),
]


def _scheme(root: Node, ctx: _Ctx, list_key: str, scheme_id: str) -> SchemeInfo:
    _known_keys(root, ctx, [f.key for f in SCHEME_FIELDS] + [list_key])
    head = Node({k: v for k, v in root.value.items() if k != list_key}, root.line, root.key_lines)
    return _read_record(head, ctx, SchemeInfo, SCHEME_FIELDS, "concept scheme", id=scheme_id)


def load_register(source: Path) -> Register:
    """Read and check the five YAML files in `source`; raise VngregError on the first problem."""
    if not source.is_dir():
        raise VngregError(f"the source folder {str(source)!r} does not exist", None,
                          "run vngreg in the project folder, or give --source DIR")

    def read(name: str) -> tuple[Node, _Ctx]:
        path = source / name
        if not path.exists():
            raise VngregError("the file is missing", Location(str(path)),
                              f"every register needs {SETTINGS_FILE}, {ORGANISATIONS_FILE}, "
                              f"{LEVELS_FILE}, {CATEGORIES_FILE} and {STANDARDS_FILE}")
        return read_yaml(path), _Ctx(str(path))

    root, ctx = read(SETTINGS_FILE)
    if root.value is None:
        raise ctx.fail(1, "the file is empty", "fill in the register's settings")
    _known_keys(root, ctx, [f.key for f in SETTINGS_FIELDS])
    settings = _read_record(root, ctx, Settings, SETTINGS_FIELDS, "register settings")

    root, ctx = read(ORGANISATIONS_FILE)
    _known_keys(root, ctx, ["organisaties"])
    organisations = _entries(root, ctx, "organisaties", Organisation, ORGANISATION_FIELDS, "organisation")

    root, ctx = read(LEVELS_FILE)
    level_scheme = _scheme(root, ctx, "niveaus", "verbindendheid")
    levels = _entries(root, ctx, "niveaus", BindingLevel, LEVEL_FIELDS, "binding level")

    root, ctx = read(CATEGORIES_FILE)
    category_scheme = _scheme(root, ctx, "categorieen", "categorie")
    categories = _entries(root, ctx, "categorieen", Category, CATEGORY_FIELDS, "category")

    root, ctx = read(STANDARDS_FILE)
    _known_keys(root, ctx, ["standaarden"])
    standards = _entries(root, ctx, "standaarden", Standard, STANDARD_FIELDS, "standard")

    register = Register(settings, organisations, level_scheme, levels, category_scheme, categories,
                        standards)
    check_references(register)
    return register


def check_references(register: Register) -> None:
    """Every id a record names must be an entry of the right list."""
    organisations = {o.id for o in register.organisations}
    levels = {level.id for level in register.levels}
    categories = {c.id for c in register.categories}

    def check(record: Record, attr: str, value: str | None, known: set[str], what: str, file: str):
        if value is not None and value not in known:
            close = difflib.get_close_matches(value, sorted(known), n=1)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"use one of: {', '.join(sorted(known))}, or add it to {file}")
            raise VngregError(f"unknown {what} '{value}'", record.field_location(attr), hint)

    s = register.settings
    check(s, "publisher", s.publisher, organisations, "organisation", ORGANISATIONS_FILE)
    check(s, "creator", s.creator, organisations, "organisation", ORGANISATIONS_FILE)
    if s.theme and not (s.theme_name and s.theme_definition):
        raise VngregError("'thema' is set without 'thema_naam' and 'thema_definitie'",
                          s.field_location("theme"), "give the theme's name and definition "
                          "(nl, en) too: the catalogue states them, and NL-SBB requires a definition")
    if s.contact_email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", s.contact_email):
        raise VngregError(f"'contact_email' {s.contact_email!r} is not an e-mail address",
                          s.field_location("contact_email"), "write it as name@example.nl")
    for org in register.organisations:
        check(org, "part_of", org.part_of, organisations, "organisation", ORGANISATIONS_FILE)
        check(org, "directed_by", org.directed_by, organisations, "organisation", ORGANISATIONS_FILE)
    for std in register.standards:
        check(std, "category", std.category, categories, "category", CATEGORIES_FILE)
        for maintainer in std.maintainers:
            check(std, "maintainers", maintainer, organisations, "organisation", ORGANISATIONS_FILE)
        est = std.establishment
        check(est, "binding_level", est.binding_level, levels, "binding level", LEVELS_FILE)
        check(est, "decided_by", est.decided_by, organisations, "organisation", ORGANISATIONS_FILE)
        check(est, "advised_by", est.advised_by, organisations, "organisation", ORGANISATIONS_FILE)
    for what, records in (("binding level", register.levels), ("category", register.categories)):
        orders: dict[int, str] = {}
        for record in records:
            if record.order in orders:
                raise VngregError(f"the {what}s '{orders[record.order]}' and '{record.id}' have the "
                                  f"same volgorde {record.order}", record.field_location("order"),
                                  "give each its own place in the order")
            orders[record.order] = record.id
