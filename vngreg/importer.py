"""Importing: the register table as copied from the VNG page, or as CSV -> our standaarden.yaml.

Names in the table (categories, levels, maintainers) are resolved against the organisations,
categories and levels of an existing source/ folder; what cannot be resolved, or only in more
than one way, is reported with its line. Nothing is written unless the whole file imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vngreg.errors import EXIT_USAGE, Location, VngregError
from vngreg.source.load import (CATEGORIES_FILE, CONTROL, DUTCH_MONTHS, LEVELS_FILE, ORGANISATIONS_FILE,
                         SLUG, SLUG_MAX, TEXT_MAX)
from vngreg.source.records import BindingLevel, Register

# The layout of source/standaarden.yaml, which an import reproduces byte for byte.
HEADER = """\
# yaml-language-server: $schema=../schema/standaarden.schema.json
# The Gemeentelijke Standaarden, in the order of the VNG page.
# One entry a standard. Required: id, naam, categorie, in_beheer_bij, vaststelling.
# Optional: beschrijving, specificatie, homepage, versie, opmerking (left out where the page says nothing).
standaarden:
"""

_MONTHS = "|".join(DUTCH_MONTHS)
DUTCH_DATE = re.compile(rf"(\d{{1,2}}) ({_MONTHS}) (\d{{4}})", re.IGNORECASE)
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
NUMERIC_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")  # what Dutch Excel makes of a date
# The page's header row, glued together: "API-standaardenIn beheer bijVastelling geldt vanaf..."
# (the page misspells "Vaststelling"; any word is accepted there).
TABLE_HEADER = re.compile(r"(?P<category>.*?)\s*In beheer bij\s*\S+ geldt vanaf\s*"
                          r"Mate van verbindendheid", re.IGNORECASE)
PARTIES = re.compile(r"\s*/\s*")
DIRECTED = re.compile(r"(?P<party>.+?) onder regie (?:van )?(?P<director>.+)")
ADVICE = re.compile(r"\bop advies (?:van )?(?:het |de )?", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """Who establishes the imported standards, and on whose advice per level (level id -> org id)."""

    decided_by: str
    advisers: dict[str, str | None]


@dataclass
class Row:
    """One standard read from the table."""

    line: int
    name: str
    category: str
    maintainers: list[str]
    maintainer_text: str
    applies_from: dt.date
    level: str
    id: str = ""


@dataclass
class _Reading:
    """A maintainer text read as organisations, with what is wrong about it (raised only if chosen)."""

    ids: list[str]
    problems: list[tuple[str, str]] = field(default_factory=list)


def _clean(text: str) -> str:
    """Single spaces: the page's non-breaking spaces, tabs and line breaks are ordinary spaces."""
    return " ".join(text.split())


