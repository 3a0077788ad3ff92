"""Step 1a, reading: parse a YAML source file into plain values that remember their line.

Only the plain data subset of YAML is accepted: no tags that construct objects, no anchors or
aliases (so no alias bombs), no duplicate keys; only from a regular file of bounded size. Scalars
stay strings; `load` gives them types.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent)

from vngreg.errors import Location, VngregError, VngregErrors, say, shown

try:  # libyaml's parser is ~10x faster and gives the same events and marks
    _Parser = yaml.CSafeLoader
    _UNDEFINED_ALIAS = "found undefined alias"  # as each one's composer words it
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader
    _UNDEFINED_ALIAS = "found undefined alias {!r}"

MAX_BYTES = 64 * 1024 * 1024
# What YAML allows in a file (its c-printable): anything else stops the parser at the first one.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

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


def read_source(path: Path) -> bytes:
    """The bytes of a source file, which must be a regular file of at most MAX_BYTES. Opened
    without waiting (a FIFO), checked on the open file (not the name), and read no further than
    the limit whatever stat() says (a link to /dev/zero, a file that grows)."""
    where = Location(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _unreadable(where, exc) from None
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            what = (say("een map", "a folder") if stat.S_ISDIR(kind) else
                    say("een pipe (FIFO)", "a pipe (FIFO)") if stat.S_ISFIFO(kind) else
                    say("een apparaat of socket", "a device or socket"))
            raise VngregError(say(f"dit is geen gewoon bestand maar {what['nl']}",
                                  f"this is not a regular file but {what['en']}"), where,
                              say("zet hier het YAML-bestand zelf neer", "put the YAML file itself here"))
        chunks, size = [], 0
        while size <= MAX_BYTES and (chunk := os.read(fd, min(1 << 24, MAX_BYTES + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _unreadable(where, exc) from None
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        limit = f"{MAX_BYTES:,}"
        raise VngregError(say(f"het bestand is groter dan {limit.replace(',', '.')} bytes, de grens voor "
                              "een bronbestand", f"the file is larger than {limit} bytes, the limit for a "
                                                 "source file"),
                          where, say("verdeel het register over meer bestanden",
                                     "split the register over several files"))
    return b"".join(chunks)


def _unreadable(where: Location, exc: OSError) -> VngregError:
    return VngregError(say(f"het bestand is niet te lezen: {exc.strerror}",
                           f"cannot read the file: {exc.strerror}"), where,
                       say("kijk na of het bestand bestaat en leesbaar is",
                           "check that the file exists and is readable"))


def read_yaml(path: Path) -> Node:
    """Parse one YAML file; raise VngregErrors with file and line of everything in it that we do
    not accept (all of it that can be told before a syntax error stops the parser)."""
    name = str(path)
    data = read_source(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VngregError(say("het bestand is geen UTF-8-tekst", "the file is not UTF-8 text"),
                          Location(name, data.count(b"\n", 0, exc.start) + 1),
                          say("sla het bestand op als UTF-8", "save the file as UTF-8")) from None
    del data
    problems: list[VngregError] = []
    # The tree is millions of objects that all live on: the cyclic collector would walk it again
    # and again while it grows (a third of the time on a large register) and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = _Parser(text)
        root = _read_events(parser, name, problems)
    except yaml.YAMLError as exc:
        found = _characters(text, name) if isinstance(exc, yaml.reader.ReaderError) else []
        problems.extend(found or [_yaml_problem(name, exc)])
    finally:
        if collecting:
            gc.enable()
    if problems:
        raise VngregErrors(sorted(problems, key=lambda p: p.location.line or 0))
    return root


def _yaml_problem(name: str, exc: yaml.YAMLError) -> VngregError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    return VngregError(say(f"ongeldige YAML: {problem}", f"invalid YAML: {problem}"),
                       Location(name, mark.line + 1 if mark else None),
                       say("kijk inspringing, dubbele punten en aanhalingstekens na op deze regel of de "
                           "regel ervoor", "check indentation, colons and quotes on this line or the one before"))


def _characters(text: str, name: str) -> list[VngregError]:
    """The characters YAML does not allow in a file, the first of each line."""
    found, line, at, last = [], 1, 0, 0
    for match in _NOT_YAML.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        if line != last:
            last = line
            code = f"U+{ord(match.group()):04X}"
            found.append(VngregError(
                say(f"het bestand bevat het teken {code}, dat YAML niet toestaat",
                    f"the file holds the character {code}, which YAML does not allow"), Location(name, line),
                say("haal het weg (het komt vaak mee bij kopiëren en plakken)",
                    "remove it (it often comes in by copy and paste)")))
    return found


def _read_events(parser, name: str, problems: list[VngregError]) -> Node:
    """Build the Node tree from the parser's events: no node graph, no tag guessing per scalar.

    A refused tag or a duplicate key is noted in `problems` and reading goes on (the tag is
    ignored, the later value kept); at a key that is not plain text or an alias the tree is given
    up and the rest only read for YAML errors.
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
                    problems.append(_key_problem(name, line))
                elif value in items:
                    problems.append(_duplicate_problem(name, line, value, key_lines[value]))
                key, key_line = value, line
                continue
            if tag is not None:
                if tag != _NULL:
                    problems.append(_tag_problem(name, line, tag, True))
                else:
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
                problems.append(_key_problem(name, line))
                break
            tag = event.tag
            if tag is not None and tag != "!" and tag != (_MAP if kind is MappingStartEvent else _SEQ):
                problems.append(_tag_problem(name, line, tag))
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
            problems.append(VngregError(
                say("ankers en verwijzingen (& en *) worden niet ondersteund",
                    "anchors and aliases (& and *) are not supported"),
                Location(name, _alias(event, anchors)),
                say("schrijf de waarde voluit", "write the value out in full")))
            break
        elif kind is DocumentStartEvent:
            documents = _document(event, documents)
    _rest(events, anchors, documents)
    return top[0] if top else Node(None, 1)


