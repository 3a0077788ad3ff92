"""The coArchi folder format: one XML file an element or relation, one `folder.xml` a folder.

Files are read with the standard library's parser, bounded in size and refused at a DTD (so no
entities, external or internal); anything that is not a coArchi file is one clear error.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from vngreg import vocab
from vngreg.errors import EXIT_USAGE, Location, VngregError

ARCHIMATE = f"{{{vocab.ARCHIMATE.iri}}}"
MODEL_ROOT = "folder.xml"
MAX_BYTES = 4 * 1024 * 1024  # the largest file in GEMMA's model is far smaller
SKIPPED = {"diagrams"}  # views: they repeat the model's elements and say nothing of their own


@dataclass(frozen=True)
class Element:
    """One element or relation file. `properties` are (key, value) in the file's order, repeated
    keys kept, a missing key or value as ''. A relation has `source` and `target`: the file
    names its ends point at."""

    kind: str
    id: str
    name: str
    documentation: str
    properties: tuple[tuple[str, str], ...]
    file: str
    folder: str
    source: str | None = None
    target: str | None = None

    def values(self, key: str) -> list[str]:
        """The non-empty values of `key`, stripped, in order."""
        return [v.strip() for k, v in self.properties if k == key and v.strip()]

    def value(self, key: str) -> str | None:
        """The first non-empty value of `key`; None if the key is absent or only empty."""
        found = self.values(key)
        return found[0] if found else None

    @property
    def object_id(self) -> str | None:
        return self.value("Object ID")


@dataclass(frozen=True)
class Folder:
    """A coArchi model: its root (`folder.xml`, the ArchimateModel) and its files by file name
    (relations point at file names without a folder)."""

    path: Path
    root: Element
    version: str  # the model's `version` attribute: the Archi model format
    files: dict[str, Element]


def read_folder(path: Path) -> Folder:
    """Every element and relation file under `path`, the model folder of a coArchi repository."""
    if not path.is_dir():
        raise VngregError(f"{path} is not a folder", None,
                          "give the model folder of the GEMMA-Archi-repository (the one holding "
                          "folder.xml, motivation/ and relations/)", exit_code=EXIT_USAGE)
    root_file = path / MODEL_ROOT
    if not root_file.is_file():
        nested = path / "model" / MODEL_ROOT
        raise VngregError("no folder.xml: this is not a coArchi model folder", Location(str(root_file)),
                          f"did you mean {path / 'model'}?" if nested.is_file() else
                          "give the folder that holds the model's folder.xml, motivation/ and relations/")
    xml = _parse(root_file)
    root = _element(xml, root_file, path, "")
    if root.kind != "ArchimateModel":
        raise VngregError(f"folder.xml holds an archimate:{root.kind}, not the model's root "
                          "(archimate:ArchimateModel)", Location(str(root_file)),
                          "give the top folder of the model, not one of its sub-folders")
    files: dict[str, Element] = {}
    # A folder's display path ("Motivation/GEMMA standaardenlijst/Standaarden"): coArchi names
    # directories by id and keeps each one's name in its folder.xml. Parents come first.
    folders = {path: ""}
    for directory, subdirs, names in os.walk(path):
        here = Path(directory)
        subdirs[:] = sorted(d for d in subdirs if not (here == path and d in SKIPPED))
        if here != path:
            marker = here / MODEL_ROOT
            own = _parse(marker).get("name", here.name) if marker.is_file() else here.name
            folders[here] = f"{folders[here.parent]}/{own}".lstrip("/")
        folder = folders[here]
        for name in sorted(names):
            file = here / name
            if not name.endswith(".xml") or name == MODEL_ROOT or file.is_symlink():
                continue
            if name in files:
                raise VngregError(f"two files are named {name}; relations find their ends by file "
                                  f"name, so names must be unique", Location(str(file)),
                                  f"remove one of them (the other is {path / files[name].file})")
            files[name] = _element(_parse(file), file, path, folder)
    return Folder(path, root, xml.get("version") or "", files)


def _element(xml: ET.Element, file: Path, top: Path, folder: str) -> Element:
    shown = str(file.relative_to(top))
    if not xml.tag.startswith(ARCHIMATE):
        raise VngregError(f"not a coArchi file: its root element is <{xml.tag}>", Location(str(file)),
                          "keep only the model's own files in the folder")
    ends = {end: (xml.find(end).get("href") or "").partition("#")[0]
            for end in ("source", "target") if xml.find(end) is not None}
    return Element(kind=xml.tag[len(ARCHIMATE):].removesuffix("Relationship"),
                   id=xml.get("id") or "", name=xml.get("name") or "",
                   documentation=xml.get("documentation") or "",
                   properties=tuple((p.get("key") or "", p.get("value") or "")
                                    for p in xml.findall("properties")),
                   file=shown, folder=folder, **ends)


class _DeclaresDtd(Exception):
    pass


class _NoDtd(ET.TreeBuilder):
    """Stops at a document type declaration, before any entity it declares is used: coArchi and
    AMEFF files have none, so neither external entities nor entity expansion can happen."""

    def doctype(self, name, pubid, system):
        raise _DeclaresDtd


def _parse(file: Path) -> ET.Element:
    data = read_bounded(file, MAX_BYTES, "a coArchi file", "check that this is the GEMMA model folder")
    return parse_xml(data, file, "coArchi", "restore the file from the GEMMA-Archi-repository")


def read_bounded(file: Path, limit: int, what: str, fix: str) -> bytes:
    """The bytes of `file`, refused (one error) when larger than `limit`, which `what` may be."""
    size = file.stat().st_size
    if size > limit:
        raise VngregError(f"the file is {size:,} bytes; {what} is at most {limit:,} here",
                          Location(str(file)), fix)
    return file.read_bytes()


def parse_xml(data: bytes, file: Path, kind: str, fix: str) -> ET.Element:
    """`data`, the XML of `file`, parsed; refused at a DTD, which `kind` files never have; broken
    XML is one error with its line, and `fix` says what to do."""
    parser = ET.XMLParser(target=_NoDtd())
    try:
        parser.feed(data)
        return parser.close()
    except _DeclaresDtd:
        raise VngregError(f"the file declares a DTD (<!DOCTYPE>), which {kind} files never do; it "
                          "is not read", Location(str(file), line_of(data, "<!DOCTYPE")),
                          "use the file as Archi wrote it") from None
    except ET.ParseError as error:
        what = str(error).rsplit(": line", 1)[0]  # the line goes into the location
        raise VngregError(f"broken XML: {what}", Location(str(file), error.position[0]), fix) from None


def line_of(data: bytes, pattern: str) -> int | None:
    """The line of the first match of `pattern` in the file: the parsed tree keeps no lines."""
    found = re.search(pattern.encode(), data)
    return data.count(b"\n", 0, found.start()) + 1 if found else None