def _either(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" or {items[-1]}" if len(items) > 1 else items[0]


class Known:
    """The organisations, categories and levels of a register, looked up by the table's words."""

    def __init__(self, register: Register, file: str):
        self.file = file
        self.organisations = {o.id: o for o in register.organisations}
        self.by_name: dict[str, list[str]] = {}
        for org in register.organisations:
            for name in dict.fromkeys((org.name["nl"], org.abbreviation)):
                if name:
                    self.by_name.setdefault(_clean(name), []).append(org.id)
        self.categories = {}
        for cat in register.categories:
            self.categories[cat.id.casefold()] = cat.id
            self.categories[_clean(cat.name["nl"]).casefold()] = cat.id
        self.category_names = [cat.name["nl"] for cat in register.categories]
        self.levels = {}
        for level in register.levels:
            for name in (level.id, level.table_name, level.name["nl"]):
                self.levels[_clean(name).casefold()] = level.id
        self.level_names = [level.table_name for level in register.levels]

    def fail(self, line: int | None, what: str, hint: str) -> VngregError:
        return VngregError(what, Location(self.file, line), hint)

    def category(self, text: str, line: int, what: str) -> str:
        found = self.categories.get(text.casefold())
        if found:
            return found
        close = difflib.get_close_matches(text, self.category_names, n=1)
        raise self.fail(line, f"unknown {what} '{text}'",
                        f"did you mean '{close[0]}'? Otherwise add it to {CATEGORIES_FILE}" if close else
                        f"use one of: {', '.join(self.category_names)}, or add it to {CATEGORIES_FILE}")

    def level(self, text: str, line: int) -> str:
        found = self.levels.get(text.casefold())
        if found:
            return found
        close = difflib.get_close_matches(text, self.level_names, n=1)
        raise self.fail(line, f"unknown level '{text}'",
                        f"did you mean '{close[0]}'? Otherwise add it to {LEVELS_FILE}" if close else
                        f"use one of: {', '.join(self.level_names)}, or add it to {LEVELS_FILE}")

    def read_maintainers(self, text: str) -> _Reading | None:
        """`text` as organisations joined by ' / ', each possibly 'X onder regie Y'; None if unknown."""
        reading = _Reading([])
        for party in PARTIES.split(text):
            ids = self.by_name.get(party)
            directed = DIRECTED.fullmatch(party) if ids is None else None
            if directed:
                ids = self.by_name.get(directed["party"])
                directors = self.by_name.get(directed["director"])
                if ids is None or directors is None:
                    return None
                for org_id in ids:
                    said = self.organisations[org_id].directed_by
                    if said not in directors:
                        reading.problems.append((
                            f"'{party}' says that {org_id} works under the direction of "
                            f"{directors[0]}, but {ORGANISATIONS_FILE} says "
                            + (said or "nothing about it"),
                            f"correct the text, or write 'onder_regie_van: {directors[0]}' under "
                            f"{org_id} in {ORGANISATIONS_FILE}"))
            if ids is None:
                return None
            if len(ids) > 1:
                reading.problems.append((f"'{party}' is the name of more than one organisation: "
                                         f"{', '.join(ids)}", f"give each organisation its own naam "
                                         f"and afkorting in {ORGANISATIONS_FILE}"))
            reading.ids.extend(i for i in ids if i not in reading.ids)
        return reading

    def maintainers(self, text: str, line: int) -> list[str]:
        """A whole maintainer text (a CSV cell, a tab-separated cell) as organisation ids."""
        reading = self.read_maintainers(text)
        if reading is None:
            raise self.fail(line, f"'{text}' is not a known organisation, nor several joined by ' / '",
                            f"add the organisation to {ORGANISATIONS_FILE}, with its naam or afkorting "
                            "written as here")
        return self.accept(reading, line)

    def accept(self, reading: _Reading, line: int) -> list[str]:
        if reading.problems:
            raise self.fail(line, *reading.problems[0])
        return reading.ids


# --- dates and texts ----------------------------------------------------------------------------

def _date(text: str, known: Known, line: int) -> dt.date:
    """An ISO date, a Dutch one ("1 april 2021") or Dutch Excel's "1-4-2021"."""
    iso, dutch, numeric = (p.fullmatch(text) for p in (ISO_DATE, DUTCH_DATE, NUMERIC_DUTCH_DATE))
    try:
        if iso:
            return dt.date(*map(int, iso.groups()))
        if dutch:
            return dt.date(int(dutch[3]), DUTCH_MONTHS.index(dutch[2].lower()) + 1, int(dutch[1]))
        if numeric:
            return dt.date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
    except ValueError:
        raise known.fail(line, f"'{text}' is not a date that exists",
                         "check the day and the month") from None
    raise known.fail(line, f"'{text}' is not a date",
                     "write it as 2021-04-01 or as 1 april 2021")


def _text(text: str, what: str, known: Known, line: int) -> str:
    if not text:
        raise known.fail(line, f"the {what} is empty", f"fill in the {what}")
    if len(text) > TEXT_MAX:
        raise known.fail(line, f"the {what} is {len(text):,} characters long; a text may be at most "
                         f"{TEXT_MAX:,}", "shorten it")
    control = CONTROL.search(text)
    if control:
        raise known.fail(line, f"the {what} holds the invisible control character "
                         f"U+{ord(control.group()):04X}", "retype the text without it")
    return text


def slug(name: str) -> str:
    """The id made from a name: lowercase ASCII letters and digits, hyphens between the words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:SLUG_MAX].strip("-")


# --- the page's text ----------------------------------------------------------------------------

def read_page(text: str, known: Known) -> list[Row]:
    """The rows of the register table in text copied from the VNG page (prose before it is skipped)."""
    category, rows = None, []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _clean(raw)
        cells = [_clean(cell) for cell in raw.split("\t")]
        header = TABLE_HEADER.fullmatch(line)
        if header:
            category = known.category(header["category"], number, "category heading")
        elif category is None or not line:
            continue  # the page's prose above the table, and blank lines
        elif line.casefold() in known.categories and not DUTCH_DATE.search(line):
            category = known.category(line, number, "category heading")
        elif len(cells) == 4 and all(cells):  # copied with tabs between the cells: no guessing
            rows.append(_cells_row(cells, category, known, number))
        else:
            rows.append(_glued_row(line, raw, category, known, number))
    if category is None:
        raise known.fail(None, "no register table found: there is no header row like "
                         "'API-standaardenIn beheer bijVaststelling geldt vanafMate van verbindendheid'",
                         "copy the whole table from the VNG page, its header row included")
    return rows


def _cells_row(cells: list[str], category: str, known: Known, line: int) -> Row:
    name, maintainers, date, level = cells
    return Row(line, _text(name, "name", known, line), category, known.maintainers(maintainers, line),
               maintainers, _date(date, known, line), known.level(level, line))


def _glued_row(line: str, raw: str, category: str, known: Known, number: int) -> Row:
    """A row as the page's text glues it: "{name}{maintainer}{day month year}{level}"."""
    dates = list(DUTCH_DATE.finditer(line))
    if not dates:
        if raw.rstrip("\r\n") != raw.rstrip():  # trailing empty cells: a heading
            known.category(line, number, "category heading")
        raise known.fail(number, f"cannot read '{line}' as a row of the table: it has no date "
                         "such as '1 april 2021'", "each row is name, maintainer, date and level; "
                         "remove lines that are not part of the table")
    date = dates[-1]
    level_text = line[date.end():].strip()
    if not level_text:
        raise known.fail(number, f"the row '{line}' has no level after its date",
                         f"end the row with one of: {', '.join(known.level_names)}")
    level = known.level(level_text, number)
    day, month, year = date.groups()
    head = line[:date.start()].rstrip()
    # A two-digit day may be a one-digit day after a maintainer whose name ends in a digit.
    tries = [(day, head)] + ([(day[1], line[:date.start()] + day[0])] if len(day) == 2 else [])
    found: list[tuple[str, str, _Reading, dt.date]] = []
    bad_date: VngregError | None = None
    for try_day, rest in tries:
        try:
            when = dt.date(int(year), DUTCH_MONTHS.index(month.lower()) + 1, int(try_day))
        except ValueError:
            if try_day == day:  # the date as written does not exist: say so if nothing else fits
                bad_date = known.fail(number, f"'{date.group()}' is not a date that exists",
                                      "check the day and the month")
            continue
        found.extend((name, text, reading, when) for name, text, reading in _splits(rest, known))
    if len(found) == 1:
        name, text, reading, when = found[0]
        return Row(number, _text(name, "name", known, number), category,
                   known.accept(reading, number), text, when, level)
    if len(found) > 1:
        readings = [f"'{name}' maintained by '{text}'" for name, text, _, _ in found]
        raise known.fail(number, f"'{head}' can be read in {len(found)} ways: "
                         f"{_either(readings)}",
                         f"give the organisations in {ORGANISATIONS_FILE} names that do not end one "
                         "another, or import from CSV, where name and maintainer are separate columns")
    if bad_date:
        raise bad_date
    raise known.fail(number, f"cannot tell where the name ends and the maintainer begins in "
                     f"'{head}': no end of it is a known organisation",
                     f"add the maintainer to {ORGANISATIONS_FILE}, with its naam or afkorting written "
                     "as on the page; several are joined by ' / '")


def _splits(text: str, known: Known) -> Iterator[tuple[str, str, _Reading]]:
    """Every (name, maintainer text) split of `text` whose maintainer part names known organisations.

    Cells are trimmed, so a name never ends in a space and a maintainer never starts with one."""
    for cut in range(1, len(text)):
        name, rest = text[:cut], text[cut:]
        if name[-1].isspace() or rest[0].isspace():
            continue
        reading = known.read_maintainers(rest)
        if reading is not None:
            yield name, rest, reading


# --- CSV ----------------------------------------------------------------------------------------

# Column names (lowercase, '_' read as ' ') -> the field they fill: our YAML keys, or the page's.
COLUMNS = {
    "id": "id", "naam": "name", "standaard": "name", "categorie": "category",
    "in beheer bij tekst": "maintainers", "in beheer bij": "maintainers",
    "geldt vanaf": "date", "vaststelling geldt vanaf": "date", "vastelling geldt vanaf": "date",
    "verbindendheid": "level", "mate van verbindendheid": "level",
}
REQUIRED = {"name": "naam", "category": "categorie", "maintainers": "in_beheer_bij_tekst",
            "date": "geldt_vanaf", "level": "verbindendheid"}


def read_csv(text: str, known: Known) -> list[Row]:
    """The rows of a CSV file with a header row; comma, semicolon or tab separated."""
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max([",", ";", "\t"], key=header_line.count)
    records = _records(text, delimiter, known)
    number, header = next((n, cells) for n, cells in records if any(cells))
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _clean(cell.replace("_", " ")).casefold()
        if not key:
            continue
        if key not in COLUMNS:
            raise known.fail(number, f"unknown column '{cell.strip()}'",
                             f"the columns are {', '.join(REQUIRED.values())} and optionally id"
                             "; the page's Standaard, In beheer bij, Vaststelling geldt vanaf and "
                             "Mate van verbindendheid do too")
        if COLUMNS[key] in columns:
            raise known.fail(number, f"two columns give the {REQUIRED.get(COLUMNS[key], 'id')}",
                             "remove one of them")
        columns[COLUMNS[key]] = index
    missing = [REQUIRED[f] for f in REQUIRED if f not in columns]
    if missing:
        raise known.fail(number, f"the CSV has no column {', '.join(missing)}",
                         f"give the header row the columns {', '.join(REQUIRED.values())}")
    rows = []
    for number, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise known.fail(number, f"the row has {len(cells)} cells, the header row {len(header)}",
                             f"check the quotes and the {delimiter!r} separators in this row")
        value = {f: _clean(cells[i]) if i < len(cells) else "" for f, i in columns.items()}
        for f, key in REQUIRED.items():
            _text(value[f], f"column '{key}'", known, number)
        row = Row(number, value["name"], known.category(value["category"], number, "category"),
                  known.maintainers(value["maintainers"], number), value["maintainers"],
                  _date(value["date"], known, number), known.level(value["level"], number),
                  value.get("id", ""))
        rows.append(row)
    return rows


def _records(text: str, delimiter: str, known: Known) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each CSV record; the line is the record's last."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise known.fail(reader.line_num, f"the CSV cannot be read here: {exc}",
                         "check the quotes in this row") from None


