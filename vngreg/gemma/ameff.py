"""The Open Group's ArchiMate Model Exchange File Format (AMEFF): the whole model in one XML file,
as Archi exports it (GEMMA-Archi-repository's `export/GEMMA release.xml`). Read into the same
`Folder` of `Element`s as a coArchi folder, so that `model` reads both alike.

Same safety as `coarchi`: a bounded size, refused at a DTD, one clear error for a file that is not
AMEFF. Each element gets the file name coArchi would give it (`{Kind}_{identifier}.xml`, relations
`{Kind}Relationship_...`) and its folder from the file's <organizations>, else the folder Archi
puts its kind in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from vngreg.errors import EXIT_USAGE, Location, VngregError
from vngreg.gemma.coarchi import Element, Folder, line_of, parse_xml, read_bounded

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"  # AMEFF 3.0 and 3.1 share it
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE = "nl"  # of a name or text given in several languages, GEMMA's is read
FORMAT = "AMEFF"  # what `Folder.version` says: the file's format, where coArchi has Archi's
MAX_BYTES = 64 * 1024 * 1024  # GEMMA's full export is 13.4 MB
# Where Archi puts an element of each kind; relations go to "Relations", any other kind to "Other".
LAYERS = {kind: layer for layer, kinds in {
    "Strategy": "Resource Capability ValueStream CourseOfAction",
    "Business": "BusinessActor BusinessRole BusinessCollaboration BusinessInterface BusinessProcess "
                "BusinessFunction BusinessInteraction BusinessEvent BusinessService BusinessObject "
                "Contract Representation Product",
    "Application": "ApplicationComponent ApplicationCollaboration ApplicationInterface "
                   "ApplicationFunction ApplicationInteraction ApplicationProcess ApplicationEvent "
                   "ApplicationService DataObject",
    "Technology & Physical": "Node Device SystemSoftware TechnologyCollaboration TechnologyInterface "
                             "Path CommunicationNetwork TechnologyFunction TechnologyProcess "
                             "TechnologyInteraction TechnologyEvent TechnologyService Artifact "
                             "Equipment Facility DistributionNetwork Material",
    "Motivation": "Stakeholder Driver Assessment Goal Outcome Principle Requirement Constraint "
                  "Meaning Value",
    "Implementation & Migration": "WorkPackage Deliverable ImplementationEvent Plateau Gap",
}.items() for kind in kinds.split()}


def read_file(path: Path) -> Folder:
    """Every element and relationship of the AMEFF file at `path`, with the model as the root."""
    data = _read(path)
    xml = parse_xml(data, path, "AMEFF", "export the model again, or fetch the file again")
    if xml.tag != f"{NS}model":
        raise VngregError(f"not an ArchiMate exchange file (AMEFF): its root element is <{xml.tag}>",
                          Location(str(path), line_of(data, r"<[^?!]")),
                          "give the model as Archi exports it (File > Export > Model to Open Exchange "
                          "File), or the coArchi model folder")
    keys = {d.get("identifier"): _text(d, "name")
            for d in xml.iterfind(f"{NS}propertyDefinitions/{NS}propertyDefinition")}
    folders = dict(_organizations(xml.find(f"{NS}organizations"), ""))
    nodes = [*xml.iterfind(f"{NS}elements/{NS}element"),
             *xml.iterfind(f"{NS}relationships/{NS}relationship")]
    names: dict[str, str] = {}  # identifier -> the file name coArchi would give it
    for node in nodes:
        kind, identifier = _kind(node), node.get("identifier") or ""
        if identifier in names:
            raise VngregError(f"the identifier {identifier} is used twice",
                              _where(path, data, identifier), "an identifier must name one element "
                              "or relationship; export the model again")
        names[identifier] = f"{kind}{'Relationship' * _is_relation(node)}_{identifier}.xml"
    files = {names[n.get("identifier") or ""]: _element(n, path, data, keys, names, folders) for n in nodes}
    root = Element("ArchimateModel", xml.get("identifier") or "", _text(xml, "name"),
                   _text(xml, "documentation"), _properties(xml, path, data, keys), path.name, "")
    return Folder(path, root, FORMAT, files)


def _element(node: ET.Element, path: Path, data: bytes, keys: dict, names: dict[str, str],
             folders: dict[str, str]) -> Element:
    identifier, kind = node.get("identifier") or "", _kind(node)
    ends = {}
    if _is_relation(node):
        for end in ("source", "target"):
            ref = node.get(end) or ""
            if ref not in names:
                raise VngregError(f"relationship {identifier}: its {end} {ref} is not in the file",
                                  _where(path, data, identifier),
                                  "export the whole model; a relationship needs both its ends")
            ends[end] = names[ref]
    default = "Relations" if _is_relation(node) else LAYERS.get(kind, "Other")
    return Element(kind=kind, id=identifier, name=_text(node, "name"),
                   documentation=_text(node, "documentation"),
                   properties=_properties(node, path, data, keys), file=names[identifier],
                   folder=folders.get(identifier, default), **ends)


def _properties(node: ET.Element, path: Path, data: bytes, keys: dict) -> tuple[tuple[str, str], ...]:
    found = []
    for prop in node.iterfind(f"{NS}properties/{NS}property"):
        ref = prop.get("propertyDefinitionRef")
        if ref not in keys:
            line = line_of(data, re.escape(f'propertyDefinitionRef="{ref}"'))
            raise VngregError(f"a property refers to the property definition {ref}, which the file "
                              "does not define", Location(str(path), line),
                              "export the model again: every property's definition is in "
                              "<propertyDefinitions>")
        found.append((keys[ref], _text(prop, "value")))
    return tuple(found)


def _organizations(node: ET.Element | None, folder: str):
    """(identifier, folder path) for every item of the <organizations> tree: labels are folders."""
    for item in node.iterfind(f"{NS}item") if node is not None else ():
        if item.get("identifierRef"):
            yield item.get("identifierRef"), folder
        else:
            yield from _organizations(item, f"{folder}/{_text(item, 'label')}".lstrip("/"))


def _kind(node: ET.Element) -> str:
    return (node.get(XSI_TYPE) or "").rpartition(":")[2]


def _is_relation(node: ET.Element) -> bool:
    return node.tag == f"{NS}relationship"


def _text(node: ET.Element, tag: str) -> str:
    """The text of the child `tag` in GEMMA's language, else of the first one; '' if none."""
    found = node.findall(f"{NS}{tag}")
    chosen = next((t for t in found if t.get(XML_LANG) == LANGUAGE), found[0] if found else None)
    return (chosen.text or "") if chosen is not None else ""


def _where(path: Path, data: bytes, identifier: str) -> Location:
    return Location(str(path), line_of(data, re.escape(f' identifier="{identifier}"')))


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise VngregError(f"there is no file {path}", None, "give an AMEFF export (.xml) or the "
                          "coArchi model folder", exit_code=EXIT_USAGE)
    return read_bounded(path, MAX_BYTES, "an AMEFF file", "check that this is GEMMA's model")

