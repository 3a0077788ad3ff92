"""Step 4b, the spreadsheet downloads: out/register.csv and out/register.xlsx, the index's table
(vngreg/site/table.py's rows) for people who work in Excel or LibreOffice. Machines have the
register files and `vngreg query --format csv`; these are made to open right with a double click.

CSV: UTF-8 with a byte order mark, `;` between fields and CRLF line ends, quoted as RFC 4180 does
(a field with `;`, `"` or a line end in quotes, `"` doubled): without the mark Excel reads the file
in the system's code page (ë becomes Ã«), and Dutch Excel splits a line on `;`, not on `,` (the
comma is its decimal separator). Dates are ISO 8601, which Excel reads as dates in any locale.
XLSX: XlsxWriter, pinned, as the bytes are part of out/; the dates in its properties are the
register's last change, and its zip entries carry a fixed time, so the same register gives the
same bytes on every build, in every time zone."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from vngreg.site.table import COLUMNS, table_rows
from vngreg.source.records import Register

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Standaarden"
# The date as the VNG page writes it (1 april 2021), with Dutch month names in any Excel ([$-413]:
# the locale nl-NL).
DATE_FORMAT = "[$-413]d mmmm yyyy"
DATE_WIDTH = 16


def register_csv(register: Register) -> bytes:
    text = io.StringIO()
    rows = csv.writer(text, delimiter=";", lineterminator="\r\n")
    rows.writerow(COLUMNS)
    rows.writerows((*row[:3], row[3].isoformat() if row[3] else "", row[4])
                   for row in table_rows(register))
    return text.getvalue().encode("utf-8-sig")


def register_xlsx(register: Register) -> bytes:
    """One sheet: the header (bold, frozen, with filter buttons), then a row a standard."""
    import xlsxwriter  # here: only a build needs it, not every command
    rows = table_rows(register)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    s = register.settings
    publisher = next(o for o in register.organisations if o.id == s.publisher)
    book.set_properties({"title": s.title["nl"], "author": publisher.name["nl"],
                         "created": dt.datetime.combine(register.last_change(), dt.time())})
    sheet = book.add_worksheet(SHEET)
    bold, date = book.add_format({"bold": True}), book.add_format({"num_format": DATE_FORMAT})
    sheet.write_row(0, 0, COLUMNS, bold)
    for number, row in enumerate(rows, 1):
        for column in (0, 1, 2):  # as texts: a name that starts with = is no formula
            sheet.write_string(number, column, row[column])
        if row[3]:  # a standard without a decision has no date
            sheet.write_datetime(number, 3, dt.datetime.combine(row[3], dt.time()), date)
        sheet.write_string(number, 4, row[4])
    for column, heading in enumerate(COLUMNS):
        width = max([len(heading), *(len(str(row[column])) for row in rows)])
        sheet.set_column(column, column, min(60, DATE_WIDTH if column == 3 else width + 2))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(COLUMNS) - 1)
    book.close()
    return out.getvalue()


# out/'s spreadsheet files: name -> (writer, media type).
SPREADSHEETS: dict[str, tuple[Callable[[Register], bytes], str]] = {
    "register.csv": (register_csv, "text/csv"),
    "register.xlsx": (register_xlsx, XLSX),
}


def spreadsheet_files(register: Register) -> dict[str, bytes]:
    return {name: writer(register) for name, (writer, _type) in SPREADSHEETS.items()}