# --- from file to YAML --------------------------------------------------------------------------

def decision(register: Register, decided_by: str, advice: tuple[str, ...]) -> Decision:
    """Who decided (an organisation id) and the adviser per level: by default the organisation
    named after "op advies (van) (het)" in the level's Dutch proces_vaststelling, else none;
    `advice` items "LEVEL=ID" (or "LEVEL=" for none) override that."""
    organisations = {o.id for o in register.organisations}
    levels = {level.id for level in register.levels}

    def organisation(org_id: str, option: str) -> str:
        if org_id not in organisations:
            close = difflib.get_close_matches(org_id, sorted(organisations), n=1)
            raise VngregError(f"{option}: unknown organisation '{org_id}'", None,
                              f"did you mean '{close[0]}'?" if close else
                              f"use an id from {ORGANISATIONS_FILE}", exit_code=EXIT_USAGE)
        return org_id

    advisers = {level.id: _adviser(level, register) for level in register.levels}
    for item in advice:
        level, sep, org_id = item.partition("=")
        if not sep or level not in levels:
            raise VngregError(f"--op-advies-van: '{item}' is not LEVEL=ID with a known level", None,
                              f"the levels are {', '.join(sorted(levels))}; for example "
                              "verplicht=college-van-dienstverleningszaken, or verplicht= for none",
                              exit_code=EXIT_USAGE)
        advisers[level] = organisation(org_id, "--op-advies-van") if org_id else None
    return Decision(organisation(decided_by, "--vastgesteld-door"), advisers)