def _scalar_tag(event: ScalarEvent) -> str | None:
    """What the resolver makes of a scalar's tag: None for text, _NULL, or a tag we refuse."""
    tag = event.tag
    if tag is None or tag == "!":  # none or the non-specific one: guessed from a plain value
        return _IMPLICIT.get(event.value) if event.implicit[0] else None
    if tag in _PLAIN_TAGS:
        return _NULL if tag == _NULL else None
    return tag


def _tag_problem(name: str, line: int, tag: str, scalar: bool = False) -> VngregError:
    return VngregError(say(f"de YAML-tag {shown(tag)} is niet toegestaan",
                           f"the YAML tag {shown(tag)} is not allowed"), Location(name, line),
                       say("haal de tag weg (het deel dat met ! begint)" + " en schrijf gewone tekst" * scalar,
                           "remove the tag (the part starting with !)" + " and write plain text" * scalar))


def _key_problem(name: str, line: int) -> VngregError:
    return VngregError(say("een sleutel moet gewone tekst zijn", "a key must be plain text"),
                       Location(name, line), say("schrijf de sleutel als een gewoon woord met een dubbele "
                                                 "punt erachter", "write the key as a plain word followed by a colon"))


def _duplicate_problem(name: str, line: int, key: str, first: int) -> VngregError:
    return VngregError(say(f"de sleutel {shown(key)} staat er twee keer (eerst op regel {first})",
                           f"the key {shown(key)} appears twice (first on line {first})"),
                       Location(name, line), say("haal er een weg of geef er een een andere naam",
                                                 "remove or rename one of them"))


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


def _rest(events, anchors: set[str], documents: int) -> None:
    """Read the events left for YAML errors only (they raise)."""
    for event in events:
        kind = event.__class__
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                _anchor(event, anchors)
        elif kind is AliasEvent:
            _alias(event, anchors)
        elif kind is DocumentStartEvent:
            documents = _document(event, documents)
