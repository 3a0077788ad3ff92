"""Step 1a, reading: parse a YAML source file into plain values that remember their line.

Only the plain data subset of YAML is accepted: no tags that construct objects, no anchors or
aliases (so no alias bombs), no duplicate keys. Scalars stay strings; `load` gives them types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vngreg.errors import Location, VngregError

try:  # libyaml's parser is ~10x faster and gives the same nodes and marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 64 * 1024 * 1024

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Node:
    """A value from the YAML with its line: `value` is a str, None, a list of Nodes or a dict of
    key -> Node (keys in file order; `key_lines` gives the line of each key)."""

    value: object
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)


def read_yaml(path: Path) -> Node:
    """Parse one YAML file; raise VngregError with file and line on anything we do not accept."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise VngregError(f"cannot read the file: {exc.strerror}", Location(name),
                          "check that the file exists and is readable") from None
    if size > MAX_BYTES:
        raise VngregError(f"the file is {size:,} bytes; vngreg reads source files of at most "
                          f"{MAX_BYTES:,} bytes", Location(name), "split the register over several files")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VngregError(f"the file is not UTF-8 text (byte {exc.start})", Location(name),
                          "save the file as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise VngregError(f"invalid YAML: {problem}", Location(name, line),
                          "check indentation, colons and quotes on this line or the one before") from None
    except yaml.YAMLError as exc:
        raise VngregError(f"invalid YAML: {exc}", Location(name),
                          "check the file's syntax") from None
    if root is None:
        return Node(None, 1)
    if "*" in text:  # an alias repeats a node: refuse it where it stands (this also stops alias bombs)
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise VngregError("anchors and aliases (& and *) are not supported",
                                  Location(name, event.start_mark.line + 1), "write the value out in full")
    return _convert(root, name, set())


def _convert(node: yaml.Node, name: str, seen: set[int]) -> Node:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise VngregError("anchors and aliases (& and *) are not supported", Location(name, line),
                          "write the value out in full")
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _PLAIN_TAGS:
            raise VngregError(f"the YAML tag {node.tag!r} is not allowed", Location(name, line),
                              "remove the tag (the part starting with !) and write plain text")
        if node.tag == _YAML + "null":
            return Node(None, line)
        return Node(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _YAML + "seq":
            raise VngregError(f"the YAML tag {node.tag!r} is not allowed", Location(name, line),
                              "remove the tag (the part starting with !)")
        return Node([_convert(item, name, seen) for item in node.value], line)
    if node.tag != _YAML + "map":
        raise VngregError(f"the YAML tag {node.tag!r} is not allowed", Location(name, line),
                          "remove the tag (the part starting with !)")
    items: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            raise VngregError("a key must be plain text", Location(name, key_line),
                              "write the key as a plain word followed by a colon")
        key = key_node.value
        if key in items:
            raise VngregError(f"the key {key!r} appears twice (first on line {key_lines[key]})",
                              Location(name, key_line), "remove or rename one of them")
        items[key] = _convert(value_node, name, seen)
        key_lines[key] = key_line
    return Node(items, line, key_lines)
