"""Step 1a, reading: parse a YAML source file into plain values that remember their line.

Only the plain data subset of YAML is accepted: no tags that construct objects, no anchors or
aliases (so no alias bombs), no duplicate keys. Scalars stay strings; `load` gives them types.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent)

from vngreg.errors import Location, VngregError

try:  # libyaml's parser is ~10x faster and gives the same events and marks
    _Parser = yaml.CSafeLoader
    _UNDEFINED_ALIAS = "found undefined alias"  # as each one's composer words it
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader
    _UNDEFINED_ALIAS = "found undefined alias {!r}"

MAX_BYTES = 64 * 1024 * 1024

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NULL, _SEQ, _MAP = _YAML + "null", _YAML + "seq", _YAML + "map"
# What PyYAML's resolver guesses for an untagged plain scalar where the guess is not text: null,
# or a tag we refuse. Its other guesses (int, bool, date, ...) stay text here. Its patterns end in
# `$`, which also matches before a final newline (reachable as `! "null\n"`); "\n" alone is text.
_GUESSES = {"~": _NULL, "null": _NULL, "Null": _NULL, "NULL": _NULL, "<<": _YAML + "merge",
            "=": _YAML + "value", "!": _YAML + "yaml", "&": _YAML + "yaml", "*": _YAML + "yaml"}
_IMPLICIT = {"": _NULL, **_GUESSES, **{value + "\n": tag for value, tag in _GUESSES.items()}}


@dataclass(slots=True)
class Node:
    """A value from the YAML with its line: `value` is a str, None, a list of Nodes or a dict of
    key -> Node (keys in file order; `key_lines` gives the line of each key; None but for a
    mapping). There is one a scalar: slots and no empty dict keep a large file's tree small."""

    value: object
    line: int
    key_lines: dict[str, int] | None = None


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
    # The tree is millions of objects that all live on: the cyclic collector would walk it again
    # and again while it grows (a third of the time on a large register) and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = _Parser(text)
        del text  # the parser keeps its own UTF-8 copy: at the end only the tree should be big
        return _read_events(parser, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise VngregError(f"invalid YAML: {problem}", Location(name, line),
                          "check indentation, colons and quotes on this line or the one before") from None
    except yaml.YAMLError as exc:
        raise VngregError(f"invalid YAML: {exc}", Location(name),
                          "check the file's syntax") from None
    finally:
        if collecting:
            gc.enable()


def _read_events(parser, name: str) -> Node:
    """Build the Node tree from the parser's events: no node graph, no tag guessing per scalar.

    Problems come in the order a reader that composes the whole document first would find them:
    YAML errors (syntax, an undefined alias, a second document) as they come; then the first
    alias; then the first refused tag, key or duplicate key in file order. So after the first of
    the last two the events are still read to the end, only looking for the ones before it.
    """
    # One loop over millions of events: the cases most frequent first, the rare ones in helpers.
    anchors: set[str] = set()
    top: list[Node] = []  # receives the document's root
    items: list | dict = top  # the collection being filled
    key_lines: dict[str, int] | None = None  # its key lines if it is a mapping
    key = None  # in a mapping: the key waiting for its value, None if a key comes next
    key_line = 0
    stack: list[tuple] = []  # the enclosing collections' (items, key_lines)
    documents = 0
    problem = None  # the first refused tag or key
    alias_line = None  # the first alias
    events = iter(parser.get_event, None)
    for event in events:
        kind = event.__class__
        if kind is ScalarEvent:
            if event.anchor is not None:
                _anchor(event, anchors)
            value = event.value
            tag = _scalar_tag(event) if event.tag is not None or value in _IMPLICIT else None
            line = event.start_mark.line + 1
            if key is None and key_lines is not None:  # a key
                if tag is not None and tag != _NULL:
                    problem = _key_problem(name, line)
                    break
                if value in items:
                    problem = _duplicate_problem(name, line, value, key_lines[value])
                    break
                key, key_line = value, line
                continue
            if tag is not None:
                if tag != _NULL:
                    problem = _tag_problem(name, line, tag, " and write plain text")
                    break
                value = None
            if key_lines is None:
                items.append(Node(value, line))
            else:
                items[key] = Node(value, line)
                key_lines[key] = key_line
                key = None
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            items, key_lines = stack.pop()
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                _anchor(event, anchors)
            line = event.start_mark.line + 1
            if key is None and key_lines is not None:
                problem = _key_problem(name, line)
                break
            tag = event.tag
            if tag is not None and tag != "!" and tag != (_MAP if kind is MappingStartEvent else _SEQ):
                problem = _tag_problem(name, line, tag)
                break
            if kind is MappingStartEvent:
                inner: list | dict = {}
                inner_lines: dict[str, int] | None = {}
                node = Node(inner, line, inner_lines)
            else:
                inner, inner_lines = [], None
                node = Node(inner, line)
            if key_lines is None:
                items.append(node)
            else:
                items[key] = node
                key_lines[key] = key_line
                key = None
            stack.append((items, key_lines))
            items, key_lines = inner, inner_lines
        elif kind is AliasEvent:
            alias_line = _alias(event, anchors)
            break
        elif kind is DocumentStartEvent:
            documents = _document(event, documents)
    if problem is not None or alias_line is not None:
        later = _first_alias(events, anchors, documents)
        if alias_line or later:
            raise VngregError("anchors and aliases (& and *) are not supported",
                              Location(name, alias_line or later), "write the value out in full")
        raise problem
    return top[0] if top else Node(None, 1)


def _scalar_tag(event: ScalarEvent) -> str | None:
    """What the resolver makes of a scalar's tag: None for text, _NULL, or a tag we refuse."""
    tag = event.tag
    if tag is None or tag == "!":  # none or the non-specific one: guessed from a plain value
        return _IMPLICIT.get(event.value) if event.implicit[0] else None
    if tag in _PLAIN_TAGS:
        return _NULL if tag == _NULL else None
    return tag


def _tag_problem(name: str, line: int, tag: str, more: str = "") -> VngregError:
    return VngregError(f"the YAML tag {tag!r} is not allowed", Location(name, line),
                       f"remove the tag (the part starting with !){more}")


def _key_problem(name: str, line: int) -> VngregError:
    return VngregError("a key must be plain text", Location(name, line),
                       "write the key as a plain word followed by a colon")


def _duplicate_problem(name: str, line: int, key: str, first: int) -> VngregError:
    return VngregError(f"the key {key!r} appears twice (first on line {first})", Location(name, line),
                       "remove or rename one of them")


def _anchor(event, anchors: set[str]) -> None:
    if event.anchor in anchors:
        raise ComposerError("found duplicate anchor; first occurrence", None, "second occurrence",
                            event.start_mark)
    anchors.add(event.anchor)


def _alias(event: AliasEvent, anchors: set[str]) -> int:
    if event.anchor not in anchors:
        raise ComposerError(None, None, _UNDEFINED_ALIAS.format(event.anchor), event.start_mark)
    return event.start_mark.line + 1


def _document(event: DocumentStartEvent, documents: int) -> int:
    if documents:
        raise ComposerError("expected a single document in the stream", None,
                            "but found another document", event.start_mark)
    return 1


def _first_alias(events, anchors: set[str], documents: int) -> int | None:
    """Read the rest of the events for YAML errors only; the line of the first alias if any."""
    first = None
    for event in events:
        kind = event.__class__
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                _anchor(event, anchors)
        elif kind is AliasEvent:
            line = _alias(event, anchors)
            first = first or line
        elif kind is DocumentStartEvent:
            documents = _document(event, documents)
    return first
