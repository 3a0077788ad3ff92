"""The pipeline, one way: load -> map -> validate -> write. The CLI calls these; so do tests."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vngreg import catalog, provenance, site, write
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.iris import Iris
from vngreg.load import load_register
from vngreg.mapping import Mapped, map_register
from vngreg.outdir import Stage, staged
from vngreg.profiles import select as select_profiles
from vngreg.records import Register
from vngreg.validate import Report, load_shapes, validate_triples


@dataclass(frozen=True)
class Project:
    """Where a register's parts live: source/ beside shapes/ and ontology/."""

    source: Path
    shapes_dir: Path
    ontology_dir: Path

    @classmethod
    def around(cls, source: Path, shapes: Path | None = None) -> "Project":
        root = source.resolve().parent
        return cls(source, shapes or root / "shapes", root / "ontology")

    def shape_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl")) if self.shapes_dir.is_dir() else []

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl")) if self.ontology_dir.is_dir() else []

    def context_file(self) -> Path:
        return self.ontology_dir / "context.jsonld"


@dataclass
class Build:
    register: Register
    mapped: Mapped
    report: Report
    written: list[str] = field(default_factory=list)


@contextmanager
def _few_collections():
    """Python's cycle collector scans every container it tracks, again and again as objects are
    made: with the millions of tuples, lists and records of a large register that took half the
    time of loading and mapping, and more of writing. Loading, mapping, validating and the data
    writers make no reference cycles, so the collector is off while they run; before the site
    (Jinja makes cycles) what exists is frozen (never scanned again) and the collector works on
    what the pages make. Both are undone at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _pages_start() -> None:
    """Before the site: what exists is never scanned again, what the pages make is collected."""
    gc.freeze()
    gc.enable()


def check(project: Project, profiles: list[str] | None = None) -> Build:
    """Load, map and validate; write nothing."""
    with _few_collections():
        return _check(project, profiles)


def _check(project: Project, profiles: list[str] | None) -> Build:
    register = load_register(project.source)
    mapped = map_register(register, profiles, sources=False)
    report = validate_triples(mapped.index, lambda: mapped.graph, load_shapes(project.shape_files()))
    if report.findings:  # only now the source map is worth making: map again, keeping it
        report = report.located(map_register(register, profiles).locate)
    return Build(register, mapped, report)


def build(project: Project, out: Path, profiles: list[str] | None = None,
          fail_on: str = "violation", build_date: dt.date | None = None,
          with_site: bool = True) -> Build:
    """The whole pipeline; out/ is replaced only when validation passed and every file is written.
    `build_date` goes into provenance.ttl (default: provenance.default_build_date); `with_site`
    False leaves out the static site (out/site/)."""
    with _few_collections():
        return _build(project, out, profiles, fail_on, build_date, with_site)


def _build(project: Project, out: Path, profiles: list[str] | None, fail_on: str,
           build_date: dt.date | None, with_site: bool) -> Build:
    result = _check(project, profiles)
    if result.report.fails(fail_on):
        return result
    context_path = project.context_file()
    if not context_path.is_file():
        raise VngregError("the JSON-LD context is missing", None,
                          f"restore {context_path}", exit_code=EXIT_TOOL)
    iris = Iris.for_base(result.register.settings.base_iri)
    publication = write.Publication(result.mapped.triples, str(iris.dataset(result.register.settings.id)),
                                    write.load_context(context_path), result.mapped.index)
    with staged(out) as folder:
        # Each file goes to disk as soon as it is made, so that a large register never holds all
        # of them in memory; out/ itself is replaced only when the last one is written.
        stage = Stage(folder)
        for name, (writer, _media_type) in write.REGISTER_FILES.items():
            stage.write(name, writer(publication))
        publication.release()
        stage.write("context.jsonld", context_path.read_bytes())
        for kind, paths in (("ontology", project.ontology_files()), ("shapes", project.shape_files())):
            for path in paths:
                stage.write(f"{kind}/{path.name}", path.read_bytes())
        for name, data in catalog.catalog_files(result.register, publication, dict(stage.files),
                                                [p.NAME for p in select_profiles(profiles)]).items():
            stage.write(name, data)
        for name, data in provenance.provenance_files(result.register, project.source,
                                                      build_date).items():
            stage.write(name, data)
        if with_site:
            _pages_start()
            for name, data in site.site_files(result.register, publication, stage).items():
                stage.write(name, data)
        result.written.extend(stage.files)
    return result
