"""Step 1, loading: the YAML files in source/ -> a checked `Register` of records.

Checks here everything a triple could never show, and everything a writer could not write:
unknown or missing fields, wrong types, bad ids, impossible dates, web and e-mail addresses,
language tags, refused characters, dangling references, duplicates. All problems of a run are
reported at once, in Dutch and English. SHACL checks the graph afterwards.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from vngreg.errors import Location, Text, VngregError, VngregErrors, say, shown
from vngreg.source.records import (BindingLevel, Category, Component, ComponentRole, Document, Establishment,
                                   Organisation, Record, Register, Role, SchemeInfo, Settings, Standard, Status,
                                   Version)
from vngreg.source.yamlread import Node, read_yaml

SETTINGS_FILE = "register.yaml"
ORGANISATIONS_FILE = "organisaties.yaml"
LEVELS_FILE = "verbindendheid.yaml"
CATEGORIES_FILE = "categorieen.yaml"
STANDARDS_FILE = "standaarden.yaml"
# Optional: the lifecycle statuses, and what other sources than the VNG page add to its standards.
STATUSES_FILE = "status.yaml"
SUPPLEMENTS_FILE = "aanvullingen.yaml"
# Optional: reference components (such as GEMMA's) and the roles standards have for them.
COMPONENTS_FILE = "referentiecomponenten.yaml"
ROLES_FILE = "verbindingsrol.yaml"
COMPONENT_KINDS = ("applicatiecomponent", "applicatie-interface")  # GEMMA's (ArchiMate's) kinds

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
TEXT_MAX = 10_000  # a register entry, not a document: keeps hostile input bounded
# A language tag as BCP 47 (RFC 5646) writes one: language, script, region, variants, extensions,
# private use. Kept lowercase (RDF compares tags so). The patterns here are used with fullmatch
# (`$` also matches before a final newline) and by the JSON Schemas (ECMAScript: `^...$`).
LANGUAGE = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
                      r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*"
                      r"(?:-x(?:-[a-z0-9]{1,8})+)?$")
# The characters refused in every text and key (the README's "For data stewards" lists them): C0
# and C1 controls but tab and line feed (so a carriage return too), DEL, bidi overrides and
# isolates, and the non-characters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF in every plane), which XML
# and so RDF/XML cannot carry. The importer uses the same rule.
CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef"
                     + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17)) + "]")
ZERO_WIDTH = re.compile("[\\u200b-\\u200d\\u2060\\ufeff]")  # in ids: invisible, so refused
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")  # the JSON Schemas' looser form of _url
_HOST = re.compile(r"https?://[^/?#]")
EMAIL = re.compile(r"^[A-Za-z0-9!$&'*+=_~-]+(?:\.[A-Za-z0-9!$&'*+=_~-]+)*"
                   r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"]


class _Ctx:
    """Where we are while reading (the file and the entry, for messages), and the problems found."""

    def __init__(self, file: str, problems: list[VngregError], entry: str | None = None):
        self.file = file
        self.problems = problems
        self.entry = entry

    def at(self, line: int | None) -> Location:
        return Location(self.file, line, self.entry)

    def fail(self, line: int | None, what: Text, hint: Text) -> VngregError:
        return VngregError(what, self.at(line), hint)

    def note(self, line: int | None, what: Text, hint: Text) -> None:
        self.problems.append(self.fail(line, what, hint))


# --- value readers: (node, ctx, key) -> python value; each raises on the first problem of its value

def _text(node: Node, ctx: _Ctx, key: str) -> str:
    if isinstance(node.value, (dict, list)):
        kind = (say("lijst", "list") if isinstance(node.value, list)
                else say("mapping (sleutels met waarden)", "mapping"))
        raise ctx.fail(node.line, say(f"'{key}' moet een tekst zijn, geen {kind['nl']}",
                                      f"'{key}' must be a piece of text, not a {kind['en']}"),
                       say(f"schrijf '{key}: een tekst' op één regel",
                           f"write '{key}: some text' on one line"))
    text = (node.value or "").strip()
    if not text:
        raise ctx.fail(node.line, say(f"'{key}' is leeg", f"'{key}' is empty"),
                       say(f"geef '{key}' een waarde of haal de regel weg",
                           f"give '{key}' a value or remove the line"))
    if len(text) > TEXT_MAX:
        size, most = f"{len(text):,}", f"{TEXT_MAX:,}"
        raise ctx.fail(node.line, say(f"'{key}' is {size} tekens lang; een tekst mag hoogstens {most} tekens "
                                      "zijn".replace(",", "."),
                                      f"'{key}' is {size} characters long; a text may be at most {most}"),
                       say("maak hem korter, of verwijs met 'specificatie' naar een langere tekst",
                           "shorten it, or link to a longer text with 'specificatie'"))
    if not text.isprintable():  # each character CONTROL refuses is unprintable: most texts stop here
        _characters(text, node.line, ctx, key)
    return text


def _characters(text: str, line: int, ctx: _Ctx, key: str) -> None:
    """Raise if `text` (a value or a key) holds a character of CONTROL."""
    found = CONTROL.search(text)
    if not found:
        return
    char = ord(found.group())
    code = f"U+{char:04X}"
    if char == 0x0D:
        raise ctx.fail(line, say(f"'{key}' bevat een regelterugloop (carriage return, {code})",
                                 f"'{key}' holds a carriage return ({code})"),
                       say("gebruik een regeleinde (een nieuwe regel), niet \\r",
                           "use a line break (a new line), not \\r"))
    if 0x202A <= char <= 0x2069:
        raise ctx.fail(line, say(f"'{key}' bevat het schrijfrichtingsteken {code}, dat een tekst anders laat "
                                 "lezen dan hij is",
                                 f"'{key}' holds the bidirectional control {code}, which makes a text read "
                                 "other than it is"),
                       say("haal het teken weg", "remove the character"))
    if char >= 0xFDD0:
        raise ctx.fail(line, say(f"'{key}' bevat {code}, dat geen teken is (een Unicode-non-character) en "
                                 "dat XML en dus RDF/XML niet kunnen bevatten",
                                 f"'{key}' holds {code}, which is not a character (a Unicode non-character) "
                                 "and which XML and so RDF/XML cannot carry"),
                       say("haal het teken weg", "remove the character"))
    raise ctx.fail(line, say(f"'{key}' bevat het onzichtbare stuurteken {code}, dat RDF/XML en veel "
                             "programma's niet kunnen bevatten",
                             f"'{key}' holds the invisible control character {code}, which RDF/XML and many "
                             "tools cannot carry"),
                   say("typ de tekst opnieuw zonder dat teken (het komt vaak mee bij kopiëren en plakken)",
                       "retype the text without it (it often comes in by copy and paste)"))


def _slug(node: Node, ctx: _Ctx, key: str) -> str:
    value = _text(node, ctx, key)
    if len(value) > SLUG_MAX or not SLUG.fullmatch(value):
        invisible = ZERO_WIDTH.search(value)
        if invisible:
            code = f"U+{ord(invisible.group()):04X}"
            raise ctx.fail(node.line, say(f"'{key}' bevat het onzichtbare teken {code} (zonder breedte)",
                                          f"'{key}' holds the invisible zero-width character {code}"),
                           say("typ de id opnieuw", "retype the id"))
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower().encode("ascii", "ignore").decode())
        suggestion = suggestion.strip("-")[:SLUG_MAX] or "a-name"
        raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is geen geldige id: een id bestaat uit kleine "
                                      f"letters (a-z), cijfers en enkele koppeltekens, hoogstens {SLUG_MAX} "
                                      "tekens",
                                      f"'{key}' {shown(value)} is not a valid id: ids are lowercase ASCII "
                                      f"letters, digits and single hyphens, at most {SLUG_MAX} characters"),
                       say(f"schrijf bijvoorbeeld '{suggestion}'", f"write for example '{suggestion}'"))
    return value


def _int(node: Node, ctx: _Ctx, key: str) -> int:
    value = _text(node, ctx, key)
    if not value.isdigit() or int(value) < 1:
        raise ctx.fail(node.line, say(f"'{key}' moet een geheel getal vanaf 1 zijn, niet {shown(value)}",
                                      f"'{key}' must be a whole number from 1 up, not {shown(value)}"),
                       say(f"schrijf bijvoorbeeld '{key}: 1'", f"write for example '{key}: 1'"))
    return int(value)


def _url(node: Node, ctx: _Ctx, key: str) -> str:
    """A web address that is an IRI every writer can write (RFC 3987, as pyoxigraph checks it)."""
    value = _text(node, ctx, key)
    if not _HOST.match(value):
        raise ctx.fail(node.line, say(f"'{key}' moet een webadres zijn dat met http:// of https:// begint, "
                                      f"niet {shown(value)}",
                                      f"'{key}' must be a web address starting with http:// or https://, "
                                      f"not {shown(value)}"),
                       say("schrijf het volledige adres", "write the full address"))
    try:
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        reason, hint = _iri_problem(value, str(exc))
        raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is geen geldig webadres (IRI): {reason['nl']}",
                                      f"'{key}' {shown(value)} is not a valid web address (IRI): "
                                      f"{reason['en']}"), hint) from None
    return value


def _iri_problem(value: str, found: str) -> tuple[dict[str, str], dict[str, str]]:
    """What is wrong with an IRI pyoxigraph refused, and how to write it, for the common cases."""
    if re.search(r"\s", value):
        return (say("er staat een spatie in", "it holds a space"),
                say("schrijf een spatie als %20", "write a space as %20"))
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return (say("een % wordt niet gevolgd door twee hexadecimale cijfers",
                    "a % is not followed by two hexadecimal digits"),
                say("schrijf een procentteken als %25", "write a per cent sign as %25"))
    if value.count("#") > 1:
        return (say("er staat meer dan één # in", "it holds more than one #"),
                say("schrijf een # na de eerste als %23", "write a # after the first as %23"))
    return (say(f"de IRI-controle (pyoxigraph) meldt: {found}", found),
            say("schrijf het adres zoals een browser het toont, of codeer het teken met %",
                "write the address as a browser shows it, or encode the character with %"))


def _base_iri(node: Node, ctx: _Ctx, key: str) -> str:
    value = _url(node, ctx, key)
    if not value.endswith("/") or "#" in value or "?" in value:
        fixed = re.split(r"[?#]", value)[0].rstrip("/") + "/"
        raise ctx.fail(node.line, say(f"'{key}' moet op / eindigen en geen ? of # bevatten: de IRI's van het "
                                      f"register zijn '{key}' met id/... erachter",
                                      f"'{key}' must end in / and hold no ? or #: the register's IRIs are "
                                      f"'{key}' followed by id/..."),
                       say(f"schrijf {shown(fixed)}", f"write {shown(fixed)}"))
    return value


def _email(node: Node, ctx: _Ctx, key: str) -> str:
    value = _text(node, ctx, key)
    if not EMAIL.fullmatch(value):
        raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is geen e-mailadres",
                                      f"'{key}' {shown(value)} is not an e-mail address"),
                       say("schrijf het als naam@voorbeeld.nl", "write it as name@example.nl"))
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
            raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is op z'n Nederlands geschreven",
                                          f"'{key}' {shown(value)} is written the Dutch way"),
                           say(f"schrijf de datum als {iso} (jaar-maand-dag)",
                               f"write the date as {iso} (year-month-day)"))
    except ValueError:
        raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is een datum die niet bestaat",
                                      f"'{key}' {shown(value)} is not a date that exists"),
                       say("kijk de dag en de maand na", "check the day and the month")) from None
    raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is geen datum",
                                  f"'{key}' {shown(value)} is not a date"),
                   say("schrijf de datum als jaar-maand-dag, bijvoorbeeld 2021-04-01",
                       "write the date as year-month-day, for example 2021-04-01"))


def _language(code: str, line: int, ctx: _Ctx, key: str) -> str:
    """A language tag (a key under a text, or an item of 'talen'), lowercase."""
    _characters(code, line, ctx, key)
    if not LANGUAGE.fullmatch(code.lower()):
        raise ctx.fail(line, say(f"{shown(code)} in '{key}' is geen taalcode (BCP 47)",
                                 f"{shown(code)} in '{key}' is not a language code (BCP 47)"),
                       say("gebruik een code als nl, en of en-GB", "use a code such as nl, en or en-GB"))
    return code.lower()


def _langtext(node: Node, ctx: _Ctx, key: str) -> dict[str, str]:
    if not isinstance(node.value, dict):  # a plain text is Dutch
        return {"nl": _text(node, ctx, key)}
    texts: dict[str, str] = {}
    failed = None
    for lang, item in node.value.items():
        try:  # each language's text is checked, and a problem in one does not hide the others'
            code = _language(lang, node.key_lines[lang], ctx, key)
            if code in texts:
                raise ctx.fail(node.key_lines[lang], say(f"'{key}' heeft twee keer de taal {code}",
                                                         f"'{key}' has the language {code} twice"),
                               say("houd er een", "keep one"))
            texts[code] = _text(item, ctx, f"{key}.{lang}")
        except VngregError as problem:
            if failed:
                ctx.problems.append(failed)
            failed = problem
    if failed:
        raise failed
    if "nl" not in texts:
        raise ctx.fail(node.line, say(f"'{key}' heeft geen Nederlandse tekst", f"'{key}' has no Dutch text"),
                       say(f"voeg 'nl: ...' toe onder '{key}'", f"add 'nl: ...' under '{key}'"))
    return dict(sorted(texts.items()))


def _list_of(reader: Callable) -> Callable:
    def read(node: Node, ctx: _Ctx, key: str) -> list:
        items = node.value if isinstance(node.value, list) else [node]
        if not items:
            raise ctx.fail(node.line, say(f"'{key}' is een lege lijst", f"'{key}' is an empty list"),
                           say(f"geef '{key}' minstens één waarde", f"give '{key}' at least one value"))
        return [reader(item, ctx, key) for item in items]
    read.item_reader = reader  # for the JSON Schemas (schema.py)
    return read


def _one_of(*choices: str) -> Callable:
    """A reader of one of a few fixed words."""
    def read(node: Node, ctx: _Ctx, key: str) -> str:
        value = _text(node, ctx, key)
        if value not in choices:
            close = difflib.get_close_matches(value, choices, n=1)
            raise ctx.fail(node.line, say(f"'{key}' {shown(value)} is geen van: {', '.join(choices)}",
                                          f"'{key}' {shown(value)} is not one of: {', '.join(choices)}"),
                           say(f"bedoelt u '{close[0]}'?", f"did you mean '{close[0]}'?") if close else
                           say(f"schrijf een van: {', '.join(choices)}", f"write one of: {', '.join(choices)}"))
        return value
    read.choices = choices  # for the JSON Schemas (schema.py)
    return read


def _languages(node: Node, ctx: _Ctx, key: str) -> list[str]:
    items = node.value if isinstance(node.value, list) else [node]
    return [_language(code, item.line, ctx, key)
            for item, code in zip(items, _list_of(_text)(node, ctx, key))]


# --- record specs -------------------------------------------------------------------------------

@dataclass(frozen=True)
class F:
    """One YAML key of a record: its reader, the record attribute it fills, whether required."""

    key: str
    attr: str
    read: Callable
    required: bool = True


def _read_record(node: Node, ctx: _Ctx, cls: type[Record], fields: list[F], what: dict[str, str],
                 **extra) -> Record | None:
    """The record of an entry, its problems noted in ctx; a field with a problem is None in it (so
    that its references are still checked: a register is made only if there are no problems)."""
    if not isinstance(node.value, dict):
        keys = ", ".join(f.key for f in fields)
        ctx.note(node.line, say(f"elke {what['nl']} moet een mapping van sleutels naar waarden zijn",
                                f"each {what['en']} must be a mapping of keys to values"),
                 say("begin de ingang met '- id: ...' en laat de sleutels eronder inspringen",
                     "start the entry with '- id: ...' and indent its keys") if fields[0] is ID else
                 say(f"schrijf de sleutels ({keys}) ingesprongen op de regels eronder",
                     f"write its keys ({keys}) indented on the lines below"))
        return None
    suggested = _known_keys(node, ctx, [f.key for f in fields], what)
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for f in fields:
        item = node.value.get(f.key)
        if item is None or item.value is None:
            if f.required:
                values[f.attr] = None
                if f.key not in suggested:
                    ctx.note(node.line, say(f"{what['nl']} heeft geen '{f.key}'",
                                            f"{what['en']} has no '{f.key}'"),
                             say(f"voeg '{f.key}: ...' toe", f"add '{f.key}: ...'"))
            continue
        if f.attr in lines:  # two keys for one thing ('vaststelling' and 'vaststellingen')
            other = next(g.key for g in fields if g.attr == f.attr)
            ctx.note(node.key_lines[f.key], say(f"'{other}' en '{f.key}' staan er allebei",
                                                f"both '{other}' and '{f.key}' are given"),
                     say(f"zet alles onder '{f.key}'", f"put everything under '{f.key}'"))
            continue
        try:
            values[f.attr] = f.read(item, ctx, f.key)
        except VngregError as problem:
            ctx.problems.append(problem)
            values[f.attr] = None
        lines[f.attr] = node.key_lines[f.key]
    record_id = values.pop("id", extra.pop("id", None))
    return cls(id=record_id, location=ctx.at(node.line), field_lines=lines, **values, **extra)


def _entries(root: Node | None, ctx: _Ctx, key: str, cls: type[Record], fields: list[F],
             what: dict[str, str]) -> tuple[list, set[str] | None]:
    """The records of the list `key`, and the ids of all its entries (None if the file could not
    be read), also of those with problems: references to them are not reported as well."""
    if root is None or not isinstance(root.value, dict):  # unreadable, or noted by _is_mapping
        return [], None
    items = root.value.get(key)
    if items is None or not isinstance(items.value, list):
        ctx.note(root.line, say(f"het bestand heeft geen lijst '{key}'", f"the file has no list '{key}'"),
                 say(f"begin het bestand met '{key}:' en daaronder ingangen '- id: ...'",
                     f"start the file with '{key}:' followed by entries '- id: ...'"))
        return [], None
    if not items.value:
        ctx.note(items.line, say(f"de lijst '{key}' is leeg", f"the list '{key}' is empty"),
                 say("voeg minstens één ingang '- id: ...' toe", "add at least one entry '- id: ...'"))
    records, first_line = [], {}
    for item in items.value:
        entry = _Ctx(ctx.file, ctx.problems, _peek_id(item))
        record = _read_record(item, entry, cls, fields, what)
        if entry.entry in first_line:
            first = first_line[entry.entry]
            entry.note(item.line, say(f"de id {shown(entry.entry)} wordt twee keer gebruikt (eerst op regel "
                                      f"{first})",
                                      f"the id {shown(entry.entry)} is used twice (first on line {first})"),
                       say("geef elke ingang een eigen id", "give each entry its own id"))
        elif record is not None:
            records.append(record)
        if entry.entry is not None:
            first_line.setdefault(entry.entry, item.line)
    return records, set(first_line)


def _peek_id(node: Node) -> str | None:
    if isinstance(node.value, dict) and "id" in node.value and isinstance(node.value["id"].value, str):
        return node.value["id"].value.strip()
    return None


def _is_mapping(root: Node, ctx: _Ctx, allowed: list[str]) -> bool:
    """Whether a file's root is a mapping, as it must be (noted if not)."""
    if isinstance(root.value, dict):
        return True
    ctx.note(root.line, say("het bestand moet een mapping van sleutels naar waarden zijn",
                            "the file must be a mapping of keys to values"),
             say(f"begin het bestand met een van: {', '.join(allowed)}",
                 f"start the file with one of: {', '.join(allowed)}"))
    return False


