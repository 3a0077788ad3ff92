"""The one exception type for problems a user can fix, with where they are and how to fix them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

# Exit codes: 0 ok, 1 the data has problems, 2 usage error, 3 the tool or the shapes failed.
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_TOOL = 3


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file, a line (1-based) and the entry (an id) it belongs to."""

    file: str
    line: int | None = None
    entry: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} ({self.entry})" if self.entry else where

    def relative_to(self, base: Path) -> "Location":
        try:
            shown = str(Path(self.file).resolve().relative_to(base.resolve()))
        except ValueError:
            shown = self.file
        return Location(shown, self.line, self.entry)


class VngregError(click.ClickException):
    """A problem in the user's input or set-up: printed as one line, no traceback."""

    def __init__(self, what: str, location: Location | None = None, hint: str | None = None,
                 exit_code: int = EXIT_DATA):
        self.what = what
        self.location = location
        self.hint = hint
        super().__init__(self.format())
        self.exit_code = exit_code

    def format(self) -> str:
        text = f"{self.location}: {self.what}" if self.location else self.what
        return f"{text} (fix: {self.hint})" if self.hint else text

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format()}", err=True, file=file)
