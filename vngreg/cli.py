"""The `vngreg` command: a thin layer of click commands over the pipeline. No logic lives here."""

from __future__ import annotations

from pathlib import Path

import click

from vngreg import __version__, pipeline
from vngreg.errors import EXIT_DATA
from vngreg.profiles import available
from vngreg.validate import Report

SOURCE = click.option("--source", type=click.Path(path_type=Path), default=Path("source"),
                      show_default=True, help="Folder with the register's YAML files.")
LANG = click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
                    help="Language of the validation messages.")
FAIL_ON = click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]),
                       default="violation", show_default=True,
                       help="The lowest severity that makes the command fail.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vngreg")
def main() -> None:
    """Publish the VNG register of Gemeentelijke Standaarden as validated linked data."""


def _print_report(report: Report, lang: str) -> None:
    for finding in report.findings:
        click.echo(finding.format(lang), err=True)


@main.command()
@SOURCE
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder to write; replaced as a whole, and only after validation passed.")
@click.option("--profile", "profiles", multiple=True, type=click.Choice(sorted(available())),
              help="Output profile to include (repeatable); default: all.")
@LANG
@FAIL_ON
def build(source: Path, out: Path, profiles: tuple[str, ...], lang: str, fail_on: str) -> None:
    """Load, map, validate and write the register to OUT."""
    project = pipeline.Project.around(source)
    result = pipeline.build(project, out, list(profiles) or None, fail_on)
    _print_report(result.report, lang)
    counts = (f"{result.report.count('Violation')} violations, "
              f"{result.report.count('Warning')} warnings")
    if not result.written:
        click.echo(f"build stopped, {out}/ left as it was: {counts}", err=True)
        raise SystemExit(EXIT_DATA)
    click.echo(f"wrote {len(result.written)} files to {out}/: {len(result.mapped.graph)} triples, "
               f"{len(result.register.standards)} standards; {counts}")


@main.command()
@SOURCE
@LANG
@FAIL_ON
def check(source: Path, lang: str, fail_on: str) -> None:
    """Check the YAML source (load, map, validate) without writing anything."""
    result = pipeline.check(pipeline.Project.around(source))
    _print_report(result.report, lang)
    click.echo(f"{len(result.register.standards)} standards; {result.report.count('Violation')} "
               f"violations, {result.report.count('Warning')} warnings")
    if result.report.fails(fail_on):
        raise SystemExit(EXIT_DATA)
