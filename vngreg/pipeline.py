"""The pipeline, one way: load -> map -> validate -> write the register files -> catalogue ->
provenance -> site -> swap out/. Each step takes what the one before returned, and tells a
Progress (vngreg/progress.py) when it starts. The CLI calls these; so do tests."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vngreg import shipped
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.mapping.emitter import Mapped, map_register
from vngreg.mapping.iris import Iris
from vngreg.progress import Progress, Silent
from vngreg.site import pages as site
from vngreg.source.load import load_register
from vngreg.source.records import Register
from vngreg.validate.shacl import Report, load_shapes, validate_triples
from vngreg.write import formats as write
from vngreg.write import catalog, downloads, linkset, provenance
from vngreg.write.outdir import Stage, staged



@dataclass(frozen=True)
class Project:
    """Where a register's parts come from: its YAML in `source`; the shapes, ontology and JSON-LD
    context shipped with vngreg. A register may have shapes/ and ontology/ folders of its own
    beside source/: their files replace the shipped ones of the same name, and add to them."""

    source: Path
    own_shapes: Path
    own_ontology: Path

    @classmethod
    def around(cls, source: Path, shapes: Path | None = None) -> "Project":
        root = source.resolve().parent
        return cls(source, shapes or root / "shapes", root / "ontology")

    def shape_files(self) -> list[Path]:
        return list(_files(shipped.folder("shapes"), self.own_shapes, ".ttl").values())

    def ontology_files(self) -> list[Path]:
        return list(_files(shipped.folder("ontology"), self.own_ontology, ".ttl").values())

    def folders(self) -> tuple[Path, ...]:
        """What a build reads and so may never replace: the source and the shapes and ontology
        folders, the register's own and those shipped with vngreg."""
        return (self.source, self.own_shapes, self.own_ontology,
                shipped.folder("shapes"), shipped.folder("ontology"))

    def context_file(self) -> Path:
        path = _files(shipped.folder("ontology"), self.own_ontology, ".jsonld").get("context.jsonld")
        if path is None:  # vngreg ships it: only a damaged installation has none
            raise VngregError("the JSON-LD context (context.jsonld) is missing", None,
                              "reinstall vngreg", exit_code=EXIT_TOOL)
        return path


def _files(shipped: Path, own: Path, suffix: str) -> dict[str, Path]:
    """The shipped folder's files ending in `suffix`, by name, replaced or added to by `own`'s."""
    files = {}
    for folder in (shipped, own):
        if folder.is_dir():
            files.update((path.name, path) for path in folder.iterdir() if path.name.endswith(suffix))
    return dict(sorted(files.items()))


@dataclass
class Build:
    register: Register
    mapped: Mapped
    report: Report
    written: list[str] = field(default_factory=list)


def check(project: Project, profiles: list[str] | None = None,
          progress: Progress | Silent = Silent()) -> Build:
    """Load, map and validate; write nothing."""
    with _no_cycle_collection():
        progress.step(f"loading {project.source}/")
        register = load_register(project.source)
        progress.step("mapping", len(register.standards), "standards")
        mapped = map_register(register, profiles)
        progress.step("validating", len(mapped), "triples")
        report = validate_triples(mapped.index, lambda: mapped.graph,
                                  load_shapes(project.shape_files()), mapped.locate)
    return Build(register, mapped.without_sources(), report)


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector walks the containers it tracks again and again as they are made:
    with the millions of records, tuples and lists of a large register that was a fifth of the
    build's processor time (docs/performance.md). Loading, mapping, validating and the register
    writers make no reference cycles, so it is off while they run; then what they made is frozen
    (never walked again, still freed when let go) and the collector is back for the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def build(project: Project, out: Path, profiles: list[str] | None = None,
          fail_on: str = "violation", build_date: dt.date | None = None,
          with_site: bool = True, force: bool = False, wait: bool = True,
          progress: Progress | Silent = Silent()) -> Build:
    """The whole pipeline; out/ is replaced only when validation passed and every file is written.
    `build_date` goes into provenance.ttl (default: provenance.default_build_date); `with_site`
    False leaves out the static site (out/site/); `force` and `wait`: see outdir.staged;
    `progress` is told each step as it starts."""
    checked = check(project, profiles, progress)
    if checked.report.fails(fail_on):
        return checked
    register = checked.register
    publication = write.Publication(checked.mapped.triples, _dataset_iri(register),
                                    write.load_context(project.context_file()), checked.mapped.index)
    ontologies = {path.stem: path.read_bytes() for path in project.ontology_files()}
    with staged(out, project.folders(), force, wait) as folder:
        stage = Stage(folder)
        # Each file goes to disk as soon as it is made, so that a large register never holds all
        # of them in memory; out/ itself is replaced only when the last one is written.
        with _no_cycle_collection():
            for name, (writer, _type) in write.REGISTER_FILES.items():
                progress.step(f"writing {name}", len(publication.triples), "triples")
                stage.write(name, writer(publication))
            links = linkset.linkset(publication)
            for name, (writer, _type) in (linkset.FILES.items() if links.triples else ()):
                stage.write(name, writer(links))
        stage.write("context.jsonld", project.context_file().read_bytes())
        for stem, data in ontologies.items():
            stage.write(f"ontology/{stem}.ttl", data)
        for path in project.shape_files():
            stage.write(f"shapes/{path.name}", path.read_bytes())
        progress.step("writing the spreadsheets", len(register.standards), "rows")
        _write(stage, downloads.spreadsheet_files(register))
        progress.step("writing the catalogue")
        catalogue = catalog.catalogue(register, publication, links, dict(stage.files), profiles)
        _write(stage, catalog.catalogue_files(catalogue))
        progress.step("writing the provenance")
        made = provenance.provenance(register, project.source, build_date)
        _write(stage, provenance.provenance_files(made))
        if with_site:
            others = [other for other in (catalogue, made) if other is not None]
            progress.step("making the site", len(register.standards), "standards")
            pages = site.site_files(register, publication, others, ontologies, stage)
            progress.step("writing the site", len(pages), "files")
            _write(stage, pages)
        progress.step(f"replacing {out}/", len(stage.files), "files")
    return Build(register, checked.mapped, checked.report, list(stage.files))


def _write(stage: Stage, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        stage.write(name, data)


def _dataset_iri(register: Register) -> str:
    return str(Iris.for_base(register.settings.base_iri).dataset(register.settings.id))
