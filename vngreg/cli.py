"""The `vngreg` command: a thin layer of click commands over the pipeline. No logic lives here."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vngreg import __version__, pipeline
from vngreg.source import schema as source_schema
from vngreg import query as querying
from vngreg.write import provenance
from vngreg.errors import (EXIT_DATA, EXIT_INTERRUPTED, EXIT_USAGE, VngregError, in_language, say,
                           use_language)
from vngreg.mapping.profiles import available
from vngreg.progress import Progress, Silent
from vngreg.validate import shacl
from vngreg.validate.shacl import RDF_FORMATS, Report, read_rdf, validate_graph

SOURCE = click.option("--source", type=click.Path(path_type=Path), default=Path("source"),
                      show_default=True, help="Folder with the register's YAML files.")
LANG = click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
                    callback=lambda ctx, param, lang: use_language(lang),
                    help="Language of the messages (the loader's and the shapes').")
REPORT = click.option("--report", type=click.Choice(["text", "ttl", "json"]), default="text",
                      show_default=True,
                      help="text: one line a problem (stderr); ttl or json: the sh:ValidationReport "
                           "itself on stdout.")
QUIET = click.option("--quiet", "-q", is_flag=True,
                     help="Show no progress (a build of more than 2 seconds shows its steps on "
                          "stderr); findings, errors and the summary still show.")
FAIL_ON = click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]),
                       default="violation", show_default=True,
                       help="The lowest severity that makes the command fail.")


class _Commands(click.Group):
    """The command group; Ctrl-C ends a command with one line and its own exit code, 130 (128 +
    SIGINT, as shells have it), not with click's "Aborted!" and the data's 1. What was being
    written is left as the command leaves it on any failure (a build: out/ as it was)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(in_language(say("vngreg: afgebroken (Ctrl-C)", "vngreg: interrupted (Ctrl-C)")),
                       err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vngreg")
def main() -> None:
    """Publish the VNG register of Gemeentelijke Standaarden as validated linked data."""
    use_language("nl")  # a command without --lang speaks Dutch, also after one with it


def _print_report(report: Report, lang: str, form: str = "text") -> None:
    if form == "text":  # colour only on a terminal: click.echo strips it elsewhere
        for finding in report.findings:
            colour = "red" if finding.severity == "Violation" else "yellow"
            click.echo(click.style(finding.format(lang), fg=colour), err=True)
    else:
        click.echo(report.serialize(form), nl=False)


@main.command()
@SOURCE
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder to write; replaced as a whole, and only after validation passed. "
                   "Never the project's own folders; a non-empty folder only if a build wrote it.")
@click.option("--force", is_flag=True,
              help="Replace --out even though it holds files that no build wrote.")
@click.option("--no-wait", "wait", is_flag=True, flag_value=False, default=True,
              help="Fail at once (exit 3) while another build writes --out, instead of waiting.")
@click.option("--profile", "profiles", multiple=True, type=click.Choice(sorted(available())),
              help="Output profile to include (repeatable); default: all.")
@LANG
@REPORT
@FAIL_ON
@QUIET
@click.option("--build-date", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The date provenance.ttl records; default: the UTC day of SOURCE_DATE_EPOCH if "
                   "set, else the register's 'gewijzigd' or newest 'geldt_vanaf'.")
@click.option("--site/--no-site", "with_site", default=True, show_default=True,
              help="Write the static site (out/site/): a page per resource. Leave it out for a "
                   "data-only build, e.g. of a very large register.")
def build(source: Path, out: Path, force: bool, wait: bool, profiles: tuple[str, ...], lang: str,
          report: str, fail_on: str, quiet: bool, build_date, with_site: bool) -> None:
    """Load, map, validate and write the register to OUT."""
    project = pipeline.Project.around(source)
    when = provenance.build_date_from(build_date and build_date.date(), os.environ)
    with _progress(quiet) as progress:
        result = pipeline.build(project, out, list(profiles) or None, fail_on, when, with_site,
                                force, wait, progress)
    _print_report(result.report, lang, report)
    if not result.written:
        click.echo(f"build stopped, {out}/ left as it was: {_counts(result.report)}", err=True)
        raise SystemExit(EXIT_DATA)
    click.echo(f"wrote {len(result.written)} files to {out}/: {len(result.mapped)} triples, "
               f"{len(result.register.standards)} standards; {_counts(result.report)}", err=report != "text")