def _known_keys(root: Node, ctx: _Ctx, allowed: list[str], what: dict[str, str] | None = None) -> set:
    """Note each key of the mapping `root` that is not `allowed`; the keys suggested instead (a
    typo's key is not reported missing as well)."""
    suggested = set()
    where = say(f" in {what['nl']}", f" in {what['en']}") if what else say("", "")
    for key in root.value:
        if key in allowed:
            continue
        line = root.key_lines[key]
        try:
            _characters(key, line, ctx, key)
        except VngregError as problem:
            ctx.problems.append(problem)
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        suggested.update(close)
        ctx.note(line, say(f"onbekende sleutel {shown(key)}{where['nl']}",
                           f"unknown key {shown(key)}{where['en']}"),
                 say(f"bedoelt u '{close[0]}'?", f"did you mean '{close[0]}'?") if close else
                 say(f"de sleutels zijn: {', '.join(allowed)}", f"the keys are: {', '.join(allowed)}"))
    return suggested


ID = F("id", "id", _slug)
ORGANISATION_FIELDS = [
    ID, F("naam", "name", _langtext), F("afkorting", "abbreviation", _text, False),
    F("onderdeel_van", "part_of", _slug, False), F("onder_regie_van", "directed_by", _slug, False),
    F("tooi", "tooi", _url, False),
]
SCHEME_FIELDS = [F("titel", "title", _langtext), F("beschrijving", "description", _langtext)]
# A concept's counterparts in other registers' schemes (skos:exactMatch, skos:closeMatch).
MATCH_FIELDS = [F("gelijk_aan", "exact_match", _list_of(_url), False),
                F("vergelijkbaar_met", "close_match", _list_of(_url), False)]
