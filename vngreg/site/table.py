"""The register's table for the site, with the VNG page's columns in its order (standard,
category, maintainer, date from which the decision applies, binding level; then the status, where
the register has statuses), the choices of its filters, and how a large
register is split over pages: a page per category, and per PAGE_ROWS rows within a category, so
that an edit moves rows of one category only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vngreg.source.records import Establishment, Register, Standard

# The most rows one page of the table holds; a register with more standards than this has a
# table page per category (and per PAGE_ROWS rows in it) instead of the table on the index.
PAGE_ROWS = 500
# A row's filter value for "no level" (a standard without decisions) and "no status".
NONE = "geen"


@dataclass(frozen=True)
class TablePage:
    """One page of the table: where it goes (without extension), the category it shows (None:
    the whole register, on the index), which part it is of how many, and its rows."""

    path: str
    category: object | None
    part: int
    paths: tuple[str, ...]  # the paths of all parts of its category, in order
    standards: list[Standard]


def decisions(std: Standard) -> list[Establishment]:
    """A standard's decisions as a timeline: in the order of the dates from which they apply,
    the current one (std.establishment, what a row shows) last; none for a standard imported
    without decisions (from GEMMA)."""
    return list(std.establishments)


def table_order(register: Register) -> list[Standard]:
    """The standards as the VNG page lists them: by category (the scheme's order), then as in the
    source."""
    order = {c.id: c.order for c in register.categories}
    return sorted(register.standards, key=lambda std: order[std.category])


# The table's columns, as the VNG page heads them.
COLUMNS = ("Standaard", "Categorie", "In beheer bij", "Vaststelling geldt vanaf",
           "Mate van verbindendheid")


def table_rows(register: Register) -> list[tuple[str, str, str, dt.date | None, str]]:
    """The table as texts (and the date), one row a standard in table_order, COLUMNS' values: what
    the spreadsheet downloads hold (the page shows the same, with links). A row shows the current
    decision; a standard without one (imported from GEMMA) has no date and an empty level."""
    categories = {c.id: c.name["nl"] for c in register.categories}
    organisations = {o.id: o.name["nl"] for o in register.organisations}
    levels = {lv.id: lv.table_name for lv in register.levels}
    rows = []
    for std in table_order(register):
        decision = std.establishment
        rows.append((std.name, categories[std.category],
                     std.maintainer_text or ", ".join(organisations[org] for org in std.maintainers),
                     decision and decision.applies_from,
                     levels[decision.binding_level] if decision else ""))
    return rows


def table_pages(register: Register) -> list[TablePage]:
    """[] when the whole table fits on the index; else the pages of each category, in order."""
    if len(register.standards) <= PAGE_ROWS:
        return []
    pages = []
    for category in sorted(register.categories, key=lambda c: c.order):
        members = [std for std in register.standards if std.category == category.id]
        chunks = [members[i:i + PAGE_ROWS] for i in range(0, len(members), PAGE_ROWS)]
        paths = tuple(f"standaarden/{category.id}" + (f"-{n}" if n > 1 else "")
                      for n in range(1, len(chunks) + 1))
        pages += [TablePage(path, category, n, paths, chunk)
                  for n, (path, chunk) in enumerate(zip(paths, chunks), 1)]
    return pages


def filter_options(register: Register, standards: list[Standard]) -> dict[str, list[tuple[str, str]]]:
    """The choices of the table's filters, (value, label) in the schemes' order (organisations by
    name): only what occurs in `standards`. Where some have no level (no decision) or no status,
    the last choice is NONE, the value of their rows."""
    categories = {std.category for std in standards}
    levels = {std.establishment.binding_level if std.establishment else NONE for std in standards}
    maintainers = {org for std in standards for org in std.maintainers}
    statuses = {std.status or NONE for std in standards}
    return {"categorie": [(c.id, c.name["nl"]) for c in sorted(register.categories, key=lambda c: c.order)
                          if c.id in categories],
            "verbindendheid": [(lv.id, lv.table_name) for lv in sorted(register.levels, key=lambda lv: lv.order)
                               if lv.id in levels] + [(NONE, "geen vaststelling")] * (NONE in levels),
            "beheer": sorted(((o.id, o.name["nl"]) for o in register.organisations if o.id in maintainers),
                             key=lambda pair: (pair[1].casefold(), pair[0])),
            "status": [(st.id, st.name["nl"]) for st in sorted(register.statuses, key=lambda st: st.order)
                       if st.id in statuses] + [(NONE, "geen status")] * (NONE in statuses)}
