"""The one exception type for problems a user can fix, with where they are and how to fix them.

A message is a text, or one text per language (`say(nl, en)`): shown in the language the CLI's
--lang chose (Dutch by default), cut where it quotes a long value, never with a raw control
character (a hostile id must not reach the terminal as an escape sequence)."""

from __future__ import annotations

from dataclasses import dataclass

import click

# Exit codes: 0 ok, 1 the data has problems, 2 usage error, 3 the tool or the shapes failed, 130
# stopped by Ctrl-C (128 + SIGINT).
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_TOOL = 3
EXIT_INTERRUPTED = 130

Text = str | dict[str, str]  # a message, or one per language
_language = ["nl"]  # the language messages are shown in: set once per command by the CLI
SHOWN_MAX = 80  # characters of a value quoted in a message
PROBLEMS_SHOWN = 50  # problems listed at once; then how many more there are


def say(nl: str, en: str) -> dict[str, str]:
    """A message in Dutch and in English."""
    return {"nl": nl, "en": en}


def use_language(lang: str) -> str:
    _language[0] = lang
    return lang


def in_language(text: Text, lang: str | None = None) -> str:
    if isinstance(text, str):
        return text
    return text.get(lang or _language[0]) or text["en"]


def shown(value: str) -> str:
    """A value as a message quotes it: in quotes, escaped as Python does, cut to SHOWN_MAX."""
    return repr(value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…")


def printable(text: str) -> str:
    """`text` with every character a terminal would act on (controls, bidi, ...) escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file, a line (1-based) and the entry (an id) it belongs to."""

    file: str
    line: int | None = None
    entry: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if not self.entry:
            return where
        entry = self.entry if len(self.entry) <= SHOWN_MAX else self.entry[:SHOWN_MAX] + "…"
        return f"{where} ({entry})"


class VngregError(click.ClickException):
    """A problem in the user's input or set-up: printed as one line, no traceback."""

    def __init__(self, what: Text, location: Location | None = None, hint: Text | None = None,
                 exit_code: int = EXIT_DATA):
        self.texts = (what, hint)
        self.location = location
        super().__init__(self.format())  # for a traceback; what is shown is chosen when shown
        self.exit_code = exit_code

    @property
    def what(self) -> str:
        return in_language(self.texts[0])

    @property
    def hint(self) -> str | None:
        return self.texts[1] and in_language(self.texts[1])

    def format(self, lang: str | None = None) -> str:
        what, hint = (in_language(text, lang) if text else text for text in self.texts)
        text = f"{self.location}: {what}" if self.location else what
        return printable(f"{text} (fix: {hint})" if hint else text)

    def lines(self, lang: str | None = None) -> list[str]:
        return [self.format(lang)]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    format_message = __str__

    def show(self, file=None) -> None:
        for line in self.lines():
            click.echo(f"error: {line}", err=True, file=file)


class VngregErrors(VngregError):
    """Several problems found in one run (the loader's): each one line, at most PROBLEMS_SHOWN,
    then how many more. Its own what, hint and location are the first problem's."""

    def __init__(self, problems: list[VngregError]):
        self.problems = problems
        first = problems[0]
        super().__init__(first.texts[0], first.location, first.texts[1], first.exit_code)

    def lines(self, lang: str | None = None) -> list[str]:
        lines = [problem.format(lang) for problem in self.problems[:PROBLEMS_SHOWN]]
        more = len(self.problems) - PROBLEMS_SHOWN
        if more > 0:
            lines.append(in_language(say(
                f"en nog {more} problemen (fix: verbeter deze eerst en kijk dan opnieuw)",
                f"and {more} more problems (fix: correct these first, then check again)"), lang))
        return lines