LEVEL_FIELDS = [
    ID, F("volgorde", "order", _int), F("naam", "name", _langtext), F("tabelnaam", "table_name", _text),
    F("soort_besluit", "decision_kind", _langtext),
    F("mate_van_verbindendheid", "bindingness", _langtext),
    F("proces_vaststelling", "process", _langtext), F("voorbeelden", "examples", _list_of(_langtext)),
    *MATCH_FIELDS,
]
CATEGORY_FIELDS = [ID, F("volgorde", "order", _int), F("naam", "name", _langtext),
                   F("definitie", "definition", _langtext), *MATCH_FIELDS]
STATUS_FIELDS = ROLE_FIELDS = CATEGORY_FIELDS
COMPONENT_FIELDS = [ID, F("naam", "name", _text), F("soort", "kind", _one_of(*COMPONENT_KINDS)), *MATCH_FIELDS]
COMPONENT_ROLE_FIELDS = [F("component", "component", _slug), F("rol", "role", _slug)]
DOCUMENT_FIELDS = [F("id", "key", _slug, False), F("titel", "title", _text), F("datum", "date", _date, False),
                   F("url", "url", _url, False)]


def _nested(cls: type[Record], fields: list[F], what: dict[str, str]) -> Callable:
    """A reader of a record written inside another's entry (a decision, a version); problems are
    noted, so that those of its siblings are found too. Without an id of its own it gets the
    entry's."""
    def read(node: Node, ctx: _Ctx, key: str) -> Record | None:
        return _read_record(node, ctx, cls, fields, what, **({} if fields[0] is ID else {"id": ctx.entry}))
    read.fields = fields  # for the JSON Schemas (schema.py)
    return read


