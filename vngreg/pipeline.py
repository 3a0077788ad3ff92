"""The pipeline, one way: load -> map -> validate -> write. The CLI calls these; so do tests."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from vngreg.write import catalog, parallel, provenance
from vngreg.site import pages as site
from vngreg.write import formats as write
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.mapping.iris import Iris
from vngreg.source.load import load_register
from vngreg.mapping.emitter import Mapped, map_register
from vngreg.write.outdir import Stage, staged
from vngreg.mapping.profiles import select as select_profiles
from vngreg.source.records import Register
from vngreg.validate.shacl import Report, load_shapes, validate_triples


# The register's shapes, ontology and JSON-LD context, shipped in the package: vngreg/data/shapes
# and vngreg/data/ontology are links to the project's shapes/ and ontology/ (see pyproject.toml).
SHIPPED = resources.files("vngreg") / "data"


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
        return list(_files(SHIPPED / "shapes", self.own_shapes, ".ttl").values())

    def ontology_files(self) -> list[Path]:
        return list(_files(SHIPPED / "ontology", self.own_ontology, ".ttl").values())

    def folders(self) -> tuple[Path, ...]:
        """What a build reads and so may never replace: the source and the shapes and ontology
        folders, the register's own and those shipped with vngreg."""
        return (self.source, self.own_shapes, self.own_ontology,
                Path(str(SHIPPED / "shapes")), Path(str(SHIPPED / "ontology")))

    def context_file(self) -> Path:
        return _files(SHIPPED / "ontology", self.own_ontology, ".jsonld")["context.jsonld"]


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


@contextmanager
def _few_collections():
    """Python's cycle collector scans every container it tracks, again and again as objects are
    made: with the millions of tuples, lists and records of a large register that took half the
    time of loading and mapping, and more of writing. Loading, mapping, validating and the data
    writers make no reference cycles, so the collector is off while they run; before the site
    (Jinja makes cycles) what exists is frozen (never scanned again) and the collector works on
    what the pages make. At the end everything made is moved to the oldest generation: turned
    back on with millions of objects in the youngest, the collector would first walk them all
    (seconds, at 100,000 standards), to free nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # all of it, frozen or not, into the permanent generation ...
        gc.unfreeze()  # ... and from there into the oldest
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
    register, mapped, shapes = _load_and_map(project, profiles)
    return Build(register, mapped, _validate(register, mapped, shapes, profiles))


def _load_and_map(project: Project, profiles: list[str] | None):
    register = load_register(project.source)
    return register, map_register(register, profiles, sources=False), load_shapes(project.shape_files())


def _validate(register: Register, mapped: Mapped, shapes, profiles: list[str] | None) -> Report:
    report = validate_triples(mapped.index, lambda: mapped.graph, shapes)
    if report.findings:  # only now the source map is worth making: map again, keeping it
        report = report.located(map_register(register, profiles).locate)
    return report


class _Failed(Exception):
    """Validation failed while files were being written: drop them, report."""


def build(project: Project, out: Path, profiles: list[str] | None = None,
          fail_on: str = "violation", build_date: dt.date | None = None,
          with_site: bool = True, jobs: int | None = None, force: bool = False,
          wait: bool = True) -> Build:
    """The whole pipeline; out/ is replaced only when validation passed and every file is written.
    `build_date` goes into provenance.ttl (default: provenance.default_build_date); `with_site`
    False leaves out the static site (out/site/); `jobs` is how many processes may write the
    data files of a large register (default: the processors available; the bytes are the same).
    `force` and `wait`: see outdir.staged."""
    with _few_collections():
        return _build(project, out, profiles, fail_on, build_date, with_site, jobs, force, wait)


def _build(project: Project, out: Path, profiles: list[str] | None, fail_on: str,
           build_date: dt.date | None, with_site: bool, jobs: int | None, force: bool,
           wait: bool) -> Build:
    register, mapped, shapes = _load_and_map(project, profiles)
    context_path = project.context_file()
    if not context_path.is_file():
        raise VngregError("the JSON-LD context is missing", None,
                          f"restore {context_path}", exit_code=EXIT_TOOL)
    iris = Iris.for_base(register.settings.base_iri)
    publication = write.Publication(mapped.triples, str(iris.dataset(register.settings.id)),
                                    write.load_context(context_path), mapped.index)
    processes = 1 if len(publication.triples) < parallel.FROM_TRIPLES else (
        jobs or parallel.available_processes())
    names = [p.NAME for p in select_profiles(profiles)]
    done: dict = {}

    def meanwhile() -> None:
        # What this process does before it writes anything; with two processes the other one is
        # already writing its share of the register files, which a failure drops with the
        # staging folder. Then, with two, the catalogue but for the files it describes; on one
        # it waits for the register files (its draft would only add to their memory).
        done["report"] = _validate(register, mapped, shapes, profiles)
        if done["report"].fails(fail_on):
            raise _Failed()
        done["catalogue"] = catalog.draft(register, publication, names) if processes > 1 else None

    try:
        with staged(out, project.folders(), force,
                    wait) as folder:
            written = _write_all(project, folder, register, publication, names, build_date,
                                 with_site, processes, meanwhile, done)
    except _Failed:
        written = []
    return Build(register, mapped, done["report"], written)


def _write_all(project: Project, folder: Path, register: Register, publication: write.Publication,
               profile_names: list[str], build_date: dt.date | None, with_site: bool,
               processes: int, meanwhile, done: dict) -> list[str]:
    """Validate and draft the catalogue (by calling `meanwhile`, which fills `done`) and write
    every file into `folder`; their names."""
    # Each file goes to disk as soon as it is made, so that a large register never holds all
    # of them in memory; out/ itself is replaced only when the last one is written.
    stage = Stage(folder)
    parallel.write(stage, [(name, partial(writer, publication), write.COST[name])
                           for name, (writer, _type) in write.REGISTER_FILES.items()],
                   processes, before=meanwhile)
    publication.release()
    stage.write("context.jsonld", project.context_file().read_bytes())
    for kind, paths in (("ontology", project.ontology_files()), ("shapes", project.shape_files())):
        for path in paths:
            stage.write(f"{kind}/{path.name}", path.read_bytes())
    parallel.write(stage, [
        (name, make, 1.0) for name, make in catalog.catalog_files(
            register, publication, dict(stage.files), profile_names, done["catalogue"]).items()],
        processes)
    for name, data in provenance.provenance_files(register, project.source,
                                                  build_date).items():
        stage.write(name, data)
    if with_site:
        _pages_start()
        for name, data in site.site_files(register, publication, stage).items():
            stage.write(name, data)
    return list(stage.files)
