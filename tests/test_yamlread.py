"""Reading YAML: the Node tree with its lines, what counts as null, every problem of a file at
once (with its line, also for bytes that are not UTF-8 or characters YAML refuses), and only
regular files, read no further than the limit."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from vngreg.errors import VngregError
from vngreg.source import yamlread
from vngreg.source.yamlread import Node, read_yaml


def _read(tmp_path, text: str) -> Node:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path)


def _refusal(tmp_path, text: str) -> str:
    with pytest.raises(VngregError) as caught:
        _read(tmp_path, text)
    return "\n".join(caught.value.lines("en")).replace(str(tmp_path / "f.yaml"), "f.yaml")


def test_every_value_and_key_has_its_line(tmp_path):
    root = _read(tmp_path, "# comment\nlijst:\n  - id: a\n    naam:\n      nl: A\n  - [x, y]\nleeg: []\n")
    assert root == Node({
        "lijst": Node([
            Node({"id": Node("a", 3), "naam": Node({"nl": Node("A", 5)}, 5, {"nl": 5})}, 3,
                 {"id": 3, "naam": 4}),
            Node([Node("x", 6), Node("y", 6)], 6),
        ], 3),
        "leeg": Node([], 7),
    }, 2, {"lijst": 2, "leeg": 7})
    assert list(root.value) == ["lijst", "leeg"]


def test_scalars_stay_text_and_only_the_null_words_are_none(tmp_path):
    root = _read(tmp_path, "a: ~\nb: null\nc:\nd: 'null'\ne: 12\nf: yes\ng: 2022-03-25\n"
                           "h: !!str 1\ni: !!null x\nj: ! null\nk: ! \"null\\n\"\nl: ''\n")
    values = {key: node.value for key, node in root.value.items()}
    assert values == {"a": None, "b": None, "c": None, "d": "null", "e": "12", "f": "yes",
                      "g": "2022-03-25", "h": "1", "i": None, "j": None, "k": None, "l": ""}


def test_an_empty_file_is_one_null(tmp_path):
    assert _read(tmp_path, "# nothing yet\n") == Node(None, 1)
    assert _read(tmp_path, "\n\n---\n") == Node(None, 4)


@pytest.mark.parametrize("text, message", [
    ("a: !foo x\n", "f.yaml:1: the YAML tag '!foo' is not allowed (fix: remove the tag (the part "
                    "starting with !) and write plain text)"),
    ("a: !!set {x}\n", "f.yaml:1: the YAML tag 'tag:yaml.org,2002:set' is not allowed (fix: remove "
                       "the tag (the part starting with !))"),
    ("a: <<\n", "f.yaml:1: the YAML tag 'tag:yaml.org,2002:merge' is not allowed (fix: remove the "
                "tag (the part starting with !) and write plain text)"),
    ("x: 1\n<<: {a: b}\n", "f.yaml:2: a key must be plain text (fix: write the key as a plain word "
                           "followed by a colon)"),
    ("? [a, b]\n: c\n", "f.yaml:1: a key must be plain text (fix: write the key as a plain word "
                        "followed by a colon)"),
    ("a: {b: 1,\n     b: 2}\n", "f.yaml:2: the key 'b' appears twice (first on line 1) (fix: remove or "
                                "rename one of them)"),
    ("a: &x 1\nb: *x\n", "f.yaml:2: anchors and aliases (& and *) are not supported (fix: write the "
                         "value out in full)"),
    ("a: *x\n", "f.yaml:1: invalid YAML: found undefined alias (fix: check indentation, colons and "
                "quotes on this line or the one before)"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2: invalid YAML: but found another document (fix: check "
                          "indentation, colons and quotes on this line or the one before)"),
])
def test_what_is_refused_and_how(tmp_path, text, message):
    assert _refusal(tmp_path, text) == message


def test_every_problem_of_a_file_is_reported_in_line_order(tmp_path):
    text = "a: !foo x\nb: 1\nb: 2\nc: *nowhere\nd: [\n"
    assert _refusal(tmp_path, text).splitlines() == [
        "f.yaml:1: the YAML tag '!foo' is not allowed (fix: remove the tag (the part starting with !) "
        "and write plain text)",
        "f.yaml:3: the key 'b' appears twice (first on line 2) (fix: remove or rename one of them)",
        "f.yaml:4: invalid YAML: found undefined alias (fix: check indentation, colons and quotes on "
        "this line or the one before)"]
    assert _refusal(tmp_path, text.replace("c: *nowhere\n", "")).splitlines()[2].startswith(
        "f.yaml:5: invalid YAML: did not find expected node content")  # at the end of the file


def test_reading_stops_at_an_alias_but_looks_on_for_yaml_errors(tmp_path):
    text = "a: !foo x\nb: 1\nb: 2\nc: &x 1\nd: *x\ne: *x\nf: !bar y\n"
    assert [line.split(" (fix")[0] for line in _refusal(tmp_path, text).splitlines()] == [
        "f.yaml:1: the YAML tag '!foo' is not allowed", "f.yaml:3: the key 'b' appears twice (first on line 2)",
        "f.yaml:5: anchors and aliases (& and *) are not supported"]
    assert _refusal(tmp_path, text + "g: *y\n").splitlines()[-1].startswith(
        "f.yaml:8: invalid YAML: found undefined alias")


def test_encoding_errors_and_refused_characters_are_given_by_line(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes("a: é\nb: ok\nc: \xff\n".encode("latin-1"))
    with pytest.raises(VngregError) as caught:
        read_yaml(path)
    assert caught.value.format("en") == f"{path}:1: the file is not UTF-8 text (fix: save the file as UTF-8)"
    text = "a: é\nb: x\x00y\x00\n# \x1b[31m\nc: ok\nd: \x7f\n"
    assert _refusal(tmp_path, text).splitlines() == [
        f"f.yaml:{line}: the file holds the character {code}, which YAML does not allow (fix: remove it "
        "(it often comes in by copy and paste))" for line, code in ((2, "U+0000"), (3, "U+001B"), (5, "U+007F"))]


def test_a_folder_a_fifo_a_device_and_an_unreadable_file_are_one_line_each(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "fifo.yaml")  # nobody writes: reading it would wait for ever
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # endless: reading it would fill the memory
    (tmp_path / "memory.yaml").symlink_to("/proc/self/mem")  # a regular file whose reading fails
    expected = {"folder": "this is not a regular file but a folder",
                "fifo": "this is not a regular file but a pipe (FIFO)",
                "zero": "this is not a regular file but a device or socket",
                "missing": "cannot read the file: No such file or directory",
                "memory": "cannot read the file: Input/output error"}
    for name, what in expected.items():
        with pytest.raises(VngregError) as caught:
            read_yaml(tmp_path / f"{name}.yaml")
        assert caught.value.format("en").split(" (fix:")[0] == f"{tmp_path / name}.yaml: {what}"


def test_a_file_that_grows_past_what_stat_says_is_cut_at_the_limit(tmp_path, monkeypatch):
    assert yamlread.read_source(Path("/proc/self/status")).startswith(b"Name:")  # stat() says 0 bytes
    monkeypatch.setattr(yamlread, "MAX_BYTES", 1000)
    path = tmp_path / "f.yaml"
    path.write_text("a: " + "x" * 1000 + "\n")
    with pytest.raises(VngregError) as caught:
        read_yaml(path)
    assert caught.value.format("en") == (f"{path}: the file is larger than 1,000 bytes, the limit for a "
                                         "source file (fix: split the register over several files)")


def test_nesting_deeper_than_pythons_recursion_limit_is_read(tmp_path):
    depth = 990
    node = _read(tmp_path, "a: " + "[" * depth + "x" + "]" * depth + "\n").value["a"]
    for _ in range(depth):
        (node,) = node.value
    assert node == Node("x", 1)


@pytest.mark.parametrize("text", ["a: 1\n", "a: !foo 1\n", "a: [\n"])
def test_the_garbage_collector_is_left_as_it_was(tmp_path, text):
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            _read(tmp_path, text)
        except VngregError:
            pass
        finally:
            assert gc.isenabled() is enabled
            gc.enable()