SETTINGS_FIELDS = [
    ID, F("basis_iri", "base_iri", _base_iri), F("titel", "title", _langtext),
    F("beschrijving", "description", _langtext), F("toelichting", "explanation", _langtext),
    F("uitgever", "publisher", _slug), F("licentie", "licence", _url),
    F("talen", "languages", _languages),
    # Optional, for the DCAT-AP catalogue (docs/federation.md says what each becomes).
    F("maker", "creator", _slug, False),
    F("contact_naam", "contact_name", _text, False), F("contact_email", "contact_email", _email, False),
    F("contact_webadres", "contact_url", _url, False), F("landingspagina", "landing_page", _url, False),
    F("thema", "theme", _url, False), F("thema_naam", "theme_name", _langtext, False),
    F("thema_definitie", "theme_definition", _langtext, False),
    F("ruimtelijke_dekking", "spatial", _list_of(_url), False),
    F("uitgegeven", "issued", _date, False), F("gewijzigd", "modified", _date, False),
    F("sparql_endpoint", "sparql_endpoint", _url, False),
    # Where the table of standaarden.yaml is published (title, web address): the source of each of
    # its decisions.
    F("bron", "source", _nested(Document, [F("titel", "title", _text), F("url", "url", _url)],
                                say("bron", "source")), False),
]