@main.command()
@SOURCE
@LANG
@REPORT
@FAIL_ON
@click.option("--against-gemma", "gemma", type=click.Path(path_type=Path), metavar="PATH",
              help="Also compare every standard that links to GEMMA with GEMMA's model at PATH (the "
                   "coArchi model/ folder, or an AMEFF export .xml): status, maintainer, name, versions; "
                   "each difference is a warning, never a failure.")
@QUIET
def check(source: Path, lang: str, report: str, fail_on: str, gemma: Path | None,
          quiet: bool) -> None:
    """Check the YAML source (load, map, validate) without writing anything."""
    with _progress(quiet) as progress:
        result = pipeline.check(pipeline.Project.around(source), progress=progress)
    _print_report(result.report, lang, report)
    click.echo(f"{len(result.register.standards)} standards; {_counts(result.report)}",
               err=report != "text")
    if gemma is not None:
        from vngreg.gemma import check as against, model
        findings = against.compare(result.register, model.read_model(gemma))
        for finding in findings:
            click.echo(finding.format(), err=True)
        linked = sum(any(link.startswith(against.PAGE) for link in (*s.exact_match, *s.close_match))
                     for s in result.register.standards)
        click.echo(f"against GEMMA ({gemma}): {linked} standards link to it; {len(findings)} "
                   f"difference{'s' * (len(findings) != 1)} (warnings)", err=True)
    if result.report.fails(fail_on):
        raise SystemExit(EXIT_DATA)


@main.command(name="validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--profile", "profiles", multiple=True, type=click.Choice(shacl.PROFILE_NAMES),
              help="Shapes to check against (repeatable): register (vngreg's own, with the "
                   "shapes/ folder beside ./source), dcat-ap (DCAT-AP 3.0.1), dcat-ap-nl "
                   "(DCAT-AP-NL 3.0), nl-sbb (NL-SBB). Default: chosen by what the file holds.")
@click.option("--shapes", "shape_files", multiple=True, type=click.Path(path_type=Path),
              help="Any other SHACL shapes file (repeatable), checked beside --profile.")
@click.option("--recommended", is_flag=True,
              help="Also the official profiles' recommended properties (their results are warnings).")
@click.option("--format", "fmt", type=click.Choice(sorted(set(RDF_FORMATS.values()))),
              help="RDF syntax of the files; default: by extension.")
