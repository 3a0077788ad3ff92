"""`vngreg init DIR`: a new register that builds at once, from the template shipped in the package
(vngreg/new_register/: the five YAML files with one example entry each and a README for stewards)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from vngreg.errors import EXIT_USAGE, VngregError
from vngreg.source.schema import write_schemas

TEMPLATE = resources.files("vngreg") / "new_register"
# Package data leaves out dot files, so the template's gitignore is renamed when it is written.
RENAMED = {"gitignore": ".gitignore"}


def create_register(folder: Path) -> list[str]:
    """Write the template register and its editor schemas into `folder` (new, or empty); the names
    of the files written, relative to `folder`."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise VngregError(f"{str(folder)!r} already exists and is not an empty folder", None,
                          "give a new folder name; vngreg init never overwrites files",
                          exit_code=EXIT_USAGE)
    written = []
    for source, name in _template_files(TEMPLATE, ""):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written.append(name)
    written += [f"schema/{name}" for name in write_schemas(folder / "schema")]
    return sorted(written)


def _template_files(folder, prefix: str):
    for item in sorted(folder.iterdir(), key=lambda item: item.name):
        name = prefix + RENAMED.get(item.name, item.name)
        if item.is_dir():
            yield from _template_files(item, name + "/")
        else:
            yield item, name