ESTABLISHMENT_FIELDS = [
    F("geldt_vanaf", "applies_from", _date), F("geldt_tot", "applies_until", _date, False),
    F("verbindendheid", "binding_level", _slug),
    F("vastgesteld_door", "decided_by", _slug, False), F("op_advies_van", "advised_by", _slug, False),
    F("besluit", "decision", _nested(Document, DOCUMENT_FIELDS, say("besluit", "decision document")), False),
    F("bron", "source", _url, False), F("opmerking", "note", _text, False),
]
VERSION_FIELDS = [
    ID, F("versie", "label", _text), F("status", "status", _slug, False),
    F("uitgegeven", "issued", _date, False), F("vervangt", "replaces", _slug, False),
    F("specificatie", "specification", _url, False), *MATCH_FIELDS, F("opmerking", "note", _text, False),
]


STANDARD = say("standaard", "standard")
ORGANISATION = say("organisatie", "organisation")
LEVEL = say("verbindendheid", "binding level")
CATEGORY = say("categorie", "category")
STATUS = say("status", "status")
COMPONENT = say("referentiecomponent", "reference component")
ROLE = say("verbindingsrol", "connection role")
SUPPLEMENT = say("aanvulling", "supplement")


_DECISIONS = _list_of(_nested(Establishment, ESTABLISHMENT_FIELDS, say("vaststelling", "vaststelling")))
# In aanvullingen.yaml a decision on a date of the table's only completes that one: no level needed.
_ADDED_DECISIONS = _list_of(_nested(Establishment, [F(f.key, f.attr, f.read, f.required and f.key != "verbindendheid")
                                                    for f in ESTABLISHMENT_FIELDS], say("vaststelling", "vaststelling")))
# What a standard may have besides what the VNG page's table gives; aanvullingen.yaml may add these.
SUPPLEMENT_FIELDS = [
    F("vaststellingen", "establishments", _ADDED_DECISIONS, False),
    F("beschrijving", "description", _langtext, False), F("specificatie", "specification", _url, False),
    F("homepage", "homepage", _url, False), F("versie", "version", _text, False),
    F("opmerking", "note", _text, False), F("status", "status", _slug, False),
    F("versies", "versions", _list_of(_nested(Version, VERSION_FIELDS, say("versie", "version"))), False),
    F("onderdeel_van", "part_of", _list_of(_slug), False), F("vervangt", "replaces", _list_of(_slug), False),
    F("gerelateerd", "related", _list_of(_slug), False), *MATCH_FIELDS,
    F("componenten", "components", _list_of(_nested(ComponentRole, COMPONENT_ROLE_FIELDS,
                                                    say("componentrol", "component role"))), False),
]
STANDARD_FIELDS = [
    ID, F("naam", "name", _text), F("categorie", "category", _slug),
    F("in_beheer_bij", "maintainers", _list_of(_slug), False),
    F("in_beheer_bij_tekst", "maintainer_text", _text, False),
    # One decision as a mapping (what `vngreg import` writes), or several as a list.
    F("vaststelling", "establishments", _DECISIONS, False),
    *SUPPLEMENT_FIELDS,
]


def _scheme(root: Node | None, ctx: _Ctx, list_key: str, scheme_id: str) -> SchemeInfo | None:
    if root is None or not _is_mapping(root, ctx, [f.key for f in SCHEME_FIELDS] + [list_key]):
        return None
    head = Node({k: v for k, v in root.value.items() if k != list_key}, root.line, root.key_lines)
    return _read_record(head, ctx, SchemeInfo, SCHEME_FIELDS, say("begrippenkader", "concept scheme"),
                        id=scheme_id)


FILES = [SETTINGS_FILE, ORGANISATIONS_FILE, LEVELS_FILE, CATEGORIES_FILE, STANDARDS_FILE]
OPTIONAL_FILES = [STATUSES_FILE, SUPPLEMENTS_FILE, ROLES_FILE, COMPONENTS_FILE]