@LANG
@REPORT
@FAIL_ON
def validate_files(files: tuple[Path, ...], profiles: tuple[str, ...], shape_files: tuple[Path, ...],
                   recommended: bool, fmt: str | None, lang: str, report: str, fail_on: str) -> None:
    """Validate any RDF FILES against SHACL profiles: exit 0 conforms, 1 not."""
    shapes = shacl.ShapeSets(pipeline.Project.around(Path("source")).shape_files(), list(shape_files),
                             recommended)
    reports = []
    for path in files:
        data = read_rdf(path, fmt)
        names, why = shapes.chosen(data, profiles, path)
        if why:
            click.echo(f"{path}: checked against {', '.join(names)}, because {why} "
                       f"(choose with --profile)", err=True)
        for name in names:
            reports.append(validate_graph(data, shapes.graph(name)))
            if report == "text":
                _print_report(reports[-1], lang)
            click.echo(f"{path} ({name}): {_counts(reports[-1])}", err=report != "text")
    if report != "text":
        _print_report(Report.joined(reports), lang, report)
    if any(result.fails(fail_on) for result in reports):
        raise SystemExit(EXIT_DATA)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Write a new register into FOLDER (new or empty): source/ with one example entry in each of
    the five YAML files, a README for its stewards, a .gitignore and the editor schemas. It builds
    at once: cd FOLDER && vngreg build."""
    from vngreg.init import create_register
    written = create_register(folder)
    click.echo(f"wrote a new register to {folder}/ ({len(written)} files); next: cd {folder} && "
               f"vngreg build")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("schema"), show_default=True,
              help="Folder for the JSON Schemas.")
def schema(out: Path) -> None:
    """Write the JSON Schemas of the YAML source files, for editors (yaml-language-server)."""
    names = source_schema.write_schemas(out)
    click.echo(f"wrote {len(names)} schemas to {out}/")


def _progress(quiet: bool) -> Progress | Silent:
    return Silent() if quiet else Progress()


def _counts(report: Report) -> str:
    return f"{report.count('Violation')} violations, {report.count('Warning')} warnings"


# --- publishing and querying the built output ----------------------------------------------------

OUT = click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
                   help="Folder that 'vngreg build' wrote.")


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store "
                   "for Oxigraph (see the README for Fuseki, GraphDB and Virtuoso).")
@click.option("--query-endpoint", metavar="URL",
              help="The store's SPARQL query URL, for the check after the upload; "
                   "default: the one beside --endpoint.")
@click.option("--graph", metavar="IRI", help="The named graph to replace; default: the register's "
                                              "dataset IRI.")
@OUT
@SOURCE
@click.option("--auth", type=click.Choice(["basic", "digest"]),
              help="HTTP login scheme for VNGREG_USER / VNGREG_PASSWORD; default: the one the store "
                   "asks for (its WWW-Authenticate).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Seconds each request may take in all: the upload and the "
                                      "store's whole answer, however slowly it comes.")
@click.option("--tries", type=click.IntRange(1, 10), default=3, show_default=True,
              help="Tries per request while the store is unreachable or answers 5xx/429.")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds before the second try, doubled before each next one.")
def publish(endpoint: str, query_endpoint: str | None, graph: str | None, out: Path, source: Path,
            auth: str | None, timeout: float, tries: int, backoff: float) -> None:
    """Replace the register's named graph in a triple store with the built output in OUT.

    Login comes from the environment variables VNGREG_USER and VNGREG_PASSWORD.
    """
    from vngreg import publish as publishing  # here: httpx is only needed to publish
    upload = publishing.read_upload(out)
    target = publishing.Target.checked(endpoint, query_endpoint,
                                       publishing.dataset_graph(source) if graph is None else graph,
                                       publishing.auth_from_environment(auth))
    done = publishing.publish(upload, target, publishing.Patience(timeout, tries, backoff))
    click.echo(f"published {done.triples} triples from {upload.path} to graph <{done.graph}> at "
               f"{publishing.shown(done.store_url)}; the store holds exactly {done.triples}")


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path), metavar="FILE.rq",
              help="Read the query from a file (see docs/queries/).")
@click.option("--format", "fmt", type=click.Choice(querying.FORMATS), default="table",
              show_default=True, help="table: aligned text (CONSTRUCT: Turtle); json, xml, csv, "
                                      "tsv: SPARQL 1.1 results; ttl, nt, jsonld: the triples of "
                                      "a CONSTRUCT or DESCRIBE.")
@OUT
def query(sparql: str | None, query_file: Path | None, fmt: str, out: Path) -> None:
    """Ask everything built in OUT a SPARQL query, in process (no server needed).

    The register, the catalogue and the provenance are each a named graph; the default graph is
    their union. Read-only: updates are refused."""
    if (sparql is None) == (query_file is None):
        raise VngregError("give one query: as an argument or with --file", None,
                          "write vngreg query 'SELECT ...' or vngreg query --file q.rq",
                          exit_code=EXIT_USAGE)
    text = sparql if query_file is None else querying.read_query(query_file)
    click.echo(querying.answer(out, text, fmt), nl=False)


@main.command()
@OUT
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 unless others should reach it.")
def serve(out: Path, port: int, host: str) -> None:
    """Serve OUT on this machine as deploy/nginx.conf does, with a read-only SPARQL endpoint at
    /sparql. A preview and a small-site server, not a replacement for nginx. Ctrl-C stops it."""
    from vngreg import serve as serving
    serving.serve(out, host, port)


# --- importing the register table ----------------------------------------------------------------

@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "--from", "fmt", type=click.Choice(["page", "csv", "gemma"]),
              help="page: text copied from the VNG page; csv: a header row and one row a standard; "
                   "gemma: GEMMA's ArchiMate model (FILE is its coArchi model/ folder or an AMEFF export "
                   ".xml, --out a folder that gets source/ and gemma-rapport.txt). Default: csv for *.csv, page otherwise.")
@SOURCE
@click.option("--out", type=click.Path(path_type=Path),
              help="File to write (e.g. source/standaarden.yaml); default: standard output. With "
                   "--from gemma: the folder to write the register into (required).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option("--vastgesteld-door", "decided_by", default="vng-bestuur", show_default=True,
              metavar="ID", help="Organisation that established the standards (the page: 'vastgesteld "
                                 "door het bestuur van de VNG').")
@click.option("--op-advies-van", "advice", multiple=True, metavar="LEVEL=ID",
              help="Adviser for a level (repeatable; LEVEL= for none). Default: the organisation "
                   "named after 'op advies (van)' in the level's proces_vaststelling, else none.")
def import_table(file: Path, fmt: str | None, source: Path, out: Path | None, force: bool,
                 decided_by: str, advice: tuple[str, ...]) -> None:
    """Turn the register table copied from the VNG page (or a CSV) into standaarden.yaml, or
    GEMMA's standards list (--from gemma) into a register of its own.

    Names are resolved against the organisations, categories and levels in --source.
    """
    from vngreg import importer
    from vngreg.source.load import load_register

    register = load_register(source)
    if fmt == "gemma":
        from vngreg.gemma import model, to_source
        if out is None:
            raise VngregError("--from gemma needs --out FOLDER", None,
                              "give the folder to write the register into", exit_code=EXIT_USAGE)
        standards, versions, left_out = to_source.write_register(model.read_model(file), register, out, force)
        click.echo(f"imported {standards} standards and {versions} versions from {file} into "
                   f"{out / 'source'}; {len(left_out)} values left out, see {out / to_source.REPORT_FILE}",
                   err=True)
        return
    if file.is_dir():
        raise VngregError(f"{file} is a folder", None, "give a file, or --from gemma for GEMMA's model folder",
                          exit_code=EXIT_USAGE)
    text, count = importer.import_table(file, fmt, register,
                                        importer.decision(register, decided_by, advice))
    if out is None:
        click.echo(text, nl=False)
    else:
        importer.write_file(text, out, force)
    click.echo(f"imported {count} standard{'s' * (count != 1)} from {file}"
               + (f" into {out}" if out else ""), err=True)


@main.command(name="gemma-report", hidden=True)
@click.argument("folder", type=click.Path(path_type=Path))
def gemma_report(folder: Path) -> None:
    """Read GEMMA's model FOLDER (coArchi); print what was read and every value not mapped."""
    from vngreg.gemma import model, report
    click.echo(report.render(model.read_model(folder)), nl=False)


# --- history: what changed between two builds ----------------------------------------------------

@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(("text", "ttl")), default="text", show_default=True,
              help="text: one line a change; ttl: an RDF change set (Talis changeset vocabulary).")
@SOURCE
def diff(old: str, new: str, fmt: str, source: Path) -> None:
    """What changed in the register from OLD to NEW: each an output folder (with register.nt) or a
    git revision of --source. Exit 0 whether or not anything changed."""
    from vngreg import diff as history  # here: it works with rdflib graphs, which a build never loads
    comparison = history.compare(history.read_side(old, source), history.read_side(new, source))
    click.echo(history.render(comparison, fmt), nl=False)
    click.echo(history.summary(comparison), err=True)


def run() -> None:
    """The console script."""
    main()