def _adviser(level: BindingLevel, register: Register) -> str | None:
    process = _clean(level.process["nl"])
    advice = ADVICE.search(process)
    if not advice:
        return None
    after = process[advice.end():]
    named = [o for o in register.organisations if after.startswith(_clean(o.name["nl"]))]
    if not named:
        raise VngregError(f"the proces_vaststelling of level '{level.id}' says 'op advies' but names "
                          "no known organisation after it", level.field_location("process"),
                          f"write the adviser's naam from {ORGANISATIONS_FILE} after 'op advies van', "
                          f"or give --op-advies-van {level.id}=ID")
    return max(named, key=lambda o: len(o.name["nl"])).id


def import_table(path: Path, fmt: str | None, register: Register, chosen: Decision) -> tuple[str, int]:
    """Read `path` (format "page" or "csv"; by default by its extension) and return the YAML of
    standaarden.yaml and the number of standards."""
    known = Known(register, str(path))
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "page")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise known.fail(None, f"the file is not UTF-8 text (byte {exc.start})",
                         "save it as UTF-8; in Excel choose 'CSV UTF-8'") from None
    except OSError as exc:
        raise VngregError(f"cannot read the file: {exc.strerror}", Location(str(path)),
                          "check that the file exists and is readable", exit_code=EXIT_USAGE) from None
    if not text.strip():
        raise known.fail(None, "the file is empty", "paste the register table from the VNG page "
                         "into it, header row included" if fmt == "page" else
                         "write a header row and one row a standard")
    rows = read_page(text, known) if fmt == "page" else read_csv(text, known)
    if not rows:
        raise known.fail(None, "the table has no standards", "add at least one row")
    _give_ids(rows, known)
    return to_yaml(rows, chosen), len(rows)