def load_register(source: Path) -> Register:
    """Read and check the five YAML files in `source`; raise VngregErrors with every problem found."""
    if not source.is_dir():
        raise VngregError(say(f"de bronmap {shown(str(source))} bestaat niet",
                              f"the source folder {shown(str(source))} does not exist"), None,
                          say("start vngreg in de projectmap, of geef --source MAP",
                              "run vngreg in the project folder, or give --source DIR"))
    problems: list[VngregError] = []

    def read(name: str) -> tuple[Node | None, _Ctx]:
        path = source / name
        ctx = _Ctx(str(path), problems)
        if not path.exists() and not path.is_symlink():
            ctx.note(None, say("het bestand ontbreekt", "the file is missing"),
                     say(f"elk register heeft {', '.join(FILES[:-1])} en {FILES[-1]} nodig",
                         f"every register needs {', '.join(FILES[:-1])} and {FILES[-1]}"))
            return None, ctx
        try:
            return read_yaml(path), ctx
        except VngregErrors as found:
            problems.extend(found.problems)
        except VngregError as found:
            problems.append(found)
        return None, ctx

    def listing(name: str, key: str) -> tuple[Node | None, _Ctx]:
        """A file of one list under `key`: read, and checked to hold no other key."""
        root, ctx = read(name)
        if root is not None and _is_mapping(root, ctx, [key]):
            _known_keys(root, ctx, [key])
        return root, ctx

    root, ctx = read(SETTINGS_FILE)
    settings = None
    if root is not None and root.value is None:
        ctx.note(1, say("het bestand is leeg", "the file is empty"),
                 say("vul de instellingen van het register in", "fill in the register's settings"))
    elif root is not None and _is_mapping(root, ctx, [f.key for f in SETTINGS_FIELDS]):
        settings = _read_record(root, ctx, Settings, SETTINGS_FIELDS,
                                say("registerinstellingen", "register settings"))

    root, ctx = listing(ORGANISATIONS_FILE, "organisaties")
    organisations = _entries(root, ctx, "organisaties", Organisation, ORGANISATION_FIELDS, ORGANISATION)

    root, ctx = read(LEVELS_FILE)
    level_scheme = _scheme(root, ctx, "niveaus", "verbindendheid")
    levels = _entries(root, ctx, "niveaus", BindingLevel, LEVEL_FIELDS, LEVEL)

    root, ctx = read(CATEGORIES_FILE)
    category_scheme = _scheme(root, ctx, "categorieen", "categorie")
    categories = _entries(root, ctx, "categorieen", Category, CATEGORY_FIELDS, CATEGORY)

    root, ctx = listing(STANDARDS_FILE, "standaarden")
    standards, standard_ids = _entries(root, ctx, "standaarden", Standard, STANDARD_FIELDS, STANDARD)

    def optional_scheme(name: str, key: str, scheme_id: str, cls: type[Record], what: dict[str, str]):
        """An optional file of a concept scheme: (its texts or None, its concepts and their ids)."""
        if not (source / name).exists():
            return None, ([], set())
        root, ctx = read(name)
        return _scheme(root, ctx, key, scheme_id), _entries(root, ctx, key, cls, CATEGORY_FIELDS, what)

    status_scheme, statuses = optional_scheme(STATUSES_FILE, "statussen", "status", Status, STATUS)
    table = [est for std in standards for est in filter(None, std.establishments)]
    if (source / SUPPLEMENTS_FILE).exists():
        _supplement(*listing(SUPPLEMENTS_FILE, "aanvullingen"), standards, standard_ids)
    if settings is not None and settings.source:
        _sourced(table, settings)
    role_scheme, roles = optional_scheme(ROLES_FILE, "verbindingsrollen", "verbindingsrol", Role, ROLE)
    components = [], set()
    if (source / COMPONENTS_FILE).exists():
        root, ctx = listing(COMPONENTS_FILE, "referentiecomponenten")
        components = _entries(root, ctx, "referentiecomponenten", Component, COMPONENT_FIELDS, COMPONENT)

    _check_references(settings, organisations, levels, categories, standards, problems)
    _check_history(standards, (standards, standard_ids), statuses, problems)
    _check_components(standards, components, roles, problems)
    _check_joined_ids(standards, problems)
    _check_documents(standards, problems)
    if problems:
        order = {str(source / name): place for place, name in enumerate(FILES + OPTIONAL_FILES)}
        raise VngregErrors(sorted(problems, key=lambda p: (order.get(p.location.file, 99), p.location.line or 0)))
    return Register(settings, organisations[0], level_scheme, levels[0], category_scheme, categories[0],
                    standards, status_scheme, statuses[0], role_scheme, roles[0], components[0])


def _supplement(root: Node | None, ctx: _Ctx, standards: list[Standard], ids: set[str] | None) -> None:
    """Add each entry of aanvullingen.yaml to the standard of its id: its decisions after the
    table's, the rest only where standaarden.yaml leaves the field empty."""
    entries, _ = _entries(root, ctx, "aanvullingen", _Supplement, [ID, *SUPPLEMENT_FIELDS], SUPPLEMENT)
    by_id = {std.id: std for std in standards}
    for entry in entries:
        std = by_id.get(entry.id)
        if std is None:
            if ids is not None and entry.id not in ids:  # not a standard with problems of its own
                close = difflib.get_close_matches(entry.id or "", sorted(ids), n=1)
                ctx.problems.append(VngregError(
                    say(f"{shown(entry.id)} is geen standaard in {STANDARDS_FILE}",
                        f"{shown(entry.id)} is not a standard in {STANDARDS_FILE}"), entry.location,
                    say(f"bedoelt u '{close[0]}'?", f"did you mean '{close[0]}'?") if close else
                    say(f"gebruik de id van een standaard uit {STANDARDS_FILE}",
                        f"use the id of a standard in {STANDARDS_FILE}")))
            continue
        for f in SUPPLEMENT_FIELDS:
            value = entry.values.get(f.attr)
            if value is None:
                continue
            if f.attr == "establishments":
                std.establishments = [*std.establishments, *_complete(std.establishments, value, ctx)]
            elif f.attr == "components":  # added to the table's; a pair given twice is refused later
                std.components = [*std.components, *value]
            elif getattr(std, f.attr):
                first = std.field_location(f.attr)
                ctx.problems.append(VngregError(
                    say(f"'{f.key}' staat al in {Path(first.file).name}, op regel {first.line}",
                        f"'{f.key}' is given already in {Path(first.file).name}, on line {first.line}"),
                    entry.field_location(f.attr), say("houd er een", "keep one")))
                continue
            else:
                setattr(std, f.attr, value)
            std.set_field_location(f.attr, entry.field_location(f.attr))


def _sourced(table: list[Establishment], settings: Settings) -> None:
    """The table's decisions are reported where the table is published (register.yaml's 'bron'),
    unless aanvullingen.yaml names another source."""
    for est in table:
        if est.source is None:
            est.source = settings.source.url
            est.set_field_location("source", settings.field_location("source"))


