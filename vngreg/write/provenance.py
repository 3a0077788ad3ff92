"""Step 4c, provenance: out/provenance.ttl says which build made out/, from which source, with
which tool and on which date (PROV-O). Nothing in it depends on the clock or on git, so that a build
stays byte for byte repeatable and committing out/ never makes out/ stale (docs/history.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from vngreg import __version__, nt
from vngreg.errors import EXIT_USAGE, Location, VngregError
from vngreg.mapping.iris import Iris
from vngreg.nt import Builder, literal
from vngreg.source.records import Register
from vngreg.vocab import DCTERMS, OWL, PROV, RDF, RDFS
from vngreg.write import formats as write
from vngreg.write.formats import Publication

FILE = "provenance.ttl"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # https://reproducible-builds.org/specs/source-date-epoch/


def build_date_from(option: dt.date | None, environ: Mapping[str, str]) -> dt.date | None:
    """The build date asked for: --build-date first, then SOURCE_DATE_EPOCH (its UTC day); None
    when neither is given, and the build takes `default_build_date`."""
    if option is not None:
        return option
    value = environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise VngregError(f"{SOURCE_DATE_EPOCH} is {value!r}, not a number of seconds since "
                          "1970-01-01", None, f"set it to a whole number (e.g. the output of "
                          "'git log -1 --format=%ct'), or unset it", exit_code=EXIT_USAGE)
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        raise VngregError(f"{SOURCE_DATE_EPOCH} {value} is not a date this tool can handle", None,
                          "set it to seconds since 1970-01-01, or unset it",
                          exit_code=EXIT_USAGE) from None


def default_build_date(register: Register) -> dt.date:
    """Without a date given: the register's last change, as the catalogue states it (dct:modified):
    the setting 'gewijzigd', else the newest 'geldt_vanaf'. It changes with the data, never with
    the clock."""
    return register.last_change()


def source_manifest(source: Path) -> list[tuple[str, str]]:
    """(file name, sha256 of its bytes) for each source/*.yaml, sorted by name."""
    paths = sorted(source.glob("*.yaml"), key=lambda p: p.name)
    if not paths:
        raise VngregError("the source folder holds no .yaml files", Location(str(source)),
                          "run vngreg in the project folder, or give --source DIR")
    return [(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths]


def source_digest(manifest: list[tuple[str, str]]) -> str:
    """sha256 of the manifest written as `sha256sum` writes it, so that a steward can check it by
    hand: `cd source && sha256sum *.yaml | sha256sum`."""
    text = "".join(f"{digest}  {name}\n" for name, digest in manifest)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _slug(text: str) -> str:
    """An id as the Dutch URI strategy wants it: lowercase ASCII letters, digits, single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def provenance(register: Register, source: Path, build_date: dt.date | None) -> Publication:
    """The build as a prov:Activity that used the source (by content) and generated the dataset,
    on `build_date` (default: default_build_date)."""
    iris = Iris.for_base(register.settings.base_iri).as_terms()
    manifest = source_manifest(source)
    digest = source_digest(manifest)
    when = (build_date or default_build_date(register)).isoformat()
    dataset = iris.dataset(register.settings.id)
    # Stable names, the content by its checksums (dct:identifier): an edit to one standard then
    # changes what these pages say, not which pages there are (out/ is committed and reviewed).
    build = iris.thing("bouw", when)
    used = iris.thing("bron", register.settings.id)
    agent = iris.thing("software", _slug(f"vngreg {__version__}"))

    g = Builder()
    g.add(dataset, PROV.wasGeneratedBy, build)

    g.add(build, RDF.type, PROV.Activity)
    g.texts(build, RDFS.label, {"nl": f"Bouw van het register op {when}",
                                "en": f"Build of the register on {when}"})
    g.add(build, DCTERMS.date, literal(when, datatype=nt.XSD + "date"))
    g.add(build, PROV.used, used)
    g.add(build, PROV.wasAssociatedWith, agent)
    g.add(build, PROV.generated, dataset)

    g.add(used, RDF.type, PROV.Entity)
    g.add(used, RDF.type, PROV.Collection)
    g.texts(used, RDFS.label, {"nl": "De bronbestanden van het register (source/*.yaml)",
                               "en": "The register's source files (source/*.yaml)"})
    g.add(used, DCTERMS.identifier, literal(f"sha256:{digest}"))
    for name, file_digest in manifest:
        member = iris.thing("bronbestand", _slug(name))
        g.add(used, PROV.hadMember, member)
        g.add(member, RDF.type, PROV.Entity)
        g.add(member, DCTERMS.title, literal(name))
        g.add(member, DCTERMS.identifier, literal(f"sha256:{file_digest}"))

    g.add(agent, RDF.type, PROV.SoftwareAgent)
    g.add(agent, RDFS.label, literal(f"vngreg {__version__}"))
    g.add(agent, OWL.versionInfo, literal(__version__))
    return Publication(g.triples(), nt.value(dataset), {})


def provenance_files(provenance: Publication) -> dict[str, bytes]:
    """out/provenance.ttl, written by the same repeatable Turtle writer as register.ttl."""
    return {FILE: write.turtle(provenance)}


def recorded_build_date(out: Path) -> dt.date | None:
    """The build date out/provenance.ttl records, or None for an output without one."""
    from rdflib import Graph, Literal
    path = out / FILE
    if not path.is_file():
        return None
    graph = Graph(bind_namespaces="none").parse(path, format="turtle")
    dates = sorted(date.toPython() for build in graph.objects(None, PROV.rdflib.wasGeneratedBy)
                   for date in graph.objects(build, DCTERMS.rdflib.date)
                   if isinstance(date, Literal) and isinstance(date.toPython(), dt.date))
    return dates[-1] if dates else None