def _give_ids(rows: list[Row], known: Known) -> None:
    taken: dict[str, Row] = {}
    for row in rows:
        rule = f"ids are lowercase ASCII letters, digits and single hyphens, at most {SLUG_MAX} characters"
        if row.id and (len(row.id) > SLUG_MAX or not SLUG.match(row.id)):
            raise known.fail(row.line, f"the id '{row.id}' is not valid: {rule}",
                             f"write for example '{slug(row.id) or 'a-name'}'")
        row.id = row.id or slug(row.name)
        if not row.id:
            raise known.fail(row.line, f"cannot make an id from the name '{row.name}': {rule}",
                             "give the standard a name with letters or digits, or an id column")
        if row.id in taken:
            first = taken[row.id]
            raise known.fail(row.line, f"the standard '{row.name}' gets the id '{row.id}', which "
                             f"'{first.name}' on line {first.line} already has",
                             "list each standard once, or give them names that differ in more than "
                             "capitals and punctuation")
        taken[row.id] = row


def _scalar(text: str) -> str:
    """A YAML scalar, plain unless YAML needs quotes (yaml itself decides, on one line)."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def to_yaml(rows: list[Row], chosen: Decision) -> str:
    """standaarden.yaml in the layout of the one in source/."""
    out = [HEADER]
    for row in rows:
        adviser = chosen.advisers.get(row.level)
        out.append(
            f"  - id: {_scalar(row.id)}\n"
            f"    naam: {_scalar(row.name)}\n"
            f"    categorie: {_scalar(row.category)}\n"
            f"    in_beheer_bij: [{', '.join(_scalar(m) for m in row.maintainers)}]\n"
            f"    in_beheer_bij_tekst: {_scalar(row.maintainer_text)}\n"
            f"    vaststelling:\n"
            f"      geldt_vanaf: {row.applies_from.isoformat()}\n"
            f"      verbindendheid: {_scalar(row.level)}\n"
            f"      vastgesteld_door: {_scalar(chosen.decided_by)}\n"
            + (f"      op_advies_van: {_scalar(adviser)}\n" if adviser else ""))
    return "".join(out)


def write_file(text: str, out: Path, force: bool) -> None:
    """Write `text` to `out` in one step; an existing file is replaced only with `force`."""
    if out.exists() and not force:
        raise VngregError("the file exists already", Location(str(out)),
                          "give --force to replace it, or another --out", exit_code=EXIT_USAGE)
    folder = out.parent
    if not folder.is_dir():
        raise VngregError(f"the folder {str(folder)!r} does not exist", Location(str(out)),
                          "create it first, or give another --out", exit_code=EXIT_USAGE)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