def _complete(table: list[Establishment], added: list[Establishment], ctx: _Ctx) -> list[Establishment]:
    """The decisions of `added` that are new; one on the date of a decision in the table completes
    that one (its document, source, note, end date), and may not contradict it: the table stands."""
    on = {est.applies_from: est for est in filter(None, table)}
    new = []
    for est in filter(None, added):
        known = on.get(est.applies_from)
        if known is None:
            if est.binding_level is None:
                ctx.problems.append(VngregError(
                    say(f"de vaststelling van {est.applies_from} heeft geen 'verbindendheid', en {STANDARDS_FILE} "
                        "heeft geen vaststelling op die datum om aan te vullen",
                        f"the decision of {est.applies_from} has no 'verbindendheid', and {STANDARDS_FILE} has "
                        "no decision on that date to complete"), est.location,
                    say("geef de datum van de vaststelling in de tabel, of geef een nieuwe vaststelling een "
                        "verbindendheid", "give the date of the table's decision, or give a new decision a "
                                          "binding level")))
            new.append(est)
            continue
        for f in ESTABLISHMENT_FIELDS:
            value, was = getattr(est, f.attr), getattr(known, f.attr)
            if value is None or value == was:
                continue
            if was is not None:
                ctx.problems.append(VngregError(
                    say(f"'{f.key}' {shown(str(value))} spreekt de vaststelling in {STANDARDS_FILE} tegen "
                        f"({shown(str(was))}, regel {known.field_lines[f.attr]})",
                        f"'{f.key}' {shown(str(value))} contradicts the decision in {STANDARDS_FILE} "
                        f"({shown(str(was))}, line {known.field_lines[f.attr]})"), est.field_location(f.attr),
                    say("de tabel van de VNG-pagina geldt: zet wat een andere bron zegt in 'opmerking', met die bron",
                        "the VNG page's table stands: put what another source says in 'opmerking', naming it")))
                continue
            setattr(known, f.attr, value)
            known.set_field_location(f.attr, est.field_location(f.attr))
    return new


class _Supplement(Record):
    """An entry of aanvullingen.yaml while it is read: the standard's id and the fields given."""

    __slots__ = ("values",)

    def __init__(self, id, location, field_lines, **values):
        super().__init__(id, location, field_lines=field_lines)
        self.values = values


def _check_components(standards: list[Standard], components: tuple, roles: tuple,
                      problems: list[VngregError]) -> None:
    """Each role a standard has names a known component and a known role, and one component once."""
    for std in standards:
        std.components = list(filter(None, std.components))
        seen: dict[str, ComponentRole] = {}
        for pair in std.components:
            _unknown(pair, "component", pair.component, components, COMPONENT, COMPONENTS_FILE, problems)
            _unknown(pair, "role", pair.role, roles, ROLE, ROLES_FILE, problems)
            first = seen.setdefault(pair.component, pair)
            if first is not pair:
                where = first.field_location("component")
                problems.append(VngregError(
                    say(f"de component {shown(pair.component)} staat twee keer bij {shown(std.id)} (eerst in "
                        f"{Path(where.file).name}, regel {where.line})",
                        f"the component {shown(pair.component)} is listed twice for {shown(std.id)} (first in "
                        f"{Path(where.file).name}, line {where.line})"), pair.field_location("component"),
                    say("houd er een, met de rol die geldt", "keep one, with the role that holds")))


def _check_joined_ids(standards: list[Standard], problems: list[VngregError]) -> None:
    """A version's IRI joins its standard's id and its own with '-' (standaardversie/a-b-c), and so
    does a component role's (componentrol/a-b-c): two such pairs may not join to the same name, as
    standard 'a' with version 'b-c' and standard 'a-b' with version 'c' would."""
    for kind, pairs in (("standaardversie", lambda std: ((v, v.id, "id") for v in std.versions)),
                        ("componentrol", lambda std: ((c, c.component, "component") for c in std.components))):
        seen: dict[str, tuple[Standard, Record]] = {}
        for std in standards:
            for record, own, attr in pairs(std):
                joined = f"{std.id}-{own}"
                first = seen.setdefault(joined, (std, record))
                if first[0] is std:
                    continue
                where = first[1].field_location(attr)
                problems.append(VngregError(
                    say(f"{shown(std.id)} met {shown(own)} geeft dezelfde IRI ({kind}/{joined}) als "
                        f"{shown(first[0].id)} in {Path(where.file).name}, regel {where.line}",
                        f"{shown(std.id)} with {shown(own)} makes the same IRI ({kind}/{joined}) as "
                        f"{shown(first[0].id)} in {Path(where.file).name}, line {where.line}"),
                    record.field_location(attr),
                    say("geef een van de twee een ander id", "give one of the two another id")))


def _check_documents(standards: list[Standard], problems: list[VngregError]) -> None:
    """A decision document's id names one document: every decision that gives it describes it
    alike, and it is not the name a document without an id gets (its standard and date)."""
    taken = [(std, est.decision) for std in standards for est in std.establishments if est and est.decision]
    implied = {f"{std.id}-{est.applies_from}" for std in standards for est in std.establishments
               if est and est.decision and not est.decision.key}
    first: dict[str, Document] = {}
    for std, doc in taken:
        if doc.key is None:
            continue
        if doc.key in implied:
            problems.append(VngregError(
                say(f"het besluit-id {shown(doc.key)} is de naam die het besluit van een andere "
                    f"vaststelling al heeft (besluit/{doc.key})",
                    f"the document id {shown(doc.key)} is the name another decision's document has "
                    f"already (besluit/{doc.key})"),
                doc.field_location("key"), say("geef het besluit een ander id", "give the document another id")))
        known = first.setdefault(doc.key, doc)
        if known is not doc and (known.title, known.date, known.url) != (doc.title, doc.date, doc.url):
            where = known.location
            problems.append(VngregError(
                say(f"het besluit {shown(doc.key)} staat anders beschreven in {Path(where.file).name}, "
                    f"regel {where.line}", f"the document {shown(doc.key)} is described otherwise in "
                                           f"{Path(where.file).name}, line {where.line}"),
                doc.location, say("geef het overal dezelfde titel, datum en url, of een ander id",
                                  "give it the same titel, datum and url everywhere, or another id")))


def _unknown(record: Record, attr: str, value: str | None, known: tuple, what: dict[str, str], file: str,
             problems: list[VngregError]) -> None:
    """Note `value` of `record.attr` if it is not an id of `known` (records, ids or None if its file
    could not be read: then nothing is noted)."""
    ids = known[1]
    if value is None or ids is None or value in ids:
        return
    close = difflib.get_close_matches(value, sorted(ids), n=1)
    problems.append(VngregError(say(f"onbekende {what['nl']} {shown(value)}", f"unknown {what['en']} {shown(value)}"),
                                record.field_location(attr),
                                say(f"bedoelt u '{close[0]}'?", f"did you mean '{close[0]}'?") if close
                                else say(f"voeg hem toe aan {file}", f"add it to {file}")))


def _check_history(standards: list[Standard], known_standards: tuple, statuses: tuple,
                   problems: list[VngregError]) -> None:
    """A standard's decisions (in date order, one a date, each ending after it starts), versions
    (ids unique, replacing one of the same standard), statuses and relations."""

    def unknown(record: Record, attr: str, value: str | None, known: tuple, what, file: str) -> None:
        _unknown(record, attr, value, known, what, file, problems)

    for std in standards:
        std.establishments = sorted(filter(None, std.establishments), key=lambda e: e.applies_from or dt.date.min)
        std.versions = list(filter(None, std.versions))
        seen: dict = {}
        for est in std.establishments:
            if est.applies_from in seen:
                problems.append(VngregError(
                    say(f"twee vaststellingen van {shown(std.id)} gelden vanaf {est.applies_from}",
                        f"two decisions on {shown(std.id)} apply from {est.applies_from}"),
                    est.field_location("applies_from"),
                    say("geef elke vaststelling een eigen datum, of voeg ze samen",
                        "give each decision its own date, or merge them")))
            seen[est.applies_from] = est
            if est.applies_until and est.applies_from and est.applies_until <= est.applies_from:
                problems.append(VngregError(
                    say(f"'geldt_tot' {est.applies_until} ligt niet na 'geldt_vanaf' {est.applies_from}",
                        f"'geldt_tot' {est.applies_until} is not after 'geldt_vanaf' {est.applies_from}"),
                    est.field_location("applies_until"),
                    say("'geldt_tot' is de eerste dag waarop zij niet meer geldt",
                        "'geldt_tot' is the first day it no longer applies")))
        unknown(std, "status", std.status, statuses, STATUS, STATUSES_FILE)
        for attr in ("part_of", "replaces", "related"):
            for other in getattr(std, attr):
                unknown(std, attr, other, known_standards, STANDARD, STANDARDS_FILE)
        version_ids: dict[str, Version] = {}
        for version in std.versions:
            if version.id in version_ids:
                problems.append(VngregError(
                    say(f"de versie-id {shown(version.id)} wordt twee keer gebruikt",
                        f"the version id {shown(version.id)} is used twice"), version.field_location("id"),
                    say("geef elke versie van een standaard een eigen id",
                        "give each version of a standard its own id")))
            version_ids[version.id] = version
            unknown(version, "status", version.status, statuses, STATUS, STATUSES_FILE)
        for version in std.versions:
            if version.replaces and version.replaces not in version_ids:
                unknown(version, "replaces", version.replaces, ([], set(version_ids)),
                        say(f"versie van {std.id}", f"version of {std.id}"), STANDARDS_FILE)


def _check_references(settings: Settings | None, organisations, levels, categories,
                      standards: list[Standard], problems: list[VngregError]) -> None:
    """Every id a record names must be an entry of the right list. Each of `organisations`,
    `levels` and `categories` is (records, all ids or None if that file could not be read)."""

    def check(record: Record | None, attr: str, value: str | None, known: tuple, what: dict[str, str],
              file: str) -> None:
        ids = known[1]
        if record is None or value is None or ids is None or value in ids:
            return
        close = difflib.get_close_matches(value, sorted(ids), n=1)
        hint = (say(f"bedoelt u '{close[0]}'?", f"did you mean '{close[0]}'?") if close else
                say(f"gebruik een van: {', '.join(sorted(ids))}, of voeg hem toe aan {file}",
                    f"use one of: {', '.join(sorted(ids))}, or add it to {file}"))
        problems.append(VngregError(say(f"onbekende {what['nl']} {shown(value)}",
                                        f"unknown {what['en']} {shown(value)}"),
                                    record.field_location(attr), hint))

    s = settings
    if s is not None:
        check(s, "publisher", s.publisher, organisations, ORGANISATION, ORGANISATIONS_FILE)
        check(s, "creator", s.creator, organisations, ORGANISATION, ORGANISATIONS_FILE)
        if s.theme and not (s.theme_name and s.theme_definition):
            problems.append(VngregError(
                say("'thema' staat er zonder 'thema_naam' en 'thema_definitie'",
                    "'thema' is set without 'thema_naam' and 'thema_definitie'"), s.field_location("theme"),
                say("geef ook de naam en de definitie van het thema (nl, en): de catalogus vermeldt ze, en "
                    "NL-SBB eist een definitie", "give the theme's name and definition (nl, en) too: the "
                                                 "catalogue states them, and NL-SBB requires a definition")))
    for org in organisations[0]:
        check(org, "part_of", org.part_of, organisations, ORGANISATION, ORGANISATIONS_FILE)
        check(org, "directed_by", org.directed_by, organisations, ORGANISATION, ORGANISATIONS_FILE)
    for std in standards:
        check(std, "category", std.category, categories, CATEGORY, CATEGORIES_FILE)
        for maintainer in std.maintainers or ():
            check(std, "maintainers", maintainer, organisations, ORGANISATION, ORGANISATIONS_FILE)
        for est in filter(None, std.establishments):
            check(est, "binding_level", est.binding_level, levels, LEVEL, LEVELS_FILE)
            check(est, "decided_by", est.decided_by, organisations, ORGANISATION, ORGANISATIONS_FILE)
            check(est, "advised_by", est.advised_by, organisations, ORGANISATION, ORGANISATIONS_FILE)
    for what, (records, _) in ((say("verbindendheden", "binding levels"), levels),
                               (say("categorieën", "categories"), categories)):
        orders: dict[int, str] = {}
        for record in records:
            if record.order is None:
                continue
            if record.order in orders:
                first = orders[record.order]
                problems.append(VngregError(
                    say(f"de {what['nl']} '{first}' en '{record.id}' hebben dezelfde volgorde {record.order}",
                        f"the {what['en']} '{first}' and '{record.id}' have the same volgorde "
                        f"{record.order}"),
                    record.field_location("order"),
                    say("geef elk een eigen plaats in de volgorde", "give each its own place in the order")))
            orders[record.order] = record.id
